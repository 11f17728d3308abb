/* test_token.c: unit tests of nc_token (words, sentences, keys, stop words). */
#include <stdlib.h>
#include <string.h>

#include "../nc_token.h"
#include "nc_test.h"

/* Renders the tokens of s as "tok/kind tok/kind ..." into out (bounded). Also checks the
 * invariants every caller relies on: non-empty, increasing, inside the input. */
static int render(const char *s, size_t n, unsigned flags, char *out, size_t cap) {
  size_t pos = 0, o = 0, last_end = 0;
  nc_token t;
  int ok = 1;
  out[0] = 0;
  while (nc_token_next(s, n, pos, flags, &t)) {
    if (t.start < last_end || t.end <= t.start || t.end > n) ok = 0;
    const char *k = nc_tok_kind_name((int)t.kind);
    size_t need = (t.end - t.start) + strlen(k) + 2;
    if (o + need + 1 < cap) {
      if (o) out[o++] = ' ';
      memcpy(out + o, s + t.start, t.end - t.start);
      o += t.end - t.start;
      out[o++] = '/';
      memcpy(out + o, k, strlen(k));
      o += strlen(k);
      out[o] = 0;
    }
    last_end = pos = t.end;
  }
  return ok;
}

#define CHECK_TOKENS(text, flags, expect)                            \
  do {                                                               \
    char buf_[2048];                                                 \
    CHECK(render((text), strlen(text), (flags), buf_, sizeof buf_)); \
    CHECK_EQ_MEM(buf_, strlen(buf_), (expect));                      \
  } while (0)

/* Renders sentences as "[s1] [s2]". */
static void render_sent(const char *s, unsigned flags, char *out, size_t cap) {
  size_t n = strlen(s), pos = 0, st, en, o = 0;
  out[0] = 0;
  while (nc_sentence_next(s, n, pos, flags, &st, &en)) {
    if (o + (en - st) + 4 < cap) {
      if (o) out[o++] = ' ';
      out[o++] = '[';
      memcpy(out + o, s + st, en - st);
      o += en - st;
      out[o++] = ']';
      out[o] = 0;
    }
    pos = en > pos ? en : pos + 1;
  }
}

#define CHECK_SENTS(text, flags, expect)             \
  do {                                               \
    char buf_[2048];                                 \
    render_sent((text), (flags), buf_, sizeof buf_); \
    CHECK_EQ_MEM(buf_, strlen(buf_), (expect));      \
  } while (0)

NC_TEST(test_words_news) {
  CHECK_TOKENS("Blinken’s trip: he’s in the U.S. and D.C. with Mr. Smith, Gen. Milley.", 0,
               "Blinken’s/word trip/word :/punct he’s/word in/word the/word U.S./abbrev "
               "and/word D.C./abbrev with/word Mr./abbrev Smith/word ,/punct Gen./abbrev "
               "Milley/word ./punct");
  CHECK_TOKENS("military-to-military talks, G-7, COVID-19 and Blinken's don't", 0,
               "military-to-military/word talks/word ,/punct G-7/word ,/punct COVID-19/word "
               "and/word Blinken's/word don't/word");
  CHECK_TOKENS("$1.48 billion, 30%, 2Q, 1,000 at 06:55:41 on 08/16/2000", 0,
               "$/symbol 1.48/number billion/word ,/punct 30/number %/punct ,/punct 2Q/word "
               ",/punct 1,000/number at/word 06:55:41/number on/word 08/16/2000/number");
  CHECK_TOKENS("Wait... — – -- “quoted” \"x\" 'y' !? ...", 0,
               "Wait/word .../punct —/punct –/punct --/punct “/punct quoted/word ”/punct "
               "\"/punct x/word \"/punct '/punct y/word '/punct !?/punct .../punct");
  CHECK_TOKENS("e.g. a.m. Ph.D. Inc. No. 5 p. 55 I. J. R. R. Tolkien", 0,
               "e.g./abbrev a.m./abbrev Ph.D./abbrev Inc./abbrev No./abbrev 5/number "
               "p./abbrev 55/number I/word ./punct J./abbrev R./abbrev R./abbrev Tolkien/word");
  /* "No." is an abbreviation only before a number */
  CHECK_TOKENS("He said No. Then", 0, "He/word said/word No/word ./punct Then/word");
}

