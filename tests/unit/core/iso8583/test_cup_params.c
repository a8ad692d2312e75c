/* Field 62 of a parameter download: what the host packs, the terminal reads back, and
 * every malformed value is refused naming its tag. */
#include "testing.h"

#include <stdio.h>

#include "core/iso8583/cup_params.h"

static struct ps_cup_params sample(void)
{
    struct ps_cup_params p = {.max_amount = 5000000, .max_refund = 100000, .batch_max = 500};
    snprintf(p.merchant_name, sizeof(p.merchant_name), "%s", "星河便利店");
    snprintf(p.allowed, sizeof(p.allowed), "01,22,23,25");
    snprintf(p.host_time, sizeof(p.host_time), "20261123143000");
    return p;
}

static void packs_the_documented_items(void **state)
{
    (void)state;
    struct ps_cup_params p = sample(), back;
    uint8_t buf[PS_CUP_PARAMS_MAX];
    size_t len = 0;
    assert_int_equal(ps_cup_params_pack(&p, buf, sizeof(buf), &len, NULL), 0);
    /* 01 + 015 + 15 UTF-8 bytes, then the rest in order */
    const char *want = "01015\xe6\x98\x9f\xe6\xb2\xb3\xe4\xbe\xbf\xe5\x88\xa9\xe5\xba\x97"
                       "0201101,22,23,25"
                       "03012000005000000"
                       "04012000000100000"
                       "050040500"
                       "0601420261123143000";
    assert_int_equal(len, strlen(want));
    assert_memory_equal(buf, want, len);
    assert_int_equal(ps_cup_params_unpack(buf, len, &back, NULL), 0);
    assert_memory_equal(&back, &p, sizeof(p));
}

static void unknown_items_are_skipped_and_order_is_free(void **state)
{
    (void)state;
    struct ps_cup_params p;
    const char *v = "0601420261123143000" "99003abc" "050040000" "0200222" "04012000000000000"
                    "03012000000000001" "01003ABC";
    assert_int_equal(ps_cup_params_unpack((const uint8_t *)v, strlen(v), &p, NULL), 0);
    assert_string_equal(p.merchant_name, "ABC");
    assert_string_equal(p.allowed, "22");
    assert_int_equal(p.max_amount, 1);
    assert_int_equal(p.batch_max, 0);
    assert_true(ps_cup_params_allows(&p, 22));
    assert_false(ps_cup_params_allows(&p, 23));
}

static void malformed_values_name_their_tag(void **state)
{
    (void)state;
    static const struct {
        const char *value, *reason;
    } cases[] = {
        {"0100", "4 bytes left at 0"},
        {"01009ABC", "tag 01: 9 bytes announced, 3 left"},
        {"X1003ABC", "no tag and length at byte 0"},
        {"01000", "tag 01: 0 bytes"},
        {"01003ABC01003ABC", "tag 01: twice"},
        {"0200322,", "tag 02: not a list"},
        {"03003123", "tag 03: not 12 digits"},
        {"050041a00", "tag 05: not 4 digits"},
        {"0600820261123", "tag 06: not YYYYMMDDhhmmss"},
        {"01003ABC", "tag 02 is missing"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct ps_cup_params p;
        struct ps_reason why = {{0}};
        const char *v = cases[i].value;
        assert_true(ps_cup_params_unpack((const uint8_t *)v, strlen(v), &p, &why) < 0);
        if (strstr(why.text, cases[i].reason) == NULL)
            fail_msg("%s: \"%s\", wanted \"%s\"", v, why.text, cases[i].reason);
    }
}

static void pack_refuses_what_cannot_be_sent(void **state)
{
    (void)state;
    uint8_t buf[PS_CUP_PARAMS_MAX];
    size_t len;
    struct ps_reason why = {{0}};
    struct ps_cup_params p = sample();
    p.merchant_name[0] = '\0';
    assert_int_equal(ps_cup_params_pack(&p, buf, sizeof(buf), &len, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "merchant name"));
    p = sample();
    snprintf(p.allowed, sizeof(p.allowed), "1,22");
    assert_int_equal(ps_cup_params_pack(&p, buf, sizeof(buf), &len, &why), PS_EINVAL);
    p = sample();
    p.max_refund = -1;
    assert_int_equal(ps_cup_params_pack(&p, buf, sizeof(buf), &len, &why), PS_EINVAL);
    p = sample();
    assert_int_equal(ps_cup_params_pack(&p, buf, 20, &len, &why), PS_ESPACE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(packs_the_documented_items),
        cmocka_unit_test(unknown_items_are_skipped_and_order_is_free),
        cmocka_unit_test(malformed_values_name_their_tag),
        cmocka_unit_test(pack_refuses_what_cannot_be_sent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
