/* Receipts compared byte for byte with reviewed golden files: the text form
 * (golden/NAME.txt) and the ESC/POS bytes as hex, one printed line per text line
 * (golden/NAME.escpos.hex).
 *
 * After a deliberate change of layout, regenerate with
 *     POSSUM_UPDATE_GOLDEN=1 ctest -R pos.receipt.golden
 * and review the diff of golden/ by eye before committing it: widths, alignment,
 * the masked PAN, the Chinese text. */
#include "fixtures.h"

#include <errno.h>
#include <stdio.h>

#define PATH_MAX_LEN 1024

/* The golden directory sits next to this file; CMake compiles it by absolute path. */
static void golden_path(const char *name, const char *ext, char *path, size_t cap)
{
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    int dir_len = slash != NULL ? (int)(slash - file) : 1;
    snprintf(path, cap, "%.*s/golden/%s%s", dir_len, slash != NULL ? file : ".", name, ext);
}

static int updating(void)
{
    const char *env = getenv("POSSUM_UPDATE_GOLDEN");
    return env != NULL && strcmp(env, "1") == 0;
}

/* Reads the whole file into a NUL-terminated heap string the caller frees. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap + 1);
    assert_non_null(data);
    size_t got;
    while ((got = fread(data + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            data = realloc(data, cap + 1);
            assert_non_null(data);
        }
    }
    fclose(fp);
    data[n] = 0;
    *len = n;
    return data;
}

/* Prints the first line where got and want part, so a failure says where to look. */
static void report_difference(const char *path, const char *got, const char *want)
{
    size_t line = 1, i = 0;
    while (got[i] != 0 && got[i] == want[i]) {
        if (got[i] == '\n')
            line++;
        i++;
    }
    size_t start = i;
    while (start > 0 && got[start - 1] != '\n')
        start--;
    const char *g = got + start, *w = want + start;
    print_error("%s differs at line %zu:\n  got:  %.*s\n  want: %.*s\n", path, line,
                (int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w);
}

static void check_golden(const char *name, const char *ext, const char *got, size_t len)
{
    char path[PATH_MAX_LEN];
    golden_path(name, ext, path, sizeof(path));
    if (updating()) {
        FILE *fp = fopen(path, "wb");
        if (fp == NULL)
            fail_msg("cannot write %s: %s", path, strerror(errno));
        assert_int_equal(fwrite(got, 1, len, fp), len);
        assert_int_equal(fclose(fp), 0);
        return;
    }
    size_t want_len = 0;
    char *want = slurp(path, &want_len);
    if (want == NULL)
        fail_msg("no golden file %s (POSSUM_UPDATE_GOLDEN=1 writes it)", path);
    int same = want_len == len && memcmp(want, got, len) == 0;
    if (!same)
        report_difference(path, got, want);
    free(want);
    assert_true(same);
}

/* ESC/POS bytes as hex text: a line break after every LF, so each printed line of the
 * receipt is one line of the file, its commands in front of it. */
static void to_hex_lines(const struct rcpt_buf *bytes, struct rcpt_buf *hex)
{
    for (size_t i = 0; i < bytes->len; i++) {
        char two[4];
        int last_of_line = bytes->data[i] == 0x0A || i + 1 == bytes->len;
        snprintf(two, sizeof(two), "%02X%c", bytes->data[i], last_of_line ? '\n' : ' ');
        assert_int_equal(rcpt_buf_append(hex, two, 3, NULL), 0);
    }
}

static void check_doc(const char *name, const struct rcpt_doc *doc)
{
    struct rcpt_buf text, bytes, hex;
    struct rcpt_escpos_opts opts = {.kick_drawer = 1};
    struct ps_reason why = {""};
    rcpt_buf_init(&text);
    rcpt_buf_init(&bytes);
    rcpt_buf_init(&hex);
    assert_int_equal(rcpt_text_render(doc, &text, &why), 0);
    check_golden(name, ".txt", (const char *)text.data, text.len);
    int rc = rcpt_escpos_render(doc, &opts, &bytes, &why);
    if (rc != 0)
        fail_msg("%s: %s", name, why.text);
    to_hex_lines(&bytes, &hex);
    check_golden(name, ".escpos.hex", (const char *)hex.data, hex.len);
    rcpt_buf_cleanup(&text);
    rcpt_buf_cleanup(&bytes);
    rcpt_buf_cleanup(&hex);
}

static void check_receipt(const char *name, const struct rcpt_receipt *r, size_t width)
{
    struct rcpt_doc doc;
    struct ps_reason why = {""};
    rcpt_doc_init(&doc);
    int rc = rcpt_layout_receipt(r, width, &doc, &why);
    if (rc != 0)
        fail_msg("%s: %s", name, why.text);
    check_doc(name, &doc);
    rcpt_doc_cleanup(&doc);
}

static const char *lang_name(enum rcpt_lang lang)
{
    return lang == RCPT_LANG_EN ? "en" : "zh";
}

static void cash_sales(void **state)
{
    (void)state;
    static const enum rcpt_lang langs[] = {RCPT_LANG_ZH, RCPT_LANG_EN};
    static const size_t widths[] = {RCPT_WIDTH_58MM, RCPT_WIDTH_80MM};
    for (size_t l = 0; l < 2; l++) {
        for (size_t w = 0; w < 2; w++) {
            struct fx_sale s;
            char name[64];
            snprintf(name, sizeof(name), "sale_cash_%s_%zu", lang_name(langs[l]), widths[w]);
            check_receipt(name, fx_cash_sale(&s, langs[l]), widths[w]);
        }
    }
}

static void card_sales_both_copies(void **state)
{
    (void)state;
    static const enum rcpt_lang langs[] = {RCPT_LANG_ZH, RCPT_LANG_EN};
    static const size_t widths[] = {RCPT_WIDTH_58MM, RCPT_WIDTH_80MM};
    static const enum rcpt_copy copies[] = {RCPT_COPY_MERCHANT, RCPT_COPY_CUSTOMER};
    for (size_t l = 0; l < 2; l++) {
        for (size_t w = 0; w < 2; w++) {
            for (size_t c = 0; c < 2; c++) {
                struct fx_sale s;
                char name[64];
                snprintf(name, sizeof(name), "sale_card_%s_%zu_%s", lang_name(langs[l]), widths[w],
                         copies[c] == RCPT_COPY_MERCHANT ? "merchant" : "customer");
                check_receipt(name, fx_card_sale(&s, langs[l], copies[c]), widths[w]);
            }
        }
    }
}

static void void_refund_reprint(void **state)
{
    (void)state;
    struct fx_sale s;
    check_receipt("void_card_zh_32", fx_card_void(&s, RCPT_LANG_ZH), 32);
    check_receipt("void_card_en_48", fx_card_void(&s, RCPT_LANG_EN), 48);
    check_receipt("refund_card_zh_32", fx_card_refund(&s, RCPT_LANG_ZH), 32);
    check_receipt("refund_card_en_48", fx_card_refund(&s, RCPT_LANG_EN), 48);
    check_receipt("reprint_qr_zh_32", fx_qr_reprint(&s, RCPT_LANG_ZH), 32);
    check_receipt("reprint_qr_en_32", fx_qr_reprint(&s, RCPT_LANG_EN), 32);
}

static void preauth_slips(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum rcpt_lang lang;
        enum rcpt_copy copy;
        int reprint;
        size_t width;
    } cases[] = {
        {"preauth_zh_32_merchant", RCPT_LANG_ZH, RCPT_COPY_MERCHANT, 0, 32},
        {"preauth_zh_32_customer", RCPT_LANG_ZH, RCPT_COPY_CUSTOMER, 0, 32},
        {"preauth_en_48_merchant", RCPT_LANG_EN, RCPT_COPY_MERCHANT, 0, 48},
        {"reprint_preauth_en_32_customer", RCPT_LANG_EN, RCPT_COPY_CUSTOMER, 1, 32},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct rcpt_preauth p = fx_preauth(cases[i].lang, cases[i].copy);
        struct rcpt_doc doc;
        struct ps_reason why = {""};
        p.reprint = cases[i].reprint;
        rcpt_doc_init(&doc);
        if (rcpt_layout_preauth(&p, cases[i].width, &doc, &why) != 0)
            fail_msg("%s: %s", cases[i].name, why.text);
        check_doc(cases[i].name, &doc);
        rcpt_doc_cleanup(&doc);
    }
}

