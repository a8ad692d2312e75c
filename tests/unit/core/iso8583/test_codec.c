/* The ISO 8583 codec against hand-assembled messages of both dialects, and every
 * malformed-input class the host must survive. The CUP purchase below was assembled
 * byte by byte from the CUP POS field conventions (docs/protocol.md), not produced by
 * this codec. */
#include "testing.h"

#include "core/iso8583/iso8583.h"

/* A CUP purchase request (0200) as a terminal frames it: 2-byte length, TPDU, header,
 * MTI, bitmap 702404C020009811 (fields 2 3 4 11 14 22 25 26 35 49 52 53 60 64). */
static const char cup_purchase_hex[] =
    "0063"                                 /* length: 99 bytes follow */
    "6000030000"                           /* TPDU */
    "603100000000"                         /* application header */
    "0200"                                 /* MTI */
    "702404C020009811"                     /* bitmap */
    "19" "62220200000000000180"            /* 2: PAN, 19 digits, left-aligned */
    "000000"                               /* 3: processing code */
    "000000000100"                         /* 4: amount 1.00 */
    "000123"                               /* 11: STAN */
    "3012"                                 /* 14: expiry */
    "0210"                                 /* 22: entry mode 021, left-aligned */
    "00"                                   /* 25 */
    "12"                                   /* 26 */
    "24" "6222020000000000018D3012"        /* 35: track 2, D = separator */
    "313536"                               /* 49: "156" */
    "1122334455667788"                     /* 52: PIN block */
    "2600000000000000"                     /* 53 */
    "0013" "22000001000500"                /* 60: 13 digits, left-aligned */
    "A1A2A3A4A5A6A7A8";                    /* 64: MAC */

static size_t load(const char *hex, uint8_t *buf)
{
    return unhex(hex, buf, 4096);
}

static void assert_field(const struct ps_iso_msg *m, int n, const char *want)
{
    const struct ps_iso_value *v = ps_iso_get(m, n);
    assert_non_null(v);
    assert_int_equal(v->len, strlen(want));
    assert_memory_equal(v->ptr, want, v->len);
}

static void set_or_fail(struct ps_iso_msg *m, int n, const char *value)
{
    struct ps_reason why = {{0}};
    int rc = ps_iso_set_str(m, n, value, &why);
    if (rc != 0)
        fail_msg("set field %d: %s", n, why.text);
}

static void unpacks_cup_purchase(void **state)
{
    (void)state;
    uint8_t wire[256];
    size_t len = load(cup_purchase_hex, wire);
    struct ps_iso_msg m;
    struct ps_reason why = {{0}};

    assert_int_equal(ps_iso_unpack(&m, &ps_iso_cup, wire, len, PS_ISO_FRAME, &why), 0);
    assert_string_equal(m.mti, "0200");
    assert_hex_equal(m.tpdu, 5, "6000030000");
    assert_hex_equal(m.header, 6, "603100000000");
    assert_field(&m, 2, "6222020000000000018");
    assert_field(&m, 3, "000000");
    assert_field(&m, 4, "000000000100");
    assert_field(&m, 11, "000123");
    assert_field(&m, 14, "3012");
    assert_field(&m, 22, "021");
    assert_field(&m, 25, "00");
    assert_field(&m, 26, "12");
    assert_field(&m, 35, "6222020000000000018=3012");
    assert_field(&m, 49, "156");
    assert_hex_equal(ps_iso_get(&m, 52)->ptr, 8, "1122334455667788");
    assert_field(&m, 53, "2600000000000000");
    assert_field(&m, 60, "2200000100050");
    assert_hex_equal(ps_iso_get(&m, 64)->ptr, 8, "A1A2A3A4A5A6A7A8");
    assert_false(ps_iso_has(&m, 12));

    uint64_t amount = 0;
    assert_int_equal(ps_iso_get_u64(&m, 4, &amount), 0);
    assert_int_equal(amount, 100);
}

