/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_doc.c — brief.doc: documents written from Lua (lua_doc.h), here the
 * module, the document object and its styles, headings, paragraphs,
 * lists, rules, space, page breaks and table of contents.
 *
 * Page geometry is in millimetres (page, margins, column and image widths,
 * positions in header and footer functions, measured from the page's top
 * left corner); type in points (sizes, spacing, line pitch, rule weight).
 * The fonts are loaded once per run, on the first brief.doc.new, and kept
 * in the registry. */
#include "script/lua_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FONTS_MT "brief.fonts"
#define FONTS_KEY "brief.doc.fonts"

/* f: the run's fonts; owned: 1 when the run loaded them (freed with the
 * userdata), 0 when borrowed from script_options.fonts. */
typedef struct lfonts { const fonts *f; int owned; } lfonts;

/* ---- options -------------------------------------------------------------- */

double lb_doc_optlength(lua_State *L, int idx, const char *field, double def)
{
    return lb_doc_sublength(L, idx, NULL, idx, field, def);
}

double lb_doc_sublength(lua_State *L, int arg, const char *parent, int sub, const char *field, double def)
{
    double v = lb_optsubfield_number(L, arg, parent, sub, field, def);
    if (!(v >= 0) || v > 1e5) lb_subfielderror(L, arg, parent, field, "a number >= 0 expected");
    return v;
}

