/* Unit tests of nc_common.c: buffers, vectors, UTF-8 decoding, failing allocators. */
#include <stdlib.h>

#include "../nc_common.h"
#include "nc_test.h"

NC_TEST(buf_grows_and_terminates) {
  nc_buf b;
  nc_buf_init(&b, NULL);
  for (int i = 0; i < 1000; i++) CHECK(nc_buf_append(&b, "ab", 2) == NC_OK);
  CHECK_EQ_INT(b.len, 2000);
  CHECK(b.data[b.len] == '\0');
  CHECK(nc_buf_put_utf8(&b, 0x2019) == NC_OK);
  CHECK_EQ_MEM(b.data + 2000, 3, "\xE2\x80\x99");
  CHECK(nc_buf_put_utf8(&b, 0xD800) == NC_OK); /* surrogate becomes U+FFFD */
  CHECK_EQ_MEM(b.data + 2003, 3, "\xEF\xBF\xBD");
  nc_buf_free(&b);
  CHECK(b.data == NULL);
}

NC_TEST(buf_reports_allocation_failure) {
  fail_after f = {0};
  nc_alloc a = {failing_alloc, &f};
  nc_buf b;
  nc_buf_init(&b, &a);
  CHECK_EQ_INT(nc_buf_append(&b, "x", 1), NC_ENOMEM);
  CHECK_EQ_INT(b.len, 0);
  f.left = 1;
  CHECK_EQ_INT(nc_buf_append(&b, "x", 1), NC_OK);
  CHECK_EQ_INT(nc_buf_reserve(&b, 1000), NC_ENOMEM);
  CHECK_EQ_MEM(b.data, b.len, "x");
  CHECK_EQ_INT(nc_buf_reserve(&b, (size_t)-1), NC_ENOMEM);
  nc_buf_free(&b);
}

NC_TEST(vec_push_and_overflow) {
  nc_vec v;
  nc_vec_init(&v, sizeof(int), NULL);
  for (int i = 0; i < 100; i++) {
    int *slot = nc_vec_push(&v);
    CHECK(slot != NULL);
    if (slot) *slot = i;
  }
  CHECK_EQ_INT(v.len, 100);
  CHECK_EQ_INT(((int *)v.data)[99], 99);
  CHECK_EQ_INT(nc_vec_reserve(&v, (size_t)-1), NC_ENOMEM);
  nc_vec_free(&v);
}

static size_t decode_all(const char *s, size_t n, uint32_t *out, int *bad) {
  size_t i = 0, k = 0;
  *bad = 0;
  while (i < n) {
    int valid;
    i += nc_utf8_decode((const unsigned char *)s, n, i, &out[k++], &valid);
    if (!valid) (*bad)++;
  }
  return k;
}

NC_TEST(utf8_decode_valid_and_invalid) {
  uint32_t cps[16];
  int bad;
  CHECK_EQ_INT(decode_all("a\xC3\xA9\xE2\x80\x99\xF0\x9F\x98\x80", 10, cps, &bad), 4);
  CHECK_EQ_INT(bad, 0);
  CHECK_EQ_INT(cps[1], 0xE9);
  CHECK_EQ_INT(cps[2], 0x2019);
  CHECK_EQ_INT(cps[3], 0x1F600);
  /* overlong, surrogate, truncated, stray continuation */
  CHECK_EQ_INT(decode_all("\xC0\xAF", 2, cps, &bad), 2);
  CHECK_EQ_INT(bad, 2);
  CHECK_EQ_INT(decode_all("\xED\xA0\x80", 3, cps, &bad), 3);
  CHECK_EQ_INT(bad, 3);
  CHECK_EQ_INT(decode_all("\xE2\x80", 2, cps, &bad), 1); /* maximal subpart */
  CHECK_EQ_INT(bad, 1);
  CHECK_EQ_INT(decode_all("\x80x", 2, cps, &bad), 2);
  CHECK_EQ_INT(cps[1], 'x');
}

int main(void) {
  NC_BEGIN();
  NC_RUN(buf_grows_and_terminates);
  NC_RUN(buf_reports_allocation_failure);
  NC_RUN(vec_push_and_overflow);
  NC_RUN(utf8_decode_valid_and_invalid);
  return NC_DONE();
}
