/* parse.c — a terminal's 8583 request read into struct txn_request: its kind told by
 * the Kinds table of docs/protocol.md ("Messages between terminals and possumd"), then
 * the fields that kind carries, each checked as the tables there say. The tables below
 * are that document as data; the code only walks them.
 *
 * Nothing here allocates. The clear PAN is copied into the request and nowhere else,
 * and no reason ever quotes it. */
#include "host/txn/request.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/checks/luhn.h"
#include "core/checks/paycode.h"
#include "core/tlv.h"

/* A set of fields as a 64-bit mask: bit n - 1 stands for field n. */
#define F(n) (UINT64_C(1) << ((n)-1))

#define COMMON        (F(11) | F(41) | F(42) | F(60))
#define CARD          (COMMON | F(3) | F(22) | F(25) | F(49))
#define CARD_OPTIONAL (F(2) | F(14) | F(35) | F(55) | F(63))
#define PIN_FIELDS    (F(52) | F(53))
#define CARD_PIN      (CARD_OPTIONAL | PIN_FIELDS)

/* When field 52 (the PIN block) must be present. */
enum pin_rule {
    PIN_NOT_READ = 0,  /* the kind carries no PIN: 52 is ignored */
    PIN_OPTIONAL,      /* read when present */
    PIN_BY_ENTRY_MODE, /* required when 22 ends in 1 ("PIN entered"): the issuer asks for
                          the PIN of debit cards, and the terminal says it has one */
    PIN_REQUIRED
};

/* What field 61 must hold. */
enum original_rule { ORIGINAL_NONE = 0, ORIGINAL_REFS, ORIGINAL_WITH_DATE };

/* What field 48 carries. */
enum f48_rule { F48_NONE = 0, F48_TOTALS, F48_UPLOAD };

/* docs/protocol.md, "Kinds": how a request's kind is told. A reversal (0400) is told
 * by the row of the message it reverses (its 3 and 60.1) and keeps that row's 25. */
struct kind_def {
    const char *name;      /* for reasons: "field 4: missing in a purchase" */
    const char *mti;       /* the request MTI; "0400" for reversals */
    const char *proc;      /* field 3, 'x' for any digit; NULL: the kind has no field 3 */
    const char *condition; /* field 25; NULL: the kind has none */
    unsigned type_code;    /* 60.1 */
    unsigned net_low;      /* 60.3 takes net_low to net_high */
    unsigned net_high;
    int reversible; /* a 0400 may name it */
};

static const struct kind_def kinds[TXN_KIND_COUNT] = {
    [TXN_SIGN_IN] = {"a sign-in", "0800", NULL, NULL, 0, 3, 4, 0},
    [TXN_SIGN_OFF] = {"a sign-off", "0820", NULL, NULL, 0, 2, 2, 0},
    [TXN_BALANCE] = {"a balance inquiry", "0200", "31xxxx", "00", 1, 0, 0, 0},
    [TXN_PURCHASE] = {"a purchase", "0200", "000000", "00", 22, 0, 0, 1},
    [TXN_VOID] = {"a void", "0200", "200000", "00", 23, 0, 0, 1},
    [TXN_REFUND] = {"a refund", "0220", "200000", "00", 25, 0, 0, 1},
    [TXN_PREAUTH] = {"a pre-authorization", "0100", "030000", "06", 10, 0, 0, 1},
    [TXN_PREAUTH_VOID] = {"a pre-authorization void", "0100", "200000", "06", 11, 0, 0, 1},
    [TXN_COMPLETION] = {"a completion", "0200", "000000", "06", 20, 0, 0, 1},
    [TXN_COMPLETION_VOID] = {"a completion void", "0200", "200000", "06", 21, 0, 0, 1},
    [TXN_REVERSAL] = {"a reversal", "0400", NULL, NULL, 0, 0, 0, 0},
    [TXN_SETTLEMENT] = {"a settlement", "0500", NULL, NULL, 0, 201, 201, 0},
    [TXN_BATCH_UPLOAD] = {"a batch upload", "0320", NULL, NULL, 0, 201, 202, 0},
    [TXN_PARAMS] = {"a parameter download", "0800", NULL, NULL, 0, 360, 360, 0},
};

/* docs/protocol.md, "Fields common to every message", "Card fields" and "Sign-in,
 * sign-off, settlement, batch upload": what each kind must carry and what it may. */
struct field_rules {
    uint64_t required;
    uint64_t optional; /* read and checked when present */
    uint8_t pin;       /* enum pin_rule */
    uint8_t original;  /* enum original_rule */
    uint8_t f48;       /* enum f48_rule */
    uint8_t card;      /* the PAN comes from 2, else from track 2 (35) */
    uint8_t paycode;   /* a payment code (59) may stand for the card: the QR payments of
                          docs/protocol.md, and their reversals */
};

