/* POST /api/v1/heartbeat: a terminal says it is alive and how it is (app version,
 * parameter version, printer, last transaction). No login: a terminal is not a user. It
 * signs the exact body bytes with HMAC-SHA256 under its master key, in the
 * X-Possum-Signature header (hex); an unknown TID, a terminal without a key and a wrong
 * signature all answer the same 401 (office/tms/watch.h).
 *
 * The 200 is signed the same way, so a terminal can trust it over plain HTTP: its exact
 * body bytes (compact JSON, a newline after it, as every answer) under the same key in
 * X-Possum-Signature. heartbeat_reply() is the one place the answer's members are
 * chosen. */
#include "host/api/internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "host/office/tms/param_sets.h"
#include "host/office/tms/rollouts.h"
#include "host/office/tms/watch.h"

#define SIGNATURE_HEADER "X-Possum-Signature"

/* The field a heartbeat check's reason is about ("printer: ..." -> "printer"). */
static const char *reason_field(const char *reason)
{
    static const char *const fields[] = {"app_version", "printer", "last_txn"};
    for (size_t i = 0; i < PS_ARRAY_LEN(fields); i++)
        if (strncmp(reason, fields[i], strlen(fields[i])) == 0)
            return i == 2 ? "last_txn_us" : fields[i];
    return NULL;
}

/* The signature over the body as it came, or the 401 has been sent. */
static int signed_by(struct api_call *call, const char *tid, int64_t *terminal_id)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(call->req);
    const char *sig =
        evhttp_find_header(evhttp_request_get_input_headers(call->req), SIGNATURE_HEADER);
    size_t len = evbuffer_get_length(in);
    const void *body = evbuffer_pullup(in, (ev_ssize_t)len);
    struct ps_reason why = {{0}};

    int rc = office_heartbeat_verify(call->office, tid, body, len, sig, terminal_id, &why);
    if (rc == OFFICE_HEARTBEAT_UNSIGNED)
        api_error(call->req, 401, NULL,
                  "send " SIGNATURE_HEADER ": hex HMAC-SHA256 of the body under the "
                  "terminal's master key");
    else if (rc != 0)
        api_office_error(call, rc, NULL, &why);
    return rc;
}

/* The heartbeat's members into *hb, or the 422 naming one has been sent. */
static int read_heartbeat(struct api_call *call, json_t *body, struct office_heartbeat *hb)
{
    const char *app = NULL, *printer = NULL;
    int64_t params = 0;
    struct ps_reason why = {{0}};

    memset(hb, 0, sizeof(*hb));
    if (api_string(call, body, "app_version", 1, &app) != 0 ||
        api_integer(call, body, "params_version", 1, &params) != 0 ||
        api_string(call, body, "printer", 1, &printer) != 0 ||
        api_integer(call, body, "last_txn_us", 1, &hb->last_txn_us) != 0)
        return -1;
    if (strlen(app) >= sizeof(hb->app_version)) {
        api_error(call->req, 422, "app_version", "longer than %zu bytes",
                  sizeof(hb->app_version) - 1);
        return -1;
    }
    snprintf(hb->app_version, sizeof(hb->app_version), "%s", app);
    if (params < 0 || params > UINT32_MAX) {
        api_error(call->req, 422, "params_version", "must be 0 to %lu", (unsigned long)UINT32_MAX);
        return -1;
    }
    hb->param_version = (uint32_t)params;
    if (office_printer_state_parse(printer, &hb->printer, &why) != 0) {
        api_error(call->req, 422, "printer", "%s (ok, paper_out, error)", why.text);
        return -1;
    }
    return 0;
}

/* What a heartbeat's optional "update" member reports of an app rollout. */
struct update_report {
    const char *version, *state, *reason; /* NULL: no report; borrowed from the body */
};

/* The "update" member into *r, or the 422 naming it has been sent. */
static int read_update(struct api_call *call, json_t *body, struct update_report *r)
{
    json_t *u = json_object_get(body, "update");

    memset(r, 0, sizeof(*r));
    if (u == NULL)
        return 0;
    if (!json_is_object(u)) {
        api_error(call->req, 422, "update", "must be an object: version, state and reason");
        return -1;
    }
    r->version = json_string_value(json_object_get(u, "version"));
    r->state = json_string_value(json_object_get(u, "state"));
    r->reason = json_string_value(json_object_get(u, "reason"));
    if (r->version == NULL || r->state == NULL) {
        api_error(call->req, 422, "update", "needs version and state (strings)");
        return -1;
    }
    return 0;
}

