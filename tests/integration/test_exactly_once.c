/* Exactly once, against a real possumd: a request that comes again — byte for byte, as
 * a terminal retransmits after a timeout — gets its first answer and moves no money;
 * a reversal undoes once however often it comes; a reversal that overtakes its
 * original is acknowledged and the late original refused; all of it across a restart
 * of possumd and under twenty terminals trading at once. */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pos/hostlink/requests.h"

static struct possumd server;

POSSUMD_GROUP(server)

/* ---- helpers ------------------------------------------------------------------------- */

/* Journal rows of terminal tid with this batch, STAN and kind (the journal's name of
 * it: "purchase", "reversal"), whatever their content. */
static int64_t rows_of(const char *tid, uint32_t batch, uint32_t stan, const char *kind)
{
    return db_count(&server, "txns WHERE tid = '%s' AND batch = %u AND stan = %u AND kind = '%s'",
                    tid, (unsigned)batch, (unsigned)stan, kind);
}

static int64_t journal_size(void)
{
    struct store *s = possumd_store(&server);
    int64_t n = 0;
    assert_int_equal(store_count_txns(s, &n, NULL), 0);
    store_close(s);
    return n;
}

static void expect_same_answer(const struct raw_answer *first, const struct raw_answer *again)
{
    assert_string_equal(again->mti, first->mti);
    assert_string_equal(again->code, first->code);
    assert_string_equal(again->rrn, first->rrn);
    assert_string_equal(again->auth_code, first->auth_code);
    assert_int_equal(again->stan, first->stan);
}

/* ---- retransmissions ----------------------------------------------------------------- */

static void retransmission_gets_the_first_answer(void **state)
{
    struct term t;
    struct raw_request req;
    struct raw_answer first, again;
    char pan[20];
    (void)state;

    fleet_pan(200, pan);
    term_open_signed_in(&t, &server, 0);
    int64_t before = term_balance(&t, pan);
    term_build_card(&t, HL_PURCHASE, pan, PIN, 4321, NULL, &req);
    raw_ask(&server, &req, &first);
    assert_string_equal(first.code, "00");
    assert_int_equal(strlen(first.auth_code), 6);
    int64_t rows = journal_size();

    for (int i = 0; i < 2; i++) {
        raw_ask(&server, &req, &again); /* the very same bytes */
        expect_same_answer(&first, &again);
    }
    assert_int_equal(journal_size(), rows); /* a retransmission appends nothing */
    assert_int_equal(rows_of(t.t.tid, req.sent.batch, req.sent.stan, "purchase"), 1);
    assert_int_equal(term_balance(&t, pan), before - 4321);
    term_close(&t);
}

/* A decline comes again the same way, with its RRN, and still takes nothing. */
static void retransmitted_decline_gets_the_same_decline(void **state)
{
    struct term t;
    struct raw_request req;
    struct raw_answer first, again;
    (void)state;

    term_open_signed_in(&t, &server, 1);
    term_build_card(&t, HL_PURCHASE, CARD_DEBIT_100, PIN, 20000, NULL, &req);
    raw_ask(&server, &req, &first);
    assert_string_equal(first.code, "51");
    raw_ask(&server, &req, &again);
    expect_same_answer(&first, &again);
    assert_int_equal(rows_of(t.t.tid, req.sent.batch, req.sent.stan, "purchase"), 1);
    assert_int_equal(term_balance(&t, CARD_DEBIT_100), 10000);
    term_close(&t);
}

/* ---- reversals ----------------------------------------------------------------------- */

static void reversal_three_times_undoes_once(void **state)
{
    struct term t;
    struct raw_request rev;
    struct raw_answer first, again;
    char pan[20];
    (void)state;

    fleet_pan(201, pan);
    term_open_signed_in(&t, &server, 2);
    int64_t before = term_balance(&t, pan);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 15000, NULL), 0);
    char rrn[13];
    snprintf(rrn, sizeof(rrn), "%s", t.r.rrn);
    struct hl_message purchase = t.sent;
    term_build_reversal(&t, &purchase, HL_REVERSAL_NO_ANSWER, &rev);

    raw_ask(&server, &rev, &first);
    assert_string_equal(first.code, "00");
    for (int i = 0; i < 2; i++) {
        raw_ask(&server, &rev, &again);
        expect_same_answer(&first, &again);
    }
    hl_batch_reverse(&t.t.batch, purchase.stan, NULL); /* the terminal's side of it */
    assert_int_equal(term_balance(&t, pan), before);
    assert_int_equal(rows_of(t.t.tid, purchase.batch, purchase.stan, "reversal"), 1);
    assert_string_equal(journal_by_rrn(&server, rrn).status, "reversed");
    struct txn_row row = journal_by_rrn(&server, first.rrn);
    assert_string_equal(row.response_code, "00");
    term_close(&t);
}

