/* testing.h — what every unit test includes: cmocka with its prerequisites, and a few
 * helpers for byte arrays written as hex (test vectors are quoted as in their source). */
#ifndef POSSUM_TESTS_TESTING_H
#define POSSUM_TESTS_TESTING_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/hex.h"

/* Decodes a hex literal into buf (test-only: fails the test on bad input) and
 * returns the byte count. */
static inline size_t unhex(const char *text, uint8_t *buf, size_t cap)
{
    size_t n = 0;
    int rc = ps_hex_decode(text, strlen(text), buf, cap, &n, NULL);
    assert_int_equal(rc, 0);
    return n;
}

/* Asserts that bytes[0..len) print as the uppercase hex string want. */
#define assert_hex_equal(bytes, len, want)                                                         \
    do {                                                                                           \
        char got_hex_[2 * 4096 + 1];                                                               \
        assert_true((len) <= 4096);                                                                \
        ps_hex_encode((bytes), (len), got_hex_);                                                   \
        assert_string_equal(got_hex_, (want));                                                     \
    } while (0)

/* Random test data that can be replayed. splitmix64: the whole state is one number. */
static inline uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* A number below n (n > 0). */
static inline unsigned random_below(uint64_t *state, unsigned n)
{
    return (unsigned)(next_random(state) % n);
}

/* The seed of a property test: POSSUM_TEST_SEED when set (to replay a failure),
 * otherwise new each run so every run explores new values. Print it on failure with
 * assert_seeded(). */
static inline uint64_t test_seed(void)
{
    const char *env = getenv("POSSUM_TEST_SEED");
    if (env != NULL && *env != '\0')
        return strtoull(env, NULL, 0);
    return (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
}

#define assert_seeded(cond, seed)                                                                  \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            print_error("%s failed; rerun with POSSUM_TEST_SEED=%" PRIu64 "\n", #cond, (seed));    \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

#endif
