#include "host/office/onboarding/onboarding.h"

#include <stdio.h>
#include <string.h>

#include "host/office/onboarding/text.h"

/* ---- names ---------------------------------------------------------------------- */

static const char *const state_names[] = {
    [OFFICE_APP_DRAFT] = "draft",
    [OFFICE_APP_SUBMITTED] = "submitted",
    [OFFICE_APP_UNDER_REVIEW] = "under_review",
    [OFFICE_APP_RETURNED] = "returned",
    [OFFICE_APP_RESUBMITTED] = "resubmitted",
    [OFFICE_APP_APPROVED] = "approved",
    [OFFICE_APP_REJECTED] = "rejected",
    [OFFICE_APP_CONTRACT_SIGNED] = "contract_signed",
    [OFFICE_APP_INSTALLATION_SCHEDULED] = "installation_scheduled",
    [OFFICE_APP_INSTALLED] = "installed",
    [OFFICE_APP_TRAINED] = "trained",
    [OFFICE_APP_LIVE] = "live",
};
static const struct office__names states = {state_names, PS_ARRAY_LEN(state_names),
                                            "an application state"};

static const char *const action_names[] = {
    [OFFICE_ACT_CREATE] = "create",
    [OFFICE_ACT_EDIT] = "edit",
    [OFFICE_ACT_SUBMIT] = "submit",
    [OFFICE_ACT_START_REVIEW] = "start_review",
    [OFFICE_ACT_RETURN] = "return",
    [OFFICE_ACT_RESUBMIT] = "resubmit",
    [OFFICE_ACT_APPROVE] = "approve",
    [OFFICE_ACT_REJECT] = "reject",
    [OFFICE_ACT_SIGN_CONTRACT] = "sign_contract",
    [OFFICE_ACT_SCHEDULE_INSTALLATION] = "schedule_installation",
    [OFFICE_ACT_MARK_INSTALLED] = "mark_installed",
    [OFFICE_ACT_MARK_TRAINED] = "mark_trained",
    [OFFICE_ACT_GO_LIVE] = "go_live",
};
static const struct office__names actions = {action_names, PS_ARRAY_LEN(action_names),
                                             "an application action"};

static const char *const role_names[] = {
    [OFFICE_ROLE_ADMIN] = "admin",           [OFFICE_ROLE_REVIEWER] = "reviewer",
    [OFFICE_ROLE_OPERATIONS] = "operations", [OFFICE_ROLE_TECHNICIAN] = "technician",
    [OFFICE_ROLE_SUPPORT] = "support",       [OFFICE_ROLE_FINANCE] = "finance",
    [OFFICE_ROLE_AGENT] = "agent",           [OFFICE_ROLE_MERCHANT] = "merchant",
};
static const struct office__names roles = {
    role_names, PS_ARRAY_LEN(role_names),
    "a role (admin, reviewer, operations, technician, support, finance, agent or merchant)"};

const char *office_app_state_name(enum office_app_state state)
{
    return office__name_of(&states, (int)state);
}

int office_app_state_from_name(const char *s, size_t len, enum office_app_state *state,
                               struct ps_reason *why)
{
    int v;
    int rc = office__value_of(&states, s, len, &v, why);
    if (rc == 0)
        *state = (enum office_app_state)v;
    return rc;
}

const char *office_app_action_name(enum office_app_action action)
{
    return office__name_of(&actions, (int)action);
}

int office_app_action_from_name(const char *s, size_t len, enum office_app_action *action,
                                struct ps_reason *why)
{
    int v;
    int rc = office__value_of(&actions, s, len, &v, why);
    if (rc == 0)
        *action = (enum office_app_action)v;
    return rc;
}

const char *office_role_name(enum office_role role)
{
    return office__name_of(&roles, (int)role);
}

int office_role_from_name(const char *s, size_t len, enum office_role *role, struct ps_reason *why)
{
    int v;
    int rc = office__value_of(&roles, s, len, &v, why);
    if (rc == 0)
        *role = (enum office_role)v;
    return rc;
}

/* ---- the transitions ------------------------------------------------------------ */

/* Every legal step; anything not here is refused. The table is the state diagram of
 * onboarding.h, one line per arrow. */
