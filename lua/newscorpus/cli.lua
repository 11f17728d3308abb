--- The `newscorpus` command: analyze, ingest, report, search, export, run, demo.
-- @module newscorpus.cli
local argparse = require "argparse"
local json = require "newscorpus.json"

local cli = {}

local function fail(msg)
  io.stderr:write("newscorpus: ", (tostring(msg):gsub("^newscorpus: ", "")), "\n")
  return 1
end

local function load_gazetteer(path)
  if not path then return nil end
  return require("newscorpus.gazetteer").load(path)
end

local function write_file(path, content)
  local f, err = io.open(path, "wb")
  if not f then return nil, err end
  local ok, werr = f:write(content)
  f:close()
  if not ok then return nil, werr end
  return true
end

local function mkdir_p(dir)
  local lfs = require "lfs"
  local path = dir:sub(1, 1) == "/" and "/" or ""
  for part in dir:gmatch("[^/]+") do
    path = path .. part .. "/"
    if not lfs.attributes(path) then
      local ok, err = lfs.mkdir(path)
      if not ok then return nil, err end
    end
  end
  return true
end

local function parent_dir(path)
  return path:match("^(.*)/[^/]*$")
end

--- One JSON object per article (the record of CONTRIBUTING.md without the raw bytes).
local function article_json(article)
  return json.encode {
    file = article.file, source = article.source, url = article.url, title = article.title,
    date = article.date, author = article.author, format = article.format,
    text = article.text, repairs = article.repairs,
    removed = json.array(article.removed),
    sentences = json.array(article.sentences),
    mentions = json.array(article.mentions),
    quotes = json.array(article.quotes),
  }
end

