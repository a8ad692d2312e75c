/* responses.h — reading possumd's answer to a request and acting on it, as a CUP
 * terminal does:
 *
 *   - the frame is unpacked (CUP dialect) and must answer the request: response MTI,
 *     the same STAN (11) and TID (41), a response code (39);
 *   - field 64, when present and the terminal has a MAK, must verify (the sign-in
 *     answer brings new keys and is not checked); a wrong MAC is reported, never
 *     trusted;
 *   - a readable answer to a financial request disarms its reversal; an unreadable
 *     one re-arms it with 39 = 06 (the answer may have approved it);
 *   - sign-in approved: field 62 unwrapped under the TMK (check values verified), the
 *     keys installed, 60.2 taken as the batch (a new number starts an empty batch);
 *   - approved financial transactions go into the batch and its totals; an approved
 *     reversal takes its original back out; a settlement answered 00 closes the
 *     batch (the next transaction signs in first); 77 asks for a new sign-in.
 *
 * Nothing is allocated: scratch is the caller's message, and the response's strings
 * are copies. */
#ifndef POSSUM_POS_HOSTLINK_RESPONSES_H
#define POSSUM_POS_HOSTLINK_RESPONSES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/error.h"
#include "core/iso8583/cup_fields.h"
#include "core/iso8583/cup_params.h"
#include "core/iso8583/iso8583.h"
#include "pos/hostlink/outcome.h"
#include "pos/hostlink/terminal.h"

/* An answer, read. Strings are NUL-terminated, "" when the field was absent. */
struct hl_response {
    char mti[5];
    char code[3];        /* 39 */
    char rrn[13];        /* 37 */
    char auth_code[7];   /* 38 */
    char settle_date[5]; /* 15 MMDD */
    char local_time[7];  /* 12 hhmmss, the host's clock */
    char local_date[5];  /* 13 MMDD */
    int has_amount;
    int64_t amount; /* 4, fen */
    int has_balance;
    int64_t balance; /* 54: the amount available, fen (negative when marked D) */
    uint32_t batch;  /* 60.2 */
    int has_totals;
    struct ps_cup_totals totals; /* 48 of a settlement answer, with the host's results */
    int balanced;                /* settlement: the result of every part is 1 (balanced) */
    unsigned lines;              /* 48 of the upload-end answer */
    int mac_verified;            /* 64 was present and matched */
    int has_params;
    struct ps_cup_params params; /* 62 of an approved parameter download */
};

/* Reads body[0..len) — the frame after its 2-byte length: TPDU, header, message — as
 * the answer to sent, at local time now, and updates t as the top of this file says.
 * Returns 0 (approved, 39 = 00), HL_DECLINED (another response code: out->code says
 * which), or for an answer that cannot be used: PS_EFORMAT (malformed, or not the
 * answer to sent), PS_ECHECK (a MAC or key check value that does not match) or
 * another PS_E* code, with why naming the field. out is filled as far as it was
 * read. */
int hl_response_read(struct hl_terminal *t, const struct hl_message *sent, const uint8_t *body,
                     size_t len, time_t now, struct ps_iso_msg *scratch, struct hl_response *out,
                     struct ps_reason *why);

/* The meaning of a response code in words ("insufficient funds"), as docs/protocol.md
 * lists possumd's codes; "unknown response code" for any other. */
const char *hl_response_meaning(const char *code);

#endif
