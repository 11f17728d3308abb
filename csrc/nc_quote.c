/* nc_quote.c: personal names in a text for quote attribution (see nc_quote.h). */
#include "nc_quote.h"

#include <string.h>

typedef struct qlex_slot {
  size_t off; /* offset of the word in pool */
  size_t len; /* 0: empty slot */
  unsigned bits;
} qlex_slot;

struct nc_qlex {
  const nc_alloc *a;
  nc_buf pool;     /* the words, lower-cased, back to back */
  qlex_slot *slot; /* open addressing, cap a power of two */
  size_t cap, count;
};

static unsigned char lower_ascii(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static size_t hash_folded(const unsigned char *w, size_t n) {
  size_t h = (size_t)1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    h ^= lower_ascii(w[i]);
    h *= (size_t)1099511628211ull;
  }
  return h;
}

int nc_qlex_new(const nc_alloc *a, nc_qlex **out) {
  if (!a || !out) return NC_EINVAL;
  *out = NULL;
  nc_qlex *lx = nc_malloc(a, sizeof *lx);
  if (!lx) return NC_ENOMEM;
  lx->a = a;
  nc_buf_init(&lx->pool, a);
  lx->cap = 64;
  lx->count = 0;
  lx->slot = nc_malloc(a, nc_mul(lx->cap, sizeof *lx->slot));
  if (!lx->slot) {
    nc_free(a, lx, sizeof *lx);
    return NC_ENOMEM;
  }
  memset(lx->slot, 0, lx->cap * sizeof *lx->slot);
  *out = lx;
  return NC_OK;
}

void nc_qlex_free(nc_qlex *lx) {
  if (!lx) return;
  const nc_alloc *a = lx->a;
  nc_buf_free(&lx->pool);
  nc_free(a, lx->slot, lx->cap * sizeof *lx->slot);
  nc_free(a, lx, sizeof *lx);
}

static int same_folded(const nc_qlex *lx, const qlex_slot *sl, const unsigned char *w, size_t n) {
  if (sl->len != n) return 0;
  const unsigned char *p = (const unsigned char *)lx->pool.data + sl->off;
  for (size_t i = 0; i < n; i++)
    if (p[i] != lower_ascii(w[i])) return 0;
  return 1;
}

static qlex_slot *find_slot(qlex_slot *slot, size_t cap, const nc_qlex *lx, const unsigned char *w,
                            size_t n) {
  size_t i = hash_folded(w, n) & (cap - 1);
  while (slot[i].len && !same_folded(lx, &slot[i], w, n)) i = (i + 1) & (cap - 1);
  return &slot[i];
}

static int grow(nc_qlex *lx) {
  size_t ncap = lx->cap * 2;
  qlex_slot *ns = nc_malloc(lx->a, nc_mul(ncap, sizeof *ns));
  if (!ns) return NC_ENOMEM;
  memset(ns, 0, ncap * sizeof *ns);
  for (size_t i = 0; i < lx->cap; i++) {
    if (!lx->slot[i].len) continue;
    const unsigned char *w = (const unsigned char *)lx->pool.data + lx->slot[i].off;
    *find_slot(ns, ncap, lx, w, lx->slot[i].len) = lx->slot[i];
  }
  nc_free(lx->a, lx->slot, lx->cap * sizeof *lx->slot);
  lx->slot = ns;
  lx->cap = ncap;
  return NC_OK;
}

int nc_qlex_add(nc_qlex *lx, const char *w, size_t n, unsigned bits) {
  if (!lx || !w || n == 0 || n > NC_QLEX_MAX_WORD) return NC_EINVAL;
  const unsigned char *u = (const unsigned char *)w;
  qlex_slot *sl = find_slot(lx->slot, lx->cap, lx, u, n);
  if (sl->len) {
    sl->bits |= bits;
    return NC_OK;
  }
  if ((lx->count + 1) * 2 > lx->cap) {
    int rc = grow(lx);
    if (rc) return rc;
    sl = find_slot(lx->slot, lx->cap, lx, u, n);
  }
  size_t off = lx->pool.len;
  for (size_t i = 0; i < n; i++) {
    int rc = nc_buf_putc(&lx->pool, lower_ascii(u[i]));
    if (rc) {
      lx->pool.len = off;
      return rc;
    }
  }
  sl->off = off;
  sl->len = n;
  sl->bits = bits;
  lx->count++;
  return NC_OK;
}

unsigned nc_qlex_get(const nc_qlex *lx, const char *w, size_t n) {
  if (!lx || !w || n == 0 || n > NC_QLEX_MAX_WORD) return 0;
  const qlex_slot *sl = find_slot(lx->slot, lx->cap, lx, (const unsigned char *)w, n);
  return sl->len ? sl->bits : 0;
}

/* ---- byte classes (as quotes.lua: mb_punct, word_at, is_upper_at, has_lower) ------------ */

