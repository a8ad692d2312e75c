/* The store's reads: lookups, batch totals as field 48 counts them, high marks, and
 * rows the store refuses to read back wrong. */
#include "store_fixture.h"

#include "host/store/schema.h"

static void insert(struct store *s, const struct txn_row *t)
{
    struct store_batch b;
    store_batch_init(&b);
    add_op(&b, STORE_TXN_INSERT)->u.txn = *t;
    commit_ok(s, &b);
    store_batch_free(&b);
}

/* ---- lookups ---------------------------------------------------------------------- */

/* By key: the row with the same fingerprint (a retransmission) first, else the first
 * row with the key (the original a duplicate collides with). */
static void finds_by_key_the_same_content_or_the_first_answer(void **state)
{
    struct fixture *f = *state;
    struct txn_row got, first = txn(1, TXN_PURCHASE, "10000001", 3, 17, 500, "approved", 1);
    struct txn_row duplicate = txn(2, TXN_PURCHASE, "10000001", 3, 17, 900, "declined", 0);
    struct ps_reason why;

    first.fingerprint = 0x1111;
    duplicate.fingerprint = 0xF000000000000001ULL; /* above INT64_MAX: stored negative */
    insert(f->s, &first);
    insert(f->s, &duplicate);
    assert_int_equal(
        store_find_txn_by_key(f->s, "10000001", 3, 17, TXN_PURCHASE, 0x2222, &got, NULL), 1);
    assert_memory_equal(&got, &first, sizeof(first));
    assert_int_equal(store_find_txn_by_key(f->s, "10000001", 3, 17, TXN_PURCHASE,
                                           duplicate.fingerprint, &got, NULL),
                     1);
    assert_memory_equal(&got, &duplicate, sizeof(duplicate));
    assert_int_equal(
        store_find_txn_by_key(f->s, "10000001", 3, 17, TXN_PURCHASE, 0x1111, &got, NULL), 1);
    assert_memory_equal(&got, &first, sizeof(first));

    assert_int_equal(store_find_txn_by_key(f->s, "10000001", 3, 17, TXN_VOID, 0, &got, NULL), 0);
    assert_int_equal(store_find_txn_by_key(f->s, "10000001", 3, 18, TXN_PURCHASE, 0, &got, NULL),
                     0);
    assert_int_equal(store_find_txn_by_key(f->s, "10000001", 4, 17, TXN_PURCHASE, 0, &got, NULL),
                     0);
    assert_int_equal(store_find_txn_by_key(f->s, "10000002", 3, 17, TXN_PURCHASE, 0, &got, NULL),
                     0);
    assert_int_equal(
        store_find_txn_by_key(f->s, "10000001", 3, 17, TXN_KIND_COUNT, 0, &got, &why), PS_EINVAL);
}

static void finds_by_rrn(void **state)
{
    struct fixture *f = *state;
    struct txn_row got, t = txn(1, TXN_REFUND, "10000001", 3, 17, 500, "approved", 4242);

    t.original_id = 99;
    t.refunded = 0;
    insert(f->s, &t);
    assert_int_equal(store_find_txn_by_rrn(f->s, "010000004242", &got, NULL), 1);
    assert_memory_equal(&got, &t, sizeof(t));
    assert_int_equal(store_find_txn_by_rrn(f->s, "010000004243", &got, NULL), 0);
    assert_int_equal(store_find_txn_by_rrn(f->s, "", &got, NULL), 0);
}

