/* mcc.h — the merchant category code (MCC) of ISO 18245: the 4 digits in every
 * merchant's record and in ISO 8583 field 18 that name what the merchant sells, and
 * that fee plans key on. Only the format is checked, not the assignment table. */
#ifndef POSSUM_CORE_CHECKS_MCC_H
#define POSSUM_CORE_CHECKS_MCC_H

#include <stddef.h>

#include "core/error.h"

/* Validates s[0..len): exactly 4 ASCII digits, not 0000. Reads only s[0..len).
 * Returns 0 or PS_EFORMAT (the length, a non-digit named with its 1-based position,
 * or 0000). */
int ps_mcc_validate(const char *s, size_t len, struct ps_reason *why);

#endif
