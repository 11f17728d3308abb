/*
 * nc_hash.h: content hashes for the store (XXH3-128 from libxxhash; no Lua here).
 */
#ifndef NC_HASH_H
#define NC_HASH_H

#include <stddef.h>

/* Length of a hex digest without its terminating NUL. */
#define NC_HASH_HEX_LEN 32

/* Writes the XXH3-128 hash of data[0, len) to out as 32 lower-case hex digits followed by a
 * NUL (out must hold NC_HASH_HEX_LEN + 1 bytes). The high 64 bits come first, so the text is
 * the canonical big-endian representation. data may be NULL when len is 0. */
void nc_hash128_hex(const void *data, size_t len, char out[NC_HASH_HEX_LEN + 1]);

#endif
