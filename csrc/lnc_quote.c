/*
 * lnc_quote.c: Lua binding of nc_quote (the scanning parts of quote attribution).
 *
 *   core.quote_lexicon(words) -> QuoteLexicon (userdata "newscorpus.QuoteLexicon")
 *       words: table mapping a word (string, 1..64 bytes; matched ASCII-case-insensitively)
 *       to its class bits (integer 0 .. 2^31-1; see nc_quote.h NC_QW_*).
 *   QuoteLexicon:names(text) -> flat array { start, stop, name_stop, expands, last, ... }: five
 *       integers per personal name in text order (1-based inclusive byte positions; name_stop
 *       <= stop leaves out a final possessive 's; expands is 0 for a full name, else the
 *       number (1-based) of the earlier full name a single word is the surname of; last is
 *       where the last word starts).
 *   QuoteLexicon:tokens(text, a, b) -> the tokens of text[a..b] (1-based inclusive; b = a - 1
 *       gives none) as one flat array, four values a token: start, stop, bytes, punctuation
 *       (true/false)
 *   QuoteLexicon:count_words(text, a, b, limit) -> number of word tokens in text[a..b], counting
 *       stops at limit + 1 (a quick test for short quotes)
 *   QuoteLexicon:has_word(text, a, b, bits) -> true when a word token of text[a..b] has one of
 *       the class bits (ASCII case folded)
 *   QuoteLexicon:after_last_end(text, a, b) -> where text[a..b] after its last sentence end
 *       starts (a when none); QuoteLexicon:before_first_end(text, a, b) -> the last position
 *       before its first sentence end (b when none); quotes.lua's sentence rule
 *   QuoteLexicon:close() (also __gc / __close; idempotent)
 *   core.quote_check_spans(list, len) -> k, code: checks list[1], list[2], ... (up to the first
 *       nil) are tables { start, stop } with integer fields, 1 <= start, stop <= len,
 *       stop >= start - 1; code "ok" (all good, starts in order) or "unsorted" with k = the
 *       number of entries + 1, else "table", "start", "stop" or "range" for entry k
 *   core.quote_scan(text [, wrapped]) -> paras, raws: flat integer arrays; paras holds
 *       start, stop per paragraph; raws holds os, ie, ce, cs, ae, para, unclosed (0/1) per
 *       quotation: opening mark, first quoted byte, last quoted byte, closing mark, first byte
 *       after it, paragraph number (1-based); all 1-based byte positions (see nc_quote.h).
 */
#include <limits.h>
#include "lnc.h"
#include "nc_quote.h"

#define QLEX_MT "newscorpus.QuoteLexicon"

typedef struct qlex_box {
  nc_qlex *lx;
  nc_alloc alloc;
  nc_vec names; /* scratch for :names, reused from call to call (freed with the lexicon) */
} qlex_box;

static qlex_box *check_qlex(lua_State *L, int idx) {
  qlex_box *box = luaL_checkudata(L, idx, QLEX_MT);
  if (!box->lx) luaL_error(L, "newscorpus: attempt to use a closed quote lexicon");
  return box;
}

static int qlex_gc(lua_State *L) {
  qlex_box *box = luaL_checkudata(L, 1, QLEX_MT);
  nc_qlex_free(box->lx);
  box->lx = NULL;
  nc_vec_free(&box->names);
  return 0;
}

/* core.quote_lexicon(words): a lexicon from a table word -> bits. */
static int l_quote_lexicon(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  qlex_box *box = lua_newuserdatauv(L, sizeof *box, 0);
  box->lx = NULL;
  lnc_alloc(L, &box->alloc);
  nc_vec_init(&box->names, sizeof(nc_qname), &box->alloc);
  luaL_setmetatable(L, QLEX_MT);
  int rc = nc_qlex_new(&box->alloc, &box->lx);
  if (rc) return lnc_pushfail(L, rc, "quote lexicon");
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    if (lua_type(L, -2) != LUA_TSTRING) return luaL_argerror(L, 1, "keys must be words (strings)");
    if (!lua_isinteger(L, -1)) return luaL_argerror(L, 1, "values must be integers (class bits)");
    lua_Integer bits = lua_tointeger(L, -1);
    if (bits < 0 || bits > 0x7FFFFFFF) return luaL_argerror(L, 1, "class bits out of range");
    size_t n;
    const char *w = lua_tolstring(L, -2, &n);
    if (n == 0 || n > NC_QLEX_MAX_WORD)
      return luaL_argerror(L, 1, "words must be 1 to 64 bytes long");
    rc = nc_qlex_add(box->lx, w, n, (unsigned)bits);
    if (rc) return lnc_pushfail(L, rc, "quote lexicon");
    lua_pop(L, 1);
  }
  return 1;
}

