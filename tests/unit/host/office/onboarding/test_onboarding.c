#include "testing.h"

#include <stdio.h>

#include "host/office/onboarding/onboarding.h"

#define TODAY 20261008u

enum {
    NONE = OFFICE_APP_NONE,
    DRAFT = OFFICE_APP_DRAFT,
    SUBMITTED = OFFICE_APP_SUBMITTED,
    REVIEW = OFFICE_APP_UNDER_REVIEW,
    RETURNED = OFFICE_APP_RETURNED,
    RESUBMITTED = OFFICE_APP_RESUBMITTED,
    APPROVED = OFFICE_APP_APPROVED,
    REJECTED = OFFICE_APP_REJECTED,
    SIGNED = OFFICE_APP_CONTRACT_SIGNED,
    SCHEDULED = OFFICE_APP_INSTALLATION_SCHEDULED,
    INSTALLED = OFFICE_APP_INSTALLED,
    TRAINED = OFFICE_APP_TRAINED,
    LIVE = OFFICE_APP_LIVE,
    STATES = OFFICE_APP_STATE_LAST + 1
};

/* The life cycle written out again, cell by cell, independently of onboarding.c's
 * table: expected[action][state] is the state it leads to, -1 where it is refused. */
#define X -1
static const int expected[OFFICE_ACT_LAST + 1][STATES] = {
    /*                       none   draft  subm   review   ret       resub  appr     rej sign sched
       inst       train live */
    [OFFICE_ACT_CREATE] = {DRAFT, X, X, X, X, X, X, X, X, X, X, X, X},
    [OFFICE_ACT_EDIT] = {X, DRAFT, X, X, RETURNED, X, X, X, X, X, X, X, X},
    [OFFICE_ACT_SUBMIT] = {X, SUBMITTED, X, X, X, X, X, X, X, X, X, X, X},
    [OFFICE_ACT_START_REVIEW] = {X, X, REVIEW, X, X, REVIEW, X, X, X, X, X, X, X},
    [OFFICE_ACT_RETURN] = {X, X, X, RETURNED, X, X, X, X, X, X, X, X, X},
    [OFFICE_ACT_RESUBMIT] = {X, X, X, X, RESUBMITTED, X, X, X, X, X, X, X, X},
    [OFFICE_ACT_APPROVE] = {X, X, X, APPROVED, X, X, X, X, X, X, X, X, X},
    [OFFICE_ACT_REJECT] = {X, X, X, REJECTED, X, X, X, X, X, X, X, X, X},
    [OFFICE_ACT_SIGN_CONTRACT] = {X, X, X, X, X, X, SIGNED, X, X, X, X, X, X},
    [OFFICE_ACT_SCHEDULE_INSTALLATION] = {X, X, X, X, X, X, X, X, SCHEDULED, SCHEDULED, X, X, X},
    [OFFICE_ACT_MARK_INSTALLED] = {X, X, X, X, X, X, X, X, X, INSTALLED, X, X, X},
    [OFFICE_ACT_MARK_TRAINED] = {X, X, X, X, X, X, X, X, X, X, TRAINED, X, X},
    [OFFICE_ACT_GO_LIVE] = {X, X, X, X, X, X, X, X, X, X, X, LIVE, X},
};
#undef X

static const char *const state_text[STATES] = {
    "",         "draft",    "submitted",       "under_review",           "returned",  "resubmitted",
    "approved", "rejected", "contract_signed", "installation_scheduled", "installed", "trained",
    "live"};
static const char *const action_text[OFFICE_ACT_LAST + 1] = {"",
                                                             "create",
                                                             "edit",
                                                             "submit",
                                                             "start_review",
                                                             "return",
                                                             "resubmit",
                                                             "approve",
                                                             "reject",
                                                             "sign_contract",
                                                             "schedule_installation",
                                                             "mark_installed",
                                                             "mark_trained",
                                                             "go_live"};

/* An input good for every action at once. */
static struct office_step_input good_input(void)
{
    struct office_step_input in;
    memset(&in, 0, sizeof(in));
    strcpy(in.note, "营业执照照片模糊，请重新上传。\nThe licence photo is blurred.");
    in.fix_count = 2;
    strcpy(in.fix_fields[0], "documents.business_licence");
    strcpy(in.fix_fields[1], "settlement.account_number");
    strcpy(in.mid, "898584058120001");
    strcpy(in.contract_number, "PSM-2026-000123");
    strcpy(in.fee_plan, "standard-0.60");
    in.deposit_fen = 19900;
    in.installation_date = 20261012;
    in.technician_id = 7;
    return in;
}

