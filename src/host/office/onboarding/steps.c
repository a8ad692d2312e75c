/* The steps of an application after creation (office_application_act, applications.h):
 * each checked by the state machine and the role table, then written with what the
 * step adds (the review's due date, the merchant and its MID, the contract, the
 * installation) in one commit with its history and audit entries. */
#include "host/office/onboarding/applications.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/office/onboarding/applications_internal.h"
#include "host/office/onboarding/records.h"

/* ---- approval: the merchant and its MID ---------------------------------------------- */

/* The next free MID of acquirer + area + mcc: one past the highest in use (unique in
 * the store, so two approvals racing cannot both commit the same one). */
static int next_mid(struct office *o, const char *mcc, char mid[OFFICE_MID_LEN + 1],
                    struct office_problems *problems, struct ps_reason *why)
{
    const struct office_onboarding_rules *r = office_onboarding_rules(o);
    char prefix[OFFICE_MID_LEN], last[ROW_MID_LEN + 1];
    struct ps_reason bad;
    unsigned sequence = 1;

    snprintf(prefix, sizeof(prefix), "%.3s%.4s%.4s", r->acquirer, r->area, mcc);
    int rc = store_max_mid(o->store, prefix, last, why);
    if (rc < 0)
        return rc;
    if (rc == 1)
        sequence = (unsigned)strtoul(last + strlen(prefix), NULL, 10) + 1;
    rc = office_mid_compose(r->acquirer, r->area, mcc, sequence, mid, &bad);
    if (rc == PS_EOVERFLOW)
        return office_problem_add(problems, "mid", PS_ECHECK, "%s", bad.text);
    if (rc != 0)
        return office_problem_add(problems, "mcc", PS_EFORMAT, "no MID can be made: %s", bad.text);
    return 0;
}

/* Copies at most cap - 1 bytes of s into out, never cutting a UTF-8 character. */
static void copy_whole_chars(char *out, size_t cap, const char *s)
{
    size_t len = strlen(s);
    if (len >= cap) {
        len = cap - 1;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, s, len);
    out[len] = '\0';
}

/* The merchant approval creates: not active until the application goes live. Its id
 * is above every merchant of this host's range (the demo seeds merchants by id, after
 * the back office read its high mark). */
static int new_merchant(struct office *o, const struct application_row *app, const char *mid,
                        struct merchant_row *m, struct ps_reason *why)
{
    int64_t high = 0;
    int rc = store_max_merchant_id(o->store, o->cfg.host_id, &high, why);
    if (rc != 0)
        return rc;
    if (o->next_id <= high)
        o->next_id = high + 1;
    memset(m, 0, sizeof(*m));
    m->id = office_next_id(o);
    snprintf(m->mid, sizeof(m->mid), "%s", mid);
    copy_whole_chars(m->name, sizeof(m->name), app->legal_name);
    snprintf(m->mcc, sizeof(m->mcc), "%.4s", app->mcc);
    m->fee_ppm = office_onboarding_rules(o)->fee_ppm;
    snprintf(m->status, sizeof(m->status), "suspended");
    m->updated_us = office_now_us(o); /* every engine reads it (ledger_poll) */
    return 0;
}

/* ---- what each step adds ---------------------------------------------------------- */

static int technician_check(struct office *o, int64_t id, struct office_problems *problems,
                            struct ps_reason *why)
{
    struct user_row u;
    int rc = store_find_user(o->store, id, &u, why);
    if (rc < 0)
        return rc;
    if (rc == 0 || strcmp(u.role, "technician") != 0 || strcmp(u.status, "active") != 0)
        return office_problem_add(problems, "technician_id", PS_EFORMAT,
                                  "user %" PRId64 " is not an active technician", id);
    return 0;
}

static int set_review_due(struct office *o, struct application_row *after, struct ps_reason *why)
{
    const struct office_onboarding_rules *r = office_onboarding_rules(o);
    uint32_t due;
    after->submitted_us = after->updated_us;
    int rc = office_review_due(&r->calendar, after->submitted_us, r->offset_minutes, &due, why);
    if (rc == 0)
        snprintf(after->review_due, sizeof(after->review_due), "%08" PRIu32, due);
    return rc;
}

static void join_fix_fields(const struct office_step_input *in, char *buf, size_t cap)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < in->fix_count && at < cap; i++)
        at += (size_t)snprintf(buf + at, cap - at, "%s%s", i > 0 ? "," : "", in->fix_fields[i]);
}

/* What a step checks beyond the state machine: the whole application before it goes
 * to review, the technician before a visit is booked. */
static int step_checks(struct office *o, enum office_app_action action,
                       const struct application_row *before, const struct office_step_input *in,
                       uint32_t today, struct office_problems *problems, struct ps_reason *why)
{
    struct office_application app;
    if (action == OFFICE_ACT_SUBMIT || action == OFFICE_ACT_RESUBMIT) {
        office_application_from_row(before, &app);
        int rc = office_application_check(&app, today, problems, NULL);
        return rc == PS_EFORMAT ? PS_EFORMAT : rc;
    }
    if (action == OFFICE_ACT_SCHEDULE_INSTALLATION) {
        int rc = technician_check(o, in->technician_id, problems, why);
        return rc < 0 ? rc : (problems->count > 0 ? PS_EFORMAT : 0);
    }
    return 0;
}

