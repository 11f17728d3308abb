/* Unit tests of nc_fts5.c (the FTS5 tokenizer 'newscorpus') and nc_hash.c (XXH3-128 hex). */
#include <sqlite3.h>
#include <stdlib.h>

#include "../nc_common.h"
#include "../nc_fts5.h"
#include "../nc_hash.h"
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
  CHECK_EQ_INT(nc_fts5_tokenize("some words", 10, &a, collect, &c), NC_ENOMEM);
  CHECK_EQ_INT(c.n, 0);
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
  NC_RUN(register_and_search);
  NC_RUN(register_with_failing_allocator);
  return NC_DONE();
}
