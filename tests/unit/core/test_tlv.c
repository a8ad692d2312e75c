#include "testing.h"


#include "core/tlv.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* Field 55 of a purchase (0200) from a UnionPay IC terminal: the ARQC and the data it
 * covers, one element per line as a terminal log would show it. */
static const char field55_purchase[] = "9F26081122334455667788" /* application cryptogram */
                                       "9F270180"               /* cryptogram info: ARQC */
                                       "9F101307010103A0A802010A010000000000E9AC0E7F" /* IAD */
                                       "9F37049BADBCAB"         /* unpredictable number */
                                       "9F360200FE"             /* ATC */
                                       "95050000000800"         /* TVR */
                                       "9A03240518"             /* transaction date */
                                       "9C0100"                 /* transaction type */
                                       "9F0206000000012345"     /* amount authorised */
                                       "5F2A020156"             /* currency: CNY */
                                       "82027C00"               /* AIP */
                                       "9F1A020156"             /* terminal country: CN */
                                       "9F0306000000000000"     /* amount other */
                                       "9F3303E0F1C8"           /* terminal capabilities */
                                       "9F3403420300"           /* CVM results */
                                       "9F350122"               /* terminal type */
                                       "9F1E083132333435363738" /* IFD serial number */
                                       "8408A000000333010101"   /* DF name: UnionPay debit */
                                       "9F09020020"             /* application version */
                                       "9F410400000123";        /* transaction counter */

static const struct {
    uint32_t tag;
    size_t len;
} field55_tags[] = {
    {0x9F26, 8}, {0x9F27, 1}, {0x9F10, 19}, {0x9F37, 4}, {0x9F36, 2}, {0x95, 5},   {0x9A, 3},
    {0x9C, 1},   {0x9F02, 6}, {0x5F2A, 2},  {0x82, 2},   {0x9F1A, 2}, {0x9F03, 6}, {0x9F33, 3},
    {0x9F34, 3}, {0x9F35, 1}, {0x9F1E, 8},  {0x84, 8},   {0x9F09, 2}, {0x9F41, 4},
};

/* A response-side structure: a GENERATE AC response in format 2 (template 77), issuer
 * authentication data (91), an issuer script (72 holding 9F18 and 86), a record
 * template (70), then a top-level 9F36 that a depth-first search must not reach first. */
static const char templates[] = "772A"
                                "9F270180"
                                "9F360200FE"
                                "9F26081122334455667788"
                                "9F101307010103A0A802010A010000000000E9AC0E7F"
                                "910A1A2B3C4D5E6F70803030"
                                "720D9F180400000001860484240000"
                                "70145A0862220212345678905F24032712315F340101"
                                "9F36020777";

/* Heap copy of exactly len bytes, so AddressSanitizer catches any read past the end. */
static uint8_t *exact_copy(const uint8_t *bytes, size_t len)
{
    uint8_t *copy = malloc(len > 0 ? len : 1);
    assert_non_null(copy);
    if (len > 0)
        memcpy(copy, bytes, len);
    return copy;
}

/* Decodes a hex literal into an exact-size heap buffer; *len (OUT) is its size. */
static uint8_t *exact_hex(const char *hex, size_t *len)
{
    static uint8_t tmp[4096];
    *len = unhex(hex, tmp, sizeof(tmp));
    return exact_copy(tmp, *len);
}

/* ---- decoding well-formed data ----------------------------------------------------- */

static void iterates_field_55_of_a_purchase(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = exact_hex(field55_purchase, &len);
    size_t offset = 0;
    struct ps_tlv tlv;
    struct ps_reason why;

    for (size_t i = 0; i < PS_ARRAY_LEN(field55_tags); i++) {
        assert_int_equal(ps_tlv_next(buf, len, &offset, &tlv, &why), 1);
        assert_int_equal(tlv.tag, field55_tags[i].tag);
        assert_int_equal(tlv.len, field55_tags[i].len);
        assert_int_equal(tlv.constructed, 0);
        assert_ptr_equal(tlv.raw + tlv.raw_len, buf + offset);
    }
    assert_int_equal(offset, len);
    assert_int_equal(ps_tlv_next(buf, len, &offset, &tlv, &why), 0);
    assert_int_equal(ps_tlv_next(buf, len, &offset, &tlv, &why), 0); /* and stays at end */
    assert_int_equal(ps_tlv_validate(buf, len, &why), 0);
    free(buf);
}

