--- newscorpus.entities: entity mentions in one text (gazetteer matches, document-level
-- linking of short names, roles) and discovery of names the gazetteer lacks.
--
-- local entities = require "newscorpus.entities"
-- for _, m in ipairs(entities.find(text, gz)) do print(m.start, m.stop, m.entity, m.how) end
--
-- Positions are 1-based inclusive byte positions into text (like string.find).
-- Mention record (CONTRIBUTING.md): { start, stop, text, entity = canonical name, type, id,
--   role = "Chinese Foreign Minister" or nil, how = "name" | "alias" | "short", index = entity
--   index in the gazetteer }; ambiguous mentions (opts.unresolved) have entity = nil and
--   candidates = { index, ... }.
local core = require "newscorpus.core"

local M = {}

local byte, find, sub, lower = string.byte, string.find, string.sub, string.lower

local function set(list)
  local s = {}
  for _, w in ipairs(list) do s[w] = true end
  return s
end

-- Family names written first in Chinese, Korean and Vietnamese names ("Xi Jinping" -> "Xi").
M.family_first = set {
  "xi", "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
  "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "qin", "feng", "deng",
  "cao", "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "yu", "du", "ye",
  "cheng", "wei", "su", "lu", "ding", "ren", "shen", "yao", "jin", "tang", "han", "bai", "mao",
  "zhong", "tan", "lei", "kong", "hou", "shi", "fu", "fan", "song", "kim", "park", "moon", "yoon",
  "nguyen", "tran", "le", "pham", "vo", "hoang",
}

-- Words that make a capitalised run before a name a role, and honorifics.
M.titles = set {
  "minister", "secretary", "president", "vice", "director", "senator", "sen.", "representative",
  "rep.", "ambassador", "chairman", "chairwoman", "chair", "ceo", "spokesperson", "spokesman",
  "spokeswoman", "chief", "general", "gen.", "governor", "gov.", "mayor", "premier", "leader",
  "adviser", "advisor", "envoy", "commissioner", "chancellor", "judge", "justice", "king", "queen",
  "prince", "princess", "pope", "deputy", "speaker", "lawmaker", "official", "officer",
  "correspondent", "reporter", "editor", "host", "anchor", "counterpart", "diplomat", "professor",
  "prof.", "coach", "captain", "colonel", "col.", "admiral", "commander", "founder", "head",
  "manager", "analyst", "economist", "attorney", "prosecutor", "sheriff", "bishop", "cardinal",
  "rabbi", "imam", "sheikh", "emir", "sultan", "dr.", "dr", "director-general", "secretary-general",
}
local honorifics = set { "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady" }
local connectors = set {
  "of", "for", "and", "the", "on", "de", "la", "du", "van", "von", "der", "al", "bin", "&",
}
local role_lower = set {
  "national", "security", "foreign", "defense", "defence", "state", "senior", "former", "top",
  "assistant", "affairs", "trade", "finance", "interior", "health", "justice", "press", "white",
  "house", "executive", "acting", "associate", "international", "political", "diplomatic",
  "economic", "military", "special", "chief", "foreign-policy", "white-house", "national-security",
}
M.months_days = set {
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
  "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
  "nov", "dec",
}
-- Capitalised only because they start a sentence (or are function words).
M.common = set {
  "the", "a", "an", "and", "but", "or", "if", "in", "on", "at", "to", "for", "of", "by", "with",
  "from", "as", "after", "before", "when", "while", "since", "during", "despite", "although",
  "because", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our",
  "my", "your", "this", "that", "these", "those", "there", "here", "some", "many", "most", "all",
  "both", "each", "every", "no", "not", "yes", "so", "yet", "also", "still", "then", "now",
  "meanwhile", "however", "last", "next", "one", "two", "three", "first", "why", "what", "who",
  "how", "where", "which", "is", "was", "are", "were", "will", "would", "could", "should", "can",
  "may", "might", "do", "does", "did", "has", "have", "had", "be", "been", "more", "less",
  "other", "another", "such", "only", "even", "just", "over", "under", "about", "according",
  "read", "watch", "listen", "share", "related", "advertisement", "subscribe", "sign", "click",
  "image", "photo", "video", "copyright", "updated", "published", "mr", "mrs", "ms", "dr",
  "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "add",
  "total", "results", "result", "earlier", "later", "today", "yesterday", "tomorrow", "please",
}
local org_suffix = set {
  "inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "llc", "co", "co.", "plc",
  "group", "company", "university", "college", "school", "department", "ministry", "agency",
  "council", "committee", "party", "bank", "association", "institute", "foundation",
  "commission", "court", "office", "service", "bureau", "union", "organisation",
  "organization", "times", "post", "news", "network", "fc", "club", "airlines", "airways",
  "motors", "industries", "holdings", "technologies", "systems", "partners", "fund", "board",
  "army", "navy", "police", "parliament", "congress", "senate", "assembly", "federation",
  "league", "press", "tribune", "journal", "herald", "broadcasting", "hospital", "center",
  "centre", "museum", "reuters", "house",
}
local compass = set {
  "east", "west", "north", "south", "central", "southeast", "southwest", "northeast", "northwest",
}
-- Capitalised alone, these are generic nouns ("the Department said"), not names.
local generic_nouns = set {
  "department", "ministry", "agency", "council", "committee", "party", "bank", "company",
  "group", "university", "college", "school", "office", "service", "bureau", "union", "court",
  "board", "house", "government", "administration", "agreement", "coordinator", "city", "state",
}
local org_prefix = set {
  "bank", "university", "ministry", "department", "air", "radio", "federal", "national",
  "royal", "united", "council", "committee", "commission", "party", "union", "association",
  "institute", "agency", "bureau", "office", "board", "court", "house",
}
local loc_suffix = set {
  "river", "sea", "ocean", "mountains", "mountain", "mount", "lake", "island", "islands",
  "valley", "strait", "gulf", "bay", "peninsula", "desert", "coast", "basin", "canal", "park",
}
local gpe_suffix = set { "city", "county", "province", "region", "republic", "kingdom", "states", "state" }
local place_preps = set {
  "in", "at", "from", "to", "near", "across", "throughout", "into", "outside", "inside",
}
local speech_verbs = set {
  "said", "says", "told", "added", "asked", "wrote", "argued", "explained", "stated",
}
local name_suffixes = set { "jr", "jr.", "sr", "sr.", "ii", "iii", "iv" }

