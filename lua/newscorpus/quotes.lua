--- newscorpus.quotes: direct quotes, partial quotes and transcript turns with their speakers,
-- plus a normalised key and cross-outlet grouping of the same quote.
--
-- Lua 5.4, byte based; the scanning (paragraphs and quotation marks, context tokens, word
-- counts, personal names) runs in C (csrc/nc_quote.c via newscorpus.core, with the word lists
-- below handed over once) when the C module is there, with the same results as the Lua code
-- kept here (NC_QUOTES_PURE_LUA=1 forces it; specs compare both). All positions are 1-based
-- inclusive byte positions into the text given (like `string.find`; the C engine's 0-based
-- [start, end) c_start maps to start = c_start + 1, stop = c_end). Works on any byte string:
-- invalid UTF-8 and NUL bytes are kept as ordinary text, never an error. Work is linear in the
-- text length: the text is scanned once for marks and paragraph ends, and attribution looks at
-- most 400 bytes either side of a quote.
--
-- Quote record (see CONTRIBUTING.md):
--   { start, stop, text, speaker, entity, speaker_start, speaker_stop, kind, cue, unclosed }
--   start/stop   the quoted words without the quotation marks (surrounding blanks and a trailing
--                comma inside the marks are trimmed); text = text:sub(start, stop)
--   kind         "direct": a quote standing as its own sentence or introduced by an attribution
--                ("X said: “…”", "X said that “…”"); "partial": a fragment inside running text
--                (its speaker is the attribution of its sentence, if any); "transcript": a turn
--                of a "NAME: text" transcript
--   speaker      display name: the canonical entity when a mention gives one, else the name as
--                written with titles stripped ("Daniel Kritenbrink"); a bare surname, a pronoun
--                or a transcript label is expanded to the full name named earlier; anonymous
--                speakers keep their words ("a senior official", "the statement")
--   entity       canonical name from opts.mentions, or nil (always nil for anonymous speakers)
--   speaker_start/speaker_stop  where the attribution is written (name, pronoun, label, or the
--                attributed quote's speaker span for continued quotes); nil without a speaker
--   cue          the speech verb ("said", "told", ...), "according to", ":" (headline style
--                "Name: “…”"), "label" (transcript turns), "continued" (a quote continued after
--                an attribution), or nil; a cue without a speaker means an attribution whose
--                subject could not be resolved ("I said", "she said" with nobody named)
--   unclosed     true when the closing mark was missing (the quote stops at the paragraph end,
--                or before the next opening mark of the same style)
--
-- Marks: “…” and „…“ (curly), "…" (straight; the direction of a straight mark is read from its
-- neighbours, so quotes whose paragraph breaks were lost still split), «…». ‘…’ inside a quote
-- is part of its text; top-level single quotes are not quotations (’ is also the apostrophe).
-- Scare quotes (one or two unattributed words in running text) are kept as kind "partial"
-- with no speaker; opts.scare = false drops them.
-- Continuation: an unattributed direct quote takes the speaker of the previous quote of the
-- same paragraph ("“A,” X said. “B.”"); a paragraph break stops it, except for the convention
-- of a quote left open at a paragraph end and reopened at the start of the next.
-- Transcripts: at least two "NAME:" / "FIRST LAST, ROLE:" lines (all capitals) are needed; a
-- turn runs to the next turn over unlabelled paragraphs, but ends at a stage direction
-- "(SOUNDBITE ...)" and, for the last turn, at its own paragraph (page text follows).
local M = {}

local sbyte, ssub, sfind, slower = string.byte, string.sub, string.find, string.lower
local concat, sort = table.concat, table.sort

local function set(list)
  local t = {}
  for _, w in ipairs(list) do
    t[w] = true
  end
  return t
end

-- Speech verbs, matched only when written in lower case (so "United States" is no verb).
local SPEECH = set({
  "said", "says", "say", "told", "tells", "added", "adds", "noted", "notes", "wrote", "writes",
  "explained", "explains", "argued", "argues", "stressed", "stresses", "warned", "warns",
  "insisted", "insists", "asked", "asks", "declared", "declares", "stated", "claimed", "claims",
  "acknowledged", "acknowledges", "announced", "announces", "replied", "replies", "responded",
  "responds", "remarked", "recalled", "recalls", "observed", "emphasized", "emphasised",
  "emphasizes", "emphasises", "urged", "urges", "cautioned", "cautions", "conceded", "concedes",
  "admitted", "admits", "suggested", "suggests", "predicted", "predicts", "characterized",
  "characterised", "characterizes", "described", "describes", "called", "calls", "tweeted",
  "posted", "shouted", "joked", "jokes", "countered", "counters", "confirmed", "confirms",
  "denied", "denies", "promised", "promises", "vowed", "vows", "pledged", "complained",
  "complains", "quipped", "reiterated", "reiterates", "maintained", "maintains", "lamented",
  "asserted", "asserts", "contended", "contends", "decried", "decries", "testified",
  "commented", "comments", "whispered", "exclaimed", "retorted", "snapped", "muttered", "murmured",
  "sighed", "laughed", "yelled", "screamed", "mentioned", "recounted", "recounts", "boasted",
  "bragged", "concluded", "concludes", "reflected", "reflects", "mused", "quipped", "conceded",
  "read", "reads",
})
-- Verbs that are speech verbs with "out" after them ("pointed out").
local OUT_VERB = set({ "pointed", "points", "spelled", "spelt", "spells", "laid", "lays" })
-- "called for", "calls on" ... are not speech.
local NOT_AFTER_CALL = set({ "for", "on", "off", "up", "in", "out", "back", "upon" })

-- Words skipped when walking back from a verb to its subject.
local AUX = set({
  "has", "have", "had", "was", "is", "were", "are", "will", "would", "also", "later", "then",
  "previously", "earlier", "once", "again", "repeatedly", "reportedly", "publicly", "privately",
  "recently", "separately", "similarly", "further", "simply", "just", "only", "even", "still",
  "already", "quickly", "bluntly", "flatly", "firmly", "has", "did", "does", "had", "may", "might",
  "could", "should", "can", "often", "never", "always", "finally", "subsequently",
})
-- Words that end a subject when walking back from a verb.
local CLAUSE = set({
  "that", "which", "who", "whom", "whose", "and", "but", "or", "when", "while", "as", "because",
  "after", "before", "if", "where", "since", "though", "although", "so", "what", "how", "why",
  "than", "until", "unless", "whether", "nor", "yet", "to", "for", "with", "by", "of", "from",
  "about", "on", "in", "at", "into", "over", "under", "during", "despite",
})
local DETERMINER = set({ "the", "a", "an" })
-- Prepositions linking a common noun to a person it is about ("a lawyer for X").
local COMPLEMENT = set({ "for", "of", "to", "with", "from", "representing" })
local AFFIL = set({ "of", "at", "from", "for", "with" })
local PRONOUN = set({ "he", "she", "they" })
-- Determiners and possessives: a speech verb right after one is a noun ("a claims office",
-- "his calls", "the reads").
local NOUN_BEFORE = set({
  "a", "an", "the", "its", "his", "her", "their", "our", "my", "your", "this", "these", "those",
  "no", "any", "every", "each", "some",
})
local FIRST_PERSON = set({ "i", "we", "you", "it" })

-- Title words: a name run is cut after the last of these ("Secretary of State Antony Blinken",
-- "Coordinator Kurt Campbell", "Pacific Affairs Daniel Kritenbrink").
local TITLE = set({
  "secretary", "minister", "president", "vice", "director", "coordinator", "adviser", "advisor",
  "spokesperson", "spokesman", "spokeswoman", "senator", "sen", "sen.", "rep", "rep.",
  "representative", "gov", "gov.", "governor", "mayor", "chief", "officer", "ambassador", "general",
  "gen", "gen.", "admiral", "adm.", "prime", "premier", "chancellor", "chairman", "chairwoman",
  "chair", "ceo", "cfo", "coo", "professor", "prof", "prof.", "dr", "dr.", "mr", "mr.", "mrs",
  "mrs.", "ms", "ms.", "mx.", "sir", "dame", "lord", "lady", "judge", "justice", "king", "queen",
  "prince", "princess", "pope", "lt.", "col.", "capt.", "sgt.", "maj.", "cmdr.", "colonel",
  "captain", "sergeant", "major", "inspector", "commissioner", "leader", "speaker", "attorney",
  "treasurer", "envoy", "correspondent", "editor", "reporter", "analyst", "deputy", "assistant",
  "undersecretary", "under", "head", "founder", "executive", "manager", "member", "affairs",
  "counsel", "superintendent", "sheriff", "detective", "host", "anchor", "economist", "lawyer",
  "state", "defense", "defence", "foreign", "commerce", "homeland", "interior", "treasury",
  "health", "education", "energy", "finance", "trade", "national", "security", "senior",
  "former", "acting", "interim", "first", "chancellor", "president-elect", "mp", "mep", "st.",
  -- occupations and roles written before a name ("striker X", "actor Y", "publicist Z")
  "actor", "actress", "singer", "author", "writer", "novelist", "poet", "director", "producer",
  "comedian", "presenter", "broadcaster", "journalist", "columnist", "historian", "scientist",
  "researcher", "consultant", "student", "teacher", "doctor", "surgeon", "nurse", "farmer",
  "publicist", "agent", "star", "veteran", "boss", "coach", "striker", "midfielder", "defender",
  "winger", "goalkeeper", "keeper", "goalscorer", "fly-half", "scrum-half", "captain", "skipper",
  "player", "champion", "batsman", "bowler", "rider", "driver", "runner", "sprinter", "manager",
  "owner", "investor", "entrepreneur", "activist", "campaigner", "protester", "chef", "designer",
  "architect", "engineer", "economist", "strategist", "pollster", "novelist", "rapper",
  "musician", "guitarist", "drummer", "bishop", "archbishop", "cardinal", "rabbi", "imam",
  "pastor", "priest", "pilot", "soldier", "officer", "commander", "chairperson", "boss",
})
-- Words that make a capitalised run an organisation or a place, not a person.
local ORGWORD = set({
  "department", "ministry", "university", "college", "school", "house", "sea", "strait",
  "council", "committee", "agency", "party", "times", "news", "post", "bank", "company", "inc",
  "inc.", "corp", "corp.", "group", "association", "office", "court", "army", "navy", "force",
  "forces", "institute", "center", "centre", "foundation", "union", "republic", "kingdom",
  "states", "nations", "airport", "street", "river", "island", "islands", "ocean", "gulf", "bay",
  "city", "county", "province", "region", "coast", "summit", "network", "service", "commission",
  "authority", "government", "parliament", "congress", "senate", "assembly", "embassy", "police",
  "club", "league", "cup", "hospital", "church", "museum", "square", "park", "station", "road",
  "administration", "journal", "press", "radio", "television", "tv", "channel", "world", "east",
  "west", "north", "south", "airlines", "motors", "fund", "board", "bureau", "guard", "corps",
  "ltd", "ltd.", "llc", "plc", "co.", "war", "act", "treaty", "pacific", "atlantic",
})
local CALENDAR = set({
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
  "february", "march", "april", "may", "june", "july", "august", "september", "october",
  "november", "december",
})
-- Capitalised function words that start sentences; dropped from the front of a name run.
local LEADING = set({
  "the", "a", "an", "in", "on", "at", "but", "and", "of", "for", "with", "as", "after", "before",
  "when", "while", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "his",
  "her", "their", "our", "its", "if", "despite", "since", "over", "under", "speaking",
  "according", "meanwhile", "however", "yet", "so", "then", "there", "here", "what", "why", "how",
  "where", "who", "both", "all", "some", "many", "most", "one", "two", "by", "from", "to", "during",
  "last", "next", "earlier", "later", "mr.", "mrs.", "ms.", "dr.", "my", "your", "us", "now",
  "just", "only", "also", "still", "even", "well", "yes", "no", "oh", "thus", "indeed", "instead",
  "perhaps", "maybe", "today", "yesterday", "tomorrow", "tonight", "asked", "said", "says",
  "like", "unlike", "without", "among", "amid", "following", "including", "against", "through",
})
-- Head words of anonymous speakers: with one of these, an organisation named in the phrase is
-- not the speaker ("a State Department official said" -> "a State Department official").
local ANON_HEAD = set({
  "official", "officials", "source", "sources", "spokesperson", "spokesman", "spokeswoman",
  "spokespeople", "aide", "aides", "diplomat", "diplomats", "statement", "person", "people",
  "readout", "insider", "insiders", "employee", "employees", "staffer", "staffers", "member",
  "members", "adviser", "advisers", "advisor", "advisors", "representative", "representatives",
  "officer", "officers", "analyst", "analysts", "expert", "experts", "witness", "witnesses",
  "resident", "residents", "lawmaker", "lawmakers", "executive", "executives",
})
-- Modifiers and demonyms: a capitalised run holding one names a place, a people or a thing
-- ("New Zealand", "Great Britain", "Southern African", "Other Scottish"), not a person.
local MODIFIER = set({
  "new", "great", "greater", "united", "other", "another", "alternative", "upper", "lower",
  "royal", "national", "international", "global", "federal", "central", "southern", "northern",
  "eastern", "western", "south", "north", "east", "west", "european", "african", "asian",
  "american", "british", "english", "scottish", "welsh", "irish", "french", "german", "italian",
  "spanish", "portuguese", "dutch", "belgian", "swiss", "austrian", "swedish", "norwegian",
  "danish", "finnish", "polish", "czech", "hungarian", "greek", "turkish", "russian",
  "ukrainian", "chinese", "japanese", "korean", "indian", "pakistani", "iranian", "iraqi",
  "israeli", "palestinian", "arab", "egyptian", "saudi", "syrian", "afghan", "australian",
  "canadian", "mexican", "brazilian", "argentine", "argentinian", "nigerian", "kenyan",
  "taiwanese", "vietnamese", "thai", "indonesian", "filipino", "latin", "middle", "holy",
  "supreme", "democratic", "republican", "conservative", "liberal", "labour", "socialist",
  "communist", "olympic", "premier", "grand", "old", "young", "big", "little", "first", "second",
  "third", "last", "annual", "world", "budget", "festival", "awards", "award", "prize", "cup",
  -- countries and regions often next to names (not those that are also common surnames)
  "britain", "england", "scotland", "wales", "ireland", "france", "germany", "italy", "spain",
  "china", "japan", "russia", "india", "america", "europe", "africa", "asia", "australia",
  "canada", "brazil", "mexico", "iraq", "iran", "israel", "ukraine", "korea", "taiwan",
  "pakistan", "egypt", "turkey", "poland", "netherlands", "belgium", "sweden", "norway",
  "denmark", "greece", "portugal", "switzerland", "austria", "beijing", "moscow", "tokyo",
  "berlin", "brussels", "fair", "music", "records", "films", "pictures", "studios", "games",
})

-- Function words: a capitalised run holding one is a title ("Faking It", "Just Do It").
local FUNCWORD = {}
for _, l in ipairs({ LEADING, CLAUSE }) do
  for w in pairs(l) do
    FUNCWORD[w] = true
  end
end
for _, w in ipairs({ "do", "does", "did", "not", "is", "are", "was", "were", "be", "been", "have",
  "has", "had", "get", "got", "go", "goes", "make", "let", "me", "you", "him", "them", "no", "yes",
  "i", "i'm", "it's", "its", "we", "our", "your", "my", "up", "out", "off", "down" }) do
  FUNCWORD[w] = true
end

local NAME_PARTICLE = set({
  "de", "da", "di", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al", "la", "le",
  "du", "dos", "das", "ter", "zu",
})
local ABBREV = set({
  "mr", "mrs", "ms", "mx", "dr", "st", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt",
  "maj", "cmdr", "adm", "jr", "sr", "prof", "no", "vs", "etc", "inc", "corp", "co", "ltd", "mt",
  "ft", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "approx", "dept", "gov't", "est",
})
-- First line words of a "LABEL:" line that are not transcript speakers.
local NOT_LABEL = set({
  "NOTE", "UPDATE", "UPDATED", "BREAKING", "CORRECTION", "WATCH", "READ", "RELATED", "EDITOR'S",
  "EDITOR’S", "PHOTO", "VIDEO", "SOURCE", "SOURCES", "WARNING", "ADVERTISEMENT", "CLARIFICATION",
  "DISCLAIMER", "LISTEN", "TRANSCRIPT", "SUMMARY", "TAGS", "TOPICS", "CREDIT", "Q", "A",
})

local CTX = 400 -- bytes of context looked at on each side of a quote
local SCARE_WORDS = 2 -- quotes of at most this many words without an attribution are scare quotes

---------------------------------------------------------------------------------------------
-- Byte-level helpers
---------------------------------------------------------------------------------------------

-- Length of a multi-byte punctuation or space sequence at i (dashes, curly quotes, ellipsis,
-- no-break and typographic spaces, guillemets), or nil.
local function mb_punct(s, i)
  local c = sbyte(s, i)
  if c == 0xE2 then
    local c2, c3 = sbyte(s, i + 1, i + 2)
    if c2 == 0x80 and c3 and ((c3 >= 0x80 and c3 <= 0xA7) or c3 == 0xAF or c3 == 0xB9
        or c3 == 0xBA) then
      return 3
    end
  elseif c == 0xC2 then
    local c2 = sbyte(s, i + 1)
    if c2 == 0xA0 or c2 == 0xAB or c2 == 0xBB or c2 == 0xBF or c2 == 0xA1 then
      return 2
    end
  end
  return nil
end

local function is_space(c)
  return c ~= nil and c <= 32
end

local function is_alnum(c)
  return c ~= nil and ((c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122))
end

-- True when the byte at i starts a word character (ASCII alphanumeric or any non-punctuation
-- byte >= 0x80, which includes invalid UTF-8).
local function word_at(s, i)
  local c = sbyte(s, i)
  if c == nil then
    return false
  end
  if c >= 128 then
    return mb_punct(s, i) == nil
  end
  return is_alnum(c)
end

local function is_upper_at(s, i)
  local c = sbyte(s, i)
  if c == nil then
    return false
  end
  if c >= 65 and c <= 90 then
    return true
  end
  -- Latin-1 supplement and Latin Extended-A capitals (À..Þ; Ā..ž even code points)
  if c == 0xC3 then
    local c2 = sbyte(s, i + 1)
    return c2 ~= nil and c2 >= 0x80 and c2 <= 0x9E and c2 ~= 0x97
  elseif c == 0xC4 or c == 0xC5 then
    local c2 = sbyte(s, i + 1)
    return c2 ~= nil and c2 % 2 == 0
  end
  return false
end

local function has_lower(w)
  return sfind(w, "%l") ~= nil or sfind(w, "\195[\159-\191]") ~= nil
end

-- Tokenise s[a..b] into words and punctuation, as one flat array of 4 values a token (no table
-- per token): token k is start toks[4k-3], stop toks[4k-2], text toks[4k-1], punctuation
-- toks[4k] (true or false); #toks // 4 tokens.
-- Words keep internal ' ’ . - ("U.S.", "Blinken’s", "Indo-Pacific"); initials and known
-- abbreviations keep their final dot.
local function tokenize_lua(s, a, b)
  local toks, n, i = {}, 0, a
  while i <= b do
    local c = sbyte(s, i)
    if c <= 32 then
      i = i + 1
    else
      local mb = c >= 128 and mb_punct(s, i)
      if mb then
        toks[n + 1], toks[n + 2], toks[n + 3], toks[n + 4] = i, i + mb - 1, ssub(s, i, i + mb - 1), true
        n = n + 4
        i = i + mb
      elseif c < 48 or (c > 57 and c < 65) or (c > 90 and c < 97) or (c > 122 and c < 128) then
        toks[n + 1], toks[n + 2], toks[n + 3], toks[n + 4] = i, i, ssub(s, i, i), true
        n = n + 4
        i = i + 1
      else
        local j = i
        while j <= b do
          local d = sbyte(s, j)
          if d >= 128 then
            if mb_punct(s, j) then
              -- a curly apostrophe between word characters stays inside the word
              if sbyte(s, j + 2) == 0x99 and sbyte(s, j + 1) == 0x80 and j + 3 <= b
                  and word_at(s, j + 3) then
                j = j + 3
              else
                break
              end
            else
              j = j + 1
            end
          elseif (d >= 97 and d <= 122) or (d >= 65 and d <= 90) or (d >= 48 and d <= 57) then
            local _, run_end = sfind(s, "^%w+", j) -- jump over the ASCII letters and digits
            j = (run_end < b and run_end or b) + 1
          elseif (d == 39 or d == 45 or d == 46) and j + 1 <= b and word_at(s, j + 1) then
            j = j + 1
          else
            break
          end
        end
        local e = j - 1
        if sbyte(s, j) == 46 and j <= b then -- a final dot: keep for initials and abbreviations
          local w = ssub(s, i, e)
          if sfind(w, ".", 1, true) or (#w == 1 and is_upper_at(s, i)) or ABBREV[slower(w)] then
            e = j
          end
        end
        toks[n + 1], toks[n + 2], toks[n + 3], toks[n + 4] = i, e, ssub(s, i, e), false
        n = n + 4
        i = e + 1
      end
    end
  end
  return toks
end

-- Token k of the flat token array T (see tokenize_lua) is a capitalised word; k must exist.
local function is_cap_word(T, k)
  return not T[4 * k] and is_upper_at(T[4 * k - 1], 1)
end

-- Strip a possessive "’s"/"'s" from a word.
local function strip_possessive(w)
  local n = #w
  local last = sbyte(w, n)
  if last ~= 115 and last ~= 83 then -- s S
    return w
  end
  if sbyte(w, n - 1) == 39 then
    w, n = ssub(w, 1, n - 2), n - 2
    last = sbyte(w, n)
    if last ~= 115 and last ~= 83 then
      return w
    end
  end
  if n >= 4 and ssub(w, n - 3, n - 1) == "\226\128\153" then
    return ssub(w, 1, n - 4)
  end
  return w
end

-- Combining forms of compound geographic adjectives ("Indo-Pacific", "Sino-American").
local COMBINING = set({
  "indo", "asia", "sino", "euro", "afro", "anglo", "franco", "russo", "austro", "pan", "trans",
  "sub", "mid", "latin", "arab", "greco", "italo", "german", "us", "u.s.", "uk", "eu",
})

-- A hyphenated word that describes rather than names: one of its parts is a combining form or
-- an organisation/place word ("Indo-Pacific", "Asia-Pacific", "Sino-Soviet").
local function descriptor_compound(lw)
  if not lw:find("-", 1, true) then
    return false
  end
  for part in lw:gmatch("[^%-]+") do
    if COMBINING[part] or ORGWORD[part] then
      return true
    end
  end
  return false
end

-- From a run of capitalised word tokens (the len tokens of T from k0, see cap_runs), keep the
-- personal name: drop leading function words, cut after the last title word. Returns first,
-- last index (into the run, 1-based) or nil. The word of run element i is T[4 * k0 - 5 + 4 * i].
local function name_in_run(T, k0, len)
  local o = 4 * k0 - 5
  local i, j = 1, len
  while i <= j and (LEADING[slower(T[o + 4 * i])] or CALENDAR[slower(T[o + 4 * i])]) do
    i = i + 1
  end
  for k = j, i, -1 do
    local lw = slower(T[o + 4 * k])
    if TITLE[lw] or TITLE[lw:gsub("%.$", "")] or descriptor_compound(lw) then
      i = k + 1
      break
    end
  end
  if i > j then
    return nil
  end
  return i, j
end

-- A contraction ("I've", "Don't", "We’re") is no name; "O'Brien", "D’Angelo", "Blinken's" are.
local function is_contraction(w)
  local rest = w:match("'(.*)$") or w:match("\226\128\153(.*)$")
  return rest ~= nil and rest ~= "" and rest ~= "s" and not rest:find("^%u")
end

local function run_is_person(T, k0, i, j)
  if j - i + 1 > 4 then
    return false
  end
  local o = 4 * k0 - 5
  for k = i, j do
    local w = T[o + 4 * k]
    local lw = slower(w)
    if ORGWORD[lw] or TITLE[lw] or MODIFIER[lw] or ANON_HEAD[lw]
        or (FUNCWORD[lw] and not NAME_PARTICLE[lw]) then
      return false
    end
    -- Title case ("Weiss", "O'Brien", "J.") or a particle; not all capitals ("NATO", "US");
    -- no contraction ("I've", "Don't")
    if is_contraction(w) then
      return false
    end
    if k == i and lw:find("..ing$") then
      return false -- a sentence opening with a participle: "Saying Britain ..."
    end
    if k < j and (w:find("'s$") or w:find("\226\128\153s$")) then
      return false -- a possessive inside the run: "Brown's Britain"
    end
    if not NAME_PARTICLE[lw] then
      if not is_upper_at(w, 1) then
        return false
      end
      if #w > 1 and not has_lower(w) and not w:find("^%u%.$") then
        return false
      end
    end
  end
  return true
end

-- Capitalised runs in a flat token array T: a flat array of pairs (first token index k0,
-- number of tokens), runs being consecutive tokens. Runs are joined over name particles
-- ("Ursula von der Leyen") and broken by punctuation and lower-case words.
local function cap_runs(T, s)
  local runs, nr, cur = {}, 0, false -- cur: a run is open (it ends with token k - 1)
  local n = #T // 4
  for k = 1, n do
    local joined = cur and sfind(ssub(s, T[4 * k - 6] + 1, T[4 * k - 3] - 1), "^[ \t]+$") ~= nil
    if is_cap_word(T, k) or (joined and NAME_PARTICLE[T[4 * k - 1]] and k < n
        and is_cap_word(T, k + 1)) then
      if not joined then
        runs[nr + 1], runs[nr + 2] = k, 0
        nr = nr + 2
      end
      runs[nr] = runs[nr] + 1
      cur = true
    else
      cur = false
    end
  end
  return runs
end

local function run_text(s, T, k0, i, j)
  local a, b = T[4 * k0 + 4 * i - 7], T[4 * k0 + 4 * j - 6]
  return strip_possessive(ssub(s, a, b)), a, b
end

---------------------------------------------------------------------------------------------
-- Speaker resolution
---------------------------------------------------------------------------------------------

-- Index of the last element of arr (sorted by .start) with start <= pos, or 0.
local function last_at_or_before(arr, pos)
  local lo, hi = 1, #arr
  local best = 0
  while lo <= hi do
    local mid = (lo + hi) // 2
    if arr[mid].start <= pos then
      best = mid
      lo = mid + 1
    else
      hi = mid - 1
    end
  end
  return best
end

local function last_token(name)
  return name:match("([^%s]+)$")
end

-- Capitalised words of the whole text as flat tokens (see tokenize_lua), found with string patterns (no
-- per-byte loop): a word starts with a capital after a non-word byte; it is cut at a multi-byte
-- punctuation mark (keeping a curly apostrophe inside a word) and loses trailing . ' -
-- unless it is an initial or an abbreviation.
local function cap_words(s)
  local toks, n = {}, 0
  for a, w in s:gmatch("()([%u\195\196\197][%w\128-\255'%.%-]*)") do
    if (a == 1 or not word_at(s, a - 1)) and is_upper_at(s, a) then
      local cut = #w
      local i = 1
      while true do
        local p = sfind(w, "[\194\226]", i)
        if not p then
          break
        end
        local mb = mb_punct(w, p)
        if mb and not (ssub(w, p, p + 2) == "\226\128\153" and word_at(w, p + 3)) then
          cut = p - 1
          break
        end
        i = p + 1
      end
      w = ssub(w, 1, cut)
      local keepdot = w:find("^.[%.']") or ABBREV[slower(w:gsub("%.$", ""))]
      if not keepdot then
        w = w:gsub("[%.'%-]+$", "")
      end
      if #w > 0 then
        toks[n + 1], toks[n + 2], toks[n + 3], toks[n + 4] = a, a + #w - 1, w, false
        n = n + 4
      end
    end
  end
  return toks
end

-- Names in the whole text (used without mentions): full personal names (2-4 capitalised words
-- after titles) and bare surnames of a full name named earlier. Built once, lazily, in one pass.
-- st.names: a flat array of 5 numbers a name in text order (no table or string per name):
-- start, stop, name_stop (without a possessive 's), expands (0 for a full name, else the
-- number of the full name a surname stands for), start of the last word; the layout of
-- QuoteLexicon:names. st.fullby[last word lower-cased] (see get_fullby): the full names ending
-- with that word in text order, a flat array of pairs start, name number.
-- The word classes handed to the C scanner (bits of nc_quote.h NC_QW_*).
local QW = {
  { LEADING, 1 }, { CALENDAR, 2 }, { TITLE, 4 }, { ORGWORD, 8 }, { MODIFIER, 16 },
  { ANON_HEAD, 32 }, { FUNCWORD, 64 }, { NAME_PARTICLE, 128 }, { COMBINING, 256 },
  { ABBREV, 512 }, { SPEECH, 1024 }, { OUT_VERB, 1024 }, { set({ "according" }), 1024 },
}
local QW_CUE = 1024 -- a speech verb or "according": an attribution needs one
local core_ok, core = pcall(require, "newscorpus.core")
local lexicon -- the C lexicon, built on first use; false without the C module
local function get_lexicon()
  if lexicon == nil then
    lexicon = false
    -- NC_QUOTES_PURE_LUA=1 keeps the Lua scanner (benchmarks compare the two)
    if core_ok and type(core) == "table" and core.quote_lexicon
        and os.getenv("NC_QUOTES_PURE_LUA") ~= "1" then
      local words = {}
      for _, cls in ipairs(QW) do
        for w in pairs(cls[1]) do
          words[w] = (words[w] or 0) | cls[2]
        end
      end
      lexicon = core.quote_lexicon(words)
    end
  end
  return lexicon
end

-- Tokens of s[a..b] (see tokenize_lua): by the C tokenizer when there is one. With
-- with_cues, also the numbers (ascending) of the tokens an attribution can turn on: the words
-- with the cue class of the lexicon (speech verbs and "according", any case); without the C
-- lexicon every token is a candidate.
local function tokenize(s, a, b, with_cues)
  local lx = get_lexicon()
  if lx then
    if b < a then
      return {}, with_cues and {} or nil
    end
    return lx:tokens(s, a, b, with_cues)
  end
  local toks = tokenize_lua(s, a, b)
  if not with_cues then
    return toks
  end
  local cues = {}
  for k = 1, #toks // 4 do
    cues[k] = k
  end
  return toks, cues
end

-- The names of the text: by the C scanner its records as they are; the Lua scanner builds the
-- same records (with the surname index st.fullby, which it needs to keep surnames).
local function build_names(st, pure_lua)
  if st.names then
    return st.names
  end
  local s = st.text
  local lx = not pure_lua and get_lexicon()
  if lx then -- C keeps the full names and the surnames of earlier ones only
    st.names = lx:names(s)
    return st.names
  end
  -- a full name is indexed by its last word; a single word is kept when it is the surname of a
  -- full name named earlier, expanded to it
  local names, fullby, n = {}, {}, 0
  local T = cap_words(s)
  local runs = cap_runs(T, s)
  for r = 1, #runs, 2 do
    local k0 = runs[r]
    local i, j = name_in_run(T, k0, runs[r + 1])
    if i and run_is_person(T, k0, i, j) then
      local name, a, b = run_text(s, T, k0, i, j)
      local ex
      if j > i then
        local lw = slower(last_token(name))
        local l = fullby[lw]
        if not l then
          fullby[lw] = { a, n + 1 }
        else
          l[#l + 1], l[#l + 2] = a, n + 1
        end
        ex = 0
      else
        local l = fullby[slower(name)]
        ex = l and l[#l]
      end
      if ex then
        names[5 * n + 1], names[5 * n + 2], names[5 * n + 3] = a, b, a + #name - 1
        names[5 * n + 4], names[5 * n + 5] = ex, a
        n = n + 1
      end
    end
  end
  st.names, st.fullby = names, fullby
  return names
end

-- The name (display string) of name number k of st.names: a surname gives its full name.
local function name_of(st, k)
  local names = st.names
  local ex = names[5 * k - 1]
  if ex ~= 0 then
    k = ex
  end
  return ssub(st.text, names[5 * k - 4], names[5 * k - 2])
end

-- st.fullby, built on first use (the C path needs it only for surnames and labels).
local function get_fullby(st)
  build_names(st)
  local fb = st.fullby
  if fb then
    return fb
  end
  fb = {}
  local names, s = st.names, st.text
  for k = 1, #names // 5 do
    if names[5 * k - 1] == 0 then
      local a = names[5 * k - 4]
      local lw = slower(ssub(s, names[5 * k], names[5 * k - 2])) -- the last word
      local l = fb[lw]
      if not l then
        fb[lw] = { a, k }
      else
        l[#l + 1], l[#l + 2] = a, k
      end
    end
  end
  st.fullby = fb
  return fb
end

-- Index (1-based, counting entries of w values) of the last entry of the flat array arr (entries
-- of w values, sorted by their first value) whose first value is <= pos, or 0.
local function last_at_or_before_flat(arr, pos, w)
  local lo, hi = 1, #arr // w
  local best = 0
  while lo <= hi do
    local mid = (lo + hi) // 2
    if arr[w * mid - w + 1] <= pos then
      best = mid
      lo = mid + 1
    else
      hi = mid - 1
    end
  end
  return best
end

-- The fullest earlier name ending with the single word w (no mentions), or w.
local function expand_surname(st, w, pos)
  local l = get_fullby(st)[slower(w)]
  if l then
    local k = last_at_or_before_flat(l, pos, 2)
    if k > 0 then
      return name_of(st, l[2 * k])
    end
  end
  return w
end

-- A sentence ends at [.!?] (possibly followed by closing marks) + blank + a capital, digit or
-- opening mark, unless the word before the dot is an abbreviation.
local function sentence_end_after(s, i, b)
  -- i is the position of [.!?]; returns true when a sentence ends there
  if sbyte(s, i) == 46 then
    local ws = i - 1
    while ws >= 1 and (is_alnum(sbyte(s, ws)) or sbyte(s, ws) == 46) do
      ws = ws - 1
    end
    local w = slower(ssub(s, ws + 1, i - 1))
    if ABBREV[w] or (#w == 1 and w:match("%a")) or w:find(".", 1, true) then
      return false
    end
  end
  local j = i + 1
  if j > b then
    return true
  end
  if not is_space(sbyte(s, j)) then
    return false
  end
  while j <= b and is_space(sbyte(s, j)) do
    j = j + 1
  end
  if j > b then
    return true
  end
  local c = sbyte(s, j)
  return is_upper_at(s, j) or (c >= 48 and c <= 57) or c == 34 or c == 40
    or (c == 0xE2 and sbyte(s, j + 1) == 0x80 and (sbyte(s, j + 2) == 0x9C or sbyte(s, j + 2) == 0x98))
    or (c == 0xC2 and sbyte(s, j + 1) == 0xAB) or (c >= 0xC3 and c <= 0xDF)
end

-- Start of the text after the last sentence end in s[a..b] (a if none). Searches a copy of
-- s[a..b] only, so the work is bounded by the context length.
local function after_last_sentence_end(s, a, b, pure_lua)
  if a > b then
    return a
  end
  local lx = not pure_lua and get_lexicon()
  if lx then
    return lx:after_last_end(s, a, b)
  end
  local sub, res, i = ssub(s, a, b), a, 1
  while true do
    local p = sfind(sub, "[%.!?]", i)
    if not p then
      return res
    end
    if sentence_end_after(s, a + p - 1, b) then
      res = a + p
    end
    i = p + 1
  end
end

-- True when position pos lies inside a quotation (marks included): st.qspans holds the raw
-- quotes in text order as the flat array of scan (7 numbers a quote: the opening mark first,
-- the position after the closing mark fifth).
local function in_quote(st, pos)
  local q = st.qspans
  if not q then
    return false
  end
  local lo, hi, best = 1, #q // 7, 0
  while lo <= hi do
    local mid = (lo + hi) // 2
    if q[7 * mid - 6] <= pos then
      best = mid
      lo = mid + 1
    else
      hi = mid - 1
    end
  end
  return best > 0 and pos < q[7 * best - 2]
end

-- Start of the sentence holding position pos: from opts.sentences when given, else the text
-- after the last sentence end (or line break) in the CTX bytes before pos.
local function sentence_start(st, pos)
  local ss = st.sentences
  if ss then
    local k = last_at_or_before(ss, pos)
    if k > 0 and ss[k].stop >= pos then
      return ss[k].start
    end
  end
  local s = st.text
  local a = pos - CTX > 1 and pos - CTX or 1
  local sub = ssub(s, a, pos - 1)
  local nl = 0
  while true do
    local p = sfind(sub, "\n", nl + 1, true)
    if not p then
      break
    end
    nl = p
  end
  a = a + nl
  return after_last_sentence_end(s, a, pos - 1)
end

-- Person resolved for a pronoun at pos, from the list arr (sorted by start; entries { start,
-- stop }): the persons named inside quotations are skipped; of the last sentence naming a
-- person, the first person named is taken (the subject: "Mayor X, who met Y, said ... “…,” she
-- said" is X); for a plural pronoun ("they") the last person named. Returns an index into arr
-- or 0.
local function pronoun_antecedent(st, arr, pos, plural)
  local k = last_at_or_before(arr, pos)
  while k > 0 and (arr[k].stop >= pos or in_quote(st, arr[k].start)) do
    k = k - 1
  end
  if k == 0 or plural then
    return k
  end
  local ss = sentence_start(st, arr[k].start)
  local j = k - 1
  while j > 0 and arr[j].start >= ss do
    if not in_quote(st, arr[j].start) then
      k = j
    end
    j = j - 1
  end
  return k
end

-- pronoun_antecedent over the flat names of build_names (5 numbers a name).
local function pronoun_antecedent_names(st, names, pos, plural)
  local k = last_at_or_before_flat(names, pos, 5)
  while k > 0 and (names[5 * k - 3] >= pos or in_quote(st, names[5 * k - 4])) do
    k = k - 1
  end
  if k == 0 or plural then
    return k
  end
  local ss = sentence_start(st, names[5 * k - 4])
  local j = k - 1
  while j > 0 and names[5 * j - 4] >= ss do
    if not in_quote(st, names[5 * j - 4]) then
      k = j
    end
    j = j - 1
  end
  return k
end

-- The person a pronoun at pos refers to: from the mentions when given, else from names in the
-- text (see pronoun_antecedent).
local function last_person(st, pos, plural)
  local ms = st.persons
  if ms then
    local k = pronoun_antecedent(st, ms, pos, plural)
    if k > 0 then
      return ms[k].entity or ms[k].text, ms[k].entity
    end
    -- no PERSON mention before pos: fall back to the names in the text
  end
  local names = build_names(st)
  local k = pronoun_antecedent_names(st, names, pos, plural)
  if k > 0 then
    return name_of(st, k), nil
  end
  return nil
end

-- Mentions inside [a, b]: the last PERSON one, else the last of any type.
local function mention_in(st, a, b)
  local ms = st.mentions
  if not ms or ms[1] == nil then
    return nil
  end
  local k = last_at_or_before(ms, b)
  local other
  while k > 0 and ms[k].start >= a do
    local m = ms[k]
    if m.stop <= b then
      if m.type == "PERSON" then
        return m
      end
      other = other or m
    end
    k = k - 1
  end
  return other
end

-- Resolve a speaker noun phrase s[a..b] at text positions. Returns a speaker table
-- { name, entity, s, e } or nil.
local function resolve_np(st, a, b)
  local s = st.text
  while a <= b and is_space(sbyte(s, a)) do
    a = a + 1
  end
  while b >= a and (is_space(sbyte(s, b)) or sbyte(s, b) == 44) do
    b = b - 1
  end
  if a > b then
    return nil
  end
  local m = mention_in(st, a, b)
  local toks, n
  if m and m.type == "PERSON" then
    -- "A lawyer for Danescu", "the wife of X": a person named as the complement of a common
    -- noun is not the speaker; the phrase is
    local pre = m.start > a and tokenize(s, a, m.start - 1)
    local np = pre and #pre // 4 or 0
    if not (np >= 2 and not pre[4 * np] and COMPLEMENT[pre[4 * np - 1]] and not pre[4 * np - 4]
        and not is_upper_at(pre[4 * np - 5], 1)) then
      return { name = m.entity or m.text, entity = m.entity, s = m.start, e = m.stop }
    end
    toks = tokenize(s, a, b)
    n = #toks // 4
    for k = 1, n do -- keep the whole phrase, the name included
      if toks[4 * k] and not (toks[4 * k - 1] == "." or toks[4 * k - 1] == "'") then
        return nil
      end
    end
    if n > 10 then
      return nil
    end
    return { name = ssub(s, toks[1], toks[4 * n - 2]), s = toks[1], e = toks[4 * n - 2],
      phrase = true }
  end
  toks = tokenize(s, a, b)
  n = #toks // 4
  if n == 0 or n > 16 then
    return nil
  end
  local anon = false -- "a senior State Department official": anonymous, not the organisation
  for k = 1, n do
    if not toks[4 * k] and ANON_HEAD[slower(toks[4 * k - 1])] then
      anon = true
      break
    end
  end
  if m and not anon then
    return { name = m.entity or m.text, entity = m.entity, s = m.start, e = m.stop }
  end
  if n == 1 and not toks[4] then
    local lw = slower(toks[3])
    if PRONOUN[lw] then
      local name, entity = last_person(st, toks[1], lw == "they")
      if name then
        return { name = name, entity = entity, s = toks[1], e = toks[2] }
      end
      return nil
    end
    if FIRST_PERSON[lw] then
      return nil
    end
  end
  local runs = cap_runs(toks, s)
  for r = #runs - 1, 1, -2 do
    local k0 = runs[r]
    local i, j = name_in_run(toks, k0, runs[r + 1])
    if i then
      local name, ns, ne = run_text(s, toks, k0, i, j)
      -- a name ends the phrase or is followed by an affiliation ("Renner of Halden University");
      -- a capitalised word before a common noun is a modifier ("the Ostreli delegation")
      local f = k0 + j -- the token after the name
      local ends = f > n or toks[4 * f] or AFFIL[toks[4 * f - 1]]
      local bf = k0 + i - 2 -- the token before: "the Pentagon", "a Reuters": not a person
      local det = bf >= 1 and not toks[4 * bf] and DETERMINER[slower(toks[4 * bf - 1])]
      if ends and not det and run_is_person(toks, k0, i, j) then
        if i == j then
          name = expand_surname(st, name, ns)
        end
        return { name = name, s = ns, e = ne, named = true }
      end
      -- an organisation, a place or a modifier ("the Ostreli delegation"): look further left
      -- for a name ("Rangers manager Alex McLeish of Novo's punishment")
    end
  end
  -- Anonymous or collective speaker: keep the phrase ("a senior official", "the statement").
  for k = 1, n do -- the phrase must be words, not a clause with punctuation
    if toks[4 * k] and not (toks[4 * k - 1] == "." or toks[4 * k - 1] == "'") then
      return nil
    end
  end
  if n > 10 or (not toks[4] and SPEECH[toks[3]]) then
    return nil
  end
  return { name = ssub(s, toks[1], toks[4 * n - 2]), s = toks[1], e = toks[4 * n - 2],
    phrase = true }
end

-- Subject of the verb at token index v: walk back over auxiliaries to the clause boundary.
-- Handles an apposition ("X, the assistant secretary ..., told") by taking the phrase before
-- the first comma when the verb directly follows a comma and apposition is allowed.
local function subject_before(st, toks, v, lo)
  local k = v - 1
  while k >= lo and not toks[4 * k] and AUX[slower(toks[4 * k - 1])] do
    k = k - 1
  end
  if k >= lo and not toks[4 * k] then -- a pronoun right before the verb is the whole subject
    local lw = slower(toks[4 * k - 1])
    if PRONOUN[lw] or FIRST_PERSON[lw] then
      return resolve_np(st, toks[4 * k - 3], toks[4 * k - 2])
    end
  end
  local e = k
  while k >= lo do
    local tw = toks[4 * k - 1]
    if toks[4 * k] then
      if not (tw == "'" or tw == ".") then
        break
      end
    elseif CLAUSE[tw] and AFFIL[tw] and k < e and k > lo and not toks[4 * k - 4]
        and not CLAUSE[slower(toks[4 * k - 5])] and not SPEECH[toks[4 * k - 5]] then
      -- "Soraya Lindqvist of the Friends of Merrow Bay said", "a spokesman for the authority
      -- said": the affiliation is part of the subject
      k = k - 1
    elseif CLAUSE[slower(tw)] or SPEECH[tw] then
      break
    end
    k = k - 1
  end
  local b = k + 1
  if b > e and k >= lo and not toks[4 * k] and (slower(toks[4 * k - 1]) == "and"
      or slower(toks[4 * k - 1]) == "but") then
    -- a coordinated predicate ("The officials declined ..., but said"): the subject is the
    -- phrase opening the clause, up to its first verb (an auxiliary, a speech verb or a word in
    -- -ed), at most 8 words
    for q = lo, math.min(k - 1, lo + 8) do
      local tw, tp = toks[4 * q - 1], toks[4 * q]
      if tp and tw ~= "." and tw ~= "'" then
        return nil
      end
      local lw = slower(tw)
      if q > lo and not tp and lw == tw and (AUX[lw] or SPEECH[lw] or lw:find("..ed$")) then
        return resolve_np(st, toks[4 * lo - 3], toks[4 * q - 6])
      end
    end
    return nil
  end
  if b > e or e - b + 1 > 10 then
    return nil
  end
  return resolve_np(st, toks[4 * b - 3], toks[4 * e - 2])
end

local function is_verb(toks, k)
  if toks[4 * k] then
    return false
  end
  local w = toks[4 * k - 1]
  if OUT_VERB[w] then -- "pointed out"
    return toks[4 * k + 3] == "out"
  end
  if not SPEECH[w] then
    return false
  end
  -- after a determiner the word is a noun ("a claims office")
  if k > 1 and not toks[4 * k - 4] and NOUN_BEFORE[slower(toks[4 * k - 5])] then
    return false
  end
  if w == "called" or w == "calls" then
    local nx = toks[4 * k + 3]
    if nx and not toks[4 * k + 4] and NOT_AFTER_CALL[nx] then
      return false
    end
  end
  return true
end

-- "according to X" at tokens k, k+1: returns speaker or nil.
local function according_to(st, toks, k, hi)
  local w = toks[4 * k - 1]
  if toks[4 * k] or #w ~= 9 or slower(w) ~= "according" or toks[4 * k + 3] ~= "to" then
    return nil
  end
  local a = k + 2
  local e = a
  while e <= hi and not toks[4 * e] and not CLAUSE[toks[4 * e - 1]] do
    e = e + 1
  end
  e = e - 1
  if e < a then
    return nil
  end
  return resolve_np(st, toks[4 * a - 3], toks[4 * e - 2])
end

local function np_after(st, toks, k, hi)
  local e = k
  while e <= hi do
    local tw = toks[4 * e - 1]
    if toks[4 * e] then
      if not (tw == "'" or tw == "-") then
        break
      end
    elseif tw == "who" or tw == "in" or tw == "on" or tw == "at" or tw == "during"
        or tw == "after" or tw == "before" or tw == "when" or tw == "while" then
      break
    end
    e = e + 1
  end
  e = e - 1
  if e < k then
    return nil
  end
  local sp = resolve_np(st, toks[4 * k - 3], toks[4 * e - 2])
  -- "said the minister, Marta Quillon, on Friday": a name in apposition to a phrase
  local n = #toks // 4
  if sp and sp.phrase and toks[4 * e + 3] == "," and e + 2 <= n and is_cap_word(toks, e + 2) then
    local f = e + 2
    while f + 1 <= n and (is_cap_word(toks, f + 1) or NAME_PARTICLE[toks[4 * f + 3]]) do
      f = f + 1
    end
    if f - e - 1 <= 4 and (f + 1 > n or toks[4 * f + 4]) then
      local named = resolve_np(st, toks[4 * e + 5], toks[4 * f - 2])
      if named and not named.phrase then
        return named
      end
    end
  end
  return sp
end

---------------------------------------------------------------------------------------------
-- Contexts: text around a quote within its sentence, quotes of the paragraph kept opaque
---------------------------------------------------------------------------------------------

-- Stop of the text before the first sentence end in s[a..b] (b if none).
local function before_first_sentence_end(s, a, b, pure_lua)
  if a > b then
    return b
  end
  local lx = not pure_lua and get_lexicon()
  if lx then
    return lx:before_first_end(s, a, b)
  end
  local sub, i = ssub(s, a, b), 1
  while true do
    local p = sfind(sub, "[%.!?]", i)
    if not p then
      return b
    end
    if sentence_end_after(s, a + p - 1, b) then
      return a + p - 2
    end
    i = p + 1
  end
end

---------------------------------------------------------------------------------------------
-- Attribution of one quote
---------------------------------------------------------------------------------------------

local function ends_with_terminal(s, stop)
  local c = sbyte(s, stop)
  if c == 46 or c == 33 or c == 63 then
    return true
  end
  return stop >= 3 and ssub(s, stop - 2, stop) == "\226\128\166" -- …
end

-- Attribution after the quote. mode "comma": the quote ends with , ? ! or the text after it
-- starts with a comma, so the subject follows directly ("“…,” Daniel Kritenbrink, the ...,
-- told"); mode "running": the verb's subject is found by walking back from the verb.
-- False when s[a..b] holds no speech verb and no "according" (then no attribution is there).
local function has_cue(s, a, b)
  local lx = get_lexicon()
  return not lx or lx:has_word(s, a, b, QW_CUE)
end

local function post_attribution(st, a, b, comma)
  local s = st.text
  if a > b or not has_cue(s, a, b) then
    return nil
  end
  local toks, cues = tokenize(s, a, b, true)
  local n = #toks // 4
  local k0 = 1
  while k0 <= n and toks[4 * k0] do
    local w = toks[4 * k0 - 1]
    if not (w == "," or w == ";" or w == "\226\128\148" or w == "\226\128\147") then
      break
    end
    comma = comma or w == ","
    k0 = k0 + 1
  end
  -- only cue words can start an attribution (according_to and is_verb are false elsewhere)
  local last, first = math.min(n, k0 + 30), 1
  while cues[first] and cues[first] < k0 do
    first = first + 1
  end
  for ci = first, #cues do
    local k = cues[ci]
    if k > last then
      break
    end
    local sp = according_to(st, toks, k, n)
    if sp then
      return sp, "according to"
    end
    if is_verb(toks, k) then
      local cue = toks[4 * k - 1]
      if k == k0 then -- "said X"
        local nx = toks[4 * k + 3]
        if nx and not toks[4 * k + 4] and (nx == "reporters" or nx == "that") then
          return nil
        end
        local np1 = OUT_VERB[cue] and k + 2 or k + 1 -- "points out former Olympian X"
        sp = np_after(st, toks, np1, n)
        return sp, cue
      end
      if comma then
        -- subject = the phrase before the first comma (apposition follows it)
        local e = k - 1
        for q = k0, k - 1 do
          if toks[4 * q] and toks[4 * q - 1] == "," then
            e = q - 1
            break
          end
        end
        while e >= k0 and not toks[4 * e] and AUX[slower(toks[4 * e - 1])] do
          e = e - 1
        end
        if e >= k0 and e - k0 < 16 then
          -- an unresolved subject ("I said", "she said" with nobody named) keeps the cue
          return resolve_np(st, toks[4 * k0 - 3], toks[4 * e - 2]), cue
        end
        return nil
      end
      sp = subject_before(st, toks, k, k0)
      if sp then
        return sp, cue
      end
    end
  end
  return nil
end

-- Attribution before the quote. Returns speaker, cue, direct_form where direct_form says the
-- quote is introduced by the verb ("X said: “", "X said, “", "X said that “", "X told
-- reporters on Friday: “").
local function pre_attribution(st, a, b)
  local s = st.text
  if a > b or not has_cue(s, a, b) then
    return nil
  end
  local toks, cues = tokenize(s, a, b, true)
  local n = #toks // 4
  -- from the quote backwards, cue words only (according_to and is_verb are false elsewhere)
  local first = math.max(1, n - 40)
  for ci = #cues, 1, -1 do
    local k = cues[ci]
    if k < first then
      break
    end
    local sp = according_to(st, toks, k, n)
    if sp then
      return sp, "according to", toks[4 * n] and toks[4 * n - 1] == ","
    end
    if is_verb(toks, k) then
      local cue = toks[4 * k - 1]
      -- what lies between the verb and the quote
      local words, direct = 0, false
      local tail_ok = true
      for q = k + 1, n do
        local tw = toks[4 * q - 1]
        if toks[4 * q] then
          if (tw == ":" or tw == ",") and q == n then
            direct = true
          else
            tail_ok = false
          end
        else
          words = words + 1
          if tw == "that" and q == n then
            direct = true
          end
        end
      end
      if k == n then
        direct = true
      elseif not tail_ok or words > 5 or (words > 0 and not direct) then
        direct = false
      end
      sp = subject_before(st, toks, k, 1)
      if not sp and k > 1 and toks[4 * k - 4] and toks[4 * k - 5] == "," then
        -- "Kritenbrink, a veteran diplomat, said: “" -> the phrase before the apposition
        local q = k - 2
        while q >= 1 and not (toks[4 * q] and toks[4 * q - 1] == ",") do
          q = q - 1
        end
        if q >= 2 then
          sp = subject_before(st, toks, q, 1)
          -- "Its chief executive, Theodore Kessling, said": the name in apposition to a phrase
          if (not sp or sp.phrase) and q + 1 <= k - 2 then
            local inner = resolve_np(st, toks[4 * q + 1], toks[4 * k - 10])
            if inner and not inner.phrase then
              sp = inner
            end
          end
        end
      end
      if sp then
        return sp, cue, direct
      end
      if direct then
        return nil, cue, true
      end
    end
  end
  return nil
end

---------------------------------------------------------------------------------------------
-- Transcript turns
---------------------------------------------------------------------------------------------

local function title_case(w)
  local out = {}
  for part, sep in w:gmatch("([^%s%-']+)([%s%-']?)") do
    local first = ssub(part, 1, 1)
    local rest = ssub(part, 2)
    local c = sbyte(part, 1)
    if c and c >= 0xC0 then -- keep the first (multi-byte) letter, lower the rest
      local len = c >= 0xF0 and 4 or c >= 0xE0 and 3 or 2
      first, rest = ssub(part, 1, len), ssub(part, len + 1)
    end
    rest = rest:lower():gsub("\195([\128-\158])", function(x)
      return "\195" .. string.char(sbyte(x) + 32)
    end)
    out[#out + 1] = first .. rest .. sep
  end
  return concat(out)
end

-- A "NAME: text" or "FIRST LAST, ROLE: text" line. Returns name_start, name_stop, text_start
-- (all positions in s) or nil.
local function label_at(s, a, b)
  local lim = math.min(b, a + 80)
  local colon = sfind(ssub(s, a, lim), ":", 1, true)
  if not colon or colon == 1 then
    return nil
  end
  colon = a + colon - 1
  local nx = sbyte(s, colon + 1)
  if colon < b and not is_space(nx) then
    return nil
  end
  local label = ssub(s, a, colon - 1)
  if has_lower(label) or not is_upper_at(s, a) then
    return nil
  end
  if not label:find("^[%u\128-\255][%u\128-\255%.'%- ,]*$") then
    return nil
  end
  local comma = label:find(",", 1, true)
  local name = comma and label:sub(1, comma - 1) or label
  name = name:gsub("%s+$", "")
  local nw = select(2, name:gsub("[^%s]+", ""))
  if nw < 1 or nw > 4 or NOT_LABEL[name] or NOT_LABEL[name:match("^[^%s]+")] then
    return nil
  end
  if comma and label:find(",", comma + 1, true) then
    return nil
  end
  local ts = colon + 1
  while ts <= b and is_space(sbyte(s, ts)) do
    ts = ts + 1
  end
  return a, a + #name - 1, ts
end

local function resolve_label(st, ns, ne, full_labels)
  local s = st.text
  local label = ssub(s, ns, ne)
  local m = mention_in(st, ns, ne)
  if m and m.type == "PERSON" then
    return m.entity or m.text, m.entity
  end
  local nw = select(2, label:gsub("[^%s]+", ""))
  local llabel = slower(label)
  if st.mentions then
    if not st.pmap then -- persons by full name and by last word, first seen wins
      st.pmap, st.plast = {}, {}
      for _, p in ipairs(st.persons) do
        local cand = p.entity or p.text
        local lc = slower(cand)
        st.pmap[lc] = st.pmap[lc] or p
        local ll = slower(last_token(cand) or "")
        st.plast[ll] = st.plast[ll] or p
      end
    end
    local p = st.pmap[llabel] or (nw == 1 and st.plast[llabel])
    if p then
      return p.entity or p.text, p.entity
    end
  end
  if nw == 1 then
    local full = full_labels[llabel]
    if full then
      return full, nil
    end
    local l = get_fullby(st)[llabel]
    if l then
      return name_of(st, l[2]), nil
    end
  end
  return title_case(label), nil
end

---------------------------------------------------------------------------------------------
-- Marks and paragraphs
---------------------------------------------------------------------------------------------

-- Classify a quotation mark at i: returns length, role ("open"|"close"|"toggle"), style.
local function mark_at(s, i)
  local c = sbyte(s, i)
  if c == 34 then
    return 1, "toggle", "straight"
  elseif c == 0xE2 then
    local c2, c3 = sbyte(s, i + 1, i + 2)
    if c2 == 0x80 then
      if c3 == 0x9C then
        return 3, "open", "curly"
      elseif c3 == 0x9D then
        return 3, "close", "curly"
      elseif c3 == 0x9E then
        return 3, "open", "low"
      end
    end
  elseif c == 0xC2 then
    local c2 = sbyte(s, i + 1)
    if c2 == 0xAB then
      return 2, "open", "angle"
    elseif c2 == 0xBB then
      return 2, "close", "angle"
    end
  end
  return nil
end

local function closes(style, role, mstyle)
  if style == "straight" then
    return mstyle == "straight"
  elseif style == "curly" then
    return role == "close" and mstyle == "curly"
  elseif style == "low" then -- „…“ or „…”
    return mstyle == "curly"
  else
    return role == "close" and mstyle == "angle"
  end
end

-- Direction of a straight double quote at p from its neighbours: "open" after a blank, an
-- opening bracket, a dash or the text start and before a non-blank; "close" after a non-blank
-- and before a blank, punctuation or the end; nil when both or neither hold.
local function straight_dir(s, p)
  local pc, nc = sbyte(s, p - 1), sbyte(s, p + 1)
  local after_blank = pc == nil or is_space(pc) or pc == 40 or pc == 91 or pc == 123
  if not after_blank and p > 3 and (pc == 0x94 or pc == 0x93) then -- — or –
    after_blank = sbyte(s, p - 3) == 0xE2 and sbyte(s, p - 2) == 0x80
  end
  local before_blank = nc == nil or is_space(nc) or (nc < 128 and not is_alnum(nc))
    or (nc >= 128 and mb_punct(s, p + 1) ~= nil)
  if after_blank and not before_blank then
    return "open"
  elseif before_blank and not after_blank then
    return "close"
  end
  return nil
end

-- Scan the text once: paragraphs (a flat array: start, stop of paragraph i at 2i-1, 2i) and raw
-- quote spans.
-- Raw quotes: a flat array, 7 numbers a quote (no table per quote): open mark start, inner
-- start, inner end, close mark start, after the close mark, paragraph index, unclosed (1 or 0);
-- the same layout as core.quote_scan gives.
local function scan_lua(s, wrapped)
  local n = #s
  local paras, raws = {}, {}
  local pstart = 1
  local open -- { pos, len, style }
  local i = 1
  local nr = 0
  local function emit(o, inner_end, close_s, after, unclosed)
    raws[nr + 1], raws[nr + 2], raws[nr + 3], raws[nr + 4] = o.pos, o.pos + o.len, inner_end, close_s
    raws[nr + 5], raws[nr + 6], raws[nr + 7] = after, #paras // 2 + 1, unclosed and 1 or 0
    nr = nr + 7
  end
  local function end_para(pend, next_start)
    if open then
      emit(open, pend, pend + 1, pend + 1, true)
      open = nil
    end
    paras[#paras + 1] = pstart
    paras[#paras + 1] = pend
    pstart = next_start
  end
  while i <= n do
    local p = sfind(s, "[\n\"\194\226]", i)
    if not p then
      break
    end
    local c = sbyte(s, p)
    if c == 10 then
      local blank = sfind(s, "^[ \t\r\f\v]*\n", p + 1)
      if not wrapped or blank or p == n then
        end_para(p - 1, p + 1)
      end
      i = p + 1
    else
      local len, role, style = mark_at(s, p)
      local dir = len == 1 and straight_dir(s, p)
      if not len then
        i = p + 1
      else
        if open and closes(open.style, role, style) and dir ~= "open" then
          emit(open, p - 1, p, p + len, false)
          open = nil
        elseif open and style == open.style and (role == "open" or dir == "open") then
          -- a second opening mark: the first quote was never closed (a quote running over
          -- paragraphs whose breaks were lost: "A. "B." -> A unclosed, B)
          emit(open, p - 1, p, p, true)
          open = { pos = p, len = len, style = style }
        elseif not open and (role == "open" or (role == "toggle" and dir ~= "close")) then
          -- a straight mark that can only close opens nothing (a 12" pipe, a stray closer)
          open = { pos = p, len = len, style = style }
        end
        i = p + len
      end
    end
  end
  end_para(n, n + 1)
  return paras, raws
end

local function scan(s, wrapped)
  if not get_lexicon() then
    return scan_lua(s, wrapped)
  end
  return core.quote_scan(s, wrapped)
end

-- Count words in s[a..b], stopping once more than `limit` were seen (bounded work).
local function count_words(s, a, b, limit)
  b = math.min(b, a + 200)
  local lx = get_lexicon()
  if lx then
    return lx:count_words(s, a, b, limit)
  end
  if b > a + 48 then -- more than `limit` words in a prefix: more in the whole (cheaper)
    local w = count_words(s, a, a + 48, limit)
    if w > limit then
      return w
    end
  end
  local toks = tokenize(s, a, b)
  local w = 0
  for k = 4, #toks, 4 do
    if not toks[k] then
      w = w + 1
      if w > limit then
        break
      end
    end
  end
  return w
end

---------------------------------------------------------------------------------------------
-- Public API
---------------------------------------------------------------------------------------------

local FIND_OPTS = { mentions = "table", sentences = "table", wrapped = "boolean", scare = "boolean" }

-- Raise "bad argument" at the caller of the public function (level: its stack level).
local function argerror(n, fname, msg, level)
  error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), level or 3)
end

-- Check an array of spans { start, stop } (1-based inclusive, inside a text of length len).
local math_type = math.type

-- Check an array of spans { start, stop } (1-based inclusive, inside a text of length len) and
-- return it sorted by start: the list itself when it already is, else a sorted copy.
local function checked_sorted(list, fname, what, len)
  local ok, prev, k = true, -math.huge, 1
  if get_lexicon() then -- the same checks in C
    local code
    k, code = core.quote_check_spans(list, len)
    if code == "ok" or code == "unsorted" then
      ok = code == "ok"
      goto checked
    end
    local m = list[k]
    if code == "table" then
      argerror(2, fname, ("opts.%s[%d] must be a table, got %s"):format(what, k, type(m)), 4)
    elseif code == "range" then
      argerror(2, fname, ("opts.%s[%d] is outside the text (start %d, stop %d, length %d)"):format(
        what, k, m.start, m.stop, len), 4)
    end
    argerror(2, fname, ("opts.%s[%d].%s must be an integer, got %s"):format(what, k, code,
      type(m[code])), 4)
  end
  while true do
    local m = list[k]
    if m == nil then
      break
    end
    if type(m) ~= "table" then
      argerror(2, fname, ("opts.%s[%d] must be a table, got %s"):format(what, k, type(m)), 4)
    end
    local a, b = m.start, m.stop
    if math_type(a) ~= "integer" or math_type(b) ~= "integer" then
      local f = math_type(a) ~= "integer" and "start" or "stop"
      argerror(2, fname, ("opts.%s[%d].%s must be an integer, got %s"):format(what, k, f,
        type(m[f])), 4)
    end
    if a < 1 or b > len or b < a - 1 then
      argerror(2, fname, ("opts.%s[%d] is outside the text (start %d, stop %d, length %d)"):format(
        what, k, a, b, len), 4)
    end
    if a < prev then
      ok = false
    end
    prev = a
    k = k + 1
  end
  ::checked::
  if ok and list[k] == nil and #list == k - 1 then
    return list
  end
  local out = {}
  for i = 1, k - 1 do
    out[i] = list[i]
  end
  if not ok then
    sort(out, function(x, y)
      return x.start < y.start
    end)
  end
  return out
end

local function make_quote(s, a, b, kind)
  -- the speaker fields are named so that the table is sized once for them (8 keys; a nil field
  -- takes no key)
  return { start = a, stop = b, text = ssub(s, a, b), kind = kind, speaker = nil,
    speaker_start = nil, speaker_stop = nil, cue = nil }
end

-- Set the speaker fields from a resolved speaker (or only the cue when sp is nil: an
-- attribution whose subject could not be resolved, which still blocks continuation).
local function set_speaker(q, sp, cue)
  if sp then
    q.speaker, q.entity = sp.name, sp.entity
    q.speaker_start, q.speaker_stop = sp.s, sp.e
  end
  q.cue = cue
end

--- Find quotes and their speakers.
-- @param text string: the article text (clean text; any bytes accepted)
-- @param opts table or nil:
--   mentions  array of mention records { start, stop, text, entity, type } (1-based inclusive
--             byte positions into text); PERSON mentions name speakers, resolve "he said" and
--             transcript labels; other types name organisation speakers
--   sentences array of { start, stop } (1-based inclusive); the text before a quote that is
--             searched for its attribution never starts before the quote's sentence
--   wrapped   true when single newlines are line wraps inside paragraphs (default false: every
--             newline ends a paragraph); blank lines always end a paragraph
--   scare     false to drop unattributed quotes of one or two words (scare quotes such as
--             “deliverables”); by default they are kept as kind "partial" with no speaker
-- @return array of quote records in text order (by start; a transcript turn comes before the
--   quotes inside it); positions are 1-based inclusive byte positions into text
function M.find(text, opts)
  if type(text) ~= "string" then
    argerror(1, "find", "string expected, got " .. type(text))
  end
  if opts ~= nil and type(opts) ~= "table" then
    argerror(2, "find", "table or nil expected, got " .. type(opts))
  end
  opts = opts or {}
  for k, v in pairs(opts) do
    local want = FIND_OPTS[k]
    if not want then
      argerror(2, "find", "unknown option '" .. tostring(k) .. "'")
    end
    if type(v) ~= want then
      argerror(2, "find", ("opts.%s must be a %s, got %s"):format(k, want, type(v)))
    end
  end
  local st = { text = text }
  if opts.mentions then
    st.mentions = checked_sorted(opts.mentions, "find", "mentions", #text)
    st.persons = {}
    for _, m in ipairs(st.mentions) do
      if m.type == "PERSON" then
        st.persons[#st.persons + 1] = m
      end
    end
  end
  local sentences
  if opts.sentences then
    sentences = checked_sorted(opts.sentences, "find", "sentences", #text)
  end
  local keep_scare = opts.scare ~= false
  local s = text
  local out = {}
  if #s == 0 then
    return out
  end

  local paras, raws = scan(s, opts.wrapped == true)
  st.qspans, st.sentences = raws, sentences

  -- Transcript turns: only when the text has at least two "LABEL:" lines.
  local labels = {}
  -- a label line needs a colon in its first 81 bytes: only paragraphs holding one are looked at
  local lcolon, lp, npara = sfind(s, ":", 1, true), 1, #paras // 2
  while lcolon do
    while lp <= npara and paras[2 * lp] < lcolon do
      lp = lp + 1
    end
    if lp > npara then
      break
    end
    local a, pstop = paras[2 * lp - 1], paras[2 * lp]
    while a <= pstop and is_space(sbyte(s, a)) do
      a = a + 1
    end
    if lcolon <= a + 80 and is_upper_at(s, a) then
      local ns, ne, ts = label_at(s, a, pstop)
      if ns then
        labels[#labels + 1] = { para = lp, ns = ns, ne = ne, ts = ts }
      end
    end
    lp = lp + 1
    lcolon = sfind(s, ":", pstop + 1, true)
  end
  local turns = {}
  if #labels >= 2 then
    local label_para = {}
    for _, l in ipairs(labels) do
      label_para[l.para] = true
    end
    local full_labels = {}
    for li, l in ipairs(labels) do
      local name, entity = resolve_label(st, l.ns, l.ne, full_labels)
      if name:find(" ", 1, true) then
        full_labels[slower(last_token(name))] = name
      end
      local a, b = l.ts, paras[2 * l.para]
      -- Following paragraphs up to the next turn: a label alone on its line takes the next
      -- non-empty paragraph; between two turns, unlabelled paragraphs continue the turn (not
      -- after the last turn: page text follows a transcript); a stage direction such as
      -- "(SOUNDBITE ...)" or "[MUSIC]" ends the turn.
      local more = labels[li + 1] ~= nil
      local pi = l.para + 1
      while paras[2 * pi] and not label_para[pi] and (a > b or more) do
        local pa, pb = paras[2 * pi - 1], paras[2 * pi]
        local off = pa <= pb and sfind(ssub(s, pa, pb), "[^%s]")
        if off then
          local c = sbyte(s, pa + off - 1)
          if c == 40 or c == 91 then
            break
          end
          if a > b then
            a = pa + off - 1
          end
          b = pb
        end
        pi = pi + 1
      end
      while b >= a and is_space(sbyte(s, b)) do
        b = b - 1
      end
      if a <= b then
        local q = make_quote(s, a, b, "transcript")
        q.speaker, q.entity, q.speaker_start, q.speaker_stop, q.cue = name, entity, l.ns, l.ne, "label"
        turns[#turns + 1] = q
      end
    end
  end

  -- Direct and partial quotes.
  local quotes = {}
  -- per quote k of `quotes`, outside the records (no private keys in them): qinfo[4k-3] its
  -- paragraph, [4k-2] in the same sentence as the quote before, [4k-1] ends with . ! ? or …,
  -- [4k] a scare quote
  local qinfo = {}
  local scur = 0 -- sentence cursor: the last sentence starting at or before the quote
  local nraws = #raws // 7
  for r = 1, nraws do
    -- the raw quote r: 7 numbers from raws[rb + 1] (see scan)
    local rb = 7 * (r - 1)
    local r_os, r_ae, r_para = raws[rb + 1], raws[rb + 5], raws[rb + 6]
    local r_ce, r_unclosed = raws[rb + 3], raws[rb + 7] == 1
    local a, b = raws[rb + 2], r_ce
    while a <= b and is_space(sbyte(s, a)) do
      a = a + 1
    end
    while b >= a and is_space(sbyte(s, b)) do
      b = b - 1
    end
    while b >= a and sbyte(s, b) == 44 do -- “…,” said: the comma belongs to the attribution
      b = b - 1
    end
    while b >= a and is_space(sbyte(s, b)) do
      b = b - 1
    end
    if a <= b then
      local para_start, para_stop = paras[2 * r_para - 1], paras[2 * r_para]
      local prev_same = r > 1 and raws[rb - 1] == r_para -- the previous quote, same paragraph
      local nxt_same = r < nraws and raws[rb + 13] == r_para -- the next one
      -- context before: from the previous quote (same paragraph) or paragraph start
      local gs = prev_same and raws[rb - 2] or para_start
      local gap_start = gs
      gs = math.max(gs, r_os - CTX)
      if sentences then -- the sentence holding the opening mark (quotes come in text order)
        local nx = sentences[scur + 1]
        while nx and nx.start <= r_os do
          scur = scur + 1
          nx = sentences[scur + 1]
        end
        if scur > 0 and sentences[scur].stop >= r_os then
          gs = math.max(gs, sentences[scur].start)
        end
      end
      local pre_a = after_last_sentence_end(s, gs, r_os - 1)
      local pre_b = r_os - 1
      -- context after: to the next quote (same paragraph), paragraph end or a sentence end
      local ge = nxt_same and raws[rb + 8] - 1 or para_stop
      ge = math.min(ge, r_ae + CTX)
      local post_a, post_b = r_ae, before_first_sentence_end(s, r_ae, ge)
      local inner_terminal, comma_end
      do -- terminal punctuation just before the closing mark (before a trimmed comma)
        local e = r_ce
        while e >= a and is_space(sbyte(s, e)) do
          e = e - 1
        end
        inner_terminal = ends_with_terminal(s, e)
        local ch = sbyte(s, e)
        comma_end = ch == 44 or ch == 63 or ch == 33
      end
      -- a quote ending with . ! ? followed by a capital: the sentence ended with the quote
      if inner_terminal and not comma_end then
        local j = post_a
        while j <= post_b and is_space(sbyte(s, j)) do
          j = j + 1
        end
        if j > post_b or is_upper_at(s, j) then
          post_b = post_a - 1
        end
      end
      local pre_nb = sfind(s, "[^%s]", pre_a) -- the first non-blank of the context before
      local pre_blank = not pre_nb or pre_nb > pre_b
      local pre_tail = pre_blank and "" or ssub(s, math.max(pre_a, pre_b - 4), pre_b)
      local at_start = pre_blank or pre_tail:find("[%(%[]%s*$") ~= nil
        or pre_tail:find("\226\128[\147\148]%s*$") ~= nil or pre_tail:find("%-%-%s*$") ~= nil
      local colon = pre_tail:find(":%s*$") ~= nil
      local post_blank = post_b < post_a
      if not post_blank then
        local nb = sfind(s, "[^%s%.!?]", post_a)
        post_blank = not nb or nb > post_b
      end
      local nwords = count_words(s, a, b, SCARE_WORDS)

      local sp, cue, direct_form
      local post_comma = comma_end or sfind(s, "^%s*,", post_a) ~= nil
      if not post_blank then
        sp, cue = post_attribution(st, post_a, post_b, post_comma and (at_start or colon or
          comma_end))
      end
      local psp, pcue
      if not pre_blank then
        psp, pcue, direct_form = pre_attribution(st, pre_a, pre_b)
      end
      local kind
      local ends_sentence = post_blank or ((sp or cue) and post_comma)
      if nwords <= SCARE_WORDS and not at_start then
        kind = "partial"
      elseif (at_start or colon or direct_form) and (ends_sentence or r_unclosed) then
        kind = "direct"
      elseif at_start and (comma_end or inner_terminal) then
        kind = "direct" -- a quote opening its sentence and closing with , ? ! or .
      else
        kind = "partial"
      end
      local q = make_quote(s, a, b, kind)
      if r_unclosed then
        q.unclosed = true
      end
      if kind == "direct" then
        if direct_form and (psp or pcue) then
          set_speaker(q, psp, pcue)
        elseif (sp or cue) and post_comma then
          set_speaker(q, sp, cue)
        elseif (psp or pcue) and (colon or direct_form) then
          set_speaker(q, psp, pcue)
        elseif colon then -- headline style "Quillon: “We stay.”": a bare name before the colon
          local cpos = pre_b
          while cpos > pre_a and sbyte(s, cpos) ~= 58 do
            cpos = cpos - 1
          end
          local hsp = resolve_np(st, pre_a, cpos - 1)
          if hsp and not hsp.phrase then
            set_speaker(q, hsp, ":")
          end
        end
      else
        if psp then
          set_speaker(q, psp, pcue)
        elseif sp then
          set_speaker(q, sp, cue)
        end
      end
      local nq = #quotes
      qinfo[4 * nq + 1] = r_para
      qinfo[4 * nq + 2] = prev_same and pre_a == gap_start and not (nq > 0 and qinfo[4 * nq - 1])
      qinfo[4 * nq + 3] = inner_terminal
      qinfo[4 * nq + 4] = kind == "partial" and nwords <= SCARE_WORDS
      quotes[nq + 1] = q
    end
  end

  -- Continuation: an unattributed direct quote takes the speaker of the previous quote in the
  -- same paragraph ("“A,” X said. “B.”"); an unattributed partial quote only within the same
  -- sentence. A paragraph that opens with a quote continuing an unclosed quote of the paragraph
  -- before takes its speaker, and an unclosed quote without speaker takes the speaker of the
  -- quote continuing it (in the next paragraph, or in the same one when a new opening mark cut
  -- it: paragraph breaks lost in scraping).
  for k, q in ipairs(quotes) do
    local p = quotes[k - 1]
    if not q.speaker and not q.cue and p and p.speaker then
      local para, ppara = qinfo[4 * k - 3], qinfo[4 * k - 7]
      local same_para = ppara == para
      local cont_para = p.unclosed and ppara == para - 1 and q.kind == "direct"
      if (same_para and (q.kind == "direct" or qinfo[4 * k - 2])) or cont_para then
        q.speaker, q.entity, q.speaker_start, q.speaker_stop = p.speaker, p.entity,
          p.speaker_start, p.speaker_stop
        q.cue = q.kind == "direct" and "continued" or p.cue
      end
    end
  end
  for k = #quotes - 1, 1, -1 do
    local q, nq = quotes[k], quotes[k + 1]
    local para, nxpara = qinfo[4 * k - 3], qinfo[4 * k + 1]
    if q.unclosed and not q.speaker and not q.cue and nq.speaker
        and (nxpara == para or nxpara == para + 1) then
      q.speaker, q.entity, q.speaker_start, q.speaker_stop = nq.speaker, nq.entity,
        nq.speaker_start, nq.speaker_stop
      q.cue = "continued"
    end
  end

  -- Merge transcript turns and quotes in text order.
  local ti, qi = 1, 1
  while ti <= #turns or qi <= #quotes do
    local t, q = turns[ti], quotes[qi]
    if q and qinfo[4 * qi] and not keep_scare and not q.speaker then
      qi = qi + 1
    elseif t and (not q or t.start <= q.start) then
      out[#out + 1] = t
      ti = ti + 1
    else
      out[#out + 1] = q
      qi = qi + 1
    end
  end
  return out
end

---------------------------------------------------------------------------------------------
-- Normalised keys and grouping across outlets
---------------------------------------------------------------------------------------------

local APOS = { ["\226\128\152"] = "", ["\226\128\153"] = "", ["\202\188"] = "" }

-- The Lua reference of the key (core.quote_key computes the same in C; NC_QUOTES_PURE_LUA=1
-- uses this one; specs compare the two).
function M._key_lua(text)
  local k = text:gsub("\226\128[\152\153]", APOS):gsub("\202\188", ""):gsub("'", "")
  -- multi-byte punctuation and spaces (U+2000..U+207F, U+0080..U+00BF) -> space
  k = k:gsub("\226[\128\129][\128-\191]", " "):gsub("\194[\128-\191]", " ")
  k = k:gsub("\195[\128-\158]", function(x)
    if x == "\195\151" then
      return " "
    end
    return "\195" .. string.char(sbyte(x, 2) + 32)
  end)
  k = k:lower():gsub("[%p%c]", " "):gsub("%s+", " ")
  return (k:gsub("^ ", ""):gsub(" $", ""))
end

local key_impl = M._key_lua
if core_ok and type(core) == "table" and core.quote_key and os.getenv("NC_QUOTES_PURE_LUA") ~= "1" then
  key_impl = core.quote_key
end

--- Normalised key of a quote text, for grouping the same quote across outlets: ASCII case
-- folded (and Latin-1 capitals), curly and straight quotation marks and apostrophes removed,
-- dashes and all other punctuation turned into spaces, whitespace collapsed, trimmed.
-- "We’re  going—“now”," and "we're going now" give the same key "were going now".
-- The store keeps it in quotes.key.
-- @param text string
-- @return string (possibly empty)
function M.key(text)
  if type(text) ~= "string" then
    argerror(1, "key", "string expected, got " .. type(text))
  end
  return key_impl(text)
end

local function key_tokens(key)
  local toks, set_, n = {}, {}, 0
  for w in key:gmatch("[^ ]+") do
    n = n + 1
    toks[n] = w
    set_[w] = true
  end
  return toks, set_
end

local MIN_FUZZY = 4 -- containment and overlap only group quotes of at least this many words
local OVERLAP = 0.8 -- shared distinct words / distinct words of the longer quote

--- Group the same quote across articles and outlets.
-- @param list array of { article = id or name, source = outlet name, quote = quote record }
-- @return array of groups { key, text, speaker, entity, members = { items of list },
--   sources = { distinct outlet names in first-seen order } }, the largest groups first (ties
--   in order of first appearance). Two quotes group when their keys (see `key`) are equal, or,
--   when both have at least 4 words, when one key is contained in the other on word boundaries
--   (an outlet trimmed words) or they share >= 80% of the distinct words of the longer one.
--   text is the longest form; speaker/entity the most frequent among members (entity
--   preferred from members that have one).
function M.group(list)
  if type(list) ~= "table" then
    argerror(1, "group", "table expected, got " .. type(list))
  end
  local items = {}
  for i, it in ipairs(list) do
    if type(it) ~= "table" or type(it.quote) ~= "table" or type(it.quote.text) ~= "string" then
      argerror(1, "group", ("list[%d] must be a table with a quote record (quote.text string)"):format(i))
    end
    local key = M.key(it.quote.text)
    local toks, tset = key_tokens(key)
    local nd = 0
    for _ in pairs(tset) do
      nd = nd + 1
    end
    items[#items + 1] = { i = i, it = it, key = key, n = #toks, set = tset, nd = nd }
  end
  -- Document frequency of each word: candidates are looked up by the rarest words only.
  local df = {}
  for _, x in ipairs(items) do
    for w in pairs(x.set) do
      df[w] = (df[w] or 0) + 1
    end
  end
  sort(items, function(x, y)
    if x.n ~= y.n then
      return x.n > y.n
    end
    if #x.key ~= #y.key then
      return #x.key > #y.key
    end
    return x.i < y.i
  end)
  local groups, exact, index = {}, {}, {}
  for _, x in ipairs(items) do
    local g = exact[x.key]
    if not g and x.n >= MIN_FUZZY then
      -- A group that contains x, or shares >= 80% of x's distinct words, holds at least one of
      -- any floor(0.2 * nd) + 1 words of x: probe with that many of the rarest.
      local words = {}
      for w in pairs(x.set) do
        words[#words + 1] = w
      end
      sort(words, function(u, v)
        if df[u] ~= df[v] then
          return df[u] < df[v]
        end
        return u < v
      end)
      local cands, seen = {}, {}
      for k = 1, math.min(#words, x.nd // 5 + 1) do
        for _, gi in ipairs(index[words[k]] or {}) do
          if not seen[gi] then
            seen[gi] = true
            cands[#cands + 1] = gi
          end
        end
      end
      local best, bestscore = nil, -1
      local padded = " " .. x.key .. " "
      for _, gi in ipairs(cands) do
        local rep = groups[gi].rep
        local c = 0
        for w in pairs(x.set) do
          if rep.set[w] then
            c = c + 1
          end
        end
        local contained = (" " .. rep.key .. " "):find(padded, 1, true) ~= nil
        local score = c / math.max(rep.nd, x.nd)
        if contained then
          score = score + 1
        end
        if (contained or score >= OVERLAP) and (score > bestscore or (score == bestscore and gi < best)) then
          best, bestscore = gi, score
        end
      end
      if best then
        g = groups[best]
      end
    end
    if not g then
      g = { rep = x, items = {}, first = x.i, id = #groups + 1 }
      groups[#groups + 1] = g
      exact[x.key] = g
      if x.n >= MIN_FUZZY then
        for w in pairs(x.set) do
          local l = index[w]
          if not l then
            l = {}
            index[w] = l
          end
          l[#l + 1] = g.id
        end
      end
    end
    exact[x.key] = exact[x.key] or g
    g.items[#g.items + 1] = x
    if x.i < g.first then
      g.first = x.i
    end
  end
  local out = {}
  for _, g in ipairs(groups) do
    sort(g.items, function(x, y)
      return x.i < y.i
    end)
    local members, sources, seen = {}, {}, {}
    local scount, ecount = {}, {}
    local best_s, best_e, bs, be = nil, nil, 0, 0
    for _, x in ipairs(g.items) do
      local it = x.it
      members[#members + 1] = it
      local src = it.source
      if src ~= nil and not seen[src] then
        seen[src] = true
        sources[#sources + 1] = src
      end
      local q = it.quote
      if q.speaker then
        scount[q.speaker] = (scount[q.speaker] or 0) + 1
        if scount[q.speaker] > bs then
          best_s, bs = q.speaker, scount[q.speaker]
        end
      end
      if q.entity then
        ecount[q.entity] = (ecount[q.entity] or 0) + 1
        if ecount[q.entity] > be then
          best_e, be = q.entity, ecount[q.entity]
        end
      end
    end
    out[#out + 1] = { key = g.rep.key, text = g.rep.it.quote.text, speaker = best_e or best_s,
      entity = best_e, members = members, sources = sources, _first = g.first }
  end
  sort(out, function(x, y)
    if #x.members ~= #y.members then
      return #x.members > #y.members
    end
    return x._first < y._first
  end)
  for _, g in ipairs(out) do
    g._first = nil
  end
  return out
end

-- Internal (specs): the names build_names finds in text, by the C scanner or (pure_lua) the
-- Lua one: array of { start, stop, name }.
function M._names(text, pure_lua)
  local st = { text = text }
  local flat, out = build_names(st, pure_lua), {}
  for k = 1, #flat // 5 do
    out[k] = { start = flat[5 * k - 4], stop = flat[5 * k - 3], name = name_of(st, k) }
  end
  return out
end

-- Internal (specs): the context tokens of text[a..b] and the paragraphs and raw quotations of
-- text, by C or (pure_lua) by Lua.
function M._tokens(text, a, b, pure_lua)
  return (pure_lua and tokenize_lua or tokenize)(text, a, b)
end
function M._scan(text, wrapped, pure_lua)
  return (pure_lua and scan_lua or scan)(text, wrapped)
end
-- Internal (specs): sentence ends in text[a..b], as after_last_sentence_end and
-- before_first_sentence_end.
function M._sentence_ends(text, a, b, pure_lua)
  return after_last_sentence_end(text, a, b, pure_lua), before_first_sentence_end(text, a, b,
    pure_lua)
end

return M
