#include "pos/receipt/text.h"

#include "pos/receipt/utf8.h"

int rcpt_text_render(const struct rcpt_doc *doc, struct rcpt_buf *out, struct ps_reason *why)
{
    int rc = PS_OK;
    for (size_t i = 0; i < doc->count && rc == PS_OK; i++) {
        const struct rcpt_line *line = &doc->lines[i];
        const char *s = rcpt_doc_line_text(doc, i);
        if (line->align == RCPT_ALIGN_CENTER) {
            size_t w = rcpt_display_width(s, line->len);
            rc = rcpt_buf_fill(out, ' ', w < doc->width ? (doc->width - w) / 2 : 0, why);
        }
        if (rc == PS_OK)
            rc = rcpt_buf_append(out, s, line->len, why);
        if (rc == PS_OK)
            rc = rcpt_buf_append(out, "\n", 1, why);
    }
    return rc;
}
