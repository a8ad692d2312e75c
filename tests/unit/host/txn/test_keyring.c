/* txn/keyring.h: set, use and drop a terminal's working keys; replace them; and use
 * them from two threads while a third replaces keys and grows the table. A handle's
 * key is recognised by its check value (the encryption of a zero block). */
#include "testing.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "host/txn/keyring.h"

#define GENERATIONS  16    /* key pairs the concurrent test cycles through */
#define REPLACEMENTS 10000 /* rounds of the replacing thread, two keyring_set each */

/* The working keys of generation g: distinct for every g. */
static void keys_of(unsigned g, uint8_t pik[16], uint8_t mak[8])
{
    for (unsigned i = 0; i < 16; i++)
        pik[i] = (uint8_t)(g * 31 + i * 7 + 1);
    for (unsigned i = 0; i < 8; i++)
        mak[i] = (uint8_t)(g * 17 + i * 13 + 5);
}

/* What a handle shows of its key: the encryption of a zero block. */
static uint64_t check_value(struct ps_cipher *c)
{
    uint8_t block[8] = {0};
    uint64_t v = 0;
    if (ps_cipher_ecb_encrypt(c, block, 8, block, NULL) != 0)
        return 0;
    memcpy(&v, block, 8);
    return v;
}

static uint64_t check_value_of(const uint8_t *key, size_t len)
{
    struct ps_cipher *c = NULL;
    assert_int_equal(ps_cipher_new(&c, PS_CIPHER_TDES, key, len, NULL), 0);
    uint64_t v = check_value(c);
    ps_cipher_free(c);
    return v;
}

struct seen {
    uint64_t pik, mak; /* 0 when the handle was NULL */
};

static int look(void *ctx, struct ps_cipher *pik, struct ps_cipher *mak)
{
    struct seen *s = ctx;
    s->pik = pik != NULL ? check_value(pik) : 0;
    s->mak = mak != NULL ? check_value(mak) : 0;
    return 42;
}

static void set_generation(struct keyring *kr, const char *tid, unsigned g)
{
    uint8_t pik[16], mak[8];
    keys_of(g, pik, mak);
    assert_int_equal(keyring_set(kr, tid, pik, 16, mak, 8, NULL), 0);
}

static void assert_generation(struct keyring *kr, const char *tid, unsigned g)
{
    uint8_t pik[16], mak[8];
    struct seen s;
    keys_of(g, pik, mak);
    assert_int_equal(keyring_with(kr, tid, look, &s), 42);
    assert_true(s.pik == check_value_of(pik, 16));
    assert_true(s.mak == check_value_of(mak, 8));
}

static void set_with_drop(void **state)
{
    (void)state;
    struct keyring *kr = NULL;
    struct ps_reason why;
    struct seen s;
    uint8_t pik[16] = {0}, mak[16] = {0};

    assert_int_equal(keyring_new(&kr), 0);
    assert_int_equal(keyring_with(kr, "20250001", look, &s), 42);
    assert_true(s.pik == 0 && s.mak == 0); /* no keys yet: NULL handles */

    set_generation(kr, "20250001", 1);
    assert_generation(kr, "20250001", 1);
    assert_int_equal(keyring_with(kr, "20250002", look, &s), 42);
    assert_true(s.pik == 0 && s.mak == 0);

    keyring_drop(kr, "20250001");
    assert_int_equal(keyring_with(kr, "20250001", look, &s), 42);
    assert_true(s.pik == 0 && s.mak == 0);
    keyring_drop(kr, "20250009");      /* never set: nothing happens */
    set_generation(kr, "20250001", 2); /* signed in again */
    assert_generation(kr, "20250001", 2);

    assert_int_equal(keyring_set(kr, "2025001", pik, 16, mak, 8, &why), PS_EINVAL);
    assert_string_equal(why.text, "keyring: a terminal id is 8 characters");
    assert_int_equal(keyring_set(kr, "202500011", pik, 16, mak, 8, NULL), PS_EINVAL);
    assert_int_equal(keyring_set(kr, "20250001", pik, 8, mak, 8, &why), PS_EINVAL);
    assert_string_equal(why.text, "keyring: PIN key of 8 bytes; 16 expected");
    assert_int_equal(keyring_set(kr, "20250001", pik, 16, mak, 24, &why), PS_EINVAL);
    assert_string_equal(why.text, "keyring: MAC key of 24 bytes; 8 or 16 expected");
    assert_generation(kr, "20250001", 2); /* a refused set changes nothing */
    assert_int_equal(keyring_with(kr, "", look, &s), 42);
    assert_true(s.pik == 0);

    /* a double-length MAK */
    assert_int_equal(keyring_set(kr, "20250003", pik, 16, mak, 16, NULL), 0);
    assert_int_equal(keyring_with(kr, "20250003", look, &s), 42);
    assert_true(s.mak == check_value_of(mak, 16));
    keyring_free(kr);
    keyring_free(NULL);
}

