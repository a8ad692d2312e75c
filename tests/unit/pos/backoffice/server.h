/* server.h — the back office's stand-in for the backoffice tests: a server thread on
 * 127.0.0.1 (port 0, so any free one) that takes one connection, reads one HTTP request
 * whole (a GET: its head) and answers canned bytes (or nothing, until the client gives up). Include after
 * cmocka.h. */
#ifndef POSSUM_TESTS_POS_BACKOFFICE_SERVER_H
#define POSSUM_TESTS_POS_BACKOFFICE_SERVER_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pos/backoffice/http.h"

enum mode { ANSWER, SILENT };

struct server {
    int listen_fd;
    int port;
    enum mode mode;
    const char *answer; /* sent whole, then the connection closes */
    char request[4096]; /* what the client sent */
    size_t request_len;
    pthread_t thread;
};

/* Reads the request: the headers, then as many bytes as its Content-Length says. */
static inline void read_request(int fd, struct server *s)
{
    const char *blank = NULL, *cl;
    size_t want = sizeof(s->request) - 1;
    ssize_t n;

    while (s->request_len < want &&
           (n = recv(fd, s->request + s->request_len, want - s->request_len, 0)) > 0) {
        s->request_len += (size_t)n;
        s->request[s->request_len] = '\0';
        if (blank == NULL && (blank = strstr(s->request, "\r\n\r\n")) != NULL) {
            cl = strstr(s->request, "Content-Length: "); /* none: a GET, the head is all */
            want = (size_t)(blank + 4 - s->request) +
                   (cl != NULL && cl < blank ? strtoul(cl + 16, NULL, 10) : 0);
        }
    }
}

static void *serve(void *arg)
{
    struct server *s = arg;
    char sink[64];
    int fd = accept(s->listen_fd, NULL, NULL);

    if (fd < 0)
        return NULL;
    read_request(fd, s);
    if (s->mode == ANSWER)
        send(fd, s->answer, strlen(s->answer), MSG_NOSIGNAL);
    else
        while (recv(fd, sink, sizeof(sink), 0) > 0) /* until the client gives up */
            ;
    close(fd);
    return NULL;
}

static inline void server_start(struct server *s, enum mode mode, const char *answer)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);

    memset(s, 0, sizeof(*s));
    s->mode = mode;
    s->answer = answer;
    s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s->listen_fd >= 0);
    assert_int_equal(bind(s->listen_fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(s->listen_fd, 1), 0);
    assert_int_equal(getsockname(s->listen_fd, (struct sockaddr *)&a, &len), 0);
    s->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&s->thread, NULL, serve, s), 0);
}

static inline void server_stop(struct server *s)
{
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
}

#endif
