/* internal.h — what the files of the application core share (not public). */
#ifndef POSSUM_POS_APP_INTERNAL_H
#define POSSUM_POS_APP_INTERNAL_H

#include <stdint.h>

#include <jansson.h>
#include <openssl/ssl.h>
#include <sqlite3.h>

#include "pos/app/app.h"
#include "pos/app/home.h"
#include "pos/app/keystore.h"
#include "pos/hostlink/session.h"
#include "pos/journal/journal.h"
#include "pos/receipt/model.h"

struct pos_app {
    struct pos_home home;
    int lock_fd; /* holds the home (pos_home_lock) */
    sqlite3 *db;
    struct pos_journal *journal;
    struct pos_operators *ops;
    struct pos_keystore ks; /* loaded once activated */
    int activated;
    struct hl_terminal t; /* the conversation state, as saved */
    struct pos_state_info info;
    struct pos_host_params params;
    struct pos_settings settings;
    struct pos_session op;
    int logged_in;
    SSL_CTX *tls;
    struct hl_session s;
    int session_open;
    struct hl_link_config tms_links[POS_TMS_HOSTS_MAX]; /* the session's, from params.tms */
    int ready;                  /* went online successfully in this process */
    int forwarding;             /* inside pos_app_forward: do not forward again */
    int64_t flow_seq;           /* the journal record of the transaction in flight */
    int64_t reversal_seq;       /* the journal record the owed reversal goes back to */
    uint32_t reversal_stan;     /* the STAN reversal_seq was taken for */
    struct pos_app_result *res; /* the result the exchanges are told to, or NULL */
    char merchant_fallback[32]; /* "MID ..." before the parameters came */
    const char *back_office_pending; /* activation by code: the back office to keep */
    /* A failure inside a session callback (which cannot return one): the flow
     * reports it when it ends. */
    int callback_rc;
    struct ps_reason callback_why;
};

/* ---- app.c ------------------------------------------------------------------------- */

/* POS_APP_REFUSED ("not activated: possum-pos activate ...") unless activated. */
int pos_app__need_activated(struct pos_app *app, struct ps_reason *why);

/* Local time of now as "YYYY-MM-DD hh:mm:ss" (20 bytes). */
void pos_app__local_time(time_t now, char out[20]);

/* The merchant name for receipts: the host's, else "MID <mid>". */
const char *pos_app__merchant_name(struct pos_app *app);

/* ---- limits.c ---------------------------------------------------------------------- */

/* The parameters' checks before kind for amount fen leaves (pos_host_params_check), and
 * for a sale the TMS daily limit against today's approved sales in the journal. */
int pos_app__params_check(struct pos_app *app, enum hl_kind kind, int64_t amount,
                          struct ps_reason *why);

/* The sum of today's (local time) approved sales in the journal: sales and completions,
 * less their approved voids, into *out (OUT). */
int pos_app__today_sales(struct pos_app *app, int64_t *out, struct ps_reason *why);

/* When the journal's last transaction (not a sign-in, sign-off or settlement) was made,
 * in microseconds since the epoch; 0 when none. */
int pos_app__last_txn_us(struct pos_app *app, int64_t *out, struct ps_reason *why);

/* ---- tms.c ------------------------------------------------------------------------- */

/* A heartbeat now, told nothing: after a sign-in, its outcome only in res->message's
 * tail. Does nothing when the back office's address is not set. */
void pos_app__heartbeat_quietly(struct pos_app *app, struct pos_app_result *res);

/* ---- operator.c -------------------------------------------------------------------- */

/* May the operator do action now? 0; POS_APP_DENIED ("log in first", "void needs the
 * supervisor; give the supervisor's password"). An approval is used up. */
int pos_app__authorize(struct pos_app *app, enum pos_action action, struct ps_reason *why);

/* The operator's number ("01"), or "" when none. */
const char *pos_app__operator_no(const struct pos_app *app);

/* ---- online.c ---------------------------------------------------------------------- */

/* Writes the conversation state in one transaction (and marks reversals the host got
 * as done in the outbox). */
int pos_app__save(struct pos_app *app, struct ps_reason *why);

/* Puts the owed reversal, if any, in the outbox (once). */
int pos_app__sync_reversal(struct pos_app *app, struct ps_reason *why);

/* Puts the operator logged in (or 000) into field 63 of what goes next. */
void pos_app__set_operator(struct pos_app *app);

/* Opens the session with the host (no connection yet). */
int pos_app__session(struct pos_app *app, struct ps_reason *why);

/* Gets ready to send: the outbox first, the parameters when never downloaded, an
 * owed reversal, a sign-in. 0, or an outcome (POS_APP_OFFLINE, POS_APP_DECLINED) or
 * error, with why for the cashier. */
int pos_app__online(struct pos_app *app, struct ps_reason *why);

/* The outcome for what a hostlink session call returned (PS_EIO / PS_ETIMEDOUT ->
 * POS_APP_OFFLINE, HL_DECLINED -> POS_APP_DECLINED, HL_BATCH_FULL -> POS_APP_REFUSED
 * ...), with why rewritten for the cashier where needed. */