static int step(int from, int action, const struct office_step_input *in, int *to,
                struct office_problems *problems)
{
    enum office_app_state next = (enum office_app_state) - 99;
    int rc = office_onboarding_step((enum office_app_state)from, (enum office_app_action)action, in,
                                    TODAY, &next, problems);
    *to = (int)next;
    return rc;
}

/* Takes action from state from with input in, which must succeed, and returns the
 * state it leads to. */
static int take(int from, int action, const struct office_step_input *in)
{
    struct office_problems problems;
    int to;
    int rc = step(from, action, in, &to, &problems);
    if (rc != 0)
        fail_msg("%s from %s: %s", action_text[action], state_text[from],
                 problems.items[0].reason.text);
    assert_int_equal(problems.count, 0);
    return to;
}

/* Takes action from state from with input in, which must be refused with code, and
 * returns the problems. */
static struct office_problems refused(int from, int action, const struct office_step_input *in,
                                      int code)
{
    struct office_problems problems;
    int to;
    assert_int_equal(step(from, action, in, &to, &problems), code);
    assert_int_equal(to, -99); /* untouched */
    assert_true(problems.count > 0);
    return problems;
}

static void assert_problem(const struct office_problem *p, const char *field, int code,
                           const char *reason)
{
    assert_string_equal(p->field, field);
    assert_string_equal(p->reason.text, reason);
    assert_int_equal(p->code, code);
}

/* ---- the state machine ---------------------------------------------------------- */

static void every_transition_legal_and_illegal(void **state)
{
    (void)state;
    struct office_step_input in = good_input();
    char prefix[128];
    for (int a = OFFICE_ACT_CREATE; a <= OFFICE_ACT_LAST; a++) {
        for (int s = NONE; s < STATES; s++) {
            int want = expected[a][s];
            enum office_app_state next =
                office_onboarding_next((enum office_app_state)s, (enum office_app_action)a);
            if (want >= 0) {
                assert_int_equal(take(s, a, &in), want);
                assert_int_equal(next, want);
                continue;
            }
            assert_int_equal(next, OFFICE_APP_NONE);
            struct office_problems p = refused(s, a, &in, PS_ECHECK);
            assert_int_equal(p.count, 1);
            assert_string_equal(p.items[0].field, "action");
            assert_int_equal(p.items[0].code, PS_ECHECK);
            if (s == NONE)
                snprintf(prefix, sizeof(prefix), "an application that does not exist cannot be ");
            else
                snprintf(prefix, sizeof(prefix), "an application %s cannot be ", state_text[s]);
            if (strncmp(p.items[0].reason.text, prefix, strlen(prefix)) != 0)
                fail_msg("%s from %s: \"%s\"", action_text[a], state_text[s],
                         p.items[0].reason.text);
        }
    }
}

