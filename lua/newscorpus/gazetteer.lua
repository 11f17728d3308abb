--- newscorpus.gazetteer: entity lists (canonical name, type, aliases, id) and the matcher.
--
-- local gazetteer = require "newscorpus.gazetteer"
-- local gz = gazetteer.new()
-- gz:add{ name = "Antony Blinken", type = "PERSON", aliases = { "Tony Blinken" }, id = "Q1" }
-- for start, stop, idx in gz:matches(text) do print(text:sub(start, stop), gz:entity(idx).name) end
--
-- Positions are 1-based inclusive byte positions, like string.find.
--
-- Case rules of an entry (field `case`, or a `case` column in files):
--   "auto" (default): case-insensitive with Unicode folding, except short all-caps names
--           ("US", "U.S.", "WHO", "NATO": at most 5 letters) which only match text without
--           lower-case letters, so "us" and "who" are not matches;
--   "exact": case-sensitive, except that text in capitals (a headline) also matches
--           (per name: a name or alias written with a leading "!" is exact, e.g. "!Apple"
--           matches "Apple" and "APPLE", not "apple");
--   "fold": always case-insensitive, even for short all-caps names.
-- Stoplist: single-word names that equal (case-insensitively) a stoplist word are not
-- compiled unless the entry or name is "exact" ("May", "Will", "Mark" ...); they are counted
-- in stats().stopped. new{ stoplist = false } disables it, a list of words replaces it.
local core = require "newscorpus.core"

local M = {}

local Gazetteer = {}
Gazetteer.__index = Gazetteer

local MAX_NAME = 1000 -- bytes; longer names are refused (a gazetteer name is never that long)

--- Types of the bench and common gazetteers mapped to the project's types.
M.type_map = {
  person = "PERSON", per = "PERSON", people = "PERSON",
  org = "ORG", organisation = "ORG", organization = "ORG", company = "ORG", university = "ORG",
  party = "ORG", agency = "ORG",
  gpe = "GPE", country = "GPE", city = "GPE", state = "GPE", admin1 = "GPE", province = "GPE",
  subdivision = "GPE", town = "GPE",
  loc = "LOC", location = "LOC", place = "LOC", region = "LOC", river = "LOC", mountain = "LOC",
  misc = "MISC", norp = "NORP", event = "EVENT",
}

--- Default stoplist: common English words that are also names of people or places.
M.default_stoplist = {
  "may", "will", "mark", "bill", "bush", "rich", "grant", "rose", "young", "little", "long",
  "march", "april", "june", "august", "sunday", "monday", "tuesday", "wednesday", "thursday",
  "friday", "saturday", "january", "february", "july", "september", "october", "november",
  "december", "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "by", "is",
  "was", "he", "she", "it", "we", "they", "his", "her", "its", "our", "their", "who", "what",
  "said", "says", "new", "more", "most", "one", "two", "best", "well", "good", "mobile", "reading",
  "split", "nice", "bath", "orange", "independence", "liberty", "victoria", "university",
  "city", "state", "president", "minister", "government", "police", "army", "court",
}

local type_cache = {} -- type string -> normalised type (one entry per distinct type)
local function normtype(t)
  if t == nil or t == "" then return "MISC" end
  local r = type_cache[t]
  if not r then
    r = M.type_map[t:lower()] or t:upper()
    type_cache[t] = r
  end
  return r
end

local byte, find, sub, match, lower = string.byte, string.find, string.sub, string.match, string.lower
local function trim(s)
  local b, e = byte(s, 1), byte(s, -1)
  if (b and b <= 32) or (e and e <= 32) then return match(s, "^%s*(.-)%s*$") end
  return s
end

