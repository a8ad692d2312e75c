/* After-sales tickets, SLA, warranty and the RMA plan (tickets.h). */
#include "host/office/service/tickets.h"

#include <stdio.h>
#include <string.h>

#include "host/office/tms/tms_internal.h"

#define HOUR_US (3600 * INT64_C(1000000))
#define BIT(s)  (1u << (s))

static const char *const category_names[OFFICE_TICKET_CATEGORY_COUNT + 1] = {
    [OFFICE_TICKET_FAULT] = "fault",
    [OFFICE_TICKET_REPAIR] = "repair",
    [OFFICE_TICKET_SOFTWARE_UPDATE] = "software_update",
    [OFFICE_TICKET_TRAINING] = "training",
    [OFFICE_TICKET_CONSULTATION] = "consultation",
    [OFFICE_TICKET_ACCESSORIES] = "accessories",
    [OFFICE_TICKET_COMPLAINT] = "complaint",
};

static const char *const priority_names[OFFICE_TICKET_PRIORITY_COUNT + 1] = {
    [OFFICE_TICKET_URGENT] = "urgent",
    [OFFICE_TICKET_HIGH] = "high",
    [OFFICE_TICKET_NORMAL] = "normal",
    [OFFICE_TICKET_LOW] = "low",
};

static const char *const status_names[OFFICE_TICKET_STATUS_COUNT + 1] = {
    [OFFICE_TICKET_OPEN] = "open",
    [OFFICE_TICKET_IN_PROGRESS] = "in_progress",
    [OFFICE_TICKET_WAITING_CUSTOMER] = "waiting_customer",
    [OFFICE_TICKET_RESOLVED] = "resolved",
    [OFFICE_TICKET_CLOSED] = "closed",
};

static const char *const action_names[OFFICE_TICKET_ACTION_COUNT + 1] = {
    [OFFICE_TICKET_START] = "start",
    [OFFICE_TICKET_WAIT_CUSTOMER] = "wait_customer",
    [OFFICE_TICKET_CUSTOMER_REPLIED] = "customer_replied",
    [OFFICE_TICKET_RESOLVE] = "resolve",
    [OFFICE_TICKET_CLOSE] = "close",
    [OFFICE_TICKET_REOPEN] = "reopen",
};

/* The service levels of tickets.h, in hours of wall time. */
static const int sla_hours[OFFICE_TICKET_PRIORITY_COUNT + 1] = {
    [OFFICE_TICKET_URGENT] = 4,
    [OFFICE_TICKET_HIGH] = 24,
    [OFFICE_TICKET_NORMAL] = 72,
    [OFFICE_TICKET_LOW] = 120,
};

/* The life cycle of tickets.h as data. */
static const struct {
    unsigned from;
    enum office_ticket_status to;
    bool needs_reason;
} transitions[OFFICE_TICKET_ACTION_COUNT + 1] = {
    [OFFICE_TICKET_START] = {BIT(OFFICE_TICKET_OPEN), OFFICE_TICKET_IN_PROGRESS, false},
    [OFFICE_TICKET_WAIT_CUSTOMER] = {BIT(OFFICE_TICKET_IN_PROGRESS), OFFICE_TICKET_WAITING_CUSTOMER,
                                     false},
    [OFFICE_TICKET_CUSTOMER_REPLIED] = {BIT(OFFICE_TICKET_WAITING_CUSTOMER),
                                        OFFICE_TICKET_IN_PROGRESS, false},
    [OFFICE_TICKET_RESOLVE] = {BIT(OFFICE_TICKET_IN_PROGRESS) | BIT(OFFICE_TICKET_WAITING_CUSTOMER),
                               OFFICE_TICKET_RESOLVED, false},
    [OFFICE_TICKET_CLOSE] = {BIT(OFFICE_TICKET_RESOLVED), OFFICE_TICKET_CLOSED, false},
    [OFFICE_TICKET_REOPEN] = {BIT(OFFICE_TICKET_RESOLVED), OFFICE_TICKET_IN_PROGRESS, true},
};

/* ---- names ---------------------------------------------------------------------- */

static const char *name_of(const char *const *names, int count, int value)
{
    return value >= 1 && value <= count ? names[value] : "unknown";
}

static int value_of(const char *const *names, int count, const char *what, const char *name,
                    int *out, struct ps_reason *why)
{
    for (int i = 1; name != NULL && i <= count; i++) {
        if (strcmp(names[i], name) == 0) {
            *out = i;
            return PS_OK;
        }
    }
    return ps_fail(why, PS_EUNDEFINED, "%s \"%.40s\" is not defined", what,
                   name != NULL ? name : "");
}

