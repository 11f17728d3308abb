/* Unit tests of nc_match.c: units, folding, case rules, possessives, leftmost-longest,
 * overlap, chunked scans, bad names, bad text, failing allocators. */
#include <stdlib.h>
#include <string.h>

#include "../nc_match.h"
#include "nc_test.h"

static int add(nc_matcher *m, const char *s, uint32_t v, unsigned flags) {
  return nc_matcher_add(m, s, strlen(s), v, flags);
}

/* Scans text and writes "start-end:value;" for every match into out. */
static void scan_str(const nc_matcher *m, const char *text, size_t len, unsigned flags, char *out,
                     size_t cap) {
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_match), NULL);
  size_t next = 0;
  int rc = nc_matcher_scan(m, text, len, 0, flags, &v, 0, &next);
  out[0] = '\0';
  if (rc) {
    snprintf(out, cap, "error %d", rc);
  } else {
    size_t used = 0;
    for (size_t i = 0; i < v.len; i++) {
      const nc_match *mt = (const nc_match *)v.data + i;
      int w =
          snprintf(out + used, cap - used, "%zu-%zu:%u;", mt->start, mt->end, (unsigned)mt->value);
      if (w < 0 || (size_t)w >= cap - used) break;
      used += (size_t)w;
    }
  }
  nc_vec_free(&v);
}

#define SCAN(m, text, flags, expect)                          \
  do {                                                        \
    char got_[1024];                                          \
    scan_str((m), (text), strlen(text), (flags), got_, 1024); \
    CHECK_EQ_MEM(got_, strlen(got_), (expect));               \
  } while (0)

NC_TEST(matches_names_and_aliases_leftmost_longest) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "Antony Blinken", 1, 0) == NC_OK);
  CHECK(add(m, "Blinken", 2, 0) == NC_OK);
  CHECK(add(m, "State Department", 3, 0) == NC_OK);
  CHECK(add(m, "Department of State", 3, 0) == NC_OK);
  /* 0         1         2         3         4         5         6
   * 0123456789012345678901234567890123456789012345678901234567890123 */
  SCAN(m, "Antony Blinken met the State Department; Blinken left.", 0, "0-14:1;23-39:3;41-48:2;");
  SCAN(m, "the department of state said", 0, "4-23:3;");
  /* a name is only found on whole tokens */
  SCAN(m, "Blinkens Blinkenx xBlinken", 0, "");
  nc_matcher_free(m);
}

NC_TEST(overlap_reports_every_match) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "New York", 1, 0) == NC_OK);
  CHECK(add(m, "New York City", 2, 0) == NC_OK);
  CHECK(add(m, "York", 3, 0) == NC_OK);
  SCAN(m, "in New York City today", 0, "3-16:2;");
  SCAN(m, "in New York City today", NC_MATCH_OVERLAP, "3-11:1;3-16:2;7-11:3;");
  /* falls back to the longest accepted prefix */
  SCAN(m, "New York Times", 0, "0-8:1;");
  nc_matcher_free(m);
}

NC_TEST(folding_and_punctuation_in_tokens) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "U.S.", 1, 0) == NC_OK);
  CHECK(add(m, "São Paulo", 2, 0) == NC_OK);
  CHECK(add(m, "ÉMILE ZOLA", 3, 0) == NC_OK);
  SCAN(m, "the U.S. and the US and the U.S said", 0, "4-8:1;17-19:1;28-31:1;");
  SCAN(m, "SÃO PAULO", 0, "0-10:2;");
  /* decomposed input (S a + combining tilde o) matches the precomposed name */
  SCAN(m, "Sa\xCC\x83o Paulo", 0, "0-11:2;");
  SCAN(m, "by Émile Zola.", 0, "3-14:3;");
  /* hyphens split units, whatever the tokenizer does with compounds */
  CHECK(add(m, "China", 4, 0) == NC_OK);
  CHECK(add(m, "Jean-Pierre Dupont", 5, 0) == NC_OK);
  SCAN(m, "US-China and U.S.-China talks", 0, "0-2:1;3-8:4;13-17:1;18-23:4;");
  SCAN(m, "Jean-Pierre Dupont and Jean\xE2\x80\x90Pierre Dupont", 0, "0-18:5;23-43:5;");
  SCAN(m, "Jean-Pierre-Dupont", 0, "");
  nc_matcher_free(m);
}

