/* App packages: the offer checked, the file fetched beside its place, checked, renamed. */
#include "pos/backoffice/package.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/hex.h"

int pos_pkg_version_check(const char *v, struct ps_reason *why)
{
    size_t len = v != NULL ? strlen(v) : 0, digits = 0;
    int parts = 1;

    if (len == 0 || len > POS_PKG_VERSION_MAX)
        return ps_fail(why, PS_EFORMAT, "version: empty or longer than %d bytes",
                       POS_PKG_VERSION_MAX);
    for (size_t i = 0; i <= len; i++) {
        if (i < len && v[i] >= '0' && v[i] <= '9') {
            if (digits == 1 && v[i - 1] == '0')
                return ps_fail(why, PS_EFORMAT, "version \"%s\": a part with a leading zero", v);
            if (++digits > 8)
                return ps_fail(why, PS_EFORMAT, "version \"%s\": a part above 8 digits", v);
        } else if (i == len || v[i] == '.') {
            if (digits == 0)
                return ps_fail(why, PS_EFORMAT, "version \"%s\": an empty part", v);
            parts += i < len;
            digits = 0;
        } else {
            return ps_fail(why, PS_EFORMAT, "version \"%s\": MAJOR.MINOR.PATCH expected", v);
        }
    }
    if (parts != 3)
        return ps_fail(why, PS_EFORMAT, "version \"%s\": MAJOR.MINOR.PATCH expected", v);
    return PS_OK;
}

int pos_pkg_version_cmp(const char *a, const char *b)
{
    for (;;) {
        unsigned long x = strtoul(a, (char **)&a, 10), y = strtoul(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        if (*a != '.' || *b != '.')
            return (*a == '.') - (*b == '.');
        a++;
        b++;
    }
}

/* A string member of at most cap - 1 bytes into out. */
static int text(const json_t *j, const char *name, char *out, size_t cap, struct ps_reason *why)
{
    const json_t *v = json_object_get(j, name);

    if (v == NULL)
        return ps_fail(why, PS_EFORMAT, "%s: missing", name);
    if (!json_is_string(v))
        return ps_fail(why, PS_EFORMAT, "%s: not a string", name);
    if (json_string_length(v) >= cap || strlen(json_string_value(v)) != json_string_length(v))
        return ps_fail(why, PS_EFORMAT, "%s: longer than %zu bytes", name, cap - 1);
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return PS_OK;
}

static int check_sha(const char *s, struct ps_reason *why)
{
    if (strlen(s) != POS_PKG_SHA256_HEX)
        return ps_fail(why, PS_EFORMAT, "sha256: %zu characters, %d expected", strlen(s),
                       POS_PKG_SHA256_HEX);
    for (size_t i = 0; i < POS_PKG_SHA256_HEX; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return ps_fail(why, PS_EFORMAT, "sha256: character %zu is not a lower-case hex digit",
                           i + 1);
    return PS_OK;
}

static int check_url(const char *u, struct ps_reason *why)
{
    if (u[0] != '/' || u[1] == '/')
        return ps_fail(why, PS_EFORMAT, "url: not an absolute path on the back office");
    for (const char *p = u; *p != '\0'; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '#')
            return ps_fail(why, PS_EFORMAT, "url: a space, control character or '#'");
    return PS_OK;
}

int pos_pkg_offer_parse(const json_t *j, struct pos_pkg_offer *out, struct ps_reason *why)
{
    const json_t *size = json_object_get(j, "size");
    int rc;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(j))
        return ps_fail(why, PS_EFORMAT, "update: not an object");
    if ((rc = text(j, "version", out->version, sizeof(out->version), why)) != 0 ||
        (rc = pos_pkg_version_check(out->version, why)) != 0 ||
        (rc = text(j, "sha256", out->sha256, sizeof(out->sha256), why)) != 0 ||
        (rc = check_sha(out->sha256, why)) != 0)
        return rc;
    if (size == NULL)
        return ps_fail(why, PS_EFORMAT, "size: missing");
    if (!json_is_integer(size) || json_integer_value(size) < 1 ||
        (uint64_t)json_integer_value(size) > POS_PKG_SIZE_MAX)
        return ps_fail(why, PS_EFORMAT, "size: not a whole number of bytes from 1 to %zu",
                       POS_PKG_SIZE_MAX);
    out->size = (size_t)json_integer_value(size);
    if ((rc = text(j, "url", out->url, sizeof(out->url), why)) != 0)
        return rc;
    return check_url(out->url, why);
}

/* SHA-256 of the file open at fd into md; *size (OUT) its length. */
static int hash_file(int fd, uint8_t md[32], size_t *size, struct ps_reason *why)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char buf[65536];
    unsigned mdlen = 0;
    ssize_t n;
    int rc = PS_OK;

    *size = 0;
    if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
        rc = ps_fail(why, PS_ECRYPTO, "sha256: cannot start");
    while (rc == 0 && (n = read(fd, buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = ps_fail(why, PS_EIO, "package: reading: %s", strerror(errno));
        else if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1)
            rc = ps_fail(why, PS_ECRYPTO, "sha256: update failed");
        else
            *size += (size_t)n;
    }
    if (rc == 0 && (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32))
        rc = ps_fail(why, PS_ECRYPTO, "sha256: final failed");
    EVP_MD_CTX_free(ctx);
    return rc;
}

int pos_pkg_check_file(const char *path, const struct pos_pkg_offer *o, struct ps_reason *why)
{
    uint8_t md[32], want[32];
    char got[POS_PKG_SHA256_HEX + 1];
    size_t size = 0, n = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

    if (fd < 0)
        return ps_fail(why, PS_EIO, "package %s: %s", path, strerror(errno));
    rc = hash_file(fd, md, &size, why);
    close(fd);
    if (rc != 0)
        return rc;
    if (size != o->size)
        return ps_fail(why, PS_ECHECK, "size mismatch: %zu bytes, %zu announced", size, o->size);
    if (ps_hex_decode(o->sha256, POS_PKG_SHA256_HEX, want, sizeof(want), &n, NULL) != 0 ||
        n != sizeof(want))
        return ps_fail(why, PS_ECHECK, "sha256: the announced one is not hex");
    if (CRYPTO_memcmp(md, want, sizeof(md)) != 0) {
        ps_hex_encode(md, sizeof(md), got);
        for (char *p = got; *p != '\0'; p++)
            if (*p >= 'A' && *p <= 'F')
                *p = (char)(*p - 'A' + 'a');
        return ps_fail(why, PS_ECHECK, "sha256 mismatch: the package's is %.16s..., %.16s... "
                                       "announced", got, o->sha256);
    }
    return PS_OK;
}

/* Makes dir when missing (0700). */
static int make_dir(const char *dir, struct ps_reason *why)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return ps_fail(why, PS_EIO, "%s: %s", dir, strerror(errno));
    return PS_OK;
}

