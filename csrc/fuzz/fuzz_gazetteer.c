/* fuzz_gazetteer.c: libFuzzer target for nc_gazetteer. The first byte picks the options (bit 0:
 * CSV, bit 1: strict, bit 2: columns name, aliases, type given); the rest is the file. Checks
 * the invariants of the rows: every string inside the pool, line numbers in order and within the
 * lines read, good rows with a name that passes nc_gz_check_name (after its "!") and checked
 * aliases, skip counts adding up, a fatal row only last, and the same rows when parsed again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../nc_gazetteer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const nc_gz_result *r, nc_gz_str s) {
  if (s.off > r->pool.len || s.len > r->pool.len - s.off) abort();
}

static void check_name(const nc_gz_result *r, nc_gz_str s) {
  check_str(r, s);
  if (s.len == 0) abort();
  const char *p = r->pool.data + s.off;
  size_t b, e;
  int exact;
  if (nc_gz_check_name(p, s.len, &b, &e, &exact)) abort();
  /* stored names are already trimmed: only the "!" goes */
  if (b != (size_t)exact || e != s.len) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  unsigned mode = data[0];
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  static const unsigned char cols[] = {NC_GZ_COL_NAME, NC_GZ_COL_ALIASES, NC_GZ_COL_TYPE};
  nc_gz_opts o = {(int)(mode & 1), (int)((mode >> 1) & 1), (mode & 4) ? cols : NULL,
                  (mode & 4) ? 3 : 0};
  nc_gz_result r;
  nc_gz_result_init(&r, NULL);
  if (nc_gz_parse(text, len, &o, &r) != NC_OK) abort();
  size_t last_line = 0, skipped = 0, good = 0;
  const nc_gz_row *rows = r.rows.data;
  for (size_t i = 0; i < r.rows.len; i++) {
    const nc_gz_row *row = &rows[i];
    if (row->line <= last_line || row->line > r.lines) abort();
    last_line = row->line;
    check_str(&r, row->name);
    if (row->kind == NC_GZ_ROW) {
      good++;
      check_name(&r, row->name);
      check_str(&r, row->type);
      check_str(&r, row->id);
      if (row->kase > NC_GZ_CASE_FOLD) abort();
      if (row->alias0 > r.aliases.len || row->naliases > r.aliases.len - row->alias0) abort();
      for (size_t k = 0; k < row->naliases; k++)
        check_name(&r, ((const nc_gz_str *)r.aliases.data)[row->alias0 + k]);
    } else if (row->kind == NC_GZ_SKIP) {
      if (o.strict || row->count == 0) abort();
      skipped += row->count;
    } else if (row->kind == NC_GZ_FAIL) {
      if (i + 1 != r.rows.len || row->name.len == 0) abort();
    } else {
      abort();
    }
  }
  if (skipped != r.skipped || good != r.good) abort();
  /* parsing is deterministic */
  nc_gz_result again;
  nc_gz_result_init(&again, NULL);
  if (nc_gz_parse(text, len, &o, &again) != NC_OK) abort();
  if (again.rows.len != r.rows.len || again.pool.len != r.pool.len ||
      (r.pool.len && memcmp(again.pool.data, r.pool.data, r.pool.len)))
    abort();
  nc_gz_result_free(&again);
  nc_gz_result_free(&r);
  return 0;
}
