/* Training records through the store: a record put and read back whole (Chinese text
 * of full length included), a second put of the same id refused with nothing of its
 * batch applied, and a merchant's records listed in order, a page at a time, without
 * another merchant's. Run on SQLite and on PostgreSQL (tests/CMakeLists.txt). */
#include "store_fixture.h"

#include "host/store/training.h"

static struct training_row record(int64_t id, int64_t merchant_id)
{
    struct training_row r;
    memset(&r, 0, sizeof(r));
    r.id = id;
    r.merchant_id = merchant_id;
    snprintf(r.trainee_name, sizeof(r.trainee_name), "王小明 %" PRId64, id);
    snprintf(r.trainee_role, sizeof(r.trainee_role), "cashier");
    snprintf(r.topics, sizeof(r.topics), "sale, void, settlement");
    snprintf(r.trained_on, sizeof(r.trained_on), "20250310");
    r.trainer_id = 6;
    snprintf(r.trainer, sizeof(r.trainer), "technician");
    r.created_us = 1000 + id;
    return r;
}

static void put(struct store *s, const struct training_row *r)
{
    struct store_batch b;
    store_batch_init(&b);
    add_op(&b, STORE_TRAINING_PUT)->u.training = r;
    commit_ok(s, &b);
    store_batch_free(&b);
}

/* Up to 8 rows a walk saw, whole. */
struct seen {
    struct training_row row[8];
    int n;
};

static int take(void *ctx, const struct training_row *row)
{
    struct seen *seen = ctx;
    seen->row[seen->n++] = *row;
    return 0;
}

static void a_record_is_put_and_read_back_whole(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};
    struct seen seen;
    struct training_row r = record(7, 3);

    /* every text field at its full length, in three-byte characters */
    memset(r.trainee_name, 0, sizeof(r.trainee_name));
    for (size_t i = 0; i + 3 < sizeof(r.trainee_name); i += 3)
        memcpy(r.trainee_name + i, "店", 3);
    memset(r.topics, 0, sizeof(r.topics));
    for (size_t i = 0; i + 3 < sizeof(r.topics); i += 3)
        memcpy(r.topics + i, "题", 3);
    put(f->s, &r);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(store_each_training(f->s, 3, 0, 10, take, &seen, &why), 0);
    assert_int_equal(seen.n, 1);
    assert_memory_equal(&seen.row[0], &r, sizeof(r)); /* both zeroed, then filled the same */
}

static void a_record_is_written_once(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ps_reason why = {{0}};
    struct seen seen = {0};
    struct training_row r = record(9, 1), again = record(9, 1), other = record(10, 1);

    put(f->s, &r);
    snprintf(again.trainee_role, sizeof(again.trainee_role), "owner");
    store_batch_init(&b);
    add_op(&b, STORE_TRAINING_PUT)->u.training = &other;
    add_op(&b, STORE_TRAINING_PUT)->u.training = &again;
    assert_true(store_commit(f->s, &b, &why) < 0);
    assert_non_null(strstr(why.text, "training record 9"));
    store_batch_free(&b);
    assert_int_equal(store_each_training(f->s, 1, 0, 10, take, &seen, &why), 0);
    assert_int_equal(seen.n, 1); /* neither the replacement nor the other of its batch */
    assert_string_equal(seen.row[0].trainee_role, "cashier");
}

static void a_merchants_records_are_listed_in_order_a_page_at_a_time(void **state)
{
    struct fixture *f = *state;
    struct ps_reason why = {{0}};
    struct seen seen = {0};
    struct training_row r[5];

    for (int i = 0; i < 5; i++) {
        r[i] = record(20 + i, i == 2 ? 2 : 1);
        put(f->s, &r[i]);
    }
    assert_int_equal(store_each_training(f->s, 1, 0, 10, take, &seen, &why), 0);
    assert_int_equal(seen.n, 4);
    assert_int_equal(seen.row[0].id, 20);
    assert_int_equal(seen.row[1].id, 21);
    assert_int_equal(seen.row[2].id, 23);
    seen.n = 0;
    assert_int_equal(store_each_training(f->s, 1, 21, 1, take, &seen, &why), 0);
    assert_int_equal(seen.n, 1);
    assert_int_equal(seen.row[0].id, 23);
    seen.n = 0;
    assert_int_equal(store_each_training(f->s, 2, 0, 10, take, &seen, &why), 0);
    assert_int_equal(seen.n, 1);
    assert_int_equal(seen.row[0].id, 22);
    seen.n = 0;
    assert_int_equal(store_each_training(f->s, 4, 0, 10, take, &seen, &why), 0);
    assert_int_equal(seen.n, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(a_record_is_put_and_read_back_whole),
        T(a_record_is_written_once),
        T(a_merchants_records_are_listed_in_order_a_page_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
