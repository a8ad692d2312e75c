/* anchor.c — the copy of the chain's head kept outside the journal table (why: see
 * journal.h). The file is one line of text, so a technician can read it with cat:
 *
 *     possum-journal-anchor 1 <last seq, decimal> <its link, 64 hex digits>\n
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hex.h"
#include "pos/db/db.h"
#include "pos/journal/internal.h"

#define ANCHOR_TAG "possum-journal-anchor 1 "
#define ANCHOR_MAX 128 /* bytes: the tag, 19 digits, 64 hex digits, spaces, newline */

int pos_journal__table_head(sqlite3 *db, struct pos_journal__head *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;

    out->seq = 0;
    ps_hashchain_genesis(out->link);
    if (sqlite3_prepare_v2(db, "SELECT seq, link FROM journal ORDER BY seq DESC LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK)
        return pos_db_fail(db, "journal head", why);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        out->seq = sqlite3_column_int64(st, 0);
        const void *link = sqlite3_column_blob(st, 1);
        if (link != NULL && sqlite3_column_bytes(st, 1) == PS_HASHCHAIN_LINK_LEN)
            memcpy(out->link, link, PS_HASHCHAIN_LINK_LEN);
        else
            memset(out->link, 0xFF, PS_HASHCHAIN_LINK_LEN); /* matches no anchor */
    } else if (step != SQLITE_DONE) {
        rc = pos_db_fail(db, "journal head", why);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Parses "<digits> <64 hex>\n" after the tag. */
static int anchor_parse(const char *s, size_t len, struct pos_journal__head *out)
{
    size_t i = 0, digits = 0;
    int64_t seq = 0;

    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (seq > (INT64_MAX - 9) / 10)
            return -1;
        seq = seq * 10 + (s[i] - '0');
    }
    if (digits == 0 || i >= len || s[i] != ' ')
        return -1;
    i++;
    if (len - i != 2 * PS_HASHCHAIN_LINK_LEN + 1 || s[len - 1] != '\n')
        return -1;
    size_t n = 0;
    if (ps_hex_decode(s + i, 2 * PS_HASHCHAIN_LINK_LEN, out->link, PS_HASHCHAIN_LINK_LEN, &n,
                      NULL) != 0 ||
        n != PS_HASHCHAIN_LINK_LEN)
        return -1;
    out->seq = seq;
    return 0;
}

int pos_journal__anchor_read(const char *path, struct pos_journal__head *out, struct ps_reason *why)
{
    char buf[ANCHOR_MAX + 1];
    size_t tag = strlen(ANCHOR_TAG);
    FILE *fp = fopen(path, "rb");

    if (fp == NULL && errno == ENOENT)
        return ps_fail(why, PS_EUNDEFINED, "anchor %s: no such file", path);
    if (fp == NULL)
        return ps_fail(why, PS_EIO, "anchor %s: %s", path, strerror(errno));
    size_t len = fread(buf, 1, sizeof(buf), fp);
    int failed = ferror(fp);
    fclose(fp);
    if (failed)
        return ps_fail(why, PS_EIO, "anchor %s: read error", path);
    if (len > ANCHOR_MAX || len < tag || memcmp(buf, ANCHOR_TAG, tag) != 0 ||
        anchor_parse(buf + tag, len - tag, out) != 0)
        return ps_fail(why, PS_EFORMAT, "anchor %s: not a journal anchor", path);
    return 0;
}

/* fsync of the directory holding path, so that a rename in it survives a power cut. */
static int sync_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash == NULL ? 0 : slash == path ? 1 : (size_t)(slash - path);
    char *dir = slash == NULL ? strdup(".") : strndup(path, len);
    if (dir == NULL)
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Writes all of text to a new file at path and fsyncs it. */
static int write_synced(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    int rc = fsync(fd);
    return close(fd) != 0 ? -1 : rc;
}

int pos_journal__anchor_write(const char *path, const struct pos_journal__head *head,
                              struct ps_reason *why)
{
    char text[ANCHOR_MAX + 1], hex[2 * PS_HASHCHAIN_LINK_LEN + 1];
    char *tmp = NULL;
    int rc = 0;

    ps_hex_encode(head->link, PS_HASHCHAIN_LINK_LEN, hex);
    int len = snprintf(text, sizeof(text), ANCHOR_TAG "%lld %s\n", (long long)head->seq, hex);
    size_t tmp_size = strlen(path) + sizeof(".tmp");
    tmp = malloc(tmp_size);
    if (tmp == NULL)
        return ps_fail(why, PS_ENOMEM, "anchor %s: out of memory", path);
    snprintf(tmp, tmp_size, "%s.tmp", path);
    /* a reader sees the old anchor or the new one, never half of one */
    if (write_synced(tmp, text, (size_t)len) != 0 || rename(tmp, path) != 0 ||
        sync_dir_of(path) != 0) {
        rc = ps_fail(why, PS_EIO, "anchor %s: %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}
