/* app.h — possum-pos's application core: everything a cashier or a technician does at
 * the terminal, with no user interface. The command line (src/pos/cli) and the TUI
 * call the same functions; neither holds any logic of its own.
 *
 * One struct pos_app per process owns the terminal's home (home.h): its database,
 * journal, operators, keys and its conversation with the host. Typical use:
 *
 *     struct pos_app *app;
 *     pos_app_open(&(struct pos_app_options){.home = dir}, &app, &why);
 *     pos_app_login(app, "01", password, &why);       (or pos_app_session_restore)
 *     struct pos_app_result res; pos_app_result_init(&res);
 *     rc = pos_app_sale(app, cart, tenders, n, &res, &why);
 *     ... show res.message, res.text (the receipt), print res.escpos ...
 *     pos_app_result_cleanup(&res);
 *     pos_app_close(app);
 *
 * Every flow returns 0 when it did what was asked, a positive outcome (outcome.h)
 * that the cashier acts on, with why written for the cashier, or a negative PS_E*
 * code when the terminal itself failed. Every flow checks the operator's permission
 * first (operators/permissions.h), writes the journal (each transaction that goes to
 * the host: pending before it leaves, its outcome after) and keeps the terminal's
 * state in its database before each request leaves and after each answer.
 *
 * Before anything goes online, what waits in the outbox goes first (outbox.h), then
 * an owed reversal and a sign-in when needed (hostlink/session.h). A cash sale never
 * needs the host.
 *
 * Not thread-safe: one thread drives one pos_app. */
#ifndef POSSUM_POS_APP_APP_H
#define POSSUM_POS_APP_APP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "pos/app/card.h"
#include "pos/app/host_params.h"
#include "pos/app/outcome.h"
#include "pos/app/reader.h"
#include "pos/app/result.h"
#include "pos/app/settings.h"
#include "pos/app/state.h"
#include "pos/catalog/import.h"
#include "pos/catalog/product.h"
#include "pos/journal/audit.h"
#include "pos/operators/operators.h"
#include "pos/sale/cart.h"
#include "pos/sale/tender.h"

struct pos_app;

struct pos_app_options {
    const char *home; /* NULL: $POSSUM_POS_HOME, else ./var/pos */
    /* Only for tests: hash new passwords at libsodium's minimum cost. */
    int fast_password_hashing;
};

/* ---- opening ---------------------------------------------------------------------- */

/* Opens the terminal at its home (made when missing) and sets *out (OUT). A terminal
 * not yet activated opens too (to be activated). One process at a time has a home
 * open: open waits up to 20 s for another (a timer's forward), then fails with PS_EIO.
 * PS_EIO, PS_ECHECK (the device key
 * does not open the stored keys), PS_EFORMAT, PS_ENOMEM, PS_EUNDEFINED (a database
 * newer than this program). */
int pos_app_open(const struct pos_app_options *opt, struct pos_app **out, struct ps_reason *why);

/* Closes everything and wipes the keys in memory. NULL is allowed. */
void pos_app_close(struct pos_app *app);

/* Nonzero once the terminal is activated. */
int pos_app_activated(const struct pos_app *app);

/* Where the terminal stands, for a status line. Views valid until the next call. */
struct pos_app_status {
    const char *home;
    const char *tid, *mid, *merchant_name; /* "" before activation */
    const struct pos_host_address *host;
    uint32_t batch;
    int batch_settled;
    size_t batch_count; /* transactions in the batch */
    int signed_in;      /* signed in today */
    int reversal_owed;
    size_t outbox_waiting;
    const struct pos_host_params *params;
    const struct pos_settings *settings;
    const struct pos_session *operator_session; /* NULL when nobody is logged in */
};

int pos_app_status(struct pos_app *app, struct pos_app_status *out, struct ps_reason *why);

/* ---- setting up (the technician) ---------------------------------------------------- */

struct pos_activation {
    const char *host; /* "HOST:PORT" or "[v6]:PORT" */
    int tls;
    const char *ca_file; /* with tls: PEM CA certificates; NULL: the system's */
    int insecure;        /* with tls: do not check the certificate (demo only) */
    const char *tid;     /* 8 characters */
    const char *mid;     /* 15 characters */
    const uint8_t *tmk;  /* the terminal master key, 16 bytes (from the key file) */
    const char *supervisor_name;
    const char *supervisor_password;
    /* activation by code (pos_app_activate_by_code), where tid, mid and tmk are NULL:
     * they come from the back office */
    const char *api;    /* the back office: "http://HOST:PORT" or "https://HOST:PORT" */
    const char *serial; /* the terminal's serial number, as received into stock */
    const char *code;   /* the one-time activation code, 8 digits */
};

/* Activates the terminal: makes the device key, stores the master key sealed, creates
 * the supervisor (00), then downloads the parameters and signs in. The last two need
 * the host: when it is away the terminal is activated all the same, POS_APP_OFFLINE
 * is returned, and they happen before the first online transaction. PS_EINVAL when
 * the terminal is activated already or an argument is wrong. */
