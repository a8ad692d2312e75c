/* respond.c — the engine's answer as an 8583 message: for each kind, which request
 * fields are echoed and which the host adds, as docs/protocol.md ("Messages between
 * terminals and possumd") lists them. The table below is that list; each field has one
 * writer that knows when its value exists (38 only on an approval that has a code...).
 *
 * Nothing here allocates; numbers are written by hand rather than through printf,
 * since this runs once per message on the gateway threads. */
#include "host/txn/response.h"

#include <string.h>

/* A set of fields as a 64-bit mask: bit n - 1 stands for field n. */
#define F(n) (UINT64_C(1) << ((n)-1))

#define ECHO_COMMON (F(11) | F(41) | F(42) | F(60))
#define ECHO_CARD   (ECHO_COMMON | F(2) | F(3) | F(4) | F(14) | F(22) | F(25) | F(49) | F(61))
#define HOST_COMMON (F(12) | F(13) | F(39))
#define HOST_CARD   (HOST_COMMON | F(15) | F(37))

struct reply_def {
    uint64_t echo;      /* fields echoed when the request had them */
    uint64_t host;      /* fields the host adds when it has a value for them */
    unsigned type_code; /* 60.1 to echo: the request keeps its kind, not its 60.1 */
};

static const struct reply_def replies[TXN_KIND_COUNT] = {
    [TXN_UNKNOWN] = {F(11) | F(41) | F(42), HOST_COMMON, 0},
    [TXN_SIGN_IN] = {ECHO_COMMON, HOST_COMMON | F(37) | F(62), 0},
    [TXN_SIGN_OFF] = {ECHO_COMMON, HOST_COMMON, 0},
    [TXN_BALANCE] = {ECHO_CARD, HOST_CARD | F(54), 1},
    [TXN_PURCHASE] = {ECHO_CARD, HOST_CARD | F(38), 22},
    [TXN_VOID] = {ECHO_CARD, HOST_CARD, 23},
    [TXN_REFUND] = {ECHO_CARD, HOST_CARD, 25},
    [TXN_PREAUTH] = {ECHO_CARD, HOST_CARD | F(38), 10},
    [TXN_PREAUTH_VOID] = {ECHO_CARD, HOST_CARD, 11},
    [TXN_COMPLETION] = {ECHO_CARD, HOST_CARD | F(38), 20},
    [TXN_COMPLETION_VOID] = {ECHO_CARD, HOST_CARD, 21},
    [TXN_REVERSAL] = {ECHO_CARD, HOST_CARD, 0}, /* 60.1: the reversed kind's */
    [TXN_SETTLEMENT] = {ECHO_COMMON | F(49), HOST_COMMON | F(15) | F(48), 0},
    [TXN_BATCH_UPLOAD] = {ECHO_COMMON | F(48), HOST_COMMON, 0}, /* 48 at the end only */
    [TXN_PARAMS] = {ECHO_COMMON, HOST_COMMON | F(62), 0},
};

/* One txn_respond() call. */
struct reply {
    const struct txn_request *req;
    const struct txn_response *resp;
    struct ps_iso_msg *out;
    struct ps_reason *why;
    int approved;
};

/* Writes v as exactly width decimal digits (v has no more). */
static void put_digits(char *dst, size_t width, uint64_t v)
{
    for (size_t i = width; i > 0; i--, v /= 10)
        dst[i - 1] = (char)('0' + v % 10);
}

static int set_number(struct reply *r, int n, uint64_t v, size_t width)
{
    char digits[20];
    put_digits(digits, width, v);
    return ps_iso_set(r->out, n, digits, width, r->why);
}

/* strnlen() for the short fields of a request: a loop beats a library call there. */
static size_t text_len(const char *s, size_t cap)
{
    size_t n = 0;
    while (n < cap && s[n] != '\0')
        n++;
    return n;
}

/* A text value from the request or response; absent ("") means the field is left out. */
static int set_text(struct reply *r, int n, const char *s, size_t cap)
{
    size_t len = text_len(s, cap);
    return len == 0 ? 0 : ps_iso_set(r->out, n, s, len, r->why);
}

