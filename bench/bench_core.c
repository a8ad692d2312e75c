/* bench_core — libpossum's per-message costs, each beside a baseline measured in the
 * same run: packing and unpacking a typical CUP purchase request (0200) and its
 * response (0210) against copying the same bytes, then MAC and PIN block operations
 * per second. Every figure is the median of several timed rounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_crypto.h"
#include "bench/bench_timer.h"
#include "core/error.h"
#include "core/iso8583/iso8583.h"

static volatile uint64_t sink; /* keeps the compiler from dropping timed work */

static void set(struct ps_iso_msg *m, int n, const char *value)
{
    struct ps_reason why;
    if (ps_iso_set_str(m, n, value, &why) != 0) {
        fprintf(stderr, "bench: %s\n", why.text);
        exit(1);
    }
}

/* 0200 purchase with fields 2 3 4 11 14 22 25 26 35 49 52 53 60 64 */
static void build_purchase(struct ps_iso_msg *m)
{
    static const uint8_t pin_block[8] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
    static const uint8_t mac[8] = {0x41, 0x42, 0x43, 0x44, 0x31, 0x32, 0x33, 0x34};
    ps_iso_init(m, &ps_iso_cup);
    ps_iso_set_mti(m, "0200", NULL);
    memcpy(m->tpdu, "\x60\x00\x03\x00\x00", 5);
    memcpy(m->header, "\x60\x31\x00\x00\x00\x00", 6);
    set(m, 2, "6222020000000000018");
    set(m, 3, "000000");
    set(m, 4, "000000012345");
    set(m, 11, "000123");
    set(m, 14, "3012");
    set(m, 22, "021");
    set(m, 25, "00");
    set(m, 26, "12");
    set(m, 35, "6222020000000000018=30121010000000000");
    set(m, 49, "156");
    ps_iso_set(m, 52, pin_block, 8, NULL);
    set(m, 53, "2600000000000000");
    set(m, 60, "2200000100050");
    ps_iso_set(m, 64, mac, 8, NULL);
}

/* 0210 response with fields 2 3 4 11 12 13 14 15 25 32 37 38 39 41 42 44 49 53 60 63 64 */
static void build_response(struct ps_iso_msg *m)
{
    static const uint8_t mac[8] = {0x39, 0x38, 0x37, 0x36, 0x41, 0x42, 0x43, 0x44};
    ps_iso_init(m, &ps_iso_cup);
    ps_iso_set_mti(m, "0210", NULL);
    memcpy(m->tpdu, "\x60\x00\x00\x00\x03", 5);
    memcpy(m->header, "\x60\x31\x00\x00\x00\x00", 6);
    set(m, 2, "6222020000000000018");
    set(m, 3, "000000");
    set(m, 4, "000000012345");
    set(m, 11, "000123");
    set(m, 12, "101530");
    set(m, 13, "1123");
    set(m, 14, "3012");
    set(m, 15, "1124");
    set(m, 25, "00");
    set(m, 32, "48021000");
    set(m, 37, "112310153001");
    set(m, 38, "A12345");
    set(m, 39, "00");
    set(m, 41, "10000001");
    set(m, 42, "898100012340001");
    set(m, 44, "0102000003010200000");
    set(m, 49, "156");
    set(m, 53, "2600000000000000");
    set(m, 60, "2200000100050");
    set(m, 63, "CUP");
    ps_iso_set(m, 64, mac, 8, NULL);
}

struct codec_case {
    const char *name;
    struct ps_iso_msg msg;
    uint8_t wire[512];
    size_t len;
};

static struct ps_iso_msg scratch;
static uint8_t out[512];

static uint64_t run_pack(void *arg, uint64_t iterations)
{
    struct codec_case *c = arg;
    size_t len = 0;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iterations; i++) {
        ps_iso_pack(&c->msg, out, sizeof(out), &len, PS_ISO_FRAME, NULL);
        acc += len + out[len - 1];
    }
    return acc;
}

static uint64_t run_unpack(void *arg, uint64_t iterations)
{
    struct codec_case *c = arg;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iterations; i++) {
        ps_iso_unpack(&scratch, &ps_iso_cup, c->wire, c->len, PS_ISO_FRAME, NULL);
        acc += scratch.value[4].len;
    }
    return acc;
}

static uint64_t run_round_trip(void *arg, uint64_t iterations)
{
    struct codec_case *c = arg;
    size_t len = 0;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iterations; i++) {
        ps_iso_pack(&c->msg, out, sizeof(out), &len, PS_ISO_FRAME, NULL);
        ps_iso_unpack(&scratch, &ps_iso_cup, out, len, PS_ISO_FRAME, NULL);
        acc += scratch.value[4].len;
    }
    return acc;
}

static uint64_t run_copy(void *arg, uint64_t iterations)
{
    struct codec_case *c = arg;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iterations; i++) {
        /* the baseline: moving the same bytes, opaque to the optimiser */
        memcpy(out, c->wire, c->len);
        __asm__ volatile("" : : "r"(out) : "memory");
        acc += out[c->len - 1];
    }
    return acc;
}

static void bench_codec(struct codec_case *c)
{
    const uint64_t n = 400000;
    double copy = bench_ns_per_op(run_copy, c, n, &sink);
    double pack = bench_ns_per_op(run_pack, c, n, &sink);
    double unpack = bench_ns_per_op(run_unpack, c, n, &sink);
    double both = bench_ns_per_op(run_round_trip, c, n, &sink);
    printf("%-26s %4zu bytes  pack %6.1f ns  unpack %6.1f ns  pack+unpack %6.1f ns"
           "  | baseline copy %5.1f ns\n",
           c->name, c->len, pack, unpack, both, copy);
}

int main(void)
{
    static struct codec_case request = {.name = "0200 purchase request"};
    static struct codec_case response = {.name = "0210 purchase response"};
    struct ps_reason why;

    build_purchase(&request.msg);
    build_response(&response.msg);
    struct codec_case *cases[] = {&request, &response};
    for (size_t i = 0; i < 2; i++) {
        if (ps_iso_pack(&cases[i]->msg, cases[i]->wire, sizeof(cases[i]->wire), &cases[i]->len,
                        PS_ISO_FRAME, &why) != 0) {
            fprintf(stderr, "bench: %s\n", why.text);
            return 1;
        }
    }

    printf("possum bench_core — median of %d rounds; lower ns is better\n\n", BENCH_ROUNDS);
    printf("ISO 8583, CUP POS dialect, framed (length + TPDU + header):\n");
    bench_codec(&request);
    bench_codec(&response);
    printf("\n");
    return bench_crypto(request.wire + 13, request.len - 13 - 8, &sink);
}
