/* app flows and permissions: every flow asks operators/ first. Nobody logged in may do
 * nothing; a cashier sells but may not void, refund, settle, change parameters or
 * manage operators; the supervisor's password approves one action, once; a discount
 * above the cashier's limit needs the supervisor. The host is away throughout, so
 * what passes the permission check stops at the next rule, never at the host. */
#include "testing.h"

#include <stdio.h>

#include "app_fixture.h"

static void cart_of(struct app_fx *f, struct pos_cart *cart)
{
    pos_cart_init(cart);
    assert_int_equal(pos_app_cart_scan(f->app, cart, TEA, 2, NULL, &f->why), 0);
}

static void nobody_logged_in_may_do_nothing(void **state)
{
    struct app_fx *f = *state;
    static struct pos_cart cart;
    struct pos_tender_input cash = {.kind = POS_TENDER_CASH, .amount = 5000};

    cart_of(f, &cart);
    assert_int_equal(pos_app_sale(f->app, &cart, &cash, 1, fx_res(f), &f->why), POS_APP_DENIED);
    assert_non_null(strstr(f->why.text, "log in first"));
    assert_int_equal(pos_app_xreport(f->app, fx_res(f), &f->why), POS_APP_DENIED);
    assert_int_equal(pos_app_reprint(f->app, 0, fx_res(f), &f->why), POS_APP_DENIED);
    assert_int_equal(pos_app_approve(f->app, POS_ACTION_VOID, SUP_PW, &f->why), POS_APP_DENIED);
    assert_int_equal(pos_app_login(f->app, "01", "wrong-1", &f->why), POS_APP_DENIED);
    assert_non_null(strstr(f->why.text, "wrong password for operator 01"));
}

static void a_cashier_may_not_move_money_back_or_change_the_terminal(void **state)
{
    struct app_fx *f = *state;
    struct pos_refund_input refund = {.rrn = "010000000002", .orig_date = "1123", .amount = 100};

    assert_int_equal(pos_app_login(f->app, "01", CASHIER_PW, &f->why), 0);
    assert_int_equal(pos_app_void(f->app, 1, fx_res(f), &f->why), POS_APP_DENIED);
    assert_non_null(strstr(f->why.text, "void needs the supervisor"));
    assert_int_equal(pos_app_refund(f->app, &refund, fx_res(f), &f->why), POS_APP_DENIED);
    assert_int_equal(pos_app_settle(f->app, fx_res(f), &f->why), POS_APP_DENIED);
    assert_int_equal(pos_app_download_params(f->app, fx_res(f), &f->why), POS_APP_DENIED);
    assert_int_equal(pos_app_set_setting(f->app, "lang", "zh", &f->why), POS_APP_DENIED);
    assert_int_equal(pos_operators_add(pos_app_operators(f->app), pos_app_operator_session(f->app),
                                       "02", "Zhao", "222222", &f->why),
                     POS_OP_DENIED);
    /* what a cashier may do runs into the next rule instead */
    assert_int_equal(pos_app_reprint(f->app, 0, fx_res(f), &f->why), POS_APP_REFUSED);
    assert_int_equal(pos_app_xreport(f->app, fx_res(f), &f->why), 0);
}

static void the_supervisor_approves_one_action_once(void **state)
{
    struct app_fx *f = *state;

    assert_int_equal(pos_app_login(f->app, "01", CASHIER_PW, &f->why), 0);
    assert_int_equal(pos_app_approve(f->app, POS_ACTION_VOID, "000000", &f->why), POS_APP_DENIED);
    assert_int_equal(pos_app_void(f->app, 7, fx_res(f), &f->why), POS_APP_DENIED);
    assert_int_equal(pos_app_approve(f->app, POS_ACTION_VOID, SUP_PW, &f->why), 0);
    /* approved: the void gets as far as finding no receipt 7 */
    assert_int_equal(pos_app_void(f->app, 7, fx_res(f), &f->why), POS_APP_REFUSED);
    assert_non_null(strstr(f->why.text, "no receipt 000007"));
    assert_int_equal(pos_app_void(f->app, 7, fx_res(f), &f->why), POS_APP_DENIED);
    /* an approval is for its action only */
    assert_int_equal(pos_app_approve(f->app, POS_ACTION_VOID, SUP_PW, &f->why), 0);
    assert_int_equal(pos_app_settle(f->app, fx_res(f), &f->why), POS_APP_DENIED);
}

