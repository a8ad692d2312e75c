/* Every message kind a terminal sends, against a real possumd, over TCP and over TLS:
 * sign-in, balance inquiry, purchase, void, refund, pre-authorization and its void,
 * completion and its void, reversal, settlement and sign-off — and what each does to
 * the card account and the journal. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "pos/hostlink/params.h"
#include "pos/hostlink/requests.h"

static struct possumd server;

POSSUMD_GROUP(server)

static int64_t balance_of(struct term *t, const char *pan)
{
    assert_int_equal(term_card(t, HL_BALANCE, pan, PIN, 0, NULL), 0);
    assert_true(t->r.has_balance);
    return t->r.balance;
}

/* The journal row of rrn, read behind possumd's back. */
static struct txn_row journal(const char *rrn)
{
    struct store *s = possumd_store(&server);
    struct txn_row row;
    assert_int_equal(store_find_txn_by_rrn(s, rrn, &row, NULL), 1);
    store_close(s);
    return row;
}

static void sale_void_and_refund(struct term *t, const char *pan, int64_t start)
{
    struct hl_card_input in;
    char rrn[13], date[5];

    assert_int_equal(term_card(t, HL_PURCHASE, pan, PIN, 12345, NULL), 0);
    assert_int_equal(strlen(t->r.auth_code), 6);
    assert_int_equal(balance_of(t, pan), start - 12345);

    memset(&in, 0, sizeof(in)); /* the void names the purchase by batch and STAN */
    in.rrn = t->t.batch.records[t->t.batch.count - 1].rrn;
    in.has_original = 1;
    in.orig_batch = t->t.batch.number;
    in.orig_stan = t->t.batch.records[t->t.batch.count - 1].sent.stan;
    assert_int_equal(term_card(t, HL_VOID, pan, NULL, 12345, &in), 0);
    assert_int_equal(balance_of(t, pan), start);
    assert_string_equal(journal(in.rrn).status, "voided");

    assert_int_equal(term_card(t, HL_PURCHASE, pan, PIN, 50000, NULL), 0);
    snprintf(rrn, sizeof(rrn), "%s", t->r.rrn);
    snprintf(date, sizeof(date), "%s", t->r.local_date);
    memset(&in, 0, sizeof(in)); /* refunds name the sale by RRN and date */
    in.rrn = rrn;
    in.has_original = 1;
    in.orig_date = date;
    assert_int_equal(term_card(t, HL_REFUND, pan, NULL, 20000, &in), 0);
    assert_int_equal(balance_of(t, pan), start - 30000);
    assert_int_equal(journal(rrn).refunded, 20000);
}

static void holds(struct term *t, const char *pan, int64_t start)
{
    struct hl_card_input in;
    char auth[7], date[5];

    assert_int_equal(term_card(t, HL_PREAUTH, pan, PIN, 40000, NULL), 0);
    snprintf(auth, sizeof(auth), "%s", t->r.auth_code);
    snprintf(date, sizeof(date), "%s", t->r.local_date);
    assert_int_equal(balance_of(t, pan), start - 40000); /* held, not available */
    memset(&in, 0, sizeof(in));
    in.auth_code = auth;
    in.has_original = 1;
    in.orig_date = date;
    assert_int_equal(term_card(t, HL_PREAUTH_VOID, pan, NULL, 40000, &in), 0);
    assert_int_equal(balance_of(t, pan), start);

    assert_int_equal(term_card(t, HL_PREAUTH, pan, PIN, 10000, NULL), 0);
    snprintf(auth, sizeof(auth), "%s", t->r.auth_code);
    in.auth_code = auth;
    assert_int_equal(term_card(t, HL_COMPLETION, pan, PIN, 9000, &in), 0);
    assert_int_equal(balance_of(t, pan), start - 9000); /* the rest came back */

    struct hl_record *done = &t->t.batch.records[t->t.batch.count - 1];
    memset(&in, 0, sizeof(in));
    in.rrn = done->rrn;
    in.auth_code = auth;
    in.has_original = 1;
    in.orig_batch = t->t.batch.number;
    in.orig_stan = done->sent.stan;
    assert_int_equal(term_card(t, HL_COMPLETION_VOID, pan, NULL, 9000, &in), 0);
    assert_int_equal(balance_of(t, pan), start - 10000); /* held again */
}

/* A purchase whose answer the terminal "lost": it reverses it, and the money is back. */
static void reversal(struct term *t, const char *pan, int64_t start)
{
    struct hl_response r;
    struct ps_reason why = {{0}};

    assert_int_equal(term_card(t, HL_PURCHASE, pan, PIN, 777, NULL), 0);
    char rrn[13];
    snprintf(rrn, sizeof(rrn), "%s", t->r.rrn);
    hl_terminal_arm_reversal(&t->t, &t->sent, HL_REVERSAL_NO_ANSWER);
    assert_int_equal(hl_session_reverse(&t->s, &t->sent, &r, &why), 0);
    assert_string_equal(r.code, "00");
    assert_string_equal(journal(rrn).status, "reversed");
    assert_int_equal(balance_of(t, pan), start);
}

/* Before any key: the terminal's parameters, in the clear and journaled. */
static void download_params(struct term *t)
{
    struct hl_params p;
    struct ps_reason why = {{0}};
    assert_false(t->t.has_keys);
    if (hl_session_download_params(&t->s, &p, &why) != 0)
        fail_msg("parameter download: %s", why.text);
    assert_true(p.merchant_name[0] != '\0');
    assert_true(hl_params_allow(&p, HL_PURCHASE));
    assert_true(hl_params_allow(&p, HL_COMPLETION_VOID));
    assert_int_equal(p.max_amount, 0);
    assert_int_equal(p.batch_max, 500);
    assert_int_equal(strlen(p.host_time), 14);
    assert_int_equal(db_count(&server, "txns WHERE tid = '%s' AND kind = 'params'"
                                       " AND response_code = '00'", t->t.tid), 1);
}

static void every_kind(int tls, int index)
{
    struct term t;
    struct hl_settlement settled;
    struct ps_reason why = {{0}};
    char pan[20];

    fleet_pan((unsigned)(900 + index), pan); /* a card only this test uses */
    term_open(&t, &server, index, tls);
    download_params(&t);
    int64_t start = balance_of(&t, pan); /* signs in first */
    assert_true(t.r.mac_verified);
    assert_true(t.t.has_keys);

    sale_void_and_refund(&t, pan, start);
    start -= 30000;
    holds(&t, pan, start);
    start -= 10000;
    reversal(&t, pan, start);

    /* the batch as the terminal counted it is the batch as possumd counted it */
    assert_int_equal(hl_session_settle(&t.s, &settled, &why), 0);
    assert_string_equal(settled.answer.code, "00");
    assert_true(settled.answer.balanced);
    assert_false(settled.uploaded);

    assert_int_equal(term_exchange(&t, &server, hl_request_sign_off), 0);
    expect_code(&t, "00");
    /* signed off: a card transaction now needs a new sign-in, which the session does */
    assert_int_equal(term_card(&t, HL_BALANCE, pan, PIN, 0, NULL), 0);
    assert_int_equal(t.t.batch.number, settled.answer.batch + 1); /* the next batch */
    term_close(&t);
}

static void every_kind_over_tcp(void **state)
{
    (void)state;
    every_kind(0, 0);
}

static void every_kind_over_tls(void **state)
{
    (void)state;
    every_kind(1, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_kind_over_tcp),
        cmocka_unit_test(every_kind_over_tls),
    };
    return cmocka_run_group_tests(tests, start, finish);
}
