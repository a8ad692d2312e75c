/* Merchant onboarding's tables through the store: applications put and replaced by id,
 * every field back as written (Chinese text of full length included); the guard that
 * refuses a change to an application someone changed meanwhile, with nothing of its
 * batch applied; lists by state, agent, merchant and overdue review, a page at a time;
 * the history and the documents of an application; and the merchant lookups approval
 * needs (by id, the highest MID of a prefix, the highest merchant id of a host). Run on
 * SQLite and on PostgreSQL (tests/CMakeLists.txt). */
#include "store_fixture.h"

#include "host/store/onboarding.h"

static struct application_row *app(int64_t id, const char *state, int64_t agent_id)
{
    static struct application_row rows[8];
    static int next;
    struct application_row *a = &rows[next++ % 8];
    memset(a, 0, sizeof(*a));
    a->id = id;
    snprintf(a->state, sizeof(a->state), "%s", state);
    snprintf(a->channel, sizeof(a->channel), "paper");
    snprintf(a->legal_name, sizeof(a->legal_name), "深圳市示例商贸有限公司 %" PRId64, id);
    snprintf(a->uscc, sizeof(a->uscc), "91350100M000100Y43");
    snprintf(a->mcc, sizeof(a->mcc), "5411");
    snprintf(a->products, sizeof(a->products), "card,qr");
    a->agent_id = agent_id;
    a->created_us = a->updated_us = 1000 + id;
    return a;
}

static void put(struct store *s, const struct application_row *a)
{
    struct store_batch b;
    store_batch_init(&b);
    add_op(&b, STORE_APPLICATION_PUT)->u.application = a;
    commit_ok(s, &b);
    store_batch_free(&b);
}

static void applications_are_put_and_read_back_whole(void **state)
{
    struct fixture *f = *state;
    struct application_row got;
    struct application_row *a = app(7, "draft", 3);
    struct ps_reason why = {{0}};

    /* every text field at its full length, in three-byte characters */
    for (size_t i = 0; i + 3 < sizeof(a->business_address); i += 3)
        memcpy(a->business_address + i, "街", 3);
    snprintf(a->review_due, sizeof(a->review_due), "20260410");
    a->deposit_fen = INT64_C(50000);
    put(f->s, a);
    assert_int_equal(store_find_application(f->s, 7, &got, &why), 1);
    assert_memory_equal(&got, a, sizeof(got)); /* both zeroed, then filled the same */
    assert_int_equal(store_find_application(f->s, 8, &got, &why), 0);

    snprintf(a->state, sizeof(a->state), "installation_scheduled");
    snprintf(a->installation_date, sizeof(a->installation_date), "20260420");
    a->technician_id = 4;
    put(f->s, a);
    assert_int_equal(store_find_application(f->s, 7, &got, &why), 1);
    assert_string_equal(got.state, "installation_scheduled");
    assert_string_equal(got.installation_date, "20260420");
    assert_int_equal(got.technician_id, 4);
}

static void a_change_to_an_application_changed_meanwhile_is_refused(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct application_row got;
    struct application_event_row event;
    struct ps_reason why = {{0}};
    struct application_row *a = app(9, "under_review", 0);

    put(f->s, a);
    memset(&event, 0, sizeof(event));
    event.id = 10;
    event.application_id = 9;
    snprintf(event.action, sizeof(event.action), "approve");

    /* read as under_review at 1009: the guard holds, the change applies */
    store_batch_init(&b);
    struct store_op *op = add_op(&b, STORE_APPLICATION_GUARD);
    op->u.application_guard.id = 9;
    snprintf(op->u.application_guard.state, sizeof(op->u.application_guard.state), "under_review");
    op->u.application_guard.updated_us = 1009;
    struct application_row *approved = app(9, "approved", 0);
    approved->updated_us = 2000;
    add_op(&b, STORE_APPLICATION_PUT)->u.application = approved;
    add_op(&b, STORE_APPLICATION_EVENT_PUT)->u.application_event = &event;
    commit_ok(f->s, &b);

    /* the same change again, from the same stale read: refused, nothing applied */
    op = add_op(&b, STORE_APPLICATION_GUARD);
    op->u.application_guard.id = 9;
    snprintf(op->u.application_guard.state, sizeof(op->u.application_guard.state), "under_review");
    op->u.application_guard.updated_us = 1009;
    struct application_row *rejected = app(9, "rejected", 0);
    add_op(&b, STORE_APPLICATION_PUT)->u.application = rejected;
    event.id = 11;
    add_op(&b, STORE_APPLICATION_EVENT_PUT)->u.application_event = &event;
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "application 9 changed since it was read"));
    assert_int_equal(store_find_application(f->s, 9, &got, &why), 1);
    assert_string_equal(got.state, "approved");
    struct raw *r = raw_open(f->path);
    assert_int_equal(raw_int(r, "SELECT COUNT(*) FROM application_events"), 1);
    raw_close(r);
    store_batch_free(&b);
}

