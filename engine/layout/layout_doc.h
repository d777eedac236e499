/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_doc.h — the document structure that the three files of the layout
 * core share: layout.c (model, run, queries), layout_text.c (text engine)
 * and layout_page.c (page builder, drawing). Kinds of block never include
 * it (layout_core.h is their contract; tests/e2e/includes.sh checks). */
#ifndef BRIEF_LAYOUT_DOC_H
#define BRIEF_LAYOUT_DOC_H

#include "layout/layout_core.h"

typedef struct lay_style {
    char *name;
    char *role_name;
    layout_style s;            /* s.font_role points at role_name */
} lay_style;

/* Per font role, a cache of fonts_pick and advances for the BMP, since the
 * same few thousand characters come back on every line: blocks of
 * LAY_CMAP_BLOCK characters, each allocated when one of its characters is
 * first set (a CJK document uses about a hundred of the 256 blocks; the
 * whole table, cleared, was 768 KB a role, which calloc must zero since the
 * heap reuses its memory). */
#define LAY_CMAP_BLOCK 256
typedef struct lay_cmap_entry {
    int32_t face_plus2;        /* the face + 2; 0: not looked up yet, 1: missing */
    uint32_t glyph;
    float advance_em;          /* advance at 1 pt, points */
} lay_cmap_entry;
typedef struct lay_cmap {
    lay_cmap_entry *block[0x10000 / LAY_CMAP_BLOCK];
} lay_cmap;

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

typedef struct lay_item lay_item;   /* layout_text.c */

/* A footnote referenced by a line (layout_page.c). */
typedef struct lay_note {
    const layout_span *span;   /* its mark's span: the note's text */
    int block;
    size_t line;               /* the line its mark is on */
    size_t mark_glyph;         /* the mark's first glyph (layout_glyphs) */
    int mark_role;             /* the role the mark was set in */
    char mark[24];             /* the mark's text as set ("①", "[3]") */
    size_t first_line, line_count;   /* its own lines (lay_line.note), once measured */
    double height_pt;
    int page, number;          /* after pagination; number: 1.. on its page */
} lay_note;

/* A piece of the vertical list (layout_core.h). */
typedef struct lay_vbox {
    double height_pt;
    double glue_pt;            /* space above it, dropped at a page's top */
    int block;
    int line;                  /* index in lines, or -1: a box the kind places */
    int ok_before;             /* a page may break before it */
    int forced_before;         /* a page must break before it */
    size_t ref;                /* a box: the kind's reference */
    size_t note_first, note_count;   /* the footnotes its lines mark */
    int cols;                  /* set in this many columns (1: the measure) */
    double col_gap_pt;
    int col;                   /* the page builder's: its column */
    double note_pt;            /* their height */
    double repeat_pt;          /* a header this tall is set above it atop a page */
    /* results of the page builder */
    int page;
    double top_pt;             /* from the top of the text area */
    int repeated;              /* it starts a page under a repeated header */
} lay_vbox;

struct layout_doc {
    const fonts *fonts;
    layout_page_setup setup;
    char errmsg[512];

    lay_style *styles; size_t style_count, style_cap;
    lay_block *blocks; size_t block_count, block_cap;
    size_t text_bytes;          /* of every block, against LAYOUT_MAX_DOC_BYTES */
    size_t new_block_bytes;     /* of the block layout_block_new made, counted at commit */
    int has_page_readers;       /* a block of a LAYOUT_KIND_NEEDS_PAGES kind */

    double first_top_mm, first_bottom_mm;   /* the first page's margins (layout_doc_set_first_page) */

    layout_page_fn page_fn; void *page_user;
    int page_numbers;          /* the built-in "- N -" footer */

    /* results of the last run */
    int laid_out;
    int page_count;
    lay_line *lines; size_t line_count, line_cap;
    lay_placed *placed; size_t placed_count, placed_cap;
    char **warnings; size_t warning_count, warning_cap;
    uint32_t *warned; size_t warned_count, warned_cap;   /* characters already reported */
    lay_inline *inlines; size_t inline_count, inline_cap;  /* the spans set, this run */

    /* the vertical list of the run (layout_page.c) */
    lay_vbox *vlist; size_t vlist_count, vlist_cap;
    double vl_pending_pt;      /* glue before the next block's first piece */
    lay_note *notes; size_t note_count, note_cap;
    size_t notes_attached;     /* notes before this one have a piece */
    int note_style;            /* layout_doc_set_footnotes; -1: "footnote" */
    int notes_per_page;
    int vl_keep;               /* the last block with pieces keeps with the next */
    int vl_forced;             /* a page break before the next first piece */
    int vl_block;              /* the block of the last piece, -1 */
    int vl_cols;               /* the columns of the pieces being added (layout_vlist_columns) */
    double vl_gap_pt;
    double measure_now_pt;     /* > 0: layout_measure_pt's answer (a column's width) */

    lay_cmap **cmaps;          /* per role index, lazily allocated */
    size_t cmap_count, cmap_cap;

    /* scratch of layout_text.c, reused from paragraph to paragraph */
    uint32_t *cps; size_t cp_cap;
    size_t *offs; size_t offs_cap;
    char *brks; size_t brks_cap;
    lay_item *items; size_t item_cap;
    fonts_glyph *shaped; size_t shaped_cap;
    lay_shape_entry *shape_cache;   /* LAY_SHAPE_SLOTS, lazily allocated */
    pdf_glyph *out_glyphs; size_t out_cap;
    struct hyphenate *hyph;    /* the hyphenation patterns, read when first needed */
    int hyph_tried;
    double hyphen_pt;          /* the hyphen's width in the text being set */
};

struct layout_page {
    layout_doc *doc;
    pdf_doc *pdf;
    int index;
};

/* layout.c */
int layout_role_of(const layout_doc *doc, const lay_style *style);
/* The top and bottom of page's text area, points from the page's bottom
 * (the first page's may differ: layout_doc_set_first_page). */
void layout_page_area(const layout_doc *doc, int page, double *top_y_pt, double *bottom_y_pt);

/* layout_text.c */
void layout_text_free(layout_doc *doc);
/* The glyph of cp in role's faces (through the cache), its face or -1. */
int layout_text_glyph(layout_doc *doc, int role, uint32_t cp, uint32_t *glyph);

/* layout_page.c */
/* Empties the vertical list for a new run. */
void layout_vlist_reset(layout_doc *doc);
/* After block b's measure: its spacing and keep pass to the next block
 * when it contributed a piece. */
void layout_vlist_block_end(layout_doc *doc, int b);
int layout_paginate(layout_doc *doc);
int layout_render_pages(layout_doc *doc, pdf_doc *pdf);

#endif
