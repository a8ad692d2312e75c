#include "pos/operators/password.h"

#include <string.h>

#include <sodium.h>

#include "pos/operators/permissions.h"

_Static_assert(POS_PASSWORD_HASH_MAX == crypto_pwhash_argon2id_STRBYTES,
               "a hash string fits POS_PASSWORD_HASH_MAX");

void pos_password_cost_interactive(struct pos_password_cost *cost)
{
    cost->opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
    cost->memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
}

void pos_password_cost_min(struct pos_password_cost *cost)
{
    cost->opslimit = crypto_pwhash_argon2id_OPSLIMIT_MIN;
    cost->memlimit = crypto_pwhash_argon2id_MEMLIMIT_MIN;
}

int pos_password_init(struct ps_reason *why)
{
    if (sodium_init() < 0)
        return ps_fail(why, PS_ECRYPTO, "libsodium could not start");
    return 0;
}

int pos_password_check_rules(const char *password, struct ps_reason *why)
{
    size_t len = password != NULL ? strnlen(password, POS_PASSWORD_MAX + 1) : 0;

    if (len < POS_PASSWORD_MIN || len > POS_PASSWORD_MAX) {
        if (len > POS_PASSWORD_MAX)
            return ps_fail(why, PS_EINVAL, "a password has %d to %d characters; this one has more",
                           POS_PASSWORD_MIN, POS_PASSWORD_MAX);
        return ps_fail(why, PS_EINVAL, "a password has %d to %d characters; this one has %zu",
                       POS_PASSWORD_MIN, POS_PASSWORD_MAX, len);
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)password[i];
        if (c <= ' ' || c > '~')
            return ps_fail(why, PS_EINVAL,
                           "a password has only letters, digits and punctuation (ASCII, no "
                           "spaces); character %zu is not one",
                           i + 1);
    }
    return 0;
}

int pos_password_cost_check(const struct pos_password_cost *cost, struct ps_reason *why)
{
    if (cost->opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
        cost->opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
        cost->memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
        cost->memlimit > crypto_pwhash_argon2id_MEMLIMIT_MAX)
        return ps_fail(why, PS_EINVAL, "argon2id cost out of range (opslimit %llu, memlimit %zu)",
                       cost->opslimit, cost->memlimit);
    return 0;
}

int pos_password_hash(const char *password, const struct pos_password_cost *cost,
                      char out[POS_PASSWORD_HASH_MAX], struct ps_reason *why)
{
    int rc = pos_password_cost_check(cost, why);

    if (rc != 0)
        return rc;
    if (crypto_pwhash_argon2id_str(out, password, strlen(password), cost->opslimit,
                                   cost->memlimit) != 0)
        return ps_fail(why, PS_ENOMEM, "argon2id: not enough memory for %zu bytes", cost->memlimit);
    return 0;
}

int pos_password_verify(const char *hash, const char *password)
{
    size_t len = strnlen(password, POS_PASSWORD_MAX + 1);

    if (len > POS_PASSWORD_MAX)
        return POS_OP_WRONG_PASSWORD;
    if (crypto_pwhash_argon2id_str_verify(hash, password, len) != 0)
        return POS_OP_WRONG_PASSWORD;
    return 0;
}

int pos_password_needs_rehash(const char *hash, const struct pos_password_cost *cost)
{
    return crypto_pwhash_argon2id_str_needs_rehash(hash, cost->opslimit, cost->memlimit) != 0;
}