/* The reversal overtakes its purchase (the purchase was stuck in a network queue): it
 * is acknowledged and recorded, and the purchase arriving late moves nothing. */
static void reversal_before_its_original(void **state)
{
    struct term t;
    struct raw_request purchase, rev;
    struct raw_answer a, late, again;
    char pan[20];
    (void)state;

    fleet_pan(202, pan);
    term_open_signed_in(&t, &server, 3);
    int64_t before = term_balance(&t, pan);
    term_build_card(&t, HL_PURCHASE, pan, PIN, 2500, NULL, &purchase);
    term_build_reversal(&t, &purchase.sent, HL_REVERSAL_NO_ANSWER, &rev);

    raw_ask(&server, &rev, &a);
    assert_string_equal(a.code, "00");
    struct txn_row row = journal_by_rrn(&server, a.rrn);
    assert_int_equal(row.kind, TXN_REVERSAL);
    assert_true(strlen(row.reason) > 0);

    raw_ask(&server, &purchase, &late);
    assert_string_equal(late.code, "12");
    row = journal_by_rrn(&server, late.rrn);
    assert_string_equal(row.response_code, "12");
    assert_string_equal(row.status, "declined");
    assert_true(strlen(row.reason) > 0);
    raw_ask(&server, &rev, &again); /* the reversal once more: the same acknowledgement */
    expect_same_answer(&a, &again);
    raw_ask(&server, &purchase, &again); /* and the late purchase once more */
    expect_same_answer(&late, &again);
    assert_int_equal(term_balance(&t, pan), before);
    term_close(&t);
}

/* ---- long after ----------------------------------------------------------------------- */

#define LATER 80 /* more transactions than possumd keeps in memory for one terminal (64) */

/* Long after the first answer — the terminal traded on meanwhile, so possumd has
 * forgotten the request in memory and must find it on its disk — the retransmission,
 * the late original of an early reversal, and repeated reversals are still exactly
 * once. */
static void retransmission_long_after(void **state)
{
    struct term t;
    struct raw_request sale, early, early_rev, rev;
    struct raw_answer first, again, a;
    char pan[20];
    (void)state;

    fleet_pan(206, pan);
    term_open_signed_in(&t, &server, 7);
    int64_t before = term_balance(&t, pan);
    term_build_card(&t, HL_PURCHASE, pan, PIN, 3300, NULL, &sale);
    raw_ask(&server, &sale, &first);
    assert_string_equal(first.code, "00");
    term_build_card(&t, HL_PURCHASE, pan, PIN, 4400, NULL, &early);
    term_build_reversal(&t, &early.sent, HL_REVERSAL_NO_ANSWER, &early_rev);
    raw_ask(&server, &early_rev, &a);
    assert_string_equal(a.code, "00");

    for (int i = 0; i < LATER; i++)
        assert_int_equal(term_card(&t, HL_BALANCE, pan, PIN, 0, NULL), 0);

    raw_ask(&server, &sale, &again);
    expect_same_answer(&first, &again);
    raw_ask(&server, &early, &a);
    assert_string_equal(a.code, "12");
    term_build_reversal(&t, &sale.sent, HL_REVERSAL_NO_ANSWER, &rev);
    raw_ask(&server, &rev, &first);
    assert_string_equal(first.code, "00");
    for (int i = 0; i < LATER; i++)
        assert_int_equal(term_card(&t, HL_BALANCE, pan, PIN, 0, NULL), 0);
    raw_ask(&server, &rev, &again);
    expect_same_answer(&first, &again);

    assert_int_equal(rows_of(t.t.tid, sale.sent.batch, sale.sent.stan, "purchase"), 1);
    assert_int_equal(rows_of(t.t.tid, sale.sent.batch, sale.sent.stan, "reversal"), 1);
    assert_int_equal(term_balance(&t, pan), before);
    term_close(&t);
}

