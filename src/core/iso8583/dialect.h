/* dialect.h — ISO 8583 dialects as data: one field table per dialect.
 *
 * Two dialects ship:
 *   ps_iso_cup    the China UnionPay POS terminal convention (dialect_cup.c):
 *                 TPDU + 6-byte header, BCD MTI, one 64-bit binary bitmap, BCD
 *                 numbers and BCD LL/LLL lengths.
 *   ps_iso_iso87  ISO 8583:1987 in ASCII for host-to-host links (dialect_iso87.c):
 *                 ASCII MTI, hex-ASCII primary and secondary bitmaps, fields 2-128,
 *                 ASCII numbers and lengths, binary fields as hex.
 * docs/protocol.md lists both tables field by field.
 */
#ifndef POSSUM_CORE_ISO8583_DIALECT_H
#define POSSUM_CORE_ISO8583_DIALECT_H

#include <stdint.h>

#define PS_ISO_MAX_FIELD 128
#define PS_ISO_TPDU_MAX 5
#define PS_ISO_HEADER_MAX 16

/* What a field may contain. 0 marks a field the dialect does not define. */
enum ps_iso_kind {
    PS_ISO_UNDEFINED = 0,
    PS_ISO_N,   /* digits 0-9 */
    PS_ISO_Z,   /* track data: digits and '=' */
    PS_ISO_XN,  /* 'C' (credit) or 'D' (debit) then digits */
    PS_ISO_AN,  /* printable ASCII, 0x20-0x7E (the standard's a, an, ans) */
    PS_ISO_ANS, /* text that may carry any byte, e.g. GBK Chinese in CUP field 63 */
    PS_ISO_B    /* binary */
};

enum ps_iso_length_type {
    PS_ISO_FIXED = 0,
    PS_ISO_LLVAR, /* up to 99 units, 2-digit length prefix */
    PS_ISO_LLLVAR /* up to 999 units, 3-digit length prefix */
};

/* How a field's units travel on the wire. */
enum ps_iso_encoding {
    PS_ISO_ENC_ASCII = 0, /* one byte per character, as is */
    PS_ISO_ENC_BCD,       /* two digits per byte (N, Z) */
    PS_ISO_ENC_RAW,       /* binary bytes as is */
    PS_ISO_ENC_HEX        /* binary bytes as two hex ASCII characters each */
};

/* Where the filler nibble goes when an odd number of digits is packed as BCD. */
enum ps_iso_bcd_align {
    PS_ISO_ALIGN_RIGHT = 0, /* "021" -> 00 21: filler first */
    PS_ISO_ALIGN_LEFT       /* "021" -> 02 10: filler last */
};

struct ps_iso_field {
    uint16_t max;         /* length of a fixed field, maximum of a variable one, in units:
                             digits / characters for N, Z, XN, AN, ANS; bytes for B */
    uint8_t kind;         /* enum ps_iso_kind */
    uint8_t length_type;  /* enum ps_iso_length_type */
    uint8_t encoding;     /* enum ps_iso_encoding */
    uint8_t align;        /* enum ps_iso_bcd_align, for BCD */
    const char *name;
};

struct ps_iso_dialect {
    const char *name;      /* "cup", "iso87" */
    uint8_t tpdu_len;      /* bytes of TPDU in the envelope (0: none) */
    uint8_t header_len;    /* bytes of application header after the TPDU (0: none) */
    uint8_t mti_bcd;       /* 1: MTI as 2 BCD bytes; 0: 4 ASCII digits */
    uint8_t bitmap_hex;    /* 1: each bitmap as 16 hex ASCII characters; 0: 8 bytes */
    uint8_t length_bcd;    /* 1: LL / LLL as 1 / 2 BCD bytes; 0: 2 / 3 ASCII digits */
    uint8_t max_field;     /* 64 (primary bitmap only) or 128 (secondary bitmap) */
    struct ps_iso_field field[PS_ISO_MAX_FIELD + 1]; /* indexed by field number */
};

extern const struct ps_iso_dialect ps_iso_cup;
extern const struct ps_iso_dialect ps_iso_iso87;

/* The dialect called name ("cup", "iso87"), or NULL. */
const struct ps_iso_dialect *ps_iso_dialect_by_name(const char *name);

/* Field n's definition, or NULL when the dialect does not define it. */
const struct ps_iso_field *ps_iso_field_def(const struct ps_iso_dialect *d, int n);

#endif
