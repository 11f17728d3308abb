-- bench/match/seeds.lua GAZETTEER SEED...: the issue-5 linking checks on real page text.
-- Each seed goes through the ingest pipeline (nc.analyze: cleaning, entities with document
-- linking). Checked: every surface form containing "Blinken" is Antony Blinken, every "Xi" is
-- Xi Jinping, Bill Burns and William Burns are one entity, State Department and Department of
-- State are one entity, and no entity whose id starts with LINK- (names that occur only in the
-- seeds' link lists) is found. Prints each article's entity list and exits 1 on a failure.
local nc = require "newscorpus"

if not arg[1] then error("usage: seeds.lua GAZETTEER SEED...") end
local gz = assert(nc.gazetteer.load(arg[1]))
local failures, checks = 0, 0
local ids_of = {}   -- surface family -> set of entity ids seen

local function check(ok, what)
  checks = checks + 1
  if not ok then
    failures = failures + 1
    print("   FAIL " .. what)
  end
end

local function note(family, id)
  ids_of[family] = ids_of[family] or {}
  ids_of[family][id or "?"] = true
end

for i = 2, #arg do
  local fh = assert(io.open(arg[i], "rb"))
  local raw = fh:read("a")
  fh:close()
  local rec = assert(nc.analyze(raw, { gazetteer = gz }))
  local counts, order = {}, {}
  for _, m in ipairs(rec.mentions) do
    if not counts[m.entity] then
      counts[m.entity] = 0
      order[#order + 1] = m.entity
    end
    counts[m.entity] = counts[m.entity] + 1
    check(not (m.id or ""):find("^LINK%-"), ("%s: link-list name found: %q"):format(arg[i], m.text))
    if m.text:find("Blinken", 1, true) then
      check(m.id == "P-blinken", ("%s: %q linked to %s"):format(arg[i], m.text, tostring(m.entity)))
    end
    if m.text:find("^Xi%f[^%w]") or m.text == "Xi" then
      check(m.id == "P-xi", ("%s: %q linked to %s"):format(arg[i], m.text, tostring(m.entity)))
    end
    if m.text:find("Burns", 1, true) then note("Burns", m.id) end
    if m.text:find("State Department", 1, true) or m.text:find("Department of State", 1, true) then
      note("State Department", m.id)
    end
  end
  -- every occurrence of the words in the clean text is a mention (nothing missed)
  for _, word in ipairs({ "Blinken", "Xi Jinping" }) do
    local n, pos = 0, 1
    while true do
      local s, e = rec.text:find(word, pos, true)
      if not s then break end
      n, pos = n + 1, e + 1
    end
    local found = 0
    for _, m in ipairs(rec.mentions) do
      if m.text:find(word, 1, true) then found = found + 1 end
    end
    check(found == n, ("%s: %d of %d %q found"):format(arg[i], found, n, word))
  end
  local parts = {}
  for _, name in ipairs(order) do parts[#parts + 1] = ("%s %d"):format(name, counts[name]) end
  print(("== %s: %s"):format(arg[i]:match("[^/]+$"), table.concat(parts, ", ")))
end

for family, ids in pairs(ids_of) do
  local list = {}
  for id in pairs(ids) do list[#list + 1] = id end
  table.sort(list)
  print(("%s forms -> %s"):format(family, table.concat(list, ", ")))
  check(#list == 1, family .. " forms linked to one entity")
end
print(("seeds linking: %d checks, %d failed"):format(checks, failures))
os.exit(failures == 0 and 0 or 1)