NC_TEST(test_words_web) {
  CHECK_TOKENS("Mail jane.doe@example.com or https://www.example.com/a_(b). See bbc.co.uk/news", 0,
               "Mail/word jane.doe@example.com/email or/word https://www.example.com/a_(b)/url "
               "./punct See/word bbc.co.uk/news/url");
  CHECK_TOKENS("#Beijing2023 @user_1 #1 AT&T snake_case", 0,
               "#Beijing2023/hashtag @user_1/mention #/punct 1/number AT&T/word "
               "snake_case/word");
  CHECK_TOKENS("open report.pdf :) ;-( see:) the ’90s and '70s", 0,
               "open/word report.pdf/word :)/emoji ;-(/emoji see/word :/punct )/punct the/word "
               "’90s/word and/word '70s/word");
  /* the closing parenthesis of prose is not part of the URL */
  CHECK_TOKENS("(see http://x.org/a).", 0, "(/punct see/word http://x.org/a/url )/punct ./punct");
}

NC_TEST(test_words_unicode) {
  CHECK_TOKENS("北京欢迎 テスト naïve café Ελληνικά русский", 0,
               "北/word 京/word 欢/word 迎/word テ/word ス/word ト/word naïve/word café/word "
               "Ελληνικά/word русский/word");
  /* thumbs up + skin tone; family (ZWJ); flag; airplane + VS16; text © */
  CHECK_TOKENS(
      "👍🏽 👨‍👩‍👧 🇺🇸 ✈️ © ©️", 0,
      "👍🏽/emoji 👨‍👩‍👧/emoji 🇺🇸/emoji ✈️/emoji ©/symbol ©️/emoji");
  /* decomposed e + combining acute stays in the word; NBSP and ZWSP separate */
  CHECK_TOKENS(
      "cafe\xCC\x81 a\xC2\xA0"
      "b\xE2\x80\x8B"
      "c",
      0, "cafe\xCC\x81/word a/word b/word c/word");
}

NC_TEST(test_words_ud) {
  CHECK_TOKENS("He’s here; Blinken's trip, don't can't we'll", NC_TOK_UD,
               "He/word ’s/word here/word ;/punct Blinken/word 's/word trip/word ,/punct "
               "do/word n't/word ca/word n't/word we/word 'll/word");
  CHECK_TOKENS("military-to-military e-mail non-profit 303-832-8160", NC_TOK_UD,
               "military/word -/punct to/word -/punct military/word e-mail/word "
               "non-profit/word 303-832-8160/number");
  CHECK_TOKENS("military-to-military Blinken's", NC_TOK_HYPHEN,
               "military/word -/punct to/word -/punct military/word Blinken's/word");
  /* plural possessives keep their apostrophe unless it closes a quote; cut words keep '-' */
  CHECK_TOKENS("the states' rights, 'the boys' said, pre- and post-war", 0,
               "the/word states'/word rights/word ,/punct '/punct the/word boys/word '/punct "
               "said/word ,/punct pre-/word and/word post-war/word");
  /* O'Brien is not a clitic */
  CHECK_TOKENS("O'Brien's", NC_TOK_UD, "O'Brien/word 's/word");
}

