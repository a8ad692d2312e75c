/* possum-pos — the terminal application a cashier uses all day, as a command line for
 * integrators and tests: every command prints one JSON object on stdout, and says
 * what went wrong on stderr with an exit status that tells why. The application
 * itself is src/pos/app; this and src/pos/cli only read arguments and print. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

static const char usage_text[] =
    "usage: possum-pos [--home DIR] COMMAND [OPTIONS]\n"
    "\n"
    "The terminal's home is --home DIR, else $POSSUM_POS_HOME, else ./var/pos.\n"
    "\n"
    "commands:\n";

static const char status_text[] =
    "\n"
    "Each command prints one JSON object on stdout (\"result\": ok, declined, offline,\n"
    "denied, refused, queued or error; \"message\"; the receipt's text as \"receipt\").\n"
    "Exit status: 0 done, 1 the terminal failed, 2 usage, 3 the host is not reachable,\n"
    "4 declined, 5 log in or the supervisor needed, 6 refused by the terminal's rules,\n"
    "7 waiting in the outbox. 'possum-pos COMMAND --help' describes a command;\n"
    "docs/terminal.md is the guide.\n";

static void usage(FILE *out)
{
    fputs(usage_text, out);
    for (size_t i = 0; i < cli_ncommands; i++)
        fprintf(out, "  %-10s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fputs(status_text, out);
}

static void command_help(const struct cli_command *c)
{
    printf("usage: possum-pos [--home DIR] %s [OPTIONS]  — %s\n\n%s", c->name, c->summary, c->help);
}

int main(int argc, char **argv)
{
    const char *home = NULL;
    struct cli_args a;
    int at = 1, rc;

    signal(SIGPIPE, SIG_IGN); /* a TLS write to a closed connection (hostlink/link.h) */
    if (at + 1 < argc && strcmp(argv[at], "--home") == 0) {
        home = argv[at + 1];
        at += 2;
    }
    if (at >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[at], "--help") == 0 || strcmp(argv[at], "-h") == 0 ||
        strcmp(argv[at], "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    for (size_t i = 0; i < cli_ncommands; i++) {
        const struct cli_command *c = &cli_commands[i];
        if (strcmp(argv[at], c->name) != 0)
            continue;
        if ((rc = cli_parse(c, argc - at, argv + at, &a)) != CLI_OK)
            return rc;
        if (a.help) {
            command_help(c);
            return CLI_OK;
        }
        if (a.home == NULL)
            a.home = home;
        return c->run(&a);
    }
    return cli_error(CLI_USAGE, "unknown command '%s' (possum-pos --help lists them)", argv[at]);
}
