/* possumctl txn — one transaction sent the way a terminal sends it: the terminal's
 * state (STAN, batch, working keys, the batch's transactions, an owed reversal) lives
 * in a small JSON file between runs; the conversation itself is the terminal library's
 * (src/pos/hostlink/session.h). docs/possumctl-txn.md describes the command.
 *
 * The file is organised by step: options, the state file, what to send, what to
 * print, and the command. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "core/crypto/cipher.h"
#include "core/crypto/pinblock.h"
#include "core/hex.h"
#include "core/money.h"
#include "ctl/cli.h"
#include "ctl/commands.h"
#include "ctl/fleet/cards.h"
#include "pos/hostlink/session.h"
#include "pos/hostlink/tls.h"

#define DEFAULT_TIMEOUT_MS 10000
#define STATE_MAX          (4 << 20) /* a full batch of 500 records takes about 400 KiB */
#define STATE_VERSION      1
#define MAX_STEPS          128 /* a settlement uploading a full batch takes about 70 */

static const char usage_text[] =
    "usage: possumctl txn ACTION --host HOST:PORT [--tls [--ca FILE | --insecure]]\n"
    "                 --tid TID --mid MID --tmk HEX [--state FILE] [OPTIONS]\n"
    "\n"
    "ACTION: signin, purchase, void, refund, balance, preauth, complete, reverse, settle\n"
    "\n"
    "  --pan PAN --expiry YYMM --pin PIN   the card, keyed in\n"
    "  --card NAME                         a demo card (PIN 123456 unless --pin):\n"
    "                                      debit, debit-100, credit, lost, expired,\n"
    "                                      stolen, foreign, fleet-0 .. fleet-999\n"
    "  --amount YUAN                       12.34\n"
    "  --rrn RRN                           refund: the purchase's; void: the original's\n"
    "  --auth CODE                         complete: the pre-authorization's code\n"
    "  --orig-stan N                       void, complete, reverse: a transaction of\n"
    "                                      the batch (its details come from the state)\n"
    "  --orig-batch N --orig-date MMDD     originals the state does not hold\n"
    "  --operator NNN                      the operator (63), 001 by default\n"
    "  --timeout MS                        per step (connect, send, answer); 10000\n"
    "  --state FILE                        ~/.possum/terminal-TID.json by default\n"
    "\n"
    "Signs in first when the terminal has not signed in today, sends an owed reversal\n"
    "first, and prints the answer as one JSON object. Exit 0 when the host answered\n"
    "(a decline too), 1 on an answer that cannot be used, 2 on a usage error, 3 when\n"
    "the host could not be reached or did not answer in time.\n";

/* ---- options ---------------------------------------------------------------------- */

struct options {
    const char *action;
    const char *host_port;
    int tls, insecure;
    const char *ca, *tid, *mid, *tmk, *state;
    const char *pan, *expiry, *pin, *card, *amount, *rrn, *auth, *orig_date, *operator_id;
    int has_orig_stan, has_orig_batch;
    unsigned long orig_stan, orig_batch;
    int timeout_ms;
};

static const struct {
    const char *name;
    enum hl_kind kind; /* what the action sends (void decides from the original) */
} actions[] = {
    {"signin", HL_SIGN_IN},      {"purchase", HL_PURCHASE}, {"void", HL_VOID},
    {"refund", HL_REFUND},       {"balance", HL_BALANCE},   {"preauth", HL_PREAUTH},
    {"complete", HL_COMPLETION}, {"reverse", HL_REVERSAL},  {"settle", HL_SETTLEMENT},
};

static int number_arg(const char *opt, const char *arg, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 || v > max)
        return cli_error(CLI_USAGE, "txn: %s: '%s' is not a number from 0 to %lu", opt, arg, max);
    *out = v;
    return CLI_OK;
}

/* The options that take text, kept as given: each option's name and its field. */
static const struct {
    const char *name;
    size_t offset;
} text_options[] = {
    {"host", offsetof(struct options, host_port)},
    {"ca", offsetof(struct options, ca)},
    {"tid", offsetof(struct options, tid)},
    {"mid", offsetof(struct options, mid)},
    {"tmk", offsetof(struct options, tmk)},
    {"state", offsetof(struct options, state)},
    {"pan", offsetof(struct options, pan)},
    {"expiry", offsetof(struct options, expiry)},
    {"pin", offsetof(struct options, pin)},
    {"card", offsetof(struct options, card)},
    {"amount", offsetof(struct options, amount)},
    {"rrn", offsetof(struct options, rrn)},
    {"auth", offsetof(struct options, auth)},
    {"orig-date", offsetof(struct options, orig_date)},
    {"operator", offsetof(struct options, operator_id)},
};

/* getopt values: text option i is TEXT_OPTION + i; the others follow. */
enum {
    TEXT_OPTION = 1000,
    OPT_TLS = 2000,
    OPT_INSECURE,
    OPT_ORIG_STAN,
    OPT_ORIG_BATCH,
    OPT_TIMEOUT
};