NC_TEST(test_words_bad_input) {
  char out[512];
  /* invalid bytes: one-byte symbols, never outside the buffer */
  const char bad[] =
      "ab\xFF\xFE"
      "c\xE2\x80";
  CHECK(render(bad, sizeof bad - 1, 0, out, sizeof out));
  CHECK_EQ_MEM(out, strlen(out), "ab/word \xFF/symbol \xFE/symbol c/word \xE2/symbol \x80/symbol");
  /* NUL bytes separate tokens */
  const char nul[] = "one\0two\0\0three";
  CHECK(render(nul, sizeof nul - 1, 0, out, sizeof out));
  CHECK_EQ_MEM(out, strlen(out), "one/word two/word three/word");
  /* empty input and NULL text */
  nc_token t;
  CHECK_EQ_INT(nc_token_next("", 0, 0, 0, &t), 0);
  CHECK_EQ_INT(nc_token_next(NULL, 0, 0, 0, &t), 0);
  CHECK_EQ_INT(nc_token_next("abc", 3, 7, 0, &t), 0); /* pos past the end */
  /* truncated sequences at the very end */
  for (size_t cut = 1; cut <= 4; cut++) {
    const char *emoji = "\xF0\x9F\x91\x8D";
    CHECK(render(emoji, cut, 0, out, sizeof out));
  }
}

NC_TEST(test_words_long) {
  /* a 4 MB line without spaces, 1 MB of combining marks, a long dotted chain: one pass each */
  size_t n = 4u << 20;
  char *s = malloc(n);
  CHECK(s != NULL);
  if (!s) return;
  memset(s, 'a', n);
  nc_token t;
  CHECK_EQ_INT(nc_token_next(s, n, 0, 0, &t), 1);
  CHECK_EQ_INT(t.end, n);
  for (size_t i = 0; i + 1 < n; i += 2) s[i] = 'a', s[i + 1] = '.';
  size_t pos = 0, count = 0;
  while (nc_token_next(s, n, pos, 0, &t)) {
    CHECK(t.end > pos && t.end <= n);
    pos = t.end;
    count++;
  }
  CHECK(count > 1000);
  size_t m = 1u << 20;
  s[0] = 'x';
  for (size_t i = 1; i + 1 < m; i += 2) s[i] = '\xCC', s[i + 1] = '\x81';
  CHECK_EQ_INT(nc_token_next(s, m - 1, 0, 0, &t), 1);
  CHECK_EQ_INT(t.end, m - 1);
  size_t st, en;
  memset(s, '.', n);
  CHECK_EQ_INT(nc_sentence_next(s, n, 0, 0, &st, &en), 1);
  CHECK_EQ_INT(en, n);
  free(s);
}

NC_TEST(test_sentences_rules) {
  CHECK_SENTS("Hello World. My name is Jonas.", 0, "[Hello World.] [My name is Jonas.]");
  CHECK_SENTS("I live in the U.S. How about you? I work for the U.S. Government.", 0,
              "[I live in the U.S.] [How about you?] [I work for the U.S. Government.]");
  CHECK_SENTS("Mr. Smith met Gen. Milley at 5 p.m. on Jan. 5. They talked.", 0,
              "[Mr. Smith met Gen. Milley at 5 p.m. on Jan. 5.] [They talked.]");
  CHECK_SENTS("She turned to him, \"This is great.\" She held the book.", 0,
              "[She turned to him, \"This is great.\"] [She held the book.]");
  CHECK_SENTS("She said “we will.” Then she left. He said, “No way!” she said.", 0,
              "[She said “we will.”] [Then she left.] [He said, “No way!” she said.]");
  CHECK_SENTS("Her email is Jane.Doe@example.com. I sent her an email.", 0,
              "[Her email is Jane.Doe@example.com.] [I sent her an email.]");
  CHECK_SENTS("1. The first item 2. The second item", 0,
              "[1. The first item] [2. The second item]");
  CHECK_SENTS("Hello world.Today is Tuesday.", 0, "[Hello world.] [Today is Tuesday.]");
  CHECK_SENTS("I never meant that.... She left. It is $100.00. Really.", 0,
              "[I never meant that....] [She left.] [It is $100.00.] [Really.]");
  CHECK_SENTS("He arrived in Dulwich. [17] He left.", 0,
              "[He arrived in Dulwich. [17]] [He left.]");
}

