#include "core/crypto/pinblock.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/hex.h"

#define NIBBLES  (2 * PS_PINBLOCK_LEN)
#define FILL_MAX (NIBBLES - 2 - PS_PIN_MIN)

static unsigned nibble_at(const uint8_t *b, size_t i)
{
    return i % 2 == 0 ? b[i / 2] >> 4 : b[i / 2] & 0x0fu;
}

static void set_nibble(uint8_t *b, size_t i, unsigned v)
{
    if (i % 2 == 0)
        b[i / 2] = (uint8_t)((b[i / 2] & 0x0fu) | v << 4);
    else
        b[i / 2] = (uint8_t)((b[i / 2] & 0xf0u) | v);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Which formats exist, and which of them take a PAN. */
static int check_format(enum ps_pinblock_format format, const char *pan, struct ps_reason *why)
{
    if (format != PS_PINBLOCK_FORMAT0 && format != PS_PINBLOCK_FORMAT1 &&
        format != PS_PINBLOCK_FORMAT3)
        return ps_fail(why, PS_EINVAL, "PIN block: format %d is not defined (0, 1 or 3)",
                       (int)format);
    if (format == PS_PINBLOCK_FORMAT1 && pan != NULL)
        return ps_fail(why, PS_EINVAL, "PAN: format 1 does not use one");
    if (format != PS_PINBLOCK_FORMAT1 && pan == NULL)
        return ps_fail(why, PS_EINVAL, "PAN: missing; format %d needs one", (int)format);
    return 0;
}

/* ISO 9564-1 formats 0 and 3: the PAN field is four zero nibbles and the 12 rightmost
 * PAN digits excluding the check digit. */
static int pan_field(const char *pan, uint8_t out[PS_PINBLOCK_LEN], struct ps_reason *why)
{
    size_t n = strnlen(pan, PS_PAN_MAX + 1);

    if (n > PS_PAN_MAX)
        return ps_fail(why, PS_EFORMAT, "PAN: more than %d digits", PS_PAN_MAX);
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(pan[i]))
            return ps_fail(why, PS_EFORMAT, "PAN: character at offset %zu is not a digit", i);
    }
    if (n < PS_PAN_MIN)
        return ps_fail(why, PS_EFORMAT,
                       "PAN: %zu digits; at least %d expected (12 before the check digit)", n,
                       PS_PAN_MIN);
    memset(out, 0, PS_PINBLOCK_LEN);
    const char *twelve = pan + n - 13;
    for (size_t i = 0; i < 12; i++)
        set_nibble(out, 4 + i, (unsigned)(twelve[i] - '0'));
    return 0;
}

/* The PIN never appears in a reason, not even one character of it. */
static int check_pin(const char *pin, size_t *len, struct ps_reason *why)
{
    size_t n = strnlen(pin, PS_PIN_MAX + 1);

    for (size_t i = 0; i < n; i++) {
        if (!is_digit(pin[i]))
            return ps_fail(why, PS_EFORMAT, "PIN: character at offset %zu is not a digit", i);
    }
    if (n < PS_PIN_MIN || n > PS_PIN_MAX)
        return ps_fail(why, PS_EFORMAT, "PIN: %s%zu digits; %d to %d expected",
                       n > PS_PIN_MAX ? "more than " : "", n > PS_PIN_MAX ? (size_t)PS_PIN_MAX : n,
                       PS_PIN_MIN, PS_PIN_MAX);
    *len = n;
    return 0;
}

/* Random bytes, drawn from RAND_bytes a pool at a time. */
struct pool {
    uint8_t bytes[32];
    size_t used;
};

/* One random fill nibble: any value for format 1; for format 3 a uniform A-F, from a
 * byte below 252 (= 6 * 42) so that no letter is likelier than another. */