/* The options that are flags or numbers. */
static int parse_option(struct options *o, int c, char **argv)
{
    unsigned long v = 0;
    int rc = CLI_OK;

    if (c == OPT_TLS) {
        o->tls = 1;
    } else if (c == OPT_INSECURE) {
        o->insecure = 1;
    } else if (c == OPT_ORIG_STAN) {
        o->has_orig_stan = 1;
        rc = number_arg("--orig-stan", optarg, HL_STAN_MAX, &o->orig_stan);
    } else if (c == OPT_ORIG_BATCH) {
        o->has_orig_batch = 1;
        rc = number_arg("--orig-batch", optarg, 999999, &o->orig_batch);
    } else if (c == OPT_TIMEOUT) {
        if ((rc = number_arg("--timeout", optarg, 3600000, &v)) == 0)
            o->timeout_ms = (int)v;
    } else {
        rc = cli_option_error("txn", argv, c);
    }
    return rc;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    struct option longopts[PS_ARRAY_LEN(text_options) + 6];
    size_t n = 0;
    int c, rc;

    for (size_t i = 0; i < PS_ARRAY_LEN(text_options); i++)
        longopts[n++] =
            (struct option){text_options[i].name, required_argument, NULL, TEXT_OPTION + (int)i};
    longopts[n++] = (struct option){"tls", no_argument, NULL, OPT_TLS};
    longopts[n++] = (struct option){"insecure", no_argument, NULL, OPT_INSECURE};
    longopts[n++] = (struct option){"orig-stan", required_argument, NULL, OPT_ORIG_STAN};
    longopts[n++] = (struct option){"orig-batch", required_argument, NULL, OPT_ORIG_BATCH};
    longopts[n++] = (struct option){"timeout", required_argument, NULL, OPT_TIMEOUT};
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    memset(o, 0, sizeof(*o));
    o->timeout_ms = DEFAULT_TIMEOUT_MS;
    o->action = argv[1];
    optind = 2;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c >= TEXT_OPTION && c < TEXT_OPTION + (int)PS_ARRAY_LEN(text_options))
            *(const char **)((char *)o + text_options[c - TEXT_OPTION].offset) = optarg;
        else if ((rc = parse_option(o, c, argv)) != CLI_OK)
            return rc;
    }
    if (optind < argc)
        return cli_error(CLI_USAGE, "txn: unexpected argument '%s'", argv[optind]);
    return CLI_OK;
}

/* ---- the run ---------------------------------------------------------------------- */

struct step {
    struct hl_message sent;
    int has_answer;
    struct hl_response r;
};

/* Strings a card transaction points at: copies, so that nothing depends on the batch
 * records, which a sign-in may clear. */
struct card_text {
    char pan[20], expiry[5], pin[PS_PIN_MAX + 1], rrn[13], auth[7], date[5];
};

struct txn {
    struct options o;
    enum hl_kind action;
    uint8_t tmk[16];
    char tmk_kcv[7];
    char path[PATH_MAX];
    int lock_fd;
    int save_failed;
    struct fleet_card card;
    int has_card;
    int64_t amount;
    int has_amount;
    char host[HL_HOST_MAX], port[HL_PORT_MAX];
    SSL_CTX *tls;
    struct hl_terminal t;
    struct hl_session s;
    struct card_text text;
    struct step steps[MAX_STEPS];
    size_t nsteps;
    struct hl_settlement settlement;
};

static int check_digits(const char *opt, const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return cli_error(CLI_USAGE, "txn: %s: character %zu of '%s' is not a digit", opt, i + 1,
                             s);
    }
    if (n < min || n > max)
        return cli_error(CLI_USAGE, "txn: %s: %zu digits; %zu to %zu expected", opt, n, min, max);
    return CLI_OK;
}

/* Everything about the command line that can be checked before any file or socket. */
static int check_options(struct txn *x)
{
    const struct options *o = &x->o;
    struct ps_reason why;
    size_t n = 0;
    int rc;

    if (o->host_port == NULL || o->tid == NULL || o->mid == NULL || o->tmk == NULL)
        return cli_error(CLI_USAGE, "txn: --host, --tid, --mid and --tmk are required");
    if (hl_split_host_port(o->host_port, x->host, x->port, &why) != 0)
        return cli_error(CLI_USAGE, "txn: --host: %s", why.text);
    if ((o->ca != NULL || o->insecure) && !o->tls)
        return cli_error(CLI_USAGE, "txn: --ca and --insecure go with --tls");
    if (o->ca != NULL && o->insecure)
        return cli_error(CLI_USAGE, "txn: --ca and --insecure exclude each other");
    if ((rc = cli_hex_arg("txn", "--tmk", o->tmk, x->tmk, sizeof(x->tmk), &n)) != CLI_OK)
        return CLI_USAGE;
    if (n != 16)
        return cli_error(CLI_USAGE, "txn: --tmk: %zu bytes; 16 (double-length 3DES) expected", n);
    if (o->card != NULL && fleet_card_by_name(o->card, &x->card) != 0)
        return cli_error(CLI_USAGE, "txn: --card: '%s' is not one of %s", o->card,
                         fleet_card_names);
    x->has_card = o->card != NULL;
    if (o->pan != NULL && (rc = check_digits("--pan", o->pan, 13, 19)) != 0)
        return rc;
    if (o->expiry != NULL && (rc = check_digits("--expiry", o->expiry, 4, 4)) != 0)
        return rc;
    if (o->pin != NULL && o->pin[0] != '\0' && (rc = check_digits("--pin", o->pin, 4, 12)) != 0)
        return rc;
    if (o->orig_date != NULL && (rc = check_digits("--orig-date", o->orig_date, 4, 4)) != 0)
        return rc;
    if (o->operator_id != NULL && (rc = check_digits("--operator", o->operator_id, 3, 3)) != 0)
        return rc;
    if (o->amount != NULL) {
        if (ps_money_parse(o->amount, strlen(o->amount), &x->amount, &why) != 0)
            return cli_error(CLI_USAGE, "txn: --amount: %s", why.text);
        if (x->amount <= 0)
            return cli_error(CLI_USAGE, "txn: --amount: %s is not more than 0", o->amount);
        x->has_amount = 1;
    }
    return CLI_OK;
}

/* ---- the state file --------------------------------------------------------------- */

/* PANs are kept encrypted under the TMK, which the file does not hold: 3DES ECB of the
 * digits NUL-padded to 24 bytes. */
static void seal_pan(const uint8_t tmk[16], const char *pan, char hex[49])
{
    uint8_t clear[24] = {0}, sealed[24];

    hex[0] = '\0';
    if (pan[0] == '\0')
        return;
    memcpy(clear, pan, strnlen(pan, 19));
    if (ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, tmk, 16, NULL, clear,
                          sizeof(clear), sealed, NULL) == 0)
        ps_hex_encode(sealed, sizeof(sealed), hex);
    OPENSSL_cleanse(clear, sizeof(clear));
}

