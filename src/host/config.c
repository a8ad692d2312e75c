/* Every setting is one row of a table: its name in the file, its flag, its type and
 * its help line; reading the file, reading flags and printing --help all walk it. */
#include "host/config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum setting_type {
    SET_PATH,   /* text */
    SET_INT,    /* integer in [min, max] */
    SET_PORT,   /* 1-65535, "off" (0) or "auto" (-1) */
    SET_BOOL,   /* yes/no, true/false, 1/0; a flag without a value means yes */
    SET_CLOCK,  /* HH:MM -> minutes after midnight */
    SET_OFFSET, /* +HH:MM / -HH:MM -> minutes east of UTC */
    SET_LIST,   /* text; each further line of the key adds ", " and its value */
};

struct setting {
    const char *name; /* in the file; the flag is --name with '_' as '-' */
    enum setting_type type;
    size_t offset;
    size_t size; /* SET_PATH: the buffer's size; SET_INT: sizeof the field */
    long min, max;
    const char *help;
};

#define FIELD(f) offsetof(struct host_config, f), sizeof(((struct host_config *)0)->f)

static const struct setting settings[] = {
    {"data_dir", SET_PATH, FIELD(data_dir), 0, 0, "where possumd keeps its data (./var)"},
    {"bind", SET_PATH, FIELD(bind), 0, 0, "address to listen on (0.0.0.0)"},
    {"iso_port", SET_PORT, FIELD(iso_port), 0, 0, "terminals over TCP (5800; off; auto)"},
    {"tls_port", SET_PORT, FIELD(tls_port), 0, 0, "terminals over TLS (5801; off; auto)"},
    {"http_port", SET_PORT, FIELD(http_port), 0, 0,
     "the HTTP/JSON API, docs/api.yaml (8080; off; auto)"},
    {"http_tls", SET_BOOL, FIELD(http_tls), 0, 1,
     "serve the API over TLS with tls_cert and tls_key (no)"},
    {"loops", SET_INT, FIELD(loops), 0, 64, "gateway event loops (0: one per core)"},
    {"max_connections", SET_INT, FIELD(max_connections), 1, 1000000,
     "terminal connections at most (10000)"},
    {"idle_timeout_ms", SET_INT, FIELD(idle_timeout_ms), 100, 86400000,
     "close a silent connection after (60000)"},
    {"max_in_flight", SET_INT, FIELD(max_in_flight), 1, 1024,
     "unanswered requests per connection before reading pauses (4)"},
    {"max_frame", SET_INT, FIELD(max_frame), 64, 8192, "largest message in bytes (8192)"},
    {"tls_cert", SET_PATH, FIELD(tls_cert), 0, 0, "TLS certificate, PEM (<data_dir>/tls/server.crt)"},
    {"tls_key", SET_PATH, FIELD(tls_key), 0, 0, "TLS private key, PEM (<data_dir>/tls/server.key)"},
    {"master_key", SET_PATH, FIELD(master_key), 0, 0,
     "master key file, kept outside the database (<data_dir>/master.key)"},
    {"store", SET_PATH, FIELD(store), 0, 0, "the store's database: sqlite or postgres (sqlite)"},
    {"store_path", SET_PATH, FIELD(store_path), 0, 0, "SQLite database (<data_dir>/possum.db)"},
    {"postgres", SET_PATH, FIELD(postgres), 0, 0,
     "store = postgres: libpq connection string (host=... dbname=...)"},
    {"host_id", SET_INT, FIELD(host_id), 0, 99, "this host's number, the RRN prefix (1)"},
    {"utc_offset", SET_OFFSET, FIELD(utc_offset_minutes), -840, 840,
     "terminals' local time zone (+08:00)"},
    {"settlement_cutoff", SET_CLOCK, FIELD(cutoff_minutes), 0, 1439,
     "local time after which approvals settle the next day (23:00)"},
    {"offline_after", SET_INT, FIELD(offline_after_s), 1, 7 * 86400,
     "seconds of heartbeat silence before a terminal is offline and ticketed (600)"},
    {"mid_acquirer", SET_PATH, FIELD(mid_acquirer), 0, 0,
     "MID positions 1-3 of merchants the back office approves (898)"},
    {"mid_area", SET_PATH, FIELD(mid_area), 0, 0, "MID positions 4-7: their area code (1000)"},
    {"holidays", SET_LIST, FIELD(holidays), 0, 0,
     "days off for review deadlines, ascending: 2026-10-01, 2026-10-02 ... (none)"},
    {"workdays", SET_LIST, FIELD(workdays), 0, 0,
     "make-up working Saturdays and Sundays, ascending (none)"},
    {"warranty_months", SET_LIST, FIELD(warranty_months), 0, 0,
     "a terminal model's warranty: A920:18, P2:24 (12 for any other)"},
    {"demo", SET_BOOL, FIELD(demo), 0, 1, "seed the demo sandbox into an empty store (no)"},
    {"demo_office", SET_BOOL, FIELD(demo_office), 0, 1,
     "with --demo: also merchant applications in every state and terminals (no)"},
    {"verbose", SET_BOOL, FIELD(verbose), 0, 1, "log debug lines (no)"},
};

