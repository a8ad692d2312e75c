#include "testing.h"

#include <stdio.h>

#include "host/office/tms/params.h"

static struct office_param_set good_set(void)
{
    struct office_param_set p;

    memset(&p, 0, sizeof(p));
    p.version = 7;
    snprintf(p.receipt_header, sizeof(p.receipt_header), "%s", "欢迎光临 Welcome");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_PURCHASE) | OFFICE_KIND_BIT(OFFICE_KIND_VOID) |
              OFFICE_KIND_BIT(OFFICE_KIND_REFUND);
    p.per_txn_limit_fen = 5000000;
    p.daily_limit_fen = 20000000;
    p.n_hosts = 2;
    assert_int_equal(office_param_host_parse("posp1.example.cn:5000", &p.hosts[0], NULL), 0);
    assert_int_equal(office_param_host_parse("[2001:db8::1]:5001", &p.hosts[1], NULL), 0);
    p.connect_timeout_s = 10;
    p.response_timeout_s = 60;
    return p;
}

static void kind_names(void **state)
{
    static const char *const names[] = {
        "",        "balance",      "purchase",   "void",           "refund",
        "preauth", "preauth_void", "completion", "completion_void"};
    enum office_txn_kind k;
    struct ps_reason why;
    uint32_t mask;

    (void)state;
    for (int i = 1; i <= OFFICE_KIND_COUNT; i++) {
        assert_string_equal(office_txn_kind_name((enum office_txn_kind)i), names[i]);
        assert_int_equal(office_txn_kind_parse(names[i], &k, NULL), 0);
        assert_int_equal(k, i);
    }
    assert_string_equal(office_txn_kind_name((enum office_txn_kind)0), "unknown");
    assert_int_equal(office_txn_kind_parse("cashback", &k, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "transaction kind \"cashback\" is not defined");

    const char *list[] = {"purchase", "void", "preauth"};
    assert_int_equal(office_txn_kinds_from_names(list, 3, &mask, &why), 0);
    assert_int_equal(mask, OFFICE_KIND_BIT(OFFICE_KIND_PURCHASE) |
                               OFFICE_KIND_BIT(OFFICE_KIND_VOID) |
                               OFFICE_KIND_BIT(OFFICE_KIND_PREAUTH));
    const char *bad[] = {"purchase", "Purchase"};
    assert_int_equal(office_txn_kinds_from_names(bad, 2, &mask, &why), PS_EUNDEFINED);
    assert_string_equal(why.text,
                        "allowed kinds: entry 2: transaction kind \"Purchase\" is not defined");
    assert_int_equal(mask, 0);
    const char *twice[] = {"void", "purchase", "void"};
    assert_int_equal(office_txn_kinds_from_names(twice, 3, &mask, &why), PS_EFORMAT);
    assert_string_equal(why.text, "allowed kinds: void appears twice");
}

static void expect_host(const char *text, int rc, const char *name_or_reason, unsigned port)
{
    struct office_param_host h;
    struct ps_reason why;

    ps_reason_clear(&why);
    assert_int_equal(office_param_host_parse(text, &h, &why), rc);
    if (rc == 0) {
        assert_string_equal(h.name, name_or_reason);
        assert_int_equal(h.port, port);
    } else {
        assert_string_equal(why.text, name_or_reason);
        assert_string_equal(h.name, "");
    }
}

static void hosts(void **state)
{
    char long_label[80];

    (void)state;
    expect_host("posp.example.cn:5000", 0, "posp.example.cn", 5000);
    expect_host("10.0.0.1:1", 0, "10.0.0.1", 1);
    expect_host("localhost:65535", 0, "localhost", 65535);
    expect_host("[::1]:8583", 0, "::1", 8583);
    expect_host("[2001:db8::10.0.0.1]:8583", 0, "2001:db8::10.0.0.1", 8583);
    expect_host("posp.example.cn", PS_EFORMAT, "host \"posp.example.cn\": no ':' and port", 0);
    expect_host("posp:", PS_EFORMAT, "host \"posp:\": no port after ':'", 0);
    expect_host("posp:0", PS_EFORMAT, "host \"posp:0\": port 0", 0);
    expect_host("posp:65536", PS_EFORMAT, "host \"posp:65536\": the port is above 65535", 0);
    expect_host("posp:123456", PS_EFORMAT, "host \"posp:123456\": the port is above 65535", 0);
    expect_host("posp:+80", PS_EFORMAT, "host \"posp:+80\": the port is not a number", 0);
    expect_host(":80", PS_EFORMAT, "host \":80\": no host name", 0);
    expect_host("a..b:80", PS_EFORMAT, "host \"a..b:80\": an empty label", 0);
    expect_host("a.:80", PS_EFORMAT, "host \"a.:80\": an empty label", 0);
    expect_host("-a.b:80", PS_EFORMAT, "host \"-a.b:80\": a label starts with '-'", 0);
    expect_host("a-.b:80", PS_EFORMAT, "host \"a-.b:80\": a label ends with '-'", 0);
    expect_host("a_b:80", PS_EFORMAT,
                "host \"a_b:80\": a character other than letters, digits, '-' and '.'", 0);
    expect_host("2001:db8::1:80", PS_EFORMAT,
                "host \"2001:db8::1:80\": an IPv6 address must be in brackets", 0);
    expect_host("[::1:80", PS_EFORMAT, "host \"[::1:80\": '[' without ']'", 0);
    expect_host("[::1]80", PS_EFORMAT, "host \"[::1]80\": no ':' and port after ']'", 0);
    expect_host("[fe80::1%eth0]:80", PS_EFORMAT,
                "host \"[fe80::1%eth0]:80\": a character other than hex digits, ':' and '.' in "
                "brackets",
                0);
    expect_host("[1]:80", PS_EFORMAT,
                "host \"[1]:80\": an IPv6 address of 2 to 45 characters expected in brackets", 0);
    expect_host("[1.2]:80", PS_EFORMAT, "host \"[1.2]:80\": an IPv6 address needs at least two ':'",
                0);
    expect_host("", PS_EFORMAT, "host \"\": empty", 0);
    expect_host(NULL, PS_EFORMAT, "host: missing", 0);
    memset(long_label, 'a', 64);
    memcpy(long_label + 64, ".cn:80", 7);
    expect_host(long_label, PS_EFORMAT,
                "host \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": a label "
                "longer than 63 characters",
                0);
}

static void expect_set(const struct office_param_set *p, int rc, const char *text)
{
    struct ps_reason why;

    ps_reason_clear(&why);
    assert_int_equal(office_param_set_check(p, &why), rc);
    assert_string_equal(why.text, text);
}

static void set_fields(void **state)
{
    struct office_param_set p;

    (void)state;
    p = good_set();
    expect_set(&p, 0, "");
    expect_set(NULL, PS_EINVAL, "no parameter set");
    p.version = 0;
    expect_set(&p, PS_EFORMAT, "version: 0; versions start at 1");
    p = good_set();
    p.receipt_header[0] = '\0';
    expect_set(&p, PS_EFORMAT, "receipt_header: too short, 1 to 96 bytes allowed");
    snprintf(p.receipt_header, sizeof(p.receipt_header), "line one\nline two");
    expect_set(&p, PS_EFORMAT, "receipt_header: byte 9 is a control character");
    memset(p.receipt_header, 'x', sizeof(p.receipt_header));
    expect_set(&p, PS_EFORMAT, "receipt_header: not terminated");
    p = good_set();
    p.kinds = 0;
    expect_set(&p, PS_EFORMAT, "allowed_kinds: none; at least one is needed");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_PURCHASE) | 1u;
    expect_set(&p, PS_EFORMAT, "allowed_kinds: bits 0x1 name no kind");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_PURCHASE) | (1u << 12);
    expect_set(&p, PS_EFORMAT, "allowed_kinds: bits 0x1000 name no kind");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_VOID);
    expect_set(&p, PS_EFORMAT, "allowed_kinds: void needs purchase");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_REFUND);
    expect_set(&p, PS_EFORMAT, "allowed_kinds: refund needs purchase");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_PREAUTH_VOID);
    expect_set(&p, PS_EFORMAT, "allowed_kinds: preauth_void needs preauth");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_COMPLETION);
    expect_set(&p, PS_EFORMAT, "allowed_kinds: completion needs preauth");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_PREAUTH) | OFFICE_KIND_BIT(OFFICE_KIND_COMPLETION_VOID);
    expect_set(&p, PS_EFORMAT, "allowed_kinds: completion_void needs completion");
    p.kinds = OFFICE_KIND_BIT(OFFICE_KIND_BALANCE); /* an inquiry-only terminal is fine */
    expect_set(&p, 0, "");
    p = good_set();
    p.per_txn_limit_fen = 0;
    expect_set(&p, PS_EFORMAT, "per_txn_limit: 0 fen is outside 1 to 999999999999 fen");
    p.per_txn_limit_fen = INT64_C(1000000000000);
    expect_set(&p, PS_EFORMAT, "per_txn_limit: 1000000000000 fen is outside 1 to 999999999999 fen");
    p.per_txn_limit_fen = 500000;
    p.daily_limit_fen = 100000;
    expect_set(&p, PS_EFORMAT, "daily_limit: 100000 fen is below per_txn_limit 500000 fen");
    p.daily_limit_fen = 500000;
    expect_set(&p, 0, "");
    p = good_set();
    p.n_hosts = 0;
    expect_set(&p, PS_EFORMAT, "hosts: 0 given, 1 to 4 allowed");
    p.n_hosts = 5;
    expect_set(&p, PS_EFORMAT, "hosts: 5 given, 1 to 4 allowed");
    p.n_hosts = 3;
    p.hosts[2] = p.hosts[0];
    expect_set(&p, PS_EFORMAT, "hosts[2]: the same as hosts[0]");
    p.hosts[2].port = 0;
    expect_set(&p, PS_EFORMAT, "hosts[2]: host \"posp1.example.cn:0\": port 0");
    p.hosts[2].port = 1;
    snprintf(p.hosts[2].name, sizeof(p.hosts[2].name), "bad name");
    expect_set(&p, PS_EFORMAT,
               "hosts[2]: host \"bad name:1\": a character other than letters, digits, '-' and "
               "'.'");
    p = good_set();
    p.connect_timeout_s = 0;
    expect_set(&p, PS_EFORMAT, "connect_timeout: 0 s is outside 1 to 60 s");
    p.connect_timeout_s = 61;
    expect_set(&p, PS_EFORMAT, "connect_timeout: 61 s is outside 1 to 60 s");
    p.connect_timeout_s = 60;
    p.response_timeout_s = 4;
    expect_set(&p, PS_EFORMAT, "response_timeout: 4 s is outside 5 to 120 s");
    p.response_timeout_s = 121;
    expect_set(&p, PS_EFORMAT, "response_timeout: 121 s is outside 5 to 120 s");
}

