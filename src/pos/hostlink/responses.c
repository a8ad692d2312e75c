/* Reading answers: unpack and match, verify the MAC, then act on what the host said. */
#include "pos/hostlink/responses.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto/mac.h"
#include "core/crypto/working_keys.h"

#define MAC_FROM (HL_TPDU_LEN + HL_HEADER_LEN) /* the MTI's offset in a frame body */

/* docs/protocol.md, "Response codes possumd sends". */
static const struct {
    const char *code;
    const char *meaning;
} meanings[] = {
    {"00", "approved"},
    {"03", "invalid merchant"},
    {"12", "invalid transaction"},
    {"13", "invalid amount"},
    {"14", "invalid card"},
    {"25", "original not found"},
    {"30", "format error"},
    {"41", "lost card"},
    {"43", "stolen card"},
    {"51", "insufficient funds"},
    {"54", "expired card"},
    {"55", "wrong PIN"},
    {"61", "over the daily limit"},
    {"75", "PIN tries exceeded"},
    {"77", "sign in again"},
    {"94", "duplicate"},
    {"96", "system error"},
    {"97", "terminal not registered"},
    {"A0", "MAC error"},
};

const char *hl_response_meaning(const char *code)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(meanings); i++) {
        if (strcmp(meanings[i].code, code) == 0)
            return meanings[i].meaning;
    }
    return "unknown response code";
}

/* Copies text field n of m into dst (cap bytes, NUL-terminated) when present and of a
 * length that fits; "" when absent. */
static int copy_field(const struct ps_iso_msg *m, int n, char *dst, size_t cap,
                      struct ps_reason *why)
{
    const struct ps_iso_value *v = ps_iso_get(m, n);
    dst[0] = '\0';
    if (v == NULL)
        return PS_OK;
    if (v->len >= cap)
        return ps_fail(why, PS_EFORMAT, "field %d: %u characters, at most %zu expected", n, v->len,
                       cap - 1);
    memcpy(dst, v->ptr, v->len);
    dst[v->len] = '\0';
    return PS_OK;
}

/* The response MTI of a request kind: the third digit plus one (0200 -> 0210). */
static void response_mti(const struct hl_message *sent, char out[5])
{
    const struct hl_kind_spec *s = hl_kind_spec(sent->kind);
    memcpy(out, s != NULL ? s->mti : "0400", 5);
    out[2] = (char)(out[2] + 1);
}

/* Checks that m answers sent: MTI, 11 and 41, and that 39 is there. */
static int check_match(const struct hl_terminal *t, const struct hl_message *sent,
                       const struct ps_iso_msg *m, struct ps_reason *why)
{
    char want[5];
    uint64_t stan = 0;

    response_mti(sent, want);
    if (strcmp(m->mti, want) != 0)
        return ps_fail(why, PS_EFORMAT, "MTI: %s answers %s, expected %s", m->mti,
                       hl_kind_name(sent->kind), want);
    if (ps_iso_get_u64(m, 11, &stan) != 0 || stan != sent->stan)
        return ps_fail(why, PS_EFORMAT, "field 11: not the request's STAN %06u",
                       (unsigned)sent->stan);
    if (!ps_iso_value_is(m, 41, t->tid))
        return ps_fail(why, PS_EFORMAT, "field 41: not this terminal's TID %s", t->tid);
    const struct ps_iso_value *rc = ps_iso_get(m, 39);
    if (rc == NULL || rc->len != 2)
        return ps_fail(why, PS_EFORMAT, "field 39: the response code is missing");
    return PS_OK;
}

/* Field 64 against the MAC of the body from the MTI to field 64 (packed last). */
static int check_mac(struct hl_terminal *t, const struct hl_message *sent,
                     const struct ps_iso_msg *m, const uint8_t *body, size_t len,
                     struct hl_response *out, struct ps_reason *why)
{
    uint8_t want[PS_MAC_CUP_LEN];
    const struct ps_iso_value *got = ps_iso_get(m, 64);
    int rc;

    if (got == NULL || !t->has_keys || sent->kind == HL_SIGN_IN || sent->kind == HL_PARAMS)
        return PS_OK;
    if (len < MAC_FROM + PS_MAC_CUP_LEN || got->len != PS_MAC_CUP_LEN)
        return ps_fail(why, PS_EFORMAT, "field 64: not 8 bytes at the end of the message");
    rc = ps_mac_cup(t->mak, body + MAC_FROM, len - MAC_FROM - PS_MAC_CUP_LEN, want, why);
    if (rc == 0 && (rc = ps_mac_verify(want, got->ptr, PS_MAC_CUP_LEN, NULL)) != 0)
        return ps_fail(why, rc, "field 64: MAC mismatch: the answer is not trusted");
    out->mac_verified = rc == 0;
    return rc;
}

