/* desk.h — the service desk: after-sales tickets (售后) over the store. tickets.h is the
 * life cycle, the SLA and the warranty arithmetic; this module opens tickets, assigns
 * them, takes them through their steps, keeps their comments, and commits each change
 * with its audit entry (audit.h).
 *
 * Who may do what:
 *   staff (admin, support, operations, technician)  see every ticket, open, assign,
 *                                                   take every step, comment
 *   a merchant user                                 sees and opens only its own
 *                                                   merchant's tickets; may comment,
 *                                                   answer (customer_replied), close
 *                                                   and reopen them; another
 *                                                   merchant's ticket is not found
 *   everyone else                                   nothing (OFFICE_DENIED)
 *
 * Outcomes, as the onboarding's: 0; OFFICE_NOT_FOUND (HTTP 404: no such ticket, or not
 * the caller's; *field names the id that was not found when it came in the body);
 * OFFICE_DENIED (403); PS_EINVAL, PS_EFORMAT, PS_EUNDEFINED (422, *field names the
 * field and why the reason); PS_ECHECK (409: the life cycle forbids it, or the ticket
 * changed meanwhile); < 0 otherwise from the store. */
#ifndef POSSUM_HOST_OFFICE_SERVICE_DESK_H
#define POSSUM_HOST_OFFICE_SERVICE_DESK_H

#include <jansson.h>

#include "host/office/office.h"
#include "host/office/service/tickets.h"

#define OFFICE_WARRANTY_MONTHS_DEFAULT 12
#define OFFICE_TICKET_TITLE_CHARS      100

/* A model's warranty, for office_config.warranty. */
struct office_warranty_months {
    const char *model; /* as the stock row has it; NULL ends the list */
    int months;        /* 1 to 120 */
};

/* The warranty months of model under o's configuration. */
int office_warranty_months_of(const struct office *o, const char *model);

/* What opening a ticket takes; strings NULL when absent (the API's view of the body).
 * priority NULL is "normal". merchant_id 0: the terminal's merchant, or none. */
struct office_ticket_input {
    const char *category;
    const char *priority;
    const char *title;
    const char *description;
    int64_t merchant_id;
    int64_t terminal_id; /* the terminal_stock id; 0: about no terminal */
};

/* Opens a ticket: numbered "T<local date>-<that day's count, 4 digits or more>", due by
 * its priority's SLA; a repair ticket on a terminal says whether the repair is free
 * (under warranty from the terminal's installation date; a terminal never installed is
 * still the provider's, so free). *out is the stored row. */
int office_desk_open(struct office *o, const struct office_actor *actor,
                     const struct office_ticket_input *in, struct ticket_row *out /* OUT */,
                     const char **field /* OUT */, struct ps_reason *why);

/* The ticket id as actor may see it (OFFICE_NOT_FOUND when it is not theirs). */
int office_desk_find(struct office *o, const struct office_actor *actor, int64_t id,
                     struct ticket_row *out /* OUT */, struct ps_reason *why);

/* The merchant a list is limited to for actor: 0 for staff (every ticket), the
 * merchant's own id for a merchant user; OFFICE_DENIED for anyone else. */
int office_desk_scope(const struct office_actor *actor, int64_t *merchant_id /* OUT */,
                      struct ps_reason *why);

/* Gives the ticket to a staff user (admin, support, operations or technician, active);
 * not a closed ticket. Staff only. */
int office_desk_assign(struct office *o, const struct office_actor *actor, int64_t id,
                       int64_t assignee_id, struct ticket_row *out /* OUT */,
                       const char **field /* OUT */, struct ps_reason *why);

/* Takes one step of tickets.h's life cycle (reason required for reopen, optional
 * otherwise, kept as last_reason). */
int office_desk_act(struct office *o, const struct office_actor *actor, int64_t id,
                    enum office_ticket_action action, const char *reason,
                    struct ticket_row *out /* OUT */, const char **field /* OUT */,
                    struct ps_reason *why);

/* Adds a comment (1 to 2000 bytes of UTF-8, lines allowed) to a ticket that is not
 * closed. */
int office_desk_comment(struct office *o, const struct office_actor *actor, int64_t id,
                        const char *text, struct ticket_comment_row *out /* OUT */,
                        const char **field /* OUT */, struct ps_reason *why);

/* A ticket as the API shows it at now_us ("overdue" computed then). A new object. */
json_t *office_ticket_json(const struct ticket_row *t, int64_t now_us);
json_t *office_ticket_comment_json(const struct ticket_comment_row *c);

#endif
