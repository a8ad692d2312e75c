/* The BIN table (pricing/bins.h): longest-prefix lookups, card numbers of every
 * allowed length, the fallback for unknown BINs, the CSV import with each kind of error
 * named by line and column, all or nothing, the capped error list, and the default table
 * classifying the sandbox's cards. */
#include "testing.h"

#include <stdio.h>

#include "host/pricing/bins.h"

#define HEADER "prefix,scheme,issuer,type,region\n"

static struct pricing_bin_report report; /* about 10 KiB: kept off the stack */

static struct pricing_bin_table *import_ok(const char *csv)
{
    struct pricing_bin_table *t = NULL;
    struct ps_reason why = {{0}};
    int rc = pricing_bin_import(csv, strlen(csv), &t, &report, &why);

    if (rc != 0)
        fail_msg("import: %s; first error: %s", why.text,
                 report.nerrors > 0 ? report.errors[0].text : "none");
    assert_non_null(t);
    assert_int_equal(report.bad_lines, 0);
    return t;
}

/* Imports csv expecting PS_EFORMAT with exactly the given errors, in order. */
static void import_bad(const char *csv, const char *const *errors, size_t n)
{
    struct pricing_bin_table *t = (struct pricing_bin_table *)&report; /* must be cleared */
    struct ps_reason why = {{0}};

    assert_int_equal(pricing_bin_import(csv, strlen(csv), &t, &report, &why), PS_EFORMAT);
    assert_null(t);
    assert_int_equal(report.entries, 0);
    for (size_t i = 0; i < n && i < report.nerrors; i++)
        assert_string_equal(report.errors[i].text, errors[i]);
    assert_int_equal(report.nerrors, n);
    assert_int_equal(report.bad_lines, n);
    assert_true(strstr(why.text, "nothing imported") != NULL);
}

static const char *issuer_of(const struct pricing_bin_table *t, const char *pan)
{
    const struct pricing_bin *b = NULL;
    int rc = pricing_bin_lookup(t, pan, strlen(pan), &b, NULL);

    if (rc == PRICING_BIN_UNKNOWN)
        return "(unknown)";
    assert_int_equal(rc, 0);
    return b->issuer;
}

static void the_longest_prefix_wins(void **state)
{
    (void)state;
    struct pricing_bin_table *t =
        import_ok(HEADER "622202,unionpay,ICBC,debit,domestic\n"
                         "62220299,unionpay,ICBC 8-digit,prepaid,domestic\n"
                         "6222029912,unionpay,ICBC 10-digit,credit,domestic\n"
                         "622203,unionpay,ICBC next,debit,domestic\n"
                         "62220200,unionpay,ICBC 00,credit,domestic\n");
    const struct pricing_bin *b = NULL;

    assert_int_equal(pricing_bin_table_count(t), 5);
    assert_string_equal(issuer_of(t, "6222020000000000018"), "ICBC 00");
    assert_string_equal(issuer_of(t, "6222021000000000018"), "ICBC");
    assert_string_equal(issuer_of(t, "6222029900000000"), "ICBC 8-digit");
    assert_string_equal(issuer_of(t, "6222029912345678"), "ICBC 10-digit");
    assert_string_equal(issuer_of(t, "6222029913345678"), "ICBC 8-digit");
    assert_string_equal(issuer_of(t, "6222039999999999"), "ICBC next");
    assert_string_equal(issuer_of(t, "6222049999999999"), "(unknown)");
    assert_string_equal(issuer_of(t, "4111111111111111"), "(unknown)");

    assert_int_equal(pricing_bin_lookup(t, "6222029912345678", 16, &b, NULL), 0);
    assert_string_equal(b->prefix, "6222029912");
    assert_int_equal(b->prefix_len, 10);
    assert_int_equal(b->type, PRICING_CARD_CREDIT);
    assert_int_equal(b->line, 4);

    /* the table is in prefix order whatever the file's order */
    assert_string_equal(pricing_bin_table_entry(t, 0)->prefix, "622202");
    assert_string_equal(pricing_bin_table_entry(t, 1)->prefix, "62220200");
    assert_string_equal(pricing_bin_table_entry(t, 4)->prefix, "622203");
    assert_null(pricing_bin_table_entry(t, 5));
    pricing_bin_table_free(t);
}

