#include "pos/receipt/escpos.h"

#include <errno.h>
#include <string.h>

#include "pos/receipt/gb18030.h"

#define ESC 0x1B
#define FS  0x1C
#define GS  0x1D
#define LF  0x0A

#define SIZE_NORMAL 0x00
#define SIZE_DOUBLE 0x11 /* GS !: double width (0x10) and double height (0x01) */

/* What the printer was last told, so that a command goes out only when it changes. */
struct printer_state {
    unsigned align;
    unsigned bold;
    unsigned size;
};

static int command(struct rcpt_buf *out, const uint8_t *bytes, size_t n, struct ps_reason *why)
{
    return rcpt_buf_append(out, bytes, n, why);
}

static int set_state(struct rcpt_buf *out, struct printer_state *st, struct printer_state want,
                     struct ps_reason *why)
{
    int rc = PS_OK;
    if (rc == PS_OK && want.align != st->align)
        rc = command(out, (const uint8_t[]){ESC, 'a', (uint8_t)want.align}, 3, why);
    if (rc == PS_OK && want.bold != st->bold)
        rc = command(out, (const uint8_t[]){ESC, 'E', (uint8_t)want.bold}, 3, why);
    if (rc == PS_OK && want.size != st->size)
        rc = command(out, (const uint8_t[]){GS, '!', (uint8_t)want.size}, 3, why);
    if (rc == PS_OK)
        *st = want;
    return rc;
}

static int has_non_ascii(const struct rcpt_doc *doc)
{
    for (size_t i = 0; i < doc->text.len; i++) {
        if (doc->text.data[i] >= 0x80)
            return 1;
    }
    return 0;
}

static int render_line(const struct rcpt_doc *doc, size_t i, unsigned gb_flags,
                       struct printer_state *st, struct rcpt_buf *out, struct ps_reason *why)
{
    const struct rcpt_line *line = &doc->lines[i];
    struct printer_state want = {
        .align = line->align == RCPT_ALIGN_CENTER ? 1 : 0,
        .bold = (line->style & RCPT_STYLE_BOLD) ? 1 : 0,
        .size = (line->style & RCPT_STYLE_DOUBLE) ? SIZE_DOUBLE : SIZE_NORMAL,
    };
    int rc = set_state(out, st, want, why);
    if (rc < 0)
        return rc;
    struct ps_reason gb_why;
    rc = rcpt_gb18030_append(out, rcpt_doc_line_text(doc, i), line->len, gb_flags, &gb_why);
    if (rc < 0)
        return ps_fail(why, rc, "line %zu: %s", i + 1, gb_why.text);
    return rcpt_buf_append(out, (const uint8_t[]){LF}, 1, why);
}

static int render(const struct rcpt_doc *doc, const struct rcpt_escpos_opts *opts,
                  struct rcpt_buf *out, struct ps_reason *why)
{
    static const uint8_t init[] = {ESC, '@'};
    static const uint8_t kick[] = {ESC, 'p', 0, 25, 250};
    static const uint8_t chinese_on[] = {FS, '&'}, chinese_off[] = {FS, '.'};
    static const uint8_t cut[] = {ESC, 'd', 3, GS, 'V', 66, 0};
    struct printer_state st = {0, 0, SIZE_NORMAL};
    int chinese = has_non_ascii(doc);

    int rc = command(out, init, sizeof(init), why);
    if (rc == PS_OK && opts->kick_drawer && doc->opens_drawer)
        rc = command(out, kick, sizeof(kick), why);
    if (rc == PS_OK && chinese)
        rc = command(out, chinese_on, sizeof(chinese_on), why);
    for (size_t i = 0; i < doc->count && rc == PS_OK; i++)
        rc = render_line(doc, i, opts->gb_flags, &st, out, why);
    if (rc == PS_OK)
        rc = set_state(out, &st, (struct printer_state){0, 0, SIZE_NORMAL}, why);
    if (rc == PS_OK && chinese)
        rc = command(out, chinese_off, sizeof(chinese_off), why);
    if (rc == PS_OK)
        rc = command(out, cut, sizeof(cut), why);
    return rc;
}

int rcpt_escpos_render(const struct rcpt_doc *doc, const struct rcpt_escpos_opts *opts,
                       struct rcpt_buf *out, struct ps_reason *why)
{
    static const struct rcpt_escpos_opts defaults = {0, 0};
    size_t before = out->len;
    int rc = render(doc, opts != NULL ? opts : &defaults, out, why);
    if (rc < 0 && out->data != NULL) {
        out->len = before;
        out->data[before] = 0;
    }
    return rc;
}

int rcpt_escpos_print(const struct rcpt_doc *doc, const struct rcpt_escpos_opts *opts, FILE *fp,
                      struct ps_reason *why)
{
    struct rcpt_buf bytes;
    rcpt_buf_init(&bytes);
    int rc = rcpt_escpos_render(doc, opts, &bytes, why);
    if (rc < 0)
        goto out;
    if (fwrite(bytes.data, 1, bytes.len, fp) != bytes.len || fflush(fp) != 0)
        rc = ps_fail(why, PS_EIO, "printer: writing %zu bytes failed: %s", bytes.len,
                     strerror(errno));
out:
    rcpt_buf_cleanup(&bytes);
    return rc;
}
