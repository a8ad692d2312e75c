/* POST /api/v1/activation: a terminal at the counter activates itself with its serial
 * number and the one-time code the technician brings. No login (the code is the
 * credential); every wrong try counts towards burning the code. */
#include "host/api/internal.h"

#include "core/hex.h"
#include "host/office/tms/activate.h"

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
    json_decref(body);
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
        api_reply(call->req, 200,
                  json_pack("{s:s, s:s, s:s, s:s}", "tid", out.tid, "mid", out.mid, "merchant_name",
                            out.merchant_name, "tmk_blob", blob));
    }
}
