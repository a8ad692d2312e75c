/* Reading hand-built answers: approvals, declines, a wrong MAC, answers to another
 * request, sign-in keys, balances, settlement results, and what each does to the
 * terminal (batch, totals, the reversal it owes). */
#include "fixtures.h"

static struct hl_wire wire;
static struct ps_iso_msg scratch;
static uint8_t body[PS_ISO_MAX_MESSAGE];

/* Builds a purchase of amount and arms its reversal, as the session does when it
 * leaves. */
static void purchase(struct hl_terminal *t, int64_t amount, struct hl_message *sent)
{
    struct hl_card_input in = {.kind = HL_PURCHASE, .pan = FX_PAN, .pin = FX_PIN, .amount = amount};
    assert_int_equal(hl_request_card(t, &in, sent, &wire, NULL), 0);
    hl_terminal_arm_reversal(t, sent, HL_REVERSAL_NO_ANSWER);
}

static int answer(struct hl_terminal *t, const struct hl_message *sent, const struct fx_answer *a,
                  struct hl_response *r, struct ps_reason *why)
{
    size_t len = fx_respond(wire.frame, wire.len, a, body, sizeof(body));
    return hl_response_read(t, sent, body, len, time(NULL), &scratch, r, why);
}

static void approved_purchase_is_recorded(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_response r;
    struct fx_answer a = {.code = "00", .rrn = "010000000001", .auth = "123456", .mac = 1};

    fx_terminal(&t, 10, 1);
    purchase(&t, 1234, &sent);
    assert_int_equal(answer(&t, &sent, &a, &r, NULL), 0);
    assert_string_equal(r.mti, "0210");
    assert_string_equal(r.code, "00");
    assert_string_equal(r.rrn, "010000000001");
    assert_string_equal(r.auth_code, "123456");
    assert_string_equal(r.local_date, "1124");
    assert_string_equal(r.local_time, "093000");
    assert_true(r.has_amount);
    assert_int_equal(r.amount, 1234);
    assert_int_equal(r.batch, FX_BATCH);
    assert_true(r.mac_verified);
    assert_false(t.reversal_pending);
    assert_int_equal(t.batch.count, 1);
    assert_int_equal(t.batch.totals.domestic.debit_amount, 1234);
    assert_int_equal(t.batch.totals.domestic.debit_count, 1);
    struct hl_record *rec = hl_batch_find_stan(&t.batch, sent.stan);
    assert_non_null(rec);
    assert_string_equal(rec->rrn, "010000000001");
    assert_string_equal(rec->date, "1124");
    assert_string_equal(rec->sent.pan, FX_PAN);
    assert_int_equal(rec->sent.amount, 1234);
    hl_terminal_cleanup(&t);
}

static void decline_is_an_answer_not_a_record(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_response r;
    struct fx_answer a = {.code = "51", .rrn = "010000000002", .mac = 1};

    fx_terminal(&t, 10, 1);
    purchase(&t, 1234, &sent);
    assert_int_equal(answer(&t, &sent, &a, &r, NULL), HL_DECLINED);
    assert_string_equal(r.code, "51");
    assert_string_equal(hl_response_meaning(r.code), "insufficient funds");
    assert_false(t.reversal_pending); /* the host answered: nothing to reverse */
    assert_int_equal(t.batch.count, 0);
    assert_int_equal(t.batch.totals.domestic.debit_count, 0);
    assert_string_equal(hl_response_meaning("A0"), "MAC error");
    assert_string_equal(hl_response_meaning("Q1"), "unknown response code");
    hl_terminal_cleanup(&t);
}

/* A wrong MAC is reported and not trusted: nothing recorded, the reversal owed (06). */
static void wrong_mac_is_not_trusted(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_response r;
    struct ps_reason why;
    struct fx_answer a = {.code = "00", .rrn = "010000000003", .mac = 1, .corrupt_mac = 1};

    fx_terminal(&t, 10, 1);
    purchase(&t, 1234, &sent);
    assert_int_equal(answer(&t, &sent, &a, &r, &why), PS_ECHECK);
    assert_string_equal(why.text, "field 64: MAC mismatch: the answer is not trusted");
    assert_int_equal(t.batch.count, 0);
    assert_true(t.reversal_pending);
    assert_string_equal(t.reversal.reason, "06");
    assert_int_equal(t.reversal.stan, sent.stan);
    hl_terminal_cleanup(&t);
}

/* Without field 64 an answer is read (the MAC is checked when present). */
static void answer_without_mac_is_read(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_response r;
    struct fx_answer a = {.code = "55"};

    fx_terminal(&t, 10, 1);
    purchase(&t, 100, &sent);
    assert_int_equal(answer(&t, &sent, &a, &r, NULL), HL_DECLINED);
    assert_false(r.mac_verified);
    hl_terminal_cleanup(&t);
}

