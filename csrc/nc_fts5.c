/* nc_fts5.c: the FTS5 tokenizer "newscorpus" built on nc_token_fill / nc_token_key (with an
 * ASCII fast path for the key). */
#include "nc_fts5.h"

#include <string.h>

#include "nc_token.h"

static int indexed_kind(nc_tok_kind k) { return k != NC_TOK_PUNCT && k != NC_TOK_SYMBOL; }

/* Largest length <= max that does not cut a UTF-8 sequence of s[0, n). */
static size_t utf8_cut(const char *s, size_t n, size_t max) {
  if (n <= max) return n;
  size_t i = max;
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
  return i;
}

/* The key of an all-ASCII token: nc_token_key(NC_KEY_FOLD | NC_KEY_NFKC) of ASCII is the token
 * lower-cased (NFKC leaves ASCII alone; case folding of A-Z is a-z), so it is built here without
 * utf8proc or a growing buffer. Returns the key length, or 0 when the token has a byte >= 0x80
 * or is longer than NC_FTS5_MAX_KEY (the caller then takes the general path). */
static size_t ascii_key(const unsigned char *s, size_t n, char *out) {
  unsigned char any = 0;
  if (n > NC_FTS5_MAX_KEY) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    any |= c;
    out[i] = (char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
  }
  return (any & 0x80) ? 0 : n;
}

#define FILL_CAP 64

int nc_fts5_tokenize(const char *text, size_t len, const nc_alloc *a, nc_fts5_token_fn fn,
                     void *ud) {
  nc_buf key;
  nc_token toks[FILL_CAP];
  char small[NC_FTS5_MAX_KEY];
  size_t pos = 0, got;
  int rc = NC_OK;
  if (!text || !fn) return len ? NC_EINVAL : NC_OK;
  nc_buf_init(&key, a);
  do {
    got = nc_token_fill(text, len, &pos, 0, toks, FILL_CAP);
    for (size_t k = 0; k < got && !rc; k++) {
      const nc_token *tok = &toks[k];
      if (!indexed_kind(tok->kind)) continue;
      const char *s = text + tok->start;
      size_t n = tok->end - tok->start;
      size_t klen = ascii_key((const unsigned char *)s, n, small);
      if (klen) {
        rc = fn(ud, small, klen, tok->start, tok->end);
        continue;
      }
      key.len = 0;
      rc = nc_token_key(s, n, NC_KEY_FOLD | NC_KEY_NFKC, &key);
      if (rc) break;
      if (key.len == 0) continue;
      klen = utf8_cut(key.data, key.len, NC_FTS5_MAX_KEY);
      if (klen == 0) continue;
      rc = fn(ud, key.data, klen, tok->start, tok->end);
    }
  } while (!rc && got == FILL_CAP);
  nc_buf_free(&key);
  return rc;
}

typedef struct tokenizer {
  const nc_alloc *a;
} tokenizer;

static int x_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out) {
  const nc_alloc *a = ctx;
  (void)argv;
  *out = NULL;
  if (argc > 0) return SQLITE_ERROR; /* the tokenizer takes no options */
  tokenizer *t = nc_malloc(a, sizeof *t);
  if (!t) return SQLITE_NOMEM;
  t->a = a;
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

static void x_delete(Fts5Tokenizer *p) {
  tokenizer *t = (tokenizer *)p;
  if (t) nc_free(t->a, t, sizeof *t);
}

typedef struct push_ctx {
  void *ctx;
  int (*x_token)(void *, int, const char *, int, int, int);
  int sqlite_rc;
} push_ctx;

static int push_token(void *ud, const char *key, size_t key_len, size_t start, size_t end) {
  push_ctx *p = ud;
  /* the caller guarantees offsets fit in int (the text length does) */
  int rc = p->x_token(p->ctx, 0, key, (int)key_len, (int)start, (int)end);
  if (rc != SQLITE_OK) {
    p->sqlite_rc = rc;
    return -1;
  }
  return 0;
}

static int x_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                      int (*x_token)(void *, int, const char *, int, int, int)) {
  tokenizer *t = (tokenizer *)p;
  push_ctx pc = {ctx, x_token, SQLITE_OK};
  (void)flags;
  if (n <= 0) return SQLITE_OK;
  int rc = nc_fts5_tokenize(text, (size_t)n, t->a, push_token, &pc);
  if (pc.sqlite_rc != SQLITE_OK) return pc.sqlite_rc;
  if (rc == NC_ENOMEM) return SQLITE_NOMEM;
  return rc ? SQLITE_ERROR : SQLITE_OK;
}

int nc_fts5_register(sqlite3 *db, const nc_alloc *a) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  fts5_tokenizer tok = {x_create, x_delete, x_tokenize}; /* FTS5 copies the struct */
  if (!db || !a) return NC_EINVAL;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(st);
    return rc == SQLITE_NOMEM ? NC_ENOMEM : NC_EINVAL; /* "no such function: fts5" */
  }
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rc == SQLITE_NOMEM ? NC_ENOMEM : NC_EIO;
  if (!api || api->iVersion < 2) return NC_EINVAL;
  rc = api->xCreateTokenizer(api, "newscorpus", (void *)a, &tok, NULL);
  if (rc == SQLITE_NOMEM) return NC_ENOMEM;
  return rc == SQLITE_OK ? NC_OK : NC_EIO;
}