static void a_table_of_many_entries_bisects(void **state)
{
    (void)state;
    size_t cap = 64 + 3000 * 48, len = 0;
    char *csv = malloc(cap);
    struct pricing_bin_table *t = NULL;
    const struct pricing_bin *b = NULL;

    assert_non_null(csv);
    len += (size_t)snprintf(csv, cap, HEADER);
    /* written backwards, so the sort has work to do; every third one 8 digits long */
    for (int i = 2999; i >= 0; i--)
        len +=
            (size_t)snprintf(csv + len, cap - len, "%d,visa,bank %d,%s,foreign\n",
                             i % 3 == 0 ? 40000000 + i : 400000 + i, i, i % 2 ? "credit" : "debit");
    assert_int_equal(pricing_bin_import(csv, len, &t, &report, NULL), 0);
    assert_int_equal(report.entries, 3000);
    for (int i = 0; i < 3000; i++) {
        char pan[32];
        snprintf(pan, sizeof(pan), "%d%s", i % 3 == 0 ? 40000000 + i : 400000 + i,
                 i % 3 == 0 ? "12345678" : "1234567890");
        assert_int_equal(pricing_bin_lookup(t, pan, 16, &b, NULL), 0);
        assert_int_equal(b->type, i % 2 ? PRICING_CARD_CREDIT : PRICING_CARD_DEBIT);
    }
    assert_int_equal(pricing_bin_lookup(t, "4030001234567890", 16, &b, NULL), PRICING_BIN_UNKNOWN);
    assert_null(b);
    pricing_bin_table_free(t);
    free(csv);
}

static void card_numbers_of_12_to_19_digits(void **state)
{
    (void)state;
    struct pricing_bin_table *t = import_ok(HEADER "123456789012,other,twelve,debit,domestic\n"
                                                  "622202,unionpay,ICBC,debit,domestic\n");
    const struct pricing_bin *b = NULL;
    struct ps_reason why = {{0}};
    const char *pan = "62220200000000000189"; /* 20 digits: lengths taken from it */

    for (size_t n = 12; n <= 19; n++) {
        assert_int_equal(pricing_bin_lookup(t, pan, n, &b, &why), 0);
        assert_string_equal(b->issuer, "ICBC");
    }
    /* a 12-digit prefix may be a whole 12-digit number */
    assert_int_equal(pricing_bin_lookup(t, "123456789012", 12, &b, NULL), 0);
    assert_string_equal(b->issuer, "twelve");

    assert_int_equal(pricing_bin_lookup(t, pan, 11, &b, &why), PS_EFORMAT);
    assert_null(b);
    assert_string_equal(why.text, "card number: 11 digits, 12 to 19 expected");
    assert_int_equal(pricing_bin_lookup(t, pan, 20, &b, &why), PS_EFORMAT);
    assert_string_equal(why.text, "card number: 20 digits, 12 to 19 expected");
    assert_int_equal(pricing_bin_lookup(t, "622202000000 0018", 17, &b, &why), PS_EFORMAT);
    assert_string_equal(why.text, "card number: character 13 is not a digit");
    assert_int_equal(pricing_bin_lookup(t, "62220200000000001A", 18, &b, &why), PS_EFORMAT);
    assert_string_equal(why.text, "card number: character 18 is not a digit");
    assert_int_equal(pricing_bin_lookup(NULL, pan, 16, &b, &why), PS_EINVAL);
    pricing_bin_table_free(t);
}