/* What the heartbeat says of a rollout: the version it runs (the truth of what is
 * installed), then its report. A report the rollout cannot take (a version it is not
 * in, a step its state forbids) is logged and told in the answer rather than refused:
 * the terminal said what happened, and refusing its heartbeat would only repeat it. */
static void take_rollout_news(struct api_call *call, const struct stock_row *terminal,
                              const struct update_report *r, json_t *reply)
{
    struct ps_reason why = {{0}};

    if (office_rollout_seen(call->office, terminal->id, terminal->app_version, &why) < 0)
        fprintf(stderr, "possumd: heartbeat of %s: %s\n", terminal->tid, why.text);
    if (r->version == NULL)
        return;
    int rc = office_rollout_report(call->office, terminal->id, r->version, r->state, r->reason,
                                   &why);
    if (rc != 0) {
        fprintf(stderr, "possumd: heartbeat of %s: %s\n", terminal->tid, why.text);
        json_object_set_new(reply, "update_refused", json_string(why.text));
    }
}

/* The answer to the heartbeat hb of terminal (its stock row, as recorded): a new
 * object. Members a terminal acts on join it here: "params", the parameter set that
 * applies when the terminal runs another one, and "update", a package a rollout wants
 * it to install. What cannot be worked out is logged and left out: the heartbeat itself
 * was recorded, and the next one asks again. */
static json_t *heartbeat_reply(struct api_call *call, const struct stock_row *terminal,
                               const struct office_heartbeat *hb, const struct update_report *r)
{
    json_t *reply = json_pack("{s:b}", "ok", 1);
    struct param_set_row set;
    struct office_update_offer offer;
    enum office_param_scope scope;
    struct ps_reason why = {{0}};

    int rc = office_param_set_for(call->office, terminal, &set, &scope, &why);
    if (rc < 0)
        fprintf(stderr, "possumd: heartbeat of %s: its parameter set: %s\n", terminal->tid,
                why.text);
    if (rc == 1 && office_param_needs_download(hb->param_version, set.version))
        json_object_set_new(reply, "params", office_param_set_terminal_json(&set));
    take_rollout_news(call, terminal, r, reply);
    rc = office_rollout_offer(call->office, terminal, &offer, &why);
    if (rc < 0)
        fprintf(stderr, "possumd: heartbeat of %s: its update: %s\n", terminal->tid, why.text);
    if (rc == 1)
        json_object_set_new(reply, "update", office_update_offer_json(&offer));
    return reply;
}

/* Sends reply (taken) as the 200, its exact bytes signed under terminal_id's key. */
static void send_signed(struct api_call *call, int64_t terminal_id, json_t *reply)
{
    char *text = reply != NULL ? json_dumps(reply, JSON_COMPACT) : NULL;
    char *body = NULL, sig[65];
    struct ps_reason why = {{0}};
    size_t len;
    int rc;

    json_decref(reply);
    if (text == NULL || (body = malloc(strlen(text) + 2)) == NULL) {
        api_error(call->req, 500, NULL, "the answer could not be written as JSON");
        goto out;
    }
    len = (size_t)snprintf(body, strlen(text) + 2, "%s\n", text);
    if ((rc = office_heartbeat_sign(call->office, terminal_id, body, len, sig, &why)) != 0)
        api_office_error(call, rc, NULL, &why);
    else
        api_reply_bytes(call->req, 200, body, len, SIGNATURE_HEADER, sig);
out:
    free(body);
    free(text);
}

void api_heartbeat(struct api_call *call)
{
    json_t *body = NULL;
    const char *tid = NULL;
    int64_t terminal_id = 0;
    struct office_heartbeat hb;
    struct update_report report;
    struct stock_row row;
    struct ps_reason why = {{0}};
    char remote[48];

    if (call->office == NULL) { /* public routes reach here without a back office */
        api_error(call->req, 503, NULL, "the back office is not open on this host");
        return;
    }
    if (api_body(call, &body) != 0 || api_string(call, body, "tid", 1, &tid) != 0 ||
        signed_by(call, tid, &terminal_id) != 0 || read_heartbeat(call, body, &hb) != 0 ||
        read_update(call, body, &report) != 0) {
        json_decref(body);
        return;
    }
    int rc = office_heartbeat_record(call->office, terminal_id, &hb,
                                     api_remote(call, remote, sizeof(remote)), &row, &why);
    if (rc != 0)
        api_office_error(call, rc, rc == PS_EFORMAT ? reason_field(why.text) : NULL, &why);
    else
        send_signed(call, terminal_id, heartbeat_reply(call, &row, &hb, &report));
    json_decref(body); /* the report's strings were borrowed from it */
}
