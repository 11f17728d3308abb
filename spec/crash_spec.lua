-- Crash safety, quick version of tools/crash-test.sh: kill -9 during an ingest, then reopen
-- and verify (integrity_check, the FTS5 index, every committed article exactly once, whole
-- articles only); a second ingest completes the corpus; processes opening one new database at
-- the same moment all succeed (schema creation under BEGIN IMMEDIATE); two processes ingesting
-- the same files into one database both finish without duplicates.
local spec_files = dofile("spec/support/files.lua")
local tmpdir, rmtree = spec_files.tmpdir, spec_files.rmtree

local LUA = "lua5.4"
local HELPER = "tools/crash-ingest.lua"

-- Runs a shell command; returns true when it exited 0, and its output.
local function sh(cmd)
  local p = assert(io.popen(cmd .. " 2>&1"))
  local out = p:read("a")
  local ok = p:close()
  return ok == true, out
end

local function helper(...)
  local args = { LUA, HELPER }
  for _, a in ipairs({ ... }) do args[#args + 1] = "'" .. a .. "'" end
  return sh(table.concat(args, " "))
end

describe("crash safety", function()
  local dir
  setup(function()
    dir = tmpdir()
    local ok, out = helper("gen", dir .. "/in", "40", "20")
    assert(ok, out)
  end)
  teardown(function() rmtree(dir) end)

  it("survives kill -9 during ingest and a second ingest completes the corpus", function()
    local db, log = dir .. "/kill.db", dir .. "/kill.log"
    for _, delay in ipairs({ "0.15", "0.3" }) do
      sh(("%s %s ingest '%s' '%s/in' '%s' >/dev/null 2>&1 & pid=$!; sleep %s; kill -9 $pid 2>/dev/null; "
        .. "wait $pid"):format(LUA, HELPER, db, dir, log, delay))
      local ok, out = helper("verify", db, dir .. "/in", log)
      assert.is_true(ok, out)
      assert.matches("^verify: %d+ articles", out)
    end
    local ok, out = helper("ingest", db, dir .. "/in", log)
    assert.is_true(ok, out)
    ok, out = helper("verify", db, dir .. "/in", log, "complete")
    assert.is_true(ok, out)
    assert.matches("verify: 800 articles, 40 committed files", out)
  end)

  it("three processes opening one new database at once all succeed", function()
    for round = 1, 3 do
      local db = ("%s/race%d.db"):format(dir, round)
      local cmd = {}
      for i = 1, 3 do
        cmd[#cmd + 1] = ("%s -e 'local c, e = require(\"newscorpus.corpus\").open(\"%s\") "
          .. "if not c then io.stderr:write(e) os.exit(1) end c:close()' & p%d=$!"):format(LUA, db, i)
      end
      cmd[#cmd + 1] = "s=0; for p in $p1 $p2 $p3; do wait $p || s=1; done; exit $s"
      local ok, out = sh(table.concat(cmd, "; "))
      assert.is_true(ok, out)
    end
  end)

  it("two processes ingesting the same files at once both finish, nothing stored twice", function()
    local db = dir .. "/two.db"
    local one = "%s %s ingest '%s' '%s/in' '%s/%s.log'"
    local ok, out = sh((one .. " & a=$!; " .. one .. " & b=$!; s=0; wait $a || s=1; wait $b || s=1; exit $s")
      :format(LUA, HELPER, db, dir, dir, "a", LUA, HELPER, db, dir, dir, "b"))
    assert.is_true(ok, out)
    ok, out = helper("verify", db, dir .. "/in", dir .. "/a.log", "complete")
    assert.is_true(ok, out)
    assert.matches("verify: 800 articles", out)
  end)
end)
