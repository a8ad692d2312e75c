/* password.h — operators' passwords: the rules a new one must follow, and argon2id
 * hashing through libsodium. Only the hash string is ever stored; neither the password
 * nor any part of it appears in a reason. */
#ifndef POSSUM_POS_OPERATORS_PASSWORD_H
#define POSSUM_POS_OPERATORS_PASSWORD_H

#include <stddef.h>

#include "core/error.h"

#define POS_PASSWORD_MIN      6 /* characters */
#define POS_PASSWORD_MAX      32 /* characters; a terminal keypad types digits, so all-digit is fine */
#define POS_PASSWORD_HASH_MAX 128 /* bytes of a hash string with its NUL (crypto_pwhash_STRBYTES)  \
                                   */

/* The cost of one argon2id hash. A small terminal uses libsodium's "interactive"
 * limits (pos_password_cost_interactive); tests use the minimum so they stay fast. */
struct pos_password_cost {
    unsigned long long opslimit;
    size_t memlimit; /* bytes */
};

void pos_password_cost_interactive(struct pos_password_cost *cost /* OUT */);
void pos_password_cost_min(struct pos_password_cost *cost /* OUT */);

/* 0 when cost is within libsodium's limits for argon2id, else PS_EINVAL. */
int pos_password_cost_check(const struct pos_password_cost *cost, struct ps_reason *why);

/* Starts libsodium (safe to call again; it does the work once). PS_ECRYPTO when it
 * cannot start. Every function below needs it first. */
int pos_password_init(struct ps_reason *why);

/* 0 when password (NUL-terminated) may be set: POS_PASSWORD_MIN..POS_PASSWORD_MAX
 * printable ASCII characters, no spaces. PS_EINVAL with the rule broken ("a password
 * has 6 to 32 characters; this one has 4"); a rejected character is named by its
 * position, never shown. */
int pos_password_check_rules(const char *password, struct ps_reason *why);

/* Hashes password with argon2id at cost into out (OUT, NUL-terminated, a random salt
 * and the parameters inside). Checks nothing about the password: call
 * pos_password_check_rules first. Returns 0, PS_EINVAL (cost out of libsodium's
 * range) or PS_ENOMEM. */
int pos_password_hash(const char *password, const struct pos_password_cost *cost,
                      char out[POS_PASSWORD_HASH_MAX], struct ps_reason *why);

/* 0 when password matches hash, otherwise POS_OP_WRONG_PASSWORD (permissions.h); a
 * password longer than POS_PASSWORD_MAX never matches and costs no hashing. */
int pos_password_verify(const char *hash, const char *password);

/* 1 when hash was made at another cost than cost (so it should be made again at the
 * next successful login), 0 otherwise. */
int pos_password_needs_rehash(const char *hash, const struct pos_password_cost *cost);

#endif
