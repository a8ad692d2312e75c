/* The catalog in the terminal's database: add, update, remove, find, search, list,
 * and stock taken all or nothing. */
#include "testing.h"

#include <stdio.h>

#include "pos/catalog/catalog.h"
#include "pos/catalog/stock.h"
#include "pos/db/db.h"

static struct pos_product product(const char *code, const char *name, int64_t price, int32_t tax_bp,
                                  int64_t stock)
{
    struct pos_product p;
    memset(&p, 0, sizeof(p));
    snprintf(p.code, sizeof(p.code), "%s", code);
    snprintf(p.name, sizeof(p.name), "%s", name);
    p.price = price;
    p.tax_bp = tax_bp;
    p.stock = stock;
    return p;
}

/* Codes with good check digits, for the products below. */
#define TEA   "6901234567892"
#define RICE  "6920000000012"
#define BOOK  "9787111111115"
#define SOAP  "40063812"
#define SODA  "036000291452"
#define OTHER "6900000000007"

static int setup(void **state)
{
    sqlite3 *db = NULL;
    struct ps_reason why;
    assert_int_equal(pos_db_open("", &db, &why), 0);
    assert_int_equal(pos_catalog_migrate(db, &why), 0);
    assert_int_equal(pos_catalog_migrate(db, &why), 0); /* again: nothing to do */

    const struct pos_product seed[] = {
        product(TEA, "绿茶 Green Tea 250g", 1250, 1300, 40),
        product(RICE, "大米 Rice 1kg", 399, 900, 100),
        product(BOOK, "C Programming", 8900, 0, 3),
        product(SOAP, "Soap 100% natural_bar", 500, 1300, 12),
        product(SODA, "Green apple soda", 350, 1300, 24),
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(seed); i++)
        assert_int_equal(pos_catalog_add(db, &seed[i], &why), 0);
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    pos_db_close(*state);
    return 0;
}

static void assert_stock(sqlite3 *db, const char *code, int64_t want)
{
    struct pos_product p;
    struct ps_reason why;
    assert_int_equal(pos_catalog_find(db, code, &p, &why), 0);
    assert_int_equal(p.stock, want);
}

static void adds_finds_updates_and_removes(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    struct pos_product p;

    assert_int_equal(pos_catalog_find(db, TEA, &p, &why), 0);
    assert_string_equal(p.name, "绿茶 Green Tea 250g");
    assert_int_equal(p.price, 1250);
    assert_int_equal(p.tax_bp, 1300);
    assert_int_equal(p.stock, 40);

    struct pos_product again = product(TEA, "Another tea", 1, 0, 0);
    assert_int_equal(pos_catalog_add(db, &again, &why), POS_CATALOG_EXISTS);
    assert_string_equal(why.text, "code " TEA ": already in the catalog");
    assert_string_equal(pos_catalog_strerror(POS_CATALOG_EXISTS),
                        "a product with that code exists");

    struct pos_product dearer = product(TEA, "绿茶 Green Tea 250g", 1350, 1300, 38);
    assert_int_equal(pos_catalog_update(db, &dearer, &why), 0);
    assert_int_equal(pos_catalog_find(db, TEA, &p, &why), 0);
    assert_int_equal(p.price, 1350);
    assert_int_equal(p.stock, 38);

    struct pos_product absent = product(OTHER, "Nothing", 1, 0, 0);
    assert_int_equal(pos_catalog_update(db, &absent, &why), POS_CATALOG_NOT_FOUND);
    assert_string_equal(why.text, "code " OTHER ": not in the catalog");
    assert_int_equal(pos_catalog_find(db, OTHER, &p, &why), POS_CATALOG_NOT_FOUND);
    assert_string_equal(p.code, ""); /* zeroed */

    assert_int_equal(pos_catalog_remove(db, BOOK, &why), 0);
    assert_int_equal(pos_catalog_find(db, BOOK, &p, &why), POS_CATALOG_NOT_FOUND);
    assert_int_equal(pos_catalog_remove(db, BOOK, &why), POS_CATALOG_NOT_FOUND);
    size_t n = 0;
    assert_int_equal(pos_catalog_count(db, &n, &why), 0);
    assert_int_equal(n, 4);
}

