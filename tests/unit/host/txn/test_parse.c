/* txn_parse(): every kind of docs/protocol.md built the way a CUP terminal sends it,
 * packed and unpacked by the codec as the gateway would, then read into a request;
 * every required field left out in turn; malformed composite fields; unknown kinds;
 * and the fingerprint. */
#include "testing.h"

#include <stdio.h>

#include "core/checks/paycode.h"
#include "core/iso8583/cup_fields.h"
#include "host/txn/request.h"

#define PAN19       "6222021234567890128"      /* Luhn-valid UnionPay debit card */
#define PAN16       "6225880000000019"         /* Luhn-valid UnionPay credit card */
#define WECHAT_CODE "134567890123456789"       /* a WeChat Pay payment code */
#define ALIPAY_CODE "281234567890123456789012" /* an Alipay one, the longest */

struct fx {
    struct ps_iso_msg sent;
    struct ps_iso_msg got;
    uint8_t wire[PS_ISO_MAX_MESSAGE];
    struct txn_request req;
};

static int setup(void **state)
{
    *state = calloc(1, sizeof(struct fx));
    return *state == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static void set(struct ps_iso_msg *m, int n, const char *value)
{
    assert_int_equal(ps_iso_set_str(m, n, value, NULL), 0);
}

static void set_bytes(struct ps_iso_msg *m, int n, const char *hex)
{
    uint8_t buf[256];
    size_t len = unhex(hex, buf, sizeof(buf));
    assert_int_equal(ps_iso_set(m, n, buf, len, NULL), 0);
}

/* What every message carries: 11, 41, 42, 60 and (but for sign-in) a MAC. */
static void common(struct ps_iso_msg *m, const char *mti, const char *f60)
{
    ps_iso_init(m, &ps_iso_cup);
    assert_int_equal(ps_iso_set_mti(m, mti, NULL), 0);
    set(m, 11, "000123");
    set(m, 41, "20250001");
    set(m, 42, "898310048160001");
    set(m, 60, f60);
    if (strcmp(mti, "0800") != 0)
        set_bytes(m, 64, "0000000000000000");
}

/* A card message keyed or read from a chip: 2, 3, 4, 14, 22, 25, 49, and 52/53 when the
 * entry mode says a PIN was entered. */
static void card(struct ps_iso_msg *m, const char *mti, const char *proc, const char *cond,
                 const char *f60, const char *entry)
{
    common(m, mti, f60);
    set(m, 2, PAN19);
    set(m, 3, proc);
    if (strcmp(proc, "310000") != 0)
        set(m, 4, "000000012345");
    set(m, 14, "2812");
    set(m, 22, entry);
    set(m, 25, cond);
    set(m, 49, "156");
    if (entry[2] == '1') {
        set_bytes(m, 52, "0123456789ABCDEF");
        set(m, 53, "2600000000000000");
    }
}

/* Every kind as a terminal sends it. */
static void build(struct ps_iso_msg *m, enum txn_kind kind)
{
    switch (kind) {
    case TXN_SIGN_IN:
        common(m, "0800", "00000007003");
        set(m, 63, "001");
        break;
    case TXN_SIGN_OFF:
        common(m, "0820", "00000007002");
        break;
    case TXN_PARAMS:
        common(m, "0800", "00000007360");
        set(m, 63, "001");
        break;
    case TXN_BALANCE:
        card(m, "0200", "310000", "00", "01000007000", "051");
        set_bytes(m, 55, "9F2608A1B2C3D4E5F607089F270180");
        break;
    case TXN_PURCHASE:
        card(m, "0200", "000000", "00", "22000007000", "021");
        break;
    case TXN_VOID:
        card(m, "0200", "200000", "00", "23000007000", "012");
        set(m, 37, "010000000042");
        set(m, 61, "000007000100");
        break;
    case TXN_REFUND:
        card(m, "0220", "200000", "00", "25000007000", "012");
        set(m, 37, "010000000042");
        set(m, 61, "0000060001000923");
        break;
    case TXN_PREAUTH:
        card(m, "0100", "030000", "06", "10000007000", "021");
        break;
    case TXN_PREAUTH_VOID:
        card(m, "0100", "200000", "06", "11000007000", "012");
        set(m, 38, "A12345");
        set(m, 61, "0000000000001120");
        break;
    case TXN_COMPLETION:
        card(m, "0200", "000000", "06", "20000007000", "021");
        set(m, 38, "A12345");
        set(m, 61, "0000000000001120");
        break;
    case TXN_COMPLETION_VOID:
        card(m, "0200", "200000", "06", "21000007000", "012");
        set(m, 37, "010000000043");
        set(m, 38, "A12345");
        set(m, 61, "000007000102");
        break;
    case TXN_SETTLEMENT:
        common(m, "0500", "00000007201");
        set(m, 48, "0000001234560030000000005000010");
        set(m, 49, "156");
        set(m, 63, "001");
        break;
    case TXN_BATCH_UPLOAD:
        common(m, "0320", "00000007201");
        set(m, 48,
            "01"
            "00"
            "000101" PAN16 "0000"
            "000000010000");
        break;
    default:
        fail_msg("no builder for kind %d", (int)kind);
    }
}

/* Turns a purchase-family message into its reversal, as the terminal keeps it: the
 * same fields without the PIN, with MTI 0400 and why it was sent in 39. */
static void make_reversal(struct ps_iso_msg *m)
{
    assert_int_equal(ps_iso_set_mti(m, "0400", NULL), 0);
    ps_iso_unset(m, 52);
    ps_iso_unset(m, 53);
    set(m, 39, "98");
}

/* Through the wire and back, as the gateway receives it, then parsed. */
static int receive(struct fx *f)
{
    size_t len = 0;
    struct ps_reason why;
    int rc = ps_iso_pack(&f->sent, f->wire, sizeof(f->wire), &len, 0, &why);
    if (rc != 0)
        fail_msg("pack: %s", why.text);
    rc = ps_iso_unpack(&f->got, &ps_iso_cup, f->wire, len, 0, &why);
    if (rc != 0)
        fail_msg("unpack: %s", why.text);
    return txn_parse(&f->got, &f->req);
}

static void assert_common(const struct txn_request *req)
{
    assert_string_equal(req->tid, "20250001");
    assert_string_equal(req->mid, "898310048160001");
    assert_int_equal(req->stan, 123);
    assert_int_equal(req->batch, 7);
}

static void sign_in_and_off(void **state)
{
    struct fx *f = *state;
    build(&f->sent, TXN_SIGN_IN);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_SIGN_IN);
    assert_common(&f->req);
    assert_string_equal(f->req.mti, "0800");
    assert_int_equal(f->req.network_code, 3);
    assert_string_equal(f->req.operator_id, "001");
    assert_false(f->req.format_error);
    assert_string_equal(f->req.reason, "");

    set(&f->sent, 60, "00000007004");
    set(&f->sent, 63, "002CUP"); /* 63.1 is the operator; what follows is not */
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.network_code, 4);
    assert_string_equal(f->req.operator_id, "002");

    /* 0800 with 60.3 360 is a parameter download, without 63 too */
    build(&f->sent, TXN_PARAMS);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_PARAMS);
    assert_int_equal(f->req.network_code, 360);
    ps_iso_unset(&f->sent, 63);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_PARAMS);

    build(&f->sent, TXN_SIGN_OFF);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_SIGN_OFF);
    assert_int_equal(f->req.network_code, 2);
    assert_common(&f->req);
}

