/* options.h — the fleet simulator's command line, read and checked. */
#ifndef POSSUM_CTL_FLEET_OPTIONS_H
#define POSSUM_CTL_FLEET_OPTIONS_H

#include <stdint.h>

#include "pos/hostlink/link.h"

/* What a fleet terminal does next, drawn by weight (--mix). */
enum fleet_action {
    FLEET_PURCHASE,
    FLEET_BALANCE,
    FLEET_VOID,    /* its own last approved purchase */
    FLEET_REFUND,  /* part of an earlier purchase, by its RRN */
    FLEET_DECLINE, /* a deliberate decline: wrong PIN, the lost card, a card short of funds */
    FLEET_ACTIONS
};

#define FLEET_HOSTS_MAX 16 /* --host A:P1,B:P2,...: hosts the terminals are spread over */

/* One host of --host: a name or address (IPv6 without brackets) and a port. */
struct fleet_host {
    char host[HL_HOST_MAX];
    char port[HL_PORT_MAX];
};

struct fleet_options {
    /* terminal i talks to hosts[i % host_count], and only to it, for the whole run */
    struct fleet_host hosts[FLEET_HOSTS_MAX];
    unsigned host_count;
    int tls;
    int insecure;
    const char *ca;
    /* the numbers are all unsigned long: one parser fills them (options.c) */
    unsigned long terminals;
    unsigned long duration_s;
    unsigned long warmup_s;
    unsigned long tid_first;
    const char *mid; /* one MID for every terminal, or NULL: the demo's MIDs */
    uint8_t tmk[16]; /* every terminal's master key (the demo's by default) */
    unsigned mix[FLEET_ACTIONS];
    unsigned mix_total;
    unsigned long threads;
    unsigned long batch_size; /* transactions a terminal holds before it settles */
    unsigned long timeout_ms; /* for an answer, and for connecting */
    unsigned long pace_ms;    /* pause between an answer and the next request (0) */
    unsigned long seed;
    int json_only;
};

/* Reads argv (argv[0] is "fleet") into o. Returns 0, or an exit status after saying
 * why on stderr (CLI_OK for --help, which printed the usage). *help is set then. */
int fleet_options_parse(int argc, char **argv, struct fleet_options *o, int *help);

/* The name of an action as --mix spells it. */
const char *fleet_action_name(enum fleet_action a);

/* The MID of terminal tid in possumd's demo: "89810001234" and the four-digit number
 * 1 + (tid - 10000001) / 10, so ten terminals share a merchant. out holds 16 chars. */
void fleet_demo_mid(unsigned long tid, char out[16]);

#endif
