/* escpos.h — a laid-out receipt as the bytes an ESC/POS thermal printer prints.
 *
 * What is sent, in order (Epson ESC/POS, as Chinese printers implement it):
 *   ESC @            initialise: left aligned, normal size, not bold
 *   ESC p 0 25 250   kick the cash drawer (pin 2, 50 ms on, 500 ms off), first, so the
 *                    drawer opens while the receipt prints; only when asked for and
 *                    the document moved cash
 *   FS &             Chinese character mode, only when some text is not ASCII
 *   per line         ESC a n (alignment), ESC E n (bold), GS ! 0x11 / 0x00 (double
 *                    width and height) when they change; the text in GB18030; LF
 *   FS .             leave Chinese character mode, when it was entered
 *   ESC d 3, GS V 66 0   feed past the tear line, then a partial cut
 *
 * The whole receipt is rendered before a byte goes out, so a character the printer
 * cannot print (gb18030.h) stops the receipt with a reason instead of printing half
 * of it. */
#ifndef POSSUM_POS_RECEIPT_ESCPOS_H
#define POSSUM_POS_RECEIPT_ESCPOS_H

#include <stdio.h>

#include "core/error.h"
#include "pos/receipt/buf.h"
#include "pos/receipt/doc.h"
#include "pos/receipt/gb18030.h"

struct rcpt_escpos_opts {
    int kick_drawer;   /* a cash drawer hangs on the printer: open it for cash receipts */
    unsigned gb_flags; /* RCPT_GB_FOUR_BYTE when the printer's font has GB18030's
                          four-byte part (gb18030.h) */
};

/* Appends the printer bytes of doc to out (owned and freed by the caller). opts may
 * be NULL (no drawer, two-byte font). Returns 0, PS_EUNDEFINED or PS_EFORMAT (a
 * character the printer cannot print; why names the line and the code point), PS_EIO
 * (no GB18030 converter), PS_ENOMEM or PS_ETOOLONG. On failure out is as it was. */
int rcpt_escpos_render(const struct rcpt_doc *doc, const struct rcpt_escpos_opts *opts,
                       struct rcpt_buf *out, struct ps_reason *why);

/* Renders doc and writes it to fp (a printer device such as /dev/usb/lp0, or a file),
 * then flushes fp. fp stays open and the caller's. Returns what rcpt_escpos_render()
 * returns, or PS_EIO when writing fails (nothing is written when rendering fails). */
int rcpt_escpos_print(const struct rcpt_doc *doc, const struct rcpt_escpos_opts *opts, FILE *fp,
                      struct ps_reason *why);

#endif
