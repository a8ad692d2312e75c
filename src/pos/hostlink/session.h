/* session.h — a terminal's conversations with possumd over a blocking link, in the
 * order the CUP terminal rules put them:
 *
 *   1. a reversal the terminal owes goes first (hostlink/terminal.h);
 *   2. a terminal not signed in today (or whose batch was settled) signs in;
 *   3. then the transaction; a financial one arms its reversal before it leaves, so a
 *      timeout, a lost connection or a crash leaves the reversal owed;
 *   4. an answer 77 ("sign in again") signs in and sends the transaction once more;
 *   5. a settlement the host calls not balanced is followed by the batch upload:
 *      0320 messages of up to eight lines, then the 0320 that ends it.
 *
 * The caller owns the terminal and hears about every step: save() before each
 * request leaves (STAN taken, reversal armed) and after each answer, so that saved
 * state never lags the host; on_exchange() after each request-answer, including the
 * ones the session made on its own.
 *
 * Return values of the session functions: 0 approved, HL_DECLINED (the host said
 * no: r->code says why), or an error: PS_ETIMEDOUT / PS_EIO (the link; the link is
 * closed and reopened on the next call), PS_EFORMAT / PS_ECHECK (an answer that cannot
 * be used), what save() returned, or a builder's error. When a step the session took
 * on its own (sign-in, reversal) was declined, the function returns HL_DECLINED with
 * its own answer empty (code ""): on_exchange() reported the step. */
#ifndef POSSUM_POS_HOSTLINK_SESSION_H
#define POSSUM_POS_HOSTLINK_SESSION_H

#include <stddef.h>

#include "core/error.h"
#include "pos/hostlink/link.h"
#include "pos/hostlink/requests.h"
#include "pos/hostlink/responses.h"
#include "pos/hostlink/terminal.h"

struct hl_session_config {
    struct hl_link_config link;
    /* When nlinks > 0: the hosts dialled in order instead of link, the first that
     * connects taken (a TMS parameter set's list); the array must outlive s. */
    const struct hl_link_config *links;
    size_t nlinks;
    int timeout_ms;         /* for each step: connecting, sending, waiting for an answer */
    int connect_timeout_ms; /* when above 0: for connecting, instead of timeout_ms */
    /* Keeps t durably; returns 0, or a negative code that stops the session. May be
     * NULL. */
    int (*save)(void *ctx, const struct hl_terminal *t);
    /* One request and its answer (r is NULL when none could be read; rc is what
     * reading it returned). May be NULL. */
    void (*on_exchange)(void *ctx, const struct hl_message *sent, const struct hl_response *r,
                        int rc, const struct ps_reason *why);
    void *ctx;
};

struct hl_session {
    struct hl_terminal *t;
    struct hl_session_config cfg;
    struct hl_link *link; /* open while the conversation goes well */
    struct hl_wire *wire; /* scratch for requests and answers */
    uint8_t *rx;          /* the last answer's frame body */
};

/* What a settlement led to, and how far its batch upload got. */
struct hl_settlement {
    struct hl_response answer; /* the 0510 */
    int uploaded;              /* the batch was uploaded (the host said not balanced) */
    unsigned lines;            /* lines the host has taken */
    size_t cursor;             /* the batch record the upload goes on from */
    struct hl_response end;    /* the answer to the end of the upload, or the answer
                                  that stopped it */
};

/* Prepares s for terminal t (used, not owned). The config is copied (its link strings
 * and TLS context must outlive s). Returns 0 or PS_ENOMEM. s needs
 * hl_session_cleanup() even after an error. */
int hl_session_init(struct hl_session *s, struct hl_terminal *t,
                    const struct hl_session_config *cfg, struct ps_reason *why);

/* Closes the link and frees the scratch. */
void hl_session_cleanup(struct hl_session *s);

/* Steps 1 and 2: the owed reversal, then a sign-in when needed. 0 when the terminal
 * is ready; a declined sign-in or reversal returns HL_DECLINED. */
int hl_session_prepare(struct hl_session *s, struct ps_reason *why);

/* Signs in now, whatever the date. */
int hl_session_sign_in(struct hl_session *s, struct hl_response *r, struct ps_reason *why);

/* A parameter download now (no sign-in needed); r->params holds the values. */
int hl_session_params(struct hl_session *s, struct hl_response *r, struct ps_reason *why);

/* One card transaction, after steps 1 and 2. *sent (OUT) is the request as sent. */
int hl_session_card(struct hl_session *s, const struct hl_card_input *in, struct hl_message *sent,
                    struct hl_response *r, struct ps_reason *why);

/* Sends the reversal the terminal owes (signing in first when needed). PS_EINVAL
 * when none is owed. */
int hl_session_reverse(struct hl_session *s, struct hl_message *sent, struct hl_response *r,
                       struct ps_reason *why);

/* Settles the batch (step 5 included). Returns as the settlement's answer; the upload
 * steps' errors, if any, come back as errors, and out says how far the upload got. */
int hl_session_settle(struct hl_session *s, struct hl_settlement *out, struct ps_reason *why);

/* Step 5, or what is left of it after an error: the upload of the settled batch from
 * record st->cursor on, then the 0320 that ends it with st->lines. st->cursor and
 * st->lines move past each message the host approves, so the same call with the same
 * st sends the rest; a zeroed st uploads the whole batch again (what a terminal that
 * kept no cursor does). Sets st->uploaded. PS_EINVAL when the batch is not settled. */
int hl_session_upload(struct hl_session *s, struct hl_settlement *st, struct ps_reason *why);

/* Signs off (0820) at the end of the day. Steps 1 and 2 do not come first: a sign-off
 * moves no money, and signing in to sign off would be pointless. */
int hl_session_sign_off(struct hl_session *s, struct hl_response *r, struct ps_reason *why);

#endif
