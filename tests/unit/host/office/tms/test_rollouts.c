/* App packages and rollouts (office/tms/packages.h, rollouts.h) over a real SQLite
 * store and a real directory: an upload kept by its SHA-256 and refused whole when its
 * version, its stated hash or its size is wrong, or its version is on record; a rollout
 * to a group starting each terminal from what it runs (a newer one left out and listed,
 * unless a downgrade is allowed); what a heartbeat is offered, its reports and what it
 * says it runs moving the terminal's target; a retry of a failed target only; the
 * newest rollout winning, and nothing offered once it is installed. */
#include "testing.h"

#include <ctype.h>
#include <inttypes.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/office/tms/group.h"
#include "host/office/tms/packages.h"
#include "host/office/tms/rollouts.h"
#include "host/office/tms/stock.h"
#include "host/store/rollouts.h"

#define SECOND_US INT64_C(1000000)

static int64_t clock_now = INT64_C(1795456000000000); /* 2026-11-23, about */

static int64_t test_clock(void)
{
    return clock_now;
}

struct fx {
    char dir[64];
    char packages[96];
    struct store *store;
    struct office *office;
    struct office_actor staff;
    struct stock_row t[4]; /* in group "pilot": runs nothing yet, 1.4.2, 1.5.0, 1.6.0 */
};

static void ok(int rc, const struct ps_reason *why, const char *what)
{
    if (rc != 0)
        fail_msg("%s: %d: %s", what, rc, why->text);
}

/* A terminal in stock, in group, reporting app_version as a heartbeat would have. */
static void terminal(struct fx *f, int i, const char *group, const char *app_version)
{
    struct store_batch b;
    struct ps_reason why = {{0}};
    char serial[32];
    struct office_stock_input in = {serial, "A920", "PAX"};
    const char *field = NULL;

    snprintf(serial, sizeof(serial), "PAX-A920-%04d", i + 1);
    ok(office_stock_add(f->office, &f->staff, &in, &f->t[i], &field, &why), &why, "add");
    ok(office_stock_set_group(f->office, &f->staff, f->t[i].id, group, &f->t[i], &why), &why,
       "group");
    snprintf(f->t[i].app_version, sizeof(f->t[i].app_version), "%s", app_version);
    store_batch_init(&b);
    store_batch_add(&b, STORE_STOCK_PUT)->u.stock = f->t[i];
    ok(store_commit(f->store, &b, &why), &why, "app_version");
    store_batch_free(&b);
}