int pos_app_activate(struct pos_app *app, const struct pos_activation *a,
                     struct pos_app_result *res, struct ps_reason *why);

/* Activates the terminal by its one-time code: everything the terminal can check is
 * checked first (the host's address, TLS files, the supervisor; a code is burnt after a
 * few wrong tries and used once), then the back office (a->api) is asked for the TID,
 * MID and master key (pos/backoffice/activation.h), and activation goes on as
 * pos_app_activate with them; the key is never written in clear. With https, a->ca_file
 * and a->insecure apply to the back office too. res->detail says the tid, mid and
 * merchant_name the back office gave. Returns as pos_app_activate, and PS_EINVAL with
 * the back office's reason when it refused (a wrong code: "code: wrong activation code:
 * 4 tries left (HTTP 403)"), POS_APP_OFFLINE when it could not be reached (nothing
 * activated then), PS_ECRYPTO when its key does not open with the code. */
int pos_app_activate_by_code(struct pos_app *app, const struct pos_activation *a,
                             struct pos_app_result *res, struct ps_reason *why);

/* Downloads the parameters again (the supervisor's: a parameter change). */
int pos_app_download_params(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why);

/* Signs in now (any operator). */
int pos_app_sign_in(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why);

/* Sends a heartbeat to the back office (setting back-office; pos/backoffice/heartbeat.h):
 * the app version (the newest package installed, else the built-in one), the TMS
 * parameter set in force (0: none), the printer ("ok": it cannot tell), the last
 * transaction's time, how the last update went. Then does what the signed answer asks:
 * applies a parameter set (checked whole: a bad one is refused and the old one kept) and
 * installs an update (then a second heartbeat says how that went). Needs no operator.
 * res->message says what happened ("heartbeat sent; parameters 12 applied"), res->detail
 * what was reported. Returns 0; POS_APP_OFFLINE (the back office not reached);
 * POS_APP_REFUSED (no back office set, a 4xx, or a parameter set refused: the heartbeat
 * went, why says what was wrong with the set); PS_ECHECK (the answer's signature missing
 * or wrong: nothing in it was used). */
int pos_app_heartbeat(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why);

/* Changes a setting (settings.h; the supervisor's). */
int pos_app_set_setting(struct pos_app *app, const char *name, const char *value,
                        struct ps_reason *why);

/* ---- operators ---------------------------------------------------------------------- */

/* Logs operator number in (outcomes of pos_session_login become POS_APP_DENIED with
 * the reason). Replaces whoever was logged in. */
int pos_app_login(struct pos_app *app, const char *number, const char *password,
                  struct ps_reason *why);

void pos_app_logout(struct pos_app *app);

/* The operator logged in, or NULL. */
const struct pos_session *pos_app_operator(const struct pos_app *app);

/* The supervisor approves one action for the operator logged in (by the supervisor's
 * password; pos_session_approve). POS_APP_DENIED on a wrong password or a lock. */
int pos_app_approve(struct pos_app *app, enum pos_action action, const char *supervisor_password,
                    struct ps_reason *why);

/* For programs that run one command per process (the command line): the login kept
 * in the home's session file, signed under the device key so that it cannot be
 * written by hand, valid until logout or for POS_SESSION_HOURS. */
#define POS_SESSION_HOURS 12
int pos_app_session_save(struct pos_app *app, struct ps_reason *why);
/* POS_APP_DENIED when there is no valid session file (or its operator was disabled,
 * locked or removed since). */
int pos_app_session_restore(struct pos_app *app, struct ps_reason *why);
int pos_app_session_forget(struct pos_app *app, struct ps_reason *why);

/* The operators room, for the supervisor's management functions (operators.h), which
 * check permissions themselves with the session given them. */
struct pos_operators *pos_app_operators(struct pos_app *app);
struct pos_session *pos_app_operator_session(struct pos_app *app);

/* ---- the catalogue ------------------------------------------------------------------- */

/* A catalogue edit (add, update, remove, import) needs a logged-in operator; the
 * lookups do not. */
int pos_app_catalog_add(struct pos_app *app, const struct pos_product *p, struct ps_reason *why);
int pos_app_catalog_import(struct pos_app *app, FILE *in, struct pos_import_report *rep,
                           struct ps_reason *why);
int pos_app_catalog_export(struct pos_app *app, FILE *out, unsigned flags, size_t *count,
                           struct ps_reason *why);
/* One page of products after code `after` (pos_catalog_list), or those whose name
 * contains text when text is not NULL (pos_catalog_search). */
int pos_app_catalog_list(struct pos_app *app, const char *text, const char *after,
                         struct pos_product *out, size_t cap, size_t *count, struct ps_reason *why);

/* ---- selling ----------------------------------------------------------------------- */

/* Adds quantity units of the product with code (scanned or typed) to cart; *line
 * (OUT, may be NULL) is the cart line they went on. POS_APP_REFUSED when the code is
 * not in the catalogue (or not a valid EAN/UPC). */
