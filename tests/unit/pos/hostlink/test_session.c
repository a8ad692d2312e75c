/* The terminal's conversations against a scripted host thread on loopback: sign-in
 * before the first transaction, the reversal owed after a lost answer going first,
 * 77 answered by a new sign-in, a settlement the host calls not balanced followed by
 * the batch upload, an upload cut short sent on from where it stopped, and the
 * sign-off. */
#include "fixtures.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#include "pos/hostlink/session.h"

#define SILENT "--" /* the host does not answer */

struct host {
    int listen_fd;
    char port[8];
    pthread_t thread;
    const char *codes[8]; /* answers to card messages, reversals and sign-offs, in turn */
    int next_code;
    const char *upload_codes[8]; /* answers to batch-upload messages (0320), in turn */
    int next_upload;
    unsigned settle_result;
    char log[512]; /* the requests seen: "0800 0200 0400 ..." */
    size_t log_len;
};

static int read_full(int fd, uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t got = recv(fd, p, n, 0);
        if (got <= 0)
            return -1;
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

static void sign_in_fields(struct ps_iso_msg *m, const struct ps_iso_msg *req, void *ctx)
{
    (void)req;
    (void)ctx;
    struct ps_working_keys k;
    uint8_t tmk[16], f62[40];
    size_t n = 0;

    fx_keys(&k);
    unhex(FX_TMK_HEX, tmk, sizeof(tmk));
    assert_int_equal(ps_working_keys_wrap(&k, tmk, 16, f62, sizeof(f62), &n, NULL), 0);
    assert_int_equal(ps_iso_set(m, 62, f62, n, NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 60, "00000012003", NULL), 0);
}

static void settle_fields(struct ps_iso_msg *m, const struct ps_iso_msg *req, void *ctx)
{
    struct ps_cup_totals totals;
    assert_int_equal(ps_cup_totals_parse(ps_iso_get(req, 48), &totals, NULL), 0);
    totals.domestic.result = *(unsigned *)ctx;
    totals.foreign.result = *(unsigned *)ctx;
    assert_int_equal(ps_cup_totals_set(m, &totals, NULL), 0);
}

/* The next answer of a script: "00" once it runs out. */
static const char *next_of(const char *const *script, size_t len, int *next)
{
    const char *code = *next < (int)len && script[*next] != NULL ? script[*next] : "00";
    (*next)++;
    return code;
}

/* Answers one request frame (prefix included) on fd, as the script says. */
static void answer(struct host *h, int fd, const uint8_t *frame, size_t len)
{
    static uint8_t out[2 + PS_ISO_MAX_MESSAGE];
    static char rrn[13];
    struct fx_answer a = {.code = "00", .mac = 1, .rrn = rrn};
    char mti[5];

    snprintf(mti, sizeof(mti), "%02X%02X", frame[13], frame[14]);
    h->log_len += (size_t)snprintf(h->log + h->log_len, sizeof(h->log) - h->log_len,
                                   h->log_len ? " %s" : "%s", mti);
    snprintf(rrn, sizeof(rrn), "0100000000%02zu", h->log_len % 100);
    if (strcmp(mti, "0800") == 0) {
        a.mac = 0;
        a.extra = sign_in_fields;
    } else if (strcmp(mti, "0500") == 0) {
        a.extra = settle_fields;
        a.ctx = &h->settle_result;
    } else if (strcmp(mti, "0320") == 0) {
        a.code = next_of(h->upload_codes, PS_ARRAY_LEN(h->upload_codes), &h->next_upload);
    } else {
        a.code = next_of(h->codes, PS_ARRAY_LEN(h->codes), &h->next_code);
        a.auth = "AUTH01";
    }
    if (strcmp(a.code, SILENT) == 0)
        return;
    size_t n = fx_respond(frame, len, &a, out + 2, sizeof(out) - 2);
    ps_frame_put_prefix(out, n);
    assert_int_equal(send(fd, out, n + 2, MSG_NOSIGNAL), (ssize_t)(n + 2));
}

static void *serve(void *arg)
{
    struct host *h = arg;
    static uint8_t frame[2 + PS_ISO_MAX_MESSAGE];
    int fd;

    while ((fd = accept(h->listen_fd, NULL, NULL)) >= 0) {
        while (read_full(fd, frame, 2) == 0) {
            size_t len = (size_t)frame[0] << 8 | frame[1];
            if (len > PS_ISO_MAX_MESSAGE || read_full(fd, frame + 2, len) != 0)
                break;
            answer(h, fd, frame, len + 2);
        }
        close(fd);
    }
    return NULL;
}

static void host_start(struct host *h)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);

    h->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(bind(h->listen_fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(h->listen_fd, 4), 0);
    assert_int_equal(getsockname(h->listen_fd, (struct sockaddr *)&a, &len), 0);
    snprintf(h->port, sizeof(h->port), "%u", ntohs(a.sin_port));
    assert_int_equal(pthread_create(&h->thread, NULL, serve, h), 0);
}

