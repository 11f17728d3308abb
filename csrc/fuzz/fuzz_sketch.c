/* libFuzzer target: token hashes and MinHash on arbitrary bytes. The first byte picks the
 * shingle size and signature length; offsets must stay inside the input. */
#include <stdint.h>
#include <stdlib.h>

#include "../nc_sketch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  size_t shingle = 1 + data[0] % 8, k = 1 + data[0] % 32;
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_token_hash), NULL);
  if (nc_token_hashes(text, len, &v) == NC_OK) {
    const nc_token_hash *t = v.data;
    for (size_t i = 0; i < v.len; i++)
      if (t[i].start >= t[i].end || t[i].end > len) abort();
  }
  nc_vec_free(&v);
  uint64_t sig[32];
  size_t n;
  if (nc_minhash(text, len, shingle, k, nc_default_alloc(), sig, &n) != NC_OK) abort();
  if (nc_minhash_similarity(sig, sig, k) != 1.0) abort();
  return 0;
}
