/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_doc_page.c — brief.doc's header and footer functions, the page
 * object they draw with, and d:save (lua_doc.h). A header or footer
 * function runs under lua_pcall inside layout_doc_render, and its error
 * is raised again once rendering has stopped and its C state is released. */
#include "script/lua_doc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_MT "brief.page"
#define PDF_MT "brief.pdf"

typedef struct lpage {
    layout_page *page;         /* NULL outside its callback */
    layout_doc *layout;
    int style;                 /* "header" or "footer" */
    int number, count;
    double header_mm, footer_mm;   /* baselines, from the top edge */
} lpage;

typedef struct lpdf { pdf_doc *pdf; } lpdf;

static int set_page_function(lua_State *L, int slot)
{
    lb_doc_check(L, 1);
    if (!lua_isnil(L, 2) && lua_type(L, 2) != LUA_TFUNCTION) lb_typeerror(L, 2, "function");
    lua_settop(L, 2);
    lua_setiuservalue(L, 1, slot);
    return 0;
}

int lb_doc_header(lua_State *L) { return set_page_function(L, LB_DOC_UV_HEADER); }
int lb_doc_footer(lua_State *L) { return set_page_function(L, LB_DOC_UV_FOOTER); }

/* ---- the page object of header and footer functions -------------------- */

static lpage *check_page(lua_State *L)
{
    lpage *p = luaL_testudata(L, 1, PAGE_MT);
    if (!p) lb_typeerror(L, 1, "page");
    if (!p->page) luaL_error(L, "%s: the page object is only valid inside its header or footer function",
                             lb_funcname(L));
    return p;
}

static double page_height_mm(const lpage *p)
{
    double h;
    layout_page_box(p->page, NULL, &h, NULL, NULL, NULL, NULL);
    return h / LB_DOC_MM_PT;
}

/* p:text(x, y, text, {align=, style=}): one line with its baseline at y,
 * millimetres from the page's top-left corner. */
static int p_text(lua_State *L)
{
    lpage *p = check_page(L);
    double x = lb_checknumber(L, 2), y = lb_checknumber(L, 3);
    const char *text = lb_checklstring(L, 4, NULL);
    static const char *const known[] = {"align", "style", NULL};
    layout_align align = LAYOUT_ALIGN_LEFT;
    const char *name;
    int style = p->style;
    lb_opttable(L, 5);
    lb_check_fields(L, 5, known);
    lb_doc_optalign(L, 5, "align", &align);
    name = lb_optfield_string(L, 5, "style", NULL);
    if (name && (style = layout_style_find(p->layout, name)) < 0)
        lb_fielderror(L, 5, "style", lua_pushfstring(L, "no style '%s' (define it with doc:style)", name));
    if (layout_page_text(p->page, x * LB_DOC_MM_PT, (page_height_mm(p) - y) * LB_DOC_MM_PT, align, style, text) != 0)
        return luaL_error(L, "%s: %s", lb_funcname(L), layout_doc_errmsg(p->layout));
    return 0;
}

/* p:line(x1, y1, x2, y2, {thickness=, color=}), millimetres from the top left. */
static int p_line(lua_State *L)
{
    lpage *p = check_page(L);
    double x1 = lb_checknumber(L, 2), y1 = lb_checknumber(L, 3), x2 = lb_checknumber(L, 4), y2 = lb_checknumber(L, 5);
    static const char *const known[] = {"thickness", "color", NULL};
    pdf_color color = {0, 0, 0};
    double h = page_height_mm(p), thickness;
    lb_opttable(L, 6);
    lb_check_fields(L, 6, known);
    thickness = lb_doc_optlength(L, 6, "thickness", 0.5);
    lb_doc_optcolor(L, 6, "color", &color);
    if (layout_page_line(p->page, x1 * LB_DOC_MM_PT, (h - y1) * LB_DOC_MM_PT, x2 * LB_DOC_MM_PT, (h - y2) * LB_DOC_MM_PT, thickness, color) != 0)
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
    else if (strcmp(key, "width") == 0) lua_pushnumber(L, w / LB_DOC_MM_PT);
    else if (strcmp(key, "height") == 0) lua_pushnumber(L, h / LB_DOC_MM_PT);
    else if (strcmp(key, "left") == 0) lua_pushnumber(L, l / LB_DOC_MM_PT);
    else if (strcmp(key, "right") == 0) lua_pushnumber(L, r / LB_DOC_MM_PT);
    else if (strcmp(key, "top") == 0) lua_pushnumber(L, (h - t) / LB_DOC_MM_PT);
    else if (strcmp(key, "bottom") == 0) lua_pushnumber(L, (h - b) / LB_DOC_MM_PT);
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
    if ((number > 1 || tr->d->first_header)
        && run_page_function(tr, page, LB_DOC_UV_HEADER, number, count, "header") != 0)
        return -1;
    if (number == 1 && !tr->d->first_footer) return 0;
    return run_page_function(tr, page, LB_DOC_UV_FOOTER, number, count, "footer");
}

