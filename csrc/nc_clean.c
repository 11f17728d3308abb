/* nc_clean.c: page-text boilerplate classification and clean-text building (see nc_clean.h).
 *
 * The text is first repaired and normalised (nc_text), then split into lines. Each line gets
 * features (words, capitalised words, final punctuation, list marker, speaker label) and is
 * classified in three steps:
 *   1. rules that look at the line alone: stage directions, widgets, counters, share prompts,
 *      footers, breadcrumbs, dates, bylines, tag and link-list headings, transcript speakers;
 *   2. rules that look at neighbours: link lists and tag lists after their heading, runs of
 *      short menu lines or list items, author bios at the end, the title before the body;
 *   3. the remaining short ("neutral") lines take the class of the nearest decided lines on
 *      each side (as in jusText): body between body lines, boilerplate between boilerplate.
 * Body lines are then cut (footer tails, "As seen on X" insertions) and split (inline bullet
 * summaries glued on one line). */
#include "nc_clean.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
#include <emmintrin.h>
#endif

const char *nc_line_class_name(nc_line_class c) {
  switch (c) {
    case NC_LINE_BODY:
      return "body";
    case NC_LINE_TITLE:
      return "title";
    case NC_LINE_META:
      return "meta";
    default:
      return "boilerplate";
  }
}

void nc_clean_opts_default(nc_clean_opts *o) {
  nc_text_opts_default(&o->text);
  o->repeated = NULL;
  o->nrepeated = 0;
  o->keep_title = 0;
  o->article = 0;
}

int nc_strref_cmp(const void *a, const void *b) {
  const nc_strref *x = a, *y = b;
  size_t n = x->n < y->n ? x->n : y->n;
  int c = n ? memcmp(x->s, y->s, n) : 0;
  if (c) return c;
  return (x->n > y->n) - (x->n < y->n);
}

void nc_clean_result_init(nc_clean_result *r, const nc_alloc *a) {
  memset(r, 0, sizeof *r);
  nc_buf_init(&r->text, a);
  nc_vec_init(&r->map, sizeof(nc_anchor), a);
  nc_vec_init(&r->segs, sizeof(nc_segment), a);
}

void nc_clean_result_free(nc_clean_result *r) {
  nc_buf_free(&r->text);
  nc_vec_free(&r->map);
  nc_vec_free(&r->segs);
}

/* strcmp with the first byte compared inline (reasons mostly differ there) */
#define STRCMP(a, b) ((a)[0] != (b)[0] ? 1 : strcmp((a), (b)))

/* ---- small string helpers (ASCII case folding; UTF-8 bytes compare as they are) -------- */

static int lc(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(int c) { return c >= 'a' && c <= 'z'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return is_upper(c) || is_lower(c) || c >= 0x80; }

/* A keyword with its length. */
typedef struct kw {
  const char *s;
  size_t n;
} kw;
#define KW(x) \
  { x, sizeof(x) - 1 }

static int istarts_k(const char *s, size_t n, const char *lit, size_t k) {
  if (k > n) return 0;
  for (size_t i = 0; i < k; i++)
    if (lc((unsigned char)s[i]) != lc((unsigned char)lit[i])) return 0;
  return 1;
}
/* lit must be a string literal */
#define istarts(s, n, lit) istarts_k((s), (n), (lit), sizeof(lit) - 1)

/* Case-insensitive search for lit[0, k) in s[0, n) starting at a word boundary; offset or n. */
static size_t ifind_word_k(const char *s, size_t n, size_t from, const char *lit, size_t k) {
  if (k == 0) return from <= n ? from : n;
  if (k >= 3) {
    /* skip eight positions at a time where the next three bytes, lowered with | 0x20, cannot
     * be lit's first three (a superset of ASCII case folding, so no match is skipped) */
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
    const __m128i b20 = _mm_set1_epi8(0x20), v0 = _mm_set1_epi8((char)(lit[0] | 0x20)),
                  v1 = _mm_set1_epi8((char)(lit[1] | 0x20)),
                  v2 = _mm_set1_epi8((char)(lit[2] | 0x20));
    while (from + 18 <= n) { /* the same, sixteen positions at a time */
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + from));
      __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(s + from + 1));
      __m128i z = _mm_loadu_si128((const __m128i *)(const void *)(s + from + 2));
      __m128i m = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(x, b20), v0),
                                _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(y, b20), v1),
                                              _mm_cmpeq_epi8(_mm_or_si128(z, b20), v2)));
      if (_mm_movemask_epi8(m)) break;
      from += 16;
    }
#endif
    const uint64_t t = NC_L8 * 0x20, w0 = NC_L8 * ((unsigned char)lit[0] | 0x20u),
                   w1 = NC_L8 * ((unsigned char)lit[1] | 0x20u),
                   w2 = NC_L8 * ((unsigned char)lit[2] | 0x20u);
    while (from + 10 <= n) {
      uint64_t x, y, z;
      memcpy(&x, s + from, 8);
      memcpy(&y, s + from + 1, 8);
      memcpy(&z, s + from + 2, 8);
      if (nc_swar_eq((x | t) ^ w0, 0) & nc_swar_eq((y | t) ^ w1, 0) & nc_swar_eq((z | t) ^ w2, 0))
        break;
      from += 8;
    }
  }
  int first = lc((unsigned char)lit[0]);
  int other = (first >= 'a' && first <= 'z') ? first - 32 : first;
  for (size_t i = from; i + k <= n; i++) {
    int c = (unsigned char)s[i];
    if (c != first && c != other) continue;
    if (i > 0 && is_alpha((unsigned char)s[i - 1])) continue;
    if (istarts_k(s + i, n - i, lit, k)) return i;
  }
  return n;
}
#define ifind_word(s, n, from, lit) ifind_word_k((s), (n), (from), (lit), sizeof(lit) - 1)

/* Index of a keyword list (sorted bytewise, lower case, NULL-terminated, fewer than 255
 * entries): first[c] is the first entry starting with byte c (0xFF: none); pairs is a
 * 1024-bit filter of the entries' first two bytes (nc_pairset), a superset test. */
typedef struct kw_list_index {
  unsigned char first[256];
  nc_pairset pairs;
} kw_list_index;

/* Whether a keyword may start like s (its lower-cased first two bytes; the second is 0 when s
 * has one byte). */
static int pair_maybe(const kw_list_index *x, const char *s, size_t n) {
  return nc_pairset_has(&x->pairs, (unsigned)lc((unsigned char)s[0]),
                        n > 1 ? (unsigned)lc((unsigned char)s[1]) : 0);
}

/* The entries of list starting with byte `first` (lower case) compared with s[0, n). */
static int in_list_scan(const char *s, size_t n, const kw *list, unsigned first, size_t from) {
  for (const kw *k = list + from; k->s && (unsigned char)k->s[0] == first; k++)
    if (k->n == n && istarts_k(s, n, k->s, n)) return 1;
  return 0;
}

/* The index of the first entry of a list that may match s[0, n) by the filters on its first two
 * bytes, or -1 (inline at every call: most lines stop here). */
static inline int list_candidates(const char *s, size_t n, const kw_list_index *x) {
  if (n == 0) return -1;
  unsigned char first = (unsigned char)lc((unsigned char)s[0]);
  if (x->first[first] == 0xFF || !pair_maybe(x, s, n)) return -1;
  return x->first[first];
}

/* Whether s[0, n) equals an entry of list, ASCII case-insensitively. */
static inline int in_list_n(const char *s, size_t n, const kw *list, const kw_list_index *x) {
  int from = list_candidates(s, n, x);
  return from >= 0 && in_list_scan(s, n, list, (unsigned)lc((unsigned char)s[0]), (size_t)from);
}
#define in_list(s, n, list) in_list_n((s), (n), (list), &kx->list)

static int starts_list_scan(const char *s, size_t n, const kw *list, unsigned first, size_t from) {
  for (const kw *k = list + from; k->s && (unsigned char)k->s[0] == first; k++) {
    size_t m = k->n;
    if (m <= n && istarts_k(s, n, k->s, m) && (m == n || !is_alpha((unsigned char)s[m]))) return 1;
  }
  return 0;
}

/* Whether s[0, n) starts with an entry of list followed by a non-letter or the end. */
static inline int starts_list_n(const char *s, size_t n, const kw *list, const kw_list_index *x) {
  int from = list_candidates(s, n, x);
  return from >= 0 && starts_list_scan(s, n, list, (unsigned)lc((unsigned char)s[0]), (size_t)from);
}
#define starts_list(s, n, list) starts_list_n((s), (n), (list), &kx->list)

static void kw_index_build(kw_list_index *x, const kw *list) {
  memset(x->first, 0xFF, sizeof x->first);
  memset(&x->pairs, 0, sizeof x->pairs);
  size_t len = 0;
  while (list[len].s) len++;
  for (size_t i = len; i-- > 0;) {
    unsigned b0 = (unsigned char)list[i].s[0];
    x->first[b0] = (unsigned char)i;
    if (list[i].n > 1) {
      nc_pairset_add(&x->pairs, b0, (unsigned char)list[i].s[1]);
    } else { /* one byte: any text starting with it may match */
      for (unsigned b1 = 0; b1 < 32; b1++) {
        nc_pairset_add(&x->pairs, b0, b1);
      }
    }
  }
}

/* Whether the line contains the word `w` (ASCII case-insensitive, on word boundaries). */
static int contains_word_k(const char *s, size_t n, const char *w, size_t k) {
  for (size_t i = ifind_word_k(s, n, 0, w, k); i < n; i = ifind_word_k(s, n, i + 1, w, k))
    if (i + k == n || !is_alpha((unsigned char)s[i + k])) return 1;
  return 0;
}
#define contains_word(s, n, w) contains_word_k((s), (n), (w), sizeof(w) - 1)

/* ---- keyword lists (generic page furniture, not any one site) ----------------------------- */

static const kw widget_words[] = {KW("accept"),
                                  KW("accept cookies"),
                                  KW("ad"),
                                  KW("advertisement"),
                                  KW("advertising"),
                                  KW("all"),
                                  KW("audio"),
                                  KW("available on air stations"),
                                  KW("back to top"),
                                  KW("cancel"),
                                  KW("captions"),
                                  KW("close"),
                                  KW("collapse"),
                                  KW("comment"),
                                  KW("comments"),
                                  KW("continue reading"),
                                  KW("cookie settings"),
                                  KW("download the app"),
                                  KW("embed"),
                                  KW("enlarge this image"),
                                  KW("expand"),
                                  KW("full screen"),
                                  KW("gallery"),
                                  KW("go"),
                                  KW("go to page"),
                                  KW("hide caption"),
                                  KW("home"),
                                  KW("image"),
                                  KW("info"),
                                  KW("leave a comment"),
                                  KW("listen"),
                                  KW("listen live"),
                                  KW("listen to this article"),
                                  KW("live radio"),
                                  KW("load more"),
                                  KW("loading"),
                                  KW("loading..."),
                                  KW("log in"),
                                  KW("login"),
                                  KW("menu"),
                                  KW("more"),
                                  KW("mute"),
                                  KW("newsletter"),
                                  KW("next"),
                                  KW("next up"),
                                  KW("no"),
                                  KW("now playing"),
                                  KW("ok"),
                                  KW("on air now"),
                                  KW("open in app"),
                                  KW("open menu"),
                                  KW("pause"),
                                  KW("photo"),
                                  KW("photos"),
                                  KW("play"),
                                  KW("play live radio"),
                                  KW("prev"),
                                  KW("previous"),
                                  KW("print"),
                                  KW("register"),
                                  KW("replay"),
                                  KW("search"),
                                  KW("settings"),
                                  KW("show more"),
                                  KW("sign in"),
                                  KW("sign up"),
                                  KW("skip navigation"),
                                  KW("skip to content"),
                                  KW("skip to main content"),
                                  KW("slideshow"),
                                  KW("submit"),
                                  KW("subscribe"),
                                  KW("subscribe now"),
                                  KW("toggle caption"),
                                  KW("toggle navigation"),
                                  KW("top"),
                                  KW("transcript"),
                                  KW("unmute"),
                                  KW("up next"),
                                  KW("video"),
                                  KW("view"),
                                  KW("view comments"),
                                  KW("volume"),
                                  KW("watch"),
                                  KW("watch live"),
                                  KW("x"),
                                  KW("yes"),
                                  {NULL, 0}};