/* 54: "1002" (account type, amount type: available) + "156" + C or D + n12. */
static int read_balance(const struct ps_iso_msg *m, struct hl_response *out, struct ps_reason *why)
{
    const struct ps_iso_value *v = ps_iso_get(m, 54);
    int64_t fen = 0;

    if (v == NULL)
        return PS_OK;
    if (v->len < 20 || (v->ptr[7] != 'C' && v->ptr[7] != 'D'))
        return ps_fail(why, PS_EFORMAT, "field 54: not 2 + 2 + 3 digits, C or D, 12 digits");
    for (size_t i = 8; i < 20; i++) {
        if (v->ptr[i] < '0' || v->ptr[i] > '9')
            return ps_fail(why, PS_EFORMAT, "field 54: the amount is not 12 digits");
        fen = fen * 10 + (v->ptr[i] - '0');
    }
    out->has_balance = 1;
    out->balance = v->ptr[7] == 'D' ? -fen : fen;
    return PS_OK;
}

/* 48 of a settlement answer (totals with results) or of an upload end (n4). */
static int read_f48(const struct hl_message *sent, const struct ps_iso_msg *m,
                    struct hl_response *out, struct ps_reason *why)
{
    const struct ps_iso_value *v = ps_iso_get(m, 48);
    uint64_t lines = 0;
    int rc;

    if (v == NULL)
        return PS_OK;
    if (sent->kind == HL_UPLOAD_END) {
        if (ps_iso_get_u64(m, 48, &lines) != 0 || lines > 9999)
            return ps_fail(why, PS_EFORMAT, "field 48: not the n4 count of lines uploaded");
        out->lines = (unsigned)lines;
        return PS_OK;
    }
    if (sent->kind != HL_SETTLEMENT)
        return PS_OK;
    if ((rc = ps_cup_totals_parse(v, &out->totals, why)) != 0)
        return rc;
    out->has_totals = 1;
    out->balanced =
        out->totals.domestic.result == PS_CUP_SETTLE_BALANCED &&
        (!out->totals.has_foreign || out->totals.foreign.result == PS_CUP_SETTLE_BALANCED);
    return PS_OK;
}

/* 62 of an approved parameter download (core/iso8583/cup_params.h). */
static int read_params(const struct hl_message *sent, const struct ps_iso_msg *m,
                       struct hl_response *out, struct ps_reason *why)
{
    const struct ps_iso_value *v = ps_iso_get(m, 62);
    if (sent->kind != HL_PARAMS || strcmp(out->code, "00") != 0)
        return PS_OK;
    if (v == NULL)
        return ps_fail(why, PS_EFORMAT, "parameter download approved without its values (62)");
    int rc = ps_cup_params_unpack(v->ptr, v->len, &out->params, why);
    out->has_params = rc == 0;
    return rc;
}

/* Every field the terminal reads into out. */
static int read_fields(const struct hl_message *sent, const struct ps_iso_msg *m,
                       struct hl_response *out, struct ps_reason *why)
{
    const struct ps_iso_value *f60 = ps_iso_get(m, 60);
    uint64_t amount = 0;
    int rc;

    memcpy(out->mti, m->mti, sizeof(out->mti));
    if ((rc = copy_field(m, 39, out->code, sizeof(out->code), why)) != 0 ||
        (rc = copy_field(m, 37, out->rrn, sizeof(out->rrn), why)) != 0 ||
        (rc = copy_field(m, 38, out->auth_code, sizeof(out->auth_code), why)) != 0 ||
        (rc = copy_field(m, 15, out->settle_date, sizeof(out->settle_date), why)) != 0 ||
        (rc = copy_field(m, 12, out->local_time, sizeof(out->local_time), why)) != 0 ||
        (rc = copy_field(m, 13, out->local_date, sizeof(out->local_date), why)) != 0)
        return rc;
    if (ps_iso_get_u64(m, 4, &amount) == 0) {
        out->has_amount = 1;
        out->amount = (int64_t)amount; /* 12 digits at most: fits */
    }
    if (f60 != NULL) {
        struct ps_cup_f60 f;
        if ((rc = ps_cup_f60_parse(f60, &f, why)) != 0)
            return rc;
        out->batch = f.batch;
    }
    if ((rc = read_balance(m, out, why)) != 0 || (rc = read_params(sent, m, out, why)) != 0)
        return rc;
    return read_f48(sent, m, out, why);
}

