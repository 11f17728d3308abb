/* nc_match.c: token-level trie of gazetteer names, hashed edges, leftmost-longest scan. */
#include "nc_match.h"

#include <string.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL /* short keys: let the compiler inline XXH3 */
#include <xxhash.h>

#include "nc_token.h"

/* ---- units: tokens as the matcher sees them ------------------------------------------- */

enum {
  U_LOWER = 1u << 0,    /* has a lower-case letter */
  U_UPPER = 1u << 1,    /* has an upper-case letter */
  U_ALNUM = 1u << 2,    /* has a letter or digit */
  U_LONG = 1u << 3,     /* key longer than NC_MATCH_MAX_KEY: matches nothing */
  U_ALT = 1u << 4,      /* possessive: alt_end / alt_h are set */
  U_ALT_LOWER = 1u << 5 /* the part before the possessive has a lower-case letter */
};

typedef struct unit {
  size_t start, end; /* the whole unit */
  size_t match_end;  /* end reported for a match ending here (no trailing apostrophe) */
  size_t alt_end;    /* end without the possessive 's (U_ALT) */
  uint64_t h, alt_h; /* key hashes */
  unsigned flags;
  unsigned letters; /* letters in the key (for the short all-caps rule) */
} unit;

static int is_ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_word_byte(unsigned char c) {
  return is_ascii_alpha(c) || (c >= '0' && c <= '9') || c >= 0x80;
}
static int is_apostrophe(uint32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

/* A run of single ASCII letters joined by dots ("U.S.", "U.K", "e.g.") as one unit: returns its
 * end, or 0 when the text at i is not such a run. */
static size_t dotted_run(const unsigned char *s, size_t len, size_t i) {
  size_t j = i;
  int letters = 0;
  while (j < len && is_ascii_alpha(s[j]) && (j + 1 >= len || !is_word_byte(s[j + 1]))) {
    letters++;
    if (j + 1 < len && s[j + 1] == '.') {
      j += 2;
      if (!(j < len && is_ascii_alpha(s[j]))) break;
    } else {
      j += 1;
      break;
    }
  }
  return letters >= 2 ? j : 0;
}

static void put_cp(unsigned char *k, size_t *kl, uint32_t cp, int *overflow) {
  unsigned char t[4];
  size_t n;
  if (cp < 0x80) {
    t[0] = (unsigned char)cp;
    n = 1;
  } else if (cp < 0x800) {
    t[0] = (unsigned char)(0xC0 | (cp >> 6));
    t[1] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    t[0] = (unsigned char)(0xE0 | (cp >> 12));
    t[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    t[2] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    t[0] = (unsigned char)(0xF0 | (cp >> 18));
    t[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    t[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    t[3] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  if (*kl + n > NC_MATCH_MAX_KEY) {
    *overflow = 1;
    return;
  }
  memcpy(k + *kl, t, n);
  *kl += n;
}

/* Computes the folded key hashes and flags of u->[start, end). With exact != 0 the key is the
 * unfolded stripped text (for case-sensitive entries) and only u->h is meaningful. */
static void unit_key(const unsigned char *s, unit *u, int exact) {
  unsigned char key[NC_MATCH_MAX_KEY];
  size_t kl = 0, apos_kl = 0, apos_pos = 0, apos_len = 0;
  unsigned flags = 0, lower_at_apos = 0, letters = 0;
  int overflow = 0;
  for (size_t i = u->start; i < u->end;) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == '.' || c == '\'') {
        if (c == '\'') {
          apos_kl = kl;
          apos_pos = i;
          apos_len = 1;
          lower_at_apos = flags & U_LOWER;
        }
        i++;
        continue;
      }
      if (c >= 'a' && c <= 'z') {
        flags |= U_LOWER | U_ALNUM;
        letters++;
      } else if (c >= 'A' && c <= 'Z') {
        flags |= U_UPPER | U_ALNUM;
        letters++;
        if (!exact) c = (unsigned char)(c + 32);
      } else if (c >= '0' && c <= '9') {
        flags |= U_ALNUM;
      }
      if (kl < NC_MATCH_MAX_KEY)
        key[kl++] = c;
      else
        overflow = 1;
      i++;
      continue;
    }
    uint32_t cp;
    int valid;
    size_t n = nc_utf8_decode(s, u->end, i, &cp, &valid);
    (void)valid; /* an invalid sequence keys as U+FFFD, like any symbol */
    if (is_apostrophe(cp)) {
      apos_kl = kl;
      apos_pos = i;
      apos_len = n;
      lower_at_apos = flags & U_LOWER;
      i += n;
      continue;
    }
    if (cp == 0x2010 || cp == 0x2011) cp = '-'; /* Unicode hyphens key as '-' */
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    if (cat == UTF8PROC_CATEGORY_LL) flags |= U_LOWER;
    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) flags |= U_UPPER;
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) letters++;
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) flags |= U_ALNUM;
    if (exact) {
      put_cp(key, &kl, cp, &overflow);
    } else {
      utf8proc_int32_t dst[8];
      int last = 0;
      utf8proc_ssize_t m = utf8proc_decompose_char((utf8proc_int32_t)cp, dst, 8,
                                                   UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE, &last);
      if (m < 0 || m > 8) {
        put_cp(key, &kl, cp, &overflow);
      } else {
        for (utf8proc_ssize_t k = 0; k < m; k++) put_cp(key, &kl, (uint32_t)dst[k], &overflow);
      }
    }
    i += n;
  }
  u->flags = flags;
  u->letters = letters;
  u->match_end = u->end;
  if (overflow) {
    u->flags |= U_LONG;
    u->h = u->alt_h = 0;
    return;
  }
  u->h = XXH3_64bits(key, kl);
  if (apos_len && apos_pos + apos_len == u->end && apos_pos > u->start) {
    u->match_end = apos_pos; /* "Burns'" */
  } else if (apos_len && apos_pos + apos_len + 1 == u->end && (s[u->end - 1] | 0x20) == 's' &&
             apos_kl > 0) {
    u->flags |= U_ALT; /* "Blinken's", "Blinken’s" */
    if (lower_at_apos) u->flags |= U_ALT_LOWER;
    u->alt_end = apos_pos;
    u->alt_h = XXH3_64bits(key, apos_kl);
  }
}

