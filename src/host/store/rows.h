/* rows.h — the records possumd keeps, one struct per table. Fixed-size text fields
 * are NUL-terminated; money is int64 fen; times are microseconds since the Unix epoch
 * (UTC); dates are "YYYYMMDD" text. Binary secrets are never here in clear: keys are
 * hex of their encryption under the master key (host/keys.h) and cards are known by
 * a token (HMAC of the PAN) plus the masked PAN for display.
 *
 * Identifiers (id fields) are chosen by the host, not the database, so a row can be
 * referred to before it is committed: the ledger continues after
 * store_high_marks().max_id. */
#ifndef POSSUM_HOST_STORE_ROWS_H
#define POSSUM_HOST_STORE_ROWS_H

#include <stdint.h>

#include "core/iso8583/cup_fields.h"
#include "host/txn/kind.h"

#define ROW_TID_LEN 8
#define ROW_MID_LEN 15
#define ROW_TOKEN_HEX 64  /* HMAC-SHA256 of a PAN, hex */
#define ROW_MASKED_MAX 19 /* 622202******0018 */
#define ROW_KEY_HEX 160   /* a key wrapped under the master key (host/keys.h), hex */
#define ROW_REASON_MAX 96
#define ROW_NAME_MAX 80

struct merchant_row {
    int64_t id;
    char mid[ROW_MID_LEN + 1];
    char name[ROW_NAME_MAX + 1];
    char mcc[5];
    int64_t fee_ppm; /* fee per approved sale, millionths of the amount (6000 = 0.60%) */
    char status[16]; /* "active", "suspended" */
    int64_t updated_us; /* its last change by the back office: what every engine polls */
};

struct terminal_row {
    int64_t id;
    char tid[ROW_TID_LEN + 1];
    int64_t merchant_id;
    char status[24];           /* "active", "locked", "suspended", "activation_pending" */
    char tmk[ROW_KEY_HEX + 1]; /* terminal master key, wrapped */
    /* the session, changed by sign-in, sign-off and settlement */
    uint32_t batch;               /* current batch number, 60.2 */
    int batch_settled;            /* 1 once the current batch settled: the next sign-in
                                     opens batch + 1 */
    char signed_in_date[9];       /* "YYYYMMDD" of the last sign-in; "" when signed off */
    char pik[ROW_KEY_HEX + 1];    /* current PIN key, wrapped; "" before the first sign-in */
    char mak[ROW_KEY_HEX + 1];    /* current MAC key, wrapped */
    int64_t updated_us;
};

enum card_kind { CARD_DEBIT = 1, CARD_CREDIT = 2 };

/* A card account of the sandbox issuer built into possumd. */
struct card_row {
    int64_t id;
    char token[ROW_TOKEN_HEX + 1];
    char masked[ROW_MASKED_MAX + 1];
    int kind;               /* enum card_kind */
    int domestic;           /* 1 for cards issued in China (settled as domestic) */
    int64_t balance;        /* debit: money on the account; credit: credit limit left */
    int64_t daily_limit;    /* 0: none */
    int64_t spent_today;    /* approved sales on spent_date */
    char spent_date[9];     /* "YYYYMMDD" */
    char expiry[5];         /* "YYMM" */
    char status[16];        /* "active", "lost", "stolen" */
    char pin_verifier[65];  /* hex HMAC of PAN and PIN (host/keys.h); "" when no PIN */
    int pin_tries;          /* consecutive wrong PINs; 3 blocks the card (75) */
};

/* A journal row: every request that reached possumd, approved or declined, with why.
 * Unique (tid, batch, stan, kind) makes a retransmission find its first answer. */
struct txn_row {
    int64_t id;
    enum txn_kind kind;
    char mti[5];
    char processing_code[7];
    char tid[ROW_TID_LEN + 1];
    char mid[ROW_MID_LEN + 1];
    int64_t merchant_id; /* 0 when the terminal was unknown */
    uint32_t batch;
    uint32_t stan;
    int64_t amount;
    int64_t fee;
    char currency[4];
    int64_t card_id; /* 0 when no card or an unknown one */
    char card_token[ROW_TOKEN_HEX + 1];
    char card_masked[ROW_MASKED_MAX + 1];
    int domestic;
    char entry_mode[4];
    char operator_id[4];
    char response_code[3];
    char reason[ROW_REASON_MAX + 1];
    char rrn[13];
    char auth_code[7];
    char settle_date[5];  /* MMDD */
    char local_date[9];   /* YYYYMMDD, host time */
    char local_time[7];   /* hhmmss, host time */
    int64_t created_us;
    int64_t original_id;  /* the transaction a void, refund, completion or reversal names */
    char status[16];      /* "approved", "declined", "voided", "reversed", "completed" */
    int64_t refunded;     /* refunded so far, for approved sales */
    uint64_t fingerprint; /* of the request's content: a same-key request with another
                             fingerprint is a duplicate (94), not a retransmission */
};

