/* Every renderer refuses input that is incomplete or does not add up, naming the field
 * (pos/receipt/validate.h, and the layout functions that call it). */
#include "fixtures.h"

/* ---- receipts: one change to a valid card or cash sale, and what is said --------- */

typedef void (*mutation)(struct fx_sale *s);

/* One line per mutation, so that they read as the table they are. */
/* clang-format off */
static void no_merchant(struct fx_sale *s) { s->r.header.merchant_name = NULL; }
static void bell_in_merchant(struct fx_sale *s) { s->r.header.merchant_name = "星河\a"; }
static void short_mid(struct fx_sale *s) { s->r.header.mid = "12345"; }
static void dash_in_tid(struct fx_sale *s) { s->r.header.tid = "2024-501"; }
static void no_operator(struct fx_sale *s) { s->r.header.operator_no = ""; }
static void big_batch(struct fx_sale *s) { s->r.header.batch = 1000000; }
static void no_trace(struct fx_sale *s) { s->r.header.trace = 0; }
static void feb_30(struct fx_sale *s) { s->r.header.when.month = 2, s->r.header.when.day = 30; }
static void hour_24(struct fx_sale *s) { s->r.header.when.hour = 24; }
static void negative_qty(struct fx_sale *s) { s->items[1].quantity = -1350; }
static void unnamed_item(struct fx_sale *s) { s->items[0].name = NULL; }
static void wrong_amount(struct fx_sale *s) { s->items[0].amount = 401; }
static void big_discount(struct fx_sale *s) { s->items[1].discount = 1729; }
static void negative_price(struct fx_sale *s) { s->items[2].unit_price = -350; }
static void wrong_gross(struct fx_sale *s) { s->r.totals.gross = 3177; }
static void wrong_total(struct fx_sale *s) { s->r.totals.total = 3000; }
static void tax_over_100(struct fx_sale *s) { s->taxes[0].rate_bp = 10001; }
static void items_missing(struct fx_sale *s) { s->r.items = NULL; }
static void too_many_items(struct fx_sale *s) { s->r.item_count = RCPT_ITEMS_MAX + 1; }
static void bad_kind(struct fx_sale *s) { s->r.kind = 0; }
static void bad_copy(struct fx_sale *s) { s->r.copy = 0; }
static void bad_lang(struct fx_sale *s) { s->r.lang = 7; }
static void bad_footer(struct fx_sale *s) { s->r.footer = "thanks\xff"; }
static void sale_with_original(struct fx_sale *s) { s->r.original.trace = 99; }
static void underpaid(struct fx_sale *s) { s->tenders[0].amount = 3000; }
static void no_tender(struct fx_sale *s) { s->r.tender_count = 0; }
static void tender_kind_0(struct fx_sale *s) { s->tenders[0].kind = 0; }
static void wrong_change(struct fx_sale *s) { s->tenders[0].cash.change = 1900; }
static void given_short(struct fx_sale *s) { s->tenders[0].cash.given = 3000; }

/* Card mutations start from the card sale. */
static void no_rrn(struct fx_sale *s) { s->tenders[0].card.rrn = NULL; }
static void short_rrn(struct fx_sale *s) { s->tenders[0].card.rrn = "41234567890"; }
static void short_pan(struct fx_sale *s) { s->tenders[0].card.pan = "622202123456"; }
static void no_pan(struct fx_sale *s) { s->tenders[0].card.pan = NULL; }
static void card_kind_0(struct fx_sale *s) { s->tenders[0].card.kind = 0; }
static void refund_pays_sale(struct fx_sale *s) { s->tenders[0].card.txn = RCPT_TXN_REFUND; }
static void card_trace_0(struct fx_sale *s) { s->tenders[0].card.trace = 0; }
static void long_auth(struct fx_sale *s) { s->tenders[0].card.auth_code = "1234567"; }
static void qr_spaced(struct fx_sale *s)
{
    s->tenders[0] = (struct rcpt_tender){.kind = RCPT_TENDER_QR, .amount = 3078,
                                         .qr = {.scheme = RCPT_QR_ALIPAY, .reference = "42 00"}};
}
static void qr_code_in_clear(struct fx_sale *s)
{
    s->tenders[0] = (struct rcpt_tender){
        .kind = RCPT_TENDER_QR,
        .amount = 3078,
        .qr = {.scheme = RCPT_QR_WECHAT, .reference = "4200", .code = "134567890123456789"}};
}
static void qr_no_scheme(struct fx_sale *s)
{
    s->tenders[0] = (struct rcpt_tender){.kind = RCPT_TENDER_QR, .amount = 3078,
                                         .qr = {.reference = "4200"}};
}

