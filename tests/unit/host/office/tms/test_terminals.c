#include "testing.h"

#include <stdio.h>

#include "host/office/tms/terminals.h"

enum {
    S_STOCK = OFFICE_TERMINAL_IN_STOCK,
    S_ASSIGNED = OFFICE_TERMINAL_ASSIGNED,
    S_PENDING = OFFICE_TERMINAL_ACTIVATION_PENDING,
    S_ACTIVE = OFFICE_TERMINAL_ACTIVE,
    S_SUSPENDED = OFFICE_TERMINAL_SUSPENDED,
    S_LOCKED = OFFICE_TERMINAL_LOCKED,
    S_RETURNED = OFFICE_TERMINAL_RETURNED,
    S_REPAIR = OFFICE_TERMINAL_IN_REPAIR
};

/* The life cycle written out again, cell by cell, independently of terminals.c's table:
 * expected[action][state] is the state it leads to, 0 where the action is refused. */
static const int expected[OFFICE_TERMINAL_ACTION_COUNT + 1][OFFICE_TERMINAL_STATE_COUNT + 1] = {
    /*                          -  stock     assigned  pending   active    suspended locked returned
       repair */
    [OFFICE_TERMINAL_ASSIGN] = {0, S_ASSIGNED, 0, 0, 0, 0, 0, 0, 0},
    [OFFICE_TERMINAL_UNASSIGN] = {0, 0, S_STOCK, S_STOCK, 0, 0, 0, 0, 0},
    [OFFICE_TERMINAL_ISSUE_CODE] = {0, 0, S_PENDING, S_PENDING, 0, 0, 0, 0, 0},
    [OFFICE_TERMINAL_ACTIVATE] = {0, 0, 0, S_ACTIVE, 0, 0, 0, 0, 0},
    [OFFICE_TERMINAL_SUSPEND] = {0, 0, 0, 0, S_SUSPENDED, 0, 0, 0, 0},
    [OFFICE_TERMINAL_RESUME] = {0, 0, 0, 0, 0, S_ACTIVE, 0, 0, 0},
    [OFFICE_TERMINAL_LOCK] = {0, 0, 0, 0, S_LOCKED, S_LOCKED, 0, 0, 0},
    [OFFICE_TERMINAL_UNLOCK] = {0, 0, 0, 0, 0, 0, S_ACTIVE, 0, 0},
    [OFFICE_TERMINAL_RETURN] = {0, 0, S_RETURNED, S_RETURNED, S_RETURNED, S_RETURNED, S_RETURNED, 0,
                                0},
    [OFFICE_TERMINAL_SEND_TO_REPAIR] = {0, S_REPAIR, S_REPAIR, S_REPAIR, S_REPAIR, S_REPAIR,
                                        S_REPAIR, S_REPAIR, 0},
    [OFFICE_TERMINAL_RESTOCK] = {0, 0, 0, 0, 0, 0, 0, S_STOCK, S_STOCK},
};

static const char *const state_text[] = {"",         "in_stock",  "assigned", "activation_pending",
                                         "active",   "suspended", "locked",   "returned",
                                         "in_repair"};
static const char *const action_text[] = {"",         "assign",  "unassign",       "issue_code",
                                          "activate", "suspend", "resume",         "lock",
                                          "unlock",   "return",  "send_to_repair", "restock"};

static const char mid[] = "898310048161234";
static const char tid[] = "10000001";

