/* Terminal parameter sets over the store (param_sets.h).
 *
 * Ids: a set's id comes from office_next_id() and its audit entry's after it, as every
 * back-office row. Versions: the highest saved + 1; the store's unique index on version
 * refuses a second host taking the same one, and that host is told to save again. */
#include "host/office/tms/param_sets.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/office/access/audit.h"
#include "host/office/tms/group.h"
#include "host/store/param_sets.h"

/* ---- a row and the set it holds ------------------------------------------------------- */

/* "host:port", an IPv6 address in brackets, into out (cap bytes). */
static void host_text(const struct office_param_host *h, char *out, size_t cap)
{
    if (strchr(h->name, ':') != NULL)
        snprintf(out, cap, "[%s]:%u", h->name, (unsigned)h->port);
    else
        snprintf(out, cap, "%s:%u", h->name, (unsigned)h->port);
}

static void join_hosts(const struct office_param_set *p, char *out, size_t cap)
{
    char one[OFFICE_PARAM_HOSTNAME_MAX + 16];
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < p->n_hosts && used < cap; i++) {
        host_text(&p->hosts[i], one, sizeof(one));
        int n = snprintf(out + used, cap - used, "%s%s", i > 0 ? "," : "", one);
        used += n > 0 ? (size_t)n : 0;
    }
}

int office_param_set_from_row(const struct param_set_row *row, struct office_param_set *out,
                              struct ps_reason *why)
{
    char hosts[ROW_PARAM_HOSTS];

    memset(out, 0, sizeof(*out));
    out->version = row->version;
    snprintf(out->receipt_header, sizeof(out->receipt_header), "%s", row->receipt_header);
    out->kinds = row->kinds;
    out->per_txn_limit_fen = row->per_txn_limit_fen;
    out->daily_limit_fen = row->daily_limit_fen;
    out->connect_timeout_s = row->connect_timeout_s;
    out->response_timeout_s = row->response_timeout_s;
    snprintf(hosts, sizeof(hosts), "%s", row->hosts);
    for (char *save = NULL, *h = strtok_r(hosts, ",", &save); h != NULL;
         h = strtok_r(NULL, ",", &save)) {
        if (out->n_hosts == OFFICE_PARAM_HOSTS_MAX)
            return ps_fail(why, PS_EFORMAT, "parameter set %u: more than %d hosts",
                           (unsigned)row->version, OFFICE_PARAM_HOSTS_MAX);
        int rc = office_param_host_parse(h, &out->hosts[out->n_hosts++], why);
        if (rc != 0)
            return rc;
    }
    return 0;
}

json_t *office_param_set_terminal_json(const struct param_set_row *row)
{
    struct office_param_set p;
    char one[OFFICE_PARAM_HOSTNAME_MAX + 16];

    if (office_param_set_from_row(row, &p, NULL) != 0)
        return NULL;
    json_t *kinds = json_array(), *hosts = json_array();
    for (int k = OFFICE_KIND_BALANCE; k <= OFFICE_KIND_COMPLETION_VOID; k++)
        if (p.kinds & OFFICE_KIND_BIT(k))
            json_array_append_new(kinds, json_string(office_txn_kind_name(k)));
    for (size_t i = 0; i < p.n_hosts; i++) {
        host_text(&p.hosts[i], one, sizeof(one));
        json_array_append_new(hosts, json_string(one));
    }
    return json_pack("{s:I, s:s, s:o, s:I, s:I, s:o, s:i, s:i}", "version", (json_int_t)p.version,
                     "receipt_header", p.receipt_header, "kinds", kinds, "per_txn_limit",
                     (json_int_t)p.per_txn_limit_fen, "daily_limit", (json_int_t)p.daily_limit_fen,
                     "hosts", hosts, "connect_timeout_s", p.connect_timeout_s, "response_timeout_s",
                     p.response_timeout_s);
}

json_t *office_param_set_json(const struct param_set_row *row)
{
    json_t *j = office_param_set_terminal_json(row);
    if (j == NULL)
        return NULL;
    json_object_set_new(j, "id", json_integer(row->id));
    json_object_set_new(j, "scope", json_string(row->scope));
    if (row->target[0] != '\0')
        json_object_set_new(j, "target", json_string(row->target));
    json_object_set_new(j, "created_by", json_integer(row->created_by));
    json_object_set_new(j, "created_us", json_integer(row->created_us));
    return j;
}