static void finds_the_approved_preauthorization(void **state)
{
    struct fixture *f = *state;
    struct txn_row got;
    struct txn_row old = txn(10, TXN_PREAUTH, "10000001", 1, 1, 5000, "approved", 10);
    struct txn_row done = txn(11, TXN_PREAUTH, "10000001", 1, 2, 5000, "completed", 11);
    struct txn_row newer = txn(12, TXN_PREAUTH, "10000001", 1, 3, 5000, "approved", 12);
    struct txn_row sale = txn(13, TXN_PURCHASE, "10000001", 1, 4, 5000, "approved", 13);

    /* auth codes repeat over time: the newest approved one wins */
    snprintf(done.auth_code, sizeof(done.auth_code), "123456");
    snprintf(sale.auth_code, sizeof(sale.auth_code), "654321");
    snprintf(old.auth_code, sizeof(old.auth_code), "777777");
    snprintf(newer.auth_code, sizeof(newer.auth_code), "777777");
    insert(f->s, &old);
    insert(f->s, &done);
    insert(f->s, &newer);
    insert(f->s, &sale);
    /* pre-authorizations are found through their holds */
    struct store_batch b;
    store_batch_init(&b);
    const struct txn_row *held[] = {&old, &done, &newer, &sale};
    for (size_t i = 0; i < PS_ARRAY_LEN(held); i++) {
        struct hold_row *h = &add_op(&b, STORE_HOLD_PUT)->u.hold;
        *h = hold(50 + (int64_t)i, 7, held[i]->id, 5000);
        snprintf(h->auth_code, sizeof(h->auth_code), "%s", held[i]->auth_code);
    }
    commit_ok(f->s, &b);
    store_batch_free(&b);

    assert_int_equal(store_find_preauth(f->s, 7, "777777", &got, NULL), 1);
    assert_memory_equal(&got, &newer, sizeof(newer));
    assert_int_equal(store_find_preauth(f->s, 7, "123456", &got, NULL), 0); /* completed */
    assert_int_equal(store_find_preauth(f->s, 7, "654321", &got, NULL), 0); /* a purchase */
    assert_int_equal(store_find_preauth(f->s, 8, "777777", &got, NULL), 0); /* another card */
}

/* What the issuer loads: every open hold, and a completed one only while its approved
 * completion is in its terminal's open batch (a void or reversal may name it). */
static int collect_hold(void *ctx, const struct hold_row *row)
{
    int64_t *ids = ctx;
    for (size_t i = 0; i < 8; i++) {
        if (ids[i] == 0) {
            ids[i] = row->id;
            return 0;
        }
    }
    return 1;
}

static void live_holds_are_open_or_completed_in_the_open_batch(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    int64_t ids[8] = {0};
    /* terminal 10000001 is at batch 2: its batch-1 completion is settled */
    struct txn_row done_old = txn(20, TXN_COMPLETION, "10000001", 1, 1, 900, "approved", 20);
    struct txn_row done_now = txn(21, TXN_COMPLETION, "10000001", 2, 1, 800, "approved", 21);
    struct txn_row voided = txn(22, TXN_COMPLETION, "10000001", 2, 2, 700, "voided", 22);
    struct hold_row h[4] = {hold(60, 7, 1, 1000), hold(61, 7, 2, 1000), hold(62, 7, 3, 1000),
                            hold(63, 7, 4, 1000)};
    snprintf(h[1].status, sizeof(h[1].status), "completed"); /* by done_old */
    snprintf(h[2].status, sizeof(h[2].status), "completed"); /* by done_now */
    snprintf(h[3].status, sizeof(h[3].status), "released");
    snprintf(done_old.auth_code, sizeof(done_old.auth_code), "%s", h[1].auth_code);
    snprintf(done_now.auth_code, sizeof(done_now.auth_code), "%s", h[2].auth_code);
    snprintf(voided.auth_code, sizeof(voided.auth_code), "%s", h[3].auth_code);

    store_batch_init(&b);
    add_op(&b, STORE_MERCHANT_PUT)->u.merchant = merchant(1, "898100012340001");
    add_op(&b, STORE_TERMINAL_PUT)->u.terminal = terminal(2, "10000001", 1, 2);
    add_op(&b, STORE_TXN_INSERT)->u.txn = done_old;
    add_op(&b, STORE_TXN_INSERT)->u.txn = done_now;
    add_op(&b, STORE_TXN_INSERT)->u.txn = voided;
    for (size_t i = 0; i < PS_ARRAY_LEN(h); i++)
        add_op(&b, STORE_HOLD_PUT)->u.hold = h[i];
    commit_ok(f->s, &b);
    store_batch_free(&b);

    assert_int_equal(store_each_live_hold(f->s, collect_hold, ids, NULL), 0);
    assert_int_equal(ids[0], 60); /* open */
    assert_int_equal(ids[1], 62); /* completed in the open batch */
    assert_int_equal(ids[2], 0);
    memset(ids, 0, sizeof(ids));
    assert_int_equal(store_each_open_hold(f->s, collect_hold, ids, NULL), 0);
    assert_int_equal(ids[0], 60);
    assert_int_equal(ids[1], 0);
}

