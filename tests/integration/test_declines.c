/* Every response code of docs/protocol.md ("Response codes possumd sends"), each
 * provoked against a real possumd the way a terminal or a card would provoke it, and
 * each answer found again in the journal with its code and its reason in words: a
 * decline is an answer possumd owes the merchant an explanation for. */
#include "harness.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/checks/luhn.h"
#include "core/hex.h"
#include "core/crypto/working_keys.h"
#include "pos/hostlink/requests.h"

static struct possumd server;

POSSUMD_GROUP(server)

/* ---- helpers ------------------------------------------------------------------------- */

/* The row must say what the terminal was told, and why in words. */
static void expect_row(const struct txn_row *row, const char *code)
{
    if (strcmp(row->response_code, code) != 0)
        fail_msg("journal row %lld: response code %s, wanted %s (%s)", (long long)row->id,
                 row->response_code, code, row->reason);
    assert_true(strlen(row->reason) > 0);
    assert_string_equal(row->status, strcmp(code, "00") == 0 ? "approved" : "declined");
}

/* The answer in t->r is `code`, and the journal row of its RRN says so too. */
static struct txn_row expect_declined(const struct term *t, const char *code)
{
    expect_code(t, code);
    assert_int_equal(strlen(t->r.rrn), 12);
    struct txn_row row = journal_by_rrn(&server, t->r.rrn);
    expect_row(&row, code);
    return row;
}

/* The same for an answer read off the wire. */
static struct txn_row expect_raw_declined(const struct raw_answer *a, const char *code)
{
    if (strcmp(a->code, code) != 0)
        fail_msg("response %s, wanted %s", a->code, code);
    assert_int_equal(strlen(a->rrn), 12);
    struct txn_row row = journal_by_rrn(&server, a->rrn);
    expect_row(&row, code);
    return row;
}

/* A card no issuer ever numbered: body + its Luhn digit. */
static void luhn_pan(const char *body, char pan[20])
{
    char check = '0';
    snprintf(pan, 20, "%s", body);
    assert_int_equal(ps_luhn_compute(pan, strlen(pan), &check, NULL), 0);
    size_t n = strlen(pan);
    pan[n] = check;
    pan[n + 1] = '\0';
}

/* The masked form the store keeps: first 6 and last 4 digits (host/keys.h). */
static void mask(const char *pan, char out[20])
{
    size_t n = strlen(pan);
    snprintf(out, 20, "%s", pan);
    memset(out + 6, '*', n - 10);
}

/* Changes possumd's store behind its back, as a back office or an operator would: stops
 * it, lets change() append operations to a batch (reading the store as it needs),
 * commits them, and starts possumd again, which loads what it finds. */
static void change_store(void (*change)(struct store *s, struct store_batch *b, void *ctx),
                         void *ctx)
{
    struct store_batch b;
    struct ps_reason why = {{0}};

    possumd_stop(&server);
    struct store *s = possumd_store(&server);
    store_batch_init(&b);
    change(s, &b, ctx);
    int rc = store_commit(s, &b, &why);
    store_batch_free(&b);
    store_close(s);
    if (rc != 0)
        fail_msg("store: %s", why.text);
    possumd_restart(&server);
}

/* ---- 00 ------------------------------------------------------------------------------ */

static void code_00_approved_and_recorded(void **state)
{
    struct term t;
    char pan[20];
    (void)state;

    fleet_pan(100, pan);
    term_open_signed_in(&t, &server, 0);
    int64_t before = term_balance(&t, pan);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 1234, NULL), 0);
    struct txn_row row = journal_by_rrn(&server, t.r.rrn);
    expect_row(&row, "00");
    assert_int_equal(row.amount, 1234);
    assert_string_equal(row.auth_code, t.r.auth_code);
    assert_int_equal(term_balance(&t, pan), before - 1234);
    term_close(&t);
}

/* ---- 03 ------------------------------------------------------------------------------ */

