/* Unit tests of nc_html.c: content, metadata, charsets, limits, hostile markup. */
#include <stdlib.h>
#include <string.h>

#include "../nc_html.h"
#include "nc_test.h"

static const char page[] =
    "<html lang=\"sv\"><head><title>Ferry strike ends | Northwind</title>"
    "<meta property=\"og:url\" content=\"https://northwind.example/ferry\">"
    "<meta name=\"description\" content=\"The strike is over.\">"
    "<script type=\"application/ld+json\">{\"datePublished\": \"2031-03-03\", "
    "\"author\": [{\"@type\": \"Person\", \"name\": \"Marta Quell\"}]}</script></head>"
    "<body><div id=\"menu\"><a href=\"/\">Home</a> <a href=\"/world\">World</a></div>"
    "<div class=\"content\"><h1>Ferry strike ends</h1>"
    "<p>The ferry strike that stranded thousands of commuters in Varnholm ended on Monday, "
    "after the union and the operator agreed on a new contract.</p>"
    "<p>&quot;We are glad to be back at work,&quot; said union leader Jonas Ek, who led the "
    "talks.<br>He thanked the passengers.</p>"
    "<div class=\"social-share\"><a href=\"#\">Share</a></div>"
    "<ul class=\"more\"><li><a href=\"/a\">Zoo welcomes twin otter pups</a></li>"
    "<li><a href=\"/b\">Local bakery wins bread prize</a></li></ul></div>"
    "<footer>Copyright Northwind</footer></body></html>";

static int contains(const nc_buf *b, const char *s) {
  return b->data && strstr(b->data, s) != NULL;
}

NC_TEST(extracts_content_and_metadata) {
  nc_html_result r;
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract(page, strlen(page), NULL, &r), NC_OK);
  CHECK_EQ_MEM(r.text.data, r.text.len,
               "The ferry strike that stranded thousands of commuters in Varnholm ended on "
               "Monday, after the union and the operator agreed on a new contract.\n\n"
               "\"We are glad to be back at work,\" said union leader Jonas Ek, who led the "
               "talks.\nHe thanked the passengers.");
  CHECK_EQ_MEM(r.field[NC_HTML_TITLE].data, r.field[NC_HTML_TITLE].len, "Ferry strike ends");
  CHECK_EQ_MEM(r.field[NC_HTML_DATE].data, r.field[NC_HTML_DATE].len, "2031-03-03");
  CHECK_EQ_MEM(r.field[NC_HTML_AUTHOR].data, r.field[NC_HTML_AUTHOR].len, "Marta Quell");
  CHECK_EQ_MEM(r.field[NC_HTML_LANGUAGE].data, r.field[NC_HTML_LANGUAGE].len, "sv");
  CHECK_EQ_MEM(r.field[NC_HTML_URL].data, r.field[NC_HTML_URL].len,
               "https://northwind.example/ferry");
  CHECK(!contains(&r.text, "otter"));
  CHECK(!contains(&r.text, "Share"));
  CHECK(!contains(&r.text, "Home"));
  nc_html_result_free(&r);
}

NC_TEST(charset_detection) {
  const char *latin =
      "<p>Caf\xE9 owners met on Friday, and they said the \x93tax\x94 is unfair "
      "to every small business in town.</p>";
  nc_html_result r;
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract(latin, strlen(latin), NULL, &r), NC_OK);
  CHECK(contains(&r.text, "Caf\xC3\xA9 owners"));
  CHECK(contains(&r.text, "\xE2\x80\x9Ctax\xE2\x80\x9D"));
  CHECK_EQ_MEM(r.field[NC_HTML_ENCODING].data, r.field[NC_HTML_ENCODING].len, "windows-1252");
  nc_html_result_free(&r);
  nc_html_opts o;
  nc_html_opts_default(&o);
  o.encoding = "ISO-8859-1";
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract(latin, strlen(latin), &o, &r), NC_OK);
  CHECK(contains(&r.text, "Caf\xC3\xA9 owners"));
  nc_html_result_free(&r);
}

