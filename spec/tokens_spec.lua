-- Specs of newscorpus.tokens: the word tokenizer, the sentence splitter and keys.
local tokens = require "newscorpus.tokens"

local function fixture(name)
  local f = assert(io.open("spec/fixtures/tokens/" .. name, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function collect(text, opts)
  local out = {}
  for tok, s, e, kind in tokens.tokens(text, opts) do
    assert.are.equal(tok, text:sub(s, e))
    out[#out + 1] = tok .. "/" .. kind
  end
  return table.concat(out, " ")
end

local function sentences(text, opts)
  local out = {}
  for s, e in tokens.sentences(text, opts) do out[#out + 1] = text:sub(s, e) end
  return out
end

describe("tokens", function()
  it("yields token, 1-based inclusive start and stop, kind", function()
    local it = tokens.tokens("Hi, Nia.")
    local tok, s, e, kind = it()
    assert.are.same({ "Hi", 1, 2, "word" }, { tok, s, e, kind })
    tok, s, e, kind = it()
    assert.are.same({ ",", 3, 3, "punct" }, { tok, s, e, kind })
    assert.are.equal("Nia", (it()))
    assert.are.equal(".", (it()))
    assert.is_nil(it())
    assert.is_nil(it()) -- stays finished
  end)

  it("keeps possessives, compounds and abbreviations whole in the default mode", function()
    assert.are.equal("Varga’s/word delegation/word includes/word Gen./abbrev Tomas/word "
      .. "Reyes/word and/word the/word U.S./abbrev -/punct Kestrel/word harbor-to-harbor/word "
      .. "caucus/word ./punct",
      collect("Varga’s delegation includes Gen. Tomas Reyes and the U.S.-Kestrel "
        .. "harbor-to-harbor caucus."))
    assert.are.equal("$/symbol 1.48/number billion/word ,/punct 30/number %/punct",
      collect("$1.48 billion, 30%"))
  end)

  it("splits like UD English with ud = true", function()
    assert.are.equal("Varga/word ’s/word talks/word do/word n't/word end/word harbor/word -/punct "
      .. "to/word -/punct harbor/word", collect("Varga’s talks don't end harbor-to-harbor", { ud = true }))
    assert.are.equal("Varga’s/word harbor/word -/punct side/word",
      collect("Varga’s harbor-side", { split_hyphens = true }))
  end)

  it("recognises URLs, e-mail, hashtags, mentions and emoji", function()
    assert.are.equal("https://news.example.org/a/b/url ,/punct desk@norvale.example.com/email "
      .. "#HarborTalks/hashtag @nia_feld/mention 👍🏽/emoji 🇰🇪/emoji",
      collect("https://news.example.org/a/b, desk@norvale.example.com #HarborTalks @nia_feld 👍🏽 🇰🇪"))
  end)

  it("yields keys, stems and skips stop words on request", function()
    local keys = {}
    for k in tokens.tokens("The Talks were ＷＩＤＥ and Varga’s", { key = true, stopwords = false }) do
      keys[#keys + 1] = k
    end
    assert.are.same({ "talks", "wide", "varga's" }, keys)
    local stems = {}
    for k in tokens.tokens("Negotiations resumed", { stem = true }) do stems[#stems + 1] = k end
    assert.are.same({ "negoti", "resum" }, stems)
  end)

  it("counts and returns spans in batch", function()
    local text = fixture("transcript.txt")
    local n = 0
    for _ in tokens.tokens(text) do n = n + 1 end
    assert.are.equal(n, tokens.token_count(text))
    local starts, stops, kinds = tokens.token_spans(text)
    assert.are.equal(n, #starts)
    assert.are.equal(n, #stops)
    assert.are.equal(n, #kinds)
    for i = 1, n do
      assert.is_true(starts[i] >= 1 and stops[i] >= starts[i] and stops[i] <= #text)
      if i > 1 then assert.is_true(starts[i] > stops[i - 1]) end
    end
    assert.are.equal("Harbor", text:sub(starts[1], stops[1]))
    assert.are.equal("word", kinds[1])
    assert.are.same({ 0, 0 }, { tokens.token_count(""), #(tokens.token_spans("")) })
  end)

  it("iterates the same tokens as the batch forms across many batches, in every mode", function()
    local text = string.rep(fixture("transcript.txt") .. " AOL's one-off 2004-05 said. Mr. Smith, ", 20)
    for _, opts in ipairs({ {}, { ud = true }, { split_hyphens = true } }) do
      local starts, stops, kinds = tokens.token_spans(text, opts)
      local i = 0
      for tok, s, e, kind in tokens.tokens(text, opts) do
        i = i + 1
        assert.are.same({ starts[i], stops[i], kinds[i] }, { s, e, kind })
        assert.are.equal(text:sub(s, e), tok)
      end
      assert.are.equal(#starts, i)
      assert.is_true(i > 1000)
    end
    -- stop words skipped across batches
    local n = 0
    for tok in tokens.tokens(string.rep("the cat ", 500), { stopwords = false }) do
      assert.are.equal("cat", tok)
      n = n + 1
    end
    assert.are.equal(500, n)
  end)

  it("survives invalid UTF-8, NUL bytes and long input", function()
    assert.are.equal("ab/word \xff/symbol c/word d/word", collect("ab\xff c\0d"))
    local long = string.rep("word ", 200000)
    assert.are.equal(200000, tokens.token_count(long))
    local line = string.rep("x", 1000000)
    local _, s, e = tokens.tokens(line)()
    assert.are.same({ 1, 1000000 }, { s, e })
    local marks = "e" .. string.rep("\xcc\x81", 100000)
    assert.are.equal(1, tokens.token_count(marks))
    for _, s2, e2 in tokens.tokens(string.rep("\xe2\x80", 1000)) do
      assert.is_true(s2 >= 1 and e2 <= 2000)
    end
    -- inputs that would be quadratic with naive rules: unbalanced brackets after a URL,
    -- a dotted chain, a megabyte of alternating combining marks through the key
    assert.are.equal(100002, tokens.token_count("(http://a.example/" .. string.rep(")", 100000)))
    assert.are.equal(1, #tokens.sentence_spans("http://a" .. string.rep(".Bc", 300000)))
    local key = tokens.key("e" .. string.rep("\xcc\x81\xcc\xa3", 250000))
    assert.are.equal(1000000, #key)
  end)

  it("rejects wrong types and unknown options", function()
    assert.has_error(function() tokens.tokens({}) end)
    assert.has_error(function() tokens.tokens(nil) end)
    assert.has_error(function() tokens.tokens("x", "ud") end)
    assert.has_error(function() tokens.tokens("x", { ud = "yes" }) end)
    assert.has_error(function() tokens.tokens("x", { colour = true }) end)
    assert.has_error(function() tokens.token_count(false) end)
    assert.has_error(function() tokens.token_spans("x", { nope = 1 }) end)
  end)
end)

describe("sentences", function()
  it("splits news text, headlines, transcript labels and bullets", function()
    local got = sentences(fixture("transcript.txt"))
    assert.are.same({
      "Harbor talks resume in Norvale",
      "By Mara Lindqvist | Updated 06:55 GMT",
      "Foreign Minister Ilse Varga arrived in Norvale on Sunday for two days of talks.",
      "It is the first visit by a Kestrel official in five years.",
      "Varga’s delegation includes Gen. Tomas Reyes and Sen. Aldo Brandt of the U.S.-Kestrel caucus.",
      "The trade deal is worth $1.48 billion, about 30% of the port's revenue.",
      "CARL OSTROM, HOST:",
      "Joining us is correspondent Nia Feld.",
      "Hi, Nia.",
      "NIA FELD, BYLINE: Hey, Carl.",
      "The talks were wide-ranging... Varga said the harbor-to-harbor channel would reopen.",
      "(SOUNDBITE OF ARCHIVED RECORDING)",
      "ILSE VARGA: Progress is hard.",
      "It takes time.",
      "• Ports reopen Monday",
      "• Ferry fares unchanged",
    }, got)
  end)

  it("handles abbreviations, initials, quotes and ellipses", function()
    assert.are.same({ "I live in the U.S.", "How about you?" },
      sentences("I live in the U.S. How about you?"))
    assert.are.same({ "Did you see Albert I. Jones?" }, sentences("Did you see Albert I. Jones?"))
    assert.are.same({ "She said, “This is great.”", "She left." },
      sentences("She said, “This is great.” She left."))
    assert.are.same({ "I never meant that....", "She left." }, sentences("I never meant that.... She left."))
  end)

  it("splits mail headers, sign-offs and separators whose line breaks were lost", function()
    assert.are.same({ "Kay Mann", "04/26/2001 07:17 AM", "Will you send it?" },
      sentences("Kay Mann 04/26/2001 07:17 AM Will you send it?"))
    assert.are.same({ "Thanks,", "Sean" }, sentences("Thanks, Sean"))
    assert.are.same({ "It was great!", "*****", "Posted by Ann" },
      sentences("It was great! ***** Posted by Ann"))
    assert.are.same({ "I love her. :)", "She is great." }, sentences("I love her. :) She is great."))
    assert.are.same({ "He met them on 08/16/2000 at noon." },
      sentences("He met them on 08/16/2000 at noon."))
  end)

  it("joins single newlines with join_lines = true", function()
    assert.are.same({ "It was a cold \nnight.", "Next." },
      sentences("It was a cold \nnight.\n\nNext.", { join_lines = true }))
    assert.are.same({ "It was a cold", "night." }, sentences("It was a cold\nnight."))
  end)

  it("returns sentence records in batch", function()
    local spans = tokens.sentence_spans("One. Two.")
    assert.are.equal(2, #spans)
    assert.are.same({ 1, 4 }, { spans[1].start, spans[1].stop })
    assert.are.same({ 6, 9 }, { spans[2][1], spans[2][2] })
    assert.are.same({}, tokens.sentence_spans(""))
    assert.are.same({}, tokens.sentence_spans(" \n\n "))
  end)

  it("survives bad input", function()
    for s, e in tokens.sentences("\xff\xfe. \0Ok.\xe2") do assert.is_true(s >= 1 and e <= 9 and s <= e) end
    local n = 0
    for _ in tokens.sentences(string.rep(".", 100000)) do n = n + 1 end
    assert.are.equal(1, n)
    assert.has_error(function() tokens.sentences(42 == 42) end)
    assert.has_error(function() tokens.sentences("x", { join = true }) end)
    assert.has_error(function() tokens.sentence_spans({}) end)
  end)
end)

describe("keys", function()
  it("folds case, normalises and strips", function()
    assert.are.equal("varga's", tokens.key("Varga’s"))
    assert.are.equal("us", tokens.key("U.S.", { strip = true }))
    assert.are.equal("café", tokens.key("ＣＡＦÉ"))
    assert.are.equal("strasse", tokens.key("Straße"))
    assert.are.equal("Straße", tokens.key("Straße", { fold = false, nfkc = false }))
    assert.are.equal("negoti", tokens.key("Negotiations", { stem = true }))
    assert.are.equal("a\xef\xbf\xbdb", tokens.key("a\xffb"))
    assert.are.equal("", tokens.key(""))
  end)

  it("tells stop words", function()
    assert.is_true(tokens.is_stopword("The"))
    assert.is_true(tokens.is_stopword("he’s"))
    assert.is_false(tokens.is_stopword("Varga"))
    assert.is_false(tokens.is_stopword(""))
  end)

  it("rejects wrong types and unknown options", function()
    assert.has_error(function() tokens.key({}) end)
    assert.has_error(function() tokens.key("x", { stem = 1 }) end)
    assert.has_error(function() tokens.key("x", { lower = true }) end)
    assert.has_error(function() tokens.is_stopword(nil) end)
  end)

  it("offers word and sentence lists", function()
    assert.are.same({ "Hi", ",", "Nia", "." }, tokens.words("Hi, Nia."))
    assert.are.same({ "One.", "Two." }, tokens.sentence_texts("One. Two."))
  end)
end)
