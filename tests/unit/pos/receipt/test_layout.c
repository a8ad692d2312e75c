/* What every laid-out receipt promises, whatever its content: lines fit the paper,
 * PANs are masked, signatures and the drawer go where they belong, money going back
 * shows as negative (pos/receipt/layout.h, doc.h, text.h, labels.h). */
#include "fixtures.h"

#include <stdio.h>

#include "pos/receipt/labels.h"
#include "pos/receipt/utf8.h"

/* Lays r out and renders it as text into out (NUL-terminated), failing on error. */
static void receipt_text(const struct rcpt_receipt *r, size_t width, struct rcpt_doc *doc,
                         struct rcpt_buf *out)
{
    struct ps_reason why = {""};
    if (rcpt_layout_receipt(r, width, doc, &why) != 0)
        fail_msg("layout: %s", why.text);
    rcpt_buf_clear(out);
    assert_int_equal(rcpt_text_render(doc, out, &why), 0);
}

/* The pre-authorization fixture laid out and rendered as text, as receipt_text. */
static void preauth_text(enum rcpt_lang lang, enum rcpt_copy copy, size_t width,
                         struct rcpt_doc *doc, struct rcpt_buf *out)
{
    struct rcpt_preauth p = fx_preauth(lang, copy);
    struct ps_reason why = {""};
    if (rcpt_layout_preauth(&p, width, doc, &why) != 0)
        fail_msg("layout: %s", why.text);
    rcpt_buf_clear(out);
    assert_int_equal(rcpt_text_render(doc, out, &why), 0);
}

/* Every line of the text fits width columns and ends in no space; every double-size
 * line of the document fits half of it. */
static int fits(const struct rcpt_doc *doc, const struct rcpt_buf *text, size_t width)
{
    const char *s = (const char *)text->data;
    while (*s) {
        size_t len = strcspn(s, "\n");
        if (rcpt_display_width(s, len) > width || (len > 0 && s[len - 1] == ' '))
            return 0;
        s += len + (s[len] == '\n');
    }
    for (size_t i = 0; i < doc->count; i++) {
        size_t w = rcpt_display_width(rcpt_doc_line_text(doc, i), doc->lines[i].len);
        if ((doc->lines[i].style & RCPT_STYLE_DOUBLE) && w > width / 2)
            return 0;
    }
    return 1;
}

static int contains(const struct rcpt_buf *b, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= b->len; i++) {
        if (memcmp(b->data + i, needle, n) == 0)
            return 1;
    }
    return 0;
}

static const char *random_text(uint64_t *rnd, char *buf, size_t cap, size_t max_pieces)
{
    static const char *const pieces[] = {"苹果",  "a",  " ",     "(",    "山东",      "x",
                                         "Cola ", "，", "330ml", "特级", "Zero-Sugar"};
    size_t n = 1 + random_below(rnd, (unsigned)max_pieces), used = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = pieces[random_below(rnd, PS_ARRAY_LEN(pieces))];
        if (used + strlen(p) + 1 >= cap)
            break;
        strcpy(buf + used, p);
        used += strlen(p);
    }
    if (buf[0] == ' ')
        buf[0] = 'y';
    return buf;
}

