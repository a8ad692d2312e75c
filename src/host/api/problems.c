/* Answers that name every problem (a 422 lists all that is wrong at once, so whoever
 * keys in an application from paper fixes it in one go), and the back office's
 * onboarding outcomes as HTTP statuses. */
#include "host/api/internal.h"

#include <inttypes.h>
#include <stdio.h>

#include "host/office/onboarding/applications.h"

void api_problems(struct api_call *call, int status, const struct office_problems *problems)
{
    json_t *errors = json_array();
    for (size_t i = 0; i < problems->count && errors != NULL; i++)
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field", problems->items[i].field,
                                                "reason", problems->items[i].reason.text));
    const struct office_problem *first = problems->count > 0 ? &problems->items[0] : NULL;
    json_t *error = json_pack("{s:i, s:s, s:o}", "status", status, "reason",
                              first != NULL ? first->reason.text : "the request is not right",
                              "errors", errors);
    if (error != NULL && first != NULL)
        json_object_set_new(error, "field", json_string(first->field));
    if (error != NULL && problems->dropped > 0)
        json_object_set_new(error, "errors_not_listed",
                            json_integer((json_int_t)problems->dropped));
    api_reply(call->req, status, error != NULL ? json_pack("{s:o}", "error", error) : NULL);
}

void api_onboarding_error(struct api_call *call, int rc, const char *what, int64_t id,
                          const struct office_problems *problems, const struct ps_reason *why)
{
    switch (rc) {
    case OFFICE_NOT_FOUND:
        api_error(call->req, 404, NULL, "no %s %" PRId64, what, id);
        return;
    case OFFICE_DENIED:
        api_error(call->req, 403, NULL, "%s", why->text);
        return;
    case PS_EUNDEFINED:
        api_error(call->req, 415, NULL, "%s", why->text);
        return;
    case PS_ETOOLONG:
        api_error(call->req, 413, NULL, "%s", why->text);
        return;
    case PS_ECHECK:
    case PS_EFORMAT:
        if (problems->count > 0) {
            api_problems(call, rc == PS_ECHECK ? 409 : 422, problems);
            return;
        }
        break;
    default:
        break;
    }
    api_office_error(call, rc < 0 ? PS_EIO : rc, NULL, why);
}
