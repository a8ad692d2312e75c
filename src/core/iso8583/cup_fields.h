/* cup_fields.h — the composite fields of the CUP POS dialect, split and joined.
 *
 * Field 60 (n...017, reserved private):
 *   60.1 n2  transaction type code (00 management, 01 balance, 10/11 pre-auth and its
 *            void, 20/21 completion and its void, 22 purchase, 23 void, 25 refund)
 *   60.2 n6  batch number
 *   60.3 n3  network management information code (000 financial; sign-in 001 with
 *            single-length keys, 003 double-length, 004 double-length with a track
 *            key; 002 sign-off; 201 settlement; ...); optional
 *   60.4...  further sub-fields (terminal read capability n1, IC condition code n1,
 *            partial approval n1, account type n3) kept as their digits
 * Field 61 (n...029, original message):
 *   61.1 n6 original batch, 61.2 n6 original trace (STAN), 61.3 n4 original date MMDD
 *   (optional), then further digits kept as they are.
 * Field 48 in batch settlement (0500/0510), n31 domestic or n62 domestic + foreign:
 *   debit amount n12, debit count n3, credit amount n12, credit count n3, result n1,
 *   once for domestic cards and once for foreign cards. Debits are the sales that pay
 *   the merchant (purchases, completions); credits are the refunds. The terminal
 *   sends result 0; the host answers 1 balanced, 2 not balanced, 3 error.
 */
#ifndef POSSUM_CORE_ISO8583_CUP_FIELDS_H
#define POSSUM_CORE_ISO8583_CUP_FIELDS_H

#include <stdint.h>

#include "core/error.h"
#include "core/iso8583/iso8583.h"

struct ps_cup_f60 {
    unsigned type_code;    /* 60.1, 0-99 */
    uint32_t batch;        /* 60.2, 0-999999 */
    int has_network_code;  /* 60.3 present */
    unsigned network_code; /* 60.3, 0-999 */
    char extra[7];         /* 60.4 onwards as digits, NUL-terminated ("" when absent) */
};

struct ps_cup_f61 {
    uint32_t batch; /* 61.1 */
    uint32_t stan;  /* 61.2 */
    int has_date;
    char date[5];   /* 61.3 MMDD and a NUL */
    char extra[14]; /* what follows 61.3, as digits, NUL-terminated */
};

enum ps_cup_settle_result {
    PS_CUP_SETTLE_REQUEST = 0,    /* sent by the terminal */
    PS_CUP_SETTLE_BALANCED = 1,   /* 对账平 */
    PS_CUP_SETTLE_UNBALANCED = 2, /* 对账不平: the terminal uploads its batch */
    PS_CUP_SETTLE_ERROR = 3
};

struct ps_cup_side_totals {
    int64_t debit_amount; /* fen */
    unsigned debit_count;
    int64_t credit_amount; /* fen */
    unsigned credit_count;
    unsigned result; /* enum ps_cup_settle_result */
};

struct ps_cup_totals {
    struct ps_cup_side_totals domestic;
    int has_foreign;
    struct ps_cup_side_totals foreign;
};

/* Splits field 60. Returns 0, or PS_EFORMAT naming the sub-field at fault. */
int ps_cup_f60_parse(const struct ps_iso_value *v, struct ps_cup_f60 *out, struct ps_reason *why);

/* Joins f into field 60 of m. Returns 0, PS_EINVAL for an out-of-range sub-field
 * (named in why), or what ps_iso_set() returns. */
int ps_cup_f60_set(struct ps_iso_msg *m, const struct ps_cup_f60 *f, struct ps_reason *why);

int ps_cup_f61_parse(const struct ps_iso_value *v, struct ps_cup_f61 *out, struct ps_reason *why);
int ps_cup_f61_set(struct ps_iso_msg *m, const struct ps_cup_f61 *f, struct ps_reason *why);

/* Splits settlement totals from field 48 (31 or 62 digits). */
int ps_cup_totals_parse(const struct ps_iso_value *v, struct ps_cup_totals *out,
                        struct ps_reason *why);
/* Joins t into field 48 of m (62 digits when has_foreign, else 31). Amounts must be
 * 0..999999999999 fen and counts 0..999, else PS_EINVAL naming which. */
int ps_cup_totals_set(struct ps_iso_msg *m, const struct ps_cup_totals *t,
                      struct ps_reason *why);

#endif
