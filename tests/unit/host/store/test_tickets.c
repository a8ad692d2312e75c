/* After-sales' tables through the store: tickets put and replaced by id, every field
 * back as written (Chinese text of full length included); the guard that refuses a
 * change to a ticket someone changed meanwhile, with nothing of its batch applied; the
 * unique ticket number; lists by status, merchant and overdue, a page at a time; a
 * ticket's comments in order; the day's count of numbers. Run on SQLite and on
 * PostgreSQL (tests/CMakeLists.txt). */
#include "store_fixture.h"

#include "host/store/tickets.h"

static struct ticket_row *ticket(int64_t id, const char *number, const char *status,
                                 int64_t merchant_id, int64_t due_us)
{
    static struct ticket_row rows[8];
    static int next;
    struct ticket_row *t = &rows[next++ % 8];
    memset(t, 0, sizeof(*t));
    t->id = id;
    snprintf(t->number, sizeof(t->number), "%s", number);
    snprintf(t->category, sizeof(t->category), "fault");
    snprintf(t->priority, sizeof(t->priority), "high");
    snprintf(t->status, sizeof(t->status), "%s", status);
    t->merchant_id = merchant_id;
    snprintf(t->title, sizeof(t->title), "打印机不出纸 %" PRId64, id);
    snprintf(t->description, sizeof(t->description), "the printer feeds no paper");
    t->opened_us = t->updated_us = 1000 + id;
    t->due_us = due_us;
    return t;
}

static void put(struct store *s, const struct ticket_row *t)
{
    struct store_batch b;
    store_batch_init(&b);
    add_op(&b, STORE_TICKET_PUT)->u.ticket = t;
    commit_ok(s, &b);
    store_batch_free(&b);
}

static void tickets_are_put_and_read_back_whole(void **state)
{
    struct fixture *f = *state;
    struct ticket_row got;
    struct ps_reason why = {{0}};
    struct ticket_row *t = ticket(7, "T20261123-0001", "open", 3, 5000);

    /* every text field at its full length, in three-byte characters */
    for (size_t i = 0; i + 3 < sizeof(t->description); i += 3)
        memcpy(t->description + i, "纸", 3);
    for (size_t i = 0; i + 3 < sizeof(t->last_reason); i += 3)
        memcpy(t->last_reason + i, "因", 3);
    snprintf(t->category, sizeof(t->category), "repair");
    t->stock_id = 44;
    t->warranty_free = 1;
    snprintf(t->warranty_end, sizeof(t->warranty_end), "20271122");
    t->assignee_id = 5;
    t->opened_by = 6;
    put(f->s, t);
    assert_int_equal(store_find_ticket(f->s, 7, &got, &why), 1);
    assert_memory_equal(&got, t, sizeof(got)); /* both zeroed, then filled the same */
    assert_int_equal(store_find_ticket(f->s, 8, &got, &why), 0);

    snprintf(t->status, sizeof(t->status), "resolved");
    t->resolved_us = 9000;
    put(f->s, t);
    assert_int_equal(store_find_ticket(f->s, 7, &got, &why), 1);
    assert_string_equal(got.status, "resolved");
    assert_int_equal(got.resolved_us, 9000);
}

static void a_change_to_a_ticket_changed_meanwhile_is_refused(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ticket_row got;
    struct ticket_comment_row c;
    struct ps_reason why = {{0}};

    put(f->s, ticket(9, "T20261123-0002", "open", 1, 5000));
    memset(&c, 0, sizeof(c));
    c.id = 10;
    c.ticket_id = 9;
    snprintf(c.text, sizeof(c.text), "on my way");

    store_batch_init(&b);
    struct store_op *op = add_op(&b, STORE_TICKET_GUARD);
    op->u.ticket_guard.id = 9;
    snprintf(op->u.ticket_guard.status, sizeof(op->u.ticket_guard.status), "open");
    op->u.ticket_guard.updated_us = 1009;
    struct ticket_row *started = ticket(9, "T20261123-0002", "in_progress", 1, 5000);
    started->updated_us = 2000;
    add_op(&b, STORE_TICKET_PUT)->u.ticket = started;
    add_op(&b, STORE_TICKET_COMMENT_PUT)->u.ticket_comment = &c;
    commit_ok(f->s, &b);

    /* the same change from the same stale read: refused, nothing of it applied */
    op = add_op(&b, STORE_TICKET_GUARD);
    op->u.ticket_guard.id = 9;
    snprintf(op->u.ticket_guard.status, sizeof(op->u.ticket_guard.status), "open");
    op->u.ticket_guard.updated_us = 1009;
    struct ticket_row *waiting = ticket(9, "T20261123-0002", "waiting_customer", 1, 5000);
    add_op(&b, STORE_TICKET_PUT)->u.ticket = waiting;
    c.id = 11;
    add_op(&b, STORE_TICKET_COMMENT_PUT)->u.ticket_comment = &c;
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "ticket 9 changed since it was read"));
    assert_int_equal(store_find_ticket(f->s, 9, &got, &why), 1);
    assert_string_equal(got.status, "in_progress");
    struct raw *r = raw_open(f->path);
    assert_int_equal(raw_int(r, "SELECT COUNT(*) FROM ticket_comments"), 1);
    raw_close(r);

    /* a number names one ticket */
    add_op(&b, STORE_TICKET_PUT)->u.ticket = ticket(12, "T20261123-0002", "open", 1, 5000);
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    store_batch_free(&b);
}

