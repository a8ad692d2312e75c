/* Receipts rebuilt from the journal: a sale's receipt printed again is the receipt the
 * customer got, marked as a reprint, because both are laid out from the body the
 * journal keeps; and a body reads back into the receipt model member by member. */
#include "testing.h"

#include <stdio.h>

#include "app_fixture.h"
#include "pos/app/body.h"

/* text without its lines that contain `drop` */
static void without(const char *text, const char *drop, char *out, size_t cap)
{
    const char *line = text;
    char copy[256];
    size_t n = 0;

    while (*line != '\0') {
        const char *end = strchr(line, '\n');
        size_t len = end != NULL ? (size_t)(end - line) + 1 : strlen(line);
        snprintf(copy, sizeof(copy), "%.*s", (int)len, line);
        if (strstr(copy, drop) == NULL && n + len < cap) {
            memcpy(out + n, line, len);
            n += len;
        }
        line += len;
    }
    out[n] = '\0';
}

static void a_reprint_is_the_receipt_the_customer_got(void **state)
{
    struct app_fx *f = *state;
    static struct pos_cart cart;
    static char first[8192], again[8192];
    struct pos_tender_input cash = {.kind = POS_TENDER_CASH, .amount = 10000};
    struct pos_discount off = {POS_DISCOUNT_AMOUNT, 100, 0};

    assert_int_equal(pos_app_login(f->app, "00", SUP_PW, &f->why), 0);
    pos_cart_init(&cart);
    assert_int_equal(pos_app_cart_scan(f->app, &cart, TEA, 3, NULL, &f->why), 0);
    assert_int_equal(pos_app_cart_scan(f->app, &cart, WATER, 2, NULL, &f->why), 0);
    assert_int_equal(pos_app_cart_discount(f->app, &cart, 1, &off, &f->why), 0);
    assert_int_equal(pos_app_sale(f->app, &cart, &cash, 1, fx_res(f), &f->why), 0);
    assert_int_equal(f->res.amount, 3 * 1250 + 2 * 200 - 100);
    assert_non_null(strstr((char *)f->res.text.data, "Tea, green 250g"));
    assert_null(strstr((char *)f->res.text.data, "REPRINT"));
    snprintf(first, sizeof(first), "%s", (char *)f->res.text.data);

    assert_int_equal(pos_app_reprint(f->app, 1, fx_res(f), &f->why), 0);
    assert_non_null(strstr((char *)f->res.text.data, "REPRINT"));
    without((char *)f->res.text.data, "REPRINT", again, sizeof(again));
    assert_string_equal(again, first);
    /* the last receipt is the default, and the escpos bytes come along */
    assert_int_equal(pos_app_reprint(f->app, 0, fx_res(f), &f->why), 0);
    assert_int_equal(f->res.receipt_no, 1);
    assert_true(f->res.escpos.len > f->res.text.len / 2);
    assert_int_equal(pos_app_reprint(f->app, 2, fx_res(f), &f->why), POS_APP_REFUSED);
}

static void a_body_reads_back_into_the_model(void **state)
{
    static struct pos_receipt_view v;
    struct ps_reason why;
    json_error_t err;
    json_t *body = json_loads(
        "{\"receipt\":12,\"batch\":3,\"operator\":\"01\",\"time\":\"2024-05-01 12:34:56\","
        "\"merchant\":\"Galaxy Mart\",\"mid\":\"898440358120001\",\"tid\":\"20240501\","
        "\"items\":[{\"code\":\"6901234567892\",\"name\":\"Tea\",\"qty\":2,\"price\":1250,"
        "\"amount\":2500,\"discount\":100,\"tax_bp\":1300}],"
        "\"gross\":2500,\"discount\":100,\"total\":2400,"
        "\"taxes\":[{\"rate_bp\":1300,\"amount\":276}],"
        "\"tenders\":[{\"kind\":\"cash\",\"amount\":400,\"given\":500,\"change\":100},"
        "{\"kind\":\"card\",\"amount\":2000,\"pan\":\"622202*********0018\","
        "\"card_type\":\"credit\",\"txn\":\"purchase\",\"rrn\":\"010000000002\","
        "\"auth\":\"123456\",\"batch\":3,\"stan\":5,\"date\":\"0501\"}]}",
        0, &err);

    (void)state;
    assert_non_null(body);
    assert_int_equal(pos_body_receipt(body, RCPT_SALE, RCPT_LANG_EN, &v, &why), 0);
    assert_int_equal(v.r.header.trace, 12);
    assert_int_equal(v.r.header.batch, 3);
    assert_int_equal(v.r.header.when.minute, 34);
    assert_string_equal(v.r.header.merchant_name, "Galaxy Mart");
    assert_int_equal(v.r.item_count, 1);
    assert_int_equal(v.items[0].quantity, 2 * RCPT_QTY_SCALE);
    assert_int_equal(v.r.totals.total, 2400);
    assert_int_equal(v.r.totals.tax_count, 1);
    assert_int_equal(v.r.tender_count, 2);
    assert_int_equal(v.tenders[0].cash.change, 100);
    assert_int_equal(v.tenders[1].card.kind, RCPT_CARD_CREDIT);
    assert_int_equal(v.tenders[1].card.trace, 5);
    assert_true(pos_body_has_card(body));
    /* as a void: the total only, and the original it names */
    json_object_set_new(body, "original_receipt", json_integer(11));
    assert_int_equal(pos_body_receipt(body, RCPT_VOID, RCPT_LANG_EN, &v, &why), 0);
    assert_int_equal(v.r.item_count, 0);
    assert_int_equal(v.r.totals.gross, 2400);
    assert_int_equal(v.r.original.trace, 11);
    /* a member missing or wrong is named */
    json_object_del(body, "total");
    assert_int_equal(pos_body_receipt(body, RCPT_SALE, RCPT_LANG_EN, &v, &why), PS_EFORMAT);
    assert_non_null(strstr(why.text, "\"total\""));
    json_object_set_new(body, "total", json_integer(2400));
    json_object_set_new(body, "time", json_string("yesterday"));
    assert_int_equal(pos_body_receipt(body, RCPT_SALE, RCPT_LANG_EN, &v, &why), PS_EFORMAT);
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_reprint_is_the_receipt_the_customer_got, app_fx_setup,
                                        app_fx_teardown),
        cmocka_unit_test(a_body_reads_back_into_the_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
