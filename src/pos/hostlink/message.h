/* message.h — a request as the terminal sent it: what reading its answer, recording it
 * in the batch and reversing it need. The builders of hostlink/requests.h fill it;
 * the batch keeps one per approved transaction; the terminal keeps one for the
 * reversal it owes. */
#ifndef POSSUM_POS_HOSTLINK_MESSAGE_H
#define POSSUM_POS_HOSTLINK_MESSAGE_H

#include <stdint.h>

#include "pos/hostlink/kinds.h"

/* A request as sent. Strings are NUL-terminated; "" when the field was not sent.
 * Track 2 (35) is deliberately not here: this is what the batch and a reversal owed
 * keep, and track data is never stored (a reversal of a swipe sends 2 and 14). A QR
 * payment's code is kept, as a PAN is: its void, refund and reversal must repeat it. */
struct hl_message {
    enum hl_kind kind;
    enum hl_kind reversed; /* HL_REVERSAL: the kind of the message it reverses */
    uint32_t stan;         /* 11 */
    uint32_t batch;        /* 60.2 */
    int64_t amount;        /* 4, fen; 0 when not sent */
    char pan[20];          /* 2; for a swiped card (22 is 02x) read off track 2 */
    char expiry[5];        /* 14; for a swiped card the track's, though 14 was not sent */
    char paycode[25];      /* 59: a QR payment's code (then pan is ""), else "" */
    char entry_mode[4];    /* 22 */
    char rrn[13];          /* 37: the original's RRN */
    char auth_code[7];     /* 38: the pre-authorization's code */
    int has_original;      /* 61 */
    uint32_t orig_batch;   /* 61.1 */
    uint32_t orig_stan;    /* 61.2 */
    char orig_date[5];     /* 61.3, "" when not sent */
    char reason[3];        /* HL_REVERSAL: 39, why it is sent */
    unsigned lines;        /* HL_UPLOAD: lines in it; HL_UPLOAD_END: lines uploaded */
};

/* 39 of a reversal: no answer came / the answer could not be used (or the cashier
 * cancelled at the terminal). */
#define HL_REVERSAL_NO_ANSWER      "98"
#define HL_REVERSAL_TERMINAL_ERROR "06"

#endif
