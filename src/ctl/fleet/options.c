#include "ctl/fleet/options.h"

#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/hex.h"
#include "ctl/cli.h"
#include "pos/hostlink/terminal.h"

#define DEMO_TMK       "0123456789ABCDEFFEDCBA9876543210"
#define DEMO_FIRST_TID 10000001UL
#define DEFAULT_MIX    "purchase=80,balance=5,void=5,refund=3,decline=7"
#define MAX_TERMINALS  100000
#define MAX_THREADS    64

static const char usage_text[] =
    "usage: possumctl fleet --host HOST:PORT[,HOST:PORT...] [--tls [--ca FILE | --insecure]]\n"
    "                       --terminals N --duration S [OPTIONS]\n"
    "\n"
    "  --host LIST       one host, or several separated by commas (at most 16): terminal\n"
    "                    i talks to host i % n, and only to it, for the whole run\n"
    "  --tid-first TID   the first terminal's TID (10000001); the others follow\n"
    "  --mid MID         one MID for all (default: the demo's, ten terminals a merchant)\n"
    "  --tmk HEX         the terminals' master key (the demo's)\n"
    "  --mix LIST        weights of purchase, balance, void, refund, decline\n"
    "                    (" DEFAULT_MIX ")\n"
    "  --threads T       event-loop threads driving the terminals (2)\n"
    "  --warmup S        seconds run before measuring (0)\n"
    "  --batch-size N    transactions a terminal holds before it settles (500; at most 999)\n"
    "  --pace MS         pause between an answer and the terminal's next request (0)\n"
    "  --timeout MS      for each answer and each connection (5000)\n"
    "  --seed N          replay the same choices (default: from the clock)\n"
    "  --json-only       no progress lines on stderr\n"
    "\n"
    "Each terminal signs in on its own connection, then runs the mix until the duration\n"
    "is over, keeping its batch totals, and settles. The last line on stdout is one JSON\n"
    "object with the figures. Exit 0 when there were no errors, no unexpected declines\n"
    "and no unbalanced batches, 1 otherwise, 2 on a usage error, 3 when the fleet\n"
    "itself could not run (threads, memory).\n";

static const char *const action_names[FLEET_ACTIONS] = {"purchase", "balance", "void", "refund",
                                                        "decline"};

const char *fleet_action_name(enum fleet_action a)
{
    return (unsigned)a < FLEET_ACTIONS ? action_names[a] : "none";
}

void fleet_demo_mid(unsigned long tid, char out[16])
{
    unsigned long merchant = 1 + (tid - DEMO_FIRST_TID) / 10;
    snprintf(out, 16, "89810001234%04lu", merchant % 10000);
}

static int number(const char *opt, const char *arg, unsigned long min, unsigned long max,
                  unsigned long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max)
        return cli_error(CLI_USAGE, "fleet: %s: '%s' is not a number from %lu to %lu", opt, arg,
                         min, max);
    *out = v;
    return CLI_OK;
}

/* "purchase=80,balance=5,...": every action named at most once; the ones not named
 * weigh 0. */
static int parse_mix(const char *text, struct fleet_options *o)
{
    char buf[256], *next;

    if (strlen(text) >= sizeof(buf))
        return cli_error(CLI_USAGE, "fleet: --mix: too long");
    memcpy(buf, text, strlen(text) + 1);
    memset(o->mix, 0, sizeof(o->mix));
    o->mix_total = 0;
    for (char *item = buf; item != NULL; item = next) {
        next = strchr(item, ',');
        if (next != NULL)
            *next++ = '\0';
        char *eq = strchr(item, '=');
        unsigned long w = 0;
        int a = -1;
        for (int i = 0; eq != NULL && i < FLEET_ACTIONS; i++) {
            size_t n = strlen(action_names[i]);
            if ((size_t)(eq - item) == n && strncmp(item, action_names[i], n) == 0)
                a = i;
        }
        if (a < 0)
            return cli_error(CLI_USAGE,
                             "fleet: --mix: '%s' is not purchase, balance, void, "
                             "refund or decline with =WEIGHT",
                             item);
        if (number("--mix", eq + 1, 0, 1000000, &w) != CLI_OK)
            return CLI_USAGE;
        o->mix[a] = (unsigned)w;
        o->mix_total += (unsigned)w;
    }
    if (o->mix_total == 0)
        return cli_error(CLI_USAGE, "fleet: --mix: every weight is 0");
    return CLI_OK;
}

