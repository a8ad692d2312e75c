/* settings.h — how this terminal is set up beyond what the host sends: the receipt's
 * language and paper width, its footer, whether a cash drawer hangs on the printer,
 * the discounts a cashier may give alone, the time allowed for the host, the card
 * reader device the cashier's screen waits on.
 *
 * Kept as text in table app_setting under the names below; a setting never set has
 * its default. Changing one is a parameter change (the supervisor's). */
#ifndef POSSUM_POS_APP_SETTINGS_H
#define POSSUM_POS_APP_SETTINGS_H

#include <stddef.h>

#include <sqlite3.h>

#include "core/error.h"
#include "pos/receipt/model.h"
#include "pos/sale/discount.h"

#define POS_FOOTER_MAX           160
#define POS_CARD_READER_PATH_MAX 128
#define POS_BACK_OFFICE_MAX      300

struct pos_settings {
    enum rcpt_lang lang;                 /* "lang": zh (default) or en */
    size_t receipt_width;                /* "receipt-width": 32 (58 mm, default) .. 64 */
    char footer[POS_FOOTER_MAX + 1];     /* "footer": printed under every receipt */
    int kick_drawer;                     /* "drawer": 1 opens the drawer on cash receipts */
    struct pos_discount_limits discount; /* "discount-max-percent" (10), "discount-max-amount"
                                            (10.00 yuan) */
    int timeout_ms;                      /* "host-timeout": seconds for each host step (15) */
    /* "card-reader": the device a serial card reader delivers swipes on (an absolute
     * path such as /dev/ttyACM0; "" none, the default: typed, or a reader that acts
     * as a keyboard, which needs no setting) */
    char card_reader[POS_CARD_READER_PATH_MAX + 1];
    /* "back-office": where heartbeats go, http://HOST:PORT or https://HOST:PORT (set by
     * activate --api); "" none, the default: no heartbeats. With https the host's CA
     * file and insecure apply (as at activation). */
    char back_office[POS_BACK_OFFICE_MAX + 1];
    /* "heartbeat-every": seconds between the heartbeats the cashier's screen sends while
     * it waits for a key (300, 0 none; 1 to 86400): the back office tickets a terminal
     * silent for longer than its offline limit (600 s by default) */
    int heartbeat_every_s;
};

/* The names, in the order `possum-pos config show` lists them; NULL-terminated. */
extern const char *const pos_settings_names[];

void pos_settings_defaults(struct pos_settings *s /* OUT */);

/* The defaults, then what the table says. PS_EIO; PS_EFORMAT naming a stored value
 * that does not read (edited by hand). */
int pos_settings_load(sqlite3 *db, struct pos_settings *s /* OUT */, struct ps_reason *why);

/* Checks value for setting name and stores it. PS_EUNDEFINED (no such setting),
 * PS_EINVAL (the value, and what is allowed), PS_EIO. */
int pos_settings_set(sqlite3 *db, const char *name, const char *value, struct ps_reason *why);

/* The value of name in s as text, into out (cap bytes). PS_EUNDEFINED. */
int pos_settings_format(const struct pos_settings *s, const char *name, char *out, size_t cap,
                        struct ps_reason *why);

#endif
