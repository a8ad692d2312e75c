/* demo_office.h — the back office's demo data (docs/sandbox.md): merchant applications
 * in every state of onboarding (draft ... live, one returned, one resubmitted, one
 * rejected), five terminals of demo merchant 1 (two in stock, one waiting for
 * activation, one active, one locked), after-sales tickets in several states, a default
 * parameter set and a group "pilot" with a set of its own. Seeded once, when the store
 * has no stock terminal,
 * through the office's own functions (audited as the system). */
#ifndef POSSUM_HOST_SANDBOX_DEMO_OFFICE_H
#define POSSUM_HOST_SANDBOX_DEMO_OFFICE_H

#include <stdint.h>

#include "core/crypto/activation.h"
#include "host/office/office.h"

/* today (YYYYMMDD, local) is the demo installation's date; iso_port the port the
 * default parameter set tells terminals to dial. Returns 1 when it seeded,
 * with the activation code of the terminal left waiting (DEMO-A920-0003) in
 * pending_code, 0 when there was stock already, or < 0 with why. */
int demo_seed_office(struct office *o, uint32_t today, int iso_port,
                     char pending_code[PS_ACTIVATION_CODE_DIGITS + 1], struct ps_reason *why);

#endif