NC_TEST(test_sentences_lines) {
  CHECK_SENTS(
      "Blinken arrives in Beijing\nSecretary Blinken will arrive on Sunday. He will meet "
      "Qin.\n\n(SOUNDBITE OF ARCHIVED RECORDING)\nBLINKEN: Progress is hard.\n"
      "• First item\n• Second item\n",
      0,
      "[Blinken arrives in Beijing] [Secretary Blinken will arrive on Sunday.] [He will "
      "meet Qin.] [(SOUNDBITE OF ARCHIVED RECORDING)] [BLINKEN: Progress is hard.] "
      "[• First item] [• Second item]");
  /* a line ending with a comma goes on; join_lines ignores single newlines only */
  CHECK_SENTS("talks between the two,\nofficials said", 0,
              "[talks between the two,\nofficials said]");
  CHECK_SENTS("This is a sentence\ncut off.\n\nNext one", NC_SENT_JOIN_LINES,
              "[This is a sentence\ncut off.] [Next one]");
}

/* Mail and informal text with its line breaks removed (as in UD EWT). */
NC_TEST(test_sentences_mail) {
  CHECK_SENTS("Kay Mann 04/26/2001 07:17 AM Will you be providing a version?", 0,
              "[Kay Mann] [04/26/2001 07:17 AM] [Will you be providing a version?]");
  CHECK_SENTS("Forwarded by Traci on 08/16/2000 03:14:14 PM Steve, we meet today.", 0,
              "[Forwarded by Traci on 08/16/2000 03:14:14 PM] [Steve, we meet today.]");
  CHECK_SENTS("He came at 5:30 PM Friday. It was late.", 0,
              "[He came at 5:30 PM Friday.] [It was late.]");
  CHECK_SENTS("Best regards, Debra Perlingiere", 0, "[Best regards,] [Debra Perlingiere]");
  CHECK_SENTS("Hi, Yes storage is open. Tomorrow, Google said no.", 0,
              "[Hi,] [Yes storage is open.] [Tomorrow, Google said no.]");
  CHECK_SENTS("Email: bob@example.com Groups: alt.animals.cat", 0,
              "[Email: bob@example.com] [Groups: alt.animals.cat]");
  CHECK_SENTS("Michiel Cock m.cock@vu.nl Vrije Universiteit", 0,
              "[Michiel Cock m.cock@vu.nl Vrije Universiteit]");
  CHECK_SENTS("Graae. *** Bush also went. ===== Attached is the file.", 0,
              "[Graae.] [***] [Bush also went.] [=====] [Attached is the file.]");
  CHECK_SENTS("the community :-) Posted by darin", 0, "[the community :-)] [Posted by darin]");
  CHECK_SENTS("I love her. :) She is great! :P you see", 0,
              "[I love her. :)] [She is great! :P] [you see]");
  CHECK_SENTS("http://a.com/1.html http://a.com/2.html", 0,
              "[http://a.com/1.html] [http://a.com/2.html]");
  CHECK_SENTS("the region . . . This operation would fail. Well . . . I mean it.", 0,
              "[the region . . .] [This operation would fail.] [Well . . . I mean it.]");
  CHECK_SENTS("recruits foreigners?thanks I tried. See x.com/?q=a b", 0,
              "[recruits foreigners?] [thanks I tried.] [See x.com/?q=a b]");
  CHECK_SENTS("Jill: As discussed, here it is. P.S. I am moving.", 0,
              "[Jill:] [As discussed, here it is.] [P.S. I am moving.]");
  CHECK_SENTS("TEHRAN (AFP) - An international contest opened. It is a well - known fact.", 0,
              "[TEHRAN (AFP) -] [An international contest opened.] [It is a well - known fact.]");
  CHECK_SENTS("I stay four nights 1) what island is good 2) I like boats (see 1) above)", 0,
              "[I stay four nights] [1) what island is good] [2) I like boats (see 1) above)]");
  CHECK_SENTS("Hi, Nia. Dear All, My name is Bill.", 0,
              "[Hi, Nia.] [Dear All,] [My name is Bill.]");
}

