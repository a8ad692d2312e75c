/* sale --ean CODE [--qty N] [--line-discount D] ... [--discount D]
 *      --tender cash:AMOUNT | card[:AMOUNT] | qr:CODE[:AMOUNT] ... [card options]
 *
 * The lines and tenders are read in the order given; a --qty or --line-discount goes
 * with the --ean before it. D is a percent ("10%") or an amount in yuan ("5.00"). */
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

struct sale_input {
    struct pos_cart cart;
    struct pos_tender_input tenders[POS_TENDERS_MAX];
    size_t ntenders;
    struct pos_card card;
    int have_card;
    char qr[POS_TENDERS_MAX][32]; /* the payment codes, cut from their --tender */
};

static int discount_of(const char *opt, const char *text, struct pos_discount *d)
{
    size_t n = strlen(text);
    struct ps_reason why;
    int64_t v = 0;
    int percent = n > 0 && text[n - 1] == '%';

    memset(d, 0, sizeof(*d));
    if (ps_money_parse(text, percent ? n - 1 : n, &v, &why) != 0 || v <= 0)
        return cli_error(CLI_USAGE, "--%s: '%s' is not a percent (10%%) or an amount (5.00)", opt,
                         text);
    d->kind = percent ? POS_DISCOUNT_PERCENT : POS_DISCOUNT_AMOUNT;
    d->value = v; /* a percent with two decimals is basis points */
    return CLI_OK;
}

static int tender_of(const char *text, struct sale_input *in)
{
    struct pos_tender_input *t = &in->tenders[in->ntenders];
    const char *colon = strchr(text, ':');
    size_t head = colon != NULL ? (size_t)(colon - text) : strlen(text);
    const char *amount = colon != NULL ? colon + 1 : NULL;

    if (in->ntenders == POS_TENDERS_MAX)
        return cli_error(CLI_USAGE, "sale: at most %d tenders", POS_TENDERS_MAX);
    memset(t, 0, sizeof(*t));
    if (head == 2 && strncmp(text, "qr", 2) == 0 && amount != NULL) {
        const char *end = strchr(amount, ':'); /* qr:CODE[:AMOUNT] */
        size_t len = end != NULL ? (size_t)(end - amount) : strlen(amount);
        if (len >= sizeof(in->qr[0]))
            return cli_error(CLI_USAGE, "--tender: the QR payment code is too long");
        memcpy(in->qr[in->ntenders], amount, len);
        in->qr[in->ntenders][len] = '\0';
        t->kind = POS_TENDER_QR;
        t->qr_code = in->qr[in->ntenders];
        amount = end != NULL ? end + 1 : NULL;
    } else if (head == 4 && strncmp(text, "cash", 4) == 0 && amount != NULL) {
        t->kind = POS_TENDER_CASH;
    } else if (head == 4 && strncmp(text, "card", 4) == 0) {
        t->kind = POS_TENDER_CARD;
        t->card = &in->card;
    } else {
        return cli_error(CLI_USAGE,
                         "--tender: '%s' is not cash:AMOUNT, card[:AMOUNT] or "
                         "qr:CODE[:AMOUNT]",
                         text);
    }
    in->ntenders++;
    return amount != NULL ? cli_money("tender", amount, &t->amount) : CLI_OK;
}

