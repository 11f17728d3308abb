/*
 * lnc_gazetteer.c: Lua binding of the gazetteer file parser (nc_gazetteer.h).
 *
 *   core.gazetteer_parse(text [, opts]) -> rows
 *     opts.format = "tsv" (default) | "csv"; opts.strict = true: the first bad row is fatal;
 *     opts.columns = { "name", "type", "aliases", "id", "case" ... } (default: a header line
 *     or those five).
 *     rows = { n = number of rows, lines = lines read, skipped = bad rows skipped,
 *              fail = index of the fatal row or nil,
 *              line = {...}, name = {...}, type = {...}, id = {...}, aliases = {...},
 *              case = {...}, bad = {...}, skip = {...}, msg = {...} }
 *     Row i is a good row when name[i] is set: name ("!" + name for exact names), type, id
 *     (strings or nil), aliases (list of checked names or nil), case ("auto" | "exact" | "fold"
 *     or nil), bad (aliases dropped as bad names, nil for none). Otherwise it stands for skip[i]
 *     bad rows (message msg[i] for the first few) or is the fatal row (i == fail, message
 *     msg[i]). line[i] is the 1-based line number.
 */
#include <string.h>

#include "lnc.h"
#include "nc_gazetteer.h"

#define RESULT_MT "newscorpus.GazetteerRows"

typedef struct result_box {
  nc_gz_result r;
  nc_alloc alloc;
} result_box;

static int result_gc(lua_State *L) {
  result_box *box = luaL_checkudata(L, 1, RESULT_MT);
  nc_gz_result_free(&box->r);
  return 0;
}

static void push_str(lua_State *L, const nc_gz_result *r, nc_gz_str s) {
  lua_pushlstring(L, r->pool.data + s.off, s.len);
}

