/*
 * nc_token.c: words, sentences and keys.
 *
 * Both scanners are stateless and restartable: every decision looks at a bounded window around
 * the current byte, so the work is linear in the input whatever it holds (one 100 MB line, 1 MB
 * of combining marks, NUL bytes, invalid UTF-8). ASCII goes through a const 256-entry class
 * table; utf8proc is asked only about non-ASCII code points.
 */
#include "nc_token.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
#include <emmintrin.h>
#endif

/* ---- ASCII classes -------------------------------------------------------------------------- */

enum { C_SP = 1, C_AL = 2, C_UP = 4, C_DG = 8, C_PU = 16, C_SY = 32, C_HI = 64 };
#define C_ALNUM (C_AL | C_DG)

/* C0 controls, DEL and space are white space (so NUL bytes separate tokens). */
static const unsigned char cls[256] = {
    1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  /* 0x00 */
    1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  /* 0x10 */
    1,  16, 16, 16, 32, 16, 16, 16, 16, 16, 16, 32, 16, 16, 16, 16, /* 0x20 */
    8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  16, 16, 32, 32, 32, 16, /* 0x30 */
    16, 6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  /* 0x40 */
    6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  16, 16, 16, 32, 16, /* 0x50 */
    32, 2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  /* 0x60 */
    2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  16, 32, 16, 32, 1,  /* 0x70 */
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, /* 0x80 */
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, /* 0x90 */
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, /* 0xA0 */
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, /* 0xB0 */
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, /* 0xC0 */
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, /* 0xD0 */
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, /* 0xE0 */
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, /* 0xF0 */
};

/* Bytes that end a plain word with nothing more to decide (white space, controls, plain
 * punctuation); anything else after a letter/digit run goes through scan_word. */
static const unsigned char word_end[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Bytes the sentence scanner must look at: 1 = newline, terminators, dashes, lead bytes of
 * … ‼ 。 ！ ？, and , : @ * = _ ) (mail headers, sign-offs, separators, emoticons, items);
 * 2 = space (list items only). */
static const unsigned char sent_stop[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* End of the run of ASCII letters and digits starting at s[j]; ORs their classes into *acc.
 * Reads 8 bytes at a time (memcpy, never past s[n-1]) on little-endian GCC/Clang builds. */
static size_t alnum_run(const unsigned char *s, size_t n, size_t j, unsigned *acc) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  while (j + 8 <= n) {
    uint64_t x;
    memcpy(&x, s + j, 8);
    uint64_t t = x & ~high;
#define NC_IN(lo, hi) (((t + ones * (0x80 - (lo))) & ~(t + ones * (0x7F - (hi)))) & high)
    uint64_t letters = NC_IN('A', 'Z') | NC_IN('a', 'z');
    uint64_t alnum = (letters | NC_IN('0', '9')) & ~x; /* bytes >= 0x80 are not ASCII */
#undef NC_IN
    uint64_t stop = ~alnum & high;
    if (stop) {
      unsigned k = (unsigned)__builtin_ctzll(stop) >> 3; /* first byte that is not alnum */
      uint64_t keep = k ? (~0ull >> (64 - 8 * k)) : 0;
      if ((letters & ~x) & keep) *acc |= C_AL;
      return j + k;
    }
    if (letters & ~x) *acc |= C_AL;
    j += 8;
  }
#endif
#endif
  unsigned cc;
  while (j < n && ((cc = cls[s[j]]) & C_ALNUM)) *acc |= cc, j++;
  return j;
}

/* ---- Unicode classes ------------------------------------------------------------------------ */

enum {
  U_SPACE = 1, /* Z*, Cc: separates tokens */
  U_FORMAT,    /* Cf (ZWSP, BOM, LRM, soft hyphen, ZWJ outside emoji): skipped */
  U_LETTER,    /* L* (not ideographs) */
  U_MARK,      /* M* */
  U_DIGIT,     /* N* */
  U_IDEO,      /* Han ideographs, Hiragana, Katakana: one token each */
  U_PUNCT,     /* P* */
  U_SYMBOL,    /* S*, Co, Cn, invalid bytes */
  U_EMOJI      /* Extended_Pictographic (from U+2100 up) and regional indicators */
};

static int is_ideo(uint32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF) || (cp >= 0x31F0 && cp <= 0x31FF);
}

static int is_pictographic(uint32_t cp) {
  const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
  int b = p->boundclass;
  return b == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC || b == UTF8PROC_BOUNDCLASS_E_BASE ||
         b == UTF8PROC_BOUNDCLASS_E_BASE_GAZ || b == UTF8PROC_BOUNDCLASS_GLUE_AFTER_ZWJ ||
         b == UTF8PROC_BOUNDCLASS_E_ZWG;
}

static int uclass(uint32_t cp) {
  if (cp >= 0x1F1E6 && cp <= 0x1F1FF) return U_EMOJI;
  if (cp >= 0x2100 && is_pictographic(cp)) return U_EMOJI;
  if (is_ideo(cp)) return U_IDEO;
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return U_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return U_MARK;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return U_DIGIT;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
      return U_PUNCT;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      return U_SPACE;
    case UTF8PROC_CATEGORY_CF:
      return U_FORMAT;
    default:
      return U_SYMBOL;
  }
}

/* Decodes the code point at s[i] (i < n). Invalid UTF-8 counts as one byte, valid = 0. */
static size_t dec(const unsigned char *s, size_t n, size_t i, uint32_t *cp, int *valid) {
  if (s[i] < 0x80) {
    *cp = s[i];
    *valid = 1;
    return 1;
  }
  size_t l = nc_utf8_decode(s, n, i, cp, valid);
  return *valid ? l : 1;
}

/* Class of the character at s[i] (i < n) as C_* bits for ASCII or U_* for the rest, with its
 * length. Returns the U_* class for non-ASCII (invalid: U_SYMBOL). */
static int uclass_at(const unsigned char *s, size_t n, size_t i, size_t *l, uint32_t *cp) {
  int valid;
  *l = dec(s, n, i, cp, &valid);
  if (!valid) return U_SYMBOL;
  return uclass(*cp);
}

/* 1 when a letter (ASCII or Unicode letter, not ideograph) starts at s[i]. */
static int letter_at(const unsigned char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  if (s[i] < 0x80) return (cls[s[i]] & C_AL) != 0;
  size_t l;
  uint32_t cp;
  return uclass_at(s, n, i, &l, &cp) == U_LETTER;
}

/* Length of a word character (letter, mark, digit; not ideograph) at s[i], or 0. */
static size_t wordch_at(const unsigned char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  if (s[i] < 0x80) return (cls[s[i]] & C_ALNUM) ? 1 : 0;
  size_t l;
  uint32_t cp;
  int u = uclass_at(s, n, i, &l, &cp);
  return (u == U_LETTER || u == U_MARK || u == U_DIGIT) ? l : 0;
}

/* 1 when the character ending just before s[i] is a letter. */
static int prev_letter(const unsigned char *s, size_t n, size_t i) {
  if (i == 0) return 0;
  size_t b = i - 1;
  while (b > 0 && (s[b] & 0xC0) == 0x80 && i - b < 4) b--;
  size_t l;
  uint32_t cp;
  if (s[b] < 0x80) return (cls[s[b]] & C_AL) != 0;
  return uclass_at(s, n, b, &l, &cp) == U_LETTER && b + l == i;
}

static int is_apos_at(const unsigned char *s, size_t n, size_t i, size_t *l) {
  if (i < n && s[i] == '\'') {
    *l = 1;
    return 1;
  }
  if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99) { /* ’ */
    *l = 3;
    return 1;
  }
  return 0;
}