struct ids {
    int64_t id[8];
    int n;
};

static int take_id(void *ctx, const struct application_row *row)
{
    struct ids *ids = ctx;
    ids->id[ids->n++] = row->id;
    return 0;
}

static struct ids list(struct store *s, const struct store_application_filter *f, int64_t after,
                       int limit)
{
    struct ids ids = {.n = 0};
    struct ps_reason why = {{0}};
    int rc = store_each_application(s, f, after, limit, take_id, &ids, &why);
    if (rc != 0)
        print_error("store_each_application: %s\n", why.text);
    assert_int_equal(rc, 0);
    return ids;
}

static void applications_are_listed_by_state_agent_merchant_and_overdue(void **state)
{
    struct fixture *f = *state;
    struct store_application_filter all = {0};

    put(f->s, app(1, "draft", 5));
    struct application_row *a = app(2, "submitted", 5);
    snprintf(a->review_due, sizeof(a->review_due), "20260403");
    put(f->s, a);
    a = app(3, "under_review", 0);
    snprintf(a->review_due, sizeof(a->review_due), "20260410");
    a->owner_merchant_id = 40;
    put(f->s, a);
    a = app(4, "approved", 6); /* due long ago, but decided: never overdue */
    snprintf(a->review_due, sizeof(a->review_due), "20260101");
    a->merchant_id = 40;
    put(f->s, a);

    struct ids got = list(f->s, &all, 0, 10);
    assert_int_equal(got.n, 4);
    got = list(f->s, &all, 0, 2);
    assert_int_equal(got.n, 2);
    got = list(f->s, &all, got.id[1], 2);
    assert_int_equal(got.n, 2);
    assert_int_equal(got.id[0], 3);

    struct store_application_filter by_state = {.state = "submitted"};
    got = list(f->s, &by_state, 0, 10);
    assert_int_equal(got.n, 1);
    assert_int_equal(got.id[0], 2);
    struct store_application_filter by_agent = {.agent_id = 5};
    assert_int_equal(list(f->s, &by_agent, 0, 10).n, 2);
    struct store_application_filter by_merchant = {.merchant_id = 40};
    got = list(f->s, &by_merchant, 0, 10);
    assert_int_equal(got.n, 2); /* its online application and the one that made it */
    assert_int_equal(got.id[0], 3);
    assert_int_equal(got.id[1], 4);

    struct store_application_filter overdue = {.overdue_on = "20260404"};
    got = list(f->s, &overdue, 0, 10);
    assert_int_equal(got.n, 1);
    assert_int_equal(got.id[0], 2);
    overdue.overdue_on = "20260403"; /* the due day itself is not late yet */
    assert_int_equal(list(f->s, &overdue, 0, 10).n, 0);
    overdue.overdue_on = "20260411";
    assert_int_equal(list(f->s, &overdue, 0, 10).n, 2);
    overdue.agent_id = 5;
    assert_int_equal(list(f->s, &overdue, 0, 10).n, 1);
}

static int take_event(void *ctx, const struct application_event_row *row)
{
    struct ids *ids = ctx;
    ids->id[ids->n++] = row->id;
    assert_string_equal(row->fix_fields, row->id == 21 ? "uscc,documents.id_front" : "");
    return 0;
}

static int take_document(void *ctx, const struct document_row *row)
{
    struct ids *ids = ctx;
    ids->id[ids->n++] = row->id;
    return 0;
}

