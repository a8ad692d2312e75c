/* The terminal's state in the database: the row, the batch's records, the secrets. */
#include "pos/app/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/crypto/cipher.h"
#include "core/hex.h"
#include "pos/app/qr.h"
#include "pos/app/schema.h"
#include "pos/db/db.h"
#include "pos/receipt/pan.h"

#define CARD_TEXT_MAX    32 /* "PAN=YYMM", or "qr:" and a payment code */
#define QR_PREFIX        "qr:"
#define MASKED_MAX       POS_QR_MASK_MAX /* a masked PAN (RCPT_PAN_TEXT_MAX) fits too */
#define SEALED_CARD_MAX  (POS_SEAL_OVERHEAD + 8 + CARD_TEXT_MAX)
#define WORKING_KEYS_LEN 24 /* PIK 16 + MAK 8, the 3DES scheme */

static const char *const status_names[] = {"", "approved", "voided", "reversed", "completed"};

/* ---- card numbers and payment codes, sealed ------------------------------------------ */

/* What paid m, sealed: its card as "PAN=YYMM", or a QR payment's code as "qr:CODE"
 * (a code pays once, but until the batch settles it is what a void or refund must
 * repeat, so it is kept as carefully as a card number). */
static int seal_card(const struct pos_keystore *ks, const struct hl_message *m,
                     uint8_t out[SEALED_CARD_MAX], size_t *len, struct ps_reason *why)
{
    char text[CARD_TEXT_MAX];
    int n = m->paycode[0] != '\0' ? snprintf(text, sizeof(text), QR_PREFIX "%s", m->paycode)
                                  : snprintf(text, sizeof(text), "%s=%s", m->pan, m->expiry);
    int rc = pos_keystore_seal(ks, "card", (const uint8_t *)text, (size_t)n, out, SEALED_CARD_MAX,
                               len, why);
    sodium_memzero(text, sizeof(text));
    return rc;
}

/* A payment code opened: "qr:" then at most 24 digits. */
static int open_paycode(const char *text, char code[25], struct ps_reason *why)
{
    size_t n = strlen(text);

    if (n < 1 || n > 24 || strspn(text, "0123456789") != n)
        return ps_fail(why, PS_EFORMAT, "a sealed payment code is not 1 to 24 digits");
    memcpy(code, text, n + 1);
    return PS_OK;
}

static int open_card(const struct pos_keystore *ks, const uint8_t *sealed, size_t len,
                     struct hl_message *m, struct ps_reason *why)
{
    uint8_t text[CARD_TEXT_MAX];
    size_t n = 0;
    int rc = pos_keystore_open(ks, "card", sealed, len, text, sizeof(text) - 1, &n, why);
    char *eq, *pan = m->pan, *expiry = m->expiry;

    pan[0] = expiry[0] = m->paycode[0] = '\0';
    if (rc != 0)
        return rc;
    text[n] = '\0';
    if (strncmp((char *)text, QR_PREFIX, strlen(QR_PREFIX)) == 0) {
        rc = open_paycode((char *)text + strlen(QR_PREFIX), m->paycode, why);
        sodium_memzero(text, sizeof(text));
        return rc;
    }
    eq = strchr((char *)text, '=');
    if (eq == NULL || eq - (char *)text > 19 || strlen(eq + 1) > 4)
        rc = ps_fail(why, PS_EFORMAT, "a sealed card is not PAN=YYMM");
    else {
        *eq = '\0';
        memcpy(pan, text, (size_t)(eq - (char *)text) + 1);
        memcpy(expiry, eq + 1, strlen(eq + 1) + 1);
    }
    sodium_memzero(text, sizeof(text));
    return rc;
}

/* The masked card number or payment code, for people reading the table. */
static void masked(const struct hl_message *m, char out[MASKED_MAX])
{
    if (m->paycode[0] != '\0')
        pos_qr_mask(m->paycode, out);
    else if (m->pan[0] == '\0' || rcpt_pan_mask(m->pan, out, NULL) != 0)
        out[0] = '\0';
}

/* ---- the reversal owed, as JSON --------------------------------------------------- */

static int take(char *dst, size_t cap, const char *src, struct ps_reason *why)
{
    if (strlen(src) >= cap)
        return ps_fail(why, PS_EFORMAT, "reversal: \"%s\" is too long", src);
    memcpy(dst, src, strlen(src) + 1);
    return PS_OK;
}

