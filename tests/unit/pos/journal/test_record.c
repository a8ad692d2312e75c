/* journal/record: the canonical encoding, against bytes and links computed in the
 * shell while writing this test:
 *   { printf '\x01'; printf '\x00...\x01'; ... } > enc1.bin    (each field by hand)
 *   (head -c 32 /dev/zero; cat enc1.bin) | sha256sum            (link 1)
 *   (echo -n <link 1> | xxd -r -p; cat enc2.bin) | sha256sum    (link 2)
 * and cross-checked with `openssl dgst -sha256`. */
#include "testing.h"

#include "pos/journal/record.h"

#define ENC1                                                                                       \
    "010000000000000001000000006553F1000000000473616C6500000002303100000000000004E2000000086170"   \
    "70726F7665640000000C30303030303030303030313700000000000000000000000E7B22746F74616C223A3132"   \
    "35307D"
#define LINK1 "117B18C3964C12893E685E9BC6215DA46D1EBCDA7E0C718636389E016AA7A903"
#define ENC2                                                                                       \
    "010000000000000002000000006553F13C00000004766F696400000000FFFFFFFFFFFFFB1E0000000872657665"   \
    "7273656400000000000000000000000100000000"
#define LINK2 "6EA753E1BC1F5D469EB10486BE8884A0D47A9738BF029A7F45E0EE8115EB8B57"

static struct pos_journal_record sale(void)
{
    struct pos_journal_record r = {
        .seq = 1,
        .at = 1700000000,
        .kind = POS_JOURNAL_SALE,
        .operator_no = "01",
        .amount = 1250,
        .result = POS_JOURNAL_APPROVED,
        .reference = "000000000017",
        .body = "{\"total\":1250}",
    };
    return r;
}

static struct pos_journal_record reversal_of_sale(void)
{
    struct pos_journal_record r = {
        .seq = 2,
        .at = 1700000060,
        .kind = POS_JOURNAL_VOID,
        .operator_no = "",
        .amount = -1250,
        .result = POS_JOURNAL_REVERSED,
        .reference = NULL, /* reads as "" */
        .refers_to = 1,
        .body = NULL,
    };
    return r;
}

static void encodings_match_the_documented_layout(void **state)
{
    (void)state;
    uint8_t buf[POS_JOURNAL_ENCODED_MAX], link[PS_HASHCHAIN_LINK_LEN];
    size_t len = 0;
    struct pos_journal_record r1 = sale(), r2 = reversal_of_sale();

    assert_int_equal(pos_journal_encode(&r1, buf, sizeof(buf), &len, NULL), 0);
    assert_int_equal(len, 93);
    assert_hex_equal(buf, len, ENC1);
    ps_hashchain_genesis(link);
    assert_int_equal(ps_hashchain_link(link, buf, len, link, NULL), 0);
    assert_hex_equal(link, sizeof(link), LINK1);

    assert_int_equal(pos_journal_encode(&r2, buf, sizeof(buf), &len, NULL), 0);
    assert_hex_equal(buf, len, ENC2);
    assert_int_equal(ps_hashchain_link(link, buf, len, link, NULL), 0);
    assert_hex_equal(link, sizeof(link), LINK2);
}

static void encode_refuses_a_small_buffer_and_undefined_names(void **state)
{
    (void)state;
    uint8_t buf[92];
    size_t len = 0;
    struct ps_reason why = {{0}};
    struct pos_journal_record r = sale();

    assert_int_equal(pos_journal_encode(&r, buf, sizeof(buf), &len, &why), PS_ESPACE);
    r.kind = (enum pos_journal_kind)0;
    assert_int_equal(pos_journal_encode(&r, buf, sizeof(buf), &len, &why), PS_EINVAL);
    assert_string_equal(why.text, "kind: 0 is not defined");
}

static void fields_cannot_run_into_each_other(void **state)
{
    (void)state;
    uint8_t a[POS_JOURNAL_ENCODED_MAX], b[POS_JOURNAL_ENCODED_MAX];
    size_t alen, blen;
    struct pos_journal_record r = sale(), s = sale();

    /* the same bytes split differently between reference and body */
    r.reference = "12";
    r.body = "3";
    s.reference = "1";
    s.body = "23";
    assert_int_equal(pos_journal_encode(&r, a, sizeof(a), &alen, NULL), 0);
    assert_int_equal(pos_journal_encode(&s, b, sizeof(b), &blen, NULL), 0);
    assert_int_equal(alen, blen);
    assert_memory_not_equal(a, b, alen);
}

