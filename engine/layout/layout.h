/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout.h — the document model and the typesetter: page setup, styles and
 * blocks in, justified lines on paginated pages out, drawn through pdf.h.
 *
 * A document is built by appending blocks in order (headings, paragraphs,
 * list items, rules, vertical space, page breaks, a table of contents), then
 * laid out whole (layout_doc_run: line breaking with linebreak.h, metrics
 * from fonts.h, pagination), then drawn (layout_doc_render) into a pdf_doc.
 * Because the whole document is laid out before anything is drawn, the page
 * count is known to the header/footer callback and a table of contents knows
 * the pages of the headings (the layout runs twice when the document has one).
 *
 * Typesetting rules (docs/typesetting.md): every line of a justified
 * paragraph but the last fills the measure exactly, the slack spread over
 * the gaps between characters (for Latin text over the spaces between words
 * first); full-width punctuation next to punctuation is set half width
 * (“。”” → 。” in one and a half ems); a first-line indent counts in full-
 * width characters; the optional character grid of GB/T 9704 puts every CJK
 * character on a fixed pitch. Pages keep a heading with at least two lines
 * of what follows it and never leave one line of a paragraph alone at a
 * page's foot (orphan) or head (widow). A character no face of its role has
 * is drawn as a box and reported once as a warning (layout_doc_warning).
 *
 * Contract: the document borrows the fonts set (which must outlive it) and
 * copies every string it is given. Lengths in PDF points (_pt) or
 * millimetres (_mm) as named; coordinates from the page's bottom-left
 * corner. Failures return -1 (NULL for create) with a message kept on the
 * document (layout_doc_errmsg). Output is deterministic. No globals; one
 * document is used by one thread at a time. */
#ifndef BRIEF_LAYOUT_H
#define BRIEF_LAYOUT_H

#include <stddef.h>

#include "fonts/fonts.h"
#include "pdf/pdf.h"

typedef struct layout_doc layout_doc;
typedef struct layout_page layout_page;   /* a page being drawn (callbacks only) */

/* ---- page setup ------------------------------------------------------ */

typedef struct layout_page_setup {
    double width_mm, height_mm;
    double margin_top_mm, margin_bottom_mm, margin_left_mm, margin_right_mm;
    double header_mm;   /* header baseline, from the top edge of the page */
    double footer_mm;   /* footer baseline, from the bottom edge of the page */
} layout_page_setup;

/* Fills *setup for a named size ("A4" 210×297, "A5" 148×210, "LETTER"
 * 215.9×279.4 mm; case-insensitive) with margins of 25 mm (20 mm on A5),
 * header at 12 mm and footer at 12 mm. Returns 0, or -1 for an unknown name
 * (*setup untouched). */
int layout_page_setup_named(const char *name, layout_page_setup *setup);

/* GB/T 9704-2012 (公文格式): A4, top margin 37 mm, left 28 mm, a 156 × 225 mm
 * text area, the page number 7 mm below it. */
void layout_page_setup_gbt9704(layout_page_setup *setup);

/* ---- page templates ------------------------------------------------------ */

/* The first page's text area starts margin_top_mm from the top edge and
 * ends margin_bottom_mm from the bottom (a masthead page, 首页); the left
 * and right margins, and so the measure, are every page's. A negative
 * value keeps the page setup's. 0, or -1 when the area would be under 10
 * mm tall. */
int layout_doc_set_first_page(layout_doc *doc, double margin_top_mm, double margin_bottom_mm);

/* ---- styles ----------------------------------------------------------- */

typedef enum layout_align {
    LAYOUT_ALIGN_LEFT, LAYOUT_ALIGN_CENTER, LAYOUT_ALIGN_RIGHT, LAYOUT_ALIGN_JUSTIFY
} layout_align;

typedef struct layout_style {
    const char *font_role;     /* fonts.h role name ("body", "heading"); copied;
                                  an unknown role falls back to "body" */
    double size_pt;
    pdf_color color;
    layout_align align;
    double indent_chars;       /* first-line indent, in full-width characters */
    double left_indent_chars;  /* whole-block left indent (lists), characters */
    double space_before_pt;    /* dropped at the top of a page */
    double space_after_pt;
    double line_pitch_pt;      /* baseline to baseline; 0: 1.6 × size_pt */
    double grid_pitch_pt;      /* > 0: every CJK character on this pitch
                                  (GB/T 9704: 15.79 = 156 mm / 28 for 16 pt) */
    int keep_with_next;        /* keep with two lines of the next block */
} layout_style;

/* A style with the defaults: role "body", 12 pt, black, justified, no
 * indent, no spacing, pitch 0 (automatic), no grid, not kept with next. */
