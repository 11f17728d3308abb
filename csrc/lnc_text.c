/* lnc_text.c: Lua binding of text repair/normalisation (nc_text), page-text cleaning
 * (nc_clean) and HTML extraction (nc_html).
 *
 * Positions given to Lua are 1-based inclusive byte positions; the engine uses 0-based
 * [start, end) offsets (Lua start = start + 1, Lua stop = end). */
#include <stdlib.h>
#include <string.h>

#include "lnc.h"
#include "nc_clean.h"
#include "nc_html.h"
#include "nc_text.h"

#define OFFMAP_MT "newscorpus.OffsetMap"

/* An offset map owned by Lua: clean offsets -> input offsets. */
typedef struct offmap {
  size_t n;         /* anchors */
  size_t clean_len; /* length of the clean text */
  size_t orig_len;  /* length of the input */
  nc_anchor a[];
} offmap;

static void push_offmap(lua_State *L, const nc_vec *map, size_t clean_len, size_t orig_len) {
  size_t bytes = sizeof(offmap) + map->len * sizeof(nc_anchor);
  offmap *m = lua_newuserdatauv(L, bytes, 0);
  m->n = map->len;
  m->clean_len = clean_len;
  m->orig_len = orig_len;
  if (map->len) memcpy(m->a, map->data, map->len * sizeof(nc_anchor));
  luaL_setmetatable(L, OFFMAP_MT);
}

static size_t checkpos(lua_State *L, int arg, const offmap *m) {
  lua_Integer p = luaL_checkinteger(L, arg);
  luaL_argcheck(L, p >= 1 && (lua_Unsigned)p <= (lua_Unsigned)m->clean_len + 1, arg,
                "position out of range");
  return (size_t)p;
}

/* map:original(pos) -> the 1-based input position of clean position pos (1 .. #clean + 1). */
static int offmap_original(lua_State *L) {
  offmap *m = luaL_checkudata(L, 1, OFFMAP_MT);
  size_t p = checkpos(L, 2, m);
  lua_pushinteger(L, (lua_Integer)nc_offmap_orig(m->a, m->n, p - 1) + 1);
  return 1;
}

/* map:span(start, stop) -> input start, stop (1-based inclusive) of a clean span. */
static int offmap_span(lua_State *L) {
  offmap *m = luaL_checkudata(L, 1, OFFMAP_MT);
  size_t s = checkpos(L, 2, m);
  size_t e = checkpos(L, 3, m);
  luaL_argcheck(L, e + 1 >= s && e <= m->clean_len, 3, "stop out of range");
  size_t os = nc_offmap_orig(m->a, m->n, s - 1);
  size_t oe = e >= s ? nc_offmap_orig(m->a, m->n, e - 1) + 1 : os;
  size_t next = nc_offmap_orig(m->a, m->n, e);
  if (next > oe && e >= s) {
    /* a replaced sequence (entity, mojibake) at the end covers up to the next character */
    size_t prev_next = nc_offmap_orig(m->a, m->n, e - 1);
    if (prev_next + 1 < next && m->n) {
      /* only extend when e - 1 starts an anchor (a replacement), never over dropped text */
      size_t lo = 0, hi = m->n;
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->a[mid].clean < e - 1)
          lo = mid + 1;
        else
          hi = mid;
      }
      if (lo < m->n && m->a[lo].clean == e - 1 && lo + 1 < m->n && m->a[lo + 1].clean == e)
        oe = next;
    }
  }
  if (oe > m->orig_len) oe = m->orig_len;
  if (oe < os) oe = os;
  lua_pushinteger(L, (lua_Integer)os + 1);
  lua_pushinteger(L, (lua_Integer)oe);
  return 2;
}

static int offmap_len(lua_State *L) {
  offmap *m = luaL_checkudata(L, 1, OFFMAP_MT);
  lua_pushinteger(L, (lua_Integer)m->clean_len);
  return 1;
}

/* ---- options -------------------------------------------------------------------------------- */

static void check_keys(lua_State *L, int idx, const char *const *allowed) {
  if (lua_isnoneornil(L, idx)) return;
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    int ok = 0;
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *k = lua_tostring(L, -1);
      for (const char *const *a = allowed; *a; a++)
        if (strcmp(k, *a) == 0) ok = 1;
    }
    if (!ok) {
      lua_pushfstring(L, "unknown option '%s'", luaL_tolstring(L, -1, NULL));
      luaL_argerror(L, idx, lua_tostring(L, -1));
    }
  }
}