/* --host: "A:P1" or "A:P1,B:P2,...", each as hl_split_host_port() reads it (an IPv6
 * address in brackets). */
static int parse_hosts(const char *text, struct fleet_options *o)
{
    char item[HL_HOST_MAX + HL_PORT_MAX + 4];
    struct ps_reason why;
    const char *p = text;

    o->host_count = 0;
    for (;;) {
        size_t n = strcspn(p, ",");
        if (o->host_count == FLEET_HOSTS_MAX)
            return cli_error(CLI_USAGE, "fleet: --host: more than %d hosts", FLEET_HOSTS_MAX);
        if (n == 0 || n >= sizeof(item))
            return cli_error(CLI_USAGE, "fleet: --host: host %u of '%s' is %s", o->host_count + 1,
                             text, n == 0 ? "empty" : "too long");
        memcpy(item, p, n);
        item[n] = '\0';
        struct fleet_host *h = &o->hosts[o->host_count];
        if (hl_split_host_port(item, h->host, h->port, &why) != 0)
            return cli_error(CLI_USAGE, "fleet: --host: %s", why.text);
        o->host_count++;
        if (p[n] == '\0')
            return CLI_OK;
        p += n + 1;
    }
}

/* The numeric options: name, range and field. */
static const struct {
    const char *name;
    unsigned long min, max;
    size_t offset;
} number_options[] = {
    {"terminals", 1, MAX_TERMINALS, offsetof(struct fleet_options, terminals)},
    {"duration", 1, 86400, offsetof(struct fleet_options, duration_s)},
    {"warmup", 0, 3600, offsetof(struct fleet_options, warmup_s)},
    {"tid-first", 1, 99999999, offsetof(struct fleet_options, tid_first)},
    {"threads", 1, MAX_THREADS, offsetof(struct fleet_options, threads)},
    {"batch-size", 1, HL_BATCH_LIMIT, offsetof(struct fleet_options, batch_size)},
    {"timeout", 1, 600000, offsetof(struct fleet_options, timeout_ms)},
    {"pace", 0, 600000, offsetof(struct fleet_options, pace_ms)},
    {"seed", 0, ~0UL, offsetof(struct fleet_options, seed)},
};

/* getopt values: numeric option i is NUMBER_OPTION + i. */
enum {
    NUMBER_OPTION = 1000,
    OPT_HOST = 2000,
    OPT_TLS,
    OPT_CA,
    OPT_INSECURE,
    OPT_MID,
    OPT_TMK,
    OPT_MIX,
    OPT_JSON_ONLY,
    OPT_HELP
};

static int parse_number(struct fleet_options *o, int i)
{
    char opt[32];
    snprintf(opt, sizeof(opt), "--%s", number_options[i].name);
    return number(opt, optarg, number_options[i].min, number_options[i].max,
                  (unsigned long *)((char *)o + number_options[i].offset));
}

/* The options that are not numbers. */
static int parse_other(struct fleet_options *o, int c, char **argv)
{
    size_t n = 0;

    if (c < OPT_HOST || c > OPT_HELP)
        return cli_option_error("fleet", argv, c);
    if (c == OPT_HOST)
        return parse_hosts(optarg, o);
    if (c == OPT_TMK) {
        if (cli_hex_arg("fleet", "--tmk", optarg, o->tmk, sizeof(o->tmk), &n) != CLI_OK)
            return CLI_USAGE;
        if (n != 16)
            return cli_error(CLI_USAGE, "fleet: --tmk: %zu bytes; 16 expected", n);
    }
    if (c == OPT_MIX)
        return parse_mix(optarg, o);
    o->tls |= c == OPT_TLS;
    o->insecure |= c == OPT_INSECURE;
    o->json_only |= c == OPT_JSON_ONLY;
    if (c == OPT_CA)
        o->ca = optarg;
    if (c == OPT_MID)
        o->mid = optarg;
    return CLI_OK;
}

