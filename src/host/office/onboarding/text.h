/* text.h — internal to office/: what the back office's checks share about text.
 *
 * Text from the API is UTF-8 (core/utf8.h decides what that means). A field has a
 * limit in bytes, which is its storage, and often one in characters, which is what a
 * person sees: 50 Chinese characters take 150 bytes, or 200 for the rarer ones outside
 * the Basic Multilingual Plane that many names use.
 */
#ifndef POSSUM_HOST_OFFICE_TEXT_H
#define POSSUM_HOST_OFFICE_TEXT_H

#include <stddef.h>

#include "core/error.h"

/* Room for a quoted echo of input in a reason: 24 characters, escapes, quotes. */
#define OFFICE__QUOTE_MAX 112

/* Writes s[0..len) into buf as a double-quoted echo safe to put in a reason (and in
 * JSON): printable ASCII and well-formed UTF-8 above it as they are; control bytes,
 * quotes, backslashes and malformed bytes as \xNN; cut after 24 characters with "...".
 * Returns buf. */
const char *office__quote(const char *s, size_t len, char buf[OFFICE__QUOTE_MAX]);

/* The length of the NUL-terminated s, looking at no more than cap bytes; cap when
 * there is no NUL in them. */
size_t office__bounded_len(const char *s, size_t cap);

/* 0 when s[0..len) is all ASCII digits; otherwise PS_EFORMAT ("character 'A' at
 * position 3 is not a digit", positions from first + 1, so a part of a longer code
 * can name positions in the whole). */
int office__check_digits(const char *s, size_t len, size_t first, struct ps_reason *why);

/* What a piece of text may hold. */
struct office__text_rules {
    size_t max_bytes; /* 0: no limit beyond the caller's buffer */
    size_t max_chars; /* 0: no limit */
    int multiline;    /* line feeds and tabs allowed (notes); otherwise one line */
};

/* Checks s[0..len) as text a person typed: well-formed UTF-8; no control characters
 * (C0, DEL, C1), except line feed, carriage return and tab when rules->multiline; not
 * starting or ending with a blank (space, tab, line end, U+3000 ideographic space),
 * which would make two equal-looking names differ; within the limits. Empty text
 * passes (whether a field is required is the caller's business).
 * Returns 0, PS_EFORMAT or PS_ETOOLONG; why is a sentence without a subject ("has 61
 * characters; at most 60", "is not UTF-8 at byte 7") for the caller to prefix. */
int office__text_check(const char *s, size_t len, const struct office__text_rules *rules,
                       struct ps_reason *why);

/* A name table: names[i] is the text of the value i (NULL where no value is). */
struct office__names {
    const char *const *names;
    size_t count;
    const char *what; /* "application state", in "... is not an application state" */
};

/* The name of value, or NULL when the table has none. */
const char *office__name_of(const struct office__names *table, int value);

/* Finds s[0..len) (exact, case-sensitive: the API's names are lower case) and sets
 * *value (OUT). Returns 0 or PS_EUNDEFINED ("\"Draft\" is not an application state"). */
int office__value_of(const struct office__names *table, const char *s, size_t len,
                     int *value /* OUT */, struct ps_reason *why);

#endif