static void upload(struct fx *f, const char *version, const char *bytes)
{
    struct office_package_upload up = {version, NULL, (const uint8_t *)bytes, strlen(bytes)};
    struct package_row p;
    struct ps_reason why = {{0}};
    const char *field = NULL;
    ok(office_package_upload(f->office, &f->staff, &up, f->packages, &p, &field, &why), &why,
       version);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct ps_reason why = {{0}};
    char path[96];
    assert_non_null(f);
    snprintf(f->dir, sizeof(f->dir), "/tmp/possum-rollouts-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->packages, sizeof(f->packages), "%s/packages", f->dir);
    snprintf(path, sizeof(path), "%s/possum.db", f->dir);
    struct store_config sc = {.backend = "sqlite", .path = path};
    ok(store_open(&f->store, &sc, &why), &why, "store");
    struct office_config oc = {.host_id = 1, .clock_us = test_clock};
    ok(office_open(&f->office, f->store, &oc, &why), &why, "office");
    office_system_actor(&f->staff);
    snprintf(f->staff.user.username, sizeof(f->staff.user.username), "operations");
    f->staff.user.id = 3;
    terminal(f, 0, "pilot", "");
    terminal(f, 1, "pilot", "1.4.2");
    terminal(f, 2, "pilot", "1.5.0");
    terminal(f, 3, "pilot", "1.6.0");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[96];
    office_close(f->office);
    store_close(f->store);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* How many files dir holds (0 when it does not exist). */
static int files_in(const char *dir)
{
    char cmd[320];
    snprintf(cmd, sizeof(cmd), "test -d '%s' && exit $(ls -A '%s' | wc -l); exit 0", dir, dir);
    int rc = system(cmd);
    return WEXITSTATUS(rc);
}

static const char *target_state(struct fx *f, int64_t rollout_id, int i)
{
    static struct rollout_target_row t;
    struct ps_reason why = {{0}};
    if (store_find_rollout_target(f->store, rollout_id, f->t[i].id, &t, &why) != 1)
        return "none";
    return t.state;
}

/* ---- packages ----------------------------------------------------------------------- */

static void an_upload_is_kept_by_its_sha256(void **state)
{
    struct fx *f = *state;
    /* sha256("possum app 1.5.0\n") by sha256sum */
    const char *bytes = "possum app 1.5.0\n";
    struct office_package_upload up = {"1.5.0", NULL, (const uint8_t *)bytes, strlen(bytes)};
    struct package_row p, found;
    struct ps_reason why = {{0}};
    const char *field = NULL;
    char stated[65], path[200], buf[64] = {0};
    int fd = -1;

    ok(office_package_upload(f->office, &f->staff, &up, f->packages, &p, &field, &why), &why,
       "upload");
    assert_string_equal(p.version, "1.5.0");
    assert_int_equal(p.size, (int64_t)strlen(bytes));
    assert_string_equal(p.uploader, "operations");
    assert_int_equal(strlen(p.sha256), 64);
    snprintf(path, sizeof(path), "%s/%s", f->packages, p.sha256);
    assert_int_equal(access(path, R_OK), 0);
    ok(office_package_open(f->office, "1.5.0", f->packages, &found, &fd, &why), &why, "open");
    assert_int_equal(read(fd, buf, sizeof(buf)), (ssize_t)strlen(bytes));
    assert_string_equal(buf, bytes);
    close(fd);
    assert_int_equal(office_package_open(f->office, "1.5.1", f->packages, &found, &fd, &why),
                     OFFICE_NOT_FOUND);
    assert_int_equal(fd, -1);

    /* the same version again, even with other bytes and the right hash stated */
    for (int i = 0; i < 64; i++)
        stated[i] = (char)toupper((unsigned char)p.sha256[i]); /* either case */
    stated[64] = '\0';
    up.sha256 = stated;
    assert_int_equal(
        office_package_upload(f->office, &f->staff, &up, f->packages, &p, &field, &why), PS_ECHECK);
    assert_string_equal(field, "version");
    assert_non_null(strstr(why.text, "version 1.5.0 is on record already"));
    /* a new version with its hash stated in capitals */
    up.version = "1.5.1";
    ok(office_package_upload(f->office, &f->staff, &up, f->packages, &p, &field, &why), &why,
       "1.5.1");
    assert_int_equal(files_in(f->packages), 1); /* the same bytes, one file */
}

static void a_bad_upload_keeps_nothing(void **state)
{
    struct fx *f = *state;
    const char *bytes = "possum app 1.5.0\n";
    struct office_package_upload up = {"1.05.0", NULL, (const uint8_t *)bytes, strlen(bytes)};
    struct package_row p;
    struct ps_reason why = {{0}};
    const char *field = NULL;
    char wrong[65];

    assert_int_equal(
        office_package_upload(f->office, &f->staff, &up, f->packages, &p, &field, &why),
        PS_EFORMAT);
    assert_string_equal(field, "version");
    assert_string_equal(why.text, "app version \"1.05.0\": a leading zero in part 2");
    up.version = "1.5.0";
    memset(wrong, 'a', 64);
    wrong[64] = '\0';
    up.sha256 = wrong;
    assert_int_equal(
        office_package_upload(f->office, &f->staff, &up, f->packages, &p, &field, &why),
        PS_EFORMAT);
    assert_string_equal(field, "sha256");
    assert_non_null(strstr(why.text, "not aaaa"));
    up.sha256 = "abc";
    assert_int_equal(
        office_package_upload(f->office, &f->staff, &up, f->packages, &p, &field, &why),
        PS_EFORMAT);
    assert_string_equal(why.text, "sha256: 3 characters, 64 hex digits needed");
    up.sha256 = NULL;
    up.len = 0;
    assert_int_equal(
        office_package_upload(f->office, &f->staff, &up, f->packages, &p, &field, &why),
        PS_EFORMAT);
    assert_string_equal(field, "file");
    up.len = OFFICE_PACKAGE_MAX_BYTES + 1; /* never read: the size is refused first */
    assert_int_equal(
        office_package_upload(f->office, &f->staff, &up, f->packages, &p, &field, &why),
        PS_ETOOLONG);
    assert_int_equal(files_in(f->packages), 0);
    assert_int_equal(store_find_package(f->store, "1.5.0", &p, &why), 0);
}

/* ---- starting a rollout ------------------------------------------------------------- */

static void a_rollout_starts_each_terminal_from_what_it_runs(void **state)
{
    struct fx *f = *state;
    struct office_rollout_input in = {"1.5.0", "pilot", false, "试点"};
    struct rollout_row r;
    struct ps_reason why = {{0}};
    const char *field = NULL;
    json_t *skipped = NULL, *got = NULL;

    assert_int_equal(office_rollout_start(f->office, &f->staff, &in, &r, &skipped, &field, &why),
                     OFFICE_NOT_FOUND);
    assert_string_equal(field, "version");
    assert_string_equal(why.text, "no package of version 1.5.0: upload it first");
    upload(f, "1.5.0", "app 1.5.0");
    in.group = "nobody";
    assert_int_equal(office_rollout_start(f->office, &f->staff, &in, &r, &skipped, &field, &why),
                     OFFICE_NOT_FOUND);
    assert_string_equal(field, "group");
    in.group = "Pilot";
    assert_int_equal(office_rollout_start(f->office, &f->staff, &in, &r, &skipped, &field, &why),
                     PS_EFORMAT);
    assert_string_equal(field, "group");
    in.group = "pilot";
    ok(office_rollout_start(f->office, &f->staff, &in, &r, &skipped, &field, &why), &why, "start");
    assert_string_equal(r.creator, "operations");
    assert_string_equal(target_state(f, r.id, 0), "pending");   /* never reported */
    assert_string_equal(target_state(f, r.id, 1), "pending");   /* older */
    assert_string_equal(target_state(f, r.id, 2), "installed"); /* runs it */
    assert_string_equal(target_state(f, r.id, 3), "none");      /* newer: left out */
    assert_int_equal(json_array_size(skipped), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(skipped, 0), "terminal_id")),
                     f->t[3].id);
    assert_string_equal(json_string_value(json_object_get(json_array_get(skipped, 0), "reason")),
                        "terminal runs 1.6.0, newer than 1.5.0: a downgrade needs allow_downgrade");
    json_decref(skipped);

    ok(office_rollout_get(f->office, r.id, 0, 2, &got, &why), &why, "get");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(got, "counts"), "pending")),
                     2);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(got, "counts"), "installed")), 1);
    assert_int_equal(json_array_size(json_object_get(got, "terminals")), 2);
    assert_int_equal(json_integer_value(json_object_get(got, "next_after")), f->t[1].id);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(got, "terminals"), 0), "serial")),
                        "PAX-A920-0001");
    json_decref(got);
    assert_int_equal(office_rollout_get(f->office, r.id + 1000, 0, 2, &got, &why),
                     OFFICE_NOT_FOUND);
}