/* Terminal 10000021 belongs to merchant 0003; it claims merchant 0001. */
static void code_03_another_merchants_mid(void **state)
{
    struct term t;
    uint8_t tmk[16];
    size_t len = 0;
    struct ps_reason why = {{0}};
    (void)state;

    term_open(&t, &server, 20, 0);
    hl_terminal_cleanup(&t.t);
    ps_hex_decode(DEMO_TMK, strlen(DEMO_TMK), tmk, sizeof(tmk), &len, NULL);
    if (hl_terminal_init(&t.t, "10000021", "898100012340001", tmk, 500, &why) != 0)
        fail_msg("terminal: %s", why.text);
    assert_int_equal(term_exchange(&t, &server, hl_request_sign_in), HL_DECLINED);
    struct txn_row row = expect_declined(&t, "03");
    assert_string_equal(row.mid, "898100012340001");
    assert_false(t.t.has_keys); /* no keys for a terminal possumd refused */
    term_close(&t);
}

/* A signed-in terminal whose purchase names another merchant: refused, nothing taken. */
static void code_03_purchase_under_another_mid(void **state)
{
    struct term t;
    char pan[20];
    (void)state;

    fleet_pan(101, pan);
    term_open_signed_in(&t, &server, 21);
    int64_t before = term_balance(&t, pan);
    snprintf(t.t.mid, sizeof(t.t.mid), "%s", "898100012340009");
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 500, NULL), HL_DECLINED);
    expect_declined(&t, "03");
    snprintf(t.t.mid, sizeof(t.t.mid), "%s", "898100012340003");
    assert_int_equal(term_balance(&t, pan), before);
    term_close(&t);
}

struct merchant_change {
    const char *mid;
    int matches;
    struct merchant_row row;
};

static int find_mid(void *ctx, const struct merchant_row *row)
{
    struct merchant_change *c = ctx;
    if (strcmp(row->mid, c->mid) == 0) {
        c->matches++;
        c->row = *row;
    }
    return 0;
}

static void put_suspended(struct store *s, struct store_batch *b, void *ctx)
{
    struct merchant_change *c = ctx;
    assert_int_equal(store_each_merchant(s, find_mid, c, NULL), 0);
    assert_int_equal(c->matches, 1);
    snprintf(c->row.status, sizeof(c->row.status), "%s", "suspended");
    store_batch_add(b, STORE_MERCHANT_PUT)->u.merchant = c->row;
}

/* The provider suspended the merchant: its terminals can no longer sign in. */
static void code_03_suspended_merchant(void **state)
{
    struct term t;
    struct merchant_change c = {.mid = "898100012340005"};
    (void)state;

    change_store(put_suspended, &c);
    term_open(&t, &server, 40, 0); /* 10000041, of merchant 0005 */
    assert_int_equal(term_exchange(&t, &server, hl_request_sign_in), HL_DECLINED);
    expect_declined(&t, "03");
    term_close(&t);
}

/* ---- 12 ------------------------------------------------------------------------------ */

static void code_12_void_twice_and_refund_of_voided(void **state)
{
    struct term t;
    struct original sale;
    char pan[20];
    (void)state;

    fleet_pan(102, pan);
    term_open_signed_in(&t, &server, 1);
    int64_t before = term_balance(&t, pan);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 8800, NULL), 0);
    term_keep_original(&t, &sale);
    assert_int_equal(term_void(&t, pan, 8800, &sale), 0);
    assert_int_equal(term_balance(&t, pan), before);

    assert_int_equal(term_void(&t, pan, 8800, &sale), HL_DECLINED); /* a second void */
    expect_declined(&t, "12");
    assert_int_equal(term_refund(&t, pan, 1000, &sale), HL_DECLINED); /* money back twice */
    expect_declined(&t, "12");
    assert_int_equal(term_balance(&t, pan), before);
    assert_string_equal(journal_by_rrn(&server, sale.rrn).status, "voided");
    term_close(&t);
}

/* The other ways an original refuses: another card, another merchant, a sale refunded
 * in part, a hold released by its void, a purchase of a batch that has settled. */
