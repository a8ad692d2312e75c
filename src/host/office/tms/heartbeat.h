/* heartbeat.h — what a terminal reports every few minutes, and when its silence makes
 * it offline (TMS). Pure logic: the caller gives the times and opens the ticket.
 *
 * Offline: an active terminal whose last sign of life (its last heartbeat, or its
 * activation when none came yet) is more than the configured silence limit before now.
 * Only active terminals count: a suspended, locked or returned one is expected to be
 * quiet. An offline terminal gets a support ticket (office_offline_ticket drafts it);
 * the caller opens it once, not while one for the same terminal is still open.
 */
#ifndef POSSUM_HOST_OFFICE_HEARTBEAT_H
#define POSSUM_HOST_OFFICE_HEARTBEAT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "host/office/tms/rollout.h"
#include "host/office/tms/terminals.h"
#include "host/office/service/tickets.h"

enum office_printer_state { OFFICE_PRINTER_OK = 1, OFFICE_PRINTER_PAPER_OUT, OFFICE_PRINTER_ERROR };
#define OFFICE_PRINTER_STATE_COUNT 3

/* "ok", "paper_out", "error"; "unknown" outside the enum. */
const char *office_printer_state_name(enum office_printer_state s);
int office_printer_state_parse(const char *name, enum office_printer_state *out /* OUT */,
                               struct ps_reason *why);

/* One heartbeat as the terminal sent it. */
struct office_heartbeat {
    char app_version[OFFICE_APP_VERSION_MAX + 1]; /* "1.4.2" */
    uint32_t param_version;                       /* 0: none downloaded yet */
    enum office_printer_state printer;
    int64_t last_txn_us; /* by the terminal's clock; 0: no transaction yet */
};

/* Checks each field: app_version a version office_app_version_parse takes, printer
 * defined, last_txn_us not negative. Returns 0 or PS_EFORMAT naming the field. */
int office_heartbeat_check(const struct office_heartbeat *hb, struct ps_reason *why);

/* *offline (OUT) = whether a terminal in state, last heard of at last_seen_us, is
 * offline at now_us under silence_limit_us (more than the limit of silence; a clock
 * that makes now earlier than last_seen counts as heard from). Returns 0 or PS_EINVAL
 * (a limit under one second, last_seen_us negative). */
int office_terminal_offline(enum office_terminal_state state, int64_t last_seen_us, int64_t now_us,
                            int64_t silence_limit_us, bool *offline /* OUT */,
                            struct ps_reason *why);

/* Drafts the ticket an offline terminal gets into *out (OUT): category fault, priority
 * high (a merchant may be unable to take cards), the terminal's MID and serial, and a
 * description such as "Terminal PAX-A920-0001 (TID 10000001) silent since
 * 2026-01-01T08:00:00Z: 95 minutes, over the limit of 30 minutes. Opened
 * automatically." Returns 0, or PS_EINVAL when t is not offline by
 * office_terminal_offline (so no ticket is opened by mistake). */
int office_offline_ticket(const struct office_terminal *t, int64_t last_seen_us, int64_t now_us,
                          int64_t silence_limit_us, struct office_ticket_draft *out /* OUT */,
                          struct ps_reason *why);

#endif
