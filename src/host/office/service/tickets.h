/* tickets.h — after-sales service (售后) as pure logic: tickets and their life cycle,
 * service levels, warranty, and the plan of a terminal swap (RMA). No store, no clock:
 * the caller passes the time and stores what comes back (comments, assignee and the
 * audit trail live in the store).
 *
 * Ticket statuses and the actions between them (every other pair is refused, PS_ECHECK,
 * with a sentence naming the status and the action; the API answers 409):
 *
 *   action             from                            to
 *   start              open                            in_progress
 *   wait_customer      in_progress                     waiting_customer
 *   customer_replied   waiting_customer                in_progress
 *   resolve            in_progress, waiting_customer   resolved
 *   close              resolved                        closed
 *   reopen             resolved                        in_progress (a reason is required)
 *
 * Service levels (SLA) are wall-clock hours from opening, by priority — data, in the
 * table below, not code:
 *
 *   urgent   4 hours     a merchant who cannot take payment at all
 *   high     24 hours    one terminal of several down, an offline terminal
 *   normal   72 hours    a fault with a workaround, a software update
 *   low      120 hours   questions, training, accessories
 *
 * Wall-clock hours, because a counter that cannot take payment on a Sunday is as
 * urgent as on a Monday. Working-day service levels (for training and consultation,
 * say) can come later on calendar.h's working days. A ticket is overdue when it is open
 * or in progress after its due time; while waiting for the customer it is not listed
 * (the next step is theirs), and resolved or closed tickets never are. The due time is
 * not moved by waiting or by reopening: a reopened ticket was not really resolved in
 * time.
 */
#ifndef POSSUM_HOST_OFFICE_TICKETS_H
#define POSSUM_HOST_OFFICE_TICKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "host/office/tms/terminals.h"

#define OFFICE_TICKET_DESC_MAX 2000 /* bytes of UTF-8 */

enum office_ticket_category {
    OFFICE_TICKET_FAULT = 1,
    OFFICE_TICKET_REPAIR,
    OFFICE_TICKET_SOFTWARE_UPDATE,
    OFFICE_TICKET_TRAINING,
    OFFICE_TICKET_CONSULTATION,
    OFFICE_TICKET_ACCESSORIES,
    OFFICE_TICKET_COMPLAINT
};
#define OFFICE_TICKET_CATEGORY_COUNT 7

enum office_ticket_priority {
    OFFICE_TICKET_URGENT = 1,
    OFFICE_TICKET_HIGH,
    OFFICE_TICKET_NORMAL,
    OFFICE_TICKET_LOW
};
#define OFFICE_TICKET_PRIORITY_COUNT 4

enum office_ticket_status {
    OFFICE_TICKET_OPEN = 1,
    OFFICE_TICKET_IN_PROGRESS,
    OFFICE_TICKET_WAITING_CUSTOMER,
    OFFICE_TICKET_RESOLVED,
    OFFICE_TICKET_CLOSED
};
#define OFFICE_TICKET_STATUS_COUNT 5

enum office_ticket_action {
    OFFICE_TICKET_START = 1,
    OFFICE_TICKET_WAIT_CUSTOMER,
    OFFICE_TICKET_CUSTOMER_REPLIED,
    OFFICE_TICKET_RESOLVE,
    OFFICE_TICKET_CLOSE,
    OFFICE_TICKET_REOPEN
};
#define OFFICE_TICKET_ACTION_COUNT 6

/* Names as the API spells them ("software_update", "waiting_customer"); static
 * strings, "unknown" outside the enum. */
const char *office_ticket_category_name(enum office_ticket_category c);
const char *office_ticket_priority_name(enum office_ticket_priority p);
const char *office_ticket_status_name(enum office_ticket_status s);
const char *office_ticket_action_name(enum office_ticket_action a);

/* Names back to values. Return 0 or PS_EUNDEFINED ("ticket category \"broken\" is not
 * defined"). */
int office_ticket_category_parse(const char *name, enum office_ticket_category *out /* OUT */,
                                 struct ps_reason *why);
int office_ticket_priority_parse(const char *name, enum office_ticket_priority *out /* OUT */,
                                 struct ps_reason *why);
int office_ticket_status_parse(const char *name, enum office_ticket_status *out /* OUT */,
                               struct ps_reason *why);
int office_ticket_action_parse(const char *name, enum office_ticket_action *out /* OUT */,
                               struct ps_reason *why);

/* What opening a ticket needs; plain data. mid and serial are "" when the ticket is
 * about no merchant or no terminal. */
struct office_ticket_draft {
    enum office_ticket_category category;
    enum office_ticket_priority priority;
    char mid[OFFICE_MID_LEN + 1];
    char serial[OFFICE_SERIAL_MAX + 1];
    char description[OFFICE_TICKET_DESC_MAX + 1];
};

/* A ticket's state as this module sees it. */
struct office_ticket {
    enum office_ticket_category category;
    enum office_ticket_priority priority;
    enum office_ticket_status status;
    int64_t opened_at_us;
    int64_t due_at_us;
};

