/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_chart.c — bar, line and pie charts drawn as vectors from data:
 * a title, a value axis with "nice" ticks (1, 2, 2.5 or 5 × 10^k) and grid
 * lines, category labels (Chinese wrapped onto two lines when the slot is
 * narrow), values over bars and points, and a legend beside a pie. The
 * text is set in the document's fonts, so a PDF reader can find it. */
#include "layout/layout_blocks.h"
#include "layout/layout_core.h"
#include "util/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM_PT LAYOUT_MM_PT
#define LABEL_MAX 256        /* bytes of one line of a category label */
#define TICKS_MAX 24

/* A palette that stays distinguishable in greyscale print, red first as
 * the house colour of 公文 (GB/T 9704 prints the banner in red). */
static const pdf_color default_palette[] = {
    {0.75, 0.13, 0.13}, {0.18, 0.40, 0.65}, {0.93, 0.60, 0.13}, {0.22, 0.58, 0.33},
    {0.52, 0.30, 0.60}, {0.09, 0.58, 0.58}, {0.80, 0.36, 0.10}, {0.50, 0.54, 0.55},
};

static const pdf_color grid_grey = {0.82, 0.82, 0.82};
static const pdf_color axis_black = {0.2, 0.2, 0.2};

typedef struct chart_label {
    char line[2][LABEL_MAX];
    int lines;
} chart_label;

typedef struct lay_chart {
    layout_chart_spec spec;      /* its pointers point at the copies below */
    char *title;
    char **labels;
    double *values;
    pdf_color *palette;
    /* results of the last run */
    double width_pt, height_pt;
    int page;
    double x_pt, top_pt;
    /* value axis (bar, line) */
    double lo, hi, step;
    double plot_x, plot_y, plot_w, plot_h;   /* plot area, bottom-left corner */
    chart_label *cat;                        /* count of them */
    double legend_x, legend_top, legend_w;   /* pie */
    layout_chart_mark *marks;
    size_t mark_count;
} lay_chart;

void layout_chart_spec_init(layout_chart_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->kind = LAYOUT_CHART_BAR;
    spec->title_style = -1;
    spec->color = default_palette[0];
    spec->show_values = 1;
    spec->space_before_pt = 6;
    spec->space_after_pt = 6;
}

static void chart_free(void *data)
{
    lay_chart *c = data;
    size_t i;
    for (i = 0; c->labels && i < c->spec.count; i++) free(c->labels[i]);
    free(c->labels);
    free(c->title);
    free(c->values);
    free(c->palette);
    free(c->cat);
    free(c->marks);
    free(c);
}

static const layout_block_kind chart_kind;

