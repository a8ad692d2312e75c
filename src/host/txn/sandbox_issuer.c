/* The sandbox issuer's life cycle and its authorizer entry point: which decision an
 * action goes to, and how results are written. */
#include "host/txn/sandbox_issuer.h"
#include "host/txn/sandbox_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hex.h"

int sandbox_issuer_new(struct sandbox_issuer **out, const struct host_keys *keys)
{
    *out = NULL;
    if (keys == NULL)
        return PS_EINVAL;
    struct sandbox_issuer *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return PS_ENOMEM;
    s->keys = keys;
    sandbox__wallet_tokens(s);
    *out = s;
    return PS_OK;
}

void sandbox_issuer_free(struct sandbox_issuer *s)
{
    if (s == NULL)
        return;
    sandbox__tables_free(s);
    sandbox__paycodes_free(s);
    free(s);
}

static void set_result(struct auth_result *res, const char *code, const char *fmt, va_list ap)
{
    snprintf(res->response_code, sizeof(res->response_code), "%s", code);
    vsnprintf(res->reason, sizeof(res->reason), fmt, ap);
}

int sandbox__decline(struct auth_result *res, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_result(res, code, fmt, ap);
    va_end(ap);
    res->auth_code[0] = '\0';
    return 1;
}

void sandbox__approve(struct auth_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_result(res, "00", fmt, ap);
    va_end(ap);
}

void sandbox__result_card(struct auth_result *res, const struct sandbox_card *c)
{
    res->card_id = c->id;
    ps_hex_encode(c->token, SANDBOX_TOKEN_LEN, res->card_token);
    snprintf(res->card_masked, sizeof(res->card_masked), "%s", c->masked);
    /* China UnionPay BINs start with 62: those cards settle as domestic. The masked
     * form keeps the first six digits, so actions by card id tell it the same way. A
     * QR wallet has no BIN: its row says it is domestic. */
    res->domestic = c->domestic || strncmp(c->masked, "62", 2) == 0;
    res->available = c->balance;
}

/* A YYYYMMDD date with a real month and day: expiry and daily limits need it. */
static int valid_date(const char *d)
{
    if (d == NULL)
        return 0;
    for (int i = 0; i < 8; i++)
        if (d[i] < '0' || d[i] > '9')
            return 0;
    int month = (d[4] - '0') * 10 + (d[5] - '0'), day = (d[6] - '0') * 10 + (d[7] - '0');
    return d[8] == '\0' && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static void authorize(void *self, const struct auth_request *req, struct auth_result *res,
                      struct store_batch *batch)
{
    struct sandbox_issuer *s = self;

    memset(res, 0, sizeof(*res));
    if (!valid_date(req->local_date)) {
        sandbox__decline(res, "96", "issuer: no valid local date (YYYYMMDD) in the request");
        return;
    }
    switch (req->action) {
    case AUTH_INQUIRY:
    case AUTH_HOLD:
        sandbox__authorize_pan(s, req, res, batch);
        return;
    case AUTH_SALE:
        /* A sale by card id is the reversal of a credit (issuer.h's contract). */
        if (req->card_id != 0)
            sandbox__authorize_original(s, req, res, batch);
        else if (req->pan == NULL && req->paycode != NULL)
            sandbox__authorize_paycode(s, req, res, batch);
        else
            sandbox__authorize_pan(s, req, res, batch);
        return;
    case AUTH_CREDIT:
    case AUTH_HOLD_RELEASE:
    case AUTH_HOLD_CAPTURE:
    case AUTH_HOLD_RESTORE:
        sandbox__authorize_original(s, req, res, batch);
        return;
    }
    sandbox__decline(res, "96", "issuer: unknown action %d", (int)req->action);
}

static const struct authorizer_ops sandbox_ops = {.authorize = authorize};

struct authorizer sandbox_issuer_authorizer(struct sandbox_issuer *s)
{
    struct authorizer a = {.ops = &sandbox_ops, .self = s};
    return a;
}
