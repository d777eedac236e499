/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_tabulate.c — rows as brief sql prints them: display widths (UAX #11
 * through utf8proc), the aligned table (CJK two columns, numbers right,
 * long cells cut), CSV quoting, JSON through Jansson (invalid UTF-8, NULL,
 * blobs, infinity, two columns of one name), an unfinished JSON array. */
#include "harness.h"
#include "cli/tabulate.h"

#include <stdlib.h>

static store_value text(const char *s)
{
    store_value v = {STORE_TYPE_TEXT, 0, 0, s, strlen(s)};
    return v;
}

static store_value integer(long long i)
{
    store_value v = {STORE_TYPE_INTEGER, i, 0, "", 0};
    return v;
}

static store_value real(double r)
{
    store_value v = {STORE_TYPE_REAL, 0, r, "", 0};
    return v;
}

static const store_value null_value = {STORE_TYPE_NULL, 0, 0, NULL, 0};

/* Runs rows (nrows of ncols) through a tabulate of format; the output. */
static const char *render(tabulate_format format, size_t ncols, const char *const *names, const store_value *rows,
                          size_t nrows, int finish)
{
    static char result[4096];
    char *buf = NULL;
    size_t len = 0, r;
    FILE *out = open_memstream(&buf, &len);
    tabulate *t = tabulate_new(format, out);
    tabulate_row(t, ncols, names, NULL);
    for (r = 0; r < nrows; r++) tabulate_row(t, ncols, names, rows + r * ncols);
    if (finish) tabulate_finish(t);
    tabulate_free(t);
    fclose(out);
    snprintf(result, sizeof result, "%s", buf ? buf : "");
    free(buf);
    return result;
}

TEST(display_columns_by_east_asian_width)
{
    CHECK_INT(tabulate_cols("abc", 3), 3);
    CHECK_INT(tabulate_cols("中文", 6), 4);                    /* Wide */
    CHECK_INT(tabulate_cols("，。", 6), 4);                    /* CJK punctuation: Wide / Fullwidth */
    CHECK_INT(tabulate_cols("Ａｂ", 6), 4);                    /* Fullwidth forms */
    CHECK_INT(tabulate_cols("가", 3), 2);                      /* Hangul */
    CHECK_INT(tabulate_cols("e\xCC\x81", 3), 1);              /* e + combining acute */
    CHECK_INT(tabulate_cols("a\xE2\x80\x8B" "b", 5), 2);      /* zero width space */
    CHECK_INT(tabulate_cols("…—“", 9), 3);                     /* Ambiguous: narrow */
    CHECK_INT(tabulate_cols("\xF0\x9F\x99\x82", 4), 2);       /* an emoji */
    CHECK_INT(tabulate_cols("\xF0\xA0\x80\x80", 4), 2);       /* CJK Extension B */
    CHECK_INT(tabulate_cols("a\tb", 3), 3);                    /* a control shown as a space */
    CHECK_INT(tabulate_cols("\xFF", 1), 1);                    /* a bad byte: U+FFFD */
}

TEST(table_aligns_cjk_and_numbers)
{
    const char *names[] = {"name", "n"};
    store_value rows[] = {text("中文"), integer(7), text("abc"), integer(12345), null_value, real(1.5)};
    CHECK_STR(render(TABULATE_TABLE, 2, names, rows, 3, 1),
              "name      n\n"
              "----  -----\n"
              "中文      7\n"
              "abc   12345\n"
              "        1.5\n"
              "(3 rows)\n");
    CHECK_STR(render(TABULATE_TABLE, 2, names, rows, 0, 1), "name  n\n----  -\n(0 rows)\n");
}

TEST(table_cuts_long_cells_and_flattens_lines)
{
    char long_text[400] = "";
    const char *names[] = {"body"};
    store_value row[1];
    const char *out;
    int i;
    for (i = 0; i < 40; i++) strcat(long_text, "长");
    row[0] = text(long_text);
    out = render(TABULATE_TABLE, 1, names, row, 1, 1);
    /* 29 characters (58 columns) and "…": never past TABULATE_CELL_MAX_COLS. */
    CHECK(strstr(out, "长长…\n") != NULL);
    CHECK(strstr(out, "------------------------------------------------------------\n") != NULL);
    row[0] = text("一\n二");
    CHECK(strstr(render(TABULATE_TABLE, 1, names, row, 1, 1), "一 二\n") != NULL);
}

TEST(csv_quotes_what_needs_it)
{
    const char *names[] = {"x", "y", "z", "n"};
    store_value row[] = {text("a,b"), text("say \"hi\""), null_value, integer(3)};
    CHECK_STR(render(TABULATE_CSV, 4, names, row, 1, 1), "x,y,z,n\r\n\"a,b\",\"say \"\"hi\"\"\",,3\r\n");
}

TEST(json_is_jansson_and_utf8)
{
    const char *names[] = {"id", "id", "s", "bad", "f", "inf", "n", "b"};
    store_value blob = {STORE_TYPE_BLOB, 0, 0, "\x00\xff", 2};
    store_value row[] = {integer(1), integer(2), text("a\"b\nc"), text("x\xFFy"), real(2.0), real(1.0 / 0.0),
                         null_value, blob};
    CHECK_STR(render(TABULATE_JSON, 8, names, row, 1, 1),
              "[\n  {\"id\": 1, \"id\": 2, \"s\": \"a\\\"b\\nc\", \"bad\": \"x\xEF\xBF\xBDy\", \"f\": 2.0, "
              "\"inf\": null, \"n\": null, \"b\": \"x'00ff'\"}\n]\n");
    CHECK_STR(render(TABULATE_JSON, 8, names, row, 0, 1), "[]\n");
    /* Rows stopped by an error: the line is ended, the array is not. */
    CHECK_STR(render(TABULATE_JSON, 8, names, row, 1, 0),
              "[\n  {\"id\": 1, \"id\": 2, \"s\": \"a\\\"b\\nc\", \"bad\": \"x\xEF\xBF\xBDy\", \"f\": 2.0, "
              "\"inf\": null, \"n\": null, \"b\": \"x'00ff'\"}\n");
}

int main(void)
{
    RUN(display_columns_by_east_asian_width);
    RUN(table_aligns_cjk_and_numbers);
    RUN(table_cuts_long_cells_and_flattens_lines);
    RUN(csv_quotes_what_needs_it);
    RUN(json_is_jansson_and_utf8);
    return harness_done();
}
