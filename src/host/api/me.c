/* GET /api/v1/me (who am I) and PUT /api/v1/me/password (change my password). */
#include "host/api/internal.h"

#include "host/office/access/auth.h"
#include "host/office/access/users.h"

void api_me(struct api_call *call)
{
    json_t *me = office_user_json(&call->actor.user);
    if (me != NULL)
        json_object_set_new(me, "session_expires_us",
                            json_integer(call->actor.session.expires_us));
    api_reply(call->req, 200, me);
}

void api_me_password(struct api_call *call)
{
    json_t *body = NULL;
    const char *current = NULL, *fresh = NULL;
    struct ps_reason why = {{0}};

    if (api_body(call, &body) != 0 || api_string(call, body, "current_password", 1, &current) != 0 ||
        api_string(call, body, "new_password", 1, &fresh) != 0) {
        json_decref(body);
        return;
    }
    int rc = office_password_change(call->office, &call->actor, current, fresh, &why);
    json_decref(body);
    if (rc == OFFICE_AUTH_DENIED)
        api_error(call->req, 403, "current_password", "the current password is wrong");
    else if (rc == OFFICE_AUTH_LOCKED)
        api_error(call->req, 429, "current_password", "too many wrong passwords: locked for now");
    else if (rc != 0)
        api_office_error(call, rc, "new_password", &why);
    else
        api_reply(call->req, 200, json_pack("{s:s}", "status", "password changed"));
}
