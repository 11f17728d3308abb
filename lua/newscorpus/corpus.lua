--- newscorpus.corpus: the corpus object, an SQLite store of analysed articles.
--
--   local corpus = assert(require("newscorpus.corpus").open("coverage.db"))
--   local report = corpus:ingest("articles/")      -- { added, skipped, failed, errors }
--   for doc in corpus:documents() do print(doc.source, doc.title, #doc.mentions) end
--   for _, hit in ipairs(corpus:search("military talks")) do print(hit.snippet) end
--   corpus:close()
--
-- Positions stored and returned (sentences, mentions, quotes) are Lua positions: 1-based
-- inclusive byte positions into the article's clean text, as the analysis pipeline gives them.
--
-- Schema (PRAGMA user_version = 3):
--   sources(id, name UNIQUE)
--   articles(id, source_id, file, line (JSONL line), url, date, title, author, language, format, hash UNIQUE,
--            raw, text, removed_json, repairs, added_at, sentences)
--            raw is NULL when it equals text (nothing was cleaned); documents give doc.raw =
--            doc.text then. sentences is a BLOB of the sentence spans in text order, each
--            start and stop (1-based inclusive) as two little-endian unsigned 32-bit integers
--            (string.unpack("<I4I4", blob, 8 * (i - 1) + 1) is sentence i); NULL when there
--            are none. One value an article rather than one row a sentence: nothing queries
--            sentences by SQL, and a row per sentence was a tenth of the cost of ingest.
--   entities(id, name, type, ext_id, UNIQUE(name, type))        type '' when unknown
--   mentions(id, article_id, entity_id, start, stop, surface, role, how)
--   quotes(id, article_id, start, stop, text, speaker, speaker_start, speaker_stop,
--          entity_id, kind, cue, key)
--          key is newscorpus.quote_key(text), the grouping key of a quote across outlets. It
--          has no index: grouping (GROUP BY key) reads the table once, and an index of these
--          long random keys cost a third of the writer's time in a large ingest. For many
--          lookups of single keys, CREATE INDEX quotes_key ON quotes(key) (ingest then slows).
--   Version 2 files (a quotes_key index and an older key normalisation) are upgraded when
--   opened for writing: the index dropped, the keys recomputed. Version 1 is not read.
--   articles_fts: an FTS5 index of articles.title and articles.text with the project's
--          tokenizer (tokenize='newscorpus'). It is an external-content table
--          (content='articles', content_rowid='id'): the text is stored once, in articles;
--          snippet() reads it from there. corpus:ingest adds each article to the index itself
--          (an AFTER INSERT trigger would run FTS5 inside a statement savepoint, which flushes
--          its in-memory index on every row and makes ingest 2-3 times slower); triggers keep
--          the index in step with UPDATEs and DELETEs of articles (a 'delete' is only sent
--          for rows the index holds, per articles_fts_docsize: deleting a row FTS5 never saw
--          would corrupt an external-content index). After inserting articles by hand, call
--          corpus:reindex(). The index merges segments 16 at a time ('automerge' = 16, FTS5's
--          default is 4): half the merge work of the default during ingest (the writer 7%
--          faster at 100,000 articles than with 8), more segments to read at query time; run
--          INSERT INTO articles_fts(articles_fts) VALUES ('optimize') to merge everything
--          after a large ingest. Its in-memory index of a transaction is flushed to a segment
--          at 8 MB ('hashsize'; FTS5's default is 1 MB): fewer, larger segments, less merging
--          (the writer 4-10% faster at 100,000 articles, 4 MB more memory while it ingests).
--          Files made before keep their settings.
-- New corpus files get 16 KB pages (an article's raw and clean text fit a page or two). While
-- corpus:ingest runs, SQLite's foreign-key checks are off (ingest checks its own references)
-- and back on after it.
-- The content hash is XXH3-128 of source name, a NUL byte and the raw bytes: the same page
-- ingested twice is skipped, while two outlets carrying the same wire story are both kept.
local core = require "newscorpus.core"
local sources = require "newscorpus.sources"
local json = require("cjson.safe").new()

local story_report = require "newscorpus.report"
local pipeline = require "newscorpus.analyze"
local quote_key = require("newscorpus.quotes").key

local M = {}

M.SCHEMA_VERSION = 3
-- Default bound on one article's raw bytes in ingest (option max_article_bytes).
M.MAX_ARTICLE_BYTES = 16 * 1024 * 1024

local SCHEMA = [[
CREATE TABLE sources (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE articles (
  id           INTEGER PRIMARY KEY,
  source_id    INTEGER NOT NULL REFERENCES sources(id),
  file         TEXT,
  line         INTEGER,
  url          TEXT,
  date         TEXT,
  title        TEXT,
  author       TEXT,
  language     TEXT,
  format       TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE,
  raw          TEXT,
  text         TEXT NOT NULL,
  removed_json TEXT,
  repairs      INTEGER NOT NULL DEFAULT 0,
  added_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  sentences    BLOB
);
CREATE INDEX articles_source ON articles(source_id);
CREATE TABLE entities (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL,
  type   TEXT NOT NULL DEFAULT '',
  ext_id TEXT,
  UNIQUE (name, type)
);
CREATE TABLE mentions (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  entity_id  INTEGER REFERENCES entities(id),
  start      INTEGER NOT NULL,
  stop       INTEGER NOT NULL,
  surface    TEXT,
  role       TEXT,
  how        TEXT
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE TABLE quotes (
  id            INTEGER PRIMARY KEY,
  article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start         INTEGER NOT NULL,
  stop          INTEGER NOT NULL,
  text          TEXT NOT NULL,
  speaker       TEXT,
  speaker_start INTEGER,
  speaker_stop  INTEGER,
  entity_id     INTEGER REFERENCES entities(id),
  kind          TEXT,
  cue           TEXT,
  key           TEXT
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_entity ON quotes(entity_id) WHERE entity_id IS NOT NULL;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content = 'articles', content_rowid = 'id', tokenize = 'newscorpus'
);
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text)
    SELECT 'delete', old.id, old.title, old.text
    WHERE EXISTS (SELECT 1 FROM articles_fts_docsize WHERE id = old.id);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text)
    SELECT 'delete', old.id, old.title, old.text
    WHERE EXISTS (SELECT 1 FROM articles_fts_docsize WHERE id = old.id);
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16);
INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 8388608);
PRAGMA user_version = 3;
]]

local SQL = {
  source_id = "INSERT INTO sources(name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name "
    .. "RETURNING id",
  entity_id = "INSERT INTO entities(name, type, ext_id) VALUES (?, ?, ?) ON CONFLICT(name, type) "
    .. "DO UPDATE SET ext_id = coalesce(entities.ext_id, excluded.ext_id) RETURNING id",
  entity_by_name = "SELECT id FROM entities WHERE name = ? ORDER BY id LIMIT 1",
  has_hash = "SELECT 1 FROM articles WHERE hash = ?",
  article = "INSERT INTO articles(source_id, file, line, url, date, title, author, language, format, "
    .. "hash, raw, text, removed_json, repairs, sentences) "
    .. "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS BLOB)) "
    .. "ON CONFLICT (hash) DO NOTHING",
  mention = "INSERT INTO mentions(article_id, entity_id, start, stop, surface, role, how) "
    .. "VALUES (?, ?, ?, ?, ?, ?, ?)",
  quote = "INSERT INTO quotes(article_id, start, stop, text, speaker, speaker_start, speaker_stop, "
    .. "entity_id, kind, cue, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  fts = "INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
  undo_mentions = "DELETE FROM mentions WHERE article_id = ?",
  undo_quotes = "DELETE FROM quotes WHERE article_id = ?",
  undo_article = "DELETE FROM articles WHERE id = ?",
  doc_sentences = "SELECT sentences FROM articles WHERE id = ?",
  doc_mentions = "SELECT m.start, m.stop, m.surface AS text, e.name AS entity, e.type, e.ext_id AS id, "
    .. "m.role, m.how FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id "
    .. "WHERE m.article_id = ? ORDER BY m.start, m.id",
  doc_quotes = "SELECT q.start, q.stop, q.text, q.speaker, e.name AS entity, q.speaker_start, "
    .. "q.speaker_stop, q.kind, q.cue, q.key FROM quotes q LEFT JOIN entities e ON e.id = q.entity_id "
    .. "WHERE q.article_id = ? ORDER BY q.start, q.id",
}

local DOC_COLUMNS = "SELECT a.id, s.name AS source, a.file, a.line, a.url, a.date, a.title, a.author, "
  .. "a.language, a.format, a.hash, coalesce(a.raw, a.text) AS raw, a.text, a.removed_json, "
  .. "a.repairs, a.added_at "
  .. "FROM articles a LEFT JOIN sources s ON s.id = a.source_id"

local Corpus = {}
Corpus.__index = Corpus

local function argcheck(cond, n, fname, msg)
  if not cond then error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), 3) end
