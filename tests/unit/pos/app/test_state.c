/* app/state: the terminal's conversation state survives a restart exactly — STAN,
 * sign-in, working keys, the batch's transactions and their totals, the reversal
 * owed — with the keys and card numbers sealed in the database; a batch record
 * deleted behind the program's back is simply gone at the next load. */
#include "testing.h"

#include <stdio.h>

#include "fixture.h"
#include "pos/app/schema.h"
#include "pos/app/state.h"
#include "pos/db/db.h"

static const uint8_t tmk[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10};
#define PAN "6222020000000000018"

struct fx {
    char dir[64], key[128], path[128];
    sqlite3 *db;
    struct pos_keystore ks;
    struct hl_terminal t, back;
    struct pos_state_info info;
};

static void record(struct hl_terminal *t, enum hl_kind kind, uint32_t stan, int64_t amount,
                   const char *rrn)
{
    struct hl_record r;

    memset(&r, 0, sizeof(r));
    r.sent.kind = kind;
    r.sent.stan = stan;
    r.sent.batch = t->batch.number;
    r.sent.amount = amount;
    snprintf(r.sent.pan, sizeof(r.sent.pan), PAN);
    snprintf(r.sent.expiry, sizeof(r.sent.expiry), "3012");
    snprintf(r.sent.entry_mode, sizeof(r.sent.entry_mode), "021");
    snprintf(r.rrn, sizeof(r.rrn), "%s", rrn);
    snprintf(r.auth_code, sizeof(r.auth_code), "123456");
    snprintf(r.date, sizeof(r.date), "1123");
    assert_int_equal(hl_batch_record(&t->batch, &r), 0);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct ps_working_keys keys;
    struct ps_reason why;

    fixture_home(f->dir);
    snprintf(f->key, sizeof(f->key), "%s/device.key", f->dir);
    snprintf(f->path, sizeof(f->path), "%s/terminal.db", f->dir);
    assert_int_equal(pos_db_open(f->path, &f->db, &why), 0);
    assert_int_equal(pos_app_schema_migrate(f->db, &why), 0);
    assert_int_equal(pos_keystore_create(&f->ks, f->key, &why), 0);
    assert_int_equal(hl_terminal_init(&f->t, "10000001", "898100012340001", tmk, 50, &why), 0);
    snprintf(f->info.host.host, sizeof(f->info.host.host), "127.0.0.1");
    snprintf(f->info.host.port, sizeof(f->info.host.port), "5800");
    snprintf(f->info.tmk_kcv, sizeof(f->info.tmk_kcv), "08D7B4");
    f->info.activated_at = 1700000000;
    assert_int_equal(pos_state_create(f->db, &f->ks, &f->t, &f->info, &why), 0);
    /* a day's trading */
    assert_int_equal(ps_working_keys_generate(&keys, PS_WK_TDES, false, &why), 0);
    assert_int_equal(hl_terminal_install_keys(&f->t, &keys, &why), 0);
    ps_working_keys_cleanup(&keys);
    hl_batch_reset(&f->t.batch, 7);
    snprintf(f->t.signed_in_date, sizeof(f->t.signed_in_date), "20241123");
    record(&f->t, HL_PURCHASE, 2, 1250, "010000000002");
    record(&f->t, HL_PURCHASE, 3, 800, "010000000003");
    f->t.next_stan = 5;
    hl_terminal_arm_reversal(&f->t, &f->t.batch.records[1].sent, HL_REVERSAL_NO_ANSWER);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    hl_terminal_cleanup(&f->t);
    hl_terminal_cleanup(&f->back);
    pos_keystore_cleanup(&f->ks);
    pos_db_close(f->db);
    fixture_remove(f->dir);
    free(f);
    return 0;
}

static void save(struct fx *f, int64_t reversal_seq)
{
    struct ps_reason why;
    assert_int_equal(pos_db_exec(f->db, "BEGIN", &why), 0);
    assert_int_equal(pos_state_write(f->db, &f->ks, &f->t, reversal_seq, &why), 0);
    assert_int_equal(pos_db_exec(f->db, "COMMIT", &why), 0);
}

static void everything_comes_back(void **state)
{
    struct fx *f = *state;
    struct pos_state_info info;
    struct ps_reason why;

    save(f, 42);
    assert_int_equal(pos_state_load(f->db, &f->ks, 50, &f->back, &info, &why), 0);
    assert_string_equal(f->back.tid, "10000001");
    assert_memory_equal(f->back.tmk, tmk, 16);
    assert_int_equal(f->back.next_stan, 5);
    assert_string_equal(f->back.signed_in_date, "20241123");
    assert_true(f->back.has_keys);
    assert_memory_equal(f->back.keys.pik, f->t.keys.pik, 16);
    assert_memory_equal(f->back.keys.mak, f->t.keys.mak, 8);
    assert_int_equal(f->back.batch.number, 7);
    assert_int_equal(f->back.batch.count, 2);
    assert_string_equal(f->back.batch.records[1].sent.pan, PAN);
    assert_string_equal(f->back.batch.records[1].rrn, "010000000003");
    assert_int_equal(f->back.batch.totals.domestic.debit_amount, 2050);
    assert_int_equal(f->back.batch.totals.domestic.debit_count, 2);
    assert_true(f->back.reversal_pending);
    assert_int_equal(f->back.reversal.kind, HL_PURCHASE);
    assert_int_equal(f->back.reversal.stan, 3);
    assert_string_equal(f->back.reversal.pan, PAN);
    assert_string_equal(f->back.reversal.reason, "98");
    assert_int_equal(info.reversal_seq, 42);
    assert_string_equal(info.host.port, "5800");
}