void layout_style_init(layout_style *style);

/* Adds (or replaces, by name) a style; returns its id (>= 0) or -1. Every
 * document starts with these, which may be replaced:
 *   "body"      12 pt justified, indent 2 characters, pitch 1.6
 *   "heading1"  18 pt role "heading" centred, 18 pt before, 12 after, kept
 *   "heading2"  15 pt role "heading" left, 12 before, 6 after, kept
 *   "heading3"  13 pt role "heading" left, 9 before, 4 after, kept
 *   "subtitle"  12 pt centred, 0 before, 12 after, kept
 *   "list"      like body, no first-line indent, left indent 2 characters
 *   "toc"       like body, left aligned, no indent
 *   "header", "footer"  9 pt centred, grey (for the page callback)
 *   "table"     10.5 pt (五号, the usual size of tables in 公文) role
 *               "sans", left, pitch 15 (table cells, layout_blocks.h)
 *   "table_header"  like table, role "heading", centred
 *   "chart"     9 pt role "sans" centred, pitch 12 (labels, ticks, values)
 *   "chart_title"   11 pt role "heading" centred, pitch 20 */
int layout_style_set(layout_doc *doc, const char *name, const layout_style *style);
/* The id of a style by name, or -1. */
int layout_style_find(const layout_doc *doc, const char *name);
/* A copy of style id's fields (font_role stays owned by the document);
 * -1 for a bad id. */
int layout_style_get(const layout_doc *doc, int style, layout_style *out);

/* ---- GB/T 9704 and style presets -------------------------------------- */

/* The character grid of GB/T 9704-2012 §5.2.2: chars characters a line and
 * lines lines a page that fill the text area of setup ("并撑满版心"): a
 * full-width character takes a cell of measure / chars (*grid_pitch_pt), a
 * line text height / lines (*line_pitch_pt); each line's box is its pitch
 * with the glyphs centred in it, so the lines fill the area exactly as the
 * cells fill the measure. On the standard's page (a 156 × 225 mm text
 * area, 28 × 22 for 三号 text): 15.79 and 28.99 pt. (Word templates of the
 * standard use a fixed 28.95 pt, 224.7 mm for 22 lines: a value Word's
 * dialog takes, not one the standard gives.) */
void layout_grid_pitches(const layout_page_setup *setup, double chars, double lines,
                         double *grid_pitch_pt, double *line_pitch_pt);

/* Puts the running text ("body" and "list") of doc on the grid of
 * layout_grid_pitches: chars and lines 1 to 200. 0 or -1 (message set). */
int layout_doc_set_grid(layout_doc *doc, double chars, double lines);

/* The styles of a bulletin as `brief typeset` sets it: "body" at body_pt,
 * "heading1" and "subtitle" scaled with it (× body_pt / 12); gbt9704: GB/T
 * 9704's instead: 三号 (16 pt) body on the 28 × 22 grid, "heading1" in 二号
 * (22 pt) on a 36 pt pitch, "subtitle" in the body's size and line pitch.
 * For a document on layout_page_setup_gbt9704. 0 or -1 (message set). */
int layout_styles_bulletin(layout_doc *doc, double body_pt, int gbt9704);

/* ---- the document ------------------------------------------------------ */

/* A document on setup (NULL: A4) borrowing fonts. NULL on failure with a
 * message in err. Free with layout_doc_destroy (NULL is a no-op). */
layout_doc *layout_doc_create(const fonts *fonts, const layout_page_setup *setup,
                              char *err, size_t errlen);
void layout_doc_destroy(layout_doc *doc);
const char *layout_doc_errmsg(const layout_doc *doc);

/* Limits (docs/limits.md). Laying out costs about 150 bytes of memory per
 * character (measured: a 1,000,000-character paragraph, 727 A4 pages, takes
 * 157 MB and 6 s), so a block's text is at most LAYOUT_MAX_BLOCK_BYTES
 * (about 1.3 million CJK characters, some 1,000 pages) and a document's at
 * most LAYOUT_MAX_DOC_BYTES; past them the add fails with a message naming
 * the block and the limit, before any memory is spent. */
#define LAYOUT_MAX_BLOCK_BYTES (4u * 1024u * 1024u)
#define LAYOUT_MAX_DOC_BYTES   (16u * 1024u * 1024u)

/* Blocks, appended in order; each returns its block number (0-based; in
 * messages and warnings blocks count from 1, "block 1" being block 0) or
 * -1. Text is UTF-8, copied; invalid bytes are set as U+FFFD. Style ids
 * come from layout_style_find/layout_style_set. Each kind of block is its
 * own file behind the core's interface (layout_core.h). */

