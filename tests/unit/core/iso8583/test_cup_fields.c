/* Fields 60, 61 and 48 of the CUP POS dialect, split and joined. */
#include "testing.h"

#include "core/iso8583/cup_fields.h"

static struct ps_iso_value text_value(const char *s)
{
    struct ps_iso_value v = {(const uint8_t *)s, (uint16_t)strlen(s)};
    return v;
}

static void f60_splits_every_length(void **state)
{
    (void)state;
    struct ps_cup_f60 f;
    struct ps_iso_value v = text_value("22000001000500");
    v.len = 13;
    assert_int_equal(ps_cup_f60_parse(&v, &f, NULL), 0);
    assert_int_equal(f.type_code, 22);
    assert_int_equal(f.batch, 1);
    assert_true(f.has_network_code);
    assert_int_equal(f.network_code, 0);
    assert_string_equal(f.extra, "50");

    v = text_value("00123456");
    assert_int_equal(ps_cup_f60_parse(&v, &f, NULL), 0);
    assert_int_equal(f.batch, 123456);
    assert_false(f.has_network_code);
    assert_string_equal(f.extra, "");

    v = text_value("00000009004");
    assert_int_equal(ps_cup_f60_parse(&v, &f, NULL), 0);
    assert_int_equal(f.network_code, 4);
}

static void f60_rejects_with_reasons(void **state)
{
    (void)state;
    struct ps_cup_f60 f;
    struct ps_reason why;
    struct ps_iso_value v = text_value("2200000100");
    assert_int_equal(ps_cup_f60_parse(&v, &f, &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "field 60: 10 digits; 60.1 and 60.2 need 8, with 60.3 at least 11");
    v = text_value("2A000001");
    assert_int_equal(ps_cup_f60_parse(&v, &f, &why), PS_EFORMAT);
    assert_string_equal(why.text, "field 60.1: transaction type code is not 2 digits");
    v = text_value("220000010001234567");
    assert_int_equal(ps_cup_f60_parse(&v, &f, &why), PS_ETOOLONG);
}

static void f60_joins_into_the_message(void **state)
{
    (void)state;
    struct ps_iso_msg m;
    struct ps_cup_f60 f = {.type_code = 22, .batch = 42, .has_network_code = 1,
                           .network_code = 0, .extra = "5"};
    struct ps_reason why;
    ps_iso_init(&m, &ps_iso_cup);
    assert_int_equal(ps_cup_f60_set(&m, &f, NULL), 0);
    assert_true(ps_iso_value_is(&m, 60, "220000420005"));

    f.batch = 1000000;
    assert_int_equal(ps_cup_f60_set(&m, &f, &why), PS_EINVAL);
    assert_string_equal(why.text, "field 60.2: batch 1000000 is over 999999");
    struct ps_cup_f60 bare = {.type_code = 0, .batch = 7, .extra = "1"};
    assert_int_equal(ps_cup_f60_set(&m, &bare, &why), PS_EINVAL);
    assert_string_equal(why.text, "field 60.4: needs 60.3 before it");
}

static void f61_round_trip(void **state)
{
    (void)state;
    struct ps_iso_msg m;
    struct ps_cup_f61 in = {.batch = 12, .stan = 345, .has_date = 1, .date = "1123"}, out;
    ps_iso_init(&m, &ps_iso_cup);
    assert_int_equal(ps_cup_f61_set(&m, &in, NULL), 0);
    assert_true(ps_iso_value_is(&m, 61, "0000120003451123"));
    assert_int_equal(ps_cup_f61_parse(ps_iso_get(&m, 61), &out, NULL), 0);
    assert_int_equal(out.batch, 12);
    assert_int_equal(out.stan, 345);
    assert_string_equal(out.date, "1123");

    struct ps_reason why;
    struct ps_iso_value v = text_value("00001200034511");
    assert_int_equal(ps_cup_f61_parse(&v, &out, &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "field 61: 14 digits; 61.1 and 61.2 need 12, with 61.3 at least 16");
    v = text_value("000012000345");
    assert_int_equal(ps_cup_f61_parse(&v, &out, NULL), 0);
    assert_false(out.has_date);
}

static void totals_round_trip(void **state)
{
    (void)state;
    struct ps_iso_msg m;
    struct ps_cup_totals in = {
        .domestic = {.debit_amount = 1234567, .debit_count = 12, .credit_amount = 500,
                     .credit_count = 1, .result = PS_CUP_SETTLE_REQUEST},
        .has_foreign = 1,
        .foreign = {.debit_amount = 999999999999LL, .debit_count = 999},
    };
    struct ps_cup_totals out;
    ps_iso_init(&m, &ps_iso_cup);
    assert_int_equal(ps_cup_totals_set(&m, &in, NULL), 0);
    assert_true(ps_iso_value_is(&m, 48, "000001234567012000000000500001"
                                        "0"
                                        "999999999999999000000000000000"
                                        "0"));
    assert_int_equal(ps_cup_totals_parse(ps_iso_get(&m, 48), &out, NULL), 0);
    assert_int_equal(out.domestic.debit_amount, 1234567);
    assert_int_equal(out.domestic.debit_count, 12);
    assert_int_equal(out.domestic.credit_amount, 500);
    assert_int_equal(out.domestic.credit_count, 1);
    assert_true(out.has_foreign);
    assert_int_equal(out.foreign.debit_amount, 999999999999LL);

    in.has_foreign = 0;
    in.domestic.result = PS_CUP_SETTLE_BALANCED;
    assert_int_equal(ps_cup_totals_set(&m, &in, NULL), 0);
    assert_int_equal(ps_iso_get(&m, 48)->len, 31);
    assert_int_equal(ps_cup_totals_parse(ps_iso_get(&m, 48), &out, NULL), 0);
    assert_int_equal(out.domestic.result, PS_CUP_SETTLE_BALANCED);
    assert_false(out.has_foreign);
}

static void totals_reject_with_reasons(void **state)
{
    (void)state;
    struct ps_cup_totals t = {.domestic = {.debit_amount = -1}};
    struct ps_iso_msg m;
    struct ps_reason why;
    ps_iso_init(&m, &ps_iso_cup);
    assert_int_equal(ps_cup_totals_set(&m, &t, &why), PS_EINVAL);
    assert_string_equal(why.text, "field 48: domestic debit amount out of range");
    t.domestic.debit_amount = 0;
    t.domestic.credit_count = 1000;
    assert_int_equal(ps_cup_totals_set(&m, &t, &why), PS_EINVAL);
    assert_string_equal(why.text, "field 48: domestic counts are at most 999");

    struct ps_cup_totals out;
    struct ps_iso_value v = text_value("0000");
    assert_int_equal(ps_cup_totals_parse(&v, &out, &why), PS_EFORMAT);
    assert_string_equal(why.text, "field 48: settlement totals are 31 or 62 digits, not 4");
    v = text_value("00000123456701200000000050000X0");
    assert_int_equal(ps_cup_totals_parse(&v, &out, &why), PS_EFORMAT);
    assert_string_equal(why.text, "field 48: digit 30 is not a digit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(f60_splits_every_length),   cmocka_unit_test(f60_rejects_with_reasons),
        cmocka_unit_test(f60_joins_into_the_message), cmocka_unit_test(f61_round_trip),
        cmocka_unit_test(totals_round_trip),         cmocka_unit_test(totals_reject_with_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
