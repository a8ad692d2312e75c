#include "core/hashchain.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

void ps_hashchain_genesis(uint8_t out[PS_HASHCHAIN_LINK_LEN])
{
    memset(out, 0, PS_HASHCHAIN_LINK_LEN);
}

/* Two updates instead of one buffer: the record need not be copied behind the link. */
int ps_hashchain_link(const uint8_t prev[PS_HASHCHAIN_LINK_LEN], const uint8_t *record, size_t len,
                      uint8_t out[PS_HASHCHAIN_LINK_LEN], struct ps_reason *why)
{
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
             EVP_DigestUpdate(ctx, prev, PS_HASHCHAIN_LINK_LEN) == 1 &&
             (len == 0 || EVP_DigestUpdate(ctx, record, len) == 1) &&
             EVP_DigestFinal_ex(ctx, md, &md_len) == 1 && md_len == PS_HASHCHAIN_LINK_LEN;

    EVP_MD_CTX_free(ctx);
    if (!ok)
        return ps_fail(why, PS_ECRYPTO, "hash chain: SHA-256 failed");
    memcpy(out, md, PS_HASHCHAIN_LINK_LEN);
    return 0;
}

void ps_hashchain_init(struct ps_hashchain *c)
{
    ps_hashchain_genesis(c->link);
    c->count = 0;
}

void ps_hashchain_resume(struct ps_hashchain *c, const uint8_t link[PS_HASHCHAIN_LINK_LEN],
                         uint64_t count)
{
    memcpy(c->link, link, PS_HASHCHAIN_LINK_LEN);
    c->count = count;
}

int ps_hashchain_append(struct ps_hashchain *c, const uint8_t *record, size_t len,
                        struct ps_reason *why)
{
    int rc = ps_hashchain_link(c->link, record, len, c->link, why);
    if (rc == 0)
        c->count++;
    return rc;
}

int ps_hashchain_check(struct ps_hashchain *c, const uint8_t *record, size_t len,
                       const uint8_t stored[PS_HASHCHAIN_LINK_LEN], struct ps_reason *why)
{
    uint8_t want[PS_HASHCHAIN_LINK_LEN];
    int rc = ps_hashchain_link(c->link, record, len, want, why);

    if (rc != 0)
        return rc;
    if (CRYPTO_memcmp(want, stored, PS_HASHCHAIN_LINK_LEN) != 0)
        return ps_fail(why, PS_ECHECK,
                       "record %llu: its link does not follow from the record and the link "
                       "before it",
                       (unsigned long long)c->count + 1);
    memcpy(c->link, want, PS_HASHCHAIN_LINK_LEN);
    c->count++;
    return 0;
}

int ps_hashchain_verify(const struct ps_hashchain_record *records, size_t n, size_t *bad,
                        uint8_t head[PS_HASHCHAIN_LINK_LEN], struct ps_reason *why)
{
    struct ps_hashchain c;
    size_t i;
    int rc = 0;

    ps_hashchain_init(&c);
    for (i = 0; i < n; i++) {
        rc = ps_hashchain_check(&c, records[i].data, records[i].len, records[i].link, why);
        if (rc != 0)
            break;
    }
    if (bad != NULL)
        *bad = i;
    if (head != NULL)
        memcpy(head, c.link, PS_HASHCHAIN_LINK_LEN);
    return rc;
}
