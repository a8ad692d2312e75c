/* activate.h — a terminal activating itself at the counter with the one-time code the
 * back office gave at assignment: the serial number and the code in, its TID, MID and a
 * fresh master key out, the key wrapped under the code (core/crypto/activation.h) so
 * only the holder of the code can read it. The host keeps the key wrapped under its own
 * master key and starts serving the terminal. */
#ifndef POSSUM_HOST_OFFICE_TMS_ACTIVATE_H
#define POSSUM_HOST_OFFICE_TMS_ACTIVATE_H

#include "core/crypto/activation.h"
#include "host/office/office.h"

struct office_activation {
    char tid[ROW_TID_LEN + 1];
    char mid[ROW_MID_LEN + 1];
    char merchant_name[ROW_NAME_MAX + 1];
    uint8_t blob[PS_ACTIVATION_BLOB_LEN]; /* the master key under the code */
};

/* Activates the terminal serial with code. 0 with *out; OFFICE_NOT_FOUND when no
 * terminal of that serial waits for activation; PS_ECHECK (a wrong, used or burnt code:
 * why says which and how many tries are left; the try is recorded), PS_ETIMEDOUT (the
 * code expired), PS_EFORMAT (not 8 digits); < 0 from the store or the crypto. */
int office_activate(struct office *o, const char *serial, const char *code, const char *remote,
                    struct office_activation *out, struct ps_reason *why);

#endif
