/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_blocks.h — the blocks of a document beyond text (layout.h): tables,
 * charts and images, appended in order with the text blocks and paginated
 * with them.
 *
 * A table's rows are never split: a row that does not fit goes whole to the
 * next page, where the header row (if the table has one) is set again
 * above it. Cell text is broken and justified by the same rules as
 * paragraphs (layout.h), at the width of its column less the padding.
 * A chart or an image is one piece: it goes whole to the next page when it
 * does not fit. Charts are drawn as vectors (pdf_rect, pdf_polygon,
 * pdf_pie_slice) with their text in the document's fonts, so that their
 * labels can be searched and copied; images are drawn with pdf_image.
 *
 * Contract: as layout.h. Every string and array given is copied; sizes in
 * millimetres (_mm) or points (_pt) as named; each add returns its block
 * number or -1 with the message on the document (layout_doc_errmsg). The
 * queries below report the results of the last layout_doc_run. */
#ifndef BRIEF_LAYOUT_BLOCKS_H
#define BRIEF_LAYOUT_BLOCKS_H

#include <stddef.h>

#include "layout/layout.h"

/* ---- tables ----------------------------------------------------------- */

typedef struct layout_table_column {
    double width_mm;        /* > 0: a fixed width */
    double share;           /* width_mm 0: a share of the width the fixed
                               columns leave (both 0: a share of 1) */
    layout_align align;     /* of the lines of its cells */
} layout_table_column;

typedef struct layout_table_spec {
    const layout_table_column *columns;   /* column_count of them, >= 1 */
    size_t column_count;
    int header;             /* 1: the first row is a header row, set again
                               atop every page the table continues on */
    int footer;             /* 1: the last row is a totals row (合计): in
                               header_style on header_fill, never striped */
    int style;              /* cell text (role, size, colour, pitch) */
    int header_style;       /* header row text; -1: style */
    double width_mm;        /* with shares: the table's width; 0: the measure */
    layout_align align;     /* a table narrower than the measure: left,
                               centre (justify counts as left) or right */
    double padding_pt;      /* inside every cell, each side */
    double border_pt;       /* grid lines; 0: none */
    pdf_color border_color;
    int header_filled;      /* 1: the header row on header_fill */
    pdf_color header_fill;
    int striped;            /* 1: every second body row on stripe_fill */
    pdf_color stripe_fill;
    double space_before_pt, space_after_pt;
} layout_table_spec;

/* Defaults: no columns, header row on (filled light grey), no totals row,
 * style 0, padding
 * 3 pt, 0.5 pt grey borders, no stripes (stripe colour a lighter grey),
 * centred, 6 pt of space before and after. */
void layout_table_spec_init(layout_table_spec *spec);

/* A table of row_count rows of spec->column_count cells each: cells holds
 * row_count × column_count UTF-8 strings row by row (NULL: an empty cell),
 * the header row first when spec->header, the totals row last when
 * spec->footer. */
int layout_table_add(layout_doc *doc, const layout_table_spec *spec, const char *const *cells,
                     size_t row_count);

/* One cell of layout_table_add_cells. */
typedef struct layout_table_cell {
    const char *text;           /* UTF-8; NULL: empty */
    const layout_span *spans;   /* of text (layout.h), copied; NULL: none */
    size_t span_count;
    int colspan, rowspan;       /* columns and rows it covers from its own, >= 1 */
    int style;                  /* its text's style; -1: its row's */
    int align;                  /* a layout_align; -1: its column's */
    int filled;                 /* 1: on fill */
    pdf_color fill;
    double border_pt;           /* the lines around it; < 0: the table's border */
} layout_table_cell;

/* An empty cell of one column and row in its row's style and column's
 * alignment, unfilled, with the table's border. */
void layout_table_cell_init(layout_table_cell *cell);

/* A table of row_count rows whose cells may span columns and rows (表格的
 * 合并单元格) and have a style, alignment, fill and border of their own:
 * cells holds row_count × spec->column_count entries row by row, and the
 * entry of a position another cell covers is ignored. A cell spanning
 * rows is drawn over them and its rows are kept on one page (a cell
 * taller than its rows makes the last of them taller); the header row and
 * the totals row span no rows. -1 with a message naming the row and
 * column of a cell that reaches past the table. */
int layout_table_add_cells(layout_doc *doc, const layout_table_spec *spec, const layout_table_cell *cells,
                           size_t row_count);

