/* Unit tests of nc_quote.c: the lexicon, personal names in text, bad input, failing
 * allocators. */
#include <stdlib.h>

#include "../nc_quote.h"
#include "nc_test.h"

static nc_qlex *small_lexicon(const nc_alloc *a) {
  nc_qlex *lx = NULL;
  if (nc_qlex_new(a, &lx)) return NULL;
  static const struct {
    const char *w;
    unsigned bits;
  } words[] = {{"the", NC_QW_LEADING | NC_QW_FUNCWORD},
               {"on", NC_QW_LEADING | NC_QW_FUNCWORD},
               {"monday", NC_QW_CALENDAR},
               {"secretary", NC_QW_TITLE},
               {"mr", NC_QW_TITLE | NC_QW_ABBREV},
               {"mr.", NC_QW_TITLE},
               {"state", NC_QW_TITLE},
               {"bay", NC_QW_ORGWORD},
               {"indo", NC_QW_COMBINING},
               {"van", NC_QW_PARTICLE | NC_QW_FUNCWORD}};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    if (nc_qlex_add(lx, words[i].w, strlen(words[i].w), words[i].bits)) {
      nc_qlex_free(lx);
      return NULL;
    }
  }
  return lx;
}

NC_TEST(lexicon_folds_ascii_case_and_merges_bits) {
  nc_qlex *lx = small_lexicon(nc_default_alloc());
  CHECK(lx != NULL);
  if (!lx) return;
  CHECK_EQ_INT(nc_qlex_get(lx, "THE", 3), NC_QW_LEADING | NC_QW_FUNCWORD);
  CHECK_EQ_INT(nc_qlex_get(lx, "Mr.", 3), NC_QW_TITLE);
  CHECK_EQ_INT(nc_qlex_get(lx, "them", 4), 0);
  CHECK_EQ_INT(nc_qlex_add(lx, "Bay", 3, NC_QW_MODIFIER), NC_OK);
  CHECK_EQ_INT(nc_qlex_get(lx, "bay", 3), NC_QW_ORGWORD | NC_QW_MODIFIER);
  /* many words: the table grows and keeps every entry */
  char w[16];
  for (int i = 0; i < 500; i++) {
    int n = snprintf(w, sizeof w, "w%d", i);
    CHECK_EQ_INT(nc_qlex_add(lx, w, (size_t)n, (unsigned)i + 1), NC_OK);
  }
  for (int i = 0; i < 500; i++) {
    int n = snprintf(w, sizeof w, "W%d", i);
    CHECK_EQ_INT(nc_qlex_get(lx, w, (size_t)n), i + 1);
  }
  CHECK_EQ_INT(nc_qlex_get(lx, "secretary", 9), NC_QW_TITLE);
  nc_qlex_free(lx);
}

NC_TEST(lexicon_bad_arguments) {
  nc_qlex *lx = NULL;
  CHECK_EQ_INT(nc_qlex_new(NULL, &lx), NC_EINVAL);
  CHECK_EQ_INT(nc_qlex_new(nc_default_alloc(), NULL), NC_EINVAL);
  CHECK_EQ_INT(nc_qlex_new(nc_default_alloc(), &lx), NC_OK);
  CHECK_EQ_INT(nc_qlex_add(lx, "", 0, 1), NC_EINVAL);
  char longw[NC_QLEX_MAX_WORD + 1];
  memset(longw, 'a', sizeof longw);
  CHECK_EQ_INT(nc_qlex_add(lx, longw, sizeof longw, 1), NC_EINVAL);
  CHECK_EQ_INT(nc_qlex_get(lx, longw, sizeof longw), 0);
  CHECK_EQ_INT(nc_qlex_get(NULL, "a", 1), 0);
  CHECK_EQ_INT(nc_qlex_add(NULL, "a", 1, 1), NC_EINVAL);
  nc_qlex_free(lx);
  nc_qlex_free(NULL);
}

