/* The back office's tables through the store: users (unique login names, replaced by
 * id), login sessions found by their token's hash, the audit log added by reference and
 * read newest first a page at a time, and the ids the back office continues after.
 * Run on SQLite and on PostgreSQL (tests/CMakeLists.txt). */
#include "store_fixture.h"

static struct user_row user(int64_t id, const char *username, const char *role)
{
    struct user_row u;
    memset(&u, 0, sizeof(u));
    u.id = id;
    snprintf(u.username, sizeof(u.username), "%s", username);
    snprintf(u.display_name, sizeof(u.display_name), "张 %s", username);
    snprintf(u.role, sizeof(u.role), "%s", role);
    snprintf(u.password_hash, sizeof(u.password_hash), "$argon2id$v=19$m=65536,t=2,p=1$x$y");
    snprintf(u.status, sizeof(u.status), "active");
    u.created_us = u.updated_us = u.password_changed_us = 1000;
    return u;
}

static void users_are_found_by_name_and_id_and_replaced_by_id(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct user_row got;
    struct ps_reason why = {{0}};

    store_batch_init(&b);
    add_op(&b, STORE_USER_PUT)->u.user = user(5, "alice", "admin");
    add_op(&b, STORE_USER_PUT)->u.user = user(6, "bob", "reviewer");
    commit_ok(f->s, &b);
    assert_int_equal(store_find_user_by_name(f->s, "bob", &got, &why), 1);
    assert_int_equal(got.id, 6);
    assert_string_equal(got.display_name, "张 bob");
    assert_string_equal(got.role, "reviewer");
    assert_int_equal(store_find_user_by_name(f->s, "carol", &got, &why), 0);
    assert_int_equal(store_find_user(f->s, 5, &got, &why), 1);
    assert_string_equal(got.username, "alice");

    struct user_row changed = user(6, "bob", "operations");
    changed.failed_logins = 3;
    changed.locked_until_us = 99;
    add_op(&b, STORE_USER_PUT)->u.user = changed;
    commit_ok(f->s, &b);
    assert_int_equal(store_find_user(f->s, 6, &got, &why), 1);
    assert_string_equal(got.role, "operations");
    assert_int_equal(got.failed_logins, 3);
    assert_int_equal(got.locked_until_us, 99);

    /* a second user with a name in use is refused, and nothing of its batch stays */
    add_op(&b, STORE_USER_PUT)->u.user = user(7, "carol", "support");
    add_op(&b, STORE_USER_PUT)->u.user = user(8, "alice", "support");
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_int_equal(store_find_user_by_name(f->s, "carol", &got, &why), 0);
    store_batch_free(&b);
}

struct names {
    char seen[8][33];
    int n;
};

static int take_name(void *ctx, const struct user_row *row)
{
    struct names *names = ctx;
    snprintf(names->seen[names->n++], sizeof(names->seen[0]), "%s", row->username);
    return 0;
}

static void users_come_a_page_at_a_time(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct names page = {.n = 0};
    static const char *const names[] = {"u1", "u2", "u3", "u4", "u5"};

    store_batch_init(&b);
    for (size_t i = 0; i < PS_ARRAY_LEN(names); i++)
        add_op(&b, STORE_USER_PUT)->u.user = user(10 + (int64_t)i, names[i], "support");
    commit_ok(f->s, &b);
    assert_int_equal(store_each_user(f->s, 0, 2, take_name, &page, NULL), 0);
    assert_int_equal(page.n, 2);
    assert_string_equal(page.seen[1], "u2");
    page.n = 0;
    assert_int_equal(store_each_user(f->s, 11, 10, take_name, &page, NULL), 0);
    assert_int_equal(page.n, 3);
    assert_string_equal(page.seen[0], "u3");
    store_batch_free(&b);
}

