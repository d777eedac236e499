/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_doc_blocks.c — brief.doc's tables, charts and images (lua_doc.h):
 * Lua tables of rows, values and options into layout_blocks.h's specs.
 * The C arrays a spec points at live in userdata and the strings in an
 * anchor table on the stack, so whatever raises frees them. */
#include "script/lua_doc.h"

#include <string.h>

#include "layout/layout_blocks.h"

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
            lb_fielderror(L, idx, what, lua_pushfstring(L, "row %d, column %d: string or number expected, got %s",
                                                        (int)row, (int)col, got));
        lb_fielderror(L, idx, what, lua_pushfstring(L, "item %d: string or number expected, got %s", (int)col, got));
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

static const char *const cell_fields[] = {
    "[1]", "text", "colspan", "rowspan", "style", "align", "fill", "color", "bold", "border", NULL
};

/* Whether the table on top is a cell with options ({"text", colspan = 2})
 * rather than a list of runs. */
static int is_cell_table(lua_State *L)
{
    const char *const *k;
    for (k = cell_fields + 1; *k; k++) {
        int t = lua_getfield(L, -1, *k);
        lua_pop(L, 1);
        if (t != LUA_TNIL) return 1;
    }
    return 0;
}

/* Every byte of a text of len bytes in spans with flag added: the spans
 * given (count of them) and spans for the text between them; a new array
 * in a userdata (pushed), its count in *out_count. */
static layout_span *spans_with_flag(lua_State *L, const layout_span *spans, size_t count, size_t len,
                                    unsigned flag, size_t *out_count)
{
    layout_span *all = lua_newuserdatauv(L, (2 * count + 1) * sizeof *all, 0);
    size_t k, n = 0, at = 0;
    for (k = 0; k <= count; k++) {
        size_t next = k < count ? spans[k].start : len;
        if (next > at) {
            memset(&all[n], 0, sizeof all[n]);
            all[n].start = at;
            all[n].end = next;
            all[n++].flags = flag;
        }
        if (k < count) {
            all[n] = spans[k];
            all[n++].flags |= flag;
            at = spans[k].end;
        }
    }
    *out_count = n;
    return all;
}

/* The cell on top of the stack (popped): nil, a string or number, a list
 * of runs, or a table {text (or [1]), colspan =, rowspan =, style =,
 * align =, fill =, color =, bold =, border =}, into *cl. Its text and
 * spans are kept in the anchor table. */
static void cell_parse(lua_State *L, ldoc *d, int anchor, lua_Integer *anchored, const char *field,
                       lua_Integer row, lua_Integer col, int edge_row, layout_table_cell *cl)
{
    int t = lua_type(L, -1), opts = 0, text_idx;
    char name[64];
    layout_span *spans;
    size_t nspans, len;
    const char *text;
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (row > 0) snprintf(name, sizeof name, "%s[%d][%d]", field, (int)row, (int)col);
    else snprintf(name, sizeof name, "%s[%d]", field, (int)col);
    if (t == LUA_TSTRING || t == LUA_TNUMBER) {
        cl->text = cell_text(L, anchor, anchored, 2, field, row, col);
        return;
    }
    if (t != LUA_TTABLE)
        lb_fielderror(L, 2, name, lua_pushfstring(L, "string, number, runs or cell table expected, got %s",
                                                  luaL_typename(L, -1)));
    if (is_cell_table(L)) {
        double v;
        opts = lua_gettop(L);
        lb_check_subfields(L, 2, name, opts, cell_fields);
        v = lb_optsubfield_number(L, 2, name, opts, "colspan", 1);
        if (v != (int)v || v < 1 || v > 200) lb_subfielderror(L, 2, name, "colspan", "an integer 1 to 200 expected");
        cl->colspan = (int)v;
        v = lb_optsubfield_number(L, 2, name, opts, "rowspan", 1);
        if (v != (int)v || v < 1 || v > 100000) lb_subfielderror(L, 2, name, "rowspan", "an integer >= 1 expected");
        cl->rowspan = (int)v;
        (void)edge_row;
        {
            layout_align a = LAYOUT_ALIGN_LEFT;
            if (lua_getfield(L, opts, "align") != LUA_TNIL) {
                lb_doc_subalign(L, 2, name, opts, "align", &a);
                cl->align = (int)a;
            }
            lua_pop(L, 1);
        }
        if (lb_doc_subcolor(L, 2, name, opts, "fill", &cl->fill) > 0) cl->filled = 1;
        if (lua_getfield(L, opts, "border") != LUA_TNIL) cl->border_pt = lb_doc_sublength(L, 2, name, opts, "border", 0);
        lua_pop(L, 1);
        {
            /* style and colour: the cell's text style, a copy with its colour */
            const char *sname = lb_optsubfield_string(L, 2, name, opts, "style", NULL);
            pdf_color color;
            int has_color = lb_doc_subcolor(L, 2, name, opts, "color", &color) > 0;
            if (sname || has_color) {
                layout_style st;
                int id = sname ? layout_style_find(d->layout, sname) : -1;
                if (sname && id < 0)
                    lb_subfielderror(L, 2, name, "style", lua_pushfstring(L, "no style '%s' (define it with doc:style)", sname));
                cl->style = id;
                if (has_color) {
                    char derived[96];
                    if (id < 0) id = layout_style_find(d->layout, edge_row ? "table_header" : "table");
                    layout_style_get(d->layout, id, &st);
                    st.color = color;
                    snprintf(derived, sizeof derived, "cell~%u", ++d->derived);
                    cl->style = layout_style_set(d->layout, derived, &st);
                    if (cl->style < 0) lb_doc_layout_error(L, d);
                }
            }
        }
        if (lua_getfield(L, opts, "text") == LUA_TNIL) {    /* cell text? */
            lua_pop(L, 1);
            lua_rawgeti(L, opts, 1);                        /* cell text? */
        }
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushliteral(L, "");                         /* cell "" */
        }
    } else {
        lua_pushvalue(L, -1);                               /* runs runs */
    }
    text_idx = lua_gettop(L);
    text = lb_doc_rich(L, text_idx, &spans, &nspans);       /* ... text spans */
    len = strlen(text);
    if (opts && lb_optsubfield_boolean(L, 2, name, opts, "bold", 0) && len > 0)
        spans = spans_with_flag(L, spans, nspans, len, LAYOUT_SPAN_BOLD, &nspans);   /* ... text spans all */
    cl->text = text;
    cl->spans = spans;
    cl->span_count = nspans;
    /* the text and spans live in the anchor table until the table is added */
    while (lua_gettop(L) > text_idx) {
        lua_rawseti(L, anchor, ++*anchored);
    }
    lua_pop(L, 2);                                          /* (the cell, the value) */
}