/* Length of the hyphen at s[i] ('-', U+2010 or U+2011), 0 when there is none. */
static size_t hyphen_len(const unsigned char *s, size_t i, size_t end) {
  if (s[i] == '-') return 1;
  if (i + 2 < end && s[i] == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0x90 || s[i + 2] == 0x91))
    return 3;
  return 0;
}

/* Offset of the first hyphen in s[start, end), or end. */
static size_t hyphen_at(const unsigned char *s, size_t start, size_t end) {
  for (size_t i = start; i < end; i++)
    if (hyphen_len(s, i, end)) return i;
  return end;
}

/* Bytes that end a run of ASCII letters / digits as a plain word of the tokenizer whatever
 * comes next (white space and controls, and punctuation that never joins a word: not '.', '\'',
 * '-', ':', '/', '@' ...). A subset of nc_token.c's word ends; ',' only after a letter ("1,000"
 * is one number). */
static int plain_word_end(unsigned char c, int letter) {
  return c <= 0x20 || (c == ',' && letter) || c == ';' || c == '(' || c == ')' || c == '"' ||
         c == '!' || c == '?';
}

/* ASCII fast path: at s[i] (after white space), a run of ASCII letters / digits ended by a
 * plain_word_end byte or the end of the text is one token of the tokenizer and one unit (no
 * dots, hyphens or apostrophes to handle): its key is the run lower-cased. Fills u and returns
 * 1, or returns 0 to let the general path decide. */
static int ascii_unit(const unsigned char *s, size_t len, size_t i, unit *u) {
  unsigned char key[NC_MATCH_MAX_KEY + 8];
  size_t j = i, kl = 0;
  unsigned flags = 0, letters = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* 8 bytes at a time: classify, lower-case (set 0x20 on capitals) and count letters */
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  while (j + 8 <= len) {
    if (kl + 8 > sizeof key) return 0; /* too long a key: the general path marks it */
    uint64_t x;
    memcpy(&x, s + j, 8);
    uint64_t t = x & ~high;
#define NC_IN(lo, hi) (((t + ones * (0x80 - (lo))) & ~(t + ones * (0x7F - (hi)))) & high & ~x)
    uint64_t up = NC_IN('A', 'Z'), low = NC_IN('a', 'z'), dig = NC_IN('0', '9');
#undef NC_IN
    uint64_t stop = ~(up | low | dig) & high;
    uint64_t keep = stop ? (stop & (0 - stop)) - 1 : ~0ull; /* bits of the bytes before it */
    uint64_t lowered = x | (up >> 2);
    memcpy(key + kl, &lowered, 8);
    up &= keep;
    low &= keep;
    letters += (unsigned)((((up | low) >> 7) * ones) >> 56); /* one bit a letter: add bytes */
    if (up) flags |= U_UPPER;
    if (low) flags |= U_LOWER;
    if (stop) {
      size_t k = (size_t)__builtin_ctzll(stop) >> 3;
      kl += k;
      j += k;
      goto done;
    }
    kl += 8;
    j += 8;
  }
#endif
#endif
  for (; j < len; j++) {
    unsigned char c = s[j], lc = (unsigned char)(c | 0x20);
    if (lc >= 'a' && lc <= 'z') {
      letters++;
      flags |= (c & 0x20) ? U_LOWER : U_UPPER;
    } else if (c >= '0' && c <= '9') {
      lc = c;
    } else {
      break;
    }
    if (kl >= NC_MATCH_MAX_KEY) return 0; /* too long a key: the general path marks it */
    key[kl++] = lc;
  }
  goto done; /* (keeps the label used when the 8-byte loop is compiled out) */
done:
  if (j == i || kl > NC_MATCH_MAX_KEY || (j < len && !plain_word_end(s[j], letters > 0))) return 0;
  u->start = i;
  u->end = u->match_end = j;
  u->flags = flags | U_ALNUM;
  u->letters = letters;
  u->h = XXH3_64bits(key, kl);
  return 1;
}

