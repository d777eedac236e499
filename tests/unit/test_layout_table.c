/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_layout_table.c — tables (layout_blocks.h): column widths from
 * millimetres and shares, Chinese cell text wrapped within its column, rows
 * never split across pages, the header row set again atop every page the
 * table continues on, and drawing through pdf.h. Images are here too (their
 * box, and a missing file named). Fonts: the configured ones (SKIP when the
 * Debian CJK fonts are not installed). */
#include "harness.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "layout/layout_blocks.h"
#include "pdf/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MM_PT (72.0 / 25.4)

static fonts *test_fonts;

static int have_fonts(void)
{
    return test_fonts != NULL;
}

static layout_doc *new_doc(const char *page, int *table_style)
{
    layout_page_setup setup;
    layout_style s;
    char err[256];
    layout_doc *doc;
    layout_page_setup_named(page, &setup);
    doc = layout_doc_create(test_fonts, &setup, err, sizeof err);
    if (!doc) {
        printf("    layout_doc_create: %s\n", err);
        return NULL;
    }
    layout_style_init(&s);
    s.font_role = "sans";
    s.size_pt = 10.5;
    s.align = LAYOUT_ALIGN_LEFT;
    s.line_pitch_pt = 15;
    *table_style = layout_style_set(doc, "table", &s);
    return doc;
}

static const char *const long_cell =
    "渝中区总工会职工服务中心窗口接待来访职工并登记诉求，对拖欠工资、工伤认定等问题逐一建立台账，限时办结。";

/* rows × 3 cells: a number, a long Chinese text, a count; with a header */
static const char **make_cells(size_t rows, char ***owned)
{
    const char **cells = calloc((rows + 1) * 3, sizeof *cells);
    char **mine = calloc((rows + 1) * 2, sizeof *mine);
    size_t r;
    cells[0] = "序号";
    cells[1] = "事项";
    cells[2] = "件数";
    for (r = 1; r <= rows; r++) {
        mine[2 * r] = malloc(16);
        mine[2 * r + 1] = malloc(16);
        snprintf(mine[2 * r], 16, "%zu", r);
        snprintf(mine[2 * r + 1], 16, "%zu", r * 7);
        cells[3 * r] = mine[2 * r];
        cells[3 * r + 1] = r % 3 == 0 ? long_cell : "职工诉求登记";
        cells[3 * r + 2] = mine[2 * r + 1];
    }
    *owned = mine;
    return cells;
}

static void free_cells(const char **cells, char **owned, size_t rows)
{
    size_t i;
    for (i = 0; i < (rows + 1) * 2; i++) free(owned[i]);
    free(owned);
    free((void *)cells);
}

static int add_table(layout_doc *doc, int style, size_t rows, int striped)
{
    layout_table_column cols[3] = {
        {12, 0, LAYOUT_ALIGN_CENTER}, {0, 1, LAYOUT_ALIGN_JUSTIFY}, {20, 0, LAYOUT_ALIGN_RIGHT}};
    layout_table_spec spec;
    char **owned;
    const char **cells = make_cells(rows, &owned);
    int b;
    layout_table_spec_init(&spec);
    spec.columns = cols;
    spec.column_count = 3;
    spec.style = style;
    spec.striped = striped;
    b = layout_table_add(doc, &spec, cells, rows + 1);
    free_cells(cells, owned, rows);
    return b;
}