int lb_doc_table(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    static const char *const known[] = {
        "columns", "header", "rows", "footer", "striped", "style", "header_style", "width", "align", "padding",
        "border", "border_color", "header_fill", "stripe_fill", "space_before", "space_after",
        "keep_together", "keep_with_next", NULL
    };
    static const char *const column_fields[] = {"width", "share", "align", NULL};
    layout_table_spec spec;
    layout_table_column *cols;
    layout_table_cell *cells;
    char *covered;
    size_t ncol = 0, nrow, r, c;
    lua_Integer anchored = 0, body_rows;
    int has_header, has_footer, anchor;

    if (lua_type(L, 2) != LUA_TTABLE) lb_typeerror(L, 2, "table");
    lb_check_fields(L, 2, known);
    lua_settop(L, 2);
    layout_table_spec_init(&spec);
    lua_getfield(L, 2, "columns");                          /* columns */
    lua_getfield(L, 2, "header");                           /* columns header */
    lua_getfield(L, 2, "rows");                             /* columns header rows */
    lua_getfield(L, 2, "footer");                           /* columns header rows footer */
    if (!lua_isnil(L, 3) && !lua_istable(L, 3)) lb_fielderror(L, 2, "columns", "table expected");
    if (!lua_isnil(L, 4) && !lua_istable(L, 4)) lb_fielderror(L, 2, "header", "table of strings expected");
    if (!lua_istable(L, 5)) lb_fielderror(L, 2, "rows", "table of rows expected");
    if (!lua_isnil(L, 6) && !lua_istable(L, 6)) lb_fielderror(L, 2, "footer", "table of strings expected");
    has_header = lua_istable(L, 4);
    has_footer = lua_istable(L, 6);
    body_rows = (lua_Integer)lua_rawlen(L, 5);
    if (lua_istable(L, 3)) ncol = lua_rawlen(L, 3);
    else if (has_header) ncol = lua_rawlen(L, 4);
    else if (body_rows > 0 && lua_rawgeti(L, 5, 1) == LUA_TTABLE) ncol = lua_rawlen(L, -1);
    lua_settop(L, 6);
    if (ncol == 0 || ncol > 200) lb_fielderror(L, 2, "columns", "1 to 200 columns expected");
    if (!has_header && body_rows == 0) lb_fielderror(L, 2, "rows", "at least one row expected");

    /* C arrays in userdata: collected whatever raises below */
    cols = lua_newuserdatauv(L, ncol * sizeof *cols, 0);    /* ... cols */
    nrow = (size_t)body_rows + (has_header ? 1 : 0) + (has_footer ? 1 : 0);
    if (nrow > 100000) lb_fielderror(L, 2, "rows", "at most 100000 rows");
    cells = lua_newuserdatauv(L, nrow * ncol * sizeof *cells, 0);  /* ... cols cells */
    covered = lua_newuserdatauv(L, nrow * ncol, 0);         /* ... cols cells covered */
    memset(covered, 0, nrow * ncol);
    for (r = 0; r < nrow * ncol; r++) layout_table_cell_init(&cells[r]);
    lua_createtable(L, (int)(nrow * ncol), 0);              /* ... cols cells covered anchor */
    anchor = lua_gettop(L);
    for (c = 0; c < ncol; c++) {
        cols[c] = (layout_table_column){0, 0, LAYOUT_ALIGN_LEFT};
        if (!lua_istable(L, 3)) continue;
        lua_rawgeti(L, 3, (lua_Integer)c + 1);              /* ... col */
        if (lua_istable(L, -1)) {
            int t = lua_absindex(L, -1);
            /* "columns[2]" in messages; the name stays on the stack */
            const char *name = lua_pushfstring(L, "columns[%d]", (int)c + 1);   /* ... col name */
            lb_check_subfields(L, 2, name, t, column_fields);
            cols[c].width_mm = lb_doc_sublength(L, 2, name, t, "width", 0);
            cols[c].share = lb_doc_sublength(L, 2, name, t, "share", 0);
            lb_doc_subalign(L, 2, name, t, "align", &cols[c].align);
            lua_pop(L, 1);                                  /* ... col */
        } else if (!lua_isnil(L, -1)) {
            lb_fielderror(L, 2, "columns", lua_pushfstring(L, "column %d: table {width=, share=, align=} expected",
                                                           (int)c + 1));
        }
        lua_pop(L, 1);                                      /* ... */
    }
    for (r = 0; r < nrow; r++) {
        int row_idx;
        int is_header = has_header && r == 0, is_footer = has_footer && r + 1 == nrow;
        lua_Integer shown = is_header || is_footer ? 0 : has_header ? (lua_Integer)r : (lua_Integer)r + 1;
        const char *field = is_header ? "header" : is_footer ? "footer" : "rows";
        lua_Integer given, k;
        if (is_header) lua_pushvalue(L, 4);                 /* ... row */
        else if (is_footer) lua_pushvalue(L, 6);
        else lua_rawgeti(L, 5, (lua_Integer)(has_header ? r : r + 1));
        if (!lua_istable(L, -1))
            lb_fielderror(L, 2, "rows", lua_pushfstring(L, "row %d: table expected, got %s", (int)shown,
                                                        luaL_typename(L, -1)));
        row_idx = lua_gettop(L);
        given = (lua_Integer)lua_rawlen(L, row_idx);
        /* a row lists its cells left to right, skipping the places that a
         * cell above reaches into (as HTML's tables do) */
        for (c = 0, k = 1; k <= given; k++) {
            layout_table_cell *cl;
            size_t rr, cc;
            while (c < ncol && covered[r * ncol + c]) c++;
            if (c >= ncol) {
                if (is_header || is_footer)
                    lb_fielderror(L, 2, field, lua_pushfstring(L, "%d cells for %d columns", (int)given, (int)ncol));
                lb_fielderror(L, 2, "rows", lua_pushfstring(L, "row %d has %d cells for %d columns", (int)shown,
                                                            (int)given, (int)ncol));
            }
            cl = &cells[r * ncol + c];
            lua_rawgeti(L, row_idx, k);                     /* ... row cell */
            cell_parse(L, d, anchor, &anchored, field, shown, (lua_Integer)c + 1, is_header || is_footer, cl);
            if (c + (size_t)cl->colspan > ncol
                || (!is_header && !is_footer && r + (size_t)cl->rowspan > nrow - (has_footer ? 1 : 0))
                || ((is_header || is_footer) && cl->rowspan > 1))
                lb_fielderror(L, 2, field, lua_pushfstring(L, "row %d, column %d: a cell spanning %d columns and %d rows "
                                                           "reaches past the table's %s", (int)shown, (int)c + 1,
                                                           cl->colspan, cl->rowspan,
                                                           c + (size_t)cl->colspan > ncol ? "last column" : "body"));
            for (rr = r; rr < r + (size_t)cl->rowspan; rr++)
                for (cc = c; cc < c + (size_t)cl->colspan; cc++) covered[rr * ncol + cc] = 1;
            c += (size_t)cl->colspan;
        }
        lua_pop(L, 1);                                      /* ... */
    }
    spec.columns = cols;
    spec.column_count = ncol;
    spec.header = has_header;
    spec.footer = has_footer;
    spec.style = lb_doc_style_named(L, d, 2, "style", "table");
    spec.header_style = lb_doc_style_named(L, d, 2, "header_style", "table_header");
    spec.width_mm = lb_doc_optlength(L, 2, "width", 0);
    lb_doc_optalign(L, 2, "align", &spec.align);
    spec.padding_pt = lb_doc_optlength(L, 2, "padding", spec.padding_pt);
    spec.border_pt = lb_doc_optlength(L, 2, "border", spec.border_pt);
    lb_doc_optcolor(L, 2, "border_color", &spec.border_color);
    if (lb_doc_optcolor(L, 2, "header_fill", &spec.header_fill) < 0) spec.header_filled = 0;
    spec.striped = lb_optfield_boolean(L, 2, "striped", 0);
    lb_doc_optcolor(L, 2, "stripe_fill", &spec.stripe_fill);
    spec.space_before_pt = lb_doc_optlength(L, 2, "space_before", spec.space_before_pt);
    spec.space_after_pt = lb_doc_optlength(L, 2, "space_after", spec.space_after_pt);
    {
        int block = layout_table_add_cells(d->layout, &spec, cells, nrow);
        lb_doc_added(L, d, block);
        lb_doc_keeps(L, d, 2, block);
    }
    return 0;
}