static void finds_field_55_elements(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = exact_hex(field55_purchase, &len);
    struct ps_tlv tlv;
    struct ps_reason why;

    assert_int_equal(ps_tlv_find(buf, len, 0x9F26, &tlv, &why), 1);
    assert_hex_equal(tlv.value, tlv.len, "1122334455667788");
    assert_int_equal(ps_tlv_find(buf, len, 0x9F02, &tlv, &why), 1);
    assert_hex_equal(tlv.value, tlv.len, "000000012345");
    assert_int_equal(ps_tlv_find(buf, len, 0x84, &tlv, &why), 1);
    assert_hex_equal(tlv.value, tlv.len, "A000000333010101");
    assert_int_equal(ps_tlv_find(buf, len, 0x9F41, &tlv, &why), 1); /* the very last one */
    assert_hex_equal(tlv.raw, tlv.raw_len, "9F410400000123");
    assert_int_equal(ps_tlv_find(buf, len, 0x9F4E, &tlv, &why), 0); /* merchant name: absent */
    assert_null(tlv.value);
    assert_int_equal(ps_tlv_find(buf, len, 0, &tlv, &why), PS_EINVAL);
    assert_string_equal(why.text, "tlv: tag 00 cannot be searched for");
    free(buf);
}

static void finds_inside_templates_depth_first(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = exact_hex(templates, &len);
    struct ps_tlv tlv;
    struct ps_reason why;

    assert_int_equal(ps_tlv_validate(buf, len, &why), 0);
    assert_int_equal(ps_tlv_find(buf, len, 0x77, &tlv, &why), 1);
    assert_int_equal(tlv.constructed, 1);
    assert_int_equal(tlv.len, 42);
    /* 9F36 is inside 77 and again at the top level, later: encoding order wins. */
    assert_int_equal(ps_tlv_find(buf, len, 0x9F36, &tlv, &why), 1);
    assert_hex_equal(tlv.value, tlv.len, "00FE");
    assert_int_equal(ps_tlv_find(buf, len, 0x86, &tlv, &why), 1);
    assert_hex_equal(tlv.value, tlv.len, "84240000");
    assert_int_equal(ps_tlv_find(buf, len, 0x5F24, &tlv, &why), 1);
    assert_hex_equal(tlv.value, tlv.len, "271231");
    assert_int_equal(ps_tlv_find(buf, len, 0x91, &tlv, &why), 1);
    assert_int_equal(tlv.constructed, 0);
    assert_int_equal(tlv.len, 10);
    free(buf);
}

static void iterates_one_level_at_a_time(void **state)
{
    (void)state;
    static const uint32_t top[] = {0x77, 0x91, 0x72, 0x70, 0x9F36};
    static const uint32_t in77[] = {0x9F27, 0x9F36, 0x9F26, 0x9F10};
    size_t len;
    uint8_t *buf = exact_hex(templates, &len);
    size_t offset = 0;
    struct ps_tlv tlv, template77 = {0};

    for (size_t i = 0; i < PS_ARRAY_LEN(top); i++) {
        assert_int_equal(ps_tlv_next(buf, len, &offset, &tlv, NULL), 1);
        assert_int_equal(tlv.tag, top[i]);
        if (tlv.tag == 0x77)
            template77 = tlv;
    }
    assert_int_equal(ps_tlv_next(buf, len, &offset, &tlv, NULL), 0);

    offset = 0;
    for (size_t i = 0; i < PS_ARRAY_LEN(in77); i++) {
        assert_int_equal(ps_tlv_next(template77.value, template77.len, &offset, &tlv, NULL), 1);
        assert_int_equal(tlv.tag, in77[i]);
    }
    assert_int_equal(ps_tlv_next(template77.value, template77.len, &offset, &tlv, NULL), 0);
    free(buf);
}

static void reads_tags_of_one_to_four_bytes(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = exact_hex("8201AA 9F0201BB DF811101CC DF81810101DD E000", &len);
    static const uint32_t tags[] = {0x82, 0x9F02, 0xDF8111, 0xDF818101, 0xE0};
    size_t offset = 0;
    struct ps_tlv tlv;

    for (size_t i = 0; i < PS_ARRAY_LEN(tags); i++) {
        assert_int_equal(ps_tlv_next(buf, len, &offset, &tlv, NULL), 1);
        assert_int_equal(tlv.tag, tags[i]);
    }
    assert_int_equal(tlv.constructed, 1); /* E0: bit 6 set, empty template */
    assert_int_equal(tlv.len, 0);
    assert_int_equal(ps_tlv_validate(buf, len, NULL), 0);
    free(buf);
}

