/* Balance inquiry (0200, 3 = 31xxxx): always with the cardholder's PIN; nothing moves. */
#include "host/txn/handlers/handlers.h"

void handler__balance(struct ledger__decision *d)
{
    struct auth_request ar;
    struct auth_result res;

    handler__auth_request(d, AUTH_INQUIRY, &ar);
    ar.amount = 0;
    ar.pin_required = 1;
    if (!handler__authorize(d, &ar, &res))
        return;
    d->resp->has_balance = 1;
    d->resp->balance = res.available;
}
