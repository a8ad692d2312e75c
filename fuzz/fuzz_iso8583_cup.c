/* libFuzzer target: ISO 8583 unpack (and re-pack) in the CUP POS dialect. */
#include "fuzz_iso8583.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_iso8583(&ps_iso_cup, data, size);
    return 0;
}