static const kw share_words[] = {KW("click to share"),
                                 KW("copy"),
                                 KW("copy link"),
                                 KW("e-mail"),
                                 KW("email"),
                                 KW("facebook"),
                                 KW("flipboard"),
                                 KW("follow"),
                                 KW("follow us"),
                                 KW("link copied"),
                                 KW("linkedin"),
                                 KW("messenger"),
                                 KW("pinterest"),
                                 KW("reddit"),
                                 KW("share"),
                                 KW("share article"),
                                 KW("share on facebook"),
                                 KW("share on twitter"),
                                 KW("share on x"),
                                 KW("share story"),
                                 KW("share this"),
                                 KW("share this article"),
                                 KW("share this post"),
                                 KW("share this story"),
                                 KW("share via"),
                                 KW("share via email"),
                                 KW("share:"),
                                 KW("sms"),
                                 KW("social share"),
                                 KW("telegram"),
                                 KW("tweet"),
                                 KW("twitter"),
                                 KW("whatsapp"),
                                 {NULL, 0}};

static const kw linklist_heads[] = {KW("also read"),
                                    KW("around the web"),
                                    KW("don't miss"),
                                    KW("editor's picks"),
                                    KW("editors' picks"),
                                    KW("from around the web"),
                                    KW("further reading"),
                                    KW("headlines"),
                                    KW("in other news"),
                                    KW("latest"),
                                    KW("latest news"),
                                    KW("latest stories"),
                                    KW("more coverage"),
                                    KW("more from"),
                                    KW("more in"),
                                    KW("more like this"),
                                    KW("more news"),
                                    KW("more on this"),
                                    KW("more stories"),
                                    KW("more to explore"),
                                    KW("most popular"),
                                    KW("most read"),
                                    KW("most shared"),
                                    KW("most viewed"),
                                    KW("must read"),
                                    KW("paid content"),
                                    KW("popular"),
                                    KW("popular now"),
                                    KW("promoted"),
                                    KW("ranking"),
                                    KW("read also"),
                                    KW("read more"),
                                    KW("read next"),
                                    KW("recommendation"),
                                    KW("recommendations"),
                                    KW("recommended"),
                                    KW("related"),
                                    KW("related articles"),
                                    KW("related content"),
                                    KW("related coverage"),
                                    KW("related stories"),
                                    KW("see also"),
                                    KW("sponsored"),
                                    KW("stories you may like"),
                                    KW("top picks"),
                                    KW("top stories"),
                                    KW("trending"),
                                    KW("trending now"),
                                    KW("watch next"),
                                    KW("what to read next"),
                                    KW("you may also like"),
                                    KW("you might also like"),
                                    {NULL, 0}};

static const kw tag_heads[] = {
    KW("categories"), KW("category"),       KW("filed under"), KW("in"),     KW("keywords"),
    KW("more about"), KW("related topics"), KW("subjects"),    KW("tagged"), KW("tags"),
    KW("topic"),      KW("topics"),         {NULL, 0}};

static const kw footer_starts[] = {KW("(c) "),
                                   KW("all rights reserved"),
                                   KW("cookie policy"),
                                   KW("copyright"),
                                   KW("privacy policy"),
                                   KW("terms of service"),
                                   KW("terms of use"),
                                   KW("this material may not be published"),
                                   KW("transcript provided by"),
                                   {NULL, 0}};

static const kw bio_roles[] = {
    KW("correspondent"), KW("host"),     KW("reporter"),     KW("editor"),    KW("writer"),
    KW("journalist"),    KW("producer"), KW("contributor"),  KW("columnist"), KW("anchor"),
    KW("analyst"),       KW("author"),   KW("photographer"), KW("critic"),    KW("staff"),
    KW("intern"),        KW("fellow"),   KW("commentator"),  {NULL, 0}};

static const kw not_speakers[] = {
    KW("UPDATE"),        KW("UPDATED"),       KW("NOTE"),      KW("EDITOR'S NOTE"),
    KW("EDITOR’S NOTE"), KW("WATCH"),         KW("READ MORE"), KW("PHOTOS"),
    KW("RELATED"),       KW("LISTEN"),        KW("VIDEO"),     KW("ADVERTISEMENT"),
    KW("BREAKING"),      KW("EXCLUSIVE"),     KW("ANALYSIS"),  KW("OPINION"),
    KW("CORRECTION"),    KW("CLARIFICATION"), KW("SOURCE"),    KW("SOURCES"),
    KW("PHOTO"),         KW("IMAGE"),         KW("LIVE"),      KW("MORE"),
    KW("SEE ALSO"),      KW("ALSO READ"),     KW("READ ALSO"), KW("TAGS"),
    KW("TOPICS"),        KW("DATE"),          KW("BY"),        {NULL, 0}};

static const kw months[] = {
    KW("january"),  KW("february"), KW("march"),  KW("april"),     KW("may"),
    KW("june"),     KW("july"),     KW("august"), KW("september"), KW("october"),
    KW("november"), KW("december"), KW("jan"),    KW("feb"),       KW("mar"),
    KW("apr"),      KW("jun"),      KW("jul"),    KW("aug"),       KW("sep"),
    KW("sept"),     KW("oct"),      KW("nov"),    KW("dec"),       {NULL, 0}};

/* Units of reaction counters. */
static const kw units[] = {KW("comment"),  KW("comments"),  KW("like"),   KW("likes"),
                           KW("reaction"), KW("reactions"), KW("reads"),  KW("replies"),
                           KW("reply"),    KW("share"),     KW("shares"), KW("view"),
                           KW("views"),    KW("vote"),      KW("votes"),  {NULL, 0}};

/* First-byte indexes of the keyword lists (built once per nc_clean call). */
typedef struct kw_index {
  kw_list_index widget_words, share_words, linklist_heads, tag_heads, footer_starts, units;
} kw_index;

static void kw_index_init(kw_index *kx) {
  kw_index_build(&kx->widget_words, widget_words);
  kw_index_build(&kx->share_words, share_words);
  kw_index_build(&kx->linklist_heads, linklist_heads);
  kw_index_build(&kx->tag_heads, tag_heads);
  kw_index_build(&kx->footer_starts, footer_starts);
  kw_index_build(&kx->units, units);
}

/* ---- line features ------------------------------------------------------------------------ */

enum { Q_NEUTRAL = 0, Q_GOOD, Q_BAD };

/* 48 bytes on 64-bit systems (the array is one entry per line, about one per 46 input bytes):
 * counts saturate (every rule compares them with small thresholds; caps only with words of
 * at most 4), flags and the class are bytes. */
typedef struct line {
  size_t start, end; /* in the normalised text, without the newline */
  size_t cs;         /* content start: after a list marker */
  const char *reason;
  uint32_t words;
  uint16_t caps;
  unsigned char digit; /* has an ASCII digit (after the list marker) */
  unsigned char blank_before;
  unsigned char item;     /* starts with a list marker */
  unsigned char terminal; /* ends with sentence punctuation */
  unsigned char letters;  /* has letters */
  unsigned char speaker;  /* transcript speaker label */
  unsigned char strong;   /* a long sentence by itself (before any context rule) */
  unsigned char q;        /* Q_* */
  unsigned char cls;      /* nc_line_class */
  unsigned char bits;     /* LB_*: facts about the text and the reason */
} line;

/* line.bits: a byte of a breadcrumb separator in the text (see has_sep_byte); the reason is
 * one that lets neighbours decide (see transparent), one of the furniture skipped before a
 * title (see skippable_furniture). */
enum { LB_SEP = 1, LB_LOOK_THROUGH = 2, LB_FURNITURE = 4 };

/* Length of a list marker at s, or 0: "- ", "* ", "+ ", "· " (C2 B7), and "• – — ‣" (E2 80
 * A2 93 94 A3), "□ ▪ ■ ►" (E2 96 A1 AA A0 BA), "◦ ○ ●" (E2 97 A6 8B 8F), each with a space,
 * and the spaces after it. */
static size_t marker_len(const char *s, size_t n) {
  if (n < 2) return 0;
  const unsigned char *u = (const unsigned char *)s;
  size_t k = 0;
  if (u[0] == '-' || u[0] == '*' || u[0] == '+') {
    k = 1;
  } else if (u[0] == 0xC2) {
    k = u[1] == 0xB7 ? 2 : 0;
  } else if (u[0] == 0xE2 && n >= 3) {
    unsigned c1 = u[1], c2 = u[2];
    if ((c1 == 0x80 && (c2 == 0xA2 || c2 == 0x93 || c2 == 0x94 || c2 == 0xA3)) ||
        (c1 == 0x96 && (c2 == 0xA1 || c2 == 0xAA || c2 == 0xA0 || c2 == 0xBA)) ||
        (c1 == 0x97 && (c2 == 0xA6 || c2 == 0x8B || c2 == 0x8F)))
      k = 3;
  }
  if (!k || k >= n || s[k] != ' ') return 0;
  k++;
  while (k < n && s[k] == ' ') k++;
  return k;
}

static int is_closer(const char *s, size_t i, size_t *back) {
  unsigned char c = (unsigned char)s[i];
  if (c == '"' || c == '\'' || c == ')' || c == ']') {
    *back = 1;
    return 1;
  }
  /* ” ’ » in UTF-8 */
  if (i >= 2 && (unsigned char)s[i - 2] == 0xE2 && (unsigned char)s[i - 1] == 0x80 &&
      (c == 0x9D || c == 0x99)) {
    *back = 3;
    return 1;
  }
  if (i >= 1 && (unsigned char)s[i - 1] == 0xC2 && c == 0xBB) {
    *back = 2;
    return 1;
  }
  return 0;
}

static int ends_sentence(const char *s, size_t start, size_t end) {
  size_t i = end;
  while (i > start) {
    size_t back;
    if (is_closer(s, i - 1, &back) && i - start >= back) {
      i -= back;
      continue;
    }
    break;
  }
  if (i == start) return 0;
  unsigned char c = (unsigned char)s[i - 1];
  if (c == '.' || c == '!' || c == '?') return 1;
  if (i - start < 3) return 0;
  const char *t = s + i - 3;
  return memcmp(t, "\xE2\x80\xA6", 3) == 0 || memcmp(t, "\xE3\x80\x82", 3) == 0 ||
         memcmp(t, "\xEF\xBC\x81", 3) == 0 || memcmp(t, "\xEF\xBC\x9F", 3) == 0;
}

