#include "testing.h"

#include <stdio.h>

#include "host/office/tms/heartbeat.h"

#define MINUTE_US (60 * INT64_C(1000000))

static const int64_t t0 = INT64_C(1767225600000000); /* 2026-01-01T00:00:00Z */

static void printer_names(void **state)
{
    static const char *const names[] = {"", "ok", "paper_out", "error"};
    enum office_printer_state p;
    struct ps_reason why;

    (void)state;
    for (int i = 1; i <= OFFICE_PRINTER_STATE_COUNT; i++) {
        assert_string_equal(office_printer_state_name((enum office_printer_state)i), names[i]);
        assert_int_equal(office_printer_state_parse(names[i], &p, NULL), 0);
        assert_int_equal(p, i);
    }
    assert_string_equal(office_printer_state_name((enum office_printer_state)4), "unknown");
    assert_int_equal(office_printer_state_parse("jammed", &p, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "printer state \"jammed\" is not defined");
}

static void heartbeat_fields(void **state)
{
    struct office_heartbeat hb = {"1.4.2", 7, OFFICE_PRINTER_PAPER_OUT, t0};
    struct ps_reason why;

    (void)state;
    assert_int_equal(office_heartbeat_check(&hb, &why), 0);
    hb.last_txn_us = 0; /* no transaction yet */
    assert_int_equal(office_heartbeat_check(&hb, &why), 0);
    hb.last_txn_us = -1;
    assert_int_equal(office_heartbeat_check(&hb, &why), PS_EFORMAT);
    assert_string_equal(why.text, "last_txn: before 1970");
    hb.last_txn_us = t0;
    hb.printer = 0;
    assert_int_equal(office_heartbeat_check(&hb, &why), PS_EFORMAT);
    assert_string_equal(why.text, "printer: 0 is not a printer state");
    hb.printer = OFFICE_PRINTER_OK;
    snprintf(hb.app_version, sizeof(hb.app_version), "1.4");
    assert_int_equal(office_heartbeat_check(&hb, &why), PS_EFORMAT);
    assert_string_equal(why.text, "app_version: app version \"1.4\": MAJOR.MINOR.PATCH expected");
    memset(hb.app_version, '1', sizeof(hb.app_version));
    assert_int_equal(office_heartbeat_check(&hb, &why), PS_EFORMAT);
    assert_string_equal(why.text, "app_version: not terminated");
    assert_int_equal(office_heartbeat_check(NULL, &why), PS_EINVAL);
}

static void offline_decision(void **state)
{
    const int64_t limit = 30 * MINUTE_US;
    bool off = true;
    struct ps_reason why;

    (void)state;
    assert_int_equal(
        office_terminal_offline(OFFICE_TERMINAL_ACTIVE, t0, t0 + limit, limit, &off, &why), 0);
    assert_false(off); /* exactly the limit: not yet */
    assert_int_equal(
        office_terminal_offline(OFFICE_TERMINAL_ACTIVE, t0, t0 + limit + 1, limit, &off, &why), 0);
    assert_true(off);
    assert_int_equal(
        office_terminal_offline(OFFICE_TERMINAL_ACTIVE, t0 + MINUTE_US, t0, limit, &off, &why), 0);
    assert_false(off); /* a clock behind the last heartbeat */
    for (int s = 1; s <= OFFICE_TERMINAL_STATE_COUNT; s++) {
        assert_int_equal(office_terminal_offline((enum office_terminal_state)s, t0, t0 + 10 * limit,
                                                 limit, &off, &why),
                         0);
        assert_int_equal(off, s == OFFICE_TERMINAL_ACTIVE); /* only active terminals */
    }
    assert_int_equal(
        office_terminal_offline(OFFICE_TERMINAL_ACTIVE, 0, INT64_MAX, limit, &off, &why), 0);
    assert_true(off);
    assert_int_equal(
        office_terminal_offline(OFFICE_TERMINAL_ACTIVE, t0, t0, 1000000 - 1, &off, &why),
        PS_EINVAL);
    assert_string_equal(why.text, "silence limit: under one second");
    assert_int_equal( /* a few seconds: what the end-to-end tests use */
        office_terminal_offline(OFFICE_TERMINAL_ACTIVE, t0, t0 + 3000000, 2000000, &off, &why), 0);
    assert_true(off);
    assert_int_equal(office_terminal_offline(OFFICE_TERMINAL_ACTIVE, -1, t0, limit, &off, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "last seen: before 1970");
}

static void offline_ticket(void **state)
{
    struct office_terminal t;
    struct office_ticket_draft d;
    struct office_ticket ticket;
    struct ps_reason why;
    const int64_t limit = 30 * MINUTE_US, seen = t0 + 8 * 60 * MINUTE_US;

    (void)state;
    assert_int_equal(office_terminal_init(&t, "PAX-A920-0001", "A920", "PAX", NULL), 0);
    t.state = OFFICE_TERMINAL_ACTIVE;
    snprintf(t.mid, sizeof(t.mid), "898310048161234");
    snprintf(t.tid, sizeof(t.tid), "10000001");
    assert_int_equal(office_offline_ticket(&t, seen, seen + 95 * MINUTE_US, limit, &d, &why), 0);
    assert_int_equal(d.category, OFFICE_TICKET_FAULT);
    assert_int_equal(d.priority, OFFICE_TICKET_HIGH);
    assert_string_equal(d.mid, "898310048161234");
    assert_string_equal(d.serial, "PAX-A920-0001");
    assert_string_equal(d.description,
                        "Terminal PAX-A920-0001 (TID 10000001) silent since 2026-01-01T08:00:00Z: "
                        "95 minutes, over the limit of 30 minutes. Opened automatically.");
    /* the draft opens as a ticket as it is */
    assert_int_equal(office_ticket_open(&ticket, &d, seen + 95 * MINUTE_US, &why), 0);
    assert_int_equal(office_offline_ticket(&t, seen, seen + 10 * MINUTE_US, limit, &d, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "terminal PAX-A920-0001 is not offline");
    assert_int_equal(d.category, 0);
    /* a limit under a minute counts in seconds, not in "0 minutes" */
    assert_int_equal(office_offline_ticket(&t, seen, seen + 5000000, 2000000, &d, &why), 0);
    assert_string_equal(d.description,
                        "Terminal PAX-A920-0001 (TID 10000001) silent since 2026-01-01T08:00:00Z: "
                        "5 seconds, over the limit of 2 seconds. Opened automatically.");
    t.state = OFFICE_TERMINAL_LOCKED;
    assert_int_equal(office_offline_ticket(&t, seen, seen + 95 * MINUTE_US, limit, &d, &why),
                     PS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(printer_names),
        cmocka_unit_test(heartbeat_fields),
        cmocka_unit_test(offline_decision),
        cmocka_unit_test(offline_ticket),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
