/* The terminal's batch: totals as field 48 counts them, and what voids, refunds,
 * completions and reversals do to the transactions they name. */
#include "fixtures.h"

#define FOREIGN_PAN "4367420000000000019"

static struct hl_record rec(enum hl_kind kind, uint32_t stan, int64_t amount, const char *pan,
                            const char *rrn)
{
    struct hl_record r;
    memset(&r, 0, sizeof(r));
    r.sent.kind = kind;
    r.sent.stan = stan;
    r.sent.amount = amount;
    snprintf(r.sent.pan, sizeof(r.sent.pan), "%s", pan);
    snprintf(r.rrn, sizeof(r.rrn), "%s", rrn);
    memcpy(r.date, "1124", 5);
    return r;
}

/* A void or refund naming the purchase with that STAN and RRN. */
static struct hl_record naming(enum hl_kind kind, uint32_t stan, int64_t amount, uint32_t orig_stan,
                               const char *orig_rrn, const char *rrn)
{
    struct hl_record r = rec(kind, stan, amount, FX_PAN, rrn);
    r.sent.has_original = orig_stan != 0;
    r.sent.orig_stan = orig_stan;
    snprintf(r.sent.rrn, sizeof(r.sent.rrn), "%s", orig_rrn);
    return r;
}

static void assert_side(const struct ps_cup_side_totals *s, int64_t debit, unsigned ndebit,
                        int64_t credit, unsigned ncredit)
{
    assert_int_equal(s->debit_amount, debit);
    assert_int_equal(s->debit_count, ndebit);
    assert_int_equal(s->credit_amount, credit);
    assert_int_equal(s->credit_count, ncredit);
}

static void purchases_debit_refunds_credit_by_side(void **state)
{
    (void)state;
    struct hl_batch b;
    struct hl_record r;

    assert_int_equal(hl_batch_init(&b, 10, NULL), 0);
    hl_batch_reset(&b, 3);
    r = rec(HL_PURCHASE, 1, 10000, FX_PAN, "000000000001");
    assert_int_equal(hl_batch_record(&b, &r), 0);
    r = rec(HL_PURCHASE, 2, 250, FOREIGN_PAN, "000000000002");
    assert_int_equal(hl_batch_record(&b, &r), 0);
    r = naming(HL_REFUND, 3, 3000, 0, "000000000001", "000000000003");
    assert_int_equal(hl_batch_record(&b, &r), 0);
    assert_side(&b.totals.domestic, 10000, 1, 3000, 1);
    assert_side(&b.totals.foreign, 250, 1, 0, 0);
    memset(&b.totals, 0, sizeof(b.totals));
    hl_batch_recount(&b);
    assert_side(&b.totals.domestic, 10000, 1, 3000, 1);
    assert_side(&b.totals.foreign, 250, 1, 0, 0);
    assert_true(b.totals.has_foreign);
    assert_int_equal(hl_batch_find_stan(&b, 1)->refunded, 3000);
    assert_int_equal(b.number, 3);
    assert_int_equal(b.count, 3);
    hl_batch_cleanup(&b);
}

static void void_takes_the_purchase_back(void **state)
{
    (void)state;
    struct hl_batch b;
    struct hl_record r;

    assert_int_equal(hl_batch_init(&b, 10, NULL), 0);
    r = rec(HL_PURCHASE, 1, 10000, FX_PAN, "000000000001");
    hl_batch_record(&b, &r);
    r = rec(HL_PURCHASE, 2, 500, FX_PAN, "000000000002");
    hl_batch_record(&b, &r);
    r = naming(HL_VOID, 3, 10000, 1, "000000000001", "000000000003");
    assert_int_equal(hl_batch_record(&b, &r), 0);
    assert_side(&b.totals.domestic, 500, 1, 0, 0);
    assert_int_equal(hl_batch_find_stan(&b, 1)->status, HL_REC_VOIDED);
    assert_int_equal(hl_batch_find_stan(&b, 3)->status, HL_REC_APPROVED);
    /* a second void of the same purchase takes nothing more */
    r = naming(HL_VOID, 4, 10000, 1, "000000000001", "000000000004");
    hl_batch_record(&b, &r);
    assert_side(&b.totals.domestic, 500, 1, 0, 0);
    hl_batch_cleanup(&b);
}

