/* training.h — training records (after-sales, 售后): who at a merchant was trained,
 * when, on what, and by whom. Onboarding's "trained" step says that a merchant was
 * trained; these records say who. Each is written once with its audit entry
 * ("training.record") and never changed: a wrong record is followed by a right one.
 *
 * Who may do what:
 *   staff (admin, support, operations, technician)  record and list any merchant's
 *   a merchant user                                 lists its own merchant's; another
 *                                                   merchant is not found
 *   everyone else                                   nothing (OFFICE_DENIED)
 *
 * Outcomes, as applications.h's: 0; OFFICE_DENIED (HTTP 403); OFFICE_NOT_FOUND (404:
 * no such merchant, or not the caller's); PS_EFORMAT (422: problems names every field
 * at fault); < 0 otherwise from the store (why). */
#ifndef POSSUM_HOST_OFFICE_SERVICE_TRAINING_H
#define POSSUM_HOST_OFFICE_SERVICE_TRAINING_H

#include <jansson.h>

#include "host/office/office.h"
#include "host/office/onboarding/problems.h"

#define OFFICE_TRAINEE_NAME_CHARS    40
#define OFFICE_TRAINING_TOPICS_CHARS 200

/* What recording a training takes; strings NULL when absent (the API's view of the
 * body). The strings are the caller's. */
struct office_training_input {
    const char *trainee_name; /* 1 to 40 characters of UTF-8, one line */
    const char *trainee_role; /* "cashier", "manager" or "owner" */
    const char *topics;       /* 1 to 200 characters of UTF-8, one line */
    const char *trained_on;   /* YYYYMMDD (or YYYY-MM-DD), not after today */
    int64_t trainer_id;       /* an active technician or support user; 0: the actor */
};

/* Records a training at merchant merchant_id. Fields the caller already found fault
 * with (a problem about them in problems) are not checked again, so each is named
 * once. *out is the stored row. */
int office_training_record(struct office *o, const struct office_actor *actor, int64_t merchant_id,
                           const struct office_training_input *in,
                           struct training_row *out /* OUT */, struct office_problems *problems,
                           struct ps_reason *why);

/* Merchant merchant_id's records with ids above after_id, oldest first, at most limit,
 * if actor may see them. fn's row lives until it returns; a nonzero return stops the
 * walk and is returned. */
int office_training_list(struct office *o, const struct office_actor *actor, int64_t merchant_id,
                         int64_t after_id, int limit,
                         int (*fn)(void *ctx, const struct training_row *row), void *ctx,
                         struct ps_reason *why);

/* A record as the API shows it (a new object). */
json_t *office_training_json(const struct training_row *r);

#endif
