#include "pos/hostlink/terminal.h"

#include <string.h>

#include <openssl/crypto.h>

/* The envelope every request carries (docs/protocol.md, "Frame"): TPDU 60, destination
 * NII 0003 (possumd's address on a terminal network), source 0000 (the terminal);
 * header 60 31 00 00 00 00: application type 60, software version 31, terminal
 * status and processing request 0, reserved. possumd echoes the header and swaps the
 * TPDU addresses in its answers. */
static const uint8_t default_tpdu[HL_TPDU_LEN] = {0x60, 0x00, 0x03, 0x00, 0x00};
static const uint8_t default_header[HL_HEADER_LEN] = {0x60, 0x31, 0x00, 0x00, 0x00, 0x00};

/* Checks that s is exactly len printable ASCII characters, as 41 and 42 (an) carry. */
static int check_id(const char *s, size_t len, const char *what, struct ps_reason *why)
{
    size_t n = strlen(s);
    if (n != len)
        return ps_fail(why, PS_EINVAL, "%s: %zu characters; %zu expected", what, n, len);
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x20 || s[i] > 0x7E)
            return ps_fail(why, PS_EINVAL, "%s: character %zu is not printable ASCII", what, i + 1);
    }
    return PS_OK;
}

int hl_terminal_init(struct hl_terminal *t, const char *tid, const char *mid,
                     const uint8_t tmk[PS_WK_TMK_LEN], size_t batch_cap, struct ps_reason *why)
{
    int rc;

    memset(t, 0, sizeof(*t));
    ps_working_keys_init(&t->keys, PS_WK_TDES);
    if ((rc = check_id(tid, HL_TID_LEN, "TID", why)) != 0 ||
        (rc = check_id(mid, HL_MID_LEN, "MID", why)) != 0)
        return rc;
    memcpy(t->tid, tid, HL_TID_LEN + 1);
    memcpy(t->mid, mid, HL_MID_LEN + 1);
    memcpy(t->tmk, tmk, PS_WK_TMK_LEN);
    memcpy(t->operator_id, "001", 4);
    memcpy(t->tpdu, default_tpdu, sizeof(t->tpdu));
    memcpy(t->header, default_header, sizeof(t->header));
    t->next_stan = 1;
    return hl_batch_init(&t->batch, batch_cap, why);
}

static void drop_keys(struct hl_terminal *t)
{
    ps_cipher_free(t->pik);
    ps_cipher_free(t->mak);
    t->pik = NULL;
    t->mak = NULL;
    t->has_keys = 0;
    ps_working_keys_cleanup(&t->keys);
    ps_working_keys_init(&t->keys, PS_WK_TDES);
}

void hl_terminal_cleanup(struct hl_terminal *t)
{
    drop_keys(t);
    hl_batch_cleanup(&t->batch);
    OPENSSL_cleanse(t->tmk, sizeof(t->tmk));
    OPENSSL_cleanse(&t->reversal, sizeof(t->reversal));
}

int hl_terminal_install_keys(struct hl_terminal *t, const struct ps_working_keys *keys,
                             struct ps_reason *why)
{
    int rc;

    drop_keys(t);
    if (keys->scheme != PS_WK_TDES)
        return ps_fail(why, PS_EINVAL, "working keys: only the 3DES scheme is supported");
    t->keys = *keys;
    rc = ps_cipher_new(&t->pik, PS_CIPHER_TDES, t->keys.pik, 16, why);
    if (rc == 0)
        rc = ps_cipher_new(&t->mak, PS_CIPHER_TDES, t->keys.mak,
                           ps_working_keys_mak_len(PS_WK_TDES), why);
    if (rc != 0) {
        drop_keys(t);
        return rc;
    }
    t->has_keys = 1;
    return PS_OK;
}

uint32_t hl_terminal_take_stan(struct hl_terminal *t)
{
    uint32_t stan = t->next_stan;
    t->next_stan = stan >= HL_STAN_MAX ? 1 : stan + 1;
    return stan;
}

int hl_terminal_set_stan(struct hl_terminal *t, uint32_t stan, struct ps_reason *why)
{
    if (stan < 1 || stan > HL_STAN_MAX)
        return ps_fail(why, PS_EINVAL, "STAN %u is outside 1..%d", (unsigned)stan, HL_STAN_MAX);
    t->next_stan = stan;
    return PS_OK;
}

void hl_local_date(time_t now, char out[9])
{
    struct tm tm;
    if (localtime_r(&now, &tm) == NULL || strftime(out, 9, "%Y%m%d", &tm) != 8)
        out[0] = '\0';
}

int hl_terminal_needs_sign_in(const struct hl_terminal *t, time_t now)
{
    char today[9];

    if (!t->has_keys || t->batch.settled)
        return 1;
    hl_local_date(now, today);
    return strcmp(today, t->signed_in_date) != 0;
}

void hl_terminal_arm_reversal(struct hl_terminal *t, const struct hl_message *m, const char *reason)
{
    t->reversal = *m;
    memcpy(t->reversal.reason, reason, 2);
    t->reversal.reason[2] = '\0';
    t->reversal_pending = 1;
}

void hl_terminal_clear_reversal(struct hl_terminal *t)
{
    OPENSSL_cleanse(&t->reversal, sizeof(t->reversal));
    t->reversal_pending = 0;
}
