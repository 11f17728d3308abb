-- Specs of newscorpus.entities: mentions, document-level linking, roles, discovery.
-- The articles below are fictional, written for these specs.
local gazetteer = require "newscorpus.gazetteer"
local entities = require "newscorpus.entities"

local gz = assert(gazetteer.load("spec/fixtures/gazetteer/people.tsv"))

local ARTICLE = table.concat({
  "Veridian Foreign Minister Marta Quillon arrived in Port Sable on Sunday.",
  "Quillon, who met Zhou Lianhe of the Ministry of Tides, said the talks were useful.",
  "Zhou said the Tides Ministry would publish a report. Quillon’s aides declined to comment.",
  "Later, Bob Tallis of Greywater Holdings Inc joined Robert Tallis's old colleagues.",
}, "\n")

local function by_text(ms)
  local out = {}
  for _, m in ipairs(ms) do out[#out + 1] = m.text .. "=" .. tostring(m.entity) .. "/" .. m.how end
  return out
end

describe("entities.find", function()
  it("returns mention records in text order with positions into the text", function()
    local ms = entities.find(ARTICLE, gz)
    for i, m in ipairs(ms) do
      assert.equal(m.text, ARTICLE:sub(m.start, m.stop))
      if i > 1 then assert.is_true(ms[i - 1].start < m.start) end
    end
    assert.same({
      "Marta Quillon=Marta Quillon/name", "Port Sable=Port Sable/name", "Quillon=Marta Quillon/short",
      "Zhou Lianhe=Zhou Lianhe/name", "Ministry of Tides=Ministry of Tides/name", "Zhou=Zhou Lianhe/short",
      "Tides Ministry=Ministry of Tides/alias", "Quillon=Marta Quillon/short",
      "Bob Tallis=Robert Tallis/alias",
      "Robert Tallis=Robert Tallis/name",
    }, by_text(ms))
    local first = ms[1]
    assert.equal("PERSON", first.type)
    assert.equal("E1", first.id)
    assert.equal("Veridian Foreign Minister", first.role)
  end)

  it("links a family-name-first short form and a surname", function()
    local ms = entities.find("Zhou Lianhe spoke. Later Zhou left; Lianhe did not.", gz)
    assert.same({ "Zhou Lianhe=Zhou Lianhe/name", "Zhou=Zhou Lianhe/short" }, by_text(ms))
    assert.equal("Zhou", entities.short_forms("Zhou Lianhe"))
    assert.equal("Okafor", entities.short_forms("Lena Okafor"))
    assert.equal("Okafor", entities.short_forms("Lena Okafor Jr."))
    assert.is_nil(entities.short_forms("Okafor"))
  end)

  it("links a short name before the full name (headline) unless ahead = false", function()
    local text = "Quillon flies out\nMarta Quillon said so."
    assert.same({ "Quillon=Marta Quillon/short", "Marta Quillon=Marta Quillon/name" },
      by_text(entities.find(text, gz)))
    assert.same({ "Marta Quillon=Marta Quillon/name" }, by_text(entities.find(text, gz, { ahead = false })))
    -- two Wangs later in the text: the headline "Wang" stays unresolved
    local ms = entities.find("Wang speaks\nWang Peiru and Wang Dongmei met.", gz)
    assert.equal(2, #ms)
  end)

  it("leaves a short name unresolved when two people share it", function()
    local text = "Wang Peiru and Wang Dongmei met. Wang said it went well."
    local ms = entities.find(text, gz)
    assert.same({ "Wang Peiru=Wang Peiru/name", "Wang Dongmei=Wang Dongmei/name" }, by_text(ms))
    local all = entities.find(text, gz, { unresolved = true })
    assert.equal(3, #all)
    assert.is_nil(all[3].entity)
    assert.same({ 3, 4 }, all[3].candidates)
    assert.equal("PERSON", all[3].type)
    -- with only one Wang in the text, "Wang" links
    local one = entities.find("Wang Dongmei spoke. Wang said no.", gz)
    assert.same({ "Wang Dongmei=Wang Dongmei/name", "Wang=Wang Dongmei/short" }, by_text(one))
  end)

  it("links transcript labels and given names in transcripts", function()
    local text = table.concat({
      "HOST: Joining us is correspondent Lena Okafor in Port Sable. Hi, Lena.",
      "LENA OKAFOR, BYLINE: Hi. The minister spoke this morning.",
      "HOST: What did she say?",
      "OKAFOR: She said the ports stay open.",
    }, "\n")
    assert.is_true(entities.is_transcript(text))
    local ms = entities.find(text, gz)
    assert.same({ "Lena Okafor=Lena Okafor/name", "Port Sable=Port Sable/name", "Lena=Lena Okafor/short",
      "LENA OKAFOR=Lena Okafor/name", "OKAFOR=Lena Okafor/short" }, by_text(ms))
    assert.equal("correspondent", ms[1].role)
    -- outside transcripts a bare given name is not linked
    local plain = entities.find("Lena Okafor wrote. Lena agreed.", gz)
    assert.equal(1, #plain)
    assert.equal(2, #entities.find("Lena Okafor wrote. Lena agreed.", gz, { given_names = true }))
  end)

  it("does not link lower-case words that equal a short name", function()
    local g = gazetteer.new()
    g:add { name = "Ana Mark", type = "PERSON" }
    local ms = entities.find("Ana Mark spoke; the mark fell. Mark agreed.", g)
    assert.same({ "Ana Mark=Ana Mark/name", "Mark=Ana Mark/short" }, by_text(ms))
  end)

  it("captures roles before and after a name", function()
    local text = "Secretary of the Tides Lena Okafor spoke. "
      .. "Robert Tallis, the deputy minister for ports, agreed."
    local ms = entities.find(text, gz)
    assert.equal("Secretary of the Tides", ms[1].role)
    assert.equal("deputy minister for ports", ms[2].role)
    local none = entities.find("They said Lena Okafor left.", gz)
    assert.is_nil(none[1].role)
    assert.is_nil(entities.find(ARTICLE, gz, { roles = false })[1].role)
  end)

  it("prefers a person named earlier over another entity with the same word", function()
    local g = gazetteer.new()
    g:add { name = "Veridia", type = "GPE" }
    g:add { name = "Tomas Veridia", type = "PERSON" }
    local ms = entities.find("Tomas Veridia spoke. Veridia agreed.", g)
    assert.same({ "Tomas Veridia=Tomas Veridia/name", "Veridia=Tomas Veridia/short" }, by_text(ms))
    ms = entities.find("Veridia agreed.", g)
    assert.same({ "Veridia=Veridia/name" }, by_text(ms))
  end)

  it("copes with bad input and checks arguments", function()
    assert.same({}, entities.find("", gz))
    local ms = entities.find("\255 Marta Quillon\0 and \195 Quillon", gz)
    assert.equal(2, #ms)
    local big = string.rep("a ", 300000) .. "Marta Quillon and Quillon"
    assert.equal(2, #entities.find(big, gz))
    assert.has_error(function() entities.find(nil, gz) end)
    assert.has_error(function() entities.find("x", {}) end)
    assert.has_error(function() entities.find("x", gz, 5) end)
    assert.has_error(function() entities.is_transcript(5) end)
  end)
end)

describe("entities.discover", function()
  local text = table.concat({
    "Foreign Minister Ilse Brandvik said on Monday that Greywater Holdings Inc would leave Kestrel.",
    "The decision surprised officials in Kestrel and at Norland University.",
    "Brandvik told reporters the Amber Coast was calm. The Saltmarsh River flooded in March.",
    "HOST: Thanks for joining us.",
    "DANA VOSS, BYLINE: Thank you.",
    "Ilse Brandvik later met Marta Quillon.",
  }, "\n")

  local function cand(list, name)
    for _, c in ipairs(list) do if c.text == name then return c end end
  end

  it("proposes capitalised names not in the gazetteer with a type guess", function()
    local list = entities.discover(text, gz)
    local p = cand(list, "Ilse Brandvik")
    assert.is_not_nil(p)
    assert.equal("PERSON", p.type)
    assert.equal(2, p.count)
    assert.equal(text:find("Ilse Brandvik", 1, true), p.positions[1])
    assert.equal("ORG", cand(list, "Greywater Holdings Inc").type)
    assert.equal("ORG", cand(list, "Norland University").type)
    assert.equal("GPE", cand(list, "Kestrel").type)
    assert.equal(2, cand(list, "Kestrel").count)
    assert.equal("LOC", cand(list, "Saltmarsh River").type)
    assert.equal("PERSON", cand(list, "Brandvik").type)
  end)

  it("skips gazetteer names, sentence-initial words, months, days and transcript labels", function()
    local list = entities.discover(text, gz)
    for _, bad in ipairs { "Marta Quillon", "Amber Coast", "The", "Monday", "March", "Thanks", "HOST",
      "DANA VOSS", "Thank", "Foreign Minister", "Foreign Minister Ilse Brandvik" } do
      assert.is_nil(cand(list, bad), bad)
    end
    -- sorted by count
    for i = 2, #list do assert.is_true(list[i - 1].count >= list[i].count) end
  end)

  it("aggregates a corpus and can feed candidates back", function()
    local texts = { text, "Greywater Holdings Inc denied it. Analysts in Kestrel disagreed.", "" }
    local agg = entities.discover_corpus(texts, gz)
    local k = cand(agg, "Kestrel")
    assert.equal(3, k.count)
    assert.equal(2, k.docs)
    assert.same({ doc = 2, start = 47 }, k.positions[3])
    assert.equal("Greywater Holdings Inc", agg[1].text == "Kestrel" and agg[2].text or agg[1].text)
    local g = gazetteer.new()
    local n = entities.adopt(g, agg, { min_count = 2 })
    assert.is_true(n >= 2)
    local found = {}
    for s, e in g:matches("Kestrel and Greywater Holdings Inc") do
      found[#found + 1] = ("x"):rep(e - s + 1)
    end
    assert.equal(2, #found)
    assert.has_error(function() entities.discover_corpus("x", gz) end)
    assert.has_error(function() entities.discover_corpus({ 5 }, gz) end)
    assert.has_error(function() entities.adopt(gz, 5) end)
  end)

  it("copes with bad input", function()
    assert.same({}, entities.discover("", gz))
    assert.same({}, entities.discover("\255\0\195", gz))
    local list = entities.discover(string.rep("word ", 100000) .. "in Kestrel. Kestrel", gz)
    assert.equal("Kestrel", list[1].text)
    assert.has_error(function() entities.discover(5, gz) end)
  end)
end)

describe("entities with non-Latin and accented names", function()
  it("treats accented, Greek and Cyrillic capitals as capitals", function()
    local g = gazetteer.new()
    g:add { name = "Éloïse Durand", type = "PERSON" }
    g:add { name = "Ирина Соколова", type = "PERSON" }
    local text = "Éloïse Durand met Ирина Соколова. Durand and Соколова spoke; соколова is not a name."
    local ms = entities.find(text, g)
    assert.same({ "Éloïse Durand=Éloïse Durand/name", "Ирина Соколова=Ирина Соколова/name",
      "Durand=Éloïse Durand/short", "Соколова=Ирина Соколова/short" }, by_text(ms))
    local list = entities.discover("Meetings in Ústí and Θεσσαλονίκη went well. Ústí again.", g)
    local names = {}
    for _, c in ipairs(list) do names[#names + 1] = c.text end
    table.sort(names)
    assert.same({ "Ústí", "Θεσσαλονίκη" }, names)
  end)
end)

describe("entities.discover rules", function()
  local g = gazetteer.new()
  g:add { name = "Tomas Brek", type = "PERSON" }

  local function texts_of(list)
    local out = {}
    for _, c in ipairs(list) do out[c.text] = c.type end
    return out
  end

  it("keeps only an acronym or a nationality of a role before a name", function()
    local found = texts_of(entities.discover(
      "Talks with Veridian Trade Minister Tomas Brek ended. The KSA Director Tomas Brek left.", g))
    assert.equal("MISC", found["Veridian"])
    assert.equal("ORG", found["KSA"])
    assert.is_nil(found["Veridian Trade"])
    assert.is_nil(found["Trade"])
  end)

  it("skips title-case headlines, generic nouns and labels; types compass names", function()
    local text = table.concat({
      "Estranged Rival Marks Quiet Harbour Milestone Amid Storm",
      "The Department said on Friday that East Asian and North Vale officials met.",
    }, "\n")
    local found = texts_of(entities.discover(text, g))
    assert.is_nil(found["Estranged Rival Marks Quiet Harbour Milestone Amid Storm"])
    assert.is_nil(found["Department"])
    assert.equal("MISC", found["East Asian"])
    assert.equal("LOC", found["North Vale"])
  end)
end)
