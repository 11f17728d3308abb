/*
 * nc_common.h: shared definitions of the newscorpus C engine (no Lua here).
 *
 * Conventions for every engine file:
 *   - C11, no mutable global state; everything an operation needs is passed in.
 *   - Memory comes from an nc_alloc (same contract as lua_Alloc: fn(ud, ptr, osize, nsize),
 *     nsize == 0 frees and returns NULL). osize must be the size previously requested
 *     (0 for a new block), so counting / failing allocators can wrap it.
 *   - Functions return an nc_status (NC_OK == 0); they never print, exit or longjmp.
 *   - Offsets are 0-based half-open byte ranges [start, end) into the input given.
 */
#ifndef NC_COMMON_H
#define NC_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
#include <emmintrin.h>
#endif

typedef enum nc_status {
  NC_OK = 0,
  NC_ENOMEM, /* an allocation failed */
  NC_EINVAL, /* invalid argument (programmer error) */
  NC_ELIMIT, /* input larger than a configured bound */
  NC_EUTF8,  /* invalid UTF-8 and strict mode asked for an error */
  NC_EPARSE, /* data could not be parsed */
  NC_EIO     /* I/O failure */
} nc_status;

/* Human-readable text of a status (static storage). */
const char *nc_strerror(int status);

typedef void *(*nc_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

typedef struct nc_alloc {
  nc_alloc_fn fn;
  void *ud;
} nc_alloc;

/* malloc/realloc/free based allocator (a pointer to constant storage). */
const nc_alloc *nc_default_alloc(void);

static inline void *nc_malloc(const nc_alloc *a, size_t n) {
  return n ? a->fn(a->ud, NULL, 0, n) : NULL;
}
static inline void *nc_realloc(const nc_alloc *a, void *p, size_t osize, size_t nsize) {
  return a->fn(a->ud, p, p ? osize : 0, nsize);
}
static inline void nc_free(const nc_alloc *a, void *p, size_t osize) {
  if (p) a->fn(a->ud, p, osize, 0);
}
/* n * size with overflow check; returns 0 on overflow (callers treat as NC_ENOMEM). */
static inline size_t nc_mul(size_t n, size_t size) {
  return (size && n > SIZE_MAX / size) ? 0 : n * size;
}

/* Growable byte buffer. data is always NUL-terminated when non-NULL (cap counts the NUL). */
typedef struct nc_buf {
  char *data;
  size_t len;
  size_t cap;
  const nc_alloc *a;
} nc_buf;

void nc_buf_init(nc_buf *b, const nc_alloc *a);
int nc_buf_reserve(nc_buf *b, size_t extra); /* room for len + extra + NUL */
int nc_buf_append(nc_buf *b, const void *p, size_t n);
int nc_buf_putc(nc_buf *b, int c);
int nc_buf_put_utf8(nc_buf *b, uint32_t cp); /* encode one code point */
void nc_buf_free(nc_buf *b);

/* Growable array of fixed-size elements (same growth/overflow rules as nc_buf). */
typedef struct nc_vec {
  void *data;
  size_t len;  /* elements in use */
  size_t cap;  /* elements allocated */
  size_t elem; /* element size in bytes */
  const nc_alloc *a;
} nc_vec;

void nc_vec_init(nc_vec *v, size_t elem, const nc_alloc *a);
int nc_vec_reserve(nc_vec *v, size_t extra);
void *nc_vec_push(nc_vec *v); /* NULL on NC_ENOMEM; zeroed slot */
void nc_vec_free(nc_vec *v);

/* UTF-8 decoding: reads one code point at s[i] (i < n). Returns its length in bytes (>= 1);
 * *cp is the code point, or 0xFFFD with *valid = 0 for an invalid / truncated / overlong /
 * surrogate sequence (length then covers the maximal invalid prefix, as WHATWG/Unicode
 * "substitution of maximal subparts"). Never reads past s[n-1]. */
size_t nc_utf8_decode(const unsigned char *s, size_t n, size_t i, uint32_t *cp, int *valid);

/* SWAR helpers on 8 bytes (a little- or big-endian uint64_t loaded with memcpy): the result
 * has the high bit of each byte set where the byte matches. */
#define NC_L8 0x0101010101010101ull
#define NC_H8 0x8080808080808080ull
static inline uint64_t nc_swar_eq(uint64_t x, unsigned char c) {
  uint64_t t = x ^ (NC_L8 * c);
  return ~(((t & ~NC_H8) + ~NC_H8) | t | ~NC_H8);
}
/* bytes b with lo <= b <= hi (lo, hi < 0x80; bytes >= 0x80 never match) */
static inline uint64_t nc_swar_range(uint64_t x, unsigned char lo, unsigned char hi) {
  uint64_t h = x & ~NC_H8;
  uint64_t ge = h + NC_L8 * (unsigned char)(0x80 - lo);
  uint64_t gt = h + NC_L8 * (unsigned char)(0x7F - hi);
  return ge & ~gt & ~x & NC_H8;
}
/* A set of byte pairs as a 1024-bit filter (five low bits of each byte: ASCII letters stay
 * distinct), for superset tests before exact compares. */
typedef struct nc_pairset {
  uint64_t bits[16];
} nc_pairset;
static inline unsigned nc_pair_bit(unsigned a, unsigned b) { return ((a & 31u) << 5) | (b & 31u); }
static inline void nc_pairset_add(nc_pairset *p, unsigned a, unsigned b) {
  unsigned k = nc_pair_bit(a, b);
  p->bits[k >> 6] |= 1ull << (k & 63);
}
static inline int nc_pairset_has(const nc_pairset *p, unsigned a, unsigned b) {
  unsigned k = nc_pair_bit(a, b);
  return (int)((p->bits[k >> 6] >> (k & 63)) & 1u);
}
/* Offset of the first byte >= 0x80 in s[i, n), or n. */
static inline size_t nc_skip_ascii(const unsigned char *s, size_t n, size_t i) {
#if defined(__SSE2__) && !defined(NC_NO_SIMD)
  for (; i + 32 <= n; i += 32) { /* thirty-two bytes at a time: their high bits */
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
    unsigned m = (unsigned)_mm_movemask_epi8(a) | ((unsigned)_mm_movemask_epi8(b) << 16);
    if (m) return i + (size_t)__builtin_ctz(m);
  }
#endif
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, s + i, 8);
    if (x & NC_H8) break;
  }
  while (i < n && s[i] < 0x80) i++;
  return i;
}
static inline size_t nc_popcount64(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return (size_t)((x * NC_L8) >> 56);
}

#endif
