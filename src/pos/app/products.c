/* The catalogue at the counter: edits by an operator, lookups by anyone, and scans
 * into the cart. */
#include "pos/app/internal.h"

#include <string.h>

#include "pos/catalog/catalog.h"
#include "pos/catalog/export.h"
#include "pos/sale/outcome.h"

/* A catalogue outcome (not found, exists) as the application's refusal. */
static int refused(int rc)
{
    return rc > 0 ? POS_APP_REFUSED : rc;
}

int pos_app_catalog_add(struct pos_app *app, const struct pos_product *p, struct ps_reason *why)
{
    int rc = pos_app__authorize(app, POS_ACTION_CATALOG_EDIT, why);
    return rc != 0 ? rc : refused(pos_catalog_add(app->db, p, why));
}

int pos_app_catalog_import(struct pos_app *app, FILE *in, struct pos_import_report *rep,
                           struct ps_reason *why)
{
    int rc = pos_app__authorize(app, POS_ACTION_CATALOG_EDIT, why);
    if (rc != 0) {
        memset(rep, 0, sizeof(*rep));
        return rc;
    }
    rc = pos_catalog_import_file(app->db, in, rep, why);
    return rc == PS_EFORMAT ? POS_APP_REFUSED : rc; /* bad lines: the report names them */
}

int pos_app_catalog_export(struct pos_app *app, FILE *out, unsigned flags, size_t *count,
                           struct ps_reason *why)
{
    return pos_catalog_export(app->db, out, flags, count, why);
}

int pos_app_catalog_list(struct pos_app *app, const char *text, const char *after,
                         struct pos_product *out, size_t cap, size_t *count, struct ps_reason *why)
{
    int more = 0;
    if (text != NULL)
        return pos_catalog_search(app->db, text, out, cap, count, &more, why);
    return pos_catalog_list(app->db, after, out, cap, count, why);
}

int pos_app_cart_scan(struct pos_app *app, struct pos_cart *cart, const char *code,
                      int64_t quantity, size_t *line, struct ps_reason *why)
{
    struct pos_product p;
    struct pos_cart_item item;
    int rc = pos_catalog_find(app->db, code, &p, why);

    if (rc == PS_EFORMAT || rc == PS_ECHECK) /* a misread scan: the reason says what */
        return POS_APP_REFUSED;
    if (rc != 0)
        return refused(rc);
    item = (struct pos_cart_item){p.code, p.name, p.price, p.tax_bp};
    rc = pos_cart_add(cart, &item, quantity, line, why);
    return rc == PS_EINVAL || rc == PS_EOVERFLOW ? POS_APP_REFUSED : rc;
}

int pos_app_cart_discount(struct pos_app *app, struct pos_cart *cart, long line,
                          const struct pos_discount *d, struct ps_reason *why)
{
    struct pos_discount given = *d;
    struct ps_reason cause;
    int rc;

    for (int attempt = 0; attempt < 2; attempt++) {
        rc = line < 0
                 ? pos_cart_discount_order(cart, &given, &app->settings.discount, why)
                 : pos_cart_discount_line(cart, (size_t)line, &given, &app->settings.discount, why);
        if (rc != POS_SALE_NEEDS_SUPERVISOR || attempt > 0)
            break;
        /* above the cashier's limit: the supervisor, or the supervisor's approval */
        cause = *why;
        if (pos_app__authorize(app, POS_ACTION_DISCOUNT_ABOVE_LIMIT, NULL) != 0)
            return ps_fail(why, POS_APP_DENIED, "%s: the supervisor's approval is needed",
                           cause.text);
        given.approved = 1;
    }
    return rc == PS_EINVAL || rc == PS_EOVERFLOW ? POS_APP_REFUSED : rc;
}
