/* POST /api/v1/activation: a terminal at the counter activates itself with its serial
 * number and the one-time code the technician brings. No login (the code is the
 * credential); every wrong try counts towards burning the code. The answer carries the
 * parameter set that applies to the terminal, when one does; it is not signed (the
 * terminal has no key until it unwraps one from this answer), so possum-pos takes its
 * set from its first heartbeat's signed answer, sent right after activation's sign-in. */
#include "host/api/internal.h"

#include <stdio.h>

#include "core/hex.h"
#include "host/office/tms/activate.h"
#include "host/office/tms/param_sets.h"

/* The set that applies to the terminal serial, or NULL (none, or logged). */
static json_t *params_of(struct api_call *call, const char *serial)
{
    struct stock_row s;
    struct param_set_row set;
    enum office_param_scope scope;
    struct ps_reason why = {{0}};

    int rc = store_find_stock_by_serial(call->office->store, serial, &s, &why);
    if (rc == 1)
        rc = office_param_set_for(call->office, &s, &set, &scope, &why);
    if (rc < 0)
        fprintf(stderr, "possumd: activation of %s: its parameter set: %s\n", serial, why.text);
    return rc == 1 ? office_param_set_terminal_json(&set) : NULL;
}

void api_activation(struct api_call *call)
{
    json_t *body = NULL;
    const char *serial = NULL, *code = NULL;
    struct office_activation out;
    struct ps_reason why = {{0}};
    char remote[48], blob[2 * PS_ACTIVATION_BLOB_LEN + 1];

    if (api_body(call, &body) != 0 || api_string(call, body, "serial", 1, &serial) != 0 ||
        api_string(call, body, "code", 1, &code) != 0) {
        json_decref(body);
        return;
    }
    int rc = office_activate(call->office, serial, code, api_remote(call, remote, sizeof(remote)),
                             &out, &why);
    if (rc == OFFICE_NOT_FOUND)
        api_error(call->req, 404, "serial", "%s", why.text);
    else if (rc == PS_EFORMAT)
        api_error(call->req, 422, "code", "%s", why.text);
    else if (rc == PS_ECHECK || rc == PS_ETIMEDOUT)
        api_error(call->req, 403, "code", "%s", why.text);
    else if (rc != 0)
        api_office_error(call, rc, NULL, &why);
    else {
        ps_hex_encode(out.blob, sizeof(out.blob), blob);
        json_t *answer = json_pack("{s:s, s:s, s:s, s:s}", "tid", out.tid, "mid", out.mid,
                                   "merchant_name", out.merchant_name, "tmk_blob", blob);
        json_t *params = params_of(call, serial);
        if (params != NULL)
            json_object_set_new(answer, "params", params);
        api_reply(call->req, 200, answer);
    }
    json_decref(body); /* serial was borrowed from it */
}
