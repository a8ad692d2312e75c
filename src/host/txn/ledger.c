/* The ledger: its state (handlers/handlers.h), its life (open, close) and the one
 * entry of the engine, ledger_decide(), which runs the checks every request goes
 * through and hands the request to the handler of its kind.
 *
 * A decision appends the journal row first and fills it last: the operations it
 * causes (a hold, a status change) come after the row they belong to, and the row
 * carries the final answer. Room for every operation a decision may append is
 * reserved before anything is decided, so that once the authorizer has moved money
 * nothing can fail (handlers/decision.c). */
#include "host/txn/ledger.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/txn/handlers/handlers.h"

/* Operations one decision may append: the journal row, up to 8 upload lines or a few
 * status and session changes, and the authorizer's account changes. */
#define OPS_PER_DECISION 16
#define RRN_SEQ_MAX      9999999999u

static void (*const handlers[TXN_KIND_COUNT])(struct ledger__decision *) = {
    [TXN_SIGN_IN] = handler__sign_in,
    [TXN_SIGN_OFF] = handler__sign_off,
    [TXN_BALANCE] = handler__balance,
    [TXN_PURCHASE] = handler__purchase,
    [TXN_VOID] = handler__void,
    [TXN_REFUND] = handler__refund,
    [TXN_PREAUTH] = handler__preauth,
    [TXN_PREAUTH_VOID] = handler__preauth_void,
    [TXN_COMPLETION] = handler__completion,
    [TXN_COMPLETION_VOID] = handler__completion_void,
    [TXN_REVERSAL] = handler__reversal,
    [TXN_SETTLEMENT] = handler__settlement,
    [TXN_BATCH_UPLOAD] = handler__batch_upload,
    [TXN_PARAMS] = handler__params,
};

uint64_t ledger__tid_hash(const char *tid)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const char *c = tid; *c != '\0'; c++)
        h = (h ^ (uint8_t)*c) * 0x100000001b3u;
    return h;
}

struct ledger__terminal *ledger__terminal_find(struct ledger *l, const char *tid)
{
    if (l->tid_index == NULL)
        return NULL;
    for (size_t i = (size_t)ledger__tid_hash(tid) & l->tid_mask; l->tid_index[i] != 0;
         i = (i + 1) & l->tid_mask) {
        struct ledger__terminal *t = &l->terminals[l->tid_index[i] - 1];
        if (strcmp(t->row.tid, tid) == 0)
            return t;
    }
    return NULL;
}

static int config_check(const struct ledger_config *cfg, struct ps_reason *why)
{
    if (cfg->reader == NULL || cfg->keyring == NULL || cfg->keys == NULL ||
        cfg->authorizer.ops == NULL || cfg->authorizer.ops->authorize == NULL)
        return ps_fail(why, PS_EINVAL, "ledger: reader, keyring, keys and authorizer are needed");
    if (cfg->host_id < 0 || cfg->host_id > 99)
        return ps_fail(why, PS_EINVAL, "ledger: host id %d is not 0 to 99", cfg->host_id);
    if (cfg->recent_per_terminal < 2 || cfg->recent_per_terminal > 65536)
        return ps_fail(why, PS_EINVAL, "ledger: %d recent transactions per terminal; 2 to 65536",
                       cfg->recent_per_terminal);
    if (cfg->cutoff_minutes < 0 || cfg->cutoff_minutes > 1440 || cfg->utc_offset_minutes < -1440 ||
        cfg->utc_offset_minutes > 1440)
        return ps_fail(why, PS_EINVAL, "ledger: cut-off or UTC offset out of range");
    return PS_OK;
}

int ledger_open(struct ledger **out, struct store *loader, const struct ledger_config *cfg,
                struct ps_reason *why)
{
    struct ledger *l = NULL;
    int rc;

    *out = NULL;
    rc = config_check(cfg, why);
    if (rc != 0)
        goto out;
    l = calloc(1, sizeof(*l));
    if (l == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "ledger: out of memory");
        goto out;
    }
    l->cfg = *cfg;
    rc = ledger__load(l, loader, why);
    if (rc != 0)
        goto out;
    *out = l;
    l = NULL;
out:
    ledger_close(l);
    return rc;
}

void ledger_close(struct ledger *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->terminal_count; i++)
        ledger__ring_free(&l->terminals[i].ring);
    ledger__ring_free(&l->stray);
    ledger__preauths_free(&l->preauths);
    free(l->terminals);
    free(l->merchants);
    free(l->tid_index);
    free(l->id_buckets);
    free(l);
}

