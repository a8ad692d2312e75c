/* Bad input and hostile clients against one running possumd, while a well-behaved
 * terminal keeps trading in a thread of its own: frames cut short, impossible length
 * prefixes, bodies that do not unpack, random bytes, a wrong MAC, a missing field, a
 * client that sends one byte at a time, one that never reads its answers, and more
 * connections than possumd admits. Each gets a clear decline or a closed connection
 * (with the reason in possumd's log); the trading terminal must get every answer, none
 * slower than TRADE_SLOW_MS; and possumd must still serve a fresh terminal and stop
 * cleanly at the end. */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../unit/testing.h"
#include "core/iso8583/frame.h"
#include "pos/hostlink/responses.h"

#define IDLE_TIMEOUT_MS 1500
#define MAX_IN_FLIGHT   4
#define TRADE_SLOW_MS   2000 /* the promise: a hostile client never stalls the others */
#define SLOW_BYTE_MS    200
#define CLOSE_WAIT_MS   5000 /* generous under ASan: a close takes milliseconds */
#define CAP_CONNECTIONS 20

#define TEXT_(x) #x
#define TEXT(x)  TEXT_(x) /* a number as the command-line argument it is given as */

static struct possumd server;
static struct possumd capped; /* a second possumd with a small --max-connections */
static int test_passed;       /* set by each test as its last step; else its log is shown */

/* ---- the terminal that keeps trading ------------------------------------------------ */

/* What the trading terminal is living through, for the report of its slowest answer. */
static _Atomic(const char *) phase = "start-up";

struct trader {
    struct term t;
    char pan[20];
    pthread_t thread;
    int running;
    atomic_int stop;
    /* written by the thread, read after it joined */
    unsigned requests, approved;
    int64_t worst_ms;
    const char *worst_during;
    char first_error[256];
};

static struct trader trader;

/* One purchase; when the batch is full, the settlement a cashier makes then, which must
 * balance. Returns 0 or what went wrong, with code the response code ("" for none). */
static int trade_once(struct trader *tr, char code[3], struct ps_reason *why)
{
    struct hl_card_input in = {.kind = HL_PURCHASE, .pan = tr->pan, .pin = PIN, .amount = 100};
    struct hl_message sent;
    struct hl_response r;
    struct hl_settlement settled;

    int rc = hl_session_card(&tr->t.s, &in, &sent, &r, why);
    memcpy(code, r.code, 3);
    if (rc != HL_BATCH_FULL)
        return rc;
    rc = hl_session_settle(&tr->t.s, &settled, why);
    memcpy(code, settled.answer.code, 3);
    if (rc == 0 && (!settled.answer.balanced || settled.uploaded))
        rc = ps_fail(why, PS_ECHECK, "settlement: not balanced");
    return rc;
}

/* Trades at a cashier's pace until told to stop. No cmocka here (it is not thread-safe):
 * everything is recorded and judged by the main thread. */
static void *trade(void *arg)
{
    struct trader *tr = arg;

    while (!atomic_load(&tr->stop)) {
        struct ps_reason why = {{0}};
        char code[3] = "";
        const char *during = atomic_load(&phase);
        int64_t started = now_ms();
        int rc = trade_once(tr, code, &why);
        int64_t took = now_ms() - started;
        tr->requests++;
        if (took > tr->worst_ms) {
            tr->worst_ms = took;
            tr->worst_during = during;
        }
        if (rc == 0)
            tr->approved++;
        else if (tr->first_error[0] == '\0')
            snprintf(tr->first_error, sizeof(tr->first_error),
                     "request %u (during %s): %s, code '%s' (%s)", tr->requests, during,
                     hl_strerror(rc), code, why.text);
        sleep_ms(20);
    }
    return NULL;
}

static void trader_stop(void)
{
    if (!trader.running)
        return;
    atomic_store(&trader.stop, 1);
    pthread_join(trader.thread, NULL);
    trader.running = 0;
}

