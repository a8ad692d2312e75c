/* Changes made outside this engine reach it (ledger_poll): the back office locks,
 * unlocks or adds a terminal by writing its row, and with a shared database another
 * host signs terminals in and settles their batches. About once a second the engine
 * reads the terminals whose row changed since the last look. A status is taken as it
 * is (a lock declines at once); a session only when another host may have written it
 * and this host has no change of its own waiting for a commit; a terminal this ledger
 * does not have, or that moved to another merchant, asks for the ledger to be loaded
 * afresh. The status and the master key are the back office's alone (a lock, an
 * activation): memory takes them whenever they come. Merchants the back office changed
 * (one goes live, one is suspended) are read the same way. */
#include "host/txn/handlers/handlers.h"

#include <stdlib.h>
#include <string.h>

/* Clocks of hosts and the back office differ a little, and a commit may land with an
 * updated_us a moment older than one already seen: looking back this far reads a row
 * twice at worst, which changes nothing. */
#define LOOK_BACK_US (5 * 1000000LL)

struct poll {
    struct ledger *l;
    int stale;
    int64_t newest_us;
};

static int take_change(void *ctx, const struct terminal_row *row)
{
    struct poll *p = ctx;
    struct ledger *l = p->l;
    struct ledger__terminal *t = ledger__terminal_find(l, row->tid);

    if (row->updated_us > p->newest_us)
        p->newest_us = row->updated_us;
    if (t == NULL || t->row.merchant_id != row->merchant_id) {
        p->stale = 1;
        return 0;
    }
    memcpy(t->row.status, row->status, sizeof(t->row.status));
    memcpy(t->row.tmk, row->tmk, sizeof(t->row.tmk)); /* only the back office sets it */
    (void)ledger__take_session(l, t, row, NULL); /* with a shared database, and when it may */
    return 0;
}

static int by_id(const void *a, const void *b)
{
    const struct merchant_row *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* A merchant's status, name, category and fee as the back office left them; one this
 * ledger does not have serves no terminal of it yet (a new terminal reloads it all). */
static int take_merchant(void *ctx, const struct merchant_row *row)
{
    struct poll *p = ctx;
    struct merchant_row *m =
        p->l->merchant_count == 0
            ? NULL
            : bsearch(row, p->l->merchants, p->l->merchant_count, sizeof(*row), by_id);
    if (row->updated_us > p->newest_us)
        p->newest_us = row->updated_us;
    if (m != NULL)
        *m = *row; /* the MID too: terminals keep pointing at this entry */
    return 0;
}

int ledger_poll(struct ledger *l, int64_t now_us, struct ps_reason *why)
{
    struct poll p = {l, 0, l->polled_us};
    if (l->polled_us == 0)
        p.newest_us = l->polled_us = now_us; /* what loading read is current */
    int64_t since = l->polled_us - LOOK_BACK_US;
    int rc = store_each_terminal_changed(l->cfg.reader, since, take_change, &p, why);
    if (rc == 0)
        rc = store_each_merchant_changed(l->cfg.reader, since, take_merchant, &p, why);
    if (rc != 0)
        return rc;
    l->polled_us = p.newest_us;
    return p.stale ? LEDGER_STALE : 0;
}