int layout_chart_add(layout_doc *doc, const layout_chart_spec *spec)
{
    lay_block *blk;
    lay_chart *c;
    size_t i, n;
    double sum = 0;
    int next;
    if (!doc) return -1;
    next = (int)layout_block_count(doc);
    if (!spec || spec->count == 0 || !spec->values)
        return layout_block_fail(doc, next, "a chart needs at least one value");
    if (spec->kind != LAYOUT_CHART_BAR && spec->kind != LAYOUT_CHART_LINE && spec->kind != LAYOUT_CHART_PIE)
        return layout_block_fail(doc, next, "unknown chart kind %d", (int)spec->kind);
    n = spec->count;
    for (i = 0; i < n; i++) {
        if (!isfinite(spec->values[i]))
            return layout_block_fail(doc, next, "chart value %zu is not a finite number", i + 1);
        if (spec->kind == LAYOUT_CHART_PIE && spec->values[i] < 0)
            return layout_block_fail(doc, next, "pie value %zu is negative", i + 1);
        sum += fabs(spec->values[i]);
    }
    if (spec->kind == LAYOUT_CHART_PIE && !(sum > 0))
        return layout_block_fail(doc, next, "a pie needs a value above zero");
    if (spec->width_mm < 0 || spec->height_mm < 0 || spec->space_before_pt < 0 || spec->space_after_pt < 0)
        return layout_block_fail(doc, next, "chart sizes and spaces must be >= 0");
    if (spec->title_style >= 0 && !layout_style_valid(doc, spec->title_style))
        return layout_block_fail(doc, next, "no style %d", spec->title_style);
    if (spec->palette && spec->palette_count == 0)
        return layout_block_fail(doc, next, "an empty palette");
    blk = layout_block_new(doc, &chart_kind, spec->style, NULL, 0);
    if (!blk) return -1;
    c = calloc(1, sizeof *c);
    if (!c) return layout_block_abandon(doc, 0);
    blk->data = c;   /* freed with the block from here on */
    c->spec = *spec;
    c->labels = calloc(n, sizeof *c->labels);
    c->values = malloc(n * sizeof *c->values);
    c->cat = calloc(n, sizeof *c->cat);
    c->marks = calloc(n, sizeof *c->marks);
    c->palette = malloc((spec->palette ? spec->palette_count : 1) * sizeof *c->palette);
    if (!c->labels || !c->values || !c->cat || !c->marks || !c->palette) return layout_block_abandon(doc, 0);
    if (spec->title && *spec->title && !(c->title = layout_strdup(spec->title))) return layout_block_abandon(doc, 0);
    for (i = 0; i < n; i++)
        if (!(c->labels[i] = layout_strdup(spec->labels && spec->labels[i] ? spec->labels[i] : ""))) return layout_block_abandon(doc, 0);
    memcpy(c->values, spec->values, n * sizeof *c->values);
    if (spec->palette) memcpy(c->palette, spec->palette, spec->palette_count * sizeof *c->palette);
    c->spec.title = c->title;
    c->spec.labels = (const char *const *)c->labels;
    c->spec.values = c->values;
    c->spec.palette = spec->palette ? c->palette : NULL;
    blk->space_before_pt = spec->space_before_pt;
    blk->space_after_pt = spec->space_after_pt;
    return layout_block_commit(doc);
}

static int title_style(const lay_chart *c)
{
    return c->spec.title_style >= 0 ? c->spec.title_style : c->spec.style;
}

/* Its size, one piece. */
static int chart_measure(layout_doc *doc, int b)
{
    lay_chart *c = layout_block_at(doc, b)->data;
    double measure = layout_measure_pt(doc);
    c->width_pt = c->spec.width_mm > 0 ? c->spec.width_mm * MM_PT : measure;
    if (c->width_pt > measure + 0.01)
        return layout_block_fail(doc, b, "chart %.1f mm wide, wider than the text (%.1f mm)",
                                 c->width_pt / MM_PT, measure / MM_PT);
    c->height_pt = c->spec.height_mm > 0 ? c->spec.height_mm * MM_PT : 0.55 * c->width_pt;
    if (c->height_pt < 40) return layout_block_fail(doc, b, "chart lower than 14 mm");
    {
        double text_h = layout_text_height_pt(doc);
        if (c->height_pt > text_h + 0.01)
            return layout_block_fail(doc, b, "chart %.0f mm tall, more than a page holds (%.0f mm)",
                                     c->height_pt / MM_PT, text_h / MM_PT);
    }
    c->page = -1;
    c->mark_count = 0;
    return layout_vlist_box(doc, b, c->height_pt, 1, 0, 0);
}

/* A number as a person writes it: 12, 2.5, 0.25 (no trailing zeros). */
static void format_number(double v, char *out, size_t outlen)
{
    char *p;
    if (fabs(v - round(v)) < 1e-9 * (fabs(v) + 1)) {
        snprintf(out, outlen, "%.0f", round(v) == 0 ? 0.0 : v);
        return;
    }
    snprintf(out, outlen, "%.2f", v);
    p = out + strlen(out) - 1;
    while (p > out && *p == '0') *p-- = '\0';
    if (*p == '.') *p = '\0';
}

/* The axis from lo to hi in steps of 1, 2, 2.5 or 5 × 10^k, about five of
 * them, always including zero; counts (integral data) in whole steps. */