/* ---- fixtures ------------------------------------------------------------------------ */

static int start(void **state)
{
    (void)state;
    static const char *const extra[] = {"--idle-timeout-ms", TEXT(IDLE_TIMEOUT_MS),
                                        "--max-in-flight", TEXT(MAX_IN_FLIGHT), NULL};
    possumd_start(&server, extra);
    fleet_pan(10, trader.pan);
    term_open(&trader.t, &server, 10, 0);
    assert_int_equal(pthread_create(&trader.thread, NULL, trade, &trader), 0);
    trader.running = 1;
    return 0;
}

static int finish(void **state)
{
    (void)state;
    trader_stop();
    term_close(&trader.t);
    possumd_cleanup(&capped);
    possumd_cleanup(&server);
    return 0;
}

static int before_test(void **state)
{
    (void)state;
    test_passed = 0;
    return 0;
}

/* A failed test shows what possumd said. */
static int after_test(void **state)
{
    (void)state;
    if (!test_passed) {
        possumd_print_log(&server);
        if (capped.pid > 0)
            possumd_print_log(&capped);
    }
    return 0;
}

/* ---- raw connections --------------------------------------------------------------- */

/* Waits for possumd to close fd. 1: closed without sending a byte; 0: still open
 * after timeout_ms; -1: it sent something first. */
static int closed_silently(int fd, int timeout_ms)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    uint8_t byte;
    if (poll(&pfd, 1, timeout_ms) != 1)
        return 0;
    ssize_t n = recv(fd, &byte, 1, 0);
    return n > 0 ? -1 : 1;
}

/* Sends bytes on a new connection and asserts that possumd closes it without an answer,
 * logging "<peer>: closing: ..." with `reason` in the line. */
static void expect_refused(const uint8_t *bytes, size_t len, const char *event, const char *reason)
{
    char peer[32], who[48];
    int fd = raw_connect(&server);
    raw_peer_name(fd, peer);
    raw_send(fd, bytes, len);
    int closed = closed_silently(fd, CLOSE_WAIT_MS);
    close(fd);
    if (closed != 1)
        fail_msg("%s: possumd %s", reason,
                 closed == 0 ? "kept the connection open" : "answered instead of closing");
    snprintf(who, sizeof(who), "%s: %s: ", peer, event);
    if (!possumd_log_has(&server, who, reason))
        fail_msg("possumd's log has no line \"%s...%s\"", who, reason);
}

static int64_t balance_of(struct term *t, const char *pan)
{
    /* the idle timeout may have closed its connection while the test used raw ones */
    term_reconnect(t);
    assert_int_equal(term_card(t, HL_BALANCE, pan, PIN, 0, NULL), 0);
    assert_true(t->r.has_balance);
    return t->r.balance;
}

/* ---- frames that never become a message -------------------------------------------- */

/* A frame announcing 100 bytes sends 40 and then nothing: possumd cannot know the rest
 * is not coming, so it waits, but only as long as the idle timeout allows. */
static void truncated_frame_is_closed_by_the_idle_timeout(void **state)
{
    (void)state;
    uint8_t bytes[42] = {0x00, 0x64, 0x60, 0x00, 0x03, 0x00, 0x00, 0x60, 0x31};
    atomic_store(&phase, "a frame cut short, left open");
    int fd = raw_connect(&server);
    raw_send(fd, bytes, sizeof(bytes));
    int64_t sent_at = now_ms();
    int closed = closed_silently(fd, IDLE_TIMEOUT_MS + CLOSE_WAIT_MS);
    int64_t waited = now_ms() - sent_at;
    close(fd);
    if (closed != 1)
        fail_msg("possumd %s a frame cut short after %lld ms",
                 closed == 0 ? "still waits for" : "answered", (long long)waited);
    /* not sooner than the timeout: a slow client's half frame is not an error */
    if (waited < IDLE_TIMEOUT_MS - 300)
        fail_msg("closed after %lld ms, before the idle timeout of %d ms", (long long)waited,
                 IDLE_TIMEOUT_MS);
    test_passed = 1;
}

