/* bins.c — the BIN table: CSV in, a sorted array out, longest-prefix lookups.
 *
 * The import reads every record, checks each field, and keeps good rows in one array
 * and their issuer names in one pool (each row holds an offset, since the pool may still
 * move). Duplicates show only once the rows are sorted, so errors are kept in a small
 * list ordered by line, wherever in the work they were found. Only a file with no bad
 * line becomes a table; then the pool is fixed and the rows point into it. */
#include "host/pricing/bins.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define BIN_COLUMNS    5
#define BIN_RECORD_MAX 1024 /* bytes of field text in one record: far above a good row */
#define BIN_SHOW_MAX   32   /* bytes of a bad value quoted back in a message */

static const char *const column_names[BIN_COLUMNS] = {"prefix", "scheme", "issuer", "type",
                                                      "region"};
static const char header_text[] = "prefix,scheme,issuer,type,region";

static const char *const scheme_names[] = {"unionpay", "visa",     "mastercard", "jcb",
                                           "amex",     "discover", "other"};
static const char *const type_names[] = {"debit", "credit", "prepaid"};
static const char *const region_names[] = {"domestic", "foreign"};

struct pricing_bin_table {
    struct pricing_bin *rows; /* sorted by prefix (strcmp), each prefix once */
    size_t count;
    char *issuers; /* the pool every row's issuer points into */
};

const char *pricing_card_scheme_name(enum pricing_card_scheme s)
{
    return (unsigned)s < PS_ARRAY_LEN(scheme_names) ? scheme_names[s] : "?";
}

const char *pricing_card_type_name(enum pricing_card_type t)
{
    return (unsigned)t < PS_ARRAY_LEN(type_names) ? type_names[t] : "?";
}

const char *pricing_card_region_name(enum pricing_card_region r)
{
    return (unsigned)r < PS_ARRAY_LEN(region_names) ? region_names[r] : "?";
}

/* ---- CSV records (RFC 4180) ---------------------------------------------------------
 * A record ends at LF or CRLF (a lone CR is text); a field is bare (no '"') or quoted,
 * where "" is one quote and commas and line breaks are text. Blank lines and lines
 * starting with '#' are skipped between records. Nothing is allocated: the fields'
 * unquoted text is copied into the record's own array. */

enum { CSV_END = 1 };

struct csv_reader {
    const char *buf;
    size_t len;
    size_t pos;  /* next byte */
    size_t line; /* the line buf[pos] is on, 1-based */
};

struct csv_record {
    size_t line;      /* where the record starts */
    size_t nfields;   /* all of them, even beyond BIN_COLUMNS */
    size_t bad_field; /* after a syntax error: the 0-based field it is in */
    const char *field[BIN_COLUMNS];
    size_t field_len[BIN_COLUMNS];
    char text[BIN_RECORD_MAX];
};

/* Bytes of the line end at r->pos (1 for LF, 2 for CRLF), or 0. */
static size_t csv_line_end(const struct csv_reader *r)
{
    if (r->pos < r->len && r->buf[r->pos] == '\n')
        return 1;
    if (r->pos + 1 < r->len && r->buf[r->pos] == '\r' && r->buf[r->pos + 1] == '\n')
        return 2;
    return 0;
}

/* Moves past the end of the current line, so the next record can still be read after a
 * bad one and every bad line gets its report. */
static void csv_skip_line(struct csv_reader *r)
{
    while (r->pos < r->len && r->buf[r->pos] != '\n')
        r->pos++;
    if (r->pos < r->len) {
        r->pos++;
        r->line++;
    }
}

/* Reads the next record. Returns 0, CSV_END, or PS_EFORMAT / PS_ETOOLONG with
 * rec->line and rec->bad_field set and a reason without the line or column. */