static void balance_inquiry(void **state)
{
    struct fx *f = *state;
    build(&f->sent, TXN_BALANCE);
    set(&f->sent, 3, "311000"); /* 31xxxx: the account type does not matter */
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_BALANCE);
    assert_string_equal(f->req.processing_code, "311000");
    assert_false(f->req.has_amount);
    assert_string_equal(f->req.pan, PAN19);
    assert_string_equal(f->req.entry_mode, "051");
    assert_common(&f->req);
}

static void purchase(void **state)
{
    struct fx *f = *state;
    build(&f->sent, TXN_PURCHASE);
    assert_int_equal(receive(f), 0);
    const struct txn_request *req = &f->req;
    assert_int_equal(req->kind, TXN_PURCHASE);
    assert_int_equal(req->reversed_kind, TXN_UNKNOWN);
    assert_string_equal(req->mti, "0200");
    assert_string_equal(req->processing_code, "000000");
    assert_true(req->has_amount);
    assert_int_equal(req->amount, 12345);
    assert_string_equal(req->currency, "156");
    assert_string_equal(req->pan, PAN19);
    assert_string_equal(req->expiry, "2812");
    assert_string_equal(req->entry_mode, "021");
    assert_string_equal(req->condition_code, "00");
    assert_int_equal(req->network_code, 0);
    assert_false(req->has_original);
    assert_false(req->format_error);
    assert_common(req);
}

static void voids_and_refund(void **state)
{
    struct fx *f = *state;
    build(&f->sent, TXN_VOID);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_VOID);
    assert_string_equal(f->req.original_rrn, "010000000042");
    assert_true(f->req.has_original);
    assert_int_equal(f->req.original_batch, 7);
    assert_int_equal(f->req.original_stan, 100);
    assert_string_equal(f->req.original_date, "");

    build(&f->sent, TXN_REFUND);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_REFUND);
    assert_string_equal(f->req.mti, "0220");
    assert_int_equal(f->req.original_batch, 6);
    assert_int_equal(f->req.original_stan, 100);
    assert_string_equal(f->req.original_date, "0923");

    build(&f->sent, TXN_COMPLETION_VOID);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_COMPLETION_VOID);
    assert_string_equal(f->req.original_rrn, "010000000043");
    assert_string_equal(f->req.original_auth, "A12345");
    assert_int_equal(f->req.original_stan, 102);
}

static void preauth_family(void **state)
{
    struct fx *f = *state;
    build(&f->sent, TXN_PREAUTH);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_PREAUTH);
    assert_string_equal(f->req.condition_code, "06");
    assert_int_equal(f->req.amount, 12345);

    build(&f->sent, TXN_PREAUTH_VOID);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_PREAUTH_VOID);
    assert_string_equal(f->req.original_auth, "A12345");
    assert_string_equal(f->req.original_date, "1120");

    build(&f->sent, TXN_COMPLETION);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_COMPLETION);
    assert_string_equal(f->req.original_auth, "A12345");
    assert_string_equal(f->req.original_date, "1120");
}

/* Every kind that moves money can be reversed; the reversal names it by 3, 25 and
 * 60.1 and keeps the STAN of the message it reverses. */
static void reversals_of_every_financial_kind(void **state)
{
    struct fx *f = *state;
    for (int k = 1; k < TXN_KIND_COUNT; k++) {
        if (!txn_kind_is_financial((enum txn_kind)k))
            continue;
        build(&f->sent, (enum txn_kind)k);
        make_reversal(&f->sent);
        assert_int_equal(receive(f), 0);
        assert_int_equal(f->req.kind, TXN_REVERSAL);
        assert_int_equal(f->req.reversed_kind, k);
        assert_string_equal(f->req.reversal_reason, "98");
        assert_int_equal(f->req.amount, 12345);
        assert_common(&f->req);
    }
    /* a reversal of a void carries the void's 61 */
    build(&f->sent, TXN_VOID);
    make_reversal(&f->sent);
    ps_iso_unset(&f->sent, 61);
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason, "field 61: missing in a reversal");
}

