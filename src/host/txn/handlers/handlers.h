/* handlers.h — what the ledger's files share (ledger.c, the files beside it and their tests;
 * nothing else includes it): the ledger's state, one decision in progress, and the
 * helpers every handler uses.
 *
 * Memory. The ledger keeps what a decision reads on every request (terminals with
 * their sessions and batch totals, merchants) and a bounded window of the journal:
 * each terminal's most recent transactions in a ring of cfg->recent_per_terminal
 * rows. Every row in a ring is also reachable by id (one hash over all rings), so a
 * decision at one terminal that changes a row recorded at another (a refund of its
 * sale) changes the one copy in memory. Older rows are read from cfg->reader and,
 * when a decision changes them, put into the ring of their terminal first.
 *
 * Memory is ahead of the disk: a row whose last change sits in a batch that has not
 * committed yet ("dirty") must stay in memory, or a lookup would read the older state
 * from the disk. Rings therefore evict only rows changed by committed batches
 * (ledger_committed), and a decision first makes sure its ring has room.
 *
 * Open pre-authorizations are kept apart, keyed by card token and authorization code:
 * completions and pre-authorization voids name them that way, often days later, and
 * the store finds them only by card id, which the ledger does not otherwise know.
 */
#ifndef POSSUM_HOST_TXN_HANDLERS_HANDLERS_H
#define POSSUM_HOST_TXN_HANDLERS_HANDLERS_H

#include <stddef.h>
#include <stdint.h>

#include "host/txn/ledger.h"

/* ---- clock.c: the host's local time, without localtime() ---------------------------- */

struct ledger__clock {
    char date[9];        /* YYYYMMDD, local */
    char time[7];        /* hhmmss, local */
    char mmdd[5];        /* date as field 13 carries it */
    char settle_date[5]; /* MMDD: today, or tomorrow from the cut-off on */
};

void ledger__clock_at(int64_t now_us, int utc_offset_minutes, int cutoff_minutes,
                      struct ledger__clock *out /* OUT */);

/* ---- recent.c: rings of recent transactions and the id index ------------------------ */

struct ledger__ring;

struct ledger__slot {
    struct txn_row row;
    struct ledger__slot *id_next; /* chain of the id index */
    struct ledger__ring *ring;
};

/* What a ring scan compares, packed apart from the rows so a scan touches little. */
struct ledger__slot_key {
    uint64_t order; /* insertion order: the smallest clean one is evicted first */
    uint64_t seq;   /* the batch that last changed the row (0: committed at load) */
    uint32_t batch;
    uint32_t stan;
    uint8_t kind;
    uint8_t used;
};

struct ledger__terminal;

struct ledger__ring {
    struct ledger__slot *slots;    /* cap rows; NULL until the terminal's first request */
    struct ledger__slot_key *keys; /* cap keys */
    unsigned cap;
    uint64_t next_order;
    struct ledger__terminal *term; /* NULL for the ring of unknown terminals */
};

/* ---- the ledger --------------------------------------------------------------------- */

struct ledger__terminal {
    struct terminal_row row;             /* its session as the ledger last decided it */
    uint64_t session_seq;                /* the batch holding its last session change */
    const struct merchant_row *merchant; /* NULL when the merchant row is missing */
    struct ps_cup_totals totals;         /* what possumd counted in the current batch */
    struct ledger__ring ring;
    /* Which keys of this terminal can be on the disk without being in the ring, so a
     * miss in the ring asks the reader only when it must (see recent.c). */
    int batch_known;               /* every row of the current batch was recorded since open */
    uint32_t evicted_stan_current; /* highest STAN of evicted rows of the current batch */
    uint32_t evicted_stan_ahead;   /* ... of evicted rows of later batch numbers */
    /* batch upload after an unbalanced settlement, for the reason of its end */
    int upload_lines;
    int upload_matched;
};

struct ledger__preauth {
    uint64_t hash; /* 0: the entry is empty */
    int64_t id;
    int64_t card_id;
    char token[ROW_TOKEN_HEX + 1];
    char auth_code[7];
};

/* Open-addressing table of open pre-authorizations (linear probing, backward-shift
 * deletion, grown at half full). */
struct ledger__preauths {
    struct ledger__preauth *entries;
    size_t cap; /* a power of two, or 0 */
    size_t count;
};

struct ledger {
    struct ledger_config cfg;
    struct merchant_row *merchants; /* sorted by id; never reallocated after open */
    size_t merchant_count;
    struct ledger__terminal *terminals;
    size_t terminal_count;
    uint32_t *tid_index; /* open addressing: terminal index + 1, 0 empty */
    size_t tid_mask;
    struct ledger__slot **id_buckets;
    size_t id_mask;
    struct ledger__ring stray; /* rows of requests from unknown terminals */
    struct ledger__preauths preauths;
    int64_t next_id;       /* shared by every table */
    uint64_t next_rrn_seq; /* the last 10 digits of the next RRN */
    uint64_t committed_seq;
    int64_t fresh_from_us; /* the first decision after loading; 0 before it */
    int64_t polled_us;     /* the newest terminal change ledger_poll has read */
};

