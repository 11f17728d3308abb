/*
 * lnc_db.c: Lua binding for the SQLite store: connections ("newscorpus.DB"), prepared
 * statements ("newscorpus.Stmt"), the FTS5 tokenizer registration, content hashes.
 *
 * Error policy: SQLite errors caused by data or the environment (constraint violations, a
 * corrupt or locked database, I/O) return nil, "newscorpus: <what>: <SQLite message>";
 * misuse (wrong argument types, unknown options, a closed handle, SQLITE_MISUSE) raises.
 * Iterators cannot return nil, err, so db:rows / stmt:rows raise on SQLite errors.
 */
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lnc.h"
#include "nc_fts5.h"
#include "nc_hash.h"

#define DB_MT "newscorpus.DB"
#define STMT_MT "newscorpus.Stmt"

typedef struct db_box {
  sqlite3 *db;    /* NULL once closed */
  nc_alloc alloc; /* allocator of the FTS5 tokenizer (the Lua state's) */
} db_box;

typedef struct stmt_box {
  sqlite3_stmt *st; /* NULL once finalised */
  db_box *owner;    /* kept alive by the statement's user value (the DB userdata) */
} stmt_box;

/* ---- helpers ------------------------------------------------------------------------- */

static db_box *check_db(lua_State *L, int idx) {
  db_box *box = luaL_checkudata(L, idx, DB_MT);
  if (!box->db) luaL_error(L, "newscorpus: database is closed");
  return box;
}

static stmt_box *check_stmt(lua_State *L, int idx) {
  stmt_box *s = luaL_checkudata(L, idx, STMT_MT);
  if (!s->st) luaL_error(L, "newscorpus: statement is closed");
  return s;
}

/* nil, "newscorpus: <what>: <SQLite message>"; raises for SQLITE_MISUSE. */
static int db_fail(lua_State *L, sqlite3 *db, int rc, const char *what) {
  const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if ((rc & 0xFF) == SQLITE_MISUSE) return luaL_error(L, "newscorpus: %s: %s", what, msg);
  luaL_pushfail(L);
  lua_pushfstring(L, "newscorpus: %s: %s", what, msg);
  return 2;
}

/* Checks the SQL argument: a string without NUL bytes. */
static const char *check_sql(lua_State *L, int idx, size_t *len) {
  luaL_checktype(L, idx, LUA_TSTRING);
  const char *sql = luaL_checklstring(L, idx, len);
  if (strlen(sql) != *len) luaL_argerror(L, idx, "SQL text contains a NUL byte");
  return sql;
}

/* Raises unless every key of the options table at idx is one of names (NULL-terminated). */
static void check_known_options(lua_State *L, int idx, const char *const *names) {
  if (lua_isnoneornil(L, idx)) return;
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    int known = 0;
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *k = lua_tostring(L, -1);
      for (const char *const *n = names; *n; n++)
        if (strcmp(k, *n) == 0) known = 1;
    }
    if (!known) {
      lua_pushfstring(L, "unknown option '%s'", luaL_tolstring(L, -1, NULL));
      luaL_argerror(L, idx, lua_tostring(L, -1));
    }
  }
}

static int is_memory_path(const char *path) {
  return path[0] == '\0' || strcmp(path, ":memory:") == 0 ||
         strncmp(path, "file::memory:", 13) == 0;
}

/* Pushes column i of the current row. */
static void push_column(lua_State *L, sqlite3_stmt *st, int i) {
  switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
      lua_pushinteger(L, (lua_Integer)sqlite3_column_int64(st, i));
      break;
    case SQLITE_FLOAT:
      lua_pushnumber(L, (lua_Number)sqlite3_column_double(st, i));
      break;
    case SQLITE_TEXT: {
      const unsigned char *t = sqlite3_column_text(st, i);
      lua_pushlstring(L, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
      break;
    }
    case SQLITE_BLOB: {
      const void *b = sqlite3_column_blob(st, i);
      lua_pushlstring(L, b ? b : "", (size_t)sqlite3_column_bytes(st, i));
      break;
    }
    default:
      lua_pushnil(L);
  }
}

