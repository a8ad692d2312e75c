/* cards.h — the cards of possumd's demo sandbox (possumd --demo seeds them), by name,
 * for `possumctl txn --card NAME` and the fleet simulator. docs/possumctl-txn.md lists
 * them. */
#ifndef POSSUM_CTL_FLEET_CARDS_H
#define POSSUM_CTL_FLEET_CARDS_H

#define FLEET_CARDS 1000     /* fleet cards fleet-0 .. fleet-999 */
#define FLEET_PIN   "123456" /* every demo card's PIN */

struct fleet_card {
    char name[16]; /* "debit", "fleet-17" */
    char pan[20];
    char expiry[5];      /* YYMM */
    const char *summary; /* "debit, balance 100.00" */
};

/* The fleet card of index (0 .. FLEET_CARDS - 1): PAN "6222021", the index in 11
 * digits, and the Luhn check digit; expiry 3012. */
void fleet_card(unsigned index, struct fleet_card *out);

/* The demo card called name (debit, debit-100, credit, lost, expired, stolen, foreign)
 * or fleet-N. Returns 0, or -1 when there is none. */
int fleet_card_by_name(const char *name, struct fleet_card *out);

/* The names fleet_card_by_name() knows, for usage messages. */
extern const char fleet_card_names[];

#endif
