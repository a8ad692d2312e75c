/* csv.h — RFC 4180 records read from a buffer, and fields written to a FILE*.
 *
 * What the reader accepts: records end with LF or CRLF (a CR anywhere else is text);
 * a field is either bare (no '"' in it) or quoted, where "" stands for one '"' and
 * commas, CRs and LFs are text; a file may start with a UTF-8 byte order mark, which
 * is skipped. A last record without its line end is still a record. The bytes are not
 * decoded: checking UTF-8 is the caller's job, field by field.
 *
 * The reader allocates nothing: fields point into the record's own text array, valid
 * until the record is read into again. */
#ifndef POSSUM_POS_CATALOG_CSV_H
#define POSSUM_POS_CATALOG_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

#define POS_CSV_FIELDS_MAX 8    /* fields kept per record; further ones are only counted */
#define POS_CSV_RECORD_MAX 2048 /* bytes of field text per record */

enum pos_csv_outcome {
    POS_CSV_END = 1, /* no record left */
};

struct pos_csv_field {
    const char *ptr; /* into the record's text; not NUL-terminated */
    size_t len;
};

struct pos_csv_record {
    size_t line;      /* the line the record starts on, 1-based */
    size_t nfields;   /* fields in the record, even beyond POS_CSV_FIELDS_MAX */
    size_t bad_field; /* after a syntax error: the 0-based field it is in */
    struct pos_csv_field field[POS_CSV_FIELDS_MAX];
    char text[POS_CSV_RECORD_MAX]; /* the fields' text, quotes undone */
};

struct pos_csv_reader {
    const char *buf; /* the caller's; must outlive the reader */
    size_t len;
    size_t pos;  /* next byte to read */
    size_t line; /* the line buf[pos] is on, 1-based */
};

/* Starts reading buf[0..len), skipping a UTF-8 byte order mark. */
void pos_csv_reader_init(struct pos_csv_reader *r, const char *buf, size_t len);

/* Reads the next record into *rec. Returns 0, POS_CSV_END, or for a record that
 * cannot be read PS_EFORMAT (a quote in a bare field, text after a closing quote, a
 * quote never closed) or PS_ETOOLONG (more than POS_CSV_RECORD_MAX bytes of text),
 * with rec->line, rec->bad_field and a reason without a field name. After an error
 * the reader has moved past the bad record (to the end of its line, or of the buffer
 * for a quote never closed), so the caller can go on and report every bad line. */
int pos_csv_read(struct pos_csv_reader *r, struct pos_csv_record *rec, struct ps_reason *why);

/* Writes s[0..len) as one field: quoted (with '"' doubled) when it holds a comma, a
 * quote, a CR or an LF, or starts or ends with a blank a spreadsheet might trim;
 * bare otherwise. Returns 0 or PS_EIO. */
int pos_csv_write_field(FILE *out, const char *s, size_t len);

#endif
