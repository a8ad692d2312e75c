/* Terminal parameter sets through the store: a set put and read back whole (a header of
 * full length in three-byte characters, four hosts of long names), the newest of one
 * scope and target found and no other's, a version taken twice refused with nothing of
 * its batch applied, the highest version, and every set listed a page at a time. Run on
 * SQLite and on PostgreSQL (tests/CMakeLists.txt). */
#include "store_fixture.h"

#include "host/store/param_sets.h"

static struct param_set_row set(int64_t id, uint32_t version, const char *scope,
                                const char *target)
{
    struct param_set_row r;
    memset(&r, 0, sizeof(r));
    r.id = id;
    r.version = version;
    snprintf(r.scope, sizeof(r.scope), "%s", scope);
    snprintf(r.target, sizeof(r.target), "%s", target);
    snprintf(r.receipt_header, sizeof(r.receipt_header), "欢迎光临 %u", (unsigned)version);
    r.kinds = 0x1Eu;
    r.per_txn_limit_fen = INT64_C(999999999999);
    r.daily_limit_fen = INT64_C(999999999999);
    snprintf(r.hosts, sizeof(r.hosts), "posp1.example.cn:5000,[2001:db8::1]:5001");
    r.connect_timeout_s = 10;
    r.response_timeout_s = 30;
    r.created_by = 3;
    r.created_us = 1000 + id;
    return r;
}

static void put(struct store *s, const struct param_set_row *r)
{
    struct store_batch b;
    store_batch_init(&b);
    add_op(&b, STORE_PARAM_SET_PUT)->u.param_set = r;
    commit_ok(s, &b);
    store_batch_free(&b);
}

struct seen {
    struct param_set_row row[8];
    int n;
};

static int take(void *ctx, const struct param_set_row *row)
{
    struct seen *seen = ctx;
    seen->row[seen->n++] = *row;
    return 0;
}

static void a_set_is_put_and_read_back_whole(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};
    struct param_set_row r = set(7, 1, "merchant", "12"), got;
    char name[64];

    memset(r.receipt_header, 0, sizeof(r.receipt_header));
    for (size_t i = 0; i + 3 < sizeof(r.receipt_header); i += 3)
        memcpy(r.receipt_header + i, "店", 3);
    memset(name, 'a', 63);
    name[63] = '\0';
    memset(r.hosts, 0, sizeof(r.hosts));
    snprintf(r.hosts, sizeof(r.hosts), "%s.%s.%s.%s:65535,b:1,c:2,[::1]:3", name, name, name,
             "example");
    put(f->s, &r);
    assert_int_equal(store_newest_param_set(f->s, "merchant", "12", &got, &why), 1);
    assert_memory_equal(&got, &r, sizeof(r)); /* both zeroed, then filled the same */
}

static void the_newest_of_a_scope_and_target_is_found(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};
    struct param_set_row got;
    uint32_t max = 99;

    assert_int_equal(store_max_param_version(f->s, &max, &why), 0);
    assert_int_equal(max, 0);
    struct param_set_row rows[] = {set(1, 1, "default", ""), set(2, 2, "group", "pilot"),
                                   set(3, 3, "merchant", "1"), set(4, 4, "group", "pilot"),
                                   set(5, 5, "group", "north")};
    for (size_t i = 0; i < PS_ARRAY_LEN(rows); i++)
        put(f->s, &rows[i]);
    assert_int_equal(store_newest_param_set(f->s, "group", "pilot", &got, &why), 1);
    assert_int_equal(got.version, 4);
    assert_int_equal(store_newest_param_set(f->s, "default", "", &got, &why), 1);
    assert_int_equal(got.version, 1);
    assert_int_equal(store_newest_param_set(f->s, "merchant", "2", &got, &why), 0);
    assert_int_equal(store_newest_param_set(f->s, "terminal", "1", &got, &why), 0);
    assert_int_equal(store_max_param_version(f->s, &max, &why), 0);
    assert_int_equal(max, 5);
}

static void a_version_is_taken_once(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ps_reason why = {{0}};
    struct seen seen = {0};
    struct param_set_row first = set(1, 1, "default", ""), other = set(2, 2, "merchant", "1"),
                         again = set(3, 1, "group", "pilot");

    put(f->s, &first);
    store_batch_init(&b);
    add_op(&b, STORE_PARAM_SET_PUT)->u.param_set = &other;
    add_op(&b, STORE_PARAM_SET_PUT)->u.param_set = &again; /* another host's version 1 */
    assert_true(store_commit(f->s, &b, &why) < 0);
    assert_non_null(strstr(why.text, "parameter set version 1"));
    store_batch_free(&b);
    assert_int_equal(store_each_param_set(f->s, 0, 10, take, &seen, &why), 0);
    assert_int_equal(seen.n, 1); /* neither the second version 1 nor the other of its batch */
    assert_string_equal(seen.row[0].scope, "default");
}

static void sets_are_listed_a_page_at_a_time(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};
    struct seen seen = {0};

    for (int i = 0; i < 5; i++) {
        struct param_set_row r = set(10 + i, (uint32_t)(i + 1), "default", "");
        put(f->s, &r);
    }
    assert_int_equal(store_each_param_set(f->s, 0, 3, take, &seen, &why), 0);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.row[2].id, 12);
    seen.n = 0;
    assert_int_equal(store_each_param_set(f->s, 12, 3, take, &seen, &why), 0);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.row[0].version, 4);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(a_set_is_put_and_read_back_whole),
        T(the_newest_of_a_scope_and_target_is_found),
        T(a_version_is_taken_once),
        T(sets_are_listed_a_page_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
