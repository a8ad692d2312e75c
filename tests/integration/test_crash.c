/* possumd killed with SIGKILL and started again on the same data: nothing it approved is
 * lost, terminals reverse what they never got an answer to and then settle balanced,
 * and every card holds what its terminal believes. And, watched from outside with
 * ptrace, no answer leaves before the fsync of its commit has returned (on PostgreSQL,
 * where the server syncs, before the commit the test holds back has ended). */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "../unit/testing.h"
#include "pos/hostlink/responses.h"

#define TERMINALS         16
#define CYCLES            3
#define FIRST_TERMINAL    200 /* demo terminals and fleet cards 200 ... used here */
#define DURABLE_TERMINALS 8
#define DURABLE_EACH      125 /* 8 x 125 = 1000 purchases */
#define HOLD_MS           1000

static struct possumd server;
static int test_passed; /* set by each test as its last step; else its log is shown */

static int start(void **state)
{
    (void)state;
    test_passed = 0;
    possumd_start(&server, NULL);
    return 0;
}

static int finish(void **state)
{
    (void)state;
    if (!test_passed)
        possumd_print_log(&server);
    possumd_cleanup(&server);
    return 0;
}

static int64_t balance_of(struct term *t, const char *pan)
{
    assert_int_equal(term_card(t, HL_BALANCE, pan, PIN, 0, NULL), 0);
    assert_true(t->r.has_balance);
    return t->r.balance;
}

/* ---- terminals trading in threads ------------------------------------------------------ */

/* An approval a terminal received, and what later approvals did to it. */
struct approval {
    enum hl_kind kind;
    char rrn[13];
    int64_t amount;
    int voided;       /* a purchase an answered void cancelled */
    int64_t refunded; /* a purchase's answered refunds */
};

struct worker {
    struct term t;
    unsigned index;
    char pan[20];
    uint64_t rng;
    pthread_t thread;
    int64_t start_balance;
    int64_t spent; /* what the terminal believes its card paid, net of voids and refunds */
    struct approval *approvals; /* grows as approvals come */
    size_t count, cap;
    /* the round under way, judged by the main thread once the thread joined */
    unsigned requests;
    int failed; /* the round ended on a link error */
    int64_t failed_at;
    char failure[256];
    char trouble[256];              /* what must not happen even when possumd dies: a decline, an
                                       unbalanced settlement, an approval it cannot account for */
    struct hl_message trouble_sent; /* the request that was declined, to show its reason */
    /* after a restart */
    unsigned reversals;
    char reversal_code[3];
};

static atomic_int stop_trading;

/* Records something the main thread will fail the test on (first one only). */
static void trouble(struct worker *w, const char *what, const char *code, const char *why)
{
    if (w->trouble[0] == '\0')
        snprintf(w->trouble, sizeof(w->trouble), "terminal %s: %s (code '%s'; %s)", w->t.t.tid,
                 what, code, why);
}

static struct approval *find_approval(struct worker *w, const char *rrn)
{
    for (size_t i = w->count; i > 0; i--) {
        if (strcmp(w->approvals[i - 1].rrn, rrn) == 0)
            return &w->approvals[i - 1];
    }
    return NULL;
}

/* What an approved answer makes the terminal believe about its card. */
static void believe(struct worker *w, const struct hl_card_input *in, const struct hl_response *r)
{
    struct approval *orig = in->kind == HL_PURCHASE ? NULL : find_approval(w, in->rrn);
    if (in->kind != HL_PURCHASE && orig == NULL) {
        trouble(w, "an approval of something it never had approved", r->code, r->rrn);
        return;
    }
    if (w->count == w->cap) {
        size_t cap = w->cap * 2;
        struct approval *more = realloc(w->approvals, cap * sizeof(*more));
        ptrdiff_t at = orig != NULL ? orig - w->approvals : 0;
        if (more == NULL) {
            trouble(w, "out of memory for its approvals", r->code, r->rrn);
            return;
        }
        w->approvals = more;
        w->cap = cap;
        orig = orig != NULL ? more + at : NULL;
    }
    struct approval *a = &w->approvals[w->count++];
    memset(a, 0, sizeof(*a));
    a->kind = in->kind;
    snprintf(a->rrn, sizeof(a->rrn), "%s", r->rrn);
    a->amount = in->amount;
    if (in->kind == HL_PURCHASE) {
        w->spent += in->amount;
    } else if (in->kind == HL_VOID) {
        orig->voided = 1;
        w->spent -= in->amount;
    } else {
        orig->refunded += in->amount;
        w->spent -= in->amount;
    }
}

