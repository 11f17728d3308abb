/* Unit tests of nc_fts5.c (the FTS5 tokenizer 'newscorpus') and nc_hash.c (XXH3-128 hex). */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>

#include "../nc_common.h"
#include "../nc_fts5.h"
#include "../nc_hash.h"
#include "../nc_token.h"
#include "nc_test.h"

typedef struct collected {
  char keys[16][300];
  size_t start[16], end[16];
  int n, stop_after;
} collected;

static int collect(void *ud, const char *key, size_t key_len, size_t start, size_t end) {
  collected *c = ud;
  if (c->n < 16 && key_len < sizeof c->keys[0]) {
    memcpy(c->keys[c->n], key, key_len);
    c->keys[c->n][key_len] = '\0';
    c->start[c->n] = start;
    c->end[c->n] = end;
  }
  c->n++;
  if (c->stop_after && c->n >= c->stop_after) return 7;
  return 0;
}

NC_TEST(hash_known_values) {
  char out[NC_HASH_HEX_LEN + 1];
  nc_hash128_hex(NULL, 0, out);
  CHECK_EQ_MEM(out, strlen(out), "99aa06d3014798d86001c324468d497f");
  nc_hash128_hex("abc", 3, out);
  CHECK_EQ_INT(strlen(out), 32);
  char again[NC_HASH_HEX_LEN + 1];
  nc_hash128_hex("abc", 3, again);
  CHECK(strcmp(out, again) == 0);
  nc_hash128_hex("abd", 3, again);
  CHECK(strcmp(out, again) != 0);
  nc_hash128_hex("a\0b", 3, again); /* NUL bytes are hashed like any byte */
  nc_hash128_hex("a\0c", 3, out);
  CHECK(strcmp(out, again) != 0);
}

NC_TEST(tokenize_words_with_offsets) {
  collected c = {0};
  const char *t = "Talks RESUME in Port Vella, 42 said.";
  CHECK_EQ_INT(nc_fts5_tokenize(t, strlen(t), nc_default_alloc(), collect, &c), NC_OK);
  CHECK_EQ_INT(c.n, 7); /* punctuation is not indexed */
  CHECK_EQ_MEM(c.keys[0], strlen(c.keys[0]), "talks");
  CHECK_EQ_MEM(c.keys[1], strlen(c.keys[1]), "resume");
  CHECK_EQ_INT(c.start[1], 6);
  CHECK_EQ_INT(c.end[1], 12);
  CHECK_EQ_MEM(c.keys[5], strlen(c.keys[5]), "42");
  CHECK_EQ_INT(c.start[6], 31);
  CHECK_EQ_INT(c.end[6], 35);
}

NC_TEST(tokenize_bad_input) {
  collected c = {0};
  CHECK_EQ_INT(nc_fts5_tokenize("", 0, nc_default_alloc(), collect, &c), NC_OK);
  CHECK_EQ_INT(c.n, 0);
  CHECK_EQ_INT(nc_fts5_tokenize(NULL, 0, nc_default_alloc(), collect, &c), NC_OK);
  CHECK_EQ_INT(nc_fts5_tokenize(NULL, 3, nc_default_alloc(), collect, &c), NC_EINVAL);
  CHECK_EQ_INT(nc_fts5_tokenize(" ,.;  ", 6, nc_default_alloc(), collect, &c), NC_OK);
  CHECK_EQ_INT(c.n, 0);
  /* NUL bytes and invalid UTF-8 inside the text: tokens stay inside the buffer */
  const char t[] = "ab\0cd \xff\xfe ef";
  c.n = 0;
  CHECK_EQ_INT(nc_fts5_tokenize(t, sizeof t - 1, nc_default_alloc(), collect, &c), NC_OK);
  CHECK(c.n >= 2);
  for (int i = 0; i < c.n && i < 16; i++) CHECK(c.end[i] <= sizeof t - 1);
  /* the callback can stop the scan; its value is returned */
  c = (collected){0};
  c.stop_after = 2;
  CHECK_EQ_INT(nc_fts5_tokenize("one two three", 13, nc_default_alloc(), collect, &c), 7);
  CHECK_EQ_INT(c.n, 2);
}

NC_TEST(tokenize_long_token_is_cut_on_utf8_boundary) {
  char text[1200];
  size_t n = 0;
  text[n++] = 'x';
  while (n + 2 <= 1000) {
    text[n++] = (char)0xC3; /* é */
    text[n++] = (char)0xA9;
  }
  collected c = {0};
  CHECK_EQ_INT(nc_fts5_tokenize(text, n, nc_default_alloc(), collect, &c), NC_OK);
  CHECK_EQ_INT(c.n, 1);
  size_t klen = strlen(c.keys[0]);
  CHECK(klen <= NC_FTS5_MAX_KEY);
  CHECK(klen >= NC_FTS5_MAX_KEY - 3);
  CHECK(((unsigned char)c.keys[0][klen - 1] & 0xC0) == 0x80); /* ends with a whole é */
  CHECK_EQ_INT(c.end[0], n);                                  /* offsets cover the token */
}

