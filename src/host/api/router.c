/* Matching a path against the route table: literal segments must be equal, a {name}
 * segment takes any one non-empty segment. The table is small and read in order, so a
 * linear scan is the simplest thing that is fast enough. */
#include "host/api/internal.h"

#include <stdio.h>
#include <string.h>

const char *api_method_name(enum evhttp_cmd_type method)
{
    switch (method) {
    case EVHTTP_REQ_GET: return "GET";
    case EVHTTP_REQ_POST: return "POST";
    case EVHTTP_REQ_PUT: return "PUT";
    case EVHTTP_REQ_PATCH: return "PATCH";
    case EVHTTP_REQ_DELETE: return "DELETE";
    case EVHTTP_REQ_HEAD: return "HEAD";
    case EVHTTP_REQ_OPTIONS: return "OPTIONS";
    default: return "OTHER";
    }
}

/* Length of the segment at s (up to '/' or the end). */
static size_t segment(const char *s)
{
    return strcspn(s, "/");
}

/* Whether path matches pattern; captures {name} segments into call->params. */
static int matches(struct api_call *call, const char *pattern, const char *path)
{
    call->param_count = 0;
    for (;;) {
        if (*pattern == '\0' || *path == '\0')
            return *pattern == '\0' && *path == '\0';
        if (*pattern != '/' || *path != '/')
            return 0;
        pattern++, path++;
        size_t p = segment(pattern), s = segment(path);
        if (p > 1 && pattern[0] == '{' && pattern[p - 1] == '}') {
            if (s == 0 || s >= API_PARAM_MAX || call->param_count == API_PARAMS_MAX)
                return 0;
            memcpy(call->params[call->param_count], path, s);
            call->params[call->param_count++][s] = '\0';
        } else if (p != s || memcmp(pattern, path, p) != 0) {
            return 0;
        }
        pattern += p;
        path += s;
    }
}

const struct api_route *api_route_find(struct api_call *call, enum evhttp_cmd_type method,
                                       char *allow, size_t allow_cap)
{
    size_t used = 0;
    allow[0] = '\0';
    for (const struct api_route *r = api_routes; r->pattern != NULL; r++) {
        if (!matches(call, r->pattern, call->path))
            continue;
        if (r->method == method)
            return r;
        int n = snprintf(allow + used, allow_cap - used, "%s%s", used > 0 ? ", " : "",
                         api_method_name(r->method));
        if (n > 0 && (size_t)n < allow_cap - used)
            used += (size_t)n;
    }
    return NULL;
}