/* Void and refund mutations start from those. */
static void void_no_original(struct fx_sale *s) { s->r.original.trace = 0; }
static void refund_no_rrn(struct fx_sale *s) { s->r.original.rrn = NULL; }
static void void_by_purchase(struct fx_sale *s) { s->tenders[0].card.txn = RCPT_TXN_PURCHASE; }
static void cash_refund_with_change(struct fx_sale *s)
{
    s->tenders[0] = (struct rcpt_tender){.kind = RCPT_TENDER_CASH, .amount = 1628,
                                         .cash = {.given = 2000, .change = 372}};
}
/* clang-format on */

enum base { CASH_SALE, CARD_SALE, CARD_VOID, CARD_REFUND };

static const struct {
    enum base base;
    mutation change;
    int rc;
    const char *reason;
} receipt_cases[] = {
    {CASH_SALE, no_merchant, PS_EFORMAT, "header: merchant name is missing"},
    {CASH_SALE, bell_in_merchant, PS_EFORMAT,
     "header: merchant name: control character U+0007 at offset 6 cannot be printed"},
    {CASH_SALE, short_mid, PS_EFORMAT,
     "header: MID must be 15 letters or digits, not 5 characters"},
    {CASH_SALE, dash_in_tid, PS_EFORMAT,
     "header: TID: character 5 is not one of the letters or digits allowed"},
    {CASH_SALE, no_operator, PS_EFORMAT, "header: operator number is missing"},
    {CASH_SALE, big_batch, PS_EINVAL, "header: batch number 1000000 has more than 6 digits"},
    {CASH_SALE, no_trace, PS_EINVAL, "header: trace number 0 is outside 1..999999"},
    {CASH_SALE, feb_30, PS_EINVAL, "header: date and time: 2024-02 has no day 30"},
    {CASH_SALE, hour_24, PS_EINVAL, "header: date and time: 24:34:56 is not a time of day"},
    {CASH_SALE, negative_qty, PS_EINVAL, "item 2: quantity -1.35 is not above zero"},
    {CASH_SALE, unnamed_item, PS_EFORMAT, "item 1: name is missing"},
    {CASH_SALE, wrong_amount, PS_EINVAL,
     "item 1: amount 4.01 is not quantity 2 x unit price 2.00 = 4.00"},
    {CASH_SALE, big_discount, PS_EINVAL, "item 2: discount is more than the amount"},
    {CASH_SALE, negative_price, PS_EINVAL,
     "item 3: unit price -3.50 is negative (the kind of receipt gives the sign)"},
    {CASH_SALE, wrong_gross, PS_EINVAL, "totals: gross 31.77 is not the items' sum 31.78"},
    {CASH_SALE, wrong_total, PS_EINVAL,
     "totals: total 30.00 is not gross 31.78 less discount 1.00"},
    {CASH_SALE, tax_over_100, PS_EINVAL, "tax 1: rate 10001 bp is above 100%"},
    {CASH_SALE, items_missing, PS_EINVAL, "receipt: 3 items but no array"},
    {CASH_SALE, too_many_items, PS_ETOOLONG, "receipt: 1001 items, more than 1000"},
    {CASH_SALE, bad_kind, PS_EUNDEFINED, "receipt: kind 0 is not sale, void or refund"},
    {CASH_SALE, bad_copy, PS_EUNDEFINED, "receipt: copy 0 is not merchant or customer"},
    {CASH_SALE, bad_lang, PS_EUNDEFINED, "language 7 is neither Chinese (0) nor English (1)"},
    {CASH_SALE, bad_footer, PS_EFORMAT, "footer: byte 0xFF at offset 6 is not valid UTF-8"},
    {CASH_SALE, sale_with_original, PS_EINVAL, "original: a sale goes back to no original"},
    {CASH_SALE, underpaid, PS_EINVAL,
     "tender 1 (cash): change 19.22 is not given less amount (20.00)"},
    {CASH_SALE, no_tender, PS_EINVAL, "tenders: they pay 0.00 of a total of 30.78"},
    {CASH_SALE, tender_kind_0, PS_EUNDEFINED, "tender 1: kind 0 is not cash, card or QR"},
    {CASH_SALE, wrong_change, PS_EINVAL,
     "tender 1 (cash): change 19.00 is not given less amount (19.22)"},
    {CASH_SALE, given_short, PS_EINVAL, "tender 1 (cash): given is less than the amount"},
    {CARD_SALE, no_rrn, PS_EFORMAT, "tender 1 (card): RRN is missing"},
    {CARD_SALE, short_rrn, PS_EFORMAT,
     "tender 1 (card): RRN must be 12 letters or digits, not 11 characters"},
    {CARD_SALE, short_pan, PS_EFORMAT,
     "tender 1 (card): card number has 12 characters; 13 to 19 expected"},
    {CARD_SALE, no_pan, PS_EFORMAT, "tender 1 (card): card number is missing"},
    {CARD_SALE, card_kind_0, PS_EUNDEFINED,
     "tender 1 (card): card kind 0 is not debit, credit, quasi-credit or prepaid"},
    {CARD_SALE, refund_pays_sale, PS_EINVAL,
     "tender 1 (card): a refund does not pay a sale receipt"},
    {CARD_SALE, card_trace_0, PS_EINVAL, "tender 1 (card): trace number 0 is outside 1..999999"},
    {CARD_SALE, long_auth, PS_EFORMAT,
     "tender 1 (card): authorization code must be 1 to 6 letters or digits, not over 6 characters"},
    {CARD_SALE, qr_spaced, PS_EFORMAT,
     "tender 1 (QR): payment reference character 3 is not printable ASCII"},
    {CARD_SALE, qr_code_in_clear, PS_EFORMAT,
     "tender 1 (QR): the payment code must be masked: digits and '*', at most 24"},
    {CARD_SALE, qr_no_scheme, PS_EUNDEFINED,
     "tender 1 (QR): scheme 0 is not WeChat, Alipay or UnionPay"},
    {CARD_VOID, void_no_original, PS_EINVAL, "original: a void needs the original trace number"},
    {CARD_VOID, void_by_purchase, PS_EINVAL,
     "tender 1 (card): a purchase does not pay a void receipt"},
    {CARD_REFUND, refund_no_rrn, PS_EINVAL, "original: a refund to a card needs the original RRN"},
    {CARD_REFUND, cash_refund_with_change, PS_EINVAL,
     "tender 1 (cash): cash paid back has no given or change"},
};