static void nice_scale(double lo, double hi, int integral, double *axis_lo, double *axis_hi, double *step)
{
    double range, rough, mag, norm, s;
    if (lo > 0) lo = 0;
    if (hi < 0) hi = 0;
    if (hi - lo < 1e-12) hi = lo + 1;
    range = hi - lo;
    rough = range / 5;
    mag = pow(10, floor(log10(rough)));
    norm = rough / mag;
    s = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    *step = s * mag;
    if (integral && *step < 1) *step = 1;
    if (integral && *step == 2.5) *step = 2;   /* 2.5 between whole counts */
    *axis_hi = ceil(hi / *step - 1e-9) * *step;
    *axis_lo = floor(lo / *step + 1e-9) * *step;
}

/* Splits a category label into at most two lines of max_pt: characters
 * are added while they fit (CJK may break anywhere; a long Latin word is
 * cut too, which a label of a few words rarely needs); what does not fit
 * in two lines ends with "…". */
static int split_label(layout_doc *doc, int style, const char *label, double max_pt, chart_label *out)
{
    size_t len = strlen(label), off = 0;
    double w;
    int line;
    out->lines = 0;
    if (layout_text_width(doc, style, label, &w) != 0) return -1;
    if (w <= max_pt && len < LABEL_MAX) {
        memcpy(out->line[0], label, len + 1);
        out->lines = len ? 1 : 0;
        return 0;
    }
    for (line = 0; line < 2 && off < len; line++) {
        char *dst = out->line[line];
        size_t used = 0;
        dst[0] = '\0';
        while (off < len) {
            uint32_t cp;
            size_t n = utf8_decode(label + off, len - off, &cp);
            if (used + n + 4 >= LABEL_MAX) break;
            memcpy(dst + used, label + off, n);
            dst[used + n] = '\0';
            if (layout_text_width(doc, style, dst, &w) != 0) return -1;
            if (w > max_pt && used > 0) {
                dst[used] = '\0';
                break;
            }
            used += n;
            off += n;
        }
        if (line == 1 && off < len && used >= 1) {
            /* the rest does not fit: end the second line with an ellipsis */
            size_t cut = used;
            do cut--; while (cut > 0 && ((unsigned char)dst[cut] & 0xC0) == 0x80);
            memcpy(dst + cut, "\xE2\x80\xA6", 4);
        }
        out->lines = line + 1;
    }
    return 0;
}

static double text_size(const layout_doc *doc, int style)
{
    return layout_style_at(doc, style)->size_pt;
}

static int place_axes(layout_doc *doc, int b, lay_chart *c, double top)
{
    int style = c->spec.style;
    double size = text_size(doc, style), pitch = layout_pitch_pt(layout_style_at(doc, style));
    double lo = c->values[0], hi = c->values[0], tick_w = 0, slot, bottom;
    size_t i, n = c->spec.count;
    int lines = 0, integral = 1;
    double v;

    for (i = 0; i < n; i++) {
        if (c->values[i] < lo) lo = c->values[i];
        if (c->values[i] > hi) hi = c->values[i];
        if (c->values[i] != floor(c->values[i])) integral = 0;
    }
    nice_scale(lo, hi, integral, &c->lo, &c->hi, &c->step);
    for (v = c->lo; v <= c->hi + c->step / 2; v += c->step) {
        char num[48];
        double w;
        format_number(v, num, sizeof num);
        if (layout_text_width(doc, style, num, &w) != 0) return -1;
        if (w > tick_w) tick_w = w;
    }
    c->plot_x = c->x_pt + tick_w + 0.6 * size;
    c->plot_w = c->x_pt + c->width_pt - 0.5 * size - c->plot_x;
    slot = c->plot_w / (double)n;
    for (i = 0; i < n; i++) {
        if (split_label(doc, style, c->labels[i], slot - 2, &c->cat[i]) != 0) return -1;
        if (c->cat[i].lines > lines) lines = c->cat[i].lines;
    }
    bottom = c->top_pt - c->height_pt;
    c->plot_y = bottom + lines * pitch + 0.3 * size;
    /* room above the highest tick for its label, or for a value over a bar */
    c->plot_h = top - (c->spec.show_values ? 1.4 : 0.7) * size - c->plot_y;
    if (c->plot_h < 2 * size) return layout_block_fail(doc, b, "chart too low for its title and labels");
    return 0;
}

