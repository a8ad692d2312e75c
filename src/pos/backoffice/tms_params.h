/* tms_params.h — a TMS parameter set as the back office sends it in a heartbeat's
 * answer (member "params", docs/operations.md): the receipt's header, the transaction
 * kinds this terminal may make, its limits, the ISO 8583 hosts it dials in order and how
 * long it waits for them. The terminal checks every member with the back office's own
 * rules (src/host/office/tms/params.h) before it keeps anything: a set with one bad
 * member is refused whole, its reason naming the member. */
#ifndef POSSUM_POS_BACKOFFICE_TMS_PARAMS_H
#define POSSUM_POS_BACKOFFICE_TMS_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "pos/hostlink/kinds.h"
#include "pos/hostlink/link.h"

#define POS_TMS_HEADER_MAX      96 /* bytes of one-line UTF-8 */
#define POS_TMS_HOSTS_MAX       4
#define POS_TMS_PER_TXN_MAX     INT64_C(999999999999) /* field 4: 12 digits of fen */
#define POS_TMS_CONNECT_MAX_S   60
#define POS_TMS_RESPONSE_MIN_S  5
#define POS_TMS_RESPONSE_MAX_S  120
#define POS_TMS_KIND_BIT(kind)  (1u << (kind))

struct pos_tms_host {
    char host[HL_HOST_MAX]; /* an IPv6 address without its brackets */
    char port[HL_PORT_MAX];
};

struct pos_tms_params {
    uint32_t version; /* 1 and up */
    char receipt_header[POS_TMS_HEADER_MAX + 1];
    uint32_t kinds; /* POS_TMS_KIND_BIT(hl_kind) of each allowed kind */
    int64_t per_txn_limit; /* fen */
    int64_t daily_limit;   /* fen of approved sales a day */
    size_t nhosts;
    struct pos_tms_host hosts[POS_TMS_HOSTS_MAX];
    int connect_timeout_s;
    int response_timeout_s;
};

/* Reads and checks the set j into *out (OUT). Members it does not know are ignored (a
 * newer back office may add some). Returns 0 or PS_EFORMAT, why starting with the
 * member's name ("kinds: \"cashback\" is not a transaction kind"). */
int pos_tms_params_parse(const json_t *j, struct pos_tms_params *out, struct ps_reason *why);

/* The set p as the JSON the back office sent (a new object the caller owns), so that
 * what is stored reads back through pos_tms_params_parse. NULL when out of memory. */
json_t *pos_tms_params_json(const struct pos_tms_params *p);

/* Whether p allows kind. */
int pos_tms_params_allow(const struct pos_tms_params *p, enum hl_kind kind);

#endif