static void defaults(struct fleet_options *o)
{
    memset(o, 0, sizeof(*o));
    o->tid_first = DEMO_FIRST_TID;
    o->threads = 2;
    o->batch_size = HL_BATCH_DEFAULT;
    o->timeout_ms = 5000;
    o->seed = (uint64_t)time(NULL);
    size_t n = 0;
    ps_hex_decode(DEMO_TMK, strlen(DEMO_TMK), o->tmk, sizeof(o->tmk), &n, NULL);
    parse_mix(DEFAULT_MIX, o);
}

/* What the options say together; seen: the required options given. */
static int check(const struct fleet_options *o, unsigned seen)
{
    if (seen != 7)
        return cli_error(CLI_USAGE, "fleet: --host, --terminals and --duration are required");
    if ((o->ca != NULL || o->insecure) && !o->tls)
        return cli_error(CLI_USAGE, "fleet: --ca and --insecure go with --tls");
    if (o->ca != NULL && o->insecure)
        return cli_error(CLI_USAGE, "fleet: --ca and --insecure exclude each other");
    if (o->tid_first + o->terminals - 1 > 99999999)
        return cli_error(CLI_USAGE, "fleet: TIDs %lu.. do not fit eight digits", o->tid_first);
    if (o->mid == NULL && o->tid_first < DEMO_FIRST_TID)
        return cli_error(CLI_USAGE, "fleet: the demo's MIDs start at TID %lu; give --mid",
                         DEMO_FIRST_TID);
    if (o->mid != NULL && strlen(o->mid) != HL_MID_LEN)
        return cli_error(CLI_USAGE, "fleet: --mid: '%s' is not 15 characters", o->mid);
    return CLI_OK;
}

int fleet_options_parse(int argc, char **argv, struct fleet_options *o, int *help)
{
    static const struct option named[] = {{"host", required_argument, NULL, OPT_HOST},
                                          {"tls", no_argument, NULL, OPT_TLS},
                                          {"ca", required_argument, NULL, OPT_CA},
                                          {"insecure", no_argument, NULL, OPT_INSECURE},
                                          {"mid", required_argument, NULL, OPT_MID},
                                          {"tmk", required_argument, NULL, OPT_TMK},
                                          {"mix", required_argument, NULL, OPT_MIX},
                                          {"json-only", no_argument, NULL, OPT_JSON_ONLY},
                                          {"help", no_argument, NULL, OPT_HELP}};
    struct option longopts[PS_ARRAY_LEN(named) + PS_ARRAY_LEN(number_options) + 1];
    unsigned seen = 0;
    size_t n = 0;
    int c, rc;

    for (size_t i = 0; i < PS_ARRAY_LEN(number_options); i++)
        longopts[n++] = (struct option){number_options[i].name, required_argument, NULL,
                                        NUMBER_OPTION + (int)i};
    for (size_t i = 0; i < PS_ARRAY_LEN(named); i++)
        longopts[n++] = named[i];
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    *help = 0;
    defaults(o);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c == OPT_HELP) {
            fputs(usage_text, stdout);
            *help = 1;
            return CLI_OK;
        }
        seen |= (c == OPT_HOST ? 1u : 0u) | (c == NUMBER_OPTION ? 2u : 0u) |
                (c == NUMBER_OPTION + 1 ? 4u : 0u); /* --host, --terminals, --duration */
        if (c >= NUMBER_OPTION && c < NUMBER_OPTION + (int)PS_ARRAY_LEN(number_options))
            rc = parse_number(o, c - NUMBER_OPTION);
        else
            rc = parse_other(o, c, argv);
        if (rc != CLI_OK)
            return rc;
    }
    if (optind < argc)
        return cli_error(CLI_USAGE, "fleet: unexpected argument '%s'", argv[optind]);
    if (argc < 2) {
        fputs(usage_text, stderr);
        return CLI_USAGE;
    }
    return check(o, seen);
}
