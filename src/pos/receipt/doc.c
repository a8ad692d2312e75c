#include "pos/receipt/doc.h"

#include <stdlib.h>

#include "pos/receipt/utf8.h"

/* A receipt of a few hundred items stays far below this; more is a runaway layout. */
#define LINES_MAX 20000

void rcpt_doc_init(struct rcpt_doc *doc)
{
    doc->width = RCPT_WIDTH_58MM;
    doc->opens_drawer = 0;
    doc->lines = NULL;
    doc->count = 0;
    doc->cap = 0;
    rcpt_buf_init(&doc->text);
}

void rcpt_doc_cleanup(struct rcpt_doc *doc)
{
    free(doc->lines);
    rcpt_buf_cleanup(&doc->text);
    rcpt_doc_init(doc);
}

void rcpt_doc_reset(struct rcpt_doc *doc, size_t width)
{
    doc->width = width;
    doc->opens_drawer = 0;
    doc->count = 0;
    rcpt_buf_clear(&doc->text);
}

const char *rcpt_doc_line_text(const struct rcpt_doc *doc, size_t i)
{
    return (const char *)doc->text.data + doc->lines[i].offset;
}

/* What every line promises its renderers (doc.h). */
static int line_fits(const struct rcpt_doc *doc, unsigned style, const char *s, size_t len,
                     struct ps_reason *why)
{
    size_t room = (style & RCPT_STYLE_DOUBLE) ? doc->width / 2 : doc->width;
    if (rcpt_display_width(s, len) > room)
        return ps_fail(why, PS_EINVAL, "layout: a line of %zu columns on paper of %zu",
                       rcpt_display_width(s, len), room);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            return ps_fail(why, PS_EINVAL, "layout: control byte 0x%02X in a line", c);
    }
    if (len > 0 && s[len - 1] == ' ')
        return ps_fail(why, PS_EINVAL, "layout: a line ends with a space");
    return PS_OK;
}

static int grow_lines(struct rcpt_doc *doc, struct ps_reason *why)
{
    if (doc->count < doc->cap)
        return PS_OK;
    if (doc->count >= LINES_MAX)
        return ps_fail(why, PS_ETOOLONG, "layout: more than %d lines", LINES_MAX);
    size_t cap = doc->cap != 0 ? doc->cap * 2 : 64;
    struct rcpt_line *grown = realloc(doc->lines, cap * sizeof(*grown));
    if (grown == NULL)
        return ps_fail(why, PS_ENOMEM, "layout: no memory for %zu lines", cap);
    doc->lines = grown;
    doc->cap = cap;
    return PS_OK;
}

int rcpt_doc_append(struct rcpt_doc *doc, unsigned style, enum rcpt_align align, const char *s,
                    size_t len, struct ps_reason *why)
{
    int rc = line_fits(doc, style, s, len, why);
    if (rc == PS_OK)
        rc = grow_lines(doc, why);
    size_t offset = doc->text.len;
    if (rc == PS_OK)
        rc = rcpt_buf_append(&doc->text, s, len, why);
    if (rc < 0)
        return rc;
    doc->lines[doc->count++] = (struct rcpt_line){style, align, offset, len};
    return PS_OK;
}