/* An amount held on a card by an approved pre-authorization. */
struct hold_row {
    int64_t id;
    int64_t card_id;
    int64_t txn_id;      /* the pre-authorization */
    char auth_code[7];
    int64_t amount;
    char status[16];     /* "held", "released", "completed" */
    int64_t created_us;
};

struct settlement_row {
    int64_t id;
    int64_t terminal_id;
    char tid[ROW_TID_LEN + 1];
    uint32_t batch;
    struct ps_cup_totals terminal; /* what the terminal sent in field 48 */
    struct ps_cup_totals host;     /* what possumd counted */
    int balanced;
    int64_t created_us;
};

/* One transaction a terminal uploaded after an unbalanced settlement (0320). */
struct upload_row {
    int64_t id;
    int64_t terminal_id;
    uint32_t batch;
    uint32_t stan;
    char card_masked[ROW_MASKED_MAX + 1];
    int64_t amount;
    int foreign;
    int matched;      /* 1 when possumd has an approved transaction that agrees */
    int64_t created_us;
};

/* ---- the back office (src/host/office/) ------------------------------------------ */

#define ROW_USERNAME_MAX 32
#define ROW_ROLE_MAX     16
#define ROW_HASH_MAX     128 /* an argon2id string (crypto_pwhash_str), ~97 chars */
#define ROW_AUDIT_JSON   4096

/* A person who logs in to the back office: staff, an agent, or a merchant. */
struct user_row {
    int64_t id;
    char username[ROW_USERNAME_MAX + 1];
    char display_name[ROW_NAME_MAX + 1];
    char role[ROW_ROLE_MAX + 1]; /* "admin", "reviewer", ... (office/users.h) */
    int64_t merchant_id;         /* the merchant a merchant user is; 0 otherwise */
    int64_t agent_id;            /* the agent an agent user is; 0 otherwise */
    char password_hash[ROW_HASH_MAX + 1];
    char status[16];             /* "active", "disabled" */
    int failed_logins;           /* wrong passwords in a row */
    int64_t locked_until_us;     /* 0: not locked */
    int64_t password_changed_us;
    int64_t created_us;
    int64_t updated_us;
};

/* A login: the token's hash (never the token), the CSRF token cookies must repeat. */
struct auth_session_row {
    int64_t id;
    char token_hash[ROW_TOKEN_HEX + 1]; /* SHA-256 of the token, hex */
    int64_t user_id;
    char csrf[ROW_TOKEN_HEX + 1];
    int64_t created_us;
    int64_t expires_us;
    int revoked; /* 1 after logout */
};

/* One change made through the back office: who, when, what, before and after (JSON
 * text of the record as it was and became; "" for a creation's before). Never
 * updated or deleted through the API. */
struct audit_row {
    int64_t id;
    int64_t at_us;
    int64_t user_id; /* 0: the system (demo seeding) */
    char username[ROW_USERNAME_MAX + 1];
    char action[48];      /* "user.create", "session.login_failed" ... */
    char object_type[32]; /* "user", "merchant_application" ... */
    char object_id[32];
    char before_json[ROW_AUDIT_JSON];
    char after_json[ROW_AUDIT_JSON];
    char remote[48]; /* the client's address */
};

/* ---- merchant onboarding (办理): applications, their history, their documents ------ */

/* Text sizes follow struct office_application (office/onboarding/application.h: 4 bytes
 * a character, identifiers as typed); applications.c asserts they agree. */
#define ROW_APP_STATE_MAX 24   /* "installation_scheduled" */
#define ROW_APP_NOTE      2001 /* 500 characters of UTF-8 */

/* A merchant's application, from draft to live (office/onboarding/onboarding.h). The
 * fields of the form, then what the steps add. Dates "YYYYMMDD", "" when not set. */
struct application_row {
    int64_t id;
    char state[ROW_APP_STATE_MAX];
    char channel[8];           /* "paper", "online" */
    char legal_name[401];
    char uscc[33];
    char legal_person_name[201];
    char legal_person_id_number[33];
    char contact_phone[33];
    char business_address[801];
    char mcc[33];
    char business_type[24];    /* "" when not given */
    char account_kind[16];     /* settlement.account_kind */
    char account_name[401];
    char bank_name[401];
    char account_number[33];
    char products[16];         /* "card,qr", "" */
    char fee_plan[129];
    int64_t agent_id;          /* the agent who brought it; 0 none */
    int64_t owner_merchant_id; /* the merchant user's merchant that applied online; 0 */
    int64_t created_by;        /* user id; 0 the system */
    int64_t merchant_id;       /* the merchant approval created; 0 before */
    int64_t created_us;
    int64_t updated_us;        /* every change: also the guard against racing changes */
    int64_t submitted_us;      /* the latest submit or resubmit; 0 never */
    char review_due[9];        /* the last day of the review's 5 working days */
    char contract_number[33];
    char contract_fee_plan[129]; /* the fee plan the contract agreed */
    int64_t deposit_fen;
    char installation_date[9];
    int64_t technician_id;
    char last_note[ROW_APP_NOTE];
};

