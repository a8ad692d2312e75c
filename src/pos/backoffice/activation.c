/* Activation by code: the request, the answer's members, the key unwrapped. */
#include "pos/backoffice/activation.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/hex.h"

void pos_bo_activated_wipe(struct pos_bo_activated *a)
{
    OPENSSL_cleanse(a, sizeof(*a));
}

/* A string member of the answer copied into out[0..cap), its length checked. */
static int member(const json_t *o, const char *name, size_t min, size_t max, char *out, size_t cap,
                  struct ps_reason *why)
{
    const char *s = json_string_value(json_object_get(o, name));
    size_t len = s != NULL ? strlen(s) : 0;

    if (s == NULL)
        return ps_fail(why, PS_EFORMAT, "the back office's answer: %s: missing or not a string",
                       name);
    if (min == max && len != min)
        return ps_fail(why, PS_EFORMAT, "the back office's answer: %s: %zu characters, not %zu",
                       name, len, min);
    if (len < min || len > max || len >= cap)
        return ps_fail(why, PS_EFORMAT,
                       "the back office's answer: %s: %zu characters, %zu to %zu expected", name,
                       len, min, max);
    memcpy(out, s, len + 1);
    return PS_OK;
}

/* A 4xx: the back office's error {"error": {"field", "reason"}} into why. */
static int refused(const struct pos_bo_answer *ans, struct ps_reason *why)
{
    const json_t *e = json_object_get(ans->json, "error");
    const char *reason = json_string_value(json_object_get(e, "reason"));
    const char *field = json_string_value(json_object_get(e, "field"));

    if (reason == NULL)
        return ps_fail(why, POS_BO_REFUSED, "the back office refused (HTTP %d)", ans->status);
    if (field == NULL)
        return ps_fail(why, POS_BO_REFUSED, "%s (HTTP %d)", reason, ans->status);
    return ps_fail(why, POS_BO_REFUSED, "%s: %s (HTTP %d)", field, reason, ans->status);
}

/* Anything else: the back office's trouble, its reason said when it gave one. */
static int failed(const struct pos_bo_answer *ans, struct ps_reason *why)
{
    const json_t *e = json_object_get(ans->json, "error");
    const char *reason = json_string_value(json_object_get(e, "reason"));

    return ps_fail(why, PS_EIO, "the back office answered HTTP %d%s%s", ans->status,
                   reason != NULL ? ": " : "", reason != NULL ? reason : "");
}

/* A 200: the members, then the key opened with the code. */
static int accepted(const struct pos_bo_answer *ans, const char *serial, const char *code,
                    struct pos_bo_activated *out, struct ps_reason *why)
{
    char hex[2 * PS_ACTIVATION_BLOB_LEN + 1];
    uint8_t blob[PS_ACTIVATION_BLOB_LEN];
    struct ps_reason cause;
    size_t n = 0;
    int rc;

    if ((rc = member(ans->json, "tid", PS_ACTIVATION_TID_LEN, PS_ACTIVATION_TID_LEN, out->tid,
                     sizeof(out->tid), why)) != 0 ||
        (rc = member(ans->json, "mid", POS_BO_MID_LEN, POS_BO_MID_LEN, out->mid, sizeof(out->mid),
                     why)) != 0 ||
        (rc = member(ans->json, "merchant_name", 0, POS_BO_NAME_MAX, out->merchant_name,
                     sizeof(out->merchant_name), why)) != 0 ||
        (rc = member(ans->json, "tmk_blob", sizeof(hex) - 1, sizeof(hex) - 1, hex, sizeof(hex),
                     why)) != 0)
        return rc;
    if (ps_hex_decode(hex, sizeof(hex) - 1, blob, sizeof(blob), &n, &cause) != 0 ||
        n != sizeof(blob))
        return ps_fail(why, PS_EFORMAT, "the back office's answer: tmk_blob: %s",
                       n != sizeof(blob) ? "not 64 bytes" : cause.text);
    rc = ps_activation_unwrap(blob, n, code, serial, out->tid, out->tmk, &cause);
    if (rc != 0)
        return ps_fail(why, rc, "the back office's key: %s", cause.text);
    return PS_OK;
}

int pos_bo_activate(const struct pos_bo_http *c, const char *serial, const char *code,
                    struct pos_bo_activated *out, struct ps_reason *why)
{
    struct pos_bo_answer ans;
    json_t *req = NULL;
    int rc;

    memset(out, 0, sizeof(*out));
    pos_bo_answer_init(&ans);
    if ((rc = ps_activation_code_check(code, why)) != 0)
        return rc;
    if (serial == NULL || serial[0] == '\0' || strlen(serial) > PS_ACTIVATION_SERIAL_MAX)
        return ps_fail(why, PS_EFORMAT, "serial number: 1 to %d characters",
                       PS_ACTIVATION_SERIAL_MAX);
    req = json_pack("{s:s, s:s}", "serial", serial, "code", code);
    if (req == NULL)
        return ps_fail(why, PS_ENOMEM, "activation: out of memory");
    rc = pos_bo_http_post(c, POS_BO_ACTIVATION_PATH, req, &ans, why);
    json_decref(req);
    out->status = ans.status;
    if (rc != 0)
        goto out;
    if (ans.status >= 400 && ans.status < 500)
        rc = refused(&ans, why);
    else if (ans.status != 200)
        rc = failed(&ans, why);
    else
        rc = accepted(&ans, serial, code, out, why);
out:
    pos_bo_answer_cleanup(&ans);
    if (rc != 0) {
        int status = out->status;
        pos_bo_activated_wipe(out);
        out->status = status;
    }
    return rc;
}