static int unseal_pan(const uint8_t tmk[16], const char *hex, char pan[20], struct ps_reason *why)
{
    uint8_t sealed[24], clear[24];
    size_t n = 0;
    int rc = PS_OK;

    pan[0] = '\0';
    if (hex[0] == '\0')
        return PS_OK;
    if (ps_hex_decode(hex, strlen(hex), sealed, sizeof(sealed), &n, NULL) != 0 || n != 24 ||
        ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_DECRYPT, tmk, 16, NULL, sealed,
                          n, clear, NULL) != 0)
        return ps_fail(why, PS_EFORMAT, "a sealed PAN is not 24 bytes of hex");
    for (size_t i = 0; i < 24 && rc == 0; i++) {
        int digit = clear[i] >= '0' && clear[i] <= '9';
        if ((i < 13 && !digit) || (i >= 19 && clear[i] != 0) || (!digit && clear[i] != 0) ||
            (i > 0 && digit && clear[i - 1] == 0))
            rc = ps_fail(why, PS_ECHECK, "a sealed PAN does not open under this TMK");
    }
    if (rc == 0) {
        size_t digits = strnlen((const char *)clear, 19);
        memcpy(pan, clear, digits);
        pan[digits] = '\0';
    }
    OPENSSL_cleanse(clear, sizeof(clear));
    return rc;
}

/* 622202*********0018: the first six and last four digits, for people reading the file. */
static void mask_pan(const char *pan, char out[20])
{
    size_t n = strlen(pan);
    snprintf(out, 20, "%s", pan);
    for (size_t i = 6; i + 4 < n; i++)
        out[i] = '*';
}

static const char *const status_names[] = {"", "approved", "voided", "reversed", "completed"};

static json_t *message_json(const struct txn *x, const struct hl_message *m)
{
    char sealed[49], masked[20];

    seal_pan(x->tmk, m->pan, sealed);
    mask_pan(m->pan, masked);
    return json_pack("{s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:s, s:s}",
                     "kind", hl_kind_name(m->kind), "stan", (json_int_t)m->stan, "batch",
                     (json_int_t)m->batch, "amount", (json_int_t)m->amount, "pan", masked,
                     "pan_sealed", sealed, "expiry", m->expiry, "entry_mode", m->entry_mode, "rrn",
                     m->rrn, "auth_code", m->auth_code, "has_original", m->has_original,
                     "orig_batch", (json_int_t)m->orig_batch, "orig_stan", (json_int_t)m->orig_stan,
                     "orig_date", m->orig_date, "reason", m->reason);
}

static json_t *state_json(const struct txn *x, const struct hl_terminal *t)
{
    char pik[33] = "", mak[17] = "";
    json_t *records = json_array();

    if (t->has_keys) {
        ps_hex_encode(t->keys.pik, 16, pik);
        ps_hex_encode(t->keys.mak, 8, mak);
    }
    for (size_t i = 0; records != NULL && i < t->batch.count; i++) {
        const struct hl_record *r = &t->batch.records[i];
        json_t *rec =
            json_pack("{s:o, s:s, s:I, s:s, s:s, s:s}", "sent", message_json(x, &r->sent), "status",
                      status_names[r->status], "refunded", (json_int_t)r->refunded, "rrn", r->rrn,
                      "auth_code", r->auth_code, "date", r->date);
        if (json_array_append_new(records, rec) != 0) { /* out of memory: no partial state */
            json_decref(records);
            return NULL;
        }
    }
    return json_pack("{s:i, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:b, s:o, s:o?}", "version",
                     STATE_VERSION, "tid", t->tid, "mid", t->mid, "tmk_kcv", x->tmk_kcv,
                     "next_stan", (json_int_t)t->next_stan, "signed_in_date", t->signed_in_date,
                     "pik", pik, "mak", mak, "batch", (json_int_t)t->batch.number, "settled",
                     t->batch.settled, "transactions", records, "reversal",
                     t->reversal_pending ? message_json(x, &t->reversal) : NULL);
}

/* Makes a rename in path's directory durable (best effort: some file systems refuse
 * fsync on a directory, and the rename itself is already atomic). */
static void sync_directory(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    int fd;

    if (slash == NULL)
        snprintf(dir, sizeof(dir), ".");
    else
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path) + (slash == path), path);
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Writes the state atomically: a temporary file in the same directory (mode 0600, as
 * mkstemp makes it: it holds working keys), flushed to disk, renamed over the old. */
static int state_save(void *ctx, const struct hl_terminal *t)
{
    struct txn *x = ctx;
    char tmp[PATH_MAX + 8];
    json_t *root = state_json(x, t);
    FILE *f = NULL;
    int fd = -1, ok = 0;

    snprintf(tmp, sizeof(tmp), "%s.XXXXXX", x->path);
    if (root == NULL || (fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "w")) == NULL)
        goto out;
    fd = -1;
    ok = json_dumpf(root, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER) == 0 && fflush(f) == 0 &&
         fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    ok = ok && rename(tmp, x->path) == 0;
    if (ok)
        sync_directory(x->path);
out:
    if (fd >= 0)
        close(fd);
    if (!ok) {
        cli_error(CLI_FAILURE, "txn: state %s: cannot write: %s", x->path, strerror(errno));
        unlink(tmp);
        x->save_failed = 1;
    }
    json_decref(root);
    return ok ? PS_OK : PS_EINVAL;
}

/* Copies a string of the state into dst (cap bytes), refusing what does not fit. */
static int take_text(char *dst, size_t cap, const char *src, const char *what,
                     struct ps_reason *why)
{
    if (strlen(src) >= cap)
        return ps_fail(why, PS_EFORMAT, "%s: \"%s\" is longer than %zu characters", what, src,
                       cap - 1);
    memcpy(dst, src, strlen(src) + 1);
    return PS_OK;
}

static enum hl_kind kind_named(const char *name)
{
    for (int k = 1; k < HL_KIND_COUNT; k++) {
        if (strcmp(hl_kind_name((enum hl_kind)k), name) == 0)
            return (enum hl_kind)k;
    }
    return HL_NONE;
}

