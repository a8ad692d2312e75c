/* pan.h — the card number as a receipt may show it.
 *
 * DESIGN.md: only the masked form of a PAN is ever displayed, first 6 and last 4
 * digits (622202******1234). The receipt masks whatever it is given, so a caller that
 * passes the full number by mistake still prints a safe receipt. */
#ifndef POSSUM_POS_RECEIPT_PAN_H
#define POSSUM_POS_RECEIPT_PAN_H

#include "core/error.h"

#define RCPT_PAN_MIN      13 /* the shortest card numbers in use */
#define RCPT_PAN_MAX      19 /* ISO/IEC 7812-1 */
#define RCPT_PAN_TEXT_MAX (RCPT_PAN_MAX + 1)

/* Writes the masked form of pan into out (NUL-terminated): its first 6 and last 4
 * digits with a '*' for every digit between. pan is a full card number (13 to 19
 * digits) or one already masked, wholly or in part, with '*' in the middle; either way
 * only the first 6 and last 4 survive. Returns 0, or PS_EFORMAT (missing, wrong
 * length, a character other than a digit or '*', or a '*' among the first 6 or last 4
 * digits), with out set to "". */
int rcpt_pan_mask(const char *pan, char out[RCPT_PAN_TEXT_MAX] /* OUT */, struct ps_reason *why);

#endif