static void refuses_invalid_products_and_codes(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    struct pos_product p;

    struct pos_product bad = product("6901234567891", "Tea", 100, 1300, 1);
    assert_int_equal(pos_catalog_add(db, &bad, &why), PS_ECHECK);
    assert_string_equal(why.text, "code 6901234567891: check digit should be 2, not 1");
    bad = product(OTHER, "", 100, 1300, 1);
    assert_int_equal(pos_catalog_add(db, &bad, &why), PS_EFORMAT);
    assert_string_equal(why.text, "name: empty");
    bad = product(OTHER, "Tea", -1, 1300, 1);
    assert_int_equal(pos_catalog_add(db, &bad, &why), PS_EINVAL);
    bad = product(OTHER, "Tea", 1, 10001, 1);
    assert_int_equal(pos_catalog_add(db, &bad, &why), PS_EINVAL);
    assert_int_equal(pos_catalog_update(db, &bad, &why), PS_EINVAL);

    /* a misread scan is told apart from a product that is not there */
    assert_int_equal(pos_catalog_find(db, "6901234567893", &p, &why), PS_ECHECK);
    assert_string_equal(why.text, "code 6901234567893: check digit should be 2, not 3");
    assert_int_equal(pos_catalog_find(db, "12345", &p, &why), PS_EFORMAT);
    size_t n = 0;
    assert_int_equal(pos_catalog_count(db, &n, &why), 0);
    assert_int_equal(n, 5);
}

