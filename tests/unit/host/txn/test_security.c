/* txn/security.h: field 64 signed and checked over a packed message, and field 52 turned
 * into a PIN proof. */
#include "testing.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/crypto/mac.h"
#include "core/crypto/pinblock.h"
#include "core/iso8583/iso8583.h"
#include "host/txn/security.h"

#define PAN19 "6222021234567890128"

static const char mak_hex[] = "0123456789ABCDEF";
static const char mak2_hex[] = "FEDCBA98765432100123456789ABCDEF";
static const char pik_hex[] = "1111111111111111 2222222222222222";

static struct ps_cipher *handle(const char *hex)
{
    uint8_t key[24];
    size_t len = unhex(hex, key, sizeof(key));
    struct ps_cipher *c = NULL;
    assert_int_equal(ps_cipher_new(&c, PS_CIPHER_TDES, key, len, NULL), 0);
    return c;
}

/* A purchase packed from its MTI, with field 64 as 8 zero bytes to be signed. */
static size_t packed_purchase(uint8_t *out, size_t cap)
{
    struct ps_iso_msg *m = malloc(sizeof(*m));
    size_t len = 0;
    assert_non_null(m);
    ps_iso_init(m, &ps_iso_cup);
    assert_int_equal(ps_iso_set_mti(m, "0200", NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 2, PAN19, NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 3, "000000", NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 4, "000000012345", NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 11, "000123", NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 41, "20250001", NULL), 0);
    assert_int_equal(ps_iso_set_str(m, 60, "22000007000", NULL), 0);
    assert_int_equal(ps_iso_set(m, 64, "\0\0\0\0\0\0\0\0", 8, NULL), 0);
    assert_int_equal(ps_iso_pack(m, out, cap, &len, 0, NULL), 0);
    free(m);
    return len;
}

