/* Passwords, lockout and login sessions (auth.h). */
#include "host/office/access/auth.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/hex.h"
#include "core/utf8.h"
#include "host/office/access/audit.h"
#include "host/office/access/users.h"

#define TOKEN_BYTES 32
#define CSRF_BYTES  16

/* ---- passwords -------------------------------------------------------------------- */

int office_password_policy(const char *password, const char *username, struct ps_reason *why)
{
    size_t len = strlen(password), chars = 0, at = 0;
    int letters = 0, others = 0;

    if (len > OFFICE_PASSWORD_MAX)
        return ps_fail(why, PS_EINVAL, "at most %d bytes", OFFICE_PASSWORD_MAX);
    if (ps_utf8_check(password, len, &at, NULL) != 0)
        return ps_fail(why, PS_EINVAL, "byte %zu is not UTF-8", at);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)password[i];
        chars += (c & 0xC0) != 0x80; /* count a character at its first byte */
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            letters = 1;
        else if ((c & 0xC0) != 0x80)
            others = 1;
    }
    if (chars < OFFICE_PASSWORD_MIN)
        return ps_fail(why, PS_EINVAL, "at least %d characters; it has %zu", OFFICE_PASSWORD_MIN,
                       chars);
    if (username != NULL && strcmp(password, username) == 0)
        return ps_fail(why, PS_EINVAL, "must not be the user name");
    if (!letters || !others)
        return ps_fail(why, PS_EINVAL, "mix letters with digits or symbols");
    return PS_OK;
}

int office_password_hash(const char *password, int cheap, char out[ROW_HASH_MAX + 1],
                         struct ps_reason *why)
{
    _Static_assert(crypto_pwhash_STRBYTES <= ROW_HASH_MAX + 1, "an argon2id string fits");
    unsigned long long ops = cheap ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = cheap ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash_str(out, password, strlen(password), ops, mem) != 0)
        return ps_fail(why, PS_ENOMEM, "password hashing: out of memory");
    return PS_OK;
}

static int password_matches(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* Spends the time a real check would, so an unknown name answers no faster. */
static void check_nobody(struct office *o, const char *password)
{
    if (o->dummy_hash[0] == '\0' && office_password_hash("not anybody's 1", 0, o->dummy_hash, NULL))
        return;
    (void)password_matches(o->dummy_hash, password);
}

/* ---- what a login changes ------------------------------------------------------------ */

static int commit(struct office *o, struct store_batch *b, struct ps_reason *why)
{
    int rc = store_commit(o->store, b, why);
    store_batch_free(b);
    return rc;
}

/* A wrong password: counted, and the user locked when it is one too many. Returns
 * OFFICE_AUTH_DENIED or OFFICE_AUTH_LOCKED, or < 0 when it cannot be recorded. */
static int wrong_password(struct office *o, struct user_row *u, const char *remote,
                          struct ps_reason *why)
{
    struct office_actor actor;
    struct store_batch b;
    struct audit_row entry;
    json_t *before = office_user_json(u);
    int64_t now = office_now_us(o);

    office_system_actor(&actor);
    snprintf(actor.remote, sizeof(actor.remote), "%s", remote);
    int locked = ++u->failed_logins >= o->cfg.lockout_failures;
    if (locked) {
        u->failed_logins = 0;
        u->locked_until_us = now + o->cfg.lockout_us;
    }
    u->updated_us = now;
    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_USER_PUT);
    int rc = op != NULL ? 0 : ps_fail(why, PS_ENOMEM, "out of memory");
    if (rc == 0) {
        op->u.user = *u;
        rc = office_audit_add(o, &b, &entry, &actor, locked ? "user.locked" : "session.login_failed",
                              "user", u->id, before, office_user_json(u), why);
    } else {
        json_decref(before);
    }
    if (rc == 0)
        rc = commit(o, &b, why);
    else
        store_batch_free(&b);
    return rc != 0 ? rc : locked ? OFFICE_AUTH_LOCKED : OFFICE_AUTH_DENIED;
}

/* A new session for u, with its token in out->token. */
static void new_session(struct office *o, const struct user_row *u, struct office_login *out)
{
    uint8_t token[TOKEN_BYTES], csrf[CSRF_BYTES], digest[crypto_hash_sha256_BYTES];
    int64_t now = office_now_us(o);

    randombytes_buf(token, sizeof(token));
    randombytes_buf(csrf, sizeof(csrf));
    ps_hex_encode(token, sizeof(token), out->token);
    crypto_hash_sha256(digest, (const uint8_t *)out->token, strlen(out->token));
    memset(&out->session, 0, sizeof(out->session));
    out->session.id = office_next_id(o);
    ps_hex_encode(digest, sizeof(digest), out->session.token_hash);
    out->session.user_id = u->id;
    ps_hex_encode(csrf, sizeof(csrf), out->session.csrf);
    out->session.created_us = now;
    out->session.expires_us = now + o->cfg.session_us;
    sodium_memzero(token, sizeof(token));
}

static int logged_in(struct office *o, struct user_row *u, const char *remote,
                     struct office_login *out, struct ps_reason *why)
{
    struct office_actor actor;
    struct store_batch b;
    struct audit_row entry;

