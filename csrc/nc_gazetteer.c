/* nc_gazetteer.c: gazetteer TSV / CSV parser (rules in nc_gazetteer.h). */
#include "nc_gazetteer.h"

#include <stdio.h>
#include <string.h>

/* C-locale isspace: ' ', \t, \n, \v, \f, \r (what Lua's %s matches). */
static int is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int is_alnum_or_high(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

static void trim(const unsigned char *s, size_t *b, size_t *e) {
  while (*b < *e && is_space(s[*b])) (*b)++;
  while (*e > *b && is_space(s[*e - 1])) (*e)--;
}

/* Strict UTF-8 as Lua's utf8.len: no overlong forms, surrogates or code points > U+10FFFF. */
static int utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return 0;
    }
    if (need >= n - i) return 0;
    if (s[i + 1] < lo || s[i + 1] > hi) return 0;
    for (size_t k = 2; k <= need; k++)
      if ((s[i + k] & 0xC0) != 0x80) return 0;
    i += need + 1;
  }
  return 1;
}

const char *nc_gz_check_name(const char *name, size_t n, size_t *start, size_t *end, int *exact) {
  const unsigned char *s = (const unsigned char *)name;
  size_t b = 0, e = n;
  *exact = 0;
  if (!s) e = 0;
  trim(s, &b, &e);
  if (b < e && s[b] == '!') {
    *exact = 1;
    b++;
    trim(s, &b, &e);
  }
  *start = b;
  *end = e;
  if (b == e) return "empty name";
  if (e - b > NC_GZ_MAX_NAME) return "name too long";
  if (memchr(s + b, 0, e - b)) return "NUL byte in name";
  if (!utf8_valid(s + b, e - b)) return "invalid UTF-8 in name";
  for (size_t i = b; i < e; i++)
    if (is_alnum_or_high(s[i])) return NULL;
  return "name has no letter or digit";
}

/* ---- parser state ------------------------------------------------------------------------ */

typedef struct field {
  size_t off, len; /* relative to the line (TSV) or the scratch buffer (CSV) */
} field;

typedef struct parser {
  nc_gz_result *r;
  const nc_gz_opts *opts;
  unsigned char *cols; /* column kinds (owned when from a header) */
  size_t ncols, capcols;
  int have_cols, csv, strict, fatal;
  size_t messages; /* skip rows that got a message */
  nc_buf scratch;  /* CSV fields without their quotes */
  nc_buf msg;      /* a message being formatted */
  nc_vec fields;   /* field */
} parser;

static const char *const col_names[] = {"", "name", "type", "aliases", "id", "case"};

static int pool_put(nc_gz_result *r, int bang, const unsigned char *p, size_t n, nc_gz_str *out) {
  int rc = nc_buf_reserve(&r->pool, n + 1);
  if (rc) return rc;
  out->off = r->pool.len;
  if (bang) r->pool.data[r->pool.len++] = '!';
  if (n) memcpy(r->pool.data + r->pool.len, p, n);
  r->pool.len += n;
  r->pool.data[r->pool.len] = '\0';
  out->len = r->pool.len - out->off;
  return NC_OK;
}

/* A bad row: fatal in strict mode (or when fatal is set), else skipped and counted. */
static int bad_row(parser *p, size_t line, int fatal, const char *msg, size_t msglen) {
  nc_gz_result *r = p->r;
  if (fatal || p->strict) {
    p->fatal = 1;
  } else {
    r->skipped++;
    if (p->messages >= NC_GZ_MAX_MESSAGES) {
      if (r->rows.len) {
        nc_gz_row *last = (nc_gz_row *)r->rows.data + r->rows.len - 1;
        if (last->kind == NC_GZ_SKIP) {
          last->count++;
          return NC_OK;
        }
      }
      msglen = 0;
    } else {
      p->messages++;
    }
  }
  nc_gz_str m = {0, 0};
  int rc = pool_put(r, 0, (const unsigned char *)msg, msglen, &m);
  if (rc) return rc;
  nc_gz_row *row = nc_vec_push(&r->rows);
  if (!row) return NC_ENOMEM;
  row->line = line;
  row->name = m;
  row->count = 1;
  row->kind = p->fatal ? NC_GZ_FAIL : NC_GZ_SKIP;
  return NC_OK;
}