NC_TEST(test_sentences_bad_input) {
  size_t st, en;
  CHECK_EQ_INT(nc_sentence_next("", 0, 0, 0, &st, &en), 0);
  CHECK_EQ_INT(nc_sentence_next(" \n\t ", 4, 0, 0, &st, &en), 0);
  CHECK_EQ_INT(nc_sentence_next(NULL, 0, 0, 0, &st, &en), 0);
  const char bad[] = "\xFF\xFE. \0Ok.\xE2";
  size_t pos = 0, n = sizeof bad - 1, count = 0;
  while (nc_sentence_next(bad, n, pos, 0, &st, &en)) {
    CHECK(st >= pos && en <= n && st < en);
    pos = en;
    count++;
  }
  CHECK(count >= 1);
  /* megabyte inputs that would take quadratic time if the mail rules scanned back without a
   * bound: URLs glued together, a label-like word before many colons, addresses in one word,
   * stamps, separators */
  const char *unit[] = {"http://a", ": The", "x@y.com Z@", "Ab 01/02/2001 12:00 PM ", "*", "-"};
  const char *head[] = {
      "", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "x", "", "", ""};
  size_t big = 1u << 20;
  char *text = malloc(big + 1);
  CHECK(text != NULL);
  for (size_t u = 0; text && u < sizeof unit / sizeof unit[0]; u++) {
    size_t m = strlen(head[u]), ul = strlen(unit[u]);
    memcpy(text, head[u], m);
    while (m + ul <= big) memcpy(text + m, unit[u], ul), m += ul;
    size_t p2 = 0, sents = 0;
    while (nc_sentence_next(text, m, p2, 0, &st, &en)) {
      if (!(st >= p2 && en <= m && st < en)) break;
      p2 = en;
      sents++;
    }
    CHECK(sents >= 1 && p2 <= m);
  }
  free(text);
}

static void key(const char *s, unsigned flags, const char *expect, nc_test_state *nc_t_) {
  nc_buf b;
  nc_buf_init(&b, NULL);
  CHECK_EQ_INT(nc_token_key(s, strlen(s), flags, &b), NC_OK);
  CHECK_EQ_MEM(b.data ? b.data : "", b.len, expect);
  nc_buf_free(&b);
}

NC_TEST(test_keys) {
  const unsigned FN = NC_KEY_FOLD | NC_KEY_NFKC;
  key("Blinken’s", FN, "blinken's", nc_t_);
  key("Blinken's", FN, "blinken's", nc_t_);
  key("U.S.", FN | NC_KEY_STRIP, "us", nc_t_);
  key("ＣＡＦÉ", FN, "café", nc_t_);
  key("Straße", FN, "strasse", nc_t_);
  key("cafe\xCC\x81", NC_KEY_FOLD, "caf\xC3\xA9", nc_t_); /* NFC composes */
  key("ﬁnance", FN, "finance", nc_t_);                    /* NFKC expands the ligature */
  key("ﬁnance", 0, "ﬁnance", nc_t_);                      /* NFC keeps it */
  key("Running", FN | NC_KEY_STEM, "run", nc_t_);
  key("negotiations", NC_KEY_STEM, "negoti", nc_t_);
  key("", FN | NC_KEY_STEM, "", nc_t_);
  key("a\xFF"
      "b",
      FN,
      "a\xEF\xBF\xBD"
      "b",
      nc_t_); /* invalid byte -> U+FFFD */
  key("MiXeD", 0, "MiXeD", nc_t_);
  /* a held stemmer gives the same result */
  nc_stemmer *st = nc_stemmer_new(NULL);
  CHECK(st != NULL);
  nc_buf b;
  nc_buf_init(&b, NULL);
  CHECK_EQ_INT(nc_token_key_ex("Talks", 5, FN | NC_KEY_STEM, st, &b), NC_OK);
  CHECK_EQ_MEM(b.data, b.len, "talk");
  nc_buf_free(&b);
  nc_stemmer_free(st);
  nc_stemmer_free(NULL);
}

