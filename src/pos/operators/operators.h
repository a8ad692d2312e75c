/* operators.h — the terminal's operators: the supervisor (number 00) and up to 99
 * cashiers (01..99), each with a name and an argon2id password hash, kept in the
 * terminal database (table `operators`, migrated as room "operators").
 *
 * The supervisor is created once, at activation (pos_operators_setup). After that the
 * supervisor (or a cashier session holding the supervisor's approval) adds, renames,
 * disables, enables and removes cashiers and resets their passwords; a reset also
 * unlocks. Logging in and changing one's own password are in session.h.
 *
 * No password is stored or put in a reason; the table holds only hash strings.
 */
#ifndef POSSUM_POS_OPERATORS_OPERATORS_H
#define POSSUM_POS_OPERATORS_OPERATORS_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/error.h"
#include "pos/operators/password.h"
#include "pos/operators/permissions.h"
#include "pos/operators/session.h"

#define POS_SUPERVISOR_NUMBER "00"

struct pos_operators_options {
    struct pos_password_cost cost;   /* of hashing each new password */
    int64_t supervisor_lock_seconds; /* how long wrong passwords lock the supervisor */
};

/* Interactive argon2id cost and a 5-minute supervisor lock. */
void pos_operators_options_init(struct pos_operators_options *opt /* OUT */);

/* The operators of one terminal database. Opaque; one per open database. */
struct pos_operators;

/* Starts libsodium, brings the room's tables up to date and sets *out (OUT; close it
 * with pos_operators_close). db is borrowed and must outlive *out. opt NULL means the
 * defaults; it is copied. Returns 0, PS_EINVAL (a cost out of range or a negative lock
 * period), PS_ECRYPTO, PS_ENOMEM, PS_EIO or PS_EUNDEFINED (tables newer than this
 * program). */
int pos_operators_open(sqlite3 *db, const struct pos_operators_options *opt,
                       struct pos_operators **out, struct ps_reason *why);

/* Frees ops (NULL allowed); the database stays open. */
void pos_operators_close(struct pos_operators *ops);

/* 0 when number is 2 ASCII digits; PS_EINVAL ("operator number must be 2 digits, 00
 * to 99") otherwise. */
int pos_operator_number_check(const char *number, struct ps_reason *why);

/* The role of a well-formed number: 00 is the supervisor, the others cashiers. */
enum pos_role pos_operator_role(const char *number);

/* What the terminal may show about an operator (no hash). */
struct pos_operator_info {
    char number[POS_OPERATOR_NUMBER_LEN + 1];
    char name[POS_OPERATOR_NAME_MAX + 1];
    enum pos_role role;
    int enabled;          /* 0 after pos_operators_set_enabled(..., 0) */
    int failed_tries;     /* wrong passwords in a row since the last right one */
    int locked;           /* a cashier locked until its password is reset */
    int64_t locked_until; /* the supervisor locked until then (seconds), else 0 */
};

/* Creates the supervisor (00) with name and password, once. Returns 0, PS_EINVAL (a
 * name or password rule broken, named; or the supervisor exists already), PS_EIO,
 * PS_ENOMEM. */
int pos_operators_setup(struct pos_operators *ops, const char *name, const char *password,
                        struct ps_reason *why);

/* Fills out (OUT) with operator number. PS_EUNDEFINED ("no operator 07"), PS_EINVAL
 * (number malformed) or PS_EIO. */
int pos_operators_get(struct pos_operators *ops, const char *number, struct pos_operator_info *out,
                      struct ps_reason *why);

/* Fills out[0..cap) with the operators by number (supervisor first) and *n (OUT) with
 * how many; 100 entries always suffice. PS_ESPACE when there are more than cap. */
int pos_operators_list(struct pos_operators *ops, struct pos_operator_info *out, size_t cap,
                       size_t *n, struct ps_reason *why);

/* The management functions below first ask pos_session_authorize(actor,
 * POS_ACTION_OPERATOR_MANAGEMENT): a cashier gets POS_OP_DENIED unless the supervisor
 * approved it (the approval is then used). They return 0, POS_OP_DENIED, PS_EINVAL (a
 * rule broken, named), PS_EUNDEFINED (no such operator), PS_EIO or PS_ENOMEM. */

/* Adds cashier number (01..99, not yet used) with name and password. */
int pos_operators_add(struct pos_operators *ops, struct pos_session *actor, const char *number,
                      const char *name, const char *password, struct ps_reason *why);

/* Renames operator number (the supervisor included). */
int pos_operators_rename(struct pos_operators *ops, struct pos_session *actor, const char *number,
                         const char *name, struct ps_reason *why);

/* Disables (enabled 0) or enables again a cashier; a disabled one cannot log in. */
int pos_operators_set_enabled(struct pos_operators *ops, struct pos_session *actor,
                              const char *number, int enabled, struct ps_reason *why);

/* Removes a cashier; its number may later be given to someone else. */
int pos_operators_remove(struct pos_operators *ops, struct pos_session *actor, const char *number,
                         struct ps_reason *why);

/* Sets a cashier's password to new_password (rules checked) and unlocks it. The
 * supervisor's own password is changed only with the old one (session.h). */
int pos_operators_reset_password(struct pos_operators *ops, struct pos_session *actor,
                                 const char *number, const char *new_password,
                                 struct ps_reason *why);

#endif