static void accepts_non_minimal_and_long_lengths(void **state)
{
    (void)state;
    static const char *const forms[] = {"9F270180", "9F27810180", "9F2782000180", "9F278300000180"};
    for (size_t i = 0; i < PS_ARRAY_LEN(forms); i++) {
        size_t len, offset = 0;
        uint8_t *buf = exact_hex(forms[i], &len);
        struct ps_tlv tlv;
        assert_int_equal(ps_tlv_next(buf, len, &offset, &tlv, NULL), 1);
        assert_int_equal(tlv.tag, 0x9F27);
        assert_int_equal(tlv.len, 1);
        assert_int_equal(tlv.value[0], 0x80);
        assert_int_equal(offset, len);
        free(buf);
    }

    static const size_t sizes[] = {127, 128, 255, 256, 300, 65535, 65536, 70000};
    static uint8_t big[70000 + 8];
    for (size_t i = 0; i < PS_ARRAY_LEN(sizes); i++) {
        size_t offset = 0;
        memset(big, 0x5A, sizeof(big));
        big[0] = 0x86; /* tag, then the length in the minimal form by hand */
        size_t at = 1;
        if (sizes[i] < 0x80) {
            big[at++] = (uint8_t)sizes[i];
        } else {
            size_t n = sizes[i] <= 0xFF ? 1 : sizes[i] <= 0xFFFF ? 2 : 3;
            big[at++] = (uint8_t)(0x80 | n);
            for (size_t k = n; k > 0; k--)
                big[at++] = (uint8_t)(sizes[i] >> (8 * (k - 1)));
        }
        uint8_t *copy = exact_copy(big, at + sizes[i]);
        struct ps_tlv tlv;
        assert_int_equal(ps_tlv_next(copy, at + sizes[i], &offset, &tlv, NULL), 1);
        assert_int_equal(tlv.len, sizes[i]);
        assert_ptr_equal(tlv.value, copy + at);
        free(copy);
    }
}

/* ---- rejecting malformed data ------------------------------------------------------ */

struct malformed {
    const char *hex;
    int code;
    const char *reason;
};

static const struct malformed malformed_cases[] = {
    {"9F", PS_ETRUNCATED, "tlv: offset 0: tag starting 9F is cut off by the end"},
    {"9F270180 5F", PS_ETRUNCATED, "tlv: offset 4: tag starting 5F is cut off by the end"},
    {"DF81", PS_ETRUNCATED, "tlv: offset 0: tag starting DF81 is cut off by the end"},
    {"9F81818101 0100", PS_ETOOLONG, "tlv: offset 0: tag starting 9F818181 is longer than 4 bytes"},
    {"9F818181", PS_ETOOLONG, "tlv: offset 0: tag starting 9F818181 is longer than 4 bytes"},
    {"9F26", PS_ETRUNCATED, "tlv: offset 2: no length after tag 9F26"},
    {"9F270180 82", PS_ETRUNCATED, "tlv: offset 5: no length after tag 82"},
    {"9F2681", PS_ETRUNCATED,
     "tlv: offset 2: length form 0x81 is cut off (1 length byte announced, 0 left)"},
    {"9F268201", PS_ETRUNCATED,
     "tlv: offset 2: length form 0x82 is cut off (2 length bytes announced, 1 left)"},
    {"9F26830000", PS_ETRUNCATED,
     "tlv: offset 2: length form 0x83 is cut off (3 length bytes announced, 2 left)"},
    {"9F26081122", PS_ETRUNCATED,
     "tlv: offset 2: length 0x08 of tag 9F26 runs past the end (2 bytes left)"},
    {"9F2608", PS_ETRUNCATED,
     "tlv: offset 2: length 0x08 of tag 9F26 runs past the end (0 bytes left)"},
    {"9F37049BADBCAB 9C0100 9F1020 00112233445566778899", PS_ETRUNCATED,
     "tlv: offset 12: length 0x20 of tag 9F10 runs past the end (10 bytes left)"},
    {"8682012C 00", PS_ETRUNCATED,
     "tlv: offset 1: length 0x12C of tag 86 runs past the end (1 byte left)"},
    {"9F268011223344", PS_EFORMAT, "tlv: offset 2: indefinite length (0x80) is not allowed in EMV"},
    {"9F26840000000111", PS_EFORMAT,
     "tlv: offset 2: length form 0x84 is not supported (at most 0x83)"},
    {"9F2685", PS_EFORMAT, "tlv: offset 2: length form 0x85 is not supported (at most 0x83)"},
    {"9F26FF", PS_EFORMAT, "tlv: offset 2: length form 0xFF is not supported (at most 0x83)"},
    {"00 9F270180", PS_EFORMAT, "tlv: offset 0: padding byte 0x00 where a tag should start"},
    {"9F270180 FF", PS_EFORMAT, "tlv: offset 4: padding byte 0xFF where a tag should start"},
    {"9F270180 0000", PS_EFORMAT, "tlv: offset 4: padding byte 0x00 where a tag should start"},
};

/* Every malformed input fails the same way through every entry point. */
static void rejects_malformed_top_level_with_reasons(void **state)
{
    (void)state;
    for (size_t i = 0; i < PS_ARRAY_LEN(malformed_cases); i++) {
        const struct malformed *c = &malformed_cases[i];
        size_t len, offset = 0;
        uint8_t *buf = exact_hex(c->hex, &len);
        struct ps_tlv tlv;
        struct ps_reason why;
        int rc;

        ps_reason_clear(&why);
        assert_int_equal(ps_tlv_validate(buf, len, &why), c->code);
        assert_string_equal(why.text, c->reason);

        ps_reason_clear(&why);
        assert_int_equal(ps_tlv_find(buf, len, 0xDF7F, &tlv, &why), c->code);
        assert_string_equal(why.text, c->reason);

        while ((rc = ps_tlv_next(buf, len, &offset, &tlv, &why)) == 1)
            ;
        assert_int_equal(rc, c->code);
        assert_string_equal(why.text, c->reason);
        assert_null(tlv.value);
        free(buf);
    }
}

