/* office.h — the back office's context: its own store connection, the ids it numbers
 * its rows with, its clock and its rules (lockout, session lifetime). One struct office
 * belongs to one thread (the API's): nothing here locks. Everything the back office
 * changes goes through an office function that writes the change and its audit entry
 * in one commit (audit.h). */
#ifndef POSSUM_HOST_OFFICE_OFFICE_H
#define POSSUM_HOST_OFFICE_OFFICE_H

#include <stdint.h>

#include "core/error.h"
#include "host/store/rows.h"
#include "host/store/store.h"

struct office_onboarding_rules; /* office/onboarding/applications.h */
struct office_warranty_months;  /* office/service/desk.h */
struct host_keys;

struct office_config {
    int host_id;                /* 0-99: ids in this host's range (store.h) */
    const struct host_keys *keys; /* wraps terminal master keys at activation (borrowed) */
    int lockout_failures;       /* wrong passwords in a row that lock a user (5) */
    int64_t lockout_us;         /* for how long (15 minutes) */
    int64_t session_us;         /* a login lasts (8 hours) */
    int64_t (*clock_us)(void);  /* now, microseconds since the epoch; NULL: the wall clock */
    /* MIDs, local time, working days of onboarding (borrowed; kept while the office is
     * open); NULL: office_onboarding_rules_default() */
    const struct office_onboarding_rules *onboarding;
    /* a terminal model's warranty (borrowed; a list ending with a NULL model); NULL, or
     * a model not in it: OFFICE_WARRANTY_MONTHS_DEFAULT (12) */
    const struct office_warranty_months *warranty;
    /* an active terminal silent for longer than this gets a support ticket (watch.h);
     * 0: 600 s */
    int64_t offline_after_us;
};

struct office {
    struct office_config cfg;
    struct store *store; /* borrowed; used by this office's thread only */
    int64_t next_id;
    char dummy_hash[ROW_HASH_MAX + 1]; /* what an unknown name's password is checked against */
};

/* An office function's outcome when the record it was asked about is not on record
 * (positive: not an error; the API answers 404). */
#define OFFICE_NOT_FOUND 4

/* Who is acting: a logged-in user (and the session they came with), or the system
 * (user id 0: demo seeding, start-up). remote is the client's address for the log. */
struct office_actor {
    struct user_row user;
    struct auth_session_row session;
    char remote[48];
};

/* Opens the context on store (which the caller keeps open and closes after
 * office_close), with defaults for the rules left 0. */
int office_open(struct office **out, struct store *store, const struct office_config *cfg,
                struct ps_reason *why);
void office_close(struct office *o); /* NULL is allowed */

/* The next id for a row of the back office's tables. */
int64_t office_next_id(struct office *o);

/* Now, by the configured clock. */
int64_t office_now_us(const struct office *o);

/* The system as an actor (user id 0, name "system"). */
void office_system_actor(struct office_actor *out);

#endif
