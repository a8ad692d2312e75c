/* keystore.h — the device key, and secrets sealed under it.
 *
 * DESIGN.md: keys are stored only encrypted under a master key held outside the
 * database. On the terminal that key is the device key: 32 random bytes in a file of
 * its own (mode 0600, made once at activation), never in the database. The terminal
 * master key, the working keys and the card numbers of the batch are stored sealed
 * under it with libsodium's crypto_secretbox (XSalsa20-Poly1305, a random nonce per
 * seal), so a copy of terminal.db alone gives none of them away.
 *
 * Each sealed value carries its label inside the box ("tmk", "working_keys",
 * "card"), so a value moved into another's place does not open there either.
 *
 * The caller owns struct pos_keystore; pos_keystore_cleanup() wipes the key. Nothing
 * here logs or puts a key byte in a reason. */
#ifndef POSSUM_POS_APP_KEYSTORE_H
#define POSSUM_POS_APP_KEYSTORE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/error.h"

#define POS_DEVICE_KEY_LEN 32
/* What sealing adds to a value: the nonce and the authenticator. */
#define POS_SEAL_OVERHEAD  (24 + 16)
#define POS_SEAL_LABEL_MAX 31
#define POS_SECRET_MAX     256 /* the longest value sealed */

struct pos_keystore {
    uint8_t key[POS_DEVICE_KEY_LEN];
    int loaded;
};

/* Makes a new random device key, writes it to path (which must not exist: the file is
 * created 0600 with O_EXCL) and keeps it in ks. PS_EIO (exists, cannot write) or
 * PS_ECRYPTO (libsodium did not start). */
int pos_keystore_create(struct pos_keystore *ks, const char *path, struct ps_reason *why);

/* Reads the device key at path into ks. PS_EUNDEFINED when there is no such file;
 * PS_EFORMAT when it is not 32 bytes; PS_EIO when it cannot be read or others may
 * read it (group or world permissions: "chmod 600"). */
int pos_keystore_load(struct pos_keystore *ks, const char *path, struct ps_reason *why);

/* Wipes the key. */
void pos_keystore_cleanup(struct pos_keystore *ks);

/* Seals clear[0..len) (len <= POS_SECRET_MAX) with label into out (OUT, cap >=
 * len + POS_SEAL_OVERHEAD + strlen(label) + 1), *out_len the length. PS_EINVAL
 * (no key loaded, label too long, len too big), PS_ESPACE. */
int pos_keystore_seal(const struct pos_keystore *ks, const char *label, const uint8_t *clear,
                      size_t len, uint8_t *out, size_t cap, size_t *out_len /* OUT */,
                      struct ps_reason *why);

/* Opens a sealed value into clear (OUT, cap bytes), *clear_len its length. PS_ECHECK
 * when it does not open under this key with this label (another device key, a value
 * from another place, an edit); PS_EFORMAT when too short; PS_ESPACE. */
int pos_keystore_open(const struct pos_keystore *ks, const char *label, const uint8_t *sealed,
                      size_t len, uint8_t *clear, size_t cap, size_t *clear_len /* OUT */,
                      struct ps_reason *why);

/* Seals clear under label name and stores it as the secret name in app_secret,
 * replacing what was there. */
int pos_keystore_put(sqlite3 *db, const struct pos_keystore *ks, const char *name,
                     const uint8_t *clear, size_t len, struct ps_reason *why);

/* Reads and opens the secret name. PS_EUNDEFINED when there is none; otherwise as
 * pos_keystore_open. */
int pos_keystore_get(sqlite3 *db, const struct pos_keystore *ks, const char *name, uint8_t *clear,
                     size_t cap, size_t *clear_len /* OUT */, struct ps_reason *why);

/* Removes the secret name (no error when absent). */
int pos_keystore_forget(sqlite3 *db, const char *name, struct ps_reason *why);

#endif
