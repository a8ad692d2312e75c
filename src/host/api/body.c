/* What a request carries: a JSON body, its members, query parameters; and how an office
 * error becomes an HTTP answer. Every refusal names the field. */
#include "host/api/internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

int api_body(struct api_call *call, json_t **out)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(call->req);
    const char *type = evhttp_find_header(evhttp_request_get_input_headers(call->req),
                                          "Content-Type");
    json_error_t err;

    *out = NULL;
    if (type == NULL || strncmp(type, "application/json", 16) != 0) {
        api_error(call->req, 415, NULL, "send the body as Content-Type: application/json");
        return -1;
    }
    size_t len = evbuffer_get_length(in);
    const char *text = (const char *)evbuffer_pullup(in, (ev_ssize_t)len);
    json_t *v = json_loadb(text != NULL ? text : "", len, JSON_REJECT_DUPLICATES, &err);
    if (v == NULL) {
        api_error(call->req, 400, NULL, "the body is not JSON: line %d, column %d: %s", err.line,
                  err.column, err.text);
        return -1;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        api_error(call->req, 400, NULL, "the body must be a JSON object");
        return -1;
    }
    *out = v;
    return 0;
}

int api_string(struct api_call *call, json_t *obj, const char *field, int required,
               const char **out)
{
    json_t *v = json_object_get(obj, field);
    *out = NULL;
    if (v == NULL && !required)
        return 0;
    if (v == NULL) {
        api_error(call->req, 422, field, "missing");
        return -1;
    }
    if (!json_is_string(v)) {
        api_error(call->req, 422, field, "must be a string");
        return -1;
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        api_error(call->req, 422, field, "must not hold a NUL character");
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

int api_integer(struct api_call *call, json_t *obj, const char *field, int required,
                int64_t *out)
{
    json_t *v = json_object_get(obj, field);
    *out = 0;
    if (v == NULL && !required)
        return 0;
    if (v == NULL || !json_is_integer(v)) {
        api_error(call->req, 422, field, v == NULL ? "missing" : "must be an integer");
        return -1;
    }
    *out = json_integer_value(v);
    return 0;
}

int api_query_text(struct api_call *call, const char *name, char *buf, size_t cap)
{
    struct evkeyvalq q;
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(call->req);
    const char *query = uri != NULL ? evhttp_uri_get_query(uri) : NULL;
    int rc = 0;

    buf[0] = '\0';
    if (query == NULL)
        return 0;
    if (evhttp_parse_query_str(query, &q) != 0) {
        api_error(call->req, 400, NULL, "the query string cannot be read");
        return -1;
    }
    const char *text = evhttp_find_header(&q, name);
    if (text != NULL && strlen(text) >= cap) {
        api_error(call->req, 400, name, "longer than %zu bytes", cap - 1);
        rc = -1;
    } else if (text != NULL) {
        snprintf(buf, cap, "%s", text);
    }
    evhttp_clear_headers(&q);
    return rc;
}

int api_query_int(struct api_call *call, const char *name, int64_t min, int64_t max, int64_t def,
                  int64_t *out)
{
    struct evkeyvalq q;
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(call->req);
    const char *query = uri != NULL ? evhttp_uri_get_query(uri) : NULL;
    int rc = 0;

    *out = def;
    if (query == NULL)
        return 0;
    if (evhttp_parse_query_str(query, &q) != 0) {
        api_error(call->req, 400, NULL, "the query string cannot be read");
        return -1;
    }
    const char *text = evhttp_find_header(&q, name);
    if (text != NULL) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
            api_error(call->req, 400, name, "must be a whole number from %" PRId64 " to %" PRId64,
                      min, max);
            rc = -1;
        } else {
            *out = v;
        }
    }
    evhttp_clear_headers(&q);
    return rc;
}

void api_page_add(struct api_page *p, json_t *item, int64_t id)
{
    json_array_append_new(p->items, item);
    p->last_id = id;
}

void api_page_reply(struct api_call *call, struct api_page *p, const char *next)
{
    int full = (int64_t)json_array_size(p->items) == p->limit;
    api_reply(call->req, 200,
              json_pack("{s:o, s:o}", "items", p->items, next,
                        full ? json_integer(p->last_id) : json_null()));
    p->items = NULL;
}

int api_page_start(struct api_call *call, struct api_page *p, const char *cursor, int64_t *from)
{
    int newest_first = strcmp(cursor, "before") == 0;

    memset(p, 0, sizeof(*p));
    if (api_query_int(call, cursor, newest_first ? 1 : 0, INT64_MAX, newest_first ? INT64_MAX : 0,
                      from) != 0 ||
        api_query_int(call, "limit", 1, 500, 100, &p->limit) != 0)
        return -1;
    if ((p->items = json_array()) == NULL) {
        api_error(call->req, 500, NULL, "out of memory");
        return -1;
    }
    return 0;
}

void api_page_end(struct api_call *call, struct api_page *p, int rc, const struct ps_reason *why,
                  const char *next)
{
    if (rc == 0) {
        api_page_reply(call, p, next);
        return;
    }
    json_decref(p->items);
    p->items = NULL;
    api_office_error(call, rc, NULL, why);
}

void api_office_error(struct api_call *call, int rc, const char *field, const struct ps_reason *why)
{
    if (rc == OFFICE_NOT_FOUND)
        api_error(call->req, 404, field, "%s", why->text);
    else if (rc == PS_EINVAL || rc == PS_EFORMAT || rc == PS_EUNDEFINED)
        api_error(call->req, 422, field, "%s", why->text);
    else if (rc == PS_ECHECK)
        api_error(call->req, 409, field, "%s", why->text);
    else {
        fprintf(stderr, "possumd: api: %s %s: %s\n", api_method_name(call->method), call->path,
                why->text);
        api_error(call->req, 500, NULL, "possumd could not do it; its log says why");
    }
}
