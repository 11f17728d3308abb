/* nc_text.c: UTF-8 repair, entity decoding, mojibake repair, NFC/NFKC, folding and whitespace
 * collapsing, with an offset map from the output back to the input (see nc_text.h). */
#include "nc_text.h"

#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
#include <emmintrin.h>
#endif

void nc_text_opts_default(nc_text_opts *o) {
  o->strict = 0;
  o->entities = 1;
  o->mojibake = 1;
  o->fold = 0;
  o->whitespace = 1;
  o->form = NC_NORM_NFC;
  o->encoding = NC_ENC_AUTO;
}

/* ---- offset map ------------------------------------------------------------------------- */

size_t nc_offmap_orig(const nc_anchor *a, size_t na, size_t clean) {
  if (na == 0) return clean;
  if (clean < a[0].clean) return a[0].orig;
  size_t lo = 0, hi = na; /* last anchor with a.clean <= clean is in [lo, hi) */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (a[mid].clean <= clean)
      lo = mid;
    else
      hi = mid;
  }
  size_t o = a[lo].orig + (clean - a[lo].clean);
  if (lo + 1 < na && o > a[lo + 1].orig) o = a[lo + 1].orig;
  return o;
}

void nc_offmap_cursor_init(nc_offmap_cursor *c, const nc_anchor *a, size_t na) {
  c->a = a;
  c->na = na;
  c->i = 0;
}

/* Index of the last anchor with a.clean <= clean (the caller checked a[0].clean <= clean). */
static size_t cursor_seek(nc_offmap_cursor *c, size_t clean) {
  const nc_anchor *a = c->a;
  size_t na = c->na, lo = c->i < na ? c->i : 0, hi;
  if (a[lo].clean > clean) {
    hi = lo + 1; /* went back: search [0, lo] */
    lo = 0;
  } else {
    size_t steps = 0;
    while (lo + 1 < na && a[lo + 1].clean <= clean && steps < 8) lo++, steps++;
    if (lo + 1 >= na || a[lo + 1].clean > clean) return c->i = lo;
    hi = na;
  }
  while (hi - lo > 1) { /* last anchor with a.clean <= clean is in [lo, hi) */
    size_t mid = lo + (hi - lo) / 2;
    if (a[mid].clean <= clean)
      lo = mid;
    else
      hi = mid;
  }
  return c->i = lo;
}

size_t nc_offmap_cursor_seek_orig(nc_offmap_cursor *c, size_t clean) {
  const nc_anchor *a = c->a;
  size_t na = c->na;
  if (na == 0) return clean;
  if (clean < a[0].clean) return a[0].orig;
  size_t lo = cursor_seek(c, clean);
  size_t o = a[lo].orig + (clean - a[lo].clean);
  if (lo + 1 < na && o > a[lo + 1].orig) o = a[lo + 1].orig;
  return o;
}

/* Appends output and records anchors whenever the linear mapping breaks. */
typedef struct emitter {
  nc_buf *out;
  nc_vec *map;
  size_t base; /* out->len when we started: anchors are relative to the whole buffer */
} emitter;

static int anchor_at(emitter *e, size_t orig) {
  nc_anchor *an;
  size_t c = e->out->len;
  nc_anchor *last = e->map->len ? (nc_anchor *)e->map->data + e->map->len - 1 : NULL;
  if (last && last->clean >= e->base && last->orig + (c - last->clean) == orig) return NC_OK;
  if (last && last->clean == c && c >= e->base) {
    last->orig = orig;
    return NC_OK;
  }
  if (e->map->len < e->map->cap) { /* room: no call, no zeroing */
    an = (nc_anchor *)e->map->data + e->map->len++;
  } else if (!(an = nc_vec_push(e->map))) {
    return NC_ENOMEM;
  }
  an->clean = c;
  an->orig = orig;
  return NC_OK;
}

static int emit(emitter *e, const void *p, size_t n, size_t orig) {
  int rc = anchor_at(e, orig);
  if (rc) return rc;
  nc_buf *b = e->out;
  if (b->data && n < b->cap - b->len) { /* room for the bytes and the NUL: copy in place */
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return NC_OK;
  }
  return nc_buf_append(b, p, n);
}

static int emit_cp(emitter *e, uint32_t cp, size_t orig) {
  int rc = anchor_at(e, orig);
  return rc ? rc : nc_buf_put_utf8(e->out, cp);
}

/* ---- Windows-1252 ----------------------------------------------------------------------- */

