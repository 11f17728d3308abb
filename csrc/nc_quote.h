/*
 * nc_quote.h: the scanning parts of quote attribution (newscorpus.quotes), in C.
 *
 * A lexicon maps lower-case words to class bits (titles, organisation words, ...; the word
 * lists live in lua/newscorpus/quotes.lua and are handed over once). nc_quote_names finds the
 * personal names written in a text: runs of capitalised words, leading function words and
 * calendar words dropped, cut after the last title word, kept when every word looks like part
 * of a name (the rules of quotes.lua's build_names, which this mirrors byte for byte).
 */
#ifndef NC_QUOTE_H
#define NC_QUOTE_H

#include <stddef.h>

#include "nc_common.h"

/* Word classes (bits of a lexicon entry). */
enum {
  NC_QW_LEADING = 1u << 0,   /* capitalised function words opening sentences */
  NC_QW_CALENDAR = 1u << 1,  /* days and months */
  NC_QW_TITLE = 1u << 2,     /* titles and occupations before a name */
  NC_QW_ORGWORD = 1u << 3,   /* words of organisation and place names */
  NC_QW_MODIFIER = 1u << 4,  /* modifiers, demonyms, countries */
  NC_QW_ANON_HEAD = 1u << 5, /* head words of anonymous speakers */
  NC_QW_FUNCWORD = 1u << 6,  /* function words */
  NC_QW_PARTICLE = 1u << 7,  /* name particles: de, van, von, ... */
  NC_QW_COMBINING = 1u << 8, /* combining forms: indo, sino, ... */
  NC_QW_ABBREV = 1u << 9,    /* abbreviations keeping their final dot */
  NC_QW_CUE = 1u << 10       /* words an attribution needs: speech verbs, "according" */
};

#define NC_QLEX_MAX_WORD 64 /* longer words are rejected by nc_qlex_add */

typedef struct nc_qlex nc_qlex;

/* A new empty lexicon (*out), or NC_ENOMEM. */
int nc_qlex_new(const nc_alloc *a, nc_qlex **out);
/* Adds bits to the word w[0..n) (stored ASCII-lower-cased). NC_EINVAL for an empty word or one
 * longer than NC_QLEX_MAX_WORD; NC_ENOMEM. */
int nc_qlex_add(nc_qlex *lx, const char *w, size_t n, unsigned bits);
/* Bits of w[0..n) compared ASCII-case-insensitively; 0 when absent. */
unsigned nc_qlex_get(const nc_qlex *lx, const char *w, size_t n);
/* Frees the lexicon (NULL is allowed). */
void nc_qlex_free(nc_qlex *lx);

/* One personal name found in a text: bytes [start, end) hold the name as written from its first
 * to its last word; name_end <= end drops a final possessive 's; last is where its last word
 * starts; words counts its words. A full name (words > 1) has expands == NC_QNAME_FULL; a
 * single word is only reported when it is the last word of a full name reported before it
 * (ASCII case folded), and expands is the index of the latest such full name. */
#define NC_QNAME_FULL ((size_t)-1)
typedef struct nc_qname {
  size_t start, end, name_end, last, words, expands;
} nc_qname;

/* Appends the names of s[0..n) in text order to out (an nc_vec of nc_qname). Any bytes are
 * accepted (invalid UTF-8, NUL). NC_EINVAL when an argument is NULL; NC_ENOMEM. */
int nc_quote_names(const nc_qlex *lx, const char *s, size_t n, nc_vec *out);

/* A token of quotes.lua's context tokenizer: bytes [start, end); punct: punctuation (one
 * ASCII byte or one multi-byte mark), else a word (internal ' - . and curly apostrophes kept,
 * a final dot kept for initials, dotted words and abbreviations). */
typedef struct nc_qtoken {
  size_t start, end;
  int punct;
} nc_qtoken;