static void settlement(void **state)
{
    struct fx *f = *state;
    build(&f->sent, TXN_SETTLEMENT);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_SETTLEMENT);
    assert_int_equal(f->req.network_code, 201);
    assert_true(f->req.has_totals);
    assert_int_equal(f->req.totals.domestic.debit_amount, 123456);
    assert_int_equal(f->req.totals.domestic.debit_count, 3);
    assert_int_equal(f->req.totals.domestic.credit_amount, 500);
    assert_int_equal(f->req.totals.domestic.credit_count, 1);
    assert_false(f->req.totals.has_foreign);
    assert_string_equal(f->req.operator_id, "001");

    set(&f->sent, 48,
        "0000001234560030000000005000010"
        "0000000001000010000000000000000");
    assert_int_equal(receive(f), 0);
    assert_true(f->req.totals.has_foreign);
    assert_int_equal(f->req.totals.foreign.debit_amount, 100);
    assert_int_equal(f->req.totals.foreign.debit_count, 1);
}

/* The PAN in a batch-upload line is 20 digits, zero-filled: parse.c documents how the
 * fill is told from a PAN that ends in zeros. */
static void batch_upload(void **state)
{
    struct fx *f = *state;
    build(&f->sent, TXN_BATCH_UPLOAD);
    set(&f->sent, 48,
        "03"
        "00"
        "000101" PAN16 "0000"
        "000000010000"
        "01"
        "000102"
        "6222021234500000090"
        "0"
        "000000000250"
        "00"
        "000103"
        "6225000000000089"
        "0000"
        "000000000001");
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.kind, TXN_BATCH_UPLOAD);
    assert_false(f->req.upload_last);
    assert_int_equal(f->req.upload_count, 3);
    assert_int_equal(f->req.upload[0].foreign, 0);
    assert_int_equal(f->req.upload[0].stan, 101);
    assert_string_equal(f->req.upload[0].pan, PAN16);
    assert_int_equal(f->req.upload[0].amount, 10000);
    assert_int_equal(f->req.upload[1].foreign, 1);
    assert_string_equal(f->req.upload[1].pan, "6222021234500000090"); /* its own last 0 */
    assert_int_equal(f->req.upload[1].amount, 250);
    /* this PAN plus "000" passes Luhn too: 16 digits is the likelier reading */
    assert_string_equal(f->req.upload[2].pan, "6225000000000089");

    /* a QR payment's line: card type 00 and zeros for the PAN (docs/protocol.md) */
    set(&f->sent, 48,
        "01"
        "00"
        "000104"
        "00000000000000000000"
        "000000008800");
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.upload_count, 1);
    assert_int_equal(f->req.upload[0].foreign, 0);
    assert_int_equal(f->req.upload[0].stan, 104);
    assert_int_equal(f->req.upload[0].amount, 8800);

    set(&f->sent, 60, "00000007202");
    set(&f->sent, 48, "0003");
    assert_int_equal(receive(f), 0);
    assert_true(f->req.upload_last);
    assert_int_equal(f->req.upload_count, 3);
}

static void pan_and_expiry_from_track2(void **state)
{
    struct fx *f = *state;
    build(&f->sent, TXN_PURCHASE);
    ps_iso_unset(&f->sent, 2);
    ps_iso_unset(&f->sent, 14);
    set(&f->sent, 35, PAN19 "=27121011234567890");
    assert_int_equal(receive(f), 0);
    assert_string_equal(f->req.pan, PAN19);
    assert_string_equal(f->req.expiry, "2712");

    set(&f->sent, 14, "2812"); /* 14 wins over the track */
    assert_int_equal(receive(f), 0);
    assert_string_equal(f->req.expiry, "2812");

    set(&f->sent, 2, PAN16);
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason, "field 35: the card number differs from field 2");

    ps_iso_unset(&f->sent, 2);
    set(&f->sent, 35, PAN19 "27121011234567890");
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason, "field 35: no '=' after the card number");

    ps_iso_unset(&f->sent, 14);
    set(&f->sent, 35, PAN19 "=27");
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason, "field 35: no expiry date YYMM after '='");
    assert_string_equal(f->req.pan, PAN19);

    set(&f->sent, 35, "622202123456=2712101");
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason,
                        "field 35: the card number has 12 digits; 13 to 19 expected");
}

struct omission {
    enum txn_kind kind;
    int field;
    int rc;
    const char *reason;
};

