/* Paying a sale: cash and change, split tenders, pending card and QR payments approved
 * or declined, and everything a cashier must not be able to do. */
#include "testing.h"

#include "pos/sale/tender.h"

static struct pos_tender_state state_of(const struct pos_tenders *t)
{
    struct pos_tender_state s;
    pos_tenders_state(t, &s);
    return s;
}

static void cash_gives_change(void **state)
{
    (void)state;
    struct pos_tenders t;
    struct ps_reason why;
    size_t at = 99;
    assert_int_equal(pos_tenders_init(&t, 8888, &why), 0);
    struct pos_tender_state s = state_of(&t);
    assert_int_equal(s.due, 8888);
    assert_int_equal(s.remaining, 8888);
    assert_false(s.complete);

    /* 100.00 for 88.88: 11.12 back */
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 10000, &at, &why), 0);
    assert_int_equal(at, 0);
    assert_int_equal(t.tender[0].status, POS_TENDER_APPROVED);
    s = state_of(&t);
    assert_int_equal(s.paid, 10000);
    assert_int_equal(s.remaining, 0);
    assert_int_equal(s.change, 1112);
    assert_true(s.complete);
    assert_int_equal(pos_tenders_applied(&t, 0), 8888);

    /* complete: the tenders are final */
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 1, NULL, &why), PS_EINVAL);
    assert_string_equal(why.text, "tender: the sale is paid; nothing remains");
    assert_int_equal(pos_tenders_remove(&t, 0, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "tenders are final"));
}

static void a_sale_split_over_card_qr_and_cash(void **state)
{
    (void)state;
    struct pos_tenders t;
    struct ps_reason why;
    size_t card = 99, qr = 99;
    assert_int_equal(pos_tenders_init(&t, 10000, &why), 0);

    /* 60.00 by card: pending until the host answers */
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CARD, 6000, &card, &why), 0);
    struct pos_tender_state s = state_of(&t);
    assert_int_equal(s.pending, 6000);
    assert_int_equal(s.paid, 0);
    assert_int_equal(s.remaining, 4000);
    assert_false(s.complete);
    /* one at a time */
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 4000, NULL, &why), PS_EINVAL);
    assert_string_equal(why.text, "tender 1 (card) is waiting for its answer");
    assert_int_equal(pos_tenders_approve(&t, card, "000123456789", &why), 0);
    assert_string_equal(t.tender[card].reference, "000123456789");
    s = state_of(&t);
    assert_int_equal(s.paid, 6000);
    assert_int_equal(s.remaining, 4000);

    /* a QR payment may not pass the 40.00 that remains */
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_QR, 5000, NULL, &why), PS_EINVAL);
    assert_string_equal(why.text,
                        "QR: 50.00 is more than the 40.00 that remains (only cash gives change)");
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_QR, 4000, &qr, &why), 0);
    assert_int_equal(qr, 1);
    /* declined: removed, and 40.00 remains again */
    assert_int_equal(pos_tenders_remove(&t, qr, &why), 0);
    s = state_of(&t);
    assert_int_equal(s.remaining, 4000);
    assert_int_equal(t.n, 1);

    /* 20.00 cash, then 50.00 cash: 60 + 20 + 50 = 130.00 paid, 30.00 back */
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 2000, NULL, &why), 0);
    s = state_of(&t);
    assert_int_equal(s.remaining, 2000);
    assert_int_equal(s.change, 0);
    assert_false(s.complete);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 5000, NULL, &why), 0);
    s = state_of(&t);
    assert_int_equal(s.paid, 13000);
    assert_int_equal(s.change, 3000);
    assert_int_equal(s.remaining, 0);
    assert_true(s.complete);

    /* what each paid toward the 100.00: 60 + 20 + (50 - 30 change) */
    assert_int_equal(pos_tenders_applied(&t, 0), 6000);
    assert_int_equal(pos_tenders_applied(&t, 1), 2000);
    assert_int_equal(pos_tenders_applied(&t, 2), 2000);
    assert_int_equal(pos_tenders_applied(&t, 3), 0); /* no such tender */
}

static void a_card_for_exactly_what_remains_completes(void **state)
{
    (void)state;
    struct pos_tenders t;
    struct ps_reason why;
    size_t at;
    assert_int_equal(pos_tenders_init(&t, 4975, &why), 0);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CARD, 4976, NULL, &why), PS_EINVAL);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CARD, 4975, &at, &why), 0);
    assert_false(state_of(&t).complete); /* pending */
    assert_int_equal(pos_tenders_applied(&t, at), 0);
    assert_int_equal(pos_tenders_approve(&t, at, NULL, &why), 0);
    struct pos_tender_state s = state_of(&t);
    assert_true(s.complete);
    assert_int_equal(s.change, 0);
    assert_string_equal(t.tender[0].reference, "");
}