-- Is the code point an upper-case letter? Latin-1, Latin Extended-A and Additional, Greek and
-- Cyrillic (the scripts of names in English-language news).
local function is_upper_cp(c)
  if c >= 0xC0 and c <= 0xDE then return c ~= 0xD7 end
  if c >= 0x100 and c <= 0x137 then return c % 2 == 0 end
  if c >= 0x139 and c <= 0x148 then return c % 2 == 1 end
  if c >= 0x14A and c <= 0x177 then return c % 2 == 0 end
  if c == 0x178 or c == 0x179 or c == 0x17B or c == 0x17D then return true end
  if c == 0x386 or (c >= 0x388 and c <= 0x38F) or (c >= 0x391 and c <= 0x3AB) then
    return c ~= 0x38B and c ~= 0x38D and c ~= 0x3A2
  end
  if c >= 0x400 and c <= 0x42F then return true end
  if c >= 0x1E00 and c <= 0x1EFF then return c % 2 == 0 end
  return false
end

-- Is the character at byte i an upper-case letter? (invalid UTF-8: no)
local function is_cap_at(s, i)
  local c = byte(s, i)
  if not c then return false end
  if c < 0x80 then return c >= 65 and c <= 90 end
  if c < 0xC2 then return false end
  local ok, cp = pcall(utf8.codepoint, s, i)
  return ok and is_upper_cp(cp)
end

-- Is the code point a lower-case letter (same scripts as is_upper_cp)?
local function is_lower_cp(c)
  if c >= 0xDF and c <= 0xFF then return c ~= 0xF7 end
  if c >= 0x100 and c <= 0x17F then return not is_upper_cp(c) end
  if c >= 0x3AC and c <= 0x3CE then return true end
  if c >= 0x430 and c <= 0x45F then return true end
  if c >= 0x1E00 and c <= 0x1EFF then return c % 2 == 1 end
  return false
end

local function has_lower(w)
  if find(w, "%l") then return true end
  for i in w:gmatch("()[\194-\244]") do
    local ok, cp = pcall(utf8.codepoint, w, i)
    if ok and is_lower_cp(cp) then return true end
  end
  return false
end

local function check_args(text, gz, opts, fname)
  if type(text) ~= "string" then
    error(("bad argument #1 to '%s' (string expected, got %s)"):format(fname, type(text)), 3)
  end
  if type(gz) ~= "table" or type(gz.matches) ~= "function" then
    error(("bad argument #2 to '%s' (gazetteer expected, got %s)"):format(fname, type(gz)), 3)
  end
  if opts ~= nil and type(opts) ~= "table" then
    error(("bad argument #3 to '%s' (table expected, got %s)"):format(fname, type(opts)), 3)
  end
