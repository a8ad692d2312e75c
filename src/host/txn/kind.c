#include "host/txn/kind.h"

#include <string.h>

static const char *const names[TXN_KIND_COUNT] = {
    [TXN_UNKNOWN] = "unknown",
    [TXN_SIGN_IN] = "sign_in",
    [TXN_SIGN_OFF] = "sign_off",
    [TXN_BALANCE] = "balance",
    [TXN_PURCHASE] = "purchase",
    [TXN_VOID] = "void",
    [TXN_REFUND] = "refund",
    [TXN_PREAUTH] = "preauth",
    [TXN_PREAUTH_VOID] = "preauth_void",
    [TXN_COMPLETION] = "completion",
    [TXN_COMPLETION_VOID] = "completion_void",
    [TXN_REVERSAL] = "reversal",
    [TXN_SETTLEMENT] = "settlement",
    [TXN_BATCH_UPLOAD] = "batch_upload",
    [TXN_PARAMS] = "params",
};

const char *txn_kind_name(enum txn_kind kind)
{
    if ((unsigned)kind >= TXN_KIND_COUNT)
        return "unknown";
    return names[kind];
}

enum txn_kind txn_kind_from_name(const char *name)
{
    for (int k = 0; k < TXN_KIND_COUNT; k++) {
        if (strcmp(names[k], name) == 0)
            return (enum txn_kind)k;
    }
    return TXN_UNKNOWN;
}

int txn_kind_is_keyless(enum txn_kind kind)
{
    return kind == TXN_SIGN_IN || kind == TXN_PARAMS;
}

int txn_kind_is_financial(enum txn_kind kind)
{
    switch (kind) {
    case TXN_PURCHASE:
    case TXN_VOID:
    case TXN_REFUND:
    case TXN_PREAUTH:
    case TXN_PREAUTH_VOID:
    case TXN_COMPLETION:
    case TXN_COMPLETION_VOID:
        return 1;
    default:
        return 0;
    }
}

void txn_response_mti(const char *request_mti, char out[5])
{
    memcpy(out, request_mti, 4);
    out[2] = (char)(out[2] + 1); /* 0200 -> 0210, 0820 -> 0830 */
    out[4] = '\0';
}
