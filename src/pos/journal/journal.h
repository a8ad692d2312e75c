/* journal.h — the terminal's tamper-evident local journal: every transaction it makes,
 * appended as a hash-chained record (record.h) to the table `journal` of the terminal
 * database (migrated as room "journal"). Checking, backing up and exporting it are in
 * audit.h.
 *
 * Why an anchor file. The chain shows that a record was edited, removed from the middle
 * or moved, but a journal whose last records were deleted is still a valid, shorter
 * chain. So the head of the chain (last seq and its link) is also kept outside the
 * table, in an anchor file next to the database, replaced durably (write, fsync,
 * rename, fsync of the directory) after every append. Someone who deletes rows with
 * the sqlite3 shell leaves the anchor ahead of the table, and pos_journal_verify says
 * so. (It does not stop someone who rewrites both; only copies held elsewhere, such as
 * the host's own records, do.)
 *
 * The anchor is written after the commit, so a power cut in between leaves it exactly
 * one record behind, with the link of the record before the last: open and append
 * recognize that one state and bring the anchor forward. Any other disagreement stops
 * appends (PS_ECHECK) so that new records never overwrite the evidence; it stays until
 * someone reads pos_journal_verify and calls pos_journal_reanchor.
 *
 * One handle per database: two appenders would race for the anchor.
 */
#ifndef POSSUM_POS_JOURNAL_JOURNAL_H
#define POSSUM_POS_JOURNAL_JOURNAL_H

#include <stdint.h>

#include <sqlite3.h>

#include "core/error.h"
#include "pos/journal/record.h"

struct pos_journal; /* opaque */

/* Brings the room's tables up to date, reads the anchor at anchor_path (creating it
 * when both it and the journal are empty, its directory must exist) and sets *out (OUT;
 * close with pos_journal_close). db is borrowed and must outlive *out; anchor_path is
 * copied. A missing or disagreeing anchor does not fail the open (the journal can still
 * be read, verified and exported); it fails appends. Returns 0, PS_ENOMEM, PS_EIO or
 * PS_EUNDEFINED (tables newer than this program). */
int pos_journal_open(sqlite3 *db, const char *anchor_path, struct pos_journal **out,
                     struct ps_reason *why);

/* Frees j (NULL allowed); the database stays open. */
void pos_journal_close(struct pos_journal *j);

/* Appends r in its own transaction (call it outside one) and sets r->seq and r->link
 * (OUT). When it returns 0 the record is durable; the anchor has been moved to it, or,
 * if that write failed, will be before the next append (which fails rather than leave
 * the anchor further behind). Returns 0, PS_EINVAL (a field rule, named; refers_to
 * naming a record that does not exist; inside a transaction), PS_ECHECK (the anchor
 * disagrees with the table: run pos_journal_verify), PS_EIO. */
int pos_journal_append(struct pos_journal *j, struct pos_journal_record *r, struct ps_reason *why);

/* Reads record seq into out (OUT). Its texts are held by j, valid until the next call
 * on j. Returns 0, PS_EUNDEFINED ("no record 12"), PS_ETOOLONG (a row edited beyond
 * what a record holds), PS_EIO. */
int pos_journal_get(struct pos_journal *j, int64_t seq, struct pos_journal_record *out,
                    struct ps_reason *why);

/* The first record (lowest seq) whose reference is reference, as pos_journal_get: the
 * original transaction, since the records about it come later. */
int pos_journal_find_reference(struct pos_journal *j, const char *reference,
                               struct pos_journal_record *out, struct ps_reason *why);

/* Which records pos_journal_list visits; a zeroed filter (pos_journal_filter_init)
 * takes all. */
struct pos_journal_filter {
    int64_t from;               /* at >= from */
    int64_t to;                 /* at < to; 0: no end */
    enum pos_journal_kind kind; /* 0: any */
    const char *reference;      /* NULL: any */
    int64_t refers_to;          /* 0: any; else only records about that seq */
};

void pos_journal_filter_init(struct pos_journal_filter *f /* OUT */);

/* Called once per record; r and its texts are valid during the call only. Return 0
 * to go on; anything else stops the listing, which returns it. Do not call j inside. */
typedef int (*pos_journal_visit_fn)(const struct pos_journal_record *r, void *ctx);

/* Visits the records f selects, by seq. Returns 0, what visit stopped with, or PS_EIO. */
int pos_journal_list(struct pos_journal *j, const struct pos_journal_filter *f,
                     pos_journal_visit_fn visit, void *ctx, struct ps_reason *why);

/* The table's last record as the anchor now stands for it: rewrites the anchor from the
 * table and lets appends go on. A deliberate act after a failed verify was read and
 * explained (a restored backup, a replaced disk), never done automatically. */
int pos_journal_reanchor(struct pos_journal *j, struct ps_reason *why);

#endif