static void unknown_bins_fall_back_by_scheme(void **state)
{
    (void)state;
    static const struct {
        const char *pan;
        enum pricing_card_scheme scheme;
        enum pricing_card_type type;
        enum pricing_card_region region;
    } cases[] = {
        {"6200000000000000", PRICING_SCHEME_UNIONPAY, PRICING_CARD_DEBIT, PRICING_REGION_DOMESTIC},
        {"6299999999999999999", PRICING_SCHEME_UNIONPAY, PRICING_CARD_DEBIT, PRICING_REGION_DOMESTIC},
        {"4000000000000002", PRICING_SCHEME_VISA, PRICING_CARD_CREDIT, PRICING_REGION_FOREIGN},
        {"5100000000000008", PRICING_SCHEME_MASTERCARD, PRICING_CARD_CREDIT, PRICING_REGION_FOREIGN},
        {"2720990000000000", PRICING_SCHEME_MASTERCARD, PRICING_CARD_CREDIT, PRICING_REGION_FOREIGN},
        {"2721000000000000", PRICING_SCHEME_OTHER, PRICING_CARD_CREDIT, PRICING_REGION_FOREIGN},
        {"340000000000009", PRICING_SCHEME_AMEX, PRICING_CARD_CREDIT, PRICING_REGION_FOREIGN},
        {"3589000000000000", PRICING_SCHEME_JCB, PRICING_CARD_CREDIT, PRICING_REGION_FOREIGN},
        {"6011000000000004", PRICING_SCHEME_DISCOVER, PRICING_CARD_CREDIT, PRICING_REGION_FOREIGN},
        {"6500000000000000", PRICING_SCHEME_DISCOVER, PRICING_CARD_CREDIT, PRICING_REGION_FOREIGN},
        {"9999000000000000", PRICING_SCHEME_OTHER, PRICING_CARD_CREDIT, PRICING_REGION_FOREIGN},
    };
    struct pricing_bin_table *t = import_ok(HEADER "622202,unionpay,ICBC,debit,domestic\n");
    struct pricing_bin b;
    struct ps_reason why = {{0}};

    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        size_t n = strlen(cases[i].pan);
        assert_int_equal(pricing_bin_fallback(cases[i].pan, n, &b, &why), 0);
        assert_int_equal(b.scheme, cases[i].scheme);
        assert_int_equal(b.type, cases[i].type);
        assert_int_equal(b.region, cases[i].region);
        assert_string_equal(b.prefix, "");
        assert_string_equal(b.issuer, "");
        assert_int_equal(pricing_bin_classify(t, cases[i].pan, n, &b, &why), PRICING_BIN_UNKNOWN);
        assert_int_equal(b.scheme, cases[i].scheme);
        assert_int_equal(b.type, cases[i].type);
    }
    assert_int_equal(pricing_bin_classify(t, "6222020000000000018", 19, &b, &why), 0);
    assert_string_equal(b.issuer, "ICBC");
    assert_int_equal(pricing_bin_fallback("62x", 3, &b, &why), PS_EFORMAT);
    assert_int_equal(pricing_bin_classify(t, "622202000000000001X", 19, &b, &why), PS_EFORMAT);
    pricing_bin_table_free(t);
}

static void csv_quoting_crlf_comments_and_bom(void **state)
{
    (void)state;
    const char *csv = "\xef\xbb\xbf"
                      "# a comment before the header\r\n"
                      "\r\n"
                      "Prefix,SCHEME,issuer,Type,region\r\n"
                      "414720,visa,\"JPMorgan Chase Bank, N.A.\",credit,foreign\r\n"
                      "# a comment, \"quoted\" things, commas\r\n"
                      "\n"
                      "\"622848\",unionpay,\"中国农业银行 \"\"ABC\"\"\",debit,\"domestic\"\r\n"
                      "625807,unionpay,沙箱,credit,domestic"; /* no line end at the end */
    struct pricing_bin_table *t = import_ok(csv);
    const struct pricing_bin *b = NULL;

    assert_int_equal(report.entries, 3);
    assert_int_equal(pricing_bin_lookup(t, "4147200000000000", 16, &b, NULL), 0);
    assert_string_equal(b->issuer, "JPMorgan Chase Bank, N.A.");
    assert_int_equal(b->scheme, PRICING_SCHEME_VISA);
    assert_int_equal(b->region, PRICING_REGION_FOREIGN);
    assert_int_equal(b->line, 4);
    assert_int_equal(pricing_bin_lookup(t, "6228480000000000", 16, &b, NULL), 0);
    assert_string_equal(b->issuer, "中国农业银行 \"ABC\"");
    assert_int_equal(b->line, 7);
    assert_int_equal(pricing_bin_lookup(t, "6258070000000000011", 19, &b, NULL), 0);
    assert_string_equal(b->issuer, "沙箱");
    assert_int_equal(b->line, 8);
    pricing_bin_table_free(t);

    /* a header with no rows is an empty table: every card falls back */
    t = import_ok("# nothing yet\n" HEADER);
    assert_int_equal(pricing_bin_table_count(t), 0);
    assert_int_equal(pricing_bin_lookup(t, "6222020000000000018", 19, &b, NULL), PRICING_BIN_UNKNOWN);
    pricing_bin_table_free(t);
}

