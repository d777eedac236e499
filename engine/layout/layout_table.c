/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_table.c — tables: column widths from millimetres and shares, cell
 * text broken like paragraphs at its column's width, a piece per row for
 * the paginator (rows are never split), the header row repeated atop each
 * page the table continues on, fills, stripes and grid lines. */
#include "layout/layout_blocks.h"
#include "layout/layout_core.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

#define MM_PT LAYOUT_MM_PT
#define EPS_PT 1e-6

typedef struct lay_row {
    size_t first_line, line_count;
    double height_pt;
    int page;
    double top_pt;
    int repeated;
} lay_row;

typedef struct lay_header_at {
    int page;
    double top_pt;
} lay_header_at;

typedef struct lay_cell {
    char *text;                   /* never NULL */
    layout_span *spans;           /* links copied */
    size_t span_count;
    int colspan, rowspan;         /* >= 1; 0: covered by another cell */
    int style, align, filled;
    pdf_color fill;
    double border_pt;
} lay_cell;

typedef struct lay_table {
    layout_table_spec spec;       /* spec.columns points at columns */
    layout_table_column *columns;
    lay_cell *cells;              /* row_count × column_count */
    size_t row_count;
    int spanned;                  /* a cell spans, or has a border of its own: drawn cell by cell */
    char *joined;                 /* per row: a cell of an earlier row reaches into it */
    /* results of the last run */
    double *col_x_pt, *col_w_pt;  /* from the table's left edge */
    double width_pt, x_pt;        /* x_pt: the left edge on the page */
    size_t *cell_lines;           /* lines per cell */
    lay_row *rows;
    lay_header_at *headers;       /* where the header row was set */
    size_t header_count, header_cap;
} lay_table;

void layout_table_spec_init(layout_table_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->header = 1;
    spec->header_style = -1;
    spec->align = LAYOUT_ALIGN_CENTER;
    spec->padding_pt = 3;
    spec->border_pt = 0.5;
    spec->border_color = (pdf_color){0.45, 0.45, 0.45};
    spec->header_filled = 1;
    spec->header_fill = (pdf_color){0.88, 0.88, 0.88};
    spec->stripe_fill = (pdf_color){0.95, 0.95, 0.95};
    spec->space_before_pt = 6;
    spec->space_after_pt = 6;
}

static void table_free(void *data)
{
    lay_table *t = data;
    size_t i, k;
    for (i = 0; t->cells && i < t->row_count * t->spec.column_count; i++) {
        lay_cell *c = &t->cells[i];
        free(c->text);
        for (k = 0; k < c->span_count; k++) {
            free((char *)c->spans[k].link);
            free((char *)c->spans[k].note);
        }
        free(c->spans);
    }
    free(t->cells);
    free(t->joined);
    free(t->columns);
    free(t->col_x_pt);
    free(t->col_w_pt);
    free(t->cell_lines);
    free(t->rows);
    free(t->headers);
    free(t);
}

static const layout_block_kind table_kind;

void layout_table_cell_init(layout_table_cell *cell)
{
    memset(cell, 0, sizeof *cell);
    cell->colspan = cell->rowspan = 1;
    cell->style = -1;
    cell->align = -1;
    cell->border_pt = -1;
}

int layout_table_add(layout_doc *doc, const layout_table_spec *spec, const char *const *cells,
                     size_t row_count)
{
    layout_table_cell *all;
    size_t i, n;
    int rc;
    if (!doc) return -1;
    if (!spec || !spec->columns || spec->column_count == 0 || !cells)
        return layout_table_add_cells(doc, spec, NULL, row_count);
    if (row_count > ((size_t)-1) / sizeof *all / spec->column_count)
        return layout_block_fail(doc, (int)layout_block_count(doc), "table too large");
    n = row_count * spec->column_count;
    all = malloc((n ? n : 1) * sizeof *all);
    if (!all) return layout_fail(doc, "out of memory");
    for (i = 0; i < n; i++) {
        layout_table_cell_init(&all[i]);
        all[i].text = cells[i];
    }
    rc = layout_table_add_cells(doc, spec, all, row_count);
    free(all);
    return rc;
}

