/* possumctl pinblock — build or parse an ISO 9564 PIN block, formats 0, 1 and 3, in the
 * clear or under a PIN key (docs/possumctl.md). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/crypto/pinblock.h"
#include "ctl/cli.h"
#include "ctl/commands.h"

static const char usage_text[] =
    "usage: possumctl pinblock build --format 0|1|3 --pin PIN [--pan PAN] [--fill HEX]\n"
    "                                [--key HEX]\n"
    "       possumctl pinblock parse --format 0|1|3 --block HEX [--pan PAN] [--key HEX]\n"
    "\n"
    "build  prints the clear PIN block as 16 uppercase hex digits. --pan is required for\n"
    "       formats 0 and 3 and refused for format 1. --fill gives the fill digits of\n"
    "       formats 1 and 3 (14 minus the PIN length of them; A-F for format 3); without\n"
    "       it they are random. With --key (a DES or 3DES PIN key of 8, 16 or 24 bytes)\n"
    "       a second line, \"encrypted: HEX\", gives the block encrypted under it (ECB).\n"
    "parse  checks the clear block --block and prints its PIN; with --key, --block is\n"
    "       the encrypted block and is decrypted first.\n"
    "Exit status: 0 done, 1 invalid PIN, PAN, fill, block or key, 2 usage error.\n";

struct args {
    const char *format, *pin, *pan, *fill, *block, *key;
};

/* Reads the options of `build` or `parse`; argv[0] is the subcommand. Returns CLI_OK,
 * an exit status, or -1 after printing the usage for --help. */
static int read_args(int argc, char **argv, struct args *a)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'}, {"pin", required_argument, NULL, 'p'},
        {"pan", required_argument, NULL, 'n'},    {"fill", required_argument, NULL, 'l'},
        {"block", required_argument, NULL, 'b'},  {"key", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    int opt;

    memset(a, 0, sizeof(*a));
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":f:p:n:l:b:k:h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            a->format = optarg;
            break;
        case 'p':
            a->pin = optarg;
            break;
        case 'n':
            a->pan = optarg;
            break;
        case 'l':
            a->fill = optarg;
            break;
        case 'b':
            a->block = optarg;
            break;
        case 'k':
            a->key = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return -1;
        default:
            return cli_option_error("pinblock", argv, opt);
        }
    }
    if (optind < argc)
        return cli_error(CLI_USAGE, "pinblock: unexpected argument '%s'", argv[optind]);
    return CLI_OK;
}

static int parse_format(const char *arg, enum ps_pinblock_format *format)
{
    if (arg == NULL)
        return cli_error(CLI_USAGE, "pinblock: --format is required (0, 1 or 3)");
    if (strcmp(arg, "0") == 0)
        *format = PS_PINBLOCK_FORMAT0;
    else if (strcmp(arg, "1") == 0)
        *format = PS_PINBLOCK_FORMAT1;
    else if (strcmp(arg, "3") == 0)
        *format = PS_PINBLOCK_FORMAT3;
    else
        return cli_error(CLI_USAGE, "pinblock: --format: '%s' is not 0, 1 or 3", arg);
    return CLI_OK;
}

/* Which options a format takes is a usage question, answered before any value is read. */
static int check_pan_option(enum ps_pinblock_format format, const char *pan)
{
    if (format == PS_PINBLOCK_FORMAT1 && pan != NULL)
        return cli_error(CLI_USAGE, "pinblock: --pan: format 1 does not use a PAN");
    if (format != PS_PINBLOCK_FORMAT1 && pan == NULL)
        return cli_error(CLI_USAGE, "pinblock: --pan is required for format %d", (int)format);
    return CLI_OK;
}

/* build takes no --block; parse takes no --pin or --fill. */
static int check_unused(const char *sub, const struct args *a)
{
    const char *extra = NULL;

    if (strcmp(sub, "build") == 0)
        extra = a->block != NULL ? "--block" : NULL;
    else
        extra = a->pin != NULL ? "--pin" : a->fill != NULL ? "--fill" : NULL;
    if (extra != NULL)
        return cli_error(CLI_USAGE, "pinblock: %s does not take %s", sub, extra);
    return CLI_OK;
}

/* The library starts each reason with what it is about; print it under the option that
 * supplied it ("PIN: 3 digits ..." becomes "--pin: 3 digits ..."). */