static void rejects_malformed_content_of_templates(void **state)
{
    (void)state;
    size_t len, offset = 0;
    uint8_t *buf = exact_hex("9F360200FE 7704 9F270280", &len);
    struct ps_tlv tlv;
    struct ps_reason why;

    /* One level at a time the template looks fine: its content is not read. */
    assert_int_equal(ps_tlv_next(buf, len, &offset, &tlv, NULL), 1);
    assert_int_equal(ps_tlv_next(buf, len, &offset, &tlv, NULL), 1);
    assert_int_equal(tlv.tag, 0x77);

    /* Offsets name the byte in the whole buffer, not in the template. */
    assert_int_equal(ps_tlv_validate(buf, len, &why), PS_ETRUNCATED);
    assert_string_equal(why.text,
                        "tlv: offset 9: length 0x02 of tag 9F27 runs past the end (1 byte left)");
    assert_int_equal(ps_tlv_find(buf, len, 0x9F27, &tlv, &why), PS_ETRUNCATED);
    /* A match before the damage is found; ps_tlv_validate() is what checks the tail. */
    assert_int_equal(ps_tlv_find(buf, len, 0x9F36, &tlv, &why), 1);
    free(buf);

    buf = exact_hex("7003 000000", &len);
    assert_int_equal(ps_tlv_validate(buf, len, &why), PS_EFORMAT);
    assert_string_equal(why.text, "tlv: offset 2: padding byte 0x00 where a tag should start");
    free(buf);
}

/* levels nested E1 templates around one 9F27 01 80 (levels >= 1), or around nothing
 * when empty_core; *len (OUT) is the size. */
static uint8_t *nested(int levels, int empty_core, size_t *len)
{
    uint8_t tmp[64];
    size_t core = empty_core ? 0 : 4;
    size_t total = 2 * (size_t)levels + core;
    for (int i = 0; i < levels; i++) {
        tmp[2 * i] = 0xE1;
        tmp[2 * i + 1] = (uint8_t)(total - 2 * (size_t)i - 2);
    }
    memcpy(tmp + 2 * levels, "\x9F\x27\x01\x80", core);
    *len = total;
    return exact_copy(tmp, total);
}

static void caps_nesting_depth(void **state)
{
    (void)state;
    size_t len;
    struct ps_tlv tlv;
    struct ps_reason why;

    /* 7 templates + the primitive = 8 levels: the most allowed. */
    uint8_t *buf = nested(PS_TLV_MAX_DEPTH - 1, 0, &len);
    assert_int_equal(ps_tlv_validate(buf, len, &why), 0);
    assert_int_equal(ps_tlv_find(buf, len, 0x9F27, &tlv, &why), 1);
    free(buf);

    /* 8 templates, the innermost empty: still 8 levels. */
    buf = nested(PS_TLV_MAX_DEPTH, 1, &len);
    assert_int_equal(ps_tlv_validate(buf, len, &why), 0);
    free(buf);

    /* 8 templates + the primitive = 9 levels. */
    buf = nested(PS_TLV_MAX_DEPTH, 0, &len);
    assert_int_equal(ps_tlv_validate(buf, len, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "tlv: offset 16: nesting deeper than 8 levels");
    assert_int_equal(ps_tlv_find(buf, len, 0x9F27, &tlv, &why), PS_ETOOLONG);
    assert_int_equal(ps_tlv_find(buf, len, 0xE1, &tlv, &why), 1); /* found before the cap */
    free(buf);

    buf = nested(20, 0, &len);
    assert_int_equal(ps_tlv_validate(buf, len, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "tlv: offset 16: nesting deeper than 8 levels");
    free(buf);
}

static void rejects_bad_arguments(void **state)
{
    (void)state;
    const uint8_t buf[] = {0x9C, 0x01, 0x00};
    size_t offset = 4;
    struct ps_tlv tlv;
    struct ps_reason why;

    assert_int_equal(ps_tlv_next(buf, sizeof(buf), &offset, &tlv, &why), PS_EINVAL);
    assert_string_equal(why.text, "tlv: offset 4 is past the end (3 bytes)");
    assert_int_equal(offset, 4);
    offset = 0;
    assert_int_equal(ps_tlv_next(NULL, 3, &offset, &tlv, &why), PS_EINVAL);
    assert_int_equal(ps_tlv_next(NULL, 0, &offset, &tlv, &why), 0);
    assert_int_equal(ps_tlv_validate(NULL, 0, &why), 0);
    assert_int_equal(ps_tlv_validate(NULL, 1, &why), PS_EINVAL);
    assert_int_equal(ps_tlv_find(NULL, 0, 0x9C, &tlv, &why), 0);
    assert_int_equal(ps_tlv_find(NULL, 1, 0x9C, &tlv, &why), PS_EINVAL);
}

/* ---- writing ----------------------------------------------------------------------- */

static void writes_field_55(void **state)
{
    (void)state;
    uint8_t want[256], out[256];
    size_t want_len = unhex(field55_purchase, want, sizeof(want));
    size_t offset = 0, len;
    struct ps_tlv tlv;
    struct ps_tlv_writer w;

    /* Re-encode every decoded element: the terminal's bytes come back exactly. */
    ps_tlv_writer_init(&w, out, sizeof(out));
    while (ps_tlv_next(want, want_len, &offset, &tlv, NULL) == 1)
        ps_tlv_put(&w, tlv.tag, tlv.value, tlv.len);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, NULL), 0);
    assert_int_equal(len, want_len);
    assert_memory_equal(out, want, len);
}

