/* The parameter download as the ledger answers it: what field 62 carries, and a
 * merchant name that is not all UTF-8 sent as far as it is text. */
#include "test_ledger_fixture.h"

#include "core/iso8583/cup_params.h"

static struct ps_cup_params download(struct lfx *f)
{
    struct ps_cup_params p;
    struct ps_reason why = {{0}};
    struct txn_request r = req_base(f, TXN_PARAMS, T1, MID1, 1);
    r.network_code = 360;
    req_finish(&r);
    const struct txn_response *resp = lfx_decide(f, &r);
    assert_code(resp, "00");
    assert_false(resp->mac); /* before working keys: no MAC either way */
    lfx_ok(ps_cup_params_unpack(resp->f62, resp->f62_len, &p, &why), &why, "field 62");
    return p;
}

static void sends_the_merchant_and_the_defaults(void **state)
{
    struct lfx *f = *state;
    struct ps_cup_params p = download(f);
    assert_string_equal(p.merchant_name, "Test Shop 1");
    assert_string_equal(p.allowed, "01,22,23,25,10,11,20,21");
    assert_int_equal(p.max_amount, 0);
    assert_int_equal(p.batch_max, 500);
    assert_memory_equal(p.host_time, "20250615", 8); /* T0 in UTC+8 */
}

/* Renames merchant 1 and restarts the ledger; what store_commit returned. */
static int try_rename_merchant(struct lfx *f, const char *name, struct ps_reason *why)
{
    struct store_batch b;
    store_batch_init(&b);
    struct merchant_row *m = &store_batch_add(&b, STORE_MERCHANT_PUT)->u.merchant;
    m->id = 1;
    snprintf(m->mid, sizeof(m->mid), "%s", MID1);
    snprintf(m->name, sizeof(m->name), "%s", name);
    snprintf(m->mcc, sizeof(m->mcc), "5411");
    m->fee_ppm = 6000;
    snprintf(m->status, sizeof(m->status), "active");
    int rc = store_commit(f->writer, &b, why);
    store_batch_free(&b);
    lfx_stop(f); /* the ledger reads merchants when it opens */
    lfx_start(f);
    return rc;
}

static void rename_merchant(struct lfx *f, const char *name)
{
    struct ps_reason why = {{0}};
    lfx_ok(try_rename_merchant(f, name, &why), &why, "renaming the merchant");
}

/* A name that is not all UTF-8 never reaches the download on PostgreSQL: its UTF8
 * database refuses to store it, saying so, and the name before stays. */
static void pg_refuses_name(struct lfx *f, const char *name, const char *kept)
{
    struct ps_reason why = {{0}};
    assert_int_not_equal(try_rename_merchant(f, name, &why), 0);
    if (strstr(why.text, "UTF8") == NULL)
        fail_msg("renaming to a name that is not UTF-8: \"%s\"", why.text);
    assert_string_equal(download(f).merchant_name, kept);
}

/* A whole name of 26 three-byte characters (78 bytes) goes as it is; one with a byte
 * that is not UTF-8 goes up to it (the terminal prints it: half a character is not
 * text); one that is not text at all goes as the MID. (SQLite stores any bytes as
 * TEXT; PostgreSQL refuses them, which pg_refuses_name checks instead.) */
static void names_go_as_text(void **state)
{
    struct lfx *f = *state;
    char name[ROW_NAME_MAX + 1] = "";
    for (int i = 0; i < 26; i++)
        strcat(name, "店");
    rename_merchant(f, name);
    assert_string_equal(download(f).merchant_name, name);

    if (lfx_on_pg()) {
        pg_refuses_name(f, "星河\xE5\xBA", name);
        pg_refuses_name(f, "\xFF shop", name);
        return;
    }
    rename_merchant(f, "星河\xE5\xBA");
    assert_string_equal(download(f).merchant_name, "星河");
    rename_merchant(f, "\xFF shop");
    assert_string_equal(download(f).merchant_name, "MID " MID1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sends_the_merchant_and_the_defaults, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(names_go_as_text, lfx_setup, lfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
