/* lnc_core.c: the module entry point and the glue shared by every lnc_*.c file. */
#include <string.h>

#include "lnc.h"

void lnc_alloc(lua_State *L, nc_alloc *a) { a->fn = lua_getallocf(L, &a->ud); }

typedef struct buf_box {
  nc_buf buf;
  nc_alloc alloc;
} buf_box;

typedef struct vec_box {
  nc_vec vec;
  nc_alloc alloc;
} vec_box;

static int buf_box_gc(lua_State *L) {
  buf_box *box = luaL_checkudata(L, 1, "newscorpus.Buffer");
  nc_buf_free(&box->buf);
  return 0;
}

static int vec_box_gc(lua_State *L) {
  vec_box *box = luaL_checkudata(L, 1, "newscorpus.Vector");
  nc_vec_free(&box->vec);
  return 0;
}

nc_buf *lnc_newbuf(lua_State *L) {
  buf_box *box = lua_newuserdatauv(L, sizeof *box, 0);
  lnc_alloc(L, &box->alloc);
  nc_buf_init(&box->buf, &box->alloc);
  luaL_setmetatable(L, "newscorpus.Buffer");
  return &box->buf;
}

nc_vec *lnc_newvec(lua_State *L, size_t elem) {
  vec_box *box = lua_newuserdatauv(L, sizeof *box, 0);
  lnc_alloc(L, &box->alloc);
  nc_vec_init(&box->vec, elem, &box->alloc);
  luaL_setmetatable(L, "newscorpus.Vector");
  return &box->vec;
}

int lnc_pushfail(lua_State *L, int status, const char *what) {
  if (status == NC_ENOMEM) return luaL_error(L, "newscorpus: %s: out of memory", what);
  if (status == NC_EINVAL) return luaL_error(L, "newscorpus: %s: invalid argument", what);
  luaL_pushfail(L);
  lua_pushfstring(L, "newscorpus: %s: %s", what, nc_strerror(status));
  return 2;
}

void lnc_checkopts(lua_State *L, int idx) {
  if (!lua_isnoneornil(L, idx)) luaL_checktype(L, idx, LUA_TTABLE);
}

static int optfield(lua_State *L, int idx, const char *field) {
  if (lua_isnoneornil(L, idx)) return LUA_TNIL;
  luaL_checktype(L, idx, LUA_TTABLE);
  return lua_getfield(L, idx, field);
}

static void badfield(lua_State *L, int idx, const char *field, const char *want) {
  lua_pushfstring(L, "option '%s' must be %s, got %s", field, want, luaL_typename(L, -1));
  luaL_argerror(L, idx, lua_tostring(L, -1));
}

int lnc_optbool(lua_State *L, int idx, const char *field, int def) {
  int t = optfield(L, idx, field);
  int v = def;
  if (t == LUA_TBOOLEAN)
    v = lua_toboolean(L, -1);
  else if (t != LUA_TNIL)
    badfield(L, idx, field, "a boolean");
  if (!lua_isnoneornil(L, idx)) lua_pop(L, 1);
  return v;
}

lua_Integer lnc_optint(lua_State *L, int idx, const char *field, lua_Integer def) {
  int t = optfield(L, idx, field);
  lua_Integer v = def;
  if (t == LUA_TNUMBER && lua_isinteger(L, -1))
    v = lua_tointeger(L, -1);
  else if (t != LUA_TNIL)
    badfield(L, idx, field, "an integer");
  if (!lua_isnoneornil(L, idx)) lua_pop(L, 1);
  return v;
}

/* The returned string stays valid because it is anchored in the options table. */
const char *lnc_optstring(lua_State *L, int idx, const char *field, const char *def) {
  int t = optfield(L, idx, field);
  const char *v = def;
  if (t == LUA_TSTRING)
    v = lua_tostring(L, -1);
  else if (t != LUA_TNIL)
    badfield(L, idx, field, "a string");
  if (!lua_isnoneornil(L, idx)) lua_pop(L, 1);
  return v;
}

static void new_box_metatable(lua_State *L, const char *name, lua_CFunction gc) {
  luaL_newmetatable(L, name);
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__close");
  lua_pop(L, 1);
}

LUAMOD_API int luaopen_newscorpus_core(lua_State *L);

LUAMOD_API int luaopen_newscorpus_core(lua_State *L) {
  new_box_metatable(L, "newscorpus.Buffer", buf_box_gc);
  new_box_metatable(L, "newscorpus.Vector", vec_box_gc);
  lua_newtable(L);
  lua_pushliteral(L, "0.1.0");
  lua_setfield(L, -2, "version");
  lnc_open_text(L);
  lnc_open_token(L);
  lnc_open_match(L);
  lnc_open_db(L);
  lnc_open_sketch(L);
  lnc_open_gazetteer(L);
  lnc_open_quote(L);
  lnc_open_proc(L);
  return 1;
}