static void mac_round_trip(void **state)
{
    (void)state;
    uint8_t msg[512], want[8], key[8];
    size_t len = packed_purchase(msg, sizeof(msg)), mac_len = 0;
    struct ps_cipher *mak = handle(mak_hex);
    struct ps_reason why;

    assert_int_equal(txn_mac_sign(mak, msg, len, &why), 0);
    /* the same as the one-shot UnionPay ECB MAC of MTI..63 */
    unhex(mak_hex, key, sizeof(key));
    assert_int_equal(ps_mac(PS_MAC_CUP_ECB, key, 8, msg, len - 8, want, 8, &mac_len, NULL), 0);
    assert_memory_equal(msg + len - 8, want, 8);
    assert_int_equal(txn_mac_check(mak, msg, len, &why), 0);

    /* every single flipped bit, in the fields or in the MAC itself, is caught */
    for (size_t bit = 0; bit < 8 * len; bit++) {
        msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        assert_int_equal(txn_mac_check(mak, msg, len, &why), PS_ECHECK);
        msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    assert_string_equal(why.text, "MAC mismatch");
    assert_int_equal(txn_mac_check(mak, msg, len, NULL), 0);
    ps_cipher_free(mak);
}

static void mac_under_another_key(void **state)
{
    (void)state;
    uint8_t msg[512];
    size_t len = packed_purchase(msg, sizeof(msg));
    struct ps_cipher *mak = handle(mak_hex);
    struct ps_cipher *other = handle(mak2_hex); /* a double-length MAK works too */
    struct ps_reason why;

    assert_int_equal(txn_mac_sign(other, msg, len, NULL), 0);
    assert_int_equal(txn_mac_check(other, msg, len, NULL), 0);
    assert_int_equal(txn_mac_check(mak, msg, len, &why), PS_ECHECK);
    assert_string_equal(why.text, "MAC mismatch");

    assert_int_equal(txn_mac_check(NULL, msg, len, &why), PS_ECHECK);
    assert_string_equal(why.text, "MAC mismatch: the terminal has no MAC key");
    assert_int_equal(txn_mac_sign(NULL, msg, len, NULL), PS_EINVAL);
    assert_int_equal(txn_mac_check(mak, msg, 7, NULL), PS_EINVAL);
    ps_cipher_free(mak);
    ps_cipher_free(other);
}

static void pepper_of(uint8_t pepper[32])
{
    for (int i = 0; i < 32; i++)
        pepper[i] = (uint8_t)(0xC0 + i);
}

/* The proof is HMAC-SHA256 under the pepper of PAN '|' PIN, as security.c documents. */
static void proof_of_is_the_documented_hmac(void **state)
{
    (void)state;
    uint8_t pepper[32], proof[TXN_PIN_PROOF_LEN], want[32], other[TXN_PIN_PROOF_LEN];
    unsigned int want_len = 0;
    const char input[] = PAN19 "|123456";

    pepper_of(pepper);
    txn_pin_proof_of(pepper, PAN19, "123456", proof);
    assert_non_null(
        HMAC(EVP_sha256(), pepper, 32, (const uint8_t *)input, strlen(input), want, &want_len));
    assert_int_equal(want_len, 32);
    assert_memory_equal(proof, want, 32);

    txn_pin_proof_of(pepper, PAN19, "123457", other);
    assert_memory_not_equal(proof, other, 32);
    txn_pin_proof_of(pepper, "6222021234567890136", "123456", other);
    assert_memory_not_equal(proof, other, 32);
    pepper[0] ^= 1;
    txn_pin_proof_of(pepper, PAN19, "123456", other);
    assert_memory_not_equal(proof, other, 32);
}

static void encrypted_block(const char *pin, const char *pan, struct ps_cipher *pik, uint8_t out[8])
{
    uint8_t clear[8];
    assert_int_equal(ps_pinblock_build(PS_PINBLOCK_FORMAT0, pin, pan, NULL, clear, NULL), 0);
    assert_int_equal(ps_pinblock_encrypt(pik, clear, out, NULL), 0);
}

static void pin_proof_from_block(void **state)
{
    (void)state;
    uint8_t pepper[32], block[8], proof[TXN_PIN_PROOF_LEN], want[TXN_PIN_PROOF_LEN];
    struct ps_cipher *pik = handle(pik_hex);
    struct ps_reason why;
    const char *pins[] = {"1234", "123456", "000000000000"};

    pepper_of(pepper);
    for (size_t i = 0; i < PS_ARRAY_LEN(pins); i++) {
        encrypted_block(pins[i], PAN19, pik, block);
        memset(proof, 0, sizeof(proof));
        assert_int_equal(txn_pin_proof(pik, block, PAN19, pepper, proof, &why), 0);
        txn_pin_proof_of(pepper, PAN19, pins[i], want);
        assert_memory_equal(proof, want, TXN_PIN_PROOF_LEN);
    }
    ps_cipher_free(pik);
}

static void unreadable_blocks(void **state)
{
    (void)state;
    uint8_t pepper[32], block[8], proof[TXN_PIN_PROOF_LEN];
    struct ps_cipher *pik = handle(pik_hex);
    struct ps_cipher *wrong = handle("3333333333333333 4444444444444444");
    struct ps_reason why;

    pepper_of(pepper);
    encrypted_block("123456", PAN19, pik, block);
    assert_int_equal(txn_pin_proof(wrong, block, PAN19, pepper, proof, &why), PS_EFORMAT);
    assert_true(strncmp(why.text, "PIN block: ", 11) == 0);

    /* the PAN differs just before its check digit: the fill no longer reads F */
    assert_int_equal(txn_pin_proof(pik, block, "6222021234567890136", pepper, proof, &why),
                     PS_EFORMAT);
    block[7] ^= 1; /* a corrupted block */
    assert_int_equal(txn_pin_proof(pik, block, PAN19, pepper, proof, &why), PS_EFORMAT);
    assert_int_equal(txn_pin_proof(NULL, block, PAN19, pepper, proof, &why), PS_EFORMAT);
    assert_string_equal(why.text, "PIN block: the terminal has no PIN key");
    ps_cipher_free(pik);
    ps_cipher_free(wrong);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mac_round_trip),
        cmocka_unit_test(mac_under_another_key),
        cmocka_unit_test(proof_of_is_the_documented_hmac),
        cmocka_unit_test(pin_proof_from_block),
        cmocka_unit_test(unreadable_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
