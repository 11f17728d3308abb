/*
 * bench_clean.c: speed of the page-text cleaning engine (nc_clean, and nc_text_normalize alone)
 * without Lua, on the same input as speed.lua: every DIR/ *.txt file by file, then one
 * concatenation of them (sorted by content, joined by blank lines) repeated up to MIN_MB.
 * Usage: bench_clean DIR [ROUNDS] [MIN_MB]
 * Prints MB of input per second of process CPU time (the machine is shared), best of ROUNDS.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nc_clean.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct doc {
  char *s;
  size_t n;
} doc;

static int doc_cmp(const void *a, const void *b) {
  const doc *x = a, *y = b;
  size_t k = x->n < y->n ? x->n : y->n;
  int c = memcmp(x->s, y->s, k);
  return c ? c : (x->n > y->n) - (x->n < y->n);
}

static char *load(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc(sz > 0 ? (size_t)sz : 1);
  if (!buf || (sz > 0 && fread(buf, 1, (size_t)sz, f) != (size_t)sz)) {
    free(buf);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *len = sz > 0 ? (size_t)sz : 0;
  return buf;
}

static int clean_once(const char *s, size_t n) {
  nc_clean_result r;
  nc_clean_result_init(&r, NULL);
  nc_status rc = nc_clean(s, n, NULL, &r);
  nc_clean_result_free(&r);
  return rc == NC_OK;
}

static int normalize_once(const char *s, size_t n) {
  nc_text_opts o;
  nc_text_opts_default(&o);
  o.whitespace = 1;
  nc_buf out;
  nc_vec map;
  nc_text_stats st;
  nc_buf_init(&out, NULL);
  nc_vec_init(&map, sizeof(nc_anchor), NULL);
  nc_status rc = nc_text_normalize(s, n, &o, &out, &map, &st);
  nc_buf_free(&out);
  nc_vec_free(&map);
  return rc == NC_OK;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_clean DIR [ROUNDS] [MIN_MB]\n");
    return 2;
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 5;
  double min_mb = argc > 3 ? atof(argv[3]) : 20;
  if (rounds < 1) rounds = 1;
  DIR *d = opendir(argv[1]);
  if (!d) return 1;
  doc *docs = NULL;
  size_t nd = 0, cap = 0, bytes = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t k = strlen(e->d_name);
    if (k < 4 || strcmp(e->d_name + k - 4, ".txt")) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
    if (nd == cap) {
      cap = cap ? 2 * cap : 64;
      doc *nd2 = realloc(docs, cap * sizeof *docs);
      if (!nd2) return 1;
      docs = nd2;
    }
    docs[nd].s = load(path, &docs[nd].n);
    if (!docs[nd].s) return 1;
    bytes += docs[nd].n;
    nd++;
  }
  closedir(d);
  qsort(docs, nd, sizeof *docs, doc_cmp);
  double best = 1e30, bestn = 1e30;
  for (int r = 0; r < rounds; r++) {
    double t0 = now();
    for (size_t i = 0; i < nd; i++)
      if (!clean_once(docs[i].s, docs[i].n)) return 1;
    double t1 = now();
    for (size_t i = 0; i < nd; i++)
      if (!normalize_once(docs[i].s, docs[i].n)) return 1;
    double t2 = now();
    if (t1 - t0 < best) best = t1 - t0;
    if (t2 - t1 < bestn) bestn = t2 - t1;
  }
  printf(
      "engine, per file: %zu files, %.2f MB, best of %d: nc_clean %.1f MB/s, "
      "normalisation alone %.1f MB/s\n",
      nd, (double)bytes / 1e6, rounds, (double)bytes / 1e6 / best, (double)bytes / 1e6 / bestn);
  /* one concatenation of about MIN_MB, as speed.lua builds it */
  size_t want = (size_t)(min_mb * 1e6), size = 0, bcap = want + 2 * bytes + 16, blen = 0;
  char *big = malloc(bcap);
  if (!big || nd == 0) return 1;
  while (size < want) {
    for (size_t i = 0; i < nd; i++) {
      if (blen) {
        memcpy(big + blen, "\n\n", 2);
        blen += 2;
      }
      memcpy(big + blen, docs[i].s, docs[i].n);
      blen += docs[i].n;
      size += docs[i].n + 2;
      if (size >= want) break;
    }
  }
  best = bestn = 1e30;
  for (int r = 0; r < (rounds / 2 > 0 ? rounds / 2 : 1); r++) {
    double t0 = now();
    if (!clean_once(big, blen)) return 1;
    double t1 = now();
    if (!normalize_once(big, blen)) return 1;
    double t2 = now();
    if (t1 - t0 < best) best = t1 - t0;
    if (t2 - t1 < bestn) bestn = t2 - t1;
  }
  printf("engine, one %.1f MB concatenation: nc_clean %.1f MB/s, normalisation alone %.1f MB/s\n",
         (double)blen / 1e6, (double)blen / 1e6 / best, (double)blen / 1e6 / bestn);
  free(big);
  for (size_t i = 0; i < nd; i++) free(docs[i].s);
  free(docs);
  return 0;
}