void host_config_defaults(struct host_config *c)
{
    memset(c, 0, sizeof(*c));
    snprintf(c->data_dir, sizeof(c->data_dir), "./var");
    snprintf(c->bind, sizeof(c->bind), "0.0.0.0");
    snprintf(c->store, sizeof(c->store), "sqlite");
    c->iso_port = 5800;
    c->tls_port = 5801;
    c->http_port = 8080;
    c->max_connections = 10000;
    c->idle_timeout_ms = 60000;
    c->max_in_flight = 4;
    c->max_frame = 8192;
    c->host_id = 1;
    c->utc_offset_minutes = 480;
    c->cutoff_minutes = 23 * 60;
    c->offline_after_s = 600;
    snprintf(c->mid_acquirer, sizeof(c->mid_acquirer), "898");
    snprintf(c->mid_area, sizeof(c->mid_area), "1000");
}

static int parse_long(const char *text, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

static int parse_hh_mm(const char *text, long *out)
{
    unsigned h, m;
    char tail;
    if (sscanf(text, "%2u:%2u%c", &h, &m, &tail) != 2 || h > 23 || m > 59)
        return -1;
    *out = (long)(h * 60 + m);
    return 0;
}

/* Parses value for s into c. Returns 0, or -1 with a reason fragment in why. */
static int apply(struct host_config *c, const struct setting *s, const char *value,
                 struct ps_reason *why)
{
    char *field = (char *)c + s->offset;
    long v = 0;
    size_t used = strlen(field);
    switch (s->type) {
    case SET_PATH:
        if (strlen(value) >= s->size)
            return ps_fail(why, -1, "longer than %zu characters", s->size - 1);
        memcpy(field, value, strlen(value) + 1);
        return 0;
    case SET_LIST: /* a further line continues the list */
        if (used + 2 + strlen(value) >= s->size)
            return ps_fail(why, -1, "longer than %zu characters in all", s->size - 1);
        snprintf(field + used, s->size - used, "%s%s", used > 0 ? ", " : "", value);
        return 0;
    case SET_PORT:
        if (strcmp(value, "off") == 0)
            v = 0;
        else if (strcmp(value, "auto") == 0)
            v = -1;
        else if (parse_long(value, &v) != 0 || v < 1 || v > 65535)
            return ps_fail(why, -1, "'%s' is not a port (1-65535, off, auto)", value);
        break;
    case SET_BOOL:
        if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "1"))
            v = 1;
        else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "0"))
            v = 0;
        else
            return ps_fail(why, -1, "'%s' is not yes or no", value);
        break;
    case SET_CLOCK:
        if (parse_hh_mm(value, &v) != 0)
            return ps_fail(why, -1, "'%s' is not a time HH:MM", value);
        break;
    case SET_OFFSET:
        if ((value[0] != '+' && value[0] != '-') || parse_hh_mm(value + 1, &v) != 0 || v > 840)
            return ps_fail(why, -1, "'%s' is not an offset like +08:00", value);
        v = value[0] == '-' ? -v : v;
        break;
    case SET_INT:
        if (parse_long(value, &v) != 0 || v < s->min || v > s->max)
            return ps_fail(why, -1, "'%s' is not a number from %ld to %ld", value, s->min, s->max);
        break;
    }
    if (s->size == sizeof(size_t))
        *(size_t *)field = (size_t)v;
    else
        *(int *)field = (int)v;
    return 0;
}

static const struct setting *find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
        if (strlen(settings[i].name) == len && strncmp(settings[i].name, name, len) == 0)
            return &settings[i];
    }
    return NULL;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

int host_config_read_file(struct host_config *c, const char *path, struct ps_reason *why)
{
    char line[1024];
    int number = 0, rc = PS_OK;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return ps_fail(why, PS_EINVAL, "%s: %s", path, strerror(errno));
    while (rc == PS_OK && fgets(line, sizeof(line), f) != NULL) {
        number++;
        char *hash = strchr(line, '#');
        if (hash != NULL)
            *hash = '\0';
        char *text = trim(line);
        if (*text == '\0')
            continue;
        char *eq = strchr(text, '=');
        if (eq == NULL) {
            rc = ps_fail(why, PS_EFORMAT, "%s:%d: expected key = value", path, number);
            break;
        }
        *eq = '\0';
        char *key = trim(text), *value = trim(eq + 1);
        const struct setting *s = find(key, strlen(key));
        struct ps_reason inner;
        if (s == NULL)
            rc = ps_fail(why, PS_EFORMAT, "%s:%d: unknown setting '%s'", path, number, key);
        else if (apply(c, s, value, &inner) != 0)
            rc = ps_fail(why, PS_EFORMAT, "%s:%d: %s: %s", path, number, key, inner.text);
    }
    fclose(f);
    return rc;
}

