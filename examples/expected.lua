-- Machine-readable truth for the fictional sample corpus in examples/corpus/ (all invented).
-- Used by the end-to-end specs and the demo checks. Load with `dofile("examples/expected.lua")`.
--
-- articles[key]: key is the file name; for JSON Lines files "file.jsonl#N" (N = 1-based line).
--   title     the headline (for .html the og:title / <h1>, for .txt the headline line, for .jsonl
--             the "title" field); exact text, curly marks included.
--   source    the outlet (for .txt files it is not in the page text: see `sources` below).
--   url, author, date   only where the file states them (HTML <head> metadata or JSONL fields);
--             dates exactly as written there.
--   people, orgs, places  canonical names (examples/gazetteer.tsv) of every PERSON, ORG and
--             GPE/LOC named in the story body, through the full name, an alias or a short name
--             (surname after the full name). Exactly these: anything else is a false positive.
--             An entity named only inside a longer one ("Merrow Bay" in "Friends of Merrow Bay",
--             "Lunmark" in "Lunmark Ship Registry") is not listed on its own. Gazetteer
--             entries of other types (NORP "Varnian", PRODUCT "Corran Star") are not listed.
--   quotes    every quotation in the body, in order, one entry per pair of quotation marks
--             (a transcript: one entry per speaker turn); `contains` is a few words copied
--             byte-exactly from inside the marks; `speaker` is the canonical name (an ORG when
--             an organisation "said" it) or nil when the speaker is unnamed (then
--             `anonymous = true`: a tool must not give it a named speaker). `kind` is given
--             where it is unambiguous ("partial": a fragment inside running text;
--             "transcript": a speaker turn of a radio transcript).
--   noise_only  gazetteer entities that occur in this file only inside boilerplate (bylines,
--             breadcrumbs, footers, bios): they must NOT be in this article's entity lists.
-- shared_quote: one statement carried by three outlets with different marks and one trimmed.
-- must_not_appear: names that occur only in link lists, bios, widgets and site furniture;
--   none of them may be reported as an entity or an unknown-entity candidate.

local FILE_A1 = "estrel-courier_2026-03-12_grounding.txt"
local FILE_A2 = "vpr_2026-03-16_morning-tide.txt"
local FILE_A3 = "bluewater-digest_2026-03-15_brannock-apology.txt"
local FILE_A4 = "estrel-courier_2026-03-17_assembly-hearing.txt"
local FILE_A5 = "vpr_2026-03-24_kessling-testimony.txt"
local FILE_H1 = "calder-harbour-ledger_2026-03-14_channel-closed.html"
local FILE_H2 = "calder-harbour-ledger_2026-03-16_fishermen.html"
local FILE_H3 = "northshore-tribune_2026-03-18_investigation.html"
local FEED = "wire-feed_2026-03.jsonl"

-- a speaker turn of the radio transcript
local function T(speaker, contains)
  return { speaker = speaker, contains = contains, kind = "transcript" }
end