/* A length prefix of 0 announces nothing to read; one over 8192 (up to 0xFFFF) more
 * than a message may be. Either way the stream cannot be resynchronised. */
static void impossible_length_prefixes_close_the_connection(void **state)
{
    (void)state;
    static uint8_t bytes[2 + 256];
    atomic_store(&phase, "impossible length prefixes");
    memset(bytes, 0x5A, sizeof(bytes));
    bytes[0] = 0x00;
    bytes[1] = 0x00;
    expect_refused(bytes, sizeof(bytes), "closed", "length prefix announces an empty message");
    bytes[0] = 0xFF;
    bytes[1] = 0xFF;
    expect_refused(bytes, sizeof(bytes), "closed", "length prefix announces 65535 bytes");
    bytes[0] = 0x20; /* 8193: one over the limit */
    bytes[1] = 0x01;
    expect_refused(bytes, sizeof(bytes), "closed", "length prefix announces 8193 bytes");
    test_passed = 1;
}

/* A purchase-like message whose layout the tests below know byte by byte: prefix (2),
 * TPDU (5), header (6), MTI at 13, bitmap at 15, field 3 at 23, field 4 at 26..32,
 * field 11 at 32, 41 at 35, 42 at 43..58. */
#define AT_MTI     13
#define AT_BITMAP  15
#define AT_F4_LAST 31
#define BASE_LEN   58

static size_t base_frame(uint8_t *out, size_t cap)
{
    static struct ps_iso_msg m;
    static const uint8_t tpdu[5] = {0x60, 0x00, 0x03, 0x00, 0x00};
    static const uint8_t header[6] = {0x60, 0x31, 0x00, 0x00, 0x00, 0x00};
    struct ps_reason why = {{0}};
    size_t len = 0;

    ps_iso_init(&m, &ps_iso_cup);
    memcpy(m.tpdu, tpdu, sizeof(tpdu));
    memcpy(m.header, header, sizeof(header));
    assert_int_equal(ps_iso_set_mti(&m, "0200", &why), 0);
    assert_int_equal(ps_iso_set_str(&m, 3, "000000", &why), 0);
    assert_int_equal(ps_iso_set_str(&m, 4, "000000012345", &why), 0);
    assert_int_equal(ps_iso_set_str(&m, 11, "000123", &why), 0);
    assert_int_equal(ps_iso_set_str(&m, 41, "10000021", &why), 0);
    assert_int_equal(ps_iso_set_str(&m, 42, "898100012340003", &why), 0);
    assert_int_equal(ps_iso_pack(&m, out, cap, &len, PS_ISO_FRAME, &why), 0);
    assert_int_equal(len, BASE_LEN);
    assert_int_equal(out[AT_F4_LAST], 0x45); /* "...12345" */
    return len;
}

/* Bodies that do not unpack: possumd cannot answer what it cannot read (it does not
 * know whose it is), so it closes the connection and logs why. */
