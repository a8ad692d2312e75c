/* Balance inquiries, sales and holds by PAN: the checks of sandbox_issuer.h, in its
 * order, then the approval. The clear PAN is read here (Luhn, token, masked form) and
 * goes nowhere else. */
#include "host/txn/sandbox_internal.h"

#include <string.h>

#include <openssl/crypto.h>

#include "core/checks/luhn.h"
#include "core/hex.h"

#define PAN_MIN 13
#define PAN_MAX 19

/* Finds the card of req->pan and fills res's card fields; 14 when the number is
 * malformed or unknown. */
static int find_card(const struct sandbox_issuer *s, const char *pan, const char *pan_token,
                     struct auth_result *res, struct sandbox_card **out /* OUT */)
{
    char token_hex[KEYS_TOKEN_HEX + 1];
    uint8_t token[SANDBOX_TOKEN_LEN];
    struct ps_reason luhn;
    size_t got = 0;

    *out = NULL;
    if (pan == NULL || pan[0] == '\0')
        return sandbox__decline(res, "14", "no card number");
    size_t len = strnlen(pan, PAN_MAX + 1);
    host_keys_mask_pan(pan, res->card_masked);
    res->domestic = strncmp(pan, "62", 2) == 0; /* China UnionPay BINs */
    if (len < PAN_MIN || len > PAN_MAX)
        return sandbox__decline(res, "14", "card number of %s%zu digits; %d to %d expected",
                                len > PAN_MAX ? "over " : "", len > PAN_MAX ? PAN_MAX : len,
                                PAN_MIN, PAN_MAX);
    if (ps_luhn_validate(pan, len, &luhn) != 0)
        return sandbox__decline(res, "14", "card number %s fails the Luhn check: %s",
                                res->card_masked, luhn.text);
    if (pan_token != NULL && strlen(pan_token) == KEYS_TOKEN_HEX)
        memcpy(token_hex, pan_token, sizeof(token_hex)); /* computed off the engine thread */
    else
        host_keys_pan_token(s->keys, pan, token_hex);
    memcpy(res->card_token, token_hex, sizeof(res->card_token));
    if (ps_hex_decode(token_hex, KEYS_TOKEN_HEX, token, sizeof(token), &got, NULL) != 0)
        return sandbox__decline(res, "96", "issuer: PAN token is not hex");
    *out = sandbox__card_by_token(s, token);
    if (*out == NULL)
        return sandbox__decline(res, "14", "card %s is not known to the issuer", res->card_masked);
    sandbox__result_card(res, *out);
    return 0;
}

/* Status and expiry: 41, 43, 54. A card is valid through the last day of its month. */
static int check_card(const struct sandbox_card *c, const char *today, struct auth_result *res)
{
    if (c->status == SANDBOX_LOST)
        return sandbox__decline(res, "41", "card reported lost");
    if (c->status == SANDBOX_STOLEN)
        return sandbox__decline(res, "43", "card reported stolen");
    if (strncmp(c->expiry, today + 2, 4) < 0)
        return sandbox__decline(res, "54", "card expired: valid through 20%.2s-%.2s", c->expiry,
                                c->expiry + 2);
    return 0;
}

/* The PIN: 75, 55, or on to the next check. Sets *tries (OUT) to the wrong-PIN count
 * to store, or -1 when it does not change. */
static int check_pin(const struct sandbox_card *c, const struct auth_request *req,
                     struct auth_result *res, int *tries)
{
    *tries = -1;
    if (req->pin == TXN_PIN_NONE && !req->pin_required)
        return 0;
    if (c->pin_tries >= SANDBOX_PIN_TRIES_MAX)
        return sandbox__decline(res, "75", "PIN tries exceeded: %d wrong PINs in a row",
                                c->pin_tries);
    if (req->pin == TXN_PIN_NONE)
        return sandbox__decline(res, "55", "PIN required");
    if (req->pin == TXN_PIN_UNREADABLE)
        return sandbox__decline(res, "55",
                                "PIN block does not decode under the terminal's PIN key "
                                "(not counted as a wrong PIN)");
    if (req->pin != TXN_PIN_PROOF || req->pin_proof == NULL)
        return sandbox__decline(res, "96", "issuer: PIN status %d without a proof", (int)req->pin);
    if (!c->has_pin)
        return sandbox__decline(res, "55", "a PIN was entered but the card has none set");
    if (CRYPTO_memcmp(req->pin_proof, c->pin_verifier, SANDBOX_TOKEN_LEN) != 0) {
        *tries = c->pin_tries + 1;
        if (*tries >= SANDBOX_PIN_TRIES_MAX)
            return sandbox__decline(res, "75", "wrong PIN, %d in a row: PIN tries exceeded",
                                    *tries);
        return sandbox__decline(res, "55", "wrong PIN (%d of %d tries)", *tries,
                                SANDBOX_PIN_TRIES_MAX);
    }
    if (c->pin_tries != 0)
        *tries = 0;
    return 0;
}

