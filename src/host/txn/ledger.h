/* ledger.h — the engine's state and its decisions. The ledger holds in memory what a
 * decision needs (merchants, terminals and their sessions and batch totals, recent
 * transactions for retransmissions, voids and reversals, the next ids and RRNs),
 * loaded from the store at start and kept in step with every decision. It runs on
 * the engine thread only and does no I/O of its own beyond lookups on its read
 * connection for transactions no longer in memory.
 *
 * ledger_decide() is the message handler of DESIGN.md: (request, context) ->
 * (response, journal record). It dispatches to one handler per kind (handlers/). */
#ifndef POSSUM_HOST_TXN_LEDGER_H
#define POSSUM_HOST_TXN_LEDGER_H

#include <stdint.h>

#include "core/error.h"
#include "host/keys.h"
#include "host/store/batch.h"
#include "host/store/store.h"
#include "host/txn/issuer.h"
#include "host/txn/keyring.h"
#include "host/txn/request.h"
#include "host/txn/response.h"

struct ledger;

struct ledger_config {
    struct store *reader;          /* lookups of older transactions; owned by the caller */
    struct keyring *keyring;       /* where sign-in installs working keys */
    const struct host_keys *keys;  /* master key: unwraps TMKs, wraps working keys, tokens */
    struct authorizer authorizer;  /* who decides card actions */
    int host_id;                   /* 0-99: the first two digits of every RRN */
    int utc_offset_minutes;        /* local time of terminals and settlement dates (+480) */
    int cutoff_minutes;            /* settlement cut-off after local midnight (1380 = 23:00) */
    int recent_per_terminal;       /* transactions kept in memory per terminal (64) */
    int shared;                    /* other hosts write the same database: re-read what
                                      they may have changed before refusing for it
                                      (handlers/shared.c) */
};

/* Loads merchants, terminals, batch totals and high marks from `loader` (any
 * connection; used only during the call). */
int ledger_open(struct ledger **out, struct store *loader, const struct ledger_config *cfg,
                struct ps_reason *why);
void ledger_close(struct ledger *l); /* NULL is allowed */

/* What ledger_decide() returns when it cannot decide req yet: every recent row of its
 * terminal still waits for a commit (a terminal flooding possumd with requests), and
 * deciding now could not be recorded safely. Nothing was changed; the engine decides
 * req again, before anything of that terminal that came later, once a commit lands. */
#define LEDGER_DEFERRED 1

/* Hosts sharing a database: req names something this ledger lacks (a pre-authorization
 * another host approved, a terminal added since) and that may be on record now. Nothing
 * was changed; the engine rebuilds the ledger from the store and decides req again. A
 * ledger asks this at most once a second after it was loaded (LEDGER_FRESH_US), so a
 * request that names what nobody has is refused on the next try, and a terminal
 * sending such requests cannot keep the engine reloading. */
#define LEDGER_STALE    2
#define LEDGER_FRESH_US 1000000

/* Decides req at now_us. Fills resp and appends to batch what must be durable before
 * resp may leave: always the journal row, and whatever the decision changed. A
 * retransmission (same tid, batch, STAN, kind and fingerprint) gets the first
 * answer again and appends nothing. Returns 0, LEDGER_DEFERRED or LEDGER_STALE. */
int ledger_decide(struct ledger *l, const struct txn_request *req, int64_t now_us,
                  struct txn_response *resp, struct store_batch *batch);

/* Hosts sharing a database: req's MAC did not match the keys in memory, and
 * req->mac_data holds what it signed. Reads the terminal's session on record; when
 * another host gave it new keys, checks the MAC (and turns the PIN block into a proof)
 * again under them, updating req->mac, req->pin and req->pin_proof. The engine calls
 * it before ledger_decide. */
void ledger_recheck(struct ledger *l, struct txn_request *req);

/* Reads the terminals changed outside this engine since the last call (the back
 * office's locks, another host's sign-ins): statuses apply at once. Returns 0,
 * LEDGER_STALE when a terminal it does not have was added (or moved to another
 * merchant): the engine then loads the ledger afresh; or < 0 with why. The engine
 * calls it about once a second, on its own thread. */
int ledger_poll(struct ledger *l, int64_t now_us, struct ps_reason *why);

/* Called after the batch with this seq committed: in-memory entries it held may now
 * be forgotten when memory needs them. */
void ledger_committed(struct ledger *l, uint64_t seq);

#endif
