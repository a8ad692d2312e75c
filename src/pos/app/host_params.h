/* host_params.h — the parameters the host sent at the last download
 * (pos/hostlink/params.h), kept in table app_params, and the checks they make before
 * anything is sent: the kinds of transaction this terminal may make, the most one
 * sale or pre-authorization may be, the most one refund may be, and how many
 * transactions a batch holds before it must be settled. */
#ifndef POSSUM_POS_APP_HOST_PARAMS_H
#define POSSUM_POS_APP_HOST_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/error.h"
#include "pos/hostlink/params.h"

struct pos_host_params {
    int downloaded; /* 0 until the first download */
    int64_t downloaded_at;
    struct hl_params p;
};

/* What app_params holds into *out (OUT); downloaded 0 when nothing was downloaded.
 * PS_EIO. */
int pos_host_params_load(sqlite3 *db, struct pos_host_params *out, struct ps_reason *why);

/* Stores p, downloaded at now, replacing what was there. */
int pos_host_params_save(sqlite3 *db, const struct hl_params *p, int64_t now,
                         struct ps_reason *why);

/* 0 when the parameters allow a transaction of kind for amount fen (0: no amount, a
 * balance inquiry); otherwise POS_APP_REFUSED (outcome.h) with why saying what the parameters
 * say: "refund is not allowed on this terminal", "250.00 is above the 200.00 one
 * sale may be". PS_EINVAL when nothing was downloaded yet. */
int pos_host_params_check(const struct pos_host_params *hp, enum hl_kind kind, int64_t amount,
                          struct ps_reason *why);

/* The batch size the parameters set: HL_BATCH_DEFAULT before any download,
 * HL_BATCH_LIMIT when the host sets no limit, never above it. */
size_t pos_host_params_batch_cap(const struct pos_host_params *hp);

#endif