/* Each field a kind requires, left out on its own. */
static const struct omission omissions[] = {
    {TXN_SIGN_IN, 11, PS_EFORMAT, "field 11: missing in a sign-in"},
    {TXN_SIGN_IN, 41, PS_EFORMAT, "field 41: missing in a sign-in"},
    {TXN_SIGN_IN, 42, PS_EFORMAT, "field 42: missing in a sign-in"},
    {TXN_SIGN_IN, 60, PS_EFORMAT, "field 60: missing in a sign-in"},
    {TXN_SIGN_IN, 63, PS_EFORMAT, "field 63: missing in a sign-in"},
    {TXN_SIGN_OFF, 11, PS_EFORMAT, "field 11: missing in a sign-off"},
    {TXN_SIGN_OFF, 41, PS_EFORMAT, "field 41: missing in a sign-off"},
    {TXN_SIGN_OFF, 42, PS_EFORMAT, "field 42: missing in a sign-off"},
    {TXN_SIGN_OFF, 60, PS_EFORMAT, "field 60: missing in a sign-off"},
    {TXN_BALANCE, 2, PS_EFORMAT,
     "field 2: missing in a balance inquiry, and no track 2 (35) to read it from"},
    {TXN_BALANCE, 3, PS_EFORMAT, "field 3: missing in a balance inquiry"},
    {TXN_BALANCE, 11, PS_EFORMAT, "field 11: missing in a balance inquiry"},
    {TXN_BALANCE, 22, PS_EFORMAT, "field 22: missing in a balance inquiry"},
    {TXN_BALANCE, 25, PS_EFORMAT, "field 25: missing in a balance inquiry"},
    {TXN_BALANCE, 41, PS_EFORMAT, "field 41: missing in a balance inquiry"},
    {TXN_BALANCE, 42, PS_EFORMAT, "field 42: missing in a balance inquiry"},
    {TXN_BALANCE, 49, PS_EFORMAT, "field 49: missing in a balance inquiry"},
    {TXN_BALANCE, 52, PS_EFORMAT, "field 52: missing in a balance inquiry"},
    {TXN_BALANCE, 60, PS_EFORMAT, "field 60: missing in a balance inquiry"}, /* 3 says it */
    {TXN_PURCHASE, 2, PS_EFORMAT,
     "field 2: missing in a purchase, and no track 2 (35) to read it from"},
    {TXN_PURCHASE, 3, PS_EFORMAT, "field 3: missing in a purchase"},
    {TXN_PURCHASE, 4, PS_EFORMAT, "field 4: missing in a purchase"},
    {TXN_PURCHASE, 11, PS_EFORMAT, "field 11: missing in a purchase"},
    {TXN_PURCHASE, 22, PS_EFORMAT, "field 22: missing in a purchase"},
    {TXN_PURCHASE, 25, PS_EFORMAT, "field 25: missing in a purchase"},
    {TXN_PURCHASE, 41, PS_EFORMAT, "field 41: missing in a purchase"},
    {TXN_PURCHASE, 42, PS_EFORMAT, "field 42: missing in a purchase"},
    {TXN_PURCHASE, 49, PS_EFORMAT, "field 49: missing in a purchase"},
    {TXN_PURCHASE, 52, PS_EFORMAT,
     "field 52: missing in a purchase whose field 22 says PIN entered"},
    {TXN_PURCHASE, 60, PS_EUNDEFINED, "field 60: missing; MTI 0200 needs 60.1 to tell the kind"},
    {TXN_VOID, 2, PS_EFORMAT, "field 2: missing in a void, and no track 2 (35) to read it from"},
    {TXN_VOID, 3, PS_EFORMAT, "field 3: missing in a void"},
    {TXN_VOID, 4, PS_EFORMAT, "field 4: missing in a void"},
    {TXN_VOID, 11, PS_EFORMAT, "field 11: missing in a void"},
    {TXN_VOID, 22, PS_EFORMAT, "field 22: missing in a void"},
    {TXN_VOID, 25, PS_EFORMAT, "field 25: missing in a void"},
    {TXN_VOID, 37, PS_EFORMAT, "field 37: missing in a void"},
    {TXN_VOID, 41, PS_EFORMAT, "field 41: missing in a void"},
    {TXN_VOID, 42, PS_EFORMAT, "field 42: missing in a void"},
    {TXN_VOID, 49, PS_EFORMAT, "field 49: missing in a void"},
    {TXN_VOID, 60, PS_EUNDEFINED, "field 60: missing; MTI 0200 needs 60.1 to tell the kind"},
    {TXN_VOID, 61, PS_EFORMAT, "field 61: missing in a void"},
    {TXN_REFUND, 2, PS_EFORMAT,
     "field 2: missing in a refund, and no track 2 (35) to read it from"},
    {TXN_REFUND, 3, PS_EFORMAT, "field 3: missing in a refund"},
    {TXN_REFUND, 4, PS_EFORMAT, "field 4: missing in a refund"},
    {TXN_REFUND, 11, PS_EFORMAT, "field 11: missing in a refund"},
    {TXN_REFUND, 22, PS_EFORMAT, "field 22: missing in a refund"},
    {TXN_REFUND, 25, PS_EFORMAT, "field 25: missing in a refund"},
    {TXN_REFUND, 37, PS_EFORMAT, "field 37: missing in a refund"},
    {TXN_REFUND, 41, PS_EFORMAT, "field 41: missing in a refund"},
    {TXN_REFUND, 42, PS_EFORMAT, "field 42: missing in a refund"},
    {TXN_REFUND, 49, PS_EFORMAT, "field 49: missing in a refund"},
    {TXN_REFUND, 60, PS_EFORMAT, "field 60: missing in a refund"}, /* MTI 0220 says refund */
    {TXN_REFUND, 61, PS_EFORMAT, "field 61: missing in a refund"},
    {TXN_PREAUTH, 2, PS_EFORMAT,
     "field 2: missing in a pre-authorization, and no track 2 (35) to read it from"},
    {TXN_PREAUTH, 3, PS_EFORMAT, "field 3: missing in a pre-authorization"},
    {TXN_PREAUTH, 4, PS_EFORMAT, "field 4: missing in a pre-authorization"},
    {TXN_PREAUTH, 11, PS_EFORMAT, "field 11: missing in a pre-authorization"},
    {TXN_PREAUTH, 22, PS_EFORMAT, "field 22: missing in a pre-authorization"},
    {TXN_PREAUTH, 25, PS_EFORMAT, "field 25: missing in a pre-authorization"},
    {TXN_PREAUTH, 41, PS_EFORMAT, "field 41: missing in a pre-authorization"},
    {TXN_PREAUTH, 42, PS_EFORMAT, "field 42: missing in a pre-authorization"},
    {TXN_PREAUTH, 49, PS_EFORMAT, "field 49: missing in a pre-authorization"},
    {TXN_PREAUTH, 52, PS_EFORMAT,
     "field 52: missing in a pre-authorization whose field 22 says PIN entered"},
    {TXN_PREAUTH, 60, PS_EFORMAT, "field 60: missing in a pre-authorization"}, /* 0100 + 3 */
    {TXN_PREAUTH_VOID, 2, PS_EFORMAT,
     "field 2: missing in a pre-authorization void, and no track 2 (35) to read it from"},
    {TXN_PREAUTH_VOID, 3, PS_EFORMAT, "field 3: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 4, PS_EFORMAT, "field 4: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 11, PS_EFORMAT, "field 11: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 22, PS_EFORMAT, "field 22: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 25, PS_EFORMAT, "field 25: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 38, PS_EFORMAT, "field 38: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 41, PS_EFORMAT, "field 41: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 42, PS_EFORMAT, "field 42: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 49, PS_EFORMAT, "field 49: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 60, PS_EFORMAT, "field 60: missing in a pre-authorization void"},
    {TXN_PREAUTH_VOID, 61, PS_EFORMAT, "field 61: missing in a pre-authorization void"},
    {TXN_COMPLETION, 2, PS_EFORMAT,
     "field 2: missing in a completion, and no track 2 (35) to read it from"},
    {TXN_COMPLETION, 3, PS_EFORMAT, "field 3: missing in a completion"},
    {TXN_COMPLETION, 4, PS_EFORMAT, "field 4: missing in a completion"},
    {TXN_COMPLETION, 11, PS_EFORMAT, "field 11: missing in a completion"},
    {TXN_COMPLETION, 22, PS_EFORMAT, "field 22: missing in a completion"},
    {TXN_COMPLETION, 25, PS_EFORMAT, "field 25: missing in a completion"},
    {TXN_COMPLETION, 38, PS_EFORMAT, "field 38: missing in a completion"},
    {TXN_COMPLETION, 41, PS_EFORMAT, "field 41: missing in a completion"},
    {TXN_COMPLETION, 42, PS_EFORMAT, "field 42: missing in a completion"},
    {TXN_COMPLETION, 49, PS_EFORMAT, "field 49: missing in a completion"},
    {TXN_COMPLETION, 52, PS_EFORMAT,
     "field 52: missing in a completion whose field 22 says PIN entered"},
    {TXN_COMPLETION, 60, PS_EUNDEFINED, "field 60: missing; MTI 0200 needs 60.1 to tell the kind"},
    {TXN_COMPLETION, 61, PS_EFORMAT, "field 61: missing in a completion"},
    {TXN_COMPLETION_VOID, 2, PS_EFORMAT,
     "field 2: missing in a completion void, and no track 2 (35) to read it from"},
    {TXN_COMPLETION_VOID, 3, PS_EFORMAT, "field 3: missing in a completion void"},
    {TXN_COMPLETION_VOID, 4, PS_EFORMAT, "field 4: missing in a completion void"},
    {TXN_COMPLETION_VOID, 11, PS_EFORMAT, "field 11: missing in a completion void"},
    {TXN_COMPLETION_VOID, 22, PS_EFORMAT, "field 22: missing in a completion void"},
    {TXN_COMPLETION_VOID, 25, PS_EFORMAT, "field 25: missing in a completion void"},
    {TXN_COMPLETION_VOID, 37, PS_EFORMAT, "field 37: missing in a completion void"},
    {TXN_COMPLETION_VOID, 38, PS_EFORMAT, "field 38: missing in a completion void"},
    {TXN_COMPLETION_VOID, 41, PS_EFORMAT, "field 41: missing in a completion void"},
    {TXN_COMPLETION_VOID, 42, PS_EFORMAT, "field 42: missing in a completion void"},
    {TXN_COMPLETION_VOID, 49, PS_EFORMAT, "field 49: missing in a completion void"},
    {TXN_COMPLETION_VOID, 60, PS_EUNDEFINED,
     "field 60: missing; MTI 0200 needs 60.1 to tell the kind"},
    {TXN_COMPLETION_VOID, 61, PS_EFORMAT, "field 61: missing in a completion void"},
    {TXN_SETTLEMENT, 11, PS_EFORMAT, "field 11: missing in a settlement"},
    {TXN_SETTLEMENT, 41, PS_EFORMAT, "field 41: missing in a settlement"},
    {TXN_SETTLEMENT, 42, PS_EFORMAT, "field 42: missing in a settlement"},
    {TXN_SETTLEMENT, 48, PS_EFORMAT, "field 48: missing in a settlement"},
    {TXN_SETTLEMENT, 49, PS_EFORMAT, "field 49: missing in a settlement"},
    {TXN_SETTLEMENT, 60, PS_EFORMAT, "field 60: missing in a settlement"},
    {TXN_BATCH_UPLOAD, 11, PS_EFORMAT, "field 11: missing in a batch upload"},
    {TXN_BATCH_UPLOAD, 41, PS_EFORMAT, "field 41: missing in a batch upload"},
    {TXN_BATCH_UPLOAD, 42, PS_EFORMAT, "field 42: missing in a batch upload"},
    {TXN_BATCH_UPLOAD, 48, PS_EFORMAT, "field 48: missing in a batch upload"},
    {TXN_BATCH_UPLOAD, 60, PS_EFORMAT, "field 60: missing in a batch upload"},
};

/* The fields of a reversal (of a purchase) left out in turn. */
static const struct omission reversal_omissions[] = {
    {TXN_REVERSAL, 2, PS_EFORMAT,
     "field 2: missing in a reversal, and no track 2 (35) to read it from"},
    {TXN_REVERSAL, 3, PS_EFORMAT, "field 3: missing in a reversal"},
    {TXN_REVERSAL, 4, PS_EFORMAT, "field 4: missing in a reversal"},
    {TXN_REVERSAL, 11, PS_EFORMAT, "field 11: missing in a reversal"},
    {TXN_REVERSAL, 22, PS_EFORMAT, "field 22: missing in a reversal"},
    {TXN_REVERSAL, 25, PS_EFORMAT, "field 25: missing in a reversal"},
    {TXN_REVERSAL, 39, PS_EFORMAT, "field 39: missing in a reversal"},
    {TXN_REVERSAL, 41, PS_EFORMAT, "field 41: missing in a reversal"},
    {TXN_REVERSAL, 42, PS_EFORMAT, "field 42: missing in a reversal"},
    {TXN_REVERSAL, 49, PS_EFORMAT, "field 49: missing in a reversal"},
    {TXN_REVERSAL, 60, PS_EUNDEFINED, "field 60: missing; MTI 0400 needs 60.1 to tell the kind"},
};

static void check_omission(struct fx *f, const struct omission *o, int reversal)
{
    build(&f->sent, reversal ? TXN_PURCHASE : o->kind);
    if (reversal)
        make_reversal(&f->sent);
    ps_iso_unset(&f->sent, o->field);
    int rc = receive(f);
    if (rc != o->rc || strcmp(f->req.reason, o->reason) != 0)
        fail_msg("%s without field %d: rc %d, reason \"%s\"; want %d, \"%s\"",
                 txn_kind_name(o->kind), o->field, rc, f->req.reason, o->rc, o->reason);
    assert_true(f->req.format_error);
    /* the rest is still read, so the engine can record the request */
    if (o->field != 41)
        assert_string_equal(f->req.tid, "20250001");
    if (o->field != 11)
        assert_int_equal(f->req.stan, 123);
    if (o->field != 60)
        assert_int_equal(f->req.batch, 7);
    if (rc == PS_EFORMAT && o->field != 3 && o->field != 60)
        assert_int_equal(f->req.kind, o->kind);
}

static void every_required_field_omitted(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < PS_ARRAY_LEN(omissions); i++)
        check_omission(f, &omissions[i], 0);
    for (size_t i = 0; i < PS_ARRAY_LEN(reversal_omissions); i++)
        check_omission(f, &reversal_omissions[i], 1);
}

