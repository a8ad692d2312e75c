/* record.h — one record of the terminal's journal, and the canonical bytes its link is
 * computed over.
 *
 * Every transaction the terminal makes is one record, appended and never changed. A
 * later event about an earlier record (a void, a reversal, a refund, a completion) is a
 * new record whose refers_to names the earlier one's seq, so the chain never needs
 * rewriting and the history stays readable in order.
 *
 * Canonical encoding, version 1. Integers are 8 bytes, big-endian two's complement;
 * texts are a 4-byte big-endian length followed by that many bytes, so no field can run
 * into the next and no two different records encode alike:
 *
 *     1 byte   format version, 0x01
 *     8 bytes  seq
 *     8 bytes  at (seconds since the epoch, UTC)
 *     text     kind, by its name ("sale")
 *     text     operator ("01"; empty when no operator acted)
 *     8 bytes  amount (fen)
 *     text     result, by its name ("approved")
 *     text     reference
 *     8 bytes  refers_to (0: none)
 *     text     body
 *
 * The link of record n is SHA-256(link of record n-1 || encoding of record n), starting
 * from 32 zero bytes (core/hashchain.h). Names rather than numbers for kind and result
 * let an auditor recompute links from an export without this program's enums.
 */
#ifndef POSSUM_POS_JOURNAL_RECORD_H
#define POSSUM_POS_JOURNAL_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hashchain.h"

#define POS_JOURNAL_FORMAT        1
#define POS_JOURNAL_REFERENCE_MAX 64    /* bytes: an RRN is 12, a receipt number fewer */
#define POS_JOURNAL_BODY_MAX      65536 /* bytes of body text: a long receipt fits many times */
/* The longest encoding of a record append accepts. */
#define POS_JOURNAL_ENCODED_MAX (POS_JOURNAL_BODY_MAX + POS_JOURNAL_REFERENCE_MAX + 256)

/* Stored by name (pos_journal_kind_name); numbered from 1 so that 0 can mean "any" in
 * a filter, and "a name this program does not know" when read back. */
enum pos_journal_kind {
    POS_JOURNAL_SIGN_IN = 1,
    POS_JOURNAL_SIGN_OFF,
    POS_JOURNAL_SALE,      /* a sale through the host (card or QR), tenders in the body */
    POS_JOURNAL_CASH_SALE, /* a sale paid in cash: no host, so also made while offline */
    POS_JOURNAL_VOID,
    POS_JOURNAL_REFUND,
    POS_JOURNAL_BALANCE_INQUIRY,
    POS_JOURNAL_PREAUTH,
    POS_JOURNAL_PREAUTH_VOID,
    POS_JOURNAL_PREAUTH_COMPLETION,
    POS_JOURNAL_PREAUTH_COMPLETION_VOID,
    POS_JOURNAL_REVERSAL,
    POS_JOURNAL_SETTLEMENT
};
#define POS_JOURNAL_KIND_COUNT 13

enum pos_journal_result {
    POS_JOURNAL_APPROVED = 1,
    POS_JOURNAL_DECLINED,
    POS_JOURNAL_PENDING, /* not answered yet: offline, or waiting for store-and-forward */
    POS_JOURNAL_REVERSED
};
#define POS_JOURNAL_RESULT_COUNT 4

/* "sale", "preauth_completion" ...; NULL when kind is not defined. */
const char *pos_journal_kind_name(enum pos_journal_kind kind);

/* "approved", "declined", "pending", "reversed"; NULL when not defined. */
const char *pos_journal_result_name(enum pos_journal_result result);

/* One record. To append, the caller fills everything but seq and link, which append
 * sets (OUT). Read back (journal.h), the texts are views whose lifetime the function
 * that returned them states. */
struct pos_journal_record {
    int64_t seq; /* 1, 2, 3 ... without gaps; set by append */
    int64_t at;  /* seconds since the epoch (UTC), from the caller; not negative */
    enum pos_journal_kind kind;
    char operator_no[3]; /* "00".."99" (the session's number), or "" for none */
    int64_t amount;      /* fen */
    enum pos_journal_result result;
    const char *reference; /* RRN or receipt number, printable ASCII; NULL or "" for none */
    int64_t refers_to;     /* the seq of an earlier record this one is about; 0 for none */
    const char *body;      /* UTF-8 text, JSON by convention (opaque here); NULL for "" */
    uint8_t link[PS_HASHCHAIN_LINK_LEN]; /* set by append */
};

/* 0 when r may be appended as far as its own fields go (refers_to is checked against
 * the journal by append). PS_EINVAL naming the field and the rule. */
int pos_journal_record_check(const struct pos_journal_record *r, struct ps_reason *why);

/* Writes the canonical encoding of r (with its seq) into out[0..cap) and its length
 * into *len (OUT). Returns 0, PS_EINVAL (an undefined kind or result) or PS_ESPACE
 * (cap too small: POS_JOURNAL_ENCODED_MAX always suffices for a checked record). */
int pos_journal_encode(const struct pos_journal_record *r, uint8_t *out, size_t cap, size_t *len,
                       struct ps_reason *why);

#endif
