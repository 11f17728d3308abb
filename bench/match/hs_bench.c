/* hs_bench.c: Hyperscan peer. hs_compile_lit_multi, caseless, every distinct name as one
 * literal; word boundaries checked in the match callback (the byte before the match and the
 * byte after it must not be ASCII letters/digits or UTF-8 bytes).
 * Usage: hs_bench TEXT GAZ.tsv... */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = malloc((size_t)n + 1);
  if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
    free(p);
    p = NULL;
  }
  fclose(f);
  if (p) p[n] = '\0';
  *len = (size_t)n;
  return p;
}

typedef struct ctx {
  const unsigned char *text;
  size_t len;
  const size_t *lens;
  size_t found;
} ctx;

typedef struct lit {
  const char *p;
  size_t len;
} lit;

/* Compares two literals ASCII-case-insensitively (for removing duplicates). */
static int lit_cmp(const void *a, const void *b) {
  const lit *x = a, *y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)x->p[i], d = (unsigned char)y->p[i];
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
    if (d >= 'A' && d <= 'Z') d = (unsigned char)(d + 32);
    if (c != d) return c < d ? -1 : 1;
  }
  return x->len < y->len ? -1 : x->len > y->len;
}

static int wordc(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ud) {
  ctx *c = ud;
  (void)from;
  (void)flags;
  size_t start = (size_t)to - c->lens[id];
  if (start > 0 && wordc(c->text[start - 1])) return 0;
  if (to < c->len && wordc(c->text[to])) return 0;
  c->found++;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  size_t tlen;
  char *text = slurp(argv[1], &tlen);
  if (!text) return 1;
  size_t cap = 1 << 19, n = 0;
  const char **pats = malloc(cap * sizeof *pats);
  size_t *lens = malloc(cap * sizeof *lens);
  unsigned *ids = malloc(cap * sizeof *ids), *flg = malloc(cap * sizeof *flg);
  char **bufs = malloc((size_t)argc * sizeof *bufs);
  double t0 = now();
  for (int i = 2; i < argc; i++) {
    size_t glen;
    char *g = bufs[i] = slurp(argv[i], &glen);
    if (!g) return 1;
    for (char *line = g; line < g + glen;) {
      char *nl = memchr(line, '\n', (size_t)(g + glen - line));
      char *end = nl ? nl : g + glen;
      char *tab = memchr(line, '\t', (size_t)(end - line));
      size_t len = (size_t)((tab ? tab : end) - line);
      if (len && line[0] != '#' && n < cap) {
        pats[n] = line;
        lens[n] = len;
        ids[n] = (unsigned)n;
        flg[n] = HS_FLAG_CASELESS;
        n++;
      }
      line = end + 1;
    }
  }
  /* distinct names, ASCII case folded (as the peers are given them) */
  lit *ls = malloc(n * sizeof *ls);
  for (size_t i = 0; i < n; i++) ls[i] = (lit){pats[i], lens[i]};
  qsort(ls, n, sizeof *ls, lit_cmp);
  size_t u = 0;
  for (size_t i = 0; i < n; i++)
    if (u == 0 || lit_cmp(&ls[u - 1], &ls[i]) != 0) ls[u++] = ls[i];
  for (size_t i = 0; i < u; i++) {
    pats[i] = ls[i].p;
    lens[i] = ls[i].len;
  }
  free(ls);
  n = u;
  hs_database_t *db = NULL;
  hs_compile_error_t *err = NULL;
  if (hs_compile_lit_multi(pats, flg, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, &db, &err) !=
      HS_SUCCESS) {
    fprintf(stderr, "hyperscan: %s\n", err ? err->message : "compile failed");
    return 1;
  }
  double t1 = now();
  hs_scratch_t *scratch = NULL;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return 1;
  ctx c = {(const unsigned char *)text, tlen, lens, 0};
  double t2 = now();
  if (hs_scan(db, text, (unsigned)tlen, 0, scratch, on_match, &c) != HS_SUCCESS) return 1;
  double t3 = now();
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf(
      "hyperscan      names %zu  compile %.2f s  peak RSS %.1f MB  scan %.1f MB/s  matches %zu"
      " (all overlapping, word-bounded, caseless ASCII)\n",
      n, t1 - t0, (double)ru.ru_maxrss / 1024.0, (double)tlen / 1e6 / (t3 - t2), c.found);
  hs_free_scratch(scratch);
  hs_free_database(db);
  for (int i = 2; i < argc; i++) free(bufs[i]);
  free(bufs);
  free(pats);
  free(lens);
  free(ids);
  free(flg);
  free(text);
  return 0;
}