static int lower_ascii(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* Case-insensitive ASCII compare of s[0,n) with the NUL-terminated lowercase word w. */
static int eq_ci(const unsigned char *s, size_t n, const char *w) {
  size_t i = 0;
  for (; i < n && w[i]; i++)
    if (lower_ascii(s[i]) != w[i]) return 0;
  return i == n && w[i] == 0;
}

/* ---- abbreviations -------------------------------------------------------------------------- */

enum {
  AB_PRE = 1, /* precedes a name: never ends a sentence before a capital (Mr., Gen., Mt.) */
  AB_POST,    /* follows a name: ends a sentence when a capital follows (Inc., Jr., etc.) */
  AB_NUM      /* precedes a number: abbreviation only before a digit (No. 5, p. 55) */
};

typedef struct abbrev {
  const char *w;
  unsigned char len, kind, exact; /* exact: case-sensitive (the word exists in lowercase) */
} abbrev;
#define AB(w, kind, exact) \
  { w, sizeof(w) - 1, kind, exact }

/* Sorted case-insensitively (ASCII lower case, then bytes) for one binary search. */
static const abbrev abbrevs[] = {
    AB("Adm", AB_PRE, 0),       AB("al", AB_POST, 1),       AB("Ala", AB_POST, 1),
    AB("approx", AB_POST, 1),   AB("Apr", AB_PRE, 1),       AB("Ariz", AB_POST, 1),
    AB("Ark", AB_POST, 1),      AB("Art", AB_NUM, 1),       AB("Aug", AB_PRE, 1),
    AB("Ave", AB_POST, 0),      AB("Blvd", AB_POST, 0),     AB("Bros", AB_POST, 0),
    AB("c", AB_NUM, 1),         AB("ca", AB_NUM, 1),        AB("Calif", AB_POST, 1),
    AB("Capt", AB_PRE, 0),      AB("cf", AB_PRE, 1),        AB("ch", AB_NUM, 1),
    AB("Cmdr", AB_PRE, 0),      AB("Co", AB_POST, 0),       AB("co", AB_POST, 1),
    AB("Col", AB_PRE, 1),       AB("Colo", AB_POST, 1),     AB("Conn", AB_POST, 1),
    AB("Corp", AB_POST, 0),     AB("Cpl", AB_PRE, 0),       AB("Dec", AB_PRE, 1),
    AB("Del", AB_POST, 1),      AB("Dept", AB_POST, 0),     AB("Dr", AB_PRE, 0),
    AB("Esq", AB_POST, 0),      AB("est", AB_NUM, 1),       AB("etc", AB_POST, 1),
    AB("Feb", AB_PRE, 1),       AB("Fig", AB_NUM, 1),       AB("Fla", AB_POST, 1),
    AB("Fr", AB_PRE, 1),        AB("Ft", AB_PRE, 0),        AB("ft", AB_NUM, 1),
    AB("Ga", AB_POST, 1),       AB("Gen", AB_PRE, 1),       AB("Gov", AB_PRE, 1),
    AB("Hon", AB_PRE, 1),       AB("Ill", AB_POST, 1),      AB("Inc", AB_POST, 0),
    AB("Ind", AB_POST, 1),      AB("Jan", AB_PRE, 1),       AB("Jr", AB_POST, 0),
    AB("Jul", AB_PRE, 1),       AB("Jun", AB_PRE, 1),       AB("Kan", AB_POST, 1),
    AB("Ky", AB_POST, 1),       AB("La", AB_POST, 1),       AB("Lt", AB_PRE, 0),
    AB("Ltd", AB_POST, 0),      AB("Maj", AB_PRE, 0),       AB("Mar", AB_PRE, 1),
    AB("Mass", AB_POST, 1),     AB("Md", AB_POST, 1),       AB("Messrs", AB_PRE, 0),
    AB("Mich", AB_POST, 1),     AB("Minn", AB_POST, 1),     AB("Miss", AB_POST, 1),
    AB("Mo", AB_POST, 1),       AB("Mr", AB_PRE, 0),        AB("mr", AB_PRE, 1),
    AB("Mrs", AB_PRE, 0),       AB("Ms", AB_PRE, 0),        AB("Msgr", AB_PRE, 0),
    AB("Mt", AB_PRE, 0),        AB("No", AB_NUM, 1),        AB("no", AB_NUM, 1),
    AB("Nos", AB_NUM, 1),       AB("nos", AB_NUM, 1),       AB("Nov", AB_PRE, 1),
    AB("N\xC2\xB0", AB_NUM, 0), AB("N\xC2\xBA", AB_NUM, 0), AB("Oct", AB_PRE, 1),
    AB("Okla", AB_POST, 1),     AB("Ore", AB_POST, 1),      AB("p", AB_NUM, 1),
    AB("Pa", AB_POST, 1),       AB("Ph", AB_POST, 1),       AB("pp", AB_NUM, 1),
    AB("Pres", AB_PRE, 1),      AB("Prof", AB_PRE, 0),      AB("Pvt", AB_PRE, 0),
    AB("Rd", AB_POST, 0),       AB("Rep", AB_PRE, 1),       AB("Reps", AB_PRE, 1),
    AB("Rev", AB_PRE, 1),       AB("sec", AB_NUM, 1),       AB("Sen", AB_PRE, 1),
    AB("Sens", AB_PRE, 1),      AB("Sep", AB_PRE, 1),       AB("Sept", AB_PRE, 1),
    AB("Sgt", AB_PRE, 0),       AB("Sr", AB_POST, 0),       AB("St", AB_PRE, 0),
    AB("st", AB_POST, 1),       AB("Supt", AB_PRE, 0),      AB("Tenn", AB_POST, 1),
    AB("Tex", AB_POST, 1),      AB("Univ", AB_POST, 0),     AB("Va", AB_POST, 1),
    AB("vol", AB_NUM, 1),       AB("vs", AB_PRE, 0),        AB("Vt", AB_POST, 1),
    AB("Wash", AB_POST, 1),     AB("Wis", AB_POST, 1),
};

/* Lengths of the abbreviations by first letter: bit l of abbrev_lens[(c | 0x20) & 31] is set when
 * an entry of length l starts with letter c (either case). Derived from abbrevs; kept in step
 * by nc_token_selfcheck (run by the unit tests). */
static const unsigned char abbrev_lens[32] = {
    0x00, 0x5C, 0x10, 0x3E, 0x1C, 0x08, 0x0C, 0x0C, 0x08, 0x08, 0x0C, 0x0C, 0x0C, 0x5C, 0x0C, 0x18,
    0x1E, 0x00, 0x1C, 0x1C, 0x18, 0x10, 0x0C, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

static int cmp_ci(const unsigned char *s, size_t n, const char *w) {
  size_t i = 0;
  for (; i < n && w[i]; i++) {
    int a = lower_ascii(s[i]), b = lower_ascii((unsigned char)w[i]);
    if (a != b) return a - b;
  }
  if (i < n) return 1;
  return w[i] ? -1 : 0;
}

/* Kind of abbreviation of the word s[0,n) (without its period), 0 when none. Entries marked
 * exact match only as written or in all capitals ("Gen", "GEN"; not "gen"); the others match in
 * any case. */
static int abbrev_kind(const unsigned char *s, size_t n) {
  if (n == 0 || n > 6) return 0;
  size_t lo = 0, hi = sizeof abbrevs / sizeof abbrevs[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cmp_ci(s, n, abbrevs[mid].w) > 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t caps = 0;
  while (caps < n && (cls[s[caps]] & C_UP)) caps++;
  for (size_t k = lo; k < sizeof abbrevs / sizeof abbrevs[0]; k++) {
    const abbrev *a = &abbrevs[k];
    if (cmp_ci(s, n, a->w) != 0) break;
    if (!a->exact || memcmp(s, a->w, n) == 0 ||
        (caps == n && n >= 2 && (unsigned char)a->w[0] == s[0]))
      return a->kind;
  }
  return 0;
}

/* Multi-period abbreviation at s[i]: 2..8 segments of 1-2 ASCII letters each followed by '.'
 * ("U.S.", "e.g.", "a.m.", "Ph.D."), the last period optional when its segment is one capital
 * ("U.S" as typed in mail). Returns the end offset or 0. */
static size_t multi_abbrev(const unsigned char *s, size_t n, size_t i) {
  size_t j = i, segs = 0;
  while (segs < 8) {
    size_t k = j;
    while (k < n && k - j < 3 && (cls[s[k]] & C_AL)) k++;
    if (k == j || k - j > 2 || (k < n && (cls[s[k]] & C_ALNUM))) break;
    if (k < n && s[k] == '.') {
      segs++;
      j = k + 1;
      continue;
    }
    if (segs >= 1 && k - j == 1 && (cls[s[j]] & C_UP) && (cls[s[i]] & C_UP)) return k;
    break;
  }
  if (segs >= 2 && !(j < n && (cls[s[j]] & C_ALNUM))) return j;
  return 0;
}

/* ---- URLs, e-mail addresses, domains -------------------------------------------------------- */

static const char *const tlds[] = {"au",  "biz", "br", "ca", "cn",  "co",  "com",  "de",
                                   "edu", "es",  "eu", "fr", "gov", "in",  "info", "int",
                                   "io",  "it",  "jp", "me", "mil", "net", "news", "nl",
                                   "org", "ru",  "tv", "uk", "us"};

/* File name extensions: "report.pdf" is one word token. */
static const char *const file_exts[] = {"csv",  "doc",  "docx", "exe", "gif",  "htm", "html",
                                        "jpeg", "jpg",  "json", "mp3", "mp4",  "pdf", "png",
                                        "ppt",  "pptx", "txt",  "xls", "xlsx", "xml", "zip"};

static size_t file_ext_end(const unsigned char *s, size_t n, size_t dot) {
  size_t j = dot + 1;
  while (j < n && j - dot <= 5 && (cls[s[j]] & C_AL)) j++;
  if (j < n && (cls[s[j]] & C_ALNUM)) return 0;
  for (size_t k = 0; k < sizeof file_exts / sizeof file_exts[0]; k++)
    if (eq_ci(s + dot + 1, j - dot - 1, file_exts[k])) return j;
  return 0;
}

static int is_tld(const unsigned char *s, size_t n) {
  for (size_t k = 0; k < sizeof tlds / sizeof tlds[0]; k++)
    if (strlen(tlds[k]) == n && memcmp(s, tlds[k], n) == 0) return 1;
  return 0;
}

static int url_stop(const unsigned char *s, size_t n, size_t i) {
  unsigned char c = s[i];
  if (c < 0x80) return (cls[c] & C_SP) || c == '"' || c == '<' || c == '>' || c == '`';
  size_t l;
  uint32_t cp;
  int u = uclass_at(s, n, i, &l, &cp);
  return u == U_SPACE || cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 ||
         cp == 0xAB || cp == 0xBB || u == U_IDEO || cp == 0xFFFD;
}

/* Extends a URL from j to its end and trims trailing punctuation (keeps a ')' that closes a '('
 * inside the URL). */
static size_t url_end(const unsigned char *s, size_t n, size_t start, size_t j) {
  while (j < n && !url_stop(s, n, j)) j++;
  long depth[3] = {0, 0, 0}; /* open minus close of () [] {} inside the URL */
  for (size_t k = start; k < j; k++) {
    unsigned char c = s[k];
    if (c == '(' || c == ')') depth[0] += c == '(' ? 1 : -1;
    if (c == '[' || c == ']') depth[1] += c == '[' ? 1 : -1;
    if (c == '{' || c == '}') depth[2] += c == '{' ? 1 : -1;
  }
  while (j > start) {
    unsigned char c = s[j - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' ||
        c == '*') {
      j--;
      continue;
    }
    if (c == ')' || c == ']' || c == '}') {
      long *d = &depth[c == ')' ? 0 : c == ']' ? 1 : 2];
      if (*d < 0) { /* closes a bracket opened before the URL */
        (*d)++;
        j--;
        continue;
      }
    }
    if (c >= 0x80) { /* a trailing non-ASCII punctuation mark */
      size_t b = j - 1;
      while (b > start && (s[b] & 0xC0) == 0x80 && j - b < 4) b--;
      size_t l;
      uint32_t cp;
      if (uclass_at(s, n, b, &l, &cp) == U_PUNCT && b + l == j) {
        j = b;
        continue;
      }
    }
    break;
  }
  return j;
}

static int url_prefix(const unsigned char *s, size_t n, size_t i, size_t *after) {
  static const char *const pre[] = {"https://", "http://", "ftp://", "www."};
  for (size_t k = 0; k < 4; k++) {
    size_t m = strlen(pre[k]);
    if (n - i > m && eq_ci(s + i, m, pre[k])) {
      if (k == 3 && !(cls[s[i + m]] & C_ALNUM)) return 0;
      *after = i + m;
      return 1;
    }
  }
  return 0;
}

static int email_local(unsigned char c) {
  return (cls[c] & C_ALNUM) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* Domain "label(.label)+" at s[j] ending in a known TLD; returns its end or 0. Bounded. */
static size_t domain_end(const unsigned char *s, size_t n, size_t j, int need_tld) {
  size_t k = j, last = j, dots = 0;
  while (k < n && k - j < 253 && ((cls[s[k]] & C_ALNUM) || s[k] == '-' || s[k] == '.')) {
    if (s[k] == '.') {
      if (k == last || k + 1 >= n || !(cls[s[k + 1]] & C_ALNUM)) break;
      dots++;
      last = k + 1;
    }
    k++;
  }
  if (!dots || k <= last) return 0;
  size_t tl = k - last;
  for (size_t q = last; q < k; q++)
    if (!(cls[s[q]] & C_AL)) return 0;
  if (tl < 2) return 0;
  if (need_tld && !is_tld(s + last, tl)) return 0;
  if (k < n && (cls[s[k]] & C_ALNUM)) return 0;
  return k;
}

/* E-mail address starting at s[i]: local@domain.tld. Returns its end or 0. */
static size_t email_at(const unsigned char *s, size_t n, size_t i) {
  size_t j = i;
  while (j < n && j - i < 64 && email_local(s[j])) j++;
  if (j == i || j >= n || s[j] != '@' || s[j - 1] == '.') return 0;
  size_t e = domain_end(s, n, j + 1, 0);
  return e;
}

/* ---- words ---------------------------------------------------------------------------------- */

static const char *const hyphen_prefixes[] = {
    "anti", "bi",  "co",    "counter", "cross", "e",    "ex",    "inter", "intra",
    "mid",  "mis", "multi", "non",     "over",  "post", "pre",   "pro",   "re",
    "semi", "sub", "super", "trans",   "tri",   "un",   "under", "vice",  "x"};

static int is_hyphen_prefix(const unsigned char *s, size_t n) {
  for (size_t k = 0; k < sizeof hyphen_prefixes / sizeof hyphen_prefixes[0]; k++)
    if (eq_ci(s, n, hyphen_prefixes[k])) return 1;
  return 0;
}

/* Clitic after an apostrophe at s[i] (the letters only): "s", "m", "d", "ll", "re", "ve", or
 * "t" (the n't case, checked by the caller). Returns the number of letters or 0. */
static size_t clitic_len(const unsigned char *s, size_t n, size_t i) {
  size_t k = i;
  while (k < n && k - i < 3 && (cls[s[k]] & C_AL)) k++;
  if (k < n && (wordch_at(s, n, k) || s[k] == '-')) return 0;
  size_t m = k - i;
  if (m == 1 && (eq_ci(s + i, 1, "s") || eq_ci(s + i, 1, "m") || eq_ci(s + i, 1, "d") ||
                 eq_ci(s + i, 1, "t")))
    return 1;
  if (m == 2 && (eq_ci(s + i, 2, "ll") || eq_ci(s + i, 2, "re") || eq_ci(s + i, 2, "ve"))) return 2;
  return 0;
}

/* "states'" / "adults’": an apostrophe after a plural -s that is not the closing quote of an
 * opening ' or ‘ earlier on the same line (looked for within 200 bytes). */
static int plural_possessive(const unsigned char *s, size_t n, size_t start, size_t i, size_t al) {
  if (i - start < 2 || lower_ascii(s[i - 1]) != 's') return 0;
  if (i + al < n && (wordch_at(s, n, i + al) || s[i + al] == '\'' || s[i + al] == '-')) return 0;
  for (size_t b = start; b > 0 && start - b < 200;) {
    b--;
    if (s[b] == '\n') break;
    int open = 0;
    if (s[b] == '\'' && al == 1) open = 1;
    if (al == 3 && b + 2 < n && s[b] == 0xE2 && s[b + 1] == 0x80 && s[b + 2] == 0x98) open = 1;
    if (open && (b == 0 || (cls[s[b - 1]] & C_SP) || s[b - 1] == '(' || s[b - 1] == '"')) return 0;
  }
  return 1;
}

/* Scans a word (or number) starting at s[i]. Sets *kind. */
static size_t scan_word(const unsigned char *s, size_t n, size_t i, unsigned flags, int *kind) {
  const size_t start = i;
  int digits_only = 1;
  size_t seg = i; /* start of the current hyphen/apostrophe segment */
  for (;;) {
    /* ASCII fast path */
    while (i < n && (cls[s[i]] & C_ALNUM)) {
      if (cls[s[i]] & C_AL) digits_only = 0;
      i++;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    if (c >= 0x80) {
      size_t l;
      uint32_t cp;
      int u = uclass_at(s, n, i, &l, &cp);
      if (u == U_LETTER || u == U_MARK || u == U_DIGIT) {
        if (u != U_DIGIT) digits_only = 0;
        i += l;
        continue;
      }
      if ((cp == 0x200C || cp == 0x200D || cp == 0xAD) && letter_at(s, n, i + l)) {
        i += l;
        continue;
      }
      if (cp == 0x2019) goto apostrophe;
      break;
    }
    if (c == '\'') goto apostrophe;
    if (c == '-') {
      if (i + 1 < n &&
          ((cls[s[i + 1]] & C_ALNUM) || (s[i + 1] >= 0x80 && wordch_at(s, n, i + 1)))) {
        if ((flags & (NC_TOK_UD | NC_TOK_HYPHEN)) && !is_hyphen_prefix(s + seg, i - seg) &&
            !(digits_only && (cls[s[i + 1]] & C_DG)))
          break;
        i++;
        seg = i;
        continue;
      }
      /* a word cut before a space: "pre- and post-war", "re- I mean" */
      if ((i + 1 >= n || s[i + 1] == ' ') && (cls[s[i - 1]] & C_AL) &&
          !(i + 2 < n && s[i + 2] == '-')) {
        i++;
        break;
      }
      break;
    }
    if (c == '@' ||
        ((c == '.' || c == '+' || c == '%') && i + 1 < n && (cls[s[i + 1]] & C_ALNUM))) {
      size_t e = email_at(s, n, start);
      if (e) {
        *kind = NC_TOK_EMAIL;
        return e;
      }
    }
    if ((c == '.' || c == ',' || c == ':' || c == '/') && i + 1 < n && (cls[s[i + 1]] & C_DG) &&
        (digits_only || (c == '.' && (cls[s[i - 1]] & C_DG)))) {
      i++; /* 1,000  1.48  06:55:41  08/16/2000  v2.3 */
      continue;
    }
    if (c == '.' && i + 1 < n && (cls[s[i + 1]] & C_AL) && !(cls[s[i + 1]] & C_UP)) {
      size_t e = domain_end(s, n, start, 1);
      if (e > i) {
        *kind = NC_TOK_URL;
        if (e < n && s[e] == '/') return url_end(s, n, start, e);
        return e;
      }
      e = file_ext_end(s, n, i);
      if (e) {
        *kind = NC_TOK_WORD;
        return e;
      }
      break;
    }
    if ((c == '_' || c == '&') && i + 1 < n && (cls[s[i + 1]] & C_ALNUM) &&
        (c == '_' || ((cls[s[i - 1]] & C_UP) && (cls[s[i + 1]] & C_UP)))) {
      i++; /* snake_case, AT&T */
      continue;
    }
    break;
  apostrophe : {
    size_t al = 1; /* set by is_apos_at (the jump here follows an apostrophe) */
    is_apos_at(s, n, i, &al);
    if (!letter_at(s, n, i + al)) {
      if (plural_possessive(s, n, start, i, al)) i += al; /* "the states' rights" */
      break;
    }
    if (flags & NC_TOK_UD) {
      size_t cl = clitic_len(s, n, i + al);
      if (cl == 1 && lower_ascii(s[i + al]) == 't') {
        /* n't: the word ends before its n ("do|n't", "ca|n't") */
        if (i - 1 > start && lower_ascii(s[i - 1]) == 'n') {
          i--;
          break;
        }
      } else if (cl) {
        break;
      }
    }
    i += al;
    seg = i;
    continue;
  }
  }
  *kind = digits_only ? NC_TOK_NUMBER : NC_TOK_WORD;
  /* a period that belongs to the word */
  if (i < n && s[i] == '.' && !digits_only) {
    size_t wl = i - start;
    int ak = abbrev_kind(s + start, wl);
    if (ak == AB_NUM) {
      size_t k = i + 1;
      while (k < n && s[k] == ' ') k++;
      if (!(k < n && (cls[s[k]] & C_DG))) ak = 0;
    }
    if (ak || (wl == 1 && (cls[s[start]] & C_UP) && s[start] != 'I')) {
      *kind = NC_TOK_ABBREV;
      return i + 1;
    }
  }
  return i;
}

/* "’90s", "'70s": an apostrophe, two digits, optional s. Returns the end or 0. */
static size_t decade_end(const unsigned char *s, size_t n, size_t i, size_t al) {
  size_t j = i + al;
  if (!(j + 1 < n && (cls[s[j]] & C_DG) && (cls[s[j + 1]] & C_DG))) return 0;
  j += 2;
  if (j < n && s[j] == 's') j++;
  if (j < n && (cls[s[j]] & C_ALNUM)) return 0;
  return j;
}

/* Emoticon at s[i] (':' or ';' after white space): :) :-( ;) :D :P. Returns the end or 0. */
static size_t emoticon_end(const unsigned char *s, size_t n, size_t i) {
  if (i > 0 && !(cls[s[i - 1]] & C_SP)) return 0;
  size_t j = i + 1;
  if (j < n && s[j] == '-') j++;
  if (j >= n) return 0;
  unsigned char c = s[j];
  if (c == ')' || c == '(' || c == ']' || c == '[') {
    j++;
    return (j >= n || !(cls[s[j]] & C_ALNUM)) ? j : 0;
  }
  if (c == 'D' || c == 'P' || c == 'p') {
    j++;
    return (j >= n || (cls[s[j]] & C_SP)) ? j : 0;
  }
  return 0;
}

/* Emoji sequence at s[i] (first code point of class U_EMOJI, length l). */
static size_t scan_emoji(const unsigned char *s, size_t n, size_t i, size_t l, uint32_t cp) {
  size_t j = i + l, l2;
  uint32_t c2;
  int v;
  if (cp >= 0x1F1E6 && cp <= 0x1F1FF) { /* flag: a pair of regional indicators */
    if (j < n && (l2 = dec(s, n, j, &c2, &v)) && v && c2 >= 0x1F1E6 && c2 <= 0x1F1FF) j += l2;
    return j;
  }
  while (j < n) {
    l2 = dec(s, n, j, &c2, &v);
    if (!v) break;
    if (c2 == 0xFE0F || c2 == 0xFE0E || c2 == 0x20E3 || (c2 >= 0x1F3FB && c2 <= 0x1F3FF) ||
        (c2 >= 0xE0020 && c2 <= 0xE007F)) {
      j += l2;
      continue;
    }
    if (c2 == 0x200D && j + l2 < n) {
      uint32_t c3;
      size_t l3 = dec(s, n, j + l2, &c3, &v);
      if (v && is_pictographic(c3)) {
        j += l2 + l3;
        continue;
      }
      break;
    }
    if (c2 >= 0x300 &&
        utf8proc_get_property((utf8proc_int32_t)c2)->boundclass == UTF8PROC_BOUNDCLASS_EXTEND) {
      j += l2;
      continue;
    }
    break;
  }
  return j;
}

int nc_token_selfcheck(void) {
  unsigned char lens[32] = {0};
  for (size_t k = 0; k < sizeof abbrevs / sizeof abbrevs[0]; k++) {
    const abbrev *a = &abbrevs[k];
    if (a->len != strlen(a->w) || a->len > 7) return 0;
    if (k > 0 && cmp_ci((const unsigned char *)abbrevs[k - 1].w, abbrevs[k - 1].len, a->w) > 0)
      return 0; /* sorted for the binary search */
    lens[((unsigned char)a->w[0] | 0x20) & 31] |= (unsigned char)(1u << a->len);
  }
  return memcmp(lens, abbrev_lens, sizeof lens) == 0;
}

const char *nc_tok_kind_name(int kind) {
  static const char *const names[] = {"unknown", "word",    "number",  "punct",  "symbol", "url",
                                      "email",   "hashtag", "mention", "abbrev", "emoji"};
  return (kind >= 1 && kind <= NC_TOK_EMOJI) ? names[kind] : names[0];
}

int nc_token_next(const char *text, size_t len, size_t pos, unsigned flags, nc_token *tok) {
  const unsigned char *s = (const unsigned char *)text;
  size_t n = len, i = pos, l = 1, e;
  uint32_t cp = 0;
  int u = 0;
  if (!text) return 0;
  /* skip white space, controls and format characters */
  for (;;) {
    while (i < n && (cls[s[i]] & C_SP)) i++;
    if (i >= n) return 0;
    if (s[i] < 0x80) break;
    u = uclass_at(s, n, i, &l, &cp);
    if (u != U_SPACE && u != U_FORMAT) break;
    i += l;
  }
  tok->start = i;
  unsigned char c = s[i];
  int k = cls[c];
  if (flags & NC_TOK_UD) { /* UD clitic tokens after a word: 's 'll ’re n't */
    size_t al;
    if (is_apos_at(s, n, i, &al) && prev_letter(s, n, i)) {
      size_t cl = clitic_len(s, n, i + al);
      if (cl && lower_ascii(s[i + al]) != 't') {
        tok->kind = NC_TOK_WORD;
        tok->end = i + al + cl;
        return 1;
      }
    }
    if ((c == 'n' || c == 'N') && prev_letter(s, n, i) && is_apos_at(s, n, i + 1, &al) &&
        clitic_len(s, n, i + 1 + al) == 1 && lower_ascii(s[i + 1 + al]) == 't') {
      tok->kind = NC_TOK_WORD;
      tok->end = i + 2 + al;
      return 1;
    }
  }
  if (k & C_ALNUM) {
    /* fast path: a run of ASCII letters / digits ended by white space or plain punctuation */
    unsigned acc = (unsigned)k;
    size_t j = alnum_run(s, n, i + 1, &acc);
    if (j >= n || (word_end[s[j]] && !(s[j] == ',' && !(acc & C_AL)))) {
      tok->kind = (acc & C_AL) ? NC_TOK_WORD : NC_TOK_NUMBER;
      tok->end = j;
      return 1;
    }
    /* keycap emoji: digit, optional VS16, U+20E3 */
    if (k & C_DG) {
      size_t q = i + 1;
      if (q + 2 < n && s[q] == 0xEF && s[q + 1] == 0xB8 && s[q + 2] == 0x8F) q += 3;
      if (q + 2 < n && s[q] == 0xE2 && s[q + 1] == 0x83 && s[q + 2] == 0xA3) {
        tok->kind = NC_TOK_EMOJI;
        tok->end = q + 3;
        return 1;
      }
    }
    size_t after;
    if ((c == 'h' || c == 'H' || c == 'f' || c == 'F' || c == 'w' || c == 'W') &&
        url_prefix(s, n, i, &after)) {
      tok->kind = NC_TOK_URL;
      tok->end = url_end(s, n, i, after);
      return 1;
    }
    if (k & C_AL) {
      e = multi_abbrev(s, n, i);
      if (e) {
        tok->kind = NC_TOK_ABBREV;
        tok->end = e;
        return 1;
      }
    }
    int kind;
    tok->end = scan_word(s, n, i, flags, &kind);
    tok->kind = kind;
    return 1;
  }
  if (c < 0x80) {
    tok->kind = (k & C_SY) ? NC_TOK_SYMBOL : NC_TOK_PUNCT;
    if ((c == '#' || c == '@') && i + 1 < n) {
      size_t j = i + 1, w;
      int letters = 0;
      while (j < n && (w = wordch_at(s, n, j)) != 0) {
        if (!(cls[s[j]] & C_DG)) letters = 1;
        j += w;
      }
      while (j < n && s[j] == '_' && j + 1 < n && wordch_at(s, n, j + 1)) {
        j++;
        while (j < n && (w = wordch_at(s, n, j)) != 0) j += w, letters = 1;
      }
      if (letters && j > i + 1) {
        tok->kind = c == '#' ? NC_TOK_HASHTAG : NC_TOK_MENTION;
        tok->end = j;
        return 1;
      }
    }
    if ((c == ':' || c == ';') && (e = emoticon_end(s, n, i)) != 0) {
      tok->kind = NC_TOK_EMOJI;
      tok->end = e;
      return 1;
    }
    if (c == '\'' && (e = decade_end(s, n, i, 1)) != 0) {
      tok->kind = NC_TOK_WORD;
      tok->end = e;
      return 1;
    }
    if (c == '.' && i + 1 < n && (cls[s[i + 1]] & C_DG)) { /* .5 */
      int kind;
      tok->end = scan_word(s, n, i + 1, flags, &kind);
      tok->kind = kind == NC_TOK_NUMBER ? NC_TOK_NUMBER : NC_TOK_PUNCT;
      if (tok->kind == NC_TOK_PUNCT) tok->end = i + 1;
      return 1;
    }
    size_t j = i + 1;
    if (c == '.' || c == '!' || c == '?') {
      while (j < n && (s[j] == '.' || s[j] == '!' || s[j] == '?')) j++;
    } else if (c != '"' && c != '\'' && c != '`' && c != '(' && c != ')' && c != '[' && c != ']' &&
               c != '{' && c != '}') {
      while (j < n && s[j] == c) j++;
    }
    tok->end = j;
    return 1;
  }
  /* non-ASCII */
  u = uclass_at(s, n, i, &l, &cp);
  switch (u) {
    case U_LETTER:
    case U_MARK:
    case U_DIGIT: {
      int kind;
      tok->end = scan_word(s, n, i, flags, &kind);
      tok->kind = kind;
      return 1;
    }
    case U_IDEO:
      tok->kind = NC_TOK_WORD;
      tok->end = i + l;
      /* combining marks and the prolonged sound mark stay with their character */
      while (tok->end < n) {
        size_t l2;
        uint32_t c2;
        int u2 = uclass_at(s, n, tok->end, &l2, &c2);
        if (u2 != U_MARK && c2 != 0x30FC) break;
        tok->end += l2;
      }
      return 1;
    case U_EMOJI:
      tok->kind = NC_TOK_EMOJI;
      tok->end = scan_emoji(s, n, i, l, cp);
      return 1;
    case U_PUNCT:
      tok->kind = NC_TOK_PUNCT;
      if (cp == 0x2019 && (e = decade_end(s, n, i, l)) != 0) {
        tok->kind = NC_TOK_WORD;
        tok->end = e;
        return 1;
      }
      break;
    default:
      tok->kind = NC_TOK_SYMBOL;
      /* a text symbol followed by VS16 is an emoji (©️) */
      if (i + l + 2 < n && s[i + l] == 0xEF && s[i + l + 1] == 0xB8 && s[i + l + 2] == 0x8F) {
        tok->kind = NC_TOK_EMOJI;
        tok->end = i + l + 3;
        return 1;
      }
      break;
  }
  tok->end = i + l;
  /* a run of the same dash (——) is one token */
  if (u == U_PUNCT && (cp == 0x2014 || cp == 0x2013 || cp == 0x2026)) {
    while (tok->end + l <= n && memcmp(s + tok->end, s + i, l) == 0) tok->end += l;
  }
  return 1;
}

/* ---- batch words ---------------------------------------------------------------------------- */

/* nc_token_fill classifies 64 bytes at a time into bit masks (bit k = byte k of the block) and
 * emits the trivial tokens from them: ASCII letter/digit runs ended by a byte for which
 * nc_token_next's own fast path decides (word_end), and plain punctuation marks. Any other byte
 * (non-ASCII, apostrophes, periods after words, '#', ':', ...) goes through nc_token_next, so
 * the tokens are exactly those of the per-token path (csrc/fuzz/fuzz_token.c checks it). */

typedef struct blk {
  uint64_t an;          /* ASCII letters and digits */
  uint64_t al;          /* ASCII letters */
  uint64_t sp;          /* white space and controls (C_SP) */
  uint64_t q1, q2, dot; /* simple_punct bits 0, 1, 2 */
} blk;

#if defined(__SSE2__) && !defined(NC_NO_SIMD)
static void classify64(const unsigned char *p, blk *b) {
  const __m128i bias_a = _mm_set1_epi8((char)(0x80 - 'a')), lim_a = _mm_set1_epi8(-128 + 26);
  const __m128i bias_d = _mm_set1_epi8((char)(0x80 - '0')), lim_d = _mm_set1_epi8(-128 + 10);
  const __m128i x20 = _mm_set1_epi8(0x20), x7f = _mm_set1_epi8(0x7F), xfe = _mm_set1_epi8(-2);
  uint64_t an = 0, al = 0, sp = 0, q1 = 0, q2 = 0, dot = 0;
  for (unsigned k = 0; k < 4; k++) {
    __m128i v;
    memcpy(&v, p + 16 * k, 16); /* an unaligned load */
    __m128i v20 = _mm_or_si128(v, x20), vfe = _mm_and_si128(v, xfe);
    __m128i a = _mm_cmplt_epi8(_mm_add_epi8(v20, bias_a), lim_a);
    __m128i d = _mm_cmplt_epi8(_mm_add_epi8(v, bias_d), lim_d);
    __m128i w = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, x20), x20), _mm_cmpeq_epi8(v, x7f));
    /* " ( ) [ ] { }: [ { are 0x7B and ] } 0x7D once 0x20 is set, ( ) 0x28 without bit 0 */
    __m128i s1 = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                           _mm_cmpeq_epi8(vfe, _mm_set1_epi8('('))),
                              _mm_or_si128(_mm_cmpeq_epi8(v20, _mm_set1_epi8('{')),
                                           _mm_cmpeq_epi8(v20, _mm_set1_epi8('}'))));
    /* , : ; ! ? (: ; are 0x3A without bit 0) */
    __m128i s2 = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
                     _mm_cmpeq_epi8(vfe, _mm_set1_epi8(':'))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('!')), _mm_cmpeq_epi8(v, _mm_set1_epi8('?'))));
    __m128i s3 = _mm_cmpeq_epi8(v, _mm_set1_epi8('.'));
    uint64_t ma = (uint32_t)_mm_movemask_epi8(a), md = (uint32_t)_mm_movemask_epi8(d);
    al |= ma << (16 * k);
    an |= (ma | md) << (16 * k);
    sp |= (uint64_t)(uint32_t)_mm_movemask_epi8(w) << (16 * k);
    q1 |= (uint64_t)(uint32_t)_mm_movemask_epi8(s1) << (16 * k);
    q2 |= (uint64_t)(uint32_t)_mm_movemask_epi8(s2) << (16 * k);
    dot |= (uint64_t)(uint32_t)_mm_movemask_epi8(s3) << (16 * k);
  }
  b->an = an;
  b->al = al;
  b->sp = sp;
  b->q1 = q1;
  b->q2 = q2;
  b->dot = dot;
}
#else
/* Bit 0: " ( ) [ ] { } (a token of their own anywhere); bit 1: , : ; ! ? (alone before white
 * space: no run, no "1,000", no emoticon, no "06:55"); bit 2: '.' (alone before white space
 * unless a word is before it). */