static void names_are_stable(void **state)
{
    (void)state;
    static const char *const kinds[] = {
        NULL,
        "sign_in",
        "sign_off",
        "sale",
        "cash_sale",
        "void",
        "refund",
        "balance_inquiry",
        "preauth",
        "preauth_void",
        "preauth_completion",
        "preauth_completion_void",
        "reversal",
        "settlement",
    };
    assert_int_equal(PS_ARRAY_LEN(kinds), POS_JOURNAL_KIND_COUNT + 1);
    for (int k = 1; k <= POS_JOURNAL_KIND_COUNT; k++)
        assert_string_equal(pos_journal_kind_name((enum pos_journal_kind)k), kinds[k]);
    assert_null(pos_journal_kind_name((enum pos_journal_kind)(POS_JOURNAL_KIND_COUNT + 1)));
    assert_string_equal(pos_journal_result_name(POS_JOURNAL_APPROVED), "approved");
    assert_string_equal(pos_journal_result_name(POS_JOURNAL_DECLINED), "declined");
    assert_string_equal(pos_journal_result_name(POS_JOURNAL_PENDING), "pending");
    assert_string_equal(pos_journal_result_name(POS_JOURNAL_REVERSED), "reversed");
    assert_null(pos_journal_result_name((enum pos_journal_result)0));
}

static void check_names_the_field(void **state)
{
    (void)state;
    struct ps_reason why = {{0}};
    struct pos_journal_record r;
    char long_ref[POS_JOURNAL_REFERENCE_MAX + 2];
    memset(long_ref, '7', sizeof(long_ref) - 1);
    long_ref[sizeof(long_ref) - 1] = '\0';

    r = sale();
    assert_int_equal(pos_journal_record_check(&r, &why), 0);
#define REFUSED(change, reason)                                                                    \
    do {                                                                                           \
        r = sale();                                                                                \
        change;                                                                                    \
        assert_int_equal(pos_journal_record_check(&r, &why), PS_EINVAL);                           \
        assert_string_equal(why.text, reason);                                                     \
    } while (0)
    REFUSED(r.kind = (enum pos_journal_kind)99, "kind: 99 is not defined");
    REFUSED(r.result = (enum pos_journal_result)0, "result: 0 is not defined");
    REFUSED(r.at = -1, "time: before 1970");
    REFUSED(memcpy(r.operator_no, "1", 2), "operator: 2 digits, or empty for none");
    REFUSED(memcpy(r.operator_no, "a1", 3), "operator: 2 digits, or empty for none");
    REFUSED(r.refers_to = -3, "refers_to: negative");
    REFUSED(r.reference = long_ref, "reference: longer than 64 characters");
    REFUSED(r.reference = "RRN\n1", "reference: character 4 is not printable ASCII");
    REFUSED(r.body = "{\"name\":\"\xE5\x8F\"}", "body: byte 10 is not UTF-8");
    REFUSED(r.body = "\xC0\x80", "body: byte 1 is not UTF-8"); /* overlong NUL */
#undef REFUSED
    r = sale();
    r.body = "{\"商品\":\"茶\",\n\"tab\":\"\t\"}"; /* any UTF-8 text, line breaks too */
    assert_int_equal(pos_journal_record_check(&r, &why), 0);
    char *big = malloc(POS_JOURNAL_BODY_MAX + 2);
    assert_non_null(big);
    memset(big, 'x', POS_JOURNAL_BODY_MAX + 1);
    big[POS_JOURNAL_BODY_MAX + 1] = '\0';
    r.body = big;
    assert_int_equal(pos_journal_record_check(&r, &why), PS_EINVAL);
    assert_string_equal(why.text, "body: longer than 65536 bytes");
    big[POS_JOURNAL_BODY_MAX] = '\0';
    assert_int_equal(pos_journal_record_check(&r, &why), 0);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encodings_match_the_documented_layout),
        cmocka_unit_test(encode_refuses_a_small_buffer_and_undefined_names),
        cmocka_unit_test(fields_cannot_run_into_each_other),
        cmocka_unit_test(names_are_stable),
        cmocka_unit_test(check_names_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
