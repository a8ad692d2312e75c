/* kinds.h — the messages a terminal sends to possumd, as data: for each kind its MTI,
 * processing code (3), condition code (25) and field 60.1 / 60.3, exactly as the table
 * "Kinds" in docs/protocol.md lists them. Requests are built from this table, so a
 * change of the protocol is a change of one row. */
#ifndef POSSUM_POS_HOSTLINK_KINDS_H
#define POSSUM_POS_HOSTLINK_KINDS_H

enum hl_kind {
    HL_NONE = 0,
    HL_SIGN_IN,         /* 0800, 60.3 003 */
    HL_SIGN_OFF,        /* 0820, 60.3 002 */
    HL_BALANCE,         /* 0200, 310000, 60.1 01 */
    HL_PURCHASE,        /* 0200, 000000, 60.1 22 */
    HL_VOID,            /* 0200, 200000, 60.1 23: void of a purchase */
    HL_REFUND,          /* 0220, 200000, 60.1 25 */
    HL_PREAUTH,         /* 0100, 030000, 60.1 10 */
    HL_PREAUTH_VOID,    /* 0100, 200000, 60.1 11 */
    HL_COMPLETION,      /* 0200, 000000, 60.1 20 */
    HL_COMPLETION_VOID, /* 0200, 200000, 60.1 21 */
    HL_REVERSAL,        /* 0400: 3, 25 and 60.1 as the message it reverses */
    HL_SETTLEMENT,      /* 0500, 60.3 201 */
    HL_UPLOAD,          /* 0320, 60.3 201: batch upload lines */
    HL_UPLOAD_END,      /* 0320, 60.3 202: end of the upload */
    HL_PARAMS,          /* 0800, 60.3 360: parameter download */
    HL_KIND_COUNT
};

struct hl_kind_spec {
    const char *name;            /* "purchase", "completion_void": stable, used in JSON */
    const char *mti;             /* request MTI */
    const char *processing_code; /* field 3, or NULL when the kind has none */
    const char *condition_code;  /* field 25, or NULL */
    unsigned type_code;          /* 60.1 */
    unsigned network_code;       /* 60.3 */
    int financial;               /* moves money or a hold: reversed when its answer is lost */
    int card;                    /* carries card fields (2, 14, 22, 49 ...) */
};

/* The row of kind, or NULL for HL_NONE, HL_REVERSAL (whose fields come from the
 * original) and values out of range. */
const struct hl_kind_spec *hl_kind_spec(enum hl_kind kind);

/* A stable lower-case name ("purchase", "reversal"); "none" when out of range. */
const char *hl_kind_name(enum hl_kind kind);

/* Nonzero for the kinds that move money or holds: purchase, void, refund,
 * pre-authorization, completion and their voids. */
int hl_kind_is_financial(enum hl_kind kind);

#endif