static int message_from_json(const struct txn *x, json_t *obj, struct hl_message *m,
                             struct ps_reason *why)
{
    const char *kind, *masked, *sealed, *expiry, *entry, *rrn, *auth, *date, *reason;
    json_int_t stan, batch, amount, orig_batch, orig_stan;
    json_error_t err;
    int has_original, rc;

    memset(m, 0, sizeof(*m));
    if (json_unpack_ex(obj, &err, JSON_STRICT,
                       "{s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:s, "
                       "s:s}",
                       "kind", &kind, "stan", &stan, "batch", &batch, "amount", &amount, "pan",
                       &masked, "pan_sealed", &sealed, "expiry", &expiry, "entry_mode", &entry,
                       "rrn", &rrn, "auth_code", &auth, "has_original", &has_original, "orig_batch",
                       &orig_batch, "orig_stan", &orig_stan, "orig_date", &date, "reason",
                       &reason) != 0)
        return ps_fail(why, PS_EFORMAT, "%s", err.text);
    m->kind = kind_named(kind);
    if (!hl_kind_is_financial(m->kind) || stan < 1 || stan > HL_STAN_MAX || batch < 0 ||
        batch > 999999 || amount < 0 || orig_batch < 0 || orig_batch > 999999 || orig_stan < 0 ||
        orig_stan > HL_STAN_MAX)
        return ps_fail(why, PS_EFORMAT, "transaction %s %lld: a value out of range", kind,
                       (long long)stan);
    m->stan = (uint32_t)stan;
    m->batch = (uint32_t)batch;
    m->amount = amount;
    m->has_original = has_original;
    m->orig_batch = (uint32_t)orig_batch;
    m->orig_stan = (uint32_t)orig_stan;
    if ((rc = unseal_pan(x->tmk, sealed, m->pan, why)) != 0 ||
        (rc = take_text(m->expiry, sizeof(m->expiry), expiry, "expiry", why)) != 0 ||
        (rc = take_text(m->entry_mode, sizeof(m->entry_mode), entry, "entry_mode", why)) != 0 ||
        (rc = take_text(m->rrn, sizeof(m->rrn), rrn, "rrn", why)) != 0 ||
        (rc = take_text(m->auth_code, sizeof(m->auth_code), auth, "auth_code", why)) != 0 ||
        (rc = take_text(m->orig_date, sizeof(m->orig_date), date, "orig_date", why)) != 0)
        return rc;
    return take_text(m->reason, sizeof(m->reason), reason, "reason", why);
}

static int record_from_json(const struct txn *x, json_t *obj, struct hl_record *r,
                            struct ps_reason *why)
{
    const char *status, *rrn, *auth, *date;
    json_int_t refunded;
    json_error_t err;
    json_t *sent;
    int rc;

    memset(r, 0, sizeof(*r));
    if (json_unpack_ex(obj, &err, JSON_STRICT, "{s:o, s:s, s:I, s:s, s:s, s:s}", "sent", &sent,
                       "status", &status, "refunded", &refunded, "rrn", &rrn, "auth_code", &auth,
                       "date", &date) != 0)
        return ps_fail(why, PS_EFORMAT, "%s", err.text);
    if ((rc = message_from_json(x, sent, &r->sent, why)) != 0)
        return rc;
    for (size_t i = 1; i < PS_ARRAY_LEN(status_names); i++) {
        if (strcmp(status, status_names[i]) == 0)
            r->status = (enum hl_record_status)i;
    }
    if (r->status == 0 || refunded < 0)
        return ps_fail(why, PS_EFORMAT, "transaction %06u: status '%s' or refunded %lld",
                       (unsigned)r->sent.stan, status, (long long)refunded);
    r->refunded = refunded;
    if ((rc = take_text(r->rrn, sizeof(r->rrn), rrn, "rrn", why)) != 0 ||
        (rc = take_text(r->auth_code, sizeof(r->auth_code), auth, "auth_code", why)) != 0)
        return rc;
    return take_text(r->date, sizeof(r->date), date, "date", why);
}

/* The working keys and the batch's transactions, into the terminal. */
static int restore_session(struct txn *x, const char *pik, const char *mak, json_t *records,
                           struct ps_reason *why)
{
    struct ps_working_keys keys;
    size_t n_pik = 0, n_mak = 0, i;
    json_t *item;
    int rc = PS_OK;

    ps_working_keys_init(&keys, PS_WK_TDES);
    if (pik[0] != '\0' || mak[0] != '\0') {
        if (ps_hex_decode(pik, strlen(pik), keys.pik, 16, &n_pik, NULL) != 0 || n_pik != 16 ||
            ps_hex_decode(mak, strlen(mak), keys.mak, 8, &n_mak, NULL) != 0 || n_mak != 8)
            rc = ps_fail(why, PS_EFORMAT, "pik / mak: not 16 / 8 bytes of hex");
        if (rc == 0)
            rc = hl_terminal_install_keys(&x->t, &keys, why);
    }
    ps_working_keys_cleanup(&keys);
    if (json_array_size(records) > x->t.batch.cap)
        return ps_fail(why, PS_EFORMAT, "%zu transactions; a batch holds %zu",
                       json_array_size(records), x->t.batch.cap);
    json_array_foreach(records, i, item)
    {
        if (rc == 0 && (rc = record_from_json(x, item, &x->t.batch.records[i], why)) == 0)
            x->t.batch.count++;
    }
    hl_batch_recount(&x->t.batch);
    return rc;
}

