/* activation.h — the one-time activation code and the terminal master key (TMK)
 * delivered under it.
 *
 * When a terminal is assigned to a merchant, the back office issues an activation code
 * of 8 random digits that the technician carries to the counter. At activation the
 * terminal sends its serial number and the code; possumd answers with its TID, MID,
 * parameters and its 16-byte 3DES TMK wrapped under a key derived from the code, so only
 * the holder of the code can unwrap it, even where the link is not TLS.
 *
 * Key derivation: scrypt (RFC 7914) with
 *   password  the 8 code digits as ASCII
 *   salt      16 random bytes (fresh per wrap) || the serial number as ASCII
 *   N = 2^15, r = 8, p = 1, 32 bytes out (32 MiB of memory, tens of milliseconds)
 * The code has only 10^8 values; scrypt makes each guess against a captured blob cost
 * what it costs the terminal (a memory-hard 10^8 search, not a GPU's second), and the
 * random salt means no table of precomputed codes serves two blobs. The parameters are
 * fixed by the version byte, not carried in the blob: a blob cannot ask a terminal for
 * a huge N.
 *
 * Wrap: AES-256-GCM, 12-byte random nonce, 16-byte tag. The associated data binds the
 * blob's header (version, salt, KCV), the serial number and the TID, so a blob made for
 * one terminal does not unwrap on another and no header byte can be changed unnoticed:
 *   "possum-activation" || version || salt || kcv || len(serial) (1 byte) || serial ||
 *   len(tid) (1 byte) || tid
 *
 * Blob, PS_ACTIVATION_BLOB_LEN (64) bytes; the JSON API carries it as 128 hex digits:
 *   offset  bytes  content
 *   0       1      version, 0x01
 *   1       16     scrypt salt (random part)
 *   17      12     GCM nonce
 *   29      16     the TMK, encrypted
 *   45      16     GCM tag
 *   61      3      the TMK's check value: 3DES(TMK, 8 zero bytes), first 3 bytes
 * After unwrapping, the terminal checks the KCV of what it got against the blob's (the
 * KCV the technician also sees on the console), so a wrong key is never stored.
 *
 * A wrong code, a blob for another serial or TID and an altered blob are the same error
 * on purpose (PS_ECRYPTO, "wrong activation code, or the blob was altered"): telling them
 * apart would tell an attacker which guess came close. Only the shape (length, version)
 * is reported separately, as it depends on nothing secret.
 *
 * Nothing here keeps state; every function is safe from any thread.
 */
#ifndef POSSUM_CORE_CRYPTO_ACTIVATION_H
#define POSSUM_CORE_CRYPTO_ACTIVATION_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define PS_ACTIVATION_CODE_DIGITS 8
#define PS_ACTIVATION_TMK_LEN     16 /* double-length 3DES */
#define PS_ACTIVATION_VERSION     0x01
#define PS_ACTIVATION_SALT_LEN    16
#define PS_ACTIVATION_NONCE_LEN   12
#define PS_ACTIVATION_TAG_LEN     16
#define PS_ACTIVATION_KCV_LEN     3
#define PS_ACTIVATION_BLOB_LEN                                                                     \
    (1 + PS_ACTIVATION_SALT_LEN + PS_ACTIVATION_NONCE_LEN + PS_ACTIVATION_TMK_LEN +                \
     PS_ACTIVATION_TAG_LEN + PS_ACTIVATION_KCV_LEN)
#define PS_ACTIVATION_SERIAL_MAX 64 /* bytes of printable ASCII */
#define PS_ACTIVATION_TID_LEN    8

/* scrypt parameters of version 0x01 (exposed for benchmarks and documentation) */
#define PS_ACTIVATION_SCRYPT_N      (1u << 15)
#define PS_ACTIVATION_SCRYPT_R      8u
#define PS_ACTIVATION_SCRYPT_P      1u
#define PS_ACTIVATION_SCRYPT_MAXMEM (64u * 1024u * 1024u)

/* Where random bytes come from. fill writes len random bytes to out and returns 0, or a
 * negative PS_E* code. Production passes NULL for the whole struct (OpenSSL's
 * RAND_bytes); tests pass a replayable source to get known-answer vectors. */
struct ps_random {
    int (*fill)(void *ctx, uint8_t *out, size_t len);
    void *ctx;
};

/* Fills out[0..len) from r (RAND_bytes when r is NULL).
 * Returns 0 or PS_ECRYPTO ("no randomness"), or what r->fill returned. */
int ps_random_fill(const struct ps_random *r, uint8_t *out, size_t len, struct ps_reason *why);

/* Writes a fresh code of 8 uniformly random digits and a NUL to out (OUT). Each code is
 * one 32-bit draw below 4,200,000,000 (the largest multiple of 10^8 under 2^32) taken
 * modulo 10^8; a draw at or above it is thrown away and drawn again (rejection
 * sampling), so no code is likelier than another.
 * Returns 0 or what ps_random_fill() returned. */
int ps_activation_code_generate(const struct ps_random *r,
                                char out[PS_ACTIVATION_CODE_DIGITS + 1] /* OUT */,
                                struct ps_reason *why);

/* Checks that code is exactly 8 ASCII digits. Returns 0 or PS_EFORMAT ("activation
 * code: ...") / PS_EINVAL (NULL). Says nothing about whether the code is right. */
int ps_activation_code_check(const char *code, struct ps_reason *why);

/* Wraps tmk (16 bytes) for the terminal serial / tid under the code into out (OUT,
 * PS_ACTIVATION_BLOB_LEN bytes), with salt and nonce from r (NULL: RAND_bytes).
 * serial: 1 to 64 printable ASCII characters; tid: 8 printable ASCII characters.
 * Returns 0, PS_EFORMAT (code, serial or tid malformed, named in why), PS_ENOMEM or
 * PS_ECRYPTO. Takes about as long as one scrypt derivation. */
int ps_activation_wrap(const uint8_t tmk[PS_ACTIVATION_TMK_LEN], const char *code,
                       const char *serial, const char *tid, const struct ps_random *r,
                       uint8_t out[PS_ACTIVATION_BLOB_LEN] /* OUT */, struct ps_reason *why);

/* Unwraps blob[0..len) with the code for serial / tid into tmk (OUT; zeroed on error)
 * and checks the TMK's check value against the blob's.
 * Returns 0, PS_ETRUNCATED / PS_ETOOLONG (len is not 64), PS_EUNDEFINED (a version other
 * than 0x01), PS_EFORMAT (code, serial or tid malformed), PS_ECRYPTO ("wrong activation
 * code, or the blob was altered": the tag or the check value does not match) or
 * PS_ENOMEM. */
int ps_activation_unwrap(const uint8_t *blob, size_t len, const char *code, const char *serial,
                         const char *tid, uint8_t tmk[PS_ACTIVATION_TMK_LEN] /* OUT */,
                         struct ps_reason *why);

#endif