/* One step in an application's history: who took which action, from and to which
 * state, and why. Written with the step, never changed. */
struct application_event_row {
    int64_t id;
    int64_t application_id;
    int64_t at_us;
    int64_t user_id;
    char username[ROW_USERNAME_MAX + 1];
    char action[ROW_APP_STATE_MAX];
    char from_state[ROW_APP_STATE_MAX]; /* "" for create */
    char to_state[ROW_APP_STATE_MAX];
    char note[ROW_APP_NOTE];
    char fix_fields[800]; /* a return's fields to fix, comma-separated */
};

/* A file uploaded for an application: kept on disk as <data_dir>/documents/<sha256>,
 * so the same bytes are stored once, and checked against the hash when read. */
struct document_row {
    int64_t id;
    int64_t application_id;
    char kind[24];          /* business_licence, id_front, id_back, shop_photo */
    char file_name[65];     /* the name on disk */
    char content_type[24];  /* image/jpeg, image/png, application/pdf */
    int64_t size;
    char sha256[65];        /* hex */
    int64_t uploaded_us;
    int64_t uploaded_by;    /* user id */
};

/* A terminal in the provider's stock (office/tms/terminals.h): the device by its serial
 * number, its life-cycle state, and once assigned its merchant, its TID and the host's
 * terminals row; the one-time activation code only as its argon2id hash. */
struct stock_row {
    int64_t id;
    char serial[33];
    char model[65];
    char vendor[65];
    char state[24];          /* "in_stock", "assigned", "activation_pending", "active" ... */
    int64_t merchant_id;     /* 0 while in stock */
    int64_t terminal_id;     /* the host's terminals row, 0 before the first assignment */
    char tid[ROW_TID_LEN + 1];
    char code_hash[ROW_HASH_MAX + 1];
    int64_t code_issued_us;
    int64_t code_expires_us;
    int code_max_tries;
    int code_wrong_tries;
    int code_used;
    char installed_date[9]; /* YYYYMMDD of activation: the warranty runs from it */
    char last_reason[ROW_REASON_MAX + 1];
    int64_t created_us;
    int64_t updated_us;
    /* what its last heartbeat said (office/tms/heartbeat.h); 0 and "" before the first */
    int64_t last_seen_us;      /* when the host received it: the offline rule's clock */
    char app_version[24];      /* "1.4.2" */
    uint32_t params_version;   /* the parameter set it runs; 0: none downloaded yet */
    char printer_state[12];    /* "ok", "paper_out", "error" */
    int64_t last_txn_us;       /* by the terminal's clock */
    int64_t offline_ticket_id; /* the open ticket its silence opened; 0: none */
    char group_name[33];       /* its TMS group (office/tms/group.h); "": none */
};

/* ---- after-sales (售后): tickets and their comments (office/service/) ---------------- */

#define ROW_TICKET_TITLE  401  /* 100 characters of UTF-8 */
#define ROW_TICKET_TEXT   2001 /* a description or a comment: 2000 bytes (tickets.h) */
#define ROW_TICKET_REASON 257  /* a step's reason: 256 bytes (tickets.h) */

/* A ticket (office/service/tickets.h): what it is about, where it is in its life cycle,
 * and when it is due. Times in microseconds, 0 when not (yet) so. */
struct ticket_row {
    int64_t id;
    char number[24];        /* "T20261123-0001": the local opening date, that day's count */
    char category[24];      /* "fault", "repair", "software_update" ... */
    char priority[12];      /* "urgent", "high", "normal", "low" */
    char status[24];        /* "open", "in_progress", "waiting_customer" ... */
    int64_t merchant_id;    /* 0: about no merchant */
    int64_t stock_id;       /* the terminal (terminal_stock's id); 0: none */
    char title[ROW_TICKET_TITLE];
    char description[ROW_TICKET_TEXT];
    int64_t assignee_id;    /* user id; 0: not assigned */
    int64_t opened_by;      /* user id; 0: the system (an offline terminal's ticket) */
    int64_t opened_us;
    int64_t updated_us;     /* every change: also the guard against racing changes */
    int64_t due_us;         /* the SLA's due time, by priority */
    int64_t resolved_us;    /* the latest resolution; 0 when reopened */
    int64_t closed_us;
    int warranty_free;      /* repair tickets on a terminal: 1 when under warranty */
    char warranty_end[9];   /* its last day, YYYYMMDD; "" when not a repair or not installed */
    char last_reason[ROW_TICKET_REASON];
};

