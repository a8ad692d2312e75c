/* operators/session: login right and wrong, lockout and reset, the supervisor's timed
 * lock, one's own password, the supervisor's approval inside a cashier's session. */
#include "testing.h"

#include <stdio.h>

#include "pos/db/db.h"
#include "pos/operators/operators.h"

#define SUP_PASSWORD "246810"
#define NOW          1700000000
#define LOCK         300

struct fixture {
    sqlite3 *db;
    struct pos_operators *ops;
    struct pos_session sup;
};

static int open_fixture(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct pos_operators_options opt;
    struct ps_reason why = {{0}};

    assert_non_null(f);
    pos_operators_options_init(&opt);
    pos_password_cost_min(&opt.cost);
    opt.supervisor_lock_seconds = LOCK;
    assert_int_equal(pos_db_open("", &f->db, &why), 0);
    assert_int_equal(pos_operators_open(f->db, &opt, &f->ops, &why), 0);
    assert_int_equal(pos_operators_setup(f->ops, "Wang", SUP_PASSWORD, &why), 0);
    assert_int_equal(pos_session_login(f->ops, "00", SUP_PASSWORD, NOW, &f->sup, &why), 0);
    assert_int_equal(pos_operators_add(f->ops, &f->sup, "01", "Li", "111111", &why), 0);
    *state = f;
    return 0;
}

static int close_fixture(void **state)
{
    struct fixture *f = *state;
    pos_operators_close(f->ops);
    pos_db_close(f->db);
    free(f);
    return 0;
}

static void login_gives_the_two_digit_number(void **state)
{
    struct fixture *f = *state;
    struct pos_session s;
    struct ps_reason why = {{0}};

    assert_int_equal(pos_session_login(f->ops, "01", "111111", NOW, &s, &why), 0);
    assert_string_equal(s.number, "01");
    assert_int_equal(strlen(s.number), 2);
    assert_string_equal(s.name, "Li");
    assert_int_equal(s.role, POS_ROLE_CASHIER);
    assert_int_equal(s.approved, 0);
    pos_session_logout(&s);
    assert_string_equal(s.number, "");

    assert_int_equal(pos_session_login(f->ops, "1", "111111", NOW, &s, &why), PS_EINVAL);
    assert_string_equal(why.text, "operator number must be 2 digits, 00 to 99");
    assert_int_equal(pos_session_login(f->ops, "42", "111111", NOW, &s, &why), POS_OP_UNKNOWN);
    assert_string_equal(why.text, "no operator 42");
}

static void wrong_passwords_count_down_then_lock_a_cashier(void **state)
{
    struct fixture *f = *state;
    struct pos_session s;
    struct pos_operator_info info;
    struct ps_reason why = {{0}};
    char want[PS_REASON_MAX];

    for (int i = 1; i < POS_OPERATOR_MAX_TRIES; i++) {
        int left = POS_OPERATOR_MAX_TRIES - i;
        assert_int_equal(pos_session_login(f->ops, "01", "111112", NOW, &s, &why),
                         POS_OP_WRONG_PASSWORD);
        snprintf(want, sizeof(want), "wrong password for operator 01; %d %s left", left,
                 left == 1 ? "try" : "tries");
        assert_string_equal(why.text, want);
        assert_null(strstr(why.text, "111112"));
    }
    assert_int_equal(pos_session_login(f->ops, "01", "111112", NOW, &s, &why),
                     POS_OP_WRONG_PASSWORD);
    assert_string_equal(why.text, "wrong password for operator 01; it is now locked until the "
                                  "supervisor resets its password");
    /* locked: even the right password is refused, and time does not help */
    assert_int_equal(pos_session_login(f->ops, "01", "111111", NOW + 86400, &s, &why),
                     POS_OP_LOCKED);
    assert_string_equal(why.text, "operator 01 is locked after 5 wrong passwords; the "
                                  "supervisor must reset its password");
    assert_int_equal(pos_operators_get(f->ops, "01", &info, &why), 0);
    assert_int_equal(info.locked, 1);
    assert_int_equal(info.failed_tries, 5);

    /* the supervisor resets it: unlocked, with the new password */
    assert_int_equal(pos_operators_reset_password(f->ops, &f->sup, "01", "565656", &why), 0);
    assert_int_equal(pos_session_login(f->ops, "01", "111111", NOW, &s, &why),
                     POS_OP_WRONG_PASSWORD);
    assert_int_equal(pos_session_login(f->ops, "01", "565656", NOW, &s, &why), 0);
    assert_int_equal(pos_operators_get(f->ops, "01", &info, &why), 0);
    assert_int_equal(info.locked, 0);
    assert_int_equal(info.failed_tries, 0);
}