/* Random receipts at random widths: whatever the names and figures, lines fit. */
static void every_line_fits_any_paper(void **state)
{
    (void)state;
    uint64_t seed = test_seed(), rnd = seed;
    struct rcpt_doc doc;
    struct rcpt_buf text;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&text);
    for (int round = 0; round < 300; round++) {
        struct fx_sale s;
        char names[3][256], merchant[256];
        fx_card_sale(&s, (enum rcpt_lang)random_below(&rnd, 2),
                     random_below(&rnd, 2) ? RCPT_COPY_MERCHANT : RCPT_COPY_CUSTOMER);
        s.r.header.merchant_name = random_text(&rnd, merchant, sizeof(merchant), 12);
        int64_t gross = 0;
        for (size_t i = 0; i < 3; i++) {
            s.items[i].name = random_text(&rnd, names[i], sizeof(names[i]), 30);
            s.items[i].unit_price = (int64_t)(next_random(&rnd) % 100000000000000ull);
            s.items[i].amount = s.items[i].unit_price * (s.items[i].quantity / 1000);
            s.items[i].quantity = s.items[i].quantity / 1000 * 1000;
            s.items[i].discount = 0;
            gross += s.items[i].amount;
        }
        s.r.totals = (struct rcpt_totals){.gross = gross, .total = gross};
        s.tenders[0].amount = gross;
        size_t width = RCPT_WIDTH_MIN + random_below(&rnd, RCPT_WIDTH_MAX - RCPT_WIDTH_MIN + 1);
        receipt_text(&s.r, width, &doc, &text);
        assert_seeded(fits(&doc, &text, width), seed);
    }
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&text);
}

/* The largest amount there is still fits, on a line of its own if need be. */
static void the_largest_amounts_fit(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf text;
    struct rcpt_settlement st = fx_settlement(RCPT_LANG_EN, 1);
    struct ps_reason why;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&text);
    st.domestic.completions = (struct rcpt_count){UINT32_MAX, INT64_MAX};
    assert_int_equal(rcpt_layout_settlement(&st, 32, &doc, &why), 0);
    assert_int_equal(rcpt_text_render(&doc, &text, &why), 0);
    assert_true(fits(&doc, &text, 32));
    assert_non_null(strstr((const char *)text.data, "AUTH COMPLETE\n"
                                                    "4294967295  92233720368547758.07\n"));
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&text);
}

static void the_full_pan_never_shows(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf text, bytes;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&text);
    rcpt_buf_init(&bytes);
    for (int copy = RCPT_COPY_MERCHANT; copy <= RCPT_COPY_CUSTOMER; copy++) {
        struct fx_sale s;
        receipt_text(fx_card_sale(&s, RCPT_LANG_ZH, copy), 48, &doc, &text);
        assert_non_null(strstr((const char *)text.data, FX_MASKED_PAN));
        assert_null(strstr((const char *)text.data, FX_FULL_PAN));
        assert_null(strstr((const char *)text.data, "6222021")); /* not even 7 digits */
        assert_int_equal(rcpt_escpos_render(&doc, NULL, &bytes, NULL), 0);
        assert_false(contains(&bytes, "6222021"));
        assert_true(contains(&bytes, FX_MASKED_PAN));
        rcpt_buf_clear(&bytes);
        preauth_text(RCPT_LANG_EN, copy, 32, &doc, &text);
        assert_non_null(strstr((const char *)text.data, FX_MASKED_PAN));
        assert_null(strstr((const char *)text.data, "6222021"));
    }
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&text);
    rcpt_buf_cleanup(&bytes);
}

static int shows(const struct rcpt_buf *text, enum rcpt_lang lang, enum rcpt_label label)
{
    return strstr((const char *)text->data, rcpt_label(lang, label)) != NULL;
}

/* Only the merchant's copy of a card receipt asks for a signature; only a card sale
 * asks the holder to agree to pay. */
