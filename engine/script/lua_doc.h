/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_doc.h — what the three files of brief.doc share: lua_doc.c (the
 * module, the document and its text, rule, space, break and contents
 * methods), lua_doc_blocks.c (tables, charts, images) and lua_doc_page.c
 * (header and footer functions, their page object, saving). A thin
 * binding over layout.h and layout_blocks.h: Lua values in, C calls, Lua
 * values out; the typesetting and its presets are the layout module's.
 *
 * Methods are named "doc:paragraph" (lb_argerror counts their arguments
 * as the script sees them). Every C allocation lives in a userdata with
 * __gc, so a Lua error never leaks. Not a public header. */
#ifndef BRIEF_LUA_DOC_H
#define BRIEF_LUA_DOC_H

#include "script/lua_brief.h"

#include "fonts/fonts.h"
#include "layout/layout.h"
#include "pdf/pdf.h"

#define LB_DOC_MM_PT (72.0 / 25.4)
#define LB_DOC_MT "brief.doc"

/* uservalues of a document */
#define LB_DOC_UV_FONTS 1
#define LB_DOC_UV_HEADER 2
#define LB_DOC_UV_FOOTER 3

enum { LB_DOC_TITLE, LB_DOC_AUTHOR, LB_DOC_SUBJECT, LB_DOC_KEYWORDS, LB_DOC_INFO_COUNT };

typedef struct ldoc {
    layout_doc *layout;        /* NULL once closed */
    pdf_doc *probe;            /* reads image sizes; created on first use */
    const fonts *fonts;        /* the run's, kept alive by uservalue LB_DOC_UV_FONTS */
    char *info[LB_DOC_INFO_COUNT];
    unsigned derived;          /* styles made for one block's options */
    int last_derived;          /* the last of them (-1: none), reused when */
    layout_style last_style;   /* the next block asks for the same */
    char last_role[64];
    int drawing;               /* inside layout_doc_render: no changes */
    int notes_per_page;        /* d:footnotes: marks ① per page, else [n] */
    int first_header, first_footer;   /* first_page: its header and footer functions run */
    unsigned note_count;       /* footnotes added (numbered through the document) */
    double header_mm;          /* header baseline, from the top edge */
    double footer_mm;          /* footer baseline, from the top edge */
} ldoc;

/* The document of a method (argument 1); changing: it is about to be
 * changed, which a header or footer function (running while it is drawn)
 * may not do. Raises for a closed document or a bad self. */
ldoc *lb_doc_check(lua_State *L, int changing);
/* Raises the layout module's message: what cannot be set (a table wider
 * than the page) is a mistake in the script. */
int lb_doc_layout_error(lua_State *L, ldoc *d);
/* Records on block (a layout_*_add result; < 0: raises its error) the
 * script line that called the running method, "report.lua:12", which the
 * layout names when the block cannot be set at d:save. */
void lb_doc_added(lua_State *L, ldoc *d, int block);

/* The style of a block: options.style at idx (or def), with any style
 * fields of the options applied to a copy made for this block. */
int lb_doc_block_style(lua_State *L, ldoc *d, int idx, const char *def);
/* A style named by options[field] at idx (or def), as it is. */
int lb_doc_style_named(lua_State *L, ldoc *d, int idx, const char *field, const char *def);

/* Options fields: a length or size >= 0 (at most 1e5), def when absent;
 * a colour "#rrggbb" (1 when given, 0 absent, -1 false: none); an
 * alignment "left", "center" ("centre"), "right" or "justify" (*out kept
 * when absent). Wrong values raise naming the field. */
double lb_doc_optlength(lua_State *L, int idx, const char *field, double def);
int lb_doc_optcolor(lua_State *L, int idx, const char *field, pdf_color *out);
void lb_doc_optalign(lua_State *L, int idx, const char *field, layout_align *out);
/* The same in a table inside the options of argument arg, at stack index
 * sub, named parent in messages (lb_optsubfield_number). */
double lb_doc_sublength(lua_State *L, int arg, const char *parent, int sub, const char *field, double def);
void lb_doc_subalign(lua_State *L, int arg, const char *parent, int sub, const char *field, layout_align *out);
int lb_doc_subcolor(lua_State *L, int arg, const char *parent, int sub, const char *field, pdf_color *out);
/* "#rrggbb" into *out; 0, or -1 when s is not one. */
int lb_doc_parse_color(const char *s, pdf_color *out);

/* The text of argument arg: a string, or a list of runs, each a string
 * or a table {text (or [1]), bold =, italic =, underline =, superscript
 * =, color =, highlight =, link =} (docs/lua-api.md). Pushes the text and
 * a userdata holding the spans (*spans, *count of them: the runs that are
 * more than text), both valid while they stay on the stack; the links
 * point into the runs' strings, kept by the argument. Wrong runs raise,
 * naming the run. */
const char *lb_doc_rich(lua_State *L, int arg, layout_span **spans, size_t *count);
/* Sets the spans lb_doc_rich made on block (layout_block_set_spans);
 * raises the layout's message. */
void lb_doc_spans(lua_State *L, ldoc *d, int block, const layout_span *spans, size_t count);

/* The keep_together and keep_with_next options of a block at idx
 * (layout_block_set_keep; keep_with_next absent: the kind decides). */
void lb_doc_keeps(lua_State *L, ldoc *d, int idx, int block);

/* Methods of lua_doc_blocks.c and lua_doc_page.c. */
int lb_doc_table(lua_State *L);
int lb_doc_chart(lua_State *L);
int lb_doc_image(lua_State *L);
int lb_doc_header(lua_State *L);
int lb_doc_footer(lua_State *L);
int lb_doc_save(lua_State *L);
/* Registers the metatable of the page object (lua_doc_page.c). */
void lb_doc_open_page(lua_State *L);

#endif