/* A comment on a ticket, written once, never changed. */
struct ticket_comment_row {
    int64_t id;
    int64_t ticket_id;
    int64_t author_id; /* user id */
    char author[ROW_USERNAME_MAX + 1];
    int64_t at_us;
    char text[ROW_TICKET_TEXT];
};

/* ---- after-sales (售后): training records (office/service/training.h) -------------- */

#define ROW_TRAINEE_NAME 161 /* 40 characters of UTF-8 */
#define ROW_TOPICS       801 /* 200 characters of UTF-8 */

/* Who at a merchant was trained, when, and by whom: written once, never changed (a
 * wrong record is corrected by a new one, so the history stays as it was said). */
struct training_row {
    int64_t id;
    int64_t merchant_id;
    char trainee_name[ROW_TRAINEE_NAME];
    char trainee_role[12]; /* "cashier", "manager", "owner" */
    char topics[ROW_TOPICS];
    char trained_on[9];                 /* YYYYMMDD, the local date of the training */
    int64_t trainer_id;                 /* user id */
    char trainer[ROW_USERNAME_MAX + 1]; /* the trainer's username then */
    int64_t created_us;
};

/* ---- the TMS: terminal parameter sets (office/tms/param_sets.h) ---------------------- */

#define ROW_PARAM_HEADER 97   /* office/tms/params.h: 96 bytes of UTF-8 */
#define ROW_PARAM_TARGET 33   /* a group's name, or an id in decimal */
#define ROW_PARAM_HOSTS  1100 /* four "host:port" (a name has up to 253 bytes), comma-separated */

/* One saved parameter set: written once, never changed; an edit is a new row with the
 * next version, so what a terminal ran at any time stays on record. */
struct param_set_row {
    int64_t id;
    uint32_t version; /* store-wide, unique: the terminal's params_version */
    char scope[12];   /* "default", "group", "merchant", "terminal" */
    char target[ROW_PARAM_TARGET]; /* "" (default), the group, the merchant's id, the stock id */
    char receipt_header[ROW_PARAM_HEADER];
    uint32_t kinds; /* OFFICE_KIND_BIT() of each allowed kind */
    int64_t per_txn_limit_fen;
    int64_t daily_limit_fen;
    char hosts[ROW_PARAM_HOSTS]; /* "host:port,[2001:db8::1]:5001", tried in order */
    int connect_timeout_s;
    int response_timeout_s;
    int64_t created_by; /* user id; 0 the system */
    int64_t created_us;
};

/* ---- the TMS: app packages and their rollouts (office/tms/packages.h, rollouts.h) -- */

#define ROW_APP_VERSION    24  /* "999999.999999.999999" and room (OFFICE_APP_VERSION_MAX) */
#define ROW_ROLLOUT_NOTE   257 /* 256 bytes */
#define ROW_ROLLOUT_REASON 257 /* a failure's reason, as the terminal said it: 256 bytes */

/* An application package uploaded for terminals: its version (unique), the file's
 * SHA-256 and size, and the name of the file under <data dir>/packages. Written once. */
struct package_row {
    int64_t id;
    char version[ROW_APP_VERSION];
    char sha256[65];    /* lowercase hex, as sha256sum prints it */
    int64_t size;       /* bytes */
    char file_name[65]; /* the name on disk: its SHA-256 */
    int64_t uploaded_by; /* user id */
    char uploader[ROW_USERNAME_MAX + 1];
    int64_t created_us;
};

/* A package sent to the terminals of a group as they were when it started. Written
 * once; its terminals' progress is in rollout_target_row. */
struct rollout_row {
    int64_t id;
    char version[ROW_APP_VERSION];
    char group_name[33];
    int allow_downgrade; /* 0 or 1 */
    char note[ROW_ROLLOUT_NOTE];
    int64_t created_by; /* user id */
    char creator[ROW_USERNAME_MAX + 1];
    int64_t created_us;
};

/* One terminal of a rollout: where it is (office/tms/rollout.h's states). */
struct rollout_target_row {
    int64_t id;
    int64_t rollout_id;
    int64_t stock_id;
    char state[12];                      /* pending, downloaded, installed, failed */
    char reason[ROW_ROLLOUT_REASON];     /* "" unless failed */
    char from_version[ROW_APP_VERSION];  /* what it reported when the rollout started */
    int64_t updated_us;
};

#endif