/* Copies cell (at row r, column c of t) into t; 0 or -1 (out of memory). */
static int cell_copy(lay_table *t, size_t r, size_t c, const layout_table_cell *in)
{
    lay_cell *out = &t->cells[r * t->spec.column_count + c];
    size_t k;
    out->text = layout_strdup(in->text ? in->text : "");
    if (!out->text) return -1;
    out->colspan = in->colspan > 1 ? in->colspan : 1;
    out->rowspan = in->rowspan > 1 ? in->rowspan : 1;
    out->style = in->style;
    out->align = in->align;
    out->filled = in->filled;
    out->fill = in->fill;
    out->border_pt = in->border_pt;
    if (in->span_count && in->spans) {
        out->spans = calloc(in->span_count, sizeof *out->spans);
        if (!out->spans) return -1;
        out->span_count = in->span_count;
        for (k = 0; k < in->span_count; k++) {
            out->spans[k] = in->spans[k];
            out->spans[k].link = NULL;
            out->spans[k].note = NULL;
            if (in->spans[k].link && !(out->spans[k].link = layout_strdup(in->spans[k].link))) return -1;
            if (in->spans[k].note && !(out->spans[k].note = layout_strdup(in->spans[k].note))) return -1;
        }
    }
    return 0;
}

int layout_table_add_cells(layout_doc *doc, const layout_table_spec *spec, const layout_table_cell *cells,
                           size_t row_count)
{
    lay_block *blk;
    lay_table *t;
    size_t i, n, ncol;
    int next;
    if (!doc) return -1;
    next = (int)layout_block_count(doc);
    if (!spec || !spec->columns || spec->column_count == 0)
        return layout_block_fail(doc, next, "a table needs at least one column");
    ncol = spec->column_count;
    if (row_count == 0 || (spec->header && spec->footer && row_count < 2) || !cells)
        return layout_block_fail(doc, next, "a table needs at least one row");
    if (row_count > ((size_t)-1) / sizeof(char *) / ncol)
        return layout_block_fail(doc, next, "table too large");
    for (i = 0; i < ncol; i++)
        if (spec->columns[i].width_mm < 0 || spec->columns[i].share < 0)
            return layout_block_fail(doc, next, "column %zu: negative width", i + 1);
    if (spec->padding_pt < 0 || spec->border_pt < 0 || spec->width_mm < 0
        || spec->space_before_pt < 0 || spec->space_after_pt < 0)
        return layout_block_fail(doc, next, "table padding, border, width and spaces must be >= 0");
    if (spec->header_style >= 0 && !layout_style_valid(doc, spec->header_style))
        return layout_block_fail(doc, next, "no style %d", spec->header_style);
    /* every cell inside the table, spanning no header or totals row */
    {
        size_t r, c, first_body = spec->header ? 1 : 0, end_body = row_count - (spec->footer ? 1 : 0);
        char *covered = calloc(row_count * ncol, 1);
        if (!covered) return layout_fail(doc, "out of memory");
        for (r = 0; r < row_count; r++)
            for (c = 0; c < ncol; c++) {
                const layout_table_cell *cl = &cells[r * ncol + c];
                size_t cs = cl->colspan > 1 ? (size_t)cl->colspan : 1, rs = cl->rowspan > 1 ? (size_t)cl->rowspan : 1;
                size_t rr, cc;
                if (covered[r * ncol + c]) continue;
                if (cl->style >= 0 && !layout_style_valid(doc, cl->style)) {
                    free(covered);
                    return layout_block_fail(doc, next, "row %zu, column %zu: no style %d", r + 1, c + 1, cl->style);
                }
                if (c + cs > ncol || r + rs > row_count || (rs > 1 && (r < first_body || r + rs > end_body))) {
                    free(covered);
                    return layout_block_fail(doc, next, "row %zu, column %zu: a cell spanning %zu column%s and %zu row%s "
                                             "reaches past the %s", r + 1, c + 1, cs, cs > 1 ? "s" : "", rs,
                                             rs > 1 ? "s" : "", c + cs > ncol ? "last column" : "table's body rows");
                }
                for (rr = r; rr < r + rs; rr++)
                    for (cc = c; cc < c + cs; cc++)
                        if (rr != r || cc != c) covered[rr * ncol + cc] = 1;
            }
        free(covered);
    }
    blk = layout_block_new(doc, &table_kind, spec->style, NULL, 0);
    if (!blk) return -1;
    n = row_count * ncol;
    t = calloc(1, sizeof *t);
    if (!t) return layout_block_abandon(doc, 0);
    blk->data = t;   /* freed with the block from here on */
    t->spec = *spec;
    t->row_count = row_count;
    t->columns = malloc(ncol * sizeof *t->columns);
    t->cells = calloc(n, sizeof *t->cells);
    t->joined = calloc(row_count, 1);
    t->col_x_pt = malloc(ncol * sizeof *t->col_x_pt);
    t->col_w_pt = malloc(ncol * sizeof *t->col_w_pt);
    t->cell_lines = malloc(n * sizeof *t->cell_lines);
    t->rows = calloc(row_count, sizeof *t->rows);
    if (!t->columns || !t->cells || !t->joined || !t->col_x_pt || !t->col_w_pt || !t->cell_lines || !t->rows)
        return layout_block_abandon(doc, 0);
    memcpy(t->columns, spec->columns, ncol * sizeof *t->columns);
    t->spec.columns = t->columns;
    {
        size_t r, c;
        char *covered = calloc(n, 1);
        if (!covered) return layout_block_abandon(doc, 0);
        for (r = 0; r < row_count; r++)
            for (c = 0; c < ncol; c++) {
                const layout_table_cell *cl = &cells[r * ncol + c];
                size_t rr, cc;
                if (covered[r * ncol + c]) {
                    if (!(t->cells[r * ncol + c].text = layout_strdup(""))) {
                        free(covered);
                        return layout_block_abandon(doc, 0);
                    }
                    continue;   /* colspan 0: covered */
                }
                if (cell_copy(t, r, c, cl) != 0) {
                    free(covered);
                    return layout_block_abandon(doc, 0);
                }
                if (t->cells[r * ncol + c].colspan > 1 || t->cells[r * ncol + c].rowspan > 1 || cl->border_pt >= 0)
                    t->spanned = 1;
                for (rr = r; rr < r + (size_t)t->cells[r * ncol + c].rowspan; rr++) {
                    if (rr > r) t->joined[rr] = 1;
                    for (cc = c; cc < c + (size_t)t->cells[r * ncol + c].colspan; cc++)
                        if (rr != r || cc != c) covered[rr * ncol + cc] = 1;
                }
            }
        free(covered);
    }
    blk->space_before_pt = spec->space_before_pt;
    blk->space_after_pt = spec->space_after_pt;
    return layout_block_commit(doc);
}