static const uint16_t cp1252_hi[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

static uint32_t cp1252_decode(unsigned char b) {
  return (b >= 0x80 && b < 0xA0) ? cp1252_hi[b - 0x80] : b;
}

/* The Windows-1252 byte that decodes to cp, or -1. */
static int cp1252_byte(uint32_t cp) {
  if (cp < 0x80) return (int)cp;
  if (cp >= 0xA0 && cp <= 0xFF) return (int)cp;
  for (int i = 0; i < 32; i++)
    if (cp1252_hi[i] == cp) return 0x80 + i;
  return -1;
}

/* ---- entities --------------------------------------------------------------------------- */

typedef struct entity {
  const char *name;
  uint32_t cp;
} entity;

/* The named references that occur in news page text (HTML5 names, sorted for bsearch). */
static const entity entities[] = {
    {"AElig", 0xC6},    {"Aacute", 0xC1},  {"Acirc", 0xC2},    {"Agrave", 0xC0},
    {"Aring", 0xC5},    {"Atilde", 0xC3},  {"Auml", 0xC4},     {"Ccedil", 0xC7},
    {"Eacute", 0xC9},   {"Ecirc", 0xCA},   {"Egrave", 0xC8},   {"Euml", 0xCB},
    {"Iacute", 0xCD},   {"Icirc", 0xCE},   {"Iuml", 0xCF},     {"Ntilde", 0xD1},
    {"Oacute", 0xD3},   {"Ocirc", 0xD4},   {"Ograve", 0xD2},   {"Oslash", 0xD8},
    {"Otilde", 0xD5},   {"Ouml", 0xD6},    {"Scaron", 0x160},  {"Uacute", 0xDA},
    {"Ucirc", 0xDB},    {"Ugrave", 0xD9},  {"Uuml", 0xDC},     {"Yacute", 0xDD},
    {"aacute", 0xE1},   {"acirc", 0xE2},   {"acute", 0xB4},    {"aelig", 0xE6},
    {"agrave", 0xE0},   {"amp", 0x26},     {"apos", 0x27},     {"aring", 0xE5},
    {"atilde", 0xE3},   {"auml", 0xE4},    {"bdquo", 0x201E},  {"brvbar", 0xA6},
    {"bull", 0x2022},   {"ccedil", 0xE7},  {"cent", 0xA2},     {"copy", 0xA9},
    {"dagger", 0x2020}, {"deg", 0xB0},     {"divide", 0xF7},   {"eacute", 0xE9},
    {"ecirc", 0xEA},    {"egrave", 0xE8},  {"emsp", 0x2003},   {"ensp", 0x2002},
    {"euml", 0xEB},     {"euro", 0x20AC},  {"frac12", 0xBD},   {"frac14", 0xBC},
    {"frac34", 0xBE},   {"gt", 0x3E},      {"hellip", 0x2026}, {"iacute", 0xED},
    {"icirc", 0xEE},    {"iexcl", 0xA1},   {"igrave", 0xEC},   {"iquest", 0xBF},
    {"iuml", 0xEF},     {"laquo", 0xAB},   {"ldquo", 0x201C},  {"lrm", 0x200E},
    {"lsaquo", 0x2039}, {"lsquo", 0x2018}, {"lt", 0x3C},       {"mdash", 0x2014},
    {"middot", 0xB7},   {"minus", 0x2212}, {"nbsp", 0xA0},     {"ndash", 0x2013},
    {"not", 0xAC},      {"ntilde", 0xF1},  {"oacute", 0xF3},   {"ocirc", 0xF4},
    {"ograve", 0xF2},   {"ordf", 0xAA},    {"ordm", 0xBA},     {"oslash", 0xF8},
    {"otilde", 0xF5},   {"ouml", 0xF6},    {"para", 0xB6},     {"plusmn", 0xB1},
    {"pound", 0xA3},    {"prime", 0x2032}, {"quot", 0x22},     {"raquo", 0xBB},
    {"rdquo", 0x201D},  {"reg", 0xAE},     {"rlm", 0x200F},    {"rsaquo", 0x203A},
    {"rsquo", 0x2019},  {"sbquo", 0x201A}, {"scaron", 0x161},  {"sect", 0xA7},
    {"shy", 0xAD},      {"sup2", 0xB2},    {"sup3", 0xB3},     {"szlig", 0xDF},
    {"thinsp", 0x2009}, {"times", 0xD7},   {"trade", 0x2122},  {"uacute", 0xFA},
    {"ucirc", 0xFB},    {"ugrave", 0xF9},  {"uuml", 0xFC},     {"yacute", 0xFD},
    {"yen", 0xA5},      {"yuml", 0xFF},    {"zwj", 0x200D},    {"zwnj", 0x200C}};

static int is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t nc_text_entity(const char *s, size_t n, size_t i, uint32_t *cp, uint32_t *cp2) {
  *cp2 = 0;
  if (i >= n || s[i] != '&') return 0;
  size_t j = i + 1;
  if (j < n && s[j] == '#') {
    j++;
    int hex = 0;
    if (j < n && (s[j] == 'x' || s[j] == 'X')) {
      hex = 1;
      j++;
    }
    uint32_t v = 0;
    size_t digits = 0;
    for (; j < n && digits < 8; j++, digits++) {
      unsigned char c = (unsigned char)s[j];
      int d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        break;
      v = v * (hex ? 16u : 10u) + (uint32_t)d;
    }
    if (!digits || j >= n || s[j] != ';') return 0;
    if (v >= 0x80 && v < 0xA0) v = cp1252_decode((unsigned char)v); /* as HTML does */
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    *cp = v;
    return j + 1 - i;
  }
  size_t k = j;
  while (k < n && k - j < 8 && is_alnum((unsigned char)s[k])) k++;
  if (k == j || k >= n || s[k] != ';') return 0;
  size_t len = k - j;
  size_t lo = 0, hi = sizeof entities / sizeof entities[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const char *name = entities[mid].name;
    size_t nl = strlen(name);
    int c = memcmp(s + j, name, len < nl ? len : nl);
    if (c == 0) c = (len > nl) - (len < nl);
    if (c == 0) {
      *cp = entities[mid].cp;
      return k + 1 - i;
    }
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return 0;
}

/* ---- classification helpers --------------------------------------------------------------- */

int nc_text_looks_binary(const char *s, size_t n) {
  size_t lim = n < 65536 ? n : 65536, bad = 0;
  size_t i = 0;
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
  /* sixteen bytes at a time while the only control bytes are line breaks */
  const __m128i x1f = _mm_set1_epi8(0x1F), nl = _mm_set1_epi8('\n');
  for (; i + 16 <= lim; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, x1f), v); /* v <= 0x1F */
    if (_mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi8(v, nl), ctl))) break;
  }
