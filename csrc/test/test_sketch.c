/* Unit tests of nc_sketch.c: token hashes, MinHash estimates, bad input. */
#include <stdlib.h>

#include "../nc_sketch.h"
#include "nc_test.h"

NC_TEST(token_hashes_skip_punctuation_and_fold_case) {
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_token_hash), NULL);
  const char *s = "Harbor, harbor!";
  CHECK_EQ_INT(nc_token_hashes(s, strlen(s), &v), NC_OK);
  CHECK_EQ_INT(v.len, 2);
  const nc_token_hash *t = v.data;
  CHECK(t[0].hash == t[1].hash);
  CHECK_EQ_INT(t[0].start, 0);
  CHECK_EQ_INT(t[0].end, 6);
  CHECK_EQ_INT(t[1].start, 8);
  nc_vec_free(&v);
}

NC_TEST(minhash_identical_disjoint_and_overlapping) {
  enum { K = 256 };
  uint64_t a[K], b[K], c[K];
  const char *x = "one two three four five six seven eight nine ten eleven twelve";
  const char *y = "ONE two three four five six seven eight nine ten eleven twelve!";
  const char *z = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
  size_t n = 0;
  CHECK_EQ_INT(nc_minhash(x, strlen(x), 5, K, nc_default_alloc(), a, &n), NC_OK);
  CHECK_EQ_INT(n, 8);
  CHECK_EQ_INT(nc_minhash(y, strlen(y), 5, K, nc_default_alloc(), b, NULL), NC_OK);
  CHECK_EQ_INT(nc_minhash(z, strlen(z), 5, K, nc_default_alloc(), c, NULL), NC_OK);
  CHECK(nc_minhash_similarity(a, b, K) == 1.0);
  CHECK(nc_minhash_similarity(a, c, K) < 0.05);
  /* half the shingles shared: Jaccard 4/12 = 0.33; the estimate is within 0.12 at k = 256 */
  const char *w = "one two three four five six seven eight x1 x2 x3 x4 x5 x6 x7 x8";
  CHECK_EQ_INT(nc_minhash(w, strlen(w), 5, K, nc_default_alloc(), c, NULL), NC_OK);
  double s = nc_minhash_similarity(a, c, K);
  CHECK(s > 0.21 && s < 0.45);
}

NC_TEST(minhash_bad_arguments_and_empty_text) {
  uint64_t sig[4];
  CHECK_EQ_INT(nc_minhash("a", 1, 0, 4, nc_default_alloc(), sig, NULL), NC_EINVAL);
  CHECK_EQ_INT(nc_minhash("a", 1, 65, 4, nc_default_alloc(), sig, NULL), NC_EINVAL);
  CHECK_EQ_INT(nc_minhash("a", 1, 5, 0, nc_default_alloc(), sig, NULL), NC_EINVAL);
  size_t n = 7;
  CHECK_EQ_INT(nc_minhash("", 0, 5, 4, nc_default_alloc(), sig, &n), NC_OK);
  CHECK_EQ_INT(n, 0);
  CHECK(sig[0] == UINT64_MAX && sig[3] == UINT64_MAX);
  /* short text: one shingle of all tokens; invalid UTF-8 and NUL bytes are tolerated */
  CHECK_EQ_INT(nc_minhash("a\0b \xff\xfe c", 8, 5, 4, nc_default_alloc(), sig, &n), NC_OK);
  CHECK_EQ_INT(n, 1);
}

NC_TEST(minhash_allocation_failures_are_reported) {
  const char *x = "one two three four five six seven eight nine ten eleven twelve";
  uint64_t sig[8];
  int saw_ok = 0;
  for (int fail_at = 0; fail_at < 64 && !saw_ok; fail_at++) {
    fail_after c = {fail_at};
    nc_alloc a = {failing_alloc, &c};
    int rc = nc_minhash(x, strlen(x), 3, 8, &a, sig, NULL);
    CHECK(rc == NC_OK || rc == NC_ENOMEM);
    saw_ok = rc == NC_OK;
  }
  CHECK(saw_ok);
}

int main(void) {
  NC_BEGIN();
  NC_RUN(token_hashes_skip_punctuation_and_fold_case);
  NC_RUN(minhash_identical_disjoint_and_overlapping);
  NC_RUN(minhash_bad_arguments_and_empty_text);
  NC_RUN(minhash_allocation_failures_are_reported);
  return NC_DONE();
}
