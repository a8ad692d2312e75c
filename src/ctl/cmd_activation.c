/* possumctl activation — opens the master key possumd's activation answer carries
 * (POST /api/v1/activation: "tmk_blob"), as a terminal does with its one-time code: what
 * an engineer uses to try the back office's activation by hand, and to check a blob. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/crypto/activation.h"
#include "core/crypto/cipher.h"
#include "ctl/cli.h"
#include "ctl/commands.h"

static const char usage_text[] =
    "usage: possumctl activation --blob HEX --code CODE --serial SERIAL --tid TID\n"
    "\n"
    "Unwraps the terminal master key from an activation answer's tmk_blob with the\n"
    "one-time code, for the terminal of that serial number and TID, and prints it in\n"
    "hex with its check value: \"TMK KCV\". A wrong code, serial or TID, or a blob that\n"
    "was altered, are refused alike.\n"
    "Exit status: 0 done, 1 refused, 2 usage error.\n";

static int unwrap(const char *blob_arg, const char *code, const char *serial, const char *tid)
{
    uint8_t blob[PS_ACTIVATION_BLOB_LEN + 8], tmk[PS_ACTIVATION_TMK_LEN], kcv[3];
    size_t len = 0;
    struct ps_reason why;
    int status = cli_hex_arg("activation", "--blob", blob_arg, blob, sizeof(blob), &len);

    if (status != CLI_OK)
        return status;
    int rc = ps_activation_unwrap(blob, len, code, serial, tid, tmk, &why);
    if (rc == 0)
        rc = ps_kcv(PS_CIPHER_TDES, tmk, sizeof(tmk), kcv, sizeof(kcv), &why);
    if (rc != 0) {
        status = cli_error(CLI_INVALID, "activation: %s", why.text);
    } else {
        for (size_t i = 0; i < sizeof(tmk); i++)
            printf("%02X", tmk[i]);
        printf(" %02X%02X%02X\n", kcv[0], kcv[1], kcv[2]);
    }
    OPENSSL_cleanse(tmk, sizeof(tmk));
    return status;
}

int cmd_activation(int argc, char **argv)
{
    static const struct option options[] = {
        {"blob", required_argument, NULL, 'b'},   {"code", required_argument, NULL, 'c'},
        {"serial", required_argument, NULL, 's'}, {"tid", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *blob = NULL, *code = NULL, *serial = NULL, *tid = NULL;
    int opt;

    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":b:c:s:t:h", options, NULL)) != -1) {
        switch (opt) {
        case 'b':
            blob = optarg;
            break;
        case 'c':
            code = optarg;
            break;
        case 's':
            serial = optarg;
            break;
        case 't':
            tid = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return CLI_OK;
        default:
            return cli_option_error("activation", argv, opt);
        }
    }
    if (optind < argc)
        return cli_error(CLI_USAGE, "activation: unexpected argument '%s'", argv[optind]);
    if (blob == NULL || code == NULL || serial == NULL || tid == NULL)
        return cli_error(CLI_USAGE, "activation: --blob, --code, --serial and --tid are needed");
    return unwrap(blob, code, serial, tid);
}