/* Changes one field of a kind's message and checks the reason. */
static void expect(struct fx *f, enum txn_kind kind, int n, const char *value, int rc,
                   const char *reason)
{
    build(&f->sent, kind);
    set(&f->sent, n, value);
    int got = receive(f);
    if (got != rc || strcmp(f->req.reason, reason) != 0)
        fail_msg("%s, field %d = \"%s\": rc %d, reason \"%s\"; want %d, \"%s\"",
                 txn_kind_name(kind), n, value, got, f->req.reason, rc, reason);
}

static void malformed_composite_fields(void **state)
{
    struct fx *f = *state;
    expect(f, TXN_SIGN_IN, 60, "0000000700", PS_EFORMAT,
           "field 60: 10 digits; 60.1 and 60.2 need 8, with 60.3 at least 11");
    expect(f, TXN_PURCHASE, 60, "2200000700", PS_EUNDEFINED,
           "field 60: 10 digits; 60.1 and 60.2 need 8, with 60.3 at least 11");
    expect(f, TXN_SIGN_IN, 60, "00000007001", PS_EFORMAT,
           "field 60.3: 001 in a sign-in; 003 or 004 expected");
    expect(f, TXN_PARAMS, 60, "00000007361", PS_EFORMAT,
           "field 60.3: 361 in a sign-in; 003 or 004 expected");
    expect(f, TXN_PURCHASE, 60, "22000007", PS_EFORMAT,
           "field 60.3: missing in a purchase; 000 expected");
    expect(f, TXN_SETTLEMENT, 60, "00000007202", PS_EFORMAT,
           "field 60.3: 202 in a settlement; 201 expected");
    expect(f, TXN_VOID, 61, "0000070001", PS_EFORMAT,
           "field 61: 10 digits; 61.1 and 61.2 need 12, with 61.3 at least 16");
    expect(f, TXN_REFUND, 61, "000006000100", PS_EFORMAT,
           "field 61.3: missing in a refund; the original's date MMDD");
    expect(f, TXN_COMPLETION, 61, "000000000000", PS_EFORMAT,
           "field 61.3: missing in a completion; the original's date MMDD");
    expect(f, TXN_SETTLEMENT, 48, "000000123456003000000000500001", PS_EFORMAT,
           "field 48: settlement totals are 31 or 62 digits, not 30");
    expect(f, TXN_SETTLEMENT, 48, "0000001234560030000000005000011", PS_EFORMAT,
           "field 48: result digit not 0; the terminal sends 0");
    expect(f, TXN_BATCH_UPLOAD, 48, "09", PS_EFORMAT, "field 48: the line count is not 01 to 08");
    expect(f, TXN_BATCH_UPLOAD, 48, "00", PS_EFORMAT, "field 48: the line count is not 01 to 08");
    expect(f, TXN_BATCH_UPLOAD, 48,
           "02"
           "00000101" PAN16 "0000000000010000",
           PS_EFORMAT, "field 48: 42 digits; 2 lines need 82");
    expect(f, TXN_BATCH_UPLOAD, 48,
           "01"
           "02000101" PAN16 "0000000000010000",
           PS_EFORMAT, "field 48: line 1: card type is not 00 or 01");
    expect(f, TXN_BATCH_UPLOAD, 48,
           "01"
           "00000101" PAN19 "1"
           "000000010000",
           PS_EFORMAT, "field 48: line 1: the card number has 20 digits");
}

