/* config.h — possumd's settings: defaults, then the configuration file, then the
 * command-line flags, each overriding the one before. `possumd --help` lists them;
 * docs/operations/possumd.md (and the README) show a configuration file. */
#ifndef POSSUM_HOST_CONFIG_H
#define POSSUM_HOST_CONFIG_H

#include <stddef.h>

#include "core/error.h"

#define CONFIG_PATH_MAX 512
#define CONFIG_LIST_MAX 4096 /* a list setting, given on one line or several */

struct host_config {
    char data_dir[CONFIG_PATH_MAX];  /* everything possumd writes lives here ("./var") */
    char bind[64];                   /* listen address ("0.0.0.0") */
    int iso_port;                    /* terminals, plain TCP (5800); 0 off, -1 any free port */
    int tls_port;                    /* terminals, TLS (5801); 0 off, -1 any free port */
    int http_port;                   /* the HTTP API (8080): the back-office issue serves it */
    int http_tls;                    /* the API over TLS with tls_cert and tls_key (no): its
                                        session cookie is then marked Secure */
    int loops;                       /* gateway event loops; 0: one per core */
    int max_connections;
    int idle_timeout_ms;
    int max_in_flight;
    size_t max_frame;
    char tls_cert[CONFIG_PATH_MAX];  /* "" -> <data_dir>/tls/server.crt */
    char tls_key[CONFIG_PATH_MAX];   /* "" -> <data_dir>/tls/server.key */
    char master_key[CONFIG_PATH_MAX]; /* "" -> <data_dir>/master.key */
    char store[16];                  /* the store's backend: "sqlite" or "postgres" */
    char store_path[CONFIG_PATH_MAX]; /* sqlite: "" -> <data_dir>/possum.db */
    char postgres[CONFIG_PATH_MAX];  /* postgres: a libpq connection string */
    int host_id;                     /* 0-99: the first digits of this host's RRNs */
    int utc_offset_minutes;          /* terminals' local time (480: China) */
    int cutoff_minutes;              /* settlement cut-off after local midnight (1380) */
    int offline_after_s;             /* an active terminal silent this long gets a support
                                        ticket (600); swept every min(30, this / 2) s */
    /* the back office's rules (host/office_rules.h reads them) */
    char mid_acquirer[8];            /* MID positions 1-3 of new merchants ("898") */
    char mid_area[8];                /* MID positions 4-7 ("1000") */
    char holidays[CONFIG_LIST_MAX];  /* days off, "2026-10-01, 2026-10-02, ..." ("") */
    char workdays[CONFIG_LIST_MAX];  /* make-up working Saturdays and Sundays ("") */
    char warranty_months[CONFIG_LIST_MAX]; /* "A920:18, P2:24"; other models 12 ("") */
    int demo;                        /* seed the demo sandbox when the store is empty */
    int demo_office;                 /* with demo: also the back office's applications and
                                        terminals (make run; the tests start without) */
    int verbose;                     /* log debug lines */
};

void host_config_defaults(struct host_config *c);

/* Reads a configuration file of `key = value` lines ('#' starts a comment). Returns
 * 0, or PS_EFORMAT with why naming the file, line and key ("possumd.conf:7:
 * iso_port: 'x' is not a port (1-65535, 0 off, auto)"). */
int host_config_read_file(struct host_config *c, const char *path, struct ps_reason *why);

/* Applies the command line. Returns 0 to go on; 1 when it printed what was asked
 * (--help, --version) and possumd should exit 0; PS_EINVAL with why for a bad flag.
 * `--config FILE` is read first, wherever it stands, so flags override the file. */
int host_config_from_args(struct host_config *c, int argc, char **argv, struct ps_reason *why);

/* Fills the paths left empty from data_dir, and checks that the store is named and
 * located. PS_EINVAL when a path would not fit, the store is neither sqlite nor
 * postgres, or postgres has no connection string. */
int host_config_finish(struct host_config *c, struct ps_reason *why);

/* Whether other hosts may write the same database: always with PostgreSQL (what it is
 * for; a lone host pays only a few extra reads before refusals), never with SQLite (a
 * file of this machine's). Each host then needs its own host_id. */
int host_store_is_shared(const struct host_config *c);

#endif