/* Finds the next unit starting at or after pos; returns 0 at the end of the text. fast: try the
 * ASCII fast path (the same units, tested against the general path). */
static int unit_next(const char *text, size_t len, size_t pos, unit *u, int fast) {
  nc_token tok;
  const unsigned char *s = (const unsigned char *)text;
  if (fast) {
    while (pos < len && s[pos] <= 0x20) pos++; /* white space / controls for the tokenizer */
    if (pos < len && ascii_unit(s, len, pos, u)) return 1;
  }
  if (pos >= len || !nc_token_next(text, len, pos, 0, &tok)) return 0;
  if (tok.start >= len || tok.end > len || tok.end <= tok.start) return 0;
  size_t d = dotted_run(s, len, tok.start);
  u->start = tok.start;
  u->end = d ? d : tok.end;
  if (!d) {
    /* Hyphens split units whatever the tokenizer does with compounds: "US-China" is US, -,
     * China for names and text alike. */
    size_t h = hyphen_at(s, u->start, u->end);
    if (h == u->start)
      u->end = u->start + hyphen_len(s, u->start, u->end);
    else if (h < u->end)
      u->end = h;
  }
  unit_key(s, u, 0);
  return 1;
}

/* Hash of the unfolded units [start, end) list, for case-sensitive entries. */
static uint64_t exact_combine(uint64_t acc, const unsigned char *s, size_t start, size_t end) {
  unit e;
  e.start = start;
  e.end = end;
  unit_key(s, &e, 1);
  return acc * 0x100000001B3ull ^ e.h;
}

/* ---- the trie -------------------------------------------------------------------------- */

typedef struct edge {
  uint64_t key;
  uint32_t parent;
  uint32_t child; /* 0: empty slot (the root is never a child) */
} edge;

typedef struct node {
  uint32_t out;    /* 1 + index of the first output, 0: none */
  uint32_t nchild; /* number of children */
  uint64_t kids;   /* bit (key >> 58) of each child's key: most failed lookups stop here */
} node;

typedef struct output {
  uint64_t case_hash;
  uint32_t value;
  uint32_t flags; /* O_EXACT, O_UPPER */
  uint32_t next;  /* 1 + index of the next output, 0: end */
} output;

enum { O_EXACT = 1u << 0, O_UPPER = 1u << 1 };

struct nc_matcher {
  nc_alloc alloc;
  node *nodes;
  size_t nnodes, capnodes;
  edge *edges;
  size_t nedges, capedges; /* capedges: power of two */
  uint64_t *filter;        /* Bloom filter of edges (2 bits each): 4 * capedges bits */
  output *outs;
  size_t nouts, capouts;
  size_t names;
  size_t max_units;
};

/* The bit of a child key in its parent's kids mask. */
static uint64_t kid_bit(uint64_t key) { return 1ull << (key >> 58); }

static uint64_t mix(uint64_t key, uint32_t parent) {
  uint64_t x = key ^ ((uint64_t)parent + 1) * 0x9E3779B97F4A7C15ull;
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 29;
  return x;
}

/* The filter has 4 * capedges bits (words: capedges / 16), a blocked Bloom filter: two bits
 * per edge in one 64-bit word chosen by the high half of the mixed hash, so a failed lookup
 * touches one word of one small array only. */
static size_t filter_words(size_t capedges) { return capedges / 16; }

static size_t filter_word(size_t capedges, uint64_t x) {
  return (size_t)(x >> 32) & (filter_words(capedges) - 1);
}

static uint64_t filter_bits(uint64_t x) {
  return (1ull << ((x >> 20) & 63)) | (1ull << ((x >> 26) & 63));
}

