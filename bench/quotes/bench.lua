--- bench/quotes/bench.lua [FILE] [COPIES]: throughput of quotes.find on news articles.
-- FILE is a text of articles laid out as "title line, blank line, paragraphs" (default the BBC
-- benchmark text); the articles are split at titles and each is given to quotes.find as
-- ingest does (sentences from newscorpus.tokens, split just before; an empty mention list).
-- Prints MB/s for quotes.find alone and the number of quotes found; COPIES repeats the run
-- (default 3; the best run is reported).
local quotes = require "newscorpus.quotes"
local tokens = require "newscorpus.tokens"

local path = arg[1] or "/work/shared/bench/text/bbc_news_raw.txt"
local copies = tonumber(arg[2] or "3")
local fh = assert(io.open(path, "rb"))
local all = fh:read("a")
fh:close()

-- Split at title lines: a short line without final punctuation followed by a blank line.
local articles, cur = {}, {}
local lines = {}
for line in (all .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
for i, line in ipairs(lines) do
  if #line > 0 and #line < 120 and not line:find("[%.%?!:;,\"')%]]%s*$") and lines[i + 1] == ""
      and #cur > 0 then
    articles[#articles + 1] = table.concat(cur, "\n")
    cur = {}
  end
  cur[#cur + 1] = line
end
if #cur > 0 then articles[#articles + 1] = table.concat(cur, "\n") end

local bytes = 0
for _, text in ipairs(articles) do bytes = bytes + #text end

-- Sentences are split per article just before its quotes.find call, as ingest does, so the
-- live heap stays that of one article. The time of quotes.find is that of the loop with it
-- minus the same loop without it (so garbage collection is charged to whoever made garbage).
local clock = os.clock
local function run(with_find)
  local found = 0
  local t0 = clock()
  for _, text in ipairs(articles) do
    local sents = {}
    for s, e in tokens.sentences(text) do sents[#sents + 1] = { start = s, stop = e } end
    if with_find then
      found = found + #quotes.find(text, { mentions = {}, sentences = sents })
    end
  end
  return clock() - t0, found
end
local best, best_base, found = math.huge, math.huge, 0
for _ = 1, copies do
  local t
  t, found = run(true)
  if t < best then best = t end
  t = run(false)
  if t < best_base then best_base = t end
end
local dt = best - best_base
print(("quotes.find: %d articles, %.1f MB, %d quotes, best of %d: %.3f s, %.1f MB/s"):format(
  #articles, bytes / 1e6, found, copies, dt, bytes / 1e6 / dt))
