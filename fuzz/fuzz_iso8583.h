/* The body shared by the two ISO 8583 fuzz targets: unpack the input with each
 * framing; whatever unpacks must pack again and unpack to the same fields. Any
 * disagreement aborts, which libFuzzer and the replay test both report. */
#ifndef POSSUM_FUZZ_ISO8583_H
#define POSSUM_FUZZ_ISO8583_H

#include <stdlib.h>
#include <string.h>

#include "core/iso8583/cup_fields.h"
#include "core/iso8583/iso8583.h"

static struct ps_iso_msg fuzz_msg, fuzz_again;
static uint8_t fuzz_out[PS_ISO_MAX_MESSAGE + 2];

static void fuzz_same_or_abort(const struct ps_iso_msg *a, const struct ps_iso_msg *b)
{
    if (strcmp(a->mti, b->mti) != 0)
        abort();
    for (int n = 1; n <= PS_ISO_MAX_FIELD; n++) {
        const struct ps_iso_value *va = ps_iso_get(a, n), *vb = ps_iso_get(b, n);
        if ((va == NULL) != (vb == NULL))
            abort();
        if (va != NULL && (va->len != vb->len || memcmp(va->ptr, vb->ptr, va->len) != 0))
            abort();
    }
}

static void fuzz_iso8583(const struct ps_iso_dialect *d, const uint8_t *data, size_t size)
{
    static const unsigned framings[] = {0, PS_ISO_ENVELOPE, PS_ISO_FRAME};
    for (size_t i = 0; i < sizeof(framings) / sizeof(framings[0]); i++) {
        struct ps_reason why;
        size_t len = 0;
        if (ps_iso_unpack(&fuzz_msg, d, data, size, framings[i], &why) != 0) {
            if (why.text[0] == '\0')
                abort(); /* every rejection explains itself */
            continue;
        }
        if (ps_iso_pack(&fuzz_msg, fuzz_out, sizeof(fuzz_out), &len, framings[i], NULL) != 0)
            abort();
        if (ps_iso_unpack(&fuzz_again, d, fuzz_out, len, framings[i], NULL) != 0)
            abort();
        fuzz_same_or_abort(&fuzz_msg, &fuzz_again);

        struct ps_cup_f60 f60;
        struct ps_cup_f61 f61;
        struct ps_cup_totals totals;
        if (ps_iso_has(&fuzz_msg, 60))
            (void)ps_cup_f60_parse(ps_iso_get(&fuzz_msg, 60), &f60, NULL);
        if (ps_iso_has(&fuzz_msg, 61))
            (void)ps_cup_f61_parse(ps_iso_get(&fuzz_msg, 61), &f61, NULL);
        if (ps_iso_has(&fuzz_msg, 48))
            (void)ps_cup_totals_parse(ps_iso_get(&fuzz_msg, 48), &totals, NULL);
    }
}

#endif