/* The newest purchase of the current batch, when it may still be voided or refunded
 * (not once the batch is settled: the next sign-in opens another). */
static const struct hl_record *last_purchase(const struct hl_batch *b)
{
    if (b->settled)
        return NULL;
    for (size_t i = b->count; i > 0; i--) {
        const struct hl_record *r = &b->records[i - 1];
        if (r->sent.kind == HL_PURCHASE)
            return r->status == HL_REC_APPROVED ? r : NULL;
    }
    return NULL;
}

/* Mostly purchases; now and then a void of the last one, or a refund of part of it. */
static void next_request(struct worker *w, struct hl_card_input *in, char rrn[13], char date[5])
{
    const struct hl_record *last = last_purchase(&w->t.t.batch);
    unsigned dice = random_below(&w->rng, 100);

    memset(in, 0, sizeof(*in));
    in->pan = w->pan;
    in->kind = HL_PURCHASE;
    in->pin = PIN;
    in->amount = 1 + random_below(&w->rng, 100000);
    if (last == NULL || dice >= 16)
        return;
    snprintf(rrn, 13, "%s", last->rrn);
    snprintf(date, 5, "%s", last->date);
    in->pin = NULL;
    in->rrn = rrn;
    in->has_original = 1;
    if (dice < 8 && last->refunded == 0) {
        in->kind = HL_VOID;
        in->amount = last->sent.amount;
        in->orig_batch = w->t.t.batch.number;
        in->orig_stan = last->sent.stan;
    } else if (last->refunded < last->sent.amount) {
        in->kind = HL_REFUND;
        in->amount = 1 + random_below(&w->rng, (unsigned)(last->sent.amount - last->refunded));
        in->orig_date = date;
    } else {
        in->kind = HL_PURCHASE;
        in->pin = PIN;
        in->rrn = NULL;
        in->has_original = 0;
    }
}

/* A full batch is settled, as a cashier must; it has to balance. */
static int settle_in_round(struct worker *w)
{
    struct hl_settlement settled;
    struct ps_reason why = {{0}};
    int rc = hl_session_settle(&w->t.s, &settled, &why);
    if (rc < 0) {
        snprintf(w->failure, sizeof(w->failure), "settling: %s (%s)", hl_strerror(rc), why.text);
        return rc;
    }
    if (rc != 0 || !settled.answer.balanced || settled.uploaded)
        trouble(w, "a settlement in the round did not balance", settled.answer.code, why.text);
    return 0;
}

/* One request. Returns 0 to go on, below 0 when the link failed (possumd is gone). */
static int worker_step(struct worker *w)
{
    struct hl_card_input in;
    struct hl_message sent;
    struct hl_response r;
    struct ps_reason why = {{0}};
    char rrn[13] = "", date[5] = "";

    memset(&sent, 0, sizeof(sent)); /* a step the session took itself leaves it unset */
    next_request(w, &in, rrn, date);
    int rc = hl_session_card(&w->t.s, &in, &sent, &r, &why);
    w->requests++;
    if (rc == HL_BATCH_FULL)
        return settle_in_round(w);
    if (rc == 0) {
        believe(w, &in, &r);
    } else if (rc > 0) {
        if (w->trouble[0] == '\0')
            w->trouble_sent = sent;
        trouble(w, hl_kind_name(in.kind), r.code, why.text);
    } else {
        snprintf(w->failure, sizeof(w->failure), "%s: %s (%s)", hl_kind_name(in.kind),
                 hl_strerror(rc), why.text);
    }
    return rc < 0 ? rc : 0;
}

/* No cmocka in threads (it is not thread-safe): the main thread judges afterwards. */
static void *trade(void *arg)
{
    struct worker *w = arg;
    while (!atomic_load(&stop_trading)) {
        if (worker_step(w) < 0) {
            w->failed = 1;
            w->failed_at = now_us();
            break;
        }
    }
    return NULL;
}

/* Keeps the answer to the reversal a session sends on its own before the next request. */
static void on_exchange(void *ctx, const struct hl_message *sent, const struct hl_response *r,
                        int rc, const struct ps_reason *why)
{
    struct worker *w = ctx;
    (void)rc;
    (void)why;
    if (sent->kind == HL_REVERSAL && r != NULL) {
        w->reversals++;
        memcpy(w->reversal_code, r->code, sizeof(w->reversal_code));
    }
}

