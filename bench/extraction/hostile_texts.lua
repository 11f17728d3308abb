-- bench/extraction/hostile_texts.lua DIR [N] [SEED]: writes N (default 6000) texts DIR/00001.txt
-- ... built at random (seeded, so the same files every time) from pieces that stress the
-- cleaner: mojibake, invalid and truncated UTF-8, NUL, CR LF, entities, separators, list
-- markers, footer and insertion phrases, labels, dates, CJK and Cyrillic. With dump_clean.lua
-- they make a differential check of two builds:
--   lua5.4 bench/extraction/hostile_texts.lua /tmp/hostile
--   (old build) lua5.4 bench/extraction/dump_clean.lua old.out /tmp/hostile/*.txt
--   (new build) lua5.4 bench/extraction/dump_clean.lua new.out /tmp/hostile/*.txt; cmp old.out new.out
local dir = assert(arg[1], "usage: hostile_texts.lua DIR [N] [SEED]")
local n = math.tointeger(tonumber(arg[2] or "6000"))
math.randomseed(math.tointeger(tonumber(arg[3] or "12345")))
local pieces = {
  "Home > World > Europe", "\n", "\n\n", "\n\n\n", " ", "  ", "\t", "\r\n", "\0", "&amp;",
  "&#8217;", "&nbsp;", "Ã©", "â€™", "\xFF", "\xC3", "\xE2\x80", "é", "’", "“Hello,” she said.",
  "━━━━━━━━", "═══", "• item", "- item", "* ", "Copyright 2031 Northwind.",
  "Transcript provided by NPR.", "As seen on TV,", "Read more: a story", "Share this",
  "12 comments", "By Marta Quell", "March 3, 2031", "2031-03-03", "FADEL:", "(LAUGHTER)",
  "The ferry strike ended on Monday after talks.", "Listen", "Most Read", "Tags:",
  "Sign up for our newsletter", "日本語のテキスト。", "Привет мир.", "a", "B", "x>y|z", "» ›",
  "\xEF\xBB\xBF", "\xE2\x80\x8B", "e\xCC\x81", "ＡＢＣ", "…", "—", "–", "He said \"no\".", "ok",
  "veryGood! (142)", "0:00 / 3:45",
}
for i = 1, n do
  local t = {}
  for _ = 1, math.random(1, 80) do t[#t + 1] = pieces[math.random(#pieces)] end
  local sep = math.random() < 0.5 and "" or (math.random() < 0.5 and " " or "\n")
  local f = assert(io.open(("%s/%05d.txt"):format(dir, i), "wb"))
  f:write(table.concat(t, sep))
  f:close()
end