static void writes_templates_with_begin_and_end(void **state)
{
    (void)state;
    static const uint8_t arqc[] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    uint8_t out[64];
    size_t len;
    struct ps_tlv_writer w;

    ps_tlv_writer_init(&w, out, sizeof(out));
    ps_tlv_begin(&w, 0x77);
    ps_tlv_put(&w, 0x9F27, (const uint8_t *)"\x80", 1);
    ps_tlv_put(&w, 0x9F36, (const uint8_t *)"\x00\xFE", 2);
    ps_tlv_put(&w, 0x9F26, arqc, sizeof(arqc));
    ps_tlv_end(&w);
    ps_tlv_begin(&w, 0x72);
    ps_tlv_put(&w, 0x9F18, (const uint8_t *)"\x00\x00\x00\x01", 4);
    ps_tlv_begin(&w, 0xE1); /* an empty template */
    ps_tlv_end(&w);
    ps_tlv_end(&w);
    ps_tlv_put(&w, 0x9C, NULL, 0);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, NULL), 0);
    assert_hex_equal(out, len,
                     "7714"
                     "9F270180"
                     "9F360200FE"
                     "9F26081122334455667788"
                     "7209"
                     "9F180400000001"
                     "E100"
                     "9C00");
}

/* A template whose value needs a 2, 3 or 4 byte length field is moved right on end. */
static void widens_template_lengths(void **state)
{
    (void)state;
    static const struct {
        size_t len;
        const char *header;
    } cases[] = {
        {127, "707F"}, {128, "708180"}, {255, "7081FF"}, {256, "70820100"}, {70000, "7083011170"},
    };
    static uint8_t value[70000], out[70000 + 16];
    for (size_t i = 0; i < sizeof(value); i++)
        value[i] = (uint8_t)(i * 7);

    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct ps_tlv_writer w;
        size_t len, offset = 0;
        uint8_t header[8];
        size_t header_len = unhex(cases[i].header, header, sizeof(header));
        struct ps_tlv tlv, script;

        /* The template holds one 86 whose whole encoding is exactly field bytes: its
         * own header is 2 to 5 bytes (fine for the sizes above, not for any size). */
        size_t field = cases[i].len;
        size_t hdr = field - 2 < 0x80 ? 2 : field - 3 <= 0xFF ? 3 : field - 4 <= 0xFFFF ? 4 : 5;
        size_t inner = field - hdr;

        ps_tlv_writer_init(&w, out, sizeof(out));
        ps_tlv_begin(&w, 0x70);
        ps_tlv_put(&w, 0x86, value, inner);
        ps_tlv_end(&w);
        assert_int_equal(ps_tlv_writer_finish(&w, &len, NULL), 0);
        assert_int_equal(len, header_len + field);
        assert_memory_equal(out, header, header_len);

        uint8_t *copy = exact_copy(out, len);
        assert_int_equal(ps_tlv_next(copy, len, &offset, &tlv, NULL), 1);
        assert_int_equal(tlv.tag, 0x70);
        assert_int_equal(tlv.len, field);
        assert_int_equal(ps_tlv_find(copy, len, 0x86, &script, NULL), 1);
        assert_int_equal(script.len, inner);
        assert_memory_equal(script.value, value, inner);
        free(copy);
    }
}

