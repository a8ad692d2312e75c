/* Actions on the card of an approved original, named by card id: credits (voids,
 * refunds, reversals of sales), the reversal of a credit, and what happens to a hold
 * after its pre-authorization (release, capture, restore). The original passed every
 * card check when it was approved, so none is repeated here: a refund reaches a card
 * reported lost since, and a completion captures on a card that expired since. */
#include "host/txn/sandbox_internal.h"

#include <inttypes.h>
#include <string.h>

#define CAPTURE_MAX_PERCENT 115 /* a completion may exceed its hold by 15% (tips) */

/* The hold the request names, in the status the action needs; 12 otherwise. */
static int find_hold(const struct sandbox_issuer *s, const struct auth_request *req,
                     enum sandbox_hold_status want, struct sandbox_hold **out,
                     struct auth_result *res)
{
    uint32_t code = 0;

    *out = NULL;
    if (sandbox__parse_code(req->auth_code, &code) != 0 ||
        (*out = sandbox__hold_by_code(s, req->card_id, code)) == NULL)
        return sandbox__decline(res, "12", "no hold with authorization code %.6s on this card",
                                req->auth_code != NULL ? req->auth_code : "");
    if ((*out)->status != want)
        return sandbox__decline(res, "12", "hold %.6s is %s, not %s", req->auth_code,
                                sandbox__hold_status_name((*out)->status),
                                sandbox__hold_status_name(want));
    return 0;
}

/* Funds for a change that takes money (delta < 0) without the forced flag: 51. */
static int check_funds(const struct sandbox_card *c, int64_t delta, const char *what,
                       struct auth_result *res)
{
    if (delta >= 0 || c->balance >= -delta)
        return 0;
    return sandbox__decline(res, "51", "insufficient funds for %s: %s available, %s needed", what,
                            sandbox__yuan(c->balance).text, sandbox__yuan(-delta).text);
}

/* A completion: at most 115% of the hold, the difference settled on the balance. */
static int capture(const struct sandbox_issuer *s, const struct auth_request *req,
                   struct sandbox_decision *d, int64_t *delta, struct auth_result *res)
{
    int64_t most = 0;

    if (find_hold(s, req, SANDBOX_HELD, &d->hold, res) != 0)
        return 1;
    if (ps_money_mul_ratio(d->hold->amount, CAPTURE_MAX_PERCENT, 100, PS_ROUND_DOWN, &most) != 0)
        return sandbox__decline(res, "96", "issuer: the hold's amount overflows");
    if (req->amount < 1 || req->amount > most)
        return sandbox__decline(res, "13", "completion of %s: 0.01 to %s (115%% of the %s held)",
                                sandbox__yuan(req->amount).text, sandbox__yuan(most).text,
                                sandbox__yuan(d->hold->amount).text);
    *delta = d->hold->amount - req->amount;
    if (check_funds(d->card, *delta, "the completion over the hold", res) != 0)
        return 1;
    d->hold_to = SANDBOX_COMPLETED;
    d->captured = req->amount;
    sandbox__code_text(d->hold->code, res->auth_code);
    return 0;
}

/* A completion void: the captured amount back, the held amount taken again. */
static int restore(const struct sandbox_issuer *s, const struct auth_request *req,
                   struct sandbox_decision *d, int64_t *delta, struct auth_result *res)
{
    if (find_hold(s, req, SANDBOX_COMPLETED, &d->hold, res) != 0)
        return 1;
    /* A hold loaded as completed does not say what was captured: the request does. */
    int64_t captured = d->hold->captured > 0 ? d->hold->captured : req->amount;
    if (captured < 1)
        return sandbox__decline(res, "13", "completion void of %s: at least 0.01 needed",
                                sandbox__yuan(captured).text);
    *delta = captured - d->hold->amount;
    if (check_funds(d->card, *delta, "holding again", res) != 0)
        return 1;
    d->hold_to = SANDBOX_HELD;
    d->captured = 0;
    return 0;
}

/* The balance change of the action, after its checks; 1 with res declined. */
static int plan(const struct sandbox_issuer *s, const struct auth_request *req,
                struct sandbox_decision *d, int64_t *delta, struct auth_result *res)
{
    switch (req->action) {
    case AUTH_CREDIT:
    case AUTH_SALE:
        if (req->amount < 1)
            return sandbox__decline(res, "13", "amount %s: at least 0.01 needed",
                                    sandbox__yuan(req->amount).text);
        *delta = req->action == AUTH_CREDIT ? req->amount : -req->amount;
        return 0;
    case AUTH_HOLD_RELEASE:
        if (find_hold(s, req, SANDBOX_HELD, &d->hold, res) != 0)
            return 1;
        *delta = d->hold->amount;
        d->hold_to = SANDBOX_RELEASED;
        return 0;
    case AUTH_HOLD_CAPTURE:
        return capture(s, req, d, delta, res);
    case AUTH_HOLD_RESTORE:
        return restore(s, req, d, delta, res);
    case AUTH_INQUIRY:
    case AUTH_HOLD:
        break;
    }
    return sandbox__decline(res, "96", "issuer: action %d needs a card number", (int)req->action);
}

static const char *done_text(enum auth_action action)
{
    switch (action) {
    case AUTH_CREDIT:
        return "given back";
    case AUTH_SALE:
        return "taken back";
    case AUTH_HOLD_RELEASE:
        return "released";
    case AUTH_HOLD_CAPTURE:
        return "completed";
    default:
        return "held again";
    }
}

/* The card of the original, into res; 14 (or 96 without a card id) otherwise. */
static int find_card(const struct sandbox_issuer *s, const struct auth_request *req,
                     struct sandbox_card **out, struct auth_result *res)
{
    *out = NULL;
    if (req->card_id <= 0)
        return sandbox__decline(res, "96", "issuer: money %s needs the original's card id",
                                done_text(req->action));
    *out = sandbox__card_by_id(s, req->card_id);
    if (*out == NULL)
        return sandbox__decline(res, "14", "card %" PRId64 " is not known to the issuer",
                                req->card_id);
    sandbox__result_card(res, *out);
    return 0;
}

void sandbox__authorize_original(struct sandbox_issuer *s, const struct auth_request *req,
                                 struct auth_result *res, struct store_batch *batch)
{
    struct sandbox_decision d = {.new_hold = NULL};
    int64_t delta = 0;

    if (find_card(s, req, &d.card, res) != 0 || plan(s, req, &d, &delta, res) != 0)
        return;
    /* Only the reversal of a credit may overdraw: it undoes money already given. */
    int forced = req->action == AUTH_SALE;
    if (sandbox__card_change(d.card, req->local_date, delta, forced, -1, &d.change) != 0) {
        sandbox__decline(res, "96", "issuer: the balance would overflow");
        return;
    }
    if (sandbox__record(s, &d, batch) != 0) {
        sandbox__decline(res, "96", "issuer: out of memory for the commit batch");
        return;
    }
    res->available = d.card->balance;
    int64_t moved = req->action == AUTH_HOLD_RELEASE ? delta : req->amount;
    if (req->action == AUTH_HOLD_RESTORE)
        moved = d.hold->amount;
    sandbox__approve(res, "approved: %s %s, %s left", sandbox__yuan(moved).text,
                     done_text(req->action), sandbox__yuan(d.card->balance).text);
}
