/* The 2-byte length framing: whole frames, partial frames, and prefixes that can
 * never become a valid frame. */
#include "testing.h"

#include "core/iso8583/frame.h"

static void waits_for_a_whole_frame(void **state)
{
    (void)state;
    uint8_t buf[8] = {0x00, 0x03, 'a', 'b', 'c', 0x00, 0x01, 'x'};
    size_t frame = 0;
    for (size_t have = 0; have < 5; have++)
        assert_int_equal(ps_frame_scan(buf, have, 100, &frame, NULL), 0);
    assert_int_equal(ps_frame_scan(buf, 5, 100, &frame, NULL), 1);
    assert_int_equal(frame, 5);
    /* a second frame right behind the first */
    assert_int_equal(ps_frame_scan(buf + 5, 3, 100, &frame, NULL), 1);
    assert_int_equal(frame, 3);
}

static void refuses_oversized_and_empty_frames(void **state)
{
    (void)state;
    uint8_t big[2] = {0xff, 0xff}, empty[2] = {0, 0};
    size_t frame = 0;
    struct ps_reason why;
    assert_int_equal(ps_frame_scan(big, 2, 8192, &frame, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "frame: length prefix announces 65535 bytes, at most 8192");
    assert_int_equal(ps_frame_scan(empty, 2, 8192, &frame, &why), PS_EFORMAT);
    assert_string_equal(why.text, "frame: length prefix announces an empty message");
}

static void writes_big_endian_prefix(void **state)
{
    (void)state;
    uint8_t out[2];
    ps_frame_put_prefix(out, 0x1234);
    assert_int_equal(out[0], 0x12);
    assert_int_equal(out[1], 0x34);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(waits_for_a_whole_frame),
        cmocka_unit_test(refuses_oversized_and_empty_frames),
        cmocka_unit_test(writes_big_endian_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