static int is_alnum(unsigned c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Length of a multi-byte punctuation or space sequence at s[i] (i < n), else 0. */
static size_t mb_punct(const unsigned char *s, size_t n, size_t i) {
  unsigned c = s[i];
  if (c == 0xE2) {
    if (i + 2 < n && s[i + 1] == 0x80) {
      unsigned c3 = s[i + 2];
      if ((c3 >= 0x80 && c3 <= 0xA7) || c3 == 0xAF || c3 == 0xB9 || c3 == 0xBA) return 3;
    }
  } else if (c == 0xC2 && i + 1 < n) {
    unsigned c2 = s[i + 1];
    if (c2 == 0xA0 || c2 == 0xAB || c2 == 0xBB || c2 == 0xBF || c2 == 0xA1) return 2;
  }
  return 0;
}

static int word_at(const unsigned char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  if (s[i] >= 128) return mb_punct(s, n, i) == 0;
  return is_alnum(s[i]);
}

static int is_upper_at(const unsigned char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  unsigned c = s[i];
  if (c >= 'A' && c <= 'Z') return 1;
  if (c == 0xC3) return i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9E && s[i + 1] != 0x97;
  if (c == 0xC4 || c == 0xC5) return i + 1 < n && s[i + 1] % 2 == 0;
  return 0;
}

static int has_lower(const unsigned char *w, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (w[i] >= 'a' && w[i] <= 'z') return 1;
    if (w[i] == 0xC3 && i + 1 < n && w[i + 1] >= 0x9F && w[i + 1] <= 0xBF) return 1;
  }
  return 0;
}

static int ends_with(const unsigned char *w, size_t n, const char *suf) {
  size_t k = strlen(suf);
  return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/* ---- names ------------------------------------------------------------------------------ */

typedef struct qword {
  size_t s, e; /* [s, e) */
} qword;

/* A hyphenated word one of whose parts is a combining form or an organisation word. */
static int descriptor_compound(const nc_qlex *lx, const unsigned char *w, size_t n) {
  if (!memchr(w, '-', n)) return 0;
  size_t i = 0;
  while (i < n) {
    while (i < n && w[i] == '-') i++;
    size_t j = i;
    while (j < n && w[j] != '-') j++;
    if (j > i && (nc_qlex_get(lx, (const char *)w + i, j - i) & (NC_QW_COMBINING | NC_QW_ORGWORD)))
      return 1;
    i = j;
  }
  return 0;
}

static int is_contraction(const unsigned char *w, size_t n) {
  const unsigned char *q = memchr(w, '\'', n);
  size_t rest;
  if (q) {
    rest = (size_t)(q - w) + 1;
  } else {
    size_t i = 0;
    while (i + 2 < n && !(w[i] == 0xE2 && w[i + 1] == 0x80 && w[i + 2] == 0x99)) i++;
    if (i + 2 >= n) return 0;
    rest = i + 3;
  }
  if (rest >= n) return 0;
  if (n - rest == 1 && w[rest] == 's') return 0;
  return !(w[rest] >= 'A' && w[rest] <= 'Z');
}

static int run_is_person(const nc_qlex *lx, const unsigned char *s, const qword *run, size_t i,
                         size_t j) {
  if (j - i + 1 > 4) return 0;
  for (size_t k = i; k <= j; k++) {
    const unsigned char *w = s + run[k].s;
    size_t n = run[k].e - run[k].s;
    unsigned bits = nc_qlex_get(lx, (const char *)w, n);
    if (bits & (NC_QW_ORGWORD | NC_QW_TITLE | NC_QW_MODIFIER | NC_QW_ANON_HEAD)) return 0;
    if ((bits & NC_QW_FUNCWORD) && !(bits & NC_QW_PARTICLE)) return 0;
    if (is_contraction(w, n)) return 0;
    if (k == i && n >= 5 && lower_ascii(w[n - 3]) == 'i' && lower_ascii(w[n - 2]) == 'n' &&
        lower_ascii(w[n - 1]) == 'g')
      return 0;
    if (k < j && (ends_with(w, n, "'s") || ends_with(w, n, "\xE2\x80\x99s"))) return 0;
    if (!(bits & NC_QW_PARTICLE)) {
      if (!is_upper_at(w, n, 0)) return 0;
      if (n > 1 && !has_lower(w, n) && !(n == 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] == '.'))
        return 0;
    }
  }
  return 1;
}