static void malformed_simple_fields(void **state)
{
    struct fx *f = *state;
    expect(f, TXN_PURCHASE, 2, "622202123456", PS_EFORMAT,
           "field 2: 12 digits; a card number has 13 to 19");
    expect(f, TXN_PURCHASE, 11, "000000", PS_EFORMAT,
           "field 11: 000000; a trace number is 000001 to 999999");
    expect(f, TXN_PURCHASE, 14, "2813", PS_EFORMAT, "field 14: not an expiry date YYMM");
    expect(f, TXN_PURCHASE, 25, "06", PS_EFORMAT, "field 25: 06 in a purchase; 00 expected");
    expect(f, TXN_PREAUTH, 25, "00", PS_EFORMAT,
           "field 25: 00 in a pre-authorization; 06 expected");
    expect(f, TXN_PURCHASE, 49, "840", PS_EFORMAT,
           "field 49: currency 840; possumd takes 156 (CNY) only");
    expect(f, TXN_PURCHASE, 53, "1600000000000000", PS_EFORMAT,
           "field 53: not 26...; format 0 with the PAN under a double-length key");
    expect(f, TXN_SIGN_IN, 63, "01", PS_EFORMAT, "field 63: 2 characters; the operator needs 3");

    /* 55: a TLV whose length runs past the end, named with its offset */
    build(&f->sent, TXN_PURCHASE);
    set_bytes(&f->sent, 55, "9F2608A1B2C3D4E5F607089F2705");
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason,
                        "field 55: offset 13: length 0x05 of tag 9F27 runs past the end (0 bytes "
                        "left)");

    /* 52 without 53 */
    build(&f->sent, TXN_PURCHASE);
    ps_iso_unset(&f->sent, 53);
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason, "field 53: missing; field 52 needs it");

    /* zero is an amount the engine refuses (13), not a format error */
    build(&f->sent, TXN_PURCHASE);
    set(&f->sent, 4, "000000000000");
    assert_int_equal(receive(f), 0);
    assert_true(f->req.has_amount);
    assert_int_equal(f->req.amount, 0);

    /* keyed without PIN: no 52 needed; the first problem is the one reported */
    build(&f->sent, TXN_PURCHASE);
    set(&f->sent, 22, "012");
    ps_iso_unset(&f->sent, 52);
    ps_iso_unset(&f->sent, 53);
    assert_int_equal(receive(f), 0);
    ps_iso_unset(&f->sent, 4);
    set(&f->sent, 49, "840");
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason, "field 4: missing in a purchase");
    assert_string_equal(f->req.currency, "840");
}

