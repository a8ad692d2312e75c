/* An application's documents (documents.h): what an upload must be, where its bytes
 * go on disk, and its row committed with the audit entry. */
#include "host/office/onboarding/documents.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "host/office/files.h"
#include "host/office/onboarding/applications_internal.h"

const char office_document_types[] = "image/jpeg, image/png, application/pdf";

static const char *const kinds[] = {"business_licence", "id_front", "id_back", "shop_photo"};

/* Each accepted type and the bytes its files begin with. */
static const struct {
    const char *type;
    const char *magic;
    size_t len;
} types[] = {
    {"image/jpeg", "\xFF\xD8\xFF", 3},     /* JFIF / Exif: SOI and a marker */
    {"image/png", "\x89PNG\r\n\x1A\n", 8}, /* PNG signature, RFC 2083 §3.1 */
    {"application/pdf", "%PDF-", 5},       /* ISO 32000-1 §7.5.2 header */
};

/* ---- what an upload must be --------------------------------------------------------- */

static int kind_known(const char *kind)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(kinds); i++)
        if (strcmp(kinds[i], kind) == 0)
            return 1;
    return 0;
}

/* The index of the accepted type content_type names (up to a ';'), or -1. */
static int type_index(const char *content_type)
{
    size_t n = content_type != NULL ? strcspn(content_type, "; ") : 0;
    for (size_t i = 0; i < PS_ARRAY_LEN(types); i++)
        if (n == strlen(types[i].type) && strncasecmp(types[i].type, content_type, n) == 0)
            return (int)i;
    return -1;
}

static int upload_check(const struct office_document_upload *up, int *type,
                        struct office_problems *problems, struct ps_reason *why)
{
    if (!kind_known(up->kind))
        return office_problem_add(problems, "kind", PS_EFORMAT,
                                  "\"%.32s\" is not a kind of document: business_licence, "
                                  "id_front, id_back or shop_photo",
                                  up->kind);
    if ((*type = type_index(up->content_type)) < 0)
        return ps_fail(why, PS_EUNDEFINED, "Content-Type %.64s is not accepted: send %s",
                       up->content_type != NULL ? up->content_type : "(none)",
                       office_document_types);
    if (up->len > OFFICE_DOCUMENT_MAX_BYTES)
        return ps_fail(why, PS_ETOOLONG, "the file has %zu bytes; at most %zu (5 MiB)", up->len,
                       OFFICE_DOCUMENT_MAX_BYTES);
    if (up->len == 0)
        return office_problem_add(problems, "content_type", PS_EFORMAT, "the file is empty");
    if (up->len < types[*type].len || memcmp(up->data, types[*type].magic, types[*type].len) != 0)
        return office_problem_add(problems, "content_type", PS_EFORMAT,
                                  "the file does not begin as %s files do: it is not one",
                                  types[*type].type);
    return 0;
}

/* ---- upload and download -------------------------------------------------------------- */

/* 0 when actor may change application's documents now (as an edit). */
static int may_upload(const struct office_actor *actor, const struct application_row *app,
                      struct office_problems *problems, struct ps_reason *why)
{
    enum office_app_state state;
    enum office_role role = office__actor_role(actor);
    int rc =
        role == 0
            ? ps_fail(why, OFFICE_DENIED, "the role %s takes no onboarding step", actor->user.role)
            : office_onboarding_may(role, OFFICE_ACT_EDIT, office_application_own(actor, app), why);
    if (rc != 0)
        return rc;
    office_app_state_from_name(app->state, strlen(app->state), &state, NULL);
    if (office_onboarding_next(state, OFFICE_ACT_EDIT) == OFFICE_APP_NONE)
        return office_problem_add(problems, "state", PS_ECHECK,
                                  "the documents of an application %s cannot change: only while "
                                  "it is a draft or returned",
                                  app->state);
    return 0;
}

int office_document_put(struct office *o, const struct office_actor *actor, int64_t id,
                        const struct office_document_upload *up, const char *dir,
                        struct document_row *out, struct office_problems *problems,
                        struct ps_reason *why)
{
    struct application_row before, after;
    int type = -1;

    int rc = office_application_get(o, actor, id, &before, NULL, why);
    if (rc <= 0)
        return rc < 0 ? rc : OFFICE_NOT_FOUND;
    if ((rc = may_upload(actor, &before, problems, why)) != 0)
        return rc;
    if ((rc = upload_check(up, &type, problems, why)) != 0)
        return rc;
    memset(out, 0, sizeof(*out));
    office_sha256_hex(up->data, up->len, out->sha256);
    if ((rc = office_file_put("documents", dir, out->sha256, up->data, up->len, why)) != 0)
        return rc;
    out->id = office_next_id(o);
    out->application_id = id;
    snprintf(out->kind, sizeof(out->kind), "%s", up->kind);
    snprintf(out->file_name, sizeof(out->file_name), "%s", out->sha256);
    snprintf(out->content_type, sizeof(out->content_type), "%s", types[type].type);
    out->size = (int64_t)up->len;
    out->uploaded_us = office_now_us(o);
    out->uploaded_by = actor->user.id;
    after = before;
    after.updated_us =
        out->uploaded_us > before.updated_us ? out->uploaded_us : before.updated_us + 1;
    char note[96];
    snprintf(note, sizeof(note), "uploaded %s (%zu bytes)", up->kind, up->len);
    struct office__app_change c = {
        .before = &before, .after = &after, .action = "document", .note = note, .document = out};
    return office__app_commit(o, actor, &c, problems, why);
}

int office_document_read(struct office *o, const struct office_actor *actor, int64_t id,
                         int64_t doc_id, const char *dir, struct document_row *doc, uint8_t **data,
                         size_t *len, struct ps_reason *why)
{
    struct application_row app;
    char path[1024], hex[65];

    *data = NULL;
    *len = 0;
    int rc = office_application_get(o, actor, id, &app, NULL, why);
    if (rc > 0)
        rc = store_find_document(o->store, id, doc_id, doc, why);
    if (rc <= 0)
        return rc < 0 ? rc : OFFICE_NOT_FOUND;
    if (doc->size < 0 || (size_t)doc->size > OFFICE_DOCUMENT_MAX_BYTES ||
        !office_file_name_ok(doc->file_name))
        return ps_fail(why, PS_ECHECK, "documents: document %" PRId64 " has a bad record", doc_id);
    snprintf(path, sizeof(path), "%s/%s", dir, doc->file_name);
    if ((rc = office_file_read("documents", path, (size_t)doc->size, data, why)) != 0)
        return rc;
    office_sha256_hex(*data, (size_t)doc->size, hex);
    if (strcmp(hex, doc->sha256) != 0) {
        free(*data);
        *data = NULL;
        return ps_fail(why, PS_ECHECK, "documents: %s is not what was uploaded (its SHA-256 is %s)",
                       path, hex);
    }
    *len = (size_t)doc->size;
    return 0;
}
