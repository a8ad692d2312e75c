#include "pos/catalog/csv.h"

#include <string.h>

void pos_csv_reader_init(struct pos_csv_reader *r, const char *buf, size_t len)
{
    r->buf = buf;
    r->len = len;
    r->pos = 0;
    r->line = 1;
    /* Windows tools (Excel's "CSV UTF-8" among them) start the file with U+FEFF. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
}

/* The length of the line end at pos: 1 for LF, 2 for CRLF, 0 when there is none. */
static size_t line_end_at(const struct pos_csv_reader *r, size_t pos)
{
    if (pos < r->len && r->buf[pos] == '\n')
        return 1;
    if (pos + 1 < r->len && r->buf[pos] == '\r' && r->buf[pos + 1] == '\n')
        return 2;
    return 0;
}

/* Moves past the end of the current line, or to the end of the buffer. */
static void skip_line(struct pos_csv_reader *r)
{
    while (r->pos < r->len) {
        if (r->buf[r->pos++] == '\n') {
            r->line++;
            return;
        }
    }
}

/* A record being read: where its next byte of text goes, and whether some did not fit
 * (the record is then read to its end, so the reader stays in step, and refused). */
struct filling {
    struct pos_csv_record *rec;
    size_t used;
    int overflowed;
    size_t overflow_field;
};

static void put(struct filling *f, char c)
{
    if (f->used == POS_CSV_RECORD_MAX) {
        if (!f->overflowed)
            f->overflow_field = f->rec->nfields;
        f->overflowed = 1;
        return;
    }
    f->rec->text[f->used++] = c;
}

/* RFC 4180 §2.5-2.7: a quoted field runs to the quote that is not doubled. What
 * follows it must end the field. */
static int read_quoted(struct pos_csv_reader *r, struct filling *f, struct ps_reason *why)
{
    size_t opened = r->line;
    r->pos++;
    for (;;) {
        if (r->pos == r->len)
            return ps_fail(why, PS_EFORMAT, "the quote opened on line %zu is never closed", opened);
        char c = r->buf[r->pos++];
        if (c == '"') {
            if (r->pos < r->len && r->buf[r->pos] == '"') {
                put(f, '"');
                r->pos++;
                continue;
            }
            break;
        }
        if (c == '\n')
            r->line++;
        put(f, c);
    }
    if (r->pos == r->len || r->buf[r->pos] == ',' || line_end_at(r, r->pos) > 0)
        return 0;
    return ps_fail(why, PS_EFORMAT,
                   "text after the closing quote (a quote inside a quoted field is written \"\")");
}

/* A bare field runs to the next comma or line end and holds no quote. */
static int read_bare(struct pos_csv_reader *r, struct filling *f, struct ps_reason *why)
{
    while (r->pos < r->len && r->buf[r->pos] != ',' && line_end_at(r, r->pos) == 0) {
        if (r->buf[r->pos] == '"')
            return ps_fail(why, PS_EFORMAT,
                           "a quote inside a field that does not start with one "
                           "(quote the whole field and double the quote)");
        put(f, r->buf[r->pos++]);
    }
    return 0;
}

int pos_csv_read(struct pos_csv_reader *r, struct pos_csv_record *rec, struct ps_reason *why)
{
    struct filling f = {rec, 0, 0, 0};
    rec->line = r->line;
    rec->nfields = 0;
    rec->bad_field = 0;
    if (r->pos >= r->len)
        return POS_CSV_END;

    for (;;) {
        size_t start = f.used;
        int quoted = r->pos < r->len && r->buf[r->pos] == '"'; /* "a," may end the buffer */
        int rc = quoted ? read_quoted(r, &f, why) : read_bare(r, &f, why);
        if (rc != 0) {
            rec->bad_field = rec->nfields;
            skip_line(r);
            return rc;
        }
        if (rec->nfields < POS_CSV_FIELDS_MAX)
            rec->field[rec->nfields] = (struct pos_csv_field){rec->text + start, f.used - start};
        rec->nfields++;
        if (r->pos < r->len && r->buf[r->pos] == ',') {
            r->pos++;
            continue;
        }
        break;
    }
    size_t end = line_end_at(r, r->pos);
    r->pos += end;
    r->line += end > 0;
    if (f.overflowed) {
        rec->bad_field = f.overflow_field;
        return ps_fail(why, PS_ETOOLONG, "the line holds more than %d bytes of text",
                       POS_CSV_RECORD_MAX);
    }
    ps_reason_clear(why);
    return 0;
}

static int needs_quotes(const char *s, size_t len)
{
    if (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'))
        return 1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return 1;
    }
    return 0;
}

int pos_csv_write_field(FILE *out, const char *s, size_t len)
{
    if (!needs_quotes(s, len))
        return fwrite(s, 1, len, out) == len ? 0 : PS_EIO;
    if (fputc('"', out) == EOF)
        return PS_EIO;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"' && fputc('"', out) == EOF)
            return PS_EIO;
        if (fputc(s[i], out) == EOF)
            return PS_EIO;
    }
    return fputc('"', out) == EOF ? PS_EIO : 0;
}
