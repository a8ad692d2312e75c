/* fixtures.h — what the hostlink tests share: a terminal with known keys, and a
 * stand-in for possumd that answers a request frame the way docs/protocol.md says
 * (echoed fields, the host's fields, field 64 under the same MAK). */
#ifndef POSSUM_TESTS_HOSTLINK_FIXTURES_H
#define POSSUM_TESTS_HOSTLINK_FIXTURES_H

#include "testing.h"

#include <stdio.h>

#include "core/crypto/mac.h"
#include "core/crypto/working_keys.h"
#include "core/iso8583/cup_fields.h"
#include "core/iso8583/iso8583.h"
#include "pos/hostlink/requests.h"
#include "pos/hostlink/responses.h"
#include "pos/hostlink/terminal.h"

#define FX_TID   "10000001"
#define FX_MID   "898100012340001"
#define FX_BATCH 7
#define FX_PAN   "6222020000000000018"
#define FX_PIN   "123456"
/* The sandbox TMK and two working keys (the PIK of working_keys' test vector). */
#define FX_TMK_HEX "0123456789ABCDEFFEDCBA9876543210"
#define FX_PIK_HEX "11223344556677888877665544332211"
#define FX_MAK_HEX "2233445566778899"

static inline void fx_keys(struct ps_working_keys *k)
{
    ps_working_keys_init(k, PS_WK_TDES);
    unhex(FX_PIK_HEX, k->pik, sizeof(k->pik));
    unhex(FX_MAK_HEX, k->mak, sizeof(k->mak));
}

/* A terminal of batch FX_BATCH with room for cap transactions; signed in today with
 * the fixture keys when signed_in. */
static inline void fx_terminal(struct hl_terminal *t, size_t cap, int signed_in)
{
    uint8_t tmk[16];
    struct ps_working_keys k;

    unhex(FX_TMK_HEX, tmk, sizeof(tmk));
    assert_int_equal(hl_terminal_init(t, FX_TID, FX_MID, tmk, cap, NULL), 0);
    hl_batch_reset(&t->batch, FX_BATCH);
    if (!signed_in)
        return;
    fx_keys(&k);
    assert_int_equal(hl_terminal_install_keys(t, &k, NULL), 0);
    ps_working_keys_cleanup(&k);
    hl_local_date(time(NULL), t->signed_in_date);
}

/* The MAC field 64 must hold for body[0..len) (TPDU onward, 64 last). */
static inline void fx_mac(const uint8_t *body, size_t len, uint8_t out[8])
{
    uint8_t mak[8];
    struct ps_cipher *c = NULL;

    unhex(FX_MAK_HEX, mak, sizeof(mak));
    assert_int_equal(ps_cipher_new(&c, PS_CIPHER_TDES, mak, 8, NULL), 0);
    assert_int_equal(ps_mac_cup(c, body + 11, len - 11 - 8, out, NULL), 0);
    ps_cipher_free(c);
}

/* How the stand-in host answers. */
struct fx_answer {
    const char *code;    /* 39 */
    const char *rrn;     /* 37, or NULL */
    const char *auth;    /* 38, or NULL */
    const char *date;    /* 13, "1124" when NULL */
    int mac;             /* sign the answer */
    int corrupt_mac;     /* flip a bit of field 64 after signing */
    uint32_t stan_delta; /* answer another STAN */
    /* adds the host's own fields (54, 48, 62 ...) */
    void (*extra)(struct ps_iso_msg *resp, const struct ps_iso_msg *req, void *ctx);
    void *ctx;
};

/* Answers the request frame req[0..req_len) into out (the body: TPDU onward) and
 * returns its length. */
static inline size_t fx_respond(const uint8_t *req, size_t req_len, const struct fx_answer *a,
                                uint8_t *out, size_t cap)
{
    static const int echoed[] = {2, 3, 4, 11, 14, 22, 25, 41, 42, 48, 49, 60, 61};
    struct ps_iso_msg *q = malloc(sizeof(*q)), *m = malloc(sizeof(*m));
    char mti[5];
    size_t len = 0;

    assert_non_null(q);
    assert_non_null(m);
    assert_int_equal(ps_iso_unpack(q, &ps_iso_cup, req, req_len, PS_ISO_FRAME, NULL), 0);
    ps_iso_init(m, &ps_iso_cup);
    memcpy(mti, q->mti, 5);
    mti[2] = (char)(mti[2] + 1);
    assert_int_equal(ps_iso_set_mti(m, mti, NULL), 0);
    memcpy(m->tpdu, q->tpdu, 1);
    memcpy(m->tpdu + 1, q->tpdu + 3, 2); /* addresses swapped */
    memcpy(m->tpdu + 3, q->tpdu + 1, 2);
    memcpy(m->header, q->header, 6);
    for (size_t i = 0; i < PS_ARRAY_LEN(echoed); i++) {
        const struct ps_iso_value *v = ps_iso_get(q, echoed[i]);
        if (v != NULL)
            assert_int_equal(ps_iso_set(m, echoed[i], v->ptr, v->len, NULL), 0);
    }
    if (a->stan_delta != 0) {
        uint64_t stan = 0;
        assert_int_equal(ps_iso_get_u64(q, 11, &stan), 0);
        assert_int_equal(ps_iso_set_u64(m, 11, stan + a->stan_delta, NULL), 0);
    }
    assert_int_equal(ps_iso_set_str(m, 12, "093000", NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 13, a->date != NULL ? a->date : "1124", NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 39, a->code, NULL), 0);
    if (a->rrn != NULL)
        assert_int_equal(ps_iso_set_str(m, 37, a->rrn, NULL), 0);
    if (a->auth != NULL)
        assert_int_equal(ps_iso_set_str(m, 38, a->auth, NULL), 0);
    if (a->extra != NULL)
        a->extra(m, q, a->ctx);
    if (a->mac)
        assert_int_equal(ps_iso_set(m, 64, "\0\0\0\0\0\0\0\0", 8, NULL), 0);
    assert_int_equal(ps_iso_pack(m, out, cap, &len, PS_ISO_ENVELOPE, NULL), 0);
    if (a->mac)
        fx_mac(out, len, out + len - 8);
    if (a->corrupt_mac)
        out[len - 1] ^= 0x01;
    free(q);
    free(m);
    return len;
}

#endif