static void a_right_password_restarts_the_count(void **state)
{
    struct fixture *f = *state;
    struct pos_session s;
    struct ps_reason why = {{0}};

    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < POS_OPERATOR_MAX_TRIES - 1; i++)
            assert_int_equal(pos_session_login(f->ops, "01", "x", NOW, &s, &why),
                             POS_OP_WRONG_PASSWORD);
        assert_int_equal(pos_session_login(f->ops, "01", "111111", NOW, &s, &why), 0);
    }
    /* a password too long to be anyone's costs a try too */
    assert_int_equal(
        pos_session_login(f->ops, "01", "123456789012345678901234567890123", NOW, &s, &why),
        POS_OP_WRONG_PASSWORD);
    assert_string_equal(why.text, "wrong password for operator 01; 4 tries left");
}

static void the_supervisor_is_locked_for_a_period(void **state)
{
    struct fixture *f = *state;
    struct pos_session s;
    struct ps_reason why = {{0}};

    for (int i = 0; i < POS_OPERATOR_MAX_TRIES - 1; i++)
        assert_int_equal(pos_session_login(f->ops, "00", "000000", NOW, &s, &why),
                         POS_OP_WRONG_PASSWORD);
    assert_int_equal(pos_session_login(f->ops, "00", "000000", NOW, &s, &why),
                     POS_OP_WRONG_PASSWORD);
    assert_string_equal(why.text, "wrong password for the supervisor; it is now locked for 300 s");
    assert_int_equal(pos_session_login(f->ops, "00", SUP_PASSWORD, NOW + 1, &s, &why),
                     POS_OP_LOCKED);
    assert_string_equal(why.text,
                        "the supervisor is locked after 5 wrong passwords; try again in 299 s");
    assert_int_equal(pos_session_login(f->ops, "00", SUP_PASSWORD, NOW + LOCK - 1, &s, &why),
                     POS_OP_LOCKED);
    /* after the period: all five tries again */
    assert_int_equal(pos_session_login(f->ops, "00", "000000", NOW + LOCK, &s, &why),
                     POS_OP_WRONG_PASSWORD);
    assert_string_equal(why.text, "wrong password for operator 00; 4 tries left");
    assert_int_equal(pos_session_login(f->ops, "00", SUP_PASSWORD, NOW + LOCK, &s, &why), 0);
    assert_int_equal(s.role, POS_ROLE_SUPERVISOR);
    struct pos_operator_info info;
    assert_int_equal(pos_operators_get(f->ops, "00", &info, &why), 0);
    assert_int_equal(info.failed_tries, 0);
    assert_int_equal(info.locked_until, 0);
}

static void anyone_changes_their_own_password_with_the_old_one(void **state)
{
    struct fixture *f = *state;
    struct pos_session s;
    struct ps_reason why = {{0}};

    assert_int_equal(pos_session_login(f->ops, "01", "111111", NOW, &s, &why), 0);
    assert_int_equal(pos_session_change_password(f->ops, &s, "111111", "12", NOW, &why), PS_EINVAL);
    assert_string_equal(why.text, "a password has 6 to 32 characters; this one has 2");
    assert_int_equal(pos_session_change_password(f->ops, &s, "999999", "abcdef", NOW, &why),
                     POS_OP_WRONG_PASSWORD);
    assert_string_equal(why.text, "wrong password for operator 01; 4 tries left");
    assert_int_equal(pos_session_change_password(f->ops, &s, "111111", "abcdef", NOW, &why), 0);
    assert_int_equal(pos_session_login(f->ops, "01", "111111", NOW, &s, &why),
                     POS_OP_WRONG_PASSWORD);
    assert_int_equal(pos_session_login(f->ops, "01", "abcdef", NOW, &s, &why), 0);

    /* the supervisor too */
    assert_int_equal(
        pos_session_change_password(f->ops, &f->sup, SUP_PASSWORD, "Boss#2024", NOW, &why), 0);
    assert_int_equal(pos_session_login(f->ops, "00", "Boss#2024", NOW, &s, &why), 0);
}

