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
    int http_port; /* the HTTP API's */
    char log[160];   /* its stderr, kept in dir; printed when a test fails */
    /* its store: the SQLite file (in dir, or the first's for a peer), or on PostgreSQL
     * (harness_on_postgres) a schema of the test database and the connection string
     * into it; the schema is dropped by the possumd_cleanup of the one that made it */
    char store_path[200];
    char schema[64];
    char conninfo[512];
    int owns_schema;
    int host_id;          /* --host-id; 0: possumd's default (1) */
    char master_key[200]; /* --master-key; "": its own, <dir>/master.key */
};

/* 1 when the tests run on PostgreSQL (POSSUM_TEST_STORE=postgres, with POSSUM_TEST_PG the
 * connection string of the test database; tests/CMakeLists.txt runs every integration
 * suite on both as integration.NAME and integration.NAME.postgres), 0 on SQLite. */
int harness_on_postgres(void);

/* Starts $POSSUMD --demo in a new temporary directory on free ports, with extra
 * arguments (NULL-terminated list, may be NULL), and waits for "possumd ready". On
 * PostgreSQL its store is a new schema, created here (--store postgres --postgres). */
void possumd_start(struct possumd *p, const char *const *extra);

/* Starts a second possumd on the same database as first (which must have been started,
 * so the demo data is there and --demo seeds nothing again): its own directory and
 * free ports, --host-id host_id, and a copy of first's master key (the stored keys are
 * wrapped under it and the card tokens derived from it). The same schema on
 * PostgreSQL, the same file on SQLite. possumd_cleanup of the peer leaves the database
 * to first's; clean up the peer first. */
void possumd_start_peer(struct possumd *p, const struct possumd *first, int host_id,
                        const char *const *extra);

/* Starts it again on the same directory, store and ports (after a stop or a kill). */
void possumd_restart(struct possumd *p);

/* SIGTERM, and asserts a clean exit (status 0) within 30 s. */
void possumd_stop(struct possumd *p);

/* SIGKILL: no chance to finish anything. */
void possumd_kill(struct possumd *p);

/* Stops it if running and removes its directory, and its schema when it made one. */
void possumd_cleanup(struct possumd *p);

/* The path of its SQLite database, to open with store_open while it runs (WAL allows
 * it). Fails the test on PostgreSQL, where there is no file: use possumd_store. */
const char *possumd_store_path(const struct possumd *p, char *buf, size_t cap);

/* A second connection to its store (SQLite or PostgreSQL); the caller closes it. */
struct store *possumd_store(const struct possumd *p);

/* One possumd for a whole file of tests: defines the cmocka group fixtures start
 * (possumd_start with the demo sandbox and default flags) and finish (stop, then
 * clean up) for the file's static struct possumd p. */
#define POSSUMD_GROUP(p)                                                                         \
    static int start(void **state)                                                               \
    {                                                                                            \
        (void)state;                                                                             \
        possumd_start(&(p), NULL);                                                               \
        return 0;                                                                                \
    }                                                                                            \
    static int finish(void **state)                                                              \
    {                                                                                            \
        (void)state;                                                                             \
        possumd_stop(&(p));                                                                      \
        possumd_cleanup(&(p));                                                                   \
        return 0;                                                                                \
    }

/* ---- terminals -------------------------------------------------------------------- */

