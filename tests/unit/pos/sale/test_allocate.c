/* The largest remainder rule: known splits, refusals, and a property test against a
 * plain reference implementation of Hamilton's method. */
#include "testing.h"

#include "pos/sale/allocate.h"

static void splits_known_figures(void **state)
{
    (void)state;
    struct ps_reason why;
    int64_t shares[4];

    /* 100 fen over 3375, 700, 1000 (sum 5075):
     *   exact 66.50, 13.79, 19.70 -> floors 66, 13, 19 = 98; 2 fen left over;
     *   dropped fractions (x 5075): 2550, 4025, 3575 -> the 2nd and 3rd get one each */
    const int64_t w1[] = {3375, 700, 1000};
    assert_int_equal(pos_allocate(100, w1, 3, shares, &why), 0);
    assert_int_equal(shares[0], 66);
    assert_int_equal(shares[1], 14);
    assert_int_equal(shares[2], 20);

    /* 100 fen over three equal parts: 33 each, 1 left; equal fractions -> the first */
    const int64_t w2[] = {5, 5, 5};
    assert_int_equal(pos_allocate(100, w2, 3, shares, &why), 0);
    assert_int_equal(shares[0], 34);
    assert_int_equal(shares[1], 33);
    assert_int_equal(shares[2], 33);

    /* 2 fen over 1, 1, 1: floors 0, 0, 0; fractions all 2/3 -> the first two */
    const int64_t w3[] = {1, 1, 1};
    assert_int_equal(pos_allocate(2, w3, 3, shares, &why), 0);
    assert_int_equal(shares[0], 1);
    assert_int_equal(shares[1], 1);
    assert_int_equal(shares[2], 0);

    /* a zero weight takes nothing; the whole total fits exactly */
    const int64_t w4[] = {0, 300, 0, 100};
    assert_int_equal(pos_allocate(400, w4, 4, shares, &why), 0);
    assert_int_equal(shares[0], 0);
    assert_int_equal(shares[1], 300);
    assert_int_equal(shares[2], 0);
    assert_int_equal(shares[3], 100);
}

static void handles_edges_and_refuses_bad_input(void **state)
{
    (void)state;
    struct ps_reason why;
    int64_t shares[3] = {7, 7, 7};
    const int64_t zeros[] = {0, 0, 0};
    const int64_t negative[] = {5, -1, 5};
    const int64_t huge[] = {INT64_MAX, 1};

    assert_int_equal(pos_allocate(0, zeros, 3, shares, &why), 0);
    assert_int_equal(shares[0] + shares[1] + shares[2], 0);
    assert_int_equal(pos_allocate(1, zeros, 3, shares, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "nothing to spread"));
    assert_int_equal(pos_allocate(5, negative, 3, shares, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "weight 2"));
    assert_int_equal(pos_allocate(-1, zeros, 3, shares, &why), PS_EINVAL);
    assert_int_equal(pos_allocate(1, huge, 2, shares, &why), PS_EOVERFLOW);
    assert_int_equal(pos_allocate(0, NULL, 0, NULL, &why), 0);

    /* near the limits: the 128-bit products stay exact */
    const int64_t big[] = {INT64_MAX / 2, INT64_MAX / 2};
    assert_int_equal(pos_allocate(INT64_MAX - 1, big, 2, shares, &why), 0);
    assert_true(shares[0] == INT64_MAX / 2 && shares[1] == INT64_MAX / 2);
}

/* Hamilton's method as a textbook states it: sort by dropped fraction, hand out. */
static void reference_allocate(int64_t total, const int64_t *w, size_t n, int64_t *out)
{
    __int128 sum = 0, rem[64];
    size_t order[64];
    int64_t given = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    for (size_t i = 0; i < n; i++) {
        out[i] = (int64_t)((__int128)total * w[i] / sum);
        rem[i] = (__int128)total * w[i] % sum;
        given += out[i];
        order[i] = i;
    }
    for (size_t i = 1; i < n; i++) { /* insertion sort: fraction down, index up */
        for (size_t j = i; j > 0 && rem[order[j]] > rem[order[j - 1]]; j--) {
            size_t tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    }
    for (int64_t k = 0; k < total - given; k++)
        out[order[k]]++;
}

static void property_shares_add_up_and_match_the_textbook(void **state)
{
    (void)state;
    uint64_t seed = test_seed(), rng = seed;
    print_message("allocate property test: POSSUM_TEST_SEED=%" PRIu64 "\n", seed);
    for (int round = 0; round < 20000; round++) {
        int64_t w[64], got[64], want[64], sum = 0;
        size_t n = 1 + random_below(&rng, 64);
        /* small weights make ties common; large ones exercise the 128-bit path */
        int64_t scale = random_below(&rng, 2) ? 100 : 100000000000LL;
        for (size_t i = 0; i < n; i++) {
            w[i] = (int64_t)(next_random(&rng) % (uint64_t)scale);
            sum += w[i];
        }
        if (sum == 0)
            continue;
        int64_t total = (int64_t)(next_random(&rng) % (uint64_t)(sum + 1));
        struct ps_reason why;
        assert_seeded(pos_allocate(total, w, n, got, &why) == 0, seed);
        reference_allocate(total, w, n, want);
        int64_t added = 0;
        for (size_t i = 0; i < n; i++) {
            added += got[i];
            assert_seeded(got[i] == want[i], seed);
            assert_seeded(got[i] >= 0 && got[i] <= w[i], seed);
            /* within one fen of the exact share: |got * sum - total * w| < sum */
            __int128 diff = (__int128)got[i] * sum - (__int128)total * w[i];
            assert_seeded(diff > -(__int128)sum && diff < (__int128)sum, seed);
        }
        assert_seeded(added == total, seed);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(splits_known_figures),
        cmocka_unit_test(handles_edges_and_refuses_bad_input),
        cmocka_unit_test(property_shares_add_up_and_match_the_textbook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
