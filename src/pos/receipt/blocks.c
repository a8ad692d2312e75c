/* The blocks receipts, slips and reports share (internal.h). */
#include <stdio.h>

#include "pos/receipt/internal.h"
#include "pos/receipt/pan.h"

void rcpt__title_block(struct rcpt__out *o, const struct rcpt_header *h, enum rcpt_label title,
                       int reprint)
{
    rcpt__text(o, RCPT_STYLE_BOLD | RCPT_STYLE_DOUBLE, RCPT_ALIGN_CENTER, h->merchant_name);
    rcpt__text(o, RCPT_STYLE_BOLD, RCPT_ALIGN_CENTER, rcpt__l(o, title));
    if (reprint)
        rcpt__text(o, RCPT_STYLE_BOLD, RCPT_ALIGN_CENTER, rcpt__l(o, RCPT_L_REPRINT));
}

void rcpt__field(struct rcpt__out *o, int indent, enum rcpt_label label, const char *value)
{
    char left[128];
    snprintf(left, sizeof(left), "%s%s", indent ? "  " : "", rcpt__l(o, label));
    rcpt__pair(o, 0, left, value);
}

void rcpt__header_block(struct rcpt__out *o, const struct rcpt_header *h)
{
    char batch[RCPT__NUM_MAX];
    rcpt__field(o, 0, RCPT_L_MID, h->mid);
    rcpt__field(o, 0, RCPT_L_TID, h->tid);
    rcpt__field(o, 0, RCPT_L_OPERATOR, h->operator_no);
    rcpt__field(o, 0, RCPT_L_BATCH, rcpt__six(h->batch, batch));
}

void rcpt__copy_title_block(struct rcpt__out *o, const struct rcpt_header *h, enum rcpt_label title,
                            enum rcpt_copy copy, int reprint)
{
    rcpt__title_block(o, h, title, 0);
    rcpt__text(
        o, 0, RCPT_ALIGN_CENTER,
        rcpt__l(o, copy == RCPT_COPY_MERCHANT ? RCPT_L_COPY_MERCHANT : RCPT_L_COPY_CUSTOMER));
    if (reprint)
        rcpt__text(o, RCPT_STYLE_BOLD, RCPT_ALIGN_CENTER, rcpt__l(o, RCPT_L_REPRINT));
}

void rcpt__card_block(struct rcpt__out *o, const struct rcpt_card *c)
{
    static const enum rcpt_label kinds[] = {[RCPT_CARD_DEBIT] = RCPT_L_DEBIT,
                                            [RCPT_CARD_CREDIT] = RCPT_L_CREDIT,
                                            [RCPT_CARD_QUASI_CREDIT] = RCPT_L_QUASI_CREDIT,
                                            [RCPT_CARD_PREPAID] = RCPT_L_PREPAID};
    static const enum rcpt_label txns[] = {[RCPT_TXN_PURCHASE] = RCPT_L_PURCHASE,
                                           [RCPT_TXN_VOID] = RCPT_L_VOID,
                                           [RCPT_TXN_REFUND] = RCPT_L_REFUND,
                                           [RCPT_TXN_COMPLETION] = RCPT_L_COMPLETION,
                                           [RCPT_TXN_PREAUTH] = RCPT_L_PREAUTH};
    char masked[RCPT_PAN_TEXT_MAX], batch[RCPT__NUM_MAX], trace[RCPT__NUM_MAX];
    rcpt__out_fail(o, rcpt_pan_mask(c->pan, masked, NULL), "card number");
    rcpt__field(o, 1, RCPT_L_PAN, masked);
    rcpt__field(o, 1, RCPT_L_CARD_KIND, rcpt__l(o, kinds[c->kind]));
    rcpt__field(o, 1, RCPT_L_TXN_TYPE, rcpt__l(o, txns[c->txn]));
    rcpt__field(o, 1, RCPT_L_RRN, c->rrn);
    if (rcpt__given(c->auth_code))
        rcpt__field(o, 1, RCPT_L_AUTH_CODE, c->auth_code);
    rcpt__field(o, 1, RCPT_L_BATCH, rcpt__six(c->batch, batch));
    rcpt__field(o, 1, RCPT_L_TRACE, rcpt__six(c->trace, trace));
}

void rcpt__signature_block(struct rcpt__out *o)
{
    rcpt__text(o, 0, RCPT_ALIGN_LEFT, rcpt__l(o, RCPT_L_SIGNATURE));
    rcpt__blank(o);
    rcpt__blank(o);
    rcpt__rule(o);
}

void rcpt__footer_block(struct rcpt__out *o, const char *footer)
{
    if (!rcpt__given(footer))
        return;
    rcpt__blank(o);
    rcpt__text(o, 0, RCPT_ALIGN_CENTER, footer);
}
