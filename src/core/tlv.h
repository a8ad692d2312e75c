/* tlv.h — BER-TLV as EMV uses it: ISO 8583 field 55 (IC card data), card templates.
 *
 * The coding is EMV 4.3 Book 3 Annex B, a subset of ISO/IEC 8825-1 (X.690) §8.1:
 *
 *   tag     1 to 4 bytes. Bit 6 of the first byte marks a constructed element (its value
 *           is itself TLV). When the low 5 bits of the first byte are all 1, more bytes
 *           follow, each with bit 8 set if yet another follows (Annex B1). Tags are held
 *           as their bytes read big-endian: 9F 26 is 0x9F26, 82 is 0x82.
 *   length  short form 0x00-0x7F, or long form 0x81 xx, 0x82 xx xx, 0x83 xx xx xx
 *           (Annex B2, X.690 §8.1.3).
 *   value   exactly length bytes.
 *
 * What this decoder accepts beyond the strict rules, and what it refuses, on purpose:
 *   - Non-minimal long lengths (0x81 05, 0x82 00 05) are accepted: EMV terminals send
 *     0x81 for lengths below 128. The writer always emits the minimal form, so an
 *     element re-encoded from a decoded view may be shorter than the original.
 *   - Tags keep whatever bytes they arrive with: EMV itself uses two-byte tags for
 *     numbers below 31 (9F02), which X.690 would forbid.
 *   - Indefinite length (0x80) and long forms of more than 3 length bytes (0x84 and
 *     up) are refused. EMV itself needs at most 0x82 (Annex B: three length bytes only
 *     for templates 71, 72 and tag 86); 0x83 is still accepted, as ISO/IEC 7816-4 and
 *     X.690 allow it and it costs nothing to read.
 *   - A 0x00 or 0xFF byte where a tag should start is refused. EMV allows such padding
 *     between elements read from a card (Book 3 Annex B), but field 55 as a terminal
 *     builds it never carries padding, so there it means a broken message.
 *   - Nesting is capped at PS_TLV_MAX_DEPTH levels, which bounds the recursion of
 *     ps_tlv_find() and ps_tlv_validate() whatever the input.
 *
 * Nothing here allocates. Decoded views point into the caller's buffer. Rejections
 * return PS_ETRUNCATED (the data ends inside an element), PS_ETOOLONG (a tag longer
 * than 4 bytes, nesting deeper than the cap) or PS_EFORMAT (anything else), with a
 * reason naming the byte offset: "tlv: offset 12: length 0x20 of tag 9F10 runs past the
 * end (10 bytes left)".
 */
#ifndef POSSUM_CORE_TLV_H
#define POSSUM_CORE_TLV_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Levels of nesting a structure may have; the top-level elements are level 1. */
#define PS_TLV_MAX_DEPTH 8

/* Largest value the writer encodes: what a 3-byte length field (0x83) can say. */
#define PS_TLV_MAX_VALUE_LEN 0xFFFFFFu

/* One decoded element: a view into the buffer it was decoded from, valid for as long as
 * that buffer is. Nothing to free. */
struct ps_tlv {
    uint32_t tag;         /* tag bytes read big-endian: 0x9F26 */
    int constructed;      /* 1 when bit 6 of the first tag byte is set: value is TLV */
    const uint8_t *value; /* the value bytes, inside the decoded buffer */
    size_t len;           /* how many value bytes */
    const uint8_t *raw;   /* the whole element as encoded: tag, length and value */
    size_t raw_len;
};

/* Iterates over the elements of one level of buf[0..len), without entering
 * constructed ones (call again on tlv->value for that). Start with *offset = 0.
 * Returns 1 with *tlv (OUT) filled and *offset advanced past the element, 0 when
 * *offset == len (no more elements), or a negative PS_E* code with *offset unchanged
 * (PS_EINVAL when *offset > len). Offsets in reasons count from buf. */
int ps_tlv_next(const uint8_t *buf, size_t len, size_t *offset /* IN/OUT */,
                struct ps_tlv *tlv /* OUT */, struct ps_reason *why);

/* Finds the first element with this tag, depth-first in encoding order, entering
 * constructed elements (so 9F36 is found inside a 77 template). Returns 1 with *tlv
 * (OUT) filled, 0 when no element has the tag, or a negative PS_E* code; tag 0 is
 * PS_EINVAL. Only the elements read before the match are checked: call
 * ps_tlv_validate() first to reject a message whose tail is malformed. Offsets in
 * reasons count from buf. */
int ps_tlv_find(const uint8_t *buf, size_t len, uint32_t tag, struct ps_tlv *tlv /* OUT */,
                struct ps_reason *why);

/* Checks that buf[0..len) is a sequence of well-formed elements and that the value of
 * every constructed element is one too, to PS_TLV_MAX_DEPTH levels. An empty buffer
 * is valid. Returns 0 or a negative PS_E* code. */
int ps_tlv_validate(const uint8_t *buf, size_t len, struct ps_reason *why);

/* Builds TLV into a caller buffer that is never written past cap. The first error
 * sticks: every later call does nothing and returns it, so a caller can write a whole
 * message and check once, at ps_tlv_writer_finish(). The fields are private. */
struct ps_tlv_writer {
    uint8_t *buf; /* the caller's; not owned */
    size_t cap;
    size_t len;                          /* bytes written so far */
    size_t open[PS_TLV_MAX_DEPTH];       /* where each open element's value starts */
    uint32_t open_tag[PS_TLV_MAX_DEPTH]; /* and its tag, for reasons */
    int depth;                           /* how many elements are open */
    int error;                           /* the first error, or 0 */
    struct ps_reason why;                /* the reason for it */
};

/* Starts writing into buf[0..cap); buf must stay valid until finish. No cleanup is
 * needed: the writer holds nothing. buf may be NULL only when cap is 0. */
void ps_tlv_writer_init(struct ps_tlv_writer *w, uint8_t *buf, size_t cap);

/* Writes one element with a copy of value[0..len) (value may be NULL when len is 0).
 * The tag must be a valid 1 to 4 byte tag as described at the top; a constructed tag
 * is allowed, and value must then be TLV (not checked here: ps_tlv_validate() does).
 * Returns 0 or the sticky error: PS_EINVAL (bad tag or arguments), PS_ETOOLONG (len
 * above PS_TLV_MAX_VALUE_LEN, or nesting deeper than PS_TLV_MAX_DEPTH), PS_ESPACE
 * (the element does not fit; nothing of it is written). */
int ps_tlv_put(struct ps_tlv_writer *w, uint32_t tag, const uint8_t *value, size_t len);

/* Opens a constructed element: what is written until the matching ps_tlv_end() is its
 * value. tag should have the constructed bit set (0x70, 0x77, 0xE1); that is the
 * caller's statement, not checked. Same errors as ps_tlv_put(). */
int ps_tlv_begin(struct ps_tlv_writer *w, uint32_t tag);

/* Closes the innermost open element and writes its length, moving its value when the
 * length needs more than one byte. Returns 0 or the sticky error: PS_EINVAL (nothing
 * open), PS_ETOOLONG, PS_ESPACE (no room for the longer length field). */
int ps_tlv_end(struct ps_tlv_writer *w);

/* Ends writing. Returns 0 with *out_len (OUT) the bytes written, or the sticky error
 * (PS_EINVAL when an element is still open) with *out_len = 0 and its reason copied
 * into why. The writer may be initialised again afterwards. */
int ps_tlv_writer_finish(struct ps_tlv_writer *w, size_t *out_len /* OUT */, struct ps_reason *why);

#endif
