/* harness.h — what the integration tests share: a real possumd process started on free
 * ports in a temporary directory with the demo sandbox, stopped (or killed) and
 * restarted on the same data; terminals that talk to it through hostlink exactly as
 * possumctl and possum-pos do; raw frames for what no well-behaved terminal sends; and
 * a look at the store behind possumd's back. Everything here fails the test (cmocka)
 * on trouble instead of returning errors, to keep the tests about behaviour. */
#ifndef POSSUM_TESTS_INTEGRATION_HARNESS_H
#define POSSUM_TESTS_INTEGRATION_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <sys/types.h>
#include <cmocka.h>

#include "core/iso8583/iso8583.h"
#include "host/store/store.h"
#include "pos/hostlink/session.h"

#define DEMO_TMK "0123456789ABCDEFFEDCBA9876543210"

/* ---- possumd ---------------------------------------------------------------------- */

struct possumd {
    pid_t pid;
    char dir[128];   /* its data directory, removed by possumd_cleanup */
    int iso_port;
    int tls_port;
    char log[160];   /* its stderr, kept in dir; printed when a test fails */
};

/* Starts $POSSUMD --demo in a new temporary directory on free ports, with extra
 * arguments (NULL-terminated list, may be NULL), and waits for "possumd ready". */
void possumd_start(struct possumd *p, const char *const *extra);

/* Starts it again on the same directory and ports (after a stop or a kill). */
void possumd_restart(struct possumd *p);

/* SIGTERM, and asserts a clean exit (status 0) within 30 s. */
void possumd_stop(struct possumd *p);

/* SIGKILL: no chance to finish anything. */
void possumd_kill(struct possumd *p);

/* Stops it if running and removes its directory. */
void possumd_cleanup(struct possumd *p);

/* The path of its store, to open with store_open while it runs (WAL allows it). */
const char *possumd_store_path(const struct possumd *p, char *buf, size_t cap);

/* A second connection to its store; the caller closes it. */
struct store *possumd_store(const struct possumd *p);

/* ---- terminals -------------------------------------------------------------------- */

/* A demo terminal: TID 10000001 + index, its MID by the demo rule, the demo TMK. */
struct term {
    struct hl_terminal t;
    struct hl_session s;
    struct hl_message sent;
    struct hl_response r;
    SSL_CTX *tls;
};

/* Opens demo terminal `index` (0-999) against p, over TLS when tls is set. */
void term_open(struct term *t, const struct possumd *p, int index, int tls);
void term_close(struct term *t);

/* A card transaction: kind, PAN, PIN ("" for none), amount in fen; originals in
 * *extra may be NULL. Returns what hl_session_card returned; t->r is the answer. */
int term_card(struct term *t, enum hl_kind kind, const char *pan, const char *pin, int64_t amount,
              const struct hl_card_input *extra);

/* Asserts the answer's response code. */
void expect_code(const struct term *t, const char *code);

/* Sends one request the terminal builds (sign-off, say) over a link of its own and
 * reads the answer into t->r; returns what hl_response_read returned. */
int term_exchange(struct term *t, const struct possumd *p,
                  int (*build)(struct hl_terminal *, struct hl_message *, struct hl_wire *,
                               struct ps_reason *));

/* ---- raw frames --------------------------------------------------------------------- */

/* A plain TCP connection to p's ISO port; -1 fails the test. */
int raw_connect(const struct possumd *p);

/* Sends len bytes as they are (no framing added). */
void raw_send(int fd, const void *bytes, size_t len);

/* Reads one frame (2-byte length, then the body) into body (cap bytes); returns the
 * body length, or -1 when the connection closed or nothing came within timeout_ms. */
int raw_recv_frame(int fd, uint8_t *body, size_t cap, int timeout_ms);

/* 1 when the server closed the connection within timeout_ms (reads return 0). */
int raw_closed(int fd, int timeout_ms);

/* ---- demo cards ----------------------------------------------------------------------- */

#define CARD_DEBIT "6222020000000000018"
#define CARD_DEBIT_100 "6222020000000000026"
#define CARD_CREDIT "6258070000000000011"
#define CARD_LOST "6222020000000000034"
#define CARD_EXPIRED "6222020000000000042"
#define CARD_STOLEN "6222020000000000059"
#define CARD_FOREIGN "4367420000000000019"
#define PIN "123456"

/* Fleet card `index` (0-999): 19 digits into pan. */
void fleet_pan(unsigned index, char pan[20]);

#endif