static const unsigned char simple_punct[128] = {
    ['"'] = 1, ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1,
    [','] = 2, [':'] = 2, [';'] = 2, ['!'] = 2, ['?'] = 2, ['.'] = 4};

static void classify64(const unsigned char *p, blk *b) {
  uint64_t an = 0, al = 0, sp = 0, q1 = 0, q2 = 0, dot = 0;
  for (unsigned k = 0; k < 64; k++) {
    unsigned c = cls[p[k]], t = p[k] < 0x80 ? simple_punct[p[k]] : 0;
    an |= (uint64_t)((c & C_ALNUM) != 0) << k;
    al |= (uint64_t)((c & C_AL) != 0) << k;
    sp |= (uint64_t)((c & C_SP) != 0) << k;
    q1 |= (uint64_t)(t & 1) << k;
    q2 |= (uint64_t)(t >> 1 & 1) << k;
    dot |= (uint64_t)(t >> 2 & 1) << k;
  }
  b->an = an;
  b->al = al;
  b->sp = sp;
  b->q1 = q1;
  b->q2 = q2;
  b->dot = dot;
}
#endif

static unsigned ctz64nz(uint64_t x) { /* x != 0 */
#if defined(__GNUC__)
  return (unsigned)__builtin_ctzll(x);
#else
  unsigned k = 0;
  while (!(x & 1)) x >>= 1, k++;
  return k;
#endif
}

