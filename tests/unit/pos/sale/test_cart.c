/* The cart and its money: lines, discounts (caps and the supervisor), the order
 * discount's allocation, tax per line and per rate, overflow. Every expected figure is
 * worked out by hand in the comment beside it. */
#include "testing.h"

#include <stdio.h>

#include "pos/sale/cart.h"
#include "pos/sale/outcome.h"
#include "pos/sale/totals.h"

/* The cart is large; tests keep theirs here rather than on the stack. */
static struct pos_cart cart;
static struct pos_cart_totals totals;

static const struct pos_cart_item tea = {"6901234567892", "绿茶 Green tea 250g", 1250, 1300};
static const struct pos_cart_item rice = {"6920000000017", "大米 Rice 1kg", 399, 900};
static const struct pos_cart_item book = {"9787111111111", "Book", 1000, 0};

static const struct pos_discount_limits cashier = {1000, 500}; /* 10%, 5.00 yuan */

static struct pos_discount percent(int64_t bp)
{
    return (struct pos_discount){POS_DISCOUNT_PERCENT, bp, 0};
}

static struct pos_discount amount(int64_t fen)
{
    return (struct pos_discount){POS_DISCOUNT_AMOUNT, fen, 0};
}

static void work_out(void)
{
    struct ps_reason why;
    assert_int_equal(pos_cart_totals(&cart, &totals, &why), 0);
}

/* tea x3, rice x2, book x1 */
static void fill_three_lines(void)
{
    struct ps_reason why;
    size_t at = 99;
    pos_cart_init(&cart);
    assert_int_equal(pos_cart_add(&cart, &tea, 3, &at, &why), 0);
    assert_int_equal(at, 0);
    assert_int_equal(pos_cart_add(&cart, &rice, 2, &at, &why), 0);
    assert_int_equal(at, 1);
    assert_int_equal(pos_cart_add(&cart, &book, 1, &at, &why), 0);
    assert_int_equal(at, 2);
}

static void totals_without_discounts(void **state)
{
    (void)state;
    fill_three_lines();
    work_out();
    /* gross: 12.50 x 3 = 37.50; 3.99 x 2 = 7.98; 10.00 -> 55.48 */
    assert_int_equal(totals.line[0].gross, 3750);
    assert_int_equal(totals.line[1].gross, 798);
    assert_int_equal(totals.line[2].gross, 1000);
    assert_int_equal(totals.gross, 5548);
    assert_int_equal(totals.line_discounts, 0);
    assert_int_equal(totals.order_discount, 0);
    assert_int_equal(totals.net, 5548);
    /* tax in a tax-inclusive price: net x rate / (10000 + rate), half up
     *   3750 x 1300 / 11300 = 431.41 -> 431
     *    798 x  900 / 10900 =  65.89 ->  66
     *   1000 x    0         =   0       total 497 */
    assert_int_equal(totals.line[0].tax, 431);
    assert_int_equal(totals.line[1].tax, 66);
    assert_int_equal(totals.line[2].tax, 0);
    assert_int_equal(totals.tax, 497);
    /* per rate, lowest first */
    assert_int_equal(totals.nrates, 3);
    assert_int_equal(totals.rate[0].tax_bp, 0);
    assert_int_equal(totals.rate[0].net, 1000);
    assert_int_equal(totals.rate[1].tax_bp, 900);
    assert_int_equal(totals.rate[1].net, 798);
    assert_int_equal(totals.rate[1].tax, 66);
    assert_int_equal(totals.rate[2].tax_bp, 1300);
    assert_int_equal(totals.rate[2].tax, 431);
}

