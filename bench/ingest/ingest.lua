--- bench/ingest/ingest.lua JSONL DB [BATCH]: ingests JSONL into a fresh corpus and prints
-- articles/second end to end (reading, JSON, hashing, analysis, SQLite + FTS5 insert, commit)
-- with the resident memory sampled every 10,000 articles.
local corpus = require "newscorpus.corpus"
local core = require "newscorpus.core"

local file, dbpath, batch = arg[1], arg[2], tonumber(arg[3] or "500")
local jobs = tonumber(os.getenv("JOBS") or "1")
for _, suffix in ipairs({ "", "-wal", "-shm" }) do os.remove(dbpath .. suffix) end

local function rss_kb()
  local f = io.open("/proc/self/status")
  if not f then return 0 end
  local s = f:read("a")
  f:close()
  return tonumber(s:match("VmRSS:%s*(%d+)")) or 0
end

-- The analysis: newscorpus.analyze when it is installed, else sentences from core.sentences
-- (or a simple splitter) with the text as given.
local analyze, which
local ok, mod = pcall(require, "newscorpus.analyze")
if ok and os.getenv("ANALYZE") ~= "standin" then
  analyze, which = function(rec) return mod.article(rec, {}) end, "newscorpus.analyze"
else
  which = core.sentences and "core.sentences" or "lua sentence splitter (no analyze module)"
  analyze = function(rec)
    local text, sents = rec.raw, {}
    if core.sentences then
      for s, e in core.sentences(text) do sents[#sents + 1] = { start = s, stop = e } end
    else
      for s, e in text:gmatch("()[^%.!?\n]+[%.!?]*()") do sents[#sents + 1] = { start = s, stop = e - 1 } end
    end
    return { text = text, sentences = sents, mentions = {}, quotes = {} }
  end
end

local samples, count = {}, 0
local function sampling(rec)
  count = count + 1
  if count % 10000 == 0 then samples[#samples + 1] = ("%d:%dMB"):format(count, rss_kb() // 1024) end
  return analyze(rec)
end

local c = assert(corpus.open(dbpath))
-- FTS=0 measures the same ingest without the full-text index (a measurement aid only: it
-- swaps the corpus's cached FTS insert for a no-op statement).
if os.getenv("FTS") == "0" then
  which = which .. ", full-text index OFF"
  c._stmts.fts = assert(c:db():prepare("SELECT ?, ?, ?"))
end
local c0 = os.clock()
local wall0 = io.popen("date +%s.%N"):read("l")
local report = assert(c:ingest(file, { analyze = sampling, batch = batch, progress = false, jobs = jobs }))
local wall1 = io.popen("date +%s.%N"):read("l")
local secs = tonumber(wall1) - tonumber(wall0)
c:close()
local size = 0
local f = io.open(dbpath, "rb")
if f then size = f:seek("end") f:close() end
print(("analysis: %s, jobs %d"):format(which, jobs))
print(("added %d skipped %d failed %d in %.2f s (cpu %.2f s): %.0f articles/s"):format(
  report.added, report.skipped, report.failed, secs, os.clock() - c0, report.added / secs))
print(("db %.1f MB; RSS by articles ingested: %s; final %d MB"):format(size / 2 ^ 20,
  table.concat(samples, " "), rss_kb() // 1024))
