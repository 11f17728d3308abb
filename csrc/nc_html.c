/* nc_html.c: main-content and metadata extraction from HTML (see nc_html.h).
 * All tree walks are iterative (parent/next pointers), so nesting depth costs no stack. */
#include "nc_html.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>

#include "nc_text.h"

void nc_html_opts_default(nc_html_opts *o) {
  o->max_bytes = (size_t)50 * 1024 * 1024;
  o->encoding = NULL;
  o->keep_title = 0;
}

void nc_html_result_init(nc_html_result *r, const nc_alloc *a) {
  nc_buf_init(&r->text, a);
  for (int i = 0; i < NC_HTML_NFIELDS; i++) nc_buf_init(&r->field[i], a);
}

void nc_html_result_free(nc_html_result *r) {
  nc_buf_free(&r->text);
  for (int i = 0; i < NC_HTML_NFIELDS; i++) nc_buf_free(&r->field[i]);
}

const char *nc_html_field_name(nc_html_field f) {
  static const char *const names[NC_HTML_NFIELDS] = {"title", "date", "author",      "language",
                                                     "url",   "site", "description", "encoding"};
  return (f >= 0 && f < NC_HTML_NFIELDS) ? names[f] : "?";
}

/* ---- helpers ------------------------------------------------------------------------------- */

static int lc(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* (the first bytes compared inline: most names differ there) */
static int name_is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name && n->name[0] == (unsigned char)name[0] &&
         strcmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlNode *n, const char *const *names) {
  if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
  const char *nm = (const char *)n->name;
  for (; *names; names++)
    if (nm[0] == (*names)[0] && strcmp(nm, *names) == 0) return 1;
  return 0;
}

/* Attribute value without allocating (the first text child of the attribute), or NULL. */
static const char *attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (!a->name || a->name[0] != (unsigned char)name[0] ||
        strcmp((const char *)a->name, name) != 0)
      continue;
    if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
      return (const char *)a->children->content;
    return "";
  }
  return NULL;
}

static int ieq(const char *a, const char *b) {
  if (!a) return 0;
  for (; *a && *b; a++, b++)
    if (lc((unsigned char)*a) != lc((unsigned char)*b)) return 0;
  return *a == *b;
}

/* Set a field to s (whitespace collapsed and trimmed) unless it is already set. */
static int set_field(nc_buf *f, const char *s, size_t n) {
  if (f->len || !s) return NC_OK;
  int space = 0, rc;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = f->len > 0;
      continue;
    }
    if (space && (rc = nc_buf_putc(f, ' '))) return rc;
    space = 0;
    if ((rc = nc_buf_putc(f, c))) return rc;
  }
  return NC_OK;
}

static int set_fieldz(nc_buf *f, const char *s) { return s ? set_field(f, s, strlen(s)) : NC_OK; }

/* Next node in document order; descend into children when `down`. Stops at root. */
static xmlNode *next_node(xmlNode *n, const xmlNode *root, int down) {
  if (down && n->children) return n->children;
  while (n && n != root) {
    if (n->next) return n->next;
    n = n->parent;
  }
  return NULL;
}

/* Append the text of a subtree (text nodes, skipping script/style) to b, whitespace collapsed.
 */
static int subtree_text(nc_buf *b, xmlNode *root) {
  nc_buf tmp;
  nc_buf_init(&tmp, b->a);
  int rc = NC_OK;
  xmlNode *n = root->children;
  while (n && !rc) {
    int down = 1;
    if (name_is(n, "script") || name_is(n, "style")) down = 0;
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
      rc = nc_buf_append(&tmp, n->content, strlen((const char *)n->content));
      if (!rc) rc = nc_buf_putc(&tmp, ' ');
    }
    n = next_node(n, root, down);
  }
  if (!rc && tmp.len) rc = set_field(b, tmp.data, tmp.len);
  nc_buf_free(&tmp);
  return rc;
}

/* ---- charset ------------------------------------------------------------------------------ */

static int valid_utf8(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) {
      i = nc_skip_ascii((const unsigned char *)s, n, i);
      continue;
    }
    uint32_t cp;
    int valid;
    i += nc_utf8_decode((const unsigned char *)s, n, i, &cp, &valid);
    if (!valid) return 0;
  }
  return 1;
}

/* A charset declared in the first 4 KiB (<meta charset=...> or content="...; charset=..."). */
static int declared_charset(const char *s, size_t n, char *out, size_t outn) {
  /* only inside <meta ...> tags (script tags carry charset attributes too), in the first
   * 64 KiB (archived pages put scripts before the head's meta tags) */
  size_t lim = n < 65536 ? n : 65536;
  static const char key[] = "charset=";
  for (size_t t = 0; t + 6 < lim; t++) {
    const char *lt = memchr(s + t, '<', lim - 6 - t); /* the next tag */
    if (!lt) break;
    t = (size_t)(lt - s);
    if (s[t] != '<' || lc((unsigned char)s[t + 1]) != 'm' || lc((unsigned char)s[t + 2]) != 'e' ||
        lc((unsigned char)s[t + 3]) != 't' || lc((unsigned char)s[t + 4]) != 'a' ||
        !(s[t + 5] == ' ' || s[t + 5] == '\t' || s[t + 5] == '\n' || s[t + 5] == '\r' ||
          s[t + 5] == '/'))
      continue;
    size_t tend = t + 5;
    while (tend < lim && s[tend] != '>') tend++;
    for (size_t i = t + 5; i + 8 < tend; i++) {
      size_t k = 0;
      while (k < 8 && lc((unsigned char)s[i + k]) == key[k]) k++;
      if (k < 8) continue;
      size_t j = i + 8;
      while (j < tend && (s[j] == '"' || s[j] == '\'' || s[j] == ' ')) j++;
      size_t m = 0;
      while (j < tend && m + 1 < outn &&
             ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
              (s[j] >= '0' && s[j] <= '9') || s[j] == '-' || s[j] == '_' || s[j] == ':'))
        out[m++] = s[j++];
      out[m] = '\0';
      if (m) return 1;
    }
    t = tend;
  }
  return 0;
}

/* Windows-1252 unless a byte it leaves undefined occurs (iconv would fail on it): then
 * ISO-8859-1, which maps every byte. */
static const char *cp1252_or_latin1(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) return "ISO-8859-1";
  }
  return "windows-1252";
}

/* ---- metadata -------------------------------------------------------------------------------- */

static int hex4(const char *c, const char *e, uint32_t *v) {
  if (e - c < 4) return 0;
  *v = 0;
  for (int i = 0; i < 4; i++) {
    char h = c[i];
    int d = (h >= '0' && h <= '9')   ? h - '0'
            : (h >= 'a' && h <= 'f') ? h - 'a' + 10
            : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                     : -1;
    if (d < 0) return 0;
    *v = *v * 16 + (uint32_t)d;
  }
  return 1;
}

/* Append the JSON string body q[0, e) to f, decoding escapes (\n, \", \uXXXX with
 * surrogate pairs); invalid escapes are kept as they are. */