static void every_field_error_names_line_and_column(void **state)
{
    (void)state;
    const char *csv = HEADER                              /* line 1 */
        "622202,unionpay,ICBC,debit,domestic\n"           /* 2 */
        "# fine\n"                                        /* 3 */
        "62220a,unionpay,ICBC,debit,domestic\n"           /* 4 */
        "62220,unionpay,ICBC,debit,domestic\n"            /* 5 */
        "6222021234567,unionpay,ICBC,debit,domestic\n"    /* 6 */
        "622203,diners,Diners,credit,foreign\n"           /* 7 */
        "622204,UnionPay,ICBC,debit,domestic\n"           /* 8 */
        "622205,unionpay,,debit,domestic\n"               /* 9 */
        "622206,unionpay,\"two\nlines\",debit,domestic\n" /* 10-11 */
        "622207,unionpay,\xe4\xb8,debit,domestic\n"       /* 12 */
        "622208,unionpay,ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM,"
        "debit,domestic\n"                                   /* 13 */
        "622209,unionpay,ICBC,charge,domestic\n"             /* 14 */
        "622210,unionpay,ICBC,debit,abroad\n"                /* 15 */
        "622211,unionpay,ICBC,debit\n"                       /* 16 */
        "622212,unionpay,ICBC,debit,domestic,extra\n"        /* 17 */
        "622213,unionpay,IC\"BC,debit,domestic\n"            /* 18 */
        "622214,unionpay,\"ICBC\"x,debit,domestic\n"         /* 19 */
        "622215,unionpay,ICBC,\"debit\",\xff\x01\"\n"        /* 20 */
        "622202,unionpay,ICBC again,credit,domestic\n"       /* 21 */
        "62220299,unionpay,longer is fine,credit,domestic\n" /* 22 */
        "622202,unionpay,ICBC thrice,credit,domestic\r\n"    /* 23 */
        "622216,unionpay,\"never closed,debit,domestic\n";   /* 24 */
    static const char *const errors[] = {
        "line 4: prefix \"62220a\": not 6 to 12 digits",
        "line 5: prefix \"62220\": not 6 to 12 digits",
        "line 6: prefix \"6222021234567\": not 6 to 12 digits",
        "line 7: scheme \"diners\": unionpay, visa, mastercard, jcb, amex, discover or other",
        "line 8: scheme \"UnionPay\": unionpay, visa, mastercard, jcb, amex, discover or other",
        "line 9: issuer: empty",
        "line 10: issuer: control character U+000A at character 4: one line expected",
        "line 12: issuer: not UTF-8 at byte 1",
        "line 13: issuer: 65 characters, at most 64",
        "line 14: type \"charge\": debit, credit or prepaid",
        "line 15: region \"abroad\": domestic or foreign",
        "line 16: 4 fields, 5 expected (prefix,scheme,issuer,type,region)",
        "line 17: 6 fields, 5 expected (prefix,scheme,issuer,type,region)",
        "line 18: issuer: a quote inside a field that does not start with one",
        "line 19: issuer: text after the closing quote",
        "line 20: region: a quote inside a field that does not start with one",
        "line 21: prefix 622202 is also on line 2",
        "line 23: prefix 622202 is also on line 2",
        "line 24: issuer: a quote never closed",
    };

    import_bad(csv, errors, PS_ARRAY_LEN(errors));
}

static void bad_values_are_quoted_safely(void **state)
{
    (void)state;
    static const char *const errors[] = {
        "line 2: type \"\\xff\\x01\\\"\\\\借记\": debit, credit or prepaid",
        "line 3: prefix \"62220212345678901234567890123456...\": not 6 to 12 digits",
        "line 4: region \"\": domestic or foreign",
    };

    import_bad(HEADER "622202,unionpay,ICBC,\"\xff\x01\"\"\\借记\",domestic\n"
                      "622202123456789012345678901234567890,unionpay,ICBC,debit,domestic\n"
                      "622203,unionpay,ICBC,debit,\n",
               errors, PS_ARRAY_LEN(errors));
}

static void the_header_comes_first(void **state)
{
    (void)state;
    static const char *const wrong[] = {
        "line 2: header: prefix,scheme,issuer,type,region expected",
    };
    static const char *const missing[] = {
        "line 3: header: missing (prefix,scheme,issuer,type,region expected)",
    };
    static const char *const empty[] = {
        "line 1: header: missing (prefix,scheme,issuer,type,region expected)",
    };
    static const char *const broken[] = {
        "line 1: header: a quote never closed",
    };

    /* the first row is taken for the header: nothing after it is read */
    import_bad("# BINs\n622202,unionpay,ICBC,debit,domestic\n62220a,x,y,z,w\n", wrong, 1);
    import_bad("prefix,scheme,issuer,type\n622202,unionpay,ICBC,debit\n",
               (const char *const[]){"line 1: header: prefix,scheme,issuer,type,region expected"},
               1);
    import_bad("# only\n# comments\n", missing, 1);
    import_bad("", empty, 1);
    import_bad("\"prefix,scheme,issuer,type,region\n", broken, 1);
}

