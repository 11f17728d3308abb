/*
 * lnc_quote.c: Lua binding of nc_quote (the scanning parts of quote attribution).
 *
 *   core.quote_lexicon(words) -> QuoteLexicon (userdata "newscorpus.QuoteLexicon")
 *       words: table mapping a word (string, 1..64 bytes; matched ASCII-case-insensitively)
 *       to its class bits (integer 0 .. 2^31-1; see nc_quote.h NC_QW_*).
 *   QuoteLexicon:names(text) -> flat array { start, stop, name_stop, words, ... }: four
 *       integers per personal name in text order (1-based inclusive byte positions; name_stop
 *       <= stop leaves out a final possessive 's).
 *   QuoteLexicon:close() (also __gc / __close; idempotent)
 */
#include "lnc.h"
#include "nc_quote.h"

#define QLEX_MT "newscorpus.QuoteLexicon"

typedef struct qlex_box {
  nc_qlex *lx;
  nc_alloc alloc;
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
  return 0;
}

/* core.quote_lexicon(words): a lexicon from a table word -> bits. */
static int l_quote_lexicon(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  qlex_box *box = lua_newuserdatauv(L, sizeof *box, 0);
  box->lx = NULL;
  lnc_alloc(L, &box->alloc);
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
  nc_vec *v = lnc_newvec(L, sizeof(nc_qname));
  int rc = nc_quote_names(box->lx, text, len, v);
  if (rc) return lnc_pushfail(L, rc, "quote names");
  const nc_qname *q = v->data;
  lua_createtable(L, (int)(v->len * 4), 0);
  lua_Integer k = 0;
  for (size_t i = 0; i < v->len; i++) {
    lua_pushinteger(L, (lua_Integer)q[i].start + 1);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)q[i].end);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)q[i].name_end);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)q[i].words);
    lua_rawseti(L, -2, ++k);
  }
  return 1;
}

static const luaL_Reg qlex_methods[] = {{"names", l_names}, {"close", qlex_gc}, {NULL, NULL}};

void lnc_open_quote(lua_State *L) {
  luaL_newmetatable(L, QLEX_MT);
  luaL_newlib(L, qlex_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, qlex_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, qlex_gc);
  lua_setfield(L, -2, "__close");
  lua_pop(L, 1);
  static const luaL_Reg funcs[] = {{"quote_lexicon", l_quote_lexicon}, {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0);
}