/* Fetches o into the open file fd (empty). */
static int fetch(const struct pos_bo_http *c, const struct pos_pkg_offer *o, int fd,
                 struct ps_reason *why)
{
    struct pos_bo_answer ans;
    size_t written = 0;
    int rc = pos_bo_http_download(c, o->url, o->size, fd, &ans, &written, why);

    if (rc == 0 && ans.status != 200) {
        const char *reason = json_string_value(
            json_object_get(json_object_get(ans.json, "error"), "reason"));
        rc = ps_fail(why, PS_EIO, "download %s: HTTP %d%s%s", o->url, ans.status,
                     reason != NULL ? ": " : "", reason != NULL ? reason : "");
    }
    pos_bo_answer_cleanup(&ans);
    if (rc == PS_ETOOLONG)
        return ps_fail(why, PS_ECHECK, "size mismatch: %s", why->text);
    if (rc == 0 && fsync(fd) != 0)
        rc = ps_fail(why, PS_EIO, "package: fsync: %s", strerror(errno));
    return rc;
}

int pos_pkg_install(const struct pos_bo_http *c, const struct pos_pkg_offer *o,
                    const char *app_dir, char *path, size_t cap, struct ps_reason *why)
{
    char dir[1024], tmp[1100];
    int fd = -1, rc;

    path[0] = '\0';
    if (pos_pkg_version_check(o->version, why) != 0) /* it names a directory */
        return PS_EFORMAT;
    if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", app_dir, o->version) >= sizeof(dir) ||
        (size_t)snprintf(path, cap, "%s/" POS_PKG_FILE, dir) >= cap)
        return ps_fail(why, PS_ETOOLONG, "package: the path is too long");
    snprintf(tmp, sizeof(tmp), "%s/." POS_PKG_FILE ".tmp", dir);
    if ((rc = make_dir(app_dir, why)) != 0 || (rc = make_dir(dir, why)) != 0)
        return rc;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return ps_fail(why, PS_EIO, "%s: %s", tmp, strerror(errno));
    rc = fetch(c, o, fd, why);
    if (close(fd) != 0 && rc == 0)
        rc = ps_fail(why, PS_EIO, "%s: %s", tmp, strerror(errno));
    if (rc == 0)
        rc = pos_pkg_check_file(tmp, o, why);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = ps_fail(why, PS_EIO, "package: rename to %s: %s", path, strerror(errno));
    if (rc != 0) {
        unlink(tmp);
        path[0] = '\0';
    }
    return rc;
}
