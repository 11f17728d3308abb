-- Hostile and broken input: binary files, NUL bytes, invalid and overlong UTF-8, a 100 MB
-- single line, deeply nested and truncated HTML, a gazetteer with 10,000-character names,
-- wrong argument types from Lua, use after close(). Each must give a clear error (a raised
-- "bad argument" for programmer mistakes, nil + "newscorpus: ..." for bad data) or a counted
-- repair, never a crash.
local nc = require "newscorpus"
local core = require "newscorpus.core"
local corpus_mod = require "newscorpus.corpus"
local spec_files = dofile("spec/support/files.lua")
local tmpdir, write, rmtree = spec_files.tmpdir, spec_files.write, spec_files.rmtree

local REPLACEMENT = "\239\191\189" -- U+FFFD

local function valid_utf8_no_nul(s)
  return utf8.len(s) ~= nil and not s:find("\0", 1, true)
end

-- Deterministic pseudo-random bytes (a small LCG; no math.random state shared with others).
local function random_bytes(n, seed)
  local out, x = {}, seed
  for i = 1, n do
    x = (x * 1103515245 + 12345) % 2147483648
    out[i] = string.char(x % 256)
  end
  return table.concat(out)
end

describe("binary input", function()
  local bin = random_bytes(4096, 7) .. ("\0"):rep(512)

  it("clean refuses it with a clear message", function()
    local text, err = nc.clean(bin)
    assert.is_nil(text)
    assert.matches("^newscorpus: clean: .*binary", err)
  end)

  it("extract refuses it or returns valid UTF-8 text", function()
    local text, meta = nc.extract(bin)
    if text == nil then
      assert.matches("^newscorpus: ", meta)
    else
      assert.is_true(valid_utf8_no_nul(text))
    end
  end)

  it("repair, tokens and keys count or skip every bad byte", function()
    local fixed, repairs = nc.repair(bin)
    assert.is_true(valid_utf8_no_nul(fixed))
    assert.is_true(repairs > 0)
    for _, start, stop in nc.tokens(bin) do
      assert.is_true(start >= 1 and stop <= #bin and start <= stop)
    end
    assert.is_string(nc.key(bin:sub(1, 64)))
  end)

  it("ingest counts a binary file as failed and stores the rest", function()
    local dir = tmpdir()
    write(dir .. "/a-binary.txt", bin)
    write(dir .. "/b-good.txt", "Harbour reopens\n\nThe harbour reopened on Tuesday, officials said.\n")
    local c = assert(nc.open(":memory:"))
    local report = assert(c:ingest(dir, { progress = false }))
    assert.equal(1, report.added)
    assert.equal(1, report.failed)
    assert.matches("a%-binary%.txt", report.errors[1])
    assert.equal(1, c:count())
    c:close()
    rmtree(dir)
  end)
end)

describe("NUL bytes", function()
  local s = "The harbour\0 reopened\0\0 on Tuesday, officials said.\0"

  it("repair removes them and counts nothing as invalid UTF-8", function()
    local fixed, repairs = nc.repair(s)
    assert.equal("The harbour reopened on Tuesday, officials said.", fixed)
    assert.equal(0, repairs)
  end)

  it("text that is mostly NUL bytes is refused as binary", function()
    local text, err = nc.clean(s)
    assert.is_nil(text)
    assert.matches("binary", err)
  end)

  it("clean and analyze give text without NUL bytes", function()
    s = ("The harbour reopened on Tuesday, officials said, after a grounding.\n"):rep(3) .. "\0 and\0 more.\n"
    local text = assert(nc.clean(s))
    assert.is_true(valid_utf8_no_nul(text))
    local art = assert(nc.analyze(s))
    assert.is_true(valid_utf8_no_nul(art.text))
  end)

  it("a gazetteer name with a NUL byte is refused with a message", function()
    local gz = nc.gazetteer.new()
    local idx, err = gz:add { name = "Ilse\0Marquette", type = "PERSON" }
    assert.is_nil(idx)
    assert.matches("NUL", err)
  end)

  it("tokens treat NUL as a separator", function()
    local words = {}
    for tok in nc.tokens("a\0b") do words[#words + 1] = tok end
    assert.same({ "a", "b" }, words)
  end)
end)

describe("invalid and overlong UTF-8", function()
  local cases = {
    overlong_slash = "\192\175",               -- C0 AF: overlong '/'
    overlong_3 = "\224\128\175",               -- E0 80 AF
    overlong_4 = "\240\128\128\175",           -- F0 80 80 AF
    surrogate = "\237\160\128",                -- ED A0 80: U+D800
    too_big = "\244\144\128\128",              -- F4 90 80 80: U+110000
    truncated = "caf\195",                     -- cut inside a sequence
    lone_continuation = "\128\191",
    ff_fe = "\255\254",
  }
  for name, bad in pairs(cases) do
    it("repairs " .. name .. " as U+FFFD and counts it", function()
      local fixed, repairs = nc.repair("a" .. bad .. "b")
      assert.is_true(repairs >= 1)
      assert.is_true(valid_utf8_no_nul(fixed))
      assert.truthy(fixed:find(REPLACEMENT, 1, true))
      assert.equal("a", fixed:sub(1, 1))
      assert.equal("b", fixed:sub(-1))
    end)
    it("refuses " .. name .. " in strict mode with a message", function()
      local fixed, err = nc.repair("a" .. bad .. "b", { strict = true })
      assert.is_nil(fixed)
      assert.matches("^newscorpus: .*UTF%-8", err)
    end)
  end

  it("clean reports the repairs it made", function()
    local text, report = nc.clean("Officials said the caf\195\169 \192\175 reopened on Tuesday.\n")
    assert.is_string(text)
    assert.is_true(report.repairs >= 1)
    assert.is_true(valid_utf8_no_nul(text))
  end)

  it("keys, sentences, entities and quotes accept it", function()
    local s = "\237\160\128 Ilse Marquette said: \226\128\156We are fine\192\175.\226\128\157 Then \255."
    assert.is_string(nc.key(s))
    local n = 0
    for start, stop in nc.sentences(s) do
      assert.is_true(start >= 1 and stop <= #s)
      n = n + 1
    end
    assert.is_true(n >= 1)
    local gz = nc.gazetteer.from_table { { "Ilse Marquette", "PERSON" } }
    local ms = nc.entities(s, gz)
    assert.equal(1, #ms)
    assert.is_table(nc.quotes(s))
  end)

  it("a gazetteer name with invalid UTF-8 is refused with a message", function()
    local gz = nc.gazetteer.new()
    local idx, err = gz:add { name = "Caf\233", type = "ORG" }
    assert.is_nil(idx)
    assert.matches("UTF%-8", err)
  end)
end)

describe("a 100 MB single line", function()
  local huge
  setup(function() huge = ("word "):rep(20 * 1024 * 1024) end) -- 100 MB, no newline
  teardown(function() huge = nil; collectgarbage() end)

  it("clean refuses it past max_bytes with a clear message", function()
    local text, err = nc.clean(huge)
    assert.is_nil(text)
    local want = "newscorpus: clean: input of %d bytes exceeds max_bytes (%d)"
    assert.equal(want:format(#huge, 50 * 1024 * 1024), err)
  end)

  it("extract refuses it past max_bytes with a clear message", function()
    local text, err = nc.extract("<p>" .. huge)
    assert.is_nil(text)
    assert.matches("^newscorpus: extract: input of %d+ bytes exceeds max_bytes", err)
  end)

  it("max_bytes can be lowered and must be a non-negative integer", function()
    assert.is_nil((nc.clean("abc", { max_bytes = 2 })))
    assert.equal("abc", (nc.clean("abc", { max_bytes = 3 })))
    assert.has_error(function() nc.clean("abc", { max_bytes = -1 }) end)
    assert.has_error(function() nc.clean("abc", { max_bytes = "10" }) end)
    assert.has_error(function() nc.extract("abc", { max_bytes = 1.5 }) end)
  end)

  it("ingest refuses an article over max_article_bytes and counts it", function()
    local dir = tmpdir()
    write(dir .. "/big.txt", ("x"):rep(2048) .. "\n")
    write(dir .. "/small.txt", "Harbour reopens\n\nThe harbour reopened on Tuesday.\n")
    local c = assert(nc.open(":memory:"))
    local report = assert(c:ingest(dir, { progress = false, max_article_bytes = 1024 }))
    assert.equal(1, report.added)
    assert.equal(1, report.failed)
    assert.matches("big%.txt: article of 2049 bytes exceeds max_article_bytes %(1024%)", report.errors[1])
    assert.has_error(function() c:ingest(dir, { max_article_bytes = 0 }) end)
    assert.has_error(function() c:ingest(dir, { max_article_bytes = "1k" }) end)
    c:close()
    rmtree(dir)
    assert.equal(16 * 1024 * 1024, corpus_mod.MAX_ARTICLE_BYTES)
  end)

  it("a long line under the bound is cleaned and tokenized", function()
    local line = ("The harbour reopened, officials said, "):rep(30000) -- about 1.1 MB, one line
    local text = assert(nc.clean(line))
    assert.is_true(#text > 0)
    assert.is_true(core.token_count(line) > 100000)
  end)
end)

describe("deeply nested and truncated HTML", function()
  local para = "The harbour reopened on Tuesday, officials said, after nine days."

  it("keeps the text under 300 and 100,000 unclosed elements (libxml2 stops at 256 by default)", function()
    for _, depth in ipairs({ 300, 100000 }) do
      local text = assert(nc.extract(("<div>"):rep(depth) .. "<p>" .. para .. "</p>"))
      assert.equal(para, text)
    end
  end)

  it("keeps the text of nested inline elements that are closed", function()
    local html = "<html><body><article>" .. ("<span>"):rep(5000) .. "<p>" .. para .. "</p>"
      .. ("</span>"):rep(5000) .. "</article></body></html>"
    assert.equal(para, (nc.extract(html)))
  end)

  it("truncated pages keep what was there", function()
    local page = "<html><head><title>Harbour reopens</title></head><body><article>"
      .. "<p>The harbour reopened on Tuesday, officials said, after a grounding closed it.</p>"
      .. "<p>Fishermen, who lost nine days of work, welcomed the news, and the mayor agreed.</p>"
    for _, cut in ipairs({ #page, #page - 5, 120, 60, 10, 1 }) do
      local text, meta = nc.extract(page:sub(1, cut))
      if text == nil then
        assert.matches("^newscorpus: ", meta)
      else
        assert.is_true(valid_utf8_no_nul(text))
      end
    end
    local text, meta = nc.extract(page)
    assert.matches("harbour reopened", text)
    assert.equal("Harbour reopens", meta.title)
  end)

  it("unclosed comments, CDATA and attributes do not crash", function()
    for _, html in ipairs({ "<!-- never closed <p>text</p>", "<![CDATA[ x", "<p class=\"a", "<", "</",
      "<a href='",
      "<script>var x = '<p>' ;", "<html><body><table><tr><td><table><tr><td>cell" }) do
      local text, meta = nc.extract(html)
      assert.is_true(text ~= nil or meta:find("^newscorpus: ") ~= nil)
    end
  end)
end)

describe("a gazetteer with 10,000-character names", function()
  local long = ("Harbour "):rep(1250) -- 10,000 characters, 1,250 words

  it("refuses the long names, counts them, and keeps matching the others", function()
    local gz = nc.gazetteer.from_table {
      { "Ilse Marquette", "PERSON" },
      { long, "ORG" },
      { ("x"):rep(10000), "ORG" },
    }
    local st = gz:stats()
    assert.is_true(st.refused + st.skipped >= 2)
    local ms = nc.entities("Ilse Marquette said the harbour reopened. " .. long, gz)
    assert.equal(1, #ms)
    assert.equal("Ilse Marquette", ms[1].entity)
  end)

  it("loads a TSV file with such lines", function()
    local dir = tmpdir()
    local path = dir .. "/gz.tsv"
    write(path, "Ilse Marquette\tPERSON\n" .. ("y"):rep(10000) .. "\tORG\n"
      .. "Port Calder\tGPE\t" .. ("z"):rep(10000) .. "|Calder\n")
    local gz = assert(nc.gazetteer.load(path))
    local ms = nc.entities("Ilse Marquette went to Port Calder and Calder.", gz)
    assert.equal(3, #ms)
    rmtree(dir)
  end)

  it("the matcher refuses over-long names with a limit error", function()
    local m = core.matcher()
    local ok, err = m:add(("y"):rep(10000), 1)
    assert.is_nil(ok)
    assert.matches("^newscorpus: ", err)
  end)
end)

describe("wrong argument types from Lua", function()
  local calls = {
    { "clean(nil)", function() nc.clean(nil) end },
    { "clean({})", function() nc.clean({}) end },
    { "clean(s, 'x')", function() nc.clean("s", "x") end },
    { "clean(s, {bogus})", function() nc.clean("s", { bogus = true }) end },
    { "clean(s, {fold = 1})", function() nc.clean("s", { fold = 1 }) end },
    { "extract(true)", function() nc.extract(true) end },
    { "extract(s, {encoding = 1})", function() nc.extract("s", { encoding = {} }) end },
    { "repair(function)", function() nc.repair(print) end },
    { "tokens(nil)", function() nc.tokens(nil) end },
    { "sentences({})", function() nc.sentences({}) end },
    { "key(nil)", function() nc.key(nil) end },
    { "entities(nil, gz)", function() nc.entities(nil, nc.gazetteer.new()) end },
    { "gazetteer.load(1)", function() nc.gazetteer.load(1) end },
    { "gazetteer.from_table('x')", function() nc.gazetteer.from_table("x") end },
    { "open(42)", function() nc.open(42) end },
    { "open(path, {busy_timeout = 'x'})", function() nc.open(":memory:", { busy_timeout = "x" }) end },
    { "core.matcher():add(nil)", function() core.matcher():add(nil, 1) end },
    { "core.minhash(nil)", function() core.minhash(nil) end },
    { "core.db_open({})", function() core.db_open({}) end },
    { "core.quote_key(nil)", function() core.quote_key(nil) end },
    { "quote_key({})", function() nc.quote_key({}) end },
    { "core.pack_spans('x')", function() core.pack_spans("x") end },
    { "core.wait_readable(nil)", function() core.wait_readable(nil) end },
    { "core.spawn(fn, {nice = 'x'})", function() core.spawn(function() end, { nice = "x" }) end },
  }
  for _, case in ipairs(calls) do
    it(case[1] .. " raises a clear error", function()
      local ok, err = pcall(case[2])
      assert.is_false(ok)
      assert.is_string(err)
      assert.truthy(err:find("bad argument", 1, true) or err:find("expected", 1, true)
        or err:find("option", 1, true), err)
    end)
  end

  it("ingest with a number raises", function()
    local c = assert(nc.open(":memory:"))
    assert.has_error(function() c:ingest(42) end)
    assert.has_error(function() c:ingest("x", "y") end)
    c:close()
  end)
end)

describe("use after close()", function()
  it("a closed corpus raises 'corpus is closed' and close is idempotent", function()
    local c = assert(nc.open(":memory:"))
    c:close()
    c:close()
    for _, f in ipairs({
      function() c:count() end,
      function() c:ingest("examples/corpus") end,
      function() c:query("SELECT 1") end,
      function() c:sources() end,
      function() c:reindex() end,
    }) do
      local ok, err = pcall(f)
      assert.is_false(ok)
      assert.matches("closed", err)
    end
  end)

  it("a closed database and its statements raise", function()
    local db = assert(core.db_open(":memory:"))
    local st = assert(db:prepare("SELECT 1"))
    db:close()
    db:close()
    assert.has_error(function() db:exec("SELECT 1") end)
    assert.has_error(function() st:step() end)
    st:close()
  end)

  it("a closed matcher raises", function()
    local m = core.matcher()
    m:add("Ilse Marquette", 1)
    m:close()
    m:close()
    assert.has_error(function() m:add("Port Calder", 2) end)
    assert.has_error(function() for _ in m:matches("Ilse Marquette") do end end)
  end)
end)
