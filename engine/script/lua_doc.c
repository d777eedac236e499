/* lua_doc.c — brief.doc: documents written from Lua, a thin binding over
 * layout.h and layout_blocks.h (styles, headings, paragraphs, lists,
 * tables, charts, images, rules, space, page breaks, a table of contents,
 * header and footer functions) saved through pdf.h as a script output.
 *
 * Page geometry is in millimetres (page, margins, column and image widths,
 * positions in header and footer functions, measured from the page's top
 * left corner); type in points (sizes, spacing, line pitch, rule weight).
 * The fonts are loaded once per run, on the first brief.doc.new, and kept
 * in the registry. Every C allocation lives in a userdata with __gc, so a
 * Lua error never leaks; a header or footer function runs under lua_pcall
 * inside layout_doc_render, and its error is raised again once rendering
 * has stopped and its C state is released. */
#include "script/lua_brief.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "fonts/fonts.h"
#include "layout/layout.h"
#include "layout/layout_blocks.h"
#include "pdf/pdf.h"

#define MM_PT (72.0 / 25.4)
#define DOC_MT "brief.doc"
#define PAGE_MT "brief.page"
#define FONTS_MT "brief.fonts"
#define PDF_MT "brief.pdf"
#define FONTS_KEY "brief.doc.fonts"

/* uservalues of a document */
#define UV_FONTS 1
#define UV_HEADER 2
#define UV_FOOTER 3

enum { INFO_TITLE, INFO_AUTHOR, INFO_SUBJECT, INFO_KEYWORDS, INFO_COUNT };

typedef struct ldoc {
    layout_doc *layout;        /* NULL once closed */
    pdf_doc *probe;            /* reads image sizes; created on first use */
    const fonts *fonts;        /* the run's, kept alive by uservalue UV_FONTS */
    char *info[INFO_COUNT];
    unsigned derived;          /* styles made for one block's options */
    int last_derived;          /* the last of them (-1: none), reused when */
    layout_style last_style;   /* the next block asks for the same */
    char last_role[64];
    int drawing;               /* inside layout_doc_render: no changes */
    double header_mm;          /* header baseline, from the top edge */
    double footer_mm;          /* footer baseline, from the top edge */
} ldoc;

typedef struct lpage {
    layout_page *page;         /* NULL outside its callback */
    layout_doc *layout;
    int style;                 /* "header" or "footer" */
    int number, count;
    double header_mm, footer_mm;   /* baselines, from the top edge */
} lpage;

typedef struct lfonts { fonts *f; } lfonts;
typedef struct lpdf { pdf_doc *pdf; } lpdf;

/* ---- argument checks ---------------------------------------------------
 * Methods are named "doc:paragraph" and count their arguments as the
 * script sees them (self not counted), as luaL_argerror does for methods. */

static int shown_arg(lua_State *L, int idx)
{
    return strchr(lb_funcname(L), ':') ? idx - 1 : idx;
}

static int arg_error(lua_State *L, int idx, const char *msg)
{
    return luaL_error(L, "bad argument #%d to '%s' (%s)", shown_arg(L, idx), lb_funcname(L), msg);
}

static int type_error(lua_State *L, int idx, const char *expected)
{
    return arg_error(L, idx, lua_pushfstring(L, "%s expected, got %s", expected, luaL_typename(L, idx)));
}

static const char *check_str(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TSTRING && lua_type(L, idx) != LUA_TNUMBER) type_error(L, idx, "string");
    return lua_tostring(L, idx);
}

static double check_num(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TNUMBER) type_error(L, idx, "number");
    return lua_tonumber(L, idx);
}

/* 1 when idx is a table, 0 when absent or nil; raises otherwise. */
static int opt_table(lua_State *L, int idx)
{
    if (lua_isnoneornil(L, idx)) return 0;
    if (lua_type(L, idx) != LUA_TTABLE) type_error(L, idx, "table");
    return 1;
}

static int field_error(lua_State *L, int idx, const char *field, const char *msg)
{
    return arg_error(L, idx, lua_pushfstring(L, "field '%s': %s", field, msg));
}

/* Pushes options[field] (nil when there is no options table) and returns
 * its type. */
static int get_field(lua_State *L, int idx, const char *field)
{
    if (lua_type(L, idx) != LUA_TTABLE) {
        lua_pushnil(L);
        return LUA_TNIL;
    }
    return lua_getfield(L, idx, field);
}

static double f_number(lua_State *L, int idx, const char *field, double def)
{
    double v = def;
    int t = get_field(L, idx, field);
    if (t == LUA_TNUMBER) v = lua_tonumber(L, -1);
    else if (t != LUA_TNIL)
        field_error(L, idx, field, lua_pushfstring(L, "number expected, got %s", luaL_typename(L, -1)));
    lua_pop(L, 1);
    return v;
}

/* A length or size that must not be negative. */
static double f_length(lua_State *L, int idx, const char *field, double def)
{
    double v = f_number(L, idx, field, def);
    if (!(v >= 0) || v > 1e5) field_error(L, idx, field, "a number >= 0 expected");
    return v;
}

/* The string stays valid while the options table is on the stack. */
static const char *f_string(lua_State *L, int idx, const char *field, const char *def)
{
    const char *s = def;
    int t = get_field(L, idx, field);
    if (t == LUA_TSTRING) s = lua_tostring(L, -1);
    else if (t != LUA_TNIL)
        field_error(L, idx, field, lua_pushfstring(L, "string expected, got %s", luaL_typename(L, -1)));
    lua_pop(L, 1);
    return s;
}

static int f_bool(lua_State *L, int idx, const char *field, int def)
{
    int v = def, t = get_field(L, idx, field);
    if (t == LUA_TBOOLEAN) v = lua_toboolean(L, -1);
    else if (t != LUA_TNIL)
        field_error(L, idx, field, lua_pushfstring(L, "boolean expected, got %s", luaL_typename(L, -1)));
    lua_pop(L, 1);
    return v;
}

static int parse_color(const char *s, pdf_color *out)
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

/* A colour field "#rrggbb"; returns 1 when present, 0 when absent, and -1
 * when it is false (no colour: an unfilled header row). */
static int f_color(lua_State *L, int idx, const char *field, pdf_color *out)
{
    int t = get_field(L, idx, field), rc = 0;
    if (t == LUA_TBOOLEAN && !lua_toboolean(L, -1)) rc = -1;
    else if (t == LUA_TSTRING) {
        if (parse_color(lua_tostring(L, -1), out) != 0)
            field_error(L, idx, field, lua_pushfstring(L, "'%s' is not a colour \"#rrggbb\"", lua_tostring(L, -1)));
        rc = 1;
    } else if (t != LUA_TNIL)
        field_error(L, idx, field, lua_pushfstring(L, "colour \"#rrggbb\" expected, got %s", luaL_typename(L, -1)));
    lua_pop(L, 1);
    return rc;
}