static int collect_token(void *ctx, const char *token)
{
    char(*tokens)[65] = ctx;
    while ((*tokens)[0] != '\0')
        tokens++;
    snprintf(*tokens, 65, "%s", token);
    return 0;
}

/* The payment codes that paid: approved QR purchases (entry mode 032), whatever became
 * of them since; not declined ones, not card purchases, not QR refunds. */
static void used_paycodes_are_those_of_approved_qr_purchases(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    char tokens[8][65] = {{0}};
    struct txn_row t[5] = {
        txn(30, TXN_PURCHASE, "10000001", 1, 1, 100, "approved", 30),
        txn(31, TXN_PURCHASE, "10000001", 1, 2, 100, "voided", 31),
        txn(32, TXN_PURCHASE, "10000001", 1, 3, 100, "declined", 0),
        txn(33, TXN_REFUND, "10000001", 1, 4, 100, "approved", 33),
        txn(34, TXN_PURCHASE, "10000001", 1, 5, 100, "approved", 34),
    };
    for (int i = 0; i < 5; i++) {
        snprintf(t[i].card_token, sizeof(t[i].card_token), "%064d", 100 + i);
        snprintf(t[i].entry_mode, sizeof(t[i].entry_mode), "%s", i == 4 ? "051" : "032");
    }
    snprintf(t[2].response_code, sizeof(t[2].response_code), "51");

    store_batch_init(&b);
    for (int i = 0; i < 5; i++)
        add_op(&b, STORE_TXN_INSERT)->u.txn = t[i];
    commit_ok(f->s, &b);
    store_batch_free(&b);

    assert_int_equal(store_each_used_paycode(f->s, collect_token, tokens, NULL), 0);
    int found[5] = {0};
    for (int i = 0; tokens[i][0] != '\0'; i++)
        for (int k = 0; k < 5; k++)
            found[k] += strcmp(tokens[i], t[k].card_token) == 0;
    assert_int_equal(found[0], 1);
    assert_int_equal(found[1], 1);
    assert_int_equal(found[2] + found[3] + found[4], 0);
    assert_string_equal(tokens[2], "");
}

static void fingerprints_keep_all_64_bits(void **state)
{
    struct fixture *f = *state;
    static const uint64_t prints[] = {
        0, 1, INT64_MAX, (uint64_t)INT64_MAX + 1, UINT64_MAX, 0xDEADBEEFCAFEBABEu};
    struct txn_row got;

    for (size_t i = 0; i < PS_ARRAY_LEN(prints); i++) {
        struct txn_row t =
            txn((int64_t)i + 1, TXN_PURCHASE, "10000001", 1, 1, 1, "approved", i + 1);
        t.fingerprint = prints[i];
        insert(f->s, &t);
        assert_int_equal(store_find_txn_by_rrn(f->s, t.rrn, &got, NULL), 1);
        assert_true(got.fingerprint == prints[i]);
    }
}

/* ---- batch totals ----------------------------------------------------------------- */

struct totals_seen {
    size_t n;
    int64_t terminal_id[8];
    uint32_t batch[8];
    uint32_t max_stan[8];
    struct ps_cup_totals totals[8];
    int stop_after; /* return 7 after this many terminals; 0: never */
};

static int see_totals(void *ctx, int64_t terminal_id, uint32_t batch, uint32_t max_stan,
                      const struct ps_cup_totals *totals)
{
    struct totals_seen *seen = ctx;
    assert_true(seen->n < 8);
    seen->terminal_id[seen->n] = terminal_id;
    seen->batch[seen->n] = batch;
    seen->max_stan[seen->n] = max_stan;
    seen->totals[seen->n] = *totals;
    seen->n++;
    return seen->stop_after != 0 && (int)seen->n == seen->stop_after ? 7 : 0;
}