static void worker_open(struct worker *w, unsigned index, uint64_t seed)
{
    memset(w, 0, sizeof(*w));
    w->index = index;
    w->rng = seed ^ ((uint64_t)index * 0x9E3779B97F4A7C15u);
    fleet_pan(FIRST_TERMINAL + index, w->pan);
    term_open(&w->t, &server, (int)(FIRST_TERMINAL + index), index % 4 == 3); /* some TLS */
    w->t.s.cfg.on_exchange = on_exchange;
    w->t.s.cfg.ctx = w;
    w->cap = 1024;
    w->approvals = calloc(w->cap, sizeof(*w->approvals));
    assert_non_null(w->approvals);
    w->start_balance = balance_of(&w->t, w->pan); /* and signs in */
}

static void worker_close(struct worker *w)
{
    term_close(&w->t);
    free(w->approvals);
}

/* ---- one kill ------------------------------------------------------------------------- */

/* Fails with what the journal says about the request the worker saw declined. */
static void fail_declined(struct worker *w, int cycle)
{
    struct txn_row row;
    const struct hl_message *m = &w->trouble_sent;
    static const enum txn_kind kinds[] = {
        [HL_PURCHASE] = TXN_PURCHASE, [HL_VOID] = TXN_VOID, [HL_REFUND] = TXN_REFUND};
    if (m->kind >= HL_PURCHASE && m->kind <= HL_REFUND &&
        journal_by_key(&server, w->t.t.tid, m->batch, m->stan, kinds[m->kind], &row) == 1)
        fail_msg("cycle %d: %s; the journal says: %s", cycle, w->trouble, row.reason);
    fail_msg("cycle %d: %s", cycle, w->trouble);
}

/* Lets the terminals trade for a random moment, then kills possumd under them. Returns
 * the number of requests made. */
static unsigned trade_then_kill(struct worker *workers, uint64_t *rng, int cycle)
{
    unsigned requests = 0, failed = 0;

    atomic_store(&stop_trading, 0);
    for (int i = 0; i < TERMINALS; i++) {
        workers[i].requests = 0;
        workers[i].failed = 0;
        assert_int_equal(pthread_create(&workers[i].thread, NULL, trade, &workers[i]), 0);
    }
    int ms = 500 + (int)random_below(rng, 1501); /* a random point under load */
    sleep_ms(ms);
    int64_t killed_at = now_us();
    possumd_kill(&server);
    atomic_store(&stop_trading, 1);
    for (int i = 0; i < TERMINALS; i++)
        pthread_join(workers[i].thread, NULL);

    for (int i = 0; i < TERMINALS; i++) {
        struct worker *w = &workers[i];
        if (w->trouble[0] != '\0')
            fail_declined(w, cycle);
        if (w->failed && w->failed_at < killed_at)
            fail_msg("cycle %d: terminal %s failed before the kill: %s", cycle, w->t.t.tid,
                     w->failure);
        requests += w->requests;
        failed += (unsigned)w->failed;
    }
    print_message("cycle %d: killed after %d ms under %u requests; %u terminals were cut off\n",
                  cycle, ms, requests, failed);
    assert_true(requests > TERMINALS); /* it was under load */
    return requests;
}

/* On disk, before possumd runs again: every approval a terminal holds is there,
 * approved, for its amount. What the terminals did not hear about may be there too (a
 * void committed whose answer was lost), so only what they did hear is required. */