static void a_bad_line_imports_nothing(void **state)
{
    (void)state;
    static const char *const errors[] = {"line 4: type \"Debit\": debit, credit or prepaid"};
    struct pricing_bin_table *t = NULL;
    struct ps_reason why = {{0}};
    const char *csv = HEADER "622202,unionpay,ICBC,debit,domestic\n"
                             "622848,unionpay,ABC,debit,domestic\n"
                             "621700,unionpay,CCB,Debit,domestic\n";

    import_bad(csv, errors, 1);
    assert_int_equal(pricing_bin_import(csv, strlen(csv), &t, NULL, &why), PS_EFORMAT);
    assert_null(t);
    assert_string_equal(why.text, "BIN table: 1 bad line; nothing imported");
}

static void the_error_list_is_capped(void **state)
{
    (void)state;
    size_t cap = 64 + 130 * 48, len = 0;
    char *csv = malloc(cap);
    struct pricing_bin_table *t = NULL;
    struct ps_reason why = {{0}};

    assert_non_null(csv);
    len += (size_t)snprintf(csv, cap, HEADER);
    /* lines 2..121: a good row then a bad one, the bad ones' type naming their line;
     * the last 30 rows (from line 92) repeat the first 30 prefixes, so duplicates are
     * found only after the sort yet must take their place in line order */
    for (int i = 0; i < 120; i++) {
        int line = i + 2;
        if (line >= 92)
            len += (size_t)snprintf(csv + len, cap - len, "%d,visa,bank,debit,foreign\n",
                                    400000 + (line - 92) * 2);
        else if (i % 2 == 0)
            len +=
                (size_t)snprintf(csv + len, cap - len, "%d,visa,bank,debit,foreign\n", 400000 + i);
        else
            len += (size_t)snprintf(csv + len, cap - len, "%d,visa,bank,t%d,foreign\n", 400000 + i,
                                    line);
    }
    assert_int_equal(pricing_bin_import(csv, len, &t, &report, &why), PS_EFORMAT);
    assert_null(t);
    assert_int_equal(report.bad_lines, 45 + 30);
    assert_int_equal(report.nerrors, PRICING_BIN_ERRORS_MAX);
    assert_string_equal(
        why.text, "BIN table: 75 bad lines (the first 50 listed, and 25 more); nothing imported");
    assert_string_equal(report.errors[0].text, "line 3: type \"t3\": debit, credit or prepaid");
    assert_string_equal(report.errors[44].text, "line 91: type \"t91\": debit, credit or prepaid");
    assert_string_equal(report.errors[45].text, "line 92: prefix 400000 is also on line 2");
    assert_string_equal(report.errors[49].text, "line 96: prefix 400008 is also on line 10");
    free(csv);
}

static void sizes_are_capped(void **state)
{
    (void)state;
    struct pricing_bin_table *t = NULL;
    struct ps_reason why = {{0}};
    size_t cap = (size_t)PRICING_BIN_ENTRIES_MAX * 36 + 64, len = 0;
    char *csv = malloc(cap);

    assert_non_null(csv);
    /* one entry too many */
    len += (size_t)snprintf(csv, cap, HEADER);
    for (int i = 0; i <= PRICING_BIN_ENTRIES_MAX; i++)
        len += (size_t)snprintf(csv + len, cap - len, "%d,other,x,debit,domestic\n", 10000000 + i);
    assert_int_equal(pricing_bin_import(csv, len, &t, &report, &why), PS_ETOOLONG);
    assert_null(t);
    assert_string_equal(why.text, "BIN table: line 200002: more than 200000 entries");

    /* exactly as many is fine */
    len -= strlen("10200000,other,x,debit,domestic\n");
    assert_int_equal(pricing_bin_import(csv, len, &t, &report, &why), 0);
    assert_int_equal(pricing_bin_table_count(t), PRICING_BIN_ENTRIES_MAX);
    pricing_bin_table_free(t);
    t = NULL;

    /* the file's own size is checked before a byte is read */
    assert_int_equal(pricing_bin_import(csv, (size_t)PRICING_BIN_FILE_MAX + 1, &t, &report, &why),
                     PS_ETOOLONG);
    assert_null(t);
    assert_string_equal(why.text, "BIN table: the file is 33554433 bytes, at most 33554432");
    free(csv);
}

