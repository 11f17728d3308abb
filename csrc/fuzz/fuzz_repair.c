/* libFuzzer target: UTF-8 repair and normalisation (nc_text_normalize) on arbitrary bytes with
 * every option combination chosen by the first two bytes, plus the helpers around it
 * (nc_text_entity, nc_text_looks_binary, nc_offmap_orig). Checks: the output is valid UTF-8
 * without NUL bytes (unless strict mode refused the input), the offset map is monotonic and
 * stays inside the input, strict mode fails exactly when the lenient run repaired something,
 * and normalising the output again is stable for the repair itself (no new repairs). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_utf8(const nc_buf *b) {
  size_t i = 0;
  while (i < b->len) {
    uint32_t cp;
    int valid;
    size_t k = nc_utf8_decode((const unsigned char *)b->data, b->len, i, &cp, &valid);
    if (k == 0 || !valid || cp == 0) abort();
    i += k;
  }
  if (b->data && b->data[b->len] != '\0') abort();
}

static void check_map(const nc_vec *map, size_t clean_len, size_t in_len) {
  const nc_anchor *a = map->data;
  for (size_t i = 1; i < map->len; i++)
    if (a[i].clean < a[i - 1].clean || a[i].orig < a[i - 1].orig) abort();
  size_t last = 0;
  for (size_t c = 0; c <= clean_len; c++) {
    size_t o = nc_offmap_orig(a, map->len, c);
    if (o > in_len || o < last) abort();
    last = o;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  const char *s = (const char *)data + 2;
  size_t n = size - 2;
  nc_text_opts o;
  nc_text_opts_default(&o);
  o.entities = data[0] & 1;
  o.mojibake = (data[0] >> 1) & 1;
  o.fold = (data[0] >> 2) & 1;
  o.whitespace = (data[0] >> 3) & 1;
  o.form = (nc_norm_form)((data[0] >> 4) % 3);
  o.encoding = (nc_encoding)((data[1] & 0x0f) % 3);
  nc_text_stats st;
  nc_buf out;
  nc_vec map;
  nc_buf_init(&out, NULL);
  nc_vec_init(&map, sizeof(nc_anchor), NULL);
  int rc = nc_text_normalize(s, n, &o, &out, &map, &st);
  if (rc != NC_OK) abort(); /* lenient mode never fails except on memory */
  check_utf8(&out);
  check_map(&map, out.len, n);
  /* a second pass over the repaired text repairs nothing */
  nc_text_opts o2 = o;
  o2.encoding = NC_ENC_UTF8;
  o2.strict = 1;
  nc_buf out2;
  nc_vec map2;
  nc_buf_init(&out2, NULL);
  nc_vec_init(&map2, sizeof(nc_anchor), NULL);
  if (nc_text_normalize(out.data ? out.data : "", out.len, &o2, &out2, &map2, NULL) != NC_OK)
    abort();
  check_utf8(&out2);
  nc_buf_free(&out2);
  nc_vec_free(&map2);
  /* strict mode on the raw input: an error exactly when there was something to repair */
  if (o.encoding == NC_ENC_UTF8) {
    nc_text_opts o3 = o;
    o3.strict = 1;
    nc_buf out3;
    nc_vec map3;
    nc_buf_init(&out3, NULL);
    nc_vec_init(&map3, sizeof(nc_anchor), NULL);
    int rc3 = nc_text_normalize(s, n, &o3, &out3, &map3, NULL);
    if (rc3 != NC_OK && rc3 != NC_EUTF8) abort();
    if ((rc3 == NC_EUTF8) != (st.repairs > 0)) abort();
    nc_buf_free(&out3);
    nc_vec_free(&map3);
  }
  nc_buf_free(&out);
  nc_vec_free(&map);
  /* helpers */
  (void)nc_text_looks_binary(s, n);
  for (size_t i = 0; i < n && i < 4096; i++) {
    if (s[i] != '&') continue;
    uint32_t cp = 0, cp2 = 0;
    size_t k = nc_text_entity(s, n, i, &cp, &cp2);
    if (k > n - i) abort();
  }
  return 0;
}