/* A run of capitalised words [0, len): push its name, if any. */
static int emit_run(const nc_qlex *lx, const unsigned char *s, const qword *run, size_t len,
                    nc_vec *out) {
  if (len == 0) return NC_OK;
  size_t i = 0, j = len - 1;
  while (i <= j && (nc_qlex_get(lx, (const char *)s + run[i].s, run[i].e - run[i].s) &
                    (NC_QW_LEADING | NC_QW_CALENDAR)))
    i++;
  if (i > j) return NC_OK;
  for (size_t k = j + 1; k-- > i;) {
    const unsigned char *w = s + run[k].s;
    size_t n = run[k].e - run[k].s;
    int title = (nc_qlex_get(lx, (const char *)w, n) & NC_QW_TITLE) != 0;
    if (!title && n > 1 && w[n - 1] == '.')
      title = (nc_qlex_get(lx, (const char *)w, n - 1) & NC_QW_TITLE) != 0;
    if (title || descriptor_compound(lx, w, n)) {
      i = k + 1;
      break;
    }
  }
  if (i > j || !run_is_person(lx, s, run, i, j)) return NC_OK;
  nc_qname *q = nc_vec_push(out);
  if (!q) return NC_ENOMEM;
  size_t a = run[i].s, b = run[j].e, ne = b;
  if (ne - a >= 2 && s[ne - 2] == '\'' && (s[ne - 1] == 's' || s[ne - 1] == 'S')) ne -= 2;
  if (ne - a >= 4 && s[ne - 4] == 0xE2 && s[ne - 3] == 0x80 && s[ne - 2] == 0x99 &&
      (s[ne - 1] == 's' || s[ne - 1] == 'S'))
    ne -= 4;
  q->start = a;
  q->end = b;
  q->name_end = ne;
  q->words = j - i + 1;
  return NC_OK;
}

static int is_word_byte(unsigned c) {
  return is_alnum(c) || c >= 0x80 || c == '\'' || c == '.' || c == '-';
}

/* The capitalised word starting at s[i] whose greedy match ends at m (quotes.lua cap_words):
 * cut at multi-byte punctuation (a curly apostrophe inside a word stays), trailing . ' -
 * dropped unless an initial or an abbreviation. Returns its end (== i when nothing is left). */
static size_t cap_word_end(const nc_qlex *lx, const unsigned char *s, size_t i, size_t m) {
  const unsigned char *w = s + i;
  size_t n = m - i, cut = n;
  for (size_t p = 0; p < n; p++) {
    if (w[p] != 0xC2 && w[p] != 0xE2) continue;
    if (mb_punct(w, n, p) && !(p + 2 < n && w[p] == 0xE2 && w[p + 1] == 0x80 && w[p + 2] == 0x99 &&
                               word_at(w, n, p + 3))) {
      cut = p;
      break;
    }
  }
  n = cut;
  int keepdot = n >= 2 && (w[1] == '.' || w[1] == '\'');
  if (!keepdot) {
    size_t k = (n > 0 && w[n - 1] == '.') ? n - 1 : n;
    keepdot = (nc_qlex_get(lx, (const char *)w, k) & NC_QW_ABBREV) != 0;
  }
  if (!keepdot)
    while (n > 0 && (w[n - 1] == '.' || w[n - 1] == '\'' || w[n - 1] == '-')) n--;
  return i + n;
}

int nc_quote_names(const nc_qlex *lx, const char *text, size_t n, nc_vec *out) {
  if (!lx || (!text && n) || !out) return NC_EINVAL;
  const unsigned char *s = (const unsigned char *)text;
  nc_vec run;
  nc_vec_init(&run, sizeof(qword), lx->a);
  int rc = NC_OK;
  size_t i = 0;
  while (i < n && rc == NC_OK) {
    unsigned c = s[i];
    if (!((c >= 'A' && c <= 'Z') || c == 0xC3 || c == 0xC4 || c == 0xC5)) {
      i++;
      continue;
    }
    size_t m = i + 1;
    while (m < n && is_word_byte(s[m])) m++;
    if ((i == 0 || !word_at(s, n, i - 1)) && is_upper_at(s, n, i)) {
      size_t e = cap_word_end(lx, s, i, m);
      if (e > i) {
        qword *prev = run.len ? (qword *)run.data + run.len - 1 : NULL;
        int joined = 0;
        if (prev && i > prev->e) {
          joined = 1;
          for (size_t g = prev->e; g < i; g++)
            if (s[g] != ' ' && s[g] != '\t') joined = 0;
        }
        if (!joined) {
          rc = emit_run(lx, s, run.data, run.len, out);
          run.len = 0;
        }
        if (rc == NC_OK && is_upper_at(s, e, i)) { /* a capital cut to one byte breaks runs */
          qword *w = nc_vec_push(&run);
          if (!w) {
            rc = NC_ENOMEM;
          } else {
            w->s = i;
            w->e = e;
          }
        } else if (rc == NC_OK) {
          rc = emit_run(lx, s, run.data, run.len, out);
          run.len = 0;
        }
      }
    }
    i = m;
  }
  if (rc == NC_OK) rc = emit_run(lx, s, run.data, run.len, out);
  nc_vec_free(&run);
  return rc;
}
