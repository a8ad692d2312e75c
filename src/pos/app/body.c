#include "pos/app/body.h"

#include <stdio.h>
#include <string.h>

int pos_body_time(const char *text, struct rcpt_datetime *out, struct ps_reason *why)
{
    memset(out, 0, sizeof(*out));
    if (text == NULL || sscanf(text, "%4d-%2d-%2d %2d:%2d:%2d", &out->year, &out->month, &out->day,
                               &out->hour, &out->minute, &out->second) != 6)
        return ps_fail(why, PS_EFORMAT, "time: not YYYY-MM-DD hh:mm:ss");
    return PS_OK;
}

/* Integer member key of o; PS_EFORMAT when missing or not an integer. */
static int need_int(const json_t *o, const char *key, int64_t *out, struct ps_reason *why)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v))
        return ps_fail(why, PS_EFORMAT, "body: \"%s\" is missing or not a whole number", key);
    *out = json_integer_value(v);
    return PS_OK;
}

/* String member key of o, or NULL when absent (which is allowed). */
static const char *text_of(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int read_header(const json_t *b, struct rcpt_header *h, struct ps_reason *why)
{
    int64_t receipt = 0, batch = 0;
    int rc;

    if ((rc = need_int(b, "receipt", &receipt, why)) != 0 ||
        (rc = need_int(b, "batch", &batch, why)) != 0 ||
        (rc = pos_body_time(text_of(b, "time"), &h->when, why)) != 0)
        return rc;
    h->merchant_name = text_of(b, "merchant");
    h->mid = text_of(b, "mid");
    h->tid = text_of(b, "tid");
    h->operator_no = text_of(b, "operator");
    h->trace = (uint32_t)receipt;
    h->batch = (uint32_t)batch;
    return PS_OK;
}

static int read_items(const json_t *b, struct pos_receipt_view *v, struct ps_reason *why)
{
    json_t *items = json_object_get(b, "items"), *it;
    size_t i;
    int rc = PS_OK;

    if (items == NULL)
        return PS_OK;
    if (!json_is_array(items) || json_array_size(items) > POS_CART_LINES_MAX)
        return ps_fail(why, PS_EFORMAT, "body: \"items\" is not a list of at most %d",
                       POS_CART_LINES_MAX);
    json_array_foreach(items, i, it)
    {
        struct rcpt_item *ri = &v->items[i];
        int64_t qty = 0;
        if ((rc = need_int(it, "qty", &qty, why)) != 0 ||
            (rc = need_int(it, "price", &ri->unit_price, why)) != 0 ||
            (rc = need_int(it, "amount", &ri->amount, why)) != 0 ||
            (rc = need_int(it, "discount", &ri->discount, why)) != 0)
            return rc;
        ri->name = text_of(it, "name");
        ri->quantity = qty * RCPT_QTY_SCALE;
    }
    v->r.items = v->items;
    v->r.item_count = json_array_size(items);
    return rc;
}

static int read_taxes(const json_t *b, struct pos_receipt_view *v, struct ps_reason *why)
{
    json_t *taxes = json_object_get(b, "taxes"), *t;
    size_t i;
    int64_t rate = 0;
    int rc;

    if (taxes == NULL)
        return PS_OK;
    if (!json_is_array(taxes) || json_array_size(taxes) > RCPT_TAXES_MAX)
        return ps_fail(why, PS_EFORMAT, "body: \"taxes\" is not a list of at most %d",
                       RCPT_TAXES_MAX);
    json_array_foreach(taxes, i, t)
    {
        if ((rc = need_int(t, "rate_bp", &rate, why)) != 0 ||
            (rc = need_int(t, "amount", &v->taxes[i].amount, why)) != 0)
            return rc;
        v->taxes[i].rate_bp = (uint32_t)rate;
    }
    v->r.totals.taxes = v->taxes;
    v->r.totals.tax_count = json_array_size(taxes);
    return PS_OK;
}

static int named(const char *text, const char *const *names, size_t n, int *out)
{
    for (size_t i = 1; text != NULL && i < n; i++) {
        if (names[i] != NULL && strcmp(text, names[i]) == 0) {
            *out = (int)i;
            return PS_OK;
        }
    }
    return PS_EFORMAT;
}

static int read_card(const json_t *t, struct rcpt_card *c, struct ps_reason *why)
{
    static const char *const types[] = {NULL, "debit", "credit", "quasi-credit", "prepaid"};
    static const char *const txns[] = {NULL, "purchase", "void", "refund", "completion", "preauth"};
    int64_t batch = 0, stan = 0;
    int type = 0, txn = 0, rc;

    if (named(text_of(t, "card_type"), types, PS_ARRAY_LEN(types), &type) != 0 ||
        named(text_of(t, "txn"), txns, PS_ARRAY_LEN(txns), &txn) != 0)
        return ps_fail(why, PS_EFORMAT, "body: a card tender's card_type or txn is not known");
    if ((rc = need_int(t, "batch", &batch, why)) != 0 ||
        (rc = need_int(t, "stan", &stan, why)) != 0)
        return rc;
    c->pan = text_of(t, "pan");
    c->kind = (enum rcpt_card_kind)type;
    c->txn = (enum rcpt_txn_type)txn;
    c->rrn = text_of(t, "rrn");
    c->auth_code = text_of(t, "auth");
    c->batch = (uint32_t)batch;
    c->trace = (uint32_t)stan;
    return PS_OK;
}

static int read_tender(const json_t *t, struct rcpt_tender *rt, struct ps_reason *why)
{
    static const char *const kinds[] = {NULL, "cash", "card", "qr"};
    static const char *const schemes[] = {NULL, "wechat", "alipay", "unionpay"};
    int kind = 0, scheme = 0, rc;

    if (named(text_of(t, "kind"), kinds, PS_ARRAY_LEN(kinds), &kind) != 0)
        return ps_fail(why, PS_EFORMAT, "body: a tender's kind is not cash, card or qr");
    if ((rc = need_int(t, "amount", &rt->amount, why)) != 0)
        return rc;
    rt->kind = (enum rcpt_tender_kind)kind;
    switch (rt->kind) {
    case RCPT_TENDER_CASH:
        /* a void or refund pays cash back: nothing given, no change */
        if (json_object_get(t, "given") != NULL &&
            ((rc = need_int(t, "given", &rt->cash.given, why)) != 0 ||
             (rc = need_int(t, "change", &rt->cash.change, why)) != 0))
            return rc;
        return PS_OK;
    case RCPT_TENDER_CARD:
        return read_card(t, &rt->card, why);
    case RCPT_TENDER_QR:
        if (named(text_of(t, "scheme"), schemes, PS_ARRAY_LEN(schemes), &scheme) != 0)
            return ps_fail(why, PS_EFORMAT, "body: a QR tender's scheme is not known");
        rt->qr.scheme = (enum rcpt_qr_scheme)scheme;
        rt->qr.reference = text_of(t, "reference");
        rt->qr.code = text_of(t, "code");
        return PS_OK;
    }
    return PS_EFORMAT;
}

static int read_tenders(const json_t *b, struct pos_receipt_view *v, struct ps_reason *why)
{
    json_t *tenders = json_object_get(b, "tenders"), *t;
    size_t i;
    int rc;

    if (!json_is_array(tenders) || json_array_size(tenders) > POS_TENDERS_MAX)
        return ps_fail(why, PS_EFORMAT, "body: \"tenders\" is not a list of at most %d",
                       POS_TENDERS_MAX);
    json_array_foreach(tenders, i, t)
    {
        if ((rc = read_tender(t, &v->tenders[i], why)) != 0)
            return rc;
    }
    v->r.tenders = v->tenders;
    v->r.tender_count = json_array_size(tenders);
    return PS_OK;
}

int pos_body_receipt(const json_t *body, enum rcpt_kind kind, enum rcpt_lang lang,
                     struct pos_receipt_view *v, struct ps_reason *why)
{
    struct rcpt_totals *tot = &v->r.totals;
    int64_t orig = 0;
    int rc;

    memset(v, 0, sizeof(*v));
    v->r.lang = lang;
    v->r.kind = kind;
    if (!json_is_object(body))
        return ps_fail(why, PS_EFORMAT, "body: not a JSON object");
    if ((rc = read_header(body, &v->r.header, why)) != 0 ||
        (rc = need_int(body, "total", &tot->total, why)) != 0 ||
        (rc = read_taxes(body, v, why)) != 0 || (rc = read_tenders(body, v, why)) != 0)
        return rc;
    if (kind == RCPT_VOID) {
        /* CUP void slips show the total only */
        tot->gross = tot->total;
        if ((rc = need_int(body, "original_receipt", &orig, why)) != 0)
            return rc;
        v->r.original.trace = (uint32_t)orig;
        return PS_OK;
    }
    if ((rc = read_items(body, v, why)) != 0)
        return rc;
    if (v->r.item_count == 0) {
        tot->gross = tot->total;
    } else if ((rc = need_int(body, "gross", &tot->gross, why)) != 0 ||
               (rc = need_int(body, "discount", &tot->discount, why)) != 0) {
        return rc;
    }
    if (kind == RCPT_REFUND) {
        v->r.original.rrn = text_of(body, "original_rrn");
        if (json_is_integer(json_object_get(body, "original_receipt")))
            v->r.original.trace =
                (uint32_t)json_integer_value(json_object_get(body, "original_receipt"));
    }
    return PS_OK;
}

int pos_body_preauth(const json_t *body, enum rcpt_lang lang, struct rcpt_preauth *p,
                     struct ps_reason *why)
{
    json_t *tenders = json_object_get(body, "tenders");
    int rc;

    memset(p, 0, sizeof(*p));
    p->lang = lang;
    if (!json_is_object(body))
        return ps_fail(why, PS_EFORMAT, "body: not a JSON object");
    if (!json_is_array(tenders) || json_array_size(tenders) != 1)
        return ps_fail(why, PS_EFORMAT, "body: \"tenders\" is not the one card held");
    if ((rc = read_header(body, &p->header, why)) != 0 ||
        (rc = need_int(body, "total", &p->amount, why)) != 0)
        return rc;
    return read_card(json_array_get(tenders, 0), &p->card, why);
}

int pos_body_has_card(const json_t *body)
{
    json_t *t;
    size_t i;

    json_array_foreach(json_object_get(body, "tenders"), i, t)
    {
        const char *kind = json_string_value(json_object_get(t, "kind"));
        if (kind != NULL && strcmp(kind, "card") == 0)
            return 1;
    }
    return 0;
}
