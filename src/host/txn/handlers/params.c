/* Parameter download (0800, 60.3 360): what the terminal needs before it trades, in
 * field 62 (core/iso8583/cup_params.h). A network-management message like the
 * sign-in: no working keys needed, no MAC, every download answered afresh.
 *
 * The values are the merchant's name and the host's defaults: every financial kind
 * allowed, no amount limit, a batch settled at 500 transactions. Per-terminal values
 * come with the back office's terminal management. */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

/* The 60.1 codes of every kind a terminal may send (docs/protocol.md, "Kinds"). */
#define ALLOWED_KINDS "01,22,23,25,10,11,20,21"
#define BATCH_MAX     500

/* The merchant's name in at most PS_CUP_PARAMS_NAME_MAX bytes, cut before a character
 * rather than through one: the terminal prints it, and half a character is not text. */
static void receipt_name(const char *name, char *out)
{
    size_t len = strlen(name), keep = 0;
    while (keep < len) {
        uint32_t cp;
        size_t n = ps_utf8_decode(name + keep, len - keep, &cp);
        if (n == 0 || keep + n > PS_CUP_PARAMS_NAME_MAX)
            break;
        keep += n;
    }
    memcpy(out, name, keep);
    out[keep] = '\0';
}

void handler__params(struct ledger__decision *d)
{
    struct ps_cup_params p;
    struct ps_reason why;

    memset(&p, 0, sizeof(p));
    ps_reason_clear(&why);
    receipt_name(d->term->merchant->name, p.merchant_name);
    if (p.merchant_name[0] == '\0') /* a name that is not UTF-8 from its first byte */
        snprintf(p.merchant_name, sizeof(p.merchant_name), "MID %s", d->term->merchant->mid);
    snprintf(p.allowed, sizeof(p.allowed), "%s", ALLOWED_KINDS);
    p.batch_max = BATCH_MAX;
    memcpy(p.host_time, d->clock.date, 8);
    memcpy(p.host_time + 8, d->clock.time, 6);
    if (ps_cup_params_pack(&p, d->resp->f62, sizeof(d->resp->f62), &d->resp->f62_len, &why) !=
        0) {
        handler__fail(d, "parameter download", &why);
        return;
    }
    handler__answer(d, "00", "parameters sent");
}
