/* outcome.h — what the sale room returns beyond libpossum's codes (core/error.h).
 *
 * A positive value is an outcome the caller acts on, not an error: a discount above
 * the cashier's limits is not refused, it waits for a supervisor. Every refusal is a
 * negative PS_E* code with a sentence in struct ps_reason. */
#ifndef POSSUM_POS_SALE_OUTCOME_H
#define POSSUM_POS_SALE_OUTCOME_H

enum pos_sale_outcome {
    /* The discount is above what a cashier may give alone; nothing changed. Ask for a
     * supervisor's approval, then apply it again with its approved flag set. */
    POS_SALE_NEEDS_SUPERVISOR = 1,
};

/* A static one-line name for a sale outcome or any libpossum code. */
const char *pos_sale_strerror(int code);

#endif
