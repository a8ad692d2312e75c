/* cli.h — what every possum-pos command shares: its options, opening the terminal
 * and logging the operator in, and printing one JSON object per run.
 *
 * The command line holds no logic of its own: it reads arguments into the app core's
 * inputs (src/pos/app/app.h) and prints what the core returns. */
#ifndef POSSUM_POS_CLI_CLI_H
#define POSSUM_POS_CLI_CLI_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "pos/app/app.h"

/* Exit statuses (possum-pos --help, docs/terminal.md). */
enum cli_status {
    CLI_OK = 0,       /* done */
    CLI_FAILURE = 1,  /* the terminal failed: database, journal, keys, files */
    CLI_USAGE = 2,    /* the command line is wrong */
    CLI_OFFLINE = 3,  /* the host could not be reached or did not answer */
    CLI_DECLINED = 4, /* the host said no */
    CLI_DENIED = 5,   /* log in, or the supervisor's approval, is needed */
    CLI_REFUSED = 6,  /* the terminal's rules refuse it (parameters, limits, not found) */
    CLI_QUEUED = 7,   /* waits in the outbox for the host */
};

#define CLI_SEQ_MAX 128 /* --ean, --qty, --tender, --line-discount in the order given */

/* One option the command line may repeat, kept in order. */
struct cli_seq {
    int opt; /* CLI_OPT_EAN ... */
    const char *value;
};

enum { CLI_OPT_EAN = 1, CLI_OPT_QTY, CLI_OPT_TENDER, CLI_OPT_LINE_DISCOUNT };

/* Every option any command takes; a command refuses those it does not use. */
struct cli_args {
    const char *home, *operator_no, *password, *supervisor_password, *printer;
    const char *host, *ca, *tid, *mid, *tmk_file, *supervisor_name, *api, *serial;
    const char *card_file, *pan, *expiry, *pin, *card_type, *card_reader, *swipe;
    const char *amount, *rrn, *date, *auth, *receipt, *discount;
    const char *name, *new_password, *code, *price, *tax, *stock, *search, *kind;
    const char *lang;
    int tls, insecure, excel, help;
    struct cli_seq seq[CLI_SEQ_MAX];
    size_t nseq;
    char **rest; /* the positional arguments */
    int nrest;
};

struct cli_command {
    const char *name;
    int (*run)(struct cli_args *a);
    const char *options; /* the long options it takes, space separated */
    const char *summary;
    const char *help; /* what --help prints after the usage line */
};

extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;

/* Prints "possum-pos: <message>" on stderr and returns status. */
int cli_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses argv (argv[0] is the command's name) into a for command c. CLI_OK or
 * CLI_USAGE after saying why. */
int cli_parse(const struct cli_command *c, int argc, char **argv, struct cli_args *a);

/* Opens the terminal at a->home. The caller closes it. CLI_OK or an exit status. */
int cli_open(const struct cli_args *a, struct pos_app **app);

/* Opens the terminal and logs the operator in: --operator with --password (or
 * $POSSUM_POS_PASSWORD), else the session of possum-pos login; then, with
 * --supervisor-password (or $POSSUM_POS_SUPERVISOR_PASSWORD) the supervisor approves
 * `approve` for this run (0: nothing to approve). Returns what the core returned
 * (why says why), PS_EIO with *app NULL when the terminal did not open (told), or
 * CLI_TOLD. The caller closes *app. */
int cli_open_as(const struct cli_args *a, enum pos_action approve, struct pos_app **app,
                struct ps_reason *why);

/* A command's work once the terminal is open: fills res and why, returns what the
 * core returned, or CLI_TOLD for a command-line problem it found (and printed). */
#define CLI_TOLD (-1000)
typedef int (*cli_flow_fn)(struct pos_app *app, struct cli_args *a, void *ctx,
                           struct pos_app_result *res, struct ps_reason *why);

/* Opens the terminal (logged in as cli_open_as says when login is set, approving
 * `approve`), runs fn, prints its result (cli_finish) and closes. Returns the exit
 * status. */
int cli_run(struct cli_args *a, const char *command, int login, enum pos_action approve,
            cli_flow_fn fn, void *ctx);

/* The exit status of a core return value. */
int cli_status_of(int rc);

/* Prints res as the run's JSON object (and why on stderr when rc is not 0), sends the
 * receipt to --printer, and returns the exit status. */
int cli_finish(const struct cli_args *a, const char *command, int rc,
               const struct pos_app_result *res, const struct ps_reason *why);

/* Parsers for values given on the command line; each prints why and returns
 * CLI_USAGE, or CLI_OK. */
int cli_money(const char *opt, const char *text, int64_t *fen);
int cli_number(const char *opt, const char *text, unsigned long max, unsigned long *out);
/* The card from --card-file, --pan / --expiry / --card-type, --card-reader (waiting
 * CLI_SWIPE_WAIT_S for a swipe) or --swipe, with --pin on top. *have (OUT) is 0 when
 * no card was given (allowed when optional). */
#define CLI_SWIPE_WAIT_S 30
int cli_card(const struct cli_args *a, struct pos_card *card, int *have);

/* "12.34" for fen, as JSON. */
json_t *cli_yuan(int64_t fen);

#endif
