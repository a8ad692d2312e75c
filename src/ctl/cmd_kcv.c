/* possumctl kcv — the check value of a key, to compare with a key custodian's slip or a
 * sign-in response (docs/possumctl.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/crypto/cipher.h"
#include "ctl/cli.h"
#include "ctl/commands.h"

#define DEFAULT_LEN 3

static const char usage_text[] =
    "usage: possumctl kcv --key HEX [--alg 3des|sm4] [--len N]\n"
    "\n"
    "Prints the key check value in uppercase hex: the first N bytes (default 3) of the\n"
    "key encrypting an all-zero block.\n"
    "  --alg 3des  (default) key 8 (single DES), 16 or 24 bytes; N from 1 to 8\n"
    "  --alg sm4   key 16 bytes; N from 1 to 16\n"
    "Exit status: 0 done, 1 invalid key, 2 usage error.\n";

static int parse_alg(const char *arg, enum ps_cipher_alg *alg)
{
    if (strcmp(arg, "3des") == 0)
        *alg = PS_CIPHER_TDES;
    else if (strcmp(arg, "sm4") == 0)
        *alg = PS_CIPHER_SM4;
    else
        return cli_error(CLI_USAGE, "kcv: --alg: '%s' is not 3des or sm4", arg);
    return CLI_OK;
}

/* --len: a whole number within the algorithm's block. */
static int parse_len(const char *arg, enum ps_cipher_alg alg, size_t *len)
{
    size_t max = alg == PS_CIPHER_SM4 ? PS_SM4_BLOCK : PS_TDES_BLOCK;
    char *end = NULL;
    unsigned long v;

    if (arg == NULL) {
        *len = DEFAULT_LEN;
        return CLI_OK;
    }
    v = strtoul(arg, &end, 10);
    if (arg[0] < '0' || arg[0] > '9' || *end != '\0')
        return cli_error(CLI_USAGE, "kcv: --len: '%s' is not a number", arg);
    if (v < 1 || v > max)
        return cli_error(CLI_USAGE, "kcv: --len: %s is outside 1..%zu", arg, max);
    *len = v;
    return CLI_OK;
}

static int compute(enum ps_cipher_alg alg, const char *key_arg, size_t len)
{
    uint8_t key[PS_CIPHER_KEY_MAX + 8], kcv[PS_CIPHER_BLOCK_MAX];
    size_t key_len = 0;
    struct ps_reason why;
    int status = cli_hex_arg("kcv", "--key", key_arg, key, sizeof(key), &key_len);

    if (status == CLI_OK) {
        int rc = ps_kcv(alg, key, key_len, kcv, len, &why);
        if (rc == PS_EINVAL)
            status = cli_error(CLI_INVALID, "kcv: --key: %s", why.text);
        else if (rc != 0)
            status = cli_error(CLI_FAILURE, "kcv: %s", why.text);
        else
            cli_print_hex(kcv, len);
    }
    OPENSSL_cleanse(key, sizeof(key));
    return status;
}

int cmd_kcv(int argc, char **argv)
{
    static const struct option options[] = {
        {"key", required_argument, NULL, 'k'},
        {"alg", required_argument, NULL, 'a'},
        {"len", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *key_arg = NULL, *len_arg = NULL;
    enum ps_cipher_alg alg = PS_CIPHER_TDES;
    size_t len = DEFAULT_LEN;
    int opt;

    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":k:a:l:h", options, NULL)) != -1) {
        switch (opt) {
        case 'k':
            key_arg = optarg;
            break;
        case 'a':
            if (parse_alg(optarg, &alg) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'l':
            len_arg = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return CLI_OK;
        default:
            return cli_option_error("kcv", argv, opt);
        }
    }
    if (optind < argc)
        return cli_error(CLI_USAGE, "kcv: unexpected argument '%s'", argv[optind]);
    if (key_arg == NULL)
        return cli_error(CLI_USAGE, "kcv: --key is required");
    if (parse_len(len_arg, alg, &len) != CLI_OK)
        return CLI_USAGE;
    return compute(alg, key_arg, len);
}