/* Numbers of the array at field of the options at idx into a new userdata
 * (pushed); their count in *n. */
static double *number_array(lua_State *L, int idx, const char *field, size_t *n)
{
    double *v;
    size_t i;
    if (lua_getfield(L, idx, field) != LUA_TTABLE)         /* arr */
        lb_fielderror(L, idx, field, lua_pushfstring(L, "table of numbers expected, got %s", luaL_typename(L, -1)));
    *n = lua_rawlen(L, -1);
    if (*n == 0 || *n > 10000) lb_fielderror(L, idx, field, "1 to 10000 numbers expected");
    v = lua_newuserdatauv(L, *n * sizeof *v, 0);            /* arr values */
    for (i = 0; i < *n; i++) {
        if (lua_rawgeti(L, -2, (lua_Integer)i + 1) != LUA_TNUMBER)  /* arr values x */
            lb_fielderror(L, idx, field, lua_pushfstring(L, "item %d: number expected, got %s", (int)i + 1,
                                                         luaL_typename(L, -1)));
        v[i] = lua_tonumber(L, -1);
        lua_pop(L, 1);                                      /* arr values */
    }
    lua_remove(L, -2);                                      /* values */
    return v;
}

int lb_doc_chart(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    static const char *const known[] = {
        "kind", "title", "labels", "values", "width", "height", "color", "colors", "show_values",
        "style", "title_style", "space_before", "space_after", "keep_with_next", NULL
    };
    layout_chart_spec spec;
    const char *kind, **labels;
    pdf_color *palette = NULL;
    size_t n, i, np = 0;
    int anchor;
    lua_Integer anchored = 0;

    if (lua_type(L, 2) != LUA_TTABLE) lb_typeerror(L, 2, "table");
    lb_check_fields(L, 2, known);
    lua_settop(L, 2);
    layout_chart_spec_init(&spec);
    kind = lb_optfield_string(L, 2, "kind", "bar");
    if (strcmp(kind, "bar") == 0) spec.kind = LAYOUT_CHART_BAR;
    else if (strcmp(kind, "line") == 0) spec.kind = LAYOUT_CHART_LINE;
    else if (strcmp(kind, "pie") == 0) spec.kind = LAYOUT_CHART_PIE;
    else lb_fielderror(L, 2, "kind", lua_pushfstring(L, "'%s' is not bar, line or pie", kind));
    spec.values = number_array(L, 2, "values", &n);         /* values */
    spec.count = n;
    labels = lua_newuserdatauv(L, n * sizeof *labels, 0);   /* values labels */
    lua_createtable(L, (int)n, 0);                          /* values labels anchor */
    anchor = lua_gettop(L);
    if (lua_getfield(L, 2, "labels") == LUA_TTABLE) {      /* ... arr */
        if (lua_rawlen(L, -1) != n)
            lb_fielderror(L, 2, "labels", lua_pushfstring(L, "%d labels for %d values", (int)lua_rawlen(L, -1), (int)n));
        for (i = 0; i < n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);         /* ... arr label */
            labels[i] = cell_text(L, anchor, &anchored, 2, "labels", 0, (lua_Integer)i + 1);
        }
    } else if (lua_isnil(L, -1)) {
        for (i = 0; i < n; i++) labels[i] = NULL;
    } else {
        lb_fielderror(L, 2, "labels", lua_pushfstring(L, "table of strings expected, got %s", luaL_typename(L, -1)));
    }
    lua_pop(L, 1);                                          /* values labels anchor */
    spec.labels = labels;
    if (lua_getfield(L, 2, "colors") == LUA_TTABLE) {      /* ... colors */
        np = lua_rawlen(L, -1);
        if (np == 0 || np > 256) lb_fielderror(L, 2, "colors", "1 to 256 colours expected");
        palette = lua_newuserdatauv(L, np * sizeof *palette, 0);  /* ... colors palette */
        for (i = 0; i < np; i++) {
            lua_rawgeti(L, -2, (lua_Integer)i + 1);         /* ... colors palette c */
            if (lua_type(L, -1) != LUA_TSTRING || lb_doc_parse_color(lua_tostring(L, -1), &palette[i]) != 0)
                lb_fielderror(L, 2, "colors", lua_pushfstring(L, "item %d: colour \"#rrggbb\" expected", (int)i + 1));
            lua_pop(L, 1);                                  /* ... colors palette */
        }
        lua_remove(L, -2);                                  /* ... palette */
    } else if (!lua_isnil(L, -1)) {
        lb_fielderror(L, 2, "colors", lua_pushfstring(L, "table expected, got %s", luaL_typename(L, -1)));
    } else {
        lua_pop(L, 1);
    }
    spec.palette = palette;
    spec.palette_count = np;
    spec.title = lb_optfield_string(L, 2, "title", NULL);
    spec.width_mm = lb_doc_optlength(L, 2, "width", 0);
    spec.height_mm = lb_doc_optlength(L, 2, "height", 0);
    lb_doc_optcolor(L, 2, "color", &spec.color);
    spec.show_values = lb_optfield_boolean(L, 2, "show_values", 1);
    spec.style = lb_doc_style_named(L, d, 2, "style", "chart");
    spec.title_style = lb_doc_style_named(L, d, 2, "title_style", "chart_title");
    spec.space_before_pt = lb_doc_optlength(L, 2, "space_before", spec.space_before_pt);
    spec.space_after_pt = lb_doc_optlength(L, 2, "space_after", spec.space_after_pt);
    {
        int block = layout_chart_add(d->layout, &spec);
        lb_doc_added(L, d, block);
        lb_doc_keeps(L, d, 2, block);
    }
    return 0;
}

