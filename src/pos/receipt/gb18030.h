/* gb18030.h — UTF-8 text to the GB18030 bytes a Chinese receipt printer prints.
 *
 * The conversion is the C library's iconv (glibc ships GB18030). iconv maps every
 * Unicode character, but printers do not draw every one: their Chinese fonts hold the
 * one- and two-byte part of GB18030 (ASCII, GB2312, GBK: all common CJK ideographs,
 * fullwidth forms, CJK punctuation), and commonly not the four-byte part (CJK
 * Extension A and beyond, emoji). A character the printer would print as garbage is
 * refused here with its code point named, so the cashier sees which product name to
 * fix instead of a smudge on the customer's receipt. */
#ifndef POSSUM_POS_RECEIPT_GB18030_H
#define POSSUM_POS_RECEIPT_GB18030_H

#include <stddef.h>

#include "core/error.h"
#include "pos/receipt/buf.h"

/* Flags for rcpt_gb18030_append(). */
#define RCPT_GB_FOUR_BYTE 1u /* the printer's font also holds GB18030's four-byte part */

/* Appends the GB18030 form of UTF-8 s[0..len) to out. Returns 0 or:
 *   PS_EFORMAT     s is not well-formed UTF-8, or holds a control character (it would
 *                  reach the printer as a command); the offset is named
 *   PS_EUNDEFINED  a character has no GB18030 form, or only a four-byte one and flags
 *                  lack RCPT_GB_FOUR_BYTE: "U+1F34E (🍎) at offset 6 ..."
 *   PS_EIO         the C library has no UTF-8 to GB18030 converter
 *   PS_ENOMEM, PS_ETOOLONG from the buffer.
 * On failure out may hold part of the text; callers discard it. */
int rcpt_gb18030_append(struct rcpt_buf *out, const char *s, size_t len, unsigned flags,
                        struct ps_reason *why);

#endif
