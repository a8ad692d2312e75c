/* A TMS parameter set: every member checked, the set refused whole on the first fault. */
#include "pos/backoffice/tms_params.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

/* The kinds a set may name, as the back office spells them (office_txn_kind_name). */
static const enum hl_kind named_kinds[] = {HL_BALANCE,    HL_PURCHASE,     HL_VOID,
                                           HL_REFUND,     HL_PREAUTH,      HL_PREAUTH_VOID,
                                           HL_COMPLETION, HL_COMPLETION_VOID};

/* A whole number member from min to max. */
static int integer(const json_t *j, const char *name, int64_t min, int64_t max, int64_t *out,
                   struct ps_reason *why)
{
    const json_t *v = json_object_get(j, name);

    if (v == NULL)
        return ps_fail(why, PS_EFORMAT, "%s: missing", name);
    if (!json_is_integer(v))
        return ps_fail(why, PS_EFORMAT, "%s: not a whole number", name);
    *out = json_integer_value(v);
    if (*out < min || *out > max)
        return ps_fail(why, PS_EFORMAT, "%s: %lld is outside %lld to %lld", name, (long long)*out,
                       (long long)min, (long long)max);
    return PS_OK;
}

static int header(const json_t *j, struct pos_tms_params *p, struct ps_reason *why)
{
    const json_t *v = json_object_get(j, "receipt_header");
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);

    if (v == NULL)
        return ps_fail(why, PS_EFORMAT, "receipt_header: missing");
    if (s == NULL)
        return ps_fail(why, PS_EFORMAT, "receipt_header: not a string");
    if (len < 1 || len > POS_TMS_HEADER_MAX)
        return ps_fail(why, PS_EFORMAT, "receipt_header: %zu bytes, 1 to %d expected", len,
                       POS_TMS_HEADER_MAX);
    if (ps_utf8_check(s, len, NULL, NULL) != 0)
        return ps_fail(why, PS_EFORMAT, "receipt_header: not valid UTF-8");
    for (size_t i = 0; i < len; i++) /* one line: no control characters */
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return ps_fail(why, PS_EFORMAT, "receipt_header: a control character at byte %zu",
                           i + 1);
    memcpy(p->receipt_header, s, len + 1);
    return PS_OK;
}

static int kind_of(const char *name, enum hl_kind *out)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(named_kinds); i++)
        if (strcmp(name, hl_kind_name(named_kinds[i])) == 0) {
            *out = named_kinds[i];
            return 1;
        }
    return 0;
}

/* A kind that undoes or completes another is allowed only with it. */
static int kinds_depend(uint32_t m, struct ps_reason *why)
{
    static const enum hl_kind needs[][2] = {
        {HL_VOID, HL_PURCHASE},       {HL_REFUND, HL_PURCHASE},
        {HL_PREAUTH_VOID, HL_PREAUTH}, {HL_COMPLETION, HL_PREAUTH},
        {HL_COMPLETION_VOID, HL_COMPLETION}};
    for (size_t i = 0; i < PS_ARRAY_LEN(needs); i++)
        if ((m & POS_TMS_KIND_BIT(needs[i][0])) && !(m & POS_TMS_KIND_BIT(needs[i][1])))
            return ps_fail(why, PS_EFORMAT, "kinds: %s without %s", hl_kind_name(needs[i][0]),
                           hl_kind_name(needs[i][1]));
    return PS_OK;
}

static int kinds(const json_t *j, struct pos_tms_params *p, struct ps_reason *why)
{
    const json_t *a = json_object_get(j, "kinds"), *v;
    enum hl_kind k;
    size_t i;

    if (a == NULL)
        return ps_fail(why, PS_EFORMAT, "kinds: missing");
    if (!json_is_array(a) || json_array_size(a) == 0)
        return ps_fail(why, PS_EFORMAT, "kinds: not a list of at least one kind");
    json_array_foreach(a, i, v) {
        if (!json_is_string(v))
            return ps_fail(why, PS_EFORMAT, "kinds: entry %zu is not a string", i + 1);
        if (!kind_of(json_string_value(v), &k))
            return ps_fail(why, PS_EFORMAT, "kinds: \"%.40s\" is not a transaction kind",
                           json_string_value(v));
        if (p->kinds & POS_TMS_KIND_BIT(k))
            return ps_fail(why, PS_EFORMAT, "kinds: %s appears twice", hl_kind_name(k));
        p->kinds |= POS_TMS_KIND_BIT(k);
    }
    return kinds_depend(p->kinds, why);
}