/* Sign-in approved: the keys of 62 under the TMK, the batch of 60.2, today's date. */
static int apply_sign_in(struct hl_terminal *t, const struct ps_iso_msg *m, time_t now,
                         const struct hl_response *r, struct ps_reason *why)
{
    const struct ps_iso_value *f62 = ps_iso_get(m, 62);
    struct ps_working_keys keys;
    int rc;

    if (f62 == NULL || ps_iso_get(m, 60) == NULL)
        return ps_fail(why, PS_EFORMAT, "sign-in approved without %s",
                       f62 == NULL ? "the working keys (62)" : "the batch (60)");
    rc = ps_working_keys_unwrap(PS_WK_TDES, t->tmk, sizeof(t->tmk), f62->ptr, f62->len, &keys, why);
    if (rc == 0)
        rc = hl_terminal_install_keys(t, &keys, why);
    ps_working_keys_cleanup(&keys);
    if (rc != 0)
        return rc;
    if (r->batch != t->batch.number || t->batch.settled)
        hl_batch_reset(&t->batch, r->batch);
    hl_local_date(now, t->signed_in_date);
    return PS_OK;
}

/* The batch record of an approved financial transaction. */
static void record_of(const struct hl_message *sent, const struct hl_response *r,
                      struct hl_record *rec)
{
    int keeps_sent_code = sent->kind == HL_COMPLETION || sent->kind == HL_COMPLETION_VOID ||
                          sent->kind == HL_PREAUTH_VOID;

    memset(rec, 0, sizeof(*rec));
    rec->sent = *sent;
    memcpy(rec->rrn, r->rrn, sizeof(rec->rrn));
    memcpy(rec->auth_code, keeps_sent_code ? sent->auth_code : r->auth_code,
           sizeof(rec->auth_code));
    memcpy(rec->date, r->local_date, sizeof(rec->date));
}

/* Whether an answer to a reversal leaves it owed: the host did not process it. */
static int reversal_still_owed(const char *code)
{
    return strcmp(code, "96") == 0 || strcmp(code, "A0") == 0 || strcmp(code, "77") == 0;
}

/* What an answer read and verified changes in the terminal. */
static int apply(struct hl_terminal *t, const struct hl_message *sent, const struct ps_iso_msg *m,
                 time_t now, const struct hl_response *r, struct ps_reason *why)
{
    int approved = strcmp(r->code, "00") == 0;
    struct hl_record rec;

    if (strcmp(r->code, "77") == 0)
        t->signed_in_date[0] = '\0';
    if (hl_kind_is_financial(sent->kind) && t->reversal_pending && t->reversal.stan == sent->stan &&
        t->reversal.kind == sent->kind)
        hl_terminal_clear_reversal(t);
    if (sent->kind == HL_REVERSAL && !reversal_still_owed(r->code)) {
        hl_terminal_clear_reversal(t);
        if (approved)
            hl_batch_reverse(&t->batch, sent->stan, NULL); /* absent: never recorded */
    }
    if (!approved)
        return PS_OK;
    if (hl_kind_is_financial(sent->kind)) {
        record_of(sent, r, &rec);
        hl_batch_record(&t->batch, &rec); /* room was checked when it was built */
    } else if (sent->kind == HL_SIGN_IN) {
        return apply_sign_in(t, m, now, r, why);
    } else if (sent->kind == HL_SETTLEMENT) {
        t->batch.settled = 1;
    } else if (sent->kind == HL_SIGN_OFF) {
        t->signed_in_date[0] = '\0';
    }
    return PS_OK;
}

int hl_response_read(struct hl_terminal *t, const struct hl_message *sent, const uint8_t *body,
                     size_t len, time_t now, struct ps_iso_msg *scratch, struct hl_response *out,
                     struct ps_reason *why)
{
    int rc;

    memset(out, 0, sizeof(*out));
    rc = ps_iso_unpack(scratch, &ps_iso_cup, body, len, PS_ISO_ENVELOPE, why);
    if (rc == 0)
        rc = check_match(t, sent, scratch, why);
    if (rc == 0)
        rc = check_mac(t, sent, scratch, body, len, out, why);
    if (rc == 0)
        rc = read_fields(sent, scratch, out, why);
    if (rc == 0)
        rc = apply(t, sent, scratch, now, out, why);
    if (rc != 0) {
        /* The host may have approved what it answered: owe its reversal. */
        if (hl_kind_is_financial(sent->kind))
            hl_terminal_arm_reversal(t, sent, HL_REVERSAL_TERMINAL_ERROR);
        return rc;
    }
    return strcmp(out->code, "00") == 0 ? PS_OK : HL_DECLINED;
}