static void packs_cup_purchase_byte_for_byte(void **state)
{
    (void)state;
    uint8_t want[256], mac[8], out[256];
    size_t want_len = load(cup_purchase_hex, want);
    struct ps_iso_msg m;
    size_t out_len = 0;

    ps_iso_init(&m, &ps_iso_cup);
    assert_int_equal(ps_iso_set_mti(&m, "0200", NULL), 0);
    load("6000030000", m.tpdu);
    load("603100000000", m.header);
    set_or_fail(&m, 2, "6222020000000000018");
    set_or_fail(&m, 3, "0");         /* fixed numbers fill with leading zeros */
    assert_int_equal(ps_iso_set_u64(&m, 4, 100, NULL), 0);
    assert_int_equal(ps_iso_set_u64(&m, 11, 123, NULL), 0);
    set_or_fail(&m, 14, "3012");
    set_or_fail(&m, 22, "021");
    set_or_fail(&m, 25, "00");
    set_or_fail(&m, 26, "12");
    set_or_fail(&m, 35, "6222020000000000018D3012"); /* 'D' spelling is accepted */
    set_or_fail(&m, 49, "156");
    const uint8_t pin_block[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    assert_int_equal(ps_iso_set(&m, 52, pin_block, 8, NULL), 0);
    set_or_fail(&m, 53, "2600000000000000");
    set_or_fail(&m, 60, "2200000100050");
    load("A1A2A3A4A5A6A7A8", mac);
    assert_int_equal(ps_iso_set(&m, 64, mac, 8, NULL), 0);

    assert_int_equal(ps_iso_pack(&m, out, sizeof(out), &out_len, PS_ISO_FRAME, NULL), 0);
    assert_int_equal(out_len, want_len);
    assert_memory_equal(out, want, want_len);
}

static void packs_without_envelope_or_length(void **state)
{
    (void)state;
    uint8_t wire[256], out[256];
    size_t len = load(cup_purchase_hex, wire), out_len = 0;
    struct ps_iso_msg m;

    assert_int_equal(ps_iso_unpack(&m, &ps_iso_cup, wire, len, PS_ISO_FRAME, NULL), 0);
    assert_int_equal(ps_iso_pack(&m, out, sizeof(out), &out_len, 0, NULL), 0);
    assert_int_equal(out_len, len - 13); /* no length prefix, TPDU or header */
    assert_memory_equal(out, wire + 13, out_len);

    struct ps_iso_msg again;
    assert_int_equal(ps_iso_unpack(&again, &ps_iso_cup, out, out_len, 0, NULL), 0);
    assert_field(&again, 35, "6222020000000000018=3012");
}

/* ISO 8583:1987 ASCII: a network management message with a secondary bitmap. */
static void iso87_secondary_bitmap(void **state)
{
    (void)state;
    const char text[] = "0800"
                        "8220000000000000" /* bit 1 (secondary), 7, 11 */
                        "0400000000000000" /* 70 */
                        "1123101530"       /* 7 */
                        "000001"           /* 11 */
                        "301";             /* 70: echo test */
    struct ps_iso_msg m;
    struct ps_reason why = {{0}};
    uint8_t out[128];
    size_t out_len = 0;

    assert_int_equal(ps_iso_unpack(&m, &ps_iso_iso87, (const uint8_t *)text, strlen(text), 0, &why),
                     0);
    assert_string_equal(m.mti, "0800");
    assert_field(&m, 7, "1123101530");
    assert_field(&m, 11, "000001");
    assert_field(&m, 70, "301");
    assert_false(ps_iso_has(&m, 1));
    assert_int_equal(ps_iso_next_field(&m, 0), 7);
    assert_int_equal(ps_iso_next_field(&m, 7), 11);
    assert_int_equal(ps_iso_next_field(&m, 11), 70);
    assert_int_equal(ps_iso_next_field(&m, 70), 0);

    assert_int_equal(ps_iso_pack(&m, out, sizeof(out), &out_len, 0, NULL), 0);
    assert_int_equal(out_len, strlen(text));
    assert_memory_equal(out, text, out_len);
}

static void iso87_binary_and_signed_fields(void **state)
{
    (void)state;
    struct ps_iso_msg m, back;
    uint8_t pin[8] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03};
    uint8_t out[256];
    size_t out_len = 0;

    ps_iso_init(&m, &ps_iso_iso87);
    assert_int_equal(ps_iso_set_mti(&m, "0200", NULL), 0);
    set_or_fail(&m, 2, "4367420000000000019");
    set_or_fail(&m, 28, "D00000150");
    assert_int_equal(ps_iso_set(&m, 52, pin, 8, NULL), 0);
    set_or_fail(&m, 102, "ACCT-001");
    assert_int_equal(ps_iso_pack(&m, out, sizeof(out), &out_len, PS_ISO_LENGTH, NULL), 0);
    /* length, MTI, two bitmaps, then "194367420000000000019" ... PIN as hex. */
    assert_memory_equal(out + 2, "0200", 4);
    assert_memory_equal(out + 38, "194367420000000000019D00000150DEADBEEF00010203", 46);

    assert_int_equal(ps_iso_unpack(&back, &ps_iso_iso87, out, out_len, PS_ISO_LENGTH, NULL), 0);
    assert_memory_equal(ps_iso_get(&back, 52)->ptr, pin, 8);
    assert_field(&back, 28, "D00000150");
    assert_field(&back, 102, "ACCT-001");
}

