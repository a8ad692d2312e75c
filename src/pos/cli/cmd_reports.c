/* End of day and looking back: settle, forward, xreport, reprint, list, show. */
#include <stdio.h>
#include <string.h>

#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

static int settle_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    (void)a;
    (void)ctx;
    return pos_app_settle(app, res, why);
}

int cmd_settle(struct cli_args *a)
{
    return cli_run(a, "settle", 1, POS_ACTION_SETTLEMENT, settle_flow, NULL);
}

static int forward_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                        struct pos_app_result *res, struct ps_reason *why)
{
    (void)a;
    (void)ctx;
    return pos_app_forward(app, res, why);
}

/* Needs no operator: a timer may run it. */
int cmd_forward(struct cli_args *a)
{
    return cli_run(a, "forward", 0, 0, forward_flow, NULL);
}

static int xreport_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                        struct pos_app_result *res, struct ps_reason *why)
{
    (void)a;
    (void)ctx;
    return pos_app_xreport(app, res, why);
}

int cmd_xreport(struct cli_args *a)
{
    return cli_run(a, "xreport", 1, 0, xreport_flow, NULL);
}

static int reprint_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                        struct pos_app_result *res, struct ps_reason *why)
{
    unsigned long *receipt = ctx;
    (void)a;
    return pos_app_reprint(app, (uint32_t)*receipt, res, why);
}

int cmd_reprint(struct cli_args *a)
{
    unsigned long receipt = 0;
    int rc = a->receipt != NULL ? cli_number("receipt", a->receipt, 999999, &receipt) : CLI_OK;
    return rc != CLI_OK ? rc : cli_run(a, "reprint", 1, 0, reprint_flow, &receipt);
}

static int show_flow(struct pos_app *app, struct cli_args *a, void *ctx, struct pos_app_result *res,
                     struct ps_reason *why)
{
    unsigned long *receipt = ctx;
    (void)a;
    return pos_app_show(app, (uint32_t)*receipt, res, why);
}

int cmd_show(struct cli_args *a)
{
    unsigned long receipt = 0;

    if (a->receipt == NULL)
        return cli_error(CLI_USAGE, "show: --receipt N");
    if (cli_number("receipt", a->receipt, 999999, &receipt) != CLI_OK)
        return CLI_USAGE;
    return cli_run(a, "show", 1, 0, show_flow, &receipt);
}

static int list_flow(struct pos_app *app, struct cli_args *a, void *ctx, struct pos_app_result *res,
                     struct ps_reason *why)
{
    struct pos_journal_filter *f = ctx;
    (void)a;
    return pos_app_list(app, f, res, why);
}

int cmd_list(struct cli_args *a)
{
    struct pos_journal_filter f;

    pos_journal_filter_init(&f);
    if (a->kind != NULL) {
        for (int k = 1; k <= POS_JOURNAL_KIND_COUNT && f.kind == 0; k++) {
            if (strcmp(a->kind, pos_journal_kind_name((enum pos_journal_kind)k)) == 0)
                f.kind = (enum pos_journal_kind)k;
        }
        if (f.kind == 0)
            return cli_error(CLI_USAGE,
                             "list: --kind '%s' is not a journal kind (sale, "
                             "cash_sale, void, refund, settlement, ...)",
                             a->kind);
    }
    return cli_run(a, "list", 1, 0, list_flow, &f);
}