static void unreadable_bodies_close_the_connection(void **state)
{
    (void)state;
    uint8_t f[BASE_LEN + 2];
    atomic_store(&phase, "bodies that do not unpack");

    base_frame(f, sizeof(f));
    f[AT_F4_LAST] = 0x4A; /* a nibble that is not a decimal digit */
    expect_refused(f, BASE_LEN, "closing", "field 4: nibble A");

    base_frame(f, sizeof(f));
    f[AT_BITMAP] |= 0x08; /* field 5: not in the CUP dialect */
    expect_refused(f, BASE_LEN, "closing", "bitmap names field 5");

    base_frame(f, sizeof(f));
    f[AT_BITMAP] |= 0x80; /* a secondary bitmap, which CUP has not */
    expect_refused(f, BASE_LEN, "closing", "secondary bitmap");

    base_frame(f, sizeof(f));
    f[AT_MTI] = 0xF2;
    expect_refused(f, BASE_LEN, "closing", "MTI: ");

    base_frame(f, sizeof(f));
    f[BASE_LEN] = 0xDE; /* garbage after the last field */
    f[BASE_LEN + 1] = 0xAD;
    ps_frame_put_prefix(f, BASE_LEN + 2 - PS_FRAME_PREFIX);
    expect_refused(f, BASE_LEN + 2, "closing", "2 bytes after the last field");

    base_frame(f, sizeof(f));
    ps_frame_put_prefix(f, 50 - PS_FRAME_PREFIX); /* a whole frame, its message cut in 42 */
    expect_refused(f, 50, "closing", "field 42: 7 bytes left, 15 needed");
    test_passed = 1;
}

/* Random bodies in honest frames, and random streams with no framing at all. */
static void random_bytes_close_the_connection(void **state)
{
    (void)state;
    static const size_t lengths[] = {1, 2, 7, 11, 12, 13, 24, 100, 1000, 8192};
    static uint8_t bytes[PS_FRAME_PREFIX + 8192];
    uint64_t seed = test_seed(), rng = seed;
    int streams[6];
    atomic_store(&phase, "random bytes");

    print_message("random bytes: POSSUM_TEST_SEED=%llu\n", (unsigned long long)seed);
    for (size_t i = 0; i < PS_ARRAY_LEN(lengths); i++) {
        for (size_t j = 0; j < lengths[i]; j++)
            bytes[PS_FRAME_PREFIX + j] = (uint8_t)next_random(&rng);
        bytes[PS_FRAME_PREFIX] = 0x60; /* past the TPDU check, so the message is looked at */
        ps_frame_put_prefix(bytes, lengths[i]);
        expect_refused(bytes, PS_FRAME_PREFIX + lengths[i], "closing", "");
    }
    /* Unframed: whatever the first two bytes announce, the connection ends, by the
     * prefix check, by an unreadable body, or by the idle timeout while possumd waits
     * for the rest. All at once, so the timeout is waited for once. */
    for (size_t i = 0; i < PS_ARRAY_LEN(streams); i++) {
        size_t len = 1 + random_below(&rng, 3000);
        for (size_t j = 0; j < len; j++)
            bytes[j] = (uint8_t)next_random(&rng);
        streams[i] = raw_connect(&server);
        raw_send(streams[i], bytes, len);
    }
    for (size_t i = 0; i < PS_ARRAY_LEN(streams); i++) {
        int closed = closed_silently(streams[i], IDLE_TIMEOUT_MS + CLOSE_WAIT_MS);
        close(streams[i]);
        if (closed != 1)
            fail_msg("random stream %zu (POSSUM_TEST_SEED=%llu): possumd %s", i,
                     (unsigned long long)seed, closed == 0 ? "kept it open" : "answered it");
    }
    test_passed = 1;
}

/* The TLS port: a client that connects and never starts its handshake is closed by the
 * idle timeout; one that sends garbage instead of a ClientHello is closed at once. */
static void tls_port_closes_silence_and_garbage(void **state)
{
    (void)state;
    static uint8_t garbage[517];
    uint64_t rng = 0x7157;
    struct possumd tls_port = server; /* raw_connect dials iso_port: point it at TLS */
    tls_port.iso_port = server.tls_port;
    atomic_store(&phase, "silence and garbage on the TLS port");

    for (size_t i = 0; i < sizeof(garbage); i++)
        garbage[i] = (uint8_t)next_random(&rng);
    garbage[0] = 0x17; /* application data before any handshake */
    int silent = raw_connect(&tls_port);
    int noisy = raw_connect(&tls_port);
    raw_send(noisy, garbage, sizeof(garbage));
    int noisy_closed = closed_silently(noisy, CLOSE_WAIT_MS);
    int silent_closed = closed_silently(silent, IDLE_TIMEOUT_MS + CLOSE_WAIT_MS);
    close(noisy);
    close(silent);
    if (noisy_closed == 0 || silent_closed == 0)
        fail_msg("possumd kept a TLS connection open: %s",
                 noisy_closed == 0 ? "one that sent garbage" : "one that never said hello");
    test_passed = 1;
}