static const struct field_rules rules[TXN_KIND_COUNT] = {
    [TXN_SIGN_IN] = {COMMON | F(63), 0, PIN_NOT_READ, ORIGINAL_NONE, F48_NONE, 0},
    [TXN_SIGN_OFF] = {COMMON, 0, PIN_NOT_READ, ORIGINAL_NONE, F48_NONE, 0},
    [TXN_BALANCE] = {CARD, CARD_PIN | F(4), PIN_REQUIRED, ORIGINAL_NONE, F48_NONE, 1},
    [TXN_PURCHASE] = {CARD | F(4), CARD_PIN | F(59), PIN_BY_ENTRY_MODE, ORIGINAL_NONE, F48_NONE, 1,
                      1},
    [TXN_VOID] = {CARD | F(4) | F(37) | F(61), CARD_PIN | F(59), PIN_OPTIONAL, ORIGINAL_REFS,
                  F48_NONE, 1, 1},
    [TXN_REFUND] = {CARD | F(4) | F(37) | F(61), CARD_PIN | F(59), PIN_OPTIONAL, ORIGINAL_WITH_DATE,
                    F48_NONE, 1, 1},
    [TXN_PREAUTH] = {CARD | F(4), CARD_PIN, PIN_BY_ENTRY_MODE, ORIGINAL_NONE, F48_NONE, 1},
    [TXN_PREAUTH_VOID] = {CARD | F(4) | F(38) | F(61), CARD_PIN, PIN_OPTIONAL, ORIGINAL_WITH_DATE,
                          F48_NONE, 1},
    [TXN_COMPLETION] = {CARD | F(4) | F(38) | F(61), CARD_PIN, PIN_BY_ENTRY_MODE,
                        ORIGINAL_WITH_DATE, F48_NONE, 1},
    [TXN_COMPLETION_VOID] = {CARD | F(4) | F(37) | F(38) | F(61), CARD_PIN, PIN_OPTIONAL,
                             ORIGINAL_REFS, F48_NONE, 1},
    /* 61 as the reversed kind's rule says; 37 and 38 when the reversed message had
     * them; no PIN */
    [TXN_REVERSAL] = {CARD | F(4) | F(39), CARD_OPTIONAL | F(37) | F(38) | F(59) | F(61),
                      PIN_NOT_READ, ORIGINAL_NONE, F48_NONE, 1},
    [TXN_SETTLEMENT] = {COMMON | F(48) | F(49), F(63), PIN_NOT_READ, ORIGINAL_NONE, F48_TOTALS, 0},
    [TXN_BATCH_UPLOAD] = {COMMON | F(48), 0, PIN_NOT_READ, ORIGINAL_NONE, F48_UPLOAD, 0},
    [TXN_PARAMS] = {COMMON, F(63), PIN_NOT_READ, ORIGINAL_NONE, F48_NONE, 0},
};

/* One txn_parse() call. */
struct parse {
    const struct ps_iso_msg *m;
    struct txn_request *req;
    const struct kind_def *def;      /* the request's kind; NULL while unknown */
    const struct field_rules *rules; /* and what it carries */
    enum txn_kind orig;              /* the reversed kind in a reversal, else the kind */
    int f60_rc;                      /* field 60 is split once, before the kind is told */
    struct ps_cup_f60 f60;
    struct ps_reason f60_why;
};

/* Records the first problem only (the one the terminal is told) and says PS_EFORMAT. */
static int fail(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parse *p, const char *fmt, ...)
{
    if (!p->req->format_error) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->req->reason, sizeof(p->req->reason), fmt, ap);
        va_end(ap);
        p->req->format_error = 1;
    }
    return PS_EFORMAT;
}

/* The number in v[off..off + n), or -1 when that is not n digits. */
static int64_t digits_at(const struct ps_iso_value *v, size_t off, size_t n)
{
    int64_t x = 0;
    if (off + n > v->len)
        return -1;
    for (size_t i = off; i < off + n; i++) {
        unsigned d = (unsigned)v->ptr[i] - '0';
        if (d > 9)
            return -1;
        x = x * 10 + d;
    }
    return x;
}

/* Copies a text value into a NUL-terminated buffer of cap bytes, cut to fit. */
static void copy_value(char *dst, size_t cap, const struct ps_iso_value *v)
{
    size_t n = v->len < cap - 1 ? v->len : cap - 1;
    memcpy(dst, v->ptr, n);
    dst[n] = '\0';
}

static int all_digits(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((unsigned)s[i] - '0' > 9)
            return 0;
    }
    return 1;
}

/* --- the kind ------------------------------------------------------------------------ */

static int proc_fits(const char *pattern, const struct ps_iso_value *v)
{
    if (v->len != 6)
        return 0;
    for (int i = 0; i < 6; i++) {
        if (pattern[i] != 'x' && pattern[i] != (char)v->ptr[i])
            return 0;
    }
    return 1;
}

/* The rows a request MTI can be: the row of that MTI, or for 0400 every kind that can
 * be reversed. */
