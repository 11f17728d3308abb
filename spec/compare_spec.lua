local compare = require "newscorpus.compare"

local base = [[The harbor authority said on Tuesday that the northern pier would stay closed
until engineers finish inspecting the storm damage to its pilings and the old crane rails.]]

describe("compare.near_duplicates", function()
  it("pairs an article with its lightly edited copy and not with an unrelated one", function()
    local articles = {
      { text = base },
      { text = "Ferry timetables for the winter season were published by the island council, "
          .. "with fewer crossings on weekdays and a new late boat on Fridays." },
      { text = base:gsub("Tuesday", "Wednesday") },
    }
    local pairs_found = compare.near_duplicates(articles, { threshold = 0.5 })
    assert.equal(1, #pairs_found)
    assert.equal(1, pairs_found[1].a)
    assert.equal(3, pairs_found[1].b)
    assert.is_true(pairs_found[1].similarity > 0.5 and pairs_found[1].similarity < 1)
  end)

  it("ignores empty texts and validates its arguments", function()
    assert.same({}, compare.near_duplicates({ { text = "" }, { text = "" } }))
    assert.has_error(function() compare.near_duplicates("x") end)
    assert.has_error(function() compare.near_duplicates({}, { k = 100, bands = 32 }) end)
  end)
end)

describe("compare.shared_passages", function()
  it("finds the shared run with positions in both texts, across case and punctuation", function()
    local a = "Intro words here. " .. base .. " Closing remark."
    local b = "Other opening! THE HARBOR AUTHORITY SAID, on Tuesday, that the northern pier "
      .. "would stay closed until engineers finish. Unrelated ending text."
    local found = compare.shared_passages(a, b, { min_tokens = 6 })
    assert.equal(1, #found)
    local p = found[1]
    assert.equal("The", a:sub(p.a_start, p.a_stop):match("^%S+"))
    assert.equal("finish", b:sub(p.b_start, p.b_stop):match("(%a+)$"))
    assert.equal(16, p.tokens)
  end)

  it("returns nothing below the minimum and on bad bytes", function()
    assert.same({}, compare.shared_passages("a b c d", "a b c d", { min_tokens = 8 }))
    assert.same({}, compare.shared_passages("\0\255\254", "\0\255\254 x"))
    assert.has_error(function() compare.shared_passages(1, "x") end)
  end)
end)

describe("compare.shared_across", function()
  it("only pairs articles of different outlets", function()
    local articles = {
      { source = "Ledger", text = base },
      { source = "Ledger", text = base },
      { source = "Wire", text = "Reports: " .. base },
    }
    local shared = compare.shared_across(articles, { min_tokens = 8 })
    assert.equal(2, #shared)
    for _, p in ipairs(shared) do
      assert.are_not.equal(p.a_source, p.b_source)
      assert.equal(articles[p.a].text:sub(p.a_start, p.a_stop), p.text)
    end
  end)
end)
