/* Property: for random valid messages of both dialects, pack -> unpack gives back
 * every field, and packing again gives the same bytes. The seed is printed so a
 * failure can be replayed: POSSUM_TEST_SEED=<seed>. */
#include "testing.h"

#include <stdio.h>

#include "core/iso8583/iso8583.h"

static uint64_t seed, rng;

static size_t below(size_t n)
{
    return random_below(&rng, (unsigned)n);
}

static size_t random_value(const struct ps_iso_field *f, uint8_t *out)
{
    size_t len = f->max;
    if (f->length_type != PS_ISO_FIXED) {
        size_t cap = f->max < 150 ? f->max : 150; /* keeps iso87 messages under the limit */
        len = below(cap + 1);
    }
    for (size_t i = 0; i < len; i++) {
        switch (f->kind) {
        case PS_ISO_N:
            out[i] = (uint8_t)('0' + below(10));
            break;
        case PS_ISO_Z:
            out[i] = below(8) == 0 ? '=' : (uint8_t)('0' + below(10));
            break;
        case PS_ISO_XN:
            out[i] = i == 0 ? (below(2) ? 'C' : 'D') : (uint8_t)('0' + below(10));
            break;
        case PS_ISO_AN:
            out[i] = (uint8_t)(0x20 + below(0x5f));
            break;
        default:
            out[i] = (uint8_t)below(256);
        }
    }
    return len;
}

static void build_random(struct ps_iso_msg *m, const struct ps_iso_dialect *d)
{
    char mti[5];
    uint8_t value[1024];

    ps_iso_init(m, d);
    snprintf(mti, sizeof(mti), "%04zu", below(10000));
    assert_int_equal(ps_iso_set_mti(m, mti, NULL), 0);
    for (size_t i = 0; i < d->tpdu_len; i++)
        m->tpdu[i] = (uint8_t)below(256);
    for (size_t i = 0; i < d->header_len; i++)
        m->header[i] = (uint8_t)below(256);
    size_t density = 1 + below(4); /* from sparse to dense messages */
    for (int n = 2; n <= d->max_field; n++) {
        const struct ps_iso_field *f = ps_iso_field_def(d, n);
        if (f == NULL || below(density + 1) != 0)
            continue;
        size_t len = random_value(f, value);
        struct ps_reason why = {{0}};
        if (ps_iso_set(m, n, value, len, &why) != 0)
            fail_msg("field %d: %s", n, why.text);
    }
}

static void assert_same(const struct ps_iso_msg *a, const struct ps_iso_msg *b, unsigned flags)
{
    const struct ps_iso_dialect *d = a->dialect;
    assert_string_equal(a->mti, b->mti);
    if (flags & PS_ISO_ENVELOPE) {
        assert_memory_equal(a->tpdu, b->tpdu, d->tpdu_len);
        assert_memory_equal(a->header, b->header, d->header_len);
    }
    for (int n = 1; n <= PS_ISO_MAX_FIELD; n++) {
        assert_int_equal(ps_iso_has(a, n), ps_iso_has(b, n));
        if (!ps_iso_has(a, n))
            continue;
        const struct ps_iso_value *va = ps_iso_get(a, n), *vb = ps_iso_get(b, n);
        if (va->len != vb->len || (va->len > 0 && memcmp(va->ptr, vb->ptr, va->len) != 0))
            fail_msg("field %d differs after the round trip", n);
    }
}

static void round_trip(const struct ps_iso_dialect *d, unsigned flags, int iterations)
{
    static struct ps_iso_msg original, decoded;
    static uint8_t wire[PS_ISO_MAX_MESSAGE + 2], again[PS_ISO_MAX_MESSAGE + 2];

    for (int i = 0; i < iterations; i++) {
        size_t len = 0, len2 = 0;
        struct ps_reason why = {{0}};
        build_random(&original, d);
        if (ps_iso_pack(&original, wire, sizeof(wire), &len, flags, &why) != 0)
            fail_msg("iteration %d: pack: %s (POSSUM_TEST_SEED=%" PRIu64 ")", i, why.text, seed);
        if (ps_iso_unpack(&decoded, d, wire, len, flags, &why) != 0)
            fail_msg("iteration %d: unpack: %s (POSSUM_TEST_SEED=%" PRIu64 ")", i, why.text, seed);
        assert_same(&original, &decoded, flags);
        assert_int_equal(ps_iso_pack(&decoded, again, sizeof(again), &len2, flags, NULL), 0);
        assert_int_equal(len, len2);
        assert_memory_equal(wire, again, len);
    }
}

static void cup_messages_round_trip(void **state)
{
    (void)state;
    round_trip(&ps_iso_cup, PS_ISO_FRAME, 3000);
    round_trip(&ps_iso_cup, 0, 1000);
}

static void iso87_messages_round_trip(void **state)
{
    (void)state;
    round_trip(&ps_iso_iso87, PS_ISO_LENGTH, 3000);
}

int main(void)
{
    seed = rng = test_seed();
    printf("seed %" PRIu64 " (replay with POSSUM_TEST_SEED)\n", seed);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cup_messages_round_trip),
        cmocka_unit_test(iso87_messages_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
