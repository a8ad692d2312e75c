/* security.h — the card-security steps the gateway threads run on each message:
 * checking and computing the MAC of field 64, and turning the PIN block of field 52
 * into a proof that the engine compares with the card's, so no PIN ever leaves the
 * thread that decrypted it. */
#ifndef POSSUM_HOST_TXN_SECURITY_H
#define POSSUM_HOST_TXN_SECURITY_H

#include <stddef.h>
#include <stdint.h>

#include "core/crypto/cipher.h"
#include "core/error.h"

#define TXN_PIN_PROOF_LEN 32

/* msg[0..len) is a packed CUP message from its MTI through field 64 (the last 8
 * bytes). Checks those 8 bytes against the UnionPay ECB MAC of the rest under mak, in
 * constant time. Returns 0, PS_ECHECK ("MAC mismatch") or PS_ECRYPTO. */
int txn_mac_check(struct ps_cipher *mak, const uint8_t *msg, size_t len, struct ps_reason *why);

/* Writes the MAC of msg[0..len - 8) under mak into the last 8 bytes of msg. */
int txn_mac_sign(struct ps_cipher *mak, uint8_t *msg, size_t len, struct ps_reason *why);

/* The proof of a PIN: HMAC-SHA256 under pepper (host/keys.h) of the PAN and the PIN.
 * Card records keep the proof of their PIN; a request carries the proof of the PIN
 * typed. */
void txn_pin_proof_of(const uint8_t pepper[32], const char *pan, const char *pin,
                      uint8_t proof[TXN_PIN_PROOF_LEN]);

/* Decrypts the field-52 block under pik, parses it as an ISO 9564 format 0 block for
 * pan, and writes the proof of the PIN into proof. The clear PIN is wiped before
 * returning. Returns 0, or PS_EFORMAT when the block is not a valid PIN block for
 * this PAN under this key (a wrong key, or a corrupted block). */
int txn_pin_proof(struct ps_cipher *pik, const uint8_t block[8], const char *pan,
                  const uint8_t pepper[32], uint8_t proof[TXN_PIN_PROOF_LEN],
                  struct ps_reason *why);

#endif
