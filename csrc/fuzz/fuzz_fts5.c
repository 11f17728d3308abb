/* libFuzzer target: the FTS5 tokenizer "newscorpus" (nc_fts5.c). Runs nc_fts5_tokenize on the
 * input checking every token (offsets inside the text and increasing, keys non-empty, at most
 * NC_FTS5_MAX_KEY bytes and valid UTF-8), then the real tokenizer callback through SQLite: the
 * input is inserted into an in-memory FTS5 table (one connection for the run, emptied before
 * each input), queried with MATCH and snippet(), and the table is checked with the FTS5
 * 'integrity-check' command. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_fts5.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct state {
  size_t len, last_start, count;
  char first[NC_FTS5_MAX_KEY + 1];
  size_t first_len;
} state;

static int on_token(void *ud, const char *key, size_t key_len, size_t start, size_t end) {
  state *s = ud;
  if (key_len == 0 || key_len > NC_FTS5_MAX_KEY) abort();
  if (start >= end || end > s->len || start < s->last_start) abort();
  size_t i = 0;
  while (i < key_len) {
    uint32_t cp;
    int valid;
    i += nc_utf8_decode((const unsigned char *)key, key_len, i, &cp, &valid);
    if (!valid) abort();
  }
  if (s->count == 0) {
    memcpy(s->first, key, key_len);
    s->first_len = key_len;
  }
  s->last_start = start;
  s->count++;
  return 0;
}

static int stop_early(void *ud, const char *key, size_t key_len, size_t start, size_t end) {
  (void)key, (void)key_len, (void)start, (void)end;
  return ++*(int *)ud >= 3 ? 42 : 0;
}

/* One in-memory database for the whole run (creating an FTS5 table per input would cost more
 * than the tokenizer); the table is emptied before each input. */
static sqlite3 *shared_db(void) {
  static sqlite3 *db = NULL;
  if (db) return db;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) abort();
  if (nc_fts5_register(db, nc_default_alloc()) != NC_OK) abort();
  if (sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='newscorpus')", NULL, NULL,
                   NULL))
    abort();
  return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  state s = {size, 0, 0, {0}, 0};
  if (nc_fts5_tokenize(text, size, nc_default_alloc(), on_token, &s) != NC_OK) abort();
  int calls = 0;
  int rc = nc_fts5_tokenize(text, size, nc_default_alloc(), stop_early, &calls);
  if (rc != (s.count >= 3 ? 42 : NC_OK)) abort();
  if (size > 1024) return 0; /* SQLite round trip on small inputs only (speed) */
  sqlite3 *db = shared_db();
  if (sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL)) abort();
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (?1)", -1, &st, NULL)) abort();
  sqlite3_bind_text(st, 1, text, (int)size, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) abort();
  sqlite3_finalize(st);
  if (s.count > 0) {
    /* the first key as a quoted phrase finds the row */
    char q[2 * NC_FTS5_MAX_KEY + 3];
    size_t qn = 0;
    q[qn++] = '"';
    for (size_t i = 0; i < s.first_len; i++) {
      if (s.first[i] == '"') q[qn++] = '"';
      q[qn++] = s.first[i];
    }
    q[qn++] = '"';
    if (sqlite3_prepare_v2(db, "SELECT snippet(t, 0, '[', ']', '...', 8) FROM t WHERE t MATCH ?1",
                           -1, &st, NULL))
      abort();
    sqlite3_bind_text(st, 1, q, (int)qn, SQLITE_STATIC);
    int step = sqlite3_step(st);
    /* an FTS5 query of a key that itself contains NUL or is refused by FTS5's parser is fine */
    if (step != SQLITE_ROW && step != SQLITE_DONE && step != SQLITE_ERROR) abort();
    sqlite3_finalize(st);
  }
  if (sqlite3_exec(db, "INSERT INTO t(t) VALUES('integrity-check')", NULL, NULL, NULL)) abort();
  return 0;
}
