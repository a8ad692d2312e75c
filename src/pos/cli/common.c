/* Opening the terminal, logging in, and the one JSON object each run prints. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "pos/cli/cli.h"
#include "pos/hostlink/responses.h"

int cli_error(int status, const char *fmt, ...)
{
    va_list ap;
    fputs("possum-pos: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return status;
}

int cli_status_of(int rc)
{
    switch (rc) {
    case 0:
        return CLI_OK;
    case POS_APP_DECLINED:
        return CLI_DECLINED;
    case POS_APP_OFFLINE:
        return CLI_OFFLINE;
    case POS_APP_DENIED:
        return CLI_DENIED;
    case POS_APP_REFUSED:
        return CLI_REFUSED;
    case POS_APP_QUEUED:
        return CLI_QUEUED;
    default:
        return CLI_FAILURE;
    }
}

static const char *result_name(int rc)
{
    static const char *const names[] = {"ok", "declined", "offline", "denied", "refused", "queued"};
    return rc >= 0 && rc <= POS_APP_QUEUED ? names[rc] : "error";
}

int cli_open(const struct cli_args *a, struct pos_app **app)
{
    struct pos_app_options opt = {.home = a->home};
    struct ps_reason why;
    const char *fast = getenv("POSSUM_POS_FAST_HASHING");
    int rc;

    /* for test suites only: new passwords hashed at libsodium's minimum cost */
    opt.fast_password_hashing = fast != NULL && strcmp(fast, "1") == 0;
    ps_reason_clear(&why);
    rc = pos_app_open(&opt, app, &why);
    if (rc != 0)
        return cli_error(CLI_FAILURE, "%s", why.text);
    return CLI_OK;
}

static const char *password_of(const char *given, const char *env)
{
    return given != NULL ? given : getenv(env);
}

int cli_open_as(const struct cli_args *a, enum pos_action approve, struct pos_app **app,
                struct ps_reason *why)
{
    const char *pw = password_of(a->password, "POSSUM_POS_PASSWORD");
    const char *sup = password_of(a->supervisor_password, "POSSUM_POS_SUPERVISOR_PASSWORD");
    int rc = cli_open(a, app);

    if (rc != CLI_OK)
        return PS_EIO; /* told */
    if (a->operator_no != NULL && pw == NULL) {
        cli_error(CLI_USAGE, "--operator needs --password (or POSSUM_POS_PASSWORD)");
        return CLI_TOLD;
    }
    if (a->operator_no != NULL)
        rc = pos_app_login(*app, a->operator_no, pw, why);
    else
        rc = pos_app_session_restore(*app, why);
    if (rc == 0 && approve != 0 && sup != NULL)
        rc = pos_app_approve(*app, approve, sup, why);
    return rc;
}

json_t *cli_yuan(int64_t fen)
{
    char text[PS_MONEY_TEXT_MAX];
    ps_money_format(fen, text, sizeof(text));
    return json_string(text);
}

static void set_text(json_t *o, const char *key, const char *value)
{
    if (value != NULL && value[0] != '\0')
        json_object_set_new(o, key, json_string(value));
}

static json_t *steps_json(const struct pos_app_result *res)
{
    json_t *steps = json_array();
    for (size_t i = 0; i < res->nsteps; i++)
        json_array_append_new(
            steps, json_pack("{s:s, s:I, s:s}", "kind", hl_kind_name(res->steps[i].kind), "stan",
                             (json_int_t)res->steps[i].stan, "response_code",
                             res->steps[i].code[0] != '\0' ? res->steps[i].code : "none"));
    return steps;
}

/* The host's answer, when one came. */
static void add_answer(json_t *o, const struct pos_app_result *res)
{
    if (res->code[0] == '\0')
        return;
    json_object_set_new(o, "response_code", json_string(res->code));
    json_object_set_new(o, "response", json_string(hl_response_meaning(res->code)));
    set_text(o, "rrn", res->rrn);
    set_text(o, "auth_code", res->auth_code);
    set_text(o, "settle_date", res->settle_date);
    set_text(o, "host_date", res->host_date);
    set_text(o, "host_time", res->host_time);
    if (res->stan != 0)
        json_object_set_new(o, "stan", json_integer(res->stan));
}