/* Transcript speaker label: "FADEL:", "EMILY FENG, BYLINE:", "UNIDENTIFIED PERSON #1:". */
static int speaker_label(const char *s, size_t n) {
  size_t i = 0, upper = 0;
  while (i < n && i < 64) {
    unsigned char c = (unsigned char)s[i];
    if (c == ':') break;
    if (is_upper(c))
      upper++;
    else if (!(c == ' ' || c == '.' || c == '\'' || c == '-' || c == ',' || c == '#' ||
               is_digit(c) || (c >= 0x80 && !is_lower(c))))
      return 0;
    if (c >= 0x80) { /* allow non-ASCII capitals (À..Þ) and ’ only */
      if (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
          (unsigned char)s[i + 1] <= 0x9E) {
        upper++;
        i += 2;
        continue;
      }
      if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
          (unsigned char)s[i + 2] == 0x99) {
        i += 3;
        continue;
      }
      return 0;
    }
    i++;
  }
  if (i >= n || s[i] != ':' || upper == 0 || !is_upper((unsigned char)s[0])) return 0;
  if (i + 1 < n && s[i + 1] != ' ') return 0;
  /* the label without a role suffix must not be a furniture word */
  size_t k = i;
  for (size_t j = 0; j < i; j++)
    if (s[j] == ',') {
      k = j;
      break;
    }
  for (const kw *w = not_speakers; w->s; w++)
    if (w->n == k && memcmp(s, w->s, k) == 0) return 0;
  return 1;
}

/* "(SOUNDBITE OF ARCHIVED RECORDING)", "(LAUGHTER)", "[APPLAUSE]". */
static int stage_direction(const char *s, size_t n) {
  if (n < 3) return 0;
  char open = s[0], close = s[n - 1];
  if (!((open == '(' && close == ')') || (open == '[' && close == ']'))) return 0;
  size_t upper = 0;
  for (size_t i = 1; i + 1 < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_lower(c)) return 0;
    if (is_upper(c)) upper++;
  }
  return upper >= 3;
}

static int time_only(const char *s, size_t n) {
  /* 0:00, 12:34, 1:02:03, "0:00 / 3:45" */
  size_t i = 0, groups = 0;
  while (i < n) {
    size_t d = 0;
    while (i < n && is_digit((unsigned char)s[i])) i++, d++;
    if (d == 0 || d > 2) return 0;
    if (i >= n || s[i] != ':') return 0;
    i++;
    d = 0;
    while (i < n && is_digit((unsigned char)s[i])) i++, d++;
    if (d != 2) return 0;
    if (i < n && s[i] == ':') {
      i++;
      d = 0;
      while (i < n && is_digit((unsigned char)s[i])) i++, d++;
      if (d != 2) return 0;
    }
    groups++;
    while (i < n && (s[i] == ' ' || s[i] == '/')) i++;
  }
  return groups > 0;
}

/* Reaction counters: "veryGood! (142)", "12 comments", "Likes: 40". */
static int counter(const char *s, size_t n, size_t words, const kw_index *kx) {
  if (words > 6 || n == 0) return 0;
  if (s[n - 1] == ')') {
    size_t i = n - 1, d = 0;
    while (i > 0 && (is_digit((unsigned char)s[i - 1]) || s[i - 1] == ',')) i--, d++;
    if (d > 0 && i > 0 && s[i - 1] == '(') return 1;
  }
  size_t i = 0;
  while (i < n && (is_digit((unsigned char)s[i]) || s[i] == ',' || s[i] == '.' || s[i] == 'K' ||
                   s[i] == 'k' || s[i] == 'M'))
    i++;
  if (i > 0 && is_digit((unsigned char)s[0]) && i < n && s[i] == ' ') {
    if (in_list(s + i + 1, n - i - 1, units)) return 1;
  }
  /* "Likes: 40": ends with a digit */
  for (const kw *u = units; is_digit((unsigned char)s[n - 1]) && u->s; u++) {
    size_t k = u->n;
    if (istarts_k(s, n, u->s, k) && k < n) {
      size_t j = k;
      while (j < n && (s[j] == ':' || s[j] == ' ')) j++;
      size_t d = j;
      while (d < n && is_digit((unsigned char)s[d])) d++;
      if (d > j && d == n) return 1;
    }
  }
  return 0;
}

/* Whether s[0, n) holds a byte of a breadcrumb separator ('>', '|', 0xBB, 0xBA), eight bytes
 * at a time. */
static int has_sep_byte(const char *s, size_t n) {
  size_t i = 0;
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
  const __m128i gt = _mm_set1_epi8('>'), bar = _mm_set1_epi8('|'), bb = _mm_set1_epi8((char)0xBB),
                ba = _mm_set1_epi8((char)0xBA);
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, bar)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, bb), _mm_cmpeq_epi8(v, ba)))))
      return 1;
  }
#endif
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, s + i, 8);
    if (nc_swar_eq(x, '>') | nc_swar_eq(x, '|') | nc_swar_eq(x, 0xBB) | nc_swar_eq(x, 0xBA))
      return 1;
  }
  for (; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '>' || c == '|' || c == 0xBB || c == 0xBA) return 1;
  }
  return 0;
}

/* Breadcrumbs and menus: "Home > Scams", "News | World | Asia", "Home » Politics". */
static int breadcrumb(const char *s, size_t n, int sep) {
  /* every separator has one of these bytes: > | and the last bytes of » › (sep: whether s
   * has one, found with the line's features) */
  if (!sep) return 0;
  size_t seps = 0, first = n;
  for (size_t i = 0; i + 2 < n; i++) {
    if (s[i] != ' ') continue;
    size_t k = 0;
    if (s[i + 1] == '>' || s[i + 1] == '|')
      k = 1;
    else if (i + 3 < n && (unsigned char)s[i + 1] == 0xC2 && (unsigned char)s[i + 2] == 0xBB)
      k = 2; /* » */
    else if (i + 4 < n && (unsigned char)s[i + 1] == 0xE2 && (unsigned char)s[i + 2] == 0x80 &&
             (unsigned char)s[i + 3] == 0xBA)
      k = 3; /* › */
    if (k && i + 1 + k < n && s[i + 1 + k] == ' ') {
      if (!seps) first = i;
      seps++;
    }
  }
  if (!seps) return 0;
  size_t w = 0;
  for (size_t i = 0; i < first; i++)
    if (s[i] == ' ') w++;
  return seps >= 2 || w <= 2;
}

/* Find a date expression; returns 1 and its range [*ds, *de). */
static int find_date(const char *s, size_t n, size_t *ds, size_t *de) {
  size_t d0 = 0; /* every form has a digit: none, no date */
  while (d0 < n && !is_digit((unsigned char)s[d0])) d0++;
  if (d0 == n) return 0;
  /* every form found at i has a digit in [i, i + 11] (a month name is at most 9 bytes, then
   * '.' and ' '): start 11 bytes before the first digit, stop at the last one */
  size_t dl = n - 1;
  while (!is_digit((unsigned char)s[dl])) dl--;
  for (size_t i = d0 > 11 ? d0 - 11 : 0; i <= dl; i++) {
    if (i > 0 && (is_alpha((unsigned char)s[i - 1]) || is_digit((unsigned char)s[i - 1]))) continue;
    /* YYYY-MM-DD or YYYY/MM/DD */
    if (i + 10 <= n && is_digit((unsigned char)s[i]) && is_digit((unsigned char)s[i + 1]) &&
        is_digit((unsigned char)s[i + 2]) && is_digit((unsigned char)s[i + 3]) &&
        (s[i + 4] == '-' || s[i + 4] == '/') && is_digit((unsigned char)s[i + 5]) &&
        is_digit((unsigned char)s[i + 6]) && s[i + 7] == s[i + 4] &&
        is_digit((unsigned char)s[i + 8]) && is_digit((unsigned char)s[i + 9])) {
      size_t e = i + 10;
      if (e + 6 <= n && (s[e] == ' ' || s[e] == 'T') && is_digit((unsigned char)s[e + 1]) &&
          is_digit((unsigned char)s[e + 2]) && s[e + 3] == ':') {
        e += 4;
        while (e < n && (is_digit((unsigned char)s[e]) || s[e] == ':')) e++;
      }
      *ds = i;
      *de = e;
      return 1;
    }
    /* D/M/YYYY or M/D/YY */
    if (is_digit((unsigned char)s[i])) {
      size_t j = i, parts = 0, digits_last = 0;
      while (parts < 3) {
        size_t d = 0;
        while (j < n && is_digit((unsigned char)s[j])) j++, d++;
        if (d == 0 || d > 4) break;
        parts++;
        digits_last = d;
        if (parts < 3 && j < n && s[j] == '/') {
          j++;
        } else {
          break;
        }
      }
      if (parts == 3 && (digits_last == 2 || digits_last == 4)) {
        *ds = i;
        *de = j;
        return 1;
      }
    }
    /* Month D, YYYY / Month D / D Month YYYY */
    int c0 = lc((unsigned char)s[i]);
    if (!(c0 == 'j' || c0 == 'f' || c0 == 'm' || c0 == 'a' || c0 == 's' || c0 == 'o' || c0 == 'n' ||
          c0 == 'd'))
      continue;
    for (const kw *m = months; m->s; m++) {
      if (m->s[0] != c0) continue;
      size_t k = m->n;
      if (!istarts_k(s + i, n - i, m->s, k) || (i + k < n && is_alpha((unsigned char)s[i + k])))
        continue;
      size_t j = i + k;
      if (j < n && s[j] == '.') j++;
      if (j < n && s[j] == ' ') j++;
      size_t d = 0;
      while (j < n && is_digit((unsigned char)s[j])) j++, d++;
      if (d >= 1 && d <= 2) {
        size_t e = j;
        if (e < n && s[e] == ',') e++;
        if (e + 5 <= n && s[e] == ' ' && is_digit((unsigned char)s[e + 1]) &&
            is_digit((unsigned char)s[e + 2]) && is_digit((unsigned char)s[e + 3]) &&
            is_digit((unsigned char)s[e + 4]))
          j = e + 5;
        *ds = i;
        *de = j;
        return 1;
      }
      if (d == 0 && j + 4 <= n && is_digit((unsigned char)s[j]) && i >= 2) break;
      /* D Month YYYY: look back for the day */
      if (d == 0 && i >= 2 && s[i - 1] == ' ' && is_digit((unsigned char)s[i - 2]) && j + 4 <= n &&
          is_digit((unsigned char)s[j]) && is_digit((unsigned char)s[j + 3])) {
        size_t b = i - 2;
        while (b > 0 && is_digit((unsigned char)s[b - 1])) b--;
        *ds = b;
        *de = j + 4;
        return 1;
      }
      break;
    }
  }
  return 0;
}