static int state_from_json(struct txn *x, json_t *root, struct ps_reason *why)
{
    const char *tid, *mid, *kcv, *date, *pik, *mak;
    json_int_t stan, batch;
    json_t *records, *reversal = NULL;
    json_error_t err;
    int version, settled, rc;

    if (json_unpack_ex(root, &err, JSON_STRICT,
                       "{s:i, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:b, s:o, s:o}", "version",
                       &version, "tid", &tid, "mid", &mid, "tmk_kcv", &kcv, "next_stan", &stan,
                       "signed_in_date", &date, "pik", &pik, "mak", &mak, "batch", &batch,
                       "settled", &settled, "transactions", &records, "reversal", &reversal) != 0)
        return ps_fail(why, PS_EFORMAT, "%s", err.text);
    if (version != STATE_VERSION || !json_is_array(records) || batch < 0 || batch > 999999)
        return ps_fail(why, PS_EFORMAT,
                       "version %d, or batch %lld, is not one this possumctl "
                       "reads",
                       version, (long long)batch);
    if (strcmp(tid, x->t.tid) != 0 || strcmp(mid, x->t.mid) != 0)
        return ps_fail(why, PS_EINVAL, "it is terminal %s of merchant %s", tid, mid);
    if (strcmp(kcv, x->tmk_kcv) != 0)
        return ps_fail(why, PS_EINVAL, "it was kept under another TMK (check value %s, not %s)",
                       kcv, x->tmk_kcv);
    if ((rc = hl_terminal_set_stan(&x->t, (uint32_t)stan, why)) != 0 ||
        (rc = take_text(x->t.signed_in_date, sizeof(x->t.signed_in_date), date, "signed_in_date",
                        why)) != 0)
        return rc;
    x->t.batch.number = (uint32_t)batch;
    if ((rc = restore_session(x, pik, mak, records, why)) != 0)
        return rc;
    x->t.batch.settled = settled;
    if (!json_is_null(reversal)) {
        if ((rc = message_from_json(x, reversal, &x->t.reversal, why)) != 0)
            return rc;
        x->t.reversal_pending = 1;
    }
    return PS_OK;
}

/* ~/.possum/terminal-TID.json, making ~/.possum (0700) when it is missing. */
static int default_state_path(struct txn *x)
{
    const char *home = getenv("HOME");
    char dir[PATH_MAX];

    if (home == NULL || home[0] == '\0')
        return cli_error(CLI_USAGE, "txn: HOME is not set; give --state FILE");
    if ((size_t)snprintf(dir, sizeof(dir), "%s/.possum", home) >= sizeof(dir))
        return cli_error(CLI_USAGE, "txn: HOME is too long; give --state FILE");
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return cli_error(CLI_FAILURE, "txn: cannot make %s: %s", dir, strerror(errno));
    if ((size_t)snprintf(x->path, sizeof(x->path), "%s/terminal-%s.json", dir, x->o.tid) >=
        sizeof(x->path))
        return cli_error(CLI_USAGE, "txn: HOME is too long; give --state FILE");
    return CLI_OK;
}

/* One run at a time per state file: a lock on FILE.lock, released at exit. */
static int lock_state(struct txn *x)
{
    char lock[PATH_MAX + 8];

    snprintf(lock, sizeof(lock), "%s.lock", x->path);
    x->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (x->lock_fd < 0)
        return cli_error(CLI_FAILURE, "txn: state %s: %s", lock, strerror(errno));
    if (flock(x->lock_fd, LOCK_EX | LOCK_NB) != 0)
        return cli_error(CLI_FAILURE, "txn: state %s is in use by another possumctl", x->path);
    return CLI_OK;
}

/* Reads the state file into x->t (which init made fresh); a missing file is a new
 * terminal. */
static int load_state(struct txn *x)
{
    struct ps_reason why;
    json_error_t err;
    struct stat st;
    json_t *root;
    int rc;

    if (stat(x->path, &st) != 0)
        return errno == ENOENT
                   ? CLI_OK
                   : cli_error(CLI_FAILURE, "txn: state %s: %s", x->path, strerror(errno));
    if (st.st_size > STATE_MAX)
        return cli_error(CLI_FAILURE, "txn: state %s: %lld bytes, more than a state holds", x->path,
                         (long long)st.st_size);
    root = json_load_file(x->path, JSON_REJECT_DUPLICATES, &err);
    if (root == NULL)
        return cli_error(CLI_FAILURE, "txn: state %s: line %d column %d: %s", x->path, err.line,
                         err.column, err.text);
    rc = state_from_json(x, root, &why);
    json_decref(root);
    if (rc != 0)
        return cli_error(CLI_FAILURE, "txn: state %s: %s", x->path, why.text);
    return CLI_OK;
}

static int open_state(struct txn *x)
{
    struct ps_reason why;
    uint8_t kcv[3];
    int rc;

    if (hl_terminal_init(&x->t, x->o.tid, x->o.mid, x->tmk, HL_BATCH_DEFAULT, &why) != 0)
        return cli_error(CLI_USAGE, "txn: %s", why.text);
    if (x->o.operator_id != NULL)
        memcpy(x->t.operator_id, x->o.operator_id, 4);
    if (ps_kcv(PS_CIPHER_TDES, x->tmk, 16, kcv, sizeof(kcv), NULL) != 0)
        return cli_error(CLI_FAILURE, "txn: --tmk: the check value cannot be computed");
    ps_hex_encode(kcv, sizeof(kcv), x->tmk_kcv);
    if (x->o.state != NULL)
        snprintf(x->path, sizeof(x->path), "%s", x->o.state);
    else if ((rc = default_state_path(x)) != CLI_OK)
        return rc;
    if ((rc = lock_state(x)) != CLI_OK)
        return rc;
    return load_state(x);
}

/* ---- what to send ----------------------------------------------------------------- */

static void copy_opt(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src != NULL ? src : "");
}

/* The card from --pan / --card, with its PIN (a demo card's unless --pin says). */
static int card_from_options(struct txn *x, struct hl_card_input *in)
{
    const struct options *o = &x->o;
    struct card_text *c = &x->text;

    if (o->pan == NULL && !x->has_card)
        return cli_error(CLI_USAGE, "txn: %s: give the card: --pan PAN or --card NAME", o->action);
    copy_opt(c->pan, sizeof(c->pan), o->pan != NULL ? o->pan : x->card.pan);
    copy_opt(c->expiry, sizeof(c->expiry),
             o->expiry != NULL ? o->expiry : (x->has_card ? x->card.expiry : NULL));
    copy_opt(c->pin, sizeof(c->pin), o->pin != NULL ? o->pin : (x->has_card ? FLEET_PIN : NULL));
    in->pan = c->pan;
    in->expiry = c->expiry;
    in->pin = c->pin;
    return CLI_OK;
}