#endif
  for (; i + 8 <= lim; i += 8) { /* eight bytes at a time */
    uint64_t x;
    memcpy(&x, s + i, 8);
    uint64_t ctl = nc_swar_range(x, 0, 0x1F);
    if (!ctl || !(ctl &= ~nc_swar_eq(x, '\n'))) continue; /* line breaks: the common case */
    ctl &= ~(nc_swar_eq(x, '\t') | nc_swar_eq(x, '\r') | nc_swar_eq(x, '\f') | nc_swar_eq(x, 0x1B));
    bad += nc_popcount64(ctl);
  }
  for (; i < lim; i++) {
    unsigned c = (unsigned char)s[i];
    bad += (c < 0x20) & (c != '\t') & (c != '\n') & (c != '\r') & (c != '\f') & (c != 0x1B);
  }
  return lim > 0 && bad * 32 > lim;
}

static int is_control(uint32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0);
}

/* Typographic folding: returns the ASCII replacement (possibly "" to delete) or NULL. */
static const char *fold_of(uint32_t cp) {
  switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return "-";
    case 0x2026:
      return "...";
    case 0x00A0:
    case 0x2000:
    case 0x2001:
    case 0x2002:
    case 0x2003:
    case 0x2004:
    case 0x2005:
    case 0x2006:
    case 0x2007:
    case 0x2008:
    case 0x2009:
    case 0x200A:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return " ";
    case 0x00AD:
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
      return "";
    default:
      return NULL;
  }
}

/* ---- pass 1: decode, repair, entities, mojibake, controls, folding, whitespace ---------- */

typedef struct ws_state {
  int pending_space;   /* a space is due before the next visible character */
  size_t space_orig;   /* where it came from */
  size_t newlines;     /* newlines due before the next visible character */
  size_t newline_orig; /* where the first came from */
  int at_line_start;   /* nothing visible on the current output line yet */
} ws_state;

