#include "core/tlv.h"

#include <inttypes.h>
#include <string.h>

/* Tags print as their bytes in hex ("9F26", "82", "00"), whatever their value. */
#define TAG_FMT      "%0*" PRIX32
#define TAG_ARG(tag) tag_digits(tag), (tag)

static int tag_byte_count(uint32_t tag)
{
    return tag > 0xFFFFFF ? 4 : tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;
}

static int tag_digits(uint32_t tag)
{
    return 2 * tag_byte_count(tag);
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* What read_tag() found; decoder and writer put it into words of their own. */
enum tag_status { TAG_OK, TAG_PADDING, TAG_CUT_OFF, TAG_TOO_LONG };

/* Reads the tag at p[0..avail), avail >= 1 (EMV Book 3 Annex B1, X.690 §8.1.2).
 * *tag and *tag_len (OUT) hold the bytes read so far even when the tag is bad, so a
 * reason can show them. */
static enum tag_status read_tag(const uint8_t *p, size_t avail, uint32_t *tag, size_t *tag_len)
{
    uint8_t b = p[0];

    *tag = b;
    *tag_len = 1;
    if (b == 0x00 || b == 0xFF)
        return TAG_PADDING;
    if ((b & 0x1F) != 0x1F)
        return TAG_OK; /* tag number 0-30 in the first byte: a one-byte tag */
    do {
        if (*tag_len == 4)
            return TAG_TOO_LONG;
        if (*tag_len == avail)
            return TAG_CUT_OFF;
        b = p[(*tag_len)++];
        *tag = *tag << 8 | b;
    } while (b & 0x80); /* bit 8 of a subsequent byte: another byte follows */
    return TAG_OK;
}

/* Reads the length field at buf[at..len) for the element whose tag is tag (EMV Book 3
 * Annex B2, X.690 §8.1.3). base is where buf sits in the caller's buffer, for reasons. */
static int read_length(const uint8_t *buf, size_t len, size_t at, size_t base, uint32_t tag,
                       size_t *value_len /* OUT */, size_t *field_len /* OUT */,
                       struct ps_reason *why)
{
    if (at == len)
        return ps_fail(why, PS_ETRUNCATED, "tlv: offset %zu: no length after tag " TAG_FMT,
                       base + at, TAG_ARG(tag));

    uint8_t first = buf[at];
    if (first < 0x80) { /* short form */
        *value_len = first;
        *field_len = 1;
        return PS_OK;
    }
    if (first == 0x80)
        return ps_fail(why, PS_EFORMAT,
                       "tlv: offset %zu: indefinite length (0x80) is not allowed in EMV",
                       base + at);

    size_t count = first & 0x7F; /* long form: how many length bytes follow */
    if (count > 3)
        return ps_fail(why, PS_EFORMAT,
                       "tlv: offset %zu: length form 0x%02X is not supported (at most 0x83)",
                       base + at, first);
    if (count > len - at - 1)
        return ps_fail(why, PS_ETRUNCATED,
                       "tlv: offset %zu: length form 0x%02X is cut off (%zu length byte%s "
                       "announced, %zu left)",
                       base + at, first, count, plural(count), len - at - 1);

    /* Non-minimal forms (0x81 05) are read like minimal ones: see tlv.h. */
    size_t v = 0;
    for (size_t i = 1; i <= count; i++)
        v = v << 8 | buf[at + i];
    *value_len = v;
    *field_len = 1 + count;
    return PS_OK;
}

/* Decodes the element starting at buf[pos], pos < len, into *tlv (OUT). */
static int read_element(const uint8_t *buf, size_t len, size_t pos, size_t base, struct ps_tlv *tlv,
                        struct ps_reason *why)
{
    uint32_t tag;
    size_t tag_len = 0, value_len = 0, len_len = 0;

    switch (read_tag(buf + pos, len - pos, &tag, &tag_len)) {
    case TAG_OK:
        break;
    case TAG_PADDING:
        return ps_fail(why, PS_EFORMAT,
                       "tlv: offset %zu: padding byte 0x%02X where a tag should start", base + pos,
                       buf[pos]);
    case TAG_CUT_OFF:
        return ps_fail(why, PS_ETRUNCATED,
                       "tlv: offset %zu: tag starting " TAG_FMT " is cut off by the end",
                       base + pos, TAG_ARG(tag));
    case TAG_TOO_LONG:
        return ps_fail(why, PS_ETOOLONG,
                       "tlv: offset %zu: tag starting " TAG_FMT " is longer than 4 bytes",
                       base + pos, TAG_ARG(tag));
    }

    size_t at = pos + tag_len;
    int rc = read_length(buf, len, at, base, tag, &value_len, &len_len, why);
    if (rc != PS_OK)
        return rc;
    size_t left = len - at - len_len;
    if (value_len > left)
        return ps_fail(why, PS_ETRUNCATED,
                       "tlv: offset %zu: length 0x%02zX of tag " TAG_FMT
                       " runs past the end (%zu byte%s left)",
                       base + at, value_len, TAG_ARG(tag), left, plural(left));

    tlv->tag = tag;
    tlv->constructed = (buf[pos] & 0x20) != 0; /* X.690 §8.1.2.5: bit 6 */
    tlv->value = buf + at + len_len;
    tlv->len = value_len;
    tlv->raw = buf + pos;
    tlv->raw_len = tag_len + len_len + value_len;
    return PS_OK;
}

int ps_tlv_next(const uint8_t *buf, size_t len, size_t *offset, struct ps_tlv *tlv,
                struct ps_reason *why)
{
    memset(tlv, 0, sizeof(*tlv));
    if (buf == NULL && len > 0)
        return ps_fail(why, PS_EINVAL, "tlv: no buffer");
    if (*offset > len)
        return ps_fail(why, PS_EINVAL, "tlv: offset %zu is past the end (%zu bytes)", *offset, len);
    if (*offset == len)
        return 0;

    int rc = read_element(buf, len, *offset, 0, tlv, why);
    if (rc != PS_OK) {
        memset(tlv, 0, sizeof(*tlv));
        return rc;
    }
    *offset += tlv->raw_len;
    return 1;
}

/* Walks buf[0..len), a run of elements at nesting level `level` that sits at offset
 * base of the caller's buffer, depth-first in encoding order. Returns 1 at the first
 * element tagged want (tag 0 never matches, which turns the walk into a validation),
 * 0 at the end, or an error. Recursion is bounded by PS_TLV_MAX_DEPTH. */
static int walk(const uint8_t *buf, size_t len, size_t base, int level, uint32_t want,
                struct ps_tlv *found, struct ps_reason *why)
{
    if (len > 0 && level > PS_TLV_MAX_DEPTH)
        return ps_fail(why, PS_ETOOLONG, "tlv: offset %zu: nesting deeper than %d levels", base,
                       PS_TLV_MAX_DEPTH);

    for (size_t pos = 0; pos < len;) {
        struct ps_tlv t;
        int rc = read_element(buf, len, pos, base, &t, why);
        if (rc != PS_OK)
            return rc;
        if (t.tag == want) {
            *found = t;
            return 1;
        }
        if (t.constructed) {
            size_t value_base = base + (size_t)(t.value - buf);
            rc = walk(t.value, t.len, value_base, level + 1, want, found, why);
            if (rc != 0)
                return rc;
        }
        pos += t.raw_len;
    }
    return 0;
}

int ps_tlv_find(const uint8_t *buf, size_t len, uint32_t tag, struct ps_tlv *tlv,
                struct ps_reason *why)
{
    memset(tlv, 0, sizeof(*tlv));
    if (buf == NULL && len > 0)
        return ps_fail(why, PS_EINVAL, "tlv: no buffer");
    if (tag == 0)
        return ps_fail(why, PS_EINVAL, "tlv: tag 00 cannot be searched for");
    return walk(buf, len, 0, 1, tag, tlv, why);
}

int ps_tlv_validate(const uint8_t *buf, size_t len, struct ps_reason *why)
{
    struct ps_tlv unused;

    if (buf == NULL && len > 0)
        return ps_fail(why, PS_EINVAL, "tlv: no buffer");
    return walk(buf, len, 0, 1, 0, &unused, why);
}

/* ---- writer ------------------------------------------------------------------------ */

/* Records the writer's first error; later calls return it unchanged. */
#define WRITER_FAIL(w, code, ...) ((w)->error = ps_fail(&(w)->why, (code), __VA_ARGS__))

/* The minimal length field for len <= PS_TLV_MAX_VALUE_LEN: 1 to 4 bytes. */
static size_t length_field_size(size_t len)
{
    return len < 0x80 ? 1 : len <= 0xFF ? 2 : len <= 0xFFFF ? 3 : 4;
}

static void store_length(uint8_t *p, size_t len, size_t field_size)
{
    if (field_size == 1) {
        p[0] = (uint8_t)len;
        return;
    }
    p[0] = (uint8_t)(0x80 | (field_size - 1));
    for (size_t i = 1; i < field_size; i++)
        p[i] = (uint8_t)(len >> (8 * (field_size - 1 - i)));
}

/* Turns tag into bytes (OUT) and checks the decoder would read back exactly those
 * bytes as one tag, so everything the writer emits decodes. */
static int encode_tag(struct ps_tlv_writer *w, uint32_t tag, uint8_t bytes[4], size_t *count)
{
    size_t n = (size_t)tag_byte_count(tag);
    uint32_t read_back;
    size_t read_len;

    for (size_t i = 0; i < n; i++)
        bytes[i] = (uint8_t)(tag >> (8 * (n - 1 - i)));
    *count = n;
    switch (read_tag(bytes, n, &read_back, &read_len)) {
    case TAG_OK:
        if (read_len == n)
            return PS_OK;
        return WRITER_FAIL(w, PS_EINVAL,
                           "tlv: " TAG_FMT " is not a valid tag (it ends after byte %zu)",
                           TAG_ARG(tag), read_len);
    case TAG_PADDING:
        return WRITER_FAIL(w, PS_EINVAL,
                           "tlv: " TAG_FMT " is not a valid tag (0x00 and 0xFF are padding)",
                           TAG_ARG(tag));
    case TAG_CUT_OFF:
    case TAG_TOO_LONG:
        break;
    }
    return WRITER_FAIL(w, PS_EINVAL,
                       "tlv: " TAG_FMT " is not a valid tag (its last byte says another follows)",
                       TAG_ARG(tag));
}

void ps_tlv_writer_init(struct ps_tlv_writer *w, uint8_t *buf, size_t cap)
{
    memset(w, 0, sizeof(*w));
    w->buf = buf;
    w->cap = cap;
    if (buf == NULL && cap > 0)
        WRITER_FAIL(w, PS_EINVAL, "tlv: writer has no buffer");
}

/* What ps_tlv_put() and ps_tlv_begin() check before writing anything. */
static int start_element(struct ps_tlv_writer *w, uint32_t tag, uint8_t tag_bytes[4],
                         size_t *tag_len)
{
    if (w->error)
        return w->error;
    if (w->depth >= PS_TLV_MAX_DEPTH)
        return WRITER_FAIL(w, PS_ETOOLONG, "tlv: tag " TAG_FMT " would nest deeper than %d levels",
                           TAG_ARG(tag), PS_TLV_MAX_DEPTH);
    return encode_tag(w, tag, tag_bytes, tag_len);
}

static int check_room(struct ps_tlv_writer *w, uint32_t tag, size_t need)
{
    if (need > w->cap - w->len)
        return WRITER_FAIL(w, PS_ESPACE,
                           "tlv: no room for tag " TAG_FMT " (%zu bytes needed, %zu left)",
                           TAG_ARG(tag), need, w->cap - w->len);
    return PS_OK;
}

int ps_tlv_put(struct ps_tlv_writer *w, uint32_t tag, const uint8_t *value, size_t len)
{
    uint8_t tag_bytes[4];
    size_t tag_len;
    int rc = start_element(w, tag, tag_bytes, &tag_len);
    if (rc != PS_OK)
        return rc;
    if (value == NULL && len > 0)
        return WRITER_FAIL(w, PS_EINVAL, "tlv: tag " TAG_FMT " has a length of %zu but no value",
                           TAG_ARG(tag), len);
    if (len > PS_TLV_MAX_VALUE_LEN)
        return WRITER_FAIL(w, PS_ETOOLONG,
                           "tlv: value of tag " TAG_FMT " is %zu bytes, more than 0xFFFFFF",
                           TAG_ARG(tag), len);

    size_t len_len = length_field_size(len);
    rc = check_room(w, tag, tag_len + len_len + len);
    if (rc != PS_OK)
        return rc;

    uint8_t *p = w->buf + w->len;
    memcpy(p, tag_bytes, tag_len);
    store_length(p + tag_len, len, len_len);
    if (len > 0)
        memmove(p + tag_len + len_len, value, len); /* value may be earlier in buf */
    w->len += tag_len + len_len + len;
    return PS_OK;
}

int ps_tlv_begin(struct ps_tlv_writer *w, uint32_t tag)
{
    uint8_t tag_bytes[4];
    size_t tag_len;
    int rc = start_element(w, tag, tag_bytes, &tag_len);
    if (rc != PS_OK)
        return rc;
    /* One length byte is reserved now; ps_tlv_end() widens it if the value needs it. */
    rc = check_room(w, tag, tag_len + 1);
    if (rc != PS_OK)
        return rc;

    memcpy(w->buf + w->len, tag_bytes, tag_len);
    w->len += tag_len + 1;
    w->open[w->depth] = w->len;
    w->open_tag[w->depth] = tag;
    w->depth++;
    return PS_OK;
}

int ps_tlv_end(struct ps_tlv_writer *w)
{
    if (w->error)
        return w->error;
    if (w->depth == 0)
        return WRITER_FAIL(w, PS_EINVAL, "tlv: end without a matching begin");

    size_t start = w->open[w->depth - 1];
    uint32_t tag = w->open_tag[w->depth - 1];
    size_t len = w->len - start;
    if (len > PS_TLV_MAX_VALUE_LEN)
        return WRITER_FAIL(w, PS_ETOOLONG,
                           "tlv: value of tag " TAG_FMT " is %zu bytes, more than 0xFFFFFF",
                           TAG_ARG(tag), len);

    size_t extra = length_field_size(len) - 1;
    if (extra > w->cap - w->len)
        return WRITER_FAIL(w, PS_ESPACE,
                           "tlv: no room to close tag " TAG_FMT
                           " (%zu more length byte%s needed, %zu left)",
                           TAG_ARG(tag), extra, plural(extra), w->cap - w->len);
    if (extra > 0)
        memmove(w->buf + start + extra, w->buf + start, len);
    store_length(w->buf + start - 1, len, extra + 1);
    w->len += extra;
    w->depth--;
    return PS_OK;
}

int ps_tlv_writer_finish(struct ps_tlv_writer *w, size_t *out_len, struct ps_reason *why)
{
    *out_len = 0;
    if (!w->error && w->depth > 0)
        WRITER_FAIL(w, PS_EINVAL, "tlv: tag " TAG_FMT " is still open at finish",
                    TAG_ARG(w->open_tag[w->depth - 1]));
    if (w->error) {
        if (why != NULL)
            *why = w->why;
        return w->error;
    }
    *out_len = w->len;
    return PS_OK;
}
