/* ESC/POS bytes (pos/receipt/escpos.h): read back by a small printer model, they say
 * what the document says, line by line and style by style. */
#include "fixtures.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>

/* What the printer model saw. */
struct printed {
    int kicked, chinese_entered, chinese_left, cut;
    size_t count;
    struct {
        char text[512]; /* UTF-8, converted back from GB18030 */
        unsigned align, bold, size;
    } lines[200];
};

static void gb_to_utf8(const uint8_t *gb, size_t len, char *out, size_t cap)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    assert_true(cd != (iconv_t)-1);
    char in[512];
    assert_true(len <= sizeof(in));
    memcpy(in, gb, len);
    char *inp = in, *outp = out;
    size_t inleft = len, outleft = cap - 1;
    assert_true(iconv(cd, &inp, &inleft, &outp, &outleft) != (size_t)-1);
    *outp = 0;
    iconv_close(cd);
}

/* Reads bytes as a printer would; fails the test on anything it does not know. */
static void run_printer(const struct rcpt_buf *b, struct printed *p)
{
    unsigned align = 0, bold = 0, size = 0;
    uint8_t pending[512];
    size_t n = 0;
    memset(p, 0, sizeof(*p));
    assert_true(b->len >= 2 && b->data[0] == 0x1B && b->data[1] == '@');
    for (size_t i = 2; i < b->len; i++) {
        const uint8_t *c = b->data + i;
        size_t left = b->len - i;
        if (c[0] == 0x0A) {
            assert_true(p->count < PS_ARRAY_LEN(p->lines));
            gb_to_utf8(pending, n, p->lines[p->count].text, sizeof(p->lines[0].text));
            p->lines[p->count].align = align;
            p->lines[p->count].bold = bold;
            p->lines[p->count].size = size;
            p->count++;
            n = 0;
        } else if (c[0] == 0x1B && left >= 5 && c[1] == 'p') {
            assert_memory_equal(c, "\x1bp\x00\x19\xfa", 5);
            p->kicked++, i += 4;
        } else if (c[0] == 0x1B && left >= 3 && c[1] == 'a') {
            align = c[2], i += 2;
        } else if (c[0] == 0x1B && left >= 3 && c[1] == 'E') {
            bold = c[2], i += 2;
        } else if (c[0] == 0x1D && left >= 3 && c[1] == '!') {
            size = c[2], i += 2;
        } else if (c[0] == 0x1C && left >= 2 && (c[1] == '&' || c[1] == '.')) {
            *(c[1] == '&' ? &p->chinese_entered : &p->chinese_left) += 1, i += 1;
        } else if (c[0] == 0x1B && left == 7 && c[1] == 'd') {
            assert_memory_equal(c,
                                "\x1b"
                                "d\x03\x1dV\x42\x00",
                                7);
            p->cut++, i += 6;
        } else {
            assert_true(c[0] >= 0x20 && c[0] != 0x7F); /* text, nothing else */
            assert_true(n < sizeof(pending));
            pending[n++] = c[0];
        }
    }
    assert_int_equal(n, 0); /* every line ended */
}

static void assert_prints_doc(const struct rcpt_doc *doc, const struct printed *p)
{
    assert_int_equal(p->count, doc->count);
    for (size_t i = 0; i < doc->count; i++) {
        const struct rcpt_line *l = &doc->lines[i];
        assert_int_equal(strlen(p->lines[i].text), l->len);
        assert_memory_equal(p->lines[i].text, rcpt_doc_line_text(doc, i), l->len);
        assert_int_equal(p->lines[i].align, l->align == RCPT_ALIGN_CENTER ? 1 : 0);
        assert_int_equal(p->lines[i].bold, (l->style & RCPT_STYLE_BOLD) ? 1 : 0);
        assert_int_equal(p->lines[i].size, (l->style & RCPT_STYLE_DOUBLE) ? 0x11 : 0);
    }
    assert_int_equal(p->cut, 1);
}

static void layout(const struct rcpt_receipt *r, size_t width, struct rcpt_doc *doc)
{
    struct ps_reason why = {""};
    if (rcpt_layout_receipt(r, width, doc, &why) != 0)
        fail_msg("layout: %s", why.text);
}

static void print_and_read(const struct rcpt_doc *doc, const struct rcpt_escpos_opts *opts,
                           struct printed *p)
{
    struct rcpt_buf b;
    struct ps_reason why = {""};
    rcpt_buf_init(&b);
    if (rcpt_escpos_render(doc, opts, &b, &why) != 0)
        fail_msg("escpos: %s", why.text);
    run_printer(&b, p);
    rcpt_buf_cleanup(&b);
}

static void the_paper_says_what_the_document_says(void **state)
{
    (void)state;
    static struct printed p; /* large: not on the stack */
    struct rcpt_doc doc;
    struct fx_sale s;
    rcpt_doc_init(&doc);
    for (int lang = RCPT_LANG_ZH; lang <= RCPT_LANG_EN; lang++) {
        for (size_t width = 32; width <= 48; width += 16) {
            layout(fx_card_sale(&s, lang, RCPT_COPY_MERCHANT), width, &doc);
            print_and_read(&doc, NULL, &p);
            assert_prints_doc(&doc, &p);
            layout(fx_card_refund(&s, lang), width, &doc);
            print_and_read(&doc, NULL, &p);
            assert_prints_doc(&doc, &p);
            layout(fx_qr_reprint(&s, lang), width, &doc);
            print_and_read(&doc, NULL, &p);
            assert_prints_doc(&doc, &p);
        }
    }
    struct rcpt_settlement st = fx_settlement(RCPT_LANG_ZH, 0);
    assert_int_equal(rcpt_layout_settlement(&st, 32, &doc, NULL), 0);
    print_and_read(&doc, NULL, &p);
    assert_prints_doc(&doc, &p);
    struct rcpt_xreport x = fx_xreport(RCPT_LANG_ZH);
    assert_int_equal(rcpt_layout_xreport(&x, 48, &doc, NULL), 0);
    print_and_read(&doc, NULL, &p);
    assert_prints_doc(&doc, &p);
    rcpt_doc_cleanup(&doc);
}

