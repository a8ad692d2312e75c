/* The back office's HTTP client against a tiny server thread on loopback that answers
 * one connection with canned bytes: a 200 with JSON, a 4xx with an error body, a body
 * over the bound, a broken status line, no Content-Length, chunked, an answer cut
 * short, no answer at all, a timeout; and the base URLs, good and bad. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "server.h"

/* POSTs {"serial":"S1"} to the server; rc, and the answer in *ans. */
static int post(const struct server *s, int timeout_ms, struct pos_bo_answer *ans,
                struct ps_reason *why)
{
    struct pos_bo_http c = {.timeout_ms = timeout_ms};
    char url[64];
    json_t *body = json_pack("{s:s}", "serial", "S1");
    int rc;

    snprintf(url, sizeof(url), "http://127.0.0.1:%d", s->port);
    assert_int_equal(pos_bo_url_parse(url, &c.url, why), 0);
    ps_reason_clear(why);
    rc = pos_bo_http_post(&c, "/api/v1/activation", body, ans, why);
    json_decref(body);
    return rc;
}

/* Runs one exchange against an answer; returns rc with the answer in *ans. */
static int exchange(const char *answer, struct pos_bo_answer *ans, struct ps_reason *why)
{
    struct server s;
    int rc;

    server_start(&s, ANSWER, answer);
    rc = post(&s, 2000, ans, why);
    server_stop(&s);
    return rc;
}

static void test_ok_json(void **state)
{
    struct pos_bo_answer ans;
    struct ps_reason why;
    struct server s;
    char host[64];

    (void)state;
    server_start(&s, ANSWER,
                 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 "content-length: 18\r\n\r\n{\"tid\":\"10001001\"}");
    assert_int_equal(post(&s, 2000, &ans, &why), 0);
    server_stop(&s);
    assert_int_equal(ans.status, 200);
    assert_string_equal(json_string_value(json_object_get(ans.json, "tid")), "10001001");
    /* what went out: the request line, the headers, the body */
    snprintf(host, sizeof(host), "\r\nHost: 127.0.0.1:%d\r\n", s.port);
    assert_memory_equal(s.request, "POST /api/v1/activation HTTP/1.1\r\n", 34);
    assert_non_null(strstr(s.request, host));
    assert_non_null(strstr(s.request, "\r\nContent-Type: application/json\r\n"));
    assert_non_null(strstr(s.request, "\r\nContent-Length: 15\r\n"));
    assert_non_null(strstr(s.request, "\r\nConnection: close\r\n"));
    assert_non_null(strstr(s.request, "\r\n\r\n{\"serial\":\"S1\"}"));
    pos_bo_answer_cleanup(&ans);
    assert_null(ans.json);
}

static void test_error_body(void **state)
{
    struct pos_bo_answer ans;
    struct ps_reason why;
    const char *body = "{\"error\":{\"status\":403,\"field\":\"code\",\"reason\":\"wrong "
                       "activation code\"}}";
    char a[256];

    (void)state;
    snprintf(a, sizeof(a), "HTTP/1.1 403 Forbidden\r\nContent-Length: %zu\r\n\r\n%s", strlen(body),
             body);
    assert_int_equal(exchange(a, &ans, &why), 0);
    assert_int_equal(ans.status, 403);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(ans.json, "error"), "reason")),
        "wrong activation code");
    pos_bo_answer_cleanup(&ans);
}

static void test_error_not_json(void **state)
{
    struct pos_bo_answer ans;
    struct ps_reason why;

    (void)state; /* evhttp's own 404 page is HTML: the status is what counts */
    assert_int_equal(
        exchange("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n<h1>x</h1", &ans, &why), 0);
    assert_int_equal(ans.status, 404);
    assert_null(ans.json);
    assert_string_equal(ans.body, "<h1>x</h1");  /* the exact bytes, kept for a signature */
    pos_bo_answer_cleanup(&ans);
    assert_int_equal(exchange("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", &ans, &why),
                     PS_EFORMAT);
    assert_non_null(strstr(why.text, "not JSON"));
    assert_int_equal(exchange("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", &ans, &why),
                     PS_EFORMAT);
    assert_non_null(strstr(why.text, "empty body"));
}