/* 2 and 14 are echoed when the request sent them, not when they came from track 2:
 * the card number read off a stripe does not travel back in the clear. */
static int write_pan(struct reply *r, int n)
{
    if (r->req->from_track2)
        return 0;
    return set_text(r, n, r->req->pan, sizeof(r->req->pan));
}

static int write_processing_code(struct reply *r, int n)
{
    return set_text(r, n, r->req->processing_code, sizeof(r->req->processing_code));
}

static int write_amount(struct reply *r, int n)
{
    return r->req->has_amount ? set_number(r, n, (uint64_t)r->req->amount, 12) : 0;
}

static int write_stan(struct reply *r, int n)
{
    return r->req->stan != 0 ? set_number(r, n, r->req->stan, 6) : 0;
}

static int write_local_time(struct reply *r, int n)
{
    return set_text(r, n, r->resp->local_time, sizeof(r->resp->local_time));
}

static int write_local_date(struct reply *r, int n)
{
    return set_text(r, n, r->resp->local_date, sizeof(r->resp->local_date));
}

static int write_expiry(struct reply *r, int n)
{
    if (!r->req->expiry_sent)
        return 0;
    return set_text(r, n, r->req->expiry, sizeof(r->req->expiry));
}

static int write_settle_date(struct reply *r, int n)
{
    const struct txn_response *resp = r->resp;
    return r->approved ? set_text(r, n, resp->settle_date, sizeof(resp->settle_date)) : 0;
}

static int write_entry_mode(struct reply *r, int n)
{
    return set_text(r, n, r->req->entry_mode, sizeof(r->req->entry_mode));
}

static int write_condition(struct reply *r, int n)
{
    return set_text(r, n, r->req->condition_code, sizeof(r->req->condition_code));
}

static int write_rrn(struct reply *r, int n)
{
    return set_text(r, n, r->resp->rrn, sizeof(r->resp->rrn));
}

static int write_auth_code(struct reply *r, int n)
{
    const struct txn_response *resp = r->resp;
    return r->approved ? set_text(r, n, resp->auth_code, sizeof(resp->auth_code)) : 0;
}

/* Every response says how it ended: a response without a code would be a bug. */
static int write_response_code(struct reply *r, int n)
{
    if (text_len(r->resp->response_code, sizeof(r->resp->response_code)) != 2)
        return ps_fail(r->why, PS_EINVAL, "field 39: the response has no 2-character code");
    return ps_iso_set(r->out, n, r->resp->response_code, 2, r->why);
}

static int write_tid(struct reply *r, int n)
{
    return set_text(r, n, r->req->tid, sizeof(r->req->tid));
}

static int write_mid(struct reply *r, int n)
{
    return set_text(r, n, r->req->mid, sizeof(r->req->mid));
}

/* Settlement: the totals with the host's result digit (the request's as sent when the
 * engine answered without counting them). End of a batch upload: the line count echoed. */
static int write_f48(struct reply *r, int n)
{
    const struct txn_request *req = r->req;

    if (req->kind == TXN_SETTLEMENT && r->resp->has_totals)
        return ps_cup_totals_set(r->out, &r->resp->totals, r->why);
    if (req->kind == TXN_SETTLEMENT && req->has_totals)
        return ps_cup_totals_set(r->out, &req->totals, r->why);
    if (req->kind == TXN_BATCH_UPLOAD && req->upload_last)
        return set_number(r, n, (uint64_t)req->upload_count, 4);
    return 0;
}

static int write_currency(struct reply *r, int n)
{
    return set_text(r, n, r->req->currency, sizeof(r->req->currency));
}

/* 54: account type 10 (default), amount type 02 (available), currency 156, C for a
 * credit balance or D for a debit one, 12 digits of fen. */
