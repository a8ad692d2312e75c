/* Building requests: one function per message family, sharing the envelope, the
 * fields every message carries (11, 41, 42, 60) and the MAC. */
#include "pos/hostlink/requests.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/checks/paycode.h"
#include "core/checks/track.h"
#include "core/crypto/mac.h"
#include "core/crypto/pinblock.h"
#include "core/iso8583/cup_fields.h"

#define CURRENCY_CNY "156"
/* 53: 2 = ISO 9564 format 0 with the PAN, 6 = double-length 3DES, then zeros. */
#define SECURITY_CONTROL "2600000000000000"
#define MAC_FROM         (PS_FRAME_PREFIX + HL_TPDU_LEN + HL_HEADER_LEN) /* the MTI's offset */
#define AMOUNT_MAX       999999999999LL

/* What each card kind needs beyond the PAN (see hl_card_input in requests.h). */
enum { NEED_AMOUNT = 1, NEED_RRN = 2, NEED_AUTH = 4, NEED_ORIG = 8, NEED_DATE = 16 };
static const unsigned card_needs[HL_KIND_COUNT] = {
    [HL_PURCHASE] = NEED_AMOUNT,
    [HL_PREAUTH] = NEED_AMOUNT,
    [HL_VOID] = NEED_AMOUNT | NEED_RRN | NEED_ORIG,
    [HL_REFUND] = NEED_AMOUNT | NEED_RRN | NEED_DATE,
    [HL_PREAUTH_VOID] = NEED_AMOUNT | NEED_AUTH | NEED_DATE,
    [HL_COMPLETION] = NEED_AMOUNT | NEED_AUTH | NEED_DATE,
    [HL_COMPLETION_VOID] = NEED_AMOUNT | NEED_RRN | NEED_AUTH | NEED_ORIG,
};

static int given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* Copies s (when given) into a fixed array of cap bytes; callers checked the length. */
static void copy_text(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", given(s) ? s : "");
}

static int begin(const struct hl_terminal *t, struct ps_iso_msg *m, const char *mti, uint32_t stan,
                 struct ps_reason *why)
{
    int rc;

    ps_iso_init(m, &ps_iso_cup);
    memcpy(m->tpdu, t->tpdu, HL_TPDU_LEN);
    memcpy(m->header, t->header, HL_HEADER_LEN);
    if ((rc = ps_iso_set_mti(m, mti, why)) != 0 || (rc = ps_iso_set_u64(m, 11, stan, why)) != 0 ||
        (rc = ps_iso_set_str(m, 41, t->tid, why)) != 0)
        return rc;
    return ps_iso_set_str(m, 42, t->mid, why);
}

static int set_f60(struct ps_iso_msg *m, unsigned type, uint32_t batch, unsigned network,
                   struct ps_reason *why)
{
    struct ps_cup_f60 f = {
        .type_code = type, .batch = batch, .has_network_code = 1, .network_code = network};
    return ps_cup_f60_set(m, &f, why);
}

/* Packs the message into w->frame; with mac, field 64 is the UnionPay ECB MAC of the
 * bytes from the MTI up to field 64, which packing puts last. */
static int finish(struct hl_terminal *t, struct hl_wire *w, int mac, struct ps_reason *why)
{
    static const uint8_t zero_mac[PS_MAC_CUP_LEN];
    int rc;

    if (mac && (rc = ps_iso_set(&w->iso, 64, zero_mac, sizeof(zero_mac), why)) != 0)
        return rc;
    rc = ps_iso_pack(&w->iso, w->frame, sizeof(w->frame), &w->len, PS_ISO_FRAME, why);
    if (rc != 0 || !mac)
        return rc;
    return ps_mac_cup(t->mak, w->frame + MAC_FROM, w->len - MAC_FROM - PS_MAC_CUP_LEN,
                      w->frame + w->len - PS_MAC_CUP_LEN, why);
}