static int save_fail(lua_State *L, const char *msg)
{
    luaL_pushfail(L);
    lua_pushstring(L, msg);
    return 2;
}

/* d:save([path]) -> pages, bytes | nil, message. The path of -o wins;
 * the file appears only when the whole script succeeds (script.h). */
int lb_doc_save(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    const char *requested = lb_optpath(L, 2);
    static const pdf_info_key keys[LB_DOC_INFO_COUNT] = {PDF_INFO_TITLE, PDF_INFO_AUTHOR, PDF_INFO_SUBJECT,
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
    if (layout_doc_run(d->layout) != 0) return lb_doc_layout_error(L, d);
    /* the layout's warnings go to the run's (brief run prints them); under
     * --strict one is an error, and nothing is written */
    {
        lb_runtime *rt = lb_runtime_get(L);
        size_t i, n = layout_doc_warning_count(d->layout);
        for (i = 0; i < n; i++)
            if (lb_warning_add(rt, layout_doc_warning(d->layout, i)) != 0)
                return luaL_error(L, "%s: out of memory", lb_funcname(L));
        if (n > 0 && rt->options->strict)
            return luaL_error(L, "%s: %s (--strict: nothing written)", lb_funcname(L), layout_doc_warning(d->layout, 0));
    }
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
    pdf_doc_set_helper_thread(h->pdf, !lb_runtime_get(L)->options->no_helper_thread);
    for (i = 0; i < LB_DOC_INFO_COUNT; i++)
        if (d->info[i] && pdf_doc_set_info(h->pdf, keys[i], d->info[i]) != 0)
            return save_fail(L, pdf_doc_errmsg(h->pdf));

    memset(&tr, 0, sizeof tr);
    tr.L = L;
    tr.doc_idx = 1;
    tr.d = d;
    has_fn = lua_getiuservalue(L, 1, LB_DOC_UV_HEADER) == LUA_TFUNCTION;
    has_fn |= lua_getiuservalue(L, 1, LB_DOC_UV_FOOTER) == LUA_TFUNCTION;
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
    /* Written into the output's temporary file as it is: the runtime
     * fsyncs and renames it into place when the script succeeds. */
    {
        int fd = open(tmp, O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd < 0) {
            snprintf(err, sizeof err, "%.900s: %s", tmp, strerror(errno));
            return save_fail(L, err);
        }
        rc = pdf_doc_save_fd(h->pdf, fd, tmp);
        if (close(fd) != 0 && rc == 0) {
            snprintf(err, sizeof err, "%.900s: %s", tmp, strerror(errno));
            return save_fail(L, err);
        }
        if (rc != 0) return save_fail(L, pdf_doc_errmsg(h->pdf));
    }
    pdf_doc_destroy(h->pdf);
    h->pdf = NULL;
    if (stat(tmp, &st) != 0) return save_fail(L, "cannot read back the saved document");
    pages = layout_doc_page_count(d->layout);
    if (lb_output_written(L, tmp, (size_t)st.st_size, pages, err, sizeof err) != 0) return save_fail(L, err);
    lua_pushinteger(L, pages);
    lua_pushinteger(L, (lua_Integer)st.st_size);
    return 2;
}

static const lb_func page_methods[] = {{"text", p_text}, {"line", p_line}, {NULL, NULL}};

void lb_doc_open_page(lua_State *L)
{
    luaL_newmetatable(L, PAGE_MT);                          /* pmt */
    lb_methods_new(L, "page", page_methods);                /* pmt methods */
    lua_setfield(L, -2, "methods");                         /* pmt */
    lua_pushcfunction(L, p_index);                          /* pmt index */
    lua_setfield(L, -2, "__index");                         /* pmt */
    lua_pushliteral(L, "page");
    lua_setfield(L, -2, "__name");
    lua_pushliteral(L, "protected");                        /* pmt p */
    lua_setfield(L, -2, "__metatable");                     /* pmt */
    lua_pop(L, 1);                                          /* */
}
