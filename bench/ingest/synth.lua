--- bench/ingest/synth.lua SOURCE OUT N [SEED]: writes N synthetic news articles as JSONL.
-- SOURCE is a text of articles laid out as "title line, blank line, paragraphs" (the BBC
-- benchmark text). Each synthetic article takes a random source article's title and
-- paragraphs, drops some, adds one or two paragraphs of another article and a dateline, so
-- every article is distinct (no hash duplicates) but reads like news. Deterministic per SEED.
local json = require("cjson").new()

local src, out, n, seed = arg[1], arg[2], tonumber(arg[3]), tonumber(arg[4] or "1")
if not (src and out and n) then
  io.stderr:write("usage: lua5.4 synth.lua SOURCE OUT N [SEED]\n")
  os.exit(2)
end

-- A title is a non-empty line not ending like a sentence, followed by a blank line.
local function is_title(line)
  return #line > 0 and #line < 120 and not line:find("[%.%?!:;,\"')%]]%s*$")
end

local articles, cur = {}, nil
local lines = {}
for line in io.lines(src) do lines[#lines + 1] = (line:gsub("\r$", "")) end
for i, line in ipairs(lines) do
  if is_title(line) and (lines[i + 1] or "") == "" then
    cur = { title = line, paras = {} }
    articles[#articles + 1] = cur
  elseif cur and line:find("%S") then
    cur.paras[#cur.paras + 1] = line
  end
end
local kept = {}
for _, a in ipairs(articles) do if #a.paras > 0 then kept[#kept + 1] = a end end
articles = kept
io.stderr:write(("synth: %d source articles\n"):format(#articles))

math.randomseed(seed)
local outlets = { "Daily Ledger", "Harbor Times", "Northern Post", "Evening Courier", "Metro Wire",
  "The Observer Desk", "Coastline News", "Capital Report", "Valley Herald", "Global Dispatch" }
local f = assert(io.open(out, "wb"))
for i = 1, n do
  local a = articles[math.random(#articles)]
  local paras = {}
  for _, p in ipairs(a.paras) do
    if math.random() < 0.85 then paras[#paras + 1] = p end
  end
  if #paras == 0 then paras[1] = a.paras[1] end
  local other = articles[math.random(#articles)]
  table.insert(paras, math.random(#paras + 1), other.paras[math.random(#other.paras)])
  local outlet = outlets[math.random(#outlets)]
  local day = ("2026-%02d-%02d"):format(math.random(12), math.random(28))
  table.insert(paras, 1, ("%s (%s, %s) -"):format(outlet:upper(), day, i))
  f:write(json.encode({ source = outlet, title = a.title, date = day,
    url = ("https://news.example/%s/%d"):format(outlet:lower():gsub("%W+", "-"), i),
    text = a.title .. "\n\n" .. table.concat(paras, "\n\n") }), "\n")
end
f:close()