static int parse_align(const char *s, layout_align *out)
{
    if (strcmp(s, "left") == 0) *out = LAYOUT_ALIGN_LEFT;
    else if (strcmp(s, "center") == 0 || strcmp(s, "centre") == 0) *out = LAYOUT_ALIGN_CENTER;
    else if (strcmp(s, "right") == 0) *out = LAYOUT_ALIGN_RIGHT;
    else if (strcmp(s, "justify") == 0) *out = LAYOUT_ALIGN_JUSTIFY;
    else return -1;
    return 0;
}

static void f_align(lua_State *L, int idx, const char *field, layout_align *out)
{
    const char *s = f_string(L, idx, field, NULL);
    if (s && parse_align(s, out) != 0)
        field_error(L, idx, field, lua_pushfstring(L, "'%s' is not left, center, right or justify", s));
}

/* Raises on a key of the options table at idx not in known (a typo such
 * as {szie = 12} would otherwise be silently ignored). */
static void check_fields(lua_State *L, int idx, const char *const *known)
{
    if (lua_type(L, idx) != LUA_TTABLE) return;
    lua_pushnil(L);                                         /* nil */
    while (lua_next(L, idx)) {                              /* key value */
        const char *const *k;
        int ok = 0;
        if (lua_type(L, -2) == LUA_TSTRING)
            for (k = known; *k && !ok; k++) ok = strcmp(*k, lua_tostring(L, -2)) == 0;
        if (!ok) {
            luaL_Buffer b;
            luaL_buffinit(L, &b);                           /* key value buf */
            for (k = known; *k; k++) {
                if (k != known) luaL_addstring(&b, ", ");
                luaL_addstring(&b, *k);
            }
            luaL_pushresult(&b);                            /* key value list */
            lua_pushvalue(L, -3);                           /* key value list key */
            {
                /* One after the other: C leaves the order of arguments open. */
                const char *key = luaL_tolstring(L, -1, NULL); /* key value list key keystr */
                const char *list = lua_tostring(L, -3);
                arg_error(L, idx, lua_pushfstring(L, "unknown option '%s' (known: %s)", key, list));
            }
        }
        lua_pop(L, 1);                                      /* key */
    }
}

/* ---- the fonts of the run ------------------------------------------------ */

static int fonts_gc(lua_State *L)
{
    lfonts *lf = luaL_checkudata(L, 1, FONTS_MT);
    fonts_destroy(lf->f);
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
    if (luaL_newmetatable(L, FONTS_MT)) {                   /* fonts mt */
        lua_pushcfunction(L, fonts_gc);                     /* fonts mt gc */
        lua_setfield(L, -2, "__gc");                        /* fonts mt */
        lua_pushliteral(L, "protected");                    /* fonts mt p */
        lua_setfield(L, -2, "__metatable");                 /* fonts mt */
    }
    lua_setmetatable(L, -2);                                /* fonts */
    lf->f = fonts_create(NULL, err, sizeof err);
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
    for (i = 0; i < INFO_COUNT; i++) {
        free(d->info[i]);
        d->info[i] = NULL;
    }
}

static int doc_gc(lua_State *L)
{
    ldoc *d = luaL_checkudata(L, 1, DOC_MT);
    if (!d->drawing) doc_release(d);
    return 0;
}

/* The document of a method; changing: it is about to be changed, which a
 * header or footer function (running while it is drawn) may not do. */
static ldoc *check_doc(lua_State *L, int changing)
{
    ldoc *d = luaL_testudata(L, 1, DOC_MT);
    if (!d) type_error(L, 1, "brief.doc");
    if (!d->layout) luaL_error(L, "%s: the document is closed", lb_funcname(L));
    if (d->drawing && changing)
        luaL_error(L, "%s: the document cannot change while it is drawn (in a header or footer function)",
                   lb_funcname(L));
    return d;
}

/* A failure of the layout module on a block: the options were valid Lua
 * but describe something that cannot be set (a table wider than the
 * page): that is a mistake in the script, so it raises. */
static int layout_error(lua_State *L, ldoc *d)
{
    return luaL_error(L, "%s: %s", lb_funcname(L), layout_doc_errmsg(d->layout));
}

