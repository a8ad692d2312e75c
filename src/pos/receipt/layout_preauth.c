/* The pre-authorization slip laid out (layout.h). */
#include "pos/receipt/layout.h"

#include "pos/receipt/internal.h"
#include "pos/receipt/validate.h"

/* Laid out as a card receipt without items: the hold stands where the card's tender
 * would, so a cashier reads both slips the same way. */
static void preauth_body(struct rcpt__out *o, const struct rcpt_preauth *p)
{
    char trace[RCPT__NUM_MAX], when[RCPT__DATETIME_MAX], amount[RCPT__NUM_MAX];

    rcpt__copy_title_block(o, &p->header, RCPT_L_TITLE_PREAUTH, p->copy, p->reprint);
    rcpt__rule(o);
    rcpt__header_block(o, &p->header);
    rcpt__field(o, 0, RCPT_L_TRACE, rcpt__six(p->header.trace, trace));
    rcpt__field(o, 0, RCPT_L_DATETIME, rcpt__datetime(&p->header.when, when));
    rcpt__rule(o);
    rcpt__pair(o, RCPT_STYLE_BOLD, rcpt__l(o, RCPT_L_HELD), rcpt__money(p->amount, 0, amount));
    rcpt__card_block(o, &p->card);
    rcpt__rule(o);
    if (p->copy == RCPT_COPY_MERCHANT)
        rcpt__signature_block(o);
    rcpt__footer_block(o, p->footer);
}

int rcpt_layout_preauth(const struct rcpt_preauth *p, size_t width, struct rcpt_doc *doc,
                        struct ps_reason *why)
{
    struct rcpt__out o;
    rcpt_doc_reset(doc, doc->width);
    int rc = rcpt__check_width(width, why);
    if (rc == PS_OK)
        rc = rcpt_preauth_validate(p, why);
    if (rc < 0)
        return rc;
    rcpt__out_start(&o, doc, width, p->lang, why);
    preauth_body(&o, p);
    return rcpt__out_finish(&o); /* no cash moved: the drawer stays shut */
}