static void check_name(nc_test_state *nc_t_, const char *s, const nc_qname *q, const char *name,
                       size_t words) {
  CHECK_EQ_MEM(s + q->start, q->name_end - q->start, name);
  CHECK_EQ_INT(q->words, words);
}

NC_TEST(names_after_titles_without_leading_words) {
  nc_qlex *lx = small_lexicon(nc_default_alloc());
  if (!lx) return;
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_qname), nc_default_alloc());
  const char *s =
      "On Monday Secretary of State Antony Blinken\xE2\x80\x99s aide met Mr. Wang "
      "at Merrow Bay. The Indo-Pacific Hana Ito and Ruud Van Dijk's dog; "
      "ALL CAPS Ann. Mr ITO's hat.";
  CHECK_EQ_INT(nc_quote_names(lx, s, strlen(s), &v), NC_OK);
  const nc_qname *q = v.data;
  /* "ALL CAPS Ann": a run with all-capital words is no name; "Wang" names nobody named before;
   * "Ito's" is the surname of Hana Ito */
  CHECK_EQ_INT(v.len, 4);
  if (v.len == 4) {
    check_name(nc_t_, s, &q[0], "Antony Blinken", 2);
    CHECK_EQ_INT(q[0].end - q[0].name_end, 4); /* the possessive ’s */
    CHECK_EQ_INT(q[0].expands, NC_QNAME_FULL);
    check_name(nc_t_, s, &q[1], "Hana Ito", 2);
    check_name(nc_t_, s, &q[2], "Ruud Van Dijk", 3);
    check_name(nc_t_, s, &q[3], "ITO", 1);
    CHECK_EQ_INT(q[3].expands, 1);
  }
  nc_vec_free(&v);
  nc_qlex_free(lx);
}

NC_TEST(names_bad_input) {
  nc_qlex *lx = small_lexicon(nc_default_alloc());
  if (!lx) return;
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_qname), nc_default_alloc());
  CHECK_EQ_INT(nc_quote_names(lx, "", 0, &v), NC_OK);
  CHECK_EQ_INT(v.len, 0);
  CHECK_EQ_INT(nc_quote_names(lx, NULL, 0, &v), NC_OK);
  CHECK_EQ_INT(nc_quote_names(lx, NULL, 3, &v), NC_EINVAL);
  CHECK_EQ_INT(nc_quote_names(NULL, "A", 1, &v), NC_EINVAL);
  CHECK_EQ_INT(nc_quote_names(lx, "A", 1, NULL), NC_EINVAL);
  /* NUL bytes, invalid UTF-8, truncated sequences at the end: never read past n */
  const char bad[] =
      "Ana\0Bell \xC4\xC2\xA0"
      "Cruz \xFF\xFE"
      " Dora Eng \xC3";
  CHECK_EQ_INT(nc_quote_names(lx, bad, sizeof bad - 1, &v), NC_OK);
  const nc_qname *q = v.data;
  CHECK(v.len >= 1);
  for (size_t i = 0; i < v.len; i++) CHECK(q[i].start < q[i].name_end && q[i].end <= sizeof bad);
  /* a huge run of capitals */
  size_t n = 1 << 16;
  char *big = malloc(n);
  if (big) {
    for (size_t i = 0; i < n; i++) big[i] = (i % 4 == 3) ? ' ' : 'A' + (char)(i % 3);
    v.len = 0;
    CHECK_EQ_INT(nc_quote_names(lx, big, n, &v), NC_OK);
    CHECK_EQ_INT(v.len, 0); /* all capitals: no name */
    free(big);
  }
  nc_vec_free(&v);
  nc_qlex_free(lx);
}