static void card_numbers_and_keys_are_sealed(void **state)
{
    struct fx *f = *state;
    static char file[1 << 20];
    struct ps_reason why;
    size_t n;
    FILE *in;

    save(f, 0);
    pos_db_close(f->db);
    f->db = NULL;
    in = fopen(f->path, "rb");
    assert_non_null(in);
    n = fread(file, 1, sizeof(file) - 1, in);
    fclose(in);
    for (size_t i = 0; i + strlen(PAN) <= n; i++) {
        assert_false(memcmp(file + i, PAN, strlen(PAN)) == 0);
        assert_false(memcmp(file + i, f->t.keys.pik, 16) == 0);
    }
    assert_int_equal(pos_db_open(f->path, &f->db, &why), 0);
}

static void a_deleted_record_is_gone_and_the_totals_follow(void **state)
{
    struct fx *f = *state;
    struct pos_state_info info;
    struct ps_reason why;

    save(f, 0);
    assert_int_equal(pos_db_exec(f->db, "DELETE FROM app_batch WHERE stan = 2", &why), 0);
    assert_int_equal(pos_state_load(f->db, &f->ks, 50, &f->back, &info, &why), 0);
    assert_int_equal(f->back.batch.count, 1);
    assert_int_equal(f->back.batch.totals.domestic.debit_amount, 800);
}

static void another_device_key_loads_nothing(void **state)
{
    struct fx *f = *state;
    struct pos_keystore other;
    struct pos_state_info info;
    char path[160];
    struct ps_reason why;

    save(f, 0);
    snprintf(path, sizeof(path), "%s/other.key", f->dir);
    assert_int_equal(pos_keystore_create(&other, path, &why), 0);
    assert_int_equal(pos_state_load(f->db, &other, 50, &f->back, &info, &why), PS_ECHECK);
    pos_keystore_cleanup(&other);
    assert_int_equal(pos_state_create(f->db, &f->ks, &f->t, &f->info, &why), PS_EINVAL);
}

static void receipt_numbers_go_round(void **state)
{
    struct fx *f = *state;
    struct ps_reason why;
    uint32_t a = 0, b = 0;

    assert_int_equal(pos_state_take_receipt(f->db, &a, &why), 0);
    assert_int_equal(pos_state_take_receipt(f->db, &b, &why), 0);
    assert_int_equal(a, 1);
    assert_int_equal(b, 2);
    assert_int_equal(pos_db_exec(f->db, "UPDATE app_terminal SET next_receipt = 999999", &why), 0);
    assert_int_equal(pos_state_take_receipt(f->db, &a, &why), 0);
    assert_int_equal(pos_state_take_receipt(f->db, &b, &why), 0);
    assert_int_equal(a, 999999);
    assert_int_equal(b, 1);
}

#define PAYCODE "134567890123456789"

/* A QR purchase: its payment code comes back (in the batch and in the reversal owed)
 * but the file holds it only sealed, with the masked form for people to read. */
static void payment_codes_are_sealed_and_come_back(void **state)
{
    struct fx *f = *state;
    static char file[1 << 20];
    struct pos_state_info info;
    struct ps_reason why;
    struct hl_record r;
    sqlite3_stmt *st = NULL;
    size_t n;
    FILE *in;

    memset(&r, 0, sizeof(r));
    r.sent = (struct hl_message){.kind = HL_PURCHASE, .stan = 4, .batch = 7, .amount = 990};
    snprintf(r.sent.paycode, sizeof(r.sent.paycode), PAYCODE);
    snprintf(r.sent.entry_mode, sizeof(r.sent.entry_mode), "032");
    snprintf(r.rrn, sizeof(r.rrn), "010000000004");
    assert_int_equal(hl_batch_record(&f->t.batch, &r), 0);
    hl_terminal_arm_reversal(&f->t, &f->t.batch.records[2].sent, HL_REVERSAL_TERMINAL_ERROR);
    save(f, 0);
    assert_int_equal(pos_state_load(f->db, &f->ks, 50, &f->back, &info, &why), 0);
    assert_string_equal(f->back.batch.records[2].sent.paycode, PAYCODE);
    assert_string_equal(f->back.batch.records[2].sent.pan, "");
    assert_string_equal(f->back.batch.records[1].sent.paycode, "");
    assert_string_equal(f->back.reversal.paycode, PAYCODE);
    assert_int_equal(f->back.batch.totals.domestic.debit_amount, 2050 + 990);
    assert_int_equal(
        sqlite3_prepare_v2(f->db, "SELECT pan_masked FROM app_batch WHERE stan = 4", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "1345**********6789");
    sqlite3_finalize(st);
    pos_db_close(f->db);
    f->db = NULL;
    in = fopen(f->path, "rb");
    assert_non_null(in);
    n = fread(file, 1, sizeof(file) - 1, in);
    fclose(in);
    for (size_t i = 0; i + strlen(PAYCODE) <= n; i++)
        assert_false(memcmp(file + i, PAYCODE, strlen(PAYCODE)) == 0);
    assert_int_equal(pos_db_open(f->path, &f->db, &why), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(everything_comes_back, setup, teardown),
        cmocka_unit_test_setup_teardown(card_numbers_and_keys_are_sealed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_deleted_record_is_gone_and_the_totals_follow, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(another_device_key_loads_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(receipt_numbers_go_round, setup, teardown),
        cmocka_unit_test_setup_teardown(payment_codes_are_sealed_and_come_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