/* A person-name-like prefix: 2 to 4 capitalised words. Returns its length or 0. */
static size_t name_prefix(const char *s, size_t n, size_t *nwords) {
  size_t i = 0, w = 0, last_end = 0;
  while (i < n && w < 4) {
    if (!is_upper((unsigned char)s[i])) break;
    size_t j = i + 1;
    while (j < n && (is_alpha((unsigned char)s[j]) || s[j] == '\'' || s[j] == '-' || s[j] == '.'))
      j++;
    w++;
    last_end = j;
    if (j >= n || s[j] != ' ') break;
    i = j + 1;
  }
  *nwords = w;
  return w >= 2 ? last_end : 0;
}

static int bio_line(const char *s, size_t n) {
  size_t w;
  size_t k = name_prefix(s, n, &w);
  if (!k || k + 4 > n) return 0;
  const char *r = s + k;
  size_t rn = n - k;
  if (!(istarts(r, rn, " is ") || istarts(r, rn, " was ") || istarts(r, rn, " covers ") ||
        istarts(r, rn, " writes ") || istarts(r, rn, " reports ") || istarts(r, rn, " has ")))
    return 0;
  for (const kw *role = bio_roles; role->s; role++)
    if (ifind_word_k(r, rn, 0, role->s, role->n) < rn) return 1;
  return 0;
}

static int is_name_line(const line *l, const char *s) {
  size_t w;
  size_t len = l->end - l->start;
  return !l->item && l->words >= 2 && l->words <= 4 && l->caps == l->words &&
         name_prefix(s + l->start, len, &w) == len;
}

/* ---- classification ------------------------------------------------------------------------- */

/* The LB_ bits of a boilerplate reason. */
static unsigned reason_bits(const char *reason) {
  if (STRCMP(reason, "widget") == 0 || STRCMP(reason, "share") == 0 ||
      STRCMP(reason, "counter") == 0)
    return LB_LOOK_THROUGH | LB_FURNITURE;
  if (STRCMP(reason, "stage-direction") == 0 || STRCMP(reason, "duplicate") == 0)
    return LB_LOOK_THROUGH;
  return 0;
}

static void set(line *l, nc_line_class cls, const char *reason) {
  l->cls = cls;
  l->reason = reason;
  l->q = cls == NC_LINE_BODY ? Q_GOOD : Q_BAD;
  l->bits = (unsigned char)((l->bits & LB_SEP) | (cls == NC_LINE_BOILER ? reason_bits(reason) : 0));
}

static int repeated_line(const nc_clean_opts *o, const char *s, size_t n) {
  if (!o->nrepeated) return 0;
  nc_strref key = {s, n};
  return bsearch(&key, o->repeated, o->nrepeated, sizeof key, nc_strref_cmp) != NULL;
}

#define H8 NC_H8
#define swar_eq nc_swar_eq
#define swar_range nc_swar_range
#define popcount64 nc_popcount64

#if defined(__SSE2__) && !defined(NC_NO_SIMD)
/* The counts of features() sixteen bytes at a time: c[0, cn) with c[0, (cn + 15) & ~15)
 * readable. Per-byte counters (0 or 1 added per block, as 0xFF subtracted) summed with
 * psadbw every 255 blocks. */
static void count_sse2(const char *c, size_t cn, size_t *words, size_t *caps, size_t *cjk,
                       unsigned *letter, unsigned *digit, unsigned *lead, unsigned *sep) {
  const __m128i sp = _mm_set1_epi8(' '), a0 = _mm_set1_epi8('A' - 1), a1 = _mm_set1_epi8('Z' + 1),
                l0 = _mm_set1_epi8('a' - 1), l1 = _mm_set1_epi8('z' + 1),
                d0 = _mm_set1_epi8('0' - 1), d1 = _mm_set1_epi8('9' + 1),
                j0 = _mm_set1_epi8((char)0xE2), j1 = _mm_set1_epi8((char)0xEE),
                m0 = _mm_set1_epi8((char)0xC2), gt = _mm_set1_epi8('>'), bar = _mm_set1_epi8('|'),
                bb = _mm_set1_epi8((char)0xBB), ba = _mm_set1_epi8((char)0xBA),
                zero = _mm_setzero_si128();
  /* the byte before the first one counts as a space: a space in the last lane */
  __m128i prev_sp = _mm_slli_si128(_mm_set1_epi8(-1), 15);
  __m128i aw = zero, ac = zero, aj = zero, let = zero, dig = zero, ld = zero, sp2 = zero;
  __m128i sw = zero, sc = zero, sj = zero; /* 64-bit lane sums */
  unsigned blocks = 0;
  for (size_t i = 0; i < cn; i += 16) {
    /* signed compares: bytes from 0x80 are negative, outside every ASCII range */
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(c + i));
    __m128i valid = _mm_set1_epi8(-1);
    if (cn - i < 16) { /* bytes past the line: zero (not a space, letter, digit or lead) */
      static const char ones[32] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0};
      valid = _mm_loadu_si128((const __m128i *)(const void *)(ones + 16 - (cn - i)));
      v = _mm_and_si128(v, valid);
    }
    __m128i isp = _mm_cmpeq_epi8(v, sp);
    __m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, a0), _mm_cmplt_epi8(v, a1));
    __m128i lo = _mm_and_si128(_mm_cmpgt_epi8(v, l0), _mm_cmplt_epi8(v, l1));
    __m128i dg = _mm_and_si128(_mm_cmpgt_epi8(v, d0), _mm_cmplt_epi8(v, d1));
    __m128i before = _mm_or_si128(_mm_slli_si128(isp, 1), _mm_srli_si128(prev_sp, 15));
    /* a word starts at a byte that is not a space (nor past the line) after a space */
    __m128i start = _mm_and_si128(_mm_andnot_si128(isp, before), valid);
    prev_sp = isp;
    aw = _mm_sub_epi8(aw, start);
    ac = _mm_sub_epi8(ac, _mm_and_si128(start, _mm_or_si128(up, dg)));
    let = _mm_or_si128(let, _mm_or_si128(up, lo));
    /* (zeroed lanes past the line never match these) */
    sp2 = _mm_or_si128(sp2, _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, bar)));
    if (_mm_movemask_epi8(v)) { /* bytes from 0x80: the rest concerns them only */
      __m128i jk = _mm_and_si128(_mm_cmpgt_epi8(v, j0), _mm_cmplt_epi8(v, j1)); /* E3..ED */
      aj = _mm_sub_epi8(aj, jk);
      sp2 = _mm_or_si128(sp2, _mm_or_si128(_mm_cmpeq_epi8(v, bb), _mm_cmpeq_epi8(v, ba)));
      /* lead bytes of possible non-ASCII letters: C3..ED but E2 (U+2000..U+2FFF) */
      ld = _mm_or_si128(
          ld, _mm_andnot_si128(_mm_cmpeq_epi8(v, j0),
                               _mm_and_si128(_mm_cmpgt_epi8(v, m0), _mm_cmplt_epi8(v, j1))));
    }
    dig = _mm_or_si128(dig, dg);
    if (++blocks == 255) {
      sw = _mm_add_epi64(sw, _mm_sad_epu8(aw, zero));
      sc = _mm_add_epi64(sc, _mm_sad_epu8(ac, zero));
      sj = _mm_add_epi64(sj, _mm_sad_epu8(aj, zero));
      aw = ac = aj = zero;
      blocks = 0;
    }
  }
  sw = _mm_add_epi64(sw, _mm_sad_epu8(aw, zero));
  sc = _mm_add_epi64(sc, _mm_sad_epu8(ac, zero));
  sj = _mm_add_epi64(sj, _mm_sad_epu8(aj, zero));
  uint64_t t[2];
  _mm_storeu_si128((__m128i *)(void *)t, sw);
  *words = (size_t)(t[0] + t[1]);
  _mm_storeu_si128((__m128i *)(void *)t, sc);
  *caps = (size_t)(t[0] + t[1]);
  _mm_storeu_si128((__m128i *)(void *)t, sj);
  *cjk = (size_t)(t[0] + t[1]);
  *letter = _mm_movemask_epi8(let) != 0;
  *digit = _mm_movemask_epi8(dig) != 0;
  *lead = _mm_movemask_epi8(ld) != 0;
  *sep = _mm_movemask_epi8(sp2) != 0;
}
#endif

/* tn: length of the text s (bytes up to it may be read in blocks) */
static void features(line *l, const char *s, size_t tn) {
  const char *p = s + l->start;
  size_t n = l->end - l->start;
  size_t m = marker_len(p, n);
  l->item = m > 0 && m < n;
  l->cs = l->start + (m < n ? m : 0);
  const char *c = s + l->cs;
  size_t cn = l->end - l->cs;
  /* branch-free counts: word starts (a non-space after a space or the start), capitalised or
   * numeric word starts, CJK lead bytes (E3..ED: ideographs, kana, hangul; about 2 per
   * word), ASCII letters */
  size_t words = 0, caps = 0, cjk = 0, i = 0;
  unsigned prev = ' ', ascii_letter = 0, any_digit = 0, lead = 1;
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
  if (tn - l->cs >= ((cn + 15) & ~(size_t)15)) {
    unsigned sep;
    count_sse2(c, cn, &words, &caps, &cjk, &ascii_letter, &any_digit, &lead, &sep);
    l->bits = sep ? LB_SEP : 0;
    goto counted;
  }
#else
  (void)tn;
#endif
  /* eight bytes at a time: flags in the high bit of each byte */
  uint64_t carry = 0x80; /* the byte before the first one counts as a space */
  uint64_t letters8 = 0, digits8 = 0;
  /* per-byte counters (0/1 added per block), summed every 31 blocks: at most 248 a sum */
  uint64_t aw = 0, ac = 0, aj = 0;
  unsigned blocks = 0;
  for (; i + 8 <= cn; i += 8) {
    uint64_t x;
    memcpy(&x, c + i, 8);
    uint64_t sp = swar_eq(x, ' ');
    uint64_t start = ~sp & H8 & ((sp << 8) | carry);
    carry = sp >> 56;
    uint64_t upper = swar_range(x, 'A', 'Z'), lower = swar_range(x, 'a', 'z');
    uint64_t digit = swar_range(x, '0', '9');
    aw += start >> 7;
    ac += (start & (upper | digit)) >> 7;
    aj += (x & H8 & swar_range(x & ~H8, 0x63, 0x6D)) >> 7; /* E3..ED */
    letters8 |= upper | lower;
    digits8 |= digit;
    if (++blocks == 31) {
      words += (size_t)((aw * NC_L8) >> 56);
      caps += (size_t)((ac * NC_L8) >> 56);
      cjk += (size_t)((aj * NC_L8) >> 56);
      aw = ac = aj = 0;
      blocks = 0;
    }
  }
  words += (size_t)((aw * NC_L8) >> 56);
  caps += (size_t)((ac * NC_L8) >> 56);
  cjk += (size_t)((aj * NC_L8) >> 56);
  l->bits = has_sep_byte(c, cn) ? LB_SEP : 0;
  ascii_letter = letters8 != 0;
  any_digit = digits8 != 0;
  if (i > 0) prev = (unsigned char)c[i - 1];
  for (; i < cn; i++) {
    unsigned ch = (unsigned char)c[i];
    unsigned start = (ch != ' ') & (prev == ' ');
    words += start;
    caps += start & ((ch - 'A' < 26u) | (ch - '0' < 10u));
    cjk += (ch - 0xE3u) <= 0xAu;
    ascii_letter |= ((ch | 0x20u) - 'a') < 26u;
    any_digit |= ch - '0' < 10u;
    prev = ch;
  }
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
counted:
#endif
  l->caps = caps > UINT16_MAX ? UINT16_MAX : (uint16_t)caps;
  l->letters = ascii_letter != 0;
  l->digit = any_digit != 0;
  /* non-ASCII letters: lead bytes C3..ED but E2 (U+2000..U+2FFF: punctuation, symbols, box
   * drawing) may start one */
  for (i = 0; lead && i < cn && !l->letters; i++) {
    unsigned b0 = (unsigned char)c[i];
    if (b0 < 0xC3 || b0 == 0xE2 || b0 > 0xED) continue;
    uint32_t cp;
    unsigned b1 = i + 1 < cn ? (unsigned char)c[i + 1] : 0,
             b2 = i + 2 < cn ? (unsigned char)c[i + 2] : 0;
    /* valid two- and three-byte sequences decoded inline, as nc_utf8_decode would */
    if (b0 >= 0xC2 && b0 < 0xE0 && (b1 & 0xC0) == 0x80) {
      cp = ((uint32_t)(b0 & 0x1F) << 6) | (b1 & 0x3Fu);
    } else if (b0 >= 0xE0 && b0 < 0xF0 && (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80 &&
               (b0 != 0xE0 || b1 >= 0xA0) && (b0 != 0xED || b1 < 0xA0)) {
      cp = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(b1 & 0x3F) << 6) | (b2 & 0x3Fu);
    } else {
      int valid;
      nc_utf8_decode((const unsigned char *)c, cn, i, &cp, &valid);
    }
    if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x1FFF) ||
        (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF))
      l->letters = 1;
  }
  words += cjk / 2;
  l->words = words > UINT32_MAX ? UINT32_MAX : (uint32_t)words;
  l->terminal = ends_sentence(s, l->cs, l->end);
  l->speaker = speaker_label(c, cn);
}