static nc_encoding detect_encoding(const unsigned char *s, size_t n) {
  size_t i = 0, invalid = 0, multi = 0;
  while (i < n) {
    i = nc_skip_ascii(s, n, i);
    if (i >= n) break;
    if (s[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    int valid;
    size_t k = nc_utf8_decode(s, n, i, &cp, &valid);
    if (valid) {
      multi++;
      break; /* one valid multi-byte sequence decides: UTF-8 */
    }
    invalid++;
    i += k;
  }
  return (invalid > 0 && multi == 0) ? NC_ENC_CP1252 : NC_ENC_UTF8;
}

/* Decode one code point at i according to enc; returns its length. */
static size_t decode_at(const unsigned char *s, size_t n, size_t i, nc_encoding enc, uint32_t *cp,
                        int *valid) {
  if (enc == NC_ENC_CP1252) {
    *valid = 1;
    *cp = cp1252_decode(s[i]);
    return 1;
  }
  return nc_utf8_decode(s, n, i, cp, valid);
}

/* Try to read the mojibake of one UTF-8 sequence at i: code points whose Windows-1252 bytes
 * form one valid multi-byte UTF-8 sequence. Returns the input length consumed or 0. */
static size_t mojibake_at(const unsigned char *s, size_t n, size_t i, uint32_t first, size_t flen,
                          uint32_t *out) {
  int b0 = cp1252_byte(first);
  if (b0 < 0xC2 || b0 > 0xF4) return 0;
  size_t need = b0 < 0xE0 ? 1 : b0 < 0xF0 ? 2 : 3;
  unsigned char bytes[4];
  bytes[0] = (unsigned char)b0;
  size_t j = i + flen;
  for (size_t k = 1; k <= need; k++) {
    if (j >= n) return 0;
    uint32_t cp;
    int valid;
    size_t len = nc_utf8_decode(s, n, j, &cp, &valid);
    if (!valid) return 0;
    int b = cp1252_byte(cp);
    if (b < 0x80 || b > 0xBF) return 0;
    bytes[k] = (unsigned char)b;
    j += len;
  }
  uint32_t cp;
  int valid;
  size_t len = nc_utf8_decode(bytes, need + 1, 0, &cp, &valid);
  if (!valid || len != need + 1) return 0;
  *out = cp;
  return j - i;
}

/* Emit the newlines and the space due before a visible character. */
static int flush_ws(emitter *e, ws_state *w, const nc_text_opts *o) {
  int rc;
  if (o->whitespace) {
    if (w->newlines && e->out->len > e->base) {
      size_t k = w->newlines > 2 ? 2 : w->newlines;
      for (size_t t = 0; t < k; t++)
        if ((rc = emit(e, "\n", 1, w->newline_orig + t))) return rc;
      w->at_line_start = 1;
    }
    if (w->pending_space && !w->at_line_start)
      if ((rc = emit(e, " ", 1, w->space_orig))) return rc;
    w->newlines = 0;
    w->pending_space = 0;
    w->at_line_start = 0;
  }
  return NC_OK;
}

static int put_visible(emitter *e, ws_state *w, const nc_text_opts *o, uint32_t cp, size_t orig) {
  int rc = flush_ws(e, w, o);
  return rc ? rc : emit_cp(e, cp, orig);
}

/* Handles one code point after decoding/repair; applies folding and whitespace rules. */
static int put_cp(emitter *e, ws_state *w, const nc_text_opts *o, nc_text_stats *st, uint32_t cp,
                  size_t orig) {
  if (is_control(cp)) {
    if (cp == '\f' || cp == '\v') {
      cp = ' ';
    } else {
      st->controls++;
      return NC_OK;
    }
  }
  if (o->fold) {
    const char *f = fold_of(cp);
    if (f) {
      st->folded++;
      for (; *f; f++) {
        int rc = put_cp(e, w, o, st, (uint32_t)(unsigned char)*f, orig);
        if (rc) return rc;
      }
      return NC_OK;
    }
  } else if (cp == 0xFEFF && orig == 0) {
    st->controls++; /* byte order mark */
    return NC_OK;
  }
  if (!o->whitespace) return emit_cp(e, cp, orig);
  if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000)
    cp = ' '; /* Unicode spaces take part in collapsing and become ASCII spaces */
  if (cp == ' ' || cp == '\t') {
    if (w->pending_space || w->at_line_start || w->newlines) st->spaces++;
    if (!w->pending_space) w->space_orig = orig;
    w->pending_space = 1;
    return NC_OK;
  }
  if (cp == '\n') {
    if (w->pending_space) st->spaces++;
    w->pending_space = 0;
    if (w->newlines == 0) w->newline_orig = orig;
    if (w->newlines >= 2) st->spaces++;
    w->newlines++;
    return NC_OK;
  }
  return put_visible(e, w, o, cp, orig);
}

/* Length of a valid UTF-8 sequence at s[i] (s[i] >= 0x80) that the first pass copies as it is
 * (a visible character from U+00A1 up: no control, Unicode space, byte order mark, possible
 * mojibake lead or folded character), or 0. */
static inline size_t plain_multibyte(const unsigned char *s, size_t n, size_t i,
                                     const nc_text_opts *o) {
  uint32_t cp;
  int valid = 1;
  size_t len;
  unsigned c = s[i];
  /* valid two- and three-byte sequences decoded inline (no overlongs, no surrogates, as
   * nc_utf8_decode checks them); anything else through nc_utf8_decode */
  if (c >= 0xC2 && c < 0xE0 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
    cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3Fu);
    len = 2;
  } else if (c >= 0xE0 && c < 0xF0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
             (s[i + 2] & 0xC0) == 0x80 && (c != 0xE0 || s[i + 1] >= 0xA0) &&
             (c != 0xED || s[i + 1] < 0xA0)) {
    cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3Fu);
    len = 3;
  } else {
    len = nc_utf8_decode(s, n, i, &cp, &valid);
  }
  /* U+00A1..U+00FF: a mojibake lead only when a non-ASCII character follows (mojibake_at
   * needs continuation characters from U+0080 up), so plain before ASCII or the end */
  if (!valid || (cp < 0x100 && (cp < 0xA1 || (i + len < n && s[i + len] >= 0x80))) ||
      (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
      cp == 0xFEFF || (o->fold && fold_of(cp)))
    return 0;
  return len;
}

/* Skips printable ASCII other than '&', with single spaces before such characters, sixteen or eight
 * bytes at a time; then visible characters one by one. Returns where it stopped. */
static size_t skip_visible_ascii(const unsigned char *s, size_t n, size_t j) {
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
  /* sixteen bytes at a time: signed compares (bytes from 0x80 are negative, never visible) */
  const __m128i x20 = _mm_set1_epi8(0x20), x7f = _mm_set1_epi8(0x7F), amp = _mm_set1_epi8('&');
  for (; j + 17 <= n; j += 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
    __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(s + j + 1));
    __m128i vx = _mm_andnot_si128(_mm_cmpeq_epi8(x, amp),
                                  _mm_and_si128(_mm_cmpgt_epi8(x, x20), _mm_cmplt_epi8(x, x7f)));
    __m128i vy = _mm_andnot_si128(_mm_cmpeq_epi8(y, amp),
                                  _mm_and_si128(_mm_cmpgt_epi8(y, x20), _mm_cmplt_epi8(y, x7f)));
    __m128i ok = _mm_or_si128(vx, _mm_and_si128(_mm_cmpeq_epi8(x, x20), vy));
    unsigned bad = ~(unsigned)_mm_movemask_epi8(ok) & 0xFFFFu;
    /* the first byte that is neither visible nor a space before a visible one: the caller
     * (run_end) goes on from there exactly as from the first byte that is not visible */
    if (bad) return j + (size_t)__builtin_ctz(bad);
  }
