/* internal.h — what the files of the receipt room share; not a public interface.
 *
 * Layout code writes a receipt as a list of calls (title, pair, rule ...) without an
 * error check after each: the builder remembers the first failure, ignores every call
 * after it, and the layout function returns that failure once at the end. */
#ifndef POSSUM_POS_RECEIPT_INTERNAL_H
#define POSSUM_POS_RECEIPT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/money.h"
#include "pos/receipt/doc.h"
#include "pos/receipt/labels.h"
#include "pos/receipt/model.h"

/* ---- the builder (build.c) ----------------------------------------------------- */

struct rcpt__out {
    struct rcpt_doc *doc;
    enum rcpt_lang lang;
    int rc;                /* the first failure; 0 while every call succeeded */
    struct ps_reason *why; /* explains it; may be NULL */
};

/* Starts laying out into doc (emptied) for paper of width columns. */
void rcpt__out_start(struct rcpt__out *o, struct rcpt_doc *doc, size_t width, enum rcpt_lang lang,
                     struct ps_reason *why);

/* Ends: returns the first failure (and empties the document then) or 0. */
int rcpt__out_finish(struct rcpt__out *o);

/* The label in the receipt's language. */
const char *rcpt__l(const struct rcpt__out *o, enum rcpt_label label);

/* Text wrapped to the width (half of it when style has RCPT_STYLE_DOUBLE); '\n' in s
 * starts a new line. */
void rcpt__text(struct rcpt__out *o, unsigned style, enum rcpt_align align, const char *s);

/* left at the left margin, right flush with the right one; when both do not fit on
 * one line, left takes its own lines and right follows on the next. */
void rcpt__pair(struct rcpt__out *o, unsigned style, const char *left, const char *right);

/* A table row: label, then count right-aligned in a column, then amount flush right. */
void rcpt__row3(struct rcpt__out *o, unsigned style, const char *label, const char *count,
                const char *amount);

void rcpt__rule(struct rcpt__out *o);
void rcpt__blank(struct rcpt__out *o);

/* Records a failure found while laying out (the first one wins). */
void rcpt__out_fail(struct rcpt__out *o, int rc, const char *what);

/* ---- blocks every slip shares (blocks.c) ---------------------------------------- */

/* Merchant name (double size), title, the reprint marker when asked for. */
void rcpt__title_block(struct rcpt__out *o, const struct rcpt_header *h, enum rcpt_label title,
                       int reprint);

/* The title block of a slip printed in two copies: merchant, title, which copy, the
 * reprint marker when asked for. */
void rcpt__copy_title_block(struct rcpt__out *o, const struct rcpt_header *h, enum rcpt_label title,
                            enum rcpt_copy copy, int reprint);

/* MID, TID, operator and batch number. */
void rcpt__header_block(struct rcpt__out *o, const struct rcpt_header *h);

/* A card transaction's lines, indented under its amount: masked PAN, card kind,
 * transaction type, RRN, authorization code when given, batch and trace. */
void rcpt__card_block(struct rcpt__out *o, const struct rcpt_card *c);

/* Room for the cardholder to sign, and the line to sign on. */
void rcpt__signature_block(struct rcpt__out *o);

/* The merchant's footer after a blank line, centred; nothing when not given. */
void rcpt__footer_block(struct rcpt__out *o, const char *footer);

/* A label at the left margin (two spaces in when indent is set), value flush right. */
void rcpt__field(struct rcpt__out *o, int indent, enum rcpt_label label, const char *value);

/* ---- formatting (format.c); every buffer is sized so nothing is cut --------------- */

#define RCPT__NUM_MAX      24 /* any formatted number, with its NUL */
#define RCPT__DATETIME_MAX 20

/* fen as yuan with two decimals, negated when negate is set ("-12.50"). */
const char *rcpt__money(int64_t fen, int negate, char buf[RCPT__NUM_MAX]);

/* A 6-digit batch or trace number ("000123"). */
const char *rcpt__six(uint32_t n, char buf[RCPT__NUM_MAX]);

/* A quantity in thousandths without trailing zeros ("2", "0.35"). */
const char *rcpt__quantity(int64_t thousandths, char buf[RCPT__NUM_MAX]);

/* A rate in basis points as a percentage ("13%", "1.5%"). */
const char *rcpt__rate(uint32_t bp, char buf[RCPT__NUM_MAX]);

/* "2024-05-01 12:34:56" */
const char *rcpt__datetime(const struct rcpt_datetime *dt, char buf[RCPT__DATETIME_MAX]);

/* ---- checks every validator shares (check.c) ------------------------------------ */

#define RCPT__NAME_MAX   256 /* bytes of a merchant or item name */
#define RCPT__UNIT_MAX   16  /* bytes of a unit ("kg") */
#define RCPT__FOOTER_MAX 1024

/* s is given (not NULL, not ""). */
int rcpt__given(const char *s);

/* s holds min..max characters, all digits (alnum 0) or letters and digits (alnum 1);
 * what names the field. */
int rcpt__check_code(const char *what, const char *s, size_t min, size_t max, int alnum,
                     struct ps_reason *why);

/* fen is not negative. */
int rcpt__check_money(const char *what, int64_t fen, struct ps_reason *why);

int rcpt__check_lang(enum rcpt_lang lang, struct ps_reason *why);

/* width is a paper width a layout supports (doc.h). */
int rcpt__check_width(size_t width, struct ps_reason *why);

/* dt is a real date (2000..2099) and time of day. */
int rcpt__check_datetime(const char *what, const struct rcpt_datetime *dt, struct ps_reason *why);

/* A header: with_trace also requires the receipt number. */
int rcpt__check_header(const struct rcpt_header *h, int with_trace, struct ps_reason *why);

/* A count and its amount: not negative, and no amount without a transaction. */
int rcpt__check_count(const char *what, const struct rcpt_count *c, struct ps_reason *why);

/* copy is the merchant's or the customer's; what names the document. */
int rcpt__check_copy(const char *what, enum rcpt_copy copy, struct ps_reason *why);

/* A card transaction complete in itself: PAN, card kind, a known transaction type,
 * RRN, authorization code when given, batch and trace; what names it in reasons
 * (validate_tenders.c). Whether its type fits the document is the caller's check. */
int rcpt__check_card(const struct rcpt_card *c, const char *what, struct ps_reason *why);

/* Every tender of r on its own, and their sum as the total; sets *has_card (OUT)
 * when one of them is a card (validate_tenders.c). */
int rcpt__check_tenders(const struct rcpt_receipt *r, int *has_card /* OUT */,
                        struct ps_reason *why);

/* <0, 0, >0 as a is before, at, after b. */
int rcpt__datetime_cmp(const struct rcpt_datetime *a, const struct rcpt_datetime *b);

#endif
