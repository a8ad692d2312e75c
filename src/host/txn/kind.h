/* kind.h — the kinds of terminal message possumd understands, told apart the way the
 * CUP POS convention does: by MTI, processing code (field 3) and the transaction type
 * code in field 60.1. docs/protocol.md has the table. */
#ifndef POSSUM_HOST_TXN_KIND_H
#define POSSUM_HOST_TXN_KIND_H

enum txn_kind {
    TXN_UNKNOWN = 0,
    TXN_SIGN_IN,         /* 0800, 60.1 00, 60.3 001/003/004 */
    TXN_SIGN_OFF,        /* 0820, 60.3 002 */
    TXN_BALANCE,         /* 0200, 3 = 31xxxx, 60.1 01 */
    TXN_PURCHASE,        /* 0200, 3 = 000000, 60.1 22 */
    TXN_VOID,            /* 0200, 3 = 200000, 60.1 23: void of a purchase */
    TXN_REFUND,          /* 0220, 3 = 200000, 60.1 25 */
    TXN_PREAUTH,         /* 0100, 3 = 030000, 60.1 10 */
    TXN_PREAUTH_VOID,    /* 0100, 3 = 200000, 60.1 11 */
    TXN_COMPLETION,      /* 0200, 3 = 000000, 60.1 20 */
    TXN_COMPLETION_VOID, /* 0200, 3 = 200000, 60.1 21 */
    TXN_REVERSAL,        /* 0400: 3 and 60.1 as the message it reverses */
    TXN_SETTLEMENT,      /* 0500, 60.3 201 */
    TXN_BATCH_UPLOAD,    /* 0320, 60.3 201 (lines) or 202 (end of upload) */
    TXN_PARAMS,          /* 0800, 60.3 360: parameter download */
    TXN_KIND_COUNT
};

/* A stable lower-case name ("purchase", "preauth_void"): used in the journal, logs,
 * JSON and docs. "unknown" for TXN_UNKNOWN or an out-of-range value. */
const char *txn_kind_name(enum txn_kind kind);

/* Nonzero for the network-management kinds a terminal sends before it has working
 * keys (sign-in, parameter download): no MAC either way, and each answered afresh. */
int txn_kind_is_keyless(enum txn_kind kind);

/* The kind named name, or TXN_UNKNOWN. */
enum txn_kind txn_kind_from_name(const char *name);

/* Whether an approved message of this kind moves money or holds (and so can be
 * reversed, voided or refunded). */
int txn_kind_is_financial(enum txn_kind kind);

/* The MTI of the response to a request MTI: the third digit plus one ("0200" ->
 * "0210"). out holds 5 chars. */
void txn_response_mti(const char *request_mti, char out[5]);

#endif
