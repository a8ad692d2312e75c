/* App versions, packages and each terminal's progress in a rollout (rollout.h). */
#include "host/office/tms/rollout.h"

#include <stdio.h>
#include <string.h>

#include "host/office/tms/tms_internal.h"

#define BIT(s) (1u << (s))

static const char *const state_names[OFFICE_ROLLOUT_STATE_COUNT + 1] = {
    [OFFICE_ROLLOUT_PENDING] = "pending",
    [OFFICE_ROLLOUT_DOWNLOADED] = "downloaded",
    [OFFICE_ROLLOUT_INSTALLED] = "installed",
    [OFFICE_ROLLOUT_FAILED] = "failed",
};

static const char *const action_names[OFFICE_ROLLOUT_ACTION_COUNT + 1] = {
    [OFFICE_ROLLOUT_REPORT_DOWNLOADED] = "report_downloaded",
    [OFFICE_ROLLOUT_REPORT_INSTALLED] = "report_installed",
    [OFFICE_ROLLOUT_REPORT_FAILED] = "report_failed",
    [OFFICE_ROLLOUT_RETRY] = "retry",
};

/* rollout.h's table as data */
static const struct {
    unsigned from;
    enum office_rollout_state to;
} transitions[OFFICE_ROLLOUT_ACTION_COUNT + 1] = {
    [OFFICE_ROLLOUT_REPORT_DOWNLOADED] = {BIT(OFFICE_ROLLOUT_PENDING), OFFICE_ROLLOUT_DOWNLOADED},
    [OFFICE_ROLLOUT_REPORT_INSTALLED] = {BIT(OFFICE_ROLLOUT_PENDING) |
                                             BIT(OFFICE_ROLLOUT_DOWNLOADED) |
                                             BIT(OFFICE_ROLLOUT_FAILED),
                                         OFFICE_ROLLOUT_INSTALLED},
    [OFFICE_ROLLOUT_REPORT_FAILED] = {BIT(OFFICE_ROLLOUT_PENDING) | BIT(OFFICE_ROLLOUT_DOWNLOADED),
                                      OFFICE_ROLLOUT_FAILED},
    [OFFICE_ROLLOUT_RETRY] = {BIT(OFFICE_ROLLOUT_FAILED), OFFICE_ROLLOUT_PENDING},
};

/* ---- versions ------------------------------------------------------------------- */

/* One decimal part s[0..len) into *v; the fault names the part (1-based). */
static int parse_part(const char *text, const char *s, size_t len, int part, uint32_t *v,
                      struct ps_reason *why)
{
    *v = 0;
    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "app version \"%.30s\": part %d is empty", text, part);
    if (len > 1 && s[0] == '0')
        return ps_fail(why, PS_EFORMAT, "app version \"%.30s\": a leading zero in part %d", text,
                       part);
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return ps_fail(why, PS_EFORMAT, "app version \"%.30s\": part %d is not a number", text,
                           part);
        *v = *v * 10 + (uint32_t)(s[i] - '0');
        if (*v > OFFICE_APP_VERSION_PART_MAX)
            return ps_fail(why, PS_EFORMAT, "app version \"%.30s\": part %d is above 999999", text,
                           part);
    }
    return PS_OK;
}

int office_app_version_parse(const char *text, struct office_app_version *out,
                             struct ps_reason *why)
{
    uint32_t parts[3] = {0, 0, 0};
    const char *at;
    int rc;

    memset(out, 0, sizeof(*out));
    if (text == NULL)
        return ps_fail(why, PS_EFORMAT, "app version: missing");
    at = text;
    for (int i = 0; i < 3; i++) {
        const char *dot = strchr(at, '.');
        size_t len = i < 2 ? (dot != NULL ? (size_t)(dot - at) : strlen(at)) : strlen(at);
        if (i < 2 && dot == NULL)
            return ps_fail(why, PS_EFORMAT, "app version \"%.30s\": MAJOR.MINOR.PATCH expected",
                           text);
        if ((rc = parse_part(text, at, len, i + 1, &parts[i], why)) != 0)
            return rc;
        at += len + 1;
    }
    out->major = parts[0];
    out->minor = parts[1];
    out->patch = parts[2];
    return PS_OK;
}

static int compare_part(uint32_t a, uint32_t b)
{
    return a < b ? -1 : a > b;
}

int office_app_version_compare(const struct office_app_version *a,
                               const struct office_app_version *b)
{
    int c = compare_part(a->major, b->major);

    if (c == 0)
        c = compare_part(a->minor, b->minor);
    if (c == 0)
        c = compare_part(a->patch, b->patch);
    return c;
}