static void settlement_slips(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum rcpt_lang lang;
        int balanced;
        size_t width;
    } cases[] = {
        {"settlement_balanced_zh_32", RCPT_LANG_ZH, 1, 32},
        {"settlement_unbalanced_zh_32", RCPT_LANG_ZH, 0, 32},
        {"settlement_unbalanced_en_48", RCPT_LANG_EN, 0, 48},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct rcpt_settlement s = fx_settlement(cases[i].lang, cases[i].balanced);
        struct rcpt_doc doc;
        struct ps_reason why = {""};
        rcpt_doc_init(&doc);
        if (rcpt_layout_settlement(&s, cases[i].width, &doc, &why) != 0)
            fail_msg("%s: %s", cases[i].name, why.text);
        check_doc(cases[i].name, &doc);
        rcpt_doc_cleanup(&doc);
    }
}

static void x_reports(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum rcpt_lang lang;
        size_t width;
    } cases[] = {
        {"xreport_zh_32", RCPT_LANG_ZH, 32},
        {"xreport_en_48", RCPT_LANG_EN, 48},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct rcpt_xreport x = fx_xreport(cases[i].lang);
        struct rcpt_doc doc;
        struct ps_reason why = {""};
        rcpt_doc_init(&doc);
        if (rcpt_layout_xreport(&x, cases[i].width, &doc, &why) != 0)
            fail_msg("%s: %s", cases[i].name, why.text);
        check_doc(cases[i].name, &doc);
        rcpt_doc_cleanup(&doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cash_sales),          cmocka_unit_test(card_sales_both_copies),
        cmocka_unit_test(void_refund_reprint), cmocka_unit_test(preauth_slips),
        cmocka_unit_test(settlement_slips),    cmocka_unit_test(x_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
