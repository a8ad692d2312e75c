/* libFuzzer target: the BIN table's CSV import. A file either becomes a table in which
 * every entry finds itself (a card number made of its prefix matches an entry whose
 * prefix starts that number and is at least as long), or it is refused whole, with
 * every reported error naming its line, the list within its cap, and no table.
 *
 * The fuzz build makes libpossum alone (no possumd rooms), and bins.c needs nothing
 * more, so the module is compiled into the target here. */
#include <stdlib.h>
#include <string.h>

#include "host/pricing/bins.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pricing_bin_report fuzz_report;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pricing_bin_table *t = NULL;
    struct ps_reason why = {{0}};
    int rc = pricing_bin_import((const char *)data, size, &t, &fuzz_report, &why);

    if (rc != 0) {
        if (t != NULL || why.text[0] == '\0' || fuzz_report.entries != 0)
            abort();
        if (fuzz_report.nerrors > PRICING_BIN_ERRORS_MAX ||
            fuzz_report.nerrors > fuzz_report.bad_lines)
            abort();
        for (size_t i = 0; i < fuzz_report.nerrors; i++)
            if (strncmp(fuzz_report.errors[i].text, "line ", 5) != 0)
                abort();
        return 0;
    }
    if (t == NULL || fuzz_report.entries != pricing_bin_table_count(t))
        abort();
    for (size_t i = 0; i < pricing_bin_table_count(t); i++) {
        const struct pricing_bin *e = pricing_bin_table_entry(t, i), *found = NULL;
        char pan[PRICING_BIN_PAN_MAX + 1];

        memset(pan, '0', PRICING_BIN_PAN_MAX);
        memcpy(pan, e->prefix, e->prefix_len);
        if (pricing_bin_lookup(t, pan, 16, &found, NULL) != 0 || found->prefix_len < e->prefix_len ||
            memcmp(found->prefix, pan, found->prefix_len) != 0)
            abort();
        if (strlen(e->issuer) == 0 || pricing_card_scheme_name(e->scheme)[0] == '?')
            abort();
    }
    pricing_bin_table_free(t);
    return 0;
}