static int l_gazetteer_parse(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  lnc_checkopts(L, 2);
  static const char *const formats[] = {"tsv", "csv", NULL};
  const char *fmt = lnc_optstring(L, 2, "format", "tsv");
  int csv = 0;
  for (; formats[csv] && strcmp(formats[csv], fmt); csv++) {
  }
  if (!formats[csv]) return luaL_argerror(L, 2, "option 'format' must be \"tsv\" or \"csv\"");
  nc_gz_opts opts = {csv, lnc_optbool(L, 2, "strict", 0), NULL, 0};
  unsigned char *cols = NULL;
  if (!lua_isnoneornil(L, 2) && lua_getfield(L, 2, "columns") != LUA_TNIL) {
    if (!lua_istable(L, -1)) return luaL_argerror(L, 2, "option 'columns' must be a table");
    lua_Integer n = luaL_len(L, -1);
    if (n > NC_GZ_MAX_COLUMNS) return luaL_argerror(L, 2, "too many columns");
    nc_buf *cb = lnc_newbuf(L); /* owns the kinds */
    if (nc_buf_reserve(cb, n > 0 ? (size_t)n : 1))
      return luaL_error(L, "newscorpus: out of memory");
    cols = (unsigned char *)cb->data;
    static const char *const names[] = {"name", "type", "aliases", "id", "case", NULL};
    for (lua_Integer i = 1; i <= n; i++) {
      lua_geti(L, -2, i);
      const char *c = lua_tostring(L, -1);
      int k = 0;
      if (c && lua_type(L, -1) == LUA_TSTRING)
        for (; names[k] && strcmp(names[k], c); k++) {
        }
      if (!c || lua_type(L, -1) != LUA_TSTRING || !names[k])
        return luaL_argerror(L, 2,
                             lua_pushfstring(L, "unknown column '%s' in option 'columns'",
                                             c ? c : "(not a string)"));
      cols[i - 1] = (unsigned char)(NC_GZ_COL_NAME + k);
      lua_pop(L, 1);
    }
    opts.columns = cols;
    opts.ncolumns = (size_t)n;
  }
  result_box *box = lua_newuserdatauv(L, sizeof *box, 0);
  lnc_alloc(L, &box->alloc);
  nc_gz_result_init(&box->r, &box->alloc);
  luaL_setmetatable(L, RESULT_MT);
  int rc = nc_gz_parse(text, len, &opts, &box->r);
  if (rc) return lnc_pushfail(L, rc, "gazetteer parse");
  const nc_gz_result *r = &box->r;
  size_t n = r->rows.len;
  const nc_gz_row *rows = r->rows.data;
  const nc_gz_str *aliases = r->aliases.data;
  int narr = n > INT32_MAX ? INT32_MAX : (int)n;
  lua_createtable(L, 0, 14);
  int out = lua_gettop(L);
  static const char *const cases[] = {NULL, "auto", "exact", "fold"};
  const char *const arrays[] = {"line", "name", "type", "id", "aliases", "case"};
  for (int a = 0; a < 6; a++) {
    lua_createtable(L, a < 2 ? narr : 0, 0);
    lua_setfield(L, out, arrays[a]);
  }
  lua_newtable(L); /* bad */
  lua_newtable(L); /* skip */
  lua_newtable(L); /* msg */
  lua_getfield(L, out, "line");
  lua_getfield(L, out, "name");
  lua_getfield(L, out, "type");
  lua_getfield(L, out, "id");
  lua_getfield(L, out, "aliases");
  lua_getfield(L, out, "case");
  int t_bad = out + 1, t_skip = out + 2, t_msg = out + 3, t_line = out + 4, t_name = out + 5,
      t_type = out + 6, t_id = out + 7, t_al = out + 8, t_case = out + 9;
  for (size_t i = 0; i < n; i++) {
    const nc_gz_row *row = &rows[i];
    lua_Integer li = (lua_Integer)i + 1;
    lua_pushinteger(L, (lua_Integer)row->line);
    lua_rawseti(L, t_line, li);
    if (row->kind != NC_GZ_ROW) {
      if (row->name.len) {
        push_str(L, r, row->name);
        lua_rawseti(L, t_msg, li);
      }
      if (row->kind == NC_GZ_FAIL) {
        lua_pushinteger(L, li);
        lua_setfield(L, out, "fail");
      } else {
        lua_pushinteger(L, (lua_Integer)row->count);
        lua_rawseti(L, t_skip, li);
      }
      continue;
    }
    push_str(L, r, row->name);
    lua_rawseti(L, t_name, li);
    if (row->type.len) {
      push_str(L, r, row->type);
      lua_rawseti(L, t_type, li);
    }
    if (row->id.len) {
      push_str(L, r, row->id);
      lua_rawseti(L, t_id, li);
    }
    if (row->naliases) {
      lua_createtable(L, row->naliases > INT32_MAX ? INT32_MAX : (int)row->naliases, 0);
      for (size_t k = 0; k < row->naliases; k++) {
        push_str(L, r, aliases[row->alias0 + k]);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
      }
      lua_rawseti(L, t_al, li);
    }
    if (row->kase) {
      lua_pushstring(L, cases[row->kase]);
      lua_rawseti(L, t_case, li);
    }
    if (row->bad_aliases) {
      lua_pushinteger(L, (lua_Integer)row->bad_aliases);
      lua_rawseti(L, t_bad, li);
    }
  }
  lua_pop(L, 6);
  lua_setfield(L, out, "msg");
  lua_setfield(L, out, "skip");
  lua_setfield(L, out, "bad");
  lua_pushinteger(L, (lua_Integer)n);
  lua_setfield(L, out, "n");
  lua_pushinteger(L, (lua_Integer)r->skipped);
  lua_setfield(L, out, "skipped");
  lua_pushinteger(L, (lua_Integer)r->lines);
  lua_setfield(L, out, "lines");
  nc_gz_result_free(&box->r); /* the strings are in Lua now */
  return 1;
}

void lnc_open_gazetteer(lua_State *L) {
  luaL_newmetatable(L, RESULT_MT);
  lua_pushcfunction(L, result_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, result_gc);
  lua_setfield(L, -2, "__close");
  lua_pop(L, 1);
  lua_pushcfunction(L, l_gazetteer_parse);
  lua_setfield(L, -2, "gazetteer_parse");
}
