/* Allocation-failure tests of every engine entry point: each operation runs once with a
 * counting allocator to learn how many allocations it makes (N), then once for every n in
 * 1..N with the n-th allocation failing (all others succeed) and once with every allocation
 * from the n-th on failing. Each run must return NC_OK or NC_ENOMEM (never crash), free every
 * block it allocated (the allocator checks this), and pass the size of a block back exactly
 * as it was requested (the nc_alloc contract, checked with a header before each block).
 * ALLOC_MAX_POINTS (environment) caps the points tried per operation (default: all). */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_clean.h"
#include "../nc_fts5.h"
#include "../nc_html.h"
#include "../nc_match.h"
#include "../nc_sketch.h"
#include "../nc_text.h"
#include "../nc_token.h"
#include "nc_test.h"

typedef struct failing {
  size_t count;   /* allocations (new blocks and growing reallocs) so far */
  size_t fail_at; /* 1-based allocation to fail; 0: never */
  int sticky;     /* fail every allocation from fail_at on */
  size_t live;    /* blocks not yet freed */
  size_t failed;  /* allocations refused */
  int misuse;     /* a size passed back differs from the one requested */
} failing;

#define HDR 16 /* keeps the block aligned for any type */

static void *failing_fn(void *ud, void *ptr, size_t osize, size_t nsize) {
  failing *f = ud;
  unsigned char *base = ptr ? (unsigned char *)ptr - HDR : NULL;
  if (base) {
    size_t stored;
    memcpy(&stored, base, sizeof stored);
    if (stored != osize) f->misuse = 1;
  }
  if (nsize == 0) {
    if (base) {
      free(base);
      f->live--;
    }
    return NULL;
  }
  f->count++;
  if (f->fail_at && (f->count == f->fail_at || (f->sticky && f->count > f->fail_at))) {
    f->failed++;
    return NULL;
  }
  if (nsize > SIZE_MAX - HDR) return NULL;
  unsigned char *nb = realloc(base, nsize + HDR);
  if (!nb) return NULL;
  if (!base) f->live++;
  memcpy(nb, &nsize, sizeof nsize);
  return nb + HDR;
}

typedef int (*op_fn)(const nc_alloc *a);

/* Runs op under every failure point; returns the number of points tried (0 on a failure). */
static size_t sweep(nc_test_state *nc_t_, const char *name, op_fn op) {
  failing f = {0, 0, 0, 0, 0, 0};
  nc_alloc a = {failing_fn, &f};
  int rc = op(&a);
  CHECK_EQ_INT(rc, NC_OK);
  CHECK_EQ_INT(f.live, 0);
  CHECK(!f.misuse);
  size_t total = f.count, points = 0, cap = total;
  const char *env = getenv("ALLOC_MAX_POINTS");
  if (env && *env) {
    size_t m = (size_t)strtoull(env, NULL, 10);
    if (m && m < cap) cap = m;
  }
  for (int sticky = 0; sticky < 2; sticky++) {
    for (size_t k = 1; k <= cap; k++) {
      /* spread the points over the whole run when capped */
      size_t n = cap == total ? k : 1 + (k - 1) * total / cap;
      failing g = {0, n, sticky, 0, 0, 0};
      nc_alloc b = {failing_fn, &g};
      int r = op(&b);
      points++;
      if ((r != NC_OK && r != NC_ENOMEM) || g.live != 0 || g.misuse) {
        fprintf(stderr, "%s: fail_at %zu%s: status %d, %zu blocks leaked, size misuse %d\n", name,
                n, sticky ? "+" : "", r, g.live, g.misuse);
        nc_t_->current_failed = 1;
        return 0;
      }
    }
  }
  printf("%s: %zu allocations, %zu failure points clean\n", name, total, points);
  return points;
}