static void the_supervisor_approves_one_action(void **state)
{
    struct fixture *f = *state;
    struct pos_session c;
    struct ps_reason why = {{0}};

    assert_int_equal(pos_session_login(f->ops, "01", "111111", NOW, &c, &why), 0);
    assert_int_equal(pos_session_authorize(&c, POS_ACTION_SALE, &why), 0);
    assert_int_equal(pos_session_authorize(&c, POS_ACTION_VOID, &why), POS_OP_DENIED);
    assert_string_equal(why.text, "void needs the supervisor");

    /* a wrong supervisor password approves nothing, and counts */
    assert_int_equal(pos_session_approve(f->ops, &c, POS_ACTION_VOID, "00", "000000", NOW, &why),
                     POS_OP_WRONG_PASSWORD);
    assert_string_equal(why.text, "wrong password for operator 00; 4 tries left");
    assert_int_equal(c.approved, 0);
    /* only the supervisor approves */
    assert_int_equal(pos_session_approve(f->ops, &c, POS_ACTION_VOID, "01", "111111", NOW, &why),
                     POS_OP_DENIED);
    assert_string_equal(why.text, "approval needs the supervisor (00), not operator 01");

    assert_int_equal(
        pos_session_approve(f->ops, &c, POS_ACTION_VOID, "00", SUP_PASSWORD, NOW, &why), 0);
    assert_string_equal(c.number, "01"); /* still the cashier's session */
    assert_int_equal(pos_session_authorize(&c, POS_ACTION_REFUND, &why), POS_OP_DENIED);
    assert_int_equal(pos_session_authorize(&c, POS_ACTION_SALE, &why), 0); /* keeps it */
    assert_int_equal(pos_session_authorize(&c, POS_ACTION_VOID, &why), 0);
    assert_string_equal(why.text, "");
    assert_int_equal(pos_session_authorize(&c, POS_ACTION_VOID, &why), POS_OP_DENIED);

    assert_int_equal(
        pos_session_approve(f->ops, &c, (enum pos_action)99, "00", SUP_PASSWORD, NOW, &why),
        PS_EINVAL);
    /* the supervisor's own session needs no approval */
    for (int a = 1; a <= POS_ACTION_COUNT; a++)
        assert_int_equal(pos_session_authorize(&f->sup, (enum pos_action)a, &why), 0);
}

static void a_changed_cost_rehashes_at_the_next_login(void **state)
{
    struct fixture *f = *state;
    struct pos_operators *heavier;
    struct pos_operators_options opt;
    struct pos_session s;
    struct ps_reason why = {{0}};
    char before[POS_PASSWORD_HASH_MAX], after[POS_PASSWORD_HASH_MAX];
    sqlite3_stmt *st;
    const char *sql = "SELECT password_hash FROM operators WHERE number = '01'";

    assert_int_equal(sqlite3_prepare_v2(f->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(before, sizeof(before), "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);

    pos_operators_options_init(&opt);
    pos_password_cost_min(&opt.cost);
    opt.cost.opslimit += 1;
    assert_int_equal(pos_operators_open(f->db, &opt, &heavier, &why), 0);
    assert_int_equal(pos_session_login(heavier, "01", "111111", NOW, &s, &why), 0);
    pos_operators_close(heavier);

    assert_int_equal(sqlite3_prepare_v2(f->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(after, sizeof(after), "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    assert_string_not_equal(before, after);
    assert_non_null(strstr(after, ",t=2,"));
    assert_int_equal(pos_session_login(f->ops, "01", "111111", NOW, &s, &why), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, open_fixture, close_fixture)
    const struct CMUnitTest tests[] = {
        T(login_gives_the_two_digit_number),
        T(wrong_passwords_count_down_then_lock_a_cashier),
        T(a_right_password_restarts_the_count),
        T(the_supervisor_is_locked_for_a_period),
        T(anyone_changes_their_own_password_with_the_old_one),
        T(the_supervisor_approves_one_action),
        T(a_changed_cost_rehashes_at_the_next_login),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
