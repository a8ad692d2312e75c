/* onboarding.h — the life of a merchant application (办理), as a state machine with a
 * reason on every step, and who among the provider's staff may take each step.
 *
 *   (none) -create-> draft -submit-> submitted -start_review-> under_review
 *   under_review -return-> returned -resubmit-> resubmitted -start_review-> under_review
 *   under_review -approve-> approved | -reject-> rejected (final)
 *   approved -sign_contract-> contract_signed -schedule_installation-> installation_scheduled
 *   installation_scheduled -schedule_installation-> installation_scheduled (a new date)
 *   installation_scheduled -mark_installed-> installed -mark_trained-> trained
 *   trained -go_live-> live (final)
 *   draft and returned -edit-> themselves (the fields change, the state does not)
 *
 * office_onboarding_step() is pure: given the state, the action and the action's input
 * it says the next state, or why not. The API answers a refused step with 409 (the
 * state does not allow it) or 422 (its input is wrong); the store writes the new state
 * with a condition on the old one, so two reviewers racing cannot both win.
 *
 * A step's note: every step may carry one (it goes into the application's history);
 * return and reject must, because the merchant is owed a reason, and a return also
 * names the fields to fix. The others are self-explaining (the contract number, the
 * date and technician say what happened), so their note is optional.
 *
 * Submitting and resubmitting also need an application that passes
 * office_application_check() (application.h); the step does not see the application,
 * so the caller checks it first and answers 422 with the whole list.
 *
 * Nothing here allocates or keeps state.
 */
#ifndef POSSUM_HOST_OFFICE_ONBOARDING_H
#define POSSUM_HOST_OFFICE_ONBOARDING_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "host/office/onboarding/application.h"
#include "host/office/calendar.h"
#include "host/office/onboarding/mid.h"
#include "host/office/onboarding/problems.h"

/* A state's API name is the lower-case word after OFFICE_APP_ ("under_review"). */
enum office_app_state {
    OFFICE_APP_NONE = 0, /* no application yet: only create leaves it; has no name */
    OFFICE_APP_DRAFT,
    OFFICE_APP_SUBMITTED,
    OFFICE_APP_UNDER_REVIEW,
    OFFICE_APP_RETURNED,
    OFFICE_APP_RESUBMITTED,
    OFFICE_APP_APPROVED,
    OFFICE_APP_REJECTED,
    OFFICE_APP_CONTRACT_SIGNED,
    OFFICE_APP_INSTALLATION_SCHEDULED,
    OFFICE_APP_INSTALLED,
    OFFICE_APP_TRAINED,
    OFFICE_APP_LIVE
};
#define OFFICE_APP_STATE_LAST OFFICE_APP_LIVE

/* An action's API name is the lower-case word after OFFICE_ACT_ ("sign_contract").
 * Numbered from 1 so that 0 names none. */
enum office_app_action {
    OFFICE_ACT_CREATE = 1,
    OFFICE_ACT_EDIT,
    OFFICE_ACT_SUBMIT,
    OFFICE_ACT_START_REVIEW,
    OFFICE_ACT_RETURN,
    OFFICE_ACT_RESUBMIT,
    OFFICE_ACT_APPROVE,
    OFFICE_ACT_REJECT,
    OFFICE_ACT_SIGN_CONTRACT,
    OFFICE_ACT_SCHEDULE_INSTALLATION,
    OFFICE_ACT_MARK_INSTALLED,
    OFFICE_ACT_MARK_TRAINED,
    OFFICE_ACT_GO_LIVE
};
#define OFFICE_ACT_LAST OFFICE_ACT_GO_LIVE

/* The back office's roles (the list); API names as the lower-case word after
 * OFFICE_ROLE_. Numbered from 1 so that 0 names none. */
enum office_role {
    OFFICE_ROLE_ADMIN = 1,
    OFFICE_ROLE_REVIEWER,
    OFFICE_ROLE_OPERATIONS,
    OFFICE_ROLE_TECHNICIAN,
    OFFICE_ROLE_SUPPORT,
    OFFICE_ROLE_FINANCE,
    OFFICE_ROLE_AGENT,
    OFFICE_ROLE_MERCHANT
};
#define OFFICE_ROLE_LAST OFFICE_ROLE_MERCHANT

/* Which applications a role may take an action on. */
enum office_scope {
    OFFICE_SCOPE_NONE = 0, /* none */
    OFFICE_SCOPE_OWN = 1,  /* its own only (see office_onboarding_may) */
    OFFICE_SCOPE_ANY = 2   /* any */
};

/* The business outcome of office_onboarding_may: positive, so it never reads as an
 * error. */
#define OFFICE_DENIED 1

#define OFFICE_NOTE_CHARS              500
#define OFFICE_FIX_FIELDS_MAX          16
#define OFFICE_CONTRACT_NUMBER_MIN     6
#define OFFICE_CONTRACT_NUMBER_MAX     32
#define OFFICE_INSTALLATION_AHEAD_DAYS 366 /* a later date is taken for a typo */
#define OFFICE_REVIEW_SLA_WORKING_DAYS 5

