-- Lua iterator throughput: nc.tokens (token, start, stop, kind per step), nc.sentences and the
-- batch forms on a text repeated to at least MIN_MB megabytes.
-- Usage: lua5.4 bench/tokens/bench_lua.lua FILE [MIN_MB]
local tokens = require "newscorpus.tokens"

local path = assert(arg[1], "usage: bench_lua.lua FILE [MIN_MB]")
local min_mb = tonumber(arg[2] or "20")
local f = assert(io.open(path, "rb"))
local one = f:read("a")
f:close()
local text = one:rep(math.ceil(min_mb * 1048576 / #one))
local mb = #text / 1048576

local function best(runs, fn)
  local t, r = math.huge, nil
  for _ = 1, runs do
    local t0 = os.clock()
    r = fn()
    t = math.min(t, os.clock() - t0)
  end
  return t, r
end

local t_iter, n = best(3, function()
  local c = 0
  for _ in tokens.tokens(text) do c = c + 1 end
  return c
end)
local t_full = best(1, function()
  local c = 0
  for tok, s, e, kind in tokens.tokens(text) do
    if tok and s <= e and kind then c = c + 1 end
  end
  return c
end)
local t_count = best(3, function() return tokens.token_count(text) end)
local t_sent, ns = best(2, function()
  local c = 0
  for _ in tokens.sentences(text) do c = c + 1 end
  return c
end)
print(("input: %.1f MB"):format(mb))
print(("lua tokens iterator   %6.1f M tokens/s  %7.1f MB/s  (%d tokens)"):format(
  n / t_iter / 1e6, mb / t_iter, n))
print(("lua tokens, all 4 values used %6.1f M tokens/s"):format(n / t_full / 1e6))
print(("lua token_count       %6.1f M tokens/s  %7.1f MB/s"):format(n / t_count / 1e6, mb / t_count))
print(("lua sentences iterator %7.1f MB/s  (%d sentences)"):format(mb / t_sent, ns))
