/* labels.h — every word a receipt prints, in Chinese and in English.
 *
 * The language is chosen per receipt (model.h, enum rcpt_lang). The table is the only
 * place receipt wording lives, so a translation is one line and the tests can check
 * every label in both languages. */
#ifndef POSSUM_POS_RECEIPT_LABELS_H
#define POSSUM_POS_RECEIPT_LABELS_H

#include "pos/receipt/model.h"

enum rcpt_label {
    RCPT_L_TITLE_SALE,
    RCPT_L_TITLE_VOID,
    RCPT_L_TITLE_REFUND,
    RCPT_L_TITLE_PREAUTH,
    RCPT_L_TITLE_SETTLEMENT,
    RCPT_L_TITLE_XREPORT,
    RCPT_L_NOT_SETTLEMENT,
    RCPT_L_COPY_MERCHANT,
    RCPT_L_COPY_CUSTOMER,
    RCPT_L_REPRINT,
    RCPT_L_MID,
    RCPT_L_TID,
    RCPT_L_OPERATOR,
    RCPT_L_BATCH,
    RCPT_L_TRACE,
    RCPT_L_DATETIME,
    RCPT_L_SINCE,
    RCPT_L_UNTIL,
    RCPT_L_ITEMS,
    RCPT_L_AMOUNT,
    RCPT_L_ITEM_DISCOUNT,
    RCPT_L_GROSS,
    RCPT_L_DISCOUNT,
    RCPT_L_TOTAL,
    RCPT_L_TAX,
    RCPT_L_CASH,
    RCPT_L_GIVEN,
    RCPT_L_CHANGE,
    RCPT_L_CARD,
    RCPT_L_PAN,
    RCPT_L_CARD_KIND,
    RCPT_L_DEBIT,
    RCPT_L_CREDIT,
    RCPT_L_QUASI_CREDIT,
    RCPT_L_PREPAID,
    RCPT_L_TXN_TYPE,
    RCPT_L_PURCHASE,
    RCPT_L_VOID,
    RCPT_L_REFUND,
    RCPT_L_COMPLETION,
    RCPT_L_PREAUTH,
    RCPT_L_HELD,
    RCPT_L_RRN,
    RCPT_L_AUTH_CODE,
    RCPT_L_QR,
    RCPT_L_WECHAT,
    RCPT_L_ALIPAY,
    RCPT_L_UNIONPAY_QR,
    RCPT_L_QR_REFERENCE,
    RCPT_L_QR_CODE,
    RCPT_L_ORIG_TRACE,
    RCPT_L_ORIG_RRN,
    RCPT_L_SIGNATURE,
    RCPT_L_AGREEMENT,
    RCPT_L_DOMESTIC,
    RCPT_L_FOREIGN,
    RCPT_L_BALANCED,
    RCPT_L_UNBALANCED,
    RCPT_L_TYPE,
    RCPT_L_COUNT,
    RCPT_L_UPLOADED,
    RCPT_L_SALES,
    RCPT_L_VOIDS,
    RCPT_L_REFUNDS,
    RCPT_L_NET,
    RCPT_L_TOTAL_NET,
    RCPT_LABEL_COUNT
};

/* The label in lang: static UTF-8 text, never NULL ("" for a label or language out of
 * range, which the layout never asks for). */
const char *rcpt_label(enum rcpt_lang lang, enum rcpt_label label);

#endif
