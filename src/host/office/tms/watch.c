/* The fleet's watch (watch.h): heartbeats in, offline tickets out. */
#include "host/office/tms/watch.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/hex.h"
#include "host/keys.h"
#include "host/office/service/desk.h"
#include "host/office/tms/stock_internal.h"

#define TMK_LEN    16 /* activation gives a 16-byte (double-length 3DES) master key */
#define MAC_LEN    32 /* HMAC-SHA256 */
#define SWEEP_PAGE 64 /* silent terminals read at a time, then ticketed */

/* HMAC-SHA256 of body under key into mac. */
static int body_mac(const uint8_t *key, size_t key_len, const void *body, size_t len,
                    uint8_t mac[MAC_LEN])
{
    unsigned mac_len = 0;
    static const uint8_t empty = 0;
    const unsigned char *data = len != 0 ? body : &empty; /* HMAC wants a pointer */
    if (HMAC(EVP_sha256(), key, (int)key_len, data, len, mac, &mac_len) == NULL ||
        mac_len != MAC_LEN)
        return -1;
    return 0;
}

/* The master key of the host's row of tid into key; 1 when there is none to use. */
static int terminal_key(struct office *o, const char *tid, uint8_t key[TMK_LEN],
                        int64_t *terminal_id, struct ps_reason *why)
{
    struct terminal_row t;
    size_t len = 0;
    int rc = store_find_terminal(o->store, tid, &t, why);
    if (rc <= 0)
        return rc < 0 ? rc : 1;
    if (t.tmk[0] == '\0') /* assigned, not activated yet */
        return 1;
    if (host_keys_unwrap(o->cfg.keys, t.tmk, key, TMK_LEN, &len, NULL) != 0 || len != TMK_LEN)
        return 1;
    *terminal_id = t.id;
    return 0;
}

int office_heartbeat_verify(struct office *o, const char *tid, const void *body, size_t len,
                            const char *signature_hex, int64_t *terminal_id, struct ps_reason *why)
{
    uint8_t key[TMK_LEN] = {0}, mac[MAC_LEN], sent[MAC_LEN];
    size_t sent_len = 0;
    int rc = 1;

    *terminal_id = 0;
    if (tid != NULL && strlen(tid) <= ROW_TID_LEN && o->cfg.keys != NULL)
        rc = terminal_key(o, tid, key, terminal_id, why);
    if (rc < 0)
        goto out;
    /* the MAC is computed whether or not the TID is known, so timing does not tell */
    int bad = body_mac(key, sizeof(key), body, len, mac) != 0 || signature_hex == NULL ||
              strlen(signature_hex) != 2 * MAC_LEN ||
              ps_hex_decode(signature_hex, 2 * MAC_LEN, sent, sizeof(sent), &sent_len, NULL) != 0 ||
              sent_len != MAC_LEN;
    if (!bad && CRYPTO_memcmp(mac, sent, MAC_LEN) != 0)
        bad = 1;
    rc = rc != 0 || bad
             ? ps_fail(why, OFFICE_HEARTBEAT_UNSIGNED, "the signature does not prove terminal %.8s",
                       tid != NULL ? tid : "")
             : 0;
out:
    OPENSSL_cleanse(key, sizeof(key));
    if (rc != 0)
        *terminal_id = 0;
    return rc;
}

int office_heartbeat_sign(struct office *o, int64_t terminal_id, const void *data, size_t len,
                          char hex[65], struct ps_reason *why)
{
    uint8_t key[TMK_LEN] = {0}, mac[MAC_LEN];
    struct stock_row s;
    int64_t found = 0;
    int rc;

    hex[0] = '\0';
    /* the key is the one verify used: found again by the row's TID */
    rc = store_find_stock_by_terminal(o->store, terminal_id, &s, why);
    if (rc == 1 && o->cfg.keys != NULL) {
        rc = terminal_key(o, s.tid, key, &found, why);
        if (rc == 0 && found != terminal_id)
            rc = 1;
    } else if (rc >= 0) {
        rc = 1;
    }
    if (rc == 0 && body_mac(key, sizeof(key), data, len, mac) != 0)
        rc = ps_fail(why, PS_ECRYPTO, "HMAC-SHA256 failed");
    else if (rc == 1)
        rc = ps_fail(why, OFFICE_NOT_FOUND, "no master key to sign for host row %" PRId64,
                     terminal_id);
    if (rc == 0) {
        ps_hex_encode(mac, MAC_LEN, hex);
        for (char *p = hex; *p != '\0'; p++) /* lower case, as openssl prints it */
            if (*p >= 'A' && *p <= 'F')
                *p = (char)(*p - 'A' + 'a');
    }
    OPENSSL_cleanse(key, sizeof(key));
    OPENSSL_cleanse(mac, sizeof(mac));
    return rc;
}