static int need(const struct txn *x, int have, const char *what)
{
    if (have)
        return CLI_OK;
    return cli_error(CLI_USAGE, "txn: %s: %s is required", x->o.action, what);
}

/* A void of a transaction of the batch (--orig-stan): the kind follows the original. */
static int void_from_record(struct txn *x, const struct hl_record *r, struct hl_card_input *in)
{
    struct card_text *c = &x->text;
    static const enum hl_kind void_of[HL_KIND_COUNT] = {
        [HL_PURCHASE] = HL_VOID,
        [HL_COMPLETION] = HL_COMPLETION_VOID,
        [HL_PREAUTH] = HL_PREAUTH_VOID,
    };

    if (r->status != HL_REC_APPROVED || void_of[r->sent.kind] == HL_NONE)
        return cli_error(CLI_USAGE,
                         "txn: void: STAN %06u is a %s that is %s; only approved "
                         "purchases, completions and pre-authorizations are voided",
                         (unsigned)r->sent.stan, hl_kind_name(r->sent.kind),
                         status_names[r->status]);
    in->kind = void_of[r->sent.kind];
    in->amount = r->sent.amount;
    copy_opt(c->pan, sizeof(c->pan), r->sent.pan);
    copy_opt(c->expiry, sizeof(c->expiry), r->sent.expiry);
    copy_opt(c->rrn, sizeof(c->rrn), in->kind == HL_PREAUTH_VOID ? "" : r->rrn);
    copy_opt(c->auth, sizeof(c->auth), in->kind == HL_VOID ? "" : r->auth_code);
    copy_opt(c->date, sizeof(c->date), r->date);
    in->has_original = 1;
    in->orig_batch = x->t.batch.number;
    in->orig_stan = r->sent.stan;
    return CLI_OK;
}

static int void_input(struct txn *x, struct hl_card_input *in)
{
    const struct options *o = &x->o;
    struct hl_record *r = o->has_orig_stan ? hl_batch_find_stan(&x->t.batch, o->orig_stan) : NULL;
    int rc;

    if (r != NULL)
        return void_from_record(x, r, in);
    if ((rc = need(x, o->has_orig_stan, "--orig-stan (the STAN of the purchase)")) != 0 ||
        (rc = need(x, o->rrn != NULL,
                   "--rrn (the purchase's RRN), since the state does not "
                   "hold that STAN")) != 0 ||
        (rc = need(x, x->has_amount, "--amount (the purchase's)")) != 0 ||
        (rc = card_from_options(x, in)) != 0)
        return rc;
    copy_opt(x->text.rrn, sizeof(x->text.rrn), o->rrn);
    in->amount = x->amount;
    in->has_original = 1;
    in->orig_batch = o->has_orig_batch ? (uint32_t)o->orig_batch : x->t.batch.number;
    in->orig_stan = (uint32_t)o->orig_stan;
    return CLI_OK;
}

/* A refund names its purchase by RRN; the batch may know the rest. */
static int refund_input(struct txn *x, struct hl_card_input *in)
{
    const struct options *o = &x->o;
    struct card_text *c = &x->text;
    struct hl_record *r = o->rrn != NULL ? hl_batch_find_rrn(&x->t.batch, o->rrn) : NULL;
    int rc;

    if ((rc = need(x, o->rrn != NULL, "--rrn (the purchase's RRN)")) != 0 ||
        (rc = need(x, x->has_amount, "--amount")) != 0)
        return rc;
    in->amount = x->amount;
    copy_opt(c->rrn, sizeof(c->rrn), o->rrn);
    if (r != NULL && r->sent.kind == HL_PURCHASE) {
        copy_opt(c->pan, sizeof(c->pan), r->sent.pan);
        copy_opt(c->expiry, sizeof(c->expiry), r->sent.expiry);
        copy_opt(c->date, sizeof(c->date), r->date);
        in->has_original = 1;
        in->orig_batch = x->t.batch.number;
        in->orig_stan = r->sent.stan;
        return CLI_OK;
    }
    if ((rc = need(x, o->orig_date != NULL, "--orig-date (the purchase's MMDD)")) != 0 ||
        (rc = card_from_options(x, in)) != 0)
        return rc;
    copy_opt(c->pin, sizeof(c->pin), NULL); /* refunds go without PIN */
    copy_opt(c->date, sizeof(c->date), o->orig_date);
    return CLI_OK;
}

/* A completion of a pre-authorization of the batch (--orig-stan) or a named one. */
static int complete_input(struct txn *x, struct hl_card_input *in)
{
    const struct options *o = &x->o;
    struct card_text *c = &x->text;
    struct hl_record *r = o->has_orig_stan ? hl_batch_find_stan(&x->t.batch, o->orig_stan) : NULL;
    int rc;

    if (r != NULL && r->sent.kind == HL_PREAUTH && r->status == HL_REC_APPROVED) {
        copy_opt(c->pin, sizeof(c->pin),
                 o->pin != NULL ? o->pin : (x->has_card ? FLEET_PIN : NULL));
        copy_opt(c->pan, sizeof(c->pan), r->sent.pan);
        copy_opt(c->expiry, sizeof(c->expiry), r->sent.expiry);
        copy_opt(c->auth, sizeof(c->auth), r->auth_code);
        copy_opt(c->date, sizeof(c->date), r->date);
        in->amount = x->has_amount ? x->amount : r->sent.amount;
        in->has_original = 1;
        in->orig_batch = x->t.batch.number;
        in->orig_stan = r->sent.stan;
        return CLI_OK;
    }
    if ((rc = need(x, o->auth != NULL, "--auth (the pre-authorization's code)")) != 0 ||
        (rc = need(x, o->orig_date != NULL, "--orig-date (the pre-authorization's MMDD)")) != 0 ||
        (rc = need(x, x->has_amount, "--amount")) != 0 || (rc = card_from_options(x, in)) != 0)
        return rc;
    copy_opt(c->auth, sizeof(c->auth), o->auth);
    copy_opt(c->date, sizeof(c->date), o->orig_date);
    in->amount = x->amount;
    return CLI_OK;
}