/* A teaser cut short: "... reports reaching..." or "…". */
static int truncated(const char *s, size_t n) {
  if (n >= 3 && memcmp(s + n - 3, "...", 3) == 0) return 1;
  return n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0;
}

/* Step 1: rules on the line alone. */
static void rules_alone(line *l, const char *s, const nc_clean_opts *o, const kw_index *kx) {
  const char *c = s + l->cs;
  size_t n = l->end - l->cs;
  size_t kn = n; /* the line without a final ':' for keyword comparisons */
  while (kn > 0 && (c[kn - 1] == ':' || c[kn - 1] == ' ')) kn--;
  if (repeated_line(o, s + l->start, l->end - l->start)) return set(l, NC_LINE_BOILER, "repeated");
  if (stage_direction(c, n)) return set(l, NC_LINE_BOILER, "stage-direction");
  if (l->speaker) {
    l->q = Q_GOOD;
    return;
  }
  if (!l->letters && (n < 40 || !l->digit)) return set(l, NC_LINE_BOILER, "widget");
  if (c[0] == '[' && c[n - 1] == ']' && l->words <= 3) return set(l, NC_LINE_BOILER, "widget");
  if (time_only(c, n) || (l->words <= 5 && in_list(c, kn, widget_words)))
    return set(l, NC_LINE_BOILER, "widget");
  if (l->words == 1 &&
      (istarts(c, n, "http://") || istarts(c, n, "https://") || istarts(c, n, "www.")))
    return set(l, NC_LINE_BOILER, "widget");
  if (l->words <= 8 && (in_list(c, kn, share_words) || istarts(c, n, "share this")))
    return set(l, NC_LINE_BOILER, "share");
  if (counter(c, n, l->words, kx)) return set(l, NC_LINE_BOILER, "counter");
  if (l->words <= 40 && (istarts(c, n, "\xC2\xA9") || starts_list(c, n, footer_starts)))
    return set(l, NC_LINE_BOILER, "footer");
  if (l->words <= 40 && breadcrumb(c, n, l->bits & LB_SEP))
    return set(l, NC_LINE_BOILER, "navigation");
  /* (no link-list head ends with ':' or ' ', so the line with or without its final colon
   * starts with one alike: one lookup serves both rules) */
  int linklist_head = l->words <= 24 && !l->terminal && starts_list(c, n, linklist_heads);
  if (l->words <= 6 && linklist_head) return set(l, NC_LINE_BOILER, "link-list");
  /* "Read more: <headline>", "Related: <headline>": one teaser link on its own line */
  if (linklist_head) {
    const char *colon = memchr(c, ':', n < 24 ? n : 24);
    if (colon && colon + 1 < c + n) return set(l, NC_LINE_BOILER, "link");
  }
  /* newsletter and sign-up prompts: "Sign up for the ... newsletter", "Subscribe to ..." */
  if (l->words <= 15 && (istarts(c, n, "sign up") || istarts(c, n, "subscribe to ") ||
                         (l->words <= 10 && contains_word(c, n, "newsletter"))))
    return set(l, NC_LINE_BOILER, "share");
  int tag_head = l->words <= 4 && in_list(c, kn, tag_heads);
  if (tag_head && l->words <= 3 && c[n - 1] == ':') return set(l, NC_LINE_BOILER, "tag-list");
  if (tag_head && l->item) return set(l, NC_LINE_BOILER, "tag-list");
  int c0 = lc((unsigned char)c[0]);
  if (l->words <= 12 && (c0 == 'b' || c0 == 'w' || c0 == 'a' || c0 == 'r' || c0 == 'p') &&
      (istarts(c, n, "by ") || istarts(c, n, "written by ") || istarts(c, n, "author: ") ||
       istarts(c, n, "reporting by ") || istarts(c, n, "posted by ") ||
       istarts(c, n, "published by "))) {
    size_t w, k = 3;
    if (istarts(c, n, "posted by ")) k = 10;
    if (istarts(c, n, "published by ")) k = 13;
    if (istarts(c, n, "written by ")) k = 11;
    if (istarts(c, n, "author: ")) k = 8;
    if (istarts(c, n, "reporting by ")) k = 13;
    if (k < n && (name_prefix(c + k, n - k, &w) || is_upper((unsigned char)c[k])))
      return set(l, NC_LINE_META, "byline");
  }
  size_t ds, de;
  if (l->words <= 12 && !l->terminal && l->digit && find_date(c, n, &ds, &de))
    return set(l, NC_LINE_META, "date");
  if (l->words <= 10 && c0 == 's' && (istarts(c, n, "source: ") || istarts(c, n, "sources: ")))
    return set(l, NC_LINE_META, "source");
  /* dateline alone on its line: "WASHINGTON (AP) —" */
  if (l->words <= 5 && n >= 4 && (memcmp(c + n - 3, "\xE2\x80\x94", 3) == 0 || c[n - 1] == '-') &&
      is_upper((unsigned char)c[0]) && is_upper((unsigned char)c[1]))
    return set(l, NC_LINE_META, "dateline");
  /* quality of what is left: long sentences; a teaser cut short is not body evidence */
  if (truncated(c, n)) {
    l->terminal = 0;
    return;
  }
  if ((l->words >= 10 && l->terminal) || l->words >= 25) l->q = Q_GOOD;
  l->strong = l->q == Q_GOOD;
}

/* Lines that occur more than once: groups of equal lines (by hash, then compared), each
 * group in line order. dup holds, for every line, the next line of its group (nl: none) and
 * a hash table of group heads. */
static void mark_duplicates(line *L, size_t nl, const char *s, nc_vec *dup, int article) {
  dup->len = 0;
  if (nl < 2 || nl >= UINT32_MAX) return; /* 2^32 lines: skip this optional evidence */
  /* only lines of 3 words or more that are not speaker labels can form a group that counts;
   * equal lines have equal features, so the others need no hashing */
  size_t ne = 0;
  for (size_t i = 0; i < nl; i++) ne += L[i].words >= 3 && !L[i].speaker;
  if (ne < 2 || ne > SIZE_MAX / 64) return;
  size_t cap = 16;
  while (cap < ne * 2) cap *= 2;
  /* hash[cap] (uint64) | head[cap] | tail[cap] | next[nl] (uint32), in size_t units */
  size_t nunits = (cap * 8 + cap * 8 + nl * 4 + sizeof(size_t) - 1) / sizeof(size_t);
  if (nc_vec_reserve(dup, nunits)) return; /* no memory: skip this optional evidence */
  uint64_t *hash = dup->data;
  uint32_t *head = (uint32_t *)(hash + cap), *tail = head + cap, *next = tail + cap;
  const uint32_t none = (uint32_t)nl;
  for (size_t k = 0; k < cap; k++) head[k] = none;
  for (size_t i = 0; i < nl; i++) {
    next[i] = none;
    if (L[i].words < 3 || L[i].speaker) continue;
    uint64_t h = XXH3_64bits(s + L[i].start, L[i].end - L[i].start);
    size_t slot = (size_t)h & (cap - 1);
    while (head[slot] != none && hash[slot] != h) slot = (slot + 1) & (cap - 1);
    if (head[slot] == none) {
      head[slot] = (uint32_t)i;
      hash[slot] = h;
    } else {
      next[tail[slot]] = (uint32_t)i;
    }
    tail[slot] = (uint32_t)i;
  }
  for (size_t slot = 0; slot < cap; slot++) {
    size_t first = head[slot];
    if (first == nl || next[first] == none) continue; /* no group or a single line */
    const line *x = &L[first];
    if (x->words < 3 || x->cls != NC_LINE_BODY || x->speaker) continue;
    size_t len = x->end - x->start;
    /* headline-like copies (menus, teasers) and copies close together (alt text and
     * caption) all go; a sentence repeated far away keeps its first occurrence */
    size_t second = nl;
    for (size_t k = next[first]; k < nl; k = next[k])
      if (L[k].end - L[k].start == len && memcmp(s + L[k].start, s + x->start, len) == 0) {
        second = k;
        break;
      }
    int close = second < nl && second - first <= 3;
    int terminal = x->terminal;
    for (size_t k = first; k < nl; k = next[k]) {
      line *y = &L[k];
      if (y->end - y->start != len || memcmp(s + y->start, s + x->start, len) != 0) continue;
      if (close && terminal)
        set(y, NC_LINE_BOILER, "duplicate"); /* alt text and caption */
      else if (!article && !terminal)
        set(y, NC_LINE_BOILER, "duplicate"); /* menus and teasers repeated on the page */
      else if (k != first)
        y->q = Q_NEUTRAL; /* a repeated sentence: its neighbours decide */
    }
  }
}