static void assert_side(const struct ps_cup_side_totals *got, int64_t debit_amount,
                        unsigned debit_count, int64_t credit_amount, unsigned credit_count)
{
    assert_int_equal(got->debit_amount, debit_amount);
    assert_int_equal(got->debit_count, debit_count);
    assert_int_equal(got->credit_amount, credit_amount);
    assert_int_equal(got->credit_count, credit_count);
    assert_int_equal(got->result, 0);
}

static void batch_totals_count_what_field_48_counts(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    static const struct {
        enum txn_kind kind;
        const char *tid;
        uint32_t batch;
        const char *status;
        int domestic;
        int64_t amount;
    } rows[] = {
        {TXN_PURCHASE, "10000001", 2, "approved", 1, 1000},   /* debit */
        {TXN_PURCHASE, "10000001", 2, "approved", 1, 2000},   /* debit */
        {TXN_PURCHASE, "10000001", 2, "voided", 1, 4000},     /* voided: out */
        {TXN_PURCHASE, "10000001", 2, "reversed", 1, 8000},   /* reversed: out */
        {TXN_PURCHASE, "10000001", 2, "declined", 1, 16000},  /* declined: out */
        {TXN_COMPLETION, "10000001", 2, "approved", 1, 300},  /* debit */
        {TXN_COMPLETION, "10000001", 2, "voided", 1, 600},    /* voided: out */
        {TXN_REFUND, "10000001", 2, "approved", 1, 50},       /* credit */
        {TXN_REFUND, "10000001", 2, "reversed", 1, 70},       /* reversed: out */
        {TXN_PREAUTH, "10000001", 2, "approved", 1, 100000},  /* holds are not sales */
        {TXN_PREAUTH, "10000001", 2, "completed", 1, 200000}, /* nor completed ones */
        {TXN_VOID, "10000001", 2, "approved", 1, 4000},       /* the void itself */
        {TXN_BALANCE, "10000001", 2, "approved", 1, 0},       /* no money */
        {TXN_PURCHASE, "10000001", 2, "approved", 0, 777},    /* foreign debit */
        {TXN_REFUND, "10000001", 2, "approved", 0, 11},       /* foreign credit */
        {TXN_PURCHASE, "10000001", 1, "approved", 1, 123},    /* an earlier batch */
        {TXN_PURCHASE, "10000002", 4, "approved", 1, 456},    /* 10000002 is at batch 5 */
        {TXN_PURCHASE, "10000003", 1, "approved", 0, 5},      /* foreign only */
        {TXN_PURCHASE, "99999999", 1, "approved", 1, 9},      /* no such terminal */
    };

    store_batch_init(&b);
    add_op(&b, STORE_TERMINAL_PUT)->u.terminal = terminal(10, "10000001", 1, 2);
    add_op(&b, STORE_TERMINAL_PUT)->u.terminal = terminal(11, "10000002", 1, 5);
    add_op(&b, STORE_TERMINAL_PUT)->u.terminal = terminal(12, "10000003", 1, 1);
    for (size_t i = 0; i < PS_ARRAY_LEN(rows); i++) {
        struct txn_row *t = &add_op(&b, STORE_TXN_INSERT)->u.txn;
        *t = txn(100 + (int64_t)i, rows[i].kind, rows[i].tid, rows[i].batch, (uint32_t)i + 1,
                 rows[i].amount, rows[i].status, i + 1);
        t->domestic = rows[i].domestic;
    }
    commit_ok(f->s, &b);

    struct totals_seen seen = {0};
    assert_int_equal(store_each_batch_total(f->s, see_totals, &seen, NULL), 0);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.terminal_id[0], 10);
    assert_int_equal(seen.batch[0], 2);
    assert_int_equal(seen.max_stan[0], 15); /* every row of the batch counts, sales or not */
    assert_int_equal(seen.max_stan[1], 0);  /* nothing in batch 5 yet */
    assert_int_equal(seen.max_stan[2], 18);
    assert_side(&seen.totals[0].domestic, 3300, 3, 50, 1);
    assert_int_equal(seen.totals[0].has_foreign, 1);
    assert_side(&seen.totals[0].foreign, 777, 1, 11, 1);
    assert_int_equal(seen.terminal_id[1], 11);
    assert_int_equal(seen.batch[1], 5);
    assert_side(&seen.totals[1].domestic, 0, 0, 0, 0);
    assert_int_equal(seen.totals[1].has_foreign, 0);
    assert_side(&seen.totals[1].foreign, 0, 0, 0, 0);
    assert_int_equal(seen.terminal_id[2], 12);
    assert_side(&seen.totals[2].domestic, 0, 0, 0, 0);
    assert_int_equal(seen.totals[2].has_foreign, 1);
    assert_side(&seen.totals[2].foreign, 5, 1, 0, 0);

    /* the callback's nonzero answer stops the walk and is returned */
    struct totals_seen stop = {.stop_after = 2};
    assert_int_equal(store_each_batch_total(f->s, see_totals, &stop, NULL), 7);
    assert_int_equal(stop.n, 2);
    store_batch_free(&b);
}