static void host_stop(struct host *h)
{
    shutdown(h->listen_fd, SHUT_RDWR); /* wakes accept() */
    pthread_join(h->thread, NULL);
    close(h->listen_fd);
}

/* What the caller of a session hears. */
struct heard {
    int saves;
    char steps[256]; /* "sign_in:00 purchase:00 ..." */
    size_t len;
};

static int count_save(void *ctx, const struct hl_terminal *t)
{
    (void)t;
    ((struct heard *)ctx)->saves++;
    return 0;
}

static void note_exchange(void *ctx, const struct hl_message *sent, const struct hl_response *r,
                          int rc, const struct ps_reason *why)
{
    (void)why;
    struct heard *h = ctx;
    h->len +=
        (size_t)snprintf(h->steps + h->len, sizeof(h->steps) - h->len, "%s%s:%s", h->len ? " " : "",
                         hl_kind_name(sent->kind), r != NULL ? r->code : hl_strerror(rc));
}

static void session_start(struct hl_session *s, struct hl_terminal *t, struct host *h,
                          struct heard *heard)
{
    struct hl_session_config cfg = {
        .link = {.host = "127.0.0.1", .port = h->port},
        .timeout_ms = 300,
        .save = count_save,
        .on_exchange = note_exchange,
        .ctx = heard,
    };
    memset(heard, 0, sizeof(*heard));
    assert_int_equal(hl_session_init(s, t, &cfg, NULL), 0);
}

/* One conversation: the scripted host (script it before conv_start), a terminal of
 * the fixtures and its session, and the last request and answer of a card. */
struct conv {
    struct host h;
    struct hl_terminal t;
    struct hl_session s;
    struct heard heard;
    struct hl_message sent;
    struct hl_response r;
};

static void conv_start(struct conv *c, size_t cap, int signed_in)
{
    host_start(&c->h);
    fx_terminal(&c->t, cap, signed_in);
    session_start(&c->s, &c->t, &c->h, &c->heard);
}

static void conv_stop(struct conv *c)
{
    hl_session_cleanup(&c->s);
    hl_terminal_cleanup(&c->t);
    host_stop(&c->h);
}

static const struct hl_card_input purchase_of_10 = {
    .kind = HL_PURCHASE, .pan = FX_PAN, .pin = FX_PIN, .amount = 1000};

/* n purchases of 10.00, each approved. */
static void buy(struct conv *c, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(hl_session_card(&c->s, &purchase_of_10, &c->sent, &c->r, NULL), 0);
}

