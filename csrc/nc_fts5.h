/*
 * nc_fts5.h: the project's tokenizer as the SQLite FTS5 tokenizer "newscorpus" (no Lua here).
 *
 * Tokens come from nc_token_next (words, numbers, URLs, e-mail addresses, hashtags, mentions,
 * abbreviations, emoji; punctuation and symbols are not indexed) and are indexed under their
 * key nc_token_key(NC_KEY_FOLD | NC_KEY_NFKC), so search and analysis agree on what a word is.
 * FTS5 receives 0-based [start, end) byte offsets into the text given (used by snippet() and
 * highlight()). Keys longer than NC_FTS5_MAX_KEY bytes are cut at a UTF-8 boundary.
 * For speed the tokens come from the batch scanner nc_token_fill and all-ASCII keys are
 * lower-cased directly (no utf8proc, no allocation); both give exactly the tokens and keys of
 * the definition above (checked by csrc/test/test_fts5.c and csrc/fuzz/fuzz_fts5.c).
 */
#ifndef NC_FTS5_H
#define NC_FTS5_H

#include <sqlite3.h>

#include "nc_common.h"

#define NC_FTS5_MAX_KEY 256

/* Registers the tokenizer "newscorpus" on db. The tokenizer allocates through *a, which must
 * stay valid until the connection is closed. Returns NC_OK; NC_EINVAL when SQLite has no FTS5
 * (or an FTS5 API older than version 2); NC_ENOMEM; NC_EIO for any other SQLite error
 * (sqlite3_errmsg(db) then tells more). */
int nc_fts5_register(sqlite3 *db, const nc_alloc *a);

/* Tokenizes text[0, len) exactly as the FTS5 tokenizer does and calls fn(ud, key, key_len,
 * start, end) for each indexed token ([start, end) byte offsets, 0-based). Stops and returns
 * the first non-zero value fn returns; NC_ENOMEM if a key cannot be built; otherwise NC_OK.
 * Exposed for tests and for callers that need the index's view of a text. */
typedef int (*nc_fts5_token_fn)(void *ud, const char *key, size_t key_len, size_t start,
                                size_t end);
int nc_fts5_tokenize(const char *text, size_t len, const nc_alloc *a, nc_fts5_token_fn fn,
                     void *ud);

#endif