/* A bad row whose message quotes text: before 'text' after (text lower-cased when lower). */
static int bad_row_quoted(parser *p, size_t line, int fatal, const char *before,
                          const unsigned char *text, size_t n, const char *after, int lower) {
  nc_buf *b = &p->msg;
  b->len = 0;
  size_t bl = strlen(before), al = strlen(after);
  int rc = nc_buf_reserve(b, bl + n + al);
  if (rc) return rc;
  memcpy(b->data, before, bl);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = text[i];
    if (lower && c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
    b->data[bl + i] = (char)c;
  }
  memcpy(b->data + bl + n, after, al);
  b->len = bl + n + al;
  b->data[b->len] = '\0';
  return bad_row(p, line, fatal, b->data, b->len);
}

static int push_field(parser *p, size_t off, size_t len) {
  field *f = nc_vec_push(&p->fields);
  if (!f) return NC_ENOMEM;
  f->off = off;
  f->len = len;
  return NC_OK;
}

static int split_tsv(parser *p, const unsigned char *s, size_t n) {
  size_t i = 0;
  for (;;) {
    const unsigned char *tab = memchr(s + i, '\t', n - i);
    size_t j = tab ? (size_t)(tab - s) : n;
    int rc = push_field(p, i, j - i);
    if (rc) return rc;
    if (!tab) return NC_OK;
    i = j + 1;
  }
}

/* One CSV record into scratch; *err gets a message for a bad record. */
static int split_csv(parser *p, const unsigned char *s, size_t n, const char **err) {
  nc_buf *b = &p->scratch;
  b->len = 0;
  int rc = nc_buf_reserve(b, n);
  if (rc) return rc;
  *err = NULL;
  size_t i = 0;
  while (i <= n) {
    size_t off = b->len;
    if (i < n && s[i] == '"') {
      size_t j = i + 1;
      for (;;) {
        const unsigned char *q = j < n ? memchr(s + j, '"', n - j) : NULL;
        if (!q) {
          *err = "unterminated quoted field";
          return NC_OK;
        }
        size_t qi = (size_t)(q - s);
        memcpy(b->data + b->len, s + j, qi - j);
        b->len += qi - j;
        if (qi + 1 < n && s[qi + 1] == '"') {
          b->data[b->len++] = '"';
          j = qi + 2;
        } else {
          i = qi + 1;
          break;
        }
      }
      rc = push_field(p, off, b->len - off);
      if (rc) return rc;
      if (i < n && s[i] != ',') {
        *err = "text after a quoted field";
        return NC_OK;
      }
      i++;
    } else {
      const unsigned char *c = i < n ? memchr(s + i, ',', n - i) : NULL;
      size_t j = c ? (size_t)(c - s) : n;
      memcpy(b->data + b->len, s + i, j - i);
      b->len += j - i;
      rc = push_field(p, off, j - i);
      if (rc) return rc;
      i = j + 1;
    }
  }
  return NC_OK;
}

static int eq_lower(const unsigned char *s, size_t n, const char *word) {
  size_t wl = strlen(word);
  if (n != wl) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
    if (c != (unsigned char)word[i]) return 0;
  }
  return 1;
}

static int set_columns(parser *p, const unsigned char *kinds, size_t n) {
  if (n > p->capcols) {
    unsigned char *c = nc_realloc(p->r->pool.a, p->cols, p->capcols, n);
    if (!c) return NC_ENOMEM;
    p->cols = c;
    p->capcols = n;
  }
  if (n) memcpy(p->cols, kinds, n);
  p->ncols = n;
  p->have_cols = 1;
  return NC_OK;
}

/* The header line (fields at base): sets the columns, or a fatal bad row. */
static int header(parser *p, const unsigned char *base, size_t line) {
  size_t nf = p->fields.len;
  const field *fs = p->fields.data;
  int rc = set_columns(p, NULL, 0);
  if (rc) return rc;
  if (nf > p->capcols) {
    unsigned char *c = nc_realloc(p->r->pool.a, p->cols, p->capcols, nf);
    if (!c) return NC_ENOMEM;
    p->cols = c;
    p->capcols = nf;
  }
  for (size_t i = 0; i < nf; i++) {
    size_t b = fs[i].off, e = fs[i].off + fs[i].len;
    trim(base, &b, &e);
    unsigned char kind = NC_GZ_COL_NONE;
    for (unsigned char k = NC_GZ_COL_NAME; k <= NC_GZ_COL_CASE; k++)
      if (eq_lower(base + b, e - b, col_names[k])) kind = k;
    if (kind == NC_GZ_COL_NONE) /* the message shows the column lower-cased */
      return bad_row_quoted(p, line, 1, "unknown column '", base + b, e - b, "' in header", 1);
    p->cols[i] = kind;
  }
  p->ncols = nf;
  return NC_OK;
}

