--- Corpus statistics over analysed articles: term frequencies, keyness of terms per outlet
-- (log-likelihood, G2), TF-IDF keywords, KWIC concordance, collocations and entity
-- co-occurrence by sentence. Terms are token keys (case-folded, NFKC); stopwords and
-- punctuation are left out unless asked for.
-- @module newscorpus.analysis
local tokens = require "newscorpus.tokens"

local analysis = {}

local CONTENT = { word = true, number = true, abbrev = true, hashtag = true, mention = true }

local function check_articles(articles, fname)
  if type(articles) ~= "table" then
    error(("bad argument #1 to '%s' (table expected, got %s)"):format(fname, type(articles)), 3)
  end
end

--- The terms of a text in order: an array of keys (folded words), skipping punctuation,
-- symbols and (unless opts.stopwords) stopwords.
-- @param text string
-- @param opts table|nil { stopwords = false, stem = false }
function analysis.terms(text, opts)
  opts = opts or {}
  local list = {}
  local keep_stop = opts.stopwords
  for key, _, _, kind in tokens.tokens(text, { key = true, stem = opts.stem }) do
    if CONTENT[kind] and (keep_stop or not tokens.is_stopword(key)) then list[#list + 1] = key end
  end
  return list
end

local function count_terms(texts, opts)
  local counts, total = {}, 0
  for _, text in ipairs(texts) do
    for _, term in ipairs(analysis.terms(text, opts)) do
      counts[term] = (counts[term] or 0) + 1
      total = total + 1
    end
  end
  return counts, total
end

-- Sorts items by `field` (highest first, ties by term) and keeps the first `limit`.
local function rank(list, field, limit)
  table.sort(list, function(a, b)
    if a[field] ~= b[field] then return a[field] > b[field] end
    return a.term < b.term
  end)
  for i = #list, limit + 1, -1 do list[i] = nil end
  return list
end

local function top(counts, n)
  local list = {}
  for term, c in pairs(counts) do list[#list + 1] = { term = term, count = c } end
  return rank(list, "count", n)
end

--- Most frequent terms of a set of articles.
-- @param articles array of article records (field text)
-- @param opts table|nil { limit = 50, stopwords = false, stem = false }
-- @return array of { term, count }
function analysis.frequencies(articles, opts)
  check_articles(articles, "frequencies")
  opts = opts or {}
  local texts = {}
  for i, a in ipairs(articles) do texts[i] = a.text or "" end
  local counts = count_terms(texts, opts)
  return top(counts, opts.limit or 50)
end

-- Dunning's log-likelihood (G2) of a term seen a times in a corpus of size c and b times in a
-- reference of size d.
local function log_likelihood(a, b, c, d)
  local e1 = c * (a + b) / (c + d)
  local e2 = d * (a + b) / (c + d)
  local g2 = 0
  if a > 0 then g2 = g2 + a * math.log(a / e1) end
  if b > 0 then g2 = g2 + b * math.log(b / e2) end
  return 2 * g2
end

--- Keyness of terms per outlet: terms an outlet uses more than the other outlets together,
-- ranked by log-likelihood (G2, positive keyness only).
-- @param articles array of article records (fields text, source)
-- @param opts table|nil { limit = 20, min_count = 2 }
-- @return table outlet -> array of { term, count, reference, g2 }
function analysis.keyness(articles, opts)
  check_articles(articles, "keyness")
  opts = opts or {}
  local by_source = {}
  for _, a in ipairs(articles) do
    local src = a.source or "(unknown source)"
    by_source[src] = by_source[src] or {}
    table.insert(by_source[src], a.text or "")
  end
  local counts, sizes, all, all_size = {}, {}, {}, 0
  for src, texts in pairs(by_source) do
    counts[src], sizes[src] = count_terms(texts, opts)
    for term, n in pairs(counts[src]) do all[term] = (all[term] or 0) + n end
    all_size = all_size + sizes[src]
  end
  local result = {}
  for src, c in pairs(counts) do
    local list = {}
    local ref_size = all_size - sizes[src]
    for term, n in pairs(c) do
      local ref = all[term] - n
      if n >= (opts.min_count or 2) and ref_size > 0 and n / sizes[src] > ref / ref_size then
        list[#list + 1] = { term = term, count = n, reference = ref,
                            g2 = log_likelihood(n, ref, sizes[src], ref_size) }
      end
    end
    result[src] = rank(list, "g2", opts.limit or 20)
  end
  return result
end

--- TF-IDF keywords of each article against the set (smoothed idf: log((1+n)/(1+df)) + 1).
-- @param articles array of article records
-- @param opts table|nil { limit = 10 }
-- @return array (one per article) of arrays of { term, score }
function analysis.tfidf(articles, opts)
  check_articles(articles, "tfidf")
  opts = opts or {}
  local df, tfs = {}, {}
  for i, a in ipairs(articles) do
    local tf = {}
    for _, term in ipairs(analysis.terms(a.text or "", opts)) do tf[term] = (tf[term] or 0) + 1 end
    for term in pairs(tf) do df[term] = (df[term] or 0) + 1 end
    tfs[i] = tf
  end
  local n, result = #articles, {}
  for i, tf in ipairs(tfs) do
    local all = {}
    for term, count in pairs(tf) do
      all[#all + 1] = { term = term, score = count * (math.log((1 + n) / (1 + df[term])) + 1) }
    end
    result[i] = rank(all, "score", opts.limit or 10)
  end
  return result
end

--- Keyword in context: every occurrence of a word (compared by key) with its left and right
-- context of `width` bytes, cut at UTF-8 boundaries.
-- @param articles array of article records
-- @param word string the word (or a phrase of several words)
-- @param opts table|nil { width = 40, limit = 200 }
-- @return array of { article = index, start, stop, left, match, right }
function analysis.kwic(articles, word, opts)
  check_articles(articles, "kwic")
  if type(word) ~= "string" then error("bad argument #2 to 'kwic' (string expected)", 2) end
  opts = opts or {}
  local width, limit = opts.width or 40, opts.limit or 200
  local want = {}
  for key in tokens.tokens(word, { key = true }) do want[#want + 1] = key end
  if #want == 0 then return {} end
  local lines = {}
  local function clip_left(s, i)
    i = math.max(1, i)
    while i > 1 and i <= #s and s:byte(i) >= 0x80 and s:byte(i) < 0xC0 do i = i + 1 end
    return i
  end
  local function clip_right(s, j)
    j = math.min(#s, j)
    while j < #s and s:byte(j + 1) and s:byte(j + 1) >= 0x80 and s:byte(j + 1) < 0xC0 do j = j + 1 end
    return j
  end
  for idx, a in ipairs(articles) do
    local text = a.text or ""
    local keys, starts, stops = {}, {}, {}
    for key, s, e in tokens.tokens(text, { key = true }) do
      keys[#keys + 1], starts[#starts + 1], stops[#stops + 1] = key, s, e
    end
    for i = 1, #keys - #want + 1 do
      local ok = true
      for j = 1, #want do
        if keys[i + j - 1] ~= want[j] then ok = false break end
      end
      if ok then
        local s, e = starts[i], stops[i + #want - 1]
        local l = clip_left(text, s - width)
        local r = clip_right(text, e + width)
        lines[#lines + 1] = {
          article = idx, start = s, stop = e,
          left = text:sub(l, s - 1):gsub("%s+", " "), match = text:sub(s, e),
          right = text:sub(e + 1, r):gsub("%s+", " "),
        }
        if #lines >= limit then return lines end
      end
    end
  end
  return lines
end

--- Collocations: adjacent word pairs (stopwords skipped) ranked by log-likelihood.
-- @param articles array of article records
-- @param opts table|nil { limit = 30, min_count = 2 }
-- @return array of { term = "w1 w2", count, g2 }
function analysis.collocations(articles, opts)
  check_articles(articles, "collocations")
  opts = opts or {}
  local uni, bi, n = {}, {}, 0
  for _, a in ipairs(articles) do
    local terms = analysis.terms(a.text or "", opts)
    for i, t in ipairs(terms) do
      uni[t] = (uni[t] or 0) + 1
      n = n + 1
      if i > 1 then
        local key = terms[i - 1] .. " " .. t
        bi[key] = (bi[key] or 0) + 1
      end
    end
  end
  local list = {}
  for pair, c12 in pairs(bi) do
    if c12 >= (opts.min_count or 2) then
      local w1, w2 = pair:match("^(%S+) (%S+)$")
      local c1, c2 = uni[w1], uni[w2]
      -- G2 over the 2x2 table of (w1 first?, w2 second?)
      local k = { c12, c1 - c12, c2 - c12, n - c1 - c2 + c12 }
      local rows = { k[1] + k[2], k[3] + k[4] }
      local cols = { k[1] + k[3], k[2] + k[4] }
      local g2 = 0
      for r = 1, 2 do
        for c = 1, 2 do
          local o = k[(r - 1) * 2 + c]
          local e = rows[r] * cols[c] / n
          if o > 0 and e > 0 then g2 = g2 + o * math.log(o / e) end
        end
      end
      list[#list + 1] = { term = pair, count = c12, g2 = 2 * g2 }
    end
  end
  return rank(list, "g2", opts.limit or 30)
end

--- Entity co-occurrence: pairs of entities named in the same sentence, with counts.
-- @param articles array of article records (fields sentences, mentions)
-- @param opts table|nil { min_count = 1 }
-- @return array of { a = name, b = name, count, articles } (a < b) by count
function analysis.cooccurrence(articles, opts)
  check_articles(articles, "cooccurrence")
  opts = opts or {}
  local pairs_by_key, list = {}, {}
  for idx, a in ipairs(articles) do
    local mentions, sentences = a.mentions or {}, a.sentences or {}
    local m = 1
    for _, s in ipairs(sentences) do
      local names = {}
      while m <= #mentions and mentions[m].start < s.start do m = m + 1 end
      local k = m
      while k <= #mentions and mentions[k].start <= s.stop do
        if mentions[k].entity then names[mentions[k].entity] = true end
        k = k + 1
      end
      local sorted = {}
      for name in pairs(names) do sorted[#sorted + 1] = name end
      table.sort(sorted)
      for x = 1, #sorted - 1 do
        for y = x + 1, #sorted do
          local key = sorted[x] .. "\0" .. sorted[y]
          local p = pairs_by_key[key]
          if not p then
            p = { a = sorted[x], b = sorted[y], count = 0, articles = 0, last = nil }
            pairs_by_key[key] = p
            list[#list + 1] = p
          end
          p.count = p.count + 1
          if p.last ~= idx then p.articles, p.last = p.articles + 1, idx end
        end
      end
    end
  end
  local result = {}
  for _, p in ipairs(list) do
    p.last = nil
    if p.count >= (opts.min_count or 1) then result[#result + 1] = p end
  end
  table.sort(result, function(x, y)
    if x.count ~= y.count then return x.count > y.count end
    if x.a ~= y.a then return x.a < y.a end
    return x.b < y.b
  end)
  return result
end

return analysis
