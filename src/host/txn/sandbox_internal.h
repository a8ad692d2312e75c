/* sandbox_internal.h — what the sandbox issuer's files share (not public):
 *   sandbox_issuer.c    life cycle, the authorizer entry point, results
 *   sandbox_rows.c      card and hold rows in (start-up) and out (accessors)
 *   sandbox_tables.c    the card and hold tables and their indexes
 *   sandbox_index.c     an open-addressing index of table positions
 *   sandbox_codes.c     authorization codes
 *   sandbox_changes.c   changes: into the batch and into memory
 *   sandbox_pan.c       inquiry, sale and hold by PAN
 *   sandbox_originals.c credits, reversal debits and hold actions by card id
 *   sandbox_paycode.c   QR purchases: the scheme's wallet and the codes used */
#ifndef POSSUM_HOST_TXN_SANDBOX_INTERNAL_H
#define POSSUM_HOST_TXN_SANDBOX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/money.h"
#include "host/keys.h"
#include "host/store/batch.h"
#include "host/txn/issuer.h"
#include "host/txn/sandbox_issuer.h"

#define SANDBOX_TOKEN_LEN 32      /* a PAN token in bytes (KEYS_TOKEN_HEX / 2) */
#define SANDBOX_CODES     1000000 /* six-digit authorization codes */

/* ---- index (sandbox_index.c) ---------------------------------------------------- */

/* Positions in a table, found by a 32-bit hash: linear probing, at most half full so
 * a probe always ends at an empty slot. The caller compares the entries a probe
 * yields with its key; the index knows nothing of them. */
struct sandbox_slot {
    uint32_t pos1; /* position + 1; 0 marks an empty slot */
    uint32_t hash;
};

struct sandbox_index {
    struct sandbox_slot *slots;
    size_t cap; /* 0 or a power of two */
    size_t count;
};

/* Makes room for n more entries, so that as many inserts cannot fail. Returns 0 or
 * PS_ENOMEM (the index is unchanged). */
int sandbox__index_reserve(struct sandbox_index *ix, size_t n);

/* Adds pos under hash; room must have been reserved. */
void sandbox__index_insert(struct sandbox_index *ix, uint32_t hash, uint32_t pos);

/* The positions stored under hash, one per call: start with *cursor = 0; returns
 * position + 1, or 0 when there are no more. */
uint32_t sandbox__index_next(const struct sandbox_index *ix, uint32_t hash, size_t *cursor);

void sandbox__index_free(struct sandbox_index *ix);

/* ---- the issuer's state --------------------------------------------------------- */

enum sandbox_card_status { SANDBOX_ACTIVE = 0, SANDBOX_LOST, SANDBOX_STOLEN };
enum sandbox_hold_status { SANDBOX_HELD = 0, SANDBOX_RELEASED, SANDBOX_COMPLETED };

struct sandbox_card {
    int64_t id;
    uint8_t token[SANDBOX_TOKEN_LEN];
    char masked[ROW_MASKED_MAX + 1];
    int kind; /* enum card_kind */
    int domestic;
    enum sandbox_card_status status;
    int64_t balance;
    int64_t daily_limit;
    int64_t spent_today;
    char spent_date[9];
    char expiry[5];
    int has_pin;
    uint8_t pin_verifier[SANDBOX_TOKEN_LEN];
    int pin_tries;
    uint64_t changed_seq; /* the batch of this host's last change to it (0: none) */
};

struct sandbox_hold {
    int64_t id;
    int64_t card_id;
    int64_t txn_id;
    uint32_t code; /* the authorization code as a number, 0..999999 */
    enum sandbox_hold_status status;
    int64_t amount;
    int64_t captured; /* what a completion took; 0 while held or when not known */
    int64_t created_us;
};

struct sandbox_issuer {
    const struct host_keys *keys;
    struct sandbox_card *cards;
    size_t card_count, card_cap;
    struct sandbox_index cards_by_token, cards_by_id;
    struct sandbox_hold *holds;
    size_t hold_count, hold_cap;
    struct sandbox_index holds_by_code;
    uint32_t code_seq; /* the sequence number of the last authorization code given */
    uint32_t host_id;  /* this host's codes have sequence numbers = host_id mod 100 */
    struct store *reader; /* hosts sharing a database: where cards are read again */
    uint8_t (*used_codes)[SANDBOX_TOKEN_LEN]; /* tokens of payment codes that paid once */
    size_t used_count, used_cap;
    struct sandbox_index used_by_token;
    /* the wallets' tokens by enum ps_paycode_scheme, derived once (sandbox_issuer_new)
     * so a QR purchase looks its wallet up without an HMAC */
    uint8_t wallet_token[4][SANDBOX_TOKEN_LEN];
};

/* Hosts sharing a database (sandbox_rows.c): the card's money, limits, status and PIN
 * tries read again from s->reader, unless this host changed it after committed_seq.
 * Returns 1 when they differed and c now holds what is on record, else 0 (no reader,
 * a change pending, the same, or the read failed: c is as it was). */
int sandbox__refresh_card(struct sandbox_issuer *s, struct sandbox_card *c,
                          uint64_t committed_seq);

/* ---- tables (sandbox_tables.c) -------------------------------------------------- */

/* Lookups: the entry, or NULL. */
struct sandbox_card *sandbox__card_by_token(const struct sandbox_issuer *s,
                                            const uint8_t token[SANDBOX_TOKEN_LEN]);