static void signatures_on_the_merchant_copy_of_card_receipts(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf text;
    struct fx_sale s;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&text);
    receipt_text(fx_card_sale(&s, RCPT_LANG_EN, RCPT_COPY_MERCHANT), 32, &doc, &text);
    assert_true(shows(&text, RCPT_LANG_EN, RCPT_L_SIGNATURE));
    assert_true(shows(&text, RCPT_LANG_EN, RCPT_L_COPY_MERCHANT));
    receipt_text(fx_card_sale(&s, RCPT_LANG_EN, RCPT_COPY_CUSTOMER), 32, &doc, &text);
    assert_false(shows(&text, RCPT_LANG_EN, RCPT_L_SIGNATURE));
    assert_true(shows(&text, RCPT_LANG_EN, RCPT_L_COPY_CUSTOMER));
    fx_cash_sale(&s, RCPT_LANG_ZH);
    s.r.copy = RCPT_COPY_MERCHANT;
    receipt_text(&s.r, 32, &doc, &text);
    assert_false(shows(&text, RCPT_LANG_ZH, RCPT_L_SIGNATURE));
    receipt_text(fx_card_void(&s, RCPT_LANG_ZH), 32, &doc, &text);
    assert_true(shows(&text, RCPT_LANG_ZH, RCPT_L_SIGNATURE));
    assert_false(shows(&text, RCPT_LANG_ZH, RCPT_L_AGREEMENT));
    for (int copy = RCPT_COPY_MERCHANT; copy <= RCPT_COPY_CUSTOMER; copy++) {
        preauth_text(RCPT_LANG_ZH, copy, 32, &doc, &text);
        assert_true(fits(&doc, &text, 32));
        assert_int_equal(shows(&text, RCPT_LANG_ZH, RCPT_L_SIGNATURE), copy == RCPT_COPY_MERCHANT);
        assert_false(shows(&text, RCPT_LANG_ZH, RCPT_L_AGREEMENT)); /* a hold pays nothing */
    }
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&text);
}

static void the_drawer_opens_for_cash_once(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf text;
    struct fx_sale s;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&text);
    receipt_text(fx_cash_sale(&s, RCPT_LANG_ZH), 32, &doc, &text);
    assert_true(doc.opens_drawer);
    s.r.reprint = 1; /* the cash moved the first time */
    receipt_text(&s.r, 32, &doc, &text);
    assert_false(doc.opens_drawer);
    receipt_text(fx_card_sale(&s, RCPT_LANG_ZH, RCPT_COPY_CUSTOMER), 32, &doc, &text);
    assert_false(doc.opens_drawer);
    fx_card_refund(&s, RCPT_LANG_ZH);
    s.tenders[0] = (struct rcpt_tender){.kind = RCPT_TENDER_CASH, .amount = 1628};
    receipt_text(&s.r, 32, &doc, &text); /* cash paid back comes out of the drawer */
    assert_true(doc.opens_drawer);
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&text);
}

/* Whether text has the line "\n<left><spaces><right>\n" of width columns. */
static int has_row(const struct rcpt_buf *text, const char *left, const char *right, size_t width)
{
    char line[256];
    size_t pad = width - rcpt_display_width(left, strlen(left)) - strlen(right);
    snprintf(line, sizeof(line), "\n%s%*s%s\n", left, (int)pad, "", right);
    return strstr((const char *)text->data, line) != NULL;
}

static void money_going_back_is_negative(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf text;
    struct fx_sale s;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&text);
    receipt_text(fx_card_refund(&s, RCPT_LANG_EN), 32, &doc, &text);
    assert_true(has_row(&text, "  1.35kg x 12.80", "-17.28", 32));
    assert_true(has_row(&text, "  DISCOUNT", "1.00", 32)); /* taken back with the apples */
    assert_true(has_row(&text, "SUBTOTAL", "-17.28", 32));
    assert_true(has_row(&text, "TOTAL", "-16.28", 32));
    assert_true(has_row(&text, "CARD", "-16.28", 32));
    assert_true(has_row(&text, "ORIG. REF NO.", "412345678901", 32));
    receipt_text(fx_card_void(&s, RCPT_LANG_ZH), 32, &doc, &text);
    assert_true(has_row(&text, "原凭证号", "000123", 32));
    assert_true(has_row(&text, "总计", "-30.78", 32));
    receipt_text(fx_cash_sale(&s, RCPT_LANG_ZH), 32, &doc, &text);
    assert_true(has_row(&text, "  优惠", "-1.00", 32)); /* a sale's discount takes money off */
    assert_true(has_row(&text, "总计", "30.78", 32));
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&text);
}

