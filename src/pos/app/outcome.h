/* outcome.h — what the application's flows return beyond libpossum's codes.
 *
 * Positive values are outcomes the cashier acts on, never failures of the program:
 * the host said no, the host is away, a supervisor is needed, the terminal's own
 * rules refuse it. Every one comes with a sentence in struct ps_reason, written for
 * the cashier. Negative values are PS_E* codes: something in the terminal failed
 * (the database, the journal, a key). pos_app_strerror() names every value. */
#ifndef POSSUM_POS_APP_OUTCOME_H
#define POSSUM_POS_APP_OUTCOME_H

enum pos_app_outcome {
    POS_APP_DECLINED = 1, /* the host answered no: the response code says why */
    POS_APP_OFFLINE = 2,  /* the host could not be reached or did not answer */
    POS_APP_DENIED = 3,   /* no operator is logged in, or the action needs the supervisor */
    POS_APP_REFUSED = 4,  /* the terminal's rules: parameters, limits, nothing to void ... */
    POS_APP_QUEUED = 5,   /* kept in the outbox: it goes when the host is back */
};

/* A static one-line name for an outcome or any PS_E* code. */
const char *pos_app_strerror(int code);

#endif