static void unknown_kinds(void **state)
{
    struct fx *f = *state;

    build(&f->sent, TXN_PURCHASE);
    assert_int_equal(ps_iso_set_mti(&f->sent, "0300", NULL), 0);
    assert_int_equal(receive(f), PS_EUNDEFINED);
    assert_int_equal(f->req.kind, TXN_UNKNOWN);
    assert_string_equal(f->req.reason, "MTI 0300: not a request possumd takes");
    assert_common(&f->req); /* still known: who sent it */

    expect(f, TXN_PURCHASE, 3, "123456", PS_EUNDEFINED, "field 3: 123456 does not fit MTI 0200");
    assert_common(&f->req);
    expect(f, TXN_PURCHASE, 60, "99000007000", PS_EUNDEFINED,
           "field 60.1: 99 does not fit MTI 0200 with field 3 000000");
    expect(f, TXN_SIGN_IN, 60, "01000007003", PS_EUNDEFINED,
           "field 60.1: 01 does not fit MTI 0800");

    /* a balance inquiry moves nothing, so there is nothing to reverse */
    build(&f->sent, TXN_BALANCE);
    make_reversal(&f->sent);
    assert_int_equal(receive(f), PS_EUNDEFINED);
    assert_string_equal(f->req.reason, "field 3: 310000 does not fit MTI 0400");

    /* a response is not a request */
    build(&f->sent, TXN_PURCHASE);
    assert_int_equal(ps_iso_set_mti(&f->sent, "0210", NULL), 0);
    assert_int_equal(receive(f), PS_EUNDEFINED);
    assert_string_equal(f->req.reason, "MTI 0210: not a request possumd takes");
}

/* The security step's fields are the gateway's: parsing leaves them alone. */
static void security_fields_untouched(void **state)
{
    struct fx *f = *state;
    f->req.mac = TXN_MAC_OK;
    f->req.pin = TXN_PIN_PROOF;
    memset(f->req.pin_proof, 0xA5, sizeof(f->req.pin_proof));
    build(&f->sent, TXN_PURCHASE);
    assert_int_equal(receive(f), 0);
    assert_int_equal(f->req.mac, TXN_MAC_OK);
    assert_int_equal(f->req.pin, TXN_PIN_PROOF);
    assert_int_equal(f->req.pin_proof[31], 0xA5);
}

/* kind as a terminal sends it paid by a payment code (docs/protocol.md, "QR payments"):
 * 59 and entry mode 032 in place of 2, 14, 52 and 53. */
static void build_qr(struct ps_iso_msg *m, enum txn_kind kind, const char *code)
{
    build(m, kind);
    ps_iso_unset(m, 2);
    ps_iso_unset(m, 14);
    ps_iso_unset(m, 52);
    ps_iso_unset(m, 53);
    set(m, 22, "032");
    set(m, 59, code);
}

static void expect_qr(struct fx *f, enum txn_kind kind, int n, const char *value,
                      const char *reason)
{
    build_qr(&f->sent, kind, WECHAT_CODE);
    if (value != NULL)
        set(&f->sent, n, value);
    else
        ps_iso_unset(&f->sent, n);
    int got = receive(f);
    if (got != PS_EFORMAT || strcmp(f->req.reason, reason) != 0)
        fail_msg("QR %s, field %d = \"%s\": rc %d, reason \"%s\"; want \"%s\"", txn_kind_name(kind),
                 n, value != NULL ? value : "(none)", got, f->req.reason, reason);
}

static void qr_payments(void **state)
{
    static const enum txn_kind kinds[] = {TXN_PURCHASE, TXN_VOID, TXN_REFUND};
    struct fx *f = *state;
    for (size_t i = 0; i < PS_ARRAY_LEN(kinds); i++) {
        for (int reversal = 0; reversal <= 1; reversal++) {
            build_qr(&f->sent, kinds[i], WECHAT_CODE);
            if (reversal)
                make_reversal(&f->sent);
            assert_int_equal(receive(f), 0);
            assert_int_equal(f->req.kind, reversal ? TXN_REVERSAL : kinds[i]);
            assert_string_equal(f->req.paycode, WECHAT_CODE);
            assert_int_equal(f->req.paycode_scheme, PS_PAYCODE_WECHAT);
            assert_string_equal(f->req.pan, "");
            assert_string_equal(f->req.entry_mode, "032");
            assert_common(&f->req);
        }
    }
    build_qr(&f->sent, TXN_PURCHASE, ALIPAY_CODE);
    assert_int_equal(receive(f), 0);
    assert_string_equal(f->req.paycode, ALIPAY_CODE);
    assert_int_equal(f->req.paycode_scheme, PS_PAYCODE_ALIPAY);
}