static void a_downgrade_needs_allow_downgrade(void **state)
{
    struct fx *f = *state;
    struct office_rollout_input in = {"1.4.2", "old", false, NULL};
    struct rollout_row r;
    struct ps_reason why = {{0}};
    const char *field = NULL;
    json_t *skipped = NULL;

    upload(f, "1.4.2", "app 1.4.2");
    ok(office_stock_set_group(f->office, &f->staff, f->t[3].id, "old", &f->t[3], &why), &why,
       "group");
    assert_int_equal(office_rollout_start(f->office, &f->staff, &in, &r, &skipped, &field, &why),
                     PS_ECHECK);
    assert_string_equal(field, "allow_downgrade");
    assert_null(skipped);
    in.allow_downgrade = true;
    ok(office_rollout_start(f->office, &f->staff, &in, &r, &skipped, &field, &why), &why, "start");
    assert_int_equal(json_array_size(skipped), 0);
    json_decref(skipped);
    assert_string_equal(target_state(f, r.id, 3), "pending");
}

/* ---- the heartbeat's side ----------------------------------------------------------- */

/* Starts rollout of version to "pilot"; its id. */
static int64_t start(struct fx *f, const char *version)
{
    struct office_rollout_input in = {version, "pilot", false, NULL};
    struct rollout_row r;
    struct ps_reason why = {{0}};
    const char *field = NULL;
    json_t *skipped = NULL;
    ok(office_rollout_start(f->office, &f->staff, &in, &r, &skipped, &field, &why), &why, version);
    json_decref(skipped);
    clock_now += SECOND_US;
    return r.id;
}

