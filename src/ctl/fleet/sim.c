/* A simulated terminal: its connection (libevent, plain or TLS), its next request, and
 * how each answer counts. */
#include "ctl/fleet/sim.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "core/money.h"
#include "ctl/fleet/conn.h"
#include "pos/hostlink/responses.h"

#define PAUSE_MS         100 /* before reconnecting after a failed connection */
#define REVERSAL_TRIES   3   /* sends of one reversal before the terminal stops */
#define TERMINAL_IS_DONE 100 /* choose(): nothing left to send */

static void next_request(struct fleet_sim *s);

static void on_pause_over(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    next_request(arg);
}

/* Tells one of the first FLEET_PROBLEMS_SHOWN problems of the run on stderr. */
static void problem(struct fleet_sim *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct fleet_sim *s, const char *fmt, ...)
{
    char text[256];
    va_list ap;

    if (atomic_fetch_add(&s->loop->run->problems, 1) >= FLEET_PROBLEMS_SHOWN)
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    fprintf(stderr, "possumctl: fleet: terminal %s: %s\n", s->t.tid, text);
}

static void count(struct fleet_sim *s, enum fleet_counter c)
{
    fleet_count(&s->loop->stats, c);
}

/* A fleet terminal keeps no state between runs, yet possumd answers a request with the
 * key (terminal, batch, STAN, kind) of an earlier one as a retransmission: the sign-in
 * each run opens with (batch 0 to a terminal that remembers none) must not repeat the
 * last run's. So each terminal's STANs start at a number of its own, from the clock. */
static uint32_t first_stan(const struct fleet_run *run, unsigned index)
{
    uint64_t z = run->stan_salt + (uint64_t)index * 0x9E3779B97F4A7C15u;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return 1 + (uint32_t)((z ^ (z >> 31)) % HL_STAN_MAX);
}

int fleet_sim_init(struct fleet_sim *s, struct fleet_loop *l, unsigned index, struct ps_reason *why)
{
    const struct fleet_options *o = l->run->o;
    char tid[HL_TID_LEN + 1], mid[HL_MID_LEN + 1];
    unsigned long t = o->tid_first + index;

    memset(s, 0, sizeof(*s));
    s->loop = l;
    s->index = index;
    snprintf(tid, sizeof(tid), "%08lu", t);
    if (o->mid != NULL)
        snprintf(mid, sizeof(mid), "%s", o->mid);
    else
        fleet_demo_mid(t, mid);
    fleet_planner_init(&s->planner, index, o->seed);
    s->pause = evtimer_new(l->base, on_pause_over, s);
    if (s->pause == NULL)
        return ps_fail(why, PS_ENOMEM, "fleet: out of memory");
    int rc = hl_terminal_init(&s->t, tid, mid, o->tmk, o->batch_size, why);
    return rc != 0 ? rc : hl_terminal_set_stan(&s->t, first_stan(l->run, index), why);
}

static void close_connection(struct fleet_sim *s)
{
    fleet_conn_close(s->conn);
    s->conn = NULL;
}

void fleet_sim_cleanup(struct fleet_sim *s)
{
    close_connection(s);
    if (s->pause != NULL)
        event_free(s->pause);
    s->pause = NULL;
    hl_terminal_cleanup(&s->t);
}

static void done(struct fleet_sim *s)
{
    if (s->state == SIM_DONE)
        return;
    close_connection(s);
    evtimer_del(s->pause);
    s->state = SIM_DONE;
    if (--s->loop->active == 0)
        event_base_loopexit(s->loop->base, NULL);
}

void fleet_sim_abandon(struct fleet_sim *s)
{
    if (s->state == SIM_DONE)
        return;
    count(s, FLEET_ERRORS);
    problem(s, "had not settled when the run gave up");
    done(s);
}

/* Drops the connection and tries again, at once or after a pause (a failed
 * connection). After the deadline a failed connection ends the terminal: a host that
 * refuses connections then would only be asked again until the run gives up. */
static void reconnect(struct fleet_sim *s, int pause)
{
    struct timeval tv = {.tv_sec = 0, .tv_usec = pause ? PAUSE_MS * 1000 : 0};

    close_connection(s);
    if ((pause && s->loop->draining) || fleet_now_us() > s->loop->run->give_up_us) {
        fleet_sim_abandon(s);
        return;
    }
    s->state = SIM_PAUSED;
    evtimer_add(s->pause, &tv);
}

static int needs_sign_in(const struct fleet_sim *s)
{
    /* not the date: a run across midnight hears 77 and signs in then */
    return !s->t.has_keys || s->t.batch.settled || s->t.signed_in_date[0] == '\0';
}

/* Chooses the request after the last answer (sim.h has the order) and builds it into
 * the loop's scratch. Returns 0, TERMINAL_IS_DONE, or a builder's refusal. */