/* Pushes the current row as a table keyed by column name (NULL columns are absent). */
static void push_row_table(lua_State *L, sqlite3_stmt *st) {
  int n = sqlite3_column_count(st);
  lua_createtable(L, 0, n);
  for (int i = 0; i < n; i++) {
    if (sqlite3_column_type(st, i) == SQLITE_NULL) continue;
    push_column(L, st, i);
    lua_setfield(L, -2, sqlite3_column_name(st, i));
  }
}

static int push_row_values(lua_State *L, sqlite3_stmt *st) {
  int n = sqlite3_column_count(st);
  luaL_checkstack(L, n, "too many columns");
  for (int i = 0; i < n; i++) push_column(L, st, i);
  return n;
}

/* Binds the Lua value at idx to parameter i; raises for unsupported types. */
static int bind_value(lua_State *L, sqlite3_stmt *st, int i, int idx, int argn) {
  switch (lua_type(L, idx)) {
    case LUA_TNIL:
    case LUA_TNONE:
      return sqlite3_bind_null(st, i);
    case LUA_TBOOLEAN:
      return sqlite3_bind_int(st, i, lua_toboolean(L, idx));
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) return sqlite3_bind_int64(st, i, lua_tointeger(L, idx));
      return sqlite3_bind_double(st, i, lua_tonumber(L, idx));
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, idx, &len);
      return sqlite3_bind_text64(st, i, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    default: {
      const char *msg =
          lua_pushfstring(L, "cannot bind a %s to parameter %d", luaL_typename(L, idx), i);
      return luaL_argerror(L, argn, msg);
    }
  }
}

/* Binds arguments first..top: one table (named :x/@x/$x keys, positional ? from the array
 * part) or positional values. Returns an SQLite code (SQLITE_OK on success). */
