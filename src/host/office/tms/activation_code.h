/* activation_code.h — the one-time activation code the back office issues when a
 * terminal is assigned, and its check when the terminal activates. Pure logic: the
 * caller gives the time and stores the record; nothing here reads a clock or a store.
 *
 * The code is 8 random digits (ps_activation_code_generate: RAND_bytes, rejection
 * sampling). The technician sees it once, when it is issued; the store keeps only
 * struct office_activation_code: a hash, the expiry and the count of wrong tries.
 *
 * The hash is argon2id (libsodium's crypto_pwhash_str, the same as staff passwords)
 * of "SERIAL:CODE", with libsodium's interactive limits (64 MiB, about 65 ms here) and
 * a random salt inside the string. Why a slow hash: the code has only 10^8 values, so
 * a fast hash (SHA-256 of serial || code, even salted) of a stolen database falls to
 * a GPU in seconds; argon2id makes each guess cost memory and time, a 10^8 search
 * days of a whole machine per terminal — longer than the code lives (72 h). Why it
 * is affordable: it runs once per activation request on the API thread, never in the
 * host's transaction path. The serial is hashed in, so a hash copied onto another
 * terminal's row does not verify. libsodium's verification compares in constant time.
 *
 * After max_tries wrong codes the record is burnt (no code verifies any more) and the
 * terminal needs a new code (issue_code again). An expired code is refused before any
 * hashing. A malformed code (not 8 digits) is refused without counting a try: it tells
 * an attacker nothing and is most often a typing slip.
 *
 * Concurrency: two activation requests at once must not both spend the same try. The
 * store updates the record with a guard (UPDATE ... WHERE wrong_tries = :read AND
 * used = 0) and retries on conflict.
 */
#ifndef POSSUM_HOST_OFFICE_ACTIVATION_CODE_H
#define POSSUM_HOST_OFFICE_ACTIVATION_CODE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/crypto/activation.h"
#include "core/error.h"

#define OFFICE_CODE_HASH_MAX  128 /* crypto_pwhash_STRBYTES */
#define OFFICE_CODE_TRIES_MAX 20

/* What the store keeps of an issued code; plain data. */
struct office_activation_code {
    char hash[OFFICE_CODE_HASH_MAX]; /* argon2id string of "SERIAL:CODE" */
    int64_t issued_at_us;
    int64_t expires_at_us; /* refused at or after this instant */
    int max_tries;         /* wrong codes allowed before the record is burnt */
    int wrong_tries;
    bool used; /* a code activates once */
};

/* Issues a code for the terminal serial: fills code (OUT, 8 digits and a NUL, to show
 * once and never store) and *rec (OUT). The code expires at now_us + validity_us
 * (validity 1 minute to 30 days); max_tries is 1 to OFFICE_CODE_TRIES_MAX. r is the
 * random source (NULL: RAND_bytes). On error code is "" and *rec zeroed.
 * Returns 0, PS_EINVAL (validity or tries out of range, named), PS_EFORMAT (serial),
 * PS_ECRYPTO (no randomness) or PS_ENOMEM (argon2id could not get its memory). */
int office_activation_code_issue(struct office_activation_code *rec /* OUT */,
                                 char code[PS_ACTIVATION_CODE_DIGITS + 1] /* OUT */,
                                 const char *serial, int64_t now_us, int64_t validity_us,
                                 int max_tries, const struct ps_random *r, struct ps_reason *why);

/* Checks code for serial at now_us and updates *rec: on success used is set; on a
 * wrong code wrong_tries grows by one. The caller stores *rec back in every case.
 * Returns 0 (the code is right: activate), or
 *   PS_EFORMAT     code is not 8 digits (no try counted)
 *   PS_ETIMEDOUT   "activation code expired at 2026-01-04T10:00:00Z"
 *   PS_ECHECK      "wrong activation code: 3 tries left", "activation code burnt after
 *                  5 wrong tries: issue a new one", "activation code already used"
 *   PS_EINVAL      rec is not a record issue() made (bad hash string)
 * The API answers every PS_ECHECK and PS_ETIMEDOUT alike to the terminal, except
 * for the count of tries left. */
int office_activation_code_verify(struct office_activation_code *rec, const char *serial,
                                  const char *code, int64_t now_us, struct ps_reason *why);

/* Whether rec can still activate a terminal at now_us (not used, expired or burnt):
 * what the console shows beside a pending terminal. */
bool office_activation_code_live(const struct office_activation_code *rec, int64_t now_us);

#endif