--- Checks one name; returns the trimmed name and exact flag, or nil and a message.
local function check_name(name)
  if type(name) ~= "string" then return nil, "name is not a string" end
  local exact = false
  name = trim(name)
  if byte(name, 1) == 33 then exact, name = true, trim(sub(name, 2)) end -- "!"
  if name == "" then return nil, "empty name" end
  if #name > MAX_NAME then return nil, ("name too long (%d bytes, at most %d)"):format(#name, MAX_NAME) end
  if find(name, "%z") then return nil, "NUL byte in name" end
  if not utf8.len(name) then return nil, "invalid UTF-8 in name" end
  if not find(name, "[%w\128-\255]") then return nil, "name has no letter or digit" end
  return name, exact
end

--- Creates an empty gazetteer. opts.stoplist: list of words or false (default
-- M.default_stoplist).
function M.new(opts)
  if opts ~= nil and type(opts) ~= "table" then error("bad argument #1 to 'new' (table expected)", 2) end
  opts = opts or {}
  local stop = {}
  local list = opts.stoplist
  if list == nil then list = M.default_stoplist end
  if list then
    if type(list) ~= "table" then error("option 'stoplist' must be a table or false", 2) end
    for _, w in ipairs(list) do stop[w:lower()] = true end
  end
  return setmetatable({
    _ents = {},       -- entity records
    _by_id = {},      -- id -> index
    _by_name = {},    -- TYPE \0 lower(name) -> index, for entries without id
    _stop = stop,
    _matcher = nil,   -- compiled lazily
    _skipped = 0, _duplicates = 0, _stopped = 0, _refused = 0, _names = 0,
    _errors = {},     -- first few skip messages
  }, Gazetteer)
end

-- Is name already the entity's name or alias? Entities with many aliases get a set.
local function has_name(e, name)
  if e.name == name then return true end
  local set = e._set
  if set then return set[name] == true end
  local al = e.aliases
  for i = 1, #al do if al[i] == name then return true end end
  if #al >= 8 then
    set = {}
    for i = 1, #al do set[al[i]] = true end
    e._set = set
  end
  return false
end

