/* Batch settlement against a real possumd: a terminal's day of mixed transactions
 * settles balanced; a terminal whose own record disagrees with possumd's hears "not
 * balanced", uploads its batch, and possumd keeps each line with whether it matched;
 * either way the settlement is recorded, the settled batch takes nothing more, and
 * only the next sign-in opens the next batch. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "pos/hostlink/requests.h"

static struct possumd server;

POSSUMD_GROUP(server)

/* ---- helpers ------------------------------------------------------------------------- */

static void expect_side(const struct ps_cup_side_totals *s, int64_t debit, unsigned debits,
                        int64_t credit, unsigned credits)
{
    assert_int_equal(s->debit_amount, debit);
    assert_int_equal(s->debit_count, debits);
    assert_int_equal(s->credit_amount, credit);
    assert_int_equal(s->credit_count, credits);
}

/* The terminal's id in possumd's store (uploads and settlements name it by id). */
static const char *terminal_id_sql(const struct term *t, char *buf, size_t cap)
{
    snprintf(buf, cap, "(SELECT id FROM terminals WHERE tid = '%s')", t->t.tid);
    return buf;
}

/* A purchase in batch, with the terminal's next STAN: built as if the terminal were
 * still in that batch and it had not settled, sent raw; its answer into *a. */
static void purchase_in_old_batch(struct term *t, uint32_t batch, struct raw_answer *a)
{
    struct raw_request req;
    uint32_t current = t->t.batch.number;
    int settled = t->t.batch.settled;

    t->t.batch.number = batch;
    t->t.batch.settled = 0; /* hostlink would sign in first; this terminal does not */
    term_build_card(t, HL_PURCHASE, CARD_DEBIT, PIN, 100, NULL, &req);
    t->t.batch.number = current;
    t->t.batch.settled = settled;
    raw_ask(&server, &req, a);
}

/* After a settlement of batch: nothing more in it, and a sign-in opens batch + 1. */
static void next_batch_after(struct term *t, uint32_t batch)
{
    struct raw_answer a;
    char id[96];

    purchase_in_old_batch(t, batch, &a);
    assert_string_equal(a.code, "77");
    struct txn_row row = journal_by_rrn(&server, a.rrn);
    assert_string_equal(row.response_code, "77");
    assert_true(strlen(row.reason) > 0);

    assert_int_equal(term_card(t, HL_BALANCE, CARD_DEBIT, PIN, 0, NULL), 0); /* signs in */
    assert_int_equal(t->t.batch.number, batch + 1);
    assert_int_equal(db_count(&server,
                              "terminals WHERE id = %s AND batch = %u AND batch_settled = 0",
                              terminal_id_sql(t, id, sizeof(id)), (unsigned)batch + 1),
                     1);
}

/* ---- balanced ---------------------------------------------------------------------------- */

/* A day at the counter: debit, credit and foreign sales, a void, refunds, a completion
 * and a decline, whose totals the test counts itself:
 *   domestic debits  100.00 + 85.00 (completion) + 12.34 = 197.34, 3 (the 50.00 voided)
 *   domestic credits 20.00, 1;  foreign debits 30.00, 1;  foreign credits 10.00, 1 */
static void trade_a_day(struct term *t, const char *debit)
{
    struct original sale, voided, foreign, hold;

    assert_int_equal(term_card(t, HL_PURCHASE, debit, PIN, 10000, NULL), 0);
    term_keep_original(t, &sale);
    assert_int_equal(term_card(t, HL_PURCHASE, debit, PIN, 5000, NULL), 0);
    term_keep_original(t, &voided);
    assert_int_equal(term_void(t, debit, 5000, &voided), 0);
    assert_int_equal(term_card(t, HL_PURCHASE, CARD_FOREIGN, PIN, 3000, NULL), 0);
    term_keep_original(t, &foreign);
    assert_int_equal(term_refund(t, debit, 2000, &sale), 0);
    assert_int_equal(term_card(t, HL_PREAUTH, debit, PIN, 8000, NULL), 0);
    term_keep_original(t, &hold);
    assert_int_equal(term_complete(t, debit, 8500, &hold), 0);
    assert_int_equal(term_refund(t, CARD_FOREIGN, 1000, &foreign), 0);
    assert_int_equal(term_card(t, HL_PURCHASE, CARD_CREDIT, NULL, 1234, NULL), 0);
    assert_int_equal(term_card(t, HL_PURCHASE, CARD_LOST, PIN, 999, NULL), HL_DECLINED);
}