/* Column widths: fixed ones as given, the rest of the table's width shared
 * out; a table of fixed columns only is as wide as their sum. */
static int column_widths(layout_doc *doc, int b, lay_table *t)
{
    const layout_table_spec *s = &t->spec;
    double measure = layout_measure_pt(doc), fixed = 0, shares = 0, total, x = 0;
    size_t c;
    for (c = 0; c < s->column_count; c++) {
        if (s->columns[c].width_mm > 0) fixed += s->columns[c].width_mm * MM_PT;
        else shares += s->columns[c].share > 0 ? s->columns[c].share : 1;
    }
    if (shares > 0) total = s->width_mm > 0 ? s->width_mm * MM_PT : measure;
    else total = fixed;
    if (total > measure + 0.01)
        return layout_block_fail(doc, b, "table %.1f mm wide, wider than the text (%.1f mm)",
                                 total / MM_PT, measure / MM_PT);
    if (shares > 0 && total - fixed < 1.0)
        return layout_block_fail(doc, b, "fixed columns (%.1f mm) leave no room for the others in %.1f mm",
                                 fixed / MM_PT, total / MM_PT);
    for (c = 0; c < s->column_count; c++) {
        double w;
        if (s->columns[c].width_mm > 0) w = s->columns[c].width_mm * MM_PT;
        else w = (total - fixed) * (s->columns[c].share > 0 ? s->columns[c].share : 1) / shares;
        if (w <= 2 * s->padding_pt + 1.0)
            return layout_block_fail(doc, b, "column %zu is %.1f mm wide, too narrow for its padding",
                                     c + 1, w / MM_PT);
        t->col_x_pt[c] = x;
        t->col_w_pt[c] = w;
        x += w;
    }
    t->width_pt = total;
    return 0;
}

