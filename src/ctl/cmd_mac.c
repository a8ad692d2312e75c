/* possumctl mac — the MAC of a message, as it goes into field 64 (docs/possumctl.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/crypto/mac.h"
#include "ctl/cli.h"
#include "ctl/commands.h"

/* The CUP frame's 2-byte length prefix caps a message at 65535 bytes. */
#define DATA_MAX 65536

static const char usage_text[] =
    "usage: possumctl mac --alg ALG --key HEX --data HEX\n"
    "\n"
    "Prints the MAC of --data under --key in uppercase hex: the bytes of field 64.\n"
    "  --alg cup        UnionPay POS \"ECB\" MAC; key 8 (DES) or 16 (3DES) bytes;\n"
    "                   the MAC is 8 ASCII hex characters, printed as their 8 bytes\n"
    "  --alg x919       ANSI X9.19 retail MAC (ISO/IEC 9797-1 algorithm 3); key 16 bytes\n"
    "  --alg alg1-3des  ISO/IEC 9797-1 algorithm 1 (CBC-MAC); key 8, 16 or 24 bytes\n"
    "  --alg alg1-sm4   ISO/IEC 9797-1 algorithm 1 with SM4; key 16 bytes; 16-byte MAC\n"
    "HEX may contain spaces; --data - reads the data from standard input.\n"
    "Exit status: 0 done, 1 invalid key or data, 2 usage error.\n";

static const struct {
    const char *name;
    enum ps_mac_alg alg;
} algs[] = {
    {"cup", PS_MAC_CUP_ECB},
    {"x919", PS_MAC_X919},
    {"alg1-3des", PS_MAC_ALG1_TDES},
    {"alg1-sm4", PS_MAC_ALG1_SM4},
};

static int find_alg(const char *name, enum ps_mac_alg *alg)
{
    for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
        if (strcmp(name, algs[i].name) == 0) {
            *alg = algs[i].alg;
            return CLI_OK;
        }
    }
    return cli_error(CLI_USAGE, "mac: --alg: '%s' is not cup, x919, alg1-3des or alg1-sm4", name);
}

/* Decodes the key and data, computes, prints. */
static int compute(enum ps_mac_alg alg, const char *key_arg, const char *data_arg)
{
    uint8_t key[PS_CIPHER_KEY_MAX + 8], mac[PS_MAC_MAX];
    size_t key_len = 0, data_len = 0, mac_len = 0;
    uint8_t *data = malloc(DATA_MAX);
    struct ps_reason why;
    int status;

    if (data == NULL)
        return cli_error(CLI_FAILURE, "mac: out of memory");
    status = cli_hex_arg("mac", "--key", key_arg, key, sizeof(key), &key_len);
    if (status == CLI_OK)
        status = cli_hex_arg("mac", "--data", data_arg, data, DATA_MAX, &data_len);
    if (status != CLI_OK)
        goto out;
    int rc = ps_mac(alg, key, key_len, data, data_len, mac, sizeof(mac), &mac_len, &why);
    if (rc == PS_EINVAL)
        status = cli_error(CLI_INVALID, "mac: --key: %s", why.text);
    else if (rc != 0)
        status = cli_error(CLI_FAILURE, "mac: %s", why.text);
    else
        cli_print_hex(mac, mac_len);
out:
    OPENSSL_cleanse(key, sizeof(key));
    free(data);
    return status;
}

int cmd_mac(int argc, char **argv)
{
    static const struct option options[] = {
        {"alg", required_argument, NULL, 'a'},
        {"key", required_argument, NULL, 'k'},
        {"data", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *alg_arg = NULL, *key_arg = NULL, *data_arg = NULL;
    enum ps_mac_alg alg = PS_MAC_CUP_ECB;
    int opt;

    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":a:k:d:h", options, NULL)) != -1) {
        switch (opt) {
        case 'a':
            alg_arg = optarg;
            break;
        case 'k':
            key_arg = optarg;
            break;
        case 'd':
            data_arg = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return CLI_OK;
        default:
            return cli_option_error("mac", argv, opt);
        }
    }
    if (optind < argc)
        return cli_error(CLI_USAGE, "mac: unexpected argument '%s'", argv[optind]);
    if (alg_arg == NULL)
        return cli_error(CLI_USAGE, "mac: --alg is required (cup, x919, alg1-3des, alg1-sm4)");
    if (key_arg == NULL)
        return cli_error(CLI_USAGE, "mac: --key is required");
    if (data_arg == NULL)
        return cli_error(CLI_USAGE, "mac: --data is required");
    if (find_alg(alg_arg, &alg) != CLI_OK)
        return CLI_USAGE;
    return compute(alg, key_arg, data_arg);
}
