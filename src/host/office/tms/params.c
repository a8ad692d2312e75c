/* Terminal parameter sets: checks and resolution (params.h). */
#include "host/office/tms/params.h"

#include <stdio.h>
#include <string.h>

#include "host/office/tms/tms_internal.h"

static const char *const kind_names[OFFICE_KIND_COUNT + 1] = {
    [OFFICE_KIND_BALANCE] = "balance",
    [OFFICE_KIND_PURCHASE] = "purchase",
    [OFFICE_KIND_VOID] = "void",
    [OFFICE_KIND_REFUND] = "refund",
    [OFFICE_KIND_PREAUTH] = "preauth",
    [OFFICE_KIND_PREAUTH_VOID] = "preauth_void",
    [OFFICE_KIND_COMPLETION] = "completion",
    [OFFICE_KIND_COMPLETION_VOID] = "completion_void",
};

/* A kind that only makes sense with another: a void without a purchase to void. */
static const struct {
    enum office_txn_kind kind, needs;
} kind_needs[] = {
    {OFFICE_KIND_VOID, OFFICE_KIND_PURCHASE},
    {OFFICE_KIND_REFUND, OFFICE_KIND_PURCHASE},
    {OFFICE_KIND_PREAUTH_VOID, OFFICE_KIND_PREAUTH},
    {OFFICE_KIND_COMPLETION, OFFICE_KIND_PREAUTH},
    {OFFICE_KIND_COMPLETION_VOID, OFFICE_KIND_COMPLETION},
};

static const char *const scope_names[] = {
    [OFFICE_PARAM_DEFAULT] = "default",
    [OFFICE_PARAM_GROUP] = "group",
    [OFFICE_PARAM_MERCHANT] = "merchant",
    [OFFICE_PARAM_TERMINAL] = "terminal",
};

#define ALL_KINDS (((1u << (OFFICE_KIND_COUNT + 1)) - 1) & ~1u)

const char *office_txn_kind_name(enum office_txn_kind kind)
{
    return kind >= OFFICE_KIND_BALANCE && kind <= OFFICE_KIND_COMPLETION_VOID ? kind_names[kind]
                                                                              : "unknown";
}

int office_txn_kind_parse(const char *name, enum office_txn_kind *kind, struct ps_reason *why)
{
    for (int i = 1; name != NULL && i <= OFFICE_KIND_COUNT; i++) {
        if (strcmp(kind_names[i], name) == 0) {
            *kind = (enum office_txn_kind)i;
            return PS_OK;
        }
    }
    return ps_fail(why, PS_EUNDEFINED, "transaction kind \"%.40s\" is not defined",
                   name != NULL ? name : "");
}

int office_txn_kinds_from_names(const char *const *names, size_t n, uint32_t *mask,
                                struct ps_reason *why)
{
    enum office_txn_kind kind;
    struct ps_reason inner;
    int rc;

    *mask = 0;
    for (size_t i = 0; i < n; i++) {
        if ((rc = office_txn_kind_parse(names[i], &kind, &inner)) != 0) {
            *mask = 0;
            return ps_fail(why, rc, "allowed kinds: entry %zu: %s", i + 1, inner.text);
        }
        if (*mask & OFFICE_KIND_BIT(kind)) {
            *mask = 0;
            return ps_fail(why, PS_EFORMAT, "allowed kinds: %s appears twice", kind_names[kind]);
        }
        *mask |= OFFICE_KIND_BIT(kind);
    }
    return PS_OK;
}

/* ---- hosts ---------------------------------------------------------------------- */

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* RFC 1123 name or dotted IPv4 in s[0..len). */
static int check_dns_name(const char *s, size_t len, const char **fault)
{
    size_t label = 0;

    if (len == 0)
        return (*fault = "no host name", -1);
    if (len > OFFICE_PARAM_HOSTNAME_MAX)
        return (*fault = "the name is longer than 253 characters", -1);
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            if (label == 0)
                return (*fault = "an empty label", -1);
            if (label > 63)
                return (*fault = "a label longer than 63 characters", -1);
            if (s[i - 1] == '-')
                return (*fault = "a label ends with '-'", -1);
            label = 0;
            continue;
        }
        if (!is_alnum(s[i]) && s[i] != '-')
            return (*fault = "a character other than letters, digits, '-' and '.'", -1);
        if (label == 0 && s[i] == '-')
            return (*fault = "a label starts with '-'", -1);
        label++;
    }
    return 0;
}

/* An IPv6 address's characters in s[0..len), checked loosely: hex, ':' and '.' (an
 * embedded IPv4), 2 to 45 of them with at least two colons. The terminal's resolver
 * has the last word; this catches what is plainly not an address. */
static int check_ipv6(const char *s, size_t len, const char **fault)
{
    size_t colons = 0;

    if (len < 2 || len > 45)
        return (*fault = "an IPv6 address of 2 to 45 characters expected in brackets", -1);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ':')
            colons++;
        else if (!is_hex(s[i]) && s[i] != '.')
            return (*fault = "a character other than hex digits, ':' and '.' in brackets", -1);
    }
    if (colons < 2)
        return (*fault = "an IPv6 address needs at least two ':'", -1);
    return 0;
}

