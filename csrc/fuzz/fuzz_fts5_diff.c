/* fuzz_fts5_diff.c: libFuzzer target for nc_fts5_tokenize (the FTS5 tokenizer's token stream).
 * Build: see tools/fuzz.sh (links every csrc/nc_*.c).
 * Checks: offsets inside the input and increasing, keys non-empty and at most NC_FTS5_MAX_KEY
 * bytes, no crash, no leak; differential: the batch scanner with the ASCII key fast path gives
 * exactly the keys and offsets of the reference (nc_token_next + nc_token_key(NC_KEY_FOLD |
 * NC_KEY_NFKC), cut at a UTF-8 boundary), token by token. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_fts5.h"
#include "../nc_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct ref_state {
  const char *text;
  size_t len, pos, last_end;
  nc_buf key;
} ref_state;

static int ref_next(ref_state *r, size_t *start, size_t *end) {
  nc_token tok;
  while (r->pos < r->len && nc_token_next(r->text, r->len, r->pos, 0, &tok)) {
    r->pos = tok.end;
    if (tok.kind == NC_TOK_PUNCT || tok.kind == NC_TOK_SYMBOL) continue;
    r->key.len = 0;
    if (nc_token_key(r->text + tok.start, tok.end - tok.start, NC_KEY_FOLD | NC_KEY_NFKC,
                     &r->key) != NC_OK)
      abort();
    size_t k = r->key.len;
    if (k > NC_FTS5_MAX_KEY) {
      k = NC_FTS5_MAX_KEY;
      while (k > 0 && ((unsigned char)r->key.data[k] & 0xC0) == 0x80) k--;
    }
    r->key.len = k;
    if (k == 0) continue;
    *start = tok.start;
    *end = tok.end;
    return 1;
  }
  return 0;
}

static int check(void *ud, const char *key, size_t key_len, size_t start, size_t end) {
  ref_state *r = ud;
  size_t rs = 0, re = 0;
  if (key_len == 0 || key_len > NC_FTS5_MAX_KEY || start < r->last_end || end <= start ||
      end > r->len)
    abort();
  r->last_end = end;
  if (ref_next(r, &rs, &re) != 1 || rs != start || re != end || r->key.len != key_len ||
      memcmp(r->key.data, key, key_len) != 0)
    abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ref_state r = {(const char *)data, size, 0, 0, {0}};
  nc_buf_init(&r.key, nc_default_alloc());
  if (nc_fts5_tokenize(r.text, size, nc_default_alloc(), check, &r) != NC_OK) abort();
  size_t rs, re;
  if (ref_next(&r, &rs, &re)) abort(); /* the reference has no token left either */
  nc_buf_free(&r.key);
  return 0;
}