/* A demo terminal: TID 10000001 + index, its MID by the demo rule, the demo TMK. */
struct term {
    struct hl_terminal t;
    struct hl_session s;
    struct hl_message sent;
    struct hl_response r;
    SSL_CTX *tls;
    char port[16]; /* the session's link names it */
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

/* ---- terminals, ready to trade ---------------------------------------------------------- */

/* term_open over TCP, then a sign-in (which must be approved). */
void term_open_signed_in(struct term *t, const struct possumd *p, int index);

/* The card's balance by a balance inquiry with the demo PIN (which must be approved). */
int64_t term_balance(struct term *t, const char *pan);

/* ---- transactions that name an original ------------------------------------------------ */

/* What a void, refund or completion names of an approved transaction. */
struct original {
    char rrn[13];   /* 37 of its answer */
    char date[5];   /* 13 of its answer, MMDD */
    char auth[7];   /* 38 of its answer */
    uint32_t batch; /* 60.2 and 11 of its request */
    uint32_t stan;
};

/* The original the terminal's last exchange (term_card) makes. */
void term_keep_original(const struct term *t, struct original *o);

/* A void (of a purchase, by batch and STAN), a refund (by RRN and date) or a completion
 * (by auth code and date, with the PIN) of o for amount; as term_card. */
int term_void(struct term *t, const char *pan, int64_t amount, const struct original *o);
int term_refund(struct term *t, const char *pan, int64_t amount, const struct original *o);
int term_complete(struct term *t, const char *pan, int64_t amount, const struct original *o);

/* ---- requests as bytes: sent again, changed on the way, or never sent ------------------- */

/* A request a terminal built and the test sends itself, byte for byte. */
struct raw_request {
    uint8_t bytes[HL_FRAME_MAX]; /* the frame as it goes on TCP, length prefix included */
    size_t len;
    struct hl_message sent; /* what the terminal built */
};

/* An answer read off the wire without touching any terminal (hl_response_read would
 * count an approval in the terminal's batch a second time). "" for absent fields. */
struct raw_answer {
    char mti[5];
    char code[3];      /* 39 */
    char rrn[13];      /* 37 */
    char auth_code[7]; /* 38 */
    uint32_t stan;     /* 11 */
    int has_mac;       /* 64 */
};

/* Builds the card request the terminal would send now (its next STAN, batch and keys)
 * without sending it. The terminal must be signed in; fails the test when hostlink
 * refuses to build it. */
void term_build_card(struct term *t, enum hl_kind kind, const char *pan, const char *pin,
                     int64_t amount, const struct hl_card_input *extra, struct raw_request *r);

/* The request the session sent last (after term_card), as it went on the wire. */
void term_last_request(const struct term *t, struct raw_request *r);

/* Builds the reversal of orig (a request the terminal built) with 39 = reason, and
 * leaves the terminal owing nothing: the test decides when and how often it goes. */
void term_build_reversal(struct term *t, const struct hl_message *orig, const char *reason,
                         struct raw_request *r);

/* Changes a request on its way: unpacks it, lets edit change the message, packs it and
 * signs field 64 again under the terminal's MAK, so possumd gets a well-signed request
 * that differs only by the change. Uses static scratch: not from threads. */
void raw_request_edit(const struct term *t, struct raw_request *r,
                      void (*edit)(struct ps_iso_msg *m, void *ctx), void *ctx);

/* Sends r over a new TCP connection to p and reads the answer into *a. Returns 0, or
 * -1 when no answer came within 10 s or it did not unpack. Never fails the test
 * itself, so threads may call it. */
int raw_exchange(const struct possumd *p, const struct raw_request *r, struct raw_answer *a);

/* Reads one answer from fd (a connection the test opened and sent on) into *a; 0, or
 * -1 as raw_exchange. Never fails the test itself. */
int raw_read_answer(int fd, struct raw_answer *a, int timeout_ms);

/* raw_exchange, failing the test when no answer came. */
void raw_ask(const struct possumd *p, const struct raw_request *r, struct raw_answer *a);

/* Drops the session's connection so that its next exchange opens a new one (after
 * possumd_restart, whose new process the old connection never reaches). */
void term_reconnect(struct term *t);

/* Sends the terminal's next exchanges to p instead (over the same kind of link), as a
 * load balancer in front of several hosts may: its batch, STANs and keys go with it. */
void term_use(struct term *t, const struct possumd *p);

/* ---- the journal, read behind possumd's back ---------------------------------------- */

/* The journal row with this RRN; fails the test when there is none. */
struct txn_row journal_by_rrn(const struct possumd *p, const char *rrn);

/* The first journal row with this key into *out: 1 when found, 0 when not. */
int journal_by_key(const struct possumd *p, const char *tid, uint32_t batch, uint32_t stan,
                   enum txn_kind kind, struct txn_row *out);

/* SELECT COUNT(*) FROM <the formatted text>, on possumd's database (SQLite in WAL mode
 * is readable while possumd writes; on PostgreSQL, through libpq in its schema): write
 * the text in the SQL both understand. Fails the test on an SQL error. */
int64_t db_count(const struct possumd *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Runs one changing statement on possumd's database behind its back, as the back office
 * or another host would (SQL both databases understand). Fails the test on an error. */
void db_exec(const struct possumd *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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

/* ---- looking at possumd from outside ------------------------------------------------ */

/* Prints its log (stderr) to the test's stderr: call it before failing on what possumd
 * did, so the failure shows what possumd said. */
void possumd_print_log(const struct possumd *p);

/* 1 when one line of its log contains `text` and, when `also` is not NULL, `also`
 * (a peer's address and the reason it was closed, say). */
int possumd_log_has(const struct possumd *p, const char *text, const char *also);

/* Its resident memory (VmRSS) in KiB, from /proc/<pid>/status; -1 when not running. */
long possumd_rss_kb(const struct possumd *p);

/* "127.0.0.1:40122": the local end of fd as possumd names its peer in the log. */
void raw_peer_name(int fd, char out[32]);

/* ---- time --------------------------------------------------------------------------- */

/* The monotonic clock in microseconds: for measuring how long something took. */
int64_t now_us(void);

/* The monotonic clock in milliseconds. */
int64_t now_ms(void);

/* Sleeps ms milliseconds, resuming after a signal interrupts it. */
void sleep_ms(int ms);

#endif