/* What terminal i is offered, as the heartbeat's JSON ("" when nothing). */
static const char *offered(struct fx *f, int i)
{
    static char text[256];
    struct office_update_offer offer;
    struct ps_reason why = {{0}};
    int rc = office_rollout_offer(f->office, &f->t[i], &offer, &why);
    if (rc < 0)
        fail_msg("offer: %s", why.text);
    if (rc == 0)
        return "";
    json_t *j = office_update_offer_json(&offer);
    char *s = json_dumps(j, JSON_COMPACT);
    snprintf(text, sizeof(text), "%s", s);
    free(s);
    json_decref(j);
    return text;
}

static void a_terminal_reports_its_way_to_installed(void **state)
{
    struct fx *f = *state;
    struct ps_reason why = {{0}};
    char want[256];

    upload(f, "1.5.0", "app 1.5.0");
    int64_t id = start(f, "1.5.0");
    struct package_row p;
    assert_int_equal(store_find_package(f->store, "1.5.0", &p, &why), 1);
    snprintf(want, sizeof(want),
             "{\"version\":\"1.5.0\",\"sha256\":\"%s\",\"size\":9,\"url\":\"/api/v1/packages/"
             "1.5.0/file\"}",
             p.sha256);
    assert_string_equal(offered(f, 1), want);
    assert_string_equal(offered(f, 2), ""); /* runs it */
    ok(office_rollout_report(f->office, f->t[1].id, "1.5.0", "downloaded", NULL, &why), &why,
       "downloaded");
    assert_string_equal(target_state(f, id, 1), "downloaded");
    ok(office_rollout_report(f->office, f->t[1].id, "1.5.0", "downloaded", NULL, &why), &why,
       "said again");
    assert_string_equal(offered(f, 1), want); /* still: to install */
    ok(office_rollout_report(f->office, f->t[1].id, "1.5.0", "installed", NULL, &why), &why,
       "installed");
    assert_string_equal(target_state(f, id, 1), "installed");
    assert_string_equal(offered(f, 1), ""); /* never offered again */
    assert_int_equal(office_rollout_report(f->office, f->t[1].id, "1.5.0", "failed", "no", &why),
                     PS_ECHECK);
    assert_string_equal(why.text, "update: cannot report_failed a terminal that is installed: "
                                  "report_failed applies to pending, downloaded");
}

