local analysis = require "newscorpus.analysis"

local articles = {
  { source = "Harbor Ledger", text = "The harbor pier stays closed. Harbor pilots protest the "
      .. "closure of the harbor pier. Pilots said the harbor pier must reopen." },
  { source = "Coastal Wire", text = "Ferry fares will rise in spring, the ferry company said. "
      .. "Ferry passengers face higher fares on every ferry route." },
}

describe("analysis.terms and frequencies", function()
  it("folds case and drops stopwords and punctuation", function()
    assert.same({ "harbor", "pier", "stays", "closed" },
      analysis.terms("The HARBOR pier stays closed."))
    assert.same({ "the", "harbor" }, analysis.terms("The harbor!", { stopwords = true }))
  end)

  it("counts terms across articles", function()
    local freq = analysis.frequencies(articles, { limit = 2 })
    -- "harbor" and "ferry" both 4 times: ties are ordered by term
    assert.same({ term = "ferry", count = 4 }, freq[1])
    assert.same({ term = "harbor", count = 4 }, freq[2])
  end)
end)

describe("analysis.keyness", function()
  it("ranks each outlet's own vocabulary first", function()
    local k = analysis.keyness(articles, { limit = 3 })
    assert.equal("harbor", k["Harbor Ledger"][1].term)
    assert.equal("ferry", k["Coastal Wire"][1].term)
    assert.is_true(k["Harbor Ledger"][1].g2 > 0)
  end)
end)

describe("analysis.tfidf", function()
  it("scores distinctive terms of each article highest", function()
    local t = analysis.tfidf(articles, { limit = 2 })
    assert.equal("harbor", t[1][1].term)
    assert.equal("ferry", t[2][1].term)
  end)
end)

describe("analysis.kwic", function()
  it("shows each occurrence with context and positions into the text", function()
    local lines = analysis.kwic(articles, "harbor pier", { width = 10 })
    assert.equal(3, #lines)
    local l = lines[1]
    assert.equal("harbor pier", l.match)
    assert.equal(l.match, articles[l.article].text:sub(l.start, l.stop))
    assert.equal("The ", l.left)
  end)

  it("cuts context at UTF-8 boundaries and rejects a non-string word", function()
    local lines = analysis.kwic({ { text = "ééééé pier ééééé" } }, "pier", { width = 3 })
    assert.equal(1, #lines)
    assert.truthy(utf8.len(lines[1].left))
    assert.truthy(utf8.len(lines[1].right))
    assert.has_error(function() analysis.kwic(articles, 42) end)
  end)
end)

describe("analysis.collocations", function()
  it("finds repeated word pairs", function()
    local c = analysis.collocations(articles, { min_count = 2 })
    assert.equal("harbor pier", c[1].term)
    assert.equal(3, c[1].count)
  end)
end)

describe("analysis.cooccurrence", function()
  it("counts entity pairs named in the same sentence", function()
    local text = "Marsh met Okafor. Marsh left."
    local a = {
      text = text,
      sentences = { { start = 1, stop = 17 }, { start = 19, stop = 29 } },
      mentions = {
        { start = 1, stop = 5, entity = "Lena Marsh" },
        { start = 11, stop = 16, entity = "William Okafor" },
        { start = 19, stop = 23, entity = "Lena Marsh" },
      },
    }
    local pairs_found = analysis.cooccurrence({ a, a })
    assert.equal(1, #pairs_found)
    assert.same({ a = "Lena Marsh", b = "William Okafor", count = 2, articles = 2 }, pairs_found[1])
  end)

  it("rejects a non-table", function()
    assert.has_error(function() analysis.cooccurrence(nil) end)
  end)
end)