/* ---- malformed input ----------------------------------------------------------- */

static void expect_reject(const struct ps_iso_dialect *d, const char *hex, unsigned flags, int code,
                          const char *reason)
{
    uint8_t wire[512];
    size_t len = load(hex, wire);
    struct ps_iso_msg m;
    struct ps_reason why = {{0}};
    int rc = ps_iso_unpack(&m, d, wire, len, flags, &why);
    if (rc != code || strcmp(why.text, reason) != 0)
        fail_msg("want %d \"%s\", got %d \"%s\"", code, reason, rc, why.text);
    assert_int_equal(ps_iso_next_field(&m, 0), 0); /* nothing half-read is left behind */
}

static void rejects_every_truncation(void **state)
{
    (void)state;
    uint8_t wire[256];
    size_t len = load(cup_purchase_hex, wire);
    struct ps_iso_msg m;

    /* Every proper prefix of the body is rejected, with a reason, and read in bounds
     * (ASan watches: the copy is exactly cut bytes long). */
    for (size_t cut = 0; cut < len - 2; cut++) {
        uint8_t *copy = test_malloc(cut + 1);
        memcpy(copy, wire + 2, cut);
        struct ps_reason why = {{0}};
        int rc = ps_iso_unpack(&m, &ps_iso_cup, copy, cut, PS_ISO_ENVELOPE, &why);
        test_free(copy);
        if (rc >= 0 || why.text[0] == '\0')
            fail_msg("prefix of %zu bytes: rc %d, reason \"%s\"", cut, rc, why.text);
    }
}

static void names_the_short_field(void **state)
{
    (void)state;
    /* fields 3 and 4, with field 4 one byte short */
    expect_reject(&ps_iso_cup, "0200 3000000000000000 000000 0000000001", 0, PS_ETRUNCATED,
                  "field 4: 5 bytes left, 6 needed");
}

static void rejects_over_long_variable_field(void **state)
{
    (void)state;
    expect_reject(&ps_iso_cup, "0200 4000000000000000 20 62220200000000000180", 0, PS_ETOOLONG,
                  "field 2: length 20 exceeds the maximum 19");
}

static void rejects_non_bcd_nibble(void **state)
{
    (void)state;
    expect_reject(&ps_iso_cup, "0200 1000000000000000 00A000000100", 0, PS_EFORMAT,
                  "field 4: nibble A at digit 3 is not a BCD digit");
    expect_reject(&ps_iso_cup, "0200 4000000000000000 1A 62220200000000000180", 0, PS_EFORMAT,
                  "field 2: length prefix 1A is not BCD");
    expect_reject(&ps_iso_cup, "02A0 1000000000000000 000000000100", 0, PS_EFORMAT,
                  "MTI: 02A0 is not four digits");
    expect_reject(&ps_iso_cup, "0200 4000000000000000 03 123C", 0, PS_EFORMAT,
                  "field 2: filler nibble C should be 0");
    /* track 2 may hold a separator, a PAN may not */
    expect_reject(&ps_iso_cup, "0200 4000000000000000 04 12D4", 0, PS_EFORMAT,
                  "field 2: nibble D at digit 3 is not a BCD digit");
    expect_reject(&ps_iso_cup, "0200 0000000020000000 04 12E4", 0, PS_EFORMAT,
                  "field 35: nibble E at digit 3 is not a digit or separator");
}

static void rejects_undefined_fields(void **state)
{
    (void)state;
    expect_reject(&ps_iso_cup, "0200 0800000000000000 000000000000", 0, PS_EUNDEFINED,
                  "bitmap names field 5, which dialect cup does not define");
    expect_reject(&ps_iso_cup, "0200 C000000000000000 0000000000000000", 0, PS_EUNDEFINED,
                  "bitmap: bit 1 announces a secondary bitmap, which dialect cup does not have");
    expect_reject(&ps_iso_iso87,
                  "30323030" "38303030303030303030303030303030" /* "0200" "8000000000000000" */
                  "38303030303030303030303030303030",           /* secondary: field 65 */
                  0, PS_EUNDEFINED, "bitmap names field 65, which dialect iso87 does not define");
}