static void filter_set(uint64_t *f, size_t capedges, uint64_t x) {
  f[filter_word(capedges, x)] |= filter_bits(x);
}

static int filter_has(const uint64_t *f, size_t capedges, uint64_t x) {
  uint64_t b = filter_bits(x);
  return (f[filter_word(capedges, x)] & b) == b;
}

static uint32_t edge_find(const nc_matcher *m, uint32_t parent, uint64_t key) {
  if (!m->capedges || !(m->nodes[parent].kids & kid_bit(key))) return 0;
  size_t mask = m->capedges - 1;
  uint64_t x = mix(key, parent);
  if (!filter_has(m->filter, m->capedges, x)) return 0;
  for (size_t i = (size_t)x & mask;; i = (i + 1) & mask) {
    const edge *e = &m->edges[i];
    if (!e->child) return 0;
    if (e->key == key && e->parent == parent) return e->child;
  }
}

static int edges_grow(nc_matcher *m, size_t need) {
  if ((m->nedges + need) * 2 <= m->capedges) return NC_OK;
  size_t ncap = m->capedges ? m->capedges : 1024;
  while ((m->nedges + need) * 2 > ncap) {
    if (ncap > SIZE_MAX / 2 / sizeof(edge)) return NC_ENOMEM;
    ncap *= 2;
  }
  edge *ne = nc_malloc(&m->alloc, ncap * sizeof(edge));
  if (!ne) return NC_ENOMEM;
  uint64_t *nf = nc_malloc(&m->alloc, filter_words(ncap) * sizeof(uint64_t));
  if (!nf) {
    nc_free(&m->alloc, ne, ncap * sizeof(edge));
    return NC_ENOMEM;
  }
  memset(ne, 0, ncap * sizeof(edge));
  memset(nf, 0, filter_words(ncap) * sizeof(uint64_t));
  size_t mask = ncap - 1;
  for (size_t i = 0; i < m->capedges; i++) {
    const edge *e = &m->edges[i];
    if (!e->child) continue;
    uint64_t x = mix(e->key, e->parent);
    size_t j = (size_t)x & mask;
    while (ne[j].child) j = (j + 1) & mask;
    ne[j] = *e;
    filter_set(nf, ncap, x);
  }
  nc_free(&m->alloc, m->edges, m->capedges * sizeof(edge));
  nc_free(&m->alloc, m->filter, filter_words(m->capedges) * sizeof(uint64_t));
  m->edges = ne;
  m->filter = nf;
  m->capedges = ncap;
  return NC_OK;
}

static int grow_array(const nc_alloc *a, void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return NC_OK;
  size_t ncap = *cap ? *cap : 256;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2 / elem) return NC_ENOMEM;
    ncap *= 2;
  }
  void *np = nc_realloc(a, *p, *cap * elem, ncap * elem);
  if (!np) return NC_ENOMEM;
  *p = np;
  *cap = ncap;
  return NC_OK;
}

int nc_matcher_new(const nc_alloc *a, nc_matcher **out) {
  if (!a) a = nc_default_alloc();
  *out = NULL;
  nc_matcher *m = nc_malloc(a, sizeof *m);
  if (!m) return NC_ENOMEM;
  memset(m, 0, sizeof *m);
  m->alloc = *a;
  void *p = NULL;
  int rc = grow_array(&m->alloc, &p, &m->capnodes, 1, sizeof(node));
  if (rc) {
    nc_free(a, m, sizeof *m);
    return rc;
  }
  m->nodes = p;
  m->nodes[0].out = 0;
  m->nodes[0].nchild = 0;
  m->nodes[0].kids = 0;
  m->nnodes = 1;
  *out = m;
  return NC_OK;
}

void nc_matcher_free(nc_matcher *m) {
  if (!m) return;
  nc_alloc a = m->alloc;
  nc_free(&a, m->nodes, m->capnodes * sizeof(node));
  nc_free(&a, m->edges, m->capedges * sizeof(edge));
  nc_free(&a, m->filter, filter_words(m->capedges) * sizeof(uint64_t));
  nc_free(&a, m->outs, m->capouts * sizeof(output));
  nc_free(&a, m, sizeof *m);
}

