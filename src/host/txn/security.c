/* security.c — field 64 (the UnionPay ECB MAC) checked and signed, and field 52 turned
 * into a PIN proof. Runs on the gateway thread that received the message, with handles
 * the keyring lends it (txn/keyring.h). */
#include "host/txn/security.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/crypto/mac.h"
#include "core/crypto/pinblock.h"

/* Between the PAN and the PIN in the proof's input: neither contains it, so no other
 * PAN and PIN pair reads the same. */
#define PROOF_SEPARATOR '|'

int txn_mac_check(struct ps_cipher *mak, const uint8_t *msg, size_t len, struct ps_reason *why)
{
    uint8_t want[PS_MAC_CUP_LEN];
    int rc;

    if (mak == NULL)
        return ps_fail(why, PS_ECHECK, "MAC mismatch: the terminal has no MAC key");
    if (len < PS_MAC_CUP_LEN)
        return ps_fail(why, PS_EINVAL, "MAC: %zu bytes cannot end in field 64", len);
    rc = ps_mac_cup(mak, msg, len - PS_MAC_CUP_LEN, want, why);
    if (rc == 0)
        rc = ps_mac_verify(msg + len - PS_MAC_CUP_LEN, want, PS_MAC_CUP_LEN, why);
    return rc;
}

int txn_mac_sign(struct ps_cipher *mak, uint8_t *msg, size_t len, struct ps_reason *why)
{
    if (mak == NULL)
        return ps_fail(why, PS_EINVAL, "MAC: the terminal has no MAC key");
    if (len < PS_MAC_CUP_LEN)
        return ps_fail(why, PS_EINVAL, "MAC: %zu bytes cannot end in field 64", len);
    return ps_mac_cup(mak, msg, len - PS_MAC_CUP_LEN, msg + len - PS_MAC_CUP_LEN, why);
}

/* The input (PAN, separator, PIN) is built in a local buffer that is wiped before
 * returning, since it holds the PIN. */
void txn_pin_proof_of(const uint8_t pepper[32], const char *pan, const char *pin,
                      uint8_t proof[TXN_PIN_PROOF_LEN])
{
    uint8_t input[PS_PAN_MAX + 1 + PS_PIN_MAX];
    size_t pan_len = strnlen(pan, PS_PAN_MAX);
    size_t pin_len = strnlen(pin, PS_PIN_MAX);
    unsigned int proof_len = TXN_PIN_PROOF_LEN;

    memcpy(input, pan, pan_len);
    input[pan_len] = PROOF_SEPARATOR;
    memcpy(input + pan_len + 1, pin, pin_len);
    if (HMAC(EVP_sha256(), pepper, 32, input, pan_len + 1 + pin_len, proof, &proof_len) == NULL)
        OPENSSL_cleanse(proof, TXN_PIN_PROOF_LEN); /* all zeros matches no card's proof */
    OPENSSL_cleanse(input, sizeof(input));
}

int txn_pin_proof(struct ps_cipher *pik, const uint8_t block[8], const char *pan,
                  const uint8_t pepper[32], uint8_t proof[TXN_PIN_PROOF_LEN], struct ps_reason *why)
{
    uint8_t clear[PS_PINBLOCK_LEN];
    char pin[PS_PIN_MAX + 1];
    int rc;

    if (pik == NULL)
        return ps_fail(why, PS_EFORMAT, "PIN block: the terminal has no PIN key");
    rc = ps_pinblock_decrypt(pik, block, clear, why);
    if (rc != 0)
        goto out;
    /* a wrong key or a corrupted block decrypts to noise, which format 0 refuses: a
     * bad control nibble, length, digit or fill */
    rc = ps_pinblock_parse(PS_PINBLOCK_FORMAT0, clear, pan, pin, why);
    if (rc != 0)
        goto out;
    txn_pin_proof_of(pepper, pan, pin, proof);
out:
    OPENSSL_cleanse(clear, sizeof(clear));
    OPENSSL_cleanse(pin, sizeof(pin));
    return rc;
}