/* 1 to 65535, decimal digits only, in s[0..len). */
static int parse_port(const char *s, size_t len, uint16_t *port, const char **fault)
{
    uint32_t v = 0;

    if (len == 0)
        return (*fault = "no port after ':'", -1);
    if (len > 5)
        return (*fault = "the port is above 65535", -1);
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return (*fault = "the port is not a number", -1);
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    if (v == 0 || v > 65535)
        return (*fault = v == 0 ? "port 0" : "the port is above 65535", -1);
    *port = (uint16_t)v;
    return 0;
}

/* Splits text into host s[0..*host_len) (brackets removed) and the port text. */
static int split_host_port(const char *text, size_t len, const char **host, size_t *host_len,
                           const char **port, const char **fault, bool *v6)
{
    const char *colon;

    *v6 = text[0] == '[';
    if (*v6) {
        const char *close = memchr(text, ']', len);
        if (close == NULL)
            return (*fault = "'[' without ']'", -1);
        if (close[1] != ':')
            return (*fault = "no ':' and port after ']'", -1);
        *host = text + 1;
        *host_len = (size_t)(close - text) - 1;
        *port = close + 2;
        return 0;
    }
    colon = strrchr(text, ':');
    if (colon == NULL)
        return (*fault = "no ':' and port", -1);
    if (memchr(text, ':', (size_t)(colon - text)) != NULL)
        return (*fault = "an IPv6 address must be in brackets", -1);
    *host = text;
    *host_len = (size_t)(colon - text);
    *port = colon + 1;
    return 0;
}

int office_param_host_parse(const char *text, struct office_param_host *out, struct ps_reason *why)
{
    const char *host = NULL, *port = NULL, *fault = NULL;
    size_t len, host_len = 0;
    bool v6 = false;

    memset(out, 0, sizeof(*out));
    if (text == NULL)
        return ps_fail(why, PS_EFORMAT, "host: missing");
    len = strnlen(text, OFFICE_PARAM_HOSTNAME_MAX + 8);
    if (len > OFFICE_PARAM_HOSTNAME_MAX + 7 || len == 0)
        fault = len == 0 ? "empty" : "longer than a host name and a port can be";
    else if (split_host_port(text, len, &host, &host_len, &port, &fault, &v6) == 0 &&
             (v6 ? check_ipv6(host, host_len, &fault) : check_dns_name(host, host_len, &fault)) ==
                 0)
        parse_port(port, len - (size_t)(port - text), &out->port, &fault);
    if (fault != NULL) {
        memset(out, 0, sizeof(*out));
        return ps_fail(why, PS_EFORMAT, "host \"%.60s\": %s", text, fault);
    }
    memcpy(out->name, host, host_len);
    out->name[host_len] = '\0';
    return PS_OK;
}

/* ---- a whole set ---------------------------------------------------------------- */

static int check_kinds(uint32_t kinds, struct ps_reason *why)
{
    if (kinds == 0)
        return ps_fail(why, PS_EFORMAT, "allowed_kinds: none; at least one is needed");
    if (kinds & ~ALL_KINDS)
        return ps_fail(why, PS_EFORMAT, "allowed_kinds: bits 0x%X name no kind",
                       (unsigned)(kinds & ~ALL_KINDS));
    for (size_t i = 0; i < PS_ARRAY_LEN(kind_needs); i++)
        if ((kinds & OFFICE_KIND_BIT(kind_needs[i].kind)) &&
            !(kinds & OFFICE_KIND_BIT(kind_needs[i].needs)))
            return ps_fail(why, PS_EFORMAT, "allowed_kinds: %s needs %s",
                           kind_names[kind_needs[i].kind], kind_names[kind_needs[i].needs]);
    return PS_OK;
}

static int check_limits(const struct office_param_set *p, struct ps_reason *why)
{
    if (p->per_txn_limit_fen < 1 || p->per_txn_limit_fen > OFFICE_PARAM_PER_TXN_MAX)
        return ps_fail(why, PS_EFORMAT, "per_txn_limit: %lld fen is outside 1 to 999999999999 fen",
                       (long long)p->per_txn_limit_fen);
    if (p->daily_limit_fen < p->per_txn_limit_fen)
        return ps_fail(why, PS_EFORMAT, "daily_limit: %lld fen is below per_txn_limit %lld fen",
                       (long long)p->daily_limit_fen, (long long)p->per_txn_limit_fen);
    return PS_OK;
}