static void resolution(void **state)
{
    struct office_param_set def = good_set(), grp = good_set(), mer = good_set(), ter = good_set(),
                            mer2 = good_set();
    struct ps_reason why;
    size_t chosen = 99;

    (void)state;
    def.version = 1;
    grp.version = 40;
    mer.version = 12;
    mer2.version = 15;
    ter.version = 3;
    struct office_param_candidate all[] = {{OFFICE_PARAM_DEFAULT, &def},
                                           {OFFICE_PARAM_GROUP, &grp},
                                           {OFFICE_PARAM_TERMINAL, &ter},
                                           {OFFICE_PARAM_MERCHANT, &mer}};
    assert_int_equal(office_param_resolve(all, 4, &chosen, &why), 0);
    assert_int_equal(chosen, 2); /* the terminal's own, though its version is lowest */
    assert_int_equal(office_param_resolve(all, 2, &chosen, &why), 0);
    assert_int_equal(chosen, 1); /* group over default */
    struct office_param_candidate no_terminal[] = {
        {OFFICE_PARAM_GROUP, &grp}, {OFFICE_PARAM_MERCHANT, &mer}, {OFFICE_PARAM_DEFAULT, &def}};
    assert_int_equal(office_param_resolve(no_terminal, 3, &chosen, &why), 0);
    assert_int_equal(chosen, 1); /* merchant over group */
    assert_int_equal(office_param_resolve(all, 1, &chosen, &why), 0);
    assert_int_equal(chosen, 0);
    struct office_param_candidate two_merchant[] = {
        {OFFICE_PARAM_MERCHANT, &mer2}, {OFFICE_PARAM_MERCHANT, &mer}, {OFFICE_PARAM_GROUP, &grp}};
    assert_int_equal(office_param_resolve(two_merchant, 3, &chosen, &why), 0);
    assert_int_equal(chosen, 0); /* the newer of the merchant's */
    assert_int_equal(office_param_resolve(NULL, 0, &chosen, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "no parameter set applies: not even a default");
    struct office_param_candidate dup[] = {
        {OFFICE_PARAM_MERCHANT, &mer}, {OFFICE_PARAM_GROUP, &grp}, {OFFICE_PARAM_MERCHANT, &mer}};
    assert_int_equal(office_param_resolve(dup, 3, &chosen, &why), PS_EINVAL);
    assert_string_equal(why.text, "candidates 1 and 3: two merchant sets with version 12");
    struct office_param_candidate bad[] = {{OFFICE_PARAM_MERCHANT, &mer},
                                           {(enum office_param_scope)9, &grp}};
    assert_int_equal(office_param_resolve(bad, 2, &chosen, &why), PS_EINVAL);
    assert_string_equal(why.text, "candidate 2: scope 9 is not defined");
    struct office_param_candidate null_set[] = {{OFFICE_PARAM_MERCHANT, NULL}};
    assert_int_equal(office_param_resolve(null_set, 1, &chosen, &why), PS_EINVAL);
    assert_string_equal(why.text, "candidate 1: no set");
    assert_int_equal(office_param_resolve(NULL, 2, &chosen, &why), PS_EINVAL);
    assert_string_equal(office_param_scope_name(OFFICE_PARAM_GROUP), "group");
    assert_string_equal(office_param_scope_name((enum office_param_scope)0), "unknown");
}

static void download_decision(void **state)
{
    (void)state;
    assert_true(office_param_needs_download(0, 1));   /* never downloaded */
    assert_true(office_param_needs_download(6, 7));   /* an older version */
    assert_false(office_param_needs_download(7, 7));  /* current */
    assert_true(office_param_needs_download(40, 12)); /* moved to another set */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kind_names),        cmocka_unit_test(hosts),
        cmocka_unit_test(set_fields),        cmocka_unit_test(resolution),
        cmocka_unit_test(download_decision),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
