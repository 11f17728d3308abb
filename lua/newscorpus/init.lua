--- newscorpus: analyse collections of news articles.
-- The facade: `local nc = require "newscorpus"`. Positions are 1-based inclusive byte
-- positions, like string.find. Bad data gives `nil, message`; wrong argument types raise.
-- @module newscorpus
local core = require "newscorpus.core"
local text = require "newscorpus.text"
local tokens = require "newscorpus.tokens"
local gazetteer = require "newscorpus.gazetteer"
local entities = require "newscorpus.entities"
local quotes = require "newscorpus.quotes"
local analyze = require "newscorpus.analyze"
local corpus = require "newscorpus.corpus"
local report = require "newscorpus.report"
local analysis = require "newscorpus.analysis"
local compare = require "newscorpus.compare"

local nc = {
  version = core.version,
  core = core,
  -- text
  clean = text.clean,
  extract = text.extract,
  repair = text.repair,
  -- tokens and sentences
  tokens = tokens.tokens,
  sentences = tokens.sentences,
  key = tokens.key,
  -- entities
  gazetteer = gazetteer,
  entities = entities.find,
  discover = entities.discover,
  -- quotes
  quotes = quotes.find,
  quote_key = quotes.key,
  group_quotes = quotes.group,
  -- pipeline, store, reports
  analyze = analyze.text,
  analyze_record = analyze.article,
  open = corpus.open,
  report = report.new,
  -- statistics and cross-source comparison (modules)
  analysis = analysis,
  compare = compare,
}

return nc
