/* The receipt preview after a flow (a sale, a void, a settlement slip, a report), with
 * F9 to print the receipt again: the core rebuilds it from the journal, marked as a
 * reprint, and the preview shows that. */
#include <stdlib.h>
#include <string.h>

#include "pos/ui/internal.h"
#include "pos/ui/view.h"

struct preview {
    const char *title;
    struct pos_app_result *res;
    struct ui_view view;
};

static void paint(struct ui *ui, void *ctx)
{
    struct preview *p = ctx;
    int hint_y;

    if (ui__paint_begin(ui) != 0)
        return;
    ui__status(ui);
    attron(A_BOLD);
    ui__put(1, 1, COLS - 2, p->title);
    attroff(A_BOLD);
    hint_y = ui__hint(ui, ui__t(ui, p->res->receipt_no != 0 ? UT_PREVIEW_KEYS : UT_VIEW_KEYS));
    ui__view_paint(&p->view, 2, hint_y - 2);
    ui__message_paint(ui);
    curs_set(0);
}

/* The receipt's text; without one, what the flow returned as data. */
static int load(struct ui *ui, struct preview *p)
{
    char *dump = NULL;
    int rc;

    if (p->res->text.len > 0)
        return ui__view_load(&p->view, (const char *)p->res->text.data, p->res->text.len);
    if (p->res->detail != NULL)
        dump = json_dumps(p->res->detail, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (dump == NULL)
        return ui__view_load(&p->view, ui__t(ui, UT_NOTHING_TO_SHOW),
                             strlen(ui__t(ui, UT_NOTHING_TO_SHOW)));
    rc = ui__view_load(&p->view, dump, strlen(dump));
    free(dump);
    return rc;
}

static int reprint_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    const uint32_t *receipt_no = ctx;
    return pos_app_reprint(ui->app, *receipt_no, res, why);
}

static void reprint(struct ui *ui, struct preview *p)
{
    struct pos_app_result again;
    struct ps_reason why;
    uint32_t receipt_no = p->res->receipt_no;
    int rc;

    pos_app_result_init(&again);
    rc = ui__run_flow(ui, UT_WORKING, 0, reprint_flow, &receipt_no, &again, &why);
    if (rc != 0) {
        ui__tell(ui, rc, &why, &again);
        pos_app_result_cleanup(&again);
        return;
    }
    pos_app_result_cleanup(p->res);
    *p->res = again; /* the preview's result now owns the reprint */
    ui__view_cleanup(&p->view);
    if (load(ui, p) != 0)
        ui__say(ui, UI_TONE_ERROR, "%s", pos_app_strerror(PS_ENOMEM));
    else
        ui__say(ui, UI_TONE_OK, "%s %06u", ui__t(ui, UT_REPRINTED), (unsigned)receipt_no);
    ui__print(ui, p->res);
}

void ui__preview(struct ui *ui, const char *title, struct pos_app_result *res)
{
    struct preview p = {title, res, {0}};
    struct ui_painter before;
    struct ui_key k;

    if (load(ui, &p) != 0) {
        ui__say(ui, UI_TONE_ERROR, "%s", pos_app_strerror(PS_ENOMEM));
        return;
    }
    before = ui__set_painter(ui, paint, &p);
    while (!ui->gone) {
        paint(ui, &p);
        refresh();
        ui__key_read(ui, &k);
        if (k.code == UI_KEY_ESC || k.code == UI_KEY_ENTER)
            break;
        if (res->receipt_no != 0 && ui__is_fkey(&k, 9))
            reprint(ui, &p);
        else
            ui__view_key(&p.view, k.code);
    }
    ui__restore_painter(ui, before);
    ui__view_cleanup(&p.view);
}
