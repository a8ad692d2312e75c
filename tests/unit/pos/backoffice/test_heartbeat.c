/* The heartbeat: its body, HMAC-SHA256 signing and constant-time verification, an answer
 * signed right / wrong / not at all against a server thread, the TMS parameter set's
 * checks member by member, and an app package's offer, file check and install. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "pos/backoffice/heartbeat.h"
#include "server.h"

static const uint8_t tmk[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10};

#define PARAMS                                                                                     \
    "{\"version\":12,\"receipt_header\":\"欢迎光临 Welcome\","                                     \
    "\"kinds\":[\"purchase\",\"void\",\"refund\",\"balance\"],\"per_txn_limit\":5000000,"          \
    "\"daily_limit\":20000000,\"hosts\":[\"posp1.example.cn:5000\",\"[2001:db8::1]:5001\"],"      \
    "\"connect_timeout_s\":10,\"response_timeout_s\":30}"

static void test_body(void **state)
{
    struct pos_bo_heartbeat hb = {.tid = "10001001", .app_version = "1.4.2", .params_version = 3,
                                  .printer = "ok", .last_txn_us = 1700000000000000};
    char *text;

    (void)state;
    text = pos_bo_heartbeat_body(&hb);
    assert_string_equal(text, "{\"tid\":\"10001001\",\"app_version\":\"1.4.2\",\"params_version\":3,"
                              "\"printer\":\"ok\",\"last_txn_us\":1700000000000000}");
    free(text);
    snprintf(hb.update_version, sizeof(hb.update_version), "1.5.0");
    hb.update_state = "failed";
    snprintf(hb.update_reason, sizeof(hb.update_reason), "sha256 mismatch");
    text = pos_bo_heartbeat_body(&hb);
    assert_non_null(strstr(text, ",\"update\":{\"version\":\"1.5.0\",\"state\":\"failed\","
                                 "\"reason\":\"sha256 mismatch\"}}"));
    free(text);
}

static void test_sign_verify(void **state)
{
    char hex[65];
    struct ps_reason why;
    const char *body = "{\"ok\":true}\n";

    (void)state;
    assert_int_equal(pos_bo_sign(tmk, body, strlen(body), hex, &why), 0);
    assert_int_equal(strlen(hex), 64);
    assert_int_equal(pos_bo_verify(tmk, body, strlen(body), hex, &why), 0);
    hex[10] = hex[10] == '0' ? '1' : '0';
    assert_int_equal(pos_bo_verify(tmk, body, strlen(body), hex, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "signature is wrong"));
    assert_int_equal(pos_bo_verify(tmk, body, strlen(body), "", &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "not signed"));
    assert_int_equal(pos_bo_verify(tmk, body, strlen(body), "abc", &why), PS_ECHECK);
    /* a known value: openssl dgst -sha256 -mac HMAC -macopt hexkey:0123...3210 */
    assert_int_equal(pos_bo_sign(tmk, "abc", 3, hex, &why), 0);
    assert_int_equal(pos_bo_verify(tmk, "abd", 3, hex, &why), PS_ECHECK);
}

/* Runs a heartbeat against a server answering body signed with sig_key (NULL: no
 * signature header; tamper: the body changed after signing). */
static int send_against(const char *body, const uint8_t *sig_key, int tamper,
                        struct pos_bo_heartbeat_reply *out, struct ps_reason *why)
{
    struct pos_bo_heartbeat hb = {.tid = "10001001", .app_version = "0.1.0", .printer = "ok"};
    struct pos_bo_http c = {.timeout_ms = 2000};
    static char answer[8192];
    char sig[65] = "", url[64], *sent = strdup(body);
    struct server s;
    int rc;

    if (sig_key != NULL)
        assert_int_equal(pos_bo_sign(sig_key, body, strlen(body), sig, why), 0);
    if (tamper)
        sent[2] = 'O';
    snprintf(answer, sizeof(answer), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n%s%s%s\r\n%s",
             strlen(sent), sig_key ? "X-Possum-Signature: " : "", sig, sig_key ? "\r\n" : "",
             sent);
    server_start(&s, ANSWER, answer);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", s.port);
    assert_int_equal(pos_bo_url_parse(url, &c.url, why), 0);
    rc = pos_bo_heartbeat_send(&c, tmk, &hb, out, why);
    server_stop(&s);
    /* what went out was signed over its exact body */
    const char *b = strstr(s.request, "\r\n\r\n") + 4, *h = strstr(s.request, "X-Possum-Signature: ");
    char want[65];
    assert_non_null(h);
    assert_int_equal(pos_bo_sign(tmk, b, strlen(b), want, why), 0);
    assert_memory_equal(h + 20, want, 64);
    free(sent);
    return rc;
}