static void cash_keyed_by_mistake_can_be_taken_back_before_completion(void **state)
{
    (void)state;
    struct pos_tenders t;
    struct ps_reason why;
    assert_int_equal(pos_tenders_init(&t, 5000, &why), 0);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 1000, NULL, &why), 0);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 200, NULL, &why), 0);
    assert_int_equal(pos_tenders_remove(&t, 0, &why), 0); /* the later one moves up */
    assert_int_equal(t.n, 1);
    assert_int_equal(t.tender[0].amount, 200);
    assert_int_equal(state_of(&t).remaining, 4800);
}

static void refuses_what_a_cashier_must_not_do(void **state)
{
    (void)state;
    struct pos_tenders t;
    struct ps_reason why;
    char long_ref[POS_TENDER_REF_MAX + 2];
    memset(long_ref, '7', sizeof(long_ref) - 1);
    long_ref[sizeof(long_ref) - 1] = '\0';

    assert_int_equal(pos_tenders_init(&t, -1, &why), PS_EINVAL);
    assert_int_equal(pos_tenders_init(&t, 1000, &why), 0);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 0, NULL, &why), PS_EINVAL);
    assert_string_equal(why.text, "cash: the amount must be above 0");
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CARD, -5, NULL, &why), PS_EINVAL);
    assert_int_equal(pos_tenders_add(&t, (enum pos_tender_kind)9, 5, NULL, &why), PS_EINVAL);
    assert_int_equal(pos_tenders_approve(&t, 0, "x", &why), PS_EINVAL); /* none yet */
    assert_int_equal(pos_tenders_remove(&t, 0, &why), PS_EINVAL);

    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 100, NULL, &why), 0);
    assert_int_equal(pos_tenders_approve(&t, 0, "x", &why), PS_EINVAL); /* cash is not pending */
    assert_non_null(strstr(why.text, "not waiting for an answer"));
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_QR, 100, NULL, &why), 0);
    assert_int_equal(pos_tenders_approve(&t, 1, long_ref, &why), PS_ETOOLONG);
    assert_int_equal(t.tender[1].status, POS_TENDER_PENDING);
    assert_int_equal(pos_tenders_approve(&t, 1, long_ref + 1, &why), 0); /* exactly 40 */
    assert_int_equal(strlen(t.tender[1].reference), POS_TENDER_REF_MAX);
    assert_int_equal(state_of(&t).paid, 200);

    /* at most POS_TENDERS_MAX on one sale */
    for (int i = 2; i < POS_TENDERS_MAX; i++)
        assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 1, NULL, &why), 0);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 1, NULL, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "at most 8 tenders"));
    assert_string_equal(pos_tender_kind_name(POS_TENDER_QR), "QR");
    assert_string_equal(pos_tender_kind_name((enum pos_tender_kind)0), "unknown");
}

static void a_free_sale_is_complete_at_once(void **state)
{
    (void)state;
    struct pos_tenders t;
    struct ps_reason why;
    assert_int_equal(pos_tenders_init(&t, 0, &why), 0);
    struct pos_tender_state s = state_of(&t);
    assert_true(s.complete);
    assert_int_equal(s.remaining, 0);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 100, NULL, &why), PS_EINVAL);
}

static void overflowing_tenders_are_refused(void **state)
{
    (void)state;
    struct pos_tenders t;
    struct ps_reason why;
    assert_int_equal(pos_tenders_init(&t, INT64_MAX, &why), 0);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, INT64_MAX - 5, NULL, &why), 0);
    assert_int_equal(state_of(&t).remaining, 5);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 10, NULL, &why), PS_EOVERFLOW);
    assert_int_equal(t.n, 1);
    assert_int_equal(pos_tenders_add(&t, POS_TENDER_CASH, 5, NULL, &why), 0);
    struct pos_tender_state s = state_of(&t);
    assert_true(s.complete);
    assert_int_equal(s.paid, INT64_MAX);
    assert_int_equal(s.change, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cash_gives_change),
        cmocka_unit_test(a_sale_split_over_card_qr_and_cash),
        cmocka_unit_test(a_card_for_exactly_what_remains_completes),
        cmocka_unit_test(cash_keyed_by_mistake_can_be_taken_back_before_completion),
        cmocka_unit_test(refuses_what_a_cashier_must_not_do),
        cmocka_unit_test(a_free_sale_is_complete_at_once),
        cmocka_unit_test(overflowing_tenders_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