static int write_balance(struct reply *r, int n)
{
    char text[20] = {'1', '0', '0', '2', '1', '5', '6', 'C'};
    int64_t balance = r->resp->balance;

    if (!r->approved || !r->resp->has_balance)
        return 0;
    if (balance < 0) {
        text[7] = 'D';
        balance = -balance;
    }
    if (balance > INT64_C(999999999999))
        return ps_fail(r->why, PS_EINVAL, "field 54: the balance is over 12 digits");
    put_digits(text + 8, 12, (uint64_t)balance);
    return ps_iso_set(r->out, n, text, sizeof(text), r->why);
}

/* 60.1 as the request had it (for a reversal, the reversed kind's), 60.2 the request's
 * batch or, after a sign-in, the batch the terminal must use, 60.3 echoed. */
static int write_f60(struct reply *r, int n)
{
    const struct txn_request *req = r->req;
    enum txn_kind kind = req->kind == TXN_REVERSAL ? req->reversed_kind : req->kind;
    uint32_t batch = req->kind == TXN_SIGN_IN ? r->resp->batch : req->batch;
    char digits[11];

    if ((unsigned)kind >= TXN_KIND_COUNT || batch > 999999 || req->network_code > 999)
        return ps_fail(r->why, PS_EINVAL, "field 60: batch or network code out of range");
    put_digits(digits, 2, replies[kind].type_code);
    put_digits(digits + 2, 6, batch);
    put_digits(digits + 8, 3, req->network_code);
    return ps_iso_set(r->out, n, digits, sizeof(digits), r->why);
}

static int write_f61(struct reply *r, int n)
{
    const struct txn_request *req = r->req;
    char digits[16];
    size_t len = 12;

    if (!req->has_original)
        return 0;
    put_digits(digits, 6, req->original_batch);
    put_digits(digits + 6, 6, req->original_stan);
    if (text_len(req->original_date, sizeof(req->original_date)) == 4) {
        memcpy(digits + 12, req->original_date, 4);
        len = 16;
    }
    return ps_iso_set(r->out, n, digits, len, r->why);
}

static int write_f62(struct reply *r, int n)
{
    const struct txn_response *resp = r->resp;
    if (resp->f62_len == 0)
        return 0;
    if (resp->f62_len > sizeof(resp->f62))
        return ps_fail(r->why, PS_EINVAL, "field 62: %zu bytes", resp->f62_len);
    return ps_iso_set(r->out, n, resp->f62, resp->f62_len, r->why);
}

typedef int (*field_writer)(struct reply *r, int n);

/* Every field that replies[] names has its writer here; the tests answer every kind. */
static const field_writer writers[65] = {
    [2] = write_pan,
    [3] = write_processing_code,
    [4] = write_amount,
    [11] = write_stan,
    [12] = write_local_time,
    [13] = write_local_date,
    [14] = write_expiry,
    [15] = write_settle_date,
    [22] = write_entry_mode,
    [25] = write_condition,
    [37] = write_rrn,
    [38] = write_auth_code,
    [39] = write_response_code,
    [41] = write_tid,
    [42] = write_mid,
    [48] = write_f48,
    [49] = write_currency,
    [54] = write_balance,
    [60] = write_f60,
    [61] = write_f61,
    [62] = write_f62,
};

int txn_respond(const struct txn_request *req, const struct txn_response *resp,
                struct ps_iso_msg *out, struct ps_reason *why)
{
    static const uint8_t mac_placeholder[8] = {0};
    struct reply r = {req, resp, out, why, strncmp(resp->response_code, "00", 3) == 0};
    enum txn_kind kind = (unsigned)req->kind < TXN_KIND_COUNT ? req->kind : TXN_UNKNOWN;
    char mti[5];
    int rc;

    ps_iso_init(out, &ps_iso_cup);
    txn_response_mti(req->mti, mti);
    rc = ps_iso_set_mti(out, mti, why);
    for (uint64_t bits = replies[kind].echo | replies[kind].host; rc == 0 && bits != 0;
         bits &= bits - 1) {
        int n = __builtin_ctzll(bits) + 1;
        rc = writers[n](&r, n);
    }
    if (rc == 0 && resp->mac)
        rc = ps_iso_set(out, 64, mac_placeholder, sizeof(mac_placeholder), why);
    return rc;
}