static int bind_args(lua_State *L, sqlite3_stmt *st, int first) {
  int top = lua_gettop(L);
  int nparams = sqlite3_bind_parameter_count(st);
  int rc;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (top == first && lua_type(L, first) == LUA_TTABLE) {
    for (int i = 1; i <= nparams; i++) {
      const char *name = sqlite3_bind_parameter_name(st, i);
      if (name && name[0] != '?')
        lua_getfield(L, first, name + 1);
      else
        lua_geti(L, first, i);
      rc = bind_value(L, st, i, -1, first);
      lua_pop(L, 1);
      if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
  }
  while (top >= first && top - first + 1 > nparams && lua_isnil(L, top)) top--; /* extra nils */
  if (top - first + 1 > nparams) {
    lua_pushfstring(L, "%d values given for %d parameters", top - first + 1, nparams);
    return luaL_argerror(L, first + nparams, lua_tostring(L, -1));
  }
  for (int i = first; i <= top; i++) {
    rc = bind_value(L, st, i - first + 1, i, i);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

/* Runs sqlite3_exec on sql; SQLITE_OK or an error code (message via sqlite3_errmsg). */
static int exec_sql(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* ---- statements ------------------------------------------------------------------------ */

/* stmt:close(): finalises the statement (also __gc and __close). Idempotent. */
static int stmt_close(lua_State *L) {
  stmt_box *s = luaL_checkudata(L, 1, STMT_MT);
  if (s->st) {
    sqlite3_finalize(s->st);
    s->st = NULL;
  }
  return 0;
}

/* stmt:bind(v1, v2, ...) or stmt:bind{ name = v, ... }: resets the statement, clears the
 * previous bindings and binds positional values (trailing nils beyond the parameters are
 * ignored) or named parameters (:name, @name, $name; missing names bind NULL; anonymous ?
 * parameters take the table's array part).
 * Values: nil, boolean (0/1), integer, number, string. Returns the statement, or nil, err. */
static int stmt_bind(lua_State *L) {
  stmt_box *s = check_stmt(L, 1);
  int rc = bind_args(L, s->st, 2);
  if (rc != SQLITE_OK) return db_fail(L, s->owner->db, rc, "bind");
  lua_settop(L, 1);
  return 1;
}

/* stmt:step() -> true when a row is available, false when done; nil, err on an SQLite error
 * (the statement is then reset). */
static int stmt_step(lua_State *L) {
  stmt_box *s = check_stmt(L, 1);
  int rc = sqlite3_step(s->st);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
    lua_pushboolean(L, rc == SQLITE_ROW);
    return 1;
  }
  int n = db_fail(L, s->owner->db, rc, "step");
  sqlite3_reset(s->st);
  return n;
}

static void check_row(lua_State *L, stmt_box *s) {
  if (sqlite3_data_count(s->st) == 0) luaL_error(L, "newscorpus: no current row (call step)");
}

/* stmt:row() -> the current row as a table keyed by column name (NULL columns absent). */
static int stmt_row(lua_State *L) {
  stmt_box *s = check_stmt(L, 1);
  check_row(L, s);
  push_row_table(L, s->st);
  return 1;
}

/* stmt:values() -> the columns of the current row as multiple values (NULL -> nil). */
static int stmt_values(lua_State *L) {
  stmt_box *s = check_stmt(L, 1);
  check_row(L, s);
  return push_row_values(L, s->st);
}

/* Steps for an iterator: pushes the row (table or values) or nothing when done (the
 * statement is then reset so it can run again). Raises on SQLite errors. */
static int iter_step(lua_State *L, int values) {
  stmt_box *s = check_stmt(L, 1);
  int rc = sqlite3_step(s->st);
  if (rc == SQLITE_ROW) {
    if (values) return push_row_values(L, s->st);
    push_row_table(L, s->st);
    return 1;
  }
  if (rc == SQLITE_DONE) {
    sqlite3_reset(s->st);
    lua_pushnil(L);
    return 1;
  }
  lua_pushfstring(L, "newscorpus: step: %s", sqlite3_errmsg(s->owner->db));
  sqlite3_reset(s->st);
  return lua_error(L);
}

static int iter_tables(lua_State *L) { return iter_step(L, 0); }
static int iter_values(lua_State *L) { return iter_step(L, 1); }

/* stmt:rows([mode]) -> iterator for a generic for: each row as a table keyed by column name,
 * or, when mode == "values", the columns as values (the loop then ends early if the first
 * column is NULL). The statement is reset when the rows run out. Raises on SQLite errors. */
static int stmt_rows(lua_State *L) {
  static const char *const modes[] = {"tables", "values", NULL};
  check_stmt(L, 1);
  int mode = luaL_checkoption(L, 2, "tables", modes);
  lua_pushcfunction(L, mode ? iter_values : iter_tables);
  lua_pushvalue(L, 1);
  return 2;
}

/* stmt:reset(): resets the statement to run again (bindings are kept). Returns it. */
static int stmt_reset(lua_State *L) {
  stmt_box *s = check_stmt(L, 1);
  sqlite3_reset(s->st);
  lua_settop(L, 1);
  return 1;
}

/* stmt:run(...) binds the arguments (as stmt:bind), runs the statement to completion and
 * resets it. Returns the number of rows changed, or nil, err. */
static int stmt_run(lua_State *L) {
  stmt_box *s = check_stmt(L, 1);
  int rc = bind_args(L, s->st, 2);
  if (rc == SQLITE_OK) {
    while ((rc = sqlite3_step(s->st)) == SQLITE_ROW) {
    }
  }
  if (rc != SQLITE_DONE && rc != SQLITE_OK) {
    int n = db_fail(L, s->owner->db, rc, "run");
    sqlite3_reset(s->st);
    return n;
  }
  sqlite3_reset(s->st);
  lua_pushinteger(L, (lua_Integer)sqlite3_changes64(s->owner->db));
  return 1;
}

/* stmt:first(...) binds the arguments, steps once and resets: returns the columns of the
 * first row as values, nothing when there is no row, or nil, err. */
static int stmt_first(lua_State *L) {
  stmt_box *s = check_stmt(L, 1);
  int rc = bind_args(L, s->st, 2);
  if (rc == SQLITE_OK) rc = sqlite3_step(s->st);
  if (rc == SQLITE_ROW) {
    int n = push_row_values(L, s->st);
    sqlite3_reset(s->st);
    return n;
  }
  if (rc == SQLITE_DONE) {
    sqlite3_reset(s->st);
    return 0;
  }
  int n = db_fail(L, s->owner->db, rc, "first");
  sqlite3_reset(s->st);
  return n;
}

/* stmt:run_each(list, fields, ...) runs the statement once per element of the array list
 * (tables): the values ... are bound to the first parameters, then for each element the
 * fields named in the array fields (a name, or "#" for the element's 1-based index in list)
 * to the following parameters. One call instead of one per row: for bulk inserts. Returns
 * the number of rows run, or nil, err, index of the failing element (the statement is reset;
 * elements before it have run). */
static int stmt_run_each(lua_State *L) {
  stmt_box *s = check_stmt(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checktype(L, 3, LUA_TTABLE);
  int nconst = lua_gettop(L) - 3;
  lua_Integer nfields = luaL_len(L, 3);
  int nparams = sqlite3_bind_parameter_count(s->st);
  if (nfields < 0 || nconst + nfields != nparams) {
    lua_pushfstring(L, "%d values and %d fields given for %d parameters", nconst, (int)nfields,
                    nparams);
    return luaL_argerror(L, 3, lua_tostring(L, -1));
  }
  for (lua_Integer j = 1; j <= nfields; j++) {
    if (lua_geti(L, 3, j) != LUA_TSTRING) {
      lua_pushfstring(L, "field %d is not a string", (int)j);
      return luaL_argerror(L, 3, lua_tostring(L, -1));
    }
    lua_pop(L, 1);
  }
  sqlite3_reset(s->st);
  sqlite3_clear_bindings(s->st);
  int rc = SQLITE_OK;
  for (int i = 0; i < nconst && rc == SQLITE_OK; i++)
    rc = bind_value(L, s->st, i + 1, 4 + i, 4 + i);
  lua_Integer n = luaL_len(L, 2), i = 1;
  for (; rc == SQLITE_OK && i <= n; i++) {
    if (lua_geti(L, 2, i) != LUA_TTABLE) {
      lua_pushfstring(L, "element %d of the list is a %s, not a table", (int)i,
                      luaL_typename(L, -1));
      return luaL_argerror(L, 2, lua_tostring(L, -1));
    }
    for (lua_Integer j = 1; rc == SQLITE_OK && j <= nfields; j++) {
      lua_geti(L, 3, j);
      const char *field = lua_tostring(L, -1);
      if (field[0] == '#' && field[1] == '\0')
        lua_pushinteger(L, i);
      else
        lua_getfield(L, -2, field);
      rc = bind_value(L, s->st, nconst + (int)j, -1, 2);
      lua_pop(L, 2);
    }
    lua_pop(L, 1);
    if (rc == SQLITE_OK) {
      while ((rc = sqlite3_step(s->st)) == SQLITE_ROW) {
      }
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
      sqlite3_reset(s->st);
    }
  }
  if (rc != SQLITE_OK) {
    int nret = db_fail(L, s->owner->db, rc, "run_each");
    sqlite3_reset(s->st);
    lua_pushinteger(L, i - 1);
    return nret + 1;
  }
  lua_pushinteger(L, n);
  return 1;
}

/* stmt:columns() -> array of the result column names. */
static int stmt_columns(lua_State *L) {
  stmt_box *s = check_stmt(L, 1);
  int n = sqlite3_column_count(s->st);
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_pushstring(L, sqlite3_column_name(s->st, i));
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

static int stmt_tostring(lua_State *L) {
  stmt_box *s = luaL_checkudata(L, 1, STMT_MT);
  if (s->st)
    lua_pushfstring(L, "newscorpus.Stmt (%s)", sqlite3_sql(s->st));
  else
    lua_pushliteral(L, "newscorpus.Stmt (closed)");
  return 1;
}

/* ---- connections ----------------------------------------------------------------------- */

/* Finalises every statement still open on box (they are the keys of the DB's weak table at
 * index idx's user value) and closes the connection. */
static void db_close_box(lua_State *L, int idx, db_box *box) {
  if (!box->db) return;
  if (lua_getiuservalue(L, idx, 1) == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pop(L, 1);
      stmt_box *s = luaL_testudata(L, -1, STMT_MT);
      if (s && s->st) {
        sqlite3_finalize(s->st);
        s->st = NULL;
      }
    }
  }
  lua_pop(L, 1);
  sqlite3_close_v2(box->db);
  box->db = NULL;
}

#define DBS_KEY "newscorpus.dbs" /* registry: weak set of the connections opened */

void lnc_db_abandon_all(lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, DBS_KEY) != LUA_TTABLE) {
    lua_pop(L, 1);
    return;
  }
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pop(L, 1);
    db_box *box = luaL_testudata(L, -1, DB_MT);
    if (box && box->db) {
      if (lua_getiuservalue(L, -1, 1) == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
          lua_pop(L, 1);
          stmt_box *s = luaL_testudata(L, -1, STMT_MT);
          if (s) s->st = NULL; /* left to the parent: never finalised here */
        }
      }
      lua_pop(L, 1);
      box->db = NULL;
    }
  }
  lua_pop(L, 1);
}

