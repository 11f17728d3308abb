--- Cross-source comparison: near-duplicate articles (MinHash + LSH), shared passages
-- between articles (aligned token runs), and passages shared across outlets.
-- Positions are 1-based inclusive byte positions into each article's clean text.
-- @module newscorpus.compare
local core = require "newscorpus.core"

local compare = {}

local function check_table(v, n, fname)
  if type(v) ~= "table" then
    error(("bad argument #%d to '%s' (table expected, got %s)"):format(n, fname, type(v)), 3)
  end
end

--- MinHash signature of a text (a string of k 8-byte slots) and its shingle count.
-- @param text string
-- @param opts table|nil { shingle = 5, k = 128 }
function compare.signature(text, opts)
  return core.minhash(text, opts)
end

--- Near-duplicate pairs among articles, found by locality-sensitive hashing of MinHash
-- signatures and confirmed by the estimated Jaccard similarity.
-- @param articles array of tables with a `text` field (article records)
-- @param opts table|nil { threshold = 0.5, k = 128, shingle = 5, bands = 32 }
-- @return array of { a = index, b = index, similarity = number } sorted by similarity
function compare.near_duplicates(articles, opts)
  check_table(articles, 1, "near_duplicates")
  opts = opts or {}
  local k, bands = opts.k or 128, opts.bands or 32
  local threshold = opts.threshold or 0.5
  if k % bands ~= 0 then error("bad argument #2 to 'near_duplicates' (k must be a multiple of bands)", 2) end
  local width = (k // bands) * 8
  local sigs, buckets = {}, {}
  for i, article in ipairs(articles) do
    local sig, n = core.minhash(article.text or "", { k = k, shingle = opts.shingle or 5 })
    if n > 0 then
      sigs[i] = sig
      for band = 0, bands - 1 do
        local key = band .. ":" .. sig:sub(band * width + 1, (band + 1) * width)
        local list = buckets[key]
        if list then list[#list + 1] = i else buckets[key] = { i } end
      end
    end
  end
  local seen, pairs_found = {}, {}
  for _, list in pairs(buckets) do
    for x = 1, #list - 1 do
      for y = x + 1, #list do
        local a, b = list[x], list[y]
        local key = a * (#articles + 1) + b
        if not seen[key] then
          seen[key] = true
          local sim = core.minhash_similarity(sigs[a], sigs[b])
          if sim >= threshold then pairs_found[#pairs_found + 1] = { a = a, b = b, similarity = sim } end
        end
      end
    end
  end
  table.sort(pairs_found, function(p, q)
    if p.similarity ~= q.similarity then return p.similarity > q.similarity end
    if p.a ~= q.a then return p.a < q.a end
    return p.b < q.b
  end)
  return pairs_found
end

-- Hash of the n token hashes starting at i (FNV-style mixing of 64-bit integers).
local function gram_key(h, i, n)
  local key = 0
  for j = i, i + n - 1 do key = (key * 1099511628211) ~ h[j] end
  return key
end

--- Passages two texts share: maximal runs of at least `min_tokens` identical word tokens
-- (case-folded; punctuation ignored), found by indexing token n-grams of the first text.
-- @param a string first text
-- @param b string second text
-- @param opts table|nil { min_tokens = 8 }
-- @return array of { a_start, a_stop, b_start, b_stop, tokens } in order of b
function compare.shared_passages(a, b, opts)
  if type(a) ~= "string" then error("bad argument #1 to 'shared_passages' (string expected)", 2) end
  if type(b) ~= "string" then error("bad argument #2 to 'shared_passages' (string expected)", 2) end
  local n = opts and opts.min_tokens or 8
  local ha, sa, ea = core.token_hashes(a)
  local hb, sb, eb = core.token_hashes(b)
  local index = {}
  for i = 1, #ha - n + 1 do
    local key = gram_key(ha, i, n)
    local list = index[key]
    if list then list[#list + 1] = i else index[key] = { i } end
  end
  local found = {}
  local j = 1
  while j <= #hb - n + 1 do
    local best_i, best_len = nil, 0
    local list = index[gram_key(hb, j, n)]
    if list then
      for _, i in ipairs(list) do
        local len = 0
        while i + len <= #ha and j + len <= #hb and ha[i + len] == hb[j + len] do len = len + 1 end
        if len >= n and len > best_len then best_i, best_len = i, len end
      end
    end
    if best_i then
      found[#found + 1] = {
        a_start = sa[best_i], a_stop = ea[best_i + best_len - 1],
        b_start = sb[j], b_stop = eb[j + best_len - 1], tokens = best_len,
      }
      j = j + best_len
    else
      j = j + 1
    end
  end
  return found
end

--- Passages shared between articles of different outlets.
-- @param articles array of article records (fields text and source)
-- @param opts table|nil { min_tokens = 8 }
-- @return array of { a = index, b = index, a_source, b_source, text = passage text in a,
--   tokens, a_start, a_stop, b_start, b_stop } longest first
function compare.shared_across(articles, opts)
  check_table(articles, 1, "shared_across")
  local result = {}
  for x = 1, #articles - 1 do
    for y = x + 1, #articles do
      local A, B = articles[x], articles[y]
      if (A.source or "") ~= (B.source or "") or not A.source then
        for _, p in ipairs(compare.shared_passages(A.text or "", B.text or "", opts)) do
          p.a, p.b, p.a_source, p.b_source = x, y, A.source, B.source
          p.text = A.text:sub(p.a_start, p.a_stop)
          result[#result + 1] = p
        end
      end
    end
  end
  table.sort(result, function(p, q)
    if p.tokens ~= q.tokens then return p.tokens > q.tokens end
    if p.a ~= q.a then return p.a < q.a end
    return p.b < q.b
  end)
  return result
end

return compare
