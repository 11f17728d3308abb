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
  size_t s, e;   /* [s, e) */
  unsigned bits; /* lexicon classes of the word */
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

static int run_is_person(const unsigned char *s, const qword *run, size_t i, size_t j) {
  if (j - i + 1 > 4) return 0;
  for (size_t k = i; k <= j; k++) {
    const unsigned char *w = s + run[k].s;
    size_t n = run[k].e - run[k].s;
    unsigned bits = run[k].bits;
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
  while (i <= j && (run[i].bits & (NC_QW_LEADING | NC_QW_CALENDAR))) i++;
  if (i > j) return NC_OK;
  for (size_t k = j + 1; k-- > i;) {
    const unsigned char *w = s + run[k].s;
    size_t n = run[k].e - run[k].s;
    int title = (run[k].bits & NC_QW_TITLE) != 0;
    if (!title && n > 1 && w[n - 1] == '.')
      title = (nc_qlex_get(lx, (const char *)w, n - 1) & NC_QW_TITLE) != 0;
    if (title || descriptor_compound(lx, w, n)) {
      i = k + 1;
      break;
    }
  }
  if (i > j || !run_is_person(s, run, i, j)) return NC_OK;
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
  q->last = run[j].s < ne ? run[j].s : a;
  q->words = j - i + 1;
  q->expands = NC_QNAME_FULL;
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

/* Keep the full names of out[from..] and the single words naming the last word of a full name
 * before them (expands set to the latest), dropping other single words. */
static int keep_known(const unsigned char *s, nc_vec *out, size_t from, const nc_alloc *a) {
  nc_qname *q = out->data;
  size_t cand = out->len - from, cap = 16;
  while (cap < cand * 2) cap *= 2;
  size_t *slot = nc_malloc(a, nc_mul(cap, sizeof *slot));
  if (!slot) return NC_ENOMEM;
  for (size_t i = 0; i < cap; i++) slot[i] = NC_QNAME_FULL;
  size_t kept = from;
  for (size_t i = from; i < out->len; i++) {
    nc_qname x = q[i];
    const unsigned char *w = s + x.last;
    size_t wn = x.name_end - x.last;
    size_t h = hash_folded(w, wn) & (cap - 1);
    while (slot[h] != NC_QNAME_FULL) {
      const nc_qname *f = &q[slot[h]];
      size_t fn = f->name_end - f->last;
      size_t k = 0;
      if (fn == wn)
        while (k < wn && lower_ascii(s[f->last + k]) == lower_ascii(w[k])) k++;
      if (fn == wn && k == wn) break;
      h = (h + 1) & (cap - 1);
    }
    if (x.words > 1) {
      q[kept] = x;
      slot[h] = kept++;
    } else if (slot[h] != NC_QNAME_FULL) {
      x.expands = slot[h];
      q[kept++] = x;
    }
  }
  out->len = kept;
  nc_free(a, slot, cap * sizeof *slot);
  return NC_OK;
}

int nc_quote_names(const nc_qlex *lx, const char *text, size_t n, nc_vec *out) {
  if (!lx || (!text && n) || !out) return NC_EINVAL;
  size_t from = out->len;
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
            w->bits = nc_qlex_get(lx, (const char *)s + i, e - i);
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
  if (rc == NC_OK) rc = keep_known(s, out, from, lx->a);
  return rc;
}

/* ---- context tokens --------------------------------------------------------------------- */

static int push_token(nc_vec *out, size_t start, size_t end, int punct) {
  nc_qtoken *t = nc_vec_push(out);
  if (!t) return NC_ENOMEM;
  t->start = start;
  t->end = end;
  t->punct = punct;
  return NC_OK;
}

/* The next token of s[i..b) at or after i: returns 0 at the end, else 1 with [*ts, *te) and
 * *punct set. */
static int next_token(const nc_qlex *lx, const unsigned char *s, size_t n, size_t i, size_t b,
                      size_t *ts, size_t *te, int *punct) {
  while (i < b && s[i] <= 32) i++;
  if (i >= b) return 0;
  unsigned c = s[i];
  size_t mb = c >= 128 ? mb_punct(s, n, i) : 0;
  if (mb || c < 48 || (c > 57 && c < 65) || (c > 90 && c < 97) || (c > 122 && c < 128)) {
    *ts = i;
    *te = i + (mb ? mb : 1);
    *punct = 1;
    return 1;
  }
  size_t j = i;
  while (j < b) {
    unsigned d = s[j];
    if (d >= 128) {
      if (mb_punct(s, n, j)) {
        /* a curly apostrophe between word characters stays inside the word */
        if (j + 2 < n && s[j + 1] == 0x80 && s[j + 2] == 0x99 && j + 3 < b && word_at(s, n, j + 3))
          j += 3;
        else
          break;
      } else {
        j++;
      }
    } else if (is_alnum(d)) {
      size_t k = j;
      while (k < n && is_alnum(s[k])) k++;
      j = k < b ? k : b;
    } else if ((d == '\'' || d == '-' || d == '.') && j + 1 < b && word_at(s, n, j + 1)) {
      j++;
    } else {
      break;
    }
  }
  size_t e = j;
  if (j < b && s[j] == '.') { /* a final dot: kept for initials and abbreviations */
    if (memchr(s + i, '.', j - i) || (j - i == 1 && is_upper_at(s, n, i)) ||
        (nc_qlex_get(lx, (const char *)s + i, j - i) & NC_QW_ABBREV))
      e = j + 1;
  }
  *ts = i;
  *te = e;
  *punct = 0;
  return 1;
}

int nc_quote_tokens(const nc_qlex *lx, const char *text, size_t n, size_t a, size_t b,
                    nc_vec *out) {
  if (!lx || (!text && n) || !out || a > b || b > n) return NC_EINVAL;
  const unsigned char *s = (const unsigned char *)text;
  size_t i = a, ts, te;
  int punct;
  while (next_token(lx, s, n, i, b, &ts, &te, &punct)) {
    if (push_token(out, ts, te, punct)) return NC_ENOMEM;
    i = te;
  }
  return NC_OK;
}

int nc_quote_token_next(const nc_qlex *lx, const char *text, size_t n, size_t i, size_t b,
                        nc_qtoken *tok) {
  if (!lx || (!text && n) || !tok || i > b || b > n) return 0;
  size_t ts, te;
  int punct;
  if (!next_token(lx, (const unsigned char *)text, n, i, b, &ts, &te, &punct)) return 0;
  tok->start = ts;
  tok->end = te;
  tok->punct = punct;
  return 1;
}

int nc_quote_count_words(const nc_qlex *lx, const char *text, size_t n, size_t a, size_t b,
                         size_t limit, size_t *count) {
  if (!lx || (!text && n) || !count || a > b || b > n) return NC_EINVAL;
  const unsigned char *s = (const unsigned char *)text;
  size_t i = a, ts, te, w = 0;
  int punct;
  while (w <= limit && next_token(lx, s, n, i, b, &ts, &te, &punct)) {
    w += !punct;
    i = te;
  }
  *count = w;
  return NC_OK;
}

int nc_quote_has_word(const nc_qlex *lx, const char *text, size_t n, size_t a, size_t b,
                      unsigned bits) {
  if (!lx || (!text && n) || a > b || b > n) return 0;
  const unsigned char *s = (const unsigned char *)text;
  size_t i = a, ts, te;
  int punct;
  while (next_token(lx, s, n, i, b, &ts, &te, &punct)) {
    if (!punct && (nc_qlex_get(lx, text + ts, te - ts) & bits)) return 1;
    i = te;
  }
  return 0;
}

/* ---- sentence ends in a context ------------------------------------------------------- */

/* Does a sentence end at the . ! ? at s[i] (the range ending at b)? */
static int sentence_end_after(const nc_qlex *lx, const unsigned char *s, size_t n, size_t i,
                              size_t b) {
  if (s[i] == '.') {
    size_t ws = i;
    while (ws > 0 && (is_alnum(s[ws - 1]) || s[ws - 1] == '.')) ws--;
    size_t wl = i - ws;
    if (wl > 0 && (nc_qlex_get(lx, (const char *)s + ws, wl) & NC_QW_ABBREV)) return 0;
    if (wl == 1 && ((s[ws] | 0x20) >= 'a' && (s[ws] | 0x20) <= 'z')) return 0;
    if (wl > 0 && memchr(s + ws, '.', wl)) return 0;
  }
  size_t j = i + 1;
  if (j >= b) return 1;
  if (s[j] > 32) return 0;
  while (j < b && s[j] <= 32) j++;
  if (j >= b) return 1;
  unsigned c = s[j];
  return is_upper_at(s, n, j) || (c >= '0' && c <= '9') || c == '"' || c == '(' ||
         (c == 0xE2 && j + 2 < n && s[j + 1] == 0x80 && (s[j + 2] == 0x9C || s[j + 2] == 0x98)) ||
         (c == 0xC2 && j + 1 < n && s[j + 1] == 0xAB) || (c >= 0xC3 && c <= 0xDF);
}

size_t nc_quote_after_last_end(const nc_qlex *lx, const char *text, size_t n, size_t a, size_t b) {
  if (!lx || !text || a >= b || b > n) return a;
  const unsigned char *s = (const unsigned char *)text;
  size_t res = a;
  for (size_t p = a; p < b; p++)
    if ((s[p] == '.' || s[p] == '!' || s[p] == '?') && sentence_end_after(lx, s, n, p, b))
      res = p + 1;
  return res;
}

size_t nc_quote_before_first_end(const nc_qlex *lx, const char *text, size_t n, size_t a,
                                 size_t b) {
  if (!lx || !text || a >= b || b > n) return b;
  const unsigned char *s = (const unsigned char *)text;
  for (size_t p = a; p < b; p++)
    if ((s[p] == '.' || s[p] == '!' || s[p] == '?') && sentence_end_after(lx, s, n, p, b)) return p;
  return b;
}

/* ---- paragraphs and quotation marks ----------------------------------------------------- */

enum { ROLE_OPEN = 1, ROLE_CLOSE, ROLE_TOGGLE };
enum { STYLE_STRAIGHT = 1, STYLE_CURLY, STYLE_LOW, STYLE_ANGLE };
enum { DIR_NONE = 0, DIR_OPEN, DIR_CLOSE };

/* A quotation mark at s[i]: its length (0 when none), role and style. */
static size_t mark_at(const unsigned char *s, size_t n, size_t i, int *role, int *style) {
  unsigned c = s[i];
  if (c == '"') {
    *role = ROLE_TOGGLE;
    *style = STYLE_STRAIGHT;
    return 1;
  }
  if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80) {
    unsigned c3 = s[i + 2];
    if (c3 == 0x9C || c3 == 0x9D || c3 == 0x9E) {
      *role = c3 == 0x9D ? ROLE_CLOSE : ROLE_OPEN;
      *style = c3 == 0x9E ? STYLE_LOW : STYLE_CURLY;
      return 3;
    }
  } else if (c == 0xC2 && i + 1 < n && (s[i + 1] == 0xAB || s[i + 1] == 0xBB)) {
    *role = s[i + 1] == 0xAB ? ROLE_OPEN : ROLE_CLOSE;
    *style = STYLE_ANGLE;
    return 2;
  }
  return 0;
}

static int closes(int style, int role, int mstyle) {
  switch (style) {
    case STYLE_STRAIGHT:
      return mstyle == STYLE_STRAIGHT;
    case STYLE_CURLY:
      return role == ROLE_CLOSE && mstyle == STYLE_CURLY;
    case STYLE_LOW:
      return mstyle == STYLE_CURLY;
    default:
      return role == ROLE_CLOSE && mstyle == STYLE_ANGLE;
  }
}

/* Direction of a straight double quote at s[p] read from its neighbours. */
static int straight_dir(const unsigned char *s, size_t n, size_t p) {
  int has_pc = p > 0, has_nc = p + 1 < n;
  unsigned pc = has_pc ? s[p - 1] : 0, nc = has_nc ? s[p + 1] : 0;
  int after_blank = !has_pc || pc <= 32 || pc == '(' || pc == '[' || pc == '{';
  if (!after_blank && p >= 3 && (pc == 0x94 || pc == 0x93)) /* after — or – */
    after_blank = s[p - 3] == 0xE2 && s[p - 2] == 0x80;
  int before_blank = !has_nc || nc <= 32 || (nc < 128 && !is_alnum(nc)) ||
                     (nc >= 128 && mb_punct(s, n, p + 1) != 0);
  if (after_blank && !before_blank) return DIR_OPEN;
  if (before_blank && !after_blank) return DIR_CLOSE;
  return DIR_NONE;
}

typedef struct scan_open {
  size_t pos, len;
  int style;
} scan_open;

static int emit_raw(nc_vec *raws, const scan_open *o, size_t inner_end, size_t after, size_t para,
                    int unclosed) {
  nc_qraw *r = nc_vec_push(raws);
  if (!r) return NC_ENOMEM;
  r->open = o->pos;
  r->inner_start = o->pos + o->len;
  r->inner_end = inner_end;
  r->close = inner_end;
  r->after = after;
  r->para = para;
  r->unclosed = unclosed;
  return NC_OK;
}

static int end_para(nc_vec *paras, nc_vec *raws, scan_open *open, int *has_open, size_t pstart,
                    size_t pend) {
  if (*has_open) {
    if (emit_raw(raws, open, pend, pend, paras->len, 1)) return NC_ENOMEM;
    *has_open = 0;
  }
  nc_qpara *p = nc_vec_push(paras);
  if (!p) return NC_ENOMEM;
  p->start = pstart;
  p->end = pend;
  return NC_OK;
}

/* Bytes the scan stops at: newline, straight quote, lead bytes of curly marks and guillemets. */
static const unsigned char scan_stop[256] = {['\n'] = 1, ['"'] = 1, [0xC2] = 1, [0xE2] = 1};

int nc_quote_scan(const char *text, size_t n, int wrapped, nc_vec *paras, nc_vec *raws) {
  if ((!text && n) || !paras || !raws) return NC_EINVAL;
  const unsigned char *s = (const unsigned char *)text;
  size_t pstart = 0, i = 0;
  scan_open open = {0, 0, 0};
  int has_open = 0;
  while (i < n) {
    while (i < n && !scan_stop[s[i]]) i++;
    if (i >= n) break;
    unsigned c = s[i];
    if (c == '\n') {
      int ends = !wrapped || i + 1 == n;
      if (!ends) { /* a blank line: only blanks up to the next newline */
        size_t k = i + 1;
        while (k < n &&
               (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\f' || s[k] == '\v'))
          k++;
        ends = k < n && s[k] == '\n';
      }
      if (ends) {
        if (end_para(paras, raws, &open, &has_open, pstart, i)) return NC_ENOMEM;
        pstart = i + 1;
      }
      i++;
      continue;
    }
    int role = 0, style = 0;
    size_t len = mark_at(s, n, i, &role, &style);
    if (!len) {
      i++;
      continue;
    }
    int dir = len == 1 ? straight_dir(s, n, i) : DIR_NONE;
    if (has_open && closes(open.style, role, style) && dir != DIR_OPEN) {
      if (emit_raw(raws, &open, i, i + len, paras->len, 0)) return NC_ENOMEM;
      has_open = 0;
    } else if (has_open && style == open.style && (role == ROLE_OPEN || dir == DIR_OPEN)) {
      if (emit_raw(raws, &open, i, i, paras->len, 1)) return NC_ENOMEM;
      open.pos = i;
      open.len = len;
      open.style = style;
    } else if (!has_open && (role == ROLE_OPEN || (role == ROLE_TOGGLE && dir != DIR_CLOSE))) {
      open.pos = i;
      open.len = len;
      open.style = style;
      has_open = 1;
    }
    i += len;
  }
  return end_para(paras, raws, &open, &has_open, pstart, n);
}

/* ---- grouping keys ------------------------------------------------------------------- */

/* A step of the key: at p (left bytes from there), the length of the sequence it rewrites
 * (0: none) and what it becomes in rep (*rep_len bytes, at most the sequence's length). */
typedef size_t (*key_match_fn)(const unsigned char *p, size_t left, char *rep, size_t *rep_len);

/* E2 80 98, E2 80 99 (curly apostrophes): dropped */
static size_t key_curly(const unsigned char *p, size_t left, char *rep, size_t *rep_len) {
  (void)rep;
  *rep_len = 0;
  return left >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99) ? 3 : 0;
}

/* CA BC (modifier letter apostrophe): dropped */
static size_t key_modifier(const unsigned char *p, size_t left, char *rep, size_t *rep_len) {
  (void)rep;
  *rep_len = 0;
  return left >= 2 && p[0] == 0xCA && p[1] == 0xBC ? 2 : 0;
}

/* ' : dropped */
static size_t key_straight(const unsigned char *p, size_t left, char *rep, size_t *rep_len) {
  (void)rep;
  (void)left;
  *rep_len = 0;
  return p[0] == '\'' ? 1 : 0;
}

/* E2 80|81 80-BF (U+2000..U+207F): a space */
static size_t key_general(const unsigned char *p, size_t left, char *rep, size_t *rep_len) {
  rep[0] = ' ';
  *rep_len = 1;
  return left >= 3 && p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81) && p[2] >= 0x80 && p[2] <= 0xBF
             ? 3
             : 0;
}

/* C2 80-BF (U+0080..U+00BF): a space */
static size_t key_latin1_punct(const unsigned char *p, size_t left, char *rep, size_t *rep_len) {
  rep[0] = ' ';
  *rep_len = 1;
  return left >= 2 && p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0xBF ? 2 : 0;
}

/* C3 80-9E (À..Þ): lower-cased to C3 A0-BE, except C3 97 (×), a space */
static size_t key_latin1_capital(const unsigned char *p, size_t left, char *rep, size_t *rep_len) {
  if (left < 2 || p[0] != 0xC3 || p[1] < 0x80 || p[1] > 0x9E) return 0;
  if (p[1] == 0x97) {
    rep[0] = ' ';
    *rep_len = 1;
  } else {
    rep[0] = (char)0xC3;
    rep[1] = (char)(p[1] + 32);
    *rep_len = 2;
  }
  return 2;
}

/* One left-to-right pass of a step over b[0..n), in place (like one string.gsub): returns the
 * new length. */
static size_t key_pass(char *b, size_t n, key_match_fn match) {
  size_t o = 0;
  char rep[2];
  for (size_t i = 0; i < n;) {
    size_t rep_len = 0;
    size_t len = match((const unsigned char *)b + i, n - i, rep, &rep_len);
    if (len) {
      memcpy(b + o, rep, rep_len);
      o += rep_len;
      i += len;
    } else {
      b[o++] = b[i++];
    }
  }
  return o;
}

/* ASCII punctuation (ispunct in the C locale) */
static int key_is_punct(unsigned char c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
         (c >= 123 && c <= 126);
}

size_t nc_quote_key(const char *s, size_t n, char *out) {
  if (n == 0) return 0;
  static const key_match_fn steps[] = {key_curly,   key_modifier,     key_straight,
                                       key_general, key_latin1_punct, key_latin1_capital};
  memcpy(out, s, n);
  for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) n = key_pass(out, n, steps[k]);
  /* lower-case; punctuation and control bytes to spaces; white space runs to one space */
  size_t o = 0;
  int in_space = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)out[i];
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
    if (c < 32 || c == 127 || c == ' ' || key_is_punct(c)) {
      if (!in_space) out[o++] = ' ';
      in_space = 1;
    } else {
      out[o++] = (char)c;
      in_space = 0;
    }
  }
  size_t start = (o > 0 && out[0] == ' ') ? 1 : 0;
  if (o > start && out[o - 1] == ' ') o--;
  if (start) memmove(out, out + 1, o - 1);
  return o - start;
}