static void refusals_say_what_must_come_first(void **state)
{
    (void)state;
    struct office_step_input in = good_input();
    static const struct {
        int from, action;
        const char *reason;
    } cases[] = {
        {REVIEW, OFFICE_ACT_SIGN_CONTRACT,
         "an application under_review cannot be contract_signed: it must be approved first"},
        {DRAFT, OFFICE_ACT_START_REVIEW,
         "an application draft cannot be under_review: it must be submitted or resubmitted "
         "first"},
        {SUBMITTED, OFFICE_ACT_SUBMIT,
         "an application submitted cannot be submitted: it is submitted already"},
        {APPROVED, OFFICE_ACT_APPROVE,
         "an application approved cannot be approved: it is approved already"},
        {REVIEW, OFFICE_ACT_EDIT,
         "an application under_review cannot be edited: it must be draft or returned first"},
        {APPROVED, OFFICE_ACT_SCHEDULE_INSTALLATION,
         "an application approved cannot be installation_scheduled: it must be contract_signed "
         "first"},
        {SIGNED, OFFICE_ACT_MARK_INSTALLED,
         "an application contract_signed cannot be installed: it must be installation_scheduled "
         "first"},
        {RETURNED, OFFICE_ACT_APPROVE,
         "an application returned cannot be approved: it must be under_review first"},
        {DRAFT, OFFICE_ACT_RESUBMIT,
         "an application draft cannot be resubmitted: it must be returned first"},
        {INSTALLED, OFFICE_ACT_GO_LIVE,
         "an application installed cannot be live: it must be trained first"},
        {REJECTED, OFFICE_ACT_APPROVE,
         "an application rejected cannot be approved: rejected is final"},
        {REJECTED, OFFICE_ACT_EDIT, "an application rejected cannot be edited: rejected is final"},
        {LIVE, OFFICE_ACT_GO_LIVE, "an application live cannot be live: live is final"},
        {NONE, OFFICE_ACT_SUBMIT,
         "an application that does not exist cannot be submitted: it must be created first"},
        {DRAFT, OFFICE_ACT_CREATE, "an application draft cannot be created: it exists already"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct office_problems p = refused(cases[i].from, cases[i].action, &in, PS_ECHECK);
        assert_problem(&p.items[0], "action", PS_ECHECK, cases[i].reason);
    }
}

static void a_state_is_checked_before_the_input(void **state)
{
    (void)state;
    /* a refused step says 409 even when its input is empty too */
    struct office_problems p = refused(SUBMITTED, OFFICE_ACT_REJECT, NULL, PS_ECHECK);
    assert_int_equal(p.count, 1);
    assert_string_equal(p.items[0].field, "action");
}

static void undefined_values_are_refused(void **state)
{
    (void)state;
    struct office_problems p = refused(13, OFFICE_ACT_SUBMIT, NULL, PS_EINVAL);
    assert_problem(&p.items[0], "state", PS_EINVAL, "state 13 is not defined");
    p = refused(-1, OFFICE_ACT_SUBMIT, NULL, PS_EINVAL);
    assert_problem(&p.items[0], "state", PS_EINVAL, "state -1 is not defined");
    p = refused(DRAFT, 0, NULL, PS_EINVAL);
    assert_problem(&p.items[0], "action", PS_EINVAL, "action 0 is not defined");
    p = refused(DRAFT, OFFICE_ACT_LAST + 1, NULL, PS_EINVAL);
    assert_problem(&p.items[0], "action", PS_EINVAL, "action 14 is not defined");
    assert_int_equal(office_onboarding_next(OFFICE_APP_DRAFT, (enum office_app_action)99),
                     OFFICE_APP_NONE);
}

static void a_merchant_all_the_way_to_live(void **state)
{
    (void)state;
    struct office_step_input in;
    int s = NONE;
    memset(&in, 0, sizeof(in));
    /* steps whose note is optional take no input at all */
    s = take(s, OFFICE_ACT_CREATE, NULL);
    assert_int_equal(s, DRAFT);
    s = take(s, OFFICE_ACT_EDIT, NULL);
    s = take(s, OFFICE_ACT_SUBMIT, NULL);
    s = take(s, OFFICE_ACT_START_REVIEW, NULL);
    assert_int_equal(s, REVIEW);

    strcpy(in.note, "身份证反面不清晰");
    in.fix_count = 1;
    strcpy(in.fix_fields[0], "documents.id_back");
    s = take(s, OFFICE_ACT_RETURN, &in);
    assert_int_equal(s, RETURNED);
    s = take(s, OFFICE_ACT_EDIT, NULL);
    assert_int_equal(s, RETURNED);
    s = take(s, OFFICE_ACT_RESUBMIT, NULL);
    assert_int_equal(s, RESUBMITTED);
    s = take(s, OFFICE_ACT_START_REVIEW, NULL);

    memset(&in, 0, sizeof(in));
    strcpy(in.mid, "898584058120001");
    s = take(s, OFFICE_ACT_APPROVE, &in);
    assert_int_equal(s, APPROVED);

    memset(&in, 0, sizeof(in));
    strcpy(in.contract_number, "PSM-2026-000123");
    strcpy(in.fee_plan, "standard-0.60");
    in.deposit_fen = 0; /* no deposit is a deposit of 0 */
    s = take(s, OFFICE_ACT_SIGN_CONTRACT, &in);
    assert_int_equal(s, SIGNED);

    memset(&in, 0, sizeof(in));
    in.installation_date = TODAY; /* today itself is not in the past */
    in.technician_id = 7;
    s = take(s, OFFICE_ACT_SCHEDULE_INSTALLATION, &in);
    assert_int_equal(s, SCHEDULED);
    in.installation_date = 20261015;
    strcpy(in.note, "商户要求改期");
    s = take(s, OFFICE_ACT_SCHEDULE_INSTALLATION, &in);
    assert_int_equal(s, SCHEDULED);

    s = take(s, OFFICE_ACT_MARK_INSTALLED, NULL);
    s = take(s, OFFICE_ACT_MARK_TRAINED, NULL);
    s = take(s, OFFICE_ACT_GO_LIVE, NULL);
    assert_int_equal(s, LIVE);
}

static void a_rejection_is_final(void **state)
{
    (void)state;
    struct office_step_input in;
    memset(&in, 0, sizeof(in));
    int s = take(take(take(NONE, OFFICE_ACT_CREATE, NULL), OFFICE_ACT_SUBMIT, NULL),
                 OFFICE_ACT_START_REVIEW, NULL);
    strcpy(in.note, "经营范围不符合收单要求");
    s = take(s, OFFICE_ACT_REJECT, &in);
    assert_int_equal(s, REJECTED);
    for (int a = OFFICE_ACT_CREATE; a <= OFFICE_ACT_LAST; a++)
        assert_int_equal(office_onboarding_next(OFFICE_APP_REJECTED, (enum office_app_action)a),
                         OFFICE_APP_NONE);
}

/* ---- the inputs ----------------------------------------------------------------- */

static void return_and_reject_need_a_reason(void **state)
{
    (void)state;
    struct office_step_input in;
    memset(&in, 0, sizeof(in));
    struct office_problems p = refused(REVIEW, OFFICE_ACT_RETURN, &in, PS_EFORMAT);
    assert_int_equal(p.count, 2);
    assert_problem(&p.items[0], "note", PS_EFORMAT,
                   "note is required: a return tells the merchant what to fix and why");
    assert_problem(&p.items[1], "fix_fields", PS_EFORMAT,
                   "fix_fields: a return names at least one field to fix");
    p = refused(REVIEW, OFFICE_ACT_RETURN, NULL, PS_EFORMAT);
    assert_int_equal(p.count, 2);

    p = refused(REVIEW, OFFICE_ACT_REJECT, &in, PS_EFORMAT);
    assert_int_equal(p.count, 1);
    assert_problem(&p.items[0], "note", PS_EFORMAT,
                   "note is required: a rejection tells the merchant why");
    strcpy(in.note, "   ");
    p = refused(REVIEW, OFFICE_ACT_REJECT, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "note", PS_EFORMAT, "note starts with a blank");
}

static void notes_are_checked_on_every_step(void **state)
{
    (void)state;
    struct office_step_input in;
    memset(&in, 0, sizeof(in));
    strcpy(in.note, "第一行\r\n第二行\t缩进");
    assert_int_equal(take(DRAFT, OFFICE_ACT_SUBMIT, &in), SUBMITTED);
    strcpy(in.note, "bad\x1b[31m");
    struct office_problems p = refused(DRAFT, OFFICE_ACT_SUBMIT, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "note", PS_EFORMAT,
                   "note has the control character U+001B at byte 4");
    strcpy(in.note, "bad \xC0\xAF");
    p = refused(SUBMITTED, OFFICE_ACT_START_REVIEW, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "note", PS_EFORMAT, "note is not UTF-8 at byte 5");
    memset(in.note, 0, sizeof(in.note));
    for (int i = 0; i < OFFICE_NOTE_CHARS; i++)
        memcpy(in.note + 3 * i, "注", 3);
    assert_int_equal(take(TRAINED, OFFICE_ACT_GO_LIVE, &in), LIVE);
    memcpy(in.note + 3 * OFFICE_NOTE_CHARS, "注", 3);
    p = refused(TRAINED, OFFICE_ACT_GO_LIVE, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "note", PS_ETOOLONG, "note has 501 characters; at most 500");
    memset(in.note, 'x', sizeof(in.note));
    p = refused(TRAINED, OFFICE_ACT_GO_LIVE, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "note", PS_ETOOLONG, "note is not terminated within 2001 bytes");
}

static void a_return_names_real_fields_once(void **state)
{
    (void)state;
    struct office_step_input in;
    memset(&in, 0, sizeof(in));
    strcpy(in.note, "请修改");
    in.fix_count = 4;
    strcpy(in.fix_fields[0], "uscc");
    strcpy(in.fix_fields[1], "lgeal_name");
    strcpy(in.fix_fields[2], "uscc");
    memset(in.fix_fields[3], 'a', OFFICE_FIELD_NAME_MAX);
    struct office_problems p = refused(REVIEW, OFFICE_ACT_RETURN, &in, PS_EFORMAT);
    assert_int_equal(p.count, 3);
    assert_problem(&p.items[0], "fix_fields[1]", PS_EUNDEFINED,
                   "fix_fields[1]: \"lgeal_name\" is not a field of an application");
    assert_problem(&p.items[1], "fix_fields[2]", PS_EFORMAT,
                   "fix_fields[2]: \"uscc\" is named twice");
    assert_problem(&p.items[2], "fix_fields[3]", PS_ETOOLONG,
                   "fix_fields[3] is not terminated within 48 bytes");

    in.fix_count = OFFICE_FIX_FIELDS_MAX + 1;
    p = refused(REVIEW, OFFICE_ACT_RETURN, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "fix_fields", PS_ETOOLONG, "fix_fields: 17 fields; at most 16");

    in.fix_count = 2;
    strcpy(in.fix_fields[1], "legal_person.id_number");
    assert_int_equal(take(REVIEW, OFFICE_ACT_RETURN, &in), RETURNED);
}

static void approval_carries_a_good_mid(void **state)
{
    (void)state;
    struct office_step_input in;
    memset(&in, 0, sizeof(in));
    struct office_problems p = refused(REVIEW, OFFICE_ACT_APPROVE, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "mid", PS_EFORMAT,
                   "mid is required: approval creates the merchant with its MID");
    strcpy(in.mid, "898584000000001");
    p = refused(REVIEW, OFFICE_ACT_APPROVE, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "mid", PS_EFORMAT,
                   "mid: positions 8-11, the MCC: 0000 is not a merchant category code");
    strcpy(in.mid, "89858405812000");
    p = refused(REVIEW, OFFICE_ACT_APPROVE, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "mid", PS_EFORMAT, "mid: a MID has 15 digits, not 14");
}

static void a_contract_has_a_number_a_fee_plan_and_a_deposit(void **state)
{
    (void)state;
    struct office_step_input in;
    memset(&in, 0, sizeof(in));
    in.deposit_fen = -1;
    struct office_problems p = refused(APPROVED, OFFICE_ACT_SIGN_CONTRACT, &in, PS_EFORMAT);
    assert_int_equal(p.count, 3);
    assert_problem(&p.items[0], "contract_number", PS_EFORMAT, "contract number is required");
    assert_problem(&p.items[1], "fee_plan", PS_EFORMAT, "fee plan is required");
    assert_problem(&p.items[2], "deposit_fen", PS_EFORMAT,
                   "deposit -1 fen is negative; 0 for none");

    static const struct {
        const char *number, *reason;
    } numbers[] = {
        {"psm-2026-1", "contract number \"psm-2026-1\": position 1; use A-Z, 0-9 and single '-' "
                       "between them"},
        {"PSM--2026", "contract number \"PSM--2026\": position 5; use A-Z, 0-9 and single '-' "
                      "between them"},
        {"-PSM2026", "contract number \"-PSM2026\": position 1; use A-Z, 0-9 and single '-' "
                     "between them"},
        {"PSM2026-", "contract number \"PSM2026-\": position 8; use A-Z, 0-9 and single '-' "
                     "between them"},
        {"PSM 2026", "contract number \"PSM 2026\": position 4; use A-Z, 0-9 and single '-' "
                     "between them"},
        {"合同2026001", "contract number \"合同2026001\": position 1; use A-Z, 0-9 and single '-' "
                        "between them"},
        {"PSM12", "contract number \"PSM12\" has 5 characters; 6 to 32"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(numbers); i++) {
        memset(&in, 0, sizeof(in));
        strcpy(in.contract_number, numbers[i].number);
        strcpy(in.fee_plan, "standard-0.60");
        p = refused(APPROVED, OFFICE_ACT_SIGN_CONTRACT, &in, PS_EFORMAT);
        assert_int_equal(p.count, 1);
        assert_problem(&p.items[0], "contract_number", PS_EFORMAT, numbers[i].reason);
    }

    /* a buffer filled to the end, with no room for its NUL */
    memset(&in, 0, sizeof(in));
    memset(in.contract_number, 'A', sizeof(in.contract_number));
    strcpy(in.fee_plan, "standard-0.60");
    p = refused(APPROVED, OFFICE_ACT_SIGN_CONTRACT, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "contract_number", PS_EFORMAT,
                   "contract number \"AAAAAAAAAAAAAAAAAAAAAAAA...\" has 33 characters; 6 to 32");

    memset(&in, 0, sizeof(in));
    strcpy(in.contract_number, "HT202600001");
    strcpy(in.fee_plan, "标准费率");
    in.deposit_fen = INT64_MAX;
    assert_int_equal(take(APPROVED, OFFICE_ACT_SIGN_CONTRACT, &in), SIGNED);
    strcpy(in.fee_plan, " 标准费率");
    p = refused(APPROVED, OFFICE_ACT_SIGN_CONTRACT, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "fee_plan", PS_EFORMAT, "fee plan starts with a blank");
}

static void an_installation_has_a_real_date_and_a_technician(void **state)
{
    (void)state;
    struct office_step_input in;
    memset(&in, 0, sizeof(in));
    struct office_problems p = refused(SIGNED, OFFICE_ACT_SCHEDULE_INSTALLATION, &in, PS_EFORMAT);
    assert_int_equal(p.count, 2);
    assert_problem(&p.items[0], "installation_date", PS_EFORMAT, "installation date is required");
    assert_problem(&p.items[1], "technician_id", PS_EFORMAT,
                   "technician id 0: a technician is a user, with an id above 0");

    static const struct {
        uint32_t date;
        const char *reason;
    } dates[] = {
        {20261032, "installation date: 20261032 is not a real date"},
        {20270229, "installation date: 20270229 is not a real date: 2027 is not a leap year"},
        {20261007, "installation date 20261007 is in the past (today is 20261008)"},
        {20251231, "installation date 20251231 is in the past (today is 20261008)"},
        {20271010, "installation date 20271010 is more than 366 days ahead of today 20261008"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(dates); i++) {
        in.installation_date = dates[i].date;
        in.technician_id = 7;
        p = refused(SCHEDULED, OFFICE_ACT_SCHEDULE_INSTALLATION, &in, PS_EFORMAT);
        assert_int_equal(p.count, 1);
        assert_problem(&p.items[0], "installation_date", PS_EFORMAT, dates[i].reason);
    }
    in.installation_date = 20271009; /* the last day allowed */
    in.technician_id = -3;
    p = refused(SIGNED, OFFICE_ACT_SCHEDULE_INSTALLATION, &in, PS_EFORMAT);
    assert_problem(&p.items[0], "technician_id", PS_EFORMAT,
                   "technician id -3: a technician is a user, with an id above 0");
    in.technician_id = 1;
    assert_int_equal(take(SIGNED, OFFICE_ACT_SCHEDULE_INSTALLATION, &in), SCHEDULED);

    /* the date is judged against today, which must be one */
    enum office_app_state to;
    struct office_problems problems;
    assert_int_equal(office_onboarding_step(OFFICE_APP_CONTRACT_SIGNED,
                                            OFFICE_ACT_SCHEDULE_INSTALLATION, &in, 20261131, &to,
                                            &problems),
                     PS_EINVAL);
    assert_problem(&problems.items[0], "today", PS_EINVAL, "today 20261131 is not a real date");
    /* steps that need no today do not look at it */
    assert_int_equal(
        office_onboarding_step(OFFICE_APP_DRAFT, OFFICE_ACT_SUBMIT, NULL, 0, &to, &problems), 0);
    assert_int_equal(to, SUBMITTED);
}

static void inputs_of_other_actions_are_ignored(void **state)
{
    (void)state;
    struct office_step_input in;
    memset(&in, 0, sizeof(in));
    in.deposit_fen = -5;         /* only sign_contract reads it */
    strcpy(in.mid, "not a mid"); /* only approve reads it */
    in.fix_count = 99;           /* only return reads it */
    assert_int_equal(take(DRAFT, OFFICE_ACT_SUBMIT, &in), SUBMITTED);
}

/* ---- who may ------------------------------------------------------------------- */

#define N OFFICE_SCOPE_NONE
#define O OFFICE_SCOPE_OWN
#define A OFFICE_SCOPE_ANY
/* The role table written out again: columns admin, reviewer, operations, technician,
 * support, finance, agent, merchant. */
static const int may_table[OFFICE_ACT_LAST + 1][OFFICE_ROLE_LAST + 1] = {
    [OFFICE_ACT_CREATE] = {N, A, N, A, N, N, N, O, O},
    [OFFICE_ACT_EDIT] = {N, A, N, A, N, N, N, O, O},
    [OFFICE_ACT_SUBMIT] = {N, A, N, A, N, N, N, O, O},
    [OFFICE_ACT_START_REVIEW] = {N, A, A, N, N, N, N, N, N},
    [OFFICE_ACT_RETURN] = {N, A, A, N, N, N, N, N, N},
    [OFFICE_ACT_RESUBMIT] = {N, A, N, A, N, N, N, O, O},
    [OFFICE_ACT_APPROVE] = {N, A, A, N, N, N, N, N, N},
    [OFFICE_ACT_REJECT] = {N, A, A, N, N, N, N, N, N},
    [OFFICE_ACT_SIGN_CONTRACT] = {N, A, N, A, N, N, N, N, N},
    [OFFICE_ACT_SCHEDULE_INSTALLATION] = {N, A, N, A, N, N, N, N, N},
    [OFFICE_ACT_MARK_INSTALLED] = {N, A, N, N, A, N, N, N, N},
    [OFFICE_ACT_MARK_TRAINED] = {N, A, N, N, A, N, N, N, N},
    [OFFICE_ACT_GO_LIVE] = {N, A, N, A, N, N, N, N, N},
};
#undef N
#undef O
#undef A

static void roles_may_what_their_job_covers(void **state)
{
    (void)state;
    for (int a = OFFICE_ACT_CREATE; a <= OFFICE_ACT_LAST; a++) {
        for (int r = OFFICE_ROLE_ADMIN; r <= OFFICE_ROLE_LAST; r++) {
            enum office_role role = (enum office_role)r;
            enum office_app_action action = (enum office_app_action)a;
            int scope = may_table[a][r];
            struct ps_reason why;
            assert_int_equal(office_onboarding_scope(role, action), scope);
            int rc_any = office_onboarding_may(role, action, 0, &why);
            int rc_own = office_onboarding_may(role, action, 1, NULL);
            assert_int_equal(rc_any, scope == OFFICE_SCOPE_ANY ? 0 : OFFICE_DENIED);
            assert_int_equal(rc_own, scope == OFFICE_SCOPE_NONE ? OFFICE_DENIED : 0);
            if (rc_any == 0)
                assert_string_equal(why.text, "");
            else
                assert_true(strlen(why.text) > 0);
        }
        assert_int_equal(office_onboarding_scope(OFFICE_ROLE_ADMIN, (enum office_app_action)a),
                         OFFICE_SCOPE_ANY);
    }
}

static void a_denial_says_who_may(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_OPERATIONS, OFFICE_ACT_APPROVE, 0, &why),
                     OFFICE_DENIED);
    assert_string_equal(why.text, "approve needs the reviewer or admin role");
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_REVIEWER, OFFICE_ACT_CREATE, 1, &why),
                     OFFICE_DENIED);
    assert_string_equal(why.text, "create needs the operations or admin role");
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_SUPPORT, OFFICE_ACT_MARK_INSTALLED, 0, &why),
                     OFFICE_DENIED);
    assert_string_equal(why.text, "mark_installed needs the technician or admin role");
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_FINANCE, OFFICE_ACT_SIGN_CONTRACT, 0, &why),
                     OFFICE_DENIED);
    assert_string_equal(why.text, "sign_contract needs the operations or admin role");
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_AGENT, OFFICE_ACT_SUBMIT, 0, &why),
                     OFFICE_DENIED);
    assert_string_equal(why.text, "an agent may submit only an application it brought");
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_MERCHANT, OFFICE_ACT_RESUBMIT, 0, &why),
                     OFFICE_DENIED);
    assert_string_equal(why.text, "a merchant may resubmit only its own online application");
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_MERCHANT, OFFICE_ACT_APPROVE, 1, &why),
                     OFFICE_DENIED);
    assert_string_equal(why.text, "approve needs the reviewer or admin role");
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_AGENT, OFFICE_ACT_START_REVIEW, 1, &why),
                     OFFICE_DENIED);
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_ADMIN, OFFICE_ACT_GO_LIVE, 0, &why), 0);

    assert_int_equal(office_onboarding_may((enum office_role)0, OFFICE_ACT_SUBMIT, 1, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "role 0 is not defined");
    assert_int_equal(office_onboarding_may((enum office_role)9, OFFICE_ACT_SUBMIT, 1, &why),
                     PS_EINVAL);
    assert_int_equal(office_onboarding_may(OFFICE_ROLE_ADMIN, (enum office_app_action)0, 1, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "action 0 is not defined");
    assert_int_equal(office_onboarding_scope((enum office_role)9, OFFICE_ACT_SUBMIT),
                     OFFICE_SCOPE_NONE);
    assert_int_equal(office_onboarding_scope(OFFICE_ROLE_ADMIN, (enum office_app_action)14),
                     OFFICE_SCOPE_NONE);
}

/* ---- names ---------------------------------------------------------------------- */

static void names_round_trip(void **state)
{
    (void)state;
    struct ps_reason why;
    for (int s = DRAFT; s < STATES; s++) {
        enum office_app_state got;
        const char *name = office_app_state_name((enum office_app_state)s);
        assert_string_equal(name, state_text[s]);
        assert_int_equal(office_app_state_from_name(name, strlen(name), &got, NULL), 0);
        assert_int_equal(got, s);
    }
    for (int a = OFFICE_ACT_CREATE; a <= OFFICE_ACT_LAST; a++) {
        enum office_app_action got;
        const char *name = office_app_action_name((enum office_app_action)a);
        assert_string_equal(name, action_text[a]);
        assert_int_equal(office_app_action_from_name(name, strlen(name), &got, NULL), 0);
        assert_int_equal(got, a);
    }
    static const char *const roles[] = {"",           "admin",      "reviewer",
                                        "operations", "technician", "support",
                                        "finance",    "agent",      "merchant"};
    for (int r = OFFICE_ROLE_ADMIN; r <= OFFICE_ROLE_LAST; r++) {
        enum office_role got;
        assert_string_equal(office_role_name((enum office_role)r), roles[r]);
        assert_int_equal(office_role_from_name(roles[r], strlen(roles[r]), &got, NULL), 0);
        assert_int_equal(got, r);
    }
    assert_null(office_app_state_name(OFFICE_APP_NONE));
    assert_null(office_app_state_name((enum office_app_state)13));
    assert_null(office_app_action_name((enum office_app_action)0));
    assert_null(office_role_name((enum office_role)9));

    enum office_app_state s = OFFICE_APP_DRAFT;
    assert_int_equal(office_app_state_from_name("approved!", 9, &s, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "\"approved!\" is not an application state");
    assert_int_equal(s, DRAFT);
    assert_int_equal(office_app_state_from_name("", 0, &s, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "an empty name is not an application state");
    assert_int_equal(office_app_state_from_name("Draft", 5, &s, NULL), PS_EUNDEFINED);
    assert_int_equal(office_app_state_from_name("draftx", 5, &s, NULL), 0); /* reads len only */
    enum office_app_action a;
    assert_int_equal(office_app_action_from_name("approve\n", 8, &a, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "\"approve\\x0A\" is not an application action");
    enum office_role r;
    assert_int_equal(office_role_from_name("root", 4, &r, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "\"root\" is not a role (admin, reviewer, operations, "
                                  "technician, support, finance, agent or merchant)");
}

/* ---- the review's service level ------------------------------------------------- */

static void the_review_is_due_five_working_days_after_submission(void **state)
{
    (void)state;
    /* the example calendar of test_calendar.c: National Day 2026 */
    struct office_calendar cal;
    const char *holidays = "20261001,20261002,20261003,20261004,20261005,20261006,20261007";
    const char *workdays = "20260920,20261010";
    assert_int_equal(
        office_calendar_parse(&cal, holidays, strlen(holidays), workdays, strlen(workdays), NULL),
        0);
    int64_t midnight;
    uint32_t due;
    /* 10:00 in Beijing on Wednesday 30 September */
    assert_int_equal(office_local_midnight_us(20260930, 480, &midnight, NULL), 0);
    assert_int_equal(office_review_due(&cal, midnight + INT64_C(36000000000), 480, &due, NULL), 0);
    assert_int_equal(due, 20261013);
    /* 23:59 on Friday 18 September: Sunday the 20th is worked */
    assert_int_equal(office_local_midnight_us(20260918, 480, &midnight, NULL), 0);
    int64_t late = midnight + INT64_C(86340000000);
    assert_int_equal(office_review_due(&cal, late, 480, &due, NULL), 0);
    assert_int_equal(due, 20260924);
    /* 23:59 on Tuesday 29 September in Beijing is already Wednesday at UTC+9 */
    assert_int_equal(office_local_midnight_us(20260929, 480, &midnight, NULL), 0);
    late = midnight + INT64_C(86340000000);
    assert_int_equal(office_review_due(&cal, late, 480, &due, NULL), 0);
    assert_int_equal(due, 20261012);
    assert_int_equal(office_review_due(&cal, late, 540, &due, NULL), 0);
    assert_int_equal(due, 20261013);
    assert_int_equal(office_review_due(&cal, late, 1000, &due, NULL), PS_EINVAL);

    assert_false(office_review_is_overdue(20261013, 20261012));
    assert_false(office_review_is_overdue(20261013, 20261013));
    assert_true(office_review_is_overdue(20261013, 20261014));
    assert_true(office_review_is_overdue(20261231, 20270101));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_transition_legal_and_illegal),
        cmocka_unit_test(refusals_say_what_must_come_first),
        cmocka_unit_test(a_state_is_checked_before_the_input),
        cmocka_unit_test(undefined_values_are_refused),
        cmocka_unit_test(a_merchant_all_the_way_to_live),
        cmocka_unit_test(a_rejection_is_final),
        cmocka_unit_test(return_and_reject_need_a_reason),
        cmocka_unit_test(notes_are_checked_on_every_step),
        cmocka_unit_test(a_return_names_real_fields_once),
        cmocka_unit_test(approval_carries_a_good_mid),
        cmocka_unit_test(a_contract_has_a_number_a_fee_plan_and_a_deposit),
        cmocka_unit_test(an_installation_has_a_real_date_and_a_technician),
        cmocka_unit_test(inputs_of_other_actions_are_ignored),
        cmocka_unit_test(roles_may_what_their_job_covers),
        cmocka_unit_test(a_denial_says_who_may),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(the_review_is_due_five_working_days_after_submission),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