static uint32_t rows_of_mti(const char *mti)
{
    int reversal = memcmp(mti, kinds[TXN_REVERSAL].mti, 5) == 0;
    uint32_t rows = 0;
    for (int k = 1; k < TXN_KIND_COUNT; k++) {
        if (k == TXN_REVERSAL)
            continue;
        if (reversal ? kinds[k].reversible : memcmp(kinds[k].mti, mti, 5) == 0)
            rows |= 1u << k;
    }
    return rows;
}

/* A row without a field 3 (sign-in...) ignores it. */
static uint32_t rows_with_proc(uint32_t rows, const struct ps_iso_value *f3)
{
    uint32_t keep = 0;
    for (int k = 1; k < TXN_KIND_COUNT; k++) {
        if ((rows >> k & 1) && (kinds[k].proc == NULL || proc_fits(kinds[k].proc, f3)))
            keep |= 1u << k;
    }
    return keep;
}

static uint32_t rows_with_type(uint32_t rows, unsigned type_code)
{
    uint32_t keep = 0;
    for (int k = 1; k < TXN_KIND_COUNT; k++) {
        if ((rows >> k & 1) && kinds[k].type_code == type_code)
            keep |= 1u << k;
    }
    return keep;
}

/* Of rows that share MTI and 60.1 (0800: a sign-in or a parameter download), the one
 * whose 60.3 range holds code; all of them when none does, so that the reason names
 * what the MTI's first kind expects. */
static uint32_t rows_with_net(uint32_t rows, unsigned code)
{
    uint32_t keep = 0;
    for (int k = 1; k < TXN_KIND_COUNT; k++) {
        if ((rows >> k & 1) && code >= kinds[k].net_low && code <= kinds[k].net_high)
            keep |= 1u << k;
    }
    return keep != 0 ? keep : rows & -rows;
}

/* Nonzero when every row in rows has the same 60.1. */
static int same_type_code(uint32_t rows)
{
    int first = __builtin_ctz(rows);
    for (int k = first + 1; k < TXN_KIND_COUNT; k++) {
        if ((rows >> k & 1) && kinds[k].type_code != kinds[first].type_code)
            return 0;
    }
    return 1;
}

static int no_row_for_type(struct parse *p, const struct ps_iso_value *f3)
{
    if (f3 == NULL)
        return fail(p, "field 60.1: %02u does not fit MTI %s", p->f60.type_code, p->req->mti);
    return fail(p, "field 60.1: %02u does not fit MTI %s with field 3 %.*s", p->f60.type_code,
                p->req->mti, (int)f3->len, (const char *)f3->ptr);
}

/* Narrows the rows of the MTI by field 3 (when present) and 60.1 (when 60 splits). The
 * kind is told when one row is left; when more are, a field that tells them apart was
 * missing or unreadable. */
static int classify(struct parse *p, enum txn_kind *out)
{
    const char *mti = p->req->mti;
    const struct ps_iso_value *f3 = ps_iso_get(p->m, 3);
    uint32_t rows = rows_of_mti(mti);

    if (rows == 0)
        return fail(p, "MTI %s: not a request possumd takes", mti);
    if (f3 != NULL && (rows = rows_with_proc(rows, f3)) == 0)
        return fail(p, "field 3: %.*s does not fit MTI %s", (int)f3->len, (const char *)f3->ptr,
                    mti);
    if (p->f60_rc == 0 && (rows = rows_with_type(rows, p->f60.type_code)) == 0)
        return no_row_for_type(p, f3);
    if ((rows & (rows - 1)) && p->f60_rc == 0 && p->f60.has_network_code)
        rows = rows_with_net(rows, p->f60.network_code);
    /* rows told apart by 60.3 alone (0800) without a usable 60.3: the first, whose
     * rules then name what is missing ("field 60: missing in a sign-in") */
    if ((rows & (rows - 1)) && same_type_code(rows))
        rows &= -rows;
    if (rows & (rows - 1)) { /* every MTI's rows differ in 60.1: 60 is unusable */
        if (p->f60_rc == PS_EUNDEFINED)
            return fail(p, "field 60: missing; MTI %s needs 60.1 to tell the kind", mti);
        return fail(p, "%s", p->f60_why.text);
    }
    *out = (enum txn_kind)__builtin_ctz(rows);
    return 0;
}

/* --- field by field -------------------------------------------------------------------- */

/* 13 to 19 digits (ISO/IEC 7812-1). Whether the check digit is right is the issuer's
 * business: a Luhn failure is answered 14 (invalid card), not 30. */
static int pan_length_ok(size_t n)
{
    return n >= 13 && n <= 19;
}

/* YYMM with a month 01 to 12. Whether the card has expired is the issuer's business. */
static int expiry_ok(const uint8_t *s)
{
    if (!all_digits(s, 4))
        return 0;
    unsigned month = (unsigned)(s[2] - '0') * 10 + (unsigned)(s[3] - '0');
    return month >= 1 && month <= 12;
}

