/* bins.h — the BIN table: which scheme issued a card, which bank, whether it is debit,
 * credit or prepaid, and whether it was issued in mainland China. Fee plans price a
 * transaction by these, so the table is what turns a card number into a fee.
 *
 * An entry's prefix (the BIN, or IIN in ISO/IEC 7812 terms) is 6 to 12 digits: the
 * networks moved from 6 to 8-digit BINs (UnionPay, Visa and Mastercard since 2022), and
 * a bank may carve a range out of a shorter one, so a card number takes the entry with
 * the LONGEST prefix it starts with: 62220299 wins over 622202 for 6222029912345678.
 *
 * The table is read from CSV, the layout a network's or processor's BIN file is easily
 * turned into:
 *
 *     prefix,scheme,issuer,type,region
 *     622202,unionpay,中国工商银行 ICBC,debit,domestic
 *     414720,visa,"JPMorgan Chase Bank, N.A.",credit,foreign
 *
 * RFC 4180 (a field in double quotes may hold commas; "" is one quote), UTF-8 with or
 * without a byte order mark, LF or CRLF; blank lines and lines starting with '#' are
 * skipped; the header comes first. The whole file is checked before a table exists:
 * every bad line is reported as "line N: column ...: reason" (a prefix listed twice
 * among them; a longer prefix that extends another is not a duplicate), and if any line
 * is bad there is no table at all.
 *
 * Pure logic: nothing here reads files, a store or the clock; nothing is global.
 */
#ifndef POSSUM_HOST_PRICING_BINS_H
#define POSSUM_HOST_PRICING_BINS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define PRICING_BIN_PREFIX_MIN  6
#define PRICING_BIN_PREFIX_MAX  12
#define PRICING_BIN_PAN_MIN     12 /* ISO/IEC 7812: a card number is 12 to 19 digits */
#define PRICING_BIN_PAN_MAX     19
#define PRICING_BIN_ISSUER_MAX  64         /* characters (code points), not bytes */
#define PRICING_BIN_ENTRIES_MAX 200000     /* entries one table holds */
#define PRICING_BIN_FILE_MAX    (32 << 20) /* bytes of CSV one import reads */
#define PRICING_BIN_ERRORS_MAX  50         /* reasons kept; bad lines beyond are counted */

/* The card networks fee plans tell apart; anything else is "other". */
enum pricing_card_scheme {
    PRICING_SCHEME_UNIONPAY,
    PRICING_SCHEME_VISA,
    PRICING_SCHEME_MASTERCARD,
    PRICING_SCHEME_JCB,
    PRICING_SCHEME_AMEX,
    PRICING_SCHEME_DISCOVER,
    PRICING_SCHEME_OTHER
};

enum pricing_card_type { PRICING_CARD_DEBIT, PRICING_CARD_CREDIT, PRICING_CARD_PREPAID };

/* Domestic: issued in mainland China. Cards of Hong Kong, Macao and Taiwan banks are
 * foreign here, as the networks' domestic fee rules count them. */
enum pricing_card_region { PRICING_REGION_DOMESTIC, PRICING_REGION_FOREIGN };

/* The lowercase names the CSV uses ("unionpay", "credit", "foreign"); static, never NULL
 * ("?" for a value outside the enum). */
const char *pricing_card_scheme_name(enum pricing_card_scheme s);
const char *pricing_card_type_name(enum pricing_card_type t);
const char *pricing_card_region_name(enum pricing_card_region r);

/* One row of the table. */
struct pricing_bin {
    char prefix[PRICING_BIN_PREFIX_MAX + 1]; /* digits, NUL-terminated; "" for a fallback */
    size_t prefix_len;
    enum pricing_card_scheme scheme;
    enum pricing_card_type type;
    enum pricing_card_region region;
    const char *issuer; /* UTF-8, one line, NUL-terminated; owned by the table (valid
                           until pricing_bin_table_free), "" for a fallback */
    size_t line;        /* the CSV line it came from, for messages that point back */
};

/* Opaque: entries sorted by prefix, their issuer names, nothing else. Read-only once
 * built, so any number of threads may look up in one table at the same time. */
struct pricing_bin_table;

/* What an import found wrong. The caller allocates it (about 10 KiB); the import fills
 * every field. */
struct pricing_bin_report {
    size_t entries;   /* entries in the table made (0 when there is none) */
    size_t bad_lines; /* every bad line, including those beyond errors[] */
    size_t nerrors;   /* entries used in errors[]: the first bad lines, in line order */
    struct ps_reason errors[PRICING_BIN_ERRORS_MAX];
};

