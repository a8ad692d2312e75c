/* validate.h — whether a receipt, a pre-authorization slip, a settlement slip or an X
 * report may be printed.
 *
 * The layout functions call these first, so nothing reaches paper that does not add
 * up; the application may call them earlier (before a sale is completed, say) to show
 * the cashier what is wrong. Each returns 0, or a negative PS_E* code with why naming
 * the field and the reason: "header: merchant name is missing", "item 2: quantity
 * -1 is not above zero", "tender 1 (card): RRN is missing". Nothing is kept. */
#ifndef POSSUM_POS_RECEIPT_VALIDATE_H
#define POSSUM_POS_RECEIPT_VALIDATE_H

#include "core/error.h"
#include "pos/receipt/model.h"

#define RCPT_ITEMS_MAX   1000 /* lines on one receipt */
#define RCPT_TENDERS_MAX 16
#define RCPT_TAXES_MAX   8

/* A sale, void or refund receipt (model.h says what each field requires). Beyond the
 * fields one by one: every item's amount is its quantity times its unit price; with
 * items, gross and discount are their sums; total is gross less discount; the tenders
 * pay exactly the total; a cash sale's change is what was given less its amount; a
 * card tender's transaction type matches the kind of receipt; a void names the
 * original trace number and a refund to a card the original RRN. */
int rcpt_receipt_validate(const struct rcpt_receipt *r, struct ps_reason *why);

/* A pre-authorization slip: header with its trace number, an amount above zero, a
 * complete card of type pre-authorization with its authorization code. */
int rcpt_preauth_validate(const struct rcpt_preauth *p, struct ps_reason *why);

/* A settlement slip: header (no trace needed), counts and amounts not negative, no
 * amount where the count is 0. */
int rcpt_settlement_validate(const struct rcpt_settlement *s, struct ps_reason *why);

/* An X report: as a settlement, and the period's start not after the time printed. */
int rcpt_xreport_validate(const struct rcpt_xreport *x, struct ps_reason *why);

#endif
