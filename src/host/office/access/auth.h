/* auth.h — logging in to the back office: passwords (argon2id, libsodium's
 * crypto_pwhash_str), lockout after repeated wrong passwords, and login sessions. A
 * session's token is 32 random bytes shown once (the bearer token, or the cookie's
 * value); the store keeps only its SHA-256. A cookie session also carries a CSRF token
 * that every changing request must repeat in a header. */
#ifndef POSSUM_HOST_OFFICE_AUTH_H
#define POSSUM_HOST_OFFICE_AUTH_H

#include "host/office/office.h"

/* Business outcomes (positive: not errors). */
#define OFFICE_AUTH_DENIED 1 /* wrong name or password, or no live session with that token */
#define OFFICE_AUTH_LOCKED 2 /* too many wrong passwords: locked until user.locked_until_us */

#define OFFICE_PASSWORD_MIN 10  /* characters */
#define OFFICE_PASSWORD_MAX 128 /* bytes */

struct office_login {
    char token[65]; /* hex; shown once, never stored */
    struct auth_session_row session;
    struct user_row user;
};

/* The password rules: 10 to 128 characters of UTF-8, not the user name, and not of one
 * kind only (letters alone, or digits alone). PS_EINVAL with why naming the rule. */
int office_password_policy(const char *password, const char *username, struct ps_reason *why);

/* An argon2id string for password (interactive limits: about 0.1 s and 64 MiB; with
 * cheap set, argon2id's least cost, for passwords that are published anyway). */
int office_password_hash(const char *password, int cheap, char out[ROW_HASH_MAX + 1],
                         struct ps_reason *why);

/* Checks username and password. 0: *out holds a new session (committed, audited);
 * OFFICE_AUTH_DENIED: no such user, a disabled one, or a wrong password (one answer for
 * all, so names cannot be probed; a wrong password counts towards the lockout);
 * OFFICE_AUTH_LOCKED: out->user.locked_until_us says until when; < 0: the store. */
int office_login(struct office *o, const char *username, const char *password, const char *remote,
                 struct office_login *out, struct ps_reason *why);

/* The actor a token belongs to: 0 with *out filled, OFFICE_AUTH_DENIED when the token
 * names no live session (unknown, expired, logged out, or its user disabled), < 0. */
int office_authenticate(struct office *o, const char *token, const char *remote,
                        struct office_actor *out, struct ps_reason *why);

/* Whether csrf is the actor's session's CSRF token (constant time). */
int office_csrf_ok(const struct office_actor *actor, const char *csrf);

/* Ends the actor's session (committed, audited). */
int office_logout(struct office *o, const struct office_actor *actor, struct ps_reason *why);

/* Changes the actor's own password after checking the current one: 0,
 * OFFICE_AUTH_DENIED (the current one is wrong; it counts towards the lockout),
 * OFFICE_AUTH_LOCKED, PS_EINVAL (the new one breaks a rule: why says which), < 0. */
int office_password_change(struct office *o, const struct office_actor *actor,
                           const char *current, const char *fresh, struct ps_reason *why);

#endif
