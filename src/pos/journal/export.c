/* export.c — a consistent copy of the terminal database, and the journal as JSON lines
 * for an auditor. */
#include <stdio.h>
#include <string.h>

#include "core/hex.h"
#include "pos/db/db.h"
#include "pos/journal/audit.h"
#include "pos/journal/internal.h"

/* Copies every page of the source in one step, so the copy is one consistent state
 * even while the terminal goes on appending. */
static int copy_database(sqlite3 *src, sqlite3 *dest, const char *dest_path, struct ps_reason *why)
{
    sqlite3_backup *b = sqlite3_backup_init(dest, "main", src, "main");
    if (b == NULL)
        return ps_fail(why, PS_EIO, "backup to %s: %s", dest_path, sqlite3_errmsg(dest));
    int step = sqlite3_backup_step(b, -1);
    int finish = sqlite3_backup_finish(b);
    if (step != SQLITE_DONE || finish != SQLITE_OK)
        return ps_fail(why, PS_EIO, "backup to %s: %s", dest_path, sqlite3_errmsg(dest));
    return 0;
}

int pos_journal_backup(struct pos_journal *j, const char *dest_path, const char *dest_anchor_path,
                       struct ps_reason *why)
{
    sqlite3 *dest = NULL;
    struct pos_journal__head head;
    int rc;

    if (sqlite3_open_v2(dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = ps_fail(why, PS_EIO, "backup to %s: %s", dest_path,
                     dest != NULL ? sqlite3_errmsg(dest) : "out of memory");
        goto out;
    }
    rc = copy_database(j->db, dest, dest_path, why);
    /* the copy's own head, so its anchor matches the copy whatever was appended since */
    if (rc == 0)
        rc = pos_journal__table_head(dest, &head, why);
    if (rc == 0)
        rc = pos_journal__anchor_write(dest_anchor_path, &head, why);
out:
    sqlite3_close(dest);
    return rc;
}

/* Writes t as a JSON string (RFC 8259 §7): quote, backslash and control characters
 * escaped, every other byte as stored. */
static void put_json_string(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7F)
            fprintf(out, "\\u%04X", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void put_row(FILE *out, const struct pos_journal__row *row)
{
    char hex[2 * PS_HASHCHAIN_LINK_LEN + 1] = "";

    fprintf(out, "{\"seq\":%lld,\"at\":%lld,\"kind\":", (long long)row->seq, (long long)row->at);
    put_json_string(out, row->kind.ptr, row->kind.len);
    fputs(",\"operator\":", out);
    put_json_string(out, row->operator_no.ptr, row->operator_no.len);
    fprintf(out, ",\"amount\":%lld,\"result\":", (long long)row->amount);
    put_json_string(out, row->result.ptr, row->result.len);
    fputs(",\"reference\":", out);
    put_json_string(out, row->reference.ptr, row->reference.len);
    fprintf(out, ",\"refers_to\":%lld,\"body\":", (long long)row->refers_to);
    put_json_string(out, row->body.ptr, row->body.len);
    if (row->link != NULL && row->link_len == PS_HASHCHAIN_LINK_LEN)
        ps_hex_encode(row->link, row->link_len, hex);
    fprintf(out, ",\"link\":\"%s\"}\n", hex);
}

int pos_journal_export(struct pos_journal *j, FILE *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    struct pos_journal__row row;
    int step;

    if (sqlite3_prepare_v2(j->db, "SELECT " POS_JOURNAL__COLUMNS " FROM journal ORDER BY seq", -1,
                           &st, NULL) != SQLITE_OK)
        return pos_db_fail(j->db, "journal export", why);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        pos_journal__read_row(st, &row);
        put_row(out, &row);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE)
        return pos_db_fail(j->db, "journal export", why);
    if (fflush(out) != 0 || ferror(out))
        return ps_fail(why, PS_EIO, "journal export: writing failed");
    return 0;
}
