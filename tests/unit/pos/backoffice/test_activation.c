/* Activation by code against a stand-in back office (server.h): the key wrapped here
 * with core/crypto/activation comes back unwrapped; a 4xx is the back office's refusal
 * with its field and reason; a 5xx, a member missing or malformed, and a key for
 * another terminal are errors that leave no key behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "server.h"

#include "core/hex.h"
#include "pos/backoffice/activation.h"

#define SERIAL "PAX-A920-0001"
#define CODE   "40718236"
#define TID    "10001001"

static const uint8_t tmk[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10};

/* An answer with status and body, Content-Length counted. */
static const char *answer(char *buf, size_t cap, int status, const char *body)
{
    snprintf(buf, cap,
             "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
             status, strlen(body), body);
    return buf;
}

/* A 200 as possumd gives it, the key wrapped for serial and tid. */
static const char *accepted(char *buf, size_t cap, const char *serial, const char *tid)
{
    uint8_t blob[PS_ACTIVATION_BLOB_LEN];
    char hex[2 * PS_ACTIVATION_BLOB_LEN + 1], body[512];
    struct ps_reason why;

    assert_int_equal(ps_activation_wrap(tmk, CODE, serial, tid, NULL, blob, &why), 0);
    ps_hex_encode(blob, sizeof(blob), hex);
    snprintf(body, sizeof(body),
             "{\"tid\":\"%s\",\"mid\":\"898100012340001\",\"merchant_name\":\"Demo Shop "
             "001\",\"tmk_blob\":\"%s\"}",
             TID, hex);
    return answer(buf, cap, 200, body);
}

/* Activates against a server giving text; the request it got in *s. */
static int activate(struct server *s, const char *text, struct pos_bo_activated *out,
                    struct ps_reason *why)
{
    struct pos_bo_http c = {.timeout_ms = 5000};
    char url[64];
    int rc;

    server_start(s, ANSWER, text);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", s->port);
    assert_int_equal(pos_bo_url_parse(url, &c.url, why), 0);
    rc = pos_bo_activate(&c, SERIAL, CODE, out, why);
    server_stop(s);
    return rc;
}

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0)
            return 0;
    }
    return 1;
}

static void test_activated(void **state)
{
    struct pos_bo_activated out;
    struct ps_reason why;
    struct server s;
    char buf[1024];

    (void)state;
    assert_int_equal(activate(&s, accepted(buf, sizeof(buf), SERIAL, TID), &out, &why), 0);
    assert_non_null(strstr(s.request, "POST /api/v1/activation HTTP/1.1\r\n"));
    assert_non_null(strstr(s.request, "{\"serial\":\"" SERIAL "\",\"code\":\"" CODE "\"}"));
    assert_int_equal(out.status, 200);
    assert_string_equal(out.tid, TID);
    assert_string_equal(out.mid, "898100012340001");
    assert_string_equal(out.merchant_name, "Demo Shop 001");
    assert_memory_equal(out.tmk, tmk, sizeof(tmk));
    pos_bo_activated_wipe(&out);
    assert_true(all_zero(out.tmk, sizeof(out.tmk)));
}

static void test_refused(void **state)
{
    struct pos_bo_activated out;
    struct ps_reason why;
    struct server s;
    char buf[512];

    (void)state;
    assert_int_equal(activate(&s,
                              answer(buf, sizeof(buf), 403,
                                     "{\"error\":{\"status\":403,\"field\":\"code\",\"reason\":"
                                     "\"wrong activation code: 4 tries left\"}}"),
                              &out, &why),
                     POS_BO_REFUSED);
    assert_string_equal(why.text, "code: wrong activation code: 4 tries left (HTTP 403)");
    assert_int_equal(out.status, 403);
    assert_int_equal(activate(&s,
                              answer(buf, sizeof(buf), 404, "{\"error\":{\"reason\":\"no such\"}}"),
                              &out, &why),
                     POS_BO_REFUSED);
    assert_string_equal(why.text, "no such (HTTP 404)");
    assert_int_equal(activate(&s, answer(buf, sizeof(buf), 404, "<h1>Not Found</h1>"), &out, &why),
                     POS_BO_REFUSED);
    assert_string_equal(why.text, "the back office refused (HTTP 404)");
}

static void test_back_office_failed(void **state)
{
    struct pos_bo_activated out;
    struct ps_reason why;
    struct server s;
    char buf[512];

    (void)state;
    assert_int_equal(
        activate(&s, answer(buf, sizeof(buf), 500, "{\"error\":{\"reason\":\"store down\"}}"), &out,
                 &why),
        PS_EIO);
    assert_string_equal(why.text, "the back office answered HTTP 500: store down");
    assert_int_equal(out.status, 500);
}

static void test_answer_malformed(void **state)
{
    struct pos_bo_activated out;
    struct ps_reason why;
    struct server s;
    char buf[512];

    (void)state;
    assert_int_equal(activate(&s,
                              answer(buf, sizeof(buf), 200,
                                     "{\"tid\":\"10001001\",\"mid\":\"898100012340001\","
                                     "\"merchant_name\":\"x\"}"),
                              &out, &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "the back office's answer: tmk_blob: missing or not a string");
    assert_int_equal(activate(&s, answer(buf, sizeof(buf), 200, "{\"tid\":\"1001\"}"), &out, &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "the back office's answer: tid: 4 characters, not 8");
    assert_true(all_zero(out.tmk, sizeof(out.tmk)));
}

static void test_key_for_another_terminal(void **state)
{
    struct pos_bo_activated out;
    struct ps_reason why;
    struct server s;
    char buf[1024];

    (void)state;
    assert_int_equal(activate(&s, accepted(buf, sizeof(buf), "PAX-A920-0002", TID), &out, &why),
                     PS_ECRYPTO);
    assert_string_equal(why.text,
                        "the back office's key: wrong activation code, or the blob was altered");
    assert_true(all_zero(out.tmk, sizeof(out.tmk)));
    assert_int_equal(out.status, 200);
}

static void test_code_checked_first(void **state)
{
    struct pos_bo_http c = {.timeout_ms = 100};
    struct pos_bo_activated out;
    struct ps_reason why;

    (void)state; /* nothing listens there: the code is refused before any connection */
    assert_int_equal(pos_bo_url_parse("http://127.0.0.1:1", &c.url, &why), 0);
    assert_int_equal(pos_bo_activate(&c, SERIAL, "1234", &out, &why), PS_EFORMAT);
    assert_non_null(strstr(why.text, "activation code"));
    assert_int_equal(pos_bo_activate(&c, "", CODE, &out, &why), PS_EFORMAT);
    assert_string_equal(why.text, "serial number: 1 to 64 characters");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_activated),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_back_office_failed),
        cmocka_unit_test(test_answer_malformed),
        cmocka_unit_test(test_key_for_another_terminal),
        cmocka_unit_test(test_code_checked_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