/* FNV-1a of a TID: the TID index's hash (built in load.c, read in ledger.c). */
uint64_t ledger__tid_hash(const char *tid);
/* Finds the terminal with this TID, or NULL. */
struct ledger__terminal *ledger__terminal_find(struct ledger *l, const char *tid);

/* ---- one decision ------------------------------------------------------------------- */

struct ledger__decision {
    struct ledger *l;
    const struct txn_request *req;
    int64_t now_us;
    struct ledger__clock clock;
    struct txn_response *resp;
    struct store_batch *batch;
    uint64_t seq; /* what rows this decision changes wait for (ledger__pending_seq) */
    struct ledger__terminal *term; /* NULL when the TID is unknown */
    struct txn_row row;            /* the journal row, appended at row_op when done */
    size_t row_op;
    int authorized; /* the authorizer was called: its changes cannot be taken back */
    int stale;      /* handler__ask_fresh said yes: no answer, LEDGER_STALE */
};

/* A row found by a lookup: a copy, and where it lives in memory (NULL: read from the
 * store and not in memory). */
struct ledger__found {
    int found;
    struct txn_row row;
    struct ledger__slot *slot;
};

/* The commit a change appended to batch waits for: rows it changed stay in memory
 * until ledger_committed() reports that seq (recent.c). */
uint64_t ledger__pending_seq(const struct ledger *l, const struct store_batch *batch);

/* Ring operations (recent.c). */
int ledger__ring_ready(struct ledger *l, struct ledger__ring *ring, unsigned clean_needed,
                       struct ps_reason *why);
struct ledger__slot *ledger__ring_insert(struct ledger *l, struct ledger__ring *ring,
                                         const struct txn_row *row, uint64_t seq);
struct ledger__slot *ledger__by_id(struct ledger *l, int64_t id);
void ledger__ring_free(struct ledger__ring *ring);
void ledger__mark_dirty(struct ledger__slot *slot, uint64_t seq);
/* The ring of the terminal of tid, or the stray ring. */
struct ledger__ring *ledger__ring_of(struct ledger *l, const char *tid);

/* Lookups (lookup.c): memory first, then cfg->reader. Each returns 0 or a negative
 * PS_E* code with why; "not found" is found = 0. */
/* original: 1 when looking for what a request names (then a shared database is always
 * asked on a miss), 0 for the request's own key. */
int ledger__find_by_key(struct ledger *l, const char *tid, uint32_t batch, uint32_t stan,
                        enum txn_kind kind, uint64_t fingerprint, int original,
                        struct ledger__found *first /* OUT: the first row with this key */,
                        struct ledger__found *same /* OUT, or NULL: the one with fingerprint */,
                        struct ps_reason *why);
int ledger__find_by_rrn(struct ledger *l, struct ledger__terminal *near, const char *rrn,
                        struct ledger__found *out /* OUT */, struct ps_reason *why);
/* An open (approved) pre-authorization of the card token with auth_code; when none is
 * open, a recent one at the terminal near that is no longer approved. */
int ledger__find_preauth(struct ledger *l, struct ledger__terminal *near, const char *token,
                         const char *auth_code, struct ledger__found *out /* OUT */,
                         struct ps_reason *why);
/* Makes a found row live in memory (in the ring of its terminal) so the decision can
 * change it in place; f->slot is set. Fails when that ring has no clean room. */
int ledger__pin(struct ledger *l, struct ledger__found *f, struct ps_reason *why);

/* Open pre-authorizations (preauths.c). */
int ledger__preauths_reserve(struct ledger__preauths *p, size_t more);
void ledger__preauths_put(struct ledger__preauths *p, const char *token, const char *auth_code,
                          int64_t id, int64_t card_id); /* after reserve: cannot fail */
const struct ledger__preauth *ledger__preauths_get(const struct ledger__preauths *p,
                                                   const char *token, const char *auth_code);
void ledger__preauths_remove(struct ledger__preauths *p, const char *token, const char *auth_code);
void ledger__preauths_free(struct ledger__preauths *p);

/* Loading at open (load.c). */
int ledger__load(struct ledger *l, struct store *loader, struct ps_reason *why);
/* The terminal's working keys (wrapped in t) into the keyring. A key that does not
 * unwrap means the wrong master key file: every request would be answered A0. */
int ledger__install_keys(struct ledger *l, const struct terminal_row *t, struct ps_reason *why);

/* ---- hosts sharing the database (shared.c; only when cfg.shared) ------------------- */

