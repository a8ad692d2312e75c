/* possumctl — the payment engineer's toolbox: one scriptable command instead of a
 * desktop calculator and a hex editor. docs/possumctl.md documents every command and
 * its output format. */
#include <stdio.h>
#include <string.h>

#include "ctl/cli.h"
#include "ctl/commands.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"iso8583", cmd_iso8583, "decode or encode an ISO 8583 message (CUP POS or ISO 8583:1987)"},
    {"mac", cmd_mac, "compute a MAC: cup, x919, alg1-3des, alg1-sm4"},
    {"pinblock", cmd_pinblock, "build or parse an ISO 9564 PIN block (formats 0, 1, 3)"},
    {"kcv", cmd_kcv, "compute a key check value (3DES or SM4)"},
    {"activation", cmd_activation, "open the master key of a back-office activation answer"},
    {"check", cmd_check, "validate luhn, ean, idcard, uscc, paycode or mcc values"},
    {"txn", cmd_txn, "send one transaction to possumd as a terminal would"},
    {"fleet", cmd_fleet, "simulate a fleet of terminals against possumd (load test)"},
};

static void usage(FILE *out)
{
    fputs("usage: possumctl COMMAND [ARGS...]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'possumctl COMMAND --help' describes one command; docs/possumctl.md has them all.\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    }
    return cli_error(CLI_USAGE, "unknown command '%s' (possumctl --help lists them)", argv[1]);
}
