/* result.h — what a flow of the application did, for whoever shows it: the command
 * line prints it as JSON, the TUI puts it on the screen and the printer.
 *
 * The caller owns struct pos_app_result: pos_app_result_init() before a flow,
 * pos_app_result_cleanup() after (it frees the receipt buffers and the detail). A
 * flow fills what applies and leaves the rest zero / "". */
#ifndef POSSUM_POS_APP_RESULT_H
#define POSSUM_POS_APP_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "pos/hostlink/kinds.h"
#include "pos/receipt/buf.h"

#define POS_RESULT_STEPS_MAX 32

/* One request the terminal sent and the answer's response code ("" when none came). */
struct pos_app_step {
    enum hl_kind kind;
    uint32_t stan;
    char code[3];
};

struct pos_app_result {
    const char *action;                /* "sale", "void", ... (static) */
    char message[PS_REASON_MAX + 128]; /* a sentence for the cashier about what happened */
    /* the host's answer to the flow's own transaction, when one came */
    char code[3]; /* 39; "" when no answer */
    char rrn[13], auth_code[7], settle_date[5], host_date[5], host_time[7];
    uint32_t batch, stan;
    uint32_t receipt_no; /* the receipt this flow made, 0 when none */
    int64_t amount;      /* fen */
    int64_t change;      /* cash to hand back, fen */
    int has_balance;
    int64_t balance;     /* balance inquiry: fen available */
    int reversal_owed;   /* the terminal owes a reversal after this flow */
    int64_t journal_seq; /* the journal record of the outcome, 0 when none */
    struct pos_app_step steps[POS_RESULT_STEPS_MAX]; /* every exchange, in order */
    size_t nsteps;
    json_t *detail;         /* owned: the flow's data (what the journal records,
                               lists, totals); NULL when none */
    struct rcpt_buf text;   /* the receipt(s) as plain text, for the screen */
    struct rcpt_buf escpos; /* the same for an ESC/POS printer */
};

void pos_app_result_init(struct pos_app_result *r);
void pos_app_result_cleanup(struct pos_app_result *r);

/* Writes r's printer bytes to path (a device such as /dev/usb/lp0, or a file, which is
 * created or appended to). Nothing to print is not an error. PS_EIO naming the path. */
int pos_app_result_print(const struct pos_app_result *r, const char *path, struct ps_reason *why);

#endif
