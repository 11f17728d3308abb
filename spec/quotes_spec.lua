-- Specs for newscorpus.quotes: quote detection, speaker attribution, keys and grouping.
-- Fixtures in spec/fixtures/quotes/ are fictional articles written for the project.
local quotes = require("newscorpus.quotes")

local LQ, RQ = "\226\128\156", "\226\128\157" -- “ ”

local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "spec/"

local function fixture(name)
  local f = assert(io.open(here .. "fixtures/quotes/" .. name, "rb"))
  local t = f:read("a")
  f:close()
  return t
end

-- Mention records for every (plain) occurrence of each surface form, sorted by start.
local function mentions_for(text, list)
  local out = {}
  for _, m in ipairs(list) do
    local i = 1
    while true do
      local s, e = text:find(m[1], i, true)
      if not s then
        break
      end
      out[#out + 1] = { start = s, stop = e, text = m[1], entity = m[2], type = m[3] }
      i = e + 1
    end
  end
  table.sort(out, function(a, b)
    return a.start < b.start
  end)
  return out
end

-- Positions are 1-based inclusive and text is exactly the quoted span.
local function assert_consistent(text, qs)
  local last = 0
  for _, q in ipairs(qs) do
    assert.is_true(q.start >= 1 and q.stop <= #text and q.start <= q.stop)
    assert.are.equal(text:sub(q.start, q.stop), q.text)
    assert.is_true(q.start >= last)
    last = q.start
    if q.speaker_start then
      assert.is_true(q.speaker_start >= 1 and q.speaker_stop <= #text)
    end
  end
end

local function brief(qs)
  local out = {}
  for _, q in ipairs(qs) do
    out[#out + 1] = { q.kind, q.speaker or false, q.cue or false, q.text }
  end
  return out
end

describe("quotes.find on curly-quoted news text", function()
  local text = fixture("harbor_ledger.txt")
  local qs = quotes.find(text)

  it("finds every quote with its kind, speaker and cue in text order", function()
    assert_consistent(text, qs)
    assert.are.same({
      { "direct", "Pavel Dorn", "told",
        "We are not going to Ostrel expecting a miracle, but we are going with an open hand" },
      { "direct", "Pavel Dorn", "continued", "Both sides want the river to keep flowing." },
      { "direct", "Tobias Renner", "said", "The water agreement expired three years ago and nobody "
        .. "wants to be blamed for the next drought" },
      { "partial", "Marta Quillon", "said", "difficult but necessary." },
      { "direct", "Marta Quillon", "added", "No one leaves the table until we have a schedule." },
      { "partial", "The Ostreli delegation", "described", "unproductive" },
      { "partial", "The Ostreli delegation", "described", "theatrical." },
      { "direct", "Marta Quillon", "said", "We will publish every figure" },
      { "direct", "A senior official", "said", "The engineers have already agreed on the numbers." },
      { "direct", "the official", "said", "There is no deadline" },
      { "partial", "Ingrid Solvang", "according to", "a first step toward trust" },
      { "partial", false, false, "deliverables" },
      { "direct", false, false, "This paragraph opens a quotation that never closes and keeps going "
        .. "with more words" },
    }, brief(qs))
  end)

  it("covers the words without the marks and drops the comma before the attribution", function()
    local q = qs[1]
    assert.are.equal(LQ, text:sub(q.start - 3, q.start - 1))
    assert.are.equal("," .. RQ, text:sub(q.stop + 1, q.stop + 4))
    assert.are.equal("Pavel Dorn", text:sub(q.speaker_start, q.speaker_stop))
  end)

  it("points the speaker span at the pronoun for 'she said' and at the name otherwise", function()
    assert.are.equal("She", text:sub(qs[5].speaker_start, qs[5].speaker_stop))
    assert.are.equal("Tobias Renner", text:sub(qs[3].speaker_start, qs[3].speaker_stop))
    assert.are.equal("A senior official", text:sub(qs[9].speaker_start, qs[9].speaker_stop))
  end)

  it("stops an unclosed quote at the paragraph end", function()
    local q = qs[#qs]
    assert.is_true(q.unclosed)
    assert.are.equal("\n", text:sub(q.stop + 1, q.stop + 1))
    assert.is_nil(q.text:find("ordinary", 1, true))
  end)

  it("gives entity nil without mentions", function()
    for _, q in ipairs(qs) do
      assert.is_nil(q.entity)
    end
  end)
end)

describe("quotes.find with mentions", function()
  local text = fixture("harbor_ledger.txt")
  local ms = mentions_for(text, {
    { "Marta Quillon", "Marta Quillon", "PERSON" },
    { "Quillon said", "Marta Quillon", "PERSON" }, -- replaced below by the bare surname
    { "Pavel Dorn", "Pavel Dorn", "PERSON" },
    { "Tobias Renner", "Tobias Renner", "PERSON" },
    { "Ingrid Solvang", "Ingrid Solvang", "PERSON" },
    { "Halden University", "Halden University", "ORG" },
    { "Ostrel", "Ostrel", "GPE" },
  })
  for _, m in ipairs(ms) do -- the mention of the bare surname covers "Quillon" only
    if m.text == "Quillon said" then
      m.stop, m.text = m.start + #"Quillon" - 1, "Quillon"
    end
  end
  local qs = quotes.find(text, { mentions = ms })

  it("attributes speakers to canonical entities", function()
    assert_consistent(text, qs)
    assert.are.equal("Pavel Dorn", qs[1].entity)
    assert.are.equal("Pavel Dorn", qs[2].entity) -- continued quote
    assert.are.equal("Tobias Renner", qs[3].entity)
    assert.are.equal("Marta Quillon", qs[4].entity)
    assert.are.equal("Ingrid Solvang", qs[11].entity)
  end)

  it("resolves 'she added' to the last PERSON mention before it", function()
    assert.are.equal("added", qs[5].cue)
    assert.are.equal("Marta Quillon", qs[5].speaker)
    assert.are.equal("Marta Quillon", qs[5].entity)
  end)

  it("keeps anonymous speakers with entity nil", function()
    assert.are.equal("A senior official", qs[9].speaker)
    assert.is_nil(qs[9].entity)
    assert.are.equal("the official", qs[10].speaker)
    assert.is_nil(qs[10].entity)
  end)

  it("accepts unsorted mentions", function()
    local rev = {}
    for k = #ms, 1, -1 do
      rev[#rev + 1] = ms[k]
    end
    assert.are.same(brief(qs), brief(quotes.find(text, { mentions = rev })))
  end)

  it("names organisation speakers with their entity", function()
    local t = "Prices will rise, the Water Board said on Tuesday. " .. LQ .. "We have no choice,"
      .. RQ .. " the Water Board said."
    local q = quotes.find(t, { mentions = mentions_for(t, { { "Water Board", "Lisk Water Board", "ORG" } }) })
    assert.are.equal(1, #q)
    assert.are.equal("Lisk Water Board", q[1].entity)
    assert.are.equal("direct", q[1].kind)
  end)

  it("prefers the PERSON mention over the title in front of it", function()
    local t = LQ .. "The figures are final," .. RQ
      .. " said Coastal Affairs Undersecretary Pavel Dorn of the Lisk Commission."
    local q = quotes.find(t, { mentions = mentions_for(t, {
      { "Pavel Dorn", "Pavel Dorn", "PERSON" }, { "Lisk Commission", "Lisk Commission", "ORG" } }) })
    assert.are.equal("Pavel Dorn", q[1].speaker)
    assert.are.equal("Pavel Dorn", q[1].entity)
  end)
end)

describe("quotes.find on straight quotes and attribution forms", function()
  local text = fixture("northline_daily.txt")
  local qs = quotes.find(text)

  it("handles said X with a title, said that, told, said comma", function()
    assert_consistent(text, qs)
    assert.are.same({
      { "direct", "Pavel Dorn", "said",
        "We are not going to Ostrel expecting a miracle, but we are going with an open hand" },
      { "direct", "Ingrid Solvang", "said", "every cubic metre will be counted." },
      { "direct", "Eliska Varga", "told", "Nobody in my village believes the numbers" },
      { "direct", "Eliska Varga", "continued", "We have heard promises since 2009." },
      { "direct", "Eliska Varga", "said", "If the river goes dry, the valley goes quiet." },
      { "partial", "The statement", "said", "as long as it takes." },
    }, brief(qs))
  end)

  it("handles X said: and the speaker with a description before the verb", function()
    local t = 'Renner, a hydrologist who has studied the valley for decades, said: "The silt is the real '
      .. 'problem."'
    local q = quotes.find(t)
    assert.are.equal(1, #q)
    assert.are.equal("direct", q[1].kind)
    assert.are.equal("Renner", q[1].speaker)
  end)

  it("takes a bare name before a colon as the speaker, not any phrase", function()
    local t = 'Eliska Varga farms below the dam.\nVarga: "The valley will not wait."\n'
      .. 'Her message: "Count the water."'
    local q = quotes.find(t)
    assert.are.equal(2, #q)
    assert.are.equal("Eliska Varga", q[1].speaker)
    assert.are.equal(":", q[1].cue)
    assert.are.equal("direct", q[2].kind)
    assert.is_nil(q[2].speaker)
  end)

  it("keeps an anonymous official anonymous even when an organisation is named", function()
    local t = '"The sluices stay shut," a senior Water Board official said.'
    local ms = mentions_for(t, { { "Water Board", "Lisk Water Board", "ORG" } })
    local q = quotes.find(t, { mentions = ms })
    assert.are.equal("a senior Water Board official", q[1].speaker)
    assert.is_nil(q[1].entity)
  end)

  it("handles a quote split by its attribution", function()
    local t = LQ .. "We will stay," .. RQ .. " Pavel Dorn said, " .. LQ .. "until the schedule is signed."
      .. RQ
    local q = quotes.find(t)
    assert.are.same({ "direct", "direct" }, { q[1].kind, q[2].kind })
    assert.are.same({ "Pavel Dorn", "Pavel Dorn" }, { q[1].speaker, q[2].speaker })
    assert.are.same({ "said", "said" }, { q[1].cue, q[2].cue })
  end)

  it("finds the name among modifiers and after-phrases, and reads statements", function()
    local t = LQ .. "I have nothing to add," .. RQ .. " said Halden manager Ivo Brandt of the referee's "
      .. "decision.\n" .. LQ .. "The gates will open at noon," .. RQ .. " a Water Board statement read."
    local q = quotes.find(t)
    assert.are.equal("Ivo Brandt", q[1].speaker)
    assert.are.equal("a Water Board statement", q[2].speaker)
    assert.are.equal("read", q[2].cue)
  end)

  it("takes the name in apposition after 'said the minister'", function()
    local q = quotes.find(LQ .. "Enough," .. RQ .. " said the minister, Marta Quillon, on Friday.")
    assert.are.equal("Marta Quillon", q[1].speaker)
  end)

  it("takes the clause subject for a coordinated 'but said'", function()
    local t = "Officials at the Lisk Water Board declined to give figures but said the reservoir was "
      .. LQ .. "close to empty" .. RQ .. "."
    local q = quotes.find(t)
    assert.are.equal("partial", q[1].kind)
    assert.are.equal("Officials at the Lisk Water Board", q[1].speaker)
    assert.is_nil(q[1].entity)
  end)

  it("handles told reporters after the quote and a description after the name", function()
    local t = '"We expect a schedule by June," Ingrid Solvang, the spokeswoman of the water authority '
      .. 'in Halden, told reporters on Friday.'
    local q = quotes.find(t)
    assert.are.equal("Ingrid Solvang", q[1].speaker)
    assert.are.equal("told", q[1].cue)
    assert.are.equal("direct", q[1].kind)
  end)

  it("takes a question ending with ? followed by 'she asked'", function()
    local t = '"Who pays for the turbines?" she asked. Eliska Varga had said it first.'
    local q = quotes.find(t)
    assert.are.equal("direct", q[1].kind)
    -- no person named before the pronoun: no speaker invented, the cue is kept
    assert.is_nil(q[1].speaker)
    assert.is_nil(q[1].entity)
    assert.are.equal("asked", q[1].cue)
    t = "Eliska Varga stood up. " .. t
    q = quotes.find(t)
    assert.are.equal("Eliska Varga", q[1].speaker)
    assert.are.equal("asked", q[1].cue)
  end)
end)

describe("quotes.find continuation and pronouns", function()
  it("continues after the attribution until another speaker", function()
    local t = LQ .. "One," .. RQ .. " Pavel Dorn said. " .. LQ .. "Two." .. RQ .. " " .. LQ .. "Three,"
      .. RQ .. " said Ingrid Solvang. " .. LQ .. "Four." .. RQ
    local qs = quotes.find(t)
    assert.are.same({ "Pavel Dorn", "Pavel Dorn", "Ingrid Solvang", "Ingrid Solvang" },
      { qs[1].speaker, qs[2].speaker, qs[3].speaker, qs[4].speaker })
    assert.are.same({ "said", "continued", "said", "continued" },
      { qs[1].cue, qs[2].cue, qs[3].cue, qs[4].cue })
  end)

  it("does not continue across a paragraph break", function()
    local t = LQ .. "One," .. RQ .. " Pavel Dorn said.\n" .. LQ .. "Two." .. RQ
    local qs = quotes.find(t)
    assert.are.equal("Pavel Dorn", qs[1].speaker)
    assert.is_nil(qs[2].speaker)
  end)

  it("resolves he/she/they to the last person named, surname expanded", function()
    local t = "Tobias Renner met Eliska Varga in Halden. Later Renner spoke to the council. "
      .. LQ .. "The dam is sound," .. RQ .. " he said."
    local q = quotes.find(t)
    assert.are.equal("Tobias Renner", q[1].speaker)
    assert.are.equal("he", t:sub(q[1].speaker_start, q[1].speaker_stop))
  end)

  it("resolves he/she to the subject of the last sentence naming a person, not to a person"
    .. " in a relative clause, an object or a quote", function()
    local t = "Mayor Tilda Ostrom, who met Pavel Lenk at the town hall, welcomed the fund. " .. LQ
      .. "We need it now," .. RQ .. " she said.\nGreta Holm told reporters she would call Ivo Marsh. "
      .. LQ .. "Ask Oskar Brandt about it," .. RQ .. " she said."
    local ms = mentions_for(t, { { "Tilda Ostrom", "Tilda Ostrom", "PERSON" },
      { "Pavel Lenk", "Pavel Lenk", "PERSON" }, { "Greta Holm", "Greta Holm", "PERSON" },
      { "Ivo Marsh", "Ivo Marsh", "PERSON" }, { "Oskar Brandt", "Oskar Brandt", "PERSON" } })
    for _, q in ipairs({ quotes.find(t, { mentions = ms }), quotes.find(t) }) do
      assert.are.equal("Tilda Ostrom", q[1].speaker)
      assert.are.equal("Greta Holm", q[2].speaker)
    end
  end)

  it("keeps an affiliation in the subject and takes a name in apposition", function()
    local t = "Soraya Lind of the Friends of Merrow Bay said a ban would cost " .. LQ
      .. "a few hours for a ship" .. RQ .. ". Its chief executive, Ted Kessling, said the report made "
      .. LQ .. "difficult reading" .. RQ
      .. " for the firm. Kessling said the company would open a claims office "
      .. LQ .. "within seven days" .. RQ .. ". A lawyer for Kessling said he had been " .. LQ
      .. "fully open with the board" .. RQ .. "."
    local ms = mentions_for(t, { { "Soraya Lind", "Soraya Lind", "PERSON" },
      { "Friends of Merrow Bay", "Friends of Merrow Bay", "ORG" },
      { "Ted Kessling", "Theodore Kessling", "PERSON" } })
    ms[#ms + 1] = { start = t:find("Kessling said the"), stop = t:find("Kessling said the") + 7,
      text = "Kessling", entity = "Theodore Kessling", type = "PERSON" }
    local ls = t:find("Kessling said he")
    ms[#ms + 1] = { start = ls, stop = ls + 7, text = "Kessling", entity = "Theodore Kessling",
      type = "PERSON" }
    local q = quotes.find(t, { mentions = ms })
    assert.are.equal("Soraya Lind", q[1].entity)
    assert.are.equal("Theodore Kessling", q[2].entity)
    assert.are.equal("Theodore Kessling", q[3].entity)
    assert.are.equal("said", q[3].cue) -- "claims" after "a" is a noun, not the verb
    assert.is_nil(q[4].entity)
    assert.are.equal("A lawyer for Kessling", q[4].speaker)
  end)

  it("resolves 'they said' like he/she and leaves 'I said' unresolved", function()
    local t = "Eliska Varga and Tobias Renner walked the dry riverbed. " .. LQ .. "It was a lake once,"
      .. RQ .. " they said. " .. LQ .. "Nobody listened," .. RQ .. " I said."
    local q = quotes.find(t)
    assert.are.equal("Tobias Renner", q[1].speaker)
    assert.are.equal("direct", q[2].kind)
    assert.is_nil(q[2].speaker) -- the writer: not continued from the previous speaker
    assert.are.equal("said", q[2].cue)
  end)

  it("does not take titles of works, possessives or occupations for names", function()
    local t = "Tobias Renner reviewed Faking It for the Ledger. " .. LQ .. "It was honest," .. RQ
      .. " he said.\nRenner's Valley Farm stayed dry. " .. LQ .. "We lost everything," .. RQ
      .. " he added.\nStriker Tomas Hald said: " .. LQ .. "We play for the valley." .. RQ
    local q = quotes.find(t)
    assert.are.same({ "Tobias Renner", "Tobias Renner", "Tomas Hald" },
      { q[1].speaker, q[2].speaker, q[3].speaker })
  end)

  it("skips places and peoples when resolving a pronoun without mentions", function()
    local t = "Tobias Renner grew up in New Ostrel near the Southern Lisk border. " .. LQ
      .. "The border moved, the river did not," .. RQ .. " he said."
    assert.are.equal("Tobias Renner", quotes.find(t)[1].speaker)
  end)

  it("knows more speech verbs: points out, whispered", function()
    local t = LQ .. "The gauge is broken," .. RQ .. " points out hydrologist Tobias Renner.\n"
      .. LQ .. "Not here," .. RQ .. " whispered Eliska Varga."
    local q = quotes.find(t)
    assert.are.same({ "Tobias Renner", "Eliska Varga" }, { q[1].speaker, q[2].speaker })
    assert.are.same({ "points", "whispered" }, { q[1].cue, q[2].cue })
  end)

  it("carries a speaker across the multi-paragraph quote convention", function()
    local t = LQ .. "The first part of a long statement runs on.\n" .. LQ .. "And it ends here,"
      .. RQ .. " said Eliska Varga."
    local qs = quotes.find(t)
    assert.are.equal(2, #qs)
    assert.is_true(qs[1].unclosed)
    assert.are.equal("Eliska Varga", qs[1].speaker)
    assert.are.equal("Eliska Varga", qs[2].speaker)
  end)
end)

describe("quotes.find partial and scare quotes", function()
  it("attributes a partial quote to the speaker of its sentence", function()
    local t = "Marta Quillon said on Monday the offer was " .. LQ .. "late but welcome" .. RQ
      .. " and promised an answer."
    local q = quotes.find(t)
    assert.are.equal("partial", q[1].kind)
    assert.are.equal("Marta Quillon", q[1].speaker)
  end)

  it("attributes from after the quote in running text", function()
    local t = "The dam needs " .. LQ .. "at least four more years of work" .. RQ
      .. ", the engineers' union said."
    local q = quotes.find(t)
    assert.are.equal("partial", q[1].kind)
    assert.are.equal("the engineers' union", q[1].speaker)
  end)

  it("keeps unattributed one- or two-word quotes as partial without speaker", function()
    local t = "The summit was sold as a hunt for " .. LQ .. "deliverables" .. RQ .. " before the vote."
    local q = quotes.find(t)
    assert.are.equal(1, #q)
    assert.are.equal("partial", q[1].kind)
    assert.is_nil(q[1].speaker)
  end)

  it("drops unattributed scare quotes with scare = false, keeps attributed ones", function()
    local t = "The summit was sold as a hunt for " .. LQ .. "deliverables" .. RQ .. " before the vote. "
      .. "Quillon called the offer " .. LQ .. "insulting" .. RQ .. "."
    local q = quotes.find(t, { scare = false })
    assert.are.equal(1, #q)
    assert.are.equal("insulting", q[1].text)
    assert.are.equal("Quillon", q[1].speaker)
  end)

  it("keeps a short scare quote that inherits its sentence's speaker, and short direct quotes", function()
    local t = "The delegation called the talks " .. LQ .. "slow" .. RQ .. " and " .. LQ .. "theatrical." .. RQ
      .. "\n" .. LQ .. "Never," .. RQ .. " said Pavel Dorn."
    local q = quotes.find(t, { scare = false })
    assert.are.same({ "slow", "theatrical.", "Never" }, { q[1].text, q[2].text, q[3].text })
    assert.are.same({ "The delegation", "The delegation", "Pavel Dorn" },
      { q[1].speaker, q[2].speaker, q[3].speaker })
    assert.are.equal("direct", q[3].kind)
  end)

  it("does not take 'called for' as a speech verb", function()
    local t = "Protesters called for a " .. LQ .. "people's audit of the dam money" .. RQ .. " on Sunday."
    local q = quotes.find(t)
    assert.is_nil(q[1].speaker)
  end)
end)

describe("quotes.find other quotation marks", function()
  it("handles guillemets and low-high quotes", function()
    local t = "\194\171Nous restons,\194\187 a dit Marta Quillon. Ingrid Solvang said: "
      .. "\226\128\158Wir bleiben hier.\226\128\156"
    local q = quotes.find(t)
    assert.are.equal(2, #q)
    assert.are.equal("Nous restons", q[1].text)
    assert.are.equal("Wir bleiben hier.", q[2].text)
    assert.are.equal("Ingrid Solvang", q[2].speaker)
  end)

  it("keeps single curly quotes inside double quotes as part of the text", function()
    local t = LQ .. "They told us \226\128\152wait\226\128\153 for ten years," .. RQ .. " Eliska Varga said."
    local q = quotes.find(t)
    assert.are.equal(1, #q)
    assert.are.equal("They told us \226\128\152wait\226\128\153 for ten years", q[1].text)
    assert.are.equal("Eliska Varga", q[1].speaker)
  end)
end)

describe("quotes.find transcripts", function()
  local text = fixture("radio_kestrel.txt")

  it("turns NAME: lines into transcript quotes with full names", function()
    local qs = quotes.find(text)
    assert_consistent(text, qs)
    assert.are.same({
      { "transcript", "Nadia Ormerod", "label", "The talks on the Lisk River dam open today. Foreign "
        .. "Minister Marta Quillon spoke to us before leaving." },
      { "transcript", "Marta Quillon", "label", "We are not going to Ostrel expecting a miracle. But we "
        .. "want a schedule." },
      { "transcript", "Nadia Ormerod", "label", "And if the other side walks out?" },
      { "transcript", "Marta Quillon", "label", "Then we walk back in the next morning.\n\n"
        .. "And we keep walking back until there is a schedule." },
      { "transcript", "Lukas Brandt", "label", "The dam has been half-finished for a decade." },
      { "transcript", "Nadia Ormerod", "label", "Correspondent Lukas Brandt. Thank you, Lukas." },
    }, brief(qs))
    assert.are.equal("NADIA ORMEROD", text:sub(qs[1].speaker_start, qs[1].speaker_stop))
    assert.are.equal("ORMEROD", text:sub(qs[3].speaker_start, qs[3].speaker_stop))
    -- the page text after the last turn is not part of it
    assert.is_nil(qs[6].text:find("hosts", 1, true))
  end)

  it("resolves a surname label to a PERSON mention", function()
    local t = "Host Nadia Ormerod spoke with minister Marta Quillon.\nQUILLON: We stay.\n"
      .. "ORMEROD: Thank you.\n"
    local ms = mentions_for(t, { { "Marta Quillon", "Marta Quillon", "PERSON" },
      { "Nadia Ormerod", "Nadia Ormerod", "PERSON" } })
    local qs = quotes.find(t, { mentions = ms })
    assert.are.equal(2, #qs)
    assert.are.equal("Marta Quillon", qs[1].entity)
    assert.are.equal("Nadia Ormerod", qs[2].entity)
    assert.are.equal("We stay.", qs[1].text)
  end)

  it("title-cases accented labels", function()
    local t = "JOS\195\137 \195\129LVAREZ, HOST: Welcome.\n\195\129LVAREZ: Goodbye.\n"
    local qs = quotes.find(t)
    assert.are.same({ "Jos\195\169 \195\129lvarez", "Jos\195\169 \195\129lvarez" },
      { qs[1].speaker, qs[2].speaker })
  end)

  it("needs at least two label lines and ignores notice labels", function()
    assert.are.same({}, quotes.find("UPDATE: the talks were moved to Tuesday.\nNOTE: times are local."))
    assert.are.same({}, quotes.find("PAVEL DORN: a lone line that looks like a label."))
    assert.are.same({}, quotes.find("Dorn: not all capitals.\nVarga: neither."))
  end)

  it("finds quotes inside transcript turns too", function()
    local t = "ORMEROD: The minister said, " .. LQ .. "We stay until it is done." .. RQ .. "\n"
      .. "BRANDT: She did.\n"
    local qs = quotes.find(t)
    assert.are.equal(3, #qs)
    assert.are.equal("transcript", qs[1].kind)
    assert.are.equal("direct", qs[2].kind)
    assert.are.equal("We stay until it is done.", qs[2].text)
  end)
end)

describe("quotes.find paragraphs and options", function()
  it("wrapped = true lets a quote run over a line wrap but not a blank line", function()
    local t = LQ .. "The valley has waited\nfor water long enough," .. RQ .. " Eliska Varga said.\n\n"
      .. LQ .. "Never closed\n\nNext paragraph."
    local plain = quotes.find(t)
    local wrapped = quotes.find(t, { wrapped = true })
    assert.are.equal("The valley has waited\nfor water long enough", wrapped[1].text)
    assert.are.equal("Eliska Varga", wrapped[1].speaker)
    assert.are.equal("Never closed", wrapped[2].text)
    assert.is_true(wrapped[2].unclosed)
    assert.are.equal("The valley has waited", plain[1].text)
    assert.is_true(plain[1].unclosed)
  end)

  it("uses sentences to bound the context before a quote", function()
    local t = "Pavel Dorn said nothing. " .. LQ .. "Later," .. RQ .. " she wrote."
    local s1, s2 = { start = 1, stop = 24 }, { start = 26, stop = #t }
    local q = quotes.find(t, { sentences = { s1, s2 } })
    assert.are.equal(1, #q)
    assert.are.equal("Later", q[1].text)
    assert.are.equal("wrote", q[1].cue)
  end)

  it("does not open a quote at an inch mark after a digit", function()
    local t = 'The 12" pipe burst on Monday. "It was old," Eliska Varga said.'
    local q = quotes.find(t)
    assert.are.equal(1, #q)
    assert.are.equal("It was old", q[1].text)
    assert.are.equal("Eliska Varga", q[1].speaker)
  end)

  it("splits straight quotes whose paragraph breaks were lost by the marks' direction", function()
    local t = '"We waited for years. "Then the dam came and the river left," Eliska Varga said. '
      .. 'The village is quiet now.'
    local q = quotes.find(t)
    assert.are.equal(2, #q)
    assert.are.equal("We waited for years.", q[1].text)
    assert.is_true(q[1].unclosed)
    assert.are.equal("Then the dam came and the river left", q[2].text)
    assert.are.same({ "Eliska Varga", "Eliska Varga" }, { q[1].speaker, q[2].speaker })
  end)

  it("handles CRLF line ends", function()
    local t = '"First line,"\r\n said nobody.\r\n"Second," Eliska Varga said.\r\n'
    local qs = quotes.find(t)
    assert.are.equal("First line", qs[1].text)
    assert.are.equal("Eliska Varga", qs[2].speaker)
  end)
end)

describe("quotes.find bad input", function()
  it("returns an empty list for empty or quote-free text", function()
    assert.are.same({}, quotes.find(""))
    assert.are.same({}, quotes.find("No quotation at all.\n\n\n"))
    assert.are.same({}, quotes.find('""'))
    assert.are.same({}, quotes.find(LQ .. "   " .. RQ))
  end)

  it("treats invalid UTF-8 as text", function()
    local t = LQ .. "Broken \255\254 bytes \192 here," .. RQ .. " Eliska Varga said."
    local q = quotes.find(t)
    assert.are.equal(1, #q)
    assert.are.equal("Broken \255\254 bytes \192 here", q[1].text)
    assert.are.equal("Eliska Varga", q[1].speaker)
    -- a truncated curly mark at the very end is not a mark
    assert.are.same({}, quotes.find("text ends \226\128"))
  end)

  it("treats NUL bytes as text", function()
    local t = '"Zero\0byte inside," Pavel Dorn\0 said.'
    local q = quotes.find(t)
    assert.are.equal(1, #q)
    assert.are.equal("Zero\0byte inside", q[1].text)
  end)

  it("stops a 1 MB line with an opening quote and no closing quote at the paragraph end", function()
    local big = "Eliska Varga said: " .. LQ .. string.rep("water and silt ", 70000)
    local t = big .. "\nNext paragraph, said nobody."
    local q = quotes.find(t)
    assert.are.equal(1, #q)
    assert.is_true(q[1].unclosed)
    assert.are.equal(#big - 1, q[1].stop) -- trailing blank trimmed
    assert.are.equal("Eliska Varga", q[1].speaker)
  end)

  it("copes with a long text made only of short quotes", function()
    local t = string.rep('"ab" ', 100000)
    local q = quotes.find(t)
    assert.are.equal(100000, #q)
    assert.are.equal("ab", q[100000].text)
  end)

  it("copes with a long line of many unclosed openers", function()
    local t = string.rep(LQ .. "x ", 50000)
    local q = quotes.find(t)
    assert.are.equal(50000, #q)
    assert.is_true(q[1].unclosed)
  end)

  it("raises argument errors naming the argument", function()
    assert.has_error(function() quotes.find(nil) end,
      "bad argument #1 to 'find' (string expected, got nil)")
    assert.has_error(function() quotes.find(42) end,
      "bad argument #1 to 'find' (string expected, got number)")
    assert.has_error(function() quotes.find("x", "y") end,
      "bad argument #2 to 'find' (table or nil expected, got string)")
    assert.has_error(function() quotes.find("x", { bogus = true }) end,
      "bad argument #2 to 'find' (unknown option 'bogus')")
    assert.has_error(function() quotes.find("x", { mentions = 3 }) end,
      "bad argument #2 to 'find' (opts.mentions must be a table, got number)")
    assert.has_error(function() quotes.find("x", { mentions = { { start = "a", stop = 2 } } }) end,
      "bad argument #2 to 'find' (opts.mentions[1].start must be an integer, got string)")
    assert.has_error(function() quotes.find("x", { mentions = { { start = 1, stop = 9 } } }) end,
      "bad argument #2 to 'find' (opts.mentions[1] is outside the text (start 1, stop 9, length 1))")
    assert.has_error(function() quotes.find("x", { sentences = { 5 } }) end,
      "bad argument #2 to 'find' (opts.sentences[1] must be a table, got number)")
    assert.has_error(function() quotes.find("x", { wrapped = "yes" }) end,
      "bad argument #2 to 'find' (opts.wrapped must be a boolean, got string)")
  end)
end)

describe("quotes.key", function()
  it("folds case, marks, dashes, whitespace and punctuation", function()
    assert.are.equal("were not going to ostrel expecting a miracle",
      quotes.key("We\226\128\153re  not going\tto Ostrel \226\128\148 expecting a miracle,"))
    assert.are.equal(quotes.key('"We\'re not going to Ostrel - expecting a miracle."'),
      quotes.key(LQ .. "We\226\128\153re not going to Ostrel \226\128\147 expecting a miracle" .. RQ))
    assert.are.equal("military to military", quotes.key("military-to-military"))
    assert.are.equal("\195\169lise \195\160 paris", quotes.key("\195\137LISE \195\128 Paris"))
  end)

  it("returns an empty key for empty or punctuation-only text and keeps odd bytes", function()
    assert.are.equal("", quotes.key(""))
    assert.are.equal("", quotes.key(" ... \226\128\148 !"))
    assert.are.equal("a b", quotes.key("A\0B")) -- control bytes separate words
    assert.are.equal("bad \255 byte", quotes.key("Bad \255 byte"))
  end)

  it("raises an argument error for non-strings", function()
    assert.has_error(function() quotes.key({}) end,
      "bad argument #1 to 'key' (string expected, got table)")
  end)

  it("gives the same key in C (core.quote_key) as the Lua reference, byte for byte", function()
    local core = require "newscorpus.core"
    -- pieces that meet the steps of the key: marks and apostrophes (whole and cut off),
    -- U+2000 block, Latin-1 punctuation and capitals (incl. U+00D7), controls, NUL, bad bytes
    local atoms = { "a", "B", "Z", " ", "  ", "\t", "\n", "'", '"', ",", ".", "-", "\0", "\127",
      "\226\128\152", "\226\128\153", LQ, RQ, "\226\128\148", "\226\129\135", "\226\128",
      "\226", "\202\188", "\202", "\194\160", "\194", "\195\137", "\195\151", "\195\128",
      "\195\158", "\195\159", "\195", "\200", "\195\169", "\255", "We", "re" }
    local seed = 12345
    local function rand(n) -- a small LCG: the same strings on every run
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n + 1
    end
    local mismatches = {}
    for _ = 1, 20000 do
      local parts = {}
      for j = 1, rand(13) - 1 do parts[j] = atoms[rand(#atoms)] end
      local s = table.concat(parts)
      if core.quote_key(s) ~= quotes._key_lua(s) and #mismatches < 3 then
        mismatches[#mismatches + 1] = ("%q"):format(s)
      end
    end
    assert.same({}, mismatches)
    local long = string.rep("Ab\226\128\153c, ", 100000)
    assert.equal(quotes._key_lua(long), core.quote_key(long))
    assert.equal(quotes._key_lua(long), quotes.key(long))
  end)
end)

describe("quotes.group", function()
  local function q(text, speaker, entity)
    return { text = text, speaker = speaker, entity = entity, kind = "direct" }
  end
  local full = "We are not going to Ostrel expecting a miracle, but we are going with an open hand"

  it("groups the same quote across outlets: marks, trimmed words, strong overlap", function()
    local list = {
      { article = "a1", source = "Harbor Ledger", quote = q(full, "Pavel Dorn", "Pavel Dorn") },
      { article = "n1", source = "Northline Daily",
        quote = q(full:gsub("We are", "\"We are"), "Pavel Dorn") },
      { article = "k1", source = "Radio Kestrel",
        quote = q("We are not going to Ostrel expecting a miracle", "Marta Quillon") },
      { article = "x1", source = "Valley Post",
        quote = q("We are not going to Ostrel expecting miracles but we are going with an open hand",
          "Pavel Dorn") },
      { article = "n2", source = "Northline Daily", quote = q("If the river goes dry, the valley goes quiet.",
        "Eliska Varga") },
    }
    local gs = quotes.group(list)
    assert.are.equal(2, #gs)
    local g = gs[1]
    assert.are.equal(4, #g.members)
    assert.are.same({ "Harbor Ledger", "Northline Daily", "Radio Kestrel", "Valley Post" }, g.sources)
    assert.are.equal("Pavel Dorn", g.speaker)
    assert.are.equal("Pavel Dorn", g.entity)
    assert.are.equal(quotes.key(full), g.key)
    assert.are.same({ "a1", "n1", "k1", "x1" },
      { g.members[1].article, g.members[2].article, g.members[3].article, g.members[4].article })
    assert.are.equal("Eliska Varga", gs[2].speaker)
    assert.are.same({ "Northline Daily" }, gs[2].sources)
    assert.are.equal(1, #gs[2].members)
  end)

  it("groups short quotes only when their keys are equal", function()
    local gs = quotes.group({
      { article = 1, source = "A", quote = q("deliverables") },
      { article = 2, source = "B", quote = q("\226\128\156Deliverables.\226\128\157") },
      { article = 3, source = "C", quote = q("we have no deliverables for the valley this year at all") },
    })
    assert.are.equal(2, #gs)
    assert.are.equal(2, #gs[1].members)
    assert.are.equal("deliverables", gs[1].key)
    assert.is_nil(gs[1].speaker)
  end)

  it("keeps quotes apart below 80% overlap", function()
    local gs = quotes.group({
      { article = 1, source = "A", quote = q("the river will run dry before the dam is ever finished") },
      { article = 2, source = "B",
        quote = q("the dam will be finished before the summer floods arrive here") },
    })
    assert.are.equal(2, #gs)
  end)

  it("finds the matching group among many quotes sharing common words", function()
    local list = {}
    for i = 1, 300 do
      list[#list + 1] = { article = i, source = "outlet" .. (i % 7),
        quote = q(("the valley and the river need w%da w%db w%dc w%dd before the dam"):format(i, i, i, i)) }
    end
    list[#list + 1] = { article = "t", source = "trimmed",
      quote = q("river need w117a w117b w117c w117d before") }
    local gs = quotes.group(list)
    assert.are.equal(300, #gs)
    assert.are.equal(2, #gs[1].members)
    assert.are.same({ "outlet5", "trimmed" }, gs[1].sources)
  end)

  it("returns an empty list for an empty list and rejects bad items", function()
    assert.are.same({}, quotes.group({}))
    assert.has_error(function() quotes.group("x") end,
      "bad argument #1 to 'group' (table expected, got string)")
    assert.has_error(function() quotes.group({ { quote = 5 } }) end,
      "bad argument #1 to 'group' (list[1] must be a table with a quote record (quote.text string))")
  end)
end)

describe("the C name scanner (core.quote_lexicon)", function()
  local core = require("newscorpus.core")

  it("finds the same names as the Lua scanner", function()
    local texts = {
      fixture("harbor_ledger.txt"), fixture("northline_daily.txt"), fixture("radio_kestrel.txt"),
      "Secretary of State Antony Blinken" .. RQ .. "s aide met Mr. Wang; later Blinken's team and "
        .. "Ursula von der Leyen, Indo-Pacific Coordinator Kurt Campbell and \195\137mile Zola spoke. "
        .. "Saying Britain, Ms. Ana O'Neill and J. R. Ewing met Campbell.",
      "", "\0\0Ana\0Bell Cruz", "\196\194\160Ivo Marsh \255\254 Dora Eng \195",
    }
    math.randomseed(11)
    local parts = { "A", "b", " ", "\t", "'", ".", "-", RQ, LQ, "\195\137", "\195\169", "\196",
      "\194\160", "Mr", "Smith", "Van", "de", "ing", "s", "\n", "\0", "\255", "O'", "Jr." }
    for _ = 1, 300 do
      local t = {}
      for i = 1, math.random(1, 30) do t[i] = parts[math.random(#parts)] end
      texts[#texts + 1] = table.concat(t)
    end
    for _, t in ipairs(texts) do
      assert.are.same(quotes._names(t, true), quotes._names(t))
    end
    local names = quotes._names(texts[4])
    assert.are.equal("Antony Blinken", names[1].name)
    assert.are.equal("Antony Blinken", names[2].name) -- "Blinken's" expanded
  end)

  it("tokenizes and scans like the Lua code", function()
    math.randomseed(12)
    local parts = { "A", "b", " ", "\t", "'", ".", "-", RQ, LQ, "\"", "\n", "\n\n", ",", ":",
      "\195\137", "\196", "\194\160", "\194\171", "\194\187", "\226\128\158", "\226\128\148",
      "\226\128\153", "Mr", "U.S.", "Smith", "said", "\0", "\255", "(", "12", ". ", "! ", "? ",
      ". A", "e.g.", "J. ", "\226\128\152", "\195\160" }
    local texts = { fixture("harbor_ledger.txt"), fixture("radio_kestrel.txt"), "", "\"", LQ }
    for _ = 1, 400 do
      local t = {}
      for i = 1, math.random(1, 40) do t[i] = parts[math.random(#parts)] end
      texts[#texts + 1] = table.concat(t)
    end
    for _, t in ipairs(texts) do
      for _, wrapped in ipairs({ false, true }) do
        local p1, r1 = quotes._scan(t, wrapped)
        local p2, r2 = quotes._scan(t, wrapped, true)
        assert.are.same(p2, p1)
        assert.are.same(r2, r1)
      end
      for _ = 1, 5 do
        local a = math.random(1, #t + 1)
        local b = math.random(a - 1, #t)
        assert.are.same(quotes._tokens(t, a, b, true), quotes._tokens(t, a, b))
        assert.are.same({ quotes._sentence_ends(t, a, b, true) }, { quotes._sentence_ends(t, a, b) })
      end
    end
  end)

  it("rejects bad arguments to tokens and quote_scan", function()
    local lx = core.quote_lexicon({ mr = 512 })
    assert.are.same({}, lx:tokens("abc", 2, 1))
    local toks = lx:tokens("Mr. Ito, \0x", 1, 11) -- NUL is a blank here
    -- flat: start, stop, text, punctuation flag of each token
    assert.are.same({ 1, 3, "Mr.", false, 5, 7, "Ito", false, 8, 8, ",", true, 11, 11, "x", false },
      toks)
    assert.has_error(function() lx:tokens("abc", 0, 2) end)
    assert.has_error(function() lx:tokens("abc", 1, 4) end)
    assert.has_error(function() lx:tokens("abc", "x", 2) end)
    assert.has_error(function() lx:tokens(nil, 1, 1) end)
    assert.are.equal(4, lx:after_last_end("Hi. Bo", 1, 6))
    assert.are.equal(2, lx:before_first_end("Hi. Bo", 1, 6))
    assert.are.equal(1, lx:after_last_end("Mr. Bo", 1, 6)) -- an abbreviation ends nothing
    assert.are.equal(3, lx:after_last_end("abc", 3, 2))
    assert.are.equal(2, lx:before_first_end("abc", 3, 2))
    assert.has_error(function() lx:after_last_end("abc", 0, 2) end)
    assert.has_error(function() lx:before_first_end("abc", 1, 4) end)
    assert.are.same({ 3, "ok" }, { core.quote_check_spans({ { start = 1, stop = 2 },
      { start = 3, stop = 2 } }, 5) })
    assert.are.same({ 3, "unsorted" }, { core.quote_check_spans({ { start = 3, stop = 4 },
      { start = 1, stop = 2 } }, 5) })
    assert.are.same({ 1, "ok" }, { core.quote_check_spans({}, 0) })
    assert.are.same({ 2, "table" }, { core.quote_check_spans({ { start = 1, stop = 1 }, 7 }, 5) })
    assert.are.same({ 1, "start" }, { core.quote_check_spans({ { start = 1.5, stop = 1 } }, 5) })
    assert.are.same({ 1, "stop" }, { core.quote_check_spans({ { start = 1, stop = "2" } }, 5) })
    assert.are.same({ 1, "range" }, { core.quote_check_spans({ { start = 1, stop = 6 } }, 5) })
    assert.are.same({ 1, "range" }, { core.quote_check_spans({ { start = 0, stop = 1 } }, 5) })
    assert.has_error(function() core.quote_check_spans("x", 1) end)
    assert.has_error(function() core.quote_check_spans({}, "x") end)
    assert.has_error(function() core.quote_scan() end)
    assert.has_error(function() core.quote_scan({}) end)
    assert.has_error(function() core.quote_scan("x", 1) end)
    local paras, raws = core.quote_scan("")
    assert.are.same({ 1, 0 }, paras)
    assert.are.same({}, raws)
    paras, raws = core.quote_scan("a " .. LQ .. "b" .. RQ .. "\n\"c")
    assert.are.same({ 1, 9, 11, 12 }, paras)
    assert.are.same({ 3, 6, 6, 7, 10, 1, 0, 11, 12, 12, 13, 13, 2, 1 }, raws)
  end)

  it("returns five integers per name", function()
    local lx = core.quote_lexicon({ secretary = 4, the = 1 })
    local flat = lx:names("The Secretary Ana Bell's cat. Bell and Ito left.")
    assert.are.same({ 15, 24, 22, 0, 19, 31, 34, 34, 1, 31 }, flat) -- "Bell": surname of name 1
    assert.are.same({}, lx:names(""))
    lx:close()
    lx:close() -- idempotent
    assert.has_error(function() lx:names("x") end, "newscorpus: attempt to use a closed quote lexicon")
  end)

  it("rejects bad lexicons and arguments", function()
    assert.has_error(function() core.quote_lexicon() end)
    assert.has_error(function() core.quote_lexicon("the") end)
    assert.has_error(function() core.quote_lexicon({ [1] = 4 }) end)
    assert.has_error(function() core.quote_lexicon({ the = "x" }) end)
    assert.has_error(function() core.quote_lexicon({ the = 1.5 }) end)
    assert.has_error(function() core.quote_lexicon({ the = -1 }) end)
    assert.has_error(function() core.quote_lexicon({ [""] = 1 }) end)
    assert.has_error(function() core.quote_lexicon({ [("x"):rep(65)] = 1 }) end)
    local lx = core.quote_lexicon({})
    assert.has_error(function() lx:names(nil) end)
    assert.has_error(function() lx:names({}) end)
    assert.are.same({}, lx:names(("A"):rep(100000)))
  end)
end)

describe("quotes.find with the C scanners and with the pure-Lua code", function()
  -- The same script runs in two child processes, one with NC_QUOTES_PURE_LUA=1; every quote
  -- record (with no options, with sentences, with mentions and scare = false) must be the same.
  local script = [=[
local quotes = require "newscorpus.quotes"
local tokens = require "newscorpus.tokens"
local LQ, RQ = "\226\128\156", "\226\128\157"
local texts = {}
for _, p in ipairs(arg) do
  local f = assert(io.open(p, "rb"))
  texts[#texts + 1] = f:read("a")
  f:close()
end
math.randomseed(13)
local parts = { LQ, RQ, "\"", " said ", " Kessling", " he ", " Anna Berg", ", ", ". ", "\n",
  "\n\n", "according to ", " told reporters", ": ", "\0", "\255", "Mr. ", " the minister",
  " who ", "FADEL: ", " they ", "We ", " of the ", " Bay ", "\226\128\148", "spokesman",
  " and said ", " O'Neill", "\195\137mile Zola", " calls ", " pointed out " }
for _ = 1, 300 do
  local t = {}
  for i = 1, math.random(1, 60) do t[i] = parts[math.random(#parts)] end
  texts[#texts + 1] = table.concat(t)
end
local F = { "start", "stop", "kind", "speaker", "entity", "speaker_start", "speaker_stop", "cue",
  "unclosed", "text" }
local out = {}
for ti, text in ipairs(texts) do
  local sents, ms = {}, {}
  for s, e in tokens.sentences(text) do sents[#sents + 1] = { start = s, stop = e } end
  for k, nm in ipairs(quotes._names(text, true)) do
    ms[k] = { start = nm.start, stop = nm.stop, text = text:sub(nm.start, nm.stop),
      entity = k % 2 == 0 and nm.name:upper() or nil, type = k % 3 == 0 and "ORG" or "PERSON" }
  end
  for mode, opts in ipairs({ false, { sentences = sents },
      { mentions = ms, sentences = sents, scare = false } }) do
    for _, q in ipairs(quotes.find(text, opts or nil)) do
      local row = { ti, mode }
      for _, f in ipairs(F) do row[#row + 1] = tostring(q[f]) end
      out[#out + 1] = table.concat(row, "\t")
    end
  end
end
io.write(table.concat(out, "\n"), "\n", #out, " records\n")
]=]

  local function run(script_path, env)
    local files = "spec/fixtures/quotes/*.txt examples/corpus/*.txt"
    local cmd = ("%sLUA_PATH='%s' LUA_CPATH='%s' lua5.4 %s %s 2>&1"):format(env, package.path,
      package.cpath, script_path, files)
    local p = assert(io.popen(cmd))
    local out = p:read("a")
    p:close()
    return out
  end

  it("gives the same quote records", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write(script)
    f:close()
    local with_c = run(path, "")
    local pure = run(path, "NC_QUOTES_PURE_LUA=1 ")
    os.remove(path)
    local n = tonumber(with_c:match("(%d+) records\n$"))
    assert.is_truthy(n and n > 300, with_c:sub(-300))
    assert.is_truthy(with_c:find("\tKessling\t", 1, true) or with_c:find("Kessling", 1, true))
    assert.are.equal(with_c, pure)
  end)
end)