/* What an action carries. Zero it, then fill what the action uses; the rest is
 * ignored. Strings NUL-terminated. */
struct office_step_input {
    /* every action: why, for the history; UTF-8, up to 500 characters, line breaks
     * allowed; required (non-blank) for return and reject */
    char note[OFFICE_TEXT_BYTES(OFFICE_NOTE_CHARS) + 1];
    /* return: the fields to fix, each an office_application_field_check() name, at
     * least one, none twice */
    size_t fix_count;
    char fix_fields[OFFICE_FIX_FIELDS_MAX][OFFICE_FIELD_NAME_MAX];
    /* approve: the new merchant's MID (office_mid_compose) */
    char mid[OFFICE_MID_LEN + 1];
    /* sign_contract: the contract number (6 to 32 of A-Z, 0-9 and single '-' between
     * them: "PSM-2026-000123"), the fee plan agreed (as an application's fee_plan),
     * and the deposit in fen (0 or more) */
    char contract_number[OFFICE_CONTRACT_NUMBER_MAX + 1];
    char fee_plan[OFFICE_TEXT_BYTES(OFFICE_FEE_PLAN_CHARS) + 1];
    int64_t deposit_fen;
    /* schedule_installation: the date (YYYYMMDD, from today to 366 days ahead) and
     * the technician's user id (> 0) */
    uint32_t installation_date;
    int64_t technician_id;
};

/* Takes action on an application in state from. in may be NULL for an action that
 * needs nothing (as a zeroed input); today (YYYYMMDD, local) bounds the installation
 * date. Sets *to (OUT) and returns 0 when the step is legal and its input good.
 * Otherwise problems (cleared first) says why, and the return is:
 *   PS_ECHECK     the state does not allow the action (HTTP 409); one problem, field
 *                 "action": "an application under_review cannot be contract_signed: it
 *                 must be approved first"
 *   PS_EFORMAT    the input is wrong (HTTP 422); a problem per faulty input field:
 *                 "note", "fix_fields", "fix_fields[2]", "mid", "contract_number",
 *                 "fee_plan", "deposit_fen", "installation_date", "technician_id"
 *   PS_EINVAL     from or action is not a defined value (field "state" or "action"),
 *                 or today is not a real date when the action needs it ("today"). */
int office_onboarding_step(enum office_app_state from, enum office_app_action action,
                           const struct office_step_input *in, uint32_t today,
                           enum office_app_state *to /* OUT */,
                           struct office_problems *problems /* OUT */);

/* The state action leads to from from, or OFFICE_APP_NONE when from does not allow
 * it (whatever its input): for showing which buttons to offer. */
enum office_app_state office_onboarding_next(enum office_app_state from,
                                             enum office_app_action action);

/* Which applications role may take action on. The admin may do everything. Staff
 * roles act on any application their job covers; a merchant only on its own online
 * application (create, edit, submit, resubmit), an agent only on applications it
 * brought (the same four). Support and finance take no onboarding step. */
enum office_scope office_onboarding_scope(enum office_role role, enum office_app_action action);

/* Whether role may take action on one application; own is nonzero when that
 * application is the actor's own: for a merchant, its own application that came
 * online; for an agent, one whose agent_id is the agent's. (The caller knows who the
 * actor is; this table knows only roles.) Returns 0 when allowed, OFFICE_DENIED with
 * why saying who may ("approve needs the reviewer or admin role", "an agent may
 * submit only an application it brought"), or PS_EINVAL for an undefined role or
 * action. */
int office_onboarding_may(enum office_role role, enum office_app_action action, int own,
                          struct ps_reason *why);

/* The date an application's review is due: OFFICE_REVIEW_SLA_WORKING_DAYS working days
 * of cal after the local date (offset_minutes from UTC) of submitted_at_us, the time of
 * its latest submit or resubmit. Returns 0 or what office_local_date and
 * office_calendar_add_working_days return. */
int office_review_due(const struct office_calendar *cal, int64_t submitted_at_us,
                      int offset_minutes, uint32_t *due /* OUT */, struct ps_reason *why);

/* Nonzero when a review due on due is overdue on today: due is the last day it may be
 * finished. */
int office_review_is_overdue(uint32_t due, uint32_t today);

/* Static API names ("under_review", "sign_contract", "reviewer"), or NULL for a value
 * with none; and the value of a name, or PS_EUNDEFINED naming the unknown one
 * ("\"approved!\" is not an application state"). */
const char *office_app_state_name(enum office_app_state state);
int office_app_state_from_name(const char *s, size_t len, enum office_app_state *state /* OUT */,
                               struct ps_reason *why);
const char *office_app_action_name(enum office_app_action action);
int office_app_action_from_name(const char *s, size_t len, enum office_app_action *action /* OUT */,
                                struct ps_reason *why);
const char *office_role_name(enum office_role role);
int office_role_from_name(const char *s, size_t len, enum office_role *role /* OUT */,
                          struct ps_reason *why);

#endif
