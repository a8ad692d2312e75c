/* Files kept by their SHA-256 under the data directory (files.h). */
#define _GNU_SOURCE /* O_CLOEXEC, O_DIRECTORY */
#include "host/office/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

void office_sha256_hex(const uint8_t *data, size_t len, char hex[OFFICE_FILE_NAME_LEN + 1])
{
    uint8_t digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(hex, OFFICE_FILE_NAME_LEN + 1, digest, sizeof(digest));
}

int office_file_name_ok(const char *name)
{
    return name != NULL && strspn(name, "0123456789abcdef") == OFFICE_FILE_NAME_LEN &&
           name[OFFICE_FILE_NAME_LEN] == '\0';
}

static int write_all(int fd, const uint8_t *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int office_file_put(const char *what, const char *dir, const char *name, const uint8_t *data,
                    size_t len, struct ps_reason *why)
{
    char path[1024], tmp[1100];
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return ps_fail(why, PS_EIO, "%s: cannot make %s: %s", what, dir, strerror(errno));
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (access(path, F_OK) == 0)
        return 0;
    snprintf(tmp, sizeof(tmp), "%s/.%s.%ld.tmp", dir, name, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return ps_fail(why, PS_EIO, "%s: cannot write %s: %s", what, tmp, strerror(errno));
    int ok = write_all(fd, data, len) == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return ps_fail(why, PS_EIO, "%s: cannot store %s: %s", what, path, strerror(e));
    }
    /* the rename is durable only once the directory's entry is */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

int office_file_read(const char *what, const char *path, size_t len, uint8_t **out,
                     struct ps_reason *why)
{
    uint8_t *buf = malloc(len > 0 ? len : 1);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    size_t got = 0;
    int rc = 0;
    *out = NULL;
    if (buf == NULL || fd < 0) {
        rc = buf == NULL
                 ? ps_fail(why, PS_ENOMEM, "%s: out of memory", what)
                 : ps_fail(why, PS_EIO, "%s: cannot open %s: %s", what, path, strerror(errno));
        goto out;
    }
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = ps_fail(why, PS_ECHECK, "%s: %s is shorter than recorded", what, path);
            goto out;
        }
        got += (size_t)n;
    }
    *out = buf;
    buf = NULL;
out:
    if (fd >= 0)
        close(fd);
    free(buf);
    return rc;
}
