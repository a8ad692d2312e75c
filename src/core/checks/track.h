/* track.h — a card's magnetic stripe as a card reader delivers it (ISO/IEC 7813):
 * track 2, optionally after track 1, one swipe per line.
 *
 * A reader that acts as a keyboard, or a serial one, sends the tracks as text:
 *
 *     %B6222020000000000018^ZHANG/SAN^3012101000000000000?;6222020000000000018=30121010000000000000?
 *
 * Track 1 ('%' 'B' PAN '^' name '^' YYMM service code ... '?') is optional and only
 * checked against track 2: field 35 of a request carries track 2, whose data between
 * the sentinels is PAN '=' YYMM service code discretionary data, digits and one '='.
 * The sentinels (';' and '?') may be missing (some readers strip them), and one
 * character after a '?' is taken for the LRC, which readers rarely send and which is
 * not checked (the reader checked it on the stripe).
 *
 * This lives in core beside luhn because the terminal's app (reading a swipe) and
 * hostlink (checking the track 2 a request carries, shared with possumctl) both need
 * it, and it is pure text work. Track data is as sensitive as the card itself: callers
 * wipe a struct ps_track2 (ps_track2_wipe) as soon as the request is sent, and never
 * store it. Reasons name what is wrong, never the card number. */
#ifndef POSSUM_CORE_CHECKS_TRACK_H
#define POSSUM_CORE_CHECKS_TRACK_H

#include <stddef.h>

#include "core/crypto/pinblock.h" /* PS_PAN_MIN, PS_PAN_MAX */
#include "core/error.h"

/* Track 2 data between the sentinels: at most 37 characters (ISO/IEC 7813; field 35
 * is LLVAR of up to 37). */
#define PS_TRACK2_MAX 37
/* The longest swipe line parsed: track 1 (at most 79 characters between its
 * sentinels) and track 2, with sentinels and LRCs. */
#define PS_SWIPE_MAX 128

/* Track 2 as read: every string NUL-terminated. */
struct ps_track2 {
    char data[PS_TRACK2_MAX + 1]; /* PAN '=' YYMM service code ...: field 35 as sent */
    char pan[PS_PAN_MAX + 1];
    char expiry[5];       /* YYMM */
    char service_code[4]; /* e.g. "101": international, normal authorization */
    int had_track1;       /* a track 1 came before it (and named the same card) */
};

/* Parses one swipe, s[0..len) (need not be NUL-terminated; at most PS_SWIPE_MAX
 * bytes after blanks and line ends at either end are dropped). Fills *out (OUT) on
 * success; on failure *out is wiped.
 * Returns 0; PS_ETOOLONG; PS_EFORMAT naming the track and the fault ("track 2: no '='
 * separator", "track 2: PAN has 12 digits; 13 to 19", "track 2: expiry month 13",
 * "track 1: its card number differs from track 2's"); PS_ECHECK when the PAN fails
 * the Luhn check (a misread stripe). */
int ps_track_parse(const char *s, size_t len, struct ps_track2 *out, struct ps_reason *why);

/* Nonzero when text begins as a swipe does: a start sentinel, ';' (track 2) or '%'
 * (track 1). What a cashier types (digits) never does. */
int ps_track_is_swipe(const char *text);

/* Clears *t so no track data stays in memory. */
void ps_track2_wipe(struct ps_track2 *t);

#endif
