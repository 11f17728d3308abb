/*
 * lnc.h: shared glue of the Lua binding (the only files that include Lua headers are lnc_*.c).
 *
 * Binding rules:
 *   - lnc_core.c holds luaopen_newscorpus_core, the only exported symbol; it calls each
 *     lnc_open_*() below with the module table on top of the stack.
 *   - Programmer mistakes (wrong argument types, unknown options): luaL_argerror / luaL_error.
 *     Bad data or I/O: return nil, "newscorpus: ..." (lnc_pushfail).
 *   - Positions given to Lua are 1-based inclusive byte positions (like string.find);
 *     engine offsets are 0-based [start, end): Lua start = start + 1, Lua stop = end.
 *   - Temporary engine memory is owned by something Lua frees on error: use lnc_newbuf /
 *     lnc_newvec (a userdata box with __gc/__close) rather than malloc + free around luaL_error.
 *   - Userdata metatables are named "newscorpus.<Type>"; __gc, __close and :close() share one
 *     idempotent function.
 */
#ifndef LNC_H
#define LNC_H

#include <lauxlib.h>
#include <lua.h>

#include "nc_common.h"

/* Fill *a with the Lua state's allocator (so engine memory is accounted to the state). */
void lnc_alloc(lua_State *L, nc_alloc *a);

/* Push a userdata box owning an nc_buf (initialised with the state's allocator); freed by
 * __gc/__close. The box stays on the stack; the returned pointer is valid while it does. */
nc_buf *lnc_newbuf(lua_State *L);
/* Same for an nc_vec of elements of `elem` bytes. */
nc_vec *lnc_newvec(lua_State *L, size_t elem);

/* Raise for NC_ENOMEM / NC_EINVAL (programmer or memory errors); otherwise push nil and
 * "newscorpus: <what>: <strerror>" and return 2. */
int lnc_pushfail(lua_State *L, int status, const char *what);

/* Read an optional boolean / integer / string field of the options table at index idx
 * (idx may be none or nil). Wrong types raise an argument error naming the field. */
int lnc_optbool(lua_State *L, int idx, const char *field, int def);
lua_Integer lnc_optint(lua_State *L, int idx, const char *field, lua_Integer def);
const char *lnc_optstring(lua_State *L, int idx, const char *field, const char *def);
/* Checks that idx is a table, none or nil (the options argument). */
void lnc_checkopts(lua_State *L, int idx);

/* In a forked child: marks every SQLite connection and statement of the parent closed without
 * touching them (SQLite objects must not be used across fork; their __gc then does nothing). */
void lnc_db_abandon_all(lua_State *L);

/* Registration functions, one per engine area (each in its own lnc_*.c). */
void lnc_open_text(lua_State *L);      /* lnc_text.c: repair, normalise, clean, extract */
void lnc_open_token(lua_State *L);     /* lnc_token.c: tokens, sentences, keys */
void lnc_open_match(lua_State *L);     /* lnc_match.c: gazetteer matcher */
void lnc_open_db(lua_State *L);        /* lnc_db.c: SQLite connection, statements, FTS5 */
void lnc_open_sketch(lua_State *L);    /* lnc_sketch.c: token hashes, MinHash */
void lnc_open_gazetteer(lua_State *L); /* lnc_gazetteer.c: gazetteer file parser */
void lnc_open_quote(lua_State *L);     /* lnc_quote.c: quote attribution lexicon, names */
void lnc_open_proc(lua_State *L);      /* lnc_proc.c: worker processes, pack/unpack */

#endif