const char *office_ticket_category_name(enum office_ticket_category c)
{
    return name_of(category_names, OFFICE_TICKET_CATEGORY_COUNT, (int)c);
}

const char *office_ticket_priority_name(enum office_ticket_priority p)
{
    return name_of(priority_names, OFFICE_TICKET_PRIORITY_COUNT, (int)p);
}

const char *office_ticket_status_name(enum office_ticket_status s)
{
    return name_of(status_names, OFFICE_TICKET_STATUS_COUNT, (int)s);
}

const char *office_ticket_action_name(enum office_ticket_action a)
{
    return name_of(action_names, OFFICE_TICKET_ACTION_COUNT, (int)a);
}

int office_ticket_category_parse(const char *name, enum office_ticket_category *out,
                                 struct ps_reason *why)
{
    int v = 0, rc = value_of(category_names, OFFICE_TICKET_CATEGORY_COUNT, "ticket category", name,
                             &v, why);
    if (rc == 0)
        *out = (enum office_ticket_category)v;
    return rc;
}

int office_ticket_priority_parse(const char *name, enum office_ticket_priority *out,
                                 struct ps_reason *why)
{
    int v = 0, rc = value_of(priority_names, OFFICE_TICKET_PRIORITY_COUNT, "ticket priority", name,
                             &v, why);
    if (rc == 0)
        *out = (enum office_ticket_priority)v;
    return rc;
}

int office_ticket_status_parse(const char *name, enum office_ticket_status *out,
                               struct ps_reason *why)
{
    int v = 0,
        rc = value_of(status_names, OFFICE_TICKET_STATUS_COUNT, "ticket status", name, &v, why);
    if (rc == 0)
        *out = (enum office_ticket_status)v;
    return rc;
}

int office_ticket_action_parse(const char *name, enum office_ticket_action *out,
                               struct ps_reason *why)
{
    int v = 0,
        rc = value_of(action_names, OFFICE_TICKET_ACTION_COUNT, "ticket action", name, &v, why);
    if (rc == 0)
        *out = (enum office_ticket_action)v;
    return rc;
}

/* ---- opening -------------------------------------------------------------------- */

/* A description may span lines: tabs and line ends are allowed, other controls not. */
static int check_description(const char *text, struct ps_reason *why)
{
    char copy[OFFICE_TICKET_DESC_MAX + 1];
    size_t len;

    if (memchr(text, '\0', OFFICE_TICKET_DESC_MAX + 1) == NULL)
        return ps_fail(why, PS_EFORMAT, "description: not terminated");
    len = strlen(text);
    memcpy(copy, text, len + 1);
    for (size_t i = 0; i < len; i++)
        if (copy[i] == '\n' || copy[i] == '\r' || copy[i] == '\t')
            copy[i] = ' ';
    return tms__text_check("description", copy, 1, OFFICE_TICKET_DESC_MAX, why);
}

static bool needs_terminal(enum office_ticket_category c)
{
    return c == OFFICE_TICKET_REPAIR || c == OFFICE_TICKET_SOFTWARE_UPDATE;
}

