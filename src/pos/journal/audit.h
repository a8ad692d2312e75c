/* audit.h — checking the journal, copying it, and handing it to an auditor. */
#ifndef POSSUM_POS_JOURNAL_AUDIT_H
#define POSSUM_POS_JOURNAL_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "pos/journal/journal.h"

/* What verify found first. */
enum pos_journal_fault {
    POS_JOURNAL_INTACT = 0,
    POS_JOURNAL_EDITED,           /* a record's link does not follow from it and the one before */
    POS_JOURNAL_DELETED,          /* a gap in the sequence */
    POS_JOURNAL_REORDERED,        /* the record that belongs here is stored under another seq */
    POS_JOURNAL_TAIL_DELETED,     /* the anchor names a record past the table's last */
    POS_JOURNAL_ANCHOR_DISAGREES, /* the anchor and the table's last record differ otherwise */
    POS_JOURNAL_ANCHOR_MISSING    /* no anchor file, or not one */
};

struct pos_journal_report {
    enum pos_journal_fault fault;
    int64_t seq;     /* the first bad record; for the anchor faults the first record missing
                        or not covered by the anchor, 0 when the anchor is missing */
    int64_t checked; /* records whose links were verified before the fault */
    struct {
        int64_t seq; /* the anchor's is -1 when it could not be read */
        uint8_t link[PS_HASHCHAIN_LINK_LEN];
    } table, anchor; /* the two heads verify compares */
};

/* Walks the whole chain from genesis in seq order, then compares its head with the
 * anchor file (read again now). Fills rep (OUT) and returns 0 when intact, PS_ECHECK
 * when not, with why naming the first fault ("record 5: missing, the journal goes from
 * record 4 to record 6: deleted"), or PS_EIO / PS_ENOMEM when it could not look. */
int pos_journal_verify(struct pos_journal *j, struct pos_journal_report *rep,
                       struct ps_reason *why);

/* Copies the whole terminal database, consistently, to dest_path with SQLite's online
 * backup API (replacing what is there), and writes an anchor for the copy's journal at
 * dest_anchor_path, so the copy verifies on its own. Returns 0 or PS_EIO. */
int pos_journal_backup(struct pos_journal *j, const char *dest_path, const char *dest_anchor_path,
                       struct ps_reason *why);

/* Writes every record, by seq, as one JSON object per line to out:
 *   {"seq":1,"at":1700000000,"kind":"sale","operator":"01","amount":1250,
 *    "result":"approved","reference":"000000000017","refers_to":0,"body":"{...}",
 *    "link":"<64 hex digits>"}
 * with each text a JSON string of exactly the bytes stored, so an auditor can encode
 * every record as record.h says and recompute the links. Exports what is stored, even
 * when it does not verify. Returns 0 or PS_EIO (the database, or writing to out). */
int pos_journal_export(struct pos_journal *j, FILE *out, struct ps_reason *why);

#endif
