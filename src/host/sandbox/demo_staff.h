/* demo_staff.h — the back office's demo users, one per role, that possumd --demo
 * seeds when the store has no user yet (docs/sandbox.md lists them). Their passwords
 * are printed and public: demo only. */
#ifndef POSSUM_HOST_SANDBOX_DEMO_STAFF_H
#define POSSUM_HOST_SANDBOX_DEMO_STAFF_H

#include "host/office/office.h"

struct demo_user {
    const char *username;
    const char *password;
    const char *role;
    const char *display_name;
    int64_t merchant_id; /* the merchant user's: demo merchant 1 */
    int64_t agent_id;
};

extern const struct demo_user demo_users[];
extern const size_t demo_user_count;

/* Creates the demo users (audited as the system) when there are none; 1 when it did,
 * 0 when users existed, < 0 with why. */
int demo_seed_staff(struct office *o, struct ps_reason *why);

#endif