int office_ticket_draft_check(const struct office_ticket_draft *d, struct ps_reason *why)
{
    struct ps_reason inner;
    int rc;

    if (d == NULL)
        return ps_fail(why, PS_EINVAL, "no ticket");
    if (d->category < 1 || d->category > OFFICE_TICKET_CATEGORY_COUNT)
        return ps_fail(why, PS_EUNDEFINED, "category: %d is not defined", (int)d->category);
    if (d->priority < 1 || d->priority > OFFICE_TICKET_PRIORITY_COUNT)
        return ps_fail(why, PS_EUNDEFINED, "priority: %d is not defined", (int)d->priority);
    if ((rc = check_description(d->description, why)) != 0)
        return rc;
    if (memchr(d->mid, '\0', sizeof(d->mid)) == NULL ||
        memchr(d->serial, '\0', sizeof(d->serial)) == NULL)
        return ps_fail(why, PS_EFORMAT, "mid or serial: not terminated");
    if (d->mid[0] != '\0' && (rc = office_mid_check(d->mid, &inner)) != 0)
        return ps_fail(why, PS_EFORMAT, "mid: %s", inner.text);
    if (d->serial[0] == '\0' && needs_terminal(d->category))
        return ps_fail(why, PS_EFORMAT, "serial: a %s ticket names its terminal",
                       category_names[d->category]);
    if (d->serial[0] != '\0' && office_terminal_serial_check(d->serial, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "serial: %s", inner.text);
    return PS_OK;
}

int office_ticket_sla_hours(enum office_ticket_priority priority)
{
    return priority >= 1 && priority <= OFFICE_TICKET_PRIORITY_COUNT ? sla_hours[priority] : 0;
}

int office_ticket_sla_due(enum office_ticket_priority priority, int64_t opened_us, int64_t *due_us,
                          struct ps_reason *why)
{
    int hours = office_ticket_sla_hours(priority);

    if (hours == 0)
        return ps_fail(why, PS_EUNDEFINED, "priority: %d is not defined", (int)priority);
    if (opened_us > INT64_MAX - hours * HOUR_US)
        return ps_fail(why, PS_EOVERFLOW, "the due time overflows");
    *due_us = opened_us + hours * HOUR_US;
    return PS_OK;
}

int office_ticket_open(struct office_ticket *t, const struct office_ticket_draft *d, int64_t now_us,
                       struct ps_reason *why)
{
    int rc;

    memset(t, 0, sizeof(*t));
    if ((rc = office_ticket_draft_check(d, why)) != 0 ||
        (rc = office_ticket_sla_due(d->priority, now_us, &t->due_at_us, why)) != 0)
        return rc;
    t->category = d->category;
    t->priority = d->priority;
    t->status = OFFICE_TICKET_OPEN;
    t->opened_at_us = now_us;
    return PS_OK;
}

/* ---- the life cycle ------------------------------------------------------------- */

static void list_statuses(unsigned mask, char *out, size_t cap)
{
    size_t used = 0;

    out[0] = '\0';
    for (int s = 1; s <= OFFICE_TICKET_STATUS_COUNT; s++) {
        if ((mask & BIT(s)) == 0)
            continue;
        int n = snprintf(out + used, cap - used, "%s%s", used > 0 ? ", " : "", status_names[s]);
        if (n < 0 || (size_t)n >= cap - used)
            return;
        used += (size_t)n;
    }
}

int office_ticket_next_status(enum office_ticket_status from, enum office_ticket_action action,
                              enum office_ticket_status *to, struct ps_reason *why)
{
    char allowed[96];

    if (from < 1 || from > OFFICE_TICKET_STATUS_COUNT)
        return ps_fail(why, PS_EUNDEFINED, "ticket status %d is not defined", (int)from);
    if (action < 1 || action > OFFICE_TICKET_ACTION_COUNT)
        return ps_fail(why, PS_EUNDEFINED, "ticket action %d is not defined", (int)action);
    if ((transitions[action].from & BIT(from)) == 0) {
        list_statuses(transitions[action].from, allowed, sizeof(allowed));
        return ps_fail(why, PS_ECHECK, "cannot %s a ticket that is %s: %s applies to %s",
                       action_names[action], status_names[from], action_names[action], allowed);
    }
    *to = transitions[action].to;
    return PS_OK;
}

int office_ticket_apply(struct office_ticket *t, enum office_ticket_action action,
                        const char *reason, struct ps_reason *why)
{
    enum office_ticket_status to;
    struct ps_reason inner;
    int rc;

    if ((rc = office_ticket_next_status(t->status, action, &to, why)) != 0)
        return rc;
    if (transitions[action].needs_reason && reason == NULL)
        return ps_fail(why, PS_EINVAL, "%s: a reason is required", action_names[action]);
    if (reason != NULL && tms__text_check("reason", reason, 1, OFFICE_REASON_MAX, &inner) != 0)
        return ps_fail(why, PS_EINVAL, "%s: %s", action_names[action], inner.text);
    t->status = to;
    return PS_OK;
}

bool office_ticket_overdue(const struct office_ticket *t, int64_t now_us)
{
    if (t->status != OFFICE_TICKET_OPEN && t->status != OFFICE_TICKET_IN_PROGRESS)
        return false;
    return now_us > t->due_at_us;
}

/* ---- warranty ------------------------------------------------------------------- */

static bool leap(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const unsigned days[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m];
}

static int check_date(const char *what, uint32_t date, struct ps_reason *why)
{
    unsigned y = date / 10000, m = date / 100 % 100, d = date % 100;

    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return ps_fail(why, PS_EINVAL, "%s %08u is not a real date", what, (unsigned)date);
    return PS_OK;
}

int office_warranty_end(uint32_t install_date, int months, uint32_t *end, struct ps_reason *why)
{
    unsigned y, m, d, total;
    int rc;

    if ((rc = check_date("installation date", install_date, why)) != 0)
        return rc;
    if (months < 1 || months > 120)
        return ps_fail(why, PS_EINVAL, "warranty: %d months is outside 1 to 120", months);
    y = install_date / 10000;
    m = install_date / 100 % 100;
    d = install_date % 100;
    total = y * 12 + (m - 1) + (unsigned)months; /* months since year 0 */
    y = total / 12;
    m = total % 12 + 1;
    if (y > 9999)
        return ps_fail(why, PS_EOVERFLOW, "warranty: ends after the year 9999");
    if (d > days_in_month(y, m))
        d = days_in_month(y, m); /* 31 January + 1 month = 28 (or 29) February */
    *end = y * 10000 + m * 100 + d;
    return PS_OK;
}

int office_warranty_covers(uint32_t install_date, int months, uint32_t repair_date, bool *is_free,
                           struct ps_reason *why)
{
    uint32_t end;
    int rc;

    if ((rc = office_warranty_end(install_date, months, &end, why)) != 0 ||
        (rc = check_date("repair date", repair_date, why)) != 0)
        return rc;
    if (repair_date < install_date) /* YYYYMMDD numbers order as the dates do */
        return ps_fail(why, PS_EINVAL, "repair date %08u is before installation on %08u",
                       (unsigned)repair_date, (unsigned)install_date);
    *is_free = repair_date <= end;
    return PS_OK;
}

/* ---- RMA ------------------------------------------------------------------------ */

static bool with_merchant(enum office_terminal_state s)
{
    return s == OFFICE_TERMINAL_ASSIGNED || s == OFFICE_TERMINAL_ACTIVATION_PENDING ||
           s == OFFICE_TERMINAL_ACTIVE || s == OFFICE_TERMINAL_SUSPENDED ||
           s == OFFICE_TERMINAL_LOCKED;
}

/* Applies ev to a copy of *t (which becomes the after state) and records the change. */
static int plan_step(struct office_rma_plan *plan, struct office_terminal *t,
                     const struct office_terminal_event *ev, struct ps_reason *why)
{
    struct office_rma_change *c = &plan->changes[plan->n];
    struct ps_reason inner;
    int rc;

    c->before = *t;
    if ((rc = office_terminal_apply(t, ev, &inner)) != 0)
        return ps_fail(why, rc, "terminal %s: %s", t->serial, inner.text);
    c->after = *t;
    c->action = ev->action;
    tms__copy(c->serial, sizeof(c->serial), t->serial);
    plan->n++;
    return PS_OK;
}

static int check_rma_inputs(const struct office_terminal *faulty,
                            const struct office_terminal *replacement, const char *reason,
                            struct ps_reason *why)
{
    struct ps_reason inner;

    if (faulty == NULL || replacement == NULL)
        return ps_fail(why, PS_EINVAL, "RMA: a terminal is missing");
    if (strcmp(faulty->serial, replacement->serial) == 0)
        return ps_fail(why, PS_EINVAL, "RMA: terminal %s cannot replace itself", faulty->serial);
    if (!with_merchant(faulty->state) || faulty->mid[0] == '\0')
        return ps_fail(why, PS_ECHECK,
                       "faulty terminal %s is %s: only a terminal with a "
                       "merchant is swapped",
                       faulty->serial, office_terminal_state_name(faulty->state));
    if (replacement->state != OFFICE_TERMINAL_IN_STOCK)
        return ps_fail(why, PS_ECHECK, "replacement %s is %s: a replacement comes from in_stock",
                       replacement->serial, office_terminal_state_name(replacement->state));
    if (reason == NULL)
        return ps_fail(why, PS_EINVAL, "RMA: a reason is required");
    if (tms__text_check("reason", reason, 1, OFFICE_REASON_MAX - 5, &inner) != 0)
        return ps_fail(why, PS_EINVAL, "RMA: %s", inner.text);
    return PS_OK;
}

int office_rma_plan(const struct office_terminal *faulty, const struct office_terminal *replacement,
                    const char *new_tid, const char *reason, struct office_rma_plan *out,
                    struct ps_reason *why)
{
    struct office_terminal f, r;
    char repair_reason[OFFICE_REASON_MAX + 1];
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = check_rma_inputs(faulty, replacement, reason, why)) != 0)
        return rc;
    f = *faulty;
    r = *replacement;
    snprintf(repair_reason, sizeof(repair_reason), "RMA: %s", reason);
    struct office_terminal_event to_repair = {OFFICE_TERMINAL_SEND_TO_REPAIR, NULL, NULL,
                                              repair_reason};
    struct office_terminal_event assign = {OFFICE_TERMINAL_ASSIGN, faulty->mid, new_tid, NULL};
    struct office_terminal_event issue = {OFFICE_TERMINAL_ISSUE_CODE, NULL, NULL, NULL};
    if ((rc = plan_step(out, &f, &to_repair, why)) != 0 ||
        (rc = plan_step(out, &r, &assign, why)) != 0 ||
        (rc = plan_step(out, &r, &issue, why)) != 0) {
        memset(out, 0, sizeof(*out));
        return rc;
    }
    return PS_OK;
}