/* The tenders, and that every value of the lines is well-formed, before opening. */
static int check_syntax(struct cli_args *a, struct sale_input *in)
{
    struct pos_discount d;
    unsigned long qty;
    int rc = CLI_OK, lines = 0;

    for (size_t i = 0; rc == CLI_OK && i < a->nseq; i++) {
        const struct cli_seq *s = &a->seq[i];
        if (s->opt == CLI_OPT_EAN)
            lines++;
        else if (s->opt == CLI_OPT_QTY && lines == 0)
            rc = cli_error(CLI_USAGE, "sale: --qty goes after the --ean it counts");
        else if (s->opt == CLI_OPT_QTY)
            rc = cli_number("qty", s->value, POS_CART_QUANTITY_MAX, &qty);
        else if (s->opt == CLI_OPT_LINE_DISCOUNT)
            rc = lines == 0 ? cli_error(CLI_USAGE, "sale: --line-discount goes after its --ean")
                            : discount_of("line-discount", s->value, &d);
        else if (s->opt == CLI_OPT_TENDER)
            rc = tender_of(s->value, in);
    }
    if (rc == CLI_OK && a->discount != NULL)
        rc = discount_of("discount", a->discount, &d);
    if (rc == CLI_OK && lines == 0)
        rc = cli_error(CLI_USAGE, "sale: scan something: --ean CODE");
    if (rc == CLI_OK && in->ntenders == 0)
        rc = cli_error(CLI_USAGE, "sale: say how it is paid: --tender");
    return rc;
}

/* The cart, line by line as given, then the order's discount. */
static int fill_cart(struct pos_app *app, struct cli_args *a, struct pos_cart *cart,
                     struct ps_reason *why)
{
    const char *code = NULL;
    unsigned long qty = 1;
    struct pos_discount d;
    size_t line = 0;
    int rc = PS_OK;

    pos_cart_init(cart);
    for (size_t i = 0; rc == 0 && i <= a->nseq; i++) {
        const struct cli_seq *s = i < a->nseq ? &a->seq[i] : NULL;
        if (s != NULL && s->opt == CLI_OPT_QTY) {
            cli_number("qty", s->value, POS_CART_QUANTITY_MAX, &qty); /* checked before */
            continue;
        }
        if (s != NULL && s->opt == CLI_OPT_TENDER)
            continue;
        if (code != NULL) /* a line ends at the next --ean, discount, or the end */
            rc = pos_app_cart_scan(app, cart, code, (int64_t)qty, &line, why);
        code = NULL;
        if (rc == 0 && s != NULL && s->opt == CLI_OPT_EAN) {
            code = s->value;
            qty = 1;
        } else if (rc == 0 && s != NULL && s->opt == CLI_OPT_LINE_DISCOUNT) {
            discount_of("line-discount", s->value, &d);
            rc = pos_app_cart_discount(app, cart, (long)line, &d, why);
        }
    }
    if (rc == 0 && a->discount != NULL) {
        discount_of("discount", a->discount, &d);
        rc = pos_app_cart_discount(app, cart, -1, &d, why);
    }
    return rc;
}

static int sale_flow(struct pos_app *app, struct cli_args *a, void *ctx, struct pos_app_result *res,
                     struct ps_reason *why)
{
    struct sale_input *in = ctx;
    int rc = fill_cart(app, a, &in->cart, why);

    res->action = "sale";
    if (rc != 0)
        return rc;
    return pos_app_sale(app, &in->cart, in->tenders, in->ntenders, res, why);
}

int cmd_sale(struct cli_args *a)
{
    struct sale_input *in = calloc(1, sizeof(*in));
    int rc;

    if (in == NULL)
        return cli_error(CLI_FAILURE, "sale: out of memory");
    rc = check_syntax(a, in);
    if (rc == CLI_OK)
        rc = cli_card(a, &in->card, &in->have_card);
    for (size_t i = 0; rc == CLI_OK && i < in->ntenders; i++) {
        if (in->tenders[i].kind == POS_TENDER_CARD && !in->have_card)
            rc = cli_error(CLI_USAGE, "sale: a card tender needs the card: --card-reader DEV, "
                                      "--swipe TEXT, --card-file F, or --pan P [--expiry YYMM]");
    }
    if (rc == CLI_OK)
        rc = cli_run(a, "sale", 1, POS_ACTION_DISCOUNT_ABOVE_LIMIT, sale_flow, in);
    pos_card_wipe(&in->card);
    free(in);
    return rc;
}
