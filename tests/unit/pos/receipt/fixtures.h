/* fixtures.h — the receipts the receipt room's tests print: one shop, one day, a cash
 * sale, a card sale, its void, a refund, a QR reprint, a pre-authorization, the batch's
 * settlement and the X report. Each builder fills caller storage and returns it, so a
 * test can change one field and see what the renderer says. */
#ifndef POSSUM_TESTS_POS_RECEIPT_FIXTURES_H
#define POSSUM_TESTS_POS_RECEIPT_FIXTURES_H

#include "testing.h"

#include "pos/receipt/escpos.h"
#include "pos/receipt/layout.h"
#include "pos/receipt/text.h"
#include "pos/receipt/validate.h"

#define FX_FULL_PAN   "6222021234567890123"
#define FX_MASKED_PAN "622202*********0123"

/* Items and tenders live in these, for the receipt that points at them. */
struct fx_sale {
    struct rcpt_item items[3];
    struct rcpt_tax taxes[1];
    struct rcpt_tender tenders[2];
    struct rcpt_receipt r;
};

static inline struct rcpt_header fx_header(enum rcpt_lang lang)
{
    return (struct rcpt_header){
        .merchant_name =
            lang == RCPT_LANG_EN ? "Galaxy Mart (Science Park)" : "星河便利店(科技园店)",
        .mid = "898440358120001",
        .tid = "20240501",
        .operator_no = "01",
        .batch = 1,
        .trace = 123,
        .when = {2024, 5, 1, 12, 34, 56},
    };
}

/* Three items: counted water, weighed apples with a discount, a long ASCII name. */
static inline void fx_items(struct fx_sale *s, enum rcpt_lang lang)
{
    int en = lang == RCPT_LANG_EN;
    s->items[0] = (struct rcpt_item){.name = en ? "Spring water 550ml" : "农夫山泉饮用天然水550ml",
                                     .quantity = 2000,
                                     .unit_price = 200,
                                     .amount = 400};
    s->items[1] =
        (struct rcpt_item){.name = en ? "Fuji apples, Yantai, Shandong, extra large hand-picked"
                                      : "特级红富士苹果(山东烟台产地直供精选大果)",
                           .unit = "kg",
                           .quantity = 1350,
                           .unit_price = 1280,
                           .amount = 1728,
                           .discount = 100};
    s->items[2] = (struct rcpt_item){.name = en ? "Coca-Cola Zero Sugar Sparkling Drink 330ml"
                                                : "可口可乐零度330ml罐装",
                                     .quantity = 3000,
                                     .unit_price = 350,
                                     .amount = 1050};
    s->taxes[0] = (struct rcpt_tax){.rate_bp = 1300, .amount = 354};
    s->r.items = s->items;
    s->r.item_count = 3;
    s->r.totals = (struct rcpt_totals){
        .gross = 3178, .discount = 100, .total = 3078, .taxes = s->taxes, .tax_count = 1};
}

static inline const char *fx_footer(enum rcpt_lang lang)
{
    return lang == RCPT_LANG_EN ? "Thank you for shopping with us\nService hotline 400-800-1234"
                                : "谢谢惠顾，欢迎再次光临\n客服电话 400-800-1234";
}

static inline struct rcpt_receipt *fx_cash_sale(struct fx_sale *s, enum rcpt_lang lang)
{
    memset(s, 0, sizeof(*s));
    s->r.lang = lang;
    s->r.kind = RCPT_SALE;
    s->r.copy = RCPT_COPY_CUSTOMER;
    s->r.header = fx_header(lang);
    fx_items(s, lang);
    s->tenders[0] = (struct rcpt_tender){
        .kind = RCPT_TENDER_CASH, .amount = 3078, .cash = {.given = 5000, .change = 1922}};
    s->r.tenders = s->tenders;
    s->r.tender_count = 1;
    s->r.footer = fx_footer(lang);
    return &s->r;
}

static inline struct rcpt_card fx_card(enum rcpt_txn_type txn, const char *rrn, uint32_t trace)
{
    return (struct rcpt_card){.pan = FX_FULL_PAN,
                              .kind = RCPT_CARD_DEBIT,
                              .txn = txn,
                              .rrn = rrn,
                              .auth_code = "A1B2C3",
                              .batch = 1,
                              .trace = trace};
}

static inline struct rcpt_receipt *fx_card_sale(struct fx_sale *s, enum rcpt_lang lang,
                                                enum rcpt_copy copy)
{
    fx_cash_sale(s, lang);
    s->r.copy = copy;
    s->tenders[0] = (struct rcpt_tender){.kind = RCPT_TENDER_CARD,
                                         .amount = 3078,
                                         .card = fx_card(RCPT_TXN_PURCHASE, "412345678901", 123)};
    return &s->r;
}

