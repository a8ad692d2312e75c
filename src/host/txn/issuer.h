/* issuer.h — who authorizes card transactions. The handlers ask an authorizer for a
 * decision on an action against a card and never know who answers: the sandbox
 * issuer built into possumd (sandbox_issuer.c, card accounts in memory, written back
 * through the commit batch) now, an upstream acquirer route later. */
#ifndef POSSUM_HOST_TXN_ISSUER_H
#define POSSUM_HOST_TXN_ISSUER_H

#include <stdint.h>

#include "host/store/batch.h"
#include "host/txn/request.h"

enum auth_action {
    AUTH_INQUIRY = 1,  /* balance inquiry: PIN checked, nothing moves */
    AUTH_SALE,         /* take amount from the card (purchase); with card_id and no PAN:
                          take back what a void or refund gave, unchecked (a reversal) */
    AUTH_HOLD,         /* hold amount (pre-authorization); returns an authorization code */
    AUTH_HOLD_RELEASE, /* release a hold (pre-authorization void or reversal) */
    AUTH_HOLD_CAPTURE, /* take up to the held amount and release the hold (completion) */
    AUTH_CREDIT,       /* give amount back (void, refund, reversal of a sale) */
    AUTH_HOLD_RESTORE  /* put back a hold a completion captured (completion void) */
};

struct auth_request {
    enum auth_action action;
    const char *pan;               /* may be NULL for actions on a known card_id */
    const char *pan_token;         /* pan's token, hex, when the caller has it; else NULL */
    const char *paycode;           /* AUTH_SALE without pan or card_id: the customer's
                                      payment code (QR payments); pan_token is its token */
    int paycode_scheme;            /* enum ps_paycode_scheme of paycode; 0 without one */
    int64_t card_id;               /* for credits and hold actions: the card of the original */
    const char *expiry;            /* YYMM as read from the card, or "" */
    int64_t amount;
    enum txn_pin_status pin;
    const uint8_t *pin_proof;      /* with TXN_PIN_PROOF */
    int pin_required;              /* the kind needs a PIN (inquiry; sales with PIN entry) */
    const char *auth_code;         /* hold actions: the hold's authorization code */
    const char *local_date;        /* YYYYMMDD: today, for expiry and the daily limit */
    int64_t txn_id;                /* the journal row this action belongs to */
    int64_t now_us;
    uint64_t committed_seq;        /* the last commit that returned (engine.h): an
                                      authorizer that reads its accounts from the store
                                      trusts only those with no change after it */
};

struct auth_result {
    char response_code[3];
    char reason[TXN_REASON_MAX];
    char auth_code[7];      /* approvals of AUTH_SALE, AUTH_HOLD, AUTH_HOLD_CAPTURE */
    int64_t card_id;        /* 0 when the card is unknown */
    char card_token[65];
    char card_masked[20];
    int domestic;
    int64_t available;      /* after the action: balance or credit left */
};

struct authorizer_ops {
    /* Decides req: fills res and, on approval, appends the account changes to batch.
     * Never fails: trouble is a decline with response code 96 and the reason. */
    void (*authorize)(void *self, const struct auth_request *req, struct auth_result *res,
                      struct store_batch *batch);
};

struct authorizer {
    const struct authorizer_ops *ops;
    void *self;
};

#endif
