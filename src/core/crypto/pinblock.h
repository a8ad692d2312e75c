/* pinblock.h — ISO 9564-1 PIN blocks, formats 0, 1 and 3: build and parse the clear
 * 8-byte block, and encrypt or decrypt it under a PIN key.
 *
 * A block is 16 nibbles. The PIN field is C N P P P P (P/F)... : control nibble C (the
 * format), PIN length N (4 to 12), the PIN digits, then fill:
 *   format 0  fill F, the field XORed with the PAN field
 *   format 1  transaction-unique fill (any nibble), no PAN
 *   format 3  random fill nibbles A to F, the field XORed with the PAN field
 * The PAN field is 0000 followed by the 12 rightmost PAN digits excluding the check
 * digit. ISO 9564-1 left-pads shorter PANs with zeros; card PANs in this market have 16
 * to 19 digits, so a PAN under 13 digits is refused as a likely truncation.
 *
 * Strings (PIN, PAN, fill) are NUL-terminated and only read. A PIN block is a secret:
 * the caller wipes blocks and PINs when done (OPENSSL_cleanse).
 */
#ifndef POSSUM_CORE_CRYPTO_PINBLOCK_H
#define POSSUM_CORE_CRYPTO_PINBLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "core/crypto/cipher.h"
#include "core/error.h"

enum ps_pinblock_format {
    PS_PINBLOCK_FORMAT0 = 0,
    PS_PINBLOCK_FORMAT1 = 1,
    PS_PINBLOCK_FORMAT3 = 3
};

#define PS_PINBLOCK_LEN 8
#define PS_PIN_MIN      4
#define PS_PIN_MAX      12
#define PS_PAN_MIN      13
#define PS_PAN_MAX      19

/* Builds the clear PIN block of pin into out (OUT).
 * pan: the card number, required for formats 0 and 3, NULL for format 1.
 * fill: for formats 1 and 3, exactly 14 - strlen(pin) hex digits (A-F only for format
 * 3), which makes the block reproducible; NULL draws them from RAND_bytes. Must be
 * NULL for format 0, whose fill is always F.
 * Returns 0, PS_EINVAL (undefined format, a PAN or fill the format does not take) or
 * PS_EFORMAT (a bad PIN, PAN or fill, named in why), or PS_ECRYPTO (no randomness). */
int ps_pinblock_build(enum ps_pinblock_format format, const char *pin, const char *pan,
                      const char *fill, uint8_t out[PS_PINBLOCK_LEN], struct ps_reason *why);

/* Checks the clear PIN block and writes its PIN, NUL-terminated, into pin (OUT).
 * pan as for ps_pinblock_build(). Everything is validated: the control nibble, the
 * length, each PIN digit, and the fill (F for format 0, A-F for format 3).
 * Returns 0, PS_EINVAL (undefined format, PAN given or missing) or PS_EFORMAT (the block
 * or PAN is wrong, named in why). On error pin is "". */
int ps_pinblock_parse(enum ps_pinblock_format format, const uint8_t block[PS_PINBLOCK_LEN],
                      const char *pan, char pin[PS_PIN_MAX + 1], struct ps_reason *why);

/* Encrypts (or decrypts) one PIN block under pik, ECB, into out (OUT; may be in). The
 * key must be of the DES family: these formats fill one 8-byte block.
 * Returns 0, PS_EINVAL (an SM4 key) or PS_ECRYPTO. */
int ps_pinblock_encrypt(struct ps_cipher *pik, const uint8_t in[PS_PINBLOCK_LEN],
                        uint8_t out[PS_PINBLOCK_LEN], struct ps_reason *why);
int ps_pinblock_decrypt(struct ps_cipher *pik, const uint8_t in[PS_PINBLOCK_LEN],
                        uint8_t out[PS_PINBLOCK_LEN], struct ps_reason *why);

#endif