NC_TEST(allocation_failures_are_clean) {
  const char *s = "Tilda Ostrom met Pavel Lenk and Greta Holm in Estrel; Ostrom said so.";
  int ok = 0;
  for (int k = 0; k < 60; k++) {
    fail_after f = {k};
    nc_alloc a = {failing_alloc, &f};
    nc_qlex *lx = small_lexicon(&a);
    if (!lx) continue;
    nc_vec v;
    nc_vec_init(&v, sizeof(nc_qname), &a);
    int rc = nc_quote_names(lx, s, strlen(s), &v);
    CHECK(rc == NC_OK || rc == NC_ENOMEM);
    if (rc == NC_OK) {
      ok++;
      CHECK_EQ_INT(v.len, 4); /* "Ostrom" again: kept; "Estrel": dropped */
    }
    nc_vec_free(&v);
    nc_qlex_free(lx);
  }
  CHECK(ok > 0);
}

NC_TEST(tokens_words_marks_and_bad_ranges) {
  nc_qlex *lx = small_lexicon(nc_default_alloc());
  if (!lx) return;
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_qtoken), nc_default_alloc());
  const char *s = "Mr. J. Ito\xE2\x80\x99s U.S. co-op \xE2\x80\x94 said.";
  size_t n = strlen(s);
  CHECK_EQ_INT(nc_quote_tokens(lx, s, n, 0, n, &v), NC_OK);
  const nc_qtoken *t = v.data;
  static const char *want[] = {"Mr.",  "J.", "Ito\xE2\x80\x99s", "U.S.", "co-op", "\xE2\x80\x94",
                               "said", "."};
  CHECK_EQ_INT(v.len, 8);
  for (size_t i = 0; i < v.len && i < 8; i++) {
    CHECK_EQ_MEM(s + t[i].start, t[i].end - t[i].start, want[i]);
    CHECK_EQ_INT(t[i].punct, i == 5 || i == 7);
  }
  v.len = 0;
  CHECK_EQ_INT(nc_quote_tokens(lx, s, n, 3, 3, &v), NC_OK);
  CHECK_EQ_INT(v.len, 0);
  CHECK_EQ_INT(nc_quote_tokens(lx, s, n, 4, 3, &v), NC_EINVAL);
  CHECK_EQ_INT(nc_quote_tokens(lx, s, n, 0, n + 1, &v), NC_EINVAL);
  CHECK_EQ_INT(nc_quote_tokens(NULL, s, n, 0, n, &v), NC_EINVAL);
  CHECK_EQ_INT(nc_quote_tokens(lx, NULL, 1, 0, 1, &v), NC_EINVAL);
  /* a mark straddling the end of the range is one token (the text around is looked at) */
  v.len = 0;
  CHECK_EQ_INT(nc_quote_tokens(lx, "a\xE2\x80\x94", 4, 1, 2, &v), NC_OK);
  CHECK_EQ_INT(v.len, 1);
  nc_vec_free(&v);
  nc_qlex_free(lx);
}