static void the_default_table_classifies_the_sandbox_cards(void **state)
{
    (void)state;
    struct pricing_bin_table *t = NULL;
    struct pricing_bin b;
    struct ps_reason why = {{0}};
    size_t len = 0;
    const char *csv = pricing_bin_default_csv(&len);

    assert_int_equal(len, strlen(csv));
    assert_true(strstr(csv, "ILLUSTRATIVE") != NULL);
    assert_int_equal(pricing_bin_default(&t, &why), 0);
    assert_true(pricing_bin_table_count(t) >= 20 && pricing_bin_table_count(t) <= 40);

    assert_int_equal(pricing_bin_classify(t, "6222020000000000018", 19, &b, &why), 0);
    assert_string_equal(b.issuer, "中国工商银行 ICBC");
    assert_int_equal(b.scheme, PRICING_SCHEME_UNIONPAY);
    assert_int_equal(b.type, PRICING_CARD_DEBIT);
    assert_int_equal(b.region, PRICING_REGION_DOMESTIC);
    assert_int_equal(pricing_bin_classify(t, "6222020000000000034", 19, &b, &why), 0);
    assert_int_equal(b.type, PRICING_CARD_DEBIT);
    assert_int_equal(pricing_bin_classify(t, "6258070000000000011", 19, &b, &why), 0);
    assert_int_equal(b.scheme, PRICING_SCHEME_UNIONPAY);
    assert_int_equal(b.type, PRICING_CARD_CREDIT);
    assert_int_equal(b.region, PRICING_REGION_DOMESTIC);
    assert_int_equal(pricing_bin_classify(t, "4111111111111111", 16, &b, &why), 0);
    assert_int_equal(b.scheme, PRICING_SCHEME_VISA);
    assert_int_equal(b.region, PRICING_REGION_FOREIGN);
    assert_int_equal(pricing_bin_classify(t, "5555555555554444", 16, &b, &why), 0);
    assert_int_equal(b.scheme, PRICING_SCHEME_MASTERCARD);
    assert_int_equal(b.type, PRICING_CARD_CREDIT);

    /* every row names a known scheme, type and region, and prefixes ascend */
    for (size_t i = 0; i < pricing_bin_table_count(t); i++) {
        const struct pricing_bin *e = pricing_bin_table_entry(t, i);
        assert_string_not_equal(pricing_card_scheme_name(e->scheme), "?");
        assert_string_not_equal(pricing_card_type_name(e->type), "?");
        assert_string_not_equal(pricing_card_region_name(e->region), "?");
        assert_true(e->issuer[0] != '\0');
        if (i > 0)
            assert_true(strcmp(pricing_bin_table_entry(t, i - 1)->prefix, e->prefix) < 0);
    }
    pricing_bin_table_free(t);
    pricing_bin_table_free(NULL);
}

static void names_are_the_csv_words(void **state)
{
    (void)state;
    assert_string_equal(pricing_card_scheme_name(PRICING_SCHEME_UNIONPAY), "unionpay");
    assert_string_equal(pricing_card_scheme_name(PRICING_SCHEME_OTHER), "other");
    assert_string_equal(pricing_card_scheme_name((enum pricing_card_scheme)99), "?");
    assert_string_equal(pricing_card_type_name(PRICING_CARD_PREPAID), "prepaid");
    assert_string_equal(pricing_card_region_name(PRICING_REGION_FOREIGN), "foreign");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_longest_prefix_wins),
        cmocka_unit_test(a_table_of_many_entries_bisects),
        cmocka_unit_test(card_numbers_of_12_to_19_digits),
        cmocka_unit_test(unknown_bins_fall_back_by_scheme),
        cmocka_unit_test(csv_quoting_crlf_comments_and_bom),
        cmocka_unit_test(every_field_error_names_line_and_column),
        cmocka_unit_test(bad_values_are_quoted_safely),
        cmocka_unit_test(the_header_comes_first),
        cmocka_unit_test(a_bad_line_imports_nothing),
        cmocka_unit_test(the_error_list_is_capped),
        cmocka_unit_test(sizes_are_capped),
        cmocka_unit_test(the_default_table_classifies_the_sandbox_cards),
        cmocka_unit_test(names_are_the_csv_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
