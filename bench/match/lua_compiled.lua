-- Loads a gazetteer saved by lua_scan.lua (gz:save) and scans TEXT with it, in a fresh process
-- so that its peak memory is its own. Usage: lua5.4 bench/match/lua_compiled.lua FILE TEXT
local gazetteer = require "newscorpus.gazetteer"
local t0 = os.clock()
local gz = assert(gazetteer.load_compiled(arg[1]))
local t1 = os.clock()
local f = assert(io.open(arg[2], "rb"))
local text = f:read("a")
f:close()
local t2 = os.clock()
local n = 0
for _ in gz:matches(text) do n = n + 1 end
local t3 = os.clock()
print(("newscorpus(Lua, compiled) entities %d  load_compiled %.2f s  scan %.1f MB/s  matches %d"):format(
  gz:count(), t1 - t0, #text / 1e6 / (t3 - t2), n))
