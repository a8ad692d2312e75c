/* stock.h — the provider's terminals as the back office keeps them: received into
 * stock, assigned to a merchant (a TID, the host's terminals row, a one-time activation
 * code), activated at the counter (activation.h), locked and unlocked. Each change is
 * committed with its audit entry; a change of the host's row reaches every possumd
 * engine within about a second (ledger_poll). */
#ifndef POSSUM_HOST_OFFICE_TMS_STOCK_H
#define POSSUM_HOST_OFFICE_TMS_STOCK_H

#include <jansson.h>

#include "core/crypto/activation.h"
#include "host/office/office.h"
#include "host/office/tms/terminals.h"

#define OFFICE_CODE_VALIDITY_US (72LL * 3600 * 1000000) /* an activation code lasts 72 h */
#define OFFICE_CODE_TRIES       5                       /* wrong codes before it is burnt */

struct office_stock_input {
    const char *serial;
    const char *model;
    const char *vendor;
};

/* The terminal as the API shows it (never the code's hash). A new object. */
json_t *office_stock_json(const struct stock_row *s);

/* Receives a terminal into stock. 0 with *out; PS_EINVAL or PS_EFORMAT with *field and
 * why; PS_ECHECK when the serial is on record already; < 0 from the store. */
int office_stock_add(struct office *o, const struct office_actor *actor,
                     const struct office_stock_input *in, struct stock_row *out, const char **field,
                     struct ps_reason *why);

/* Assigns stock terminal id to merchant merchant_id: a TID (the lowest free in the
 * configured range), the host's terminals row (status activation_pending: declined until
 * activated), and a one-time activation code, shown once in code. 0; PS_ENOENT (no such
 * terminal or merchant: *field says which); PS_ECHECK (its state forbids it: why says);
 * < 0. */
int office_stock_assign(struct office *o, const struct office_actor *actor, int64_t id,
                        int64_t merchant_id, struct stock_row *out,
                        char code[PS_ACTIVATION_CODE_DIGITS + 1], const char **field,
                        struct ps_reason *why);

/* The RMA swap: the faulty terminal (with a merchant) goes to repair, keeping its TID on
 * record, and is declined by the host from now on; the replacement (in stock) is
 * assigned to the same merchant with a TID of its own and a one-time code (in code), in
 * one commit, each audited (terminal.swap_out, terminal.swap_in). 0; OFFICE_NOT_FOUND
 * (*field "replacement_id" when it is the replacement); PS_ECHECK when a terminal's
 * state forbids its step; PS_EINVAL (the same terminal twice, a reason missing); < 0. */
int office_stock_swap(struct office *o, const struct office_actor *actor, int64_t faulty_id,
                      int64_t replacement_id, const char *reason, struct stock_row *faulty,
                      struct stock_row *replacement, char code[PS_ACTIVATION_CODE_DIGITS + 1],
                      const char **field, struct ps_reason *why);

/* lock, unlock, suspend, resume (with a reason where the life cycle asks one): the
 * stock state and the host's status change together. 0, PS_ENOENT, PS_ECHECK, PS_EINVAL
 * (a reason missing), < 0. */
int office_stock_act(struct office *o, const struct office_actor *actor, int64_t id,
                     enum office_terminal_action action, const char *reason, struct stock_row *out,
                     struct ps_reason *why);

#endif
