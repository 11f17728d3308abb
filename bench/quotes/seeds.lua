-- bench/quotes/seeds.lua [DIR]: quality check of quotes.find on the seed articles
-- (/work/shared/seeds by default) with bench/quotes/seeds_gazetteer.tsv: prints every quote
-- with its kind, cue and speaker, then the quote groups carried by more than one outlet.
local nc = require "newscorpus"
local analyze = require "newscorpus.analyze"
local quotes = require "newscorpus.quotes"

local dir = arg[1] or "/work/shared/seeds"
local here = (arg[0]:match("^(.*)/[^/]*$") or ".")
local gz = assert(nc.gazetteer.load(here .. "/seeds_gazetteer.tsv"))

local files = {}
local p = assert(io.popen("ls " .. dir .. "/*.txt"))
for f in p:lines() do files[#files + 1] = f end
p:close()

local items = {}
for _, f in ipairs(files) do
  local fh = assert(io.open(f, "rb"))
  local raw = fh:read("a")
  fh:close()
  local a = assert(analyze.article({ file = f, raw = raw }, { gazetteer = gz }))
  print("== " .. f:match("[^/]+$"))
  for _, q in ipairs(a.quotes) do
    print(("  [%-10s] %-13s %-22s %s"):format(q.kind, tostring(q.cue), tostring(q.entity or
      (q.speaker and "(" .. q.speaker .. ")")), q.text:gsub("\n", " "):sub(1, 70)))
    items[#items + 1] = { article = f, source = f:match("[^/]+$"), quote = q }
  end
end
print("== quote groups over more than one outlet")
for _, g in ipairs(quotes.group(items)) do
  if #g.sources > 1 then
    print(("  %d outlets, speaker %s: %s"):format(#g.sources, tostring(g.entity or g.speaker),
      g.text:sub(1, 70)))
  end
end