static struct rcpt_receipt *build(enum base base, struct fx_sale *s)
{
    switch (base) {
    case CASH_SALE:
        return fx_cash_sale(s, RCPT_LANG_ZH);
    case CARD_SALE:
        return fx_card_sale(s, RCPT_LANG_ZH, RCPT_COPY_MERCHANT);
    case CARD_VOID:
        return fx_card_void(s, RCPT_LANG_ZH);
    case CARD_REFUND:
        return fx_card_refund(s, RCPT_LANG_ZH);
    }
    return NULL;
}

static void the_fixtures_are_valid(void **state)
{
    (void)state;
    for (int base = CASH_SALE; base <= CARD_REFUND; base++) {
        struct fx_sale s;
        struct ps_reason why = {""};
        if (rcpt_receipt_validate(build(base, &s), &why) != 0)
            fail_msg("fixture %d: %s", base, why.text);
    }
}

/* Each case through the validator, and through the layout, which must refuse it the
 * same way and leave the document empty. */
static void receipts_name_what_is_wrong(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    rcpt_doc_init(&doc);
    for (size_t i = 0; i < PS_ARRAY_LEN(receipt_cases); i++) {
        struct fx_sale s;
        struct ps_reason why = {""};
        struct rcpt_receipt *r = build(receipt_cases[i].base, &s);
        receipt_cases[i].change(&s);
        int rc = rcpt_receipt_validate(r, &why);
        if (rc != receipt_cases[i].rc || strcmp(why.text, receipt_cases[i].reason) != 0)
            fail_msg("case %zu: got %d \"%s\", want %d \"%s\"", i, rc, why.text,
                     receipt_cases[i].rc, receipt_cases[i].reason);
        assert_int_equal(rcpt_layout_receipt(&s.r, 32, &doc, &why), receipt_cases[i].rc);
        assert_string_equal(why.text, receipt_cases[i].reason);
        assert_int_equal(doc.count, 0);
    }
    rcpt_doc_cleanup(&doc);
}