NC_TEST(short_all_caps_names_are_case_sensitive) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "US", 1, 0) == NC_OK);
  CHECK(add(m, "WHO", 2, 0) == NC_OK);
  CHECK(add(m, "NATO", 3, 0) == NC_OK);
  CHECK(add(m, "NVIDIA CORPORATION", 4, 0) == NC_OK);
  SCAN(m, "let us ask who said it", 0, "");
  SCAN(m, "Who knows? The WHO and US", 0, "15-18:2;23-25:1;");
  SCAN(m, "NATO or Nato", 0, "0-4:3;");
  /* long all-caps names fold as usual */
  SCAN(m, "Nvidia Corporation", 0, "0-18:4;");
  /* fold flag turns the rule off */
  CHECK(add(m, "UNICEF", 5, 0) == NC_OK);
  CHECK(add(m, "OXFAM", 6, NC_MATCH_FOLD) == NC_OK);
  SCAN(m, "Oxfam and Unicef", 0, "0-5:6;10-16:5;"); /* 6 letters: folds */
  nc_matcher_free(m);
}

NC_TEST(exact_entries) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "Apple", 1, NC_MATCH_EXACT) == NC_OK);
  CHECK(add(m, "May", 2, NC_MATCH_EXACT) == NC_OK);
  SCAN(m, "an apple a day; Apple said", 0, "16-21:1;");
  SCAN(m, "may and May", 0, "8-11:2;");
  /* text in capitals (headlines) matches exact entries */
  SCAN(m, "APPLE SAID", 0, "0-5:1;");
  nc_matcher_free(m);
}

NC_TEST(possessives) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "Blinken", 1, 0) == NC_OK);
  CHECK(add(m, "William Burns", 2, 0) == NC_OK);
  CHECK(add(m, "McDonald's", 3, 0) == NC_OK);
  CHECK(add(m, "US", 4, 0) == NC_OK);
  SCAN(m, "Blinken's trip", 0, "0-7:1;");
  SCAN(m, "Blinken\xE2\x80\x99s trip", 0, "0-7:1;");
  SCAN(m, "William Burns' view", 0, "0-13:2;");
  SCAN(m, "at McDonald's today", 0, "3-13:3;");
  SCAN(m, "the US's role", 0, "4-6:4;");
  SCAN(m, "Blinken's trip", NC_MATCH_NO_POSSESSIVE, "");
  nc_matcher_free(m);
}

NC_TEST(several_values_for_one_name) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "Paris", 7, 0) == NC_OK);
  CHECK(add(m, "Paris", 9, 0) == NC_OK);
  CHECK(add(m, "paris", 7, 0) == NC_OK); /* same key and value: stored once */
  SCAN(m, "Paris, Texas", 0, "0-5:7;0-5:9;");
  nc_matcher_stats st;
  nc_matcher_stats_get(m, &st);
  CHECK_EQ_INT(st.names, 2);
  CHECK_EQ_INT(st.nodes, 2);
  CHECK_EQ_INT(st.edges, 1);
  CHECK(st.bytes > 0);
  nc_matcher_free(m);
}

NC_TEST(bad_names_are_refused) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "", 1, 0) == NC_EPARSE);
  CHECK(add(m, " ... ", 1, 0) == NC_EPARSE);
  CHECK(nc_matcher_add(m, "Bad\xFFName", 8, 1, 0) == NC_EUTF8);
  CHECK(nc_matcher_add(m, "Nul\0Name", 8, 1, 0) == NC_EUTF8);
  char *big = malloc(10001);
  memset(big, 'a', 10000);
  big[10000] = '\0';
  CHECK(add(m, big, 1, 0) == NC_ELIMIT);
  for (int i = 0; i < 200; i++) memcpy(big + i * 3, "ab ", 3);
  big[600] = '\0';
  CHECK(add(m, big, 1, 0) == NC_ELIMIT); /* 200 tokens */
  memset(big, 'b', 300);
  big[300] = '\0';
  CHECK(add(m, big, 1, 0) == NC_ELIMIT); /* one token of 300 bytes */
  free(big);
  nc_matcher_stats st;
  nc_matcher_stats_get(m, &st);
  CHECK_EQ_INT(st.names, 0);
  CHECK_EQ_INT(st.nodes, 1);
  nc_matcher_free(m);
}

