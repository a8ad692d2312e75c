#include "testing.h"

#include <stdio.h>

#include "host/office/service/tickets.h"

#define HOUR_US (3600 * INT64_C(1000000))

enum {
    T_OPEN = OFFICE_TICKET_OPEN,
    T_PROG = OFFICE_TICKET_IN_PROGRESS,
    T_WAIT = OFFICE_TICKET_WAITING_CUSTOMER,
    T_RES = OFFICE_TICKET_RESOLVED,
    T_CLOSED = OFFICE_TICKET_CLOSED
};

/* The ticket life cycle again, cell by cell: expected[action][status], 0 = refused. */
static const int expected[OFFICE_TICKET_ACTION_COUNT + 1][OFFICE_TICKET_STATUS_COUNT + 1] = {
    /*                                    -  open    prog    wait    resolved closed */
    [OFFICE_TICKET_START] = {0, T_PROG, 0, 0, 0, 0},
    [OFFICE_TICKET_WAIT_CUSTOMER] = {0, 0, T_WAIT, 0, 0, 0},
    [OFFICE_TICKET_CUSTOMER_REPLIED] = {0, 0, 0, T_PROG, 0, 0},
    [OFFICE_TICKET_RESOLVE] = {0, 0, T_RES, T_RES, 0, 0},
    [OFFICE_TICKET_CLOSE] = {0, 0, 0, 0, T_CLOSED, 0},
    [OFFICE_TICKET_REOPEN] = {0, 0, 0, 0, T_PROG, 0},
};

static const char *const status_text[] = {"",         "open",  "in_progress", "waiting_customer",
                                          "resolved", "closed"};
static const char *const action_text[] = {"",        "start", "wait_customer", "customer_replied",
                                          "resolve", "close", "reopen"};

static const int64_t t0 = INT64_C(1767225600000000); /* 2026-01-01T00:00:00Z */