/* The start of *sent for a message of kind with STAN stan in the current batch. */
static void sent_begin(const struct hl_terminal *t, struct hl_message *sent, enum hl_kind kind,
                       uint32_t stan)
{
    memset(sent, 0, sizeof(*sent));
    sent->kind = kind;
    sent->stan = stan;
    sent->batch = t->batch.number;
}

/* 0800 / 0820: 11, 41, 42, 60 (00, batch, 003, 360 or 002), and 63 (the operator) at
 * sign-in and parameter download (both before working keys: no MAC), 64 at sign-off. */
static int management(struct hl_terminal *t, enum hl_kind kind, struct hl_message *sent,
                      struct hl_wire *w, struct ps_reason *why)
{
    const struct hl_kind_spec *s = hl_kind_spec(kind);
    int mac = kind == HL_SIGN_OFF;
    uint32_t stan = t->next_stan;
    int rc;

    if (mac && !t->has_keys)
        return HL_SIGN_IN_FIRST;
    if ((rc = begin(t, &w->iso, s->mti, stan, why)) != 0 ||
        (rc = set_f60(&w->iso, s->type_code, t->batch.number, s->network_code, why)) != 0)
        return rc;
    if (!mac && (rc = ps_iso_set_str(&w->iso, 63, t->operator_id, why)) != 0)
        return rc;
    if ((rc = finish(t, w, mac, why)) != 0)
        return rc;
    sent_begin(t, sent, kind, hl_terminal_take_stan(t));
    return PS_OK;
}

int hl_request_sign_in(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                       struct ps_reason *why)
{
    return management(t, HL_SIGN_IN, sent, w, why);
}

int hl_request_sign_off(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                        struct ps_reason *why)
{
    return management(t, HL_SIGN_OFF, sent, w, why);
}

int hl_request_params(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                      struct ps_reason *why)
{
    return management(t, HL_PARAMS, sent, w, why);
}

static int check_digits(const char *s, size_t min, size_t max, const char *what,
                        struct ps_reason *why)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return min == max ? ps_fail(why, PS_EINVAL, "%s: %zu digits; %zu expected", what, n, min)
                          : ps_fail(why, PS_EINVAL, "%s: %zu digits; %zu to %zu expected", what, n,
                                    min, max);
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return ps_fail(why, PS_EINVAL, "%s: character %zu is not a digit", what, i + 1);
    }
    return PS_OK;
}

static int check_text(const char *s, size_t len, const char *what, struct ps_reason *why)
{
    size_t n = strlen(s);
    if (n != len)
        return ps_fail(why, PS_EINVAL, "%s: %zu characters; %zu expected", what, n, len);
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x20 || s[i] > 0x7E)
            return ps_fail(why, PS_EINVAL, "%s: character %zu is not printable", what, i + 1);
    }
    return PS_OK;
}

/* A swiped card's track 2: as core/checks/track.h reads it, given without sentinels
 * (it goes into 35 as it is), naming the same card as pan when both are given. Fills
 * *track (OUT); the caller wipes it. */
static int check_track2(const struct hl_card_input *in, struct ps_track2 *track,
                        struct ps_reason *why)
{
    int rc = ps_track_parse(in->track2, strlen(in->track2), track, why);

    if (rc != 0)
        return rc == PS_ECHECK ? rc : PS_EINVAL;
    if (strcmp(track->data, in->track2) != 0)
        return ps_fail(why, PS_EINVAL, "track 2: give the data between the sentinels ';' '?'");
    if (given(in->pan) && strcmp(in->pan, track->pan) != 0)
        return ps_fail(why, PS_EINVAL, "track 2: its card number differs from the PAN given");
    return PS_OK;
}

/* A QR payment's code (59): a scheme's code, on a kind that may carry one, and
 * instead of a card, never beside one (possumd answers 30 to both). */