/* Step 2: rules that look at neighbours. */
static void rules_context(line *L, size_t nl, const char *s, nc_vec *dup, int article) {
  size_t first_good = nl;
  for (size_t i = 0; i < nl; i++)
    if (L[i].q == Q_GOOD && !L[i].speaker && L[i].cls == NC_LINE_BODY) {
      first_good = i;
      break;
    }
  /* link lists and tag lists after their heading */
  for (size_t i = 0; i < nl; i++) {
    if (L[i].cls != NC_LINE_BOILER) continue;
    const char *why = L[i].reason;
    int linklist = STRCMP(why, "link-list") == 0, tags = STRCMP(why, "tag-list") == 0;
    if (!linklist && !tags) continue;
    size_t j = i + 1;
    for (; j < nl; j++) {
      line *l = &L[j];
      if (l->cls != NC_LINE_BODY) {
        if (l->cls == NC_LINE_BOILER && (l->bits & LB_FURNITURE))
          continue; /* counter, widget, share */
        break;
      }
      if (l->speaker) break;
      if (tags ? (l->words <= 5 && !l->terminal) || (l->item && l->words <= 6)
               : (l->item && l->words <= 40) || (!l->terminal && l->words <= 30) ||
                     (l->q != Q_GOOD && l->words <= 12)) {
        set(l, NC_LINE_BOILER, why);
        continue;
      }
      break;
    }
    i = j - 1;
  }
  /* runs of list items or of very short lines: menus before the body, link lists after
   * (in an extracted article, lists are content) */
  for (size_t i = 0; i < nl && !article;) {
    size_t j = i;
    while (j < nl && L[j].cls == NC_LINE_BODY && !L[j].speaker && !L[j].terminal &&
           ((L[j].item && L[j].words <= 14) || (!L[j].item && L[j].words <= 4)))
      j++;
    if (j - i >= 3) {
      for (size_t k = i; k < j; k++)
        set(&L[k], NC_LINE_BOILER, k < first_good ? "navigation" : "link-list");
    }
    i = j > i ? j : i + 1;
  }
  /* inside the body, a short line with a date is content (a schedule, a list) unless the date
   * is most of it or a publication keyword introduces it */
  for (size_t i = first_good; i < nl; i++) {
    if (L[i].cls != NC_LINE_META || STRCMP(L[i].reason, "date") != 0) continue;
    const char *p = s + L[i].cs;
    size_t n = L[i].end - L[i].cs, ds, de;
    int keyword = istarts(p, n, "published") || istarts(p, n, "updated") ||
                  istarts(p, n, "posted") || istarts(p, n, "date") || istarts(p, n, "last updated");
    if (!keyword && find_date(p, n, &ds, &de) && (de - ds) * 2 < n) {
      L[i].cls = NC_LINE_BODY;
      L[i].reason = "body";
      L[i].q = Q_NEUTRAL;
    }
  }
  /* reader comments: from the first "name says:" line, when there are several, to the end */
  size_t says = 0, first_says = nl;
  for (size_t i = first_good; i < nl; i++) {
    const char *p = s + L[i].cs;
    size_t n = L[i].end - L[i].cs;
    size_t k = n;
    while (k > 0 && p[k - 1] == ' ') k--;
    if (L[i].words > 8 || k < 6 || p[k - 1] != ':' || L[i].speaker) continue;
    static const kw verbs[] = {KW(" says"),    KW(" said"),      KW(" wrote"), KW(" writes"),
                               KW(" replied"), KW(" commented"), {NULL, 0}};
    for (const kw *v = verbs; v->s; v++) {
      size_t vl = v->n;
      if (k - 1 >= vl && memcmp(p + k - 1 - vl, v->s, vl) == 0) {
        if (!says++) first_says = i;
        break;
      }
    }
  }
  if (says >= 2) {
    size_t start = first_says;
    /* a comments heading just before belongs to the section */
    for (size_t k = first_says; k-- > 0 && k + 4 > first_says;)
      if (L[k].words <= 5 &&
          (ifind_word(s + L[k].cs, L[k].end - L[k].cs, 0, "comment") < L[k].end - L[k].cs ||
           ifind_word(s + L[k].cs, L[k].end - L[k].cs, 0, "repl") < L[k].end - L[k].cs ||
           ifind_word(s + L[k].cs, L[k].end - L[k].cs, 0, "responses") < L[k].end - L[k].cs))
        start = k;
    for (size_t k = start; k < nl; k++)
      if (L[k].cls == NC_LINE_BODY) set(&L[k], NC_LINE_BOILER, "comments");
  }
  /* lines that occur more than once in the page: alt text and caption, teasers, menus
   * repeated at the bottom (exact copies, at least 3 words) */
  mark_duplicates(L, nl, s, dup, article);
  /* author bios: "Name" then "Name is a ... correspondent", or such a line near the end
   * (nothing but bios and boilerplate after it); one backward pass */
  int later_body = 0;
  for (size_t i = nl; i-- > 0;) {
    const char *p = s + L[i].cs;
    size_t n = L[i].end - L[i].cs;
    /* a bio has a name of two words or more, " is " (or another verb) and a role word */
    int bio = !L[i].speaker && L[i].words >= 4 && bio_line(p, n);
    if (bio) {
      size_t pl = i > 0 ? L[i - 1].end - L[i - 1].start : 0;
      int named =
          i > 0 && is_name_line(&L[i - 1], s) && pl <= n && memcmp(p, s + L[i - 1].start, pl) == 0;
      if (named || !later_body) {
        set(&L[i], NC_LINE_BOILER, "bio");
        if (named) set(&L[i - 1], NC_LINE_BOILER, "bio");
      }
    } else if (L[i].q == Q_GOOD) {
      later_body = 1;
    }
  }
}

/* Lines that do not decide their neighbours' class: images, widgets, counters and share
 * prompts sit inside articles as often as around them. */
static int transparent(const line *l) {
  if (l->cls == NC_LINE_META || l->cls == NC_LINE_TITLE) return 1;
  /* widget, share, counter, stage-direction, duplicate (set by set()) */
  return l->cls == NC_LINE_BOILER && (l->bits & LB_LOOK_THROUGH);
}

static int headline_like(const line *l) {
  return l->cls == NC_LINE_BODY && !l->speaker && !l->item && l->words >= 3 && l->words <= 30 &&
         l->letters && !(l->terminal && l->words >= 10);
}

/* The title: the nearest headline-like line before the first body line (skipping metadata
 * and widgets), preferring one repeated inside a breadcrumb line. */
static int skippable_furniture(const line *l) {
  return l->cls == NC_LINE_BOILER && (l->bits & LB_FURNITURE); /* widget, share, counter */
}

/* A headline: several words with letters, no sentence punctuation at the end, not a list item
 * or a speaker turn (whatever class the line was given so far). */
static int headline_shape(const line *l) {
  return !l->speaker && !l->item && l->words >= 5 && l->words <= 30 && l->letters && !l->terminal;
}

static void find_title(line *L, size_t nl, const char *s) {
  size_t first_good = nl;
  for (size_t i = 0; i < nl; i++)
    if (L[i].q == Q_GOOD && L[i].cls == NC_LINE_BODY && !L[i].item) {
      first_good = i;
      break;
    }
  /* the headline right above the date line of the article (widgets between are skipped) */
  for (size_t d = 1; d < nl && d <= first_good; d++) {
    if (L[d].cls != NC_LINE_META || STRCMP(L[d].reason, "date") != 0) continue;
    size_t i = d;
    while (i-- > 0 && skippable_furniture(&L[i])) {
    }
    if (i < d && headline_shape(&L[i]) &&
        (L[i].cls == NC_LINE_BODY ||
         (L[i].cls == NC_LINE_BOILER && STRCMP(L[i].reason, "navigation") == 0))) {
      set(&L[i], NC_LINE_TITLE, "title");
      return;
    }
  }
  for (size_t i = 0; i < nl && i < first_good; i++) {
    if (!headline_like(&L[i])) continue;
    size_t len = L[i].end - L[i].start;
    for (size_t k = i > 50 ? i - 50 : 0; k < i; k++) {
      if (L[k].cls != NC_LINE_BOILER || STRCMP(L[k].reason, "navigation") != 0) continue;
      size_t kn = L[k].end - L[k].start;
      const char *kp = s + L[k].start;
      for (size_t off = 0; off + len <= kn; off++)
        if (memcmp(kp + off, s + L[i].start, len) == 0) {
          set(&L[i], NC_LINE_TITLE, "title");
          return;
        }
    }
  }
  if (first_good == nl) {
    for (size_t i = 0; i < nl; i++)
      if (L[i].cls == NC_LINE_BODY) {
        if (headline_like(&L[i]) && !L[i].terminal) set(&L[i], NC_LINE_TITLE, "title");
        return;
      }
    return;
  }
  size_t skipped = 0;
  for (size_t i = first_good; i-- > 0 && skipped < 8;) {
    if (L[i].cls == NC_LINE_META || skippable_furniture(&L[i])) {
      skipped++;
      continue;
    }
    line probe = L[i];
    if (probe.cls == NC_LINE_BOILER && STRCMP(probe.reason, "duplicate") == 0)
      probe.cls = NC_LINE_BODY;
    if (headline_like(&probe)) set(&L[i], NC_LINE_TITLE, "title");
    return;
  }
}

/* The line under a sign-up prompt that describes what the newsletter brings ("Get the week's
 * news every Friday.") belongs to the prompt when it is short and the page furniture goes on
 * (or the page ends) after it. */
static void prompt_followers(line *L, size_t nl, const char *s) {
  for (size_t i = 0; i + 1 < nl; i++) {
    if (L[i].cls != NC_LINE_BOILER || STRCMP(L[i].reason, "share") != 0) continue;
    const char *c = s + L[i].cs;
    size_t n = L[i].end - L[i].cs;
    if (!istarts(c, n, "sign up") && !istarts(c, n, "subscribe")) continue;
    line *next = &L[i + 1];
    int furniture_after = i + 2 >= nl || L[i + 2].cls != NC_LINE_BODY;
    if (next->cls == NC_LINE_BODY && !next->speaker && next->words <= 20 && furniture_after)
      set(next, NC_LINE_BOILER, "share");
  }
}

/* Keep the main body: clusters of body lines separated by long runs of boilerplate are
 * weighed by their text; clusters much lighter than the heaviest are not the article. */
static void main_clusters(line *L, size_t nl) {
  /* a cluster's weight: the text of its long sentences, scaled by 0.5 to 1 with the share of
   * its lines that are long sentences (an article is dense; a teaser list alternates teasers
   * and labels) */
  double best = 0;
  for (int pass = 0; pass < 2; pass++) {
    size_t bad_run = 0, start = nl, body = 0, strong = 0, bytes = 0;
    for (size_t i = 0; i <= nl; i++) {
      int is_body = i < nl && L[i].cls == NC_LINE_BODY;
      if (i == nl || (is_body && bad_run >= 8 && start != nl)) {
        double w = body ? (double)bytes * (0.5 + 0.5 * (double)strong / (double)body) : 0;
        if (pass == 0 && w > best) best = w;
        if (pass == 1 && start != nl && w * 2 < best)
          for (size_t k = start; k < i; k++)
            if (L[k].cls == NC_LINE_BODY) set(&L[k], NC_LINE_BOILER, "outside-body");
        start = nl;
        body = strong = bytes = 0;
      }
      if (i == nl) break;
      if (is_body) {
        if (start == nl) start = i;
        body++;
        if (L[i].strong) {
          strong++;
          bytes += L[i].end - L[i].start;
        }
        bad_run = 0;
      } else if (!transparent(&L[i])) {
        bad_run++;
      }
    }
  }
}