NC_TEST(token_next_iterates_like_tokens) {
  nc_qlex *lx = small_lexicon(nc_default_alloc());
  if (!lx) return;
  static const char s[] = "Mr. J. Ito\xE2\x80\x99s U.S. co-op \xE2\x80\x94 said.\0\xFF\xFE x";
  size_t n = sizeof s - 1;
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_qtoken), nc_default_alloc());
  for (size_t a = 0; a <= n; a++) {
    v.len = 0;
    CHECK_EQ_INT(nc_quote_tokens(lx, s, n, a, n, &v), NC_OK);
    const nc_qtoken *t = v.data;
    nc_qtoken tok;
    size_t i = a, k = 0;
    while (nc_quote_token_next(lx, s, n, i, n, &tok)) {
      CHECK(k < v.len);
      if (k >= v.len) break;
      CHECK_EQ_INT(tok.start, t[k].start);
      CHECK_EQ_INT(tok.end, t[k].end);
      CHECK_EQ_INT(tok.punct, t[k].punct);
      i = tok.end;
      k++;
    }
    CHECK_EQ_INT(k, v.len);
  }
  nc_qtoken tok = {7, 7, 7};
  CHECK_EQ_INT(nc_quote_token_next(lx, s, n, n, n, &tok), 0);     /* empty range */
  CHECK_EQ_INT(nc_quote_token_next(lx, "   ", 3, 0, 3, &tok), 0); /* blanks only */
  CHECK_EQ_INT(nc_quote_token_next(lx, s, n, 4, 3, &tok), 0);
  CHECK_EQ_INT(nc_quote_token_next(lx, s, n, 0, n + 1, &tok), 0);
  CHECK_EQ_INT(nc_quote_token_next(NULL, s, n, 0, n, &tok), 0);
  CHECK_EQ_INT(nc_quote_token_next(lx, NULL, 1, 0, 1, &tok), 0);
  CHECK_EQ_INT(nc_quote_token_next(lx, s, n, 0, n, NULL), 0);
  CHECK_EQ_INT(nc_quote_token_next(lx, NULL, 0, 0, 0, &tok), 0);
  CHECK_EQ_INT(tok.start, 7); /* untouched on failure */
  nc_vec_free(&v);
  nc_qlex_free(lx);
}

NC_TEST(scan_paragraphs_and_quotations) {
  nc_vec p, r;
  nc_vec_init(&p, sizeof(nc_qpara), nc_default_alloc());
  nc_vec_init(&r, sizeof(nc_qraw), nc_default_alloc());
  /* closed curly, straight over a lost paragraph break, unclosed at paragraph end */
  const char *s =
      "\xE2\x80\x9C"
      "A,\xE2\x80\x9D she said. \"B. \"C.\"\n\xC2\xAB"
      "D\n\n";
  size_t n = strlen(s);
  CHECK_EQ_INT(nc_quote_scan(s, n, 0, &p, &r), NC_OK);
  CHECK_EQ_INT(p.len, 4);
  CHECK_EQ_INT(r.len, 4);
  const nc_qraw *q = r.data;
  if (r.len == 4) {
    CHECK_EQ_MEM(s + q[0].inner_start, q[0].inner_end - q[0].inner_start, "A,");
    CHECK_EQ_INT(q[0].unclosed, 0);
    CHECK_EQ_MEM(s + q[1].inner_start, q[1].inner_end - q[1].inner_start, "B. ");
    CHECK_EQ_INT(q[1].unclosed, 1);
    CHECK_EQ_MEM(s + q[2].inner_start, q[2].inner_end - q[2].inner_start, "C.");
    CHECK_EQ_MEM(s + q[3].inner_start, q[3].inner_end - q[3].inner_start, "D");
    CHECK_EQ_INT(q[3].unclosed, 1);
    CHECK_EQ_INT(q[3].para, 1);
  }
  /* wrapped: single newlines do not end paragraphs */
  p.len = r.len = 0;
  CHECK_EQ_INT(nc_quote_scan(s, n, 1, &p, &r), NC_OK);
  CHECK_EQ_INT(p.len, 3);
  p.len = r.len = 0;
  CHECK_EQ_INT(nc_quote_scan("", 0, 0, &p, &r), NC_OK);
  CHECK_EQ_INT(p.len, 1);
  CHECK_EQ_INT(r.len, 0);
  CHECK_EQ_INT(nc_quote_scan(NULL, 2, 0, &p, &r), NC_EINVAL);
  CHECK_EQ_INT(nc_quote_scan("x", 1, 0, NULL, &r), NC_EINVAL);
  /* truncated marks and NUL bytes at the end */
  p.len = r.len = 0;
  CHECK_EQ_INT(nc_quote_scan("\"a\0\xE2\x80", 5, 0, &p, &r), NC_OK);
  CHECK_EQ_INT(r.len, 1);
  nc_vec_free(&p);
  nc_vec_free(&r);
}

