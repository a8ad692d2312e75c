#include "pos/app/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "pos/app/schema.h"
#include "pos/backoffice/http.h"
#include "pos/receipt/doc.h"

const char *const pos_settings_names[] = {
    "lang",         "receipt-width",        "footer",
    "drawer",       "discount-max-percent", "discount-max-amount",
    "host-timeout", "card-reader",          "back-office",
    "heartbeat-every", NULL,
};

void pos_settings_defaults(struct pos_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->lang = RCPT_LANG_ZH;
    s->receipt_width = RCPT_WIDTH_58MM;
    s->discount.max_bp = 1000;     /* 10% */
    s->discount.max_amount = 1000; /* 10.00 yuan */
    s->timeout_ms = 15000;
    s->heartbeat_every_s = 300;
}

/* A whole number from min to max. */
static int whole(const char *name, const char *v, long min, long max, long *out,
                 struct ps_reason *why)
{
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || n < min || n > max)
        return ps_fail(why, PS_EINVAL, "%s: \"%s\" is not a whole number from %ld to %ld", name, v,
                       min, max);
    *out = n;
    return PS_OK;
}

/* Applies name = v to s, checking it. */
static int apply(struct pos_settings *s, const char *name, const char *v, struct ps_reason *why)
{
    long n = 0;
    int64_t fen = 0;
    int rc = PS_OK;

    if (strcmp(name, "lang") == 0) {
        if (strcmp(v, "zh") != 0 && strcmp(v, "en") != 0)
            return ps_fail(why, PS_EINVAL, "lang: \"%s\" is not zh or en", v);
        s->lang = strcmp(v, "en") == 0 ? RCPT_LANG_EN : RCPT_LANG_ZH;
    } else if (strcmp(name, "receipt-width") == 0) {
        if ((rc = whole(name, v, RCPT_WIDTH_MIN, RCPT_WIDTH_MAX, &n, why)) == 0)
            s->receipt_width = (size_t)n;
    } else if (strcmp(name, "footer") == 0) {
        if (strlen(v) > POS_FOOTER_MAX)
            return ps_fail(why, PS_EINVAL, "footer: longer than %d bytes", POS_FOOTER_MAX);
        memcpy(s->footer, v, strlen(v) + 1);
    } else if (strcmp(name, "drawer") == 0) {
        if ((rc = whole(name, v, 0, 1, &n, why)) == 0)
            s->kick_drawer = (int)n;
    } else if (strcmp(name, "discount-max-percent") == 0) {
        /* a percent with two decimals is basis points, as yuan with two decimals is fen */
        if (ps_money_parse(v, strlen(v), &fen, NULL) != 0 || fen < 0 || fen > 10000)
            return ps_fail(why, PS_EINVAL, "%s: \"%s\" is not a percent from 0 to 100", name, v);
        s->discount.max_bp = fen;
    } else if (strcmp(name, "discount-max-amount") == 0) {
        if (ps_money_parse(v, strlen(v), &fen, NULL) != 0 || fen < 0)
            return ps_fail(why, PS_EINVAL, "%s: \"%s\" is not an amount in yuan", name, v);
        s->discount.max_amount = fen;
    } else if (strcmp(name, "host-timeout") == 0) {
        if ((rc = whole(name, v, 1, 300, &n, why)) == 0)
            s->timeout_ms = (int)n * 1000;
    } else if (strcmp(name, "card-reader") == 0) {
        if (v[0] != '\0' && v[0] != '/')
            return ps_fail(why, PS_EINVAL,
                           "card-reader: \"%s\" is not an absolute path (/dev/ttyACM0), "
                           "or \"\" for none",
                           v);
        if (strlen(v) > POS_CARD_READER_PATH_MAX)
            return ps_fail(why, PS_EINVAL, "card-reader: longer than %d bytes",
                           POS_CARD_READER_PATH_MAX);
        memcpy(s->card_reader, v, strlen(v) + 1);
    } else if (strcmp(name, "back-office") == 0) {
        struct pos_bo_url url;
        struct ps_reason cause;
        if (strlen(v) > POS_BACK_OFFICE_MAX)
            return ps_fail(why, PS_EINVAL, "back-office: longer than %d bytes",
                           POS_BACK_OFFICE_MAX);
        if (v[0] != '\0' && pos_bo_url_parse(v, &url, &cause) != 0)
            return ps_fail(why, PS_EINVAL, "back-office: %s, or \"\" for none", cause.text);
        memcpy(s->back_office, v, strlen(v) + 1);
    } else if (strcmp(name, "heartbeat-every") == 0) {
        if ((rc = whole(name, v, 0, 86400, &n, why)) == 0)
            s->heartbeat_every_s = (int)n;
    } else {
        return ps_fail(why, PS_EUNDEFINED, "there is no setting \"%s\"", name);
    }
    return rc;
}

int pos_settings_load(sqlite3 *db, struct pos_settings *s, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    struct ps_reason cause;
    int rc, step;

    pos_settings_defaults(s);
    rc = pos_app_prepare(db, "SELECT key, value FROM app_setting ORDER BY key", &st, "settings",
                         why);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = pos_app_column_text(st, 0);
        if (apply(s, name, pos_app_column_text(st, 1), &cause) != 0)
            rc = ps_fail(why, PS_EFORMAT, "stored setting %s", cause.text);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = ps_fail(why, PS_EIO, "settings: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

int pos_settings_set(sqlite3 *db, const char *name, const char *value, struct ps_reason *why)
{
    struct pos_settings scratch;
    sqlite3_stmt *st = NULL;
    int rc;

    pos_settings_defaults(&scratch);
    if ((rc = apply(&scratch, name, value, why)) != 0)
        return rc;
    rc = pos_app_prepare(db,
                         "INSERT INTO app_setting (key, value) VALUES (?, ?)"
                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         &st, "settings", why);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        rc = pos_app_step_done(db, st, "settings", why);
    }
    sqlite3_finalize(st);
    return rc;
}

int pos_settings_format(const struct pos_settings *s, const char *name, char *out, size_t cap,
                        struct ps_reason *why)
{
    char money[PS_MONEY_TEXT_MAX];

    if (strcmp(name, "lang") == 0)
        snprintf(out, cap, "%s", s->lang == RCPT_LANG_EN ? "en" : "zh");
    else if (strcmp(name, "receipt-width") == 0)
        snprintf(out, cap, "%zu", s->receipt_width);
    else if (strcmp(name, "footer") == 0)
        snprintf(out, cap, "%s", s->footer);
    else if (strcmp(name, "drawer") == 0)
        snprintf(out, cap, "%d", s->kick_drawer);
    else if (strcmp(name, "discount-max-percent") == 0) {
        ps_money_format(s->discount.max_bp, money, sizeof(money));
        snprintf(out, cap, "%s", money);
    } else if (strcmp(name, "discount-max-amount") == 0) {
        ps_money_format(s->discount.max_amount, money, sizeof(money));
        snprintf(out, cap, "%s", money);
    } else if (strcmp(name, "host-timeout") == 0)
        snprintf(out, cap, "%d", s->timeout_ms / 1000);
    else if (strcmp(name, "card-reader") == 0)
        snprintf(out, cap, "%s", s->card_reader);
    else if (strcmp(name, "back-office") == 0)
        snprintf(out, cap, "%s", s->back_office);
    else if (strcmp(name, "heartbeat-every") == 0)
        snprintf(out, cap, "%d", s->heartbeat_every_s);
    else
        return ps_fail(why, PS_EUNDEFINED, "there is no setting \"%s\"", name);
    return PS_OK;
}
