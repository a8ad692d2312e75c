/* Every request kind, unpacked with the codec and checked field by field against the
 * tables of docs/protocol.md ("Messages between terminals and possumd"); the MAC of
 * field 64 and the PIN block of field 52 are checked with the core crypto. */
#include "fixtures.h"

#include "core/crypto/pinblock.h"

static struct hl_wire wire;
static struct ps_iso_msg got;

/* Unpacks the frame just built and checks its envelope. */
static void unpack_built(void)
{
    struct ps_reason why;
    int rc = ps_iso_unpack(&got, &ps_iso_cup, wire.frame, wire.len, PS_ISO_FRAME, &why);
    if (rc != 0)
        fail_msg("unpack: %s", why.text);
    assert_hex_equal(got.tpdu, 5, "6000030000");
    assert_hex_equal(got.header, 6, "603100000000");
}

/* The field numbers present, as "2 3 4 11 ...". */
static void assert_fields(const char *want)
{
    char list[256] = "";
    size_t n = 0;
    for (int f = ps_iso_next_field(&got, 0); f != 0; f = ps_iso_next_field(&got, f))
        n += (size_t)snprintf(list + n, sizeof(list) - n, n == 0 ? "%d" : " %d", f);
    assert_string_equal(list, want);
}

static void assert_field(int n, const char *want)
{
    const struct ps_iso_value *v = ps_iso_get(&got, n);
    char text[1024];
    assert_non_null(v);
    assert_true(v->len < sizeof(text));
    memcpy(text, v->ptr, v->len);
    text[v->len] = '\0';
    assert_string_equal(text, want);
}

/* Field 64 is the UnionPay ECB MAC under the MAK of the bytes from the MTI to 63. */
static void assert_mac_verifies(void)
{
    uint8_t want[8];
    fx_mac(wire.frame + 2, wire.len - 2, want);
    assert_memory_equal(ps_iso_get(&got, 64)->ptr, want, 8);
}

/* Field 52 decrypts under the PIK to a format 0 block of pin for pan. */
static void assert_pin(const char *pin, const char *pan)
{
    uint8_t pik[16], block[8];
    char back[PS_PIN_MAX + 1];
    struct ps_cipher *c = NULL;

    unhex(FX_PIK_HEX, pik, sizeof(pik));
    assert_int_equal(ps_cipher_new(&c, PS_CIPHER_TDES, pik, 16, NULL), 0);
    assert_int_equal(ps_pinblock_decrypt(c, ps_iso_get(&got, 52)->ptr, block, NULL), 0);
    assert_int_equal(ps_pinblock_parse(PS_PINBLOCK_FORMAT0, block, pan, back, NULL), 0);
    assert_string_equal(back, pin);
    assert_field(53, "2600000000000000");
    ps_cipher_free(c);
}

static struct hl_card_input card(enum hl_kind kind, int64_t amount)
{
    struct hl_card_input in = {.kind = kind, .pan = FX_PAN, .expiry = "3012", .amount = amount};
    return in;
}

static void build_card(struct hl_terminal *t, const struct hl_card_input *in,
                       struct hl_message *sent)
{
    struct ps_reason why;
    int rc = hl_request_card(t, in, sent, &wire, &why);
    if (rc != 0)
        fail_msg("%s: %d %s", hl_kind_name(in->kind), rc, why.text);
    unpack_built();
}

static void sign_in_0800(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;

    fx_terminal(&t, 10, 0);
    assert_int_equal(hl_request_sign_in(&t, &sent, &wire, NULL), 0);
    unpack_built();
    assert_string_equal(got.mti, "0800");
    assert_fields("11 41 42 60 63"); /* no MAC: there is no MAK yet */
    assert_field(11, "000001");
    assert_field(41, FX_TID);
    assert_field(42, FX_MID);
    assert_field(60, "00000007003");
    assert_field(63, "001");
    assert_int_equal(sent.kind, HL_SIGN_IN);
    assert_int_equal(sent.stan, 1);
    assert_int_equal(t.next_stan, 2);
    hl_terminal_cleanup(&t);
}

static void sign_off_0820(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;

    fx_terminal(&t, 10, 0);
    assert_int_equal(hl_request_sign_off(&t, &sent, &wire, NULL), HL_SIGN_IN_FIRST);
    assert_int_equal(t.next_stan, 1);
    hl_terminal_cleanup(&t);
    fx_terminal(&t, 10, 1);
    assert_int_equal(hl_request_sign_off(&t, &sent, &wire, NULL), 0);
    unpack_built();
    assert_string_equal(got.mti, "0820");
    assert_fields("11 41 42 60 64");
    assert_field(60, "00000007002");
    assert_mac_verifies();
    hl_terminal_cleanup(&t);
}

