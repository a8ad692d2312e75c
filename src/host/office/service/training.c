/* Training records over the store (training.h): who may record and see them, the
 * check that names every field at fault, and the commit of a record with its audit
 * entry.
 *
 * Ids: a record's id comes from office_next_id() and its audit entry's is taken after
 * it, so the audit table's highest id (what office_open continues after) is above
 * every id used here. */
#include "host/office/service/training.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "host/office/access/audit.h"
#include "host/office/calendar.h"
#include "host/office/onboarding/applications.h"
#include "host/office/onboarding/text.h"
#include "host/store/training.h"

static enum office_role role_of(const char *name)
{
    enum office_role role;
    if (office_role_from_name(name, strlen(name), &role, NULL) != 0)
        return (enum office_role)0;
    return role;
}

/* The service desk's staff: who trains merchants and keeps the records. */
static bool is_staff(const struct office_actor *actor)
{
    switch (role_of(actor->user.role)) {
    case OFFICE_ROLE_ADMIN:
    case OFFICE_ROLE_SUPPORT:
    case OFFICE_ROLE_OPERATIONS:
    case OFFICE_ROLE_TECHNICIAN:
        return true;
    default:
        return false;
    }
}

/* Whether actor may see merchant_id's records, and whether that merchant exists: a
 * merchant user asking about another merchant is answered as if there were none, so
 * which merchants exist is not its business. */
static int merchant_visible(struct office *o, const struct office_actor *actor, int64_t merchant_id,
                            struct ps_reason *why)
{
    struct merchant_row m;
    bool merchant_user = role_of(actor->user.role) == OFFICE_ROLE_MERCHANT;

    if (!is_staff(actor) && !merchant_user)
        return ps_fail(why, OFFICE_DENIED,
                       "training records are for the admin, support, operations, technician "
                       "and merchant roles");
    if (merchant_user && actor->user.merchant_id != merchant_id)
        return ps_fail(why, OFFICE_NOT_FOUND, "no merchant %" PRId64, merchant_id);
    int rc = store_find_merchant(o->store, merchant_id, &m, why);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ps_fail(why, OFFICE_NOT_FOUND, "no merchant %" PRId64, merchant_id);
    return 0;
}

/* ---- the check ------------------------------------------------------------------- */

/* A required one-line text of 1 to max_chars characters into buf (cap bytes, the
 * row's field), or a problem about field. */
static void take_text(struct office_problems *problems, const char *field, const char *value,
                      size_t max_chars, char *buf, size_t cap)
{
    const struct office__text_rules rules = {cap - 1, max_chars, 0};
    struct ps_reason inner;

    if (office_problems_find(problems, field) != NULL)
        return;
    if (value == NULL || value[0] == '\0') {
        office_problem_add(problems, field, PS_EINVAL, "%s",
                           value == NULL ? "missing" : "must not be empty");
        return;
    }
    int rc = office__text_check(value, strlen(value), &rules, &inner);
    if (rc != 0) {
        office_problem_add(problems, field, rc, "%s", inner.text);
        return;
    }
    snprintf(buf, cap, "%s", value);
}

static void take_role(struct office_problems *problems, const char *value, struct training_row *r)
{
    static const char *const roles[] = {"cashier", "manager", "owner"};
    char quoted[OFFICE__QUOTE_MAX];

    if (office_problems_find(problems, "trainee_role") != NULL)
        return;
    if (value == NULL) {
        office_problem_add(problems, "trainee_role", PS_EINVAL, "missing");
        return;
    }
    for (size_t i = 0; i < PS_ARRAY_LEN(roles); i++) {
        if (strcmp(value, roles[i]) == 0) {
            snprintf(r->trainee_role, sizeof(r->trainee_role), "%s", roles[i]);
            return;
        }
    }
    office_problem_add(problems, "trainee_role", PS_EUNDEFINED,
                       "%s is not a trainee role: cashier, manager or owner",
                       office__quote(value, strlen(value), quoted));
}

/* A real date, not after today: a record says what happened, not what is planned. */
static void take_date(struct office *o, struct office_problems *problems, const char *value,
                      struct training_row *r)
{
    struct ps_reason inner;
    uint32_t date = 0, today = office_onboarding_today(o);

    if (office_problems_find(problems, "trained_on") != NULL)
        return;
    if (value == NULL) {
        office_problem_add(problems, "trained_on", PS_EINVAL, "missing");
        return;
    }
    if (office_date_parse(value, strlen(value), &date, &inner) != 0) {
        office_problem_add(problems, "trained_on", PS_EFORMAT, "%s", inner.text);
        return;
    }
    if (date > today) {
        office_problem_add(problems, "trained_on", PS_EINVAL, "%08u is after today (%08u)",
                           (unsigned)date, (unsigned)today);
        return;
    }
    snprintf(r->trained_on, sizeof(r->trained_on), "%08u", (unsigned)date);
}

