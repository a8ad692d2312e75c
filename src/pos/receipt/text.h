/* text.h — a laid-out receipt as plain UTF-8 text: the on-screen preview, and what the
 * golden tests compare.
 *
 * One text line per document line, each ending in '\n'. Centred lines are indented by
 * half the room left on the paper; double-size lines show at normal size (a screen
 * has no double size) but break where the paper breaks them. No line is wider than
 * the paper and none ends in a space. */
#ifndef POSSUM_POS_RECEIPT_TEXT_H
#define POSSUM_POS_RECEIPT_TEXT_H

#include "core/error.h"
#include "pos/receipt/buf.h"
#include "pos/receipt/doc.h"

/* Appends doc as text to out (which the caller owns and frees). Returns 0, PS_ENOMEM
 * or PS_ETOOLONG; on failure out may hold part of the text. */
int rcpt_text_render(const struct rcpt_doc *doc, struct rcpt_buf *out, struct ps_reason *why);

#endif