static const struct transition {
    enum office_app_state from;
    enum office_app_action action;
    enum office_app_state to;
} transitions[] = {
    {OFFICE_APP_NONE, OFFICE_ACT_CREATE, OFFICE_APP_DRAFT},
    {OFFICE_APP_DRAFT, OFFICE_ACT_EDIT, OFFICE_APP_DRAFT},
    {OFFICE_APP_RETURNED, OFFICE_ACT_EDIT, OFFICE_APP_RETURNED},
    {OFFICE_APP_DRAFT, OFFICE_ACT_SUBMIT, OFFICE_APP_SUBMITTED},
    {OFFICE_APP_SUBMITTED, OFFICE_ACT_START_REVIEW, OFFICE_APP_UNDER_REVIEW},
    {OFFICE_APP_RESUBMITTED, OFFICE_ACT_START_REVIEW, OFFICE_APP_UNDER_REVIEW},
    {OFFICE_APP_UNDER_REVIEW, OFFICE_ACT_RETURN, OFFICE_APP_RETURNED},
    {OFFICE_APP_RETURNED, OFFICE_ACT_RESUBMIT, OFFICE_APP_RESUBMITTED},
    {OFFICE_APP_UNDER_REVIEW, OFFICE_ACT_APPROVE, OFFICE_APP_APPROVED},
    {OFFICE_APP_UNDER_REVIEW, OFFICE_ACT_REJECT, OFFICE_APP_REJECTED},
    {OFFICE_APP_APPROVED, OFFICE_ACT_SIGN_CONTRACT, OFFICE_APP_CONTRACT_SIGNED},
    {OFFICE_APP_CONTRACT_SIGNED, OFFICE_ACT_SCHEDULE_INSTALLATION,
     OFFICE_APP_INSTALLATION_SCHEDULED},
    /* a technician falls ill, a shop asks for another day: a new date, same state */
    {OFFICE_APP_INSTALLATION_SCHEDULED, OFFICE_ACT_SCHEDULE_INSTALLATION,
     OFFICE_APP_INSTALLATION_SCHEDULED},
    {OFFICE_APP_INSTALLATION_SCHEDULED, OFFICE_ACT_MARK_INSTALLED, OFFICE_APP_INSTALLED},
    {OFFICE_APP_INSTALLED, OFFICE_ACT_MARK_TRAINED, OFFICE_APP_TRAINED},
    {OFFICE_APP_TRAINED, OFFICE_ACT_GO_LIVE, OFFICE_APP_LIVE},
};

static int state_defined(enum office_app_state s)
{
    return s >= OFFICE_APP_NONE && s <= OFFICE_APP_STATE_LAST;
}

static int action_defined(enum office_app_action a)
{
    return a >= OFFICE_ACT_CREATE && a <= OFFICE_ACT_LAST;
}

enum office_app_state office_onboarding_next(enum office_app_state from,
                                             enum office_app_action action)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(transitions); i++) {
        if (transitions[i].from == from && transitions[i].action == action)
            return transitions[i].to;
    }
    return OFFICE_APP_NONE;
}

/* The state action leads to (from wherever it is legal); NONE for edit, which stays. */
static enum office_app_state target_of(enum office_app_action action)
{
    if (action == OFFICE_ACT_EDIT)
        return OFFICE_APP_NONE;
    for (size_t i = 0; i < PS_ARRAY_LEN(transitions); i++) {
        if (transitions[i].action == action)
            return transitions[i].to;
    }
    return OFFICE_APP_NONE;
}

/* The action as what it makes of an application: "cannot be contract_signed". */
static const char *participle(enum office_app_action action)
{
    if (action == OFFICE_ACT_CREATE)
        return "created";
    if (action == OFFICE_ACT_EDIT)
        return "edited";
    return office_app_state_name(target_of(action));
}

/* "approved", "submitted or resubmitted": the states action is legal from. */
static void legal_froms(enum office_app_action action, char *buf, size_t cap)
{
    size_t at = 0, found = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < PS_ARRAY_LEN(transitions) && at < cap; i++) {
        const struct transition *t = &transitions[i];
        if (t->action != action || t->from == OFFICE_APP_NONE || t->from == t->to)
            continue;
        int n = snprintf(buf + at, cap - at, "%s%s", found > 0 ? " or " : "",
                         office_app_state_name(t->from));
        at += n > 0 ? (size_t)n : 0;
        found++;
    }
    if (found == 0) /* only self-loops (edit): name them */
        for (size_t i = 0; i < PS_ARRAY_LEN(transitions) && at < cap; i++) {
            const struct transition *t = &transitions[i];
            if (t->action != action)
                continue;
            int n = snprintf(buf + at, cap - at, "%s%s", found++ > 0 ? " or " : "",
                             office_app_state_name(t->from));
            at += n > 0 ? (size_t)n : 0;
        }
}