static double value_y(const lay_chart *c, double v)
{
    return c->plot_y + (v - c->lo) / (c->hi - c->lo) * c->plot_h;
}

static void place_pie(layout_doc *doc, lay_chart *c, double top, double legend_w)
{
    int style = c->spec.style;
    double pitch = layout_pitch_pt(layout_style_at(doc, style)), size = text_size(doc, style);
    double sum = 0, angle = 0, area_w = c->width_pt - legend_w - 2 * size;
    double area_h = top - (c->top_pt - c->height_pt), r, cx, cy;
    size_t i, n = c->spec.count;
    for (i = 0; i < n; i++) sum += c->values[i];
    r = (area_w < area_h ? area_w : area_h) / 2 - 0.5 * size;
    if (r < 10) r = 10;
    /* the pie and its legend side by side, centred together */
    cx = c->x_pt + (c->width_pt - (2 * r + 2 * size + legend_w)) / 2 + r;
    cy = top - area_h / 2;
    c->legend_x = cx + r + 2 * size;
    c->legend_w = legend_w;
    c->legend_top = cy + (double)n * pitch / 2;
    for (i = 0; i < n; i++) {
        layout_chart_mark *m = &c->marks[i];
        double sweep = c->values[i] / sum * 360.0;
        m->x_pt = cx;
        m->y_pt = cy;
        m->w_pt = r;
        m->from_deg = angle;
        /* the last slice closes the circle exactly */
        m->to_deg = i + 1 == n ? 360.0 : angle + sweep;
        m->value = c->values[i];
        angle = m->to_deg;
    }
    c->mark_count = n;
}

/* The legend text of slice i: "label 12 (34.5%)". */
static void legend_text(const lay_chart *c, size_t i, char *out, size_t outlen)
{
    double sum = 0;
    size_t k;
    char num[48];
    for (k = 0; k < c->spec.count; k++) sum += c->values[k];
    format_number(c->values[i], num, sizeof num);
    if (c->spec.show_values)
        snprintf(out, outlen, "%s  %s (%.1f%%)", c->labels[i], num, c->values[i] / sum * 100.0);
    else
        snprintf(out, outlen, "%s", c->labels[i]);
}

static int chart_place(layout_doc *doc, int b, size_t ref, int page, double x_pt, double top_y_pt,
                       int repeated)
{
    lay_chart *c = layout_block_at(doc, b)->data;
    double measure = layout_measure_pt(doc), top;
    size_t i, n = c->spec.count;
    (void)ref; (void)repeated;

    /* characters no font has, reported as a paragraph's would be */
    if (c->title && layout_text_check(doc, title_style(c), c->title, b, page) != 0) return -1;
    for (i = 0; i < n; i++)
        if (layout_text_check(doc, c->spec.style, c->labels[i], b, page) != 0) return -1;

    c->page = page;
    c->x_pt = x_pt + (measure - c->width_pt) / 2;   /* a narrower chart is centred */
    c->top_pt = top_y_pt;
    top = top_y_pt;
    if (c->title) top -= layout_pitch_pt(layout_style_at(doc, title_style(c)));

    if (c->spec.kind == LAYOUT_CHART_PIE) {
        double legend_w = 0;
        for (i = 0; i < n; i++) {
            char text[LABEL_MAX + 64];
            double w;
            legend_text(c, i, text, sizeof text);
            if (layout_text_width(doc, c->spec.style, text, &w) != 0) return -1;
            if (w > legend_w) legend_w = w;
        }
        legend_w += 1.6 * text_size(doc, c->spec.style);   /* the colour key before it */
        if (legend_w > c->width_pt / 2) legend_w = c->width_pt / 2;
        place_pie(doc, c, top, legend_w);
        return 0;
    }
    if (place_axes(doc, b, c, top) != 0) return -1;
    for (i = 0; i < n; i++) {
        layout_chart_mark *m = &c->marks[i];
        double slot = c->plot_w / (double)n, centre = c->plot_x + slot * ((double)i + 0.5);
        double y0 = value_y(c, 0), y1 = value_y(c, c->values[i]);
        m->value = c->values[i];
        if (c->spec.kind == LAYOUT_CHART_BAR) {
            /* bars take 60% of their slot, from the zero line */
            m->w_pt = slot * 0.6;
            m->x_pt = centre - m->w_pt / 2;
            m->y_pt = y1 < y0 ? y1 : y0;
            m->h_pt = fabs(y1 - y0);
        } else {
            m->x_pt = centre;
            m->y_pt = y1;
        }
    }
    c->mark_count = n;
    return 0;
}

