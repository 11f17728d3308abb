/* nc_common.c: allocator, buffers, UTF-8 decoding shared by the engine. */
#include "nc_common.h"

#include <stdlib.h>
#include <string.h>

const char *nc_strerror(int status) {
  switch (status) {
    case NC_OK:
      return "ok";
    case NC_ENOMEM:
      return "out of memory";
    case NC_EINVAL:
      return "invalid argument";
    case NC_ELIMIT:
      return "input exceeds the configured limit";
    case NC_EUTF8:
      return "invalid UTF-8";
    case NC_EPARSE:
      return "could not parse input";
    case NC_EIO:
      return "input/output error";
    default:
      return "unknown error";
  }
}

static void *default_alloc_fn(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

static const nc_alloc default_alloc = {default_alloc_fn, NULL};

const nc_alloc *nc_default_alloc(void) { return &default_alloc; }

void nc_buf_init(nc_buf *b, const nc_alloc *a) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  b->a = a ? a : nc_default_alloc();
}

int nc_buf_reserve(nc_buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len - 1) return NC_ENOMEM;
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return NC_OK;
  size_t ncap = b->cap ? b->cap : 64;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2) {
      ncap = need;
      break;
    }
    ncap *= 2;
  }
  char *p = nc_realloc(b->a, b->data, b->cap, ncap);
  if (!p) return NC_ENOMEM;
  b->data = p;
  b->cap = ncap;
  b->data[b->len] = '\0';
  return NC_OK;
}

int nc_buf_append(nc_buf *b, const void *p, size_t n) {
  int rc = nc_buf_reserve(b, n);
  if (rc) return rc;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return NC_OK;
}

int nc_buf_putc(nc_buf *b, int c) {
  char ch = (char)c;
  return nc_buf_append(b, &ch, 1);
}

int nc_buf_put_utf8(nc_buf *b, uint32_t cp) {
  unsigned char s[4];
  size_t n;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    s[0] = (unsigned char)cp;
    n = 1;
  } else if (cp < 0x800) {
    s[0] = (unsigned char)(0xC0 | (cp >> 6));
    s[1] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    s[0] = (unsigned char)(0xE0 | (cp >> 12));
    s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    s[2] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    s[0] = (unsigned char)(0xF0 | (cp >> 18));
    s[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    s[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    s[3] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return nc_buf_append(b, s, n);
}

void nc_buf_free(nc_buf *b) {
  nc_free(b->a, b->data, b->cap);
  b->data = NULL;
  b->len = b->cap = 0;
}

void nc_vec_init(nc_vec *v, size_t elem, const nc_alloc *a) {
  v->data = NULL;
  v->len = v->cap = 0;
  v->elem = elem;
  v->a = a ? a : nc_default_alloc();
}

int nc_vec_reserve(nc_vec *v, size_t extra) {
  if (extra > SIZE_MAX - v->len) return NC_ENOMEM;
  size_t need = v->len + extra;
  if (need <= v->cap) return NC_OK;
  size_t ncap = v->cap ? v->cap : 16;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2) {
      ncap = need;
      break;
    }
    ncap *= 2;
  }
  size_t bytes = nc_mul(ncap, v->elem);
  if (!bytes) return NC_ENOMEM;
  void *p = nc_realloc(v->a, v->data, v->cap * v->elem, bytes);
  if (!p) return NC_ENOMEM;
  v->data = p;
  v->cap = ncap;
  return NC_OK;
}

void *nc_vec_push(nc_vec *v) {
  if (nc_vec_reserve(v, 1)) return NULL;
  char *slot = (char *)v->data + v->len * v->elem;
  memset(slot, 0, v->elem);
  v->len++;
  return slot;
}

void nc_vec_free(nc_vec *v) {
  nc_free(v->a, v->data, v->cap * v->elem);
  v->data = NULL;
  v->len = v->cap = 0;
}

size_t nc_utf8_decode(const unsigned char *s, size_t n, size_t i, uint32_t *cp, int *valid) {
  unsigned char c = s[i];
  *valid = 1;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t need;
  uint32_t v;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    v = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F; /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    v = c & 0x07;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    *cp = 0xFFFD;
    *valid = 0;
    return 1;
  }
  size_t k = 1;
  for (; k <= need; k++) {
    if (i + k >= n) break;
    unsigned char t = s[i + k];
    if (k == 1 ? (t < lo || t > hi) : (t < 0x80 || t > 0xBF)) break;
    v = (v << 6) | (t & 0x3F);
  }
  if (k <= need) {
    *cp = 0xFFFD;
    *valid = 0;
    return k; /* maximal subpart: lead byte plus the valid continuation bytes seen */
  }
  *cp = v;
  return need + 1;
}