int nc_matcher_add(nc_matcher *m, const char *s, size_t n, uint32_t value, unsigned flags) {
  if (!m || (!s && n)) return NC_EINVAL;
  if (n > NC_MATCH_MAX_NAME) return NC_ELIMIT;
  const unsigned char *us = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int valid;
    if (us[i] == 0) return NC_EUTF8;
    i += nc_utf8_decode(us, n, i, &cp, &valid);
    if (!valid) return NC_EUTF8;
  }
  unit units[NC_MATCH_MAX_UNITS];
  size_t count = 0, letters = 0;
  int alnum = 0, all_caps = 1;
  uint64_t case_hash = 0;
  for (size_t pos = 0;;) {
    unit u;
    if (!unit_next(s, n, pos, &u, 1)) break;
    if (count == NC_MATCH_MAX_UNITS || (u.flags & U_LONG)) return NC_ELIMIT;
    if (u.flags & U_ALNUM) alnum = 1;
    if ((u.flags & U_LOWER) || ((u.flags & U_ALNUM) && u.letters && !(u.flags & U_UPPER)))
      all_caps = 0;
    letters += u.letters;
    if (flags & NC_MATCH_EXACT) case_hash = exact_combine(case_hash, us, u.start, u.end);
    units[count++] = u;
    pos = u.end;
  }
  if (!alnum) return NC_EPARSE;
  uint32_t oflags = 0;
  if (flags & NC_MATCH_EXACT)
    oflags |= O_EXACT;
  else if (!(flags & NC_MATCH_FOLD) && all_caps && letters > 0 && letters <= 5)
    oflags |= O_UPPER;
  if (!(oflags & O_EXACT)) case_hash = 0;

  /* Reserve everything first, so that the insertion below cannot fail half way. */
  int rc = edges_grow(m, count);
  if (!rc) {
    void *p = m->nodes;
    rc = grow_array(&m->alloc, &p, &m->capnodes, m->nnodes + count, sizeof(node));
    m->nodes = p;
  }
  if (!rc) {
    void *p = m->outs;
    rc = grow_array(&m->alloc, &p, &m->capouts, m->nouts + 1, sizeof(output));
    m->outs = p;
  }
  if (rc) return rc;
  if (m->nnodes + count > UINT32_MAX || m->nouts + 1 > UINT32_MAX) return NC_ELIMIT;

  uint32_t cur = 0;
  for (size_t k = 0; k < count; k++) {
    uint32_t child = edge_find(m, cur, units[k].h);
    if (!child) {
      child = (uint32_t)m->nnodes++;
      m->nodes[child].out = 0;
      m->nodes[child].nchild = 0;
      m->nodes[child].kids = 0;
      size_t mask = m->capedges - 1;
      uint64_t x = mix(units[k].h, cur);
      size_t j = (size_t)x & mask;
      while (m->edges[j].child) j = (j + 1) & mask;
      filter_set(m->filter, m->capedges, x);
      m->edges[j].key = units[k].h;
      m->edges[j].parent = cur;
      m->edges[j].child = child;
      m->nedges++;
      m->nodes[cur].nchild++;
      m->nodes[cur].kids |= kid_bit(units[k].h);
    }
    cur = child;
  }
  /* Append the output at the end of the node's list unless it is already there. */
  uint32_t *link = &m->nodes[cur].out;
  while (*link) {
    output *o = &m->outs[*link - 1];
    if (o->value == value && o->flags == oflags && o->case_hash == case_hash) return NC_OK;
    link = &o->next;
  }
  output *o = &m->outs[m->nouts];
  o->case_hash = case_hash;
  o->value = value;
  o->flags = oflags;
  o->next = 0;
  *link = (uint32_t)(++m->nouts);
  m->names++;
  if (count > m->max_units) m->max_units = count;
  return NC_OK;
}

void nc_matcher_stats_get(const nc_matcher *m, nc_matcher_stats *st) {
  st->names = m->names;
  st->nodes = m->nnodes;
  st->edges = m->nedges;
  st->bytes = sizeof *m + m->capnodes * sizeof(node) + m->capedges * sizeof(edge) +
              filter_words(m->capedges) * sizeof(uint64_t) + m->capouts * sizeof(output);
  st->max_len = m->max_units;
}

/* ---- scanning -------------------------------------------------------------------------- */

/* A small direct-mapped cache of edge lookups kept by one scan: common words ("the", "of")
 * are looked up over and over, and the cache keeps them out of the big edge table. An entry
 * is identified by the 64-bit mixed hash of (parent, key), a bijection of the pair for a
 * fixed parent. */
enum { CACHE_SLOTS = 1024 };

typedef struct cache_entry {
  uint64_t x;
  uint32_t child; /* 0: no such edge */
  uint32_t used;
} cache_entry;

typedef struct scan_state {
  const nc_matcher *m;
  const char *text;
  size_t len;
  cache_entry cache[CACHE_SLOTS];
  unit ring[NC_MATCH_MAX_UNITS];
  size_t head, count; /* units ring[head .. head+count) (mod NC_MATCH_MAX_UNITS) */
  int fast;           /* ASCII fast path for units */
} scan_state;