static void settles_balanced(void **state)
{
    struct term t;
    struct hl_settlement settled;
    struct hl_response r;
    struct ps_reason why = {{0}};
    char pan[20], id[96];
    (void)state;

    fleet_pan(400, pan);
    term_open_signed_in(&t, &server, 0);
    terminal_id_sql(&t, id, sizeof(id));
    uint32_t batch = t.t.batch.number;
    /* signing in again before the settlement keeps the batch */
    assert_int_equal(hl_session_sign_in(&t.s, &r, &why), 0);
    assert_int_equal(r.batch, batch);

    trade_a_day(&t, pan);
    assert_int_equal(hl_session_settle(&t.s, &settled, &why), 0);
    struct raw_request settlement;
    term_last_request(&t, &settlement);
    assert_string_equal(settled.answer.code, "00");
    assert_true(settled.answer.balanced);
    assert_false(settled.uploaded);
    assert_true(settled.answer.totals.has_foreign);
    expect_side(&settled.answer.totals.domestic, 19734, 3, 2000, 1);
    expect_side(&settled.answer.totals.foreign, 3000, 1, 1000, 1);

    /* possumd's own count, as recorded: the same totals, balanced */
    assert_int_equal(
        db_count(&server,
                 "settlements WHERE terminal_id = %s AND batch = %u AND balanced = 1"
                 " AND host_domestic_debit_amount = 19734 AND host_domestic_debit_count = 3"
                 " AND host_domestic_credit_amount = 2000 AND host_domestic_credit_count = 1"
                 " AND host_foreign_debit_amount = 3000 AND host_foreign_debit_count = 1"
                 " AND host_foreign_credit_amount = 1000 AND host_foreign_credit_count = 1",
                 id, (unsigned)batch),
        1);
    assert_int_equal(db_count(&server,
                              "txns WHERE tid = '%s' AND kind = 'settlement' AND batch = %u"
                              " AND response_code = '00' AND reason LIKE 'balanced%%'",
                              t.t.tid, (unsigned)batch),
                     1);
    next_batch_after(&t, batch);

    /* the settlement's answer lost and the settlement sent again, into the next batch:
     * the same answer, and still one settlement */
    struct raw_answer a;
    raw_ask(&server, &settlement, &a);
    assert_string_equal(a.code, "00");
    assert_int_equal(
        db_count(&server, "settlements WHERE terminal_id = %s AND batch = %u", id, (unsigned)batch),
        1);
    term_close(&t);
}

/* ---- not balanced ------------------------------------------------------------------------ */

/* Puts into the terminal's batch, as approved, the purchase sent, which possumd did not
 * approve: the terminal's software went wrong, and its totals are no longer possumd's. */
static void record_as_approved(struct term *t, const struct hl_message *sent)
{
    struct hl_record rec;

    memset(&rec, 0, sizeof(rec));
    rec.sent = *sent;
    rec.status = HL_REC_APPROVED;
    snprintf(rec.rrn, sizeof(rec.rrn), "%s", "000000000000");
    snprintf(rec.auth_code, sizeof(rec.auth_code), "%s", "000000");
    assert_int_equal(hl_batch_record(&t->t.batch, &rec), 0);
}

/* Uploaded lines of the batch with this STAN and matched flag. */
static int64_t upload_lines(const struct term *t, uint32_t batch, uint32_t stan, int matched)
{
    char id[96];
    return db_count(&server,
                    "uploads WHERE terminal_id = %s AND batch = %u AND stan = %u"
                    " AND matched = %d",
                    terminal_id_sql(t, id, sizeof(id)), (unsigned)batch, (unsigned)stan, matched);
}

/* A raw settlement of the terminal's batch: what possumd says before any upload. */
static void settle_without_upload(struct term *t, struct raw_answer *a)
{
    struct raw_request req;
    struct ps_reason why = {{0}};

    assert_int_equal(hl_request_settlement(&t->t, &req.sent, t->s.wire, &why), 0);
    memcpy(req.bytes, t->s.wire->frame, t->s.wire->len);
    req.len = t->s.wire->len;
    raw_ask(&server, &req, a);
}