static void batch_totals_of_no_terminals_call_nothing(void **state)
{
    struct fixture *f = *state;
    struct totals_seen seen = {0};
    assert_int_equal(store_each_batch_total(f->s, see_totals, &seen, NULL), 0);
    assert_int_equal(seen.n, 0);
}

/* ---- high marks ------------------------------------------------------------------- */

static void high_marks(struct store *s, int host_id, int64_t max_id, uint64_t seq)
{
    struct store_high_marks m = {-1, 1};
    struct ps_reason why = {{0}};
    int rc = store_high_marks(s, host_id, &m, &why);
    if (rc != 0)
        print_error("store_high_marks: %s\n", why.text);
    assert_int_equal(rc, 0);
    assert_int_equal(m.max_id, max_id);
    assert_int_equal(m.max_rrn_seq, seq);
}

static void high_marks_cover_every_table_and_the_host_rrns(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;

    high_marks(f->s, 0, 0, 0);
    store_batch_init(&b);
    /* each table in turn holds the highest id */
    add_op(&b, STORE_MERCHANT_PUT)->u.merchant = merchant(5, "898310048990001");
    commit_ok(f->s, &b);
    high_marks(f->s, 0, 5, 0);
    add_op(&b, STORE_TERMINAL_PUT)->u.terminal = terminal(6, "10000001", 5, 1);
    commit_ok(f->s, &b);
    high_marks(f->s, 0, 6, 0);
    add_op(&b, STORE_CARD_PUT)->u.card = card(7, 0);
    commit_ok(f->s, &b);
    high_marks(f->s, 0, 7, 0);
    add_op(&b, STORE_HOLD_PUT)->u.hold = hold(9, 7, 8, 1);
    commit_ok(f->s, &b);
    high_marks(f->s, 0, 9, 0);
    add_op(&b, STORE_SETTLEMENT_PUT)->u.settlement.id = 10;
    commit_ok(f->s, &b);
    high_marks(f->s, 0, 10, 0);
    add_op(&b, STORE_UPLOAD_PUT)->u.upload.id = 11;
    commit_ok(f->s, &b);
    high_marks(f->s, 0, 11, 0);

    struct txn_row *t = &add_op(&b, STORE_TXN_INSERT)->u.txn;
    *t = txn(12, TXN_PURCHASE, "10000001", 1, 1, 1, "approved", 17);
    t = &add_op(&b, STORE_TXN_INSERT)->u.txn;
    *t = txn(13, TXN_PURCHASE, "10000001", 1, 2, 1, "approved", 0);
    snprintf(t->rrn, sizeof(t->rrn), "020000009999"); /* another host's */
    t = &add_op(&b, STORE_TXN_INSERT)->u.txn;
    *t = txn(14, TXN_PURCHASE, "10000001", 1, 3, 1, "approved", 9999999999u);
    t = &add_op(&b, STORE_TXN_INSERT)->u.txn;
    *t = txn(3, TXN_PURCHASE, "10000001", 1, 4, 1, "approved", 123);
    commit_ok(f->s, &b);
    /* ids of host 0's range, RRNs of hosts 1 and 2 */
    high_marks(f->s, 0, 14, 0);
    high_marks(f->s, 1, store_first_id(1), 9999999999u);
    high_marks(f->s, 2, store_first_id(2), 9999);
    high_marks(f->s, 3, store_first_id(3), 0);
    store_batch_free(&b);
}

