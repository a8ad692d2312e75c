/* Card and hold rows in and out of the sandbox issuer: start-up loading checks every
 * field of a row (a database edited by hand must not start a host that decides on
 * nonsense), a card read again when hosts share the database, and the accessors give
 * the current state back as rows. */
#include "host/txn/sandbox_issuer.h"
#include "host/txn/sandbox_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/hex.h"
#include "host/store/store.h"

static const char *const card_status_names[] = {
    [SANDBOX_ACTIVE] = "active", [SANDBOX_LOST] = "lost", [SANDBOX_STOLEN] = "stolen"};

/* Whether text (an array of cap chars) holds a NUL, so it can be read as a string. */
static int terminated(const char *text, size_t cap)
{
    return memchr(text, '\0', cap) != NULL;
}

static int all_digits(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] < '0' || text[i] > '9')
            return 0;
    return text[len] == '\0';
}

/* 64 hex digits into 32 bytes. */
static int token_bytes(const char *hex, uint8_t out[SANDBOX_TOKEN_LEN])
{
    size_t got = 0;
    if (strlen(hex) != 2 * SANDBOX_TOKEN_LEN ||
        ps_hex_decode(hex, strlen(hex), out, SANDBOX_TOKEN_LEN, &got, NULL) != 0 ||
        got != SANDBOX_TOKEN_LEN)
        return PS_EFORMAT;
    return PS_OK;
}

static int card_status_of(const char *name, enum sandbox_card_status *out)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(card_status_names); i++)
        if (strcmp(name, card_status_names[i]) == 0) {
            *out = (enum sandbox_card_status)i;
            return PS_OK;
        }
    return PS_EFORMAT;
}

/* The text fields of a card row. */
static int card_texts(const struct card_row *row, struct sandbox_card *c, struct ps_reason *why)
{
    int64_t id = row->id;
    if (!terminated(row->token, sizeof(row->token)) || token_bytes(row->token, c->token) != 0)
        return ps_fail(why, PS_EFORMAT, "card %" PRId64 ": token is not 64 hex digits", id);
    if (!terminated(row->masked, sizeof(row->masked)))
        return ps_fail(why, PS_EFORMAT, "card %" PRId64 ": masked PAN is not terminated", id);
    memcpy(c->masked, row->masked, sizeof(c->masked));
    if (!terminated(row->status, sizeof(row->status)) ||
        card_status_of(row->status, &c->status) != 0)
        return ps_fail(why, PS_EFORMAT, "card %" PRId64 ": status is not active, lost or stolen",
                       id);
    int month = (row->expiry[2] - '0') * 10 + (row->expiry[3] - '0');
    if (!all_digits(row->expiry, 4) || month < 1 || month > 12)
        return ps_fail(why, PS_EFORMAT, "card %" PRId64 ": expiry is not YYMM", id);
    memcpy(c->expiry, row->expiry, sizeof(c->expiry));
    if (row->spent_date[0] != '\0' && !all_digits(row->spent_date, 8))
        return ps_fail(why, PS_EFORMAT, "card %" PRId64 ": spent date is not YYYYMMDD", id);
    memcpy(c->spent_date, row->spent_date, sizeof(c->spent_date));
    if (!terminated(row->pin_verifier, sizeof(row->pin_verifier)))
        return ps_fail(why, PS_EFORMAT, "card %" PRId64 ": PIN verifier is not terminated", id);
    c->has_pin = row->pin_verifier[0] != '\0';
    if (c->has_pin && token_bytes(row->pin_verifier, c->pin_verifier) != 0)
        return ps_fail(why, PS_EFORMAT, "card %" PRId64 ": PIN verifier is not 64 hex digits", id);
    return PS_OK;
}

/* The numbers of a card row. */
static int card_numbers(const struct card_row *row, struct sandbox_card *c, struct ps_reason *why)
{
    int64_t id = row->id;
    if (id <= 0)
        return ps_fail(why, PS_EINVAL, "card %" PRId64 ": id must be positive", id);
    if (row->kind != CARD_DEBIT && row->kind != CARD_CREDIT)
        return ps_fail(why, PS_EINVAL, "card %" PRId64 ": kind %d is neither debit nor credit", id,
                       row->kind);
    if (row->daily_limit < 0 || row->spent_today < 0 || row->pin_tries < 0)
        return ps_fail(why, PS_EINVAL,
                       "card %" PRId64 ": daily limit, spending and PIN tries must not be "
                       "negative",
                       id);
    c->id = id;
    c->kind = row->kind;
    c->domestic = row->domestic;
    c->balance = row->balance;
    c->daily_limit = row->daily_limit;
    c->spent_today = row->spent_today;
    c->pin_tries = row->pin_tries;
    return PS_OK;
}

int sandbox_issuer_add_card(struct sandbox_issuer *s, const struct card_row *row,
                            struct ps_reason *why)
{
    struct sandbox_card c;
    const struct sandbox_card *other;

    memset(&c, 0, sizeof(c));
    int rc = card_numbers(row, &c, why);
    if (rc == 0)
        rc = card_texts(row, &c, why);
    if (rc != 0)
        return rc;
    if (sandbox__card_by_id(s, c.id) != NULL)
        return ps_fail(why, PS_EINVAL, "card %" PRId64 ": added twice", c.id);
    if ((other = sandbox__card_by_token(s, c.token)) != NULL)
        return ps_fail(why, PS_EINVAL, "card %" PRId64 ": same PAN token as card %" PRId64, c.id,
                       other->id);
    if (sandbox__insert_card(s, &c) != 0)
        return ps_fail(why, PS_ENOMEM, "card %" PRId64 ": out of memory", c.id);
    return PS_OK;
}

