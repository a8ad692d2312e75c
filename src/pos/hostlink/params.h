/* params.h — what a terminal learns from a parameter download (0800, 60.3 360), in
 * the terms the terminal application works in: the kinds it may send as a set of
 * enum hl_kind, and the limits it checks before anything leaves. */
#ifndef POSSUM_POS_HOSTLINK_PARAMS_H
#define POSSUM_POS_HOSTLINK_PARAMS_H

#include <stdint.h>

#include "core/iso8583/cup_params.h"
#include "pos/hostlink/session.h"

struct hl_params {
    char merchant_name[PS_CUP_PARAMS_NAME_MAX + 1]; /* UTF-8, for the receipt header */
    uint32_t allowed;   /* bit 1u << kind for each enum hl_kind the terminal may send */
    int64_t max_amount; /* the most one sale or pre-authorization may be, fen; 0: none */
    int64_t max_refund; /* the most one refund may be, fen; 0: none */
    unsigned batch_max; /* settle when the batch holds this many; 0: no limit */
    char host_time[15]; /* YYYYMMDDhhmmss, the host's clock when it answered */
};

/* The parameters 62 carried, in the terminal's terms. A kind is allowed when its
 * 60.1 code is listed; a void or completion void follows its sale's code's kind. */
void hl_params_from_cup(const struct ps_cup_params *in, struct hl_params *out);

/* Nonzero when p allows kind. Kinds that are not card transactions (sign-in,
 * settlement, reversal ...) are always allowed. */
int hl_params_allow(const struct hl_params *p, enum hl_kind kind);

/* Downloads the parameters now. 0 and *out filled; HL_DECLINED with the response
 * code in why; or a link / format error as the session functions return. */
int hl_session_download_params(struct hl_session *s, struct hl_params *out,
                               struct ps_reason *why);

#endif
