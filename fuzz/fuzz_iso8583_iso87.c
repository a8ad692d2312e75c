/* libFuzzer target: ISO 8583 unpack (and re-pack) in the ISO 8583:1987 ASCII dialect. */
#include "fuzz_iso8583.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_iso8583(&ps_iso_iso87, data, size);
    return 0;
}