static int read_pan(struct parse *p, const struct ps_iso_value *v)
{
    if (!pan_length_ok(v->len))
        return fail(p, "field 2: %u digits; a card number has 13 to 19", v->len);
    copy_value(p->req->pan, sizeof(p->req->pan), v);
    return 0;
}

static int read_processing_code(struct parse *p, const struct ps_iso_value *v)
{
    copy_value(p->req->processing_code, sizeof(p->req->processing_code), v);
    return 0;
}

/* Any 12-digit amount is read: zero is not a format error but an invalid amount, which
 * the engine answers with 13. */
static int read_amount(struct parse *p, const struct ps_iso_value *v)
{
    int64_t amount = digits_at(v, 0, v->len);
    if (v->len == 0 || v->len > 12 || amount < 0)
        return fail(p, "field 4: not an amount of 1 to 12 digits");
    p->req->amount = amount;
    p->req->has_amount = 1;
    return 0;
}

static int read_stan(struct parse *p, const struct ps_iso_value *v)
{
    int64_t stan = v->len == 6 ? digits_at(v, 0, 6) : -1;
    if (stan < 0)
        return fail(p, "field 11: not 6 digits");
    p->req->stan = (uint32_t)stan;
    if (stan == 0)
        return fail(p, "field 11: 000000; a trace number is 000001 to 999999");
    return 0;
}

static int read_expiry(struct parse *p, const struct ps_iso_value *v)
{
    if (v->len != 4 || !expiry_ok(v->ptr))
        return fail(p, "field 14: not an expiry date YYMM");
    copy_value(p->req->expiry, sizeof(p->req->expiry), v);
    p->req->expiry_sent = 1;
    return 0;
}

static int read_entry_mode(struct parse *p, const struct ps_iso_value *v)
{
    if (v->len != 3 || !all_digits(v->ptr, 3))
        return fail(p, "field 22: not 3 digits");
    copy_value(p->req->entry_mode, sizeof(p->req->entry_mode), v);
    return 0;
}

static int read_condition(struct parse *p, const struct ps_iso_value *v)
{
    copy_value(p->req->condition_code, sizeof(p->req->condition_code), v);
    const char *want = kinds[p->orig].condition;
    if (v->len != 2 || memcmp(v->ptr, want, 2) != 0)
        return fail(p, "field 25: %s in %s; %s expected", p->req->condition_code, p->def->name,
                    want);
    return 0;
}

/* Track 2: PAN '=' YYMM service code .... The PAN and expiry come from here only when
 * 2 and 14 are absent; when 2 is present the track must name the same card. */
static int read_track2(struct parse *p, const struct ps_iso_value *v)
{
    struct txn_request *req = p->req;
    const uint8_t *sep = memchr(v->ptr, '=', v->len);
    size_t pan_len = sep != NULL ? (size_t)(sep - v->ptr) : 0;
    size_t after = sep != NULL ? v->len - pan_len - 1 : 0;

    if (sep == NULL)
        return fail(p, "field 35: no '=' after the card number");
    if (!pan_length_ok(pan_len))
        return fail(p, "field 35: the card number has %zu digits; 13 to 19 expected", pan_len);
    if (!ps_iso_has(p->m, 2)) {
        memcpy(req->pan, v->ptr, pan_len);
        req->pan[pan_len] = '\0';
        req->from_track2 = 1;
    } else if (req->pan[0] != '\0' &&
               (strlen(req->pan) != pan_len || memcmp(req->pan, v->ptr, pan_len) != 0)) {
        return fail(p, "field 35: the card number differs from field 2");
    }
    if (ps_iso_has(p->m, 14))
        return 0;
    if (after < 4 || !expiry_ok(sep + 1))
        return fail(p, "field 35: no expiry date YYMM after '='");
    memcpy(req->expiry, sep + 1, 4);
    req->expiry[4] = '\0';
    return 0;
}

static int read_original_rrn(struct parse *p, const struct ps_iso_value *v)
{
    copy_value(p->req->original_rrn, sizeof(p->req->original_rrn), v);
    return 0;
}

static int read_original_auth(struct parse *p, const struct ps_iso_value *v)
{
    copy_value(p->req->original_auth, sizeof(p->req->original_auth), v);
    return 0;
}

static int read_reversal_reason(struct parse *p, const struct ps_iso_value *v)
{
    copy_value(p->req->reversal_reason, sizeof(p->req->reversal_reason), v);
    return 0;
}

static int read_tid(struct parse *p, const struct ps_iso_value *v)
{
    copy_value(p->req->tid, sizeof(p->req->tid), v);
    return 0;
}

static int read_mid(struct parse *p, const struct ps_iso_value *v)
{
    copy_value(p->req->mid, sizeof(p->req->mid), v);
    return 0;
}