/* db:close(): finalises the statements still open and closes the connection (also __gc and
 * __close). Idempotent. */
static int db_close(lua_State *L) {
  db_box *box = luaL_checkudata(L, 1, DB_MT);
  db_close_box(L, 1, box);
  return 0;
}

/* db:exec(sql) runs one or more SQL statements (no results). Returns true, or nil, err. */
static int db_exec(lua_State *L) {
  db_box *box = check_db(L, 1);
  size_t len;
  const char *sql = check_sql(L, 2, &len);
  int rc = exec_sql(box->db, sql);
  if (rc != SQLITE_OK) return db_fail(L, box->db, rc, "exec");
  lua_pushboolean(L, 1);
  return 1;
}

/* Prepares sql on the DB at index 1 and pushes a Stmt, or pushes nil, err. */
static int prepare_at(lua_State *L, db_box *box, int sql_idx) {
  size_t len;
  const char *sql = check_sql(L, sql_idx, &len);
  const char *tail = NULL;
  stmt_box *s = lua_newuserdatauv(L, sizeof *s, 1);
  s->st = NULL;
  s->owner = box;
  luaL_setmetatable(L, STMT_MT);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  if (len > INT_MAX) return luaL_argerror(L, sql_idx, "SQL text too long");
  int rc = sqlite3_prepare_v2(box->db, sql, (int)len, &s->st, &tail);
  if (rc != SQLITE_OK) return db_fail(L, box->db, rc, "prepare");
  if (!s->st) return luaL_argerror(L, sql_idx, "no SQL statement");
  if (tail && *tail) {
    sqlite3_stmt *more = NULL;
    rc = sqlite3_prepare_v2(box->db, tail, (int)(len - (size_t)(tail - sql)), &more, NULL);
    sqlite3_finalize(more);
    if (rc != SQLITE_OK || more) {
      sqlite3_finalize(s->st);
      s->st = NULL;
      return luaL_argerror(L, sql_idx, "more than one SQL statement (use db:exec)");
    }
  }
  /* remember it so db:close() can finalise it */
  lua_getiuservalue(L, 1, 1);
  lua_pushvalue(L, -2);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  return 1;
}

