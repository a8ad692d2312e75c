/* A sale, void or refund receipt laid out (layout.h). */
#include "pos/receipt/layout.h"

#include <stdio.h>

#include "pos/receipt/internal.h"
#include "pos/receipt/validate.h"

/* Money going back (a void, a refund) prints negative; a discount, which takes money
 * off, prints with the opposite sign, so every column adds up as printed. */
struct signs {
    int amount;   /* negate amounts */
    int discount; /* negate discounts */
};

static void items_block(struct rcpt__out *o, const struct rcpt_receipt *r, struct signs sg)
{
    if (r->item_count == 0)
        return;
    rcpt__pair(o, 0, rcpt__l(o, RCPT_L_ITEMS), rcpt__l(o, RCPT_L_AMOUNT));
    for (size_t i = 0; i < r->item_count; i++) {
        const struct rcpt_item *it = &r->items[i];
        char qty[RCPT__NUM_MAX], price[RCPT__NUM_MAX], amount[RCPT__NUM_MAX];
        char line[RCPT__NUM_MAX * 2 + RCPT__UNIT_MAX + 8];
        snprintf(line, sizeof(line), "  %s%s x %s", rcpt__quantity(it->quantity, qty),
                 it->unit != NULL ? it->unit : "", rcpt__money(it->unit_price, 0, price));
        rcpt__text(o, 0, RCPT_ALIGN_LEFT, it->name);
        rcpt__pair(o, 0, line, rcpt__money(it->amount, sg.amount, amount));
        if (it->discount != 0)
            rcpt__field(o, 1, RCPT_L_ITEM_DISCOUNT, rcpt__money(it->discount, sg.discount, amount));
    }
    rcpt__rule(o);
}

static void totals_block(struct rcpt__out *o, const struct rcpt_totals *t, struct signs sg)
{
    char amount[RCPT__NUM_MAX], rate[RCPT__NUM_MAX], label[64];
    if (t->discount != 0) {
        rcpt__field(o, 0, RCPT_L_GROSS, rcpt__money(t->gross, sg.amount, amount));
        rcpt__field(o, 0, RCPT_L_DISCOUNT, rcpt__money(t->discount, sg.discount, amount));
    }
    rcpt__pair(o, RCPT_STYLE_BOLD, rcpt__l(o, RCPT_L_TOTAL),
               rcpt__money(t->total, sg.amount, amount));
    for (size_t i = 0; i < t->tax_count; i++) {
        snprintf(label, sizeof(label), "%s %s", rcpt__l(o, RCPT_L_TAX),
                 rcpt__rate(t->taxes[i].rate_bp, rate));
        rcpt__pair(o, 0, label, rcpt__money(t->taxes[i].amount, sg.amount, amount));
    }
    rcpt__rule(o);
}

static void cash_lines(struct rcpt__out *o, const struct rcpt_tender *t, enum rcpt_kind kind,
                       struct signs sg)
{
    char amount[RCPT__NUM_MAX];
    rcpt__field(o, 0, RCPT_L_CASH, rcpt__money(t->amount, sg.amount, amount));
    if (kind != RCPT_SALE)
        return; /* cash paid back: nothing was given, nothing changed */
    rcpt__field(o, 1, RCPT_L_GIVEN, rcpt__money(t->cash.given, 0, amount));
    rcpt__field(o, 1, RCPT_L_CHANGE, rcpt__money(t->cash.change, 0, amount));
}

static void card_lines(struct rcpt__out *o, const struct rcpt_tender *t, struct signs sg)
{
    char amount[RCPT__NUM_MAX];
    rcpt__field(o, 0, RCPT_L_CARD, rcpt__money(t->amount, sg.amount, amount));
    rcpt__card_block(o, &t->card);
}

static void qr_lines(struct rcpt__out *o, const struct rcpt_tender *t, struct signs sg)
{
    static const enum rcpt_label schemes[] = {[RCPT_QR_WECHAT] = RCPT_L_WECHAT,
                                              [RCPT_QR_ALIPAY] = RCPT_L_ALIPAY,
                                              [RCPT_QR_UNIONPAY] = RCPT_L_UNIONPAY_QR};
    char amount[RCPT__NUM_MAX];
    rcpt__field(o, 0, schemes[t->qr.scheme], rcpt__money(t->amount, sg.amount, amount));
    rcpt__field(o, 1, RCPT_L_QR_REFERENCE, t->qr.reference);
    if (rcpt__given(t->qr.code))
        rcpt__field(o, 1, RCPT_L_QR_CODE, t->qr.code);
}

