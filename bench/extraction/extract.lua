-- bench/extraction/extract.lua MODE INDIR OUTDIR
-- MODE "html": nc.extract on INDIR/<id>.html; MODE "html+clean": nc.extract then nc.clean
-- with article = true (the ingest pipeline); MODE "pagetext": nc.clean on INDIR/<id>.txt.
-- Writes OUTDIR/<id>.txt and prints the bytes read and the seconds spent in the library
-- (CPU time; with PASSES=n, the best of n passes over all the files, default 1).
local text = require "newscorpus.text"
local lfs = require "lfs"

local mode, indir, outdir = arg[1], arg[2], arg[3]
-- EXTRACT_KEEP_TITLE=1: keep <h1> in the text (the trafilatura set counts titles as content)
local keep_title = os.getenv("EXTRACT_KEEP_TITLE") == "1"
local passes = math.max(1, math.tointeger(tonumber(os.getenv("PASSES") or "1")) or 1)
assert(mode == "html" or mode == "html+clean" or mode == "pagetext",
  "usage: extract.lua html|html+clean|pagetext INDIR OUTDIR")
assert(indir and outdir, "usage: extract.lua html|pagetext INDIR OUTDIR")
lfs.mkdir(outdir)

local files = {}
for name in lfs.dir(indir) do
  local id = name:match("^(.+)%.html$") or name:match("^(.+)%.txt$")
  if id then files[#files + 1] = { id = id, path = indir .. "/" .. name } end
end
table.sort(files, function(a, b) return a.id < b.id end)
local bytes = 0
for _, f in ipairs(files) do
  local fh = assert(io.open(f.path, "rb"))
  f.data = fh:read("a")
  fh:close()
  bytes = bytes + #f.data
end

local function run(data)
  if mode == "html" then
    return text.extract(data, { keep_title = keep_title })
  elseif mode == "html+clean" then
    local out, err = text.extract(data, { keep_title = keep_title })
    if not out then return out, err end
    return text.clean(out, { article = true, keep_title = keep_title })
  end
  return text.clean(data, { keep_title = keep_title })
end

-- one pass over all the files: the library time; the last pass writes the outputs
local function pass(write)
  local spent, failed = 0, 0
  for _, f in ipairs(files) do
    local t0 = os.clock()
    local out, err = run(f.data)
    spent = spent + (os.clock() - t0)
    if write then
      if not out then
        failed = failed + 1
        io.stderr:write(f.id, ": ", tostring(err), "\n")
        out = ""
      end
      local o = assert(io.open(outdir .. "/" .. f.id .. ".txt", "wb"))
      o:write(out)
      o:close()
    end
  end
  return spent, failed
end

local spent, failed = math.huge, 0
for p = 1, passes do
  local s, fl = pass(p == passes)
  spent, failed = math.min(spent, s), fl
end
print(("%s: %d files, %.1f MB, %.3f s, %.1f MB/s, %d failed%s"):format(mode, #files, bytes / 1e6,
  spent, spent > 0 and bytes / 1e6 / spent or 0, failed,
  passes > 1 and (" (best of %d passes)"):format(passes) or ""))
