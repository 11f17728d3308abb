/* Unit tests of nc_gazetteer.c: TSV / CSV rows, headers, columns, names and aliases checked,
 * bad rows skipped and counted or fatal, bad input (NUL, invalid UTF-8, huge names, empty input)
 * and failing allocators. */
#include <stdlib.h>
#include <string.h>

#include "../nc_gazetteer.h"
#include "nc_test.h"

static const nc_gz_row *row_at(const nc_gz_result *r, size_t i) {
  return (const nc_gz_row *)r->rows.data + i;
}

/* The text of a pool string as a NUL-terminated copy in buf. */
static const char *str(const nc_gz_result *r, nc_gz_str s, char *buf, size_t cap) {
  size_t n = s.len < cap - 1 ? s.len : cap - 1;
  if (n) memcpy(buf, r->pool.data + s.off, n);
  buf[n] = '\0';
  return buf;
}

/* Row i as "line:name|type|id|alias,alias|case|bad" or "line:SKIP n:message" / "line:FAIL:m". */
static const char *row_str(const nc_gz_result *r, size_t i, char *out, size_t cap) {
  const nc_gz_row *row = row_at(r, i);
  char a[512], b[512], c[512];
  if (row->kind == NC_GZ_SKIP) {
    snprintf(out, cap, "%zu:SKIP %zu:%s", row->line, row->count, str(r, row->name, a, sizeof a));
    return out;
  }
  if (row->kind == NC_GZ_FAIL) {
    snprintf(out, cap, "%zu:FAIL:%s", row->line, str(r, row->name, a, sizeof a));
    return out;
  }
  char al[1024];
  al[0] = '\0';
  for (size_t k = 0; k < row->naliases; k++) {
    char t[512];
    const nc_gz_str *s = (const nc_gz_str *)r->aliases.data + row->alias0 + k;
    if (k) strncat(al, ",", sizeof al - strlen(al) - 1);
    strncat(al, str(r, *s, t, sizeof t), sizeof al - strlen(al) - 1);
  }
  static const char *const cases[] = {"", "auto", "exact", "fold"};
  snprintf(out, cap, "%zu:%s|%s|%s|%s|%s|%zu", row->line, str(r, row->name, a, sizeof a),
           str(r, row->type, b, sizeof b), str(r, row->id, c, sizeof c), al, cases[row->kase],
           row->bad_aliases);
  return out;
}

#define ROW(r, i, expect)                       \
  do {                                          \
    char got_[2048];                            \
    row_str((r), (i), got_, sizeof got_);       \
    CHECK_EQ_MEM(got_, strlen(got_), (expect)); \
  } while (0)

static int parse(const char *text, int csv, int strict, nc_gz_result *r) {
  nc_gz_opts o = {csv, strict, NULL, 0};
  nc_gz_result_init(r, NULL);
  return nc_gz_parse(text, strlen(text), &o, r);
}

