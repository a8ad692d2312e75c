/* buf.h — the growable byte buffer every renderer of this room writes into.
 *
 * The caller owns struct rcpt_buf (usually on its stack): rcpt_buf_init() before the
 * first use, rcpt_buf_cleanup() to free what it grew to. data is NULL until something
 * is appended; after that it is always followed by a NUL that len does not count, so a
 * rendered text receipt can be used as a C string as it is.
 *
 * A buffer never grows beyond RCPT_BUF_MAX bytes: a receipt is a few kilobytes, so a
 * bigger one means a runaway caller, refused with PS_ETOOLONG rather than eating the
 * terminal's memory. */
#ifndef POSSUM_POS_RECEIPT_BUF_H
#define POSSUM_POS_RECEIPT_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define RCPT_BUF_MAX (1024u * 1024u)

struct rcpt_buf {
    uint8_t *data; /* owned by the buffer; NULL while empty */
    size_t len;    /* bytes held, excluding the NUL that follows them */
    size_t cap;    /* bytes allocated */
};

/* Makes b empty without freeing anything (use on a fresh struct). */
void rcpt_buf_init(struct rcpt_buf *b);

/* Frees what b holds and makes it empty again; b may be reused. */
void rcpt_buf_cleanup(struct rcpt_buf *b);

/* Drops the contents but keeps the allocation, for rendering again into it. */
void rcpt_buf_clear(struct rcpt_buf *b);

/* Appends p[0..n). Returns 0, PS_ENOMEM, or PS_ETOOLONG when b would exceed
 * RCPT_BUF_MAX; on failure b is unchanged. */
int rcpt_buf_append(struct rcpt_buf *b, const void *p, size_t n, struct ps_reason *why);

/* Appends n copies of byte c. Same results as rcpt_buf_append(). */
int rcpt_buf_fill(struct rcpt_buf *b, uint8_t c, size_t n, struct ps_reason *why);

#endif
