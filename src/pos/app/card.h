/* card.h — a bank card as the terminal reads it: number, expiry, PIN, and what kind of
 * card it is (for the receipt).
 *
 * A card reader delivers a swipe (track 2, perhaps after track 1, core/checks/track.h):
 * typed into a field by a reader that acts as a keyboard (pos_card_from_swipe), or
 * read from a reader device (pos/app/reader.h). A swiped card keeps its track 2 to be
 * sent as field 35, in memory only: it is wiped with the card, and the batch and the
 * journal keep only the PAN (sealed) and its masked form, as for a typed card.
 *
 * Without a card reader the card comes typed in, or from a test-card file for the
 * sandbox (docs/terminal.md):
 *
 *     {"pan": "6222020000000000018", "expiry": "3012", "pin": "123456", "type": "debit"}
 *
 * "expiry", "pin" and "type" are optional ("type": debit, credit, quasi-credit,
 * prepaid; debit when absent). The PIN never leaves the terminal in clear: hostlink
 * sends it only as an ISO 9564 PIN block under the PIN key, and pos_card_wipe()
 * clears it as soon as the transaction is sent. */
#ifndef POSSUM_POS_APP_CARD_H
#define POSSUM_POS_APP_CARD_H

#include "core/checks/track.h"
#include "core/crypto/pinblock.h"
#include "core/error.h"
#include "pos/receipt/model.h"

#define POS_CARD_FILE_MAX 4096

struct pos_card {
    char pan[PS_PAN_MAX + 1];
    char expiry[5];           /* YYMM, "" when not given */
    char pin[PS_PIN_MAX + 1]; /* "" when none */
    enum rcpt_card_kind type;
    char track2[PS_TRACK2_MAX + 1]; /* swiped: track 2 data for field 35; "" when typed */
};

/* Checks and copies the card: pan 13 to 19 digits passing the Luhn check, expiry 4
 * digits (YYMM, month 01-12) or NULL, pin 4 to 12 digits or NULL, type a name above
 * or NULL. PS_EINVAL / PS_ECHECK naming the field. */
int pos_card_set(struct pos_card *out, const char *pan, const char *expiry, const char *pin,
                 const char *type, struct ps_reason *why);

/* Reads a test-card file (at most POS_CARD_FILE_MAX bytes) as above. PS_EIO (cannot
 * read), PS_EFORMAT (not such a JSON object: line, column and reason), or what
 * pos_card_set returns. */
int pos_card_from_file(struct pos_card *out, const char *path, struct ps_reason *why);

/* A swipe as a reader typed it (text NUL-terminated, a line end allowed): pan, expiry
 * and track 2 from the track, type debit, no PIN (pos_card_set_pin adds it).
 * PS_EINVAL (PS_ECHECK for a PAN failing the Luhn check: misread) naming the track
 * and the fault. */
int pos_card_from_swipe(struct pos_card *out, const char *text, struct ps_reason *why);

/* What a cashier's card number field holds: a swipe, when a reader acting as a
 * keyboard typed it there (it starts with a start sentinel, POS_CARD_SWIPE_LEAD), else
 * the number typed, with expiry (NULL or "": none). As pos_card_from_swipe or
 * pos_card_set. */
#define POS_CARD_SWIPE_LEAD ";%"
int pos_card_from_entry(struct pos_card *out, const char *number, const char *expiry,
                        struct ps_reason *why);

/* Replaces the PIN (NULL or "" removes it). */
int pos_card_set_pin(struct pos_card *c, const char *pin, struct ps_reason *why);

/* Clears everything, the PIN first. */
void pos_card_wipe(struct pos_card *c);

/* "debit", "credit", "quasi-credit", "prepaid". */
const char *pos_card_type_name(enum rcpt_card_kind type);

#endif
