/* App rollouts as staff start, follow and retry them (rollouts.h); what heartbeats do
 * with them is rollout_updates.c. */
#include "host/office/tms/rollouts.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/office/access/audit.h"
#include "host/office/tms/group.h"
#include "host/office/tms/rollouts_internal.h"
#include "host/office/tms/tms_internal.h"
#include "host/store/rollouts.h"

#define STOCK_PAGE 500 /* terminals of a group read at a time */

/* ---- as the API shows them ---------------------------------------------------------- */

json_t *office_rollout_json(const struct rollout_row *r)
{
    return json_pack("{s:I, s:s, s:s, s:b, s:s, s:I, s:s, s:I}", "id", (json_int_t)r->id, "version",
                     r->version, "group", r->group_name, "allow_downgrade", r->allow_downgrade != 0,
                     "note", r->note, "created_by", (json_int_t)r->created_by, "creator",
                     r->creator, "created_us", (json_int_t)r->created_us);
}

json_t *office_rollout_target_json(const struct rollout_target_row *t, const struct stock_row *s)
{
    json_t *j = json_pack("{s:I}", "terminal_id", (json_int_t)t->stock_id);
    if (s != NULL) {
        json_object_set_new(j, "serial", json_string(s->serial));
        json_object_set_new(j, "tid", json_string(s->tid));
    }
    json_object_set_new(j, "state", json_string(t->state));
    json_object_set_new(j, "reason", json_string(t->reason));
    json_object_set_new(j, "from_version", json_string(t->from_version));
    json_object_set_new(j, "updated_us", json_integer(t->updated_us));
    return j;
}

/* ---- moving a target on ------------------------------------------------------------- */

int rollouts__move(struct office *o, const struct office_actor *actor,
                   const struct rollout_target_row *before, enum office_rollout_action action,
                   const char *reason, const char *audit_action, struct rollout_target_row *after,
                   struct ps_reason *why)
{
    struct office_rollout_target t = {0};
    struct audit_row entry;
    struct store_batch b;
    int rc;

    if (office_rollout_state_parse(before->state, &t.state, why) != 0)
        return ps_fail(why, PS_EFORMAT, "rollout target %" PRId64 " has state \"%.11s\" on record",
                       before->id, before->state);
    if ((rc = office_rollout_apply(&t, action, reason, why)) != 0)
        return rc;
    *after = *before;
    tms__copy(after->state, sizeof(after->state), office_rollout_state_name(t.state));
    tms__copy(after->reason, sizeof(after->reason), t.reason);
    int64_t now = office_now_us(o);
    after->updated_us = now > before->updated_us ? now : before->updated_us + 1;

    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_ROLLOUT_TARGET_CHANGE);
    if (op == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "out of memory");
        goto out;
    }
    struct store_rollout_target_change *c = &op->u.target_change;
    c->id = before->id;
    tms__copy(c->from_state, sizeof(c->from_state), before->state);
    c->from_updated_us = before->updated_us;
    tms__copy(c->to_state, sizeof(c->to_state), after->state);
    tms__copy(c->reason, sizeof(c->reason), after->reason);
    c->updated_us = after->updated_us;
    rc = office_audit_add(o, &b, &entry, actor, audit_action, "rollout_target", before->id,
                          office_rollout_target_json(before, NULL),
                          office_rollout_target_json(after, NULL), why);
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
out:
    store_batch_free(&b);
    return rc;
}

int office_rollout_retry(struct office *o, const struct office_actor *actor, int64_t rollout_id,
                         int64_t stock_id, struct rollout_target_row *out, struct ps_reason *why)
{
    struct rollout_row r;
    struct rollout_target_row before;

    int rc = store_find_rollout(o->store, rollout_id, &r, why);
    if (rc == 1)
        rc = store_find_rollout_target(o->store, rollout_id, stock_id, &before, why);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ps_fail(why, OFFICE_NOT_FOUND, "no terminal %" PRId64 " in rollout %" PRId64,
                       stock_id, rollout_id);
    return rollouts__move(o, actor, &before, OFFICE_ROLLOUT_RETRY, NULL, "rollout.retry", out, why);
}