static void test_send(void **state)
{
    static const uint8_t other[16] = {1};
    struct pos_bo_heartbeat_reply r;
    struct ps_reason why;

    (void)state;
    assert_int_equal(send_against("{\"ok\":true,\"params\":" PARAMS "}\n", tmk, 0, &r, &why), 0);
    assert_true(r.has_params);
    assert_int_equal(r.params_rc, 0);
    assert_int_equal(r.params.version, 12);
    assert_false(r.has_update);
    assert_int_equal(send_against("{\"ok\":true}\n", NULL, 0, &r, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "not signed"));
    assert_int_equal(send_against("{\"ok\":true}\n", other, 0, &r, &why), PS_ECHECK);
    assert_int_equal(send_against("{\"ok\":true}\n", tmk, 1, &r, &why), PS_ECHECK);
    assert_non_null(strstr(why.text, "signature is wrong"));
}

/* PARAMS with member name's value replaced by value; the reason when refused. */
static int params_with(const char *name, const char *value, struct pos_tms_params *p,
                       struct ps_reason *why)
{
    json_t *j = json_loads(PARAMS, 0, NULL);
    int rc;

    if (value == NULL)
        json_object_del(j, name);
    else
        json_object_set_new(j, name, json_loads(value, JSON_DECODE_ANY, NULL));
    rc = pos_tms_params_parse(j, p, why);
    json_decref(j);
    return rc;
}

static void refused(const char *name, const char *value, const char *reason)
{
    struct pos_tms_params p;
    struct ps_reason why;

    assert_int_equal(params_with(name, value, &p, &why), PS_EFORMAT);
    if (strstr(why.text, reason) == NULL)
        fail_msg("%s=%s: got \"%s\", want \"%s\"", name, value ? value : "(none)", why.text,
                 reason);
    assert_int_equal(p.version, 0); /* refused whole */
}

static void test_params(void **state)
{
    struct pos_tms_params p;
    struct ps_reason why;
    json_t *back;

    (void)state;
    assert_int_equal(params_with("x", "1", &p, &why), 0);
    assert_string_equal(p.receipt_header, "欢迎光临 Welcome");
    assert_true(pos_tms_params_allow(&p, HL_REFUND));
    assert_false(pos_tms_params_allow(&p, HL_PREAUTH));
    assert_int_equal(p.per_txn_limit, 5000000);
    assert_int_equal(p.nhosts, 2);
    assert_string_equal(p.hosts[1].host, "2001:db8::1");
    assert_string_equal(p.hosts[1].port, "5001");
    back = pos_tms_params_json(&p); /* what is stored reads back the same */
    struct pos_tms_params again;
    assert_int_equal(pos_tms_params_parse(back, &again, &why), 0);
    assert_memory_equal(&again, &p, sizeof(p));
    json_decref(back);

    refused("version", "0", "version: 0 is outside");
    refused("version", "\"12\"", "version: not a whole number");
    refused("version", NULL, "version: missing");
    refused("receipt_header", "\"\"", "receipt_header: 0 bytes");
    refused("receipt_header", "\"a\\nb\"", "receipt_header: a control character");
    refused("kinds", "[]", "kinds: not a list");
    refused("kinds", "[\"purchase\",\"cashback\"]", "kinds: \"cashback\" is not");
    refused("kinds", "[\"purchase\",\"purchase\"]", "kinds: purchase appears twice");
    refused("kinds", "[\"void\"]", "kinds: void without purchase");
    refused("per_txn_limit", "0", "per_txn_limit: 0 is outside");
    refused("per_txn_limit", "1000000000000", "per_txn_limit:");
    refused("daily_limit", "4999999", "daily_limit: 4999999 is outside");
    refused("hosts", "[]", "hosts: not a list of 1 to 4");
    refused("hosts", "[\"a:1\",\"b:2\",\"c:3\",\"d:4\",\"e:5\"]", "hosts: not a list");
    refused("hosts", "[\"posp1\"]", "hosts: entry 1:");
    refused("hosts", "[\"a:1\",\"a:1\"]", "hosts: entry 2 repeats entry 1");
    refused("connect_timeout_s", "0", "connect_timeout_s: 0 is outside 1 to 60");
    refused("response_timeout_s", "121", "response_timeout_s: 121 is outside 5 to 120");
}

static void test_reply_parse(void **state)
{
    struct pos_bo_heartbeat_reply r;
    struct ps_reason why;
    json_t *j = json_loads("{\"ok\":true,\"params\":{\"version\":13},\"update\":{\"version\":"
                           "\"1.5.0\",\"sha256\":\"" "0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef\",\"size\":5,\"url\":"
                           "\"/api/v1/packages/1.5.0/file\"}}",
                           0, NULL);

    (void)state;
    assert_int_equal(pos_bo_heartbeat_reply_parse(j, &r, &why), 0);
    assert_true(r.has_params);
    assert_int_equal(r.params_rc, PS_EFORMAT); /* a bad set does not fail the heartbeat */
    assert_non_null(strstr(r.params_why.text, "receipt_header: missing"));
    assert_true(r.has_update);
    assert_int_equal(r.update_rc, 0);
    assert_string_equal(r.update.url, "/api/v1/packages/1.5.0/file");
    json_decref(j);
    j = json_loads("{\"ok\":false}", 0, NULL);
    assert_int_equal(pos_bo_heartbeat_reply_parse(j, &r, &why), PS_EFORMAT);
    json_decref(j);
}