static void purchase_with_pin(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_card_input in = card(HL_PURCHASE, 1234);

    fx_terminal(&t, 10, 1);
    t.next_stan = 42;
    in.pin = FX_PIN;
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0200");
    assert_fields("2 3 4 11 14 22 25 41 42 49 52 53 60 63 64");
    assert_field(2, FX_PAN);
    assert_field(3, "000000");
    assert_field(4, "000000001234");
    assert_field(11, "000042");
    assert_field(14, "3012");
    assert_field(22, "011"); /* keyed in, with PIN */
    assert_field(25, "00");
    assert_field(49, "156");
    assert_field(60, "22000007000");
    assert_pin(FX_PIN, FX_PAN);
    assert_mac_verifies();
    assert_int_equal(sent.kind, HL_PURCHASE);
    assert_int_equal(sent.stan, 42);
    assert_int_equal(sent.batch, FX_BATCH);
    assert_int_equal(sent.amount, 1234);
    assert_string_equal(sent.entry_mode, "011");
    assert_int_equal(t.next_stan, 43);
    assert_false(t.reversal_pending); /* armed only when it leaves (session) */
    hl_terminal_cleanup(&t);
}

static void balance_inquiry(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_card_input in = card(HL_BALANCE, 0);

    fx_terminal(&t, 10, 1);
    in.pin = FX_PIN;
    in.expiry = NULL;
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0200");
    assert_fields("2 3 11 22 25 41 42 49 52 53 60 63 64"); /* no amount */
    assert_field(3, "310000");
    assert_field(60, "01000007000");
    assert_pin(FX_PIN, FX_PAN);
    assert_mac_verifies();
    hl_terminal_cleanup(&t);
}

static void void_of_a_purchase(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_card_input in = card(HL_VOID, 1234);

    fx_terminal(&t, 10, 1);
    in.rrn = "010000000042";
    in.has_original = 1;
    in.orig_batch = 7;
    in.orig_stan = 42;
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0200");
    assert_fields("2 3 4 11 14 22 25 37 41 42 49 60 61 63 64");
    assert_field(3, "200000");
    assert_field(22, "012"); /* no PIN */
    assert_field(37, "010000000042");
    assert_field(60, "23000007000");
    assert_field(61, "000007000042");
    assert_mac_verifies();
    hl_terminal_cleanup(&t);
}

static void refund_0220(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_card_input in = card(HL_REFUND, 500);

    fx_terminal(&t, 10, 1);
    in.expiry = NULL;
    in.rrn = "010000000042";
    in.orig_date = "1123";
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0220");
    assert_fields("2 3 4 11 22 25 37 41 42 49 60 61 63 64");
    assert_field(3, "200000");
    assert_field(25, "00");
    assert_field(60, "25000007000");
    assert_field(61, "0000000000001123"); /* 61.3 the purchase's date */
    assert_mac_verifies();
    hl_terminal_cleanup(&t);
}

static void preauth_family(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_card_input in = card(HL_PREAUTH, 50000);

    fx_terminal(&t, 10, 1);
    in.pin = FX_PIN;
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0100");
    assert_fields("2 3 4 11 14 22 25 41 42 49 52 53 60 63 64");
    assert_field(3, "030000");
    assert_field(25, "06");
    assert_field(60, "10000007000");

    in = card(HL_PREAUTH_VOID, 50000);
    in.auth_code = "A1B2C3";
    in.orig_date = "1124";
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0100");
    assert_fields("2 3 4 11 14 22 25 38 41 42 49 60 61 63 64");
    assert_field(3, "200000");
    assert_field(38, "A1B2C3");
    assert_field(60, "11000007000");
    assert_field(61, "0000000000001124");

    in = card(HL_COMPLETION, 45000);
    in.pin = FX_PIN;
    in.auth_code = "A1B2C3";
    in.orig_date = "1124";
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0200");
    assert_fields("2 3 4 11 14 22 25 38 41 42 49 52 53 60 61 63 64");
    assert_field(3, "000000");
    assert_field(25, "06");
    assert_field(60, "20000007000");
    assert_pin(FX_PIN, FX_PAN);

    in = card(HL_COMPLETION_VOID, 45000);
    in.rrn = "010000000077";
    in.auth_code = "A1B2C3";
    in.has_original = 1;
    in.orig_batch = 7;
    in.orig_stan = 3;
    build_card(&t, &in, &sent);
    assert_fields("2 3 4 11 14 22 25 37 38 41 42 49 60 61 63 64");
    assert_field(3, "200000");
    assert_field(60, "21000007000");
    assert_field(61, "000007000003");
    assert_mac_verifies();
    assert_int_equal(t.next_stan, 5);
    hl_terminal_cleanup(&t);
}