int cli_finish(const struct cli_args *a, const char *command, int rc,
               const struct pos_app_result *res, const struct ps_reason *why)
{
    json_t *o = json_object();
    struct ps_reason perr;
    int status = cli_status_of(rc);

    json_object_set_new(o, "command", json_string(command));
    json_object_set_new(o, "result", json_string(result_name(rc)));
    json_object_set_new(o, "message", json_string(rc == 0 ? res->message : why->text));
    if (res->receipt_no != 0)
        json_object_set_new(o, "receipt_no", json_integer(res->receipt_no));
    if (res->amount != 0)
        json_object_set_new(o, "amount", cli_yuan(res->amount));
    if (res->change != 0)
        json_object_set_new(o, "change", cli_yuan(res->change));
    if (res->has_balance)
        json_object_set_new(o, "balance", cli_yuan(res->balance));
    add_answer(o, res);
    if (res->batch != 0)
        json_object_set_new(o, "batch", json_integer(res->batch));
    json_object_set_new(o, "reversal_owed", json_boolean(res->reversal_owed));
    if (res->nsteps > 0)
        json_object_set_new(o, "steps", steps_json(res));
    if (res->journal_seq != 0)
        json_object_set_new(o, "journal_seq", json_integer(res->journal_seq));
    if (res->text.len > 0)
        json_object_set_new(o, "receipt",
                            json_stringn((const char *)res->text.data, res->text.len));
    if (res->detail != NULL)
        json_object_set(o, "detail", res->detail);
    json_dumpf(o, stdout, JSON_COMPACT);
    putchar('\n');
    fflush(stdout);
    json_decref(o);
    if (rc != 0)
        cli_error(status, "%s", why->text[0] != '\0' ? why->text : pos_app_strerror(rc));
    if (a->printer != NULL && pos_app_result_print(res, a->printer, &perr) != 0) {
        cli_error(CLI_FAILURE, "%s", perr.text);
        return status == CLI_OK ? CLI_FAILURE : status;
    }
    return status;
}

int cli_money(const char *opt, const char *text, int64_t *fen)
{
    struct ps_reason why;
    if (ps_money_parse(text, strlen(text), fen, &why) != 0)
        return cli_error(CLI_USAGE, "--%s: %s", opt, why.text);
    if (*fen <= 0)
        return cli_error(CLI_USAGE, "--%s: %s is not above 0", opt, text);
    return CLI_OK;
}

int cli_number(const char *opt, const char *text, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    unsigned long v;

    errno = 0;
    v = strtoul(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 || v > max)
        return cli_error(CLI_USAGE, "--%s: '%s' is not a number from 0 to %lu", opt, text, max);
    *out = v;
    return CLI_OK;
}

int cli_card(const struct cli_args *a, struct pos_card *card, int *have)
{
    struct ps_reason why;
    int sources =
        (a->card_file != NULL) + (a->pan != NULL) + (a->card_reader != NULL) + (a->swipe != NULL);
    int rc = 0;

    *have = 0;
    if (sources > 1)
        return cli_error(CLI_USAGE, "--card-file, --pan, --card-reader and --swipe exclude "
                                    "each other");
    if (a->card_file != NULL)
        rc = pos_card_from_file(card, a->card_file, &why);
    else if (a->pan != NULL)
        rc = pos_card_set(card, a->pan, a->expiry, NULL, a->card_type, &why);
    else if (a->swipe != NULL)
        rc = pos_card_from_swipe(card, a->swipe, &why);
    else if (a->card_reader != NULL)
        rc = pos_card_from_reader(a->card_reader, CLI_SWIPE_WAIT_S * 1000, card, &why);
    else
        return a->pin != NULL ? cli_error(CLI_USAGE, "--pin goes with a card") : CLI_OK;
    if (rc == 0 && a->pin != NULL)
        rc = pos_card_set_pin(card, a->pin, &why);
    if (rc != 0) {
        pos_card_wipe(card);
        /* a reader that failed or saw no swipe is the terminal's trouble, not the
         * command line's */
        return cli_error(rc == PS_EIO || rc == PS_ETIMEDOUT ? CLI_FAILURE : CLI_USAGE, "%s",
                         why.text);
    }
    *have = 1;
    return CLI_OK;
}

int cli_run(struct cli_args *a, const char *command, int login, enum pos_action approve,
            cli_flow_fn fn, void *ctx)
{
    struct pos_app_result res;
    struct ps_reason why;
    struct pos_app *app = NULL;
    int rc;

    ps_reason_clear(&why);
    if (login)
        rc = cli_open_as(a, approve, &app, &why);
    else
        rc = cli_open(a, &app) == CLI_OK ? 0 : PS_EIO;
    if (app == NULL) /* it did not open: told */
        return CLI_FAILURE;
    pos_app_result_init(&res);
    res.action = command;
    if (rc == 0)
        rc = fn(app, a, ctx, &res, &why);
    if (rc == CLI_TOLD)
        rc = CLI_USAGE;
    else
        rc = cli_finish(a, command, rc, &res, &why);
    pos_app_result_cleanup(&res);
    pos_app_close(app);
    return rc;
}