/* ---- at the same moment --------------------------------------------------------------- */

#define COPIES 10

/* The same bytes on ten connections at once (a terminal that retried too eagerly, or a
 * network that duplicated the frame): one decision, ten times the same answer. */
static void same_request_on_many_connections_at_once(void **state)
{
    struct term t;
    struct raw_request req;
    struct raw_answer answers[COPIES];
    int fds[COPIES];
    char pan[20];
    (void)state;

    fleet_pan(204, pan);
    term_open_signed_in(&t, &server, 5);
    int64_t before = term_balance(&t, pan);
    term_build_card(&t, HL_PURCHASE, pan, PIN, 777, NULL, &req);
    for (int i = 0; i < COPIES; i++)
        fds[i] = raw_connect(&server);
    for (int i = 0; i < COPIES; i++)
        raw_send(fds[i], req.bytes, req.len);
    for (int i = 0; i < COPIES; i++) {
        assert_int_equal(raw_read_answer(fds[i], &answers[i], 10000), 0);
        close(fds[i]);
    }
    assert_string_equal(answers[0].code, "00");
    for (int i = 1; i < COPIES; i++)
        expect_same_answer(&answers[0], &answers[i]);
    assert_int_equal(rows_of(t.t.tid, req.sent.batch, req.sent.stan, "purchase"), 1);
    assert_int_equal(term_balance(&t, pan), before - 777);
    term_close(&t);
}

#define RACES 12

/* Purchases and their reversals sent at the same moment on two connections: whichever
 * possumd decides first, each pair ends with the money where it was — the purchase
 * approved then reversed, or the reversal first and the purchase refused (12). */
static void reversal_racing_its_original(void **state)
{
    struct term t;
    static struct raw_request sale[RACES], rev[RACES];
    struct raw_answer a_sale, a_rev;
    int fd_sale[RACES], fd_rev[RACES], overtaken = 0;
    char pan[20];
    (void)state;

    fleet_pan(205, pan);
    term_open_signed_in(&t, &server, 6);
    int64_t before = term_balance(&t, pan);
    for (int i = 0; i < RACES; i++) {
        term_build_card(&t, HL_PURCHASE, pan, PIN, 1000 + i, NULL, &sale[i]);
        term_build_reversal(&t, &sale[i].sent, HL_REVERSAL_NO_ANSWER, &rev[i]);
        fd_sale[i] = raw_connect(&server);
        fd_rev[i] = raw_connect(&server);
    }
    for (int i = 0; i < RACES; i++) {
        /* odd pairs: the reversal leaves first */
        raw_send(i % 2 ? fd_rev[i] : fd_sale[i], i % 2 ? rev[i].bytes : sale[i].bytes,
                 i % 2 ? rev[i].len : sale[i].len);
        raw_send(i % 2 ? fd_sale[i] : fd_rev[i], i % 2 ? sale[i].bytes : rev[i].bytes,
                 i % 2 ? sale[i].len : rev[i].len);
    }
    for (int i = 0; i < RACES; i++) {
        assert_int_equal(raw_read_answer(fd_sale[i], &a_sale, 10000), 0);
        assert_int_equal(raw_read_answer(fd_rev[i], &a_rev, 10000), 0);
        close(fd_sale[i]);
        close(fd_rev[i]);
        assert_string_equal(a_rev.code, "00");
        if (strcmp(a_sale.code, "12") == 0)
            overtaken++;
        else if (strcmp(a_sale.code, "00") == 0)
            assert_string_equal(journal_by_rrn(&server, a_sale.rrn).status, "reversed");
        else
            fail_msg("pair %d: the purchase was answered %s", i, a_sale.code);
    }
    print_message("%d of %d reversals overtook their purchase\n", overtaken, RACES);
    assert_int_equal(term_balance(&t, pan), before);
    term_close(&t);
}

/* ---- across a restart ---------------------------------------------------------------- */

