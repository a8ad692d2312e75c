/* operators/permissions: every action for both roles, and the reasons given. */
#include "testing.h"

#include <stdio.h>

#include "pos/operators/permissions.h"

/* The policy, written out a second time on purpose: a change to the table in
 * permissions.c has to be made here too. 1 = a cashier may do it alone. */
static const struct {
    enum pos_action action;
    const char *name;
    int cashier_may;
} policy[] = {
    {POS_ACTION_SALE, "sale", 1},
    {POS_ACTION_BALANCE_INQUIRY, "balance inquiry", 1},
    {POS_ACTION_PREAUTH, "pre-authorization", 1},
    {POS_ACTION_PREAUTH_COMPLETION, "pre-authorization completion", 1},
    {POS_ACTION_VOID, "void", 0},
    {POS_ACTION_REFUND, "refund", 0},
    {POS_ACTION_SETTLEMENT, "settlement", 0},
    {POS_ACTION_SIGN_IN_OFF, "sign-in and sign-off", 1},
    {POS_ACTION_REPRINT, "reprint", 1},
    {POS_ACTION_X_REPORT, "X report", 1},
    {POS_ACTION_OPERATOR_MANAGEMENT, "operator management", 0},
    {POS_ACTION_PARAMETER_CHANGE, "parameter change", 0},
    {POS_ACTION_DISCOUNT_ABOVE_LIMIT, "discount above the limit", 0},
    {POS_ACTION_CATALOG_EDIT, "catalogue edit", 1},
    {POS_ACTION_JOURNAL_EXPORT, "journal export", 1},
};

static void every_action_for_both_roles(void **state)
{
    (void)state;
    assert_int_equal(PS_ARRAY_LEN(policy), POS_ACTION_COUNT);
    for (size_t i = 0; i < PS_ARRAY_LEN(policy); i++) {
        struct ps_reason why = {{0}};
        assert_string_equal(pos_action_name(policy[i].action), policy[i].name);
        assert_int_equal(pos_role_may(POS_ROLE_SUPERVISOR, policy[i].action, &why), 0);
        int rc = pos_role_may(POS_ROLE_CASHIER, policy[i].action, &why);
        if (policy[i].cashier_may) {
            assert_int_equal(rc, 0);
        } else {
            char want[PS_REASON_MAX];
            snprintf(want, sizeof(want), "%s needs the supervisor", policy[i].name);
            assert_int_equal(rc, POS_OP_DENIED);
            assert_string_equal(why.text, want);
        }
    }
}

static void the_reason_reads_as_a_sentence(void **state)
{
    (void)state;
    struct ps_reason why = {{0}};
    assert_int_equal(pos_role_may(POS_ROLE_CASHIER, POS_ACTION_VOID, &why), POS_OP_DENIED);
    assert_string_equal(why.text, "void needs the supervisor");
    assert_int_equal(pos_role_may(POS_ROLE_CASHIER, POS_ACTION_VOID, NULL), POS_OP_DENIED);
}

static void undefined_roles_and_actions_are_refused(void **state)
{
    (void)state;
    struct ps_reason why = {{0}};
    assert_null(pos_action_name((enum pos_action)0));
    assert_null(pos_action_name((enum pos_action)(POS_ACTION_COUNT + 1)));
    assert_int_equal(pos_role_may(POS_ROLE_SUPERVISOR, (enum pos_action)0, &why), PS_EINVAL);
    assert_string_equal(why.text, "action 0 is not defined");
    assert_int_equal(pos_role_may((enum pos_role)7, POS_ACTION_SALE, &why), PS_EINVAL);
    assert_string_equal(why.text, "role 7 is not defined");
    assert_string_equal(pos_role_name(POS_ROLE_SUPERVISOR), "supervisor");
    assert_string_equal(pos_role_name(POS_ROLE_CASHIER), "cashier");
    assert_null(pos_role_name((enum pos_role)0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_action_for_both_roles),
        cmocka_unit_test(the_reason_reads_as_a_sentence),
        cmocka_unit_test(undefined_roles_and_actions_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