static int check_paycode(const struct hl_card_input *in, struct ps_reason *why)
{
    const char *name = hl_kind_name(in->kind);
    struct ps_reason cause;

    if (in->kind != HL_PURCHASE && in->kind != HL_VOID && in->kind != HL_REFUND)
        return ps_fail(why, PS_EINVAL,
                       "%s: a payment code (59) pays only a purchase, its void or refund", name);
    if (given(in->pan) || given(in->expiry) || given(in->track2) || given(in->pin))
        return ps_fail(why, PS_EINVAL,
                       "%s: a payment code (59) is sent instead of a card, "
                       "never with a PAN, expiry, track 2 or PIN",
                       name);
    if (ps_paycode_identify(in->paycode, strlen(in->paycode), NULL, &cause) != 0)
        return ps_fail(why, PS_EINVAL, "payment code (59): %s", cause.text);
    return PS_OK;
}

/* Checks that in carries what its kind needs, each in the form its field takes; a
 * swiped card's track 2 is read into *track (OUT, zeroed when not swiped). */
static int check_card_input(const struct hl_card_input *in, struct ps_track2 *track,
                            struct ps_reason *why)
{
    const char *name = hl_kind_name(in->kind);
    unsigned needs = card_needs[in->kind];
    int rc = 0;

    memset(track, 0, sizeof(*track));
    if (given(in->paycode) && (rc = check_paycode(in, why)) != 0)
        return rc;
    if (given(in->track2) && (rc = check_track2(in, track, why)) != 0)
        return rc;
    if (!given(in->pan) && !given(in->track2) && !given(in->paycode))
        return ps_fail(why, PS_EINVAL, "%s: the card number (PAN) or track 2 is required", name);
    if (given(in->pan) && (rc = check_digits(in->pan, PS_PAN_MIN, PS_PAN_MAX, "PAN", why)) != 0)
        return rc;
    if (given(in->expiry) && (rc = check_digits(in->expiry, 4, 4, "expiry", why)) != 0)
        return rc;
    if ((needs & NEED_AMOUNT) && (in->amount < 1 || in->amount > AMOUNT_MAX))
        return ps_fail(why, PS_EINVAL, "%s: amount %lld fen is outside 1..%lld", name,
                       (long long)in->amount, AMOUNT_MAX);
    if ((needs & NEED_RRN) && !given(in->rrn))
        return ps_fail(why, PS_EINVAL, "%s: the original's RRN is required", name);
    if (given(in->rrn) && (rc = check_text(in->rrn, 12, "RRN", why)) != 0)
        return rc;
    if ((needs & NEED_AUTH) && !given(in->auth_code))
        return ps_fail(why, PS_EINVAL, "%s: the pre-authorization's code is required", name);
    if (given(in->auth_code) && (rc = check_text(in->auth_code, 6, "authorization code", why)) != 0)
        return rc;
    if ((needs & NEED_ORIG) && (!in->has_original || in->orig_stan < 1))
        return ps_fail(why, PS_EINVAL, "%s: the original's batch and STAN are required", name);
    if ((needs & NEED_DATE) && !given(in->orig_date))
        return ps_fail(why, PS_EINVAL, "%s: the original's date (MMDD) is required", name);
    if (given(in->orig_date) && (rc = check_digits(in->orig_date, 4, 4, "original date", why)) != 0)
        return rc;
    if (in->orig_batch > 999999 || in->orig_stan > HL_STAN_MAX)
        return ps_fail(why, PS_EINVAL, "%s: original batch or STAN beyond 6 digits", name);
    return PS_OK;
}

/* 52 and 53: the PIN as an ISO 9564 format 0 block under the PIK. The clear block is
 * wiped before returning. */
static int set_pin(struct hl_terminal *t, struct ps_iso_msg *m, const char *pin, const char *pan,
                   struct ps_reason *why)
{
    uint8_t block[PS_PINBLOCK_LEN];
    int rc = ps_pinblock_build(PS_PINBLOCK_FORMAT0, pin, pan, NULL, block, why);
    if (rc == 0)
        rc = ps_pinblock_encrypt(t->pik, block, block, why);
    if (rc == 0)
        rc = ps_iso_set(m, 52, block, sizeof(block), why);
    if (rc == 0)
        rc = ps_iso_set_str(m, 53, SECURITY_CONTROL, why);
    OPENSSL_cleanse(block, sizeof(block));
    return rc;
}

