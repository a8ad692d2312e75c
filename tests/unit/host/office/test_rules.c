/* The back office's rules from possumd's settings (office/rules.h): the MID prefix, the
 * local offset and working days review deadlines count in, each model's warranty; list
 * settings continued over several lines of the file and replaced by a flag; and each
 * mistake stopping start-up with the setting named. */
#include "testing.h"

#include <stdio.h>
#include <unistd.h>

#include "host/config.h"
#include "host/office/calendar.h"
#include "host/office/rules.h"

static const char *write_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof(path), "/tmp/possumd-rules-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static struct host_office_rules rules; /* large: a calendar of two date lists */

static void a_file_sets_every_rule(void **state)
{
    (void)state;
    struct host_config c;
    struct ps_reason why = {{0}};
    const char *path = write_file("mid_acquirer = 899\n"
                                  "mid_area = 5840\n"
                                  "utc_offset = +07:00\n"
                                  "holidays = 2026-10-01, 2026-10-02\n"
                                  "holidays = 20261005   # continues the list\n"
                                  "workdays = 2026-10-10\n"
                                  "warranty_months = A920:18, P2 : 24\n");
    char *argv[] = {"possumd", "--config", (char *)path, NULL};
    uint32_t due = 0;

    host_config_defaults(&c);
    assert_int_equal(host_config_from_args(&c, 3, argv, &why), 0);
    unlink(path);
    assert_string_equal(c.holidays, "2026-10-01, 2026-10-02, 20261005");
    assert_int_equal(host_office_rules_from_config(&c, &rules, &why), 0);
    assert_string_equal(rules.onboarding.acquirer, "899");
    assert_string_equal(rules.onboarding.area, "5840");
    assert_int_equal(rules.onboarding.offset_minutes, 420);
    /* Wednesday 30 September + 5 working days: 1, 2 and 5 October off, the 3rd and 4th
     * a weekend; the 6th to the 9th are four, and Saturday the 10th, worked, the fifth */
    assert_int_equal(
        office_calendar_add_working_days(&rules.onboarding.calendar, 20260930, 5, &due, &why), 0);
    assert_int_equal(due, 20261010);
    assert_string_equal(rules.warranty[0].model, "A920");
    assert_int_equal(rules.warranty[0].months, 18);
    assert_string_equal(rules.warranty[1].model, "P2");
    assert_int_equal(rules.warranty[1].months, 24);
    assert_null(rules.warranty[2].model);
}

static void a_flag_replaces_a_list(void **state)
{
    (void)state;
    struct host_config c;
    struct ps_reason why = {{0}};
    const char *path = write_file("holidays = 2026-10-01\n");
    char *argv[] = {"possumd", "--config", (char *)path, "--holidays", "2027-01-01", NULL};

    host_config_defaults(&c);
    assert_int_equal(host_config_from_args(&c, 5, argv, &why), 0);
    unlink(path);
    assert_string_equal(c.holidays, "2027-01-01");
    assert_int_equal(host_office_rules_from_config(&c, &rules, &why), 0);
    assert_string_equal(rules.onboarding.acquirer, "898"); /* the defaults */
    assert_string_equal(rules.onboarding.area, "1000");
    assert_null(rules.warranty[0].model);
}

/* The reason a config with one setting changed gives. */
static const char *refusal(const char *key, const char *value)
{
    static struct ps_reason why;
    struct host_config c;
    char flag[40];
    snprintf(flag, sizeof(flag), "--%s", key);
    char *argv[] = {"possumd", flag, (char *)value, NULL};

    memset(&why, 0, sizeof(why));
    host_config_defaults(&c);
    assert_int_equal(host_config_from_args(&c, 3, argv, &why), 0);
    assert_int_equal(host_office_rules_from_config(&c, &rules, &why), PS_EFORMAT);
    return why.text;
}

static void mistakes_name_the_setting(void **state)
{
    (void)state;
    assert_string_equal(refusal("mid-acquirer", "89"), "mid_acquirer: '89' is not 3 digits");
    assert_string_equal(refusal("mid-area", "10a0"), "mid_area: '10a0' is not 4 digits");
    assert_string_equal(refusal("warranty-months", "A920"),
                        "warranty_months: entry 1 \"A920\": MODEL:MONTHS expected");
    assert_string_equal(refusal("warranty-months", "A920:18,P2:121"),
                        "warranty_months: entry 2 \"P2:121\": a model and 1 to 120 months "
                        "expected");
    assert_string_equal(refusal("warranty-months", "A920:18, A920:24"),
                        "warranty_months: A920 is given twice");
    assert_non_null(strstr(refusal("holidays", "2026-10-02, 2026-10-01"), "holidays"));
    assert_non_null(strstr(refusal("workdays", "2026-10-12"), "workdays: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_file_sets_every_rule),
        cmocka_unit_test(a_flag_replaces_a_list),
        cmocka_unit_test(mistakes_name_the_setting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