static int pdf_fail(layout_doc *doc, pdf_doc *pdf)
{
    return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
}

static int draw_axes(layout_doc *doc, pdf_doc *pdf, const lay_chart *c)
{
    int style = c->spec.style;
    double size = text_size(doc, style), pitch = layout_pitch_pt(layout_style_at(doc, style));
    double v, slot = c->plot_w / (double)c->spec.count;
    size_t i;
    int k;
    for (v = c->lo, k = 0; v <= c->hi + c->step / 2 && k < TICKS_MAX; v += c->step, k++) {
        char num[48];
        double y = value_y(c, v);
        if (fabs(v) > c->step / 2
            && pdf_line(pdf, c->plot_x, y, c->plot_x + c->plot_w, y, 0.4, grid_grey) != 0)
            return pdf_fail(doc, pdf);
        if (pdf_line(pdf, c->plot_x - 0.25 * size, y, c->plot_x, y, 0.6, axis_black) != 0)
            return pdf_fail(doc, pdf);
        format_number(v, num, sizeof num);
        /* the tick label's middle on the tick: baseline 0.35 em below */
        if (layout_text_draw(doc, pdf, style, num, c->plot_x - 0.35 * size, y - 0.35 * size,
                         LAYOUT_ALIGN_RIGHT) != 0)
            return -1;
    }
    if (pdf_line(pdf, c->plot_x, c->plot_y, c->plot_x, c->plot_y + c->plot_h, 0.6, axis_black) != 0
        || pdf_line(pdf, c->plot_x, value_y(c, 0), c->plot_x + c->plot_w, value_y(c, 0), 0.8, axis_black) != 0)
        return pdf_fail(doc, pdf);
    for (i = 0; i < c->spec.count; i++) {
        double centre = c->plot_x + slot * ((double)i + 0.5);
        int line;
        for (line = 0; line < c->cat[i].lines; line++) {
            double y = c->plot_y - 0.3 * size - (double)line * pitch - pitch / 2 - 0.38 * size;
            if (layout_text_draw(doc, pdf, style, c->cat[i].line[line], centre, y, LAYOUT_ALIGN_CENTER) != 0)
                return -1;
        }
    }
    return 0;
}

static int draw_values(layout_doc *doc, pdf_doc *pdf, const lay_chart *c)
{
    int style = c->spec.style;
    double size = text_size(doc, style);
    size_t i;
    for (i = 0; i < c->mark_count; i++) {
        const layout_chart_mark *m = &c->marks[i];
        char num[48];
        double x = c->spec.kind == LAYOUT_CHART_BAR ? m->x_pt + m->w_pt / 2 : m->x_pt;
        double y;
        format_number(m->value, num, sizeof num);
        if (c->spec.kind == LAYOUT_CHART_BAR)
            y = m->value >= 0 ? m->y_pt + m->h_pt + 0.3 * size : m->y_pt - 1.0 * size;
        else
            y = m->y_pt + 0.5 * size;
        if (layout_text_draw(doc, pdf, style, num, x, y, LAYOUT_ALIGN_CENTER) != 0) return -1;
    }
    return 0;
}

