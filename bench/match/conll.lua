-- CoNLL-2003 dev quality of newscorpus entity matching (research data, not shipped).
-- Usage: lua5.4 bench/match/conll.lua DATA_DIR OUT.tsv MODE
--   MODE "train": gazetteer of the train entity strings (most frequent type of each string)
--                 + document-level linking + discovery of the rest;
--   MODE "train-only": the same without discovery;
--   MODE "dev":   gazetteer of every dev entity string (boundary, alias and case handling alone).
-- Writes predictions in score.py's TSV format (sentence, start token, end token, type).
local gazetteer = require "newscorpus.gazetteer"
local entities = require "newscorpus.entities"

local dir, out_path, mode = arg[1], arg[2], arg[3] or "train"

-- Documents: { text, tokens = { { s, e, sent, tok } } } with sentence indexes over the file.
local function read_docs(path)
  local docs, doc, sent, tok = {}, nil, -1, 0
  local parts, pos
  local in_sent = false
  local function flush()
    if doc then
      doc.text = table.concat(parts)
      docs[#docs + 1] = doc
    end
  end
  for line in io.lines(path) do
    local w, tag = line:match("^(%S+)%s.-(%S+)$")
    if not w then
      if in_sent then
        parts[#parts + 1] = "\n"
        pos = pos + 1
        in_sent = false
      end
    elseif w == "-DOCSTART-" then
      flush()
      doc, parts, pos = { tokens = {}, gold = {} }, {}, 1
    else
      if not in_sent then
        sent, tok, in_sent = sent + 1, 0, true
      elseif tok > 0 then
        parts[#parts + 1] = " "
        pos = pos + 1
      end
      doc = doc or { tokens = {}, gold = {} }
      parts = parts or {}
      pos = pos or 1
      doc.tokens[#doc.tokens + 1] = { s = pos, e = pos + #w - 1, sent = sent, tok = tok, tag = tag, w = w }
      parts[#parts + 1] = w
      pos = pos + #w
      tok = tok + 1
    end
  end
  flush()
  return docs
end

local conll_type = { PERSON = "PER", ORG = "ORG", GPE = "LOC", LOC = "LOC", MISC = "MISC", NORP = "MISC" }
local from_conll = { PER = "PERSON", ORG = "ORG", LOC = "LOC", MISC = "MISC" }

-- Gazetteer from (name, type, count) rows: the most frequent type of each name.
local function build_gz(rows)
  local best = {}
  for _, r in ipairs(rows) do
    local b = best[r[1]]
    if not b or r[3] > b[3] then best[r[1]] = r end
  end
  -- Names are exact-case ("!"): CoNLL names are proper names, and lower-case words equal to
  -- them are not mentions. Exact entries bypass the stoplist, so single words that are
  -- common English words (the default stoplist, the discovery's common words, months and
  -- days) are left out here as a user would.
  local common = {}
  for _, w in ipairs(gazetteer.default_stoplist) do common[w] = true end
  for w in pairs(entities.common) do common[w] = true end
  for w in pairs(entities.months_days) do common[w] = true end
  local list = {}
  for name, r in pairs(best) do
    if not common[name:lower()] then
      list[#list + 1] = { name = "!" .. name, type = from_conll[r[2]] or r[2] }
    end
  end
  table.sort(list, function(a, b) return a.name < b.name end)
  return gazetteer.from_table(list, { stoplist = false })
end

local docs = read_docs(dir .. "/dev.conll")
local rows = {}
if mode == "dev" then
  local counts = {}
  for _, d in ipairs(docs) do
    local cur
    for _, t in ipairs(d.tokens) do
      local bi, ty = t.tag:match("^([BI])%-(%a+)$")
      if bi == "B" or (bi == "I" and (not cur or cur.ty ~= ty or cur.sent ~= t.sent)) then
        if cur then counts[#counts + 1] = cur end
        cur = { words = { t.w }, ty = ty, sent = t.sent }
      elseif bi == "I" then
        cur.words[#cur.words + 1] = t.w
      else
        if cur then counts[#counts + 1] = cur end
        cur = nil
      end
    end
    if cur then counts[#counts + 1] = cur end
  end
  local agg = {}
  for _, c in ipairs(counts) do
    local key = table.concat(c.words, " ") .. "\t" .. c.ty
    agg[key] = (agg[key] or 0) + 1
  end
  for key, n in pairs(agg) do
    local name, ty = key:match("^(.-)\t(%a+)$")
    rows[#rows + 1] = { name, ty, n }
  end
else
  for line in io.lines(dir .. "/gazetteer_train.tsv") do
    local name, ty, n = line:match("^(.-)\t(%a+)\t(%d+)$")
    if name then rows[#rows + 1] = { name, ty, tonumber(n) } end
  end
end
local gz = build_gz(rows)

local out = assert(io.open(out_path, "w"))
local npred = 0
local function emit(d, s, e, ty)
  -- token span covering [s, e]
  local first, last
  for i, t in ipairs(d.tokens) do
    if t.s == s then first = i end
    if t.e == e then last = i end
    if t.s > e then break end
  end
  -- a possessive cut inside a token ("Blinken's" is two tokens here, so spans align)
  if not first or not last or d.tokens[first].sent ~= d.tokens[last].sent then return end
  local a, b = d.tokens[first], d.tokens[last]
  out:write(("%d\t%d\t%d\t%s\n"):format(a.sent, a.tok, b.tok + 1, ty))
  npred = npred + 1
end

local t0 = os.clock()
for _, d in ipairs(docs) do
  local ms = entities.find(d.text, gz, { roles = false, given_names = false, unresolved = true })
  local spans = {}
  for _, m in ipairs(ms) do
    if m.type then spans[#spans + 1] = { m.start, m.stop, conll_type[m.type] or "MISC" } end
  end
  if mode == "train" then
    for _, c in ipairs(entities.discover(d.text, gz, { mentions = ms })) do
      for _, p in ipairs(c.positions) do
        spans[#spans + 1] = { p, p + #c.text - 1, conll_type[c.type] or "MISC" }
      end
    end
  end
  -- overlapping spans: the longest wins (a discovered "Phil Simmons" over a known "Simmons")
  table.sort(spans, function(a, b)
    if a[2] - a[1] ~= b[2] - b[1] then return a[2] - a[1] > b[2] - b[1] end
    return a[1] < b[1]
  end)
  local taken = {}
  for _, sp in ipairs(spans) do
    local free = true
    for _, t in ipairs(taken) do if t[1] <= sp[2] and sp[1] <= t[2] then free = false break end end
    if free then
      taken[#taken + 1] = sp
      emit(d, sp[1], sp[2], sp[3])
    end
  end
end
out:close()
io.stderr:write(("conll %s: %d documents, %d entities predicted, %.2f s\n"):format(
  mode, #docs, npred, os.clock() - t0))