static void print_help(void)
{
    printf("usage: possumd [--config FILE] [--SETTING VALUE ...] [--demo]\n\n"
           "possumd is the possum platform's host: terminals connect to it over ISO 8583\n"
           "(CUP POS dialect, 2-byte length framing, TCP and TLS). Settings come from\n"
           "their defaults, then the configuration file (key = value lines), then the\n"
           "flags below.\n\n");
    for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
        char flag[64];
        snprintf(flag, sizeof(flag), "--%s", settings[i].name);
        for (char *p = flag; *p; p++)
            *p = *p == '_' ? '-' : *p;
        printf("  %-22s %s\n", flag, settings[i].help);
    }
    printf("  %-22s %s\n  %-22s %s\n\n", "--config FILE", "read settings from FILE first",
           "--help", "this text");
    printf("On SIGINT or SIGTERM possumd stops taking requests, answers those it took,\n"
           "and exits. docs/sandbox.md shows the demo; docs/protocol.md the messages.\n");
}

/* The setting a flag names ("--iso-port" -> iso_port), or NULL. */
static const struct setting *flag_setting(const char *flag)
{
    char name[64];
    if (strncmp(flag, "--", 2) != 0 || strlen(flag + 2) >= sizeof(name))
        return NULL;
    snprintf(name, sizeof(name), "%s", flag + 2);
    for (char *p = name; *p; p++)
        *p = *p == '-' ? '_' : *p;
    char *eq = strchr(name, '=');
    return find(name, eq != NULL ? (size_t)(eq - name) : strlen(name));
}

int host_config_from_args(struct host_config *c, int argc, char **argv, struct ps_reason *why)
{
    for (int i = 1; i < argc; i++) { /* the file first, so flags override it */
        if (strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= argc)
                return ps_fail(why, PS_EINVAL, "--config needs a file");
            int rc = host_config_read_file(c, argv[++i], why);
            if (rc != 0)
                return rc;
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help();
            return 1;
        }
        if (strcmp(arg, "--config") == 0) {
            i++;
            continue;
        }
        const struct setting *s = flag_setting(arg);
        if (s == NULL)
            return ps_fail(why, PS_EINVAL, "unknown option '%s' (possumd --help)", arg);
        const char *eq = strchr(arg, '=');
        const char *value = eq != NULL ? eq + 1 : NULL;
        if (value == NULL && s->type == SET_BOOL)
            value = "yes";
        else if (value == NULL && i + 1 < argc)
            value = argv[++i];
        if (value == NULL)
            return ps_fail(why, PS_EINVAL, "%s needs a value", arg);
        struct ps_reason inner;
        if (s->type == SET_LIST) /* a flag replaces the file's list */
            ((char *)c + s->offset)[0] = '\0';
        if (apply(c, s, value, &inner) != 0)
            return ps_fail(why, PS_EINVAL, "%s: %s", arg, inner.text);
    }
    return 0;
}

static int default_path(char *field, size_t size, const char *dir, const char *name,
                        struct ps_reason *why)
{
    if (field[0] != '\0')
        return 0;
    int n = snprintf(field, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size)
        return ps_fail(why, PS_EINVAL, "data_dir: too long to hold %s", name);
    return 0;
}

int host_config_finish(struct host_config *c, struct ps_reason *why)
{
    int rc = default_path(c->tls_cert, sizeof(c->tls_cert), c->data_dir, "tls/server.crt", why);
    if (rc == 0)
        rc = default_path(c->tls_key, sizeof(c->tls_key), c->data_dir, "tls/server.key", why);
    if (rc == 0)
        rc = default_path(c->master_key, sizeof(c->master_key), c->data_dir, "master.key", why);
    if (rc == 0)
        rc = default_path(c->store_path, sizeof(c->store_path), c->data_dir, "possum.db", why);
    if (rc != 0)
        return rc;
    if (strcmp(c->store, "sqlite") != 0 && strcmp(c->store, "postgres") != 0)
        return ps_fail(why, PS_EINVAL, "store: '%s' is neither sqlite nor postgres", c->store);
    if (strcmp(c->store, "postgres") == 0 && c->postgres[0] == '\0')
        return ps_fail(why, PS_EINVAL, "store = postgres needs postgres, a connection string"
                                       " (host=... dbname=...)");
    return 0;
}

int host_store_is_shared(const struct host_config *c)
{
    return strcmp(c->store, "postgres") == 0;
}