static void stops_at_capacity_and_stays_stopped(void **state)
{
    (void)state;
    static const uint8_t arqc[8] = {0};
    uint8_t out[16];
    size_t len = 99;
    struct ps_tlv_writer w;
    struct ps_reason why;

    memset(out, 0xEE, sizeof(out));
    ps_tlv_writer_init(&w, out, 10);
    assert_int_equal(ps_tlv_put(&w, 0x9C, (const uint8_t *)"\x00", 1), 0);
    assert_int_equal(ps_tlv_put(&w, 0x9F26, arqc, sizeof(arqc)), PS_ESPACE);
    /* Sticky: later calls do nothing, even ones that would fit. */
    assert_int_equal(ps_tlv_put(&w, 0x9C, (const uint8_t *)"\x00", 1), PS_ESPACE);
    assert_int_equal(ps_tlv_begin(&w, 0x77), PS_ESPACE);
    assert_int_equal(ps_tlv_end(&w), PS_ESPACE);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, &why), PS_ESPACE);
    assert_string_equal(why.text, "tlv: no room for tag 9F26 (11 bytes needed, 7 left)");
    assert_int_equal(len, 0);
    assert_hex_equal(out, sizeof(out), "9C0100EEEEEEEEEEEEEEEEEEEEEEEEEE");

    /* Exactly full is fine. */
    ps_tlv_writer_init(&w, out, 11);
    assert_int_equal(ps_tlv_put(&w, 0x9F26, arqc, sizeof(arqc)), 0);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, &why), 0);
    assert_int_equal(len, 11);

    /* A writer with no buffer at all. */
    ps_tlv_writer_init(&w, NULL, 0);
    assert_int_equal(ps_tlv_put(&w, 0x9C, NULL, 0), PS_ESPACE);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, &why), PS_ESPACE);
    assert_string_equal(why.text, "tlv: no room for tag 9C (2 bytes needed, 0 left)");
    ps_tlv_writer_init(&w, NULL, 5);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, &why), PS_EINVAL);
    assert_string_equal(why.text, "tlv: writer has no buffer");
}

static void needs_room_to_widen_a_length(void **state)
{
    (void)state;
    static uint8_t value[200];
    uint8_t out[2 + 3 + 200]; /* 70 xx, 86 81 C8, value: no room for 70's second byte */
    size_t len;
    struct ps_tlv_writer w;
    struct ps_reason why;

    ps_tlv_writer_init(&w, out, sizeof(out));
    assert_int_equal(ps_tlv_begin(&w, 0x70), 0);
    assert_int_equal(ps_tlv_put(&w, 0x86, value, sizeof(value)), 0);
    assert_int_equal(ps_tlv_end(&w), PS_ESPACE);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, &why), PS_ESPACE);
    assert_string_equal(why.text,
                        "tlv: no room to close tag 70 (1 more length byte needed, 0 left)");

    uint8_t roomy[sizeof(out) + 1];
    ps_tlv_writer_init(&w, roomy, sizeof(roomy));
    ps_tlv_begin(&w, 0x70);
    ps_tlv_put(&w, 0x86, value, sizeof(value));
    ps_tlv_end(&w);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, &why), 0);
    assert_int_equal(len, sizeof(roomy));
}

static void refuses_invalid_tags(void **state)
{
    (void)state;
    static const struct {
        uint32_t tag;
        const char *reason;
    } cases[] = {
        {0x00, "tlv: 00 is not a valid tag (0x00 and 0xFF are padding)"},
        {0xFF, "tlv: FF is not a valid tag (0x00 and 0xFF are padding)"},
        {0xFF01, "tlv: FF01 is not a valid tag (0x00 and 0xFF are padding)"},
        {0x9F, "tlv: 9F is not a valid tag (its last byte says another follows)"},
        {0x9F81, "tlv: 9F81 is not a valid tag (its last byte says another follows)"},
        {0x9F818181, "tlv: 9F818181 is not a valid tag (its last byte says another follows)"},
        {0x269F, "tlv: 269F is not a valid tag (it ends after byte 1)"},
        {0x9F2601, "tlv: 9F2601 is not a valid tag (it ends after byte 2)"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        uint8_t out[16];
        size_t len;
        struct ps_tlv_writer w;
        struct ps_reason why;
        ps_tlv_writer_init(&w, out, sizeof(out));
        assert_int_equal(ps_tlv_put(&w, cases[i].tag, NULL, 0), PS_EINVAL);
        assert_int_equal(ps_tlv_writer_finish(&w, &len, &why), PS_EINVAL);
        assert_string_equal(why.text, cases[i].reason);
        ps_tlv_writer_init(&w, out, sizeof(out));
        assert_int_equal(ps_tlv_begin(&w, cases[i].tag), PS_EINVAL);
    }
}

static void refuses_misuse(void **state)
{
    (void)state;
    uint8_t out[64];
    size_t len;
    struct ps_tlv_writer w;
    struct ps_reason why;

    ps_tlv_writer_init(&w, out, sizeof(out));
    assert_int_equal(ps_tlv_end(&w), PS_EINVAL);
    ps_tlv_writer_finish(&w, &len, &why);
    assert_string_equal(why.text, "tlv: end without a matching begin");

    ps_tlv_writer_init(&w, out, sizeof(out));
    ps_tlv_begin(&w, 0x70);
    ps_tlv_begin(&w, 0x77);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, &why), PS_EINVAL);
    assert_string_equal(why.text, "tlv: tag 77 is still open at finish");

    ps_tlv_writer_init(&w, out, sizeof(out));
    assert_int_equal(ps_tlv_put(&w, 0x86, NULL, 3), PS_EINVAL);
    ps_tlv_writer_finish(&w, &len, &why);
    assert_string_equal(why.text, "tlv: tag 86 has a length of 3 but no value");

    ps_tlv_writer_init(&w, out, sizeof(out));
    assert_int_equal(ps_tlv_put(&w, 0x86, out, (size_t)PS_TLV_MAX_VALUE_LEN + 1), PS_ETOOLONG);
    ps_tlv_writer_finish(&w, &len, &why);
    assert_string_equal(why.text, "tlv: value of tag 86 is 16777216 bytes, more than 0xFFFFFF");

    /* The writer nests as deep as the decoder accepts, and no deeper. */
    ps_tlv_writer_init(&w, out, sizeof(out));
    for (int i = 0; i < PS_TLV_MAX_DEPTH; i++)
        assert_int_equal(ps_tlv_begin(&w, 0xE1), 0);
    assert_int_equal(ps_tlv_put(&w, 0x9C, NULL, 0), PS_ETOOLONG);
    ps_tlv_writer_finish(&w, &len, &why);
    assert_string_equal(why.text, "tlv: tag 9C would nest deeper than 8 levels");

    ps_tlv_writer_init(&w, out, sizeof(out));
    for (int i = 0; i < PS_TLV_MAX_DEPTH; i++)
        ps_tlv_begin(&w, 0xE1);
    for (int i = 0; i < PS_TLV_MAX_DEPTH; i++)
        ps_tlv_end(&w);
    assert_int_equal(ps_tlv_writer_finish(&w, &len, &why), 0);
    assert_int_equal(ps_tlv_validate(out, len, &why), 0);
}