static void names_round_trip(void **state)
{
    enum office_terminal_state s;
    enum office_terminal_action a;
    struct ps_reason why;

    (void)state;
    for (int i = 1; i <= OFFICE_TERMINAL_STATE_COUNT; i++) {
        assert_string_equal(office_terminal_state_name((enum office_terminal_state)i),
                            state_text[i]);
        assert_int_equal(office_terminal_state_parse(state_text[i], &s, NULL), 0);
        assert_int_equal(s, i);
    }
    for (int i = 1; i <= OFFICE_TERMINAL_ACTION_COUNT; i++) {
        assert_string_equal(office_terminal_action_name((enum office_terminal_action)i),
                            action_text[i]);
        assert_int_equal(office_terminal_action_parse(action_text[i], &a, NULL), 0);
        assert_int_equal(a, i);
    }
    assert_string_equal(office_terminal_state_name((enum office_terminal_state)0), "unknown");
    assert_string_equal(office_terminal_state_name((enum office_terminal_state)9), "unknown");
    assert_string_equal(office_terminal_action_name((enum office_terminal_action)12), "unknown");
    assert_int_equal(office_terminal_state_parse("broken", &s, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "terminal state \"broken\" is not defined");
    assert_int_equal(office_terminal_state_parse("Active", &s, &why), PS_EUNDEFINED);
    assert_int_equal(office_terminal_state_parse(NULL, &s, &why), PS_EUNDEFINED);
    assert_int_equal(office_terminal_action_parse("explode", &a, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "terminal action \"explode\" is not defined");
}

/* Every (state, action) pair: the legal ones lead where the table says, the others are
 * refused with a sentence naming the action and the state. */
static void every_transition(void **state)
{
    struct ps_reason why;
    char want[PS_REASON_MAX];
    int legal = 0;

    (void)state;
    for (int a = 1; a <= OFFICE_TERMINAL_ACTION_COUNT; a++) {
        for (int s = 1; s <= OFFICE_TERMINAL_STATE_COUNT; s++) {
            enum office_terminal_state to = 0;
            int rc = office_terminal_next_state((enum office_terminal_state)s,
                                                (enum office_terminal_action)a, &to, &why);
            if (expected[a][s] != 0) {
                assert_int_equal(rc, 0);
                assert_int_equal(to, expected[a][s]);
                legal++;
                continue;
            }
            assert_int_equal(rc, PS_ECHECK);
            snprintf(want, sizeof(want), "cannot %s a terminal that is %s: %s applies to ",
                     action_text[a], state_text[s], action_text[a]);
            assert_memory_equal(why.text, want, strlen(want));
        }
    }
    assert_int_equal(legal, 25);
}

static void refusal_lists_the_states_allowed(void **state)
{
    enum office_terminal_state to;
    struct ps_reason why;

    (void)state;
    assert_int_equal(
        office_terminal_next_state(OFFICE_TERMINAL_ACTIVE, OFFICE_TERMINAL_UNLOCK, &to, &why),
        PS_ECHECK);
    assert_string_equal(why.text, "cannot unlock a terminal that is active: unlock applies to "
                                  "locked");
    assert_int_equal(
        office_terminal_next_state(OFFICE_TERMINAL_IN_STOCK, OFFICE_TERMINAL_LOCK, &to, &why),
        PS_ECHECK);
    assert_string_equal(why.text, "cannot lock a terminal that is in_stock: lock applies to "
                                  "active, suspended");
    assert_int_equal(
        office_terminal_next_state((enum office_terminal_state)0, OFFICE_TERMINAL_LOCK, &to, &why),
        PS_EUNDEFINED);
    assert_string_equal(why.text, "terminal state 0 is not defined");
    assert_int_equal(office_terminal_next_state(OFFICE_TERMINAL_ACTIVE,
                                                (enum office_terminal_action)99, &to, &why),
                     PS_EUNDEFINED);
    assert_string_equal(why.text, "terminal action 99 is not defined");
}

static struct office_terminal new_terminal(void)
{
    struct office_terminal t;

    assert_int_equal(office_terminal_init(&t, "PAX-A920-0001", "A920", "PAX", NULL), 0);
    return t;
}

static void apply_ok(struct office_terminal *t, enum office_terminal_action a, const char *reason)
{
    struct office_terminal_event ev = {a, mid, tid, reason};
    struct ps_reason why;

    ps_reason_clear(&why);
    assert_int_equal(office_terminal_apply(t, &ev, &why), 0);
}

/* The whole life: stock, assigned, code, active, suspended, locked, unlocked, returned,
 * restocked; then repaired and restocked. */
static void a_life(void **state)
{
    struct office_terminal t = new_terminal();

    (void)state;
    assert_int_equal(t.state, OFFICE_TERMINAL_IN_STOCK);
    assert_string_equal(t.mid, "");
    apply_ok(&t, OFFICE_TERMINAL_ASSIGN, NULL);
    assert_int_equal(t.state, OFFICE_TERMINAL_ASSIGNED);
    assert_string_equal(t.mid, mid);
    assert_string_equal(t.tid, tid);
    apply_ok(&t, OFFICE_TERMINAL_ISSUE_CODE, NULL);
    apply_ok(&t, OFFICE_TERMINAL_ISSUE_CODE, NULL); /* a new code replaces an expired one */
    assert_int_equal(t.state, OFFICE_TERMINAL_ACTIVATION_PENDING);
    assert_false(office_terminal_may_transact(t.state));
    apply_ok(&t, OFFICE_TERMINAL_ACTIVATE, NULL);
    assert_true(office_terminal_may_transact(t.state));
    apply_ok(&t, OFFICE_TERMINAL_SUSPEND, "fees unpaid");
    apply_ok(&t, OFFICE_TERMINAL_LOCK, "reported stolen");
    assert_false(office_terminal_may_transact(t.state));
    apply_ok(&t, OFFICE_TERMINAL_UNLOCK, NULL);
    assert_int_equal(t.state, OFFICE_TERMINAL_ACTIVE);
    apply_ok(&t, OFFICE_TERMINAL_RETURN, "shop closed");
    assert_int_equal(t.state, OFFICE_TERMINAL_RETURNED);
    assert_string_equal(t.tid, tid); /* kept until restocked: whose it was */
    apply_ok(&t, OFFICE_TERMINAL_RESTOCK, NULL);
    assert_int_equal(t.state, OFFICE_TERMINAL_IN_STOCK);
    assert_string_equal(t.mid, "");
    assert_string_equal(t.tid, "");
    apply_ok(&t, OFFICE_TERMINAL_SEND_TO_REPAIR, "screen cracked in the warehouse");
    apply_ok(&t, OFFICE_TERMINAL_RESTOCK, NULL);
    apply_ok(&t, OFFICE_TERMINAL_ASSIGN, NULL);
    apply_ok(&t, OFFICE_TERMINAL_UNASSIGN, "merchant cancelled");
    assert_string_equal(t.tid, "");
}

static void only_active_may_transact(void **state)
{
    (void)state;
    for (int s = 0; s <= OFFICE_TERMINAL_STATE_COUNT + 1; s++)
        assert_int_equal(office_terminal_may_transact((enum office_terminal_state)s),
                         s == OFFICE_TERMINAL_ACTIVE);
}

static void expect_apply(struct office_terminal *t, enum office_terminal_action a, const char *m,
                         const char *d, const char *reason, int rc, const char *text)
{
    struct office_terminal before = *t;
    struct office_terminal_event ev = {a, m, d, reason};
    struct ps_reason why;

    assert_int_equal(office_terminal_apply(t, &ev, &why), rc);
    assert_string_equal(why.text, text);
    assert_memory_equal(t, &before, sizeof(before)); /* unchanged on error */
}

static void apply_checks_inputs(void **state)
{
    struct office_terminal t = new_terminal();
    struct ps_reason why;

    (void)state;
    expect_apply(&t, OFFICE_TERMINAL_ASSIGN, NULL, tid, NULL, PS_EFORMAT, "assign: MID: missing");
    expect_apply(&t, OFFICE_TERMINAL_ASSIGN, "89831004816123", tid, NULL, PS_EFORMAT,
                 "assign: MID: too few characters, 15 digits needed");
    expect_apply(&t, OFFICE_TERMINAL_ASSIGN, "8983100481612345", tid, NULL, PS_EFORMAT,
                 "assign: MID: too many characters, 15 digits needed");
    expect_apply(&t, OFFICE_TERMINAL_ASSIGN, "89831004816123X", tid, NULL, PS_EFORMAT,
                 "assign: MID: character 15 is not a digit");
    expect_apply(&t, OFFICE_TERMINAL_ASSIGN, mid, NULL, NULL, PS_EFORMAT, "assign: TID: missing");
    expect_apply(&t, OFFICE_TERMINAL_ASSIGN, mid, "1000001", NULL, PS_EFORMAT,
                 "assign: TID: too few characters, 8 digits needed");
    expect_apply(&t, OFFICE_TERMINAL_ASSIGN, mid, "00000000", NULL, PS_EFORMAT,
                 "assign: TID: 00000000 is never a TID");
    expect_apply(&t, OFFICE_TERMINAL_LOCK, NULL, NULL, "x", PS_ECHECK,
                 "cannot lock a terminal that is in_stock: lock applies to active, suspended");
    apply_ok(&t, OFFICE_TERMINAL_ASSIGN, NULL);
    apply_ok(&t, OFFICE_TERMINAL_ISSUE_CODE, NULL);
    apply_ok(&t, OFFICE_TERMINAL_ACTIVATE, NULL);
    expect_apply(&t, OFFICE_TERMINAL_LOCK, NULL, NULL, NULL, PS_EINVAL,
                 "lock: a reason is required");
    expect_apply(&t, OFFICE_TERMINAL_SUSPEND, NULL, NULL, "", PS_EINVAL,
                 "suspend: reason: too short, 1 to 256 bytes allowed");
    expect_apply(&t, OFFICE_TERMINAL_SUSPEND, NULL, NULL, "   ", PS_EINVAL,
                 "suspend: reason: blank");
    expect_apply(&t, OFFICE_TERMINAL_RETURN, NULL, NULL, "bad\xff", PS_EINVAL,
                 "return: reason: byte 4 is not UTF-8");
    expect_apply(&t, OFFICE_TERMINAL_SEND_TO_REPAIR, NULL, NULL, "line\nbreak", PS_EINVAL,
                 "send_to_repair: reason: byte 5 is a control character");
    assert_int_equal(office_terminal_apply(&t, NULL, &why), PS_EINVAL);
    apply_ok(&t, OFFICE_TERMINAL_LOCK, "商户要求停机"); /* a reason in Chinese is fine */
}

static void expect_serial(const char *serial, int rc, const char *text)
{
    struct ps_reason why;

    ps_reason_clear(&why);
    assert_int_equal(office_terminal_serial_check(serial, &why), rc);
    assert_string_equal(why.text, text);
}

static void serial_numbers(void **state)
{
    (void)state;
    expect_serial("0820123456", 0, "");                       /* PAX, digits only */
    expect_serial("N7NL00012345", 0, "");                     /* Newland */
    expect_serial("PAX-A920-0001", 0, "");                    /* hyphens */
    expect_serial("abc123", 0, "");                           /* shortest */
    expect_serial("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 0, ""); /* longest: 32 */
    expect_serial("ABC12", PS_EFORMAT, "serial number: too few characters, 6 to 32 allowed");
    expect_serial("", PS_EFORMAT, "serial number: no characters, 6 to 32 allowed");
    expect_serial("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", PS_EFORMAT,
                  "serial number: more than 32 characters, 6 to 32 allowed");
    expect_serial("PAX A920", PS_EFORMAT,
                  "serial number: character 4 (byte 0x20) is not a letter, digit or '-'");
    expect_serial("PAX_A920", PS_EFORMAT,
                  "serial number: character 4 '_' is not a letter, digit or '-'");
    expect_serial("PAX/A920", PS_EFORMAT,
                  "serial number: character 4 '/' is not a letter, digit or '-'");
    expect_serial("PAX\xe4\xb8\xad"
                  "A920",
                  PS_EFORMAT,
                  "serial number: character 4 (byte 0xE4) is not a letter, digit or '-'");
    expect_serial("A920-1\t", PS_EFORMAT,
                  "serial number: character 7 (byte 0x09) is not a letter, digit or '-'");
    expect_serial(NULL, PS_EINVAL, "serial number: missing");
}

static void init_checks_each_field(void **state)
{
    struct office_terminal t;
    struct ps_reason why;
    char long_model[OFFICE_MODEL_MAX + 2];

    (void)state;
    assert_int_equal(office_terminal_init(&t, "N7NL00012345", "N910 智能POS", "新大陆", &why), 0);
    assert_string_equal(t.vendor, "新大陆");
    assert_int_equal(t.state, OFFICE_TERMINAL_IN_STOCK);
    assert_int_equal(office_terminal_init(&t, "N7 NL", "N910", "Newland", &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "serial number: character 3 (byte 0x20) is not a letter, digit or '-'");
    assert_int_equal(t.serial[0], '\0');
    assert_int_equal(office_terminal_init(&t, NULL, "N910", "Newland", &why), PS_EFORMAT);
    assert_string_equal(why.text, "serial number: missing");
    assert_int_equal(office_terminal_init(&t, "N7NL00012345", "", "Newland", &why), PS_EFORMAT);
    assert_string_equal(why.text, "model: too short, 1 to 64 bytes allowed");
    assert_int_equal(office_terminal_init(&t, "N7NL00012345", NULL, "Newland", &why), PS_EFORMAT);
    assert_string_equal(why.text, "model: missing");
    memset(long_model, 'M', sizeof(long_model) - 1);
    long_model[sizeof(long_model) - 1] = '\0';
    assert_int_equal(office_terminal_init(&t, "N7NL00012345", long_model, "Newland", &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "model: too long, 1 to 64 bytes allowed");
    assert_int_equal(office_terminal_init(&t, "N7NL00012345", "N910", "New\x01land", &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "vendor: byte 4 is a control character");
    assert_int_equal(office_terminal_init(&t, "N7NL00012345", "N910", "\xc0\xafland", &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "vendor: byte 1 is not UTF-8");
}

static void expect_tid(uint32_t first, uint32_t last, const uint32_t *used, size_t n, int rc,
                       const char *text)
{
    struct office_tid_range range = {first, last};
    struct ps_reason why;
    char out[OFFICE_TID_LEN + 1];

    ps_reason_clear(&why);
    assert_int_equal(office_tid_allocate(&range, used, n, out, &why), rc);
    if (rc == 0) {
        assert_string_equal(out, text);
        assert_int_equal(office_tid_check(out, NULL), 0);
    } else {
        assert_string_equal(why.text, text);
        assert_string_equal(out, "");
    }
}

static void tid_allocation(void **state)
{
    static const uint32_t gap[] = {10000000, 10000001, 10000003};
    static const uint32_t dup_and_below[] = {5, 9999999, 10000000, 10000000, 10000001};
    static const uint32_t full[] = {10000000, 10000001, 10000002};
    static const uint32_t above[] = {10000001, 20000000};
    static const uint32_t unsorted[] = {10000000, 10000002, 10000001};
    static const uint32_t top[] = {99999998};

    (void)state;
    expect_tid(10000000, 10999999, NULL, 0, 0, "10000000");
    expect_tid(1, 99999999, NULL, 0, 0, "00000001");
    expect_tid(10000000, 10999999, gap, 3, 0, "10000002");
    expect_tid(10000000, 10999999, dup_and_below, 5, 0, "10000002");
    expect_tid(10000000, 10999999, above, 2, 0, "10000000");
    expect_tid(10000000, 10000002, full, 3, PS_ESPACE, "TID range 10000000-10000002 is full");
    expect_tid(99999998, 99999999, top, 1, 0, "99999999");
    expect_tid(10000000, 10999999, unsorted, 3, PS_EINVAL, "used TIDs: entry 3 is below entry 2");
    expect_tid(10000000, 10999999, NULL, 2, PS_EINVAL, "used TIDs: missing");
    expect_tid(0, 10, NULL, 0, PS_EINVAL, "TID range: 0-10 is outside 00000001-99999999");
    expect_tid(1, 100000000, NULL, 0, PS_EINVAL,
               "TID range: 1-100000000 is outside 00000001-99999999");
    expect_tid(20000000, 10000000, NULL, 0, PS_EINVAL,
               "TID range: first 20000000 is after last 10000000");
}

/* Allocating one after another over a random used set never repeats a TID and never
 * leaves the range. */
static void tid_allocation_property(void **state)
{
    uint64_t seed = test_seed(), rs = seed;
    uint32_t used[200];
    size_t n = 0;
    struct office_tid_range range = {50000000, 50000299};
    char out[OFFICE_TID_LEN + 1];

    (void)state;
    for (uint32_t v = range.first; v <= range.last && n < 100; v++)
        if (random_below(&rs, 3) == 0)
            used[n++] = v;
    for (int i = 0; i < 100; i++) {
        uint32_t got;
        assert_int_equal(office_tid_allocate(&range, used, n, out, NULL), 0);
        got = (uint32_t)strtoul(out, NULL, 10);
        assert_seeded(got >= range.first && got <= range.last, seed);
        size_t at = 0;
        while (at < n && used[at] < got)
            at++;
        assert_seeded(at == n || used[at] != got, seed);
        memmove(used + at + 1, used + at, (n - at) * sizeof(used[0]));
        used[at] = got;
        n++;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(every_transition),
        cmocka_unit_test(refusal_lists_the_states_allowed),
        cmocka_unit_test(a_life),
        cmocka_unit_test(only_active_may_transact),
        cmocka_unit_test(apply_checks_inputs),
        cmocka_unit_test(serial_numbers),
        cmocka_unit_test(init_checks_each_field),
        cmocka_unit_test(tid_allocation),
        cmocka_unit_test(tid_allocation_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
