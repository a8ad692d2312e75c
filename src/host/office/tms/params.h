/* params.h — terminal parameter sets (TMS): what a terminal downloads to know how to
 * work: its receipt header, the transaction kinds it may offer, its limits, the hosts
 * it calls and how long it waits. Pure logic: checks, and which set applies.
 *
 * Versions. Every saved parameter set gets its version from one store-wide sequence
 * (never per set), so no two sets ever share a number. A terminal reports the version
 * it holds; office_param_needs_download() then compares with the version that applies
 * to it by inequality, not "less than": a terminal moved from its group's set (version
 * 40) to its merchant's (version 12) must still download.
 *
 * Which set applies (office_param_resolve): the most specific assignment wins — the
 * terminal's own, else its merchant's, else its group's, else the default — and among
 * candidates of that scope the highest version (the newest edit).
 */
#ifndef POSSUM_HOST_OFFICE_PARAMS_H
#define POSSUM_HOST_OFFICE_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define OFFICE_PARAM_HEADER_MAX     96 /* bytes of UTF-8: two 24-character Chinese lines */
#define OFFICE_PARAM_HOSTS_MAX      4
#define OFFICE_PARAM_HOSTNAME_MAX   253                   /* RFC 1035 */
#define OFFICE_PARAM_PER_TXN_MAX    INT64_C(999999999999) /* field 4 holds 12 digits of fen */
#define OFFICE_PARAM_CONNECT_MAX_S  60
#define OFFICE_PARAM_RESPONSE_MIN_S 5
#define OFFICE_PARAM_RESPONSE_MAX_S 120

/* The kinds a terminal may offer, named as txn/kind.c names them. */
enum office_txn_kind {
    OFFICE_KIND_BALANCE = 1,
    OFFICE_KIND_PURCHASE,
    OFFICE_KIND_VOID,
    OFFICE_KIND_REFUND,
    OFFICE_KIND_PREAUTH,
    OFFICE_KIND_PREAUTH_VOID,
    OFFICE_KIND_COMPLETION,
    OFFICE_KIND_COMPLETION_VOID
};
#define OFFICE_KIND_COUNT     8
#define OFFICE_KIND_BIT(kind) (1u << (kind))

/* A host a terminal calls: a DNS name, IPv4 address or IPv6 address (without the
 * brackets), and a port. */
struct office_param_host {
    char name[OFFICE_PARAM_HOSTNAME_MAX + 1];
    uint16_t port;
};

/* One parameter set; plain data. */
struct office_param_set {
    uint32_t version; /* 1 and up, from the store's sequence */
    char receipt_header[OFFICE_PARAM_HEADER_MAX + 1];
    uint32_t kinds; /* OFFICE_KIND_BIT() of each allowed kind */
    int64_t per_txn_limit_fen;
    int64_t daily_limit_fen;
    size_t n_hosts; /* 1 to OFFICE_PARAM_HOSTS_MAX, tried in order */
    struct office_param_host hosts[OFFICE_PARAM_HOSTS_MAX];
    int connect_timeout_s;  /* 1 to 60 */
    int response_timeout_s; /* 5 to 120 */
};

/* "purchase", ...; a static string, "unknown" outside the enum. */
const char *office_txn_kind_name(enum office_txn_kind kind);

/* Sets *kind (OUT) from its name. Returns 0 or PS_EUNDEFINED ("transaction kind
 * \"cashback\" is not defined"). */
int office_txn_kind_parse(const char *name, enum office_txn_kind *kind /* OUT */,
                          struct ps_reason *why);

/* ORs the kinds named in names[0..n) into *mask (OUT, zeroed first); a name given twice
 * is refused so a typo in a list is seen. Returns 0, PS_EUNDEFINED ("allowed kinds:
 * entry 2: ...") or PS_EFORMAT ("allowed kinds: purchase appears twice"). */
int office_txn_kinds_from_names(const char *const *names, size_t n, uint32_t *mask /* OUT */,
                                struct ps_reason *why);

/* Parses "host:port", "1.2.3.4:port" or "[2001:db8::1]:port" into *out (OUT). A name
 * is dot-separated labels of letters, digits and '-' (RFC 1123: 1 to 63 each, no '-'
 * at either end), at most 253 in all; the port 1 to 65535.
 * Returns 0 or PS_EFORMAT naming the fault ("host \"a..b:1\": an empty label"). */
int office_param_host_parse(const char *text, struct office_param_host *out /* OUT */,
                            struct ps_reason *why);

/* Checks every field of p; the reason starts with the field's name as the API spells
 * it ("daily_limit: 100000 fen is below per_txn_limit 500000 fen"). The rules: version
 * at least 1; receipt_header 1 to 96 bytes of one-line UTF-8; at least one kind, only
 * defined ones, and none without the kind it undoes or completes (void and refund need
 * purchase, preauth_void and completion need preauth, completion_void needs
 * completion); per_txn_limit 1 to 999999999999 fen; daily_limit at least per_txn_limit;
 * 1 to 4 hosts, each valid, none twice; the two timeouts within their ranges.
 * Returns 0, PS_EINVAL (p NULL) or PS_EFORMAT. */
int office_param_set_check(const struct office_param_set *p, struct ps_reason *why);

/* Where a set is assigned; a higher value is more specific and wins. */
enum office_param_scope {
    OFFICE_PARAM_DEFAULT = 1,
    OFFICE_PARAM_GROUP,
    OFFICE_PARAM_MERCHANT,
    OFFICE_PARAM_TERMINAL
};

/* "default", "group", "merchant", "terminal"; "unknown" outside the enum. */
const char *office_param_scope_name(enum office_param_scope scope);

/* One set that could apply to a terminal, and why. set is only read. */
struct office_param_candidate {
    enum office_param_scope scope;
    const struct office_param_set *set;
};

/* Picks the set that applies among candidates[0..n): the most specific scope, then the
 * highest version; sets *chosen (OUT) to its index.
 * Returns 0, PS_EINVAL (a NULL set, a scope outside the enum, two candidates of one
 * scope with one version: "candidates 1 and 3: two merchant sets with version 7") or
 * PS_EUNDEFINED ("no parameter set applies: not even a default"). */
int office_param_resolve(const struct office_param_candidate *candidates, size_t n,
                         size_t *chosen /* OUT */, struct ps_reason *why);

/* Whether a terminal that reports holding version reported must download applicable
 * (the version office_param_resolve chose). 0 means it holds none yet. */
bool office_param_needs_download(uint32_t reported, uint32_t applicable);

#endif
