/* reply.h — how every API answer is written: JSON bodies, and errors that say what is
 * wrong and with which field. Internal to api/. */
#ifndef POSSUM_HOST_API_REPLY_H
#define POSSUM_HOST_API_REPLY_H

#include <jansson.h>

struct evhttp_request;

/* Sends body (taken: the call frees it) with status and Content-Type
 * application/json; charset=utf-8. A body that cannot be encoded becomes a 500. */
void api_reply(struct evhttp_request *req, int status, json_t *body);

/* Sends {"error": {"status": status, "reason": "...", "field": field}}; field may be
 * NULL (then absent). The reason is printf-formatted and says what to do when that
 * is known ("log in first"). */
void api_error(struct evhttp_request *req, int status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