/* ---- random round trips ------------------------------------------------------------ */

/* What the generator wrote, in encoding order, to compare with what decodes. */
struct expected {
    uint32_t tag;
    int level;
    const uint8_t *value; /* NULL for a template */
    size_t len;
};

struct tree {
    uint64_t rng;
    struct expected items[256];
    size_t count;
    uint8_t pool[4096]; /* random bytes the values are taken from */
};

/* A random valid tag of 1 to 4 bytes, constructed or not. */
static uint32_t random_tag(uint64_t *rng, int constructed)
{
    int n = 1 + (int)(next_random(rng) % 4);
    uint8_t first = (uint8_t)next_random(rng);

    first = (uint8_t)((first & 0xC0) | (constructed ? 0x20 : 0));
    if (n == 1)
        first |= (uint8_t)(1 + next_random(rng) % 30); /* never 0x00, never 0x1F */
    else
        first |= 0x1F;
    if (first == 0xFF)
        first = 0xBF; /* 0xFF is padding, not a tag */

    uint32_t tag = first;
    for (int i = 1; i < n; i++) {
        uint8_t b = (uint8_t)next_random(rng);
        b = i < n - 1 ? (uint8_t)(b | 0x80) : (uint8_t)(b & 0x7F);
        tag = tag << 8 | b;
    }
    return tag;
}

static size_t random_value_len(uint64_t *rng)
{
    switch (next_random(rng) % 8) {
    case 0:
        return 0;
    case 1:
        return 120 + next_random(rng) % 200; /* around the 0x81 and 0x82 boundaries */
    default:
        return next_random(rng) % 12;
    }
}

static void write_random_level(struct tree *t, struct ps_tlv_writer *w, int level)
{
    size_t n = next_random(&t->rng) % 6;
    for (size_t i = 0; i < n && t->count < PS_ARRAY_LEN(t->items); i++) {
        struct expected *e = &t->items[t->count++];
        int constructed = level < PS_TLV_MAX_DEPTH && next_random(&t->rng) % 3 == 0;
        e->tag = random_tag(&t->rng, constructed);
        e->level = level;
        if (constructed) {
            e->value = NULL;
            ps_tlv_begin(w, e->tag);
            write_random_level(t, w, level + 1);
            ps_tlv_end(w);
        } else {
            e->len = random_value_len(&t->rng);
            e->value = t->pool + next_random(&t->rng) % (sizeof(t->pool) - e->len);
            ps_tlv_put(w, e->tag, e->value, e->len);
        }
    }
}

/* Decodes one level with ps_tlv_next() and checks it against t->items from *next on. */
static void check_level(const struct tree *t, const uint8_t *buf, size_t len, int level,
                        size_t *next, uint64_t seed)
{
    size_t offset = 0;
    struct ps_tlv tlv;
    int rc;
    while ((rc = ps_tlv_next(buf, len, &offset, &tlv, NULL)) == 1) {
        assert_seeded(*next < t->count, seed);
        const struct expected *e = &t->items[(*next)++];
        assert_seeded(tlv.tag == e->tag && e->level == level, seed);
        assert_seeded(tlv.constructed == (e->value == NULL), seed);
        if (e->value != NULL)
            assert_seeded(tlv.len == e->len && memcmp(tlv.value, e->value, e->len) == 0, seed);
        else
            check_level(t, tlv.value, tlv.len, level + 1, next, seed);
    }
    assert_seeded(rc == 0, seed);
}