/* ---- where a set applies ------------------------------------------------------------- */

static int scope_parse(const char *name, enum office_param_scope *out, struct ps_reason *why)
{
    for (int s = OFFICE_PARAM_DEFAULT; name != NULL && s <= OFFICE_PARAM_TERMINAL; s++) {
        if (strcmp(name, office_param_scope_name((enum office_param_scope)s)) == 0) {
            *out = (enum office_param_scope)s;
            return 0;
        }
    }
    return ps_fail(why, PS_EUNDEFINED,
                   "\"%.24s\" is not a scope: default, group, merchant or "
                   "terminal",
                   name != NULL ? name : "");
}

/* A positive decimal id, or 0. */
static int64_t id_of(const char *text)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    return errno == 0 && end != text && *end == '\0' && v > 0 ? v : 0;
}

/* Checks where->target for its scope and writes it as stored into target. */
static int check_target(struct office *o, enum office_param_scope scope, const char *text,
                        char target[ROW_PARAM_TARGET], struct ps_reason *why)
{
    union {
        struct merchant_row m;
        struct stock_row s;
    } found;
    int64_t id = 0;
    int rc = 0;

    target[0] = '\0';
    if (text == NULL)
        text = "";
    if (scope == OFFICE_PARAM_DEFAULT)
        return text[0] == '\0' ? 0 : ps_fail(why, PS_EFORMAT, "the default set has no target");
    if (scope == OFFICE_PARAM_GROUP) {
        if ((rc = office_group_name_check(text, why)) == 0)
            snprintf(target, ROW_PARAM_TARGET, "%s", text);
        return rc;
    }
    if ((id = id_of(text)) == 0)
        return ps_fail(why, PS_EFORMAT, "\"%.24s\": a %s's id is needed", text,
                       office_param_scope_name(scope));
    rc = scope == OFFICE_PARAM_MERCHANT ? store_find_merchant(o->store, id, &found.m, why)
                                        : store_find_stock(o->store, id, &found.s, why);
    if (rc == 0)
        return ps_fail(why, OFFICE_NOT_FOUND, "no %s %" PRId64, office_param_scope_name(scope), id);
    if (rc > 0)
        snprintf(target, ROW_PARAM_TARGET, "%" PRId64, id);
    return rc < 0 ? rc : 0;
}

/* The member a check's reason is about ("allowed_kinds: ..." -> "kinds"), the prefix
 * taken off the reason when it is just the name: the API shows the member beside it. */
static const char *member_of(struct ps_reason *why)
{
    char *reason = why != NULL ? why->text : NULL;
    if (reason == NULL)
        return NULL;
    static const struct {
        const char *prefix, *member;
    } map[] = {{"allowed_kinds", "kinds"},
               {"per_txn_limit", "per_txn_limit"},
               {"daily_limit", "daily_limit"},
               {"hosts", "hosts"},
               {"connect_timeout", "connect_timeout_s"},
               {"response_timeout", "response_timeout_s"}};
    for (size_t i = 0; i < PS_ARRAY_LEN(map); i++) {
        size_t len = strlen(map[i].prefix);
        if (strncmp(reason, map[i].prefix, len) != 0)
            continue;
        if (strncmp(reason + len, ": ", 2) == 0)
            memmove(reason, reason + len + 2, strlen(reason + len + 2) + 1);
        return map[i].member;
    }
    return "receipt_header";
}

/* ---- saving ---------------------------------------------------------------------------- */

/* row from the checked set and where it applies; a new id, not yet its version. */
static void fill_row(struct office *o, const struct office_actor *actor,
                     enum office_param_scope scope, const char *target,
                     const struct office_param_set *p, struct param_set_row *row)
{
    memset(row, 0, sizeof(*row));
    row->id = office_next_id(o);
    row->version = p->version;
    snprintf(row->scope, sizeof(row->scope), "%s", office_param_scope_name(scope));
    snprintf(row->target, sizeof(row->target), "%s", target);
    snprintf(row->receipt_header, sizeof(row->receipt_header), "%s", p->receipt_header);
    row->kinds = p->kinds;
    row->per_txn_limit_fen = p->per_txn_limit_fen;
    row->daily_limit_fen = p->daily_limit_fen;
    join_hosts(p, row->hosts, sizeof(row->hosts));
    row->connect_timeout_s = p->connect_timeout_s;
    row->response_timeout_s = p->response_timeout_s;
    row->created_by = actor->user.id;
    row->created_us = office_now_us(o);
}

