/* outcome.h — what hostlink functions return beyond libpossum's codes (core/error.h).
 *
 * Positive values are outcomes a terminal acts on, not errors: a decline is the
 * host's answer, a full batch means "settle first". Link failures are the core's
 * PS_EIO (refused, reset, closed, TLS error) and PS_ETIMEDOUT (no connection or no
 * answer in time). hl_strerror() names every value. */
#ifndef POSSUM_POS_HOSTLINK_OUTCOME_H
#define POSSUM_POS_HOSTLINK_OUTCOME_H

enum hl_outcome {
    HL_DECLINED = 1,       /* the host answered with a response code other than 00 */
    HL_BATCH_FULL = 2,     /* the batch has no room for another transaction: settle */
    HL_REVERSAL_FIRST = 3, /* a reversal is owed: send it before this message */
    HL_SIGN_IN_FIRST = 4,  /* no working keys (or a settled batch): sign in first */
};

/* A static one-line name for any hostlink or libpossum return value. */
const char *hl_strerror(int code);

#endif
