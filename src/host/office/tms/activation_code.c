/* The one-time activation code: issue and verify (activation_code.h). */
#include "host/office/tms/activation_code.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "host/office/tms/terminals.h"
#include "host/office/tms/tms_internal.h"

#define MINUTE_US       (60 * INT64_C(1000000))
#define VALIDITY_MIN_US MINUTE_US
#define VALIDITY_MAX_US (30 * 24 * 60 * MINUTE_US)
_Static_assert(OFFICE_CODE_HASH_MAX >= crypto_pwhash_STRBYTES, "room for an argon2id string");

#define SECRET_MAX      (OFFICE_SERIAL_MAX + 1 + PS_ACTIVATION_CODE_DIGITS)

/* "SERIAL:CODE", what is hashed; returns its length. */
static size_t secret_text(const char *serial, const char *code, char out[SECRET_MAX + 1])
{
    int n = snprintf(out, SECRET_MAX + 1, "%s:%s", serial, code);
    return n < 0 ? 0 : (size_t)n;
}

static int hash_code(const char *serial, const char *code, char hash[OFFICE_CODE_HASH_MAX],
                     struct ps_reason *why)
{
    char secret[SECRET_MAX + 1];
    size_t len = secret_text(serial, code, secret);
    int rc = PS_OK;

    if (sodium_init() < 0)
        rc = ps_fail(why, PS_ECRYPTO, "activation code: libsodium did not start");
    else if (crypto_pwhash_str(hash, secret, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        rc = ps_fail(why, PS_ENOMEM, "activation code: argon2id could not get its memory");
    sodium_memzero(secret, sizeof(secret));
    return rc;
}

static int check_issue_args(const char *serial, int64_t validity_us, int max_tries,
                            struct ps_reason *why)
{
    int rc;

    if ((rc = office_terminal_serial_check(serial, why)) != 0)
        return rc == PS_EINVAL ? PS_EFORMAT : rc;
    if (validity_us < VALIDITY_MIN_US || validity_us > VALIDITY_MAX_US)
        return ps_fail(why, PS_EINVAL,
                       "activation code: validity %lld s is outside 1 minute to 30 days",
                       (long long)(validity_us / 1000000));
    if (max_tries < 1 || max_tries > OFFICE_CODE_TRIES_MAX)
        return ps_fail(why, PS_EINVAL, "activation code: %d tries is outside 1 to %d", max_tries,
                       OFFICE_CODE_TRIES_MAX);
    return PS_OK;
}

int office_activation_code_issue(struct office_activation_code *rec,
                                 char code[PS_ACTIVATION_CODE_DIGITS + 1], const char *serial,
                                 int64_t now_us, int64_t validity_us, int max_tries,
                                 const struct ps_random *r, struct ps_reason *why)
{
    int rc;

    memset(rec, 0, sizeof(*rec));
    code[0] = '\0';
    if ((rc = check_issue_args(serial, validity_us, max_tries, why)) != 0)
        return rc;
    if (now_us > INT64_MAX - validity_us)
        return ps_fail(why, PS_EINVAL, "activation code: the expiry overflows");
    if ((rc = ps_activation_code_generate(r, code, why)) != 0 ||
        (rc = hash_code(serial, code, rec->hash, why)) != 0) {
        sodium_memzero(code, PS_ACTIVATION_CODE_DIGITS + 1);
        memset(rec, 0, sizeof(*rec));
        return rc;
    }
    rec->issued_at_us = now_us;
    rec->expires_at_us = now_us + validity_us;
    rec->max_tries = max_tries;
    return PS_OK;
}

/* The refusals that need no hashing: used, burnt, expired. */
static int check_live(const struct office_activation_code *rec, int64_t now_us,
                      struct ps_reason *why)
{
    char when[21];

    if (rec->used)
        return ps_fail(why, PS_ECHECK, "activation code already used");
    if (rec->wrong_tries >= rec->max_tries)
        return ps_fail(why, PS_ECHECK,
                       "activation code burnt after %d wrong tries: issue a new one",
                       rec->wrong_tries);
    if (now_us >= rec->expires_at_us) {
        tms__time_format(rec->expires_at_us, when);
        return ps_fail(why, PS_ETIMEDOUT, "activation code expired at %s", when);
    }
    return PS_OK;
}

int office_activation_code_verify(struct office_activation_code *rec, const char *serial,
                                  const char *code, int64_t now_us, struct ps_reason *why)
{
    char secret[SECRET_MAX + 1];
    size_t len;
    int rc, left;

    if ((rc = ps_activation_code_check(code, why)) != 0)
        return PS_EFORMAT;
    if ((rc = office_terminal_serial_check(serial, why)) != 0)
        return PS_EFORMAT;
    if (sodium_init() < 0)
        return ps_fail(why, PS_ECRYPTO, "activation code: libsodium did not start");
    /* a damaged row must not read as wrong tries, which would burn the code */
    if (memchr(rec->hash, '\0', sizeof(rec->hash)) == NULL || rec->max_tries < 1 ||
        crypto_pwhash_str_needs_rehash(rec->hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE) < 0)
        return ps_fail(why, PS_EINVAL, "activation code: the record is not an issued code");
    if ((rc = check_live(rec, now_us, why)) != 0)
        return rc;
    len = secret_text(serial, code, secret);
    rc = crypto_pwhash_str_verify(rec->hash, secret, len);
    sodium_memzero(secret, sizeof(secret));
    if (rc == 0) {
        rec->used = true;
        return PS_OK;
    }
    rec->wrong_tries++;
    left = rec->max_tries - rec->wrong_tries;
    if (left == 0)
        return ps_fail(why, PS_ECHECK, "wrong activation code: no tries left, the code is burnt");
    return ps_fail(why, PS_ECHECK, "wrong activation code: %d %s left", left,
                   left == 1 ? "try" : "tries");
}

bool office_activation_code_live(const struct office_activation_code *rec, int64_t now_us)
{
    return check_live(rec, now_us, NULL) == 0;
}