/* Hosts sharing a database: each sees only the ids of its own range. */
static void high_marks_keep_to_the_host_id_range(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;

    store_batch_init(&b);
    add_op(&b, STORE_CARD_PUT)->u.card = card(store_first_id(1) + 41, 0);
    add_op(&b, STORE_HOLD_PUT)->u.hold = hold(store_first_id(2) + 7, 1, 8, 1);
    add_op(&b, STORE_UPLOAD_PUT)->u.upload.id = store_first_id(99) + STORE_IDS_PER_HOST - 1;
    commit_ok(f->s, &b);
    high_marks(f->s, 0, 0, 0);
    high_marks(f->s, 1, store_first_id(1) + 41, 0);
    high_marks(f->s, 2, store_first_id(2) + 7, 0);
    high_marks(f->s, 98, store_first_id(98), 0);
    high_marks(f->s, 99, INT64_C(999999999999999), 0); /* below 2^53 */
    store_batch_free(&b);
}

static void high_marks_refuse_bad_host_ids_and_rrns(void **state)
{
    struct fixture *f = *state;
    struct store_high_marks m;
    struct ps_reason why;
    static const int bad[] = {-1, 100, 1000};

    for (size_t i = 0; i < PS_ARRAY_LEN(bad); i++)
        assert_int_equal(store_high_marks(f->s, bad[i], &m, &why), PS_EINVAL);
    assert_string_equal(why.text, "store: host id 1000 is not 0 to 99");

    struct txn_row t = txn(1, TXN_PURCHASE, "10000001", 1, 1, 1, "approved", 0);
    snprintf(t.rrn, sizeof(t.rrn), "0199");
    insert(f->s, &t);
    assert_int_equal(store_high_marks(f->s, 1, &m, &why), PS_EFORMAT);
    assert_string_equal(why.text, "store: the highest RRN with prefix 01 is '0199', not 12 digits");
}

static void counts_txns(void **state)
{
    struct fixture *f = *state;
    int64_t n = -1;

    assert_int_equal(store_count_txns(f->s, &n, NULL), 0);
    assert_int_equal(n, 0);
    struct txn_row t = txn(1, TXN_PURCHASE, "10000001", 1, 1, 1, "approved", 1);
    insert(f->s, &t);
    assert_int_equal(store_count_txns(f->s, &n, NULL), 0);
    assert_int_equal(n, 1);
}

/* ---- what the store refuses to read ----------------------------------------------- */