static int read_settlement_totals(struct parse *p, const struct ps_iso_value *v)
{
    struct txn_request *req = p->req;
    struct ps_reason why;

    if (ps_cup_totals_parse(v, &req->totals, &why) != 0)
        return fail(p, "%s", why.text);
    if (req->totals.domestic.result != PS_CUP_SETTLE_REQUEST ||
        (req->totals.has_foreign && req->totals.foreign.result != PS_CUP_SETTLE_REQUEST))
        return fail(p, "field 48: result digit not 0; the terminal sends 0");
    req->has_totals = 1;
    return 0;
}

/* The lengths a batch-upload PAN is tried at, in order. 48 carries it in 20 digits,
 * left-aligned and zero-filled, so a card number ending in zeros cannot be told from
 * its fill for certain. The rule: the first of these lengths whose prefix passes Luhn
 * and is followed only by zeros. 16 and 19 (UnionPay credit and debit cards) come
 * first; 16 before 19 because a 16-digit PAN plus "000" passes Luhn one time in ten,
 * while a 19-digit PAN ending in "000" is rare. When no length fits (a number the
 * issuer would refuse anyway), the digits up to the last non-zero one, at least 13. */
static const uint8_t upload_pan_lengths[] = {16, 19, 13, 14, 15, 17, 18};

static int zeros_from(const uint8_t *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (s[i] != '0')
            return 0;
    }
    return 1;
}

static size_t upload_pan_length(const uint8_t *digits20)
{
    size_t n = 19;
    for (size_t i = 0; i < PS_ARRAY_LEN(upload_pan_lengths); i++) {
        size_t len = upload_pan_lengths[i];
        if (zeros_from(digits20, len, 20) &&
            ps_luhn_validate((const char *)digits20, len, NULL) == 0)
            return len;
    }
    while (n > 13 && digits20[n - 1] == '0')
        n--;
    return n;
}

/* n2 count, then per line n40: card type n2, STAN n6, PAN n20, amount n12. */
static int read_upload_lines(struct parse *p, const struct ps_iso_value *v)
{
    struct txn_request *req = p->req;
    int64_t count = digits_at(v, 0, 2);

    if (count < 1 || count > TXN_UPLOAD_MAX)
        return fail(p, "field 48: the line count is not 01 to %02d", TXN_UPLOAD_MAX);
    if (v->len != 2 + 40 * count)
        return fail(p, "field 48: %u digits; %d lines need %d", v->len, (int)count,
                    (int)(2 + 40 * count));
    for (int i = 0; i < count; i++) {
        const uint8_t *at = v->ptr + 2 + 40 * i;
        struct txn_upload_line *line = &req->upload[i];
        int64_t type = digits_at(v, 2 + 40 * (size_t)i, 2);
        if (type != 0 && type != 1)
            return fail(p, "field 48: line %d: card type is not 00 or 01", i + 1);
        if (at[27] != '0')
            return fail(p, "field 48: line %d: the card number has 20 digits", i + 1);
        size_t pan_len = upload_pan_length(at + 8);
        line->foreign = (int)type;
        line->stan = (uint32_t)digits_at(v, 4 + 40 * (size_t)i, 6);
        memcpy(line->pan, at + 8, pan_len);
        line->pan[pan_len] = '\0';
        line->amount = digits_at(v, 30 + 40 * (size_t)i, 12);
        req->upload_count = i + 1;
    }
    return 0;
}

/* Field 48 of a batch upload, by 60.3: 201 lines, 202 the end (n4, the lines sent).
 * When 60 is unusable the 60 check names the problem. */
static int read_upload(struct parse *p, const struct ps_iso_value *v)
{
    if (p->f60_rc != 0 || !p->f60.has_network_code)
        return 0;
    if (p->f60.network_code == 201)
        return read_upload_lines(p, v);
    if (p->f60.network_code != 202)
        return 0;
    int64_t lines = v->len == 4 ? digits_at(v, 0, 4) : -1;
    if (lines < 0)
        return fail(p, "field 48: %u digits; the end of an upload carries 4", v->len);
    p->req->upload_count = (int)lines;
    return 0;
}

static int read_f48(struct parse *p, const struct ps_iso_value *v)
{
    if (p->rules->f48 == F48_TOTALS)
        return read_settlement_totals(p, v);
    if (p->rules->f48 == F48_UPLOAD)
        return read_upload(p, v);
    return 0;
}

static int read_currency(struct parse *p, const struct ps_iso_value *v)
{
    copy_value(p->req->currency, sizeof(p->req->currency), v);
    if (memcmp(p->req->currency, "156", 4) != 0)
        return fail(p, "field 49: currency %s; possumd takes 156 (CNY) only", p->req->currency);
    return 0;
}

/* The block itself is the security step's (txn_pin_proof); here only its companion. */
static int read_pin_block(struct parse *p, const struct ps_iso_value *v)
{
    (void)v;
    if (!ps_iso_has(p->m, 53))
        return fail(p, "field 53: missing; field 52 needs it");
    return 0;
}