/* ---- readable requests that break a rule -------------------------------------------- */

/* A purchase whose MAC does not match: declined A0, recorded with the reason, and no
 * money moves. */
static void wrong_mac_is_declined_and_recorded(void **state)
{
    (void)state;
    static struct raw_request req;
    struct raw_answer a;
    struct term t;
    struct txn_row row;
    char pan[20];
    atomic_store(&phase, "a wrong MAC");

    fleet_pan(20, pan);
    term_open(&t, &server, 20, 0);
    int64_t before = balance_of(&t, pan); /* signs in: the terminal has its MAC key */
    term_build_card(&t, HL_PURCHASE, pan, PIN, 5000, NULL, &req);
    req.bytes[req.len - 1] ^= 0x01; /* the MAC's last character */
    raw_ask(&server, &req, &a);
    assert_string_equal(a.code, "A0");
    assert_int_equal(a.stan, req.sent.stan);

    assert_int_equal(
        journal_by_key(&server, t.t.tid, req.sent.batch, req.sent.stan, TXN_PURCHASE, &row), 1);
    assert_string_equal(row.response_code, "A0");
    assert_string_equal(row.status, "declined");
    if (strstr(row.reason, "MAC") == NULL)
        fail_msg("the journal's reason does not say MAC: \"%s\"", row.reason);
    assert_int_equal(balance_of(&t, pan), before);
    term_close(&t);
    test_passed = 1;
}

static void drop_field(struct ps_iso_msg *m, void *ctx)
{
    ps_iso_unset(m, *(const int *)ctx);
}

/* A purchase without a field it must carry, correctly signed: declined 30, and the
 * journal names the field. */
static void missing_field_is_declined_with_its_name(void **state)
{
    (void)state;
    static const struct {
        int field;
        const char *reason;
    } cases[] = {{4, "field 4: missing in a purchase"}, {49, "field 49: missing in a purchase"}};
    static struct raw_request req;
    struct raw_answer a;
    struct term t;
    struct txn_row row;
    char pan[20];
    atomic_store(&phase, "a missing field");

    fleet_pan(21, pan);
    term_open(&t, &server, 21, 0);
    int64_t before = balance_of(&t, pan);
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        int field = cases[i].field;
        term_build_card(&t, HL_PURCHASE, pan, PIN, 4200, NULL, &req);
        raw_request_edit(&t, &req, drop_field, &field); /* and signed again */
        raw_ask(&server, &req, &a);
        assert_string_equal(a.code, "30");

        assert_int_equal(
            journal_by_key(&server, t.t.tid, req.sent.batch, req.sent.stan, TXN_PURCHASE, &row), 1);
        assert_string_equal(row.response_code, "30");
        if (strstr(row.reason, cases[i].reason) == NULL)
            fail_msg("journal reason \"%s\", wanted \"%s\"", row.reason, cases[i].reason);
    }
    assert_int_equal(balance_of(&t, pan), before);
    term_close(&t);
    test_passed = 1;
}

/* ---- clients that are slow or greedy --------------------------------------------------- */

/* A valid purchase arriving one byte every 200 ms (each byte well inside the idle
 * timeout) is answered as any other, and the trading terminal does not wait for it. */