static void signs_in_before_the_first_purchase(void **state)
{
    (void)state;
    struct conv c = {.h = {.codes = {"00"}}};

    conv_start(&c, 10, 0);
    buy(&c, 1);
    assert_string_equal(c.heard.steps, "sign_in:00 purchase:00");
    assert_string_equal(c.h.log, "0800 0200");
    assert_int_equal(c.heard.saves, 4); /* before and after each request */
    assert_int_equal(c.t.batch.number, 12);
    assert_int_equal(c.t.batch.totals.domestic.debit_amount, 1000);
    assert_int_equal(c.sent.stan, 2);
    assert_false(c.t.reversal_pending);
    conv_stop(&c);
}

/* No answer: the reversal is owed, and goes before the next purchase. */
static void lost_answer_is_reversed_first(void **state)
{
    (void)state;
    struct conv c = {.h = {.codes = {SILENT, "00", "00"}}};
    struct ps_reason why;

    conv_start(&c, 10, 1);
    assert_int_equal(hl_session_card(&c.s, &purchase_of_10, &c.sent, &c.r, &why), PS_ETIMEDOUT);
    assert_string_equal(why.text, "receive: timed out");
    assert_true(c.t.reversal_pending);
    assert_string_equal(c.t.reversal.reason, "98");
    assert_int_equal(c.t.reversal.stan, 1);
    assert_int_equal(c.t.batch.count, 0);

    buy(&c, 1);
    assert_string_equal(c.heard.steps, "purchase:timed out reversal:00 purchase:00");
    assert_string_equal(c.h.log, "0200 0400 0200");
    assert_false(c.t.reversal_pending);
    assert_int_equal(c.sent.stan, 2);
    assert_int_equal(c.t.batch.totals.domestic.debit_count, 1);
    conv_stop(&c);
}

static void sign_in_again_then_retry(void **state)
{
    (void)state;
    struct conv c = {.h = {.codes = {"77", "00"}}};

    conv_start(&c, 10, 1);
    buy(&c, 1);
    assert_string_equal(c.heard.steps, "purchase:77 sign_in:00 purchase:00");
    assert_int_equal(c.t.batch.count, 1);
    conv_stop(&c);
}

static void unbalanced_settlement_uploads_the_batch(void **state)
{
    (void)state;
    struct conv c = {.h = {.settle_result = PS_CUP_SETTLE_UNBALANCED}};
    struct hl_settlement st;

    conv_start(&c, 20, 1);
    buy(&c, 9);
    assert_int_equal(hl_session_settle(&c.s, &st, NULL), 0);
    assert_false(st.answer.balanced);
    assert_true(st.uploaded);
    assert_int_equal(st.lines, 9);
    assert_string_equal(st.end.code, "00");
    assert_int_equal(st.end.lines, 9);
    assert_string_equal(c.h.log,
                        "0200 0200 0200 0200 0200 0200 0200 0200 0200 0500 0320 0320 0320");
    assert_true(c.t.batch.settled);

    /* the next purchase signs in first (a settled batch is closed) */
    c.h.settle_result = PS_CUP_SETTLE_BALANCED;
    buy(&c, 1);
    assert_int_equal(hl_session_settle(&c.s, &st, NULL), 0);
    assert_true(st.answer.balanced);
    assert_false(st.uploaded);
    assert_int_equal(st.answer.totals.domestic.debit_amount, 1000);
    conv_stop(&c);
}

/* The second upload message gets no answer, the next try is declined, the third
 * goes on from the ninth line: the host never sees a line twice. */
