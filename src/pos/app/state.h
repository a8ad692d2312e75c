/* state.h — the terminal's conversation state with the host (hostlink/terminal.h),
 * kept in the terminal database so that it never lags the host: who the terminal is
 * and where its host is, the STAN, the sign-in, the batch and its transactions, the
 * reversal owed.
 *
 * The master key and the working keys are stored only sealed (keystore.h, secrets
 * "tmk" and "working_keys"); a card number, or a QR payment's code, only sealed,
 * beside its masked form for people reading the table. */
#ifndef POSSUM_POS_APP_STATE_H
#define POSSUM_POS_APP_STATE_H

#include <stdint.h>

#include <sqlite3.h>

#include "core/error.h"
#include "pos/app/keystore.h"
#include "pos/hostlink/link.h"
#include "pos/hostlink/terminal.h"

#define POS_CA_FILE_MAX 512

/* Where the host is, as the technician entered it at activation. */
struct pos_host_address {
    char host[HL_HOST_MAX];
    char port[HL_PORT_MAX];
    int tls;
    char ca_file[POS_CA_FILE_MAX]; /* "" : the system's CA store */
    int insecure;                  /* TLS without checking the certificate (demo only) */
};

/* What the table keeps beside the hostlink terminal. */
struct pos_state_info {
    struct pos_host_address host;
    char tmk_kcv[7]; /* the master key's check value, 6 hex digits */
    int64_t activated_at;
    int64_t reversal_seq; /* the journal record of what the owed reversal reverses */
    uint32_t next_receipt;
};

/* 1 when the terminal has been activated (its row exists), else 0; or PS_EIO. */
int pos_state_activated(sqlite3 *db, struct ps_reason *why);

/* Activation: stores t's identity and master key (sealed) with info, and a fresh
 * state (t as initialised). PS_EINVAL when a terminal is activated already. */
int pos_state_create(sqlite3 *db, const struct pos_keystore *ks, const struct hl_terminal *t,
                     const struct pos_state_info *info, struct ps_reason *why);

/* Loads the terminal: initialises t (hl_terminal_init with room for batch_cap
 * transactions, or more when the stored batch holds more) and restores everything
 * saved, and fills info (OUT). t needs hl_terminal_cleanup() even after an error.
 * PS_EUNDEFINED when not activated; PS_ECHECK when a sealed value does not open under
 * ks; PS_EFORMAT for a row edited beyond sense; PS_EIO. */
int pos_state_load(sqlite3 *db, const struct pos_keystore *ks, size_t batch_cap,
                   struct hl_terminal *t, struct pos_state_info *info, struct ps_reason *why);

/* Writes t (and reversal_seq) over the saved state. Runs inside the caller's
 * transaction: call it between BEGIN and COMMIT. */
int pos_state_write(sqlite3 *db, const struct pos_keystore *ks, const struct hl_terminal *t,
                    int64_t reversal_seq, struct ps_reason *why);

/* Takes the next receipt number (1..999999, then 1 again) durably into *out (OUT). */
int pos_state_take_receipt(sqlite3 *db, uint32_t *out, struct ps_reason *why);

/* Sets the host address (a technician's change). */
int pos_state_set_host(sqlite3 *db, const struct pos_host_address *host, struct ps_reason *why);

#endif
