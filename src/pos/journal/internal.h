/* internal.h — what the files of the journal room share (not public). */
#ifndef POSSUM_POS_JOURNAL_INTERNAL_H
#define POSSUM_POS_JOURNAL_INTERNAL_H

#include <sqlite3.h>

#include "pos/journal/journal.h"

/* The head of a chain: its last seq (0: empty) and that record's link (genesis). */
struct pos_journal__head {
    int64_t seq;
    uint8_t link[PS_HASHCHAIN_LINK_LEN];
};

struct pos_journal {
    sqlite3 *db;       /* borrowed */
    char *anchor_path; /* owned copy */
    /* The anchor as last read or written, and 0 or how reading it failed
     * (PS_EUNDEFINED: no file; PS_EFORMAT: not an anchor). */
    struct pos_journal__head anchor;
    int anchor_state;
    uint8_t *enc; /* POS_JOURNAL_ENCODED_MAX bytes: one record's encoding */
    char *copy;   /* the texts of the record get/find returned last */
};

/* A text column: bytes and length, not necessarily NUL-terminated. */
struct pos_journal__text {
    const char *ptr;
    size_t len;
};

/* A row as stored, with nothing interpreted: verify and export must see exactly what
 * is there. Views into the statement it was read from, valid until its next step. */
struct pos_journal__row {
    int64_t seq, at, amount, refers_to;
    struct pos_journal__text kind, operator_no, result, reference, body;
    const uint8_t *link;
    size_t link_len;
};

#define POS_JOURNAL__COLUMNS                                                                       \
    "seq, at, kind, operator, amount, result, reference, refers_to, body, link"

/* record.c */
void pos_journal__read_row(sqlite3_stmt *st, struct pos_journal__row *row /* OUT */);
/* The row of a checked record (kind and result by name; texts as given). */
void pos_journal__row_of(const struct pos_journal_record *r, struct pos_journal__row *row);
/* The record of a row: views into row; an unknown kind or result reads as 0, an
 * operator that is not 2 characters as "". */
void pos_journal__record_of(const struct pos_journal__row *row, struct pos_journal_record *r);
/* The canonical encoding of row (record.h). PS_ESPACE when it is longer than cap. */
int pos_journal__encode_row(const struct pos_journal__row *row, uint8_t *out, size_t cap,
                            size_t *len, struct ps_reason *why);

/* anchor.c */
/* The last record of db's journal table (seq 0 and genesis when it is empty). */
int pos_journal__table_head(sqlite3 *db, struct pos_journal__head *out, struct ps_reason *why);
/* Reads the anchor at path. 0, PS_EUNDEFINED (no such file), PS_EFORMAT, PS_EIO. */
int pos_journal__anchor_read(const char *path, struct pos_journal__head *out,
                             struct ps_reason *why);
/* Replaces the anchor at path with head, durably (write, fsync, rename, fsync dir). */
int pos_journal__anchor_write(const char *path, const struct pos_journal__head *head,
                              struct ps_reason *why);

#endif
