/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout.c — the document of the typesetter: page setup, styles, the list
 * of blocks (whatever their kind, layout_core.h), the run, warnings and the
 * queries over laid-out lines. The text engine is layout_text.c, the page
 * builder and drawing layout_page.c; the kinds of block are their own files. */
#include "layout/layout_doc.h"
#include "util/vec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int layout_fail(layout_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(doc->errmsg, sizeof doc->errmsg, fmt, ap);
    va_end(ap);
    return -1;
}

int layout_block_fail(layout_doc *doc, int block, const char *fmt, ...)
{
    va_list ap;
    char msg[400];
    const char *origin = block >= 0 && (size_t)block < doc->block_count ? doc->blocks[block].origin : NULL;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (origin)
        snprintf(doc->errmsg, sizeof doc->errmsg, "block %d (%s): %s", block + 1, origin, msg);
    else
        snprintf(doc->errmsg, sizeof doc->errmsg, "block %d: %s", block + 1, msg);
    return -1;
}

char *layout_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* ---- page setup ------------------------------------------------------ */

int layout_page_setup_named(const char *name, layout_page_setup *setup)
{
    static const struct { const char *name; double w_mm, h_mm, margin_mm; } sizes[] = {
        {"A4", 210.0, 297.0, 25.0},        /* ISO 216 */
        {"A5", 148.0, 210.0, 20.0},
        {"LETTER", 215.9, 279.4, 25.0},    /* 8.5 × 11 in */
    };
    size_t i;
    if (!name) return -1;
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        if (strcasecmp(name, sizes[i].name) != 0) continue;
        setup->width_mm = sizes[i].w_mm;
        setup->height_mm = sizes[i].h_mm;
        setup->margin_top_mm = setup->margin_bottom_mm = sizes[i].margin_mm;
        setup->margin_left_mm = setup->margin_right_mm = sizes[i].margin_mm;
        setup->header_mm = 12.0;
        setup->footer_mm = 12.0;
        return 0;
    }
    return -1;
}

void layout_page_setup_gbt9704(layout_page_setup *setup)
{
    /* GB/T 9704-2012 §5.2.1: A4; 天头 (top margin) 37 mm; 订口 (left) 28 mm;
     * 版心 (text area) 156 × 225 mm, so right 26 mm and bottom 35 mm; §7.5:
     * the page number sits 7 mm below the text area's lower edge. */
    setup->width_mm = 210.0;
    setup->height_mm = 297.0;
    setup->margin_top_mm = 37.0;
    setup->margin_left_mm = 28.0;
    setup->margin_right_mm = 210.0 - 28.0 - 156.0;
    setup->margin_bottom_mm = 297.0 - 37.0 - 225.0;
    setup->header_mm = 20.0;
    setup->footer_mm = setup->margin_bottom_mm - 7.0;
}

/* ---- styles ----------------------------------------------------------- */

void layout_style_init(layout_style *style)
{
    memset(style, 0, sizeof *style);
    style->font_role = "body";
    style->size_pt = 12.0;
    style->align = LAYOUT_ALIGN_JUSTIFY;
}

double layout_pitch_pt(const layout_style *s)
{
    /* 1.6 × the size: the usual leading of Chinese body text (clreq §3.2.3
     * suggests a line gap of 50–100% of the character size). */
    return s->line_pitch_pt > 0 ? s->line_pitch_pt : 1.6 * s->size_pt;
}

int layout_style_set(layout_doc *doc, const char *name, const layout_style *style)
{
    int id = layout_style_find(doc, name);
    char *role, *nm = NULL;
    lay_style *st;

    if (!name || !*name || !style) return layout_fail(doc, "style: a name and a style are required");
    if (!(style->size_pt > 0 && style->size_pt < 1000))
        return layout_fail(doc, "style %s: size %.2f pt out of range", name, style->size_pt);
    if (style->line_pitch_pt < 0 || style->grid_pitch_pt < 0 || style->indent_chars < 0
        || style->left_indent_chars < 0)
        return layout_fail(doc, "style %s: negative pitch or indent", name);
    role = layout_strdup(style->font_role && *style->font_role ? style->font_role : "body");
    if (!role) return layout_fail(doc, "out of memory");
    if (id < 0) {
        nm = layout_strdup(name);
        if (!nm || VEC_RESERVE(doc->styles, doc->style_cap, doc->style_count + 1) != 0) {
            free(nm);
            free(role);
            return layout_fail(doc, "out of memory");
        }
        id = (int)doc->style_count++;
        doc->styles[id].name = nm;
    } else {
        free(doc->styles[id].role_name);
    }
    st = &doc->styles[id];
    st->role_name = role;
    st->s = *style;
    st->s.font_role = role;
    doc->laid_out = 0;
    return id;
}

