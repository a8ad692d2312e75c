/* home.h — the terminal's home directory: where possum-pos keeps everything it owns.
 *
 *     DIR/terminal.db      the terminal database (every room's tables, pos/db/db.h)
 *     DIR/journal.anchor   the head of the journal's hash chain (pos/journal/journal.h)
 *     DIR/device.key       the device key (0600, made at activation): the master key,
 *                          working keys and card numbers are stored sealed under it
 *     DIR/session          the operator logged in from the command line (0600)
 *     DIR/lock             held by the one process using the terminal at a time
 *
 * DIR is the --home option, else $POSSUM_POS_HOME, else ./var/pos. */
#ifndef POSSUM_POS_APP_HOME_H
#define POSSUM_POS_APP_HOME_H

#include "core/error.h"

#define POS_HOME_DEFAULT  "./var/pos"
#define POS_HOME_ENV      "POSSUM_POS_HOME"
#define POS_HOME_PATH_MAX 1024

struct pos_home {
    char dir[POS_HOME_PATH_MAX];
    char db[POS_HOME_PATH_MAX];
    char anchor[POS_HOME_PATH_MAX];
    char device_key[POS_HOME_PATH_MAX];
    char session[POS_HOME_PATH_MAX];
    char lock[POS_HOME_PATH_MAX];
};

/* Fills *out (OUT) with the paths for dir (NULL or "": the environment, then the
 * default). PS_ETOOLONG when a path would not fit. */
int pos_home_resolve(const char *dir, struct pos_home *out, struct ps_reason *why);

/* Makes the directory (and its parents) when missing, 0700. PS_EIO naming the path. */
int pos_home_make(const struct pos_home *h, struct ps_reason *why);

/* Takes the home for this process: one process at a time works on a terminal (the
 * journal's anchor and the conversation with the host allow no second writer). Waits
 * up to wait_ms for another process to finish. Sets *fd (OUT) to the lock's file,
 * which the caller closes to let go. PS_EIO ("in use by another possum-pos"). */
int pos_home_lock(const struct pos_home *h, int wait_ms, int *fd, struct ps_reason *why);

#endif