static int choose(struct fleet_sim *s, struct ps_reason *why)
{
    struct fleet_loop *l = s->loop;
    struct hl_wire *w = &l->wire;

    s->sent_card = 0;
    if (s->t.reversal_pending)
        return hl_request_reversal(&s->t, &s->sent, w, why);
    /* the upload follows its settlement before the sign-in that opens a new batch */
    if (s->uploading == 1 && hl_upload_remaining(&s->t, s->upload_cursor))
        return hl_request_upload(&s->t, &s->upload_cursor, &s->sent, w, why);
    if (s->uploading == 1) {
        s->uploading = 2;
        return hl_request_upload_end(&s->t, s->upload_lines, &s->sent, w, why);
    }
    if (l->draining && s->settled_at_end) /* and its upload, if any, sent */
        return TERMINAL_IS_DONE;
    if (needs_sign_in(s))
        return hl_request_sign_in(&s->t, &s->sent, w, why);
    if (l->draining || hl_batch_full(&s->t.batch))
        return hl_request_settlement(&s->t, &s->sent, w, why);
    fleet_plan_next(&s->planner, l->run->o, &s->t.batch, &s->plan);
    s->sent_card = 1;
    return hl_request_card(&s->t, &s->plan.in, &s->sent, w, why);
}

static void next_request(struct fleet_sim *s)
{
    struct ps_reason why;
    int rc;

    if (s->state == SIM_DONE)
        return;
    if (s->conn == NULL) {
        fleet_sim_start(s);
        return;
    }
    ps_reason_clear(&why);
    rc = choose(s, &why);
    if (rc == TERMINAL_IS_DONE) {
        done(s);
        return;
    }
    if (rc != 0) { /* a bug, not the host's doing: stop this terminal */
        count(s, FLEET_ERRORS);
        problem(s, "cannot build its next request: %s", why.text[0] ? why.text : hl_strerror(rc));
        done(s);
        return;
    }
    /* a reversal the host keeps refusing (96, A0...) would be sent forever */
    if (s->sent.kind == HL_REVERSAL && ++s->reversal_tries > REVERSAL_TRIES) {
        count(s, FLEET_ERRORS);
        problem(s, "reversal of %06u still owed after %d tries; the terminal stops",
                (unsigned)s->sent.stan, REVERSAL_TRIES);
        done(s);
        return;
    }
    if (hl_kind_is_financial(s->sent.kind))
        hl_terminal_arm_reversal(&s->t, &s->sent, HL_REVERSAL_NO_ANSWER);
    s->state = SIM_WAITING;
    s->sent_us = fleet_now_us();
    if (fleet_conn_send(s->conn, s->loop->wire.frame, s->loop->wire.len) != 0) {
        count(s, FLEET_ERRORS);
        problem(s, "connection: cannot send");
        reconnect(s, 1);
    }
}

/* A card transaction's answer against what the plan asked for. */
static void judge_card(struct fleet_sim *s, int rc, const struct hl_response *r, int counted)
{
    const struct fleet_plan *p = &s->plan;
    char amount[PS_MONEY_TEXT_MAX];

    if (strcmp(r->code, p->expect) == 0) {
        if (rc == HL_DECLINED && counted)
            count(s, FLEET_EXPECTED_DECLINES);
        return;
    }
    ps_money_format(p->in.amount, amount, sizeof(amount));
    count(s, rc == HL_DECLINED ? FLEET_UNEXPECTED_DECLINES : FLEET_ERRORS);
    problem(s, "%s %06u of %s on %s: %s (%s), expected %s", hl_kind_name(s->sent.kind),
            (unsigned)s->sent.stan, amount, p->pan, r->code, hl_response_meaning(r->code),
            p->expect);
}

/* A settlement's answer: the balance, and the upload when the host asks for it. */
static void judge_settlement(struct fleet_sim *s, int rc, const struct hl_response *r)
{
    if (s->loop->draining)
        s->settled_at_end = 1; /* once, whatever the answer: no endless retries */
    if (rc != 0) {
        count(s, FLEET_ERRORS);
        problem(s, "settlement of batch %06u: %s (%s)", (unsigned)s->sent.batch, r->code,
                hl_response_meaning(r->code));
        return;
    }
    count(s, FLEET_SETTLEMENTS);
    if (r->balanced)
        return;
    count(s, FLEET_UNBALANCED);
    problem(s, "batch %06u not balanced: domestic result %u, foreign %u; uploading it",
            (unsigned)s->sent.batch, r->totals.domestic.result, r->totals.foreign.result);
    s->uploading = 1;
    s->upload_cursor = 0;
    s->upload_lines = 0;
}

/* Any other message: sign-in, reversal, upload. */
static void judge_other(struct fleet_sim *s, int rc, const struct hl_response *r)
{
    enum hl_kind k = s->sent.kind;

    if (k == HL_UPLOAD && rc == 0)
        s->upload_lines += s->sent.lines;
    if (k == HL_UPLOAD_END)
        s->uploading = 0;
    if (rc == 0 || (k == HL_REVERSAL && strcmp(r->code, "25") == 0))
        return; /* 25: the host never saw what was reversed */
    count(s, FLEET_ERRORS);
    problem(s, "%s %06u: %s (%s)", hl_kind_name(k), (unsigned)s->sent.stan, r->code,
            hl_response_meaning(r->code));
    if (k == HL_SIGN_IN) /* it would only be refused again */
        done(s);
}

