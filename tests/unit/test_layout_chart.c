/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_layout_chart.c — charts (layout_blocks.h): bars scale with the
 * data from a common zero line, line points are evenly spaced and rise with
 * the values, pie slices are proportional and close the circle at 360°,
 * bad data is refused, and charts draw through pdf.h. Fonts: the configured
 * ones (SKIP when the Debian CJK fonts are not installed). */
#include "harness.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "layout/layout_blocks.h"
#include "pdf/pdf.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MM_PT (72.0 / 25.4)

static fonts *test_fonts;

static const char *const labels[6] = {"渝中区", "江北区", "南岸区", "九龙坡区", "沙坪坝区", "两江新区直属机关工会"};

static layout_doc *new_doc(void)
{
    char err[256];
    layout_doc *doc = layout_doc_create(test_fonts, NULL, err, sizeof err);
    if (!doc) printf("    layout_doc_create: %s\n", err);
    return doc;
}

static int add_chart(layout_doc *doc, layout_chart_kind kind, const double *values, size_t n)
{
    layout_chart_spec spec;
    layout_chart_spec_init(&spec);
    spec.kind = kind;
    spec.title = "各区县报送件数";
    spec.labels = labels;
    spec.values = values;
    spec.count = n;
    spec.height_mm = 70;
    return layout_chart_add(doc, &spec);
}

TEST(bars_scale_with_the_data)
{
    static const double values[6] = {12, 30, 7, 18, 25, 4};
    layout_chart_mark m[6];
    layout_chart_axis axis;
    layout_doc *doc;
    double per_unit, top = (297 - 25) * MM_PT;
    int b, i;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    doc = new_doc();
    CHECK(doc);
    b = add_chart(doc, LAYOUT_CHART_BAR, values, 6);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_chart_marks(doc, b, m, 6), 6);
    per_unit = m[0].h_pt / values[0];
    CHECK(per_unit > 0);
    for (i = 0; i < 6; i++) {
        CHECK_NEAR(m[i].value, values[i], 1e-12);
        CHECK_NEAR(m[i].h_pt, values[i] * per_unit, 1e-6);   /* proportional */
        CHECK_NEAR(m[i].y_pt, m[0].y_pt, 1e-6);              /* one zero line */
        CHECK_NEAR(m[i].w_pt, m[0].w_pt, 1e-6);
        if (i > 0) CHECK(m[i].x_pt > m[i - 1].x_pt + m[i - 1].w_pt);   /* apart, in order */
        /* inside the chart's box */
        CHECK(m[i].y_pt + m[i].h_pt < top);
        CHECK(m[i].x_pt >= 25 * MM_PT && m[i].x_pt + m[i].w_pt <= (210 - 25) * MM_PT);
    }
    /* the axis runs from 0 to a nice 30 (the highest value) in steps of
     * 10, and the tallest bar reaches the top of the plot */
    CHECK_INT(layout_doc_chart_axis(doc, b, &axis), 0);
    CHECK_NEAR(axis.lo, 0, 0);
    CHECK_NEAR(axis.hi, 30, 1e-9);
    CHECK_NEAR(axis.step, 10, 1e-9);
    CHECK_NEAR(m[1].y_pt + m[1].h_pt, axis.plot_y_pt + axis.plot_h_pt, 1e-6);
    CHECK_NEAR(m[0].y_pt, axis.plot_y_pt, 1e-6);              /* the zero line at the bottom */
    CHECK_NEAR(per_unit, axis.plot_h_pt / 30, 1e-9);
    CHECK_INT(layout_doc_block_page(doc, b), 0);
    layout_doc_destroy(doc);
}

/* The axis ends on the first nice value at or above the data's top, so
 * the tallest bar leaves less than a step above it; fractions get
 * fractional steps, counts whole ones. */