static int csv_read(struct csv_reader *r, struct csv_record *rec, struct ps_reason *why)
{
    size_t used = 0, eol;

    for (;;) {
        if (r->pos >= r->len)
            return CSV_END;
        if ((eol = csv_line_end(r)) != 0) {
            r->pos += eol;
            r->line++;
        } else if (r->buf[r->pos] == '#') {
            csv_skip_line(r);
        } else {
            break;
        }
    }
    rec->line = r->line;
    rec->nfields = 0;
    for (;;) {
        size_t f = rec->nfields++, start = used;

        rec->bad_field = f;
        if (r->pos < r->len && r->buf[r->pos] == '"') {
            r->pos++;
            for (;;) {
                if (r->pos >= r->len)
                    return ps_fail(why, PS_EFORMAT, "a quote never closed");
                char c = r->buf[r->pos];
                if (c == '"') {
                    if (r->pos + 1 >= r->len || r->buf[r->pos + 1] != '"') {
                        r->pos++;
                        break;
                    }
                    r->pos++; /* "" stands for one quote */
                } else if (c == '\n') {
                    r->line++;
                }
                r->pos++;
                if (used == sizeof(rec->text)) {
                    csv_skip_line(r);
                    return ps_fail(why, PS_ETOOLONG, "longer than %d bytes", BIN_RECORD_MAX);
                }
                rec->text[used++] = c;
            }
            if (r->pos < r->len && r->buf[r->pos] != ',' && csv_line_end(r) == 0) {
                csv_skip_line(r);
                return ps_fail(why, PS_EFORMAT, "text after the closing quote");
            }
        } else {
            while (r->pos < r->len && r->buf[r->pos] != ',' && csv_line_end(r) == 0) {
                if (r->buf[r->pos] == '"') {
                    csv_skip_line(r);
                    return ps_fail(why, PS_EFORMAT,
                                   "a quote inside a field that does not start with one");
                }
                if (used == sizeof(rec->text)) {
                    csv_skip_line(r);
                    return ps_fail(why, PS_ETOOLONG, "longer than %d bytes", BIN_RECORD_MAX);
                }
                rec->text[used++] = r->buf[r->pos++];
            }
        }
        if (f < BIN_COLUMNS) {
            rec->field[f] = rec->text + start;
            rec->field_len[f] = used - start;
        }
        if (r->pos < r->len && r->buf[r->pos] == ',') {
            r->pos++;
            continue;
        }
        if ((eol = csv_line_end(r)) != 0) {
            r->pos += eol;
            r->line++;
        }
        return 0;
    }
}

/* ---- messages ------------------------------------------------------------------------ */

/* Writes s[0..len) as a message may quote it: well-formed printable UTF-8 as it is,
 * '"' and '\' escaped, anything else as \xNN, cut at BIN_SHOW_MAX bytes with "...". The
 * message then stays one line of valid text whatever the file held. */