static void approvals_are_on_disk(struct worker *workers, int cycle)
{
    struct store *s = possumd_store(&server);
    struct txn_row row;
    struct ps_reason why = {{0}};
    size_t checked = 0, voids = 0, refunds = 0;

    for (int i = 0; i < TERMINALS; i++) {
        for (size_t k = 0; k < workers[i].count; k++) {
            const struct approval *a = &workers[i].approvals[k];
            if (store_find_txn_by_rrn(s, a->rrn, &row, &why) != 1)
                fail_msg("cycle %d: terminal %s was approved %s RRN %s, which is not on disk",
                         cycle, workers[i].t.t.tid, hl_kind_name(a->kind), a->rrn);
            if (strcmp(row.response_code, "00") != 0 || row.amount != a->amount)
                fail_msg("cycle %d: RRN %s: on disk %s for %lld, the terminal got 00 for %lld",
                         cycle, a->rrn, row.response_code, (long long)row.amount,
                         (long long)a->amount);
            if (strcmp(row.status, "declined") == 0 || strcmp(row.status, "reversed") == 0 ||
                (a->voided && strcmp(row.status, "voided") != 0) || row.refunded < a->refunded)
                fail_msg("cycle %d: RRN %s is %s (refunded %lld) on disk; the terminal believes "
                         "%s (refunded %lld)",
                         cycle, a->rrn, row.status, (long long)row.refunded,
                         a->voided ? "voided" : "approved", (long long)a->refunded);
            checked++;
            voids += a->kind == HL_VOID;
            refunds += a->kind == HL_REFUND;
        }
    }
    store_close(s);
    print_message("cycle %d: all %zu approvals (%zu voids, %zu refunds) are on disk\n", cycle,
                  checked, voids, refunds);
}

static enum txn_kind txn_kind_of(enum hl_kind kind)
{
    return kind == HL_VOID ? TXN_VOID : kind == HL_REFUND ? TXN_REFUND : TXN_PURCHASE;
}

/* Whether the request a reversal was owed for had been committed (without its answer
 * reaching the terminal); if so the reversal must have undone it. */
static int reversal_undid_a_commit(const struct worker *w, const struct hl_message *orig, int cycle)
{
    struct txn_row row;
    if (journal_by_key(&server, w->t.t.tid, orig->batch, orig->stan, txn_kind_of(orig->kind),
                       &row) != 1)
        return 0; /* it died with possumd, before its commit */
    if (strcmp(row.response_code, "00") == 0 && strcmp(row.status, "reversed") != 0)
        fail_msg("cycle %d: terminal %s: its unanswered %s STAN %06u was approved and is "
                 "still %s after its reversal",
                 cycle, w->t.t.tid, hl_kind_name(orig->kind), (unsigned)orig->stan, row.status);
    return 1;
}

/* After the restart each terminal does what its rules say: the reversal it owes first
 * (answered 00: undone, or nothing to undo when possumd never committed the original),
 * then the settlement, which must balance without an upload; and its card holds what
 * it believes. */
static void terminals_recover(struct worker *workers, int cycle)
{
    struct hl_settlement settled;
    struct ps_reason why = {{0}};
    unsigned owed = 0, undone = 0;

    for (int i = 0; i < TERMINALS; i++) {
        struct worker *w = &workers[i];
        int was_owed = w->t.t.reversal_pending;
        struct hl_message orig = w->t.t.reversal;
        owed += (unsigned)was_owed;
        w->reversals = 0;
        term_reconnect(&w->t); /* its connection went with the old process */
        int rc = hl_session_prepare(&w->t.s, &why);
        if (rc != 0 || w->t.t.reversal_pending)
            fail_msg("cycle %d: terminal %s after the restart: %s (%s)", cycle, w->t.t.tid,
                     hl_strerror(rc), why.text);
        if (was_owed && (w->reversals == 0 || strcmp(w->reversal_code, "00") != 0))
            fail_msg("cycle %d: terminal %s: its reversal was answered '%s'", cycle, w->t.t.tid,
                     w->reversal_code);
        if (was_owed)
            undone += (unsigned)reversal_undid_a_commit(w, &orig, cycle);
        rc = hl_session_settle(&w->t.s, &settled, &why);
        if (rc != 0 || !settled.answer.balanced || settled.uploaded)
            fail_msg("cycle %d: terminal %s: settlement %s, code '%s', %s (%s)", cycle, w->t.t.tid,
                     hl_strerror(rc), settled.answer.code,
                     settled.answer.balanced ? "balanced" : "NOT balanced", why.text);
        int64_t balance = balance_of(&w->t, w->pan);
        if (balance != w->start_balance - w->spent)
            fail_msg("cycle %d: card of terminal %s holds %lld; it believes %lld - %lld = %lld",
                     cycle, w->t.t.tid, (long long)balance, (long long)w->start_balance,
                     (long long)w->spent, (long long)(w->start_balance - w->spent));
    }
    print_message("cycle %d: %u reversals were owed (%u undid a commit, %u found nothing to "
                  "undo); every batch settled balanced\n",
                  cycle, owed, undone, owed - undone);
}