end

-- Words of the name (split on white space).
local function words_of(name)
  local out = {}
  for w in name:gmatch("%S+") do out[#out + 1] = w end
  return out
end

--- Short forms of a person's name: the family name ("Xi" of "Xi Jinping", "Blinken" of
-- "Antony Blinken") and the given name ("Antony"; linked only in transcript labels unless
-- opts.given_names). Returns family, given (either may be nil).
function M.short_forms(name)
  local w = words_of(name)
  while #w > 1 and name_suffixes[lower(w[#w]):gsub(",$", "")] do w[#w] = nil end
  if #w < 2 then return nil, nil end
  if M.family_first[lower(w[1])] and #w <= 3 and not find(w[1], "%.") then
    return w[1], w[#w] ~= w[1] and w[2] or nil
  end
  local given = w[1]
  if find(given, "^%a%.?$") then given = nil end -- an initial
  return w[#w], given
end

-- The role written right before a person's name ("Chinese Foreign Minister Qin Gang"), or
-- the apposition right after it ("Daniel Kritenbrink, the assistant secretary of state, ").
local function role_before(text, start, floor)
  local from = math.max(floor or 1, start - 160, 1)
  local pre = sub(text, from, start - 1)
  if not find(pre, "^.-%S") then return nil end
  if not find(pre, "[ \t]$") then return nil end
  -- only the part after the last clause break
  local cut = 0
  for i in pre:gmatch("()[,;:%(%)\"\n\226]") do cut = i end
  local clause = sub(pre, cut + 1)
  local ws = {}
  for w in clause:gmatch("%S+") do ws[#ws + 1] = w end
  local k = #ws
  local has_title = false
  while k >= 1 do
    local w = ws[k]
    local lw = lower(w)
    if find(w, "[%.!?]$") and not M.titles[lw] then break end -- sentence end
    if M.titles[lw] or M.titles[(lw:gsub("s$", ""))] then
      has_title = true
    elseif is_cap_at(w, 1) then
      if M.common[lw] or M.months_days[lw] then break end
    elseif not (connectors[lw] or role_lower[lw]) then
      break
    end
    k = k - 1
  end
  if not has_title then return nil end
  local first = k + 1
  while first <= #ws and (connectors[lower(ws[first])] or honorifics[lower(ws[first])]) do
    first = first + 1
  end
  local last = #ws
  while last >= first and honorifics[lower(ws[last])] do last = last - 1 end
  if last < first then return nil end
  local role = table.concat(ws, " ", first, last)
  if #role < 2 then return nil end
  return role
end

local function role_after(text, stop)
  local rest = sub(text, stop + 1, stop + 120)
  local app = rest:match("^,%s+([^,;%.\n%(%)\"]+)[,;%.]")
  if not app then return nil end
  local ws = words_of(app)
  local art = lower(ws[1] or "")
  if art ~= "the" and art ~= "a" and art ~= "an" then return nil end
  for i = 2, math.min(#ws, 4) do
    local lw = lower(ws[i])
    if M.titles[lw] or M.titles[(lw:gsub("s$", ""))] then
      return (app:gsub("^%S+%s+", ""))
    end
  end
  return nil
end

local function fold(s) return lower(s) end

--- Does text look like a broadcast transcript (at least two speaker labels "NAME:" at the
-- start of a line)? Bare given names are linked in transcripts.
function M.is_transcript(text)
  if type(text) ~= "string" then error("bad argument #1 to 'is_transcript' (string expected)", 2) end
  local n = 0
  for _ in text:gmatch("\n%u[%u%.'%- ]*%u:") do
    n = n + 1
    if n >= 2 then return true end
  end
  for _ in text:gmatch("\n%u[%u%.'%- ]*%u, [%u ]+:") do
    n = n + 1
    if n >= 2 then return true end
  end
  return false
end

--- Mentions of the gazetteer's entities in text, in text order.
-- opts: short (default true: link short names to full names earlier in the text),
-- given_names (default false: a bare given name links only as a transcript label "EMILY:"),
-- ahead (default true: a short name before the first full name, as in a headline, links
-- when exactly one person of the text has it), roles (default true), unresolved (default
-- false: also return ambiguous mentions with
-- entity = nil and candidates = { idx, ... }), overlap (passed to the matcher).
-- Returns an array of mention records (see the module comment).
function M.find(text, gz, opts)
  check_args(text, gz, opts, "find")
  opts = opts or {}
  local want_short = opts.short ~= false
  local given_ok = opts.given_names
  if given_ok == nil then given_ok = M.is_transcript(text) end
  local want_roles = opts.roles ~= false
  local cache = {}
  local function ent(idx)
    local e = cache[idx]
    if not e then
      e = gz:entity(idx)
      cache[idx] = e
    end
    return e
  end

  -- 1. gazetteer matches grouped by span
  local spans = {}
  local last
  for s, e, idx in gz:matches(text, { overlap = opts.overlap }) do
    if last and last.start == s and last.stop == e then
      last.cands[#last.cands + 1] = idx
    else
      last = { start = s, stop = e, cands = { idx } }
      spans[#spans + 1] = last
    end
  end

  -- 2. short forms of the people named in the text, first position of each entity
  local first_pos = {}
  local shorts = {} -- folded short form -> { [idx] = kind }
  local function note_person(idx, pos)
    if first_pos[idx] and first_pos[idx] <= pos then return end
    first_pos[idx] = pos
    local e = ent(idx)
    if e.type ~= "PERSON" then return end
    local names = { e.name }
    for _, a in ipairs(e.aliases) do names[#names + 1] = a end
    for _, n in ipairs(names) do
      local fam, given = M.short_forms(n)
      if fam then
        local k = fold(fam)
        shorts[k] = shorts[k] or {}
        shorts[k][idx] = "family"
      end
      if given then
        local k = fold(given)
        shorts[k] = shorts[k] or {}
        if not shorts[k][idx] then shorts[k][idx] = "given" end
      end
    end
  end
  for _, sp in ipairs(spans) do
    for _, idx in ipairs(sp.cands) do
      if #sp.cands == 1 then note_person(idx, sp.start) end
    end
  end

  local out = {}
  local mentioned = {}
  local function add_mention(s, e, idx, how, cands)
    local m = { start = s, stop = e, text = sub(text, s, e), how = how }
    if idx then
      local en = ent(idx)
      m.entity, m.type, m.id, m.index = en.name, en.type, en.id, idx
      mentioned[idx] = true
    else
      m.candidates = cands
      local t = ent(cands[1]).type
      for _, c in ipairs(cands) do if ent(c).type ~= t then t = nil break end end
      m.type = t
    end
    out[#out + 1] = m
    return m
  end

  -- Entities of the short form `surface` introduced before position pos.
  -- With ahead, a short name before any full name (a headline, a lede) links to the one
  -- person of the text it can stand for.
  local function short_candidates(surface, pos, label, ahead)
    local tab = shorts[fold(surface)]
    if not tab then return nil end
    local c, later = {}, {}
    for idx, kind in pairs(tab) do
      if kind == "family" or label or given_ok then
        if first_pos[idx] < pos then c[#c + 1] = idx else later[#later + 1] = idx end
      end
    end
    if #c == 0 and ahead then c = later end
    table.sort(c)
    return c
  end

  local function is_label(e)
    return find(text, "^%s*:", e + 1) ~= nil or find(text, "^,%s*[%u][%u ]*:", e + 1) ~= nil
  end

  -- 3. resolve gazetteer spans
  local covered = {}
  for _, sp in ipairs(spans) do
    local cands = sp.cands
    local chosen
    if #cands == 1 then
      chosen = cands[1]
    else
      local seen = {}
      for _, c in ipairs(cands) do if mentioned[c] then seen[#seen + 1] = c end end
      if #seen == 1 then chosen = seen[1] end
      if not chosen then
        -- the one candidate written exactly as in the text ("U.S." among "U.S.", "US", "U.S")
        local surface0 = sub(text, sp.start, sp.stop)
        local exact = {}
        for _, c in ipairs(cands) do
          local e = ent(c)
          local hit = e.name == surface0
          for _, a in ipairs(e.aliases) do if a == surface0 then hit = true end end
          if hit then exact[#exact + 1] = c end
        end
        if #exact == 1 then chosen = exact[1] end
      end
      if not chosen then
        -- one distinct entity name among the candidates? then only the id is ambiguous
        local n0 = ent(cands[1]).name
        local same = true
        local t0 = ent(cands[1]).type
        for _, c in ipairs(cands) do
          if ent(c).name ~= n0 or ent(c).type ~= t0 then same = false end
        end
        if same then chosen = cands[1] end
      end
    end
    local surface = sub(text, sp.start, sp.stop)
    -- a single word that is the short name of a person named earlier: the person wins
    if want_short and not find(surface, "%s") then
      local sc = short_candidates(surface, sp.start, is_label(sp.stop))
      if sc and #sc == 1 and sc[1] ~= chosen and is_cap_at(surface, 1) then
        local isin = false
        for _, c in ipairs(cands) do if c == sc[1] then isin = true end end
        if not isin then chosen, sp.short = sc[1], true end
      end
    end
    if chosen then
      local en = ent(chosen)
      local how = sp.short and "short" or (fold(surface) == fold(en.name) and "name" or "alias")
      add_mention(sp.start, sp.stop, chosen, how)
      if not sp.short then note_person(chosen, sp.start) end
    elseif opts.unresolved then
      add_mention(sp.start, sp.stop, nil, "name", cands)
    end
    covered[#covered + 1] = { sp.start, sp.stop }
  end

  -- 4. short names not matched by the gazetteer
  if want_short and next(shorts) then
    local m = core.matcher()
    local forms, n = {}, 0
    for k in pairs(shorts) do
      n = n + 1
      forms[n] = k
      m:add(k, n, { fold = true })
    end
    local ci = 1
    for s, e, v in m:matches(text) do
      while covered[ci] and covered[ci][2] < s do ci = ci + 1 end
      local c = covered[ci]
      if not (c and c[1] <= e and s <= c[2]) and is_cap_at(text, s) then
        local label = is_label(e)
        local cands = short_candidates(forms[v], s, label, opts.ahead ~= false)
        if cands and #cands == 1 then
          add_mention(s, e, cands[1], "short")
        elseif cands and #cands > 1 and opts.unresolved then
          add_mention(s, e, nil, "short", cands)
        end
      end
    end
    table.sort(out, function(a, b) return a.start < b.start end)
  end

  -- 5. roles
  if want_roles then
    local floor = 1
    for _, mt in ipairs(out) do
      if mt.type == "PERSON" then
        mt.role = role_before(text, mt.start, floor)
        if not mt.role and mt.how ~= "short" then mt.role = role_after(text, mt.stop) end
        floor = mt.stop + 1
      end
    end
  end
  return out
end

-- ---- discovery -----------------------------------------------------------------------

-- Words of text with positions: array of { s, e, w } (trailing dots and possessives cut,
-- except for initials and known abbreviations).
local keep_dot = set {
  "inc.", "corp.", "co.", "ltd.", "jr.", "sr.", "st.", "dr.", "mr.", "mrs.", "ms.", "gen.", "sen.",
  "rep.",
}
local function words_with_pos(text)
  local out = {}
  for s, w in text:gmatch("()([%w\128-\255][%w\128-\255'%.%-&]*)") do
    local e = s + #w - 1
    -- possessive or contraction ("Blinken's", "I’ll")
    local p = w:find("'%l%l?$") or w:find("\226\128\153%l%l?$") or w:find("'S$") or w:find("\226\128\153S$")
    if p and p > 1 then
      w = sub(w, 1, p - 1)
      e = s + #w - 1
    end
    while #w > 1 and find(w, "[%.%-']$")
        and not (keep_dot[lower(w)] or find(w, "^%a%.$") or find(w, "%.%a%.$")) do
      w = sub(w, 1, -2)
      e = e - 1
    end
    out[#out + 1] = { s = s, e = e, w = w }
  end
  return out
end

local function sentence_initial(text, s)
  local i = s - 1
  while i >= 1 do
    local c = byte(text, i)
    if c == 10 then return true end
    if c == 32 or c == 9 or c == 13 or c == 34 or c == 39 or c == 40 then -- space, quotes, (
      i = i - 1
    elseif c == 0x9C or c == 0x98 then -- inside a curly quote (E2 80 9C / 98)
      i = i - 1
    elseif c == 0x80 and byte(text, i - 1) == 0xE2 then
      i = i - 2
    else
      return c == 46 or c == 33 or c == 63 or c == 58 -- . ! ? :
    end
  end
  return true
end

local function nationality_word(w)
  return find(w, "^%u")
    and (find(w, "[ai]an$") or find(w, "ese$") or find(w, "ish$") or find(w, "[^aeiou]i$"))
end

local function is_acronym(w)
  return #w >= 2 and #w <= 6 and not find(w, "%l") and find(w, "^%u[%u%d%.&]*$") ~= nil
end

local function guess_type(text, words, first, last, lower_seen)
  local ws = {}
  for i = first, last do ws[#ws + 1] = words[i].w end
  local lw_last = lower(ws[#ws])
  local before = words[first - 1]
  local lb = before and lower(before.w) or ""
  local after = words[last + 1]
  local la = after and lower(after.w) or ""
  local s, e = words[first].s, words[last].e
  local score = { PERSON = 0, ORG = 0, GPE = 0, LOC = 0, MISC = 0.5 }
  if org_suffix[lw_last] then score.ORG = score.ORG + 3 end
  if #ws > 1 and org_prefix[lower(ws[1])] then score.ORG = score.ORG + 2.5 end
  if #ws == 1 and is_acronym(ws[1]) then score.ORG = score.ORG + 2 end
  if loc_suffix[lw_last] then score.LOC = score.LOC + 3 end
  if gpe_suffix[lw_last] and #ws > 1 then score.GPE = score.GPE + 2 end
  if before and (M.titles[lb] or honorifics[lb]) then score.PERSON = score.PERSON + 3 end
  if after and speech_verbs[la] and find(sub(text, e + 1, after.s - 1), "^%s+$") then
    score.PERSON = score.PERSON + 2
  end
  if before and speech_verbs[lb] then score.PERSON = score.PERSON + 1.5 end
  if after and la == "who" then score.PERSON = score.PERSON + 1 end
  if before and place_preps[lb] and find(sub(text, before.e + 1, s - 1), "^%s+$") then
    score.GPE = score.GPE + 1.5
  end
  if #ws >= 2 and #ws <= 3 and not org_suffix[lw_last] and not loc_suffix[lw_last] then
    local allnames = true
    for _, w in ipairs(ws) do
      if not find(w, "^%u%l+$") and not find(w, "^%u%l*%u%l+$") and not find(w, "^%u%.$") then
        allnames = false
      end
    end
    if allnames then score.PERSON = score.PERSON + 1 end
  end
  if #ws == 2 and compass[lower(ws[1])] then
    if nationality_word(ws[2]) then
      score.MISC = score.MISC + 2 -- "East Asian", "South Korean"
    else
      score.LOC = score.LOC + 1.5 -- "East Asia", "North Africa"
    end
  end
  if #ws == 1 and (find(ws[1], "ese$") or find(ws[1], "ian$") or find(ws[1], "ish$") or find(ws[1], "an$")
      or find(ws[1], "i$")) then
    score.MISC = score.MISC + 1
    if after and find(after.w, "^%l") then score.MISC = score.MISC + 2 end -- "Russian arms"
  end
  if #ws == 1 and lower_seen[lower(ws[1])] then score.MISC = score.MISC + 0.5 end
  local best, bv = "MISC", -1
  for _, t in ipairs { "PERSON", "ORG", "GPE", "LOC", "MISC" } do
    if score[t] > bv then best, bv = t, score[t] end
  end
  return best
end

--- Capitalised sequences of text that are not gazetteer mentions: candidates for the
-- gazetteer. opts: min_count (default 1), mentions (mentions already found, else
-- M.find(text, gz) is used), max (most candidates returned).
-- Returns an array of { text, type = "PERSON"|"ORG"|"GPE"|"LOC"|"MISC", count,
-- positions = { start, ... } } sorted by count (then first position).
function M.discover(text, gz, opts)
  check_args(text, gz, opts, "discover")
  opts = opts or {}
  local mentions = opts.mentions or M.find(text, gz)
  local words = words_with_pos(text)
  -- words covered by mentions
  local covered = {}
  local mi = 1
  for i, w in ipairs(words) do
    while mentions[mi] and mentions[mi].stop < w.s do mi = mi + 1 end
    local m = mentions[mi]
    if m and m.start <= w.e and w.s <= m.stop then covered[i] = m end
  end
  -- short forms of the people the text names are not new names
  local person_words = {}
  for _, m in ipairs(mentions) do
    if m.type == "PERSON" and m.entity then
      for w in m.entity:gmatch("%S+") do person_words[lower(w)] = true end
    end
  end
  local lower_seen = {}
  for w in text:gmatch("%f[%w](%l[%l]+)%f[^%w]") do lower_seen[w] = true end

  local found, order = {}, {}
  local emit
  function emit(first, last)
    -- trim connectors, months/days and common words at the edges
    while first <= last do
      local lw = lower(words[first].w)
      if connectors[lw] or M.months_days[lw] or honorifics[lw] or M.titles[lw] or role_lower[lw]
          or (M.common[lw]) then
        first = first + 1
      else
        break
      end
    end
    local role_end = false
    while last >= first do
      local lw = lower(words[last].w)
      if connectors[lw] or M.months_days[lw] or M.common[lw] or M.titles[lw] or role_lower[lw]
          or honorifics[lw] then
        if M.titles[lw] then role_end = true end
        last = last - 1
      else
        break
      end
    end
    if last < first then return end
    -- the run ended with a title ("Chinese Commerce Minister"): what is left describes the
    -- role, not a name; only an acronym or a nationality is kept ("CIA", "Chinese")
    if role_end and last > first then
      if is_acronym(words[first].w) or nationality_word(words[first].w) then emit(first, first) end
      return
    end
    -- six or more capitalised words in a row: a headline in title case, not a name
    if last - first >= 5 then
      local has_connector = false
      for i = first, last do if connectors[lower(words[i].w)] then has_connector = true end end
      if not has_connector then return end
    end
    -- a title inside the run: the name follows it ("Foreign Minister Qin Gang")
    for i = last - 1, first, -1 do
      if M.titles[lower(words[i].w)] then
        -- before the title: its modifiers; an acronym or a nationality is a name of its own
        -- ("CIA" of "CIA Director Bill Burns", "Chinese" of "Chinese Commerce Minister ...")
        local w1 = words[first].w
        if i - 1 == first or (i > first and (is_acronym(w1) or nationality_word(w1))) then
          emit(first, first)
        end
        first = i + 1
        if connectors[lower(words[first].w)] and first + 1 < last then first = first + 2 end
        break
      end
    end
    -- a known full name at an edge is not part of a new name ("D.C. Blinken"), but a known
    -- one-word name may be ("Phil" + known "Simmons" -> "Phil Simmons")
    local function full_person(i)
      local m = covered[i]
      return m and m.type == "PERSON" and (find(m.text, "%s") or m.how == "short")
    end
    while first <= last and full_person(first) do first = first + 1 end
    while last >= first and full_person(last) do last = last - 1 end
    if last < first then return end
    -- "Australian Tom Moody": a nationality before a name is a candidate of its own
    if last - first >= 2 then
      local w1 = words[first].w
      if not covered[first] and nationality_word(w1)
          and not org_suffix[lower(words[last].w)] then
        emit(first, first)
        first = first + 1
      end
    end
    local any_free = false
    for i = first, last do if not covered[i] then any_free = true end end
    if not any_free then return end
    local s, e = words[first].s, words[last].e
    local surface = sub(text, s, e)
    if #words[first].w < 2 and first == last then return end
    local initial = sentence_initial(text, s)
    if first == last then
      local lw = lower(words[first].w)
      if initial and lower_seen[lw] then return end
      if M.common[lw] or M.months_days[lw] or person_words[lw] or generic_nouns[lw] or M.titles[lw]
          or loc_suffix[lw] then
        return
      end
    end
    -- all-caps transcript labels ("EMILY FENG, BYLINE:", "BLINKEN:") and shouted headings
    local allcaps = not has_lower(surface)
    if allcaps then
      -- a line in capitals (a heading); only the 300 bytes around are looked at
      local ls = s
      while ls > 1 and ls > s - 300 and byte(text, ls - 1) ~= 10 do ls = ls - 1 end
      local le = find(text, "\n", e, true) or #text + 1
      if le > e + 300 then le = e + 300 end
      if not has_lower(sub(text, ls, le - 1)) then return end
    end
    if allcaps and (find(text, "^%s*:", e + 1) or find(text, "^,%s*[%u][%u ]*:", e + 1)) then return end
    if allcaps and not (first == last and is_acronym(words[first].w)) then return end
    local key = surface:gsub("%s+", " ")
    local c = found[key]
    if not c then
      c = { text = key, count = 0, positions = {}, votes = {}, mid = 0, single = first == last,
            acronym = first == last and is_acronym(words[first].w) }
      found[key] = c
      order[#order + 1] = c
    end
    c.count = c.count + 1
    if not initial then c.mid = c.mid + 1 end
    c.positions[#c.positions + 1] = s
    local t = guess_type(text, words, first, last, lower_seen)
    c.votes[t] = (c.votes[t] or 0) + 1
  end

  local run_first
  for i = 1, #words + 1 do
    local w = words[i]
    local ok = false
    if w then
      local lw = lower(w.w)
      local cap = is_cap_at(w.w, 1)
      local joined = run_first and find(sub(text, words[i - 1].e + 1, w.s - 1), "^[ \t]+$")
      if run_first and not joined then
        emit(run_first, i - 1)
        run_first = nil
      end
      if cap then
        ok = true
      elseif run_first and connectors[lw] and lw ~= "the" and lw ~= "and" and words[i + 1]
          and is_cap_at(words[i + 1].w, 1) then
        ok = true
      end
      if ok and sentence_initial(text, w.s) and run_first == nil and M.common[lw] then ok = false end
    end
    if ok then
      run_first = run_first or i
    elseif run_first then
      emit(run_first, i - 1)
      run_first = nil
    end
  end

  local min = opts.min_count or 1
  local out = {}
  local in_multi, person_part = {}, {}
  for _, c in ipairs(order) do
    if not c.single then
      for w in c.text:gmatch("%S+") do in_multi[w] = true end
      local pv = c.votes.PERSON or 0
      local best = true
      for t, v in pairs(c.votes) do if t ~= "PERSON" and v > pv then best = false end end
      if pv > 0 and best then
        local ws = words_of(c.text)
        person_part[ws[#ws]] = true
        person_part[ws[1]] = true
      end
    end
  end
  for _, c in ipairs(order) do
    if c.single and person_part[c.text] then c.votes.PERSON = (c.votes.PERSON or 0) + c.count + 1 end
  end
  for _, c in ipairs(order) do
    -- a single word seen only at sentence starts is most likely a common word, unless it is
    -- part of a longer name of the text ("Brandvik" of "Ilse Brandvik")
    if c.count >= min and not (c.single and c.mid == 0 and not c.acronym and not in_multi[c.text]) then
      local best, bv = "MISC", 0
      for _, t in ipairs { "PERSON", "ORG", "GPE", "LOC", "MISC" } do
        if (c.votes[t] or 0) > bv then best, bv = t, c.votes[t] end
      end
      c.type = best
      c.votes, c.mid, c.single, c.acronym = nil, nil, nil, nil
      out[#out + 1] = c
    end
  end
  table.sort(out, function(a, b)
    if a.count ~= b.count then return a.count > b.count end
    return a.positions[1] < b.positions[1]
  end)
  if opts.max and #out > opts.max then
    for i = #out, opts.max + 1, -1 do out[i] = nil end
  end
  return out
end

--- Discovery over many texts: list_of_texts is an array of strings. Returns an array of
-- { text, type, count (all texts), docs (texts it appears in), positions = { { doc = i,
-- start = s }, ... } } sorted by docs, then count. opts as discover (min_count applies to
-- the corpus count, min_docs to docs).
function M.discover_corpus(texts, gz, opts)
  if type(texts) ~= "table" then error("bad argument #1 to 'discover_corpus' (table expected)", 2) end
  if type(gz) ~= "table" or type(gz.matches) ~= "function" then
    error("bad argument #2 to 'discover_corpus' (gazetteer expected)", 2)
  end
  opts = opts or {}
  local all, order = {}, {}
  for d, text in ipairs(texts) do
    if type(text) ~= "string" then
      error("bad argument #1 to 'discover_corpus' (text " .. d .. " is not a string)", 2)
    end
    for _, c in ipairs(M.discover(text, gz)) do
      local a = all[c.text]
      if not a then
        a = { text = c.text, count = 0, docs = 0, positions = {}, votes = {} }
        all[c.text] = a
        order[#order + 1] = a
      end
      a.count = a.count + c.count
      a.docs = a.docs + 1
      a.votes[c.type] = (a.votes[c.type] or 0) + c.count
      for _, p in ipairs(c.positions) do a.positions[#a.positions + 1] = { doc = d, start = p } end
    end
  end
  local out = {}
  for _, a in ipairs(order) do
    if a.count >= (opts.min_count or 1) and a.docs >= (opts.min_docs or 1) then
      local best, bv = "MISC", 0
      for _, t in ipairs { "PERSON", "ORG", "GPE", "LOC", "MISC" } do
        if (a.votes[t] or 0) > bv then best, bv = t, a.votes[t] end
      end
      a.type, a.votes = best, nil
      out[#out + 1] = a
    end
  end
  table.sort(out, function(x, y)
    if x.docs ~= y.docs then return x.docs > y.docs end
    if x.count ~= y.count then return x.count > y.count end
    return x.text < y.text
  end)
  return out
end

--- Adds discovered candidates to a gazetteer (feeding discoveries back as matches):
-- candidates with count >= opts.min_count (default 2) become entities of their guessed type.
-- Returns the number added.
function M.adopt(gz, candidates, opts)
  if type(gz) ~= "table" or type(gz.add) ~= "function" then
    error("bad argument #1 to 'adopt' (gazetteer expected)", 2)
  end
  if type(candidates) ~= "table" then error("bad argument #2 to 'adopt' (table expected)", 2) end
  local min = (opts and opts.min_count) or 2
  local n = 0
  for _, c in ipairs(candidates) do
    if c.count >= min and gz:add { name = c.text, type = c.type } then n = n + 1 end
  end
  return n
end

return M