int layout_style_find(const layout_doc *doc, const char *name)
{
    size_t i;
    if (!doc || !name) return -1;
    for (i = 0; i < doc->style_count; i++)
        if (strcmp(doc->styles[i].name, name) == 0) return (int)i;
    return -1;
}

int layout_style_get(const layout_doc *doc, int style, layout_style *out)
{
    if (!doc || style < 0 || (size_t)style >= doc->style_count) return -1;
    *out = doc->styles[style].s;
    return 0;
}

const layout_style *layout_style_at(const layout_doc *doc, int style)
{
    return layout_style_valid(doc, style) ? &doc->styles[style].s : NULL;
}

int layout_style_valid(const layout_doc *doc, int style)
{
    return style >= 0 && (size_t)style < doc->style_count;
}

int layout_role_of(const layout_doc *doc, const lay_style *style)
{
    int role = fonts_role(doc->fonts, style->role_name);
    return role >= 0 ? role : 0;   /* "body" is always role 0 */
}

static int add_default_styles(layout_doc *doc)
{
    static const pdf_color grey = {0.35, 0.35, 0.35};
    layout_style s;
    int ok = 0;

    layout_style_init(&s);
    s.indent_chars = 2;
    ok |= layout_style_set(doc, "body", &s) < 0;

    layout_style_init(&s);
    s.font_role = "heading";
    s.size_pt = 18;
    s.align = LAYOUT_ALIGN_CENTER;
    s.space_before_pt = 18;
    s.space_after_pt = 12;
    s.line_pitch_pt = 26;
    s.keep_with_next = 1;
    ok |= layout_style_set(doc, "heading1", &s) < 0;
    s.size_pt = 15; s.align = LAYOUT_ALIGN_LEFT; s.space_before_pt = 12; s.space_after_pt = 6;
    s.line_pitch_pt = 22;
    ok |= layout_style_set(doc, "heading2", &s) < 0;
    s.size_pt = 13; s.space_before_pt = 9; s.space_after_pt = 4; s.line_pitch_pt = 19;
    ok |= layout_style_set(doc, "heading3", &s) < 0;

    layout_style_init(&s);
    s.align = LAYOUT_ALIGN_CENTER;
    s.space_after_pt = 12;
    s.keep_with_next = 1;
    ok |= layout_style_set(doc, "subtitle", &s) < 0;

    layout_style_init(&s);
    s.left_indent_chars = 2;
    ok |= layout_style_set(doc, "list", &s) < 0;

    layout_style_init(&s);
    s.align = LAYOUT_ALIGN_LEFT;
    ok |= layout_style_set(doc, "toc", &s) < 0;

    layout_style_init(&s);
    s.size_pt = 9;
    s.align = LAYOUT_ALIGN_CENTER;
    s.color = grey;
    ok |= layout_style_set(doc, "header", &s) < 0;
    ok |= layout_style_set(doc, "footer", &s) < 0;

    layout_style_init(&s);
    s.font_role = "sans";
    s.size_pt = 10.5;           /* 五号, the usual size of tables in 公文 */
    s.align = LAYOUT_ALIGN_LEFT;
    s.line_pitch_pt = 15;
    ok |= layout_style_set(doc, "table", &s) < 0;
    s.font_role = "heading";
    s.align = LAYOUT_ALIGN_CENTER;
    ok |= layout_style_set(doc, "table_header", &s) < 0;

    layout_style_init(&s);
    s.font_role = "sans";
    s.size_pt = 9;
    s.align = LAYOUT_ALIGN_CENTER;
    s.line_pitch_pt = 12;
    ok |= layout_style_set(doc, "chart", &s) < 0;

    layout_style_init(&s);
    s.size_pt = 9;              /* 小五, a size below the text's */
    s.align = LAYOUT_ALIGN_LEFT;
    s.line_pitch_pt = 13.5;
    ok |= layout_style_set(doc, "footnote", &s) < 0;
    s.font_role = "heading";
    s.size_pt = 11;
    s.line_pitch_pt = 20;
    ok |= layout_style_set(doc, "chart_title", &s) < 0;
    return ok ? -1 : 0;
}

