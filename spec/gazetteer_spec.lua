-- Specs of newscorpus.gazetteer and the C matcher (newscorpus.core.matcher).
local gazetteer = require "newscorpus.gazetteer"
local core = require "newscorpus.core"

local FIX = "spec/fixtures/gazetteer/"

-- All matches as { "surface=canonical", ... }.
local function found(gz, text, opts)
  local out = {}
  for s, e, idx in gz:matches(text, opts) do
    out[#out + 1] = text:sub(s, e) .. "=" .. gz:entity(idx).name
  end
  return out
end

local function tmpfile(content)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(content)
  f:close()
  return path
end

describe("gazetteer.new / add / entity", function()
  it("adds entries with aliases and ids and returns records", function()
    local gz = gazetteer.new()
    local i = gz:add { name = "Marta Quillon", type = "person", aliases = { "Minister Quillon" }, id = "E1" }
    assert.equal(1, i)
    local e = gz:entity(i)
    assert.same({ name = "Marta Quillon", type = "PERSON", id = "E1", aliases = { "Minister Quillon" } }, e)
    assert.is_nil(gz:entity(99))
    assert.equal(1, gz:count())
  end)

  it("merges entries with the same id into one entity", function()
    local gz = gazetteer.new()
    local a = gz:add { name = "William Burns", type = "PERSON", id = "Q4" }
    local b = gz:add { name = "Bill Burns", type = "PERSON", id = "Q4" }
    assert.equal(a, b)
    assert.same({ "Bill Burns" }, gz:entity(a).aliases)
    assert.same({ "Bill Burns=William Burns", "William Burns=William Burns" },
      found(gz, "Bill Burns met William Burns"))
  end)

  it("counts exact duplicates instead of adding them twice", function()
    local gz = gazetteer.new()
    gz:add { name = "Port Sable", type = "GPE" }
    gz:add { name = "Port Sable", type = "GPE" }
    assert.equal(1, gz:count())
    assert.equal(1, gz:stats().duplicates)
  end)

  it("refuses bad names with a message", function()
    local gz = gazetteer.new()
    for _, bad in ipairs { "", "   ", "Bad\255Name", "Nul\0Name", string.rep("a", 10000), "..." } do
      local idx, err = gz:add { name = bad, type = "PERSON" }
      assert.is_nil(idx)
      assert.matches("^newscorpus: ", err)
    end
    assert.equal(0, gz:count())
  end)

  it("raises argument errors for wrong types", function()
    local gz = gazetteer.new()
    assert.has_error(function() gz:add("Marta") end)
    assert.has_error(function() gz:add { name = "X", type = 5 } end)
    assert.has_error(function() gz:add { name = "X", aliases = "Y" } end)
    assert.has_error(function() gz:add { name = "X", case = "loud" } end)
    assert.has_error(function() gz:matches(42) end)
    assert.has_error(function() gz:matches("text", 5) end)
    assert.has_error(function() gz:entity("1") end)
    assert.has_error(function() gz:merge({}) end)
    assert.has_error(function() gazetteer.new(5) end)
    assert.has_error(function() gazetteer.load(5) end)
    assert.has_error(function() gazetteer.load(FIX .. "people.tsv", { on_error = "shout" }) end)
    assert.has_error(function() gazetteer.load(FIX .. "people.tsv", { columns = { "nom" } }) end)
    assert.has_error(function() gazetteer.from_table("x") end)
  end)
end)

describe("gazetteer:matches", function()
  local gz = gazetteer.load(FIX .. "people.tsv")

  it("finds names and aliases on whole tokens, leftmost-longest", function()
    local text = "Marta Quillon of the Republic of Veridia met Bob Tallis in Port Sable; Veridians cheered."
    assert.same({ "Marta Quillon=Marta Quillon", "Republic of Veridia=Veridia", "Bob Tallis=Robert Tallis",
      "Port Sable=Port Sable" }, found(gz, text))
  end)

  it("yields 1-based inclusive positions like string.find", function()
    local text = "See Port Sable."
    local s, e, idx = gz:matches(text)()
    assert.equal(5, s)
    assert.equal(14, e)
    assert.equal("Port Sable", text:sub(s, e))
    assert.equal("GPE", gz:entity(idx).type)
  end)

  it("folds case and ignores dots inside tokens", function()
    assert.same({ "PORT SABLE=Port Sable", "port sable=Port Sable" }, found(gz, "PORT SABLE and port sable"))
    assert.same({ "V.R.=Veridia", "VR=Veridia", "V.R=Veridia" }, found(gz, "The V.R. and VR and V.R said"))
  end)

  it("keeps short all-caps names case-sensitive", function()
    assert.same({}, found(gz, "vr headsets and Vr"))
  end)

  it("honours exact entries written with !", function()
    assert.same({ "Harbor=Harbor" }, found(gz, "the harbor of Harbor"))
  end)

  it("strips possessives from the reported span", function()
    assert.same({ "Marta Quillon=Marta Quillon", "Lena Okafor=Lena Okafor" },
      found(gz, "Marta Quillon's plan and Lena Okafor’s reply"))
    assert.same({}, found(gz, "Marta Quillon's plan", { possessive = false }))
  end)

  it("reports overlapping matches on request", function()
    local g = gazetteer.new()
    g:add { name = "Amber", type = "PERSON" }
    g:add { name = "Amber Coast", type = "LOC" }
    assert.same({ "Amber Coast=Amber Coast" }, found(g, "on the Amber Coast"))
    assert.same({ "Amber=Amber", "Amber Coast=Amber Coast" },
      found(g, "on the Amber Coast", { overlap = true }))
  end)

  it("starts at opts.init", function()
    local text = "Port Sable and Port Sable"
    local s = gz:matches(text, { init = 5 })()
    assert.equal(16, s)
  end)

  it("yields one triple per entity when a name is shared", function()
    local g = gazetteer.new()
    g:add { name = "Paris", type = "GPE", id = "fr" }
    g:add { name = "Paris", type = "GPE", id = "tx" }
    local ids = {}
    for _, _, idx in g:matches("Paris") do ids[#ids + 1] = g:entity(idx).id end
    assert.same({ "fr", "tx" }, ids)
  end)

  it("skips stoplisted one-word names unless exact", function()
    local g = gazetteer.new()
    g:add { name = "May", type = "PERSON" }
    g:add { name = "Will", type = "PERSON", case = "exact" }
    assert.same({ "Will=Will" }, found(g, "It may rain, Will said; we will see in May"))
    assert.equal(1, g:stats().stopped)
    local g2 = gazetteer.new { stoplist = false }
    g2:add { name = "May", type = "PERSON" }
    assert.same({ "May=May" }, found(g2, "in May"))
  end)

  it("matches names added after compiling", function()
    local g = gazetteer.new()
    g:add { name = "Lena Okafor", type = "PERSON" }
    assert.same({}, found(g, "Robert Tallis"))
    assert.equal(1, g:stats().names)
    g:add { name = "Robert Tallis", type = "PERSON", aliases = { "Bob Tallis" } }
    g:add { name = "Lena Okafor", type = "PERSON", aliases = { "L. Okafor" } }
    assert.equal(4, g:stats().names)
    assert.same({ "Robert Tallis=Robert Tallis", "Bob Tallis=Robert Tallis", "L. Okafor=Lena Okafor" },
      found(g, "Robert Tallis, Bob Tallis, L. Okafor"))
    local fresh = gazetteer.new():merge(g)
    assert.same(found(g, "Bob Tallis and L. Okafor"), found(fresh, "Bob Tallis and L. Okafor"))
  end)

  it("copes with bad text: invalid UTF-8, NUL bytes, empty and huge input", function()
    assert.same({}, found(gz, ""))
    assert.same({ "Port Sable=Port Sable", "Port Sable=Port Sable" },
      found(gz, "\255\254 Port Sable\0Port Sable \195"))
    local big = string.rep("word ", 400000) .. "Lena Okafor"
    local n, last = 0, nil
    for s in gz:matches(big) do n, last = n + 1, s end
    assert.equal(1, n)
    assert.equal(2000001, last)
    local long_line = string.rep("x", 1000000) .. " Lena Okafor"
    assert.equal(1, #found(gz, long_line))
  end)

  it("merges gazetteers", function()
    local a = gazetteer.new()
    a:add { name = "Lena Okafor", type = "PERSON", id = "E9" }
    local b = gazetteer.new()
    b:add { name = "L. Okafor", type = "PERSON", id = "E9" }
    b:add { name = "Port Sable", type = "GPE" }
    assert.equal(a, a:merge(b))
    assert.equal(2, a:count())
    assert.same({ "L. Okafor" }, a:entity(1).aliases)
    assert.equal(2, #a:entities())
  end)

  it("reports stats", function()
    local st = gz:stats()
    assert.equal(11, st.entities)
    assert.is_true(st.compiled)
    assert.is_true(st.names >= 15)
    assert.is_true(st.bytes > 0)
  end)
end)

describe("gazetteer.load", function()
  it("loads TSV with a header and maps types", function()
    local gz = assert(gazetteer.load(FIX .. "people.tsv"))
    assert.equal(11, gz:count())
    assert.equal("GPE", gz:entity(8).type) -- "city"
    assert.equal("PERSON", gz:entity(5).type) -- "person"
  end)

  it("skips and counts bad lines by default", function()
    local gz = assert(gazetteer.load(FIX .. "bad.tsv"))
    assert.equal(1, gz:count()) -- "Good Name" only: the row with a bad case value is skipped
    local st = gz:stats()
    assert.equal(3, st.skipped)
    assert.equal(1, st.duplicates)
    assert.matches("bad.tsv:2: empty name", st.errors[1], 1, true)
  end)

  it("returns FILE:LINE errors with on_error = 'error'", function()
    local gz, err = gazetteer.load(FIX .. "bad.tsv", { on_error = "error" })
    assert.is_nil(gz)
    assert.equal("newscorpus: " .. FIX .. "bad.tsv:2: empty name", err)
    local path = tmpfile("Ok Name\tPERSON\n" .. string.rep("n", 10000) .. "\tPERSON\n")
    gz, err = gazetteer.load(path, { on_error = "error", format = "tsv" })
    os.remove(path)
    assert.is_nil(gz)
    assert.matches(":2: name too long", err, 1, true)
    path = tmpfile("Ok Name\tPERSON\t\tA\nOk Name\tPERSON\t\tA\n")
    gz, err = gazetteer.load(path, { on_error = "error", duplicates = "error", format = "tsv" })
    os.remove(path)
    assert.is_nil(gz)
    assert.matches(":2: duplicate entry", err, 1, true)
  end)

  it("reads files without a header through opts.columns", function()
    local path = tmpfile("# comment\nSable Bay\tcity\tgeo:1\nBaie de Sable\tcity\tgeo:1\r\n\n"
      .. "Amber Coast\tregion\tgeo:2\n")
    local gz = assert(gazetteer.load(path, { columns = { "name", "type", "id" }, format = "tsv" }))
    os.remove(path)
    assert.equal(2, gz:count())
    assert.same({ "Baie de Sable" }, gz:entity(1).aliases)
    assert.equal("LOC", gz:entity(2).type)
  end)

  it("loads CSV with quotes", function()
    local gz = assert(gazetteer.load(FIX .. "people.csv"))
    assert.equal(2, gz:count())
    assert.equal("Quillon, Marta", gz:entity(1).name)
    assert.same({ "Marta Quillon", "M. Quillon" }, gz:entity(1).aliases)
    assert.equal(1, gz:stats().skipped)
    local bad, err = gazetteer.load(FIX .. "people.csv", { on_error = "error" })
    assert.is_nil(bad)
    assert.matches("people.csv:4: unterminated quoted field", err, 1, true)
  end)

  it("loads JSON and reports broken JSON", function()
    local gz = assert(gazetteer.load(FIX .. "people.json"))
    assert.equal(2, gz:count())
    assert.equal(1, gz:stats().skipped)
    local bad, err = gazetteer.load(FIX .. "broken.json")
    assert.is_nil(bad)
    assert.matches("broken.json: invalid JSON", err, 1, true)
    local _, err2 = gazetteer.load(FIX .. "people.json", { on_error = "error" })
    assert.matches("people.json:3: empty name", err2, 1, true)
  end)

  it("reports a missing file", function()
    local gz, err = gazetteer.load(FIX .. "missing.tsv")
    assert.is_nil(gz)
    assert.matches("^newscorpus: .*missing.tsv", err)
  end)

  it("builds from a Lua table of records or arrays", function()
    local gz = assert(gazetteer.from_table {
      { name = "Lena Okafor", type = "PERSON", aliases = { "L. Okafor" } },
      { "Port Sable", "GPE", "Sable|PS", "E8" },
      "not a table",
    })
    assert.equal(2, gz:count())
    assert.same({ "Sable", "PS" }, gz:entity(2).aliases)
    assert.equal(1, gz:stats().skipped)
    local bad, err = gazetteer.from_table({ { name = "" } }, { on_error = "error" })
    assert.is_nil(bad)
    assert.equal("newscorpus: table:1: empty name", err)
  end)
end)

describe("gazetteer.load with bad input (C parser)", function()
  it("skips and counts empty, huge, NUL and invalid UTF-8 names, naming file and line", function()
    local path = tmpfile("\239\187\191Good One\tPERSON\tG1|\255bad|!|  \tQ1\r\n"
      .. "\tPERSON\n"
      .. string.rep("x", 10000) .. "\tPERSON\n"
      .. "Nul\0Name\tORG\n"
      .. "Bad\192\128Name\tORG\n"
      .. "Good Two\tORG\t\tQ2\tbogus\n"
      .. "Good One\tPERSON\t\tQ1\n")
    local gz = assert(gazetteer.load(path))
    assert.equal(1, gz:count())
    assert.same({ "G1" }, gz:entity(1).aliases)
    local st = gz:stats()
    assert.equal(7, st.skipped) -- 5 bad lines and 2 bad aliases
    assert.equal(1, st.duplicates)
    assert.same({
      path .. ":2: empty name",
      path .. ":3: name too long (10000 bytes, at most 1000)",
      path .. ":4: NUL byte in name",
      path .. ":5: invalid UTF-8 in name",
      path .. ":6: bad case value",
    }, st.errors)
    local bad, err = gazetteer.load(path, { on_error = "error" })
    assert.is_nil(bad)
    assert.equal("newscorpus: " .. path .. ":2: empty name", err)
    os.remove(path)
  end)

  it("keeps at most 20 messages but counts every bad line", function()
    local lines = {}
    for i = 1, 50 do lines[i] = (i % 2 == 0) and "\tPERSON" or ("Name " .. i .. "\tPERSON") end
    local path = tmpfile(table.concat(lines, "\n"))
    local gz = assert(gazetteer.load(path))
    os.remove(path)
    local st = gz:stats()
    assert.equal(25, gz:count())
    assert.equal(25, st.skipped)
    assert.equal(20, #st.errors)
    assert.equal(path .. ":40: empty name", st.errors[20])
  end)

  it("refuses unknown header columns even when skipping, and checks option types", function()
    local path = tmpfile("Name\tType\tWikidata\nA\tB\n")
    local gz, err = gazetteer.load(path)
    assert.is_nil(gz)
    assert.equal("newscorpus: " .. path .. ":1: unknown column 'wikidata' in header", err)
    os.remove(path)
    assert.has_error(function() gazetteer.load("x.tsv", { columns = { "name", "qid" } }) end)
    assert.has_error(function() gazetteer.load("x.tsv", { columns = "name" }) end)
    assert.has_error(function() gazetteer.load(42) end)
  end)

  it("loads empty files and files of comments as empty gazetteers", function()
    for _, content in ipairs { "", "\n\n", "# only\n  # comments\r\n", "\239\187\191" } do
      local path = tmpfile(content)
      local gz = assert(gazetteer.load(path))
      os.remove(path)
      assert.equal(0, gz:count())
      assert.equal(0, gz:stats().skipped)
    end
  end)

  it("merges rows into an existing gazetteer by id and adds names after compiling", function()
    local gz = gazetteer.new()
    gz:add { name = "Port Sable", type = "GPE", id = "E8" }
    gz:compile()
    local path = tmpfile("Sable Harbour\tcity\t\tE8\nAmber Coast\tregion\n")
    assert(gazetteer.load(path, { gazetteer = gz }))
    os.remove(path)
    assert.equal(2, gz:count())
    assert.same({ "Sable Harbour" }, gz:entity(1).aliases)
    assert.same({ "Sable Harbour=Port Sable", "Amber Coast=Amber Coast" },
      found(gz, "Sable Harbour and Amber Coast"))
  end)
end)

describe("core.gazetteer_parse", function()
  it("returns checked rows in arrays", function()
    local r = core.gazetteer_parse('"A, B",org,"x|!Y|",Q1,exact\n,org\n', { format = "csv" })
    assert.equal(2, r.n)
    assert.equal("A, B", r.name[1])
    assert.equal("org", r.type[1])
    assert.same({ "x", "!Y" }, r.aliases[1])
    assert.equal("Q1", r.id[1])
    assert.equal("exact", r.case[1])
    assert.is_nil(r.name[2])
    assert.equal(1, r.skip[2])
    assert.equal("empty name", r.msg[2])
    assert.equal(2, r.line[2])
    assert.equal(1, r.skipped)
    assert.is_nil(r.fail)
  end)

  it("stops at the first bad row in strict mode", function()
    local r = core.gazetteer_parse("A\n\255\nB\n", { strict = true })
    assert.equal(2, r.n)
    assert.equal(2, r.fail)
    assert.equal("invalid UTF-8 in name", r.msg[2])
    assert.equal(0, r.skipped)
  end)

  it("checks its arguments", function()
    assert.has_error(function() core.gazetteer_parse(nil) end)
    assert.has_error(function() core.gazetteer_parse("x", 5) end)
    assert.has_error(function() core.gazetteer_parse("x", { format = "json" }) end)
    assert.has_error(function() core.gazetteer_parse("x", { columns = { "name", 3 } }) end)
    assert.has_error(function() core.gazetteer_parse("x", { columns = "name" }) end)
    assert.has_error(function() core.gazetteer_parse("x", { strict = "yes" }) end)
    local r = core.gazetteer_parse("", {})
    assert.equal(0, r.n)
    r = core.gazetteer_parse("a\0b\tc", { columns = { "type", "name" } })
    assert.equal("c", r.name[1])
    assert.equal("a\0b", r.type[1])
  end)
end)

describe("core.matcher", function()
  it("adds names with values and iterates matches", function()
    local m = core.matcher()
    assert.is_true(m:add("Lena Okafor", 7))
    local s, e, v = m:matches("Dr Lena Okafor said")()
    assert.same({ 4, 14, 7 }, { s, e, v })
    assert.equal(1, m:stats().names)
  end)

  it("refuses bad names with messages and checks arguments", function()
    local m = core.matcher()
    local ok, err = m:add("", 1)
    assert.is_nil(ok)
    assert.matches("no letter or digit", err)
    ok, err = m:add("a\0b", 1)
    assert.is_nil(ok)
    assert.matches("invalid UTF%-8", err)
    ok, err = m:add(string.rep("x", 5000), 1)
    assert.is_nil(ok)
    assert.matches("too long", err)
    assert.has_error(function() m:add("x", 0) end)
    assert.has_error(function() m:add("x", "one") end)
    assert.has_error(function() m:add({}, 1) end)
    assert.has_error(function() m:add("x", 1, { exact = "yes" }) end)
    assert.has_error(function() m:matches("x", { overlap = 1 }) end)
    assert.has_error(function() m:matches("x", { init = 0 }) end)
  end)

  it("is closed idempotently and refuses use after close", function()
    local m = core.matcher()
    m:add("Lena", 1)
    local it = m:matches("Lena Lena")
    m:close()
    m:close()
    assert.has_error(function() m:add("x", 1) end)
    assert.has_error(function() it() end)
  end)

  it("yields every match of a long text across internal chunks", function()
    local m = core.matcher()
    m:add("Sable", 1)
    local text = string.rep("Sable and ", 3000)
    local n = 0
    for _ in m:matches(text) do n = n + 1 end
    assert.equal(3000, n)
  end)
end)

describe("compiled gazetteers", function()
  it("save and load_compiled give the same matches without compiling", function()
    local gz = assert(gazetteer.load(FIX .. "people.tsv"))
    local path = os.tmpname()
    assert.is_true(gz:save(path))
    local back = assert(gazetteer.load_compiled(path))
    os.remove(path)
    assert.is_true(back:stats().compiled)
    local text = "Marta Quillon met Bob Tallis and the V.R. delegation in PORT SABLE; the harbor of Harbor"
    assert.same(found(gz, text), found(back, text))
    assert.same(gz:entities(), back:entities())
    -- adding recompiles as usual
    back:add { name = "Dana Voss", type = "PERSON" }
    assert.same({ "Dana Voss=Dana Voss" }, found(back, "Dana Voss"))
  end)

  it("refuses damaged, truncated and foreign files", function()
    local gz = assert(gazetteer.load(FIX .. "people.tsv"))
    local path = os.tmpname()
    assert(gz:save(path))
    local f = assert(io.open(path, "rb"))
    local data = f:read("a")
    f:close()
    local function try(content)
      local p = tmpfile(content)
      local g, err = gazetteer.load_compiled(p)
      os.remove(p)
      return g, err
    end
    local g, err = try(data:sub(1, -10))
    assert.is_nil(g)
    assert.matches("truncated or damaged", err)
    g, err = try(data:sub(1, -30) .. ("\0"):rep(20) .. data:sub(-9))
    assert.is_nil(g)
    assert.matches("not a compiled matcher", err)
    g, err = try("name\ttype\n")
    assert.is_nil(g)
    assert.matches("not a compiled gazetteer", err)
    g, err = gazetteer.load_compiled(FIX .. "missing.bin")
    assert.is_nil(g)
    assert.matches("^newscorpus: ", err)
    os.remove(path)
    assert.has_error(function() gz:save(5) end)
    assert.has_error(function() gazetteer.load_compiled({}) end)
    local m, merr = core.matcher_load("junk")
    assert.is_nil(m)
    assert.matches("not a compiled matcher", merr)
    assert.has_error(function() core.matcher_load({}) end)
  end)
end)
