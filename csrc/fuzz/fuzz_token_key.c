/* libFuzzer target: token keys (nc_token_key / nc_token_key_ex) under every flag combination,
 * with and without a long-lived stemmer, and the stopword test. Keys are computed for the
 * whole input (up to 4 KiB) and for every token the scanner finds. Checks: keys are valid
 * UTF-8 (invalid input becomes U+FFFD), the caller's prefix in the output buffer is kept,
 * the same key comes out with a shared stemmer and a per-call one, and a key's key is valid. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_utf8(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    int valid;
    i += nc_utf8_decode((const unsigned char *)s, n, i, &cp, &valid);
    if (!valid) abort();
  }
}

static void one(const char *s, size_t n, unsigned flags, nc_stemmer *st) {
  nc_buf a, b;
  nc_buf_init(&a, NULL);
  nc_buf_init(&b, NULL);
  if (nc_buf_append(&a, "pre:", 4)) abort();
  if (nc_token_key_ex(s, n, flags, st, &a) != NC_OK) abort();
  if (memcmp(a.data, "pre:", 4) != 0) abort();
  check_utf8(a.data + 4, a.len - 4);
  if (flags & NC_KEY_STEM) {
    if (nc_token_key(s, n, flags, &b) != NC_OK) abort();
    if (b.len != a.len - 4 || (b.len && memcmp(b.data, a.data + 4, b.len) != 0)) abort();
  } else {
    /* the key of a key is a valid key too */
    if (nc_token_key(a.data + 4, a.len - 4, flags, &b) != NC_OK) abort();
    check_utf8(b.data, b.len);
  }
  (void)nc_is_stopword(s, n);
  nc_buf_free(&a);
  nc_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  if (nc_token_key_ex(NULL, 1, 0, NULL, NULL) != NC_EINVAL) abort(); /* NULL text refused */
  nc_stemmer *st = nc_stemmer_new(NULL);
  if (!st) abort();
  size_t n = size > 4096 ? 4096 : size;
  for (unsigned flags = 0; flags < 16; flags++) one(s, n, flags, st);
  size_t pos = 0, count = 0;
  nc_token t;
  while (count < 64 && nc_token_next(s, size, pos, 0, &t)) {
    one(s + t.start, t.end - t.start, NC_KEY_FOLD | NC_KEY_STEM, st);
    one(s + t.start, t.end - t.start, NC_KEY_FOLD | NC_KEY_NFKC | NC_KEY_STRIP, st);
    pos = t.end;
    count++;
  }
  nc_stemmer_free(st);
  return 0;
}
