local json = require "newscorpus.json"

local function run(args)
  local cmd = "lua5.4 bin/newscorpus " .. args .. " 2>&1"
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local ok, _, code = p:close()
  return out, ok and 0 or code
end

local tmpname = dofile("spec/support/files.lua").tmpname

describe("newscorpus command", function()
  it("analyze --json prints one object per article with offsets into the clean text", function()
    local out, code = run("analyze --json --gazetteer examples/gazetteer.tsv "
      .. "spec/fixtures/articles/noisy_page.txt")
    assert.equal(0, code, out)
    local n = 0
    for line in out:gmatch("[^\n]+") do
      local obj = assert(json.decode(line))
      n = n + 1
      assert.is_string(obj.text)
      assert.is_table(obj.sentences)
      for _, s in ipairs(obj.sentences) do
        assert.is_true(s.start >= 1 and s.stop <= #obj.text and s.start <= s.stop)
      end
      for _, m in ipairs(obj.mentions) do
        assert.equal(m.text, obj.text:sub(m.start, m.stop))
        assert.is_string(m.entity)
      end
      for _, q in ipairs(obj.quotes) do
        assert.equal(q.text, obj.text:sub(q.start, q.stop))
      end
    end
    assert.equal(1, n)
  end)

  it("reads .jsonl files, reporting a broken line by file and line", function()
    local out, code = run("analyze --json spec/fixtures/articles/feed_with_broken_line.jsonl")
    assert.equal(1, code)
    assert.truthy(out:find("feed_with_broken_line.jsonl:2", 1, true), out)
    local objects = 0
    for line in out:gmatch("[^\n]+") do
      if line:sub(1, 1) == "{" then objects = objects + 1 end
    end
    assert.equal(2, objects)
  end)

  it("ingests, reports and searches a database", function()
    local db = tmpname() .. ".db"
    local md = tmpname() .. ".md"
    local out, code = run(("ingest -q --db %s -g examples/gazetteer.tsv examples/corpus"):format(db))
    assert.equal(0, code, out)
    assert.truthy(out:find("%d+ added"))
    local again = run(("ingest -q --jobs 2 --db %s examples/corpus"):format(db))
    assert.truthy(again:find("0 added", 1, true), again)
    local bad, bad_code = run(("ingest -q --jobs 0 --db %s examples/corpus"):format(db))
    assert.equal(1, bad_code)
    assert.truthy(bad:find("--jobs wants a number from 1 to 256, got '0'", 1, true), bad)
    out, code = run(("report --db %s --markdown %s"):format(db, md))
    assert.equal(0, code, out)
    local f = assert(io.open(md))
    local text = f:read("a")
    f:close()
    assert.truthy(text:find("## People", 1, true))
    out, code = run(("search --db %s harbor"):format(db))
    assert.equal(0, code, out)
    assert.truthy(out:find("results"))
    os.remove(db)
    os.remove(md)
  end)

  it("fails clearly on a missing file and on bad usage", function()
    local out, code = run("analyze /nonexistent/file.txt")
    assert.equal(1, code)
    assert.truthy(out:find("/nonexistent/file.txt", 1, true))
    out, code = run("frobnicate")
    assert.equal(2, code)
    assert.truthy(out:find("Usage", 1, true))
  end)

  it("runs a report script", function()
    local script = tmpname() .. ".lua"
    local f = assert(io.open(script, "w"))
    f:write('local nc = require "newscorpus"\nprint(select("#", ...), nc.version)\n')
    f:close()
    local out, code = run("run " .. script .. " a b")
    assert.equal(0, code, out)
    assert.truthy(out:find("^2%s"))
    os.remove(script)
  end)
end)