/* Copies what the terminal said into s, heard from at now. */
static void take_heartbeat(struct stock_row *s, const struct office_heartbeat *hb, int64_t now)
{
    snprintf(s->app_version, sizeof(s->app_version), "%s", hb->app_version);
    s->params_version = hb->param_version;
    snprintf(s->printer_state, sizeof(s->printer_state), "%s",
             office_printer_state_name(hb->printer));
    s->last_txn_us = hb->last_txn_us;
    s->last_seen_us = now;
}

int office_heartbeat_record(struct office *o, int64_t terminal_id,
                            const struct office_heartbeat *hb, const char *remote,
                            struct stock_row *out, struct ps_reason *why)
{
    struct store_batch b;
    struct office_actor system;
    json_t *before = NULL;
    int rc = office_heartbeat_check(hb, why);
    if (rc != 0)
        return rc;
    rc = store_find_stock_by_terminal(o->store, terminal_id, out, why);
    if (rc <= 0)
        return rc < 0
                   ? rc
                   : ps_fail(why, OFFICE_NOT_FOUND,
                             "the back office keeps no terminal of host row %" PRId64, terminal_id);
    int back_online = out->offline_ticket_id != 0;
    if (back_online)
        before = office_stock_json(out);
    take_heartbeat(out, hb, office_now_us(o));
    out->offline_ticket_id = 0; /* the ticket stays open: support closes it */
    store_batch_init(&b);
    if ((rc = stock__put(&b, out, why)) != 0) {
        json_decref(before);
        store_batch_free(&b);
        return rc;
    }
    if (!back_online) {
        rc = store_commit(o->store, &b, why);
        store_batch_free(&b);
        return rc;
    }
    office_system_actor(&system);
    snprintf(system.remote, sizeof(system.remote), "%s", remote != NULL ? remote : "");
    return stock__commit(o, &b, &system, "terminal.online", out, before, why);
}

/* ---- the offline sweep ---------------------------------------------------------------- */

struct silent_page {
    int64_t ids[SWEEP_PAGE];
    int n;
};

static int take_silent(void *ctx, const struct stock_row *row)
{
    struct silent_page *p = ctx;
    if (p->n < SWEEP_PAGE)
        p->ids[p->n++] = row->id;
    return 0;
}

/* The ticket a silent stock terminal gets, opened by the system and recorded on its row.
 * 0 also when it is no longer silent (a heartbeat came since the page was read). */
static int open_offline_ticket(struct office *o, int64_t id, int64_t now, int *opened,
                               struct ps_reason *why)
{
    struct stock_row s;
    struct office_terminal t;
    struct office_ticket_draft d;
    struct office_actor system;
    struct ticket_row ticket;
    struct store_batch b;
    const char *field = NULL;
    char title[OFFICE_TICKET_TITLE_CHARS + 1];
    bool offline = false;

    int rc = stock__load(o, id, &s, &t, why);
    if (rc == 0)
        rc = office_terminal_offline(t.state, s.last_seen_us, now, o->cfg.offline_after_us,
                                     &offline, why);
    if (rc != 0 || !offline || s.offline_ticket_id != 0)
        return rc == OFFICE_NOT_FOUND ? 0 : rc;
    if ((rc = office_offline_ticket(&t, s.last_seen_us, now, o->cfg.offline_after_us, &d, why)) !=
        0)
        return rc;
    snprintf(title, sizeof(title), "Terminal %.32s (TID %s) offline", s.serial, s.tid);
    struct office_ticket_input in = {office_ticket_category_name(d.category),
                                     office_ticket_priority_name(d.priority),
                                     title,
                                     d.description,
                                     0,
                                     s.id};
    office_system_actor(&system);
    /* two commits: the ticket, then its id on the row; should the second fail, the next
     * sweep opens another ticket, which is better than none */
    if ((rc = office_desk_open(o, &system, &in, &ticket, &field, why)) != 0)
        return rc;
    s.offline_ticket_id = ticket.id;
    store_batch_init(&b);
    if ((rc = stock__put(&b, &s, why)) == 0)
        rc = store_commit(o->store, &b, why);
    store_batch_free(&b);
    *opened += rc == 0;
    return rc;
}

int office_offline_sweep(struct office *o, int *opened, struct ps_reason *why)
{
    int64_t now = office_now_us(o), after = 0;
    struct silent_page page;
    int rc;

    *opened = 0;
    /* read a page, then open its tickets: no commit while a read is open */
    do {
        page.n = 0;
        rc = store_each_silent_stock(o->store, now - o->cfg.offline_after_us, after, SWEEP_PAGE,
                                     take_silent, &page, why);
        for (int i = 0; rc == 0 && i < page.n; i++)
            rc = open_offline_ticket(o, page.ids[i], now, opened, why);
        if (page.n > 0)
            after = page.ids[page.n - 1];
    } while (rc == 0 && page.n == SWEEP_PAGE);
    return rc;
}

int64_t office_offline_sweep_period_us(const struct office *o)
{
    int64_t half = o->cfg.offline_after_us / 2;
    return half < OFFICE_SWEEP_PERIOD_MAX_US ? half : OFFICE_SWEEP_PERIOD_MAX_US;
}
