/* verify.c — walking the chain and comparing its head with the anchor. */
#include <stdio.h>
#include <string.h>

#include "pos/db/db.h"
#include "pos/journal/audit.h"
#include "pos/journal/internal.h"

/* A walk along the table, record by record, in seq order. */
struct walk {
    struct pos_journal *j;
    struct ps_hashchain chain; /* the records verified so far and the last link */
    struct pos_journal__head anchor;
    int anchor_read;         /* 0, or why the anchor could not be read */
    int anchor_link_matches; /* the walk passed the anchor's seq with the anchor's link */
    struct pos_journal_report *rep;
};

static int fault(struct walk *w, enum pos_journal_fault f, int64_t seq)
{
    w->rep->fault = f;
    w->rep->seq = seq;
    return PS_ECHECK;
}

/* The seq under which the record that belongs at position e is stored, when it is
 * stored elsewhere: a row that, numbered e, chains from the last good link to its own
 * stored link. 0 when there is none (or on a database error: the fault stays named). */
static int64_t find_moved(struct walk *w, int64_t e)
{
    struct pos_journal *j = w->j;
    struct pos_journal__row row;
    sqlite3_stmt *st = NULL;
    uint8_t link[PS_HASHCHAIN_LINK_LEN];
    size_t len;
    int64_t found = 0;

    if (sqlite3_prepare_v2(j->db, "SELECT " POS_JOURNAL__COLUMNS " FROM journal WHERE seq <> ?", -1,
                           &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int64(st, 1, e);
    while (found == 0 && sqlite3_step(st) == SQLITE_ROW) {
        pos_journal__read_row(st, &row);
        int64_t stored_as = row.seq;
        row.seq = e;
        if (row.link_len == sizeof(link) &&
            pos_journal__encode_row(&row, j->enc, POS_JOURNAL_ENCODED_MAX, &len, NULL) == 0 &&
            ps_hashchain_link(w->chain.link, j->enc, len, link, NULL) == 0 &&
            memcmp(link, row.link, sizeof(link)) == 0)
            found = stored_as;
    }
    sqlite3_finalize(st);
    return found;
}

/* Record e is not where it should be (gap: the next one stored is next_seq) or does not
 * chain: names the fault. */
static int misplaced(struct walk *w, int64_t e, int64_t next_seq, struct ps_reason *why)
{
    int64_t moved = find_moved(w, e);

    if (moved != 0) {
        fault(w, POS_JOURNAL_REORDERED, e);
        return ps_fail(why, PS_ECHECK,
                       "record %lld: the record that belongs here is stored as record %lld: "
                       "records were reordered",
                       (long long)e, (long long)moved);
    }
    if (next_seq != e) {
        fault(w, POS_JOURNAL_DELETED, e);
        return ps_fail(why, PS_ECHECK,
                       "record %lld: missing, the journal goes from record %lld to record %lld: "
                       "deleted",
                       (long long)e, (long long)e - 1, (long long)next_seq);
    }
    fault(w, POS_JOURNAL_EDITED, e);
    return ps_fail(why, PS_ECHECK,
                   "record %lld: its link does not follow from its fields and the link of "
                   "record %lld: edited",
                   (long long)e, (long long)e - 1);
}

/* Checks one row, the next in seq order. */
static int walk_row(struct walk *w, const struct pos_journal__row *row, struct ps_reason *why)
{
    int64_t e = (int64_t)w->chain.count + 1;
    size_t len = 0;

    if (row->seq != e)
        return misplaced(w, e, row->seq, why);
    if (row->link_len != PS_HASHCHAIN_LINK_LEN ||
        pos_journal__encode_row(row, w->j->enc, POS_JOURNAL_ENCODED_MAX, &len, NULL) != 0)
        return misplaced(w, e, e, why);
    int rc = ps_hashchain_check(&w->chain, w->j->enc, len, row->link, NULL);
    if (rc == PS_ECHECK)
        return misplaced(w, e, e, why);
    if (rc != 0)
        return ps_fail(why, rc, "record %lld: SHA-256 failed", (long long)e);
    if (w->chain.count == (uint64_t)w->anchor.seq)
        w->anchor_link_matches = memcmp(w->chain.link, w->anchor.link, PS_HASHCHAIN_LINK_LEN) == 0;
    return 0;
}

static int walk_table(struct walk *w, struct ps_reason *why)
{
    sqlite3 *db = w->j->db;
    sqlite3_stmt *st = NULL;
    struct pos_journal__row row;
    int step = SQLITE_DONE, rc = 0;

    if (sqlite3_prepare_v2(db, "SELECT " POS_JOURNAL__COLUMNS " FROM journal ORDER BY seq", -1, &st,
                           NULL) != SQLITE_OK)
        return pos_db_fail(db, "journal verify", why);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        pos_journal__read_row(st, &row);
        rc = walk_row(w, &row, why);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = pos_db_fail(db, "journal verify", why);
    sqlite3_finalize(st);
    return rc;
}

/* The table's head is rep->table; says whether the anchor stands for it. */
static int compare_anchor(struct walk *w, struct ps_reason *why)
{
    const char *path = w->j->anchor_path;
    long long as = (long long)w->anchor.seq, ts = (long long)w->rep->table.seq;

    if (w->anchor_read != 0) {
        fault(w, POS_JOURNAL_ANCHOR_MISSING, 0);
        return ps_fail(why, PS_ECHECK, "the anchor %s %s: the end of the journal cannot be checked",
                       path,
                       w->anchor_read == PS_EUNDEFINED ? "is missing"
                       : w->anchor_read == PS_EFORMAT  ? "is not an anchor"
                                                       : "cannot be read");
    }
    if (as > ts) {
        fault(w, POS_JOURNAL_TAIL_DELETED, ts + 1);
        if (as - ts == 1)
            return ps_fail(why, PS_ECHECK,
                           "the anchor names record %lld, the table ends at record %lld: the "
                           "last record was deleted",
                           as, ts);
        return ps_fail(why, PS_ECHECK,
                       "the anchor names record %lld, the table ends at record %lld: the last "
                       "%lld records were deleted",
                       as, ts, as - ts);
    }
    if (as == ts && w->anchor_link_matches)
        return 0;
    if (as == ts) {
        fault(w, POS_JOURNAL_ANCHOR_DISAGREES, ts);
        return ps_fail(why, PS_ECHECK,
                       "record %lld: its link differs from the anchor's: the last record was "
                       "replaced, or the anchor belongs to another journal",
                       ts);
    }
    fault(w, POS_JOURNAL_ANCHOR_DISAGREES, as + 1);
    if (!w->anchor_link_matches)
        return ps_fail(why, PS_ECHECK,
                       "the anchor names record %lld with another link: it belongs to another "
                       "journal",
                       as);
    return ps_fail(why, PS_ECHECK,
                   "the table goes on past the anchor's record %lld to record %lld: records were "
                   "added without the anchor",
                   as, ts);
}

int pos_journal_verify(struct pos_journal *j, struct pos_journal_report *rep, struct ps_reason *why)
{
    struct walk w = {.j = j, .rep = rep};
    int own_txn = sqlite3_get_autocommit(j->db);
    int rc;

    memset(rep, 0, sizeof(*rep));
    rep->anchor.seq = -1;
    ps_hashchain_init(&w.chain);
    w.anchor_read = pos_journal__anchor_read(j->anchor_path, &w.anchor, NULL);
    if (w.anchor_read != 0) {
        w.anchor.seq = -1; /* matches no record */
    } else {
        rep->anchor.seq = w.anchor.seq;
        memcpy(rep->anchor.link, w.anchor.link, sizeof(rep->anchor.link));
        w.anchor_link_matches =
            w.anchor.seq == 0 && memcmp(w.anchor.link, w.chain.link, sizeof(w.anchor.link)) == 0;
    }
    /* one read transaction: the walk and the search for a moved record see one state */
    if (own_txn && (rc = pos_db_exec(j->db, "BEGIN", why)) != 0)
        return rc;
    rc = walk_table(&w, why);
    if (own_txn)
        pos_db_exec(j->db, "COMMIT", NULL);
    rep->checked = (int64_t)w.chain.count;
    if (rc != 0) {
        /* the table's last row as stored, for the report; the fault is already named */
        struct pos_journal__head head;
        if (pos_journal__table_head(j->db, &head, NULL) == 0) {
            rep->table.seq = head.seq;
            memcpy(rep->table.link, head.link, sizeof(rep->table.link));
        }
        return rc;
    }
    rep->table.seq = (int64_t)w.chain.count;
    memcpy(rep->table.link, w.chain.link, sizeof(rep->table.link));
    return compare_anchor(&w, why);
}
