/* Sign-off (0820, 60.3 002): the terminal must sign in again before its next
 * transaction. Its working keys stay in the keyring, so this answer, and a late
 * retransmission of it, can still be MACed. */
#include "host/txn/handlers/handlers.h"

void handler__sign_off(struct ledger__decision *d)
{
    d->term->row.signed_in_date[0] = '\0';
    handler__session(d, "", "");
    handler__answer(d, "00", "signed off");
}