static void totals_with_line_and_order_discounts(void **state)
{
    (void)state;
    struct ps_reason why;
    fill_three_lines();
    struct pos_discount ten_percent = percent(1000), off_98 = amount(98), off_100 = amount(100);
    assert_int_equal(pos_cart_discount_line(&cart, 0, &ten_percent, &cashier, &why), 0);
    assert_int_equal(pos_cart_discount_line(&cart, 1, &off_98, &cashier, &why), 0);
    assert_int_equal(pos_cart_discount_order(&cart, &off_100, &cashier, &why), 0);
    work_out();
    /* line discounts: 10% of 37.50 = 3.75; 0.98 -> 4.73
     * after them: 3375, 700, 1000 = 5075
     * order 1.00 over 3375/700/1000: 66.50, 13.79, 19.70 -> 66, 13, 19 + 2 left over,
     *   to the largest dropped fractions (rice, book): 66, 14, 20 */
    assert_int_equal(totals.line[0].line_discount, 375);
    assert_int_equal(totals.line[1].line_discount, 98);
    assert_int_equal(totals.line_discounts, 473);
    assert_int_equal(totals.line[0].order_discount, 66);
    assert_int_equal(totals.line[1].order_discount, 14);
    assert_int_equal(totals.line[2].order_discount, 20);
    assert_int_equal(totals.order_discount, 100);
    /* nets: 3309, 686, 980 = 4975 = 5548 - 473 - 100 */
    assert_int_equal(totals.line[0].net, 3309);
    assert_int_equal(totals.line[1].net, 686);
    assert_int_equal(totals.line[2].net, 980);
    assert_int_equal(totals.net, 4975);
    /* tax: 3309 x 1300 / 11300 = 380.68 -> 381; 686 x 900 / 10900 = 56.64 -> 57 */
    assert_int_equal(totals.line[0].tax, 381);
    assert_int_equal(totals.line[1].tax, 57);
    assert_int_equal(totals.tax, 438);
    assert_int_equal(totals.rate[1].net, 686);
    assert_int_equal(totals.rate[2].net, 3309);

    /* an order percent: 10% of 5075 = 507.5 -> 508 (half up), then allocated:
     *   508 x 3375 / 5075 = 337.83, x 700 = 70.07, x 1000 = 100.10 -> 337, 70, 100
     *   + 1 left over to the largest fraction (the tea): 338, 70, 100 */
    assert_int_equal(pos_cart_discount_order(&cart, &ten_percent, &cashier, &why), 0);
    work_out();
    assert_int_equal(totals.order_discount, 508);
    assert_int_equal(totals.line[0].order_discount, 338);
    assert_int_equal(totals.line[1].order_discount, 70);
    assert_int_equal(totals.line[2].order_discount, 100);
    assert_int_equal(totals.net, 5075 - 508);
}

static void percentages_round_half_up(void **state)
{
    (void)state;
    struct ps_reason why;
    const struct pos_cart_item sweet = {"1", "Sweet", 10, 10000};
    pos_cart_init(&cart);
    assert_int_equal(pos_cart_add(&cart, &sweet, 1, NULL, &why), 0);
    struct pos_discount fifteen = percent(1500);
    fifteen.approved = 1;
    assert_int_equal(pos_cart_discount_line(&cart, 0, &fifteen, &cashier, &why), 0);
    work_out();
    /* 15% of 0.10 = 1.5 fen -> 2; net 8; a 100% rate holds half: 8 x 10000 / 20000 = 4 */
    assert_int_equal(totals.line[0].line_discount, 2);
    assert_int_equal(totals.net, 8);
    assert_int_equal(totals.tax, 4);
    /* quantity 3: 15% of 0.30 = 4.5 -> 5; net 25; tax 12.5 -> 13 */
    assert_int_equal(pos_cart_set_quantity(&cart, 0, 3, &why), 0);
    work_out();
    assert_int_equal(totals.line[0].line_discount, 5);
    assert_int_equal(totals.net, 25);
    assert_int_equal(totals.tax, 13);
}

static void same_code_adds_to_its_line(void **state)
{
    (void)state;
    struct ps_reason why;
    size_t at = 99;
    fill_three_lines();
    struct pos_cart_item tea_new_price = tea;
    tea_new_price.unit_price = 9999;
    assert_int_equal(pos_cart_add(&cart, &tea_new_price, 2, &at, &why), 0);
    assert_int_equal(at, 0);
    assert_int_equal(cart.nlines, 3);
    assert_int_equal(cart.line[0].quantity, 5);
    assert_int_equal(cart.line[0].unit_price, 1250); /* the line keeps its price */
    assert_string_equal(cart.line[0].name, tea.name);

    assert_int_equal(pos_cart_add(&cart, &tea, POS_CART_QUANTITY_MAX, &at, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "line 1: quantity 100004 is above 99999"));
    assert_int_equal(cart.line[0].quantity, 5);
}

