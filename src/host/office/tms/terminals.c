/* A terminal's stock record and life cycle (terminals.h has the table). */
#include "host/office/tms/terminals.h"

#include <stdio.h>
#include <string.h>

#include "host/office/tms/tms_internal.h"

#define BIT(state) (1u << (state))

/* what an action needs besides a legal state */
enum {
    NEEDS_MID_TID = 1 << 0, /* assign */
    NEEDS_REASON = 1 << 1,
    CLEARS_MERCHANT = 1 << 2 /* back to stock: the MID and TID leave the record */
};

/* The life cycle as data: each action, the states it applies to, where it leads. */
static const struct transition {
    unsigned from; /* BIT() of each state the action applies to */
    enum office_terminal_state to;
    unsigned flags;
} transitions[OFFICE_TERMINAL_ACTION_COUNT + 1] = {
    [OFFICE_TERMINAL_ASSIGN] = {BIT(OFFICE_TERMINAL_IN_STOCK), OFFICE_TERMINAL_ASSIGNED,
                                NEEDS_MID_TID},
    [OFFICE_TERMINAL_UNASSIGN] = {BIT(OFFICE_TERMINAL_ASSIGNED) |
                                      BIT(OFFICE_TERMINAL_ACTIVATION_PENDING),
                                  OFFICE_TERMINAL_IN_STOCK, NEEDS_REASON | CLEARS_MERCHANT},
    [OFFICE_TERMINAL_ISSUE_CODE] = {BIT(OFFICE_TERMINAL_ASSIGNED) |
                                        BIT(OFFICE_TERMINAL_ACTIVATION_PENDING),
                                    OFFICE_TERMINAL_ACTIVATION_PENDING, 0},
    [OFFICE_TERMINAL_ACTIVATE] = {BIT(OFFICE_TERMINAL_ACTIVATION_PENDING), OFFICE_TERMINAL_ACTIVE,
                                  0},
    [OFFICE_TERMINAL_SUSPEND] = {BIT(OFFICE_TERMINAL_ACTIVE), OFFICE_TERMINAL_SUSPENDED,
                                 NEEDS_REASON},
    [OFFICE_TERMINAL_RESUME] = {BIT(OFFICE_TERMINAL_SUSPENDED), OFFICE_TERMINAL_ACTIVE, 0},
    [OFFICE_TERMINAL_LOCK] = {BIT(OFFICE_TERMINAL_ACTIVE) | BIT(OFFICE_TERMINAL_SUSPENDED),
                              OFFICE_TERMINAL_LOCKED, NEEDS_REASON},
    [OFFICE_TERMINAL_UNLOCK] = {BIT(OFFICE_TERMINAL_LOCKED), OFFICE_TERMINAL_ACTIVE, 0},
    [OFFICE_TERMINAL_RETURN] = {BIT(OFFICE_TERMINAL_ASSIGNED) |
                                    BIT(OFFICE_TERMINAL_ACTIVATION_PENDING) |
                                    BIT(OFFICE_TERMINAL_ACTIVE) | BIT(OFFICE_TERMINAL_SUSPENDED) |
                                    BIT(OFFICE_TERMINAL_LOCKED),
                                OFFICE_TERMINAL_RETURNED, NEEDS_REASON},
    [OFFICE_TERMINAL_SEND_TO_REPAIR] = {BIT(OFFICE_TERMINAL_IN_STOCK) |
                                            BIT(OFFICE_TERMINAL_ASSIGNED) |
                                            BIT(OFFICE_TERMINAL_ACTIVATION_PENDING) |
                                            BIT(OFFICE_TERMINAL_ACTIVE) |
                                            BIT(OFFICE_TERMINAL_SUSPENDED) |
                                            BIT(OFFICE_TERMINAL_LOCKED) |
                                            BIT(OFFICE_TERMINAL_RETURNED),
                                        OFFICE_TERMINAL_IN_REPAIR, NEEDS_REASON},
    [OFFICE_TERMINAL_RESTOCK] = {BIT(OFFICE_TERMINAL_RETURNED) | BIT(OFFICE_TERMINAL_IN_REPAIR),
                                 OFFICE_TERMINAL_IN_STOCK, CLEARS_MERCHANT},
};