/* The card transaction the action asks for, in the terminal's words. */
static int card_input(struct txn *x, struct hl_card_input *in)
{
    int rc;

    memset(in, 0, sizeof(*in));
    memset(&x->text, 0, sizeof(x->text));
    in->kind = x->action;
    if (x->action == HL_VOID)
        rc = void_input(x, in);
    else if (x->action == HL_REFUND)
        rc = refund_input(x, in);
    else if (x->action == HL_COMPLETION)
        rc = complete_input(x, in);
    else if ((rc = card_from_options(x, in)) == 0 && x->action != HL_BALANCE) {
        rc = need(x, x->has_amount, "--amount");
        in->amount = x->amount;
    }
    in->pan = x->text.pan;
    in->expiry = x->text.expiry;
    in->pin = x->text.pin;
    in->rrn = x->text.rrn;
    in->auth_code = x->text.auth;
    in->orig_date = x->text.date;
    return rc;
}

/* run() returns what the session returned, or this for a command-line problem found
 * on the way (already told on stderr), which no session code can be. */
#define USAGE_FOUND_LATE (-1000)

/* reverse: the owed reversal, or (--orig-stan) one of the batch's approved
 * transactions, cancelled at the terminal (39 = 06). */
static int reverse(struct txn *x, struct ps_reason *why)
{
    struct hl_message sent;
    struct hl_response r;
    struct hl_record *rec;

    if (!x->t.reversal_pending) {
        if (!x->o.has_orig_stan) {
            cli_error(CLI_USAGE, "txn: reverse: no reversal is owed; name a transaction of the "
                                 "batch with --orig-stan");
            return USAGE_FOUND_LATE;
        }
        rec = hl_batch_find_stan(&x->t.batch, (uint32_t)x->o.orig_stan);
        if (rec == NULL || rec->status != HL_REC_APPROVED) {
            cli_error(CLI_USAGE,
                      "txn: reverse: the batch holds no approved transaction with "
                      "STAN %06lu",
                      x->o.orig_stan);
            return USAGE_FOUND_LATE;
        }
        hl_terminal_arm_reversal(&x->t, &rec->sent, HL_REVERSAL_TERMINAL_ERROR);
    }
    return hl_session_reverse(&x->s, &sent, &r, why);
}

/* Runs the action: what the session returned, or USAGE_FOUND_LATE. */
static int run(struct txn *x, struct ps_reason *why)
{
    struct hl_card_input in;
    struct hl_response r;
    struct hl_message sent;
    int rc;

    switch (x->action) {
    case HL_SIGN_IN:
        return hl_session_sign_in(&x->s, &r, why);
    case HL_SETTLEMENT:
        return hl_session_settle(&x->s, &x->settlement, why);
    case HL_REVERSAL:
        return reverse(x, why);
    default:
        break;
    }
    /* usage errors first, before any connection; originals come from the batch as it is
     * (a sign-in that opened a new batch makes the host refuse them, which is the truth) */
    if (card_input(x, &in) != CLI_OK)
        return USAGE_FOUND_LATE;
    rc = hl_session_card(&x->s, &in, &sent, &r, why);
    OPENSSL_cleanse(x->text.pin, sizeof(x->text.pin));
    return rc;
}

/* ---- what to print ---------------------------------------------------------------- */

static void on_exchange(void *ctx, const struct hl_message *sent, const struct hl_response *r,
                        int rc, const struct ps_reason *why)
{
    struct txn *x = ctx;
    (void)rc;
    (void)why;
    if (x->nsteps == MAX_STEPS) { /* keep the latest */
        memmove(x->steps, x->steps + 1, (MAX_STEPS - 1) * sizeof(x->steps[0]));
        x->nsteps--;
    }
    struct step *s = &x->steps[x->nsteps++];
    s->sent = *sent;
    s->has_answer = r != NULL;
    if (r != NULL)
        s->r = *r;
}

static json_t *yuan(int64_t fen)
{
    char text[PS_MONEY_TEXT_MAX];
    ps_money_format(fen, text, sizeof(text));
    return json_string(text);
}

static void set_text(json_t *obj, const char *key, const char *value)
{
    if (value[0] != '\0')
        json_object_set_new(obj, key, json_string(value));
}

static const char *settle_result_name(unsigned result)
{
    static const char *const names[] = {"sent", "balanced", "not balanced", "error"};
    return result < PS_ARRAY_LEN(names) ? names[result] : "unknown";
}

static json_t *side_json(const struct ps_cup_side_totals *s)
{
    return json_pack("{s:o, s:I, s:o, s:I, s:s}", "debit_amount", yuan(s->debit_amount),
                     "debit_count", (json_int_t)s->debit_count, "credit_amount",
                     yuan(s->credit_amount), "credit_count", (json_int_t)s->credit_count, "result",
                     settle_result_name(s->result));
}

/* The settlement's result and both parts of 48 (domestic and foreign cards). */
static void add_settlement(json_t *obj, const struct txn *x, const struct hl_response *r)
{
    json_t *totals = json_object();

    json_object_set_new(obj, "result", json_string(r->balanced ? "balanced" : "not balanced"));
    json_object_set_new(totals, "domestic", side_json(&r->totals.domestic));
    if (r->totals.has_foreign)
        json_object_set_new(totals, "foreign", side_json(&r->totals.foreign));
    json_object_set_new(obj, "totals", totals);
    if (x->settlement.uploaded)
        json_object_set_new(obj, "upload",
                            json_pack("{s:I, s:s}", "lines", (json_int_t)x->settlement.lines,
                                      "response_code", x->settlement.end.code));
}