static int is_footer(const lay_table *t, size_t row)
{
    return t->spec.footer && row + 1 == t->row_count && !(row == 0 && t->spec.header);
}

static int row_style(const lay_table *t, size_t row)
{
    if (((row == 0 && t->spec.header) || is_footer(t, row)) && t->spec.header_style >= 0)
        return t->spec.header_style;
    return t->spec.style;
}

/* The style of the text of the cell at row r, column c. */
static int cell_style(const lay_table *t, size_t r, size_t c)
{
    int own = t->cells[r * t->spec.column_count + c].style;
    return own >= 0 ? own : row_style(t, r);
}

/* The width of a cell: the columns it spans. */
static double cell_width(const lay_table *t, size_t c, int colspan)
{
    size_t last = c + (size_t)(colspan > 1 ? colspan : 1) - 1;
    return t->col_x_pt[last] + t->col_w_pt[last] - t->col_x_pt[c];
}

/* The cells' lines, row by row, and a piece per row. */
static int table_measure(layout_doc *doc, int b)
{
    lay_table *t = layout_block_at(doc, b)->data;
    const layout_table_spec *s = &t->spec;
    size_t r, c, ncol = s->column_count;
    double pad = s->padding_pt, header_pt = 0;
    double text_h = layout_text_height_pt(doc);

    t->header_count = 0;
    if (column_widths(doc, b, t) != 0) return -1;
    for (r = 0; r < t->row_count; r++) {
        lay_row *row = &t->rows[r];
        double tallest = layout_pitch_pt(layout_style_at(doc, row_style(t, r)));   /* an empty row: one line */
        row->first_line = layout_line_count(doc);
        row->page = -1;
        for (c = 0; c < ncol; c++) {
            const lay_cell *cl = &t->cells[r * ncol + c];
            size_t before = layout_line_count(doc), lines;
            int style = cell_style(t, r, c);
            lay_text_spec cell = {style, 0, cell_width(t, c, cl->colspan) - 2 * pad, 0, s->columns[c].align, 0,
                                  cl->spans, cl->span_count};
            if (cl->colspan == 0) {   /* covered by another cell */
                t->cell_lines[r * ncol + c] = 0;
                continue;
            }
            /* header cells are centred over their column (表头居中) */
            if (r == 0 && s->header) cell.align = LAYOUT_ALIGN_CENTER;
            if (cl->align >= 0) cell.align = (layout_align)cl->align;
            if (layout_text_lines(doc, b, cl->text, &cell) != 0) return -1;
            lines = layout_line_count(doc) - before;
            t->cell_lines[r * ncol + c] = lines;
            if (cl->rowspan <= 1 && lines > 0) {
                double h = (double)lines * layout_pitch_pt(layout_style_at(doc, style));
                if (h > tallest) tallest = h;
            }
        }
        row->line_count = layout_line_count(doc) - row->first_line;
        row->height_pt = tallest + 2 * pad;
    }
    /* a cell over several rows taller than they are makes the last taller */
    for (r = 0; r < t->row_count; r++)
        for (c = 0; c < ncol; c++) {
            const lay_cell *cl = &t->cells[r * ncol + c];
            double need, have = 0;
            size_t k;
            if (cl->rowspan <= 1) continue;
            need = (double)t->cell_lines[r * ncol + c] * layout_pitch_pt(layout_style_at(doc, cell_style(t, r, c)))
                   + 2 * pad;
            for (k = r; k < r + (size_t)cl->rowspan; k++) have += t->rows[k].height_pt;
            if (need > have) t->rows[r + (size_t)cl->rowspan - 1].height_pt += need - have;
        }
    for (r = 0; r < t->row_count; r++) {
        lay_row *row = &t->rows[r];
        /* a row is never split: one taller than a page (below a repeated
         * header) could not be set at all */
        if (row->height_pt + (r > 0 ? header_pt : 0) > text_h + EPS_PT)
            return layout_block_fail(doc, b, "table row %zu is %.0f mm tall, more than a page holds (%.0f mm)",
                                     r + 1, row->height_pt / MM_PT, (text_h - (r > 0 ? header_pt : 0)) / MM_PT);
        if (r == 0 && s->header) {
            header_pt = row->height_pt;
            if (layout_vlist_box(doc, b, row->height_pt, 1, 0, r) != 0) return -1;
        } else {
            /* as a paragraph keeps two lines at a page's foot and head: the
             * first two body rows stay with the header row (or together),
             * and the last body row of three or more does not start a page
             * alone; rows that a cell spans stay together */
            size_t first_body = s->header ? 1 : 0, body_rows = t->row_count - first_body;
            int ok = r >= first_body + 2 && !(body_rows >= 3 && r + 1 == t->row_count) && !t->joined[r];
            if (layout_vlist_box(doc, b, row->height_pt, ok, header_pt, r) != 0) return -1;
        }
    }
    return 0;
}

