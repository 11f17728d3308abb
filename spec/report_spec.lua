local report = require "newscorpus.report"
local json = require "newscorpus.json"

local function article(source, file, mentions, quotes)
  return { source = source, file = file, title = "Title of " .. file, mentions = mentions,
           quotes = quotes or {}, removed = {} }
end

local function mention(entity, type_name, text)
  return { start = 1, stop = #text, text = text, entity = entity, type = type_name }
end

describe("report", function()
  local articles = {
    article("Harbor Ledger", "a.txt", {
      mention("Lena Marsh", "PERSON", "Lena Marsh"), mention("Lena Marsh", "PERSON", "Marsh"),
      mention("Port of Vell", "GPE", "Vell"), mention("Maritime Ministry", "ORG", "the ministry"),
    }, {
      { start = 5, stop = 40, text = "We will reopen the harbor by spring.", speaker = "Marsh",
        entity = "Lena Marsh", kind = "direct" },
    }),
    article("Coastal Wire", "b.txt", {
      mention("Lena Marsh", "PERSON", "Marsh"), mention("Tobias Reyes", "PERSON", "Tobias Reyes"),
    }, {
      { start = 5, stop = 40, text = "We will reopen the harbor by spring", speaker = "Lena Marsh",
        entity = "Lena Marsh", kind = "direct" },
      { start = 50, stop = 60, text = "dangerous", kind = "partial" },
    }),
  }

  it("counts articles per outlet and entity mentions, articles and outlets", function()
    local r = report.new(articles)
    assert.same({ { name = "Coastal Wire", articles = 1 }, { name = "Harbor Ledger", articles = 1 } },
      r.outlets)
    local marsh = r:entities_of("PERSON")[1]
    assert.equal("Lena Marsh", marsh.name)
    assert.equal(3, marsh.mentions)
    assert.equal(2, marsh.articles)
    assert.same({ "Coastal Wire", "Harbor Ledger" }, marsh.outlets)
    assert.same({ "Lena Marsh", "Marsh" }, marsh.surfaces)
  end)

  it("lists entities named by one outlet only", function()
    local r = report.new(articles)
    -- in report order: by mentions, then name
    assert.same({ "Maritime Ministry", "Port of Vell" }, r.exclusive["Harbor Ledger"])
    assert.same({ "Tobias Reyes" }, r.exclusive["Coastal Wire"])
  end)

  it("groups the same quote from two outlets", function()
    local r = report.new(articles)
    assert.equal(1, #r.shared_quotes)
    assert.same({ "Coastal Wire", "Harbor Ledger" }, r.shared_quotes[1].sources)
  end)

  it("renders Markdown with sections and escaped cells", function()
    local r = report.new(articles, { title = "Harbor | story" })
    local md = r:markdown()
    assert.truthy(md:find("# Harbor \\| story", 1, true))
    assert.truthy(md:find("## People", 1, true))
    assert.truthy(md:find("| Lena Marsh | 3 | 2 | Coastal Wire, Harbor Ledger |", 1, true))
    assert.truthy(md:find("## Quotes carried by several outlets", 1, true))
    assert.falsy(md:find("dangerous", 1, true)) -- unattributed partial quotes stay out
  end)

  it("renders JSON that decodes back, with empty lists as arrays", function()
    local r = report.new({})
    local data = assert(json.decode(r:json()))
    assert.same({}, data.articles)
    assert.truthy(r:json():find('"articles":[]', 1, true))
    local full = assert(json.decode(report.new(articles):json()))
    assert.equal(2, #full.articles)
    assert.equal("Lena Marsh", full.entities[1].name)
  end)

  it("rejects a non-table argument", function()
    assert.has_error(function() report.new("nope") end,
      "bad argument #1 to 'report' (table expected, got string)")
  end)
end)

describe("report:html", function()
  local function a(source, date, mentions)
    return { source = source, file = source .. ".txt", title = "<b>" .. source .. "</b>", date = date,
             mentions = mentions, quotes = {}, removed = {},
             sentences = { { start = 1, stop = 100 } } }
  end
  local m = function(e, t) return { start = 1, stop = 2, text = e, entity = e, type = t } end

  it("is one self-contained page with three charts and escaped text", function()
    local r = report.new({
      a("Ledger & Co", "2026-03-12T09:00:00Z", { m("Lena Marsh", "PERSON"), m("Port Vell", "GPE") }),
      a("Wire", "2026-03-14", { m("Lena Marsh", "PERSON"), m("Maritime Ministry", "ORG") }),
    })
    local html = r:html()
    assert.truthy(html:find("^<!DOCTYPE html>"))
    assert.falsy(html:find("<script", 1, true))
    assert.falsy(html:find("src=\"http", 1, true))
    local charts = 0
    for _ in html:gmatch("<svg ") do charts = charts + 1 end
    assert.equal(3, charts)
    assert.truthy(html:find("Ledger &amp; Co", 1, true))
    assert.truthy(html:find("&lt;b&gt;Wire&lt;/b&gt;", 1, true))
    assert.truthy(html:find("Lena Marsh and Port Vell: 1 sentences", 1, true))
    assert.truthy(html:find("2026-03-12", 1, true) and html:find("2026-03-14", 1, true))
  end)

  it("says so when there is nothing to chart", function()
    local html = report.new({}):html()
    assert.truthy(html:find("No entity mentions.", 1, true))
    assert.truthy(html:find("No article carries a date.", 1, true))
  end)
end)
