-- Golden Rules scorer: exact sentence lists.
-- Usage: lua5.4 bench/tokens/golden.lua [golden_rules_en.jsonl] [-v]
-- Sentences are compared with white space runs collapsed to one space (rules 40 and 41 of the
-- set expect newlines removed; they are run with join_lines = true, as the data set says).
local cjson = require "cjson"
local tokens = require "newscorpus.tokens"

local path = arg[1] or "/work/shared/bench/sbd/golden_rules_en.jsonl"
local verbose = arg[2] == "-v" or arg[1] == "-v"
if path == "-v" then path = "/work/shared/bench/sbd/golden_rules_en.jsonl" end

local function norm(s) return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")) end

local pass, total, fails = 0, 0, {}
for line in io.lines(path) do
  local rule = cjson.decode(line)
  local join = rule.id == 40 or rule.id == 41
  local got = {}
  for s, e in tokens.sentences(rule.text, { join_lines = join }) do
    got[#got + 1] = norm(rule.text:sub(s, e))
  end
  local ok = #got == #rule.sentences
  for i = 1, #rule.sentences do
    if got[i] ~= norm(rule.sentences[i]) then ok = false end
  end
  total = total + 1
  if ok then
    pass = pass + 1
  else
    fails[#fails + 1] = math.tointeger(rule.id) or rule.id
    if verbose then
      print(("FAIL %d %s"):format(rule.id, rule.name))
      for _, s in ipairs(got) do print("   got: " .. s) end
    end
  end
end
print(("golden rules: %d/%d passed (failed: %s)"):format(pass, total, table.concat(fails, ", ")))
