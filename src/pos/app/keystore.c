#include "pos/app/keystore.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "pos/app/schema.h"

#define LABELLED_MAX (POS_SEAL_LABEL_MAX + 1 + POS_SECRET_MAX)

int pos_keystore_create(struct pos_keystore *ks, const char *path, struct ps_reason *why)
{
    int fd;
    ssize_t n;

    memset(ks, 0, sizeof(*ks));
    if (sodium_init() < 0)
        return ps_fail(why, PS_ECRYPTO, "device key: libsodium did not start");
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return ps_fail(why, PS_EIO, "device key %s: %s", path, strerror(errno));
    randombytes_buf(ks->key, sizeof(ks->key));
    n = write(fd, ks->key, sizeof(ks->key));
    if (n != (ssize_t)sizeof(ks->key) || fsync(fd) != 0) {
        int err = errno;
        close(fd);
        unlink(path);
        pos_keystore_cleanup(ks);
        return ps_fail(why, PS_EIO, "device key %s: cannot write: %s", path, strerror(err));
    }
    close(fd);
    ks->loaded = 1;
    return PS_OK;
}

int pos_keystore_load(struct pos_keystore *ks, const char *path, struct ps_reason *why)
{
    struct stat st;
    ssize_t n;
    int fd;

    memset(ks, 0, sizeof(*ks));
    if (sodium_init() < 0)
        return ps_fail(why, PS_ECRYPTO, "device key: libsodium did not start");
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ps_fail(why, errno == ENOENT ? PS_EUNDEFINED : PS_EIO, "device key %s: %s", path,
                       strerror(errno));
    if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
        close(fd);
        return ps_fail(why, PS_EIO, "device key %s: others may read it; chmod 600 it", path);
    }
    if (st.st_size != POS_DEVICE_KEY_LEN) {
        close(fd);
        return ps_fail(why, PS_EFORMAT, "device key %s: %lld bytes; %d expected", path,
                       (long long)st.st_size, POS_DEVICE_KEY_LEN);
    }
    n = read(fd, ks->key, sizeof(ks->key));
    close(fd);
    if (n != (ssize_t)sizeof(ks->key)) {
        pos_keystore_cleanup(ks);
        return ps_fail(why, PS_EIO, "device key %s: cannot read it", path);
    }
    ks->loaded = 1;
    return PS_OK;
}

void pos_keystore_cleanup(struct pos_keystore *ks)
{
    sodium_memzero(ks, sizeof(*ks));
}

int pos_keystore_seal(const struct pos_keystore *ks, const char *label, const uint8_t *clear,
                      size_t len, uint8_t *out, size_t cap, size_t *out_len, struct ps_reason *why)
{
    uint8_t inner[LABELLED_MAX];
    size_t label_len = strlen(label), inner_len = label_len + 1 + len;

    *out_len = 0;
    if (!ks->loaded)
        return ps_fail(why, PS_EINVAL, "seal: no device key is loaded");
    if (label_len > POS_SEAL_LABEL_MAX || len > POS_SECRET_MAX)
        return ps_fail(why, PS_EINVAL, "seal: label or value too long");
    if (cap < inner_len + POS_SEAL_OVERHEAD)
        return ps_fail(why, PS_ESPACE, "seal: %zu bytes of room; %zu needed", cap,
                       inner_len + POS_SEAL_OVERHEAD);
    /* the label travels inside the box, so a value opens only where it was sealed */
    memcpy(inner, label, label_len + 1);
    memcpy(inner + label_len + 1, clear, len);
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, inner, inner_len, out, ks->key);
    sodium_memzero(inner, sizeof(inner));
    *out_len = inner_len + POS_SEAL_OVERHEAD;
    return PS_OK;
}

int pos_keystore_open(const struct pos_keystore *ks, const char *label, const uint8_t *sealed,
                      size_t len, uint8_t *clear, size_t cap, size_t *clear_len,
                      struct ps_reason *why)
{
    uint8_t inner[LABELLED_MAX];
    size_t label_len = strlen(label), inner_len;
    int rc = PS_OK;

    *clear_len = 0;
    if (!ks->loaded)
        return ps_fail(why, PS_EINVAL, "open %s: no device key is loaded", label);
    if (len < POS_SEAL_OVERHEAD + label_len + 1 || len > POS_SEAL_OVERHEAD + LABELLED_MAX)
        return ps_fail(why, PS_EFORMAT, "open %s: %zu bytes is not a sealed value", label, len);
    inner_len = len - POS_SEAL_OVERHEAD;
    if (crypto_secretbox_open_easy(inner, sealed + crypto_secretbox_NONCEBYTES,
                                   len - crypto_secretbox_NONCEBYTES, sealed, ks->key) != 0)
        return ps_fail(why, PS_ECHECK,
                       "%s does not open under this device key (another key, or edited)", label);
    if (memcmp(inner, label, label_len + 1) != 0)
        rc = ps_fail(why, PS_ECHECK, "%s: the sealed value belongs elsewhere", label);
    else if (inner_len - label_len - 1 > cap)
        rc = ps_fail(why, PS_ESPACE, "open %s: the value is longer than %zu bytes", label, cap);
    if (rc == 0) {
        *clear_len = inner_len - label_len - 1;
        memcpy(clear, inner + label_len + 1, *clear_len);
    }
    sodium_memzero(inner, sizeof(inner));
    return rc;
}

int pos_keystore_put(sqlite3 *db, const struct pos_keystore *ks, const char *name,
                     const uint8_t *clear, size_t len, struct ps_reason *why)
{
    uint8_t sealed[POS_SEAL_OVERHEAD + LABELLED_MAX];
    sqlite3_stmt *st = NULL;
    size_t n = 0;
    int rc;

    rc = pos_keystore_seal(ks, name, clear, len, sealed, sizeof(sealed), &n, why);
    if (rc == 0)
        rc = pos_app_prepare(db,
                             "INSERT INTO app_secret (name, sealed) VALUES (?, ?)"
                             " ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed",
                             &st, "secret", why);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 2, sealed, (int)n, SQLITE_STATIC);
        rc = pos_app_step_done(db, st, "secret", why);
    }
    sqlite3_finalize(st);
    return rc;
}

int pos_keystore_get(sqlite3 *db, const struct pos_keystore *ks, const char *name, uint8_t *clear,
                     size_t cap, size_t *clear_len, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc, step;

    *clear_len = 0;
    rc = pos_app_prepare(db, "SELECT sealed FROM app_secret WHERE name = ?", &st, "secret", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = pos_keystore_open(ks, name, sqlite3_column_blob(st, 0),
                               (size_t)sqlite3_column_bytes(st, 0), clear, cap, clear_len, why);
    else if (step == SQLITE_DONE)
        rc = ps_fail(why, PS_EUNDEFINED, "no %s is stored", name);
    else
        rc = ps_fail(why, PS_EIO, "secret %s: %s", name, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

int pos_keystore_forget(sqlite3 *db, const char *name, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, "DELETE FROM app_secret WHERE name = ?", &st, "secret", why);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        rc = pos_app_step_done(db, st, "secret", why);
    }
    sqlite3_finalize(st);
    return rc;
}