static int json_unescape(nc_buf *f, const char *q, const char *e) {
  int rc = NC_OK;
  for (const char *c = q; c < e && !rc; c++) {
    if (*c != '\\' || c + 1 >= e) {
      rc = nc_buf_putc(f, *c);
      continue;
    }
    c++;
    switch (*c) {
      case 'n':
        rc = nc_buf_putc(f, '\n');
        break;
      case 't':
      case 'r':
      case 'f':
      case 'b':
        rc = nc_buf_putc(f, ' ');
        break;
      case 'u': {
        uint32_t v, lo;
        if (!hex4(c + 1, e, &v)) {
          rc = nc_buf_putc(f, 'u');
          break;
        }
        c += 4;
        if (v >= 0xD800 && v <= 0xDBFF && e - c >= 7 && c[1] == '\\' && c[2] == 'u' &&
            hex4(c + 3, e, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
          v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
          c += 6;
        }
        rc = nc_buf_put_utf8(f, v ? v : 0xFFFD);
        break;
      }
      default:
        rc = nc_buf_putc(f, *c);
    }
  }
  return rc;
}

/* The JSON string value of "key" after position from in s (very small scanner: enough for the
 * flat values JSON-LD uses). Appends to f when f is empty. */
static int json_value(nc_buf *f, const char *s, const char *key, size_t window) {
  if (f->len) return NC_OK;
  size_t kl = strlen(key);
  const char *p = s;
  while ((p = strstr(p, key)) != NULL) {
    const char *q = p + kl;
    p = q;
    if (q[0] != '"') continue; /* key must be a whole JSON key */
    q++;
    const char *lim = q + window;
    while (*q && q < lim && *q != '"') q++;
    if (*q != '"' || q >= lim) continue;
    q++;
    const char *e = q;
    while (*e && *e != '"') e += (e[0] == '\\' && e[1]) ? 2 : 1;
    if (*e != '"' || e == q) continue;
    return json_unescape(f, q, e);
  }
  return NC_OK;
}

static int meta_tag(nc_html_result *r, const xmlNode *n) {
  const char *key = attr(n, "property");
  if (!key) key = attr(n, "name");
  if (!key) key = attr(n, "itemprop");
  const char *content = attr(n, "content");
  if (!key || !content) return NC_OK;
  static const char *const title_keys[] = {"og:title", "twitter:title", NULL};
  static const char *const date_keys[] = {"article:published_time",
                                          "og:published_time",
                                          "datePublished",
                                          "date",
                                          "pubdate",
                                          "publishdate",
                                          "publish-date",
                                          "dc.date",
                                          "dc.date.issued",
                                          "dcterms.date",
                                          "dcterms.created",
                                          "sailthru.date",
                                          "parsely-pub-date",
                                          "article.published",
                                          "timestamp",
                                          NULL};
  static const char *const author_keys[] = {
      "author",          "article:author",  "byl", "dc.creator", "parsely-author",
      "sailthru.author", "twitter:creator", NULL};
  static const char *const url_keys[] = {"og:url", "twitter:url", NULL};
  static const char *const site_keys[] = {"og:site_name", "application-name", NULL};
  static const char *const desc_keys[] = {"og:description", "description", "twitter:description",
                                          NULL};
  struct {
    const char *const *keys;
    nc_html_field f;
  } table[] = {{title_keys, NC_HTML_TITLE},   {date_keys, NC_HTML_DATE},
               {author_keys, NC_HTML_AUTHOR}, {url_keys, NC_HTML_URL},
               {site_keys, NC_HTML_SITE},     {desc_keys, NC_HTML_DESCRIPTION}};
  for (size_t t = 0; t < sizeof table / sizeof table[0]; t++)
    for (const char *const *k = table[t].keys; *k; k++)
      if (ieq(key, *k)) {
        /* an author given as a profile URL is not a name */
        if (table[t].f == NC_HTML_AUTHOR && strncmp(content, "http", 4) == 0) return NC_OK;
        return set_fieldz(&r->field[table[t].f], content);
      }
  return NC_OK;
}

static int metadata(nc_html_result *r, xmlDoc *doc, nc_buf *ld_body) {
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root) return NC_OK;
  int rc = NC_OK;
  const char *lang = attr(root, "lang");
  if (!lang) lang = attr(root, "xml:lang");
  if (lang) rc = set_fieldz(&r->field[NC_HTML_LANGUAGE], lang);
  nc_buf h1, title;
  nc_buf_init(&h1, r->text.a);
  nc_buf_init(&title, r->text.a);
  for (xmlNode *n = root; n && !rc; n = next_node(n, root, 1)) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (name_is(n, "meta")) {
      rc = meta_tag(r, n);
    } else if (name_is(n, "link")) {
      const char *rel = attr(n, "rel");
      if (rel && ieq(rel, "canonical")) rc = set_fieldz(&r->field[NC_HTML_URL], attr(n, "href"));
    } else if (name_is(n, "title") && !title.len) {
      rc = subtree_text(&title, n);
    } else if (name_is(n, "h1") && !h1.len) {
      rc = subtree_text(&h1, n);
    } else if (name_is(n, "time") && !r->field[NC_HTML_DATE].len) {
      const char *dt = attr(n, "datetime");
      if (dt && *dt) rc = set_fieldz(&r->field[NC_HTML_DATE], dt);
    } else if (name_is(n, "script")) {
      const char *type = attr(n, "type");
      if (type && ieq(type, "application/ld+json") && n->children && n->children->content) {
        const char *js = (const char *)n->children->content;
        rc = json_value(&r->field[NC_HTML_DATE], js, "\"datePublished", 8);
        if (!rc) rc = json_value(&r->field[NC_HTML_TITLE], js, "\"headline", 8);
        if (!rc) rc = json_value(ld_body, js, "\"articleBody", 8);
        if (!rc && !r->field[NC_HTML_AUTHOR].len) {
          const char *a = strstr(js, "\"author\"");
          if (a) {
            /* "author": "X" or "author": {... "name": "X"} or [{... "name": "X"}] */
            const char *q = a + 8;
            while (*q == ' ' || *q == ':' || *q == '\n' || *q == '\t' || *q == '\r') q++;
            if (*q == '"')
              rc = json_value(&r->field[NC_HTML_AUTHOR], a, "\"author", 8);
            else
              rc = json_value(&r->field[NC_HTML_AUTHOR], q, "\"name", 8);
          }
        }
      }
    } else if (!r->field[NC_HTML_AUTHOR].len) {
      const char *rel = attr(n, "rel");
      if (rel && ieq(rel, "author")) rc = subtree_text(&r->field[NC_HTML_AUTHOR], n);
    }
  }
  if (!rc && h1.len) rc = set_field(&r->field[NC_HTML_TITLE], h1.data, h1.len);
  if (!rc && title.len) rc = set_field(&r->field[NC_HTML_TITLE], title.data, title.len);
  nc_buf_free(&h1);
  nc_buf_free(&title);
  return rc;
}

/* ---- content scoring --------------------------------------------------------------------- */

typedef struct ninfo {
  size_t text;   /* visible characters in the subtree */
  size_t link;   /* of which inside <a> */
  size_t direct; /* characters in direct text children */
  size_t commas;
  size_t paras; /* <p> descendants */
  double score;
  int weight; /* class/id hint */
  int scored; /* score initialised */
  int skip;   /* dropped subtree */
  int mark;   /* 1: emitted, 2: holds an emitted node */
} ninfo;