local function cmd_analyze(args)
  local sources = require "newscorpus.sources"
  local analyze = require "newscorpus.analyze"
  local gz, gerr = load_gazetteer(args.gazetteer)
  if args.gazetteer and not gz then return fail(gerr) end
  local status = 0
  for _, path in ipairs(args.files) do
    local records, rerr = sources.read(path)
    if not records then
      status = fail(rerr)
    else
      for _, record in ipairs(records) do
        if record.error then
          status = fail(record.error)
        else
          local article, err = analyze.article(record, { gazetteer = gz })
          if not article then
            status = fail(err)
          elseif args.json then
            io.stdout:write(article_json(article), "\n")
          else
            io.stdout:write(("%s\t%s\t%d sentences\t%d mentions\t%d quotes\n"):format(
              article.file or "-", article.title or "", #article.sentences, #article.mentions,
              #article.quotes))
          end
        end
      end
    end
  end
  return status
end

local function open_corpus(args)
  local corpus = require "newscorpus.corpus"
  local c, err = corpus.open(args.db)
  if not c then return nil, err end
  return c
end

local function cmd_ingest(args)
  local gz, gerr = load_gazetteer(args.gazetteer)
  if args.gazetteer and not gz then return fail(gerr) end
  local c, err = open_corpus(args)
  if not c then return fail(err) end
  local jobs = args.jobs and math.tointeger(tonumber(args.jobs))
  if args.jobs and not (jobs and jobs >= 1 and jobs <= 256) then
    c:close()
    return fail("newscorpus: ingest: --jobs wants a number from 1 to 256, got '" .. args.jobs .. "'")
  end
  local result, ierr = c:ingest(args.paths, { gazetteer = gz, progress = not args.quiet, jobs = jobs })
  if not result then
    c:close()
    return fail(ierr)
  end
  for _, e in ipairs(result.errors or {}) do io.stderr:write("newscorpus: ", e, "\n") end
  io.stdout:write(("%d added, %d already present, %d failed\n"):format(
    result.added or 0, result.skipped or 0, result.failed or 0))
  c:close()
  return (result.failed or 0) > 0 and 1 or 0
end

local function write_reports(rep, args)
  local outputs = { { args.markdown, rep.markdown }, { args.json, rep.json }, { args.html, rep.html } }
  for _, o in ipairs(outputs) do
    local path, render = o[1], o[2]
    if path then
      local dir = parent_dir(path)
      if dir then mkdir_p(dir) end
      local ok, err = write_file(path, render(rep))
      if not ok then return nil, err end
      io.stderr:write("newscorpus: wrote ", path, "\n")
    end
  end
  return true
end

local function cmd_report(args)
  local c, err = open_corpus(args)
  if not c then return fail(err) end
  local rep = c:report { title = args.title }
  c:close()
  local ok, werr = write_reports(rep, args)
  if not ok then return fail(werr) end
  if not (args.markdown or args.json or args.html) then io.stdout:write(rep:markdown()) end
  return 0
end

local function cmd_search(args)
  local c, err = open_corpus(args)
  if not c then return fail(err) end
  local hits, serr = c:search(args.query, { limit = tonumber(args.limit) })
  c:close()
  if not hits then return fail(serr) end
  for _, h in ipairs(hits) do
    io.stdout:write(("%s | %s\n    %s\n"):format(h.source or "-", h.title or "-",
      (h.snippet or ""):gsub("%s+", " ")))
  end
  io.stdout:write(("%d results\n"):format(#hits))
  return 0
end

local function cmd_export(args)
  local c, err = open_corpus(args)
  if not c then return fail(err) end
  local ok, eerr = c:export(args.output, args.format)
  c:close()
  if not ok then return fail(eerr) end
  return 0
end

local function cmd_run(args)
  local chunk, err = loadfile(args.script)
  if not chunk then return fail(err) end
  local ok, res = pcall(chunk, table.unpack(args.args or {}))
  if not ok then return fail(res) end
  return math.type(res) == "integer" and res or 0
end

local function cmd_demo(args)
  local dir = parent_dir(args.db)
  if dir then mkdir_p(dir) end
  mkdir_p(args.out)
  local gz, gerr = load_gazetteer(args.gazetteer)
  if args.gazetteer and not gz then return fail(gerr) end
  local c, err = open_corpus(args)
  if not c then return fail(err) end
  local result, ierr = c:ingest(args.paths, { gazetteer = gz, progress = false })
  if not result then
    c:close()
    return fail(ierr)
  end
  for _, e in ipairs(result.errors or {}) do io.stderr:write("newscorpus: ", e, "\n") end
  io.stdout:write(("Ingested into %s: %d added, %d already present, %d failed\n\n"):format(
    args.db, result.added or 0, result.skipped or 0, result.failed or 0))
  local rep = c:report { title = "Story report: sample corpus" }
  c:close()
  io.stdout:write(rep:markdown { articles = false, quote_chars = 110 }, "\n")
  io.stdout:flush()
  local ok, werr = write_reports(rep, {
    markdown = args.out .. "/report.md", json = args.out .. "/report.json",
    html = args.out .. "/report.html",
  })
  if not ok then return fail(werr) end
  return 0
end

local function parser()
  local p = argparse("newscorpus", "Analyse collections of news articles.")
  p:command_target("command")
  local a = p:command("analyze", "Analyse files and print one result per article.")
  a:argument("files", "Files (.txt, .html, .jsonl)."):args("+")
  a:option("-g --gazetteer", "Gazetteer file (TSV, CSV or JSON).")
  a:flag("--json", "Print one JSON object per article.")
  local i = p:command("ingest", "Add files or directories to a corpus database.")
  i:argument("paths", "Files or directories."):args("+")
  i:option("--db", "Corpus database file.", "corpus.db")
  i:option("-g --gazetteer", "Gazetteer file.")
  i:flag("-q --quiet", "No progress output.")
  i:option("-j --jobs", "Worker processes analysing in parallel (default 1: none).")
  local r = p:command("report", "Write the story report of a corpus.")
  r:option("--db", "Corpus database file.", "corpus.db")
  r:option("--markdown", "Write Markdown to this file.")
  r:option("--json", "Write JSON to this file.")
  r:option("--html", "Write a self-contained HTML page with charts to this file.")
  r:option("--title", "Report title.")
  local s = p:command("search", "Full-text search with snippets.")
  s:argument("query", "FTS5 query, e.g. \"military talks\".")
  s:option("--db", "Corpus database file.", "corpus.db")
  s:option("--limit", "Maximum results.", "20")
  local e = p:command("export", "Export articles as CSV or JSONL.")
  e:argument("output", "Output file.")
  e:option("--db", "Corpus database file.", "corpus.db")
  e:option("--format", "csv or jsonl."):choices { "csv", "jsonl" }:default("jsonl")
  local run = p:command("run", "Run a report script (Lua) with newscorpus available.")
  run:argument("script", "Lua script.")
  run:argument("args", "Arguments passed to the script."):args("*")
  local d = p:command("demo", "Ingest a directory and print its story report.")
  d:argument("paths", "Files or directories."):args("+")
  d:option("--db", "Corpus database file.", "build/demo/corpus.db")
  d:option("--out", "Directory for report.md, report.json and report.html.", "build/demo")
  d:option("-g --gazetteer", "Gazetteer file.")
  return p
end

local COMMANDS = {
  analyze = cmd_analyze, ingest = cmd_ingest, report = cmd_report, search = cmd_search,
  export = cmd_export, run = cmd_run, demo = cmd_demo,
}

--- Runs the command line; returns the exit status.
-- @param argv array of strings (without the program name)
function cli.main(argv)
  local ok, args = parser():pparse(argv)
  if not ok then
    io.stderr:write("newscorpus: ", args, "\n", parser():get_usage(), "\n")
    return 2
  end
  return COMMANDS[args.command](args)
end

return cli
