/* nc_test.h: a minimal unit-test harness for the C engine (no dependencies).
 * Each test file defines tests with NC_TEST(name) and lists them in main via NC_RUN(name);
 * NC_DONE() prints "N passed, N failed" and returns the exit status. */
#ifndef NC_TEST_H
#define NC_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct nc_test_state {
  int passed, failed, current_failed;
} nc_test_state;

#define NC_TEST(name) static void name(nc_test_state *nc_t_)
#define NC_RUN(name)                       \
  do {                                     \
    nc_t_.current_failed = 0;              \
    name(&nc_t_);                          \
    if (nc_t_.current_failed) {            \
      nc_t_.failed++;                      \
      fprintf(stderr, "FAIL %s\n", #name); \
    } else {                               \
      nc_t_.passed++;                      \
    }                                      \
  } while (0)
#define NC_BEGIN() nc_test_state nc_t_ = {0, 0, 0}
#define NC_DONE() \
  (printf("%s: %d passed, %d failed\n", __FILE__, nc_t_.passed, nc_t_.failed), nc_t_.failed ? 1 : 0)

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      nc_t_->current_failed = 1;                                               \
    }                                                                          \
  } while (0)
#define CHECK_EQ_INT(a, b)                                                                   \
  do {                                                                                       \
    long long a_ = (long long)(a), b_ = (long long)(b);                                      \
    if (a_ != b_) {                                                                          \
      fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); \
      nc_t_->current_failed = 1;                                                             \
    }                                                                                        \
  } while (0)
#define CHECK_EQ_MEM(p, n, s)                                                                \
  do {                                                                                       \
    size_t n_ = (n), sl_ = strlen(s);                                                        \
    if (n_ != sl_ || memcmp((p), (s), n_) != 0) {                                            \
      fprintf(stderr, "%s:%d: got \"%.*s\", expected \"%s\"\n", __FILE__, __LINE__, (int)n_, \
              (const char *)(p), (s));                                                       \
      nc_t_->current_failed = 1;                                                             \
    }                                                                                        \
  } while (0)

/* An allocator (the nc_alloc / lua_Alloc contract) that fails once `left` allocations have been
 * made: tests of the engines' allocation-failure paths pass it with a fail_after as user data. */
typedef struct fail_after {
  int left; /* allocations allowed before failing */
} fail_after;

static inline void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  fail_after *f = ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (f->left-- <= 0) return NULL;
  return realloc(ptr, nsize);
}

#endif