/* 61 from the original references of *sent. */
static int set_f61(struct ps_iso_msg *m, const struct hl_message *sent, struct ps_reason *why)
{
    struct ps_cup_f61 f;

    memset(&f, 0, sizeof(f));
    f.batch = sent->orig_batch;
    f.stan = sent->orig_stan;
    f.has_date = sent->orig_date[0] != '\0';
    memcpy(f.date, sent->orig_date, sizeof(f.date));
    return ps_cup_f61_set(m, &f, why);
}

/* The card fields of a request (or of a reversal, which repeats its original's):
 * 2, 3, 4, 14, 22, 25, 37, 38, 49, 61, from *sent; for a swiped card (track2 not
 * NULL) 35 instead of 2 and 14, which possumd reads from it. A reversal passes NULL:
 * the track is not kept, and the host finds the original by its STAN anyway. A QR
 * payment sends its code (59) and no card at all. */
static int set_card_fields(struct ps_iso_msg *m, const struct hl_kind_spec *s,
                           const struct hl_message *sent, const char *track2, struct ps_reason *why)
{
    int rc;

    if (sent->paycode[0] != '\0')
        rc = ps_iso_set_str(m, 59, sent->paycode, why);
    else if (track2 != NULL)
        rc = ps_iso_set_str(m, 35, track2, why);
    else
        rc = ps_iso_set_str(m, 2, sent->pan, why);
    if (rc != 0 || (rc = ps_iso_set_str(m, 3, s->processing_code, why)) != 0 ||
        (rc = ps_iso_set_str(m, 22, sent->entry_mode, why)) != 0 ||
        (rc = ps_iso_set_str(m, 25, s->condition_code, why)) != 0 ||
        (rc = ps_iso_set_str(m, 49, CURRENCY_CNY, why)) != 0)
        return rc;
    if (sent->amount > 0 && (rc = ps_iso_set_u64(m, 4, (uint64_t)sent->amount, why)) != 0)
        return rc;
    if (track2 == NULL && sent->expiry[0] != '\0' &&
        (rc = ps_iso_set_str(m, 14, sent->expiry, why)) != 0)
        return rc;
    if (sent->rrn[0] != '\0' && (rc = ps_iso_set_str(m, 37, sent->rrn, why)) != 0)
        return rc;
    if (sent->auth_code[0] != '\0' && (rc = ps_iso_set_str(m, 38, sent->auth_code, why)) != 0)
        return rc;
    if (sent->has_original && (rc = set_f61(m, sent, why)) != 0)
        return rc;
    return PS_OK;
}

/* Why a card kind may not be sent now, as hl_request_card documents, or 0. */
static int card_blocked(const struct hl_terminal *t, enum hl_kind kind, struct ps_reason *why)
{
    const struct hl_kind_spec *s = hl_kind_spec(kind);

    if (s == NULL || !s->card)
        return ps_fail(why, PS_EINVAL, "%s is not a card transaction", hl_kind_name(kind));
    if (!t->has_keys || t->batch.settled)
        return HL_SIGN_IN_FIRST;
    if (s->financial && t->reversal_pending)
        return HL_REVERSAL_FIRST;
    if (s->financial && hl_batch_full(&t->batch))
        return HL_BATCH_FULL;
    return PS_OK;
}

/* 22: how the card was read (01 keyed, 02 swiped, 03 a payment code scanned), then 1
 * with a PIN, 2 without. */
static const char *entry_mode(const struct hl_card_input *in, int swiped)
{
    if (given(in->paycode))
        return "032";
    if (swiped)
        return given(in->pin) ? "021" : "022";
    return given(in->pin) ? "011" : "012";
}