static unsigned clz64nz(uint64_t x) { /* x != 0 */
#if defined(__GNUC__)
  return (unsigned)__builtin_clzll(x);
#else
  unsigned k = 0;
  while (!(x >> 63)) x <<= 1, k++;
  return k;
#endif
}

static unsigned ctz64(uint64_t x) { /* 64 for 0 */
  if (!x) return 64;
#if defined(__GNUC__)
  return (unsigned)__builtin_ctzll(x);
#else
  unsigned k = 0;
  while (!(x & 1)) x >>= 1, k++;
  return k;
#endif
}

/* How nc_token_next treats an ASCII punctuation or symbol byte at a token start: 1 = a token
 * of its own (" ( ) [ ] { } `), 2 = a run of the same byte, 3 = a run of . ! ? ('.' not before
 * a digit), 4 = a run of : or ; unless after white space (emoticons), 5 = ' alone unless before
 * two digits ('90s) or in UD mode, 0 = more rules (# @ and everything else). */
static const unsigned char punct_run[128] = {
    ['"'] = 1, ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1,  ['`'] = 1,
    ['!'] = 3, ['.'] = 3, ['?'] = 3, ['$'] = 2, ['%'] = 2, ['&'] = 2, ['*'] = 2,  ['+'] = 2,
    [','] = 2, ['-'] = 2, ['/'] = 2, ['<'] = 2, ['='] = 2, ['>'] = 2, ['\\'] = 2, ['^'] = 2,
    ['_'] = 2, ['|'] = 2, ['~'] = 2, [':'] = 4, [';'] = 4, ['\''] = 5};

/* Kinds of the tokens emitted from the masks: [simple punct << 1 | digits only]. */
static const unsigned char fast_kind[4] = {NC_TOK_WORD, NC_TOK_NUMBER, NC_TOK_PUNCT, NC_TOK_PUNCT};

