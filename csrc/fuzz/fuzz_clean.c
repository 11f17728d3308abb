/* libFuzzer target: normalisation and page-text cleaning on arbitrary bytes. Checks that
 * every offset the engine reports lies inside the input and that the clean text is valid
 * UTF-8 without NUL bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_clean.h"
#include "../nc_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_utf8(const nc_buf *b) {
  size_t i = 0;
  while (i < b->len) {
    uint32_t cp;
    int valid;
    i += nc_utf8_decode((const unsigned char *)b->data, b->len, i, &cp, &valid);
    if (!valid || cp == 0) abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  /* normalisation with the first byte choosing options */
  nc_text_opts to;
  nc_text_opts_default(&to);
  if (size) {
    to.fold = data[0] & 1;
    to.whitespace = (data[0] >> 1) & 1;
    to.form = (nc_norm_form)((data[0] >> 2) % 3);
    to.encoding = (nc_encoding)((data[0] >> 4) % 3);
  }
  nc_buf out;
  nc_vec map;
  nc_buf_init(&out, NULL);
  nc_vec_init(&map, sizeof(nc_anchor), NULL);
  if (nc_text_normalize(s, size, &to, &out, &map, NULL) == NC_OK) {
    check_utf8(&out);
    for (size_t c = 0; c <= out.len; c++)
      if (nc_offmap_orig(map.data, map.len, c) > size) abort();
  }
  nc_buf_free(&out);
  nc_vec_free(&map);
  /* cleaning */
  nc_clean_result r;
  nc_clean_result_init(&r, NULL);
  if (nc_clean(s, size, NULL, &r) == NC_OK) {
    check_utf8(&r.text);
    const nc_segment *sg = r.segs.data;
    for (size_t i = 0; i < r.segs.len; i++)
      if (sg[i].start > sg[i].end || sg[i].end > size) abort();
    for (size_t c = 0; c <= r.text.len; c++)
      if (nc_offmap_orig(r.map.data, r.map.len, c) > size) abort();
  }
  nc_clean_result_free(&r);
  return 0;
}