TEST(column_widths_from_mm_and_shares)
{
    layout_doc *doc;
    layout_table_column cols[4] = {
        {20, 0, LAYOUT_ALIGN_LEFT}, {0, 2, LAYOUT_ALIGN_LEFT}, {0, 1, LAYOUT_ALIGN_LEFT}, {30, 0, LAYOUT_ALIGN_RIGHT}};
    const char *cells[4] = {"甲", "乙", "丙", "丁"};
    layout_table_spec spec;
    double x[4], w[4], measure = (210 - 50) * MM_PT;
    int style, b, c;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A4", &style);
    CHECK(doc);
    layout_table_spec_init(&spec);
    spec.columns = cols;
    spec.column_count = 4;
    spec.style = style;
    spec.header = 0;
    b = layout_table_add(doc, &spec, cells, 1);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    for (c = 0; c < 4; c++) CHECK_INT(layout_doc_table_column(doc, b, (size_t)c, &x[c], &w[c]), 0);
    CHECK_NEAR(w[0], 20 * MM_PT, 1e-6);
    CHECK_NEAR(w[3], 30 * MM_PT, 1e-6);
    /* shares 2:1 of what the fixed columns leave; the whole = the measure */
    CHECK_NEAR(w[1], 2 * w[2], 1e-6);
    CHECK_NEAR(w[0] + w[1] + w[2] + w[3], measure, 1e-6);
    for (c = 1; c < 4; c++) CHECK_NEAR(x[c], x[c - 1] + w[c - 1], 1e-6);
    CHECK_NEAR(x[0], 25 * MM_PT, 1e-6);
    CHECK_INT(layout_doc_table_column(doc, b, 4, NULL, NULL), -1);
    layout_doc_destroy(doc);
}

TEST(fixed_columns_only_are_centred_and_too_wide_is_an_error)
{
    layout_doc *doc;
    layout_table_column cols[2] = {{40, 0, LAYOUT_ALIGN_LEFT}, {60, 0, LAYOUT_ALIGN_LEFT}};
    const char *cells[2] = {"甲", "乙"};
    layout_table_spec spec;
    double x, w0, w1, measure = (210 - 50) * MM_PT;
    int style, b;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A4", &style);
    CHECK(doc);
    layout_table_spec_init(&spec);
    spec.columns = cols;
    spec.column_count = 2;
    spec.style = style;
    spec.header = 0;
    b = layout_table_add(doc, &spec, cells, 1);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_table_column(doc, b, 0, &x, &w0), 0);
    CHECK_INT(layout_doc_table_column(doc, b, 1, NULL, &w1), 0);
    CHECK_NEAR(w0 + w1, 100 * MM_PT, 1e-6);
    CHECK_NEAR(x, 25 * MM_PT + (measure - 100 * MM_PT) / 2, 1e-6);
    layout_doc_destroy(doc);

    cols[1].width_mm = 150;   /* 190 mm on a 160 mm measure */
    doc = new_doc("A4", &style);
    CHECK(doc);
    spec.style = style;
    CHECK(layout_table_add(doc, &spec, cells, 1) >= 0);
    CHECK_INT(layout_doc_run(doc), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "wider than the text") != NULL);
    layout_doc_destroy(doc);
}

TEST(cells_follow_their_column_alignment_and_headers_are_centred)
{
    layout_doc *doc;
    layout_table_column cols[3] = {
        {30, 0, LAYOUT_ALIGN_LEFT}, {30, 0, LAYOUT_ALIGN_CENTER}, {30, 0, LAYOUT_ALIGN_RIGHT}};
    const char *cells[6] = {"单位", "事项", "件数", "渝中区", "帮扶", "12"};
    layout_table_spec spec;
    layout_table_row_info header, row;
    double x[3], w[3];
    size_t k;
    int style, b, c;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A4", &style);
    CHECK(doc);
    layout_table_spec_init(&spec);
    spec.columns = cols;
    spec.column_count = 3;
    spec.style = style;
    b = layout_table_add(doc, &spec, cells, 2);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    for (c = 0; c < 3; c++) CHECK_INT(layout_doc_table_column(doc, b, (size_t)c, &x[c], &w[c]), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 0, &header), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 1, &row), 0);
    CHECK_INT(header.line_count, 3);
    CHECK_INT(row.line_count, 3);
    for (k = 0; k < 3; k++) {
        layout_line_info h, li;
        double pad = 3;
        CHECK_INT(layout_doc_line(doc, header.first_line + k, &h), 0);
        CHECK_INT(layout_doc_line(doc, row.first_line + k, &li), 0);
        /* the header cell centred over its column */
        CHECK_NEAR(h.x_pt + h.width_pt / 2, x[k] + w[k] / 2, 0.01);
        if (k == 0) CHECK_NEAR(li.x_pt, x[k] + pad, 0.01);
        if (k == 1) CHECK_NEAR(li.x_pt + li.width_pt / 2, x[k] + w[k] / 2, 0.01);
        if (k == 2) CHECK_NEAR(li.x_pt + li.width_pt, x[k] + w[k] - pad, 0.01);
    }
    layout_doc_destroy(doc);
}