/* An approved reversal undoes its transaction; reversing a void revives the purchase. */
static void reversals_undo(void **state)
{
    (void)state;
    struct hl_batch b;
    struct hl_record r;
    struct ps_reason why;

    assert_int_equal(hl_batch_init(&b, 10, NULL), 0);
    hl_batch_reset(&b, 9);
    r = rec(HL_PURCHASE, 1, 10000, FX_PAN, "000000000001");
    hl_batch_record(&b, &r);
    r = naming(HL_REFUND, 2, 1000, 0, "000000000001", "000000000002");
    hl_batch_record(&b, &r);
    r = naming(HL_VOID, 3, 10000, 1, "000000000001", "000000000003");
    hl_batch_record(&b, &r);
    assert_side(&b.totals.domestic, 0, 0, 1000, 1);

    assert_int_equal(hl_batch_reverse(&b, 3, NULL), 0); /* the void */
    assert_side(&b.totals.domestic, 10000, 1, 1000, 1);
    assert_int_equal(hl_batch_find_stan(&b, 1)->status, HL_REC_APPROVED);
    assert_int_equal(hl_batch_reverse(&b, 2, NULL), 0); /* the refund */
    assert_side(&b.totals.domestic, 10000, 1, 0, 0);
    assert_int_equal(hl_batch_find_stan(&b, 1)->refunded, 0);
    assert_int_equal(hl_batch_reverse(&b, 1, NULL), 0); /* the purchase */
    assert_side(&b.totals.domestic, 0, 0, 0, 0);

    struct ps_cup_totals kept = b.totals;
    hl_batch_recount(&b);
    assert_memory_equal(&kept, &b.totals, sizeof(kept));
    assert_int_equal(hl_batch_reverse(&b, 1, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "batch 000009 holds no approved transaction 000001");
    assert_int_equal(hl_batch_reverse(&b, 77, NULL), PS_EUNDEFINED);
    hl_batch_cleanup(&b);
}

static void completion_uses_its_preauth(void **state)
{
    (void)state;
    struct hl_batch b;
    struct hl_record r;

    assert_int_equal(hl_batch_init(&b, 10, NULL), 0);
    r = rec(HL_PREAUTH, 1, 50000, FX_PAN, "000000000001");
    memcpy(r.auth_code, "A1B2C3", 7);
    hl_batch_record(&b, &r);
    assert_side(&b.totals.domestic, 0, 0, 0, 0); /* a hold moves no money */
    r = rec(HL_COMPLETION, 2, 45000, FX_PAN, "000000000002");
    memcpy(r.sent.auth_code, "A1B2C3", 7);
    memcpy(r.auth_code, "A1B2C3", 7);
    hl_batch_record(&b, &r);
    assert_side(&b.totals.domestic, 45000, 1, 0, 0);
    assert_int_equal(hl_batch_find_stan(&b, 1)->status, HL_REC_COMPLETED);
    r = naming(HL_COMPLETION_VOID, 3, 45000, 2, "000000000002", "000000000003");
    memcpy(r.sent.auth_code, "A1B2C3", 7);
    hl_batch_record(&b, &r);
    assert_side(&b.totals.domestic, 0, 0, 0, 0);
    hl_batch_recount(&b);
    assert_side(&b.totals.domestic, 0, 0, 0, 0);
    assert_int_equal(hl_batch_find_stan(&b, 2)->status, HL_REC_VOIDED);
    assert_int_equal(hl_batch_reverse(&b, 2, NULL), PS_EUNDEFINED); /* voided, not approved */
    assert_int_equal(hl_batch_reverse(&b, 3, NULL), 0); /* the completion counts again */
    assert_side(&b.totals.domestic, 45000, 1, 0, 0);
    assert_int_equal(hl_batch_reverse(&b, 2, NULL), 0); /* and the hold is back */
    assert_int_equal(hl_batch_find_stan(&b, 1)->status, HL_REC_APPROVED);
    assert_side(&b.totals.domestic, 0, 0, 0, 0);
    hl_batch_cleanup(&b);
}

static void full_batch_refuses_and_reset_empties(void **state)
{
    (void)state;
    struct hl_batch b;
    struct hl_record r = rec(HL_PURCHASE, 1, 100, FX_PAN, "000000000001");

    assert_int_equal(hl_batch_init(&b, 2, NULL), 0);
    assert_int_equal(hl_batch_record(&b, &r), 0);
    r.sent.stan = 2;
    assert_int_equal(hl_batch_record(&b, &r), 0);
    assert_true(hl_batch_full(&b));
    r.sent.stan = 3;
    assert_int_equal(hl_batch_record(&b, &r), HL_BATCH_FULL);
    assert_side(&b.totals.domestic, 200, 2, 0, 0);
    assert_null(hl_batch_find_stan(&b, 3));
    b.settled = 1;
    hl_batch_reset(&b, 4);
    assert_false(hl_batch_full(&b));
    assert_false(b.settled);
    assert_int_equal(b.number, 4);
    assert_side(&b.totals.domestic, 0, 0, 0, 0);
    assert_null(hl_batch_find_rrn(&b, "000000000001"));
    hl_batch_cleanup(&b);
    hl_batch_cleanup(&b); /* twice is harmless */
}

static void uploads_only_live_sales_and_refunds(void **state)
{
    (void)state;
    struct hl_batch b;
    struct hl_record r;

    assert_int_equal(hl_batch_init(&b, 10, NULL), 0);
    r = rec(HL_PURCHASE, 1, 100, FX_PAN, "000000000001");
    hl_batch_record(&b, &r);
    r = rec(HL_PURCHASE, 2, 200, FX_PAN, "000000000002");
    hl_batch_record(&b, &r);
    r = naming(HL_VOID, 3, 200, 2, "000000000002", "000000000003");
    hl_batch_record(&b, &r);
    r = naming(HL_REFUND, 4, 50, 0, "000000000001", "000000000004");
    hl_batch_record(&b, &r);
    assert_true(hl_record_uploads(&b.records[0]));
    assert_false(hl_record_uploads(&b.records[1])); /* voided */
    assert_false(hl_record_uploads(&b.records[2])); /* the void itself */
    assert_true(hl_record_uploads(&b.records[3]));
    assert_true(hl_pan_is_domestic("6258070000000000011"));
    assert_false(hl_pan_is_domestic(FOREIGN_PAN));
    hl_batch_cleanup(&b);
}

/* QR payments (docs/protocol.md, "QR payments") have no PAN and count as domestic:
 * purchase, refund, void and reversal alike, and after a recount. */
static void qr_payments_count_as_domestic(void **state)
{
    (void)state;
    struct hl_batch b;
    struct hl_record r;

    assert_int_equal(hl_batch_init(&b, 10, NULL), 0);
    r = rec(HL_PURCHASE, 1, 1000, "", "010000000001");
    memcpy(r.sent.paycode, "134567890123456789", 19);
    assert_true(hl_message_is_domestic(&r.sent));
    hl_batch_record(&b, &r);
    r = rec(HL_PURCHASE, 2, 700, "", "010000000002");
    memcpy(r.sent.paycode, "281234567890123456", 19);
    hl_batch_record(&b, &r);
    r = naming(HL_REFUND, 3, 200, 0, "010000000001", "010000000003");
    memset(r.sent.pan, 0, sizeof(r.sent.pan));
    memcpy(r.sent.paycode, "134567890123456789", 19);
    hl_batch_record(&b, &r);
    assert_side(&b.totals.domestic, 1700, 2, 200, 1);
    assert_side(&b.totals.foreign, 0, 0, 0, 0);
    r = naming(HL_VOID, 4, 700, 2, "010000000002", "010000000004");
    memset(r.sent.pan, 0, sizeof(r.sent.pan));
    memcpy(r.sent.paycode, "281234567890123456", 19);
    hl_batch_record(&b, &r);
    assert_side(&b.totals.domestic, 1000, 1, 200, 1);
    assert_int_equal(hl_batch_reverse(&b, 3, NULL), 0);
    assert_side(&b.totals.domestic, 1000, 1, 0, 0);
    hl_batch_recount(&b);
    assert_side(&b.totals.domestic, 1000, 1, 0, 0);
    assert_side(&b.totals.foreign, 0, 0, 0, 0);
    hl_batch_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(purchases_debit_refunds_credit_by_side),
        cmocka_unit_test(void_takes_the_purchase_back),
        cmocka_unit_test(reversals_undo),
        cmocka_unit_test(completion_uses_its_preauth),
        cmocka_unit_test(full_batch_refuses_and_reset_empties),
        cmocka_unit_test(uploads_only_live_sales_and_refunds),
        cmocka_unit_test(qr_payments_count_as_domestic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