static void retransmission_after_restart(void **state)
{
    struct term t;
    struct raw_request req, rev;
    struct raw_answer first, again;
    char pan[20];
    (void)state;

    fleet_pan(203, pan);
    term_open_signed_in(&t, &server, 4);
    int64_t before = term_balance(&t, pan);
    term_build_card(&t, HL_PURCHASE, pan, PIN, 9900, NULL, &req);
    raw_ask(&server, &req, &first);
    assert_string_equal(first.code, "00");

    possumd_stop(&server);
    possumd_restart(&server);
    term_reconnect(&t);
    raw_ask(&server, &req, &again); /* possumd remembers only what its disk holds */
    expect_same_answer(&first, &again);
    assert_int_equal(rows_of(t.t.tid, req.sent.batch, req.sent.stan, "purchase"), 1);
    assert_int_equal(term_balance(&t, pan), before - 9900);

    /* its reversal, once before and once after another restart */
    term_build_reversal(&t, &req.sent, HL_REVERSAL_NO_ANSWER, &rev);
    raw_ask(&server, &rev, &first);
    assert_string_equal(first.code, "00");
    possumd_stop(&server);
    possumd_restart(&server);
    term_reconnect(&t);
    raw_ask(&server, &rev, &again);
    expect_same_answer(&first, &again);
    assert_int_equal(term_balance(&t, pan), before);
    assert_int_equal(rows_of(t.t.tid, req.sent.batch, req.sent.stan, "reversal"), 1);
    term_close(&t);
}

/* Pre-authorizations live on across a restart: a hold is still completed, and a
 * completion is still voided (its hold back), and that void reversed, after possumd
 * came back, from what its disk holds. */
static void holds_after_restart(void **state)
{
    struct term t;
    struct original pre, done;
    struct hl_card_input in;
    char pan[20];
    (void)state;

    fleet_pan(204, pan);
    term_open_signed_in(&t, &server, 9);
    int64_t before = term_balance(&t, pan);
    assert_int_equal(term_card(&t, HL_PREAUTH, pan, PIN, 10000, NULL), 0);
    term_keep_original(&t, &pre);

    possumd_stop(&server);
    possumd_restart(&server);
    term_reconnect(&t);
    assert_int_equal(term_complete(&t, pan, 9000, &pre), 0);
    expect_code(&t, "00");
    term_keep_original(&t, &done);
    assert_int_equal(term_balance(&t, pan), before - 9000);

    possumd_stop(&server);
    possumd_restart(&server);
    term_reconnect(&t);
    memset(&in, 0, sizeof(in));
    in.rrn = done.rrn;
    in.auth_code = pre.auth;
    in.has_original = 1;
    in.orig_batch = done.batch;
    in.orig_stan = done.stan;
    assert_int_equal(term_card(&t, HL_COMPLETION_VOID, pan, NULL, 9000, &in), 0);
    expect_code(&t, "00");
    struct hl_message void_sent = t.sent;
    assert_int_equal(term_balance(&t, pan), before - 10000); /* held again */
    assert_string_equal(journal_by_rrn(&server, done.rrn).status, "voided");

    /* the void's answer "lost": its reversal, after one more restart, captures again */
    struct hl_response r;
    struct ps_reason why = {{0}};
    possumd_stop(&server);
    possumd_restart(&server);
    term_reconnect(&t);
    hl_terminal_arm_reversal(&t.t, &void_sent, HL_REVERSAL_NO_ANSWER);
    assert_int_equal(hl_session_reverse(&t.s, &void_sent, &r, &why), 0);
    assert_string_equal(r.code, "00");
    assert_int_equal(term_balance(&t, pan), before - 9000);
    assert_string_equal(journal_by_rrn(&server, done.rrn).status, "approved");
    term_close(&t);
}

/* A request sent with the next batch's number is refused (77) and recorded under that
 * batch. Once possumd restarted and the terminal settled and signed in to that batch,
 * the same bytes coming again are a retransmission: they must get the 77 again, and
 * possumd must not record the request a second time (its journal holds one row per
 * terminal, batch, STAN, kind and content). */
