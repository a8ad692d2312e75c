#include "testing.h"

#include <stdio.h>

#include "host/office/tms/rollout.h"

static struct office_app_version v(const char *text)
{
    struct office_app_version out;

    assert_int_equal(office_app_version_parse(text, &out, NULL), 0);
    return out;
}

static void expect_version(const char *text, const char *reason)
{
    struct office_app_version out;
    struct ps_reason why;

    assert_int_equal(office_app_version_parse(text, &out, &why), PS_EFORMAT);
    assert_string_equal(why.text, reason);
}

static void versions_parse(void **state)
{
    struct office_app_version a = v("1.4.2"), z = v("0.0.0"), big = v("999999.0.10");

    (void)state;
    assert_int_equal(a.major, 1);
    assert_int_equal(a.minor, 4);
    assert_int_equal(a.patch, 2);
    assert_int_equal(z.patch, 0);
    assert_int_equal(big.major, 999999);
    assert_int_equal(big.patch, 10);
    expect_version("1.4", "app version \"1.4\": MAJOR.MINOR.PATCH expected");
    expect_version("1", "app version \"1\": MAJOR.MINOR.PATCH expected");
    expect_version("1.4.2.1", "app version \"1.4.2.1\": part 3 is not a number");
    expect_version("1.04.2", "app version \"1.04.2\": a leading zero in part 2");
    expect_version("1..2", "app version \"1..2\": part 2 is empty");
    expect_version("1.4.", "app version \"1.4.\": part 3 is empty");
    expect_version(".1.2", "app version \".1.2\": part 1 is empty");
    expect_version("1.4.2-rc.1", "app version \"1.4.2-rc.1\": part 3 is not a number");
    expect_version("v1.4.2", "app version \"v1.4.2\": part 1 is not a number");
    expect_version("1.4.1000000", "app version \"1.4.1000000\": part 3 is above 999999");
    expect_version(" 1.4.2", "app version \" 1.4.2\": part 1 is not a number");
    expect_version("", "app version \"\": MAJOR.MINOR.PATCH expected");
    expect_version(NULL, "app version: missing");
}

static void versions_compare_as_numbers(void **state)
{
    static const char *const ordered[] = {"0.0.0",  "0.0.1", "0.1.0",  "0.9.9", "1.0.0",
                                          "1.2.10", "1.9.3", "1.10.0", "2.0.0", "10.0.0"};
    (void)state;
    for (size_t i = 0; i < PS_ARRAY_LEN(ordered); i++) {
        for (size_t j = 0; j < PS_ARRAY_LEN(ordered); j++) {
            struct office_app_version a = v(ordered[i]), b = v(ordered[j]);
            int want = i < j ? -1 : i > j;
            assert_int_equal(office_app_version_compare(&a, &b), want);
        }
    }
}

