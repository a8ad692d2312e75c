/* hashchain.h — a SHA-256 hash chain over records the caller supplies.
 *
 * The link of record n is
 *
 *     link(n) = SHA-256( link(n-1) || bytes of record n )      link(0) = 32 zero bytes
 *
 * so a record's link depends on every record before it: editing, removing or moving
 * one record changes the links of all that follow. The chain only proves the records
 * are the ones linked in that order; it cannot show that records were cut off the end
 * (the shorter chain is still a valid chain), so a keeper of records also keeps its
 * last link somewhere else and compares (pos/journal keeps an anchor file).
 *
 * How a record becomes bytes is the caller's business and must be canonical: fields
 * of fixed width or prefixed by their length, so that no two records encode alike.
 *
 * Nothing here allocates for the caller, keeps global state or touches a file.
 */
#ifndef POSSUM_CORE_HASHCHAIN_H
#define POSSUM_CORE_HASHCHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define PS_HASHCHAIN_LINK_LEN 32 /* SHA-256 */

/* Writes the genesis link, link(0): 32 zero bytes. */
void ps_hashchain_genesis(uint8_t out[PS_HASHCHAIN_LINK_LEN]);

/* link = SHA-256(prev || record[0..len)). out (OUT) may be the same array as prev.
 * Returns 0, or PS_ECRYPTO when OpenSSL fails (named in why). */
int ps_hashchain_link(const uint8_t prev[PS_HASHCHAIN_LINK_LEN], const uint8_t *record, size_t len,
                      uint8_t out[PS_HASHCHAIN_LINK_LEN], struct ps_reason *why);

/* A walk along a chain: the last link and how many records it covers. Caller-owned,
 * holds no resources, so it needs no cleanup. */
struct ps_hashchain {
    uint8_t link[PS_HASHCHAIN_LINK_LEN];
    uint64_t count;
};

/* Starts a walk at genesis (count 0). */
void ps_hashchain_init(struct ps_hashchain *c);

/* Starts a walk after `count` records whose last link is `link` (to continue a chain
 * whose earlier records were checked before). */
void ps_hashchain_resume(struct ps_hashchain *c, const uint8_t link[PS_HASHCHAIN_LINK_LEN],
                         uint64_t count);

/* Extends the chain by record[0..len): c->link becomes its link, c->count grows by one.
 * Use when writing records. Returns 0 or PS_ECRYPTO (c is then unchanged). */
int ps_hashchain_append(struct ps_hashchain *c, const uint8_t *record, size_t len,
                        struct ps_reason *why);

/* Checks that stored is the link of record[0..len) after c, comparing in constant
 * time; on success extends c as ps_hashchain_append does. Use when reading records
 * back. Returns 0, PS_ECHECK ("record 4: its link does not follow from the record
 * and the link before it", counting from 1; c unchanged) or PS_ECRYPTO. */
int ps_hashchain_check(struct ps_hashchain *c, const uint8_t *record, size_t len,
                       const uint8_t stored[PS_HASHCHAIN_LINK_LEN], struct ps_reason *why);

/* One record of a chain held in memory, for ps_hashchain_verify. Views; nothing owned. */
struct ps_hashchain_record {
    const uint8_t *data;
    size_t len;
    const uint8_t *link; /* the stored link, PS_HASHCHAIN_LINK_LEN bytes */
};

/* Checks records[0..n) in order from genesis. *bad (OUT, may be NULL) is set to the
 * index of the first record whose link does not follow, or to n when all do; head
 * (OUT, may be NULL) receives the last good link (genesis when n is 0).
 * Returns 0, PS_ECHECK (reason as ps_hashchain_check) or PS_ECRYPTO. */
int ps_hashchain_verify(const struct ps_hashchain_record *records, size_t n, size_t *bad,
                        uint8_t head[PS_HASHCHAIN_LINK_LEN], struct ps_reason *why);

#endif