/* ---- GB/T 9704 and style presets -------------------------------------- */

void layout_grid_pitches(const layout_page_setup *setup, double chars, double lines,
                         double *grid_pitch_pt, double *line_pitch_pt)
{
    double measure = (setup->width_mm - setup->margin_left_mm - setup->margin_right_mm) * LAYOUT_MM_PT;
    double height = (setup->height_mm - setup->margin_top_mm - setup->margin_bottom_mm) * LAYOUT_MM_PT;
    *grid_pitch_pt = measure / chars;
    *line_pitch_pt = height / lines;
}

/* A copy of style name's fields; 0 or -1 (message set). */
static int named_style(layout_doc *doc, const char *name, layout_style *out)
{
    if (layout_style_get(doc, layout_style_find(doc, name), out) != 0)
        return layout_fail(doc, "no style %s", name);
    return 0;
}

int layout_doc_set_grid(layout_doc *doc, double chars, double lines)
{
    static const char *const running[] = {"body", "list"};
    double grid, pitch;
    layout_style s;
    size_t i;
    if (!doc) return -1;
    if (!(chars >= 1 && chars <= 200 && lines >= 1 && lines <= 200))
        return layout_fail(doc, "grid: 1 to 200 characters and lines expected");
    layout_grid_pitches(&doc->setup, chars, lines, &grid, &pitch);
    for (i = 0; i < sizeof running / sizeof running[0]; i++) {
        if (named_style(doc, running[i], &s) != 0) return -1;
        s.grid_pitch_pt = grid;
        s.line_pitch_pt = pitch;
        if (layout_style_set(doc, running[i], &s) < 0) return -1;
    }
    return 0;
}

int layout_styles_bulletin(layout_doc *doc, double body_pt, int gbt9704)
{
    layout_style s;
    double k, pitch;
    if (!doc) return -1;
    if (gbt9704) body_pt = 16.0;   /* GB/T 9704 §7.3.4: the text in 三号 */
    k = body_pt / 12.0;
    if (named_style(doc, "body", &s) != 0) return -1;
    s.size_pt = body_pt;
    if (layout_style_set(doc, "body", &s) < 0) return -1;
    if (gbt9704 && layout_doc_set_grid(doc, 28, 22) != 0) return -1;
    if (named_style(doc, "body", &s) != 0) return -1;
    pitch = s.line_pitch_pt;

    if (named_style(doc, "heading1", &s) != 0) return -1;
    s.size_pt = gbt9704 ? 22.0 : 18.0 * k;   /* GB/T 9704 §7.3.2: the title in 二号 */
    s.line_pitch_pt = gbt9704 ? 36.0 : 26.0 * k;
    s.space_before_pt = 18.0 * k;
    s.space_after_pt = 6.0 * k;
    if (layout_style_set(doc, "heading1", &s) < 0) return -1;

    if (named_style(doc, "subtitle", &s) != 0) return -1;
    s.font_role = "body";
    s.size_pt = body_pt;
    s.space_after_pt = 10.0 * k;
    if (gbt9704) s.line_pitch_pt = pitch;
    return layout_style_set(doc, "subtitle", &s) < 0 ? -1 : 0;
}

/* ---- the document ------------------------------------------------------ */

