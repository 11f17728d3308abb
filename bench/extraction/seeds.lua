-- bench/extraction/seeds.lua FILE...: clean each page-text file and print its title, date,
-- byline, the removed lines with their reasons and the number of body lines kept.
local text = require "newscorpus.text"

for _, path in ipairs(arg) do
  local fh = assert(io.open(path, "rb"))
  local raw = fh:read("a")
  fh:close()
  local clean, report = text.clean(raw)
  if not clean then
    print(path, "error: " .. tostring(report))
  else
    local body = 0
    for _ in clean:gmatch("[^\n]+") do body = body + 1 end
    print(("== %s: title=%q date=%q byline=%q, %d body lines, %d removed"):format(path,
      report.title or "", report.date or "", report.byline or "", body, #report.removed))
    for _, r in ipairs(report.removed) do
      print(("   [%s] %s"):format(r.reason, r.text:gsub("\n", " "):sub(1, 100)))
    end
  end
end