static int style_id(lua_State *L, ldoc *d, int idx, const char *field, const char *name)
{
    int id = layout_style_find(d->layout, name);
    if (id < 0) {
        if (field) field_error(L, idx, field, lua_pushfstring(L, "no style '%s' (define it with doc:style)", name));
        else arg_error(L, idx, lua_pushfstring(L, "no style '%s' (define it with doc:style)", name));
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
    font = f_string(L, idx, "font", NULL);
    if (font) {
        if (fonts_role(d->fonts, font) < 0)
            field_error(L, idx, "font", lua_pushfstring(L, "no font role '%s' in fonts/roles.conf", font));
        s->font_role = font;
    }
    s->size_pt = f_number(L, idx, "size", s->size_pt);
    if (!(s->size_pt > 0 && s->size_pt < 1000)) field_error(L, idx, "size", "a size in points in (0, 1000) expected");
    f_color(L, idx, "color", &s->color);
    f_align(L, idx, "align", &s->align);
    s->indent_chars = f_length(L, idx, "indent", s->indent_chars);
    s->left_indent_chars = f_length(L, idx, "left_indent", s->left_indent_chars);
    s->space_before_pt = f_length(L, idx, "space_before", s->space_before_pt);
    s->space_after_pt = f_length(L, idx, "space_after", s->space_after_pt);
    s->line_pitch_pt = f_length(L, idx, "line_pitch", s->line_pitch_pt);
    s->grid_pitch_pt = f_length(L, idx, "grid_pitch", s->grid_pitch_pt);
    s->keep_with_next = f_bool(L, idx, "keep_with_next", s->keep_with_next);
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

/* The style of a block: options.style (or def), with any style fields of
 * the options applied to a copy made for this block. */
static int block_style(lua_State *L, ldoc *d, int idx, const char *def)
{
    const char *name = f_string(L, idx, "style", def);
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
    if (id < 0) layout_error(L, d);
    d->last_derived = id;
    d->last_style = s;
    snprintf(d->last_role, sizeof d->last_role, "%s", s.font_role);
    return id;
}

/* A style named by options[field] (or def), as it is. */
static int block_style_named(lua_State *L, ldoc *d, int idx, const char *field, const char *def)
{
    return style_id(L, d, idx, field, f_string(L, idx, field, def));
}

/* ---- brief.doc.new ---------------------------------------------------- */

/* Styles brief.doc adds to layout's own for its tables and charts. */
static int add_block_styles(layout_doc *layout)
{
    layout_style s;
    int bad = 0;
    layout_style_init(&s);
    s.font_role = "sans";
    s.size_pt = 10.5;           /* 五号, the usual size of tables in 公文 */
    s.align = LAYOUT_ALIGN_LEFT;
    s.line_pitch_pt = 15;
    bad |= layout_style_set(layout, "table", &s) < 0;
    s.font_role = "heading";
    s.align = LAYOUT_ALIGN_CENTER;
    bad |= layout_style_set(layout, "table_header", &s) < 0;
    layout_style_init(&s);
    s.font_role = "sans";
    s.size_pt = 9;
    s.align = LAYOUT_ALIGN_CENTER;
    s.line_pitch_pt = 12;
    bad |= layout_style_set(layout, "chart", &s) < 0;
    s.font_role = "heading";
    s.size_pt = 11;
    s.line_pitch_pt = 20;
    bad |= layout_style_set(layout, "chart_title", &s) < 0;
    return bad ? -1 : 0;
}

static int doc_new(lua_State *L)
{
    static const char *const known[] = {
        "title", "author", "subject", "keywords", "page", "margins", "grid", NULL
    };
    static const char *const margin_fields[] = {"top", "bottom", "left", "right", "header", "footer", NULL};
    static const char *const info_fields[INFO_COUNT] = {"title", "author", "subject", "keywords"};
    layout_page_setup setup;
    lfonts *lf;
    ldoc *d;
    char err[512];
    int i;

    opt_table(L, 1);
    check_fields(L, 1, known);
    lua_settop(L, 1);                                       /* opts */

    /* the page: a name, or {width=, height=} in millimetres */
    layout_page_setup_named("A4", &setup);
    if (get_field(L, 1, "page") == LUA_TSTRING) {           /* opts page */
        const char *name = lua_tostring(L, -1);
        if (strcasecmp(name, "GBT9704") == 0) layout_page_setup_gbt9704(&setup);
        else if (layout_page_setup_named(name, &setup) != 0)
            field_error(L, 1, "page", lua_pushfstring(L, "unknown page size '%s' (A4, A5, LETTER, GBT9704 "
                                                         "or {width=, height=} in mm)", name));
    } else if (lua_type(L, -1) == LUA_TTABLE) {
        int t = lua_absindex(L, -1);
        double w = f_number(L, t, "width", 0), h = f_number(L, t, "height", 0);
        if (!(w >= 50 && w <= 2000 && h >= 50 && h <= 2000))
            field_error(L, 1, "page", "width and height in mm, 50 to 2000, expected");
        setup.width_mm = w;
        setup.height_mm = h;
    } else if (!lua_isnil(L, -1)) {
        field_error(L, 1, "page", lua_pushfstring(L, "name or table expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* opts */
    if (get_field(L, 1, "margins") == LUA_TTABLE) {         /* opts margins */
        int t = lua_absindex(L, -1);
        double *dst[] = {&setup.margin_top_mm, &setup.margin_bottom_mm, &setup.margin_left_mm,
                         &setup.margin_right_mm, &setup.header_mm, &setup.footer_mm};
        for (i = 0; margin_fields[i]; i++) {
            double v = f_number(L, t, margin_fields[i], *dst[i]);
            if (!(v >= 0 && v < 1000))
                field_error(L, 1, "margins", lua_pushfstring(L, "%s: millimetres >= 0 expected", margin_fields[i]));
            *dst[i] = v;
        }
        check_fields(L, t, margin_fields);
    } else if (!lua_isnil(L, -1)) {
        field_error(L, 1, "margins", lua_pushfstring(L, "table expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* opts */

    lf = push_fonts(L);                                     /* opts fonts */
    d = lua_newuserdatauv(L, sizeof *d, 3);                 /* opts fonts doc */
    memset(d, 0, sizeof *d);
    d->last_derived = -1;
    luaL_setmetatable(L, DOC_MT);
    lua_pushvalue(L, -2);                                   /* opts fonts doc fonts */
    lua_setiuservalue(L, -2, UV_FONTS);                     /* opts fonts doc */
    d->fonts = lf->f;
    d->header_mm = setup.header_mm;
    d->footer_mm = setup.height_mm - setup.footer_mm;
    d->layout = layout_doc_create(d->fonts, &setup, err, sizeof err);
    if (!d->layout) return luaL_error(L, "%s: %s", lb_funcname(L), err);
    if (add_block_styles(d->layout) != 0) return layout_error(L, d);
    for (i = 0; i < INFO_COUNT; i++) {
        const char *s = f_string(L, 1, info_fields[i], NULL);
        if (s && !(d->info[i] = strdup(s))) return luaL_error(L, "%s: out of memory", lb_funcname(L));
    }

    /* GB/T 9704 §5.2.2: the text on a grid of so many characters a line
     * and lines a page (28 × 22 for 三号 text on A4) */
    if (get_field(L, 1, "grid") == LUA_TTABLE) {            /* opts fonts doc grid */
        int t = lua_absindex(L, -1);
        double chars = f_number(L, t, "chars", 0), lines = f_number(L, t, "lines", 0);
        double measure = (setup.width_mm - setup.margin_left_mm - setup.margin_right_mm) * MM_PT;
        double height = (setup.height_mm - setup.margin_top_mm - setup.margin_bottom_mm) * MM_PT;
        static const char *const grid_fields[] = {"chars", "lines", NULL};
        const char *names[] = {"body", "list"};
        check_fields(L, t, grid_fields);
        if (!(chars >= 1 && chars <= 200 && lines >= 1 && lines <= 200))
            field_error(L, 1, "grid", "{chars=, lines=} (1 to 200 each) expected");
        for (i = 0; i < 2; i++) {
            layout_style s;
            int id = layout_style_find(d->layout, names[i]);
            layout_style_get(d->layout, id, &s);
            s.grid_pitch_pt = measure / chars;
            s.line_pitch_pt = height / lines;
            if (layout_style_set(d->layout, names[i], &s) < 0) return layout_error(L, d);
        }
    } else if (!lua_isnil(L, -1)) {
        field_error(L, 1, "grid", lua_pushfstring(L, "table expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* opts fonts doc */
    return 1;
}

/* ---- methods: styles and text ------------------------------------------ */

static int m_style(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    const char *name = check_str(L, 2);
    static const char *const known[] = {
        "based_on", "font", "size", "color", "align", "indent", "left_indent", "space_before",
        "space_after", "line_pitch", "grid_pitch", "keep_with_next", NULL
    };
    layout_style s;
    int id;
    opt_table(L, 3);
    check_fields(L, 3, known);
    lua_settop(L, 3);
    if (!*name) arg_error(L, 2, "a style name expected");
    id = layout_style_find(d->layout, name);
    if (id >= 0) {
        layout_style_get(d->layout, id, &s);     /* changes only the fields given */
    } else {
        const char *base = f_string(L, 3, "based_on", NULL);
        if (base) layout_style_get(d->layout, style_id(L, d, 3, "based_on", base), &s);
        else layout_style_init(&s);
    }
    apply_style_fields(L, d, 3, &s);
    if (layout_style_set(d->layout, name, &s) < 0) return layout_error(L, d);
    return 0;
}

static int m_heading(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    const char *text = check_str(L, 2);
    static const char *const known[] = {
        "level", "style", "font", "size", "color", "align", "indent", "left_indent", "space_before",
        "space_after", "line_pitch", "grid_pitch", "keep_with_next", NULL
    };
    double level;
    char def[16];
    int style;
    opt_table(L, 3);
    check_fields(L, 3, known);
    lua_settop(L, 3);
    level = f_number(L, 3, "level", 1);
    if (!(level >= 1 && level <= 9) || level != (int)level) field_error(L, 3, "level", "an integer 1 to 9 expected");
    /* heading1..heading3 exist; deeper levels use heading3 unless defined */
    snprintf(def, sizeof def, "heading%d", (int)level);
    if (layout_style_find(d->layout, def) < 0) snprintf(def, sizeof def, "heading3");
    style = block_style(L, d, 3, def);
    if (layout_heading_add(d->layout, style, (int)level, text) < 0) return layout_error(L, d);
    return 0;
}

static const char *const para_fields[] = {
    "style", "font", "size", "color", "align", "indent", "left_indent", "space_before",
    "space_after", "line_pitch", "grid_pitch", "keep_with_next", NULL
};

static int m_paragraph(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    const char *text = check_str(L, 2);
    int style;
    opt_table(L, 3);
    check_fields(L, 3, para_fields);
    lua_settop(L, 3);
    style = block_style(L, d, 3, "body");
    if (layout_para_add(d->layout, style, text) < 0) return layout_error(L, d);
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
    ldoc *d = check_doc(L, 1);
    static const char *const known[] = {
        "ordered", "marker", "start", "style", "font", "size", "color", "align", "indent",
        "left_indent", "space_before", "space_after", "line_pitch", "grid_pitch", "keep_with_next", NULL
    };
    const char *marker;
    int ordered, style;
    double start;
    lua_Integer i, n;
    if (lua_type(L, 2) != LUA_TTABLE) type_error(L, 2, "table");
    opt_table(L, 3);
    check_fields(L, 3, known);
    lua_settop(L, 3);
    ordered = f_bool(L, 3, "ordered", 0);
    marker = f_string(L, 3, "marker", ordered ? "%d." : "\xE2\x80\xA2");   /* "•" */
    start = f_number(L, 3, "start", 1);
    if (start != (lua_Integer)start) field_error(L, 3, "start", "an integer expected");
    style = block_style(L, d, 3, "list");
    n = (lua_Integer)lua_rawlen(L, 2);
    for (i = 1; i <= n; i++) {
        char mark[128];
        const char *text;
        lua_rawgeti(L, 2, i);                               /* ... item */
        if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)
            arg_error(L, 2, lua_pushfstring(L, "item %d: string expected, got %s", (int)i, luaL_typename(L, -1)));
        text = lua_tostring(L, -1);
        list_marker(marker, (long)(start + (double)(i - 1)), mark, sizeof mark);
        if (layout_list_item_add(d->layout, style, ordered || strstr(marker, "%d") == NULL ? mark : marker,
                                 text) < 0)
            return layout_error(L, d);
        lua_pop(L, 1);                                      /* ... */
    }
    return 0;
}

/* ---- methods: tables, charts, images ------------------------------------ */

/* Cell text of the value on top: strings as they are, numbers as Lua
 * writes them; pushed into the anchor table at anchor_idx so that the
 * pointer stays valid; the value is popped. */
static const char *cell_text(lua_State *L, int anchor_idx, lua_Integer *anchored, int idx,
                             const char *what, lua_Integer row, lua_Integer col)
{
    int t = lua_type(L, -1);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    if (t != LUA_TSTRING && t != LUA_TNUMBER) {
        const char *got = luaL_typename(L, -1);
        if (row > 0)
            field_error(L, idx, what, lua_pushfstring(L, "row %d, column %d: string or number expected, got %s",
                                                     (int)row, (int)col, got));
        field_error(L, idx, what, lua_pushfstring(L, "item %d: string or number expected, got %s", (int)col, got));
    }
    luaL_tolstring(L, -1, NULL);                            /* ... value text */
    lua_remove(L, -2);                                      /* ... text */
    lua_rawseti(L, anchor_idx, ++*anchored);                /* ... */
    lua_rawgeti(L, anchor_idx, *anchored);                  /* ... text */
    {
        const char *s = lua_tostring(L, -1);
        lua_pop(L, 1);                                      /* ... (the anchor keeps it) */
        return s;
    }
}

static int m_table(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    static const char *const known[] = {
        "columns", "header", "rows", "footer", "striped", "style", "header_style", "width", "align", "padding",
        "border", "border_color", "header_fill", "stripe_fill", "space_before", "space_after", NULL
    };
    static const char *const column_fields[] = {"width", "share", "align", NULL};
    layout_table_spec spec;
    layout_table_column *cols;
    const char **cells;
    size_t ncol = 0, nrow, r, c;
    lua_Integer anchored = 0, body_rows;
    int has_header, has_footer, anchor, rc;

    if (lua_type(L, 2) != LUA_TTABLE) type_error(L, 2, "table");
    check_fields(L, 2, known);
    lua_settop(L, 2);
    layout_table_spec_init(&spec);
    lua_getfield(L, 2, "columns");                          /* columns */
    lua_getfield(L, 2, "header");                           /* columns header */
    lua_getfield(L, 2, "rows");                             /* columns header rows */
    lua_getfield(L, 2, "footer");                           /* columns header rows footer */
    if (!lua_isnil(L, 3) && !lua_istable(L, 3)) field_error(L, 2, "columns", "table expected");
    if (!lua_isnil(L, 4) && !lua_istable(L, 4)) field_error(L, 2, "header", "table of strings expected");
    if (!lua_istable(L, 5)) field_error(L, 2, "rows", "table of rows expected");
    if (!lua_isnil(L, 6) && !lua_istable(L, 6)) field_error(L, 2, "footer", "table of strings expected");
    has_header = lua_istable(L, 4);
    has_footer = lua_istable(L, 6);
    body_rows = (lua_Integer)lua_rawlen(L, 5);
    if (lua_istable(L, 3)) ncol = lua_rawlen(L, 3);
    else if (has_header) ncol = lua_rawlen(L, 4);
    else if (body_rows > 0 && lua_rawgeti(L, 5, 1) == LUA_TTABLE) ncol = lua_rawlen(L, -1);
    lua_settop(L, 6);
    if (ncol == 0 || ncol > 200) field_error(L, 2, "columns", "1 to 200 columns expected");
    if (!has_header && body_rows == 0) field_error(L, 2, "rows", "at least one row expected");

    /* C arrays in userdata: collected whatever raises below */
    cols = lua_newuserdatauv(L, ncol * sizeof *cols, 0);    /* ... cols */
    nrow = (size_t)body_rows + (has_header ? 1 : 0) + (has_footer ? 1 : 0);
    if (nrow > 100000) field_error(L, 2, "rows", "at most 100000 rows");
    cells = lua_newuserdatauv(L, nrow * ncol * sizeof *cells, 0);  /* ... cols cells */
    lua_createtable(L, (int)(nrow * ncol), 0);              /* ... cols cells anchor */
    anchor = lua_gettop(L);
    for (c = 0; c < ncol; c++) {
        cols[c] = (layout_table_column){0, 0, LAYOUT_ALIGN_LEFT};
        if (!lua_istable(L, 3)) continue;
        lua_rawgeti(L, 3, (lua_Integer)c + 1);              /* ... col */
        if (lua_istable(L, -1)) {
            int t = lua_absindex(L, -1);
            check_fields(L, t, column_fields);
            cols[c].width_mm = f_length(L, t, "width", 0);
            cols[c].share = f_length(L, t, "share", 0);
            f_align(L, t, "align", &cols[c].align);
        } else if (!lua_isnil(L, -1)) {
            field_error(L, 2, "columns", lua_pushfstring(L, "column %d: table {width=, share=, align=} expected",
                                                        (int)c + 1));
        }
        lua_pop(L, 1);                                      /* ... */
    }
    for (r = 0; r < nrow; r++) {
        int row_idx;
        int is_header = has_header && r == 0, is_footer = has_footer && r + 1 == nrow;
        lua_Integer shown = is_header || is_footer ? 0 : has_header ? (lua_Integer)r : (lua_Integer)r + 1;
        const char *field = is_header ? "header" : is_footer ? "footer" : "rows";
        if (is_header) lua_pushvalue(L, 4);                 /* ... row */
        else if (is_footer) lua_pushvalue(L, 6);
        else lua_rawgeti(L, 5, (lua_Integer)(has_header ? r : r + 1));
        if (!lua_istable(L, -1))
            field_error(L, 2, "rows", lua_pushfstring(L, "row %d: table expected, got %s", (int)shown,
                                                     luaL_typename(L, -1)));
        row_idx = lua_gettop(L);
        if (lua_rawlen(L, row_idx) > ncol) {
            if (is_header || is_footer)
                field_error(L, 2, field, lua_pushfstring(L, "%d cells for %d columns",
                                                        (int)lua_rawlen(L, row_idx), (int)ncol));
            field_error(L, 2, "rows", lua_pushfstring(L, "row %d has %d cells for %d columns", (int)shown,
                                                     (int)lua_rawlen(L, row_idx), (int)ncol));
        }
        for (c = 0; c < ncol; c++) {
            lua_rawgeti(L, row_idx, (lua_Integer)c + 1);    /* ... row cell */
            cells[r * ncol + c] = cell_text(L, anchor, &anchored, 2, field, shown, (lua_Integer)c + 1);
        }
        lua_pop(L, 1);                                      /* ... */
    }
    spec.columns = cols;
    spec.column_count = ncol;
    spec.header = has_header;
    spec.footer = has_footer;
    spec.style = block_style_named(L, d, 2, "style", "table");
    spec.header_style = block_style_named(L, d, 2, "header_style", "table_header");
    spec.width_mm = f_length(L, 2, "width", 0);
    f_align(L, 2, "align", &spec.align);
    spec.padding_pt = f_length(L, 2, "padding", spec.padding_pt);
    spec.border_pt = f_length(L, 2, "border", spec.border_pt);
    f_color(L, 2, "border_color", &spec.border_color);
    if (f_color(L, 2, "header_fill", &spec.header_fill) < 0) spec.header_filled = 0;
    spec.striped = f_bool(L, 2, "striped", 0);
    f_color(L, 2, "stripe_fill", &spec.stripe_fill);
    spec.space_before_pt = f_length(L, 2, "space_before", spec.space_before_pt);
    spec.space_after_pt = f_length(L, 2, "space_after", spec.space_after_pt);
    rc = layout_table_add(d->layout, &spec, cells, nrow);
    if (rc < 0) return layout_error(L, d);
    return 0;
}

/* Numbers of the array at field of the options at idx into a new userdata
 * (pushed); their count in *n. */
static double *number_array(lua_State *L, int idx, const char *field, size_t *n)
{
    double *v;
    size_t i;
    if (get_field(L, idx, field) != LUA_TTABLE)             /* arr */
        field_error(L, idx, field, lua_pushfstring(L, "table of numbers expected, got %s", luaL_typename(L, -1)));
    *n = lua_rawlen(L, -1);
    if (*n == 0 || *n > 10000) field_error(L, idx, field, "1 to 10000 numbers expected");
    v = lua_newuserdatauv(L, *n * sizeof *v, 0);            /* arr values */
    for (i = 0; i < *n; i++) {
        if (lua_rawgeti(L, -2, (lua_Integer)i + 1) != LUA_TNUMBER)  /* arr values x */
            field_error(L, idx, field, lua_pushfstring(L, "item %d: number expected, got %s", (int)i + 1,
                                                      luaL_typename(L, -1)));
        v[i] = lua_tonumber(L, -1);
        lua_pop(L, 1);                                      /* arr values */
    }
    lua_remove(L, -2);                                      /* values */
    return v;
}

static int m_chart(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    static const char *const known[] = {
        "kind", "title", "labels", "values", "width", "height", "color", "colors", "show_values",
        "style", "title_style", "space_before", "space_after", NULL
    };
    layout_chart_spec spec;
    const char *kind, **labels;
    pdf_color *palette = NULL;
    size_t n, i, np = 0;
    int anchor;
    lua_Integer anchored = 0;

    if (lua_type(L, 2) != LUA_TTABLE) type_error(L, 2, "table");
    check_fields(L, 2, known);
    lua_settop(L, 2);
    layout_chart_spec_init(&spec);
    kind = f_string(L, 2, "kind", "bar");
    if (strcmp(kind, "bar") == 0) spec.kind = LAYOUT_CHART_BAR;
    else if (strcmp(kind, "line") == 0) spec.kind = LAYOUT_CHART_LINE;
    else if (strcmp(kind, "pie") == 0) spec.kind = LAYOUT_CHART_PIE;
    else field_error(L, 2, "kind", lua_pushfstring(L, "'%s' is not bar, line or pie", kind));
    spec.values = number_array(L, 2, "values", &n);         /* values */
    spec.count = n;
    labels = lua_newuserdatauv(L, n * sizeof *labels, 0);   /* values labels */
    lua_createtable(L, (int)n, 0);                          /* values labels anchor */
    anchor = lua_gettop(L);
    if (get_field(L, 2, "labels") == LUA_TTABLE) {          /* ... arr */
        if (lua_rawlen(L, -1) != n)
            field_error(L, 2, "labels", lua_pushfstring(L, "%d labels for %d values", (int)lua_rawlen(L, -1), (int)n));
        for (i = 0; i < n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);         /* ... arr label */
            labels[i] = cell_text(L, anchor, &anchored, 2, "labels", 0, (lua_Integer)i + 1);
        }
    } else if (lua_isnil(L, -1)) {
        for (i = 0; i < n; i++) labels[i] = NULL;
    } else {
        field_error(L, 2, "labels", lua_pushfstring(L, "table of strings expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* values labels anchor */
    spec.labels = labels;
    if (get_field(L, 2, "colors") == LUA_TTABLE) {          /* ... colors */
        np = lua_rawlen(L, -1);
        if (np == 0 || np > 256) field_error(L, 2, "colors", "1 to 256 colours expected");
        palette = lua_newuserdatauv(L, np * sizeof *palette, 0);  /* ... colors palette */
        for (i = 0; i < np; i++) {
            lua_rawgeti(L, -2, (lua_Integer)i + 1);         /* ... colors palette c */
            if (lua_type(L, -1) != LUA_TSTRING || parse_color(lua_tostring(L, -1), &palette[i]) != 0)
                field_error(L, 2, "colors", lua_pushfstring(L, "item %d: colour \"#rrggbb\" expected", (int)i + 1));
            lua_pop(L, 1);                                  /* ... colors palette */
        }
        lua_remove(L, -2);                                  /* ... palette */
    } else if (!lua_isnil(L, -1)) {
        field_error(L, 2, "colors", lua_pushfstring(L, "table expected, got %s", luaL_typename(L, -1)));
    } else {
        lua_pop(L, 1);
    }
    spec.palette = palette;
    spec.palette_count = np;
    spec.title = f_string(L, 2, "title", NULL);
    spec.width_mm = f_length(L, 2, "width", 0);
    spec.height_mm = f_length(L, 2, "height", 0);
    f_color(L, 2, "color", &spec.color);
    spec.show_values = f_bool(L, 2, "show_values", 1);
    spec.style = block_style_named(L, d, 2, "style", "chart");
    spec.title_style = block_style_named(L, d, 2, "title_style", "chart_title");
    spec.space_before_pt = f_length(L, 2, "space_before", spec.space_before_pt);
    spec.space_after_pt = f_length(L, 2, "space_after", spec.space_after_pt);
    if (layout_chart_add(d->layout, &spec) < 0) return layout_error(L, d);
    return 0;
}

/* An image that cannot be read raises, naming the file: a report that
 * silently lost a figure is worse than one that stops (pcall makes an
 * image optional). Relative paths are from the working directory, as
 * io.open's are. */
static int m_image(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    const char *path = lb_checkpath(L, 2);
    static const char *const known[] = {"width", "align", "space_before", "space_after", NULL};
    layout_image_spec spec;
    char err[512], resolved[4096];
    opt_table(L, 3);
    check_fields(L, 3, known);
    lua_settop(L, 3);
    layout_image_spec_init(&spec);
    spec.path = path;
    spec.width_mm = f_length(L, 3, "width", 0);
    f_align(L, 3, "align", &spec.align);
    spec.space_before_pt = f_length(L, 3, "space_before", spec.space_before_pt);
    spec.space_after_pt = f_length(L, 3, "space_after", spec.space_after_pt);
    /* A sandboxed script reads images only where it may read files. */
    if (lb_check_read(L, lb_funcname(L), path, resolved, sizeof resolved) != FSPOLICY_OK)
        return luaL_error(L, "%s: %s", lb_funcname(L), resolved);
    spec.path = resolved;
    if (!d->probe && !(d->probe = pdf_doc_create(d->fonts, err, sizeof err)))
        return luaL_error(L, "%s: %s", lb_funcname(L), err);
    pdf_doc_set_image_limit(d->probe, sandbox_memory_limit(sandbox_get(L)));
    if (pdf_image_size(d->probe, resolved, &spec.width_px, &spec.height_px) != 0)
        return luaL_error(L, "%s: %s", lb_funcname(L), pdf_doc_errmsg(d->probe));
    if (layout_image_add(d->layout, &spec) < 0) return layout_error(L, d);
    return 0;
}

static int m_rule(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    static const char *const known[] = {"thickness", "color", "space_before", "space_after", NULL};
    pdf_color color = {0, 0, 0};
    double thickness, before, after;
    opt_table(L, 2);
    check_fields(L, 2, known);
    lua_settop(L, 2);
    thickness = f_length(L, 2, "thickness", 0.75);
    if (!(thickness > 0)) field_error(L, 2, "thickness", "a weight in points > 0 expected");
    f_color(L, 2, "color", &color);
    before = f_length(L, 2, "space_before", 6);
    after = f_length(L, 2, "space_after", 6);
    if (layout_rule_add(d->layout, thickness, color, before, after) < 0) return layout_error(L, d);
    return 0;
}

static int m_space(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    double pt = check_num(L, 2);
    if (!(pt >= 0 && pt < 1e5)) arg_error(L, 2, "points >= 0 expected");
    if (layout_space_add(d->layout, pt) < 0) return layout_error(L, d);
    return 0;
}

static int m_page_break(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    if (layout_page_break_add(d->layout) < 0) return layout_error(L, d);
    return 0;
}

static int m_toc(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    static const char *const known[] = {"level", "style", NULL};
    double level;
    int style;
    opt_table(L, 2);
    check_fields(L, 2, known);
    lua_settop(L, 2);
    level = f_number(L, 2, "level", 2);
    if (!(level >= 1 && level <= 9) || level != (int)level) field_error(L, 2, "level", "an integer 1 to 9 expected");
    style = block_style_named(L, d, 2, "style", "toc");
    if (layout_toc_add(d->layout, style, (int)level) < 0) return layout_error(L, d);
    return 0;
}

static int set_page_function(lua_State *L, int slot)
{
    check_doc(L, 1);
    if (!lua_isnil(L, 2) && lua_type(L, 2) != LUA_TFUNCTION) type_error(L, 2, "function");
    lua_settop(L, 2);
    lua_setiuservalue(L, 1, slot);
    return 0;
}

static int m_header(lua_State *L) { return set_page_function(L, UV_HEADER); }
static int m_footer(lua_State *L) { return set_page_function(L, UV_FOOTER); }

/* ---- the page object of header and footer functions -------------------- */

static lpage *check_page(lua_State *L)
{
    lpage *p = luaL_testudata(L, 1, PAGE_MT);
    if (!p) type_error(L, 1, "page");
    if (!p->page) luaL_error(L, "%s: the page object is only valid inside its header or footer function",
                             lb_funcname(L));
    return p;
}

static double page_height_mm(const lpage *p)
{
    double h;
    layout_page_box(p->page, NULL, &h, NULL, NULL, NULL, NULL);
    return h / MM_PT;
}

/* p:text(x, y, text, {align=, style=}): one line with its baseline at y,
 * millimetres from the page's top-left corner. */
static int p_text(lua_State *L)
{
    lpage *p = check_page(L);
    double x = check_num(L, 2), y = check_num(L, 3);
    const char *text = check_str(L, 4);
    static const char *const known[] = {"align", "style", NULL};
    layout_align align = LAYOUT_ALIGN_LEFT;
    const char *name;
    int style = p->style;
    opt_table(L, 5);
    check_fields(L, 5, known);
    f_align(L, 5, "align", &align);
    name = f_string(L, 5, "style", NULL);
    if (name && (style = layout_style_find(p->layout, name)) < 0)
        field_error(L, 5, "style", lua_pushfstring(L, "no style '%s' (define it with doc:style)", name));
    if (layout_page_text(p->page, x * MM_PT, (page_height_mm(p) - y) * MM_PT, align, style, text) != 0)
        return luaL_error(L, "%s: %s", lb_funcname(L), layout_doc_errmsg(p->layout));
    return 0;
}

/* p:line(x1, y1, x2, y2, {thickness=, color=}), millimetres from the top left. */
static int p_line(lua_State *L)
{
    lpage *p = check_page(L);
    double x1 = check_num(L, 2), y1 = check_num(L, 3), x2 = check_num(L, 4), y2 = check_num(L, 5);
    static const char *const known[] = {"thickness", "color", NULL};
    pdf_color color = {0, 0, 0};
    double h = page_height_mm(p), thickness;
    opt_table(L, 6);
    check_fields(L, 6, known);
    thickness = f_length(L, 6, "thickness", 0.5);
    f_color(L, 6, "color", &color);
    if (layout_page_line(p->page, x1 * MM_PT, (h - y1) * MM_PT, x2 * MM_PT, (h - y2) * MM_PT, thickness, color) != 0)
        return luaL_error(L, "%s: %s", lb_funcname(L), layout_doc_errmsg(p->layout));
    return 0;
}

/* p.width, p.height; the text area p.left, p.right, p.top, p.bottom; the
 * header and footer baselines p.header, p.footer (all mm from the top
 * left); p.number, p.count; and the methods. */
static int p_index(lua_State *L)
{
    lpage *p = luaL_checkudata(L, 1, PAGE_MT);
    const char *key = luaL_checkstring(L, 2);
    double w, h, l, r, t, b;
    if (lua_getmetatable(L, 1) && lua_getfield(L, -1, "methods") == LUA_TTABLE  /* key mt methods */
        && lua_getfield(L, -1, key) != LUA_TNIL)                                 /* key mt methods m */
        return 1;
    if (!p->page) return luaL_error(L, "the page object is only valid inside its header or footer function");
    layout_page_box(p->page, &w, &h, &l, &r, &t, &b);
    lua_pushnil(L);
    if (strcmp(key, "number") == 0) lua_pushinteger(L, p->number);
    else if (strcmp(key, "count") == 0) lua_pushinteger(L, p->count);
    else if (strcmp(key, "width") == 0) lua_pushnumber(L, w / MM_PT);
    else if (strcmp(key, "height") == 0) lua_pushnumber(L, h / MM_PT);
    else if (strcmp(key, "left") == 0) lua_pushnumber(L, l / MM_PT);
    else if (strcmp(key, "right") == 0) lua_pushnumber(L, r / MM_PT);
    else if (strcmp(key, "top") == 0) lua_pushnumber(L, (h - t) / MM_PT);
    else if (strcmp(key, "bottom") == 0) lua_pushnumber(L, (h - b) / MM_PT);
    else if (strcmp(key, "header") == 0) lua_pushnumber(L, p->header_mm);
    else if (strcmp(key, "footer") == 0) lua_pushnumber(L, p->footer_mm);
    return 1;
}

/* ---- saving ------------------------------------------------------------ */

static int pdf_gc(lua_State *L)
{
    lpdf *h = luaL_checkudata(L, 1, PDF_MT);
    pdf_doc_destroy(h->pdf);
    h->pdf = NULL;
    return 0;
}

typedef struct trampoline {
    lua_State *L;
    int doc_idx;               /* the document on the stack of m_save */
    ldoc *d;
    int failed;                /* the error object is on top of the stack */
} trampoline;

/* Runs one page function (header or footer) under lua_pcall: a Lua error
 * must not longjmp through layout_doc_render. */
static int run_page_function(trampoline *tr, layout_page *page, int slot, int number, int count,
                             const char *style)
{
    lua_State *L = tr->L;
    lpage *p;
    int rc;
    if (lua_getiuservalue(L, tr->doc_idx, slot) != LUA_TFUNCTION) {  /* fn */
        lua_pop(L, 1);
        return 0;
    }
    lua_pushinteger(L, number);                             /* fn number */
    lua_pushinteger(L, count);                              /* fn number count */
    p = lua_newuserdatauv(L, sizeof *p, 0);                 /* fn number count p */
    p->page = page;
    p->layout = tr->d->layout;
    p->style = layout_style_find(tr->d->layout, style);
    p->number = number;
    p->count = count;
    p->header_mm = tr->d->header_mm;
    p->footer_mm = tr->d->footer_mm;
    luaL_setmetatable(L, PAGE_MT);
    lua_pushvalue(L, -1);                                   /* fn number count p p */
    lua_insert(L, -5);                                      /* p fn number count p */
    rc = lua_pcall(L, 3, 0, 0);                             /* p | p err */
    p->page = NULL;                                         /* kept by a script, it is dead now */
    if (rc != LUA_OK) {
        lua_remove(L, -2);                                  /* err */
        tr->failed = 1;
        return -1;
    }
    lua_pop(L, 1);                                          /* */
    return 0;
}

static int page_trampoline(layout_page *page, int number, int count, void *user)
{
    trampoline *tr = user;
    if (!lua_checkstack(tr->L, 8)) return -1;
    if (run_page_function(tr, page, UV_HEADER, number, count, "header") != 0) return -1;
    return run_page_function(tr, page, UV_FOOTER, number, count, "footer");
}

static int save_fail(lua_State *L, const char *msg)
{
    luaL_pushfail(L);
    lua_pushstring(L, msg);
    return 2;
}

/* d:save([path]) -> pages, bytes | nil, message. The path of -o wins;
 * the file appears only when the whole script succeeds (script.h). */
static int m_save(lua_State *L)
{
    ldoc *d = check_doc(L, 1);
    const char *requested = lb_optpath(L, 2);
    static const pdf_info_key keys[INFO_COUNT] = {PDF_INFO_TITLE, PDF_INFO_AUTHOR, PDF_INFO_SUBJECT,
                                                  PDF_INFO_KEYWORDS};
    char tmp[4096], err[1024];
    lpdf *h;
    trampoline tr;
    struct stat st;
    int rc, i, pages, has_fn;

    if (d->drawing) return luaL_error(L, "%s: the document is being drawn", lb_funcname(L));
    lua_settop(L, 2);
    /* what cannot be laid out (a table wider than the page) is a mistake
     * of the script: raised; what cannot be written is returned */
    if (layout_doc_run(d->layout) != 0) return layout_error(L, d);
    if (lb_output_begin(L, requested, tmp, sizeof tmp, err, sizeof err) != 0) return save_fail(L, err);
    h = lua_newuserdatauv(L, sizeof *h, 0);                 /* doc path pdf */
    h->pdf = NULL;
    if (luaL_newmetatable(L, PDF_MT)) {                     /* doc path pdf mt */
        lua_pushcfunction(L, pdf_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "protected");
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);                                /* doc path pdf */
    h->pdf = pdf_doc_create(d->fonts, err, sizeof err);
    if (!h->pdf) return save_fail(L, err);
    pdf_doc_set_image_limit(h->pdf, sandbox_memory_limit(sandbox_get(L)));
    for (i = 0; i < INFO_COUNT; i++)
        if (d->info[i] && pdf_doc_set_info(h->pdf, keys[i], d->info[i]) != 0)
            return save_fail(L, pdf_doc_errmsg(h->pdf));

    memset(&tr, 0, sizeof tr);
    tr.L = L;
    tr.doc_idx = 1;
    tr.d = d;
    has_fn = lua_getiuservalue(L, 1, UV_HEADER) == LUA_TFUNCTION;
    has_fn |= lua_getiuservalue(L, 1, UV_FOOTER) == LUA_TFUNCTION;
    lua_pop(L, 2);                                          /* doc path pdf */
    if (has_fn) layout_doc_set_page_fn(d->layout, page_trampoline, &tr);
    d->drawing = 1;
    rc = layout_doc_render(d->layout, h->pdf);
    d->drawing = 0;
    layout_doc_set_page_fn(d->layout, NULL, NULL);          /* tr dies with this call */
    if (tr.failed) {
        /* the function's error, raised again now that rendering stopped */
        pdf_doc_destroy(h->pdf);
        h->pdf = NULL;
        return lua_error(L);                                /* doc path pdf err */
    }
    if (rc != 0) return save_fail(L, layout_doc_errmsg(d->layout));
    if (pdf_doc_save(h->pdf, tmp) != 0) return save_fail(L, pdf_doc_errmsg(h->pdf));
    pdf_doc_destroy(h->pdf);
    h->pdf = NULL;
    if (stat(tmp, &st) != 0) return save_fail(L, "cannot read back the saved document");
    pages = layout_doc_page_count(d->layout);
    if (lb_output_written(L, tmp, (size_t)st.st_size, pages, err, sizeof err) != 0) return save_fail(L, err);
    lua_pushinteger(L, pages);
    lua_pushinteger(L, (lua_Integer)st.st_size);
    return 2;
}

static int m_close(lua_State *L)
{
    ldoc *d = luaL_checkudata(L, 1, DOC_MT);
    if (d->drawing) return luaL_error(L, "%s: the document is being drawn", lb_funcname(L));
    doc_release(d);
    return 0;
}

/* d:warnings(): the layout's warnings of the last save (characters no font
 * has, drawn as boxes), as a list of strings. */
static int m_warnings(lua_State *L)
{
    ldoc *d = check_doc(L, 0);
    size_t i, n = layout_doc_warning_count(d->layout);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        lua_pushstring(L, layout_doc_warning(d->layout, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* ---- the module ---------------------------------------------------------- */

static const lb_func doc_methods[] = {
    {"style", m_style}, {"heading", m_heading}, {"paragraph", m_paragraph}, {"list", m_list},
    {"table", m_table}, {"chart", m_chart}, {"image", m_image}, {"rule", m_rule},
    {"space", m_space}, {"page_break", m_page_break}, {"toc", m_toc}, {"header", m_header},
    {"footer", m_footer}, {"save", m_save}, {"close", m_close}, {"warnings", m_warnings},
    {NULL, NULL}
};

static const lb_func page_methods[] = {{"text", p_text}, {"line", p_line}, {NULL, NULL}};

/* A table of closures named "doc:<name>" (upvalue 1, for error messages). */
static void push_methods(lua_State *L, const char *prefix, const lb_func *m)
{
    lua_newtable(L);                                        /* methods */
    for (; m->name; m++) {
        lua_pushfstring(L, "%s:%s", prefix, m->name);       /* methods name */
        lua_pushcclosure(L, m->fn, 1);                      /* methods fn */
        lua_setfield(L, -2, m->name);                       /* methods */
    }
}

int lb_open_doc(lua_State *L)
{
    static const lb_func funcs[] = {{"new", doc_new}, {NULL, NULL}};
    luaL_newmetatable(L, DOC_MT);                           /* mt */
    push_methods(L, "doc", doc_methods);                    /* mt methods */
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

    luaL_newmetatable(L, PAGE_MT);                          /* pmt */
    push_methods(L, "page", page_methods);                  /* pmt methods */
    lua_setfield(L, -2, "methods");                         /* pmt */
    lua_pushcfunction(L, p_index);                          /* pmt index */
    lua_setfield(L, -2, "__index");                         /* pmt */
    lua_pushliteral(L, "page");
    lua_setfield(L, -2, "__name");
    lua_pushliteral(L, "protected");                        /* pmt p */
    lua_setfield(L, -2, "__metatable");                     /* pmt */
    lua_pop(L, 1);                                          /* */

    lb_module_new(L, "doc", funcs);                         /* mod */
    return 1;
}
