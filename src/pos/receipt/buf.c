#include "pos/receipt/buf.h"

#include <stdlib.h>
#include <string.h>

void rcpt_buf_init(struct rcpt_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void rcpt_buf_cleanup(struct rcpt_buf *b)
{
    free(b->data);
    rcpt_buf_init(b);
}

void rcpt_buf_clear(struct rcpt_buf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = 0;
}

/* Makes room for n more bytes and the NUL after them, doubling so that appending a
 * receipt byte by byte stays linear. */
static int reserve(struct rcpt_buf *b, size_t n, struct ps_reason *why)
{
    if (n > RCPT_BUF_MAX - b->len)
        return ps_fail(why, PS_ETOOLONG, "output: more than %u bytes", RCPT_BUF_MAX);
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return PS_OK;
    size_t cap = b->cap != 0 ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    uint8_t *grown = realloc(b->data, cap);
    if (grown == NULL)
        return ps_fail(why, PS_ENOMEM, "output: no memory for %zu bytes", cap);
    b->data = grown;
    b->cap = cap;
    return PS_OK;
}

int rcpt_buf_append(struct rcpt_buf *b, const void *p, size_t n, struct ps_reason *why)
{
    int rc = reserve(b, n, why);
    if (rc < 0)
        return rc;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return PS_OK;
}

int rcpt_buf_fill(struct rcpt_buf *b, uint8_t c, size_t n, struct ps_reason *why)
{
    int rc = reserve(b, n, why);
    if (rc < 0)
        return rc;
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = 0;
    return PS_OK;
}