/* db:prepare(sql) -> Stmt for exactly one SQL statement, or nil, err. */
static int db_prepare(lua_State *L) {
  db_box *box = check_db(L, 1);
  lua_settop(L, 2);
  return prepare_at(L, box, 2);
}

/* db:rows(sql, ...) -> iterator over the rows of sql (as tables keyed by column name) with
 * the remaining arguments bound (as stmt:bind). The statement is finalised when the loop
 * ends, also by break or error (it is the loop's to-be-closed value). Raises on errors. */
static int db_rows(lua_State *L) {
  db_box *box = check_db(L, 1);
  int top = lua_gettop(L);
  if (prepare_at(L, box, 2) == 2) return lua_error(L); /* message on top */
  stmt_box *s = lua_touserdata(L, -1);
  lua_insert(L, 3); /* stmt at 3, values 4..top+1 */
  int rc = top >= 3 ? bind_args(L, s->st, 4) : SQLITE_OK;
  if (rc != SQLITE_OK) {
    lua_pushfstring(L, "newscorpus: bind: %s", sqlite3_errmsg(box->db));
    sqlite3_finalize(s->st);
    s->st = NULL;
    return lua_error(L);
  }
  lua_settop(L, 3);
  lua_pushcfunction(L, iter_tables);
  lua_pushvalue(L, 3);
  lua_pushnil(L);
  lua_pushvalue(L, 3);
  return 4;
}