/* What the terminal approved, as possumd did (stans: a domestic purchase, a foreign
 * one, a refund), and what only the terminal counts (strays: a purchase possumd
 * declined 51, and one it never saw). */
static void trade_and_disagree(struct term *t, const char *pan, uint32_t stans[3],
                               uint32_t strays[2])
{
    struct original sale;
    struct raw_request ghost;

    assert_int_equal(term_card(t, HL_PURCHASE, pan, PIN, 6000, NULL), 0);
    term_keep_original(t, &sale);
    stans[0] = t->sent.stan;
    assert_int_equal(term_card(t, HL_PURCHASE, CARD_FOREIGN, PIN, 2500, NULL), 0);
    stans[1] = t->sent.stan;
    assert_int_equal(term_refund(t, pan, 1000, &sale), 0);
    stans[2] = t->sent.stan;

    assert_int_equal(term_card(t, HL_PURCHASE, CARD_DEBIT_100, PIN, 50000, NULL), HL_DECLINED);
    expect_code(t, "51");
    strays[0] = t->sent.stan;
    record_as_approved(t, &t->sent);
    term_build_card(t, HL_PURCHASE, pan, PIN, 4200, NULL, &ghost);
    strays[1] = ghost.sent.stan;
    record_as_approved(t, &ghost.sent);
}

static void settles_unbalanced_and_uploads(void **state)
{
    struct term t;
    struct hl_settlement settled;
    struct raw_answer a;
    struct raw_request end;
    struct ps_reason why = {{0}};
    char pan[20], id[96];
    uint32_t stans[3], strays[2];
    (void)state;

    fleet_pan(401, pan);
    term_open_signed_in(&t, &server, 1);
    terminal_id_sql(&t, id, sizeof(id));
    uint32_t batch = t.t.batch.number;
    trade_and_disagree(&t, pan, stans, strays);

    /* not balanced: the batch stays open, and a sign-in keeps it */
    settle_without_upload(&t, &a);
    assert_string_equal(a.code, "00");
    assert_int_equal(term_exchange(&t, &server, hl_request_sign_in), 0);
    assert_int_equal(t.r.batch, batch);

    assert_int_equal(hl_session_settle(&t.s, &settled, &why), 0);
    term_last_request(&t, &end); /* the upload's last message */
    assert_string_equal(settled.answer.code, "00");
    assert_false(settled.answer.balanced);
    assert_int_equal(settled.answer.totals.domestic.result, PS_CUP_SETTLE_UNBALANCED);
    assert_true(settled.uploaded);
    assert_int_equal(settled.lines, 5);
    assert_string_equal(settled.end.code, "00");
    assert_int_equal(settled.end.lines, 5);

    /* each line kept, matched where possumd approved the same STAN and amount */
    assert_int_equal(
        db_count(&server, "uploads WHERE terminal_id = %s AND batch = %u", id, (unsigned)batch), 5);
    for (int i = 0; i < 3; i++)
        assert_int_equal(upload_lines(&t, batch, stans[i], 1), 1);
    for (int i = 0; i < 2; i++)
        assert_int_equal(upload_lines(&t, batch, strays[i], 0), 1);
    assert_int_equal(db_count(&server,
                              "uploads WHERE terminal_id = %s AND stan = %u"
                              " AND is_foreign = 1 AND card_masked = '436742*********0019'",
                              id, (unsigned)stans[1]),
                     1);
    assert_int_equal(db_count(&server,
                              "settlements WHERE terminal_id = %s AND batch = %u"
                              " AND balanced = 0 AND host_domestic_debit_amount = 6000",
                              id, (unsigned)batch),
                     2);
    /* the end of the upload once more: the same answer, nothing kept twice */
    raw_ask(&server, &end, &a);
    assert_string_equal(a.code, "00");
    assert_int_equal(db_count(&server, "uploads WHERE terminal_id = %s", id), 5);
    next_batch_after(&t, batch);
    term_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(settles_balanced),
        cmocka_unit_test(settles_unbalanced_and_uploads),
    };
    int failed = cmocka_run_group_tests(tests, start, finish);
    possumd_cleanup(&server); /* again, for a teardown that failed half-way */
    return failed;
}
