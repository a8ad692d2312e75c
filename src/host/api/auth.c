/* Who calls a route and whether they may: the token (a bearer header for scripts, the
 * possum_session cookie for the console), the route's roles, and the CSRF header a
 * cookie session's changes must carry (a cookie rides along on any site's request; a
 * header only comes from our own pages). */
#include "host/api/internal.h"

#include <stdio.h>
#include <string.h>

#include <event2/keyvalq_struct.h>

#include "host/office/access/auth.h"

#define COOKIE "possum_session="

const char *api_remote(const struct api_call *call, char *buf, size_t cap)
{
    char *host = NULL;
    ev_uint16_t port = 0;
    struct evhttp_connection *c = evhttp_request_get_connection(call->req);
    if (c != NULL)
        evhttp_connection_get_peer(c, &host, &port);
    snprintf(buf, cap, "%s", host != NULL ? host : "unknown");
    return buf;
}

/* The token of the request into out (cap bytes): 1 from the bearer header, 2 from
 * the cookie, 0 when it carries none. */
static int token_of(struct evhttp_request *req, char *out, size_t cap)
{
    struct evkeyvalq *h = evhttp_request_get_input_headers(req);
    const char *auth = evhttp_find_header(h, "Authorization");
    const char *cookie = evhttp_find_header(h, "Cookie");
    out[0] = '\0';
    if (auth != NULL && strncmp(auth, "Bearer ", 7) == 0) {
        snprintf(out, cap, "%s", auth + 7);
        return 1;
    }
    const char *at = cookie != NULL ? strstr(cookie, COOKIE) : NULL;
    if (at == NULL || (at != cookie && at[-1] != ' ' && at[-1] != ';'))
        return 0;
    at += strlen(COOKIE);
    size_t len = strcspn(at, "; ");
    snprintf(out, cap, "%.*s", (int)(len < cap ? len : cap - 1), at);
    return 2;
}

static int is_change(enum evhttp_cmd_type m)
{
    return m != EVHTTP_REQ_GET && m != EVHTTP_REQ_HEAD && m != EVHTTP_REQ_OPTIONS;
}

/* "the admin or reviewer role" for a 403. */
static void roles_text(unsigned roles, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int r = 1; r <= OFFICE_ROLE_LAST; r++) {
        if (!(roles & API_ROLE(r)))
            continue;
        int n = snprintf(buf + used, cap - used, "%s%s", used > 0 ? " or " : "",
                         office_role_name((enum office_role)r));
        if (n > 0 && (size_t)n < cap - used)
            used += (size_t)n;
    }
}

static int role_bit(const struct office_actor *a)
{
    enum office_role role;
    if (office_role_from_name(a->user.role, strlen(a->user.role), &role, NULL) != 0)
        return 0; /* a role this build does not know may do nothing */
    return (int)API_ROLE(role);
}

int api_admit(struct api_call *call, unsigned roles)
{
    char token[96], remote[48], names[160];
    struct ps_reason why = {{0}};

    if (roles == API_PUBLIC)
        return 0;
    int source = token_of(call->req, token, sizeof(token));
    if (source == 0) {
        api_error(call->req, 401, NULL, "log in first: POST /api/v1/session");
        return -1;
    }
    int rc = office_authenticate(call->office, token, api_remote(call, remote, sizeof(remote)),
                                 &call->actor, &why);
    if (rc != 0) {
        if (rc < 0)
            api_office_error(call, rc, NULL, &why);
        else
            api_error(call->req, 401, NULL, "the session is unknown, expired or logged out: log "
                                            "in again");
        return -1;
    }
    call->by_cookie = source == 2;
    if (roles != API_ANYONE && !(roles & (unsigned)role_bit(&call->actor))) {
        roles_text(roles, names, sizeof(names));
        api_error(call->req, 403, NULL, "%s %s needs the %s role; %s is %s",
                  api_method_name(call->method), call->path, names, call->actor.user.username,
                  call->actor.user.role);
        return -1;
    }
    const char *csrf = evhttp_find_header(evhttp_request_get_input_headers(call->req),
                                          "X-CSRF-Token");
    if (call->by_cookie && is_change(call->method) && !office_csrf_ok(&call->actor, csrf)) {
        api_error(call->req, 403, "X-CSRF-Token",
                  "a change made with the session cookie must repeat the login's csrf value in "
                  "the X-CSRF-Token header");
        return -1;
    }
    return 0;
}