TEST(the_axis_ends_a_step_at_most_above_the_data)
{
    static const struct { double values[3]; double hi, step; } cases[] = {
        {{3.2, 7.9, 1.0}, 8, 2},
        {{12, 27, 3}, 30, 10},
        {{0.12, 0.33, 0.2}, 0.4, 0.1},
        {{150, 940, 610}, 1000, 200},
        {{1, 2, 3}, 3, 1},          /* counts: a step of 1, not 0.5 */
    };
    size_t k;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        layout_chart_axis axis;
        layout_doc *doc = new_doc();
        int b;
        CHECK(doc);
        b = add_chart(doc, LAYOUT_CHART_BAR, cases[k].values, 3);
        CHECK(b >= 0);
        CHECK_INT(layout_doc_run(doc), 0);
        CHECK_INT(layout_doc_chart_axis(doc, b, &axis), 0);
        CHECK_NEAR(axis.lo, 0, 0);
        CHECK_NEAR(axis.hi, cases[k].hi, 1e-9);
        CHECK_NEAR(axis.step, cases[k].step, 1e-9);
        layout_doc_destroy(doc);
    }
}

TEST(negative_bars_go_down_from_the_zero_line)
{
    static const double values[3] = {10, -5, 0};
    layout_chart_mark m[3];
    layout_doc *doc;
    int b;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    doc = new_doc();
    CHECK(doc);
    b = add_chart(doc, LAYOUT_CHART_BAR, values, 3);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_chart_marks(doc, b, m, 3), 3);
    CHECK_NEAR(m[1].y_pt + m[1].h_pt, m[0].y_pt, 1e-6);   /* its top on the zero line */
    CHECK_NEAR(m[1].h_pt * 2, m[0].h_pt, 1e-6);
    CHECK_NEAR(m[2].h_pt, 0, 1e-9);
    layout_doc_destroy(doc);
}

TEST(line_points_rise_with_the_values)
{
    static const double values[5] = {5, 12, 9, 15, 11};
    layout_chart_mark m[5];
    layout_doc *doc;
    int b, i;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    doc = new_doc();
    CHECK(doc);
    b = add_chart(doc, LAYOUT_CHART_LINE, values, 5);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_chart_marks(doc, b, m, 5), 5);
    for (i = 1; i < 5; i++) {
        CHECK_NEAR(m[i].x_pt - m[i - 1].x_pt, m[1].x_pt - m[0].x_pt, 1e-6);   /* even steps */
        /* the rise is proportional to the change of value */
        CHECK_NEAR((m[i].y_pt - m[i - 1].y_pt) / (values[i] - values[i - 1]),
                   (m[1].y_pt - m[0].y_pt) / (values[1] - values[0]), 1e-6);
    }
    layout_doc_destroy(doc);
}

TEST(pie_slices_are_proportional_and_sum_to_360)
{
    static const double values[4] = {40, 25, 0, 35};
    layout_chart_mark m[4];
    layout_doc *doc;
    double total = 0;
    int b, i;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    doc = new_doc();
    CHECK(doc);
    b = add_chart(doc, LAYOUT_CHART_PIE, values, 4);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_chart_marks(doc, b, m, 4), 4);
    CHECK_NEAR(m[0].from_deg, 0, 1e-12);
    for (i = 0; i < 4; i++) {
        double sweep = m[i].to_deg - m[i].from_deg;
        CHECK_NEAR(sweep, values[i] / 100.0 * 360.0, 1e-9);
        if (i > 0) CHECK_NEAR(m[i].from_deg, m[i - 1].to_deg, 1e-12);   /* no gap, no overlap */
        CHECK_NEAR(m[i].x_pt, m[0].x_pt, 1e-12);   /* one centre, one radius */
        CHECK_NEAR(m[i].w_pt, m[0].w_pt, 1e-12);
        total += sweep;
    }
    CHECK_NEAR(total, 360.0, 1e-9);
    CHECK_NEAR(m[3].to_deg, 360.0, 0);   /* closed exactly */
    CHECK(m[0].w_pt > 20);
    layout_doc_destroy(doc);
}

