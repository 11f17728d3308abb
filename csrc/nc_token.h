/*
 * nc_token.h: words and sentences with byte offsets (no Lua here).
 * Offsets are 0-based half-open byte ranges [start, end) into the text given.
 * Both scanners are restartable from any byte position, keep no state between calls,
 * never read outside [0, len), and treat invalid UTF-8 bytes as symbols of one byte.
 */
#ifndef NC_TOKEN_H
#define NC_TOKEN_H

#include <stddef.h>

#include "nc_common.h"

typedef enum nc_tok_kind {
  NC_TOK_WORD = 1,
  NC_TOK_NUMBER,
  NC_TOK_PUNCT,
  NC_TOK_SYMBOL,
  NC_TOK_URL,
  NC_TOK_EMAIL,
  NC_TOK_HASHTAG,
  NC_TOK_MENTION,
  NC_TOK_ABBREV,
  NC_TOK_EMOJI
} nc_tok_kind;

typedef struct nc_token {
  size_t start, end; /* [start, end) */
  nc_tok_kind kind;
} nc_token;

/* Token flags. */
enum {
  NC_TOK_UD = 1u << 0 /* split as Universal Dependencies English does (n't, 's, ...) */
};

/* Name of a kind ("word", "number", ...); "unknown" for anything else. */
const char *nc_tok_kind_name(int kind);

/* Finds the first token starting at or after byte pos. Returns 1 and fills *tok, or 0 when
 * there is none. */
int nc_token_next(const char *text, size_t len, size_t pos, unsigned flags, nc_token *tok);

/* Finds the next sentence starting at or after byte pos. Returns 1 and fills [*start, *end)
 * (without surrounding white space), or 0 when only white space is left. */
int nc_sentence_next(const char *text, size_t len, size_t pos, unsigned flags, size_t *start,
                     size_t *end);

/* Key flags. */
enum {
  NC_KEY_FOLD = 1u << 0,  /* Unicode case folding */
  NC_KEY_NFKC = 1u << 1,  /* compatibility normalisation (NFKC) */
  NC_KEY_STRIP = 1u << 2, /* drop punctuation inside the token ("U.S." -> "US") */
  NC_KEY_STEM = 1u << 3   /* English Snowball stem (libstemmer) */
};

/* Appends to *out the key of the token s[0, n) under the given flags (for counting, matching
 * and search). Returns NC_OK or NC_ENOMEM. */
int nc_token_key(const char *s, size_t n, unsigned flags, nc_buf *out);

#endif
