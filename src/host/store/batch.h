/* batch.h — what a group commit makes durable: an ordered list of operations that
 * the store applies in one database transaction, all or none.
 *
 * The engine decides in memory and records here what changed. Changes to balances,
 * statuses and refunded amounts are written as guarded deltas ("subtract 100 where at
 * least 100 is left", "voided where still approved"), so the database stays the truth
 * and refuses a change that another writer made impossible. A guard that fails makes
 * store_commit() fail with PS_ECHECK naming the operation: with one host it means a
 * bug, and possumd stops rather than answer from a state the disk does not hold.
 *
 * A batch owns its operation array; it grows as needed and is reused after
 * store_batch_reset(), so steady-state commits allocate nothing. */
#ifndef POSSUM_HOST_STORE_BATCH_H
#define POSSUM_HOST_STORE_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "host/store/rows.h"

enum store_op_type {
    STORE_MERCHANT_PUT = 1, /* insert, or replace by id */
    STORE_TERMINAL_PUT,     /* insert, or replace by id */
    STORE_CARD_PUT,         /* insert, or replace by id */
    STORE_TXN_INSERT,       /* a journal row; unique (tid, batch, stan, kind) and rrn */
    STORE_TXN_STATUS,       /* an earlier row's status: from -> to */
    STORE_TXN_REFUNDED,     /* add to an earlier sale's refunded amount */
    STORE_CARD_CHANGE,      /* a card's balance, daily spending and PIN tries */
    STORE_HOLD_PUT,         /* a new hold */
    STORE_HOLD_STATUS,      /* a hold's status: from -> to */
    STORE_TERMINAL_SESSION, /* batch, sign-in date and working keys of a terminal */
    STORE_SETTLEMENT_PUT,   /* a batch settlement */
    STORE_UPLOAD_PUT,       /* a batch-upload line */
    STORE_USER_PUT,         /* insert, or replace by id */
    STORE_AUTH_SESSION_PUT, /* insert, or replace by id */
    STORE_AUDIT_PUT,        /* a new audit entry (by reference: see u.audit) */
    STORE_APPLICATION_PUT,  /* insert, or replace by id (by reference: u.application) */
    STORE_APPLICATION_GUARD, /* nothing changes unless the application is as read */
    STORE_APPLICATION_EVENT_PUT, /* a new history entry (by reference) */
    STORE_DOCUMENT_PUT,     /* a new document */
    STORE_STOCK_PUT,        /* a stock terminal: insert, or replace by id */
    STORE_TERMINAL_STATUS,  /* the host's terminal status: from -> to (a lock, an unlock) */
    STORE_TICKET_PUT,       /* insert, or replace by id (by reference: u.ticket) */
    STORE_TICKET_GUARD,     /* nothing changes unless the ticket is as read */
    STORE_TICKET_COMMENT_PUT, /* a new comment (by reference: u.ticket_comment) */
    STORE_TRAINING_PUT,     /* a new training record (by reference: u.training) */
    STORE_PARAM_SET_PUT,    /* a new parameter set (by reference: u.param_set) */
    STORE_PACKAGE_PUT,      /* a new app package; its version is unique */
    STORE_ROLLOUT_PUT,      /* a new rollout */
    STORE_ROLLOUT_TARGET_PUT, /* a new terminal of a rollout; unique (rollout, terminal) */
    STORE_ROLLOUT_TARGET_CHANGE, /* a target's state, guarded by the state and time read */
    STORE_OP_LAST = STORE_ROLLOUT_TARGET_CHANGE
};

struct store_status_change {
    int64_t id;
    char from[16]; /* the guard: applies only when the row has this status */
    char to[16];
};

/* A terminal's status (a lock or an unlock from the back office): guarded like the
 * others, and it moves the row's updated_us so every engine's poll reads it. */
struct store_terminal_status {
    int64_t terminal_id;
    char from[24]; /* as terminal_row.status */
    char to[24];
    int64_t at_us;
};