int pos_app__outcome_of(struct pos_app *app, int rc, struct ps_reason *why);

/* One card transaction through the session, journal seq being its pending record:
 * fills res with the answer; afterwards the state is saved and an owed reversal is in
 * the outbox. Returns what hl_session_card returned. */
int pos_app__card(struct pos_app *app, const struct hl_card_input *in, int64_t seq,
                  struct hl_message *sent, struct hl_response *r, struct ps_reason *why);

/* Copies the host's answer into res. */
void pos_app__take_answer(struct pos_app_result *res, const struct hl_message *sent,
                          const struct hl_response *r);

/* ---- record.c ---------------------------------------------------------------------- */

/* Appends a journal record by this operator now; body is only read (may be NULL).
 * *seq (OUT, may be NULL). */
int pos_app__journal(struct pos_app *app, enum pos_journal_kind kind,
                     enum pos_journal_result result, int64_t amount, const char *reference,
                     int64_t refers_to, const json_t *body, int64_t *seq, struct ps_reason *why);

/* "000123": a receipt number as the journal's reference. */
void pos_app__receipt_ref(uint32_t receipt_no, char out[8]);

/* The header every body starts with (receipt, batch, operator, time, merchant, MID,
 * TID): a new object the caller owns. */
json_t *pos_app__body_header(struct pos_app *app, uint32_t receipt_no, uint32_t batch);

/* The approved outcome record of receipt receipt_no into *out (its body parsed: the
 * caller decrefs out->body). POS_APP_REFUSED when the journal has none. */
struct pos_app__found {
    int64_t seq;
    int64_t at;
    enum pos_journal_kind kind;
    int64_t amount;
    json_t *body;
};
int pos_app__find_receipt(struct pos_app *app, uint32_t receipt_no, struct pos_app__found *out,
                          struct ps_reason *why);

/* ---- render.c ---------------------------------------------------------------------- */

/* Lays out the receipt(s) of a sale, void, refund or completion body into res (text
 * and ESC/POS): a merchant and a customer copy when a card paid, else one. */
int pos_app__render_receipt(struct pos_app *app, const json_t *body, enum rcpt_kind kind,
                            int reprint, struct pos_app_result *res, struct ps_reason *why);

/* Whether a journaled transaction of kind has a slip: a receipt (sale, cash sale,
 * completion, void, refund) or a pre-authorization slip. */
int pos_app__has_slip(enum pos_journal_kind kind);

/* Lays out the slip of a journaled transaction of kind from its body into res, as
 * pos_app__render_receipt does. POS_APP_REFUSED when kind has none (a balance
 * inquiry ...). */
int pos_app__render_slip(struct pos_app *app, enum pos_journal_kind kind, const json_t *body,
                         int reprint, struct pos_app_result *res, struct ps_reason *why);

/* A laid-out document's text and printer bytes, appended to res. */
struct rcpt_doc;
int pos_app__emit(struct pos_app *app, const struct rcpt_doc *doc, struct pos_app_result *res,
                  struct ps_reason *why);

/* ---- forward.c --------------------------------------------------------------------- */

/* Sends what waits in the outbox (pos_outbox_forward with the application's sender).
 * 0, or what stopped it (a link error: the host is away). */
int pos_app__forward_items(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why);

/* The outbox key of the reversal t owes. */
void pos_app__reversal_key(const struct hl_terminal *t, char out[64]);

/* ---- sale.c ------------------------------------------------------------------------ */

/* A card tender as a body records it (body.h); txn "purchase", "void", "refund" or
 * "completion". A new object the caller owns. */
json_t *pos_app__card_json(const struct hl_message *sent, const struct hl_response *r,
                           enum rcpt_card_kind type, const char *txn, int64_t amount);

/* ---- qr.c -------------------------------------------------------------------------- */

/* POS_APP_REFUSED unless code is a payment code of a known scheme. */
int pos_app__qr_check(const char *code, struct ps_reason *why);

/* A QR tender as a body records it (body.h) from the host's answer to the purchase,
 * void or refund sent with the code (txn names which): its scheme, the masked code,
 * the host's RRN as its reference. A new object the caller owns. */
json_t *pos_app__qr_json(const struct hl_message *sent, const struct hl_response *r,
                         const char *txn, int64_t amount);

/* ---- settle.c ---------------------------------------------------------------------- */

/* The settlement itself, host reachable or not (the outbox's sender calls it). */
int pos_app__settle_now(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why);

/* The settlement slip from a settlement body into res. */
int pos_app__render_settlement(struct pos_app *app, const json_t *body, int reprint,
                               struct pos_app_result *res, struct ps_reason *why);

/* The rest of a batch upload the host asked for, then the sign-off. */
int pos_app__upload_now(struct pos_app *app, struct ps_reason *why);

/* Signs off. */
int pos_app__sign_off_now(struct pos_app *app, struct ps_reason *why);

#endif
