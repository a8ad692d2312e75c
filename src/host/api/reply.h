/* reply.h — how every API answer is written: JSON bodies, and errors that say what is
 * wrong and with which field. Internal to api/. */
#ifndef POSSUM_HOST_API_REPLY_H
#define POSSUM_HOST_API_REPLY_H

#include <stddef.h>

#include <jansson.h>

struct evhttp_request;

/* Sends body (taken: the call frees it) with status and Content-Type
 * application/json; charset=utf-8. A body that cannot be encoded becomes a 500. */
void api_reply(struct evhttp_request *req, int status, json_t *body);

/* Sends text[0..len) exactly as given (JSON the caller dumped; no newline is added) with
 * status, the headers api_reply sends, and header: value when header is not NULL: for an
 * answer whose exact bytes are signed (the heartbeat's X-Possum-Signature). Copies. */
void api_reply_bytes(struct evhttp_request *req, int status, const char *text, size_t len,
                     const char *header, const char *value);

/* Sends {"error": {"status": status, "reason": "...", "field": field}}; field may be
 * NULL (then absent). The reason is printf-formatted and says what to do when that
 * is known ("log in first"). */
void api_error(struct evhttp_request *req, int status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
