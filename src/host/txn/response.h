/* response.h — the engine's answer to a request, and its 8583 form (txn_respond).
 * The response echoes the request's identifying fields (2, 3, 4, 11, 14, 22, 25, 41,
 * 42, 49, 60, 61) as CUP terminals expect, adds the host's (12, 13, 15, 37, 38, 39,
 * 44, 54, 62, 48) and leaves field 64 for the MAC, which the gateway computes with
 * the terminal's MAC key (txn/security.h). docs/protocol.md lists, per kind, every
 * field of request and response. */
#ifndef POSSUM_HOST_TXN_RESPONSE_H
#define POSSUM_HOST_TXN_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include "core/iso8583/cup_fields.h"
#include "core/iso8583/cup_params.h"
#include "core/iso8583/iso8583.h"
#include "host/txn/request.h"

struct txn_response {
    char response_code[3];       /* 39 */
    char reason[TXN_REASON_MAX]; /* why, for the journal and the log; not sent */
    char rrn[13];                /* 37 */
    char auth_code[7];           /* 38, approvals of card transactions */
    char settle_date[5];         /* 15 MMDD */
    char local_time[7];          /* 12 hhmmss, host clock */
    char local_date[5];          /* 13 MMDD */
    uint32_t batch;              /* 60.2 to send: the new batch after a sign-in */
    int has_balance;
    int64_t balance;             /* 54, balance inquiry: the available amount */
    size_t f62_len;
    uint8_t f62[PS_CUP_PARAMS_MAX]; /* 62: a sign-in's working keys (core/crypto/
                                       working_keys.h), a parameter download's values
                                       (core/iso8583/cup_params.h) */
    int has_totals;
    struct ps_cup_totals totals; /* 48, settlement: the terminal's totals with the result */
    int mac;                     /* 1: field 64 is to be computed and sent */
};

/* Builds the response message to req into out (which it initialises for the CUP
 * dialect; envelope fields are left to the gateway). When resp->mac is set, field 64
 * is present as 8 zero bytes for the gateway to overwrite. Returns 0 or the
 * ps_iso_set() error (which would be a bug: every value here is checked). */
int txn_respond(const struct txn_request *req, const struct txn_response *resp,
                struct ps_iso_msg *out, struct ps_reason *why);

#endif