/* db:last_insert_rowid() -> integer rowid of the last insert on this connection. */
static int db_last_insert_rowid(lua_State *L) {
  db_box *box = check_db(L, 1);
  lua_pushinteger(L, (lua_Integer)sqlite3_last_insert_rowid(box->db));
  return 1;
}

/* db:changes() -> rows changed by the last INSERT/UPDATE/DELETE. */
static int db_changes(lua_State *L) {
  db_box *box = check_db(L, 1);
  lua_pushinteger(L, (lua_Integer)sqlite3_changes64(box->db));
  return 1;
}

/* db:transaction(fn, ...) calls fn(db, ...) inside BEGIN IMMEDIATE ... COMMIT (a SAVEPOINT
 * when a transaction is already open). Returns fn's results (true when it returns nothing).
 * When fn raises, the transaction is rolled back and the error re-raised unchanged. When
 * BEGIN or COMMIT fails (e.g. the database is locked): nil, err (nothing committed). */
static int db_transaction(lua_State *L) {
  db_box *box = check_db(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  int nested = !sqlite3_get_autocommit(box->db);
  int rc = exec_sql(box->db, nested ? "SAVEPOINT newscorpus_tx" : "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK) return db_fail(L, box->db, rc, "begin transaction");
  int nargs = lua_gettop(L) - 2;
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 1);
  for (int i = 0; i < nargs; i++) lua_pushvalue(L, 3 + i);
  int base = lua_gettop(L) - nargs - 2;
  int status = lua_pcall(L, nargs + 1, LUA_MULTRET, 0);
  if (!box->db) {
    if (status != LUA_OK) return lua_error(L);
    return luaL_error(L, "newscorpus: database closed inside transaction");
  }
  if (status == LUA_OK) {
    rc = exec_sql(box->db, nested ? "RELEASE newscorpus_tx" : "COMMIT");
    if (rc == SQLITE_OK) {
      int nres = lua_gettop(L) - base;
      if (nres == 0) {
        lua_pushboolean(L, 1);
        nres = 1;
      }
      return nres;
    }
    lua_settop(L, base);
    int n = db_fail(L, box->db, rc, "commit");
    if (nested)
      exec_sql(box->db, "ROLLBACK TO newscorpus_tx; RELEASE newscorpus_tx");
    else if (!sqlite3_get_autocommit(box->db))
      exec_sql(box->db, "ROLLBACK");
    return n;
  }
  if (nested)
    exec_sql(box->db, "ROLLBACK TO newscorpus_tx; RELEASE newscorpus_tx");
  else if (!sqlite3_get_autocommit(box->db))
    exec_sql(box->db, "ROLLBACK");
  return lua_error(L);
}

/* db:errcode() -> primary and extended SQLite result codes of the last failed call on this
 * connection (e.g. 19, 2067 for a UNIQUE constraint; 11 for a corrupt database). */
static int db_errcode(lua_State *L) {
  db_box *box = check_db(L, 1);
  lua_pushinteger(L, sqlite3_errcode(box->db) & 0xFF);
  lua_pushinteger(L, sqlite3_extended_errcode(box->db));
  return 2;
}

/* db:in_transaction() -> true when a transaction is open on this connection. */
static int db_in_transaction(lua_State *L) {
  db_box *box = check_db(L, 1);
  lua_pushboolean(L, !sqlite3_get_autocommit(box->db));
  return 1;
}

/* db:is_open() -> false once the connection is closed. */
static int db_is_open(lua_State *L) {
  db_box *box = luaL_checkudata(L, 1, DB_MT);
  lua_pushboolean(L, box->db != NULL);
  return 1;
}

static int db_tostring(lua_State *L) {
  db_box *box = luaL_checkudata(L, 1, DB_MT);
  if (box->db) {
    const char *f = sqlite3_db_filename(box->db, "main");
    lua_pushfstring(L, "newscorpus.DB (%s)", (f && *f) ? f : ":memory:");
  } else {
    lua_pushliteral(L, "newscorpus.DB (closed)");
  }
  return 1;
}

/* PRAGMA journal_mode = WAL, retried while another connection holds a lock (switching the
 * journal mode needs the database to itself, and SQLite does not always call the busy handler
 * for it): up to timeout_ms, sleeping 10 ms between attempts. */
static int set_wal(sqlite3 *db, int timeout_ms) {
  int rc = exec_sql(db, "PRAGMA journal_mode = WAL");
  for (int waited = 0; (rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED; waited += 10) {
    if (waited >= timeout_ms) break;
    sqlite3_sleep(10);
    rc = exec_sql(db, "PRAGMA journal_mode = WAL");
  }
  return rc;
}

/* core.db_open(path [, opts]) -> DB, or nil, err. opts: busy_timeout (ms, default 5000),
 * readonly (default false), wal (default true; never for :memory:), page_size (bytes, a power
 * of two from 512 to 65536, for a new database; an existing one keeps its own). Foreign keys are on
 * and the FTS5 tokenizer 'newscorpus' is registered. Fails cleanly when SQLite lacks FTS5 or the
 * file is not a database. */
static int l_db_open(lua_State *L) {
  static const char *const known[] = {"busy_timeout", "readonly", "wal", "page_size", NULL};
  const char *path = luaL_checkstring(L, 1);
  check_known_options(L, 2, known);
  lua_Integer timeout = lnc_optint(L, 2, "busy_timeout", 5000);
  int readonly = lnc_optbool(L, 2, "readonly", 0);
  int wal = lnc_optbool(L, 2, "wal", 1);
  lua_Integer page_size = lnc_optint(L, 2, "page_size", 0);
  if (timeout < 0 || timeout > INT_MAX) luaL_argerror(L, 2, "busy_timeout out of range");
  if (page_size != 0 && (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1))))
    luaL_argerror(L, 2, "page_size must be a power of two from 512 to 65536");
  if (strlen(path) != lua_rawlen(L, 1)) luaL_argerror(L, 1, "path contains a NUL byte");

  db_box *box = lua_newuserdatauv(L, sizeof *box, 1);
  box->db = NULL;
  lnc_alloc(L, &box->alloc);
  luaL_setmetatable(L, DB_MT);
  lua_newtable(L); /* open statements, weak keys */
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setiuservalue(L, -2, 1);
  int box_idx = lua_gettop(L);
  /* remember it, so that a forked worker can abandon it (lnc_db_abandon_all) */
  lua_getfield(L, LUA_REGISTRYINDEX, DBS_KEY);
  lua_pushvalue(L, box_idx);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);

  /* NOMUTEX: a connection belongs to one Lua state, which one thread runs at a time */
  int flags = SQLITE_OPEN_NOMUTEX |
              (readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  int rc = sqlite3_open_v2(path, &box->db, flags, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_extended_result_codes(box->db, 1);
    sqlite3_busy_timeout(box->db, (int)timeout);
    rc = nc_fts5_register(box->db, &box->alloc);
    if (rc != NC_OK) {
      db_close_box(L, box_idx, box);
      if (rc == NC_ENOMEM) return luaL_error(L, "newscorpus: open: out of memory");
      luaL_pushfail(L);
      lua_pushliteral(L,
                      "newscorpus: open: this SQLite has no usable FTS5 (full-text search); "
                      "install an SQLite built with FTS5 (Debian's libsqlite3 has it)");
      return 2;
    }
    /* the page size of a new database: before WAL mode, which fixes it */
    if (page_size) {
      char sql[64];
      snprintf(sql, sizeof sql, "PRAGMA page_size = %d", (int)page_size);
      rc = exec_sql(box->db, sql);
    }
    /* reading the schema makes a file that is not a database fail here, not later */
    if (rc == SQLITE_OK)
      rc = exec_sql(box->db, "PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_schema;");
    if (rc == SQLITE_OK && wal && !readonly && !is_memory_path(path))
      rc = set_wal(box->db, (int)timeout);
  }
  if (rc != SQLITE_OK) {
    lua_pushfstring(L, "newscorpus: open %s: %s", path,
                    box->db ? sqlite3_errmsg(box->db) : sqlite3_errstr(rc));
    db_close_box(L, box_idx, box); /* also a handle sqlite3_open_v2 returned with an error */
    luaL_pushfail(L);
    lua_pushvalue(L, box_idx + 1);
    return 2;
  }
  lua_settop(L, box_idx);
  return 1;
}