static void code_12_originals_that_refuse(void **state)
{
    struct term t;
    struct original sale, hold;
    struct hl_card_input in;
    struct hl_settlement settled;
    struct ps_reason why = {{0}};
    char pan[20], other[20];
    (void)state;

    fleet_pan(111, pan);
    fleet_pan(112, other);
    term_open_signed_in(&t, &server, 15);
    int64_t before = term_balance(&t, pan);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 5000, NULL), 0);
    term_keep_original(&t, &sale);
    assert_int_equal(term_void(&t, other, 5000, &sale), HL_DECLINED);
    expect_declined(&t, "12");
    assert_int_equal(term_refund(&t, other, 1000, &sale), HL_DECLINED);
    expect_declined(&t, "12");
    struct term elsewhere; /* 10000026, of merchant 0003 */
    term_open_signed_in(&elsewhere, &server, 25);
    assert_int_equal(term_refund(&elsewhere, pan, 1000, &sale), HL_DECLINED);
    expect_declined(&elsewhere, "12");
    term_close(&elsewhere);
    assert_int_equal(term_refund(&t, pan, 1000, &sale), 0);
    assert_int_equal(term_void(&t, pan, 5000, &sale), HL_DECLINED); /* refunded in part */
    expect_declined(&t, "12");

    assert_int_equal(term_card(&t, HL_PREAUTH, pan, PIN, 3000, NULL), 0);
    term_keep_original(&t, &hold);
    memset(&in, 0, sizeof(in));
    in.auth_code = hold.auth;
    in.has_original = 1;
    in.orig_date = hold.date;
    assert_int_equal(term_card(&t, HL_PREAUTH_VOID, pan, NULL, 3000, &in), 0);
    assert_int_equal(term_complete(&t, pan, 3000, &hold), HL_DECLINED); /* released */
    expect_declined(&t, "12");

    assert_int_equal(hl_session_settle(&t.s, &settled, &why), 0);
    assert_true(settled.answer.balanced);
    assert_int_equal(term_void(&t, pan, 5000, &sale), HL_DECLINED); /* signs in: next batch */
    expect_declined(&t, "12");
    assert_int_equal(term_balance(&t, pan), before - 4000);
    term_close(&t);
}

/* ---- 13 ------------------------------------------------------------------------------ */

static void code_13_void_amount_refund_rest_completion_bound(void **state)
{
    struct term t;
    struct original sale, hold;
    char pan[20];
    (void)state;

    fleet_pan(103, pan);
    term_open_signed_in(&t, &server, 2);
    int64_t before = term_balance(&t, pan);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 10000, NULL), 0);
    term_keep_original(&t, &sale);
    assert_int_equal(term_void(&t, pan, 10001, &sale), HL_DECLINED); /* not its amount */
    expect_declined(&t, "13");

    assert_int_equal(term_refund(&t, pan, 6000, &sale), 0);
    assert_int_equal(term_refund(&t, pan, 4001, &sale), HL_DECLINED); /* 40.00 left */
    expect_declined(&t, "13");
    assert_int_equal(term_refund(&t, pan, 4000, &sale), 0);        /* exactly what is left */
    assert_int_equal(term_refund(&t, pan, 1, &sale), HL_DECLINED); /* fully refunded */
    expect_declined(&t, "13");
    assert_int_equal(term_balance(&t, pan), before);

    assert_int_equal(term_card(&t, HL_PREAUTH, pan, PIN, 10000, NULL), 0);
    term_keep_original(&t, &hold);
    assert_int_equal(term_complete(&t, pan, 11501, &hold), HL_DECLINED); /* over 115% */
    expect_declined(&t, "13");
    assert_int_equal(term_balance(&t, pan), before - 10000);   /* still held, no more */
    assert_int_equal(term_complete(&t, pan, 11500, &hold), 0); /* 115% exactly */
    assert_int_equal(term_balance(&t, pan), before - 11500);
    term_close(&t);
}

/* ---- 14 ------------------------------------------------------------------------------ */

static void code_14_unknown_and_luhn_failing_cards(void **state)
{
    struct term t;
    char unknown[20];
    (void)state;

    luhn_pan("622202999999999999", unknown);
    term_open_signed_in(&t, &server, 3);
    assert_int_equal(term_card(&t, HL_PURCHASE, unknown, PIN, 100, NULL), HL_DECLINED);
    struct txn_row row = expect_declined(&t, "14");
    char masked[20];
    mask(unknown, masked);
    assert_string_equal(row.card_masked, masked); /* the journal never keeps the PAN */

    /* the debit card's number with its last digit wrong */
    assert_int_equal(term_card(&t, HL_PURCHASE, "6222020000000000019", PIN, 100, NULL),
                     HL_DECLINED);
    expect_declined(&t, "14");
    term_close(&t);
}