size_t nc_token_fill(const char *text, size_t len, size_t *pos, unsigned flags, nc_token *out,
                     size_t cap) {
  const unsigned char *s = (const unsigned char *)text;
  if (!text || !out || !pos) return 0;
  size_t i = *pos, got = 0;
  unsigned char pad[64];
  while (got < cap && i < len) {
    /* the block at i; the last one is padded with spaces, which end a word as the end of the
     * text does and are skipped */
    const unsigned char *p = s + i;
    size_t avail = len - i;
    if (avail < 64) {
      memcpy(pad, s + i, avail);
      memset(pad + avail, ' ', 64 - avail);
      p = pad;
    }
    blk b;
    classify64(p, &b);
    /* simple punctuation, always a token of one byte that ends a word before it: " ( ) [ ] { }
     * anywhere; , : ; ! ? before white space; '.' before white space and not after a letter or
     * digit ("said." needs the abbreviation rules) */
    const uint64_t q1 = b.q1, q2 = b.q2, dot = b.dot;
    const uint64_t run_start = b.an & ~(b.an << 1), run_end = ~b.an & (b.an << 1);
    /* "said. " : the period is simple when the word before it is no abbreviation */
    uint64_t word_dot = dot & (b.sp >> 1) & (b.an << 1);
    for (uint64_t w = word_dot; w; w &= w - 1) {
      unsigned k = ctz64nz(w), ws = 63 - clz64nz(run_start & ((1ull << k) - 1)), wl = k - ws;
      unsigned char c0 = p[ws];
      if ((ws == 0 && i > 0 && (cls[s[i - 1]] & C_ALNUM)) ||
          (((b.al >> ws) << (64 - wl)) && wl <= 6 &&
           ((wl == 1 && (cls[c0] & C_UP) && c0 != 'I') ||
            (((abbrev_lens[(c0 | 0x20) & 31] >> wl) & 1) && abbrev_kind(p + ws, wl)))))
        word_dot &= ~(1ull << k);
    }
    const uint64_t simple = q1 | ((q2 | (dot & ~(b.an << 1)) | word_dot) & (b.sp >> 1));
    const uint64_t complex = ~(b.an | b.sp | simple);
    /* ends of the runs of digits only: a carry from each run start passes through digits and
     * stops at the first byte that is not one (a letter of the run, or the byte after it) */
    const uint64_t digits = b.an & ~b.al;
    const uint64_t num_end = (digits + (run_start & digits)) & ~b.an;
    unsigned bit = 0;
    for (;;) {
      { /* words and simple punctuation up to the next complex byte, from the masks alone: the
         * k-th token start pairs with the k-th token end */
        uint64_t from = ~0ull << bit;
        unsigned stop = ctz64(complex & from);
        uint64_t before = stop >= 64 ? ~0ull : (1ull << stop) - 1; /* [0, stop) */
        uint64_t starts = (run_start | (b.an & (1ull << bit)) | simple) & from & before;
        uint64_t ends =
            ((run_end & before) | ((simple << 1) & (before | (before + 1)))) & (from << 1);
        size_t room = cap - got;
        nc_token *o = out + got;
        while (ends && room) {
          unsigned s0 = ctz64nz(starts), e0 = ctz64nz(ends);
          starts &= starts - 1;
          ends &= ends - 1;
          o->start = i + s0;
          o->end = i + e0;
          o->kind = (nc_tok_kind)fast_kind[((simple >> s0) & 1) << 1 | ((num_end >> e0) & 1)];
          o++;
          room--;
          bit = e0;
        }
        got = (size_t)(o - out);
        if (got == cap) {
          i += bit;
          break;
        }
      }
      uint64_t rest = ~b.sp >> bit;
      if (!rest) { /* white space to the end of the block */
        i = avail <= 64 ? len : i + 64;
        break;
      }
      bit += ctz64nz(rest);
      unsigned char c = p[bit];
      unsigned e = bit + 1;
      int kind;
      uint64_t an = b.an >> bit;
      if (an & 1) {
        e = bit + ctz64(~an);
        if (e >= 64) goto rebase;                             /* the run goes on past the block */
        uint64_t letters = (b.al >> bit) << (64 - (e - bit)); /* the run's letters (e > bit) */
        if ((b.sp >> e) & 1) { /* the common case: a word before white space */
          out[got].start = i + bit;
          out[got].end = i + e;
          out[got].kind = letters ? NC_TOK_WORD : NC_TOK_NUMBER;
          bit = e;
          if (++got == cap) {
            i += e;
            break;
          }
          continue;
        }
        unsigned char d = p[e];
        /* default mode: "AOL's", "one-off", "2004-05" are one word (as in scan_word) */
        while ((d == '-' || d == '\'') && !(flags & (NC_TOK_UD | NC_TOK_HYPHEN)) && e + 1 < 64 &&
               ((b.an >> (e + 1)) & 1) && (d == '-' || ((b.al >> (e + 1)) & 1))) {
          unsigned f = e + 1 + ctz64(~(b.an >> (e + 1)));
          if (f >= 64) goto rebase;
          letters |= b.al & ((~0ull << (e + 1)) ^ (~0ull << f));
          e = f;
          d = p[e];
        }
        if (word_end[d] && !(d == ',' && !letters)) {
          /* a plain word or number ("said", "1999") */
        } else if (d == ',' || d == '%' || d == '+' || d == ':') {
          /* "1,000" "06:55" "http://" "x+y@z.com" go on; "1, 2" "76%" "says: " end here */
          if (e + 1 >= 64) goto rebase;
          unsigned char d2 = p[e + 1];
          if ((cls[d2] & C_DG) || (d != ':' && (cls[d2] & C_ALNUM)) || (d == ':' && d2 == '/'))
            goto slow;
        } else if (d == '.') {
          /* "said." : the period is a token of its own unless the word is an abbreviation */
          if (e + 1 >= 64) goto rebase;
          if (cls[p[e + 1]] & C_ALNUM) goto slow;
          size_t wl = e - bit;
          if (letters && wl <= 6 &&
              ((wl == 1 && (cls[c] & C_UP) && c != 'I') ||
               (((abbrev_lens[(c | 0x20) & 31] >> wl) & 1) && abbrev_kind(p + bit, wl))))
            goto slow;
        } else {
          goto slow;
        }
        kind = letters ? NC_TOK_WORD : NC_TOK_NUMBER;
      } else if (c < 0x80 && punct_run[c]) {
        unsigned r = punct_run[c];
        if (r == 4) { /* ':' ';' start an emoticon only after white space (or at the start) */
          int after_space =
              bit ? (int)((b.sp >> (bit - 1)) & 1) : (i == 0 || (cls[s[i - 1]] & C_SP));
          if (after_space) goto slow;
          r = 2;
        } else if (r == 5) { /* ' alone, or the start of a decade ('90s) */
          if (flags & NC_TOK_UD) goto slow;
          if (bit + 2 >= 64) goto rebase;
          if ((cls[p[bit + 1]] & C_DG) && (cls[p[bit + 2]] & C_DG)) goto slow;
        }
        if (r == 2) {
          while (e < 64 && p[e] == c) e++;
        } else if (r == 3) {
          if (c == '.' && e < 64 && (cls[p[e]] & C_DG)) goto slow;
          while (e < 64 && (p[e] == '.' || p[e] == '!' || p[e] == '?')) e++;
        }
        if (e >= 64) goto rebase;
        kind = (cls[c] & C_SY) ? NC_TOK_SYMBOL : NC_TOK_PUNCT;
      } else {
        goto slow;
      }
      out[got].start = i + bit;
      out[got].end = i + e;
      out[got].kind = (nc_tok_kind)kind;
      got++;
      bit = e;
      if (got == cap) {
        i += e;
        break;
      }
      continue;
    rebase:
      if (bit > 0) {
        i += bit;
        break;
      }
    slow:
      if (!nc_token_next(text, len, i + bit, flags, &out[got])) {
        i = len;
        break;
      }
      i = out[got++].end;
      break;
    }
  }
  *pos = i;
  return got;
}

/* ---- sentences ------------------------------------------------------------------------------ */

/* Sentence-initial words that make "U.S. How ..." a boundary ("U.S. Government" is not). */
static const char *const starters[] = {
    "a",   "after", "all",  "also",  "an",    "and",   "as",        "at",    "before", "both",
    "but", "by",    "each", "for",   "he",    "her",   "here",      "his",   "how",    "however",
    "i",   "if",    "in",   "it",    "its",   "many",  "meanwhile", "most",  "my",     "no",
    "now", "on",    "one",  "our",   "she",   "since", "so",        "some",  "still",  "that",
    "the", "their", "then", "there", "these", "they",  "this",      "those", "to",     "today",
    "we",  "what",  "when", "where", "which", "while", "who",       "why",   "yet",    "you"};

static int is_starter(const unsigned char *s, size_t n, size_t i) {
  size_t j = i;
  while (j < n && j - i < 12 && (cls[s[j]] & C_AL)) j++;
  if (j < n && (cls[s[j]] & C_ALNUM)) return 0;
  if (j < n && s[j] == '\'') return 1; /* It's, I'm */
  for (size_t k = 0; k < sizeof starters / sizeof starters[0]; k++)
    if (eq_ci(s + i, j - i, starters[k])) return 1;
  return 0;
}

static int is_space_at(const unsigned char *s, size_t n, size_t i, size_t *l) {
  if (s[i] < 0x80) {
    *l = 1;
    return (cls[s[i]] & C_SP) != 0;
  }
  uint32_t cp;
  int u = uclass_at(s, n, i, l, &cp);
  return u == U_SPACE || u == U_FORMAT;
}

/* Closing marks that stay with the sentence before them: ) ] } " ' ” ’ » 」 』 */
static size_t closer_at(const unsigned char *s, size_t n, size_t i) {
  unsigned char c = s[i];
  if (c == ')' || c == ']' || c == '}' || c == '"' || c == '\'') return 1;
  if (c < 0x80) return 0;
  size_t l;
  uint32_t cp;
  uclass_at(s, n, i, &l, &cp);
  if (cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == 0x300D || cp == 0x300F || cp == 0xFF09 ||
      cp == 0x203A)
    return l;
  return 0;
}

static size_t opener_at(const unsigned char *s, size_t n, size_t i) {
  unsigned char c = s[i];
  if (c == '(' || c == '[' || c == '{' || c == '"' || c == '\'' || c == '*' || c == '`') return 1;
  if (c < 0x80) return 0;
  size_t l;
  uint32_t cp;
  uclass_at(s, n, i, &l, &cp);
  if (cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == 0x300C || cp == 0x300E || cp == 0xFF08 ||
      cp == 0x2039)
    return l;
  return 0;
}

/* Letter case at s[i]: 1 upper/title, -1 lower, 0 other. */
static int case_at(const unsigned char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  if (s[i] < 0x80) return (cls[s[i]] & C_UP) ? 1 : (cls[s[i]] & C_AL) ? -1 : 0;
  uint32_t cp;
  int v;
  (void)dec(s, n, i, &cp, &v);
  if (!v) return 0;
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT) ? 1
         : c == UTF8PROC_CATEGORY_LL                              ? -1
                                                                  : 0;
}

/* List marker at the start of a sentence: optional bullet, then optional enumerator "1." "1)"
 * "1.)" "a." "a)". */
typedef struct marker {
  size_t end;        /* end of the marker (0: none) */
  uint32_t bullet;   /* bullet code point or 0 */
  size_t enum_value; /* 1-based value of the enumerator, 0 when none */
  int alpha;         /* enumerator is a lowercase letter */
  char delim[3];     /* ".", ")" or ".)" */
} marker;

static int is_bullet(uint32_t cp) {
  return cp == 0x2022 || cp == 0x2043 || cp == 0x2023 || cp == 0x25AA || cp == 0x25E6 ||
         cp == 0x25CF || cp == 0x25A0 || cp == 0x2219 || cp == 0xB7;
}

/* Parses an enumerator at s[i]; returns its end or 0. */
static size_t parse_enum(const unsigned char *s, size_t n, size_t i, marker *m) {
  size_t j = i, v = 0;
  int alpha = 0;
  if (i < n && (cls[s[i]] & C_DG)) {
    while (j < n && j - i < 3 && (cls[s[j]] & C_DG)) v = v * 10 + (size_t)(s[j++] - '0');
    if (j < n && (cls[s[j]] & C_DG)) return 0;
  } else if (i < n && s[i] >= 'a' && s[i] <= 'z') {
    v = (size_t)(s[i] - 'a') + 1;
    alpha = 1;
    j++;
  } else {
    return 0;
  }
  char d[3] = {0, 0, 0};
  if (j < n && s[j] == '.') {
    d[0] = '.';
    j++;
    if (j < n && s[j] == ')') d[1] = ')', j++;
  } else if (j < n && s[j] == ')') {
    d[0] = ')';
    j++;
  } else {
    return 0;
  }
  if (!(j < n && s[j] == ' ')) return 0;
  if (m) {
    m->enum_value = v;
    m->alpha = alpha;
    memcpy(m->delim, d, 3);
  }
  return j;
}

