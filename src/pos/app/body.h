/* body.h — a receipt as the journal keeps it, read back into the receipt room's model.
 *
 * Every sale, void, refund, pre-authorization and completion is journaled with a JSON
 * body holding all its receipt says; receipts are always laid out from that body, the
 * first time as well as on a reprint, so a reprint is the receipt the customer got:
 *
 *   {"receipt":12, "batch":1, "operator":"01", "time":"2024-05-01 12:34:56",
 *    "merchant":"Demo Shop 001", "mid":"898100012340001", "tid":"10000001",
 *    "items":[{"code":"6901234567892", "name":"Tea", "qty":2, "price":1250,
 *              "amount":2500, "discount":0, "tax_bp":1300}],
 *    "gross":2500, "discount":0, "total":2500,
 *    "taxes":[{"rate_bp":1300, "amount":288}],
 *    "tenders":[{"kind":"cash", "amount":2000, "given":2000, "change":0},
 *               {"kind":"card", "amount":500, "pan":"622202*********0018",
 *                "card_type":"debit", "txn":"purchase", "rrn":"010000000002",
 *                "auth":"123456", "batch":1, "stan":5, "date":"1123"},
 *               {"kind":"qr", "amount":0, "scheme":"wechat", "reference":"010000000003",
 *                "code":"1345**********6789", "txn":"purchase", "rrn":"010000000003",
 *                "batch":1, "stan":6, "date":"1123"}],
 *    "original_receipt":11, "original_rrn":"010000000002"}
 *
 * Money is fen; "original_receipt" is on voids, "original_rrn" on refunds. A QR
 * tender's reference is the host's RRN and its code is masked: the batch keeps the
 * code itself, sealed (state.h). A void
 * lists the sale's items (their stock came back) but its receipt, as CUP void slips
 * do, shows only the total. A pre-authorization's body is the header, "total" (the
 * amount held) and one card tender of txn "preauth". */
#ifndef POSSUM_POS_APP_BODY_H
#define POSSUM_POS_APP_BODY_H

#include <jansson.h>

#include "core/error.h"
#include "pos/receipt/model.h"
#include "pos/receipt/validate.h"
#include "pos/sale/cart.h"
#include "pos/sale/tender.h"

/* A receipt model read from a body. Its texts point into the body (valid while it
 * lives), its arrays are here. About 24 KiB: keep it on the heap. */
struct pos_receipt_view {
    struct rcpt_receipt r;
    struct rcpt_item items[POS_CART_LINES_MAX];
    struct rcpt_tax taxes[RCPT_TAXES_MAX];
    struct rcpt_tender tenders[POS_TENDERS_MAX];
    char operator_no[3];
};

/* Fills v (OUT) from body as a receipt of kind (RCPT_SALE, RCPT_VOID, RCPT_REFUND),
 * in lang, with copy and reprint left for the caller to set. PS_EFORMAT naming the
 * member that is missing or wrong. The receipt room validates the rest when it lays
 * the receipt out. */
int pos_body_receipt(const json_t *body, enum rcpt_kind kind, enum rcpt_lang lang,
                     struct pos_receipt_view *v, struct ps_reason *why);

/* Fills p (OUT) from a pre-authorization's body, in lang, with copy and reprint left
 * for the caller to set; its texts point into the body. PS_EFORMAT as above. */
int pos_body_preauth(const json_t *body, enum rcpt_lang lang, struct rcpt_preauth *p,
                     struct ps_reason *why);

/* Parses "YYYY-MM-DD hh:mm:ss" into *out (OUT). PS_EFORMAT. */
int pos_body_time(const char *text, struct rcpt_datetime *out, struct ps_reason *why);

/* Whether a card paid (so the receipt has a merchant copy to sign). */
int pos_body_has_card(const json_t *body);

#endif