static void rejects_bad_length_prefix_and_trailing_bytes(void **state)
{
    (void)state;
    expect_reject(&ps_iso_cup, "0064 6000030000 603100000000 0200 1000000000000000 000000000100",
                  PS_ISO_FRAME, PS_ETRUNCATED, "length prefix: announces 100 bytes, 27 follow");
    expect_reject(&ps_iso_cup, "0200 1000000000000000 000000000100 FFFF", 0, PS_EFORMAT,
                  "message: 2 bytes after the last field");
    expect_reject(&ps_iso_cup, "00", PS_ISO_FRAME, PS_ETRUNCATED,
                  "length prefix: 1 bytes, 2 needed");
    expect_reject(&ps_iso_cup, "0005 6000030000", PS_ISO_FRAME, PS_ETRUNCATED,
                  "TPDU and header: 5 bytes left, 11 needed");
}

static void rejects_bad_ascii_content(void **state)
{
    (void)state;
    /* iso87 field 3 "00A000", field 41 with a control byte */
    expect_reject(&ps_iso_iso87, "30323030 32303030303030303030303030303030 303041303030", 0,
                  PS_EFORMAT, "field 3: 'A' at position 3 is not allowed");
    expect_reject(&ps_iso_iso87,
                  "30323030 30303030303030303030383030303030 5445524D0A303031", 0, PS_EFORMAT,
                  "field 41: byte 0x0A at position 5 is not allowed");
    expect_reject(&ps_iso_iso87, "30323030 34303030303030303030303030303030 3358", 0, PS_EFORMAT,
                  "field 2: length prefix 3358 is not ASCII digits");
}

