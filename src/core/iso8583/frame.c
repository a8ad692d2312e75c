#include "core/iso8583/frame.h"

int ps_frame_scan(const uint8_t *buf, size_t len, size_t max_body, size_t *frame_len,
                  struct ps_reason *why)
{
    if (len < PS_FRAME_PREFIX)
        return 0;
    size_t body = (size_t)buf[0] << 8 | buf[1];
    if (body == 0)
        return ps_fail(why, PS_EFORMAT, "frame: length prefix announces an empty message");
    if (body > max_body)
        return ps_fail(why, PS_ETOOLONG, "frame: length prefix announces %zu bytes, at most %zu",
                       body, max_body);
    if (len - PS_FRAME_PREFIX < body)
        return 0;
    *frame_len = PS_FRAME_PREFIX + body;
    return 1;
}

void ps_frame_put_prefix(uint8_t out[PS_FRAME_PREFIX], size_t body_len)
{
    out[0] = (uint8_t)(body_len >> 8);
    out[1] = (uint8_t)body_len;
}