static void parse_marker(const unsigned char *s, size_t n, size_t i, marker *m) {
  memset(m, 0, sizeof *m);
  size_t j = i;
  if (s[j] >= 0x80) {
    size_t l;
    uint32_t cp;
    uclass_at(s, n, j, &l, &cp);
    if (is_bullet(cp)) {
      m->bullet = cp;
      j += l;
      while (j < n && s[j] == ' ') j++;
      m->end = j;
    }
  }
  size_t e = parse_enum(s, n, j, m);
  if (e) m->end = e;
}

/* In a list sentence, does the next item's marker start at s[i] (after a space)? */
static int next_item_at(const unsigned char *s, size_t n, size_t i, const marker *m) {
  if (m->bullet) {
    size_t l;
    uint32_t cp;
    if (s[i] < 0x80) return 0;
    uclass_at(s, n, i, &l, &cp);
    return cp == m->bullet;
  }
  marker m2;
  if (!parse_enum(s, n, i, &m2)) return 0;
  return m2.alpha == m->alpha && m2.enum_value == m->enum_value + 1 &&
         memcmp(m2.delim, m->delim, 3) == 0;
}

/* Is the '.' at s[d] inside a token that is not punctuation (URL, e-mail, number, abbrev)? */
static int dot_in_token(const unsigned char *s, size_t n, size_t d) {
  size_t b = d;
  while (b > 0 && d - b < 256 && !(cls[s[b - 1]] & C_SP)) b--;
  if (b > 0 && !(cls[s[b - 1]] & C_SP)) return 1; /* too long to tell: keep together */
  nc_token t;
  size_t p = b, lim = n - d > 256 ? d + 256 : n; /* a bounded window: linear time overall */
  while (nc_token_next((const char *)s, lim, p, 0, &t) && t.start <= d) {
    if (t.end > d) return t.kind != NC_TOK_PUNCT;
    p = t.end;
  }
  return 0;
}

enum { SB_NO = 0, SB_YES };

/* 1 when the ASCII word s[0,n) has a vowel (words without one are abbreviations: "Blvd"). */
static int has_vowel(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int c = lower_ascii(s[i]);
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || s[i] >= 0x80)
      return 1;
  }
  return 0;
}

/* The sentence so far [ss, e) is a postscript label ("PS", "P.S.", "PS."): it goes on. */
static int is_ps(const unsigned char *s, size_t ss, size_t e) {
  if (e - ss < 2 || e - ss > 4) return 0;
  return eq_ci(s + ss, e - ss, "ps") || eq_ci(s + ss, e - ss, "ps.") ||
         eq_ci(s + ss, e - ss, "p.s.") || eq_ci(s + ss, e - ss, "p.s");
}

/* Decision for a plain period at s[d] followed (after closers, if `closed`) by white space; nx
 * is the first letter or digit after it. ss is the sentence start. */
static int period_boundary(const unsigned char *s, size_t n, size_t ss, size_t d, size_t nx,
                           const marker *m, int closed) {
  /* the word before the period */
  size_t ws = d;
  while (ws > ss && d - ws < 64 && !(cls[s[ws - 1]] & C_SP)) ws--;
  size_t l;
  while (ws < d && (l = opener_at(s, n, ws)) != 0) ws += l;
  size_t wl = d - ws;
  if (m->end && d < m->end) return SB_NO;
  int nxcase = case_at(s, n, nx);
  if (wl == 0) return nxcase < 0 ? SB_NO : SB_YES;
  if (memchr(s + ws, '.', wl) && multi_abbrev(s, n, ws) == d + 1) {
    if (eq_ci(s + ws, wl, "e.g") || eq_ci(s + ws, wl, "i.e") || is_ps(s, ss, d + 1)) return SB_NO;
    if (nxcase > 0) return is_starter(s, n, nx) ? SB_YES : SB_NO;
    return SB_NO;
  }
  if (is_ps(s, ss, d + 1)) return SB_NO;
  int ak = abbrev_kind(s + ws, wl);
  if (ak == AB_PRE) return SB_NO;
  if (ak == AB_NUM && (cls[s[nx]] & C_DG)) return SB_NO;
  if (ak == AB_POST) return nxcase > 0 ? SB_YES : SB_NO;
  if (wl == 1 && (cls[s[ws]] & C_UP)) { /* an initial: "Jonas E. Smith", "you and I." */
    if (nxcase < 0) return SB_NO;
    if (nx + 1 < n && (cls[s[nx]] & C_UP) && s[nx + 1] == '.') return SB_NO; /* "U. S." */
    size_t p = ws;
    while (p > ss && s[p - 1] == ' ') p--;
    if (p == ss) return SB_NO;
    size_t q = p;
    while (q > ss && !(cls[s[q - 1]] & C_SP)) q--;
    return case_at(s, n, q) > 0 ? SB_NO : SB_YES;
  }
  if (nxcase < 0) {
    /* "interested. jill allen finishes": informal text starts sentences in lower case; not
     * after closing quotes ("great.' she said"), one letter or vowel-less abbreviations */
    if (closed || wl < 2 || !(cls[s[d - 1]] & C_AL) || !has_vowel(s + ws, wl)) return SB_NO;
    return SB_YES;
  }
  return SB_YES;
}

/* Dash ending an interrupted sentence: " — Yes." " -- Although" (a sentence starter or a
 * discourse word after the dash). Returns the end of the dash or 0. */
static const char *const dash_starters[] = {"although", "anyway", "did",  "do",   "does", "is",
                                            "oh",       "ok",     "okay", "well", "yeah", "yes"};

static size_t dash_break(const unsigned char *s, size_t n, size_t ss, size_t i) {
  size_t e;
  if (s[i] == '-') {
    e = i + 1 + (i + 1 < n && s[i + 1] == '-'); /* " - ", " -- " */
  } else if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 &&
             (s[i + 2] == 0x94 || s[i + 2] == 0x93)) {
    e = i + 3;
  } else {
    return 0;
  }
  if (i <= ss + 1 || s[i - 1] != ' ' || e + 1 >= n || s[e] != ' ' || is_ps(s, ss, i - 1)) return 0;
  size_t w = e + 1;
  if (!(cls[s[w]] & C_UP)) return 0;
  if (s[w] == 'I' && !(w + 1 < n && (cls[s[w + 1]] & C_AL))) return 0; /* "— I mean" goes on */
  if (is_starter(s, n, w)) return e;
  size_t j = w;
  while (j < n && j - w < 12 && (cls[s[j]] & C_AL)) j++;
  for (size_t k = 0; k < sizeof dash_starters / sizeof dash_starters[0]; k++)
    if (eq_ci(s + w, j - w, dash_starters[k]) && !(j < n && (cls[s[j]] & C_ALNUM))) return e;
  return 0;
}

/* Bracketed references after a sentence: " [17]", " [...]", " […]"; returns their end or k. */
static size_t skip_refs(const unsigned char *s, size_t n, size_t k) {
  for (;;) {
    if (!(k + 1 < n && s[k] == ' ' && s[k + 1] == '[')) return k;
    size_t j = k + 2;
    while (j < n && j - k < 16 &&
           ((cls[s[j]] & C_DG) || s[j] == '.' || s[j] == ',' || s[j] == 0xE2 || s[j] == 0x80 ||
            s[j] == 0xA6))
      j++;
    if (j == k + 2 || j >= n || s[j] != ']') return k;
    j++;
    if (j < n && !(cls[s[j]] & C_SP)) return k;
    k = j;
  }
}

/* ---- informal text and mail: sign-offs, header stamps, separators, emoticons ---------------- */

static int is_digit_at(const unsigned char *s, size_t n, size_t i) {
  return i < n && (cls[s[i]] & C_DG) != 0;
}

/* Sign-offs and greetings that end a sentence at their comma when a capital follows ("Regards,
 * Debra", "Hi, Yes we do", "Dear All, My name is"). [ss, c) is the sentence so far. */
static const char *const signoffs[] = {"best",         "best regards",    "best wishes",
                                       "cheers",       "kind regards",    "kindest regards",
                                       "many thanks",  "regards",         "sincerely",
                                       "thank you",    "thanks",          "thanks again",
                                       "warm regards", "warmest regards", "yours truly"};
static const char *const greetings[] = {"dear", "greetings", "hello", "hey", "hi"};

static int signoff_break(const unsigned char *s, size_t n, size_t ss, size_t c) {
  if (!(c + 2 < n && s[c + 1] == ' ' && case_at(s, n, c + 2) > 0) || c - ss > 40) return 0;
  for (size_t k = 0; k < sizeof signoffs / sizeof signoffs[0]; k++)
    if (eq_ci(s + ss, c - ss, signoffs[k])) return 1;
  size_t w = ss, words = 1;
  while (w < c && (cls[s[w]] & C_AL)) w++;
  for (size_t q = w; q < c; q++) words += s[q] == ' ';
  if (words > 3) return 0;
  /* a greeting ends before a sentence starter ("Hi, Yes we do"), not before a name ("Hi, Nia.") */
  size_t x = c + 2, y = x;
  while (y < n && y - x < 12 && (cls[s[y]] & C_AL)) y++;
  int starts = is_starter(s, n, x);
  for (size_t k = 0; !starts && k < sizeof dash_starters / sizeof dash_starters[0]; k++)
    starts = eq_ci(s + x, y - x, dash_starters[k]) && !(y < n && (cls[s[y]] & C_ALNUM));
  for (size_t k = 0; starts && k < sizeof greetings / sizeof greetings[0]; k++)
    if (eq_ci(s + ss, w - ss, greetings[k])) return 1;
  return 0;
}

/* A mail header stamp around the ':' at s[i]: "08/16/2000 12:05 PM", "04/25/01 12:42:55". Sets
 * [*b, *e) and returns 1. The date is required (a bare time "at 5:30 PM" is prose). */
static int stamp_at(const unsigned char *s, size_t n, size_t ss, size_t i, size_t *b, size_t *e) {
  size_t t = i;
  while (t > ss && i - t < 2 && is_digit_at(s, n, t - 1)) t--;
  if (t == i || i - t > 2 || !(is_digit_at(s, n, i + 1) && is_digit_at(s, n, i + 2))) return 0;
  size_t j = i + 3;
  if (j + 2 < n && s[j] == ':' && is_digit_at(s, n, j + 1) && is_digit_at(s, n, j + 2)) j += 3;
  if (j < n && (cls[s[j]] & C_ALNUM)) return 0;
  if (j + 2 < n && s[j] == ' ' &&
      (s[j + 1] == 'A' || s[j + 1] == 'P' || s[j + 1] == 'a' || s[j + 1] == 'p') &&
      (s[j + 2] == 'M' || s[j + 2] == 'm') && !(j + 3 < n && (cls[s[j + 3]] & C_ALNUM)))
    j += 3;
  /* the date before: d{1,2}/d{1,2}/d{2,4} and one space */
  if (t < ss + 7 || s[t - 1] != ' ') return 0;
  size_t d = t - 1, k = d;
  while (k > ss && d - k < 4 && is_digit_at(s, n, k - 1)) k--;
  if (d - k < 2 || k < ss + 2 || s[k - 1] != '/') return 0;
  size_t m = k - 1, q = m;
  while (q > ss && m - q < 2 && is_digit_at(s, n, q - 1)) q--;
  if (q == m || q < ss + 2 || s[q - 1] != '/') return 0;
  size_t m2 = q - 1, r = m2;
  while (r > ss && m2 - r < 2 && is_digit_at(s, n, r - 1)) r--;
  if (r == m2 || (r > ss && !(cls[s[r - 1]] & C_SP))) return 0;
  *b = r;
  *e = j;
  return 1;
}