layout_doc *layout_doc_create(const fonts *fonts, const layout_page_setup *setup,
                              char *err, size_t errlen)
{
    layout_doc *doc;
    const layout_page_setup *s = setup;
    layout_page_setup a4 = {210, 297, 25, 25, 25, 25, 12, 12};

    if (!fonts) {
        if (errlen) snprintf(err, errlen, "layout: no fonts");
        return NULL;
    }
    if (!s) {
        layout_page_setup_named("A4", &a4);
        s = &a4;
    }
    if (!(s->width_mm > 0 && s->height_mm > 0 && s->width_mm < 5000 && s->height_mm < 5000)
        || s->margin_left_mm < 0 || s->margin_right_mm < 0 || s->margin_top_mm < 0
        || s->margin_bottom_mm < 0
        || s->margin_left_mm + s->margin_right_mm + 10 > s->width_mm
        || s->margin_top_mm + s->margin_bottom_mm + 10 > s->height_mm) {
        if (errlen)
            snprintf(err, errlen, "layout: page %.1f × %.1f mm with these margins leaves no text area",
                     s->width_mm, s->height_mm);
        return NULL;
    }
    doc = calloc(1, sizeof *doc);
    if (!doc) {
        if (errlen) snprintf(err, errlen, "layout: out of memory");
        return NULL;
    }
    doc->fonts = fonts;
    doc->setup = *s;
    doc->note_style = -1;
    doc->notes_per_page = 1;
    doc->first_top_mm = doc->first_bottom_mm = -1;
    if (add_default_styles(doc) != 0) {
        if (errlen) snprintf(err, errlen, "layout: %s", doc->errmsg);
        layout_doc_destroy(doc);
        return NULL;
    }
    return doc;
}

static void spans_free(layout_span *spans, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++) {
        free((char *)spans[i].link);
        free((char *)spans[i].note);
    }
    free(spans);
}

static void block_free(lay_block *b)
{
    free(b->text);
    free(b->origin);
    free(b->id);
    spans_free(b->spans, b->span_count);
    if (b->data) {
        if (b->kind->destroy) b->kind->destroy(b->data);
        else free(b->data);
    }
}

static void clear_results(layout_doc *doc)
{
    size_t i;
    for (i = 0; i < doc->warning_count; i++) free(doc->warnings[i]);
    doc->warning_count = 0;
    doc->warned_count = 0;
    doc->inline_count = 0;
    doc->note_count = 0;
    doc->notes_attached = 0;
    doc->line_count = 0;
    doc->placed_count = 0;
    doc->page_count = 0;
    doc->laid_out = 0;
}

void layout_doc_destroy(layout_doc *doc)
{
    size_t i;
    if (!doc) return;
    clear_results(doc);
    for (i = 0; i < doc->style_count; i++) {
        free(doc->styles[i].name);
        free(doc->styles[i].role_name);
    }
    for (i = 0; i < doc->block_count; i++) block_free(&doc->blocks[i]);
    for (i = 0; i < doc->cmap_count; i++) {
        size_t k;
        for (k = 0; doc->cmaps[i] && k < sizeof doc->cmaps[i]->block / sizeof doc->cmaps[i]->block[0]; k++)
            free(doc->cmaps[i]->block[k]);
        free(doc->cmaps[i]);
    }
    free(doc->cmaps);
    free(doc->styles);
    free(doc->blocks);
    free(doc->lines);
    free(doc->placed);
    free(doc->vlist);
    free(doc->warnings);
    free(doc->warned);
    free(doc->inlines);
    free(doc->notes);
    layout_text_free(doc);
    free(doc);
}

const char *layout_doc_errmsg(const layout_doc *doc)
{
    return doc ? doc->errmsg : "no document";
}

void layout_page_area(const layout_doc *doc, int page, double *top_y_pt, double *bottom_y_pt)
{
    double top = doc->setup.margin_top_mm, bottom = doc->setup.margin_bottom_mm;
    if (page == 0 && doc->first_top_mm >= 0) top = doc->first_top_mm;
    if (page == 0 && doc->first_bottom_mm >= 0) bottom = doc->first_bottom_mm;
    *top_y_pt = (doc->setup.height_mm - top) * LAYOUT_MM_PT;
    *bottom_y_pt = bottom * LAYOUT_MM_PT;
}

