/* Whether a sale, void or refund receipt adds up (validate.h). */
#include "pos/receipt/validate.h"

#include <stdio.h>

#include "pos/receipt/internal.h"
#include "pos/receipt/utf8.h"

#define WHAT_MAX 64

static int check_item_amount(const struct rcpt_item *it, size_t n, struct ps_reason *why)
{
    int64_t down, up;
    if (ps_money_mul_ratio(it->unit_price, it->quantity, RCPT_QTY_SCALE, PS_ROUND_DOWN, &down) <
            0 ||
        ps_money_mul_ratio(it->unit_price, it->quantity, RCPT_QTY_SCALE, PS_ROUND_UP, &up) < 0)
        return ps_fail(why, PS_EOVERFLOW, "item %zu: quantity x unit price overflows", n);
    if (it->amount == down || it->amount == up)
        return PS_OK;
    char amount[RCPT__NUM_MAX], qty[RCPT__NUM_MAX], price[RCPT__NUM_MAX], want[RCPT__NUM_MAX];
    return ps_fail(why, PS_EINVAL, "item %zu: amount %s is not quantity %s x unit price %s = %s", n,
                   rcpt__money(it->amount, 0, amount), rcpt__quantity(it->quantity, qty),
                   rcpt__money(it->unit_price, 0, price), rcpt__money(down, 0, want));
}

/* Item n (1-based) on its own. */
static int check_item(const struct rcpt_item *it, size_t n, struct ps_reason *why)
{
    char what[WHAT_MAX];
    if (!rcpt__given(it->name))
        return ps_fail(why, PS_EFORMAT, "item %zu: name is missing", n);
    snprintf(what, sizeof(what), "item %zu: name", n);
    int rc = rcpt_text_check(what, it->name, RCPT__NAME_MAX, 0, why);
    snprintf(what, sizeof(what), "item %zu: unit", n);
    if (rc == PS_OK && it->unit != NULL)
        rc = rcpt_text_check(what, it->unit, RCPT__UNIT_MAX, 0, why);
    if (rc < 0)
        return rc;
    char qty[RCPT__NUM_MAX];
    if (it->quantity <= 0)
        return ps_fail(why, PS_EINVAL, "item %zu: quantity %s is not above zero", n,
                       rcpt__quantity(it->quantity, qty));
    snprintf(what, sizeof(what), "item %zu: unit price", n);
    rc = rcpt__check_money(what, it->unit_price, why);
    snprintf(what, sizeof(what), "item %zu: discount", n);
    if (rc == PS_OK)
        rc = rcpt__check_money(what, it->discount, why);
    if (rc == PS_OK)
        rc = check_item_amount(it, n, why);
    if (rc == PS_OK && it->discount > it->amount)
        return ps_fail(why, PS_EINVAL, "item %zu: discount is more than the amount", n);
    return rc;
}

/* Every item, and totals.gross and totals.discount as their sums. */
static int check_items(const struct rcpt_receipt *r, struct ps_reason *why)
{
    if (r->item_count > RCPT_ITEMS_MAX)
        return ps_fail(why, PS_ETOOLONG, "receipt: %zu items, more than %d", r->item_count,
                       RCPT_ITEMS_MAX);
    if (r->item_count == 0)
        return PS_OK;
    if (r->items == NULL)
        return ps_fail(why, PS_EINVAL, "receipt: %zu items but no array", r->item_count);
    int64_t gross = 0, discount = 0;
    for (size_t i = 0; i < r->item_count; i++) {
        int rc = check_item(&r->items[i], i + 1, why);
        if (rc < 0)
            return rc;
        if (ps_money_add(gross, r->items[i].amount, &gross) < 0 ||
            ps_money_add(discount, r->items[i].discount, &discount) < 0)
            return ps_fail(why, PS_EOVERFLOW, "items: the sum overflows");
    }
    char a[RCPT__NUM_MAX], b[RCPT__NUM_MAX];
    if (r->totals.gross != gross)
        return ps_fail(why, PS_EINVAL, "totals: gross %s is not the items' sum %s",
                       rcpt__money(r->totals.gross, 0, a), rcpt__money(gross, 0, b));
    if (r->totals.discount != discount)
        return ps_fail(why, PS_EINVAL, "totals: discount %s is not the items' discounts %s",
                       rcpt__money(r->totals.discount, 0, a), rcpt__money(discount, 0, b));
    return PS_OK;
}