/* Separator runs: three or more of * = _ - ~ (mixed), or "--" alone. Returns the run's end. */
static size_t separator_end(const unsigned char *s, size_t n, size_t i) {
  size_t j = i;
  while (j < n && j - i < 4096 &&
         (s[j] == '*' || s[j] == '=' || s[j] == '_' || s[j] == '-' || s[j] == '~'))
    j++;
  if (j < n && !(cls[s[j]] & C_SP)) return 0;
  return j - i >= 3 || (j - i == 2 && s[i] == '-' && s[i + 1] == '-') ? j : 0;
}

/* A list item "1) " inside a sentence whose ')' is at s[i] ("I stay four nights 1) what island
 * is good 2) ..."), not "(see 1) above" nor at the sentence start: the start of its number. */
static size_t inline_item(const unsigned char *s, size_t n, size_t ss, size_t i) {
  size_t d = i;
  while (d > ss && i - d < 2 && is_digit_at(s, n, d - 1)) d--;
  if (d == i || d < ss + 2 || s[d - 1] != ' ' || !(cls[s[d - 2]] & C_AL) || i + 1 >= n ||
      s[i + 1] != ' ')
    return 0;
  for (size_t k = ss; k < d && d - k <= 512; k++)
    if (s[k] == '(') return 0;
  return d - 1;
}

/* An e-mail address (or <address>) whose '@' is at s[i], ending before white space: its end. */
static size_t address_end(const unsigned char *s, size_t n, size_t ss, size_t i) {
  if (i == ss || (cls[s[i - 1]] & C_SP)) return 0;
  size_t j = i + 1, dot = 0;
  while (j < n && j - i < 256 && !(cls[s[j]] & C_SP)) dot |= s[j] == '.', j++;
  if (!dot || j - i < 4 || !(cls[s[j - 1]] & C_AL || s[j - 1] == '>')) return 0;
  return j;
}

/* An address ending at e is a header field ("Email: x@y.com", "<x@y.com>") or is followed
 * by a sentence starter ("x@y.com Our web address is"): not an author line in a paper. */
static int mail_context(const unsigned char *s, size_t n, size_t ss, size_t at, size_t e) {
  if (s[e - 1] == '>' || is_starter(s, n, e + 1)) return 1;
  size_t b = at; /* bounded scans: linear time whatever the input */
  while (b > ss && at - b < 256 && !(cls[s[b - 1]] & C_SP)) b--;
  size_t w = b;
  while (w > ss && b - w < 64 && (cls[s[w - 1]] & C_SP)) w--;
  size_t v = w;
  while (v > ss && w - v < 8 && !(cls[s[v - 1]] & C_SP)) v--;
  return eq_ci(s + v, w - v, "email:") || eq_ci(s + v, w - v, "email") ||
         eq_ci(s + v, w - v, "e-mail:") || eq_ci(s + v, w - v, "e-mail");
}

/* A URL word (scheme "://" inside) ends just before s[i] (i after one space)? */
static int url_word_before(const unsigned char *s, size_t ss, size_t i) {
  if (i < ss + 2 || s[i - 1] != ' ') return 0;
  size_t b = i - 1;
  while (b > ss && i - b < 2048 && !(cls[s[b - 1]] & C_SP)) b--;
  for (size_t k = b; k + 3 < i; k++)
    if (s[k] == ':' && s[k + 1] == '/' && s[k + 2] == '/') return 1;
  return 0;
}

/* The first byte at or after i that the sentence scanner must look at (sent_stop & 1), or n.
 * SSE2: 16 bytes at a time against a superset of those bytes (\n ! ) * + , - . : ; < = > ? @ _
 * and 0xE2..0xEF), each candidate then checked in the table. */
static size_t next_stop(const unsigned char *s, size_t n, size_t i) {
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
  const __m128i nl = _mm_set1_epi8('\n'), ex = _mm_set1_epi8('!'), us = _mm_set1_epi8('_');
  const __m128i lo1 = _mm_set1_epi8(0x29), span1 = _mm_set1_epi8(0x2E - 0x29);
  const __m128i lo2 = _mm_set1_epi8(0x3A), span2 = _mm_set1_epi8(0x40 - 0x3A);
  const __m128i lo3 = _mm_set1_epi8((char)0xE2), span3 = _mm_set1_epi8(0xEF - 0xE2);
  while (i + 16 <= n) {
    __m128i v;
    memcpy(&v, s + i, 16);
    __m128i d1 = _mm_sub_epi8(v, lo1), d2 = _mm_sub_epi8(v, lo2), d3 = _mm_sub_epi8(v, lo3);
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, ex)),
                             _mm_cmpeq_epi8(v, us));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_min_epu8(d1, span1), d1));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_min_epu8(d2, span2), d2));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_min_epu8(d3, span3), d3));
    uint64_t bits = (uint32_t)_mm_movemask_epi8(m);
    while (bits) {
      size_t k = i + ctz64(bits);
      if (sent_stop[s[k]] & 1) return k;
      bits &= bits - 1;
    }
    i += 16;
  }
#endif
  while (i < n && !(sent_stop[s[i]] & 1)) i++;
  return i;
}

int nc_sentence_next(const char *text, size_t len, size_t pos, unsigned flags, size_t *start,
                     size_t *end) {
  const unsigned char *s = (const unsigned char *)text;
  size_t n = len, i = pos, l;
  if (!text) return 0;
  while (i < n && is_space_at(s, n, i, &l)) i += l;
  if (i >= n) return 0;
  const size_t ss = i;
  marker m;
  parse_marker(s, n, ss, &m);
  size_t cut = n; /* end of the sentence before trimming */
  size_t e;
  const unsigned char mask = m.end ? 3 : 1;
  while (i < n) {
    if (mask == 1)
      i = next_stop(s, n, i);
    else
      while (i < n && !(sent_stop[s[i]] & mask)) i++;
    if (i >= n) break;
    unsigned char c = s[i];
    if (c == '\n') {
      /* look at the white space run after this newline */
      size_t j = i + 1, nl = 1;
      while (j < n && (cls[s[j]] & C_SP)) nl += s[j++] == '\n';
      if (nl >= 2 || j >= n) {
        cut = i;
        break;
      }
      if (!(flags & NC_SENT_JOIN_LINES)) {
        size_t p = i;
        while (p > ss && (cls[s[p - 1]] & C_SP)) p--;
        unsigned char pc = s[p - 1];
        int cont = pc == ',' || pc == ';' || pc == '-' || pc == '(' || pc == '&';
        if (!cont) {
          cut = i;
          break;
        }
      }
      i = j;
      continue;
    }
    if (c == ' ' && m.end && i >= m.end && i + 1 < n && next_item_at(s, n, i + 1, &m)) {
      cut = i;
      break;
    }
    if (c == ',' && signoff_break(s, n, ss, i)) {
      cut = i + 1;
      break;
    }
    if (c == ':') {
      size_t b, se;
      if (stamp_at(s, n, ss, i, &b, &se)) {
        /* "Kay Mann 04/26/2001 07:17 AM Will you": a stamp after a name (not "on 04/26/2001")
         * is a sentence of its own */
        size_t w = b - 1;
        while (w > ss && b - w < 64 && !(cls[s[w - 1]] & C_SP)) w--;
        if (b > ss && case_at(s, n, w) >= 0) {
          cut = b;
          break;
        }
        if (se + 1 < n && s[se] == ' ' && !(cls[s[se + 1]] & C_SP)) {
          cut = se;
          break;
        }
        i = se;
        continue;
      }
      if (i > ss && (e = emoticon_end(s, n, i)) != 0 && e + 1 < n && s[e] == ' ' &&
          letter_at(s, n, e + 1)) { /* "community :-) Posted by" */
        cut = e;
        break;
      }
      if (i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/') { /* a URL after a URL */
        size_t u = i;
        while (u > ss && i - u < 2048 && !(cls[s[u - 1]] & C_SP)) u--;
        if (u > ss && url_word_before(s, ss, u)) {
          cut = u;
          break;
        }
      }
      if (i + 2 < n && s[i + 1] == ' ' && case_at(s, n, ss) > 0 && case_at(s, n, i + 2) > 0 &&
          is_starter(s, n, i + 2)) {
        size_t w = ss; /* "Jill: As discussed, ..." (one word before the colon) */
        while (w < i && w - ss < 64 && (cls[s[w]] & C_AL)) w++;
        if (w == i) {
          cut = i + 1;
          break;
        }
      }
    }
    if (c == ')' && (e = inline_item(s, n, ss, i)) != 0) { /* "four nights 1) what island" */
      cut = e;
      break;
    }
    if (c == '@' && (e = address_end(s, n, ss, i)) != 0 && e + 2 < n && s[e] == ' ' &&
        case_at(s, n, e + 1) > 0 && mail_context(s, n, ss, i, e)) { /* "Email: x@y.com Groups:" */
      cut = e;
      break;
    }
    if ((c == '*' || c == '=' || c == '_' || c == '-') && (i == ss || (cls[s[i - 1]] & C_SP)) &&
        (e = separator_end(s, n, i)) != 0) {
      size_t same = i;
      while (same < e && s[same] == c) same++;
      if (i > ss && e - i >= 4 && same == e) { /* "*****", "=====", "_____" lines */
        cut = i;
        break;
      }
      if (i == ss && e < n && same == e) {
        cut = e;
        break;
      }
    }
    if (c == '-' || c == 0xE2) {
      size_t db = dash_break(s, n, ss, i);
      if (db) {
        cut = db;
        break;
      }
    }
    if (c < 0x80 && c != '.' && c != '!' && c != '?') {
      i++;
      continue;
    }
    if (c >= 0x80) {
      uint32_t cp;
      uclass_at(s, n, i, &l, &cp);
      if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E) { /* 。！？ */
        e = i + l;
        while (e < n && (l = closer_at(s, n, e)) != 0) e += l;
        cut = e;
        break;
      }
      if (cp != 0x2026 && cp != 0x203C && cp != 0x2047 && cp != 0x2048 && cp != 0x2049) {
        i += l;
        continue;
      }
    }
    /* a cluster of terminators: . ! ? … and spaced dots ". . ." */
    size_t j = i, dots = 0, excl = 0, ellip = 0;
    int spaced = 0;
    while (j < n) {
      if (s[j] == '.') {
        dots++;
        j++;
      } else if (s[j] == '!' || s[j] == '?') {
        excl++;
        j++;
      } else if (j + 2 < n && s[j] == 0xE2 && s[j + 1] == 0x80 && s[j + 2] == 0xA6) {
        ellip++;
        j += 3;
      } else if (j + 2 < n && s[j] == 0xE2 && s[j + 1] == 0x80 && s[j + 2] == 0xBC) {
        excl++;
        j += 3;
      } else if (s[j] == ' ' && dots && s[j - 1] == '.' && j + 1 < n && s[j + 1] == '.' &&
                 (j + 2 >= n || s[j + 2] == ' ' || s[j + 2] == '.' || closer_at(s, n, j + 2))) {
        spaced = 1;
        j++;
      } else {
        break;
      }
    }
    size_t k = j;
    while (k < n && (l = closer_at(s, n, k)) != 0) k += l;
    int closed = k > j;
    if (k + 2 < n && s[k] == ' ' && (s[k + 1] == ':' || s[k + 1] == ';')) {
      size_t em = emoticon_end(s, n, k + 1); /* "I love her. :)" keeps its smiley */
      if (em && (em >= n || (cls[s[em]] & C_SP))) k = em;
    }
    if (k >= n || (cls[s[k]] & C_SP)) k = skip_refs(s, n, k);
    int attached = i > ss && !(cls[s[i - 1]] & C_SP);
    /* what follows */
    if (k < n && !is_space_at(s, n, k, &l)) {
      /* no space after: "world.Today" splits, "Jane.Doe@x.com", "3.5", "Jr.'s" do not */
      if (k == j && dots == 1 && !excl && !ellip && attached && case_at(s, n, k) > 0 &&
          case_at(s, n, k + 1) < 0 && (cls[s[i - 1]] & C_ALNUM) && !dot_in_token(s, n, i)) {
        cut = j;
        break;
      }
      if (k == j && (dots >= 2 || ellip) && !excl && attached && case_at(s, n, k) > 0 &&
          (case_at(s, n, k + 1) < 0 || (s[k] == 'I' && k + 1 < n && s[k + 1] == ' '))) {
        cut = j; /* "a country....Iguazu is", "before..I should" */
        break;
      }
      if (k == j && excl && !dots && attached && (cls[s[i - 1]] & C_AL) && letter_at(s, n, k) &&
          !dot_in_token(s, n, i)) {
        cut = j; /* "recruits foreigners?thanks I've" (not "?q=" in a URL) */
        break;
      }
      i = j > i ? j : i + 1;
      continue;
    }
    size_t nx = k;
    int newline = 0;
    while (nx < n && is_space_at(s, n, nx, &l)) newline |= s[nx] == '\n', nx += l;
    if (nx >= n) {
      cut = k;
      break;
    }
    size_t nxl = nx;
    while (nxl < n && (l = opener_at(s, n, nxl)) != 0) nxl += l;
    if (nxl >= n) nxl = nx;
    int nxcase = case_at(s, n, nxl);
    int yes;
    if (newline && !(flags & NC_SENT_JOIN_LINES)) {
      yes = 1; /* a terminator at the end of a line ends the sentence */
    } else if (excl) {
      /* "means? where did you", "Site made! and": informal text starting in lower case; but
       * "Yahoo! in" goes on (an exclamation mark after a capitalised name belongs to it) */
      yes = nxcase >= 0;
      if (!yes && !closed && !dots && !ellip) {
        size_t w = i;
        while (w > ss && !(cls[s[w - 1]] & C_SP)) w--;
        yes = memchr(s + i, '!', j - i) == NULL || case_at(s, n, w) < 0;
      }
    } else if (dots == 1 && !ellip) {
      yes = period_boundary(s, n, ss, i, nxl, &m, closed) == SB_YES;
    } else if (nxcase < 0) {
      yes = 0;
    } else if (spaced && dots == 4 && attached && !ellip) {
      /* "compounds. . . . The": the period ends the sentence, the ellipsis starts the next */
      if (nxcase > 0) {
        cut = i + 1;
        break;
      }
      yes = 0;
    } else {
      /* "agreement.. The" (a doubled period) ends like one; "..." and "…" go on */
      yes = dots >= 4 || (ellip && dots >= 1) || (dots == 2 && !spaced && attached);
      /* "... This operation": an ellipsis before a sentence starter (not "... I", not a name
       * "wide-ranging... Varga said") ends a sentence */
      if ((dots == 3 || (ellip && !dots)) && nxcase > 0 && !closed && i > ss &&
          !(s[nxl] == 'I' && nxl + 1 < n && !(cls[s[nxl + 1]] & C_AL)) && is_starter(s, n, nxl))
        yes = 1;
    }
    if (yes) {
      cut = k;
      break;
    }
    i = k;
  }
  e = cut;
  while (e > ss && (cls[s[e - 1]] & C_SP)) e--;
  *start = ss;
  *end = e;
  return 1;
}

