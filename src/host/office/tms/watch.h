/* watch.h — the fleet's watch over the store: a terminal's heartbeat, signed with its
 * master key, recorded on its stock row; and the sweep that opens one support ticket for
 * each active terminal gone silent (heartbeat.h is the rule, desk.h opens the ticket).
 *
 * A heartbeat is no login: the terminal proves itself with an HMAC-SHA256 of the exact
 * body bytes under its master key (TMK), the key activation gave it and the host keeps
 * wrapped in its terminals row. */
#ifndef POSSUM_HOST_OFFICE_TMS_WATCH_H
#define POSSUM_HOST_OFFICE_TMS_WATCH_H

#include <stddef.h>
#include <stdint.h>

#include "host/office/office.h"
#include "host/office/tms/heartbeat.h"

/* The outcome of a heartbeat whose signature does not prove it (HTTP 401): an unknown
 * TID, a terminal with no master key yet, or a wrong signature, alike on purpose so a
 * caller learns nothing about which TIDs exist. */
#define OFFICE_HEARTBEAT_UNSIGNED 1

#define OFFICE_SWEEP_PERIOD_MAX_US (30 * INT64_C(1000000))

/* Checks signature_hex (64 hex digits) against HMAC-SHA256(TMK of tid, body[0..len)),
 * in constant time. 0 with *terminal_id (OUT) the host's terminals row;
 * OFFICE_HEARTBEAT_UNSIGNED; < 0 from the store. body is only read. */
int office_heartbeat_verify(struct office *o, const char *tid, const void *body, size_t len,
                            const char *signature_hex, int64_t *terminal_id /* OUT */,
                            struct ps_reason *why);

/* Signs an answer to terminal_id's heartbeat: hex (OUT, 64 lower-case hex digits and a
 * NUL) = HMAC-SHA256(TMK of the host's terminals row terminal_id, data[0..len)), so a
 * terminal can trust the answer over plain HTTP. terminal_id is what
 * office_heartbeat_verify found. 0; OFFICE_NOT_FOUND (no such terminal, or no key to
 * sign with); < 0 from the store or PS_ECRYPTO. data is only read. */
int office_heartbeat_sign(struct office *o, int64_t terminal_id, const void *data, size_t len,
                          char hex[65] /* OUT */, struct ps_reason *why);

/* Records a verified heartbeat on the stock row behind terminal_id: its fields, and
 * last_seen_us = now. A terminal coming back from offline (an offline ticket recorded)
 * has the ticket's id cleared (the ticket stays for support to close) and the return
 * audited as terminal.online by the system, from remote; other heartbeats are not
 * audited (there is one every few minutes per terminal). 0 with *out (OUT);
 * PS_EFORMAT naming the field (office_heartbeat_check); OFFICE_NOT_FOUND (no stock row:
 * a terminal the back office does not keep); < 0 from the store. */
int office_heartbeat_record(struct office *o, int64_t terminal_id,
                            const struct office_heartbeat *hb, const char *remote,
                            struct stock_row *out /* OUT */, struct ps_reason *why);

/* Opens a support ticket (office_offline_ticket's draft, by the system) for every
 * active terminal heard from once and silent for longer than the configured
 * offline_after, that has none recorded yet, and records its id on the stock row. Sets
 * *opened (OUT) to how many were opened. 0, or < 0 from the store (the tickets opened
 * before it stay). */
int office_offline_sweep(struct office *o, int *opened /* OUT */, struct ps_reason *why);

/* How often to sweep: half the offline limit, at most OFFICE_SWEEP_PERIOD_MAX_US, so a
 * silent terminal is flagged at most half a limit late. */
int64_t office_offline_sweep_period_us(const struct office *o);

#endif
