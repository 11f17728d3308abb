/*
 * nc_text.h: UTF-8 repair and normalisation with an offset map back to the input.
 *
 * All offsets are 0-based byte offsets; ranges are half-open [start, end).
 * Every transformation keeps a map from offsets in the output ("clean" text) to offsets in
 * the input: a vector of anchors (clean, orig) sorted by clean. A clean offset c maps to
 * orig = a.orig + (c - a.clean) for the last anchor a with a.clean <= c, clamped so it never
 * passes the next anchor's orig (so offsets inside a replaced sequence map into it).
 */
#ifndef NC_TEXT_H
#define NC_TEXT_H

#include "nc_common.h"

typedef struct nc_anchor {
  size_t clean; /* offset in the output */
  size_t orig;  /* offset in the input */
} nc_anchor;

typedef enum nc_encoding {
  NC_ENC_AUTO = 0, /* UTF-8, or Windows-1252 when no valid multi-byte UTF-8 and some invalid */
  NC_ENC_UTF8,     /* UTF-8; invalid sequences become U+FFFD */
  NC_ENC_CP1252    /* Windows-1252 (also used for ISO-8859-1, as browsers do) */
} nc_encoding;

typedef enum nc_norm_form { NC_NORM_NONE = 0, NC_NORM_NFC, NC_NORM_NFKC } nc_norm_form;

typedef struct nc_text_opts {
  int strict;        /* invalid UTF-8 -> NC_EUTF8 instead of U+FFFD */
  int entities;      /* decode HTML character references (&amp; &#8217; &#x2019;) */
  int mojibake;      /* repair UTF-8 read as Windows-1252 (a whole sequence must match) */
  int fold;          /* typographic folding: quotes, dashes, ellipsis, Unicode spaces */
  int whitespace;    /* collapse space runs, trim lines, keep at most one blank line */
  nc_norm_form form; /* Unicode normalisation form */
  nc_encoding encoding;
} nc_text_opts;

/* What changed (counts of occurrences). */
typedef struct nc_text_stats {
  size_t repairs;    /* invalid UTF-8 sequences replaced by U+FFFD */
  size_t controls;   /* NUL, C0 and C1 control characters removed */
  size_t newlines;   /* CR and CRLF turned into LF */
  size_t entities;   /* character references decoded */
  size_t mojibake;   /* mojibake sequences repaired */
  size_t folded;     /* characters folded or removed by typographic folding */
  size_t spaces;     /* whitespace characters dropped by collapsing */
  size_t normalized; /* segments changed by NFC/NFKC */
  int transcoded;    /* 1 when the input was decoded as Windows-1252 */
} nc_text_stats;

/* Defaults: strict 0, entities 1, mojibake 1, fold 0, whitespace 1, NFC, encoding auto. */
void nc_text_opts_default(nc_text_opts *o);

/* Repair and normalise s[0, n) into out (appended; out->len is the clean length) and fill map
 * (an nc_vec of nc_anchor, appended) so that clean offsets map to offsets in s. stats may be
 * NULL. Returns NC_EUTF8 in strict mode on invalid UTF-8, NC_ENOMEM on allocation failure. */
nc_status nc_text_normalize(const char *s, size_t n, const nc_text_opts *o, nc_buf *out,
                            nc_vec *map, nc_text_stats *stats);

/* Map a clean offset (0 <= clean <= clean length) to an input offset using anchors a[0, na).
 * With no anchors the offset is returned unchanged. */
size_t nc_offmap_orig(const nc_anchor *a, size_t na, size_t clean);

/* A position in an anchor array for mapping offsets that mostly increase: each call gives the
 * same result as nc_offmap_orig, in amortised constant time for increasing offsets. */
typedef struct nc_offmap_cursor {
  const nc_anchor *a;
  size_t na;
  size_t i; /* the anchor used last */
} nc_offmap_cursor;

void nc_offmap_cursor_init(nc_offmap_cursor *c, const nc_anchor *a, size_t na);
/* (the general case of nc_offmap_cursor_orig: a search from the cursor) */
size_t nc_offmap_cursor_seek_orig(nc_offmap_cursor *c, size_t clean);
/* Inline for its common case, the anchor used last still covering clean (offsets that come in
 * text order). */
static inline size_t nc_offmap_cursor_orig(nc_offmap_cursor *c, size_t clean) {
  const nc_anchor *a = c->a;
  size_t na = c->na, i = c->i;
  if (i < na && a[i].clean <= clean && (i + 1 >= na || a[i + 1].clean > clean)) {
    size_t o = a[i].orig + (clean - a[i].clean);
    if (i + 1 < na && o > a[i + 1].orig) o = a[i + 1].orig;
    return o;
  }
  return nc_offmap_cursor_seek_orig(c, clean);
}

/* nc_offmap_copy with a cursor over m1 (copies of increasing ranges take linear time). */
nc_status nc_offmap_copy_c(nc_buf *out, nc_vec *map, const char *src, size_t i0, size_t i1,
                           nc_offmap_cursor *m1);

/* Nonzero when s[0, n) looks like binary data rather than text: NUL bytes or non-text control
 * bytes make up more than 1/32 of the first 64 KiB. Empty input is text. */
int nc_text_looks_binary(const char *s, size_t n);

/* Decode the character reference starting at s[i] == '&' (named, &#NNN; or &#xHH;, ';'
 * required). Returns its length in bytes and sets *cp (and *cp2 to a second code point or
 * 0), or returns 0 when s[i] does not start a known reference. */
size_t nc_text_entity(const char *s, size_t n, size_t i, uint32_t *cp, uint32_t *cp2);

/* Append src[i0, i1) to out and extend map (clean offsets of out -> original offsets) so the
 * copied bytes map through m1[0, nm1) (offsets of src -> original offsets). */
nc_status nc_offmap_copy(nc_buf *out, nc_vec *map, const char *src, size_t i0, size_t i1,
                         const nc_anchor *m1, size_t nm1);

/* Append p[0, n) to out, recording in map that it comes from original offset orig. */
nc_status nc_offmap_emit(nc_buf *out, nc_vec *map, const void *p, size_t n, size_t orig);

#endif
