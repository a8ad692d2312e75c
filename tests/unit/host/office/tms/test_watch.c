/* The fleet's watch (office/tms/watch.h) over a real SQLite store, on a clock the test
 * moves: a terminal taken from stock to active, its heartbeat checked by an HMAC under
 * the master key activation gave it, the sweep opening one ticket once the terminal has
 * been silent for longer than the limit (and not before, and not twice), and the next
 * heartbeat clearing the flag. */
#include "testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/hmac.h>

#include "core/hex.h"
#include "host/keys.h"
#include "host/office/service/desk.h"
#include "host/office/tms/activate.h"
#include "host/office/tms/stock.h"
#include "host/office/tms/watch.h"

#define SECOND_US INT64_C(1000000)
#define LIMIT_US  (600 * SECOND_US)

static int64_t clock_now = INT64_C(1795456000000000); /* 2026-11-23, about */

static int64_t test_clock(void)
{
    return clock_now;
}

struct fx {
    char dir[64];
    struct host_keys *keys;
    struct store *store;
    struct office *office;
    struct office_actor system;
    struct stock_row terminal;
    uint8_t tmk[PS_ACTIVATION_TMK_LEN];
};

static void ok(int rc, const struct ps_reason *why, const char *what)
{
    if (rc != 0)
        fail_msg("%s: %d: %s", what, rc, why->text);
}

/* A merchant, and a terminal of it received, assigned and activated: its master key in
 * f->tmk, as the terminal would hold it. */
