/* nc_sketch.c: token hashes, shingles, MinHash (xxhash for hashing). */
#include "nc_sketch.h"

#include <xxhash.h>

#include "nc_token.h"

static int is_content(nc_tok_kind kind) { return kind != NC_TOK_PUNCT && kind != NC_TOK_SYMBOL; }

int nc_token_hashes(const char *text, size_t len, nc_vec *out) {
  nc_buf key;
  nc_buf_init(&key, out->a);
  nc_token tok;
  size_t pos = 0;
  int rc = NC_OK;
  while (nc_token_next(text, len, pos, 0, &tok)) {
    pos = tok.end > pos ? tok.end : pos + 1;
    if (!is_content(tok.kind)) continue;
    key.len = 0;
    rc = nc_token_key(text + tok.start, tok.end - tok.start, NC_KEY_FOLD | NC_KEY_NFKC, &key);
    if (rc) break;
    nc_token_hash *slot = nc_vec_push(out);
    if (!slot) {
      rc = NC_ENOMEM;
      break;
    }
    slot->hash = XXH3_64bits(key.data ? key.data : "", key.len);
    slot->start = tok.start;
    slot->end = tok.end;
  }
  nc_buf_free(&key);
  return rc;
}

/* splitmix64 finaliser: a strong 64-bit mixer, used to derive k hash functions. */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

static void add_shingle(uint64_t h, size_t k, uint64_t *sig) {
  for (size_t i = 0; i < k; i++) {
    uint64_t v = mix64(h + 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1));
    if (v < sig[i]) sig[i] = v;
  }
}

int nc_minhash(const char *text, size_t len, size_t shingle, size_t k, const nc_alloc *a,
               uint64_t *sig, size_t *nshingles) {
  if (shingle < 1 || shingle > NC_SKETCH_MAX_SHINGLE || k < 1 || k > NC_SKETCH_MAX_K)
    return NC_EINVAL;
  for (size_t i = 0; i < k; i++) sig[i] = UINT64_MAX;
  if (nshingles) *nshingles = 0;
  nc_vec hashes;
  nc_vec_init(&hashes, sizeof(nc_token_hash), a);
  int rc = nc_token_hashes(text, len, &hashes);
  if (rc) {
    nc_vec_free(&hashes);
    return rc;
  }
  const nc_token_hash *t = hashes.data;
  size_t n = hashes.len, count = 0;
  if (n > 0) {
    size_t w = n < shingle ? n : shingle;
    uint64_t window[NC_SKETCH_MAX_SHINGLE];
    for (size_t i = 0; i + w <= n; i++) {
      for (size_t j = 0; j < w; j++) window[j] = t[i + j].hash;
      add_shingle(XXH3_64bits(window, w * sizeof window[0]), k, sig);
      count++;
    }
  }
  if (nshingles) *nshingles = count;
  nc_vec_free(&hashes);
  return NC_OK;
}

double nc_minhash_similarity(const uint64_t *a, const uint64_t *b, size_t k) {
  if (k == 0) return 0.0;
  size_t same = 0;
  for (size_t i = 0; i < k; i++) same += a[i] == b[i];
  return (double)same / (double)k;
}
