/* The terminal's state: identity checks, STAN wrapping, when to sign in, and the
 * reversal it owes. */
#include "fixtures.h"

static void init_checks_identity(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct ps_reason why;
    uint8_t tmk[16] = {0};

    assert_int_equal(hl_terminal_init(&t, "1000001", FX_MID, tmk, 10, &why), PS_EINVAL);
    assert_string_equal(why.text, "TID: 7 characters; 8 expected");
    hl_terminal_cleanup(&t);
    assert_int_equal(hl_terminal_init(&t, FX_TID, "89810001234000\x01", tmk, 10, &why), PS_EINVAL);
    assert_string_equal(why.text, "MID: character 15 is not printable ASCII");
    hl_terminal_cleanup(&t);
    assert_int_equal(hl_terminal_init(&t, FX_TID, FX_MID, tmk, 1000, &why), PS_EINVAL);
    assert_string_equal(why.text, "batch: room for 1000 transactions; 1 to 999 allowed");
    hl_terminal_cleanup(&t);

    assert_int_equal(hl_terminal_init(&t, FX_TID, FX_MID, tmk, 10, &why), 0);
    assert_string_equal(t.tid, FX_TID);
    assert_string_equal(t.mid, FX_MID);
    assert_int_equal(t.next_stan, 1);
    assert_hex_equal(t.tpdu, 5, "6000030000");
    assert_hex_equal(t.header, 6, "603100000000");
    assert_false(t.has_keys);
    hl_terminal_cleanup(&t);
}

/* 11 is six digits: after 999999 comes 000001, never 000000. */
static void stan_wraps_to_one(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct ps_reason why;

    fx_terminal(&t, 4, 0);
    assert_int_equal(hl_terminal_take_stan(&t), 1);
    assert_int_equal(hl_terminal_take_stan(&t), 2);
    assert_int_equal(hl_terminal_set_stan(&t, 999998, NULL), 0);
    assert_int_equal(hl_terminal_take_stan(&t), 999998);
    assert_int_equal(hl_terminal_take_stan(&t), 999999);
    assert_int_equal(hl_terminal_take_stan(&t), 1);
    assert_int_equal(hl_terminal_set_stan(&t, 0, &why), PS_EINVAL);
    assert_string_equal(why.text, "STAN 0 is outside 1..999999");
    assert_int_equal(hl_terminal_set_stan(&t, 1000000, NULL), PS_EINVAL);
    assert_int_equal(t.next_stan, 2);
    hl_terminal_cleanup(&t);
}

static void needs_sign_in_without_keys_on_another_day_or_after_settling(void **state)
{
    (void)state;
    struct hl_terminal t;
    time_t now = time(NULL);

    fx_terminal(&t, 4, 0);
    assert_true(hl_terminal_needs_sign_in(&t, now));
    hl_terminal_cleanup(&t);

    fx_terminal(&t, 4, 1);
    assert_false(hl_terminal_needs_sign_in(&t, now));
    assert_true(hl_terminal_needs_sign_in(&t, now + 2 * 86400));
    t.batch.settled = 1;
    assert_true(hl_terminal_needs_sign_in(&t, now));
    hl_terminal_cleanup(&t);
}

static void install_keys_refuses_sm4(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct ps_working_keys k;
    struct ps_reason why;

    fx_terminal(&t, 4, 0);
    ps_working_keys_init(&k, PS_WK_SM4);
    assert_int_equal(hl_terminal_install_keys(&t, &k, &why), PS_EINVAL);
    assert_string_equal(why.text, "working keys: only the 3DES scheme is supported");
    assert_false(t.has_keys);
    assert_null(t.pik);
    hl_terminal_cleanup(&t);
}

static void reversal_is_armed_and_cleared(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message m;

    fx_terminal(&t, 4, 1);
    memset(&m, 0, sizeof(m));
    m.kind = HL_PURCHASE;
    m.stan = 41;
    m.amount = 1234;
    memcpy(m.pan, FX_PAN, sizeof(FX_PAN));
    hl_terminal_arm_reversal(&t, &m, HL_REVERSAL_NO_ANSWER);
    assert_true(t.reversal_pending);
    assert_int_equal(t.reversal.stan, 41);
    assert_string_equal(t.reversal.reason, "98");
    hl_terminal_arm_reversal(&t, &m, HL_REVERSAL_TERMINAL_ERROR);
    assert_string_equal(t.reversal.reason, "06");
    hl_terminal_clear_reversal(&t);
    assert_false(t.reversal_pending);
    assert_string_equal(t.reversal.pan, "");
    hl_terminal_cleanup(&t);
}

static void outcome_names(void **state)
{
    (void)state;
    assert_string_equal(hl_strerror(PS_ETIMEDOUT), "timed out");
    assert_string_equal(hl_strerror(HL_REVERSAL_FIRST), "a reversal must be sent first");
    assert_string_equal(hl_strerror(PS_ECHECK), "check value mismatch");
    assert_string_equal(hl_kind_name(HL_COMPLETION_VOID), "completion_void");
    assert_string_equal(hl_kind_name(HL_REVERSAL), "reversal");
    assert_string_equal(hl_kind_name(HL_KIND_COUNT), "none");
    assert_true(hl_kind_is_financial(HL_REFUND));
    assert_false(hl_kind_is_financial(HL_BALANCE));
    assert_false(hl_kind_is_financial(HL_REVERSAL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_checks_identity),
        cmocka_unit_test(stan_wraps_to_one),
        cmocka_unit_test(needs_sign_in_without_keys_on_another_day_or_after_settling),
        cmocka_unit_test(install_keys_refuses_sm4),
        cmocka_unit_test(reversal_is_armed_and_cleared),
        cmocka_unit_test(outcome_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