static void slow_client_is_answered(void **state)
{
    (void)state;
    static struct raw_request req;
    static uint8_t body[PS_ISO_MAX_MESSAGE];
    static struct ps_iso_msg scratch;
    struct term t;
    struct hl_response r;
    struct ps_reason why = {{0}};
    atomic_store(&phase, "a client sending one byte every 200 ms");

    term_open(&t, &server, 30, 0);
    int64_t before = balance_of(&t, CARD_CREDIT);
    /* no PIN: a credit card's purchase is the shortest, and this takes 200 ms a byte */
    term_build_card(&t, HL_PURCHASE, CARD_CREDIT, NULL, 700, NULL, &req);
    int fd = raw_connect(&server);
    for (size_t i = 0; i < req.len; i++) {
        raw_send(fd, &req.bytes[i], 1);
        sleep_ms(SLOW_BYTE_MS);
    }
    int got = raw_recv_frame(fd, body, sizeof(body), 10000);
    close(fd);
    if (got <= 0)
        fail_msg("the slow client got no answer after %zu bytes", req.len);
    /* read as the terminal reads it: its STAN, its TID, a MAC that verifies */
    assert_int_equal(
        hl_response_read(&t.t, &req.sent, body, (size_t)got, time(NULL), &scratch, &r, &why), 0);
    assert_true(r.mac_verified);
    assert_int_equal(r.amount, 700);
    assert_int_equal(balance_of(&t, CARD_CREDIT), before - 700);
    term_close(&t);
    test_passed = 1;
}

/* What a flood of requests came to. */
struct flood {
    size_t sent;      /* bytes the client could push */
    int closed;       /* possumd closed the connection */
    long peak_rss_kb; /* possumd's, sampled while the client waited */
};

/* Pushes bytes[0..len) on fd for at most ms milliseconds, never reading. Stops early
 * when everything went or possumd closed the connection. */