int layout_doc_set_first_page(layout_doc *doc, double margin_top_mm, double margin_bottom_mm)
{
    double top, bottom;
    if (!doc) return -1;
    top = margin_top_mm >= 0 ? margin_top_mm : doc->setup.margin_top_mm;
    bottom = margin_bottom_mm >= 0 ? margin_bottom_mm : doc->setup.margin_bottom_mm;
    if (!(top + bottom + 10 <= doc->setup.height_mm))
        return layout_fail(doc, "first page: margins of %.1f and %.1f mm leave no text area on a page %.1f mm tall",
                           top, bottom, doc->setup.height_mm);
    doc->first_top_mm = margin_top_mm >= 0 ? margin_top_mm : -1;
    doc->first_bottom_mm = margin_bottom_mm >= 0 ? margin_bottom_mm : -1;
    doc->laid_out = 0;
    return 0;
}

double layout_measure_pt(const layout_doc *doc)
{
    if (doc->measure_now_pt > 0) return doc->measure_now_pt;
    return (doc->setup.width_mm - doc->setup.margin_left_mm - doc->setup.margin_right_mm) * LAYOUT_MM_PT;
}

double layout_text_height_pt(const layout_doc *doc)
{
    return (doc->setup.height_mm - doc->setup.margin_top_mm - doc->setup.margin_bottom_mm) * LAYOUT_MM_PT;
}

/* ---- blocks ------------------------------------------------------------ */

size_t layout_block_count(const layout_doc *doc)
{
    return doc->block_count;
}

lay_block *layout_block_at(const layout_doc *doc, int b)
{
    return &doc->blocks[b];
}

void *layout_block_data(const layout_doc *doc, int block, const layout_block_kind *kind)
{
    if (!doc || !doc->laid_out || block < 0 || (size_t)block >= doc->block_count) return NULL;
    return doc->blocks[block].kind == kind ? doc->blocks[block].data : NULL;
}

lay_block *layout_block_new(layout_doc *doc, const layout_block_kind *kind, int style,
                            const char *utf8, size_t extra_bytes)
{
    lay_block *b;
    int next = (int)doc->block_count;
    size_t len = (utf8 ? strlen(utf8) : 0) + extra_bytes;
    if (len > LAYOUT_MAX_BLOCK_BYTES) {
        layout_block_fail(doc, next, "its text of %.1f MB is over the limit of %u MB for one block",
                          len / 1048576.0, LAYOUT_MAX_BLOCK_BYTES / 1048576u);
        return NULL;
    }
    if (doc->text_bytes + len > LAYOUT_MAX_DOC_BYTES) {
        layout_block_fail(doc, next, "the document's text would be over the limit of %u MB",
                          LAYOUT_MAX_DOC_BYTES / 1048576u);
        return NULL;
    }
    if (style < 0 || (size_t)style >= doc->style_count) {
        layout_block_fail(doc, next, "no style %d", style);
        return NULL;
    }
    if (VEC_RESERVE(doc->blocks, doc->block_cap, doc->block_count + 1) != 0) {
        layout_fail(doc, "out of memory");
        return NULL;
    }
    b = &doc->blocks[doc->block_count];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->style = style;
    b->page = b->last_page = -1;
    b->keep_next_set = -1;
    if (utf8 && !(b->text = layout_strdup(utf8))) {
        layout_fail(doc, "out of memory");
        return NULL;
    }
    doc->new_block_bytes = len;
    doc->laid_out = 0;
    return b;
}

int layout_block_commit(layout_doc *doc)
{
    if (doc->blocks[doc->block_count].kind->flags & LAYOUT_KIND_NEEDS_PAGES) doc->has_page_readers = 1;
    doc->text_bytes += doc->new_block_bytes;
    return (int)doc->block_count++;
}

int layout_block_abandon(layout_doc *doc, int msg_set)
{
    lay_block *b = &doc->blocks[doc->block_count];
    block_free(b);
    memset(b, 0, sizeof *b);
    return msg_set ? -1 : layout_fail(doc, "out of memory");
}

int layout_block_set_origin(layout_doc *doc, int block, const char *origin)
{
    char *copy;
    if (!doc || block < 0 || (size_t)block >= doc->block_count) return -1;
    copy = origin ? layout_strdup(origin) : NULL;
    if (origin && !copy) return layout_fail(doc, "out of memory");
    free(doc->blocks[block].origin);
    doc->blocks[block].origin = copy;
    return 0;
}

