/* The growable output buffer (pos/receipt/buf.h). */
#include "testing.h"

#include "pos/receipt/buf.h"

static void grows_and_stays_nul_terminated(void **state)
{
    (void)state;
    struct rcpt_buf b;
    rcpt_buf_init(&b);
    assert_null(b.data);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(rcpt_buf_append(&b, "abc", 3, NULL), 0);
    assert_int_equal(b.len, 3000);
    assert_int_equal(b.data[3000], 0);
    assert_memory_equal(b.data + 2997, "abc", 3);
    assert_int_equal(rcpt_buf_fill(&b, '-', 5, NULL), 0);
    assert_string_equal((const char *)b.data + 2997, "abc-----");
    rcpt_buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal((const char *)b.data, "");
    rcpt_buf_cleanup(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

static void refuses_to_grow_past_its_cap(void **state)
{
    (void)state;
    struct rcpt_buf b;
    struct ps_reason why;
    rcpt_buf_init(&b);
    assert_int_equal(rcpt_buf_fill(&b, 'x', RCPT_BUF_MAX - 1, NULL), 0);
    assert_int_equal(rcpt_buf_append(&b, "yz", 2, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "output: more than 1048576 bytes");
    assert_int_equal(b.len, RCPT_BUF_MAX - 1); /* unchanged */
    assert_int_equal(rcpt_buf_append(&b, "y", 1, NULL), 0);
    assert_int_equal(rcpt_buf_fill(&b, 'z', SIZE_MAX, NULL), PS_ETOOLONG);
    rcpt_buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grows_and_stays_nul_terminated),
        cmocka_unit_test(refuses_to_grow_past_its_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