/* The card sale voided: no items, the whole amount back to the card. */
static inline struct rcpt_receipt *fx_card_void(struct fx_sale *s, enum rcpt_lang lang)
{
    fx_card_sale(s, lang, RCPT_COPY_MERCHANT);
    s->r.kind = RCPT_VOID;
    s->r.header.trace = 124;
    s->r.header.when.minute = 40;
    s->r.items = NULL;
    s->r.item_count = 0;
    s->r.totals = (struct rcpt_totals){.gross = 3078, .total = 3078};
    s->tenders[0].card = fx_card(RCPT_TXN_VOID, "412345678902", 124);
    s->r.original.trace = 123;
    return &s->r;
}

/* The apples refunded to the card the next day, with their discount. */
static inline struct rcpt_receipt *fx_card_refund(struct fx_sale *s, enum rcpt_lang lang)
{
    fx_card_sale(s, lang, RCPT_COPY_MERCHANT);
    s->r.kind = RCPT_REFUND;
    s->r.header.batch = 2;
    s->r.header.trace = 7;
    s->r.header.when = (struct rcpt_datetime){2024, 5, 2, 9, 15, 0};
    s->items[0] = s->items[1];
    s->r.item_count = 1;
    s->r.totals = (struct rcpt_totals){.gross = 1728, .discount = 100, .total = 1628};
    s->tenders[0].amount = 1628;
    s->tenders[0].card = fx_card(RCPT_TXN_REFUND, "412345678977", 7);
    s->tenders[0].card.batch = 2;
    s->tenders[0].card.auth_code = NULL;
    s->r.original.trace = 123;
    s->r.original.rrn = "412345678901";
    return &s->r;
}

/* A WeChat Pay sale printed again: no items, a long payment reference. */
static inline struct rcpt_receipt *fx_qr_reprint(struct fx_sale *s, enum rcpt_lang lang)
{
    fx_cash_sale(s, lang);
    s->r.reprint = 1;
    s->r.header.trace = 125;
    s->r.items = NULL;
    s->r.item_count = 0;
    s->r.totals = (struct rcpt_totals){.gross = 8800, .total = 8800};
    s->tenders[0] = (struct rcpt_tender){
        .kind = RCPT_TENDER_QR,
        .amount = 8800,
        .qr = {.scheme = RCPT_QR_WECHAT, .reference = "4200002245202405011234567890123456"}};
    return &s->r;
}

/* 800.00 held on a credit card for a hotel-style deposit, in the sale's batch. */
static inline struct rcpt_preauth fx_preauth(enum rcpt_lang lang, enum rcpt_copy copy)
{
    struct rcpt_preauth p = {
        .lang = lang,
        .copy = copy,
        .header = fx_header(lang),
        .amount = 80000,
        .card = fx_card(RCPT_TXN_PREAUTH, "412345678955", 126),
        .footer = fx_footer(lang),
    };
    p.card.kind = RCPT_CARD_CREDIT;
    p.header.trace = 126;
    p.header.when.hour = 13;
    return p;
}

static inline struct rcpt_settlement fx_settlement(enum rcpt_lang lang, int balanced)
{
    struct rcpt_settlement s = {
        .lang = lang,
        .header = fx_header(lang),
        .domestic = {.purchases = {12, 345678},
                     .voids = {1, 3078},
                     .refunds = {1, 1628},
                     .completions = {2, 50000},
                     .balanced = balanced},
        .foreign = {.purchases = {1, 88800}, .balanced = 1},
        .uploaded = !balanced,
    };
    s.header.trace = 0;
    s.header.when = (struct rcpt_datetime){2024, 5, 1, 22, 5, 30};
    return s;
}

static inline struct rcpt_xreport fx_xreport(enum rcpt_lang lang)
{
    struct rcpt_xreport x = {
        .lang = lang,
        .header = fx_header(lang),
        .since = {2024, 5, 1, 8, 0, 0},
        .cash = {.sales = {20, 123450}, .voids = {1, 500}, .refunds = {2, 3000}},
        .card = {.sales = {12, 345678}, .voids = {1, 3078}, .refunds = {1, 1628}},
        .qr = {.sales = {5, 25000}},
    };
    x.header.trace = 0;
    x.header.when = (struct rcpt_datetime){2024, 5, 1, 15, 30, 0};
    return x;
}

#endif
