#include "ctl/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hex.h"

int cli_error(int status, const char *fmt, ...)
{
    va_list ap;
    fputs("possumctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return status;
}

int cli_read_stdin(char **out, size_t *out_len, size_t cap)
{
    char *buf = malloc(cap + 1);
    size_t n = 0;

    *out = NULL;
    if (buf == NULL)
        return cli_error(-1, "out of memory");
    while (n < cap) {
        size_t got = fread(buf + n, 1, cap - n, stdin);
        if (got == 0)
            break;
        n += got;
    }
    if (ferror(stdin)) {
        free(buf);
        return cli_error(-1, "cannot read standard input");
    }
    if (n == cap && fgetc(stdin) != EOF) {
        free(buf);
        return cli_error(-1, "standard input is longer than %zu bytes", cap);
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 0;
}

int cli_hex_arg(const char *cmd, const char *what, const char *arg, uint8_t *out, size_t cap,
                size_t *out_len)
{
    struct ps_reason why;
    char *input = NULL;
    size_t input_len = 0;
    int rc;

    if (strcmp(arg, "-") == 0) {
        if (cli_read_stdin(&input, &input_len, 4 * cap + 64) != 0)
            return CLI_INVALID;
        arg = input;
    } else {
        input_len = strlen(arg);
    }
    rc = ps_hex_decode(arg, input_len, out, cap, out_len, &why);
    free(input);
    if (rc != 0)
        return cli_error(CLI_INVALID, "%s: %s: %s", cmd, what, why.text);
    return CLI_OK;
}

int cli_option_error(const char *cmd, char **argv, int opt)
{
    const char *arg = argv[optind - 1];
    if (opt == ':')
        return cli_error(CLI_USAGE, "%s: %s needs a value", cmd, arg);
    return cli_error(CLI_USAGE, "%s: unknown option '%s' (possumctl %s --help)", cmd, arg, cmd);
}

void cli_print_hex(const uint8_t *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++)
        printf("%02X", bytes[i]);
    putchar('\n');
}