int layout_block_set_spans(layout_doc *doc, int block, const layout_span *spans, size_t count)
{
    lay_block *b;
    layout_span *copy;
    size_t i, len;
    if (!doc || block < 0 || (size_t)block >= doc->block_count) return -1;
    b = &doc->blocks[block];
    if (!b->text) return layout_block_fail(doc, block, "a %s has no text to style", b->kind->name);
    len = strlen(b->text);
    for (i = 0; i < count; i++)
        if (spans[i].start >= spans[i].end || spans[i].end > len || (i > 0 && spans[i].start < spans[i - 1].end))
            return layout_block_fail(doc, block, "span %zu (bytes %zu to %zu) is out of order or outside the text",
                                     i + 1, spans[i].start, spans[i].end);
    copy = count ? calloc(count, sizeof *copy) : NULL;
    if (count && !copy) return layout_fail(doc, "out of memory");
    for (i = 0; i < count; i++) {
        copy[i] = spans[i];
        copy[i].link = NULL;
        copy[i].note = NULL;
        if ((spans[i].link && !(copy[i].link = layout_strdup(spans[i].link)))
            || (spans[i].note && !(copy[i].note = layout_strdup(spans[i].note)))) {
            spans_free(copy, i + 1);
            return layout_fail(doc, "out of memory");
        }
    }
    spans_free(b->spans, b->span_count);
    b->spans = copy;
    b->span_count = count;
    doc->laid_out = 0;
    return 0;
}

int layout_doc_set_footnotes(layout_doc *doc, int style, int per_page)
{
    size_t b, k;
    if (!doc) return -1;
    if (!layout_style_valid(doc, style)) return layout_fail(doc, "footnotes: no style %d", style);
    for (b = 0; b < doc->block_count; b++)
        for (k = 0; k < doc->blocks[b].span_count; k++)
            if (doc->blocks[b].spans[k].note)
                return layout_fail(doc, "footnotes: set before the first note (block %zu has one)", b + 1);
    doc->note_style = style;
    doc->notes_per_page = per_page != 0;
    doc->laid_out = 0;
    return 0;
}

int layout_block_set_keep(layout_doc *doc, int block, int keep_together, int keep_with_next)
{
    if (!doc || block < 0 || (size_t)block >= doc->block_count) return -1;
    doc->blocks[block].keep_together = keep_together != 0;
    doc->blocks[block].keep_next_set = keep_with_next < 0 ? -1 : keep_with_next != 0;
    doc->laid_out = 0;
    return 0;
}

int layout_block_set_id(layout_doc *doc, int block, const char *id)
{
    size_t i, n;
    char *copy;
    if (!doc || block < 0 || (size_t)block >= doc->block_count || !id) return -1;
    n = strlen(id);
    if (n == 0 || n > 64) return layout_block_fail(doc, block, "id '%.64s': 1 to 64 characters expected", id);
    for (i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9')
              || id[i] == '-' || id[i] == '_' || id[i] == '.'))
            return layout_block_fail(doc, block, "id '%s': letters, digits, '-', '_' and '.' only", id);
    if (layout_block_find_id(doc, id) >= 0)
        return layout_block_fail(doc, block, "id '%s' is already block %d's", id, layout_block_find_id(doc, id) + 1);
    if (!(copy = layout_strdup(id))) return layout_fail(doc, "out of memory");
    free(doc->blocks[block].id);
    doc->blocks[block].id = copy;
    return 0;
}

int layout_block_find_id(const layout_doc *doc, const char *id)
{
    size_t i;
    for (i = 0; i < doc->block_count; i++)
        if (doc->blocks[i].id && strcmp(doc->blocks[i].id, id) == 0) return (int)i;
    return -1;
}

/* Every "#ID" link names a block that has that id. */
static int check_links(layout_doc *doc)
{
    size_t b, k;
    for (b = 0; b < doc->block_count; b++)
        for (k = 0; k < doc->blocks[b].span_count; k++) {
            const char *link = doc->blocks[b].spans[k].link;
            if (link && link[0] == '#' && layout_block_find_id(doc, link + 1) < 0)
                return layout_block_fail(doc, (int)b, "a link to '%s', but no block has the id '%s'", link, link + 1);
        }
    return 0;
}

void layout_doc_set_page_fn(layout_doc *doc, layout_page_fn fn, void *user)
{
    if (!doc) return;
    doc->page_fn = fn;
    doc->page_user = user;
    doc->page_numbers = 0;
}

