-- Specs of newscorpus.corpus: schema, ingest, documents, search, export, bad input.
local corpus = require "newscorpus.corpus"
local core = require "newscorpus.core"
local lfs = require "lfs"
local json = require "cjson"
local spec_files = dofile("spec/support/files.lua")
local write, rmtree, remove_db = spec_files.write, spec_files.rmtree, spec_files.remove_db

local FIX = "spec/fixtures/store/corpus"

local function tmpname()
  local path = os.tmpname()
  os.remove(path)
  return path
end

-- A small stand-in for newscorpus.analyze: HTML tags dropped, sentences split at . ! ?,
-- mentions of a fixed list of fictional people, quotes in curly marks with "X said" after.
local PEOPLE = {
  { name = "Tomas Brenner", type = "PERSON", id = "P1", short = "Brenner" },
  { name = "Ilse Varga", type = "PERSON", id = "P2", short = "Varga" },
  { name = "Vella Ferry Union", type = "ORG" },
}

local function analyze(rec)
  local text = rec.raw
  if rec.format == "html" then
    text = text:gsub("<nav>.-</nav>", ""):gsub("<footer>.-</footer>", ""):gsub("<head>.-</head>", "")
    text = text:gsub("<[^>]*>", ""):gsub("^%s+", "")
  end
  local sentences = {}
  for s, e in text:gmatch("()[^%.!?\n]+[%.!?]*()") do
    if text:sub(s, e - 1):find("%S") then sentences[#sentences + 1] = { start = s, stop = e - 1 } end
  end
  local mentions = {}
  for _, p in ipairs(PEOPLE) do
    local init = 1
    while true do
      local s, e = text:find(p.name, init, true)
      if not s then break end
      mentions[#mentions + 1] = { start = s, stop = e, text = p.name, entity = p.name, type = p.type,
        id = p.id, how = "name" }
      init = e + 1
    end
  end
  table.sort(mentions, function(a, b) return a.start < b.start end)
  local quotes = {}
  for qs, q, qe, who in text:gmatch("\xE2\x80\x9C()(.-)()\xE2\x80\x9D[^.]-([%u][%a]+ [%u][%a]+) said") do
    local entity
    for _, p in ipairs(PEOPLE) do if p.name == who then entity = p.name end end
    quotes[#quotes + 1] = { start = qs, stop = qe - 1, text = q, speaker = who, entity = entity,
      kind = "direct", cue = "said" }
  end
  local first_line = text:match("^[^\n]*")
  return { file = rec.file, format = rec.format, source = rec.meta.source, url = rec.meta.url,
    date = rec.meta.date, author = rec.meta.author, title = rec.meta.title or first_line,
    language = "en", raw = rec.raw, text = text, removed = {}, repairs = 0,
    sentences = sentences, mentions = mentions, quotes = quotes }
end

describe("corpus.open", function()
  it("creates the schema, versioned", function()
    local c = assert(corpus.open(":memory:"))
    local db = c:db()
    local v
    for row in db:rows("PRAGMA user_version") do v = row.user_version end
    assert.equal(corpus.SCHEMA_VERSION, v)
    local tables = {}
    for row in db:rows("SELECT name FROM sqlite_schema WHERE type = 'table'") do tables[row.name] = true end
    for _, t in ipairs({ "sources", "articles", "entities", "mentions", "quotes", "articles_fts" }) do
      assert.is_true(tables[t], t)
    end
    assert.equal(0, c:count())
    c:close()
  end)

  it("reopens an existing corpus file and keeps its articles", function()
    local path = tmpname()
    local c = assert(corpus.open(path))
    assert(c:ingest(FIX .. "/Harbor Times", { analyze = analyze, progress = false }))
    c:close()
    c = assert(corpus.open(path, { busy_timeout = 200 }))
    for row in c:db():rows("PRAGMA page_size") do assert.equal(16384, row.page_size) end
    assert.equal(2, c:count())
    c:close()
    local ro = assert(corpus.open(path, { readonly = true }))
    assert.equal(2, ro:count())
    ro:close()
    remove_db(path)
  end)

  it("refuses a file that is not a database, another application's database, a newer schema", function()
    local path = tmpname()
    write(path, ("garbage "):rep(1000))
    local c, err = corpus.open(path)
    assert.is_nil(c)
    assert.matches("file is not a database", err)
    remove_db(path)

    local db = assert(core.db_open(path))
    assert(db:exec("CREATE TABLE accounts (id)"))
    db:close()
    c, err = corpus.open(path)
    assert.is_nil(c)
    assert.matches("not a newscorpus database", err)
    remove_db(path)

    db = assert(core.db_open(path))
    assert(db:exec("PRAGMA user_version = 99"))
    db:close()
    c, err = corpus.open(path)
    assert.is_nil(c)
    assert.matches("schema version 99 is newer", err)
    remove_db(path)

    -- a file of the first schema (one row a sentence): a clear message, nothing changed
    db = assert(core.db_open(path))
    assert(db:exec("CREATE TABLE sentences (article_id INTEGER, idx INTEGER, start INTEGER, "
      .. "stop INTEGER); PRAGMA user_version = 1"))
    db:close()
    c, err = corpus.open(path)
    assert.is_nil(c)
    assert.matches("schema version 1 is older than this newscorpus understands %(3%)", err)
    remove_db(path)
  end)

  it("upgrades a version-2 file when it is opened for writing, and only then", function()
    local path = tmpname()
    local input = tmpname() .. ".txt"
    write(input, "Officials met on Monday.\n\n\226\128\156We\226\128\153re ready,\226\128\157 "
      .. "said Ana Ruiz.\n")
    local c2 = assert(corpus.open(path))
    assert(c2:ingest(input, { progress = false }))
    assert.equal(1, #c2:query("SELECT id FROM quotes"))
    c2:close()
    os.remove(input)
    -- what a version-2 file looked like: an index on quotes.key and keys of the older form
    local db = assert(core.db_open(path))
    assert(db:exec("CREATE INDEX quotes_key ON quotes(key); UPDATE quotes SET key = 'we''re ready'; "
      .. "PRAGMA user_version = 2"))
    db:close()
    local ro = assert(corpus.open(path, { readonly = true }))
    assert.equal(2, ro:query("PRAGMA user_version")[1].user_version)
    ro:close()
    c2 = assert(corpus.open(path))
    assert.equal(3, c2:query("PRAGMA user_version")[1].user_version)
    assert.same({}, c2:query("SELECT name FROM sqlite_schema WHERE name = 'quotes_key'"))
    assert.equal("were ready", c2:query("SELECT key FROM quotes")[1].key)
    c2:close()
    remove_db(path)
  end)

  it("packs sentence spans into one value an article and reads them back", function()
    local spans = { { start = 1, stop = 10 }, { start = 12, stop = 12 }, { start = 0, stop = 0 },
      { start = 13, stop = 4294967295 } }
    local blob = corpus._pack_sentences(spans)
    assert.equal(8 * #spans, #blob)
    assert.same(spans, corpus._unpack_sentences(blob))
    assert.is_nil(corpus._pack_sentences({}))
    assert.is_nil(corpus._pack_sentences(nil))
    assert.same({}, corpus._unpack_sentences(nil))
    for _, bad in ipairs({ { start = 1.5, stop = 2 }, { start = -1, stop = 2 }, { start = 1 },
      { start = "1", stop = 2 }, { start = 1, stop = 4294967296 }, { start = print, stop = 1 },
      { start = 2.0, stop = 3 }, "1-2" }) do
      local ok, err = pcall(corpus._pack_sentences, { { start = 1, stop = 2 }, bad })
      assert.is_false(ok)
      assert.matches("^sentence 2: start and stop must be integers", err)
    end
    -- stored as a BLOB in the article row, NULL without sentences
    local c = assert(corpus.open(":memory:"))
    assert(c:ingest(FIX .. "/Harbor Times/port-talks.txt", { analyze = analyze, progress = false }))
    local row = assert(c:query("SELECT typeof(sentences) AS t, length(sentences) AS n FROM articles"))[1]
    assert.equal("blob", row.t)
    assert.equal(3 * 8, row.n)
    local none = function(rec)
      local art = analyze(rec)
      art.sentences = {}
      return art
    end
    assert(c:ingest(FIX .. "/Harbor Times/ferry-costs.txt", { analyze = none, progress = false }))
    local docs = {}
    for d in c:documents() do docs[#docs + 1] = d end
    assert.equal(2, #docs)
    assert.equal(3, #docs[1].sentences)
    assert.same({}, docs[2].sentences)
    assert.equal("null", assert(c:query("SELECT typeof(sentences) AS t FROM articles WHERE id = 2"))[1].t)
    c:close()
  end)

  it("rejects wrong argument types and unknown options", function()
    assert.has_error(function() corpus.open() end)
    assert.has_error(function() corpus.open(42) end)
    assert.has_error(function() corpus.open(":memory:", "wal") end)
    assert.has_error(function() corpus.open(":memory:", { busy = 1 }) end)
    assert.has_error(function() corpus.open(":memory:", { busy_timeout = 1.5 }) end)
  end)
end)

describe("corpus:ingest", function()
  local c
  before_each(function() c = assert(corpus.open(":memory:")) end)
  after_each(function() c:close() end)

  it("stores every good record, reports the bad ones by file:line", function()
    local report = assert(c:ingest(FIX, { analyze = analyze, progress = false }))
    assert.equal(6, report.added)
    assert.equal(0, report.skipped)
    assert.equal(3, report.failed)
    assert.equal(3, #report.errors)
    assert.matches("feed.jsonl:4: not JSON", report.errors[1])
    assert.matches("feed.jsonl:5: expected a JSON object", report.errors[2])
    assert.matches("feed.jsonl:6: the object has no 'text' or 'html' string", report.errors[3])
    assert.equal(6, c:count())
    local names = {}
    for _, s in ipairs(c:sources()) do names[#names + 1] = s.name .. "=" .. s.articles end
    assert.same({ "Harbor Times=2", "Metro Wire=3", "Valley Herald=1" }, names)
  end)

  it("is idempotent: the same content again is skipped and counted", function()
    assert(c:ingest(FIX, { analyze = analyze, progress = false }))
    local again = assert(c:ingest(FIX, { analyze = analyze, progress = false, batch = 2 }))
    assert.equal(0, again.added)
    assert.equal(6, again.skipped)
    assert.equal(6, c:count())
    local n = 0
    for _ in c:db():rows("SELECT 1 FROM mentions") do n = n + 1 end
    local once = assert(corpus.open(":memory:"))
    assert(once:ingest(FIX, { analyze = analyze, progress = false }))
    local m = 0
    for _ in once:db():rows("SELECT 1 FROM mentions") do m = m + 1 end
    once:close()
    assert.equal(m, n) -- nothing stored twice
  end)

  it("keeps the same text from two outlets as two articles", function()
    local dir = tmpname()
    assert(lfs.mkdir(dir))
    assert(lfs.mkdir(dir .. "/Outlet A"))
    assert(lfs.mkdir(dir .. "/Outlet B"))
    local wire = "Harbor officials met on Monday. Tomas Brenner said talks would go on.\n"
    write(dir .. "/Outlet A/story.txt", wire)
    write(dir .. "/Outlet B/story.txt", wire)
    write(dir .. "/Outlet B/copy.txt", wire) -- the same outlet twice: one article
    local report = assert(c:ingest(dir, { analyze = analyze, progress = false }))
    assert.equal(2, report.added)
    assert.equal(1, report.skipped)
    rmtree(dir)
  end)

  it("stores sentences, mentions with entities, and quotes with speakers", function()
    assert(c:ingest(FIX .. "/Harbor Times/port-talks.txt", { analyze = analyze, progress = false }))
    local doc
    for d in c:documents() do doc = d end
    assert.equal("Harbor Times", doc.source)
    assert.equal("Port Vella talks resume after storm delay", doc.title)
    assert.equal("2026-03-14", doc.date)
    assert.equal("Mira Castell", doc.author)
    assert.equal("https://harbortimes.example/port-vella-talks", doc.url)
    assert.equal("txt", doc.format)
    assert.equal(32, #doc.hash)
    assert.equal(3, #doc.sentences)
    local s1 = doc.sentences[1]
    assert.equal("Harbor officials and the Vella Ferry Union met on Monday for the first time since "
      .. "the storm.",
      doc.text:sub(s1.start, s1.stop))
    local by_entity = {}
    for _, m in ipairs(doc.mentions) do
      by_entity[m.entity] = m
      assert.equal(m.text, doc.text:sub(m.start, m.stop))
    end
    assert.equal("PERSON", by_entity["Tomas Brenner"].type)
    assert.equal("P1", by_entity["Tomas Brenner"].id)
    assert.equal("ORG", by_entity["Vella Ferry Union"].type)
    assert.equal(1, #doc.quotes)
    local q = doc.quotes[1]
    assert.equal("We are ready to sign if the schedule is fair,", q.text)
    assert.equal(q.text, doc.text:sub(q.start, q.stop))
    assert.equal("Tomas Brenner", q.speaker)
    assert.equal("Tomas Brenner", q.entity)
    assert.equal("we are ready to sign if the schedule is fair", q.key)
    assert.same({}, doc.removed)
    assert.equal(doc.text, doc.raw)
    for row in c:db():rows("SELECT raw FROM articles") do assert.is_nil(row.raw) end -- stored once
  end)

  it("keeps the raw bytes when cleaning changed them", function()
    assert(c:ingest(FIX .. "/Valley Herald", { analyze = analyze, progress = false }))
    local doc = c:document(1)
    assert.matches("^<!DOCTYPE html>", doc.raw)
    assert.matches("^Ferry deal close, union says", doc.text)
    assert.is_nil(doc.text:find("<", 1, true))
  end)

  it("groups the same quote from two outlets under one key", function()
    assert(c:ingest(FIX, { analyze = analyze, progress = false }))
    local groups = {}
    for row in c:db():rows("SELECT key, count(*) AS n, count(DISTINCT a.source_id) AS outlets "
      .. "FROM quotes q JOIN articles a ON a.id = q.article_id GROUP BY key") do
      groups[#groups + 1] = row
    end
    assert.equal(1, #groups)
    assert.equal(2, groups[1].outlets)
  end)

  it("reports an analysis error and a record that cannot be stored, storing the rest whole", function()
    local bad = function(rec)
      if rec.file:find("ferry%-costs") then error("tokenizer exploded") end
      local art = analyze(rec)
      if rec.file:find("port%-talks") then art.sentences[2].start = nil end -- a bad span
      return art
    end
    local report = assert(c:ingest(FIX .. "/Harbor Times", { analyze = bad, progress = false }))
    assert.equal(0, report.added)
    assert.equal(2, report.failed)
    assert.matches("ferry%-costs.txt: analysis failed: .*tokenizer exploded", report.errors[1])
    assert.matches("port%-talks.txt: not stored: sentence 2: start and stop must be integers",
      report.errors[2])
    local db = c:db()
    for _, t in ipairs({ "articles", "mentions", "quotes" }) do
      for row in db:rows("SELECT count(*) AS n FROM " .. t) do assert.equal(0, row.n, t) end
    end
    assert.equal(0, #c:search("Harbor"))
    assert.is_true(db:exec("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"))
    -- and the same file ingests once the problem is gone
    report = assert(c:ingest(FIX .. "/Harbor Times", { analyze = analyze, progress = false }))
    assert.equal(2, report.added)
  end)

  it("reports analysis results that are not tables", function()
    local report = assert(c:ingest(FIX .. "/Harbor Times/ferry-costs.txt",
      { analyze = function() return "text" end, progress = false }))
    assert.equal(1, report.failed)
    assert.matches("analysis returned string", report.errors[1])
    report = assert(c:ingest(FIX .. "/Harbor Times/ferry-costs.txt",
      { analyze = function() return {} end, progress = false }))
    assert.matches("no clean text", report.errors[1])
  end)

  it("reports a file that vanishes mid-ingest and ingests the rest", function()
    local dir = tmpname()
    assert(lfs.mkdir(dir))
    write(dir .. "/a.txt", "First article text. Tomas Brenner said so.\n")
    write(dir .. "/b.txt", "Second article text.\n")
    write(dir .. "/c.txt", "Third article text.\n")
    local vanishing = function(rec)
      if rec.file:find("a%.txt$") then os.remove(dir .. "/b.txt") end
      return analyze(rec)
    end
    local report = assert(c:ingest(dir, { analyze = vanishing, progress = false }))
    assert.equal(2, report.added)
    assert.equal(1, report.failed)
    assert.matches("b.txt: cannot open", report.errors[1])
    rmtree(dir)
  end)

  it("returns nil, message and the report when the database is locked", function()
    local path = tmpname()
    local writer = assert(corpus.open(path))
    local c2 = assert(corpus.open(path, { busy_timeout = 50 }))
    assert(writer:db():exec("BEGIN IMMEDIATE"))
    local ok, err, report = c2:ingest(FIX, { analyze = analyze, progress = false })
    assert.is_nil(ok)
    assert.matches("database is locked", err)
    assert.equal(0, report.added)
    assert(writer:db():exec("ROLLBACK"))
    report = assert(c2:ingest(FIX, { analyze = analyze, progress = false, batch = 1 }))
    assert.equal(6, report.added)
    assert.equal(6, writer:count())
    writer:close()
    c2:close()
    remove_db(path)
  end)

  it("writes a progress line when asked", function()
    local out = {}
    local file = { write = function(_, ...) for _, v in ipairs({ ... }) do out[#out + 1] = v end end }
    local report = assert(c:ingest(FIX, { analyze = analyze, progress = file }))
    assert.equal(6, report.added)
    local text = table.concat(out)
    assert.matches("\rnewscorpus: ingest file 4/4  added 6  skipped 0  failed 3\n$", text)
  end)

  it("returns nil, message for a read-only corpus", function()
    local path = tmpname()
    assert(corpus.open(path)):close()
    local ro = assert(corpus.open(path, { readonly = true }))
    local ok, err, report = ro:ingest(FIX, { analyze = analyze, progress = false })
    assert.is_nil(ok)
    assert.matches("^newscorpus: ingest: the corpus is open read%-only", err)
    assert.equal(0, report.added)
    ro:close()
    remove_db(path)
  end)

  it("reports a corrupt database file clearly", function()
    local path = tmpname()
    local w = assert(corpus.open(path))
    assert(w:ingest(FIX, { analyze = analyze, progress = false }))
    w:close()
    local f = assert(io.open(path, "r+b"))
    local size = f:seek("end")
    f:seek("set", 4096) -- keep the header page with the schema, smash every other page
    f:write(("\255\0garbage"):rep((size - 4096) // 9 + 1))
    f:close()
    local c2, err = corpus.open(path)
    local report
    if c2 then
      local ok
      ok, err, report = c2:ingest(FIX, { analyze = analyze, progress = false })
      assert.is_nil(ok)
      assert.is_table(report)
      c2:close()
    end
    assert.matches("^newscorpus: .*malformed", err)
    remove_db(path)
  end)

  it("rejects wrong argument types and options", function()
    assert.has_error(function() c:ingest() end)
    assert.has_error(function() c:ingest(42) end)
    assert.has_error(function() c:ingest(FIX, { analyze = "yes" }) end)
    assert.has_error(function() c:ingest(FIX, { batch = 0 }) end)
    assert.has_error(function() c:ingest(FIX, { batch = 2.5 }) end)
    assert.has_error(function() c:ingest(FIX, { progress = 1 }) end)
    assert.has_error(function() c:ingest(FIX, { progress = {} }) end)
    assert.has_error(function() c:ingest(FIX, { analyse = analyze }) end)
  end)

  it("uses the analysis pipeline (newscorpus.analyze) by default", function()
    local report = assert(c:ingest(FIX, { progress = false }))
    assert.equal(6, report.added)
    for doc in c:documents() do assert.is_true(#doc.sentences > 0) end
  end)
end)

-- Everything a corpus stores, as plain tables (removed spans decoded: JSON key order is free).
local function contents(c)
  local out = {}
  for t, order in pairs({ sources = "id", entities = "id", mentions = "id", quotes = "id" }) do
    out[t] = assert(c:query("SELECT * FROM " .. t .. " ORDER BY " .. order))
  end
  out.articles = assert(c:query("SELECT * FROM articles ORDER BY id"))
  for _, a in ipairs(out.articles) do
    a.added_at = nil
    a.removed = a.removed_json and json.decode(a.removed_json)
    a.removed_json = nil
  end
  out.fts = assert(c:query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'ferry' ORDER BY rowid"))
  return out
end

describe("corpus:ingest with jobs (worker processes)", function()
  local c
  before_each(function() c = assert(corpus.open(":memory:")) end)
  after_each(function() c:close() end)

  it("stores the same articles, in the same order, with the same report as one process", function()
    local seq = assert(corpus.open(":memory:"))
    local paths = { FIX, FIX .. "/no-such-dir", FIX .. "/wire/feed.jsonl" }
    local want = assert(seq:ingest(paths, { analyze = analyze, progress = false }))
    assert.equal(7, want.failed)
    assert.equal(3, want.skipped)
    for _, jobs in ipairs({ 2, 3 }) do
      local par = assert(corpus.open(":memory:"))
      local got = assert(par:ingest(paths, { analyze = analyze, progress = false, jobs = jobs, batch = 2 }))
      assert.same(want, got)
      assert.same(contents(seq), contents(par))
      assert.is_true(par:db():exec("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"))
      par:close()
    end
    -- the default pipeline too
    local seq2, par2 = assert(corpus.open(":memory:")), assert(corpus.open(":memory:"))
    assert.same(assert(seq2:ingest(FIX, { progress = false })),
      assert(par2:ingest(FIX, { progress = false, jobs = 2 })))
    assert.same(contents(seq2), contents(par2))
    seq:close()
    seq2:close()
    par2:close()
  end)

  it("is idempotent: stored content and repeats within the input are skipped", function()
    assert(c:ingest(FIX, { analyze = analyze, progress = false, jobs = 2 }))
    local again = assert(c:ingest({ FIX, FIX }, { analyze = analyze, progress = false, jobs = 2 }))
    assert.equal(0, again.added)
    assert.equal(12, again.skipped)
    assert.equal(6, again.failed)
    assert.equal(6, c:count())
    local fresh = assert(corpus.open(":memory:"))
    local twice = assert(fresh:ingest({ FIX, FIX }, { analyze = analyze, progress = false, jobs = 2 }))
    assert.equal(6, twice.added)
    assert.equal(6, twice.skipped)
    assert.same(contents(c), contents(fresh))
    fresh:close()
  end)

  it("ingests many records, a file on disk, with a progress line and flat batches", function()
    local dir = tmpname()
    assert(lfs.mkdir(dir))
    local f = assert(io.open(dir .. "/feed.jsonl", "wb"))
    for i = 1, 300 do
      f:write(json.encode({ source = "Metro Wire", title = "Story " .. i,
        text = ("Story %d. Tomas Brenner met Ilse Varga on day %d. \u{201C}We talk,\u{201D} "
          .. "Tomas Brenner said."):format(i, i) }), "\n")
      if i % 50 == 0 then f:write("\n{broken\n") end
    end
    f:close()
    local path = tmpname()
    local disk = assert(corpus.open(path))
    local out = {}
    local file = { write = function(_, ...) for _, v in ipairs({ ... }) do out[#out + 1] = v end end }
    local report = assert(disk:ingest(dir, { analyze = analyze, progress = file, jobs = 2, batch = 64 }))
    assert.equal(300, report.added)
    assert.equal(6, report.failed)
    assert.matches("feed.jsonl:52: not JSON", report.errors[1])
    assert.matches("newscorpus: ingest file 1/1  added 300  skipped 0  failed 6\n$", table.concat(out))
    local n = 0
    for doc in disk:documents() do
      n = n + 1
      assert.equal("Story " .. n, doc.title)
      assert.equal(1, #doc.quotes)
      assert.equal("Tomas Brenner", doc.quotes[1].entity)
    end
    assert.equal(300, n)
    disk:close()
    remove_db(path)
    rmtree(dir)
  end)

  it("keeps input order when results are larger than the workers' sockets hold", function()
    -- each result (about 0.4 MB) is over what a socket holds at its default size, and the 24
    -- of them over the 2 MB that core.spawn asks for, so results are read ahead while others
    -- are stored (a worker whose socket is full would otherwise wait)
    local dir = tmpname()
    assert(lfs.mkdir(dir))
    local f = assert(io.open(dir .. "/big.jsonl", "wb"))
    local para = "Tomas Brenner met Ilse Varga at the harbour, where the ferries wait. "
    for i = 1, 24 do
      f:write(json.encode({ source = "Metro Wire", title = "Long story " .. i,
        text = ("Part %d. "):format(i) .. para:rep(3000 + i) }), "\n")
    end
    f:close()
    local seq = assert(corpus.open(":memory:"))
    local want = assert(seq:ingest(dir, { analyze = analyze, progress = false }))
    for _, jobs in ipairs({ 2, 3 }) do
      local par = assert(corpus.open(":memory:"))
      local got = assert(par:ingest(dir, { analyze = analyze, progress = false, jobs = jobs, batch = 5 }))
      assert.same(want, got)
      assert.equal(24, got.added)
      local n = 0
      for doc in par:documents() do
        n = n + 1
        assert.equal("Long story " .. n, doc.title)
      end
      assert.equal(24, n)
      assert.same(contents(seq), contents(par))
      par:close()
    end
    seq:close()
    rmtree(dir)
  end)

  it("reports analysis errors, unstorable and unsendable results, storing the rest whole", function()
    local bad = function(rec)
      if rec.file:find("ferry%-costs") then error("tokenizer exploded") end
      local art = analyze(rec)
      if rec.file:find("port%-talks") then art.sentences[2].start = nil end -- a bad span
      if rec.file:find("ferry%-deal") then -- cannot be sent back
        art.mentions = { { entity = "Vella Ferry Union", start = print, stop = 1 } }
      end
      if rec.line == 2 then return "text" end
      return art
    end
    local report = assert(c:ingest(FIX, { analyze = bad, progress = false, jobs = 2 }))
    assert.equal(2, report.added)
    assert.equal(7, report.failed)
    local text = table.concat(report.errors, "\n")
    assert.matches("ferry%-costs.txt: analysis failed: .*tokenizer exploded", text)
    assert.matches("port%-talks.txt: not stored: sentence 2: start and stop must be integers", text)
    assert.matches("ferry%-deal.html: analysis result cannot be stored: .*cannot pack a function", text)
    assert.matches("feed.jsonl:2: analysis returned string", text)
    assert.is_true(c:db():exec("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"))
  end)

  it("reports a JSONL file that is cut short mid-ingest and ingests the rest", function()
    local dir = tmpname()
    assert(lfs.mkdir(dir))
    local lines = {}
    -- lines longer than a stdio buffer, so that the cut is seen rather than buffered bytes
    for i = 1, 5 do lines[i] = json.encode({ text = ("Article number " .. i .. ". "):rep(2000) }) end
    write(dir .. "/a.jsonl", table.concat(lines, "\n") .. "\n")
    write(dir .. "/b.txt", "Another article.\n")
    local cutting = function(rec)
      if rec.line == 1 then write(dir .. "/a.jsonl", lines[1] .. "\n") end
      return analyze(rec)
    end
    -- the slots are taken ahead, in batches: one worker reads them all, in order
    local report = assert(c:ingest(dir, { analyze = cutting, progress = false, jobs = 2 }))
    assert.equal(2, report.added)
    assert.equal(4, report.failed)
    assert.matches("a.jsonl:2: cannot read the line %(the file changed during ingest%)", report.errors[1])
    rmtree(dir)
  end)

  it("returns nil, message and the report when a worker dies; committed batches stay", function()
    local path = tmpname()
    local disk = assert(corpus.open(path))
    local dying = function(rec)
      if rec.line == 7 then os.exit(3) end
      return analyze(rec)
    end
    local ok, err, report = disk:ingest(FIX, { analyze = dying, progress = false, jobs = 2, batch = 1 })
    assert.is_nil(ok)
    assert.matches("^newscorpus: worker exited with status 3", err)
    assert.equal(report.added, disk:count())
    assert.is_false(disk:db():in_transaction())
    -- and the rest goes in later
    report = assert(disk:ingest(FIX, { analyze = analyze, progress = false, jobs = 2 }))
    assert.equal(6, disk:count())
    assert.equal(6, report.added + report.skipped)
    disk:close()
    remove_db(path)
  end)

  it("returns nil, message and the report when the database is locked", function()
    local path = tmpname()
    local writer = assert(corpus.open(path))
    local c2 = assert(corpus.open(path, { busy_timeout = 50 }))
    assert(writer:db():exec("BEGIN IMMEDIATE"))
    local ok, err, report = c2:ingest(FIX, { analyze = analyze, progress = false, jobs = 2 })
    assert.is_nil(ok)
    assert.matches("database is locked", err)
    assert.equal(0, report.added)
    assert(writer:db():exec("ROLLBACK"))
    writer:close()
    c2:close()
    remove_db(path)
  end)

  it("reports many unreadable paths in order, long paths too", function()
    local paths = {}
    for i = 1, 300 do paths[i] = ("/nonexistent/%s/%d.jsonl"):format(("x"):rep(3000), i) end
    paths[150] = FIX
    local report = assert(c:ingest(paths, { analyze = analyze, progress = false, jobs = 2 }))
    assert.equal(6, report.added)
    assert.equal(302, report.failed)
    assert.matches("/1%.jsonl: no such file or directory$", report.errors[1])
    assert.matches("/149%.jsonl: no such file or directory$", report.errors[149])
    assert.matches("feed.jsonl:4: not JSON", report.errors[150])
    assert.matches("/300%.jsonl: no such file or directory$", report.errors[302])
  end)

  it("rejects bad jobs values", function()
    assert.has_error(function() c:ingest(FIX, { jobs = 0 }) end, "bad argument #2 to 'ingest' "
      .. "(option 'jobs' must be between 1 and 256)")
    assert.has_error(function() c:ingest(FIX, { jobs = 257 }) end)
    assert.has_error(function() c:ingest(FIX, { jobs = 1.5 }) end)
    assert.has_error(function() c:ingest(FIX, { jobs = "2" }) end)
    assert.equal(0, c:count())
  end)
end)

describe("corpus: the full-text index", function()
  it("follows deletes and updates made with SQL, and can be rebuilt", function()
    local c = assert(corpus.open(":memory:"))
    assert(c:ingest(FIX, { analyze = analyze, progress = false }))
    local db = c:db()
    assert.equal(1, #c:search("forty boats"))
    assert(db:exec("DELETE FROM articles WHERE title = 'Storm damage count'"))
    assert.equal(0, #c:search("forty boats"))
    assert(db:exec("UPDATE articles SET text = 'Ferry fares rise by ten crowns.' WHERE id = 1"))
    assert.equal(1, #c:search("fares"))
    assert.equal(0, #c:search("Tuesday"))
    assert.is_true(db:exec("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"))
    assert.is_true(c:reindex())
    assert.equal(1, #c:search("fares"))
    assert.equal(5, c:count())
    c:close()
  end)
end)

describe("corpus: reading", function()
  local c
  setup(function()
    c = assert(corpus.open(":memory:"))
    assert(c:ingest(FIX, { analyze = analyze, progress = false }))
  end)
  teardown(function() c:close() end)

  it("iterates documents in insertion order, filtered by source", function()
    local titles = {}
    for doc in c:documents() do titles[#titles + 1] = doc.title end
    assert.equal(6, #titles)
    assert.equal("Ferry repair bill tops two million", titles[1])
    local metro = {}
    for doc in c:documents({ source = "Metro Wire" }) do metro[#metro + 1] = doc.url or "-" end
    assert.same({ "https://metrowire.example/1", "https://metrowire.example/2", "-" }, metro)
    local first_id
    for doc in c:documents() do -- a break closes the statement
      first_id = first_id or doc.id
      if first_id then break end
    end
    assert.equal(1, first_id)
    assert.has_error(function() c:documents({ source = 1 }) end)
    assert.has_error(function() c:documents({ sauce = "x" }) end)
  end)

  it("runs report queries", function()
    local rows = assert(c:query("SELECT e.name, count(*) AS n FROM mentions m JOIN entities e "
      .. "ON e.id = m.entity_id WHERE e.type = ? GROUP BY e.name ORDER BY n DESC, e.name", "PERSON"))
    assert.same({ { name = "Ilse Varga", n = 4 }, { name = "Tomas Brenner", n = 4 } }, rows)
    local none, err = c:query("SELECT * FROM nowhere")
    assert.is_nil(none)
    assert.matches("no such table", err)
    assert.has_error(function() c:query(1) end)
  end)

  it("finds a document by id", function()
    local doc = c:document(1)
    assert.equal(1, doc.id)
    assert.is_nil(c:document(999))
    assert.has_error(function() c:document("1") end)
  end)

  it("searches with snippets, case-insensitively, safe for punctuation", function()
    local hits = c:search("ferry union")
    assert.is_true(#hits >= 2)
    for _, h in ipairs(hits) do
      assert.is_number(h.article_id)
      assert.is_string(h.source)
      assert.matches("%[", h.snippet)
    end
    local one = c:search("FORTY boats")
    assert.equal(1, #one)
    assert.equal("Storm damage count", one[1].title)
    assert.equal("Metro Wire", one[1].source)
    assert.matches("%[forty%] %[boats%]", one[1].snippet)
    assert.same({}, c:search("U.S. (talks) \"unbalanced"))
    assert.same({}, c:search("   "))
    assert.equal(1, #c:search('"forty boats"'))
    assert.equal(0, #c:search('"boats forty"'))
    assert.equal(1, #c:search("bo*", { source = "Metro Wire", limit = 1 }))
    assert.equal(2, #c:search("forty OR Tuesday"))
    local h = c:search("forty", { before = "<b>", after = "</b>" })[1]
    assert.matches("<b>forty</b>", h.snippet)
  end)

  it("returns nil, message for an FTS5 syntax error in raw mode", function()
    local hits, err = c:search('"unbalanced', { fts = true })
    assert.is_nil(hits)
    assert.matches("^newscorpus: ", err)
    assert.has_error(function() c:search(42) end)
    assert.has_error(function() c:search("x", { limit = "10" }) end)
  end)

  it("builds safe FTS5 queries from free text", function()
    assert.equal('"U.S." "talks"', corpus.fts_query("U.S. talks"))
    assert.equal('"military talks" OR "ceasefire"', corpus.fts_query('"military talks" OR ceasefire'))
    assert.equal('"port"*', corpus.fts_query("port*"))
    assert.equal('"a" "b"', corpus.fts_query('a"b'))
    assert.equal('"O\'Neil"', corpus.fts_query("O'Neil"))
    assert.equal('"x"', corpus.fts_query("OR x AND"))
  end)

  it("exports CSV and JSONL", function()
    local path = tmpname()
    assert.equal(6, c:export(path, "csv"))
    local f = assert(io.open(path, "rb"))
    local csv = f:read("a")
    f:close()
    assert.matches("^id,source,date,title,author,url,language,file,format,hash,sentences,mentions,"
      .. "quotes,text\r\n",
      csv)
    assert.matches('\r\n1,Harbor Times,,Ferry repair bill tops two million,', csv)
    assert.equal(6, c:export(path, "jsonl"))
    local n = 0
    for line in io.lines(path) do
      n = n + 1
      local obj = json.decode(line)
      assert.is_string(obj.text)
      assert.is_table(obj.sentences)
      assert.is_table(obj.mentions)
      if obj.title == "Port Vella talks resume after storm delay" then
        assert.equal("Tomas Brenner", obj.quotes[1].speaker)
      end
    end
    assert.equal(6, n)
    os.remove(path)
    local ok, err = c:export("/nonexistent/dir/out.csv", "csv")
    assert.is_nil(ok)
    assert.matches("^newscorpus: export", err)
    assert.has_error(function() c:export(path, "xml") end)
  end)
end)

describe("corpus:close", function()
  it("is idempotent, works with <close>, and later use errors clearly", function()
    local doc
    do
      local c <close> = assert(corpus.open(":memory:"))
      assert(c:ingest(FIX .. "/wire", { analyze = analyze, progress = false }))
      doc = c:document(1)
    end
    assert.has_error(function() return doc.sentences end, "newscorpus: document.sentences: corpus is closed")
    local c = assert(corpus.open(":memory:"))
    c:close()
    c:close()
    assert.has_error(function() c:count() end, "newscorpus: count: corpus is closed")
    assert.has_error(function() c:ingest(FIX) end)
  end)
end)
