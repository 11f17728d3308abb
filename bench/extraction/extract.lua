-- bench/extraction/extract.lua MODE INDIR OUTDIR
-- MODE "html": nc.extract on INDIR/<id>.html; MODE "html+clean": nc.extract then nc.clean
-- with article = true (the ingest pipeline); MODE "pagetext": nc.clean on INDIR/<id>.txt.
-- Writes OUTDIR/<id>.txt and prints the bytes read and the seconds spent in the library.
local text = require "newscorpus.text"
local lfs = require "lfs"

local mode, indir, outdir = arg[1], arg[2], arg[3]
-- EXTRACT_KEEP_TITLE=1: keep <h1> in the text (the trafilatura set counts titles as content)
local keep_title = os.getenv("EXTRACT_KEEP_TITLE") == "1"
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

local bytes, spent, failed = 0, 0, 0
for _, f in ipairs(files) do
  local fh = assert(io.open(f.path, "rb"))
  local data = fh:read("a")
  fh:close()
  bytes = bytes + #data
  local t0 = os.clock()
  local out, err
  if mode == "html" then
    out, err = text.extract(data, { keep_title = keep_title })
  elseif mode == "html+clean" then
    out, err = text.extract(data, { keep_title = keep_title })
    if out then out, err = text.clean(out, { article = true, keep_title = keep_title }) end
  else
    out, err = text.clean(data, { keep_title = keep_title })
  end
  spent = spent + (os.clock() - t0)
  if not out then
    failed = failed + 1
    io.stderr:write(f.id, ": ", tostring(err), "\n")
    out = ""
  end
  local o = assert(io.open(outdir .. "/" .. f.id .. ".txt", "wb"))
  o:write(out)
  o:close()
end
print(("%s: %d files, %.1f MB, %.3f s, %.1f MB/s, %d failed"):format(mode, #files, bytes / 1e6,
  spent, spent > 0 and bytes / 1e6 / spent or 0, failed))
