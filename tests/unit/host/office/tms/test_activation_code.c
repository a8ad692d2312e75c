#include "testing.h"

#include "host/office/tms/activation_code.h"

#define HOUR_US (3600 * INT64_C(1000000))

static const char serial[] = "PAX-A920-0001";
static const int64_t t0 = INT64_C(1767225600000000); /* 2026-01-01T00:00:00Z */

/* Hands out the bytes of a script: here one draw, 0x00BC614E = 12345678. */
struct script {
    const uint8_t *bytes;
    size_t len, at;
};

static int script_fill(void *ctx, uint8_t *out, size_t len)
{
    struct script *s = ctx;

    if (s->len - s->at < len)
        return PS_ECRYPTO;
    memcpy(out, s->bytes + s->at, len);
    s->at += len;
    return 0;
}

static void issue_known(struct office_activation_code *rec, int max_tries)
{
    static const uint8_t draw[] = {0x00, 0xBC, 0x61, 0x4E};
    struct script s = {draw, sizeof(draw), 0};
    struct ps_random r = {script_fill, &s};
    char code[PS_ACTIVATION_CODE_DIGITS + 1];
    struct ps_reason why;

    assert_int_equal(
        office_activation_code_issue(rec, code, serial, t0, 72 * HOUR_US, max_tries, &r, &why), 0);
    assert_string_equal(code, "12345678");
}

static void expect_verify(struct office_activation_code *rec, const char *sn, const char *code,
                          int64_t now, int rc, const char *text)
{
    struct ps_reason why;

    ps_reason_clear(&why);
    assert_int_equal(office_activation_code_verify(rec, sn, code, now, &why), rc);
    assert_string_equal(why.text, text);
}

static void issue_stores_only_a_hash(void **state)
{
    struct office_activation_code rec;

    (void)state;
    issue_known(&rec, 5);
    assert_non_null(strstr(rec.hash, "$argon2id$"));
    assert_null(strstr(rec.hash, "12345678"));
    assert_true(rec.issued_at_us == t0);
    assert_true(rec.expires_at_us == t0 + 72 * HOUR_US);
    assert_int_equal(rec.max_tries, 5);
    assert_int_equal(rec.wrong_tries, 0);
    assert_false(rec.used);
    assert_true(office_activation_code_live(&rec, t0));
}

static void right_code_activates_once(void **state)
{
    struct office_activation_code rec;

    (void)state;
    issue_known(&rec, 5);
    expect_verify(&rec, serial, "12345678", t0 + HOUR_US, 0, "");
    assert_true(rec.used);
    assert_false(office_activation_code_live(&rec, t0 + HOUR_US));
    expect_verify(&rec, serial, "12345678", t0 + HOUR_US, PS_ECHECK,
                  "activation code already used");
}

static void wrong_tries_burn_the_code(void **state)
{
    struct office_activation_code rec;

    (void)state;
    issue_known(&rec, 3);
    expect_verify(&rec, serial, "12345670", t0, PS_ECHECK, "wrong activation code: 2 tries left");
    /* the right code for another terminal is a wrong try too: the serial is hashed in */
    expect_verify(&rec, "PAX-A920-0002", "12345678", t0, PS_ECHECK,
                  "wrong activation code: 1 try left");
    expect_verify(&rec, serial, "87654321", t0, PS_ECHECK,
                  "wrong activation code: no tries left, the code is burnt");
    assert_int_equal(rec.wrong_tries, 3);
    assert_false(office_activation_code_live(&rec, t0));
    /* burnt: even the right code is refused now */
    expect_verify(&rec, serial, "12345678", t0, PS_ECHECK,
                  "activation code burnt after 3 wrong tries: issue a new one");
    assert_false(rec.used);
}

static void a_malformed_code_costs_no_try(void **state)
{
    struct office_activation_code rec;

    (void)state;
    issue_known(&rec, 1);
    expect_verify(&rec, serial, "1234567", t0, PS_EFORMAT, "activation code: fewer than 8 digits");
    expect_verify(&rec, serial, "1234567x", t0, PS_EFORMAT,
                  "activation code: character 8 is not a digit");
    expect_verify(&rec, serial, NULL, t0, PS_EFORMAT, "activation code: missing");
    expect_verify(&rec, "PAX A920", "12345678", t0, PS_EFORMAT,
                  "serial number: character 4 (byte 0x20) is not a letter, digit or '-'");
    assert_int_equal(rec.wrong_tries, 0);
    expect_verify(&rec, serial, "12345678", t0, 0, "");
}

