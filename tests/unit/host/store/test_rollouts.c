/* App packages and rollouts through the store: a package put and found by its version,
 * a second package of the same version refused with nothing of its batch applied; a
 * rollout's targets listed by terminal and counted by state; a target's guarded change
 * applied once and refused when the row moved on; a terminal's newest target found by
 * when its rollout started (not by id), per version or of any. Run on SQLite and on
 * PostgreSQL (tests/CMakeLists.txt). */
#include "store_fixture.h"

#include "host/store/rollouts.h"

static struct package_row package(int64_t id, const char *version)
{
    struct package_row p;
    memset(&p, 0, sizeof(p));
    p.id = id;
    snprintf(p.version, sizeof(p.version), "%s", version);
    memset(p.sha256, 'a', 64);
    p.size = 1234567;
    memcpy(p.file_name, p.sha256, sizeof(p.file_name));
    p.uploaded_by = 3;
    snprintf(p.uploader, sizeof(p.uploader), "operations");
    p.created_us = 1000 + id;
    return p;
}

static struct rollout_row rollout(int64_t id, const char *version, int64_t created_us)
{
    struct rollout_row r;
    memset(&r, 0, sizeof(r));
    r.id = id;
    snprintf(r.version, sizeof(r.version), "%s", version);
    snprintf(r.group_name, sizeof(r.group_name), "pilot");
    r.allow_downgrade = 1;
    snprintf(r.note, sizeof(r.note), "试点 %" PRId64, id);
    r.created_by = 3;
    snprintf(r.creator, sizeof(r.creator), "operations");
    r.created_us = created_us;
    return r;
}

static struct rollout_target_row target(int64_t id, int64_t rollout_id, int64_t stock_id,
                                        const char *state)
{
    struct rollout_target_row t;
    memset(&t, 0, sizeof(t));
    t.id = id;
    t.rollout_id = rollout_id;
    t.stock_id = stock_id;
    snprintf(t.state, sizeof(t.state), "%s", state);
    snprintf(t.from_version, sizeof(t.from_version), "1.4.2");
    t.updated_us = 500 + id;
    return t;
}

static void put_package(struct store *s, const struct package_row *p)
{
    struct store_batch b;
    store_batch_init(&b);
    add_op(&b, STORE_PACKAGE_PUT)->u.package = *p;
    commit_ok(s, &b);
    store_batch_free(&b);
}

/* A rollout and its targets in one commit, as the office starts one. */
static void put_rollout(struct store *s, const struct rollout_row *r,
                        const struct rollout_target_row *t, int n)
{
    struct store_batch b;
    store_batch_init(&b);
    add_op(&b, STORE_ROLLOUT_PUT)->u.rollout = *r;
    for (int i = 0; i < n; i++)
        add_op(&b, STORE_ROLLOUT_TARGET_PUT)->u.rollout_target = t[i];
    commit_ok(s, &b);
    store_batch_free(&b);
}

struct seen {
    struct rollout_target_row row[8];
    int n;
};

static int take(void *ctx, const struct rollout_target_row *row)
{
    struct seen *seen = ctx;
    seen->row[seen->n++] = *row;
    return 0;
}

static int count_package(void *ctx, const struct package_row *row)
{
    (void)row;
    ++*(int *)ctx;
    return 0;
}

static void a_package_is_found_by_version_and_put_once(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ps_reason why = {{0}};
    struct package_row p = package(7, "1.5.0"), got, again = package(8, "1.5.0");
    struct package_row other = package(9, "1.6.0");
    int n = 0;

    put_package(f->s, &p);
    assert_int_equal(store_find_package(f->s, "1.5.0", &got, &why), 1);
    assert_memory_equal(&got, &p, sizeof(p));
    assert_int_equal(store_find_package(f->s, "1.5.1", &got, &why), 0);
    store_batch_init(&b);
    add_op(&b, STORE_PACKAGE_PUT)->u.package = other;
    add_op(&b, STORE_PACKAGE_PUT)->u.package = again;
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "package 8 (version 1.5.0)"));
    store_batch_free(&b);
    assert_int_equal(store_each_package(f->s, 0, 10, count_package, &n, &why), 0);
    assert_int_equal(n, 1); /* neither the duplicate nor the other of its batch */
}

static void a_rollouts_targets_are_listed_and_counted(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};
    struct seen seen = {0};
    struct rollout_row r = rollout(20, "1.5.0", 5000), got;
    struct rollout_target_row t[3] = {target(23, 20, 103, "pending"),
                                      target(21, 20, 101, "installed"),
                                      target(22, 20, 102, "pending")};
    int64_t n = -1;

    put_rollout(f->s, &r, t, 3);
    assert_int_equal(store_find_rollout(f->s, 20, &got, &why), 1);
    assert_memory_equal(&got, &r, sizeof(r));
    assert_int_equal(store_find_rollout(f->s, 21, &got, &why), 0);
    assert_int_equal(store_each_rollout_target(f->s, 20, 0, 10, take, &seen, &why), 0);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.row[0].stock_id, 101); /* by terminal */
    assert_int_equal(seen.row[2].stock_id, 103);
    assert_memory_equal(&seen.row[0], &t[1], sizeof(t[1]));
    seen.n = 0;
    assert_int_equal(store_each_rollout_target(f->s, 20, 101, 1, take, &seen, &why), 0);
    assert_int_equal(seen.n, 1);
    assert_int_equal(seen.row[0].stock_id, 102);
    assert_int_equal(store_count_rollout_targets(f->s, 20, "pending", &n, &why), 0);
    assert_int_equal(n, 2);
    assert_int_equal(store_count_rollout_targets(f->s, 20, "failed", &n, &why), 0);
    assert_int_equal(n, 0);
    assert_int_equal(store_find_rollout_target(f->s, 20, 102, &seen.row[0], &why), 1);
    assert_int_equal(seen.row[0].id, 22);
    assert_int_equal(store_find_rollout_target(f->s, 20, 104, &seen.row[0], &why), 0);
}

