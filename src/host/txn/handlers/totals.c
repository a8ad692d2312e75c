/* A terminal's batch totals as possumd counts them, in the shape of field 48: debits
 * are the sales that pay the merchant (purchases, completions), credits the refunds,
 * each split by where the card was issued. */
#include "host/txn/handlers/handlers.h"

void ledger__totals_count(struct ps_cup_totals *t, int domestic, int credit, int64_t amount,
                          int sign)
{
    struct ps_cup_side_totals *side = domestic ? &t->domestic : &t->foreign;
    if (!domestic)
        t->has_foreign = 1;
    int64_t *sum = credit ? &side->credit_amount : &side->debit_amount;
    unsigned *count = credit ? &side->credit_count : &side->debit_count;
    /* Amounts are at most 12 digits and counts move by one a request: no overflow. A
     * count taken back was counted before, so it never goes below 0. */
    if (sign > 0) {
        *sum += amount;
        *count += 1;
    } else {
        *sum -= amount;
        *count -= 1;
    }
}

static int side_equal(const struct ps_cup_side_totals *a, const struct ps_cup_side_totals *b)
{
    return a->debit_amount == b->debit_amount && a->debit_count == b->debit_count &&
           a->credit_amount == b->credit_amount && a->credit_count == b->credit_count;
}

/* A terminal that sends no foreign part says it has no foreign transactions; the host
 * disagrees when it counted some. */
int ledger__totals_equal(const struct ps_cup_totals *terminal, const struct ps_cup_totals *host)
{
    static const struct ps_cup_side_totals none;
    const struct ps_cup_side_totals *foreign = terminal->has_foreign ? &terminal->foreign : &none;
    return side_equal(&terminal->domestic, &host->domestic) && side_equal(foreign, &host->foreign);
}