/* Step 3: neutral lines take the class of their decided neighbours. */
static void resolve_neutral(line *L, size_t nl, int article) {
  size_t ngood = 0;
  for (size_t i = 0; i < nl; i++)
    if (L[i].q == Q_GOOD && L[i].cls == NC_LINE_BODY) ngood++;
  if (ngood == 0) return; /* nothing to anchor on: keep every line no rule removed */
  size_t first_good = nl, last_good = 0;
  for (size_t i = 0; i < nl; i++)
    if (L[i].q == Q_GOOD && L[i].cls == NC_LINE_BODY) {
      if (first_good == nl) first_good = i;
      last_good = i;
    }
  /* one linear pass: every run of undecided lines shares the nearest decided line before it
   * (prev) and after it (next); transparent lines are looked through */
  /* the ends of a page are furniture; the ends of an extracted article are article */
  int edge = article ? Q_GOOD : Q_BAD;
  int prev = edge;
  for (size_t i = 0; i < nl;) {
    line *l = &L[i];
    if (l->q != Q_NEUTRAL || l->cls != NC_LINE_BODY) {
      if (!transparent(l)) prev = l->cls == NC_LINE_BODY ? Q_GOOD : Q_BAD;
      i++;
      continue;
    }
    size_t j = i; /* the run of neutral (and transparent) lines [i, j) */
    while (j < nl && ((L[j].q == Q_NEUTRAL && L[j].cls == NC_LINE_BODY) || transparent(&L[j]))) j++;
    int next = j < nl ? (L[j].cls == NC_LINE_BODY ? Q_GOOD : Q_BAD) : edge;
    for (size_t k = i; k < j; k++) {
      l = &L[k];
      if (l->q != Q_NEUTRAL || l->cls != NC_LINE_BODY) continue;
      int keep;
      if (prev == Q_GOOD && next == Q_GOOD)
        keep = 1;
      else if (prev == Q_BAD && next == Q_BAD)
        keep = 0;
      else
        keep = l->terminal && l->words >= 3;
      if (keep) {
        l->q = Q_GOOD;
      } else {
        set(l, NC_LINE_BOILER,
            k < first_good ? "navigation" : (k > last_good ? "link-list" : "short"));
      }
    }
    i = j;
  }
}

/* ---- cutting and splitting body lines ------------------------------------------------------ */

typedef struct piece {
  size_t start, end, line;
  nc_line_class cls;
  const char *reason;
  int split; /* starts a new item of an inline bullet list */
} piece;

static int push_piece(nc_vec *v, size_t start, size_t end, size_t li, nc_line_class cls,
                      const char *reason, int split) {
  if (start >= end) return NC_OK;
  piece *p;
  if (v->len < v->cap) /* room: no call (every field is set below) */
    p = (piece *)v->data + v->len++;
  else if (!(p = nc_vec_push(v)))
    return NC_ENOMEM;
  p->start = start;
  p->end = end;
  p->line = li;
  p->cls = cls;
  p->reason = reason;
  p->split = split;
  return NC_OK;
}

static int sentence_start(const char *s, size_t ls, size_t p) {
  if (p == ls) return 1;
  if (p < ls + 2 || s[p - 1] != ' ') return 0;
  size_t back;
  size_t q = p - 1;
  while (q > ls && is_closer(s, q - 1, &back) && q - ls >= back) q -= back;
  unsigned char c = (unsigned char)s[q - 1];
  return c == '.' || c == '!' || c == '?';
}

/* Where an "As seen on X" phrase at p ends: after the capitalised name X. */
static size_t seen_on_end(const char *s, size_t p, size_t end) {
  size_t i = p + 11; /* "as seen on " */
  size_t last = i, names = 0;
  while (i < end) {
    size_t j = i;
    while (j < end && s[j] != ' ' && s[j] != ',' && s[j] != '.' && s[j] != ';') j++;
    if (j == i) break;
    unsigned char c = (unsigned char)s[i];
    int connector = (j - i <= 3 && (istarts(s + i, j - i, "the") || istarts(s + i, j - i, "of") ||
                                    istarts(s + i, j - i, "and") || s[i] == '&'));
    if (!(is_upper(c) || is_digit(c) || connector)) break;
    if (!connector) names++;
    last = j;
    if (j >= end || s[j] != ' ') break;
    i = j + 1;
  }
  return names ? last : 0;
}

/* First bytes of the phrases cut_line looks for. */
static const unsigned char tail_lead[256] = {
    ['t'] = 1, ['T'] = 1, ['c'] = 1, ['C'] = 1, ['a'] = 1, ['A'] = 1, [0xC2] = 1};

/* Whether s[p] can start a phrase of cut_line: the two bytes at p are tr, co, al, as (any
 * case) or C2 A9, and s[p - 1] is no letter (nor a byte from 0x80); p >= 1, p + 1 in range. */
static int tail_candidate(const char *s, size_t p) {
  unsigned a = (unsigned char)s[p], b = (unsigned char)s[p + 1], z = (unsigned char)s[p - 1];
  if (((z | 0x20u) - 'a' < 26u) || z >= 0x80) return 0;
  unsigned la = a | 0x20u, lb = b | 0x20u;
  return (la == 't' && lb == 'r') || (la == 'c' && lb == 'o') ||
         (la == 'a' && (lb == 'l' || lb == 's')) || (a == 0xC2 && b == 0xA9);
}

static int cut_line(const char *s, const line *l, size_t li, nc_vec *out) {
  size_t ls = l->start, le = l->end;
  size_t body_end = le;
  int rc;
  /* footer tail: "... Thanks. Transcript provided by NPR, Copyright NPR." */
  static const kw tails[] = {KW("transcript provided by"),
                             KW("copyright"),
                             KW("\xC2\xA9"),
                             KW("all rights reserved"),
                             {NULL, 0}};
  /* one scan: the first occurrence of each tail phrase that starts a sentence (not at the
   * line start), and the first "as seen on " */
  size_t first_q[4] = {le, le, le, le}, seen = le;
  for (size_t p = ls; p < le; p++) {
    unsigned char c = (unsigned char)s[p];
    int lcc = lc(c);
    if (tail_lead[c] && !(p > ls && is_alpha((unsigned char)s[p - 1]))) {
      for (int t = 0; t < 4; t++) {
        if (first_q[t] < le || p == ls || lc((unsigned char)tails[t].s[0]) != lcc) continue;
        if (istarts_k(s + p, le - p, tails[t].s, tails[t].n) && sentence_start(s, ls, p))
          first_q[t] = p;
      }
      if (lcc == 'a' && seen == le && istarts(s + p, le - p, "as seen on ")) seen = p;
    }
    /* skip eight bytes at a time while none of p + 1 .. p + 8 starts a word with the first
     * two bytes of a phrase: tr, co, al, as (any case) or C2 A9 (y's byte k is the byte after
     * x's byte k, z's the one after y's) */
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
    /* the same test for p + 1 .. p + 16 */
    {
      const __m128i b20 = _mm_set1_epi8(0x20), ct = _mm_set1_epi8('t'), cr = _mm_set1_epi8('r'),
                    cc = _mm_set1_epi8('c'), co = _mm_set1_epi8('o'), ca = _mm_set1_epi8('a'),
                    cl = _mm_set1_epi8('l'), cs = _mm_set1_epi8('s'),
                    c2 = _mm_set1_epi8((char)0xC2), a9 = _mm_set1_epi8((char)0xA9),
                    la0 = _mm_set1_epi8('a' - 1), la1 = _mm_set1_epi8('z' + 1),
                    zero = _mm_setzero_si128();
      int hit = 0;
      while (p + 18 <= le) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + p));
        __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(s + p + 1));
        __m128i z = _mm_loadu_si128((const __m128i *)(const void *)(s + p + 2));
        __m128i lx = _mm_or_si128(x, b20), ly = _mm_or_si128(y, b20), lz = _mm_or_si128(z, b20);
        __m128i lead = _mm_or_si128(
            _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(ly, ct), _mm_cmpeq_epi8(lz, cr)),
                         _mm_and_si128(_mm_cmpeq_epi8(ly, cc), _mm_cmpeq_epi8(lz, co))),
            _mm_or_si128(
                _mm_and_si128(_mm_cmpeq_epi8(ly, ca),
                              _mm_or_si128(_mm_cmpeq_epi8(lz, cl), _mm_cmpeq_epi8(lz, cs))),
                _mm_and_si128(_mm_cmpeq_epi8(y, c2), _mm_cmpeq_epi8(z, a9))));
        /* letters: lx in a..z (signed compare), or x from 0x80 (negative) */
        __m128i alpha =
            _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(lx, la0), _mm_cmplt_epi8(lx, la1)),
                         _mm_cmplt_epi8(x, zero));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(alpha, lead));
        if (m) { /* to the byte before the first candidate, p + 1 + ctz(m) */
          p += (size_t)__builtin_ctz(m);
          hit = 1;
          break;
        }
        p += 16;
      }
      if (hit) continue;
    }
#endif
    while (p + 10 <= le) {
      uint64_t x, y, z;
      memcpy(&x, s + p, 8);
      memcpy(&y, s + p + 1, 8);
      memcpy(&z, s + p + 2, 8);
      uint64_t ly = y | (NC_L8 * 0x20), lx = x | (NC_L8 * 0x20), lz = z | (NC_L8 * 0x20);
      uint64_t lead = (nc_swar_eq(ly, 't') & nc_swar_eq(lz, 'r')) |
                      (nc_swar_eq(ly, 'c') & nc_swar_eq(lz, 'o')) |
                      (nc_swar_eq(ly, 'a') & (nc_swar_eq(lz, 'l') | nc_swar_eq(lz, 's'))) |
                      (nc_swar_eq(y, 0xC2) & nc_swar_eq(z, 0xA9));
      uint64_t alpha = nc_swar_range(lx, 'a', 'z') | (x & NC_H8);
      if (lead & ~alpha) {
        /* go straight to the byte before the first candidate (checked byte by byte: the
         * positions passed over are not candidates) */
        while (p + 2 < le && !tail_candidate(s, p + 1)) p++;
        break;
      }
      p += 8;
    }
  }
  size_t tail = le;
  for (int t = 0; t < 4; t++) {
    size_t q = first_q[t];
    if (q < tail) {
      size_t words = 0;
      for (size_t k = q; k < le; k++)
        if (s[k] == ' ') words++;
      if (words <= 30) tail = q;
    }
  }
  if (tail < le) body_end = tail > ls && s[tail - 1] == ' ' ? tail - 1 : tail;
  /* "As seen on X" insertions */
  size_t pos = seen < le ? ls : le; /* no "as seen on ": nothing to look for */
  size_t cur = ls;
  int split_next = 0;
  while (pos < body_end) {
    size_t p = ifind_word(s + ls, body_end - ls, pos - ls, "as seen on ") + ls;
    if (p >= body_end) break;
    size_t q = seen_on_end(s, p, body_end);
    if (!q) {
      pos = p + 1;
      continue;
    }
    size_t cs = p, ce = q;
    if (q < body_end && s[q] == ',') {
      ce = q + 1;
      if (ce < body_end && s[ce] == ' ') ce++;
    } else if (p >= ls + 2 && s[p - 2] == ',' && s[p - 1] == ' ') {
      cs = p - 2;
    } else if (p > ls && s[p - 1] == ' ') {
      cs = p - 1;
    }
    if ((rc = push_piece(out, cur, cs, li, NC_LINE_BODY, "body", split_next))) return rc;
    split_next = 0;
    if ((rc = push_piece(out, cs, ce, li, NC_LINE_BOILER, "as-seen-on", 0))) return rc;
    cur = ce;
    pos = ce;
  }
  /* inline bullets: "– A did this.– B did that." */
  size_t from = cur;
  /* (only when the line itself starts as an item: a dash after a sentence is otherwise prose) */
  int starts_item = marker_len(s + ls, le - ls) != 0;
  for (size_t p = cur; starts_item && p < body_end; p++) {
    size_t m = marker_len(s + p, body_end - p);
    int glued = m == 0 && p > cur && p + 3 < body_end && (unsigned char)s[p] == 0xE2 &&
                (unsigned char)s[p + 1] == 0x80 &&
                ((unsigned char)s[p + 2] == 0x93 || (unsigned char)s[p + 2] == 0x94) &&
                s[p + 3] == ' ';
    if (!m && !glued) continue;
    if (p == cur || p == from) continue;
    unsigned char before = (unsigned char)s[p - 1];
    size_t back;
    int after_sentence =
        before == '.' || before == '!' || before == '?' || is_closer(s, p - 1, &back) ||
        (before == ' ' && p >= 2 && (s[p - 2] == '.' || s[p - 2] == '!' || s[p - 2] == '?'));
    if (!after_sentence) continue;
    /* only when the line itself starts as an item: a dash after a sentence is otherwise prose */
    if (marker_len(s + ls, le - ls) == 0) break;
    size_t pe = (s[p - 1] == ' ') ? p - 1 : p;
    if ((rc = push_piece(out, from, pe, li, NC_LINE_BODY, "body", split_next))) return rc;
    split_next = 1;
    from = p;
  }
  if ((rc = push_piece(out, from, body_end, li, NC_LINE_BODY, "body", split_next))) return rc;
  if (tail < le && (rc = push_piece(out, tail, le, li, NC_LINE_BOILER, "footer", 0))) return rc;
  return NC_OK;
}

