/* import.h — a merchant's product list, as CSV, into the catalog.
 *
 * The file (export.h writes the same format):
 *
 *     code,name,price,tax_rate,stock
 *     6901234567892,"Tea, green 250g",12.50,13,40
 *
 * price in yuan with up to two decimals, tax_rate a percent with up to two decimals
 * (an optional '%' is allowed), stock a whole number (may be negative). RFC 4180 as
 * csv.h reads it; UTF-8 with or without a byte order mark; LF or CRLF. The header's
 * names are matched without regard to ASCII case. Empty lines are skipped.
 *
 * The whole file is checked before anything is written. Every bad line (each with its
 * first problem) is reported as "line N: field: reason", duplicate codes within the
 * file among them; if any line is bad, nothing is imported. Otherwise every product is
 * inserted or updated (all its fields, stock included) in one transaction: products
 * the file does not name are left as they are. */
#ifndef POSSUM_POS_CATALOG_IMPORT_H
#define POSSUM_POS_CATALOG_IMPORT_H

#include <stddef.h>
#include <stdio.h>
#include <sqlite3.h>

#include "core/error.h"

#define POS_IMPORT_ERRORS_MAX   32         /* reasons kept; bad lines beyond are counted */
#define POS_IMPORT_PRODUCTS_MAX 100000     /* products one file may hold */
#define POS_IMPORT_FILE_MAX     (16 << 20) /* bytes pos_catalog_import_file reads */

/* What an import did, or why it did nothing. The caller allocates it (about 6 KiB);
 * the import fills every field. */
struct pos_import_report {
    size_t added;     /* products new to the catalog (0 unless the import committed) */
    size_t updated;   /* products that were replaced */
    size_t bad_lines; /* every bad line, including those beyond errors[] */
    size_t nerrors;   /* entries used in errors[], in line order */
    struct ps_reason errors[POS_IMPORT_ERRORS_MAX];
};

/* Imports buf[0..len) (not NUL-terminated; never read past len). Returns 0;
 * PS_EFORMAT when any line is bad (report->errors says which; why says how many and
 * that nothing was imported); PS_ETOOLONG for more than POS_IMPORT_PRODUCTS_MAX
 * products; PS_ENOMEM; PS_EIO (nothing imported). */
int pos_catalog_import(sqlite3 *db, const char *buf, size_t len,
                       struct pos_import_report *report /* OUT */, struct ps_reason *why);

/* Reads in to its end (at most POS_IMPORT_FILE_MAX bytes, else PS_ETOOLONG with
 * nothing imported) and imports it as pos_catalog_import. Does not close in. */
int pos_catalog_import_file(sqlite3 *db, FILE *in, struct pos_import_report *report /* OUT */,
                            struct ps_reason *why);

#endif
