/* Training records (after-sales, 售后): GET and POST /api/v1/merchants/{id}/training.
 * Who may see and record which merchant's is the office's (office/service/training.h):
 * staff record and see any merchant's, a merchant's user sees only its own and another
 * merchant answers 404. A 422 names every field at fault at once. */
#include "host/api/internal.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "host/office/service/training.h"

/* The {id} path segment as a merchant id, or the 404 has been sent. */
static int merchant_id(struct api_call *call, int64_t *id)
{
    *id = api_param_id(call, 0);
    if (*id == 0) {
        api_error(call->req, 404, NULL, "no merchant %s", call->params[0]);
        return -1;
    }
    return 0;
}

/* ---- the list ---------------------------------------------------------------------- */

static int take_record(void *ctx, const struct training_row *row)
{
    api_page_add(ctx, office_training_json(row), row->id);
    return 0;
}

void api_training_list(struct api_call *call)
{
    struct api_page page = {json_array(), 0, 0};
    struct office_problems none = {0};
    struct ps_reason why = {{0}};
    int64_t id = 0, after = 0;

    if (merchant_id(call, &id) != 0 || api_query_int(call, "after", 0, INT64_MAX, 0, &after) != 0 ||
        api_query_int(call, "limit", 1, 500, 100, &page.limit) != 0)
        goto out;
    int rc = office_training_list(call->office, &call->actor, id, after, (int)page.limit,
                                  take_record, &page, &why);
    if (rc != 0) {
        api_onboarding_error(call, rc, "merchant", id, &none, &why);
        goto out;
    }
    api_page_reply(call, &page, "next_after");
out:
    json_decref(page.items);
}

/* ---- recording one ----------------------------------------------------------------- */

/* A string member: NULL when absent; a problem when not a string (or holding a NUL,
 * which a C string would cut short). */
static const char *string_member(json_t *body, const char *field, struct office_problems *problems)
{
    json_t *v = json_object_get(body, field);
    if (v == NULL)
        return NULL;
    if (!json_is_string(v))
        office_problem_add(problems, field, PS_EFORMAT, "must be a string");
    else if (strlen(json_string_value(v)) != json_string_length(v))
        office_problem_add(problems, field, PS_EFORMAT, "must not hold a NUL character");
    else
        return json_string_value(v);
    return NULL;
}

/* The body as the office's input (its strings point into body), naming each member
 * that is not a field or not of its type. */
static void training_input(json_t *body, struct office_training_input *in,
                           struct office_problems *problems)
{
    static const char *const fields[] = {"trainee_name", "trainee_role", "topics", "trained_on",
                                         "trainer_id"};
    const char *key;
    json_t *v;

    json_object_foreach(body, key, v)
    {
        size_t i = 0;
        while (i < PS_ARRAY_LEN(fields) && strcmp(fields[i], key) != 0)
            i++;
        if (i == PS_ARRAY_LEN(fields)) {
            char name[OFFICE_FIELD_NAME_MAX];
            snprintf(name, sizeof(name), "%.40s", key);
            office_problem_add(problems, name, PS_EUNDEFINED,
                               "is not a field of a training record");
        }
    }
    in->trainee_name = string_member(body, "trainee_name", problems);
    in->trainee_role = string_member(body, "trainee_role", problems);
    in->topics = string_member(body, "topics", problems);
    in->trained_on = string_member(body, "trained_on", problems);
    v = json_object_get(body, "trainer_id");
    if (v != NULL && (!json_is_integer(v) || json_integer_value(v) <= 0))
        office_problem_add(problems, "trainer_id", PS_EFORMAT,
                           "must be a user id (an integer above 0)");
    else if (v != NULL)
        in->trainer_id = json_integer_value(v);
}

void api_training_record(struct api_call *call)
{
    struct office_training_input in = {0};
    struct office_problems problems = {0};
    struct training_row r;
    struct ps_reason why = {{0}};
    json_t *body = NULL;
    int64_t id = 0;

    if (merchant_id(call, &id) != 0 || api_body(call, &body) != 0)
        return;
    training_input(body, &in, &problems);
    int rc = office_training_record(call->office, &call->actor, id, &in, &r, &problems, &why);
    if (rc != 0)
        api_onboarding_error(call, rc, "merchant", id, &problems, &why);
    else
        api_reply(call->req, 201, office_training_json(&r));
    json_decref(body);
}