static void searches_names_case_insensitively_for_ascii(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    struct pos_product found[8];
    size_t n = 0;
    int more = -1;

    /* "green" matches "Green Tea" and "Green apple", ordered by the folded name */
    assert_int_equal(pos_catalog_search(db, "GREEN", found, 8, &n, &more, &why), 0);
    assert_int_equal(n, 2);
    assert_int_equal(more, 0);
    assert_string_equal(found[0].code, SODA); /* "green apple soda" */
    assert_string_equal(found[1].code, TEA);  /* "绿茶 green tea 250g": the CJK sorts after */

    assert_int_equal(pos_catalog_search(db, "大米", found, 8, &n, &more, &why), 0);
    assert_int_equal(n, 1);
    assert_string_equal(found[0].code, RICE);

    /* the cashier's '%' and '_' are characters, not wildcards */
    assert_int_equal(pos_catalog_search(db, "100%", found, 8, &n, &more, &why), 0);
    assert_int_equal(n, 1);
    assert_string_equal(found[0].code, SOAP);
    assert_int_equal(pos_catalog_search(db, "n_tural", found, 8, &n, &more, &why), 0);
    assert_int_equal(n, 0); /* LIKE would have matched "natural" */
    assert_int_equal(pos_catalog_search(db, "L_BAR", found, 8, &n, &more, &why), 0);
    assert_int_equal(n, 1);

    /* bounded: two of five, and more to come; "" matches everything */
    assert_int_equal(pos_catalog_search(db, "", found, 2, &n, &more, &why), 0);
    assert_int_equal(n, 2);
    assert_int_equal(more, 1);
    assert_string_equal(found[0].code, BOOK); /* "c programming" */
    assert_string_equal(found[1].code, SODA);
    assert_int_equal(pos_catalog_search(db, "", found, 5, &n, &more, &why), 0);
    assert_int_equal(n, 5);
    assert_int_equal(more, 0);

    char long_text[POS_CATALOG_SEARCH_MAX + 2];
    memset(long_text, 'a', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    assert_int_equal(pos_catalog_search(db, long_text, found, 8, &n, &more, &why), PS_ETOOLONG);
}

static void lists_in_pages_by_code(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    struct pos_product page[2];
    const char *want[] = {SODA, SOAP, TEA, RICE, BOOK}; /* code order, as text */
    char after[POS_PRODUCT_CODE_MAX + 1] = "";
    size_t n = 0, seen = 0;
    do {
        assert_int_equal(pos_catalog_list(db, after, page, 2, &n, &why), 0);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(page[i].code, want[seen++]);
        if (n > 0)
            snprintf(after, sizeof(after), "%s", page[n - 1].code);
    } while (n == 2);
    assert_int_equal(seen, 5);
    assert_int_equal(pos_catalog_list(db, NULL, page, 0, &n, &why), 0);
    assert_int_equal(n, 0);
}

static void takes_a_sales_stock_even_below_zero(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    struct pos_product short_list[8];
    size_t n = 0;

    const struct pos_stock_delta sale[] = {{TEA, -3}, {BOOK, -5}, {TEA, -1}};
    assert_int_equal(pos_catalog_adjust_stock(db, sale, 3, &why), 0);
    assert_stock(db, TEA, 36);
    assert_stock(db, BOOK, -2); /* sold what the count said was not there */

    assert_int_equal(pos_catalog_short_stock(db, NULL, short_list, 8, &n, &why), 0);
    assert_int_equal(n, 1);
    assert_string_equal(short_list[0].code, BOOK);

    const struct pos_stock_delta delivery[] = {{BOOK, 12}};
    assert_int_equal(pos_catalog_adjust_stock(db, delivery, 1, &why), 0);
    assert_int_equal(pos_catalog_short_stock(db, "", short_list, 8, &n, &why), 0);
    assert_int_equal(n, 0);
    assert_int_equal(pos_catalog_adjust_stock(db, NULL, 0, &why), 0);
}

static void a_sale_takes_all_its_lines_or_none(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;

    const struct pos_stock_delta unknown[] = {{TEA, -1}, {RICE, -2}, {OTHER, -1}};
    assert_int_equal(pos_catalog_adjust_stock(db, unknown, 3, &why), POS_CATALOG_NOT_FOUND);
    assert_string_equal(why.text, "code " OTHER ": not in the catalog");
    assert_stock(db, TEA, 40);
    assert_stock(db, RICE, 100);

    struct pos_product huge = product(OTHER, "Grains of sand", 0, 0, INT64_MAX - 1);
    assert_int_equal(pos_catalog_add(db, &huge, &why), 0);
    const struct pos_stock_delta overflow[] = {{TEA, -1}, {OTHER, 2}};
    assert_int_equal(pos_catalog_adjust_stock(db, overflow, 2, &why), PS_EOVERFLOW);
    assert_non_null(strstr(why.text, "does not fit 64 bits"));
    assert_stock(db, TEA, 40);
    assert_stock(db, OTHER, INT64_MAX - 1);
}

static void nests_inside_the_callers_transaction(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    const struct pos_stock_delta sale[] = {{TEA, -2}};
    const struct pos_stock_delta bad[] = {{RICE, -1}, {OTHER, -1}};

    /* the caller's rollback takes the stock back with everything else */
    assert_int_equal(pos_db_exec(db, "BEGIN", &why), 0);
    assert_int_equal(pos_catalog_adjust_stock(db, sale, 1, &why), 0);
    assert_stock(db, TEA, 38);
    /* a failed adjustment inside undoes only itself */
    assert_int_equal(pos_catalog_adjust_stock(db, bad, 2, &why), POS_CATALOG_NOT_FOUND);
    assert_stock(db, RICE, 100);
    assert_stock(db, TEA, 38);
    assert_int_equal(pos_db_exec(db, "ROLLBACK", &why), 0);
    assert_stock(db, TEA, 40);

    assert_int_equal(pos_db_exec(db, "BEGIN", &why), 0);
    assert_int_equal(pos_catalog_adjust_stock(db, sale, 1, &why), 0);
    assert_int_equal(pos_db_exec(db, "COMMIT", &why), 0);
    assert_stock(db, TEA, 38);
}

static void a_file_keeps_the_catalog(void **state)
{
    (void)state;
    char path[] = "/tmp/possum-pos-catalog-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *db;
    struct ps_reason why;
    struct pos_product p = product(TEA, "Tea", 1250, 1300, 5);
    assert_int_equal(pos_db_open(path, &db, &why), 0);
    assert_int_equal(pos_catalog_migrate(db, &why), 0);
    assert_int_equal(pos_catalog_add(db, &p, &why), 0);
    pos_db_close(db);
    assert_int_equal(pos_db_open(path, &db, &why), 0);
    assert_int_equal(pos_catalog_migrate(db, &why), 0);
    assert_int_equal(pos_db_version(db, "catalog", &why), 1);
    assert_stock(db, TEA, 5);
    pos_db_close(db);
    char side[300];
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

static void reports_a_database_failure(void **state)
{
    sqlite3 *db = *state;
    struct ps_reason why;
    struct pos_product p;
    size_t n;
    int more;
    assert_int_equal(pos_db_exec(db, "DROP TABLE catalog_product", &why), 0);
    assert_int_equal(pos_catalog_find(db, TEA, &p, &why), PS_EIO);
    assert_non_null(strstr(why.text, "find product: no such table"));
    assert_int_equal(pos_catalog_search(db, "x", &p, 1, &n, &more, &why), PS_EIO);
    const struct pos_stock_delta sale[] = {{TEA, -1}};
    assert_int_equal(pos_catalog_adjust_stock(db, sale, 1, &why), PS_EIO);
    assert_int_equal(pos_catalog_count(db, &n, &why), PS_EIO);
    assert_true(sqlite3_get_autocommit(db)); /* no transaction left open */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(adds_finds_updates_and_removes, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_invalid_products_and_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(searches_names_case_insensitively_for_ascii, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(lists_in_pages_by_code, setup, teardown),
        cmocka_unit_test_setup_teardown(takes_a_sales_stock_even_below_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(a_sale_takes_all_its_lines_or_none, setup, teardown),
        cmocka_unit_test_setup_teardown(nests_inside_the_callers_transaction, setup, teardown),
        cmocka_unit_test(a_file_keeps_the_catalog),
        cmocka_unit_test_setup_teardown(reports_a_database_failure, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