static void expiry_is_exclusive(void **state)
{
    struct office_activation_code rec;

    (void)state;
    issue_known(&rec, 5);
    assert_true(office_activation_code_live(&rec, t0 + 72 * HOUR_US - 1));
    assert_false(office_activation_code_live(&rec, t0 + 72 * HOUR_US));
    expect_verify(&rec, serial, "12345678", t0 + 72 * HOUR_US, PS_ETIMEDOUT,
                  "activation code expired at 2026-01-04T00:00:00Z");
    expect_verify(&rec, serial, "00000000", t0 + 100 * HOUR_US, PS_ETIMEDOUT,
                  "activation code expired at 2026-01-04T00:00:00Z");
    assert_int_equal(rec.wrong_tries, 0); /* an expired code is refused before hashing */
    expect_verify(&rec, serial, "12345678", t0 + 72 * HOUR_US - 1, 0, "");
}

static void expect_issue(const char *sn, int64_t validity, int tries, int rc, const char *text)
{
    struct office_activation_code rec;
    char code[PS_ACTIVATION_CODE_DIGITS + 1];
    struct ps_reason why;

    memset(code, 'x', sizeof(code));
    assert_int_equal(office_activation_code_issue(&rec, code, sn, t0, validity, tries, NULL, &why),
                     rc);
    assert_string_equal(why.text, text);
    assert_string_equal(code, "");
    assert_int_equal(rec.max_tries, 0);
}

static void issue_checks_its_arguments(void **state)
{
    static const uint8_t nothing[1] = {0};
    struct script s = {nothing, 0, 0};
    struct ps_random dry = {script_fill, &s};
    struct office_activation_code rec;
    char code[PS_ACTIVATION_CODE_DIGITS + 1];

    (void)state;
    expect_issue("PAX", HOUR_US, 5, PS_EFORMAT,
                 "serial number: too few characters, 6 to 32 allowed");
    expect_issue(NULL, HOUR_US, 5, PS_EFORMAT, "serial number: missing");
    expect_issue(serial, 59 * INT64_C(1000000), 5, PS_EINVAL,
                 "activation code: validity 59 s is outside 1 minute to 30 days");
    expect_issue(serial, 31 * 24 * HOUR_US, 5, PS_EINVAL,
                 "activation code: validity 2678400 s is outside 1 minute to 30 days");
    expect_issue(serial, HOUR_US, 0, PS_EINVAL, "activation code: 0 tries is outside 1 to 20");
    expect_issue(serial, HOUR_US, 21, PS_EINVAL, "activation code: 21 tries is outside 1 to 20");
    assert_int_equal(office_activation_code_issue(&rec, code, serial, t0, HOUR_US, 5, &dry, NULL),
                     PS_ECRYPTO);
    assert_string_equal(code, "");
}

static void a_damaged_record_is_not_a_wrong_try(void **state)
{
    struct office_activation_code rec;
    struct ps_reason why;

    (void)state;
    issue_known(&rec, 5);
    rec.hash[3] = '!';
    assert_int_equal(office_activation_code_verify(&rec, serial, "12345678", t0, &why), PS_EINVAL);
    assert_string_equal(why.text, "activation code: the record is not an issued code");
    assert_int_equal(rec.wrong_tries, 0);
    memset(&rec, 0, sizeof(rec));
    assert_int_equal(office_activation_code_verify(&rec, serial, "12345678", t0, &why), PS_EINVAL);
}

static void real_codes_differ(void **state)
{
    struct office_activation_code a, b;
    char ca[PS_ACTIVATION_CODE_DIGITS + 1], cb[PS_ACTIVATION_CODE_DIGITS + 1];

    (void)state;
    assert_int_equal(office_activation_code_issue(&a, ca, serial, t0, HOUR_US, 5, NULL, NULL), 0);
    assert_int_equal(office_activation_code_issue(&b, cb, serial, t0, HOUR_US, 5, NULL, NULL), 0);
    assert_string_not_equal(a.hash, b.hash); /* a fresh salt each time */
    expect_verify(&a, serial, ca, t0, 0, "");
    if (strcmp(ca, cb) != 0) /* one chance in 10^8 that they are equal */
        expect_verify(&b, serial, ca, t0, PS_ECHECK, "wrong activation code: 4 tries left");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(issue_stores_only_a_hash),
        cmocka_unit_test(right_code_activates_once),
        cmocka_unit_test(wrong_tries_burn_the_code),
        cmocka_unit_test(a_malformed_code_costs_no_try),
        cmocka_unit_test(expiry_is_exclusive),
        cmocka_unit_test(issue_checks_its_arguments),
        cmocka_unit_test(a_damaged_record_is_not_a_wrong_try),
        cmocka_unit_test(real_codes_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
