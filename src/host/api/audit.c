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
    struct api_page page = {json_array(), 0, 0};
    struct ps_reason why = {{0}};

    if (api_query_int(call, "before", 1, INT64_MAX, INT64_MAX, &before) != 0 ||
        api_query_int(call, "limit", 1, 500, 100, &page.limit) != 0) {
        json_decref(page.items);
        return;
    }
    int rc = store_each_audit(call->office->store, before, (int)page.limit, take_entry, &page,
                              &why);
    if (rc != 0) {
        json_decref(page.items);
        api_office_error(call, rc, NULL, &why);
        return;
    }
    api_page_reply(call, &page, "next_before");
}
