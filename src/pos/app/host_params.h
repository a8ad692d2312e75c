/* host_params.h — the parameters the host sent at the last download
 * (pos/hostlink/params.h), kept in table app_params, and the checks they make before
 * anything is sent: the kinds of transaction this terminal may make, the most one
 * sale or pre-authorization may be, the most one refund may be, and how many
 * transactions a batch holds before it must be settled.
 *
 * A TMS parameter set from the back office (tms_store.h), once applied, narrows them
 * further: its kinds, its per-transaction limit and its daily limit on approved sales. */
#ifndef POSSUM_POS_APP_HOST_PARAMS_H
#define POSSUM_POS_APP_HOST_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/error.h"
#include "pos/backoffice/tms_params.h"
#include "pos/hostlink/params.h"

struct pos_host_params {
    int downloaded; /* 0 until the first download */
    int64_t downloaded_at;
    struct hl_params p;
    int tms_applied; /* 0 until the back office's first parameter set */
    struct pos_tms_params tms;
};

/* What app_params and app_tms_params hold into *out (OUT); downloaded 0 when nothing was
 * downloaded, tms_applied 0 when no TMS set was applied. PS_EIO, PS_EFORMAT. */
int pos_host_params_load(sqlite3 *db, struct pos_host_params *out, struct ps_reason *why);

/* Stores p, downloaded at now, replacing what was there. */
int pos_host_params_save(sqlite3 *db, const struct hl_params *p, int64_t now,
                         struct ps_reason *why);

/* 0 when the parameters allow a transaction of kind for amount fen (0: no amount, a
 * balance inquiry); otherwise POS_APP_REFUSED (outcome.h) with why saying what the parameters
 * say: "refund is not allowed on this terminal", "250.00 is above the 200.00 one
 * sale may be". PS_EINVAL when nothing was downloaded yet. With a TMS set, its kinds
 * and per-transaction limit too. */
int pos_host_params_check(const struct pos_host_params *hp, enum hl_kind kind, int64_t amount,
                          struct ps_reason *why);

/* Whether kind counts as a sale towards the daily limit (purchase, completion). */
int pos_host_params_is_sale(enum hl_kind kind);

/* 0 when a sale (pos_host_params_is_sale) of amount fen keeps today's approved sales,
 * today fen so far, within the TMS set's daily limit (no set, or another kind: 0);
 * otherwise POS_APP_REFUSED ("purchase of 300.00 would take today's sales to 2100.00,
 * above the 2000.00 a day allowed on this terminal"). */
int pos_host_params_check_daily(const struct pos_host_params *hp, enum hl_kind kind,
                                int64_t amount, int64_t today, struct ps_reason *why);

/* The batch size the parameters set: HL_BATCH_DEFAULT before any download,
 * HL_BATCH_LIMIT when the host sets no limit, never above it. */
size_t pos_host_params_batch_cap(const struct pos_host_params *hp);

#endif