/* An allocator that fails after `budget` allocations (and counts live blocks). */
typedef struct fail_alloc {
  int budget;
  long live;
} fail_alloc;

static void *failing_fn(void *ud, void *ptr, size_t osize, size_t nsize) {
  fail_alloc *f = ud;
  (void)osize;
  if (nsize == 0) {
    if (ptr) f->live--;
    free(ptr);
    return NULL;
  }
  if (f->budget-- <= 0) return NULL;
  void *p = realloc(ptr, nsize);
  if (p && !ptr) f->live++;
  return p;
}

NC_TEST(test_keys_nomem) {
  /* every allocation failure is reported and nothing leaks */
  char big[3000];
  for (size_t i = 0; i + 2 < sizeof big; i += 2) big[i] = '\xC3', big[i + 1] = '\x89'; /* É */
  big[sizeof big - 1] = 0;
  for (int budget = 0; budget < 6; budget++) {
    fail_alloc f = {budget, 0};
    nc_alloc a = {failing_fn, &f};
    nc_buf b;
    nc_buf_init(&b, &a);
    int rc = nc_token_key(big, strlen(big), NC_KEY_FOLD | NC_KEY_NFKC | NC_KEY_STEM, &b);
    CHECK(rc == NC_OK || rc == NC_ENOMEM);
    nc_buf_free(&b);
    CHECK_EQ_INT(f.live, 0);
  }
}

NC_TEST(test_stopwords) {
  CHECK(nc_is_stopword("the", 3));
  CHECK(nc_is_stopword("The", 3));
  CHECK(nc_is_stopword("he’s", strlen("he’s")));
  CHECK(nc_is_stopword("don't", 5));
  CHECK(!nc_is_stopword("Blinken", 7));
  CHECK(!nc_is_stopword("", 0));
  CHECK(!nc_is_stopword("th\0e", 4));
  CHECK(!nc_is_stopword("thethethethethethethe", 21));
  CHECK(!nc_is_stopword(NULL, 0));
}

NC_TEST(test_kind_names) {
  CHECK(nc_token_selfcheck());
  CHECK_EQ_MEM(nc_tok_kind_name(NC_TOK_WORD), 4, "word");
  CHECK_EQ_MEM(nc_tok_kind_name(NC_TOK_EMOJI), 5, "emoji");
  CHECK_EQ_MEM(nc_tok_kind_name(0), 7, "unknown");
  CHECK_EQ_MEM(nc_tok_kind_name(99), 7, "unknown");
}

/* Pseudo-random bytes from a fixed seed: invariants hold for any input. */
NC_TEST(test_random_invariants) {
  unsigned long x = 12345;
  char s[4096];
  static const char alphabet[] = "aZ9 .!?'-\n\"@#:/,$%\xE2\x80\x99\xC3\xA9\xF0\x9F\x91\x8D\xFF";
  for (int round = 0; round < 200; round++) {
    size_t n = (size_t)(round * 20) % sizeof s;
    for (size_t i = 0; i < n; i++) {
      x = x * 6364136223846793005UL + 1442695040888963407UL;
      s[i] = alphabet[(x >> 33) % (sizeof alphabet - 1)];
    }
    for (unsigned flags = 0; flags < 4; flags++) {
      size_t pos = 0;
      nc_token t;
      while (nc_token_next(s, n, pos, flags, &t)) {
        CHECK(t.start >= pos && t.end > t.start && t.end <= n);
        if (!(t.start >= pos && t.end > t.start && t.end <= n)) break;
        pos = t.end;
      }
    }
    size_t pos = 0, st, en;
    while (nc_sentence_next(s, n, pos, round & 1 ? NC_SENT_JOIN_LINES : 0, &st, &en)) {
      CHECK(st >= pos && en > st && en <= n);
      if (!(st >= pos && en > st && en <= n)) break;
      pos = en;
    }
  }
}