/* 53.1 PIN block format 2 (ISO 9564 format 0, with the PAN), 53.2 encryption 6
 * (double-length 3DES): the only PIN blocks txn_pin_proof() reads. */
static int read_security_control(struct parse *p, const struct ps_iso_value *v)
{
    if (v->len < 2 || v->ptr[0] != '2' || v->ptr[1] != '6')
        return fail(p, "field 53: not 26...; format 0 with the PAN under a double-length key");
    return 0;
}

static int read_icc_data(struct parse *p, const struct ps_iso_value *v)
{
    struct ps_reason why;
    if (ps_tlv_validate(v->ptr, v->len, &why) == 0)
        return 0;
    const char *text = why.text;
    if (strncmp(text, "tlv: ", 5) == 0)
        text += 5;
    return fail(p, "field 55: %s", text);
}

/* "000", "003 or 004": the 60.3 values def takes, for reasons. */
static const char *net_codes_text(const struct kind_def *def, char text[16])
{
    if (def->net_low == def->net_high)
        snprintf(text, 16, "%03u", def->net_low);
    else
        snprintf(text, 16, "%03u or %03u", def->net_low, def->net_high);
    return text;
}

/* 60 was split before the kind was told; here its parts are kept and 60.3 checked. */
static int read_f60(struct parse *p, const struct ps_iso_value *v)
{
    struct txn_request *req = p->req;

    (void)v;
    if (p->f60_rc != 0)
        return fail(p, "%s", p->f60_why.text);
    req->batch = p->f60.batch;
    req->network_code = p->f60.network_code;
    if (p->def == NULL)
        return 0;
    unsigned code = p->f60.network_code;
    char text[16];
    if (!p->f60.has_network_code)
        return fail(p, "field 60.3: missing in %s; %s expected", p->def->name,
                    net_codes_text(p->def, text));
    if (code < p->def->net_low || code > p->def->net_high)
        return fail(p, "field 60.3: %03u in %s; %s expected", code, p->def->name,
                    net_codes_text(p->def, text));
    req->upload_last = req->kind == TXN_BATCH_UPLOAD && p->f60.network_code == 202;
    return 0;
}

static int read_f61(struct parse *p, const struct ps_iso_value *v)
{
    struct txn_request *req = p->req;
    struct ps_cup_f61 f61;
    struct ps_reason why;

    if (ps_cup_f61_parse(v, &f61, &why) != 0)
        return fail(p, "%s", why.text);
    req->has_original = 1;
    req->original_batch = f61.batch;
    req->original_stan = f61.stan;
    memcpy(req->original_date, f61.date, sizeof(req->original_date));
    if (rules[p->orig].original == ORIGINAL_WITH_DATE && !f61.has_date)
        return fail(p, "field 61.3: missing in %s; the original's date MMDD", p->def->name);
    return 0;
}

/* 63.1: the operator, 3 printable characters (the journal keeps them as text). */
static int read_operator(struct parse *p, const struct ps_iso_value *v)
{
    if (v->len < 3)
        return fail(p, "field 63: %u characters; the operator needs 3", v->len);
    for (int i = 0; i < 3; i++) {
        if (v->ptr[i] < 0x20 || v->ptr[i] > 0x7e)
            return fail(p, "field 63: the operator is not 3 printable characters");
    }
    memcpy(p->req->operator_id, v->ptr, 3);
    p->req->operator_id[3] = '\0';
    return 0;
}

/* The card fields a payment code stands in for: a request carries one or the other. */
#define PAYCODE_EXCLUDES (F(2) | F(14) | F(35) | F(52) | F(53))

/* 59: the customer's payment code (docs/protocol.md, "QR payments"), in the kinds
 * whose rule (or, in a reversal, the reversed kind's rule) allows one. The code is a
 * bearer token like a PAN, so no reason quotes it. */
static int read_paycode(struct parse *p, const struct ps_iso_value *v)
{
    struct txn_request *req = p->req;
    enum ps_paycode_scheme scheme = 0;
    struct ps_reason why;

    if (!rules[p->orig].paycode)
        return fail(p, "field 59: a payment code pays purchases only, not %s", kinds[p->orig].name);
    if (ps_paycode_identify((const char *)v->ptr, v->len, &scheme, &why) != 0) {
        /* its list of prefixes does not fit a reason after "field 59: " */
        if (strncmp(why.text, "a payment code starting", 23) == 0)
            return fail(p,
                        "field 59: a code starting %.2s is no scheme's; WeChat Pay 10-15, "
                        "Alipay 25-30, UnionPay QR 62",
                        (const char *)v->ptr);
        return fail(p, "field 59: %s", why.text);
    }
    for (int n = 2; n <= 53; n++) {
        if ((PAYCODE_EXCLUDES & F(n)) && ps_iso_has(p->m, n))
            return fail(p,
                        "field 59: sent with field %d; a request carries a card or a "
                        "payment code, never both",
                        n);
    }
    if (strcmp(req->entry_mode, "032") != 0)
        return fail(p, "field 22: %s with a payment code; 032 (a code scanned, no PIN) expected",
                    req->entry_mode[0] != '\0' ? req->entry_mode : "missing");
    memcpy(req->paycode, v->ptr, v->len); /* identify() kept it to 24 digits */
    req->paycode[v->len] = '\0';
    req->paycode_scheme = (int)scheme;
    return 0;
}