static unit *ring_at(scan_state *st, size_t k) {
  return &st->ring[(st->head + k) % NC_MATCH_MAX_UNITS];
}

/* Loads units up to k (relative to the head); returns NULL at the end of the text. */
static unit *ring_fill(scan_state *st, size_t k, size_t pos) {
  while (st->count <= k) {
    size_t from = st->count ? ring_at(st, st->count - 1)->end : pos;
    unit *u = ring_at(st, st->count);
    if (!unit_next(st->text, st->len, from, u, st->fast)) return NULL;
    st->count++;
  }
  return ring_at(st, k);
}

/* Makes sure unit k (relative to the head) is loaded; returns NULL at the end of the text. */
static inline unit *ring_get(scan_state *st, size_t k, size_t pos) {
  return k < st->count ? ring_at(st, k) : ring_fill(st, k, pos);
}

static void ring_pop(scan_state *st, size_t n) {
  if (n > st->count) n = st->count;
  st->head = (st->head + n) % NC_MATCH_MAX_UNITS;
  st->count -= n;
}

/* Does output o accept the span of units 0..last (with the possessive cut when alt)? */
static int output_ok(scan_state *st, const output *o, size_t last, int alt) {
  if (o->flags & O_UPPER) {
    for (size_t k = 0; k <= last; k++) {
      const unit *u = ring_at(st, k);
      unsigned lower = (k == last && alt) ? (u->flags & U_ALT_LOWER) : (u->flags & U_LOWER);
      if (lower) return 0;
    }
  }
  if (o->flags & O_EXACT) {
    /* text in capitals (a headline) is accepted: the trie already matched it folded */
    int caps = 1, upper = 0;
    for (size_t k = 0; k <= last; k++) {
      const unit *u = ring_at(st, k);
      unsigned lower = (k == last && alt) ? (u->flags & U_ALT_LOWER) : (u->flags & U_LOWER);
      if (lower) caps = 0;
      if (u->flags & U_UPPER) upper = 1;
    }
    if (caps && upper) return 1;
    const unsigned char *s = (const unsigned char *)st->text;
    uint64_t acc = 0;
    for (size_t k = 0; k <= last; k++) {
      const unit *u = ring_at(st, k);
      acc = exact_combine(acc, s, u->start, (k == last && alt) ? u->alt_end : u->end);
    }
    if (acc != o->case_hash) return 0;
  }
  return 1;
}

static uint32_t edge_find_cached(scan_state *st, uint32_t parent, uint64_t key) {
  const nc_matcher *m = st->m;
  if (!(m->nodes[parent].kids & kid_bit(key))) return 0; /* the node was just read: cheap */
  uint64_t x = mix(key, parent);
  cache_entry *c = &st->cache[(x >> 44) & (CACHE_SLOTS - 1)];
  if (c->used && c->x == x) return c->child;
  size_t mask = m->capedges - 1;
  uint32_t child = 0;
  if (filter_has(m->filter, m->capedges, x))
    for (size_t i = (size_t)x & mask;; i = (i + 1) & mask) {
      const edge *e = &m->edges[i];
      if (!e->child) break;
      if (e->key == key && e->parent == parent) {
        child = e->child;
        break;
      }
    }
  c->x = x;
  c->child = child;
  c->used = 1;
  return child;
}

static int node_accepts(scan_state *st, uint32_t nd, size_t last, int alt) {
  for (uint32_t i = st->m->nodes[nd].out; i; i = st->m->outs[i - 1].next)
    if (output_ok(st, &st->m->outs[i - 1], last, alt)) return 1;
  return 0;
}

static int emit(scan_state *st, uint32_t nd, size_t last, int alt, nc_vec *out) {
  const unit *u0 = ring_at(st, 0), *ul = ring_at(st, last);
  size_t start = u0->start, end = alt ? ul->alt_end : ul->match_end;
  for (uint32_t i = st->m->nodes[nd].out; i; i = st->m->outs[i - 1].next) {
    const output *o = &st->m->outs[i - 1];
    if (!output_ok(st, o, last, alt)) continue;
    nc_match *mt = nc_vec_push(out);
    if (!mt) return NC_ENOMEM;
    mt->start = start;
    mt->end = end;
    mt->value = o->value;
  }
  return NC_OK;
}