typedef struct layout_table_row_info {
    int page;               /* 0-based */
    double top_pt;          /* the row's top edge, from the page's bottom */
    double height_pt;
    int under_repeated_header;  /* it starts a page below a repeated header */
    size_t first_line;      /* its cells' lines: layout_doc_line indices */
    size_t line_count;
} layout_table_row_info;

/* Row row of table block (the header row is row 0 when it has one); 0, or
 * -1 when block is not a table or row is out of range. */
int layout_doc_table_row(const layout_doc *doc, int block, size_t row, layout_table_row_info *out);
/* The left edge and width of a column, points; 0 or -1. */
int layout_doc_table_column(const layout_doc *doc, int block, size_t column, double *x_pt,
                            double *width_pt);
/* The pages (0-based) on which the header row was set, in order, and their
 * number (returned; at most cap written). */
size_t layout_doc_table_header_pages(const layout_doc *doc, int block, int *pages, size_t cap);

/* ---- charts ------------------------------------------------------------ */

typedef enum layout_chart_kind {
    LAYOUT_CHART_BAR,       /* a bar per value, from zero */
    LAYOUT_CHART_LINE,      /* a point per value, joined */
    LAYOUT_CHART_PIE        /* a slice per value (>= 0), with a legend */
} layout_chart_kind;

typedef struct layout_chart_spec {
    layout_chart_kind kind;
    const char *title;      /* UTF-8 above the chart; NULL or "": none */
    const char *const *labels;  /* count category labels (NULL entries: none) */
    const double *values;   /* count values */
    size_t count;           /* >= 1 */
    double width_mm;        /* 0: the measure */
    double height_mm;       /* 0: 0.55 × the width */
    int style;              /* labels, ticks and values (its size and colour) */
    int title_style;        /* -1: style */
    pdf_color color;        /* bars and line */
    const pdf_color *palette;   /* pie slices, cycled; NULL: a built-in one */
    size_t palette_count;
    int show_values;        /* 1: the value over each bar or point, and in
                               the pie's legend with its percentage */
    double space_before_pt, space_after_pt;
} layout_chart_spec;

/* Defaults: a bar chart, no data, full measure, style 0, dark red bars,
 * the built-in palette, values shown, 6 pt of space before and after. */
void layout_chart_spec_init(layout_chart_spec *spec);

int layout_chart_add(layout_doc *doc, const layout_chart_spec *spec);

/* What a chart drew, for tests: a bar (x, y, w, h: its rectangle), a point
 * of a line (x, y), or a slice (its angles, degrees clockwise from twelve
 * o'clock; x, y its centre, w its radius). */
typedef struct layout_chart_mark {
    double x_pt, y_pt, w_pt, h_pt;
    double from_deg, to_deg;
    double value;
} layout_chart_mark;

/* The marks of chart block: their number (returned; at most cap written);
 * the page of the chart with layout_doc_block_page. */
size_t layout_doc_chart_marks(const layout_doc *doc, int block, layout_chart_mark *out, size_t cap);

/* The value axis of a bar or line chart, for tests: from lo to hi in steps
 * of step (1, 2, 2.5 or 5 × 10^k, zero always on it), drawn over the plot
 * area whose bottom-left corner is (plot_x_pt, plot_y_pt): a value v sits
 * at plot_y_pt + (v - lo) / (hi - lo) × plot_h_pt. */
typedef struct layout_chart_axis {
    double lo, hi, step;
    double plot_x_pt, plot_y_pt, plot_w_pt, plot_h_pt;
} layout_chart_axis;

/* The axis of chart block after layout_doc_run: 0, or -1 when block is
 * not a bar or line chart. */
int layout_doc_chart_axis(const layout_doc *doc, int block, layout_chart_axis *out);

/* ---- images ------------------------------------------------------------ */

typedef struct layout_image_spec {
    const char *path;       /* PNG or JPEG file (copied); read at render */
    int width_px, height_px;    /* its pixel size (pdf_image_size), > 0 */
    double width_mm;        /* 0: its size at 96 dpi; never wider than the
                               measure nor taller than the text area (the
                               aspect ratio is kept) */
    layout_align align;     /* left, centre (justify counts as centre), right */
    double space_before_pt, space_after_pt;
} layout_image_spec;

/* Defaults: no file, centred, 6 pt of space before and after. */
void layout_image_spec_init(layout_image_spec *spec);

int layout_image_add(layout_doc *doc, const layout_image_spec *spec);

/* The box an image is drawn in (after layout_doc_run): 0 or -1. */
int layout_doc_image_box(const layout_doc *doc, int block, int *page, double *x_pt, double *y_pt,
                         double *w_pt, double *h_pt);

#endif