/* Now that the reversals went, the journal agrees exactly with the terminals. */
static void journal_agrees(struct worker *workers, int cycle)
{
    struct store *s = possumd_store(&server);
    struct txn_row row;

    for (int i = 0; i < TERMINALS; i++) {
        for (size_t k = 0; k < workers[i].count; k++) {
            const struct approval *a = &workers[i].approvals[k];
            const char *want = a->voided ? "voided" : "approved";
            assert_int_equal(store_find_txn_by_rrn(s, a->rrn, &row, NULL), 1);
            if (strcmp(row.status, want) != 0 || row.refunded != a->refunded)
                fail_msg("cycle %d: RRN %s is %s, refunded %lld; the terminal believes %s, "
                         "refunded %lld",
                         cycle, a->rrn, row.status, (long long)row.refunded, want,
                         (long long)a->refunded);
        }
    }
    store_close(s);
}

static int compare_rrn(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* RRNs are unique per host: a restarted possumd goes on after the last one on disk. */
static void rrns_are_unique(struct worker *workers)
{
    size_t total = 0, at = 0;
    for (int i = 0; i < TERMINALS; i++)
        total += workers[i].count;
    char(*all)[13] = calloc(total, sizeof(*all));
    assert_non_null(all);
    for (int i = 0; i < TERMINALS; i++) {
        for (size_t k = 0; k < workers[i].count; k++)
            memcpy(all[at++], workers[i].approvals[k].rrn, sizeof(all[0]));
    }
    qsort(all, total, sizeof(all[0]), compare_rrn);
    for (size_t k = 1; k < total; k++) {
        if (strcmp(all[k - 1], all[k]) == 0)
            fail_msg("RRN %s was given to two approvals", all[k]);
    }
    free(all);
}

/* Sixteen terminals trade (purchases, voids, refunds) over TCP and TLS; possumd is
 * killed at a random moment, three times, and started again each time. */
static void kill_under_load_loses_no_approval(void **state)
{
    (void)state;
    static struct worker workers[TERMINALS];
    uint64_t seed = test_seed(), rng = seed;

    print_message("POSSUM_TEST_SEED=%llu\n", (unsigned long long)seed);
    for (int i = 0; i < TERMINALS; i++)
        worker_open(&workers[i], (unsigned)i, seed);
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
        trade_then_kill(workers, &rng, cycle);
        approvals_are_on_disk(workers, cycle);
        possumd_restart(&server);
        terminals_recover(workers, cycle);
        journal_agrees(workers, cycle);
    }
    rrns_are_unique(workers);
    for (int i = 0; i < TERMINALS; i++)
        worker_close(&workers[i]);
    possumd_stop(&server);
    test_passed = 1;
}

/* ---- durable without a clean stop -------------------------------------------------------- */

struct buyer {
    struct term t;
    char pan[20];
    pthread_t thread;
    int64_t start_balance;
    char rrn[DURABLE_EACH][13];
    int64_t amount[DURABLE_EACH];
    unsigned done;
    char failure[256];
};

static atomic_uint answered;

/* Purchases; the thread that receives the last answer of all kills possumd at once,
 * before anything else can happen. */
static void *buy(void *arg)
{
    struct buyer *b = arg;
    struct hl_message sent;
    struct hl_response r;

    for (unsigned k = 0; k < DURABLE_EACH; k++) {
        struct ps_reason why = {{0}};
        struct hl_card_input in = {
            .kind = HL_PURCHASE, .pan = b->pan, .pin = PIN, .amount = 100 + k};
        int rc = hl_session_card(&b->t.s, &in, &sent, &r, &why);
        if (rc != 0) {
            snprintf(b->failure, sizeof(b->failure), "purchase %u: %s, code '%s' (%.160s)", k,
                     hl_strerror(rc), r.code, why.text);
            break;
        }
        snprintf(b->rrn[k], sizeof(b->rrn[k]), "%s", r.rrn);
        b->amount[k] = in.amount;
        b->done++;
        if (atomic_fetch_add(&answered, 1) + 1 == DURABLE_TERMINALS * DURABLE_EACH)
            kill(server.pid, SIGKILL);
    }
    return NULL;
}