static void a_bad_report_is_named(void **state)
{
    struct fx *f = *state;
    struct ps_reason why = {{0}};
    char want[96];

    upload(f, "1.5.0", "app 1.5.0");
    int64_t id = start(f, "1.5.0");
    assert_int_equal(office_rollout_report(f->office, f->t[1].id, "1.7.0", "installed", NULL, &why),
                     PS_EUNDEFINED);
    snprintf(want, sizeof(want), "update: terminal %" PRId64 " is in no rollout of version 1.7.0",
             f->t[1].id);
    assert_string_equal(why.text, want);
    assert_int_equal(office_rollout_report(f->office, f->t[1].id, "1.5", "installed", NULL, &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "update: app version \"1.5\": MAJOR.MINOR.PATCH expected");
    assert_int_equal(office_rollout_report(f->office, f->t[1].id, "1.5.0", "pending", NULL, &why),
                     PS_EFORMAT);
    assert_string_equal(why.text,
                        "update: state \"pending\" is not downloaded, installed or failed");
    assert_int_equal(office_rollout_report(f->office, f->t[1].id, "1.5.0", "failed", NULL, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "update: report_failed: a reason is required");
    assert_string_equal(target_state(f, id, 1), "pending");
}

static void a_failed_terminal_is_retried_only_when_failed(void **state)
{
    struct fx *f = *state;
    struct rollout_target_row t;
    struct ps_reason why = {{0}};

    upload(f, "1.5.0", "app 1.5.0");
    int64_t id = start(f, "1.5.0");
    assert_int_equal(office_rollout_retry(f->office, &f->staff, id, f->t[1].id, &t, &why),
                     PS_ECHECK);
    assert_string_equal(why.text,
                        "cannot retry a terminal that is pending: retry applies to failed");
    ok(office_rollout_report(f->office, f->t[1].id, "1.5.0", "failed", "存储空间不足", &why), &why,
       "failed");
    assert_string_equal(offered(f, 1), ""); /* until someone looks at it */
    assert_int_equal(office_rollout_retry(f->office, &f->staff, id, f->t[3].id, &t, &why),
                     OFFICE_NOT_FOUND);
    assert_int_equal(office_rollout_retry(f->office, &f->staff, id + 999, f->t[1].id, &t, &why),
                     OFFICE_NOT_FOUND);
    ok(office_rollout_retry(f->office, &f->staff, id, f->t[1].id, &t, &why), &why, "retry");
    assert_string_equal(t.state, "pending");
    assert_string_equal(t.reason, "");
    assert_string_not_equal(offered(f, 1), "");
}

static void what_runs_marks_the_target_installed(void **state)
{
    struct fx *f = *state;
    struct ps_reason why = {{0}};

    upload(f, "1.5.0", "app 1.5.0");
    int64_t id = start(f, "1.5.0");
    ok(office_rollout_report(f->office, f->t[0].id, "1.5.0", "failed", "checksum", &why), &why,
       "failed");
    ok(office_rollout_seen(f->office, f->t[0].id, "1.4.9", &why), &why, "seen other");
    assert_string_equal(target_state(f, id, 0), "failed");
    ok(office_rollout_seen(f->office, f->t[0].id, "1.5.0", &why), &why, "seen");
    assert_string_equal(target_state(f, id, 0), "installed"); /* even after failed */
    ok(office_rollout_seen(f->office, f->t[1].id, "", &why), &why, "seen nothing");
    assert_string_equal(target_state(f, id, 1), "pending");
    /* a terminal that says it runs the version before reporting is not offered it */
    snprintf(f->t[1].app_version, sizeof(f->t[1].app_version), "1.5.0");
    assert_string_equal(offered(f, 1), "");
}

static void the_newest_rollout_wins(void **state)
{
    struct fx *f = *state;
    struct ps_reason why = {{0}};

    upload(f, "1.5.0", "app 1.5.0");
    upload(f, "1.7.0", "app 1.7.0");
    int64_t first = start(f, "1.5.0");
    int64_t second = start(f, "1.7.0");
    assert_non_null(strstr(offered(f, 1), "\"version\":\"1.7.0\""));
    assert_non_null(strstr(offered(f, 3), "\"version\":\"1.7.0\"")); /* 1.6.0: an upgrade now */
    ok(office_rollout_report(f->office, f->t[1].id, "1.7.0", "installed", NULL, &why), &why,
       "installed");
    /* the first rollout still has it pending, but offering 1.5.0 now would be a downgrade */
    assert_string_equal(target_state(f, first, 1), "pending");
    assert_string_equal(target_state(f, second, 1), "installed");
    assert_string_equal(offered(f, 1), "");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(an_upload_is_kept_by_its_sha256),
        T(a_bad_upload_keeps_nothing),
        T(a_rollout_starts_each_terminal_from_what_it_runs),
        T(a_downgrade_needs_allow_downgrade),
        T(a_terminal_reports_its_way_to_installed),
        T(a_bad_report_is_named),
        T(a_failed_terminal_is_retried_only_when_failed),
        T(what_runs_marks_the_target_installed),
        T(the_newest_rollout_wins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