static enum hl_kind kind_named(const char *name)
{
    for (int k = HL_NONE + 1; k < HL_KIND_COUNT; k++) {
        if (strcmp(hl_kind_name((enum hl_kind)k), name) == 0)
            return (enum hl_kind)k;
    }
    return HL_NONE;
}

static char *reversal_json(const struct pos_keystore *ks, const struct hl_terminal *t,
                           struct ps_reason *why)
{
    const struct hl_message *m = &t->reversal;
    uint8_t sealed[SEALED_CARD_MAX];
    char hex[2 * SEALED_CARD_MAX + 1] = "", mask[MASKED_MAX];
    size_t n = 0;
    json_t *o;
    char *text;

    if (!t->reversal_pending)
        return strdup("");
    if ((m->pan[0] != '\0' || m->paycode[0] != '\0') && seal_card(ks, m, sealed, &n, why) != 0)
        return NULL;
    ps_hex_encode(sealed, n, hex);
    masked(m, mask);
    o = json_pack("{s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:s, s:s}", "kind",
                  hl_kind_name(m->kind), "stan", (json_int_t)m->stan, "batch", (json_int_t)m->batch,
                  "amount", (json_int_t)m->amount, "pan", mask, "card", hex, "entry_mode",
                  m->entry_mode, "rrn", m->rrn, "auth_code", m->auth_code, "has_original",
                  m->has_original, "orig_batch", (json_int_t)m->orig_batch, "orig_stan",
                  (json_int_t)m->orig_stan, "orig_date", m->orig_date, "reason", m->reason);
    text = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (text == NULL)
        ps_fail(why, PS_ENOMEM, "reversal: out of memory");
    return text;
}

static int reversal_from_json(const struct pos_keystore *ks, const char *text, struct hl_message *m,
                              struct ps_reason *why)
{
    const char *kind, *mask, *card, *entry, *rrn, *auth, *date, *reason;
    json_int_t stan, batch, amount, orig_batch, orig_stan;
    uint8_t sealed[SEALED_CARD_MAX];
    json_error_t err;
    size_t n = 0;
    int has_original, rc;
    json_t *o = json_loads(text, 0, &err);

    memset(m, 0, sizeof(*m));
    if (o == NULL ||
        json_unpack_ex(o, &err, 0,
                       "{s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I, "
                       "s:I, s:s, s:s}",
                       "kind", &kind, "stan", &stan, "batch", &batch, "amount", &amount, "pan",
                       &mask, "card", &card, "entry_mode", &entry, "rrn", &rrn, "auth_code", &auth,
                       "has_original", &has_original, "orig_batch", &orig_batch, "orig_stan",
                       &orig_stan, "orig_date", &date, "reason", &reason) != 0) {
        json_decref(o);
        return ps_fail(why, PS_EFORMAT, "the reversal owed: %s", err.text);
    }
    m->kind = kind_named(kind); /* the message as it was sent; the builder makes the 0400 */
    m->stan = (uint32_t)stan;
    m->batch = (uint32_t)batch;
    m->amount = amount;
    m->has_original = has_original;
    m->orig_batch = (uint32_t)orig_batch;
    m->orig_stan = (uint32_t)orig_stan;
    rc = hl_kind_is_financial(m->kind) && stan >= 1 && stan <= HL_STAN_MAX
             ? PS_OK
             : ps_fail(why, PS_EFORMAT, "the reversal owed: kind %s or STAN out of range", kind);
    if (rc == 0 && card[0] != '\0') {
        if (ps_hex_decode(card, strlen(card), sealed, sizeof(sealed), &n, NULL) != 0)
            rc = ps_fail(why, PS_EFORMAT, "the reversal owed: its card is not hex");
        else
            rc = open_card(ks, sealed, n, m, why);
    }
    if (rc == 0)
        rc = take(m->entry_mode, sizeof(m->entry_mode), entry, why);
    if (rc == 0)
        rc = take(m->rrn, sizeof(m->rrn), rrn, why);
    if (rc == 0)
        rc = take(m->auth_code, sizeof(m->auth_code), auth, why);
    if (rc == 0)
        rc = take(m->orig_date, sizeof(m->orig_date), date, why);
    if (rc == 0)
        rc = take(m->reason, sizeof(m->reason), reason, why);
    json_decref(o);
    return rc;
}

