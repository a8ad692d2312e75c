/* The audit log's entries (audit.h). */
#include "host/office/access/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* record as compact JSON text into out (cap bytes), or the truncation note. */
static void record_text(json_t *record, char *out, size_t cap)
{
    out[0] = '\0';
    if (record == NULL)
        return;
    char *text = json_dumps(record, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    if (text != NULL && strlen(text) < cap)
        memcpy(out, text, strlen(text) + 1);
    else
        snprintf(out, cap, "{\"truncated\":true,\"bytes\":%zu}", text != NULL ? strlen(text) : 0);
    free(text);
}

int office_audit_add(struct office *o, struct store_batch *b, struct audit_row *row,
                     const struct office_actor *actor, const char *action,
                     const char *object_type, int64_t object_id, json_t *before, json_t *after,
                     struct ps_reason *why)
{
    memset(row, 0, sizeof(*row));
    row->id = office_next_id(o);
    row->at_us = office_now_us(o);
    row->user_id = actor->user.id;
    snprintf(row->username, sizeof(row->username), "%s", actor->user.username);
    snprintf(row->action, sizeof(row->action), "%s", action);
    snprintf(row->object_type, sizeof(row->object_type), "%s", object_type);
    snprintf(row->object_id, sizeof(row->object_id), "%" PRId64, object_id);
    snprintf(row->remote, sizeof(row->remote), "%s", actor->remote);
    record_text(before, row->before_json, sizeof(row->before_json));
    record_text(after, row->after_json, sizeof(row->after_json));
    json_decref(before);
    json_decref(after);
    struct store_op *op = store_batch_add(b, STORE_AUDIT_PUT);
    if (op == NULL)
        return ps_fail(why, PS_ENOMEM, "audit: out of memory");
    op->u.audit = row;
    return PS_OK;
}

/* A stored record back as JSON; text that does not parse (it always should) as text. */
static json_t *record_json(const char *text)
{
    if (text[0] == '\0')
        return json_null();
    json_t *v = json_loads(text, 0, NULL);
    return v != NULL ? v : json_string(text);
}

json_t *office_audit_json(const struct audit_row *row)
{
    return json_pack("{s:I, s:I, s:{s:I, s:s}, s:s, s:{s:s, s:s}, s:o, s:o, s:s}", "id",
                     (json_int_t)row->id, "at_us", (json_int_t)row->at_us, "by", "id",
                     (json_int_t)row->user_id, "username", row->username, "action", row->action,
                     "object", "type", row->object_type, "id", row->object_id, "before",
                     record_json(row->before_json), "after", record_json(row->after_json),
                     "remote", row->remote);
}
