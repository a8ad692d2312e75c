/* app/card and app/host_params: a card as typed or read from a test-card file, every
 * fault named (never the PIN); and the downloaded parameters refusing, before anything
 * is sent, a kind the terminal may not make or an amount above its limit. */
#include "testing.h"

#include <stdio.h>

#include "fixture.h"
#include "pos/app/card.h"
#include "pos/app/host_params.h"
#include "pos/app/outcome.h"

static int file_card(const char *json, struct pos_card *c, struct ps_reason *why)
{
    char dir[64], path[128];
    FILE *f;
    int rc;

    fixture_home(dir);
    snprintf(path, sizeof(path), "%s/card.json", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(json, f);
    fclose(f);
    rc = pos_card_from_file(c, path, why);
    fixture_remove(dir);
    return rc;
}

static void a_test_card_file_is_read(void **state)
{
    struct pos_card c;
    struct ps_reason why;

    (void)state;
    assert_int_equal(file_card("{\"pan\":\"6258070000000000011\",\"expiry\":\"3012\","
                               "\"pin\":\"123456\",\"type\":\"credit\"}",
                               &c, &why),
                     0);
    assert_string_equal(c.pan, "6258070000000000011");
    assert_string_equal(c.expiry, "3012");
    assert_string_equal(c.pin, "123456");
    assert_int_equal(c.type, RCPT_CARD_CREDIT);
    pos_card_wipe(&c);
    assert_int_equal(c.pin[0], '\0');
    assert_int_equal(file_card("{\"pan\":\"6222020000000000018\"}", &c, &why), 0);
    assert_int_equal(c.type, RCPT_CARD_DEBIT);
    assert_string_equal(c.expiry, "");
}

static void every_fault_is_named(void **state)
{
    struct pos_card c;
    struct ps_reason why;

    (void)state;
    assert_int_equal(file_card("{\"pan\":\"6222020000000000018\",\"cvv\":\"123\"}", &c, &why),
                     PS_EFORMAT);
    assert_int_equal(file_card("[1,2", &c, &why), PS_EFORMAT);
    assert_int_equal(pos_card_set(&c, "6222020000000000019", NULL, NULL, NULL, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "check digit"));
    assert_int_equal(pos_card_set(&c, "62220200", NULL, NULL, NULL, &why), PS_EINVAL);
    assert_int_equal(pos_card_set(&c, "6222020000000000018", "3013", NULL, NULL, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "month 13"));
    assert_int_equal(pos_card_set(&c, "6222020000000000018", NULL, "12a456", NULL, &why),
                     PS_EINVAL);
    assert_null(strstr(why.text, "12a456"));
    assert_int_equal(pos_card_set(&c, "6222020000000000018", NULL, NULL, "gold", &why), PS_EINVAL);
    assert_int_equal(c.pan[0], '\0'); /* nothing half-set */
}

/* A swipe typed by a reader acting as a keyboard: the card and its track 2, no PIN;
 * a bad swipe named by track, the card left empty. */
static void a_swipe_is_read(void **state)
{
    struct pos_card c;
    struct ps_reason why;

    (void)state;
    assert_int_equal(pos_card_from_swipe(&c, ";6222020000000000018=30121010000000000?\n", &why), 0);
    assert_string_equal(c.pan, "6222020000000000018");
    assert_string_equal(c.expiry, "3012");
    assert_string_equal(c.track2, "6222020000000000018=30121010000000000");
    assert_string_equal(c.pin, "");
    assert_int_equal(c.type, RCPT_CARD_DEBIT);
    assert_int_equal(pos_card_set_pin(&c, "123456", &why), 0);
    assert_string_equal(c.track2, "6222020000000000018=30121010000000000"); /* kept */
    pos_card_wipe(&c);
    assert_int_equal(c.track2[0], '\0');

    /* the card number field: a swipe when a reader typed it there, else typed digits */
    assert_int_equal(pos_card_from_entry(&c, ";6222020000000000018=3012101?", "", &why), 0);
    assert_string_equal(c.track2, "6222020000000000018=3012101");
    assert_int_equal(pos_card_from_entry(&c, "%B6222020000000000018^A/B^3012101?", "", &why),
                     PS_EINVAL);
    assert_non_null(strstr(why.text, "track 1 only"));
    assert_int_equal(pos_card_from_entry(&c, "6222020000000000018", "3012", &why), 0);
    assert_string_equal(c.expiry, "3012");
    assert_string_equal(c.track2, "");

    assert_int_equal(pos_card_from_swipe(&c, ";622202000000=3012101?", &why), PS_EINVAL);
    assert_string_equal(why.text, "track 2: PAN has 12 digits; 13 to 19");
    assert_int_equal(pos_card_from_swipe(&c, ";6222020000000000019=3012101?", &why), PS_ECHECK);
    assert_int_equal(pos_card_from_swipe(&c, ";6222020000000000018=3013101?", &why), PS_EINVAL);
    assert_string_equal(why.text, "track 2: expiry month 13; 01 to 12");
    assert_int_equal(c.pan[0], '\0');
    assert_int_equal(c.track2[0], '\0');
}

static void the_parameters_refuse_before_sending(void **state)
{
    struct pos_host_params hp;
    struct ps_reason why;

    (void)state;
    memset(&hp, 0, sizeof(hp));
    assert_int_equal(pos_host_params_check(&hp, HL_PURCHASE, 100, &why), PS_EINVAL);
    assert_int_equal(pos_host_params_batch_cap(&hp), HL_BATCH_DEFAULT);
    hp.downloaded = 1;
    hp.p.allowed = 1u << HL_PURCHASE | 1u << HL_VOID | 1u << HL_REFUND;
    hp.p.max_amount = 100000;
    hp.p.max_refund = 5000;
    assert_int_equal(pos_host_params_check(&hp, HL_PURCHASE, 100000, &why), 0);
    assert_int_equal(pos_host_params_check(&hp, HL_PURCHASE, 100001, &why), POS_APP_REFUSED);
    assert_non_null(strstr(why.text, "above the 1000.00"));
    assert_int_equal(pos_host_params_check(&hp, HL_REFUND, 5001, &why), POS_APP_REFUSED);
    assert_int_equal(pos_host_params_check(&hp, HL_PREAUTH, 1, &why), POS_APP_REFUSED);
    assert_non_null(strstr(why.text, "preauth is not allowed"));
    assert_int_equal(pos_host_params_check(&hp, HL_BALANCE, 0, &why), POS_APP_REFUSED);
    hp.p.batch_max = 0; /* no limit from the host: the most field 48 counts */
    assert_int_equal(pos_host_params_batch_cap(&hp), HL_BATCH_LIMIT);
    hp.p.batch_max = 300;
    assert_int_equal(pos_host_params_batch_cap(&hp), 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_test_card_file_is_read),
        cmocka_unit_test(every_fault_is_named),
        cmocka_unit_test(a_swipe_is_read),
        cmocka_unit_test(the_parameters_refuse_before_sending),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
