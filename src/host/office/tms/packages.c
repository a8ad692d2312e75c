/* App packages over the store and the disk (packages.h). */
#define _GNU_SOURCE /* O_CLOEXEC */
#include "host/office/tms/packages.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/office/access/audit.h"
#include "host/office/files.h"
#include "host/office/tms/rollout.h"
#include "host/store/rollouts.h"

/* The stated hash, lowercased into hex (OUT), or the 422 naming sha256. */
static int stated_hash(const char *sha256, char hex[OFFICE_SHA256_HEX_LEN + 1],
                       struct ps_reason *why)
{
    size_t len = strlen(sha256);
    if (len != OFFICE_SHA256_HEX_LEN)
        return ps_fail(why, PS_EFORMAT, "sha256: %zu characters, 64 hex digits needed", len);
    for (size_t i = 0; i < len; i++) {
        if (!isxdigit((unsigned char)sha256[i]))
            return ps_fail(why, PS_EFORMAT, "sha256: character %zu is not a hex digit", i + 1);
        hex[i] = (char)tolower((unsigned char)sha256[i]);
    }
    hex[len] = '\0';
    return 0;
}

/* Everything about an upload that needs neither the disk nor the store. */
static int upload_check(const struct office_package_upload *up, struct office_app_version *v,
                        const char **field, struct ps_reason *why)
{
    char stated[OFFICE_SHA256_HEX_LEN + 1];
    int rc;

    *field = "version";
    if ((rc = office_app_version_parse(up->version, v, why)) != 0)
        return rc;
    *field = "sha256";
    if (up->sha256 != NULL && (rc = stated_hash(up->sha256, stated, why)) != 0)
        return rc;
    *field = NULL;
    if (up->len > OFFICE_PACKAGE_MAX_BYTES)
        return ps_fail(why, PS_ETOOLONG, "the package has %zu bytes; at most %zu (64 MiB)", up->len,
                       OFFICE_PACKAGE_MAX_BYTES);
    *field = "file";
    if (up->len == 0)
        return ps_fail(why, PS_EFORMAT, "file: the package is empty");
    *field = NULL;
    return 0;
}

int office_package_upload(struct office *o, const struct office_actor *actor,
                          const struct office_package_upload *up, const char *dir,
                          struct package_row *out, const char **field, struct ps_reason *why)
{
    struct office_app_version v;
    struct package_row on_record;
    struct audit_row entry;
    struct store_batch b;
    char stated[OFFICE_SHA256_HEX_LEN + 1];
    int rc;

    memset(out, 0, sizeof(*out));
    *field = NULL;
    if ((rc = upload_check(up, &v, field, why)) != 0)
        return rc;
    rc = store_find_package(o->store, up->version, &on_record, why);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        *field = "version";
        return ps_fail(why, PS_ECHECK,
                       "version %s is on record already (sha256 %.12s...): a new build is a new "
                       "version",
                       up->version, on_record.sha256);
    }
    office_sha256_hex(up->data, up->len, out->sha256);
    if (up->sha256 != NULL) {
        stated_hash(up->sha256, stated, NULL);
        if (strcmp(stated, out->sha256) != 0) {
            *field = "sha256";
            return ps_fail(why, PS_EFORMAT,
                           "sha256: the bytes hash to %s, not %s as stated; kept nothing",
                           out->sha256, stated);
        }
    }
    if ((rc = office_file_put("packages", dir, out->sha256, up->data, up->len, why)) != 0)
        return rc;
    out->id = office_next_id(o);
    snprintf(out->version, sizeof(out->version), "%s", up->version);
    out->size = (int64_t)up->len;
    memcpy(out->file_name, out->sha256, sizeof(out->file_name));
    out->uploaded_by = actor->user.id;
    snprintf(out->uploader, sizeof(out->uploader), "%s", actor->user.username);
    out->created_us = office_now_us(o);

    /* the file stays if the commit fails: another version may hold the same bytes,
     * and an upload made again finds it in place */
    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_PACKAGE_PUT);
    if (op == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "out of memory");
        goto out;
    }
    op->u.package = *out;
    rc = office_audit_add(o, &b, &entry, actor, "package.upload", "package", out->id, NULL,
                          office_package_json(out), why);
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
    if (rc == PS_ECHECK) /* uploaded at another host meanwhile */
        *field = "version";
out:
    store_batch_free(&b);
    return rc;
}

int office_package_open(struct office *o, const char *version, const char *dir,
                        struct package_row *row, int *fd, struct ps_reason *why)
{
    char path[1100];
    struct stat st;

    *fd = -1;
    int rc = store_find_package(o->store, version, row, why);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ps_fail(why, OFFICE_NOT_FOUND, "no package of version %.23s", version);
    if (!office_file_name_ok(row->file_name))
        return ps_fail(why, PS_ECHECK, "packages: package %s has a bad file name on record",
                       row->version);
    snprintf(path, sizeof(path), "%s/%s", dir, row->file_name);
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return ps_fail(why, PS_ECHECK, "packages: cannot open %s: %s", path, strerror(errno));
    if (fstat(*fd, &st) != 0 || st.st_size != row->size) {
        close(*fd);
        *fd = -1;
        return ps_fail(why, PS_ECHECK, "packages: %s is not the %lld bytes recorded", path,
                       (long long)row->size);
    }
    return 0;
}

json_t *office_package_json(const struct package_row *p)
{
    return json_pack("{s:s, s:s, s:I, s:I, s:s, s:I}", "version", p->version, "sha256", p->sha256,
                     "size", (json_int_t)p->size, "uploaded_by", (json_int_t)p->uploaded_by,
                     "uploader", p->uploader, "created_us", (json_int_t)p->created_us);
}
