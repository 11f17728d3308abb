/* nc_hash.c: XXH3-128 content hashes as hex text. */
#include "nc_hash.h"

#include <xxhash.h>

void nc_hash128_hex(const void *data, size_t len, char out[NC_HASH_HEX_LEN + 1]) {
  static const char hex[] = "0123456789abcdef";
  XXH128_canonical_t c;
  XXH128_hash_t h = XXH3_128bits(len ? data : "", len);
  XXH128_canonicalFromHash(&c, h);
  for (size_t i = 0; i < sizeof c.digest; i++) {
    out[2 * i] = hex[c.digest[i] >> 4];
    out[2 * i + 1] = hex[c.digest[i] & 0x0F];
  }
  out[NC_HASH_HEX_LEN] = '\0';
}
