/* Unit tests of nc_clean.c: line classification, cuts and splits, offsets, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_clean.h"
#include "nc_test.h"

static const char page[] =
    "Home > World > Europe\n"
    "Ferry strike ends after talks in Varnholm\n"
    "Listen\n"
    "By Marta Quell\n"
    "March 3, 2031\n"
    "The ferry strike that stranded thousands of commuters in Varnholm ended on Monday after "
    "the union and the operator agreed on a new contract.\n"
    "\"We are glad to be back at work,\" said union leader Jonas Ek, who led the talks.\n"
    "Most Read\n"
    "- Zoo welcomes twin otter pups\n"
    "- Local bakery wins bread prize\n"
    "12 comments\n"
    "Copyright 2031 Northwind Daily. All rights reserved.\n";

static const nc_segment *find_seg(const nc_clean_result *r, const char *in, const char *text) {
  const nc_segment *s = r->segs.data;
  size_t n = strlen(text);
  for (size_t i = 0; i < r->segs.len; i++)
    if (s[i].end - s[i].start == n && memcmp(in + s[i].start, text, n) == 0) return &s[i];
  return NULL;
}

static int seg_is(const nc_clean_result *r, const char *in, const char *text, nc_line_class cls,
                  const char *reason) {
  const nc_segment *s = find_seg(r, in, text);
  return s && s->cls == cls && strcmp(s->reason, reason) == 0;
}

NC_TEST(classifies_a_news_page) {
  nc_clean_result r;
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean(page, strlen(page), NULL, &r), NC_OK);
  CHECK(seg_is(&r, page, "Home > World > Europe", NC_LINE_BOILER, "navigation"));
  CHECK(seg_is(&r, page, "Ferry strike ends after talks in Varnholm", NC_LINE_TITLE, "title"));
  CHECK(seg_is(&r, page, "Listen", NC_LINE_BOILER, "widget"));
  CHECK(seg_is(&r, page, "By Marta Quell", NC_LINE_META, "byline"));
  CHECK(seg_is(&r, page, "March 3, 2031", NC_LINE_META, "date"));
  CHECK(seg_is(&r, page, "Most Read", NC_LINE_BOILER, "link-list"));
  CHECK(seg_is(&r, page, "- Zoo welcomes twin otter pups", NC_LINE_BOILER, "link-list"));
  CHECK(seg_is(&r, page, "12 comments", NC_LINE_BOILER, "counter"));
  CHECK(seg_is(&r, page, "Copyright 2031 Northwind Daily. All rights reserved.", NC_LINE_BOILER,
               "footer"));
  const char *want =
      "The ferry strike that stranded thousands of commuters in Varnholm ended on Monday after "
      "the union and the operator agreed on a new contract.\n"
      "\"We are glad to be back at work,\" said union leader Jonas Ek, who led the talks.";
  CHECK_EQ_MEM(r.text.data, r.text.len, want);
  CHECK(r.title && r.byline && r.date);
  CHECK_EQ_MEM(page + r.byline_start, r.byline_end - r.byline_start, "Marta Quell");
  CHECK_EQ_MEM(page + r.date_start, r.date_end - r.date_start, "March 3, 2031");
  /* clean offsets map back into the input */
  const char *q = strstr(r.text.data, "Jonas Ek");
  size_t o = nc_offmap_orig(r.map.data, r.map.len, (size_t)(q - r.text.data));
  CHECK_EQ_MEM(page + o, 8, "Jonas Ek");
  nc_clean_result_free(&r);
}

NC_TEST(cuts_footer_tail_and_insertions) {
  const char *in =
      "As seen on Coast TV, the harbour of Skelde will close for repairs in May, the port "
      "authority said.\n"
      "The closure will last three weeks and ferries will use the northern pier instead, As "
      "seen on the Harbour Gazette.\n"
      "HOST: That is all for today. Transcript provided by Coastal Radio, Copyright Coastal "
      "Radio.\n";
  nc_clean_result r;
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean(in, strlen(in), NULL, &r), NC_OK);
  CHECK(seg_is(&r, in, "As seen on Coast TV, ", NC_LINE_BOILER, "as-seen-on"));
  CHECK(seg_is(&r, in, ", As seen on the Harbour Gazette", NC_LINE_BOILER, "as-seen-on"));
  CHECK(seg_is(&r, in, "Transcript provided by Coastal Radio, Copyright Coastal Radio.",
               NC_LINE_BOILER, "footer"));
  CHECK_EQ_MEM(r.text.data, r.text.len,
               "the harbour of Skelde will close for repairs in May, the port authority said.\n"
               "The closure will last three weeks and ferries will use the northern pier "
               "instead.\n"
               "HOST: That is all for today.");
  nc_clean_result_free(&r);
}

/* The block scanners (features, footer candidates, separators) at every alignment: the
 * first word grows one byte at a time, so the footer tail, the line ends and the separator
 * line's length fall on every offset of a 16-byte block. */
