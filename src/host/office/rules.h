/* rules.h — the back office's rules as possumd's configuration sets them: new
 * merchants' MID prefix, the local time and working days review deadlines count in,
 * and each terminal model's warranty. Read once at start-up, so a mistake stops possumd
 * with the setting named rather than surfacing in a deadline weeks later. */
#ifndef POSSUM_HOST_OFFICE_RULES_H
#define POSSUM_HOST_OFFICE_RULES_H

#include "host/config.h"
#include "host/office/onboarding/applications.h"
#include "host/office/service/desk.h"

#define HOST_WARRANTY_MODELS_MAX 64

/* Plain data the office borrows while it is open (office_config's onboarding and
 * warranty point here). */
struct host_office_rules {
    struct office_onboarding_rules onboarding;
    struct office_warranty_months warranty[HOST_WARRANTY_MODELS_MAX + 1]; /* NULL model ends */
    char models[CONFIG_LIST_MAX]; /* the model names warranty[] points into */
};

/* Fills *out (OUT) from c: mid_acquirer (3 digits), mid_area (4 digits), utc_offset,
 * holidays and workdays (office_calendar_parse's rules), warranty_months ("MODEL:MONTHS"
 * entries, 1 to 120 months, each model once). Returns 0 or PS_EFORMAT with why naming
 * the setting ("warranty_months: entry 2 \"P2\": MODEL:MONTHS expected"). */
int host_office_rules_from_config(const struct host_config *c, struct host_office_rules *out,
                                  struct ps_reason *why);

#endif