/* *sent for in; a swiped card's PAN and expiry come from *track, the track stays out. */
static void card_sent(const struct hl_terminal *t, const struct hl_card_input *in,
                      const struct ps_track2 *track, struct hl_message *sent)
{
    int swiped = track->pan[0] != '\0';
    const char *mode = entry_mode(in, swiped);

    sent_begin(t, sent, in->kind, t->next_stan);
    sent->amount = in->kind == HL_BALANCE ? 0 : in->amount;
    copy_text(sent->pan, sizeof(sent->pan), swiped ? track->pan : in->pan);
    copy_text(sent->expiry, sizeof(sent->expiry), swiped ? track->expiry : in->expiry);
    copy_text(sent->paycode, sizeof(sent->paycode), in->paycode);
    copy_text(sent->entry_mode, sizeof(sent->entry_mode), mode);
    copy_text(sent->rrn, sizeof(sent->rrn), in->rrn);
    copy_text(sent->auth_code, sizeof(sent->auth_code), in->auth_code);
    sent->has_original = in->has_original || (card_needs[in->kind] & (NEED_ORIG | NEED_DATE));
    sent->orig_batch = in->orig_batch;
    sent->orig_stan = in->orig_stan;
    copy_text(sent->orig_date, sizeof(sent->orig_date), in->orig_date);
}

int hl_request_card(struct hl_terminal *t, const struct hl_card_input *in, struct hl_message *sent,
                    struct hl_wire *w, struct ps_reason *why)
{
    const struct hl_kind_spec *s = hl_kind_spec(in->kind);
    struct ps_iso_msg *m = &w->iso;
    struct ps_track2 track;
    int rc;

    memset(&track, 0, sizeof(track));
    if ((rc = card_blocked(t, in->kind, why)) != 0 || (rc = check_card_input(in, &track, why)) != 0)
        goto out;
    card_sent(t, in, &track, sent);
    if ((rc = begin(t, m, s->mti, sent->stan, why)) != 0 ||
        (rc = set_card_fields(m, s, sent, track.pan[0] != '\0' ? track.data : NULL, why)) != 0 ||
        (rc = set_f60(m, s->type_code, t->batch.number, s->network_code, why)) != 0 ||
        (rc = ps_iso_set_str(m, 63, t->operator_id, why)) != 0)
        goto out;
    if (given(in->pin) && (rc = set_pin(t, m, in->pin, sent->pan, why)) != 0)
        goto out;
    if ((rc = finish(t, w, 1, why)) != 0)
        goto out;
    hl_terminal_take_stan(t);
out:
    ps_track2_wipe(&track);
    return rc;
}

int hl_request_reversal(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                        struct ps_reason *why)
{
    const struct hl_message *orig = &t->reversal;
    const struct hl_kind_spec *s = hl_kind_spec(orig->kind);
    struct ps_iso_msg *m = &w->iso;
    int rc;

    if (!t->reversal_pending || s == NULL || !s->financial)
        return ps_fail(why, PS_EINVAL, "reversal: no reversal is pending");
    if (!t->has_keys)
        return HL_SIGN_IN_FIRST;
    /* 0400 repeats its original's card fields, STAN and 60.1 / 60.2; 39 says why. */
    if ((rc = begin(t, m, "0400", orig->stan, why)) != 0 ||
        (rc = set_card_fields(m, s, orig, NULL, why)) != 0 ||
        (rc = ps_iso_set_str(m, 39, orig->reason, why)) != 0 ||
        (rc = set_f60(m, s->type_code, orig->batch, 0, why)) != 0 ||
        (rc = finish(t, w, 1, why)) != 0)
        return rc;
    *sent = *orig;
    sent->kind = HL_REVERSAL;
    sent->reversed = orig->kind;
    return PS_OK;
}

/* The start of a settlement or upload message: 11, 41, 42, 60 (00, batch, network). */
static int batch_message(struct hl_terminal *t, enum hl_kind kind, struct ps_reason *why,
                         struct hl_wire *w)
{
    const struct hl_kind_spec *s = hl_kind_spec(kind);
    int rc;

    if (!t->has_keys)
        return HL_SIGN_IN_FIRST;
    if (t->reversal_pending)
        return HL_REVERSAL_FIRST;
    if ((rc = begin(t, &w->iso, s->mti, t->next_stan, why)) != 0)
        return rc;
    return set_f60(&w->iso, s->type_code, t->batch.number, s->network_code, why);
}

