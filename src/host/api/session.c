/* POST /api/v1/session (log in) and DELETE /api/v1/session (log out). The token comes
 * back in the body (for scripts: Authorization: Bearer) and as an HttpOnly cookie (for
 * the console, which then repeats the csrf value in X-CSRF-Token on changes). */
#include "host/api/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "host/office/access/auth.h"
#include "host/office/access/users.h"

static void set_cookie(struct api_call *call, const char *token, int64_t max_age_s)
{
    char cookie[256];
    snprintf(cookie, sizeof(cookie), "possum_session=%s; Path=/api; HttpOnly; SameSite=Strict%s;"
             " Max-Age=%" PRId64,
             token, call->cfg->tls ? "; Secure" : "", max_age_s);
    evhttp_add_header(evhttp_request_get_output_headers(call->req), "Set-Cookie", cookie);
}

static void locked(struct api_call *call, int64_t until_us)
{
    char retry[24];
    int64_t wait_s = (until_us - office_now_us(call->office)) / 1000000 + 1;
    snprintf(retry, sizeof(retry), "%" PRId64, wait_s > 0 ? wait_s : 1);
    evhttp_add_header(evhttp_request_get_output_headers(call->req), "Retry-After", retry);
    api_error(call->req, 429, NULL, "too many wrong passwords: this user is locked for %s more "
                                    "seconds",
              retry);
}

void api_session_create(struct api_call *call)
{
    json_t *body = NULL;
    const char *username = NULL, *password = NULL;
    struct office_login login;
    struct ps_reason why = {{0}};
    char remote[48];

    if (api_body(call, &body) != 0 || api_string(call, body, "username", 1, &username) != 0 ||
        api_string(call, body, "password", 1, &password) != 0) {
        json_decref(body);
        return;
    }
    int rc = office_login(call->office, username, password,
                          api_remote(call, remote, sizeof(remote)), &login, &why);
    json_decref(body);
    if (rc == OFFICE_AUTH_DENIED)
        api_error(call->req, 401, NULL, "wrong user name or password");
    else if (rc == OFFICE_AUTH_LOCKED)
        locked(call, login.user.locked_until_us);
    else if (rc != 0)
        api_office_error(call, rc, NULL, &why);
    else {
        set_cookie(call, login.token, (login.session.expires_us - login.session.created_us) / 1000000);
        api_reply(call->req, 201,
                  json_pack("{s:s, s:s, s:I, s:o}", "token", login.token, "csrf",
                            login.session.csrf, "expires_us", (json_int_t)login.session.expires_us,
                            "user", office_user_json(&login.user)));
    }
}

void api_session_delete(struct api_call *call)
{
    struct ps_reason why = {{0}};
    int rc = office_logout(call->office, &call->actor, &why);
    if (rc != 0) {
        api_office_error(call, rc, NULL, &why);
        return;
    }
    set_cookie(call, "", 0);
    api_reply(call->req, 200, json_pack("{s:s}", "status", "logged out"));
}
