/* export.h — the catalog as CSV, in the format import.h reads, so that an export
 * imported again changes nothing. */
#ifndef POSSUM_POS_CATALOG_EXPORT_H
#define POSSUM_POS_CATALOG_EXPORT_H

#include <stddef.h>
#include <stdio.h>
#include <sqlite3.h>

#include "core/error.h"

/* Flags for pos_catalog_export. Without them the file is plain LF-ended UTF-8, as
 * scripts want. A spreadsheet on a Chinese Windows PC reads a file without a byte order
 * mark as GBK and garbles every name: POS_EXPORT_EXCEL is for files made for one. */
#define POS_EXPORT_BOM   1u /* start with a UTF-8 byte order mark */
#define POS_EXPORT_CRLF  2u /* end lines with CRLF (RFC 4180 §2.1) */
#define POS_EXPORT_EXCEL (POS_EXPORT_BOM | POS_EXPORT_CRLF)

/* Writes the header and every product, in code order, to out (not closed; flushed).
 * Sets *count (OUT, may be NULL) to the products written. Returns 0, PS_EINVAL for an
 * unknown flag, PS_EIO (the database or out failed; out may hold part of the file). */
int pos_catalog_export(sqlite3 *db, FILE *out, unsigned flags, size_t *count /* OUT */,
                       struct ps_reason *why);

#endif
