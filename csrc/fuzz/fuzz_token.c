/* fuzz_token.c: libFuzzer target for nc_token (words in every mode, sentences, keys).
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -Icsrc csrc/fuzz/fuzz_token.c
 *        csrc/nc_token.c csrc/nc_common.c -lutf8proc -lstemmer
 * Checks: offsets always inside the input, tokens non-empty and increasing, no crash, no leak;
 * nc_token_fill (block-classified batch path) yields exactly the tokens of nc_token_next. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../nc_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  nc_token t;
  for (unsigned flags = 0; flags < 4; flags++) {
    size_t pos = 0, fpos = 0, got = 0, k = 0;
    nc_token buf[7]; /* a small batch: refills land everywhere */
    while (nc_token_next(s, size, pos, flags, &t)) {
      if (t.start < pos || t.end <= t.start || t.end > size) abort();
      pos = t.end;
      /* differential: the batch (block-classified) path yields exactly the same tokens */
      if (k == got) {
        got = nc_token_fill(s, size, &fpos, flags, buf, 7);
        k = 0;
        if (got == 0) abort();
      }
      if (buf[k].start != t.start || buf[k].end != t.end || buf[k].kind != t.kind) abort();
      k++;
    }
    if (k != got || (got == 7 && nc_token_fill(s, size, &fpos, flags, buf, 7) != 0)) abort();
  }
  for (unsigned flags = 0; flags < 2; flags++) {
    size_t pos = 0, st, en;
    while (nc_sentence_next(s, size, pos, flags, &st, &en)) {
      if (st < pos || en <= st || en > size) abort();
      pos = en;
    }
  }
  nc_buf b;
  nc_buf_init(&b, NULL);
  size_t n = size > 256 ? 256 : size;
  if (nc_token_key(s, n, NC_KEY_FOLD | NC_KEY_NFKC | NC_KEY_STRIP, &b) != NC_OK) abort();
  b.len = 0;
  if (nc_token_key(s, n, NC_KEY_FOLD | NC_KEY_STEM, &b) != NC_OK) abort();
  (void)nc_is_stopword(s, n);
  nc_buf_free(&b);
  return 0;
}