static void rejects_message_over_the_limit(void **state)
{
    (void)state;
    static uint8_t big[PS_ISO_MAX_MESSAGE + 64];
    struct ps_iso_msg m;
    struct ps_reason why = {{0}};
    memset(big, '0', sizeof(big));
    assert_int_equal(ps_iso_unpack(&m, &ps_iso_iso87, big, sizeof(big), 0, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "message: 8256 bytes, at most 8192");
}

/* ---- setting values -------------------------------------------------------------- */

static void expect_set_error(const struct ps_iso_dialect *d, int n, const void *value, size_t len,
                             int code, const char *reason)
{
    struct ps_iso_msg m;
    struct ps_reason why = {{0}};
    ps_iso_init(&m, d);
    int rc = ps_iso_set(&m, n, value, len, &why);
    if (rc != code || strcmp(why.text, reason) != 0)
        fail_msg("want %d \"%s\", got %d \"%s\"", code, reason, rc, why.text);
    assert_false(ps_iso_has(&m, n));
}

static void set_checks_every_value(void **state)
{
    (void)state;
    expect_set_error(&ps_iso_cup, 5, "1", 1, PS_EUNDEFINED, "field 5: not defined in dialect cup");
    expect_set_error(&ps_iso_cup, 65, "1", 1, PS_EUNDEFINED,
                     "field 65: not defined in dialect cup");
    expect_set_error(&ps_iso_cup, 4, "1234567890123", 13, PS_ETOOLONG,
                     "field 4: 13 digits, at most 12");
    expect_set_error(&ps_iso_cup, 4, "12.34", 5, PS_EFORMAT,
                     "field 4: '.' at position 3 is not allowed");
    expect_set_error(&ps_iso_cup, 41, "TERM\x01", 5, PS_EFORMAT,
                     "field 41: byte 0x01 at position 5 is not allowed");
    expect_set_error(&ps_iso_cup, 64, "\x01\x02", 2, PS_EFORMAT, "field 64: 2 bytes, exactly 8 needed");
    expect_set_error(&ps_iso_cup, 35, "6222=30X2", 9, PS_EFORMAT,
                     "field 35: 'X' at position 8 is not allowed");
    expect_set_error(&ps_iso_iso87, 28, "X00000150", 9, PS_EFORMAT,
                     "field 28: 'X' at position 1 is not allowed");
    expect_set_error(&ps_iso_iso87, 28, "C150", 4, PS_EFORMAT, "field 28: 4 digits, exactly 9 needed");

    struct ps_reason why;
    struct ps_iso_msg m;
    ps_iso_init(&m, &ps_iso_cup);
    assert_int_equal(ps_iso_set_mti(&m, "02x0", &why), PS_EFORMAT);
    assert_string_equal(why.text, "MTI: \"02x0\" is not four digits");
    assert_int_equal(ps_iso_set_mti(&m, "02000", &why), PS_EFORMAT);
    uint8_t out[64];
    size_t out_len;
    assert_int_equal(ps_iso_pack(&m, out, sizeof(out), &out_len, 0, &why), PS_EFORMAT);
    assert_string_equal(why.text, "MTI: not set");
}

static void set_fills_fixed_fields(void **state)
{
    (void)state;
    struct ps_iso_msg m;
    ps_iso_init(&m, &ps_iso_cup);
    set_or_fail(&m, 41, "T1");
    assert_field(&m, 41, "T1      ");
    set_or_fail(&m, 11, "7");
    assert_field(&m, 11, "000007");
    assert_int_equal(ps_iso_set_u64(&m, 4, 123456, NULL), 0);
    assert_field(&m, 4, "000000123456");
    assert_true(ps_iso_value_is(&m, 4, "000000123456"));
    assert_false(ps_iso_value_is(&m, 4, "123456"));
    ps_iso_unset(&m, 41);
    assert_false(ps_iso_has(&m, 41));
    assert_null(ps_iso_get(&m, 41));

    uint64_t v;
    assert_int_equal(ps_iso_get_u64(&m, 41, &v), PS_EUNDEFINED);
    set_or_fail(&m, 2, "");
    assert_int_equal(ps_iso_get_u64(&m, 2, &v), PS_EFORMAT);
    set_or_fail(&m, 48, "99999999999999999999"); /* 20 digits: past UINT64_MAX */
    assert_int_equal(ps_iso_get_u64(&m, 48, &v), PS_EOVERFLOW);
}

static void pack_reports_a_full_buffer(void **state)
{
    (void)state;
    uint8_t wire[256], out[256];
    size_t len = load(cup_purchase_hex, wire), out_len;
    struct ps_iso_msg m;
    struct ps_reason why;
    assert_int_equal(ps_iso_unpack(&m, &ps_iso_cup, wire, len, PS_ISO_FRAME, NULL), 0);
    for (size_t cap = 0; cap < len; cap++) {
        int rc = ps_iso_pack(&m, out, cap, &out_len, PS_ISO_FRAME, &why);
        if (rc != PS_ESPACE)
            fail_msg("cap %zu: rc %d", cap, rc);
    }
    assert_int_equal(ps_iso_pack(&m, out, len, &out_len, PS_ISO_FRAME, NULL), 0);
}

static void set_reports_a_full_store(void **state)
{
    (void)state;
    static struct ps_iso_msg m;
    static char text[999];
    struct ps_reason why = {{0}};
    int rc = 0, sets = 0;
    memset(text, 'x', sizeof(text));
    ps_iso_init(&m, &ps_iso_iso87);
    while (rc == 0 && sets < 100) {
        rc = ps_iso_set(&m, 120, text, sizeof(text), &why);
        sets++;
    }
    assert_int_equal(rc, PS_ESPACE);
    assert_string_equal(why.text, "field 120: the message store is full");
    assert_int_equal(sets, PS_ISO_STORE_SIZE / 999 + 1);
}

static void pack_refuses_a_message_over_the_limit(void **state)
{
    (void)state;
    static struct ps_iso_msg m;
    static uint8_t out[4 * PS_ISO_MAX_MESSAGE];
    static char text[999];
    struct ps_reason why = {{0}};
    size_t out_len;
    memset(text, 'x', sizeof(text));
    ps_iso_init(&m, &ps_iso_iso87);
    assert_int_equal(ps_iso_set_mti(&m, "0200", NULL), 0);
    for (int n = 105; n <= 113; n++)
        assert_int_equal(ps_iso_set(&m, n, text, sizeof(text), NULL), 0);
    assert_int_equal(ps_iso_pack(&m, out, sizeof(out), &out_len, 0, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "message: 9054 bytes, at most 8192");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unpacks_cup_purchase),
        cmocka_unit_test(packs_cup_purchase_byte_for_byte),
        cmocka_unit_test(packs_without_envelope_or_length),
        cmocka_unit_test(iso87_secondary_bitmap),
        cmocka_unit_test(iso87_binary_and_signed_fields),
        cmocka_unit_test(rejects_every_truncation),
        cmocka_unit_test(names_the_short_field),
        cmocka_unit_test(rejects_over_long_variable_field),
        cmocka_unit_test(rejects_non_bcd_nibble),
        cmocka_unit_test(rejects_undefined_fields),
        cmocka_unit_test(rejects_bad_length_prefix_and_trailing_bytes),
        cmocka_unit_test(rejects_bad_ascii_content),
        cmocka_unit_test(rejects_message_over_the_limit),
        cmocka_unit_test(set_checks_every_value),
        cmocka_unit_test(set_fills_fixed_fields),
        cmocka_unit_test(pack_reports_a_full_buffer),
        cmocka_unit_test(set_reports_a_full_store),
        cmocka_unit_test(pack_refuses_a_message_over_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