static void chinese_mode_only_when_there_is_chinese(void **state)
{
    (void)state;
    static struct printed p;
    struct rcpt_doc doc;
    struct fx_sale s;
    rcpt_doc_init(&doc);
    layout(fx_cash_sale(&s, RCPT_LANG_EN), 32, &doc); /* all ASCII */
    print_and_read(&doc, NULL, &p);
    assert_int_equal(p.chinese_entered, 0);
    assert_int_equal(p.chinese_left, 0);
    layout(fx_cash_sale(&s, RCPT_LANG_ZH), 32, &doc);
    print_and_read(&doc, NULL, &p);
    assert_int_equal(p.chinese_entered, 1);
    assert_int_equal(p.chinese_left, 1);
    rcpt_doc_cleanup(&doc);
}

static void the_drawer_is_kicked_first_for_cash_when_asked(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf b;
    struct fx_sale s;
    struct rcpt_escpos_opts kick = {.kick_drawer = 1};
    rcpt_doc_init(&doc);
    rcpt_buf_init(&b);
    layout(fx_cash_sale(&s, RCPT_LANG_EN), 32, &doc);
    assert_int_equal(rcpt_escpos_render(&doc, &kick, &b, NULL), 0);
    assert_memory_equal(b.data, "\x1b@\x1bp\x00\x19\xfa", 7);
    rcpt_buf_clear(&b);
    assert_int_equal(rcpt_escpos_render(&doc, NULL, &b, NULL), 0); /* no drawer attached */
    assert_memory_equal(b.data,
                        "\x1b@\x1b"
                        "a",
                        4);
    rcpt_buf_clear(&b);
    layout(fx_card_sale(&s, RCPT_LANG_EN, RCPT_COPY_CUSTOMER), 32, &doc);
    assert_int_equal(rcpt_escpos_render(&doc, &kick, &b, NULL), 0);
    assert_memory_equal(b.data,
                        "\x1b@\x1b"
                        "a",
                        4);
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&b);
}

/* An emoji in a product name: the printer's font has no glyph, so nothing prints and
 * the reason names the character. */
static void an_unprintable_character_stops_the_receipt(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf b;
    struct fx_sale s;
    struct ps_reason why;
    struct rcpt_escpos_opts four = {.gb_flags = RCPT_GB_FOUR_BYTE};
    rcpt_doc_init(&doc);
    rcpt_buf_init(&b);
    fx_cash_sale(&s, RCPT_LANG_ZH);
    s.items[0].name = "苹果🍎";
    layout(&s.r, 32, &doc);
    assert_int_equal(rcpt_buf_append(&b, "before", 6, NULL), 0);
    assert_int_equal(rcpt_escpos_render(&doc, NULL, &b, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "line 14: U+1F34E (🍎) at offset 6 is a four-byte GB18030 "
                                  "character, which the printer's font does not hold");
    assert_int_equal(b.len, 6); /* as it was */
    assert_string_equal((const char *)b.data, "before");
    assert_int_equal(rcpt_escpos_render(&doc, &four, &b, &why), 0);
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&b);
}

static void prints_to_a_file_or_says_why_not(void **state)
{
    (void)state;
    struct rcpt_doc doc;
    struct rcpt_buf want;
    struct fx_sale s;
    struct ps_reason why;
    rcpt_doc_init(&doc);
    rcpt_buf_init(&want);
    layout(fx_cash_sale(&s, RCPT_LANG_ZH), 48, &doc);
    assert_int_equal(rcpt_escpos_render(&doc, NULL, &want, NULL), 0);

    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(rcpt_escpos_print(&doc, NULL, fp, &why), 0);
    assert_int_equal(ftell(fp), (long)want.len);
    rewind(fp);
    uint8_t got[8192];
    assert_int_equal(fread(got, 1, sizeof(got), fp), want.len);
    assert_memory_equal(got, want.data, want.len);
    fclose(fp);

    fp = tmpfile(); /* a receipt that cannot be printed leaves the printer untouched */
    assert_non_null(fp);
    s.items[0].name = "🍎";
    layout(&s.r, 48, &doc);
    assert_int_equal(rcpt_escpos_print(&doc, NULL, fp, &why), PS_EUNDEFINED);
    assert_int_equal(ftell(fp), 0);
    fclose(fp);

    fp = fopen("/dev/full", "w"); /* a device that takes nothing */
    if (fp != NULL) {
        assert_int_equal(
            rcpt_escpos_print(&doc, &(struct rcpt_escpos_opts){.gb_flags = RCPT_GB_FOUR_BYTE}, fp,
                              &why),
            PS_EIO);
        assert_non_null(strstr(why.text, "printer: writing"));
        fclose(fp);
    }
    rcpt_doc_cleanup(&doc);
    rcpt_buf_cleanup(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_paper_says_what_the_document_says),
        cmocka_unit_test(chinese_mode_only_when_there_is_chinese),
        cmocka_unit_test(the_drawer_is_kicked_first_for_cash_when_asked),
        cmocka_unit_test(an_unprintable_character_stops_the_receipt),
        cmocka_unit_test(prints_to_a_file_or_says_why_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
