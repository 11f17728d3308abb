-- Specs of the SQLite binding of newscorpus.core: db_open, DB and Stmt objects, hash, isatty.
local core = require "newscorpus.core"
local spec_files = dofile("spec/support/files.lua")
local remove_db = spec_files.remove_db

local function tmpfile()
  local path = os.tmpname()
  os.remove(path)
  return path
end

local function all(db, sql, ...)
  local out = {}
  for row in db:rows(sql, ...) do out[#out + 1] = row end
  return out
end

describe("core.db_open", function()
  it("opens an in-memory database with foreign keys on and the FTS5 tokenizer", function()
    local db = assert(core.db_open(":memory:"))
    assert.equal(1, all(db, "PRAGMA foreign_keys")[1].foreign_keys)
    assert.is_true(db:exec("CREATE VIRTUAL TABLE f USING fts5(t, tokenize = 'newscorpus')"))
    assert.is_true(db:exec("INSERT INTO f VALUES ('Harbor officials MET in Port Vella')"))
    assert.equal(1, #all(db, "SELECT * FROM f WHERE f MATCH ?", "met"))
    assert.equal(1, #all(db, "SELECT * FROM f WHERE f MATCH ?", '"port VELLA"'))
    assert.equal(0, #all(db, "SELECT * FROM f WHERE f MATCH ?", "ferry"))
    db:close()
  end)

  it("uses WAL for files and honours busy_timeout", function()
    local path = tmpfile()
    local db = assert(core.db_open(path, { busy_timeout = 100 }))
    assert.equal("wal", all(db, "PRAGMA journal_mode")[1].journal_mode)
    assert.equal(100, all(db, "PRAGMA busy_timeout")[1].timeout)
    db:close()
    local db2 = assert(core.db_open(path, { wal = false }))
    db2:close()
    remove_db(path)
  end)

  it("sets the page size of a new database, before WAL mode; an existing one keeps its own", function()
    local path = tmpfile()
    local db = assert(core.db_open(path, { page_size = 16384 }))
    assert(db:exec("CREATE TABLE t (x)"))
    assert.equal(16384, all(db, "PRAGMA page_size")[1].page_size)
    assert.equal("wal", all(db, "PRAGMA journal_mode")[1].journal_mode)
    db:close()
    db = assert(core.db_open(path, { page_size = 1024 }))
    assert.equal(16384, all(db, "PRAGMA page_size")[1].page_size)
    db:close()
    remove_db(path)
    db = assert(core.db_open(":memory:", { page_size = 512 }))
    assert(db:exec("CREATE TABLE t (x)"))
    assert.equal(512, all(db, "PRAGMA page_size")[1].page_size)
    db:close()
    for _, bad in ipairs({ 256, 1000, 131072, -4096 }) do
      assert.has_error(function() core.db_open(":memory:", { page_size = bad }) end,
        "bad argument #2 to 'db_open' (page_size must be a power of two from 512 to 65536)")
    end
    assert.has_error(function() core.db_open(":memory:", { page_size = "4096" }) end)
  end)

  it("fails with a message for a file that is not a database", function()
    local path = tmpfile()
    local f = assert(io.open(path, "wb"))
    f:write(("this is not an SQLite file\n"):rep(200))
    f:close()
    local db, err = core.db_open(path)
    assert.is_nil(db)
    assert.matches("^newscorpus: open .*: file is not a database", err)
    remove_db(path)
  end)

  it("fails with a message for a directory that does not exist", function()
    local db, err = core.db_open("/nonexistent/dir/x.db")
    assert.is_nil(db)
    assert.matches("^newscorpus: open /nonexistent/dir/x.db: unable to open", err)
  end)

  it("rejects wrong argument types and unknown options", function()
    assert.has_error(function() core.db_open() end)
    assert.has_error(function() core.db_open({}) end)
    assert.has_error(function() core.db_open(":memory:", 5) end)
    assert.has_error(function() core.db_open(":memory:", { busy_timeout = "x" }) end)
    assert.has_error(function() core.db_open(":memory:", { busy_timeout = -1 }) end)
    assert.has_error(function() core.db_open(":memory:", { wall = true }) end)
    assert.has_error(function() core.db_open("a\0b") end)
  end)
end)

describe("DB", function()
  local db
  before_each(function()
    db = assert(core.db_open(":memory:"))
    assert(db:exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL);"
      .. "CREATE TABLE child (t_id INTEGER NOT NULL REFERENCES t(id))"))
  end)
  after_each(function() db:close() end)

  it("runs several statements with exec and reports changes and rowids", function()
    assert.is_true(db:exec("INSERT INTO t(name) VALUES ('a'); INSERT INTO t(name) VALUES ('b')"))
    assert.equal(2, db:last_insert_rowid())
    assert.equal(1, db:changes())
    assert.is_true(db:exec("UPDATE t SET score = 1.5"))
    assert.equal(2, db:changes())
  end)

  it("returns nil and a message for SQL and constraint errors", function()
    local ok, err = db:exec("SELEC 1")
    assert.is_nil(ok)
    assert.matches('^newscorpus: exec: near "SELEC": syntax error', err)
    assert(db:exec("INSERT INTO t(name) VALUES ('a')"))
    ok, err = db:exec("INSERT INTO t(name) VALUES ('a')")
    assert.is_nil(ok)
    assert.matches("UNIQUE constraint failed: t.name", err)
    local code, ext = db:errcode()
    assert.equal(19, code) -- SQLITE_CONSTRAINT
    assert.equal(2067, ext) -- SQLITE_CONSTRAINT_UNIQUE
    ok, err = db:exec("INSERT INTO child VALUES (99)")
    assert.is_nil(ok)
    assert.matches("FOREIGN KEY constraint failed", err)
    local st
    st, err = db:prepare("SELECT * FROM missing")
    assert.is_nil(st)
    assert.matches("^newscorpus: prepare: no such table: missing", err)
  end)

  it("raises for misuse of prepare and exec", function()
    assert.has_error(function() db:exec(42) end)
    assert.has_error(function() db:exec("SELECT 1\0; DROP TABLE t") end)
    assert.has_error(function() db:prepare("") end)
    assert.has_error(function() db:prepare("-- only a comment") end)
    assert.has_error(function() db:prepare("SELECT 1; SELECT 2") end)
    assert.has_no_error(function() db:prepare("SELECT 1; -- trailing comment"):close() end)
    assert.has_error(function() db.exec({}, "SELECT 1") end)
  end)

  it("iterates rows with db:rows and closes the statement on break", function()
    for i = 1, 5 do assert(db:exec(("INSERT INTO t(name, score) VALUES ('n%d', %d)"):format(i, i))) end
    local names = {}
    for row in db:rows("SELECT name, score FROM t WHERE score >= ? ORDER BY id", 3) do
      names[#names + 1] = row.name
    end
    assert.same({ "n3", "n4", "n5" }, names)
    local first
    for row in db:rows("SELECT name FROM t ORDER BY id") do -- break closes the statement
      first = first or row.name
      if first then break end
    end
    assert.equal("n1", first)
    assert.has_error(function()
      for _ in db:rows("SELECT * FROM t WHERE id = ?", 1, 2) do end
    end)
  end)

  it("raises from db:rows on an SQL error", function()
    assert.has_error(function() for _ in db:rows("SELECT nope FROM t") do end end,
      "newscorpus: prepare: no such column: nope")
  end)

  it("commits a transaction and returns the function's results", function()
    local a, b = db:transaction(function(d, name)
      assert(d:exec("INSERT INTO t(name) VALUES ('" .. name .. "')"))
      return "done", 2
    end, "x")
    assert.equal("done", a)
    assert.equal(2, b)
    assert.is_true(db:transaction(function() end))
    assert.equal(1, #all(db, "SELECT * FROM t"))
    assert.is_false(db:in_transaction())
  end)

  it("rolls back on error and re-raises the error value unchanged", function()
    local err_value = { code = 42 }
    local ok, err = pcall(db.transaction, db, function(d)
      assert(d:exec("INSERT INTO t(name) VALUES ('gone')"))
      error(err_value)
    end)
    assert.is_false(ok)
    assert.equal(err_value, err)
    assert.equal(0, #all(db, "SELECT * FROM t"))
    assert.is_false(db:in_transaction())
  end)

  it("nests transactions as savepoints", function()
    db:transaction(function(d)
      assert(d:exec("INSERT INTO t(name) VALUES ('outer')"))
      pcall(d.transaction, d, function(d2)
        assert(d2:exec("INSERT INTO t(name) VALUES ('inner')"))
        error("inner fails")
      end)
      assert.is_true(d:in_transaction())
    end)
    local rows = all(db, "SELECT name FROM t")
    assert.equal(1, #rows)
    assert.equal("outer", rows[1].name)
  end)

  it("rejects a non-function transaction body", function()
    assert.has_error(function() db:transaction("BEGIN") end)
  end)

  it("is closed idempotently, also by <close>, and errors clearly afterwards", function()
    local st = assert(db:prepare("SELECT 1"))
    do
      local d <close> = assert(core.db_open(":memory:"))
      assert.is_true(d:is_open())
    end
    db:close()
    db:close()
    assert.is_false(db:is_open())
    assert.has_error(function() db:exec("SELECT 1") end, "newscorpus: database is closed")
    assert.has_error(function() st:step() end, "newscorpus: statement is closed")
    assert.matches("closed", tostring(db))
    db = assert(core.db_open(":memory:")) -- for after_each
  end)
end)

describe("Stmt", function()
  local db
  before_each(function()
    db = assert(core.db_open(":memory:"))
    assert(db:exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n, x REAL, flag INTEGER)"))
  end)
  after_each(function() db:close() end)

  it("binds positional values of every type and reads them back", function()
    local st = assert(db:prepare("INSERT INTO t(name, n, x, flag) VALUES (?, ?, ?, ?)"))
    assert.equal(1, st:run("Ana Ruiz", 7, 2.5, true))
    assert.equal(1, st:run(nil, nil, nil, false))
    st:close()
    local q = assert(db:prepare("SELECT name, n, x, flag FROM t ORDER BY id"))
    assert.is_true(q:step())
    assert.same({ name = "Ana Ruiz", n = 7, x = 2.5, flag = 1 }, q:row())
    assert.equal(math.type(q:row().n), "integer")
    assert.is_true(q:step())
    assert.same({ flag = 0 }, q:row())
    local a, b, c, d = q:values()
    assert.is_nil(a); assert.is_nil(b); assert.is_nil(c); assert.equal(0, d)
    assert.is_false(q:step())
    assert.has_error(function() q:row() end, "newscorpus: no current row (call step)")
    q:close()
  end)

  it("binds named parameters from a table (missing names are NULL)", function()
    local st = assert(db:prepare("INSERT INTO t(name, n, x) VALUES (:name, @n, $x)"))
    assert.equal(1, st:run({ name = "Tomas", n = 3 }))
    local row = all(db, "SELECT * FROM t")[1]
    assert.equal("Tomas", row.name)
    assert.equal(3, row.n)
    assert.is_nil(row.x)
  end)

  it("keeps bytes exactly: invalid UTF-8, NUL bytes, long values", function()
    local st = assert(db:prepare("INSERT INTO t(name) VALUES (?)"))
    local weird = "caf\xC3\xA9 \xFF\xFE bad \0 nul"
    local long = ("word "):rep(200000)
    st:run(weird)
    st:run(long)
    st:run("")
    local got = {}
    for row in db:rows("SELECT name, length(CAST(name AS BLOB)) AS len FROM t ORDER BY id") do
      got[#got + 1] = row
    end
    assert.equal(weird, got[1].name)
    assert.equal(#weird, got[1].len)
    assert.equal(long, got[2].name)
    assert.equal("", got[3].name)
  end)

  it("iterates with rows() as tables or values and can run again", function()
    for i = 1, 3 do db:exec(("INSERT INTO t(name, n) VALUES ('r%d', %d)"):format(i, i)) end
    local st = assert(db:prepare("SELECT n, name FROM t WHERE n >= ? ORDER BY n"))
    st:bind(2)
    local seen = {}
    for n, name in st:rows("values") do seen[#seen + 1] = n .. name end
    assert.same({ "2r2", "3r3" }, seen)
    seen = {}
    for row in st:rows() do seen[#seen + 1] = row.name end -- reset after the end: runs again
    assert.same({ "r2", "r3" }, seen)
    assert.has_error(function() st:rows("lists") end)
    assert.same({ "n", "name" }, st:columns())
    assert.equal(3, select("#", st:reset():bind(3):first(3)) + 1) -- first: n, name
  end)

  it("first() returns the first row or nothing", function()
    db:exec("INSERT INTO t(name, n) VALUES ('only', 1)")
    local st = assert(db:prepare("SELECT name, n FROM t WHERE n = ?"))
    local name, n = st:first(1)
    assert.equal("only", name)
    assert.equal(1, n)
    assert.equal(0, select("#", st:first(2)))
  end)

  it("step() returns nil and a message on a constraint error and can be reused", function()
    db:exec("CREATE UNIQUE INDEX t_name ON t(name)")
    local st = assert(db:prepare("INSERT INTO t(name) VALUES (?)"))
    st:bind("dup")
    assert.is_false(st:step())
    st:bind("dup")
    local ok, err = st:step()
    assert.is_nil(ok)
    assert.matches("^newscorpus: step: UNIQUE constraint failed", err)
    ok, err = st:run("dup")
    assert.is_nil(ok)
    assert.matches("UNIQUE constraint failed", err)
    assert.equal(1, st:run("other"))
  end)

  it("run_each inserts many rows in one call", function()
    local st = assert(db:prepare("INSERT INTO t(n, name, x) VALUES (?, ?, ?)"))
    local rows = { { label = "a", v = 1.5 }, { label = "b" }, { label = "c", v = 3 } }
    assert.equal(3, st:run_each(rows, { "label", "v" }, 9))
    local got = all(db, "SELECT n, name, x FROM t ORDER BY id")
    assert.same({ n = 9, name = "a", x = 1.5 }, got[1])
    assert.same({ n = 9, name = "b" }, got[2])
    local idx = assert(db:prepare("INSERT INTO t(n, name) VALUES (?, ?)"))
    assert.equal(2, idx:run_each({ { s = "x" }, { s = "y" } }, { "#", "s" }))
    assert.equal(2, #all(db, "SELECT * FROM t WHERE n IN (1, 2)"))
    assert.equal(0, idx:run_each({}, { "#", "s" }))
  end)

  it("run_each reports the failing element and checks its arguments", function()
    db:exec("CREATE UNIQUE INDEX t_name ON t(name)")
    local st = assert(db:prepare("INSERT INTO t(name) VALUES (?)"))
    local n, err, at = st:run_each({ { s = "a" }, { s = "b" }, { s = "a" }, { s = "c" } }, { "s" })
    assert.is_nil(n)
    assert.matches("UNIQUE constraint failed", err)
    assert.equal(3, at)
    assert.has_error(function() st:run_each({ { s = "z" } }, { "s", "t" }) end)
    assert.has_error(function() st:run_each({ "not a table" }, { "s" }) end)
    assert.has_error(function() st:run_each({ { s = {} } }, { "s" }) end)
    assert.has_error(function() st:run_each({ { s = "z" } }, { 1 }) end)
    assert.has_error(function() st:run_each("x", { "s" }) end)
  end)

  it("rejects values it cannot bind and too many values", function()
    local st = assert(db:prepare("INSERT INTO t(name) VALUES (?)"))
    assert.has_error(function() st:bind({}, 2) end)
    assert.has_error(function() st:bind(function() end) end)
    assert.has_error(function() st:bind(1, 2) end)
    assert.has_error(function() st:bind({ [1] = print }) end)
    assert.has_no_error(function() st:bind("a", nil, nil) end)
  end)

  it("is finalised by db:close and closes idempotently", function()
    local st = assert(db:prepare("SELECT 1"))
    st:close()
    st:close()
    assert.matches("closed", tostring(st))
    local st2 = assert(db:prepare("SELECT 1"))
    do
      local st3 <close> = assert(db:prepare("SELECT 2"))
      assert.is_true(st3:step())
    end
    db:close()
    assert.has_error(function() st2:step() end, "newscorpus: statement is closed")
    db = assert(core.db_open(":memory:"))
  end)
end)

describe("locking", function()
  it("reports a locked database as nil, message", function()
    local path = tmpfile()
    local a = assert(core.db_open(path))
    local b = assert(core.db_open(path, { busy_timeout = 50 }))
    assert(a:exec("CREATE TABLE t (x)"))
    assert(a:exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)"))
    local ok, err = b:transaction(function(d) d:exec("INSERT INTO t VALUES (2)") end)
    assert.is_nil(ok)
    assert.matches("^newscorpus: begin transaction: database is locked", err)
    ok, err = b:exec("INSERT INTO t VALUES (3)")
    assert.is_nil(ok)
    assert.matches("database is locked", err)
    assert(a:exec("COMMIT"))
    assert.is_true(b:transaction(function(d) assert(d:exec("INSERT INTO t VALUES (4)")) end))
    assert.equal(2, #all(b, "SELECT * FROM t"))
    a:close()
    b:close()
    remove_db(path)
  end)
end)

describe("core.hash", function()
  it("gives 32 hex digits of XXH3-128", function()
    assert.equal("99aa06d3014798d86001c324468d497f", core.hash(""))
    local h = core.hash("Port Vella talks resume")
    assert.matches("^%x+$", h)
    assert.equal(32, #h)
    assert.equal(h, core.hash("Port Vella talks resume"))
    assert.not_equal(h, core.hash("Port Vella talks resume."))
    assert.not_equal(core.hash("a\0b"), core.hash("a\0c"))
    assert.equal(32, #core.hash(("x"):rep(1000000)))
  end)

  it("rejects non-strings", function()
    assert.has_error(function() core.hash() end)
    assert.has_error(function() core.hash({}) end)
  end)
end)

describe("core.isatty", function()
  it("answers for file descriptors", function()
    assert.is_boolean(core.isatty(2))
    assert.is_false(core.isatty(-1))
    assert.is_false(core.isatty(99999))
    assert.has_error(function() core.isatty("stderr") end)
  end)
end)