/* ---- 25 ------------------------------------------------------------------------------ */

static void code_25_originals_never_seen(void **state)
{
    struct term t;
    struct original ghost = {.rrn = "019999999999", .date = "0101", .auth = "123456"};
    char pan[20];
    (void)state;

    fleet_pan(104, pan);
    term_open_signed_in(&t, &server, 4);
    ghost.batch = t.t.batch.number;
    ghost.stan = 999000; /* this terminal's STANs are far below */
    assert_int_equal(term_void(&t, pan, 100, &ghost), HL_DECLINED);
    expect_declined(&t, "25");
    assert_int_equal(term_refund(&t, pan, 100, &ghost), HL_DECLINED);
    expect_declined(&t, "25");
    assert_int_equal(term_complete(&t, pan, 100, &ghost), HL_DECLINED);
    expect_declined(&t, "25");
    term_close(&t);
}

/* ---- 30 ------------------------------------------------------------------------------ */

static void drop_field(struct ps_iso_msg *m, void *ctx)
{
    ps_iso_unset(m, *(const int *)ctx);
}

/* A terminal whose software forgot a field: the request is well signed, and refused
 * with a reason that names the field. */
static void code_30_missing_field(void **state)
{
    /* 52 goes missing in a purchase whose entry mode (22) says a PIN was entered */
    static const int fields[] = {22, 4, 49, 52};
    struct term t;
    struct raw_request req;
    struct raw_answer a;
    char pan[20], field[16];
    (void)state;

    fleet_pan(105, pan);
    term_open_signed_in(&t, &server, 5);
    int64_t before = term_balance(&t, pan);
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        term_build_card(&t, HL_PURCHASE, pan, PIN, 700, NULL, &req);
        raw_request_edit(&t, &req, drop_field, (void *)&fields[i]);
        raw_ask(&server, &req, &a);
        struct txn_row row = expect_raw_declined(&a, "30");
        snprintf(field, sizeof(field), "field %d", fields[i]);
        if (strstr(row.reason, field) == NULL)
            fail_msg("the reason \"%s\" does not name %s", row.reason, field);
    }
    assert_int_equal(term_balance(&t, pan), before);
    term_close(&t);
}

/* ---- 41 43 54 ------------------------------------------------------------------------ */

static void code_41_43_54_card_status(void **state)
{
    static const struct {
        const char *pan, *code;
    } cards[] = {{CARD_LOST, "41"}, {CARD_STOLEN, "43"}, {CARD_EXPIRED, "54"}};
    struct term t;
    (void)state;

    term_open_signed_in(&t, &server, 6);
    for (size_t i = 0; i < sizeof(cards) / sizeof(cards[0]); i++) {
        assert_int_equal(term_card(&t, HL_PURCHASE, cards[i].pan, PIN, 100, NULL), HL_DECLINED);
        expect_declined(&t, cards[i].code);
    }
    term_close(&t);
}

/* ---- 51 ------------------------------------------------------------------------------ */

static void code_51_insufficient_funds(void **state)
{
    struct term t;
    (void)state;

    term_open_signed_in(&t, &server, 7);
    assert_int_equal(term_balance(&t, CARD_DEBIT_100), 10000);
    assert_int_equal(term_card(&t, HL_PURCHASE, CARD_DEBIT_100, PIN, 10001, NULL), HL_DECLINED);
    expect_declined(&t, "51");
    assert_int_equal(term_balance(&t, CARD_DEBIT_100), 10000);
    term_close(&t);
}

/* ---- 55 ------------------------------------------------------------------------------ */

static void corrupt_pin_block(struct ps_iso_msg *m, void *ctx)
{
    (void)ctx;
    uint8_t block[8];
    const struct ps_iso_value *v = ps_iso_get(m, 52);
    assert_non_null(v);
    memcpy(block, v->ptr, sizeof(block));
    block[3] ^= 0x5a;
    assert_int_equal(ps_iso_set(m, 52, block, sizeof(block), NULL), 0);
}