/* ---- driver ----------------------------------------------------------------------------- */

/* End of a normalised range mapped to the input: the input offset of the next clean character,
 * pulled back over whitespace the normaliser dropped. */
static size_t map_end(const char *in, nc_offmap_cursor *m, size_t end) {
  if (end == 0) return nc_offmap_cursor_orig(m, 0);
  size_t lo = nc_offmap_cursor_orig(m, end - 1) + 1;
  size_t e = nc_offmap_cursor_orig(m, end);
  if (lo > e) lo = e; /* inside a replacement (U+FFFD for one byte is 3 bytes long) */
  while (e > lo &&
         (in[e - 1] == ' ' || in[e - 1] == '\n' || in[e - 1] == '\r' || in[e - 1] == '\t'))
    e--;
  return e < lo ? lo : e;
}

static int build(const char *in, const char *norm, const line *L, const piece *P, size_t np,
                 const nc_anchor *m0, size_t nm0, const nc_clean_opts *o, nc_clean_result *r) {
  int rc;
  const piece *last = NULL;
  nc_offmap_cursor cc, cs; /* one for the copies, one for the separators and segments */
  nc_offmap_cursor_init(&cc, m0, nm0);
  nc_offmap_cursor_init(&cs, m0, nm0);
  /* the kept text: at most the pieces and a two-byte separator each, one allocation */
  size_t want = 16;
  for (size_t i = 0; i < np; i++)
    if (P[i].cls == NC_LINE_BODY || (o->keep_title && P[i].cls == NC_LINE_TITLE))
      want += P[i].end - P[i].start + 2;
  if ((rc = nc_buf_reserve(&r->text, want))) return rc;
  for (size_t i = 0; i < np; i++) {
    const piece *p = &P[i];
    int kept = p->cls == NC_LINE_BODY || (o->keep_title && p->cls == NC_LINE_TITLE);
    if (!kept) continue;
    if (last) {
      const char *sep = "\n\n";
      if (last->line == p->line)
        sep = p->split ? "\n" : "";
      else if (last->line + 1 == p->line && !L[p->line].blank_before)
        sep = "\n";
      if (!*sep && last->end > 0 && norm[last->end - 1] != ' ' && norm[p->start] != ' ' &&
          norm[p->start] != '.' && norm[p->start] != ',')
        sep = " ";
      if (*sep &&
          (rc = nc_offmap_emit(&r->text, &r->map, sep, strlen(sep), map_end(in, &cs, last->end))))
        return rc;
    }
    if ((rc = nc_offmap_copy_c(&r->text, &r->map, norm, p->start, p->end, &cc))) return rc;
    last = p;
  }
  size_t n_in = nm0 ? m0[nm0 - 1].orig : 0;
  (void)n_in;
  if ((rc = nc_vec_reserve(&r->segs, np))) return rc; /* one allocation for all segments */
  for (size_t i = 0; i < np; i++) {
    nc_segment *sg = nc_vec_push(&r->segs);
    if (!sg) return NC_ENOMEM;
    sg->start = nc_offmap_cursor_orig(&cs, P[i].start);
    sg->end = map_end(in, &cs, P[i].end);
    if (sg->end < sg->start) sg->end = sg->start;
    sg->line = P[i].line;
    sg->cls = P[i].cls;
    sg->reason = P[i].reason;
    if (P[i].cls == NC_LINE_TITLE && !r->title) r->title = i + 1;
    if (P[i].cls == NC_LINE_META && !STRCMP(P[i].reason, "date") && !r->date) {
      size_t ds, de;
      r->date = i + 1;
      if (find_date(norm + P[i].start, P[i].end - P[i].start, &ds, &de)) {
        r->date_start = nc_offmap_cursor_orig(&cs, P[i].start + ds);
        r->date_end = map_end(in, &cs, P[i].start + de);
      }
    }
    if (P[i].cls == NC_LINE_META && !STRCMP(P[i].reason, "byline") && !r->byline) {
      const char *c = norm + L[P[i].line].cs;
      size_t n = P[i].end - L[P[i].line].cs;
      size_t k = 0;
      if (istarts(c, n, "by "))
        k = 3;
      else if (istarts(c, n, "written by "))
        k = 11;
      else if (istarts(c, n, "author: "))
        k = 8;
      else if (istarts(c, n, "reporting by "))
        k = 13;
      else if (istarts(c, n, "posted by "))
        k = 10;
      else if (istarts(c, n, "published by "))
        k = 13;
      r->byline = i + 1;
      r->byline_start = nc_offmap_cursor_orig(&cs, L[P[i].line].cs + k);
      size_t be = L[P[i].line].cs + k;
      static const kw stops[] = {KW(" on "),        KW(" | "),         KW(" - "),
                                 KW(", updated"),   KW(", published"), KW(" updated "),
                                 KW(" published "), {NULL, 0}};
      size_t cut = P[i].end;
      for (const kw *st = stops; st->s; st++) {
        size_t q = ifind_word_k(norm + be, P[i].end - be, 0, st->s + 1, st->n - 1);
        if (q < P[i].end - be && q > 0 && be + q - 1 < cut) cut = be + q - 1;
      }
      r->byline_end = map_end(in, &cs, cut);
      if (!r->date) {
        size_t ds, de;
        if (find_date(norm + P[i].start, P[i].end - P[i].start, &ds, &de)) {
          r->date = i + 1;
          r->date_start = nc_offmap_cursor_orig(&cs, P[i].start + ds);
          r->date_end = map_end(in, &cs, P[i].start + de);
        }
      }
    }
  }
  return NC_OK;
}

/* Bit k set where t[base + k] is a line break, for the 64 bytes from base (those before tn). */
static uint64_t newline_bits(const char *t, size_t tn, size_t base) {
  uint64_t m = 0;
  size_t k = 0;
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
  const __m128i nl = _mm_set1_epi8('\n');
  for (; k < 64 && base + k + 16 <= tn; k += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + base + k));
    m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)) << k;
  }
#endif
  for (; k < 64 && base + k < tn; k++) m |= (uint64_t)(t[base + k] == '\n') << k;
  return m;
}

nc_status nc_clean(const char *s, size_t n, const nc_clean_opts *o, nc_clean_result *r) {
  nc_clean_opts def;
  if (!o) {
    nc_clean_opts_default(&def);
    o = &def;
  }
  if (!r || (!s && n)) return NC_EINVAL;
  if (nc_text_looks_binary(s, n)) return NC_EPARSE;
  const nc_alloc *a = r->text.a;
  nc_buf norm;
  nc_vec m0, lines, pieces;
  nc_buf_init(&norm, a);
  nc_vec_init(&m0, sizeof(nc_anchor), a);
  nc_vec_init(&lines, sizeof(line), a);
  nc_vec_init(&pieces, sizeof(piece), a);
  nc_text_opts to = o->text;
  to.whitespace = 1; /* classification relies on trimmed lines */
  int rc = nc_text_normalize(s, n, &to, &norm, &m0, &r->stats);
  const char *t = norm.data ? norm.data : "";
  size_t tn = norm.len;
  /* split into lines (room reserved for lines of 40 bytes on average) */
  if (!rc) rc = nc_vec_reserve(&lines, tn / 40 + 16);
  /* line breaks found 64 bytes at a time: bit k of brk is t[base + k] == '\n' */
  size_t base = 0;
  uint64_t brk = newline_bits(t, tn, 0);
  for (size_t i = 0; !rc && i < tn;) {
    while (!brk && base + 64 < tn) {
      base += 64;
      brk = newline_bits(t, tn, base);
    }
    size_t j = brk ? base + (size_t)__builtin_ctzll(brk) : tn;
    brk &= brk - 1;
    if (j > i) {
      line *l;
      if (lines.len < lines.cap) { /* room: no call, zeroed below */
        l = (line *)lines.data + lines.len++;
        *l = (line){0};
      } else if (!(l = nc_vec_push(&lines))) {
        rc = NC_ENOMEM;
        break;
      }
      l->start = i;
      l->end = j;
      l->blank_before = i >= 2 && t[i - 1] == '\n' && t[i - 2] == '\n';
      features(l, t, tn);
    }
    i = j + 1;
  }
  line *L = lines.data;
  size_t nl = lines.len;
  if (!rc) {
    kw_index kx;
    kw_index_init(&kx);
    for (size_t i = 0; i < nl; i++) rules_alone(&L[i], t, o, &kx);
    nc_vec dup;
    nc_vec_init(&dup, sizeof(size_t), a);
    rules_context(L, nl, t, &dup, o->article);
    nc_vec_free(&dup);
    prompt_followers(L, nl, t);
    if (!o->article) find_title(L, nl, t);
    resolve_neutral(L, nl, o->article);
    if (!o->article) main_clusters(L, nl);
    rc = nc_vec_reserve(&pieces, nl + 16); /* about one piece a line */
    for (size_t i = 0; i < nl && !rc; i++) {
      if (L[i].cls == NC_LINE_BODY)
        rc = cut_line(t, &L[i], i, &pieces);
      else
        rc = push_piece(&pieces, L[i].start, L[i].end, i, L[i].cls, L[i].reason, 0);
    }
  }
  if (!rc) rc = build(s, t, L, pieces.data, pieces.len, m0.data, m0.len, o, r);
  if (!rc) rc = nc_offmap_emit(&r->text, &r->map, "", 0, n);
  nc_buf_free(&norm);
  nc_vec_free(&m0);
  nc_vec_free(&lines);
  nc_vec_free(&pieces);
  return (nc_status)rc;
}
