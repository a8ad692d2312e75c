/* The China UnionPay POS terminal dialect (中国银联 POS 终端规范, the message field
 * description of the POS terminal interface). Frame: 2-byte binary length, 5-byte TPDU
 * (60 dddd ssss), 6-byte application header, MTI in 2 BCD bytes, one 64-bit binary
 * bitmap (bit 1 is never set), then the fields.
 *
 * Numbers are BCD. Fixed odd-length numbers are right-aligned ("0" nibble first),
 * except field 22 which terminals send left-aligned ("021" -> 02 10); variable-length
 * numbers and track data are left-aligned with the filler nibble last. LL and LLL
 * lengths are 1 and 2 BCD bytes and count digits for numbers and track data,
 * characters for text and bytes for binary. docs/protocol.md has the table. */
#include "core/iso8583/dialect.h"

#define FIX(kind, max, enc, name) {max, kind, PS_ISO_FIXED, enc, PS_ISO_ALIGN_RIGHT, name}
#define VAR(kind, lt, max, enc, name) {max, kind, lt, enc, PS_ISO_ALIGN_LEFT, name}
#define NUM(max, name) FIX(PS_ISO_N, max, PS_ISO_ENC_BCD, name)
#define TEXT(max, name) FIX(PS_ISO_AN, max, PS_ISO_ENC_ASCII, name)

const struct ps_iso_dialect ps_iso_cup = {
    .name = "cup",
    .tpdu_len = 5,
    .header_len = 6,
    .mti_bcd = 1,
    .bitmap_hex = 0,
    .length_bcd = 1,
    .max_field = 64,
    .field = {
        [2] = VAR(PS_ISO_N, PS_ISO_LLVAR, 19, PS_ISO_ENC_BCD, "primary account number"),
        [3] = NUM(6, "processing code"),
        [4] = NUM(12, "amount, transaction"),
        [11] = NUM(6, "system trace audit number"),
        [12] = NUM(6, "time, local transaction (hhmmss)"),
        [13] = NUM(4, "date, local transaction (MMDD)"),
        [14] = NUM(4, "date, expiration (YYMM)"),
        [15] = NUM(4, "date, settlement (MMDD)"),
        [22] = {3, PS_ISO_N, PS_ISO_FIXED, PS_ISO_ENC_BCD, PS_ISO_ALIGN_LEFT,
                "point of service entry mode"},
        [23] = NUM(3, "card sequence number"),
        [25] = NUM(2, "point of service condition code"),
        [26] = NUM(2, "point of service PIN capture code"),
        [32] = VAR(PS_ISO_N, PS_ISO_LLVAR, 11, PS_ISO_ENC_BCD, "acquiring institution code"),
        [35] = VAR(PS_ISO_Z, PS_ISO_LLVAR, 37, PS_ISO_ENC_BCD, "track 2 data"),
        [36] = VAR(PS_ISO_Z, PS_ISO_LLLVAR, 104, PS_ISO_ENC_BCD, "track 3 data"),
        [37] = TEXT(12, "retrieval reference number"),
        [38] = TEXT(6, "authorization identification response"),
        [39] = TEXT(2, "response code"),
        [41] = TEXT(8, "card acceptor terminal identification"),
        [42] = TEXT(15, "card acceptor identification code"),
        [44] = VAR(PS_ISO_AN, PS_ISO_LLVAR, 25, PS_ISO_ENC_ASCII, "additional response data"),
        [48] = VAR(PS_ISO_N, PS_ISO_LLLVAR, 322, PS_ISO_ENC_BCD,
                   "additional data (settlement totals, batch upload)"),
        [49] = TEXT(3, "currency code, transaction"),
        [52] = FIX(PS_ISO_B, 8, PS_ISO_ENC_RAW, "PIN data"),
        [53] = NUM(16, "security related control information"),
        [54] = VAR(PS_ISO_AN, PS_ISO_LLLVAR, 20, PS_ISO_ENC_ASCII, "balance amount"),
        [55] = VAR(PS_ISO_B, PS_ISO_LLLVAR, 255, PS_ISO_ENC_RAW, "IC card data (BER-TLV)"),
        [58] = VAR(PS_ISO_ANS, PS_ISO_LLLVAR, 100, PS_ISO_ENC_ASCII, "electronic cash data"),
        [59] = VAR(PS_ISO_ANS, PS_ISO_LLLVAR, 600, PS_ISO_ENC_ASCII,
                   "reserved (payment code data)"),
        [60] = VAR(PS_ISO_N, PS_ISO_LLLVAR, 17, PS_ISO_ENC_BCD,
                   "reserved (type code, batch, network code)"),
        [61] = VAR(PS_ISO_N, PS_ISO_LLLVAR, 29, PS_ISO_ENC_BCD,
                   "original message (batch, trace, date)"),
        [62] = VAR(PS_ISO_B, PS_ISO_LLLVAR, 512, PS_ISO_ENC_RAW,
                   "reserved (working keys, parameters)"),
        [63] = VAR(PS_ISO_ANS, PS_ISO_LLLVAR, 163, PS_ISO_ENC_ASCII,
                   "reserved (operator, card organisation)"),
        [64] = FIX(PS_ISO_B, 8, PS_ISO_ENC_RAW, "message authentication code"),
    },
};