static const char text_in[] =
    "Home | World | Sports\n"
    "Harbor reopens after grounding\n"
    "By Jane Doe and R. Smith\n"
    "March 12, 2026\n"
    "ESTREL (AP) \xe2\x80\x94 The harbor reopened on Tuesday, officials said. \xe2\x80\x9cWe are "
    "relieved,\xe2\x80\x9d said Mayor Antony Blinken\xe2\x80\x99s aide &amp; friend.\r\n"
    "Caf\xc3\xa9 owners na\xc3\xafve \xff\xfe bad bytes and \xc3\xa2\xe2\x82\xac\xe2\x84\xa2 "
    "mojibake, \xef\xac\x81sh. U.S.-China talks; 1,000 e-mails at www.example.com #tag.\n\n"
    "The second paragraph, with more words, and commas, follows here.\n"
    "Share this article\nFollow us on Twitter\nCopyright 2026 Estrel Courier\n";

static const char html_in[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbor reopens</title>"
    "<meta property=\"og:site_name\" content=\"Estrel Courier\">"
    "<meta name=\"author\" content=\"Jane Doe\"><link rel=\"canonical\" href=\"https://x.test/a\">"
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":"
    "\"2026-03-12\"}</script></head><body><nav><a href=\"/\">Home</a> <a href=\"/w\">World</a>"
    "</nav><article><h1>Harbor reopens</h1><p>The harbor reopened on Tuesday, officials said, "
    "after the grounding, which closed it for days.</p><p>\xe2\x80\x9cWe are relieved,\xe2\x80\x9d"
    " said the mayor, &amp; others agreed, loudly.</p><div class=\"share\">Share</div>"
    "<p>A third paragraph, with commas, and more text, to score.</p></article>"
    "<footer>Copyright</footer></body></html>";

static int op_normalize(const nc_alloc *a) {
  nc_text_opts o;
  nc_text_opts_default(&o);
  o.fold = 1;
  o.form = NC_NORM_NFKC;
  nc_buf out;
  nc_vec map;
  nc_buf_init(&out, a);
  nc_vec_init(&map, sizeof(nc_anchor), a);
  int rc = nc_text_normalize(text_in, sizeof text_in - 1, &o, &out, &map, NULL);
  nc_buf_free(&out);
  nc_vec_free(&map);
  return rc;
}

static int op_clean(const nc_alloc *a) {
  nc_clean_opts o;
  nc_clean_opts_default(&o);
  nc_strref rep[1] = {{"Share this article", 18}};
  o.repeated = rep;
  o.nrepeated = 1;
  o.keep_title = 1;
  nc_clean_result r;
  nc_clean_result_init(&r, a);
  int rc = nc_clean(text_in, sizeof text_in - 1, &o, &r);
  nc_clean_result_free(&r);
  if (rc) return rc;
  o.article = 1;
  nc_clean_result_init(&r, a);
  rc = nc_clean(text_in, sizeof text_in - 1, &o, &r);
  nc_clean_result_free(&r);
  return rc;
}

static int op_html(const nc_alloc *a) {
  nc_html_opts o;
  nc_html_opts_default(&o);
  nc_html_result r;
  nc_html_result_init(&r, a);
  int rc = nc_html_extract(html_in, sizeof html_in - 1, &o, &r);
  nc_html_result_free(&r);
  return rc;
}

static int op_token_key(const nc_alloc *a) {
  nc_buf b;
  nc_buf_init(&b, a);
  nc_stemmer *st = nc_stemmer_new(a);
  int rc = st ? NC_OK : NC_ENOMEM;
  nc_token t;
  size_t pos = 0;
  while (!rc && nc_token_next(text_in, sizeof text_in - 1, pos, 0, &t)) {
    b.len = 0;
    rc = nc_token_key_ex(text_in + t.start, t.end - t.start,
                         NC_KEY_FOLD | NC_KEY_NFKC | NC_KEY_STRIP, NULL, &b);
    if (!rc)
      rc = nc_token_key_ex(text_in + t.start, t.end - t.start, NC_KEY_FOLD | NC_KEY_STEM, st, &b);
    pos = t.end;
  }
  if (!rc) rc = nc_token_key_ex("running", 7, NC_KEY_STEM, NULL, &b); /* own stemmer */
  nc_stemmer_free(st);
  nc_buf_free(&b);
  return rc;
}

static int op_match(const nc_alloc *a) {
  static const char *names[] = {"Antony Blinken", "U.S.",  "Estrel Courier", "Jane Doe",
                                "R. Smith",       "China", "!Harbor",        "Caf\xc3\xa9"};
  nc_matcher *m = NULL, *back = NULL;
  int rc = nc_matcher_new(a, &m);
  for (size_t i = 0; !rc && i < sizeof names / sizeof *names; i++)
    rc = nc_matcher_add(m, names[i], strlen(names[i]), (uint32_t)i + 1,
                        names[i][0] == '!' ? NC_MATCH_EXACT : 0);
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_match), a);
  size_t next = 0;
  if (!rc) rc = nc_matcher_scan(m, text_in, sizeof text_in - 1, 0, 0, &v, 0, &next);
  if (!rc) rc = nc_matcher_scan(m, text_in, sizeof text_in - 1, 0, NC_MATCH_OVERLAP, &v, 0, &next);
  nc_buf img;
  nc_buf_init(&img, a);
  if (!rc) rc = nc_matcher_save(m, &img);
  if (!rc) rc = nc_matcher_load(a, img.data, img.len, &back);
  if (!rc) rc = nc_matcher_scan(back, text_in, sizeof text_in - 1, 0, 0, &v, 0, &next);
  nc_buf_free(&img);
  nc_vec_free(&v);
  nc_matcher_free(back);
  nc_matcher_free(m);
  return rc;
}