static void code_55_wrong_pin(void **state)
{
    struct term t;
    struct raw_request req;
    struct raw_answer a;
    char pan[20];
    (void)state;

    fleet_pan(106, pan);
    term_open_signed_in(&t, &server, 8);
    int64_t before = term_balance(&t, pan);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, "111111", 500, NULL), HL_DECLINED);
    expect_declined(&t, "55");
    /* a PIN block that does not decode under the terminal's PIN key */
    term_build_card(&t, HL_PURCHASE, pan, PIN, 500, NULL, &req);
    raw_request_edit(&t, &req, corrupt_pin_block, NULL);
    raw_ask(&server, &req, &a);
    expect_raw_declined(&a, "55");
    assert_int_equal(term_balance(&t, pan), before); /* and the right PIN still works */
    term_close(&t);
}

/* ---- 61 ------------------------------------------------------------------------------ */

struct card_change {
    char masked[20];
    int64_t daily_limit;
    int matches;
    struct card_row row;
};

static int find_masked(void *ctx, const struct card_row *row)
{
    struct card_change *c = ctx;
    if (strcmp(row->masked, c->masked) == 0) {
        c->matches++;
        c->row = *row;
    }
    return 0;
}

/* The card's own row (its token and PIN verifier as possumd made them) again, with a
 * daily limit. */
static void put_daily_limit(struct store *s, struct store_batch *b, void *ctx)
{
    struct card_change *c = ctx;
    assert_int_equal(store_each_card(s, find_masked, c, NULL), 0);
    assert_int_equal(c->matches, 1);
    c->row.daily_limit = c->daily_limit;
    store_batch_add(b, STORE_CARD_PUT)->u.card = c->row;
}

static void set_daily_limit(const char *pan, int64_t limit)
{
    struct card_change c = {.daily_limit = limit};
    mask(pan, c.masked);
    change_store(put_daily_limit, &c);
}

static void code_61_over_the_daily_limit(void **state)
{
    struct term t;
    char pan[20];
    (void)state;

    fleet_pan(950, pan);
    set_daily_limit(pan, 50000);
    term_open_signed_in(&t, &server, 10);
    int64_t before = term_balance(&t, pan);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 30000, NULL), 0);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 30000, NULL), HL_DECLINED);
    expect_declined(&t, "61");
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 20000, NULL), 0); /* up to it */
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 1, NULL), HL_DECLINED);
    expect_declined(&t, "61");
    assert_int_equal(term_balance(&t, pan), before - 50000);
    term_close(&t);
}

/* ---- 75 ------------------------------------------------------------------------------ */

static void code_75_pin_tries_exceeded(void **state)
{
    static const char *const answers[] = {"55", "55", "75"};
    struct term t;
    char pan[20];
    (void)state;

    fleet_pan(951, pan);
    term_open_signed_in(&t, &server, 11);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(term_card(&t, HL_PURCHASE, pan, "654321", 100, NULL), HL_DECLINED);
        expect_declined(&t, answers[i]);
    }
    /* the right PIN does not unblock a blocked card */
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 100, NULL), HL_DECLINED);
    expect_declined(&t, "75");
    assert_int_equal(term_card(&t, HL_BALANCE, pan, PIN, 0, NULL), HL_DECLINED);
    expect_declined(&t, "75");
    term_close(&t);
}

/* ---- 77 ------------------------------------------------------------------------------ */

struct session_change {
    const char *tid;
    const char *signed_in_date;
    int matches;
    struct terminal_row row;
};

static int find_tid(void *ctx, const struct terminal_row *row)
{
    struct session_change *c = ctx;
    if (strcmp(row->tid, c->tid) == 0) {
        c->matches++;
        c->row = *row;
    }
    return 0;
}

/* The terminal's row again, its keys and batch as they are, signed in on another day. */
static void put_sign_in_date(struct store *s, struct store_batch *b, void *ctx)
{
    struct session_change *c = ctx;
    assert_int_equal(store_each_terminal(s, find_tid, c, NULL), 0);
    assert_int_equal(c->matches, 1);
    snprintf(c->row.signed_in_date, sizeof(c->row.signed_in_date), "%s", c->signed_in_date);
    store_batch_add(b, STORE_TERMINAL_PUT)->u.terminal = c->row;
}

