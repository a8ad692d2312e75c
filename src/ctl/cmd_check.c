/* possumctl check — validates one identifier with libpossum's checks and says, in one
 * line, what is wrong with it: the same sentences reviewers see next to a merchant
 * application and cashiers see when a scanned code is refused.
 * docs/possumctl.md documents the output and exit codes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/checks/ean.h"
#include "core/checks/luhn.h"
#include "core/checks/mcc.h"
#include "core/checks/paycode.h"
#include "core/checks/resident_id.h"
#include "core/checks/uscc.h"
#include "ctl/cli.h"
#include "ctl/commands.h"

#define VALUE_CAP   256 /* the longest value read from standard input */
#define EXPLAIN_CAP 256 /* the longest --explain line */

struct check_options {
    int explain;
    const char *today; /* --today YYYYMMDD, or NULL for the local date */
};

/* Each kind checks value[0..len), writes what it found into explain[0..EXPLAIN_CAP)
 * when the value is valid, and returns 0 or a negative PS_E* code with why filled. */
static int check_luhn(const char *value, size_t len, uint32_t today, char *explain,
                      struct ps_reason *why)
{
    (void)today;
    int rc = ps_luhn_validate(value, len, why);
    if (rc == 0)
        snprintf(explain, EXPLAIN_CAP, "check digit: %c", value[len - 1]);
    return rc;
}

static int check_ean(const char *value, size_t len, uint32_t today, char *explain,
                     struct ps_reason *why)
{
    enum ps_ean_kind kind;
    (void)today;
    int rc = ps_ean_validate(value, len, &kind, why);
    if (rc == 0)
        snprintf(explain, EXPLAIN_CAP, "kind: %s", ps_ean_kind_name(kind));
    return rc;
}

static int check_idcard(const char *value, size_t len, uint32_t today, char *explain,
                        struct ps_reason *why)
{
    struct ps_resident_id id;
    int rc = ps_resident_id_validate_as_of(value, len, today, &id, why);
    if (rc == 0)
        snprintf(explain, EXPLAIN_CAP, "birth date: %04u-%02u-%02u, sex: %s", id.birth_year,
                 id.birth_month, id.birth_day, ps_sex_name(id.sex));
    return rc;
}

static int check_uscc(const char *value, size_t len, uint32_t today, char *explain,
                      struct ps_reason *why)
{
    struct ps_uscc code;
    (void)today;
    int rc = ps_uscc_validate(value, len, &code, why);
    if (rc == 0)
        snprintf(explain, EXPLAIN_CAP,
                 "organisation code: %.8s-%c, authority: %s, category: %s, division: %s",
                 code.org_code, code.org_code[8], ps_uscc_authority_name(code.authority),
                 ps_uscc_category_name(code.authority, code.category), code.division);
    return rc;
}

static int check_paycode(const char *value, size_t len, uint32_t today, char *explain,
                         struct ps_reason *why)
{
    enum ps_paycode_scheme scheme;
    (void)today;
    int rc = ps_paycode_identify(value, len, &scheme, why);
    if (rc == 0)
        snprintf(explain, EXPLAIN_CAP, "scheme: %s", ps_paycode_scheme_name(scheme));
    return rc;
}

static int check_mcc(const char *value, size_t len, uint32_t today, char *explain,
                     struct ps_reason *why)
{
    (void)today;
    int rc = ps_mcc_validate(value, len, why);
    if (rc == 0)
        snprintf(explain, EXPLAIN_CAP, "merchant category code: %.4s", value);
    return rc;
}

static const struct kind {
    const char *name;
    const char *summary;
    int (*check)(const char *value, size_t len, uint32_t today, char *explain,
                 struct ps_reason *why);
    int takes_today;
} kinds[] = {
    {"luhn", "digits ending in a Luhn check digit: card numbers (ISO/IEC 7812-1)", check_luhn, 0},
    {"ean", "a product code: EAN-13, EAN-8 or UPC-A (GS1 General Specifications)", check_ean, 0},
    {"idcard", "an 18-character resident identity number (GB 11643-1999)", check_idcard, 1},
    {"uscc", "an 18-character unified social credit code (GB 32100-2015)", check_uscc, 0},
    {"paycode", "a customer's payment code: WeChat Pay, Alipay or UnionPay QR", check_paycode, 0},
    {"mcc", "a merchant category code, 4 digits (ISO 18245)", check_mcc, 0},
};

#define KIND_NAMES "luhn, ean, idcard, uscc, paycode or mcc"

