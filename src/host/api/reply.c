/* JSON answers and the error shape every route shares. */
#include "host/api/reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>

static const char *status_words(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    default: return status >= 500 ? "Internal Server Error" : "Error";
    }
}

/* Sends text[0..len), then "\n" when newline is set, with one extra header (NULL:
 * none). */
static void send_bytes(struct evhttp_request *req, int status, const char *text, size_t len,
                       int newline, const char *header, const char *value)
{
    struct evkeyvalq *headers = evhttp_request_get_output_headers(req);
    struct evbuffer *out = evbuffer_new();
    evhttp_add_header(headers, "Content-Type", "application/json; charset=utf-8");
    evhttp_add_header(headers, "Cache-Control", "no-store"); /* answers name people and money */
    evhttp_add_header(headers, "X-Content-Type-Options", "nosniff");
    if (header != NULL)
        evhttp_add_header(headers, header, value);
    if (out == NULL) {
        evhttp_send_error(req, 500, "out of memory");
        return;
    }
    evbuffer_add(out, text, len);
    if (newline)
        evbuffer_add(out, "\n", 1);
    evhttp_send_reply(req, status, status_words(status), out);
    evbuffer_free(out);
}

static void send_text(struct evhttp_request *req, int status, const char *text)
{
    send_bytes(req, status, text, strlen(text), 1, NULL, NULL);
}

void api_reply_bytes(struct evhttp_request *req, int status, const char *text, size_t len,
                     const char *header, const char *value)
{
    send_bytes(req, status, text, len, 0, header, value);
}

void api_reply(struct evhttp_request *req, int status, json_t *body)
{
    char *text = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL; /* UTF-8 as it is */
    json_decref(body);
    if (text == NULL) {
        send_text(req, 500, "{\"error\":{\"status\":500,\"reason\":\"the answer could not be "
                            "written as JSON\"}}");
        return;
    }
    send_text(req, status, text);
    free(text);
}

void api_error(struct evhttp_request *req, int status, const char *field, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    json_t *error = json_pack("{s:i, s:s}", "status", status, "reason", reason);
    if (error != NULL && field != NULL)
        json_object_set_new(error, "field", json_string(field));
    api_reply(req, status, error != NULL ? json_pack("{s:o}", "error", error) : NULL);
}
