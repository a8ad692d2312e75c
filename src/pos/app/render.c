/* Receipts and slips laid out from what the journal keeps, as text for the screen and
 * as ESC/POS for the printer. */
#include "pos/app/internal.h"

#include <stdlib.h>
#include <string.h>

#include "pos/app/body.h"
#include "pos/receipt/escpos.h"
#include "pos/receipt/layout.h"
#include "pos/receipt/text.h"

int pos_app__emit(struct pos_app *app, const struct rcpt_doc *doc, struct pos_app_result *res,
                  struct ps_reason *why)
{
    struct rcpt_escpos_opts opts = {.kick_drawer = app->settings.kick_drawer};
    int rc = PS_OK;

    if (res->text.len > 0) /* copies apart on the screen, as the cutter parts them */
        rc = rcpt_buf_append(&res->text, "\n", 1, why);
    if (rc == 0)
        rc = rcpt_text_render(doc, &res->text, why);
    if (rc == 0)
        rc = rcpt_escpos_render(doc, &opts, &res->escpos, why);
    return rc;
}

int pos_app__render_receipt(struct pos_app *app, const json_t *body, enum rcpt_kind kind,
                            int reprint, struct pos_app_result *res, struct ps_reason *why)
{
    static const enum rcpt_copy card_copies[] = {RCPT_COPY_MERCHANT, RCPT_COPY_CUSTOMER};
    static const enum rcpt_copy one_copy[] = {RCPT_COPY_CUSTOMER};
    struct pos_receipt_view *v = malloc(sizeof(*v));
    int card = pos_body_has_card(body);
    const enum rcpt_copy *copies = card ? card_copies : one_copy;
    size_t ncopies = card ? 2 : 1;
    struct rcpt_doc doc;
    int rc;

    if (v == NULL)
        return ps_fail(why, PS_ENOMEM, "receipt: out of memory");
    rcpt_doc_init(&doc);
    rc = pos_body_receipt(body, kind, app->settings.lang, v, why);
    v->r.reprint = reprint;
    v->r.footer = app->settings.footer[0] != '\0' ? app->settings.footer : NULL;
    v->r.banner = app->params.tms_applied ? app->params.tms.receipt_header : NULL;
    for (size_t i = 0; rc == 0 && i < ncopies; i++) {
        v->r.copy = copies[i];
        rc = rcpt_layout_receipt(&v->r, app->settings.receipt_width, &doc, why);
        if (rc == 0)
            rc = pos_app__emit(app, &doc, res, why);
    }
    rcpt_doc_cleanup(&doc);
    free(v);
    return rc;
}

/* Both copies of a pre-authorization slip: the merchant keeps the signed one. */
static int render_preauth(struct pos_app *app, const json_t *body, int reprint,
                          struct pos_app_result *res, struct ps_reason *why)
{
    static const enum rcpt_copy copies[] = {RCPT_COPY_MERCHANT, RCPT_COPY_CUSTOMER};
    struct rcpt_preauth p;
    struct rcpt_doc doc;
    int rc = pos_body_preauth(body, app->settings.lang, &p, why);

    p.reprint = reprint;
    p.footer = app->settings.footer[0] != '\0' ? app->settings.footer : NULL;
    rcpt_doc_init(&doc);
    for (size_t i = 0; rc == 0 && i < PS_ARRAY_LEN(copies); i++) {
        p.copy = copies[i];
        rc = rcpt_layout_preauth(&p, app->settings.receipt_width, &doc, why);
        if (rc == 0)
            rc = pos_app__emit(app, &doc, res, why);
    }
    rcpt_doc_cleanup(&doc);
    return rc;
}

/* The receipt a journaled kind prints as; 0 for a pre-authorization (a slip of its
 * own), -1 for a kind that prints nothing. */
static int receipt_kind_of(enum pos_journal_kind kind)
{
    switch (kind) {
    case POS_JOURNAL_SALE:
    case POS_JOURNAL_CASH_SALE:
    case POS_JOURNAL_PREAUTH_COMPLETION:
        return RCPT_SALE;
    case POS_JOURNAL_VOID:
        return RCPT_VOID;
    case POS_JOURNAL_REFUND:
        return RCPT_REFUND;
    case POS_JOURNAL_PREAUTH:
        return 0;
    default:
        return -1;
    }
}

int pos_app__has_slip(enum pos_journal_kind kind)
{
    return receipt_kind_of(kind) >= 0;
}

int pos_app__render_slip(struct pos_app *app, enum pos_journal_kind kind, const json_t *body,
                         int reprint, struct pos_app_result *res, struct ps_reason *why)
{
    int receipt = receipt_kind_of(kind);

    if (receipt < 0)
        return ps_fail(why, POS_APP_REFUSED, "journal kind %d has no slip", (int)kind);
    if (receipt == 0)
        return render_preauth(app, body, reprint, res, why);
    return pos_app__render_receipt(app, body, (enum rcpt_kind)receipt, reprint, res, why);
}