/* 0400 repeats the original's card fields, STAN and 60, with 39 saying why. */
static void reversal_0400(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent, rev;
    struct hl_card_input in = card(HL_VOID, 1234);

    fx_terminal(&t, 10, 1);
    assert_int_equal(hl_request_reversal(&t, &rev, &wire, NULL), PS_EINVAL);
    in.rrn = "010000000042";
    in.has_original = 1;
    in.orig_batch = 7;
    in.orig_stan = 42;
    build_card(&t, &in, &sent);
    hl_terminal_arm_reversal(&t, &sent, HL_REVERSAL_NO_ANSWER);
    hl_batch_reset(&t.batch, 8); /* the reversal keeps the original's batch */
    assert_int_equal(hl_request_reversal(&t, &rev, &wire, NULL), 0);
    unpack_built();
    assert_string_equal(got.mti, "0400");
    assert_fields("2 3 4 11 14 22 25 37 39 41 42 49 60 61 64");
    assert_field(3, "200000");
    assert_field(4, "000000001234");
    assert_field(11, "000001");
    assert_field(39, "98");
    assert_field(60, "23000007000");
    assert_field(61, "000007000042");
    assert_mac_verifies();
    assert_int_equal(rev.kind, HL_REVERSAL);
    assert_int_equal(rev.reversed, HL_VOID);
    assert_int_equal(rev.stan, 1);
    assert_int_equal(t.next_stan, 2); /* no STAN of its own */
    hl_terminal_cleanup(&t);
}

static void settlement_0500(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_record r;

    fx_terminal(&t, 10, 1);
    memset(&r, 0, sizeof(r));
    r.sent.kind = HL_PURCHASE;
    r.sent.stan = 1;
    r.sent.amount = 123456;
    memcpy(r.sent.pan, FX_PAN, sizeof(FX_PAN));
    hl_batch_record(&t.batch, &r);
    r.sent.kind = HL_REFUND;
    r.sent.stan = 2;
    r.sent.amount = 6;
    memcpy(r.sent.pan, "4367420000000000019", 20);
    hl_batch_record(&t.batch, &r);
    assert_int_equal(hl_request_settlement(&t, &sent, &wire, NULL), 0);
    unpack_built();
    assert_string_equal(got.mti, "0500");
    assert_fields("11 41 42 48 49 60 63 64");
    assert_field(48, "000000123456001000000000000000"
                     "0"
                     "000000000000000000000000006001"
                     "0");
    assert_field(49, "156");
    assert_field(60, "00000007201");
    assert_field(63, "001");
    assert_mac_verifies();
    hl_terminal_cleanup(&t);
}

static void batch_upload_lines_and_end(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_record r;
    size_t cursor = 0;

    fx_terminal(&t, 20, 1);
    memset(&r, 0, sizeof(r));
    memcpy(r.sent.pan, FX_PAN, sizeof(FX_PAN));
    for (uint32_t i = 1; i <= 10; i++) {
        r.sent.kind = i == 10 ? HL_REFUND : HL_PURCHASE;
        r.sent.stan = i;
        r.sent.amount = 100 * i;
        hl_batch_record(&t.batch, &r);
    }
    memcpy(t.batch.records[9].sent.pan, "4367420000000000019", 20);
    assert_int_equal(hl_request_upload(&t, &cursor, &sent, &wire, NULL), 0);
    unpack_built();
    assert_string_equal(got.mti, "0320");
    assert_fields("11 41 42 48 60 64");
    assert_field(60, "00000007201");
    assert_int_equal(ps_iso_get(&got, 48)->len, 2 + 8 * 40);
    assert_memory_equal(ps_iso_get(&got, 48)->ptr,
                        "08"
                        "00"
                        "000001"
                        "62220200000000000180"
                        "000000000100",
                        42);
    assert_int_equal(sent.lines, 8);
    assert_int_equal(cursor, 8);
    assert_true(hl_upload_remaining(&t, cursor));
    assert_int_equal(hl_request_upload(&t, &cursor, &sent, &wire, NULL), 0);
    unpack_built();
    assert_field(48, "02"
                     "00"
                     "000009"
                     "62220200000000000180"
                     "000000000900"
                     "01"
                     "000010"
                     "43674200000000000190"
                     "000000001000");
    assert_false(hl_upload_remaining(&t, cursor));
    assert_int_equal(hl_request_upload(&t, &cursor, &sent, &wire, NULL), PS_EINVAL);
    assert_int_equal(hl_request_upload_end(&t, 10, &sent, &wire, NULL), 0);
    unpack_built();
    assert_fields("11 41 42 48 60 64");
    assert_field(48, "0010");
    assert_field(60, "00000007202");
    assert_mac_verifies();
    hl_terminal_cleanup(&t);
}

