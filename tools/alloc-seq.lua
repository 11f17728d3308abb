-- The call sequence tools/alloc-lua runs under a failing allocator: open a corpus, ingest the
-- sample corpus with its gazetteer, match entities in a text, build the report, close.
-- arg[1]: a scratch directory for the database (default: an in-memory database).
-- Every failure must surface as a Lua error or nil, message (turned into an error here by
-- assert), never as a crash or a leak; the run ends with the corpus closed either way.
local nc = require "newscorpus"

local dir = arg and arg[1]
local path = ":memory:"
if dir then
  path = dir .. "/alloc.db"
  for _, suffix in ipairs({ "", "-wal", "-shm" }) do os.remove(path .. suffix) end
end

local corpus = assert(nc.open(path))
local ok, err = pcall(function()
  local gz = assert(nc.gazetteer.load("examples/gazetteer.tsv"))
  local report = assert(corpus:ingest("examples/corpus", { gazetteer = gz, progress = false }))
  assert(report.added > 0 or report.failed > 0, "nothing ingested")
  local text = "Harbor master Ilse Marquette said on Tuesday that the Estrel channel reopened."
  local mentions = nc.entities(text, gz)
  assert(type(mentions) == "table")
  local r = assert(corpus:report())
  assert(type(r:markdown()) == "string")
  assert(corpus:count() >= 0)
end)
corpus:close()
if not ok then error(err, 0) end