static void answer_to_another_request(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_response r;
    struct ps_reason why;
    struct fx_answer a = {.code = "00", .mac = 1, .stan_delta = 1};

    fx_terminal(&t, 10, 1);
    t.next_stan = 5;
    purchase(&t, 100, &sent);
    assert_int_equal(answer(&t, &sent, &a, &r, &why), PS_EFORMAT);
    assert_string_equal(why.text, "field 11: not the request's STAN 000005");
    assert_true(t.reversal_pending);

    sent.kind = HL_REFUND; /* as if the request had been a 0220 */
    a.stan_delta = 0;
    assert_int_equal(answer(&t, &sent, &a, &r, &why), PS_EFORMAT);
    assert_string_equal(why.text, "MTI: 0210 answers refund, expected 0230");

    assert_int_equal(hl_response_read(&t, &sent, body, 20, 0, &scratch, &r, &why), PS_ETRUNCATED);
    hl_terminal_cleanup(&t);
}

/* The stand-in host's sign-in answer: 62 wraps the fixture keys (or keys with a
 * corrupted check value), 60.2 gives batch 12. */
static void sign_in_fields(struct ps_iso_msg *m, const struct ps_iso_msg *req, void *ctx)
{
    (void)req;
    struct ps_working_keys k;
    uint8_t tmk[16], f62[PS_WK_FIELD62_LONG];
    size_t n = 0;

    fx_keys(&k);
    unhex(FX_TMK_HEX, tmk, sizeof(tmk));
    assert_int_equal(ps_working_keys_wrap(&k, tmk, 16, f62, sizeof(f62), &n, NULL), 0);
    if (ctx != NULL)
        f62[37] ^= 0x01; /* the MAK's check value */
    assert_int_equal(ps_iso_set(m, 62, f62, n, NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 60, "00000012003", NULL), 0);
    ps_working_keys_cleanup(&k);
}

static void sign_in_installs_keys_and_batch(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_response r;
    struct ps_reason why;
    struct fx_answer a = {.code = "00", .rrn = "010000000004", .extra = sign_in_fields};
    struct hl_record old = {.sent = {.kind = HL_PURCHASE, .stan = 1, .amount = 5, .pan = FX_PAN}};
    int bad = 1;

    fx_terminal(&t, 10, 0);
    hl_batch_record(&t.batch, &old);
    assert_int_equal(hl_request_sign_in(&t, &sent, &wire, NULL), 0);
    a.ctx = &bad;
    assert_int_equal(answer(&t, &sent, &a, &r, &why), PS_ECHECK);
    assert_string_equal(why.text, "field 62: MAK check value mismatch");
    assert_false(t.has_keys);
    assert_true(hl_terminal_needs_sign_in(&t, time(NULL)));

    a.ctx = NULL;
    assert_int_equal(answer(&t, &sent, &a, &r, NULL), 0);
    assert_true(t.has_keys);
    assert_non_null(t.pik);
    assert_non_null(t.mak);
    assert_hex_equal(t.keys.mak, 8, FX_MAK_HEX);
    assert_int_equal(r.batch, 12);
    assert_int_equal(t.batch.number, 12);
    assert_int_equal(t.batch.count, 0); /* a new batch starts empty */
    assert_false(hl_terminal_needs_sign_in(&t, time(NULL)));
    hl_terminal_cleanup(&t);
}

static void balance_fields(struct ps_iso_msg *m, const struct ps_iso_msg *req, void *ctx)
{
    (void)req;
    assert_int_equal(ps_iso_set_str(m, 54, (const char *)ctx, NULL), 0);
}

static void balance_is_read(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_response r;
    struct ps_reason why;
    struct hl_card_input in = {.kind = HL_BALANCE, .pan = FX_PAN, .pin = FX_PIN};
    struct fx_answer a = {
        .code = "00", .mac = 1, .extra = balance_fields, .ctx = "1002156C000100000000"};

    fx_terminal(&t, 10, 1);
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, NULL), 0);
    assert_int_equal(answer(&t, &sent, &a, &r, NULL), 0);
    assert_true(r.has_balance);
    assert_int_equal(r.balance, 100000000);
    assert_int_equal(t.batch.count, 0); /* an inquiry moves nothing */
    a.ctx = "1002156D000000000150";
    assert_int_equal(answer(&t, &sent, &a, &r, NULL), 0);
    assert_int_equal(r.balance, -150);
    a.ctx = "1002156X000000000150";
    assert_int_equal(answer(&t, &sent, &a, &r, &why), PS_EFORMAT);
    assert_string_equal(why.text, "field 54: not 2 + 2 + 3 digits, C or D, 12 digits");
    assert_false(t.reversal_pending); /* not financial: nothing owed */
    hl_terminal_cleanup(&t);
}

