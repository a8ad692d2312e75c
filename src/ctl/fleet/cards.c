#include "ctl/fleet/cards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checks/luhn.h"

static const struct {
    const char *name;
    const char *pan;
    const char *expiry;
    const char *summary;
} demo[] = {
    {"debit", "6222020000000000018", "3012", "debit, balance 1,000,000.00"},
    {"debit-100", "6222020000000000026", "3012", "debit, balance 100.00"},
    {"credit", "6258070000000000011", "3012", "credit, limit 50,000.00"},
    {"lost", "6222020000000000034", "3012", "reported lost"},
    {"expired", "6222020000000000042", "2001", "expired"},
    {"stolen", "6222020000000000059", "3012", "reported stolen"},
    {"foreign", "4367420000000000019", "3012", "foreign credit, limit 50,000.00"},
};

const char fleet_card_names[] = "debit, debit-100, credit, lost, expired, stolen, foreign, "
                                "fleet-0 .. fleet-999";

void fleet_card(unsigned index, struct fleet_card *out)
{
    char check = '0';

    snprintf(out->name, sizeof(out->name), "fleet-%u", index % FLEET_CARDS);
    snprintf(out->pan, sizeof(out->pan), "6222021%011u", index % FLEET_CARDS);
    ps_luhn_compute(out->pan, 18, &check, NULL); /* 18 digits: cannot fail */
    out->pan[18] = check;
    out->pan[19] = '\0';
    memcpy(out->expiry, "3012", 5);
    out->summary = "fleet debit, balance 100,000,000.00";
}

int fleet_card_by_name(const char *name, struct fleet_card *out)
{
    for (size_t i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
        if (strcmp(demo[i].name, name) == 0) {
            snprintf(out->name, sizeof(out->name), "%s", demo[i].name);
            snprintf(out->pan, sizeof(out->pan), "%s", demo[i].pan);
            snprintf(out->expiry, sizeof(out->expiry), "%s", demo[i].expiry);
            out->summary = demo[i].summary;
            return 0;
        }
    }
    if (strncmp(name, "fleet-", 6) == 0 && name[6] >= '0' && name[6] <= '9') {
        char *end = NULL;
        unsigned long n = strtoul(name + 6, &end, 10);
        if (*end == '\0' && n < FLEET_CARDS) {
            fleet_card((unsigned)n, out);
            return 0;
        }
    }
    return -1;
}
