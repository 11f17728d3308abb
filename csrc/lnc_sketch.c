/* lnc_sketch.c: Lua binding of nc_sketch (token hashes, MinHash signatures). */
#include <string.h>

#include "lnc.h"
#include "nc_sketch.h"

/* core.token_hashes(text) -> hashes, starts, stops: three arrays with one entry per word or
 * number token (hashes of the folded key as integers; 1-based inclusive byte positions). */
static int l_token_hashes(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  nc_vec *v = lnc_newvec(L, sizeof(nc_token_hash));
  int rc = nc_token_hashes(text, len, v);
  if (rc) return lnc_pushfail(L, rc, "token_hashes");
  const nc_token_hash *t = v->data;
  lua_createtable(L, (int)v->len, 0);
  lua_createtable(L, (int)v->len, 0);
  lua_createtable(L, (int)v->len, 0);
  for (size_t i = 0; i < v->len; i++) {
    lua_pushinteger(L, (lua_Integer)t[i].hash);
    lua_rawseti(L, -4, (lua_Integer)i + 1);
    lua_pushinteger(L, (lua_Integer)t[i].start + 1);
    lua_rawseti(L, -3, (lua_Integer)i + 1);
    lua_pushinteger(L, (lua_Integer)t[i].end);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 3;
}

/* core.minhash(text [, { shingle = 5, k = 128 }]) -> signature (a string of k 8-byte slots),
 * number of shingles. */
static int l_minhash(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  lnc_checkopts(L, 2);
  lua_Integer shingle = lnc_optint(L, 2, "shingle", 5);
  lua_Integer k = lnc_optint(L, 2, "k", 128);
  luaL_argcheck(L, shingle >= 1 && shingle <= NC_SKETCH_MAX_SHINGLE, 2,
                "option 'shingle' must be between 1 and 64");
  luaL_argcheck(L, k >= 1 && k <= NC_SKETCH_MAX_K, 2, "option 'k' must be between 1 and 1024");
  nc_alloc a;
  lnc_alloc(L, &a);
  luaL_Buffer b;
  uint64_t *sig = (uint64_t *)(void *)luaL_buffinitsize(L, &b, (size_t)k * sizeof(uint64_t));
  size_t nshingles = 0;
  int rc = nc_minhash(text, len, (size_t)shingle, (size_t)k, &a, sig, &nshingles);
  if (rc) return lnc_pushfail(L, rc, "minhash");
  luaL_pushresultsize(&b, (size_t)k * sizeof(uint64_t));
  lua_pushinteger(L, (lua_Integer)nshingles);
  return 2;
}

/* core.minhash_similarity(sig_a, sig_b) -> estimated Jaccard similarity in [0, 1]. */
static int l_minhash_similarity(lua_State *L) {
  size_t la, lb;
  const char *a = luaL_checklstring(L, 1, &la);
  const char *b = luaL_checklstring(L, 2, &lb);
  luaL_argcheck(L, la % sizeof(uint64_t) == 0 && la > 0, 1, "not a MinHash signature");
  luaL_argcheck(L, lb == la, 2, "signatures of different lengths");
  size_t k = la / sizeof(uint64_t), same = 0;
  for (size_t i = 0; i < k; i++) {
    uint64_t x, y;
    memcpy(&x, a + i * sizeof x, sizeof x);
    memcpy(&y, b + i * sizeof y, sizeof y);
    same += x == y;
  }
  lua_pushnumber(L, (lua_Number)same / (lua_Number)k);
  return 1;
}

void lnc_open_sketch(lua_State *L) {
  static const luaL_Reg funcs[] = {{"token_hashes", l_token_hashes},
                                   {"minhash", l_minhash},
                                   {"minhash_similarity", l_minhash_similarity},
                                   {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0);
}