NC_TEST(limits_and_hostile_input) {
  nc_html_result r;
  nc_html_opts o;
  nc_html_opts_default(&o);
  o.max_bytes = 10;
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract(page, strlen(page), &o, &r), NC_ELIMIT);
  nc_html_result_free(&r);
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract("", 0, NULL, &r), NC_OK);
  CHECK_EQ_INT(r.text.len, 0);
  nc_html_result_free(&r);
  /* deep nesting: 100000 unclosed divs */
  size_t depth = 100000, n = depth * 5 + 64;
  char *deep = malloc(n);
  CHECK(deep != NULL);
  if (!deep) return;
  size_t k = 0;
  for (size_t i = 0; i < depth; i++) memcpy(deep + k, "<div>", 5), k += 5;
  const char *tail = "<p>Still here, deep down, with words.</p>";
  memcpy(deep + k, tail, strlen(tail));
  k += strlen(tail);
  nc_html_result_init(&r, NULL);
  int rc = nc_html_extract(deep, k, NULL, &r);
  CHECK(rc == NC_OK || rc == NC_EPARSE);
  nc_html_result_free(&r);
  free(deep);
  /* binary garbage with NULs */
  unsigned char bin[4096];
  for (size_t i = 0; i < sizeof bin; i++) bin[i] = (unsigned char)(i * 131 + 7);
  nc_html_result_init(&r, NULL);
  rc = nc_html_extract((const char *)bin, sizeof bin, NULL, &r);
  CHECK(rc == NC_OK || rc == NC_EPARSE);
  nc_html_result_free(&r);
  /* very long class and id attributes (found by fuzzing: the hint buffer must not overflow) */
  size_t cl = 3000;
  char *lc = malloc(cl + 200);
  CHECK(lc != NULL);
  if (!lc) return;
  size_t m = 0;
  memcpy(lc + m, "<div class=\"", 12), m += 12;
  for (size_t i = 0; i < cl; i++) lc[m++] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
  const char *rest = "\" id=\"ad\"><p>Body text, with commas, inside the long div.</p></div>";
  memcpy(lc + m, rest, strlen(rest)), m += strlen(rest);
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract(lc, m, NULL, &r), NC_OK);
  nc_html_result_free(&r);
  free(lc);
  /* truncated markup */
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract(page, 700, NULL, &r), NC_OK);
  nc_html_result_free(&r);
}

/* Found by fuzz_extract: a text that ends inside a UTF-8 sequence (here a lone Latin-1 byte
 * after the description) made the description-lead matcher step past the string's NUL
 * (heap-buffer-overflow under ASan). */
NC_TEST(description_lead_with_truncated_utf8) {
  static const char in[] =
      "<meta charset=utf-8\xE2\x80\x99 name=\"description\"content="
      "arbouisombloceIlseVasaysmenuinchanH59-1\">\xE9";
  nc_html_result r;
  nc_html_result_init(&r, NULL);
  int rc = nc_html_extract(in, sizeof in - 1, NULL, &r);
  CHECK(rc == NC_OK || rc == NC_EPARSE);
  nc_html_result_free(&r);
  /* the same with the description's text as the page's first block, cut in a sequence */
  static const char in2[] =
      "<html><head><meta name=\"description\" content=\"The harbour will stay closed until "
      "every tonne of fuel is accounted for\"></head><body><div><p>Other text first.</p></div>"
      "<section><p>The harbour will stay closed until every tonne of fuel \xE2\x80</p></section>"
      "</body></html>";
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract(in2, sizeof in2 - 1, NULL, &r), NC_OK);
  nc_html_result_free(&r);
}

NC_TEST(json_ld_article_body_fallback) {
  const char *in =
      "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
      "\"headline\": \"Caf\\u00e9 tax \\\"delayed\\\"\", \"articleBody\": \"The council of "
      "Varnholm delayed the caf\\u00e9 tax on Friday.\\nOwners welcomed the decision, which "
      "gives them another year to prepare, and said they would keep talking. \\ud83d\\ude00\"}"
      "</script></head><body><div id=\"app\"></div></body></html>";
  nc_html_result r;
  nc_html_result_init(&r, NULL);
  CHECK_EQ_INT(nc_html_extract(in, strlen(in), NULL, &r), NC_OK);
  CHECK_EQ_MEM(r.field[NC_HTML_TITLE].data, r.field[NC_HTML_TITLE].len,
               "Caf\xC3\xA9 tax \"delayed\"");
  CHECK_EQ_MEM(r.text.data, r.text.len,
               "The council of Varnholm delayed the caf\xC3\xA9 tax on Friday.\nOwners welcomed "
               "the decision, which gives them another year to prepare, and said they would keep "
               "talking. \xF0\x9F\x98\x80");
  nc_html_result_free(&r);
}

NC_TEST(allocation_failures_are_clean) {
  for (int k = 0; k < 30; k++) {
    fail_after f = {k};
    nc_alloc a = {failing_alloc, &f};
    nc_html_result r;
    nc_html_result_init(&r, &a);
    int rc = nc_html_extract(page, strlen(page), NULL, &r);
    CHECK(rc == NC_OK || rc == NC_ENOMEM);
    nc_html_result_free(&r);
  }
}

int main(void) {
  NC_BEGIN();
  NC_RUN(extracts_content_and_metadata);
  NC_RUN(charset_detection);
  NC_RUN(limits_and_hostile_input);
  NC_RUN(description_lead_with_truncated_utf8);
  NC_RUN(json_ld_article_body_fallback);
  NC_RUN(allocation_failures_are_clean);
  return NC_DONE();
}
