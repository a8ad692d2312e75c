/* What a terminal's heartbeat does with app rollouts (rollouts.h): the version it is
 * offered, its reports of how the update went, and what it says it runs. The terminal
 * is not a user: its changes are audited as the system's. */
#include "host/office/tms/rollouts.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host/office/tms/rollouts_internal.h"
#include "host/office/tms/tms_internal.h"
#include "host/store/rollouts.h"

#define SEEN_MAX 8 /* a terminal's targets of one version moved per heartbeat */

/* ---- the offer ---------------------------------------------------------------------- */

/* Whether a terminal that reports running `runs` should be offered rollout r: not when
 * it runs r's version already (its heartbeat marks the target installed), nor when it
 * runs a newer one and r is no rollback. A report that does not parse is no reason to
 * hold the package back. */
static int wanted(const char *runs, const struct rollout_row *r)
{
    struct office_app_version have, want;
    if (runs[0] == '\0' || office_app_version_parse(runs, &have, NULL) != 0 ||
        office_app_version_parse(r->version, &want, NULL) != 0)
        return 1;
    int c = office_app_version_compare(&have, &want);
    return c < 0 || (c > 0 && r->allow_downgrade);
}

int office_rollout_offer(struct office *o, const struct stock_row *terminal,
                         struct office_update_offer *out, struct ps_reason *why)
{
    struct rollout_target_row t;
    struct rollout_row r;
    struct package_row pkg;

    memset(out, 0, sizeof(*out));
    int rc = store_find_newest_stock_target(o->store, terminal->id, "", &t, why);
    if (rc <= 0)
        return rc;
    if (strcmp(t.state, "pending") != 0 && strcmp(t.state, "downloaded") != 0)
        return 0;
    if ((rc = store_find_rollout(o->store, t.rollout_id, &r, why)) <= 0)
        return rc < 0 ? rc
                      : ps_fail(why, PS_ECHECK,
                                "rollout %" PRId64 " of target %" PRId64 " is not on record",
                                t.rollout_id, t.id);
    if (!wanted(terminal->app_version, &r))
        return 0;
    if ((rc = store_find_package(o->store, r.version, &pkg, why)) <= 0)
        return rc < 0 ? rc
                      : ps_fail(why, PS_ECHECK, "rollout %" PRId64 ": no package of version %s",
                                r.id, r.version);
    tms__copy(out->version, sizeof(out->version), pkg.version);
    tms__copy(out->sha256, sizeof(out->sha256), pkg.sha256);
    out->size = pkg.size;
    snprintf(out->url, sizeof(out->url), "/api/v1/packages/%s/file", pkg.version);
    return 1;
}

json_t *office_update_offer_json(const struct office_update_offer *offer)
{
    return json_pack("{s:s, s:s, s:I, s:s}", "version", offer->version, "sha256", offer->sha256,
                     "size", (json_int_t)offer->size, "url", offer->url);
}

/* ---- reports ------------------------------------------------------------------------ */

/* "downloaded", "installed", "failed" as the action that reports it. */
static int report_action(const char *state_name, enum office_rollout_action *out,
                         struct ps_reason *why)
{
    static const struct {
        const char *state;
        enum office_rollout_action action;
    } reports[] = {
        {"downloaded", OFFICE_ROLLOUT_REPORT_DOWNLOADED},
        {"installed", OFFICE_ROLLOUT_REPORT_INSTALLED},
        {"failed", OFFICE_ROLLOUT_REPORT_FAILED},
    };
    for (size_t i = 0; state_name != NULL && i < PS_ARRAY_LEN(reports); i++)
        if (strcmp(state_name, reports[i].state) == 0)
            return (*out = reports[i].action, 0);
    return ps_fail(why, PS_EFORMAT,
                   "update: state \"%.24s\" is not downloaded, installed or failed",
                   state_name != NULL ? state_name : "");
}

int office_rollout_report(struct office *o, int64_t stock_id, const char *version,
                          const char *state_name, const char *reason, struct ps_reason *why)
{
    struct office_app_version v;
    struct office_actor system;
    struct rollout_target_row before, after;
    struct ps_reason inner;
    enum office_rollout_action action;
    int rc;

    if (office_app_version_parse(version, &v, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "update: %s", inner.text);
    if ((rc = report_action(state_name, &action, why)) != 0)
        return rc;
    if ((rc = store_find_newest_stock_target(o->store, stock_id, version, &before, why)) <= 0)
        return rc < 0 ? rc
                      : ps_fail(why, PS_EUNDEFINED,
                                "update: terminal %" PRId64 " is in no rollout of version %s",
                                stock_id, version);
    if (strcmp(before.state, state_name) == 0)
        return 0; /* said before: a heartbeat sent again */
    office_system_actor(&system);
    rc = rollouts__move(o, &system, &before, action,
                        action == OFFICE_ROLLOUT_REPORT_FAILED ? reason : NULL, "rollout.report",
                        &after, &inner);
    if (rc != 0)
        return ps_fail(why, rc, "update: %s", inner.text);
    return 0;
}

/* ---- what runs ---------------------------------------------------------------------- */

struct unseen {
    struct rollout_target_row t[SEEN_MAX];
    int n;
};

static int take_unseen(void *ctx, const struct rollout_target_row *t)
{
    struct unseen *u = ctx;
    if (strcmp(t->state, "installed") != 0 && u->n < SEEN_MAX)
        u->t[u->n++] = *t;
    return 0;
}

int office_rollout_seen(struct office *o, int64_t stock_id, const char *app_version,
                        struct ps_reason *why)
{
    struct office_actor system;
    struct rollout_target_row after;
    struct unseen u;

    if (app_version == NULL || app_version[0] == '\0')
        return 0;
    u.n = 0;
    /* collected first: a walk's callback must not commit on its store */
    int rc = store_each_stock_target(o->store, stock_id, app_version, take_unseen, &u, why);
    if (rc != 0)
        return rc;
    office_system_actor(&system);
    for (int i = 0; i < u.n && rc == 0; i++)
        rc = rollouts__move(o, &system, &u.t[i], OFFICE_ROLLOUT_REPORT_INSTALLED, NULL,
                            "rollout.seen", &after, why);
    return rc;
}