NC_TEST(tokenize_reports_allocation_failure) {
  fail_after f = {0};
  nc_alloc a = {failing_alloc, &f};
  collected c = {0};
  /* a non-ASCII word needs a key buffer */
  const char *t = "S\xc3\xb6me words";
  CHECK_EQ_INT(nc_fts5_tokenize(t, strlen(t), &a, collect, &c), NC_ENOMEM);
  CHECK_EQ_INT(c.n, 0);
  /* ASCII words are keyed without allocating */
  CHECK_EQ_INT(nc_fts5_tokenize("Some WORDS", 10, &a, collect, &c), NC_OK);
  CHECK_EQ_INT(c.n, 2);
  CHECK_EQ_MEM(c.keys[1], strlen(c.keys[1]), "words");
}

/* Differential check against the reference definition of the index's tokens (nc_fts5.h):
 * nc_token_next one token at a time, keys from nc_token_key(NC_KEY_FOLD | NC_KEY_NFKC) cut at
 * a UTF-8 boundary to NC_FTS5_MAX_KEY bytes. nc_fts5_tokenize (batch scanner, ASCII key fast
 * path) must give the same keys and offsets, in the same order. */
typedef struct ref_state {
  const char *text;
  size_t len, pos; /* reference scan position */
  nc_buf key;
  int mismatches, tokens;
} ref_state;

static int ref_next(ref_state *r, size_t *start, size_t *end) {
  nc_token tok;
  while (r->pos < r->len && nc_token_next(r->text, r->len, r->pos, 0, &tok)) {
    r->pos = tok.end;
    if (tok.kind == NC_TOK_PUNCT || tok.kind == NC_TOK_SYMBOL) continue;
    r->key.len = 0;
    if (nc_token_key(r->text + tok.start, tok.end - tok.start, NC_KEY_FOLD | NC_KEY_NFKC,
                     &r->key) != NC_OK)
      return -1;
    size_t k = r->key.len;
    if (k > NC_FTS5_MAX_KEY) {
      k = NC_FTS5_MAX_KEY;
      while (k > 0 && ((unsigned char)r->key.data[k] & 0xC0) == 0x80) k--;
    }
    r->key.len = k;
    if (k == 0) continue;
    *start = tok.start;
    *end = tok.end;
    return 1;
  }
  return 0;
}

static int compare_with_ref(void *ud, const char *key, size_t key_len, size_t start, size_t end) {
  ref_state *r = ud;
  size_t rs = 0, re = 0;
  r->tokens++;
  if (ref_next(r, &rs, &re) != 1 || rs != start || re != end || r->key.len != key_len ||
      memcmp(r->key.data, key, key_len) != 0)
    r->mismatches++;
  return 0;
}

/* 1 when nc_fts5_tokenize and the reference agree on text[0, n); *tokens gets the count. */
static int same_as_reference(const char *text, size_t n, int *tokens) {
  ref_state r = {text, n, 0, {0}, 0, 0};
  nc_buf_init(&r.key, nc_default_alloc());
  int rc = nc_fts5_tokenize(text, n, nc_default_alloc(), compare_with_ref, &r);
  size_t rs, re;
  int extra = ref_next(&r, &rs, &re); /* the reference must be exhausted too */
  nc_buf_free(&r.key);
  if (tokens) *tokens = r.tokens;
  return rc == NC_OK && r.mismatches == 0 && extra == 0;
}

NC_TEST(tokenize_matches_reference_on_realistic_text) {
  static const char *const texts[] = {
      "Talks RESUME in Port Vella, 42 said.",
      "\"We have no plans,\" Kritenbrink told reporters on Monday. U.S. officials said "
      "e-mail from info@example.com and https://www.example.com/a?b=1 #Talks @StateDept "
      "COVID-19 1,000 $1.48 30% 5th 2Q G-7 military-to-military don't Blinken's ...",
      "Blinken\xe2\x80\x99s visit to Z\xc3\xbcrich and M\xc3\xbcnchen: \xef\xbc\xa1\xef"
      "\xbd\x82\xef\xbd\x83 (full-width), STRASSE Stra\xc3\x9f"
      "e, \xce\x91\xce\x98\xce"
      "\x97\xce\x9d\xce\x91, \xe6\x9d\xb1\xe4\xba\xac, \xef\xac\x81le \xf0\x9f\x91"
      "\x8d\xf0\x9f\x8f\xbd :) ok",
      "MiXeD CaSe WORDS with_underscores and 'quotes' [1] {braces} ~tilde^ `tick` A-Z a-z @ [ `",
      "",
      " ",
      "a",
      "Z",
      "\xff",
      "ab\0cd \xff\xfe ef \xc3",
      "\xe2\x80\x99s \xc3\x89t\xc3\xa9"};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    const char *t = texts[i];
    size_t n = strlen(t);
    CHECK(same_as_reference(t, n, NULL));
  }
  const char nul[] = "ab\0cd \xff\xfe EF \xc3"; /* a NUL byte inside */
  CHECK(same_as_reference(nul, sizeof nul - 1, NULL));
}

