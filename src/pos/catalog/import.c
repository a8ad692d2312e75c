#include "pos/catalog/import.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pos/catalog/catalog.h"
#include "pos/catalog/columns.h"
#include "pos/catalog/csv.h"
#include "pos/catalog/internal.h"
#include "pos/catalog/product.h"
#include "pos/db/db.h"

static const char *const columns[] = {"code", "name", "price", "tax_rate", "stock"};
#define NCOLUMNS   PS_ARRAY_LEN(columns)
#define HEADER     "code,name,price,tax_rate,stock"
#define READ_CHUNK (64 << 10)

/* The products of a file that checked out so far, and the codes seen. */
struct checked {
    struct pos_product *products;
    size_t n, cap;
    struct pos_catalog__codeset seen;
};

static void checked_cleanup(struct checked *c)
{
    free(c->products);
    pos_catalog__codeset_cleanup(&c->seen);
}

/* Counts a bad line, keeping its reason while there is room. */
static void bad_line(struct pos_import_report *report, size_t line, const struct ps_reason *cause)
{
    if (report->nerrors < POS_IMPORT_ERRORS_MAX)
        ps_fail(&report->errors[report->nerrors++], PS_EFORMAT, "line %zu: %s", line, cause->text);
    report->bad_lines++;
}

static int header_is_right(const struct pos_csv_record *rec)
{
    if (rec->nfields != NCOLUMNS)
        return 0;
    for (size_t i = 0; i < NCOLUMNS; i++) {
        const struct pos_csv_field *f = &rec->field[i];
        if (f->len != strlen(columns[i]) || strncasecmp(f->ptr, columns[i], f->len) != 0)
            return 0;
    }
    return 1;
}

/* Reads the header. Returns 1 when it is right, 0 when it is not (the report says
 * why: the lines below it would only repeat the problem, so they are not read). */
static int read_header(struct pos_csv_reader *r, struct pos_csv_record *rec,
                       struct pos_import_report *report)
{
    struct ps_reason cause;
    int rc = pos_csv_read(r, rec, &cause);
    if (rc == POS_CSV_END) {
        ps_fail(&cause, PS_EFORMAT, "header: missing; the first line must be " HEADER);
        rec->line = 1;
    } else if (rc == 0 && !header_is_right(rec)) {
        ps_fail(&cause, PS_EFORMAT, "header: expected " HEADER);
    } else if (rc < 0) {
        struct ps_reason inner = cause;
        ps_fail(&cause, rc, "header: %s", inner.text);
    } else {
        return 1;
    }
    bad_line(report, rec->line, &cause);
    return 0;
}

/* Fills p from a data line's fields after its code, each column checked in order; the
 * reason names the first bad one. */
static int parse_rest(const struct pos_csv_record *rec, struct pos_product *p,
                      struct ps_reason *why)
{
    const struct pos_csv_field *f = rec->field;
    int rc = pos_product_set_name(p, f[1].ptr, f[1].len, why);
    if (rc == 0)
        rc = pos_price_parse(f[2].ptr, f[2].len, &p->price, why);
    if (rc == 0)
        rc = pos_tax_parse(f[3].ptr, f[3].len, &p->tax_bp, why);
    if (rc == 0)
        rc = pos_stock_parse(f[4].ptr, f[4].len, &p->stock, why);
    return rc;
}

/* Appends p to the products that checked out. */
static int keep(struct checked *c, const struct pos_product *p, struct ps_reason *why)
{
    if (c->n == POS_IMPORT_PRODUCTS_MAX)
        return ps_fail(why, PS_ETOOLONG, "more than %d products in one file; split it",
                       POS_IMPORT_PRODUCTS_MAX);
    if (c->n == c->cap) {
        size_t cap = c->cap == 0 ? 256 : c->cap * 2;
        struct pos_product *grown = realloc(c->products, cap * sizeof(*grown));
        if (grown == NULL)
            return ps_fail(why, PS_ENOMEM, "no memory for %zu products", cap);
        c->products = grown;
        c->cap = cap;
    }
    c->products[c->n++] = *p;
    return 0;
}

/* Checks one data line. Returns 0 (kept, or reported as bad) or an error that stops
 * the whole import. The code comes first so that a duplicate is found even on a line
 * with another problem too. */
static int check_line(struct checked *c, const struct pos_csv_record *rec,
                      struct pos_import_report *report, struct ps_reason *why)
{
    struct pos_product p;
    memset(&p, 0, sizeof(p));
    struct ps_reason cause;
    size_t first = 0;
    int rc;

    if (rec->nfields != NCOLUMNS) {
        ps_fail(&cause, PS_EFORMAT, "expected %zu fields (" HEADER "), found %zu", NCOLUMNS,
                rec->nfields);
        bad_line(report, rec->line, &cause);
        return 0;
    }
    rc = pos_product_set_code(&p, rec->field[0].ptr, rec->field[0].len, &cause);
    if (rc == 0) {
        rc = pos_catalog__codeset_add(&c->seen, p.code, rec->line, &first);
        if (rc < 0)
            return ps_fail(why, rc, "no memory for the codes of the file");
        if (rc == 1)
            ps_fail(&cause, PS_EFORMAT, "code %s: also on line %zu", p.code, first);
    }
    if (rc == 0)
        rc = parse_rest(rec, &p, &cause);
    if (rc != 0) {
        bad_line(report, rec->line, &cause);
        return 0;
    }
    return keep(c, &p, why);
}

/* Reads and checks the whole of buf: the products that checked out go into c, every
 * bad line into the report. Returns 0 or an error that stopped the reading. */