static void thousand_purchases_survive_sigkill(void **state)
{
    (void)state;
    static struct buyer buyers[DURABLE_TERMINALS];
    struct hl_settlement settled;
    struct ps_reason why = {{0}};
    struct txn_row row;

    atomic_store(&answered, 0);
    for (int i = 0; i < DURABLE_TERMINALS; i++) {
        struct buyer *b = &buyers[i];
        memset(b, 0, sizeof(*b));
        fleet_pan((unsigned)(FIRST_TERMINAL + 100 + i), b->pan);
        term_open(&b->t, &server, FIRST_TERMINAL + 100 + i, i % 2);
        b->start_balance = balance_of(&b->t, b->pan);
    }
    for (int i = 0; i < DURABLE_TERMINALS; i++)
        assert_int_equal(pthread_create(&buyers[i].thread, NULL, buy, &buyers[i]), 0);
    for (int i = 0; i < DURABLE_TERMINALS; i++)
        pthread_join(buyers[i].thread, NULL);
    possumd_kill(&server); /* reaps it (already killed by the last buyer) */
    for (int i = 0; i < DURABLE_TERMINALS; i++) {
        if (buyers[i].failure[0] != '\0')
            fail_msg("terminal %s: %s", buyers[i].t.t.tid, buyers[i].failure);
    }
    assert_int_equal(atomic_load(&answered), DURABLE_TERMINALS * DURABLE_EACH);

    struct store *s = possumd_store(&server); /* the disk, with possumd dead */
    for (int i = 0; i < DURABLE_TERMINALS; i++) {
        for (unsigned k = 0; k < DURABLE_EACH; k++) {
            if (store_find_txn_by_rrn(s, buyers[i].rrn[k], &row, NULL) != 1)
                fail_msg("approved purchase RRN %s is not on disk", buyers[i].rrn[k]);
            assert_string_equal(row.status, "approved");
            assert_int_equal(row.amount, buyers[i].amount[k]);
        }
    }
    store_close(s);

    possumd_restart(&server);
    for (int i = 0; i < DURABLE_TERMINALS; i++) {
        struct buyer *b = &buyers[i];
        int64_t paid = DURABLE_EACH * 100 + DURABLE_EACH * (DURABLE_EACH - 1) / 2;
        term_reconnect(&b->t);
        assert_int_equal(hl_session_settle(&b->t.s, &settled, &why), 0);
        assert_true(settled.answer.balanced);
        assert_int_equal(settled.answer.totals.domestic.debit_count, DURABLE_EACH);
        assert_int_equal(balance_of(&b->t, b->pan), b->start_balance - paid);
        term_close(&b->t);
    }
    possumd_stop(&server);
    test_passed = 1;
}

/* ---- no answer before the fsync ------------------------------------------------------------ */

/* The thread of possumd named name (its comm), or 0. */
static pid_t thread_named(pid_t pid, const char *name)
{
    char path[320], comm[32];
    pid_t found = 0;
    snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    assert_non_null(d);
    for (struct dirent *e; found == 0 && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "/proc/%d/task/%s/comm", (int)pid, e->d_name);
        FILE *f = fopen(path, "r");
        if (f != NULL && fgets(comm, sizeof(comm), f) != NULL &&
            strncmp(comm, name, strlen(name)) == 0)
            found = (pid_t)atoi(e->d_name);
        if (f != NULL)
            fclose(f);
    }
    closedir(d);
    return found;
}

/* A purchase made from a thread, and when its answer came. */
struct purchase {
    struct term *t;
    const char *pan;
    int rc;
    char rrn[13];
    _Atomic int64_t answered_at; /* 0 until the answer was read */
};

static void *purchase_now(void *arg)
{
    struct purchase *p = arg;
    struct hl_card_input in = {.kind = HL_PURCHASE, .pan = p->pan, .pin = PIN, .amount = 4321};
    struct hl_message sent;
    struct hl_response r;
    struct ps_reason why = {{0}};
    p->rc = hl_session_card(&p->t->s, &in, &sent, &r, &why);
    snprintf(p->rrn, sizeof(p->rrn), "%s", r.rrn);
    atomic_store(&p->answered_at, now_us());
    return NULL;
}

/* What watching the writer thread saw. */
struct watch {
    int syncs;            /* fsync / fdatasync calls entered */
    int64_t entered[16];  /* when each was entered */
    int64_t returned[16]; /* when each returned; 0 if it had not */
    int answered_in_hold; /* the answer came while the first sync was held */
    int lost;             /* possumd died, or the watch timed out */
};

static int is_sync(unsigned long long nr)
{
    return nr == SYS_fdatasync || nr == SYS_fsync;
}

/* Runs the writer thread one syscall stop at a time until the purchase is answered,
 * holding the first fsync it enters for HOLD_MS. Detaches before returning. */
