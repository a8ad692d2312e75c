/* cli.h — what every possumctl command shares: exit codes, error printing, and
 * reading hex or text arguments (where "-" means standard input). */
#ifndef POSSUM_CTL_CLI_H
#define POSSUM_CTL_CLI_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes, documented in docs/possumctl.md. */
enum cli_exit {
    CLI_OK = 0,      /* done; for checks: valid */
    CLI_INVALID = 1, /* the input was examined and rejected (bad message, invalid value) */
    CLI_USAGE = 2,   /* the command line itself is wrong */
    CLI_FAILURE = 3  /* the tool could not do its job (I/O, crypto library) */
};

/* Prints "possumctl: <message>" to stderr and returns status, for
 * `return cli_error(CLI_USAGE, "...")`. */
int cli_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads all of standard input into a NUL-terminated heap buffer of at most cap bytes.
 * The caller frees *out. Returns 0, or -1 after printing why. */
int cli_read_stdin(char **out, size_t *out_len, size_t cap);

/* Decodes the hex argument `arg` ("-" reads it from standard input) into out.
 * Errors name the command and the argument ("possumctl: mac: --key: hex: ...").
 * Returns 0, or an exit status after printing why. */
int cli_hex_arg(const char *cmd, const char *what, const char *arg, uint8_t *out, size_t cap,
                size_t *out_len);

/* Reports what getopt_long() (run with a leading ':' in its option string and opterr
 * = 0) refused: opt is ':' for a missing value, anything else for an unknown option.
 * Returns CLI_USAGE. */
int cli_option_error(const char *cmd, char **argv, int opt);

/* Prints bytes as one line of uppercase hex. */
void cli_print_hex(const uint8_t *bytes, size_t len);

#endif
