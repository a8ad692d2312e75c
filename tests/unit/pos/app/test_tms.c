/* The TMS's tables and the limits a parameter set adds: a set stored and read back, a set
 * edited by hand refused, the newest package's version, the update report; and the
 * checks: a kind not in the set, above the per-transaction limit, above the daily limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "pos/app/host_params.h"
#include "pos/app/outcome.h"
#include "pos/app/schema.h"
#include "pos/app/tms_store.h"
#include "pos/db/db.h"

#define SET                                                                                        \
    "{\"version\":12,\"receipt_header\":\"Welcome\",\"kinds\":[\"purchase\",\"void\","            \
    "\"balance\"],\"per_txn_limit\":5000000,\"daily_limit\":20000000,\"hosts\":[\"a:1\"],"        \
    "\"connect_timeout_s\":10,\"response_timeout_s\":30}"

static sqlite3 *open_db(void)
{
    sqlite3 *db = NULL;
    assert_int_equal(pos_db_open(":memory:", &db, NULL), 0);
    assert_int_equal(pos_app_schema_migrate(db, NULL), 0);
    return db;
}

static void test_params_stored(void **state)
{
    sqlite3 *db = open_db();
    struct pos_tms_params p, back;
    struct ps_reason why;
    json_t *j = json_loads(SET, 0, NULL);
    int applied = 1;

    (void)state;
    assert_int_equal(pos_tms_params_load(db, &back, &applied, &why), 0);
    assert_int_equal(applied, 0);
    assert_int_equal(pos_tms_params_parse(j, &p, &why), 0);
    assert_int_equal(pos_tms_params_save(db, &p, 1700000000, &why), 0);
    assert_int_equal(pos_tms_params_load(db, &back, &applied, &why), 0);
    assert_int_equal(applied, 1);
    assert_memory_equal(&back, &p, sizeof(p));
    /* edited by hand into something the checks refuse */
    assert_int_equal(pos_db_exec(db, "UPDATE app_tms_params SET params = "
                                     "replace(params, '\"version\":12', '\"version\":0')",
                                 NULL),
                     0);
    assert_int_equal(pos_tms_params_load(db, &back, &applied, &why), PS_EFORMAT);
    assert_non_null(strstr(why.text, "version"));
    json_decref(j);
    pos_db_close(db);
}

static void test_packages_and_report(void **state)
{
    sqlite3 *db = open_db();
    struct pos_pkg_offer o = {.version = "1.9.0", .sha256 = "00", .size = 1, .url = "/x"};
    struct pos_tms_report r = {.version = "1.10.0", .state = "failed", .reason = "sha256"};
    struct pos_tms_report got;
    char v[POS_PKG_VERSION_MAX + 1];

    (void)state;
    assert_int_equal(pos_tms_app_version(db, v, NULL), 0);
    assert_string_equal(v, POS_APP_VERSION);
    assert_int_equal(pos_tms_package_save(db, &o, "/p/1.9.0/package", 1, NULL), 0);
    snprintf(o.version, sizeof(o.version), "1.10.0");
    assert_int_equal(pos_tms_package_save(db, &o, "/p/1.10.0/package", 2, NULL), 0);
    snprintf(o.version, sizeof(o.version), "1.2.0");
    assert_int_equal(pos_tms_package_save(db, &o, "/p/1.2.0/package", 3, NULL), 0);
    assert_int_equal(pos_tms_app_version(db, v, NULL), 0);
    assert_string_equal(v, "1.10.0"); /* by version, not by when */
    assert_int_equal(pos_tms_report_put(db, &r, NULL), 0);
    assert_int_equal(pos_tms_report_get(db, &got, NULL), 0);
    assert_string_equal(got.state, "failed");
    assert_int_equal(pos_tms_report_clear(db, NULL), 0);
    assert_int_equal(pos_tms_report_get(db, &got, NULL), 0);
    assert_string_equal(got.version, "");
    pos_db_close(db);
}

static void test_limits(void **state)
{
    struct pos_host_params hp;
    struct ps_reason why;
    json_t *j = json_loads(SET, 0, NULL);

    (void)state;
    memset(&hp, 0, sizeof(hp));
    hp.downloaded = 1;
    hp.p.allowed = 0xffffffffu; /* the host allows everything, no limits */
    assert_int_equal(pos_host_params_check(&hp, HL_REFUND, 100, &why), 0);
    assert_int_equal(pos_tms_params_parse(j, &hp.tms, &why), 0);
    hp.tms_applied = 1;
    assert_int_equal(pos_host_params_check(&hp, HL_REFUND, 100, &why), POS_APP_REFUSED);
    assert_non_null(strstr(why.text, "refund is not allowed on this terminal (the back office"));
    assert_int_equal(pos_host_params_check(&hp, HL_PURCHASE, 5000000, &why), 0);
    assert_int_equal(pos_host_params_check(&hp, HL_PURCHASE, 5000001, &why), POS_APP_REFUSED);
    assert_non_null(strstr(why.text, "purchase of 50000.01 is above the 50000.00"));
    assert_int_equal(pos_host_params_check(&hp, HL_VOID, 9000000, &why), 0); /* voids undo */
    assert_int_equal(pos_host_params_check_daily(&hp, HL_PURCHASE, 5000000, 15000000, &why), 0);
    assert_int_equal(pos_host_params_check_daily(&hp, HL_PURCHASE, 5000001, 15000000, &why),
                     POS_APP_REFUSED);
    assert_non_null(strstr(why.text, "would take today's sales to 200000.01, above the "
                                     "200000.00 a day"));
    assert_int_equal(pos_host_params_check_daily(&hp, HL_BALANCE, 1, 99999999, &why), 0);
    hp.tms_applied = 0;
    assert_int_equal(pos_host_params_check_daily(&hp, HL_PURCHASE, 1, 99999999, &why), 0);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params_stored),
        cmocka_unit_test(test_packages_and_report),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