static void packages(void **state)
{
    static const char hash[] = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
    struct office_app_package pkg;
    struct ps_reason why;

    (void)state;
    assert_int_equal(office_app_package_init(&pkg, "1.10.0", hash, &why), 0);
    assert_string_equal(pkg.version, "1.10.0");
    assert_int_equal(pkg.parsed.minor, 10);
    assert_string_equal(pkg.sha256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(office_app_package_init(&pkg, "1.10", hash, &why), PS_EFORMAT);
    assert_string_equal(why.text, "app version \"1.10\": MAJOR.MINOR.PATCH expected");
    assert_int_equal(office_app_package_init(&pkg, "1.1.0", hash + 1, &why), PS_EFORMAT);
    assert_string_equal(why.text, "sha256: too few characters, 64 hex digits needed");
    assert_string_equal(pkg.version, "");
    assert_int_equal(office_app_package_init(&pkg, "1.1.0", "", &why), PS_EFORMAT);
    assert_string_equal(why.text, "sha256: no characters, 64 hex digits needed");
    char longer[80];
    snprintf(longer, sizeof(longer), "%s0", hash);
    assert_int_equal(office_app_package_init(&pkg, "1.1.0", longer, &why), PS_EFORMAT);
    assert_string_equal(why.text, "sha256: more than 64 characters, 64 hex digits needed");
    char bad[80];
    snprintf(bad, sizeof(bad), "%s", hash);
    bad[10] = 'g';
    assert_int_equal(office_app_package_init(&pkg, "1.1.0", bad, &why), PS_EFORMAT);
    assert_string_equal(why.text, "sha256: character 11 is not a hex digit");
    assert_int_equal(office_app_package_init(&pkg, "1.1.0", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "sha256: missing");
}

enum {
    P = OFFICE_ROLLOUT_PENDING,
    D = OFFICE_ROLLOUT_DOWNLOADED,
    I = OFFICE_ROLLOUT_INSTALLED,
    F = OFFICE_ROLLOUT_FAILED
};

/* expected[action][state], 0 = refused: rollout.h's table written again */
static const int expected[OFFICE_ROLLOUT_ACTION_COUNT + 1][OFFICE_ROLLOUT_STATE_COUNT + 1] = {
    [OFFICE_ROLLOUT_REPORT_DOWNLOADED] = {0, D, 0, 0, 0},
    [OFFICE_ROLLOUT_REPORT_INSTALLED] = {0, I, I, 0, I},
    [OFFICE_ROLLOUT_REPORT_FAILED] = {0, F, F, 0, 0},
    [OFFICE_ROLLOUT_RETRY] = {0, 0, 0, 0, P},
};

static void every_transition(void **state)
{
    static const char *const states[] = {"", "pending", "downloaded", "installed", "failed"};
    static const char *const actions[] = {"", "report_downloaded", "report_installed",
                                          "report_failed", "retry"};
    struct ps_reason why;
    char want[PS_REASON_MAX];

    (void)state;
    for (int a = 1; a <= OFFICE_ROLLOUT_ACTION_COUNT; a++) {
        enum office_rollout_action pa;
        assert_string_equal(office_rollout_action_name((enum office_rollout_action)a), actions[a]);
        assert_int_equal(office_rollout_action_parse(actions[a], &pa, NULL), 0);
        assert_int_equal(pa, a);
        for (int s = 1; s <= OFFICE_ROLLOUT_STATE_COUNT; s++) {
            struct office_rollout_target t = {(enum office_rollout_state)s, ""};
            int rc = office_rollout_apply(&t, (enum office_rollout_action)a, "disk full", &why);
            if (expected[a][s] != 0) {
                assert_int_equal(rc, 0);
                assert_int_equal(t.state, expected[a][s]);
                assert_string_equal(t.reason, a == OFFICE_ROLLOUT_REPORT_FAILED ? "disk full" : "");
                continue;
            }
            assert_int_equal(rc, PS_ECHECK);
            assert_int_equal(t.state, s);
            snprintf(want, sizeof(want), "cannot %s a terminal that is %s: %s applies to ",
                     actions[a], states[a == 0 ? 0 : s], actions[a]);
            assert_memory_equal(why.text, want, strlen(want));
        }
    }
    for (int s = 1; s <= OFFICE_ROLLOUT_STATE_COUNT; s++) {
        enum office_rollout_state ps;
        assert_string_equal(office_rollout_state_name((enum office_rollout_state)s), states[s]);
        assert_int_equal(office_rollout_state_parse(states[s], &ps, NULL), 0);
        assert_int_equal(ps, s);
    }
    enum office_rollout_state ps;
    assert_int_equal(office_rollout_state_parse("done", &ps, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "rollout state \"done\" is not defined");
    struct office_rollout_target t = {OFFICE_ROLLOUT_INSTALLED, ""};
    assert_int_equal(office_rollout_apply(&t, OFFICE_ROLLOUT_RETRY, NULL, &why), PS_ECHECK);
    assert_string_equal(why.text, "cannot retry a terminal that is installed: retry applies to "
                                  "failed");
    t.state = OFFICE_ROLLOUT_DOWNLOADED;
    assert_int_equal(office_rollout_apply(&t, OFFICE_ROLLOUT_REPORT_FAILED, NULL, &why), PS_EINVAL);
    assert_string_equal(why.text, "report_failed: a reason is required");
    assert_int_equal(office_rollout_apply(&t, OFFICE_ROLLOUT_REPORT_FAILED, "", &why), PS_EINVAL);
    assert_string_equal(why.text, "report_failed: reason: too short, 1 to 256 bytes allowed");
    assert_int_equal(t.state, OFFICE_ROLLOUT_DOWNLOADED);
    assert_int_equal(office_rollout_apply(&t, (enum office_rollout_action)9, NULL, &why),
                     PS_EUNDEFINED);
    t.state = 0;
    assert_int_equal(office_rollout_apply(&t, OFFICE_ROLLOUT_RETRY, NULL, &why), PS_EUNDEFINED);
}

static void targets_start_by_what_they_run(void **state)
{
    struct office_app_version target = v("1.4.2");
    struct office_rollout_target t;
    struct ps_reason why;

    (void)state;
    assert_int_equal(office_rollout_target_init(&t, &target, "1.3.9", false, &why), 0);
    assert_int_equal(t.state, OFFICE_ROLLOUT_PENDING);
    assert_int_equal(office_rollout_target_init(&t, &target, "1.4.2", false, &why), 0);
    assert_int_equal(t.state, OFFICE_ROLLOUT_INSTALLED);
    assert_int_equal(office_rollout_target_init(&t, &target, "1.10.0", false, &why), PS_ECHECK);
    assert_string_equal(
        why.text, "terminal runs 1.10.0, newer than 1.4.2: a downgrade needs allow_downgrade");
    assert_int_equal(office_rollout_target_init(&t, &target, "1.10.0", true, &why), 0);
    assert_int_equal(t.state, OFFICE_ROLLOUT_PENDING);
    assert_int_equal(office_rollout_target_init(&t, &target, "latest", false, &why), PS_EFORMAT);
    assert_string_equal(why.text, "app version \"latest\": MAJOR.MINOR.PATCH expected");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(versions_parse),
        cmocka_unit_test(versions_compare_as_numbers),
        cmocka_unit_test(packages),
        cmocka_unit_test(every_transition),
        cmocka_unit_test(targets_start_by_what_they_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