static void text_opts(lua_State *L, int idx, nc_text_opts *o) {
  nc_text_opts_default(o);
  o->strict = lnc_optbool(L, idx, "strict", o->strict);
  o->entities = lnc_optbool(L, idx, "entities", o->entities);
  o->mojibake = lnc_optbool(L, idx, "mojibake", o->mojibake);
  o->fold = lnc_optbool(L, idx, "fold", o->fold);
  o->whitespace = lnc_optbool(L, idx, "whitespace", o->whitespace);
  const char *form = lnc_optstring(L, idx, "form", "NFC");
  if (strcmp(form, "NFC") == 0)
    o->form = NC_NORM_NFC;
  else if (strcmp(form, "NFKC") == 0)
    o->form = NC_NORM_NFKC;
  else if (strcmp(form, "none") == 0)
    o->form = NC_NORM_NONE;
  else
    luaL_argerror(L, idx, "option 'form' must be \"NFC\", \"NFKC\" or \"none\"");
  const char *enc = lnc_optstring(L, idx, "encoding", "auto");
  if (strcmp(enc, "auto") == 0)
    o->encoding = NC_ENC_AUTO;
  else if (strcmp(enc, "utf-8") == 0 || strcmp(enc, "UTF-8") == 0 || strcmp(enc, "utf8") == 0)
    o->encoding = NC_ENC_UTF8;
  else if (strcmp(enc, "windows-1252") == 0 || strcmp(enc, "cp1252") == 0 ||
           strcmp(enc, "latin-1") == 0 || strcmp(enc, "iso-8859-1") == 0)
    o->encoding = NC_ENC_CP1252;
  else
    luaL_argerror(L, idx,
                  "option 'encoding' must be \"auto\", \"utf-8\", \"windows-1252\" or \"latin-1\"");
}

static const char *const text_keys[] = {"strict",     "entities", "mojibake", "fold",
                                        "whitespace", "form",     "encoding", NULL};

static void push_changes(lua_State *L, const nc_text_stats *st) {
  lua_createtable(L, 0, 9);
  lua_pushinteger(L, (lua_Integer)st->repairs);
  lua_setfield(L, -2, "invalid_utf8");
  lua_pushinteger(L, (lua_Integer)st->controls);
  lua_setfield(L, -2, "controls");
  lua_pushinteger(L, (lua_Integer)st->newlines);
  lua_setfield(L, -2, "newlines");
  lua_pushinteger(L, (lua_Integer)st->entities);
  lua_setfield(L, -2, "entities");
  lua_pushinteger(L, (lua_Integer)st->mojibake);
  lua_setfield(L, -2, "mojibake");
  lua_pushinteger(L, (lua_Integer)st->folded);
  lua_setfield(L, -2, "folded");
  lua_pushinteger(L, (lua_Integer)st->spaces);
  lua_setfield(L, -2, "spaces");
  lua_pushinteger(L, (lua_Integer)st->normalized);
  lua_setfield(L, -2, "normalized");
  lua_pushboolean(L, st->transcoded);
  lua_setfield(L, -2, "windows1252");
}

/* core.repair(s [, {strict}]) -> text, repairs: invalid UTF-8 -> U+FFFD (counted), NUL and
 * control characters removed (tab/newline kept), CR/CRLF -> LF. Strict mode and invalid
 * input: nil, "newscorpus: ...". */
static int l_repair(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  static const char *const keys[] = {"strict", NULL};
  check_keys(L, 2, keys);
  nc_text_opts o;
  nc_text_opts_default(&o);
  o.strict = lnc_optbool(L, 2, "strict", 0);
  o.entities = o.mojibake = o.whitespace = 0;
  o.form = NC_NORM_NONE;
  o.encoding = NC_ENC_UTF8;
  nc_buf *out = lnc_newbuf(L);
  nc_vec *map = lnc_newvec(L, sizeof(nc_anchor));
  nc_text_stats st;
  int rc = nc_text_normalize(s, n, &o, out, map, &st);
  if (rc) return lnc_pushfail(L, rc, "repair");
  lua_pushlstring(L, out->data ? out->data : "", out->len);
  lua_pushinteger(L, (lua_Integer)st.repairs);
  return 2;
}

