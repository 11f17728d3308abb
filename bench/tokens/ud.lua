-- UD scorer: token F1, word F1 and sentence F1 by character spans (code points, like the data).
-- Usage: lua5.4 bench/tokens/ud.lua FILE.jsonl [-v | -e]
--   -v: the first 40 paragraphs whose sentences differ (gold and ours)
--   -e: every sentence-boundary error with 50 bytes of context either side, "missed" (gold
--       boundary we do not make) or "extra" (ours, not gold), counted by genre (the doc_id
--       prefix: email, answers, newsgroup, reviews, weblog, ...)
-- Tokens: gold surface tokens (multiword tokens such as "Byron's" count as one) against
--   nc.tokens with split_hyphens = true (UD tokenisation without splitting clitics).
-- Words: gold syntactic words ("Byron" "'s") against nc.tokens with ud = true; a word's span is
--   derived when the words of a token spell it; otherwise the token's span stands for its words.
-- Sentences: gold sentence spans against nc.sentences over each paragraph.
local cjson = require "cjson"
local tokens = require "newscorpus.tokens"

local path = assert(arg[1], "usage: ud.lua FILE.jsonl [-v]")
local verbose = arg[2] == "-v"
local dump = arg[2] == "-e"
local errors, by_genre = {}, {}

-- Boundary errors of one paragraph: gold sentence ends vs ours, in bytes.
local function boundary_errors(par, text)
  local byte, i = {}, 0
  for p in utf8.codes(text, true) do
    byte[i] = p
    i = i + 1
  end
  byte[i] = #text + 1
  local gold, ours = {}, {}
  for _, s in ipairs(par.sentences) do gold[byte[math.tointeger(s["end"])] - 1] = true end
  for _, e in tokens.sentences(text) do ours[e] = true end
  local genre = (par.doc_id or "?"):match("^[^-_]+") or "?"
  local function add(kind, e)
    local ctx = text:sub(math.max(1, e - 49), e) .. " || " .. text:sub(e + 1, e + 50)
    errors[#errors + 1] = ("%-6s %-10s %s"):format(kind, genre, (ctx:gsub("\n", "\\n")))
    by_genre[genre .. " " .. kind] = (by_genre[genre .. " " .. kind] or 0) + 1
  end
  for e in pairs(gold) do
    if not ours[e] and e < #text then add("missed", e) end
  end
  for e in pairs(ours) do
    if not gold[e] and e < #text then add("extra", e) end
  end
end

local function cpmap(text)
  local map, i = {}, 0
  for p in utf8.codes(text, true) do
    map[p] = i
    i = i + 1
  end
  map[#text + 1] = i
  return map
end

local function f1(tp, ngold, npred)
  local p, r = tp / math.max(npred, 1), tp / math.max(ngold, 1)
  return (p + r > 0) and 200 * p * r / (p + r) or 0, 100 * p, 100 * r
end

local st = { tok = { 0, 0, 0 }, word = { 0, 0, 0 }, sent = { 0, 0, 0 } }
local shown = 0
for line in io.lines(path) do
  local par = cjson.decode(line)
  local text = par.text
  local ok, map = pcall(cpmap, text)
  if ok then
    local gold_tok, gold_word, gold_sent = {}, {}, {}
    local ng_tok, ng_word, ng_sent = 0, 0, 0
    for _, s in ipairs(par.sentences) do
      gold_sent[math.tointeger(s.start) .. ":" .. math.tointeger(s["end"])] = true
      ng_sent = ng_sent + 1
      local wi = 1
      for _, t in ipairs(s.tokens) do
        local form, a, b = t[1], math.tointeger(t[2]), math.tointeger(t[3])
        gold_tok[a .. ":" .. b] = true
        ng_tok = ng_tok + 1
        -- words of this token: consume words while they spell the token
        local acc, parts, j = "", {}, wi
        while j <= #s.words and #acc < #form do
          acc = acc .. s.words[j]
          parts[#parts + 1] = s.words[j]
          j = j + 1
        end
        if acc == form and #parts > 1 then
          local pos = a
          for _, w in ipairs(parts) do
            local l = utf8.len(w) or #w
            gold_word[pos .. ":" .. (pos + l)] = true
            ng_word = ng_word + 1
            pos = pos + l
          end
          wi = j
        else
          gold_word[a .. ":" .. b] = true
          ng_word = ng_word + 1
          wi = (acc == form) and j or wi + 1
        end
      end
    end
    local function score(key, gold, ngold, iter)
      local tp, np = 0, 0
      for a, b in iter do
        np = np + 1
        local k = map[a] .. ":" .. map[b + 1]
        if gold[k] then tp = tp + 1 end
      end
      st[key][1], st[key][2], st[key][3] = st[key][1] + tp, st[key][2] + ngold, st[key][3] + np
      return tp, np
    end
    local function spans(opts)
      local it = tokens.tokens(text, opts)
      return function()
        local _, a, b = it()
        return a, b
      end
    end
    score("tok", gold_tok, ng_tok, spans({ split_hyphens = true }))
    score("word", gold_word, ng_word, spans({ ud = true }))
    local tp, np = score("sent", gold_sent, ng_sent, tokens.sentences(text))
    if dump and (tp ~= ng_sent or np ~= ng_sent) then boundary_errors(par, text) end
    if verbose and (tp ~= ng_sent or np ~= ng_sent) and shown < 40 then
      shown = shown + 1
      print("--- " .. par.doc_id)
      for _, s in ipairs(par.sentences) do print("  gold: " .. s.text) end
      for a, b in tokens.sentences(text) do print("  ours: " .. text:sub(a, b)) end
    end
  end
end
if dump then
  table.sort(errors)
  for _, e in ipairs(errors) do print(e) end
  local keys = {}
  for k in pairs(by_genre) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do print(("errors %-20s %d"):format(k, by_genre[k])) end
end
local name = path:match("[^/]+$")
for _, k in ipairs({ "tok", "word", "sent" }) do
  local f, p, r = f1(st[k][1], st[k][2], st[k][3])
  print(("%s %-5s F1 %6.2f  (P %6.2f R %6.2f; gold %d, ours %d)"):format(
    name, k, f, p, r, st[k][2], st[k][3]))
end
