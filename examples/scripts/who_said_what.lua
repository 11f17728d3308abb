-- Who said what, outlet by outlet, and which quotes several outlets carry.
-- Usage: newscorpus run examples/scripts/who_said_what.lua corpus.db
local nc = require "newscorpus"

local db_path = ...
if not db_path then
  io.stderr:write("usage: newscorpus run who_said_what.lua CORPUS.db\n")
  return 2
end
local corpus = assert(nc.open(db_path))
local by_speaker, members = {}, {}
for article in corpus:documents() do
  for _, q in ipairs(article.quotes) do
    local who = q.entity or q.speaker or "(unattributed)"
    by_speaker[who] = by_speaker[who] or {}
    table.insert(by_speaker[who], { source = article.source, text = q.text })
    members[#members + 1] = { article = article.file, source = article.source, quote = q }
  end
end
local speakers = {}
for who in pairs(by_speaker) do speakers[#speakers + 1] = who end
table.sort(speakers, function(a, b) return #by_speaker[a] > #by_speaker[b] end)
for _, who in ipairs(speakers) do
  print(("%s (%d quotes)"):format(who, #by_speaker[who]))
  for _, q in ipairs(by_speaker[who]) do
    print(("  [%s] %s"):format(q.source or "?", q.text:sub(1, 100)))
  end
end
print("\nQuotes carried by more than one outlet:")
for _, group in ipairs(nc.group_quotes(members)) do
  if #group.sources > 1 then
    print(("  %s, in %s: %s"):format(group.entity or group.speaker or "?",
      table.concat(group.sources, ", "), group.text:sub(1, 90)))
  end
end
corpus:close()
