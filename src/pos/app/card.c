#include "pos/app/card.h"

#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sodium.h>

#include "core/checks/luhn.h"

static const char *const type_names[] = {"", "debit", "credit", "quasi-credit", "prepaid"};

const char *pos_card_type_name(enum rcpt_card_kind type)
{
    return (unsigned)type < PS_ARRAY_LEN(type_names) && type != 0 ? type_names[type] : "debit";
}

static int digits(const char *what, const char *s, size_t min, size_t max, struct ps_reason *why)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return ps_fail(why, PS_EINVAL, "%s: character %zu is not a digit", what, i + 1);
    }
    if (n < min || n > max)
        return ps_fail(why, PS_EINVAL, "%s: %zu digits; %zu to %zu expected", what, n, min, max);
    return PS_OK;
}

int pos_card_set_pin(struct pos_card *c, const char *pin, struct ps_reason *why)
{
    int rc;

    sodium_memzero(c->pin, sizeof(c->pin));
    if (pin == NULL || pin[0] == '\0')
        return PS_OK;
    /* the reason names the rule, never the PIN */
    if ((rc = digits("PIN", pin, PS_PIN_MIN, PS_PIN_MAX, why)) != 0)
        return rc;
    memcpy(c->pin, pin, strlen(pin) + 1);
    return PS_OK;
}

int pos_card_set(struct pos_card *out, const char *pan, const char *expiry, const char *pin,
                 const char *type, struct ps_reason *why)
{
    int rc;

    pos_card_wipe(out);
    if (pan == NULL)
        return ps_fail(why, PS_EINVAL, "card number: missing");
    if ((rc = digits("card number", pan, PS_PAN_MIN, PS_PAN_MAX, why)) != 0)
        return rc;
    if (ps_luhn_validate(pan, strlen(pan), NULL) != 0)
        return ps_fail(why, PS_ECHECK, "card number: the check digit is wrong (mistyped?)");
    if (expiry != NULL && expiry[0] != '\0') {
        if ((rc = digits("expiry", expiry, 4, 4, why)) != 0)
            return rc;
        int month = (expiry[2] - '0') * 10 + (expiry[3] - '0');
        if (month < 1 || month > 12)
            return ps_fail(why, PS_EINVAL, "expiry: month %02d is not 01 to 12 (YYMM)", month);
        memcpy(out->expiry, expiry, 5);
    }
    out->type = RCPT_CARD_DEBIT;
    if (type != NULL) {
        out->type = 0;
        for (size_t i = 1; i < PS_ARRAY_LEN(type_names); i++) {
            if (strcmp(type, type_names[i]) == 0)
                out->type = (enum rcpt_card_kind)i;
        }
        if (out->type == 0)
            return ps_fail(why, PS_EINVAL,
                           "card type: \"%s\" is not debit, credit, quasi-credit or prepaid", type);
    }
    memcpy(out->pan, pan, strlen(pan) + 1);
    if ((rc = pos_card_set_pin(out, pin, why)) != 0)
        pos_card_wipe(out);
    return rc;
}

int pos_card_from_swipe(struct pos_card *out, const char *text, struct ps_reason *why)
{
    struct ps_track2 t;
    int rc;

    pos_card_wipe(out);
    rc = ps_track_parse(text, strlen(text), &t, why);
    if (rc == 0) {
        memcpy(out->pan, t.pan, sizeof(t.pan));
        memcpy(out->expiry, t.expiry, sizeof(t.expiry));
        memcpy(out->track2, t.data, sizeof(t.data));
        out->type = RCPT_CARD_DEBIT;
    }
    ps_track2_wipe(&t);
    /* the card's own checks say PS_EINVAL for a bad card; a misread stays PS_ECHECK */
    return rc == 0 || rc == PS_ECHECK ? rc : PS_EINVAL;
}

int pos_card_from_entry(struct pos_card *out, const char *number, const char *expiry,
                        struct ps_reason *why)
{
    if (number != NULL && number[0] != '\0' && strchr(POS_CARD_SWIPE_LEAD, number[0]) != NULL)
        return pos_card_from_swipe(out, number, why);
    return pos_card_set(out, number, expiry != NULL && expiry[0] != '\0' ? expiry : NULL, NULL,
                        NULL, why);
}

int pos_card_from_file(struct pos_card *out, const char *path, struct ps_reason *why)
{
    const char *pan = NULL, *expiry = NULL, *pin = NULL, *type = NULL;
    json_error_t err;
    struct stat st;
    json_t *o;
    int rc;

    pos_card_wipe(out);
    if (stat(path, &st) == 0 && st.st_size > POS_CARD_FILE_MAX)
        return ps_fail(why, PS_ETOOLONG, "card file %s: more than %d bytes", path,
                       POS_CARD_FILE_MAX);
    o = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (o == NULL)
        return ps_fail(why, err.line < 0 ? PS_EIO : PS_EFORMAT, "card file %s: %s", path, err.text);
    if (json_unpack_ex(o, &err, JSON_STRICT, "{s:s, s?s, s?s, s?s}", "pan", &pan, "expiry", &expiry,
                       "pin", &pin, "type", &type) != 0)
        rc = ps_fail(why, PS_EFORMAT, "card file %s: %s", path, err.text);
    else
        rc = pos_card_set(out, pan, expiry, pin, type, why);
    json_decref(o);
    return rc;
}

void pos_card_wipe(struct pos_card *c)
{
    sodium_memzero(c, sizeof(*c));
}