local function push_alias(e, name)
  e.aliases[#e.aliases + 1] = name
  if e._set then e._set[name] = true end
end

local EXACT, FOLD = { exact = true }, { fold = true }

-- Adds one name of entity idx to the compiled matcher m (stoplist and case rules applied).
local function put(self, m, n, idx, ecase)
  local exact = ecase == "exact"
  if n:byte(1) == 33 then exact, n = true, n:sub(2) end -- "!"
  if not exact and not n:find(" ", 1, true) and self._stop[n:lower()] then
    self._stopped = self._stopped + 1
    return
  end
  if m:add(n, idx, exact and EXACT or (ecase == "fold" and FOLD or nil)) then
    self._names = self._names + 1
  else
    self._refused = self._refused + 1
  end
end

--- Adds an entry { name, type, aliases = {...}, id, case = "auto"|"exact"|"fold" }.
-- An entry whose id (or, without id, whose type and name) is already known is merged into
-- that entity: its name and aliases become aliases. Returns the entity index, or nil and a
-- message for a bad entry (empty name, too long, invalid UTF-8, NUL byte). Wrong argument
-- types raise errors. Aliases that are bad are skipped and counted (stats().skipped).
function Gazetteer:add(entry)
  if type(entry) ~= "table" then
    error("bad argument #1 to 'add' (table expected, got " .. type(entry) .. ")", 2)
  end
  if entry.type ~= nil and type(entry.type) ~= "string" then
    error("entry field 'type' must be a string", 2)
  end
  if entry.id ~= nil and type(entry.id) ~= "string" and math.type(entry.id) ~= "integer" then
    error("entry field 'id' must be a string or an integer", 2)
  end
  if entry.aliases ~= nil and type(entry.aliases) ~= "table" then
    error("entry field 'aliases' must be a table", 2)
  end
  local case = entry.case
  if case ~= nil and case ~= "auto" and case ~= "exact" and case ~= "fold" then
    error("entry field 'case' must be \"auto\", \"exact\" or \"fold\"", 2)
  end
  return self:_add(entry.name, entry.type, entry.id, entry.aliases, case)
end

-- Adds the checked name (with its "!" exact marker), the type as given, the id (string or nil)
-- and checked aliases (nil or a list) as one entry; returns the entity index.
function Gazetteer:_add_checked(name, etype0, id, aliases, case)
  local etype = normtype(etype0)
  local idx, key
  if id then
    idx = self._by_id[id]
  else
    key = etype .. "\0" .. lower(name)
    idx = self._by_name[key]
  end
  local m = self._matcher -- once compiled, new names go straight into the matcher
  local e
  local added = 0
  if idx then
    e = self._ents[idx]
    if not has_name(e, name) then
      push_alias(e, name)
      added = 1
      if m then put(self, m, name, idx, e.case) end
    end
  else
    idx = #self._ents + 1
    e = { name = name, type = etype, id = id, aliases = {}, case = case }
    self._ents[idx] = e
    if id then self._by_id[id] = idx else self._by_name[key] = idx end
    added = 1
    if m then put(self, m, name, idx, case) end
  end
  if aliases then
    for i = 1, #aliases do
      local an = aliases[i]
      if not has_name(e, an) then
        push_alias(e, an)
        added = added + 1
        if m then put(self, m, an, idx, e.case) end
      end
    end
  end
  if added == 0 then self._duplicates = self._duplicates + 1 end
  return idx
end

-- Gazetteer:add without the argument checks (for the loaders): aliases may be nil.
function Gazetteer:_add(name0, etype0, id0, aliases, case)
  local name, exact = check_name(name0)
  if not name then return nil, "newscorpus: " .. exact end
  if exact then name = "!" .. name end
  local id = id0 ~= nil and tostring(id0) or nil
  if id == "" then id = nil end
  local checked
  if aliases then
    checked = {}
    for _, a in ipairs(aliases) do
      local an, aex = check_name(a)
      if not an then
        self._skipped = self._skipped + 1
      else
        checked[#checked + 1] = aex and "!" .. an or an
      end
    end
  end
  return self:_add_checked(name, etype0, id, checked, case)
end

local function display(name) return (name:gsub("^!", "")) end

--- The entity record of index idx: a copy { name, type, id, aliases = {...}, case } (names
-- without the "!" exact marker), or nil when there is no such entity.
function Gazetteer:entity(idx)
  if math.type(idx) ~= "integer" then error("bad argument #1 to 'entity' (integer expected)", 2) end
  local e = self._ents[idx]
  if not e then return nil end
  local al = {}
  for i, a in ipairs(e.aliases) do al[i] = display(a) end
  return { name = display(e.name), type = e.type, id = e.id, aliases = al, case = e.case }
end

--- Number of entities.
function Gazetteer:count() return #self._ents end

--- All entity records (copies, in index order).
function Gazetteer:entities()
  local out = {}
  for i = 1, #self._ents do out[i] = self:entity(i) end
  return out
end

--- Adds every entity of other (merging by id, or by type and name). Returns self.
function Gazetteer:merge(other)
  if getmetatable(other) ~= Gazetteer then error("bad argument #1 to 'merge' (gazetteer expected)", 2) end
  for _, e in ipairs(other._ents) do
    self:add { name = e.name, type = e.type, id = e.id, aliases = e.aliases, case = e.case }
  end
  return self
end

--- Compiles the names into the C matcher (done automatically by matches()). Returns self.
function Gazetteer:compile()
  local m = core.matcher()
  self._stopped, self._refused, self._names = 0, 0, 0
  for idx, e in ipairs(self._ents) do
    local ecase = e.case
    put(self, m, e.name, idx, ecase)
    local al = e.aliases
    for i = 1, #al do put(self, m, al[i], idx, ecase) end
  end
  self._matcher = m
  return self
end

--- Iterator over the matches in text: for start, stop, idx in gz:matches(text [, opts]).
-- start/stop: 1-based inclusive byte positions of the surface (a possessive 's is not part
-- of it); idx: entity index (gz:entity(idx)). When a name belongs to several entities, the
-- same span is yielded once per entity. opts: overlap (default false: leftmost-longest),
-- possessive (default true), init (position to start at).
function Gazetteer:matches(text, opts)
  if type(text) ~= "string" then
    error("bad argument #1 to 'matches' (string expected, got " .. type(text) .. ")", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then error("bad argument #2 to 'matches' (table expected)", 2) end
  if not self._matcher then self:compile() end
  return self._matcher:matches(text, opts)
end

--- Counts: entities, names (compiled), skipped (bad lines / aliases), duplicates, stopped
-- (stoplist), refused (by the matcher's limits), compiled (boolean) and, once compiled, the
-- matcher's nodes, edges and bytes.
function Gazetteer:stats()
  local st = {
    entities = #self._ents, skipped = self._skipped, duplicates = self._duplicates,
    compiled = self._matcher ~= nil, names = self._names, stopped = self._stopped,
    refused = self._refused, errors = self._errors,
  }
  if self._matcher then
    local ms = self._matcher:stats()
    st.nodes, st.edges, st.bytes, st.max_len = ms.nodes, ms.edges, ms.bytes, ms.max_len
  end
  return st
end

-- ---- compiled gazetteers ---------------------------------------------------------------

local SAVE_MAGIC = "NCGAZ1"

--- Writes the gazetteer, compiled, to path (entities as JSON and the matcher image; needs
-- lua-cjson). Read it back with gazetteer.load_compiled(path), which skips compiling. The
-- file is for the same build of the library. Returns true, or nil and "newscorpus: ...".
function Gazetteer:save(path)
  if type(path) ~= "string" then
    error("bad argument #1 to 'save' (string expected, got " .. type(path) .. ")", 2)
  end
  local ok, cjson = pcall(require, "cjson")
  if not ok then return nil, "newscorpus: saving a gazetteer needs lua-cjson" end
  if not self._matcher then self:compile() end
  local ents = {}
  for i, e in ipairs(self._ents) do
    ents[i] = { name = e.name, type = e.type, id = e.id, aliases = e.aliases, case = e.case }
  end
  local stop = {}
  for w in pairs(self._stop) do stop[#stop + 1] = w end
  table.sort(stop)
  local meta = cjson.encode {
    entities = ents, stop = stop, skipped = self._skipped, duplicates = self._duplicates,
    stopped = self._stopped, refused = self._refused, names = self._names,
  }
  local image = self._matcher:save()
  local f, err = io.open(path, "wb")
  if not f then return nil, "newscorpus: " .. err end
  local okw, werr = f:write(("%s %d %d\n"):format(SAVE_MAGIC, #meta, #image), meta, image)
  f:close()
  if not okw then return nil, "newscorpus: " .. path .. ": " .. tostring(werr) end
  return true
end

--- Reads a gazetteer written by gz:save(path). Returns the gazetteer, or nil and
-- "newscorpus: FILE: message" (not such a file, damaged, or written by another build).
function M.load_compiled(path)
  if type(path) ~= "string" then
    error("bad argument #1 to 'load_compiled' (string expected, got " .. type(path) .. ")", 2)
  end
  local ok, cjson = pcall(require, "cjson.safe")
  if not ok then return nil, "newscorpus: loading a compiled gazetteer needs lua-cjson" end
  local f, err = io.open(path, "rb")
  if not f then return nil, "newscorpus: " .. err end
  local head, mlen, ilen = (f:read("l") or ""):match("^(" .. SAVE_MAGIC .. ") (%d+) (%d+)$")
  if not head then
    f:close()
    return nil, "newscorpus: " .. path .. ": not a compiled gazetteer"
  end
  mlen, ilen = tonumber(mlen), tonumber(ilen)
  local mtext, image = f:read(mlen), f:read(ilen)
  local extra = f:read(1)
  f:close()
  if not mtext or #mtext ~= mlen or not image or #image ~= ilen or extra then
    return nil, "newscorpus: " .. path .. ": truncated or damaged"
  end
  local meta = cjson.decode(mtext)
  if type(meta) ~= "table" or type(meta.entities) ~= "table" or type(meta.stop) ~= "table" then
    return nil, "newscorpus: " .. path .. ": damaged entity table"
  end
  local m, merr = core.matcher_load(image)
  if not m then return nil, "newscorpus: " .. path .. ": " .. merr:gsub("^newscorpus: ", "") end
  local gz = M.new { stoplist = meta.stop }
  for i, e in ipairs(meta.entities) do
    if type(e) ~= "table" or type(e.name) ~= "string" or type(e.type) ~= "string"
        or type(e.aliases) ~= "table" then
      return nil, ("newscorpus: %s: damaged entity %d"):format(path, i)
    end
    local id = e.id
    if id == cjson.null then id = nil end
    local case = e.case
    if case == cjson.null then case = nil end
    local rec = { name = e.name, type = e.type, id = id, aliases = e.aliases, case = case }
    gz._ents[i] = rec
    if id then gz._by_id[id] = i else gz._by_name[e.type .. "\0" .. e.name:lower()] = i end
  end
  gz._skipped, gz._duplicates = meta.skipped or 0, meta.duplicates or 0
  gz._stopped, gz._refused, gz._names = meta.stopped or 0, meta.refused or 0, meta.names or 0
  gz._matcher = m
  return gz
end

-- ---- loading --------------------------------------------------------------------------

local function split(line, sep)
  local out = {}
  local i = 1
  while true do
    local j = line:find(sep, i, true)
    if not j then out[#out + 1] = line:sub(i); break end
    out[#out + 1] = line:sub(i, j - 1)
    i = j + 1
  end
  return out
end

local KNOWN_COLUMNS = { name = true, type = true, aliases = true, id = true, case = true }

local function fail(ctx, line, msg)
  return nil, ("newscorpus: %s:%s: %s"):format(ctx, line, msg)
end

-- Adds the rows of a TSV / CSV text to gz (parsed and checked in C: core.gazetteer_parse).
-- Returns gz or nil, message.
local function load_text(gz, text, ctx, opts, fmt)
  local strict = opts.on_error == "error"
  local dup_error = strict and opts.duplicates == "error"
  local r = core.gazetteer_parse(text, { format = fmt, strict = strict, columns = opts.columns })
  local lines, names, types, ids, aliases, cases = r.line, r.name, r.type, r.id, r.aliases, r.case
  local bad, skips, msgs, failed = r.bad, r.skip, r.msg, r.fail
  local errors = gz._errors
  for i = 1, r.n do
    local name = names[i]
    if name then
      local dups = gz._duplicates
      gz:_add_checked(name, types[i], ids[i], aliases[i], cases[i])
      local b = bad[i]
      if b then gz._skipped = gz._skipped + b end
      if dup_error and gz._duplicates > dups then return fail(ctx, lines[i], "duplicate entry") end
    elseif i == failed then
      return fail(ctx, lines[i], msgs[i])
    else
      gz._skipped = gz._skipped + skips[i]
      local msg = msgs[i]
      if msg and #errors < 20 then errors[#errors + 1] = ("%s:%d: %s"):format(ctx, lines[i], msg) end
    end
  end
  return gz
end

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, "newscorpus: " .. err end
  local s = f:read("a")
  f:close()
  return s
end

local function load_json(gz, path, opts)
  local ok, cjson = pcall(require, "cjson.safe")
  if not ok then return nil, "newscorpus: " .. path .. ": lua-cjson is not installed" end
  local s, err = read_file(path)
  if not s then return nil, err end
  local data, jerr = cjson.decode(s)
  if data == nil then return nil, ("newscorpus: %s: invalid JSON: %s"):format(path, jerr) end
  if type(data) == "table" and type(data.entities) == "table" then data = data.entities end
  if type(data) ~= "table" then return nil, "newscorpus: " .. path .. ": JSON must be an array of entries" end
  return M.from_table(data, { gazetteer = gz, on_error = opts.on_error, source = path })
end

--- Loads a gazetteer file. opts: format ("tsv"|"csv"|"json", default from the extension,
-- else tsv), on_error ("skip" (default): bad lines are counted in stats().skipped and the
-- first messages kept in stats().errors; "error": return nil, "newscorpus: FILE:LINE: ..."),
-- duplicates = "error" (with on_error = "error": a duplicate line is an error), columns
-- (list of column names, e.g. { "name", "type", "id" } for files without a header),
-- gazetteer (an existing gazetteer to add to), stoplist (as new()).
-- Returns the gazetteer, or nil and "newscorpus: FILE:LINE: message".
function M.load(path, opts)
  if type(path) ~= "string" then
    error("bad argument #1 to 'load' (string expected, got " .. type(path) .. ")", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then error("bad argument #2 to 'load' (table expected)", 2) end
  opts = opts or {}
  if opts.on_error ~= nil and opts.on_error ~= "skip" and opts.on_error ~= "error" then
    error("option 'on_error' must be \"skip\" or \"error\"", 2)
  end
  if opts.columns ~= nil then
    if type(opts.columns) ~= "table" then error("option 'columns' must be a table", 2) end
    for _, c in ipairs(opts.columns) do
      if not KNOWN_COLUMNS[c] then error("unknown column '" .. tostring(c) .. "' in option 'columns'", 2) end
    end
  end
  local gz = opts.gazetteer or M.new { stoplist = opts.stoplist }
  local fmt = opts.format or (path:match("%.(%w+)$") or "tsv"):lower()
  if fmt == "json" then return load_json(gz, path, opts) end
  if fmt ~= "csv" then fmt = "tsv" end
  local text, err = read_file(path)
  if not text then return nil, err end
  return load_text(gz, text, path, opts, fmt)
end

--- Builds a gazetteer from a Lua table: an array of entries { name, type, aliases, id, case }
-- (or of arrays { name, type, aliases, id }). opts: on_error ("skip" | "error"),
-- gazetteer (add to an existing one), stoplist. Returns gz, or nil and
-- "newscorpus: table:N: message" (N the entry index).
function M.from_table(t, opts)
  if type(t) ~= "table" then
    error("bad argument #1 to 'from_table' (table expected, got " .. type(t) .. ")", 2)
  end
  opts = opts or {}
  local gz = opts.gazetteer or M.new { stoplist = opts.stoplist }
  local ctx = opts.source or "table"
  for i, e in ipairs(t) do
    if type(e) ~= "table" then
      if opts.on_error == "error" then return fail(ctx, i, "entry is not a table") end
      gz._skipped = gz._skipped + 1
    else
      if e.name == nil and e[1] ~= nil then
        e = { name = e[1], type = e[2], aliases = e[3], id = e[4] }
      end
      if type(e.aliases) == "string" then e.aliases = split(e.aliases, "|") end
      local ok, idx, msg = pcall(gz.add, gz, e)
      if not ok then msg, idx = idx, nil end
      if not idx then
        msg = tostring(msg):gsub("^newscorpus: ", "")
        if opts.on_error == "error" then return fail(ctx, i, msg) end
        gz._skipped = gz._skipped + 1
        if #gz._errors < 20 then gz._errors[#gz._errors + 1] = ("%s:%d: %s"):format(ctx, i, msg) end
      end
    end
  end
  return gz
end

M.Gazetteer = Gazetteer
return M
