#include "pos/app/result.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void pos_app_result_init(struct pos_app_result *r)
{
    memset(r, 0, sizeof(*r));
    r->action = "";
    rcpt_buf_init(&r->text);
    rcpt_buf_init(&r->escpos);
}

void pos_app_result_cleanup(struct pos_app_result *r)
{
    json_decref(r->detail);
    rcpt_buf_cleanup(&r->text);
    rcpt_buf_cleanup(&r->escpos);
    memset(r, 0, sizeof(*r));
}

int pos_app_result_print(const struct pos_app_result *r, const char *path, struct ps_reason *why)
{
    FILE *f;
    int ok;

    if (r->escpos.len == 0)
        return PS_OK;
    f = fopen(path, "ab");
    if (f == NULL)
        return ps_fail(why, PS_EIO, "printer %s: %s", path, strerror(errno));
    ok = fwrite(r->escpos.data, 1, r->escpos.len, f) == r->escpos.len;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        return ps_fail(why, PS_EIO, "printer %s: the receipt was not written whole", path);
    return PS_OK;
}