void sandbox_issuer_share(struct sandbox_issuer *s, struct store *reader)
{
    s->reader = reader;
}

int sandbox__refresh_card(struct sandbox_issuer *s, struct sandbox_card *c,
                          uint64_t committed_seq)
{
    struct card_row row;
    struct sandbox_card fresh;

    if (s->reader == NULL || c->changed_seq > committed_seq)
        return 0;
    memset(&fresh, 0, sizeof(fresh));
    if (store_find_card(s->reader, c->id, &row, NULL) != 1 ||
        card_numbers(&row, &fresh, NULL) != 0 || card_texts(&row, &fresh, NULL) != 0)
        return 0; /* decided on what memory holds, as without a reader */
    if (fresh.balance == c->balance && fresh.spent_today == c->spent_today &&
        strcmp(fresh.spent_date, c->spent_date) == 0 && fresh.daily_limit == c->daily_limit &&
        fresh.status == c->status && fresh.pin_tries == c->pin_tries)
        return 0;
    c->balance = fresh.balance;
    c->daily_limit = fresh.daily_limit;
    c->spent_today = fresh.spent_today;
    memcpy(c->spent_date, fresh.spent_date, sizeof(c->spent_date));
    c->status = fresh.status;
    c->pin_tries = fresh.pin_tries;
    return 1;
}

static int hold_status_of(const char *name, enum sandbox_hold_status *out)
{
    if (strcmp(name, "held") == 0)
        *out = SANDBOX_HELD;
    else if (strcmp(name, "completed") == 0)
        *out = SANDBOX_COMPLETED;
    else
        return PS_EFORMAT;
    return PS_OK;
}

int sandbox_issuer_add_hold(struct sandbox_issuer *s, const struct hold_row *row,
                            struct ps_reason *why)
{
    struct sandbox_hold h = {.id = row->id,
                             .card_id = row->card_id,
                             .txn_id = row->txn_id,
                             .amount = row->amount,
                             .created_us = row->created_us};

    if (row->id <= 0 || row->amount < 1)
        return ps_fail(why, PS_EINVAL, "hold %" PRId64 ": id and amount must be positive", h.id);
    if (sandbox__card_by_id(s, row->card_id) == NULL)
        return ps_fail(why, PS_EINVAL, "hold %" PRId64 ": card %" PRId64 " is not loaded", h.id,
                       h.card_id);
    if (!terminated(row->auth_code, sizeof(row->auth_code)) ||
        sandbox__parse_code(row->auth_code, &h.code) != 0)
        return ps_fail(why, PS_EFORMAT, "hold %" PRId64 ": authorization code is not 6 digits",
                       h.id);
    if (!terminated(row->status, sizeof(row->status)) || hold_status_of(row->status, &h.status))
        return ps_fail(why, PS_EFORMAT, "hold %" PRId64 ": status is not held or completed", h.id);
    if (sandbox__hold_by_code(s, h.card_id, h.code) != NULL)
        return ps_fail(why, PS_EINVAL, "hold %" PRId64 ": card %" PRId64 " already has code %s",
                       h.id, h.card_id, row->auth_code);
    if (sandbox__reserve_hold(s) != 0)
        return ps_fail(why, PS_ENOMEM, "hold %" PRId64 ": out of memory", h.id);
    sandbox__insert_hold(s, &h);
    sandbox__code_seen(s, h.code);
    return PS_OK;
}

int sandbox_issuer_card(const struct sandbox_issuer *s, int64_t card_id, struct card_row *out)
{
    const struct sandbox_card *c = sandbox__card_by_id(s, card_id);
    memset(out, 0, sizeof(*out));
    if (c == NULL)
        return 0;
    out->id = c->id;
    ps_hex_encode(c->token, SANDBOX_TOKEN_LEN, out->token);
    memcpy(out->masked, c->masked, sizeof(out->masked));
    out->kind = c->kind;
    out->domestic = c->domestic;
    out->balance = c->balance;
    out->daily_limit = c->daily_limit;
    out->spent_today = c->spent_today;
    memcpy(out->spent_date, c->spent_date, sizeof(out->spent_date));
    memcpy(out->expiry, c->expiry, sizeof(out->expiry));
    snprintf(out->status, sizeof(out->status), "%s", card_status_names[c->status]);
    if (c->has_pin)
        ps_hex_encode(c->pin_verifier, SANDBOX_TOKEN_LEN, out->pin_verifier);
    out->pin_tries = c->pin_tries;
    return 1;
}

int sandbox_issuer_hold(const struct sandbox_issuer *s, int64_t card_id, const char *auth_code,
                        struct hold_row *out)
{
    uint32_t code;
    const struct sandbox_hold *h = NULL;

    memset(out, 0, sizeof(*out));
    if (sandbox__parse_code(auth_code, &code) == 0)
        h = sandbox__hold_by_code(s, card_id, code);
    if (h == NULL)
        return 0;
    out->id = h->id;
    out->card_id = h->card_id;
    out->txn_id = h->txn_id;
    sandbox__code_text(h->code, out->auth_code);
    out->amount = h->amount;
    snprintf(out->status, sizeof(out->status), "%s", sandbox__hold_status_name(h->status));
    out->created_us = h->created_us;
    return 1;
}