/* ---- the batch's records ------------------------------------------------------------ */

static int write_record(sqlite3 *db, const struct pos_keystore *ks, sqlite3_stmt *st, size_t idx,
                        const struct hl_record *r, struct ps_reason *why)
{
    const struct hl_message *m = &r->sent;
    uint8_t sealed[SEALED_CARD_MAX];
    char mask[MASKED_MAX];
    size_t n = 0;
    int rc = seal_card(ks, m, sealed, &n, why);

    if (rc != 0)
        return rc;
    masked(m, mask);
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)idx);
    sqlite3_bind_int64(st, 2, m->batch);
    sqlite3_bind_text(st, 3, hl_kind_name(m->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, m->stan);
    sqlite3_bind_int64(st, 5, m->amount);
    sqlite3_bind_text(st, 6, mask, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 7, sealed, (int)n, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, m->entry_mode, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, m->rrn, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, m->auth_code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 11, m->has_original);
    sqlite3_bind_int64(st, 12, m->orig_batch);
    sqlite3_bind_int64(st, 13, m->orig_stan);
    sqlite3_bind_text(st, 14, m->orig_date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 15, status_names[r->status], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 16, r->refunded);
    sqlite3_bind_text(st, 17, r->rrn, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 18, r->auth_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 19, r->date, -1, SQLITE_STATIC);
    return pos_app_step_done(db, st, "batch record", why);
}

/* The batch is small (at most 999 records): it is written whole, so the table is
 * always exactly the terminal's batch. */
static int write_records(sqlite3 *db, const struct pos_keystore *ks, const struct hl_batch *b,
                         struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, "DELETE FROM app_batch", &st, "batch", why);

    if (rc == 0)
        rc = pos_app_step_done(db, st, "batch", why);
    sqlite3_finalize(st);
    st = NULL;
    if (rc == 0)
        rc = pos_app_prepare(db,
                             "INSERT INTO app_batch (idx, batch, kind, stan, amount, pan_masked,"
                             " card_sealed, entry_mode, orig_rrn, orig_auth, has_original,"
                             " orig_batch, orig_stan, orig_date, status, refunded, rrn,"
                             " auth_code, date) VALUES"
                             " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             &st, "batch", why);
    for (size_t i = 0; rc == 0 && i < b->count; i++)
        rc = write_record(db, ks, st, i, &b->records[i], why);
    sqlite3_finalize(st);
    return rc;
}

static int column_copy(sqlite3_stmt *st, int col, char *dst, size_t cap, struct ps_reason *why)
{
    const char *s = pos_app_column_text(st, col);
    if (strlen(s) >= cap)
        return ps_fail(why, PS_EFORMAT, "batch: \"%s\" in column %d is too long", s, col + 1);
    memcpy(dst, s, strlen(s) + 1);
    return PS_OK;
}

/* The columns read_record() reads, in its order. */
#define RECORD_COLUMNS                                                                             \
    "batch, kind, stan, amount, card_sealed, entry_mode, orig_rrn, orig_auth, has_original,"       \
    " orig_batch, orig_stan, orig_date, status, refunded, rrn, auth_code, date"

static int read_record(const struct pos_keystore *ks, sqlite3_stmt *st, struct hl_record *r,
                       struct ps_reason *why)
{
    struct hl_message *m = &r->sent;
    const char *status = pos_app_column_text(st, 12);
    int rc;