TEST(a_totals_row_is_set_last_in_the_header_style)
{
    layout_doc *doc;
    layout_table_column cols[2] = {{0, 1, LAYOUT_ALIGN_LEFT}, {0, 1, LAYOUT_ALIGN_RIGHT}};
    const char *cells[8] = {"区县", "篇数", "渝中区", "12", "江北区", "10", "合计", "22"};
    layout_table_spec spec;
    layout_table_row_info body, total;
    layout_style hs;
    int style, b;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A4", &style);
    CHECK(doc);
    layout_style_init(&hs);
    hs.font_role = "heading";
    hs.size_pt = 10.5;
    hs.line_pitch_pt = 20;   /* taller than the body's 15: the rows show whose style they use */
    layout_table_spec_init(&spec);
    spec.columns = cols;
    spec.column_count = 2;
    spec.style = style;
    spec.header_style = layout_style_set(doc, "table_header", &hs);
    spec.footer = 1;
    b = layout_table_add(doc, &spec, cells, 4);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 1, &body), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 3, &total), 0);
    CHECK_NEAR(body.height_pt, 15 + 6, 1e-9);
    CHECK_NEAR(total.height_pt, 20 + 6, 1e-9);
    CHECK_NEAR(total.top_pt, body.top_pt - 2 * body.height_pt, 1e-6);   /* last */
    layout_doc_destroy(doc);
}

TEST(chinese_cells_wrap_within_their_column)
{
    layout_doc *doc;
    layout_table_row_info row;
    double x, w;
    size_t i;
    int style, b;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A4", &style);
    CHECK(doc);
    b = add_table(doc, style, 3, 0);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 3, &row), 0);   /* row 3 has the long cell */
    CHECK_INT(layout_doc_table_column(doc, b, 1, &x, &w), 0);
    /* number (1 line) + long text (several) + count (1 line) */
    CHECK(row.line_count >= 4);
    {
        size_t long_lines = 0, covered_end = 0;
        for (i = row.first_line; i < row.first_line + row.line_count; i++) {
            layout_line_info li;
            CHECK_INT(layout_doc_line(doc, i, &li), 0);
            if (li.x_pt < x - 0.01 || li.x_pt > x + w) continue;   /* another column */
            long_lines++;
            /* within the column less 3 pt of padding each side */
            CHECK(li.x_pt >= x + 3 - 1e-6);
            CHECK(li.x_pt + li.width_pt <= x + w - 3 + 1e-6);
            CHECK_NEAR(li.measure_pt, w - 6, 1e-6);
            /* consecutive byte ranges: nothing lost between lines */
            CHECK_INT(li.text_start, covered_end);
            covered_end = li.text_end;
        }
        CHECK(long_lines >= 2);
        CHECK_INT(covered_end, strlen(long_cell));
        /* the row is as tall as its tallest cell */
        CHECK_NEAR(row.height_pt, (double)long_lines * 15 + 6, 1e-6);
    }
    layout_doc_destroy(doc);
}