struct ids {
    int64_t id[8];
    int n;
};

static int take_id(void *ctx, const struct ticket_row *row)
{
    struct ids *ids = ctx;
    ids->id[ids->n++] = row->id;
    return 0;
}

static struct ids list(struct store *s, const char *status, int64_t merchant, int64_t overdue_at,
                       int64_t after, int limit)
{
    struct store_ticket_filter f = {status, merchant, overdue_at};
    struct ids ids = {{0}, 0};
    struct ps_reason why = {{0}};
    assert_int_equal(store_each_ticket(s, &f, after, limit, take_id, &ids, &why), 0);
    return ids;
}

static void tickets_are_listed_by_status_merchant_and_overdue(void **state)
{
    struct fixture *f = *state;
    struct ids ids;

    put(f->s, ticket(1, "T20261123-0001", "open", 1, 100));
    put(f->s, ticket(2, "T20261123-0002", "in_progress", 2, 100));
    put(f->s, ticket(3, "T20261123-0003", "waiting_customer", 1, 100)); /* theirs to act */
    put(f->s, ticket(4, "T20261124-0001", "resolved", 1, 100));
    put(f->s, ticket(5, "T20261124-0002", "open", 1, 900)); /* not due yet */

    ids = list(f->s, "", 0, 0, 0, 10);
    assert_int_equal(ids.n, 5);
    ids = list(f->s, "open", 0, 0, 0, 10);
    assert_int_equal(ids.n, 2);
    assert_int_equal(ids.id[1], 5);
    ids = list(f->s, "", 1, 0, 0, 10);
    assert_int_equal(ids.n, 4);
    ids = list(f->s, "", 0, 500, 0, 10);
    assert_int_equal(ids.n, 2);
    assert_int_equal(ids.id[0], 1);
    assert_int_equal(ids.id[1], 2);
    ids = list(f->s, "", 1, 500, 0, 10);
    assert_int_equal(ids.n, 1);
    ids = list(f->s, "", 0, 0, 2, 2); /* a page */
    assert_int_equal(ids.n, 2);
    assert_int_equal(ids.id[0], 3);
    assert_int_equal(ids.id[1], 4);

    int64_t n = -1;
    struct ps_reason why = {{0}};
    assert_int_equal(store_count_ticket_numbers(f->s, "T20261123-", &n, &why), 0);
    assert_int_equal(n, 3);
    assert_int_equal(store_count_ticket_numbers(f->s, "T20261124-", &n, &why), 0);
    assert_int_equal(n, 2);
    assert_int_equal(store_count_ticket_numbers(f->s, "T20261125-", &n, &why), 0);
    assert_int_equal(n, 0);
}

static int take_comment(void *ctx, const struct ticket_comment_row *row)
{
    struct ids *ids = ctx;
    ids->id[ids->n++] = row->id;
    return 0;
}

static void comments_belong_to_their_ticket_in_order(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ticket_comment_row c[4];
    struct ps_reason why = {{0}};
    struct ids ids = {{0}, 0};

    store_batch_init(&b);
    for (int i = 0; i < 4; i++) {
        memset(&c[i], 0, sizeof(c[i]));
        c[i].id = 20 + i;
        c[i].ticket_id = i == 2 ? 2 : 1;
        c[i].author_id = 6;
        snprintf(c[i].author, sizeof(c[i].author), "support");
        c[i].at_us = 100 + i;
        snprintf(c[i].text, sizeof(c[i].text), "第 %d 条\nline two", i);
        add_op(&b, STORE_TICKET_COMMENT_PUT)->u.ticket_comment = &c[i];
    }
    commit_ok(f->s, &b);
    store_batch_free(&b);
    assert_int_equal(store_each_ticket_comment(f->s, 1, 0, 10, take_comment, &ids, &why), 0);
    assert_int_equal(ids.n, 3);
    assert_int_equal(ids.id[0], 20);
    assert_int_equal(ids.id[2], 23);
    ids.n = 0;
    assert_int_equal(store_each_ticket_comment(f->s, 1, 20, 1, take_comment, &ids, &why), 0);
    assert_int_equal(ids.n, 1);
    assert_int_equal(ids.id[0], 21);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(tickets_are_put_and_read_back_whole),
        T(a_change_to_a_ticket_changed_meanwhile_is_refused),
        T(tickets_are_listed_by_status_merchant_and_overdue),
        T(comments_belong_to_their_ticket_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