/* The trainer: the actor, or the active technician or support user trainer_id names
 * (a supervisor recording a colleague's visit). */
static int take_trainer(struct office *o, const struct office_actor *actor, int64_t trainer_id,
                        struct office_problems *problems, struct training_row *r,
                        struct ps_reason *why)
{
    struct user_row u;

    if (trainer_id == 0) {
        r->trainer_id = actor->user.id;
        snprintf(r->trainer, sizeof(r->trainer), "%s", actor->user.username);
        return 0;
    }
    if (office_problems_find(problems, "trainer_id") != NULL)
        return 0;
    int rc = store_find_user(o->store, trainer_id, &u, why);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        office_problem_add(problems, "trainer_id", PS_EINVAL, "no user %" PRId64, trainer_id);
        return 0;
    }
    if (strcmp(u.role, "technician") != 0 && strcmp(u.role, "support") != 0)
        office_problem_add(problems, "trainer_id", PS_EINVAL,
                           "%s is a %s user: trainers are technician or support users", u.username,
                           u.role);
    else if (strcmp(u.status, "active") != 0)
        office_problem_add(problems, "trainer_id", PS_EINVAL, "%s is %s", u.username, u.status);
    r->trainer_id = u.id;
    snprintf(r->trainer, sizeof(r->trainer), "%s", u.username);
    return 0;
}

/* ---- recording and listing -------------------------------------------------------- */

static int commit_record(struct office *o, const struct office_actor *actor,
                         const struct training_row *r, struct ps_reason *why)
{
    struct audit_row entry;
    struct store_batch b;
    int rc;

    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_TRAINING_PUT);
    if (op == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "out of memory");
        goto out;
    }
    op->u.training = r;
    rc = office_audit_add(o, &b, &entry, actor, "training.record", "training_record", r->id, NULL,
                          office_training_json(r), why);
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
out:
    store_batch_free(&b);
    return rc;
}

int office_training_record(struct office *o, const struct office_actor *actor, int64_t merchant_id,
                           const struct office_training_input *in, struct training_row *out,
                           struct office_problems *problems, struct ps_reason *why)
{
    memset(out, 0, sizeof(*out));
    if (!is_staff(actor))
        return ps_fail(why, OFFICE_DENIED,
                       "recording a training needs the admin, support, operations or technician "
                       "role");
    int rc = merchant_visible(o, actor, merchant_id, why);
    if (rc != 0)
        return rc;
    take_text(problems, "trainee_name", in->trainee_name, OFFICE_TRAINEE_NAME_CHARS,
              out->trainee_name, sizeof(out->trainee_name));
    take_role(problems, in->trainee_role, out);
    take_text(problems, "topics", in->topics, OFFICE_TRAINING_TOPICS_CHARS, out->topics,
              sizeof(out->topics));
    take_date(o, problems, in->trained_on, out);
    if ((rc = take_trainer(o, actor, in->trainer_id, problems, out, why)) != 0)
        return rc;
    if (problems->count > 0 || problems->dropped > 0)
        return ps_fail(why, PS_EFORMAT, "%s: %s",
                       problems->count > 0 ? problems->items[0].field : "input",
                       problems->count > 0 ? problems->items[0].reason.text : "not right");
    out->id = office_next_id(o);
    out->merchant_id = merchant_id;
    out->created_us = office_now_us(o);
    return commit_record(o, actor, out, why);
}

int office_training_list(struct office *o, const struct office_actor *actor, int64_t merchant_id,
                         int64_t after_id, int limit,
                         int (*fn)(void *ctx, const struct training_row *row), void *ctx,
                         struct ps_reason *why)
{
    int rc = merchant_visible(o, actor, merchant_id, why);
    if (rc != 0)
        return rc;
    return store_each_training(o->store, merchant_id, after_id, limit, fn, ctx, why);
}

json_t *office_training_json(const struct training_row *r)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:I}", "id", (json_int_t)r->id,
                     "merchant_id", (json_int_t)r->merchant_id, "trainee_name", r->trainee_name,
                     "trainee_role", r->trainee_role, "topics", r->topics, "trained_on",
                     r->trained_on, "trainer_id", (json_int_t)r->trainer_id, "trainer", r->trainer,
                     "created_us", (json_int_t)r->created_us);
}
