#include "testing.h"

#include <stdio.h>

#include "host/office/onboarding/mid.h"

/* Parses a heap copy of exactly strlen(text) bytes, so ASan catches a read past len. */
static int parse(const char *text, struct office_mid *out, struct ps_reason *why)
{
    size_t n = strlen(text);
    char *copy = malloc(n + (n == 0));
    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = office_mid_parse(copy, n, out, why);
    free(copy);
    return rc;
}

static void composes_the_demo_mid(void **state)
{
    (void)state;
    char mid[OFFICE_MID_LEN + 1];
    struct ps_reason why;
    /* the demo acquirer 898, Shenzhen's area code 5840, MCC 5411 (grocery stores) */
    assert_int_equal(office_mid_compose("898", "5840", "5411", 1, mid, &why), 0);
    assert_string_equal(mid, "898584054110001");
    assert_string_equal(why.text, "");
    assert_int_equal(office_mid_compose("898", "5840", "5411", 9999, mid, NULL), 0);
    assert_string_equal(mid, "898584054119999");
    assert_int_equal(office_mid_compose("000", "0010", "0001", 42, mid, NULL), 0);
    assert_string_equal(mid, "000001000010042");
}

static void parses_it_back(void **state)
{
    (void)state;
    struct office_mid m;
    assert_int_equal(parse("898584054110001", &m, NULL), 0);
    assert_string_equal(m.acquirer, "898");
    assert_string_equal(m.area, "5840");
    assert_string_equal(m.mcc, "5411");
    assert_int_equal(m.sequence, 1);
    assert_int_equal(parse("898584054119999", NULL, NULL), 0);
}

static void round_trips_every_sequence(void **state)
{
    (void)state;
    char mid[OFFICE_MID_LEN + 1];
    struct office_mid m;
    for (unsigned seq = 1; seq <= OFFICE_MID_SEQUENCE_MAX; seq++) {
        assert_int_equal(office_mid_compose("898", "2900", "5812", seq, mid, NULL), 0);
        assert_int_equal(strlen(mid), OFFICE_MID_LEN);
        assert_int_equal(office_mid_parse(mid, OFFICE_MID_LEN, &m, NULL), 0);
        assert_int_equal(m.sequence, seq);
        assert_string_equal(m.acquirer, "898");
        assert_string_equal(m.area, "2900");
        assert_string_equal(m.mcc, "5812");
    }
}

/* Property: random parts compose to a MID that parses back into the same parts. */
static void property_random_parts_round_trip(void **state)
{
    (void)state;
    uint64_t seed = test_seed(), rng = seed;
    for (int i = 0; i < 5000; i++) {
        char acquirer[4], area[5], mcc[5], mid[OFFICE_MID_LEN + 1];
        struct office_mid m;
        snprintf(acquirer, sizeof(acquirer), "%03u", random_below(&rng, 1000));
        snprintf(area, sizeof(area), "%04u", 1 + random_below(&rng, 9999));
        snprintf(mcc, sizeof(mcc), "%04u", 1 + random_below(&rng, 9999));
        unsigned seq = 1 + random_below(&rng, OFFICE_MID_SEQUENCE_MAX);
        assert_seeded(office_mid_compose(acquirer, area, mcc, seq, mid, NULL) == 0, seed);
        assert_seeded(office_mid_parse(mid, strlen(mid), &m, NULL) == 0, seed);
        assert_seeded(strcmp(m.acquirer, acquirer) == 0 && strcmp(m.area, area) == 0 &&
                          strcmp(m.mcc, mcc) == 0 && m.sequence == seq,
                      seed);
    }
}

static void names_the_bad_part_when_composing(void **state)
{
    (void)state;
    char mid[OFFICE_MID_LEN + 1];
    struct ps_reason why;
    static const struct {
        const char *acquirer, *area, *mcc;
        unsigned seq;
        int rc;
        const char *reason;
    } cases[] = {
        {"89", "5840", "5411", 1, PS_EFORMAT, "acquirer code \"89\": 3 digits needed, not 2"},
        {"8988", "5840", "5411", 1, PS_EFORMAT, "acquirer code \"8988\": 3 digits needed, not 4"},
        {"8A8", "5840", "5411", 1, PS_EFORMAT,
         "acquirer code \"8A8\": character 'A' at position 2 is not a digit"},
        {"898", "584", "5411", 1, PS_EFORMAT, "area code \"584\": 4 digits needed, not 3"},
        {"898", "58 0", "5411", 1, PS_EFORMAT,
         "area code \"58 0\": character ' ' at position 3 is not a digit"},
        {"898", "0000", "5411", 1, PS_EFORMAT, "area code 0000 names no area"},
        {"898", "5840", "0000", 1, PS_EFORMAT, "MCC: 0000 is not a merchant category code"},
        {"898", "5840", "541", 1, PS_EFORMAT, "MCC: a merchant category code has 4 digits, not 3"},
        {"898", "5840", "54X1", 1, PS_EFORMAT, "MCC: character 'X' at position 3 is not a digit"},
        {"898", "5840", "5411", 0, PS_EINVAL, "sequence 0: sequences start at 1"},
        {"898", "5840", "5411", 10000, PS_EOVERFLOW,
         "sequence 10000 does not fit 4 digits: area 5840 and MCC 5411 have no numbers left"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        strcpy(mid, "untouched");
        assert_int_equal(office_mid_compose(cases[i].acquirer, cases[i].area, cases[i].mcc,
                                            cases[i].seq, mid, &why),
                         cases[i].rc);
        assert_string_equal(why.text, cases[i].reason);
        assert_string_equal(mid, "");
    }
}

static void names_the_bad_positions_when_parsing(void **state)
{
    (void)state;
    struct ps_reason why;
    static const struct {
        const char *mid, *reason;
    } cases[] = {
        {"89858405411000", "a MID has 15 digits, not 14"},
        {"8985840541100011", "a MID has 15 digits, not 16"},
        {"", "a MID has 15 digits, not 0"},
        {"8985840541A0001", "character 'A' at position 11 is not a digit"},
        {"898584054110001\n", "a MID has 15 digits, not 16"},
        {"898-58405411001", "character '-' at position 4 is not a digit"},
        {"898000054110001", "positions 4-7: area code 0000 names no area"},
        {"898584000000001", "positions 8-11, the MCC: 0000 is not a merchant category code"},
        {"898584054110000", "positions 12-15: sequence 0000; sequences start at 0001"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct office_mid m = {.sequence = 77};
        assert_int_equal(parse(cases[i].mid, &m, &why), PS_EFORMAT);
        assert_string_equal(why.text, cases[i].reason);
        assert_int_equal(m.sequence, 77); /* untouched on failure */
    }
    assert_int_equal(office_mid_parse("\x80\xff", 2, NULL, &why), PS_EFORMAT);
    char nul[OFFICE_MID_LEN] = "89858405411000";
    nul[14] = '\0';
    assert_int_equal(office_mid_parse(nul, OFFICE_MID_LEN, NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "byte 0x00 at position 15 is not a digit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(composes_the_demo_mid),
        cmocka_unit_test(parses_it_back),
        cmocka_unit_test(round_trips_every_sequence),
        cmocka_unit_test(property_random_parts_round_trip),
        cmocka_unit_test(names_the_bad_part_when_composing),
        cmocka_unit_test(names_the_bad_positions_when_parsing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