/* Refused before anything is taken: the STAN stays. */
static void refusals(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct ps_reason why;
    struct hl_card_input in = card(HL_PURCHASE, 100);

    fx_terminal(&t, 1, 0);
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, NULL), HL_SIGN_IN_FIRST);
    assert_int_equal(hl_request_settlement(&t, &sent, &wire, NULL), HL_SIGN_IN_FIRST);
    hl_terminal_cleanup(&t);

    fx_terminal(&t, 1, 1);
    in.amount = 0;
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "purchase: amount 0 fen is outside 1..999999999999");
    in = card(HL_VOID, 100);
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "void: the original's RRN is required");
    in.rrn = "0123";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "RRN: 4 characters; 12 expected");
    in.rrn = "010000000042";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "void: the original's batch and STAN are required");
    in = card(HL_PURCHASE, 100);
    in.pan = "62220200000000000A";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "PAN: character 18 is not a digit");
    in.pan = FX_PAN;
    in.pin = "12";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EFORMAT);
    in.pin = NULL;
    in.kind = HL_SETTLEMENT;
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "settlement is not a card transaction");
    assert_int_equal(t.next_stan, 1);

    /* a reversal is owed: financial messages and settlement wait, inquiries do not */
    in = card(HL_PURCHASE, 100);
    t.reversal_pending = 1;
    t.reversal.kind = HL_PURCHASE;
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, NULL), HL_REVERSAL_FIRST);
    assert_int_equal(hl_request_settlement(&t, &sent, &wire, NULL), HL_REVERSAL_FIRST);
    in.kind = HL_BALANCE;
    in.pin = FX_PIN;
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, NULL), 0);
    t.reversal_pending = 0;

    /* a full batch takes no more financial messages */
    in = card(HL_PURCHASE, 100);
    build_card(&t, &in, &sent);
    struct hl_record r = {.sent = {.kind = HL_PURCHASE, .stan = 2, .amount = 100, .pan = FX_PAN}};
    hl_batch_record(&t.batch, &r);
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, NULL), HL_BATCH_FULL);
    t.batch.settled = 1;
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, NULL), HL_SIGN_IN_FIRST);
    hl_terminal_cleanup(&t);
}

#define FX_TRACK2 FX_PAN "=30121010000000000"

/* Nonzero when the n bytes at p contain text. */
static int holds(const void *p, size_t n, const char *text)
{
    size_t len = strlen(text);
    for (size_t i = 0; i + len <= n; i++) {
        if (memcmp((const char *)p + i, text, len) == 0)
            return 1;
    }
    return 0;
}

/* A swiped card: 35 carries track 2, 2 and 14 stay out (possumd reads them from 35),
 * 22 says swiped; *sent keeps the PAN and expiry read off the track, never the track. */
static void swiped_purchase(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_card_input in = {.kind = HL_PURCHASE, .track2 = FX_TRACK2, .amount = 1234};

    fx_terminal(&t, 10, 1);
    t.next_stan = 42;
    in.pin = FX_PIN;
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0200");
    assert_fields("3 4 11 22 25 35 41 42 49 52 53 60 63 64");
    assert_field(35, FX_TRACK2);
    assert_field(4, "000000001234");
    assert_field(22, "021"); /* swiped, with PIN */
    assert_pin(FX_PIN, FX_PAN);
    assert_mac_verifies();
    assert_string_equal(sent.pan, FX_PAN);
    assert_string_equal(sent.expiry, "3012");
    assert_string_equal(sent.entry_mode, "021");
    assert_false(holds(&sent, sizeof(sent), "=3012"));

    /* without a PIN, and with the PAN given too (it must be the track's) */
    in.pin = NULL;
    in.pan = FX_PAN;
    in.expiry = "2901"; /* the track's expiry wins */
    build_card(&t, &in, &sent);
    assert_fields("3 4 11 22 25 35 41 42 49 60 63 64");
    assert_field(22, "022");
    assert_string_equal(sent.expiry, "3012");

    /* a reversal of the swipe repeats the card as 2 and 14: the track was not kept */
    hl_terminal_arm_reversal(&t, &sent, HL_REVERSAL_NO_ANSWER);
    assert_int_equal(hl_request_reversal(&t, &sent, &wire, NULL), 0);
    unpack_built();
    assert_fields("2 3 4 11 14 22 25 39 41 42 49 60 64");
    assert_field(2, FX_PAN);
    assert_field(14, "3012");
    assert_field(22, "022");
    hl_terminal_cleanup(&t);
}