static void show_value(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0, i = 0;

    while (i < len && i < BIN_SHOW_MAX && o + 8 < cap) {
        uint32_t cp = 0;
        size_t n = ps_utf8_decode(s + i, len - i, &cp);
        if (n > 1 && cp >= 0xa0) {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
            continue;
        }
        unsigned char c = (unsigned char)s[i++];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c >= 0x20 && c < 0x7f) {
            out[o++] = (char)c;
        } else {
            static const char hex[] = "0123456789abcdef";
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    if (i < len && o + 4 <= cap) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* The first PRICING_BIN_ERRORS_MAX errors by line, whatever order they are found in
 * (duplicates are found after the sort), and a count of all. */
struct bin_errors {
    struct pricing_bin_report *report;
    size_t lines[PRICING_BIN_ERRORS_MAX];
};

static void bin_error(struct bin_errors *e, size_t line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void bin_error(struct bin_errors *e, size_t line, const char *column, const char *fmt, ...)
{
    struct pricing_bin_report *r = e->report;
    char reason[PS_REASON_MAX];
    size_t at = r->nerrors;
    va_list ap;

    r->bad_lines++;
    while (at > 0 && e->lines[at - 1] > line)
        at--;
    if (at == PRICING_BIN_ERRORS_MAX)
        return; /* later than every kept one: counted only */
    if (r->nerrors == PRICING_BIN_ERRORS_MAX)
        r->nerrors--; /* the latest kept one makes room */
    memmove(&e->lines[at + 1], &e->lines[at], (r->nerrors - at) * sizeof(e->lines[0]));
    memmove(&r->errors[at + 1], &r->errors[at], (r->nerrors - at) * sizeof(r->errors[0]));
    r->nerrors++;
    e->lines[at] = line;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    if (column != NULL)
        ps_fail(&r->errors[at], PS_EFORMAT, "line %zu: %s%s", line, column, reason);
    else
        ps_fail(&r->errors[at], PS_EFORMAT, "line %zu: %s", line, reason);
}

/* ---- fields -------------------------------------------------------------------------- */

static int word_index(const char *s, size_t len, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(words[i]) == len && memcmp(words[i], s, len) == 0)
            return (int)i;
    return -1;
}

static int all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Why the issuer name cannot be used, or NULL when it can: UTF-8, one line (no control
 * characters, C0, DEL or C1), 1 to PRICING_BIN_ISSUER_MAX characters. */
static const char *issuer_problem(const char *s, size_t len, char *buf, size_t cap)
{
    size_t at = 0, chars = 0;

    if (len == 0)
        return "empty";
    if (ps_utf8_check(s, len, &at, NULL) != 0) {
        snprintf(buf, cap, "not UTF-8 at byte %zu", at + 1);
        return buf;
    }
    for (size_t i = 0; i < len; chars++) {
        uint32_t cp = 0;
        i += ps_utf8_decode(s + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
            snprintf(buf, cap, "control character U+%04X at character %zu: one line expected",
                     (unsigned)cp, chars + 1);
            return buf;
        }
    }
    if (chars > PRICING_BIN_ISSUER_MAX) {
        snprintf(buf, cap, "%zu characters, at most %d", chars, PRICING_BIN_ISSUER_MAX);
        return buf;
    }
    return NULL;
}

/* A row as the import holds it until the pool stops moving. */
struct bin_row {
    struct pricing_bin bin;
    size_t issuer_at; /* offset of its name in the pool */
};

/* Checks one record's fields into *row; reports the first problem and returns -1, or 0. */
static int row_from_record(const struct csv_record *rec, struct bin_row *row, struct bin_errors *e)
{
    char shown[BIN_SHOW_MAX * 4 + 8], why[PS_REASON_MAX];
    const char *s;
    size_t len;
    int i;

    if (rec->nfields != BIN_COLUMNS) {
        bin_error(e, rec->line, NULL, "%zu field%s, %d expected (%s)", rec->nfields,
                  rec->nfields == 1 ? "" : "s", BIN_COLUMNS, header_text);
        return -1;
    }
    s = rec->field[0], len = rec->field_len[0];
    if (len < PRICING_BIN_PREFIX_MIN || len > PRICING_BIN_PREFIX_MAX || !all_digits(s, len)) {
        show_value(s, len, shown, sizeof(shown));
        bin_error(e, rec->line, "prefix", " \"%s\": not %d to %d digits", shown,
                  PRICING_BIN_PREFIX_MIN, PRICING_BIN_PREFIX_MAX);
        return -1;
    }
    memcpy(row->bin.prefix, s, len);
    row->bin.prefix[len] = '\0';
    row->bin.prefix_len = len;

    s = rec->field[1], len = rec->field_len[1];
    if ((i = word_index(s, len, scheme_names, PS_ARRAY_LEN(scheme_names))) < 0) {
        show_value(s, len, shown, sizeof(shown));
        bin_error(e, rec->line, "scheme",
                  " \"%s\": unionpay, visa, mastercard, jcb, amex, discover or other", shown);
        return -1;
    }
    row->bin.scheme = (enum pricing_card_scheme)i;

    const char *problem = issuer_problem(rec->field[2], rec->field_len[2], why, sizeof(why));
    if (problem != NULL) {
        bin_error(e, rec->line, "issuer", ": %s", problem);
        return -1;
    }

    s = rec->field[3], len = rec->field_len[3];
    if ((i = word_index(s, len, type_names, PS_ARRAY_LEN(type_names))) < 0) {
        show_value(s, len, shown, sizeof(shown));
        bin_error(e, rec->line, "type", " \"%s\": debit, credit or prepaid", shown);
        return -1;
    }
    row->bin.type = (enum pricing_card_type)i;

    s = rec->field[4], len = rec->field_len[4];
    if ((i = word_index(s, len, region_names, PS_ARRAY_LEN(region_names))) < 0) {
        show_value(s, len, shown, sizeof(shown));
        bin_error(e, rec->line, "region", " \"%s\": domestic or foreign", shown);
        return -1;
    }
    row->bin.region = (enum pricing_card_region)i;
    row->bin.line = rec->line;
    row->bin.issuer = NULL;
    return 0;
}

/* The header, ASCII case aside (a spreadsheet may capitalise it); 0 or -1 reported. */
static int check_header(const struct csv_record *rec, struct bin_errors *e)
{
    int ok = rec->nfields == BIN_COLUMNS;

    for (size_t f = 0; ok && f < BIN_COLUMNS; f++) {
        size_t n = strlen(column_names[f]);
        ok = rec->field_len[f] == n;
        for (size_t k = 0; ok && k < n; k++) {
            char c = rec->field[f][k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            ok = c == column_names[f][k];
        }
    }
    if (ok)
        return 0;
    bin_error(e, rec->line, "header", ": %s expected", header_text);
    return -1;
}

/* ---- import -------------------------------------------------------------------------- */

static int compare_rows(const void *a, const void *b)
{
    const struct bin_row *x = a, *y = b;
    int c = strcmp(x->bin.prefix, y->bin.prefix);

    if (c != 0)
        return c;
    return x->bin.line < y->bin.line ? -1 : x->bin.line > y->bin.line;
}

/* Appends name[0..len) to the pool (sized to the whole file, so it never grows: a good
 * row's name and its NUL fit in the bytes of the name and the comma after it), reusing
 * the last name when it is the same, as rows of one bank come together. */
static size_t pool_add(char *pool, size_t *used, size_t *last, const char *name, size_t len)
{
    if (*used > 0 && strlen(pool + *last) == len && memcmp(pool + *last, name, len) == 0)
        return *last;
    *last = *used;
    memcpy(pool + *used, name, len);
    pool[*used + len] = '\0';
    *used += len + 1;
    return *last;
}

int pricing_bin_import(const char *buf, size_t len, struct pricing_bin_table **out,
                      struct pricing_bin_report *report, struct ps_reason *why)
{
    struct pricing_bin_report own;
    struct bin_errors e;
    struct csv_reader r = {buf, len, 0, 1};
    struct csv_record *rec = NULL;
    struct pricing_bin_table *t = NULL;
    struct bin_row *rows = NULL;
    char *pool = NULL;
    size_t count = 0, cap = 0, used = 0, last = 0;
    int header_seen = 0, rc = 0;

    if (out != NULL)
        *out = NULL;
    if (report == NULL)
        report = &own;
    memset(report, 0, sizeof(*report));
    e.report = report;
    if (out == NULL || (buf == NULL && len > 0))
        return ps_fail(why, PS_EINVAL, "BIN table: no buffer or no place for the table");
    if (len > PRICING_BIN_FILE_MAX)
        return ps_fail(why, PS_ETOOLONG, "BIN table: the file is %zu bytes, at most %d", len,
                       PRICING_BIN_FILE_MAX);
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        r.pos = 3; /* the byte order mark spreadsheets write */

    rec = malloc(sizeof(*rec));
    pool = malloc(len + 1);
    if (rec == NULL || pool == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "BIN table: out of memory");
        goto out;
    }
    for (;;) {
        struct ps_reason syntax;
        int got = csv_read(&r, rec, &syntax);

        if (got == CSV_END)
            break;
        if (got < 0) {
            const char *column = !header_seen                   ? "header"
                                 : rec->bad_field < BIN_COLUMNS ? column_names[rec->bad_field]
                                                                : "a column";
            bin_error(&e, rec->line, column, ": %s", syntax.text);
            if (!header_seen)
                break; /* without the header no later line can be read as meant */
            continue;
        }
        if (!header_seen) {
            header_seen = 1;
            if (check_header(rec, &e) != 0)
                break;
            continue;
        }
        if (count == PRICING_BIN_ENTRIES_MAX) {
            rc = ps_fail(why, PS_ETOOLONG, "BIN table: line %zu: more than %d entries", rec->line,
                         PRICING_BIN_ENTRIES_MAX);
            goto out;
        }
        if (count == cap) {
            size_t grown = cap == 0 ? 256 : cap * 2;
            if (grown > PRICING_BIN_ENTRIES_MAX)
                grown = PRICING_BIN_ENTRIES_MAX;
            struct bin_row *more = realloc(rows, grown * sizeof(*rows));
            if (more == NULL) {
                rc = ps_fail(why, PS_ENOMEM, "BIN table: out of memory");
                goto out;
            }
            rows = more;
            cap = grown;
        }
        if (row_from_record(rec, &rows[count], &e) != 0)
            continue;
        rows[count].issuer_at = pool_add(pool, &used, &last, rec->field[2], rec->field_len[2]);
        count++;
    }
    if (!header_seen && report->bad_lines == 0)
        bin_error(&e, r.line, "header", ": missing (%s expected)", header_text);

    if (count > 1)
        qsort(rows, count, sizeof(*rows), compare_rows);
    for (size_t i = 1, first = 0; i < count; i++) {
        if (strcmp(rows[i].bin.prefix, rows[first].bin.prefix) != 0) {
            first = i;
            continue;
        }
        bin_error(&e, rows[i].bin.line, NULL, "prefix %s is also on line %zu", rows[i].bin.prefix,
                  rows[first].bin.line);
    }

    if (report->bad_lines > 0) {
        size_t more = report->bad_lines - report->nerrors;
        if (more > 0)
            rc = ps_fail(why, PS_EFORMAT,
                         "BIN table: %zu bad lines (the first %zu listed, and %zu more); "
                         "nothing imported",
                         report->bad_lines, report->nerrors, more);
        else
            rc = ps_fail(why, PS_EFORMAT, "BIN table: %zu bad line%s; nothing imported",
                         report->bad_lines, report->bad_lines == 1 ? "" : "s");
        goto out;
    }

    t = calloc(1, sizeof(*t));
    if (t == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "BIN table: out of memory");
        goto out;
    }
    if (used > 0) {
        char *fitted = realloc(pool, used); /* shrinking: keeps the old block if it fails */
        if (fitted != NULL)
            pool = fitted;
    }
    t->rows = malloc((count > 0 ? count : 1) * sizeof(*t->rows));
    if (t->rows == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "BIN table: out of memory");
        goto out;
    }
    for (size_t i = 0; i < count; i++) {
        t->rows[i] = rows[i].bin;
        t->rows[i].issuer = pool + rows[i].issuer_at;
    }
    t->count = count;
    t->issuers = pool;
    pool = NULL;
    report->entries = count;
    *out = t;
    t = NULL;
out:
    free(rec);
    free(rows);
    free(pool);
    pricing_bin_table_free(t);
    return rc;
}

