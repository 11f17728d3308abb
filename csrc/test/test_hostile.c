/* Hostile input for the engine: deeply nested HTML (libxml2 stops at depth 256 unless told
 * XML_PARSE_HUGE, which used to drop the rest of the page silently), binary input, overlong
 * and surrogate UTF-8, over-long gazetteer names, a bounded page. Regression tests for what
 * the fuzz targets and tools/alloc-lua.sh found live here too. */
#include <stdlib.h>
#include <string.h>

#include "../nc_clean.h"
#include "../nc_html.h"
#include "../nc_match.h"
#include "../nc_text.h"
#include "nc_test.h"

static const char para[] = "The harbour reopened on Tuesday, officials said, after nine days.";

/* "<div>" x depth + "<p>" para "</p>" in a fresh buffer (caller frees). */
static char *nested(size_t depth, size_t *len) {
  size_t n = depth * 5 + 3 + strlen(para) + 4;
  char *s = malloc(n + 1);
  if (!s) return NULL;
  for (size_t i = 0; i < depth; i++) memcpy(s + 5 * i, "<div>", 5);
  size_t at = depth * 5;
  memcpy(s + at, "<p>", 3);
  memcpy(s + at + 3, para, strlen(para));
  memcpy(s + at + 3 + strlen(para), "</p>", 5);
  *len = n;
  return s;
}

NC_TEST(html_nested_deeper_than_256_keeps_text) {
  static const size_t depths[] = {255, 257, 300, 5000, 100000};
  for (size_t k = 0; k < sizeof depths / sizeof *depths; k++) {
    size_t len;
    char *html = nested(depths[k], &len);
    CHECK(html != NULL);
    if (!html) return;
    nc_html_opts o;
    nc_html_opts_default(&o);
    nc_html_result r;
    nc_html_result_init(&r, NULL);
    CHECK_EQ_INT(nc_html_extract(html, len, &o, &r), NC_OK);
    CHECK_EQ_INT(r.text.len, strlen(para));
    CHECK(r.text.data && r.text.len == strlen(para) && memcmp(r.text.data, para, r.text.len) == 0);
    nc_html_result_free(&r);
    free(html);
  }
}

NC_TEST(html_over_max_bytes_is_a_limit_error) {
  size_t len;
  char *html = nested(10, &len);
  CHECK(html != NULL);
  if (!html) return;
  nc_html_opts o;
  nc_html_opts_default(&o);
  o.max_bytes = len - 1;
  nc_html_result r;
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract(html, len, &o, &r), NC_ELIMIT);
  nc_html_result_free(&r);
  free(html);
}

NC_TEST(truncated_html_keeps_what_was_there) {
  static const char page[] =
      "<html><head><title>Harbour reopens</title></head><body><article><p>The harbour reopened "
      "on Tuesday, officials said, after a grounding closed it.</p><p>Fishermen, who lost nine "
      "days of work, welcomed the news";
  for (size_t cut = 0; cut <= sizeof page - 1; cut += 7) {
    nc_html_opts o;
    nc_html_opts_default(&o);
    nc_html_result r;
    nc_html_result_init(&r, NULL);
    int rc = nc_html_extract(page, cut, &o, &r);
    CHECK(rc == NC_OK || rc == NC_EPARSE);
    nc_html_result_free(&r);
  }
}

NC_TEST(binary_input_is_refused_by_clean) {
  char bin[2048];
  unsigned x = 7;
  for (size_t i = 0; i < sizeof bin; i++) {
    x = x * 1103515245u + 12345u;
    bin[i] = (char)(i % 8 == 0 ? 0 : (x >> 16) & 0xFF);
  }
  nc_clean_result r;
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean(bin, sizeof bin, NULL, &r), NC_EPARSE);
  nc_clean_result_free(&r);
  CHECK(nc_text_looks_binary(bin, sizeof bin));
}

NC_TEST(overlong_and_surrogate_utf8_become_fffd_and_are_counted) {
  static const char *bad[] = {"\xC0\xAF",     "\xE0\x80\xAF",     "\xF0\x80\x80\xAF",
                              "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF",
                              "\x80"};
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    char in[16];
    size_t n = (size_t)snprintf(in, sizeof in, "a%sb", bad[k]);
    nc_text_opts o;
    nc_text_opts_default(&o);
    o.encoding = NC_ENC_UTF8;
    nc_buf out;
    nc_vec map;
    nc_text_stats st;
    nc_buf_init(&out, NULL);
    nc_vec_init(&map, sizeof(nc_anchor), NULL);
    CHECK_EQ_INT(nc_text_normalize(in, n, &o, &out, &map, &st), NC_OK);
    CHECK(st.repairs >= 1);
    CHECK(out.len >= 5 && memcmp(out.data + 1, "\xEF\xBF\xBD", 3) == 0);
    nc_buf_free(&out);
    nc_vec_free(&map);
    o.strict = 1;
    nc_buf_init(&out, NULL);
    nc_vec_init(&map, sizeof(nc_anchor), NULL);
    CHECK_EQ_INT(nc_text_normalize(in, n, &o, &out, &map, &st), NC_EUTF8);
    nc_buf_free(&out);
    nc_vec_free(&map);
  }
}

NC_TEST(gazetteer_names_of_10000_bytes_are_refused) {
  nc_matcher *m;
  CHECK_EQ_INT(nc_matcher_new(NULL, &m), NC_OK);
  if (!m) return;
  char *name = malloc(10001);
  CHECK(name != NULL);
  if (!name) {
    nc_matcher_free(m);
    return;
  }
  for (size_t i = 0; i < 10000; i++) name[i] = (i % 8 == 7) ? ' ' : 'h';
  name[10000] = '\0';
  CHECK_EQ_INT(nc_matcher_add(m, name, 10000, 1, 0), NC_ELIMIT);
  memset(name, 'y', 10000);
  CHECK_EQ_INT(nc_matcher_add(m, name, 10000, 2, 0), NC_ELIMIT);
  CHECK_EQ_INT(nc_matcher_add(m, "Ilse Marquette", 14, 3, 0), NC_OK);
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_match), NULL);
  size_t next;
  CHECK_EQ_INT(nc_matcher_scan(m, name, 10000, 0, 0, &v, 0, &next), NC_OK);
  CHECK_EQ_INT(v.len, 0);
  nc_vec_free(&v);
  free(name);
  nc_matcher_free(m);
}

int main(void) {
  NC_BEGIN();
  NC_RUN(html_nested_deeper_than_256_keeps_text);
  NC_RUN(html_over_max_bytes_is_a_limit_error);
  NC_RUN(truncated_html_keeps_what_was_there);
  NC_RUN(binary_input_is_refused_by_clean);
  NC_RUN(overlong_and_surrogate_utf8_become_fffd_and_are_counted);
  NC_RUN(gazetteer_names_of_10000_bytes_are_refused);
  return NC_DONE();
}
