/* heartbeat.h — the terminal's heartbeat to the back office (POST /api/v1/heartbeat):
 * how it is (app version, parameter set, printer, last transaction, how an update went),
 * and what the back office answers (a parameter set to apply, an update to install).
 *
 * Both ways are signed, since the link may be plain HTTP: the request's exact body
 * bytes with HMAC-SHA256 under the terminal master key (TMK) in X-Possum-Signature (hex),
 * and the answer's exact body bytes the same way. An answer without that header, or with
 * one that does not verify (compared in constant time), is refused before a byte of it
 * is believed. */
#ifndef POSSUM_POS_BACKOFFICE_HEARTBEAT_H
#define POSSUM_POS_BACKOFFICE_HEARTBEAT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "pos/backoffice/http.h"
#include "pos/backoffice/package.h"
#include "pos/backoffice/tms_params.h"

#define POS_BO_HEARTBEAT_PATH "/api/v1/heartbeat"
#define POS_BO_TMK_LEN        16
#define POS_BO_MAC_HEX        64 /* HMAC-SHA256 in hex */
#define POS_BO_REASON_MAX     200

/* The positive outcome of pos_bo_heartbeat_send: the back office said no (4xx). */
#define POS_BO_HB_REFUSED 1

/* What a heartbeat says. */
struct pos_bo_heartbeat {
    char tid[9];
    char app_version[POS_PKG_VERSION_MAX + 1];
    uint32_t params_version; /* 0: no TMS set applied yet */
    const char *printer;     /* "ok", "paper_out" or "error" */
    int64_t last_txn_us;     /* 0: none yet */
    /* how the last update went; version "" when there is nothing to report */
    char update_version[POS_PKG_VERSION_MAX + 1];
    const char *update_state; /* "installed" or "failed" */
    char update_reason[POS_BO_REASON_MAX + 1];
};

/* What the answer carries beyond {"ok":true}. A member that is there but malformed is
 * not an error of the heartbeat: its *_rc is PS_EFORMAT and *_why names the fault, so
 * the terminal keeps what it had and says why. */
struct pos_bo_heartbeat_reply {
    int has_params;
    int params_rc;
    struct ps_reason params_why;
    struct pos_tms_params params;
    int has_update;
    int update_rc;
    struct ps_reason update_why;
    struct pos_pkg_offer update;
};

/* The body of hb as compact JSON: a new string the caller frees. NULL when out of
 * memory. */
char *pos_bo_heartbeat_body(const struct pos_bo_heartbeat *hb);

/* hex (OUT, 65 bytes with its NUL) = HMAC-SHA256(tmk, data[0..len)) in lower-case hex.
 * 0 or PS_ECRYPTO. */
int pos_bo_sign(const uint8_t tmk[POS_BO_TMK_LEN], const void *data, size_t len,
                char hex[POS_BO_MAC_HEX + 1], struct ps_reason *why);

/* 0 when hex (either case) is HMAC-SHA256(tmk, data[0..len)), compared in constant time;
 * PS_ECHECK when it is missing ("" or NULL), malformed or wrong. */
int pos_bo_verify(const uint8_t tmk[POS_BO_TMK_LEN], const void *data, size_t len,
                  const char *hex, struct ps_reason *why);

/* Reads a verified answer's body j into *out (OUT). PS_EFORMAT when it is not an object
 * with "ok": true; a malformed "params" or "update" is told in out, not here. */
int pos_bo_heartbeat_reply_parse(const json_t *j, struct pos_bo_heartbeat_reply *out,
                                 struct ps_reason *why);

/* Sends hb signed with tmk to the back office c, verifies the answer's signature and
 * reads it into *out (OUT). Returns 0; POS_BO_HB_REFUSED (a 4xx: why has its field and
 * reason with the status); PS_ECHECK (the answer's signature missing or wrong: nothing in
 * it is used); PS_EIO (5xx, another status, or the link); PS_EFORMAT; or what
 * pos_bo_http_post_text returned. */
int pos_bo_heartbeat_send(const struct pos_bo_http *c, const uint8_t tmk[POS_BO_TMK_LEN],
                          const struct pos_bo_heartbeat *hb, struct pos_bo_heartbeat_reply *out,
                          struct ps_reason *why);

#endif