/* Replacing keys, over enough terminals that the table grows several times. */
static void replacing_keys(void **state)
{
    (void)state;
    struct keyring *kr = NULL;
    char tid[16];

    assert_int_equal(keyring_new(&kr), 0);
    for (unsigned i = 0; i < 1000; i++) {
        snprintf(tid, sizeof(tid), "T%07u", i);
        set_generation(kr, tid, i % GENERATIONS);
    }
    for (unsigned i = 0; i < 1000; i += 3) {
        snprintf(tid, sizeof(tid), "T%07u", i);
        set_generation(kr, tid, (i + 1) % GENERATIONS);
    }
    for (unsigned i = 0; i < 1000; i++) {
        snprintf(tid, sizeof(tid), "T%07u", i);
        assert_generation(kr, tid, (i % 3 == 0 ? i + 1 : i) % GENERATIONS);
    }
    keyring_free(kr);
}

/* --- concurrency ------------------------------------------------------------------ */

struct shared {
    struct keyring *kr;
    uint64_t pik_check[GENERATIONS];
    uint64_t mak_check[GENERATIONS];
    atomic_int replacing; /* the users go on while the replacer runs */
    atomic_long uses;
    atomic_long errors; /* cmocka's asserts are for the main thread only */
};

struct user {
    struct shared *sh;
    const char *tid;
    long rounds;
};

/* The handles seen together must be one generation's pair: keyring_set swaps both
 * under the entry's lock. */
static int use_pair(void *ctx, struct ps_cipher *pik, struct ps_cipher *mak)
{
    struct shared *sh = ctx;
    if (pik == NULL || mak == NULL)
        return pik == mak ? 0 : -1;
    uint64_t p = check_value(pik), m = check_value(mak);
    for (int g = 0; g < GENERATIONS; g++) {
        if (sh->pik_check[g] == p)
            return sh->mak_check[g] == m ? 0 : -1;
    }
    return -1;
}

static void *user_thread(void *arg)
{
    struct user *u = arg;
    char other[16];
    for (long i = 0; i < u->rounds || atomic_load(&u->sh->replacing); i++) {
        if (keyring_with(u->sh->kr, u->tid, use_pair, u->sh) != 0)
            atomic_fetch_add(&u->sh->errors, 1);
        if (i % 8 == 0) { /* now and then a terminal the replacer may be adding */
            snprintf(other, sizeof(other), "N%07ld", i % 4000);
            if (keyring_with(u->sh->kr, other, use_pair, u->sh) != 0)
                atomic_fetch_add(&u->sh->errors, 1);
        }
        atomic_fetch_add_explicit(&u->sh->uses, 1, memory_order_relaxed);
    }
    return NULL;
}

/* Replaces the users' keys, drops and restores them, and adds terminals. */
static void *replacer_thread(void *arg)
{
    struct shared *sh = arg;
    uint8_t pik[16], mak[8];
    char tid[16];
    for (unsigned i = 0; i < REPLACEMENTS; i++) {
        unsigned g = i % GENERATIONS;
        keys_of(g, pik, mak);
        const char *target = i % 2 ? "U0000001" : "U0000002";
        if (i % 50 == 49)
            keyring_drop(sh->kr, target);
        else if (keyring_set(sh->kr, target, pik, 16, mak, 8, NULL) != 0)
            atomic_fetch_add(&sh->errors, 1);
        snprintf(tid, sizeof(tid), "N%07u", i % 4000);
        if (keyring_set(sh->kr, tid, pik, 16, mak, 8, NULL) != 0)
            atomic_fetch_add(&sh->errors, 1);
    }
    atomic_store(&sh->replacing, 0);
    return NULL;
}

static void concurrent_use_and_replacement(void **state)
{
    (void)state;
    struct shared *sh = calloc(1, sizeof(*sh));
    uint8_t pik[16], mak[8];
    pthread_t users[2], replacer;

    assert_non_null(sh);
    assert_int_equal(keyring_new(&sh->kr), 0);
    for (unsigned g = 0; g < GENERATIONS; g++) {
        keys_of(g, pik, mak);
        sh->pik_check[g] = check_value_of(pik, 16);
        sh->mak_check[g] = check_value_of(mak, 8);
    }
    set_generation(sh->kr, "U0000001", 0);
    set_generation(sh->kr, "U0000002", 0);
    struct user u[2] = {{sh, "U0000001", 100000}, {sh, "U0000002", 100000}};
    atomic_store(&sh->replacing, 1);
    assert_int_equal(pthread_create(&replacer, NULL, replacer_thread, sh), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&users[i], NULL, user_thread, &u[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(users[i], NULL), 0);
    assert_int_equal(pthread_join(replacer, NULL), 0);

    assert_int_equal(atomic_load(&sh->errors), 0);
    assert_true(atomic_load(&sh->uses) >= 200000);
    print_message("%ld uses beside %d replacements\n", (long)atomic_load(&sh->uses),
                  2 * REPLACEMENTS);
    keyring_free(sh->kr);
    free(sh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_with_drop),
        cmocka_unit_test(replacing_keys),
        cmocka_unit_test(concurrent_use_and_replacement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
