/* The command line's options: one table for every command, each command taking the
 * ones it names. Options that may repeat and whose order matters (--ean, --qty,
 * --tender, --line-discount) are kept in order. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "pos/cli/cli.h"

enum kind { TEXT, FLAG, SEQ };

static const struct {
    const char *name;
    enum kind kind;
    size_t offset; /* TEXT: a const char * of struct cli_args; FLAG: an int */
    int seq;       /* SEQ: CLI_OPT_* */
} table[] = {
#define T(n, f)                                                                                    \
    {                                                                                              \
        n, TEXT, offsetof(struct cli_args, f), 0                                                   \
    }
#define F(n, f)                                                                                    \
    {                                                                                              \
        n, FLAG, offsetof(struct cli_args, f), 0                                                   \
    }
    T("home", home),
    T("operator", operator_no),
    T("password", password),
    T("supervisor-password", supervisor_password),
    T("printer", printer),
    T("host", host),
    T("ca", ca),
    T("tid", tid),
    T("mid", mid),
    T("tmk-file", tmk_file),
    T("supervisor-name", supervisor_name),
    T("api", api),
    T("serial", serial),
    T("card-file", card_file),
    T("pan", pan),
    T("expiry", expiry),
    T("pin", pin),
    T("card-type", card_type),
    T("card-reader", card_reader),
    T("swipe", swipe),
    T("amount", amount),
    T("rrn", rrn),
    T("date", date),
    T("auth", auth),
    T("receipt", receipt),
    T("discount", discount),
    T("name", name),
    T("new-password", new_password),
    T("code", code),
    T("price", price),
    T("tax", tax),
    T("stock", stock),
    T("search", search),
    T("kind", kind),
    T("lang", lang),
    F("tls", tls),
    F("insecure", insecure),
    F("excel", excel),
    F("help", help),
    {"ean", SEQ, 0, CLI_OPT_EAN},
    {"qty", SEQ, 0, CLI_OPT_QTY},
    {"tender", SEQ, 0, CLI_OPT_TENDER},
    {"line-discount", SEQ, 0, CLI_OPT_LINE_DISCOUNT},
#undef T
#undef F
};

#define NOPTIONS (sizeof(table) / sizeof(table[0]))

/* Whether command c takes option name (every command takes --home and --help). */
static int takes(const struct cli_command *c, const char *name)
{
    size_t n = strlen(name);
    const char *p = c->options;

    if (strcmp(name, "home") == 0 || strcmp(name, "help") == 0)
        return 1;
    while ((p = strstr(p, name)) != NULL) {
        int starts = p == c->options || p[-1] == ' ';
        int ends = p[n] == '\0' || p[n] == ' ';
        if (starts && ends)
            return 1;
        p += n;
    }
    return 0;
}

static int store(const struct cli_command *c, struct cli_args *a, size_t i, const char *value)
{
    if (!takes(c, table[i].name))
        return cli_error(CLI_USAGE,
                         "%s: --%s is not an option of this command (possum-pos %s "
                         "--help)",
                         c->name, table[i].name, c->name);
    switch (table[i].kind) {
    case TEXT:
        *(const char **)((char *)a + table[i].offset) = value;
        break;
    case FLAG:
        *(int *)((char *)a + table[i].offset) = 1;
        break;
    case SEQ:
        if (a->nseq == CLI_SEQ_MAX)
            return cli_error(CLI_USAGE,
                             "%s: more than %d --ean, --qty, --tender and "
                             "--line-discount",
                             c->name, CLI_SEQ_MAX);
        a->seq[a->nseq++] = (struct cli_seq){table[i].seq, value};
        break;
    }
    return CLI_OK;
}

int cli_parse(const struct cli_command *c, int argc, char **argv, struct cli_args *a)
{
    struct option longopts[NOPTIONS + 1];
    int opt, index = 0, rc;

    memset(a, 0, sizeof(*a));
    for (size_t i = 0; i < NOPTIONS; i++)
        longopts[i] =
            (struct option){table[i].name, table[i].kind == FLAG ? no_argument : required_argument,
                            NULL, (int)(1000 + i)};
    longopts[NOPTIONS] = (struct option){NULL, 0, NULL, 0};
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", longopts, &index)) != -1) {
        if (opt == ':')
            return cli_error(CLI_USAGE, "%s: %s needs a value", c->name, argv[optind - 1]);
        if (opt == '?' || opt < 1000)
            return cli_error(CLI_USAGE, "%s: unknown option '%s' (possum-pos %s --help)", c->name,
                             argv[optind - 1], c->name);
        if ((rc = store(c, a, (size_t)(opt - 1000), optarg)) != CLI_OK)
            return rc;
    }
    a->rest = argv + optind;
    a->nrest = argc - optind;
    return CLI_OK;
}
