--- newscorpus.tokens: words, sentences and keys (the C tokenizer of newscorpus.core).
-- Positions are 1-based inclusive byte positions, like string.find.
-- @module newscorpus.tokens
local core = require "newscorpus.core"

local M = {}

--- Iterator over the tokens of `text`: `for tok, start, stop, kind in tokens(text, opts)`.
-- kind is "word", "number", "punct", "symbol", "url", "email", "hashtag", "mention",
-- "abbrev" or "emoji". Default mode keeps "Blinken’s", "don't" and "military-to-military"
-- whole and "U.S." / "Mr." as abbrev tokens with their period.
-- opts: ud = true (UD English words: splits 's n't 're and hyphenated compounds),
-- split_hyphens = true (UD English tokens: only the hyphen splits), key = true (yield the
-- case-folded NFKC key instead of the surface), stem = true (key + Snowball stem),
-- stopwords = false (skip English stop words).
M.tokens = core.tokens

--- Iterator over sentences: `for start, stop in sentences(text, opts)`.
-- opts: join_lines = true (a single newline does not end a sentence; a blank line does).
M.sentences = core.sentences

--- Number of tokens of `text` (opts: ud, split_hyphens).
M.token_count = core.token_count

--- starts, stops, kinds: three arrays describing every token (opts: ud, split_hyphens).
M.token_spans = core.token_spans

--- Array of sentence records `{ start = s, stop = e }` (also as [1], [2]); opts: join_lines.
M.sentence_spans = core.sentence_spans

--- Key of a word for counting, matching and search (opts: fold = true, nfkc = true,
-- strip = false, stem = false).
M.key = core.key

--- true when `word` is an English stop word (case-insensitive).
M.is_stopword = core.is_stopword

--- Array of the token strings of `text` (convenience; opts as for tokens).
function M.words(text, opts)
  local out, n = {}, 0
  for tok in core.tokens(text, opts) do
    n = n + 1
    out[n] = tok
  end
  return out
end

--- Array of the sentence strings of `text` (convenience; opts as for sentences).
function M.sentence_texts(text, opts)
  local out, n = {}, 0
  for s, e in core.sentences(text, opts) do
    n = n + 1
    out[n] = text:sub(s, e)
  end
  return out
end

return M