/* Slot 0 of the vector is a dropped placeholder for nodes that were never measured. */
static ninfo *info_of(nc_vec *v, const xmlNode *n) {
  size_t k = (size_t)(uintptr_t)n->_private;
  return (ninfo *)v->data + (k < v->len ? k : 0);
}

/* Never content. */
static const char *const skip_tags[] = {
    "script", "style",    "button", "select", "input", "textarea", "iframe", "svg",
    "canvas", "template", "object", "embed",  "head",  "dialog",   "label",  "audio",
    "video",  "picture",  "map",    "math",   "rt",    "rp",       NULL};

/* Page furniture by name; kept only in the relaxed retries (a broken page can end up with the
 * article inside an unclosed <header> or <noscript>; hidden blocks are treated alike). */
static const char *const furniture_tags[] = {"noscript", "nav",    "aside",      "footer", "header",
                                             "menu",     "figure", "figcaption", NULL};

static const char *const block_tags[] = {
    "p",  "div", "section", "article", "main",       "h1",     "h2",    "h3",    "h4", "h5",
    "h6", "li",  "ul",      "ol",      "blockquote", "pre",    "table", "tr",    "td", "th",
    "dl", "dt",  "dd",      "hr",      "address",    "center", "tbody", "thead", NULL};

static int contains(const char *hay, const char *needle) { return strstr(hay, needle) != NULL; }

/* The pairs of adjacent bytes of s[0, n). */
static void bigrams_of(nc_pairset *g, const char *s, size_t n) {
  memset(g, 0, sizeof *g);
  for (size_t i = 0; i + 1 < n; i++)
    nc_pairset_add(g, (unsigned char)s[i], (unsigned char)s[i + 1]);
}

/* Whether needle (two bytes or more) may occur in the string g was made of: its first and
 * last pairs are there (a superset test); then strstr decides. */
static int contains_g(const nc_pairset *g, const char *hay, const char *needle) {
  size_t k = strlen(needle);
  if (!nc_pairset_has(g, (unsigned char)needle[0], (unsigned char)needle[1]) ||
      !nc_pairset_has(g, (unsigned char)needle[k - 2], (unsigned char)needle[k - 1]))
    return 0;
  return contains(hay, needle);
}

/* Class/id hint: -25 for page furniture, +25 for article containers, 0 otherwise; *unlikely
 * is set when the node looks like strong furniture (comments, menus, related links...) and
 * has no positive hint. */
static int class_weight(const xmlNode *n, int *unlikely) {
  /* class, id and role lower-cased, at most 250 bytes; the zeroed tail lets the token scan
   * below look 3 bytes ahead safely */
  char buf[256] = {0};
  size_t m = 0;
  const size_t lim = 250;
  const char *parts[3] = {attr(n, "class"), attr(n, "id"), attr(n, "role")};
  for (int i = 0; i < 3; i++) {
    if (!parts[i]) continue;
    for (const char *c = parts[i]; *c && m < lim; c++) buf[m++] = (char)lc(*c);
    if (m < lim) buf[m++] = ' ';
  }
  buf[m] = '\0';
  *unlikely = 0;
  if (!m) return 0;
  static const char *const strong[] = {
      "comment",       "disqus",       "social",     "related",    "share",
      "sharing",       "sidebar",      "newsletter", "cookie",     "popup",
      "modal",         "breadcrumb",   "footer",     "menu",       "navbar",
      "outbrain",      "taboola",      "recommend",  "pagination", "pager",
      "most-read",     "more-stories", "promo",      "sponsor",    "skyscraper",
      "shoutbox",      "banner",       "subscribe",  "signup",     "gdpr",
      "complementary", "contentinfo",  "trending",   NULL};
  static const char *const soft[] = {
      "widget",  "byline", "author",   "caption",    "masthead",  "header",    "meta",
      "tags",    "topics", "keywords", "toolbar",    "tool",      "rating",    "credit",
      "print",   "login",  "popular",  "disclaimer", "copyright", "timestamp", "dialog",
      "contact", "foot",   "media",    "advert",     "legend",    NULL};
  static const char *const pos[] = {"article", "content", "story", "body",  "main",      "post",
                                    "entry",   "text",    "blog",  "prose", "paragraph", NULL};
  int w = 0, bad = 0, good = 0, strongbad = 0;
  nc_pairset g;
  bigrams_of(&g, buf, m);
  for (const char *const *p = strong; *p; p++)
    if (contains_g(&g, buf, *p)) {
      bad = strongbad = 1;
      break;
    }
  for (const char *const *p = soft; *p && !bad; p++)
    if (contains_g(&g, buf, *p)) bad = 1;
  /* "ad", "ads", "ad-slot": whole tokens */
  for (size_t i = 0; i < m && !strongbad; i++) {
    if (i > 0 && buf[i - 1] != ' ' && buf[i - 1] != '-' && buf[i - 1] != '_') continue;
    if (buf[i] == 'a' && buf[i + 1] == 'd' &&
        (buf[i + 2] == ' ' || buf[i + 2] == '-' || buf[i + 2] == '_' ||
         (buf[i + 2] == 's' && (buf[i + 3] == ' ' || buf[i + 3] == '-' || buf[i + 3] == '_'))))
      bad = strongbad = 1;
  }
  /* a positive word counts only in a class token without a strong negative one
   * ("related-posts", "post-share", "comments-content" are furniture) */
  for (size_t t0 = 0; t0 < m && !good;) {
    size_t t1 = t0;
    while (t1 < m && buf[t1] != ' ') t1++;
    char save = buf[t1];
    buf[t1] = '\0';
    int tok_good = 0, tok_strong = 0;
    /* (g, the whole string's pairs, is a superset of the token's) */
    for (const char *const *p = pos; *p && !tok_good; p++)
      if (contains_g(&g, buf + t0, *p)) tok_good = 1;
    for (const char *const *p = strong; *p && tok_good && !tok_strong; p++)
      if (contains_g(&g, buf + t0, *p)) tok_strong = 1;
    buf[t1] = save;
    if (tok_good && !tok_strong) good = 1;
    t0 = t1 + 1;
  }
  if (bad) w -= 25;
  if (good) w += 25;
  *unlikely = strongbad && !good;
  return w;
}

static size_t count_chars(const char *s, size_t *commas) {
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') continue;
    if ((*p & 0xC0) == 0x80) continue;
    if (*p == ',') (*commas)++;
    if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) (*commas)++; /* ， */
    n++;
  }
  return n;
}

/* Walk the body: give every element an ninfo, mark dropped subtrees, sum text and links. */
enum { F_UNLIKELY = 1, F_WEIGHT = 2, F_CLEAN = 4, F_KEEP_H1 = 8, F_FURNITURE = 16 };

