/* internal.h — what the API's files share: one call in progress, the route table and
 * the handlers. Not public (api.h is). */
#ifndef POSSUM_HOST_API_INTERNAL_H
#define POSSUM_HOST_API_INTERNAL_H

#include <stddef.h>

#include <event2/http.h>

#include "host/api/api.h"
#include "host/api/reply.h"
#include "host/office/office.h"
#include "host/office/onboarding/onboarding.h" /* the roles */

#define API_PARAMS_MAX 4   /* {name} segments a route may have */
#define API_PARAM_MAX  128 /* bytes of one, decoded */

/* Who may call a route: a mask of role bits; PUBLIC needs no login, ANYONE any login. */
#define API_ROLE(r)  (1u << (r))
#define API_PUBLIC   0u
#define API_ANYONE   (~0u)
#define API_ADMIN    API_ROLE(OFFICE_ROLE_ADMIN)

/* One request being answered. */
struct api_call {
    struct evhttp_request *req;
    enum evhttp_cmd_type method;
    const struct api_config *cfg;
    struct office *office;
    struct office_actor actor; /* the caller, once authenticated */
    int by_cookie;             /* the session came in a cookie: changes need the CSRF header */
    const char *path;                         /* decoded, without the query */
    char params[API_PARAMS_MAX][API_PARAM_MAX]; /* the {name} segments, in order */
    size_t param_count;
};

typedef void (*api_handler)(struct api_call *call);

struct api_route {
    enum evhttp_cmd_type method;
    const char *pattern; /* "/api/v1/users/{id}": a {name} segment matches one segment */
    api_handler handler;
    unsigned roles;      /* API_PUBLIC, API_ANYONE, or API_ROLE() bits */
    size_t max_body;     /* bytes its body may have; 0: the server's (api_config.max_body) */
};

/* The route table (routes.c), ending with a NULL pattern. */
extern const struct api_route api_routes[];

/* Finds the route for the call's method and path, filling call->params. NULL when
 * none: *allow then lists the methods the path has ("GET, POST"; "" when the path
 * itself is unknown). */
const struct api_route *api_route_find(struct api_call *call, enum evhttp_cmd_type method,
                                       char *allow, size_t allow_cap);

/* "GET", "POST" ... */
const char *api_method_name(enum evhttp_cmd_type method);

/* ---- auth.c: who calls, and may they ------------------------------------------------- */

/* Finds the caller (a bearer token, else the possum_session cookie), checks the role
 * and, for a cookie session's changes, the CSRF header. 0 when the call may go on;
 * otherwise the 401 or 403 has been sent. */
int api_admit(struct api_call *call, unsigned roles);

/* The client's address, for the audit log. */
const char *api_remote(const struct api_call *call, char *buf, size_t cap);

/* ---- body.c: what a request carries ---------------------------------------------------- */

/* The body as a JSON object (*out, the caller's to json_decref). 0, or the 400/415
 * has been sent (naming the line and column of a syntax error). */
int api_body(struct api_call *call, json_t **out);

/* A string member: 0 with *out (NULL when absent and not required), or the 422 naming
 * field has been sent. */
int api_string(struct api_call *call, json_t *obj, const char *field, int required,
               const char **out);

/* An integer member (0 when absent and not required), or the 422 has been sent. */
int api_integer(struct api_call *call, json_t *obj, const char *field, int required,
                int64_t *out);

/* A query parameter as an integer in [min, max] (def when absent), or the 400 naming
 * it has been sent. */
int api_query_int(struct api_call *call, const char *name, int64_t min, int64_t max, int64_t def,
                  int64_t *out);

/* A query parameter's text into buf (cap bytes; "" when absent), or the 400 naming it
 * has been sent (too long, or a query string that cannot be read). */
int api_query_text(struct api_call *call, const char *name, char *buf, size_t cap);

/* A list answer built an item at a time: {"items": [...], next: the last item's id, or
 * null when the page was not full}. */
struct api_page {
    json_t *items;
    int64_t last_id;
    int64_t limit;
};
void api_page_add(struct api_page *p, json_t *item, int64_t id); /* item is taken */
/* Starts a page from the query: the cursor (after, or before for a newest-first list:
 * cursor names it) into *from, limit 1 to 500 (100), items a new array. 0, or -1 when
 * the 400 has been sent (nothing to free). */
int api_page_start(struct api_call *call, struct api_page *p, const char *cursor, int64_t *from);
/* Ends it: the page when rc is 0 (api_page_reply, next naming the cursor), else rc as
 * api_office_error answers it; the page is freed either way. */
void api_page_end(struct api_call *call, struct api_page *p, int rc, const struct ps_reason *why,
                  const char *next);