NC_TEST(tokenize_matches_reference_on_every_ascii_byte) {
  /* each ASCII byte inside, before and after a word, in upper and lower case */
  char t[64];
  for (int c = 0; c < 128; c++) {
    int k = snprintf(t, sizeof t, "Ab%cCd %cXyZ q%c", c ? c : ' ', c ? c : ' ', c ? c : ' ');
    CHECK(k > 0);
    CHECK(same_as_reference(t, (size_t)k, NULL));
  }
}

NC_TEST(tokenize_matches_reference_on_long_and_many_tokens) {
  /* many tokens (the batch scanner refills), an ASCII token over NC_FTS5_MAX_KEY bytes (cut),
   * and pseudo-random bytes from a fixed seed */
  size_t n = 0, cap = 200000;
  char *t = malloc(cap);
  CHECK(t != NULL);
  if (!t) return;
  for (int i = 0; i < 3000; i++)
    n += (size_t)snprintf(t + n, cap - n, "Word%d, and THE %d. ", i, i);
  for (int i = 0; i < 300; i++) t[n++] = (char)('A' + i % 26);
  t[n++] = ' ';
  int tokens = 0;
  CHECK(same_as_reference(t, n, &tokens));
  CHECK_EQ_INT(tokens, 3000 * 4 + 1);
  uint64_t x = 0x9E3779B97F4A7C15u;
  for (int round = 0; round < 200; round++) {
    size_t m = 0;
    size_t want = 1 + (size_t)(x % 600);
    while (m < want) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      unsigned v = (unsigned)(x >> 32);
      /* mostly letters and spaces, some punctuation, some high bytes */
      static const char pool[] = "aBcDeFgHiJ kLmNoP .,'-@#:/0123456789";
      t[m++] = (v & 7) == 0 ? (char)(0x80 + (v >> 8) % 0x80) : pool[(v >> 8) % (sizeof pool - 1)];
    }
    CHECK(same_as_reference(t, m, NULL));
  }
  free(t);
}

static int count_rows(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  int n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return n;
}

NC_TEST(register_and_search) {
  sqlite3 *db = NULL;
  CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
  CHECK_EQ_INT(nc_fts5_register(db, nc_default_alloc()), NC_OK);
  CHECK(sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE f USING fts5(t, tokenize='newscorpus');"
                     "INSERT INTO f VALUES ('Harbor officials MET in Port Vella on Monday.');"
                     "INSERT INTO f VALUES ('Nothing to see here.');",
                     NULL, NULL, NULL) == SQLITE_OK);
  CHECK_EQ_INT(count_rows(db, "SELECT count(*) FROM f WHERE f MATCH 'met'"), 1);
  CHECK_EQ_INT(count_rows(db, "SELECT count(*) FROM f WHERE f MATCH '\"PORT vella\"'"), 1);
  CHECK_EQ_INT(count_rows(db, "SELECT count(*) FROM f WHERE f MATCH 'harb*'"), 1);
  CHECK_EQ_INT(count_rows(db, "SELECT count(*) FROM f WHERE f MATCH 'absent'"), 0);
  sqlite3_stmt *st = NULL;
  CHECK(sqlite3_prepare_v2(db, "SELECT highlight(f, 0, '[', ']') FROM f WHERE f MATCH 'vella'", -1,
                           &st, NULL) == SQLITE_OK);
  CHECK(sqlite3_step(st) == SQLITE_ROW);
  const char *h = (const char *)sqlite3_column_text(st, 0);
  CHECK(h && strstr(h, "Port [Vella] on") != NULL);
  sqlite3_finalize(st);
  /* the tokenizer takes no arguments */
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE g USING fts5(t, tokenize='newscorpus extra')", NULL,
                     NULL, NULL) != SQLITE_OK);
  sqlite3_close(db);
  CHECK_EQ_INT(nc_fts5_register(NULL, nc_default_alloc()), NC_EINVAL);
}

NC_TEST(register_with_failing_allocator) {
  sqlite3 *db = NULL;
  fail_after f = {0};
  nc_alloc a = {failing_alloc, &f};
  CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
  CHECK_EQ_INT(nc_fts5_register(db, &a), NC_OK);
  /* creating the tokenizer instance fails: the statement fails, nothing leaks */
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(t, tokenize='newscorpus')", NULL, NULL,
                     NULL) != SQLITE_OK);
  sqlite3_close(db);
}

int main(void) {
  NC_BEGIN();
  NC_RUN(hash_known_values);
  NC_RUN(tokenize_words_with_offsets);
  NC_RUN(tokenize_bad_input);
  NC_RUN(tokenize_long_token_is_cut_on_utf8_boundary);
  NC_RUN(tokenize_reports_allocation_failure);
  NC_RUN(tokenize_matches_reference_on_realistic_text);
  NC_RUN(tokenize_matches_reference_on_every_ascii_byte);
  NC_RUN(tokenize_matches_reference_on_long_and_many_tokens);
  NC_RUN(register_and_search);
  NC_RUN(register_with_failing_allocator);
  return NC_DONE();
}