static void usage(FILE *out)
{
    fputs("usage: possumctl check [--explain] [--today YYYYMMDD] KIND VALUE\n\n"
          "Prints \"valid\" (exit 0) or \"invalid: REASON\" (exit 1). VALUE \"-\" reads\n"
          "one line from standard input.\n\nkinds:\n",
          out);
    for (size_t i = 0; i < PS_ARRAY_LEN(kinds); i++)
        fprintf(out, "  %-8s %s\n", kinds[i].name, kinds[i].summary);
    fputs("\noptions:\n"
          "  --explain         on a valid value, add a line saying what it holds\n"
          "  --today YYYYMMDD  idcard: reject birth dates after this day (default: the\n"
          "                    local date)\n",
          out);
}

static const struct kind *find_kind(const char *name)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(kinds); i++) {
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    }
    return NULL;
}

/* Sets *today to the --today argument, or to the local date when arg is NULL.
 * Returns CLI_OK or the exit status after printing why. */
static int resolve_today(const char *arg, uint32_t *today)
{
    if (arg != NULL) {
        if (strlen(arg) != 8 || strspn(arg, "0123456789") != 8)
            return cli_error(CLI_USAGE, "check: --today wants a date as YYYYMMDD, not '%s'", arg);
        *today = (uint32_t)strtoul(arg, NULL, 10);
        return CLI_OK;
    }
    time_t now = time(NULL);
    struct tm local;
    if (now == (time_t)-1 || localtime_r(&now, &local) == NULL)
        return cli_error(CLI_FAILURE, "check: cannot read the local date");
    *today = (uint32_t)(local.tm_year + 1900) * 10000 + (uint32_t)(local.tm_mon + 1) * 100 +
             (uint32_t)local.tm_mday;
    return CLI_OK;
}

/* Points *value at arg, or for "-" at one line read from standard input without its
 * line ending (*owned then holds the buffer for the caller to free).
 * Returns CLI_OK or the exit status after printing why. */
static int read_value(const char *arg, const char **value, size_t *len, char **owned)
{
    *owned = NULL;
    if (strcmp(arg, "-") != 0) {
        *value = arg;
        *len = strlen(arg);
        return CLI_OK;
    }
    if (cli_read_stdin(owned, len, VALUE_CAP) != 0)
        return CLI_INVALID;
    if (*len > 0 && (*owned)[*len - 1] == '\n')
        (*len)--;
    if (*len > 0 && (*owned)[*len - 1] == '\r')
        (*len)--;
    *value = *owned;
    return CLI_OK;
}

static int run_check(const struct kind *kind, const char *arg, uint32_t today, int explain)
{
    char explain_line[EXPLAIN_CAP] = "";
    struct ps_reason why;
    const char *value;
    char *owned;
    size_t len;

    int status = read_value(arg, &value, &len, &owned);
    if (status != CLI_OK)
        return status;
    int rc = kind->check(value, len, today, explain_line, &why);
    free(owned);
    if (rc == PS_EINVAL) /* only idcard's reference date can be out of range */
        return cli_error(CLI_USAGE, "check: --today: %s", why.text);
    if (rc != 0) {
        printf("invalid: %s\n", why.text);
        return CLI_INVALID;
    }
    puts("valid");
    if (explain)
        puts(explain_line);
    return CLI_OK;
}

#define GO_ON (-1)

/* Reads the options before KIND into *opts and sets *next to the index of KIND.
 * Returns GO_ON, or the exit status to end with (--help, or a usage error). */
static int parse_options(int argc, char **argv, struct check_options *opts, int *next)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--explain") == 0) {
            opts->explain = 1;
        } else if (strcmp(argv[i], "--today") == 0) {
            if (i + 1 >= argc)
                return cli_error(CLI_USAGE, "check: --today needs a date as YYYYMMDD");
            opts->today = argv[++i];
        } else {
            return cli_error(CLI_USAGE,
                             "check: unknown option '%s' (possumctl check --help lists them)",
                             argv[i]);
        }
    }
    *next = i;
    return GO_ON;
}

int cmd_check(int argc, char **argv)
{
    struct check_options opts = {0, NULL};
    uint32_t today = 0;
    int i = 0;

    int status = parse_options(argc, argv, &opts, &i);
    if (status != GO_ON)
        return status;
    if (i >= argc)
        return cli_error(CLI_USAGE, "check: missing KIND (" KIND_NAMES ")");
    const struct kind *kind = find_kind(argv[i]);
    if (kind == NULL)
        return cli_error(CLI_USAGE, "check: unknown kind '%s' (" KIND_NAMES ")", argv[i]);
    if (i + 1 >= argc)
        return cli_error(CLI_USAGE, "check: missing the VALUE to check as %s", kind->name);
    if (i + 2 < argc)
        return cli_error(CLI_USAGE, "check: unexpected '%s' after VALUE (options go before KIND)",
                         argv[i + 2]);
    if (opts.today != NULL && !kind->takes_today)
        return cli_error(CLI_USAGE, "check: --today applies to idcard only");
    if (kind->takes_today && (status = resolve_today(opts.today, &today)) != CLI_OK)
        return status;
    return run_check(kind, argv[i + 1], today, opts.explain);
}
