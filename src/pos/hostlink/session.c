/* The blocking conversations of one terminal: each request goes through exchange(),
 * which keeps the reversal rule and tells the caller. */
#include "pos/hostlink/session.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int hl_session_init(struct hl_session *s, struct hl_terminal *t,
                    const struct hl_session_config *cfg, struct ps_reason *why)
{
    memset(s, 0, sizeof(*s));
    s->t = t;
    s->cfg = *cfg;
    s->wire = malloc(sizeof(*s->wire));
    s->rx = malloc(PS_ISO_MAX_MESSAGE);
    if (s->wire == NULL || s->rx == NULL)
        return ps_fail(why, PS_ENOMEM, "session: out of memory");
    return PS_OK;
}

void hl_session_cleanup(struct hl_session *s)
{
    hl_link_close(s->link);
    free(s->wire);
    free(s->rx);
    memset(s, 0, sizeof(*s));
}

static int save(struct hl_session *s)
{
    return s->cfg.save != NULL ? s->cfg.save(s->cfg.ctx, s->t) : PS_OK;
}

static void tell(struct hl_session *s, const struct hl_message *sent, const struct hl_response *r,
                 int rc, const struct ps_reason *why)
{
    if (s->cfg.on_exchange != NULL)
        s->cfg.on_exchange(s->cfg.ctx, sent, r, rc, why);
}

static int is_code(const struct hl_response *r, const char *code)
{
    return strcmp(r->code, code) == 0;
}

/* Sends the frame built in s->wire for sent and reads the answer into r. A financial
 * request's reversal is armed once the link is up, just before it leaves; reading a
 * usable answer disarms it (hostlink/responses.h). */
/* Connects to the host, or to the first of the hosts that answers. */
static int dial(struct hl_session *s, struct ps_reason *why)
{
    int ms = s->cfg.connect_timeout_ms > 0 ? s->cfg.connect_timeout_ms : s->cfg.timeout_ms;
    int rc = PS_EIO;

    if (s->cfg.nlinks == 0)
        return hl_link_open(&s->link, &s->cfg.link, ms, why);
    for (size_t i = 0; i < s->cfg.nlinks && rc != 0; i++) /* why: the last one's fault */
        rc = hl_link_open(&s->link, &s->cfg.links[i], ms, why);
    return rc;
}

static int exchange(struct hl_session *s, const struct hl_message *sent, struct hl_response *r,
                    struct ps_reason *why)
{
    size_t len = 0;
    int rc = PS_OK;

    if (s->link == NULL)
        rc = dial(s, why);
    if (rc == 0 && hl_kind_is_financial(sent->kind))
        hl_terminal_arm_reversal(s->t, sent, HL_REVERSAL_NO_ANSWER);
    if (rc == 0)
        rc = save(s);
    if (rc == 0)
        rc = hl_link_send(s->link, s->wire->frame, s->wire->len, s->cfg.timeout_ms, why);
    if (rc == 0)
        rc = hl_link_recv(s->link, s->rx, PS_ISO_MAX_MESSAGE, &len, s->cfg.timeout_ms, why);
    if (rc != 0) {
        hl_link_close(s->link); /* a late answer must not be read as the next one's */
        s->link = NULL;
        tell(s, sent, NULL, rc, why);
        return rc;
    }
    rc = hl_response_read(s->t, sent, s->rx, len, time(NULL), &s->wire->iso, r, why);
    tell(s, sent, r, rc, why);
    int saved = save(s);
    return saved != 0 ? saved : rc;
}

int hl_session_sign_in(struct hl_session *s, struct hl_response *r, struct ps_reason *why)
{
    struct hl_message sent;
    int rc = hl_request_sign_in(s->t, &sent, s->wire, why);
    return rc != 0 ? rc : exchange(s, &sent, r, why);
}

int hl_session_params(struct hl_session *s, struct hl_response *r, struct ps_reason *why)
{
    struct hl_message sent;
    int rc = hl_request_params(s->t, &sent, s->wire, why);
    return rc != 0 ? rc : exchange(s, &sent, r, why);
}

/* The owed reversal, once more after a sign-in if the host asks for one (77). */
static int send_reversal(struct hl_session *s, struct hl_message *sent, struct hl_response *r,
                         struct ps_reason *why)
{
    int rc = PS_OK;

