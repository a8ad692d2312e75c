/* utf8.h — UTF-8 text as a receipt printer sees it: checked, measured in columns and
 * wrapped to a width.
 *
 * Columns: an ASCII character takes one column; every other character takes two.
 * For CJK ideographs, fullwidth forms and CJK punctuation that is also what a screen
 * shows. For the rest (é, ·, “, ×) it is what the paper shows: in Chinese mode a
 * printer draws every double-byte GB18030 character from its 24-dot Chinese font, two
 * ASCII cells wide. Counting them as two never lets a line overflow the paper; on a
 * screen such a line merely ends a column early.
 *
 * Nothing here allocates; every function reads only s[0..len). */
#ifndef POSSUM_POS_RECEIPT_UTF8_H
#define POSSUM_POS_RECEIPT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* ps_utf8_decode (core/utf8.h), named in the room's vocabulary: the character at the
 * start of s[0..len) into *cp (OUT) and its length in bytes (1 to 4), or 0 (and *cp 0)
 * when s does not start with a well-formed UTF-8 character. */
size_t rcpt_utf8_decode(const char *s, size_t len, uint32_t *cp /* OUT */);

/* Columns that character cp takes on paper: 1 for ASCII, 2 for anything else. */
size_t rcpt_char_width(uint32_t cp);

/* Columns s[0..len) takes. s should have passed rcpt_text_check(); a byte that does
 * not start a valid character counts as one column. */
size_t rcpt_display_width(const char *s, size_t len);

/* Flags for rcpt_text_check(). */
#define RCPT_TEXT_MULTILINE 1u /* '\n' separates lines (a footer); otherwise refused */

/* Checks text a caller wants printed: NUL-terminated, at most max_bytes bytes,
 * well-formed UTF-8, and free of control characters (C0, DEL, C1), which a printer
 * would take as commands. what names the field in the reason ("item 2 name").
 * Returns 0, PS_ETOOLONG or PS_EFORMAT (the offending byte or character and its
 * offset named). An empty string passes; callers that need text check for it. */
int rcpt_text_check(const char *what, const char *s, size_t max_bytes, unsigned flags,
                    struct ps_reason *why);

/* Finds the first line of s[0..len) when lines hold at most cols columns (cols >= 2):
 * returns its length in bytes and sets *next (OUT) to where the rest starts.
 * A line breaks at a space when it would otherwise split an ASCII word, and anywhere
 * between CJK characters; the spaces at a break belong to neither line. A word longer
 * than a line is split. Returns 0 when the line would hold nothing but spaces (callers
 * skip it); *next is then past them, so a loop always moves forward. */
size_t rcpt_wrap(const char *s, size_t len, size_t cols, size_t *next /* OUT */);

#endif