int nc_matcher_scan(const nc_matcher *m, const char *text, size_t len, size_t pos, unsigned flags,
                    nc_vec *out, size_t max_spans, size_t *next) {
  scan_state st;
  memset(st.cache, 0, sizeof st.cache);
  st.m = m;
  st.text = text;
  st.len = len;
  st.head = st.count = 0;
  st.fast = !(flags & NC_MATCH_NO_FAST_PATH);
  size_t spans = 0;
  int overlap = (flags & NC_MATCH_OVERLAP) != 0;
  int possessive = !(flags & NC_MATCH_NO_POSSESSIVE);
  size_t depth = m->max_units;
  *next = len;
  if (pos > len) return NC_OK;
  if (!text || m->nnodes <= 1) return NC_OK;
  for (;;) {
    if (!ring_get(&st, 0, pos)) break;
    uint32_t nd = 0, best = 0;
    size_t best_last = 0;
    int best_alt = 0, found = 0;
    for (size_t k = 0; k < depth; k++) {
      const unit *u = ring_get(&st, k, pos);
      if (!u || (u->flags & U_LONG)) break;
      uint32_t child = edge_find_cached(&st, nd, u->h);
      uint32_t achild =
          (possessive && (u->flags & U_ALT)) ? edge_find_cached(&st, nd, u->alt_h) : 0;
      int hit = 0;
      if (child && m->nodes[child].out && node_accepts(&st, child, k, 0)) {
        hit = 1;
        if (overlap) {
          int rc = emit(&st, child, k, 0, out);
          if (rc) return rc;
        }
        best = child, best_last = k, best_alt = 0, found = 1;
      }
      if (achild && m->nodes[achild].out && (overlap || !hit) && node_accepts(&st, achild, k, 1)) {
        if (overlap) {
          int rc = emit(&st, achild, k, 1, out);
          if (rc) return rc;
        }
        if (!hit) best = achild, best_last = k, best_alt = 1, found = 1;
      }
      if (!child || !m->nodes[child].nchild) break;
      nd = child;
    }
    size_t consumed = 1;
    if (found) {
      spans++;
      if (!overlap) {
        int rc = emit(&st, best, best_last, best_alt, out);
        if (rc) return rc;
        consumed = best_last + 1;
      }
    }
    pos = ring_at(&st, consumed - 1)->end;
    ring_pop(&st, consumed);
    if (max_spans && spans >= max_spans) {
      *next = pos;
      return NC_OK;
    }
  }
  *next = len;
  return NC_OK;
}

/* ---- save / load --------------------------------------------------------------------- */

#define IMAGE_MAGIC "NCMATCH2"

typedef struct image_header {
  char magic[8];
  uint32_t sizes[4]; /* sizeof node, edge, output, size_t */
  char utf8proc[16]; /* utf8proc_version(), truncated */
  uint64_t nnodes, capedges, nedges, nouts, names, max_units;
  uint64_t checksum; /* xxh64 of the header (this field 0) and the arrays that follow */
} image_header;

static void header_fill(image_header *h, const nc_matcher *m) {
  memset(h, 0, sizeof *h);
  memcpy(h->magic, IMAGE_MAGIC, 8);
  h->sizes[0] = (uint32_t)sizeof(node);
  h->sizes[1] = (uint32_t)sizeof(edge);
  h->sizes[2] = (uint32_t)sizeof(output);
  h->sizes[3] = (uint32_t)sizeof(size_t);
  strncpy(h->utf8proc, utf8proc_version(), sizeof h->utf8proc - 1);
  if (m) {
    h->nnodes = m->nnodes;
    h->capedges = m->capedges;
    h->nedges = m->nedges;
    h->nouts = m->nouts;
    h->names = m->names;
    h->max_units = m->max_units;
  }
}

int nc_matcher_save(const nc_matcher *m, nc_buf *out) {
  image_header h;
  header_fill(&h, m);
  size_t nb = m->nnodes * sizeof(node), eb = m->capedges * sizeof(edge),
         fb = filter_words(m->capedges) * sizeof(uint64_t), ob = m->nouts * sizeof(output);
  XXH64_state_t st;
  XXH64_reset(&st, 0);
  XXH64_update(&st, &h, sizeof h); /* checksum field still 0 */
  XXH64_update(&st, m->nodes, nb);
  if (eb) XXH64_update(&st, m->edges, eb);
  if (fb) XXH64_update(&st, m->filter, fb);
  if (ob) XXH64_update(&st, m->outs, ob);
  h.checksum = XXH64_digest(&st);
  int rc = nc_buf_reserve(out, sizeof h + nb + eb + fb + ob);
  if (!rc) rc = nc_buf_append(out, &h, sizeof h);
  if (!rc) rc = nc_buf_append(out, m->nodes, nb);
  if (!rc && eb) rc = nc_buf_append(out, m->edges, eb);
  if (!rc && fb) rc = nc_buf_append(out, m->filter, fb);
  if (!rc && ob) rc = nc_buf_append(out, m->outs, ob);
  return rc;
}

