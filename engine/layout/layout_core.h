/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_core.h — the contract between the core of the typesetter and the
 * kinds of block. Not a public header: only engine/layout/ includes it.
 *
 * The core is the document (layout.c: page setup, styles, the list of
 * blocks, the run, the queries), the text engine (layout_text.c: text into
 * glyphs, justified lines and single runs) and the page builder
 * (layout_page.c: the vertical list onto pages, then drawing). It knows a
 * block only through its layout_block_kind, as TeX's page builder knows
 * boxes, glue and penalties and nothing of the paragraphs and alignments
 * that made them. A kind (layout_para.c: headings, paragraphs, list items;
 * layout_toc.c; layout_vertical.c: rules, space, page breaks;
 * layout_table.c; layout_chart.c; layout_image.c) includes this header and
 * the public ones for its spec type, nothing else of layout/: kinds never
 * call each other, the core never names a kind, and a new kind (columns,
 * footnotes, a keep-together group) is a new file that changes neither.
 *
 * A run (layout_doc_run) visits the blocks in order and calls each kind's
 * measure, which
 *   1. sets the block's space_before_pt, space_after_pt and keep_with_next
 *      (read at its first piece and after measure returns),
 *   2. sets its text as lines (layout_text_lines, or glyph runs made into
 *      lines with layout_line_append), and
 *   3. contributes to the vertical list, in order: layout_vlist_line for a
 *      line (the core places and draws it), layout_vlist_box for anything
 *      else (a table row, a chart: the kind's place and draw handle it),
 *      layout_vlist_space (glue) and layout_vlist_page_break.
 * The page builder fills the pages from the list: a block's first piece
 * takes the glue pending before it plus the block's space_before_pt and
 * may start a page unless the block before keeps with it; a later piece
 * may start one when it says so (a paragraph's widow and orphan rules,
 * a table's rows); glue is dropped at a page's top; a piece that does not
 * fit sends the page back to the last place a break was allowed. Then it
 * tells each box where it went (place) and sets each line's page and
 * baseline. A block that contributes no piece (an empty paragraph) leaves
 * the pending glue, the keep and a forced break to the next one.
 *
 * Drawing (layout_doc_render) goes page by page: every block on the page
 * draws its LAYOUT_LAYER_UNDER, then the core draws the page's lines, then
 * the blocks draw LAYOUT_LAYER_RULES and LAYOUT_LAYER_OVER; then the
 * outline entries of the headings (blocks with outline_level > 0) and the
 * page callback.
 *
 * Conventions: a kind's functions return 0 or -1 with the message set
 * (layout_fail, layout_block_fail); block numbers are 0-based in code and
 * counted from 1 in messages; lengths in points unless named _mm. */
#ifndef BRIEF_LAYOUT_CORE_H
#define BRIEF_LAYOUT_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "layout/layout.h"

#define LAYOUT_MM_PT (72.0 / 25.4)     /* points in a millimetre */

/* ---- kinds of block ------------------------------------------------------ */

typedef enum layout_layer {
    LAYOUT_LAYER_UNDER,    /* before the text: fills (a header row, stripes) */
    LAYOUT_LAYER_RULES,    /* after the text: rules across the measure */
    LAYOUT_LAYER_OVER      /* last: borders, repeated header rows, charts, images */
} layout_layer;

enum {
    /* The kind reads the pages of other blocks (a table of contents): a
     * document that has one is laid out twice, the second time with the
     * pages of the first (which must give the same number of lines). */
    LAYOUT_KIND_NEEDS_PAGES = 1
};

typedef struct layout_block_kind {
    const char *name;      /* "table": for messages */
    unsigned flags;        /* LAYOUT_KIND_* */
    /* Lines and pieces of block (above). Required. */
    int (*measure)(layout_doc *doc, int block);
    /* Where box ref (as given to layout_vlist_box) went: on page (0-based),
     * its left edge at x_pt (the text area's), its top at top_y_pt from
     * the page's bottom; repeated: it starts a page under a repeated
     * header of repeat_pt. NULL when the kind adds lines only. */
    int (*place)(layout_doc *doc, int block, size_t ref, int page, double x_pt, double top_y_pt,
                 int repeated);
    /* Draws what the block has on page in layer (the core draws lines).
     * Called only for pages from the block's first to its last. NULL:
     * nothing but lines. */
    int (*draw)(layout_doc *doc, int block, pdf_doc *pdf, int page, layout_layer layer);
    /* Frees the block's data (NULL data is never passed). NULL: free(). */
    void (*destroy)(void *data);
} layout_block_kind;

typedef struct lay_block {
    const layout_block_kind *kind;
    void *data;                /* the kind's, freed with kind->destroy */
    int style;
    char *text;                /* the text its lines' byte ranges index, or NULL */
    int outline_level;         /* > 0: a heading (outline entry, line of a table of contents) */
    char *origin;              /* where it was made (layout_block_set_origin), or NULL */
    layout_span *spans;        /* its text's spans (layout_block_set_spans), links copied */
    size_t span_count;
    char *id;                  /* the target of "#ID" links, or NULL */
    int keep_together;         /* layout_block_set_keep: its pieces never part */
    int keep_next_set;         /* -1: keep_with_next as measure sets it; else this */
    /* set by measure (1. above) */
    double space_before_pt, space_after_pt;
    int keep_with_next;
    /* results of the last run */
    size_t first_line, line_count;
    int page, last_page;       /* of its first and last piece; -1: none */
    double top_pt;             /* y of its first piece's top (outline entry) */
} lay_block;

/* The block layout_block_new will make (its number, 0-based). */
size_t layout_block_count(const layout_doc *doc);
/* Block b (0 <= b < layout_block_count), transfer none: valid until the
 * next block is added. */
lay_block *layout_block_at(const layout_doc *doc, int b);

/* The block whose id is id (layout_block_set_id), or -1. */
int layout_block_find_id(const layout_doc *doc, const char *id);

/* The data of block when it is of kind and the document is laid out (for
 * a kind's queries, layout_blocks.h), else NULL. */
void *layout_block_data(const layout_doc *doc, int block, const layout_block_kind *kind);

/* A new block of kind in style after the last one, zeroed but for kind,
 * style and text (a copy of utf8, or NULL), not yet counted: the kind sets
 * its data, then calls layout_block_commit (or layout_block_abandon when
 * filling it failed). utf8 and extra_bytes (a list item's marker) count
 * against LAYOUT_MAX_BLOCK_BYTES and LAYOUT_MAX_DOC_BYTES. NULL with the
 * message set: over a limit, no such style, out of memory. */
lay_block *layout_block_new(layout_doc *doc, const layout_block_kind *kind, int style,
                            const char *utf8, size_t extra_bytes);
/* Counts the new block in; returns its number. */
int layout_block_commit(layout_doc *doc);
/* Frees the new block (its data through kind->destroy); returns -1, with
 * the message set to "out of memory" unless msg_set. */
int layout_block_abandon(layout_doc *doc, int msg_set);

/* ---- messages ---------------------------------------------------------- */

int layout_fail(layout_doc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "block N (origin): " then the message, N counted from 1; block may be
 * layout_block_count (the one being added). Returns -1. */
int layout_block_fail(layout_doc *doc, int block, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reports a character no face of role has, once per document (a warning
 * naming the block and page; page -1: not known). 0 or -1. */
int layout_warn_missing(layout_doc *doc, uint32_t cp, int block, int page, const char *role);

/* ---- geometry and styles --------------------------------------------------- */

/* The width of the text area (the measure) and its height, points. */
double layout_measure_pt(const layout_doc *doc);
double layout_text_height_pt(const layout_doc *doc);
/* Style id's fields (its font_role is the document's copy), transfer none;
 * NULL for a bad id. */
const layout_style *layout_style_at(const layout_doc *doc, int style);
/* Whether style id exists. */
int layout_style_valid(const layout_doc *doc, int style);
/* The line pitch of a style: line_pitch_pt, or 1.6 × the size. */
double layout_pitch_pt(const layout_style *s);
/* The baseline of a line whose box of pitch_pt starts at top_y_pt. */
double layout_baseline_pt(double top_y_pt, double pitch_pt, double size_pt);
char *layout_strdup(const char *s);

/* ---- lines and glyphs (the text engine) -------------------------------------- */

/* One glyph placed in a line, x relative to the line's left end, w_pt its
 * advance. face -1: a missing character drawn as a box w_pt wide. */
typedef struct lay_placed {
    uint32_t glyph;
    uint32_t cp;
    int32_t face;
    float x_pt, y_pt;
    float w_pt;
    uint32_t span;         /* 0: the line's style; else 1 + its inline
                              (layout_inline_at): colour, size, decoration */
    uint8_t half;          /* pdf_glyph.half */
} lay_placed;

/* A span of text as the text engine set it: what drawing needs. */
typedef struct lay_inline {
    const layout_span *span;   /* the block's (transfer none) */
    int role;                  /* the font role its text was picked from */
    int marked;                /* its footnote's mark has been registered */
    double scale;              /* of the style's size (a superscript's 0.6) */
    double rise_em;            /* baseline shift, ems of the style's size */
} lay_inline;

/* Inline i (1-based, as lay_placed.span), transfer none; NULL for 0. */
const lay_inline *layout_inline_at(const layout_doc *doc, uint32_t i);

typedef struct lay_line {
    int block, line_in_block, last_in_block, page, style;
    int note;                  /* a line of a footnote (placed at a page's foot) */
    double x_pt, baseline_pt, width_pt, measure_pt;
    double pitch_pt;           /* vertical room of the line */
    size_t text_start, text_end;   /* bytes of the block's text */
    size_t glyph_start, glyph_count;   /* layout_glyphs */
    int missing;
} lay_line;

/* How a text is set as lines. */
typedef struct lay_text_spec {
    int style;
    double left_pt;            /* every line starts here (x from the block's left) */
    double measure_pt;         /* the width of a line */
    double first_indent_pt;    /* the first line starts this much further in, as much narrower */
    layout_align align;        /* justify: every line but the last fills the measure */
    int clause_breaks;         /* a headline: broken at the spaces between its clauses,
                                  not inside a word, when each clause fits a line */
    const layout_span *spans;  /* of the text (NULL: none), in order */
    size_t span_count;
} lay_text_spec;

/* Sets utf8 as the lines of block b (appended after the last line, page
 * and baseline unset, x from the block's left); an empty text takes no
 * line. Its last line is marked last_in_block. 0 or -1. */
int layout_text_lines(layout_doc *doc, int b, const char *utf8, const lay_text_spec *spec);
/* One run of text, unbroken, in style: its glyphs appended (x from 0) as
 * [*start, *start + *count) of layout_glyphs, its advance in *width_pt. */
int layout_text_run(layout_doc *doc, int style, const char *utf8, size_t len, size_t *start,
                    size_t *count, double *width_pt);
/* The width of utf8 set as one run in style (nothing kept). */
int layout_text_width(layout_doc *doc, int style, const char *utf8, double *width_pt);
/* Warns of the characters of utf8 no face of style's role has, as a
 * paragraph's would be (for text drawn at render). */
int layout_text_check(layout_doc *doc, int style, const char *utf8, int block, int page);
/* Draws utf8 as one run in style with its baseline at y_pt, starting at
 * x_pt (left), centred on it, or ending at it (right). */
int layout_text_draw(layout_doc *doc, pdf_doc *pdf, int style, const char *utf8, double x_pt,
                     double y_pt, layout_align align);

/* The glyph list (transfer none: valid until the next glyph is added). */
lay_placed *layout_glyphs(layout_doc *doc);
size_t layout_glyph_count(const layout_doc *doc);
/* Drops the glyphs from count on (a run only measured). */
void layout_glyph_truncate(layout_doc *doc, size_t count);
int layout_glyph_append(layout_doc *doc, const lay_placed *glyph);

/* The line list (transfer none: valid until the next line is added). */
lay_line *layout_lines(layout_doc *doc);
size_t layout_line_count(const layout_doc *doc);
/* Appends a copy of *line (its page set to -1). 0 or -1. */
int layout_line_append(layout_doc *doc, const lay_line *line);
/* Sets utf8 as a run in style and puts its glyphs first on line, moved
 * dx_pt from where the line starts (a list item's marker). 0 or -1. */
int layout_line_prepend_run(layout_doc *doc, size_t line, int style, const char *utf8, double dx_pt);
/* Draws glyphs [start, start + count) in style at (x_pt, y_pt). */
int layout_draw_glyphs(layout_doc *doc, pdf_doc *pdf, int style, size_t start, size_t count,
                       double x_pt, double y_pt);

/* ---- the vertical list (the page builder) ------------------------------------- */

/* Line `line` of block b as a piece as tall as its pitch; a page may break
 * before it when ok_before (ignored for the block's first piece). */
int layout_vlist_line(layout_doc *doc, int b, size_t line, int ok_before);
/* A piece of block b height_pt tall, placed by the kind (place gets ref);
 * when it starts a page, a header repeat_pt tall is set above it. */
int layout_vlist_box(layout_doc *doc, int b, double height_pt, int ok_before, double repeat_pt,
                     size_t ref);
/* Vertical space before the next block's first piece (dropped at a page's
 * top), and a page break before it. */
void layout_vlist_space(layout_doc *doc, double height_pt);
void layout_vlist_page_break(layout_doc *doc);
/* The pieces from here on are set in count columns gap_pt apart (1: the
 * measure); layout_measure_pt is a column's width meanwhile. */
void layout_vlist_columns(layout_doc *doc, int count, double gap_pt);

#endif