static void changes_and_removes_lines(void **state)
{
    (void)state;
    struct ps_reason why;
    fill_three_lines();
    assert_int_equal(pos_cart_set_quantity(&cart, 1, 10, &why), 0);
    work_out();
    assert_int_equal(totals.line[1].gross, 3990);
    assert_int_equal(pos_cart_set_quantity(&cart, 1, 0, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "quantity 0 is outside 1 to 99999"));
    assert_int_equal(pos_cart_set_quantity(&cart, 1, 100000, &why), PS_EINVAL);
    assert_int_equal(pos_cart_set_quantity(&cart, 3, 1, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "line 4: no such line"));
    assert_int_equal(cart.line[1].quantity, 10);

    assert_int_equal(pos_cart_remove(&cart, 0, &why), 0); /* the later lines move up */
    assert_int_equal(cart.nlines, 2);
    assert_string_equal(cart.line[0].code, rice.code);
    assert_string_equal(cart.line[1].code, book.code);
    assert_int_equal(pos_cart_remove(&cart, 2, &why), PS_EINVAL);
    assert_int_equal(pos_cart_remove(&cart, 1, &why), 0);
    assert_int_equal(pos_cart_remove(&cart, 0, &why), 0);
    assert_int_equal(cart.nlines, 0);
    work_out();
    assert_int_equal(totals.net, 0);
    assert_int_equal(totals.nrates, 0);
}