static int invalid(const char *reason)
{
    static const struct {
        const char *prefix, *option;
    } map[] = {
        {"PIN: ", "--pin"}, {"PAN: ", "--pan"}, {"fill: ", "--fill"}, {"PIN block: ", "--block"}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        size_t n = strlen(map[i].prefix);
        if (strncmp(reason, map[i].prefix, n) == 0)
            return cli_error(CLI_INVALID, "pinblock: %s: %s", map[i].option, reason + n);
    }
    return cli_error(CLI_INVALID, "pinblock: %s", reason);
}

/* --key: a DES-family PIN key handle, or NULL when the option is absent. */
static int open_key(const char *arg, struct ps_cipher **pik)
{
    uint8_t key[PS_CIPHER_KEY_MAX + 8];
    size_t len = 0;
    struct ps_reason why;
    int status;

    *pik = NULL;
    if (arg == NULL)
        return CLI_OK;
    status = cli_hex_arg("pinblock", "--key", arg, key, sizeof(key), &len);
    if (status == CLI_OK && ps_cipher_new(pik, PS_CIPHER_TDES, key, len, &why) != 0)
        status = cli_error(CLI_INVALID, "pinblock: --key: %s", why.text);
    OPENSSL_cleanse(key, sizeof(key));
    return status;
}

static int build(const struct args *a, enum ps_pinblock_format format, struct ps_cipher *pik)
{
    uint8_t block[PS_PINBLOCK_LEN];
    struct ps_reason why;
    int status = CLI_OK;

    if (a->pin == NULL)
        return cli_error(CLI_USAGE, "pinblock: --pin is required");
    if (format == PS_PINBLOCK_FORMAT0 && a->fill != NULL)
        return cli_error(CLI_USAGE, "pinblock: --fill: format 0 takes none (its fill is F)");
    if (ps_pinblock_build(format, a->pin, a->pan, a->fill, block, &why) != 0)
        return invalid(why.text);
    cli_print_hex(block, sizeof(block));
    if (pik != NULL) {
        if (ps_pinblock_encrypt(pik, block, block, &why) != 0) {
            status = cli_error(CLI_FAILURE, "pinblock: %s", why.text);
        } else {
            fputs("encrypted: ", stdout);
            cli_print_hex(block, sizeof(block));
        }
    }
    OPENSSL_cleanse(block, sizeof(block));
    return status;
}

static int parse(const struct args *a, enum ps_pinblock_format format, struct ps_cipher *pik)
{
    uint8_t block[PS_PINBLOCK_LEN + 1];
    char pin[PS_PIN_MAX + 1];
    size_t len = 0;
    struct ps_reason why;
    int status;

    if (a->block == NULL)
        return cli_error(CLI_USAGE, "pinblock: --block is required");
    status = cli_hex_arg("pinblock", "--block", a->block, block, sizeof(block), &len);
    if (status == CLI_OK && len != PS_PINBLOCK_LEN)
        status = cli_error(CLI_INVALID, "pinblock: --block: %zu bytes; %d expected", len,
                           PS_PINBLOCK_LEN);
    if (status == CLI_OK && pik != NULL && ps_pinblock_decrypt(pik, block, block, &why) != 0)
        status = cli_error(CLI_FAILURE, "pinblock: %s", why.text);
    if (status == CLI_OK && ps_pinblock_parse(format, block, a->pan, pin, &why) != 0)
        status = invalid(why.text);
    if (status == CLI_OK)
        puts(pin);
    OPENSSL_cleanse(block, sizeof(block));
    OPENSSL_cleanse(pin, sizeof(pin));
    return status;
}

int cmd_pinblock(int argc, char **argv)
{
    enum ps_pinblock_format format = PS_PINBLOCK_FORMAT0;
    struct ps_cipher *pik = NULL;
    struct args a;
    int status;

    if (argc < 2) {
        fputs(usage_text, stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, stdout);
        return CLI_OK;
    }
    int is_build = strcmp(argv[1], "build") == 0;
    if (!is_build && strcmp(argv[1], "parse") != 0)
        return cli_error(CLI_USAGE, "pinblock: unknown subcommand '%s' (build or parse)", argv[1]);
    status = read_args(argc - 1, argv + 1, &a);
    if (status != CLI_OK)
        return status < 0 ? CLI_OK : status;
    if (parse_format(a.format, &format) != CLI_OK || check_pan_option(format, a.pan) != CLI_OK)
        return CLI_USAGE;
    if (check_unused(argv[1], &a) != CLI_OK)
        return CLI_USAGE;
    status = open_key(a.key, &pik);
    if (status == CLI_OK)
        status = is_build ? build(&a, format, pik) : parse(&a, format, pik);
    ps_cipher_free(pik);
    return status;
}
