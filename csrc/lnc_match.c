/*
 * lnc_match.c: Lua binding of the gazetteer matcher (nc_match.h).
 *
 *   core.matcher() -> Matcher (userdata "newscorpus.Matcher")
 *   Matcher:add(name, value [, opts]) -> true | nil, "newscorpus: ..."
 *       value: integer 1 .. 2^32-1 (the caller's entity index);
 *       opts.exact = true: case-sensitive entry; opts.fold = true: no all-caps short-name rule.
 *   Matcher:matches(text [, opts]) -> iterator yielding start, stop, value
 *       (1-based inclusive byte positions like string.find; one triple per value when several
 *       entries share a name); opts.overlap (default false: leftmost-longest),
 *       opts.possessive (default true), opts.init (1-based position to start at, default 1).
 *   Matcher:stats() -> { names, nodes, edges, bytes, max_len }
 *   Matcher:save() -> string (compiled image); core.matcher_load(string) -> Matcher | nil, msg
 *   Matcher:close() (also __gc / __close; idempotent)
 */
#include <string.h>

#include "lnc.h"
#include "nc_match.h"

#define MATCHER_MT "newscorpus.Matcher"
#define ITER_MT "newscorpus.MatchIterator"

typedef struct matcher_box {
  nc_matcher *m;
  nc_alloc alloc;
} matcher_box;

typedef struct iter_box {
  nc_vec vec; /* nc_match records of the current chunk */
  nc_alloc alloc;
  size_t idx; /* next record of vec to yield */
  size_t pos; /* 0-based byte offset where the next chunk starts */
  unsigned flags;
  int done;
} iter_box;

enum { CHUNK_SPANS = 1024 };

static matcher_box *check_matcher(lua_State *L, int idx) {
  matcher_box *box = luaL_checkudata(L, idx, MATCHER_MT);
  if (!box->m) luaL_error(L, "newscorpus: attempt to use a closed matcher");
  return box;
}

static int matcher_gc(lua_State *L) {
  matcher_box *box = luaL_checkudata(L, 1, MATCHER_MT);
  nc_matcher_free(box->m);
  box->m = NULL;
  return 0;
}

static int iter_gc(lua_State *L) {
  iter_box *it = luaL_checkudata(L, 1, ITER_MT);
  nc_vec_free(&it->vec);
  it->done = 1;
  return 0;
}

/* core.matcher(): a new empty matcher. */
static int l_matcher(lua_State *L) {
  matcher_box *box = lua_newuserdatauv(L, sizeof *box, 0);
  box->m = NULL; /* safe empty state before allocating */
  lnc_alloc(L, &box->alloc);
  luaL_setmetatable(L, MATCHER_MT);
  int rc = nc_matcher_new(&box->alloc, &box->m);
  if (rc) return lnc_pushfail(L, rc, "matcher");
  return 1;
}

/* Matcher:add(name, value [, opts]): adds a name; true, or nil and a message for bad names. */
static int l_add(lua_State *L) {
  matcher_box *box = check_matcher(L, 1);
  size_t n;
  const char *s = luaL_checklstring(L, 2, &n);
  lua_Integer v = luaL_checkinteger(L, 3);
  luaL_argcheck(L, v >= 1 && v <= (lua_Integer)UINT32_MAX, 3, "value out of range");
  lnc_checkopts(L, 4);
  unsigned flags = 0;
  if (lnc_optbool(L, 4, "exact", 0)) flags |= NC_MATCH_EXACT;
  if (lnc_optbool(L, 4, "fold", 0)) flags |= NC_MATCH_FOLD;
  int rc = nc_matcher_add(box->m, s, n, (uint32_t)v, flags);
  if (rc == NC_OK) {
    lua_pushboolean(L, 1);
    return 1;
  }
  if (rc == NC_ENOMEM) return luaL_error(L, "newscorpus: matcher: out of memory");
  luaL_pushfail(L);
  switch (rc) {
    case NC_EPARSE:
      lua_pushliteral(L, "newscorpus: name has no letter or digit");
      break;
    case NC_ELIMIT:
      lua_pushfstring(L,
                      "newscorpus: name too long (limits: %d bytes, %d tokens, %d bytes a token)",
                      (int)NC_MATCH_MAX_NAME, (int)NC_MATCH_MAX_UNITS, (int)NC_MATCH_MAX_KEY);
      break;
    case NC_EUTF8:
      lua_pushliteral(L, "newscorpus: name has invalid UTF-8 or a NUL byte");
      break;
    default:
      lua_pushfstring(L, "newscorpus: matcher: %s", nc_strerror(rc));
  }
  return 2;
}

