/* The back office's rules from possumd's configuration (office_rules.h). */
#include "host/office/rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int digits(const char *setting, const char *s, size_t len, struct ps_reason *why)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return ps_fail(why, PS_EFORMAT, "%s: '%s' is not %zu digits", setting, s, len);
    return n == len ? 0 : ps_fail(why, PS_EFORMAT, "%s: '%s' is not %zu digits", setting, s, len);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* One "MODEL:MONTHS" entry (number k, text as given) into *w, its model pointing into
 * entry. */
static int warranty_entry(char *entry, size_t k, struct office_warranty_months *w,
                          struct ps_reason *why)
{
    char *colon = strrchr(entry, ':'), *end = NULL;
    if (colon == NULL)
        return ps_fail(why, PS_EFORMAT,
                       "warranty_months: entry %zu \"%.40s\": MODEL:MONTHS "
                       "expected",
                       k, entry);
    *colon = '\0';
    char *model = trim(entry), *months = trim(colon + 1);
    errno = 0;
    long v = strtol(months, &end, 10);
    if (model[0] == '\0' || errno != 0 || end == months || *end != '\0' || v < 1 || v > 120)
        return ps_fail(why, PS_EFORMAT,
                       "warranty_months: entry %zu \"%.40s:%.8s\": a model and "
                       "1 to 120 months expected",
                       k, model, months);
    w->model = model;
    w->months = (int)v;
    return 0;
}

static int warranty_list(const char *text, struct host_office_rules *out, struct ps_reason *why)
{
    size_t n = 0;
    snprintf(out->models, sizeof(out->models), "%s", text);
    for (char *save = NULL, *e = strtok_r(out->models, ",", &save); e != NULL;
         e = strtok_r(NULL, ",", &save)) {
        if (n == HOST_WARRANTY_MODELS_MAX)
            return ps_fail(why, PS_EFORMAT, "warranty_months: more than %d models",
                           HOST_WARRANTY_MODELS_MAX);
        int rc = warranty_entry(e, n + 1, &out->warranty[n], why);
        if (rc != 0)
            return rc;
        for (size_t i = 0; i < n; i++)
            if (strcmp(out->warranty[i].model, out->warranty[n].model) == 0)
                return ps_fail(why, PS_EFORMAT, "warranty_months: %s is given twice",
                               out->warranty[n].model);
        n++;
    }
    out->warranty[n].model = NULL;
    return 0;
}

int host_office_rules_from_config(const struct host_config *c, struct host_office_rules *out,
                                  struct ps_reason *why)
{
    struct office_onboarding_rules *r = &out->onboarding;
    struct ps_reason inner;
    int rc;

    memset(out, 0, sizeof(*out));
    *r = *office_onboarding_rules_default();
    if ((rc = digits("mid_acquirer", c->mid_acquirer, OFFICE_MID_ACQUIRER_LEN, why)) != 0 ||
        (rc = digits("mid_area", c->mid_area, OFFICE_MID_AREA_LEN, why)) != 0)
        return rc;
    memcpy(r->acquirer, c->mid_acquirer, OFFICE_MID_ACQUIRER_LEN + 1); /* checked: 3 digits */
    memcpy(r->area, c->mid_area, OFFICE_MID_AREA_LEN + 1);
    r->offset_minutes = c->utc_offset_minutes;
    rc = office_calendar_parse(&r->calendar, c->holidays, strlen(c->holidays), c->workdays,
                               strlen(c->workdays), &inner);
    if (rc != 0 && strncmp(inner.text, "make-up", 7) == 0)
        return ps_fail(why, PS_EFORMAT, "workdays: %s", inner.text);
    if (rc != 0) /* the reason names the list ("holidays: entry 2 ...") */
        return ps_fail(why, PS_EFORMAT, "%s", inner.text);
    return warranty_list(c->warranty_months, out, why);
}