static void watch_writer(pid_t tid, struct purchase *p, struct watch *w)
{
    struct __ptrace_syscall_info info;
    int64_t deadline = now_us() + 15 * 1000000LL;
    int status, inject = 0, interrupted = 0, in_sync = 0;

    memset(w, 0, sizeof(*w));
    ptrace(PTRACE_SYSCALL, tid, 0, 0); /* it waits in the stop that attaching made */
    for (;;) {
        pid_t got = waitpid(tid, &status, __WALL | WNOHANG);
        if (got == 0) { /* running */
            if (!interrupted && (atomic_load(&p->answered_at) != 0 || now_us() > deadline)) {
                ptrace(PTRACE_INTERRUPT, tid, 0, 0); /* to detach, it must stop */
                interrupted = 1;
            }
            if (now_us() > deadline + 5000000) {
                w->lost = 1; /* it never stopped: leave it to the teardown's SIGKILL */
                return;
            }
            usleep(100);
            continue;
        }
        if (got < 0 || !WIFSTOPPED(status)) {
            w->lost = 1; /* gone */
            return;
        }
        inject = 0;
        if (WSTOPSIG(status) == (SIGTRAP | 0x80) &&
            ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info) > 0) {
            if (info.op == PTRACE_SYSCALL_INFO_ENTRY && is_sync(info.entry.nr) && w->syncs < 16) {
                w->entered[w->syncs++] = now_us();
                in_sync = 1;
                /* the writer is stuck in its commit: any answer now is early */
                if (w->syncs == 1) {
                    for (int ms = 0; ms < HOLD_MS; ms += 10)
                        sleep_ms(10);
                    w->answered_in_hold = atomic_load(&p->answered_at) != 0;
                }
            } else if (info.op == PTRACE_SYSCALL_INFO_EXIT && in_sync) {
                w->returned[w->syncs - 1] = now_us(); /* it runs on only when we let it */
                in_sync = 0;
            }
        } else if (status >> 16 != PTRACE_EVENT_STOP && WSTOPSIG(status) != SIGTRAP) {
            inject = WSTOPSIG(status); /* a real signal: deliver it */
        }
        if (interrupted) {
            w->lost = now_us() > deadline;
            ptrace(PTRACE_DETACH, tid, 0, inject);
            return;
        }
        ptrace(PTRACE_SYSCALL, tid, 0, inject);
    }
}

/* The writer thread commits; it is stopped, from outside, as it enters its fsync: the
 * terminal must hear nothing while it is held, and its answer must come after every
 * fsync the writer began before it. (A possumd that answered before committing, or
 * that committed without syncing, fails here.) */
static void no_answer_before_the_fsync(void **state)
{
    (void)state;
    struct term t;
    struct purchase p;
    struct watch w;
    pthread_t thread;
    char pan[20];

    fleet_pan(FIRST_TERMINAL + 150, pan);
    term_open(&t, &server, FIRST_TERMINAL + 150, 0);
    balance_of(&t, pan); /* signs in: the purchase below is the only work possumd has */
    if (harness_on_postgres()) {
        print_message("PostgreSQL: the server syncs, not possumd's writer; "
                      "no_answer_before_the_commit checks this instead: skipped\n");
        term_close(&t);
        test_passed = 1;
        skip();
    }
    pid_t writer = thread_named(server.pid, "possumd-writer");
    assert_true(writer > 0);
    if (ptrace(PTRACE_SEIZE, writer, 0, (void *)(long)PTRACE_O_TRACESYSGOOD) != 0) {
        print_message("cannot ptrace possumd here (%s): skipped\n", strerror(errno));
        term_close(&t);
        test_passed = 1;
        skip();
    }
    int status;
    assert_int_equal(ptrace(PTRACE_INTERRUPT, writer, 0, 0), 0);
    assert_int_equal(waitpid(writer, &status, __WALL), writer);

    memset(&p, 0, sizeof(p));
    p.t = &t;
    p.pan = pan;
    assert_int_equal(pthread_create(&thread, NULL, purchase_now, &p), 0);
    watch_writer(writer, &p, &w);
    pthread_join(thread, NULL);

    int64_t answer_at = atomic_load(&p.answered_at);
    if (w.syncs > 0)
        print_message("the first fsync held %d ms; %d before the answer, which came %lld us "
                      "after the first returned\n",
                      HOLD_MS, w.syncs, (long long)(answer_at - w.returned[0]));
    if (w.lost)
        fail_msg("lost the writer thread (possumd died, or no answer in 15 s)");
    if (w.syncs == 0)
        fail_msg("possumd answered before its writer entered fsync or fdatasync");
    if (w.answered_in_hold)
        fail_msg("the answer came while the commit's fsync was held");
    for (int i = 0; i < w.syncs; i++) {
        if (w.entered[i] < answer_at && (w.returned[i] == 0 || w.returned[i] > answer_at))
            fail_msg("the answer came before fsync %d returned", i + 1);
    }
    assert_int_equal(p.rc, 0);
    assert_string_equal(journal_by_rrn(&server, p.rrn).status, "approved");
    term_close(&t);
    possumd_stop(&server);
    test_passed = 1;
}