struct sandbox_card *sandbox__card_by_id(const struct sandbox_issuer *s, int64_t id);
struct sandbox_hold *sandbox__hold_by_code(const struct sandbox_issuer *s, int64_t card_id,
                                           uint32_t code);

/* Adds a card (copied) whose id and token are new. Returns 0 or PS_ENOMEM. */
int sandbox__insert_card(struct sandbox_issuer *s, const struct sandbox_card *card);

/* Makes room for one more hold, so that sandbox__insert_hold() cannot fail: decisions
 * reserve before they change anything. Returns 0 or PS_ENOMEM. */
int sandbox__reserve_hold(struct sandbox_issuer *s);
/* Adds a hold (copied) whose (card, code) is new; room must have been reserved. */
void sandbox__insert_hold(struct sandbox_issuer *s, const struct sandbox_hold *hold);

void sandbox__tables_free(struct sandbox_issuer *s);

/* ---- authorization codes (sandbox_codes.c) -------------------------------------- */

/* The code of sequence number seq (< SANDBOX_CODES), and back: a bijection, so codes
 * are unique over a million sequence numbers without looking sequential. */
uint32_t sandbox__code_of(uint32_t seq);
uint32_t sandbox__seq_of(uint32_t code);

/* The next code: never 000000, and never the code of a hold card_id has (card_id 0:
 * any code). Returns 0, or PS_EOVERFLOW when card_id holds every code. */
int sandbox__next_code(struct sandbox_issuer *s, int64_t card_id, uint32_t *code /* OUT */);

/* Reads 6 digits as a code; returns 0 or PS_EFORMAT. */
int sandbox__parse_code(const char *text, uint32_t *code /* OUT */);

/* Writes code (< SANDBOX_CODES) as 6 digits. */
void sandbox__code_text(uint32_t code, char out[7] /* OUT */);

/* Codes given after a loaded hold's code continue after it. */
void sandbox__code_seen(struct sandbox_issuer *s, uint32_t code);

/* ---- changes (sandbox_changes.c) ------------------------------------------------ */

/* The change to card c that moves balance_delta (< 0 takes, > 0 gives back) on
 * today (YYYYMMDD), with today's spending following the money, and sets the wrong-PIN
 * count to pin_tries (-1: unchanged). Only a change that takes money is guarded
 * (forced = 0), unless the caller forces it. Returns 0, or PS_EOVERFLOW (ch is
 * unusable). */
int sandbox__card_change(const struct sandbox_card *c, const char *today, int64_t balance_delta,
                         int forced, int pin_tries, struct store_card_change *ch /* OUT */);

/* What one approval or decline changes. */
struct sandbox_decision {
    struct sandbox_card *card;
    struct store_card_change change;     /* written when it moves anything */
    const struct sandbox_hold *new_hold; /* a hold to create (room reserved), or NULL */
    struct sandbox_hold *hold;           /* a hold whose status changes, or NULL */
    enum sandbox_hold_status hold_to;
    int64_t captured; /* hold's captured amount after the change */
};

/* Appends d's operations to batch and applies them to memory: all of them, or, when
 * memory runs out, none (PS_ENOMEM; the batch is as it was), so a batch never holds
 * half a decision and memory never runs ahead of the batch. */
int sandbox__record(struct sandbox_issuer *s, const struct sandbox_decision *d,
                    struct store_batch *batch);

const char *sandbox__hold_status_name(enum sandbox_hold_status st);

/* ---- decisions ------------------------------------------------------------------ */

/* sandbox_pan.c: AUTH_INQUIRY, AUTH_SALE and AUTH_HOLD by req->pan. */
void sandbox__authorize_pan(struct sandbox_issuer *s, const struct auth_request *req,
                            struct auth_result *res, struct store_batch *batch);

/* sandbox_originals.c: actions on the card of an approved original, by req->card_id. */
void sandbox__authorize_original(struct sandbox_issuer *s, const struct auth_request *req,
                                 struct auth_result *res, struct store_batch *batch);

/* sandbox_paycode.c: AUTH_SALE by req->paycode, from the wallet of its scheme. */
void sandbox__authorize_paycode(struct sandbox_issuer *s, const struct auth_request *req,
                                struct auth_result *res, struct store_batch *batch);
void sandbox__paycodes_free(struct sandbox_issuer *s);
/* Fills s->wallet_token from s->keys. */
void sandbox__wallet_tokens(struct sandbox_issuer *s);

/* sandbox_issuer.c: sets res's response code and reason; returns 1 (declined), so a
 * check can `return sandbox__decline(res, "51", ...)`. */
int sandbox__decline(struct auth_result *res, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sandbox__approve(struct auth_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Fills res's card fields (id, token, masked PAN, domestic, available) from c. */
void sandbox__result_card(struct auth_result *res, const struct sandbox_card *c);

/* Money as reasons print it ("1000000.00"), usable inside one call's arguments:
 * sandbox__yuan(x).text. */
struct sandbox_yuan {
    char text[PS_MONEY_TEXT_MAX];
};

static inline struct sandbox_yuan sandbox__yuan(int64_t fen)
{
    struct sandbox_yuan y;
    if (ps_money_format(fen, y.text, sizeof(y.text)) < 0)
        y.text[0] = '\0';
    return y;
}

#endif