static void retransmission_from_the_next_batch_after_restart(void **state)
{
    struct term t;
    struct raw_request ahead;
    struct raw_answer first, again;
    struct hl_settlement settled;
    struct ps_reason why = {{0}};
    (void)state;

    term_open_signed_in(&t, &server, 8);
    uint32_t batch = t.t.batch.number;
    t.t.batch.number = batch + 1;
    term_build_card(&t, HL_PURCHASE, CARD_DEBIT, PIN, 100, NULL, &ahead);
    t.t.batch.number = batch;
    raw_ask(&server, &ahead, &first);
    assert_string_equal(first.code, "77");

    possumd_stop(&server);
    possumd_restart(&server);
    term_reconnect(&t);
    assert_int_equal(hl_session_settle(&t.s, &settled, &why), 0); /* an empty batch */
    assert_true(settled.answer.balanced);
    assert_int_equal(term_card(&t, HL_BALANCE, CARD_DEBIT, PIN, 0, NULL), 0); /* signs in */
    assert_int_equal(t.t.batch.number, batch + 1);

    char tid[9];
    snprintf(tid, sizeof(tid), "%s", t.t.tid);
    int rc = raw_exchange(&server, &ahead, &again);
    term_close(&t);
    if (rc != 0) {
        /* possumd is gone: show why, and start it again for the tests after this one */
        possumd_print_log(&server);
        possumd_kill(&server);
        possumd_restart(&server);
        fail_msg("no answer to the same bytes again: possumd stopped (its log is above)");
    }
    expect_same_answer(&first, &again);
    assert_int_equal(rows_of(tid, batch + 1, ahead.sent.stan, "purchase"), 1);
}

/* ---- twenty terminals at once -------------------------------------------------------- */

#define TRADERS 20
#define CARDS   5 /* terminals share cards, so one card is charged from several at once */
#define ROUNDS  15
#define REVERSE 4 /* every fourth purchase is reversed, twice over */

struct trader {
    struct term t;
    char pan[20];
    int index;
    int64_t taken;   /* approved purchases not reversed, fen */
    int purchases;   /* approved */
    int reversals;   /* approved */
    char error[200]; /* the first thing that went wrong; "" */
};

static void trader_fail(struct trader *tr, const char *what, const char *code)
{
    if (tr->error[0] == '\0')
        snprintf(tr->error, sizeof(tr->error), "terminal %s: %s: %s", tr->t.t.tid, what, code);
}

/* Sends r `times` more times; each answer must be *first. */
static void resend(struct trader *tr, const struct raw_request *r, const struct raw_answer *first,
                   int times)
{
    struct raw_answer again;
    for (int i = 0; i < times; i++) {
        if (raw_exchange(&server, r, &again) != 0)
            trader_fail(tr, "retransmission", "no answer");
        else if (strcmp(again.code, first->code) != 0 || strcmp(again.rrn, first->rrn) != 0 ||
                 strcmp(again.auth_code, first->auth_code) != 0)
            trader_fail(tr, "retransmission answered differently", again.rrn);
    }
}

/* The reversal of the purchase just approved, sent twice: what a terminal does when
 * it is not sure its first reversal arrived. */
static void reverse_twice(struct trader *tr, const struct hl_message *purchase)
{
    struct raw_request rev;
    struct raw_answer first;
    struct ps_reason why = {{0}};

    hl_terminal_arm_reversal(&tr->t.t, purchase, HL_REVERSAL_TERMINAL_ERROR);
    int rc = hl_request_reversal(&tr->t.t, &rev.sent, tr->t.s.wire, &why);
    hl_terminal_clear_reversal(&tr->t.t);
    if (rc != 0) {
        trader_fail(tr, "building a reversal", why.text);
        return;
    }
    memcpy(rev.bytes, tr->t.s.wire->frame, tr->t.s.wire->len);
    rev.len = tr->t.s.wire->len;
    if (raw_exchange(&server, &rev, &first) != 0 || strcmp(first.code, "00") != 0) {
        trader_fail(tr, "reversal", first.code);
        return;
    }
    resend(tr, &rev, &first, 1);
    hl_batch_reverse(&tr->t.t.batch, purchase->stan, NULL);
    tr->taken -= purchase->amount;
    tr->reversals++;
}