static void flood(int fd, const uint8_t *bytes, size_t len, int ms, struct flood *out)
{
    int64_t end = now_ms() + ms;

    memset(out, 0, sizeof(*out));
    assert_int_equal(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
    while (out->sent < len && now_ms() < end) {
        ssize_t n = send(fd, bytes + out->sent, len - out->sent, MSG_NOSIGNAL);
        if (n > 0) {
            out->sent += (size_t)n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            out->closed = 1; /* reset: possumd gave up on us */
            break;
        }
        struct pollfd pfd = {fd, POLLOUT, 0};
        poll(&pfd, 1, 50); /* the socket is full: possumd is not reading */
        long rss = possumd_rss_kb(&server);
        if (rss > out->peak_rss_kb)
            out->peak_rss_kb = rss;
    }
}

/* FLOOD_REQUESTS distinct balance inquiries of terminal t, back to back in one buffer
 * (*len OUT). Distinct, so that each costs possumd a commit like real work; balance
 * inquiries, so that none moves money. */
#define FLOOD_REQUESTS 100000
/* Requests sent and not yet answered that may wait in the kernel's buffers (the
 * client's send buffer, possumd's receive buffer) and possumd's input: a few hundred
 * KiB in practice. A possumd that read without pausing would leave tens of thousands. */
#define FLOOD_BACKLOG_MAX 20000

static uint8_t *flood_requests(struct term *t, const char *pan, size_t *len)
{
    struct hl_card_input in = {.kind = HL_BALANCE, .pan = pan, .pin = PIN};
    struct hl_message sent;
    struct ps_reason why = {{0}};
    uint8_t *all = malloc((size_t)FLOOD_REQUESTS * 128);
    assert_non_null(all);
    *len = 0;
    for (int i = 0; i < FLOOD_REQUESTS; i++) {
        assert_int_equal(hl_request_card(&t->t, &in, &sent, t->s.wire, &why), 0);
        assert_true(t->s.wire->len <= 128);
        memcpy(all + *len, t->s.wire->frame, t->s.wire->len);
        *len += t->s.wire->len;
    }
    return all;
}

/* A client that sends request after request and never reads an answer. possumd takes
 * at most --max-in-flight of its requests at a time and reads no further until their
 * answers are out, so the client's sends back up into its own socket instead of into
 * possumd's memory; and the trading terminal does not notice. A possumd that read
 * everything it was sent would take all 10 MB in well under a second and hold 100,000
 * requests in memory. */
static void client_that_never_reads_is_held_back(void **state)
{
    (void)state;
    struct term t;
    struct flood f;
    char pan[20];
    size_t len = 0;
    atomic_store(&phase, "a client that never reads its answers");

    fleet_pan(40, pan);
    term_open(&t, &server, 40, 0);
    balance_of(&t, pan); /* signs in */
    uint8_t *requests = flood_requests(&t, pan, &len);

    long rss_before = possumd_rss_kb(&server);
    int fd = raw_connect(&server);
    /* bounded, so what waits for possumd waits here rather than in a kernel buffer grown
     * for it (not smaller: a buffer under one loopback segment stalls TCP itself) */
    int small = 256 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
    flood(fd, requests, len, 3000, &f);
    long rss_after = possumd_rss_kb(&server);
    close(fd);
    free(requests);
    long peak = f.peak_rss_kb > rss_after ? f.peak_rss_kb : rss_after;
    int64_t rows = db_count(&server, "txns WHERE tid = '%s' AND kind = 'balance'", t.t.tid);
    size_t went = f.sent / (len / FLOOD_REQUESTS); /* every request has the same length */
    print_message("flood: %zu of %zu bytes went (%zu requests), %s; possumd journaled %lld of "
                  "them; its RSS %ld KiB before, %ld at most\n",
                  f.sent, len, went,
                  f.closed ? "then possumd closed the connection" : "the connection stayed open",
                  (long long)rows, rss_before, peak);
    if (f.sent == len)
        fail_msg("possumd read all %zu bytes of a client that reads no answer", len);
    if ((int64_t)went - rows > FLOOD_BACKLOG_MAX)
        fail_msg("possumd let %lld requests of one client pile up unanswered",
                 (long long)((int64_t)went - rows));
    if (peak - rss_before > 64 * 1024)
        fail_msg("possumd grew by %ld KiB while a client pushed %zu bytes", peak - rss_before,
                 f.sent);
    term_close(&t);
    test_passed = 1;
}

/* ---- too many connections ----------------------------------------------------------- */

/* With --max-connections 20, twenty terminals work; the twenty-first connection is
 * closed at once; the twenty still work; and when one leaves, a newcomer gets in. */
static void connections_over_the_cap_are_refused(void **state)
{
    (void)state;
    static const char *const extra[] = {"--max-connections", TEXT(CAP_CONNECTIONS), NULL};
    static struct term terms[CAP_CONNECTIONS + 1];
    struct ps_reason why = {{0}};
    char pan[20];
    atomic_store(&phase, "connections over the cap (on another possumd)");

    possumd_start(&capped, extra);
    for (int i = 0; i < CAP_CONNECTIONS; i++) {
        fleet_pan((unsigned)(100 + i), pan);
        term_open(&terms[i], &capped, 100 + i, i % 2); /* TCP and TLS share the cap */
        assert_int_equal(term_card(&terms[i], HL_BALANCE, pan, PIN, 0, NULL), 0);
    }
    /* the kernel completes the handshake; possumd then closes it without a word */
    int fd = raw_connect(&capped);
    int closed = closed_silently(fd, CLOSE_WAIT_MS);
    close(fd);
    if (closed != 1)
        fail_msg("connection %d was %s", CAP_CONNECTIONS + 1,
                 closed == 0 ? "kept open" : "answered");
    for (int i = 0; i < CAP_CONNECTIONS; i++) { /* on the connections they already had */
        fleet_pan((unsigned)(100 + i), pan);
        assert_non_null(terms[i].s.link);
        assert_int_equal(term_card(&terms[i], HL_BALANCE, pan, PIN, 0, NULL), 0);
    }

    /* the cap counts open connections: one closes, a newcomer is admitted */
    term_close(&terms[0]);
    fleet_pan(120, pan);
    term_open(&terms[CAP_CONNECTIONS], &capped, 120, 0);
    struct hl_card_input in = {.kind = HL_BALANCE, .pan = pan, .pin = PIN};
    struct hl_message sent;
    struct hl_response r;
    int rc = PS_EIO;
    for (int64_t end = now_ms() + CLOSE_WAIT_MS; rc != 0 && now_ms() < end;) {
        rc = hl_session_card(&terms[CAP_CONNECTIONS].s, &in, &sent, &r, &why);
        if (rc != 0)
            sleep_ms(50); /* possumd counts the departure once it has seen the close */
    }
    if (rc != 0)
        fail_msg("a newcomer after one left: %s (%s)", hl_strerror(rc), why.text);
    for (int i = 1; i <= CAP_CONNECTIONS; i++)
        term_close(&terms[i]);
    possumd_stop(&capped);
    possumd_cleanup(&capped);
    test_passed = 1;
}

/* ---- after all of it ----------------------------------------------------------------- */

static void still_serves_and_stops_cleanly(void **state)
{
    (void)state;
    struct term t;
    struct txn_row row;
    char pan[20];

    atomic_store(&phase, "the end");
    trader_stop();
    print_message("trading terminal: %u requests, %u approved, slowest %lld ms (during %s)\n",
                  trader.requests, trader.approved, (long long)trader.worst_ms,
                  trader.worst_during != NULL ? trader.worst_during : "-");
    if (trader.first_error[0] != '\0')
        fail_msg("the trading terminal was refused: %s", trader.first_error);
    if (trader.worst_ms > TRADE_SLOW_MS)
        fail_msg("the trading terminal waited %lld ms for an answer during %s",
                 (long long)trader.worst_ms, trader.worst_during);
    assert_true(trader.approved >= 20); /* it really traded all along */
    assert_int_equal(trader.approved, trader.requests);

    fleet_pan(90, pan);
    term_open(&t, &server, 90, 1);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 9900, NULL), 0);
    struct store *s = possumd_store(&server);
    assert_int_equal(store_find_txn_by_rrn(s, t.r.rrn, &row, NULL), 1);
    store_close(s);
    assert_string_equal(row.status, "approved");
    term_close(&t);
    possumd_stop(&server); /* asserts exit status 0 */
    test_passed = 1;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, before_test, after_test)

