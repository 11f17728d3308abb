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

/* Token flags.
 * Default mode: contractions and possessives stay one word token ("he's", "Blinken's",
 * "Blinken’s", "don't", plural "states'"), so a matcher strips the possessive itself;
 * hyphenated compounds stay one token ("military-to-military", "G-7", "COVID-19") but "U.S."
 * stays an abbreviation before "-China"; abbreviations and initials keep their period ("U.S.",
 * "e.g.", "Mr.", "Gen.", "E.", "No." before a number) with kind NC_TOK_ABBREV; numbers keep
 * separators and decimals ("1,000", "1.48", "06:55:41", "08/16/2000"); "$1.48" is "$" (symbol)
 * + "1.48" (number) and "30%" is "30" + "%" (as UD does); "2Q", "5th" are words; runs of . ! ?
 * and of one repeated mark ("...", "?!", "--") are one punct token; each CJK ideograph / kana
 * is its own word token (so FTS phrase queries work without a dictionary); an emoji sequence
 * (ZWJ, skin tones, flags, keycaps, variation selectors) or an emoticon (":)") is one emoji
 * token; URLs (scheme or www., and bare domains with a known TLD), e-mail addresses,
 * #hashtags and @mentions are one token each. White space, controls (NUL included) and format
 * characters (ZWSP, BOM) only separate tokens. */
enum {
  NC_TOK_UD = 1u << 0,    /* UD English *words*: also splits clitics ('s, n't, 're, ’s, ...) and
                             hyphenated compounds (except lexical prefixes: "e-mail", "non-X") */
  NC_TOK_HYPHEN = 1u << 1 /* UD English *tokens* (multiword tokens kept): only splits hyphenated
                             compounds as NC_TOK_UD does; "Blinken's" stays one token */
};

/* Consistency of the compiled tables (abbreviations sorted, their derived length index up to
 * date): 1 when fine. For the unit tests. */
int nc_token_selfcheck(void);

/* Name of a kind ("word", "number", ...); "unknown" for anything else. */
const char *nc_tok_kind_name(int kind);

/* Finds the first token starting at or after byte pos (0-based). Returns 1 and fills *tok
 * ([start, end), 0-based, start >= pos, end > start, end <= len), or 0 when there is none
 * (also when text is NULL or pos >= len). Time is linear in the bytes examined. */
int nc_token_next(const char *text, size_t len, size_t pos, unsigned flags, nc_token *tok);

/* Sentence flags. */
enum {
  NC_SENT_JOIN_LINES = 1u << 0 /* a single newline never ends a sentence (hard-wrapped prose);
                                  a blank line still does */
};

/* Batch form of nc_token_next for speed (FTS, counting, the Lua iterator): fills out[0..cap)
 * with the tokens starting at or after *pos and advances *pos past the last one. Returns the
 * number filled; fewer than cap (0 at the end) means the text is exhausted. Exactly the tokens
 * of nc_token_next (checked by csrc/fuzz/fuzz_token.c): 64-byte blocks are classified into bit
 * masks (SSE2 on x86-64, a portable scalar loop elsewhere or with -DNC_NO_SIMD) and plain words
 * and punctuation come from the masks; any other byte goes through nc_token_next. */
size_t nc_token_fill(const char *text, size_t len, size_t *pos, unsigned flags, nc_token *out,
                     size_t cap);

/* Finds the next sentence starting at or after byte pos. Returns 1 and fills [*start, *end)
 * (0-based, without surrounding white space, *end > *start), or 0 when only white space is
 * left. Rules: . ! ? … 。 end a sentence before white space and a capital, digit or opening
 * quote (after closing quotes/brackets and bracketed references "[17]"); not after known
 * abbreviations (Mr. Gen. Jan. No. 5 e.g.) or initials inside a name ("Jonas E. Smith");
 * "U.S." ends one only before a sentence starter ("U.S. How", not "U.S. Government");
 * "..." goes on, "...." ends; a lower-case start ends one only after a plain word and a
 * period or question mark (informal text); list items (1. 2) a. •) split; "world.Today" splits.
 * Lines: a blank line always ends a sentence; a single newline does too (headlines, bullets,
 * transcript "NAME:" lines, "(SOUNDBITE ...)") unless the line ends with , ; - ( & or
 * NC_SENT_JOIN_LINES is given.
 * Mail and informal text whose line breaks were lost: a header stamp "04/26/2001 07:17 AM" is a
 * sentence of its own (after a name, not after "on"); sign-offs and greetings end at their comma
 * ("Best regards, Debra", "Hi, Yes we do" but "Hi, Nia."); "Jill: As discussed" splits after a
 * one-word label; separator runs (*****, =====, _____) stand alone; an e-mail address in a header
 * ("Email: x@y.com Groups:", "<x@y.com> The") ends one; so do a URL before another URL, an
 * emoticon before a letter (a smiley after . ! ? stays with its sentence), an ellipsis before a
 * sentence starter ("... This", not "... I" or a name), " - " before a sentence starter, and
 * "?"/"!" glued to the next word ("foreigners?thanks"); "P.S." and "PS --" go on. */
int nc_sentence_next(const char *text, size_t len, size_t pos, unsigned flags, size_t *start,
                     size_t *end);

/* Key flags. NC_KEY_FOLD also reads ’ ‘ ʼ as ' so "Blinken’s" and "Blinken's" share a key. */
enum {
  NC_KEY_FOLD = 1u << 0,  /* Unicode case folding */
  NC_KEY_NFKC = 1u << 1,  /* compatibility normalisation (NFKC) */
  NC_KEY_STRIP = 1u << 2, /* drop punctuation inside the token ("U.S." -> "US") */
  NC_KEY_STEM = 1u << 3   /* English Snowball stem (libstemmer) */
};

/* Appends to *out the key of the token s[0, n) under the given flags (for counting, matching
 * and search). Invalid UTF-8 becomes U+FFFD. NC_KEY_STEM creates and frees a Snowball stemmer
 * on each call (slow: use nc_token_key_ex with a long-lived nc_stemmer when stemming many
 * tokens). Returns NC_OK or NC_ENOMEM. */
int nc_token_key(const char *s, size_t n, unsigned flags, nc_buf *out);

/* An English Snowball stemmer (libstemmer). Not thread-safe: one per thread / Lua state.
 * The wrapper comes from `a` (NULL: default allocator; it must outlive the stemmer);
 * libstemmer itself allocates with malloc. NULL on NC_ENOMEM. */
typedef struct nc_stemmer nc_stemmer;
nc_stemmer *nc_stemmer_new(const nc_alloc *a);
void nc_stemmer_free(nc_stemmer *st); /* NULL is fine */

/* nc_token_key using the caller's stemmer for NC_KEY_STEM (st may be NULL: one per call).
 * Temporary memory comes from out->a. Returns NC_OK, NC_ENOMEM, NC_EINVAL (s NULL with n > 0)
 * or NC_ELIMIT (a token over 128 MB to stem). */
int nc_token_key_ex(const char *s, size_t n, unsigned flags, nc_stemmer *st, nc_buf *out);

/* 1 when s[0, n) is an English stopword (compiled list, the Snowball English stop list:
 * "the", "of", "he's", "don't", ...), compared case-insensitively, ’ read as '; else 0. */
int nc_is_stopword(const char *s, size_t n);

#endif
