/* fuzz_match.c: libFuzzer target for nc_match. The input is names (one per line) up to the
 * first empty line, then the text to scan. Checks the invariants of every match: inside the
 * text, non-empty, values in range, leftmost-longest matches in order and not overlapping;
 * that a saved matcher loads back; and that the raw input given to nc_matcher_load is refused
 * or loads into a matcher that scans safely; and that the ASCII fast path finds the same
 * matches as the general path (NC_MATCH_NO_FAST_PATH). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_matches(const nc_vec *v, size_t len, uint32_t nvalues, int overlap) {
  size_t last_end = 0, last_start = 0;
  for (size_t i = 0; i < v->len; i++) {
    const nc_match *m = (const nc_match *)v->data + i;
    if (!(m->start < m->end && m->end <= len)) abort();
    if (m->value < 1 || m->value > nvalues) abort();
    if (!overlap) {
      if (i > 0 && m->start != last_start && m->start < last_end) abort();
      last_end = m->end;
    } else if (m->start < last_start) {
      abort();
    }
    last_start = m->start;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  /* the raw input as a compiled image: refused or loaded, never a crash */
  nc_matcher *img = NULL;
  if (nc_matcher_load(NULL, data, size, &img) == NC_OK) {
    nc_vec iv;
    nc_vec_init(&iv, sizeof(nc_match), NULL);
    size_t inext;
    (void)nc_matcher_scan(img, s, size, 0, 0, &iv, 0, &inext);
    nc_vec_free(&iv);
    nc_matcher_free(img);
  }
  const char *sep = NULL;
  for (size_t i = 0; i + 1 < size; i++)
    if (s[i] == '\n' && s[i + 1] == '\n') {
      sep = s + i;
      break;
    }
  size_t names_len = sep ? (size_t)(sep - s) : size / 2;
  const char *text = sep ? sep + 2 : s + names_len;
  size_t text_len = size - (size_t)(text - s);
  nc_matcher *m;
  if (nc_matcher_new(NULL, &m)) return 0;
  uint32_t value = 0;
  for (size_t pos = 0; pos < names_len;) {
    const char *nl = memchr(s + pos, '\n', names_len - pos);
    size_t end = nl ? (size_t)(nl - s) : names_len;
    unsigned flags = 0;
    if (end > pos && s[pos] == '!') flags = NC_MATCH_EXACT;
    value++;
    (void)nc_matcher_add(m, s + pos, end - pos, value, flags);
    pos = end + 1;
  }
  nc_buf image;
  nc_buf_init(&image, NULL);
  if (nc_matcher_save(m, &image) == NC_OK) {
    nc_matcher *back = NULL;
    if (nc_matcher_load(NULL, image.data, image.len, &back) != NC_OK) abort();
    nc_matcher_free(back);
  }
  nc_buf_free(&image);
  for (unsigned mode = 0; mode < 4; mode++) {
    nc_vec v;
    nc_vec_init(&v, sizeof(nc_match), NULL);
    size_t pos = 0, next = 0;
    while (pos < text_len) {
      if (nc_matcher_scan(m, text, text_len, pos, mode, &v, 3, &next)) break;
      if (next <= pos) break;
      pos = next;
    }
    check_matches(&v, text_len, value, (mode & NC_MATCH_OVERLAP) != 0);
    /* the ASCII fast path must find the same matches as the general path */
    nc_vec slow;
    nc_vec_init(&slow, sizeof(nc_match), NULL);
    size_t snext;
    if (nc_matcher_scan(m, text, text_len, 0, mode | NC_MATCH_NO_FAST_PATH, &slow, 0, &snext) ==
        NC_OK) {
      nc_vec fast;
      nc_vec_init(&fast, sizeof(nc_match), NULL);
      if (nc_matcher_scan(m, text, text_len, 0, mode, &fast, 0, &snext) == NC_OK &&
          (fast.len != slow.len ||
           (fast.len && memcmp(fast.data, slow.data, fast.len * sizeof(nc_match)))))
        abort();
      nc_vec_free(&fast);
    }
    nc_vec_free(&slow);
    nc_vec_free(&v);
  }
  nc_matcher_free(m);
  return 0;
}