/* core.normalize(s [, opts]) -> text, info = { repairs, changes = {...}, map = OffsetMap }.
 * opts: strict, entities, mojibake, fold, whitespace (booleans), form ("NFC" | "NFKC" |
 * "none"), encoding ("auto" | "utf-8" | "windows-1252" | "latin-1"). */
static int l_normalize(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  check_keys(L, 2, text_keys);
  nc_text_opts o;
  text_opts(L, 2, &o);
  nc_buf *out = lnc_newbuf(L);
  nc_vec *map = lnc_newvec(L, sizeof(nc_anchor));
  nc_text_stats st;
  int rc = nc_text_normalize(s, n, &o, out, map, &st);
  if (rc) return lnc_pushfail(L, rc, "normalize");
  lua_pushlstring(L, out->data ? out->data : "", out->len);
  lua_createtable(L, 0, 3);
  lua_pushinteger(L, (lua_Integer)st.repairs);
  lua_setfield(L, -2, "repairs");
  push_changes(L, &st);
  lua_setfield(L, -2, "changes");
  push_offmap(L, map, out->len, n);
  lua_setfield(L, -2, "map");
  return 2;
}

/* ---- clean ------------------------------------------------------------------------------- */

typedef struct strref_box {
  nc_vec v;
} strref_box;

static const char *const clean_keys[] = {"strict",     "entities", "mojibake",  "fold",
                                         "whitespace", "form",     "encoding",  "keep_title",
                                         "repeated",   "article",  "max_bytes", NULL};

/* Default bound on the input of clean (the same as extract's): past it nil, message. */
#define CLEAN_MAX_BYTES ((lua_Integer)50 * 1024 * 1024)