NC_TEST(sentence_ends_in_a_context) {
  nc_qlex *lx = small_lexicon(nc_default_alloc());
  if (!lx) return;
  const char *s = "He left. Mr. Ito and J. Ruiz stayed! \xE2\x80\x9CNo,\xE2\x80\x9D 12 said";
  size_t n = strlen(s);
  /* ends after "left." and "stayed!" (not after the abbreviation "Mr." or the initial "J.") */
  CHECK_EQ_INT(nc_quote_after_last_end(lx, s, n, 0, n), 36);
  CHECK_EQ_INT(nc_quote_before_first_end(lx, s, n, 0, n), 7);
  CHECK_EQ_INT(nc_quote_before_first_end(lx, s, n, 8, n), 35);
  /* a range ending right after the mark: the end of the range counts as a sentence end */
  CHECK_EQ_INT(nc_quote_after_last_end(lx, s, n, 0, 8), 8);
  /* bad ranges */
  CHECK_EQ_INT(nc_quote_after_last_end(lx, s, n, 5, 4), 5);
  CHECK_EQ_INT(nc_quote_before_first_end(lx, s, n, 5, 4), 4);
  CHECK_EQ_INT(nc_quote_after_last_end(lx, s, n, 0, n + 1), 0);
  CHECK_EQ_INT(nc_quote_before_first_end(NULL, s, n, 0, n), n);
  nc_qlex_free(lx);
}

static void check_key(nc_test_state *nc_t_, const char *s, size_t n, const char *want) {
  char out[128];
  CHECK(n <= sizeof out);
  if (n > sizeof out) return;
  size_t k = nc_quote_key(s, n, out);
  CHECK_EQ_MEM(out, k, want);
}

NC_TEST(grouping_keys) {
  /* curly apostrophe dropped, dash and tab to spaces, comma dropped, case folded */
  const char *a = "We\xE2\x80\x99re  not going\tto Ostrel \xE2\x80\x94 expecting a miracle,";
  check_key(nc_t_, a, strlen(a), "were not going to ostrel expecting a miracle");
  check_key(nc_t_, "military-to-military", 20, "military to military");
  /* Latin-1 capitals lower-cased, U+00D7 a space, U+00A0 a space */
  const char *b = "\xC3\x89LISE\xC2\xA0\xC3\x80 Paris \xC3\x97 2";
  check_key(nc_t_, b, strlen(b), "\xC3\xA9lise \xC3\xa0 paris 2");
  /* a NUL byte separates words; a stray high byte stays */
  check_key(nc_t_, "A\0B \xFF", 5, "a b \xFF");
  /* removing one apostrophe must not make a new one: E2 80 [E2 80 99] 99 keeps E2 80 99,
     which the U+2000-block step then turns into a space */
  check_key(nc_t_, "x\xE2\x80\xE2\x80\x99\x99y", 8, "x y");
  /* cut-off sequences at the end are plain bytes */
  check_key(nc_t_, "ok\xE2\x80", 4, "ok\xE2\x80");
  check_key(nc_t_, "ok\xC3", 3, "ok\xC3");
  /* empty and punctuation-only texts give empty keys */
  check_key(nc_t_, "", 0, "");
  check_key(nc_t_, " ... \xE2\x80\x94 !", 10, "");
  check_key(nc_t_, "'", 1, "");
}

int main(void) {
  NC_BEGIN();
  NC_RUN(lexicon_folds_ascii_case_and_merges_bits);
  NC_RUN(lexicon_bad_arguments);
  NC_RUN(names_after_titles_without_leading_words);
  NC_RUN(names_bad_input);
  NC_RUN(tokens_words_marks_and_bad_ranges);
  NC_RUN(token_next_iterates_like_tokens);
  NC_RUN(scan_paragraphs_and_quotations);
  NC_RUN(sentence_ends_in_a_context);
  NC_RUN(grouping_keys);
  NC_RUN(allocation_failures_are_clean);
  return NC_DONE();
}
