#include "pos/journal/journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pos/db/db.h"
#include "pos/journal/internal.h"

/* The room's schema (pos_db_migrate). seq is the rowid: 1, 2, 3 ... in append order.
 * The triggers make the table append-only for every program using this database: they
 * stop a bug, not a person with the sqlite3 shell (the chain and the anchor catch that). */
static const char *const schema[] = {
    "CREATE TABLE journal ("
    "  seq INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  operator TEXT NOT NULL,"
    "  amount INTEGER NOT NULL,"
    "  result TEXT NOT NULL,"
    "  reference TEXT NOT NULL,"
    "  refers_to INTEGER NOT NULL,"
    "  body TEXT NOT NULL,"
    "  link BLOB NOT NULL);"
    "CREATE INDEX journal_by_reference ON journal (reference);"
    "CREATE INDEX journal_by_time ON journal (at);"
    "CREATE INDEX journal_by_refers_to ON journal (refers_to) WHERE refers_to <> 0;"
    "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
    " BEGIN SELECT RAISE(ABORT, 'journal records are never changed'); END;"
    "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal"
    " BEGIN SELECT RAISE(ABORT, 'journal records are never deleted'); END;",
};

/* The stored link of record seq (genesis for 0); PS_EUNDEFINED when there is none. */
static int stored_link(sqlite3 *db, int64_t seq, uint8_t out[PS_HASHCHAIN_LINK_LEN],
                       struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = PS_EUNDEFINED;

    ps_hashchain_genesis(out);
    if (seq == 0)
        return 0;
    if (sqlite3_prepare_v2(db, "SELECT link FROM journal WHERE seq = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return pos_db_fail(db, "journal link", why);
    sqlite3_bind_int64(st, 1, seq);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_bytes(st, 0) == PS_HASHCHAIN_LINK_LEN) {
        memcpy(out, sqlite3_column_blob(st, 0), PS_HASHCHAIN_LINK_LEN);
        rc = 0;
    } else if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = pos_db_fail(db, "journal link", why);
    }
    sqlite3_finalize(st);
    return rc;
}

/* 0 when the anchor stands for head, the table's last record. One state is repaired:
 * the anchor one record behind, at the record before head, which is what a stop
 * between an append's commit and its anchor write leaves (journal.h). */
static int anchor_agrees(struct pos_journal *j, const struct pos_journal__head *head,
                         struct ps_reason *why)
{
    uint8_t link[PS_HASHCHAIN_LINK_LEN];
    const struct pos_journal__head *a = &j->anchor;

    if (j->anchor_state != 0)
        return ps_fail(why, PS_ECHECK, "journal: the anchor %s cannot be read; run verify",
                       j->anchor_path);
    if (a->seq == head->seq && memcmp(a->link, head->link, sizeof(a->link)) == 0)
        return 0;
    if (head->seq == a->seq + 1 && stored_link(j->db, a->seq, link, NULL) == 0 &&
        memcmp(link, a->link, sizeof(link)) == 0) {
        int rc = pos_journal__anchor_write(j->anchor_path, head, why);
        if (rc == 0)
            j->anchor = *head;
        return rc;
    }
    return ps_fail(why, PS_ECHECK,
                   "journal: the table ends at record %lld, the anchor at record %lld; run verify",
                   (long long)head->seq, (long long)a->seq);
}

/* Reads the anchor; creates it for a journal that is empty and has none yet. */
static int anchor_load(struct pos_journal *j, struct ps_reason *why)
{
    struct pos_journal__head head;
    int rc = pos_journal__table_head(j->db, &head, why);

    if (rc != 0)
        return rc;
    j->anchor_state = pos_journal__anchor_read(j->anchor_path, &j->anchor, NULL);
    if (j->anchor_state == PS_EUNDEFINED && head.seq == 0) {
        rc = pos_journal__anchor_write(j->anchor_path, &head, why);
        if (rc != 0)
            return rc;
        j->anchor = head;
        j->anchor_state = 0;
    }
    if (j->anchor_state == 0)
        anchor_agrees(j, &head, NULL); /* repairs the one state it can; appends tell the rest */
    return 0;
}

int pos_journal_open(sqlite3 *db, const char *anchor_path, struct pos_journal **out,
                     struct ps_reason *why)
{
    struct pos_journal *j = calloc(1, sizeof(*j));
    int rc;

