/* bench_crypto.h — MAC and PIN block operations per second, beside one bare cipher
 * block as the baseline. */
#ifndef POSSUM_BENCH_CRYPTO_H
#define POSSUM_BENCH_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/* Benchmarks over mac_data[0..len) (a message from its MTI up to field 64); prints
 * the figures. Returns the process exit status. */
int bench_crypto(const uint8_t *mac_data, size_t len, volatile uint64_t *sink);

#endif
