/* checks/track: swipes as card readers deliver them, with and without sentinels, LRC,
 * track 1 and line ends; every malformed swipe refused with the track and the fault
 * named (never the card number); no read past len. */
#include "testing.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/checks/track.h"

#define PAN    "6222020000000000018"
#define TRACK2 PAN "=30121010000000000" /* 37 characters, the most there are */
#define TRACK1 "%B" PAN "^ZHANG/SAN^3012101000000000000?"

/* Parses a heap copy of exactly strlen(text) bytes with no terminator, so that ASan
 * catches any read past len. */
static int parse(const char *text, struct ps_track2 *t, struct ps_reason *why)
{
    size_t n = strlen(text);
    char *copy = malloc(n + (n == 0));
    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = ps_track_parse(copy, n, t, why);
    free(copy);
    return rc;
}

/* Asserts text is refused with code, its reason containing want. */
static void refused(const char *text, int code, const char *want)
{
    struct ps_track2 t;
    struct ps_reason why;

    memset(&t, 0x55, sizeof(t));
    int rc = parse(text, &t, &why);
    if (rc != code || strstr(why.text, want) == NULL)
        fail_msg("'%s': got %d \"%s\", want %d \"%s\"", text, rc, why.text, code, want);
    assert_int_equal(t.pan[0], '\0'); /* nothing half-filled */
    assert_int_equal(t.data[0], '\0');
    assert_null(strstr(why.text, "622202000000"));
}

static void reads_track2_in_every_form_readers_send(void **state)
{
    static const char *const forms[] = {
        ";" TRACK2 "?",         /* sentinels */
        TRACK2,                 /* stripped by the reader */
        ";" TRACK2,             /* start sentinel only */
        TRACK2 "?",             /* end sentinel only */
        ";" TRACK2 "?5",        /* the LRC after the end sentinel */
        ";" TRACK2 "?\r\n",     /* a serial reader's line end */
        "  ;" TRACK2 "?\n",     /* blanks around */
        TRACK1 ";" TRACK2 "?",  /* track 1 first */
        TRACK1 "Z;" TRACK2 "?", /* with track 1's LRC */
    };
    struct ps_track2 t;
    struct ps_reason why;

    (void)state;
    for (size_t i = 0; i < PS_ARRAY_LEN(forms); i++) {
        if (parse(forms[i], &t, &why) != 0)
            fail_msg("'%s': %s", forms[i], why.text);
        assert_string_equal(why.text, "");
        assert_string_equal(t.data, TRACK2);
        assert_string_equal(t.pan, PAN);
        assert_string_equal(t.expiry, "3012");
        assert_string_equal(t.service_code, "101");
        assert_int_equal(t.had_track1, forms[i][0] == '%');
    }
}