    memset(r, 0, sizeof(*r));
    m->batch = (uint32_t)sqlite3_column_int64(st, 0);
    m->kind = kind_named(pos_app_column_text(st, 1));
    m->stan = (uint32_t)sqlite3_column_int64(st, 2);
    m->amount = sqlite3_column_int64(st, 3);
    m->has_original = sqlite3_column_int(st, 8);
    m->orig_batch = (uint32_t)sqlite3_column_int64(st, 9);
    m->orig_stan = (uint32_t)sqlite3_column_int64(st, 10);
    r->refunded = sqlite3_column_int64(st, 13);
    for (size_t i = 1; i < PS_ARRAY_LEN(status_names); i++) {
        if (strcmp(status, status_names[i]) == 0)
            r->status = (enum hl_record_status)i;
    }
    if (!hl_kind_is_financial(m->kind) || r->status == 0 || m->amount < 0)
        return ps_fail(why, PS_EFORMAT,
                       "batch: transaction %06u has kind, status or amount out of range",
                       (unsigned)m->stan);
    rc = open_card(ks, sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4), m, why);
    if (rc == 0)
        rc = column_copy(st, 5, m->entry_mode, sizeof(m->entry_mode), why);
    if (rc == 0)
        rc = column_copy(st, 6, m->rrn, sizeof(m->rrn), why);
    if (rc == 0)
        rc = column_copy(st, 7, m->auth_code, sizeof(m->auth_code), why);
    if (rc == 0)
        rc = column_copy(st, 11, m->orig_date, sizeof(m->orig_date), why);
    if (rc == 0)
        rc = column_copy(st, 14, r->rrn, sizeof(r->rrn), why);
    if (rc == 0)
        rc = column_copy(st, 15, r->auth_code, sizeof(r->auth_code), why);
    if (rc == 0)
        rc = column_copy(st, 16, r->date, sizeof(r->date), why);
    return rc;
}

static int read_records(sqlite3 *db, const struct pos_keystore *ks, struct hl_batch *b,
                        struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, "SELECT " RECORD_COLUMNS " FROM app_batch ORDER BY idx", &st,
                             "batch", why);
    int step = SQLITE_DONE;

    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (b->count == b->cap) {
            rc = ps_fail(why, PS_EFORMAT, "batch: more transactions than a batch holds");
            break;
        }
        rc = read_record(ks, st, &b->records[b->count], why);
        if (rc == 0)
            b->count++;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = pos_db_fail(db, "batch", why);
    sqlite3_finalize(st);
    return rc;
}

/* ---- the terminal's row ------------------------------------------------------------ */

int pos_state_activated(sqlite3 *db, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, "SELECT COUNT(*) FROM app_terminal", &st, "terminal", why);

    if (rc != 0)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = sqlite3_column_int(st, 0) > 0;
    else
        rc = pos_db_fail(db, "terminal", why);
    sqlite3_finalize(st);
    return rc;
}

int pos_state_create(sqlite3 *db, const struct pos_keystore *ks, const struct hl_terminal *t,
                     const struct pos_state_info *info, struct ps_reason *why)
{
    const struct pos_host_address *h = &info->host;
    sqlite3_stmt *st = NULL;
    int rc = pos_state_activated(db, why);

    if (rc < 0)
        return rc;
    if (rc > 0)
        return ps_fail(why, PS_EINVAL, "this terminal is activated already");
    rc = pos_db_exec(db, "BEGIN IMMEDIATE", why);
    if (rc != 0)
        return rc;
    rc = pos_app_prepare(db,
                         "INSERT INTO app_terminal (id, tid, mid, host, port, tls, ca_file,"
                         " insecure, tmk_kcv, activated_at, next_stan, signed_in_date, batch,"
                         " settled, reversal_pending, reversal, reversal_seq, next_receipt)"
                         " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '', 0, 0, 0, '', 0, 1)",
                         &st, "activation", why);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, t->tid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, t->mid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, h->host, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, h->port, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, h->tls);
        sqlite3_bind_text(st, 6, h->ca_file, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 7, h->insecure);
        sqlite3_bind_text(st, 8, info->tmk_kcv, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 9, info->activated_at);
        rc = pos_app_step_done(db, st, "activation", why);
    }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = pos_keystore_put(db, ks, "tmk", t->tmk, sizeof(t->tmk), why);
    if (rc == 0)
        return pos_db_exec(db, "COMMIT", why);
    pos_db_exec(db, "ROLLBACK", NULL);
    return rc;
}

static void copy_column(sqlite3_stmt *st, int col, char *dst, size_t cap)
{
    snprintf(dst, cap, "%s", pos_app_column_text(st, col));
}

