/* model.h — what a receipt says, as plain data: a sale, a void or a refund; the
 * pre-authorization slip; the settlement slip; the X report.
 *
 * The application builds these from its own rooms (cart, tenders, batch) and hands
 * them to a layout function (layout.h); this room includes nothing from other rooms
 * of possum-pos. Every struct is a view: text fields and arrays are pointers into the
 * caller's memory, read while a function runs and never kept, copied or freed. A
 * text field is UTF-8; NULL and "" both mean "not given". Zero-initialise a struct
 * and fill what applies: the zero language is Chinese, and a zero kind, copy or enum
 * is reported as missing rather than guessed.
 *
 * Money is int64_t fen and never negative here, even on a void or a refund: the kind
 * of receipt decides the sign the paper shows. */
#ifndef POSSUM_POS_RECEIPT_MODEL_H
#define POSSUM_POS_RECEIPT_MODEL_H

#include <stddef.h>
#include <stdint.h>

enum rcpt_lang {
    RCPT_LANG_ZH = 0, /* the default */
    RCPT_LANG_EN = 1,
};

/* A local date and time, as the terminal's clock gave it (this room reads no clock). */
struct rcpt_datetime {
    int year, month, day;     /* 2000..2099, 1..12, 1..31 (checked against the month) */
    int hour, minute, second; /* 0..23, 0..59, 0..59 */
};

/* The top of every receipt, slip and report. */
struct rcpt_header {
    const char *merchant_name; /* required; printed as the title */
    const char *mid;           /* merchant number: 15 letters or digits */
    const char *tid;           /* terminal number: 8 letters or digits */
    const char *operator_no;   /* 1 to 8 digits */
    uint32_t batch;            /* 0..999999, printed with 6 digits */
    uint32_t trace;            /* receipt / trace number 1..999999 (receipts only) */
    struct rcpt_datetime when;
};

/* Quantities are in thousandths of the unit, so that weighed goods (0.350 kg) and
 * counted ones (2 = 2000) share one field. */
#define RCPT_QTY_SCALE 1000

struct rcpt_item {
    const char *name;   /* required; wraps over as many lines as it needs */
    const char *unit;   /* optional, printed after the quantity ("kg") */
    int64_t quantity;   /* thousandths, above zero */
    int64_t unit_price; /* fen per unit */
    int64_t amount;     /* quantity x unit_price in fen (either rounding of a fraction of
                           a fen is accepted), before the discount */
    int64_t discount;   /* fen taken off this line, 0..amount */
};

struct rcpt_tax {
    uint32_t rate_bp; /* basis points: 1300 is 13% */
    int64_t amount;   /* fen of tax included in the total at that rate */
};

struct rcpt_totals {
    int64_t gross;                /* the sum of the item amounts (when there are items) */
    int64_t discount;             /* the sum of the item discounts (when there are items) */
    int64_t total;                /* gross - discount; what the tenders pay */
    const struct rcpt_tax *taxes; /* optional, tax included in the total, by rate */
    size_t tax_count;
};

enum rcpt_tender_kind {
    RCPT_TENDER_CASH = 1,
    RCPT_TENDER_CARD = 2,
    RCPT_TENDER_QR = 3,
};

struct rcpt_cash {
    int64_t given;  /* what the customer handed over (sales only; 0 on voids, refunds) */
    int64_t change; /* given - amount */
};

enum rcpt_card_kind {
    RCPT_CARD_DEBIT = 1,
    RCPT_CARD_CREDIT = 2,
    RCPT_CARD_QUASI_CREDIT = 3, /* 准贷记卡 */
    RCPT_CARD_PREPAID = 4,
};

/* The card transaction a tender was; a sale is paid by purchases and pre-authorization
 * completions, a void receipt by voids, a refund receipt by refunds. A
 * pre-authorization pays nothing: it has a slip of its own (struct rcpt_preauth). */
enum rcpt_txn_type {
    RCPT_TXN_PURCHASE = 1,
    RCPT_TXN_VOID = 2,
    RCPT_TXN_REFUND = 3,
    RCPT_TXN_COMPLETION = 4, /* pre-authorization completion */
    RCPT_TXN_PREAUTH = 5,
};

/* A bank card tender. There is no expiry date field on purpose: receipts do not print
 * it, and what is not given cannot leak. */