/* ---- starting one ------------------------------------------------------------------- */

/* The group's terminals as the walk found them: the targets to put, and those left out. */
struct start {
    struct office *o;
    struct rollout_row *r;
    struct office_app_version target;
    struct store_batch *b;
    json_t *skipped;
    size_t terminals; /* seen in the group */
    size_t targeted;
    int64_t last_id;
    struct ps_reason why; /* of a failure inside the walk */
};

static int take_terminal(void *ctx, const struct stock_row *s)
{
    struct start *st = ctx;
    struct office_rollout_target t = {0};
    struct ps_reason refused;

    st->last_id = s->id;
    if (++st->terminals > OFFICE_ROLLOUT_TERMINALS_MAX)
        return ps_fail(&st->why, PS_ECHECK,
                       "group %s has more than %d terminals: a rollout "
                       "reaches at most that many",
                       st->r->group_name, OFFICE_ROLLOUT_TERMINALS_MAX);
    /* a terminal that never said what it runs gets the package: it is what it should run */
    if (s->app_version[0] == '\0')
        t.state = OFFICE_ROLLOUT_PENDING;
    else if (office_rollout_target_init(&t, &st->target, s->app_version,
                                        st->r->allow_downgrade != 0, &refused) != 0) {
        json_array_append_new(st->skipped,
                              json_pack("{s:I, s:s, s:s, s:s}", "terminal_id", (json_int_t)s->id,
                                        "serial", s->serial, "app_version", s->app_version,
                                        "reason", refused.text));
        return 0;
    }
    struct store_op *op = store_batch_add(st->b, STORE_ROLLOUT_TARGET_PUT);
    if (op == NULL)
        return ps_fail(&st->why, PS_ENOMEM, "out of memory");
    struct rollout_target_row *row = &op->u.rollout_target;
    row->id = office_next_id(st->o);
    row->rollout_id = st->r->id;
    row->stock_id = s->id;
    tms__copy(row->state, sizeof(row->state), office_rollout_state_name(t.state));
    tms__copy(row->from_version, sizeof(row->from_version), s->app_version);
    row->updated_us = st->r->created_us;
    st->targeted++;
    return 0;
}

/* The input's checks that need no store, each naming its field. */
static int start_check(const struct office_rollout_input *in, struct office_app_version *v,
                       const char **field, struct ps_reason *why)
{
    int rc;
    *field = "version";
    if ((rc = office_app_version_parse(in->version, v, why)) != 0)
        return rc;
    *field = "group";
    if ((rc = office_group_name_check(in->group, why)) != 0)
        return rc;
    *field = "note";
    if (in->note != NULL &&
        (rc = tms__text_check("note", in->note, 0, OFFICE_ROLLOUT_NOTE_MAX, why)) != 0)
        return rc;
    *field = NULL;
    return 0;
}

/* Walks the group into st (its batch gets the targets), a page at a time. */
static int walk_group(struct office *o, struct start *st, struct ps_reason *why)
{
    for (;;) {
        size_t before = st->terminals;
        int rc = store_each_stock(o->store, st->r->group_name, st->last_id, STOCK_PAGE,
                                  take_terminal, st, why);
        if (rc != 0) {
            if (st->why.text[0] != '\0') /* take_terminal's refusal, not the store's */
                *why = st->why;
            return rc;
        }
        if (st->terminals - before < STOCK_PAGE)
            return 0;
    }
}