/* Amount, daily limit and funds of a sale or hold: 13, 61, 51. */
static int check_amount(const struct sandbox_card *c, const struct auth_request *req,
                        struct auth_result *res)
{
    int64_t amount = req->amount;
    if (req->action == AUTH_INQUIRY)
        return 0;
    if (amount < 1)
        return sandbox__decline(res, "13", "amount %s: at least 0.01 needed",
                                sandbox__yuan(amount).text);
    int64_t spent = strcmp(c->spent_date, req->local_date) == 0 ? c->spent_today : 0;
    if (c->daily_limit > 0 && amount > c->daily_limit - spent)
        return sandbox__decline(res, "61",
                                "over the daily limit: %s spent today, %s asked, limit %s",
                                sandbox__yuan(spent).text, sandbox__yuan(amount).text,
                                sandbox__yuan(c->daily_limit).text);
    if (c->balance < amount)
        return sandbox__decline(res, "51", "insufficient funds: %s available, %s asked",
                                sandbox__yuan(c->balance).text, sandbox__yuan(amount).text);
    return 0;
}

/* The hold of an approved hold, with room for it reserved and its code in res; 96
 * on trouble. */
static int new_hold(struct sandbox_issuer *s, const struct auth_request *req,
                    const struct sandbox_card *c, struct sandbox_hold *h, struct auth_result *res)
{
    memset(h, 0, sizeof(*h));
    if (req->txn_id <= 0)
        return sandbox__decline(res, "96", "issuer: a hold needs the journal row's id");
    if (sandbox__reserve_hold(s) != 0)
        return sandbox__decline(res, "96", "issuer: out of memory for the hold");
    if (sandbox__next_code(s, c->id, &h->code) != 0)
        return sandbox__decline(res, "96", "issuer: no authorization code left for this card");
    sandbox__code_text(h->code, res->auth_code);
    h->id = req->txn_id; /* one hold per pre-authorization row */
    h->card_id = c->id;
    h->txn_id = req->txn_id;
    h->amount = req->amount;
    h->status = SANDBOX_HELD;
    h->created_us = req->now_us;
    return 0;
}

/* What an approval adds to the card change: a hold, or a sale's authorization code. */
static int approval(struct sandbox_issuer *s, const struct auth_request *req,
                    struct sandbox_decision *d, struct sandbox_hold *hold, struct auth_result *res)
{
    uint32_t code;
    if (req->action == AUTH_HOLD) {
        if (new_hold(s, req, d->card, hold, res) != 0)
            return 1;
        d->new_hold = hold;
    } else if (req->action == AUTH_SALE) {
        if (sandbox__next_code(s, 0, &code) != 0)
            return sandbox__decline(res, "96", "issuer: no authorization code left");
        sandbox__code_text(code, res->auth_code);
    }
    return 0;
}

/* 41, 43, 54, 55, 75, 13, 61, 51: the first that applies. */
static int checks(const struct sandbox_card *c, const struct auth_request *req,
                  struct auth_result *res, int *tries)
{
    return check_card(c, req->local_date, res) || check_pin(c, req, res, tries) ||
           check_amount(c, req, res);
}

void sandbox__authorize_pan(struct sandbox_issuer *s, const struct auth_request *req,
                            struct auth_result *res, struct store_batch *batch)
{
    struct sandbox_decision d = {.new_hold = NULL};
    struct sandbox_hold hold;
    int tries = -1;

    if (find_card(s, req->pan, req->pan_token, res, &d.card) != 0)
        return;
    if (req->action == AUTH_INQUIRY) /* the balance told is the one on record */
        sandbox__refresh_card(s, d.card, req->committed_seq);
    int declined = checks(d.card, req, res, &tries);
    if (declined && (strcmp(res->response_code, "51") == 0 ||
                     strcmp(res->response_code, "61") == 0) &&
        sandbox__refresh_card(s, d.card, req->committed_seq) == 1) {
        tries = -1; /* another host may have given money back: ask again */
        declined = checks(d.card, req, res, &tries);
    }
    /* A decline may still change the card: the count of wrong PINs. */
    int64_t amount = declined || req->action == AUTH_INQUIRY ? 0 : req->amount;
    if (sandbox__card_change(d.card, req->local_date, -amount, 0, tries, &d.change) != 0) {
        sandbox__decline(res, "96", "issuer: the balance would overflow");
        return;
    }
    if (!declined && approval(s, req, &d, &hold, res) != 0)
        return;
    if (sandbox__record(s, &d, batch) != 0) {
        sandbox__decline(res, "96", "issuer: out of memory for the commit batch");
        return;
    }
    res->available = d.card->balance;
    if (declined)
        return;
    if (req->action == AUTH_INQUIRY)
        sandbox__approve(res, "approved: balance inquiry, %s available",
                         sandbox__yuan(d.card->balance).text);
    else
        sandbox__approve(res, "approved: %s %s, %s left", sandbox__yuan(amount).text,
                         req->action == AUTH_HOLD ? "held" : "taken",
                         sandbox__yuan(d.card->balance).text);
}
