/* The builder: lines composed to fit the paper, the first failure kept (internal.h). */
#include "pos/receipt/internal.h"

#include <string.h>

#include "pos/receipt/utf8.h"

/* A composed line: at most RCPT_WIDTH_MAX columns, each at most 2 bytes a column
 * (a 4-byte character is 2 columns), plus room to spare. */
#define LINE_BYTES (4 * RCPT_WIDTH_MAX + 8)

/* Columns between the count column's right edge and the paper's: the amount column,
 * wide enough for 999999999999.99, and the space before it. */
#define AMOUNT_COLUMN 16

struct line {
    char text[LINE_BYTES];
    size_t len;
};

static void put(struct line *l, const char *s, size_t n)
{
    memcpy(l->text + l->len, s, n);
    l->len += n;
}

static void pad(struct line *l, size_t spaces)
{
    memset(l->text + l->len, ' ', spaces);
    l->len += spaces;
}

void rcpt__out_start(struct rcpt__out *o, struct rcpt_doc *doc, size_t width, enum rcpt_lang lang,
                     struct ps_reason *why)
{
    rcpt_doc_reset(doc, width);
    o->doc = doc;
    o->lang = lang;
    o->rc = PS_OK;
    o->why = why;
}

int rcpt__out_finish(struct rcpt__out *o)
{
    if (o->rc < 0)
        rcpt_doc_reset(o->doc, o->doc->width);
    return o->rc;
}

void rcpt__out_fail(struct rcpt__out *o, int rc, const char *what)
{
    if (o->rc == PS_OK && rc < 0)
        o->rc = ps_fail(o->why, rc, "layout: %s", what);
}

const char *rcpt__l(const struct rcpt__out *o, enum rcpt_label label)
{
    return rcpt_label(o->lang, label);
}

static void emit(struct rcpt__out *o, unsigned style, enum rcpt_align align, const char *s,
                 size_t len)
{
    if (o->rc == PS_OK)
        o->rc = rcpt_doc_append(o->doc, style, align, s, len, o->why);
}

/* One paragraph (no '\n'), wrapped; an empty one is a blank line. */
static void paragraph(struct rcpt__out *o, unsigned style, enum rcpt_align align, const char *s,
                      size_t len)
{
    size_t cols = (style & RCPT_STYLE_DOUBLE) ? o->doc->width / 2 : o->doc->width;
    if (len == 0)
        emit(o, style, align, s, 0);
    for (size_t at = 0; at < len && o->rc == PS_OK;) {
        size_t next;
        size_t n = rcpt_wrap(s + at, len - at, cols, &next);
        if (n > 0)
            emit(o, style, align, s + at, n);
        at += next;
    }
}

void rcpt__text(struct rcpt__out *o, unsigned style, enum rcpt_align align, const char *s)
{
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl != NULL ? (size_t)(nl - s) : strlen(s);
        paragraph(o, style, align, s, len);
        if (nl == NULL)
            return;
        s = nl + 1;
    }
}

void rcpt__pair(struct rcpt__out *o, unsigned style, const char *left, const char *right)
{
    size_t width = o->doc->width;
    size_t ll = strlen(left), rl = strlen(right);
    size_t lw = rcpt_display_width(left, ll), rw = rcpt_display_width(right, rl);
    if (rl == 0) {
        rcpt__text(o, style, RCPT_ALIGN_LEFT, left);
        return;
    }
    if (lw + 1 + rw <= width) {
        struct line l = {.len = 0};
        put(&l, left, ll);
        pad(&l, width - lw - rw);
        put(&l, right, rl);
        emit(o, style, RCPT_ALIGN_LEFT, l.text, l.len);
        return;
    }
    rcpt__text(o, style, RCPT_ALIGN_LEFT, left);
    if (rw > width) {
        rcpt__text(o, style, RCPT_ALIGN_LEFT, right);
        return;
    }
    struct line l = {.len = 0};
    pad(&l, width - rw);
    put(&l, right, rl);
    emit(o, style, RCPT_ALIGN_LEFT, l.text, l.len);
}

void rcpt__row3(struct rcpt__out *o, unsigned style, const char *label, const char *count,
                const char *amount)
{
    size_t width = o->doc->width, edge = width - AMOUNT_COLUMN;
    size_t ll = strlen(label), cl = strlen(count), al = strlen(amount);
    size_t lw = rcpt_display_width(label, ll), cw = rcpt_display_width(count, cl);
    size_t aw = rcpt_display_width(amount, al);
    if (lw + 1 + cw > edge || aw >= AMOUNT_COLUMN) {
        rcpt__text(o, style, RCPT_ALIGN_LEFT, label); /* too wide for the columns */
        rcpt__pair(o, style, count, amount);
        return;
    }
    struct line l = {.len = 0};
    put(&l, label, ll);
    pad(&l, edge - lw - cw);
    put(&l, count, cl);
    pad(&l, AMOUNT_COLUMN - aw);
    put(&l, amount, al);
    emit(o, style, RCPT_ALIGN_LEFT, l.text, l.len);
}

void rcpt__rule(struct rcpt__out *o)
{
    char dashes[RCPT_WIDTH_MAX];
    memset(dashes, '-', sizeof(dashes));
    emit(o, 0, RCPT_ALIGN_LEFT, dashes, o->doc->width);
}

void rcpt__blank(struct rcpt__out *o)
{
    emit(o, 0, RCPT_ALIGN_LEFT, "", 0);
}