static void history_and_documents_belong_to_their_application(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct application_event_row e[3];
    struct document_row got;
    struct ids ids = {.n = 0};
    struct ps_reason why = {{0}};

    store_batch_init(&b);
    for (int i = 0; i < 3; i++) {
        memset(&e[i], 0, sizeof(e[i]));
        e[i].id = 20 + i;
        e[i].application_id = i < 2 ? 1 : 2;
        snprintf(e[i].action, sizeof(e[i].action), i == 1 ? "return" : "submit");
        if (i == 1)
            snprintf(e[i].fix_fields, sizeof(e[i].fix_fields), "uscc,documents.id_front");
        add_op(&b, STORE_APPLICATION_EVENT_PUT)->u.application_event = &e[i];
    }
    for (int i = 0; i < 3; i++) {
        struct document_row *d = &add_op(&b, STORE_DOCUMENT_PUT)->u.document;
        d->id = 30 + i;
        d->application_id = i < 2 ? 1 : 2;
        snprintf(d->kind, sizeof(d->kind), "shop_photo");
        snprintf(d->sha256, sizeof(d->sha256), "%064d", i);
        snprintf(d->file_name, sizeof(d->file_name), "%s", d->sha256);
        snprintf(d->content_type, sizeof(d->content_type), "image/png");
        d->size = 5 * 1024 * 1024;
    }
    commit_ok(f->s, &b);
    assert_int_equal(store_each_application_event(f->s, 1, take_event, &ids, &why), 0);
    assert_int_equal(ids.n, 2);
    assert_int_equal(ids.id[1], 21);
    ids.n = 0;
    assert_int_equal(store_each_document(f->s, 2, take_document, &ids, &why), 0);
    assert_int_equal(ids.n, 1);
    assert_int_equal(ids.id[0], 32);
    assert_int_equal(store_find_document(f->s, 1, 31, &got, &why), 1);
    assert_int_equal(got.size, 5 * 1024 * 1024);
    assert_string_equal(got.content_type, "image/png");
    /* a document is found only under its own application */
    assert_int_equal(store_find_document(f->s, 2, 31, &got, &why), 0);
    store_batch_free(&b);
}

static void merchant_lookups_for_approval(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct merchant_row got;
    char mid[ROW_MID_LEN + 1];
    int64_t high = 0;
    struct ps_reason why = {{0}};

    assert_int_equal(store_max_mid(f->s, "89810005411", mid, &why), 0);
    assert_int_equal(store_max_merchant_id(f->s, 0, &high, &why), 0);
    assert_int_equal(high, 0);
    store_batch_init(&b);
    static const char *const mids[] = {"898100054110001", "898100054110012", "898100058120099",
                                       "898100154119999"};
    for (size_t i = 0; i < PS_ARRAY_LEN(mids); i++) {
        struct merchant_row *m = &add_op(&b, STORE_MERCHANT_PUT)->u.merchant;
        m->id = 100 + (int64_t)i;
        snprintf(m->mid, sizeof(m->mid), "%s", mids[i]);
        snprintf(m->name, sizeof(m->name), "Shop %zu", i);
        snprintf(m->mcc, sizeof(m->mcc), "5411");
        snprintf(m->status, sizeof(m->status), "suspended");
    }
    commit_ok(f->s, &b);
    assert_int_equal(store_max_mid(f->s, "89810005411", mid, &why), 1);
    assert_string_equal(mid, "898100054110012");
    assert_int_equal(store_max_mid(f->s, "89810005812", mid, &why), 1);
    assert_string_equal(mid, "898100058120099");
    assert_int_equal(store_max_mid(f->s, "898100154110000000", mid, &why), PS_EINVAL);
    assert_int_equal(store_find_merchant(f->s, 101, &got, &why), 1);
    assert_string_equal(got.mid, "898100054110012");
    assert_string_equal(got.status, "suspended");
    assert_int_equal(store_find_merchant(f->s, 99, &got, &why), 0);
    assert_int_equal(store_max_merchant_id(f->s, 0, &high, &why), 0);
    assert_int_equal(high, 103);
    assert_int_equal(store_max_merchant_id(f->s, 1, &high, &why), 0);
    assert_int_equal(high, store_first_id(1));
    store_batch_free(&b);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(applications_are_put_and_read_back_whole),
        T(a_change_to_an_application_changed_meanwhile_is_refused),
        T(applications_are_listed_by_state_agent_merchant_and_overdue),
        T(history_and_documents_belong_to_their_application),
        T(merchant_lookups_for_approval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