static int header_at(layout_doc *doc, lay_table *t, int page, double top_pt)
{
    if (VEC_RESERVE(t->headers, t->header_cap, t->header_count + 1) != 0)
        return layout_fail(doc, "out of memory");
    t->headers[t->header_count++] = (lay_header_at){page, top_pt};
    return 0;
}

/* Row piece went to page with its top at top_y_pt: its cells' lines too
 * (a cell over several rows from the top of its first). */
static int table_place(layout_doc *doc, int b, size_t piece, int page, double x_pt, double top_y_pt,
                       int repeated)
{
    lay_table *t = layout_block_at(doc, b)->data;
    const layout_table_spec *s = &t->spec;
    double measure = layout_measure_pt(doc), slack = measure - t->width_pt;
    lay_row *row = &t->rows[piece];
    size_t c, k, line = row->first_line, ncol = s->column_count;
    lay_line *lines = layout_lines(doc);

    if (s->align == LAYOUT_ALIGN_CENTER) x_pt += slack / 2;
    else if (s->align == LAYOUT_ALIGN_RIGHT) x_pt += slack;
    t->x_pt = x_pt;
    row->page = page;
    row->top_pt = top_y_pt;
    row->repeated = repeated;
    if (piece == 0 && s->header && header_at(doc, t, page, top_y_pt) != 0) return -1;
    if (repeated && header_at(doc, t, page, top_y_pt + t->rows[0].height_pt) != 0) return -1;
    for (c = 0; c < ncol; c++) {
        const layout_style *st = layout_style_at(doc, cell_style(t, piece, c));
        double pitch = layout_pitch_pt(st);
        for (k = 0; k < t->cell_lines[piece * ncol + c]; k++, line++) {
            lay_line *l = &lines[line];
            l->page = page;
            /* lines were set from x = 0 (their alignment offset included) */
            l->x_pt += x_pt + t->col_x_pt[c] + s->padding_pt;
            l->baseline_pt = layout_baseline_pt(top_y_pt - s->padding_pt - (double)k * pitch, pitch,
                                             st->size_pt);
        }
    }
    return 0;
}

/* The header row set again at top_pt on a page it did not start on: its
 * lines drawn once more, moved down (or up) from where they first were. */
static int draw_repeated_header(layout_doc *doc, pdf_doc *pdf, const lay_table *t, double top_pt)
{
    const lay_row *h = &t->rows[0];
    double dy = top_pt - h->top_pt;
    size_t i;
    for (i = h->first_line; i < h->first_line + h->line_count; i++) {
        const lay_line *l = &layout_lines(doc)[i];
        if (layout_draw_glyphs(doc, pdf, l->style, l->glyph_start, l->glyph_count, l->x_pt,
                            l->baseline_pt + dy) != 0)
            return -1;
    }
    return 0;
}

