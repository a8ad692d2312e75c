/* request.h — a terminal's request as the engine sees it: the 8583 message read into
 * plain fields (txn_parse), with the MAC checked and the PIN turned into a proof by
 * the gateway thread that received it (txn/security.h).
 *
 * A request that breaks the rules of its kind (a missing field, a value out of range)
 * is still read as far as it goes and marked format_error with the reason, so the
 * engine records it and answers 30 ("format error") naming the problem.
 *
 * The clear PAN lives here only while the request is in flight; it is never stored
 * or logged (the journal keeps a token and the masked form). */
#ifndef POSSUM_HOST_TXN_REQUEST_H
#define POSSUM_HOST_TXN_REQUEST_H

#include <stdint.h>

#include "core/error.h"
#include "core/iso8583/cup_fields.h"
#include "core/iso8583/iso8583.h"
#include "host/txn/kind.h"

#define TXN_REASON_MAX 96
#define TXN_UPLOAD_MAX 8 /* transactions in one batch-upload message (48: n2 + 8 x n40) */

enum txn_mac_status {
    TXN_MAC_NONE = 0, /* the kind carries no MAC (sign-in) */
    TXN_MAC_OK,
    TXN_MAC_MISSING, /* the kind needs field 64 and it is absent */
    TXN_MAC_BAD,     /* field 64 does not match (or the terminal has no MAC key) */
};

enum txn_pin_status {
    TXN_PIN_NONE = 0,   /* no field 52 */
    TXN_PIN_PROOF,      /* field 52 decrypted and parsed: pin_proof holds its proof */
    TXN_PIN_UNREADABLE, /* field 52 is not a valid PIN block under the terminal's PIN key */
};

struct txn_upload_line {
    int foreign;         /* card type: 00 domestic, 01 foreign */
    uint32_t stan;
    char pan[21];        /* as uploaded; masked before storing */
    int64_t amount;
};

struct txn_request {
    enum txn_kind kind;
    enum txn_kind reversed_kind; /* TXN_REVERSAL: the kind it reverses */
    char mti[5];
    char processing_code[7]; /* 3 */
    char tid[9];             /* 41 */
    char mid[16];            /* 42 */
    uint32_t stan;           /* 11 */
    uint32_t batch;          /* 60.2 */
    unsigned network_code;   /* 60.3 */
    int has_amount;
    int64_t amount;          /* 4, fen */
    char currency[4];        /* 49 */
    char pan[20];            /* 2, or track 2 before '=' */
    char pan_token[65];      /* the PAN's token (host_keys_pan_token), hex; set by the
                                gateway thread so the engine need not compute it; ""
                                when there is no PAN (or it was not computed) */
    char paycode[25];        /* 59: the customer's payment code (QR payments), "" when
                                none; like the PAN, never stored or logged in the clear */
    int paycode_scheme;      /* enum ps_paycode_scheme of paycode; 0 when none */
    char expiry[5];          /* 14, or track 2 after '=': YYMM */
    int expiry_sent;         /* 14 was in the request */
    int from_track2;         /* pan came from 35, 2 was absent: not echoed as 2 */
    char entry_mode[4];      /* 22 */
    char condition_code[3];  /* 25 */
    enum txn_pin_status pin;
    uint8_t pin_proof[32];   /* with TXN_PIN_PROOF (txn/security.h) */
    char original_rrn[13];   /* 37 in voids and refunds */
    char original_auth[7];   /* 38 in completions and pre-authorization voids */
    int has_original;        /* 61 present */
    uint32_t original_batch; /* 61.1 */
    uint32_t original_stan;  /* 61.2 */
    char original_date[5];   /* 61.3 MMDD, "" when absent */
    char reversal_reason[3]; /* 39 in a reversal */
    int has_totals;
    struct ps_cup_totals totals; /* 48 in a settlement */
    int upload_count;            /* 48 in a batch upload */
    struct txn_upload_line upload[TXN_UPLOAD_MAX];
    int upload_last;             /* 60.3 = 202: the end of the upload */
    char operator_id[4];         /* 63.1 */
    uint64_t fingerprint;        /* hash of the content; see txn_fingerprint() */
    enum txn_mac_status mac;
    /* With TXN_MAC_BAD, when hosts share the database: what the engine needs to run
     * the security step again under keys another host gave at a sign-in this host has
     * not seen yet (ledger_recheck): the signed bytes (from the MTI through field 64;
     * owned by the submitter) and the PIN block (52). mac_data is NULL otherwise. */
    const uint8_t *mac_data;
    size_t mac_len;
    uint8_t pin_block[8];
    int has_pin_block;
    int format_error;
    char reason[TXN_REASON_MAX]; /* why format_error (or a MAC problem), "" otherwise */
};

/* Reads m into req. Always fills what it can; returns 0 when the request is usable,
 * or PS_EFORMAT with req->format_error set and req->reason naming the field ("field
 * 4: missing in a purchase"). Returns PS_EUNDEFINED when not even the kind can be told
 * (unknown MTI / processing code / 60.1): the reason says which. Does not touch
 * req->mac or req->pin: the gateway's security step sets them. */
int txn_parse(const struct ps_iso_msg *m, struct txn_request *req);

/* The content fingerprint of a request: kind, amount, PAN, original references and
 * the other fields that must match for a same-key request to count as a
 * retransmission rather than a duplicate. */
uint64_t txn_fingerprint(const struct txn_request *req);

#endif