static void qr_payment_errors(void **state)
{
    struct fx *f = *state;
    /* a card or a payment code, never both */
    expect_qr(f, TXN_PURCHASE, 2, PAN19,
              "field 59: sent with field 2; a request carries a card or a payment code, never "
              "both");
    expect_qr(f, TXN_VOID, 14, "2812",
              "field 59: sent with field 14; a request carries a card or a payment code, never "
              "both");
    expect_qr(f, TXN_REFUND, 35, PAN19 "=2812101",
              "field 59: sent with field 35; a request carries a card or a payment code, never "
              "both");
    expect_qr(f, TXN_PURCHASE, 53, "2600000000000000",
              "field 59: sent with field 53; a request carries a card or a payment code, never "
              "both");
    expect_qr(f, TXN_PURCHASE, 22, "022",
              "field 22: 022 with a payment code; 032 (a code scanned, no PIN) expected");
    /* bad codes, in the words of core/checks/paycode.h */
    expect_qr(f, TXN_PURCHASE, 59, "6212345678901234",
              "field 59: UnionPay QR codes have 19 digits, not 16");
    expect_qr(f, TXN_PURCHASE, 59, "99123456789012345678",
              "field 59: a code starting 99 is no scheme's; WeChat Pay 10-15, Alipay 25-30, "
              "UnionPay QR 62");
    static const char *const bad[] = {"13456789012345678X", "1345678901234567", "1", ""};
    for (size_t i = 0; i < PS_ARRAY_LEN(bad); i++) {
        struct ps_reason why;
        char want[256];
        assert_int_equal(ps_paycode_identify(bad[i], strlen(bad[i]), NULL, &why), PS_EFORMAT);
        snprintf(want, sizeof(want), "field 59: %s", why.text);
        expect_qr(f, TXN_PURCHASE, 59, bad[i], want);
    }
    /* only purchases, their voids and refunds, and their reversals, are paid by code */
    build_qr(&f->sent, TXN_PREAUTH, WECHAT_CODE);
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason,
                        "field 59: a payment code pays purchases only, not a pre-authorization");
    build_qr(&f->sent, TXN_PREAUTH, WECHAT_CODE);
    make_reversal(&f->sent);
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason,
                        "field 59: a payment code pays purchases only, not a pre-authorization");
    /* the other card kinds still need a card */
    build_qr(&f->sent, TXN_BALANCE, WECHAT_CODE);
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason,
                        "field 59: a payment code pays purchases only, not a balance inquiry");
    build_qr(&f->sent, TXN_COMPLETION, WECHAT_CODE);
    assert_int_equal(receive(f), PS_EFORMAT);
    assert_string_equal(f->req.reason,
                        "field 59: a payment code pays purchases only, not a completion");
    /* neither a card nor a code */
    expect_qr(f, TXN_PURCHASE, 59, NULL,
              "field 2: missing in a purchase, and no track 2 (35) to read it from");
}

static void fingerprints(void **state)
{
    struct fx *f = *state;
    build(&f->sent, TXN_PURCHASE);
    assert_int_equal(receive(f), 0);
    uint64_t first = f->req.fingerprint;
    assert_true(first != 0);
    assert_true(first == txn_fingerprint(&f->req));

    assert_int_equal(receive(f), 0); /* the same message again: a retransmission */
    assert_true(f->req.fingerprint == first);
    set(&f->sent, 11, "000124"); /* the key is not content */
    assert_int_equal(receive(f), 0);
    assert_true(f->req.fingerprint == first);

    set(&f->sent, 4, "000000012346");
    assert_int_equal(receive(f), 0);
    assert_true(f->req.fingerprint != first);

    build(&f->sent, TXN_PURCHASE);
    set(&f->sent, 2, "6222021234567890136");
    assert_int_equal(receive(f), 0);
    assert_true(f->req.fingerprint != first);

    build_qr(&f->sent, TXN_PURCHASE, WECHAT_CODE);
    assert_int_equal(receive(f), 0);
    uint64_t qr_print = f->req.fingerprint;
    set(&f->sent, 59, "134567890123456788");
    assert_int_equal(receive(f), 0);
    assert_true(f->req.fingerprint != qr_print);

    build(&f->sent, TXN_VOID);
    assert_int_equal(receive(f), 0);
    uint64_t void_print = f->req.fingerprint;
    set(&f->sent, 61, "000007000101");
    assert_int_equal(receive(f), 0);
    assert_true(f->req.fingerprint != void_print);

    build(&f->sent, TXN_SETTLEMENT);
    assert_int_equal(receive(f), 0);
    uint64_t totals_print = f->req.fingerprint;
    set(&f->sent, 48, "0000001234570030000000005000010");
    assert_int_equal(receive(f), 0);
    assert_true(f->req.fingerprint != totals_print);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sign_in_and_off, setup, teardown),
        cmocka_unit_test_setup_teardown(balance_inquiry, setup, teardown),
        cmocka_unit_test_setup_teardown(purchase, setup, teardown),
        cmocka_unit_test_setup_teardown(voids_and_refund, setup, teardown),
        cmocka_unit_test_setup_teardown(preauth_family, setup, teardown),
        cmocka_unit_test_setup_teardown(reversals_of_every_financial_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(settlement, setup, teardown),
        cmocka_unit_test_setup_teardown(batch_upload, setup, teardown),
        cmocka_unit_test_setup_teardown(pan_and_expiry_from_track2, setup, teardown),
        cmocka_unit_test_setup_teardown(every_required_field_omitted, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_composite_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_simple_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(security_fields_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(qr_payments, setup, teardown),
        cmocka_unit_test_setup_teardown(qr_payment_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(fingerprints, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
