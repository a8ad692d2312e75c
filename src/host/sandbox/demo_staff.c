/* The demo users of the back office (demo_staff.h). */
#include "host/sandbox/demo_staff.h"

#include <stdio.h>

#include "host/office/access/users.h"

const struct demo_user demo_users[] = {
    {"admin", "possum-admin-1", "admin", "演示管理员 Demo Admin", 0, 0},
    {"reviewer", "possum-reviewer-1", "reviewer", "审核 Demo Reviewer", 0, 0},
    {"operations", "possum-operations-1", "operations", "运营 Demo Operations", 0, 0},
    {"technician", "possum-technician-1", "technician", "技术 Demo Technician", 0, 0},
    {"support", "possum-support-1", "support", "客服 Demo Support", 0, 0},
    {"finance", "possum-finance-1", "finance", "财务 Demo Finance", 0, 0},
    {"agent", "possum-agent-1", "agent", "代理 Demo Agent", 0, 1},
    {"merchant", "possum-merchant-1", "merchant", "商户 Demo Shop 001", 1, 0},
};
const size_t demo_user_count = sizeof(demo_users) / sizeof(demo_users[0]);

static int count_user(void *ctx, const struct user_row *row)
{
    (void)row;
    ++*(int *)ctx;
    return 1; /* one is enough to know */
}

int demo_seed_staff(struct office *o, struct ps_reason *why)
{
    struct office_actor system;
    struct user_row created;
    const char *field = NULL;
    int users = 0;

    int rc = store_each_user(o->store, 0, 1, count_user, &users, why);
    if (rc < 0)
        return rc;
    if (users > 0)
        return 0;
    office_system_actor(&system);
    for (size_t i = 0; i < demo_user_count; i++) {
        const struct demo_user *d = &demo_users[i];
        struct office_user_input in = {d->username, d->display_name, d->role, d->password,
                                       d->merchant_id, d->agent_id, 1};
        struct ps_reason inner = {{0}};
        rc = office_user_create(o, &system, &in, &created, &field, &inner);
        if (rc != 0)
            return ps_fail(why, rc, "demo user %s: %s: %s", d->username,
                           field != NULL ? field : "store", inner.text);
    }
    return 1;
}