NC_TEST(parses_tsv_rows_with_aliases_ids_and_case) {
  nc_gz_result r;
  const char *text =
      "\xEF\xBB\xBF# people\n"
      "Antony Blinken\tPERSON\tTony Blinken| Secretary Blinken |\tQ1\r\n"
      "\n"
      "   # indented comment\n"
      "  !Apple \torg\t! Apple Inc|| \t\texact\n"
      "Xi Jinping\tperson\t\t\tfold\textra\tcolumns\n";
  CHECK_EQ_INT(parse(text, 0, 0, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 3);
  CHECK_EQ_INT(r.good, 3);
  CHECK_EQ_INT(r.skipped, 0);
  CHECK_EQ_INT(r.lines, 6);
  ROW(&r, 0, "2:Antony Blinken|PERSON|Q1|Tony Blinken,Secretary Blinken||0");
  ROW(&r, 1, "5:!Apple|org||!Apple Inc|exact|0");
  ROW(&r, 2, "6:Xi Jinping|person|||fold|0");
  nc_gz_result_free(&r);
}

NC_TEST(reads_a_header_in_any_order_and_case) {
  nc_gz_result r;
  CHECK_EQ_INT(parse("# c\nNAME\t Id \tcase\nLena Okafor\tQ7\tauto\n", 0, 0, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 1);
  ROW(&r, 0, "3:Lena Okafor||Q7||auto|0");
  nc_gz_result_free(&r);
  /* the first field must be "name" as written (not trimmed) to make a header */
  CHECK_EQ_INT(parse(" name\ttype\n", 0, 0, &r), NC_OK);
  ROW(&r, 0, "1:name|type||||0");
  nc_gz_result_free(&r);
  /* a header only counts before the first row; "name" later is a name */
  CHECK_EQ_INT(parse("Port Sable\tGPE\nname\ttype\n", 0, 0, &r), NC_OK);
  ROW(&r, 1, "2:name|type||||0");
  nc_gz_result_free(&r);
  /* repeated columns: the last non-empty field wins */
  CHECK_EQ_INT(parse("name\tname\ttype\nA\tB\tx\nC\t\ty\n", 0, 0, &r), NC_OK);
  ROW(&r, 0, "2:B|x||||0");
  ROW(&r, 1, "3:C|y||||0");
  nc_gz_result_free(&r);
}

NC_TEST(unknown_header_columns_are_fatal) {
  nc_gz_result r;
  CHECK_EQ_INT(parse("bad\tname\nname\tType\tWikidata\nA\tB\n", 0, 0, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 3); /* "bad" is not a header, so neither is line 2 */
  ROW(&r, 0, "1:bad|name||||0");
  ROW(&r, 1, "2:name|Type||Wikidata||0");
  nc_gz_result_free(&r);
  CHECK_EQ_INT(parse("name\tType\tWikidata\nA\tB\n", 0, 0, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 1);
  ROW(&r, 0, "1:FAIL:unknown column 'wikidata' in header");
  nc_gz_result_free(&r);
  CHECK_EQ_INT(parse("name\t\n", 0, 0, &r), NC_OK);
  ROW(&r, 0, "1:FAIL:unknown column '' in header");
  nc_gz_result_free(&r);
}

NC_TEST(columns_from_options) {
  unsigned char cols[] = {NC_GZ_COL_NAME, NC_GZ_COL_TYPE, NC_GZ_COL_ID};
  nc_gz_opts o = {0, 0, cols, 3};
  nc_gz_result r;
  nc_gz_result_init(&r, NULL);
  const char *text = "name\ttype\tid\nSable Bay\tcity\tgeo:1\taliases ignored\n";
  CHECK_EQ_INT(nc_gz_parse(text, strlen(text), &o, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 2);
  ROW(&r, 0, "1:name|type|id|||0");
  ROW(&r, 1, "2:Sable Bay|city|geo:1|||0");
  nc_gz_result_free(&r);
  unsigned char bad[] = {NC_GZ_COL_NAME, 9};
  nc_gz_opts ob = {0, 0, bad, 2};
  CHECK_EQ_INT(nc_gz_parse(text, strlen(text), &ob, &r), NC_EINVAL);
  nc_gz_opts on = {0, 0, NULL, 2};
  CHECK_EQ_INT(nc_gz_parse(text, strlen(text), &on, &r), NC_EINVAL);
  nc_gz_opts big = {0, 0, cols, NC_GZ_MAX_COLUMNS + 1};
  CHECK_EQ_INT(nc_gz_parse(text, strlen(text), &big, &r), NC_EINVAL);
  CHECK_EQ_INT(nc_gz_parse(NULL, 3, NULL, &r), NC_EINVAL);
  CHECK_EQ_INT(nc_gz_parse(text, 3, NULL, NULL), NC_EINVAL);
  CHECK_EQ_INT(r.rows.len, 0);
  nc_gz_result_free(&r);
}

NC_TEST(parses_csv_quotes) {
  nc_gz_result r;
  const char *text =
      "name,type,aliases\n"
      "\"Quillon, Marta\",PERSON,\"Marta \"\"MQ\"\" Quillon|M. Quillon\"\n"
      "Plain,ORG,\n"
      "\"open,ORG\n"
      "\"closed\"x,ORG\n"
      "\"\",ORG\n"
      "a\"b,ORG\n";
  CHECK_EQ_INT(parse(text, 1, 0, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 6);
  ROW(&r, 0, "2:Quillon, Marta|PERSON||Marta \"MQ\" Quillon,M. Quillon||0");
  ROW(&r, 1, "3:Plain|ORG||||0");
  ROW(&r, 2, "4:SKIP 1:unterminated quoted field");
  ROW(&r, 3, "5:SKIP 1:text after a quoted field");
  ROW(&r, 4, "6:SKIP 1:empty name");
  ROW(&r, 5, "7:a\"b|ORG||||0"); /* a quote inside an unquoted field is data */
  CHECK_EQ_INT(r.skipped, 3);
  nc_gz_result_free(&r);
  /* a quoted last field ends the record; a trailing comma adds an empty field */
  CHECK_EQ_INT(parse("\"A\",\"t\"\nB,t,\n", 1, 0, &r), NC_OK);
  ROW(&r, 0, "1:A|t||||0");
  ROW(&r, 1, "2:B|t||||0");
  nc_gz_result_free(&r);
}

NC_TEST(bad_rows_are_skipped_and_counted) {
  nc_gz_result r;
  char *huge = malloc(10020);
  CHECK(huge != NULL);
  if (!huge) return;
  memset(huge, 'n', 10000);
  memcpy(huge + 10000, "\tPERSON\nOk\n", 12);
  CHECK_EQ_INT(parse(huge, 0, 0, &r), NC_OK);
  ROW(&r, 0, "1:SKIP 1:name too long (10000 bytes, at most 1000)");
  ROW(&r, 1, "2:Ok|||||0");
  nc_gz_result_free(&r);
  free(huge);
  const char text[] =
      "\tPERSON\n"         /* empty name */
      "  !  \tPERSON\n"    /* empty after ! */
      "Bad\xFFName\tX\n"   /* invalid UTF-8 */
      "\xED\xA0\x80x\tX\n" /* surrogate */
      "\xC0\x80x\tX\n"     /* overlong */
      "...\tX\n"           /* no letter */
      "Good\tX\tA|\xFF|!|  |B\tQ\tbogus\n"
      "Good\tX\tA|\xFF|!|  |B\tQ\n"
      "Nul\0Name\tX\n";
  nc_gz_opts o = {0, 0, NULL, 0};
  nc_gz_result_init(&r, NULL);
  CHECK_EQ_INT(nc_gz_parse(text, sizeof text - 1, &o, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 9);
  ROW(&r, 0, "1:SKIP 1:empty name");
  ROW(&r, 1, "2:SKIP 1:empty name");
  ROW(&r, 2, "3:SKIP 1:invalid UTF-8 in name");
  ROW(&r, 3, "4:SKIP 1:invalid UTF-8 in name");
  ROW(&r, 4, "5:SKIP 1:invalid UTF-8 in name");
  ROW(&r, 5, "6:SKIP 1:name has no letter or digit");
  ROW(&r, 6, "7:SKIP 1:bad case value");
  ROW(&r, 7, "8:Good|X|Q|A,B||2");
  ROW(&r, 8, "9:SKIP 1:NUL byte in name");
  CHECK_EQ_INT(r.skipped, 8);
  CHECK_EQ_INT(r.good, 1);
  nc_gz_result_free(&r);
}

NC_TEST(strict_mode_stops_at_the_first_bad_row) {
  nc_gz_result r;
  CHECK_EQ_INT(parse("A\tX\nB\tX\t\t\tFold\nC\tX\n", 0, 1, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 2);
  ROW(&r, 0, "1:A|X||||0");
  ROW(&r, 1, "2:FAIL:bad case 'Fold' (auto, exact or fold)");
  CHECK_EQ_INT(r.skipped, 0);
  nc_gz_result_free(&r);
  /* a bad alias is dropped and counted, not an error */
  CHECK_EQ_INT(parse("A\tX\tgood|\xFF\n\tX\nB\n", 0, 1, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 2);
  ROW(&r, 0, "1:A|X||good||1");
  ROW(&r, 1, "2:FAIL:empty name");
  nc_gz_result_free(&r);
  /* CSV: a line without commas is one field (tabs inside a name are kept) */
  CHECK_EQ_INT(parse("A\tX\tgood\n\"x\n", 1, 1, &r), NC_OK);
  ROW(&r, 0, "1:A\tX\tgood|||||0");
  ROW(&r, 1, "2:FAIL:unterminated quoted field");
  nc_gz_result_free(&r);
}

NC_TEST(only_the_first_messages_are_kept) {
  nc_gz_result r;
  char text[4096];
  size_t n = 0;
  for (int i = 0; i < 30; i++) n += (size_t)snprintf(text + n, sizeof text - n, "\tX\n");
  n += (size_t)snprintf(text + n, sizeof text - n, "Ok\n\tX\n\tX\n");
  nc_gz_result_init(&r, NULL);
  CHECK_EQ_INT(nc_gz_parse(text, n, NULL, &r), NC_OK);
  CHECK_EQ_INT(r.skipped, 32);
  CHECK_EQ_INT(r.rows.len, NC_GZ_MAX_MESSAGES + 2);
  ROW(&r, 19, "20:SKIP 11:empty name"); /* the 20th message stands for the 10 after it */
  ROW(&r, 20, "31:Ok|||||0");
  ROW(&r, 21, "32:SKIP 2:");
  nc_gz_result_free(&r);
}

NC_TEST(empty_and_odd_input) {
  nc_gz_result r;
  CHECK_EQ_INT(parse("", 0, 0, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 0);
  CHECK_EQ_INT(r.lines, 0);
  nc_gz_result_free(&r);
  nc_gz_result_init(&r, NULL);
  CHECK_EQ_INT(nc_gz_parse(NULL, 0, NULL, &r), NC_OK);
  CHECK_EQ_INT(r.rows.len, 0);
  nc_gz_result_free(&r);
  CHECK_EQ_INT(parse("\n\r\n \t\n#\n\xEF\xBB\xBF\n", 0, 0, &r), NC_OK);
  /* only line 1 loses a BOM: on line 5 it is a name (non-ASCII bytes count as letters) */
  CHECK_EQ_INT(r.rows.len, 1);
  ROW(&r, 0, "5:\xEF\xBB\xBF|||||0");
  nc_gz_result_free(&r);
  CHECK_EQ_INT(parse("no newline at the end", 0, 0, &r), NC_OK);
  ROW(&r, 0, "1:no newline at the end|||||0");
  CHECK_EQ_INT(r.lines, 1);
  nc_gz_result_free(&r);
}

NC_TEST(check_name_rules) {
  size_t b, e;
  int exact;
  CHECK(nc_gz_check_name("  ! Apple  ", 11, &b, &e, &exact) == NULL);
  CHECK_EQ_INT(b, 4);
  CHECK_EQ_INT(e, 9);
  CHECK_EQ_INT(exact, 1);
  CHECK(nc_gz_check_name("\xC3\xA9", 2, &b, &e, &exact) == NULL);
  CHECK_EQ_INT(exact, 0);
  CHECK(nc_gz_check_name("\xF4\x8F\xBF\xBF", 4, &b, &e, &exact) == NULL);
  CHECK(!strcmp(nc_gz_check_name("\xF4\x90\x80\x80", 4, &b, &e, &exact), "invalid UTF-8 in name"));
  CHECK(!strcmp(nc_gz_check_name("\xC3", 1, &b, &e, &exact), "invalid UTF-8 in name"));
  CHECK(!strcmp(nc_gz_check_name(NULL, 0, &b, &e, &exact), "empty name"));
  CHECK(!strcmp(nc_gz_check_name("-", 1, &b, &e, &exact), "name has no letter or digit"));
  CHECK(!strcmp(nc_gz_check_name("a\0b", 3, &b, &e, &exact), "NUL byte in name"));
  char big[1002];
  memset(big, 'x', sizeof big);
  CHECK(nc_gz_check_name(big, 1000, &b, &e, &exact) == NULL);
  CHECK(!strcmp(nc_gz_check_name(big, 1001, &b, &e, &exact), "name too long"));
}

NC_TEST(failing_allocators_leave_no_leaks) {
  const char *text =
      "name\taliases\tcase\n"
      "Antony Blinken\tTony|Secretary Blinken\texact\n"
      "\tX\n"
      "Bad\tx\tbogus\n"
      "Xi\n";
  int ok = 0;
  for (int n = 0; n < 200 && !ok; n++) {
    fail_after f = {n};
    nc_alloc a = {failing_alloc, &f};
    nc_gz_result r;
    nc_gz_result_init(&r, &a);
    int rc = nc_gz_parse(text, strlen(text), NULL, &r);
    CHECK(rc == NC_OK || rc == NC_ENOMEM);
    if (rc == NC_OK) {
      ok = 1;
      CHECK_EQ_INT(r.rows.len, 4);
      CHECK_EQ_INT(r.skipped, 2);
    }
    nc_gz_result_free(&r);
  }
  CHECK(ok);
}

int main(void) {
  NC_BEGIN();
  NC_RUN(parses_tsv_rows_with_aliases_ids_and_case);
  NC_RUN(reads_a_header_in_any_order_and_case);
  NC_RUN(unknown_header_columns_are_fatal);
  NC_RUN(columns_from_options);
  NC_RUN(parses_csv_quotes);
  NC_RUN(bad_rows_are_skipped_and_counted);
  NC_RUN(strict_mode_stops_at_the_first_bad_row);
  NC_RUN(only_the_first_messages_are_kept);
  NC_RUN(empty_and_odd_input);
  NC_RUN(check_name_rules);
  NC_RUN(failing_allocators_leave_no_leaks);
  return NC_DONE();
}
