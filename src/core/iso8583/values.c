/* What an ISO 8583 value may contain, by field kind, and the sentence that says why
 * a value is refused. */
#include <stdint.h>
#include <string.h>

#include "core/iso8583/internal.h"

const char *ps__iso_unit_name(const struct ps_iso_field *f)
{
    switch (f->kind) {
    case PS_ISO_N:
    case PS_ISO_Z:
    case PS_ISO_XN:
        return "digits";
    case PS_ISO_B:
        return "bytes";
    default:
        return "characters";
    }
}

/* Explains the first character of v[0..len) that `allowed` refuses. */
static int reject_char(int n, const uint8_t *v, size_t len, int (*allowed)(uint8_t, size_t, int),
                       int from_caller, struct ps_reason *why)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = v[i];
        if (allowed(c, i, from_caller))
            continue;
        if (c >= 0x20 && c <= 0x7e)
            return ps_fail(why, PS_EFORMAT, "field %d: '%c' at position %zu is not allowed", n, c,
                           i + 1);
        return ps_fail(why, PS_EFORMAT, "field %d: byte 0x%02X at position %zu is not allowed", n,
                       c, i + 1);
    }
    return PS_OK;
}

static int digit_allowed(uint8_t c, size_t i, int from_caller)
{
    (void)i, (void)from_caller;
    return c >= '0' && c <= '9';
}

/* Track data: digits and '='; a caller may spell the separator 'D', as it is in BCD,
 * but a value read from an ASCII wire may not. */
static int track_allowed(uint8_t c, size_t i, int from_caller)
{
    (void)i;
    return (c >= '0' && c <= '9') || c == '=' || (from_caller && (c == 'D' || c == 'd'));
}

static int signed_allowed(uint8_t c, size_t i, int from_caller)
{
    (void)from_caller;
    return i == 0 ? (c == 'C' || c == 'D') : (c >= '0' && c <= '9');
}

static int printable_allowed(uint8_t c, size_t i, int from_caller)
{
    (void)i, (void)from_caller;
    return c >= 0x20 && c <= 0x7e;
}

/* Whether every byte of v[0..len) is printable ASCII, 0x20-0x7E. Eight bytes at a
 * time: a byte fails when its top bit is set, when it is below 0x20 (the borrow test
 * of "has a byte less than n") or when it equals 0x7F (the "has a zero byte" test on
 * x ^ 0x7F...). Each test is exact about whether some byte fails. */
static int all_printable(const uint8_t *v, size_t len)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t bad = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, v + i, 8);
        uint64_t del = x ^ (0x7f * ones);
        bad |= (x & highs) | ((x - 0x20 * ones) & ~x & highs) | ((del - ones) & ~del & highs);
    }
    for (; i < len; i++)
        bad |= (uint8_t)(v[i] - 0x20) > 0x5e;
    return bad == 0;
}

/* Checks a value against its field's kind. The common case, a clean value, is one
 * tight loop per kind; the reason is only worked out for a value that fails. */
int ps__iso_check_chars(const struct ps_iso_field *f, int n, const uint8_t *v, size_t len,
                        int from_caller, struct ps_reason *why)
{
    int (*allowed)(uint8_t, size_t, int);
    unsigned bad = 0;

    switch (f->kind) {
    case PS_ISO_N:
        for (size_t i = 0; i < len; i++)
            bad |= (unsigned)(uint8_t)(v[i] - '0') > 9;
        allowed = digit_allowed;
        break;
    case PS_ISO_AN:
        bad = !all_printable(v, len);
        allowed = printable_allowed;
        break;
    case PS_ISO_Z:
        allowed = track_allowed;
        bad = 1;
        break;
    case PS_ISO_XN:
        allowed = signed_allowed;
        bad = 1;
        break;
    default:
        return PS_OK; /* ans and b: any byte */
    }
    return bad ? reject_char(n, v, len, allowed, from_caller, why) : PS_OK;
}