typedef int (*field_reader)(struct parse *p, const struct ps_iso_value *v);

/* Every field a kind may require or read has its reader here. */
static const field_reader readers[65] = {
    [2] = read_pan,
    [3] = read_processing_code,
    [4] = read_amount,
    [11] = read_stan,
    [14] = read_expiry,
    [22] = read_entry_mode,
    [25] = read_condition,
    [35] = read_track2,
    [37] = read_original_rrn,
    [38] = read_original_auth,
    [39] = read_reversal_reason,
    [41] = read_tid,
    [42] = read_mid,
    [48] = read_f48,
    [49] = read_currency,
    [52] = read_pin_block,
    [53] = read_security_control,
    [55] = read_icc_data,
    [59] = read_paycode,
    [60] = read_f60,
    [61] = read_f61,
    [63] = read_operator,
};

/* A payment code (59) in a kind that may carry one replaces the card: no PAN needed. */
static int paycode_stands_in(const struct parse *p)
{
    return rules[p->orig].paycode && ps_iso_has(p->m, 59);
}

/* An absent field: fine when optional, a format error when required. The PAN may come
 * from track 2 instead, and the PIN block is required by kind or by entry mode. */
static int missing(struct parse *p, int n, uint64_t need)
{
    if (p->def == NULL) /* an unknown kind: its reason is said already */
        return 0;
    const char *name = p->def->name;
    if (n == 2 && p->rules->card && !ps_iso_has(p->m, 35) && !paycode_stands_in(p)) {
        if (ps_iso_has(p->m, 59)) /* a code where only a card will do: say so */
            return fail(p, "field 59: a payment code pays purchases only, not %s",
                        kinds[p->orig].name);
        return fail(p, "field 2: missing in %s, and no track 2 (35) to read it from", name);
    }
    if (n == 52 && p->rules->pin == PIN_BY_ENTRY_MODE && p->req->entry_mode[2] == '1')
        return fail(p, "field 52: missing in %s whose field 22 says PIN entered", name);
    if (need & F(n))
        return fail(p, "field %d: missing in %s", n, name);
    return 0;
}

/* Reads every field of want in field order, so the first problem reported is the
 * lowest-numbered one, and every other field is still read. */
static void read_fields(struct parse *p, uint64_t need, uint64_t want)
{
    for (uint64_t bits = want; bits != 0; bits &= bits - 1) {
        int n = __builtin_ctzll(bits) + 1;
        const struct ps_iso_value *v = ps_iso_get(p->m, n);
        if (v == NULL)
            missing(p, n, need);
        else if (readers[n] != NULL)
            readers[n](p, v);
    }
}

static void clear_request(struct txn_request *req)
{
    /* the security step's fields belong to the gateway: kept as they are */
    enum txn_mac_status mac = req->mac;
    enum txn_pin_status pin = req->pin;
    uint8_t proof[sizeof(req->pin_proof)];

    memcpy(proof, req->pin_proof, sizeof(proof));
    memset(req, 0, sizeof(*req));
    req->mac = mac;
    req->pin = pin;
    memcpy(req->pin_proof, proof, sizeof(proof));
}

int txn_parse(const struct ps_iso_msg *m, struct txn_request *req)
{
    struct parse p = {.m = m, .req = req};
    const struct ps_iso_value *f60 = ps_iso_get(m, 60);
    enum txn_kind kind = TXN_UNKNOWN;

    clear_request(req);
    memcpy(req->mti, m->mti, sizeof(req->mti));
    p.f60_rc = f60 != NULL ? ps_cup_f60_parse(f60, &p.f60, &p.f60_why) : PS_EUNDEFINED;
    if (classify(&p, &kind) != 0) {
        read_fields(&p, 0, COMMON); /* what identifies it, for the journal */
        req->fingerprint = txn_fingerprint(req);
        return PS_EUNDEFINED;
    }
    int reversal = memcmp(req->mti, kinds[TXN_REVERSAL].mti, 5) == 0;
    req->kind = reversal ? TXN_REVERSAL : kind;
    req->reversed_kind = reversal ? kind : TXN_UNKNOWN;
    p.def = &kinds[req->kind];
    p.rules = &rules[req->kind];
    p.orig = kind;
    uint64_t need = p.rules->required;
    if (p.rules->pin == PIN_REQUIRED)
        need |= F(52);
    if (reversal && rules[kind].original != ORIGINAL_NONE)
        need |= F(61);
    read_fields(&p, need, need | p.rules->optional);
    req->fingerprint = txn_fingerprint(req);
    return req->format_error ? PS_EFORMAT : 0;
}

