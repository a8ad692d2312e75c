/* keyring.c — terminals' working keys as cipher handles, in a hash table keyed by TID.
 *
 * Locking: the table (slot array, count) is guarded by a read-write lock, held only to
 * look an entry up (read) or to insert one and grow the array (write). Each entry has
 * its own mutex, held while its handles are used (a cipher handle is not thread-safe)
 * or swapped. Entries are allocated once, at a terminal's first keyring_set(), and stay
 * at the same address until keyring_free() (keyring_drop() only empties them), so a
 * thread may keep an entry after letting go of the table lock: keyring_with() on one
 * terminal never waits for work on another beyond the short lookup. */
#include "host/txn/keyring.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define TID_LEN       8
#define INITIAL_SLOTS 64 /* a power of two; the table doubles at half full */

/* Cache-line aligned, so that two gateway threads using two terminals' entries do not
 * bounce one line between their cores. */
struct entry {
    pthread_mutex_t lock;
    uint64_t tid; /* packed (pack_tid); set before the entry is published, then fixed */
    struct ps_cipher *pik;
    struct ps_cipher *mak;
} __attribute__((aligned(64)));

struct keyring {
    pthread_rwlock_t lock;
    struct entry **slots; /* open addressing with linear probing; NULL is free */
    size_t cap;           /* a power of two */
    size_t count;
};

/* A TID is 8 characters (field 41), exactly a uint64. 0 is never a TID's packing (no
 * NUL inside a string), so it stands for "not a TID". */
static uint64_t pack_tid(const char *tid)
{
    uint64_t key = 0;
    if (tid == NULL || strnlen(tid, TID_LEN + 1) != TID_LEN)
        return 0;
    memcpy(&key, tid, TID_LEN);
    return key;
}

/* Fibonacci hashing: the multiply spreads TIDs that differ in one character. */
static size_t slot_of(uint64_t key, size_t cap)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (cap - 1);
}

/* Called with the table lock held (either mode). */
static struct entry *find(const struct keyring *kr, uint64_t key)
{
    for (size_t i = slot_of(key, kr->cap);; i = (i + 1) & (kr->cap - 1)) {
        struct entry *e = kr->slots[i];
        if (e == NULL || e->tid == key)
            return e;
    }
}

static void place(struct entry **slots, size_t cap, struct entry *e)
{
    size_t i = slot_of(e->tid, cap);
    while (slots[i] != NULL)
        i = (i + 1) & (cap - 1);
    slots[i] = e;
}

/* Called with the table lock held for writing. */
static int grow(struct keyring *kr, struct ps_reason *why)
{
    size_t cap = kr->cap * 2;
    struct entry **slots = calloc(cap, sizeof(*slots));

    if (slots == NULL)
        return ps_fail(why, PS_ENOMEM, "keyring: no memory for %zu terminals", cap / 2);
    for (size_t i = 0; i < kr->cap; i++) {
        if (kr->slots[i] != NULL)
            place(slots, cap, kr->slots[i]);
    }
    free(kr->slots);
    kr->slots = slots;
    kr->cap = cap;
    return 0;
}

static struct entry *lookup(struct keyring *kr, uint64_t key)
{
    struct entry *e;
    pthread_rwlock_rdlock(&kr->lock);
    e = find(kr, key);
    pthread_rwlock_unlock(&kr->lock);
    return e;
}

static void entry_free(struct entry *e)
{
    if (e == NULL)
        return;
    ps_cipher_free(e->pik);
    ps_cipher_free(e->mak);
    pthread_mutex_destroy(&e->lock);
    free(e);
}

static int entry_new(uint64_t key, struct entry **out, struct ps_reason *why)
{
    struct entry *e = aligned_alloc(_Alignof(struct entry), sizeof(*e));

    *out = NULL;
    if (e == NULL)
        return ps_fail(why, PS_ENOMEM, "keyring: no memory for a terminal");
    memset(e, 0, sizeof(*e));
    if (pthread_mutex_init(&e->lock, NULL) != 0) {
        free(e);
        return ps_fail(why, PS_ENOMEM, "keyring: no mutex for a terminal");
    }
    e->tid = key;
    *out = e;
    return 0;
}

/* The entry of key, inserted when missing. The new entry is made before the write
 * lock is taken; if another thread inserted the same TID meanwhile, it is dropped. */