/* Appends the tokens of s[a..b) (a <= b <= n; the text around is looked at for marks that
 * straddle b, as the Lua tokenizer does) to out (an nc_vec of nc_qtoken). NC_EINVAL for bad
 * arguments or a range outside the text; NC_ENOMEM. */
int nc_quote_tokens(const nc_qlex *lx, const char *s, size_t n, size_t a, size_t b, nc_vec *out);

/* The first token of s[i..b) (as nc_quote_tokens; i <= b <= n): returns 1 and fills *tok, or 0
 * when none is left or an argument is bad (NULL, i > b, b > n). No allocation: iterate with
 * i = tok->end. */
int nc_quote_token_next(const nc_qlex *lx, const char *s, size_t n, size_t i, size_t b,
                        nc_qtoken *tok);

/* Counts the word tokens (as nc_quote_tokens) of s[a..b) into *count, stopping once it
 * exceeds limit (*count is then limit + 1). No allocation. NC_EINVAL for bad arguments. */
int nc_quote_count_words(const nc_qlex *lx, const char *s, size_t n, size_t a, size_t b,
                         size_t limit, size_t *count);

/* 1 when some word token of s[a..b) has one of the class bits `bits` (ASCII case folded), else
 * 0; no allocation. A range outside the text gives 0. */
int nc_quote_has_word(const nc_qlex *lx, const char *s, size_t n, size_t a, size_t b,
                      unsigned bits);

/* Sentence ends inside s[a..b) (quotes.lua's rule: . ! ? then blanks and a capital, digit,
 * opening mark or bracket; not after an abbreviation, a single letter or a dotted word).
 * nc_quote_after_last_end: where the text after the last sentence end starts (a when none);
 * nc_quote_before_first_end: where the text before the first sentence end ends (exclusive; b
 * when none). The text around the range is looked at as the Lua code does. Bad ranges (a > b,
 * b > n) give a and b. */
size_t nc_quote_after_last_end(const nc_qlex *lx, const char *s, size_t n, size_t a, size_t b);
size_t nc_quote_before_first_end(const nc_qlex *lx, const char *s, size_t n, size_t a, size_t b);

/* A paragraph [start, end) and a raw quotation of quotes.lua's scan: the opening mark at open,
 * the quoted bytes [inner_start, inner_end), the closing mark at close (== inner_end) and the
 * position after it (after; == close when the quote was never closed), the paragraph index
 * (0-based) and unclosed = 1 when no closing mark was found (the quote stops at the paragraph
 * end or before the next opening mark of the same style). */
typedef struct nc_qpara {
  size_t start, end;
} nc_qpara;

typedef struct nc_qraw {
  size_t open, inner_start, inner_end, close, after, para;
  int unclosed;
} nc_qraw;

/* Scans s[0..n) once for paragraphs (every newline ends one; with wrapped != 0 only blank
 * lines and the text end do) and quotations (curly “…”, low „…“/„…”, straight "…" whose
 * direction is read from the neighbouring bytes, guillemets «…»). paras gets nc_qpara and raws
 * nc_qraw elements. NC_EINVAL for NULL arguments; NC_ENOMEM. */
int nc_quote_scan(const char *s, size_t n, int wrapped, nc_vec *paras, nc_vec *raws);

/* The grouping key of a quote text (newscorpus.quotes.key, byte for byte): apostrophes
 * (' U+2018 U+2019 U+02BC) removed; U+2000..U+207F and U+0080..U+00BF turned into spaces;
 * Latin-1 capitals U+00C0..U+00DE lower-cased (U+00D7 becomes a space); ASCII lower-cased;
 * ASCII punctuation and control bytes turned into spaces; runs of white space collapsed to
 * one space; one leading and one trailing space trimmed. Each step is one left-to-right pass
 * over the previous step's output, like the chain of string.gsub calls of the Lua version.
 * out must hold n bytes (the key is never longer than the text); returns the key's length. */
size_t nc_quote_key(const char *s, size_t n, char *out);

#endif
