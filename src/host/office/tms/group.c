/* Terminal groups over the store (group.h). */
#include "host/office/tms/group.h"

#include <stdio.h>
#include <string.h>

#include "host/office/tms/stock_internal.h"

static int group_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int office_group_name_check(const char *name, struct ps_reason *why)
{
    if (name == NULL)
        return ps_fail(why, PS_EINVAL, "group: missing");
    size_t len = strlen(name);
    if (len == 0 || len > OFFICE_GROUP_MAX)
        return ps_fail(why, PS_EFORMAT, "group: %zu bytes; 1 to %d", len, OFFICE_GROUP_MAX);
    if (name[0] == '-' || name[0] == '_')
        return ps_fail(why, PS_EFORMAT, "group \"%s\": starts with '%c'; a letter or a digit first",
                       name, name[0]);
    for (size_t i = 0; i < len; i++)
        if (!group_char(name[i]))
            return ps_fail(why, PS_EFORMAT,
                           "group \"%.*s\": byte 0x%02x at %zu: only a-z, 0-9, '-' and '_'",
                           OFFICE_GROUP_MAX, name, (unsigned char)name[i], i + 1);
    return 0;
}

int office_stock_set_group(struct office *o, const struct office_actor *actor, int64_t id,
                           const char *group, struct stock_row *out, struct ps_reason *why)
{
    struct office_terminal t;
    struct store_batch b;
    int rc;

    if (group == NULL)
        return ps_fail(why, PS_EINVAL, "group: missing");
    if (group[0] != '\0' && (rc = office_group_name_check(group, why)) != 0)
        return rc;
    if ((rc = stock__load(o, id, out, &t, why)) != 0)
        return rc;
    if (strcmp(out->group_name, group) == 0)
        return 0;
    json_t *before = office_stock_json(out);
    snprintf(out->group_name, sizeof(out->group_name), "%s", group);
    out->updated_us = office_now_us(o);
    store_batch_init(&b);
    if ((rc = stock__put(&b, out, why)) != 0) {
        store_batch_free(&b);
        json_decref(before);
        return rc;
    }
    return stock__commit(o, &b, actor, "terminal.group", out, before, why);
}
