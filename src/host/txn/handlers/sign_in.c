/* Sign-in (0800, 60.3 003 or 004): fresh working keys for the terminal, sent under its
 * master key in field 62 and kept under possumd's master key in its session; and the
 * batch to use, which moves on only after the current one settled. */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/crypto/working_keys.h"

#define BATCH_MAX 999999u
#define PIK_LEN   16
#define MAK_LEN   8 /* the 3DES scheme's MAK is single-length */

/* The terminal's master key, in clear, into tmk[PS_WK_TMK_LEN]. */
static int unwrap_tmk(struct ledger__decision *d, uint8_t *tmk, struct ps_reason *why)
{
    size_t len = 0;
    int rc = host_keys_unwrap(d->l->cfg.keys, d->term->row.tmk, tmk, PS_WK_TMK_LEN, &len, why);
    if (rc == 0 && len != PS_WK_TMK_LEN)
        rc = ps_fail(why, PS_EFORMAT, "the master key of terminal %s is %zu bytes, not 16",
                     d->term->row.tid, len);
    return rc;
}

/* A new batch: nothing counted yet. Rows of it may already be on the disk — requests
 * a terminal sent with the next batch number (declined 77) before a restart, or a
 * batch number used before a wrap from 999999 to 1 — so the disk says up to which
 * STAN it holds any; lookups above that need not read it. Should the disk not answer,
 * every lookup of the batch asks it. */
static void open_next_batch(struct ledger *l, struct ledger__terminal *t)
{
    uint32_t next = t->row.batch >= BATCH_MAX ? 1 : t->row.batch + 1;
    uint32_t on_disk = 0;
    t->batch_known = store_max_stan(l->cfg.reader, t->row.tid, next, &on_disk, NULL) == 0;
    t->evicted_stan_current = on_disk > t->evicted_stan_ahead ? on_disk : t->evicted_stan_ahead;
    t->row.batch = next;
    t->row.batch_settled = 0;
    memset(&t->totals, 0, sizeof(t->totals));
    t->upload_lines = 0;
    t->upload_matched = 0;
}

/* Everything that can fail, before anything changes: the keys in clear (wk), field 62
 * in the response, and the keys wrapped for the store. */
static int make_keys(struct ledger__decision *d, struct ps_working_keys *wk, char *pik_hex,
                     char *mak_hex, struct ps_reason *why)
{
    uint8_t tmk[PS_WK_TMK_LEN];
    const struct host_keys *keys = d->l->cfg.keys;
    int rc = unwrap_tmk(d, tmk, why);
    if (rc == 0)
        rc = ps_working_keys_generate(wk, PS_WK_TDES, d->req->network_code == 4, why);
    if (rc == 0)
        rc = ps_working_keys_wrap(wk, tmk, sizeof(tmk), d->resp->f62, sizeof(d->resp->f62),
                                  &d->resp->f62_len, why);
    if (rc == 0)
        rc = host_keys_wrap(keys, wk->pik, PIK_LEN, pik_hex, why);
    if (rc == 0)
        rc = host_keys_wrap(keys, wk->mak, MAK_LEN, mak_hex, why);
    OPENSSL_cleanse(tmk, sizeof(tmk));
    return rc;
}

void handler__sign_in(struct ledger__decision *d)
{
    struct ledger__terminal *t = d->term;
    struct ps_working_keys wk;
    char pik_hex[KEYS_WRAPPED_MAX + 1], mak_hex[KEYS_WRAPPED_MAX + 1];
    struct ps_reason why;

    if (d->req->network_code != 3 && d->req->network_code != 4) {
        handler__answer(d, "30", "sign-in: 60.3 %03u is not supported; 003 or 004 asks for keys",
                        d->req->network_code);
        return;
    }
    ps_working_keys_init(&wk, PS_WK_TDES);
    ps_reason_clear(&why);
    if (make_keys(d, &wk, pik_hex, mak_hex, &why) != 0 ||
        keyring_set(d->l->cfg.keyring, t->row.tid, wk.pik, PIK_LEN, wk.mak, MAK_LEN, &why) != 0) {
        handler__fail(d, "sign-in", &why);
        goto out;
    }
    if (t->row.batch_settled)
        open_next_batch(d->l, t);
    memcpy(t->row.signed_in_date, d->clock.date, sizeof(t->row.signed_in_date));
    snprintf(t->row.pik, sizeof(t->row.pik), "%s", pik_hex);
    snprintf(t->row.mak, sizeof(t->row.mak), "%s", mak_hex);
    handler__session(d, pik_hex, mak_hex);
    d->resp->batch = t->row.batch;
    handler__answer(d, "00", "signed in: batch %06u", (unsigned)t->row.batch);
out:
    ps_working_keys_cleanup(&wk);
}

/* The session's keys, from the store's wrapping, into wk. */
static int session_keys(struct ledger__decision *d, struct ps_working_keys *wk,
                        struct ps_reason *why)
{
    const struct host_keys *keys = d->l->cfg.keys;
    size_t pik_len = 0, mak_len = 0;
    int rc = host_keys_unwrap(keys, d->term->row.pik, wk->pik, sizeof(wk->pik), &pik_len, why);
    if (rc == 0)
        rc = host_keys_unwrap(keys, d->term->row.mak, wk->mak, sizeof(wk->mak), &mak_len, why);
    if (rc == 0 && (pik_len != PIK_LEN || mak_len != MAK_LEN))
        rc = ps_fail(why, PS_EFORMAT, "the working keys of terminal %s have the wrong length",
                     d->term->row.tid);
    return rc;
}

/* A retransmitted sign-in gets the keys the terminal has now (its sign-in set them and
 * no later one replaced them, or the later one's keys are the ones to use anyway).
 * The track key is not kept, so a 004 answer carries a new one: possumd never uses it. */
int handler__sign_in_keys_again(struct ledger__decision *d, struct ps_reason *why)
{
    struct ps_working_keys wk, track;
    uint8_t tmk[PS_WK_TMK_LEN];
    int with_tdk = d->req->network_code == 4;
    int rc;

    ps_working_keys_init(&wk, PS_WK_TDES);
    ps_working_keys_init(&track, PS_WK_TDES);
    rc = unwrap_tmk(d, tmk, why);
    if (rc == 0)
        rc = session_keys(d, &wk, why);
    if (rc == 0 && with_tdk)
        rc = ps_working_keys_generate(&track, PS_WK_TDES, true, why);
    if (rc == 0 && with_tdk) {
        memcpy(wk.tdk, track.tdk, sizeof(wk.tdk));
        wk.has_tdk = true;
    }
    if (rc == 0)
        rc = ps_working_keys_wrap(&wk, tmk, sizeof(tmk), d->resp->f62, sizeof(d->resp->f62),
                                  &d->resp->f62_len, why);
    OPENSSL_cleanse(tmk, sizeof(tmk));
    ps_working_keys_cleanup(&wk);
    ps_working_keys_cleanup(&track);
    return rc;
}
