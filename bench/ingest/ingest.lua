--- bench/ingest/ingest.lua JSONL DB [BATCH]: ingests JSONL into a fresh corpus and prints
-- articles/second end to end (reading, JSON, hashing, analysis, SQLite + FTS5 insert, commit)
-- with the resident memory (this process and its workers) sampled every 10,000 articles.
-- Environment: JOBS (worker processes, default 1), ANALYZE=standin (sentences only instead
-- of newscorpus.analyze), FTS=0 (no full-text index: a measurement aid).
local corpus = require "newscorpus.corpus"
local core = require "newscorpus.core"

local file, dbpath, batch = arg[1], arg[2], math.tointeger(tonumber(arg[3] or "")) -- nil: the default
local jobs = math.tointeger(tonumber(os.getenv("JOBS") or "1"))
for _, suffix in ipairs({ "", "-wal", "-shm" }) do os.remove(dbpath .. suffix) end

local function status_kb(pid)
  local f = io.open("/proc/" .. pid .. "/status")
  if not f then return 0 end
  local s = f:read("a")
  f:close()
  return tonumber(s:match("VmRSS:%s*(%d+)")) or 0
end

local function my_pid()
  local f = io.open("/proc/self/stat")
  if not f then return nil end
  local pid = f:read("a"):match("^(%d+)")
  f:close()
  return pid
end

-- resident memory of this process and of its children (the workers), in MB
local PID = my_pid()
local function rss_mb()
  if not PID then return 0 end
  local kb = status_kb(PID)
  local f = io.open(("/proc/%s/task/%s/children"):format(PID, PID))
  if f then
    for child in f:read("a"):gmatch("%d+") do kb = kb + status_kb(child) end
    f:close()
  end
  return kb // 1024
end

-- CPU seconds used so far by this process and by its children that ended (the workers), from
-- /proc/self/stat (utime, stime, cutime, cstime in clock ticks of 1/100 s).
local function cpu_seconds()
  local f = io.open("/proc/self/stat")
  if not f then return os.clock(), 0 end
  local fields = {}
  for v in f:read("a"):match("%) (.*)"):gmatch("%S+") do fields[#fields + 1] = v end
  f:close()
  -- after ") ": field 3 is fields[1]; utime is field 14
  local own = (tonumber(fields[12]) + tonumber(fields[13])) / 100
  local children = (tonumber(fields[14]) + tonumber(fields[15])) / 100
  return own, children
end

-- The analysis: newscorpus.analyze (no gazetteer) unless ANALYZE=standin, which only splits
-- sentences and keeps the text as given.
local analyze, which
local ok, mod = pcall(require, "newscorpus.analyze")
if ok and os.getenv("ANALYZE") ~= "standin" then
  analyze, which = function(rec) return mod.article(rec, {}) end, "newscorpus.analyze"
else
  which = "stand-in (core.sentences only)"
  analyze = function(rec)
    local text, sents = rec.raw, {}
    for s, e in core.sentences(text) do sents[#sents + 1] = { start = s, stop = e } end
    return { text = text, sentences = sents, mentions = {}, quotes = {} }
  end
end

-- Memory is sampled from the progress line (written by this process whatever the jobs):
-- every time the added count passes a multiple of 10,000.
local samples, next_sample = {}, 10000
local progress = {
  write = function(_, line)
    local added = tonumber(tostring(line):match("added (%d+)"))
    if added and added >= next_sample then
      samples[#samples + 1] = ("%d:%dMB"):format(added, rss_mb())
      next_sample = (added // 10000 + 1) * 10000
    end
    return true
  end,
}

local c = assert(corpus.open(dbpath))
-- FTS=0 measures the same ingest without the full-text index (a measurement aid only: it
-- swaps the corpus's cached FTS insert for a no-op statement).
if os.getenv("FTS") == "0" then
  which = which .. ", full-text index OFF"
  c._stmts.fts = assert(c:db():prepare("SELECT ?, ?, ?"))
end
local own0, kids0 = cpu_seconds()
local wall0 = io.popen("date +%s.%N"):read("l")
local report = assert(c:ingest(file, { analyze = analyze, batch = batch, progress = progress,
  jobs = jobs > 1 and jobs or nil }))
local wall1 = io.popen("date +%s.%N"):read("l")
local secs = tonumber(wall1) - tonumber(wall0)
c:close()
local size = 0
local f = io.open(dbpath, "rb")
if f then
  size = f:seek("end")
  f:close()
end
print(("analysis: %s; jobs %d (%s)"):format(which, jobs,
  jobs > 1 and jobs .. " worker processes analyse, this process stores" or "one process"))
local own1, kids1 = cpu_seconds()
local own, kids = own1 - own0, kids1 - kids0
print(("added %d skipped %d failed %d in %.2f s: %.0f articles/s"):format(
  report.added, report.skipped, report.failed, secs, report.added / secs))
print(("cpu: %.2f s in this process (%.0f us/article), %.2f s in workers (%.0f us/article)"):format(
  own, own / report.added * 1e6, kids, kids / report.added * 1e6))
print(("db %.1f MB; RSS (all processes) by articles ingested: %s; final %d MB"):format(size / 2 ^ 20,
  table.concat(samples, " "), rss_mb()))
