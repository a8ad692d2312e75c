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
    if (rc <= 0 || same_session(&t->row, &on_record))
        return rc < 0 ? rc : 0;
    if (on_record.pik[0] != '\0' && on_record.mak[0] != '\0') {
        rc = ledger__install_keys(l, &on_record, why);
        if (rc != 0)
            return rc;
    }
    if (on_record.batch != t->row.batch) {
        /* this host's count and knowledge of the old batch say nothing of the new one */
        memset(&t->totals, 0, sizeof(t->totals));
        t->batch_known = 0;
    }
    t->row.batch = on_record.batch;
    t->row.batch_settled = on_record.batch_settled;
    memcpy(t->row.signed_in_date, on_record.signed_in_date, sizeof(t->row.signed_in_date));
    memcpy(t->row.pik, on_record.pik, sizeof(t->row.pik));
    memcpy(t->row.mak, on_record.mak, sizeof(t->row.mak));
    t->row.updated_us = on_record.updated_us;
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