/* Collect opts.repeated (a set {line = true} or an array of lines) into a sorted vector. */
static void collect_repeated(lua_State *L, int idx, nc_vec *v) {
  if (lua_isnoneornil(L, idx)) return;
  int t = lua_getfield(L, idx, "repeated");
  if (t == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (t != LUA_TTABLE) luaL_argerror(L, idx, "option 'repeated' must be a table");
  int tab = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, tab)) {
    int str = lua_type(L, -2) == LUA_TSTRING ? -2 : (lua_type(L, -1) == LUA_TSTRING ? -1 : 0);
    if (str) {
      nc_strref *r = nc_vec_push(v);
      if (!r) luaL_error(L, "newscorpus: clean: out of memory");
      r->s = lua_tolstring(L, str, &r->n); /* anchored in the options table */
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (v->len) qsort(v->data, v->len, sizeof(nc_strref), nc_strref_cmp);
}

/* The segments of a clean report, kept until report.lines / report.removed are read. */
typedef struct seg_store {
  size_t n;
  nc_segment seg[];
} seg_store;

static void push_span_text(lua_State *L, const char *s, size_t start, size_t end) {
  lua_pushlstring(L, s + start, end - start);
}

/* core.clean(text [, opts]) -> clean_text, report. See text.lua for the report's fields.
 * opts: the normalize options plus keep_title (boolean), repeated (lines known to be
 * boilerplate: a set or an array) and max_bytes (default 50 MB). Binary input or input over
 * max_bytes: nil, "newscorpus: clean: ...". */
static int l_clean(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  check_keys(L, 2, clean_keys);
  lua_Integer max_bytes = lnc_optint(L, 2, "max_bytes", CLEAN_MAX_BYTES);
  luaL_argcheck(L, max_bytes >= 0, 2, "option 'max_bytes' must be non-negative");
  if ((lua_Unsigned)n > (lua_Unsigned)max_bytes) {
    luaL_pushfail(L);
    lua_pushfstring(L, "newscorpus: clean: input of %I bytes exceeds max_bytes (%I)",
                    (lua_Integer)n, max_bytes);
    return 2;
  }
  nc_clean_opts o;
  nc_clean_opts_default(&o);
  text_opts(L, 2, &o.text);
  o.keep_title = lnc_optbool(L, 2, "keep_title", 0);
  o.article = lnc_optbool(L, 2, "article", 0);
  nc_vec *rep = lnc_newvec(L, sizeof(nc_strref));
  collect_repeated(L, 2, rep);
  o.repeated = rep->data;
  o.nrepeated = rep->len;
  /* the result lives in boxes Lua frees on error */
  nc_buf *text = lnc_newbuf(L);
  nc_vec *map = lnc_newvec(L, sizeof(nc_anchor));
  nc_vec *segs = lnc_newvec(L, sizeof(nc_segment));
  nc_clean_result r;
  memset(&r, 0, sizeof r);
  r.text = *text;
  r.map = *map;
  r.segs = *segs;
  int rc = nc_clean(s, n, &o, &r);
  *text = r.text; /* hand the (possibly grown) storage back to the boxes */
  *map = r.map;
  *segs = r.segs;
  if (rc == NC_EPARSE) {
    luaL_pushfail(L);
    lua_pushliteral(L, "newscorpus: clean: input looks binary, not text");
    return 2;
  }
  if (rc) return lnc_pushfail(L, rc, "clean");
  lua_pushlstring(L, text->data ? text->data : "", text->len);
  int res = lua_gettop(L);
  lua_createtable(L, 0, 10);
  const nc_segment *sg = segs->data;
  if (r.title) {
    push_span_text(L, s, sg[r.title - 1].start, sg[r.title - 1].end);
    lua_setfield(L, -2, "title");
  }
  if (r.date) {
    if (r.date_end > r.date_start)
      push_span_text(L, s, r.date_start, r.date_end);
    else
      push_span_text(L, s, sg[r.date - 1].start, sg[r.date - 1].end);
    lua_setfield(L, -2, "date");
  }
  if (r.byline) {
    push_span_text(L, s, r.byline_start, r.byline_end);
    lua_setfield(L, -2, "byline");
  }
  lua_pushinteger(L, (lua_Integer)r.stats.repairs);
  lua_setfield(L, -2, "repairs");
  push_changes(L, &r.stats);
  lua_setfield(L, -2, "changes");
  /* report.lines and report.removed are built on first access (clean_lazy): keep the
   * segments and the input string until then, keyed weakly by the report */
  size_t nseg = segs->len;
  seg_store *st = lua_newuserdatauv(L, sizeof(seg_store) + nseg * sizeof(nc_segment), 1);
  st->n = nseg;
  if (nseg) memcpy(st->seg, segs->data, nseg * sizeof(nc_segment));
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, -2);
  lua_insert(L, -2);
  lua_rawset(L, lua_upvalueindex(1)); /* pending[report] = store */
  push_offmap(L, map, text->len, n);
  lua_setfield(L, -2, "map");
  (void)res;
  return 2;
}

/* Build report.lines and report.removed from the stored segments (see l_clean). */
static void build_lines(lua_State *L, int report, const seg_store *st, const char *s) {
  const nc_segment *sg = st->seg;
  lua_createtable(L, 0, 0);                                  /* removed */
  lua_createtable(L, (int)(st->n < 1000000 ? st->n : 0), 0); /* lines */
  lua_Integer nrem = 0;
  for (size_t i = 0; i < st->n; i++) {
    lua_createtable(L, 0, 5);
    lua_pushinteger(L, (lua_Integer)sg[i].start + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)sg[i].end);
    lua_setfield(L, -2, "stop");
    lua_pushstring(L, nc_line_class_name(sg[i].cls));
    lua_setfield(L, -2, "class");
    lua_pushstring(L, sg[i].reason);
    lua_setfield(L, -2, "reason");
    lua_pushinteger(L, (lua_Integer)sg[i].line + 1);
    lua_setfield(L, -2, "line");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
    if (sg[i].cls != NC_LINE_BODY) {
      lua_createtable(L, 0, 4);
      lua_pushinteger(L, (lua_Integer)sg[i].start + 1);
      lua_setfield(L, -2, "start");
      lua_pushinteger(L, (lua_Integer)sg[i].end);
      lua_setfield(L, -2, "stop");
      lua_pushstring(L, sg[i].reason);
      lua_setfield(L, -2, "reason");
      push_span_text(L, s, sg[i].start, sg[i].end);
      lua_setfield(L, -2, "text");
      lua_rawseti(L, -3, ++nrem);
    }
  }
  lua_setfield(L, report, "lines");
  lua_setfield(L, report, "removed");
}