/* Checks a draft: category and priority defined; description 1 to 2000 bytes of UTF-8
 * (line feeds and tabs allowed); mid "" or 15 digits; serial "" or a valid serial
 * number, and required for repair and software_update (they are about one terminal).
 * Returns 0 or PS_EFORMAT / PS_EUNDEFINED naming the field ("serial: a repair ticket
 * names its terminal"). */
int office_ticket_draft_check(const struct office_ticket_draft *d, struct ps_reason *why);

/* Opens a ticket from a checked draft at now_us: *t (OUT) is open, due by the SLA.
 * Returns 0 or what office_ticket_draft_check / office_ticket_sla_due return. */
int office_ticket_open(struct office_ticket *t /* OUT */, const struct office_ticket_draft *d,
                       int64_t now_us, struct ps_reason *why);

/* The SLA of priority in hours (the table above), 0 when priority is undefined. */
int office_ticket_sla_hours(enum office_ticket_priority priority);

/* *due_us (OUT) = opened_us + the SLA of priority. Returns 0, PS_EUNDEFINED or
 * PS_EOVERFLOW. */
int office_ticket_sla_due(enum office_ticket_priority priority, int64_t opened_us,
                          int64_t *due_us /* OUT */, struct ps_reason *why);

/* The status action leads to from from, into *to (OUT). Returns 0, PS_EUNDEFINED or
 * PS_ECHECK ("cannot close a ticket that is open: close applies to resolved"). */
int office_ticket_next_status(enum office_ticket_status from, enum office_ticket_action action,
                              enum office_ticket_status *to /* OUT */, struct ps_reason *why);

/* Applies action to *t (unchanged on error); reason is required for reopen (1 to 256
 * bytes of UTF-8), optional otherwise. Returns as office_ticket_next_status, or
 * PS_EINVAL ("reopen: a reason is required"). */
int office_ticket_apply(struct office_ticket *t, enum office_ticket_action action,
                        const char *reason, struct ps_reason *why);

/* Whether t is overdue at now_us: open or in progress, and now_us after its due time. */
bool office_ticket_overdue(const struct office_ticket *t, int64_t now_us);

/* ---- warranty ------------------------------------------------------------------- */

/* The last day of a warranty of months (1 to 120) from install_date (YYYYMMDD): the
 * same day of the month months later, or that month's last day when it is shorter
 * (installed 20260131 + 1 month = 20260228; 20240229 + 12 = 20250228). The warranty
 * covers every day from install_date to that day, both included: the date a merchant
 * is told is the last day it holds. Returns 0, PS_EINVAL (a date that is not real,
 * months out of range, named) or PS_EOVERFLOW (past 99991231). */
int office_warranty_end(uint32_t install_date, int months, uint32_t *end /* OUT */,
                        struct ps_reason *why);

/* *is_free (OUT) = whether a repair on repair_date is under the warranty of months from
 * install_date. Returns 0, or as office_warranty_end, or PS_EINVAL when repair_date is
 * not real or before install_date ("repair date 20251231 is before installation on
 * 20260101"). */
int office_warranty_covers(uint32_t install_date, int months, uint32_t repair_date,
                           bool *is_free /* OUT */, struct ps_reason *why);

/* ---- terminal swap (RMA) -------------------------------------------------------- */

/* One state change to apply to one terminal: what the store does, in order, and what
 * the audit log records (from, to). */
struct office_rma_change {
    char serial[OFFICE_SERIAL_MAX + 1];
    struct office_terminal before, after;
    enum office_terminal_action action;
};

#define OFFICE_RMA_CHANGES 3

struct office_rma_plan {
    size_t n;
    struct office_rma_change changes[OFFICE_RMA_CHANGES];
};

/* Plans the swap of a faulty terminal at a merchant for a replacement from stock:
 *   1. faulty: send_to_repair (reason "RMA: " + reason), keeping its MID and TID on
 *      the record so the repair shop knows whose it is
 *   2. replacement: assign to the faulty terminal's merchant with new_tid
 *   3. replacement: issue_code, so the technician can activate it at the counter
 * The replacement gets a new TID (from office_tid_allocate), not the faulty one's: the
 * faulty terminal may hold an unsettled batch and owed reversals under its TID, and the
 * host's keys and batch numbers are per TID; sharing one across two devices would mix
 * them. Every change is checked by office_terminal_apply on copies; nothing is changed
 * in the inputs. The faulty terminal must be with a merchant (assigned,
 * activation_pending, active, suspended or locked); the replacement in stock.
 * Returns 0, PS_ECHECK ("replacement N7NL0001 is active: a replacement comes from
 * in_stock"), PS_EINVAL (the same terminal twice, a missing reason) or PS_EFORMAT
 * (new_tid). On error out->n is 0. */
int office_rma_plan(const struct office_terminal *faulty, const struct office_terminal *replacement,
                    const char *new_tid, const char *reason, struct office_rma_plan *out /* OUT */,
                    struct ps_reason *why);

#endif
