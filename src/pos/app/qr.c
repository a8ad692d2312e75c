/* QR payment codes (付款码): the customer shows a code, the cashier scans it. The code
 * is checked here (core/checks/paycode.h: the scheme from its prefix and length)
 * before anything leaves the terminal; the payment itself is the host's, sent as a
 * purchase carrying the code (sale.c), voided and refunded with it (void.c,
 * cardtxn.c), so a QR tender is recorded exactly as the host answered it. */
#include "pos/app/qr.h"

#include <stdio.h>
#include <string.h>

#include "core/checks/paycode.h"
#include "pos/app/internal.h"

void pos_qr_mask(const char *code, char out[POS_QR_MASK_MAX])
{
    size_t n;

    snprintf(out, POS_QR_MASK_MAX, "%s", code != NULL ? code : "");
    n = strlen(out);
    for (size_t i = 4; i + 4 < n; i++)
        out[i] = '*';
}

const char *pos_qr_scheme_key(const char *code)
{
    enum ps_paycode_scheme s = 0;

    if (code == NULL || ps_paycode_identify(code, strlen(code), &s, NULL) != 0)
        return NULL;
    switch (s) {
    case PS_PAYCODE_WECHAT:
        return "wechat";
    case PS_PAYCODE_ALIPAY:
        return "alipay";
    case PS_PAYCODE_UNIONPAY:
        return "unionpay";
    }
    return NULL;
}

int pos_app__qr_check(const char *code, struct ps_reason *why)
{
    struct ps_reason cause;
    if (code == NULL || ps_paycode_identify(code, strlen(code), NULL, &cause) != 0)
        return ps_fail(why, POS_APP_REFUSED, "QR payment code: %s",
                       code == NULL ? "missing" : cause.text);
    return PS_OK;
}

/* The host's RRN is the payment's reference: it is what a refund names, and what the
 * customer's wallet shows beside the merchant. */
json_t *pos_app__qr_json(const struct hl_message *sent, const struct hl_response *r,
                         const char *txn, int64_t amount)
{
    const char *scheme = pos_qr_scheme_key(sent->paycode);
    char masked[POS_QR_MASK_MAX];

    pos_qr_mask(sent->paycode, masked);
    return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "kind", "qr", "amount",
                     (json_int_t)amount, "scheme", scheme != NULL ? scheme : "unknown", "reference",
                     r->rrn, "code", masked, "txn", txn, "rrn", r->rrn, "batch",
                     (json_int_t)sent->batch, "stan", (json_int_t)sent->stan, "date",
                     r->local_date);
}
