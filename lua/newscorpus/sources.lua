--- newscorpus.sources: readers that turn files into input records for the analysis pipeline.
--
-- An input record is a table
--   { file = path, format = "txt"|"html", raw = bytes, line = n (JSONL only), jsonl = true
--     (JSONL only), meta = { source, url, date, title, author, language, title_hint } }
-- and a record that could not be read is { file = path, line = n or nil, error = message }
-- (message names the file, and the line for JSONL: "dir/a.jsonl:3: not JSON: ...").
--
-- Formats, chosen by file extension (case-insensitive):
--   .txt        plain text; format "txt". An optional header block at the very top, lines
--               "Source: ...", "Title: ...", "URL: ...", "Date: ...", "Author: ...",
--               "Language: ..." ended by a blank line, fills meta and is not part of raw.
--   .html .htm  format "html"; raw is the page's bytes, untouched.
--   .jsonl      one JSON object per line with a string field text (format "txt") or html
--               (format "html") and optional url, source, title, date, author, language.
--               Blank lines are skipped; a line that is not such an object gives an error
--               record naming file:line and the rest of the file is still read.
-- meta.source comes from the file itself (txt header, JSONL field) or from a `sources.tsv`
-- beside the files (lines "file-name prefix<TAB>outlet"); otherwise meta.source_hint is the
-- name of the directory holding the file (outlets are often kept one directory each), which
-- the pipeline uses when the page names no site. meta.title_hint is the file name without its
-- extension.
-- Files that are empty or binary (a NUL byte or mostly control bytes in the first 8 KB) give
-- error records. .txt and .html files that are not UTF-8 at all (invalid bytes and not one
-- valid multi-byte character) are decoded as Windows-1252 / Latin-1, the usual legacy
-- encoding of Western news pages (meta.charset = "windows-1252" then), unless an HTML page
-- declares another charset (windows-1250, shift_jis, ...): that gives an error record asking
-- for UTF-8. Occasional invalid UTF-8 among valid text is kept: the pipeline repairs it.
local lfs = require "lfs"
local json = require "cjson.safe"
local sbyte, ssub = string.byte, string.sub

local M = {}

local EXTENSIONS = { txt = "txt", html = "html", htm = "html", jsonl = "jsonl" }
local SNIFF = 8192
local META_KEYS = { source = "source", title = "title", url = "url", date = "date",
  author = "author", language = "language", lang = "language" }

--- Format of a path from its extension ("txt", "html", "jsonl") or nil when not supported.
function M.format_of(path)
  local ext = path:match("%.([%w]+)$")
  return ext and EXTENSIONS[ext:lower()] or nil
end

local function basename(path)
  return path:match("([^/]+)/*$") or path
end

local function dirname(path)
  local d = path:match("^(.*)/[^/]*$")
  if d == nil then return "." end
  if d == "" then return "/" end
  return d
end

-- An outlet map beside the files: a file `sources.tsv` in the directory, one line per outlet,
-- "file-name prefix<TAB>outlet name" ("#" comments). Read again when its mtime changes.
local map_cache = {}

