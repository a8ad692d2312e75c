/* QR payment codes (付款码): the customer shows a code, the cashier scans it.
 *
 * The code is checked here (core/checks/paycode.h: the scheme from its prefix and
 * length) before anything else happens. Collecting the money is the QR provider's
 * job, and possumd has no QR kind yet (docs/protocol.md): the one provider there is,
 * "sandbox", approves the payment on the terminal with a reference of its own and
 * says so in the journal ("provider":"sandbox"). A real provider (the host relaying
 * to WeChat Pay, Alipay, UnionPay) replaces these two functions. */
#include "pos/app/internal.h"

#include <stdio.h>
#include <string.h>

#include "core/checks/paycode.h"

#define QR_PROVIDER "sandbox"

static const char *scheme_key(enum ps_paycode_scheme s)
{
    switch (s) {
    case PS_PAYCODE_WECHAT:
        return "wechat";
    case PS_PAYCODE_ALIPAY:
        return "alipay";
    case PS_PAYCODE_UNIONPAY:
        return "unionpay";
    }
    return "unknown";
}

/* The first 4 and last 4 digits: enough to find a payment, not to replay the code. */
static void mask_code(const char *code, char out[32])
{
    size_t n = strlen(code);
    snprintf(out, 32, "%s", code);
    for (size_t i = 4; i + 4 < n && i < 31; i++)
        out[i] = '*';
}

int pos_app__qr_check(const char *code, struct ps_reason *why)
{
    struct ps_reason cause;
    if (code == NULL || ps_paycode_identify(code, strlen(code), NULL, &cause) != 0)
        return ps_fail(why, POS_APP_REFUSED, "QR payment code: %s",
                       code == NULL ? "missing" : cause.text);
    return PS_OK;
}

int pos_app__qr_collect(struct pos_app *app, const char *code, int64_t amount, uint32_t receipt_no,
                        size_t index, json_t **tender, struct ps_reason *why)
{
    enum ps_paycode_scheme scheme = 0;
    char reference[48], masked[32];
    int rc = pos_app__qr_check(code, why);

    *tender = NULL;
    if (rc != 0)
        return rc;
    ps_paycode_identify(code, strlen(code), &scheme, NULL);
    snprintf(reference, sizeof(reference), "SBX%s%06u%02zu", app->t.tid, (unsigned)receipt_no,
             index + 1);
    mask_code(code, masked);
    *tender = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "kind", "qr", "amount",
                        (json_int_t)amount, "scheme", scheme_key(scheme), "reference", reference,
                        "code", masked, "provider", QR_PROVIDER);
    return *tender != NULL ? PS_OK : ps_fail(why, PS_ENOMEM, "QR: out of memory");
}

int pos_app__qr_refund(struct pos_app *app, const json_t *tender, struct ps_reason *why)
{
    (void)app;
    (void)tender;
    (void)why;
    return PS_OK; /* the sandbox took nothing, so it gives nothing back */
}
