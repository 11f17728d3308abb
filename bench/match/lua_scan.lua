-- Lua-level figures: load + compile gazetteer TSV files and scan TEXT with gz:matches.
-- Usage: lua5.4 bench/match/lua_scan.lua [--save FILE | --compile-only] TEXT GAZ.tsv...
--   (bench files: name, type, id; --save also writes the compiled gazetteer and times it;
--   --compile-only stops after loading and compiling, so that the peak memory of the process
--   is that of load + compile; TEXT is then not read)
local gazetteer = require "newscorpus.gazetteer"

local save_path, compile_only
if arg[1] == "--compile-only" then
  compile_only = true
  table.remove(arg, 1)
elseif arg[1] == "--save" then
  save_path = arg[2]
  table.remove(arg, 1)
  table.remove(arg, 1)
end
local text_path = arg[1]
local gz = gazetteer.new()
local t0 = os.clock()
for i = 2, #arg do
  assert(gazetteer.load(arg[i], { columns = { "name", "type", "id" }, gazetteer = gz }))
end
local t1 = os.clock()
gz:compile()
local t2 = os.clock()
if compile_only then
  local st = gz:stats()
  print(("newscorpus(Lua) load + compile: %d entities, %d names: load %.2f s + compile %.2f s = %.2f s")
    :format(st.entities, st.names, t1 - t0, t2 - t1, t2 - t0))
  return
end
collectgarbage()
collectgarbage()
local heap = collectgarbage("count") / 1024
local f = assert(io.open(text_path, "rb"))
local text = f:read("a")
f:close()
local t3 = os.clock()
local n = 0
for _ in gz:matches(text) do n = n + 1 end
local t4 = os.clock()
local st = gz:stats()
print(("newscorpus(Lua) entities %d  names %d (stoplisted %d)  load %.2f s  compile %.2f s"
  .. "  Lua heap %.1f MB (matcher %.1f MB)  scan %.1f MB/s  matches %d"):format(
  st.entities, st.names, st.stopped, t1 - t0, t2 - t1, heap, st.bytes / 1e6, #text / 1e6 / (t4 - t3), n))

if not save_path then return end
local bin = save_path
local t5 = os.clock()
assert(gz:save(bin))
local t6 = os.clock()
local back = assert(gazetteer.load_compiled(bin))
local t7 = os.clock()
local fb = assert(io.open(bin, "rb"))
local size = fb:seek("end")
fb:close()
local m2 = 0
for _ in back:matches(text) do m2 = m2 + 1 end
print(("compiled gazetteer: save %.2f s, %.1f MB file, load_compiled %.2f s, same matches: %s"):format(
  t6 - t5, size / 1e6, t7 - t6, tostring(m2 == n)))