NC_TEST(bad_text_is_scanned_safely) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "Xi Jinping", 1, 0) == NC_OK);
  SCAN(m, "", 0, "");
  char text[] = "\xFF\xFE Xi Jinping\0Xi Jinping \xC3";
  char got[256];
  scan_str(m, text, sizeof text - 1, 0, got, sizeof got);
  CHECK_EQ_MEM(got, strlen(got), "3-13:1;14-24:1;");
  /* a very long line with a match at the end */
  size_t n = 1 << 20;
  char *big = malloc(n + 16);
  memset(big, 'x', n);
  memcpy(big + n, " Xi Jinping", 11);
  scan_str(m, big, n + 11, 0, got, sizeof got);
  CHECK(strcmp(got, "1048577-1048587:1;") == 0);
  free(big);
  nc_matcher_free(m);
}

NC_TEST(chunked_scan_resumes) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "Feng", 1, 0) == NC_OK);
  const char *t = "Feng Feng and Feng";
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_match), NULL);
  size_t pos = 0, next = 0;
  int rounds = 0;
  while (pos < strlen(t) && rounds < 10) {
    CHECK(nc_matcher_scan(m, t, strlen(t), pos, 0, &v, 1, &next) == NC_OK);
    pos = next;
    rounds++;
  }
  CHECK_EQ_INT(v.len, 3);
  CHECK_EQ_INT(((nc_match *)v.data)[2].start, 14);
  nc_vec_free(&v);
  nc_matcher_free(m);
}

NC_TEST(allocation_failures_leave_a_valid_matcher) {
  for (int budget = 0; budget < 12; budget++) {
    fail_after f = {budget};
    nc_alloc a = {failing_alloc, &f};
    nc_matcher *m = NULL;
    int rc = nc_matcher_new(&a, &m);
    if (rc) {
      CHECK(rc == NC_ENOMEM && m == NULL);
      continue;
    }
    int ok = 0;
    for (int i = 0; i < 300; i++) {
      char name[32];
      snprintf(name, sizeof name, "Name%d Surname%d", i, i % 7);
      rc = add(m, name, (uint32_t)i + 1, 0);
      CHECK(rc == NC_OK || rc == NC_ENOMEM);
      if (rc == NC_OK) ok++;
    }
    nc_matcher_stats st;
    nc_matcher_stats_get(m, &st);
    CHECK_EQ_INT(st.names, ok);
    nc_vec v;
    nc_vec_init(&v, sizeof(nc_match), &a);
    size_t next;
    rc = nc_matcher_scan(m, "Name1 Surname1 Name2 Surname2", 29, 0, 0, &v, 0, &next);
    CHECK(rc == NC_OK || rc == NC_ENOMEM);
    nc_vec_free(&v);
    nc_matcher_free(m);
  }
}

NC_TEST(save_and_load) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  CHECK(add(m, "Antony Blinken", 1, 0) == NC_OK);
  CHECK(add(m, "US", 2, 0) == NC_OK);
  CHECK(add(m, "Apple", 3, NC_MATCH_EXACT) == NC_OK);
  CHECK(add(m, "Paris", 4, 0) == NC_OK);
  CHECK(add(m, "Paris", 5, 0) == NC_OK);
  nc_buf img;
  nc_buf_init(&img, NULL);
  CHECK(nc_matcher_save(m, &img) == NC_OK);
  nc_matcher *l = NULL;
  CHECK(nc_matcher_load(NULL, img.data, img.len, &l) == NC_OK);
  const char *t = "Antony Blinken's apple, Apple and us in the US and Paris";
  char a[256], b[256];
  scan_str(m, t, strlen(t), 0, a, sizeof a);
  scan_str(l, t, strlen(t), 0, b, sizeof b);
  CHECK(strcmp(a, b) == 0);
  CHECK_EQ_MEM(b, strlen(b), "0-14:1;24-29:3;44-46:2;51-56:4;51-56:5;");
  /* a loaded matcher can still grow */
  CHECK(add(l, "Xi Jinping", 6, 0) == NC_OK);
  SCAN(l, "Xi Jinping and Antony Blinken", 0, "0-10:6;15-29:1;");
  nc_matcher_free(l);
  /* damaged images are refused */
  for (size_t i = 0; i < img.len; i += 7) {
    img.data[i] ^= 0x5A;
    nc_matcher *bad = NULL;
    CHECK(nc_matcher_load(NULL, img.data, img.len, &bad) == NC_EPARSE);
    CHECK(bad == NULL);
    img.data[i] ^= 0x5A;
  }
  nc_matcher *bad = NULL;
  CHECK(nc_matcher_load(NULL, img.data, img.len - 1, &bad) == NC_EPARSE);
  CHECK(nc_matcher_load(NULL, img.data, 3, &bad) == NC_EPARSE);
  CHECK(nc_matcher_load(NULL, NULL, 0, &bad) == NC_EPARSE);
  /* allocation failures while loading */
  for (int budget = 0; budget < 6; budget++) {
    fail_after f = {budget};
    nc_alloc fa = {failing_alloc, &f};
    nc_matcher *x = NULL;
    int rc = nc_matcher_load(&fa, img.data, img.len, &x);
    CHECK(rc == NC_OK || rc == NC_ENOMEM);
    CHECK((rc == NC_OK) == (x != NULL));
    nc_matcher_free(x);
  }
  /* an empty matcher round-trips */
  nc_matcher *e;
  CHECK(nc_matcher_new(NULL, &e) == NC_OK);
  img.len = 0;
  CHECK(nc_matcher_save(e, &img) == NC_OK);
  nc_matcher_free(e);
  CHECK(nc_matcher_load(NULL, img.data, img.len, &e) == NC_OK);
  SCAN(e, "anything", 0, "");
  nc_matcher_free(e);
  nc_buf_free(&img);
  nc_matcher_free(m);
}