static const char *const state_names[OFFICE_TERMINAL_STATE_COUNT + 1] = {
    [OFFICE_TERMINAL_IN_STOCK] = "in_stock",
    [OFFICE_TERMINAL_ASSIGNED] = "assigned",
    [OFFICE_TERMINAL_ACTIVATION_PENDING] = "activation_pending",
    [OFFICE_TERMINAL_ACTIVE] = "active",
    [OFFICE_TERMINAL_SUSPENDED] = "suspended",
    [OFFICE_TERMINAL_LOCKED] = "locked",
    [OFFICE_TERMINAL_RETURNED] = "returned",
    [OFFICE_TERMINAL_IN_REPAIR] = "in_repair",
};

static const char *const action_names[OFFICE_TERMINAL_ACTION_COUNT + 1] = {
    [OFFICE_TERMINAL_ASSIGN] = "assign",
    [OFFICE_TERMINAL_UNASSIGN] = "unassign",
    [OFFICE_TERMINAL_ISSUE_CODE] = "issue_code",
    [OFFICE_TERMINAL_ACTIVATE] = "activate",
    [OFFICE_TERMINAL_SUSPEND] = "suspend",
    [OFFICE_TERMINAL_RESUME] = "resume",
    [OFFICE_TERMINAL_LOCK] = "lock",
    [OFFICE_TERMINAL_UNLOCK] = "unlock",
    [OFFICE_TERMINAL_RETURN] = "return",
    [OFFICE_TERMINAL_SEND_TO_REPAIR] = "send_to_repair",
    [OFFICE_TERMINAL_RESTOCK] = "restock",
};

/* ---- names ---------------------------------------------------------------------- */

static bool state_defined(enum office_terminal_state s)
{
    return s >= OFFICE_TERMINAL_IN_STOCK && s <= OFFICE_TERMINAL_IN_REPAIR;
}

static bool action_defined(enum office_terminal_action a)
{
    return a >= OFFICE_TERMINAL_ASSIGN && a <= OFFICE_TERMINAL_RESTOCK;
}

const char *office_terminal_state_name(enum office_terminal_state state)
{
    return state_defined(state) ? state_names[state] : "unknown";
}

const char *office_terminal_action_name(enum office_terminal_action action)
{
    return action_defined(action) ? action_names[action] : "unknown";
}

/* The index of name in names[1..count], or 0. */
static int find_name(const char *const *names, int count, const char *name)
{
    for (int i = 1; name != NULL && i <= count; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return 0;
}

int office_terminal_state_parse(const char *name, enum office_terminal_state *out,
                                struct ps_reason *why)
{
    int i = find_name(state_names, OFFICE_TERMINAL_STATE_COUNT, name);

    if (i == 0)
        return ps_fail(why, PS_EUNDEFINED, "terminal state \"%.40s\" is not defined",
                       name != NULL ? name : "");
    *out = (enum office_terminal_state)i;
    return PS_OK;
}

int office_terminal_action_parse(const char *name, enum office_terminal_action *out,
                                 struct ps_reason *why)
{
    int i = find_name(action_names, OFFICE_TERMINAL_ACTION_COUNT, name);

    if (i == 0)
        return ps_fail(why, PS_EUNDEFINED, "terminal action \"%.40s\" is not defined",
                       name != NULL ? name : "");
    *out = (enum office_terminal_action)i;
    return PS_OK;
}

/* ---- identifiers ---------------------------------------------------------------- */

static bool serial_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
}

