/* frame.h — the 2-byte length framing terminals use on TCP: a big-endian binary
 * byte count, then that many bytes (TPDU, header and message). */
#ifndef POSSUM_CORE_ISO8583_FRAME_H
#define POSSUM_CORE_ISO8583_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define PS_FRAME_PREFIX 2

/* Looks at the start of a receive buffer. Returns 1 and sets *frame_len (OUT: prefix
 * plus body) when a whole frame is there; 0 when more bytes are needed; PS_ETOOLONG
 * when the prefix announces more than max_body bytes and PS_EFORMAT when it announces
 * an empty frame — a connection sending either cannot be resynchronised. */
int ps_frame_scan(const uint8_t *buf, size_t len, size_t max_body, size_t *frame_len,
                  struct ps_reason *why);

/* Writes the 2-byte prefix for a body of body_len bytes (at most 65535). */
void ps_frame_put_prefix(uint8_t out[PS_FRAME_PREFIX], size_t body_len);

#endif