/* A terminal whose last sign-in was on another day (its keys still good): 77, and the
 * terminal's session, hearing it, signs in and is served. */
static void code_77_signed_in_another_day(void **state)
{
    struct term t;
    struct raw_request req;
    struct raw_answer a;
    char today[9];
    (void)state;

    term_open_signed_in(&t, &server, 30);
    struct session_change c = {.tid = t.t.tid, .signed_in_date = "20000101"};
    change_store(put_sign_in_date, &c);
    term_reconnect(&t);
    term_build_card(&t, HL_PURCHASE, CARD_DEBIT, PIN, 100, NULL, &req);
    raw_ask(&server, &req, &a);
    struct txn_row row = expect_raw_declined(&a, "77");
    if (strstr(row.reason, "20000101") == NULL)
        fail_msg("the reason \"%s\" does not name the day of the last sign-in", row.reason);

    assert_int_equal(term_card(&t, HL_PURCHASE, CARD_DEBIT, PIN, 100, NULL), 0);
    hl_local_date(time(NULL), today);
    assert_string_equal(t.t.signed_in_date, today);
    term_close(&t);
}

static void code_77_after_sign_off(void **state)
{
    struct term t;
    struct raw_request req;
    struct raw_answer a;
    (void)state;

    term_open_signed_in(&t, &server, 31);
    assert_int_equal(term_exchange(&t, &server, hl_request_sign_off), 0);
    term_build_card(&t, HL_PURCHASE, CARD_DEBIT, PIN, 100, NULL, &req);
    raw_ask(&server, &req, &a);
    expect_raw_declined(&a, "77");
    term_close(&t);
}

static void code_77_another_batch(void **state)
{
    struct term t;
    struct raw_request req;
    struct raw_answer a;
    (void)state;

    term_open_signed_in(&t, &server, 32);
    uint32_t current = t.t.batch.number;
    t.t.batch.number = current + 1;
    term_build_card(&t, HL_PURCHASE, CARD_DEBIT, PIN, 100, NULL, &req);
    t.t.batch.number = current;
    raw_ask(&server, &req, &a);
    struct txn_row row = expect_raw_declined(&a, "77");
    assert_int_equal(row.batch, current + 1);
    /* the terminal's own session, in its batch, is still good */
    assert_int_equal(term_card(&t, HL_PURCHASE, CARD_DEBIT, PIN, 100, NULL), 0);
    term_close(&t);
}

/* ---- 94 ------------------------------------------------------------------------------ */

static void code_94_same_stan_other_amount(void **state)
{
    struct term t;
    struct raw_request first, second;
    struct raw_answer a;
    struct ps_reason why = {{0}};
    char pan[20];
    (void)state;

    fleet_pan(108, pan);
    term_open_signed_in(&t, &server, 12);
    int64_t before = term_balance(&t, pan);
    uint32_t stan = t.t.next_stan;
    term_build_card(&t, HL_PURCHASE, pan, PIN, 1000, NULL, &first);
    raw_ask(&server, &first, &a);
    assert_string_equal(a.code, "00");
    char rrn[13];
    snprintf(rrn, sizeof(rrn), "%s", a.rrn);

    assert_int_equal(hl_terminal_set_stan(&t.t, stan, &why), 0);
    term_build_card(&t, HL_PURCHASE, pan, PIN, 2000, NULL, &second);
    assert_int_equal(second.sent.stan, stan);
    raw_ask(&server, &second, &a);
    struct txn_row row = expect_raw_declined(&a, "94");
    assert_int_equal(row.stan, stan);
    assert_int_equal(row.amount, 2000);
    assert_string_equal(journal_by_rrn(&server, rrn).status, "approved");
    assert_int_equal(term_balance(&t, pan), before - 1000);
    term_close(&t);
}

/* ---- 96 ------------------------------------------------------------------------------ */

#define FLOOD_CONNECTIONS 48
#define FLOOD_PER_CONN    8

/* Sends every request at once, spread over connections (possumd reads up to four at a
 * time on each), and reads every answer. codes[i] gets the answer of reqs[i] ("" when
 * none came). */
