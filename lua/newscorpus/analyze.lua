--- The analysis pipeline for one article: bytes -> clean text -> sentences -> entity
-- mentions -> quotes. Every position in the result is a 1-based inclusive byte position into
-- the article's clean text (`article.text`), like string.find.
-- @module newscorpus.analyze
local text = require "newscorpus.text"
local tokens = require "newscorpus.tokens"
local entities = require "newscorpus.entities"
local quotes = require "newscorpus.quotes"

local analyze = {}

local META_FIELDS = { "source", "url", "date", "title", "author", "language" }

local function format_of(file)
  local ext = file and file:match("%.([%w]+)$")
  ext = ext and ext:lower()
  if ext == "html" or ext == "htm" then return "html" end
  if ext == "jsonl" then return "jsonl" end
  return "txt"
end

--- Cleans the raw bytes of a record according to its format.
-- Returns clean text and a table of what was found (title, date, byline, removed spans,
-- repairs), or nil and a message for data that cannot be read as text.
local function clean_record(record)
  local raw, format = record.raw, record.format
  if format == "html" then
    local body, meta = text.extract(raw)
    if not body then return nil, meta end
    -- the extracted body is already an article: clean only what sits inside it (footers,
    -- insertions, bios), not the page-level furniture heuristics
    local clean, report = text.clean(body, { article = true })
    if not clean then return nil, report end
    report.title = meta.title or report.title
    report.date = meta.date or report.date
    report.byline = meta.author or report.byline
    report.language = meta.language
    report.url = meta.url
    report.site = meta.site
    return clean, report
  end
  return text.clean(raw)
end

local function sentence_list(clean)
  local list = {}
  for start, stop in tokens.sentences(clean) do list[#list + 1] = { start = start, stop = stop } end
  return list
end

--- Analyses one record.
-- @param record table { file = path or label, line = JSONL line or nil, format = "txt"|"html"
--   (default from the file name), raw = bytes, meta = { source, url, date, title, author,
--   language, source_hint, title_hint } (optional; hints are used when the page itself
--   names no site or title) } as newscorpus.sources reads them
-- @param opts table|nil { gazetteer = a newscorpus.gazetteer (entities are found only with
--   one), link = true (short names linked to earlier full names) }
-- @return the article record of CONTRIBUTING.md, or nil, "newscorpus: FILE: message"
function analyze.article(record, opts)
  if type(record) ~= "table" then
    error("bad argument #1 to 'article' (table expected, got " .. type(record) .. ")", 2)
  end
  if type(record.raw) ~= "string" then
    error("bad argument #1 to 'article' (field 'raw' must be a string)", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #2 to 'article' (table expected, got " .. type(opts) .. ")", 2)
  end
  opts = opts or {}
  local file = record.file or "(string)"
  local format = record.format or format_of(record.file)
  if format == "jsonl" then format = "txt" end
  local clean, report = clean_record { raw = record.raw, format = format }
  if not clean then
    return nil, ("newscorpus: %s: %s"):format(file, (tostring(report):gsub("^newscorpus: ", "")))
  end

  local meta = record.meta or {}
  local article = {
    file = record.file,
    line = record.line,
    format = record.format or format_of(record.file),
    raw = record.raw,
    text = clean,
    removed = report.removed or {},
    repairs = report.repairs or 0,
  }
  for _, field in ipairs(META_FIELDS) do article[field] = meta[field] end
  article.source = article.source or report.site or meta.source_hint
  article.title = article.title or report.title or meta.title_hint
  article.date = article.date or report.date
  article.author = article.author or report.byline
  article.language = article.language or report.language
  article.url = article.url or report.url

  article.sentences = sentence_list(clean)
  if opts.gazetteer then
    article.mentions = entities.find(clean, opts.gazetteer, { link = opts.link ~= false })
  else
    article.mentions = {}
  end
  article.quotes = quotes.find(clean, { mentions = article.mentions, sentences = article.sentences })
  return article
end

--- Analyses a string of page text (convenience for scripts).
-- @param s string the text
-- @param opts table|nil as for analyze.article, plus `format`
function analyze.text(s, opts)
  if type(s) ~= "string" then
    error("bad argument #1 to 'text' (string expected, got " .. type(s) .. ")", 2)
  end
  return analyze.article({ raw = s, format = opts and opts.format or "txt" }, opts)
end

analyze.format_of = format_of
return analyze