/* Re-reads the terminal's session (batch, sign-in date, working keys) from the reader
 * when another host may have changed it: before this host refuses a request for its
 * session or its MAC. Nothing is read while this host's own last change of the
 * session waits for a commit (memory is then newer than the disk). Returns 1 when the
 * session on record differed and memory (and the keyring) now hold it, 0 when
 * nothing changed, or < 0. */
int ledger__refresh_session(struct ledger *l, struct ledger__terminal *t, struct ps_reason *why);
/* The same from a row already read (ledger_poll): 1 when memory took it, 0 when it was
 * the same or this host's own change waits for a commit, or < 0. */
int ledger__take_session(struct ledger *l, struct ledger__terminal *t,
                         const struct terminal_row *on_record, struct ps_reason *why);
/* The terminal's current batch totals as the database holds them: every host's part. */
int ledger__shared_totals(struct ledger *l, struct ledger__terminal *t,
                          struct ps_cup_totals *out /* OUT */, struct ps_reason *why);

/* Batch totals (totals.c): a debit (sale) or a credit (refund) of amount, sign +1 to
 * count it, -1 to take it back. */
void ledger__totals_count(struct ps_cup_totals *t, int domestic, int credit, int64_t amount,
                          int sign);
int ledger__totals_equal(const struct ps_cup_totals *terminal, const struct ps_cup_totals *host);

/* ---- what handlers share (decision.c) ----------------------------------------------- */

/* Sets the answer: code and reason (printf). Approvals ("00") also carry the
 * settlement date; the journal row takes status approved or declined from the code. */
void handler__answer(struct ledger__decision *d, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An internal failure: 96 with the reason, and none of the decision's own changes
 * (only possible before the authorizer was asked). */
void handler__fail(struct ledger__decision *d, const char *what, const struct ps_reason *why);
/* Asks the authorizer; passes its answer through to the response and fills the row's
 * card id and domestic flag. Returns 1 when approved. */
int handler__authorize(struct ledger__decision *d, struct auth_request *ar,
                       struct auth_result *res /* OUT */);
/* An auth_request for this decision's card and amount, with pin_required as the entry
 * mode says (22 ends in 1: the terminal took a PIN). */
void handler__auth_request(const struct ledger__decision *d, enum auth_action action,
                           struct auth_request *out /* OUT */);
/* Hosts sharing a database, before refusing for something memory lacks that another
 * host may have recorded: 1 when the decision is to be taken again on a ledger loaded
 * afresh (LEDGER_STALE; the handler returns without answering), 0 to refuse now (one
 * host, a ledger loaded under LEDGER_FRESH_US ago, or the authorizer already asked). */
int handler__ask_fresh(struct ledger__decision *d);
/* Appends the status change of row id (from -> to); reserved room: cannot fail. */
void handler__status(struct ledger__decision *d, int64_t id, const char *from, const char *to);
/* Changes a row in memory and appends its status change; slot may be NULL when the row
 * is not in memory (then only the store is told). */
void handler__set_status(struct ledger__decision *d, struct ledger__slot *slot, int64_t id,
                         const char *from, const char *to);
/* The fee of an approved sale under the merchant's rate, rounded half up. */
int64_t handler__fee(const struct ledger__decision *d, int64_t amount);
/* "purchase 000123 of batch 000001" for reasons. */
const char *handler__describe(const struct txn_row *row, char *buf, size_t cap);
/* "was already voided", "was reversed", "was declined": why a row's status refuses. */
const char *handler__status_words(const char *status);
/* Whether the request's card (its token) is the card of row. */
int handler__same_card(const struct ledger__decision *d, const struct txn_row *row);
/* Appends a session change with the terminal's session as it now is (keys: "" keeps). */
void handler__session(struct ledger__decision *d, const char *pik, const char *mak);

/* The handlers, one file per kind or family in handlers/. */
void handler__sign_in(struct ledger__decision *d);
void handler__sign_off(struct ledger__decision *d);
void handler__balance(struct ledger__decision *d);
void handler__purchase(struct ledger__decision *d);
void handler__completion(struct ledger__decision *d);
void handler__void(struct ledger__decision *d);
void handler__completion_void(struct ledger__decision *d);
void handler__refund(struct ledger__decision *d);
void handler__preauth(struct ledger__decision *d);
void handler__preauth_void(struct ledger__decision *d);
void handler__reversal(struct ledger__decision *d);
void handler__settlement(struct ledger__decision *d);
void handler__batch_upload(struct ledger__decision *d);
void handler__params(struct ledger__decision *d);

/* Retransmissions (replay.c): the first answer again, nothing appended. */
void handler__replay(struct ledger__decision *d, const struct txn_row *first);
/* Sign-in: field 62 again for the terminal's current keys (sign_in.c). */
int handler__sign_in_keys_again(struct ledger__decision *d, struct ps_reason *why);

#endif
