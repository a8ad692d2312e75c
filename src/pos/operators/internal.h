/* internal.h — what operators.c and session.c share (not public). */
#ifndef POSSUM_POS_OPERATORS_INTERNAL_H
#define POSSUM_POS_OPERATORS_INTERNAL_H

#include "pos/operators/operators.h"

struct pos_operators {
    sqlite3 *db; /* borrowed */
    struct pos_operators_options opt;
};

/* One row of the operators table. */
struct pos_operators__row {
    struct pos_operator_info info;
    char hash[POS_PASSWORD_HASH_MAX];
};

/* Loads operator number into row (OUT). PS_EUNDEFINED ("no operator 07") or PS_EIO. */
int pos_operators__load(struct pos_operators *ops, const char *number,
                        struct pos_operators__row *row, struct ps_reason *why);

/* Writes row's failed_tries, locked and locked_until back. */
int pos_operators__save_tries(struct pos_operators *ops, const struct pos_operators__row *row,
                              struct ps_reason *why);

/* Hashes password at ops's cost and stores it for number, clearing tries and locks. */
int pos_operators__set_password(struct pos_operators *ops, const char *number, const char *password,
                                struct ps_reason *why);

#endif