TEST(rows_never_split_and_the_header_repeats_on_every_page)
{
    layout_doc *doc;
    layout_table_row_info row, header;
    int pages[64], style, b, last_page = -1, page_count;
    size_t r, k, nh;
    double top = (210 - 20) * MM_PT, bottom = 20 * MM_PT;   /* A5 text area */
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A5", &style);
    CHECK(doc);
    CHECK(layout_para_add(doc, layout_style_find(doc, "body"), "表一 各单位诉求登记") >= 0);
    b = add_table(doc, style, 80, 1);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    page_count = layout_doc_page_count(doc);
    CHECK(page_count >= 4);
    CHECK_INT(layout_doc_table_row(doc, b, 0, &header), 0);
    nh = layout_doc_table_header_pages(doc, b, pages, 64);
    CHECK_INT(nh, page_count);   /* the table runs to the last page */
    for (k = 0; k < nh; k++) CHECK_INT(pages[k], (int)k);
    for (r = 1; r <= 80; r++) {
        CHECK_INT(layout_doc_table_row(doc, b, r, &row), 0);
        CHECK(row.page >= last_page);
        /* the whole row inside the text area of its page */
        CHECK(row.top_pt <= top + 1e-6);
        CHECK(row.top_pt - row.height_pt >= bottom - 1e-6);
        if (row.page != last_page) {
            /* the first row of a page: under the header, first or repeated */
            CHECK_INT(row.under_repeated_header, row.page > header.page);
            CHECK_NEAR(row.top_pt, (row.page > header.page ? top : header.top_pt) - header.height_pt, 1e-6);
        } else {
            CHECK_INT(row.under_repeated_header, 0);
        }
        /* every line of the row on the row's page, inside its box */
        for (k = row.first_line; k < row.first_line + row.line_count; k++) {
            layout_line_info li;
            CHECK_INT(layout_doc_line(doc, k, &li), 0);
            CHECK_INT(li.page, row.page);
            CHECK(li.baseline_pt < row.top_pt && li.baseline_pt > row.top_pt - row.height_pt);
        }
        last_page = row.page;
    }
    CHECK_INT(layout_doc_table_row(doc, b, 81, &row), -1);
    layout_doc_destroy(doc);
}

TEST(the_first_body_row_stays_with_the_header)
{
    layout_doc *doc;
    layout_table_row_info header, first;
    int style, b, i, body;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A5", &style);
    CHECK(doc);
    body = layout_style_find(doc, "body");
    /* fill the page until only the header row would fit at its foot */
    for (i = 0; i < 40; i++) {
        layout_table_row_info h;
        layout_doc *probe = new_doc("A5", &style);
        int j, pb;
        CHECK(probe);
        for (j = 0; j < i; j++) layout_para_add(probe, body, "第一段");
        pb = add_table(probe, style, 1, 0);
        CHECK(pb >= 0);
        CHECK_INT(layout_doc_run(probe), 0);
        layout_doc_table_row(probe, pb, 0, &h);
        layout_doc_destroy(probe);
        if (h.page == 1) break;   /* i paragraphs push a short table over */
    }
    CHECK(i < 40);
    for (i = i - 1; i >= 0; i--) layout_para_add(doc, body, "第一段");
    b = add_table(doc, style, 3, 0);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 0, &header), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 1, &first), 0);
    CHECK_INT(header.page, first.page);
    layout_doc_destroy(doc);
}

/* Wherever a table falls (after 0 to 50 paragraphs), its header row is on
 * the page of the second body row, and its last row on the page of the row
 * before: no single row under a header at a page's foot, none alone on the
 * next page. */
TEST(two_body_rows_stay_with_the_header_and_the_last_row_is_not_alone)
{
    int style, b, j, body, split = 0;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    for (j = 0; j <= 50; j++) {
        layout_table_row_info header, second, last, before_last;
        layout_doc *doc = new_doc("A5", &style);
        int k;
        CHECK(doc);
        body = layout_style_find(doc, "body");
        for (k = 0; k < j; k++) layout_para_add(doc, body, "第一段");
        b = add_table(doc, style, 5, 0);
        CHECK(b >= 0);
        CHECK_INT(layout_doc_run(doc), 0);
        CHECK_INT(layout_doc_table_row(doc, b, 0, &header), 0);
        CHECK_INT(layout_doc_table_row(doc, b, 2, &second), 0);
        CHECK_INT(layout_doc_table_row(doc, b, 4, &before_last), 0);
        CHECK_INT(layout_doc_table_row(doc, b, 5, &last), 0);
        CHECK_INT(header.page, second.page);
        CHECK_INT(last.page, before_last.page);
        if (header.page != last.page) split++;
        layout_doc_destroy(doc);
    }
    CHECK(split > 0);   /* some positions did split the table */
}