static void swiped_refusals(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct ps_reason why;
    struct hl_card_input in = {.kind = HL_PURCHASE, .amount = 100};

    fx_terminal(&t, 10, 1);
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "purchase: the card number (PAN) or track 2 is required");
    in.track2 = FX_PAN "3012101";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "track 2: no '=' separator after the card number");
    in.track2 = ";" FX_TRACK2 "?";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "track 2: give the data between the sentinels ';' '?'");
    in.track2 = "6222020000000000019=30121010000";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_ECHECK);
    in.track2 = FX_TRACK2;
    in.pan = "4111111111111111";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "track 2: its card number differs from the PAN given");
    assert_int_equal(t.next_stan, 1); /* nothing taken */
    hl_terminal_cleanup(&t);
}

#define FX_PAYCODE "134567890123456789" /* WeChat Pay: 18 digits starting 13 */

static struct hl_card_input qr(enum hl_kind kind, int64_t amount)
{
    struct hl_card_input in = {.kind = kind, .paycode = FX_PAYCODE, .amount = amount};
    return in;
}

/* A QR payment (docs/protocol.md, "QR payments"): 59 carries the payment code, 22 is
 * 032, and no card field goes (2, 14, 35, 52, 53); *sent keeps the code. */
static void qr_purchase(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_card_input in = qr(HL_PURCHASE, 1234);

    fx_terminal(&t, 10, 1);
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0200");
    assert_fields("3 4 11 22 25 41 42 49 59 60 63 64");
    assert_field(59, FX_PAYCODE);
    assert_field(3, "000000");
    assert_field(4, "000000001234");
    assert_field(22, "032");
    assert_field(25, "00");
    assert_field(60, "22000007000");
    assert_mac_verifies();
    assert_string_equal(sent.paycode, FX_PAYCODE);
    assert_string_equal(sent.pan, "");
    assert_string_equal(sent.expiry, "");
    assert_string_equal(sent.entry_mode, "032");
    hl_terminal_cleanup(&t);
}

/* Its void and refund repeat the code; a reversal rebuilds it from *sent. */
static void qr_void_refund_reversal(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent, rev;
    struct hl_card_input in = qr(HL_VOID, 1234);

    fx_terminal(&t, 10, 1);
    in.rrn = "010000000042";
    in.has_original = 1;
    in.orig_batch = 7;
    in.orig_stan = 42;
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0200");
    assert_fields("3 4 11 22 25 37 41 42 49 59 60 61 63 64");
    assert_field(3, "200000");
    assert_field(22, "032");
    assert_field(37, "010000000042");
    assert_field(59, FX_PAYCODE);
    assert_field(60, "23000007000");
    assert_field(61, "000007000042");
    assert_mac_verifies();

    in = qr(HL_REFUND, 500);
    in.rrn = "010000000042";
    in.orig_date = "1123";
    build_card(&t, &in, &sent);
    assert_string_equal(got.mti, "0220");
    assert_fields("3 4 11 22 25 37 41 42 49 59 60 61 63 64");
    assert_field(3, "200000");
    assert_field(22, "032");
    assert_field(59, FX_PAYCODE);
    assert_field(60, "25000007000");
    assert_field(61, "0000000000001123");
    assert_mac_verifies();

    /* the refund's reversal: 0400 with the code and everything else the refund had */
    hl_terminal_arm_reversal(&t, &sent, HL_REVERSAL_NO_ANSWER);
    assert_int_equal(hl_request_reversal(&t, &rev, &wire, NULL), 0);
    unpack_built();
    assert_string_equal(got.mti, "0400");
    assert_fields("3 4 11 22 25 37 39 41 42 49 59 60 61 64");
    assert_field(3, "200000");
    assert_field(4, "000000000500");
    assert_field(11, "000002");
    assert_field(22, "032");
    assert_field(39, "98");
    assert_field(59, FX_PAYCODE);
    assert_field(60, "25000007000");
    assert_mac_verifies();
    assert_int_equal(rev.reversed, HL_REFUND);
    assert_string_equal(rev.paycode, FX_PAYCODE);

    /* a purchase's reversal too */
    t.reversal_pending = 0;
    in = qr(HL_PURCHASE, 800);
    build_card(&t, &in, &sent);
    hl_terminal_arm_reversal(&t, &sent, HL_REVERSAL_TERMINAL_ERROR);
    assert_int_equal(hl_request_reversal(&t, &rev, &wire, NULL), 0);
    unpack_built();
    assert_fields("3 4 11 22 25 39 41 42 49 59 60 64");
    assert_field(3, "000000");
    assert_field(39, "06");
    assert_field(59, FX_PAYCODE);
    assert_field(60, "22000007000");
    hl_terminal_cleanup(&t);
}