end

local function check_opts(opts, n, fname, known)
  if opts == nil then return {} end
  argcheck(type(opts) == "table", n, fname, "options table expected, got " .. type(opts))
  for k in pairs(opts) do
    argcheck(known[k], n, fname, "unknown option '" .. tostring(k) .. "'")
  end
  return opts
end

local function opt_type(opts, key, want, n, fname)
  local v = opts[key]
  if v ~= nil then
    local t = want == "integer" and math.type(v) or type(v)
    argcheck(t == want, n, fname, ("option '%s' must be a %s, got %s"):format(key, want, type(v)))
  end
  return v
end

-- Runs sql with values and returns an array of row tables, or nil, err.
local function query(db, sql, ...)
  local st, err = db:prepare(sql)
  if not st then return nil, err end
  local ok, berr = st:bind(...)
  if not ok then
    st:close()
    return nil, berr
  end
  local out = {}
  while true do
    local more, serr = st:step()
    if more == nil then
      st:close()
      return nil, serr
    end
    if not more then break end
    out[#out + 1] = st:row()
  end
  st:close()
  return out
end

local function scalar(db, sql, ...)
  local rows, err = query(db, sql, ...)
  if not rows then return nil, err end
  local row = rows[1]
  if not row then return nil end
  local _, v = next(row)
  return v
end

-- Version 2 -> 3 (in one transaction): the quotes_key index dropped, quotes.key recomputed
-- with newscorpus.quote_key. Returns true, or nil, message.
function M._upgrade_from_2(db)
  local ok, res, err = pcall(db.transaction, db, function(d)
    if scalar(d, "PRAGMA user_version") ~= 2 then return true end -- another process did it
    local done, xerr = d:exec("DROP INDEX IF EXISTS quotes_key")
    if not done then error(xerr, 0) end
    local upd = assert(d:prepare("UPDATE quotes SET key = ? WHERE id = ?"))
    local list = {}
    for row in d:rows("SELECT id, text FROM quotes") do list[#list + 1] = row end
    for _, row in ipairs(list) do
      local n, uerr = upd:run(quote_key(row.text or ""), row.id)
      if not n then error(uerr, 0) end
    end
    upd:close()
    done, xerr = d:exec("PRAGMA user_version = 3")
    if not done then error(xerr, 0) end
    return true
  end)
  if not ok then return nil, res end
  if not res then return nil, err end
  return true
end

--- Opens (creating if needed) a corpus database at path (":memory:" works).
-- opts: busy_timeout (ms, default 5000), readonly (boolean).
-- Returns the corpus, or nil, "newscorpus: ..." when the file cannot be opened, is not an
-- SQLite database, belongs to another application, or has a newer schema.
function M.open(path, opts)
  argcheck(type(path) == "string", 1, "open", "string expected, got " .. type(path))
  opts = check_opts(opts, 2, "open", { busy_timeout = true, readonly = true })
  opt_type(opts, "busy_timeout", "integer", 2, "open")
  opt_type(opts, "readonly", "boolean", 2, "open")
  -- 16 KB pages for a new file: an article's raw and clean text fit a page or two, and the
  -- store makes a quarter of the reads and writes 4 KB pages need
  local db, err = core.db_open(path, { busy_timeout = opts.busy_timeout, readonly = opts.readonly,
    page_size = 16384 })
  if not db then return nil, err end
  local function fail(msg)
    db:close()
    return nil, msg
  end
  local version, verr = scalar(db, "PRAGMA user_version")
  if not version then return fail(verr) end
  if version == 0 then
    local tables = scalar(db, "SELECT count(*) FROM sqlite_schema")
    if tables and tables > 0 then
      return fail(("newscorpus: open %s: not a newscorpus database (it has other tables)"):format(path))
    end
    if opts.readonly then
      return fail(("newscorpus: open %s: empty database opened read-only"):format(path))
    end
    -- BEGIN IMMEDIATE, then look again: another process may have created the schema since
    local tok, ok, serr = pcall(db.transaction, db, function(d)
      local v, vrr = scalar(d, "PRAGMA user_version")
      if not v then error(vrr, 0) end
      if v == 0 then
        local done, xerr = d:exec(SCHEMA)
        if not done then error(xerr, 0) end
      end
    end)
    if not tok then return fail(tostring(ok)) end
    if not ok then return fail(serr) end
  elseif version > M.SCHEMA_VERSION then
    return fail(("newscorpus: open %s: schema version %d is newer than this newscorpus "
      .. "understands (%d)"):format(path, version, M.SCHEMA_VERSION))
  elseif version == 2 and not opts.readonly then
    local ok, merr = M._upgrade_from_2(db)
    if not ok then return fail(("newscorpus: open %s: upgrading schema version 2: %s"):format(path,
      tostring(merr):gsub("^newscorpus: ", ""))) end
  elseif version < 2 then -- unreleased format: no migration
    return fail(("newscorpus: open %s: schema version %d is older than this newscorpus "
      .. "understands (%d): ingest the articles into a new file"):format(path, version,
      M.SCHEMA_VERSION))
  end
  -- WAL with synchronous=NORMAL: commits do not fsync (a power cut may lose the last batches,
  -- never corrupt the file); a 32 MB page cache keeps the hash index and FTS5 merges in memory.
  if not opts.readonly then db:exec("PRAGMA synchronous = NORMAL") end
  db:exec("PRAGMA cache_size = -32768")
  local self = setmetatable({ path = path, _db = db, _stmts = {}, _sources = {}, _entities = {},
    _readonly = opts.readonly or false }, Corpus)
  self._docmt = M._doc_metatable(self)
  return self
end

function Corpus:_check(fname)
  if not self._db then error("newscorpus: " .. fname .. ": corpus is closed", 3) end
  return self._db
end

-- A cached prepared statement.
function Corpus:_stmt(name)
  local st = self._stmts[name]
  if not st then
    st = assert(self._db:prepare(SQL[name]))
    self._stmts[name] = st
  end
  return st
end

--- The DB handle (newscorpus.DB) of the corpus, for report scripts: db:prepare, db:rows...
function Corpus:db()
  return self:_check("db")
end

--- Runs one SQL statement with values bound (positional, or one table of named values) and
-- returns its rows as an array of tables keyed by column name, or nil, err. For report
-- scripts: corpus:query("SELECT name, count(*) AS n FROM ... WHERE type = ?", "PERSON").
function Corpus:query(sql, ...)
  local db = self:_check("query")
  argcheck(type(sql) == "string", 1, "query", "string expected, got " .. type(sql))
  return query(db, sql, ...)
end

--- Number of articles stored.
function Corpus:count()
  local db = self:_check("count")
  return assert(scalar(db, "SELECT count(*) FROM articles"))
end

--- Array of the sources, sorted by name: { id, name, articles = number of articles }.
function Corpus:sources()
  local db = self:_check("sources")
  return assert(query(db, "SELECT s.id, s.name, count(a.id) AS articles FROM sources s "
    .. "LEFT JOIN articles a ON a.source_id = s.id GROUP BY s.id ORDER BY s.name"))
end

--- Closes the corpus and its database (also __close and __gc). Idempotent.
function Corpus:close()
  local db = rawget(self, "_db")
  if db then
    for _, st in pairs(self._stmts) do st:close() end
    self._stmts = {}
    db:close()
    self._db = nil
  end
end
Corpus.__close = Corpus.close
Corpus.__gc = Corpus.close

-- ---- storing -----------------------------------------------------------------------------

-- SQLite primary result codes that mean the database itself failed (as opposed to one
-- article's data): ingest stops on them instead of skipping the article.
local FATAL = { [3] = "PERM", [4] = "ABORT", [5] = "BUSY", [6] = "LOCKED", [7] = "NOMEM",
  [8] = "READONLY", [9] = "INTERRUPT", [10] = "IOERR", [11] = "CORRUPT", [13] = "FULL",
  [14] = "CANTOPEN", [26] = "NOTADB" }

-- Raises a string for a data error, { db_error = message } for a database failure.
local function raise(db, err)
  if FATAL[db:errcode()] then error({ db_error = err }) end
  error(err, 0)
end

local function source_id(self, name)
  local id = self._sources[name]
  if not id then
    local err
    id, err = self:_stmt("source_id"):first(name)
    if not id then raise(self._db, err or "newscorpus: could not store source " .. name) end
    self._sources[name] = id
  end
  return id
end

local function entity_id(self, name, etype, ext)
  local key = name .. "\0" .. etype
  local id = self._entities[key]
  if not id then
    local err
    id, err = self:_stmt("entity_id"):first(name, etype, ext)
    if not id then raise(self._db, err or "newscorpus: could not store entity " .. name) end
    self._entities[key] = id
  end
  return id
end

local function str_or_nil(v)
  if type(v) == "string" then return v end
  if type(v) == "number" then return tostring(v) end
  return nil
end

local function run(st, db, ...)
  local n, err = st:run(...)
  if not n then raise(db, err) end
  return n
end

local QUOTE_FIELDS = { "start", "stop", "text", "speaker", "speaker_start", "speaker_stop", "eid", "kind",
  "cue", "key" }
local MENTION_FIELDS = { "eid", "start", "stop", "text", "role", "how" }

-- The rows of one analysed article as the store writes them: plain values, the outlet name,
-- removed spans as JSON, quote keys worked out. A pure function of the record and the
-- article (a parallel ingest runs it in the workers). Raises a string for an article that
-- cannot be stored.
local function article_rows(rec, art)
  local meta = rec.meta or {}
  local text = art.text
  if type(text) ~= "string" then error("analysis returned no clean text", 0) end
  local raw = type(art.raw) == "string" and art.raw or rec.raw
  local row = {
    source = str_or_nil(art.source) or meta.source or meta.source_hint or "unknown",
    file = str_or_nil(art.file) or rec.file,
    line = math.type(rec.line) == "integer" and rec.line or nil,
    url = str_or_nil(art.url) or meta.url,
    date = str_or_nil(art.date) or meta.date,
    title = str_or_nil(art.title) or meta.title or meta.title_hint,
    author = str_or_nil(art.author) or meta.author,
    language = str_or_nil(art.language) or meta.language,
    format = str_or_nil(art.format) or rec.format,
    raw = raw ~= text and raw or nil,
    text = text,
    repairs = math.type(art.repairs) == "integer" and art.repairs or 0,
    -- packed here (in the workers with jobs): the writer binds one string
    sentences = type(art.sentences) == "table" and M._pack_sentences(art.sentences) or nil,
  }
  if type(art.removed) == "table" and #art.removed > 0 then row.removed = json.encode(art.removed) end
  if type(art.mentions) == "table" then
    local list = {}
    for i, m in ipairs(art.mentions) do
      list[i] = { entity = type(m.entity) == "string" and m.entity or nil, type = str_or_nil(m.type) or "",
        id = str_or_nil(m.id), start = m.start, stop = m.stop, text = str_or_nil(m.text),
        role = str_or_nil(m.role), how = str_or_nil(m.how) }
    end
    row.mentions = list
  end
  if type(art.quotes) == "table" then
    local list = {}
    for i, q in ipairs(art.quotes) do
      local qtext = str_or_nil(q.text) or ""
      list[i] = { start = q.start, stop = q.stop, text = qtext, speaker = str_or_nil(q.speaker),
        speaker_start = q.speaker_start, speaker_stop = q.speaker_stop,
        entity = type(q.entity) == "string" and q.entity or nil, kind = str_or_nil(q.kind),
        cue = str_or_nil(q.cue), key = str_or_nil(q.key) or quote_key(qtext) }
    end
    row.quotes = list
  end
  return row
end

local sunpack = string.unpack
local SPAN_MAX = 0xFFFFFFFF

--- The articles.sentences BLOB of a list of sentences ({ start, stop } 1-based inclusive):
-- nil for none. Raises "sentence i: ..." for a span that is not two integers from 0 to
-- 4294967295.
function M._pack_sentences(list)
  if not list or #list == 0 then return nil end
  local blob, bad = core.pack_spans(list)
  if blob then return blob end
  local s = list[bad]
  local a, b = type(s) == "table" and s.start, type(s) == "table" and s.stop
  error(("sentence %d: start and stop must be integers from 0 to %d, got %s and %s"):format(
    bad, SPAN_MAX, tostring(a), tostring(b)), 0)
end

--- The list of sentences ({ start = , stop = }) of an articles.sentences BLOB (nil: none).
function M._unpack_sentences(blob)
  local out = {}
  if type(blob) ~= "string" then return out end
  for i = 1, #blob // 8 do
    local a, b = sunpack("<I4I4", blob, 8 * (i - 1) + 1)
    out[i] = { start = a, stop = b }
  end
  return out
end

-- Stores the rows of one article (article_rows) inside the current transaction and returns
-- its id, or nil when an article with the same content hash is stored already (the insert
-- itself finds it: no lookup before). Raises on failure, after deleting what it had stored of
-- the article (so an article is stored whole or not at all). No SAVEPOINT here: FTS5 flushes
-- its pending index at every savepoint, which would write one index segment per article.
function Corpus:_store_rows(row, hash)
  local db = self._db
  local added = run(self:_stmt("article"), db, source_id(self, row.source), row.file, row.line,
    row.url, row.date, row.title, row.author, row.language, row.format, hash, row.raw, row.text,
    row.removed, row.repairs, row.sentences)
  if added == 0 then return nil end
  local id = db:last_insert_rowid()
  local ok, err = pcall(self._store_parts, self, db, id, row)
  if not ok then
    for _, name in ipairs({ "undo_mentions", "undo_quotes", "undo_article" }) do
      local n, uerr = self:_stmt(name):run(id)
      if not n then error({ db_error = uerr }) end
    end
    error(err, 0)
  end
  return id
end

-- The mentions, quotes and index entry of article id (see _store_rows).
function Corpus:_store_parts(db, id, row)
  local by_name = {}
  local mentions = row.mentions
  if mentions and #mentions > 0 then
    for _, m in ipairs(mentions) do
      if m.entity then
        m.eid = entity_id(self, m.entity, m.type, m.id)
        by_name[m.entity] = by_name[m.entity] or m.eid
      end
    end
    local n, merr = self:_stmt("mention"):run_each(mentions, MENTION_FIELDS, id)
    if not n then raise(db, merr) end
  end
  local quotes = row.quotes
  if quotes and #quotes > 0 then
    for _, q in ipairs(quotes) do
      local name = q.entity
      if name then
        local eid = by_name[name]
        if not eid then
          local found, ferr = self:_stmt("entity_by_name"):first(name)
          if ferr then raise(db, ferr) end
          eid = found
        end
        q.eid = eid
      end
    end
    local n, qerr = self:_stmt("quote"):run_each(quotes, QUOTE_FIELDS, id)
    if not n then raise(db, qerr) end
  end
  run(self:_stmt("fts"), db, id, row.title, row.text) -- last: nothing to undo in the index on failure
end

--- Stores one analysed article record (the analysis result art of input record rec) with
-- content hash `hash`, inside the current transaction; returns its id. Raises on failure
-- (a string for bad data, { db_error = message } when the database fails), having removed
-- what it stored of the article.
function Corpus:_store(rec, art, hash)
  return self:_store_rows(article_rows(rec, art), hash)
end
M._article_rows = article_rows

--- Rebuilds the full-text index from the articles table (after articles were inserted with
-- SQL rather than corpus:ingest). Returns true, or nil, err.
function Corpus:reindex()
  local db = self:_check("reindex")
  return db:exec("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
end

local function default_analyze(gazetteer)
  return function(rec) return pipeline.article(rec, { gazetteer = gazetteer }) end
end

local function where(rec)
  if rec.line then return rec.file .. ":" .. rec.line end
  return rec.file or "?"
end

local function report0() return { added = 0, skipped = 0, failed = 0, errors = {} } end

local function progress_printer(total, out)
  local last, calls = -1, 0
  return function(i, report, final)
    calls = calls + 1
    if not final and calls % 16 ~= 1 then return end -- the clock is a system call: not every time
    local now = os.clock()
    if not final and now - last < 0.1 then return end
    last = now
    out:write(("\rnewscorpus: ingest file %d/%d  added %d  skipped %d  failed %d%s"):format(
      i, total, report.added, report.skipped, report.failed, final and "\n" or ""))
    if out.flush then out:flush() end
  end
end

-- What ingest does to one record before storing it: the content hash, the duplicate check
-- (known(hash) is true when the hash is stored; an article over max_article bytes fails) and
-- the analysis. Returns { error = message },
-- { hash = h, skip = true } or { hash = h, art = article }. Raises Ctrl-C's "interrupted!".
local function analyse_record(rec, analyze, known, max_article)
  if rec.error then return { error = rec.error } end
  if #rec.raw > max_article then
    return { error = ("%s: article of %d bytes exceeds max_article_bytes (%d)"):format(where(rec),
      #rec.raw, max_article) }
  end
  local meta = rec.meta or {}
  local hash = core.hash((meta.source or meta.source_hint or "") .. "\0" .. rec.raw)
  if known(hash) then return { hash = hash, skip = true } end
  local ok, art = pcall(analyze, rec)
  if not ok then
    if tostring(art):find("interrupted!$") then error(art, 0) end -- Ctrl-C stops the ingest
    return { error = where(rec) .. ": analysis failed: " .. tostring(art) }
  end
  if type(art) ~= "table" then return { error = where(rec) .. ": analysis returned " .. type(art) } end
  return { hash = hash, art = art }
end

-- The message of a worker's result that could not be packed (a function in the article...).
local function unpackable(rec, err)
  return core.pack({ rec = {}, res = { error = where(rec) .. ": analysis result cannot be stored: "
    .. tostring(err):gsub("^newscorpus: ", "") } })
end

-- The body of a worker process of a parallel ingest: receives batches of slots (packed
-- arrays of { entry, line, offset, length }: sources.slots without the path, which is
-- files[entry].path; false for a slot the writer handles itself), reads, hashes and analyses
-- each record and sends one packed { rec, res } per slot, in order. known: set of the content
-- hashes stored before the ingest.
local function worker_loop(ch, files, analyze, known, max_article)
  local cache = {}
  local function is_known(hash) return known[hash] ~= nil end
  local placeholder = core.pack(false)
  while true do
    local task = ch:recv()
    if not task then break end
    for _, slot in ipairs(assert(core.unpack(task))) do
      if not slot then
        assert(ch:send(placeholder))
        goto done_slot
      end
      slot.path = files[slot.entry].path
      local rec = sources.slot_record(slot, cache)
      local res = analyse_record(rec, analyze, is_known, max_article)
      if res.art then -- the rows to store are made here, in parallel, rather than by the writer
        local ok, row = pcall(article_rows, rec, res.art)
        if ok then
          res = { hash = res.hash, row = row }
        else
          res = { error = where(rec) .. ": not stored: " .. tostring(row) }
        end
      end
      rec = { file = rec.file, line = rec.line } -- all the writer needs of it now
      local ok, packed = pcall(core.pack, { rec = rec, res = res })
      assert(ch:send(ok and packed or unpackable(rec, packed)))
      ::done_slot::
    end
  end
  sources.slot_record(nil, cache)
end

-- The hashes of the stored articles (what workers skip), or an empty set for a large corpus
-- (the writer still skips them, after analysis).
local KNOWN_MAX = 2000000
local function known_hashes(self)
  local known = {}
  if self:count() > KNOWN_MAX then return known end
  for row in self._db:rows("SELECT hash FROM articles") do known[row.hash] = true end
  return known
end

-- Slots per message to a worker, and messages a worker may have waiting: small messages
-- (slots are a few numbers each), so sending never blocks while workers send results. Eight
-- messages ahead (256 articles a worker) keep the workers from waiting for work while the
-- writer is busy with a commit or a checkpoint (with two messages, each worker sat idle for
-- about a third of the run); the results read ahead cost a few MB.
local TASK_SLOTS, TASKS_AHEAD = 32, 8
-- Workers run at a lower priority (nice +10): the single writer is the critical path of a
-- parallel ingest, and on a machine with fewer cores than processes the scheduler would
-- otherwise share the cores equally and let the workers, which are ahead, slow the writer.
local WORKER_NICE = 10

-- Starts `jobs` worker processes (see worker_loop). Returns the array of their channels, or
-- nil, err (none left running).
local function spawn_workers(jobs, files, analyze, known, max_article)
  local workers = {}
  io.stdout:flush() -- nothing buffered is copied into the workers (an os.exit there would write it)
  for _ = 1, jobs do
    local w, err = core.spawn(function(ch) worker_loop(ch, files, analyze, known, max_article) end,
      { nice = WORKER_NICE })
    if not w then
      for _, started in ipairs(workers) do started:close() end
      return nil, err
    end
    workers[#workers + 1] = w
  end
  return workers
end

-- Runs the records of files through the workers (analysis in parallel, results in input
-- order) and calls handle(rec, res, entry) for each in this process, the single writer.
-- Returns nil, or a message when a worker fails (the ingest then stops). The workers are
-- closed in every case.
local function run_parallel(workers, files, handle)
  local function stop()
    for _, w in ipairs(workers) do w:close() end
  end
  local next_slot = sources.slots(files)
  local pending = {} -- per batch number: the slots sent (their entry numbers)
  local sent, done = 0, 0 -- batches sent, batches handled
  local exhausted = false
  local function send_batch()
    if exhausted then return end
    local batch = {}
    for _ = 1, TASK_SLOTS do
      local slot = next_slot()
      if not slot then
        exhausted = true
        break
      end
      batch[#batch + 1] = slot
    end
    if #batch == 0 then return end
    -- a few numbers a slot (never a path), so that a message always fits the socket's buffer
    local task = {}
    for i, slot in ipairs(batch) do
      task[i] = not slot.error and { entry = slot.entry, line = slot.line, offset = slot.offset,
        length = slot.length }
    end
    local w = workers[sent % #workers + 1]
    sent = sent + 1
    pending[sent] = batch
    -- flushed at once: sends are buffered until the next recv on the channel, and results
    -- read ahead mean that recv may come late (the worker would wait for this work)
    local ok, err = w:send(core.pack(task))
    if ok then ok, err = w:flush() end
    if not ok then error({ worker_error = err }) end
  end
  -- Results read ahead of their turn, per worker in order: while this process stores one
  -- worker's results, the others' go on arriving here instead of filling their sockets (a
  -- worker whose socket is full waits, and with it the analysis).
  local queued = {} -- per worker: { first = i, last = j, [i] = frame or false, err[i] = err }
  for k = 1, #workers do queued[k] = { first = 1, last = 0, err = {} } end
  local function drain()
    for k, w in ipairs(workers) do
      local q = queued[k]
      while not q.ended and w:readable() do
        local msg, rerr = w:recv()
        q.last = q.last + 1
        q[q.last], q.err[q.last] = msg or false, rerr
        q.ended = not msg -- the end of the stream or an error: kept for its turn
      end
    end
  end
  local function next_result(k)
    local q = queued[k]
    -- waiting for worker k: read whatever any worker sends meanwhile, so that none sits
    -- blocked on a full socket while k finishes
    while #workers > 1 and q.first > q.last and not q.ended do
      if not workers[k]:readable() then
        local live = {} -- (an ended stream is always readable: waiting on it would spin)
        for j, w in ipairs(workers) do
          if not queued[j].ended then live[#live + 1] = w end
        end
        core.wait_readable(live)
      end
      drain()
    end
    if q.first > q.last then return workers[k]:recv() end
    local i = q.first
    local msg, rerr = q[i], q.err[i]
    if msg then -- (an end or an error stays: every later read gets it)
      q[i], q.first = nil, i + 1
    end
    return msg or nil, rerr
  end
  local ok, err = pcall(function()
    for _ = 1, #workers * TASKS_AHEAD do send_batch() end
    while done < sent do
      done = done + 1
      local k = (done - 1) % #workers + 1
      local w = workers[k]
      local batch = pending[done]
      pending[done] = nil
      -- results of this batch
      local results = {}
      for i = 1, #batch do
        local msg, rerr = next_result(k)
        if not msg then
          if not rerr then -- the worker ended: how?
            local _, werr = w:wait()
            rerr = werr or "newscorpus: worker ended early"
          end
          error({ worker_error = rerr })
        end
        results[i] = msg
      end
      send_batch() -- keep the worker busy while its results are stored
      for i, msg in ipairs(results) do
        if #workers > 1 and i % 4 == 1 then drain() end -- a poll a worker: every 4th article
        local slot = batch[i]
        if slot.error then -- an error record of the slots themselves
          handle(slot, { error = slot.error }, slot.entry)
        else
          local r = assert(core.unpack(msg))
          handle(r.rec, r.res, slot.entry)
        end
      end
    end
    for _, w in ipairs(workers) do
      local wok, werr = w:wait()
      if not wok then error({ worker_error = werr }) end
    end
  end)
  stop()
  if ok then return nil end
  if type(err) == "table" and err.worker_error then return err.worker_error end
  error(err, 0)
end

--- Reads a file, a directory (recursively, sorted) or an array of them (.txt .html .htm
-- .jsonl; see newscorpus.sources), analyses every record and stores the articles with their
-- sentences, mentions and quotes.
-- opts: analyze (function(record) -> article record; default
--   require("newscorpus.analyze").article(record, { gazetteer = opts.gazetteer })),
--   gazetteer (passed to the default analyze), batch (articles per transaction, default 2000),
--   jobs (number of worker processes that read and analyse records in parallel while this
--   process stores them, in input order; default 1: no workers; needs fork, so POSIX
--   systems; the analyze function runs in the workers, so it must not rely on changing state
--   shared with the caller, nor use the caller's databases: they are closed in the workers),
--   progress (a progress line rewritten in place: false never, true
--   always on io.stderr, a file (anything with :write) always on that file; by default on
--   io.stderr when it is a terminal), max_article_bytes (default M.MAX_ARTICLE_BYTES, 16 MB: a
--   larger article is not analysed but counted as failed, "file: article of N bytes exceeds
--   max_article_bytes (M)").
-- Articles whose content hash is already stored are skipped (and counted). A file or JSONL
-- line that cannot be read or analysed is reported and the rest ingested; each article is
-- stored whole or not at all.
-- Returns a report { added, skipped, failed, errors = { "file:line: message", ... } }, or
-- nil, err, report when the database itself fails (locked, disk full) or a worker process
-- dies: batches committed before stay, the failing batch is rolled back and report.added
-- counts only what is stored.
function Corpus:ingest(paths, opts)
  self:_check("ingest")
  argcheck(type(paths) == "string" or type(paths) == "table", 1, "ingest",
    "path or array of paths expected, got " .. type(paths))
  opts = check_opts(opts, 2, "ingest",
    { analyze = true, gazetteer = true, batch = true, progress = true, jobs = true,
      max_article_bytes = true })
  opt_type(opts, "analyze", "function", 2, "ingest")
  opt_type(opts, "max_article_bytes", "integer", 2, "ingest")
  local max_article = opts.max_article_bytes or M.MAX_ARTICLE_BYTES
  argcheck(max_article > 0, 2, "ingest", "option 'max_article_bytes' must be positive")
  opt_type(opts, "batch", "integer", 2, "ingest")
  opt_type(opts, "jobs", "integer", 2, "ingest")
  local progress = opts.progress
  argcheck(progress == nil or type(progress) == "boolean" or (type(progress) == "table"
    or type(progress) == "userdata") and progress.write ~= nil, 2, "ingest",
    "option 'progress' must be a boolean or a file")
  argcheck((opts.batch or 1) > 0, 2, "ingest", "option 'batch' must be positive")
  argcheck((opts.jobs or 1) >= 1 and (opts.jobs or 1) <= 256, 2, "ingest",
    "option 'jobs' must be between 1 and 256")
  if self._readonly then return nil, "newscorpus: ingest: the corpus is open read-only", report0() end
  local analyze = opts.analyze or default_analyze(opts.gazetteer)
  local batch = opts.batch or 2000
  local jobs = opts.jobs or 1
  local db = self._db
  local files = sources.files(paths)
  local report = report0()
  local out = (type(progress) == "table" or type(progress) == "userdata") and progress or io.stderr
  local show = (progress == nil and core.isatty(2) or progress and true)
    and progress_printer(#files, out)
  local in_batch = 0

  local function fail(msg)
    report.failed = report.failed + 1
    report.errors[#report.errors + 1] = msg
  end

  local function begin()
    local ok, err = db:exec("BEGIN IMMEDIATE")
    if not ok then error({ db_error = err }) end
  end

  local function commit()
    local ok, err = db:exec("COMMIT")
    if not ok then error({ db_error = err }) end
    in_batch = 0
  end

  local has_hash = self:_stmt("has_hash")
  local function known(hash)
    local found, herr = has_hash:first(hash)
    if herr then error({ db_error = herr }) end
    return found ~= nil
  end

  -- stores one analysed record (res as analyse_record returns it); an article whose hash is
  -- stored already (by this ingest, or since the workers were given the known hashes) is
  -- skipped by the insert itself
  local function handle(rec, res, entry)
    if res.error then
      fail(res.error)
    elseif res.skip then
      report.skipped = report.skipped + 1
    else
      local sok, serr
      if res.row then
        sok, serr = pcall(self._store_rows, self, res.row, res.hash)
      else
        sok, serr = pcall(self._store, self, rec, res.art, res.hash)
      end
      if not sok then
        if type(serr) == "table" then error(serr, 0) end
        fail(where(rec) .. ": not stored: " .. tostring(serr))
      elseif serr == nil then
        report.skipped = report.skipped + 1
      else
        report.added = report.added + 1
        in_batch = in_batch + 1
        if in_batch >= batch then
          commit()
          begin()
        end
      end
    end
    if show then show(entry, report) end
  end

  -- The ingest checks its references itself (an article's rows point at the article just
  -- inserted, sources and entities at rows looked up in this ingest), so SQLite's foreign-key
  -- checks, a b-tree search per row, are off while it runs. Cached ids are looked up again.
  self._entities, self._sources = {}, {}
  db:exec("PRAGMA foreign_keys = OFF")
  -- workers are started before the transaction: they never touch this connection
  local workers
  if jobs > 1 then
    local serr
    workers, serr = spawn_workers(jobs, files, analyze, known_hashes(self), max_article)
    if not workers then
      db:exec("PRAGMA foreign_keys = ON")
      return nil, serr, report
    end
  end
  local ok, err = pcall(function()
    begin()
    if workers then
      local werr = run_parallel(workers, files, handle)
      if werr and werr:find("interrupted!$") then error(werr, 0) end -- Ctrl-C in a worker
      if werr then error({ db_error = werr }) end
    else
      for i, entry in ipairs(files) do
        if entry.error then
          fail(entry.error.error)
        else
          for rec in sources.file_records(entry.path) do
            handle(rec, analyse_record(rec, analyze, known, max_article), i)
          end
        end
        if show then show(i, report) end
      end
    end
    commit()
  end)
  if workers then
    for _, w in ipairs(workers) do w:close() end
  end
  if show then show(#files, report, true) end
  if not ok and db:in_transaction() then db:exec("ROLLBACK") end
  db:exec("PRAGMA foreign_keys = ON")
  if ok then return report end
  self._entities, self._sources = {}, {}
  report.added = report.added - in_batch
  if type(err) == "table" and err.db_error then return nil, err.db_error, report end
  error(err, 0)
end

-- ---- reading -----------------------------------------------------------------------------

local function load_rows(self, name, id)
  local st = self:_stmt(name)
  st:bind(id)
  local out = {}
  for row in st:rows() do out[#out + 1] = row end
  return out
end

local LOADERS = {
  sentences = function(self, doc)
    local st = self:_stmt("doc_sentences")
    local blob, err = st:first(doc.id)
    if err then error("newscorpus: document.sentences: " .. tostring(err), 0) end
    return M._unpack_sentences(blob)
  end,
  mentions = function(self, doc) return load_rows(self, "doc_mentions", doc.id) end,
  quotes = function(self, doc) return load_rows(self, "doc_quotes", doc.id) end,
  removed = function(_, doc)
    local js = rawget(doc, "removed_json")
    return js and json.decode(js) or {}
  end,
}

-- The metatable of the documents of one corpus: sentences, mentions, quotes and removed are
-- loaded from the database on first access and then kept in the document table.
function M._doc_metatable(self)
  return {
    __index = function(doc, key)
      local loader = LOADERS[key]
      if not loader then return nil end
      self:_check("document." .. key)
      local v = loader(self, doc)
      rawset(doc, key, v)
      return v
    end,
  }
end

local function make_doc(self, row)
  return setmetatable(row, self._docmt)
end

--- Iterator over the stored articles in insertion order (for a generic for; a break closes
-- the underlying statement). Each document is a table with the fields of the article record
-- (id, source, file, url, date, title, author, language, format, hash, raw, text, repairs,
-- added_at); doc.sentences, doc.mentions, doc.quotes and doc.removed are loaded on first
-- access (positions 1-based inclusive into doc.text), which needs the corpus still open.
-- opts: source (only this source's articles).
function Corpus:documents(opts)
  local db = self:_check("documents")
  opts = check_opts(opts, 1, "documents", { source = true })
  opt_type(opts, "source", "string", 1, "documents")
  local sql = DOC_COLUMNS .. (opts.source and " WHERE s.name = ?" or "") .. " ORDER BY a.id"
  local iter, st, _, closer = db:rows(sql, opts.source)
  return function()
    local row = iter(st)
    if row then return make_doc(self, row) end
    return nil
  end, nil, nil, closer
end

--- The document with the given article id, or nil.
function Corpus:document(id)
  local db = self:_check("document")
  argcheck(math.type(id) == "integer", 1, "document", "integer expected, got " .. type(id))
  local rows = assert(query(db, DOC_COLUMNS .. " WHERE a.id = ?", id))
  return rows[1] and make_doc(self, rows[1]) or nil
end

-- Turns free text into an FTS5 query: "quoted phrases" stay phrases, other words are quoted
-- (so punctuation such as "U.S." cannot be a syntax error), word* is a prefix search, and the
-- upper-case operators AND, OR, NOT are kept between terms.
function M.fts_query(text)
  local terms = {}
  local function add(t) terms[#terms + 1] = t end
  local function quote(s) return '"' .. s:gsub('"', '""') .. '"' end
  local pos = 1
  while pos <= #text do
    local s, e = text:find("^%s+", pos)
    if s then
      pos = e + 1
    elseif text:sub(pos, pos) == '"' then
      local close = text:find('"', pos + 1, true) or (#text + 1)
      local phrase = text:sub(pos + 1, close - 1)
      if phrase:find("%S") then add(quote(phrase)) end
      pos = close + 1
    else
      local word = text:match("^[^%s\"]+", pos)
      pos = pos + #word
      if word == "AND" or word == "OR" or word == "NOT" then
        add(word)
      elseif word:sub(-1) == "*" and #word > 1 then
        add(quote(word:sub(1, -2)) .. "*")
      else
        add(quote(word))
      end
    end
  end
  -- operators must sit between two terms
  local out = {}
  for i, t in ipairs(terms) do
    local op = t == "AND" or t == "OR" or t == "NOT"
    if op then
      local prev, nxt = out[#out], terms[i + 1]
      local prev_ok = prev and prev ~= "AND" and prev ~= "OR" and prev ~= "NOT"
      local next_ok = nxt and nxt ~= "AND" and nxt ~= "OR" and nxt ~= "NOT"
      if prev_ok and next_ok then out[#out + 1] = t end
    else
      out[#out + 1] = t
    end
  end
  return table.concat(out, " ")
end

--- Full-text search over titles and texts (FTS5 with the project's tokenizer, so matching is
-- case-insensitive and uses the same words as the analysis).
-- query: free text (see fts_query) or, with opts.fts = true, FTS5 query syntax as is.
-- opts: limit (default 20), fts (boolean), source (only this source), before / after (snippet
-- highlight marks, default "[" and "]"), tokens (snippet length in tokens, default 16).
-- Returns an array of { article_id, title, source, snippet, rank } best first, or nil, err
-- (e.g. an FTS5 syntax error with opts.fts).
function Corpus:search(query_text, opts)
  local db = self:_check("search")
  argcheck(type(query_text) == "string", 1, "search", "string expected, got " .. type(query_text))
  opts = check_opts(opts, 2, "search",
    { limit = true, fts = true, source = true, before = true, after = true, tokens = true })
  opt_type(opts, "limit", "integer", 2, "search")
  opt_type(opts, "fts", "boolean", 2, "search")
  opt_type(opts, "source", "string", 2, "search")
  opt_type(opts, "before", "string", 2, "search")
  opt_type(opts, "after", "string", 2, "search")
  opt_type(opts, "tokens", "integer", 2, "search")
  local q = opts.fts and query_text or M.fts_query(query_text)
  if not q:find("%S") then return {} end
  local sql = "SELECT a.id AS article_id, a.title, s.name AS source, "
    .. "snippet(articles_fts, 1, :before, :after, '…', :tokens) AS snippet, articles_fts.rank AS rank "
    .. "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
    .. "LEFT JOIN sources s ON s.id = a.source_id WHERE articles_fts MATCH :q "
    .. (opts.source and "AND s.name = :source " or "")
    .. "ORDER BY articles_fts.rank LIMIT :limit"
  return query(db, sql, { q = q, source = opts.source, limit = opts.limit or 20,
    before = opts.before or "[", after = opts.after or "]",
    tokens = math.max(1, math.min(opts.tokens or 16, 64)) })
end

-- ---- export -------------------------------------------------------------------------------

local function csv_field(v)
  if v == nil then return "" end
  v = tostring(v)
  if v:find('[",\r\n]') then return '"' .. v:gsub('"', '""') .. '"' end
  return v
end

local CSV_COLUMNS = { "id", "source", "date", "title", "author", "url", "language", "file", "format",
  "hash", "sentences", "mentions", "quotes", "text" }

local function json_array(list)
  if #list == 0 then return "[]" end
  return json.encode(list)
end

--- Writes every article to path as "csv" (RFC 4180, a header line, one article a row with its
-- counts of sentences, mentions and quotes) or "jsonl" (one JSON object an article with its
-- sentences, mentions, quotes and removed spans). Returns the number of articles written,
-- or nil, err when the file cannot be written.
function Corpus:export(path, format)
  self:_check("export")
  argcheck(type(path) == "string", 1, "export", "string expected, got " .. type(path))
  argcheck(format == "csv" or format == "jsonl", 2, "export", "format must be \"csv\" or \"jsonl\"")
  local f, err = io.open(path, "wb")
  if not f then return nil, "newscorpus: export: " .. tostring(err) end
  local n = 0
  local ok, werr = pcall(function()
    if format == "csv" then assert(f:write(table.concat(CSV_COLUMNS, ","), "\r\n")) end
    for doc in self:documents() do
      n = n + 1
      if format == "csv" then
        local row = {}
        for i, col in ipairs(CSV_COLUMNS) do
          local v = doc[col]
          if type(v) == "table" then v = #v end
          row[i] = csv_field(v)
        end
        assert(f:write(table.concat(row, ","), "\r\n"))
      else
        local obj = {}
        for _, k in ipairs({ "id", "source", "file", "format", "url", "date", "title", "author",
          "language", "hash", "repairs", "added_at", "text" }) do
          obj[k] = doc[k]
        end
        local head = assert(json.encode(obj))
        assert(f:write(head:sub(1, -2), ',"sentences":', json_array(doc.sentences), ',"mentions":',
          json_array(doc.mentions), ',"quotes":', json_array(doc.quotes), ',"removed":',
          json_array(doc.removed), "}\n"))
      end
    end
  end)
  local cok, cerr = f:close()
  if not ok then return nil, "newscorpus: export " .. path .. ": " .. tostring(werr) end
  if not cok then return nil, "newscorpus: export " .. path .. ": " .. tostring(cerr) end
  return n
end

--- Every stored article as an array of documents with sentences, mentions, quotes and
-- removed spans loaded (usable after the corpus is closed). opts: source.
function Corpus:articles(opts)
  local list = {}
  for doc in self:documents(opts) do
    for _, field in ipairs({ "sentences", "mentions", "quotes", "removed" }) do
      rawset(doc, field, doc[field])
    end
    list[#list + 1] = doc
  end
  return list
end

--- The story report of the corpus (newscorpus.report): :markdown(), :json(), :html().
-- opts: title, source (only this source's articles).
function Corpus:report(opts)
  opts = opts or {}
  return story_report.new(self:articles { source = opts.source }, { title = opts.title })
end

M.Corpus = Corpus
return M