int hl_request_settlement(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                          struct ps_reason *why)
{
    struct ps_cup_totals totals = t->batch.totals;
    int rc;

    totals.domestic.result = PS_CUP_SETTLE_REQUEST;
    totals.foreign.result = PS_CUP_SETTLE_REQUEST;
    if ((rc = batch_message(t, HL_SETTLEMENT, why, w)) != 0 ||
        (rc = ps_cup_totals_set(&w->iso, &totals, why)) != 0 ||
        (rc = ps_iso_set_str(&w->iso, 49, CURRENCY_CNY, why)) != 0 ||
        (rc = ps_iso_set_str(&w->iso, 63, t->operator_id, why)) != 0 ||
        (rc = finish(t, w, 1, why)) != 0)
        return rc;
    sent_begin(t, sent, HL_SETTLEMENT, hl_terminal_take_stan(t));
    return PS_OK;
}

int hl_upload_remaining(const struct hl_terminal *t, size_t cursor)
{
    for (size_t i = cursor; i < t->batch.count; i++) {
        if (hl_record_uploads(&t->batch.records[i]))
            return 1;
    }
    return 0;
}

/* One upload line, n40: card type n2 (00 domestic, 01 foreign), STAN n6, PAN n20
 * left-aligned and zero-filled, amount n12. A QR payment is domestic and has no PAN:
 * its code stays out of the upload, the PAN's place is all zeros. */
static void upload_line(const struct hl_record *r, char out[41])
{
    const struct hl_message *m = &r->sent;
    char pan[21];
    size_t n = strlen(m->pan);

    memset(pan, '0', 20);
    memcpy(pan, m->pan, n < 20 ? n : 20);
    pan[20] = '\0';
    snprintf(out, 41, "%s%06u%s%012lld", hl_message_is_domestic(m) ? "00" : "01", (unsigned)m->stan,
             pan, (long long)m->amount);
}

int hl_request_upload(struct hl_terminal *t, size_t *cursor, struct hl_message *sent,
                      struct hl_wire *w, struct ps_reason *why)
{
    char f48[2 + HL_UPLOAD_LINES * 40 + 1];
    unsigned lines = 0;
    size_t i = *cursor;
    int rc;

    if (!hl_upload_remaining(t, i))
        return ps_fail(why, PS_EINVAL, "batch upload: no line is left to upload");
    for (; i < t->batch.count && lines < HL_UPLOAD_LINES; i++) {
        if (hl_record_uploads(&t->batch.records[i]))
            upload_line(&t->batch.records[i], f48 + 2 + 40 * lines++);
    }
    f48[0] = (char)('0' + lines / 10);
    f48[1] = (char)('0' + lines % 10);
    if ((rc = batch_message(t, HL_UPLOAD, why, w)) != 0 ||
        (rc = ps_iso_set(&w->iso, 48, f48, 2 + 40 * lines, why)) != 0 ||
        (rc = finish(t, w, 1, why)) != 0)
        return rc;
    sent_begin(t, sent, HL_UPLOAD, hl_terminal_take_stan(t));
    sent->lines = lines;
    *cursor = i;
    return PS_OK;
}

int hl_request_upload_end(struct hl_terminal *t, unsigned lines, struct hl_message *sent,
                          struct hl_wire *w, struct ps_reason *why)
{
    char f48[5];
    int rc;

    if (lines > 9999)
        return ps_fail(why, PS_EINVAL, "batch upload end: %u lines do not fit n4", lines);
    snprintf(f48, sizeof(f48), "%04u", lines);
    if ((rc = batch_message(t, HL_UPLOAD_END, why, w)) != 0 ||
        (rc = ps_iso_set_str(&w->iso, 48, f48, why)) != 0 || (rc = finish(t, w, 1, why)) != 0)
        return rc;
    sent_begin(t, sent, HL_UPLOAD_END, hl_terminal_take_stan(t));
    sent->lines = lines;
    return PS_OK;
}
