/* The blocks every receipt, slip and report starts with (internal.h). */
#include <stdio.h>

#include "pos/receipt/internal.h"

void rcpt__title_block(struct rcpt__out *o, const struct rcpt_header *h, enum rcpt_label title,
                       int reprint)
{
    rcpt__text(o, RCPT_STYLE_BOLD | RCPT_STYLE_DOUBLE, RCPT_ALIGN_CENTER, h->merchant_name);
    rcpt__text(o, RCPT_STYLE_BOLD, RCPT_ALIGN_CENTER, rcpt__l(o, title));
    if (reprint)
        rcpt__text(o, RCPT_STYLE_BOLD, RCPT_ALIGN_CENTER, rcpt__l(o, RCPT_L_REPRINT));
}

void rcpt__field(struct rcpt__out *o, int indent, enum rcpt_label label, const char *value)
{
    char left[128];
    snprintf(left, sizeof(left), "%s%s", indent ? "  " : "", rcpt__l(o, label));
    rcpt__pair(o, 0, left, value);
}

void rcpt__header_block(struct rcpt__out *o, const struct rcpt_header *h)
{
    char batch[RCPT__NUM_MAX];
    rcpt__field(o, 0, RCPT_L_MID, h->mid);
    rcpt__field(o, 0, RCPT_L_TID, h->tid);
    rcpt__field(o, 0, RCPT_L_OPERATOR, h->operator_no);
    rcpt__field(o, 0, RCPT_L_BATCH, rcpt__six(h->batch, batch));
}