/* QuoteLexicon:names(text): the personal names of text as a flat integer array. */
static int l_names(lua_State *L) {
  qlex_box *box = check_qlex(L, 1);
  size_t len;
  const char *text = luaL_checklstring(L, 2, &len);
  nc_vec *v = &box->names;
  v->len = 0;
  int rc = nc_quote_names(box->lx, text, len, v);
  if (rc) return lnc_pushfail(L, rc, "quote names");
  const nc_qname *q = v->data;
  lua_createtable(L, (int)(v->len * 5), 0);
  lua_Integer k = 0;
  for (size_t i = 0; i < v->len; i++) {
    lua_pushinteger(L, (lua_Integer)q[i].start + 1);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)q[i].end);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)q[i].name_end);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, q[i].expands == NC_QNAME_FULL ? 0 : (lua_Integer)q[i].expands + 1);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)q[i].last + 1);
    lua_rawseti(L, -2, ++k);
  }
  return 1;
}

/* The range text[a..b] (1-based inclusive) of the context methods; 0 when b < a. */
static int context_range(lua_State *L, size_t len, size_t *a0, size_t *b0) {
  lua_Integer a = luaL_checkinteger(L, 3), b = luaL_checkinteger(L, 4);
  luaL_argcheck(L, a >= 1, 3, "position out of range");
  luaL_argcheck(L, b <= (lua_Integer)len, 4, "position out of range");
  if (b < a) return 0;
  *a0 = (size_t)a - 1;
  *b0 = (size_t)b;
  return 1;
}

/* QuoteLexicon:tokens(text, a, b [, with_cues]): the context tokens of text[a..b], flat (4
 * values a token). With with_cues, also the array of the numbers (1-based, ascending) of the
 * word tokens whose lexicon entry has NC_QW_CUE: the only tokens an attribution can turn on. */
static int l_tokens(lua_State *L) {
  qlex_box *box = check_qlex(L, 1);
  size_t len, a, b;
  const char *text = luaL_checklstring(L, 2, &len);
  if (!context_range(L, len, &a, &b)) {
    lua_newtable(L);
    if (!lua_toboolean(L, 5)) return 1;
    lua_newtable(L);
    return 2;
  }
  /* no intermediate vector: the tokens are read one at a time straight into one flat table of
   * 4 values a token (start, stop, text, punctuation flag; quotes.lua's layout) */
  nc_qtoken t;
  size_t i = a, count = 0;
  while (nc_quote_token_next(box->lx, text, len, i, b, &t)) { /* presize the table */
    count++;
    i = t.end;
  }
  int with_cues = lua_toboolean(L, 5);
  lua_createtable(L, count <= INT_MAX / 4 ? (int)count * 4 : 0, 0);
  if (with_cues) lua_newtable(L); /* the cue word numbers, above the tokens */
  int toks = with_cues ? -2 : -1;
  i = a;
  lua_Integer k = 0, ncue = 0;
  while (nc_quote_token_next(box->lx, text, len, i, b, &t)) {
    lua_pushinteger(L, (lua_Integer)t.start + 1);
    lua_rawseti(L, toks - 1, ++k);
    lua_pushinteger(L, (lua_Integer)t.end);
    lua_rawseti(L, toks - 1, ++k);
    lua_pushlstring(L, text + t.start, t.end - t.start);
    lua_rawseti(L, toks - 1, ++k);
    lua_pushboolean(L, t.punct);
    lua_rawseti(L, toks - 1, ++k);
    if (with_cues && !t.punct &&
        (nc_qlex_get(box->lx, text + t.start, t.end - t.start) & NC_QW_CUE)) {
      lua_pushinteger(L, k / 4);
      lua_rawseti(L, -2, ++ncue);
    }
    i = t.end;
  }
  return with_cues ? 2 : 1;
}

/* QuoteLexicon:count_words(text, a, b, limit): word tokens of text[a..b], at most limit + 1. */
static int l_count_words(lua_State *L) {
  qlex_box *box = check_qlex(L, 1);
  size_t len, a, b;
  const char *text = luaL_checklstring(L, 2, &len);
  int nonempty = context_range(L, len, &a, &b);
  lua_Integer limit = luaL_checkinteger(L, 5);
  luaL_argcheck(L, limit >= 0 && limit < 1000000, 5, "limit out of range");
  if (!nonempty) {
    lua_pushinteger(L, 0);
    return 1;
  }
  size_t count = 0;
  int rc = nc_quote_count_words(box->lx, text, len, a, b, (size_t)limit, &count);
  if (rc) return lnc_pushfail(L, rc, "quote count_words");
  lua_pushinteger(L, (lua_Integer)count);
  return 1;
}

/* QuoteLexicon:has_word(text, a, b, bits): does a word of text[a..b] have one of the bits? */
static int l_has_word(lua_State *L) {
  qlex_box *box = check_qlex(L, 1);
  size_t len, a, b;
  const char *text = luaL_checklstring(L, 2, &len);
  int nonempty = context_range(L, len, &a, &b);
  lua_Integer bits = luaL_checkinteger(L, 5);
  luaL_argcheck(L, bits >= 0 && bits <= 0x7FFFFFFF, 5, "class bits out of range");
  lua_pushboolean(L, nonempty && nc_quote_has_word(box->lx, text, len, a, b, (unsigned)bits));
  return 1;
}

