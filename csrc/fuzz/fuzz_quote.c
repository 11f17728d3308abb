/* libFuzzer target: the quote scanners (paragraphs and marks, context tokens and their iterator,
 * word counts, personal names) on arbitrary bytes with a small lexicon. The first byte picks the
 * wrapped flag and the token range; every span must stay inside the input and in order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_quote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  nc_qlex *lx = NULL;
  if (nc_qlex_new(nc_default_alloc(), &lx) != NC_OK) abort();
  static const char *words[] = {"the", "mr", "secretary", "bay", "van", "indo", "said"};
  static const unsigned bits[] = {NC_QW_LEADING | NC_QW_FUNCWORD,
                                  NC_QW_ABBREV | NC_QW_TITLE,
                                  NC_QW_TITLE,
                                  NC_QW_ORGWORD,
                                  NC_QW_PARTICLE,
                                  NC_QW_COMBINING,
                                  NC_QW_CUE};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (nc_qlex_add(lx, words[i], strlen(words[i]), bits[i]) != NC_OK) abort();
  nc_vec p, r, t, q;
  nc_vec_init(&p, sizeof(nc_qpara), NULL);
  nc_vec_init(&r, sizeof(nc_qraw), NULL);
  nc_vec_init(&t, sizeof(nc_qtoken), NULL);
  nc_vec_init(&q, sizeof(nc_qname), NULL);
  if (nc_quote_scan(text, len, data[0] & 1, &p, &r) != NC_OK) abort();
  /* the grouping key: never longer than the text, no space at either end, no double space */
  char *key = malloc(len ? len : 1);
  if (!key) abort();
  size_t klen = nc_quote_key(text, len, key);
  if (klen > len) abort();
  if (klen && (key[0] == ' ' || key[klen - 1] == ' ')) abort();
  for (size_t i = 1; i < klen; i++)
    if (key[i] == ' ' && key[i - 1] == ' ') abort();
  free(key);
  const nc_qraw *raw = r.data;
  for (size_t i = 0; i < r.len; i++)
    if (raw[i].inner_start > raw[i].inner_end + 1 || raw[i].after > len || raw[i].para >= p.len)
      abort();
  size_t a = len ? (data[0] * 7u) % (len + 1) : 0, b = len;
  if (nc_quote_tokens(lx, text, len, a, b, &t) != NC_OK) abort();
  const nc_qtoken *tok = t.data;
  for (size_t i = 0; i < t.len; i++)
    if (tok[i].start < a || tok[i].start >= tok[i].end || (i && tok[i].start < tok[i - 1].end))
      abort();
  { /* the allocation-free iterator gives the same tokens */
    nc_qtoken one;
    size_t i = a, k = 0;
    while (nc_quote_token_next(lx, text, len, i, b, &one)) {
      if (k >= t.len || one.start != tok[k].start || one.end != tok[k].end ||
          one.punct != tok[k].punct)
        abort();
      i = one.end;
      k++;
    }
    if (k != t.len) abort();
  }
  size_t count = 0;
  if (nc_quote_count_words(lx, text, len, a, b, 2, &count) != NC_OK || count > 3) abort();
  (void)nc_quote_has_word(lx, text, len, a, b, NC_QW_CUE);
  size_t e1 = nc_quote_after_last_end(lx, text, len, a, b);
  size_t e2 = nc_quote_before_first_end(lx, text, len, a, b);
  if (e1 < a || e1 > b || e2 < a || e2 > b) abort();
  if (nc_quote_names(lx, text, len, &q) != NC_OK) abort();
  const nc_qname *nm = q.data;
  for (size_t i = 0; i < q.len; i++)
    if (nm[i].start >= nm[i].name_end || nm[i].name_end > nm[i].end || nm[i].end > len ||
        (nm[i].expands != NC_QNAME_FULL && nm[i].expands >= i))
      abort();
  nc_vec_free(&p);
  nc_vec_free(&r);
  nc_vec_free(&t);
  nc_vec_free(&q);
  nc_qlex_free(lx);
  return 0;
}
