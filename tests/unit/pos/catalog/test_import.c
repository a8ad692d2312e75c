/* The catalog as CSV: a good file imported, export -> import as the identity, every
 * kind of bad line reported with its number, and a bad file importing nothing. */
#include "testing.h"

#include <stdio.h>

#include "core/checks/ean.h"
#include "pos/catalog/catalog.h"
#include "pos/catalog/export.h"
#include "pos/catalog/import.h"
#include "pos/catalog/product.h"
#include "pos/db/db.h"

static struct pos_import_report report;

static sqlite3 *fresh_db(void)
{
    sqlite3 *db = NULL;
    struct ps_reason why;
    assert_int_equal(pos_db_open("", &db, &why), 0);
    assert_int_equal(pos_catalog_migrate(db, &why), 0);
    return db;
}

static int setup(void **state)
{
    *state = fresh_db();
    return 0;
}

static int teardown(void **state)
{
    pos_db_close(*state);
    return 0;
}

/* Imports text from a heap copy of exactly its bytes (ASan sees any read past len). */
static int import_text(sqlite3 *db, const char *text, struct ps_reason *why)
{
    size_t len = strlen(text);
    char *copy = malloc(len > 0 ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    int rc = pos_catalog_import(db, copy, len, &report, why);
    free(copy);
    return rc;
}

/* The catalog exported with flags, as a malloc'd string the caller frees. */
static char *export_text(sqlite3 *db, unsigned flags, size_t *count)
{
    char *buf = NULL;
    size_t len = 0;
    struct ps_reason why;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(pos_catalog_export(db, f, flags, count, &why), 0);
    fclose(f);
    return buf;
}

static void assert_product(sqlite3 *db, const char *code, const char *name, int64_t price,
                           int32_t tax_bp, int64_t stock)
{
    struct pos_product p;
    struct ps_reason why;
    assert_int_equal(pos_catalog_find(db, code, &p, &why), 0);
    assert_string_equal(p.name, name);
    assert_int_equal(p.price, price);
    assert_int_equal(p.tax_bp, tax_bp);
    assert_int_equal(p.stock, stock);
}

static size_t count_of(sqlite3 *db)
{
    size_t n = 0;
    struct ps_reason why;
    assert_int_equal(pos_catalog_count(db, &n, &why), 0);
    return n;
}

static void imports_a_good_file(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    assert_int_equal(import_text(db,
                                 "\xEF\xBB\xBF"
                                 "code,name,price,tax_rate,stock\r\n"
                                 "6901234567892,\"绿茶, Green \"\"Tea\"\"\",12.5,13,40\r\n"
                                 "40063812,Soap,5,9.5%,-2\r\n"
                                 "\r\n"
                                 "036000291452,\"Two\r\nlines\",0.35,6.25,0",
                                 &why),
                     0);
    assert_int_equal(report.added, 3);
    assert_int_equal(report.updated, 0);
    assert_int_equal(report.bad_lines, 0);
    assert_int_equal(report.nerrors, 0);
    assert_product(db, "6901234567892", "绿茶, Green \"Tea\"", 1250, 1300, 40);
    assert_product(db, "40063812", "Soap", 500, 950, -2);
    assert_product(db, "036000291452", "Two\r\nlines", 35, 625, 0);

    /* again, with a change: all updated, nothing added; the header's case is free */
    assert_int_equal(import_text(db,
                                 "Code,Name,Price,Tax_Rate,STOCK\n"
                                 "40063812,Soap,5.20,9.5,10\n"
                                 "6900000000007,New,1.00,0,1\n",
                                 &why),
                     0);
    assert_int_equal(report.added, 1);
    assert_int_equal(report.updated, 1);
    assert_product(db, "40063812", "Soap", 520, 950, 10);
    assert_product(db, "6901234567892", "绿茶, Green \"Tea\"", 1250, 1300, 40); /* untouched */

    /* just the header: nothing to do, and not an error */
    assert_int_equal(import_text(db, "code,name,price,tax_rate,stock\n", &why), 0);
    assert_int_equal(report.added + report.updated, 0);
}

static void export_then_import_is_the_identity(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    static const struct pos_product seed[] = {
        {"6901234567892", "绿茶 Green Tea 250g", 1250, 1300, 40},
        {"6920000000012", "Rice, \"premium\"", 399, 900, -7},
        {"9787111111115", "Two\nlines\r\nand CRLF", 0, 0, 0},
        {"40063812", " padded ", 99999999, 625, INT64_MAX},
        {"036000291452", "😀 emoji, 100%", 1, 1, INT64_MIN},
        {"6900000000007", "x", 92233720368547758, 10000, 1},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(seed); i++)
        assert_int_equal(pos_catalog_add(db, &seed[i], &why), 0);

    static const unsigned flag_sets[] = {0, POS_EXPORT_BOM, POS_EXPORT_CRLF, POS_EXPORT_EXCEL};
    for (size_t f = 0; f < PS_ARRAY_LEN(flag_sets); f++) {
        size_t n = 0;
        char *first = export_text(db, flag_sets[f], &n);
        assert_int_equal(n, PS_ARRAY_LEN(seed));

        sqlite3 *other = fresh_db();
        assert_int_equal(import_text(other, first, &why), 0);
        assert_int_equal(report.added, PS_ARRAY_LEN(seed));
        char *second = export_text(other, flag_sets[f], NULL);
        assert_string_equal(first, second);
        for (size_t i = 0; i < PS_ARRAY_LEN(seed); i++)
            assert_product(other, seed[i].code, seed[i].name, seed[i].price, seed[i].tax_bp,
                           seed[i].stock);
        pos_db_close(other);

        /* into the same catalog: every product updated to itself */
        assert_int_equal(import_text(db, first, &why), 0);
        assert_int_equal(report.added, 0);
        assert_int_equal(report.updated, PS_ARRAY_LEN(seed));
        char *third = export_text(db, flag_sets[f], NULL);
        assert_string_equal(first, third);
        free(first);
        free(second);
        free(third);
    }

    char *plain = export_text(db, 0, NULL);
    assert_non_null(strstr(plain, "code,name,price,tax_rate,stock\n036000291452,"
                                  "\"😀 emoji, 100%\",0.01,0.01,-9223372036854775808\n"));
    assert_non_null(strstr(plain, "\n6920000000012,\"Rice, \"\"premium\"\"\",3.99,9,-7\n"));
    assert_non_null(strstr(plain, "\n40063812,\" padded \",999999.99,6.25,9223372036854775807\n"));
    free(plain);
    char *excel = export_text(db, POS_EXPORT_EXCEL, NULL);
    assert_memory_equal(excel,
                        "\xEF\xBB\xBF"
                        "code,name,price,tax_rate,stock\r\n",
                        35);
    free(excel);
    FILE *sink = fopen("/dev/null", "w");
    assert_non_null(sink);
    assert_int_equal(pos_catalog_export(db, sink, 4, NULL, &why), PS_EINVAL);
    fclose(sink);
}

/* One bad line of each kind (and good ones between), with the reason expected for it. */
static const char bad_file[] = "code,name,price,tax_rate,stock\n"           /* 1 */
                               "6901234567892,Tea,12.50,13,40\n"            /* 2 good */
                               "6901234567891,Bad check,1.00,13,1\n"        /* 3 */
                               "6920000000012,,3.99,9,1\n"                  /* 4 */
                               "9787111111115,Book,12.345,0,1\n"            /* 5 */
                               "40063812,Soap,-1.00,13,1\n"                 /* 6 */
                               "036000291452,Soda,3.50,101,1\n"             /* 7 */
                               "6900000000007,Sand,0,0,lots\n"              /* 8 */
                               "6900000000014,Too few,1,1\n"                /* 9 */
                               "6901234567892,Tea again,1.00,13,1\n"        /* 10 */
                               "6900000000021,\"Closed\"x,1,1,1\n"          /* 11 */
                               "6900000000038,a\"b,1,1,1\n"                 /* 12 */
                               "6900000000045,\"GBK \xC2\xCC\",1,1,1\n"     /* 13 */
                               "12345678905,Short,1,1,1\n"                  /* 14 */
                               "\n"                                         /* 15 empty: skipped */
                               "6900000000052,\"multi\nline name\",1,1,1\n" /* 16-17 good */
                               "6900000000069,Tab,1\t,1,1\n"                /* 18 */
                               "6900000000076,Late,1,1,\"never closed\n";   /* 19 */

static const char *const bad_file_reasons[] = {
    "line 3: code 6901234567891: check digit should be 2, not 1",
    "line 4: name: empty",
    "line 5: price: more than two decimal places",
    "line 6: price: -1.00 is negative",
    "line 7: tax_rate: 101% is above 100%",
    "line 8: stock: 'l' at offset 0 is not a digit",
    "line 9: expected 5 fields (code,name,price,tax_rate,stock), found 4",
    "line 10: code 6901234567892: also on line 2",
    "line 11: name: text after the closing quote (a quote inside a quoted field is written \"\")",
    "line 12: name: a quote inside a field that does not start with one (quote the whole field "
    "and double the quote)",
    "line 13: name: not UTF-8 (byte 0xC2 at offset 4); save the file as UTF-8",
    "line 14: code 12345678905: a product code has 13 (EAN-13), 12 (UPC-A) or 8 (EAN-8) digits, "
    "not 11 (did a spreadsheet drop a leading zero?)",
    "line 18: price: control byte 0x09 at offset 1",
    "line 19: stock: the quote opened on line 19 is never closed",
};

static void reports_every_bad_line_and_imports_nothing(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    struct pos_product before = {"6901234567892", "Tea as it was", 1000, 1300, 5};
    assert_int_equal(pos_catalog_add(db, &before, &why), 0);

    assert_int_equal(import_text(db, bad_file, &why), PS_EFORMAT);
    assert_int_equal(report.bad_lines, PS_ARRAY_LEN(bad_file_reasons));
    assert_int_equal(report.nerrors, PS_ARRAY_LEN(bad_file_reasons));
    for (size_t i = 0; i < PS_ARRAY_LEN(bad_file_reasons); i++)
        assert_string_equal(report.errors[i].text, bad_file_reasons[i]);
    assert_int_equal(report.added, 0);
    assert_int_equal(report.updated, 0);
    assert_non_null(strstr(why.text, "14 bad lines, the first line 3: code 6901234567891"));
    assert_non_null(strstr(why.text, "; nothing was imported"));

    /* nothing already stored is lost or changed, nothing new is there */
    assert_int_equal(count_of(db), 1);
    assert_product(db, "6901234567892", "Tea as it was", 1000, 1300, 5);
}

static void a_single_bad_line_is_named_in_the_summary(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    assert_int_equal(import_text(db,
                                 "code,name,price,tax_rate,stock\n"
                                 "6901234567892,Tea,12.50,13,40\n"
                                 "6901234567891,Tea,12.50,13,40\n",
                                 &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "line 3: code 6901234567891: check digit should be 2, not 1; "
                                  "nothing was imported");
    assert_int_equal(count_of(db), 0);
}

static void refuses_a_bad_or_missing_header(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    static const struct {
        const char *text;
        const char *reason;
    } cases[] = {
        {"", "line 1: header: missing; the first line must be code,name,price,tax_rate,stock"},
        {"\xEF\xBB\xBF",
         "line 1: header: missing; the first line must be code,name,price,tax_rate,stock"},
        {"code,name,price,tax,stock\n6901234567892,Tea,12.50,13,40\n",
         "line 1: header: expected code,name,price,tax_rate,stock"},
        {"name,code,price,tax_rate,stock\n",
         "line 1: header: expected code,name,price,tax_rate,stock"},
        {"6901234567892,Tea,12.50,13,40\n",
         "line 1: header: expected code,name,price,tax_rate,stock"},
        {"code,\"name,price,tax_rate,stock\n",
         "line 1: header: the quote opened on line 1 is never closed"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        assert_int_equal(import_text(db, cases[i].text, &why), PS_EFORMAT);
        assert_int_equal(report.bad_lines, 1); /* the lines below are not read */
        assert_string_equal(report.errors[0].text, cases[i].reason);
    }
    assert_int_equal(count_of(db), 0);
}

static void refuses_long_names_long_lines_and_extra_fields(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    char *text = malloc(8192);
    assert_non_null(text);
    char name[POS_PRODUCT_NAME_MAX + 2], huge[3000];
    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    memset(huge, 'h', sizeof(huge) - 1);
    huge[sizeof(huge) - 1] = '\0';
    snprintf(text, 8192,
             "code,name,price,tax_rate,stock\n"
             "6901234567892,%s,1,1,1\n"         /* 2: a name of 161 bytes */
             "6920000000012,\"%s\",1,1,1\n"     /* 3: a line of 3000 bytes */
             "9787111111115,Book,1,1,1,extra\n" /* 4: six fields */
             "40063812,Soap,1,1,1\n",           /* 5: good, and in step */
             name, huge);
    assert_int_equal(import_text(db, text, &why), PS_EFORMAT);
    assert_int_equal(report.bad_lines, 3);
    assert_string_equal(report.errors[0].text, "line 2: name: 161 bytes, at most 160");
    assert_string_equal(report.errors[1].text,
                        "line 3: name: the line holds more than 2048 bytes of text");
    assert_string_equal(report.errors[2].text,
                        "line 4: expected 5 fields (code,name,price,tax_rate,stock), found 6");
    free(text);
}

/* An EAN-13 for n, check digit computed. */
static void ean_for(unsigned n, char code[14])
{
    char check;
    snprintf(code, 14, "690%09u", n);
    assert_int_equal(ps_ean_compute(code, 12, &check, NULL, NULL), 0);
    code[12] = check;
    code[13] = '\0';
}

static void keeps_the_first_reasons_and_counts_the_rest(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    char *text = malloc(64 * 1024);
    assert_non_null(text);
    size_t used = (size_t)snprintf(text, 64, "code,name,price,tax_rate,stock\n");
    for (int i = 0; i < 50; i++) /* lines 2..51, all with a bad price */
        used += (size_t)snprintf(text + used, 64, "%s,Thing,x,13,1\n", i % 2 ? "40063812" : "");
    assert_int_equal(import_text(db, text, &why), PS_EFORMAT);
    assert_int_equal(report.bad_lines, 50);
    assert_int_equal(report.nerrors, POS_IMPORT_ERRORS_MAX);
    assert_string_equal(report.errors[0].text,
                        "line 2: code: a product code has 13 (EAN-13), 12 (UPC-A) or 8 (EAN-8) "
                        "digits, not 0");
    assert_string_equal(report.errors[1].text, "line 3: price: 'x' at offset 0 is not a digit");
    assert_non_null(strstr(report.errors[POS_IMPORT_ERRORS_MAX - 1].text, "line 33: "));
    free(text);
}

static void refuses_more_products_than_one_file_may_hold(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    size_t cap = (size_t)(POS_IMPORT_PRODUCTS_MAX + 1) * 40 + 64;
    char *text = malloc(cap);
    char code[14];
    assert_non_null(text);
    size_t used = (size_t)snprintf(text, cap, "code,name,price,tax_rate,stock\n");
    for (unsigned i = 0; i <= POS_IMPORT_PRODUCTS_MAX; i++) {
        ean_for(i, code);
        used += (size_t)snprintf(text + used, cap - used, "%s,P,1,13,1\n", code);
    }
    assert_int_equal(pos_catalog_import(db, text, used, &report, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "more than 100000 products in one file; split it");
    assert_int_equal(count_of(db), 0);

    /* exactly the limit imports, in one transaction */
    char *last = text + used - 1;
    while (last[-1] != '\n')
        last--;
    assert_int_equal(pos_catalog_import(db, text, (size_t)(last - text), &report, &why), 0);
    assert_int_equal(report.added, POS_IMPORT_PRODUCTS_MAX);
    assert_int_equal(count_of(db), POS_IMPORT_PRODUCTS_MAX);
    free(text);
}

static void a_database_failure_midway_imports_nothing(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    struct pos_product before = {"40063812", "Soap as it was", 500, 1300, 5};
    assert_int_equal(pos_catalog_add(db, &before, &why), 0);
    assert_int_equal(pos_db_exec(db,
                                 "CREATE TRIGGER refuse BEFORE INSERT ON catalog_product"
                                 " WHEN NEW.code = '036000291452'"
                                 " BEGIN SELECT RAISE(ABORT, 'the disk is full'); END;",
                                 &why),
                     0);
    assert_int_equal(import_text(db,
                                 "code,name,price,tax_rate,stock\n"
                                 "6901234567892,Tea,12.50,13,40\n"
                                 "40063812,Soap,6.00,13,9\n"
                                 "036000291452,Soda,3.50,13,1\n",
                                 &why),
                     PS_EIO);
    assert_non_null(strstr(why.text, "the disk is full"));
    assert_int_equal(report.added, 0);
    assert_int_equal(report.updated, 0);
    assert_int_equal(count_of(db), 1);
    assert_product(db, "40063812", "Soap as it was", 500, 1300, 5);
    assert_true(sqlite3_get_autocommit(db));
}

static void imports_from_a_file(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs("code,name,price,tax_rate,stock\n6901234567892,Tea,12.50,13,40\n", f);
    rewind(f);
    assert_int_equal(pos_catalog_import_file(db, f, &report, &why), 0);
    assert_int_equal(report.added, 1);
    fclose(f);

    /* a file above the bound is refused before it is read to its end */
    f = tmpfile();
    assert_non_null(f);
    static char block[1 << 20];
    memset(block, ' ', sizeof(block));
    for (int i = 0; i <= POS_IMPORT_FILE_MAX >> 20; i++)
        assert_int_equal(fwrite(block, 1, sizeof(block), f), sizeof(block));
    rewind(f);
    assert_int_equal(pos_catalog_import_file(db, f, &report, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "the file is larger than 16 MiB; split it");
    fclose(f);
    assert_int_equal(count_of(db), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(imports_a_good_file, setup, teardown),
        cmocka_unit_test_setup_teardown(export_then_import_is_the_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(reports_every_bad_line_and_imports_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_single_bad_line_is_named_in_the_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_a_bad_or_missing_header, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_long_names_long_lines_and_extra_fields, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(keeps_the_first_reasons_and_counts_the_rest, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(refuses_more_products_than_one_file_may_hold, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_database_failure_midway_imports_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(imports_from_a_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