/* QuoteLexicon:after_last_end(text, a, b) */
static int l_after_last_end(lua_State *L) {
  qlex_box *box = check_qlex(L, 1);
  size_t len, a, b;
  const char *text = luaL_checklstring(L, 2, &len);
  if (!context_range(L, len, &a, &b)) {
    lua_pushvalue(L, 3);
    return 1;
  }
  lua_pushinteger(L, (lua_Integer)nc_quote_after_last_end(box->lx, text, len, a, b) + 1);
  return 1;
}

/* QuoteLexicon:before_first_end(text, a, b) */
static int l_before_first_end(lua_State *L) {
  qlex_box *box = check_qlex(L, 1);
  size_t len, a, b;
  const char *text = luaL_checklstring(L, 2, &len);
  if (!context_range(L, len, &a, &b)) {
    lua_pushvalue(L, 4);
    return 1;
  }
  lua_pushinteger(L, (lua_Integer)nc_quote_before_first_end(box->lx, text, len, a, b));
  return 1;
}

/* core.quote_check_spans(list, len): the checks of quotes.find's mention and sentence lists. */
static int l_quote_check_spans(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer len = luaL_checkinteger(L, 2);
  lua_Integer k = 1, prev = LUA_MININTEGER;
  int sorted = 1;
  for (;; k++) {
    int t = lua_geti(L, 1, k);
    if (t == LUA_TNIL) break;
    const char *code = NULL;
    if (t != LUA_TTABLE) {
      code = "table";
    } else {
      lua_getfield(L, -1, "start");
      lua_getfield(L, -2, "stop");
      if (!lua_isinteger(L, -2)) {
        code = "start";
      } else if (!lua_isinteger(L, -1)) {
        code = "stop";
      } else {
        lua_Integer a = lua_tointeger(L, -2), b = lua_tointeger(L, -1);
        if (a < 1 || b > len || b < a - 1) code = "range";
        if (a < prev) sorted = 0;
        prev = a;
      }
      lua_pop(L, 2);
    }
    lua_pop(L, 1);
    if (code) {
      lua_pushinteger(L, k);
      lua_pushstring(L, code);
      return 2;
    }
  }
  lua_pushinteger(L, k);
  lua_pushstring(L, sorted ? "ok" : "unsorted");
  return 2;
}

/* core.quote_scan(text [, wrapped]): paragraphs and quotations as flat arrays. */
static int l_quote_scan(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  int wrapped = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TBOOLEAN);
    wrapped = lua_toboolean(L, 2);
  }
  nc_vec *pv = lnc_newvec(L, sizeof(nc_qpara));
  nc_vec *rv = lnc_newvec(L, sizeof(nc_qraw));
  int rc = nc_quote_scan(text, len, wrapped, pv, rv);
  if (rc) return lnc_pushfail(L, rc, "quote scan");
  const nc_qpara *p = pv->data;
  lua_createtable(L, (int)(pv->len * 2), 0);
  lua_Integer k = 0;
  for (size_t i = 0; i < pv->len; i++) {
    lua_pushinteger(L, (lua_Integer)p[i].start + 1);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)p[i].end);
    lua_rawseti(L, -2, ++k);
  }
  const nc_qraw *r = rv->data;
  lua_createtable(L, (int)(rv->len * 7), 0);
  k = 0;
  for (size_t i = 0; i < rv->len; i++) {
    lua_Integer f[7] = {(lua_Integer)r[i].open + 1,  (lua_Integer)r[i].inner_start + 1,
                        (lua_Integer)r[i].inner_end, (lua_Integer)r[i].close + 1,
                        (lua_Integer)r[i].after + 1, (lua_Integer)r[i].para + 1,
                        r[i].unclosed ? 1 : 0};
    for (int j = 0; j < 7; j++) {
      lua_pushinteger(L, f[j]);
      lua_rawseti(L, -2, ++k);
    }
  }
  return 2;
}

static const luaL_Reg qlex_methods[] = {{"names", l_names},
                                        {"tokens", l_tokens},
                                        {"count_words", l_count_words},
                                        {"has_word", l_has_word},
                                        {"after_last_end", l_after_last_end},
                                        {"before_first_end", l_before_first_end},
                                        {"close", qlex_gc},
                                        {NULL, NULL}};

/* core.quote_key(text) -> the grouping key (nc_quote_key) */
static int l_quote_key(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  luaL_Buffer b;
  char *out = luaL_buffinitsize(L, &b, n);
  luaL_pushresultsize(&b, nc_quote_key(s, n, out));
  return 1;
}

void lnc_open_quote(lua_State *L) {
  luaL_newmetatable(L, QLEX_MT);
  luaL_newlib(L, qlex_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, qlex_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, qlex_gc);
  lua_setfield(L, -2, "__close");
  lua_pop(L, 1);
  static const luaL_Reg funcs[] = {{"quote_lexicon", l_quote_lexicon},
                                   {"quote_scan", l_quote_scan},
                                   {"quote_check_spans", l_quote_check_spans},
                                   {"quote_key", l_quote_key},
                                   {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0);
}