static void test_offer(void **state)
{
    struct pos_pkg_offer o;
    struct ps_reason why;
    const char *bad[][2] = {
        {"{\"version\":\"1.5\",\"sha256\":\"x\",\"size\":1,\"url\":\"/a\"}", "version \"1.5\""},
        {"{\"version\":\"../1.5.0\",\"sha256\":\"x\",\"size\":1,\"url\":\"/a\"}", "version"},
        {"{\"version\":\"1.05.0\",\"sha256\":\"x\",\"size\":1,\"url\":\"/a\"}", "leading zero"},
        {"{\"version\":\"1.5.0\",\"sha256\":\"ABC\",\"size\":1,\"url\":\"/a\"}", "sha256: 3"},
        {"{\"version\":\"1.5.0\",\"sha256\":\"" "0123456789ABCDEF0123456789abcdef0123456789abcdef"
         "0123456789abcdef\",\"size\":1,\"url\":\"/a\"}", "sha256: character 11"},
        {"{\"version\":\"1.5.0\",\"sha256\":\"" "0123456789abcdef0123456789abcdef0123456789abcdef"
         "0123456789abcdef\",\"size\":67108865,\"url\":\"/a\"}", "size:"},
        {"{\"version\":\"1.5.0\",\"sha256\":\"" "0123456789abcdef0123456789abcdef0123456789abcdef"
         "0123456789abcdef\",\"size\":1,\"url\":\"http://evil/x\"}", "url:"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *j = json_loads(bad[i][0], 0, NULL);
        assert_int_equal(pos_pkg_offer_parse(j, &o, &why), PS_EFORMAT);
        if (strstr(why.text, bad[i][1]) == NULL)
            fail_msg("offer %zu: got \"%s\", want \"%s\"", i, why.text, bad[i][1]);
        json_decref(j);
    }
    assert_true(pos_pkg_version_cmp("1.10.0", "1.9.0") > 0);
    assert_true(pos_pkg_version_cmp("1.5.0", "1.5.0") == 0);
    assert_true(pos_pkg_version_cmp("0.1.0", "1.5.0") < 0);
}

/* sha256("hello") */
#define HELLO_SHA "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

static void test_install(void **state)
{
    struct pos_pkg_offer o = {.version = "1.5.0", .sha256 = HELLO_SHA, .size = 5,
                              .url = "/api/v1/packages/1.5.0/file"};
    struct pos_bo_http c = {.timeout_ms = 2000};
    char dir[] = "/tmp/possum-pkg-test.XXXXXX", app[128], path[256], url[64];
    struct ps_reason why;
    struct server s;
    struct stat st;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(app, sizeof(app), "%s/app", dir);
    server_start(&s, ANSWER, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", s.port);
    assert_int_equal(pos_bo_url_parse(url, &c.url, &why), 0);
    if (pos_pkg_install(&c, &o, app, path, sizeof(path), &why) != 0)
        fail_msg("install: %s", why.text);
    server_stop(&s);
    assert_memory_equal(s.request, "GET /api/v1/packages/1.5.0/file HTTP/1.1\r\n", 42);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 5);
    assert_int_equal(pos_pkg_check_file(path, &o, &why), 0);

    /* the wrong bytes: refused, nothing left behind */
    o.version[2] = '6';
    server_start(&s, ANSWER, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHELLO");
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", s.port);
    assert_int_equal(pos_bo_url_parse(url, &c.url, &why), 0);
    assert_int_equal(pos_pkg_install(&c, &o, app, path, sizeof(path), &why), PS_ECHECK);
    server_stop(&s);
    assert_non_null(strstr(why.text, "sha256 mismatch"));
    snprintf(path, sizeof(path), "%s/1.6.0/package", app);
    assert_int_not_equal(stat(path, &st), 0);
    snprintf(path, sizeof(path), "%s/1.6.0/.package.tmp", app);
    assert_int_not_equal(stat(path, &st), 0);

    /* more than announced: refused before it is read */
    server_start(&s, ANSWER, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello!");
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", s.port);
    assert_int_equal(pos_bo_url_parse(url, &c.url, &why), 0);
    if (pos_pkg_install(&c, &o, app, path, sizeof(path), &why) != PS_ECHECK)
        fail_msg("too long: %s", why.text);
    server_stop(&s);
    assert_non_null(strstr(why.text, "size mismatch"));

    /* a 404 */
    server_start(&s, ANSWER, "HTTP/1.1 404 Not Found\r\nContent-Length: 45\r\n\r\n"
                             "{\"error\":{\"status\":404,\"reason\":\"no such\"}}\n\n");
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", s.port);
    assert_int_equal(pos_bo_url_parse(url, &c.url, &why), 0);
    assert_int_equal(pos_pkg_install(&c, &o, app, path, sizeof(path), &why), PS_EIO);
    server_stop(&s);
    assert_non_null(strstr(why.text, "HTTP 404: no such"));

    snprintf(path, sizeof(path), "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body),        cmocka_unit_test(test_sign_verify),
        cmocka_unit_test(test_send),        cmocka_unit_test(test_params),
        cmocka_unit_test(test_reply_parse), cmocka_unit_test(test_offer),
        cmocka_unit_test(test_install),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