typedef struct span {
  const unsigned char *p;
  size_t n;
} span;

static int data_row(parser *p, const unsigned char *base, size_t line) {
  nc_gz_result *r = p->r;
  span slot[NC_GZ_COL_CASE + 1];
  memset(slot, 0, sizeof slot);
  const field *fs = p->fields.data;
  size_t nf = p->fields.len < p->ncols ? p->fields.len : p->ncols;
  for (size_t i = 0; i < nf; i++) {
    unsigned char kind = p->cols[i];
    if (kind == NC_GZ_COL_NONE || !fs[i].len) continue;
    size_t b = fs[i].off, e = fs[i].off + fs[i].len;
    trim(base, &b, &e);
    if (b == e) continue;
    slot[kind].p = base + b;
    slot[kind].n = e - b;
  }
  unsigned char kase = NC_GZ_CASE_NONE;
  if (slot[NC_GZ_COL_CASE].p) {
    const span *c = &slot[NC_GZ_COL_CASE];
    if (c->n == 4 && !memcmp(c->p, "auto", 4))
      kase = NC_GZ_CASE_AUTO;
    else if (c->n == 5 && !memcmp(c->p, "exact", 5))
      kase = NC_GZ_CASE_EXACT;
    else if (c->n == 4 && !memcmp(c->p, "fold", 4))
      kase = NC_GZ_CASE_FOLD;
    else if (p->strict)
      return bad_row_quoted(p, line, 0, "bad case '", c->p, c->n, "' (auto, exact or fold)", 0);
    else
      return bad_row(p, line, 0, "bad case value", strlen("bad case value"));
  }
  const span *nm = &slot[NC_GZ_COL_NAME];
  size_t b, e;
  int exact;
  const char *err = nc_gz_check_name((const char *)nm->p, nm->n, &b, &e, &exact);
  if (err) {
    char msg[80];
    int w = snprintf(msg, sizeof msg, "%s", err);
    if (!strcmp(err, "name too long"))
      w = snprintf(msg, sizeof msg, "name too long (%zu bytes, at most %d)", e - b,
                   (int)NC_GZ_MAX_NAME);
    return bad_row(p, line, 0, msg, w > 0 ? (size_t)w : 0);
  }
  nc_gz_row row;
  memset(&row, 0, sizeof row);
  row.line = line;
  row.kase = kase;
  row.kind = NC_GZ_ROW;
  int rc = pool_put(r, exact, nm->p + b, e - b, &row.name);
  if (!rc && slot[NC_GZ_COL_TYPE].p)
    rc = pool_put(r, 0, slot[NC_GZ_COL_TYPE].p, slot[NC_GZ_COL_TYPE].n, &row.type);
  if (!rc && slot[NC_GZ_COL_ID].p)
    rc = pool_put(r, 0, slot[NC_GZ_COL_ID].p, slot[NC_GZ_COL_ID].n, &row.id);
  if (rc) return rc;
  row.alias0 = r->aliases.len;
  if (slot[NC_GZ_COL_ALIASES].p) {
    const unsigned char *s = slot[NC_GZ_COL_ALIASES].p;
    size_t n = slot[NC_GZ_COL_ALIASES].n;
    for (size_t i = 0; i <= n;) {
      const unsigned char *bar = i < n ? memchr(s + i, '|', n - i) : NULL;
      size_t j = bar ? (size_t)(bar - s) : n;
      size_t pb = i, pe = j;
      trim(s, &pb, &pe);
      if (pb < pe) {
        size_t ab, ae;
        int aex;
        if (nc_gz_check_name((const char *)s + i, j - i, &ab, &ae, &aex)) {
          row.bad_aliases++;
        } else {
          nc_gz_str *a = nc_vec_push(&r->aliases);
          if (!a) return NC_ENOMEM;
          rc = pool_put(r, aex, s + i + ab, ae - ab, a);
          if (rc) return rc;
          row.naliases++;
        }
      }
      i = j + 1;
    }
  }
  nc_gz_row *slotp = nc_vec_push(&r->rows);
  if (!slotp) return NC_ENOMEM;
  *slotp = row;
  r->good++;
  return NC_OK;
}