/* The host answers the terminal's totals with a result digit per part. */
static void settle_fields(struct ps_iso_msg *m, const struct ps_iso_msg *req, void *ctx)
{
    struct ps_cup_totals totals;
    assert_int_equal(ps_cup_totals_parse(ps_iso_get(req, 48), &totals, NULL), 0);
    totals.domestic.result = *(unsigned *)ctx;
    totals.foreign.result = PS_CUP_SETTLE_BALANCED;
    assert_int_equal(ps_cup_totals_set(m, &totals, NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 15, "1125", NULL), 0);
}

static void settlement_result(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_response r;
    unsigned result = PS_CUP_SETTLE_BALANCED;
    struct fx_answer a = {.code = "00", .mac = 1, .extra = settle_fields, .ctx = &result};
    struct hl_record rec = {.sent = {.kind = HL_PURCHASE, .stan = 1, .amount = 777, .pan = FX_PAN}};

    fx_terminal(&t, 10, 1);
    hl_batch_record(&t.batch, &rec);
    assert_int_equal(hl_request_settlement(&t, &sent, &wire, NULL), 0);
    assert_int_equal(answer(&t, &sent, &a, &r, NULL), 0);
    assert_true(r.has_totals);
    assert_true(r.balanced);
    assert_int_equal(r.totals.domestic.debit_amount, 777);
    assert_string_equal(r.settle_date, "1125");
    assert_true(t.batch.settled);
    assert_true(hl_terminal_needs_sign_in(&t, time(NULL)));

    t.batch.settled = 0;
    result = PS_CUP_SETTLE_UNBALANCED;
    assert_int_equal(answer(&t, &sent, &a, &r, NULL), 0);
    assert_false(r.balanced);
    assert_int_equal(r.totals.domestic.result, PS_CUP_SETTLE_UNBALANCED);
    hl_terminal_cleanup(&t);
}

static void reversal_answers(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent, rev;
    struct hl_response r;
    struct fx_answer ok = {.code = "00", .rrn = "010000000009", .mac = 1};
    struct fx_answer busy = {.code = "96", .mac = 1};

    fx_terminal(&t, 10, 1);
    purchase(&t, 300, &sent);
    assert_int_equal(answer(&t, &sent, &ok, &r, NULL), 0);
    assert_int_equal(t.batch.totals.domestic.debit_count, 1);
    /* the cashier cancels it at the terminal: reversal with 06 */
    hl_terminal_arm_reversal(&t, &sent, HL_REVERSAL_TERMINAL_ERROR);
    assert_int_equal(hl_request_reversal(&t, &rev, &wire, NULL), 0);
    assert_int_equal(answer(&t, &rev, &busy, &r, NULL), HL_DECLINED);
    assert_true(t.reversal_pending); /* 96: nothing was done, still owed */
    assert_int_equal(answer(&t, &rev, &ok, &r, NULL), 0);
    assert_string_equal(r.mti, "0410");
    assert_false(t.reversal_pending);
    assert_int_equal(t.batch.totals.domestic.debit_count, 0);
    assert_int_equal(hl_batch_find_stan(&t.batch, sent.stan)->status, HL_REC_REVERSED);

    /* a reversal of a message the host never saw: 25, and it is done */
    purchase(&t, 400, &sent);
    assert_int_equal(hl_request_reversal(&t, &rev, &wire, NULL), 0);
    struct fx_answer unknown = {.code = "25", .mac = 1};
    assert_int_equal(answer(&t, &rev, &unknown, &r, NULL), HL_DECLINED);
    assert_false(t.reversal_pending);
    hl_terminal_cleanup(&t);
}

static void sign_in_again_forgets_the_date(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_response r;
    struct fx_answer a = {.code = "77", .mac = 1};

    fx_terminal(&t, 10, 1);
    purchase(&t, 100, &sent);
    assert_int_equal(answer(&t, &sent, &a, &r, NULL), HL_DECLINED);
    assert_string_equal(hl_response_meaning(r.code), "sign in again");
    assert_true(hl_terminal_needs_sign_in(&t, time(NULL)));
    hl_terminal_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(approved_purchase_is_recorded),
        cmocka_unit_test(decline_is_an_answer_not_a_record),
        cmocka_unit_test(wrong_mac_is_not_trusted),
        cmocka_unit_test(answer_without_mac_is_read),
        cmocka_unit_test(answer_to_another_request),
        cmocka_unit_test(sign_in_installs_keys_and_batch),
        cmocka_unit_test(balance_is_read),
        cmocka_unit_test(settlement_result),
        cmocka_unit_test(reversal_answers),
        cmocka_unit_test(sign_in_again_forgets_the_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