static void rows_that_do_not_fit_are_refused_by_name(void **state)
{
    struct fixture *f = *state;
    struct txn_row got, t = txn(1, TXN_PURCHASE, "10000001", 1, 1, 1, "approved", 1);
    struct ps_reason why;
    /* the last three cannot be stored in PostgreSQL, whose column types refuse them */
    static const struct {
        const char *change;
        int rc;
        const char *reason;
    } cases[] = {
        {"UPDATE txns SET kind = 'nonsense'", PS_EFORMAT,
         "store: txns.kind: 'nonsense' is not a kind this possumd knows (id 1)"},
        {"UPDATE txns SET currency = '15600'", PS_EFORMAT,
         "store: txns.currency: 5 bytes of text, its field holds 3 (id 1)"},
        {"UPDATE txns SET batch = 5000000000", PS_EFORMAT,
         "store: txns.batch: 5000000000 does not fit its field (id 1)"},
        {"UPDATE txns SET domestic = -3000000000", PS_EFORMAT,
         "store: txns.domestic: -3000000000 does not fit its field (id 1)"},
        {"UPDATE txns SET amount = 'ten'", PS_EFORMAT,
         "store: txns.amount: stored as another type, not an integer (id 1)"},
        {"UPDATE txns SET mti = x'30323030'", PS_EFORMAT,
         "store: txns.mti: stored as another type, not text (id 1)"},
    };

    insert(f->s, &t);
    struct raw *db = raw_open(f->path);
    raw_exec(db, "CREATE TABLE saved AS SELECT * FROM txns");
    for (size_t i = 0; i < (store_is_pg() ? 3 : PS_ARRAY_LEN(cases)); i++) {
        raw_exec(db, cases[i].change);
        assert_int_equal(store_find_txn_by_rrn(f->s, "010000000001", &got, &why), cases[i].rc);
        assert_string_equal(why.text, cases[i].reason);
        raw_exec(db, "DELETE FROM txns; INSERT INTO txns SELECT * FROM saved");
    }
    assert_int_equal(store_find_txn_by_rrn(f->s, "010000000001", &got, &why), 1);
    raw_close(db);
}

/* PostgreSQL's column types refuse what the last cases above store, so here the column
 * itself is changed first (and back after): the store must still refuse a NULL, a
 * value of another type and an integer too wide, never read them as 0 or "". Each case
 * reads through a new connection, whose statements are prepared on the changed table. */
static void postgres_refuses_columns_changed_under_it(void **state)
{
    struct fixture *f = *state;
    struct txn_row got, t = txn(1, TXN_PURCHASE, "10000001", 1, 1, 1, "approved", 1);
    struct ps_reason why;
    static const struct {
        const char *change, *restore, *reason;
    } cases[] = {
        {"ALTER TABLE txns ALTER COLUMN domestic TYPE BIGINT;"
         " UPDATE txns SET domestic = -3000000000",
         "UPDATE txns SET domestic = 1; ALTER TABLE txns ALTER COLUMN domestic TYPE INTEGER",
         "store: txns.domestic: -3000000000 does not fit its field (id 1)"},
        {"ALTER TABLE txns ALTER COLUMN amount TYPE TEXT; UPDATE txns SET amount = 'ten'",
         "UPDATE txns SET amount = '1';"
         " ALTER TABLE txns ALTER COLUMN amount TYPE BIGINT USING CAST(amount AS BIGINT)",
         "store: txns.amount: stored as another type, not an integer (id 1)"},
        {"ALTER TABLE txns ALTER COLUMN mti TYPE BYTEA USING convert_to(mti, 'UTF8')",
         "ALTER TABLE txns ALTER COLUMN mti TYPE TEXT USING convert_from(mti, 'UTF8')",
         "store: txns.mti: stored as another type, not text (id 1)"},
        {"ALTER TABLE txns ALTER COLUMN mti DROP NOT NULL; UPDATE txns SET mti = NULL",
         "UPDATE txns SET mti = '0200'; ALTER TABLE txns ALTER COLUMN mti SET NOT NULL",
         "store: txns.mti: stored as NULL, not text (id 1)"},
    };

    if (!store_is_pg()) {
        print_message("skipped: PostgreSQL only (SQLite's columns hold any type)\n");
        return;
    }
    insert(f->s, &t);
    struct raw *db = raw_open(f->path);
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        raw_exec(db, cases[i].change);
        struct store *s = open_store(f->path);
        assert_int_equal(store_find_txn_by_rrn(s, "010000000001", &got, &why), PS_EFORMAT);
        assert_string_equal(why.text, cases[i].reason);
        store_close(s);
        raw_exec(db, cases[i].restore);
    }
    struct store *s = open_store(f->path);
    assert_int_equal(store_find_txn_by_rrn(s, "010000000001", &got, &why), 1);
    assert_memory_equal(&got, &t, sizeof(t));
    store_close(s);
    raw_close(db);
}

/* ---- indexes ---------------------------------------------------------------------- */