/* Says why from does not allow action, the 409 of the API. */
static int refuse(enum office_app_state from, enum office_app_action action,
                  struct office_problems *problems)
{
    const char *state = office_app_state_name(from), *verb = participle(action);
    char froms[96];
    if (from == OFFICE_APP_NONE)
        return office_problem_add(problems, "action", PS_ECHECK,
                                  "an application that does not exist cannot be %s: it must be "
                                  "created first",
                                  verb);
    if (action == OFFICE_ACT_CREATE)
        return office_problem_add(problems, "action", PS_ECHECK,
                                  "an application %s cannot be created: it exists already", state);
    if (from == OFFICE_APP_REJECTED || from == OFFICE_APP_LIVE)
        return office_problem_add(problems, "action", PS_ECHECK,
                                  "an application %s cannot be %s: %s is final", state, verb,
                                  state);
    if (target_of(action) == from)
        return office_problem_add(problems, "action", PS_ECHECK,
                                  "an application %s cannot be %s: it is %s already", state, verb,
                                  state);
    legal_froms(action, froms, sizeof(froms));
    return office_problem_add(problems, "action", PS_ECHECK,
                              "an application %s cannot be %s: it must be %s first", state, verb,
                              froms);
}

/* ---- the inputs ----------------------------------------------------------------- */

static void check_note(const struct office_step_input *in, enum office_app_action action,
                       struct office_problems *problems)
{
    static const struct office__text_rules rules = {sizeof(in->note) - 1, OFFICE_NOTE_CHARS, 1};
    struct ps_reason why;
    size_t len = office__bounded_len(in->note, sizeof(in->note));
    int rc;
    if (len == sizeof(in->note))
        office_problem_add(problems, "note", PS_ETOOLONG, "note is not terminated within %zu bytes",
                           sizeof(in->note));
    else if (len == 0 && action == OFFICE_ACT_RETURN)
        office_problem_add(problems, "note", PS_EFORMAT,
                           "note is required: a return tells the merchant what to fix and why");
    else if (len == 0 && action == OFFICE_ACT_REJECT)
        office_problem_add(problems, "note", PS_EFORMAT,
                           "note is required: a rejection tells the merchant why");
    else if ((rc = office__text_check(in->note, len, &rules, &why)) != 0)
        office_problem_add(problems, "note", rc, "note %s", why.text);
}

/* One field to fix, the i-th; the earlier ones are already checked. */
static void check_fix_field(const struct office_step_input *in, size_t i,
                            struct office_problems *problems)
{
    char field[OFFICE_FIELD_NAME_MAX], quoted[OFFICE__QUOTE_MAX];
    struct ps_reason why;
    const char *name = in->fix_fields[i];
    size_t len = office__bounded_len(name, OFFICE_FIELD_NAME_MAX);
    snprintf(field, sizeof(field), "fix_fields[%zu]", i);
    if (len == OFFICE_FIELD_NAME_MAX) {
        office_problem_add(problems, field, PS_ETOOLONG, "%s is not terminated within %d bytes",
                           field, OFFICE_FIELD_NAME_MAX);
        return;
    }
    if (office_application_field_check(name, len, &why) != 0) {
        office_problem_add(problems, field, PS_EUNDEFINED, "%s: %s", field, why.text);
        return;
    }
    for (size_t j = 0; j < i; j++) {
        if (strcmp(in->fix_fields[j], name) == 0) {
            office_problem_add(problems, field, PS_EFORMAT, "%s: %s is named twice", field,
                               office__quote(name, len, quoted));
            return;
        }
    }
}

static void check_fix_fields(const struct office_step_input *in, struct office_problems *problems)
{
    if (in->fix_count == 0) {
        office_problem_add(problems, "fix_fields", PS_EFORMAT,
                           "fix_fields: a return names at least one field to fix");
        return;
    }
    if (in->fix_count > OFFICE_FIX_FIELDS_MAX) {
        office_problem_add(problems, "fix_fields", PS_ETOOLONG,
                           "fix_fields: %zu fields; at most %d", in->fix_count,
                           OFFICE_FIX_FIELDS_MAX);
        return;
    }
    for (size_t i = 0; i < in->fix_count; i++)
        check_fix_field(in, i, problems);
}

static void check_mid(const struct office_step_input *in, struct office_problems *problems)
{
    struct ps_reason why;
    size_t len = office__bounded_len(in->mid, sizeof(in->mid));
    int rc;
    if (len == 0)
        office_problem_add(problems, "mid", PS_EFORMAT,
                           "mid is required: approval creates the merchant with its MID");
    else if ((rc = office_mid_parse(in->mid, len, NULL, &why)) != 0)
        office_problem_add(problems, "mid", rc, "mid: %s", why.text);
}

