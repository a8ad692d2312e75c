/* The heartbeat: a signed body out, a signed answer in, its members read. */
#include "pos/backoffice/heartbeat.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/hex.h"

char *pos_bo_heartbeat_body(const struct pos_bo_heartbeat *hb)
{
    json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:I}", "tid", hb->tid, "app_version",
                          hb->app_version, "params_version", (json_int_t)hb->params_version,
                          "printer", hb->printer != NULL ? hb->printer : "ok", "last_txn_us",
                          (json_int_t)hb->last_txn_us);
    char *text = NULL;

    if (o != NULL && hb->update_version[0] != '\0') {
        json_t *u = json_pack("{s:s, s:s}", "version", hb->update_version, "state",
                              hb->update_state != NULL ? hb->update_state : "failed");
        if (u != NULL && hb->update_reason[0] != '\0')
            json_object_set_new(u, "reason", json_string(hb->update_reason));
        json_object_set_new(o, "update", u);
    }
    if (o != NULL)
        text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

int pos_bo_sign(const uint8_t tmk[POS_BO_TMK_LEN], const void *data, size_t len,
                char hex[POS_BO_MAC_HEX + 1], struct ps_reason *why)
{
    static const uint8_t empty = 0;
    uint8_t mac[32];
    unsigned mac_len = 0;

    if (HMAC(EVP_sha256(), tmk, POS_BO_TMK_LEN, len != 0 ? data : &empty, len, mac, &mac_len) ==
            NULL ||
        mac_len != sizeof(mac))
        return ps_fail(why, PS_ECRYPTO, "HMAC-SHA256 failed");
    ps_hex_encode(mac, sizeof(mac), hex);
    for (char *p = hex; *p != '\0'; p++) /* the host's and openssl's spelling */
        if (*p >= 'A' && *p <= 'F')
            *p = (char)(*p - 'A' + 'a');
    OPENSSL_cleanse(mac, sizeof(mac));
    return PS_OK;
}

int pos_bo_verify(const uint8_t tmk[POS_BO_TMK_LEN], const void *data, size_t len,
                  const char *hex, struct ps_reason *why)
{
    char want[POS_BO_MAC_HEX + 1];
    uint8_t a[32], b[32];
    size_t na = 0, nb = 0;
    int rc;

    if (hex == NULL || hex[0] == '\0')
        return ps_fail(why, PS_ECHECK, "the answer is not signed (no " POS_BO_SIGNATURE_HEADER ")");
    if (strlen(hex) != POS_BO_MAC_HEX ||
        ps_hex_decode(hex, POS_BO_MAC_HEX, a, sizeof(a), &na, NULL) != 0 || na != sizeof(a))
        return ps_fail(why, PS_ECHECK,
                       "the answer's " POS_BO_SIGNATURE_HEADER " is not 64 hex digits");
    if ((rc = pos_bo_sign(tmk, data, len, want, why)) != 0)
        return rc;
    ps_hex_decode(want, POS_BO_MAC_HEX, b, sizeof(b), &nb, NULL);
    rc = CRYPTO_memcmp(a, b, sizeof(a)) == 0
             ? PS_OK
             : ps_fail(why, PS_ECHECK,
                       "the answer's signature is wrong: it did not come from the back office "
                       "holding this terminal's master key, or was changed on the way");
    OPENSSL_cleanse(want, sizeof(want));
    return rc;
}

int pos_bo_heartbeat_reply_parse(const json_t *j, struct pos_bo_heartbeat_reply *out,
                                 struct ps_reason *why)
{
    const json_t *p = json_object_get(j, "params"), *u = json_object_get(j, "update");

    memset(out, 0, sizeof(*out));
    if (!json_is_object(j) || !json_is_true(json_object_get(j, "ok")))
        return ps_fail(why, PS_EFORMAT, "the back office's answer: ok: not true");
    if (p != NULL && !json_is_null(p)) {
        out->has_params = 1;
        out->params_rc = pos_tms_params_parse(p, &out->params, &out->params_why);
    }
    if (u != NULL && !json_is_null(u)) {
        out->has_update = 1;
        out->update_rc = pos_pkg_offer_parse(u, &out->update, &out->update_why);
    }
    return PS_OK;
}

/* A 4xx: the back office's field and reason. */
static int refused(const struct pos_bo_answer *ans, struct ps_reason *why)
{
    const json_t *e = json_object_get(ans->json, "error");
    const char *field = json_string_value(json_object_get(e, "field"));
    const char *reason = json_string_value(json_object_get(e, "reason"));

    if (reason == NULL)
        return ps_fail(why, POS_BO_HB_REFUSED, "the back office refused (HTTP %d)", ans->status);
    return ps_fail(why, POS_BO_HB_REFUSED, "%s%s%.300s (HTTP %d)", field != NULL ? field : "",
                   field != NULL ? ": " : "", reason, ans->status);
}

int pos_bo_heartbeat_send(const struct pos_bo_http *c, const uint8_t tmk[POS_BO_TMK_LEN],
                          const struct pos_bo_heartbeat *hb, struct pos_bo_heartbeat_reply *out,
                          struct ps_reason *why)
{
    struct pos_bo_answer ans;
    char sig[POS_BO_MAC_HEX + 1];
    char *body = pos_bo_heartbeat_body(hb);
    int rc;

    memset(out, 0, sizeof(*out));
    pos_bo_answer_init(&ans);
    if (body == NULL)
        return ps_fail(why, PS_ENOMEM, "heartbeat: out of memory");
    if ((rc = pos_bo_sign(tmk, body, strlen(body), sig, why)) != 0 ||
        (rc = pos_bo_http_post_text(c, POS_BO_HEARTBEAT_PATH, body, strlen(body), sig, &ans,
                                    why)) != 0)
        goto out;
    if (ans.status >= 400 && ans.status < 500)
        rc = refused(&ans, why);
    else if (ans.status != 200)
        rc = ps_fail(why, PS_EIO, "the back office answered HTTP %d", ans.status);
    else if ((rc = pos_bo_verify(tmk, ans.body, ans.body_len, ans.signature, why)) == 0)
        rc = pos_bo_heartbeat_reply_parse(ans.json, out, why);
out:
    pos_bo_answer_cleanup(&ans);
    free(body);
    return rc;
}