/* Commits row with its audit entry; a refused commit because another host took the
 * version meanwhile is told apart from a store that failed. */
static int commit_set(struct office *o, const struct office_actor *actor,
                      const struct param_set_row *row, struct ps_reason *why)
{
    struct store_batch b;
    struct audit_row entry;
    uint32_t newest = 0;

    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_PARAM_SET_PUT);
    int rc = op != NULL ? 0 : ps_fail(why, PS_ENOMEM, "out of memory");
    if (rc == 0) {
        op->u.param_set = row;
        rc = office_audit_add(o, &b, &entry, actor, "params.save", "param_set", row->id, NULL,
                              office_param_set_json(row), why);
    }
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
    store_batch_free(&b);
    if (rc < 0 && store_max_param_version(o->store, &newest, NULL) == 0 && newest >= row->version)
        return ps_fail(why, PS_ECHECK,
                       "version %u was taken by another host at the same moment; save again",
                       (unsigned)row->version);
    return rc;
}

int office_param_set_save(struct office *o, const struct office_actor *actor,
                          const struct office_param_target *where, const struct office_param_set *p,
                          struct param_set_row *out, const char **field, struct ps_reason *why)
{
    enum office_param_scope scope;
    char target[ROW_PARAM_TARGET];
    struct office_param_set set = *p;
    int rc;

    *field = "scope";
    if ((rc = scope_parse(where->scope, &scope, why)) != 0)
        return rc;
    *field = "target";
    if ((rc = check_target(o, scope, where->target, target, why)) != 0)
        return rc;
    *field = NULL;
    if ((rc = store_max_param_version(o->store, &set.version, why)) != 0)
        return rc;
    if (set.version == UINT32_MAX)
        return ps_fail(why, PS_EOVERFLOW, "parameter set versions are used up");
    set.version++;
    if ((rc = office_param_set_check(&set, why)) != 0) {
        *field = member_of(why);
        return rc;
    }
    fill_row(o, actor, scope, target, &set, out);
    return commit_set(o, actor, out, why);
}

/* ---- which set applies ------------------------------------------------------------------ */

int office_param_set_for(struct office *o, const struct stock_row *terminal,
                         struct param_set_row *out, enum office_param_scope *scope,
                         struct ps_reason *why)
{
    struct param_set_row rows[4];
    struct office_param_set sets[4];
    struct office_param_candidate c[4];
    char stock_id[24], merchant_id[24];
    const struct {
        enum office_param_scope scope;
        const char *target;
    } asks[] = {{OFFICE_PARAM_TERMINAL, stock_id},
                {OFFICE_PARAM_MERCHANT, terminal->merchant_id != 0 ? merchant_id : NULL},
                {OFFICE_PARAM_GROUP, terminal->group_name[0] != '\0' ? terminal->group_name : NULL},
                {OFFICE_PARAM_DEFAULT, ""}};
    size_t n = 0, chosen = 0;

    snprintf(stock_id, sizeof(stock_id), "%" PRId64, terminal->id);
    snprintf(merchant_id, sizeof(merchant_id), "%" PRId64, terminal->merchant_id);
    for (size_t i = 0; i < PS_ARRAY_LEN(asks); i++) {
        if (asks[i].target == NULL)
            continue;
        const char *name = office_param_scope_name(asks[i].scope);
        int rc = store_newest_param_set(o->store, name, asks[i].target, &rows[n], why);
        if (rc < 0)
            return rc;
        if (rc == 0)
            continue;
        if ((rc = office_param_set_from_row(&rows[n], &sets[n], why)) != 0)
            return rc;
        c[n] = (struct office_param_candidate){asks[i].scope, &sets[n]};
        n++;
    }
    if (n == 0)
        return 0;
    int rc = office_param_resolve(c, n, &chosen, why);
    if (rc != 0)
        return rc;
    *out = rows[chosen];
    *scope = c[chosen].scope;
    return 1;
}