static json_t *answer_json(const struct txn *x, const struct step *s)
{
    const struct hl_response *r = &s->r;
    json_t *obj = json_object();

    json_object_set_new(obj, "kind", json_string(hl_kind_name(s->sent.kind)));
    if (s->sent.kind == HL_REVERSAL)
        json_object_set_new(obj, "reversed", json_string(hl_kind_name(s->sent.reversed)));
    json_object_set_new(obj, "mti", json_string(r->mti));
    json_object_set_new(obj, "response_code", json_string(r->code));
    json_object_set_new(obj, "response", json_string(hl_response_meaning(r->code)));
    json_object_set_new(obj, "approved", json_boolean(strcmp(r->code, "00") == 0));
    set_text(obj, "rrn", r->rrn);
    set_text(obj, "auth_code", r->auth_code);
    if (r->has_amount || s->sent.amount > 0)
        json_object_set_new(obj, "amount", yuan(r->has_amount ? r->amount : s->sent.amount));
    if (r->has_balance)
        json_object_set_new(obj, "balance", yuan(r->balance));
    json_object_set_new(obj, "batch", json_integer(r->batch));
    json_object_set_new(obj, "stan", json_integer(s->sent.stan));
    set_text(obj, "settle_date", r->settle_date);
    set_text(obj, "host_date", r->local_date);
    set_text(obj, "host_time", r->local_time);
    json_object_set_new(obj, "mac", json_string(r->mac_verified ? "verified" : "absent"));
    if (s->sent.kind == HL_SETTLEMENT && r->has_totals)
        add_settlement(obj, x, r);
    return obj;
}

/* The step that answers the action: the last of the action's kind with an answer, or
 * else the last answered step (a declined sign-in or reversal the session made). */
static const struct step *main_step(const struct txn *x)
{
    for (size_t i = x->nsteps; i-- > 0;) {
        const struct step *s = &x->steps[i];
        enum hl_kind k = s->sent.kind;
        int match = x->action == HL_VOID
                        ? (k == HL_VOID || k == HL_PREAUTH_VOID || k == HL_COMPLETION_VOID)
                        : k == x->action;
        if (match && s->has_answer)
            return s;
    }
    for (size_t i = x->nsteps; i-- > 0;) {
        if (x->steps[i].has_answer)
            return &x->steps[i];
    }
    return NULL;
}

static void print_result(const struct txn *x, const struct step *main)
{
    json_t *obj = answer_json(x, main), *steps = json_array();

    for (const struct step *s = x->steps; s < main; s++)
        json_array_append_new(steps,
                              json_pack("{s:s, s:I, s:s}", "kind", hl_kind_name(s->sent.kind),
                                        "stan", (json_int_t)s->sent.stan, "response_code",
                                        s->has_answer ? s->r.code : "none"));
    json_object_set_new(obj, "steps", steps);
    json_object_set_new(obj, "reversal_owed", json_boolean(x->t.reversal_pending));
    json_dumpf(obj, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(obj);
}

/* ---- the command ------------------------------------------------------------------ */

static int action_named(struct txn *x)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(actions); i++) {
        if (strcmp(x->o.action, actions[i].name) == 0) {
            x->action = actions[i].kind;
            return CLI_OK;
        }
    }
    return cli_error(CLI_USAGE,
                     "txn: '%s' is not signin, purchase, void, refund, balance, "
                     "preauth, complete, reverse or settle",
                     x->o.action);
}

static int start_session(struct txn *x)
{
    struct ps_reason why;
    struct hl_session_config cfg = {
        .link = {.host = x->host, .port = x->port, .insecure = x->o.insecure},
        .timeout_ms = x->o.timeout_ms,
        .save = state_save,
        .on_exchange = on_exchange,
        .ctx = x,
    };

    if (x->o.tls) {
        if (hl_tls_client_ctx(&x->tls, x->o.ca, x->o.insecure, &why) != 0)
            return cli_error(CLI_USAGE, "txn: %s", why.text);
        cfg.link.tls = x->tls;
    }
    if (hl_session_init(&x->s, &x->t, &cfg, &why) != 0)
        return cli_error(CLI_FAILURE, "txn: %s", why.text);
    return CLI_OK;
}

/* The exit status for what run() returned, after saying why on stderr. */
static int finish(struct txn *x, int rc, const struct ps_reason *why)
{
    const struct step *main = main_step(x);

    if (rc == USAGE_FOUND_LATE)
        return CLI_USAGE;
    if (x->save_failed)
        return CLI_FAILURE;
    if ((rc == 0 || rc == HL_DECLINED) && main != NULL) {
        print_result(x, main);
        return CLI_OK;
    }
    int status = rc == PS_EIO || rc == PS_ETIMEDOUT ? CLI_FAILURE : CLI_INVALID;
    cli_error(status, "txn: %s", why->text[0] != '\0' ? why->text : hl_strerror(rc));
    if (x->t.reversal_pending)
        cli_error(status,
                  "txn: the terminal owes a reversal of its %s %06u; it goes first "
                  "next time ('possumctl txn reverse' sends it now)",
                  hl_kind_name(x->t.reversal.kind), (unsigned)x->t.reversal.stan);
    return status;
}

int cmd_txn(int argc, char **argv)
{
    struct ps_reason why;
    struct txn *x;
    int rc;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    x = calloc(1, sizeof(*x));
    if (x == NULL)
        return cli_error(CLI_FAILURE, "txn: out of memory");
    x->lock_fd = -1;
    signal(SIGPIPE, SIG_IGN); /* a TLS write to a closed connection (hostlink/link.h) */
    ps_reason_clear(&why);
    if ((rc = parse_options(argc, argv, &x->o)) != CLI_OK || (rc = action_named(x)) != CLI_OK ||
        (rc = check_options(x)) != CLI_OK || (rc = open_state(x)) != CLI_OK ||
        (rc = start_session(x)) != CLI_OK)
        goto out;
    rc = finish(x, run(x, &why), &why);
out:
    hl_session_cleanup(&x->s);
    hl_terminal_cleanup(&x->t);
    SSL_CTX_free(x->tls);
    if (x->lock_fd >= 0)
        close(x->lock_fd);
    OPENSSL_cleanse(x, sizeof(*x));
    free(x);
    return rc;
}
