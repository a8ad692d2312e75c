/* sandbox_issuer.h — the card issuer built into possumd: the stand-in for real issuers
 * in demos, tests and benchmarks, behind the authorizer interface of txn/issuer.h.
 *
 * Card accounts and holds live in memory (hash tables by PAN token, card id and
 * (card id, authorization code), so a lookup costs the same with 10 cards or 500,000),
 * loaded at start-up from the store's card and hold rows. Every decision changes the
 * memory at once and appends the same change to the commit batch (STORE_CARD_CHANGE,
 * STORE_HOLD_PUT, STORE_HOLD_STATUS), so later requests are answered from memory
 * before the commit lands; the engine stops the host if a commit fails.
 *
 * Threads: none of its own. One thread (the engine thread) owns an issuer; nothing
 * here locks.
 *
 * The clear PAN of a request is used to compute its token, its masked form and its
 * Luhn check, and is never kept, logged or written to a reason. PINs arrive only as
 * proofs (txn/security.h) and are compared with the card's verifier in constant time.
 *
 * ## Decisions (authorize)
 *
 * AUTH_INQUIRY, AUTH_SALE and AUTH_HOLD name the card by req->pan (req->card_id 0) and
 * are checked in this order, the first failure giving the answer:
 *   14  the PAN is not 13 to 19 digits, fails the Luhn check, or its token is unknown
 *   41  the card's status is "lost";  43  "stolen"
 *   54  the card's expiry (YYMM, from its row; req->expiry is not used) is before the
 *       month of req->local_date
 *   75  the request carries a PIN, or needs one, and the card has had 3 wrong PINs in
 *       a row (a right PIN does not unblock it). A request with no PIN that needs
 *       none still goes on: the card is blocked for PIN use only.
 *   55  PIN block unreadable (not counted as a try: the terminal's key may be wrong);
 *       wrong PIN (counted; the 3rd wrong one in a row answers 75 instead); a PIN
 *       entered for a card that has none; no PIN although req->pin_required.
 *       A right PIN puts the count of wrong ones back to 0.
 *   13  sale or hold of less than 0.01
 *   61  sale or hold over the card's daily limit (when it has one): spent today plus
 *       the amount above the limit
 *   51  sale or hold of more than the balance (debit: money on the account; credit:
 *       credit left)
 *   00  approved: a sale or hold takes the amount from the balance and adds it to
 *       today's spending, and gets a fresh authorization code; a hold also creates a
 *       hold row whose id is req->txn_id (one hold per pre-authorization row).
 *       An inquiry moves nothing.
 * A count of wrong PINs that changed is written to the batch whatever the answer.
 *
 * The other actions name the card by req->card_id (the card of an approved original;
 * no PAN, no status, expiry, PIN or limit checks: the original was authorized):
 *   AUTH_CREDIT        gives req->amount back (13 below 0.01)
 *   AUTH_SALE with req->card_id != 0: the reversal of a credit (a void or refund being
 *                      reversed) takes req->amount back with no check but the card's
 *                      existence; it applies even when it overdraws the account
 *                      (STORE_CARD_CHANGE with forced = 1). No authorization code.
 *   AUTH_HOLD_RELEASE  the hold (req->card_id, req->auth_code) "held" -> "released",
 *                      its amount given back; 12 when there is no such hold or it is
 *                      not "held"
 *   AUTH_HOLD_CAPTURE  the hold "held" -> "completed" for req->amount: at most 115% of
 *                      the held amount (rounded down to the fen; 13 over it); the
 *                      difference settles on the balance (a smaller capture gives the
 *                      rest back; a larger one takes the extra, 51 without the funds).
 *                      12 when the hold is not "held". The authorization code is the
 *                      hold's.
 *   AUTH_HOLD_RESTORE  (completion void) the hold "completed" -> "held": the captured
 *                      amount given back and the held amount taken again, as before
 *                      the completion (51 when what was given back meanwhile is gone).
 *                      The captured amount is the one this issuer captured; for a hold
 *                      loaded as "completed" it is req->amount.
 * 14 when req->card_id names no card. 96 (nothing changed) on internal trouble: no
 * valid req->local_date, a hold without req->txn_id, out of memory, an overflow.
 *
 * Card changes that take money carry the store's guard (forced = 0: balance + delta
 * >= 0), which the checks above have already made true; changes that take nothing
 * (give-backs, PIN counts) and the reversal of a credit are written with forced = 1,
 * so an account a reversal overdrew still takes credits.
 *
 * Daily spending follows the money: what a decision takes counts as spent today, what
 * it gives back lowers today's spending (never below 0). A give-back of money taken
 * on an earlier day therefore lowers today's spending too, as far as 0: auth_request
 * does not say the original's date.
 *
 * Results: response_code, a reason a support person understands ("insufficient
 * funds: 100.00 available, 150.00 asked"), auth_code on approvals of sales, holds and
 * captures, the card's id, token and masked PAN (the masked PAN also when the card is
 * unknown), domestic = 1 when the PAN starts with 62 (China UnionPay BINs, settled as
 * domestic) else 0, and available: the balance after the action (0 when the card is
 * unknown). */
