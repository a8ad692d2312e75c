/* What a host re-reads when other hosts write the same database (cfg.shared).
 *
 * Each host's memory misses what the others decided. Where that could make it refuse
 * what the database would allow, it reads the database first: a terminal that signed
 * in, settled or changed batch at another host has a newer session on record than in
 * memory here, and a batch's totals are the sum of every host's part. What the others
 * decided never makes this host approve what it must not: the database's unique keys
 * and guarded changes refuse that at commit (engine.c). */
#include "host/txn/handlers/handlers.h"

#include <string.h>

#include "host/txn/security.h"

static int same_session(const struct terminal_row *a, const struct terminal_row *b)
{
    return a->batch == b->batch && a->batch_settled == b->batch_settled &&
           strcmp(a->signed_in_date, b->signed_in_date) == 0 && strcmp(a->pik, b->pik) == 0 &&
           strcmp(a->mak, b->mak) == 0;
}

int ledger__refresh_session(struct ledger *l, struct ledger__terminal *t, struct ps_reason *why)
{
    struct terminal_row on_record;

    if (!l->cfg.shared || t->session_seq > l->committed_seq)
        return 0;
    int rc = store_find_terminal(l->cfg.reader, t->row.tid, &on_record, why);
    if (rc <= 0)
        return rc;
    return ledger__take_session(l, t, &on_record, why);
}

int ledger__take_session(struct ledger *l, struct ledger__terminal *t,
                         const struct terminal_row *on_record, struct ps_reason *why)
{
    if (!l->cfg.shared || t->session_seq > l->committed_seq || same_session(&t->row, on_record))
        return 0;
    if (on_record->pik[0] != '\0' && on_record->mak[0] != '\0') {
        int rc = ledger__install_keys(l, on_record, why);
        if (rc != 0)
            return rc;
    }
    if (on_record->batch != t->row.batch) {
        /* this host's count and knowledge of the old batch say nothing of the new one */
        memset(&t->totals, 0, sizeof(t->totals));
        t->batch_known = 0;
    }
    t->row.batch = on_record->batch;
    t->row.batch_settled = on_record->batch_settled;
    memcpy(t->row.signed_in_date, on_record->signed_in_date, sizeof(t->row.signed_in_date));
    memcpy(t->row.pik, on_record->pik, sizeof(t->row.pik));
    memcpy(t->row.mak, on_record->mak, sizeof(t->row.mak));
    t->row.updated_us = on_record->updated_us;
    return 1;
}

int ledger__shared_totals(struct ledger *l, struct ledger__terminal *t, struct ps_cup_totals *out,
                          struct ps_reason *why)
{
    uint32_t batch = 0, max_stan = 0;
    int rc = store_batch_total(l->cfg.reader, t->row.tid, &batch, &max_stan, out, why);
    if (rc < 0)
        return rc;
    if (rc == 0 || batch != t->row.batch)
        return ps_fail(why, PS_ECHECK,
                       "terminal %s: batch %06u on record, %06u in memory: settle again",
                       t->row.tid, (unsigned)batch, (unsigned)t->row.batch);
    return 0;
}

struct recheck {
    struct txn_request *req;
    const uint8_t *pepper;
};

/* The security step again (as the pipeline runs it) under the keys now in the keyring. */
static int recheck_with_keys(void *ctx, struct ps_cipher *pik, struct ps_cipher *mak)
{
    struct recheck *job = ctx;
    struct txn_request *req = job->req;
    if (mak == NULL || txn_mac_check(mak, req->mac_data, req->mac_len, NULL) != 0)
        return 0;
    req->mac = TXN_MAC_OK;
    if (!req->format_error)
        req->reason[0] = '\0'; /* it named the MAC problem */
    if (req->has_pin_block && req->pan[0] != '\0' && req->kind != TXN_REVERSAL) {
        int ok = pik != NULL && txn_pin_proof(pik, req->pin_block, req->pan, job->pepper,
                                              req->pin_proof, NULL) == 0;
        req->pin = ok ? TXN_PIN_PROOF : TXN_PIN_UNREADABLE;
    }
    return 0;
}

void ledger_recheck(struct ledger *l, struct txn_request *req)
{
    struct ps_reason why;
    struct ledger__terminal *t = ledger__terminal_find(l, req->tid);
    struct recheck job = {req, host_keys_pin_pepper(l->cfg.keys)};

    if (req->mac != TXN_MAC_BAD || req->mac_data == NULL || t == NULL)
        return;
    ps_reason_clear(&why);
    if (ledger__refresh_session(l, t, &why) == 1) /* else: refused as it stands */
        keyring_with(l->cfg.keyring, req->tid, recheck_with_keys, &job);
}