/* The master key must still be the one activation stored: its check value says so. */
static int load_tmk(sqlite3 *db, const struct pos_keystore *ks, const char *kcv_hex,
                    uint8_t tmk[PS_WK_TMK_LEN], struct ps_reason *why)
{
    uint8_t kcv[3];
    char hex[7];
    size_t n = 0;
    int rc = pos_keystore_get(db, ks, "tmk", tmk, PS_WK_TMK_LEN, &n, why);

    if (rc == 0 && n != PS_WK_TMK_LEN)
        rc = ps_fail(why, PS_EFORMAT, "the stored master key is not 16 bytes");
    if (rc == 0 && (rc = ps_kcv(PS_CIPHER_TDES, tmk, PS_WK_TMK_LEN, kcv, 3, why)) == 0) {
        ps_hex_encode(kcv, 3, hex);
        if (strcmp(hex, kcv_hex) != 0)
            rc = ps_fail(why, PS_ECHECK, "the stored master key's check value is not %s", kcv_hex);
    }
    return rc;
}

static int load_keys(sqlite3 *db, const struct pos_keystore *ks, struct hl_terminal *t,
                     struct ps_reason *why)
{
    uint8_t clear[WORKING_KEYS_LEN];
    struct ps_working_keys keys;
    size_t n = 0;
    int rc = pos_keystore_get(db, ks, "working_keys", clear, sizeof(clear), &n, why);

    if (rc == PS_EUNDEFINED)
        return PS_OK; /* never signed in */
    if (rc == 0 && n != WORKING_KEYS_LEN)
        rc = ps_fail(why, PS_EFORMAT, "the stored working keys are not 24 bytes");
    if (rc == 0) {
        ps_working_keys_init(&keys, PS_WK_TDES);
        memcpy(keys.pik, clear, 16);
        memcpy(keys.mak, clear + 16, 8);
        rc = hl_terminal_install_keys(t, &keys, why);
        ps_working_keys_cleanup(&keys);
    }
    sodium_memzero(clear, sizeof(clear));
    return rc;
}

#define ROW_COLUMNS                                                                                \
    "tid, mid, host, port, tls, ca_file, insecure, tmk_kcv, activated_at, next_stan,"              \
    " signed_in_date, batch, settled, reversal_pending, reversal, reversal_seq, next_receipt"

/* The row into t (initialised here) and info. */
static int load_row(sqlite3 *db, const struct pos_keystore *ks, sqlite3_stmt *st, size_t batch_cap,
                    struct hl_terminal *t, struct pos_state_info *info, struct ps_reason *why)
{
    uint8_t tmk[PS_WK_TMK_LEN];
    int rc;

    copy_column(st, 2, info->host.host, sizeof(info->host.host));
    copy_column(st, 3, info->host.port, sizeof(info->host.port));
    info->host.tls = sqlite3_column_int(st, 4);
    copy_column(st, 5, info->host.ca_file, sizeof(info->host.ca_file));
    info->host.insecure = sqlite3_column_int(st, 6);
    copy_column(st, 7, info->tmk_kcv, sizeof(info->tmk_kcv));
    info->activated_at = sqlite3_column_int64(st, 8);
    info->reversal_seq = sqlite3_column_int64(st, 15);
    info->next_receipt = (uint32_t)sqlite3_column_int64(st, 16);
    rc = load_tmk(db, ks, info->tmk_kcv, tmk, why);
    if (rc == 0)
        rc = hl_terminal_init(t, pos_app_column_text(st, 0), pos_app_column_text(st, 1), tmk,
                              batch_cap, why);
    sodium_memzero(tmk, sizeof(tmk));
    if (rc == 0)
        rc = hl_terminal_set_stan(t, (uint32_t)sqlite3_column_int64(st, 9), why);
    if (rc != 0)
        return rc;
    copy_column(st, 10, t->signed_in_date, sizeof(t->signed_in_date));
    t->batch.number = (uint32_t)sqlite3_column_int64(st, 11);
    if (sqlite3_column_int(st, 13))
        rc = reversal_from_json(ks, pos_app_column_text(st, 14), &t->reversal, why);
    t->reversal_pending = rc == 0 && sqlite3_column_int(st, 13);
    if (rc == 0)
        rc = load_keys(db, ks, t, why);
    if (rc == 0)
        rc = read_records(db, ks, &t->batch, why);
    hl_batch_recount(&t->batch);
    t->batch.settled = sqlite3_column_int(st, 12);
    return rc;
}

