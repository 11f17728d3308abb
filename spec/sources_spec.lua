-- Specs of newscorpus.sources: the .txt / .html / .jsonl readers.
local sources = require "newscorpus.sources"
local spec_files = dofile("spec/support/files.lua")
local tmpdir, write, rmtree = spec_files.tmpdir, spec_files.write, spec_files.rmtree

local FIX = "spec/fixtures/store/corpus"

local function errors_of(recs)
  local out = {}
  for _, r in ipairs(recs) do if r.error then out[#out + 1] = r.error end end
  return out
end

describe("sources.files", function()
  it("walks a directory recursively in sorted order, keeping supported files", function()
    local files = sources.files(FIX)
    local paths = {}
    for _, e in ipairs(files) do paths[#paths + 1] = e.path end
    assert.same({
      FIX .. "/Harbor Times/ferry-costs.txt",
      FIX .. "/Harbor Times/port-talks.txt",
      FIX .. "/Valley Herald/ferry-deal.html",
      FIX .. "/wire/feed.jsonl",
    }, paths)
  end)

  it("reports a path that does not exist and keeps the others", function()
    local files = sources.files({ FIX .. "/missing", FIX .. "/wire/feed.jsonl" })
    assert.equal(2, #files)
    assert.matches("missing: no such file or directory", files[1].error.error)
    assert.equal(FIX .. "/wire/feed.jsonl", files[2].path)
  end)

  it("rejects wrong argument types", function()
    assert.has_error(function() sources.files(42) end)
    assert.has_error(function() sources.files({ FIX, 42 }) end)
    assert.has_error(function() sources.read(nil) end)
  end)
end)

describe("sources.read", function()
  it("reads a .txt file with a metadata header", function()
    local recs = sources.read(FIX .. "/Harbor Times/port-talks.txt")
    assert.equal(1, #recs)
    local r = recs[1]
    assert.equal("txt", r.format)
    assert.is_nil(r.meta.source) -- the header names none: the directory is only a hint
    assert.equal("Harbor Times", r.meta.source_hint)
    assert.equal("Port Vella talks resume after storm delay", r.meta.title)
    assert.equal("2026-03-14", r.meta.date)
    assert.equal("Mira Castell", r.meta.author)
    assert.equal("https://harbortimes.example/port-vella-talks", r.meta.url)
    assert.equal("port-talks", r.meta.title_hint)
    assert.matches("^Harbor officials and the Vella Ferry Union", r.raw)
    assert.is_nil(r.raw:find("Title:", 1, true))
  end)

  it("keeps a .txt file whole when its first lines are not a header", function()
    local r = sources.read(FIX .. "/Harbor Times/ferry-costs.txt")[1]
    assert.matches("^Ferry repair bill tops two million\n", r.raw)
    assert.is_nil(r.meta.title)
    assert.equal("ferry-costs", r.meta.title_hint)
  end)

  it("reads .html as raw bytes", function()
    local r = sources.read(FIX .. "/Valley Herald/ferry-deal.html")[1]
    assert.equal("html", r.format)
    assert.equal("Valley Herald", r.meta.source_hint)
    assert.matches("^<!DOCTYPE html>", r.raw)
  end)

  it("takes outlets from a sources.tsv beside the files (longest prefix first)", function()
    local dir = os.tmpname()
    os.remove(dir)
    assert(require("lfs").mkdir(dir))
    local function put(name, content)
      local f = assert(io.open(dir .. "/" .. name, "w"))
      f:write(content)
      f:close()
    end
    put("sources.tsv", "# prefix\toutlet\nledger\tHarbor Ledger\nledger-am\tLedger Morning\n")
    put("ledger_one.txt", "Pier closed.\n")
    put("ledger-am_two.txt", "Pier open.\n")
    put("other.txt", "Ferry late.\n")
    local by_file = {}
    for _, r in ipairs(sources.read(dir)) do by_file[r.file:match("[^/]+$")] = r end
    assert.equal("Harbor Ledger", by_file["ledger_one.txt"].meta.source)
    assert.equal("Ledger Morning", by_file["ledger-am_two.txt"].meta.source)
    assert.is_nil(by_file["other.txt"].meta.source)
    assert.equal(dir:match("[^/]+$"), by_file["other.txt"].meta.source_hint)
    for _, name in ipairs({ "sources.tsv", "ledger_one.txt", "ledger-am_two.txt", "other.txt" }) do
      os.remove(dir .. "/" .. name)
    end
    os.remove(dir)
  end)

  it("reads JSONL line by line, reporting bad lines by file:line", function()
    local recs = sources.read(FIX .. "/wire/feed.jsonl")
    local good = {}
    for _, r in ipairs(recs) do if not r.error then good[#good + 1] = r end end
    assert.equal(3, #good)
    assert.equal(1, good[1].line)
    assert.equal("Metro Wire", good[1].meta.source)
    assert.equal("Union weighs ferry offer", good[1].meta.title)
    assert.equal("https://metrowire.example/1", good[1].meta.url)
    assert.equal("2026-03-15", good[1].meta.date)
    assert.equal("Desk", good[1].meta.author)
    assert.equal("txt", good[1].format)
    assert.is_true(good[1].jsonl)
    assert.equal(7, good[3].line)
    assert.equal("html", good[3].format)
    local errs = errors_of(recs)
    assert.equal(3, #errs)
    assert.matches("feed.jsonl:4: not JSON", errs[1])
    assert.matches("feed.jsonl:5: expected a JSON object", errs[2])
    assert.matches("feed.jsonl:6: the object has no 'text' or 'html' string", errs[3])
  end)

  it("reads a directory as one stream of records", function()
    local n, errs = 0, 0
    for r in sources.each(FIX) do
      if r.error then errs = errs + 1 else n = n + 1 end
    end
    assert.equal(6, n)
    assert.equal(3, errs)
  end)
end)

describe("sources: bad input", function()
  local dir
  before_each(function() dir = tmpdir() end)
  after_each(function() rmtree(dir) end)

  it("gives error records for empty, binary and non-UTF-8 files", function()
    write(dir .. "/empty.txt", "")
    write(dir .. "/blank.txt", " \n\t\n")
    write(dir .. "/binary.txt", "GIF89a\0\1\2\3 image data")
    write(dir .. "/controls.html", ("\1\2\3\4\5\6abc"):rep(100))
    write(dir .. "/header-only.txt", "Title: Nothing else\n\n")
    write(dir .. "/polish.html", '<html><head><meta charset="windows-1250"></head><body>Zak\xB3ad '
      .. "pracy \xB3\xF3d\xBF</body></html>")
    local errs = errors_of(sources.read(dir))
    assert.equal(6, #errs)
    local text = table.concat(errs, "\n")
    assert.matches("binary.txt: binary file %(NUL byte at byte 7%)", text)
    assert.matches("blank.txt: empty file", text)
    assert.matches("controls.html: binary file %(mostly control bytes%)", text)
    assert.matches("empty.txt: empty file", text)
    assert.matches("header%-only.txt: no text after the header", text)
    assert.matches("polish.html: not UTF%-8 %(4 invalid byte sequences; the page declares charset "
      .. "windows%-1250", text)
  end)

  it("decodes files that are not UTF-8 at all as Windows-1252", function()
    write(dir .. "/latin1.txt", "Caf\xE9 cr\xE8me \x93quoted\x94 \x80 5\n")
    write(dir .. "/page.html", '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
      .. "<p>d\xE9j\xE0 vu</p>")
    write(dir .. "/utf8.txt", "Caf\xC3\xA9 and one stray byte \xE9 here\n")
    local recs = sources.read(dir)
    assert.equal(0, #errors_of(recs))
    assert.equal("Caf\xC3\xA9 cr\xC3\xA8me \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC 5\n", recs[1].raw)
    assert.equal("windows-1252", recs[1].meta.charset)
    assert.matches("d\xC3\xA9j\xC3\xA0 vu", recs[2].raw)
    assert.equal("Caf\xC3\xA9 and one stray byte \xE9 here\n", recs[3].raw) -- left to the repair
    assert.is_nil(recs[3].meta.charset)
  end)

  it("keeps a UTF-8 file with a few invalid bytes, drops a BOM, accepts CRLF JSONL", function()
    write(dir .. "/mostly.txt", "\xEF\xBB\xBFThe mayor\xE2\x80\x99s office said \xFF it would.\n")
    write(dir .. "/crlf.jsonl", '{"text":"one"}\r\n\r\n{"text":"two"}\r\n')
    local recs = sources.read(dir)
    assert.equal(0, #errors_of(recs))
    assert.equal("two", recs[2].raw)
    assert.equal(3, recs[2].line)
    assert.equal("The mayor\xE2\x80\x99s office said \xFF it would.\n", recs[3].raw)
  end)

  it("handles very long lines and a JSONL file with NUL bytes", function()
    local long = ("word "):rep(400000)
    write(dir .. "/long.jsonl", '{"text":"' .. long .. '"}\nnot json\n')
    local recs = sources.read(dir .. "/long.jsonl")
    assert.equal(long, recs[1].raw)
    assert.matches("long.jsonl:2: not JSON", recs[2].error)
    write(dir .. "/nul.jsonl", '{"text":"a"}\n\0\0\0\n')
    local errs = errors_of(sources.read(dir .. "/nul.jsonl"))
    assert.equal(1, #errs)
    assert.matches("nul.jsonl: binary file", errs[1])
  end)

  it("reports a file that cannot be opened and an unsupported file type", function()
    local recs = {}
    for r in sources.file_records(dir .. "/gone.txt") do recs[#recs + 1] = r end
    assert.matches("gone.txt: cannot open", recs[1].error)
    recs = {}
    for r in sources.file_records(dir .. "/gone.jsonl") do recs[#recs + 1] = r end
    assert.matches("gone.jsonl: cannot open", recs[1].error)
    write(dir .. "/x.pdf", "%PDF")
    recs = {}
    for r in sources.file_records(dir .. "/x.pdf") do recs[#recs + 1] = r end
    assert.matches("unsupported file type", recs[1].error)
  end)

  it("skips hidden files and follows the extension case-insensitively", function()
    write(dir .. "/.hidden.txt", "secret")
    write(dir .. "/Page.HTM", "<p>Hello</p>")
    local recs = sources.read(dir)
    assert.equal(1, #recs)
    assert.equal("html", recs[1].format)
  end)
end)

-- The records of paths read through sources.slots and sources.slot_record (as parallel
-- ingest reads them), with the slots' entry numbers.
local function read_by_slots(paths)
  local recs, entries, cache = {}, {}, {}
  for slot in sources.slots(sources.files(paths)) do
    entries[#entries + 1] = slot.entry
    local rec = sources.slot_record(slot, cache)
    rec.entry = nil
    recs[#recs + 1] = rec
  end
  assert.is_nil(sources.slot_record(nil, cache))
  return recs, entries
end

describe("sources.slots", function()
  local dir
  before_each(function() dir = tmpdir() end)
  after_each(function() rmtree(dir) end)

  it("locates the records that file_records reads, in the same order", function()
    local recs, entries = read_by_slots(FIX)
    assert.same(sources.read(FIX), recs)
    assert.same({ 1, 2, 3, 4, 4, 4, 4, 4, 4 }, entries)
  end)

  it("gives the same records and errors for bad input", function()
    write(dir .. "/empty.txt", "")
    write(dir .. "/binary.txt", "GIF89a\0\1\2\3 image data")
    write(dir .. "/bom.jsonl",
      '\xEF\xBB\xBF{"text":"one"}\r\n\r\n  \n\xEF\xBB\xBF\n{"text":"two"}\r\n[1]\n{"text":')
    write(dir .. "/bomonly.jsonl", "\xEF\xBB\xBF\n\n")
    write(dir .. "/nul.jsonl", '{"text":"a"}\n\0\0\0\n')
    write(dir .. "/long.jsonl", '{"text":"' .. ("word "):rep(100000) .. '"}\nnot json\n')
    write(dir .. "/latin1.txt", "Caf\xE9 cr\xE8me\n")
    write(dir .. "/x.pdf", "%PDF")
    local paths = { dir, dir .. "/gone.jsonl", dir .. "/x.pdf", dir .. "/gone.txt" }
    local recs = read_by_slots(paths)
    assert.same(sources.read(paths), recs)
    assert.equal(14, #recs)
  end)

  it("reports a JSONL file that changes after its slots were taken", function()
    write(dir .. "/feed.jsonl", '{"text":"one"}\n{"text":"two"}\n{"text":"three"}\n')
    local slots = {}
    for slot in sources.slots(sources.files(dir)) do slots[#slots + 1] = slot end
    write(dir .. "/feed.jsonl", '{"text":"one"}\n')
    local cache = {}
    assert.equal("one", sources.slot_record(slots[1], cache).raw)
    assert.matches("feed.jsonl:2: cannot read the line %(the file changed during ingest%)",
      sources.slot_record(slots[2], cache).error)
    sources.slot_record(nil, cache)
    os.remove(dir .. "/feed.jsonl")
    assert.matches("feed.jsonl:3: cannot open", sources.slot_record(slots[3], {}).error)
  end)
end)

describe("sources.sniff", function()
  it("accepts text and names the problem otherwise", function()
    assert.is_nil(sources.sniff("Plain text.\n"))
    assert.is_nil(sources.sniff("Z\xC3\xBCrich \xE2\x80\x9Cquoted\xE2\x80\x9D"))
    assert.equal("empty file", sources.sniff(""))
    assert.matches("^binary file %(NUL byte at byte 3%)", sources.sniff("ab\0cd"))
    assert.is_nil(sources.sniff(("x"):rep(9000) .. "\0")) -- only the first 8 KB are sniffed
  end)

  it("reads declared charsets", function()
    assert.equal("utf-8", sources.declared_charset('<meta charset="UTF-8">'))
    assert.equal("windows-1250", sources.declared_charset(
      "<meta http-equiv='Content-Type' content='text/html; charset=windows-1250'>"))
    assert.is_nil(sources.declared_charset("<p>charset=latin1 in text</p>"))
  end)
end)
