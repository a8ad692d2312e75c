/* plan.h — what a fleet terminal sends next and which answer it expects. Pure: no
 * I/O, no clock; the terminal's own random stream decides, so a seed replays a run.
 *
 * The mix draws an action by weight. Purchases are of 1.00 to 500.00 on the terminal's
 * fleet card (terminal i uses fleet card i % 1000) with its PIN; a void takes back the
 * terminal's newest approved purchase that nothing refunded; a refund returns part
 * (up to half of what is left) of its newest purchase with something left to refund;
 * with no such purchase in the batch the terminal buys instead. Declines are asked for
 * in turn: a wrong PIN on the fleet card (55), the lost card (41), the card holding
 * 100.00 for more than that (51). Only the first thousand terminals send wrong PINs
 * (beyond them fleet cards are shared), and never two before a right one, so no card
 * reaches three wrong PINs in a row (75, which would decline the right ones too). */
#ifndef POSSUM_CTL_FLEET_PLAN_H
#define POSSUM_CTL_FLEET_PLAN_H

#include <stdint.h>

#include "ctl/fleet/cards.h"
#include "ctl/fleet/options.h"
#include "pos/hostlink/batch.h"
#include "pos/hostlink/requests.h"

struct fleet_plan {
    enum fleet_action action;
    struct hl_card_input in; /* its strings point into this struct */
    char expect[3];          /* "00", or the decline asked for */
    char pan[20], expiry[5], pin[7], rrn[13], date[5];
};

struct fleet_planner {
    struct fleet_card card; /* the terminal's fleet card */
    struct fleet_card lost, short_of_funds;
    uint64_t rng;
    unsigned decline_turn;
    int may_send_wrong_pin;
    int last_pin_wrong;
};

/* The planner of the fleet's terminal number index (from 0), seeded from seed. */
void fleet_planner_init(struct fleet_planner *p, unsigned index, uint64_t seed);

/* The next card transaction by the weights of o->mix, given the terminal's batch. */
void fleet_plan_next(struct fleet_planner *p, const struct fleet_options *o,
                     const struct hl_batch *batch, struct fleet_plan *out);

/* A number below n (n > 0) from the planner's stream. */
uint64_t fleet_random_below(struct fleet_planner *p, uint64_t n);

#endif