static void flood(struct raw_request *reqs, size_t n, char (*codes)[3])
{
    int fds[FLOOD_CONNECTIONS];
    uint8_t body[PS_ISO_MAX_MESSAGE];
    static struct ps_iso_msg m;

    for (size_t c = 0; c < FLOOD_CONNECTIONS; c++)
        fds[c] = raw_connect(&server);
    for (size_t i = 0; i < n; i++)
        raw_send(fds[i % FLOOD_CONNECTIONS], reqs[i].bytes, reqs[i].len);
    for (size_t i = 0; i < n; i++) {
        /* each connection answers in its own order: match answers by STAN */
        int len = raw_recv_frame(fds[i % FLOOD_CONNECTIONS], body, sizeof(body), 20000);
        assert_true(len > 0);
        assert_int_equal(ps_iso_unpack(&m, &ps_iso_cup, body, (size_t)len, PS_ISO_ENVELOPE, NULL),
                         0);
        uint64_t stan = 0;
        assert_int_equal(ps_iso_get_u64(&m, 11, &stan), 0);
        const struct ps_iso_value *v = ps_iso_get(&m, 39);
        assert_non_null(v);
        for (size_t j = 0; j < n; j++) {
            if (reqs[j].sent.stan == stan)
                memcpy(codes[j], v->ptr, 2);
        }
    }
    for (size_t c = 0; c < FLOOD_CONNECTIONS; c++)
        close(fds[c]);
}

/* A terminal flooding possumd — more requests at once than possumd keeps room for in
 * memory while they wait for the disk — is never answered 96 "could not decide":
 * possumd holds the extra requests back until a commit makes room, then decides them
 * in order. Every request of the flood is answered 00 and has its journal row. (96
 * remains for internal failures, which a terminal cannot cause from outside.) */
static void flood_is_decided_not_refused(void **state)
{
    enum { N = FLOOD_CONNECTIONS * FLOOD_PER_CONN };
    static struct raw_request reqs[N];
    static char codes[N][3];
    struct term t;
    struct txn_row row;
    char pan[20];
    (void)state;

    fleet_pan(109, pan);
    term_open_signed_in(&t, &server, 13);
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < N; i++)
            term_build_card(&t, HL_BALANCE, pan, PIN, 0, NULL, &reqs[i]);
        memset(codes, 0, sizeof(codes));
        flood(reqs, N, codes);
        for (size_t i = 0; i < N; i++) {
            const struct hl_message *sent = &reqs[i].sent;
            if (strcmp(codes[i], "00") != 0)
                fail_msg("round %d, STAN %06u: answered \"%s\"", round, (unsigned)sent->stan,
                         codes[i]);
            if (!journal_by_key(&server, t.t.tid, sent->batch, sent->stan, TXN_BALANCE, &row))
                fail_msg("STAN %06u answered but not in the journal", (unsigned)sent->stan);
            expect_row(&row, "00");
        }
    }
    term_close(&t);
}

/* ---- 97 ------------------------------------------------------------------------------ */

static void code_97_unknown_terminal(void **state)
{
    struct term t;
    uint8_t tmk[16];
    size_t len = 0;
    struct ps_reason why = {{0}};
    struct ps_working_keys keys;
    struct raw_request req;
    struct raw_answer a;
    (void)state;

    term_open(&t, &server, 0, 0);
    hl_terminal_cleanup(&t.t);
    ps_hex_decode(DEMO_TMK, strlen(DEMO_TMK), tmk, sizeof(tmk), &len, NULL);
    assert_int_equal(hl_terminal_init(&t.t, "99999999", "898100012340001", tmk, 500, &why), 0);
    assert_int_equal(term_exchange(&t, &server, hl_request_sign_in), HL_DECLINED);
    struct txn_row row = expect_declined(&t, "97");
    assert_string_equal(row.tid, "99999999");

    /* a purchase from it too, signed with keys it made up */
    ps_working_keys_init(&keys, PS_WK_TDES);
    assert_int_equal(ps_working_keys_generate(&keys, PS_WK_TDES, false, &why), 0);
    assert_int_equal(hl_terminal_install_keys(&t.t, &keys, &why), 0);
    ps_working_keys_cleanup(&keys);
    hl_batch_reset(&t.t.batch, 1);
    term_build_card(&t, HL_PURCHASE, CARD_DEBIT, PIN, 100, NULL, &req);
    raw_ask(&server, &req, &a);
    expect_raw_declined(&a, "97");
    term_close(&t);
}

