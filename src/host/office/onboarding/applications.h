/* applications.h — merchant applications (办理) over the store: created by staff from
 * paper or by a merchant or agent online, edited while a draft or returned, and taken
 * from step to step through office_onboarding_step() by whoever
 * office_onboarding_may() allows. Every change is committed together with its history
 * entry and its audit entry; approval also creates the merchant with its MID.
 *
 * Who sees what: staff see every application; an agent only those it brought; a
 * merchant only its own (applied for online by its user, or the merchant approval
 * made). An application someone may not see is answered as if it did not exist
 * (OFFICE_NOT_FOUND), so its existence is not revealed.
 *
 * Returns, for every function that changes something:
 *   0                  done (*out is the application as committed)
 *   OFFICE_DENIED      the actor's role may not (why says who may: HTTP 403)
 *   OFFICE_NOT_FOUND   no such application, or not one the actor may see (404)
 *   PS_ECHECK          the state does not allow it, or someone changed it meanwhile;
 *                      problems says why (409)
 *   PS_EFORMAT         the input is wrong; problems names every field at fault (422)
 *   < 0 otherwise      from the store (why)
 * problems is appended to (the API may already have added what it could not read). */
#ifndef POSSUM_HOST_OFFICE_APPLICATIONS_H
#define POSSUM_HOST_OFFICE_APPLICATIONS_H

#include <stddef.h>
#include <stdint.h>

#include "host/office/calendar.h"
#include "host/office/office.h"
#include "host/office/onboarding/onboarding.h"
#include "host/office/onboarding/problems.h"
#include "host/store/onboarding.h"


/* What onboarding needs to know of the provider. */
struct office_onboarding_rules {
    char acquirer[OFFICE_MID_ACQUIRER_LEN + 1]; /* MID positions 1-3: "898" */
    /* MID positions 4-7: every new merchant's area code. One configured code rather
     * than one guessed from the free-text address: mapping addresses to UnionPay's
     * area codes needs its region table, and a wrong guess would be silent. */
    char area[OFFICE_MID_AREA_LEN + 1]; /* "1000" */
    int offset_minutes;                 /* local time: +480, China Standard Time */
    struct office_calendar calendar;    /* working days; zeroed: weekends only */
    int64_t fee_ppm; /* a new merchant's fee until a fee plan sets it: 6000 (0.60%) */
};

/* The defaults above (a static struct: do not free). */
const struct office_onboarding_rules *office_onboarding_rules_default(void);

/* The rules o runs with. */
const struct office_onboarding_rules *office_onboarding_rules(const struct office *o);

/* Today's local date (YYYYMMDD) by o's clock and rules. */
uint32_t office_onboarding_today(const struct office *o);

/* One field of the form as the API names it (application.h), value[0..len) as
 * office_application_set() reads it. The strings are the caller's. */
struct office_field_value {
    const char *field;
    const char *value;
    size_t len;
};

/* Whether actor may see row, and whether row is actor's own in the sense of
 * office_onboarding_may (an agent's: brought by it; a merchant's: its online one). */
int office_application_visible(const struct office_actor *actor, const struct application_row *row);
int office_application_own(const struct office_actor *actor, const struct application_row *row);

/* The application id if actor may see it: 1 with *out (and *merchant, may be NULL,
 * filled when approval made one: else its id is 0), 0 when not (none, or not visible),
 * or < 0. */
int office_application_get(struct office *o, const struct office_actor *actor, int64_t id,
                           struct application_row *out, struct merchant_row *merchant,
                           struct ps_reason *why);

/* Creates a draft from the n fields given (any may be missing: a draft is the form
 * being filled in). A field given with a value is checked as submission would check
 * it. A merchant's application is online and its own; an agent's names the agent; staff
 * key in paper ones unless they say channel "online". */
int office_application_create(struct office *o, const struct office_actor *actor,
                              const struct office_field_value *fields, size_t n,
                              struct application_row *out, struct office_problems *problems,
                              struct ps_reason *why);

/* Changes the n fields given of a draft or returned application; all or nothing. */
int office_application_edit(struct office *o, const struct office_actor *actor, int64_t id,
                            const struct office_field_value *fields, size_t n,
                            struct application_row *out, struct office_problems *problems,
                            struct ps_reason *why);

/* Takes action (not create or edit) with its input in (may be NULL). Submit and
 * resubmit check the whole application (422 naming every problem) and set the review's
 * due date; approve creates the merchant (its MID: acquirer, area, the MCC and the next
 * free sequence of the three); go_live makes that merchant active. */
int office_application_act(struct office *o, const struct office_actor *actor, int64_t id,
                           enum office_app_action action, const struct office_step_input *in,
                           struct application_row *out, struct office_problems *problems,
                           struct ps_reason *why);

/* What a list asks for: a state (NULL or "" any), an agent (0 any), and only overdue
 * reviews. The actor's scope narrows it further. */
struct office_application_query {
    const char *state;
    int64_t agent_id;
    int overdue;
};

/* Applications actor may see that pass q, with ids above after_id, at most limit. An
 * unknown state is PS_EFORMAT with a problem naming "state". */
int office_application_list(struct office *o, const struct office_actor *actor,
                            const struct office_application_query *q, int64_t after_id, int limit,
                            int (*fn)(void *ctx, const struct application_row *row), void *ctx,
                            struct office_problems *problems, struct ps_reason *why);

#endif