static int op_sketch(const nc_alloc *a) {
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_token_hash), a);
  int rc = nc_token_hashes(text_in, sizeof text_in - 1, &v);
  nc_vec_free(&v);
  uint64_t sig[64];
  if (!rc) rc = nc_minhash(text_in, sizeof text_in - 1, 3, 64, a, sig, NULL);
  return rc;
}

static int count_token(void *ud, const char *key, size_t key_len, size_t start, size_t end) {
  (void)key, (void)key_len, (void)start, (void)end;
  ++*(size_t *)ud;
  return 0;
}

static int op_fts5(const nc_alloc *a) {
  size_t n = 0;
  int rc = nc_fts5_tokenize(text_in, sizeof text_in - 1, a, count_token, &n);
  if (rc) return rc;
  /* through SQLite: the tokenizer object and its keys come from a */
  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    sqlite3_close(db);
    return NC_EIO;
  }
  rc = nc_fts5_register(db, a);
  if (!rc) {
    int src = sqlite3_exec(db,
                           "CREATE VIRTUAL TABLE t USING fts5(b, tokenize='newscorpus');"
                           "INSERT INTO t VALUES ('The harbor reopened, Blinken\xe2\x80\x99s aide "
                           "said. Caf\xc3\xa9');"
                           "SELECT count(*) FROM t WHERE t MATCH 'harbor';",
                           NULL, NULL, NULL);
    rc = src == SQLITE_OK ? NC_OK : src == SQLITE_NOMEM ? NC_ENOMEM : NC_EIO;
  }
  sqlite3_close(db);
  return rc;
}

NC_TEST(normalize_survives_every_failure) { CHECK(sweep(nc_t_, "normalize", op_normalize)); }
NC_TEST(clean_survives_every_failure) { CHECK(sweep(nc_t_, "clean", op_clean)); }
NC_TEST(html_survives_every_failure) { CHECK(sweep(nc_t_, "html", op_html)); }
NC_TEST(token_key_survives_every_failure) { CHECK(sweep(nc_t_, "token_key", op_token_key)); }
NC_TEST(match_survives_every_failure) { CHECK(sweep(nc_t_, "match", op_match)); }
NC_TEST(sketch_survives_every_failure) { CHECK(sweep(nc_t_, "sketch", op_sketch)); }
NC_TEST(fts5_survives_every_failure) { CHECK(sweep(nc_t_, "fts5", op_fts5)); }

int main(void) {
  NC_BEGIN();
  NC_RUN(normalize_survives_every_failure);
  NC_RUN(clean_survives_every_failure);
  NC_RUN(html_survives_every_failure);
  NC_RUN(token_key_survives_every_failure);
  NC_RUN(match_survives_every_failure);
  NC_RUN(sketch_survives_every_failure);
  NC_RUN(fts5_survives_every_failure);
  return NC_DONE();
}