static void reads_short_and_long_card_numbers(void **state)
{
    struct ps_track2 t;
    struct ps_reason why;

    (void)state;
    /* 13 digits (a published Visa test number), nothing after the service code */
    assert_int_equal(parse(";4222222222222=2501201?", &t, &why), 0);
    assert_string_equal(t.pan, "4222222222222");
    assert_string_equal(t.data, "4222222222222=2501201");
    assert_string_equal(t.service_code, "201");
    /* 37 characters, the most field 35 carries; the reason for 40 names the rule */
    assert_int_equal(parse(";4111111111111111=29121011234567890123?", &t, &why), 0);
    assert_int_equal(strlen(t.data), PS_TRACK2_MAX);
    assert_int_equal(parse(";6222020000000000018=30121010000000000000?", &t, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "track 2: 40 characters; at most 37");
    ps_track2_wipe(&t);
    assert_int_equal(t.pan[0], '\0');
}

static void names_each_fault_of_track2(void **state)
{
    (void)state;
    refused("", PS_EFORMAT, "swipe: nothing was read");
    refused(" \r\n", PS_EFORMAT, "swipe: nothing was read");
    refused(";?", PS_EFORMAT, "track 2: empty");
    refused(";" PAN "?", PS_EFORMAT, "track 2: no '=' separator");
    refused(PAN, PS_EFORMAT, "track 2: no '=' separator");
    refused(";622202000000=30121010000?", PS_EFORMAT, "track 2: PAN has 12 digits; 13 to 19");
    refused(";62220200000000000180=30121010000?", PS_EFORMAT,
            "track 2: PAN has 20 digits; 13 to 19");
    refused(";=30121010000?", PS_EFORMAT, "track 2: PAN has 0 digits");
    refused(";6222020000000000019=30121010000?", PS_ECHECK, "track 2: the PAN fails the Luhn");
    refused(";" PAN "=3013101?", PS_EFORMAT, "track 2: expiry month 13");
    refused(";" PAN "=3000101?", PS_EFORMAT, "track 2: expiry month 00");
    refused(";" PAN "=?", PS_EFORMAT, "track 2: no expiry date YYMM after '='");
    refused(";" PAN "=301?", PS_EFORMAT, "track 2: no expiry date YYMM after '='");
    refused(";" PAN "=3012?", PS_EFORMAT, "track 2: no service code");
    refused(";" PAN "=301210?", PS_EFORMAT, "track 2: no service code");
    refused(";" PAN "=3012=101?", PS_EFORMAT, "track 2: a second '=' at position 25");
    refused(";" PAN "D30121010000?", PS_EFORMAT,
            "track 2: character 'D' at position 20 is not a digit or '='");
    refused(";6222 0200=3012101?", PS_EFORMAT, "character ' ' at position 5 is not a digit");
    refused(";" PAN "=3012101\t0?", PS_EFORMAT, "byte 0x09 at position 28");
    refused(";" TRACK2 "00000000000000000?", PS_ETOOLONG, "track 2: 54 characters; at most 37");
    refused(";" TRACK2 "?12", PS_EFORMAT, "track 2: 2 characters after the end sentinel '?'");
    refused(";" TRACK2 "?;" TRACK2 "?", PS_EFORMAT, "characters after the end sentinel");
    refused("B" PAN "^ZHANG/SAN^3012101?", PS_EFORMAT, "track 2: character 'B' at position 1");
}

static void names_each_fault_of_track1(void **state)
{
    char longer[200];

    (void)state;
    refused("%B" PAN "^ZHANG/SAN^3012101", PS_EFORMAT, "track 1: no end sentinel '?'");
    refused("%A" PAN "^ZHANG/SAN^3012101?;" TRACK2 "?", PS_EFORMAT,
            "track 1: format code is character 'A', not 'B'");
    refused("%?;" TRACK2 "?", PS_EFORMAT, "track 1: format code is missing");
    refused("%B" PAN "ZHANG/SAN3012101?;" TRACK2 "?", PS_EFORMAT,
            "track 1: no '^' after the card number");
    refused(TRACK1, PS_EFORMAT, "track 2: missing; the reader sent track 1 only");
    refused(TRACK1 "Z", PS_EFORMAT, "track 2: missing");
    refused("%B4111111111111111^ZHANG/SAN^3012101?;" TRACK2 "?", PS_EFORMAT,
            "track 1: its card number differs from track 2's");
    refused("%B" PAN "^ZHANG/SAN^3012101?;6222020000000000019=30121010000?", PS_ECHECK,
            "track 2: the PAN fails");
    snprintf(longer, sizeof(longer), "%%B%s^%s^3012101?;%s?", PAN,
             "A VERY LONG CARDHOLDER NAME/THAT DOES NOT FIT IN ONE", TRACK2);
    refused(longer, PS_EFORMAT, "track 1: 81 characters; at most 79");
}

static void refuses_a_line_longer_than_a_swipe(void **state)
{
    char line[PS_SWIPE_MAX + 2];

    (void)state;
    memset(line, '1', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    refused(line, PS_ETOOLONG, "swipe: 129 characters; at most 128");
}

static void tells_a_swipe_from_typing(void **state)
{
    (void)state;
    assert_true(ps_track_is_swipe(";6222"));
    assert_true(ps_track_is_swipe("%B6222"));
    assert_false(ps_track_is_swipe("6222020000000000018"));
    assert_false(ps_track_is_swipe(""));
    assert_false(ps_track_is_swipe(NULL));
}

/* Every prefix of a good swipe, and every one-character change to it, is either
 * accepted with a track 2 that reads back, or refused with a reason: never a crash or
 * a read past the end (ASan). */
static void property_no_cut_or_change_breaks_the_parser(void **state)
{
    const char *good = TRACK1 ";" TRACK2 "?";
    static const char alphabet[] = "0123456789=;?%^B \r";
    size_t n = strlen(good);
    char buf[256];
    struct ps_track2 t;
    struct ps_reason why;

    (void)state;
    for (size_t cut = 0; cut <= n; cut++) {
        memcpy(buf, good, cut);
        buf[cut] = '\0';
        int rc = parse(buf, &t, &why);
        assert_true(rc == 0 ? strlen(t.pan) >= PS_PAN_MIN : why.text[0] != '\0');
    }
    for (size_t pos = 0; pos < n; pos++) {
        for (size_t a = 0; a < sizeof(alphabet) - 1; a++) {
            memcpy(buf, good, n + 1);
            buf[pos] = alphabet[a];
            int rc = parse(buf, &t, &why);
            if (rc == 0)
                assert_int_equal(strncmp(t.data, t.pan, strlen(t.pan)), 0);
            else
                assert_true(why.text[0] != '\0');
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_track2_in_every_form_readers_send),
        cmocka_unit_test(reads_short_and_long_card_numbers),
        cmocka_unit_test(names_each_fault_of_track2),
        cmocka_unit_test(names_each_fault_of_track1),
        cmocka_unit_test(refuses_a_line_longer_than_a_swipe),
        cmocka_unit_test(tells_a_swipe_from_typing),
        cmocka_unit_test(property_no_cut_or_change_breaks_the_parser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
