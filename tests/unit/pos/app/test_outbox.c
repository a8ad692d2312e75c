/* app/outbox: what must reach the host goes in the order it was put, each item once:
 * forwarding stops at an item that cannot be delivered (nothing overtakes it) and
 * resumes there; a delivered item is never sent again; an item refused for good is
 * set aside with its reason; the same key is never queued twice. */
#include "testing.h"

#include <stdio.h>

#include "pos/app/outbox.h"
#include "pos/app/schema.h"
#include "pos/db/db.h"

#define NOW 1700000000

struct sender {
    char sent[16][POS_OUTBOX_KEY_MAX + 1]; /* every key handed over, in order */
    size_t n;
    const char *fail_key; /* the host is away for this one */
    const char *refuse_key;
};

static int send(void *ctx, const struct pos_outbox_item *it, struct ps_reason *why)
{
    struct sender *s = ctx;

    snprintf(s->sent[s->n++], sizeof(s->sent[0]), "%s", it->key);
    if (s->fail_key != NULL && strcmp(it->key, s->fail_key) == 0)
        return ps_fail(why, PS_ETIMEDOUT, "no answer");
    if (s->refuse_key != NULL && strcmp(it->key, s->refuse_key) == 0)
        return ps_fail(why, 1, "refused for good");
    return 0;
}

static int setup(void **state)
{
    sqlite3 *db = NULL;
    struct ps_reason why;

    assert_int_equal(pos_db_open("", &db, &why), 0);
    assert_int_equal(pos_app_schema_migrate(db, &why), 0);
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    pos_db_close(*state);
    return 0;
}

static void put3(sqlite3 *db)
{
    struct ps_reason why;
    assert_int_equal(pos_outbox_put(db, "reversal:1:5", "reversal", "{}", NOW, &why), 0);
    assert_int_equal(pos_outbox_put(db, "settlement:1", "settlement", "{}", NOW, &why), 0);
    assert_int_equal(pos_outbox_put(db, "sign_off:1", "sign_off", "{}", NOW, &why), 0);
}

static void items_go_in_order_and_once(void **state)
{
    sqlite3 *db = *state;
    struct sender s = {0};
    struct pos_outbox_report rep;
    struct ps_reason why;
    size_t waiting = 9;

    put3(db);
    assert_int_equal(pos_outbox_forward(db, send, &s, NOW, &rep, &why), 0);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.sent[0], "reversal:1:5");
    assert_string_equal(s.sent[1], "settlement:1");
    assert_string_equal(s.sent[2], "sign_off:1");
    assert_int_equal(rep.delivered, 3);
    assert_int_equal(pos_outbox_waiting(db, &waiting, &why), 0);
    assert_int_equal(waiting, 0);
    /* forwarding again sends nothing */
    assert_int_equal(pos_outbox_forward(db, send, &s, NOW, &rep, &why), 0);
    assert_int_equal(s.n, 3);
}

static void nothing_overtakes_an_item_that_cannot_go(void **state)
{
    sqlite3 *db = *state;
    struct sender s = {.fail_key = "settlement:1"};
    struct pos_outbox_report rep;
    struct pos_outbox_item it;
    struct ps_reason why;

    put3(db);
    assert_int_equal(pos_outbox_forward(db, send, &s, NOW, &rep, &why), PS_ETIMEDOUT);
    assert_string_equal(why.text, "no answer");
    assert_int_equal(s.n, 2); /* the sign-off waited behind the settlement */
    assert_int_equal(rep.waiting, 2);
    assert_int_equal(pos_outbox_find(db, "settlement:1", &it, &why), 0);
    assert_string_equal(it.state, "waiting");
    assert_int_equal(it.attempts, 1);
    assert_string_equal(it.last_error, "no answer");
    /* the host is back: it resumes where it stopped */
    s.fail_key = NULL;
    s.n = 0;
    assert_int_equal(pos_outbox_forward(db, send, &s, NOW, &rep, &why), 0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.sent[0], "settlement:1");
    assert_string_equal(s.sent[1], "sign_off:1");
}

static void a_refused_item_is_set_aside(void **state)
{
    sqlite3 *db = *state;
    struct sender s = {.refuse_key = "reversal:1:5"};
    struct pos_outbox_report rep;
    struct pos_outbox_item it;
    struct ps_reason why;

    put3(db);
    assert_int_equal(pos_outbox_forward(db, send, &s, NOW, &rep, &why), 0);
    assert_int_equal(rep.failed, 1);
    assert_int_equal(rep.delivered, 2);
    assert_int_equal(pos_outbox_find(db, "reversal:1:5", &it, &why), 0);
    assert_string_equal(it.state, "failed");
    assert_string_equal(it.last_error, "refused for good");
}

static void a_key_is_queued_once(void **state)
{
    sqlite3 *db = *state;
    struct sender s = {0};
    struct ps_reason why;
    struct pos_outbox_item it;

    put3(db);
    assert_int_equal(pos_outbox_put(db, "reversal:1:5", "reversal", "{\"again\":1}", NOW, &why),
                     POS_OUTBOX_EXISTS);
    assert_int_equal(pos_outbox_forward(db, send, &s, NOW, NULL, &why), 0);
    /* delivered: putting it again does not bring it back */
    assert_int_equal(pos_outbox_put(db, "reversal:1:5", "reversal", "{}", NOW, &why),
                     POS_OUTBOX_EXISTS);
    assert_int_equal(pos_outbox_next(db, &it, &why), POS_OUTBOX_EMPTY);
    assert_int_equal(s.n, 3);
}

static void done_is_only_for_waiting_items(void **state)
{
    sqlite3 *db = *state;
    struct pos_outbox_item it;
    struct ps_reason why;

    put3(db);
    assert_int_equal(pos_outbox_next(db, &it, &why), 0);
    assert_int_equal(pos_outbox_failed(db, it.id, "x", NOW, &why), 0);
    assert_int_equal(pos_outbox_done(db, it.id, NOW + 1, &why), 0); /* stays failed */
    assert_int_equal(pos_outbox_find(db, it.key, &it, &why), 0);
    assert_string_equal(it.state, "failed");
    assert_int_equal(pos_outbox_find(db, "nothing", &it, &why), PS_EUNDEFINED);
    char long_key[POS_OUTBOX_KEY_MAX + 8];
    memset(long_key, 'k', sizeof(long_key) - 1);
    long_key[sizeof(long_key) - 1] = '\0';
    assert_int_equal(pos_outbox_put(db, long_key, "reversal", "{}", NOW, &why), PS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(items_go_in_order_and_once, setup, teardown),
        cmocka_unit_test_setup_teardown(nothing_overtakes_an_item_that_cannot_go, setup, teardown),
        cmocka_unit_test_setup_teardown(a_refused_item_is_set_aside, setup, teardown),
        cmocka_unit_test_setup_teardown(a_key_is_queued_once, setup, teardown),
        cmocka_unit_test_setup_teardown(done_is_only_for_waiting_items, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
