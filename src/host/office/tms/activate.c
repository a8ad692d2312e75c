/* Activation by code (activate.h). */
#include "host/office/tms/activate.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/hex.h"
#include "host/keys.h"
#include "host/office/access/audit.h"
#include "host/office/calendar.h"
#include "host/office/tms/activation_code.h"
#include "host/office/tms/stock.h"

#define TMK_LEN 16

static void code_record(const struct stock_row *s, struct office_activation_code *rec)
{
    memset(rec, 0, sizeof(*rec));
    snprintf(rec->hash, sizeof(rec->hash), "%.*s", (int)sizeof(rec->hash) - 1, s->code_hash);
    rec->issued_at_us = s->code_issued_us;
    rec->expires_at_us = s->code_expires_us;
    rec->max_tries = s->code_max_tries;
    rec->wrong_tries = s->code_wrong_tries;
    rec->used = s->code_used != 0;
}

/* A wrong try is recorded (it counts towards burning the code) and audited. */
static int record_try(struct office *o, const struct office_actor *actor, struct stock_row *s,
                      const struct office_activation_code *rec, struct ps_reason *why)
{
    struct store_batch b;
    struct audit_row entry;
    json_t *before = office_stock_json(s);

    s->code_wrong_tries = rec->wrong_tries;
    s->updated_us = office_now_us(o);
    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_STOCK_PUT);
    int rc = op != NULL ? 0 : ps_fail(why, PS_ENOMEM, "out of memory");
    if (rc == 0) {
        op->u.stock = *s;
        rc = office_audit_add(o, &b, &entry, actor, "terminal.activation_refused", "terminal",
                              s->id, before, office_stock_json(s), why);
    } else {
        json_decref(before);
    }
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
    store_batch_free(&b);
    return rc;
}

/* The host's row with the new key, active; the stock row active and installed today. */
static int commit_activation(struct office *o, const struct office_actor *actor,
                             struct stock_row *s, const char *wrapped, struct ps_reason *why)
{
    struct terminal_row host;
    struct store_batch b;
    struct audit_row entry;
    uint32_t today = 0;
    json_t *before = office_stock_json(s);
    int64_t now = office_now_us(o);

    office_local_date(now, 480, &today, NULL); /* the warranty's day, China time */
    snprintf(s->installed_date, sizeof(s->installed_date), "%08u", (unsigned)today);
    snprintf(s->state, sizeof(s->state), "active");
    s->code_used = 1;
    s->updated_us = now;
    s->last_seen_us = 0; /* a new life: the offline sweep waits for its first heartbeat */
    memset(&host, 0, sizeof(host));
    host.id = s->terminal_id;
    snprintf(host.tid, sizeof(host.tid), "%s", s->tid);
    host.merchant_id = s->merchant_id;
    snprintf(host.status, sizeof(host.status), "active");
    snprintf(host.tmk, sizeof(host.tmk), "%s", wrapped);
    host.batch = 1;
    host.updated_us = now;
    store_batch_init(&b);
    struct store_op *t = store_batch_add(&b, STORE_TERMINAL_PUT);
    struct store_op *st = store_batch_add(&b, STORE_STOCK_PUT);
    int rc = t != NULL && st != NULL ? 0 : ps_fail(why, PS_ENOMEM, "out of memory");
    if (rc == 0) {
        b.ops[0].u.terminal = host;
        b.ops[1].u.stock = *s;
        rc = office_audit_add(o, &b, &entry, actor, "terminal.activate", "terminal", s->id, before,
                              office_stock_json(s), why);
    } else {
        json_decref(before);
    }
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
    store_batch_free(&b);
    return rc;
}

/* A fresh master key, wrapped for the host and for the terminal. */
static int new_key(struct office *o, const struct stock_row *s, const char *code,
                   char wrapped[KEYS_WRAPPED_MAX + 1], struct office_activation *out,
                   struct ps_reason *why)
{
    uint8_t tmk[TMK_LEN];
    int rc = RAND_bytes(tmk, sizeof(tmk)) == 1 ? 0 : ps_fail(why, PS_ECRYPTO, "no random bytes");
    if (rc == 0)
        rc = host_keys_wrap(o->cfg.keys, tmk, sizeof(tmk), wrapped, why);
    if (rc == 0)
        rc = ps_activation_wrap(tmk, code, s->serial, s->tid, NULL, out->blob, why);
    OPENSSL_cleanse(tmk, sizeof(tmk));
    return rc;
}

int office_activate(struct office *o, const char *serial, const char *code, const char *remote,
                    struct office_activation *out, struct ps_reason *why)
{
    struct stock_row s;
    struct merchant_row m;
    struct office_activation_code rec;
    struct office_actor actor;
    char wrapped[KEYS_WRAPPED_MAX + 1];

    memset(out, 0, sizeof(*out));
    office_system_actor(&actor);
    snprintf(actor.remote, sizeof(actor.remote), "%s", remote);
    int rc = store_find_stock_by_serial(o->store, serial, &s, why);
    if (rc < 0)
        return rc;
    if (rc == 0 || strcmp(s.state, "activation_pending") != 0 || o->cfg.keys == NULL)
        return ps_fail(why, OFFICE_NOT_FOUND, "no terminal %.32s waits for activation", serial);
    code_record(&s, &rec);
    rc = office_activation_code_verify(&rec, s.serial, code, office_now_us(o), why);
    if (rc == PS_ECHECK && rec.wrong_tries != s.code_wrong_tries) {
        struct ps_reason stored;
        int stored_rc = record_try(o, &actor, &s, &rec, &stored);
        if (stored_rc != 0)
            return ps_fail(why, stored_rc, "%s", stored.text);
    }
    if (rc != 0)
        return rc;
    rc = store_find_merchant(o->store, s.merchant_id, &m, why);
    if (rc <= 0)
        return rc < 0 ? rc : ps_fail(why, OFFICE_NOT_FOUND, "its merchant is not on record");
    if ((rc = new_key(o, &s, code, wrapped, out, why)) == 0)
        rc = commit_activation(o, &actor, &s, wrapped, why);
    OPENSSL_cleanse(wrapped, sizeof(wrapped));
    if (rc != 0)
        return rc;
    snprintf(out->tid, sizeof(out->tid), "%s", s.tid);
    snprintf(out->mid, sizeof(out->mid), "%s", m.mid);
    snprintf(out->merchant_name, sizeof(out->merchant_name), "%s", m.name);
    return 0;
}
