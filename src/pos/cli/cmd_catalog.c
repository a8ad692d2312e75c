/* catalog import FILE | export FILE|- [--excel] | add --code --name --price [--tax]
 * [--stock] | list [--search TEXT] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "pos/catalog/export.h"
#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

static json_t *product_json(const struct pos_product *p)
{
    char tax[PS_MONEY_TEXT_MAX];
    ps_money_format(p->tax_bp, tax, sizeof(tax)); /* basis points print as a percent */
    return json_pack("{s:s, s:s, s:o, s:s, s:I}", "code", p->code, "name", p->name, "price",
                     cli_yuan(p->price), "tax_rate", tax, "stock", (json_int_t)p->stock);
}

static int import_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_import_report *rep = ctx;
    FILE *in = fopen(a->rest[1], "rb");
    int rc;

    res->action = "catalog import";
    if (in == NULL)
        return ps_fail(why, POS_APP_REFUSED, "%s: %s", a->rest[1], strerror(errno));
    rc = pos_app_catalog_import(app, in, rep, why);
    fclose(in);
    res->detail =
        json_pack("{s:I, s:I, s:I, s:[]}", "added", (json_int_t)rep->added, "updated",
                  (json_int_t)rep->updated, "bad_lines", (json_int_t)rep->bad_lines, "errors");
    for (size_t i = 0; i < rep->nerrors; i++)
        json_array_append_new(json_object_get(res->detail, "errors"),
                              json_string(rep->errors[i].text));
    if (rc == 0)
        snprintf(res->message, sizeof(res->message), "%zu added, %zu updated", rep->added,
                 rep->updated);
    return rc;
}

static int export_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    FILE *out = fopen(a->rest[1], "wb");
    size_t n = 0;
    int rc;

    (void)ctx;
    res->action = "catalog export";
    if (out == NULL)
        return ps_fail(why, POS_APP_REFUSED, "%s: %s", a->rest[1], strerror(errno));
    rc = pos_app_catalog_export(app, out, a->excel ? POS_EXPORT_EXCEL : 0, &n, why);
    if (fclose(out) != 0 && rc == 0)
        rc = ps_fail(why, PS_EIO, "%s: %s", a->rest[1], strerror(errno));
    snprintf(res->message, sizeof(res->message), "%zu products written to %s", n, a->rest[1]);
    return rc;
}

static int add_flow(struct pos_app *app, struct cli_args *a, void *ctx, struct pos_app_result *res,
                    struct ps_reason *why)
{
    const struct pos_product *p = ctx;
    int rc = pos_app_catalog_add(app, p, why);

    (void)a;
    res->action = "catalog add";
    if (rc == 0) {
        res->detail = product_json(p);
        snprintf(res->message, sizeof(res->message), "%s added", p->code);
    }
    return rc;
}

static int list_flow(struct pos_app *app, struct cli_args *a, void *ctx, struct pos_app_result *res,
                     struct ps_reason *why)
{
    struct pos_product *page = ctx;
    char after[POS_PRODUCT_CODE_MAX + 1] = "";
    size_t n = 0;
    int rc;

    res->action = "catalog list";
    res->detail = json_array();
    do { /* every page (a search gives one) */
        rc = pos_app_catalog_list(app, a->search, after, page, 64, &n, why);
        for (size_t i = 0; rc == 0 && i < n; i++)
            json_array_append_new(res->detail, product_json(&page[i]));
        if (n > 0)
            memcpy(after, page[n - 1].code, sizeof(after));
    } while (rc == 0 && n == 64 && a->search == NULL);
    snprintf(res->message, sizeof(res->message), "%zu products", json_array_size(res->detail));
    return rc;
}

/* export - : the CSV itself on standard output, for pipes (no JSON). */
static int export_stdout(struct cli_args *a)
{
    struct pos_app *app = NULL;
    struct ps_reason why;
    int rc = cli_open(a, &app);

    if (rc == CLI_OK &&
        pos_app_catalog_export(app, stdout, a->excel ? POS_EXPORT_EXCEL : 0, NULL, &why) != 0)
        rc = cli_error(CLI_FAILURE, "catalog export: %s", why.text);
    pos_app_close(app);
    return rc;
}

/* The product of --code --name --price [--tax PERCENT] [--stock N]. */
static int product_of(const struct cli_args *a, struct pos_product *p)
{
    struct ps_reason why;
    int64_t tax = 0, stock = 0;
    int rc = CLI_OK;

    memset(p, 0, sizeof(*p));
    if (a->code == NULL || a->name == NULL || a->price == NULL)
        return cli_error(CLI_USAGE, "catalog add: --code, --name and --price are required");
    if (pos_product_set_code(p, a->code, strlen(a->code), &why) != 0 ||
        pos_product_set_name(p, a->name, strlen(a->name), &why) != 0 ||
        ps_money_parse(a->price, strlen(a->price), &p->price, &why) != 0)
        return cli_error(CLI_USAGE, "catalog add: %s", why.text);
    /* a percent with two decimals reads as basis points, as yuan read as fen */
    if (a->tax != NULL && (ps_money_parse(a->tax, strlen(a->tax), &tax, &why) != 0 ||
                           pos_product_check_tax(tax, &why) != 0))
        return cli_error(CLI_USAGE, "catalog add: --tax: %s", why.text);
    if (a->stock != NULL) {
        char *end = NULL;
        errno = 0;
        stock = strtoll(a->stock, &end, 10);
        if (a->stock[0] == '\0' || *end != '\0' || errno != 0)
            return cli_error(CLI_USAGE, "catalog add: --stock: a whole number of units");
    }
    p->tax_bp = (int32_t)tax;
    p->stock = stock;
    return rc;
}

int cmd_catalog(struct cli_args *a)
{
    const char *verb = a->nrest > 0 ? a->rest[0] : "";
    struct pos_import_report rep;
    struct pos_product page[64];
    struct pos_product p;
    int rc;

    if (strcmp(verb, "import") == 0 && a->nrest == 2)
        return cli_run(a, "catalog import", 1, 0, import_flow, &rep);
    if (strcmp(verb, "export") == 0 && a->nrest == 2)
        return strcmp(a->rest[1], "-") == 0 ? export_stdout(a)
                                            : cli_run(a, "catalog export", 0, 0, export_flow, NULL);
    if (strcmp(verb, "add") == 0 && a->nrest == 1) {
        if ((rc = product_of(a, &p)) != CLI_OK)
            return rc;
        return cli_run(a, "catalog add", 1, 0, add_flow, &p);
    }
    if (strcmp(verb, "list") == 0 && a->nrest == 1)
        return cli_run(a, "catalog list", 0, 0, list_flow, page);
    return cli_error(CLI_USAGE, "catalog: import FILE | export FILE|- | add --code --name "
                                "--price | list [--search TEXT]");
}