static void trade_once(struct trader *tr, int round)
{
    struct hl_card_input in;
    struct hl_message sent;
    struct hl_response r;
    struct raw_request again;
    struct raw_answer first;
    struct ps_reason why = {{0}};

    memset(&in, 0, sizeof(in));
    in.kind = HL_PURCHASE;
    in.pan = tr->pan;
    in.pin = PIN;
    in.amount = 100 + tr->index * 37 + round;
    int rc = hl_session_card(&tr->t.s, &in, &sent, &r, &why);
    if (rc != 0) {
        trader_fail(tr, "purchase", rc == HL_DECLINED ? r.code : why.text);
        return;
    }
    tr->taken += in.amount;
    tr->purchases++;
    memcpy(again.bytes, tr->t.s.wire->frame, tr->t.s.wire->len);
    again.len = tr->t.s.wire->len;
    again.sent = sent;
    snprintf(first.code, sizeof(first.code), "%s", r.code);
    snprintf(first.rrn, sizeof(first.rrn), "%s", r.rrn);
    snprintf(first.auth_code, sizeof(first.auth_code), "%s", r.auth_code);
    resend(tr, &again, &first, 1 + round % 2);
    if (round % REVERSE == REVERSE - 1)
        reverse_twice(tr, &sent);
}

static void *trade(void *arg)
{
    struct trader *tr = arg;
    for (int round = 0; round < ROUNDS && tr->error[0] == '\0'; round++)
        trade_once(tr, round);
    return NULL;
}

static void twenty_terminals_retransmitting_at_once(void **state)
{
    static struct trader traders[TRADERS];
    pthread_t threads[TRADERS];
    int64_t start_balance[CARDS], expected[CARDS] = {0};
    struct term viewer;
    struct hl_settlement settled;
    struct ps_reason why = {{0}};
    (void)state;

    term_open_signed_in(&viewer, &server, 130);
    for (int i = 0; i < TRADERS; i++) {
        struct trader *tr = &traders[i];
        memset(tr, 0, sizeof(*tr));
        tr->index = i;
        fleet_pan(300 + (unsigned)(i % CARDS), tr->pan);
        term_open_signed_in(&tr->t, &server, 100 + i);
    }
    for (int c = 0; c < CARDS; c++)
        start_balance[c] = term_balance(&viewer, traders[c].pan);
    for (int i = 0; i < TRADERS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, trade, &traders[i]), 0);
    for (int i = 0; i < TRADERS; i++)
        pthread_join(threads[i], NULL);

    for (int i = 0; i < TRADERS; i++) {
        struct trader *tr = &traders[i];
        if (tr->error[0] != '\0')
            fail_msg("%s", tr->error);
        expected[i % CARDS] += tr->taken;
        /* one journal row per purchase and per reversal, whatever came twice */
        assert_int_equal(
            db_count(&server, "txns WHERE tid = '%s' AND kind = 'purchase'", tr->t.t.tid),
            tr->purchases);
        assert_int_equal(
            db_count(&server, "txns WHERE tid = '%s' AND kind = 'reversal'", tr->t.t.tid),
            tr->reversals);
        /* and possumd counted the batch as the terminal did */
        assert_int_equal(hl_session_settle(&tr->t.s, &settled, &why), 0);
        assert_true(settled.answer.balanced);
    }
    for (int c = 0; c < CARDS; c++)
        assert_int_equal(term_balance(&viewer, traders[c].pan), start_balance[c] - expected[c]);
    for (int i = 0; i < TRADERS; i++)
        term_close(&traders[i].t);
    term_close(&viewer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retransmission_gets_the_first_answer),
        cmocka_unit_test(retransmitted_decline_gets_the_same_decline),
        cmocka_unit_test(reversal_three_times_undoes_once),
        cmocka_unit_test(reversal_before_its_original),
        cmocka_unit_test(retransmission_long_after),
        cmocka_unit_test(same_request_on_many_connections_at_once),
        cmocka_unit_test(reversal_racing_its_original),
        cmocka_unit_test(retransmission_after_restart),
        cmocka_unit_test(twenty_terminals_retransmitting_at_once),
        cmocka_unit_test(retransmission_from_the_next_batch_after_restart),
        cmocka_unit_test(holds_after_restart),
    };
    int failed = cmocka_run_group_tests(tests, start, finish);
    possumd_cleanup(&server); /* again, for a teardown that failed half-way */
    return failed;
}
