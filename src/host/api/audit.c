/* GET /api/v1/audit: the audit log, newest first, a page at a time (admins only). There
 * is no route that changes it. */
#include "host/api/internal.h"

#include "host/office/access/audit.h"

static int take_entry(void *ctx, const struct audit_row *row)
{
    api_page_add(ctx, office_audit_json(row), row->id);
    return 0;
}

void api_audit_list(struct api_call *call)
{
    int64_t before = 0;
    struct api_page page;
    struct ps_reason why = {{0}};

    if (api_page_start(call, &page, "before", &before) != 0)
        return;
    int rc = store_each_audit(call->office->store, before, (int)page.limit, take_entry, &page,
                              &why);
    api_page_end(call, &page, rc, &why, "next_before");
}