static void widths_outside_the_paper_are_refused(void **state)
{
    (void)state;
    struct fx_sale s;
    struct rcpt_doc doc;
    struct ps_reason why;
    struct rcpt_settlement st = fx_settlement(RCPT_LANG_ZH, 1);
    struct rcpt_xreport x = fx_xreport(RCPT_LANG_ZH);
    rcpt_doc_init(&doc);
    assert_int_equal(rcpt_layout_receipt(fx_cash_sale(&s, RCPT_LANG_ZH), 31, &doc, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "width: 31 columns is outside 32..64");
    assert_int_equal(rcpt_layout_settlement(&st, 65, &doc, &why), PS_EINVAL);
    assert_int_equal(rcpt_layout_xreport(&x, 0, &doc, &why), PS_EINVAL);
    assert_int_equal(rcpt_layout_receipt(fx_cash_sale(&s, RCPT_LANG_ZH), 42, &doc, &why), 0);
    rcpt_doc_cleanup(&doc);
}

/* ---- settlement slips and X reports -------------------------------------------- */

static void settlement_counts_must_make_sense(void **state)
{
    (void)state;
    struct ps_reason why;
    struct rcpt_settlement s = fx_settlement(RCPT_LANG_ZH, 1);
    assert_int_equal(rcpt_settlement_validate(&s, &why), 0);

    s.domestic.refunds.amount = -1;
    assert_int_equal(rcpt_settlement_validate(&s, &why), PS_EINVAL);
    assert_string_equal(why.text,
                        "domestic refunds -0.01 is negative (the kind of receipt gives the sign)");
    s = fx_settlement(RCPT_LANG_ZH, 1);
    s.foreign.voids.amount = 500;
    assert_int_equal(rcpt_settlement_validate(&s, &why), PS_EINVAL);
    assert_string_equal(why.text, "foreign voids: an amount without a transaction");
    s = fx_settlement(RCPT_LANG_ZH, 1);
    s.header.tid = NULL;
    assert_int_equal(rcpt_settlement_validate(&s, &why), PS_EFORMAT);
    assert_string_equal(why.text, "header: TID is missing");
    s = fx_settlement(RCPT_LANG_ZH, 1);
    s.header.trace = 0; /* a slip needs no trace number */
    assert_int_equal(rcpt_settlement_validate(&s, &why), 0);
}

static void xreport_period_and_totals(void **state)
{
    (void)state;
    struct ps_reason why;
    struct rcpt_doc doc;
    struct rcpt_xreport x = fx_xreport(RCPT_LANG_ZH);
    rcpt_doc_init(&doc);
    assert_int_equal(rcpt_xreport_validate(&x, &why), 0);

    x.since = (struct rcpt_datetime){2024, 5, 1, 15, 30, 1};
    assert_int_equal(rcpt_xreport_validate(&x, &why), PS_EINVAL);
    assert_string_equal(why.text, "since: the period starts after the report's time");
    x = fx_xreport(RCPT_LANG_ZH);
    x.since.year = 1999;
    assert_int_equal(rcpt_xreport_validate(&x, &why), PS_EINVAL);
    assert_string_equal(why.text, "since: year 1999 is outside 2000..2099");
    x = fx_xreport(RCPT_LANG_ZH);
    x.qr.refunds.count = 1;
    x.qr.refunds.amount = -5;
    assert_int_equal(rcpt_xreport_validate(&x, &why), PS_EINVAL);
    assert_string_equal(why.text,
                        "QR refunds -0.05 is negative (the kind of receipt gives the sign)");

    /* each figure fits, their sum does not */
    x = fx_xreport(RCPT_LANG_ZH);
    x.cash.sales.amount = INT64_MAX;
    x.card.sales.amount = INT64_MAX;
    assert_int_equal(rcpt_layout_xreport(&x, 32, &doc, &why), PS_EOVERFLOW);
    assert_string_equal(why.text, "layout: the net total overflows");
    assert_int_equal(doc.count, 0);
    rcpt_doc_cleanup(&doc);
}

/* ---- pre-authorization slips ----------------------------------------------------- */

/* clang-format off */
static void held_nothing(struct rcpt_preauth *p) { p->amount = 0; }
static void held_negative(struct rcpt_preauth *p) { p->amount = -1; }
static void preauth_no_trace(struct rcpt_preauth *p) { p->header.trace = 0; }
static void preauth_copy_0(struct rcpt_preauth *p) { p->copy = 0; }
static void preauth_as_purchase(struct rcpt_preauth *p) { p->card.txn = RCPT_TXN_PURCHASE; }
static void preauth_no_auth(struct rcpt_preauth *p) { p->card.auth_code = NULL; }
static void preauth_no_rrn(struct rcpt_preauth *p) { p->card.rrn = ""; }
static void preauth_txn_6(struct rcpt_preauth *p) { p->card.txn = 6; }
static void preauth_bad_footer(struct rcpt_preauth *p) { p->footer = "\x1b"; }
/* clang-format on */

static const struct {
    void (*change)(struct rcpt_preauth *p);
    int rc;
    const char *reason;
} preauth_cases[] = {
    {held_nothing, PS_EINVAL, "pre-authorization: amount held is not above zero"},
    {held_negative, PS_EINVAL,
     "pre-authorization: amount held -0.01 is negative (the kind of receipt gives the sign)"},
    {preauth_no_trace, PS_EINVAL, "header: trace number 0 is outside 1..999999"},
    {preauth_copy_0, PS_EUNDEFINED, "pre-authorization: copy 0 is not merchant or customer"},
    {preauth_as_purchase, PS_EINVAL, "card: transaction type 1 is not a pre-authorization"},
    {preauth_no_auth, PS_EFORMAT, "card: authorization code is missing"},
    {preauth_no_rrn, PS_EFORMAT, "card: RRN is missing"},
    {preauth_txn_6, PS_EUNDEFINED, "card: transaction type 6 is undefined"},
    {preauth_bad_footer, PS_EFORMAT,
     "footer: control character U+001B at offset 0 cannot be printed"},
};

/* Each case through the validator and the layout, which leaves the document empty. */
static void preauth_slips_name_what_is_wrong(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct ps_reason why = {""};
    struct rcpt_preauth p = fx_preauth(RCPT_LANG_ZH, RCPT_COPY_MERCHANT);
    rcpt_doc_init(&doc);
    assert_int_equal(rcpt_preauth_validate(&p, &why), 0);
    for (size_t i = 0; i < PS_ARRAY_LEN(preauth_cases); i++) {
        p = fx_preauth(RCPT_LANG_ZH, RCPT_COPY_MERCHANT);
        preauth_cases[i].change(&p);
        int rc = rcpt_preauth_validate(&p, &why);
        if (rc != preauth_cases[i].rc || strcmp(why.text, preauth_cases[i].reason) != 0)
            fail_msg("case %zu: got %d \"%s\", want %d \"%s\"", i, rc, why.text,
                     preauth_cases[i].rc, preauth_cases[i].reason);
        assert_int_equal(rcpt_layout_preauth(&p, 32, &doc, &why), preauth_cases[i].rc);
        assert_string_equal(why.text, preauth_cases[i].reason);
        assert_int_equal(doc.count, 0);
    }
    rcpt_doc_cleanup(&doc);
}

/* A pre-authorization pays no receipt: the completion does. */
static void a_preauth_does_not_pay_a_sale(void **state)
{
    (void)state;
    struct fx_sale s;
    struct ps_reason why;
    fx_card_sale(&s, RCPT_LANG_ZH, RCPT_COPY_MERCHANT);
    s.tenders[0].card.txn = RCPT_TXN_PREAUTH;
    assert_int_equal(rcpt_receipt_validate(&s.r, &why), PS_EINVAL);
    assert_string_equal(why.text,
                        "tender 1 (card): a pre-authorization does not pay a sale receipt");
    s.tenders[0].card.txn = RCPT_TXN_COMPLETION;
    assert_int_equal(rcpt_receipt_validate(&s.r, &why), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_fixtures_are_valid),
        cmocka_unit_test(receipts_name_what_is_wrong),
        cmocka_unit_test(widths_outside_the_paper_are_refused),
        cmocka_unit_test(settlement_counts_must_make_sense),
        cmocka_unit_test(xreport_period_and_totals),
        cmocka_unit_test(preauth_slips_name_what_is_wrong),
        cmocka_unit_test(a_preauth_does_not_pay_a_sale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