int office_terminal_serial_check(const char *serial, struct ps_reason *why)
{
    size_t n;

    if (serial == NULL)
        return ps_fail(why, PS_EINVAL, "serial number: missing");
    for (n = 0; serial[n] != '\0' && n <= OFFICE_SERIAL_MAX; n++) {
        unsigned char c = (unsigned char)serial[n];
        if (serial_char(serial[n]))
            continue;
        if (c > 0x20 && c < 0x7f)
            return ps_fail(why, PS_EFORMAT,
                           "serial number: character %zu '%c' is not a letter, digit or '-'", n + 1,
                           c);
        return ps_fail(why, PS_EFORMAT,
                       "serial number: character %zu (byte 0x%02X) is not a letter, digit or '-'",
                       n + 1, c);
    }
    if (n < OFFICE_SERIAL_MIN || n > OFFICE_SERIAL_MAX)
        return ps_fail(why, PS_EFORMAT, "serial number: %s characters, %d to %d allowed",
                       n > OFFICE_SERIAL_MAX ? "more than 32"
                       : n == 0              ? "no"
                                             : "too few",
                       OFFICE_SERIAL_MIN, OFFICE_SERIAL_MAX);
    return PS_OK;
}

/* Only the form of CUP field 42: a terminal is assigned to a merchant already on record,
 * whose MID may come from an acquirer that composes MIDs otherwise (the demo's are not
 * acquirer + area + MCC + sequence); office_mid_parse() is the rule for the MIDs
 * onboarding composes. */
int office_mid_check(const char *mid, struct ps_reason *why)
{
    return tms__digits_check("MID", mid, OFFICE_MID_LEN, why);
}

int office_tid_check(const char *tid, struct ps_reason *why)
{
    int rc = tms__digits_check("TID", tid, OFFICE_TID_LEN, why);

    if (rc == 0 && strcmp(tid, "00000000") == 0)
        return ps_fail(why, PS_EFORMAT, "TID: 00000000 is never a TID");
    return rc;
}

int office_terminal_init(struct office_terminal *t, const char *serial, const char *model,
                         const char *vendor, struct ps_reason *why)
{
    int rc;

    memset(t, 0, sizeof(*t));
    if ((rc = office_terminal_serial_check(serial, why)) != 0 ||
        (rc = tms__text_check("model", model, 1, OFFICE_MODEL_MAX, why)) != 0 ||
        (rc = tms__text_check("vendor", vendor, 1, OFFICE_VENDOR_MAX, why)) != 0)
        return rc == PS_EINVAL ? PS_EFORMAT : rc;
    tms__copy(t->serial, sizeof(t->serial), serial);
    tms__copy(t->model, sizeof(t->model), model);
    tms__copy(t->vendor, sizeof(t->vendor), vendor);
    t->state = OFFICE_TERMINAL_IN_STOCK;
    return PS_OK;
}

/* ---- the life cycle ------------------------------------------------------------- */

/* "locked, active" — the states an action applies to, for a refusal's sentence. */
static void list_states(unsigned mask, char *out, size_t cap)
{
    size_t used = 0;

    out[0] = '\0';
    for (int s = OFFICE_TERMINAL_IN_STOCK; s <= OFFICE_TERMINAL_IN_REPAIR; s++) {
        if ((mask & BIT(s)) == 0)
            continue;
        int n = snprintf(out + used, cap - used, "%s%s", used > 0 ? ", " : "", state_names[s]);
        if (n < 0 || (size_t)n >= cap - used)
            return;
        used += (size_t)n;
    }
}

int office_terminal_next_state(enum office_terminal_state from, enum office_terminal_action action,
                               enum office_terminal_state *to, struct ps_reason *why)
{
    char allowed[128];

    if (!state_defined(from))
        return ps_fail(why, PS_EUNDEFINED, "terminal state %d is not defined", (int)from);
    if (!action_defined(action))
        return ps_fail(why, PS_EUNDEFINED, "terminal action %d is not defined", (int)action);
    if ((transitions[action].from & BIT(from)) == 0) {
        list_states(transitions[action].from, allowed, sizeof(allowed));
        return ps_fail(why, PS_ECHECK, "cannot %s a terminal that is %s: %s applies to %s",
                       action_names[action], state_names[from], action_names[action], allowed);
    }
    *to = transitions[action].to;
    return PS_OK;
}