static int iter_next(lua_State *L) {
  matcher_box *box = lua_touserdata(L, lua_upvalueindex(1));
  size_t len;
  const char *text = lua_tolstring(L, lua_upvalueindex(2), &len);
  iter_box *it = lua_touserdata(L, lua_upvalueindex(3));
  if (!box->m) return luaL_error(L, "newscorpus: attempt to use a closed matcher");
  while (it->idx >= it->vec.len) {
    if (it->done) return 0;
    it->vec.len = 0;
    it->idx = 0;
    size_t next = len;
    int rc = nc_matcher_scan(box->m, text, len, it->pos, it->flags, &it->vec, CHUNK_SPANS, &next);
    if (rc) return luaL_error(L, "newscorpus: matches: %s", nc_strerror(rc));
    if (next >= len || next <= it->pos) it->done = 1;
    it->pos = next;
  }
  const nc_match *mt = (const nc_match *)it->vec.data + it->idx++;
  lua_pushinteger(L, (lua_Integer)mt->start + 1);
  lua_pushinteger(L, (lua_Integer)mt->end);
  lua_pushinteger(L, (lua_Integer)mt->value);
  return 3;
}

/* Matcher:matches(text [, opts]) -> iterator of start, stop, value. */
static int l_matches(lua_State *L) {
  check_matcher(L, 1);
  size_t len;
  luaL_checklstring(L, 2, &len);
  lnc_checkopts(L, 3);
  unsigned flags = 0;
  if (lnc_optbool(L, 3, "overlap", 0)) flags |= NC_MATCH_OVERLAP;
  if (!lnc_optbool(L, 3, "possessive", 1)) flags |= NC_MATCH_NO_POSSESSIVE;
  lua_Integer init = lnc_optint(L, 3, "init", 1);
  luaL_argcheck(L, init >= 1, 3, "option 'init' must be >= 1");
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  iter_box *it = lua_newuserdatauv(L, sizeof *it, 0);
  memset(it, 0, sizeof *it);
  lnc_alloc(L, &it->alloc);
  nc_vec_init(&it->vec, sizeof(nc_match), &it->alloc);
  luaL_setmetatable(L, ITER_MT);
  it->flags = flags;
  it->pos = (size_t)(init - 1);
  it->done = it->pos >= len;
  lua_pushcclosure(L, iter_next, 3);
  return 1;
}

/* Matcher:stats() -> table of counts. */
static int l_stats(lua_State *L) {
  matcher_box *box = check_matcher(L, 1);
  nc_matcher_stats st;
  nc_matcher_stats_get(box->m, &st);
  lua_createtable(L, 0, 5);
  lua_pushinteger(L, (lua_Integer)st.names);
  lua_setfield(L, -2, "names");
  lua_pushinteger(L, (lua_Integer)st.nodes);
  lua_setfield(L, -2, "nodes");
  lua_pushinteger(L, (lua_Integer)st.edges);
  lua_setfield(L, -2, "edges");
  lua_pushinteger(L, (lua_Integer)st.bytes);
  lua_setfield(L, -2, "bytes");
  lua_pushinteger(L, (lua_Integer)st.max_len);
  lua_setfield(L, -2, "max_len");
  return 1;
}

/* Matcher:save() -> string: a compiled image for core.matcher_load (same library build). */
static int l_save(lua_State *L) {
  matcher_box *box = check_matcher(L, 1);
  nc_buf *b = lnc_newbuf(L);
  int rc = nc_matcher_save(box->m, b);
  if (rc) return luaL_error(L, "newscorpus: matcher save: %s", nc_strerror(rc));
  lua_pushlstring(L, b->data ? b->data : "", b->len);
  return 1;
}

/* core.matcher_load(image) -> Matcher, or nil and "newscorpus: ..." for a bad image. */
static int l_matcher_load(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  matcher_box *box = lua_newuserdatauv(L, sizeof *box, 0);
  box->m = NULL;
  lnc_alloc(L, &box->alloc);
  luaL_setmetatable(L, MATCHER_MT);
  int rc = nc_matcher_load(&box->alloc, s, len, &box->m);
  if (rc == NC_EPARSE) {
    luaL_pushfail(L);
    lua_pushliteral(L, "newscorpus: not a compiled matcher of this library build (or damaged)");
    return 2;
  }
  if (rc) return lnc_pushfail(L, rc, "matcher load");
  return 1;
}

static const luaL_Reg matcher_methods[] = {{"add", l_add},        {"matches", l_matches},
                                           {"stats", l_stats},    {"save", l_save},
                                           {"close", matcher_gc}, {NULL, NULL}};

void lnc_open_match(lua_State *L) {
  luaL_newmetatable(L, MATCHER_MT);
  luaL_newlib(L, matcher_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, matcher_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, matcher_gc);
  lua_setfield(L, -2, "__close");
  lua_pop(L, 1);
  luaL_newmetatable(L, ITER_MT);
  lua_pushcfunction(L, iter_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, iter_gc);
  lua_setfield(L, -2, "__close");
  lua_pop(L, 1);
  static const luaL_Reg funcs[] = {
      {"matcher", l_matcher}, {"matcher_load", l_matcher_load}, {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0);
}
