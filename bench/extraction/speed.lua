-- bench/extraction/speed.lua DIR [REPEAT]
-- Page-text cleaning speed: nc.clean on every DIR/*.txt (file by file), then on one
-- concatenation of them repeated up to about 20 MB. Prints MB of input per second of
-- library time (os.clock around the calls, one core), not counting file I/O.
local text = require "newscorpus.text"
local lfs = require "lfs"

local dir = assert(arg[1], "usage: speed.lua DIR [ROUNDS]")
local rounds = tonumber(arg[2] or "5")
local docs = {}
for name in lfs.dir(dir) do
  if name:match("%.txt$") then
    local fh = assert(io.open(dir .. "/" .. name, "rb"))
    docs[#docs + 1] = fh:read("a")
    fh:close()
  end
end
table.sort(docs)
local bytes = 0
for _, d in ipairs(docs) do bytes = bytes + #d end

local best = math.huge
for _ = 1, rounds do
  local t0 = os.clock()
  for _, d in ipairs(docs) do assert(text.clean(d)) end
  best = math.min(best, os.clock() - t0)
end
print(("page text, per file: %d files, %.2f MB, best of %d: %.1f MB/s"):format(#docs,
  bytes / 1e6, rounds, bytes / 1e6 / best))

local parts, size = {}, 0
while size < 20e6 do
  for _, d in ipairs(docs) do
    parts[#parts + 1] = d
    size = size + #d + 2
    if size >= 20e6 then break end
  end
end
local big = table.concat(parts, "\n\n")
best = math.huge
for _ = 1, math.max(1, rounds // 2) do
  local t0 = os.clock()
  assert(text.clean(big))
  best = math.min(best, os.clock() - t0)
end
print(("page text, one %.1f MB concatenation: %.1f MB/s"):format(#big / 1e6, #big / 1e6 / best))