static void sessions_are_found_by_their_token_hash(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct auth_session_row s, got;
    struct ps_reason why = {{0}};

    memset(&s, 0, sizeof(s));
    s.id = 20;
    memset(s.token_hash, 'a', 64);
    s.user_id = 5;
    memset(s.csrf, 'c', 32);
    s.created_us = 10;
    s.expires_us = 20;
    store_batch_init(&b);
    add_op(&b, STORE_AUTH_SESSION_PUT)->u.auth_session = s;
    commit_ok(f->s, &b);
    assert_int_equal(store_find_auth_session(f->s, s.token_hash, &got, &why), 1);
    assert_int_equal(got.user_id, 5);
    assert_int_equal(got.revoked, 0);
    s.revoked = 1; /* logout */
    add_op(&b, STORE_AUTH_SESSION_PUT)->u.auth_session = s;
    commit_ok(f->s, &b);
    assert_int_equal(store_find_auth_session(f->s, s.token_hash, &got, &why), 1);
    assert_int_equal(got.revoked, 1);
    memset(s.token_hash, 'b', 64);
    assert_int_equal(store_find_auth_session(f->s, s.token_hash, &got, &why), 0);
    store_batch_free(&b);
}

struct entries {
    int64_t ids[8];
    char last_after[64];
    int n;
};

static int take_entry(void *ctx, const struct audit_row *row)
{
    struct entries *e = ctx;
    e->ids[e->n++] = row->id;
    snprintf(e->last_after, sizeof(e->last_after), "%.63s", row->after_json);
    return 0;
}

static void the_audit_log_is_read_newest_first(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    static struct audit_row rows[3]; /* by reference until the commit */
    struct entries e = {.n = 0};

    store_batch_init(&b);
    for (int i = 0; i < 3; i++) {
        memset(&rows[i], 0, sizeof(rows[i]));
        rows[i].id = 30 + i;
        rows[i].at_us = 100 + i;
        rows[i].user_id = 5;
        snprintf(rows[i].username, sizeof(rows[i].username), "alice");
        snprintf(rows[i].action, sizeof(rows[i].action), "user.create");
        snprintf(rows[i].object_type, sizeof(rows[i].object_type), "user");
        snprintf(rows[i].object_id, sizeof(rows[i].object_id), "%d", 10 + i);
        snprintf(rows[i].after_json, sizeof(rows[i].after_json), "{\"username\":\"u%d\"}", i);
        snprintf(rows[i].remote, sizeof(rows[i].remote), "127.0.0.1");
        add_op(&b, STORE_AUDIT_PUT)->u.audit = &rows[i];
    }
    commit_ok(f->s, &b);
    assert_int_equal(store_each_audit(f->s, INT64_MAX, 2, take_entry, &e, NULL), 0);
    assert_int_equal(e.n, 2);
    assert_int_equal(e.ids[0], 32);
    assert_int_equal(e.ids[1], 31);
    e.n = 0;
    assert_int_equal(store_each_audit(f->s, 31, 10, take_entry, &e, NULL), 0);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.ids[0], 30);
    assert_string_equal(e.last_after, "{\"username\":\"u0\"}");

    struct ps_reason why = {{0}};
    add_op(&b, STORE_AUDIT_PUT)->u.audit = NULL;
    assert_int_equal(store_commit(f->s, &b, &why), PS_EINVAL);
    store_batch_free(&b);
}

static void office_ids_continue_in_the_host_range(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    int64_t high = -1;

    assert_int_equal(store_office_high_mark(f->s, 1, &high, NULL), 0);
    assert_int_equal(high, store_first_id(1));
    store_batch_init(&b);
    add_op(&b, STORE_USER_PUT)->u.user = user(store_first_id(1) + 7, "dave", "finance");
    add_op(&b, STORE_USER_PUT)->u.user = user(store_first_id(2) + 9, "erin", "finance");
    commit_ok(f->s, &b);
    assert_int_equal(store_office_high_mark(f->s, 1, &high, NULL), 0);
    assert_int_equal(high, store_first_id(1) + 7);
    assert_int_equal(store_office_high_mark(f->s, 2, &high, NULL), 0);
    assert_int_equal(high, store_first_id(2) + 9);
    assert_int_equal(store_office_high_mark(f->s, 100, &high, NULL), PS_EINVAL);
    store_batch_free(&b);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(users_are_found_by_name_and_id_and_replaced_by_id),
        T(users_come_a_page_at_a_time),
        T(sessions_are_found_by_their_token_hash),
        T(the_audit_log_is_read_newest_first),
        T(office_ids_continue_in_the_host_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