int lb_doc_parse_color(const char *s, pdf_color *out)
{
    unsigned v = 0;
    int i;
    if (!s || s[0] != '#' || strlen(s) != 7) return -1;
    for (i = 1; i < 7; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    out->r = ((v >> 16) & 0xFF) / 255.0;
    out->g = ((v >> 8) & 0xFF) / 255.0;
    out->b = (v & 0xFF) / 255.0;
    return 0;
}

int lb_doc_optcolor(lua_State *L, int idx, const char *field, pdf_color *out)
{
    return lb_doc_subcolor(L, idx, NULL, idx, field, out);
}

int lb_doc_subcolor(lua_State *L, int arg, const char *parent, int sub, const char *field, pdf_color *out)
{
    int t, rc = 0;
    if (lua_type(L, sub) != LUA_TTABLE) return 0;
    t = lua_getfield(L, sub, field);                        /* value */
    if (t == LUA_TBOOLEAN && !lua_toboolean(L, -1)) rc = -1;
    else if (t == LUA_TSTRING) {
        if (lb_doc_parse_color(lua_tostring(L, -1), out) != 0)
            lb_subfielderror(L, arg, parent, field,
                             lua_pushfstring(L, "'%s' is not a colour \"#rrggbb\"", lua_tostring(L, -1)));
        rc = 1;
    } else if (t != LUA_TNIL) {
        lb_subfielderror(L, arg, parent, field,
                         lua_pushfstring(L, "colour \"#rrggbb\" expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* */
    return rc;
}

void lb_doc_optalign(lua_State *L, int idx, const char *field, layout_align *out)
{
    lb_doc_subalign(L, idx, NULL, idx, field, out);
}

void lb_doc_subalign(lua_State *L, int arg, const char *parent, int sub, const char *field, layout_align *out)
{
    const char *s = lb_optsubfield_string(L, arg, parent, sub, field, NULL);
    if (!s) return;
    if (strcmp(s, "left") == 0) *out = LAYOUT_ALIGN_LEFT;
    else if (strcmp(s, "center") == 0 || strcmp(s, "centre") == 0) *out = LAYOUT_ALIGN_CENTER;
    else if (strcmp(s, "right") == 0) *out = LAYOUT_ALIGN_RIGHT;
    else if (strcmp(s, "justify") == 0) *out = LAYOUT_ALIGN_JUSTIFY;
    else lb_subfielderror(L, arg, parent, field, lua_pushfstring(L, "'%s' is not left, center, right or justify", s));
}

/* ---- the fonts of the run ------------------------------------------------ */

static int fonts_gc(lua_State *L)
{
    lfonts *lf = luaL_checkudata(L, 1, FONTS_MT);
    if (lf->owned) fonts_destroy((fonts *)lf->f);
    lf->f = NULL;
    return 0;
}

/* Pushes the run's fonts userdata, loading the fonts on first use. A run
 * without fonts cannot make any document: that raises. */
static lfonts *push_fonts(lua_State *L)
{
    lfonts *lf;
    char err[1024];
    int t = lua_getfield(L, LUA_REGISTRYINDEX, FONTS_KEY);  /* fonts | message | nil */
    if (t == LUA_TUSERDATA) return lua_touserdata(L, -1);
    /* An earlier attempt failed (before the process was confined, maybe):
     * its message, not a new attempt's. */
    if (t == LUA_TSTRING) lua_error(L);
    lua_pop(L, 1);                                          /* */
    lf = lua_newuserdatauv(L, sizeof *lf, 0);               /* fonts */
    lf->f = NULL;
    lf->owned = 1;
    if (luaL_newmetatable(L, FONTS_MT)) {                   /* fonts mt */
        lua_pushcfunction(L, fonts_gc);                     /* fonts mt gc */
        lua_setfield(L, -2, "__gc");                        /* fonts mt */
        lua_pushliteral(L, "protected");                    /* fonts mt p */
        lua_setfield(L, -2, "__metatable");                 /* fonts mt */
    }
    lua_setmetatable(L, -2);                                /* fonts */
    /* The caller's, when it loaded them already (brief batch, once for all
     * its workers): read-only once created (fonts.h), so shared as they are. */
    if (lb_runtime_get(L)->options->fonts) {
        lf->f = lb_runtime_get(L)->options->fonts;
        lf->owned = 0;
    } else {
        lf->f = fonts_create(NULL, err, sizeof err);
    }
    if (!lf->f) {
        lua_pushfstring(L, "%s: cannot load the fonts: %s", lb_funcname(L), err); /* fonts msg */
        lua_pushvalue(L, -1);                               /* fonts msg msg */
        lua_setfield(L, LUA_REGISTRYINDEX, FONTS_KEY);      /* fonts msg */
        lua_error(L);
    }
    lua_pushvalue(L, -1);                                   /* fonts fonts */
    lua_setfield(L, LUA_REGISTRYINDEX, FONTS_KEY);          /* fonts */
    return lf;
}

int lb_doc_load_fonts(lua_State *L)
{
    push_fonts(L);
    return 0;
}

/* ---- the document userdata ---------------------------------------------- */

static void doc_release(ldoc *d)
{
    int i;
    layout_doc_destroy(d->layout);
    d->layout = NULL;
    pdf_doc_destroy(d->probe);
    d->probe = NULL;
    for (i = 0; i < LB_DOC_INFO_COUNT; i++) {
        free(d->info[i]);
        d->info[i] = NULL;
    }
}

static int doc_gc(lua_State *L)
{
    ldoc *d = luaL_checkudata(L, 1, LB_DOC_MT);
    if (!d->drawing) doc_release(d);
    return 0;
}

ldoc *lb_doc_check(lua_State *L, int changing)
{
    ldoc *d = luaL_testudata(L, 1, LB_DOC_MT);
    if (!d) lb_typeerror(L, 1, "brief.doc");
    if (!d->layout) luaL_error(L, "%s: the document is closed", lb_funcname(L));
    if (d->drawing && changing)
        luaL_error(L, "%s: the document cannot change while it is drawn (in a header or footer function)",
                   lb_funcname(L));
    return d;
}

int lb_doc_layout_error(lua_State *L, ldoc *d)
{
    return luaL_error(L, "%s: %s", lb_funcname(L), layout_doc_errmsg(d->layout));
}

void lb_doc_added(lua_State *L, ldoc *d, int block)
{
    lua_Debug ar;
    char where[LUA_IDSIZE + 24];
    if (block < 0) lb_doc_layout_error(L, d);
    /* level 1: the function that called this method */
    if (!lua_getstack(L, 1, &ar) || !lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) return;
    snprintf(where, sizeof where, "%s:%d", ar.short_src, ar.currentline);
    if (layout_block_set_origin(d->layout, block, where) != 0) lb_doc_layout_error(L, d);
}

/* ---- rich text ------------------------------------------------------------ */

/* The colour of a link run that gives none, and its underline. */
static const pdf_color link_blue = {0.10, 0.30, 0.65};

static const char *const run_fields[] = {
    "[1]", "text", "bold", "italic", "underline", "superscript", "color", "highlight", "link", "footnote", NULL
};

/* Whether a run's link is one a reader may follow: a web, mail, FTP or
 * telephone address (not javascript:, file: or a reader's own actions),
 * or "#id" inside the document. */
static int link_ok(const char *link)
{
    static const char *const schemes[] = {"http://", "https://", "mailto:", "ftp://", "tel:", NULL};
    const char *const *s;
    size_t n = strlen(link);
    if (n < 2 || n > 4096) return 0;
    if (link[0] == '#') return 1;
    for (s = schemes; *s; s++)
        if (strncasecmp(link, *s, strlen(*s)) == 0 && n > strlen(*s)) return 1;
    return 0;
}

/* One run (a table) at stack index r, run number n, into *sp (start and
 * end left to the caller); pushes its text. A link without colour or
 * underline of its own is blue and underlined, as readers expect a link
 * to look. */
static void run_parse(lua_State *L, int arg, int r, int n, layout_span *sp)
{
    char name[32];
    int t;
    snprintf(name, sizeof name, "run %d", n);
    lb_check_subfields(L, arg, name, r, run_fields);
    memset(sp, 0, sizeof *sp);
    if (lb_optsubfield_boolean(L, arg, name, r, "bold", 0)) sp->flags |= LAYOUT_SPAN_BOLD;
    if (lb_optsubfield_boolean(L, arg, name, r, "italic", 0)) sp->flags |= LAYOUT_SPAN_ITALIC;
    if (lb_optsubfield_boolean(L, arg, name, r, "superscript", 0)) sp->flags |= LAYOUT_SPAN_SUPERSCRIPT;
    sp->link = lb_optsubfield_string(L, arg, name, r, "link", NULL);
    if (sp->link && !link_ok(sp->link))
        lb_subfielderror(L, arg, name, "link",
                         lua_pushfstring(L, "'%s': an http:, https:, mailto:, ftp: or tel: address, or \"#id\", "
                                            "of at most 4096 bytes, expected", sp->link));
    if (lb_optsubfield_boolean(L, arg, name, r, "underline", sp->link != NULL)) sp->flags |= LAYOUT_SPAN_UNDERLINE;
    if (lb_doc_subcolor(L, arg, name, r, "color", &sp->color) > 0) {
        sp->flags |= LAYOUT_SPAN_COLOR;
    } else if (sp->link) {
        sp->color = link_blue;
        sp->flags |= LAYOUT_SPAN_COLOR;
    }
    if (lb_doc_subcolor(L, arg, name, r, "highlight", &sp->highlight) > 0) sp->flags |= LAYOUT_SPAN_HIGHLIGHT;
    t = lua_getfield(L, r, "text");                         /* text? */
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        t = lua_rawgeti(L, r, 1);                           /* text? */
    }
    if (t == LUA_TNIL && lua_getfield(L, r, "footnote") != LUA_TNIL) {   /* nil footnote */
        lua_pop(L, 2);
        lua_pushliteral(L, "");                             /* "": a mark alone */
        t = LUA_TSTRING;
    } else if (t == LUA_TNIL) {
        lua_pop(L, 1);
    }
    if (t != LUA_TSTRING && t != LUA_TNUMBER)
        lb_subfielderror(L, arg, name, "text", lua_pushfstring(L, "string expected, got %s", luaL_typename(L, -1)));
}

const char *lb_doc_rich(lua_State *L, int arg, layout_span **spans, size_t *count)
{
    lua_Integer i, n;
    size_t len = 0, k = 0;
    layout_span *sp;
    luaL_Buffer b;
    int parts;
    lua_Integer np = 0;
    const char *note;
    *spans = NULL;
    *count = 0;
    if (lua_type(L, arg) != LUA_TTABLE) {
        const char *text = lb_checklstring(L, arg, NULL);
        lua_pushvalue(L, arg);                              /* text */
        lua_newuserdatauv(L, 1, 0);                         /* text spans */
        return text;
    }
    n = (lua_Integer)lua_rawlen(L, arg);
    if ((size_t)n > ((size_t)-1) / sizeof *sp / 2 - 1) {
        luaL_error(L, "%s: too many runs", lb_funcname(L));
        return NULL;
    }
    /* the spans in a userdata the collector frees if a run raises (two a
     * run: a run and its footnote's mark); the texts in a table, joined
     * once every run is read */
    sp = lua_newuserdatauv(L, (size_t)(2 * n + 1) * sizeof *sp, 0);   /* spans */
    lua_createtable(L, (int)n, 0);                          /* spans parts */
    parts = lua_gettop(L);
    for (i = 1; i <= n; i++) {
        int t = lua_rawgeti(L, arg, i);                     /* spans parts run */
        size_t tlen;
        if (t == LUA_TTABLE) {
            run_parse(L, arg, lua_gettop(L), (int)i, &sp[k]);   /* spans parts run text */
            lua_remove(L, -2);                              /* spans parts text */
        } else if (t != LUA_TSTRING && t != LUA_TNUMBER) {
            lb_argerror(L, arg, lua_pushfstring(L, "run %d: string or table expected, got %s", (int)i,
                                                luaL_typename(L, -1)));
        }
        lua_tolstring(L, -1, &tlen);
        if (t == LUA_TTABLE && tlen > 0 && (sp[k].flags || sp[k].link)) {
            sp[k].start = len;
            sp[k].end = len + tlen;
            k++;
        }
        len += tlen;
        lua_rawseti(L, parts, ++np);                        /* spans parts */
        if (t == LUA_TTABLE) {
            char name[32];
            snprintf(name, sizeof name, "run %d", (int)i);
            lua_rawgeti(L, arg, i);                         /* spans parts run */
            note = lb_optsubfield_string(L, arg, name, lua_gettop(L), "footnote", NULL);
            lua_pop(L, 1);                                  /* spans parts */
            if (note) {
                /* its mark: a placeholder ① renumbered per page, or the
                 * next number of the document, raised */
                char mark[32];
                ldoc *d = luaL_checkudata(L, 1, LB_DOC_MT);
                if (d->notes_per_page) snprintf(mark, sizeof mark, "\xE2\x91\xA0");
                else snprintf(mark, sizeof mark, "[%u]", ++d->note_count);
                memset(&sp[k], 0, sizeof sp[k]);
                sp[k].start = len;
                sp[k].end = len + strlen(mark);
                sp[k].flags = LAYOUT_SPAN_SUPERSCRIPT;
                sp[k].note = note;
                len = sp[k++].end;
                lua_pushstring(L, mark);
                lua_rawseti(L, parts, ++np);
            }
        }
    }
    luaL_buffinit(L, &b);                                   /* spans parts buf... */
    for (i = 1; i <= np; i++) {
        lua_rawgeti(L, parts, i);                           /* spans parts buf... part */
        luaL_addvalue(&b);                                  /* spans parts buf... */
    }
    luaL_pushresult(&b);                                    /* spans parts text */
    lua_remove(L, parts);                                   /* spans text */
    lua_insert(L, -2);                                      /* text spans */
    *spans = sp;
    *count = k;
    return lua_tostring(L, -2);
}

void lb_doc_spans(lua_State *L, ldoc *d, int block, const layout_span *spans, size_t count)
{
    if (count && layout_block_set_spans(d->layout, block, spans, count) != 0) lb_doc_layout_error(L, d);
}

void lb_doc_keeps(lua_State *L, ldoc *d, int idx, int block)
{
    int together = lb_optfield_boolean(L, idx, "keep_together", 0), next = -1;
    if (lua_type(L, idx) == LUA_TTABLE && lua_getfield(L, idx, "keep_with_next") != LUA_TNIL)
        next = lb_optfield_boolean(L, idx, "keep_with_next", 0);
    if (lua_type(L, idx) == LUA_TTABLE) lua_pop(L, 1);
    if ((together || next >= 0) && layout_block_set_keep(d->layout, block, together, next) != 0)
        lb_doc_layout_error(L, d);
}

/* The id option of a block (a target of "#id" links). */
static void block_id(lua_State *L, ldoc *d, int idx, int block)
{
    const char *id = lb_optfield_string(L, idx, "id", NULL);
    if (id && layout_block_set_id(d->layout, block, id) != 0) lb_doc_layout_error(L, d);
}

/* ---- styles --------------------------------------------------------------- */

static int style_id(lua_State *L, ldoc *d, int idx, const char *field, const char *name)
{
    int id = layout_style_find(d->layout, name);
    if (id < 0) {
        const char *msg = lua_pushfstring(L, "no style '%s' (define it with doc:style)", name);
        if (field) lb_fielderror(L, idx, field, msg);
        else lb_argerror(L, idx, msg);
    }
    return id;
}

static const char *const style_fields_list[] = {
    "font", "size", "color", "align", "indent", "left_indent", "space_before", "space_after",
    "line_pitch", "grid_pitch", "keep_with_next", NULL
};

/* Applies the style fields of the options table at idx to *s; returns how
 * many were given. */
static int apply_style_fields(lua_State *L, ldoc *d, int idx, layout_style *s)
{
    const char *const *k;
    int n = 0;
    const char *font;
    if (lua_type(L, idx) != LUA_TTABLE) return 0;
    for (k = style_fields_list; *k; k++) {
        int t = lua_getfield(L, idx, *k);
        lua_pop(L, 1);
        n += t != LUA_TNIL;
    }
    font = lb_optfield_string(L, idx, "font", NULL);
    if (font) {
        if (fonts_role(d->fonts, font) < 0)
            lb_fielderror(L, idx, "font", lua_pushfstring(L, "no font role '%s' in fonts/roles.conf", font));
        s->font_role = font;
    }
    s->size_pt = lb_optfield_number(L, idx, "size", s->size_pt);
    if (!(s->size_pt > 0 && s->size_pt < 1000)) lb_fielderror(L, idx, "size", "a size in points in (0, 1000) expected");
    lb_doc_optcolor(L, idx, "color", &s->color);
    lb_doc_optalign(L, idx, "align", &s->align);
    s->indent_chars = lb_doc_optlength(L, idx, "indent", s->indent_chars);
    s->left_indent_chars = lb_doc_optlength(L, idx, "left_indent", s->left_indent_chars);
    s->space_before_pt = lb_doc_optlength(L, idx, "space_before", s->space_before_pt);
    s->space_after_pt = lb_doc_optlength(L, idx, "space_after", s->space_after_pt);
    s->line_pitch_pt = lb_doc_optlength(L, idx, "line_pitch", s->line_pitch_pt);
    s->grid_pitch_pt = lb_doc_optlength(L, idx, "grid_pitch", s->grid_pitch_pt);
    s->keep_with_next = lb_optfield_boolean(L, idx, "keep_with_next", s->keep_with_next);
    return n;
}

/* The fields of two styles but the role, compared one by one (padding
 * bytes make memcmp unreliable). */
static int same_style(const layout_style *a, const layout_style *b)
{
    return a->size_pt == b->size_pt && a->color.r == b->color.r && a->color.g == b->color.g
        && a->color.b == b->color.b && a->align == b->align && a->indent_chars == b->indent_chars
        && a->left_indent_chars == b->left_indent_chars && a->space_before_pt == b->space_before_pt
        && a->space_after_pt == b->space_after_pt && a->line_pitch_pt == b->line_pitch_pt
        && a->grid_pitch_pt == b->grid_pitch_pt && a->keep_with_next == b->keep_with_next;
}

int lb_doc_block_style(lua_State *L, ldoc *d, int idx, const char *def)
{
    const char *name = lb_optfield_string(L, idx, "style", def);
    int id = style_id(L, d, idx, "style", name);
    layout_style s;
    char derived[96];
    layout_style_get(d->layout, id, &s);
    if (apply_style_fields(L, d, idx, &s) == 0) return id;
    /* A run of blocks with the same options (every cell note, every
     * centred line) shares one style instead of adding one each. */
    if (d->last_derived >= 0 && strcmp(s.font_role, d->last_role) == 0 && same_style(&s, &d->last_style))
        return d->last_derived;
    snprintf(derived, sizeof derived, "%s~%u", name, ++d->derived);
    id = layout_style_set(d->layout, derived, &s);
    if (id < 0) lb_doc_layout_error(L, d);
    d->last_derived = id;
    d->last_style = s;
    snprintf(d->last_role, sizeof d->last_role, "%s", s.font_role);
    return id;
}

int lb_doc_style_named(lua_State *L, ldoc *d, int idx, const char *field, const char *def)
{
    return style_id(L, d, idx, field, lb_optfield_string(L, idx, field, def));
}

/* ---- brief.doc.new ---------------------------------------------------- */

/* The page of the options at 1: a name, or {width=, height=} in mm. */
static void page_option(lua_State *L, layout_page_setup *setup)
{
    static const char *const size_fields[] = {"width", "height", NULL};
    int t = lua_getfield(L, 1, "page");                     /* opts page */
    if (t == LUA_TSTRING) {
        const char *name = lua_tostring(L, -1);
        if (strcasecmp(name, "GBT9704") == 0) layout_page_setup_gbt9704(setup);
        else if (layout_page_setup_named(name, setup) != 0)
            lb_fielderror(L, 1, "page", lua_pushfstring(L, "unknown page size '%s' (A4, A5, LETTER, GBT9704 "
                                                         "or {width=, height=} in mm)", name));
    } else if (t == LUA_TTABLE) {
        int p = lua_absindex(L, -1);
        double w, h;
        lb_check_subfields(L, 1, "page", p, size_fields);
        w = lb_optsubfield_number(L, 1, "page", p, "width", 0);
        h = lb_optsubfield_number(L, 1, "page", p, "height", 0);
        if (!(w >= 50 && w <= 2000 && h >= 50 && h <= 2000))
            lb_fielderror(L, 1, "page", "width and height in mm, 50 to 2000, expected");
        setup->width_mm = w;
        setup->height_mm = h;
    } else if (t != LUA_TNIL) {
        lb_fielderror(L, 1, "page", lua_pushfstring(L, "name or table expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* opts */
}

/* The margins of the options at 1: {top=, bottom=, left=, right=,
 * header=, footer=} in mm. */
static void margins_option(lua_State *L, layout_page_setup *setup)
{
    static const char *const fields[] = {"top", "bottom", "left", "right", "header", "footer", NULL};
    double *dst[] = {&setup->margin_top_mm, &setup->margin_bottom_mm, &setup->margin_left_mm,
                     &setup->margin_right_mm, &setup->header_mm, &setup->footer_mm};
    int t = lua_getfield(L, 1, "margins");                  /* opts margins */
    if (t == LUA_TTABLE) {
        int m = lua_absindex(L, -1), i;
        lb_check_subfields(L, 1, "margins", m, fields);
        for (i = 0; fields[i]; i++) {
            double v = lb_optsubfield_number(L, 1, "margins", m, fields[i], *dst[i]);
            if (!(v >= 0 && v < 1000)) lb_subfielderror(L, 1, "margins", fields[i], "millimetres >= 0 expected");
            *dst[i] = v;
        }
    } else if (t != LUA_TNIL) {
        lb_fielderror(L, 1, "margins", lua_pushfstring(L, "table expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* opts */
}

/* GB/T 9704 §5.2.2: the running text on a grid of so many characters a
 * line and lines a page (28 × 22 for 三号 text on its page), the layout's
 * rule (layout_doc_set_grid). */
static void grid_option(lua_State *L, ldoc *d)
{
    static const char *const fields[] = {"chars", "lines", NULL};
    int t = lua_getfield(L, 1, "grid");                     /* ... grid */
    if (t == LUA_TTABLE) {
        int g = lua_absindex(L, -1);
        double chars, lines;
        lb_check_subfields(L, 1, "grid", g, fields);
        chars = lb_optsubfield_number(L, 1, "grid", g, "chars", 0);
        lines = lb_optsubfield_number(L, 1, "grid", g, "lines", 0);
        if (!(chars >= 1 && chars <= 200 && lines >= 1 && lines <= 200))
            lb_fielderror(L, 1, "grid", "{chars=, lines=} (1 to 200 each) expected");
        if (layout_doc_set_grid(d->layout, chars, lines) != 0) lb_doc_layout_error(L, d);
    } else if (t != LUA_TNIL) {
        lb_fielderror(L, 1, "grid", lua_pushfstring(L, "table expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* ... */
}

/* first_page = {margins = {top =, bottom =}, header =, footer =}: the
 * first page's own text area and whether the header and footer functions
 * draw on it (a masthead page). */
static void first_page_option(lua_State *L, ldoc *d)
{
    static const char *const fields[] = {"margins", "header", "footer", NULL};
    static const char *const margin_fields[] = {"top", "bottom", NULL};
    int t = lua_getfield(L, 1, "first_page");               /* ... fp */
    if (t == LUA_TTABLE) {
        int f = lua_absindex(L, -1);
        double top = -1, bottom = -1;
        lb_check_subfields(L, 1, "first_page", f, fields);
        if (lua_getfield(L, f, "margins") == LUA_TTABLE) {   /* ... fp m */
            int m = lua_absindex(L, -1);
            lb_check_subfields(L, 1, "first_page.margins", m, margin_fields);
            top = lb_optsubfield_number(L, 1, "first_page.margins", m, "top", -1);
            bottom = lb_optsubfield_number(L, 1, "first_page.margins", m, "bottom", -1);
            if ((top != -1 && !(top >= 0 && top < 1000)) || (bottom != -1 && !(bottom >= 0 && bottom < 1000)))
                lb_fielderror(L, 1, "first_page.margins", "millimetres >= 0 expected");
        } else if (!lua_isnil(L, -1)) {
            lb_fielderror(L, 1, "first_page.margins", "table {top =, bottom =} expected");
        }
        lua_pop(L, 1);                                      /* ... fp */
        if ((top >= 0 || bottom >= 0) && layout_doc_set_first_page(d->layout, top, bottom) != 0)
            lb_fielderror(L, 1, "first_page", layout_doc_errmsg(d->layout));
        d->first_header = lb_optsubfield_boolean(L, 1, "first_page", f, "header", 1);
        d->first_footer = lb_optsubfield_boolean(L, 1, "first_page", f, "footer", 1);
    } else if (t != LUA_TNIL) {
        lb_fielderror(L, 1, "first_page", lua_pushfstring(L, "table expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* ... */
}

static int doc_new(lua_State *L)
{
    static const char *const known[] = {
        "title", "author", "subject", "keywords", "page", "margins", "grid", "first_page", NULL
    };
    static const char *const info_fields[LB_DOC_INFO_COUNT] = {"title", "author", "subject", "keywords"};
    layout_page_setup setup;
    lfonts *lf;
    ldoc *d;
    char err[512];
    int i;

    if (!lb_opttable(L, 1)) {
        lua_settop(L, 0);
        lua_newtable(L);                                    /* opts */
    }
    lb_check_fields(L, 1, known);
    lua_settop(L, 1);                                       /* opts */
    layout_page_setup_named("A4", &setup);
    page_option(L, &setup);
    margins_option(L, &setup);

    lf = push_fonts(L);                                     /* opts fonts */
    d = lua_newuserdatauv(L, sizeof *d, 3);                 /* opts fonts doc */
    memset(d, 0, sizeof *d);
    d->last_derived = -1;
    d->notes_per_page = 1;
    d->first_header = d->first_footer = 1;
    luaL_setmetatable(L, LB_DOC_MT);
    lua_pushvalue(L, -2);                                   /* opts fonts doc fonts */
    lua_setiuservalue(L, -2, LB_DOC_UV_FONTS);              /* opts fonts doc */
    d->fonts = lf->f;
    d->header_mm = setup.header_mm;
    d->footer_mm = setup.height_mm - setup.footer_mm;
    d->layout = layout_doc_create(d->fonts, &setup, err, sizeof err);
    if (!d->layout) return luaL_error(L, "%s: %s", lb_funcname(L), err);
    for (i = 0; i < LB_DOC_INFO_COUNT; i++) {
        const char *s = lb_optfield_string(L, 1, info_fields[i], NULL);
        if (s && !(d->info[i] = strdup(s))) return luaL_error(L, "%s: out of memory", lb_funcname(L));
    }
    grid_option(L, d);
    first_page_option(L, d);
    return 1;
}

/* ---- methods: styles and text ------------------------------------------ */

static int m_style(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    const char *name = lb_checklstring(L, 2, NULL);
    static const char *const known[] = {
        "based_on", "font", "size", "color", "align", "indent", "left_indent", "space_before",
        "space_after", "line_pitch", "grid_pitch", "keep_with_next", NULL
    };
    layout_style s;
    int id;
    lb_opttable(L, 3);
    lb_check_fields(L, 3, known);
    lua_settop(L, 3);
    if (!*name) lb_argerror(L, 2, "a style name expected");
    id = layout_style_find(d->layout, name);
    if (id >= 0) {
        layout_style_get(d->layout, id, &s);     /* changes only the fields given */
    } else {
        const char *base = lb_optfield_string(L, 3, "based_on", NULL);
        if (base) layout_style_get(d->layout, style_id(L, d, 3, "based_on", base), &s);
        else layout_style_init(&s);
    }
    apply_style_fields(L, d, 3, &s);
    if (layout_style_set(d->layout, name, &s) < 0) return lb_doc_layout_error(L, d);
    return 0;
}

static int m_heading(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    static const char *const known[] = {
        "level", "style", "font", "size", "color", "align", "indent", "left_indent", "space_before",
        "space_after", "line_pitch", "grid_pitch", "keep_with_next", "keep_together", "id", NULL
    };
    double level;
    char def[16];
    int style, block;
    layout_span *spans;
    size_t nspans;
    const char *text;
    lb_opttable(L, 3);
    lb_check_fields(L, 3, known);
    lua_settop(L, 3);
    text = lb_doc_rich(L, 2, &spans, &nspans);              /* doc text opts text spans */
    level = lb_optfield_number(L, 3, "level", 1);
    if (!(level >= 1 && level <= 9) || level != (int)level) lb_fielderror(L, 3, "level", "an integer 1 to 9 expected");
    /* heading1..heading3 exist; deeper levels use heading3 unless defined */
    snprintf(def, sizeof def, "heading%d", (int)level);
    if (layout_style_find(d->layout, def) < 0) snprintf(def, sizeof def, "heading3");
    style = lb_doc_block_style(L, d, 3, def);
    block = layout_heading_add(d->layout, style, (int)level, text);
    lb_doc_added(L, d, block);
    lb_doc_spans(L, d, block, spans, nspans);
    block_id(L, d, 3, block);
    lb_doc_keeps(L, d, 3, block);
    return 0;
}

static const char *const para_fields[] = {
    "style", "font", "size", "color", "align", "indent", "left_indent", "space_before",
    "space_after", "line_pitch", "grid_pitch", "keep_with_next", "keep_together", "id", NULL
};

static int m_paragraph(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    int style, block;
    layout_span *spans;
    size_t nspans;
    const char *text;
    lb_opttable(L, 3);
    lb_check_fields(L, 3, para_fields);
    lua_settop(L, 3);
    text = lb_doc_rich(L, 2, &spans, &nspans);              /* doc text opts text spans */
    style = lb_doc_block_style(L, d, 3, "body");
    block = layout_para_add(d->layout, style, text);
    lb_doc_added(L, d, block);
    lb_doc_spans(L, d, block, spans, nspans);
    block_id(L, d, 3, block);
    lb_doc_keeps(L, d, 3, block);
    return 0;
}

/* The marker of item number n: "%d" in the pattern replaced by n (no
 * other format: the pattern is the script's text, never a format). */
static void list_marker(const char *pattern, long n, char *out, size_t outlen)
{
    const char *p = strstr(pattern, "%d");
    if (!p) {
        snprintf(out, outlen, "%s", pattern);
        return;
    }
    snprintf(out, outlen, "%.*s%ld%s", (int)(p - pattern), pattern, n, p + 2);
}

static int m_list(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    static const char *const known[] = {
        "ordered", "marker", "start", "style", "font", "size", "color", "align", "indent",
        "left_indent", "space_before", "space_after", "line_pitch", "grid_pitch", "keep_with_next",
        "keep_together", NULL
    };
    const char *marker;
    int ordered, style;
    double start;
    lua_Integer i, n;
    lb_checktable(L, 2);
    lb_opttable(L, 3);
    lb_check_fields(L, 3, known);
    lua_settop(L, 3);
    ordered = lb_optfield_boolean(L, 3, "ordered", 0);
    marker = lb_optfield_string(L, 3, "marker", ordered ? "%d." : "\xE2\x80\xA2");   /* "•" */
    start = lb_optfield_number(L, 3, "start", 1);
    if (start != (lua_Integer)start) lb_fielderror(L, 3, "start", "an integer expected");
    style = lb_doc_block_style(L, d, 3, "list");
    n = (lua_Integer)lua_rawlen(L, 2);
    for (i = 1; i <= n; i++) {
        char mark[128];
        const char *text;
        layout_span *spans;
        size_t nspans;
        int block, t = lua_rawgeti(L, 2, i);                /* ... item */
        if (t != LUA_TSTRING && t != LUA_TNUMBER && t != LUA_TTABLE)
            lb_argerror(L, 2, lua_pushfstring(L, "item %d: string or runs expected, got %s", (int)i,
                                              luaL_typename(L, -1)));
        text = lb_doc_rich(L, lua_gettop(L), &spans, &nspans);   /* ... item text spans */
        list_marker(marker, (long)(start + (double)(i - 1)), mark, sizeof mark);
        block = layout_list_item_add(d->layout, style, ordered || strstr(marker, "%d") == NULL ? mark : marker, text);
        lb_doc_added(L, d, block);
        lb_doc_spans(L, d, block, spans, nspans);
        lb_doc_keeps(L, d, 3, block);
        lua_pop(L, 3);                                      /* ... */
    }
    return 0;
}

/* ---- methods: rules, space, breaks, contents ---------------------------- */

static int m_rule(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    static const char *const known[] = {"thickness", "color", "space_before", "space_after", "keep_with_next", NULL};
    pdf_color color = {0, 0, 0};
    double thickness, before, after;
    lb_opttable(L, 2);
    lb_check_fields(L, 2, known);
    lua_settop(L, 2);
    thickness = lb_doc_optlength(L, 2, "thickness", 0.75);
    if (!(thickness > 0)) lb_fielderror(L, 2, "thickness", "a weight in points > 0 expected");
    lb_doc_optcolor(L, 2, "color", &color);
    before = lb_doc_optlength(L, 2, "space_before", 6);
    after = lb_doc_optlength(L, 2, "space_after", 6);
    {
        int block = layout_rule_add(d->layout, thickness, color, before, after);
        lb_doc_added(L, d, block);
        lb_doc_keeps(L, d, 2, block);
    }
    return 0;
}

static int m_space(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    double pt = lb_checknumber(L, 2);
    if (!(pt >= 0 && pt < 1e5)) lb_argerror(L, 2, "points >= 0 expected");
    lb_doc_added(L, d, layout_space_add(d->layout, pt));
    return 0;
}

static int m_page_break(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    lb_doc_added(L, d, layout_page_break_add(d->layout));
    return 0;
}

/* d:columns(count [, {gap =}]): the blocks after it in count columns
 * (1 ends the section), gap mm apart (default 6). */
static int m_columns(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    static const char *const known[] = {"gap", NULL};
    lua_Integer count = lb_checkinteger(L, 2);
    double gap;
    lb_opttable(L, 3);
    lb_check_fields(L, 3, known);
    lua_settop(L, 3);
    if (count < 1 || count > 6) return lb_argerror(L, 2, "1 to 6 columns expected");
    gap = lb_doc_optlength(L, 3, "gap", 6);
    lb_doc_added(L, d, layout_columns_add(d->layout, (int)count, gap));
    return 0;
}

static int m_toc(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    static const char *const known[] = {"level", "style", NULL};
    double level;
    int style;
    lb_opttable(L, 2);
    lb_check_fields(L, 2, known);
    lua_settop(L, 2);
    level = lb_optfield_number(L, 2, "level", 2);
    if (!(level >= 1 && level <= 9) || level != (int)level) lb_fielderror(L, 2, "level", "an integer 1 to 9 expected");
    style = lb_doc_style_named(L, d, 2, "style", "toc");
    lb_doc_added(L, d, layout_toc_add(d->layout, style, (int)level));
    return 0;
}

/* ---- closing, warnings ----------------------------------------------------- */

static int m_close(lua_State *L)
{
    ldoc *d = luaL_checkudata(L, 1, LB_DOC_MT);
    if (d->drawing) return luaL_error(L, "%s: the document is being drawn", lb_funcname(L));
    doc_release(d);
    return 0;
}

/* d:warnings(): the layout's warnings of the last save (characters no font
 * has, drawn as boxes), as a list of strings. */
static int m_warnings(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 0);
    size_t i, n = layout_doc_warning_count(d->layout);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        lua_pushstring(L, layout_doc_warning(d->layout, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* d:footnotes{numbering = "page" | "document", style =}: how footnotes
 * are numbered and set; before the first one. */
static int m_footnotes(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    static const char *const known[] = {"numbering", "style", NULL};
    const char *numbering;
    int style, per_page;
    lb_opttable(L, 2);
    lb_check_fields(L, 2, known);
    lua_settop(L, 2);
    numbering = lb_optfield_string(L, 2, "numbering", "page");
    if (strcmp(numbering, "page") == 0) per_page = 1;
    else if (strcmp(numbering, "document") == 0) per_page = 0;
    else return lb_fielderror(L, 2, "numbering", lua_pushfstring(L, "'%s' is not page or document", numbering));
    style = lb_doc_style_named(L, d, 2, "style", "footnote");
    if (d->note_count > 0 || layout_doc_set_footnotes(d->layout, style, per_page) != 0)
        return luaL_error(L, "%s: %s", lb_funcname(L),
                          d->note_count > 0 ? "footnotes are numbered before the first one is added"
                                            : layout_doc_errmsg(d->layout));
    d->notes_per_page = per_page;
    return 0;
}

/* d:remaining() -> points, page: the room left on the last page below
 * what the document has so far (layout_doc_remaining), and that page,
 * counted from 1. */
static int m_remaining(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);   /* it lays the document out: not while drawing */
    double pt;
    int page;
    if (layout_doc_remaining(d->layout, &pt, &page) != 0) return lb_doc_layout_error(L, d);
    lua_pushnumber(L, pt);
    lua_pushinteger(L, page + 1);
    return 2;
}

/* ---- the module ---------------------------------------------------------- */

static const lb_func doc_methods[] = {
    {"style", m_style}, {"heading", m_heading}, {"paragraph", m_paragraph}, {"list", m_list},
    {"table", lb_doc_table}, {"chart", lb_doc_chart}, {"image", lb_doc_image}, {"rule", m_rule},
    {"space", m_space}, {"page_break", m_page_break}, {"toc", m_toc}, {"header", lb_doc_header},
    {"footer", lb_doc_footer}, {"save", lb_doc_save}, {"close", m_close}, {"warnings", m_warnings}, {"remaining", m_remaining},
    {"footnotes", m_footnotes}, {"columns", m_columns},
    {NULL, NULL}
};

int lb_open_doc(lua_State *L)
{
    static const lb_func funcs[] = {{"new", doc_new}, {NULL, NULL}};
    luaL_newmetatable(L, LB_DOC_MT);                        /* mt */
    lb_methods_new(L, "doc", doc_methods);                  /* mt methods */
    lua_setfield(L, -2, "__index");                         /* mt */
    lua_pushcfunction(L, doc_gc);                           /* mt gc */
    lua_pushvalue(L, -1);                                   /* mt gc gc */
    lua_setfield(L, -3, "__gc");                            /* mt gc */
    lua_setfield(L, -2, "__close");                         /* mt */
    lua_pushliteral(L, "brief.doc");
    lua_setfield(L, -2, "__name");
    lua_pushliteral(L, "protected");                        /* mt p */
    lua_setfield(L, -2, "__metatable");                     /* mt: a script may not reach __gc */
    lua_pop(L, 1);                                          /* */
    lb_doc_open_page(L);
    lb_module_new(L, "doc", funcs);                         /* mod */
    return 1;
}
