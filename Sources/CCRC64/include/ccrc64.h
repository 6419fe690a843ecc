#ifndef CCRC64_H
#define CCRC64_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has PCLMULQDQ and SSE4.1 (checked once, at first call), 0 otherwise.
/// When 0, ccrc64_fold must not be called.
int ccrc64_fold_available(void);

/// Runs the raw (already inverted) reflected CRC-64/XZ register `crc` over `length` bytes at `data`
/// with PCLMULQDQ folding and returns the new raw register.
/// `length` must be a multiple of 16 and at least 16; `data` needs no alignment.
/// Only call it when ccrc64_fold_available() returned 1.
uint64_t ccrc64_fold(uint64_t crc, const void *data, size_t length);

#endif