/* ---- keys ----------------------------------------------------------------------------------- */

struct nc_stemmer {
  struct sb_stemmer *sb;
  const nc_alloc *a;
};

nc_stemmer *nc_stemmer_new(const nc_alloc *a) {
  if (!a) a = nc_default_alloc();
  nc_stemmer *st = nc_malloc(a, sizeof *st);
  if (!st) return NULL;
  st->a = a;
  st->sb = sb_stemmer_new("english", "UTF_8");
  if (!st->sb) {
    nc_free(a, st, sizeof *st);
    return NULL;
  }
  return st;
}

void nc_stemmer_free(nc_stemmer *st) {
  if (!st) return;
  sb_stemmer_delete(st->sb);
  nc_free(st->a, st, sizeof *st);
}

static int is_punct_cp(uint32_t cp) {
  if (cp < 0x80) return (cls[cp] & C_PU) != 0;
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

/* Unicode path: decode, (strip), fold/normalise with utf8proc into a code point array, then
 * encode into out. */
static int key_unicode(const unsigned char *s, size_t n, unsigned flags, nc_buf *out) {
  utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
  if (flags & NC_KEY_FOLD) opt |= UTF8PROC_CASEFOLD;
  if (flags & NC_KEY_NFKC) opt |= UTF8PROC_COMPAT;
  utf8proc_int32_t stackbuf[256], *buf = stackbuf;
  size_t cap = 256, used = 0, bytes = 0;
  int rc = NC_OK;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int v;
    size_t l = nc_utf8_decode(s, n, i, &cp, &v);
    i += l;
    if ((flags & NC_KEY_STRIP) && is_punct_cp(cp)) continue;
    if ((flags & NC_KEY_FOLD) && (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)) cp = '\'';
    int lbc = 0;
    for (;;) {
      utf8proc_ssize_t r = utf8proc_decompose_char((utf8proc_int32_t)cp, buf + used,
                                                   (utf8proc_ssize_t)(cap - used), opt, &lbc);
      if (r < 0) { /* cannot happen for a valid code point; keep the original */
        r = 1;
        if (cap - used >= 1) buf[used] = (utf8proc_int32_t)cp;
      }
      if ((size_t)r <= cap - used) {
        used += (size_t)r;
        break;
      }
      size_t ncap = cap * 2 + (size_t)r, osz = buf == stackbuf ? 0 : cap * sizeof *buf;
      size_t nsz = nc_mul(ncap, sizeof *buf);
      utf8proc_int32_t *nb = nsz ? nc_malloc(out->a, nsz) : NULL;
      if (!nb) {
        rc = NC_ENOMEM;
        goto done;
      }
      memcpy(nb, buf, used * sizeof *buf);
      if (buf != stackbuf) nc_free(out->a, buf, osz);
      buf = nb;
      cap = ncap;
    }
  }
  {
    utf8proc_ssize_t m = utf8proc_normalize_utf32(buf, (utf8proc_ssize_t)used, opt);
    if (m < 0) m = (utf8proc_ssize_t)used;
    bytes = (size_t)m;
    if (bytes && !nc_mul(bytes, 4)) {
      rc = NC_ENOMEM;
      goto done;
    }
    rc = nc_buf_reserve(out, bytes * 4);
    if (rc) goto done;
    for (size_t q = 0; q < bytes; q++) {
      utf8proc_ssize_t w = utf8proc_encode_char(buf[q], (utf8proc_uint8_t *)out->data + out->len);
      out->len += (size_t)w;
    }
    out->data[out->len] = 0;
  }
done:
  if (buf != stackbuf) nc_free(out->a, buf, cap * sizeof *buf);
  return rc;
}

static int key_plain(const unsigned char *s, size_t n, unsigned flags, nc_buf *out) {
  size_t i = 0;
  for (; i < n && s[i] < 0x80; i++) {
  }
  if (i < n) return key_unicode(s, n, flags, out);
  int rc = nc_buf_reserve(out, n);
  if (rc) return rc;
  char *d = out->data + out->len;
  for (i = 0; i < n; i++) {
    unsigned char c = s[i];
    if ((flags & NC_KEY_STRIP) && (cls[c] & C_PU)) continue;
    *d++ = (char)((flags & NC_KEY_FOLD) ? lower_ascii(c) : c);
  }
  out->len = (size_t)(d - out->data);
  out->data[out->len] = 0;
  return NC_OK;
}

int nc_token_key_ex(const char *s, size_t n, unsigned flags, nc_stemmer *st, nc_buf *out) {
  const unsigned char *u = (const unsigned char *)s;
  if (!s && n) return NC_EINVAL;
  if (!(flags & NC_KEY_STEM)) return key_plain(u, n, flags, out);
  /* stemming: key into a temporary, lower-case it (Snowball expects lower case), stem */
  nc_buf tmp;
  nc_buf_init(&tmp, out->a);
  int rc = key_plain(u, n, flags | NC_KEY_FOLD, &tmp);
  nc_stemmer *own = NULL;
  if (!rc && !st) {
    own = nc_stemmer_new(out->a);
    if (!own) rc = NC_ENOMEM;
    st = own;
  }
  if (!rc && tmp.len > 0x7FFFFFF) rc = NC_ELIMIT;
  if (!rc && tmp.len) {
    const sb_symbol *r = sb_stemmer_stem(st->sb, (const sb_symbol *)tmp.data, (int)tmp.len);
    if (!r)
      rc = NC_ENOMEM;
    else
      rc = nc_buf_append(out, r, (size_t)sb_stemmer_length(st->sb));
  } else if (!rc) {
    rc = nc_buf_reserve(out, 0);
  }
  nc_stemmer_free(own);
  nc_buf_free(&tmp);
  return rc;
}

int nc_token_key(const char *s, size_t n, unsigned flags, nc_buf *out) {
  return nc_token_key_ex(s, n, flags, NULL, out);
}

/* The Snowball English stop word list (snowballstem.org/algorithms/english/stop.txt). */
static const char *const stopwords[] = {
    "a",          "about",   "above",     "after",   "again",    "against",   "all",    "am",
    "an",         "and",     "any",       "are",     "aren't",   "as",        "at",     "be",
    "because",    "been",    "before",    "being",   "below",    "between",   "both",   "but",
    "by",         "can't",   "cannot",    "could",   "couldn't", "did",       "didn't", "do",
    "does",       "doesn't", "doing",     "don't",   "down",     "during",    "each",   "few",
    "for",        "from",    "further",   "had",     "hadn't",   "has",       "hasn't", "have",
    "haven't",    "having",  "he",        "he'd",    "he'll",    "he's",      "her",    "here",
    "here's",     "hers",    "herself",   "him",     "himself",  "his",       "how",    "how's",
    "i",          "i'd",     "i'll",      "i'm",     "i've",     "if",        "in",     "into",
    "is",         "isn't",   "it",        "it's",    "its",      "itself",    "let's",  "me",
    "more",       "most",    "mustn't",   "my",      "myself",   "no",        "nor",    "not",
    "of",         "off",     "on",        "once",    "only",     "or",        "other",  "ought",
    "our",        "ours",    "ourselves", "out",     "over",     "own",       "same",   "shan't",
    "she",        "she'd",   "she'll",    "she's",   "should",   "shouldn't", "so",     "some",
    "such",       "than",    "that",      "that's",  "the",      "their",     "theirs", "them",
    "themselves", "then",    "there",     "there's", "these",    "they",      "they'd", "they'll",
    "they're",    "they've", "this",      "those",   "through",  "to",        "too",    "under",
    "until",      "up",      "very",      "was",     "wasn't",   "we",        "we'd",   "we'll",
    "we're",      "we've",   "were",      "weren't", "what",     "what's",    "when",   "when's",
    "where",      "where's", "which",     "while",   "who",      "who's",     "whom",   "why",
    "why's",      "with",    "won't",     "would",   "wouldn't", "you",       "you'd",  "you'll",
    "you're",     "you've",  "your",      "yours",   "yourself", "yourselves"};

static int cmp_str(const void *a, const void *b) {
  return strcmp((const char *)a, *(const char *const *)b);
}

int nc_is_stopword(const char *s, size_t n) {
  char w[16];
  size_t m = 0;
  const unsigned char *u = (const unsigned char *)s;
  if (!s) return 0;
  for (size_t i = 0; i < n; i++) {
    if (m + 1 >= sizeof w) return 0;
    if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0x99) {
      w[m++] = '\'';
      i += 2;
      continue;
    }
    if (u[i] >= 0x80 || u[i] == 0) return 0;
    w[m++] = (char)lower_ascii(u[i]);
  }
  w[m] = 0;
  return bsearch(w, stopwords, sizeof stopwords / sizeof stopwords[0], sizeof stopwords[0],
                 cmp_str) != NULL;
}
