#include "pos/app/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

enum { READER_FILE = 0, READER_TTY, READER_FIFO };

static int open_fd(struct pos_card_reader *r, struct ps_reason *why)
{
    r->fd = open(r->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (r->fd < 0)
        return ps_fail(why, PS_EIO, "card reader %s: %s", r->path, strerror(errno));
    return PS_OK;
}

/* Raw input without echo: a swipe's characters as sent, nothing sent back to the
 * reader; CR and LF still end a line (take_line). */
static int make_raw(struct pos_card_reader *r, struct ps_reason *why)
{
    struct termios raw;

    if (tcgetattr(r->fd, &r->saved) != 0)
        return ps_fail(why, PS_EIO, "card reader %s: %s", r->path, strerror(errno));
    raw = r->saved;
    cfmakeraw(&raw);
    if (tcsetattr(r->fd, TCSANOW, &raw) != 0)
        return ps_fail(why, PS_EIO, "card reader %s: %s", r->path, strerror(errno));
    return PS_OK;
}

int pos_card_reader_open(struct pos_card_reader *r, const char *path, struct ps_reason *why)
{
    struct stat st;
    int rc;

    memset(r, 0, sizeof(*r));
    r->path = path;
    if ((rc = open_fd(r, why)) != 0)
        return rc;
    if (fstat(r->fd, &st) == 0 && S_ISFIFO(st.st_mode))
        r->kind = READER_FIFO;
    else if (isatty(r->fd))
        r->kind = READER_TTY;
    if (r->kind == READER_TTY && (rc = make_raw(r, why)) != 0) {
        close(r->fd);
        r->fd = -1;
    }
    return rc;
}

int pos_card_reader_fd(const struct pos_card_reader *r)
{
    return r->fd;
}

/* Drops n bytes from the start of the buffer, wiping what moves out. */
static void drop(struct pos_card_reader *r, size_t n)
{
    memmove(r->buf, r->buf + n, r->len - n);
    sodium_memzero(r->buf + r->len - n, n);
    r->len -= n;
}

/* The first complete line of the buffer into line (NUL-terminated): 1 when there is
 * one, 0 when not yet, PS_ETOOLONG when the buffer is full without a line end. At
 * the end of a file (at_end) what is left is the last line. */
static int take_line(struct pos_card_reader *r, int at_end, char line[POS_READER_LINE_MAX + 1],
                     struct ps_reason *why)
{
    for (;;) {
        size_t i = 0;
        while (i < r->len && r->buf[i] != '\r' && r->buf[i] != '\n')
            i++;
        if (i == r->len && !(at_end && i > 0)) {
            if (r->len < sizeof(r->buf))
                return 0;
            drop(r, r->len);
            r->dropping = 1;
            return ps_fail(why, PS_ETOOLONG,
                           "card reader %s: more than %d characters without a line end", r->path,
                           POS_READER_LINE_MAX);
        }
        if (i == 0 || r->dropping) { /* an empty line, or the end of one too long */
            r->dropping = 0;
            drop(r, i < r->len ? i + 1 : i);
            continue;
        }
        memcpy(line, r->buf, i);
        line[i] = '\0';
        drop(r, i < r->len ? i + 1 : i);
        return 1;
    }
}

/* Reads what the device has into the buffer: 1 some (or none yet), 0 at its end,
 * PS_EIO. */
static int fill(struct pos_card_reader *r, struct ps_reason *why)
{
    ssize_t n;

    do
        n = read(r->fd, r->buf + r->len, sizeof(r->buf) - r->len);
    while (n < 0 && errno == EINTR);
    if (n > 0) {
        r->len += (size_t)n;
        return 1;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 1;
    if (n < 0)
        return ps_fail(why, PS_EIO, "card reader %s: %s", r->path, strerror(errno));
    return 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The next line, waiting up to timeout_ms: 1 with line filled, 0 none in time,
 * PS_ETOOLONG, PS_EIO. */
static int next_line(struct pos_card_reader *r, int timeout_ms, char *line, struct ps_reason *why)
{
    long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    int rc, at_end = 0;

    for (;;) {
        if ((rc = take_line(r, at_end, line, why)) != 0)
            return rc;
        if (at_end && r->kind == READER_FIFO) { /* the writer went: wait for the next */
            close(r->fd);
            if ((rc = open_fd(r, why)) != 0)
                return rc;
            at_end = 0;
        } else if (at_end) {
            return ps_fail(why, PS_EIO, "card reader %s: %s", r->path,
                           r->kind == READER_TTY ? "disconnected" : "ended without a swipe");
        }
        struct pollfd p = {.fd = r->fd, .events = POLLIN};
        long long left = deadline - now_ms();
        int ready = poll(&p, 1, left > 0 ? (int)left : 0);
        if (ready < 0 && errno != EINTR)
            return ps_fail(why, PS_EIO, "card reader %s: %s", r->path, strerror(errno));
        if (ready == 0 && left <= 0)
            return 0;
        if (ready <= 0)
            continue;
        if (p.revents & POLLNVAL)
            return ps_fail(why, PS_EIO, "card reader %s: not open", r->path);
        if ((rc = fill(r, why)) < 0)
            return rc;
        at_end = rc == 0;
    }
}

int pos_card_reader_read(struct pos_card_reader *r, int timeout_ms, struct pos_card *card,
                         struct ps_reason *why)
{
    char line[POS_READER_LINE_MAX + 1];
    int rc = next_line(r, timeout_ms, line, why);

    if (rc == 1)
        rc = pos_card_from_swipe(card, line, why);
    else if (rc == 0)
        rc = POS_READER_NO_SWIPE;
    sodium_memzero(line, sizeof(line));
    return rc;
}

void pos_card_reader_close(struct pos_card_reader *r)
{
    if (r->fd >= 0 && r->kind == READER_TTY)
        tcsetattr(r->fd, TCSANOW, &r->saved);
    if (r->fd >= 0)
        close(r->fd);
    sodium_memzero(r, sizeof(*r));
    r->fd = -1;
}

int pos_card_from_reader(const char *path, int timeout_ms, struct pos_card *card,
                         struct ps_reason *why)
{
    struct pos_card_reader r;
    int rc;

    pos_card_wipe(card);
    if ((rc = pos_card_reader_open(&r, path, why)) != 0)
        return rc;
    rc = pos_card_reader_read(&r, timeout_ms, card, why);
    pos_card_reader_close(&r);
    if (rc == POS_READER_NO_SWIPE) {
        if (timeout_ms % 1000 == 0)
            return ps_fail(why, PS_ETIMEDOUT, "card reader %s: no card swiped within %d s", path,
                           timeout_ms / 1000);
        return ps_fail(why, PS_ETIMEDOUT, "card reader %s: no card swiped within %.1f s", path,
                       timeout_ms / 1000.0);
    }
    return rc;
}