static void judge(struct fleet_sim *s, int rc, const struct hl_response *r,
                  const struct ps_reason *why, int64_t now)
{
    const struct fleet_run *run = s->loop->run;
    int counted = s->sent_us >= run->measure_from_us && now <= run->deadline_us;

    count(s, FLEET_ANSWERS);
    if (counted) {
        count(s, FLEET_REQUESTS);
        fleet_hist_add(&s->loop->stats.latency, (uint64_t)(now - s->sent_us));
        if (rc == 0)
            count(s, FLEET_APPROVED);
        else if (rc == HL_DECLINED)
            count(s, FLEET_DECLINED);
        if (rc == 0 && s->sent_card && s->sent.kind == HL_PURCHASE)
            count(s, FLEET_APPROVED_PURCHASES);
    }
    if (rc < 0) {
        count(s, FLEET_ERRORS);
        problem(s, "%s %06u: the answer cannot be used: %s", hl_kind_name(s->sent.kind),
                (unsigned)s->sent.stan, why->text);
    } else if (s->sent_card) {
        judge_card(s, rc, r, counted);
    } else if (s->sent.kind == HL_SETTLEMENT) {
        judge_settlement(s, rc, r);
    } else {
        judge_other(s, rc, r);
    }
}

static void on_answer(struct fleet_sim *s, const uint8_t *body, size_t len)
{
    struct fleet_loop *l = s->loop;
    struct hl_response r;
    struct ps_reason why;
    int64_t now = fleet_now_us();
    int rc;

    if (s->state != SIM_WAITING) {
        count(s, FLEET_ERRORS);
        problem(s, "an answer came with no request in flight");
        reconnect(s, 1);
        return;
    }
    ps_reason_clear(&why);
    rc = hl_response_read(&s->t, &s->sent, body, len, time(NULL), &l->rx, &r, &why);
    s->state = SIM_IDLE;
    if (!s->t.reversal_pending)
        s->reversal_tries = 0;
    judge(s, rc, &r, &why, now);
    if (s->state != SIM_IDLE)
        return;
    unsigned long pace = l->run->o->pace_ms;
    if (pace == 0 || l->draining) {
        next_request(s);
        return;
    }
    struct timeval tv = {(time_t)(pace / 1000), (suseconds_t)(pace % 1000) * 1000};
    evtimer_add(s->pause, &tv); /* a gentle terminal: on_pause_over sends the next */
}

static void on_frame(void *ctx, const uint8_t *body, size_t len)
{
    on_answer(ctx, body, len);
}

static void on_conn_event(void *ctx, enum fleet_conn_event ev, const char *detail)
{
    struct fleet_sim *s = ctx;

    if (ev == FLEET_CONN_UP) {
        s->state = SIM_IDLE;
        next_request(s);
        return;
    }
    count(s, FLEET_ERRORS);
    problem(s, "connection: %s", detail);
    /* a financial request in flight stays owed as a reversal (armed when it left) */
    reconnect(s, 1);
}

void fleet_sim_check_time(struct fleet_sim *s, int64_t now)
{
    unsigned long timeout_ms = s->loop->run->o->timeout_ms;
    int64_t since = s->state == SIM_WAITING ? s->sent_us : s->connect_us;

    if ((s->state != SIM_WAITING && s->state != SIM_CONNECTING) ||
        now - since <= (int64_t)timeout_ms * 1000)
        return;
    count(s, FLEET_ERRORS);
    count(s, FLEET_TIMEOUTS);
    if (s->state == SIM_WAITING)
        problem(s, "%s %06u: no answer within %lu ms", hl_kind_name(s->sent.kind),
                (unsigned)s->sent.stan, timeout_ms);
    else
        problem(s, "no connection within %lu ms", timeout_ms);
    /* as a lost connection: the request in flight stays owed as a reversal */
    reconnect(s, 0);
}

static const struct fleet_conn_handler handler = {on_conn_event, on_frame};

void fleet_sim_start(struct fleet_sim *s)
{
    const struct fleet_run *run = s->loop->run;
    /* round robin, and a terminal keeps its host: its batch lives there */
    const struct fleet_target *target = &run->targets[s->index % run->o->host_count];
    struct ps_reason why;

    s->state = SIM_CONNECTING;
    s->connect_us = fleet_now_us();
    if (fleet_conn_open(&s->conn, &s->loop->conns, run, target, &handler, s, &why) != 0) {
        count(s, FLEET_ERRORS);
        problem(s, "cannot connect: %s", why.text);
        reconnect(s, 1);
    }
}
