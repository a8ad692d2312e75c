#include "pos/catalog/export.h"

#include <inttypes.h>
#include <string.h>

#include "core/money.h"
#include "pos/catalog/columns.h"
#include "pos/catalog/csv.h"
#include "pos/catalog/internal.h"
#include "pos/catalog/product.h"
#include "pos/db/db.h"

/* Writes one product as a line. The code is digits and the numbers never need quotes;
 * only the name may. */
static int write_product(FILE *out, const struct pos_product *p, const char *eol)
{
    char price[PS_MONEY_TEXT_MAX], tax[POS_TAX_TEXT_MAX];
    if (ps_money_format(p->price, price, sizeof(price)) < 0 || pos_tax_format(p->tax_bp, tax) < 0)
        return PS_EINVAL;
    if (fprintf(out, "%s,", p->code) < 0 || pos_csv_write_field(out, p->name, strlen(p->name)))
        return PS_EIO;
    if (fprintf(out, ",%s,%s,%" PRId64 "%s", price, tax, p->stock, eol) < 0)
        return PS_EIO;
    return 0;
}

static int write_all(sqlite3 *db, FILE *out, unsigned flags, size_t *count, struct ps_reason *why)
{
    const char *eol = flags & POS_EXPORT_CRLF ? "\r\n" : "\n";
    sqlite3_stmt *st = NULL;
    struct pos_product p;
    int step, rc;

    if (fprintf(out, "%scode,name,price,tax_rate,stock%s",
                flags & POS_EXPORT_BOM ? "\xEF\xBB\xBF" : "", eol) < 0)
        return ps_fail(why, PS_EIO, "export: writing failed");
    rc = pos_catalog__prepare(db,
                              "SELECT " POS_CATALOG__COLUMNS " FROM catalog_product ORDER BY code",
                              &st, "export", why);
    if (rc != 0)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        pos_catalog__read(st, &p);
        rc = write_product(out, &p, eol);
        if (rc != 0) {
            rc = rc == PS_EIO
                     ? ps_fail(why, rc, "export: writing failed")
                     : ps_fail(why, rc, "export: code %s has a bad price or tax rate", p.code);
            break;
        }
        (*count)++;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = pos_db_fail(db, "export", why);
    sqlite3_finalize(st);
    return rc;
}

int pos_catalog_export(sqlite3 *db, FILE *out, unsigned flags, size_t *count, struct ps_reason *why)
{
    size_t written = 0;
    if (count != NULL)
        *count = 0;
    if ((flags & ~(unsigned)POS_EXPORT_EXCEL) != 0)
        return ps_fail(why, PS_EINVAL, "export: unknown flags 0x%X", flags);
    int rc = write_all(db, out, flags, &written, why);
    if (rc == 0 && fflush(out) != 0)
        rc = ps_fail(why, PS_EIO, "export: writing failed");
    if (rc == 0 && count != NULL)
        *count = written;
    if (rc == 0)
        ps_reason_clear(why);
    return rc;
}