/* Sends the page (200) and frees it; next names the cursor ("next_after"). */
void api_page_reply(struct api_call *call, struct api_page *p, const char *next);

/* An office error as its HTTP answer: PS_EINVAL 422 (field and reason), PS_ECHECK 409,
 * anything else 500 (the reason logged, not shown). */
void api_office_error(struct api_call *call, int rc, const char *field, const struct ps_reason *why);

/* ---- problems.c: every problem named, and onboarding's outcomes ------------------------- */

struct office_problems;

/* Sends status with {"error": {"status", "reason" and "field" of the first problem,
 * "errors": [{"field", "reason"} for every one]}}. */
void api_problems(struct api_call *call, int status, const struct office_problems *problems);

/* An office onboarding outcome (office/onboarding/applications.h) as its answer:
 * OFFICE_NOT_FOUND 404 ("no <what> <id>"), OFFICE_DENIED 403, PS_EUNDEFINED 415,
 * PS_ETOOLONG 413, PS_ECHECK 409 and PS_EFORMAT 422 with the problems; else 500. */
void api_onboarding_error(struct api_call *call, int rc, const char *what, int64_t id,
                          const struct office_problems *problems, const struct ps_reason *why);

/* ---- application_input.c: an application's JSON as the office's fields ----------------- */

struct office_field_value;
struct office_step_input;

#define API_FIELDS_MAX 24

/* The fields of a create or edit body, with room for the values made from JSON that
 * is not a string (products, agent_id). Values point into the body: valid while it
 * lives. */
struct api_fields {
    struct office_field_value *v; /* API_FIELDS_MAX of them, the caller's */
    size_t n;
    char products[64];
    char agent_id[24];
};

/* Reads body into f, adding a problem for each member that is not a field or not of
 * its type. */
void api_application_fields(json_t *body, struct api_fields *f, struct office_problems *problems);

/* Reads an action's body into *in (zeroed first), adding a problem per bad member. */
void api_step_input(json_t *body, struct office_step_input *in, struct office_problems *problems);

/* The {id} path segment i as an id (> 0), or 0 when it is not one. */
int64_t api_param_id(const struct api_call *call, size_t i);

/* ---- sweep.c: the back office's timed work on the API's thread ------------------------ */

struct event;
struct event_base;

/* Adds to base a timer that runs the offline sweep (office/tms/watch.h) every
 * office_offline_sweep_period_us; *out (OUT) is the timer, the caller's to event_free
 * after the loop ends; NULL when office is NULL. 0, or PS_ENOMEM with why. */
int api_sweep_start(struct event_base *base, struct office *office, struct event **out,
                    struct ps_reason *why);

/* Handlers, one file per resource. */
void api_health(struct api_call *call);
void api_session_create(struct api_call *call);
void api_session_delete(struct api_call *call);
void api_me(struct api_call *call);
void api_me_password(struct api_call *call);
void api_users_list(struct api_call *call);
void api_users_create(struct api_call *call);
void api_audit_list(struct api_call *call);
void api_applications_list(struct api_call *call);
void api_applications_create(struct api_call *call);
void api_application_get(struct api_call *call);
void api_application_edit(struct api_call *call);
void api_application_act(struct api_call *call);
void api_application_events(struct api_call *call);
void api_documents_list(struct api_call *call);
void api_document_put(struct api_call *call);
void api_document_get(struct api_call *call);
void api_terminals_list(struct api_call *call);
void api_terminals_add(struct api_call *call);
void api_terminal_get(struct api_call *call);
void api_terminal_act(struct api_call *call);
void api_terminal_group(struct api_call *call);
/* The stock terminal {id} of the path (terminals.c), or the 404 has been sent. */
int api_terminal_id(struct api_call *call, int64_t *id);
void api_param_sets_list(struct api_call *call);
void api_param_sets_save(struct api_call *call);
void api_terminal_params(struct api_call *call);
void api_activation(struct api_call *call);
void api_heartbeat(struct api_call *call);
void api_tickets_list(struct api_call *call);
void api_tickets_open(struct api_call *call);
void api_ticket_get(struct api_call *call);
void api_ticket_act(struct api_call *call);
void api_ticket_comments_list(struct api_call *call);
void api_ticket_comment_add(struct api_call *call);
void api_training_list(struct api_call *call);
void api_training_record(struct api_call *call);
void api_package_put(struct api_call *call);
void api_packages_list(struct api_call *call);
void api_package_file(struct api_call *call);
void api_rollouts_start(struct api_call *call);
void api_rollouts_list(struct api_call *call);
void api_rollout_get(struct api_call *call);
void api_rollout_retry(struct api_call *call);

#endif