    *out = NULL;
    if (j == NULL)
        return ps_fail(why, PS_ENOMEM, "journal: out of memory");
    j->db = db;
    j->anchor_path = strdup(anchor_path);
    j->enc = malloc(POS_JOURNAL_ENCODED_MAX);
    j->copy = malloc(POS_JOURNAL_REFERENCE_MAX + 1 + POS_JOURNAL_BODY_MAX + 1);
    if (j->anchor_path == NULL || j->enc == NULL || j->copy == NULL)
        rc = ps_fail(why, PS_ENOMEM, "journal: out of memory");
    else
        rc = pos_db_migrate(db, "journal", schema, PS_ARRAY_LEN(schema), why);
    if (rc == 0)
        rc = anchor_load(j, why);
    if (rc != 0) {
        pos_journal_close(j);
        return rc;
    }
    *out = j;
    return 0;
}

void pos_journal_close(struct pos_journal *j)
{
    if (j == NULL)
        return;
    free(j->anchor_path);
    free(j->enc);
    free(j->copy);
    free(j);
}

static void bind_text(sqlite3_stmt *st, int i, struct pos_journal__text t)
{
    sqlite3_bind_text(st, i, t.ptr, (int)t.len, SQLITE_STATIC);
}

static int insert_row(sqlite3 *db, const struct pos_journal__row *row, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(db,
                           "INSERT INTO journal (" POS_JOURNAL__COLUMNS
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return pos_db_fail(db, "journal append", why);
    sqlite3_bind_int64(st, 1, row->seq);
    sqlite3_bind_int64(st, 2, row->at);
    bind_text(st, 3, row->kind);
    bind_text(st, 4, row->operator_no);
    sqlite3_bind_int64(st, 5, row->amount);
    bind_text(st, 6, row->result);
    bind_text(st, 7, row->reference);
    sqlite3_bind_int64(st, 8, row->refers_to);
    bind_text(st, 9, row->body);
    sqlite3_bind_blob(st, 10, row->link, (int)row->link_len, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    return step == SQLITE_DONE ? 0 : pos_db_fail(db, "journal append", why);
}

/* The body of append, inside its transaction: chains r after the table's head and
 * inserts it. head (OUT) becomes r's. */
static int chain_and_insert(struct pos_journal *j, struct pos_journal_record *r,
                            struct pos_journal__head *head, struct ps_reason *why)
{
    struct pos_journal__row row;
    size_t len = 0;
    int rc = pos_journal__table_head(j->db, head, why);

    if (rc == 0)
        rc = anchor_agrees(j, head, why);
    if (rc != 0)
        return rc;
    if (r->refers_to > head->seq)
        return ps_fail(why, PS_EINVAL, "refers_to: there is no record %lld",
                       (long long)r->refers_to);
    r->seq = head->seq + 1;
    pos_journal__row_of(r, &row);
    rc = pos_journal__encode_row(&row, j->enc, POS_JOURNAL_ENCODED_MAX, &len, why);
    if (rc == 0)
        rc = ps_hashchain_link(head->link, j->enc, len, r->link, why);
    if (rc == 0)
        rc = insert_row(j->db, &row, why);
    if (rc == 0) {
        head->seq = r->seq;
        memcpy(head->link, r->link, sizeof(head->link));
    }
    return rc;
}

int pos_journal_append(struct pos_journal *j, struct pos_journal_record *r, struct ps_reason *why)
{
    struct pos_journal__head head;
    int rc = pos_journal_record_check(r, why);

    if (rc != 0)
        return rc;
    if (!sqlite3_get_autocommit(j->db))
        return ps_fail(why, PS_EINVAL,
                       "journal: append runs its own transaction; call it outside one");
    rc = pos_db_exec(j->db, "BEGIN IMMEDIATE", why);
    if (rc != 0)
        return rc;
    rc = chain_and_insert(j, r, &head, why);
    if (rc == 0)
        rc = pos_db_exec(j->db, "COMMIT", why);
    if (rc != 0) {
        pos_db_exec(j->db, "ROLLBACK", NULL);
        r->seq = 0;
        return rc;
    }
    /* Durable now. If the anchor cannot follow, it stays one behind, the state the
     * next append repairs first (or refuses to go past). */
    if (pos_journal__anchor_write(j->anchor_path, &head, NULL) == 0)
        j->anchor = head;
    return 0;
}

/* Runs st (one record or none) and copies the record's texts into j->copy. */
static int read_one(struct pos_journal *j, sqlite3_stmt *st, struct pos_journal_record *out,
                    const char *what, struct ps_reason *why)
{
    struct pos_journal__row row;
    int rc = 0;
    int step = sqlite3_step(st);

    if (step == SQLITE_ROW) {
        pos_journal__read_row(st, &row);
        if (row.reference.len > POS_JOURNAL_REFERENCE_MAX || row.body.len > POS_JOURNAL_BODY_MAX) {
            rc = ps_fail(why, PS_ETOOLONG, "record %lld: longer than a record may be",
                         (long long)row.seq);
        } else {
            char *ref = j->copy, *body = j->copy + row.reference.len + 1;
            memcpy(ref, row.reference.ptr, row.reference.len + 1);
            memcpy(body, row.body.ptr, row.body.len + 1);
            pos_journal__record_of(&row, out);
            out->reference = ref;
            out->body = body;
        }
    } else if (step == SQLITE_DONE) {
        rc = ps_fail(why, PS_EUNDEFINED, "no record %s", what);
    } else {
        rc = pos_db_fail(j->db, "journal", why);
    }
    sqlite3_finalize(st);
    return rc;
}

int pos_journal_get(struct pos_journal *j, int64_t seq, struct pos_journal_record *out,
                    struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    char what[32];

    memset(out, 0, sizeof(*out));
    if (sqlite3_prepare_v2(j->db, "SELECT " POS_JOURNAL__COLUMNS " FROM journal WHERE seq = ?", -1,
                           &st, NULL) != SQLITE_OK)
        return pos_db_fail(j->db, "journal", why);
    sqlite3_bind_int64(st, 1, seq);
    snprintf(what, sizeof(what), "%lld", (long long)seq);
    return read_one(j, st, out, what, why);
}

int pos_journal_find_reference(struct pos_journal *j, const char *reference,
                               struct pos_journal_record *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    char what[POS_JOURNAL_REFERENCE_MAX + 32];

    memset(out, 0, sizeof(*out));
    if (sqlite3_prepare_v2(j->db,
                           "SELECT " POS_JOURNAL__COLUMNS
                           " FROM journal WHERE reference = ? ORDER BY seq LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return pos_db_fail(j->db, "journal", why);
    sqlite3_bind_text(st, 1, reference, -1, SQLITE_STATIC);
    snprintf(what, sizeof(what), "with reference %.*s", POS_JOURNAL_REFERENCE_MAX, reference);
    return read_one(j, st, out, what, why);
}

void pos_journal_filter_init(struct pos_journal_filter *f)
{
    memset(f, 0, sizeof(*f));
}

int pos_journal_list(struct pos_journal *j, const struct pos_journal_filter *f,
                     pos_journal_visit_fn visit, void *ctx, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    struct pos_journal__row row;
    struct pos_journal_record r;
    int step = SQLITE_DONE, rc = 0;

    if (f->kind != 0 && pos_journal_kind_name(f->kind) == NULL)
        return ps_fail(why, PS_EINVAL, "kind: %d is not defined", (int)f->kind);
    if (sqlite3_prepare_v2(j->db,
                           "SELECT " POS_JOURNAL__COLUMNS " FROM journal WHERE at >= :from"
                           " AND (:to = 0 OR at < :to) AND (:kind IS NULL OR kind = :kind)"
                           " AND (:ref IS NULL OR reference = :ref)"
                           " AND (:about = 0 OR refers_to = :about) ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return pos_db_fail(j->db, "journal list", why);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":from"), f->from);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":to"), f->to);
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":kind"),
                      f->kind != 0 ? pos_journal_kind_name(f->kind) : NULL, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":ref"), f->reference, -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":about"), f->refers_to);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        pos_journal__read_row(st, &row);
        pos_journal__record_of(&row, &r);
        rc = visit(&r, ctx);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = pos_db_fail(j->db, "journal list", why);
    sqlite3_finalize(st);
    return rc;
}

int pos_journal_reanchor(struct pos_journal *j, struct ps_reason *why)
{
    struct pos_journal__head head;
    int rc = pos_journal__table_head(j->db, &head, why);

    if (rc == 0)
        rc = pos_journal__anchor_write(j->anchor_path, &head, why);
    if (rc == 0) {
        j->anchor = head;
        j->anchor_state = 0;
    }
    return rc;
}