static int draw_pie(layout_doc *doc, pdf_doc *pdf, const lay_chart *c)
{
    int style = c->spec.style;
    double size = text_size(doc, style), pitch = layout_pitch_pt(layout_style_at(doc, style));
    size_t i, np = c->spec.palette ? c->spec.palette_count : sizeof default_palette / sizeof *default_palette;
    const pdf_color *pal = c->spec.palette ? c->spec.palette : default_palette;
    for (i = 0; i < c->mark_count; i++) {
        const layout_chart_mark *m = &c->marks[i];
        pdf_color col = pal[i % np];
        char text[LABEL_MAX + 64];
        double row_top = c->legend_top - (double)i * pitch;
        double base = row_top - pitch / 2 - 0.38 * size;
        if (m->to_deg - m->from_deg > 1e-6
            && pdf_pie_slice(pdf, m->x_pt, m->y_pt, m->w_pt, m->from_deg, m->to_deg, col) != 0)
            return pdf_fail(doc, pdf);
        /* legend: a square key in the slice's colour, then its text */
        if (pdf_rect(pdf, c->legend_x, base, 0.9 * size, 0.9 * size, 1, 0, col) != 0)
            return pdf_fail(doc, pdf);
        legend_text(c, i, text, sizeof text);
        if (layout_text_draw(doc, pdf, style, text, c->legend_x + 1.6 * size, base, LAYOUT_ALIGN_LEFT) != 0)
            return -1;
    }
    return 0;
}

static int chart_draw(layout_doc *doc, int b, pdf_doc *pdf, int page, layout_layer layer)
{
    const lay_chart *c = layout_block_at(doc, b)->data;
    size_t i;
    if (layer != LAYOUT_LAYER_OVER || c->page != page) return 0;
    if (c->title) {
        int ts = title_style(c);
        double pitch = layout_pitch_pt(layout_style_at(doc, ts));
        if (layout_text_draw(doc, pdf, ts, c->title, c->x_pt + c->width_pt / 2,
                         layout_baseline_pt(c->top_pt, pitch, text_size(doc, ts)), LAYOUT_ALIGN_CENTER) != 0)
            return -1;
    }
    if (c->spec.kind == LAYOUT_CHART_PIE) return draw_pie(doc, pdf, c);
    if (draw_axes(doc, pdf, c) != 0) return -1;
    if (c->spec.kind == LAYOUT_CHART_BAR) {
        for (i = 0; i < c->mark_count; i++) {
            const layout_chart_mark *m = &c->marks[i];
            if (m->h_pt > 0 && pdf_rect(pdf, m->x_pt, m->y_pt, m->w_pt, m->h_pt, 1, 0, c->spec.color) != 0)
                return pdf_fail(doc, pdf);
        }
    } else {
        double *xy = malloc(2 * c->mark_count * sizeof *xy);
        int rc = 0;
        if (!xy) return layout_fail(doc, "out of memory");
        for (i = 0; i < c->mark_count; i++) {
            xy[2 * i] = c->marks[i].x_pt;
            xy[2 * i + 1] = c->marks[i].y_pt;
        }
        if (c->mark_count > 1 && pdf_polygon(pdf, xy, c->mark_count, 0, 0, 1.5, c->spec.color) != 0) rc = -1;
        free(xy);
        if (rc) return pdf_fail(doc, pdf);
        for (i = 0; i < c->mark_count; i++)
            if (pdf_rect(pdf, c->marks[i].x_pt - 2, c->marks[i].y_pt - 2, 4, 4, 1, 0, c->spec.color) != 0)
                return pdf_fail(doc, pdf);
    }
    return c->spec.show_values ? draw_values(doc, pdf, c) : 0;
}

static const layout_block_kind chart_kind = {"chart", 0, chart_measure, chart_place, chart_draw, chart_free};

size_t layout_doc_chart_marks(const layout_doc *doc, int block, layout_chart_mark *out, size_t cap)
{
    const lay_chart *c = layout_block_data(doc, block, &chart_kind);
    size_t i;
    if (!c) return 0;
    for (i = 0; i < c->mark_count && i < cap; i++) out[i] = c->marks[i];
    return c->mark_count;
}

int layout_doc_chart_axis(const layout_doc *doc, int block, layout_chart_axis *out)
{
    const lay_chart *c = layout_block_data(doc, block, &chart_kind);
    if (!c || c->spec.kind == LAYOUT_CHART_PIE) return -1;
    out->lo = c->lo;
    out->hi = c->hi;
    out->step = c->step;
    out->plot_x_pt = c->plot_x;
    out->plot_y_pt = c->plot_y;
    out->plot_w_pt = c->plot_w;
    out->plot_h_pt = c->plot_h;
    return 0;
}
