--- newscorpus.text: text repair and normalisation, page-text cleaning, HTML extraction.
--
-- Positions are 1-based inclusive byte positions (like string.find). Every function that
-- changes text returns a map from positions in its result back to positions in its input.
-- Bad data (binary input, a page over max_bytes, invalid UTF-8 with strict = true) gives
-- nil, "newscorpus: ..."; wrong argument types and unknown options raise errors.
local core = require "newscorpus.core"

local M = {}

local Report = {}
local clean_lazy = core.clean_lazy

-- report.lines and report.removed are built on first access (most callers never read them)
Report.__index = function(self, key)
  local method = Report[key]
  if method ~= nil then return method end
  return clean_lazy(self, key)
end

--- report:original(pos) -> the input position of position pos of the clean text
-- (1 <= pos <= #clean + 1; #clean + 1 maps to the end of the input).
function Report:original(pos)
  return self.map:original(pos)
end

--- report:span(start, stop) -> input start, stop of the clean span [start, stop].
function Report:span(start, stop)
  return self.map:span(start, stop)
end

--- M.repair(s [, {strict = bool}]) -> text, repairs
-- Invalid UTF-8 sequences become U+FFFD (counted in repairs); NUL and C0/C1 control
-- characters are removed (tab and newline kept); CRLF and CR become LF. Nothing else changes.
function M.repair(s, opts)
  return core.repair(s, opts)
end

--- M.normalize(s [, opts]) -> text, info
-- Repair plus: HTML character references (entities), mojibake repair (UTF-8 read as
-- Windows-1252, whole sequences only), Windows-1252 input (encoding = "auto" detects it),
-- Unicode NFC (form = "NFKC" or "none"), typographic folding (fold = true: curly quotes,
-- dashes, ellipsis, NBSP and zero-width spaces), whitespace runs and blank-line runs collapsed
-- (whitespace = false keeps them). info = { repairs = n, changes = {...counts}, map = map }
-- where map:original(pos) and map:span(start, stop) give input positions.
function M.normalize(s, opts)
  return core.normalize(s, opts)
end

--- M.clean(text [, opts]) -> clean_text, report
-- Removes page furniture from page text (what a scraper or a text-mode browser saved).
-- report = {
--   title = "..." or nil, date = "..." or nil, byline = "..." or nil,
--   removed = { {start =, stop =, reason =, text =}, ... }  -- input positions; reasons:
--     navigation, link-list, widget, tag-list, counter, share, bio, footer, stage-direction,
--     as-seen-on, repeated, short; title and metadata lines appear with reason title, date,
--     byline, dateline or source,
--   lines = { {start =, stop =, class = "body"|"title"|"meta"|"boilerplate", reason =,
--              line = n}, ... }  -- every piece of every input line, input positions,
--   repairs = n, changes = {...}, map = map }
-- and report:original(pos) / report:span(start, stop) map clean positions to input ones.
-- report.lines and report.removed are built when first read (pairs(report) and rawget see
-- them only after that).
-- opts: the normalize options, keep_title = bool, repeated = lines known to be boilerplate
-- for this source (a set or an array, see M.repeated_lines), article = true for text that is
-- already an article body (what M.extract returns): its first and last lines count as body,
-- no main-block selection, repeated sentences are judged by their neighbours, max_bytes =
-- the largest input accepted (default 50 MB; past it: nil, "newscorpus: clean: input of N
-- bytes exceeds max_bytes (M)").
function M.clean(text, opts)
  local clean, report = core.clean(text, opts)
  if clean == nil then return nil, report end
  return clean, setmetatable(report, Report)
end

--- M.map(report_or_info, pos) -> input position of clean position pos.
function M.map(report, pos)
  assert(type(report) == "table" and report.map, "bad argument #1 to 'map' (report expected)")
  return report.map:original(pos)
end

--- M.extract(html [, {max_bytes = n, encoding = "..."}]) -> text, meta
-- Main content of an HTML page (paragraphs separated by a blank line) and
-- meta = { title, date, author, language, url, site, description, encoding } (fields absent
-- when not found). Pages over max_bytes (default 50 MB): nil, "newscorpus: ...".
function M.extract(html, opts)
  return core.extract(html, opts)
end

local function lines_of(doc)
  local text = core.normalize(doc)
  local seen, out = {}, {}
  if not text then return out end
  for line in text:gmatch("[^\n]+") do
    if not seen[line] then
      seen[line] = true
      out[#out + 1] = line
    end
  end
  return out
end

--- M.repeated_lines(docs [, {min_docs = 2}]) -> set, n
-- Given several documents of one source (an array of strings), the lines that occur in at
-- least min_docs distinct documents: a set { [line] = true } to pass as opts.repeated to
-- M.clean, and how many there are. Identical documents count once.
function M.repeated_lines(docs, opts)
  if type(docs) ~= "table" then
    error("bad argument #1 to 'repeated_lines' (table expected, got " .. type(docs) .. ")", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #2 to 'repeated_lines' (table expected, got " .. type(opts) .. ")", 2)
  end
  local min_docs = opts and opts.min_docs or 2
  if math.type(min_docs) ~= "integer" or min_docs < 2 then
    error("bad argument #2 to 'repeated_lines' (option 'min_docs' must be an integer >= 2)", 2)
  end
  local count, distinct = {}, {}
  for i, doc in ipairs(docs) do
    if type(doc) ~= "string" then
      error("bad argument #1 to 'repeated_lines' (document " .. i .. " is not a string)", 2)
    end
    if not distinct[doc] then
      distinct[doc] = true
      for _, line in ipairs(lines_of(doc)) do count[line] = (count[line] or 0) + 1 end
    end
  end
  local set, n = {}, 0
  for line, c in pairs(count) do
    if c >= min_docs then
      set[line] = true
      n = n + 1
    end
  end
  return set, n
end

--- M.clean_source(docs [, opts]) -> array of { text = clean, report = report } (or
-- { error = message }), cleaning every document of one source with the lines repeated
-- across them marked as boilerplate (reason "repeated").
function M.clean_source(docs, opts)
  local set = M.repeated_lines(docs, opts and { min_docs = opts.min_docs } or nil)
  local results = {}
  for i, doc in ipairs(docs) do
    local o = {}
    for k, v in pairs(opts or {}) do
      if k ~= "min_docs" then o[k] = v end
    end
    o.repeated = set
    local text, report = M.clean(doc, o)
    results[i] = text and { text = text, report = report } or { error = report }
  end
  return results
end

return M
