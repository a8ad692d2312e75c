/* testing.h — what every unit test includes: cmocka with its prerequisites, and a few
 * helpers for byte arrays written as hex (test vectors are quoted as in their source). */
#ifndef POSSUM_TESTS_TESTING_H
#define POSSUM_TESTS_TESTING_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
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

#endif