static int check_file(struct checked *c, const char *buf, size_t len,
                      struct pos_import_report *report, struct ps_reason *why)
{
    struct pos_csv_reader r;
    struct pos_csv_record rec;
    struct ps_reason cause;

    pos_csv_reader_init(&r, buf, len);
    if (!read_header(&r, &rec, report))
        return 0;
    for (;;) {
        int rc = pos_csv_read(&r, &rec, &cause);
        if (rc == POS_CSV_END)
            return 0;
        if (rc < 0) {
            struct ps_reason inner = cause;
            const char *column = rec.bad_field < NCOLUMNS ? columns[rec.bad_field] : "field";
            ps_fail(&cause, rc, "%s: %s", column, inner.text);
            bad_line(report, rec.line, &cause);
            continue;
        }
        if (rec.nfields == 1 && rec.field[0].len == 0)
            continue; /* an empty line */
        rc = check_line(c, &rec, report, why);
        if (rc != 0)
            return rc;
    }
}

static void bind_product(sqlite3_stmt *st, const struct pos_product *p)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, p->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, p->price);
    sqlite3_bind_int64(st, 4, p->tax_bp);
    sqlite3_bind_int64(st, 5, p->stock);
}

/* Inserts p, or replaces the product with its code when the insert found one. */
static int store_one(sqlite3 *db, sqlite3_stmt *insert, sqlite3_stmt *update,
                     const struct pos_product *p, struct pos_import_report *report,
                     struct ps_reason *why)
{
    bind_product(insert, p);
    if (sqlite3_step(insert) != SQLITE_DONE)
        return pos_db_fail(db, "import", why);
    if (sqlite3_changes(db) > 0) {
        report->added++;
        return 0;
    }
    bind_product(update, p);
    if (sqlite3_step(update) != SQLITE_DONE)
        return pos_db_fail(db, "import", why);
    report->updated++;
    return 0;
}

/* Inserts or replaces each product, counting which it was. Inside a transaction. */
static int store_products(sqlite3 *db, const struct checked *c, struct pos_import_report *report,
                          struct ps_reason *why)
{
    sqlite3_stmt *insert = NULL, *update = NULL;
    int rc = pos_catalog__prepare(db,
                                  "INSERT INTO catalog_product (code, name, price, tax_bp, stock)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO NOTHING",
                                  &insert, "import", why);
    if (rc == 0)
        rc = pos_catalog__prepare(db,
                                  "UPDATE catalog_product SET name = ?2, price = ?3, tax_bp = ?4,"
                                  " stock = ?5 WHERE code = ?1",
                                  &update, "import", why);
    for (size_t i = 0; rc == 0 && i < c->n; i++)
        rc = store_one(db, insert, update, &c->products[i], report, why);
    sqlite3_finalize(insert);
    sqlite3_finalize(update);
    return rc;
}

static int store_all(sqlite3 *db, const struct checked *c, struct pos_import_report *report,
                     struct ps_reason *why)
{
    struct pos_catalog__tx tx;
    int rc = pos_catalog__begin(db, &tx, why);
    if (rc == 0) {
        rc = store_products(db, c, report, why);
        if (rc == 0)
            rc = pos_catalog__commit(db, &tx, why);
        else
            pos_catalog__rollback(db, &tx);
    }
    if (rc != 0)
        report->added = report->updated = 0;
    return rc;
}

int pos_catalog_import(sqlite3 *db, const char *buf, size_t len, struct pos_import_report *report,
                       struct ps_reason *why)
{
    struct checked c = {0};
    memset(report, 0, sizeof(*report));
    ps_reason_clear(why);

    int rc = check_file(&c, buf, len, report, why);
    if (rc == 0 && report->bad_lines > 0) {
        if (report->bad_lines == 1)
            rc = ps_fail(why, PS_EFORMAT, "%s; nothing was imported", report->errors[0].text);
        else
            rc = ps_fail(why, PS_EFORMAT, "%zu bad lines, the first %s; nothing was imported",
                         report->bad_lines, report->errors[0].text);
    }
    if (rc == 0)
        rc = store_all(db, &c, report, why);
    checked_cleanup(&c);
    return rc;
}

/* Reads all of in into *out (malloc'd, the caller frees), at most POS_IMPORT_FILE_MAX. */
static int read_all(FILE *in, char **out, size_t *len, struct ps_reason *why)
{
    char *buf = NULL;
    size_t used = 0, cap = 0;
    *out = NULL;
    *len = 0;
    for (;;) {
        if (cap - used < READ_CHUNK) {
            cap += READ_CHUNK;
            char *grown = realloc(buf, cap);
            if (grown == NULL) {
                free(buf);
                return ps_fail(why, PS_ENOMEM, "no memory to read the file");
            }
            buf = grown;
        }
        size_t got = fread(buf + used, 1, cap - used, in);
        used += got;
        if (used > POS_IMPORT_FILE_MAX) {
            free(buf);
            return ps_fail(why, PS_ETOOLONG, "the file is larger than %d MiB; split it",
                           POS_IMPORT_FILE_MAX >> 20);
        }
        if (got == 0)
            break;
    }
    if (ferror(in)) {
        free(buf);
        return ps_fail(why, PS_EIO, "reading the file failed");
    }
    *out = buf;
    *len = used;
    return 0;
}

int pos_catalog_import_file(sqlite3 *db, FILE *in, struct pos_import_report *report,
                            struct ps_reason *why)
{
    char *buf = NULL;
    size_t len = 0;
    memset(report, 0, sizeof(*report));
    int rc = read_all(in, &buf, &len, why);
    if (rc == 0)
        rc = pos_catalog_import(db, buf, len, report, why);
    free(buf);
    return rc;
}
