-- bench/extraction/dump_clean.lua OUTFILE FILE...
-- Writes everything nc.clean and nc.normalize return for each FILE (clean text with four
-- option sets, title, date, byline, changes, every line and removed span, offset-map samples
-- through report:original and report:span, normalised text and its map) into OUTFILE, so two
-- builds can be compared byte for byte (`cmp`) after a change meant to keep the output:
-- (each build with its own lua/ and build/ on LUA_PATH and LUA_CPATH):
--   LUA_PATH="old/lua/?.lua;;" LUA_CPATH="old/build/?.so;;" lua5.4 dump_clean.lua old.out files...
--   LUA_PATH="new/lua/?.lua;;" LUA_CPATH="new/build/?.so;;" lua5.4 dump_clean.lua new.out files...
local text = require "newscorpus.text"

local out = assert(io.open(assert(arg[1], "usage: dump_clean.lua OUTFILE FILE..."), "wb"))

local function ser(v)
  if type(v) ~= "table" then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local t = {}
  for _, k in ipairs(keys) do t[#t + 1] = tostring(k) .. "=" .. ser(v[k]) end
  return "{" .. table.concat(t, ",") .. "}"
end

local function map_samples(n, original, span)
  local step = math.max(1, n // 300)
  local t = {}
  for p = 1, n, step do
    local a, b = span(p, math.min(n, p + (p * 7) % 40))
    t[#t + 1] = original(p) .. ":" .. a .. "-" .. b
  end
  t[#t + 1] = original(n + 1)
  return table.concat(t, " ")
end

local option_sets = { {}, { keep_title = true }, { article = true }, { fold = true, form = "NFKC" } }
for i = 2, #arg do
  local fh = assert(io.open(arg[i], "rb"))
  local doc = fh:read("a")
  fh:close()
  for _, opts in ipairs(option_sets) do
    local clean, report = text.clean(doc, opts)
    out:write("== ", arg[i], " ", ser(opts), "\n", tostring(clean), "\n")
    if clean then
      out:write("title=", tostring(report.title), " date=", tostring(report.date), " byline=",
        tostring(report.byline), " repairs=", report.repairs, " ", ser(report.changes), "\n")
      for _, l in ipairs(report.lines) do
        out:write(l.start, " ", l.stop, " ", l.class, " ", l.reason, " ", l.line, "\n")
      end
      for _, r in ipairs(report.removed) do
        out:write(r.start, " ", r.stop, " ", r.reason, " ", r.text, "\n")
      end
      out:write(map_samples(#clean, function(p) return report:original(p) end,
        function(a, b) return report:span(a, b) end), "\n")
    else
      out:write(tostring(report), "\n")
    end
  end
  for _, opts in ipairs { {}, { fold = true }, { form = "none" }, { whitespace = false } } do
    local norm, info = text.normalize(doc, opts)
    if norm then
      out:write(norm, "\n", map_samples(#norm, function(p) return info.map:original(p) end,
        function(a, b) return info.map:span(a, b) end), "\n")
    end
  end
end
out:close()
