#include "pos/journal/record.h"

#include <string.h>

#include "core/utf8.h"
#include "pos/journal/internal.h"

static const char *const kind_names[POS_JOURNAL_KIND_COUNT + 1] = {
    [POS_JOURNAL_SIGN_IN] = "sign_in",
    [POS_JOURNAL_SIGN_OFF] = "sign_off",
    [POS_JOURNAL_SALE] = "sale",
    [POS_JOURNAL_CASH_SALE] = "cash_sale",
    [POS_JOURNAL_VOID] = "void",
    [POS_JOURNAL_REFUND] = "refund",
    [POS_JOURNAL_BALANCE_INQUIRY] = "balance_inquiry",
    [POS_JOURNAL_PREAUTH] = "preauth",
    [POS_JOURNAL_PREAUTH_VOID] = "preauth_void",
    [POS_JOURNAL_PREAUTH_COMPLETION] = "preauth_completion",
    [POS_JOURNAL_PREAUTH_COMPLETION_VOID] = "preauth_completion_void",
    [POS_JOURNAL_REVERSAL] = "reversal",
    [POS_JOURNAL_SETTLEMENT] = "settlement",
};

static const char *const result_names[POS_JOURNAL_RESULT_COUNT + 1] = {
    [POS_JOURNAL_APPROVED] = "approved",
    [POS_JOURNAL_DECLINED] = "declined",
    [POS_JOURNAL_PENDING] = "pending",
    [POS_JOURNAL_REVERSED] = "reversed",
};

const char *pos_journal_kind_name(enum pos_journal_kind kind)
{
    return (int)kind >= 1 && (int)kind <= POS_JOURNAL_KIND_COUNT ? kind_names[kind] : NULL;
}

const char *pos_journal_result_name(enum pos_journal_result result)
{
    return (int)result >= 1 && (int)result <= POS_JOURNAL_RESULT_COUNT ? result_names[result]
                                                                       : NULL;
}

/* The value whose name is t in names[1..count], or 0. */
static int value_of(const char *const *names, int count, struct pos_journal__text t)
{
    for (int v = 1; v <= count; v++)
        if (strlen(names[v]) == t.len && memcmp(names[v], t.ptr, t.len) == 0)
            return v;
    return 0;
}

static int operator_ok(const char *op)
{
    return op[0] == '\0' ||
           (op[0] >= '0' && op[0] <= '9' && op[1] >= '0' && op[1] <= '9' && op[2] == '\0');
}

static int reference_check(const char *ref, struct ps_reason *why)
{
    size_t len = strnlen(ref, POS_JOURNAL_REFERENCE_MAX + 1);

    if (len > POS_JOURNAL_REFERENCE_MAX)
        return ps_fail(why, PS_EINVAL, "reference: longer than %d characters",
                       POS_JOURNAL_REFERENCE_MAX);
    for (size_t i = 0; i < len; i++)
        if (ref[i] < ' ' || ref[i] > '~')
            return ps_fail(why, PS_EINVAL, "reference: character %zu is not printable ASCII",
                           i + 1);
    return 0;
}

int pos_journal_record_check(const struct pos_journal_record *r, struct ps_reason *why)
{
    const char *body = r->body != NULL ? r->body : "";
    size_t body_len = strnlen(body, POS_JOURNAL_BODY_MAX + 1), bad;

    if (pos_journal_kind_name(r->kind) == NULL)
        return ps_fail(why, PS_EINVAL, "kind: %d is not defined", (int)r->kind);
    if (pos_journal_result_name(r->result) == NULL)
        return ps_fail(why, PS_EINVAL, "result: %d is not defined", (int)r->result);
    if (r->at < 0)
        return ps_fail(why, PS_EINVAL, "time: before 1970");
    if (!operator_ok(r->operator_no))
        return ps_fail(why, PS_EINVAL, "operator: 2 digits, or empty for none");
    if (r->refers_to < 0)
        return ps_fail(why, PS_EINVAL, "refers_to: negative");
    if (r->reference != NULL && reference_check(r->reference, why) != 0)
        return PS_EINVAL;
    if (body_len > POS_JOURNAL_BODY_MAX)
        return ps_fail(why, PS_EINVAL, "body: longer than %d bytes", POS_JOURNAL_BODY_MAX);
    if (ps_utf8_check(body, body_len, &bad, NULL) != 0)
        return ps_fail(why, PS_EINVAL, "body: byte %zu is not UTF-8", bad + 1);
    return 0;
}

static struct pos_journal__text text_of(const char *s)
{
    s = s != NULL ? s : "";
    return (struct pos_journal__text){s, strlen(s)};
}

