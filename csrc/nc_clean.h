/*
 * nc_clean.h: page-text cleaning. Splits text (what a scraper or a text-mode browser saved)
 * into lines, classifies each as body, title, metadata or boilerplate with a reason, cuts
 * boilerplate tails and insertions inside body lines, and builds the clean body text with an
 * offset map back to the input.
 *
 * Offsets are 0-based byte offsets into the INPUT given to nc_clean; ranges are [start, end).
 */
#ifndef NC_CLEAN_H
#define NC_CLEAN_H

#include "nc_common.h"
#include "nc_text.h"

typedef enum nc_line_class {
  NC_LINE_BODY = 0,
  NC_LINE_TITLE,
  NC_LINE_META,  /* reason: "date", "byline", "dateline", "source" */
  NC_LINE_BOILER /* reason: "navigation", "link-list", "widget", ... */
} nc_line_class;

/* One classified piece of the input: a whole line, or part of a line when a line was split
 * (inline bullets) or cut (footer tail, "As seen on" insertion). */
typedef struct nc_segment {
  size_t start, end; /* input byte range, 0-based [start, end) */
  size_t line;       /* 0-based index of the input line it belongs to */
  nc_line_class cls;
  const char *reason; /* static string */
} nc_segment;

/* A string known to be boilerplate for this source (e.g. lines repeated across articles). */
typedef struct nc_strref {
  const char *s;
  size_t n;
} nc_strref;

typedef struct nc_clean_opts {
  nc_text_opts text;         /* normalisation applied before classification */
  const nc_strref *repeated; /* sorted by nc_strref_cmp; lines equal to one are boilerplate */
  size_t nrepeated;
  int keep_title; /* keep the title line at the top of the clean text */
  int article;    /* the text is already an article body (e.g. from nc_html): its first and
                     last lines count as body, no main-block selection, repeated lines are
                     judged by their neighbours */
} nc_clean_opts;

typedef struct nc_clean_result {
  nc_buf text;                     /* the clean body text (UTF-8) */
  nc_vec map;                      /* nc_anchor: clean offsets -> input offsets */
  nc_vec segs;                     /* nc_segment, in input order */
  nc_text_stats stats;             /* what normalisation changed */
  size_t title;                    /* index + 1 into segs of the title, 0 when none */
  size_t date;                     /* index + 1 into segs of the date line, 0 when none */
  size_t byline;                   /* index + 1 into segs of the byline, 0 when none */
  size_t date_start, date_end;     /* the date expression inside the input */
  size_t byline_start, byline_end; /* the name(s) inside the byline, without "By " */
} nc_clean_result;

void nc_clean_opts_default(nc_clean_opts *o);
/* Compare two strrefs bytewise (for sorting the repeated list). */
int nc_strref_cmp(const void *a, const void *b);

/* Initialise r with allocator a (NULL: the default allocator); free with nc_clean_result_free. */
void nc_clean_result_init(nc_clean_result *r, const nc_alloc *a);
void nc_clean_result_free(nc_clean_result *r);

/* Clean s[0, n) into r (which must be freshly initialised). Returns NC_EPARSE when the input
 * looks binary, NC_EUTF8 on invalid UTF-8 in strict mode, NC_ENOMEM on allocation failure. */
nc_status nc_clean(const char *s, size_t n, const nc_clean_opts *o, nc_clean_result *r);

/* Name of a class: "body", "title", "meta", "boilerplate". */
const char *nc_line_class_name(nc_line_class c);

#endif
