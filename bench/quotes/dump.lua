-- bench/quotes/dump.lua OUT: every quote record quotes.find gives on 2,714 texts (the BBC
-- benchmark articles, examples/corpus, the seeds, spec/fixtures/quotes and 491 extraction
-- benchmark pages), with opts { mentions = {}, sentences = ... }, with no opts and with
-- mentions made from the names in the text, one TSV line per quote. Run from the repository
-- root with LUA_PATH/LUA_CPATH as bench/quotes/run.sh sets them; two dumps (C and
-- NC_QUOTES_PURE_LUA=1, or before and after a change) must be byte-identical (cmp).
local quotes = require "newscorpus.quotes"
local tokens = require "newscorpus.tokens"
local texts = {}
local function add_file(p)
  local f = io.open(p, "rb")
  if f then
    texts[#texts + 1] = f:read("a")
    f:close()
  end
end
local shared = os.getenv("NC_SHARED") or "/work/shared"
local fh = assert(io.open(shared .. "/bench/text/bbc_news_raw.txt", "rb"))
local all = fh:read("a")
fh:close()
local cur, lines = {}, {}
for line in (all .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
for i, line in ipairs(lines) do
  if #line > 0 and #line < 120 and not line:find("[%.%?!:;,\"')%]]%s*$") and lines[i + 1] == ""
      and #cur > 0 then
    texts[#texts + 1] = table.concat(cur, "\n")
    cur = {}
  end
  cur[#cur + 1] = line
end
for _, cmd in ipairs({
  "ls examples/corpus/*.txt " .. shared .. "/seeds/* spec/fixtures/quotes/* 2>/dev/null",
  "ls " .. shared .. "/bench/extraction/scrapinghub-dev/pagetext/* | head -91",
  "ls " .. shared .. "/bench/extraction/trafilatura/pagetext/* | head -400",
}) do
  local p = io.popen(cmd)
  for l in p:lines() do
    add_file(l)
  end
  p:close()
end
local out = assert(io.open(arg[1], "w"))
local F = { "start", "stop", "kind", "speaker", "entity", "speaker_start", "speaker_stop", "cue", "unclosed" }
for ti, text in ipairs(texts) do
  local sents = {}
  for s, e in tokens.sentences(text) do sents[#sents + 1] = { start = s, stop = e } end
  -- mentions made from the personal names of the text (every third one an organisation, every
  -- other one with a canonical entity), to run the mention paths of the attribution
  local ms = {}
  for k, nm in ipairs(quotes._names(text, true)) do
    ms[k] = { start = nm.start, stop = nm.stop, text = text:sub(nm.start, nm.stop),
      entity = k % 2 == 0 and nm.name:upper() or nil, type = k % 3 == 0 and "ORG" or "PERSON" }
  end
  for mode, opts in ipairs({ { mentions = {}, sentences = sents }, false,
      { mentions = ms, sentences = sents } }) do
    for _, q in ipairs(quotes.find(text, opts or nil)) do
      local t = { ti, mode }
      for _, f in ipairs(F) do t[#t + 1] = tostring(q[f]) end
      out:write(table.concat(t, "\t"), "\n")
    end
  end
end
out:close()
print(#texts .. " texts")
