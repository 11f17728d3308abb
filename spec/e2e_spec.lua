-- End to end over the fictional sample corpus: ingest examples/corpus with its gazetteer and
-- check every article against examples/expected.lua (titles, outlets, entity lists, quotes and
-- speakers, the quote three outlets share, nothing from link lists, widgets or bios).
local nc = require "newscorpus"

local expected = dofile("examples/expected.lua")

local function set_of(list)
  local s = {}
  for _, v in ipairs(list or {}) do s[v] = true end
  return s
end

local function sorted(set)
  local list = {}
  for k in pairs(set) do list[#list + 1] = k end
  table.sort(list)
  return list
end

local TYPE_GROUP = { PERSON = "people", ORG = "orgs", GPE = "places", LOC = "places" }

local function key_of(article)
  local name = (article.file or ""):match("([^/]+)$") or ""
  if article.line then return name .. "#" .. article.line end
  return name
end

describe("the sample corpus end to end", function()
  local articles, by_key, rep
  setup(function()
    local gz = assert(nc.gazetteer.load("examples/gazetteer.tsv"))
    local corpus = assert(nc.open(":memory:"))
    local result = assert(corpus:ingest("examples/corpus", { gazetteer = gz, progress = false }))
    assert.same({}, result.errors or {})
    articles, by_key = corpus:articles(), {}
    for _, article in ipairs(articles) do by_key[key_of(article)] = article end
    rep = corpus:report()
    corpus:close()
  end)

  it("ingests every article once", function()
    local want = sorted(expected.articles)
    assert.same(want, sorted(by_key))
  end)

  for key, want in pairs(expected.articles) do
    describe(key, function()
      it("has its title and outlet", function()
        local a = assert(by_key[key], "missing article " .. key)
        assert.equal(want.title, a.title)
        assert.equal(want.source, a.source)
      end)

      it("names exactly the expected people, organisations and places", function()
        local a = assert(by_key[key])
        local found = { people = {}, orgs = {}, places = {} }
        for _, m in ipairs(a.mentions) do
          local group = TYPE_GROUP[m.type]
          if group then found[group][m.entity] = true end
          assert.equal(m.text, a.text:sub(m.start, m.stop))
        end
        for _, group in ipairs({ "people", "orgs", "places" }) do
          assert.same(sorted(set_of(want[group])), sorted(found[group]), key .. " " .. group)
        end
      end)

      it("finds every quote with its speaker", function()
        local a = assert(by_key[key])
        for _, wq in ipairs(want.quotes) do
          local match
          for _, q in ipairs(a.quotes) do
            if q.text:find(wq.contains, 1, true) then match = q break end
          end
          assert.is_truthy(match, key .. ": no quote containing “" .. wq.contains .. "”")
          assert.equal(a.text:sub(match.start, match.stop), match.text)
          if wq.anonymous then
            assert.is_nil(match.entity, key .. ": “" .. wq.contains .. "” has no named speaker")
          else
            assert.equal(wq.speaker, match.entity, key .. ": speaker of “" .. wq.contains .. "”")
          end
        end
      end)
    end)
  end

  it("keeps names from link lists, widgets and bios out of every entity list", function()
    local banned = set_of(expected.must_not_appear)
    for _, a in ipairs(articles) do
      for _, m in ipairs(a.mentions) do
        assert.is_nil(banned[m.entity], key_of(a) .. ": " .. tostring(m.entity))
        assert.is_nil(banned[m.text], key_of(a) .. ": " .. tostring(m.text))
      end
      for _, removed_name in ipairs(expected.must_not_appear) do
        assert.is_nil(a.text:find(removed_name, 1, true), key_of(a) .. " still contains " .. removed_name)
      end
    end
  end)

  it("groups the quote that three outlets carry", function()
    local want = expected.shared_quote
    local group
    for _, g in ipairs(rep.shared_quotes) do
      if g.text:find(want.contains, 1, true) then group = g end
    end
    assert.is_truthy(group, "no shared group for “" .. want.contains .. "”")
    assert.same(sorted(set_of(want.outlets)), sorted(set_of(group.sources)))
    assert.equal(want.speaker, group.entity)
  end)

  it("reports the people of the story and none from the link lists", function()
    local md = rep:markdown()
    for _, name in ipairs({ "Ilse Varga", "Hou Zhenbo", "Theodore Kessling", "Port Calder" }) do
      assert.truthy(md:find("| " .. name .. " |", 1, true), name)
    end
    local banned = set_of(expected.must_not_appear)
    for _, e in ipairs(rep.entities) do assert.is_nil(banned[e.name], e.name) end
    assert.equal(6, #rep.outlets)
  end)
end)
