/*
 * nc_html.h: main-content extraction from HTML with libxml2's HTML parser.
 *
 * The page is parsed with htmlReadMemory (recovering from broken markup, no network), the
 * charset taken from a BOM, a <meta> declaration, the caller, or detected (UTF-8 when the bytes
 * are valid UTF-8, otherwise Windows-1252). Metadata comes from <meta> (Open Graph, article:*,
 * name=author/date), <link rel=canonical>, <time datetime>, JSON-LD and <html lang>. The main
 * content is the best-scoring block (text length, commas, paragraph count, link density,
 * class/id hints) plus its related siblings; inside it, scripts, navigation, forms, share and
 * related-link blocks are dropped. Paragraphs are separated by a blank line.
 *
 * libxml2 allocates its tree with its own allocator (process-wide xmlMemSetup cannot be per
 * call); everything newscorpus allocates goes through the nc_alloc given.
 */
#ifndef NC_HTML_H
#define NC_HTML_H

#include "nc_common.h"

typedef struct nc_html_opts {
  size_t max_bytes;     /* larger input -> NC_ELIMIT (default 50 MB) */
  const char *encoding; /* charset name to force, or NULL to use the page's / detect */
  int keep_title;       /* keep <h1> headings found inside the content (default: dropped,
                           the title is in the metadata) */
} nc_html_opts;

typedef enum nc_html_field {
  NC_HTML_TITLE = 0,
  NC_HTML_DATE,
  NC_HTML_AUTHOR,
  NC_HTML_LANGUAGE,
  NC_HTML_URL,
  NC_HTML_SITE,
  NC_HTML_DESCRIPTION,
  NC_HTML_ENCODING,
  NC_HTML_NFIELDS
} nc_html_field;

typedef struct nc_html_result {
  nc_buf text;                   /* main content, UTF-8, paragraphs separated by "\n\n" */
  nc_buf field[NC_HTML_NFIELDS]; /* metadata; empty when not found */
} nc_html_result;

/* Defaults: max_bytes 50 MB, encoding NULL (declared or detected), keep_title 0. */
void nc_html_opts_default(nc_html_opts *o);
/* Initialise r's buffers with allocator a (NULL: the default allocator). */
void nc_html_result_init(nc_html_result *r, const nc_alloc *a);
/* Free r's buffers (r can be initialised again afterwards). */
void nc_html_result_free(nc_html_result *r);
/* Field name as used in Lua: "title", "date", "author", "language", "url", "site",
 * "description", "encoding". */
const char *nc_html_field_name(nc_html_field f);

/* Extract the main content and metadata of html[0, n). NC_ELIMIT past max_bytes, NC_EPARSE
 * when the input looks binary or libxml2 cannot build a document, NC_ENOMEM on allocation
 * failure. */
nc_status nc_html_extract(const char *html, size_t n, const nc_html_opts *o, nc_html_result *r);

#endif