static void active_terminal(struct fx *f)
{
    struct store_batch b;
    struct ps_reason why = {{0}};
    struct office_stock_input in = {"PAX-A920-0001", "A920", "PAX"};
    struct office_activation act;
    const char *field = NULL;
    char code[PS_ACTIVATION_CODE_DIGITS + 1];

    store_batch_init(&b);
    struct merchant_row *m = &store_batch_add(&b, STORE_MERCHANT_PUT)->u.merchant;
    m->id = 1;
    snprintf(m->mid, sizeof(m->mid), "898100012340001");
    snprintf(m->name, sizeof(m->name), "Shop");
    snprintf(m->mcc, sizeof(m->mcc), "5411");
    snprintf(m->status, sizeof(m->status), "active");
    ok(store_commit(f->store, &b, &why), &why, "merchant");
    store_batch_free(&b);
    ok(office_stock_add(f->office, &f->system, &in, &f->terminal, &field, &why), &why, "add");
    ok(office_stock_assign(f->office, &f->system, f->terminal.id, 1, &f->terminal, code, &field,
                           &why),
       &why, "assign");
    ok(office_activate(f->office, in.serial, code, "test", &act, &why), &why, "activate");
    ok(ps_activation_unwrap(act.blob, sizeof(act.blob), code, in.serial, act.tid, f->tmk, &why),
       &why, "unwrap");
    ok(store_find_stock(f->store, f->terminal.id, &f->terminal, &why) == 1 ? 0 : -1, &why,
       "reload");
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct ps_reason why = {{0}};
    char path[96];
    assert_non_null(f);
    snprintf(f->dir, sizeof(f->dir), "/tmp/possum-watch-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(path, sizeof(path), "%s/master.key", f->dir);
    ok(host_keys_load(&f->keys, path, 1, &why), &why, "keys");
    snprintf(path, sizeof(path), "%s/possum.db", f->dir);
    struct store_config sc = {.backend = "sqlite", .path = path};
    ok(store_open(&f->store, &sc, &why), &why, "store");
    struct office_config oc = {
        .host_id = 1, .keys = f->keys, .clock_us = test_clock, .offline_after_us = LIMIT_US};
    ok(office_open(&f->office, f->store, &oc, &why), &why, "office");
    office_system_actor(&f->system);
    active_terminal(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[96];
    office_close(f->office);
    store_close(f->store);
    host_keys_free(f->keys);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* body's HMAC-SHA256 under the terminal's master key, in hex (as the terminal signs). */
static void sign(const struct fx *f, const char *body, char hex[65])
{
    uint8_t mac[32];
    unsigned len = 0;
    HMAC(EVP_sha256(), f->tmk, sizeof(f->tmk), (const uint8_t *)body, strlen(body), mac, &len);
    ps_hex_encode(mac, len, hex);
}

static void heartbeat(struct fx *f)
{
    struct office_heartbeat hb = {"1.4.2", 3, OFFICE_PRINTER_OK, 0};
    struct ps_reason why = {{0}};
    ok(office_heartbeat_record(f->office, f->terminal.terminal_id, &hb, "test", &f->terminal,
                               &why),
       &why, "record");
}

static void a_signed_heartbeat_is_known_and_a_forged_one_is_not(void **state)
{
    struct fx *f = *state;
    const char *body = "{\"tid\":\"10001001\",\"printer\":\"ok\"}";
    char hex[65];
    int64_t id = 0;

    sign(f, body, hex);
    assert_int_equal(office_heartbeat_verify(f->office, f->terminal.tid, body, strlen(body), hex,
                                             &id, NULL),
                     0);
    assert_int_equal(id, f->terminal.terminal_id);
    hex[0] = hex[0] == 'A' ? 'B' : 'A';
    assert_int_equal(office_heartbeat_verify(f->office, f->terminal.tid, body, strlen(body), hex,
                                             &id, NULL),
                     OFFICE_HEARTBEAT_UNSIGNED);
    sign(f, body, hex);
    assert_int_equal(office_heartbeat_verify(f->office, "99999999", body, strlen(body), hex, &id,
                                             NULL),
                     OFFICE_HEARTBEAT_UNSIGNED);
    assert_int_equal(office_heartbeat_verify(f->office, f->terminal.tid, body, strlen(body) - 1,
                                             hex, &id, NULL),
                     OFFICE_HEARTBEAT_UNSIGNED);
}

static void silence_past_the_limit_opens_one_ticket(void **state)
{
    struct fx *f = *state;
    struct ps_reason why = {{0}};
    int opened = -1;

    ok(office_offline_sweep(f->office, &opened, &why), &why, "sweep");
    assert_int_equal(opened, 0); /* never heard from: not watched yet */
    heartbeat(f);
    clock_now += LIMIT_US; /* silent exactly as long as allowed */
    ok(office_offline_sweep(f->office, &opened, &why), &why, "sweep");
    assert_int_equal(opened, 0);
    clock_now += SECOND_US;
    ok(office_offline_sweep(f->office, &opened, &why), &why, "sweep");
    assert_int_equal(opened, 1);
    ok(store_find_stock(f->store, f->terminal.id, &f->terminal, &why) == 1 ? 0 : -1, &why, "row");
    int64_t ticket = f->terminal.offline_ticket_id;
    assert_true(ticket > 0);
    clock_now += LIMIT_US;
    ok(office_offline_sweep(f->office, &opened, &why), &why, "sweep");
    assert_int_equal(opened, 0); /* one ticket while the first is recorded */

    heartbeat(f); /* back: the flag goes, the ticket stays for support */
    assert_int_equal(f->terminal.offline_ticket_id, 0);
    struct ticket_row t;
    ok(office_desk_find(f->office, &f->system, ticket, &t, &why), &why, "ticket");
    assert_string_equal(t.status, "open");
    assert_int_equal(t.stock_id, f->terminal.id);
    assert_int_equal(t.opened_by, 0); /* the system opened it */
}

static void the_sweep_runs_at_half_the_limit_at_most_every_30_s(void **state)
{
    struct fx *f = *state;
    assert_int_equal(office_offline_sweep_period_us(f->office), OFFICE_SWEEP_PERIOD_MAX_US);
    f->office->cfg.offline_after_us = 4 * SECOND_US;
    assert_int_equal(office_offline_sweep_period_us(f->office), 2 * SECOND_US);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(a_signed_heartbeat_is_known_and_a_forged_one_is_not),
        T(silence_past_the_limit_opens_one_ticket),
        T(the_sweep_runs_at_half_the_limit_at_most_every_30_s),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
