-- What each outlet stresses: its key terms against the other outlets (log-likelihood), the
-- entities only it names, and a keyword-in-context view of one word.
-- Usage: newscorpus run examples/scripts/outlet_keyness.lua corpus.db [WORD]
local nc = require "newscorpus"
local analysis = require "newscorpus.analysis"

local db_path, word = ...
if not db_path then
  io.stderr:write("usage: newscorpus run outlet_keyness.lua CORPUS.db [WORD]\n")
  return 2
end
local corpus = assert(nc.open(db_path))
local articles = {}
for article in corpus:documents() do articles[#articles + 1] = article end
corpus:close()

local keyness = analysis.keyness(articles, { limit = 8 })
local outlets = {}
for outlet in pairs(keyness) do outlets[#outlets + 1] = outlet end
table.sort(outlets)
for _, outlet in ipairs(outlets) do
  local terms = {}
  for _, k in ipairs(keyness[outlet]) do terms[#terms + 1] = ("%s (%.1f)"):format(k.term, k.g2) end
  print(("%-28s %s"):format(outlet, table.concat(terms, ", ")))
end

local rep = nc.report(articles)
print("\nNamed by one outlet only:")
for _, outlet in ipairs(outlets) do
  local only = rep.exclusive[outlet]
  if only then print(("  %s: %s"):format(outlet, table.concat(only, ", "))) end
end

if word then
  print(("\nKeyword in context: %s"):format(word))
  for _, line in ipairs(analysis.kwic(articles, word, { width = 35, limit = 20 })) do
    print(("%35s [%s] %s"):format(line.left, line.match, line.right))
  end
end
