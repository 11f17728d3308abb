--- Story reports over a set of analysed articles: who is named, who said what, which quotes
-- several outlets carry, what only one outlet reports. Renders Markdown and JSON.
-- @module newscorpus.report
local quotes = require "newscorpus.quotes"
local json = require "newscorpus.json"
local analysis = require "newscorpus.analysis"

local report = {}
local Report = {}
Report.__index = Report

local TYPE_ORDER = { "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC" }
local KNOWN_TYPE = {}
for _, t in ipairs(TYPE_ORDER) do KNOWN_TYPE[t] = true end
local TYPE_TITLES = {
  PERSON = "People", ORG = "Organisations", GPE = "Places", LOC = "Places (geographic)",
  NORP = "Groups", EVENT = "Events", MISC = "Other",
}

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

local function source_of(article)
  return article.source or "(unknown source)"
end

--- Collects entity statistics: mentions, articles, outlets per entity.
local function collect_entities(articles)
  local by_key, list = {}, {}
  for i, article in ipairs(articles) do
    for _, m in ipairs(article.mentions or {}) do
      if m.entity then
        local key = m.entity .. "\0" .. (m.type or "")
        local e = by_key[key]
        if not e then
          e = { name = m.entity, type = m.type or "MISC", id = m.id, mentions = 0,
                articles = 0, outlets = {}, seen = {}, surfaces = {}, by_outlet = {} }
          by_key[key] = e
          list[#list + 1] = e
        end
        e.mentions = e.mentions + 1
        local src = source_of(article)
        e.by_outlet[src] = (e.by_outlet[src] or 0) + 1
        e.surfaces[m.text or m.entity] = true
        if not e.seen[i] then
          e.seen[i] = true
          e.articles = e.articles + 1
          e.outlets[source_of(article)] = true
        end
      end
    end
  end
  for _, e in ipairs(list) do
    e.seen = nil
    e.outlets = sorted_keys(e.outlets)
    e.surfaces = sorted_keys(e.surfaces)
  end
  table.sort(list, function(a, b)
    if a.mentions ~= b.mentions then return a.mentions > b.mentions end
    return a.name < b.name
  end)
  return list
end

local function collect_quotes(articles)
  local list, members = {}, {}
  for _, article in ipairs(articles) do
    for _, q in ipairs(article.quotes or {}) do
      local item = {
        speaker = q.entity or q.speaker, text = q.text, kind = q.kind,
        source = source_of(article), file = article.file, title = article.title,
      }
      list[#list + 1] = item
      members[#members + 1] = { article = article.file, source = source_of(article), quote = q }
    end
  end
  return list, quotes.group(members)
end

--- Builds a story report.
-- @param articles array of article records (see CONTRIBUTING.md), e.g. from corpus:articles()
-- @param opts table|nil { title = "Story report" }
-- @return a Report with :markdown(), :json() and the data in its fields
function report.new(articles, opts)
  if type(articles) ~= "table" then
    error("bad argument #1 to 'report' (table expected, got " .. type(articles) .. ")", 2)
  end
  opts = opts or {}
  local r = setmetatable({ title = opts.title or "Story report", articles = {}, outlets = {} }, Report)
  local outlet_counts = {}
  for _, article in ipairs(articles) do
    local src = source_of(article)
    outlet_counts[src] = (outlet_counts[src] or 0) + 1
    r.articles[#r.articles + 1] = {
      file = article.file, source = src, title = article.title, date = article.date, url = article.url,
      mentions = #(article.mentions or {}), quotes = #(article.quotes or {}),
      removed = #(article.removed or {}),
    }
  end
  for _, name in ipairs(sorted_keys(outlet_counts)) do
    r.outlets[#r.outlets + 1] = { name = name, articles = outlet_counts[name] }
  end
  r.entities = collect_entities(articles)
  r.cooccurrence = analysis.cooccurrence(articles)
  r.quotes, r.quote_groups = collect_quotes(articles)
  r.shared_quotes = {}
  for _, g in ipairs(r.quote_groups) do
    if #g.sources > 1 then
      table.sort(g.sources)
      r.shared_quotes[#r.shared_quotes + 1] = g
    end
  end
  -- entities that only one outlet names
  r.exclusive = {}
  if #r.outlets > 1 then
    for _, e in ipairs(r.entities) do
      if #e.outlets == 1 then
        local list = r.exclusive[e.outlets[1]] or {}
        list[#list + 1] = e.name
        r.exclusive[e.outlets[1]] = list
      end
    end
  end
  return r
end

--- Entities of one type (in report order).
function Report:entities_of(type_name)
  local list = {}
  for _, e in ipairs(self.entities) do
    if e.type == type_name then list[#list + 1] = e end
  end
  return list
end

local function md_escape(s)
  return (tostring(s or ""):gsub("([|*_`%[%]<>])", "\\%1"):gsub("\n", " "))
end

local function shorten(s, n)
  s = tostring(s or "")
  if #s <= n then return s end
  local cut = s:sub(1, n)
  -- do not cut inside a UTF-8 sequence
  while #cut > 0 and cut:byte(#cut) >= 0x80 and cut:byte(#cut) < 0xC0 do cut = cut:sub(1, -2) end
  if #cut > 0 and cut:byte(#cut) >= 0xC0 then cut = cut:sub(1, -2) end
  return cut .. "…"
end

--- The entity types present in the report: the usual ones first, then any others by name.
function Report:types()
  local list, extra = {}, {}
  for _, t in ipairs(TYPE_ORDER) do
    if #self:entities_of(t) > 0 then list[#list + 1] = t end
  end
  for _, e in ipairs(self.entities) do
    if not KNOWN_TYPE[e.type] then extra[e.type] = true end
  end
  for _, t in ipairs(sorted_keys(extra)) do list[#list + 1] = t end
  return list
end

--- Renders the report as Markdown.
-- @param opts table|nil { articles = true (the per-article table), quote_chars = 240 (longer
--   quotes are shortened) }
function Report:markdown(opts)
  opts = opts or {}
  local quote_chars = opts.quote_chars or 240
  local out = {}
  local function add(...) out[#out + 1] = table.concat({ ... }) end
  add("# ", md_escape(self.title))
  add("")
  add(("%d articles from %d outlets."):format(#self.articles, #self.outlets))
  add("")
  add("## Articles per outlet")
  add("")
  add("| Outlet | Articles |")
  add("|---|---:|")
  for _, o in ipairs(self.outlets) do add("| ", md_escape(o.name), " | ", o.articles, " |") end
  if opts.articles ~= false then
    add("")
    add("## Articles")
    add("")
    add("| Outlet | Title | Mentions | Quotes |")
    add("|---|---|---:|---:|")
    for _, a in ipairs(self.articles) do
      add("| ", md_escape(a.source), " | ", md_escape(a.title or a.file), " | ", a.mentions, " | ",
          a.quotes, " |")
    end
  end
  for _, t in ipairs(self:types()) do
    local list = self:entities_of(t)
    if #list > 0 then
      add("")
      add("## ", TYPE_TITLES[t] or ("Other: " .. t))
      add("")
      add("| Name | Mentions | Articles | Outlets |")
      add("|---|---:|---:|---|")
      for _, e in ipairs(list) do
        add("| ", md_escape(e.name), " | ", e.mentions, " | ", e.articles, " | ",
            md_escape(table.concat(e.outlets, ", ")), " |")
      end
    end
  end
  add("")
  add("## Quotes")
  add("")
  local n = 0
  for _, q in ipairs(self.quotes) do
    if q.kind ~= "partial" and q.speaker then
      n = n + 1
      add("- **", md_escape(q.speaker), "** (", md_escape(q.source), "): “",
          md_escape(shorten(q.text, quote_chars)), "”")
    end
  end
  if n == 0 then add("No attributed quotes found.") end
  if #self.shared_quotes > 0 then
    add("")
    add("## Quotes carried by several outlets")
    add("")
    for _, g in ipairs(self.shared_quotes) do
      add("- **", md_escape(g.entity or g.speaker or "unattributed"), "**, in ",
          md_escape(table.concat(g.sources, ", ")), ": “", md_escape(shorten(g.text, quote_chars)), "”")
    end
  end
  local outlets = sorted_keys(self.exclusive)
  if #outlets > 0 then
    add("")
    add("## Named by one outlet only")
    add("")
    for _, o in ipairs(outlets) do
      add("- ", md_escape(o), ": ", md_escape(table.concat(self.exclusive[o], ", ")))
    end
  end
  add("")
  return table.concat(out, "\n")
end

--- The report's data as a table of plain values (what :json() encodes).
function Report:data()
  return {
    title = self.title,
    articles = json.array(self.articles),
    outlets = json.array(self.outlets),
    entities = json.array(self.entities),
    quotes = json.array(self.quotes),
    shared_quotes = json.array(self.shared_quotes),
    exclusive = self.exclusive,
    cooccurrence = json.array(self.cooccurrence),
  }
end

--- Renders the report as one self-contained HTML page with inline SVG charts (mentions per
-- outlet, the entity co-occurrence network, a timeline of articles).
function Report:html()
  return require("newscorpus.report_html").render(self)
end

--- Renders the report as JSON.
function Report:json()
  return json.encode(self:data())
end

return report