/* Finding each tag must give its first occurrence in encoding order. */
static void check_find(const struct tree *t, const uint8_t *buf, size_t len, uint64_t seed)
{
    for (size_t i = 0; i < t->count; i++) {
        size_t first = 0;
        while (t->items[first].tag != t->items[i].tag)
            first++;
        struct ps_tlv tlv;
        assert_seeded(ps_tlv_find(buf, len, t->items[i].tag, &tlv, NULL) == 1, seed);
        if (t->items[first].value != NULL)
            assert_seeded(tlv.len == t->items[first].len &&
                              memcmp(tlv.value, t->items[first].value, tlv.len) == 0,
                          seed);
        else
            assert_seeded(tlv.constructed, seed);
    }
}

static void round_trips_random_trees(void **state)
{
    (void)state;
    static struct tree t;
    static uint8_t out[1 << 17];
    uint64_t seed = test_seed();

    t.rng = seed;
    for (size_t i = 0; i < sizeof(t.pool); i++)
        t.pool[i] = (uint8_t)next_random(&t.rng);
    for (int round = 0; round < 2000; round++) {
        struct ps_tlv_writer w;
        size_t len, next = 0;
        struct ps_reason why;

        t.count = 0;
        ps_tlv_writer_init(&w, out, sizeof(out));
        write_random_level(&t, &w, 1);
        assert_seeded(ps_tlv_writer_finish(&w, &len, &why) == 0, seed);

        uint8_t *copy = exact_copy(out, len);
        assert_seeded(ps_tlv_validate(copy, len, &why) == 0, seed);
        check_level(&t, copy, len, 1, &next, seed);
        assert_seeded(next == t.count, seed);
        check_find(&t, copy, len, seed);
        free(copy);
    }
}

/* Damaged encodings (cut short, bytes changed) through every decoder entry point:
 * nothing may crash or read out of bounds, and every rejection explains itself. */
static void survives_damaged_input(void **state)
{
    (void)state;
    static struct tree t;
    static uint8_t out[1 << 17];
    uint64_t seed = test_seed();

    t.rng = seed;
    for (size_t i = 0; i < sizeof(t.pool); i++)
        t.pool[i] = (uint8_t)next_random(&t.rng);
    for (int round = 0; round < 3000; round++) {
        struct ps_tlv_writer w;
        size_t len;
        t.count = 0;
        ps_tlv_writer_init(&w, out, sizeof(out));
        write_random_level(&t, &w, 1);
        assert_seeded(ps_tlv_writer_finish(&w, &len, NULL) == 0, seed);
        if (len == 0)
            continue;

        len = 1 + next_random(&t.rng) % len;
        for (int k = (int)(next_random(&t.rng) % 4); k > 0; k--)
            out[next_random(&t.rng) % len] = (uint8_t)next_random(&t.rng);
        uint8_t *copy = exact_copy(out, len);
        struct ps_reason why;
        struct ps_tlv tlv;
        size_t offset = 0;
        int rc = ps_tlv_validate(copy, len, &why);
        assert_seeded(rc == 0 || (rc < 0 && why.text[0] != '\0'), seed);
        rc = ps_tlv_find(copy, len, random_tag(&t.rng, 0), &tlv, &why);
        assert_seeded(rc >= 0 || why.text[0] != '\0', seed);
        while ((rc = ps_tlv_next(copy, len, &offset, &tlv, &why)) == 1)
            assert_seeded(offset <= len && tlv.value + tlv.len <= copy + len, seed);
        assert_seeded(rc == 0 || why.text[0] != '\0', seed);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iterates_field_55_of_a_purchase),
        cmocka_unit_test(finds_field_55_elements),
        cmocka_unit_test(finds_inside_templates_depth_first),
        cmocka_unit_test(iterates_one_level_at_a_time),
        cmocka_unit_test(reads_tags_of_one_to_four_bytes),
        cmocka_unit_test(accepts_non_minimal_and_long_lengths),
        cmocka_unit_test(rejects_malformed_top_level_with_reasons),
        cmocka_unit_test(rejects_malformed_content_of_templates),
        cmocka_unit_test(caps_nesting_depth),
        cmocka_unit_test(rejects_bad_arguments),
        cmocka_unit_test(writes_field_55),
        cmocka_unit_test(writes_templates_with_begin_and_end),
        cmocka_unit_test(widens_template_lengths),
        cmocka_unit_test(stops_at_capacity_and_stays_stopped),
        cmocka_unit_test(needs_room_to_widen_a_length),
        cmocka_unit_test(refuses_invalid_tags),
        cmocka_unit_test(refuses_misuse),
        cmocka_unit_test(round_trips_random_trees),
        cmocka_unit_test(survives_damaged_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