#endif
  for (; j + 9 <= n; j += 8) {
    uint64_t x, y;
    memcpy(&x, s + j, 8);
    memcpy(&y, s + j + 1, 8); /* y's byte k is the byte after x's byte k */
    uint64_t vx = nc_swar_range(x, 0x21, 0x7E) & ~nc_swar_eq(x, '&');
    uint64_t vy = nc_swar_range(y, 0x21, 0x7E) & ~nc_swar_eq(y, '&');
    if ((vx | (nc_swar_eq(x, ' ') & vy)) != NC_H8) break;
  }
  while (j < n && s[j] > 0x20 && s[j] < 0x7F && s[j] != '&') j++;
  return j;
}

/* Length of a visible character the fast path copies as it is at s[j], or 0. */
static inline size_t plain_at(const unsigned char *s, size_t n, size_t j, const nc_text_opts *o,
                              int utf8) {
  unsigned char c = s[j];
  if (c > 0x20 && c < 0x7F) return c != '&';
  if (c >= 0x80 && utf8) return plain_multibyte(s, n, j, o);
  return 0;
}

/* End of the run from j that the first pass copies as it is: visible characters (printable
 * ASCII but '&', plain non-ASCII) with single spaces or (collapsing whitespace) one or two
 * line breaks between them: the slow path would emit the same bytes with contiguous offsets
 * (two line breaks are kept as they are and count as no change). */
static size_t run_end(const unsigned char *s, size_t n, size_t j, const nc_text_opts *o, int utf8) {
  for (;;) {
    size_t k;
    j = skip_visible_ascii(s, n, j);
    while (j < n && (k = plain_at(s, n, j, o, utf8)) > 0) {
      j += k; /* (skip_visible_ascii stops at once on a byte from 0x80) */
      /* the same character again (separator lines: ━━━, ═══): from U+0100 up whether a
       * character is plain depends on its bytes alone */
      if (k >= 2 && s[j - k] >= 0xC4)
        while (j + k <= n && s[j] == s[j - k] && s[j + 1] == s[j + 1 - k] &&
               (k < 3 || s[j + 2] == s[j + 2 - k]) && (k < 4 || s[j + 3] == s[j + 3 - k]))
          j += k;
      if (j < n && s[j] < 0x80) j = skip_visible_ascii(s, n, j);
    }
    if (j + 1 < n && (s[j] == ' ' || (s[j] == '\n' && o->whitespace)) &&
        (k = plain_at(s, n, j + 1, o, utf8)) > 0)
      j += 1 + k;
    else if (o->whitespace && j + 2 < n && s[j] == '\n' && s[j + 1] == '\n' &&
             (k = plain_at(s, n, j + 2, o, utf8)) > 0)
      j += 2 + k; /* a blank line: two line breaks, kept as they are */
    else
      return j;
  }
}

