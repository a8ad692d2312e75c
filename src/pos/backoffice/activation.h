/* activation.h — activation by code: the terminal asks the back office who it is.
 *
 * The technician brings the terminal's one-time 8-digit code (issued when the back
 * office assigned the terminal to a merchant). POST /api/v1/activation {serial, code}
 * answers the TID, the MID, the merchant's name and the terminal master key wrapped
 * under the code for this serial and TID (core/crypto/activation.h); only the holder
 * of the code unwraps it, so the key crosses even a plain-HTTP link safely.
 *
 * The ISO 8583 host the terminal then trades with is not in the answer: the technician
 * gives it, as for an activation with the key typed in. */
#ifndef POSSUM_POS_BACKOFFICE_ACTIVATION_H
#define POSSUM_POS_BACKOFFICE_ACTIVATION_H

#include <stdint.h>

#include "core/crypto/activation.h"
#include "core/error.h"
#include "pos/backoffice/http.h"

#define POS_BO_ACTIVATION_PATH "/api/v1/activation"
#define POS_BO_MID_LEN         15
#define POS_BO_NAME_MAX        160 /* bytes of the merchant's name (UTF-8) */

/* The positive outcome of pos_bo_activate: the back office said no (4xx). */
#define POS_BO_REFUSED 1

/* What the back office gave. tmk is the key in clear: wipe the struct
 * (pos_bo_activated_wipe) as soon as it is stored. */
struct pos_bo_activated {
    char tid[PS_ACTIVATION_TID_LEN + 1];
    char mid[POS_BO_MID_LEN + 1];
    char merchant_name[POS_BO_NAME_MAX + 1];
    uint8_t tmk[PS_ACTIVATION_TMK_LEN];
    int status; /* the answer's HTTP status; 0 when none came */
};

/* Activates terminal serial with code at the back office c and unwraps its master key
 * into out (OUT; wiped on any error). The code's form (8 digits) is checked before
 * anything is sent.
 * Returns 0; POS_BO_REFUSED when the back office answered 4xx, why then saying its
 * error's field and reason with the status ("code: wrong activation code: 4 tries left
 * (HTTP 403)"), out->status set; PS_EFORMAT (the code is not 8 digits; the answer lacks
 * a member or has one malformed, named); PS_EIO (an answer 5xx or other than 200, or
 * the link failed); PS_ETIMEDOUT; PS_ECRYPTO (the key does not open with the code);
 * or what pos_bo_http_post returned. */
int pos_bo_activate(const struct pos_bo_http *c, const char *serial, const char *code,
                    struct pos_bo_activated *out, struct ps_reason *why);

/* Zeroes a (the key first). */
void pos_bo_activated_wipe(struct pos_bo_activated *a);

#endif
