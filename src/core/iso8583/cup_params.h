/* cup_params.h — field 62 of a parameter download answer (0810 to an 0800 with 60.3
 * 360): what a terminal needs to know before it trades, sent by the host.
 *
 * The value is a run of items, each a 2-digit tag, a 3-digit length and that many
 * bytes (docs/protocol.md, "Parameter download"):
 *
 *   01  merchant name for the receipt header, UTF-8, 1 to 80 bytes
 *   02  kinds the terminal may send, as their 60.1 codes: "01,22,23,25" (1 to 47 bytes)
 *   03  most one sale or pre-authorization may be, fen, 12 digits (0: no limit)
 *   04  most one refund may be, fen, 12 digits (0: no limit)
 *   05  settle when the batch holds this many transactions, 4 digits (0: no limit)
 *   06  the host's clock, YYYYMMDDhhmmss
 *
 * Every tag appears once; items a reader does not know are skipped, so a newer host
 * can add some. All six are required. */
#ifndef POSSUM_CORE_ISO8583_CUP_PARAMS_H
#define POSSUM_CORE_ISO8583_CUP_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define PS_CUP_PARAMS_NAME_MAX    80
#define PS_CUP_PARAMS_ALLOWED_MAX 47
#define PS_CUP_PARAMS_MAX         256 /* the longest value ps_cup_params_pack writes */

struct ps_cup_params {
    char merchant_name[PS_CUP_PARAMS_NAME_MAX + 1];
    char allowed[PS_CUP_PARAMS_ALLOWED_MAX + 1]; /* "01,22,23": 60.1 codes */
    int64_t max_amount;                          /* fen; 0: no limit */
    int64_t max_refund;                          /* fen; 0: no limit */
    unsigned batch_max;                          /* 0: no limit */
    char host_time[15];                          /* YYYYMMDDhhmmss */
};

/* Writes p into out (cap bytes), *len (OUT) the length. PS_EINVAL names the member
 * that cannot be sent; PS_ESPACE when cap is short. */
int ps_cup_params_pack(const struct ps_cup_params *p, uint8_t *out, size_t cap,
                       size_t *len /* OUT */, struct ps_reason *why);

/* Reads a field 62 value into *out. PS_EFORMAT / PS_ETRUNCATED name the tag and the
 * fault; a required tag missing is PS_EFORMAT. */
int ps_cup_params_unpack(const uint8_t *in, size_t len, struct ps_cup_params *out,
                         struct ps_reason *why);

/* Nonzero when type_code (60.1) is in p->allowed. */
int ps_cup_params_allows(const struct ps_cup_params *p, unsigned type_code);

#endif