static const struct {
    enum store__stmt stmt;
    const char *index;
} index_cases[] = {
    {STORE__SQL_TXN_BY_KEY, "txns_key"},   {STORE__SQL_TXN_BY_RRN, "txns_rrn"},
    {STORE__SQL_PREAUTH, "holds_code"},    {STORE__SQL_MAX_RRN, "txns_rrn"},
    {STORE__SQL_BATCH_TOTALS, "txns_key"}, {STORE__SQL_EACH_OPEN_HOLD, "holds_held"},
    {STORE__SQL_EACH_LIVE_HOLD, "txns_key"}, {STORE__SQL_EACH_USED_PAYCODE, "txns_paycode_used"},
};

/* SQLite's plan of sql, one step per "; ". */
static void sqlite_plan(struct raw *db, const char *sql, char *plan, size_t cap)
{
    char text[4096];
    sqlite3_stmt *st = NULL;

    snprintf(text, sizeof(text), "EXPLAIN QUERY PLAN %s", sql);
    assert_int_equal(sqlite3_prepare_v2(db->db, text, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t used = strlen(plan);
        snprintf(plan + used, cap - used, "%s; ", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
}

/* PostgreSQL's plan of sql with each ? as the literal '0' (which takes its column's
 * type), its lines joined by "; ". Sequential scans are made dear, else the planner
 * rightly scans the empty tables instead of reading any index. */
static void pg_plan(struct raw *db, const char *sql, char *plan, size_t cap)
{
    char text[4096] = "EXPLAIN ";
    size_t n = strlen(text);

    for (const char *p = sql; *p != '\0' && n + 4 < sizeof(text); p++) {
        if (*p == '?') {
            memcpy(text + n, "'0'", 3);
            n += 3;
        } else {
            text[n++] = *p;
        }
    }
    text[n] = '\0';
    PGresult *res = PQexec(db->pg, text);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", text, PQresultErrorMessage(res));
    for (int r = 0; r < PQntuples(res); r++) {
        size_t used = strlen(plan);
        snprintf(plan + used, cap - used, "%s; ", PQgetvalue(res, r, 0));
    }
    PQclear(res);
}

/* Every lookup and the totals query run on an index, never a scan of the txns or holds
 * table ("SCAN holds USING INDEX holds_held" walks only the open holds: wanted). */
static void reads_use_their_indexes(void **state)
{
    struct fixture *f = *state;
    struct raw *db = raw_open(f->path);

    if (store_is_pg())
        raw_exec(db, "SET enable_seqscan = off");
    for (size_t i = 0; i < PS_ARRAY_LEN(index_cases); i++) {
        char plan[4096] = "";
        const char *sql = store__statements[index_cases[i].stmt].sql;
        if (store_is_pg())
            pg_plan(db, sql, plan, sizeof(plan));
        else
            sqlite_plan(db, sql, plan, sizeof(plan));
        if (strstr(plan, index_cases[i].index) == NULL || strstr(plan, "SCAN x; ") != NULL ||
            strstr(plan, "SCAN txns; ") != NULL || strstr(plan, "SCAN holds; ") != NULL ||
            strstr(plan, "Seq Scan on txns") != NULL || strstr(plan, "Seq Scan on holds") != NULL)
            fail_msg("%s: %s", store__statements[index_cases[i].stmt].name, plan);
    }
    raw_close(db);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(finds_by_key_the_same_content_or_the_first_answer),
        T(finds_by_rrn),
        T(finds_the_approved_preauthorization),
        T(live_holds_are_open_or_completed_in_the_open_batch),
        T(used_paycodes_are_those_of_approved_qr_purchases),
        T(fingerprints_keep_all_64_bits),
        T(batch_totals_count_what_field_48_counts),
        T(batch_totals_of_no_terminals_call_nothing),
        T(high_marks_cover_every_table_and_the_host_rrns),
        T(high_marks_keep_to_the_host_id_range),
        T(high_marks_refuse_bad_host_ids_and_rrns),
        T(counts_txns),
        T(rows_that_do_not_fit_are_refused_by_name),
        T(postgres_refuses_columns_changed_under_it),
        T(reads_use_their_indexes),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