    for (int attempt = 0; attempt < 2; attempt++) {
        if (attempt > 0 && (rc = hl_session_sign_in(s, r, why)) != 0)
            return rc;
        if ((rc = hl_request_reversal(s->t, sent, s->wire, why)) != 0)
            return rc;
        rc = exchange(s, sent, r, why);
        if (rc != HL_DECLINED || !is_code(r, "77"))
            break;
    }
    return rc;
}

int hl_session_prepare(struct hl_session *s, struct ps_reason *why)
{
    struct hl_message sent;
    struct hl_response r;
    int rc;

    if (hl_terminal_needs_sign_in(s->t, time(NULL)) && (rc = hl_session_sign_in(s, &r, why)) != 0)
        return rc;
    if (!s->t->reversal_pending)
        return PS_OK;
    rc = send_reversal(s, &sent, &r, why);
    /* A reversal the host declined for good (25: it never saw the original) is done. */
    if (rc == HL_DECLINED && !s->t->reversal_pending)
        return PS_OK;
    return rc;
}

int hl_session_card(struct hl_session *s, const struct hl_card_input *in, struct hl_message *sent,
                    struct hl_response *r, struct ps_reason *why)
{
    int rc = PS_OK;

    memset(r, 0, sizeof(*r));
    /* A 77 answer forgot the sign-in date, so the second round signs in first. */
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((rc = hl_session_prepare(s, why)) != 0 ||
            (rc = hl_request_card(s->t, in, sent, s->wire, why)) != 0)
            return rc;
        rc = exchange(s, sent, r, why);
        if (rc != HL_DECLINED || !is_code(r, "77"))
            break;
    }
    return rc;
}

int hl_session_reverse(struct hl_session *s, struct hl_message *sent, struct hl_response *r,
                       struct ps_reason *why)
{
    int rc;

    memset(r, 0, sizeof(*r));
    if (!s->t->reversal_pending)
        return ps_fail(why, PS_EINVAL, "reversal: no reversal is owed");
    if (hl_terminal_needs_sign_in(s->t, time(NULL)) && (rc = hl_session_sign_in(s, r, why)) != 0)
        return rc;
    return send_reversal(s, sent, r, why);
}

int hl_session_upload(struct hl_session *s, struct hl_settlement *st, struct ps_reason *why)
{
    struct hl_message sent;
    int rc;

    if (!s->t->batch.settled)
        return ps_fail(why, PS_EINVAL, "batch upload: batch %06u is not settled",
                       (unsigned)s->t->batch.number);
    st->uploaded = 1;
    while (hl_upload_remaining(s->t, st->cursor)) {
        size_t next = st->cursor;
        if ((rc = hl_request_upload(s->t, &next, &sent, s->wire, why)) != 0 ||
            (rc = exchange(s, &sent, &st->end, why)) != 0)
            return rc;
        st->cursor = next; /* only lines the host took count as uploaded */
        st->lines += sent.lines;
    }
    if ((rc = hl_request_upload_end(s->t, st->lines, &sent, s->wire, why)) != 0)
        return rc;
    return exchange(s, &sent, &st->end, why);
}

int hl_session_sign_off(struct hl_session *s, struct hl_response *r, struct ps_reason *why)
{
    struct hl_message sent;
    int rc = hl_request_sign_off(s->t, &sent, s->wire, why);
    return rc != 0 ? rc : exchange(s, &sent, r, why);
}

int hl_session_settle(struct hl_session *s, struct hl_settlement *out, struct ps_reason *why)
{
    struct hl_message sent;
    int rc = PS_OK;

    memset(out, 0, sizeof(*out));
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((rc = hl_session_prepare(s, why)) != 0 ||
            (rc = hl_request_settlement(s->t, &sent, s->wire, why)) != 0)
            return rc;
        rc = exchange(s, &sent, &out->answer, why);
        if (rc != HL_DECLINED || !is_code(&out->answer, "77"))
            break;
    }
    if (rc != 0)
        return rc;
    if (!out->answer.has_totals)
        return ps_fail(why, PS_EFORMAT, "settlement: approved without the totals (48)");
    if (out->answer.totals.domestic.result == PS_CUP_SETTLE_UNBALANCED ||
        (out->answer.totals.has_foreign &&
         out->answer.totals.foreign.result == PS_CUP_SETTLE_UNBALANCED))
        return hl_session_upload(s, out, why);
    return PS_OK;
}