static int is_upper_or_digit(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Contract numbers are printed on the contract and typed back from it: upper-case
 * letters and digits in groups joined by single hyphens, so nothing is ambiguous. */
static void check_contract_number(const char *s, size_t cap, struct office_problems *problems)
{
    char quoted[OFFICE__QUOTE_MAX];
    size_t len = office__bounded_len(s, cap);
    if (len == 0) {
        office_problem_add(problems, "contract_number", PS_EFORMAT, "contract number is required");
        return;
    }
    if (len < OFFICE_CONTRACT_NUMBER_MIN || len > OFFICE_CONTRACT_NUMBER_MAX) {
        office_problem_add(problems, "contract_number", PS_EFORMAT,
                           "contract number %s has %zu characters; 6 to 32",
                           office__quote(s, len, quoted), len);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        int hyphen_ok = s[i] == '-' && i > 0 && i + 1 < len && s[i - 1] != '-';
        if (!is_upper_or_digit(s[i]) && !hyphen_ok) {
            office_problem_add(problems, "contract_number", PS_EFORMAT,
                               "contract number %s: position %zu; use A-Z, 0-9 and single '-' "
                               "between them",
                               office__quote(s, len, quoted), i + 1);
            return;
        }
    }
}

static void check_fee_plan(const char *s, size_t cap, struct office_problems *problems)
{
    static const struct office__text_rules rules = {0, OFFICE_FEE_PLAN_CHARS, 0};
    struct ps_reason why;
    size_t len = office__bounded_len(s, cap);
    int rc;
    if (len == cap)
        office_problem_add(problems, "fee_plan", PS_ETOOLONG,
                           "fee plan is not terminated within %zu bytes", cap);
    else if (len == 0)
        office_problem_add(problems, "fee_plan", PS_EFORMAT, "fee plan is required");
    else if ((rc = office__text_check(s, len, &rules, &why)) != 0)
        office_problem_add(problems, "fee_plan", rc, "fee plan %s", why.text);
}

static void check_contract(const struct office_step_input *in, struct office_problems *problems)
{
    check_contract_number(in->contract_number, sizeof(in->contract_number), problems);
    check_fee_plan(in->fee_plan, sizeof(in->fee_plan), problems);
    if (in->deposit_fen < 0)
        office_problem_add(problems, "deposit_fen", PS_EFORMAT,
                           "deposit %lld fen is negative; 0 for none", (long long)in->deposit_fen);
}

static void check_installation(const struct office_step_input *in, uint32_t today,
                               struct office_problems *problems)
{
    struct ps_reason why;
    uint32_t d = in->installation_date, latest = 0;
    if (d == 0)
        office_problem_add(problems, "installation_date", PS_EFORMAT,
                           "installation date is required");
    else if (office_date_check(d, &why) != 0)
        office_problem_add(problems, "installation_date", PS_EFORMAT, "installation date: %s",
                           why.text);
    else if (d < today)
        office_problem_add(problems, "installation_date", PS_EFORMAT,
                           "installation date %08u is in the past (today is %08u)", (unsigned)d,
                           (unsigned)today);
    else if (office_date_add_days(today, OFFICE_INSTALLATION_AHEAD_DAYS, &latest, NULL) == 0 &&
             d > latest)
        office_problem_add(problems, "installation_date", PS_EFORMAT,
                           "installation date %08u is more than %d days ahead of today %08u",
                           (unsigned)d, OFFICE_INSTALLATION_AHEAD_DAYS, (unsigned)today);
    if (in->technician_id <= 0)
        office_problem_add(problems, "technician_id", PS_EFORMAT,
                           "technician id %lld: a technician is a user, with an id above 0",
                           (long long)in->technician_id);
}

/* Checks what action carries; today is already known good. */
static void check_input(enum office_app_action action, const struct office_step_input *in,
                        uint32_t today, struct office_problems *problems)
{
    check_note(in, action, problems);
    switch (action) {
    case OFFICE_ACT_RETURN:
        check_fix_fields(in, problems);
        break;
    case OFFICE_ACT_APPROVE:
        check_mid(in, problems);
        break;
    case OFFICE_ACT_SIGN_CONTRACT:
        check_contract(in, problems);
        break;
    case OFFICE_ACT_SCHEDULE_INSTALLATION:
        check_installation(in, today, problems);
        break;
    default:
        break;
    }
}

int office_onboarding_step(enum office_app_state from, enum office_app_action action,
                           const struct office_step_input *in, uint32_t today,
                           enum office_app_state *to, struct office_problems *problems)
{
    static const struct office_step_input nothing;
    office_problems_clear(problems);
    if (!state_defined(from))
        return office_problem_add(problems, "state", PS_EINVAL, "state %d is not defined",
                                  (int)from);
    if (!action_defined(action))
        return office_problem_add(problems, "action", PS_EINVAL, "action %d is not defined",
                                  (int)action);
    enum office_app_state next = office_onboarding_next(from, action);
    if (next == OFFICE_APP_NONE)
        return refuse(from, action, problems);
    if (action == OFFICE_ACT_SCHEDULE_INSTALLATION && office_date_check(today, NULL) != 0)
        return office_problem_add(problems, "today", PS_EINVAL, "today %u is not a real date",
                                  (unsigned)today);
    check_input(action, in != NULL ? in : &nothing, today, problems);
    if (problems->count > 0)
        return PS_EFORMAT;
    *to = next;
    return 0;
}

/* ---- who may ------------------------------------------------------------------- */

#define N OFFICE_SCOPE_NONE
#define O OFFICE_SCOPE_OWN
#define A OFFICE_SCOPE_ANY

/* One row per action, one column per role (admin, reviewer, operations, technician,
 * support, finance, agent, merchant), as the issue divides the work: operations keys
 * in paper applications and runs contracts, installation dates and going live;
 * reviewers decide; technicians install and train. Agents and merchants start and
 * (re)submit only their own. A change of policy is a change of one cell. */
static const unsigned char scopes[OFFICE_ACT_LAST + 1][OFFICE_ROLE_LAST + 1] = {
    /*                                     ad rv op te su fi ag me */
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

static int role_defined(enum office_role r)
{
    return r >= OFFICE_ROLE_ADMIN && r <= OFFICE_ROLE_LAST;
}

enum office_scope office_onboarding_scope(enum office_role role, enum office_app_action action)
{
    if (!role_defined(role) || !action_defined(action))
        return OFFICE_SCOPE_NONE;
    return (enum office_scope)scopes[action][role];
}

/* "the reviewer or admin role": the roles that may take action on any application,
 * joined with commas and a final "or", admin last. */
static void roles_for(enum office_app_action action, char *buf, size_t cap)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int r = OFFICE_ROLE_ADMIN + 1; r <= OFFICE_ROLE_LAST && at < cap; r++) {
        if (scopes[action][r] != OFFICE_SCOPE_ANY)
            continue;
        int n = snprintf(buf + at, cap - at, "%s, ", office_role_name((enum office_role)r));
        at += n > 0 ? (size_t)n : 0;
    }
    if (at >= 2 && at < cap) /* "reviewer, " -> "reviewer or admin" */
        snprintf(buf + at - 2, cap - (at - 2), " or admin");
    else if (at < cap)
        snprintf(buf, cap, "admin");
}

