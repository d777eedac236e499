/* layout_internal.h — the structures shared by layout.c (model, queries),
 * layout_para.c (items, line breaking, justification) and layout_page.c
 * (pagination, drawing). Not a public header: only layout_*.c include it. */
#ifndef BRIEF_LAYOUT_INTERNAL_H
#define BRIEF_LAYOUT_INTERNAL_H

#include "layout/layout.h"

#include <stdint.h>

enum lay_block_kind {
    LAY_HEADING, LAY_PARA, LAY_LIST, LAY_RULE, LAY_SPACE, LAY_PAGE_BREAK, LAY_TOC,
    LAY_TABLE, LAY_CHART, LAY_IMAGE      /* layout_blocks.h: layout_table.c, _chart.c, _image.c */
};

typedef struct lay_ext lay_ext;      /* a table, chart or image (layout_ext.h) */

typedef struct lay_style {
    char *name;
    char *role_name;
    layout_style s;            /* s.font_role points at role_name */
} lay_style;

typedef struct lay_block {
    int kind;
    int style;
    int level;                 /* heading level; toc: max level */
    char *text;                /* heading, paragraph, list item (UTF-8) */
    char *marker;              /* list item */
    double rule_width_pt;
    pdf_color color;
    double space_before_pt, space_after_pt;  /* rule, space, table, chart, image */
    lay_ext *ext;              /* table, chart, image: owned, layout_ext_free */
    /* results of the last run */
    size_t first_line, line_count;
    int page;                  /* page of the first line or of the rule, -1 */
    double top_pt;             /* y of the block's top on its page (outline) */
} lay_block;

/* One glyph placed in a line, x relative to the line's left end. face -1: a
 * missing character drawn as a box box_w_pt wide. */
typedef struct lay_placed {
    uint32_t glyph;
    uint32_t cp;
    int32_t face;
    float x_pt, y_pt;
    float box_w_pt;
    uint8_t half;          /* pdf_glyph.half */
} lay_placed;

typedef struct lay_line {
    int block, line_in_block, last_in_block, page, style;
    double x_pt, baseline_pt, width_pt, measure_pt;
    double pitch_pt;           /* vertical room of the line */
    size_t text_start, text_end;
    size_t glyph_start, glyph_count;   /* in doc->placed */
    int missing;
    int toc_entry;             /* index of the heading block, or -1 */
} lay_line;

typedef struct lay_rule {
    int page;
    double x1_pt, x2_pt, y_pt, width_pt;
    pdf_color color;
} lay_rule;

/* Per font role, a cache of fonts_pick and advances for the BMP, since the
 * same few thousand characters come back on every line. */
typedef struct lay_cmap_entry {
    int32_t face_plus2;        /* the face + 2; 0: not looked up yet, 1: missing */
    uint32_t glyph;
    float advance_em;          /* advance at 1 pt, points */
} lay_cmap_entry;

/* A cache of shaped short Latin runs (digits, years, "GB/T", punctuation),
 * which come back many times in a document: HarfBuzz was ~9 % of a
 * typeset's instructions. Direct-mapped; the key is the exact bytes, the
 * face and the size, so a hit returns what fonts_shape would. */
#define LAY_SHAPE_SLOTS 512         /* a power of two */
#define LAY_SHAPE_MAX_BYTES 16
#define LAY_SHAPE_MAX_GLYPHS 16
typedef struct lay_shape_entry {
    double size_pt;
    int32_t face;              /* -1: empty slot */
    uint8_t len, glyph_count;
    char text[LAY_SHAPE_MAX_BYTES];
    fonts_glyph glyphs[LAY_SHAPE_MAX_GLYPHS];
} lay_shape_entry;

typedef struct lay_item lay_item;   /* layout_para.c */

struct layout_doc {
    const fonts *fonts;
    layout_page_setup setup;
    char errmsg[256];

    lay_style *styles; size_t style_count, style_cap;
    lay_block *blocks; size_t block_count, block_cap;
    size_t text_bytes;          /* of every block, against LAYOUT_MAX_DOC_BYTES */

    layout_page_fn page_fn; void *page_user;
    int page_numbers;          /* the built-in "- N -" footer */