/* core.hash(s) -> 32 hex digits of the XXH3-128 hash of the bytes of s. */
static int l_hash(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  char out[NC_HASH_HEX_LEN + 1];
  nc_hash128_hex(s, len, out);
  lua_pushlstring(L, out, NC_HASH_HEX_LEN);
  return 1;
}

/* core.isatty(fd) -> true when file descriptor fd (0, 1, 2, ...) is a terminal. */
static int l_isatty(lua_State *L) {
  lua_Integer fd = luaL_checkinteger(L, 1);
  lua_pushboolean(L, fd >= 0 && fd <= INT_MAX && isatty((int)fd));
  return 1;
}

void lnc_open_db(lua_State *L) {
  static const luaL_Reg db_methods[] = {{"close", db_close},
                                        {"exec", db_exec},
                                        {"prepare", db_prepare},
                                        {"rows", db_rows},
                                        {"last_insert_rowid", db_last_insert_rowid},
                                        {"changes", db_changes},
                                        {"transaction", db_transaction},
                                        {"in_transaction", db_in_transaction},
                                        {"errcode", db_errcode},
                                        {"is_open", db_is_open},
                                        {NULL, NULL}};
  static const luaL_Reg stmt_methods[] = {
      {"close", stmt_close},     {"bind", stmt_bind},         {"step", stmt_step},
      {"row", stmt_row},         {"values", stmt_values},     {"rows", stmt_rows},
      {"reset", stmt_reset},     {"run", stmt_run},           {"first", stmt_first},
      {"columns", stmt_columns}, {"run_each", stmt_run_each}, {NULL, NULL}};
  static const luaL_Reg funcs[] = {
      {"db_open", l_db_open}, {"hash", l_hash}, {"isatty", l_isatty}, {NULL, NULL}};

  luaL_newmetatable(L, DB_MT);
  luaL_newlib(L, db_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, db_close);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, db_close);
  lua_setfield(L, -2, "__close");
  lua_pushcfunction(L, db_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);

  luaL_newmetatable(L, STMT_MT);
  luaL_newlib(L, stmt_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, stmt_close);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, stmt_close);
  lua_setfield(L, -2, "__close");
  lua_pushcfunction(L, stmt_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);

  lua_newtable(L); /* weak set of the connections opened */
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, DBS_KEY);

  luaL_setfuncs(L, funcs, 0);
}