/* An image that cannot be read raises, naming the file: a report that
 * silently lost a figure is worse than one that stops (pcall makes an
 * image optional). Relative paths are from the working directory, as
 * io.open's are. */
int lb_doc_image(lua_State *L)
{
    ldoc *d = lb_doc_check(L, 1);
    const char *path = lb_checkpath(L, 2);
    static const char *const known[] = {"width", "align", "space_before", "space_after", "keep_with_next", NULL};
    layout_image_spec spec;
    char err[512], resolved[4096];
    lb_opttable(L, 3);
    lb_check_fields(L, 3, known);
    lua_settop(L, 3);
    layout_image_spec_init(&spec);
    spec.path = path;
    spec.width_mm = lb_doc_optlength(L, 3, "width", 0);
    lb_doc_optalign(L, 3, "align", &spec.align);
    spec.space_before_pt = lb_doc_optlength(L, 3, "space_before", spec.space_before_pt);
    spec.space_after_pt = lb_doc_optlength(L, 3, "space_after", spec.space_after_pt);
    /* A sandboxed script reads images only where it may read files. */
    if (lb_check_read(L, lb_funcname(L), path, resolved, sizeof resolved) != FSPOLICY_OK)
        return luaL_error(L, "%s: %s", lb_funcname(L), resolved);
    spec.path = resolved;
    if (!d->probe && !(d->probe = pdf_doc_create(d->fonts, err, sizeof err)))
        return luaL_error(L, "%s: %s", lb_funcname(L), err);
    pdf_doc_set_image_limit(d->probe, sandbox_memory_limit(sandbox_get(L)));
    if (pdf_image_size(d->probe, resolved, &spec.width_px, &spec.height_px) != 0)
        return luaL_error(L, "%s: %s", lb_funcname(L), pdf_doc_errmsg(d->probe));
    {
        int block = layout_image_add(d->layout, &spec);
        lb_doc_added(L, d, block);
        lb_doc_keeps(L, d, 3, block);
    }
    return 0;
}