    /* results of the last run */
    int laid_out;
    int page_count;
    lay_line *lines; size_t line_count, line_cap;
    lay_placed *placed; size_t placed_count, placed_cap;
    lay_rule *rules; size_t rule_count, rule_cap;
    char **warnings; size_t warning_count, warning_cap;
    uint32_t *warned; size_t warned_count, warned_cap;   /* characters already reported */

    lay_cmap_entry **cmaps;    /* per role index, lazily allocated */
    size_t cmap_count;

    /* scratch of layout_para.c, reused from paragraph to paragraph */
    uint32_t *cps; size_t *offs; char *brks; size_t cp_cap;
    lay_item *items; size_t item_cap;
    fonts_glyph *shaped; size_t shaped_cap;
    lay_shape_entry *shape_cache;   /* LAY_SHAPE_SLOTS, lazily allocated */
    pdf_glyph *out_glyphs; size_t out_cap;
};

struct layout_page {
    layout_doc *doc;
    pdf_doc *pdf;
    int index;
};

/* layout.c */
int layout_fail(layout_doc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int layout_grow(void **array, size_t *cap, size_t need, size_t elem);
/* A zeroed block of kind and style in the slot after the last one (not yet
 * counted: the caller fills it, then increments block_count); NULL with the
 * message on the document for a bad style or out of memory. */
lay_block *layout_block_new(layout_doc *doc, int kind, int style);
int layout_role_of(const layout_doc *doc, const lay_style *style);
double layout_pitch_pt(const layout_style *s);
double layout_measure_pt(const layout_doc *doc);

/* layout_para.c: breaks block b (heading, paragraph, list item) into lines
 * appended to doc->lines (page and baseline unset) with their glyphs. */
int layout_para_lines(layout_doc *doc, int b);
/* One line of text, unbroken, for headers, footers and the table of
 * contents: appends its glyphs to doc->placed from *start and returns the
 * width in *width_pt. */
int layout_text_run(layout_doc *doc, int style, const char *utf8, size_t len,
                 size_t *start, size_t *count, double *width_pt);
void layout_para_free(layout_doc *doc);

/* Breaks utf8 in style into lines measure_pt wide (table cells), appended
 * to doc->lines as lines of block b with x from 0, page and baseline unset;
 * align overrides the style's (justify: every line but the last). */
int layout_text_lines(layout_doc *doc, int b, int style, const char *utf8, double measure_pt,
                      layout_align align);

/* Tables, charts and images (layout_blocks.c) are cut into pieces (a table
 * row, a whole chart) that the paginator places whole, one after another. */
typedef struct lay_piece {
    double height_pt;
    int ok_before;             /* a page may break before it (not the first) */
    double repeat_pt;          /* when it starts a page, a header this tall is
                                  repeated above it (a table's header row) */
} lay_piece;

int layout_ext_is(int kind);
/* In layout_doc_run, in block order: block b's text lines and pieces. */
int layout_ext_lines(layout_doc *doc, int b);
size_t layout_ext_pieces(const layout_doc *doc, int b, const lay_piece **pieces);
/* Where the paginator put piece k of block b: its top at top_y_pt on page,
 * its left at x_pt; repeated: a header was set above it. */
int layout_ext_place(layout_doc *doc, int b, size_t piece, int page, double x_pt, double top_y_pt,
                     int repeated);
/* Draws page's tables, charts and images: layer 0 under the text (fills),
 * layer 1 over it (borders, repeated headers, charts, images). */
int layout_ext_draw(layout_doc *doc, pdf_doc *pdf, int page, int layer);
void layout_ext_free(lay_ext *ext);

/* layout_page.c */
/* Reports a character no face of role has, once per document (a warning
 * naming the block and page; page -1: not known). 0 or -1. */
int layout_warn_missing(layout_doc *doc, uint32_t cp, int block, int page, const char *role);
/* Draws placed glyphs [start, start+count) in style at (x_pt, y_pt). */
int layout_draw_glyphs(layout_doc *doc, pdf_doc *pdf, int style, size_t start, size_t count,
                       double x_pt, double y_pt);
/* The baseline of a line whose box of pitch_pt starts at top_y_pt. */
double layout_baseline_pt(double top_y_pt, double pitch_pt, double size_pt);
int layout_paginate(layout_doc *doc);
int layout_render_pages(layout_doc *doc, pdf_doc *pdf);

#endif
