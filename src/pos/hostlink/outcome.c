#include "pos/hostlink/outcome.h"

#include "core/error.h"

const char *hl_strerror(int code)
{
    switch (code) {
    case HL_DECLINED:
        return "declined by the host";
    case HL_BATCH_FULL:
        return "the batch is full: settle first";
    case HL_REVERSAL_FIRST:
        return "a reversal must be sent first";
    case HL_SIGN_IN_FIRST:
        return "sign in first";
    case PS_EIO:
        return "connection failed";
    case PS_ETIMEDOUT:
        return "timed out";
    default:
        return ps_strerror(code);
    }
}