struct store_refund_change {
    int64_t txn_id;
    int64_t amount; /* guard: 0 <= refunded + amount <= the sale's amount; negative
                       amounts undo a refund (its reversal) */
};

struct store_card_change {
    int64_t card_id;
    int64_t balance_delta;  /* guard, when delta < 0: balance + delta >= 0, unless forced */
    int forced;             /* 1: no guard; a reversal of a credit applies even when it
                               overdraws the account */
    int64_t spent_delta;    /* added to spent_today ... */
    char spent_date[9];     /* ... after resetting it to 0 when the date moved on */
    int pin_tries;          /* the new count; -1 leaves it */
};

struct store_session_change {
    int64_t terminal_id;
    uint32_t batch;
    int batch_settled;
    char signed_in_date[9];
    char pik[ROW_KEY_HEX + 1]; /* "" keeps the stored key */
    char mak[ROW_KEY_HEX + 1];
    int64_t updated_us;
};

/* The application's state and last change as the back office read them: the change
 * that follows in the batch applies only if no one changed it meanwhile. */
struct store_application_guard {
    int64_t id;
    char state[ROW_APP_STATE_MAX];
    int64_t updated_us;
};

/* A ticket's status and last change as the back office read them (as an application's). */
struct store_ticket_guard {
    int64_t id;
    char status[24];
    int64_t updated_us;
};

/* A rollout target moves on (office/tms/rollouts.h): applies only while the row still
 * has the state and updated_us it was read with, so a heartbeat and a retry racing on
 * two hosts cannot both win. */
struct store_rollout_target_change {
    int64_t id;
    char from_state[12];
    int64_t from_updated_us;
    char to_state[12];
    char reason[ROW_ROLLOUT_REASON];
    int64_t updated_us;
};

struct store_op {
    enum store_op_type type;
    union {
        struct merchant_row merchant;
        struct terminal_row terminal;
        struct card_row card;
        struct txn_row txn;
        struct store_status_change status; /* STORE_TXN_STATUS, STORE_HOLD_STATUS */
        struct store_refund_change refund;
        struct store_card_change card_change;
        struct hold_row hold;
        struct store_session_change session;
        struct settlement_row settlement;
        struct upload_row upload;
        struct user_row user;
        struct auth_session_row auth_session;
        /* An audit entry is large (its JSON texts); the operation points at the
         * caller's row, which must stay until store_commit() returns. */
        const struct audit_row *audit;
        /* merchant onboarding: large rows by reference too (the caller's, kept until
         * store_commit() returns) */
        const struct application_row *application;
        const struct application_event_row *application_event;
        struct store_application_guard application_guard;
        struct document_row document;
        struct stock_row stock;
        struct store_terminal_status terminal_status;
        /* after-sales: large rows by reference (the caller's, kept until
         * store_commit() returns) */
        const struct ticket_row *ticket;
        const struct ticket_comment_row *ticket_comment;
        struct store_ticket_guard ticket_guard;
        const struct training_row *training; /* the caller's, as a ticket's */
        const struct param_set_row *param_set; /* the caller's */
        /* the TMS's app packages and rollouts */
        struct package_row package;
        struct rollout_row rollout;
        struct rollout_target_row rollout_target;
        struct store_rollout_target_change target_change;
    } u;
};

struct store_batch {
    struct store_op *ops;
    size_t count;
    size_t cap;
    uint64_t seq; /* set by the engine: batches commit in increasing seq */
};

void store_batch_init(struct store_batch *b);
void store_batch_reset(struct store_batch *b); /* empties it, keeps the memory */
void store_batch_free(struct store_batch *b);

/* Appends a zeroed operation of type and returns it for the caller to fill, or NULL
 * when memory runs out (the batch is unchanged). Valid until the next append. */
struct store_op *store_batch_add(struct store_batch *b, enum store_op_type type);

/* Drops the operations appended after the first count (to undo a decision that
 * failed half-way). count above the current size does nothing. */
void store_batch_truncate(struct store_batch *b, size_t count);

#endif
