/* journal verify | export FILE|- | backup DEST */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

static int verify_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    (void)a;
    (void)ctx;
    return pos_app_journal_verify(app, res, why);
}

static int export_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    FILE *out = strcmp(a->rest[1], "-") == 0 ? stdout : fopen(a->rest[1], "w");
    int rc;

    (void)ctx;
    res->action = "journal export";
    if (out == NULL)
        return ps_fail(why, POS_APP_REFUSED, "%s: %s", a->rest[1], strerror(errno));
    rc = pos_app_journal_export(app, out, why);
    if (out != stdout && fclose(out) != 0 && rc == 0)
        rc = ps_fail(why, PS_EIO, "%s: %s", a->rest[1], strerror(errno));
    snprintf(res->message, sizeof(res->message), "journal exported to %s", a->rest[1]);
    return rc;
}

static int backup_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    (void)ctx;
    return pos_app_journal_backup(app, a->rest[1], res, why);
}

/* export - writes the records themselves on standard output (no JSON after them). */
static int export_stdout(struct cli_args *a)
{
    struct pos_app *app = NULL;
    struct ps_reason why;
    int rc;

    ps_reason_clear(&why);
    rc = cli_open_as(a, POS_ACTION_JOURNAL_EXPORT, &app, &why);
    if (rc == 0)
        rc = pos_app_journal_export(app, stdout, &why);
    pos_app_close(app);
    if (rc == CLI_TOLD)
        return CLI_USAGE;
    if (rc != 0 && why.text[0] != '\0')
        return cli_error(cli_status_of(rc), "journal export: %s", why.text);
    return cli_status_of(rc);
}

int cmd_journal(struct cli_args *a)
{
    const char *verb = a->nrest > 0 ? a->rest[0] : "";

    if (strcmp(verb, "verify") == 0 && a->nrest == 1)
        return cli_run(a, "journal verify", 0, 0, verify_flow, NULL);
    if (strcmp(verb, "export") == 0 && a->nrest == 2)
        return strcmp(a->rest[1], "-") == 0
                   ? export_stdout(a)
                   : cli_run(a, "journal export", 1, POS_ACTION_JOURNAL_EXPORT, export_flow, NULL);
    if (strcmp(verb, "backup") == 0 && a->nrest == 2)
        return cli_run(a, "journal backup", 1, POS_ACTION_JOURNAL_EXPORT, backup_flow, NULL);
    return cli_error(CLI_USAGE, "journal: verify | export FILE|- | backup DEST");
}
