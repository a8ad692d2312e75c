/* stock_internal.h — what stock.c and swap.c share (not public). */
#ifndef POSSUM_HOST_OFFICE_TMS_STOCK_INTERNAL_H
#define POSSUM_HOST_OFFICE_TMS_STOCK_INTERNAL_H

#include "host/office/tms/stock.h"
#include "host/store/batch.h"

/* Stock terminal id into *out and its life-cycle view *t; OFFICE_NOT_FOUND when none. */
int stock__load(struct office *o, int64_t id, struct stock_row *out, struct office_terminal *t,
                struct ps_reason *why);

/* Appends the put of row to b. */
int stock__put(struct store_batch *b, const struct stock_row *row, struct ps_reason *why);

/* Commits b (freeing it) with an audit entry of row by actor; before is taken. */
int stock__commit(struct office *o, struct store_batch *b, const struct office_actor *actor,
                  const char *action, const struct stock_row *row, json_t *before,
                  struct ps_reason *why);

/* Assigns s (viewed as t) to merchant m: its TID (the next free one unless it has one),
 * the life cycle's assign and issue_code, a fresh one-time code into code, and the
 * host's row for it into host (declined until activated). Changes s and t only. */
int stock__assign(struct office *o, struct stock_row *s, struct office_terminal *t,
                  const struct merchant_row *m, char code[PS_ACTIVATION_CODE_DIGITS + 1],
                  struct terminal_row *host, struct ps_reason *why);

#endif