/* Under AddressSanitizer freed memory waits in a quarantine of up to 256 MiB before
 * reuse, so possumd's RSS would grow with every request it ever handled and say nothing
 * about what it holds. A small quarantine for the possumds this test starts (the test
 * process read its own options already) keeps RSS about what is live; options the
 * caller set come after ours and win. */
static void small_asan_quarantine_for_possumd(void)
{
    static char options[1024];
    const char *theirs = getenv("ASAN_OPTIONS");
    snprintf(options, sizeof(options), "quarantine_size_mb=16%s%s",
             theirs != NULL && theirs[0] != '\0' ? ":" : "", theirs != NULL ? theirs : "");
    setenv("ASAN_OPTIONS", options, 1);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN); /* TLS writes to a closed connection */
    small_asan_quarantine_for_possumd();
    const struct CMUnitTest tests[] = {
        TEST(truncated_frame_is_closed_by_the_idle_timeout),
        TEST(impossible_length_prefixes_close_the_connection),
        TEST(unreadable_bodies_close_the_connection),
        TEST(random_bytes_close_the_connection),
        TEST(tls_port_closes_silence_and_garbage),
        TEST(wrong_mac_is_declined_and_recorded),
        TEST(missing_field_is_declined_with_its_name),
        TEST(slow_client_is_answered),
        TEST(client_that_never_reads_is_held_back),
        TEST(connections_over_the_cap_are_refused),
        TEST(still_serves_and_stops_cleanly),
    };
    return cmocka_run_group_tests(tests, start, finish);
}
