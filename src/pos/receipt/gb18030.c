#include "pos/receipt/gb18030.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "pos/receipt/utf8.h"

/* Converts the one character s[0..n) (code point cp), checking what comes out. */
static int convert_char(iconv_t cd, const char *s, size_t n, uint32_t cp, size_t offset,
                        unsigned flags, struct rcpt_buf *out, struct ps_reason *why)
{
    char in[4], gb[8];
    memcpy(in, s, n);
    char *inp = in, *outp = gb;
    size_t inleft = n, outleft = sizeof(gb);
    iconv(cd, NULL, NULL, NULL, NULL); /* GB18030 is stateless; reset anyway */
    if (iconv(cd, &inp, &inleft, &outp, &outleft) == (size_t)-1 || inleft != 0)
        return ps_fail(why, PS_EUNDEFINED, "U+%04X (%.*s) at offset %zu has no GB18030 form",
                       (unsigned)cp, (int)n, s, offset);
    size_t produced = sizeof(gb) - outleft;
    if (produced > 2 && !(flags & RCPT_GB_FOUR_BYTE))
        return ps_fail(why, PS_EUNDEFINED,
                       "U+%04X (%.*s) at offset %zu is a four-byte GB18030 character, which "
                       "the printer's font does not hold",
                       (unsigned)cp, (int)n, s, offset);
    return rcpt_buf_append(out, gb, produced, why);
}

/* ASCII is copied as it is (GB18030 is ASCII there); every other character is
 * converted on its own, so that a refusal can name it. One converter per call: glibc
 * caches the conversion tables, and a receipt is a few dozen lines. */
int rcpt_gb18030_append(struct rcpt_buf *out, const char *s, size_t len, unsigned flags,
                        struct ps_reason *why)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1)
        return ps_fail(why, PS_EIO, "no UTF-8 to GB18030 converter: %s", strerror(errno));
    int rc = PS_OK;
    for (size_t i = 0; i < len && rc == PS_OK;) {
        uint32_t cp;
        size_t n = rcpt_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            rc = ps_fail(why, PS_EFORMAT, "byte 0x%02X at offset %zu is not valid UTF-8",
                         (unsigned char)s[i], i);
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
            rc = ps_fail(why, PS_EFORMAT,
                         "control character U+%04X at offset %zu would reach the printer as "
                         "a command",
                         (unsigned)cp, i);
        } else if (cp < 0x80) {
            rc = rcpt_buf_append(out, s + i, 1, why);
        } else {
            rc = convert_char(cd, s + i, n, cp, i, flags, out, why);
        }
        i += n;
    }
    iconv_close(cd);
    return rc;
}