int pos_app_cart_scan(struct pos_app *app, struct pos_cart *cart, const char *code,
                      int64_t quantity, size_t *line, struct ps_reason *why);

/* Gives line `line` (or the whole order when line is -1) the discount d. Above the
 * cashier's limits (settings.h) it needs the supervisor: the supervisor's own session,
 * or an approval of POS_ACTION_DISCOUNT_ABOVE_LIMIT; else POS_APP_DENIED and the cart
 * is unchanged. */
int pos_app_cart_discount(struct pos_app *app, struct pos_cart *cart, long line,
                          const struct pos_discount *d, struct ps_reason *why);

/* One way of paying a sale. */
struct pos_tender_input {
    enum pos_tender_kind kind;
    int64_t amount;              /* cash: what was handed over (required); card and QR:
                                    fen to charge, 0 for all that remains */
    const struct pos_card *card; /* card */
    const char *qr_code;         /* QR: the payment code's digits as scanned */
};

/* Sells the cart, paid by tenders[0..n) in order. Card payments are purchases through
 * the host, and so are QR payment codes (checked first, core/checks/paycode.h; sent
 * in field 59); cash counts at once. When every tender is approved the
 * sale is journaled, the stock goes down and res holds the receipt(s). When one is
 * declined or gets no answer, card and QR payments already approved are reversed and the
 * sale is not made (POS_APP_DECLINED / POS_APP_OFFLINE; a reversal the host did not
 * get waits in the outbox). */
int pos_app_sale(struct pos_app *app, const struct pos_cart *cart,
                 const struct pos_tender_input *tenders, size_t n, struct pos_app_result *res,
                 struct ps_reason *why);

/* Voids the sale of receipt receipt_no, in the batch it was made in: its card
 * payments are voided with the host, the cash goes back, the stock comes back. */
int pos_app_void(struct pos_app *app, uint32_t receipt_no, struct pos_app_result *res,
                 struct ps_reason *why);

struct pos_refund_input {
    const char *rrn;             /* the original purchase's RRN */
    const char *orig_date;       /* its date MMDD (from its receipt) */
    int64_t amount;              /* fen to pay back */
    const struct pos_card *card; /* NULL: the card of the purchase, when the batch has it */
};

int pos_app_refund(struct pos_app *app, const struct pos_refund_input *in,
                   struct pos_app_result *res, struct ps_reason *why);

int pos_app_balance(struct pos_app *app, const struct pos_card *card, struct pos_app_result *res,
                    struct ps_reason *why);

int pos_app_preauth(struct pos_app *app, const struct pos_card *card, int64_t amount,
                    struct pos_app_result *res, struct ps_reason *why);

struct pos_completion_input {
    uint32_t preauth_receipt;    /* the pre-authorization's receipt in this batch, or 0 */
    const char *auth_code;       /* else: its authorization code */
    const char *orig_date;       /* and its date MMDD */
    int64_t amount;              /* fen; 0: the amount held */
    const struct pos_card *card; /* NULL: the card of the pre-authorization (batch) */
};

int pos_app_complete(struct pos_app *app, const struct pos_completion_input *in,
                     struct pos_app_result *res, struct ps_reason *why);

/* ---- end of day and the outbox ------------------------------------------------------ */

/* Settles the batch: the totals go to the host, the batch is uploaded when the host
 * says they do not agree, res holds the settlement slip, the terminal signs off and
 * the next transaction opens the next batch. With the host away the settlement waits
 * in the outbox (POS_APP_QUEUED). */
int pos_app_settle(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why);

/* Sends what waits in the outbox, in order. 0 when nothing is left; POS_APP_OFFLINE
 * when the host is still away. Needs no operator. */
int pos_app_forward(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why);

/* The X report: running totals since the last settlement, nothing closed. */
int pos_app_xreport(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why);

/* ---- looking back ------------------------------------------------------------------ */

/* Prints receipt receipt_no again (0: the last one), rebuilt from the journal. */
int pos_app_reprint(struct pos_app *app, uint32_t receipt_no, struct pos_app_result *res,
                    struct ps_reason *why);

/* The journal's transactions (res->detail: an array, oldest first) that f selects. */
int pos_app_list(struct pos_app *app, const struct pos_journal_filter *f,
                 struct pos_app_result *res, struct ps_reason *why);

/* Everything the journal says about receipt receipt_no (res->detail), and its receipt. */
int pos_app_show(struct pos_app *app, uint32_t receipt_no, struct pos_app_result *res,
                 struct ps_reason *why);

/* The journal: verify (res->detail the report; PS_ECHECK when tampered with), export
 * (one JSON line a record), backup (the database and an anchor for it). Verify needs no
 * operator; export and backup need POS_ACTION_JOURNAL_EXPORT. */
int pos_app_journal_verify(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why);
int pos_app_journal_export(struct pos_app *app, FILE *out, struct ps_reason *why);
int pos_app_journal_backup(struct pos_app *app, const char *dest, struct pos_app_result *res,
                           struct ps_reason *why);

#endif
