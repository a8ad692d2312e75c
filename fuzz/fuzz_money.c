/* libFuzzer target: decimal money text. Whatever parses must format back to text that
 * parses to the same fen; every rejection must explain itself; arithmetic on the
 * parsed value never traps (UBSan watches the 128-bit paths). */
#include <stdlib.h>
#include <string.h>

#include "core/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ps_reason why;
    int64_t fen = 0, again = 0, product = 0;
    char text[PS_MONEY_TEXT_MAX + 1];

    if (ps_money_parse((const char *)data, size, &fen, &why) != 0) {
        if (why.text[0] == '\0')
            abort();
        return 0;
    }
    int len = ps_money_format(fen, text, sizeof(text));
    if (len < 0)
        abort();
    if (ps_money_parse(text, (size_t)len, &again, NULL) != 0 || again != fen)
        abort();
    for (int mode = PS_ROUND_HALF_UP; mode <= PS_ROUND_UP; mode++) {
        (void)ps_money_mul_bp(fen, 38, (enum ps_rounding)mode, &product);
        (void)ps_money_mul_ppm(fen, 3850, (enum ps_rounding)mode, &product);
        (void)ps_money_mul_ratio(fen, fen, 10007, (enum ps_rounding)mode, &product);
    }
    (void)ps_money_add(fen, fen, &product);
    (void)ps_money_sub(0, fen, &product); /* overflows for the most negative fen */
    return 0;
}