int office_onboarding_may(enum office_role role, enum office_app_action action, int own,
                          struct ps_reason *why)
{
    char who[96];
    ps_reason_clear(why);
    if (!role_defined(role))
        return ps_fail(why, PS_EINVAL, "role %d is not defined", (int)role);
    if (!action_defined(action))
        return ps_fail(why, PS_EINVAL, "action %d is not defined", (int)action);
    enum office_scope scope = (enum office_scope)scopes[action][role];
    const char *verb = office_app_action_name(action);
    if (scope == OFFICE_SCOPE_ANY || (scope == OFFICE_SCOPE_OWN && own))
        return 0;
    if (scope == OFFICE_SCOPE_OWN && role == OFFICE_ROLE_AGENT)
        return ps_fail(why, OFFICE_DENIED, "an agent may %s only an application it brought", verb);
    if (scope == OFFICE_SCOPE_OWN)
        return ps_fail(why, OFFICE_DENIED, "a merchant may %s only its own online application",
                       verb);
    roles_for(action, who, sizeof(who));
    return ps_fail(why, OFFICE_DENIED, "%s needs the %s role", verb, who);
}

/* ---- the review's service level ------------------------------------------------- */

int office_review_due(const struct office_calendar *cal, int64_t submitted_at_us,
                      int offset_minutes, uint32_t *due, struct ps_reason *why)
{
    uint32_t submitted;
    int rc = office_local_date(submitted_at_us, offset_minutes, &submitted, why);
    if (rc != 0)
        return rc;
    return office_calendar_add_working_days(cal, submitted, OFFICE_REVIEW_SLA_WORKING_DAYS, due,
                                            why);
}

int office_review_is_overdue(uint32_t due, uint32_t today)
{
    return today > due;
}
