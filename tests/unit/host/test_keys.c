/* The master key file, wrapping under it, PAN tokens and masking. */
#include "testing.h"

#include <stdio.h>
#include <sys/stat.h>

#include "host/keys.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/possum-keys-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/master.key", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

static void creates_a_private_key_file_once(void **state)
{
    (void)state;
    struct host_keys *a = NULL, *b = NULL;
    struct stat st;
    char wrapped[KEYS_WRAPPED_MAX + 1];
    uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, back[32];
    size_t len = 0;

    assert_int_equal(host_keys_load(&a, path, 1, NULL), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(host_keys_wrap(a, key, sizeof(key), wrapped, NULL), 0);
    /* the same file again: the same key, so what was wrapped unwraps */
    assert_int_equal(host_keys_load(&b, path, 1, NULL), 0);
    assert_int_equal(host_keys_unwrap(b, wrapped, back, sizeof(back), &len, NULL), 0);
    assert_int_equal(len, 16);
    assert_memory_equal(back, key, 16);
    host_keys_free(a);
    host_keys_free(b);
}

static void refuses_a_readable_key_file_and_a_foreign_wrap(void **state)
{
    (void)state;
    struct host_keys *a = NULL, *other = NULL;
    struct ps_reason why;
    char wrapped[KEYS_WRAPPED_MAX + 1], other_path[160];
    uint8_t key[8] = {0}, back[32];
    size_t len = 0;

    assert_int_equal(host_keys_load(&a, path, 1, NULL), 0);
    chmod(path, 0644);
    assert_int_equal(host_keys_load(&other, path, 0, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "readable by group or others"));
    chmod(path, 0600);

    snprintf(other_path, sizeof(other_path), "%s/other.key", dir);
    assert_int_equal(host_keys_load(&other, other_path, 1, NULL), 0);
    assert_int_equal(host_keys_wrap(other, key, sizeof(key), wrapped, NULL), 0);
    assert_int_equal(host_keys_unwrap(a, wrapped, back, sizeof(back), &len, &why), PS_ECHECK);
    assert_string_equal(why.text, "unwrap: the key was not wrapped under this master key");
    assert_int_equal(host_keys_unwrap(a, "zz", back, sizeof(back), &len, &why), PS_EFORMAT);
    host_keys_free(a);
    host_keys_free(other);
    unlink(other_path);
}

static void tokens_are_stable_and_masks_hide_the_middle(void **state)
{
    (void)state;
    struct host_keys *k = NULL;
    char t1[KEYS_TOKEN_HEX + 1], t2[KEYS_TOKEN_HEX + 1], t3[KEYS_TOKEN_HEX + 1], masked[20];

    assert_int_equal(host_keys_load(&k, path, 1, NULL), 0);
    host_keys_pan_token(k, "6222020000000000018", t1);
    host_keys_pan_token(k, "6222020000000000018", t2);
    host_keys_pan_token(k, "6222020000000000026", t3);
    assert_string_equal(t1, t2);
    assert_string_not_equal(t1, t3);
    assert_int_equal(strlen(t1), 64);
    host_keys_mask_pan("6222020000000000018", masked);
    assert_string_equal(masked, "622202*********0018");
    host_keys_mask_pan("4367420000000019", masked);
    assert_string_equal(masked, "436742******0019");
    /* payment codes: first 4 and last 4; the 24-digit Alipay ones fit in 19 */
    host_keys_mask_paycode("134567890123456789", masked);
    assert_string_equal(masked, "1345**********6789");
    host_keys_mask_paycode("6212345678901234567", masked);
    assert_string_equal(masked, "6212***********4567");
    host_keys_mask_paycode("281234567890123456789012", masked);
    assert_string_equal(masked, "2812***********9012");
    host_keys_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(creates_a_private_key_file_once, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_a_readable_key_file_and_a_foreign_wrap, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(tokens_are_stable_and_masks_hide_the_middle, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
