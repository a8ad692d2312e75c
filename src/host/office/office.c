/* The back office's context (office.h). */
#include "host/office/office.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MINUTE_US (60LL * 1000000)

static int64_t wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int office_open(struct office **out, struct store *store, const struct office_config *cfg,
                struct ps_reason *why)
{
    struct office *o = calloc(1, sizeof(*o));
    *out = NULL;
    if (o == NULL)
        return ps_fail(why, PS_ENOMEM, "office: out of memory");
    o->cfg = *cfg;
    o->store = store;
    if (o->cfg.lockout_failures <= 0)
        o->cfg.lockout_failures = 5;
    if (o->cfg.lockout_us <= 0)
        o->cfg.lockout_us = 15 * MINUTE_US;
    if (o->cfg.session_us <= 0)
        o->cfg.session_us = 8 * 60 * MINUTE_US;
    if (o->cfg.offline_after_us <= 0)
        o->cfg.offline_after_us = 10 * MINUTE_US;
    if (o->cfg.clock_us == NULL)
        o->cfg.clock_us = wall_us;
    int rc = store_office_high_mark(store, cfg->host_id, &o->next_id, why);
    if (rc != 0) {
        free(o);
        return rc;
    }
    o->next_id++;
    *out = o;
    return PS_OK;
}

void office_close(struct office *o)
{
    free(o);
}

int64_t office_next_id(struct office *o)
{
    return o->next_id++;
}

int64_t office_now_us(const struct office *o)
{
    return o->cfg.clock_us();
}

void office_system_actor(struct office_actor *out)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->user.username, sizeof(out->user.username), "system");
    snprintf(out->user.role, sizeof(out->user.role), "admin");
    snprintf(out->remote, sizeof(out->remote), "local");
}