#ifndef POSSUM_HOST_TXN_SANDBOX_ISSUER_H
#define POSSUM_HOST_TXN_SANDBOX_ISSUER_H

#include <stdint.h>

#include "core/error.h"
#include "host/keys.h"
#include "host/store/rows.h"
#include "host/txn/issuer.h"

#define SANDBOX_PIN_TRIES_MAX 3 /* wrong PINs in a row that block a card (75) */

struct sandbox_issuer;
struct store;

/* Creates an empty issuer. keys (for PAN tokens) is borrowed and must outlive it.
 * Returns 0 or PS_ENOMEM. */
int sandbox_issuer_new(struct sandbox_issuer **out /* OUT */, const struct host_keys *keys);

/* Hosts sharing a database give different authorization codes: host h (0-99) gives
 * only the codes whose sequence numbers are h modulo 100 (10,000 of them, each
 * skipped while an open hold on the same card has it). Set before holds are added;
 * 0 until then. Returns 0 or PS_EINVAL. */
int sandbox_issuer_set_host(struct sandbox_issuer *s, int host_id);

/* Hosts sharing a database: other hosts move money on the same cards, so this host's
 * copy of a card may be behind. Before a balance inquiry is answered, and before a sale
 * or hold is refused for its funds (51) or the daily limit (61), the card is read
 * again from reader (borrowed; used on the engine thread only) unless a change of it
 * by this host still waits for its commit. Approvals need no read: the store's guards
 * refuse, at commit, money another host already took (engine.h). */
void sandbox_issuer_share(struct sandbox_issuer *s, struct store *reader);

/* Frees s and every card and hold it holds; NULL is allowed. */
void sandbox_issuer_free(struct sandbox_issuer *s);

/* Adds a card account (copied). Start-up feeds every store_each_card row through it;
 * tests add their own. The row must be complete: id > 0 and new, token 64 hex digits
 * and new, kind debit or credit, status "active" / "lost" / "stolen", expiry YYMM,
 * pin_verifier "" or 64 hex digits, pin_tries, daily_limit and spent_today >= 0,
 * spent_date "" or YYYYMMDD. Returns 0, PS_EINVAL or PS_EFORMAT (why names the card
 * and the field) or PS_ENOMEM. */
int sandbox_issuer_add_card(struct sandbox_issuer *s, const struct card_row *row,
                            struct ps_reason *why);

/* Adds a hold (copied) on a card already added: the open holds at start-up. The
 * card's balance already has the hold taken off, so nothing moves. Status "held" or
 * "completed" (a caller that looks completed holds up may add them so a completion
 * void finds them), auth_code 6 digits and new on that card, amount >= 0.01.
 * Authorization codes given later continue after the loaded ones. Returns 0,
 * PS_EINVAL, PS_EFORMAT or PS_ENOMEM. */
int sandbox_issuer_add_hold(struct sandbox_issuer *s, const struct hold_row *row,
                            struct ps_reason *why);

/* QR wallets: the account a scheme's payment codes pay from is a card row whose token
 * is sandbox_wallet_token() of the scheme (enum ps_paycode_scheme), so the wallets are
 * stored, loaded and credited back as cards are. out holds KEYS_TOKEN_HEX + 1. */
void sandbox_wallet_token(const struct host_keys *keys, int scheme, char *out /* OUT */);

/* Marks the payment code of token_hex (its host_keys_pan_token) as used: start-up
 * feeds the codes of approved QR purchases through it (store_each_used_paycode), so a
 * code pays once across restarts. A token already known is fine. Returns 0, PS_EFORMAT
 * (not a token) or PS_ENOMEM. */
int sandbox_issuer_add_used_paycode(struct sandbox_issuer *s, const char *token_hex,
                                    struct ps_reason *why);

/* The authorizer interface (txn/issuer.h) over s; valid while s lives. */
struct authorizer sandbox_issuer_authorizer(struct sandbox_issuer *s);

/* Copies the current state of card card_id into *out (pin_verifier as hex). Returns 1
 * when found, 0 when not. */
int sandbox_issuer_card(const struct sandbox_issuer *s, int64_t card_id,
                        struct card_row *out /* OUT */);

/* Copies the hold with this card and authorization code into *out. Returns 1 when
 * found, 0 when not. */
int sandbox_issuer_hold(const struct sandbox_issuer *s, int64_t card_id, const char *auth_code,
                        struct hold_row *out /* OUT */);

#endif