/* ---- no answer before the commit (PostgreSQL) ---------------------------------------- */

static void pg_ok(PGconn *c, const char *sql)
{
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
        fail_msg("postgres: %s: %s", sql, PQresultErrorMessage(res));
    PQclear(res);
}

/* Lock requests on txns that wait (possumd's insert, behind the test's lock). */
static int64_t waiting_on_txns(PGconn *c)
{
    PGresult *res = PQexec(c, "SELECT COUNT(*) FROM pg_locks"
                              " WHERE relation = 'txns'::regclass AND NOT granted");
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        fail_msg("postgres: pg_locks: %s", PQresultErrorMessage(res));
    int64_t n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return n;
}

/* The twin of no_answer_before_the_fsync on PostgreSQL, whose server does the syncing:
 * the test's own connection holds a SHARE lock on txns, so possumd's commit of the
 * purchase waits for it (the test sees it wait in pg_locks); the terminal must hear
 * nothing while it is held, and its answer must come after it is released. (A possumd
 * that answered before its commit ended fails here.) */
static void no_answer_before_the_commit(void **state)
{
    (void)state;
    struct term t;
    struct purchase p;
    pthread_t thread;
    char pan[20];

    if (!harness_on_postgres()) {
        print_message("SQLite: no_answer_before_the_fsync watches the writer's fsync: skipped\n");
        test_passed = 1;
        skip();
    }
    fleet_pan(FIRST_TERMINAL + 151, pan);
    term_open(&t, &server, FIRST_TERMINAL + 151, 0);
    balance_of(&t, pan); /* signs in: the purchase below is the only work possumd has */
    PGconn *c = PQconnectdb(server.conninfo);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("postgres: %s", PQerrorMessage(c));
    pg_ok(c, "BEGIN");
    pg_ok(c, "LOCK TABLE txns IN SHARE MODE");

    memset(&p, 0, sizeof(p));
    p.t = &t;
    p.pan = pan;
    assert_int_equal(pthread_create(&thread, NULL, purchase_now, &p), 0);
    int64_t deadline = now_ms() + 10000;
    while (waiting_on_txns(c) == 0 && atomic_load(&p.answered_at) == 0 && now_ms() < deadline)
        sleep_ms(10);
    int waited = waiting_on_txns(c) > 0;
    sleep_ms(HOLD_MS); /* the commit is stuck: any answer now is early */
    int answered_in_hold = atomic_load(&p.answered_at) != 0;
    int64_t released_at = now_us();
    pg_ok(c, "COMMIT");
    PQfinish(c);
    pthread_join(thread, NULL);

    int64_t answer_at = atomic_load(&p.answered_at);
    print_message("the commit held %d ms; the answer came %lld us after it was let go\n", HOLD_MS,
                  (long long)(answer_at - released_at));
    if (answered_in_hold)
        fail_msg("the answer came while the commit was held");
    if (!waited)
        fail_msg("possumd's commit never waited for the test's lock on txns");
    assert_true(answer_at > released_at);
    assert_int_equal(p.rc, 0);
    assert_string_equal(journal_by_rrn(&server, p.rrn).status, "approved");
    term_close(&t);
    possumd_stop(&server);
    test_passed = 1;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, start, finish)

int main(void)
{
    signal(SIGPIPE, SIG_IGN); /* TLS writes to a killed possumd */
    const struct CMUnitTest tests[] = {
        TEST(no_answer_before_the_fsync),
        TEST(no_answer_before_the_commit),
        TEST(thousand_purchases_survive_sigkill),
        TEST(kill_under_load_loses_no_approval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