/* --- the fingerprint ----------------------------------------------------------------- */

/* The content is laid out in a buffer (strings with their lengths, so "12" + "3" and
 * "1" + "23" differ) and hashed 8 bytes at a time: FNV-1a's xor-then-multiply on
 * words, with a shift to fold the high bits back, and a final mix. A byte-wise FNV-1a
 * cost a fifth of parse + respond; this is a few dozen cycles. The fingerprint is
 * only compared with that of a request with the same terminal, batch, STAN and kind.
 * PANs are hashed where they are, never copied (the request is their only place). */
#define MIX_PRIME   UINT64_C(0x9E3779B97F4A7C15)
#define HASH_SEED   UINT64_C(0xcbf29ce484222325)
#define CONTENT_MAX 80 /* content_card() writes at most 71 bytes */

struct content {
    uint8_t bytes[CONTENT_MAX];
    size_t len;
};

static void put_u64(struct content *c, uint64_t v)
{
    memcpy(c->bytes + c->len, &v, 8);
    c->len += 8;
}

/* strnlen() for the short fields of a request: a loop beats a library call there. */
static size_t text_len(const char *s, size_t cap)
{
    size_t n = 0;
    while (n < cap && s[n] != '\0')
        n++;
    return n;
}

static void put_str(struct content *c, const char *s, size_t cap)
{
    size_t n = text_len(s, cap);
    c->bytes[c->len++] = (uint8_t)n;
    memcpy(c->bytes + c->len, s, n);
    c->len += n;
}

static uint64_t hash_words(uint64_t h, const uint8_t *p, size_t len)
{
    uint64_t w;
    for (; len >= 8; p += 8, len -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * MIX_PRIME;
        h ^= h >> 29;
    }
    w = (uint64_t)len << 56; /* the tail, with its length */
    memcpy(&w, p, len);
    h = (h ^ w) * MIX_PRIME;
    h ^= h >> 32;
    h *= MIX_PRIME;
    return h ^ (h >> 29);
}

/* Everything but the PAN, settlement totals and upload lines. */
static void content_card(struct content *c, const struct txn_request *req)
{
    put_u64(c, (uint64_t)req->kind << 8 | (uint64_t)req->reversed_kind);
    put_u64(c, req->has_amount ? (uint64_t)req->amount : UINT64_MAX);
    put_u64(c, (uint64_t)req->has_original << 62 | (uint64_t)req->original_batch << 24 |
                   req->original_stan);
    put_str(c, req->processing_code, sizeof(req->processing_code));
    put_str(c, req->currency, sizeof(req->currency));
    put_str(c, req->expiry, sizeof(req->expiry));
    put_str(c, req->original_rrn, sizeof(req->original_rrn));
    put_str(c, req->original_auth, sizeof(req->original_auth));
    put_str(c, req->original_date, sizeof(req->original_date));
}

static uint64_t hash_side(uint64_t h, const struct ps_cup_side_totals *s)
{
    uint64_t words[4] = {(uint64_t)s->debit_amount, s->debit_count, (uint64_t)s->credit_amount,
                         s->credit_count};
    return hash_words(h, (const uint8_t *)words, sizeof(words));
}

static uint64_t hash_batch_content(uint64_t h, const struct txn_request *req)
{
    if (req->has_totals) {
        h = hash_side(h, &req->totals.domestic);
        h = hash_side(h ^ (uint64_t)req->totals.has_foreign, &req->totals.foreign);
    }
    if (req->kind != TXN_BATCH_UPLOAD)
        return h;
    uint64_t count = (uint64_t)req->upload_count << 1 | (uint64_t)req->upload_last;
    h = hash_words(h, (const uint8_t *)&count, sizeof(count));
    for (int i = 0; !req->upload_last && i < req->upload_count && i < TXN_UPLOAD_MAX; i++) {
        const struct txn_upload_line *l = &req->upload[i];
        uint64_t words[2] = {(uint64_t)l->stan << 1 | (uint64_t)l->foreign, (uint64_t)l->amount};
        h = hash_words(h, (const uint8_t *)words, sizeof(words));
        h = hash_words(h, (const uint8_t *)l->pan, text_len(l->pan, sizeof(l->pan)));
    }
    return h;
}

/* The terminal, batch, STAN and kind are the key the fingerprint is compared under, so
 * they are left out; the PIN proof too: a retransmission carries the same block. */
uint64_t txn_fingerprint(const struct txn_request *req)
{
    struct content c;

    c.len = 0;
    content_card(&c, req);
    uint64_t h = hash_words(HASH_SEED, c.bytes, c.len);
    h = hash_words(h, (const uint8_t *)req->pan, text_len(req->pan, sizeof(req->pan)));
    h = hash_words(h, (const uint8_t *)req->paycode, text_len(req->paycode, sizeof(req->paycode)));
    return hash_batch_content(h, req);
}