void pricing_bin_table_free(struct pricing_bin_table *t)
{
    if (t == NULL)
        return;
    free(t->rows);
    free(t->issuers);
    free(t);
}

size_t pricing_bin_table_count(const struct pricing_bin_table *t)
{
    return t != NULL ? t->count : 0;
}

const struct pricing_bin *pricing_bin_table_entry(const struct pricing_bin_table *t, size_t i)
{
    return t != NULL && i < t->count ? &t->rows[i] : NULL;
}

/* ---- lookups ------------------------------------------------------------------------- */

static int check_pan(const char *pan, size_t len, struct ps_reason *why)
{
    if (pan == NULL)
        return ps_fail(why, PS_EFORMAT, "card number: missing");
    if (len < PRICING_BIN_PAN_MIN || len > PRICING_BIN_PAN_MAX)
        return ps_fail(why, PS_EFORMAT, "card number: %zu digits, %d to %d expected", len,
                       PRICING_BIN_PAN_MIN, PRICING_BIN_PAN_MAX);
    for (size_t i = 0; i < len; i++)
        if (pan[i] < '0' || pan[i] > '9')
            return ps_fail(why, PS_EFORMAT, "card number: character %zu is not a digit", i + 1);
    return 0;
}

int pricing_bin_lookup(const struct pricing_bin_table *t, const char *pan, size_t len,
                      const struct pricing_bin **found, struct ps_reason *why)
{
    int rc;

    if (found != NULL)
        *found = NULL;
    if (t == NULL || found == NULL)
        return ps_fail(why, PS_EINVAL, "BIN lookup: no table");
    if ((rc = check_pan(pan, len, why)) != 0)
        return rc;
    /* Longest first: one bisection per length, each for an exact prefix (the rows are
     * sorted by strcmp and each prefix is there once). */
    for (size_t n = PRICING_BIN_PREFIX_MAX; n >= PRICING_BIN_PREFIX_MIN; n--) {
        char key[PRICING_BIN_PREFIX_MAX + 1];
        size_t lo = 0, hi = t->count;

        if (n > len)
            continue;
        memcpy(key, pan, n);
        key[n] = '\0';
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(t->rows[mid].prefix, key);
            if (c == 0) {
                *found = &t->rows[mid];
                return 0;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return PRICING_BIN_UNKNOWN;
}

static int starts_in(const char *pan, size_t digits, unsigned lo, unsigned hi)
{
    unsigned v = 0;
    for (size_t i = 0; i < digits; i++)
        v = v * 10 + (unsigned)(pan[i] - '0');
    return v >= lo && v <= hi;
}

/* ISO/IEC 7812 issuer ranges as the networks publish them. */
static enum pricing_card_scheme scheme_by_iin(const char *pan)
{
    if (starts_in(pan, 2, 62, 62))
        return PRICING_SCHEME_UNIONPAY;
    if (pan[0] == '4')
        return PRICING_SCHEME_VISA;
    if (starts_in(pan, 2, 51, 55) || starts_in(pan, 4, 2221, 2720))
        return PRICING_SCHEME_MASTERCARD;
    if (starts_in(pan, 2, 34, 34) || starts_in(pan, 2, 37, 37))
        return PRICING_SCHEME_AMEX;
    if (starts_in(pan, 4, 3528, 3589))
        return PRICING_SCHEME_JCB;
    if (starts_in(pan, 4, 6011, 6011) || starts_in(pan, 3, 644, 649) || starts_in(pan, 2, 65, 65))
        return PRICING_SCHEME_DISCOVER;
    return PRICING_SCHEME_OTHER;
}

int pricing_bin_fallback(const char *pan, size_t len, struct pricing_bin *out, struct ps_reason *why)
{
    int rc = check_pan(pan, len, why);

    if (rc != 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->issuer = "";
    out->scheme = scheme_by_iin(pan);
    if (out->scheme == PRICING_SCHEME_UNIONPAY) {
        out->type = PRICING_CARD_DEBIT;
        out->region = PRICING_REGION_DOMESTIC;
    } else {
        out->type = PRICING_CARD_CREDIT;
        out->region = PRICING_REGION_FOREIGN;
    }
    return 0;
}

int pricing_bin_classify(const struct pricing_bin_table *t, const char *pan, size_t len,
                        struct pricing_bin *out, struct ps_reason *why)
{
    const struct pricing_bin *found = NULL;
    int rc = pricing_bin_lookup(t, pan, len, &found, why);

    if (rc == 0) {
        *out = *found;
        return 0;
    }
    if (rc != PRICING_BIN_UNKNOWN)
        return rc;
    rc = pricing_bin_fallback(pan, len, out, why);
    return rc != 0 ? rc : PRICING_BIN_UNKNOWN;
}

/* ---- the default table --------------------------------------------------------------- */

/* Illustrative: BINs widely published for the big Chinese banks' UnionPay cards, the
 * sandbox's own cards (docs/sandbox.md), and the networks' public test ranges standing
 * in for foreign cards. Good enough for the demo and the fee engine's tests; a
 * deployment imports its network's or acquirer's BIN file instead. */
static const char default_csv[] =
    "# possum's default BIN table: ILLUSTRATIVE ONLY.\n"
    "# Replace it with the network's or acquirer's BIN file in production.\n"
    "prefix,scheme,issuer,type,region\n"
    "# mainland China, UnionPay\n"
    "622202,unionpay,中国工商银行 ICBC,debit,domestic\n"
    "622208,unionpay,中国工商银行 ICBC,debit,domestic\n"
    "621226,unionpay,中国工商银行 ICBC,debit,domestic\n"
    "622848,unionpay,中国农业银行 ABC,debit,domestic\n"
    "622845,unionpay,中国农业银行 ABC,debit,domestic\n"
    "622836,unionpay,中国农业银行 ABC,credit,domestic\n"
    "621700,unionpay,中国建设银行 CCB,debit,domestic\n"
    "622700,unionpay,中国建设银行 CCB,debit,domestic\n"
    "621661,unionpay,中国银行 BOC,debit,domestic\n"
    "601382,unionpay,中国银行 BOC,debit,domestic\n"
    "622588,unionpay,招商银行 CMB,debit,domestic\n"
    "621483,unionpay,招商银行 CMB,debit,domestic\n"
    "622575,unionpay,招商银行 CMB,credit,domestic\n"
    "622576,unionpay,招商银行 CMB,credit,domestic\n"
    "622260,unionpay,交通银行 BOCOM,debit,domestic\n"
    "622262,unionpay,交通银行 BOCOM,debit,domestic\n"
    "621799,unionpay,中国邮政储蓄银行 PSBC,debit,domestic\n"
    "622188,unionpay,中国邮政储蓄银行 PSBC,debit,domestic\n"
    "622690,unionpay,中信银行 CITIC,debit,domestic\n"
    "622909,unionpay,兴业银行 CIB,debit,domestic\n"
    "# the sandbox issuer's credit cards (6258070000000000011)\n"
    "625807,unionpay,possum 沙箱发卡行 sandbox issuer,credit,domestic\n"
    "# mainland China, international schemes\n"
    "436742,visa,中国建设银行 CCB,debit,domestic\n"
    "# foreign: the networks' public test ranges\n"
    "411111,visa,\"Visa test range (4111 1111 1111 1111)\",credit,foreign\n"
    "424242,visa,\"Visa test range (4242 4242 4242 4242)\",credit,foreign\n"
    "555555,mastercard,\"Mastercard test range (5555 5555 5555 4444)\",credit,foreign\n"
    "222300,mastercard,\"Mastercard test range (2223 0031 2200 3222)\",credit,foreign\n"
    "378282,amex,\"American Express test range (3782 822463 10005)\",credit,foreign\n"
    "353011,jcb,\"JCB test range (3530 1113 3330 0000)\",credit,foreign\n"
    "601111,discover,\"Discover test range (6011 1111 1111 1117)\",credit,foreign\n";

const char *pricing_bin_default_csv(size_t *len)
{
    if (len != NULL)
        *len = sizeof(default_csv) - 1;
    return default_csv;
}

int pricing_bin_default(struct pricing_bin_table **out, struct ps_reason *why)
{
    /* the text is checked by the tests, so only memory can fail here */
    return pricing_bin_import(default_csv, sizeof(default_csv) - 1, out, NULL, why);
}
