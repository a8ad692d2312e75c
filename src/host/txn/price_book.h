/* price_book.h — what the engine charges for an approval: every fee plan version by its
 * code and the BIN table, held by the engine and replaced whole when the back office
 * changes them; the fee of one approved sale from the plan in force for its merchant at
 * that moment (pricing/fees.h), on the channel the card's BIN or the payment code's
 * scheme gives (pricing/bins.h). docs/money.md has the rules.
 *
 * Pricing never stops an approval: a merchant whose plan is unknown, or not yet in
 * force, is charged its flat rate (merchant_row.fee_ppm) on every channel, and the
 * caller is told why so it can log it. */
#ifndef POSSUM_HOST_TXN_PRICE_BOOK_H
#define POSSUM_HOST_TXN_PRICE_BOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/checks/paycode.h"
#include "core/error.h"
#include "host/pricing/bins.h"
#include "host/pricing/fees.h"

struct price_book;

/* A book over bins (taken: freed with the book; NULL: the default table). Returns 0,
 * PS_ENOMEM, or what pricing_bin_default returns. */
int price_book_new(struct pricing_bin_table *bins, struct price_book **out /* OUT */,
                   struct ps_reason *why);
void price_book_free(struct price_book *b); /* NULL is allowed */

/* Adds one version of a plan (copied), checked by pricing_fee_plan_check. Returns 0,
 * PS_EFORMAT (naming the plan and the member) or PS_ENOMEM. */
int price_book_add(struct price_book *b, const struct pricing_fee_plan *plan,
                   struct ps_reason *why);

/* Number of plan versions held. */
size_t price_book_plans(const struct price_book *b);

/* What is priced: one approved sale (or completion). */
struct price_ask {
    const char *plan; /* the merchant's plan code; "" or NULL: none, the flat rate */
    int64_t flat_ppm; /* the merchant's fee_ppm, for no plan or an unknown one */
    bool d0;          /* the merchant is paid the same day: the surcharge too */
    const char *pan;  /* the card number (digits), or NULL for a payment code */
    size_t pan_len;
    enum ps_paycode_scheme paycode; /* with pan NULL: the payment code's scheme */
    int64_t amount_fen;             /* > 0 */
    int64_t at_us;                  /* when it was approved */
};

struct price {
    enum pricing_pay_channel channel;
    int64_t fee_fen;
    int64_t surcharge_fen;
    char plan[PRICING_PLAN_CODE_MAX + 1]; /* the code priced by; "" for the flat rate */
    int64_t plan_effective_us;            /* which version of it */
};

/* Prices a (*out OUT, always filled). Returns 0; PS_EUNDEFINED when the plan is not
 * held or not in force at at_us (out then holds the flat rate's price, why says which);
 * PS_EINVAL (an amount not positive) or PS_EOVERFLOW with out zeroed. */
int price_book_quote(const struct price_book *b, const struct price_ask *a,
                     struct price *out /* OUT */, struct ps_reason *why);

#endif
