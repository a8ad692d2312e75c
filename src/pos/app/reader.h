/* reader.h — a card reader device that delivers one line per swipe: a serial or USB
 * reader (/dev/ttyACM0, /dev/ttyUSB0), or a FIFO or file standing in for one (tests,
 * a reader driven by another program). A reader that acts as a keyboard needs none of
 * this: its swipe arrives as typed text (pos_card_from_swipe).
 *
 * A tty is put in raw mode without echo while open (its line speed is left as the
 * technician set it, `stty -F /dev/ttyUSB0 9600`; USB CDC readers ignore it) and put
 * back at close. A line ends at CR or LF; empty lines are skipped. A FIFO is opened
 * again when its writer goes, so another program can deliver the next swipe.
 *
 * What was read is wiped as soon as it is parsed; a card read from here holds the
 * track only in memory (pos/app/card.h). */
#ifndef POSSUM_POS_APP_READER_H
#define POSSUM_POS_APP_READER_H

#include <stddef.h>
#include <termios.h>

#include "core/error.h"
#include "pos/app/card.h"

/* The most a reader may send without a line end (a swipe is at most PS_SWIPE_MAX). */
#define POS_READER_LINE_MAX (2 * PS_SWIPE_MAX)

/* pos_card_reader_read: no complete swipe arrived within the time given. */
#define POS_READER_NO_SWIPE 1

/* An open reader. Caller-allocated; open, read, close. */
struct pos_card_reader {
    int fd;
    const char *path; /* the caller's, valid until close */
    int kind;         /* a tty, a FIFO or a file (reader.c) */
    struct termios saved;
    char buf[POS_READER_LINE_MAX];
    size_t len;
    int dropping; /* skipping the rest of a line that was too long */
};

/* Opens path for reading (non-blocking; path must stay valid until close). PS_EIO
 * naming the path and the system's reason. Nothing to close after a failure. */
int pos_card_reader_open(struct pos_card_reader *r, const char *path, struct ps_reason *why);

/* The descriptor to wait on beside others (poll for POLLIN), e.g. the keyboard. */
int pos_card_reader_fd(const struct pos_card_reader *r);

/* The next swipe, waiting up to timeout_ms (0: only what is there already). Returns
 * 0 with *card (OUT) filled; POS_READER_NO_SWIPE; PS_ETOOLONG for a line longer than
 * POS_READER_LINE_MAX (dropped to its end), PS_EINVAL / PS_ECHECK for a swipe that
 * does not read (pos_card_from_swipe: swipe again); PS_EIO when the device fails or a
 * file ends without a swipe. */
int pos_card_reader_read(struct pos_card_reader *r, int timeout_ms, struct pos_card *card,
                         struct ps_reason *why);

/* Puts a tty back as it was, closes, and wipes what was buffered. */
void pos_card_reader_close(struct pos_card_reader *r);

/* One swipe from the reader at path, waiting up to timeout_ms: what the command line
 * does with --card-reader. PS_ETIMEDOUT "card reader PATH: no card swiped within N s",
 * or what open and read return. */
int pos_card_from_reader(const char *path, int timeout_ms, struct pos_card *card,
                         struct ps_reason *why);

#endif