NC_TEST(same_classes_at_every_alignment) {
  for (size_t pad = 0; pad < 48; pad++) {
    char in[1024], body[512];
    size_t k = 0;
    body[k++] = 'T';
    for (size_t i = 0; i < pad; i++) body[k++] = 'o';
    const char *rest =
        " ferry strike ended on Monday after the union and the operator agreed on a contract.";
    memcpy(body + k, rest, strlen(rest) + 1);
    size_t n = 0;
    n += (size_t)snprintf(in + n, sizeof in - n, "Listen\n%s Copyright 2031 Northwind Daily.\n",
                          body);
    for (size_t i = 0; i <= pad; i++) n += (size_t)snprintf(in + n, sizeof in - n, "\xE2\x94\x81");
    n += (size_t)snprintf(in + n, sizeof in - n, "\nMost Read\n");
    nc_clean_result r;
    nc_clean_result_init(&r, NULL);
    CHECK_EQ_INT(nc_clean(in, n, NULL, &r), NC_OK);
    CHECK(seg_is(&r, in, "Listen", NC_LINE_BOILER, "widget"));
    CHECK(seg_is(&r, in, "Copyright 2031 Northwind Daily.", NC_LINE_BOILER, "footer"));
    CHECK(seg_is(&r, in, "Most Read", NC_LINE_BOILER, "link-list"));
    const char *sep = strstr(in, "\xE2\x94\x81");
    const nc_segment *sg = r.segs.data;
    int found = 0;
    for (size_t i = 0; i < r.segs.len; i++)
      if (in + sg[i].start == sep) {
        found = 1;
        CHECK(sg[i].cls == NC_LINE_BOILER && sg[i].end - sg[i].start == 3 * (pad + 1));
      }
    CHECK(found);
    CHECK_EQ_MEM(r.text.data, r.text.len, body);
    nc_clean_result_free(&r);
  }
}

NC_TEST(repeated_lines_are_boilerplate) {
  const char *in =
      "Sign up for our newsletter\n"
      "The ferry strike ended on Monday after the union and the operator agreed on a contract.\n";
  nc_strref rep[1] = {{"Sign up for our newsletter", 26}};
  nc_clean_opts o;
  nc_clean_opts_default(&o);
  o.repeated = rep;
  o.nrepeated = 1;
  nc_clean_result r;
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean(in, strlen(in), &o, &r), NC_OK);
  CHECK(seg_is(&r, in, "Sign up for our newsletter", NC_LINE_BOILER, "repeated"));
  CHECK(strstr(r.text.data, "newsletter") == NULL);
  nc_clean_result_free(&r);
}

NC_TEST(bad_input) {
  nc_clean_result r;
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean("", 0, NULL, &r), NC_OK);
  CHECK_EQ_INT(r.text.len, 0);
  CHECK_EQ_INT(r.segs.len, 0);
  nc_clean_result_free(&r);
  /* binary data */
  unsigned char bin[512];
  for (size_t i = 0; i < sizeof bin; i++) bin[i] = (unsigned char)(i * 7);
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean((const char *)bin, sizeof bin, NULL, &r), NC_EPARSE);
  nc_clean_result_free(&r);
  /* invalid UTF-8 and NUL inside text; strict mode */
  const char in[] = "A sentence with a bad byte \xC3\x28 and a NUL \0 inside it, caf\xC3\xA9.";
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean(in, sizeof in - 1, NULL, &r), NC_OK);
  CHECK_EQ_INT(r.stats.repairs, 1);
  CHECK_EQ_INT(r.stats.controls, 1);
  CHECK(memchr(r.text.data, 0, r.text.len) == NULL);
  nc_clean_result_free(&r);
  nc_clean_opts o;
  nc_clean_opts_default(&o);
  o.text.strict = 1;
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean(in, sizeof in - 1, &o, &r), NC_EUTF8);
  nc_clean_result_free(&r);
  /* one very long line without newlines */
  size_t n = 3u << 20;
  char *big = malloc(n);
  CHECK(big != NULL);
  if (!big) return;
  for (size_t i = 0; i < n; i++) big[i] = (i % 50 == 49) ? '.' : (i % 6 == 5 ? ' ' : 'a');
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean(big, n, NULL, &r), NC_OK);
  CHECK_EQ_INT(r.segs.len, 1);
  CHECK(r.text.len > n / 2);
  nc_clean_result_free(&r);
  /* many short lines */
  for (size_t i = 0; i < n; i++) big[i] = (i % 4 == 3) ? '\n' : 'x';
  nc_clean_result_init(&r, NULL);
  CHECK_EQ_INT(nc_clean(big, n, NULL, &r), NC_OK);
  nc_clean_result_free(&r);
  free(big);
}

NC_TEST(allocation_failures_are_clean) {
  int ok = 0;
  for (int k = 0; k < 40; k++) {
    fail_after f = {k};
    nc_alloc a = {failing_alloc, &f};
    nc_clean_result r;
    nc_clean_result_init(&r, &a);
    int rc = nc_clean(page, strlen(page), NULL, &r);
    CHECK(rc == NC_OK || rc == NC_ENOMEM);
    if (rc == NC_OK) ok++;
    nc_clean_result_free(&r);
  }
  CHECK(ok > 0);
}

int main(void) {
  NC_BEGIN();
  NC_RUN(classifies_a_news_page);
  NC_RUN(cuts_footer_tail_and_insertions);
  NC_RUN(same_classes_at_every_alignment);
  NC_RUN(repeated_lines_are_boilerplate);
  NC_RUN(bad_input);
  NC_RUN(allocation_failures_are_clean);
  return NC_DONE();
}