static int measure(nc_vec *v, xmlNode *root, int flags) {
  size_t in_link = 0;
  ninfo *placeholder = nc_vec_push(v);
  if (!placeholder) return NC_ENOMEM;
  placeholder->skip = 1;
  xmlNode *n = root;
  while (n) {
    int down = 0;
    if (n->type == XML_ELEMENT_NODE) {
      ninfo *ni = nc_vec_push(v);
      if (!ni) return NC_ENOMEM;
      n->_private = (void *)(uintptr_t)(v->len - 1);
      int unlikely;
      ni->weight = class_weight(n, &unlikely);
      if (!(flags & F_WEIGHT)) ni->weight = 0;
      if (!(flags & F_UNLIKELY)) unlikely = 0;
      const char *style = attr(n, "style");
      int hidden = attr(n, "hidden") != NULL ||
                   (attr(n, "aria-hidden") && ieq(attr(n, "aria-hidden"), "true")) ||
                   (style && (contains(style, "display:none") || contains(style, "display: none")));
      if (name_in(n, skip_tags) ||
          ((flags & F_FURNITURE) && (hidden || name_in(n, furniture_tags))) ||
          (unlikely && n != root && !name_is(n, "article") && !name_is(n, "main") &&
           !name_is(n, "body"))) {
        ni->skip = 1;
      } else {
        down = 1;
        if (name_is(n, "a")) in_link++;
        if (name_is(n, "p")) ni->paras = 1;
      }
    } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content &&
               n->parent) {
      ninfo *pi = info_of(v, n->parent);
      if (!pi->skip) {
        size_t commas = 0;
        size_t c = count_chars((const char *)n->content, &commas);
        pi->text += c;
        pi->direct += c;
        pi->commas += commas;
        if (in_link) pi->link += c;
      }
    }
    if (down && n->children) {
      n = n->children;
      continue;
    }
    /* leave n and its finished ancestors, adding their sums to the parent */
    for (;;) {
      if (n->type == XML_ELEMENT_NODE) {
        ninfo *ni = info_of(v, n);
        if (!ni->skip) {
          if (name_is(n, "a") && in_link) in_link--;
          ninfo *pi = n != root && n->parent ? info_of(v, n->parent) : NULL;
          if (pi && !pi->skip) {
            pi->text += ni->text;
            pi->link += ni->link;
            pi->commas += ni->commas;
            pi->paras += ni->paras;
          }
        }
      }
      if (n == root) return NC_OK;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (!n) return NC_OK;
    }
  }
  return NC_OK;
}

static double link_density(const ninfo *ni) {
  return ni->text ? (double)ni->link / (double)ni->text : 0.0;
}

/* Text (characters) a container needs before its positive class hint counts. */
#define POS_MIN_TEXT 250
static void init_score(ninfo *ni, const xmlNode *n) {
  if (ni->scored) return;
  ni->scored = 1;
  /* a container's positive class hint counts once it holds some text: teaser boxes named
   * "...-post" or "entry-..." are not the article */
  double s = ni->weight > 0 && ni->text < POS_MIN_TEXT ? 0 : ni->weight;
  static const char *const plus5[] = {"div", "article", "main", "section", NULL};
  static const char *const plus3[] = {"pre", "td", "blockquote", NULL};
  static const char *const minus3[] = {"address", "ol", "ul", "dl", "dd", "dt", "li", NULL};
  static const char *const minus5[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
  if (name_in(n, plus5)) s += 5;
  if (name_in(n, plus3)) s += 3;
  if (name_in(n, minus3)) s -= 3;
  if (name_in(n, minus5)) s -= 5;
  if (name_is(n, "article")) s += 10;
  ni->score = s;
}

/* Pick the best content container under root. */
static xmlNode *best_candidate(nc_vec *v, xmlNode *root) {
  static const char *const para_tags[] = {"p", "pre", "td", "blockquote", NULL};
  for (xmlNode *n = root; n;
       n = next_node(n, root, n->type == XML_ELEMENT_NODE && !info_of(v, n)->skip)) {
    if (n->type != XML_ELEMENT_NODE) continue;
    ninfo *ni = info_of(v, n);
    if (ni->skip) continue;
    int para =
        name_in(n, para_tags) || ((name_is(n, "div") || name_is(n, "section")) && ni->direct >= 25);
    size_t len = para && !name_in(n, para_tags) ? ni->direct : ni->text;
    if (!para || len < 25) continue;
    double s = 1.0 + (double)ni->commas + (double)(len / 100 < 3 ? len / 100 : 3);
    xmlNode *anc = n->parent;
    for (int level = 0; anc && level < 3 && anc->type == XML_ELEMENT_NODE; level++) {
      ninfo *ai = info_of(v, anc);
      if (ai->skip) break;
      init_score(ai, anc);
      ai->score += s / (level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0);
      if (anc == root) break;
      anc = anc->parent;
    }
    if (name_is(n, "div") || name_is(n, "section")) {
      init_score(ni, n);
      ni->score += s;
    }
  }
  xmlNode *best = NULL;
  double best_score = 0;
  for (xmlNode *n = root; n;
       n = next_node(n, root, n->type == XML_ELEMENT_NODE && !info_of(v, n)->skip)) {
    if (n->type != XML_ELEMENT_NODE) continue;
    ninfo *ni = info_of(v, n);
    if (!ni->scored || ni->skip) continue;
    double s = ni->score * (1.0 - link_density(ni));
    if (!best || s > best_score) {
      best = n;
      best_score = s;
    }
  }
  if (!best) return NULL;
  /* Readability's rule for articles split over sibling blocks: when at least 3 other nodes
   * score close to the best, the lowest ancestor of the best that holds 3 of them is the
   * content */
  xmlNode *alt[5];
  size_t nalt = 0;
  for (xmlNode *n = root; n;
       n = next_node(n, root, n->type == XML_ELEMENT_NODE && !info_of(v, n)->skip)) {
    if (n->type != XML_ELEMENT_NODE || n == best) continue;
    ninfo *ni = info_of(v, n);
    if (!ni->scored || ni->skip) continue;
    if (ni->score * (1.0 - link_density(ni)) >= 0.75 * best_score && nalt < 5) alt[nalt++] = n;
  }
  if (nalt >= 3) {
    for (xmlNode *a = best->parent; a && a != root && a->type == XML_ELEMENT_NODE; a = a->parent) {
      size_t inside = 0;
      for (size_t k = 0; k < nalt; k++)
        for (xmlNode *up = alt[k]->parent; up && up != root; up = up->parent)
          if (up == a) {
            inside++;
            break;
          }
      if (inside >= 3) {
        ninfo *ai = info_of(v, a);
        if (!ai->skip) {
          init_score(ai, a);
          best = a;
        }
        break;
      }
    }
  }
  info_of(v, best)->score = best_score;
  return best;
}

/* ---- output -------------------------------------------------------------------------------- */

typedef struct out_state {
  nc_buf *b;
  int flags;
  int need_break; /* 0 none, 1 line, 2 paragraph */
  int need_space;
  const char *title;
} out_state;

static int out_text(out_state *o, const char *s) {
  int rc;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned char c = *p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      o->need_space = 1;
      continue;
    }
    if (o->need_break && o->b->len) {
      if ((rc = nc_buf_append(o->b, "\n\n", (size_t)o->need_break))) return rc;
      o->need_space = 0;
    } else if (o->need_space && o->b->len) {
      if ((rc = nc_buf_putc(o->b, ' '))) return rc;
    }
    o->need_break = 0;
    o->need_space = 0;
    if ((rc = nc_buf_putc(o->b, c))) return rc;
  }
  return NC_OK;
}

