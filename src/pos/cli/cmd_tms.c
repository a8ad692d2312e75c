/* The terminal management commands: heartbeat. */
#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

static int heartbeat_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                          struct pos_app_result *res, struct ps_reason *why)
{
    (void)a;
    (void)ctx;
    return pos_app_heartbeat(app, res, why);
}

int cmd_heartbeat(struct cli_args *a)
{
    return cli_run(a, "heartbeat", 0, 0, heartbeat_flow, NULL);
}
