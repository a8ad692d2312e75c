/* The terminal application's packages (TMS): PUT /api/v1/packages/{version} takes the
 * file as the raw body (application/octet-stream, at most 64 MiB: the route's own body
 * limit), with the SHA-256 the uploader expects in X-Possum-SHA256 or ?sha256= if they
 * state one; GET /api/v1/packages lists them; GET /api/v1/packages/{version}/file sends
 * one to whoever asks, terminals included (no login: a terminal trusts the bytes by the
 * SHA-256 its signed heartbeat answer gave it, not by who served them). The checks and
 * the disk are the office's (office/tms/packages.h). */
#include "host/api/internal.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "host/office/tms/packages.h"
#include "host/store/rollouts.h"

/* <data_dir>/packages */
static void packages_dir(const struct api_call *call, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/packages", call->cfg->data_dir != NULL ? call->cfg->data_dir : ".");
}

/* The hash the uploader states: the header, else the query parameter; NULL when
 * neither (0), or the 400 has been sent (-1). buf holds the query's copy. */
static int stated_sha256(struct api_call *call, char *buf, size_t cap, const char **out)
{
    *out = evhttp_find_header(evhttp_request_get_input_headers(call->req), "X-Possum-SHA256");
    if (*out != NULL)
        return 0;
    if (api_query_text(call, "sha256", buf, cap) != 0)
        return -1;
    *out = buf[0] != '\0' ? buf : NULL;
    return 0;
}

void api_package_put(struct api_call *call)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(call->req);
    const char *type =
        evhttp_find_header(evhttp_request_get_input_headers(call->req), "Content-Type");
    size_t len = evbuffer_get_length(in);
    struct office_package_upload up = {.version = call->params[0], .len = len};
    struct package_row p;
    struct ps_reason why = {{0}};
    const char *field = NULL;
    char dir[1100], query_sha[128];

    if (type == NULL || strncmp(type, "application/octet-stream", 24) != 0) {
        api_error(call->req, 415, NULL,
                  "send the package as Content-Type: application/octet-stream");
        return;
    }
    if (stated_sha256(call, query_sha, sizeof(query_sha), &up.sha256) != 0)
        return;
    up.data = len > 0 ? evbuffer_pullup(in, (ev_ssize_t)len) : NULL;
    if (len > 0 && up.data == NULL) {
        api_error(call->req, 500, NULL, "possumd could not do it; its log says why");
        return;
    }
    packages_dir(call, dir, sizeof(dir));
    int rc = office_package_upload(call->office, &call->actor, &up, dir, &p, &field, &why);
    if (rc == PS_ETOOLONG)
        api_error(call->req, 413, NULL, "%s", why.text);
    else if (rc != 0)
        api_office_error(call, rc, field, &why);
    else
        api_reply(call->req, 201, office_package_json(&p));
}

static int take_package(void *ctx, const struct package_row *row)
{
    api_page_add(ctx, office_package_json(row), row->id);
    return 0;
}

void api_packages_list(struct api_call *call)
{
    int64_t after = 0;
    struct api_page page;
    struct ps_reason why = {{0}};

    if (api_page_start(call, &page, "after", &after) != 0)
        return;
    int rc = store_each_package(call->office->store, after, (int)page.limit, take_package, &page,
                                &why);
    api_page_end(call, &page, rc, &why, "next_after");
}

/* The bytes as they were uploaded, straight from the file (evbuffer_add_file: never
 * 64 MiB copied into memory per terminal). */
void api_package_file(struct api_call *call)
{
    struct evkeyvalq *headers = evhttp_request_get_output_headers(call->req);
    struct package_row p;
    struct ps_reason why = {{0}};
    struct evbuffer *out = NULL;
    char dir[1100], disposition[96];
    int fd = -1;

    if (call->office == NULL) { /* a public route: the server let it through */
        api_error(call->req, 503, NULL, "the back office is not open on this host");
        return;
    }
    packages_dir(call, dir, sizeof(dir));
    int rc = office_package_open(call->office, call->params[0], dir, &p, &fd, &why);
    if (rc == OFFICE_NOT_FOUND) {
        api_error(call->req, 404, NULL, "%s", why.text);
        return;
    }
    if (rc != 0) {
        api_office_error(call, rc == PS_ECHECK ? PS_EIO : rc, NULL, &why);
        return;
    }
    /* the segment owns fd once made (and closes it when the last reference goes) */
    struct evbuffer_file_segment *seg =
        evbuffer_file_segment_new(fd, 0, p.size, EVBUF_FS_CLOSE_ON_FREE);
    if (seg == NULL)
        close(fd);
    out = seg != NULL ? evbuffer_new() : NULL;
    rc = out != NULL ? evbuffer_add_file_segment(out, seg, 0, p.size) : -1;
    if (seg != NULL)
        evbuffer_file_segment_free(seg); /* out keeps its own reference */
    if (rc != 0) {
        if (out != NULL)
            evbuffer_free(out);
        api_error(call->req, 500, NULL, "possumd could not send the package");
        return;
    }
    snprintf(disposition, sizeof(disposition), "attachment; filename=\"possum-%s.pkg\"", p.version);
    evhttp_add_header(headers, "Content-Type", "application/octet-stream");
    evhttp_add_header(headers, "Content-Disposition", disposition);
    evhttp_add_header(headers, "X-Content-SHA256", p.sha256);
    evhttp_add_header(headers, "X-Content-Type-Options", "nosniff");
    evhttp_send_reply(call->req, 200, "OK", out);
    evbuffer_free(out);
}
