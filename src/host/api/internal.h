/* internal.h — what the API's files share: one call in progress, the route table and
 * the handlers. Not public (api.h is). */
#ifndef POSSUM_HOST_API_INTERNAL_H
#define POSSUM_HOST_API_INTERNAL_H

#include <stddef.h>

#include <event2/http.h>

#include "host/api/api.h"
#include "host/api/reply.h"

#define API_PARAMS_MAX 4   /* {name} segments a route may have */
#define API_PARAM_MAX  128 /* bytes of one, decoded */

/* One request being answered. */
struct api_call {
    struct evhttp_request *req;
    const struct api_config *cfg;
    const char *path;                         /* decoded, without the query */
    char params[API_PARAMS_MAX][API_PARAM_MAX]; /* the {name} segments, in order */
    size_t param_count;
};

typedef void (*api_handler)(struct api_call *call);

struct api_route {
    enum evhttp_cmd_type method;
    const char *pattern; /* "/api/v1/users/{id}": a {name} segment matches one segment */
    api_handler handler;
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

/* Handlers, one file per resource. */
void api_health(struct api_call *call);

#endif