static void cut_upload_goes_on_from_its_cursor(void **state)
{
    (void)state;
    struct conv c = {
        .h = {.settle_result = PS_CUP_SETTLE_UNBALANCED, .upload_codes = {"00", SILENT, "96"}}};
    struct hl_settlement st;
    const char *last_two = "batch_upload:00 batch_upload_end:00";

    conv_start(&c, 20, 1);
    buy(&c, 9);
    assert_int_equal(hl_session_settle(&c.s, &st, NULL), PS_ETIMEDOUT);
    assert_true(c.t.batch.settled);
    assert_int_equal(st.lines, 8);
    assert_int_equal(st.cursor, 8);

    assert_int_equal(hl_session_upload(&c.s, &st, NULL), HL_DECLINED);
    assert_string_equal(st.end.code, "96");
    assert_int_equal(st.lines, 8); /* a declined message moves nothing on */
    assert_int_equal(st.cursor, 8);

    assert_int_equal(hl_session_upload(&c.s, &st, NULL), 0);
    assert_int_equal(st.lines, 9);
    assert_int_equal(st.cursor, 9);
    assert_string_equal(st.end.code, "00");
    assert_int_equal(st.end.lines, 9);
    assert_string_equal(c.heard.steps + c.heard.len - strlen(last_two), last_two);
    assert_string_equal(c.h.log, "0200 0200 0200 0200 0200 0200 0200 0200 0200 0500 "
                                 "0320 0320 0320 0320 0320");
    conv_stop(&c);
}

static void upload_needs_a_settled_batch(void **state)
{
    (void)state;
    struct conv c = {0};
    struct hl_settlement st = {0};
    struct ps_reason why;

    conv_start(&c, 10, 1);
    assert_int_equal(hl_session_upload(&c.s, &st, &why), PS_EINVAL);
    assert_string_equal(why.text, "batch upload: batch 000007 is not settled");
    assert_string_equal(c.h.log, ""); /* nothing was sent */
    conv_stop(&c);
}

/* After the settlement the terminal signs off; the next transaction signs in first. */
static void signs_off_after_settling(void **state)
{
    (void)state;
    struct conv c = {.h = {.settle_result = PS_CUP_SETTLE_BALANCED}};
    struct hl_settlement st;

    conv_start(&c, 10, 1);
    buy(&c, 1);
    assert_int_equal(hl_session_settle(&c.s, &st, NULL), 0);
    c.heard.saves = 0;
    assert_int_equal(hl_session_sign_off(&c.s, &c.r, NULL), 0);
    assert_string_equal(c.r.code, "00");
    assert_string_equal(c.t.signed_in_date, "");
    assert_int_equal(c.heard.saves, 2); /* before it leaves and after the answer */
    assert_string_equal(c.heard.steps, "purchase:00 settlement:00 sign_off:00");
    buy(&c, 1);
    assert_string_equal(c.h.log, "0200 0500 0820 0800 0200");
    conv_stop(&c);
}

static void sign_off_needs_keys(void **state)
{
    (void)state;
    struct conv c = {0};

    conv_start(&c, 10, 0);
    assert_int_equal(hl_session_sign_off(&c.s, &c.r, NULL), HL_SIGN_IN_FIRST);
    assert_string_equal(c.h.log, "");
    conv_stop(&c);
}

static void no_host(void **state)
{
    (void)state;
    struct conv c = {0};

    host_start(&c.h);
    host_stop(&c.h); /* the port is closed now */
    fx_terminal(&c.t, 10, 1);
    session_start(&c.s, &c.t, &c.h, &c.heard);
    assert_int_equal(hl_session_card(&c.s, &purchase_of_10, &c.sent, &c.r, NULL), PS_EIO);
    assert_false(c.t.reversal_pending); /* nothing left the terminal */
    assert_int_equal(hl_session_reverse(&c.s, &c.sent, &c.r, NULL), PS_EINVAL);
    hl_session_cleanup(&c.s);
    hl_terminal_cleanup(&c.t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signs_in_before_the_first_purchase),
        cmocka_unit_test(lost_answer_is_reversed_first),
        cmocka_unit_test(sign_in_again_then_retry),
        cmocka_unit_test(unbalanced_settlement_uploads_the_batch),
        cmocka_unit_test(cut_upload_goes_on_from_its_cursor),
        cmocka_unit_test(upload_needs_a_settled_batch),
        cmocka_unit_test(signs_off_after_settling),
        cmocka_unit_test(sign_off_needs_keys),
        cmocka_unit_test(no_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
