/* Unit tests of nc_text.c: repair, entities, mojibake, NFC, folding, whitespace, offset map. */
#include <stdlib.h>
#include <string.h>

#include "../nc_text.h"
#include "nc_test.h"

typedef struct result {
  nc_buf out;
  nc_vec map;
  nc_text_stats st;
  int rc;
} result;

static void run(result *r, const char *s, size_t n, const nc_text_opts *o) {
  nc_buf_init(&r->out, NULL);
  nc_vec_init(&r->map, sizeof(nc_anchor), NULL);
  r->rc = nc_text_normalize(s, n, o, &r->out, &r->map, &r->st);
}

static void done(result *r) {
  nc_buf_free(&r->out);
  nc_vec_free(&r->map);
}

static size_t orig(result *r, size_t clean) {
  return nc_offmap_orig(r->map.data, r->map.len, clean);
}

NC_TEST(invalid_utf8_becomes_replacement_and_is_counted) {
  result r;
  const char in[] = "caf\xC3 ok \xFF\xFE \xC3\xA9nd \xE2\x80";
  run(&r, in, sizeof in - 1, NULL);
  CHECK_EQ_INT(r.rc, NC_OK);
  CHECK_EQ_MEM(r.out.data, r.out.len,
               "caf\xEF\xBF\xBD ok \xEF\xBF\xBD\xEF\xBF\xBD \xC3\xA9nd \xEF\xBF\xBD");
  CHECK_EQ_INT(r.st.repairs, 4);
  done(&r);
  nc_text_opts o;
  nc_text_opts_default(&o);
  o.strict = 1;
  run(&r, in, sizeof in - 1, &o);
  CHECK_EQ_INT(r.rc, NC_EUTF8);
  CHECK_EQ_INT(r.out.len, 0);
  done(&r);
}

NC_TEST(controls_nul_and_newlines) {
  result r;
  const char in[] =
      "a\0b\x01\x7F"
      "c\r\nd\re\xC2\x85"
      "f\tg";
  run(&r, in, sizeof in - 1, NULL);
  CHECK_EQ_MEM(r.out.data, r.out.len, "abc\nd\nef g");
  CHECK_EQ_INT(r.st.controls, 4);
  CHECK_EQ_INT(r.st.newlines, 2);
  done(&r);
}

NC_TEST(whitespace_collapses_and_maps_back) {
  result r;
  const char *in = "  Hello    world  \n\n\n\n  Second   line \n";
  run(&r, in, strlen(in), NULL);
  CHECK_EQ_MEM(r.out.data, r.out.len, "Hello world\n\nSecond line");
  CHECK_EQ_INT(orig(&r, 0), 2);                          /* H */
  CHECK_EQ_INT(orig(&r, 6), 11);                         /* w */
  CHECK_EQ_INT(orig(&r, 13), strstr(in, "Second") - in); /* S */
  CHECK_EQ_INT(orig(&r, 20), strstr(in, "line") - in);
  CHECK_EQ_INT(orig(&r, r.out.len), strlen(in));
  done(&r);
}

NC_TEST(entities_decoded_with_semicolon_only) {
  result r;
  const char *in = "AT&amp;T &#8217;s &#x201C;x&#x201D; &copy; &bogus; AT&T &#150; &#0;";
  run(&r, in, strlen(in), NULL);
  CHECK_EQ_MEM(r.out.data, r.out.len,
               "AT&T \xE2\x80\x99s \xE2\x80\x9Cx\xE2\x80\x9D \xC2\xA9 &bogus; AT&T \xE2\x80\x93 "
               "\xEF\xBF\xBD");
  CHECK_EQ_INT(r.st.entities, 7);
  CHECK_EQ_INT(orig(&r, 3), 7); /* "T" after &amp; */
  done(&r);
}

NC_TEST(mojibake_whole_sequences_only) {
  result r;
  /* "donâ€™t" (UTF-8 of ’ read as cp1252), "cafÃ©", and a lone "â" that must stay */
  const char *in = "don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t caf\xC3\x83\xC2\xA9 \xC3\xA2 ok";
  run(&r, in, strlen(in), NULL);
  CHECK_EQ_MEM(r.out.data, r.out.len, "don\xE2\x80\x99t caf\xC3\xA9 \xC3\xA2 ok");
  CHECK_EQ_INT(r.st.mojibake, 2);
  CHECK_EQ_INT(orig(&r, 6), 11); /* "t" */
  done(&r);
}