static int entry_for(struct keyring *kr, uint64_t key, struct entry **out, struct ps_reason *why)
{
    struct entry *fresh = NULL;
    int rc;

    *out = lookup(kr, key);
    if (*out != NULL)
        return 0;
    rc = entry_new(key, &fresh, why);
    if (rc != 0)
        return rc;
    pthread_rwlock_wrlock(&kr->lock);
    *out = find(kr, key);
    if (*out == NULL && 2 * (kr->count + 1) > kr->cap)
        rc = grow(kr, why);
    if (*out == NULL && rc == 0) {
        place(kr->slots, kr->cap, fresh);
        kr->count++;
        *out = fresh;
        fresh = NULL;
    }
    pthread_rwlock_unlock(&kr->lock);
    entry_free(fresh);
    return rc;
}

int keyring_new(struct keyring **out)
{
    struct keyring *kr = calloc(1, sizeof(*kr));
    int rc = PS_ENOMEM;

    *out = NULL;
    if (kr == NULL)
        goto out;
    kr->cap = INITIAL_SLOTS;
    kr->slots = calloc(kr->cap, sizeof(*kr->slots));
    if (kr->slots == NULL || pthread_rwlock_init(&kr->lock, NULL) != 0)
        goto out;
    *out = kr;
    kr = NULL;
    rc = 0;
out:
    if (kr != NULL)
        free(kr->slots);
    free(kr);
    return rc;
}

void keyring_free(struct keyring *kr)
{
    if (kr == NULL)
        return;
    for (size_t i = 0; i < kr->cap; i++)
        entry_free(kr->slots[i]);
    free(kr->slots);
    pthread_rwlock_destroy(&kr->lock);
    free(kr);
}

/* The handles are made before any lock is taken (key schedules cost microseconds),
 * swapped in under the entry's mutex, and the old ones freed (and wiped) after. The
 * key bytes are not copied: ps_cipher_new() keeps only its key schedule. */
int keyring_set(struct keyring *kr, const char *tid, const uint8_t *pik, size_t pik_len,
                const uint8_t *mak, size_t mak_len, struct ps_reason *why)
{
    struct ps_cipher *new_pik = NULL, *new_mak = NULL, *old_pik = NULL, *old_mak = NULL;
    uint64_t key = pack_tid(tid);
    struct entry *e = NULL;
    int rc;

    if (key == 0)
        return ps_fail(why, PS_EINVAL, "keyring: a terminal id is 8 characters");
    if (pik_len != 16)
        return ps_fail(why, PS_EINVAL, "keyring: PIN key of %zu bytes; 16 expected", pik_len);
    if (mak_len != 8 && mak_len != 16)
        return ps_fail(why, PS_EINVAL, "keyring: MAC key of %zu bytes; 8 or 16 expected", mak_len);
    rc = ps_cipher_new(&new_pik, PS_CIPHER_TDES, pik, pik_len, why);
    if (rc == 0)
        rc = ps_cipher_new(&new_mak, PS_CIPHER_TDES, mak, mak_len, why);
    if (rc == 0)
        rc = entry_for(kr, key, &e, why);
    if (rc != 0)
        goto out;
    pthread_mutex_lock(&e->lock);
    old_pik = e->pik;
    old_mak = e->mak;
    e->pik = new_pik;
    e->mak = new_mak;
    pthread_mutex_unlock(&e->lock);
    new_pik = new_mak = NULL;
out:
    ps_cipher_free(new_pik);
    ps_cipher_free(new_mak);
    ps_cipher_free(old_pik);
    ps_cipher_free(old_mak);
    return rc;
}

void keyring_drop(struct keyring *kr, const char *tid)
{
    uint64_t key = pack_tid(tid);
    struct entry *e = key != 0 ? lookup(kr, key) : NULL;
    struct ps_cipher *pik, *mak;

    if (e == NULL)
        return;
    pthread_mutex_lock(&e->lock);
    pik = e->pik;
    mak = e->mak;
    e->pik = NULL;
    e->mak = NULL;
    pthread_mutex_unlock(&e->lock);
    ps_cipher_free(pik);
    ps_cipher_free(mak);
}

int keyring_with(struct keyring *kr, const char *tid,
                 int (*fn)(void *ctx, struct ps_cipher *pik, struct ps_cipher *mak), void *ctx)
{
    uint64_t key = pack_tid(tid);
    struct entry *e = key != 0 ? lookup(kr, key) : NULL;
    int rc;

    if (e == NULL)
        return fn(ctx, NULL, NULL);
    pthread_mutex_lock(&e->lock);
    rc = fn(ctx, e->pik, e->mak);
    pthread_mutex_unlock(&e->lock);
    return rc;
}