static int batch_rows(sqlite3 *db, size_t *n, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, "SELECT COUNT(*) FROM app_batch", &st, "batch", why);

    *n = 0;
    if (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

int pos_state_load(sqlite3 *db, const struct pos_keystore *ks, size_t batch_cap,
                   struct hl_terminal *t, struct pos_state_info *info, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    size_t rows = 0;
    int rc, step;

    memset(t, 0, sizeof(*t));
    memset(info, 0, sizeof(*info));
    if ((rc = batch_rows(db, &rows, why)) != 0)
        return rc;
    if (rows > batch_cap) /* the limit went down while the batch was fuller */
        batch_cap = rows > HL_BATCH_LIMIT ? HL_BATCH_LIMIT : rows;
    rc = pos_app_prepare(db, "SELECT " ROW_COLUMNS " FROM app_terminal WHERE id = 1", &st,
                         "terminal", why);
    if (rc != 0)
        return rc;
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = load_row(db, ks, st, batch_cap, t, info, why);
    else if (step == SQLITE_DONE)
        rc = ps_fail(why, PS_EUNDEFINED, "this terminal is not activated");
    else
        rc = pos_db_fail(db, "terminal", why);
    sqlite3_finalize(st);
    return rc;
}

static int write_keys(sqlite3 *db, const struct pos_keystore *ks, const struct hl_terminal *t,
                      struct ps_reason *why)
{
    uint8_t clear[WORKING_KEYS_LEN];
    int rc;

    if (!t->has_keys)
        return pos_keystore_forget(db, "working_keys", why);
    memcpy(clear, t->keys.pik, 16);
    memcpy(clear + 16, t->keys.mak, 8);
    rc = pos_keystore_put(db, ks, "working_keys", clear, sizeof(clear), why);
    sodium_memzero(clear, sizeof(clear));
    return rc;
}

int pos_state_write(sqlite3 *db, const struct pos_keystore *ks, const struct hl_terminal *t,
                    int64_t reversal_seq, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    char *reversal = reversal_json(ks, t, why);
    int rc;

    if (reversal == NULL)
        return PS_ENOMEM;
    rc = pos_app_prepare(db,
                         "UPDATE app_terminal SET next_stan = ?, signed_in_date = ?, batch = ?,"
                         " settled = ?, reversal_pending = ?, reversal = ?, reversal_seq = ?"
                         " WHERE id = 1",
                         &st, "terminal", why);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, t->next_stan);
        sqlite3_bind_text(st, 2, t->signed_in_date, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, t->batch.number);
        sqlite3_bind_int(st, 4, t->batch.settled);
        sqlite3_bind_int(st, 5, t->reversal_pending);
        sqlite3_bind_text(st, 6, reversal, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 7, t->reversal_pending ? reversal_seq : 0);
        rc = pos_app_step_done(db, st, "terminal", why);
    }
    sqlite3_finalize(st);
    free(reversal);
    if (rc == 0)
        rc = write_keys(db, ks, t, why);
    if (rc == 0)
        rc = write_records(db, ks, &t->batch, why);
    return rc;
}

int pos_state_take_receipt(sqlite3 *db, uint32_t *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc;

    *out = 0;
    /* one statement, so two processes never take the same number */
    rc = pos_app_prepare(db,
                         "UPDATE app_terminal SET next_receipt ="
                         " CASE WHEN next_receipt >= 999999 THEN 1 ELSE next_receipt + 1 END"
                         " WHERE id = 1 RETURNING"
                         " CASE WHEN next_receipt = 1 THEN 999999 ELSE next_receipt - 1 END",
                         &st, "receipt number", why);
    if (rc != 0)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (uint32_t)sqlite3_column_int64(st, 0);
    else
        rc = pos_db_fail(db, "receipt number", why);
    sqlite3_finalize(st);
    return rc;
}

int pos_state_set_host(sqlite3 *db, const struct pos_host_address *h, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db,
                             "UPDATE app_terminal SET host = ?, port = ?, tls = ?, ca_file = ?,"
                             " insecure = ? WHERE id = 1",
                             &st, "host address", why);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, h->host, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, h->port, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, h->tls);
        sqlite3_bind_text(st, 4, h->ca_file, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, h->insecure);
        rc = pos_app_step_done(db, st, "host address", why);
    }
    sqlite3_finalize(st);
    return rc;
}