static const unsigned char default_cols[] = {NC_GZ_COL_NAME, NC_GZ_COL_TYPE, NC_GZ_COL_ALIASES,
                                             NC_GZ_COL_ID, NC_GZ_COL_CASE};

static int parse_line(parser *p, const unsigned char *s, size_t n, size_t line) {
  size_t i = 0;
  while (i < n && is_space(s[i])) i++;
  if (i == n || s[i] == '#') return NC_OK;
  p->fields.len = 0;
  const unsigned char *base = s;
  int rc;
  if (p->csv) {
    const char *err;
    rc = split_csv(p, s, n, &err);
    if (rc) return rc;
    if (err) return bad_row(p, line, 0, err, strlen(err));
    base = (const unsigned char *)p->scratch.data;
  } else {
    rc = split_tsv(p, s, n);
    if (rc) return rc;
  }
  if (!p->have_cols) {
    const field *f0 = p->fields.data;
    if (eq_lower(base + f0->off, f0->len, "name")) return header(p, base, line);
    rc = set_columns(p, default_cols, sizeof default_cols);
    if (rc) return rc;
  }
  return data_row(p, base, line);
}

void nc_gz_result_init(nc_gz_result *r, const nc_alloc *a) {
  if (!a) a = nc_default_alloc();
  memset(r, 0, sizeof *r);
  nc_buf_init(&r->pool, a);
  nc_vec_init(&r->rows, sizeof(nc_gz_row), a);
  nc_vec_init(&r->aliases, sizeof(nc_gz_str), a);
}

void nc_gz_result_free(nc_gz_result *r) {
  const nc_alloc *a = r->pool.a;
  nc_buf_free(&r->pool);
  nc_vec_free(&r->rows);
  nc_vec_free(&r->aliases);
  nc_gz_result_init(r, a);
}

int nc_gz_parse(const char *text, size_t len, const nc_gz_opts *opts, nc_gz_result *r) {
  static const nc_gz_opts none = {0, 0, NULL, 0};
  if (!r || (!text && len)) return NC_EINVAL;
  if (!opts) opts = &none;
  if (opts->ncolumns > NC_GZ_MAX_COLUMNS || (opts->ncolumns && !opts->columns)) return NC_EINVAL;
  for (size_t i = 0; i < opts->ncolumns; i++)
    if (opts->columns[i] > NC_GZ_COL_CASE) return NC_EINVAL;
  parser p;
  memset(&p, 0, sizeof p);
  p.r = r;
  p.opts = opts;
  p.csv = opts->csv != 0;
  p.strict = opts->strict != 0;
  nc_buf_init(&p.scratch, r->pool.a);
  nc_buf_init(&p.msg, r->pool.a);
  nc_vec_init(&p.fields, sizeof(field), r->pool.a);
  int rc = NC_OK;
  if (opts->columns) rc = set_columns(&p, opts->columns, opts->ncolumns);
  const unsigned char *s = (const unsigned char *)text;
  size_t pos = 0, line = 0;
  while (!rc && !p.fatal && pos < len) {
    const unsigned char *nl = memchr(s + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - s) : len;
    const unsigned char *ls = s + pos;
    size_t n = end - pos;
    pos = nl ? end + 1 : len;
    line++;
    if (line == 1 && n >= 3 && ls[0] == 0xEF && ls[1] == 0xBB && ls[2] == 0xBF) {
      ls += 3;
      n -= 3;
    }
    if (n && ls[n - 1] == '\r') n--;
    rc = parse_line(&p, ls, n, line);
  }
  r->lines += line;
  nc_free(r->pool.a, p.cols, p.capcols);
  nc_buf_free(&p.scratch);
  nc_buf_free(&p.msg);
  nc_vec_free(&p.fields);
  return rc;
}