int office_app_package_init(struct office_app_package *pkg, const char *version,
                            const char *sha256_hex, struct ps_reason *why)
{
    size_t n;
    int rc;

    memset(pkg, 0, sizeof(*pkg));
    if ((rc = office_app_version_parse(version, &pkg->parsed, why)) != 0)
        return rc;
    if (sha256_hex == NULL)
        return ps_fail(why, PS_EFORMAT, "sha256: missing");
    for (n = 0; sha256_hex[n] != '\0' && n <= OFFICE_SHA256_HEX_LEN; n++) {
        char c = sha256_hex[n];
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            memset(pkg, 0, sizeof(*pkg));
            return ps_fail(why, PS_EFORMAT, "sha256: character %zu is not a hex digit", n + 1);
        }
        if (n < OFFICE_SHA256_HEX_LEN)
            pkg->sha256[n] = c;
    }
    if (n != OFFICE_SHA256_HEX_LEN) {
        memset(pkg, 0, sizeof(*pkg));
        return ps_fail(why, PS_EFORMAT, "sha256: %s characters, 64 hex digits needed",
                       n > OFFICE_SHA256_HEX_LEN ? "more than 64"
                       : n == 0                  ? "no"
                                                 : "too few");
    }
    tms__copy(pkg->version, sizeof(pkg->version), version);
    return PS_OK;
}

/* ---- names ---------------------------------------------------------------------- */

const char *office_rollout_state_name(enum office_rollout_state s)
{
    return s >= 1 && s <= OFFICE_ROLLOUT_STATE_COUNT ? state_names[s] : "unknown";
}

const char *office_rollout_action_name(enum office_rollout_action a)
{
    return a >= 1 && a <= OFFICE_ROLLOUT_ACTION_COUNT ? action_names[a] : "unknown";
}

int office_rollout_state_parse(const char *name, enum office_rollout_state *out,
                               struct ps_reason *why)
{
    for (int i = 1; name != NULL && i <= OFFICE_ROLLOUT_STATE_COUNT; i++)
        if (strcmp(state_names[i], name) == 0)
            return (*out = (enum office_rollout_state)i, PS_OK);
    return ps_fail(why, PS_EUNDEFINED, "rollout state \"%.40s\" is not defined",
                   name != NULL ? name : "");
}

int office_rollout_action_parse(const char *name, enum office_rollout_action *out,
                                struct ps_reason *why)
{
    for (int i = 1; name != NULL && i <= OFFICE_ROLLOUT_ACTION_COUNT; i++)
        if (strcmp(action_names[i], name) == 0)
            return (*out = (enum office_rollout_action)i, PS_OK);
    return ps_fail(why, PS_EUNDEFINED, "rollout action \"%.40s\" is not defined",
                   name != NULL ? name : "");
}

/* ---- a terminal's progress ------------------------------------------------------ */

int office_rollout_target_init(struct office_rollout_target *t,
                               const struct office_app_version *target, const char *reported,
                               bool allow_downgrade, struct ps_reason *why)
{
    struct office_app_version runs;
    int rc, c;

    memset(t, 0, sizeof(*t));
    if ((rc = office_app_version_parse(reported, &runs, why)) != 0)
        return rc;
    c = office_app_version_compare(&runs, target);
    if (c > 0 && !allow_downgrade)
        return ps_fail(why, PS_ECHECK,
                       "terminal runs %s, newer than %u.%u.%u: a downgrade needs allow_downgrade",
                       reported, (unsigned)target->major, (unsigned)target->minor,
                       (unsigned)target->patch);
    t->state = c == 0 ? OFFICE_ROLLOUT_INSTALLED : OFFICE_ROLLOUT_PENDING;
    return PS_OK;
}

static void list_states(unsigned mask, char *out, size_t cap)
{
    size_t used = 0;

    out[0] = '\0';
    for (int s = 1; s <= OFFICE_ROLLOUT_STATE_COUNT; s++) {
        if ((mask & BIT(s)) == 0)
            continue;
        int n = snprintf(out + used, cap - used, "%s%s", used > 0 ? ", " : "", state_names[s]);
        if (n < 0 || (size_t)n >= cap - used)
            return;
        used += (size_t)n;
    }
}

int office_rollout_apply(struct office_rollout_target *t, enum office_rollout_action action,
                         const char *reason, struct ps_reason *why)
{
    struct ps_reason inner;
    char allowed[64];

    if (t->state < 1 || t->state > OFFICE_ROLLOUT_STATE_COUNT)
        return ps_fail(why, PS_EUNDEFINED, "rollout state %d is not defined", (int)t->state);
    if (action < 1 || action > OFFICE_ROLLOUT_ACTION_COUNT)
        return ps_fail(why, PS_EUNDEFINED, "rollout action %d is not defined", (int)action);
    if ((transitions[action].from & BIT(t->state)) == 0) {
        list_states(transitions[action].from, allowed, sizeof(allowed));
        return ps_fail(why, PS_ECHECK, "cannot %s a terminal that is %s: %s applies to %s",
                       action_names[action], state_names[t->state], action_names[action], allowed);
    }
    if (action == OFFICE_ROLLOUT_REPORT_FAILED) {
        if (reason == NULL)
            return ps_fail(why, PS_EINVAL, "report_failed: a reason is required");
        if (tms__text_check("reason", reason, 1, OFFICE_ROLLOUT_REASON_MAX, &inner) != 0)
            return ps_fail(why, PS_EINVAL, "report_failed: %s", inner.text);
    }
    t->state = transitions[action].to;
    tms__copy(t->reason, sizeof(t->reason), action == OFFICE_ROLLOUT_REPORT_FAILED ? reason : "");
    return PS_OK;
}
