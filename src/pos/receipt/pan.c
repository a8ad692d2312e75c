#include "pos/receipt/pan.h"

#include <string.h>

#define SHOWN_HEAD 6
#define SHOWN_TAIL 4

int rcpt_pan_mask(const char *pan, char out[RCPT_PAN_TEXT_MAX], struct ps_reason *why)
{
    out[0] = 0;
    if (pan == NULL || pan[0] == 0)
        return ps_fail(why, PS_EFORMAT, "card number is missing");
    size_t len = strnlen(pan, RCPT_PAN_MAX + 1);
    if (len < RCPT_PAN_MIN || len > RCPT_PAN_MAX)
        return ps_fail(why, PS_EFORMAT, "card number has %s%zu characters; %d to %d expected",
                       len > RCPT_PAN_MAX ? "more than " : "",
                       len > RCPT_PAN_MAX ? RCPT_PAN_MAX : len, RCPT_PAN_MIN, RCPT_PAN_MAX);
    for (size_t i = 0; i < len; i++) {
        int shown = i < SHOWN_HEAD || i >= len - SHOWN_TAIL;
        char c = pan[i];
        if (c >= '0' && c <= '9')
            continue;
        if (c == '*' && !shown)
            continue;
        if (c == '*')
            return ps_fail(why, PS_EFORMAT,
                           "card number: position %zu is masked; the first %d and last %d "
                           "digits are needed",
                           i + 1, SHOWN_HEAD, SHOWN_TAIL);
        return ps_fail(why, PS_EFORMAT,
                       "card number: position %zu is neither a digit nor '*' (byte 0x%02X)", i + 1,
                       (unsigned char)c);
    }
    memcpy(out, pan, len);
    memset(out + SHOWN_HEAD, '*', len - SHOWN_HEAD - SHOWN_TAIL);
    out[len] = 0;
    return PS_OK;
}
