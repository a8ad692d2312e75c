/* GET /api/v1/users (a page, by id) and POST /api/v1/users (an admin creates one). */
#include "host/api/internal.h"

#include "host/office/access/users.h"

static int take_user(void *ctx, const struct user_row *row)
{
    api_page_add(ctx, office_user_json(row), row->id);
    return 0;
}

void api_users_list(struct api_call *call)
{
    int64_t after = 0;
    struct api_page page;
    struct ps_reason why = {{0}};

    if (api_page_start(call, &page, "after", &after) != 0)
        return;
    int rc = store_each_user(call->office->store, after, (int)page.limit, take_user, &page, &why);
    api_page_end(call, &page, rc, &why, "next_after");
}

void api_users_create(struct api_call *call)
{
    json_t *body = NULL;
    struct office_user_input in = {0};
    struct user_row created;
    const char *field = NULL;
    struct ps_reason why = {{0}};

    if (api_body(call, &body) != 0 || api_string(call, body, "username", 1, &in.username) != 0 ||
        api_string(call, body, "display_name", 1, &in.display_name) != 0 ||
        api_string(call, body, "role", 1, &in.role) != 0 ||
        api_string(call, body, "password", 1, &in.password) != 0 ||
        api_integer(call, body, "merchant_id", 0, &in.merchant_id) != 0 ||
        api_integer(call, body, "agent_id", 0, &in.agent_id) != 0) {
        json_decref(body);
        return;
    }
    int rc = office_user_create(call->office, &call->actor, &in, &created, &field, &why);
    json_decref(body);
    if (rc != 0)
        api_office_error(call, rc, field, &why);
    else
        api_reply(call->req, 201, office_user_json(&created));
}
