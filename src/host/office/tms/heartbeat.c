/* Heartbeats and offline terminals (heartbeat.h). */
#include "host/office/tms/heartbeat.h"

#include <stdio.h>
#include <string.h>

#include "host/office/tms/tms_internal.h"

#define SECOND_US INT64_C(1000000)
#define MINUTE_US (60 * SECOND_US)

static const char *const printer_names[OFFICE_PRINTER_STATE_COUNT + 1] = {
    [OFFICE_PRINTER_OK] = "ok",
    [OFFICE_PRINTER_PAPER_OUT] = "paper_out",
    [OFFICE_PRINTER_ERROR] = "error",
};

const char *office_printer_state_name(enum office_printer_state s)
{
    return s >= 1 && s <= OFFICE_PRINTER_STATE_COUNT ? printer_names[s] : "unknown";
}

int office_printer_state_parse(const char *name, enum office_printer_state *out,
                               struct ps_reason *why)
{
    for (int i = 1; name != NULL && i <= OFFICE_PRINTER_STATE_COUNT; i++)
        if (strcmp(printer_names[i], name) == 0)
            return (*out = (enum office_printer_state)i, PS_OK);
    return ps_fail(why, PS_EUNDEFINED, "printer state \"%.40s\" is not defined",
                   name != NULL ? name : "");
}

int office_heartbeat_check(const struct office_heartbeat *hb, struct ps_reason *why)
{
    struct office_app_version v;
    struct ps_reason inner;

    if (hb == NULL)
        return ps_fail(why, PS_EINVAL, "no heartbeat");
    if (memchr(hb->app_version, '\0', sizeof(hb->app_version)) == NULL)
        return ps_fail(why, PS_EFORMAT, "app_version: not terminated");
    if (office_app_version_parse(hb->app_version, &v, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "app_version: %s", inner.text);
    if (hb->printer < 1 || hb->printer > OFFICE_PRINTER_STATE_COUNT)
        return ps_fail(why, PS_EFORMAT, "printer: %d is not a printer state", (int)hb->printer);
    if (hb->last_txn_us < 0)
        return ps_fail(why, PS_EFORMAT, "last_txn: before 1970");
    return PS_OK;
}

int office_terminal_offline(enum office_terminal_state state, int64_t last_seen_us, int64_t now_us,
                            int64_t silence_limit_us, bool *offline, struct ps_reason *why)
{
    *offline = false;
    /* seconds, not minutes: production limits are minutes, but the tests watch a
     * terminal fall silent in a few seconds */
    if (silence_limit_us < SECOND_US)
        return ps_fail(why, PS_EINVAL, "silence limit: under one second");
    if (last_seen_us < 0)
        return ps_fail(why, PS_EINVAL, "last seen: before 1970");
    if (state != OFFICE_TERMINAL_ACTIVE || now_us <= last_seen_us)
        return PS_OK;
    /* now - last_seen may overflow when last_seen is far in the past: compare instead */
    *offline = last_seen_us < now_us - silence_limit_us;
    return PS_OK;
}

int office_offline_ticket(const struct office_terminal *t, int64_t last_seen_us, int64_t now_us,
                          int64_t silence_limit_us, struct office_ticket_draft *out,
                          struct ps_reason *why)
{
    char since[21];
    bool offline = false;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = office_terminal_offline(t->state, last_seen_us, now_us, silence_limit_us, &offline,
                                      why)) != 0)
        return rc;
    if (!offline)
        return ps_fail(why, PS_EINVAL, "terminal %s is not offline", t->serial);
    out->category = OFFICE_TICKET_FAULT;
    out->priority = OFFICE_TICKET_HIGH;
    tms__copy(out->mid, sizeof(out->mid), t->mid);
    tms__copy(out->serial, sizeof(out->serial), t->serial);
    tms__time_format(last_seen_us, since);
    /* minutes as staff read them; seconds only for limits under a minute (tests) */
    int64_t unit = silence_limit_us < MINUTE_US ? SECOND_US : MINUTE_US;
    const char *unit_name = unit == SECOND_US ? "seconds" : "minutes";
    snprintf(out->description, sizeof(out->description),
             "Terminal %s (TID %s) silent since %s: %lld %s, over the limit of %lld %s. "
             "Opened automatically.",
             t->serial, t->tid, since, (long long)((now_us - last_seen_us) / unit), unit_name,
             (long long)(silence_limit_us / unit), unit_name);
    return PS_OK;
}
