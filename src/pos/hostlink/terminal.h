/* terminal.h — what a POS terminal keeps between messages: who it is (TID, MID, master
 * key), its trace number (STAN), its session with the host (working keys, sign-in
 * date), its batch (hostlink/batch.h) and the reversal it owes.
 *
 * The reversal rule of CUP terminals: a financial request whose answer never came
 * (or came unreadable) may have moved money, so before its next financial message
 * (or settlement) the terminal sends a reversal of it. The terminal arms the
 * reversal before it sends a financial request and disarms it when a readable
 * answer arrives, so even a terminal that dies mid-exchange owes the reversal when it
 * starts again (hl_request_* refuse what must wait for it; hostlink/session.h sends it).
 *
 * Everything here is plain data the caller may save and restore (possumctl txn keeps
 * it in a JSON file); the cipher handles are derived from the keys by
 * hl_terminal_install_keys(). The caller allocates the struct, calls
 * hl_terminal_init() once and hl_terminal_cleanup() at the end, which wipes the keys.
 * One terminal is used by one thread at a time. */
#ifndef POSSUM_POS_HOSTLINK_TERMINAL_H
#define POSSUM_POS_HOSTLINK_TERMINAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/crypto/cipher.h"
#include "core/crypto/working_keys.h"
#include "core/error.h"
#include "pos/hostlink/batch.h"
#include "pos/hostlink/kinds.h"
#include "pos/hostlink/message.h"

#define HL_TID_LEN    8
#define HL_MID_LEN    15
#define HL_STAN_MAX   999999
#define HL_TPDU_LEN   5
#define HL_HEADER_LEN 6

struct hl_terminal {
    char tid[HL_TID_LEN + 1];      /* 41 */
    char mid[HL_MID_LEN + 1];      /* 42 */
    uint8_t tmk[PS_WK_TMK_LEN];    /* terminal master key: unwraps field 62 */
    char operator_id[4];           /* 63 of every request but sign-off: the operator's
                                      number in 3 digits ("001" for possum-pos's 01) */
    uint8_t tpdu[HL_TPDU_LEN];     /* 60 0003 0000: to NII 0003, possumd's */
    uint8_t header[HL_HEADER_LEN]; /* 60 31 00 00 00 00 */
    uint32_t next_stan;            /* what the next message takes: 1..HL_STAN_MAX */
    char signed_in_date[9];        /* local YYYYMMDD of the last sign-in; "" none */
    int has_keys;
    struct ps_working_keys keys; /* clear working keys, from the last sign-in */
    struct ps_cipher *pik;       /* handles of keys.pik / keys.mak */
    struct ps_cipher *mak;
    struct hl_batch batch;
    int reversal_pending;
    struct hl_message reversal; /* what to reverse, with reversal.reason */
};

/* Sets up t for terminal tid (8 characters) of merchant mid (15 characters) with
 * master key tmk (16 bytes, 3DES), STAN 1, batch 0, not signed in, with room for
 * batch_cap transactions in its batch (hostlink/batch.h). Returns 0, PS_EINVAL
 * (naming the bad argument) or PS_ENOMEM. t needs hl_terminal_cleanup() even after
 * an error. */
int hl_terminal_init(struct hl_terminal *t, const char *tid, const char *mid,
                     const uint8_t tmk[PS_WK_TMK_LEN], size_t batch_cap, struct ps_reason *why);

/* Wipes the keys and frees what init and install allocated. */
void hl_terminal_cleanup(struct hl_terminal *t);

/* Installs working keys (copied; the 3DES scheme: PIK 16 bytes, MAK 8) and makes
 * their cipher handles. Returns 0, PS_EINVAL (another scheme) or what
 * ps_cipher_new() returns; on error the terminal has no keys. */
int hl_terminal_install_keys(struct hl_terminal *t, const struct ps_working_keys *keys,
                             struct ps_reason *why);

/* The STAN for the next message; advances, 999999 wrapping to 000001. */
uint32_t hl_terminal_take_stan(struct hl_terminal *t);

/* Sets the next STAN (restoring saved state). Returns 0 or PS_EINVAL outside
 * 1..999999. */
int hl_terminal_set_stan(struct hl_terminal *t, uint32_t stan, struct ps_reason *why);

/* The local date of now as YYYYMMDD: the day a sign-in is good for. */
void hl_local_date(time_t now, char out[9]);

/* Nonzero when the terminal must sign in before a transaction: it has no keys, did
 * not sign in on now's local date, or its batch was settled. */
int hl_terminal_needs_sign_in(const struct hl_terminal *t, time_t now);

/* Arms the reversal of m (a financial request about to be sent) with reason (39:
 * HL_REVERSAL_NO_ANSWER or HL_REVERSAL_TERMINAL_ERROR). */
void hl_terminal_arm_reversal(struct hl_terminal *t, const struct hl_message *m,
                              const char *reason);

/* Forgets the armed reversal: its message got a readable answer, or the reversal did. */
void hl_terminal_clear_reversal(struct hl_terminal *t);

#endif
