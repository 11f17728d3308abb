-- Specs of newscorpus.text: repair, normalize, clean, extract, repeated_lines.
local text = require "newscorpus.text"

local function fixture(name)
  local fh = assert(io.open("spec/fixtures/text/" .. name, "rb"))
  local s = fh:read("a")
  fh:close()
  return s
end

local function reasons(report)
  local by = {}
  for _, r in ipairs(report.removed) do
    by[r.reason] = by[r.reason] or {}
    table.insert(by[r.reason], r.text)
  end
  return by
end

describe("newscorpus.text", function()
  it("exposes the module table", function()
    for _, k in ipairs { "clean", "extract", "repair", "normalize", "repeated_lines", "map" } do
      assert.is_function(text[k])
    end
  end)

  describe("repair", function()
    it("replaces invalid UTF-8 with U+FFFD and counts it", function()
      local out, n = text.repair("caf\xC3 ok \xFF end")
      assert.equal("caf\u{FFFD} ok \u{FFFD} end", out)
      assert.equal(2, n)
    end)
    it("removes NUL and control characters, keeps tab and newline, turns CRLF into LF", function()
      local out, n = text.repair("a\0b\1c\tz\r\nd\re")
      assert.equal("abc\tz\nd\ne", out)
      assert.equal(0, n)
    end)
    it("fails cleanly in strict mode", function()
      local out, err = text.repair("bad \xFF", { strict = true })
      assert.is_nil(out)
      assert.matches("^newscorpus: ", err)
    end)
    it("handles empty input and a very long line", function()
      assert.equal("", (text.repair("")))
      local long = ("word "):rep(200000)
      assert.equal(long, (text.repair(long)))
    end)
    it("rejects wrong types and unknown options", function()
      assert.has_error(function() text.repair(nil) end)
      assert.has_error(function() text.repair({}) end)
      assert.has_error(function() text.repair("x", { bogus = true }) end)
      assert.has_error(function() text.repair("x", { strict = "yes" }) end)
    end)
  end)

  describe("normalize", function()
    it("decodes entities, repairs mojibake, composes NFC and keeps a map", function()
      local input = "AT&amp;T said don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t  go to Cafe\xCC\x81"
      local out, info = text.normalize(input)
      assert.equal("AT&T said don\u{2019}t go to Caf\u{E9}", out)
      assert.equal(1, info.changes.entities)
      assert.equal(1, info.changes.mojibake)
      assert.equal(1, info.changes.normalized)
      -- "said" starts at clean position 6 and input position 10
      assert.equal(10, info.map:original(6))
      local s, e = info.map:span(6, 9)
      assert.equal("said", input:sub(s, e))
      -- every clean position maps inside the input
      for pos = 1, #out + 1 do
        local o = info.map:original(pos)
        assert.is_true(o >= 1 and o <= #input + 1)
      end
    end)
    it("folds typography on request and supports NFKC", function()
      local out = text.normalize("\u{201C}Hi\u{201D} \u{2014} it\u{2019}s\u{A0}ok\u{2026}\u{200B}",
        { fold = true })
      assert.equal('"Hi" - it\'s ok...', out)
      assert.equal("file 1", (text.normalize("\u{FB01}le \u{2460}", { form = "NFKC" })))
    end)
    it("collapses whitespace and blank-line runs", function()
      assert.equal("a b\n\nc", (text.normalize("  a \t  b \n\n\n\n c  \n")))
      assert.equal("  a  b ", (text.normalize("  a  b ", { whitespace = false })))
    end)
    it("reads Windows-1252 input when it is not UTF-8", function()
      local out, info = text.normalize(fixture "cp1252.txt")
      assert.matches("^Caf\u{E9} owners", out)
      assert.truthy(out:find("\u{201C}bridge tax\u{201D}", 1, true))
      assert.is_true(info.changes.windows1252)
      assert.equal(0, info.repairs)
    end)
    it("checks option values and map positions", function()
      assert.has_error(function() text.normalize("x", { form = "NFD" }) end)
      assert.has_error(function() text.normalize("x", { encoding = "klingon" }) end)
      local _, info = text.normalize("abc")
      assert.has_error(function() info.map:original(0) end)
      assert.has_error(function() info.map:original(99) end)
      assert.equal(3, #info.map)
    end)
  end)

  describe("clean", function()
    it("removes portal furniture and finds title, date and byline", function()
      local input = fixture "portal.txt"
      local out, report = text.clean(input)
      assert.equal("Harbour bridge vote delayed after engineers flag cracks", report.title)
      assert.equal("2031-03-02 09:15:00", report.date)
      assert.equal("Marta Quell", report.byline)
      local by = reasons(report)
      assert.truthy(by.navigation)
      assert.truthy(by.widget)
      assert.same({ "- In:", "- Varnholm", "- Infrastructure" }, by["tag-list"])
      assert.same({ "wow! (87)" }, by.counter)
      assert.equal(8, #by["link-list"])
      assert.matches("^Varnholm city council postponed", out)
      assert.matches("would not affect the structure%.$", out)
      assert.falsy(out:find("otter", 1, true))
      assert.falsy(out:find("Related", 1, true))
      -- removed spans are positions in the input
      for _, r in ipairs(report.removed) do
        assert.equal(r.text, input:sub(r.start, r.stop))
      end
    end)

    it("keeps transcript speakers, drops widgets, stage directions, footer tail and bios", function()
      local out, report = text.clean(fixture "radio.txt")
      assert.equal("Fishing quotas split the coastal towns of Varnholm", report.title)
      local by = reasons(report)
      assert.same({ "(SOUNDBITE OF ARCHIVED RECORDING)" }, by["stage-direction"])
      assert.same({ "Transcript provided by Coastal Radio, Copyright Coastal Radio." }, by.footer)
      assert.equal(4, #by.bio)
      assert.equal(5, #by.widget)
      assert.truthy(out:find("PIET VARGA, BYLINE: Good morning, Anna.", 1, true))
      assert.truthy(out:find("OLE BRANDT: We have fished here", 1, true))
      assert.matches("VARGA: Thank you, Anna%.$", out)
      assert.falsy(out:find("correspondent", 1, true))
    end)

    it("splits glued bullet summaries and cuts 'As seen on' insertions", function()
      local out, report = text.clean(fixture "summary.txt")
      local lines = {}
      for l in out:gmatch("[^\n]+") do lines[#lines + 1] = l end
      assert.equal("\u{2013} The harbour bridge vote in Varnholm has been postponed after engineers "
        .. "reported cracks.", lines[1])
      assert.equal("\u{2013} Mayor Ilsa Norvik said safety comes before schedules.", lines[2])
      assert.matches("^the council of Varnholm has postponed", lines[4])
      assert.matches("due to open in 2033%.$", lines[4])
      local by = reasons(report)
      assert.same({ "As seen on Northwind Daily, ", ", As seen on the Varnholm Gazette" },
        by["as-seen-on"])
    end)

    it("maps clean positions back to the input", function()
      local input = fixture "portal.txt"
      local out, report = text.clean(input)
      local s = out:find("Mayor Ilsa Norvik", 1, true)
      local o = report:original(s)
      assert.equal("Mayor Ilsa Norvik", input:sub(o, o + 16))
      local a, b = report:span(s, s + 16)
      assert.equal("Mayor Ilsa Norvik", input:sub(a, b))
      assert.equal(o, text.map(report, s))
      -- lines cover the input in order
      local last = 0
      for _, l in ipairs(report.lines) do
        assert.is_true(l.start > last)
        last = l.stop
      end
    end)

    it("reports repairs and survives invalid UTF-8, NULs and long lines", function()
      local out, report = text.clean("Good caf\u{E9} text here, with a \xFF bad byte and \0 a NUL in "
        .. "it, long enough to count as a sentence of the article.")
      assert.equal(1, report.repairs)
      assert.truthy(out:find("\u{FFFD}", 1, true))
      assert.falsy(out:find("\0", 1, true))
      local long = ("All work and no play makes a long line. "):rep(50000)
      local lout = text.clean(long)
      assert.equal(#long - 1, #lout)
    end)

    it("returns empty text for empty input and an error for binary data", function()
      local out, report = text.clean("")
      assert.equal("", out)
      assert.same({}, report.removed)
      local bin = {}
      for i = 0, 255 do bin[#bin + 1] = string.char(i) end
      local nothing, err = text.clean(table.concat(bin):rep(8))
      assert.is_nil(nothing)
      assert.matches("^newscorpus: clean: .*binary", err)
    end)

    it("rejects wrong argument types", function()
      assert.has_error(function() text.clean(42 == 42 and {} or nil) end)
      assert.has_error(function() text.clean("x", "opts") end)
      assert.has_error(function() text.clean("x", { keep_title = 1 }) end)
      assert.has_error(function() text.clean("x", { repeated = "no" }) end)
    end)

    it("trusts the ends of an extracted article in article mode", function()
      local body = "The council met on Monday and agreed the budget for the harbour bridge.\n\n"
        .. "Bridge tour dates:\n\nJune 9 -- Skelde pier\n\nJune 10 -- Varnholm harbour"
      local page_mode = text.clean(body)
      local article_mode = text.clean(body, { article = true })
      assert.falsy(page_mode:find("June 10", 1, true))
      assert.truthy(article_mode:find("June 9 -- Skelde pier\n\nJune 10 -- Varnholm harbour", 1, true))
    end)

    it("builds report.lines and report.removed on first access, from the input", function()
      local input = fixture "portal.txt"
      local out, report = text.clean(input)
      local again, eager = text.clean(input)
      assert.equal(out, again)
      assert.is_nil(rawget(report, "lines"))
      local removed = report.removed
      assert.is_table(removed)
      assert.equal(removed, report.removed) -- built once, then a plain field
      assert.is_table(rawget(report, "lines"))
      for _, r in ipairs(removed) do assert.equal(input:sub(r.start, r.stop), r.text) end
      assert.same(report.lines, eager.lines)
      assert.is_nil(report.nothing_here)
      assert.is_function(report.original)
      -- the report outlives the input string it was made from
      local r2 = select(2, text.clean(input .. "\nOne more line of ordinary prose, long enough to stay.\n"))
      collectgarbage()
      assert.truthy(#r2.removed > 0)
    end)

    it("gives the same text for pure-ASCII, non-ASCII and folded runs", function()
      local s = "Caf\u{E9} \u{201C}quoted\u{201D} words \u{2014} \u{65E5}\u{672C} text, and "
        .. "\u{1100}\u{1161} jamo \u{D55C}\u{AE00} here; a sentence long enough to be kept as body."
      local plain = text.normalize(s)
      assert.truthy(plain:find("\u{201C}quoted\u{201D} words \u{2014} \u{65E5}\u{672C}", 1, true))
      assert.truthy(plain:find("\u{AC00} jamo", 1, true)) -- conjoining jamo compose
      local folded = text.normalize(s, { fold = true })
      assert.truthy(folded:find('"quoted" words - \u{65E5}', 1, true))
    end)

    it("keeps the title in the text on request", function()
      local out = text.clean(fixture "radio.txt", { keep_title = true })
      assert.matches("^Fishing quotas split", out)
    end)
  end)

  describe("fast paths keep the general rules", function()
    it("copies Latin-1 letters before ASCII and still repairs mojibake before non-ASCII", function()
      local out, info = text.normalize("caf\u{E9} au lait, na\u{EF}ve \u{FC}ber \u{C0}")
      assert.equal("caf\u{E9} au lait, na\u{EF}ve \u{FC}ber \u{C0}", out)
      assert.equal(0, info.changes.mojibake)
      out, info = text.normalize("Caf\xC3\x83\xC2\xA9 and caf\xC3\x83\xC2\xA9")
      assert.equal("Caf\u{E9} and caf\u{E9}", out)
      assert.equal(2, info.changes.mojibake)
      assert.equal("\u{C3}", (text.normalize("\u{C3}"))) -- a lead at the end stays
    end)
    it("maps characters after a line break inside a copied run and after collapsed spaces", function()
      local input = "ab\ncd  \n   ef\n\n\n\ngh"
      local out, info = text.normalize(input)
      assert.equal("ab\ncd\nef\n\ngh", out)
      for _, c in ipairs { "a", "b", "c", "d", "e", "f", "g", "h" } do
        local p = out:find(c, 1, true)
        assert.equal(input:find(c, 1, true), info.map:original(p))
      end
      assert.is_true(info.changes.spaces > 0)
    end)
    it("composes a decomposed letter at the end of a long non-Latin run", function()
      local out, info = text.normalize("\u{41F}\u{440}\u{438}\u{432}\u{435}\u{442}\u{43C}\u{438}"
        .. "\u{440}\u{438}\u{306} \u{65E5}\u{672C}\u{8A9E}\u{65E5}\u{672C}\u{8A9E}")
      assert.equal("\u{41F}\u{440}\u{438}\u{432}\u{435}\u{442}\u{43C}\u{438}\u{440}\u{439} "
        .. "\u{65E5}\u{672C}\u{8A9E}\u{65E5}\u{672C}\u{8A9E}", out)
      assert.equal(1, info.changes.normalized)
    end)
    it("finds footer tails among words starting like their phrases", function()
      local body = "The council also traded cautious words as costs rose, and the company "
        .. "could try again, as all agreed after a long contested session."
      local out, report = text.clean(body .. " Copyright 2031 Varnholm Gazette.\n\n" .. body)
      assert.same({ "Copyright 2031 Varnholm Gazette." }, reasons(report).footer)
      assert.equal(body .. "\n\n" .. body, out)
    end)
    it("finds dates far into a line and ignores lines without digits", function()
      local _, report = text.clean("Harbour bridge vote delayed after engineers flag cracks\n"
        .. "Last changed on the evening of Tuesday, March 2, 2031\n\n"
        .. "Varnholm city council postponed the vote on the harbour bridge after engineers "
        .. "reported cracks in two of its piers, officials said on Monday evening.")
      assert.equal("March 2, 2031", report.date)
    end)
  end)

  describe("offset maps", function()
    it("map every ASCII letter of the output to the same letter of the input", function()
      local pieces = { "word", " ", "  ", "\n", "\n\n\n", "&amp;", "&#8217;", "caf\u{E9}",
        "e\u{301}", "\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2", "\xFF", "\0", "\r\n", "\t", "Zed",
        "\u{201C}", "x.", "\u{A0}" }
      local seed = 12345
      local function rand(n) -- a small LCG: the same sequence on every platform
        seed = (seed * 1103515245 + 12345) % 2147483648
        return seed % n + 1
      end
      local checked = 0
      for _ = 1, 300 do
        local t = {}
        for _ = 1, rand(40) do t[#t + 1] = pieces[rand(#pieces)] end
        local s = table.concat(t)
        local out, info = text.normalize(s)
        local clean, report = text.clean(s)
        for _, case in ipairs { { out, info.map }, { clean or "", clean and report.map } } do
          local o, map = case[1], case[2]
          for p = 1, #o do
            local c = o:sub(p, p)
            if c:match("[A-Za-z]") then
              local q = map:original(p)
              assert.equal(c, s:sub(q, q))
              checked = checked + 1
            end
          end
        end
      end
      assert.is_true(checked > 1000)
    end)
  end)

  describe("repeated_lines and clean_source", function()
    local a = "Sign up for the Northwind newsletter today\nThe ferry to Skelde will run twice a "
      .. "day from Monday, the operator said in a statement on Friday.\n"
    local b = "Sign up for the Northwind newsletter today\nThe council approved a new cycle lane "
      .. "on Hill Street after a long debate on Thursday night.\n"
    it("finds lines shared by two documents", function()
      local set, n = text.repeated_lines { a, b, a }
      assert.equal(1, n)
      assert.is_true(set["Sign up for the Northwind newsletter today"])
    end)
    it("marks them as repeated when cleaning", function()
      local results = text.clean_source { a, b }
      for _, r in ipairs(results) do
        assert.falsy(r.text:find("newsletter", 1, true))
        assert.equal("repeated", r.report.removed[1].reason)
      end
    end)
    it("checks its arguments", function()
      assert.has_error(function() text.repeated_lines("x") end)
      assert.has_error(function() text.repeated_lines({ 1 }) end)
      assert.has_error(function() text.repeated_lines({}, { min_docs = 1 }) end)
    end)
  end)

  describe("extract", function()
    it("extracts the article body and metadata", function()
      local out, meta = text.extract(fixture "article.html")
      assert.equal("Harbour bridge vote delayed after engineers flag cracks", meta.title)
      assert.equal("2031-03-02T09:15:00Z", meta.date)
      assert.equal("Marta Quell", meta.author)
      assert.equal("en-GB", meta.language)
      assert.equal("https://northwind.example/city/harbour-bridge-vote", meta.url)
      assert.equal("Northwind Daily", meta.site)
      assert.matches("^Varnholm city council postponed Tuesday\u{2019}s vote", out)
      assert.truthy(out:find("\n\nA rushed project?\n\n", 1, true))
      assert.truthy(out:find("Kallmar & Sons", 1, true))
      for _, bad in ipairs { "tracking", "Share on", "Ferry operators", "otter", "Great article",
        "Copyright", "Sport" } do
        assert.falsy(out:find(bad, 1, true), bad)
      end
    end)
    it("tolerates broken markup, deep nesting and empty input", function()
      local out = text.extract("<p>Unclosed <b>bold <i>text, with a comma, and more words "
        .. "to make it a paragraph that counts</p><div><p>second")
      assert.truthy(out:find("Unclosed bold text", 1, true))
      local deep = ("<div>"):rep(20000) .. "<p>Deep inside, the text is still here, and it is "
        .. "long enough.</p>" .. ("</div>"):rep(20000)
      assert.is_string((text.extract(deep)))
      assert.equal("", (text.extract("")))
      local huge_attr = '<p title="' .. ("x"):rep(2000000) .. '">Text, after a huge attribute, '
        .. "is kept as a paragraph.</p>"
      assert.is_string((text.extract(huge_attr)))
    end)
    it("honours max_bytes and the declared charset", function()
      local out, err = text.extract(("<p>x</p>"):rep(100), { max_bytes = 100 })
      assert.is_nil(out)
      assert.matches("^newscorpus: extract: .*max_bytes", err)
      local page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xE9 owners, '
        .. "angry about the \x93bridge tax\x94, met on Friday evening.</p></body></html>"
      local text_out, meta = text.extract(page)
      assert.matches("^Caf\u{E9} owners", text_out)
      assert.equal("windows-1252", meta.encoding)
    end)
    it("takes the charset from meta tags only, survives NUL bytes and drops ruby text", function()
      local page = '<html><head><script charset="utf-8" src="x.js"></script>'
        .. '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
        .. "<body><p>Caf\xE9 owners met on Friday evening, and they talked about the bridge "
        .. "tax for a long time.</p></body></html>"
      local out, meta = text.extract(page)
      assert.equal("windows-1252", meta.encoding)
      assert.matches("^Caf\u{E9} owners", out)
      local nul = "<html><body><p>Before the NUL byte \0 the text, and after it, the article "
        .. "goes on.</p><p>A second paragraph, after the NUL, with more words in it.</p></body></html>"
      local nout = text.extract(nul)
      assert.truthy(nout:find("A second paragraph", 1, true))
      local ruby = "<html><body><p>\u{5B50}<ruby>\u{5B50}<rt>\u{3053}</rt></ruby>\u{3069}"
        .. "\u{3082}\u{3078}\u{306E}\u{8650}\u{5F85}\u{3092}\u{306A}\u{304F}\u{3059}, "
        .. "\u{6CD5}\u{5F8B}\u{304C}\u{3067}\u{304D}\u{307E}\u{3057}\u{305F}\u{3002}</p></body></html>"
      local rout = text.extract(ruby)
      assert.falsy(rout:find("\u{3053}", 1, true))
    end)

    it("keeps the lead paragraph in the article header", function()
      local body = {}
      for i = 1, 6 do
        body[#body + 1] = "<p>Paragraph " .. i .. " of the story, with commas, clauses, and enough "
          .. "words to count as article text in the body of the page.</p>"
      end
      local page = "<html><body><nav><a href='/'>Home</a></nav><article><header><h1>Bridge vote"
        .. "</h1><p class='lead'>The council postponed the bridge vote after engineers found "
        .. "cracks in two of the piers.</p></header><div class='body'>" .. table.concat(body)
        .. "</div></article><footer>Copyright</footer></body></html>"
      local out = text.extract(page)
      assert.matches("^The council postponed the bridge vote", out)
      assert.truthy(out:find("Paragraph 6 of the story", 1, true))
      assert.falsy(out:find("Bridge vote\n", 1, true))
    end)

    local function story(n)
      local body = {}
      for i = 1, n do
        body[#body + 1] = "<p>Paragraph " .. i .. " of the story, with commas, clauses, and enough "
          .. "words to count as article text in the body of the page.</p>"
      end
      return table.concat(body)
    end

    it("keeps a short teaser block beside the body, and a lead in a microdata article", function()
      -- the teaser is a sibling of the body container, far below a twentieth of its text
      local page = "<html><body><main><div class='news'><h3>Repair cafe</h3><div class='teaser'>"
        .. "<p>Volunteers fix broken radios and lamps every month in the old school hall.</p>"
        .. "</div><div class='text'>" .. story(30) .. "</div></div></main>"
        .. "<ul class='links'><li><a href='/a'>Other news</a></li></ul></body></html>"
      local out = text.extract(page)
      assert.matches("^Volunteers fix broken radios", out)
      assert.truthy(out:find("Paragraph 30 of the story", 1, true))
      assert.falsy(out:find("Other news", 1, true))
      -- schema.org microdata marks the article (no <article> tag): the lead in another row
      local micro = "<html><body><div itemscope itemtype='http://schema.org/NewsArticle'>"
        .. "<div class='row'><div class='col'><h3>Repair cafe</h3></div></div>"
        .. "<div class='row'><div class='col'><div class='intro'><p>Volunteers fix broken radios "
        .. "and lamps every month in the old school hall.</p></div></div></div>"
        .. "<div class='row'><div class='col'><div class='text'>" .. story(8)
        .. "</div></div></div></div><div class='row'><div class='col'><p>Unrelated note, "
        .. "outside the article markup, about the town hall opening hours.</p></div></div>"
        .. "</body></html>"
      local mout = text.extract(micro)
      assert.matches("^Volunteers fix broken radios", mout)
      assert.truthy(mout:find("Paragraph 8 of the story", 1, true))
      assert.falsy(mout:find("Unrelated note", 1, true))
    end)

    it("puts first the block that starts like the page's description", function()
      local lead = "Snow on solar panels costs little yield, but its weight can damage the "
        .. "frames of older roofs."
      local function page(desc, extra)
        return "<html><head><meta property='og:description' content='" .. desc .. "'></head>"
          .. "<body><div class='top'><div class='wrap'><header><h1>Snow and solar</h1>"
          .. "<p class='big'>" .. lead .. "</p></header></div></div><div class='page'>"
          .. "<div class='col'><div class='text'>" .. story(8) .. (extra or "")
          .. "</div></div></div></body></html>"
      end
      -- the description, cut and ending in an ellipsis, starts like the lead
      local out = text.extract(page(lead:sub(1, 60) .. "\u{2026}"))
      assert.matches("^Snow on solar panels costs little yield", out)
      assert.truthy(out:find("Paragraph 8 of the story", 1, true))
      -- a description matching no block, or already in the text, changes nothing
      local plain = text.extract(page("A description that matches no block of this page at all."))
      assert.matches("^Paragraph 1 of the story", plain)
      local dup = text.extract(page("Paragraph 3 of the story, with commas, clauses, and enough words"))
      assert.matches("^Paragraph 1 of the story", dup)
      local _, n = dup:gsub("Paragraph 3 of", "")
      assert.equal(1, n)
      -- a whole region that starts like the description is not a lead
      local region = "<html><head><meta name='description' content='" .. lead .. "'></head><body>"
        .. "<div class='top'><div class='wrap'><div class='teasers'>" .. lead
        .. ("<br>Other teaser, with its own words, about something else entirely."):rep(12)
        .. "</div></div></div><div class='page'><div class='col'><div class='text'>" .. story(8)
        .. "</div></div></div></body></html>"
      assert.matches("^Paragraph 1 of the story", (text.extract(region)))
      -- also when the text comes from the JSON-LD articleBody (a page rendered by scripts)
      local ld = "<html><head><meta name='description' content='" .. lead .. "'>"
        .. "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"articleBody\": \""
        .. ("The panels stay under snow for days, and owners wait for the thaw. "):rep(20)
        .. "\"}</script></head><body><header><p>" .. lead .. "</p></header><div id='app'></div>"
        .. "</body></html>"
      local lout = text.extract(ld)
      assert.matches("^Snow on solar panels costs little yield", lout)
      assert.truthy(lout:find("owners wait for the thaw", 1, true))
      -- short, empty or odd descriptions
      for _, d in ipairs { "", "Snow", "\u{2026}\u{2026}", ("\u{A0}"):rep(80), "Snow\0on solar" } do
        assert.is_string((text.extract(page(d))))
      end
    end)

    it("retries without class hints when an unlikely-named block holds the article", function()
      -- broken markup: the article's paragraphs ended up inside the share bar
      local teaser = ("<p>Short teaser about another story, with a comma, and a few more words.</p>"):rep(6)
      local page = "<html><body><div class='teasers'>" .. teaser .. "</div>"
        .. "<div class='article-social'><a href='/s'>Share</a>" .. story(20) .. "</div>"
        .. "<aside><p>Sidebar text about the weather, with a comma, and a long enough sentence "
        .. "to count as a paragraph somewhere.</p></aside></body></html>"
      local out = text.extract(page)
      assert.truthy(out:find("Paragraph 20 of the story", 1, true))
      assert.falsy(out:find("Sidebar text", 1, true))
    end)

    it("drops a label paragraph whose section was dropped", function()
      local page = "<html><body><article><div class='text'>" .. story(6)
        .. "<p>Share this:</p><ul class='share-buttons'><li><a href='/f'>Facebook</a></li>"
        .. "<li><a href='/t'>Twitter</a></li></ul>"
        .. "<p>Ingredients:</p><p>Two eggs, a cup of flour, and some milk for the batter.</p>"
        .. "</div></article></body></html>"
      local out = text.extract(page)
      assert.falsy(out:find("Share this:", 1, true))
      assert.falsy(out:find("Facebook", 1, true))
      assert.truthy(out:find("Ingredients:", 1, true))
      assert.truthy(out:find("Two eggs", 1, true))
    end)

    it("drops captions and credits marked by their class, also inside leads", function()
      local page = "<html><head><meta name='description' content='The harbour bridge reopened "
        .. "on Monday after two years of repairs to its piers and deck.'></head><body>"
        .. "<div class='top'><div class='wrap'><p>The harbour bridge reopened on Monday after two "
        .. "years of repairs to its piers and deck. <span class='photo-credit'>Photo Agency | "
        .. "Jo Lens</span></p></div></div><article><div class='text'>" .. story(3)
        .. "<div class='image'><img src='a.jpg'><div class='legend'>The bridge at dawn, seen "
        .. "from the old ferry pier on the east bank.</div></div>"
        .. "<p class='image-annotation'>Workers on the deck. <em class='copyright'>\u{A9} City "
        .. "Press Office | Ann Smith</em></p>" .. story(5) .. "</div></article></body></html>"
      local out = text.extract(page)
      assert.matches("^The harbour bridge reopened on Monday", out)
      assert.truthy(out:find("Paragraph 5 of the story", 1, true))
      assert.truthy(out:find("Workers on the deck.", 1, true))
      for _, bad in ipairs { "Jo Lens", "The bridge at dawn", "City Press Office" } do
        assert.falsy(out:find(bad, 1, true), bad)
      end
    end)

    it("still drops link lists in the last retry, which ignores class hints", function()
      -- every class name misleads, and the page is short: all the retries run
      local page = "<html><body><div class='sidebar-story'><div class='share-body'>"
        .. "<p>The ferry to the island runs again, after a winter of repairs to the pier.</p>"
        .. "<p>Islanders, who waited for months, welcomed the first boat on Monday morning.</p>"
        .. "<div class='links'><a href='/1'>Weather today</a> <a href='/2'>Ferry times</a> "
        .. "<a href='/3'>Island news</a> <a href='/4'>Contact us</a></div>"
        .. "</div></div></body></html>"
      local out = text.extract(page)
      assert.matches("^The ferry to the island runs again", out)
      assert.truthy(out:find("welcomed the first boat", 1, true))
      assert.falsy(out:find("Ferry times", 1, true))
    end)

    it("rejects wrong argument types", function()
      assert.has_error(function() text.extract(nil) end)
      assert.has_error(function() text.extract("<p>", { max_bytes = "big" }) end)
      assert.has_error(function() text.extract("<p>", { nope = 1 }) end)
    end)
  end)
end)
