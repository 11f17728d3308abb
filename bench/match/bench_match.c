/* bench_match.c: compile TSV gazetteers (name in column 1) with nc_match and scan a text file.
 * Usage: bench_match [-o] [-c] TEXT GAZ.tsv... (-o: overlapping matches; -c: also scan with
 * NC_MATCH_NO_FAST_PATH and check that the matches are the same); prints names, compile s, peak
 * RSS, MB/s, matches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../../csrc/nc_match.h"

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

int main(int argc, char **argv) {
  unsigned scan_flags = 0;
  int check = 0;
  if (argc > 1 && strcmp(argv[1], "-o") == 0) { /* overlapping matches */
    scan_flags = NC_MATCH_OVERLAP;
    argv++;
    argc--;
  }
  if (argc > 1 && strcmp(argv[1], "-c") == 0) { /* check the fast path */
    check = 1;
    argv++;
    argc--;
  }
  if (argc < 3) {
    fprintf(stderr, "usage: %s [-o] TEXT GAZ.tsv...\n", argv[0]);
    return 2;
  }
  size_t tlen;
  char *text = slurp(argv[1], &tlen);
  if (!text) return 1;
  nc_matcher *m;
  if (nc_matcher_new(NULL, &m)) return 1;
  double t0 = now();
  size_t added = 0, refused = 0;
  uint32_t value = 0;
  for (int i = 2; i < argc; i++) {
    size_t glen;
    char *g = slurp(argv[i], &glen);
    if (!g) return 1;
    for (char *line = g; line < g + glen;) {
      char *nl = memchr(line, '\n', (size_t)(g + glen - line));
      char *end = nl ? nl : g + glen;
      char *tab = memchr(line, '\t', (size_t)(end - line));
      size_t n = (size_t)((tab ? tab : end) - line);
      if (n && line[0] != '#') {
        if (nc_matcher_add(m, line, n, ++value, 0) == NC_OK)
          added++;
        else
          refused++;
      }
      line = end + 1;
    }
    free(g);
  }
  double t1 = now();
  nc_vec v;
  nc_vec_init(&v, sizeof(nc_match), NULL);
  size_t pos = 0, next = 0, matches = 0, spans = 0;
  while (pos < tlen) {
    v.len = 0;
    if (nc_matcher_scan(m, text, tlen, pos, scan_flags, &v, 4096, &next)) return 1;
    matches += v.len;
    for (size_t i = 0; i < v.len; i++)
      if (i == 0 || ((nc_match *)v.data)[i].start != ((nc_match *)v.data)[i - 1].start) spans++;
    if (next <= pos) break;
    pos = next;
  }
  double t2 = now();
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  nc_matcher_stats st;
  nc_matcher_stats_get(m, &st);
  printf(
      "newscorpus(C%s) names %zu (refused %zu)  compile %.2f s  matcher %.1f MB  peak RSS %.1f MB"
      "  scan %.1f MB/s  spans %zu  matches %zu\n",
      scan_flags ? ",overlap" : "", added, refused, t1 - t0, (double)st.bytes / 1e6,
      (double)ru.ru_maxrss / 1024.0, (double)tlen / 1e6 / (t2 - t1), spans, matches);
  if (check) {
    nc_vec fast, slow;
    nc_vec_init(&fast, sizeof(nc_match), NULL);
    nc_vec_init(&slow, sizeof(nc_match), NULL);
    if (nc_matcher_scan(m, text, tlen, 0, scan_flags, &fast, 0, &next) ||
        nc_matcher_scan(m, text, tlen, 0, scan_flags | NC_MATCH_NO_FAST_PATH, &slow, 0, &next))
      return 1;
    int same = fast.len == slow.len &&
               (!fast.len || !memcmp(fast.data, slow.data, fast.len * sizeof(nc_match)));
    printf("fast path check: %zu matches with the ASCII fast path, %zu without: %s\n", fast.len,
           slow.len, same ? "the same" : "DIFFERENT");
    nc_vec_free(&fast);
    nc_vec_free(&slow);
    if (!same) return 1;
  }
  nc_vec_free(&v);
  nc_matcher_free(m);
  free(text);
  return 0;
}