/* A heading of level 1.. (an outline entry under the last heading of a
 * smaller level, and a line in the table of contents). */
int layout_heading_add(layout_doc *doc, int style, int level, const char *utf8);
int layout_para_add(layout_doc *doc, int style, const char *utf8);
/* A list item: marker ("1.", "•") set in the left indent before the first
 * line, the text aligned on the indent. */
int layout_list_item_add(layout_doc *doc, int style, const char *marker_utf8,
                         const char *utf8);
/* A horizontal rule across the measure, width_pt thick, in the middle of
 * space_before_pt + space_after_pt of vertical space. */
int layout_rule_add(layout_doc *doc, double width_pt, pdf_color color,
                    double space_before_pt, double space_after_pt);
/* Vertical space (dropped at the top of a page). */
int layout_space_add(layout_doc *doc, double height_pt);
/* The next block starts a new page. */
int layout_page_break_add(layout_doc *doc);
/* A multi-column section (分栏): the blocks after it, until the next
 * layout_columns_add, are set in count columns gap_mm apart (their lines
 * and tables as wide as a column), filled top to bottom and left to right,
 * page after page; where the section ends, its part on the last page is
 * balanced (columns as even as the breaks allow). count 1 ends a section.
 * count 1 to 6; -1 for a column under 20 mm wide. */
int layout_columns_add(layout_doc *doc, int count, double gap_mm);
/* A table of contents: a line per heading of level <= max_level, its title
 * then dot leaders then its page number, in style ("toc"). */
int layout_toc_add(layout_doc *doc, int style, int max_level);

/* ---- rich text ---------------------------------------------------------- */

/* What a span of a block's text looks like. */
enum {
    LAYOUT_SPAN_BOLD = 1u << 0,         /* the role's bold variant (fonts.h), else its
                                           faces stroked to look bold */
    LAYOUT_SPAN_ITALIC = 1u << 1,       /* the role's italic variant where it has one
                                           (Latin text: CJK faces have no italic) */
    LAYOUT_SPAN_UNDERLINE = 1u << 2,
    LAYOUT_SPAN_SUPERSCRIPT = 1u << 3,  /* 0.6 of the size, raised 0.35 em */
    LAYOUT_SPAN_COLOR = 1u << 4,        /* color instead of the style's */
    LAYOUT_SPAN_HIGHLIGHT = 1u << 5     /* on a background of highlight */
};

typedef struct layout_span {
    size_t start, end;      /* bytes of the block's text, start < end */
    unsigned flags;         /* LAYOUT_SPAN_* */
    pdf_color color;        /* with LAYOUT_SPAN_COLOR */
    pdf_color highlight;    /* with LAYOUT_SPAN_HIGHLIGHT */
    const char *link;       /* NULL; a URI ("https://...", "mailto:..."): a
                               /Link annotation over the span's text; or
                               "#ID": a link to the block whose id is ID
                               (layout_block_set_id) */
    const char *note;       /* NULL, or the text of a footnote whose mark is
                               this span ("①", "[3]": layout_doc_set_footnotes) */
} layout_span;

/* Sets the spans of a heading, paragraph or list item (copied, links
 * too): in order, not overlapping, inside its text; text outside every
 * span is set in the block's style. Breaking, justification and the
 * pages are the same as without spans, but for the widths of what is
 * set bolder or smaller. 0, or -1 with the message set (a span out of
 * order or out of the text, a block without text). */
int layout_block_set_spans(layout_doc *doc, int block, const layout_span *spans, size_t count);

/* Footnotes: a span with a note is its mark; the note is set at the foot
 * of the page the mark's line is on, below a short rule, its text in
 * style (the default "footnote": 9 pt, left, pitch 13.5) after the mark.
 * per_page 1: the marks are circled numbers ① to ⑳ counted from each
 * page's first (页下注), the span's text a placeholder "①" whose glyph is
 * replaced once the pages are known (a page with more than 20 notes fails
 * the run); 0: the span's text is the mark as given ("[3]"), numbered by
 * the caller through the document. A line whose notes do not fit beside
 * it goes to the next page with them. Before any note is added; 0 or -1. */
int layout_doc_set_footnotes(layout_doc *doc, int style, int per_page);

/* Names block (any kind) for links "#ID" of spans (copied; ASCII letters,
 * digits, '-', '_' and '.', 1 to 64 of them, unique in the document).
 * 0 or -1. A link to an id no block has fails layout_doc_run. */
int layout_block_set_id(layout_doc *doc, int block, const char *id);

/* Keeps for any block: keep_together 1: its pieces (a paragraph's lines,
 * a table's rows) never part over a page break (unless it is taller than
 * a page); keep_with_next 1: it stays on a page with the start of the
 * next block (at least two lines of it, or the whole of a shorter one),
 * 0: it does not, -1: its kind or style decides (headings keep). 0 or -1. */