TEST(bad_data_is_refused)
{
    static const double negative[2] = {3, -1}, zeros[2] = {0, 0};
    double nan_values[2] = {1, NAN};
    layout_doc *doc;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    doc = new_doc();
    CHECK(doc);
    CHECK_INT(add_chart(doc, LAYOUT_CHART_PIE, negative, 2), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "pie value 2 is negative") != NULL);
    CHECK_INT(add_chart(doc, LAYOUT_CHART_PIE, zeros, 2), -1);
    CHECK_INT(add_chart(doc, LAYOUT_CHART_BAR, nan_values, 2), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "not a finite number") != NULL);
    CHECK_INT(add_chart(doc, LAYOUT_CHART_BAR, negative, 0), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "at least one value") != NULL);
    layout_doc_destroy(doc);

    /* taller than the page's text area: said when laid out */
    doc = new_doc();
    CHECK(doc);
    {
        layout_chart_spec spec;
        layout_chart_spec_init(&spec);
        spec.values = negative;
        spec.count = 2;
        spec.height_mm = 300;
        CHECK(layout_chart_add(doc, &spec) >= 0);
        CHECK_INT(layout_doc_run(doc), -1);
        CHECK(strstr(layout_doc_errmsg(doc), "more than a page holds") != NULL);
    }
    layout_doc_destroy(doc);
}

TEST(charts_draw_and_a_chart_that_does_not_fit_moves_whole)
{
    static const double values[6] = {12, 30, 7, 18, 25, 4};
    layout_doc *doc;
    pdf_doc *pdf;
    char err[256], path[] = "/tmp/brief-test-chart-XXXXXX";
    int b1, b2, b3, b4, fd;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    doc = new_doc();
    CHECK(doc);
    b1 = add_chart(doc, LAYOUT_CHART_BAR, values, 6);
    b2 = add_chart(doc, LAYOUT_CHART_LINE, values, 6);
    b3 = add_chart(doc, LAYOUT_CHART_PIE, values, 6);
    b4 = add_chart(doc, LAYOUT_CHART_BAR, values, 6);   /* 4 × 70 mm > 247 mm */
    CHECK(b1 >= 0 && b2 >= 0 && b3 >= 0 && b4 >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_block_page(doc, b1), 0);
    CHECK_INT(layout_doc_block_page(doc, b3), 0);
    CHECK_INT(layout_doc_block_page(doc, b4), 1);
    pdf = pdf_doc_create(test_fonts, err, sizeof err);
    CHECK(pdf);
    CHECK_INT(layout_doc_render(doc, pdf), 0);
    CHECK_INT(pdf_page_count(pdf), 2);
    fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK_INT(pdf_doc_save(pdf, path), 0);
    unlink(path);
    pdf_doc_destroy(pdf);
    layout_doc_destroy(doc);
}

TEST(a_label_character_no_font_has_is_reported)
{
    static const char *const odd[2] = {"甲\xF0\xB1\x8D\x90", "乙"};   /* 甲𱍐: U+31350, in no installed font */
    static const double values[2] = {1, 2};
    layout_chart_spec spec;
    layout_doc *doc;
    uint32_t glyph;
    int b;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    if (fonts_pick(test_fonts, 0, 0x31350, &glyph) >= 0) { harness_skip("an installed font has U+31350"); return; }
    doc = new_doc();
    CHECK(doc);
    layout_chart_spec_init(&spec);
    spec.labels = odd;
    spec.values = values;
    spec.count = 2;
    b = layout_chart_add(doc, &spec);
    CHECK(b >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_warning_count(doc), 1);
    CHECK(strstr(layout_doc_warning(doc, 0), "block 1, page 1: U+31350") != NULL);
    layout_doc_destroy(doc);
}

int main(void)
{
    char err[512];
    if (access("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", R_OK) == 0) {
        test_fonts = fonts_create(NULL, err, sizeof err);
        if (!test_fonts) printf("# fonts: %s\n", err);
    }
    RUN(bars_scale_with_the_data);
    RUN(the_axis_ends_a_step_at_most_above_the_data);
    RUN(negative_bars_go_down_from_the_zero_line);
    RUN(line_points_rise_with_the_values);
    RUN(pie_slices_are_proportional_and_sum_to_360);
    RUN(bad_data_is_refused);
    RUN(charts_draw_and_a_chart_that_does_not_fit_moves_whole);
    RUN(a_label_character_no_font_has_is_reported);
    fonts_destroy(test_fonts);
    return harness_done();
}