static int pdf_fail(layout_doc *doc, pdf_doc *pdf)
{
    return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
}

/* The height of the cell at row r, column c: the rows it spans. */
static double cell_height(const lay_table *t, size_t r, size_t c)
{
    size_t k, rs = (size_t)t->cells[r * t->spec.column_count + c].rowspan;
    double h = 0;
    for (k = r; k < r + (rs ? rs : 1); k++) h += t->rows[k].height_pt;
    return h;
}

/* The cells of row r set with the row's top at top_pt: in layer UNDER
 * their own fills, in OVER the lines around each (cell by cell, for a
 * table whose cells span or have borders of their own). */
static int draw_row_cells(layout_doc *doc, pdf_doc *pdf, const lay_table *t, size_t r, double top_pt,
                          layout_layer layer)
{
    const layout_table_spec *s = &t->spec;
    size_t c, ncol = s->column_count;
    for (c = 0; c < ncol; c++) {
        const lay_cell *cl = &t->cells[r * ncol + c];
        double x = t->x_pt + t->col_x_pt[c], w, h, bw;
        if (cl->colspan == 0) continue;
        w = cell_width(t, c, cl->colspan);
        h = cell_height(t, r, c);
        if (layer == LAYOUT_LAYER_UNDER) {
            if (cl->filled && pdf_rect(pdf, x, top_pt - h, w, h, 1, 0, cl->fill) != 0)
                return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
            continue;
        }
        bw = cl->border_pt >= 0 ? cl->border_pt : s->border_pt;
        if (!t->spanned || bw <= 0) continue;
        if (pdf_line(pdf, x, top_pt, x + w, top_pt, bw, s->border_color) != 0
            || pdf_line(pdf, x, top_pt - h, x + w, top_pt - h, bw, s->border_color) != 0
            || pdf_line(pdf, x, top_pt, x, top_pt - h, bw, s->border_color) != 0
            || pdf_line(pdf, x + w, top_pt, x + w, top_pt - h, bw, s->border_color) != 0)
            return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
    }
    return 0;
}

/* Under the text: the header row's and the totals row's fills, stripes,
 * the cells' own fills; over it: the header row set again, the grid. */
