#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

const char *ps_strerror(int code)
{
    switch (code) {
    case PS_OK:
        return "success";
    case PS_EINVAL:
        return "invalid argument";
    case PS_EFORMAT:
        return "format error";
    case PS_ETRUNCATED:
        return "input truncated";
    case PS_ETOOLONG:
        return "input too long";
    case PS_ESPACE:
        return "output buffer too small";
    case PS_EOVERFLOW:
        return "arithmetic overflow";
    case PS_ECRYPTO:
        return "cryptographic library failure";
    case PS_ENOMEM:
        return "out of memory";
    case PS_ECHECK:
        return "check value mismatch";
    case PS_EUNDEFINED:
        return "undefined element";
    case PS_EIO:
        return "input/output error";
    case PS_ETIMEDOUT:
        return "timed out";
    default:
        return code > 0 ? "business outcome" : "unknown error";
    }
}

int ps_fail(struct ps_reason *why, int code, const char *fmt, ...)
{
    if (why != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why->text, sizeof(why->text), fmt, ap);
        va_end(ap);
    }
    return code;
}

void ps_reason_clear(struct ps_reason *why)
{
    if (why != NULL)
        why->text[0] = '\0';
}
