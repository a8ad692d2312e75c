/* The card transactions besides a sale: void, refund, balance, preauth, complete. */
#include <stdlib.h>
#include <string.h>

#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

struct card_args {
    struct pos_card card;
    int have_card;
    int64_t amount;
    unsigned long receipt;
};

static int receipt_of(const struct cli_args *a, unsigned long *out)
{
    *out = 0;
    return a->receipt != NULL ? cli_number("receipt", a->receipt, 999999, out) : CLI_OK;
}

/* The card options, --amount and --receipt, read before the terminal is opened. */
static int read_args(const struct cli_args *a, struct card_args *c, int need_card, int need_amount)
{
    int rc;

    memset(c, 0, sizeof(*c));
    if ((rc = cli_card(a, &c->card, &c->have_card)) != CLI_OK ||
        (rc = receipt_of(a, &c->receipt)) != CLI_OK)
        return rc;
    if (a->amount != NULL && (rc = cli_money("amount", a->amount, &c->amount)) != CLI_OK)
        return rc;
    if (need_card && !c->have_card)
        return cli_error(CLI_USAGE, "the card is needed: --card-reader DEV, --swipe TEXT, "
                                    "--card-file F, or --pan P [--expiry YYMM] [--pin PIN]");
    if (need_amount && a->amount == NULL)
        return cli_error(CLI_USAGE, "--amount is needed");
    return CLI_OK;
}

static int finish_card(int rc, struct card_args *c)
{
    pos_card_wipe(&c->card);
    return rc;
}

/* ---- void --------------------------------------------------------------------------- */

static int void_flow(struct pos_app *app, struct cli_args *a, void *ctx, struct pos_app_result *res,
                     struct ps_reason *why)
{
    struct card_args *c = ctx;
    (void)a;
    return pos_app_void(app, (uint32_t)c->receipt, res, why);
}

int cmd_void(struct cli_args *a)
{
    struct card_args c;
    int rc = read_args(a, &c, 0, 0);

    if (rc == CLI_OK && c.receipt == 0)
        rc = cli_error(CLI_USAGE, "void: --receipt N (the sale's receipt number)");
    if (rc == CLI_OK)
        rc = cli_run(a, "void", 1, POS_ACTION_VOID, void_flow, &c);
    return finish_card(rc, &c);
}

/* ---- refund --------------------------------------------------------------------------- */

static int refund_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    struct card_args *c = ctx;
    struct pos_refund_input in = {.rrn = a->rrn,
                                  .orig_date = a->date,
                                  .amount = c->amount,
                                  .card = c->have_card ? &c->card : NULL};
    return pos_app_refund(app, &in, res, why);
}

int cmd_refund(struct cli_args *a)
{
    struct card_args c;
    int rc = read_args(a, &c, 0, 1);

    if (rc == CLI_OK && (a->rrn == NULL || a->date == NULL))
        rc = cli_error(CLI_USAGE, "refund: --rrn RRN and --date MMDD of the purchase");
    if (rc == CLI_OK)
        rc = cli_run(a, "refund", 1, POS_ACTION_REFUND, refund_flow, &c);
    return finish_card(rc, &c);
}

/* ---- balance, preauth, complete ------------------------------------------------------- */

static int balance_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                        struct pos_app_result *res, struct ps_reason *why)
{
    struct card_args *c = ctx;
    (void)a;
    return pos_app_balance(app, &c->card, res, why);
}

int cmd_balance(struct cli_args *a)
{
    struct card_args c;
    int rc = read_args(a, &c, 1, 0);

    if (rc == CLI_OK)
        rc = cli_run(a, "balance", 1, 0, balance_flow, &c);
    return finish_card(rc, &c);
}

static int preauth_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                        struct pos_app_result *res, struct ps_reason *why)
{
    struct card_args *c = ctx;
    (void)a;
    return pos_app_preauth(app, &c->card, c->amount, res, why);
}

int cmd_preauth(struct cli_args *a)
{
    struct card_args c;
    int rc = read_args(a, &c, 1, 1);

    if (rc == CLI_OK)
        rc = cli_run(a, "preauth", 1, 0, preauth_flow, &c);
    return finish_card(rc, &c);
}

static int complete_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                         struct pos_app_result *res, struct ps_reason *why)
{
    struct card_args *c = ctx;
    struct pos_completion_input in = {.preauth_receipt = (uint32_t)c->receipt,
                                      .auth_code = a->auth,
                                      .orig_date = a->date,
                                      .amount = c->amount,
                                      .card = c->have_card ? &c->card : NULL};
    return pos_app_complete(app, &in, res, why);
}

int cmd_complete(struct cli_args *a)
{
    struct card_args c;
    int rc = read_args(a, &c, 0, 0);

    if (rc == CLI_OK && c.receipt == 0 && (a->auth == NULL || a->date == NULL || !c.have_card))
        rc = cli_error(CLI_USAGE, "complete: --receipt N of the pre-authorization, or --auth "
                                  "CODE --date MMDD with the card");
    if (rc == CLI_OK)
        rc = cli_run(a, "complete", 1, 0, complete_flow, &c);
    return finish_card(rc, &c);
}