local function outlet_map(dir)
  local file = (dir:sub(-1) == "/" and dir or dir .. "/") .. "sources.tsv"
  local mtime = lfs.attributes(file, "modification")
  if not mtime then return nil end
  local cached = map_cache[file]
  if cached and cached.mtime == mtime then return cached.map end
  local map = {}
  local f = io.open(file, "rb")
  if not f then return nil end
  for line in f:lines() do
    local prefix, outlet = line:match("^([^#\t][^\t]*)\t%s*([^\t]-)%s*$")
    if prefix and outlet ~= "" then map[#map + 1] = { prefix = prefix, outlet = outlet } end
  end
  f:close()
  table.sort(map, function(a, b) return #a.prefix > #b.prefix end) -- longest prefix first
  map_cache[file] = { mtime = mtime, map = map }
  return map
end

-- The source (outlet) of a file: from a sources.tsv beside it (longest matching file-name
-- prefix), else the name of its directory (outlets are often kept one directory each).
-- Returns the name and whether it came from an explicit map.
local function source_of(path)
  local d = dirname(path)
  local map = outlet_map(d)
  if map then
    local name = basename(path)
    for _, entry in ipairs(map) do
      if name:sub(1, #entry.prefix) == entry.prefix then return entry.outlet, true end
    end
  end
  if d == "." then d = lfs.currentdir() or "." end
  local name = basename(d)
  if name == "" or name == "/" or name == "." then return "unknown", false end
  return name, false
end

local function title_hint(path)
  return (basename(path):gsub("%.[^.]*$", ""))
end

local function errrec(file, line, msg)
  local where = line and (file .. ":" .. line) or file
  return { file = file, line = line, error = where .. ": " .. msg }
end

--- Checks the first 8 KB of a file's bytes. Returns nil when it looks like text, or a message
-- ("empty file", "binary file ...").
function M.sniff(raw)
  if raw:find("^%s*$") then return "empty file" end
  local sample = raw:sub(1, SNIFF)
  local nul = sample:find("\0", 1, true)
  if nul then return ("binary file (NUL byte at byte %d)"):format(nul) end
  local _, controls = sample:gsub("[\1-\8\14-\31\127]", "")
  if controls * 10 > #sample then return "binary file (mostly control bytes)" end
  return nil
end

-- Counts the invalid UTF-8 sequences of s and its valid multi-byte characters.
local function utf8_counts(s)
  local invalid, multibyte, pos = 0, 0, 1
  while pos <= #s do
    local n, bad = utf8.len(s, pos)
    local stop = n and #s or bad - 1
    local _, mb = s:sub(pos, stop):gsub("[\xC2-\xF4]", "")
    multibyte = multibyte + mb
    if n then break end
    invalid = invalid + 1
    pos = bad + 1
  end
  return invalid, multibyte
end

-- Windows-1252 code points of bytes 0x80-0x9F (the others are Latin-1 = their byte value;
-- the five undefined bytes map to the C1 controls, as WHATWG decoders do).
local CP1252 = { [0x80] = 0x20AC, [0x82] = 0x201A, [0x83] = 0x0192, [0x84] = 0x201E,
  [0x85] = 0x2026, [0x86] = 0x2020, [0x87] = 0x2021, [0x88] = 0x02C6, [0x89] = 0x2030,
  [0x8A] = 0x0160, [0x8B] = 0x2039, [0x8C] = 0x0152, [0x8E] = 0x017D, [0x91] = 0x2018,
  [0x92] = 0x2019, [0x93] = 0x201C, [0x94] = 0x201D, [0x95] = 0x2022, [0x96] = 0x2013,
  [0x97] = 0x2014, [0x98] = 0x02DC, [0x99] = 0x2122, [0x9A] = 0x0161, [0x9B] = 0x203A,
  [0x9C] = 0x0153, [0x9E] = 0x017E, [0x9F] = 0x0178 }
local SINGLE_BYTE_WESTERN = { ["iso-8859-1"] = true, ["iso8859-1"] = true, ["latin1"] = true,
  ["latin-1"] = true, ["windows-1252"] = true, ["cp1252"] = true, ["iso-8859-15"] = true,
  ["us-ascii"] = true, ["ascii"] = true }

--- The character set an HTML page declares in its first 8 KB (<meta charset=...> or
-- <meta http-equiv="Content-Type" content="...; charset=...">), lower-cased, or nil.
function M.declared_charset(raw)
  local head = raw:sub(1, SNIFF):lower()
  local cs = head:match("<meta[^>]-charset%s*=%s*[\"']?%s*([%w_%-:%.]+)")
  return cs
end

--- Makes a file's bytes UTF-8. Valid UTF-8 (or UTF-8 with a few invalid bytes among valid
-- multi-byte characters, which the pipeline repairs) is returned as is. Bytes with no valid
-- multi-byte UTF-8 character at all are decoded as Windows-1252 (Latin-1 with typographic
-- quotes), unless the page declares another charset: then nil and a message.
-- Returns text, charset ("utf-8" or "windows-1252") or nil, message.
function M.to_utf8(raw, declared)
  if utf8.len(raw) then return raw, "utf-8" end
  local invalid, multibyte = utf8_counts(raw)
  if multibyte > 0 and invalid > 0 then return raw, "utf-8" end
  if declared and declared ~= "utf-8" and declared ~= "utf8" and not SINGLE_BYTE_WESTERN[declared] then
    return nil, ("not UTF-8 (%d invalid byte sequences; the page declares charset %s, which is not "
      .. "supported: convert the file to UTF-8)"):format(invalid, declared)
  end
  local out = raw:gsub("[\x80-\xFF]", function(c)
    local b = c:byte()
    return utf8.char(CP1252[b] or b)
  end)
  return out, "windows-1252"
end

local function read_all(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, "cannot open: " .. tostring(err) end
  local data, rerr = f:read("a")
  f:close()
  if not data then return nil, "cannot read: " .. tostring(rerr) end
  return data
end

-- Splits an optional "Key: value" header block off a .txt file.
local function txt_header(raw, meta)
  local first = raw:match("^([^\n]*)")
  local k = first:match("^%s*([%a]+)%s*:")
  if not (k and META_KEYS[k:lower()]) then return raw end
  local fields, pos = {}, 1
  while true do
    local line, nextpos = raw:match("^([^\n]*)\n?()", pos)
    if line == nil or nextpos == pos then return raw end -- end of file inside the header
    line = line:gsub("\r$", "")
    if line:find("^%s*$") then
      for key, v in pairs(fields) do meta[key] = v end
      return raw:sub(nextpos)
    end
    local key, value = line:match("^%s*([%a]+)%s*:%s*(.-)%s*$")
    local field = key and META_KEYS[key:lower()]
    if not field then return raw end -- not a header after all: keep the text whole
    if value ~= "" then fields[field] = value end
    pos = nextpos
  end
end

local function new_meta(path)
  local source, explicit = source_of(path)
  -- a directory name is only a hint: the page's own site name (HTML) is better evidence
  if explicit then return { source = source, title_hint = title_hint(path) } end
  return { source_hint = source, title_hint = title_hint(path) }
end

local function read_text_file(path, format)
  local raw, err = read_all(path)
  if not raw then return errrec(path, nil, err) end
  local bad = M.sniff(raw)
  if bad then return errrec(path, nil, bad) end
  raw = raw:gsub("^\xEF\xBB\xBF", "")
  local meta = new_meta(path)
  local charset
  raw, charset = M.to_utf8(raw, format == "html" and M.declared_charset(raw) or nil)
  if not raw then return errrec(path, nil, charset) end
  if charset ~= "utf-8" then meta.charset = charset end
  if format == "txt" then
    raw = txt_header(raw, meta)
    if raw:find("^%s*$") then return errrec(path, nil, "no text after the header") end
  end
  return { file = path, format = format, raw = raw, meta = meta }
end

local function str_field(obj, name)
  local v = obj[name]
  if type(v) == "string" then return v end
  if math.type(v) == "integer" then return tostring(v) end
  return nil
end

-- One JSONL line -> record or error record.
-- line without its end-of-line bytes ("\n" or "\r\n"). (line:gsub("\r?\n$", "") does
-- the same, but tries the pattern at every byte: 30 µs for a 3 KB line.)
local function without_eol(line)
  local n = #line
  if sbyte(line, n) ~= 10 then return line end
  n = n - 1
  if sbyte(line, n) == 13 then n = n - 1 end
  return ssub(line, 1, n)
end

local function jsonl_record(path, n, line, dir_meta)
  local obj, err = json.decode(line)
  if obj == nil then return errrec(path, n, "not JSON: " .. tostring(err)) end
  if type(obj) ~= "table" or obj[1] ~= nil then
    return errrec(path, n, "expected a JSON object")
  end
  local format, raw = "txt", obj.text
  if type(raw) ~= "string" then
    format, raw = "html", obj.html
  end
  if type(raw) ~= "string" then
    return errrec(path, n, "the object has no 'text' or 'html' string")
  end
  if raw:find("^%s*$") then return errrec(path, n, "empty text") end
  local meta = { source = dir_meta.source, source_hint = dir_meta.source_hint }
  for key, field in pairs(META_KEYS) do
    local v = str_field(obj, key)
    if v and v ~= "" then meta[field] = v end
  end
  return { file = path, line = n, jsonl = true, format = format, raw = raw, meta = meta }
end

-- Iterator over the records of one JSONL file, reading it line by line (memory stays flat).
local function jsonl_records(path)
  local f, err = io.open(path, "rb")
  if not f then
    local done = false
    return function()
      if done then return nil end
      done = true
      return errrec(path, nil, "cannot open: " .. tostring(err))
    end
  end
  local head = f:read(SNIFF) or ""
  f:seek("set", 0)
  local bad = M.sniff(head)
  if bad then
    f:close()
    local done = false
    return function()
      if done then return nil end
      done = true
      return errrec(path, nil, bad)
    end
  end
  local n, dir_meta = 0, new_meta(path)
  return function()
    while f do
      local line = f:read("L")
      if line == nil then
        f:close()
        f = nil
        return nil
      end
      n = n + 1
      line = without_eol(line)
      if n == 1 then line = line:gsub("^\xEF\xBB\xBF", "") end
      if not line:find("^%s*$") then return jsonl_record(path, n, line, dir_meta) end
    end
    return nil
  end
end

-- ---- slots: records located without reading them (for parallel readers) -----------------

--- Iterator over the record slots of the files entries (as M.files returns them): where each
-- record is, without decoding it, so that other processes can read and decode them. A slot is
-- { path = file, line = n, offset = byte offset, length = bytes } for a JSONL line (blank
-- lines are no records), { path = file } for another file, or an error record (an entry's
-- error, a JSONL file that cannot be opened or is binary). Each slot also has `entry`, the
-- index of its entry in entries. M.slot_record turns a slot into the record M.file_records
-- gives.
function M.slots(entries)
  local i, f, path, n, pos = 0, nil, nil, 0, 0
  return function()
    while true do
      if f then
        local line = f:read("L")
        if line == nil then
          f:close()
          f = nil
        else
          n = n + 1
          local offset = pos
          pos = pos + #line
          local text = line:find("%S")
          if text and n == 1 and line:sub(1, 3) == "\xEF\xBB\xBF" then text = line:find("%S", 4) end
          if text then
            return { path = path, line = n, offset = offset, length = #line, entry = i }
          end
        end
      else
        i = i + 1
        local entry = entries[i]
        if not entry then return nil end
        if entry.error then
          local rec = {}
          for k, v in pairs(entry.error) do rec[k] = v end
          rec.entry = i
          return rec
        end
        path = entry.path
        if M.format_of(path) ~= "jsonl" then return { path = path, entry = i } end
        local err
        f, err = io.open(path, "rb")
        if not f then
          local rec = errrec(path, nil, "cannot open: " .. tostring(err))
          rec.entry = i
          return rec
        end
        local bad = M.sniff(f:read(SNIFF) or "")
        f:seek("set", 0)
        if bad then
          f:close()
          f = nil
          local rec = errrec(path, nil, bad)
          rec.entry = i
          return rec
        end
        n, pos = 0, 0
      end
    end
  end
end

--- The record of a slot (see M.slots), read from its file now. cache: a table the caller
-- keeps between calls (an open file and the outlet of the last path); call
-- M.slot_record(nil, cache) at the end to close the file.
function M.slot_record(slot, cache)
  if slot == nil then
    if cache.f then cache.f:close() end
    cache.f, cache.path = nil, nil
    return nil
  end
  if slot.error then return slot end
  local path = slot.path
  if not slot.offset then
    local format = M.format_of(path)
    if not format or format == "jsonl" then
      return errrec(path, nil, "unsupported file type (want .txt .html .htm .jsonl)")
    end
    return read_text_file(path, format)
  end
  if cache.path ~= path then
    if cache.f then cache.f:close() end
    local f, err = io.open(path, "rb")
    cache.f, cache.path, cache.err = f, path, err
    cache.meta = new_meta(path)
  end
  if not cache.f then return errrec(path, slot.line, "cannot open: " .. tostring(cache.err)) end
  local line = cache.f:seek("set", slot.offset) and cache.f:read(slot.length)
  if not line or #line ~= slot.length then
    return errrec(path, slot.line, "cannot read the line (the file changed during ingest)")
  end
  line = without_eol(line)
  if slot.line == 1 then line = line:gsub("^\xEF\xBB\xBF", "") end
  if line:find("^%s*$") then
    return errrec(path, slot.line, "the line is blank now (the file changed during ingest)")
  end
  return jsonl_record(path, slot.line, line, cache.meta)
end

--- Iterator over the records of one file (see the module comment for formats). Unsupported
-- extensions give one error record.
function M.file_records(path)
  local format = M.format_of(path)
  if format == "jsonl" then return jsonl_records(path) end
  local done = false
  return function()
    if done then return nil end
    done = true
    if not format then return errrec(path, nil, "unsupported file type (want .txt .html .htm .jsonl)") end
    return read_text_file(path, format)
  end
end

local function walk(dir, out)
  local names = {}
  local ok, iter, state = pcall(lfs.dir, dir)
  if not ok then
    out[#out + 1] = { error = errrec(dir, nil, "cannot list directory: " .. tostring(iter)) }
    return
  end
  for name in iter, state do
    if name:sub(1, 1) ~= "." then names[#names + 1] = name end
  end
  table.sort(names)
  for _, name in ipairs(names) do
    local path = (dir:sub(-1) == "/" and dir or dir .. "/") .. name
    local mode = lfs.attributes(path, "mode")
    local link = lfs.symlinkattributes(path, "mode")
    if mode == "directory" and link ~= "link" then
      walk(path, out)
    elseif mode == "file" and M.format_of(path) then
      out[#out + 1] = { path = path }
    end
  end
end

--- Lists the input files of a path or an array of paths: files are taken as given,
-- directories are walked recursively (names starting with "." and symbolic links to
-- directories are skipped), keeping .txt .html .htm .jsonl files in sorted order.
-- Returns an array of entries { path = file } or { error = error record } (for a path that
-- does not exist or cannot be listed).
function M.files(paths)
  if type(paths) == "string" then paths = { paths } end
  if type(paths) ~= "table" then
    error("newscorpus: sources.files: expected a path or an array of paths, got " .. type(paths), 2)
  end
  local out = {}
  for i, p in ipairs(paths) do
    if type(p) ~= "string" then
      error(("newscorpus: sources.files: path #%d is a %s, not a string"):format(i, type(p)), 2)
    end
    local mode = lfs.attributes(p, "mode")
    if mode == "directory" then
      walk(p, out)
    elseif mode == "file" then
      out[#out + 1] = { path = p }
    else
      out[#out + 1] = { error = errrec(p, nil, mode and ("not a file or directory (" .. mode .. ")")
        or "no such file or directory") }
    end
  end
  return out
end

--- Iterator over every record of a path or array of paths (files or directories), one file
-- at a time and one JSONL line at a time.
function M.each(paths)
  local files = M.files(paths)
  local i, inner = 0, nil
  return function()
    while true do
      if inner then
        local rec = inner()
        if rec then return rec end
        inner = nil
      end
      i = i + 1
      local entry = files[i]
      if not entry then return nil end
      if entry.error then return entry.error end
      inner = M.file_records(entry.path)
    end
  end
end

--- Reads every record of a path or array of paths into an array (see M.each).
function M.read(paths)
  local out = {}
  for rec in M.each(paths) do out[#out + 1] = rec end
  return out
end

return M
