/* A pre-authorization's journal body reads back into the receipt room's slip, member by
 * member, and lays out; a body that is not one names what is wrong. */
#include "testing.h"

#include "pos/app/body.h"
#include "pos/receipt/layout.h"

static json_t *preauth_body(void)
{
    json_error_t err;
    json_t *body = json_loads(
        "{\"receipt\":7,\"batch\":3,\"operator\":\"01\",\"time\":\"2024-05-01 12:34:56\","
        "\"merchant\":\"Galaxy Mart\",\"mid\":\"898440358120001\",\"tid\":\"20240501\","
        "\"total\":20000,"
        "\"tenders\":[{\"kind\":\"card\",\"amount\":20000,\"pan\":\"625807*********0011\","
        "\"card_type\":\"credit\",\"txn\":\"preauth\",\"rrn\":\"010000000003\","
        "\"auth\":\"799491\",\"batch\":3,\"stan\":9,\"date\":\"0501\"}]}",
        0, &err);
    assert_non_null(body);
    return body;
}

static void a_preauth_body_reads_back_into_the_slip(void **state)
{
    (void)state;
    struct rcpt_preauth p;
    struct rcpt_doc doc;
    struct ps_reason why = {""};
    json_t *body = preauth_body();

    assert_int_equal(pos_body_preauth(body, RCPT_LANG_EN, &p, &why), 0);
    assert_int_equal(p.header.trace, 7);
    assert_int_equal(p.header.batch, 3);
    assert_string_equal(p.header.merchant_name, "Galaxy Mart");
    assert_int_equal(p.amount, 20000);
    assert_int_equal(p.card.txn, RCPT_TXN_PREAUTH);
    assert_int_equal(p.card.kind, RCPT_CARD_CREDIT);
    assert_string_equal(p.card.auth_code, "799491");
    assert_int_equal(p.card.trace, 9);
    p.copy = RCPT_COPY_MERCHANT;
    rcpt_doc_init(&doc);
    if (rcpt_layout_preauth(&p, 32, &doc, &why) != 0)
        fail_msg("layout: %s", why.text);
    rcpt_doc_cleanup(&doc);
    json_decref(body);
}

static void a_body_that_is_not_a_preauth_is_named(void **state)
{
    (void)state;
    struct rcpt_preauth p;
    struct ps_reason why = {""};
    json_t *body = preauth_body();

    json_object_del(body, "total");
    assert_int_equal(pos_body_preauth(body, RCPT_LANG_ZH, &p, &why), PS_EFORMAT);
    assert_string_equal(why.text, "body: \"total\" is missing or not a whole number");
    json_object_set_new(body, "tenders", json_array());
    assert_int_equal(pos_body_preauth(body, RCPT_LANG_ZH, &p, &why), PS_EFORMAT);
    assert_string_equal(why.text, "body: \"tenders\" is not the one card held");
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_preauth_body_reads_back_into_the_slip),
        cmocka_unit_test(a_body_that_is_not_a_preauth_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