void pos_journal__row_of(const struct pos_journal_record *r, struct pos_journal__row *row)
{
    memset(row, 0, sizeof(*row));
    row->seq = r->seq;
    row->at = r->at;
    row->kind = text_of(pos_journal_kind_name(r->kind));
    row->operator_no = text_of(r->operator_no);
    row->amount = r->amount;
    row->result = text_of(pos_journal_result_name(r->result));
    row->reference = text_of(r->reference);
    row->refers_to = r->refers_to;
    row->body = text_of(r->body);
    row->link = r->link;
    row->link_len = sizeof(r->link);
}

/* A text column as bytes; NULL (a row edited by hand) reads as "". SQLite keeps a NUL
 * after the bytes, so ptr is also a C string. */
static struct pos_journal__text column_text(sqlite3_stmt *st, int col)
{
    const char *p = (const char *)sqlite3_column_text(st, col);
    if (p == NULL)
        return (struct pos_journal__text){"", 0};
    return (struct pos_journal__text){p, (size_t)sqlite3_column_bytes(st, col)};
}

void pos_journal__read_row(sqlite3_stmt *st, struct pos_journal__row *row)
{
    row->seq = sqlite3_column_int64(st, 0);
    row->at = sqlite3_column_int64(st, 1);
    row->kind = column_text(st, 2);
    row->operator_no = column_text(st, 3);
    row->amount = sqlite3_column_int64(st, 4);
    row->result = column_text(st, 5);
    row->reference = column_text(st, 6);
    row->refers_to = sqlite3_column_int64(st, 7);
    row->body = column_text(st, 8);
    row->link = sqlite3_column_blob(st, 9);
    row->link_len = (size_t)sqlite3_column_bytes(st, 9);
}

void pos_journal__record_of(const struct pos_journal__row *row, struct pos_journal_record *r)
{
    memset(r, 0, sizeof(*r));
    r->seq = row->seq;
    r->at = row->at;
    r->kind = (enum pos_journal_kind)value_of(kind_names, POS_JOURNAL_KIND_COUNT, row->kind);
    if (row->operator_no.len == 2)
        memcpy(r->operator_no, row->operator_no.ptr, 2);
    r->amount = row->amount;
    r->result =
        (enum pos_journal_result)value_of(result_names, POS_JOURNAL_RESULT_COUNT, row->result);
    r->reference = row->reference.ptr;
    r->refers_to = row->refers_to;
    r->body = row->body.ptr;
    if (row->link != NULL && row->link_len == sizeof(r->link))
        memcpy(r->link, row->link, sizeof(r->link));
}

/* Where the encoding is written; len may pass cap, which then means "too small". */
struct writer {
    uint8_t *out;
    size_t cap, len;
};

static void put_bytes(struct writer *w, const void *p, size_t n)
{
    if (w->len <= w->cap && n <= w->cap - w->len && n > 0)
        memcpy(w->out + w->len, p, n);
    w->len = n > SIZE_MAX - w->len ? SIZE_MAX : w->len + n;
}

static void put_be(struct writer *w, uint64_t v, int bytes)
{
    uint8_t b[8];
    for (int i = 0; i < bytes; i++)
        b[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
    put_bytes(w, b, (size_t)bytes);
}

static void put_i64(struct writer *w, int64_t v)
{
    put_be(w, (uint64_t)v, 8); /* two's complement, as the conversion defines it */
}

static void put_text(struct writer *w, struct pos_journal__text t)
{
    put_be(w, t.len > UINT32_MAX ? UINT32_MAX : (uint32_t)t.len, 4);
    put_bytes(w, t.ptr, t.len);
}

int pos_journal__encode_row(const struct pos_journal__row *row, uint8_t *out, size_t cap,
                            size_t *len, struct ps_reason *why)
{
    struct writer w = {out, cap, 0};
    uint8_t format = POS_JOURNAL_FORMAT;

    put_bytes(&w, &format, 1);
    put_i64(&w, row->seq);
    put_i64(&w, row->at);
    put_text(&w, row->kind);
    put_text(&w, row->operator_no);
    put_i64(&w, row->amount);
    put_text(&w, row->result);
    put_text(&w, row->reference);
    put_i64(&w, row->refers_to);
    put_text(&w, row->body);
    *len = w.len;
    if (w.len > cap)
        return ps_fail(why, PS_ESPACE, "record %lld: its encoding takes more than %zu bytes",
                       (long long)row->seq, cap);
    return 0;
}

int pos_journal_encode(const struct pos_journal_record *r, uint8_t *out, size_t cap, size_t *len,
                       struct ps_reason *why)
{
    struct pos_journal__row row;

    *len = 0;
    if (pos_journal_kind_name(r->kind) == NULL)
        return ps_fail(why, PS_EINVAL, "kind: %d is not defined", (int)r->kind);
    if (pos_journal_result_name(r->result) == NULL)
        return ps_fail(why, PS_EINVAL, "result: %d is not defined", (int)r->result);
    pos_journal__row_of(r, &row);
    return pos_journal__encode_row(&row, out, cap, len, why);
}
