/* app/keystore: the device key and what is sealed under it — a round trip, a wrong
 * device key, a value moved to another name, the key file's rules, and no secret in
 * the database file in clear. */
#include "testing.h"

#include <sys/stat.h>

#include "fixture.h"
#include "pos/app/keystore.h"
#include "pos/app/schema.h"
#include "pos/db/db.h"

static const uint8_t tmk[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10};

struct fx {
    char dir[64];
    char key[128], other[128], db_path[128];
    sqlite3 *db;
    struct pos_keystore ks;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct ps_reason why;

    fixture_home(f->dir);
    snprintf(f->key, sizeof(f->key), "%s/device.key", f->dir);
    snprintf(f->other, sizeof(f->other), "%s/other.key", f->dir);
    snprintf(f->db_path, sizeof(f->db_path), "%s/terminal.db", f->dir);
    assert_int_equal(pos_db_open(f->db_path, &f->db, &why), 0);
    assert_int_equal(pos_app_schema_migrate(f->db, &why), 0);
    assert_int_equal(pos_keystore_create(&f->ks, f->key, &why), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    pos_keystore_cleanup(&f->ks);
    pos_db_close(f->db);
    fixture_remove(f->dir);
    free(f);
    return 0;
}

static void a_secret_comes_back_after_a_reload(void **state)
{
    struct fx *f = *state;
    struct pos_keystore again;
    struct ps_reason why;
    uint8_t out[32];
    size_t n = 0;

    assert_int_equal(pos_keystore_put(f->db, &f->ks, "tmk", tmk, sizeof(tmk), &why), 0);
    assert_int_equal(pos_keystore_load(&again, f->key, &why), 0);
    assert_int_equal(pos_keystore_get(f->db, &again, "tmk", out, sizeof(out), &n, &why), 0);
    assert_int_equal(n, sizeof(tmk));
    assert_memory_equal(out, tmk, sizeof(tmk));
    pos_keystore_cleanup(&again);
}

static void another_device_key_opens_nothing(void **state)
{
    struct fx *f = *state;
    struct pos_keystore other;
    struct ps_reason why;
    uint8_t out[32];
    size_t n = 99;

    assert_int_equal(pos_keystore_put(f->db, &f->ks, "tmk", tmk, sizeof(tmk), &why), 0);
    assert_int_equal(pos_keystore_create(&other, f->other, &why), 0);
    assert_int_equal(pos_keystore_get(f->db, &other, "tmk", out, sizeof(out), &n, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "does not open under this device key"));
    assert_int_equal(n, 0);
    pos_keystore_cleanup(&other);
}

static void a_value_moved_to_another_name_does_not_open(void **state)
{
    struct fx *f = *state;
    struct ps_reason why;
    uint8_t out[32];
    size_t n = 0;

    assert_int_equal(pos_keystore_put(f->db, &f->ks, "tmk", tmk, sizeof(tmk), &why), 0);
    assert_int_equal(
        pos_db_exec(f->db,
                    "INSERT INTO app_secret (name, sealed)"
                    " SELECT 'working_keys', sealed FROM app_secret WHERE name = 'tmk'",
                    &why),
        0);
    assert_int_equal(pos_keystore_get(f->db, &f->ks, "working_keys", out, sizeof(out), &n, &why),
                     PS_ECHECK);
    assert_int_equal(pos_keystore_get(f->db, &f->ks, "absent", out, sizeof(out), &n, &why),
                     PS_EUNDEFINED);
}

static void an_edited_seal_is_refused(void **state)
{
    struct fx *f = *state;
    struct ps_reason why;
    uint8_t sealed[128], out[32];
    size_t n = 0, m = 0;

    assert_int_equal(
        pos_keystore_seal(&f->ks, "card", tmk, sizeof(tmk), sealed, sizeof(sealed), &n, &why), 0);
    assert_int_equal(n, sizeof(tmk) + POS_SEAL_OVERHEAD + strlen("card") + 1);
    sealed[n - 1] ^= 1;
    assert_int_equal(pos_keystore_open(&f->ks, "card", sealed, n, out, sizeof(out), &m, &why),
                     PS_ECHECK);
    assert_int_equal(pos_keystore_open(&f->ks, "card", sealed, 10, out, sizeof(out), &m, &why),
                     PS_EFORMAT);
}

static void the_key_file_has_rules(void **state)
{
    struct fx *f = *state;
    struct pos_keystore ks;
    struct ps_reason why;
    struct stat st;

    assert_int_equal(stat(f->key, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, POS_DEVICE_KEY_LEN);
    assert_int_equal(pos_keystore_create(&ks, f->key, &why), PS_EIO); /* never replaced */
    assert_int_equal(chmod(f->key, 0644), 0);
    assert_int_equal(pos_keystore_load(&ks, f->key, &why), PS_EIO);
    assert_non_null(strstr(why.text, "chmod 600"));
    assert_int_equal(pos_keystore_load(&ks, f->other, &why), PS_EUNDEFINED);
    assert_int_equal(ks.loaded, 0);
}

static void no_secret_is_in_the_file_in_clear(void **state)
{
    struct fx *f = *state;
    struct ps_reason why;
    static uint8_t file[1 << 20];
    size_t n;
    FILE *in;

    assert_int_equal(pos_keystore_put(f->db, &f->ks, "tmk", tmk, sizeof(tmk), &why), 0);
    pos_db_close(f->db); /* everything into the main file */
    f->db = NULL;
    in = fopen(f->db_path, "rb");
    assert_non_null(in);
    n = fread(file, 1, sizeof(file), in);
    fclose(in);
    assert_true(n > 0);
    for (size_t i = 0; i + sizeof(tmk) <= n; i++) {
        assert_false(memcmp(file + i, tmk, sizeof(tmk)) == 0);
        assert_false(memcmp(file + i, f->ks.key, 16) == 0);
    }
    assert_int_equal(pos_db_open(f->db_path, &f->db, &why), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_secret_comes_back_after_a_reload, setup, teardown),
        cmocka_unit_test_setup_teardown(another_device_key_opens_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(a_value_moved_to_another_name_does_not_open, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_edited_seal_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(the_key_file_has_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(no_secret_is_in_the_file_in_clear, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
