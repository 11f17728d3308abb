/* nc_token.c: first version (ASCII-oriented); to be replaced by the full tokenizer. */
#include "nc_token.h"

static int is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
static int is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

const char *nc_tok_kind_name(int kind) {
  static const char *const names[] = {"unknown", "word",    "number",  "punct",  "symbol", "url",
                                      "email",   "hashtag", "mention", "abbrev", "emoji"};
  return (kind >= 1 && kind <= NC_TOK_EMOJI) ? names[kind] : names[0];
}

int nc_token_next(const char *text, size_t len, size_t pos, unsigned flags, nc_token *tok) {
  const unsigned char *s = (const unsigned char *)text;
  (void)flags;
  while (pos < len && is_space(s[pos])) pos++;
  if (pos >= len) return 0;
  size_t i = pos;
  if (is_alnum(s[i])) {
    int digits = 1;
    while (i < len && (is_alnum(s[i]) || (s[i] == '\'' && i + 1 < len && is_alnum(s[i + 1])))) {
      if (!(s[i] >= '0' && s[i] <= '9')) digits = 0;
      i++;
    }
    tok->kind = digits ? NC_TOK_NUMBER : NC_TOK_WORD;
  } else {
    i++;
    tok->kind = NC_TOK_PUNCT;
  }
  tok->start = pos;
  tok->end = i;
  return 1;
}

int nc_sentence_next(const char *text, size_t len, size_t pos, unsigned flags, size_t *start,
                     size_t *end) {
  const unsigned char *s = (const unsigned char *)text;
  (void)flags;
  while (pos < len && is_space(s[pos])) pos++;
  if (pos >= len) return 0;
  size_t i = pos;
  while (i < len) {
    if (s[i] == '\n' && i + 1 < len && s[i + 1] == '\n') break;
    if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && (i + 1 >= len || is_space(s[i + 1]))) {
      i++;
      break;
    }
    i++;
  }
  size_t e = i;
  while (e > pos && is_space(s[e - 1])) e--;
  *start = pos;
  *end = e;
  return 1;
}

int nc_token_key(const char *s, size_t n, unsigned flags, nc_buf *out) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((flags & NC_KEY_STRIP) && (c == '.' || c == '\'')) continue;
    if ((flags & NC_KEY_FOLD) && c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
    int rc = nc_buf_putc(out, c);
    if (rc) return rc;
  }
  return NC_OK;
}