static int draw_nibble(struct pool *p, enum ps_pinblock_format format, uint8_t *out)
{
    for (;;) {
        if (p->used == sizeof(p->bytes)) {
            if (RAND_bytes(p->bytes, sizeof(p->bytes)) != 1)
                return PS_ECRYPTO;
            p->used = 0;
        }
        uint8_t b = p->bytes[p->used++];
        if (format == PS_PINBLOCK_FORMAT1) {
            *out = b & 0x0fu;
            return 0;
        }
        if (b < 252) {
            *out = (uint8_t)(0x0a + b % 6);
            return 0;
        }
    }
}

static int random_fill(enum ps_pinblock_format format, size_t need, uint8_t *nib,
                       struct ps_reason *why)
{
    struct pool p = {.used = sizeof(p.bytes)};
    int rc = 0;

    for (size_t i = 0; i < need && rc == 0; i++)
        rc = draw_nibble(&p, format, &nib[i]);
    OPENSSL_cleanse(&p, sizeof(p));
    return rc == 0 ? 0 : ps_fail(why, rc, "PIN block: no random bytes for the fill");
}

/* The caller's fill, as hex digits: exactly as many as the PIN leaves room for. */
static int given_fill(enum ps_pinblock_format format, const char *fill, size_t need, uint8_t *nib,
                      struct ps_reason *why)
{
    size_t n = strnlen(fill, FILL_MAX + 1);

    if (n != need)
        return ps_fail(why, PS_EFORMAT, "fill: %s%zu hex digits; %zu expected for this PIN length",
                       n > FILL_MAX ? "more than " : "", n > FILL_MAX ? (size_t)FILL_MAX : n, need);
    for (size_t i = 0; i < n; i++) {
        int v = ps_hex_digit_value((unsigned char)fill[i]);
        if (v < 0)
            return ps_fail(why, PS_EFORMAT, "fill: character at offset %zu is not a hex digit", i);
        if (format == PS_PINBLOCK_FORMAT3 && v < 0x0a)
            return ps_fail(why, PS_EFORMAT, "fill: '%c' at offset %zu; format 3 fill is A-F",
                           fill[i], i);
        nib[i] = (uint8_t)v;
    }
    return 0;
}

/* need is 14 minus a checked PIN length: at most FILL_MAX, the size of nib. */
static int take_fill(enum ps_pinblock_format format, const char *fill, size_t need,
                     uint8_t nib[FILL_MAX], struct ps_reason *why)
{
    if (format == PS_PINBLOCK_FORMAT0) {
        if (fill != NULL)
            return ps_fail(why, PS_EINVAL, "fill: format 0 takes none (its fill is always F)");
        memset(nib, 0x0f, need);
        return 0;
    }
    return fill == NULL ? random_fill(format, need, nib, why)
                        : given_fill(format, fill, need, nib, why);
}

int ps_pinblock_build(enum ps_pinblock_format format, const char *pin, const char *pan,
                      const char *fill, uint8_t out[PS_PINBLOCK_LEN], struct ps_reason *why)
{
    uint8_t field[PS_PINBLOCK_LEN] = {0};
    uint8_t pan_xor[PS_PINBLOCK_LEN] = {0};
    uint8_t nib[FILL_MAX];
    size_t pin_len = 0;
    int rc;

    rc = check_format(format, pan, why);
    if (rc == 0)
        rc = check_pin(pin, &pin_len, why);
    if (rc == 0 && pan != NULL)
        rc = pan_field(pan, pan_xor, why);
    if (rc == 0)
        rc = take_fill(format, fill, NIBBLES - 2 - pin_len, nib, why);
    if (rc != 0)
        goto out;
    set_nibble(field, 0, (unsigned)format);
    set_nibble(field, 1, (unsigned)pin_len);
    for (size_t i = 0; i < pin_len; i++)
        set_nibble(field, 2 + i, (unsigned)(pin[i] - '0'));
    for (size_t i = 2 + pin_len; i < NIBBLES; i++)
        set_nibble(field, i, nib[i - 2 - pin_len]);
    for (size_t i = 0; i < PS_PINBLOCK_LEN; i++)
        out[i] = field[i] ^ pan_xor[i];
out:
    OPENSSL_cleanse(field, sizeof(field));
    OPENSSL_cleanse(nib, sizeof(nib));
    return rc;
}

