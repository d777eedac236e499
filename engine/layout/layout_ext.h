/* layout_ext.h — what layout_blocks.c (dispatch, pieces), layout_table.c,
 * layout_chart.c and layout_image.c share: the extension of a block that is
 * not text. Not a public header: only those files include it. */
#ifndef BRIEF_LAYOUT_EXT_H
#define BRIEF_LAYOUT_EXT_H

#include "layout/layout_blocks.h"
#include "layout/layout_internal.h"

typedef struct lay_table lay_table;   /* layout_table.c */
typedef struct lay_chart lay_chart;   /* layout_chart.c */
typedef struct lay_image lay_image;   /* layout_image.c */

struct lay_ext {
    lay_piece *pieces;        /* of the last run */
    size_t piece_count, piece_cap;
    lay_table *table;         /* exactly one of the three */
    lay_chart *chart;
    lay_image *image;
};

/* A new block of kind with its (empty) extension, or NULL (message set);
 * the caller fills it and then counts the block in (doc->block_count++). */
lay_block *layout_ext_block_new(layout_doc *doc, int kind, int style);
/* Appends a piece; 0 or -1 (out of memory, message set). */
int layout_ext_piece_add(layout_doc *doc, lay_ext *ext, double height_pt, int ok_before, double repeat_pt);
/* The extension of block, or NULL when it is not of kind (queries). */
const lay_ext *layout_ext_of(const layout_doc *doc, int block, int kind);
/* A copy of a UTF-8 string, or NULL. */
char *layout_strdup(const char *s);
/* Text for charts and repeated headers at render: one unbroken line of utf8
 * in style, its width (width_pt) measured, drawn at x_pt (left, centred on
 * it or ending at it) with its baseline at y_pt. */
int layout_ext_text_width(layout_doc *doc, int style, const char *utf8, double *width_pt);
/* Warns of the characters of utf8 no face of style's role has (they will be
 * drawn as boxes), as paragraphs do; for text drawn at render. */
int layout_ext_text_check(layout_doc *doc, int style, const char *utf8, int block, int page);
int layout_ext_text(layout_doc *doc, pdf_doc *pdf, int style, const char *utf8, double x_pt,
                 double y_pt, layout_align align);

int layout_table_lines(layout_doc *doc, int b);
int layout_table_place(layout_doc *doc, int b, size_t piece, int page, double x_pt, double top_y_pt,
                    int repeated);
int layout_table_draw(layout_doc *doc, pdf_doc *pdf, int b, int page, int layer);
void layout_table_free(lay_table *t);

int layout_chart_lines(layout_doc *doc, int b);
int layout_chart_place(layout_doc *doc, int b, int page, double x_pt, double top_y_pt);
int layout_chart_draw(layout_doc *doc, pdf_doc *pdf, int b, int page);
void layout_chart_free(lay_chart *c);

int layout_image_lines(layout_doc *doc, int b);
int layout_image_place(layout_doc *doc, int b, int page, double x_pt, double top_y_pt);
int layout_image_draw(layout_doc *doc, pdf_doc *pdf, int b, int page);
void layout_image_free(lay_image *im);

#endif
