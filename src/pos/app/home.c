#include "pos/app/home.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int join(char *out, const char *dir, const char *name, struct ps_reason *why)
{
    int n = snprintf(out, POS_HOME_PATH_MAX, "%s/%s", dir, name);
    if (n < 0 || n >= POS_HOME_PATH_MAX)
        return ps_fail(why, PS_ETOOLONG, "home: the path %s/%s is too long", dir, name);
    return PS_OK;
}

int pos_home_resolve(const char *dir, struct pos_home *out, struct ps_reason *why)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if (dir == NULL || dir[0] == '\0')
        dir = getenv(POS_HOME_ENV);
    if (dir == NULL || dir[0] == '\0')
        dir = POS_HOME_DEFAULT;
    if (strlen(dir) >= POS_HOME_PATH_MAX - 32)
        return ps_fail(why, PS_ETOOLONG, "home: the directory name is too long");
    memcpy(out->dir, dir, strlen(dir) + 1);
    if ((rc = join(out->db, dir, "terminal.db", why)) != 0 ||
        (rc = join(out->anchor, dir, "journal.anchor", why)) != 0 ||
        (rc = join(out->device_key, dir, "device.key", why)) != 0)
        return rc;
    if ((rc = join(out->session, dir, "session", why)) != 0)
        return rc;
    return join(out->lock, dir, "lock", why);
}

int pos_home_make(const struct pos_home *h, struct ps_reason *why)
{
    char path[POS_HOME_PATH_MAX];
    struct stat st;

    memcpy(path, h->dir, sizeof(path));
    /* each parent in turn, as mkdir -p does */
    for (char *p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return ps_fail(why, PS_EIO, "home: cannot make %s: %s", path, strerror(errno));
        *p = '/';
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return ps_fail(why, PS_EIO, "home: cannot make %s: %s", path, strerror(errno));
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return ps_fail(why, PS_EIO, "home: %s is not a directory", path);
    return PS_OK;
}

int pos_home_lock(const struct pos_home *h, int wait_ms, int *fd, struct ps_reason *why)
{
    struct timespec pause = {0, 50 * 1000 * 1000};
    int f = open(h->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

    *fd = -1;
    if (f < 0)
        return ps_fail(why, PS_EIO, "home: %s: %s", h->lock, strerror(errno));
    for (int waited = 0; flock(f, LOCK_EX | LOCK_NB) != 0; waited += 50) {
        if (errno != EWOULDBLOCK || waited >= wait_ms) {
            close(f);
            return ps_fail(why, PS_EIO, "the terminal at %s is in use by another possum-pos",
                           h->dir);
        }
        nanosleep(&pause, NULL);
    }
    *fd = f;
    return PS_OK;
}