static int check_hosts(const struct office_param_set *p, struct ps_reason *why)
{
    if (p->n_hosts < 1 || p->n_hosts > OFFICE_PARAM_HOSTS_MAX)
        return ps_fail(why, PS_EFORMAT, "hosts: %zu given, 1 to %d allowed", p->n_hosts,
                       OFFICE_PARAM_HOSTS_MAX);
    for (size_t i = 0; i < p->n_hosts; i++) {
        const struct office_param_host *h = &p->hosts[i];
        struct office_param_host back;
        char text[OFFICE_PARAM_HOSTNAME_MAX + 16];
        bool v6 = memchr(h->name, ':', strnlen(h->name, sizeof(h->name))) != NULL;
        struct ps_reason inner;

        if (memchr(h->name, '\0', sizeof(h->name)) == NULL)
            return ps_fail(why, PS_EFORMAT, "hosts[%zu]: the name is not terminated", i);
        /* the parser is the one definition of a valid host: format and read back */
        snprintf(text, sizeof(text), v6 ? "[%s]:%u" : "%s:%u", h->name, (unsigned)h->port);
        if (office_param_host_parse(text, &back, &inner) != 0)
            return ps_fail(why, PS_EFORMAT, "hosts[%zu]: %s", i, inner.text);
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->hosts[j].name, h->name) == 0 && p->hosts[j].port == h->port)
                return ps_fail(why, PS_EFORMAT, "hosts[%zu]: the same as hosts[%zu]", i, j);
    }
    return PS_OK;
}

static int check_timeouts(const struct office_param_set *p, struct ps_reason *why)
{
    if (p->connect_timeout_s < 1 || p->connect_timeout_s > OFFICE_PARAM_CONNECT_MAX_S)
        return ps_fail(why, PS_EFORMAT, "connect_timeout: %d s is outside 1 to %d s",
                       p->connect_timeout_s, OFFICE_PARAM_CONNECT_MAX_S);
    if (p->response_timeout_s < OFFICE_PARAM_RESPONSE_MIN_S ||
        p->response_timeout_s > OFFICE_PARAM_RESPONSE_MAX_S)
        return ps_fail(why, PS_EFORMAT, "response_timeout: %d s is outside %d to %d s",
                       p->response_timeout_s, OFFICE_PARAM_RESPONSE_MIN_S,
                       OFFICE_PARAM_RESPONSE_MAX_S);
    return PS_OK;
}

int office_param_set_check(const struct office_param_set *p, struct ps_reason *why)
{
    struct ps_reason inner;
    int rc;

    if (p == NULL)
        return ps_fail(why, PS_EINVAL, "no parameter set");
    if (p->version < 1)
        return ps_fail(why, PS_EFORMAT, "version: 0; versions start at 1");
    if (memchr(p->receipt_header, '\0', sizeof(p->receipt_header)) == NULL)
        return ps_fail(why, PS_EFORMAT, "receipt_header: not terminated");
    if (tms__text_check("receipt_header", p->receipt_header, 1, OFFICE_PARAM_HEADER_MAX, &inner) !=
        0)
        return ps_fail(why, PS_EFORMAT, "%s", inner.text);
    if ((rc = check_kinds(p->kinds, why)) != 0 || (rc = check_limits(p, why)) != 0 ||
        (rc = check_hosts(p, why)) != 0 || (rc = check_timeouts(p, why)) != 0)
        return rc;
    return PS_OK;
}

/* ---- which set applies ---------------------------------------------------------- */

const char *office_param_scope_name(enum office_param_scope scope)
{
    return scope >= OFFICE_PARAM_DEFAULT && scope <= OFFICE_PARAM_TERMINAL ? scope_names[scope]
                                                                           : "unknown";
}

/* Whether candidate a beats candidate b. */
static bool beats(const struct office_param_candidate *a, const struct office_param_candidate *b)
{
    if (a->scope != b->scope)
        return a->scope > b->scope;
    return a->set->version > b->set->version;
}

int office_param_resolve(const struct office_param_candidate *candidates, size_t n, size_t *chosen,
                         struct ps_reason *why)
{
    size_t best = 0;

    if (n > 0 && candidates == NULL)
        return ps_fail(why, PS_EINVAL, "parameter candidates: missing");
    for (size_t i = 0; i < n; i++) {
        const struct office_param_candidate *c = &candidates[i];
        if (c->set == NULL)
            return ps_fail(why, PS_EINVAL, "candidate %zu: no set", i + 1);
        if (c->scope < OFFICE_PARAM_DEFAULT || c->scope > OFFICE_PARAM_TERMINAL)
            return ps_fail(why, PS_EINVAL, "candidate %zu: scope %d is not defined", i + 1,
                           (int)c->scope);
        for (size_t j = 0; j < i; j++)
            if (candidates[j].scope == c->scope && candidates[j].set->version == c->set->version)
                return ps_fail(why, PS_EINVAL,
                               "candidates %zu and %zu: two %s sets with version %u", j + 1, i + 1,
                               scope_names[c->scope], (unsigned)c->set->version);
        if (i > 0 && beats(c, &candidates[best]))
            best = i;
    }
    if (n == 0)
        return ps_fail(why, PS_EUNDEFINED, "no parameter set applies: not even a default");
    *chosen = best;
    return PS_OK;
}

bool office_param_needs_download(uint32_t reported, uint32_t applicable)
{
    return reported != applicable;
}