/* Validates the PIN field (the block with the PAN field XORed out) nibble by nibble. */
static int read_field(enum ps_pinblock_format format, const uint8_t field[PS_PINBLOCK_LEN],
                      char digits[PS_PIN_MAX + 1], struct ps_reason *why)
{
    unsigned control = nibble_at(field, 0);
    unsigned len = nibble_at(field, 1);

    if (control != (unsigned)format)
        return ps_fail(why, PS_EFORMAT, "PIN block: control nibble %X; format %d expected", control,
                       (int)format);
    if (len < PS_PIN_MIN || len > PS_PIN_MAX)
        return ps_fail(why, PS_EFORMAT, "PIN block: PIN length %u is outside %d..%d", len,
                       PS_PIN_MIN, PS_PIN_MAX);
    for (size_t i = 0; i < len; i++) {
        unsigned d = nibble_at(field, 2 + i);
        if (d > 9)
            return ps_fail(why, PS_EFORMAT, "PIN block: PIN digit %zu is not a decimal digit",
                           i + 1);
        digits[i] = (char)('0' + d);
    }
    digits[len] = '\0';
    for (size_t i = 2 + len; i < NIBBLES; i++) {
        unsigned v = nibble_at(field, i);
        if (format == PS_PINBLOCK_FORMAT0 && v != 0x0f)
            return ps_fail(why, PS_EFORMAT,
                           "PIN block: fill nibble at offset %zu is %X; format 0 fill is F", i, v);
        if (format == PS_PINBLOCK_FORMAT3 && v < 0x0a)
            return ps_fail(why, PS_EFORMAT,
                           "PIN block: fill nibble at offset %zu is %X; format 3 fill is A-F", i,
                           v);
    }
    return 0;
}

int ps_pinblock_parse(enum ps_pinblock_format format, const uint8_t block[PS_PINBLOCK_LEN],
                      const char *pan, char pin[PS_PIN_MAX + 1], struct ps_reason *why)
{
    uint8_t field[PS_PINBLOCK_LEN];
    uint8_t pan_xor[PS_PINBLOCK_LEN] = {0};
    char digits[PS_PIN_MAX + 1];
    int rc;

    pin[0] = '\0';
    rc = check_format(format, pan, why);
    if (rc == 0 && pan != NULL)
        rc = pan_field(pan, pan_xor, why);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < PS_PINBLOCK_LEN; i++)
        field[i] = block[i] ^ pan_xor[i];
    rc = read_field(format, field, digits, why);
    if (rc == 0)
        memcpy(pin, digits, strlen(digits) + 1);
    OPENSSL_cleanse(field, sizeof(field));
    OPENSSL_cleanse(digits, sizeof(digits));
    return rc;
}

static int check_pin_key(const struct ps_cipher *pik, struct ps_reason *why)
{
    if (ps_cipher_alg(pik) == PS_CIPHER_TDES)
        return 0;
    return ps_fail(why, PS_EINVAL,
                   "PIN key: ISO 9564 formats 0, 1 and 3 need a DES or 3DES key, not SM4");
}

int ps_pinblock_encrypt(struct ps_cipher *pik, const uint8_t in[PS_PINBLOCK_LEN],
                        uint8_t out[PS_PINBLOCK_LEN], struct ps_reason *why)
{
    int rc = check_pin_key(pik, why);
    return rc != 0 ? rc : ps_cipher_ecb_encrypt(pik, in, PS_PINBLOCK_LEN, out, why);
}

int ps_pinblock_decrypt(struct ps_cipher *pik, const uint8_t in[PS_PINBLOCK_LEN],
                        uint8_t out[PS_PINBLOCK_LEN], struct ps_reason *why)
{
    int rc = check_pin_key(pik, why);
    return rc != 0 ? rc : ps_cipher_ecb_decrypt(pik, in, PS_PINBLOCK_LEN, out, why);
}
