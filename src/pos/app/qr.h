/* qr.h — what the terminal itself knows of a QR payment code (付款码): its scheme and
 * a masked form. Taking the money is the host's (docs/protocol.md, "QR payments"):
 * the code goes to possumd as a purchase, void or refund (hostlink/requests.h). */
#ifndef POSSUM_POS_APP_QR_H
#define POSSUM_POS_APP_QR_H

#define POS_QR_MASK_MAX 32 /* a masked code with its NUL: codes have at most 24 digits */

/* The code with all but its first 4 and last 4 digits as '*' into out (OUT): what the
 * journal, the batch table and receipts show, enough to find a payment by, not
 * enough to pay with. "" for NULL. */
void pos_qr_mask(const char *code, char out[POS_QR_MASK_MAX]);

/* The scheme of a code as bodies name it ("wechat", "alipay", "unionpay"), or NULL
 * when the code is not a payment code of a known scheme. A static string. */
const char *pos_qr_scheme_key(const char *code);

#endif