/* ---- A0 ------------------------------------------------------------------------------ */

static void code_A0_wrong_or_missing_mac(void **state)
{
    static const int mac_field = 64;
    struct term t;
    struct raw_request req;
    struct raw_answer a;
    char pan[20];
    (void)state;

    fleet_pan(110, pan);
    term_open_signed_in(&t, &server, 14);
    int64_t before = term_balance(&t, pan);
    term_build_card(&t, HL_PURCHASE, pan, PIN, 3000, NULL, &req);
    req.bytes[req.len - 3] ^= 0x01; /* one bit of field 64, the last field */
    raw_ask(&server, &req, &a);
    expect_raw_declined(&a, "A0");

    term_build_card(&t, HL_PURCHASE, pan, PIN, 3000, NULL, &req);
    raw_request_edit(&t, &req, drop_field, (void *)&mac_field);
    raw_ask(&server, &req, &a);
    expect_raw_declined(&a, "A0");
    assert_int_equal(term_balance(&t, pan), before);
    term_close(&t);
}

/* A terminal possumd never gave keys (its keys are its own, as after the host's store
 * was replaced): possumd has no MAC key to check with, and the MAC comes before the
 * session in the order of docs/protocol.md, so the answer is A0, not 77. */
/* A terminal possumd never gave working keys to is told to sign in (77), not that its
 * MAC is wrong: it cannot have one yet. */
static void code_77_terminal_never_signed_in(void **state)
{
    struct term t;
    struct ps_working_keys keys;
    struct ps_reason why = {{0}};
    struct raw_request req;
    struct raw_answer a;
    (void)state;

    term_open(&t, &server, 33, 0);
    ps_working_keys_init(&keys, PS_WK_TDES);
    assert_int_equal(ps_working_keys_generate(&keys, PS_WK_TDES, false, &why), 0);
    assert_int_equal(hl_terminal_install_keys(&t.t, &keys, &why), 0);
    ps_working_keys_cleanup(&keys);
    hl_batch_reset(&t.t.batch, 1); /* the demo terminals' batch */
    term_build_card(&t, HL_PURCHASE, CARD_DEBIT, PIN, 100, NULL, &req);
    raw_ask(&server, &req, &a);
    struct txn_row row = expect_raw_declined(&a, "77");
    if (strstr(row.reason, "sign in first") == NULL)
        fail_msg("the reason \"%s\" does not say the terminal must sign in", row.reason);
    term_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(code_00_approved_and_recorded),
        cmocka_unit_test(code_03_another_merchants_mid),
        cmocka_unit_test(code_03_purchase_under_another_mid),
        cmocka_unit_test(code_03_suspended_merchant),
        cmocka_unit_test(code_12_void_twice_and_refund_of_voided),
        cmocka_unit_test(code_12_originals_that_refuse),
        cmocka_unit_test(code_13_void_amount_refund_rest_completion_bound),
        cmocka_unit_test(code_14_unknown_and_luhn_failing_cards),
        cmocka_unit_test(code_25_originals_never_seen),
        cmocka_unit_test(code_30_missing_field),
        cmocka_unit_test(code_41_43_54_card_status),
        cmocka_unit_test(code_51_insufficient_funds),
        cmocka_unit_test(code_55_wrong_pin),
        cmocka_unit_test(code_61_over_the_daily_limit),
        cmocka_unit_test(code_75_pin_tries_exceeded),
        cmocka_unit_test(code_77_signed_in_another_day),
        cmocka_unit_test(code_77_after_sign_off),
        cmocka_unit_test(code_77_another_batch),
        cmocka_unit_test(code_94_same_stan_other_amount),
        cmocka_unit_test(flood_is_decided_not_refused),
        cmocka_unit_test(code_97_unknown_terminal),
        cmocka_unit_test(code_A0_wrong_or_missing_mac),
        cmocka_unit_test(code_77_terminal_never_signed_in),
    };
    int failed = cmocka_run_group_tests(tests, start, finish);
    possumd_cleanup(&server); /* again, for a teardown that failed half-way */
    return failed;
}
