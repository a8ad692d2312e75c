/* doc.h — a receipt laid out for a paper width: the lines, each with its style.
 *
 * The layout functions (layout.h) fill a document from the model; the renderers turn
 * the same document into plain text (text.h: the on-screen preview) or printer bytes
 * (escpos.h), so the preview and the paper always break lines at the same places.
 *
 * Every line already fits: a normal line takes at most `width` columns, a
 * double-size line at most width / 2 (it prints twice as wide). Columns are counted
 * as utf8.h says. Lines hold no control characters and no trailing spaces.
 *
 * The caller owns struct rcpt_doc: rcpt_doc_init() once, rcpt_doc_cleanup() to free
 * the lines. A layout function empties the document before filling it, so one
 * document can be laid out again and again. */
#ifndef POSSUM_POS_RECEIPT_DOC_H
#define POSSUM_POS_RECEIPT_DOC_H

#include <stddef.h>

#include "pos/receipt/buf.h"

/* Paper widths in columns of the printer's 12x24 font. */
#define RCPT_WIDTH_58MM 32
#define RCPT_WIDTH_80MM 48
#define RCPT_WIDTH_MIN  32 /* the narrowest paper a receipt is laid out for */
#define RCPT_WIDTH_MAX  64

enum rcpt_align {
    RCPT_ALIGN_LEFT = 0,   /* the text carries its own spacing (label ... amount) */
    RCPT_ALIGN_CENTER = 1, /* centred by the renderer */
};

#define RCPT_STYLE_BOLD   1u
#define RCPT_STYLE_DOUBLE 2u /* double width and height */

struct rcpt_line {
    unsigned style; /* RCPT_STYLE_* bits */
    enum rcpt_align align;
    size_t offset; /* of the text in the document's text buffer */
    size_t len;    /* bytes of UTF-8, not NUL-terminated */
};

struct rcpt_doc {
    size_t width;     /* columns of the paper it was laid out for */
    int opens_drawer; /* a receipt that moved cash (not a reprint): may kick the drawer */
    struct rcpt_line *lines;
    size_t count;
    size_t cap;
    struct rcpt_buf text; /* the lines' text, one after another */
};

/* Makes doc empty (for a fresh struct). */
void rcpt_doc_init(struct rcpt_doc *doc);

/* Frees what doc holds and makes it empty again. */
void rcpt_doc_cleanup(struct rcpt_doc *doc);

/* Empties doc, keeping its memory, and sets the width the next lines are laid out for. */
void rcpt_doc_reset(struct rcpt_doc *doc, size_t width);

/* The text of line i < doc->count; valid until doc changes. doc->lines[i].len bytes. */
const char *rcpt_doc_line_text(const struct rcpt_doc *doc, size_t i);

/* Appends one line that already fits (see above). Returns 0, PS_EINVAL (the text does
 * not fit or holds a control character: a layout bug), PS_ENOMEM or PS_ETOOLONG. */
int rcpt_doc_append(struct rcpt_doc *doc, unsigned style, enum rcpt_align align, const char *s,
                    size_t len, struct ps_reason *why);

#endif