static void the_reprint_marker_is_on_reprints_only(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf text;
    struct fx_sale s;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&text);
    receipt_text(fx_qr_reprint(&s, RCPT_LANG_EN), 32, &doc, &text);
    assert_non_null(strstr((const char *)text.data, "REPRINT 重打印"));
    s.r.reprint = 0;
    receipt_text(&s.r, 32, &doc, &text);
    assert_null(strstr((const char *)text.data, "REPRINT"));
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&text);
}

/* A QR tender prints its scheme, reference and, when given, the masked code. */
static void a_qr_tender_shows_its_masked_code(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf text;
    struct fx_sale s;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&text);
    fx_qr_reprint(&s, RCPT_LANG_EN);
    s.tenders[0].qr.code = "1345**********6789";
    receipt_text(&s.r, 32, &doc, &text);
    assert_non_null(strstr((const char *)text.data, "WECHAT PAY"));
    assert_non_null(strstr((const char *)text.data, "PAYMENT CODE"));
    assert_non_null(strstr((const char *)text.data, "1345**********6789"));
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&text);
}

/* A document laid out again holds only the new receipt. */
static void a_document_is_reused(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf first, again;
    struct fx_sale s;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&first);
    rcpt_buf_init(&again);
    receipt_text(fx_cash_sale(&s, RCPT_LANG_ZH), 48, &doc, &first);
    receipt_text(fx_card_sale(&s, RCPT_LANG_EN, RCPT_COPY_MERCHANT), 32, &doc, &again);
    receipt_text(fx_cash_sale(&s, RCPT_LANG_ZH), 48, &doc, &again);
    assert_int_equal(doc.width, 48);
    assert_string_equal((const char *)first.data, (const char *)again.data);
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&first);
    rcpt_buf_cleanup(&again);
}

/* Every label exists in both languages, is printable, and leaves room for a value on
 * the narrowest paper. */
static void every_label_in_both_languages(void **state)
{
    (void)state;
    for (int l = 0; l < RCPT_LABEL_COUNT; l++) {
        const char *zh = rcpt_label(RCPT_LANG_ZH, l), *en = rcpt_label(RCPT_LANG_EN, l);
        char what[32];
        snprintf(what, sizeof(what), "label %d", l);
        assert_true(zh[0] != 0 && en[0] != 0);
        assert_int_equal(rcpt_text_check(what, zh, 256, 0, NULL), 0);
        assert_int_equal(rcpt_text_check(what, en, 256, 0, NULL), 0);
        if (l != RCPT_L_AGREEMENT && l != RCPT_L_SIGNATURE) { /* these stand alone */
            assert_true(rcpt_display_width(zh, strlen(zh)) <= RCPT_WIDTH_MIN - 12);
            assert_true(rcpt_display_width(en, strlen(en)) <= RCPT_WIDTH_MIN - 12);
        }
        if (l != RCPT_L_REPRINT) /* the marker is bilingual on purpose */
            assert_string_not_equal(zh, en);
        else
            assert_string_equal(zh, "REPRINT 重打印");
    }
    assert_string_equal(rcpt_label(RCPT_LANG_EN, RCPT_LABEL_COUNT), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_line_fits_any_paper),
        cmocka_unit_test(the_largest_amounts_fit),
        cmocka_unit_test(the_full_pan_never_shows),
        cmocka_unit_test(signatures_on_the_merchant_copy_of_card_receipts),
        cmocka_unit_test(the_drawer_opens_for_cash_once),
        cmocka_unit_test(money_going_back_is_negative),
        cmocka_unit_test(the_reprint_marker_is_on_reprints_only),
        cmocka_unit_test(a_qr_tender_shows_its_masked_code),
        cmocka_unit_test(a_document_is_reused),
        cmocka_unit_test(every_label_in_both_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