static int table_draw(layout_doc *doc, int b, pdf_doc *pdf, int page, layout_layer layer)
{
    const lay_table *t = layout_block_at(doc, b)->data;
    const layout_table_spec *s = &t->spec;
    size_t r, h, c;
    double top = 0, bottom = 0;
    int any = 0;

    if (layer == LAYOUT_LAYER_RULES) return 0;

    /* the table's extent on this page: from the header (first or repeated)
     * or first row down to the last row */
    for (h = 0; h < t->header_count; h++) {
        if (t->headers[h].page != page) continue;
        if (layer == LAYOUT_LAYER_UNDER && s->header_filled
            && pdf_rect(pdf, t->x_pt, t->headers[h].top_pt - t->rows[0].height_pt, t->width_pt,
                        t->rows[0].height_pt, 1, 0, s->header_fill) != 0)
            return pdf_fail(doc, pdf);
        if (layer == LAYOUT_LAYER_OVER && h > 0 && draw_repeated_header(doc, pdf, t, t->headers[h].top_pt) != 0)
            return -1;
        if (layer != LAYOUT_LAYER_RULES && draw_row_cells(doc, pdf, t, 0, t->headers[h].top_pt, layer) != 0)
            return -1;
        if (!any || t->headers[h].top_pt > top) top = t->headers[h].top_pt;
        if (!any) bottom = t->headers[h].top_pt - t->rows[0].height_pt;
        any = 1;
    }
    for (r = s->header ? 1 : 0; r < t->row_count; r++) {
        const lay_row *row = &t->rows[r];
        size_t body = r - (s->header ? 1 : 0);
        if (row->page != page) continue;
        /* the totals row on the header's fill */
        if (layer == LAYOUT_LAYER_UNDER && is_footer(t, r) && s->header_filled
            && pdf_rect(pdf, t->x_pt, row->top_pt - row->height_pt, t->width_pt, row->height_pt, 1, 0,
                        s->header_fill) != 0)
            return pdf_fail(doc, pdf);
        /* stripes on the second, fourth ... body row (斑马纹) */
        if (layer == LAYOUT_LAYER_UNDER && s->striped && body % 2 == 1 && !is_footer(t, r)
            && pdf_rect(pdf, t->x_pt, row->top_pt - row->height_pt, t->width_pt, row->height_pt, 1, 0,
                        s->stripe_fill) != 0)
            return pdf_fail(doc, pdf);
        if (layer == LAYOUT_LAYER_OVER && draw_row_cells(doc, pdf, t, r, row->top_pt, layer) != 0) return -1;
        if (!any || row->top_pt > top) top = row->top_pt;
        if (!any || row->top_pt - row->height_pt < bottom) bottom = row->top_pt - row->height_pt;
        any = 1;
    }
    /* the cells' own fills over the stripes (a cell over two rows covers
     * the stripe of the second) */
    for (r = s->header ? 1 : 0; layer == LAYOUT_LAYER_UNDER && r < t->row_count; r++)
        if (t->rows[r].page == page && draw_row_cells(doc, pdf, t, r, t->rows[r].top_pt, layer) != 0) return -1;
    if (!any || layer == LAYOUT_LAYER_UNDER || s->border_pt <= 0 || t->spanned) return 0;

    /* grid: a line above every row and under the last, the column edges */
    for (h = 0; h < t->header_count; h++)
        if (t->headers[h].page == page
            && pdf_line(pdf, t->x_pt, t->headers[h].top_pt, t->x_pt + t->width_pt, t->headers[h].top_pt,
                        s->border_pt, s->border_color) != 0)
            return pdf_fail(doc, pdf);
    for (r = 0; r < t->row_count; r++) {
        const lay_row *row = &t->rows[r];
        double y = row->top_pt - row->height_pt;
        if (row->page != page) continue;
        if (pdf_line(pdf, t->x_pt, row->top_pt, t->x_pt + t->width_pt, row->top_pt, s->border_pt,
                     s->border_color) != 0
            || pdf_line(pdf, t->x_pt, y, t->x_pt + t->width_pt, y, s->border_pt, s->border_color) != 0)
            return pdf_fail(doc, pdf);
    }
    for (c = 0; c <= s->column_count; c++) {
        double x = t->x_pt + (c < s->column_count ? t->col_x_pt[c] : t->width_pt);
        if (pdf_line(pdf, x, top, x, bottom, s->border_pt, s->border_color) != 0) return pdf_fail(doc, pdf);
    }
    return 0;
}

static const layout_block_kind table_kind = {"table", 0, table_measure, table_place, table_draw, table_free};

/* ---- queries ------------------------------------------------------------ */

int layout_doc_table_row(const layout_doc *doc, int block, size_t row, layout_table_row_info *out)
{
    const lay_table *t = layout_block_data(doc, block, &table_kind);
    const lay_row *r;
    if (!t || row >= t->row_count) return -1;
    r = &t->rows[row];
    out->page = r->page;
    out->top_pt = r->top_pt;
    out->height_pt = r->height_pt;
    out->under_repeated_header = r->repeated;
    out->first_line = r->first_line;
    out->line_count = r->line_count;
    return 0;
}

int layout_doc_table_column(const layout_doc *doc, int block, size_t column, double *x_pt,
                            double *width_pt)
{
    const lay_table *t = layout_block_data(doc, block, &table_kind);
    if (!t || column >= t->spec.column_count) return -1;
    if (x_pt) *x_pt = t->x_pt + t->col_x_pt[column];
    if (width_pt) *width_pt = t->col_w_pt[column];
    return 0;
}

size_t layout_doc_table_header_pages(const layout_doc *doc, int block, int *pages, size_t cap)
{
    const lay_table *t = layout_block_data(doc, block, &table_kind);
    size_t i;
    if (!t) return 0;
    for (i = 0; i < t->header_count && i < cap; i++) pages[i] = t->headers[i].page;
    return t->header_count;
}