static void refuses_bad_items(void **state)
{
    (void)state;
    struct ps_reason why;
    char long_name[POS_CART_NAME_MAX + 2];
    memset(long_name, 'x', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    struct pos_cart_item bad = tea;

    pos_cart_init(&cart);
    bad.name = long_name;
    assert_int_equal(pos_cart_add(&cart, &bad, 1, NULL, &why), PS_ETOOLONG);
    assert_non_null(strstr(why.text, "name: more than 160 bytes"));
    bad = tea;
    bad.code = "";
    assert_int_equal(pos_cart_add(&cart, &bad, 1, NULL, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "code: empty"));
    bad = tea;
    bad.unit_price = -1;
    assert_int_equal(pos_cart_add(&cart, &bad, 1, NULL, &why), PS_EINVAL);
    bad = tea;
    bad.tax_bp = 10001;
    assert_int_equal(pos_cart_add(&cart, &bad, 1, NULL, &why), PS_EINVAL);
    assert_int_equal(pos_cart_add(&cart, &tea, 0, NULL, &why), PS_EINVAL);
    assert_int_equal(pos_cart_add(&cart, &tea, -5, NULL, &why), PS_EINVAL);
    assert_int_equal(cart.nlines, 0);
}

static void a_full_cart_takes_no_new_line(void **state)
{
    (void)state;
    struct ps_reason why;
    char code[16];
    pos_cart_init(&cart);
    for (int i = 0; i < POS_CART_LINES_MAX; i++) {
        struct pos_cart_item item = {code, "Thing", 100, 1300};
        snprintf(code, sizeof(code), "C%d", i);
        assert_int_equal(pos_cart_add(&cart, &item, 1, NULL, &why), 0);
    }
    struct pos_cart_item more = {"MORE", "Thing", 100, 1300};
    assert_int_equal(pos_cart_add(&cart, &more, 1, NULL, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "the cart is full (200 lines)"));
    struct pos_cart_item again = {"C7", "Thing", 100, 1300};
    assert_int_equal(pos_cart_add(&cart, &again, 1, NULL, &why), 0); /* its line grows */
    work_out();
    assert_int_equal(totals.gross, 201 * 100);
}

static void a_discount_never_takes_more_than_it_discounts(void **state)
{
    (void)state;
    struct ps_reason why;
    fill_three_lines();
    struct pos_discount too_much = amount(799);
    too_much.approved = 1; /* a supervisor cannot approve it either */
    assert_int_equal(pos_cart_discount_line(&cart, 1, &too_much, &cashier, &why), PS_EINVAL);
    assert_string_equal(why.text, "line 2 discount 7.99 is more than the 7.98 it discounts");
    assert_int_equal(cart.line[1].discount.kind, POS_DISCOUNT_NONE);

    struct pos_discount all = amount(798);
    all.approved = 1;
    assert_int_equal(pos_cart_discount_line(&cart, 1, &all, &cashier, &why), 0);
    work_out();
    assert_int_equal(totals.line[1].net, 0);

    /* the order: 55.48 - 7.98 = 47.50 is what it discounts */
    struct pos_discount order = amount(4751);
    order.approved = 1;
    assert_int_equal(pos_cart_discount_order(&cart, &order, &cashier, &why), PS_EINVAL);
    assert_string_equal(why.text, "order discount 47.51 is more than the 47.50 it discounts");
    struct pos_discount over_100 = percent(10001);
    over_100.approved = 1;
    assert_int_equal(pos_cart_discount_order(&cart, &over_100, &cashier, &why), PS_EINVAL);
    struct pos_discount zero = amount(0);
    assert_int_equal(pos_cart_discount_order(&cart, &zero, &cashier, &why), PS_EINVAL);
    struct pos_discount odd = {POS_DISCOUNT_NONE, 5, 0};
    assert_int_equal(pos_cart_discount_order(&cart, &odd, &cashier, &why), PS_EINVAL);
    assert_int_equal(cart.order_discount.kind, POS_DISCOUNT_NONE);
}

static void changes_that_would_break_a_discount_are_refused(void **state)
{
    (void)state;
    struct ps_reason why;
    fill_three_lines();
    struct pos_discount seven = amount(700);
    seven.approved = 1;
    assert_int_equal(pos_cart_discount_line(&cart, 1, &seven, &cashier, &why), 0);
    /* one rice is 3.99, less than the 7.00 off it */
    assert_int_equal(pos_cart_set_quantity(&cart, 1, 1, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "line 2 discount 7.00 is more than the 3.99"));
    assert_int_equal(cart.line[1].quantity, 2);

    /* after the lines' own: 37.50 + 0.98 + 10.00 = 48.48; 40.00 off the order */
    struct pos_discount forty = amount(4000);
    forty.approved = 1;
    assert_int_equal(pos_cart_discount_order(&cart, &forty, &cashier, &why), 0);
    assert_int_equal(pos_cart_remove(&cart, 0, &why), PS_EINVAL); /* 10.98 would be left */
    assert_non_null(strstr(why.text, "order discount 40.00 is more than the 10.98"));
    assert_int_equal(cart.nlines, 3);
    assert_string_equal(cart.line[0].code, tea.code);
    assert_string_equal(cart.line[1].code, rice.code);
    assert_string_equal(cart.line[2].code, book.code);
    /* taking the discount away is always allowed; then the line can go */
    assert_int_equal(pos_cart_discount_order(&cart, NULL, &cashier, &why), 0);
    assert_int_equal(pos_cart_remove(&cart, 0, &why), 0);
}

static void a_discount_above_the_limits_waits_for_a_supervisor(void **state)
{
    (void)state;
    struct ps_reason why;
    fill_three_lines();
    struct pos_discount d = percent(1001);
    assert_int_equal(pos_cart_discount_line(&cart, 0, &d, &cashier, &why),
                     POS_SALE_NEEDS_SUPERVISOR);
    assert_string_equal(why.text, "line 1 discount 10.01% is above the 10% a cashier may give; "
                                  "a supervisor must approve it");
    assert_int_equal(cart.line[0].discount.kind, POS_DISCOUNT_NONE);
    d.approved = 1; /* the supervisor said yes */
    assert_int_equal(pos_cart_discount_line(&cart, 0, &d, &cashier, &why), 0);
    assert_int_equal(cart.line[0].discount.approved, 1);

    d = percent(1000); /* exactly the limit: the cashier may */
    assert_int_equal(pos_cart_discount_line(&cart, 0, &d, &cashier, &why), 0);

    d = amount(501);
    assert_int_equal(pos_cart_discount_order(&cart, &d, &cashier, &why), POS_SALE_NEEDS_SUPERVISOR);
    assert_string_equal(why.text, "order discount 5.01 is above the 5.00 a cashier may give; "
                                  "a supervisor must approve it");
    assert_int_equal(cart.order_discount.kind, POS_DISCOUNT_NONE);
    d = amount(500);
    assert_int_equal(pos_cart_discount_order(&cart, &d, &cashier, &why), 0);

    /* no limits known: every discount needs approval */
    d = percent(1);
    assert_int_equal(pos_cart_discount_line(&cart, 2, &d, NULL, &why), POS_SALE_NEEDS_SUPERVISOR);
    assert_string_equal(pos_sale_strerror(POS_SALE_NEEDS_SUPERVISOR),
                        "needs a supervisor's approval");
}

static void overflow_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    struct ps_reason why;
    const struct pos_cart_item dear = {"D", "Dear", INT64_MAX / 2 + 1, 1300};
    pos_cart_init(&cart);
    /* (2^62) x 2 = 2^63 > INT64_MAX */
    assert_int_equal(pos_cart_add(&cart, &dear, 2, NULL, &why), PS_EOVERFLOW);
    assert_string_equal(why.text, "line 1: 46116860184273879.04 x 2 does not fit in fen");
    assert_int_equal(cart.nlines, 0);

    assert_int_equal(pos_cart_add(&cart, &dear, 1, NULL, &why), 0);
    const struct pos_cart_item dear2 = {"E", "Dear too", INT64_MAX / 2 + 1, 900};
    assert_int_equal(pos_cart_add(&cart, &dear2, 1, NULL, &why), PS_EOVERFLOW);
    assert_non_null(strstr(why.text, "the total does not fit"));
    assert_int_equal(cart.nlines, 1);
    assert_int_equal(pos_cart_add(&cart, &dear, 1, NULL, &why), PS_EOVERFLOW); /* same line */
    assert_int_equal(cart.line[0].quantity, 1);

    /* the largest that fits works out, tax and all, in 128-bit intermediates */
    const struct pos_cart_item max = {"M", "Max", INT64_MAX, 1300};
    pos_cart_init(&cart);
    assert_int_equal(pos_cart_add(&cart, &max, 1, NULL, &why), 0);
    struct pos_discount half = percent(5000);
    half.approved = 1;
    assert_int_equal(pos_cart_discount_order(&cart, &half, NULL, &why), 0);
    work_out();
    /* 50% of 9223372036854775807 = 4611686018427387903.5 -> ...904 (half up) */
    assert_int_equal(totals.order_discount, 4611686018427387904);
    assert_int_equal(totals.net, 4611686018427387903);
}