static void names_round_trip(void **state)
{
    static const char *const categories[] = {
        "",         "fault",        "repair",      "software_update",
        "training", "consultation", "accessories", "complaint"};
    static const char *const priorities[] = {"", "urgent", "high", "normal", "low"};
    enum office_ticket_category c;
    enum office_ticket_priority p;
    enum office_ticket_status s;
    enum office_ticket_action a;
    struct ps_reason why;

    (void)state;
    for (int i = 1; i <= OFFICE_TICKET_CATEGORY_COUNT; i++) {
        assert_string_equal(office_ticket_category_name((enum office_ticket_category)i),
                            categories[i]);
        assert_int_equal(office_ticket_category_parse(categories[i], &c, NULL), 0);
        assert_int_equal(c, i);
    }
    for (int i = 1; i <= OFFICE_TICKET_PRIORITY_COUNT; i++) {
        assert_string_equal(office_ticket_priority_name((enum office_ticket_priority)i),
                            priorities[i]);
        assert_int_equal(office_ticket_priority_parse(priorities[i], &p, NULL), 0);
        assert_int_equal(p, i);
    }
    for (int i = 1; i <= OFFICE_TICKET_STATUS_COUNT; i++) {
        assert_string_equal(office_ticket_status_name((enum office_ticket_status)i),
                            status_text[i]);
        assert_int_equal(office_ticket_status_parse(status_text[i], &s, NULL), 0);
        assert_int_equal(s, i);
    }
    for (int i = 1; i <= OFFICE_TICKET_ACTION_COUNT; i++) {
        assert_string_equal(office_ticket_action_name((enum office_ticket_action)i),
                            action_text[i]);
        assert_int_equal(office_ticket_action_parse(action_text[i], &a, NULL), 0);
        assert_int_equal(a, i);
    }
    assert_string_equal(office_ticket_category_name((enum office_ticket_category)8), "unknown");
    assert_string_equal(office_ticket_priority_name((enum office_ticket_priority)0), "unknown");
    assert_int_equal(office_ticket_category_parse("broken", &c, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "ticket category \"broken\" is not defined");
    assert_int_equal(office_ticket_priority_parse("critical", &p, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "ticket priority \"critical\" is not defined");
    assert_int_equal(office_ticket_status_parse(NULL, &s, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "ticket status \"\" is not defined");
    assert_int_equal(office_ticket_action_parse("escalate", &a, &why), PS_EUNDEFINED);
}

static void every_transition(void **state)
{
    struct ps_reason why;
    char want[PS_REASON_MAX];
    int legal = 0;

    (void)state;
    for (int a = 1; a <= OFFICE_TICKET_ACTION_COUNT; a++) {
        for (int s = 1; s <= OFFICE_TICKET_STATUS_COUNT; s++) {
            enum office_ticket_status to = 0;
            int rc = office_ticket_next_status((enum office_ticket_status)s,
                                               (enum office_ticket_action)a, &to, &why);
            if (expected[a][s] != 0) {
                assert_int_equal(rc, 0);
                assert_int_equal(to, expected[a][s]);
                legal++;
                continue;
            }
            assert_int_equal(rc, PS_ECHECK);
            snprintf(want, sizeof(want), "cannot %s a ticket that is %s: %s applies to ",
                     action_text[a], status_text[s], action_text[a]);
            assert_memory_equal(why.text, want, strlen(want));
        }
    }
    assert_int_equal(legal, 7);
    enum office_ticket_status to;
    assert_int_equal(office_ticket_next_status(OFFICE_TICKET_OPEN, OFFICE_TICKET_CLOSE, &to, &why),
                     PS_ECHECK);
    assert_string_equal(why.text, "cannot close a ticket that is open: close applies to resolved");
    assert_int_equal(
        office_ticket_next_status(OFFICE_TICKET_CLOSED, OFFICE_TICKET_RESOLVE, &to, &why),
        PS_ECHECK);
    assert_string_equal(why.text, "cannot resolve a ticket that is closed: resolve applies to "
                                  "in_progress, waiting_customer");
    assert_int_equal(office_ticket_next_status(0, OFFICE_TICKET_CLOSE, &to, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "ticket status 0 is not defined");
    assert_int_equal(
        office_ticket_next_status(OFFICE_TICKET_OPEN, (enum office_ticket_action)7, &to, &why),
        PS_EUNDEFINED);
    assert_string_equal(why.text, "ticket action 7 is not defined");
}

static struct office_ticket_draft draft(enum office_ticket_category c,
                                        enum office_ticket_priority p)
{
    struct office_ticket_draft d;

    memset(&d, 0, sizeof(d));
    d.category = c;
    d.priority = p;
    snprintf(d.mid, sizeof(d.mid), "898310048161234");
    snprintf(d.serial, sizeof(d.serial), "PAX-A920-0001");
    snprintf(d.description, sizeof(d.description), "打印机不出纸\nprinter feeds no paper");
    return d;
}

static void a_ticket_life(void **state)
{
    struct office_ticket_draft d = draft(OFFICE_TICKET_FAULT, OFFICE_TICKET_URGENT);
    struct office_ticket t, before;
    struct ps_reason why;

    (void)state;
    assert_int_equal(office_ticket_open(&t, &d, t0, &why), 0);
    assert_int_equal(t.status, OFFICE_TICKET_OPEN);
    assert_true(t.due_at_us == t0 + 4 * HOUR_US);
    assert_int_equal(office_ticket_apply(&t, OFFICE_TICKET_START, NULL, &why), 0);
    assert_int_equal(
        office_ticket_apply(&t, OFFICE_TICKET_WAIT_CUSTOMER, "asked for a photo", &why), 0);
    assert_int_equal(office_ticket_apply(&t, OFFICE_TICKET_CUSTOMER_REPLIED, NULL, &why), 0);
    assert_int_equal(office_ticket_apply(&t, OFFICE_TICKET_RESOLVE, NULL, &why), 0);
    before = t;
    assert_int_equal(office_ticket_apply(&t, OFFICE_TICKET_REOPEN, NULL, &why), PS_EINVAL);
    assert_string_equal(why.text, "reopen: a reason is required");
    assert_int_equal(office_ticket_apply(&t, OFFICE_TICKET_REOPEN, " ", &why), PS_EINVAL);
    assert_string_equal(why.text, "reopen: reason: blank");
    assert_memory_equal(&t, &before, sizeof(t));
    assert_int_equal(office_ticket_apply(&t, OFFICE_TICKET_REOPEN, "still no paper", &why), 0);
    assert_int_equal(t.status, OFFICE_TICKET_IN_PROGRESS);
    assert_true(t.due_at_us == t0 + 4 * HOUR_US); /* reopening does not move the due time */
    assert_int_equal(office_ticket_apply(&t, OFFICE_TICKET_RESOLVE, NULL, &why), 0);
    assert_int_equal(office_ticket_apply(&t, OFFICE_TICKET_CLOSE, NULL, &why), 0);
    assert_int_equal(office_ticket_apply(&t, OFFICE_TICKET_REOPEN, "again", &why), PS_ECHECK);
    assert_string_equal(why.text, "cannot reopen a ticket that is closed: reopen applies to "
                                  "resolved");
}

static void sla_table(void **state)
{
    static const int hours[] = {0, 4, 24, 72, 120};
    int64_t due;
    struct ps_reason why;

    (void)state;
    for (int p = 1; p <= OFFICE_TICKET_PRIORITY_COUNT; p++) {
        assert_int_equal(office_ticket_sla_hours((enum office_ticket_priority)p), hours[p]);
        assert_int_equal(office_ticket_sla_due((enum office_ticket_priority)p, t0, &due, NULL), 0);
        assert_true(due == t0 + hours[p] * HOUR_US);
    }
    assert_int_equal(office_ticket_sla_hours((enum office_ticket_priority)5), 0);
    assert_int_equal(office_ticket_sla_due((enum office_ticket_priority)0, t0, &due, &why),
                     PS_EUNDEFINED);
    assert_string_equal(why.text, "priority: 0 is not defined");
    assert_int_equal(office_ticket_sla_due(OFFICE_TICKET_LOW, INT64_MAX - 1, &due, &why),
                     PS_EOVERFLOW);
}

static void overdue(void **state)
{
    struct office_ticket_draft d = draft(OFFICE_TICKET_CONSULTATION, OFFICE_TICKET_HIGH);
    struct office_ticket t;
    int64_t due;

    (void)state;
    assert_int_equal(office_ticket_open(&t, &d, t0, NULL), 0);
    due = t0 + 24 * HOUR_US;
    assert_false(office_ticket_overdue(&t, due)); /* at the due time: still in time */
    assert_true(office_ticket_overdue(&t, due + 1));
    t.status = OFFICE_TICKET_IN_PROGRESS;
    assert_true(office_ticket_overdue(&t, due + 1));
    t.status = OFFICE_TICKET_WAITING_CUSTOMER;
    assert_false(office_ticket_overdue(&t, due + 1));
    t.status = OFFICE_TICKET_RESOLVED;
    assert_false(office_ticket_overdue(&t, due + 1));
    t.status = OFFICE_TICKET_CLOSED;
    assert_false(office_ticket_overdue(&t, due + 1));
}

static void expect_draft(const struct office_ticket_draft *d, int rc, const char *text)
{
    struct ps_reason why;
    struct office_ticket t;

    ps_reason_clear(&why);
    assert_int_equal(office_ticket_draft_check(d, &why), rc);
    assert_string_equal(why.text, text);
    assert_int_equal(office_ticket_open(&t, d, t0, NULL), rc);
}

static void draft_fields(void **state)
{
    struct office_ticket_draft d;

    (void)state;
    d = draft(OFFICE_TICKET_TRAINING, OFFICE_TICKET_LOW);
    d.serial[0] = '\0'; /* training is about a merchant, not a terminal */
    expect_draft(&d, 0, "");
    d.mid[0] = '\0';
    expect_draft(&d, 0, "");
    d.category = 0;
    expect_draft(&d, PS_EUNDEFINED, "category: 0 is not defined");
    d.category = 8;
    expect_draft(&d, PS_EUNDEFINED, "category: 8 is not defined");
    d = draft(OFFICE_TICKET_FAULT, 5);
    expect_draft(&d, PS_EUNDEFINED, "priority: 5 is not defined");
    d = draft(OFFICE_TICKET_FAULT, OFFICE_TICKET_LOW);
    d.description[0] = '\0';
    expect_draft(&d, PS_EFORMAT, "description: too short, 1 to 2000 bytes allowed");
    snprintf(d.description, sizeof(d.description), "bell\a");
    expect_draft(&d, PS_EFORMAT, "description: byte 5 is a control character");
    snprintf(d.description, sizeof(d.description), "\xe6\x89");
    expect_draft(&d, PS_EFORMAT, "description: byte 1 is not UTF-8");
    memset(d.description, 'x', sizeof(d.description));
    expect_draft(&d, PS_EFORMAT, "description: not terminated");
    d = draft(OFFICE_TICKET_FAULT, OFFICE_TICKET_LOW);
    snprintf(d.mid, sizeof(d.mid), "12345");
    expect_draft(&d, PS_EFORMAT, "mid: MID: too few characters, 15 digits needed");
    d = draft(OFFICE_TICKET_REPAIR, OFFICE_TICKET_LOW);
    d.serial[0] = '\0';
    expect_draft(&d, PS_EFORMAT, "serial: a repair ticket names its terminal");
    d.category = OFFICE_TICKET_SOFTWARE_UPDATE;
    expect_draft(&d, PS_EFORMAT, "serial: a software_update ticket names its terminal");
    snprintf(d.serial, sizeof(d.serial), "PAX_1234");
    expect_draft(&d, PS_EFORMAT,
                 "serial: serial number: character 4 '_' is not a letter, digit or '-'");
    expect_draft(NULL, PS_EINVAL, "no ticket");
}

static void expect_end(uint32_t installed, int months, int rc, const char *want)
{
    uint32_t end = 0;
    struct ps_reason why;
    char got[16];

    ps_reason_clear(&why);
    assert_int_equal(office_warranty_end(installed, months, &end, &why), rc);
    if (rc == 0) {
        snprintf(got, sizeof(got), "%08u", (unsigned)end);
        assert_string_equal(got, want);
    } else {
        assert_string_equal(why.text, want);
    }
}

static void warranty_end_dates(void **state)
{
    (void)state;
    expect_end(20260131, 1, 0, "20260228");  /* clamped to February's last day */
    expect_end(20240131, 1, 0, "20240229");  /* a leap year's */
    expect_end(20240229, 12, 0, "20250228"); /* 29 February to a common year */
    expect_end(20240229, 48, 0, "20280229");
    expect_end(20260115, 12, 0, "20270115");
    expect_end(20261130, 3, 0, "20270228"); /* across the year end */
    expect_end(20261231, 1, 0, "20270131");
    expect_end(20260331, 1, 0, "20260430");
    expect_end(20260101, 120, 0, "20360101");
    expect_end(20260229, 12, PS_EINVAL, "installation date 20260229 is not a real date");
    expect_end(20261301, 12, PS_EINVAL, "installation date 20261301 is not a real date");
    expect_end(20260100, 12, PS_EINVAL, "installation date 20260100 is not a real date");
    expect_end(20260101, 0, PS_EINVAL, "warranty: 0 months is outside 1 to 120");
    expect_end(20260101, 121, PS_EINVAL, "warranty: 121 months is outside 1 to 120");
    expect_end(99990101, 12, PS_EOVERFLOW, "warranty: ends after the year 9999");
}

static void warranty_covers(void **state)
{
    bool is_free = false;
    struct ps_reason why;

    (void)state;
    assert_int_equal(office_warranty_covers(20260131, 1, 20260228, &is_free, &why), 0);
    assert_true(is_free); /* the last day is covered */
    assert_int_equal(office_warranty_covers(20260131, 1, 20260301, &is_free, &why), 0);
    assert_false(is_free);
    assert_int_equal(office_warranty_covers(20260115, 12, 20260115, &is_free, &why), 0);
    assert_true(is_free); /* the installation day itself */
    assert_int_equal(office_warranty_covers(20260115, 12, 20270115, &is_free, &why), 0);
    assert_true(is_free);
    assert_int_equal(office_warranty_covers(20260115, 12, 20270116, &is_free, &why), 0);
    assert_false(is_free);
    assert_int_equal(office_warranty_covers(20260101, 12, 20251231, &is_free, &why), PS_EINVAL);
    assert_string_equal(why.text, "repair date 20251231 is before installation on 20260101");
    assert_int_equal(office_warranty_covers(20260101, 12, 20270230, &is_free, &why), PS_EINVAL);
    assert_string_equal(why.text, "repair date 20270230 is not a real date");
}

static struct office_terminal terminal(const char *serial, enum office_terminal_state s,
                                       const char *mid, const char *tid)
{
    struct office_terminal t;

    assert_int_equal(office_terminal_init(&t, serial, "A920", "PAX", NULL), 0);
    t.state = s;
    snprintf(t.mid, sizeof(t.mid), "%s", mid);
    snprintf(t.tid, sizeof(t.tid), "%s", tid);
    return t;
}

static void rma_plan(void **state)
{
    struct office_terminal faulty =
        terminal("PAX-0001", OFFICE_TERMINAL_ACTIVE, "898310048161234", "10000001");
    struct office_terminal spare = terminal("PAX-0002", OFFICE_TERMINAL_IN_STOCK, "", "");
    struct office_terminal faulty_copy = faulty, spare_copy = spare;
    struct office_rma_plan plan;
    struct ps_reason why;

    (void)state;
    assert_int_equal(office_rma_plan(&faulty, &spare, "10000002", "card reader dead", &plan, &why),
                     0);
    assert_memory_equal(&faulty, &faulty_copy, sizeof(faulty)); /* inputs untouched */
    assert_memory_equal(&spare, &spare_copy, sizeof(spare));
    assert_int_equal(plan.n, 3);
    assert_string_equal(plan.changes[0].serial, "PAX-0001");
    assert_int_equal(plan.changes[0].action, OFFICE_TERMINAL_SEND_TO_REPAIR);
    assert_int_equal(plan.changes[0].before.state, OFFICE_TERMINAL_ACTIVE);
    assert_int_equal(plan.changes[0].after.state, OFFICE_TERMINAL_IN_REPAIR);
    assert_string_equal(plan.changes[0].after.tid, "10000001"); /* whose it was */
    assert_string_equal(plan.changes[1].serial, "PAX-0002");
    assert_int_equal(plan.changes[1].action, OFFICE_TERMINAL_ASSIGN);
    assert_int_equal(plan.changes[1].after.state, OFFICE_TERMINAL_ASSIGNED);
    assert_string_equal(plan.changes[1].after.mid, "898310048161234");
    assert_string_equal(plan.changes[1].after.tid, "10000002");
    assert_int_equal(plan.changes[2].action, OFFICE_TERMINAL_ISSUE_CODE);
    assert_int_equal(plan.changes[2].before.state, OFFICE_TERMINAL_ASSIGNED);
    assert_int_equal(plan.changes[2].after.state, OFFICE_TERMINAL_ACTIVATION_PENDING);

    /* a locked terminal can be swapped too */
    faulty.state = OFFICE_TERMINAL_LOCKED;
    assert_int_equal(office_rma_plan(&faulty, &spare, "10000002", "dropped", &plan, &why), 0);
}

static void expect_rma(const struct office_terminal *f, const struct office_terminal *r,
                       const char *tid, const char *reason, int rc, const char *text)
{
    struct office_rma_plan plan;
    struct ps_reason why;

    plan.n = 99;
    assert_int_equal(office_rma_plan(f, r, tid, reason, &plan, &why), rc);
    assert_string_equal(why.text, text);
    assert_int_equal(plan.n, 0);
}

static void rma_refusals(void **state)
{
    struct office_terminal faulty =
        terminal("PAX-0001", OFFICE_TERMINAL_ACTIVE, "898310048161234", "10000001");
    struct office_terminal spare = terminal("PAX-0002", OFFICE_TERMINAL_IN_STOCK, "", "");
    struct office_terminal busy =
        terminal("PAX-0003", OFFICE_TERMINAL_ACTIVE, "898310048169999", "10000003");
    struct office_terminal stock = terminal("PAX-0004", OFFICE_TERMINAL_IN_STOCK, "", "");

    (void)state;
    expect_rma(&faulty, &busy, "10000002", "x", PS_ECHECK,
               "replacement PAX-0003 is active: a replacement comes from in_stock");
    expect_rma(&stock, &spare, "10000002", "x", PS_ECHECK,
               "faulty terminal PAX-0004 is in_stock: only a terminal with a merchant is swapped");
    expect_rma(&faulty, &faulty, "10000002", "x", PS_EINVAL,
               "RMA: terminal PAX-0001 cannot replace itself");
    expect_rma(&faulty, &spare, "10000002", NULL, PS_EINVAL, "RMA: a reason is required");
    expect_rma(&faulty, &spare, "10000002", "", PS_EINVAL,
               "RMA: reason: too short, 1 to 251 bytes allowed");
    expect_rma(&faulty, &spare, "1000000X", "x", PS_EFORMAT,
               "terminal PAX-0002: assign: TID: character 8 is not a digit");
    expect_rma(NULL, &spare, "10000002", "x", PS_EINVAL, "RMA: a terminal is missing");
    faulty.state = OFFICE_TERMINAL_RETURNED;
    expect_rma(&faulty, &spare, "10000002", "x", PS_ECHECK,
               "faulty terminal PAX-0001 is returned: only a terminal with a merchant is "
               "swapped");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(every_transition),
        cmocka_unit_test(a_ticket_life),
        cmocka_unit_test(sla_table),
        cmocka_unit_test(overdue),
        cmocka_unit_test(draft_fields),
        cmocka_unit_test(warranty_end_dates),
        cmocka_unit_test(warranty_covers),
        cmocka_unit_test(rma_plan),
        cmocka_unit_test(rma_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
