/*
 * nc_match.h: gazetteer matcher over the token stream (no Lua here).
 *
 * Names (canonical names and aliases) are split into units with the tokenizer of nc_token.h
 * and compiled into a token-level trie: nodes are linked through one open-addressing hash of
 * (parent node, 64-bit xxh3 hash of the unit key) -> child node. A unit key is the token with
 * '.' and apostrophes (', U+2019, U+02BC) removed, Unicode case folded and canonically decomposed
 * per code point, so "U.S." = "US" = "U.S" = "us" at key level and precomposed / decomposed
 * accents agree. A run like "U.S." or "U.K" (single ASCII letters joined by dots) is one unit
 * whatever the tokenizer does with it, and hyphens ('-', U+2010, U+2011) always split units
 * ("US-China" is US, -, China; "Jean-Pierre" is Jean, -, Pierre in names and text alike).
 * Matching starts at every unit (no failure links are needed because matches are whole units);
 * a Bloom filter and a small per-scan cache of edge lookups keep most lookups out of the big
 * edge table.
 *
 * Case rules checked when a candidate match is found:
 *   - NC_MATCH_EXACT entries match only when the text units equal the name units byte for
 *     byte (after removing dots and apostrophes), or when the matched text has no lower-case
 *     letter (a headline in capitals): "Apple" exact matches "Apple" and "APPLE", not "apple".
 *   - Short all-caps names (every unit that has letters is upper case, at most 5 letters in
 *     all: "US", "U.S.", "UN", "WHO", "NATO") match only text without lower-case letters, so
 *     "us", "who" and "Who" are not matches. NC_MATCH_FOLD turns this rule off for an entry.
 * Possessives: a text unit ending in 's / ’s may end a match without its suffix, and a match
 * never includes a trailing apostrophe ("Burns'"), so reported spans exclude the possessive.
 *
 * Offsets are 0-based half-open byte ranges [start, end) into the text given. Key hashes are
 * 64-bit: two different unit keys with the same hash (probability about 2^-64 per pair) would
 * be treated as equal.
 */
#ifndef NC_MATCH_H
#define NC_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "nc_common.h"

/* Limits on names given to nc_matcher_add. */
enum {
  NC_MATCH_MAX_UNITS = 32, /* units (tokens) per name */
  NC_MATCH_MAX_KEY = 255,  /* bytes of one unit key */
  NC_MATCH_MAX_NAME = 4096 /* bytes of one name */
};

/* Entry flags (nc_matcher_add). */
enum {
  NC_MATCH_EXACT = 1u << 0, /* case-sensitive entry */
  NC_MATCH_FOLD = 1u << 1   /* never apply the all-caps short-name rule */
};

/* Scan flags (nc_matcher_scan). */
enum {
  NC_MATCH_OVERLAP = 1u << 0,       /* report every match, not leftmost-longest only */
  NC_MATCH_NO_POSSESSIVE = 1u << 1, /* do not strip 's / ’s to find a match */
  NC_MATCH_NO_FAST_PATH = 1u << 2   /* testing: find every text unit with the tokenizer and
                                       utf8proc, without the ASCII fast path (same matches) */
};

typedef struct nc_matcher nc_matcher;

/* One match: bytes [start, end) of the surface (without a possessive suffix) and the value
 * given to nc_matcher_add. When several entries share a name, one nc_match per value is
 * produced for the same span (in the order they were added). */
typedef struct nc_match {
  size_t start, end;
  uint32_t value;
} nc_match;

/* Statistics of a matcher. */
typedef struct nc_matcher_stats {
  size_t names;   /* entries added */
  size_t nodes;   /* trie nodes, root included */
  size_t edges;   /* trie edges */
  size_t bytes;   /* bytes allocated by the matcher */
  size_t max_len; /* most units in a name */
} nc_matcher_stats;

/* Creates an empty matcher using allocator a (NULL: nc_default_alloc). Returns NC_OK or
 * NC_ENOMEM; *out is NULL on failure. */
int nc_matcher_new(const nc_alloc *a, nc_matcher **out);

/* Frees a matcher and everything it owns (NULL is allowed). */
void nc_matcher_free(nc_matcher *m);

/* Adds the name s[0, n) with a caller's value (an entity index) and entry flags.
 * Returns NC_OK; NC_EPARSE when the name has no unit with a letter or digit; NC_ELIMIT when it
 * is longer than NC_MATCH_MAX_NAME bytes, has more than NC_MATCH_MAX_UNITS units or a unit key
 * longer than NC_MATCH_MAX_KEY bytes; NC_EUTF8 for invalid UTF-8 or a NUL byte; NC_ENOMEM.
 * Adding the same (name, value) twice stores it once. The matcher is unchanged on error. */
int nc_matcher_add(nc_matcher *m, const char *s, size_t n, uint32_t value, unsigned flags);

/* Scans text[pos, len) and appends nc_match records to out (an nc_vec of nc_match) until at
 * least max_spans spans are found (0: no limit) or the text ends. *next receives the byte
 * offset to pass as pos to continue (len when the text is done). Never reads outside
 * [0, len); invalid UTF-8 and NUL bytes are ordinary symbols. Returns NC_OK or NC_ENOMEM
 * (matches appended before the failure stay in out). */
int nc_matcher_scan(const nc_matcher *m, const char *text, size_t len, size_t pos, unsigned flags,
                    nc_vec *out, size_t max_spans, size_t *next);

/* Fills *st with the matcher's statistics. */
void nc_matcher_stats_get(const nc_matcher *m, nc_matcher_stats *st);

/* Appends a compiled image of m to out (for nc_matcher_load): a header with a magic string,
 * the layout sizes and the utf8proc version (its case folding decides the keys), the arrays
 * of the trie in native byte order, and an xxh64 checksum. Images are for the same build of
 * the library on the same architecture. Returns NC_OK or NC_ENOMEM. */
int nc_matcher_save(const nc_matcher *m, nc_buf *out);

/* Rebuilds a matcher from an image made by nc_matcher_save. Every index is checked, so a
 * damaged or foreign image gives NC_EPARSE (never a crash or an endless scan); NC_ENOMEM.
 * *out is NULL on failure. */
int nc_matcher_load(const nc_alloc *a, const void *data, size_t len, nc_matcher **out);

#endif