static void property_totals_always_add_up(void **state)
{
    (void)state;
    static const int32_t rates[] = {0, 300, 600, 900, 1300};
    uint64_t seed = test_seed(), rng = seed;
    print_message("cart totals property test: POSSUM_TEST_SEED=%" PRIu64 "\n", seed);
    for (int round = 0; round < 300; round++) {
        struct ps_reason why;
        char code[16];
        pos_cart_init(&cart);
        size_t lines = 1 + random_below(&rng, 40);
        for (size_t i = 0; i < lines; i++) {
            snprintf(code, sizeof(code), "P%u", random_below(&rng, 60));
            struct pos_cart_item item = {code, "Thing", random_below(&rng, 100000),
                                         rates[random_below(&rng, PS_ARRAY_LEN(rates))]};
            int64_t q = 1 + random_below(&rng, 20);
            size_t at;
            assert_seeded(pos_cart_add(&cart, &item, q, &at, &why) == 0, seed);
            struct pos_discount d = percent(1 + random_below(&rng, 10000));
            d.approved = 1;
            if (random_below(&rng, 3) == 0)
                assert_seeded(pos_cart_discount_line(&cart, at, &d, NULL, &why) == 0, seed);
        }
        struct pos_discount od = percent(1 + random_below(&rng, 10000));
        od.approved = 1;
        assert_seeded(pos_cart_discount_order(&cart, &od, NULL, &why) == 0, seed);
        work_out();

        int64_t order = 0, net = 0, tax = 0, rate_net = 0, rate_tax = 0;
        for (size_t i = 0; i < totals.nlines; i++) {
            const struct pos_line_total *l = &totals.line[i];
            assert_seeded(l->order_discount <= l->gross - l->line_discount, seed);
            assert_seeded(l->net == l->gross - l->line_discount - l->order_discount, seed);
            assert_seeded(l->tax >= 0 && l->tax <= l->net, seed);
            order += l->order_discount;
            net += l->net;
            tax += l->tax;
        }
        for (size_t r = 0; r < totals.nrates; r++) {
            rate_net += totals.rate[r].net;
            rate_tax += totals.rate[r].tax;
            assert_seeded(r == 0 || totals.rate[r - 1].tax_bp < totals.rate[r].tax_bp, seed);
        }
        assert_seeded(order == totals.order_discount, seed);
        assert_seeded(net == totals.net && rate_net == net, seed);
        assert_seeded(tax == totals.tax && rate_tax == tax, seed);
        assert_seeded(totals.net == totals.gross - totals.line_discounts - totals.order_discount,
                      seed);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(totals_without_discounts),
        cmocka_unit_test(totals_with_line_and_order_discounts),
        cmocka_unit_test(percentages_round_half_up),
        cmocka_unit_test(same_code_adds_to_its_line),
        cmocka_unit_test(changes_and_removes_lines),
        cmocka_unit_test(refuses_bad_items),
        cmocka_unit_test(a_full_cart_takes_no_new_line),
        cmocka_unit_test(a_discount_never_takes_more_than_it_discounts),
        cmocka_unit_test(changes_that_would_break_a_discount_are_refused),
        cmocka_unit_test(a_discount_above_the_limits_waits_for_a_supervisor),
        cmocka_unit_test(overflow_is_refused_and_changes_nothing),
        cmocka_unit_test(property_totals_always_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