struct rcpt_card {
    const char *pan; /* full or masked; only the masked form is printed (pan.h) */
    enum rcpt_card_kind kind;
    enum rcpt_txn_type txn;
    const char *rrn;       /* retrieval reference number: 12 letters or digits */
    const char *auth_code; /* optional (refunds often have none): up to 6 letters or digits */
    uint32_t batch;        /* the card transaction's batch, 0..999999 */
    uint32_t trace;        /* its trace number (STAN), 1..999999 */
};

enum rcpt_qr_scheme {
    RCPT_QR_WECHAT = 1,
    RCPT_QR_ALIPAY = 2,
    RCPT_QR_UNIONPAY = 3,
};

struct rcpt_qr {
    enum rcpt_qr_scheme scheme;
    const char *reference; /* the payment order number: 1 to 64 printable ASCII */
    const char *code;      /* optional: the customer's payment code, masked (digits and
                              at least one '*', at most 24): never printed in clear */
};

struct rcpt_tender {
    enum rcpt_tender_kind kind;
    int64_t amount; /* fen this tender paid (or paid back) */
    union {
        struct rcpt_cash cash;
        struct rcpt_card card;
        struct rcpt_qr qr;
    };
};

enum rcpt_kind {
    RCPT_SALE = 1,
    RCPT_VOID = 2,   /* cancels a sale of the same batch */
    RCPT_REFUND = 3, /* pays back (part of) an earlier sale */
};

enum rcpt_copy {
    RCPT_COPY_MERCHANT = 1, /* kept by the merchant; card holders sign it */
    RCPT_COPY_CUSTOMER = 2,
};

/* The sale a void or a refund goes back to. */
struct rcpt_original {
    uint32_t trace;  /* its receipt / trace number; required on a void */
    const char *rrn; /* its RRN; required on a refund paid back to a card */
};

struct rcpt_receipt {
    enum rcpt_lang lang;
    enum rcpt_kind kind;
    enum rcpt_copy copy;
    int reprint; /* non-zero: printed again later; marked and never opens the drawer */
    struct rcpt_header header;
    const struct rcpt_item *items; /* may be empty (a plain card slip) */
    size_t item_count;
    struct rcpt_totals totals;
    const struct rcpt_tender *tenders; /* at least one unless the total is 0 */
    size_t tender_count;
    struct rcpt_original original; /* voids and refunds only */
    const char *footer;            /* optional; '\n' separates lines */
    const char *banner;            /* optional; one line centred at the very top (the
                                      back office's receipt_header) */
};

/* A pre-authorization slip: an amount held on a card until the completion (a sale
 * paid by a card tender of type RCPT_TXN_COMPLETION) takes it, in two copies like a
 * card receipt. */
struct rcpt_preauth {
    enum rcpt_lang lang;
    enum rcpt_copy copy; /* the merchant's copy is signed */
    int reprint;         /* non-zero: printed again later, and marked */
    struct rcpt_header header;
    int64_t amount;        /* fen held, above zero */
    struct rcpt_card card; /* txn RCPT_TXN_PREAUTH, with the authorization code that the
                              completion will name */
    const char *footer;    /* optional; '\n' separates lines */
};

/* A count of transactions and their amount. */
struct rcpt_count {
    uint32_t count;
    int64_t amount; /* fen, never negative */
};

/* One side (domestic or foreign cards) of a batch, as the terminal counted it. */
struct rcpt_settle_side {
    struct rcpt_count purchases;
    struct rcpt_count voids;
    struct rcpt_count refunds;
    struct rcpt_count completions; /* pre-authorization completions */
    int balanced;                  /* the host's totals agreed (field 48 answer) */
};

struct rcpt_settlement {
    enum rcpt_lang lang;
    int reprint;
    struct rcpt_header header;        /* trace is not printed */
    struct rcpt_settle_side domestic; /* cards issued in China (PAN 62...) */
    struct rcpt_settle_side foreign;
    int uploaded; /* the batch was uploaded after the host disagreed */
};

/* Running totals of one way of paying. sales counts every sale made, including those
 * voided later; the report's net is sales less voids less refunds. */
struct rcpt_method_totals {
    struct rcpt_count sales;
    struct rcpt_count voids;
    struct rcpt_count refunds;
};

/* The X report: what the terminal took since the period began, printed at any time
 * without closing anything (a settlement closes the batch; this does not). */
struct rcpt_xreport {
    enum rcpt_lang lang;
    struct rcpt_header header;  /* when: the time of printing; trace is not printed */
    struct rcpt_datetime since; /* the start of the period, not after header.when */
    struct rcpt_method_totals cash;
    struct rcpt_method_totals card;
    struct rcpt_method_totals qr;
};

#endif