static int pass1(const unsigned char *s, size_t n, const nc_text_opts *o, nc_encoding enc,
                 emitter *e, nc_text_stats *st) {
  ws_state w = {0, 0, 0, 0, 1};
  size_t i = 0;
  int rc;
  int utf8 = enc != NC_ENC_CP1252;
  while (i < n) {
    unsigned char c = s[i];
    size_t plen = 0;
    if (c >= 0x80 && utf8 && (plen = plain_multibyte(s, n, i, o)) > 0) {
      /* fast path: a visible non-ASCII character copied as it is, then the run after it */
      if ((rc = flush_ws(e, &w, o))) return rc;
      size_t j = run_end(s, n, i + plen, o, utf8);
      if ((rc = emit(e, s + i, j - i, i))) return rc;
      w.at_line_start = 0;
      i = j;
      continue;
    }
    if (c >= 0x20 && c < 0x7F && c != '&') { /* fast path: printable ASCII */
      if (c == ' ' && o->whitespace) {       /* a run of spaces: put_cp's space rule, inline */
        for (; i < n && s[i] == ' '; i++) {
          if (w.pending_space || w.at_line_start || w.newlines) st->spaces++;
          if (!w.pending_space) w.space_orig = i;
          w.pending_space = 1;
        }
        continue;
      }
      /* the line breaks or the space due before it, then the run from it (as put_visible
       * would emit the character and the run after it, with contiguous offsets) */
      if (o->whitespace && (w.pending_space || w.newlines) && (rc = flush_ws(e, &w, o))) return rc;
      size_t j = run_end(s, n, i + 1, o, utf8); /* visible characters, single spaces */
      if ((rc = emit(e, s + i, j - i, i))) return rc;
      w.at_line_start = 0;
      i = j;
      continue;
    }
    if (c == '\n' && o->whitespace) { /* put_cp's line-break rule, inline */
      if (w.pending_space) st->spaces++;
      w.pending_space = 0;
      if (w.newlines == 0) w.newline_orig = i;
      if (w.newlines >= 2) st->spaces++;
      w.newlines++;
      i++;
      continue;
    }
    if (c == '\r') {
      st->newlines++;
      if ((rc = put_cp(e, &w, o, st, '\n', i))) return rc;
      i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (c == '&' && o->entities) {
      uint32_t cp, cp2;
      size_t len = nc_text_entity((const char *)s, n, i, &cp, &cp2);
      if (len) {
        st->entities++;
        if ((rc = put_cp(e, &w, o, st, cp, i))) return rc;
        i += len;
        continue;
      }
    }
    uint32_t cp;
    int valid;
    size_t len = decode_at(s, n, i, enc, &cp, &valid);
    if (!valid) {
      if (o->strict) return NC_EUTF8;
      st->repairs++;
    } else if (o->mojibake && enc != NC_ENC_CP1252 && cp >= 0xC2 && cp <= 0xF4) {
      uint32_t fixed;
      size_t mlen = mojibake_at(s, n, i, cp, len, &fixed);
      if (mlen) {
        st->mojibake++;
        if ((rc = put_cp(e, &w, o, st, fixed, i))) return rc;
        i += mlen;
        continue;
      }
    }
    if ((rc = put_cp(e, &w, o, st, cp, i))) return rc;
    i += len;
  }
  return NC_OK;
}

/* ---- pass 2: NFC / NFKC by segments ------------------------------------------------------ */

/* Emit inter[i0, i1) unchanged, splitting at the anchors of map1 so offsets stay exact. */
static int emit_copy_c(emitter *e, const char *inter, size_t i0, size_t i1, nc_offmap_cursor *m1) {
  const nc_anchor *a = m1->a;
  size_t na = m1->na;
  while (i0 < i1) {
    /* next anchor strictly after i0 */
    size_t next = (na == 0 || a[0].clean > i0) ? 0 : cursor_seek(m1, i0) + 1;
    size_t stop = (next < na && a[next].clean < i1) ? a[next].clean : i1;
    int rc = emit(e, inter + i0, stop - i0, nc_offmap_cursor_orig(m1, i0));
    if (rc) return rc;
    i0 = stop;
  }
  return NC_OK;
}

static int emit_copy(emitter *e, const char *inter, size_t i0, size_t i1, const nc_anchor *m1,
                     size_t nm1) {
  nc_offmap_cursor c;
  nc_offmap_cursor_init(&c, m1, nm1);
  return emit_copy_c(e, inter, i0, i1, &c);
}

/* Ranges of code points NFC leaves alone whatever surrounds them: no canonical decomposition
 * that NFC undoes, combining class 0, and never the second character of a canonical
 * composition (derived from the Unicode data: Greek, Cyrillic, Hebrew, Arabic, Indic letters,
 * Thai, Latin Extended Additional, punctuation and symbols, kana, CJK, Hangul syllables ...;
 * a run of at least 32 such code points each; Hangul jamo vowels and finals compose
 * algorithmically and are left out). Below U+0300 everything is safe. */
static const uint32_t nfc_ranges[][2] = {
    {0x0388, 0x0482}, {0x0488, 0x0590}, {0x05C8, 0x060F}, {0x061B, 0x064A}, {0x0671, 0x06D5},
    {0x06EE, 0x0710}, {0x074B, 0x07EA}, {0x082E, 0x0858}, {0x085C, 0x0897}, {0x08A0, 0x08C9},
    {0x0900, 0x093B}, {0x0960, 0x09BB}, {0x09FF, 0x0A32}, {0x0A5F, 0x0ABB}, {0x0ACE, 0x0B3B},
    {0x0B5E, 0x0BBD}, {0x0BD8, 0x0C3B}, {0x0C57, 0x0CBB}, {0x0CD7, 0x0D3A}, {0x0D58, 0x0DC9},
    {0x0DE0, 0x0E37}, {0x0E4C, 0x0EB7}, {0x0ECC, 0x0F17}, {0x0FC7, 0x102D}, {0x103B, 0x108C},
    {0x108E, 0x1160}, {0x1176, 0x11A6}, {0x11C3, 0x135C}, {0x1360, 0x1713}, {0x1735, 0x17D1},
    {0x17DE, 0x18A8}, {0x18AA, 0x1938}, {0x193C, 0x1A16}, {0x1A19, 0x1A5F}, {0x1A80, 0x1AAF},
    {0x1ACF, 0x1B33}, {0x1B45, 0x1B6A}, {0x1B74, 0x1BA9}, {0x1BAC, 0x1BE5}, {0x1BF4, 0x1C36},
    {0x1C38, 0x1CCF}, {0x1CFA, 0x1DBF}, {0x1E00, 0x1F70}, {0x1F7E, 0x1FBA}, {0x2002, 0x20CF},
    {0x20F1, 0x2125}, {0x212C, 0x2328}, {0x232B, 0x2ADB}, {0x2ADD, 0x2CEE}, {0x2CF2, 0x2D7E},
    {0x2D80, 0x2DDF}, {0x2E00, 0x3029}, {0x3030, 0x3098}, {0x309B, 0xA66E}, {0xA6A0, 0xA6EF},
    {0xA6F2, 0xA805}, {0xA807, 0xA82B}, {0xA82D, 0xA8C3}, {0xA8F2, 0xA92A}, {0xA92E, 0xA952},
    {0xA954, 0xA9B2}, {0xA9C1, 0xAAAF}, {0xAAC2, 0xAAF5}, {0xAAF7, 0xABEC}, {0xABEE, 0xD7FF},
    {0xE000, 0xF8FF}, {0xFADA, 0xFB1C}, {0xFB4F, 0xFE1F}, {0xFE30, 0xFFFF}};

/* *hint: the range of the last hit (text keeps to one script for long stretches) */
static int nfc_stable_cp(uint32_t cp, size_t *hint) {
  if (cp < 0x300) return 1;
  if (cp >= nfc_ranges[*hint][0] && cp <= nfc_ranges[*hint][1]) return 1;
  size_t lo = 0, hi = sizeof nfc_ranges / sizeof nfc_ranges[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cp < nfc_ranges[mid][0])
      hi = mid;
    else if (cp > nfc_ranges[mid][1])
      lo = mid + 1;
    else {
      *hint = mid;
      return 1;
    }
  }
  return 0;
}

