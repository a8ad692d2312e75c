/* users.h — the people who log in to the back office: staff in their roles, agents
 * (who see only their own merchants) and merchants (only themselves). Created by an
 * admin; each change audited. */
#ifndef POSSUM_HOST_OFFICE_USERS_H
#define POSSUM_HOST_OFFICE_USERS_H

#include <jansson.h>

#include "host/office/office.h"

struct office_user_input {
    const char *username;     /* 3-32 of a-z 0-9 . _ - , starting with a letter */
    const char *display_name; /* 1-40 characters of UTF-8 */
    const char *role;         /* admin, reviewer, operations, technician, support, finance,
                                 agent, merchant */
    const char *password;     /* the rules of office_password_policy() */
    int64_t merchant_id;      /* > 0 for a merchant, else 0 */
    int64_t agent_id;         /* > 0 for an agent, else 0 */
    int published;            /* the password is public (the demo's): hashed at argon2id's
                                 least cost, since guessing it costs nothing anyway */
};

/* The user as the API shows it (never the password hash). A new object. */
json_t *office_user_json(const struct user_row *u);

/* Creates a user (committed with its audit entry). 0 with *out; PS_EINVAL with *field
 * naming the input at fault ("username", "role" ...) and why the reason; PS_ECHECK
 * when the name is taken (*field "username"); < 0 from the store. */
int office_user_create(struct office *o, const struct office_actor *actor,
                       const struct office_user_input *in, struct user_row *out,
                       const char **field, struct ps_reason *why);

/* Sets u's password (already checked against the rules), clears its lockout, and
 * commits with an audit entry by actor. */
int office_user_set_password(struct office *o, const struct office_actor *actor,
                             struct user_row *u, const char *password, struct ps_reason *why);

#endif