int office_rollout_start(struct office *o, const struct office_actor *actor,
                         const struct office_rollout_input *in, struct rollout_row *out,
                         json_t **skipped, const char **field, struct ps_reason *why)
{
    struct package_row pkg;
    struct audit_row entry;
    struct store_batch b;
    struct start st;
    int rc;

    memset(out, 0, sizeof(*out));
    *skipped = NULL;
    memset(&st, 0, sizeof(st));
    if ((rc = start_check(in, &st.target, field, why)) != 0)
        return rc;
    if ((rc = store_find_package(o->store, in->version, &pkg, why)) <= 0) {
        *field = rc == 0 ? "version" : NULL;
        return rc < 0 ? rc
                      : ps_fail(why, OFFICE_NOT_FOUND, "no package of version %s: upload it first",
                                in->version);
    }
    out->id = office_next_id(o);
    tms__copy(out->version, sizeof(out->version), in->version);
    tms__copy(out->group_name, sizeof(out->group_name), in->group);
    out->allow_downgrade = in->allow_downgrade ? 1 : 0;
    tms__copy(out->note, sizeof(out->note), in->note != NULL ? in->note : "");
    out->created_by = actor->user.id;
    tms__copy(out->creator, sizeof(out->creator), actor->user.username);
    out->created_us = office_now_us(o);

    store_batch_init(&b);
    st.o = o;
    st.r = out;
    st.b = &b;
    st.skipped = json_array();
    struct store_op *op = store_batch_add(&b, STORE_ROLLOUT_PUT);
    if (op == NULL || st.skipped == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "out of memory");
        goto out;
    }
    op->u.rollout = *out;
    if ((rc = walk_group(o, &st, why)) != 0)
        goto out;
    if (st.terminals == 0) {
        *field = "group";
        rc = ps_fail(why, OFFICE_NOT_FOUND, "no terminal is in group %s", in->group);
        goto out;
    }
    if (st.targeted == 0) {
        *field = "allow_downgrade";
        rc = ps_fail(why, PS_ECHECK,
                     "every terminal of group %s runs a version newer than %s: a rollback "
                     "needs allow_downgrade",
                     in->group, in->version);
        goto out;
    }
    json_t *after = office_rollout_json(out);
    json_object_set_new(after, "terminals", json_integer((json_int_t)st.targeted));
    json_object_set(after, "skipped", st.skipped);
    rc = office_audit_add(o, &b, &entry, actor, "rollout.start", "rollout", out->id, NULL, after,
                          why);
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
out:
    store_batch_free(&b);
    if (rc == 0)
        *skipped = st.skipped;
    else
        json_decref(st.skipped);
    return rc;
}

/* ---- following one ------------------------------------------------------------------ */

struct page {
    struct office *o;
    json_t *items;
    int64_t last;
    struct ps_reason why;
};

static int take_target(void *ctx, const struct rollout_target_row *t)
{
    struct page *p = ctx;
    struct stock_row s;
    int rc = store_find_stock(p->o->store, t->stock_id, &s, &p->why);
    if (rc < 0)
        return rc;
    json_array_append_new(p->items, office_rollout_target_json(t, rc == 1 ? &s : NULL));
    p->last = t->stock_id;
    return 0;
}

int office_rollout_get(struct office *o, int64_t id, int64_t after_stock_id, int limit,
                       json_t **out, struct ps_reason *why)
{
    struct rollout_row r;
    struct page p = {o, NULL, 0, {{0}}};
    json_t *counts = NULL;
    int rc;

    *out = NULL;
    if ((rc = store_find_rollout(o->store, id, &r, why)) <= 0)
        return rc < 0 ? rc : ps_fail(why, OFFICE_NOT_FOUND, "no rollout %" PRId64, id);
    counts = json_object();
    for (int s = 1; s <= OFFICE_ROLLOUT_STATE_COUNT; s++) {
        const char *name = office_rollout_state_name((enum office_rollout_state)s);
        int64_t n = 0;
        if ((rc = store_count_rollout_targets(o->store, id, name, &n, why)) != 0)
            goto out;
        json_object_set_new(counts, name, json_integer(n));
    }
    p.items = json_array();
    rc = store_each_rollout_target(o->store, id, after_stock_id, limit, take_target, &p, why);
    if (rc != 0) {
        if (p.why.text[0] != '\0') /* a lookup inside the walk failed */
            *why = p.why;
        goto out;
    }
    *out = office_rollout_json(&r);
    json_object_set_new(*out, "counts", counts);
    counts = NULL;
    json_object_set_new(*out, "terminals", p.items);
    json_object_set_new(*out, "next_after",
                        (int64_t)json_array_size(p.items) == limit ? json_integer(p.last)
                                                                   : json_null());
    p.items = NULL;
out:
    json_decref(counts);
    json_decref(p.items);
    return rc;
}