/* 1 when every code point of s[i, j) is one NFC leaves alone whatever surrounds it (a
 * conservative quick check: anything else goes through utf8proc). */
static int nfc_safe(const unsigned char *s, size_t i, size_t j, size_t *hint) {
  while (i < j) {
    unsigned c = s[i];
    uint32_t cp;
    /* the first pass's output is valid UTF-8: two- and three-byte sequences decode inline
     * (their continuation bytes checked all the same); U+2002..U+20CF (quotes, dashes,
     * spaces, currency) is one of the stable ranges and the commonest in news text */
    if (c >= 0xC2 && c < 0xE0 && i + 1 < j && (s[i + 1] & 0xC0) == 0x80) {
      cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3Fu);
      i += 2;
    } else if (c >= 0xE0 && c < 0xF0 && i + 2 < j && (s[i + 1] & 0xC0) == 0x80 &&
               (s[i + 2] & 0xC0) == 0x80) {
      cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3Fu);
      i += 3;
      if (cp >= 0x2002 && cp <= 0x20CF) continue;
      if (nfc_stable_cp(cp, hint)) { /* and the same character again (separator lines) */
        while (i + 3 <= j && s[i] == c && s[i + 1] == s[i - 2] && s[i + 2] == s[i - 1]) i += 3;
        continue;
      }
      return 0;
    } else {
      int valid;
      i += nc_utf8_decode(s, j, i, &cp, &valid);
    }
    if (!nfc_stable_cp(cp, hint)) return 0;
  }
  return 1;
}

/* NFC/NFKC of inter[0, len) into e. When nothing changes and adopt is set, nothing is emitted
 * and *unchanged is set (the caller takes inter as it is). */
static int pass2(const char *inter, size_t len, const nc_anchor *m1, size_t nm1, nc_norm_form form,
                 emitter *e, nc_text_stats *st, int adopt, int *unchanged) {
  nc_offmap_cursor cur;
  nc_offmap_cursor_init(&cur, m1, nm1);
  *unchanged = 0;
  const unsigned char *s = (const unsigned char *)inter;
  utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
  if (form == NC_NORM_NFKC) opt |= UTF8PROC_COMPAT;
  nc_vec cps;
  nc_vec_init(&cps, sizeof(utf8proc_int32_t), e->out->a);
  size_t copied = 0, i = 0, normalized0 = st->normalized, hint = 0;
  int rc = NC_OK;
  while (i < len) {
    if (s[i] < 0x80) {
      i = nc_skip_ascii(s, len, i);
      continue;
    }
    /* segment: the preceding character (a possible base) through the run of non-ASCII */
    size_t seg = (i > copied) ? i - 1 : i;
    size_t j = i;
    for (; j + 8 <= len; j += 8) { /* eight bytes at a time while all are non-ASCII */
      uint64_t x;
      memcpy(&x, s + j, 8);
      if ((x & NC_H8) != NC_H8) break;
    }
    while (j < len && s[j] >= 0x80) j++;
    size_t seglen = j - seg;
    if (form == NC_NORM_NFC && nfc_safe(s, i, j, &hint)) {
      i = j;
      continue;
    }
    utf8proc_ssize_t need = utf8proc_decompose(s + seg, (utf8proc_ssize_t)seglen, NULL, 0, opt);
    if (need < 0) { /* cannot happen on valid UTF-8: keep the text as it is */
      i = j;
      continue;
    }
    cps.len = 0;
    /* room for the code points plus the in-place re-encoding (4 bytes each, plus NUL) */
    if ((rc = nc_vec_reserve(&cps, (size_t)need + 1))) break;
    utf8proc_int32_t *buf = cps.data;
    utf8proc_ssize_t got = utf8proc_decompose(s + seg, (utf8proc_ssize_t)seglen, buf, need, opt);
    if (got < 0 || got > need) {
      i = j;
      continue;
    }
    utf8proc_ssize_t nlen = utf8proc_normalize_utf32(buf, got, opt);
    if (nlen < 0) {
      i = j;
      continue;
    }
    utf8proc_ssize_t blen = utf8proc_reencode(buf, nlen, opt);
    if (blen < 0) {
      i = j;
      continue;
    }
    if ((size_t)blen != seglen || memcmp(buf, s + seg, seglen) != 0) {
      st->normalized++;
      if ((rc = emit_copy_c(e, inter, copied, seg, &cur))) break;
      if ((rc = emit(e, buf, (size_t)blen, nc_offmap_cursor_orig(&cur, seg)))) break;
      if ((rc = anchor_at(e, nc_offmap_cursor_orig(&cur, j)))) break;
      copied = j;
    }
    i = j;
  }
  if (!rc && adopt && copied == 0 && st->normalized == normalized0)
    *unchanged = 1;
  else if (!rc)
    rc = emit_copy_c(e, inter, copied, len, &cur);
  nc_vec_free(&cps);
  return rc;
}