static void test_body_over_bound(void **state)
{
    struct pos_bo_answer ans;
    struct ps_reason why;

    (void)state;
    assert_int_equal(exchange("HTTP/1.1 200 OK\r\nContent-Length: 65537\r\n\r\n{", &ans, &why),
                     PS_ETOOLONG);
    assert_string_equal(why.text, "answer: a body of 65537 bytes, at most 65536 are read");
    assert_null(ans.json);
    assert_int_equal(
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n{", &ans, &why),
        PS_EFORMAT);
    assert_non_null(strstr(why.text, "Content-Length '99999999999' is not a length"));
}

static void test_status_line(void **state)
{
    struct pos_bo_answer ans;
    struct ps_reason why;

    (void)state;
    assert_int_equal(exchange("HTTP/2 200 OK\r\nContent-Length: 2\r\n\r\n{}", &ans, &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "answer: not an HTTP/1.x status line: 'HTTP/2 200 OK'");
    assert_int_equal(exchange("HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}", &ans, &why),
                     PS_EFORMAT);
    assert_int_equal(exchange("SSH-2.0-OpenSSH\r\n\r\n", &ans, &why), PS_EFORMAT);
    assert_int_equal(exchange("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", &ans, &why), PS_EFORMAT);
    assert_string_equal(why.text, "answer: a header line without ':': 'no colon here'");
}

static void test_content_length_required(void **state)
{
    struct pos_bo_answer ans;
    struct ps_reason why;

    (void)state;
    assert_int_equal(
        exchange("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}", &ans, &why),
        PS_EFORMAT);
    assert_string_equal(why.text, "answer: no Content-Length (HTTP 200)");
    assert_int_equal(exchange("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n"
                              "0\r\n\r\n",
                              &ans, &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "answer: Transfer-Encoding 'chunked' is not supported "
                                  "(chunked answers are not read)");
    assert_int_equal(
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", &ans, &why),
        PS_EFORMAT);
    assert_string_equal(why.text, "answer: two different Content-Length headers");
}

static void test_closed_early(void **state)
{
    struct pos_bo_answer ans;
    struct ps_reason why;

    (void)state;
    assert_int_equal(
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"tid\":", &ans, &why),
        PS_ETRUNCATED);
    assert_string_equal(why.text, "answer: the body ended after 7 of its 100 bytes (receive: "
                                  "the host closed the connection)");
    assert_int_equal(exchange("HTTP/1.1 200 OK\r\nContent-Le", &ans, &why), PS_EIO);
    assert_string_equal(why.text, "answer: the headers did not end: receive: the host closed "
                                  "the connection");
    assert_int_equal(exchange("", &ans, &why), PS_EIO);
    assert_string_equal(why.text, "answer: nothing came: receive: the host closed the "
                                  "connection");
}

static void test_timeout(void **state)
{
    struct pos_bo_answer ans;
    struct ps_reason why;
    struct server s;

    (void)state;
    server_start(&s, SILENT, NULL);
    assert_int_equal(post(&s, 300, &ans, &why), PS_ETIMEDOUT);
    server_stop(&s);
    assert_string_equal(why.text, "answer: nothing came: receive: timed out");
}

static void test_refused(void **state)
{
    struct pos_bo_answer ans;
    struct ps_reason why;
    struct server s;

    (void)state; /* a port that was just closed */
    server_start(&s, ANSWER, "");
    shutdown(s.listen_fd, SHUT_RDWR);
    server_stop(&s);
    assert_int_equal(post(&s, 1000, &ans, &why), PS_EIO);
    assert_non_null(strstr(why.text, "connect: "));
}

static void test_https_needs_context(void **state)
{
    struct pos_bo_http c = {.timeout_ms = 100};
    struct pos_bo_answer ans;
    struct ps_reason why;
    json_t *body = json_object();

    (void)state;
    assert_int_equal(pos_bo_url_parse("https://127.0.0.1:1", &c.url, &why), 0);
    assert_int_equal(pos_bo_http_post(&c, "/x", body, &ans, &why), PS_EINVAL);
    assert_string_equal(why.text, "request: https without a TLS context");
    c.url.tls = 0;
    assert_int_equal(pos_bo_http_post(&c, "x y", body, &ans, &why), PS_EINVAL);
    json_decref(body);
}

static void url_ok(const char *text, const char *host, const char *port, int tls)
{
    struct pos_bo_url u;
    struct ps_reason why;

    ps_reason_clear(&why);
    assert_int_equal(pos_bo_url_parse(text, &u, &why), 0);
    assert_string_equal(u.host, host);
    assert_string_equal(u.port, port);
    assert_int_equal(u.tls, tls);
}

static void url_bad(const char *text, const char *reason)
{
    struct pos_bo_url u;
    struct ps_reason why;

    assert_int_equal(pos_bo_url_parse(text, &u, &why), PS_EINVAL);
    assert_string_equal(why.text, reason);
}

static void test_url(void **state)
{
    (void)state;
    url_ok("http://127.0.0.1:8080", "127.0.0.1", "8080", 0);
    url_ok("https://office.example.com:8443/", "office.example.com", "8443", 1);
    url_ok("http://[::1]:8080", "::1", "8080", 0);
    url_ok("https://[2001:db8::1]", "2001:db8::1", "443", 1);
    url_ok("http://office", "office", "80", 0);
    url_bad("", "URL: empty");
    url_bad("127.0.0.1:8080", "URL '127.0.0.1:8080': http:// or https:// expected");
    url_bad("ftp://h:21", "URL 'ftp://h:21': http:// or https:// expected");
    url_bad("http://", "URL 'http://': the host is empty or too long");
    url_bad("http://:80", "URL 'http://:80': the host is empty or too long");
    url_bad("http://h:", "URL 'http://h:': the port is empty or too long");
    url_bad("http://h:8o", "URL 'http://h:8o': the port is not a number");
    url_bad("http://h:0", "URL 'http://h:0': the port is not 1 to 65535");
    url_bad("http://h:65536", "URL 'http://h:65536': the port is not 1 to 65535");
    url_bad("http://::1:80", "URL 'http://::1:80': an IPv6 address goes in brackets");
    url_bad("http://[::1:80", "URL 'http://[::1:80': '[' without ']'");
    url_bad("http://[::1]80", "URL 'http://[::1]80': ':' expected after ']'");
    url_bad("http://h:80/api", "URL 'http://h:80/api': only HOST:PORT, no path, after the scheme");
    url_bad("http://h:80?x", "URL 'http://h:80?x': a query, fragment or space is not allowed");
    url_bad("http://u@h:80", "URL 'http://u@h:80': a user name is not allowed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok_json),
        cmocka_unit_test(test_error_body),
        cmocka_unit_test(test_error_not_json),
        cmocka_unit_test(test_body_over_bound),
        cmocka_unit_test(test_status_line),
        cmocka_unit_test(test_content_length_required),
        cmocka_unit_test(test_closed_early),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_https_needs_context),
        cmocka_unit_test(test_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