/* Checks the arrays of a loaded matcher: indexes in range, lists that only go forward (so
 * they end), edge table with the recorded number of edges and at least one empty slot. */
static int image_valid(const nc_matcher *m) {
  if (m->nnodes < 1 || m->nnodes > UINT32_MAX || m->nouts > UINT32_MAX) return 0;
  if (m->capedges && (m->capedges & (m->capedges - 1))) return 0;
  if (m->capedges && m->capedges < 16) return 0;
  if (m->nedges >= m->capedges && m->capedges) return 0;
  if (!m->capedges && m->nnodes != 1) return 0;
  if (m->max_units > NC_MATCH_MAX_UNITS) return 0;
  for (size_t i = 0; i < m->nnodes; i++)
    if (m->nodes[i].out > m->nouts) return 0;
  for (size_t i = 0; i < m->nouts; i++) {
    uint32_t nx = m->outs[i].next;
    if (nx && (nx > m->nouts || nx - 1 <= i)) return 0;
  }
  size_t used = 0;
  for (size_t i = 0; i < m->capedges; i++) {
    const edge *e = &m->edges[i];
    if (!e->child) continue;
    if (e->child >= m->nnodes || e->parent >= m->nnodes) return 0;
    used++;
  }
  return used == m->nedges;
}

int nc_matcher_load(const nc_alloc *a, const void *data, size_t len, nc_matcher **out) {
  if (!a) a = nc_default_alloc();
  *out = NULL;
  image_header h, want;
  if (!data || len < sizeof h) return NC_EPARSE;
  memcpy(&h, data, sizeof h);
  header_fill(&want, NULL);
  if (memcmp(h.magic, want.magic, 8) || memcmp(h.sizes, want.sizes, sizeof h.sizes) ||
      memcmp(h.utf8proc, want.utf8proc, sizeof h.utf8proc))
    return NC_EPARSE;
  if (h.nnodes == 0 || h.nnodes > UINT32_MAX || h.nouts > UINT32_MAX ||
      h.capedges > (uint64_t)SIZE_MAX / 64)
    return NC_EPARSE;
  size_t nb = (size_t)h.nnodes * sizeof(node), eb = (size_t)h.capedges * sizeof(edge),
         fb = filter_words((size_t)h.capedges) * sizeof(uint64_t),
         ob = (size_t)h.nouts * sizeof(output);
  if (len - sizeof h != nb + eb + fb + ob) return NC_EPARSE;
  const unsigned char *p = (const unsigned char *)data + sizeof h;
  image_header z = h;
  z.checksum = 0;
  XXH64_state_t st;
  XXH64_reset(&st, 0);
  XXH64_update(&st, &z, sizeof z);
  XXH64_update(&st, p, nb + eb + fb + ob);
  if (XXH64_digest(&st) != h.checksum) return NC_EPARSE;
  nc_matcher *m = nc_malloc(a, sizeof *m);
  if (!m) return NC_ENOMEM;
  memset(m, 0, sizeof *m);
  m->alloc = *a;
  m->nodes = nc_malloc(a, nb);
  m->edges = eb ? nc_malloc(a, eb) : NULL;
  m->filter = fb ? nc_malloc(a, fb) : NULL;
  m->outs = ob ? nc_malloc(a, ob) : NULL;
  if (!m->nodes || (eb && !m->edges) || (fb && !m->filter) || (ob && !m->outs)) {
    nc_free(a, m->nodes, nb);
    nc_free(a, m->edges, eb);
    nc_free(a, m->filter, fb);
    nc_free(a, m->outs, ob);
    nc_free(a, m, sizeof *m);
    return NC_ENOMEM;
  }
  m->capnodes = (size_t)h.nnodes;
  m->capedges = (size_t)h.capedges;
  m->capouts = (size_t)h.nouts;
  memcpy(m->nodes, p, nb);
  if (eb) memcpy(m->edges, p + nb, eb);
  if (fb) memcpy(m->filter, p + nb + eb, fb);
  if (ob) memcpy(m->outs, p + nb + eb + fb, ob);
  m->nnodes = (size_t)h.nnodes;
  m->nedges = (size_t)h.nedges;
  m->nouts = (size_t)h.nouts;
  m->names = (size_t)h.names;
  m->max_units = (size_t)h.max_units;
  if (!image_valid(m)) {
    nc_matcher_free(m);
    return NC_EPARSE;
  }
  *out = m;
  return NC_OK;
}