/* Drop anchors that continue their predecessor's linear mapping (what copying through
 * emit_copy would drop). */
static void compact_anchors(nc_vec *map) {
  nc_anchor *a = map->data;
  size_t k = 0;
  for (size_t i = 0; i < map->len; i++) {
    if (k && a[k - 1].orig + (a[i].clean - a[k - 1].clean) == a[i].orig) continue;
    a[k++] = a[i];
  }
  map->len = k;
}

static int needs_pass2(const char *s, size_t n) {
  return n && nc_skip_ascii((const unsigned char *)s, n, 0) < n;
}

nc_status nc_text_normalize(const char *s, size_t n, const nc_text_opts *o, nc_buf *out,
                            nc_vec *map, nc_text_stats *stats) {
  nc_text_opts def;
  nc_text_stats local;
  if (!o) {
    nc_text_opts_default(&def);
    o = &def;
  }
  if (!stats) stats = &local;
  memset(stats, 0, sizeof *stats);
  if (!s && n) return NC_EINVAL;
  if (!out || !map || map->elem != sizeof(nc_anchor)) return NC_EINVAL;
  const unsigned char *u = (const unsigned char *)s;
  nc_encoding enc = o->encoding;
  if (enc == NC_ENC_AUTO) enc = o->strict ? NC_ENC_UTF8 : detect_encoding(u, n);
  stats->transcoded = enc == NC_ENC_CP1252;
  size_t out0 = out->len, map0 = map->len;
  int rc;
  if (o->form == NC_NORM_NONE) {
    emitter e = {out, map, out0};
    rc = pass1(u, n, o, enc, &e, stats);
    if (!rc) rc = anchor_at(&e, n);
  } else {
    nc_buf inter;
    nc_vec m1;
    nc_buf_init(&inter, out->a);
    nc_vec_init(&m1, sizeof(nc_anchor), out->a);
    emitter e1 = {&inter, &m1, 0};
    /* the first pass's text is about as long as the input: one allocation, no regrowth */
    rc = nc_buf_reserve(&inter, n < SIZE_MAX / 2 ? n + 16 : 0);
    if (rc) {
      nc_buf_free(&inter);
      nc_vec_free(&m1);
      return (nc_status)rc;
    }
    rc = pass1(u, n, o, enc, &e1, stats);
    if (!rc) rc = anchor_at(&e1, n);
    if (!rc) {
      emitter e2 = {out, map, out0};
      /* fresh output with the same allocator: when NFC changes nothing, take the first pass's
       * text and anchors as they are (without the anchors a copy would find redundant) */
      int adopt = out0 == 0 && map0 == 0 && out->a == inter.a && map->a == m1.a;
      int unchanged = adopt;
      if (needs_pass2(inter.data, inter.len))
        rc = pass2(inter.data, inter.len, m1.data, m1.len, o->form, &e2, stats, adopt, &unchanged);
      if (!rc && unchanged) {
        nc_buf tb = *out;
        *out = inter;
        inter = tb;
        nc_vec tv = *map;
        *map = m1;
        m1 = tv;
        compact_anchors(map);
      } else if (!rc && !unchanged && !needs_pass2(inter.data, inter.len)) {
        rc = emit_copy(&e2, inter.data ? inter.data : "", 0, inter.len, m1.data, m1.len);
      }
      if (!rc) rc = anchor_at(&e2, n);
    }
    nc_buf_free(&inter);
    nc_vec_free(&m1);
  }
  if (rc) {
    out->len = out0;
    if (out->data) out->data[out0] = '\0';
    map->len = map0;
  }
  return (nc_status)rc;
}

nc_status nc_offmap_copy(nc_buf *out, nc_vec *map, const char *src, size_t i0, size_t i1,
                         const nc_anchor *m1, size_t nm1) {
  emitter e = {out, map, 0};
  if (i0 > i1) return NC_EINVAL;
  return (nc_status)emit_copy(&e, src, i0, i1, m1, nm1);
}

nc_status nc_offmap_copy_c(nc_buf *out, nc_vec *map, const char *src, size_t i0, size_t i1,
                           nc_offmap_cursor *m1) {
  emitter e = {out, map, 0};
  if (i0 > i1) return NC_EINVAL;
  return (nc_status)emit_copy_c(&e, src, i0, i1, m1);
}

nc_status nc_offmap_emit(nc_buf *out, nc_vec *map, const void *p, size_t n, size_t orig) {
  emitter e = {out, map, 0};
  return (nc_status)emit(&e, p, n, orig);
}