/* nc_token_fill yields exactly what nc_token_next does, across buffer refills. */
NC_TEST(test_fill_matches_next) {
  const char *text =
      "Blinken’s trip: he met Gen. Milley, 1,000 people (U.S.) at 06:55 — “fine,” he said. "
      "see https://x.org/a #tag don't military-to-military 北京 👍🏽 \xFF end ;) :-( ,, \"\" "
      "(()) \n\n 'quoted' states' 1,000,000.";
  size_t n = strlen(text);
  for (unsigned flags = 0; flags < 4; flags++) {
    nc_token buf[3], t;
    size_t pos = 0, next_pos = 0, got, total = 0;
    int same = 1;
    while ((got = nc_token_fill(text, n, &pos, flags, buf, 3)) > 0) {
      for (size_t k = 0; k < got; k++) {
        if (!nc_token_next(text, n, next_pos, flags, &t)) same = 0;
        if (t.start != buf[k].start || t.end != buf[k].end || t.kind != buf[k].kind) same = 0;
        next_pos = t.end;
        total++;
      }
    }
    CHECK(same);
    CHECK(!nc_token_next(text, n, next_pos, flags, &t));
    CHECK(total > 20);
  }
  /* long runs across the 64-byte blocks of the batch path, at every alignment */
  char big[600];
  const char *pieces[] = {"Supercalifragilisticexpialidocious-and-then-some-more-words-here ",
                          "1,000 2004-05 AOL's one-off said. Mr. U.S. e.g. ",
                          "---------------------------------------------------------------- ",
                          "wordwordwordwordwordwordwordwordwordwordwordwordwordwordwordword",
                          "x.",
                          "a",
                          " ",
                          "$$",
                          "...",
                          "\xC3\xA9t\xC3\xA9 "};
  for (size_t shift = 0; shift < 70; shift++) {
    size_t m = 0;
    for (size_t q = 0; q < shift; q++) big[m++] = ' ';
    for (size_t r = 0; m + 80 < sizeof big; r++) {
      const char *pc = pieces[(r * 7 + shift) % (sizeof pieces / sizeof pieces[0])];
      memcpy(big + m, pc, strlen(pc));
      m += strlen(pc);
    }
    for (unsigned flags = 0; flags < 4; flags++) {
      nc_token buf[5], t;
      size_t pos = 0, next_pos = 0, got;
      int same = 1;
      while ((got = nc_token_fill(big, m, &pos, flags, buf, 5)) > 0)
        for (size_t k = 0; k < got; k++) {
          if (!nc_token_next(big, m, next_pos, flags, &t)) same = 0;
          if (t.start != buf[k].start || t.end != buf[k].end || t.kind != buf[k].kind) same = 0;
          next_pos = t.end;
        }
      CHECK(same);
      CHECK(!nc_token_next(big, m, next_pos, flags, &t));
    }
  }
  size_t pos = 0;
  nc_token one;
  CHECK_EQ_INT(nc_token_fill("", 0, &pos, 0, &one, 1), 0);
  CHECK_EQ_INT(nc_token_fill(NULL, 0, &pos, 0, &one, 1), 0);
  CHECK_EQ_INT(nc_token_fill("a b", 3, &pos, 0, &one, 0), 0);
}

int main(void) {
  NC_BEGIN();
  NC_RUN(test_words_news);
  NC_RUN(test_words_web);
  NC_RUN(test_words_unicode);
  NC_RUN(test_words_ud);
  NC_RUN(test_words_bad_input);
  NC_RUN(test_words_long);
  NC_RUN(test_sentences_rules);
  NC_RUN(test_sentences_lines);
  NC_RUN(test_sentences_mail);
  NC_RUN(test_sentences_bad_input);
  NC_RUN(test_keys);
  NC_RUN(test_keys_nomem);
  NC_RUN(test_stopwords);
  NC_RUN(test_kind_names);
  NC_RUN(test_random_invariants);
  NC_RUN(test_fill_matches_next);
  return NC_DONE();
}