/* 1 when the first text of n starts like a notice or a prompt. */
static int furniture_paragraph(xmlNode *n) {
  static const char *const starts[] = {"\xC2\xA9",
                                       "copyright",
                                       "all rights reserved",
                                       "subscribe now",
                                       "subscribe to",
                                       "sign up for",
                                       "follow us on",
                                       "click here to",
                                       "to view the full story",
                                       "this article is the copyrighted",
                                       "download the app",
                                       "get our app",
                                       "this material may not be published",
                                       NULL};
  for (xmlNode *t = n; t; t = next_node(t, n, 1)) {
    if ((t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE) || !t->content) continue;
    const char *c = (const char *)t->content;
    while (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r') c++;
    if (!*c) continue;
    for (const char *const *st = starts; *st; st++) {
      size_t k = 0;
      while ((*st)[k] && c[k] && lc((unsigned char)c[k]) == (unsigned char)(*st)[k]) k++;
      if (!(*st)[k]) return 1;
    }
    return 0;
  }
  return 0;
}

/* Readability's "clean conditionally", simplified: link farms and furniture inside content. */
static int drop_in_content(nc_vec *v, xmlNode *n, int flags) {
  ninfo *ni = info_of(v, n);
  if (ni->skip) return 1;
  if (name_is(n, "h1") && !(flags & F_KEEP_H1)) return 1; /* the title: reported in meta */
  if (name_is(n, "form") && (ni->text < 500 || ni->paras == 0)) return 1;
  /* notices and prompts inside the article: copyright lines, subscription and follow-us
   * prompts (short paragraphs that start with them) */
  if ((flags & F_CLEAN) && (name_is(n, "p") || name_is(n, "div")) && ni->text < 300 &&
      furniture_paragraph(n))
    return 1;
  /* short paragraphs and inline runs marked as furniture by their class (captions, credits,
   * bylines) */
  static const char *const short_furniture[] = {"p",     "span", "figcaption", "li",   "em", "i",
                                                "small", "b",    "strong",     "cite", NULL};
  if ((flags & F_CLEAN) && name_in(n, short_furniture) && ni->weight < 0 && ni->text < 300)
    return 1;
  /* "Read more: <link>" paragraphs inside the article */
  if ((flags & F_CLEAN) && name_is(n, "p") && ni->text < 200 && link_density(ni) > 0.6) return 1;
  static const char *const cond[] = {"div", "section", "ul", "ol", "table", "dl", "form", NULL};
  if (!(flags & F_CLEAN) || !name_in(n, cond)) return 0;
  double ld = link_density(ni);
  if (ni->weight < 0) return 1;
  if (ld > 0.5 && ni->text < 2000) return 1;
  if (ni->commas < 10 && ld > 0.25 && ni->weight < 25 && ni->text < 600 &&
      !((name_is(n, "ul") || name_is(n, "ol")) && ld < 0.5))
    return 1;
  return 0;
}

/* A heading whose section was dropped ("Related posts" above a link list): the element
 * siblings after it, up to the next heading, are all dropped (and there is at least one). */
/* Whether the text of n ends with a colon (a label: "Contact:", "Share this:"). */
static int ends_with_colon(xmlNode *n) {
  const unsigned char *last = NULL, *prev2 = NULL, *prev1 = NULL;
  for (xmlNode *t = n; t; t = next_node(t, n, !name_in(t, skip_tags))) {
    if ((t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE) || !t->content) continue;
    for (const unsigned char *c = t->content; *c; c++)
      if (*c != ' ' && *c != '\n' && *c != '\t' && *c != '\r' && *c != '\f' &&
          !(*c == 0xC2 && c[1] == 0xA0) && !(*c == 0xA0 && c > t->content && c[-1] == 0xC2)) {
        prev2 = prev1;
        prev1 = last;
        last = c;
      }
  }
  if (!last) return 0;
  if (*last == ':') return 1;
  /* U+FF1A FULLWIDTH COLON */
  return *last == 0x9A && prev1 && *prev1 == 0xBC && prev2 && *prev2 == 0xEF;
}

/* Text (characters) of a label paragraph. */
#define LABEL_MAX 40

static int orphan_heading(nc_vec *v, xmlNode *n, int flags) {
  static const char *const headings[] = {"h2", "h3", "h4", "h5", "h6", NULL};
  static const char *const labels[] = {"p", "div", "span", "strong", "b", NULL};
  if (!(flags & F_CLEAN)) return 0;
  int heading = name_in(n, headings);
  if (!heading && !(name_in(n, labels) && info_of(v, n)->text > 0 &&
                    info_of(v, n)->text <= LABEL_MAX && ends_with_colon(n)))
    return 0;
  int dropped = 0;
  for (xmlNode *s = n->next; s; s = s->next) {
    if (s->type == XML_TEXT_NODE && s->content) {
      for (const char *c = (const char *)s->content; *c; c++)
        if (*c != ' ' && *c != '\n' && *c != '\t' && *c != '\r') return 0;
      continue;
    }
    if (s->type != XML_ELEMENT_NODE) continue;
    if (name_in(s, headings)) break;
    if (!drop_in_content(v, s, flags) && info_of(v, s)->text > 0) return 0;
    dropped = 1;
    if (!heading) break; /* a label introduces the next block only */
  }
  return dropped;
}

static int emit_subtree(nc_vec *v, out_state *o, xmlNode *root) {
  xmlNode *n = root;
  int rc;
  while (n) {
    int down = 0;
    if (n->type == XML_ELEMENT_NODE) {
      if (!(n != root && (drop_in_content(v, n, o->flags) || orphan_heading(v, n, o->flags)))) {
        down = 1;
        if (name_is(n, "br")) {
          if (o->need_break < 1) o->need_break = 1;
        } else if (name_in(n, block_tags)) {
          o->need_break = 2;
        }
      }
    } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
      if ((rc = out_text(o, (const char *)n->content))) return rc;
    }
    if (down && n->children) {
      n = n->children;
      continue;
    }
    for (;;) {
      if (n->type == XML_ELEMENT_NODE && name_in(n, block_tags)) o->need_break = 2;
      if (n == root) return NC_OK;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (!n) return NC_OK;
    }
  }
  return NC_OK;
}

/* ---- the lead ------------------------------------------------------------------------------ */

/* Visible characters of a subtree and how many of them are inside links (never-content tags
 * left out). */