return {
  -- file-name prefix (before the first "_") -> outlet, for formats without metadata
  -- (the .jsonl lines carry their own "source" field)
  sources = {
    ["estrel-courier"] = "Estrel Courier",
    ["vpr"] = "Varnia Public Radio",
    ["bluewater-digest"] = "Bluewater Digest",
    ["calder-harbour-ledger"] = "Calder Harbour Ledger",
    ["northshore-tribune"] = "Northshore Tribune",
  },

  articles = {
    [FILE_A1] = {
      format = "txt",
      title = "Grain carrier runs aground off Gannet Point, leaking fuel into the Sallow Strait",
      source = "Estrel Courier",
      date = "2026-03-12 09:12:05",
      people = { "Ilse Varga", "Felix Oduya", "Aurel Danescu" },
      orgs = {
        "Brannock Shipping Lines", "Port Calder Harbour Authority", "Varnian Coast Guard",
        "National Maritime Safety Board",
      },
      places = {
        "Gannet Point", "Sallow Strait", "Port Calder", "Lunmark", "Tollen", "Corvin Head",
        "Federated Republic of Varnia",
      },
      quotes = {
        { speaker = "Ilse Varga", contains = "The vessel is stable, the crew is safe" },
        { speaker = "Ilse Varga", contains = "We have closed the main channel to all traffic" },
        { speaker = "Felix Oduya", contains = "a sheen about six kilometers long", kind = "partial" },
        { speaker = "Felix Oduya", contains = "The outer boom is holding for now" },
        { speaker = "Brannock Shipping Lines", contains = "cooperating fully with the authorities",
          kind = "partial" },
        { anonymous = true, contains = "You could taste it before you could see it" },
      },
      noise_only = { "Estrel" },
    },

    [FILE_A2] = {
      format = "txt",
      title = "Port Calder fishermen count the cost as oil from the Corran Star reaches Merrow Bay",
      source = "Varnia Public Radio",
      people = { "Nadia Ferro", "Callum Brett", "Daniel Okonjo", "Hou Zhenbo", "Soraya Lindqvist" },
      orgs = {
        "Varnian Coast Guard", "Friends of Merrow Bay", "National Maritime Safety Board",
        "Brannock Shipping Lines",
      },
      places = { "Port Calder", "Gannet Point", "Merrow Bay", "Harrow Sands" },
      quotes = {
        T("Nadia Ferro", "Four days after the grain carrier"),
        T("Callum Brett", "Good morning, Nadia."),
        T("Nadia Ferro", "what are you seeing there this morning"),
        T("Callum Brett", "I'm standing on the harbor wall"),
        T("Daniel Okonjo", "My father fished here"),
        T("Nadia Ferro", "what is the government actually offering"),
        T("Callum Brett", "announced an emergency fund of 48 million crowns"),
        T("Hou Zhenbo", "No family in Port Calder will be left to carry this alone"),
        T("Callum Brett", "the payments work out to about 900 crowns"),
        T("Soraya Lindqvist", "What sinks into the eelgrass stays there for years"),
        T("Nadia Ferro", "is there any word yet on how this happened"),
        T("Callum Brett", "That's the big question here"),
        T("Nadia Ferro", "Thank you, Callum."),
        T("Callum Brett", "Thanks, Nadia."),
      },
      -- "Varnia" occurs only in the transcript footer and the bios ("Varnia Public Radio")
      noise_only = { "Federated Republic of Varnia" },
    },

    [FILE_A3] = {
      format = "txt",
      title = "Shipping line apologises for Corran Star spill, promises to pay for clean-up",
      source = "Bluewater Digest",
      people = { "Theodore Kessling", "Hou Zhenbo", "Aurel Danescu", "Soraya Lindqvist" },
      orgs = {
        "Brannock Shipping Lines", "National Maritime Safety Board", "Friends of Merrow Bay",
        "Varnian Coast Guard",
      },
      places = {
        "Sallow Strait", "Estrel", "Port Calder", "Lunmark", "Gannet Point", "Harrow Sands", "Merrow Bay",
      },
      quotes = {
        { speaker = "Theodore Kessling", contains = "We are deeply sorry. This should not have happened" },
        { speaker = "Theodore Kessling", contains = "within seven days", kind = "partial" },
        { speaker = "Hou Zhenbo", contains = "send the bill to whoever is responsible", kind = "partial" },
        { speaker = "Theodore Kessling", contains = "I am not going to speculate" },
        { speaker = "Theodore Kessling", contains = "The investigators will have everything we have" },
        { speaker = "Theodore Kessling", contains = "shaken but professional", kind = "partial" },
        { speaker = "Soraya Lindqvist", contains = "the least the company could do", kind = "partial" },
      },
      noise_only = {},
    },

    [FILE_A4] = {
      format = "txt",
      title = "Minister faces Assembly over Corran Star spill as safety board finds buoy was dark"
        .. " for 11 days",
      source = "Estrel Courier",
      author = "Greta Lund",
      people = { "Hou Zhenbo", "Rosalind Achterberg", "Ilse Varga", "Petra Halloran", "Theodore Kessling" },
      orgs = {
        "National Maritime Safety Board", "National Assembly", "Port Calder Harbour Authority",
        "Ministry of Coastal Affairs", "Brannock Shipping Lines", "Varnian Coast Guard",
      },
      places = { "Estrel", "Gannet Point", "Port Calder", "Federated Republic of Varnia" },
      quotes = {
        { speaker = "Rosalind Achterberg", contains = "A dark buoy did not put that ship on the sandbar" },
        { speaker = "Rosalind Achterberg", contains = "on a foggy night it removed one of the last chances" },
        { speaker = "Ilse Varga", contains = "until every tonne of fuel is accounted for" },
        { anonymous = true, contains = "scheduled for replacement", kind = "partial" },
        { speaker = "Petra Halloran", contains = "You cut the money for the lights" },
        { speaker = "Hou Zhenbo", contains = "I will not pretend this was anyone's fault" },
        { speaker = "Hou Zhenbo", contains = "if our system let a warning light stay dark" },
        { anonymous = true, contains = "Who pays us?" }, -- a banner, not Hou's words
        { speaker = "Petra Halloran", contains = "this is not over" },
        { speaker = "Petra Halloran", contains = "deserve to know who knew what, and when" },
      },
      noise_only = {},
    },

    [FILE_A5] = {
      format = "txt",
      title = "Shipping boss tells lawmakers his company broke its own rules before the Corran Star"
        .. " grounding",
      source = "Varnia Public Radio",
      people = { "Theodore Kessling", "Aurel Danescu", "Petra Halloran", "Leopold Marchetti", "Ilse Varga" },
      orgs = { "Brannock Shipping Lines", "National Assembly", "National Maritime Safety Board" },
      places = { "Estrel", "Port Calder", "Gannet Point", "Sallow Strait" },
      quotes = {
        { speaker = "Theodore Kessling", contains = "Our procedures say the master is on the bridge" },
        { speaker = "Theodore Kessling", contains = "That is on us." },
        { speaker = "Theodore Kessling", contains = "If the insurance stops, we do not stop" },
        { speaker = "Theodore Kessling", contains = "Whatever the club does not pay, the company will." },
        { speaker = "Theodore Kessling", contains = "a balance sheet that can carry this", kind = "partial" },
        { speaker = "Theodore Kessling", contains = "A buoy helps a navigator who is already looking" },
        { speaker = "Theodore Kessling", contains = "Our officer was not looking." },
        { speaker = "Leopold Marchetti", contains = "uncomfortable but useful", kind = "partial" },
      },
      -- Varnia only in the site name, newsletter box and copyright line; Merrow Bay only in the
      -- "Read more:" link line
      noise_only = { "Federated Republic of Varnia", "Merrow Bay" },
    },

    [FILE_H1] = {
      format = "html",
      title = "Harbour to stay shut until spill is ‘accounted for’, says Varga",
      source = "Calder Harbour Ledger",
      author = "Ines Maraval",
      date = "2026-03-14T18:05:00+01:00",
      url = "https://www.calderledger.example/news/2026/03/14/harbour-stay-shut-until-spill-accounted-for",
      language = "en-GB",
      people = { "Ilse Varga", "Hou Zhenbo", "Marta Okonjo" },
      orgs = {
        "Port Calder Harbour Authority", "Ministry of Coastal Affairs", "Friends of Merrow Bay",
        "National Maritime Safety Board", "Brannock Shipping Lines", "Varnian Coast Guard",
      },
      places = { "Port Calder", "Sallow Strait", "Estrel", "Harrow Sands", "Merrow Bay" },
      quotes = {
        { speaker = "Ilse Varga", contains = "until every tonne of fuel is accounted for" },
        { speaker = "Hou Zhenbo", contains = "Nobody in this town caused this" },
        { speaker = "Marta Okonjo", contains = "I have fishermen who have not earned a crown" },
        { speaker = "Marta Okonjo", contains = "They need money in their hands" },
      },
      noise_only = {},
    },

    [FILE_H2] = {
      format = "html",
      title = "‘We can’t eat promises’: Port Calder’s idle fleet waits for the money",
      source = "Calder Harbour Ledger",
      author = "Ines Maraval",
      date = "2026-03-16T07:30:00+01:00",
      url = "https://www.calderledger.example/news/2026/03/16/idle-fleet-waits-for-the-money",
      language = "en-GB",
      -- two Okonjos: "Mayor Okonjo" is Marta (gazetteer alias); a bare "Okonjo" is never used here
      people = { "Daniel Okonjo", "Marta Okonjo", "Soraya Lindqvist", "Aurel Danescu", "Tomas Reyne" },
      orgs = {
        "Calder Fishermen's Cooperative", "Ministry of Coastal Affairs", "Friends of Merrow Bay",
        "Port Calder Harbour Authority", "Brannock Shipping Lines",
      },
      places = { "Port Calder", "Merrow Bay", "Gannet Point", "Harrow Sands" },
      quotes = {
        { speaker = "Daniel Okonjo", contains = "We can’t eat promises" },
        { speaker = "Daniel Okonjo", contains = "Then pay us this week, not in April." },
        { speaker = "Marta Okonjo", contains = "Nobody should need a lawyer to get what they are owed" },
        { speaker = "Soraya Lindqvist", contains = "What you see on the sand is the easy part" },
        { speaker = "Soraya Lindqvist", contains = "where the young fish grow" },
        { speaker = "Tomas Reyne", contains = "everybody on the radio knew the light was out" },
        { speaker = "Tomas Reyne", contains = "a captain doesn’t need a light to read a chart" },
      },
      noise_only = {},
    },

    [FILE_H3] = {
      format = "html",
      title = "Corran Star was on autopilot and 900 metres off course, investigators say",
      source = "Northshore Tribune",
      author = "Jalen Osei",
      date = "2026-03-18T14:20:00Z",
      url = "https://northshoretribune.example/world/2026/03/18/corran-star-autopilot-off-course",
      language = "en",
      people = { "Rosalind Achterberg", "Aurel Danescu", "Theodore Kessling" },
      orgs = {
        "National Maritime Safety Board", "Brannock Shipping Lines", "Port Calder Harbour Authority",
        "Ministry of Coastal Affairs",
      },
      places = {
        "Port Calder", "Federated Republic of Varnia", "Sallow Strait", "Gannet Point", "Estrel", "Lunmark",
      },
      quotes = {
        { speaker = "Rosalind Achterberg", contains = "Everything we have found so far points to" },
        { speaker = "Rosalind Achterberg", contains = "Why it was not made is the question" },
        -- said by an unnamed lawyer *for* Danescu: must not be attributed to Danescu
        { anonymous = true, contains = "fully open with the investigators", kind = "partial" },
        { speaker = "Theodore Kessling", contains = "difficult reading", kind = "partial" },
        { speaker = "Theodore Kessling", contains = "We own this ship, we employ this crew" },
        { speaker = "National Maritime Safety Board", contains = "contributing factor", kind = "partial" },
      },
      noise_only = {},
    },

    [FEED .. "#1"] = {
      format = "jsonl",
      title = "Varnian port to stay shut until spilled fuel accounted for; government sets up"
        .. " 48 mln crown fund",
      source = "Meridian Wire Service",
      author = "Ada Pereira",
      date = "2026-03-14T17:42:00Z",
      url = "https://meridianwire.example/world/2026/03/14/varnia-port-calder-channel-closed-spill",
      people = { "Ilse Varga", "Hou Zhenbo", "Rosalind Achterberg" },
      -- "Minister of Coastal Affairs" is a title, not the Ministry: no ORG for it here
      orgs = {
        "Port Calder Harbour Authority", "Brannock Shipping Lines", "National Maritime Safety Board",
        "Varnian Coast Guard",
      },
      places = {
        "Port Calder", "Federated Republic of Varnia", "Sallow Strait", "Gannet Point", "Lunmark",
        "Harrow Sands", "Merrow Bay",
      },
      quotes = {
        { speaker = "Ilse Varga", contains = "until every tonne of fuel is accounted for" },
        { speaker = "Hou Zhenbo", contains = "No family in Port Calder will be left to carry this alone" },
        -- one quotation, two sentences, after `X said in a statement:`
        { speaker = "Rosalind Achterberg",
          contains = "far too early to talk about causes. We will follow the evidence" },
      },
      noise_only = {},
    },

    [FEED .. "#2"] = {
      format = "jsonl",
      title = "Brannock Shipping pledges to pay for Port Calder spill; insurers weigh limits",
      source = "Meridian Wire Service",
      author = "Ada Pereira, Jon Hesketh",
      date = "2026-03-15T12:05:00Z",
      url = "https://meridianwire.example/business/2026/03/15/brannock-shipping-pledges-to-pay-for-spill",
      people = { "Theodore Kessling", "Marit Solberg", "Hou Zhenbo", "Daniel Okonjo" },
      orgs = {
        "Brannock Shipping Lines", "Lunmark Ship Registry", "National Maritime Safety Board",
        "Ministry of Coastal Affairs", "Calder Fishermen's Cooperative",
      },
      places = { "Estrel", "Port Calder", "Federated Republic of Varnia", "Lunmark" },
      quotes = {
        { speaker = "Theodore Kessling", contains = "We are deeply sorry. This should not have happened" },
        { speaker = "Marit Solberg", contains = "An operator can promise to pay everything" },
        { speaker = "Marit Solberg", contains = "Fishermen should file their claims early" },
        { speaker = "Daniel Okonjo", contains = "Every week without fishing is a week of loan payments" },
      },
      noise_only = {},
    },

    [FEED .. "#3"] = {
      format = "jsonl",
      title = "Port Calder reopens channel to daylight traffic a week after grounding",
      source = "Northshore Tribune",
      author = "Jalen Osei",
      date = "2026-03-19T15:30:00Z",
      url = "https://northshoretribune.example/world/2026/03/19/port-calder-channel-reopens-daylight",
      people = { "Ilse Varga", "Petra Halloran", "Theodore Kessling" },
      orgs = {
        "Varnian Coast Guard", "Port Calder Harbour Authority", "National Maritime Safety Board",
        "National Assembly", "Brannock Shipping Lines", "Friends of Merrow Bay",
      },
      places = {
        "Port Calder", "Federated Republic of Varnia", "Gannet Point", "Sallow Strait", "Harrow Sands",
      },
      quotes = {
        { speaker = "Ilse Varga", contains = "We said we would wait until the numbers added up" },
        { speaker = "Ilse Varga", contains = "That is not the end of the cleanup" },
        { speaker = "Petra Halloran", contains = "A harbour that is open is not the same as a harbour" },
        { speaker = "Ilse Varga", contains = "not one I will make on a quayside", kind = "partial" },
      },
      noise_only = {},
    },

    [FEED .. "#4"] = {
      format = "jsonl",
      title = "Varnia raises spill cleanup estimate to 62 mln crowns as ship registry opens inquiry",
      source = "Meridian Wire Service",
      author = "Ada Pereira",
      date = "2026-03-20T10:18:00Z",
      url = "https://meridianwire.example/world/2026/03/20/varnia-spill-cleanup-cost-rises",
      people = { "Theodore Kessling", "Ilse Varga", "Petra Halloran", "Hou Zhenbo", "Soraya Lindqvist" },
      orgs = {
        "Ministry of Coastal Affairs", "Lunmark Ship Registry", "Brannock Shipping Lines",
        "National Maritime Safety Board", "National Assembly", "Friends of Merrow Bay",
      },
      -- "Lunmark" occurs only inside "Lunmark Ship Registry"
      places = {
        "Estrel", "Sallow Strait", "Federated Republic of Varnia", "Harrow Sands", "Merrow Bay",
        "Port Calder", "Gannet Point",
      },
      quotes = {
        { anonymous = true, contains = "The numbers will keep moving as the oil moves" },
        { speaker = "Petra Halloran", contains = "Two organisations had the information" },
        { speaker = "Petra Halloran", contains = "I want to know why." },
        { speaker = "Hou Zhenbo", contains = "Nineteen is nineteen too many" },
        { speaker = "Soraya Lindqvist", contains = "a few hours for a ship and nothing at all for a bay",
          kind = "partial" },
      },
      noise_only = {},
    },
  },

  shared_quote = {
    speaker = "Ilse Varga",
    contains = "until every tonne of fuel is accounted for",
    outlets = { "Estrel Courier", "Calder Harbour Ledger", "Meridian Wire Service" },
    files = { FILE_A4, FILE_H1, FEED .. "#1" },
    -- the three forms: straight marks and "apologize" (Courier), curly marks and "apologise"
    -- (Ledger), curly marks trimmed after "accounted for" (Meridian)
  },

  must_not_appear = {
    -- link lists ("Related", "Ranking", "Most read") and ticker
    "Basil Trenwick", "Trenwick", "Halvard Rail Union", "Halvard United", "Sunvale Bank", "Ilario Benn",
    "Lake Ostrin", "Pria Castellano", "Kelby Rovers", "Dunmore Valley", "Oskar Meinhardt",
    "Rudd & Hale", "Mount Seraphine", "Tamsin Yeo", "Bellweather Prize", "Quay Street",
    -- player widget
    "Jonas Albrecht", "The Long Shift",
    -- author bylines and bios
    "Greta Lund", "Ines Maraval", "Jalen Osei", "Morning Tide", "Ilka Brandt",
    -- outlets (named only in site furniture, footers and "As seen on" insertions)
    "Estrel Courier", "Calder Harbour Ledger", "Northshore Tribune", "Meridian Wire", "Bluewater Digest",
    "Varnia Public Radio",
  },
}