/* The row after the step, and the merchant it creates or activates. */
static int apply_step(struct office *o, enum office_app_action action,
                      const struct office_step_input *in, struct application_row *after,
                      struct merchant_row *m, struct merchant_row *m_before, int *merchant,
                      struct ps_reason *why)
{
    *merchant = 0;
    switch (action) {
    case OFFICE_ACT_SUBMIT:
    case OFFICE_ACT_RESUBMIT:
        return set_review_due(o, after, why);
    case OFFICE_ACT_APPROVE: {
        int rc = new_merchant(o, after, in->mid, m, why);
        after->merchant_id = m->id;
        *merchant = rc == 0;
        return rc;
    }
    case OFFICE_ACT_SIGN_CONTRACT:
        snprintf(after->contract_number, sizeof(after->contract_number), "%s", in->contract_number);
        snprintf(after->contract_fee_plan, sizeof(after->contract_fee_plan), "%s", in->fee_plan);
        after->deposit_fen = in->deposit_fen;
        return 0;
    case OFFICE_ACT_SCHEDULE_INSTALLATION:
        snprintf(after->installation_date, sizeof(after->installation_date), "%08" PRIu32,
                 in->installation_date);
        after->technician_id = in->technician_id;
        return 0;
    case OFFICE_ACT_GO_LIVE: {
        int rc = store_find_merchant(o->store, after->merchant_id, m_before, why);
        if (rc <= 0)
            return rc < 0 ? rc
                          : ps_fail(why, PS_EINVAL,
                                    "merchant %" PRId64 " of application %" PRId64 " is missing",
                                    after->merchant_id, after->id);
        *m = *m_before;
        snprintf(m->status, sizeof(m->status), "active");
        m->updated_us = office_now_us(o); /* every engine serves it within a second */
        *merchant = 2;
        return 0;
    }
    default:
        return 0;
    }
}

/* ---- the step ------------------------------------------------------------------------ */

/* The state machine's answer, and the MID approval needs for it. */
static int decide(struct office *o, const struct application_row *before,
                  enum office_app_action action, struct office_step_input *in,
                  enum office_app_state *to, struct office_problems *problems,
                  struct ps_reason *why)
{
    struct office_problems step;
    enum office_app_state from;
    office_app_state_from_name(before->state, strlen(before->state), &from, NULL);
    if (action == OFFICE_ACT_APPROVE && office_onboarding_next(from, action) != OFFICE_APP_NONE) {
        int rc = next_mid(o, before->mcc, in->mid, problems, why);
        if (rc != 0)
            return rc;
    }
    int rc = office_onboarding_step(from, action, in, office_onboarding_today(o), to, &step);
    office__problems_append(problems, &step);
    return rc == PS_EINVAL ? PS_EFORMAT : rc;
}

int office_application_act(struct office *o, const struct office_actor *actor, int64_t id,
                           enum office_app_action action, const struct office_step_input *in,
                           struct application_row *out, struct office_problems *problems,
                           struct ps_reason *why)
{
    static const struct office_step_input nothing;
    struct office_step_input input = in != NULL ? *in : nothing;
    struct application_row before;
    struct merchant_row m, m_before;
    enum office_app_state to;
    char fix[sizeof(((struct application_event_row *)0)->fix_fields)];
    int merchant = 0;

    if (action == OFFICE_ACT_CREATE || action == OFFICE_ACT_EDIT)
        return office_problem_add(problems, "action", PS_EFORMAT,
                                  "%s is not a step: POST /api/v1/applications creates, PATCH "
                                  "edits",
                                  office_app_action_name(action));
    int rc = office_application_get(o, actor, id, &before, NULL, why);
    if (rc <= 0)
        return rc < 0 ? rc : OFFICE_NOT_FOUND;
    enum office_role role = office__actor_role(actor);
    rc = role == 0
             ? ps_fail(why, OFFICE_DENIED, "the role %s takes no onboarding step", actor->user.role)
             : office_onboarding_may(role, action, office_application_own(actor, &before), why);
    if (rc == 0)
        rc = decide(o, &before, action, &input, &to, problems, why);
    if (rc == 0)
        rc = step_checks(o, action, &before, &input, office_onboarding_today(o), problems, why);
    if (rc != 0)
        return rc;
    *out = before;
    snprintf(out->state, sizeof(out->state), "%s", office_app_state_name(to));
    out->updated_us = office_now_us(o);
    if (out->updated_us <= before.updated_us) /* the guard tells changes apart by it */
        out->updated_us = before.updated_us + 1;
    snprintf(out->last_note, sizeof(out->last_note), "%s", input.note);
    if ((rc = apply_step(o, action, &input, out, &m, &m_before, &merchant, why)) != 0)
        return rc;
    join_fix_fields(&input, fix, sizeof(fix));
    struct office__app_change c = {
        .before = &before,
        .after = out,
        .action = office_app_action_name(action),
        .note = input.note,
        .fix_fields = fix,
        .merchant = merchant ? &m : NULL,
        .merchant_before = merchant == 2 ? &m_before : NULL,
        .merchant_action = merchant == 2 ? "merchant.activate" : "merchant.create",
    };
    return office__app_commit(o, actor, &c, problems, why);
}