/* core.clean_lazy(report, key) -> report[key] for the fields built on first access ("lines",
 * "removed"), nil for any other key or a table that is not a pending clean report. */
static int l_clean_lazy(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  const char *k = lua_tostring(L, 2);
  if (!k || (strcmp(k, "lines") != 0 && strcmp(k, "removed") != 0)) return 0;
  lua_pushvalue(L, 1);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TUSERDATA) return 0;
  const seg_store *st = lua_touserdata(L, -1);
  lua_getiuservalue(L, -1, 1);
  const char *s = lua_tostring(L, -1);
  if (!s) return 0;
  build_lines(L, 1, st, s);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  lua_rawset(L, lua_upvalueindex(1));
  lua_pushvalue(L, 2);
  lua_rawget(L, 1);
  return 1;
}

/* ---- extract ------------------------------------------------------------------------------- */

/* core.extract(html [, {max_bytes = n, encoding = "...", keep_title = bool}]) -> text, meta
 * (keep_title keeps <h1> headings inside the content) where meta has the
 * fields title, date, author, language, url, site, description, encoding (absent when not
 * found). Input past max_bytes (default 50 MB) or unparsable: nil, "newscorpus: ...". */
static int l_extract(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  static const char *const keys[] = {"max_bytes", "encoding", "keep_title", NULL};
  check_keys(L, 2, keys);
  nc_html_opts o;
  nc_html_opts_default(&o);
  lua_Integer mb = lnc_optint(L, 2, "max_bytes", (lua_Integer)o.max_bytes);
  luaL_argcheck(L, mb >= 0, 2, "option 'max_bytes' must be non-negative");
  o.max_bytes = (size_t)mb;
  o.encoding = lnc_optstring(L, 2, "encoding", NULL);
  o.keep_title = lnc_optbool(L, 2, "keep_title", 0);
  /* the result's buffers live in boxes Lua frees on error */
  nc_html_result r;
  nc_buf *text = lnc_newbuf(L);
  nc_buf *fields[NC_HTML_NFIELDS];
  for (int i = 0; i < NC_HTML_NFIELDS; i++) fields[i] = lnc_newbuf(L);
  r.text = *text;
  for (int i = 0; i < NC_HTML_NFIELDS; i++) r.field[i] = *fields[i];
  int rc = nc_html_extract(s, n, &o, &r);
  *text = r.text;
  for (int i = 0; i < NC_HTML_NFIELDS; i++) *fields[i] = r.field[i];
  if (rc == NC_ELIMIT) {
    luaL_pushfail(L);
    lua_pushfstring(L, "newscorpus: extract: input of %I bytes exceeds max_bytes (%I)",
                    (lua_Integer)n, (lua_Integer)o.max_bytes);
    return 2;
  }
  if (rc) return lnc_pushfail(L, rc, "extract");
  lua_pushlstring(L, text->data ? text->data : "", text->len);
  lua_createtable(L, 0, NC_HTML_NFIELDS);
  for (int i = 0; i < NC_HTML_NFIELDS; i++) {
    if (!fields[i]->len) continue;
    lua_pushlstring(L, fields[i]->data, fields[i]->len);
    lua_setfield(L, -2, nc_html_field_name((nc_html_field)i));
  }
  return 2;
}

void lnc_open_text(lua_State *L) {
  static const luaL_Reg map_methods[] = {
      {"original", offmap_original}, {"span", offmap_span}, {NULL, NULL}};
  if (luaL_newmetatable(L, OFFMAP_MT)) {
    luaL_newlib(L, map_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, offmap_len);
    lua_setfield(L, -2, "__len");
  }
  lua_pop(L, 1);
  static const luaL_Reg funcs[] = {
      {"repair", l_repair}, {"normalize", l_normalize}, {"extract", l_extract}, {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0);
  /* reports whose lines/removed are not built yet: a weak-keyed table shared by both */
  static const luaL_Reg lazy[] = {{"clean", l_clean}, {"clean_lazy", l_clean_lazy}, {NULL, NULL}};
  lua_createtable(L, 0, 0);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  luaL_setfuncs(L, lazy, 1);
}
