/* layout.h — a receipt, pre-authorization slip, settlement slip or X report laid out
 * for a paper width.
 *
 * Each function validates its input first (validate.h), so a document that comes back
 * is one worth printing; then it empties doc and fills it with the lines. Render the
 * document as text (text.h) for the screen and as ESC/POS (escpos.h) for the printer.
 *
 * width is the paper's columns: RCPT_WIDTH_58MM (32), RCPT_WIDTH_80MM (48), or any
 * from RCPT_WIDTH_MIN to RCPT_WIDTH_MAX. The model is only read, never kept.
 * Each returns 0 or a negative PS_E* code with why naming the field; on failure doc is
 * left empty (still to be cleaned up by its owner). */
#ifndef POSSUM_POS_RECEIPT_LAYOUT_H
#define POSSUM_POS_RECEIPT_LAYOUT_H

#include <stddef.h>

#include "core/error.h"
#include "pos/receipt/doc.h"
#include "pos/receipt/model.h"

/* A sale, void or refund receipt: merchant, title and copy; the header; the original
 * (voids, refunds); items, totals, tenders; the cardholder's signature on the
 * merchant copy of a card receipt; the footer. On a void or a refund every figure
 * shows the sign of money going back. Sets doc->opens_drawer when cash moved and this
 * is not a reprint. */
int rcpt_layout_receipt(const struct rcpt_receipt *r, size_t width, struct rcpt_doc *doc,
                        struct ps_reason *why);

/* The pre-authorization slip: merchant, title and copy; the header with trace number
 * and time; the amount held with the card's lines (masked PAN, type, RRN,
 * authorization code, batch, trace); the cardholder's signature on the merchant copy;
 * the footer. Never opens the drawer. */
int rcpt_layout_preauth(const struct rcpt_preauth *p, size_t width, struct rcpt_doc *doc,
                        struct ps_reason *why);

/* The settlement slip: counts and amounts by kind for domestic and foreign cards, each
 * side balanced or not, and "batch uploaded" when it was. */
int rcpt_layout_settlement(const struct rcpt_settlement *s, size_t width, struct rcpt_doc *doc,
                           struct ps_reason *why);

/* The X report: running totals by way of paying, marked as not a settlement. */
int rcpt_layout_xreport(const struct rcpt_xreport *x, size_t width, struct rcpt_doc *doc,
                        struct ps_reason *why);

#endif