void ledger_committed(struct ledger *l, uint64_t seq)
{
    if (seq > l->committed_seq)
        l->committed_seq = seq;
}

/* ---- a decision ---------------------------------------------------------------------- */

/* Copies text of at most src_cap bytes (NUL-terminated or not) into dst[cap]. */
static void copy_text(char *dst, size_t cap, const char *src, size_t src_cap)
{
    const char *nul = memchr(src, '\0', src_cap);
    size_t len = nul != NULL ? (size_t)(nul - src) : src_cap;
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

#define COPY_TEXT(dst, src) copy_text((dst), sizeof(dst), (src), sizeof(src))

static void begin(struct ledger__decision *d, struct ledger *l, const struct txn_request *req,
                  int64_t now_us, struct txn_response *resp, struct store_batch *batch)
{
    memset(d, 0, sizeof(*d));
    memset(resp, 0, sizeof(*resp));
    d->l = l;
    d->req = req;
    d->now_us = now_us;
    d->resp = resp;
    d->batch = batch;
    d->seq = ledger__pending_seq(l, batch);
    ledger__clock_at(now_us, l->cfg.utc_offset_minutes, l->cfg.cutoff_minutes, &d->clock);
    memcpy(resp->local_time, d->clock.time, sizeof(resp->local_time));
    memcpy(resp->local_date, d->clock.mmdd, sizeof(resp->local_date));
    resp->batch = req->batch;
    /* Every answer but those to network management before keys (sign-in, parameter
     * download) is MACed; the gateway sends none when the terminal has no MAC key. */
    resp->mac = !txn_kind_is_keyless(req->kind);
    COPY_TEXT(d->row.tid, req->tid);
    d->row.kind = (unsigned)req->kind < TXN_KIND_COUNT ? req->kind : TXN_UNKNOWN;
    d->term = ledger__terminal_find(l, d->row.tid);
    if (req->pan[0] != '\0') {
        char pan[sizeof(req->pan)];
        COPY_TEXT(pan, req->pan);
        if (req->pan_token[0] != '\0') /* the gateway thread computed it */
            COPY_TEXT(d->row.card_token, req->pan_token);
        else
            host_keys_pan_token(l->cfg.keys, pan, d->row.card_token);
        host_keys_mask_pan(pan, d->row.card_masked);
    } else if (req->paycode[0] != '\0') {
        /* A payment code is journaled like a PAN: the same keyed token, so voids,
         * refunds and the used-once rule compare codes as they compare cards. */
        if (req->pan_token[0] != '\0')
            COPY_TEXT(d->row.card_token, req->pan_token);
        else
            host_keys_pan_token(l->cfg.keys, req->paycode, d->row.card_token);
        host_keys_mask_paycode(req->paycode, d->row.card_masked);
    }
}

/* Room for everything the decision may append: batch operations, and two clean ring
 * slots (the new row and an older row the decision may bring into memory). */
static int reserve(struct ledger__decision *d, struct ps_reason *why)
{
    struct store_batch *b = d->batch;
    size_t count = b->count;
    /* Appending grows the batch's array; dropping the probes keeps the room. */
    while (b->cap - b->count < OPS_PER_DECISION) {
        if (store_batch_add(b, STORE_TXN_INSERT) == NULL) {
            store_batch_truncate(b, count);
            return ps_fail(why, PS_ENOMEM, "out of memory for the commit batch");
        }
    }
    store_batch_truncate(b, count);
    struct ledger__ring *ring = d->term != NULL ? &d->term->ring : &d->l->stray;
    return ledger__ring_ready(d->l, ring, 2, why);
}

static void next_rrn(struct ledger *l, char out[13])
{
    snprintf(out, 13, "%02d%010" PRIu64, l->cfg.host_id, l->next_rrn_seq);
    l->next_rrn_seq = l->next_rrn_seq >= RRN_SEQ_MAX ? 1 : l->next_rrn_seq + 1;
}

/* Appends the journal row (filled in by finish()) and sets what is known now. */
static void start_row(struct ledger__decision *d)
{
    const struct txn_request *req = d->req;
    struct txn_row *row = &d->row;
    struct store_op *op = store_batch_add(d->batch, STORE_TXN_INSERT); /* reserved */

    d->row_op = (size_t)(op - d->batch->ops);
    row->id = d->l->next_id++;
    next_rrn(d->l, row->rrn);
    memcpy(d->resp->rrn, row->rrn, sizeof(d->resp->rrn));
    COPY_TEXT(row->mti, req->mti);
    COPY_TEXT(row->processing_code, req->processing_code);
    COPY_TEXT(row->mid, req->mid);
    if (d->term != NULL && d->term->merchant != NULL)
        row->merchant_id = d->term->merchant->id;
    row->batch = req->batch;
    row->stan = req->stan;
    row->amount = req->has_amount ? req->amount : 0;
    COPY_TEXT(row->currency, req->currency);
    COPY_TEXT(row->entry_mode, req->entry_mode);
    COPY_TEXT(row->operator_id, req->operator_id);
    memcpy(row->local_date, d->clock.date, sizeof(row->local_date));
    memcpy(row->local_time, d->clock.time, sizeof(row->local_time));
    row->created_us = d->now_us;
    row->fingerprint = req->fingerprint;
    if (txn_kind_is_keyless(req->kind)) /* each is answered afresh: no row may collide */
        row->fingerprint ^= (uint64_t)row->id * 0x9E3779B97F4A7C15ULL;
}

/* Fills the journal row with the answer and keeps it in memory. */
static void finish(struct ledger__decision *d)
{
    struct txn_row *row = &d->row;
    const struct txn_response *resp = d->resp;
    int approved = strcmp(resp->response_code, "00") == 0;

    COPY_TEXT(row->response_code, resp->response_code);
    COPY_TEXT(row->reason, resp->reason);
    COPY_TEXT(row->auth_code, resp->auth_code);
    COPY_TEXT(row->settle_date, resp->settle_date);
    snprintf(row->status, sizeof(row->status), "%s", approved ? "approved" : "declined");
    d->batch->ops[d->row_op].u.txn = *row;
    struct ledger__ring *ring = d->term != NULL ? &d->term->ring : &d->l->stray;
    ledger__ring_insert(d->l, ring, row, d->seq); /* room was made sure of */
}

/* Checks 1 and 2: can the request be read, and may its terminal and merchant send it?
 * Returns 1 when the request was declined. */
static int check_sender(struct ledger__decision *d)
{
    const struct txn_request *req = d->req;
    const struct ledger__terminal *t = d->term;

    if (req->format_error || (unsigned)req->kind >= TXN_KIND_COUNT || req->kind == TXN_UNKNOWN) {
        handler__answer(d, "30", "%s",
                        req->reason[0] != '\0' ? req->reason : "the kind of message is unknown");
        return 1;
    }
    if (t == NULL) {
        if (!handler__ask_fresh(d)) /* added since this host loaded, maybe */
            handler__answer(d, "97", "terminal %s is not registered", d->row.tid);
        return 1;
    }
    if (strcmp(t->row.status, "active") != 0) {
        if (strcmp(t->row.status, "locked") == 0)
            handler__answer(d, "97", "terminal locked");
        else
            handler__answer(d, "97", "terminal %s is %s", t->row.tid, t->row.status);
        return 1;
    }
    if (t->merchant == NULL) {
        handler__answer(d, "03", "terminal %s has no merchant on record", t->row.tid);
        return 1;
    }
    if (strcmp(req->mid, t->merchant->mid) != 0) {
        handler__answer(d, "03", "merchant %s is not the merchant of terminal %s", d->row.mid,
                        t->row.tid);
        return 1;
    }
    if (strcmp(t->merchant->status, "active") != 0) {
        handler__answer(d, "03", "merchant %s is %s", t->merchant->mid, t->merchant->status);
        return 1;
    }
    return 0;
}

/* Check 3, the part that declines: the key was used for other content (94), or a
 * reversal of this very message came before it (12). */
static int check_unique(struct ledger__decision *d, const struct ledger__found *first)
{
    const struct txn_request *req = d->req;
    struct ledger__found reversal;
    struct ps_reason why;

    if (first->found) {
        d->row.original_id = first->row.id;
        handler__answer(d, "94", "duplicate: STAN %06u was used for another request in this batch",
                        (unsigned)req->stan);
        return 1;
    }
    if (!txn_kind_is_financial(req->kind))
        return 0;
    ps_reason_clear(&why);
    if (ledger__find_by_key(d->l, d->row.tid, req->batch, req->stan, TXN_REVERSAL, 0, 0, &reversal,
                            NULL, &why) != 0) {
        handler__fail(d, "looking for a reversal", &why);
        return 1;
    }
    if (reversal.found && strcmp(reversal.row.response_code, "00") == 0) {
        d->row.original_id = reversal.row.id;
        handler__answer(d, "12", "already reversed: the reversal of STAN %06u came first",
                        (unsigned)req->stan);
        return 1;
    }
    return 0;
}

/* What refuses a request for its session, or NULL: the code in *code. */
static const char *session_problem(struct ledger__decision *d, enum txn_mac_status mac,
                                   const char **code, char *buf, size_t cap)
{
    const struct txn_request *req = d->req;
    const struct terminal_row *t = &d->term->row;

    *code = "77";
    /* A terminal possumd never gave keys to cannot have MACed anything: it is told to
     * sign in (which terminals do on 77 by themselves), not that its MAC is wrong. */
    if (t->mak[0] == '\0')
        snprintf(buf, cap, "sign in first: terminal %s has no working keys yet", t->tid);
    else if (mac == TXN_MAC_MISSING || mac == TXN_MAC_BAD) {
        *code = "A0";
        snprintf(buf, cap, "%s",
                 req->reason[0] != '\0'    ? req->reason
                 : mac == TXN_MAC_MISSING ? "field 64 (MAC) is missing"
                                          : "MAC mismatch");
    } else if (t->signed_in_date[0] == '\0')
        snprintf(buf, cap, "sign in again: terminal %s is signed off", t->tid);
    else if (strcmp(t->signed_in_date, d->clock.date) != 0)
        snprintf(buf, cap, "sign in again: terminal %s last signed in on %s", t->tid,
                 t->signed_in_date);
    else if (req->batch != t->batch)
        snprintf(buf, cap, "sign in again: batch %06u sent, the terminal's batch is %06u",
                 (unsigned)req->batch, (unsigned)t->batch);
    else if (t->batch_settled && req->kind != TXN_SETTLEMENT && req->kind != TXN_BATCH_UPLOAD &&
             req->kind != TXN_SIGN_OFF)
        snprintf(buf, cap, "sign in again: batch %06u is settled; signing in opens the next",
                 (unsigned)t->batch);
    else
        return NULL;
    return buf;
}

/* Checks 4 and 5: the MAC, and a session of today with the current batch. A host that
 * shares its database reads the session on record before refusing: the terminal may
 * have signed in or settled at another host (handlers/shared.c). */
static int check_session(struct ledger__decision *d)
{
    const struct txn_request *req = d->req;
    const char *code;
    char reason[TXN_REASON_MAX];
    struct ps_reason why;

    if (txn_kind_is_keyless(req->kind))
        return 0;
    if (session_problem(d, req->mac, &code, reason, sizeof(reason)) == NULL)
        return 0;
    ps_reason_clear(&why);
    int changed = ledger__refresh_session(d->l, d->term, &why);
    if (changed < 0) {
        handler__fail(d, "reading the terminal's session", &why);
        return 1;
    }
    if (changed && session_problem(d, req->mac, &code, reason, sizeof(reason)) == NULL)
        return 0;
    handler__answer(d, code, "%s", reason);
    return 1;
}

int ledger_decide(struct ledger *l, const struct txn_request *req, int64_t now_us,
                  struct txn_response *resp, struct store_batch *batch)
{
    struct ledger__decision d;
    struct ledger__found first, same;
    struct ps_reason why;

    if (l->fresh_from_us == 0)
        l->fresh_from_us = now_us;
    begin(&d, l, req, now_us, resp, batch);
    ps_reason_clear(&why);
    /* Without room, or without knowing whether this is a retransmission, the request
     * cannot be recorded safely: a second row with its key would fail the commit. A
     * sign-in is never a retransmission: it always hands out fresh keys (and a batch
     * opened by the first may not be reopened by a replay); a parameter download is
     * answered with what holds now. */
    memset(&first, 0, sizeof(first));
    memset(&same, 0, sizeof(same));
    int rc = reserve(&d, &why);
    if (rc == PS_ESPACE) /* all its recent rows wait for the disk: after the next commit */
        return LEDGER_DEFERRED;
    if (rc != 0 ||
        (!txn_kind_is_keyless(req->kind) &&
         ledger__find_by_key(l, d.row.tid, req->batch, req->stan, d.row.kind, req->fingerprint,
                             0, &first, &same, &why) != 0)) {
        handler__answer(&d, "96", "not recorded: %s", why.text);
        return 0;
    }
    /* A retransmission is answered first, whatever changed since (a terminal locked,
     * a session ended): it gets the answer it already had, and nothing is recorded. */
    if (same.found) {
        handler__replay(&d, &same.row);
        return 0;
    }
    start_row(&d);
    if (!check_sender(&d) && !check_unique(&d, &first) && !check_session(&d))
        handlers[req->kind](&d);
    if (d.stale) { /* nothing but the journal row was appended: take it back */
        store_batch_truncate(batch, d.row_op);
        return LEDGER_STALE;
    }
    finish(&d);
    return 0;
}
