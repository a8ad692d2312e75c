/* sim.h — one simulated terminal of the fleet: the terminal's state (hostlink), its
 * plan, its connection, and the state machine that decides its next request:
 *
 *   connecting --connected--> next request:
 *      1. a reversal it owes            (its answer was lost, or came unreadable)
 *      2. the batch upload in progress  (after a settlement "not balanced")
 *      3. a sign-in when it has none    (the start, after a settlement, after a 77);
 *         after the settlement at the end: done
 *      4. the deadline passed: settle, once
 *      5. the batch is full: settle (the next step signs in to a new batch)
 *      6. a card transaction by the plan
 *   --> waiting --answer--> counted, next request
 *              --timeout / connection lost--> counted, reconnect (after a pause when
 *                the connection failed), then the owed reversal first
 *   (the timeout: no connection, or no answer, --timeout after it was asked for, as
 *   fleet_sim_check_time() finds it)
 *
 * Everything runs on the loop's thread. */
#ifndef POSSUM_CTL_FLEET_SIM_H
#define POSSUM_CTL_FLEET_SIM_H

#include <stdint.h>

#include "ctl/fleet/loop.h"
#include "ctl/fleet/plan.h"
#include "pos/hostlink/terminal.h"

enum fleet_sim_state { SIM_IDLE, SIM_CONNECTING, SIM_WAITING, SIM_PAUSED, SIM_DONE };

struct fleet_conn;

struct fleet_sim {
    struct fleet_loop *loop;
    unsigned index; /* in the fleet, from 0 */
    enum fleet_sim_state state;
    struct hl_terminal t;
    struct fleet_planner planner;
    struct fleet_conn *conn;
    struct event *pause;
    struct hl_message sent; /* the request in flight */
    struct fleet_plan plan; /* what a card request asked for */
    int sent_card;
    int64_t connect_us; /* CLOCK_MONOTONIC: when the connection was asked for */
    int64_t sent_us;    /* ... the request in flight left */
    int uploading;      /* 1: lines to send, 2: the end was sent */
    size_t upload_cursor;
    unsigned upload_lines;
    int settled_at_end;
    int reversal_tries; /* sends of the reversal owed now */
};

/* Prepares terminal index of the fleet (its TID, MID and cards) on loop l. Returns 0
 * or a PS_E* code with why. */
int fleet_sim_init(struct fleet_sim *s, struct fleet_loop *l, unsigned index,
                   struct ps_reason *why);

/* Connects and starts the terminal's work. */
void fleet_sim_start(struct fleet_sim *s);

/* Whether s has waited longer than --timeout for its connection or its answer, at now
 * (fleet_now_us()): then that counts as a timeout and s connects again. The loop calls
 * it for every terminal a few times a second (loop.c), which costs far less than a
 * timer re-armed with every request. */
void fleet_sim_check_time(struct fleet_sim *s, int64_t now);

/* The run is over for s whatever its state: counted as an error unless it finished. */
void fleet_sim_abandon(struct fleet_sim *s);

/* Closes the connection and frees what init made. */
void fleet_sim_cleanup(struct fleet_sim *s);

#endif
