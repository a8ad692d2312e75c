/* libFuzzer target: BER-TLV. Whatever validates must re-encode, element by element
 * through the writer, into a structure that validates again and has the same tags
 * and values; every rejection must explain itself. */
#include <stdlib.h>
#include <string.h>

#include "core/tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t copy[1 << 16];

/* Re-encodes one level of buf through w; constructed elements recursively. */
static void reencode(struct ps_tlv_writer *w, const uint8_t *buf, size_t len)
{
    size_t offset = 0;
    struct ps_tlv t;
    while (ps_tlv_next(buf, len, &offset, &t, NULL) == 1) {
        if (t.constructed) {
            ps_tlv_begin(w, t.tag);
            reencode(w, t.value, t.len);
            ps_tlv_end(w);
        } else {
            ps_tlv_put(w, t.tag, t.value, t.len);
        }
    }
}

/* Walks a and b in step; aborts on any difference in shape, tag or value. */
static void same_or_abort(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    size_t oa = 0, ob = 0;
    struct ps_tlv ta, tb;
    for (;;) {
        int ra = ps_tlv_next(a, alen, &oa, &ta, NULL);
        int rb = ps_tlv_next(b, blen, &ob, &tb, NULL);
        if (ra != rb || ra < 0)
            abort();
        if (ra == 0)
            return;
        if (ta.tag != tb.tag || ta.constructed != tb.constructed)
            abort();
        if (ta.constructed)
            same_or_abort(ta.value, ta.len, tb.value, tb.len);
        else if (ta.len != tb.len || memcmp(ta.value, tb.value, ta.len) != 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ps_reason why;
    struct ps_tlv found;

    if (ps_tlv_validate(data, size, &why) != 0) {
        if (why.text[0] == '\0')
            abort();
        return 0;
    }
    (void)ps_tlv_find(data, size, 0x9F26, &found, NULL);
    (void)ps_tlv_find(data, size, 0x9F36, &found, NULL);

    struct ps_tlv_writer w;
    size_t len = 0;
    ps_tlv_writer_init(&w, copy, sizeof(copy));
    reencode(&w, data, size);
    if (size < sizeof(copy) / 2) { /* minimal lengths never grow an encoding */
        if (ps_tlv_writer_finish(&w, &len, NULL) != 0)
            abort();
        if (ps_tlv_validate(copy, len, NULL) != 0)
            abort();
        same_or_abort(data, size, copy, len);
    }
    return 0;
}