static void a_discount_above_the_limit_needs_the_supervisor(void **state)
{
    struct app_fx *f = *state;
    static struct pos_cart cart;
    struct pos_discount half = {POS_DISCOUNT_PERCENT, 5000, 0};
    struct pos_discount small = {POS_DISCOUNT_PERCENT, 500, 0};

    assert_int_equal(pos_app_login(f->app, "01", CASHIER_PW, &f->why), 0);
    cart_of(f, &cart);
    assert_int_equal(pos_app_cart_discount(f->app, &cart, 0, &half, &f->why), POS_APP_DENIED);
    assert_int_equal(cart.line[0].discount.kind, POS_DISCOUNT_NONE);
    assert_int_equal(pos_app_cart_discount(f->app, &cart, 0, &small, &f->why), 0);
    assert_int_equal(pos_app_approve(f->app, POS_ACTION_DISCOUNT_ABOVE_LIMIT, SUP_PW, &f->why), 0);
    assert_int_equal(pos_app_cart_discount(f->app, &cart, -1, &half, &f->why), 0);
    assert_int_equal(cart.order_discount.value, 5000);
    assert_true(cart.order_discount.approved);
}

static void cash_sales_go_on_while_the_host_is_away(void **state)
{
    struct app_fx *f = *state;
    static struct pos_cart cart;
    struct pos_tender_input cash = {.kind = POS_TENDER_CASH, .amount = 5000};
    struct pos_card card;
    struct pos_tender_input by_card = {.kind = POS_TENDER_CARD, .card = &card};

    assert_int_equal(pos_app_login(f->app, "01", CASHIER_PW, &f->why), 0);
    cart_of(f, &cart);
    assert_int_equal(pos_app_sale(f->app, &cart, &cash, 1, fx_res(f), &f->why), 0);
    assert_int_equal(f->res.receipt_no, 1);
    assert_int_equal(f->res.change, 2500);
    assert_int_equal(f->res.nsteps, 0);
    assert_int_equal(pos_card_set(&card, "6222020000000000018", "3012", "123456", NULL, &f->why),
                     0);
    assert_int_equal(pos_app_sale(f->app, &cart, &by_card, 1, fx_res(f), &f->why), POS_APP_OFFLINE);
    assert_non_null(strstr(f->why.text, "cash sales go on"));
    pos_card_wipe(&card);
}

static void a_settlement_waits_for_the_host(void **state)
{
    struct app_fx *f = *state;
    struct pos_app_status st;

    assert_int_equal(pos_app_login(f->app, "00", SUP_PW, &f->why), 0);
    assert_int_equal(pos_app_settle(f->app, fx_res(f), &f->why), POS_APP_QUEUED);
    assert_int_equal(pos_app_settle(f->app, fx_res(f), &f->why), POS_APP_QUEUED);
    assert_int_equal(pos_app_status(f->app, &st, &f->why), 0);
    assert_int_equal(st.outbox_waiting, 1); /* once, however often it was asked */
    assert_int_equal(pos_app_forward(f->app, fx_res(f), &f->why), POS_APP_OFFLINE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(nobody_logged_in_may_do_nothing, app_fx_setup,
                                        app_fx_teardown),
        cmocka_unit_test_setup_teardown(a_cashier_may_not_move_money_back_or_change_the_terminal,
                                        app_fx_setup, app_fx_teardown),
        cmocka_unit_test_setup_teardown(the_supervisor_approves_one_action_once, app_fx_setup,
                                        app_fx_teardown),
        cmocka_unit_test_setup_teardown(a_discount_above_the_limit_needs_the_supervisor,
                                        app_fx_setup, app_fx_teardown),
        cmocka_unit_test_setup_teardown(cash_sales_go_on_while_the_host_is_away, app_fx_setup,
                                        app_fx_teardown),
        cmocka_unit_test_setup_teardown(a_settlement_waits_for_the_host, app_fx_setup,
                                        app_fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