static int hosts(const json_t *j, struct pos_tms_params *p, struct ps_reason *why)
{
    const json_t *a = json_object_get(j, "hosts"), *v;
    struct ps_reason cause;
    size_t i;

    if (a == NULL)
        return ps_fail(why, PS_EFORMAT, "hosts: missing");
    if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > POS_TMS_HOSTS_MAX)
        return ps_fail(why, PS_EFORMAT, "hosts: not a list of 1 to %d hosts", POS_TMS_HOSTS_MAX);
    json_array_foreach(a, i, v) {
        struct pos_tms_host *h = &p->hosts[i];
        if (!json_is_string(v))
            return ps_fail(why, PS_EFORMAT, "hosts: entry %zu is not a string", i + 1);
        if (hl_split_host_port(json_string_value(v), h->host, h->port, &cause) != 0)
            return ps_fail(why, PS_EFORMAT, "hosts: entry %zu: %s", i + 1, cause.text);
        for (size_t k = 0; k < i; k++)
            if (strcmp(p->hosts[k].host, h->host) == 0 && strcmp(p->hosts[k].port, h->port) == 0)
                return ps_fail(why, PS_EFORMAT, "hosts: entry %zu repeats entry %zu", i + 1,
                               k + 1);
        p->nhosts = i + 1;
    }
    return PS_OK;
}

int pos_tms_params_parse(const json_t *j, struct pos_tms_params *out, struct ps_reason *why)
{
    int64_t version = 0, connect = 0, response = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(j))
        return ps_fail(why, PS_EFORMAT, "params: not an object");
    if ((rc = integer(j, "version", 1, UINT32_MAX, &version, why)) != 0 ||
        (rc = header(j, out, why)) != 0 || (rc = kinds(j, out, why)) != 0 ||
        (rc = integer(j, "per_txn_limit", 1, POS_TMS_PER_TXN_MAX, &out->per_txn_limit, why)) !=
            0 ||
        (rc = integer(j, "daily_limit", out->per_txn_limit, INT64_MAX, &out->daily_limit, why)) !=
            0 ||
        (rc = hosts(j, out, why)) != 0 ||
        (rc = integer(j, "connect_timeout_s", 1, POS_TMS_CONNECT_MAX_S, &connect, why)) != 0 ||
        (rc = integer(j, "response_timeout_s", POS_TMS_RESPONSE_MIN_S, POS_TMS_RESPONSE_MAX_S,
                      &response, why)) != 0) {
        memset(out, 0, sizeof(*out));
        return rc;
    }
    out->version = (uint32_t)version;
    out->connect_timeout_s = (int)connect;
    out->response_timeout_s = (int)response;
    return PS_OK;
}

json_t *pos_tms_params_json(const struct pos_tms_params *p)
{
    json_t *kinds = json_array(), *hosts = json_array();
    char text[HL_HOST_MAX + HL_PORT_MAX + 4];

    for (size_t i = 0; kinds != NULL && i < PS_ARRAY_LEN(named_kinds); i++)
        if (p->kinds & POS_TMS_KIND_BIT(named_kinds[i]))
            json_array_append_new(kinds, json_string(hl_kind_name(named_kinds[i])));
    for (size_t i = 0; hosts != NULL && i < p->nhosts; i++) {
        int v6 = strchr(p->hosts[i].host, ':') != NULL;
        snprintf(text, sizeof(text), "%s%s%s:%s", v6 ? "[" : "", p->hosts[i].host,
                 v6 ? "]" : "", p->hosts[i].port);
        json_array_append_new(hosts, json_string(text));
    }
    return json_pack("{s:I, s:s, s:o*, s:I, s:I, s:o*, s:i, s:i}", "version",
                     (json_int_t)p->version, "receipt_header", p->receipt_header, "kinds", kinds,
                     "per_txn_limit", (json_int_t)p->per_txn_limit, "daily_limit",
                     (json_int_t)p->daily_limit, "hosts", hosts, "connect_timeout_s",
                     p->connect_timeout_s, "response_timeout_s", p->response_timeout_s);
}

int pos_tms_params_allow(const struct pos_tms_params *p, enum hl_kind kind)
{
    return (p->kinds & POS_TMS_KIND_BIT(kind)) != 0;
}