/* The inputs ev carries, as its action needs them. */
static int check_inputs(const struct office_terminal_event *ev, unsigned flags,
                        struct ps_reason *why)
{
    const char *name = action_names[ev->action];
    struct ps_reason inner;
    int rc;

    if (flags & NEEDS_MID_TID) {
        if ((rc = office_mid_check(ev->mid, &inner)) != 0 ||
            (rc = office_tid_check(ev->tid, &inner)) != 0)
            return ps_fail(why, rc, "%s: %s", name, inner.text);
    }
    if ((flags & NEEDS_REASON) &&
        (ev->reason == NULL ||
         tms__text_check("reason", ev->reason, 1, OFFICE_REASON_MAX, &inner) != 0))
        return ps_fail(why, PS_EINVAL, "%s: %s", name,
                       ev->reason == NULL ? "a reason is required" : inner.text);
    return PS_OK;
}

int office_terminal_apply(struct office_terminal *t, const struct office_terminal_event *ev,
                          struct ps_reason *why)
{
    enum office_terminal_state to;
    unsigned flags;
    int rc;

    if (ev == NULL)
        return ps_fail(why, PS_EINVAL, "no event");
    if ((rc = office_terminal_next_state(t->state, ev->action, &to, why)) != 0)
        return rc;
    flags = transitions[ev->action].flags;
    if ((rc = check_inputs(ev, flags, why)) != 0)
        return rc;
    if (flags & NEEDS_MID_TID) {
        tms__copy(t->mid, sizeof(t->mid), ev->mid);
        tms__copy(t->tid, sizeof(t->tid), ev->tid);
    }
    if (flags & CLEARS_MERCHANT) {
        t->mid[0] = '\0';
        t->tid[0] = '\0';
    }
    t->state = to;
    return PS_OK;
}

bool office_terminal_may_transact(enum office_terminal_state state)
{
    return state == OFFICE_TERMINAL_ACTIVE;
}

/* ---- TIDs ----------------------------------------------------------------------- */

int office_tid_range_check(const struct office_tid_range *range, struct ps_reason *why)
{
    if (range == NULL)
        return ps_fail(why, PS_EINVAL, "TID range: missing");
    if (range->first < 1 || range->last > OFFICE_TID_LAST)
        return ps_fail(why, PS_EINVAL, "TID range: %u-%u is outside 00000001-99999999",
                       (unsigned)range->first, (unsigned)range->last);
    if (range->first > range->last)
        return ps_fail(why, PS_EINVAL, "TID range: first %08u is after last %08u",
                       (unsigned)range->first, (unsigned)range->last);
    return PS_OK;
}

int office_tid_allocate(const struct office_tid_range *range, const uint32_t *used, size_t n_used,
                        char out[OFFICE_TID_LEN + 1], struct ps_reason *why)
{
    uint64_t next;
    int rc;

    out[0] = '\0';
    if ((rc = office_tid_range_check(range, why)) != 0)
        return rc;
    if (n_used > 0 && used == NULL)
        return ps_fail(why, PS_EINVAL, "used TIDs: missing");
    next = range->first; /* 64 bits: last + 1 must not wrap */
    for (size_t i = 0; i < n_used; i++) {
        if (i > 0 && used[i] < used[i - 1])
            return ps_fail(why, PS_EINVAL, "used TIDs: entry %zu is below entry %zu", i + 1, i);
        if (used[i] == next)
            next++;
        /* a value below next was counted or is below the range; one above it leaves a
         * gap at next, but the ascending check must still see the rest of the list */
    }
    if (next > range->last)
        return ps_fail(why, PS_ESPACE, "TID range %08u-%08u is full", (unsigned)range->first,
                       (unsigned)range->last);
    snprintf(out, OFFICE_TID_LEN + 1, "%08u", (unsigned)next);
    return PS_OK;
}
