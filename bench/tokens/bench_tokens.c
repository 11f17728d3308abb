/*
 * bench_tokens.c: throughput of the newscorpus tokenizer and sentence splitter against ICU's
 * word and sentence BreakIterator, on the same text in the same run.
 * Usage: bench_tokens FILE [MIN_MB]   (the file is repeated until it holds MIN_MB, default 20)
 * ICU gets its native UTF-16 (converted before timing); newscorpus reads the UTF-8 bytes.
 * Times are process CPU times, best of five interleaved rounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "nc_token.h"

/* CPU time of this process: on a shared machine wall time mostly measures the other jobs; both
 * engines run single-threaded in this process, so CPU time compares their work (as os.clock()
 * does in bench_lua.lua). */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *load(const char *path, size_t min_bytes, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (sz <= 0) {
    fclose(f);
    return NULL;
  }
  size_t one = (size_t)sz, copies = (min_bytes + one - 1) / one;
  if (copies == 0) copies = 1;
  char *buf = malloc(one * copies + 1);
  if (!buf || fread(buf, 1, one, f) != one) {
    free(buf);
    fclose(f);
    return NULL;
  }
  fclose(f);
  for (size_t c = 1; c < copies; c++) memcpy(buf + c * one, buf, one);
  *len = one * copies;
  buf[*len] = 0;
  return buf;
}

/* Keeps the best (shortest) time of `expr` in *best. */
#define TIME_BEST(expr, best)       \
  do {                              \
    double t0_ = now();             \
    expr;                           \
    double dt_ = now() - t0_;       \
    if (dt_ < (best)) (best) = dt_; \
  } while (0)

static size_t nc_words(const char *s, size_t n) {
  size_t pos = 0, count = 0;
  nc_token t;
  while (nc_token_next(s, n, pos, 0, &t)) {
    count++;
    pos = t.end;
  }
  return count;
}

static size_t nc_words_fill(const char *s, size_t n) {
  nc_token buf[256];
  size_t pos = 0, count = 0, got;
  while ((got = nc_token_fill(s, n, &pos, 0, buf, 256)) > 0) count += got;
  return count;
}

static size_t nc_sents(const char *s, size_t n) {
  size_t pos = 0, count = 0, st, en;
  while (nc_sentence_next(s, n, pos, 0, &st, &en)) {
    count++;
    pos = en;
  }
  return count;
}

/* ICU: counts segments that are words / numbers / letters (rule status != NONE), as a word
 * tokenizer would keep them, or every sentence. */
static size_t icu_count(UBreakIteratorType type, const UChar *u, int32_t ulen, int words) {
  UErrorCode err = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open(type, "en_US", u, ulen, &err);
  if (U_FAILURE(err)) {
    fprintf(stderr, "ubrk_open: %s\n", u_errorName(err));
    exit(1);
  }
  size_t count = 0;
  int32_t prev = ubrk_first(bi);
  for (int32_t b = ubrk_next(bi); b != UBRK_DONE; prev = b, b = ubrk_next(bi)) {
    if (!words || ubrk_getRuleStatus(bi) != UBRK_WORD_NONE) count++;
    (void)prev;
  }
  ubrk_close(bi);
  return count;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE [MIN_MB]\n", argv[0]);
    return 2;
  }
  size_t min_mb = argc > 2 ? (size_t)atoi(argv[2]) : 20, n = 0;
  char *s = load(argv[1], min_mb << 20, &n);
  if (!s) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  UErrorCode err = U_ZERO_ERROR;
  int32_t ulen = 0;
  if (n > INT32_MAX / 2) return 1;
  UChar *u = malloc(sizeof(UChar) * (n + 1));
  if (!u) return 1;
  u_strFromUTF8(u, (int32_t)n + 1, &ulen, s, (int32_t)n, &err);
  if (U_FAILURE(err)) {
    fprintf(stderr, "u_strFromUTF8: %s\n", u_errorName(err));
    return 1;
  }
  double mb = (double)n / (1024.0 * 1024.0);
  double t_ncw = 1e30, t_ncs = 1e30, t_icw = 1e30, t_ics = 1e30, t_ncf = 1e30;
  size_t c_ncw = 0, c_ncs = 0, c_icw = 0, c_ics = 0, c_ncf = 0;
  /* interleaved rounds, best of each: a busy machine slows both sides alike */
  for (int round = 0; round < 5; round++) {
    TIME_BEST(c_ncw = nc_words(s, n), t_ncw);
    TIME_BEST(c_ncf = nc_words_fill(s, n), t_ncf);
    TIME_BEST(c_icw = icu_count(UBRK_WORD, u, ulen, 1), t_icw);
    TIME_BEST(c_ncs = nc_sents(s, n), t_ncs);
    TIME_BEST(c_ics = icu_count(UBRK_SENTENCE, u, ulen, 0), t_ics);
  }
  printf("input: %.1f MB (%s repeated)\n", mb, argv[1]);
  printf("words     newscorpus %8.1f MB/s  %6.1f M tokens/s  (%zu tokens, all kinds)\n", mb / t_ncw,
         (double)c_ncw / t_ncw / 1e6, c_ncw);
  printf("words     nc batch   %8.1f MB/s  %6.1f M tokens/s  (%zu tokens, nc_token_fill)\n",
         mb / t_ncf, (double)c_ncf / t_ncf / 1e6, c_ncf);
  printf("words     ICU 72     %8.1f MB/s  %6.1f M tokens/s  (%zu word-like segments)\n",
         mb / t_icw, (double)c_icw / t_icw / 1e6, c_icw);
  printf("sentences newscorpus %8.1f MB/s  (%zu sentences)\n", mb / t_ncs, c_ncs);
  printf("sentences ICU 72     %8.1f MB/s  (%zu sentences)\n", mb / t_ics, c_ics);
  printf("ratio words %.1fx ICU (batch %.1fx), sentences %.1fx ICU\n", t_icw / t_ncw, t_icw / t_ncf,
         t_ics / t_ncs);
  free(u);
  free(s);
  return 0;
}