/* Reads the CSV in buf[0..len) (not NUL-terminated; never read past len) into a new
 * table, *out (OUT; NULL unless 0 is returned). The table is allocated here and is the
 * caller's: free it with pricing_bin_table_free and nothing else. Returns
 *   0            every line good; report->entries says how many;
 *   PS_EFORMAT   some line is bad: report->errors has the first PRICING_BIN_ERRORS_MAX,
 *                one per line with its first problem ("line 7: prefix \"62220a\": not 6
 *                to 12 digits"); why says how many and that nothing was imported;
 *   PS_ETOOLONG  more than PRICING_BIN_FILE_MAX bytes or PRICING_BIN_ENTRIES_MAX entries;
 *   PS_ENOMEM.
 * With any error there is no table. report may be NULL when only the outcome matters. */
int pricing_bin_import(const char *buf, size_t len, struct pricing_bin_table **out /* OUT */,
                      struct pricing_bin_report *report /* OUT */, struct ps_reason *why);

/* The small table possumd ships (pricing_bin_default_csv's text, imported): the large
 * Chinese banks' best-known UnionPay BINs, the sandbox's cards, and a few foreign test
 * ranges. ILLUSTRATIVE ONLY: a production deployment imports its network's or
 * acquirer's BIN file instead. Returns 0 or PS_ENOMEM; the table is the caller's, as
 * with pricing_bin_import. */
int pricing_bin_default(struct pricing_bin_table **out /* OUT */, struct ps_reason *why);

/* The default table as CSV (static text, NUL-terminated); *len (OUT, may be NULL) gets
 * its length. An operator may start a real file from it. */
const char *pricing_bin_default_csv(size_t *len /* OUT */);

/* Frees t and every entry and issuer name in it. NULL is fine. */
void pricing_bin_table_free(struct pricing_bin_table *t);

/* Entries in t, and the i-th in prefix order (NULL past the end). Valid until
 * pricing_bin_table_free; do not free. */
size_t pricing_bin_table_count(const struct pricing_bin_table *t);
const struct pricing_bin *pricing_bin_table_entry(const struct pricing_bin_table *t, size_t i);

/* Outcomes of a lookup, as error.h allows: a business answer, not an error. */
enum pricing_bin_outcome {
    PRICING_BIN_UNKNOWN = 1 /* no prefix in the table starts the card number */
};

/* Finds the entry with the longest prefix that pan[0..len) starts with, in O(log n)
 * (one bisection per prefix length). pan is the card number, 12 to 19 ASCII digits.
 * Returns 0 with *found (OUT) pointing into t (valid until pricing_bin_table_free);
 * PRICING_BIN_UNKNOWN with *found NULL when no prefix matches — the caller then treats
 * the card as pricing_bin_fallback says, never refuses it for that; PS_EFORMAT for a pan
 * that is not 12 to 19 digits (why: "card number: ..."); PS_EINVAL for a NULL t. */
int pricing_bin_lookup(const struct pricing_bin_table *t, const char *pan, size_t len,
                      const struct pricing_bin **found /* OUT */, struct ps_reason *why);

/* How to treat a card whose BIN is not in the table. A number starting with 62 is
 * UnionPay's (ISO/IEC 7812 IIN range 62) and, on a terminal in China, almost always a
 * domestic debit card: that is most of what the counters see, and it is the cheaper
 * fee, so a gap in the table never overcharges the common card. Anything else is taken
 * as a foreign credit card, the dearest case, so a gap never undercharges a card the
 * acquirer pays foreign interchange on. The scheme is guessed from the well-known IIN
 * ranges (4 Visa; 51-55 and 2221-2720 Mastercard; 34, 37 Amex; 3528-3589 JCB; 6011,
 * 644-649, 65 Discover; else other). Fills *out (OUT) with prefix "" and issuer "" and
 * returns 0, or PS_EFORMAT as pricing_bin_lookup for a bad pan. */
int pricing_bin_fallback(const char *pan, size_t len, struct pricing_bin *out /* OUT */,
                        struct ps_reason *why);

/* pricing_bin_lookup, then pricing_bin_fallback when the BIN is unknown: *out (OUT) is a
 * copy of the entry (its issuer still points into t) or the fallback. Returns 0,
 * PRICING_BIN_UNKNOWN (with the fallback in *out), PS_EFORMAT or PS_EINVAL. */
int pricing_bin_classify(const struct pricing_bin_table *t, const char *pan, size_t len,
                        struct pricing_bin *out /* OUT */, struct ps_reason *why);

#endif
