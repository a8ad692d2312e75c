/* Whether a pre-authorization slip may be printed (validate.h). */
#include "pos/receipt/validate.h"

#include "pos/receipt/internal.h"
#include "pos/receipt/utf8.h"

static int check_hold(const struct rcpt_preauth *p, struct ps_reason *why)
{
    int rc = rcpt__check_money("pre-authorization: amount held", p->amount, why);
    if (rc == PS_OK && p->amount == 0)
        return ps_fail(why, PS_EINVAL, "pre-authorization: amount held is not above zero");
    if (rc == PS_OK)
        rc = rcpt__check_card(&p->card, "card", why);
    if (rc < 0)
        return rc;
    if (p->card.txn != RCPT_TXN_PREAUTH)
        return ps_fail(why, PS_EINVAL, "card: transaction type %d is not a pre-authorization",
                       (int)p->card.txn);
    /* the completion names the hold by this code; a slip without it cannot serve */
    if (!rcpt__given(p->card.auth_code))
        return ps_fail(why, PS_EFORMAT, "card: authorization code is missing");
    return PS_OK;
}

int rcpt_preauth_validate(const struct rcpt_preauth *p, struct ps_reason *why)
{
    int rc = rcpt__check_lang(p->lang, why);
    if (rc == PS_OK)
        rc = rcpt__check_copy("pre-authorization", p->copy, why);
    if (rc == PS_OK)
        rc = rcpt__check_header(&p->header, 1, why);
    if (rc == PS_OK)
        rc = check_hold(p, why);
    if (rc == PS_OK && p->footer != NULL)
        rc = rcpt_text_check("footer", p->footer, RCPT__FOOTER_MAX, RCPT_TEXT_MULTILINE, why);
    return rc;
}
