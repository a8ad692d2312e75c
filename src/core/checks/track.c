#include "core/checks/track.h"

#include <string.h>

#include <openssl/crypto.h>

#include "core/checks/chars.h"
#include "core/checks/luhn.h"

#define TRACK1_MAX 79 /* ISO/IEC 7813: characters of track 1 between its sentinels */

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Index of the first c in s[from..len), or len. */
static size_t find(const char *s, size_t from, size_t len, char c)
{
    while (from < len && s[from] != c)
        from++;
    return from;
}

/* Track 1 from s[0] == '%' to its '?' (and an LRC after it). Sets the span of its card
 * number and *next to where track 2 may start. Its name and discretionary data are
 * not needed: track 2 is what is sent. */
static int read_track1(const char *s, size_t len, const char **pan, size_t *pan_len, size_t *next,
                       struct ps_reason *why)
{
    char name[PS__CHAR_NAME_MAX];
    size_t end = find(s, 1, len, '?'), caret;

    if (end == len)
        return ps_fail(why, PS_EFORMAT, "track 1: no end sentinel '?'");
    if (end - 1 > TRACK1_MAX)
        return ps_fail(why, PS_EFORMAT, "track 1: %zu characters; at most %d", end - 1, TRACK1_MAX);
    if (end < 2 || s[1] != 'B')
        return ps_fail(why, PS_EFORMAT, "track 1: format code is %s, not 'B' (a payment card)",
                       end < 2 ? "missing" : ps__check_char_name(s[1], name));
    caret = find(s, 2, end, '^');
    if (caret == end)
        return ps_fail(why, PS_EFORMAT, "track 1: no '^' after the card number");
    *pan = s + 2;
    *pan_len = caret - 2;
    *next = end + 1;
    /* the LRC, when the reader passes it on; track 2 starts with its own sentinel */
    if (*next < len && s[*next] != ';')
        (*next)++;
    return PS_OK;
}

/* The track 2 data s[0..len), between the sentinels, into *out. */
static int read_track2(const char *s, size_t len, struct ps_track2 *out, struct ps_reason *why)
{
    char name[PS__CHAR_NAME_MAX];
    size_t sep = find(s, 0, len, '='), after;
    int month;

    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "track 2: empty");
    for (size_t i = 0; i < len; i++) {
        if ((s[i] < '0' || s[i] > '9') && s[i] != '=')
            return ps_fail(why, PS_EFORMAT, "track 2: %s at position %zu is not a digit or '='",
                           ps__check_char_name(s[i], name), i + 1);
        if (s[i] == '=' && i > sep)
            return ps_fail(why, PS_EFORMAT, "track 2: a second '=' at position %zu", i + 1);
    }
    if (len > PS_TRACK2_MAX)
        return ps_fail(why, PS_ETOOLONG, "track 2: %zu characters; at most %d", len, PS_TRACK2_MAX);
    if (sep == len)
        return ps_fail(why, PS_EFORMAT, "track 2: no '=' separator after the card number");
    if (sep < PS_PAN_MIN || sep > PS_PAN_MAX)
        return ps_fail(why, PS_EFORMAT, "track 2: PAN has %zu digits; %d to %d", sep, PS_PAN_MIN,
                       PS_PAN_MAX);
    if (ps_luhn_validate(s, sep, NULL) != 0) /* the reason would name a digit of the PAN */
        return ps_fail(why, PS_ECHECK,
                       "track 2: the PAN fails the Luhn check (misread: swipe again)");
    after = len - sep - 1;
    if (after < 4)
        return ps_fail(why, PS_EFORMAT, "track 2: no expiry date YYMM after '='");
    month = (s[sep + 3] - '0') * 10 + (s[sep + 4] - '0');
    if (month < 1 || month > 12)
        return ps_fail(why, PS_EFORMAT, "track 2: expiry month %02d; 01 to 12", month);
    if (after < 7)
        return ps_fail(why, PS_EFORMAT, "track 2: no service code (3 digits) after the expiry");
    memcpy(out->data, s, len);
    out->data[len] = '\0';
    memcpy(out->pan, s, sep);
    out->pan[sep] = '\0';
    memcpy(out->expiry, s + sep + 1, 4);
    out->expiry[4] = '\0';
    memcpy(out->service_code, s + sep + 5, 3);
    out->service_code[3] = '\0';
    return PS_OK;
}

/* Track 2 as the rest of the line, from s[0]: an optional ';', the data, an optional
 * '?' with at most one LRC character after it. */
static int read_swiped_track2(const char *s, size_t len, struct ps_track2 *out,
                              struct ps_reason *why)
{
    size_t start = len > 0 && s[0] == ';' ? 1 : 0;
    size_t end = find(s, start, len, '?');

    if (len == 0)
        return ps_fail(why, PS_EFORMAT,
                       "track 2: missing; the reader sent track 1 only (set it to send track 2)");
    if (end < len && len - end - 1 > 1)
        return ps_fail(why, PS_EFORMAT, "track 2: %zu characters after the end sentinel '?'",
                       len - end - 1);
    return read_track2(s + start, end - start, out, why);
}

int ps_track_parse(const char *s, size_t len, struct ps_track2 *out, struct ps_reason *why)
{
    const char *pan1 = NULL;
    size_t pan1_len = 0, next = 0;
    int rc;

    ps_reason_clear(why);
    ps_track2_wipe(out);
    while (len > 0 && blank(s[0])) {
        s++;
        len--;
    }
    while (len > 0 && blank(s[len - 1]))
        len--;
    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "swipe: nothing was read");
    if (len > PS_SWIPE_MAX)
        return ps_fail(why, PS_ETOOLONG, "swipe: %zu characters; at most %d", len, PS_SWIPE_MAX);
    if (s[0] == '%' && (rc = read_track1(s, len, &pan1, &pan1_len, &next, why)) != 0)
        return rc;
    if ((rc = read_swiped_track2(s + next, len - next, out, why)) != 0) {
        ps_track2_wipe(out);
        return rc;
    }
    if (pan1 != NULL && (pan1_len != strlen(out->pan) || memcmp(pan1, out->pan, pan1_len) != 0)) {
        ps_track2_wipe(out);
        return ps_fail(why, PS_EFORMAT, "track 1: its card number differs from track 2's");
    }
    out->had_track1 = pan1 != NULL;
    return PS_OK;
}

int ps_track_is_swipe(const char *text)
{
    return text != NULL && (text[0] == ';' || text[0] == '%');
}

void ps_track2_wipe(struct ps_track2 *t)
{
    OPENSSL_cleanse(t, sizeof(*t));
}