static void tenders_block(struct rcpt__out *o, const struct rcpt_receipt *r, struct signs sg)
{
    for (size_t i = 0; i < r->tender_count; i++) {
        const struct rcpt_tender *t = &r->tenders[i];
        if (t->kind == RCPT_TENDER_CASH)
            cash_lines(o, t, r->kind, sg);
        else if (t->kind == RCPT_TENDER_CARD)
            card_lines(o, t, sg);
        else
            qr_lines(o, t, sg);
    }
    if (r->tender_count > 0)
        rcpt__rule(o);
}

static void original_block(struct rcpt__out *o, const struct rcpt_original *orig)
{
    char trace[RCPT__NUM_MAX];
    if (orig->trace != 0)
        rcpt__field(o, 0, RCPT_L_ORIG_TRACE, rcpt__six(orig->trace, trace));
    if (rcpt__given(orig->rrn))
        rcpt__field(o, 0, RCPT_L_ORIG_RRN, orig->rrn);
}

/* Card holders sign the merchant's copy; room to sign, then the line to sign on. */
static void signature_block(struct rcpt__out *o, const struct rcpt_receipt *r)
{
    int card = 0;
    for (size_t i = 0; i < r->tender_count; i++)
        card |= r->tenders[i].kind == RCPT_TENDER_CARD;
    if (!card || r->copy != RCPT_COPY_MERCHANT)
        return;
    rcpt__signature_block(o);
    if (r->kind == RCPT_SALE)
        rcpt__text(o, 0, RCPT_ALIGN_LEFT, rcpt__l(o, RCPT_L_AGREEMENT));
}

static int opens_drawer(const struct rcpt_receipt *r)
{
    for (size_t i = 0; i < r->tender_count && !r->reprint; i++) {
        if (r->tenders[i].kind == RCPT_TENDER_CASH)
            return 1;
    }
    return 0;
}

static void receipt_body(struct rcpt__out *o, const struct rcpt_receipt *r)
{
    static const enum rcpt_label titles[] = {[RCPT_SALE] = RCPT_L_TITLE_SALE,
                                             [RCPT_VOID] = RCPT_L_TITLE_VOID,
                                             [RCPT_REFUND] = RCPT_L_TITLE_REFUND};
    struct signs sg = {r->kind != RCPT_SALE, r->kind == RCPT_SALE};
    char trace[RCPT__NUM_MAX], when[RCPT__DATETIME_MAX];

    if (rcpt__given(r->banner)) /* the back office's greeting, above everything */
        rcpt__text(o, 0, RCPT_ALIGN_CENTER, r->banner);
    rcpt__copy_title_block(o, &r->header, titles[r->kind], r->copy, r->reprint);
    rcpt__rule(o);
    rcpt__header_block(o, &r->header);
    rcpt__field(o, 0, RCPT_L_TRACE, rcpt__six(r->header.trace, trace));
    rcpt__field(o, 0, RCPT_L_DATETIME, rcpt__datetime(&r->header.when, when));
    original_block(o, &r->original);
    rcpt__rule(o);
    items_block(o, r, sg);
    totals_block(o, &r->totals, sg);
    tenders_block(o, r, sg);
    signature_block(o, r);
    rcpt__footer_block(o, r->footer);
}

int rcpt_layout_receipt(const struct rcpt_receipt *r, size_t width, struct rcpt_doc *doc,
                        struct ps_reason *why)
{
    struct rcpt__out o;
    rcpt_doc_reset(doc, doc->width);
    int rc = rcpt__check_width(width, why);
    if (rc == PS_OK)
        rc = rcpt_receipt_validate(r, why);
    if (rc < 0)
        return rc;
    rcpt__out_start(&o, doc, width, r->lang, why);
    receipt_body(&o, r);
    doc->opens_drawer = opens_drawer(r);
    return rcpt__out_finish(&o);
}