int layout_block_set_keep(layout_doc *doc, int block, int keep_together, int keep_with_next);

/* Records where block came from, e.g. "report.lua:12" (copied; NULL
 * clears it): messages about the block then name it, "block 3
 * (report.lua:12): table 250.0 mm wide ...". 0, or -1 (no such block, out
 * of memory). */
int layout_block_set_origin(layout_doc *doc, int block, const char *origin);

/* The header/footer callback: called once per page while rendering, with the
 * 1-based page number and the page count; draws with layout_page_text.
 * Returns 0, or -1 to stop rendering (its message: layout_page_fail). */
typedef int (*layout_page_fn)(layout_page *page, int page_number, int page_count,
                              void *user);
/* Sets the callback (NULL: none) with user data passed through untouched. */
void layout_doc_set_page_fn(layout_doc *doc, layout_page_fn fn, void *user);
/* A page-number footer: "- N -" centred on the footer line in style
 * "footer" (what brief typeset uses; replaces any callback). */
void layout_doc_set_page_numbers(layout_doc *doc);

/* Inside the callback: one line of text (no breaking) with its baseline at
 * y_pt, starting at x_pt (left), centred on it, or ending at it (right;
 * justify counts as left). Returns 0 or -1 (message on the document). */
int layout_page_text(layout_page *page, double x_pt, double y_pt, layout_align align,
                     int style, const char *utf8);
/* The page's size and text area (the area inside the margins), points. */
void layout_page_box(const layout_page *page, double *width_pt, double *height_pt,
                     double *text_left_pt, double *text_right_pt,
                     double *text_top_pt, double *text_bottom_pt);
/* Lines and rules in the callback (a rule under the header). */
int layout_page_line(layout_page *page, double x1_pt, double y1_pt, double x2_pt,
                     double y2_pt, double width_pt, pdf_color color);

/* ---- laying out and drawing ------------------------------------------- */

/* Lays the document out: lines, justification, pages, warnings. May be
 * called again after more blocks are added. 0 or -1. */
int layout_doc_run(layout_doc *doc);
/* The number of pages (after layout_doc_run; 0 before). */
int layout_doc_page_count(const layout_doc *doc);

/* Draws every page into pdf (which must use the same fonts set): text,
 * rules, boxes for missing characters, the header/footer callback, the
 * outline entries of the headings. Runs layout_doc_run first if needed. */
int layout_doc_render(layout_doc *doc, pdf_doc *pdf);

/* The room left on the last page below the blocks added so far, points,
 * and that page (0-based), as layout_doc_run sets them now: it lays the
 * document out (so it costs a run). What a later block does cannot change
 * it, but for two rules that look ahead: a block kept with the next (a
 * heading) moves to the next page with the next block's start when they
 * do not fit together, and a table of contents may take more lines once
 * headings follow. After a page break, the whole text area of the next
 * page. 0, or -1 (message set). */
int layout_doc_remaining(layout_doc *doc, double *remaining_pt, int *page);

/* Warnings of the last run, e.g. "report.lua:40: block 12, page 3:
 * U+21243 '𡉃' is in no font of role body; drawn as a box" (the origin
 * first when one was set). Each missing character is reported
 * once per document. The string lives until the next run or destroy. */
size_t layout_doc_warning_count(const layout_doc *doc);
const char *layout_doc_warning(const layout_doc *doc, size_t index);

/* ---- queries (tests, debugging) ---------------------------------------- */

typedef struct layout_line_info {
    int block;            /* block number */
    int line_in_block;    /* 0-based */
    int last_in_block;    /* the block's last line */
    int page;             /* 0-based */
    double x_pt;          /* left end of the line's text */
    double baseline_pt;   /* from the bottom of the page */
    double width_pt;      /* from the first glyph's origin to the last glyph's advance */
    double measure_pt;    /* the width available to the line */
    size_t text_start;    /* byte range of the line in the block's text */
    size_t text_end;
    int missing;          /* characters drawn as boxes */
    int note;             /* a line of a footnote, at its page's foot */
} layout_line_info;

/* The laid-out lines, in order (rules, space and page breaks have none). */
size_t layout_doc_line_count(const layout_doc *doc);
int layout_doc_line(const layout_doc *doc, size_t index, layout_line_info *out);
/* The block's text as given (transfer none), or NULL. */
const char *layout_doc_block_text(const layout_doc *doc, int block);
/* The page (0-based) of a block's first line, or -1. */
int layout_doc_block_page(const layout_doc *doc, int block);

#endif