    u->failed_logins = 0;
    u->locked_until_us = 0;
    new_session(o, u, out);
    out->user = *u;
    memset(&actor, 0, sizeof(actor));
    actor.user = *u;
    snprintf(actor.remote, sizeof(actor.remote), "%s", remote);
    store_batch_init(&b);
    struct store_op *user_op = store_batch_add(&b, STORE_USER_PUT);
    struct store_op *session_op = store_batch_add(&b, STORE_AUTH_SESSION_PUT);
    if (user_op == NULL || session_op == NULL) {
        store_batch_free(&b);
        return ps_fail(why, PS_ENOMEM, "out of memory");
    }
    user_op = &b.ops[0]; /* the second add may have moved the first */
    user_op->u.user = *u;
    b.ops[1].u.auth_session = out->session;
    int rc = office_audit_add(o, &b, &entry, &actor, "session.login", "session", out->session.id,
                              NULL, json_pack("{s:I}", "user_id", (json_int_t)u->id), why);
    if (rc != 0) {
        store_batch_free(&b);
        return rc;
    }
    return commit(o, &b, why);
}

int office_login(struct office *o, const char *username, const char *password, const char *remote,
                 struct office_login *out, struct ps_reason *why)
{
    memset(out, 0, sizeof(*out));
    int rc = store_find_user_by_name(o->store, username, &out->user, why);
    if (rc < 0)
        return rc;
    if (rc == 0 || strcmp(out->user.status, "active") != 0) {
        check_nobody(o, password);
        return OFFICE_AUTH_DENIED;
    }
    if (out->user.locked_until_us > office_now_us(o))
        return OFFICE_AUTH_LOCKED;
    if (!password_matches(out->user.password_hash, password))
        return wrong_password(o, &out->user, remote, why);
    return logged_in(o, &out->user, remote, out, why);
}

/* ---- sessions ---------------------------------------------------------------------- */

int office_authenticate(struct office *o, const char *token, const char *remote,
                        struct office_actor *out, struct ps_reason *why)
{
    uint8_t digest[crypto_hash_sha256_BYTES];
    char hash[ROW_TOKEN_HEX + 1];

    memset(out, 0, sizeof(*out));
    if (strlen(token) != 2 * TOKEN_BYTES || strspn(token, "0123456789ABCDEF") != 2 * TOKEN_BYTES)
        return OFFICE_AUTH_DENIED; /* not one of ours: no need to ask the store */
    crypto_hash_sha256(digest, (const uint8_t *)token, strlen(token));
    ps_hex_encode(digest, sizeof(digest), hash);
    int rc = store_find_auth_session(o->store, hash, &out->session, why);
    if (rc <= 0)
        return rc < 0 ? rc : OFFICE_AUTH_DENIED;
    if (out->session.revoked || out->session.expires_us <= office_now_us(o))
        return OFFICE_AUTH_DENIED;
    rc = store_find_user(o->store, out->session.user_id, &out->user, why);
    if (rc <= 0)
        return rc < 0 ? rc : OFFICE_AUTH_DENIED;
    if (strcmp(out->user.status, "active") != 0)
        return OFFICE_AUTH_DENIED;
    snprintf(out->remote, sizeof(out->remote), "%s", remote);
    return PS_OK;
}

int office_csrf_ok(const struct office_actor *actor, const char *csrf)
{
    size_t len = strlen(actor->session.csrf);
    return csrf != NULL && len > 0 && strlen(csrf) == len &&
           sodium_memcmp(csrf, actor->session.csrf, len) == 0;
}

int office_logout(struct office *o, const struct office_actor *actor, struct ps_reason *why)
{
    struct store_batch b;
    struct audit_row entry;
    struct auth_session_row ended = actor->session;

    ended.revoked = 1;
    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_AUTH_SESSION_PUT);
    if (op == NULL) {
        store_batch_free(&b);
        return ps_fail(why, PS_ENOMEM, "out of memory");
    }
    op->u.auth_session = ended;
    int rc = office_audit_add(o, &b, &entry, actor, "session.logout", "session", ended.id, NULL,
                              NULL, why);
    if (rc != 0) {
        store_batch_free(&b);
        return rc;
    }
    return commit(o, &b, why);
}

int office_password_change(struct office *o, const struct office_actor *actor,
                           const char *current, const char *fresh, struct ps_reason *why)
{
    struct user_row u;
    int rc = store_find_user(o->store, actor->user.id, &u, why);
    if (rc <= 0)
        return rc < 0 ? rc : OFFICE_AUTH_DENIED;
    if (u.locked_until_us > office_now_us(o))
        return OFFICE_AUTH_LOCKED;
    if (!password_matches(u.password_hash, current))
        return wrong_password(o, &u, actor->remote, why);
    rc = office_password_policy(fresh, u.username, why);
    if (rc == 0 && strcmp(fresh, current) == 0)
        rc = ps_fail(why, PS_EINVAL, "must differ from the current one");
    if (rc != 0)
        return rc;
    return office_user_set_password(o, actor, &u, fresh, why);
}
