/* An application's documents: PUT /api/v1/applications/{id}/documents/{kind} takes the
 * file as the raw body (its Content-Type saying which of JPEG, PNG or PDF it is, at
 * most 5 MiB: the route's own body limit), GET .../documents lists them and GET
 * .../documents/{doc_id} sends one back as it was uploaded. The checks and the disk
 * are the office's (office/onboarding/documents.h). */
#include "host/api/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "host/office/onboarding/documents.h"
#include "host/office/onboarding/records.h"

/* <data_dir>/documents */
static void documents_dir(const struct api_call *call, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/documents", call->cfg->data_dir != NULL ? call->cfg->data_dir : ".");
}

void api_document_put(struct api_call *call)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(call->req);
    size_t len = evbuffer_get_length(in);
    struct office_document_upload up = {
        .kind = call->params[1],
        .content_type =
            evhttp_find_header(evhttp_request_get_input_headers(call->req), "Content-Type"),
        .data = evbuffer_pullup(in, (ev_ssize_t)len),
        .len = len,
    };
    struct office_problems problems;
    struct document_row doc;
    struct ps_reason why = {{0}};
    char dir[1100];
    int64_t id = api_param_id(call, 0);

    office_problems_clear(&problems);
    documents_dir(call, dir, sizeof(dir));
    int rc = id > 0 ? office_document_put(call->office, &call->actor, id, &up, dir, &doc, &problems,
                                          &why)
                    : OFFICE_NOT_FOUND;
    if (rc != 0)
        api_onboarding_error(call, rc, "application", id, &problems, &why);
    else
        api_reply(call->req, 201, office_document_json(&doc));
}

static int take_document(void *ctx, const struct document_row *row)
{
    json_array_append_new(ctx, office_document_json(row));
    return 0;
}

void api_documents_list(struct api_call *call)
{
    struct application_row a;
    struct ps_reason why = {{0}};
    int64_t id = api_param_id(call, 0);
    int rc = id > 0 ? office_application_get(call->office, &call->actor, id, &a, NULL, &why) : 0;
    json_t *items = json_array();
    if (rc == 1)
        rc = store_each_document(call->office->store, id, take_document, items, &why) == 0 ? 1 : -1;
    if (rc == 1)
        api_reply(call->req, 200, json_pack("{s:o}", "items", items));
    else
        json_decref(items);
    if (rc == 0)
        api_error(call->req, 404, NULL, "no application %s", call->params[0]);
    else if (rc < 0)
        api_office_error(call, PS_EIO, NULL, &why);
}

/* The file as it was uploaded, with its own type; never shown inline, so a browser
 * does not run what a PDF carries. */
static void send_file(struct api_call *call, const struct document_row *doc, const uint8_t *data,
                      size_t len)
{
    struct evkeyvalq *headers = evhttp_request_get_output_headers(call->req);
    struct evbuffer *out = evbuffer_new();
    char disposition[128];
    if (out == NULL) {
        evhttp_send_error(call->req, 500, "out of memory");
        return;
    }
    snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s-%lld\"", doc->kind,
             (long long)doc->id);
    evhttp_add_header(headers, "Content-Type", doc->content_type);
    evhttp_add_header(headers, "Content-Disposition", disposition);
    evhttp_add_header(headers, "Cache-Control", "no-store");
    evhttp_add_header(headers, "X-Content-Type-Options", "nosniff");
    evhttp_add_header(headers, "X-Content-SHA256", doc->sha256);
    evbuffer_add(out, data, len);
    evhttp_send_reply(call->req, 200, "OK", out);
    evbuffer_free(out);
}

void api_document_get(struct api_call *call)
{
    struct document_row doc;
    struct ps_reason why = {{0}};
    struct office_problems none;
    uint8_t *data = NULL;
    size_t len = 0;
    char dir[1100];
    int64_t id = api_param_id(call, 0), doc_id = api_param_id(call, 1);

    office_problems_clear(&none);
    documents_dir(call, dir, sizeof(dir));
    int rc = id > 0 && doc_id > 0 ? office_document_read(call->office, &call->actor, id, doc_id,
                                                         dir, &doc, &data, &len, &why)
                                  : OFFICE_NOT_FOUND;
    if (rc == 0)
        send_file(call, &doc, data, len);
    else if (rc == OFFICE_NOT_FOUND)
        api_error(call->req, 404, NULL, "no document %s of application %s", call->params[1],
                  call->params[0]);
    else
        api_onboarding_error(call, rc == PS_ECHECK ? PS_EIO : rc, "document", doc_id, &none, &why);
    free(data);
}