NC_TEST(nfc_composes_and_keeps_map) {
  result r;
  const char *in = "Cafe\xCC\x81 x\xC3\xA9y e\xCC\x81";
  run(&r, in, strlen(in), NULL);
  CHECK_EQ_MEM(r.out.data, r.out.len, "Caf\xC3\xA9 x\xC3\xA9y \xC3\xA9");
  CHECK_EQ_INT(r.st.normalized, 2);
  CHECK_EQ_INT(orig(&r, 6), 7); /* x */
  CHECK_EQ_INT(orig(&r, 11), 12);
  done(&r);
  nc_text_opts o;
  nc_text_opts_default(&o);
  o.form = NC_NORM_NFKC;
  run(&r, "\xEF\xAC\x81le \xE2\x91\xA0", 9, &o); /* ﬁle ① */
  CHECK_EQ_MEM(r.out.data, r.out.len, "file 1");
  done(&r);
}

NC_TEST(folding_quotes_dashes_spaces) {
  nc_text_opts o;
  nc_text_opts_default(&o);
  o.fold = 1;
  result r;
  const char *in =
      "\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x94 it\xE2\x80\x99s\xC2\xA0ok\xE2\x80\xA6"
      "zero\xE2\x80\x8Bwidth";
  run(&r, in, strlen(in), &o);
  CHECK_EQ_MEM(r.out.data, r.out.len, "\"Hi\" - it's ok...zerowidth");
  CHECK(r.st.folded >= 7);
  done(&r);
}

NC_TEST(windows1252_detected_and_declared) {
  result r;
  const char *in = "Caf\xE9 \x93quoted\x94 \x80 5";
  run(&r, in, strlen(in), NULL);
  CHECK_EQ_INT(r.st.transcoded, 1);
  CHECK_EQ_INT(r.st.repairs, 0);
  CHECK_EQ_MEM(r.out.data, r.out.len, "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC 5");
  CHECK_EQ_INT(orig(&r, 6), 5);
  done(&r);
  nc_text_opts o;
  nc_text_opts_default(&o);
  o.encoding = NC_ENC_UTF8;
  run(&r, in, strlen(in), &o);
  CHECK_EQ_INT(r.st.repairs, 4);
  done(&r);
}

NC_TEST(empty_and_long_input) {
  result r;
  run(&r, "", 0, NULL);
  CHECK_EQ_INT(r.rc, NC_OK);
  CHECK_EQ_INT(r.out.len, 0);
  CHECK_EQ_INT(orig(&r, 0), 0);
  done(&r);
  size_t n = 1u << 20;
  char *big = malloc(n);
  CHECK(big != NULL);
  if (!big) return;
  for (size_t i = 0; i < n; i++) big[i] = (i % 7 == 6) ? ' ' : (i % 1000 == 999 ? '\xE9' : 'x');
  run(&r, big, n, NULL);
  CHECK_EQ_INT(r.rc, NC_OK);
  CHECK_EQ_INT(r.st.transcoded, 1);
  CHECK(r.out.len > n);
  done(&r);
  free(big);
}

NC_TEST(binary_detection) {
  char bin[256];
  for (int i = 0; i < 256; i++) bin[i] = (char)i;
  CHECK(nc_text_looks_binary(bin, sizeof bin));
  CHECK(!nc_text_looks_binary("plain text\n\twith tabs\r\n", 23));
  CHECK(!nc_text_looks_binary("", 0));
}

NC_TEST(allocation_failure_is_reported_and_clean) {
  const char *in = "Cafe\xCC\x81 and more text &amp; entities to force allocations";
  for (int k = 0; k < 12; k++) {
    fail_after f = {k};
    nc_alloc a = {failing_alloc, &f};
    nc_buf out;
    nc_vec map;
    nc_buf_init(&out, &a);
    nc_vec_init(&map, sizeof(nc_anchor), &a);
    int rc = nc_text_normalize(in, strlen(in), NULL, &out, &map, NULL);
    CHECK(rc == NC_OK || rc == NC_ENOMEM);
    nc_buf_free(&out);
    nc_vec_free(&map);
  }
}

int main(void) {
  NC_BEGIN();
  NC_RUN(invalid_utf8_becomes_replacement_and_is_counted);
  NC_RUN(controls_nul_and_newlines);
  NC_RUN(whitespace_collapses_and_maps_back);
  NC_RUN(entities_decoded_with_semicolon_only);
  NC_RUN(mojibake_whole_sequences_only);
  NC_RUN(nfc_composes_and_keeps_map);
  NC_RUN(folding_quotes_dashes_spaces);
  NC_RUN(windows1252_detected_and_declared);
  NC_RUN(empty_and_long_input);
  NC_RUN(binary_detection);
  NC_RUN(allocation_failure_is_reported_and_clean);
  return NC_DONE();
}
