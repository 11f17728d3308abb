/*
 * nc_gazetteer.h: parser of gazetteer files (TSV or CSV text) into checked rows (no Lua here).
 *
 * The rules are those of lua/newscorpus/gazetteer.lua (which merges the rows into entities):
 *   - Lines end at '\n'; one trailing '\r' is removed; a UTF-8 BOM at the start of line 1 is
 *     removed. Blank lines and lines whose first non-space byte is '#' are skipped.
 *   - TSV fields are separated by '\t'; CSV records follow RFC 4180 quoting ("a ""b""", a
 *     quoted field may not span lines): an unterminated quoted field or text after a closing
 *     quote is a bad row.
 *   - Columns: those given in the options, else a header line whose first field is "name" in
 *     any case (each header field trimmed and lower-cased must be name, type, aliases, id or
 *     case: anything else is a fatal error), else name, type, aliases, id, case. Each field is
 *     trimmed (C-locale white space); empty fields are absent; when a column name repeats, the
 *     last non-empty field wins.
 *   - The case field must be "auto", "exact" or "fold" (else a bad row).
 *   - Names are checked: trimmed, a leading "!" marks an exact name (trimmed again); empty, longer
 *     than NC_GZ_MAX_NAME bytes, with a NUL byte, invalid UTF-8 (as Lua's utf8.len: no
 *     overlongs, surrogates or code points above U+10FFFF) or without an ASCII letter / digit or
 *     non-ASCII byte: a bad row. The stored name is "!" + name for exact names.
 *   - Aliases: the aliases field split at '|'; parts blank after trimming are dropped; each
 *     other part is checked as a name: bad ones are dropped and counted (bad_aliases).
 * Bad rows are skipped and counted, with a message kept for the first NC_GZ_MAX_MESSAGES
 * (later ones are counted in the previous skip row); with strict set, the first bad row is
 * fatal instead: it is the last row of the result, of kind NC_GZ_FAIL, and parsing stops.
 */
#ifndef NC_GAZETTEER_H
#define NC_GAZETTEER_H

#include <stddef.h>

#include "nc_common.h"

enum {
  NC_GZ_MAX_NAME = 1000,    /* bytes of a checked name (without the "!") */
  NC_GZ_MAX_MESSAGES = 20,  /* skip rows that keep their message */
  NC_GZ_MAX_COLUMNS = 4096, /* columns given in nc_gz_opts */
};

/* Column kinds (nc_gz_opts.columns, and what a header line may name). */
enum {
  NC_GZ_COL_NONE = 0,
  NC_GZ_COL_NAME,
  NC_GZ_COL_TYPE,
  NC_GZ_COL_ALIASES,
  NC_GZ_COL_ID,
  NC_GZ_COL_CASE
};

/* Case rules of a row. */
enum { NC_GZ_CASE_NONE = 0, NC_GZ_CASE_AUTO, NC_GZ_CASE_EXACT, NC_GZ_CASE_FOLD };

/* Row kinds. */
enum {
  NC_GZ_ROW = 0, /* a good row */
  NC_GZ_SKIP,    /* `count` bad rows, skipped; msg is the first one's message (len 0: none) */
  NC_GZ_FAIL     /* the fatal bad row (strict mode, or an unknown header column) */
};

/* Bytes pool[off, off + len) of the result's pool. */
typedef struct nc_gz_str {
  size_t off, len;
} nc_gz_str;

typedef struct nc_gz_row {
  size_t line;             /* 1-based line number (of the first row for NC_GZ_SKIP) */
  nc_gz_str name;          /* NC_GZ_ROW: the checked name; otherwise the message */
  nc_gz_str type, id;      /* trimmed fields; len 0: absent */
  size_t alias0, naliases; /* checked aliases: result aliases[alias0, alias0 + naliases) */
  size_t bad_aliases;      /* aliases dropped as bad names */
  size_t count;            /* NC_GZ_SKIP: bad rows this record stands for */
  unsigned char kase;      /* NC_GZ_CASE_* */
  unsigned char kind;      /* NC_GZ_ROW, NC_GZ_SKIP, NC_GZ_FAIL */
} nc_gz_row;

typedef struct nc_gz_opts {
  int csv;                      /* 0: TSV, 1: CSV */
  int strict;                   /* the first bad row is fatal */
  const unsigned char *columns; /* NC_GZ_COL_* of each column; NULL: header or default */
  size_t ncolumns;              /* at most NC_GZ_MAX_COLUMNS */
} nc_gz_opts;

typedef struct nc_gz_result {
  nc_buf pool;    /* bytes of every name, type, id, alias and message */
  nc_vec rows;    /* nc_gz_row, in line order */
  nc_vec aliases; /* nc_gz_str */
  size_t good;    /* rows of kind NC_GZ_ROW */
  size_t skipped; /* bad rows skipped (sum of the NC_GZ_SKIP counts) */
  size_t lines;   /* lines read */
} nc_gz_result;

/* Initialises an empty result using allocator a (NULL: nc_default_alloc). */
void nc_gz_result_init(nc_gz_result *r, const nc_alloc *a);
/* Frees what a result owns (it can be initialised and used again). */
void nc_gz_result_free(nc_gz_result *r);

/* Parses text[0, len) and appends rows to r (opts NULL: TSV, not strict, no columns). Never
 * reads outside the text; NUL bytes and invalid UTF-8 are data (a bad name, not an error).
 * Returns NC_OK (bad rows are rows of the result), NC_EINVAL (NULL result, NULL text with a
 * length, more than NC_GZ_MAX_COLUMNS columns or an unknown column kind) or NC_ENOMEM (rows
 * appended before the failure stay in r). */
int nc_gz_parse(const char *text, size_t len, const nc_gz_opts *opts, nc_gz_result *r);

/* Checks one name as the parser does. Returns NULL and sets [*start, *end) (the name without
 * white space and "!") and *exact, or returns the problem ("empty name", "name too long",
 * "NUL byte in name", "invalid UTF-8 in name", "name has no letter or digit"; static
 * storage). */
const char *nc_gz_check_name(const char *s, size_t n, size_t *start, size_t *end, int *exact);

#endif