/* A bad code, or one beside a card, or on a kind that takes none: refused before
 * anything is taken, the reason naming field 59. */
static void qr_refusals(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct ps_reason why;
    struct hl_card_input in = qr(HL_PURCHASE, 100);

    fx_terminal(&t, 10, 1);
    in.paycode = "13456789012345678"; /* 17 digits */
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "payment code (59): WeChat Pay codes have 18 digits, not 17");
    in.paycode = "99456789012345678";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "payment code (59): "));
    in.paycode = "1345678901234567X8";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "payment code (59): "));
    in = qr(HL_PURCHASE, 100);
    in.pan = FX_PAN;
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "purchase: a payment code (59) is sent instead of a card, "
                                  "never with a PAN, expiry, track 2 or PIN");
    in.pan = NULL;
    in.pin = FX_PIN;
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    in.pin = NULL;
    in.track2 = FX_PAN "=30121010000000000";
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    in = qr(HL_PREAUTH, 100);
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text,
                        "preauth: a payment code (59) pays only a purchase, its void or refund");
    in = qr(HL_BALANCE, 0);
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    in = qr(HL_VOID, 100);
    assert_int_equal(hl_request_card(&t, &in, &sent, &wire, &why), PS_EINVAL);
    assert_string_equal(why.text, "void: the original's RRN is required");
    assert_int_equal(t.next_stan, 1); /* nothing taken */
    hl_terminal_cleanup(&t);
}

/* In the upload a QR purchase is domestic (00) with zeros in the PAN's place. */
static void qr_upload_line(void **state)
{
    (void)state;
    struct hl_terminal t;
    struct hl_message sent;
    struct hl_record r;
    size_t cursor = 0;

    fx_terminal(&t, 20, 1);
    memset(&r, 0, sizeof(r));
    r.sent.kind = HL_PURCHASE;
    r.sent.stan = 3;
    r.sent.amount = 1234;
    memcpy(r.sent.paycode, FX_PAYCODE, sizeof(FX_PAYCODE));
    memcpy(r.sent.entry_mode, "032", 4);
    hl_batch_record(&t.batch, &r);
    assert_int_equal(t.batch.totals.domestic.debit_count, 1);
    assert_int_equal(t.batch.totals.domestic.debit_amount, 1234);
    assert_int_equal(t.batch.totals.foreign.debit_count, 0);
    assert_int_equal(hl_request_upload(&t, &cursor, &sent, &wire, NULL), 0);
    unpack_built();
    assert_field(48, "01"
                     "00"
                     "000003"
                     "00000000000000000000"
                     "000000001234");
    assert_false(holds(wire.frame, wire.len, FX_PAYCODE));
    hl_terminal_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sign_in_0800),
        cmocka_unit_test(sign_off_0820),
        cmocka_unit_test(purchase_with_pin),
        cmocka_unit_test(balance_inquiry),
        cmocka_unit_test(void_of_a_purchase),
        cmocka_unit_test(refund_0220),
        cmocka_unit_test(preauth_family),
        cmocka_unit_test(reversal_0400),
        cmocka_unit_test(settlement_0500),
        cmocka_unit_test(batch_upload_lines_and_end),
        cmocka_unit_test(refusals),
        cmocka_unit_test(swiped_purchase),
        cmocka_unit_test(swiped_refusals),
        cmocka_unit_test(qr_purchase),
        cmocka_unit_test(qr_void_refund_reversal),
        cmocka_unit_test(qr_refusals),
        cmocka_unit_test(qr_upload_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