static void subtree_density(xmlNode *root, size_t *text, size_t *link) {
  *text = *link = 0;
  for (xmlNode *n = root; n; n = next_node(n, root, !name_in(n, skip_tags))) {
    if ((n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content) continue;
    size_t commas = 0, c = count_chars((const char *)n->content, &commas);
    *text += c;
    for (xmlNode *up = n->parent; up && up != root->parent; up = up->parent)
      if (name_is(up, "a")) {
        *link += c;
        break;
      }
  }
}

/* A block with no block children (a paragraph of the page, whatever its tag). */
static int leaf_block(xmlNode *n) {
  static const char *const inner[] = {"div",    "section", "article", "ul",  "ol", "table",
                                      "p",      "h1",      "h2",      "h3",  "h4", "blockquote",
                                      "figure", "form",    "header",  "nav", NULL};
  for (xmlNode *c = n->children; c; c = c->next)
    if (name_in(c, inner)) return 0;
  return 1;
}

/* Whether a sibling of n is an image (or a link around one): n is then its caption. */
static int beside_image(xmlNode *n) {
  static const char *const img[] = {"img", "picture", "video", "iframe", "svg", NULL};
  if (!n->parent) return 0;
  for (xmlNode *c = n->parent->children; c; c = c->next) {
    if (c == n || c->type != XML_ELEMENT_NODE) continue;
    if (name_in(c, img)) return 1;
    if (name_is(c, "a"))
      for (xmlNode *d = c->children; d; d = d->next)
        if (name_in(d, img)) return 1;
  }
  return 0;
}

/* An element inside root whose class marks it as furniture (a credit in a caption). */
static int furniture_run(xmlNode *t, xmlNode *root) {
  int unlikely;
  return t != root && t->type == XML_ELEMENT_NODE && class_weight(t, &unlikely) < 0;
}

/* Never a lead: furniture by tag or class, hidden blocks. */
static int lead_barrier(xmlNode *n) {
  static const char *const tags[] = {"nav",  "aside",      "footer", "figure",  "figcaption",
                                     "form", "h1",         "ul",     "ol",      "table",
                                     "menu", "blockquote", "time",   "address", NULL};
  if (name_in(n, skip_tags) || name_in(n, tags)) return 1;
  if (attr(n, "hidden")) return 1;
  int unlikely;
  return class_weight(n, &unlikely) < 0 && !name_is(n, "header");
}

/* A sibling of the best node is content when it holds paragraphs with few links and at least
 * this share of the best's text. */
#define INNER_TEXT 0.05

/* Whether the sibling pass takes s, a sibling of the best node (or the best itself). */
static int sibling_take(nc_vec *infos, xmlNode *s, xmlNode *best, double best_score) {
  ninfo *si = info_of(infos, s), *bi = info_of(infos, best);
  if (s == best) return 1;
  if (si->skip) return 0;
  double threshold = best_score * 0.2 > 10 ? best_score * 0.2 : 10;
  if (si->scored) {
    double bonus = 0;
    const char *sc = attr(s, "class"), *bclass = attr(best, "class");
    if (bclass && sc && *bclass && strcmp(bclass, sc) == 0) bonus = best_score * 0.2;
    if (si->score * (1.0 - link_density(si)) + bonus >= threshold) return 1;
  }
  if (si->paras > 0 && si->weight >= 0 && link_density(si) < 0.2 &&
      (double)si->text >= INNER_TEXT * (double)bi->text)
    return 1;
  if (name_is(s, "p")) {
    double ld = link_density(si);
    return (si->text > 80 && ld < 0.25) || (si->text > 0 && ld == 0 && si->commas > 0);
  }
  return 0;
}

/* An article element: <article>, <main>, or an element typed as a schema.org article in
 * microdata (itemtype ".../Article", ".../NewsArticle", ".../BlogPosting"...). */
static int article_like(const xmlNode *n) {
  if (name_is(n, "article") || name_is(n, "main")) return 1;
  const char *t = attr(n, "itemtype");
  return t && attr(n, "itemscope") && (contains(t, "Article") || contains(t, "BlogPosting"));
}

/* The lead (standfirst, deck, teaser paragraph) often sits in the article's header, before the
 * body: text-dense leaf blocks between the start of the article (the nearest <article> or
 * <main> above, else the container's parent) and the best node, outside what the sibling
 * pass looks at (siblings of the best that were measured). */
static int emit_lead(nc_vec *infos, out_state *o, xmlNode *best, xmlNode *container, xmlNode *body,
                     double best_score) {
  xmlNode *scope = NULL;
  int level = 0;
  for (xmlNode *a = container->parent; a && a != body && level < 6; a = a->parent, level++)
    if (article_like(a)) {
      scope = a;
      break;
    }
  if (!scope) scope = container->parent && container != body ? container->parent : NULL;
  if (scope == body && (name_is(container, "article") || name_is(container, "main")))
    scope = container;
  if (!scope || scope == body) return NC_OK;
  size_t taken = 0;
  int rc = NC_OK;
  for (xmlNode *n = scope->children; n && n != best && !rc;) {
    int down = 1;
    if (n->type == XML_ELEMENT_NODE) {
      int ancestor = 0;
      for (xmlNode *up = best->parent; up && up != scope; up = up->parent)
        if (up == n) ancestor = 1;
      if (!ancestor && n->parent == container && sibling_take(infos, n, best, best_score)) {
        down = 0; /* the sibling pass takes it */
      } else if (!ancestor && lead_barrier(n)) {
        down = 0;
      } else if (!ancestor && name_in(n, block_tags) && leaf_block(n)) {
        down = 0;
        size_t text, link;
        subtree_density(n, &text, &link);
        if (text >= 60 && link * 5 < text && taken + text <= 1500 && !beside_image(n)) {
          taken += text;
          o->need_break = 2;
          for (xmlNode *t = n; t && !rc;
               t = next_node(t, n, !name_in(t, skip_tags) && !furniture_run(t, n))) {
            if (name_is(t, "br") && o->need_break < 1) o->need_break = 1;
            if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
              rc = out_text(o, (const char *)t->content);
          }
          o->need_break = 2;
        }
      }
    }
    n = next_node(n, scope, down && n->type == XML_ELEMENT_NODE);
  }
  return rc;
}

/* emit_subtree and mark n as emitted and its ancestors as holding emitted text. */
static int emit_marked(nc_vec *v, out_state *o, xmlNode *n) {
  info_of(v, n)->mark = 1;
  for (xmlNode *up = n->parent; up && up->type == XML_ELEMENT_NODE; up = up->parent) {
    ninfo *ui = info_of(v, up);
    if (ui->mark) break;
    ui->mark = 2;
  }
  return emit_subtree(v, o, n);
}

/* Text-dense blocks of the article that the passes above left out (another column, a block
 * after a widget): the largest elements under scope with paragraphs, few links and no
 * furniture hint, holding no emitted node. */
static int emit_rest(nc_vec *v, out_state *o, xmlNode *scope, size_t min_text) {
  int rc = NC_OK;
  for (xmlNode *n = scope->children; n && !rc;) {
    int down = 0;
    if (n->type == XML_ELEMENT_NODE) {
      ninfo *ni = info_of(v, n);
      if (!ni->skip && ni->mark == 2) {
        down = 1;
      } else if (!ni->skip && !ni->mark && ni->paras > 0 && ni->weight >= 0 &&
                 link_density(ni) < 0.2 && ni->text >= min_text) {
        o->need_break = 2;
        rc = emit_marked(v, o, n);
        o->need_break = 2;
      }
    }
    n = next_node(n, scope, down);
  }
  return rc;
}

/* Share of the best score a sibling of the best's container needs to count as content. */
#define OUTER_SHARE 0.5
/* ... or that hold at least this share of its text, in paragraphs with few links. */
#define OUTER_TEXT 0.5

/* One extraction attempt with the given heuristics into out. */
static int attempt(nc_vec *infos, xmlNode *body, int flags, nc_buf *out) {
  infos->len = 0;
  for (xmlNode *n = body; n; n = next_node(n, body, 1))
    if (n->type == XML_ELEMENT_NODE) n->_private = NULL;
  int rc = measure(infos, body, flags);
  if (rc) return rc;
  out_state o = {out, flags, 0, 0, NULL};
  xmlNode *best = best_candidate(infos, body);
  if (!best) return emit_subtree(infos, &o, body);
  ninfo *bi = info_of(infos, best);
  double best_score = bi->score;
  double threshold = best_score * 0.2 > 10 ? best_score * 0.2 : 10;
  xmlNode *parent = best->parent && best != body ? best->parent : NULL;
  xmlNode *first = parent ? parent->children : best;
  if (parent && (rc = emit_lead(infos, &o, best, parent, body, best_score))) return rc;
  /* content split over sibling containers (page builders' columns and rows): the parent's
   * siblings that score close to the best are content too */
  xmlNode *gp = parent && parent != body && parent->parent ? parent->parent : NULL;
  double outer = best_score * OUTER_SHARE > threshold ? best_score * OUTER_SHARE : threshold;
  for (xmlNode *u = gp ? gp->children : parent; u && !rc; u = gp ? u->next : NULL) {
    if (u != parent) {
      if (u->type != XML_ELEMENT_NODE) continue;
      ninfo *ui = info_of(infos, u);
      int scored = ui->scored && ui->score * (1.0 - link_density(ui)) >= outer;
      int dense = ui->paras > 0 && ui->weight >= 0 && link_density(ui) < 0.2 &&
                  (double)ui->text >= OUTER_TEXT * (double)bi->text;
      if (ui->skip || !(scored || dense)) continue;
      rc = emit_marked(infos, &o, u);
      o.need_break = 2;
      continue;
    }
    for (xmlNode *s = first; s && !rc; s = parent ? s->next : NULL) {
      if (s->type != XML_ELEMENT_NODE) continue;
      ninfo *si = info_of(infos, s);
      if (si->skip) continue;
      int take = sibling_take(infos, s, best, best_score);
      if (take) rc = emit_marked(infos, &o, s);
      o.need_break = 2;
    }
  }
  if (!parent && !rc) rc = emit_subtree(infos, &o, best);
  /* the rest of the article: blocks of a tenth of the best's text */
  if (parent && !rc) {
    xmlNode *scope = NULL;
    int level = 0;
    for (xmlNode *a = best->parent; a && a != body && level < 6; a = a->parent, level++)
      if (article_like(a)) {
        scope = a;
        break;
      }
    if (scope) rc = emit_rest(infos, &o, scope, bi->text / 10 + 1);
  }
  return rc;
}

/* ---- the page's description as a lead ----------------------------------------------------- */

/* Bytes of s without whitespace (ASCII white space and U+00A0) appended to b, at most max
 * bytes in all (cut on a UTF-8 boundary). */
static int squeeze(nc_buf *b, const char *s, size_t max) {
  int rc = NC_OK;
  for (const unsigned char *p = (const unsigned char *)s; *p && !rc && b->len < max; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') continue;
    if (p[0] == 0xC2 && p[1] == 0xA0) {
      p++;
      continue;
    }
    size_t k = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
    if (b->len + k > max) break;
    size_t i = 0;
    for (; i < k && p[i] && !rc; i++) rc = nc_buf_putc(b, p[i]);
    if (i < k) break; /* a truncated sequence ends the string: never step past its NUL */
    p += k - 1;
  }
  return rc;
}

/* Bytes of the description compared with the page's blocks (whitespace left out). */
#define DESC_KEY 48
/* Text (bytes, whitespace left out) a block needs to stand for the description. */
#define DESC_MIN 40

/* Text blocks never taken as the lead. */
static int desc_barrier(const xmlNode *n) {
  static const char *const tags[] = {"nav", "footer", "aside", "form", "menu",
                                     "a",   "li",     "title", "head", NULL};
  return name_in(n, skip_tags) || name_in(n, tags);
}

/* The page's description (og:description, description) is often its lead (standfirst,
 * teaser): when the extracted text does not hold it and a text block of the body starts like
 * it, that block goes first. */
static int description_lead(xmlNode *body, const nc_buf *desc, nc_buf *raw) {
  if (!body || desc->len < DESC_MIN) return NC_OK;
  nc_buf key, have, blk, out;
  nc_buf_init(&key, raw->a);
  nc_buf_init(&have, raw->a);
  nc_buf_init(&blk, raw->a);
  nc_buf_init(&out, raw->a);
  int rc = squeeze(&key, desc->data, DESC_KEY);
  size_t dlen = 0; /* the description's bytes without whitespace */
  for (size_t i = 0; i < desc->len; i++)
    if (!strchr(" \t\n\r\f", desc->data[i])) dlen++;
  /* a trailing ellipsis is not in the block */
  while (!rc && key.len >= 3 && memcmp(key.data + key.len - 3, "\xE2\x80\xA6", 3) == 0)
    key.data[key.len -= 3] = '\0';
  while (!rc && key.len && key.data[key.len - 1] == '.') key.data[--key.len] = '\0';
  if (!rc && key.len >= DESC_MIN) rc = squeeze(&have, raw->data ? raw->data : "", (size_t)-1);
  if (rc || key.len < DESC_MIN || (have.data && strstr(have.data, key.data))) goto done;
  for (xmlNode *n = body; n && !rc;
       n = next_node(n, body, n->type == XML_ELEMENT_NODE && !desc_barrier(n))) {
    if ((n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content) continue;
    const char *c = (const char *)n->content;
    while (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r') c++;
    if (*c != key.data[0]) continue;
    /* the nearest block around the text node */
    xmlNode *b = n->parent;
    while (b && b != body && b->type == XML_ELEMENT_NODE && !name_in(b, block_tags) &&
           !name_is(b, "figcaption"))
      b = b->parent;
    if (!b || b == body || b->type != XML_ELEMENT_NODE || name_is(b, "li")) continue;
    blk.len = 0;
    for (xmlNode *t = b; t && !rc && blk.len < 3000; t = next_node(t, b, !name_in(t, skip_tags)))
      if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
        rc = squeeze(&blk, (const char *)t->content, 3000);
    /* the block is about the description: not a whole region that starts with it */
    if (rc || blk.len < DESC_MIN || blk.len >= 3000 || blk.len > 2 * dlen + 100) continue;
    size_t k = blk.len < key.len ? blk.len : key.len;
    if (memcmp(blk.data, key.data, k) != 0) continue;
    out_state o = {&out, 0, 0, 0, NULL};
    /* credits and other runs with a furniture class inside the block are left out */
    for (xmlNode *t = b; t && !rc;
         t = next_node(t, b, !name_in(t, skip_tags) && !furniture_run(t, b))) {
      if (name_is(t, "br") && o.need_break < 1) o.need_break = 1;
      if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
        rc = out_text(&o, (const char *)t->content);
    }
    if (!rc && out.len) rc = nc_buf_append(&out, "\n\n", 2);
    if (!rc && raw->len) rc = nc_buf_append(&out, raw->data, raw->len);
    if (!rc) {
      raw->len = 0;
      rc = nc_buf_append(raw, out.data, out.len);
    }
    break;
  }
done:
  nc_buf_free(&key);
  nc_buf_free(&have);
  nc_buf_free(&blk);
  nc_buf_free(&out);
  return rc;
}

/* Readability's retry: when the strict heuristics keep too little, relax them (keep nodes
 * with unlikely classes, then furniture tags and hidden blocks, then ignore class hints; link
 * farms and notices inside the content are still dropped) and keep the longest result. Keeping
 * nodes with unlikely classes is tried below a longer text than the rest: broken markup can nest
 * the whole article in a "social" or "share" bar, while furniture tags hold sidebars. */
#define RETRY_UNLIKELY 1000
#define RETRY_FURNITURE 500
static int content(nc_html_result *r, xmlDoc *doc, nc_buf *raw, int keep_title) {
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root) return NC_OK;
  xmlNode *body = NULL;
  for (xmlNode *n = root; n; n = next_node(n, root, 1))
    if (name_is(n, "body")) {
      body = n;
      break;
    }
  if (!body) body = root;
  static const int tries[] = {F_UNLIKELY | F_FURNITURE | F_WEIGHT | F_CLEAN,
                              F_FURNITURE | F_WEIGHT | F_CLEAN, F_WEIGHT | F_CLEAN, F_CLEAN};
  nc_vec infos;
  nc_buf tmp;
  nc_vec_init(&infos, sizeof(ninfo), r->text.a);
  nc_buf_init(&tmp, r->text.a);
  int rc = NC_OK;
  for (size_t t = 0; t < sizeof tries / sizeof tries[0] && !rc; t++) {
    tmp.len = 0;
    rc = attempt(&infos, body, tries[t] | (keep_title ? F_KEEP_H1 : 0), &tmp);
    if (rc) break;
    /* a relaxed attempt replaces the stricter one only when it finds much more text */
    if (t == 0 ? tmp.len > 0 : tmp.len > 2 * raw->len + 100) {
      raw->len = 0;
      rc = nc_buf_append(raw, tmp.data ? tmp.data : "", tmp.len);
    }
    if (raw->len >= (t == 0 ? RETRY_UNLIKELY : RETRY_FURNITURE)) break;
  }
  for (xmlNode *n = body; n; n = next_node(n, body, 1))
    if (n->type == XML_ELEMENT_NODE) n->_private = NULL;
  nc_vec_free(&infos);
  nc_buf_free(&tmp);
  return rc;
}

nc_status nc_html_extract(const char *html, size_t n, const nc_html_opts *o, nc_html_result *r) {
  nc_html_opts def;
  if (!o) {
    nc_html_opts_default(&def);
    o = &def;
  }
  if (!r || (!html && n)) return NC_EINVAL;
  if (n > o->max_bytes || n > (size_t)INT_MAX) return NC_ELIMIT;
  if (nc_text_looks_binary(html, n)) return NC_EPARSE;
  char cs[48];
  const char *enc = o->encoding;
  if (!enc) {
    if (n >= 3 && memcmp(html, "\xEF\xBB\xBF", 3) == 0)
      enc = "UTF-8";
    else if (declared_charset(html, n, cs, sizeof cs))
      enc = cs;
    else
      enc = valid_utf8(html, n) ? "UTF-8" : cp1252_or_latin1(html, n);
  }
  /* a page that declares UTF-8 but is not: read it as Windows-1252 (what browsers end up doing
   * for such legacy pages is close enough; nc_text repairs mojibake afterwards) */
  if (ieq(enc, "utf-8") && !valid_utf8(html, n) && n >= 3 && memcmp(html, "\xEF\xBB\xBF", 3) != 0) {
    size_t bad = 0, i = 0, multi = 0;
    while (i < n) {
      if ((unsigned char)html[i] < 0x80) {
        i++;
        continue;
      }
      uint32_t cp;
      int valid;
      i += nc_utf8_decode((const unsigned char *)html, n, i, &cp, &valid);
      if (valid)
        multi++;
      else
        bad++;
    }
    if (bad > multi) enc = cp1252_or_latin1(html, n);
  }
  /* libxml2 stops at a NUL byte: parse a copy with NULs as spaces (HTML drops them too) */
  char *copy = NULL;
  if (n && memchr(html, '\0', n)) {
    copy = nc_malloc(r->text.a, n);
    if (!copy) return NC_ENOMEM;
    memcpy(copy, html, n);
    for (char *z = memchr(copy, '\0', n); z; z = memchr(z, '\0', n - (size_t)(z - copy))) *z = ' ';
    html = copy;
  }
  /* XML_PARSE_HUGE: without it libxml2 stops at nesting depth 256 and silently drops the rest
   * of the page (our walks are iterative, and max_bytes bounds the tree) */
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
             HTML_PARSE_COMPACT | HTML_PARSE_NOBLANKS | XML_PARSE_HUGE;
  xmlDoc *doc = htmlReadMemory(n ? html : "", (int)n, NULL, enc, opts);
  if (!doc) doc = htmlReadMemory(n ? html : "", (int)n, NULL, "windows-1252", opts);
  nc_free(r->text.a, copy, n);
  if (!doc) {
    if (n == 0) return NC_OK; /* empty page: empty text */
    return NC_EPARSE;
  }
  int rc = set_fieldz(&r->field[NC_HTML_ENCODING], enc);
  nc_buf raw, ld_body;
  nc_buf_init(&raw, r->text.a);
  nc_buf_init(&ld_body, r->text.a);
  if (!rc) rc = metadata(r, doc, &ld_body);
  if (!rc) rc = content(r, doc, &raw, o->keep_title);
  /* pages that render the article with scripts: the JSON-LD articleBody when the markup gave
   * much less */
  if (!rc && ld_body.len > 2 * raw.len + 50) {
    raw.len = 0;
    rc = nc_buf_append(&raw, ld_body.data, ld_body.len);
  }
  nc_buf_free(&ld_body);
  if (!rc && raw.len) {
    xmlNode *root = xmlDocGetRootElement(doc), *body = NULL;
    for (xmlNode *b = root; b && !body; b = next_node(b, root, 1))
      if (name_is(b, "body")) body = b;
    rc = description_lead(body ? body : root, &r->field[NC_HTML_DESCRIPTION], &raw);
  }
  xmlFreeDoc(doc);
  if (!rc && raw.len) {
    nc_text_opts to;
    nc_text_opts_default(&to);
    to.entities = 0; /* libxml2 decoded them; what is left is literal text */
    nc_vec map;
    nc_vec_init(&map, sizeof(nc_anchor), r->text.a);
    rc = nc_text_normalize(raw.data, raw.len, &to, &r->text, &map, NULL);
    nc_vec_free(&map);
  }
  nc_buf_free(&raw);
  return (nc_status)rc;
}