static int check_taxes(const struct rcpt_totals *t, struct ps_reason *why)
{
    if (t->tax_count > RCPT_TAXES_MAX)
        return ps_fail(why, PS_ETOOLONG, "totals: %zu tax rates, more than %d", t->tax_count,
                       RCPT_TAXES_MAX);
    if (t->tax_count > 0 && t->taxes == NULL)
        return ps_fail(why, PS_EINVAL, "totals: %zu tax rates but no array", t->tax_count);
    for (size_t i = 0; i < t->tax_count; i++) {
        char what[WHAT_MAX];
        snprintf(what, sizeof(what), "tax %zu: amount", i + 1);
        int rc = rcpt__check_money(what, t->taxes[i].amount, why);
        if (rc < 0)
            return rc;
        if (t->taxes[i].rate_bp > 10000)
            return ps_fail(why, PS_EINVAL, "tax %zu: rate %u bp is above 100%%", i + 1,
                           (unsigned)t->taxes[i].rate_bp);
        if (t->taxes[i].amount > t->total)
            return ps_fail(why, PS_EINVAL, "tax %zu: amount is more than the total", i + 1);
    }
    return PS_OK;
}

static int check_totals(const struct rcpt_totals *t, struct ps_reason *why)
{
    int rc = rcpt__check_money("totals: gross", t->gross, why);
    if (rc == PS_OK)
        rc = rcpt__check_money("totals: discount", t->discount, why);
    if (rc == PS_OK)
        rc = rcpt__check_money("totals: total", t->total, why);
    if (rc < 0)
        return rc;
    int64_t net;
    if (ps_money_sub(t->gross, t->discount, &net) < 0 || net != t->total) {
        char a[RCPT__NUM_MAX], b[RCPT__NUM_MAX], c[RCPT__NUM_MAX];
        return ps_fail(why, PS_EINVAL, "totals: total %s is not gross %s less discount %s",
                       rcpt__money(t->total, 0, a), rcpt__money(t->gross, 0, b),
                       rcpt__money(t->discount, 0, c));
    }
    return check_taxes(t, why);
}

static int check_original(const struct rcpt_receipt *r, int has_card, struct ps_reason *why)
{
    const struct rcpt_original *o = &r->original;
    if (r->kind == RCPT_SALE) {
        if (o->trace != 0 || rcpt__given(o->rrn))
            return ps_fail(why, PS_EINVAL, "original: a sale goes back to no original");
        return PS_OK;
    }
    if (o->trace > 999999)
        return ps_fail(why, PS_EINVAL, "original: trace number %u has more than 6 digits",
                       (unsigned)o->trace);
    if (r->kind == RCPT_VOID && o->trace == 0)
        return ps_fail(why, PS_EINVAL, "original: a void needs the original trace number");
    if (r->kind == RCPT_REFUND && has_card && !rcpt__given(o->rrn))
        return ps_fail(why, PS_EINVAL, "original: a refund to a card needs the original RRN");
    if (r->kind == RCPT_REFUND && o->trace == 0 && !rcpt__given(o->rrn))
        return ps_fail(why, PS_EINVAL, "original: a refund needs the original trace number");
    if (rcpt__given(o->rrn))
        return rcpt__check_code("original: RRN", o->rrn, 12, 12, 1, why);
    return PS_OK;
}

static int check_kind(const struct rcpt_receipt *r, struct ps_reason *why)
{
    int rc = rcpt__check_lang(r->lang, why);
    if (rc < 0)
        return rc;
    if (r->kind < RCPT_SALE || r->kind > RCPT_REFUND)
        return ps_fail(why, PS_EUNDEFINED, "receipt: kind %d is not sale, void or refund",
                       (int)r->kind);
    return rcpt__check_copy("receipt", r->copy, why);
}

int rcpt_receipt_validate(const struct rcpt_receipt *r, struct ps_reason *why)
{
    int has_card = 0;
    int rc = check_kind(r, why);
    if (rc == PS_OK)
        rc = rcpt__check_header(&r->header, 1, why);
    if (rc == PS_OK)
        rc = check_items(r, why);
    if (rc == PS_OK)
        rc = check_totals(&r->totals, why);
    if (rc == PS_OK)
        rc = rcpt__check_tenders(r, &has_card, why);
    if (rc == PS_OK)
        rc = check_original(r, has_card, why);
    if (rc == PS_OK && r->footer != NULL)
        rc = rcpt_text_check("footer", r->footer, RCPT__FOOTER_MAX, RCPT_TEXT_MULTILINE, why);
    if (rc == PS_OK && r->banner != NULL)
        rc = rcpt_text_check("banner", r->banner, RCPT__FOOTER_MAX, 0, why);
    return rc;
}
