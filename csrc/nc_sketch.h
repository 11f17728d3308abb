/*
 * nc_sketch.h: token hashes, shingles and MinHash signatures for near-duplicate detection and
 * shared-passage alignment (no Lua here). Offsets are 0-based [start, end) byte ranges.
 */
#ifndef NC_SKETCH_H
#define NC_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "nc_common.h"

/* One content token: the 64-bit hash of its folded key and its byte range in the text. */
typedef struct nc_token_hash {
  uint64_t hash;
  size_t start, end;
} nc_token_hash;

/* Appends to *out (an nc_vec of nc_token_hash) one entry per word or number token of text
 * (punctuation and symbols are skipped), hashing the case-folded, NFKC key of the token.
 * Returns NC_OK or NC_ENOMEM. */
int nc_token_hashes(const char *text, size_t len, nc_vec *out);

/* Largest shingle size and signature length accepted. */
#define NC_SKETCH_MAX_SHINGLE 64
#define NC_SKETCH_MAX_K 1024

/* MinHash signature of the set of `shingle`-token shingles of text: sig[0..k) receives, for
 * each of k hash functions, the minimum over the shingles. A text with fewer tokens than
 * `shingle` is one shingle of all its tokens; an empty text gives all slots UINT64_MAX.
 * *nshingles (may be NULL) receives the number of shingles. Returns NC_EINVAL for shingle or k
 * out of range (1..NC_SKETCH_MAX_*), NC_ENOMEM on allocation failure. */
int nc_minhash(const char *text, size_t len, size_t shingle, size_t k, const nc_alloc *a,
               uint64_t *sig, size_t *nshingles);

/* Estimated Jaccard similarity of two signatures of the same k: the share of equal slots. */
double nc_minhash_similarity(const uint64_t *a, const uint64_t *b, size_t k);

#endif