TEST(tables_and_images_render_and_a_missing_image_is_named)
{
    layout_doc *doc;
    pdf_doc *pdf;
    layout_image_spec im;
    char err[256], path[] = "/tmp/brief-test-table-XXXXXX";
    int style, b, page, fd;
    double x, y, w, h;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A5", &style);
    CHECK(doc);
    CHECK(add_table(doc, style, 30, 1) >= 0);
    layout_image_spec_init(&im);
    im.path = "tests/data/doc/emblem.png";
    im.width_px = 96;
    im.height_px = 64;
    im.width_mm = 30;
    b = layout_image_add(doc, &im);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_image_box(doc, b, &page, &x, &y, &w, &h), 0);
    CHECK_NEAR(w, 30 * MM_PT, 1e-6);
    CHECK_NEAR(h / w, 64.0 / 96.0, 1e-9);   /* aspect kept */
    CHECK_NEAR(x + w / 2, 74 * MM_PT, 1e-6);   /* centred on the A5 measure */
    pdf = pdf_doc_create(test_fonts, err, sizeof err);
    CHECK(pdf);
    if (access(im.path, R_OK) == 0) {
        fd = mkstemp(path);
        CHECK(fd >= 0);
        close(fd);
        CHECK_INT(layout_doc_render(doc, pdf), 0);
        CHECK_INT(pdf_page_count(pdf), layout_doc_page_count(doc));
        CHECK_INT(pdf_doc_save(pdf, path), 0);
        unlink(path);
    }
    pdf_doc_destroy(pdf);
    layout_doc_destroy(doc);

    /* a file that went away between layout and drawing: named */
    doc = new_doc("A5", &style);
    CHECK(doc);
    im.path = "/nonexistent/chart.png";
    b = layout_image_add(doc, &im);
    CHECK(b >= 0);
    pdf = pdf_doc_create(test_fonts, err, sizeof err);
    CHECK(pdf);
    CHECK_INT(layout_doc_render(doc, pdf), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "/nonexistent/chart.png") != NULL);
    pdf_doc_destroy(pdf);
    layout_doc_destroy(doc);
}

TEST(bad_tables_are_refused)
{
    layout_doc *doc;
    layout_table_column col = {0, 0, LAYOUT_ALIGN_LEFT};
    layout_table_spec spec;
    const char *cells[1] = {"甲"};
    int style;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A4", &style);
    CHECK(doc);
    layout_table_spec_init(&spec);
    spec.style = style;
    CHECK_INT(layout_table_add(doc, &spec, cells, 1), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "at least one column") != NULL);
    spec.columns = &col;
    spec.column_count = 1;
    CHECK_INT(layout_table_add(doc, &spec, cells, 0), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "at least one row") != NULL);
    spec.style = 999;
    CHECK_INT(layout_table_add(doc, &spec, cells, 1), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "no style") != NULL);
    layout_doc_destroy(doc);

    /* a row taller than a page cannot be set unsplit: said, not overflowed */
    doc = new_doc("A5", &style);
    CHECK(doc);
    {
        static char huge[40000];
        const char *one[1] = {huge};
        size_t i;
        for (i = 0; i + 3 < sizeof huge - 1; i += 3) memcpy(huge + i, "\xE5\xAD\x97", 3);   /* 字 */
        huge[i] = '\0';
        spec.style = style;
        spec.header = 0;
        CHECK(layout_table_add(doc, &spec, one, 1) >= 0);
        CHECK_INT(layout_doc_run(doc), -1);
        CHECK(strstr(layout_doc_errmsg(doc), "table row 1 is") != NULL);
        CHECK(strstr(layout_doc_errmsg(doc), "more than a page holds") != NULL);
    }
    layout_doc_destroy(doc);
}

