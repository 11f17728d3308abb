-- Helper of tools/crash-test.sh and spec/crash_spec.lua: generates a corpus, ingests it one
-- file per transaction while logging the files committed, and verifies a database after
-- kill -9.
--
--   lua5.4 tools/crash-ingest.lua gen DIR FILES PER      FILES JSONL files of PER articles
--   lua5.4 tools/crash-ingest.lua ingest DB DIR LOG      ingest DIR/*.jsonl into DB; after each
--                                                        file is committed its name is appended
--                                                        to LOG (CRASH_JOBS=n: with n worker
--                                                        processes, see corpus:ingest's jobs)
--   lua5.4 tools/crash-ingest.lua verify DB DIR LOG [complete]
--
-- verify checks PRAGMA integrity_check, the FTS5 index ('integrity-check'), that no article is
-- stored twice, that every article has its sentences (stored whole), that every article of
-- every file in LOG is there, and with `complete` that every article of DIR is there. It
-- prints "verify: N articles, N committed files" and exits 1 on any failure.
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
local corpus_mod = require "newscorpus.corpus"
local lfs = require "lfs"

local mode = arg[1]

local function die(msg)
  io.stderr:write("crash-ingest: ", msg, "\n")
  os.exit(1)
end

local function jsonl_files(dir)
  local out = {}
  for name in lfs.dir(dir) do
    if name:match("%.jsonl$") then out[#out + 1] = name end
  end
  table.sort(out)
  return out
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == "\n" then return "\\n" end
    return ("\\u%04x"):format(c:byte())
  end) .. '"'
end

local PEOPLE = { "Ilse Marquette", "Theodore Kessling", "Daniel Okonjo", "Odile Farr", "Mara Vell" }
local PLACES = { "Port Calder", "Estrel", "the Northshore", "Bluewater Bay", "the harbour" }

if mode == "gen" then
  local dir, files, per = arg[2], tonumber(arg[3]), tonumber(arg[4])
  if not (dir and files and per) then die("usage: gen DIR FILES PER") end
  lfs.mkdir(dir)
  for f = 1, files do
    local out = assert(io.open(("%s/%04d.jsonl"):format(dir, f), "w"))
    for r = 1, per do
      local who, other = PEOPLE[(f + r) % #PEOPLE + 1], PEOPLE[(f * 3 + r) % #PEOPLE + 1]
      local where = PLACES[(f * 7 + r) % #PLACES + 1]
      local text = table.concat({
        ("Officials in %s said on Tuesday that the channel would reopen after record %d-%d.")
          :format(where, f, r),
        ("“We are working through the night, and the boats will move by Friday,” %s said."):format(who),
        ("%s, who leads the harbour board, told reporters the inquiry had %d witnesses.")
          :format(other, f * r),
        "The grounding closed the port for nine days and cost fishermen an estimated 2.4 million.",
        ("“Nobody wants a repeat of March,” said %s, adding that inspections would double."):format(other),
      }, "\n\n")
      out:write(("{\"source\":\"Crash Wire\",\"title\":%s,\"date\":\"2026-03-%02d\",\"text\":%s}\n"):format(
        json_string(("Story %d-%d"):format(f, r)), 1 + (f + r) % 28, json_string(text)))
    end
    out:close()
  end
  print(("gen: %d files of %d articles in %s"):format(files, per, dir))
elseif mode == "ingest" then
  local db, dir, log = arg[2], arg[3], arg[4]
  if not (db and dir and log) then die("usage: ingest DB DIR LOG") end
  local c, err = corpus_mod.open(db, { busy_timeout = 60000 })
  if not c then die(err) end
  local added, skipped = 0, 0
  local jobs = math.tointeger(tonumber(os.getenv("CRASH_JOBS") or "1")) or 1
  for _, name in ipairs(jsonl_files(dir)) do
    local report, ierr = c:ingest(dir .. "/" .. name, { progress = false, jobs = jobs })
    if not report then die("ingest " .. name .. ": " .. tostring(ierr)) end
    if report.failed > 0 then
      die("ingest " .. name .. ": " .. table.concat(report.errors, "; "))
    end
    added, skipped = added + report.added, skipped + report.skipped
    local l = assert(io.open(log, "a"))
    l:write(name, "\n")
    l:close()
  end
  c:close()
  print(("ingest: added %d, skipped %d"):format(added, skipped))
elseif mode == "verify" then
  local db, dir, log, complete = arg[2], arg[3], arg[4], arg[5] == "complete"
  if not (db and dir and log) then die("usage: verify DB DIR LOG [complete]") end
  local c, err = corpus_mod.open(db, { busy_timeout = 60000 })
  if not c then die("reopen: " .. tostring(err)) end
  local function q(sql)
    local rows, qerr = c:query(sql)
    if not rows then die(sql .. ": " .. tostring(qerr)) end
    return rows
  end
  local ic = q("PRAGMA integrity_check")
  if #ic ~= 1 or ic[1].integrity_check ~= "ok" then
    die("integrity_check: " .. tostring(ic[1] and ic[1].integrity_check))
  end
  q("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
  local dup = q("SELECT title, count(*) AS n FROM articles GROUP BY title HAVING n > 1")
  if #dup > 0 then
    die(("%d articles stored more than once (%s x%d)"):format(#dup, dup[1].title, dup[1].n))
  end
  -- sentence spans are packed in the article row (schema 2): an article with text and no
  -- spans was stored in part
  local partial = q("SELECT count(*) AS n FROM articles WHERE sentences IS NULL AND text <> ''")[1].n
  if partial > 0 then die(partial .. " articles stored without their sentences") end
  local have = {}
  for _, row in ipairs(q("SELECT title FROM articles")) do have[row.title] = true end
  local committed = {}
  local lf = io.open(log, "r")
  if lf then
    for line in lf:lines() do committed[line] = true end
    lf:close()
  end
  local nfiles = 0
  for _, name in ipairs(jsonl_files(dir)) do
    if committed[name] or complete then
      if committed[name] then nfiles = nfiles + 1 end
      local f = tonumber(name:match("^(%d+)"))
      local per = 0
      for _ in io.lines(dir .. "/" .. name) do per = per + 1 end
      for r = 1, per do
        local title = ("Story %d-%d"):format(f, r)
        if not have[title] then
          die(("%s missing (%s)"):format(title, committed[name] and "committed" or "never ingested"))
        end
      end
    end
  end
  local n = q("SELECT count(*) AS n FROM articles")[1].n
  c:close()
  print(("verify: %d articles, %d committed files"):format(n, nfiles))
else
  die("usage: crash-ingest.lua gen|ingest|verify ...")
end