static void a_terminal_is_in_a_rollout_once(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ps_reason why = {{0}};
    struct rollout_row r = rollout(30, "1.5.0", 5000);
    struct rollout_target_row t = target(31, 30, 101, "pending");
    int64_t n = -1;

    put_rollout(f->s, &r, &t, 1);
    store_batch_init(&b);
    t.id = 32;
    add_op(&b, STORE_ROLLOUT_TARGET_PUT)->u.rollout_target = t;
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "terminal 101 to rollout 30"));
    store_batch_free(&b);
    assert_int_equal(store_count_rollout_targets(f->s, 30, "pending", &n, &why), 0);
    assert_int_equal(n, 1);
}

static struct store_rollout_target_change change(const struct rollout_target_row *t, const char *to,
                                                 const char *reason)
{
    struct store_rollout_target_change c;
    memset(&c, 0, sizeof(c));
    c.id = t->id;
    snprintf(c.from_state, sizeof(c.from_state), "%s", t->state);
    c.from_updated_us = t->updated_us;
    snprintf(c.to_state, sizeof(c.to_state), "%s", to);
    snprintf(c.reason, sizeof(c.reason), "%s", reason);
    c.updated_us = t->updated_us + 10;
    return c;
}

static void a_targets_change_is_guarded_by_what_was_read(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ps_reason why = {{0}};
    struct rollout_row r = rollout(40, "1.5.0", 5000);
    struct rollout_target_row t = target(41, 40, 101, "pending"), got;

    put_rollout(f->s, &r, &t, 1);
    store_batch_init(&b);
    add_op(&b, STORE_ROLLOUT_TARGET_CHANGE)->u.target_change = change(&t, "failed", "空间不足");
    commit_ok(f->s, &b);
    assert_int_equal(store_find_rollout_target(f->s, 40, 101, &got, &why), 1);
    assert_string_equal(got.state, "failed");
    assert_string_equal(got.reason, "空间不足");
    assert_int_equal(got.updated_us, t.updated_us + 10);
    /* the same change again: the row is no longer as it was read */
    store_batch_reset(&b);
    add_op(&b, STORE_ROLLOUT_TARGET_CHANGE)->u.target_change = change(&t, "downloaded", "");
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "rollout target 41 is no longer pending"));
    store_batch_free(&b);
    assert_int_equal(store_find_rollout_target(f->s, 40, 101, &got, &why), 1);
    assert_string_equal(got.state, "failed");
}

static void a_terminals_newest_target_is_by_when_its_rollout_started(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};
    struct seen seen = {0};
    /* rollout 60 has the higher id but started first (another host's range) */
    struct rollout_row older = rollout(60, "1.5.0", 5000), newer = rollout(50, "1.6.0", 6000);
    struct rollout_row newest_of_15 = rollout(55, "1.5.0", 5500);
    struct rollout_target_row t1 = target(61, 60, 101, "installed");
    struct rollout_target_row t2 = target(51, 50, 101, "pending");
    struct rollout_target_row t3 = target(56, 55, 101, "failed");
    struct rollout_target_row other = target(52, 50, 102, "pending");
    struct rollout_target_row got;

    struct rollout_target_row of_newer[2] = {t2, other};

    put_rollout(f->s, &older, &t1, 1);
    put_rollout(f->s, &newer, of_newer, 2);
    put_rollout(f->s, &newest_of_15, &t3, 1);

    assert_int_equal(store_find_newest_stock_target(f->s, 101, "", &got, &why), 1);
    assert_int_equal(got.id, 51);
    assert_int_equal(store_find_newest_stock_target(f->s, 101, "1.5.0", &got, &why), 1);
    assert_int_equal(got.id, 56);
    assert_int_equal(store_find_newest_stock_target(f->s, 101, "1.7.0", &got, &why), 0);
    assert_int_equal(store_find_newest_stock_target(f->s, 103, "", &got, &why), 0);
    assert_int_equal(store_each_stock_target(f->s, 101, "1.5.0", take, &seen, &why), 0);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.row[0].id, 56);
    assert_int_equal(seen.row[1].id, 61);
    seen.n = 0;
    assert_int_equal(store_each_stock_target(f->s, 101, "", take, &seen, &why), 0);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.row[0].id, 51);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(a_package_is_found_by_version_and_put_once),
        T(a_rollouts_targets_are_listed_and_counted),
        T(a_terminal_is_in_a_rollout_once),
        T(a_targets_change_is_guarded_by_what_was_read),
        T(a_terminals_newest_target_is_by_when_its_rollout_started),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