void layout_doc_set_page_numbers(layout_doc *doc)
{
    if (!doc) return;
    doc->page_fn = NULL;
    doc->page_user = NULL;
    doc->page_numbers = 1;
}

/* ---- running ------------------------------------------------------------ */

int layout_doc_run(layout_doc *doc)
{
    int pass, passes;
    if (!doc) return -1;
    /* A table of contents needs the pages of the headings: a first pass
     * finds them (its entries have the same number of lines either way,
     * so the second pass paginates identically). */
    passes = doc->has_page_readers ? 2 : 1;
    if (check_links(doc) != 0) return -1;
    for (pass = 0; pass < passes; pass++) {
        size_t b;
        clear_results(doc);
        layout_vlist_reset(doc);
        for (b = 0; b < doc->block_count; b++) {
            lay_block *blk = &doc->blocks[b];
            blk->first_line = doc->line_count;
            blk->line_count = 0;
            if (blk->kind->measure(doc, (int)b) != 0) return -1;
            blk = &doc->blocks[b];
            if (blk->keep_next_set >= 0) blk->keep_with_next = blk->keep_next_set;
            blk->line_count = doc->line_count - blk->first_line;
            layout_vlist_block_end(doc, (int)b);
        }
        if (layout_paginate(doc) != 0) return -1;
    }
    doc->laid_out = 1;
    return 0;
}

int layout_doc_remaining(layout_doc *doc, double *remaining_pt, int *page)
{
    const lay_vbox *last = NULL;
    double top, bottom;
    if (!doc) return -1;
    if (layout_doc_run(doc) != 0) return -1;
    *page = 0;
    if (doc->vlist_count > 0) {
        last = &doc->vlist[doc->vlist_count - 1];
        *page = last->page + (doc->vl_forced != 0);   /* a page break pending: a new page */
    }
    layout_page_area(doc, *page, &top, &bottom);
    *remaining_pt = top - bottom;
    if (doc->vlist_count == 0 || doc->vl_forced) return 0;
    *remaining_pt -= last->top_pt + last->height_pt;
    if (*remaining_pt < 0) *remaining_pt = 0;
    return 0;
}

int layout_doc_page_count(const layout_doc *doc)
{
    return doc && doc->laid_out ? doc->page_count : 0;
}

int layout_doc_render(layout_doc *doc, pdf_doc *pdf)
{
    if (!doc || !pdf) return -1;
    if (!doc->laid_out && layout_doc_run(doc) != 0) return -1;
    return layout_render_pages(doc, pdf);
}

size_t layout_doc_warning_count(const layout_doc *doc)
{
    return doc ? doc->warning_count : 0;
}

const char *layout_doc_warning(const layout_doc *doc, size_t index)
{
    return doc && index < doc->warning_count ? doc->warnings[index] : NULL;
}

/* ---- queries ------------------------------------------------------------ */

size_t layout_doc_line_count(const layout_doc *doc)
{
    return doc && doc->laid_out ? doc->line_count : 0;
}

int layout_doc_line(const layout_doc *doc, size_t index, layout_line_info *out)
{
    const lay_line *l;
    if (!doc || !doc->laid_out || index >= doc->line_count) return -1;
    l = &doc->lines[index];
    out->block = l->block;
    out->line_in_block = l->line_in_block;
    out->last_in_block = l->last_in_block;
    out->page = l->page;
    out->x_pt = l->x_pt;
    out->baseline_pt = l->baseline_pt;
    out->width_pt = l->width_pt;
    out->measure_pt = l->measure_pt;
    out->text_start = l->text_start;
    out->text_end = l->text_end;
    out->missing = l->missing;
    out->note = l->note;
    return 0;
}

const char *layout_doc_block_text(const layout_doc *doc, int block)
{
    if (!doc || block < 0 || (size_t)block >= doc->block_count) return NULL;
    return doc->blocks[block].text;
}

int layout_doc_block_page(const layout_doc *doc, int block)
{
    if (!doc || !doc->laid_out || block < 0 || (size_t)block >= doc->block_count) return -1;
    return doc->blocks[block].page;
}