/* The ASCII fast path finds the same units as the tokenizer: every scan gives the same matches
 * with NC_MATCH_NO_FAST_PATH, on text full of the places where the two could differ. */
NC_TEST(fast_path_gives_the_same_matches) {
  nc_matcher *m;
  CHECK(nc_matcher_new(NULL, &m) == NC_OK);
  const char *names[] = {
      "US",  "U.S.",    "New York",    "York",      "1,000", "http",      "www",        "example",
      "com", "Blinken", "Mr",          "Smith",     "COVID", "19",        "5th Avenue", "e",
      "g",   "Sable",   "Jean-Pierre", "O'Neill",   "don",   "Zürich",    "a",          "AT",
      "T",   "x",       "Paris",       "Hong Kong", "CO2",   "Washington"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    CHECK(add(m, names[i], (uint32_t)i + 1, i % 5 == 4 ? NC_MATCH_EXACT : 0) == NC_OK);
  static const char text[] =
      "US-China talks in New York,New York;(York) \"York\" York! York? York:York/York@York "
      "1,000 1,000,000 York,000 http://example.com www.example.com example.com e.g. Mr. Smith "
      "Blinken's Blinken\xE2\x80\x99s Blinken' COVID-19 5th Avenue, Jean-Pierre O'Neill don't "
      "Z\xC3\xBCrich Zu\xCC\x88rich AT&T a x. U.S. U.S U.S.-led #Paris @Paris Paris#1 "
      "HONG KONG Hong\tKong Hong\nKong CO2. Washington\x00Washington \xFFWashington\xFF "
      "Washington_Post Washington's Washington\x7FPost Paris\x01York washington";
  size_t len = sizeof text - 1; /* with the NUL byte inside */
  for (unsigned flags = 0; flags < 4; flags++) {
    char fast[4096], slow[4096];
    scan_str(m, text, len, flags, fast, sizeof fast);
    scan_str(m, text, len, flags | NC_MATCH_NO_FAST_PATH, slow, sizeof slow);
    CHECK_EQ_MEM(fast, strlen(fast), slow);
    CHECK(strlen(fast) > 100);
  }
  /* every suffix of the text too (a unit may start anywhere) */
  for (size_t pos = 0; pos < len; pos++) {
    char fast[4096], slow[4096];
    scan_str(m, text + pos, len - pos, 0, fast, sizeof fast);
    scan_str(m, text + pos, len - pos, NC_MATCH_NO_FAST_PATH, slow, sizeof slow);
    CHECK_EQ_MEM(fast, strlen(fast), slow);
  }
  nc_matcher_free(m);
}

int main(void) {
  NC_BEGIN();
  NC_RUN(matches_names_and_aliases_leftmost_longest);
  NC_RUN(overlap_reports_every_match);
  NC_RUN(folding_and_punctuation_in_tokens);
  NC_RUN(short_all_caps_names_are_case_sensitive);
  NC_RUN(exact_entries);
  NC_RUN(possessives);
  NC_RUN(several_values_for_one_name);
  NC_RUN(bad_names_are_refused);
  NC_RUN(bad_text_is_scanned_safely);
  NC_RUN(chunked_scan_resumes);
  NC_RUN(allocation_failures_leave_a_valid_matcher);
  NC_RUN(save_and_load);
  NC_RUN(fast_path_gives_the_same_matches);
  return NC_DONE();
}