TEST(cells_span_columns_and_rows)
{
    layout_doc *doc;
    layout_table_spec spec;
    layout_table_column cols[3] = {{30, 0, LAYOUT_ALIGN_LEFT}, {40, 0, LAYOUT_ALIGN_LEFT}, {40, 0, LAYOUT_ALIGN_RIGHT}};
    layout_table_cell cells[4 * 3];
    layout_table_row_info r1, r2, r3;
    layout_line_info li;
    double x1, w1, x2, w2;
    size_t i, tall_lines = 0;
    int style, b;
    if (!have_fonts()) { harness_skip("fonts not installed"); return; }
    doc = new_doc("A4", &style);
    CHECK(doc);
    layout_table_spec_init(&spec);
    spec.columns = cols;
    spec.column_count = 3;
    spec.style = style;
    for (i = 0; i < 12; i++) layout_table_cell_init(&cells[i]);
    cells[0].text = "地区"; cells[1].text = "事项"; cells[1].colspan = 2;        /* header: 2 cells */
    /* row 1: a cell over rows 1 and 2, tall enough to make row 2 taller */
    cells[3].text = "渝中区总工会的一段很长的说明文字会在这一格里折成好几行才能放下";
    cells[3].rowspan = 2;
    cells[4].text = "接待";
    cells[5].text = "12";
    cells[7].text = "办理"; cells[8].text = "8";                               /* row 2: column 0 covered */
    /* row 3: a cell over the last two columns */
    cells[9].text = "江北区"; cells[10].text = "合并两列"; cells[10].colspan = 2;
    b = layout_table_add_cells(doc, &spec, cells, 4);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 1, &r1), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 2, &r2), 0);
    CHECK_INT(layout_doc_table_row(doc, b, 3, &r3), 0);
    CHECK_INT(layout_doc_table_column(doc, b, 1, &x1, &w1), 0);
    CHECK_INT(layout_doc_table_column(doc, b, 2, &x2, &w2), 0);
    /* the tall cell's lines all belong to row 1 and fill rows 1 and 2 */
    for (i = r1.first_line; i < r1.first_line + r1.line_count; i++) {
        CHECK_INT(layout_doc_line(doc, i, &li), 0);
        if (li.x_pt < x1 - 1) tall_lines++;
    }
    CHECK(tall_lines >= 3);
    CHECK_NEAR(r1.height_pt + r2.height_pt, (double)tall_lines * 15 + 6, 1e-6);
    CHECK(r2.height_pt > 15 + 6 + 1);             /* row 2 grew, not row 1 */
    CHECK_NEAR(r1.height_pt, 15 + 6, 1e-6);
    CHECK_INT(r2.line_count, 2);                  /* its column 0 is covered */
    /* the spanning cell of row 3 is measured over two columns */
    for (i = r3.first_line; i < r3.first_line + r3.line_count; i++) {
        CHECK_INT(layout_doc_line(doc, i, &li), 0);
        if (li.x_pt > x1 - 1) CHECK_NEAR(li.measure_pt, w1 + w2 - 6, 1e-6);
    }
    layout_doc_destroy(doc);

    /* a cell that reaches past the table is refused, naming it */
    doc = new_doc("A4", &style);
    for (i = 0; i < 12; i++) layout_table_cell_init(&cells[i]);
    cells[5].colspan = 2;
    CHECK_INT(layout_table_add_cells(doc, &spec, cells, 4), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "row 2, column 3") != NULL);
    for (i = 0; i < 12; i++) layout_table_cell_init(&cells[i]);
    cells[9].rowspan = 2;
    CHECK_INT(layout_table_add_cells(doc, &spec, cells, 4), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "row 4, column 1") != NULL);
    layout_doc_destroy(doc);
}

int main(void)
{
    char err[512];
    if (access("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", R_OK) == 0) {
        test_fonts = fonts_create(NULL, err, sizeof err);
        if (!test_fonts) printf("# fonts: %s\n", err);
    }
    RUN(column_widths_from_mm_and_shares);
    RUN(fixed_columns_only_are_centred_and_too_wide_is_an_error);
    RUN(cells_follow_their_column_alignment_and_headers_are_centred);
    RUN(a_totals_row_is_set_last_in_the_header_style);
    RUN(chinese_cells_wrap_within_their_column);
    RUN(rows_never_split_and_the_header_repeats_on_every_page);
    RUN(the_first_body_row_stays_with_the_header);
    RUN(two_body_rows_stay_with_the_header_and_the_last_row_is_not_alone);
    RUN(tables_and_images_render_and_a_missing_image_is_named);
    RUN(bad_tables_are_refused);
    RUN(cells_span_columns_and_rows);
    fonts_destroy(test_fonts);
    return harness_done();
}
