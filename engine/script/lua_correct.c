/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_correct.c — corrections from a trusted script: brief.data.set,
 * .join, .split and .delete, the same as brief set, join, split and delete
 * (store/review.h: one transaction each, the index and mentions in step,
 * recorded with the script's name). A sandboxed script gets an error: the
 * database is read-only to it, and these functions are for scripts the
 * user runs with --trust on purpose. */
#include "script/lua_brief.h"

#include <stdio.h>
#include <string.h>

#include "store/review.h"

/* The read-write store of corrections, opened on first use; raises when
 * the script is sandboxed or the database cannot be opened. */
static store *correct_store(lua_State *L)
{
    lb_runtime *rt = lb_runtime_get(L);
    char err[1024];
    if (!rt->options->trust) {
        luaL_error(L, "%s: corrections are not allowed in a sandboxed script: the database is read-only to it "
                   "(run a script you trust with --trust, or use brief set, join, split, delete)", lb_funcname(L));
        return NULL;
    }
    if (rt->review) return rt->review;
    if (!rt->options->db_path || !*rt->options->db_path) {
        luaL_error(L, "%s: no database (give --db PATH or set $BRIEF_DB)", lb_funcname(L));
        return NULL;
    }
    if (store_review_open(rt->options->db_path, &rt->review, err, sizeof err) != STORE_OK) {
        luaL_error(L, "%s: %s", lb_funcname(L), err);
        return NULL;
    }
    return rt->review;
}

/* Makes the n corrections (all or none) and pushes true, or nil and the
 * store's message (a data failure: no such article, nothing to change). */
static int correct(lua_State *L, store_correction *c, size_t n)
{
    lb_runtime *rt = lb_runtime_get(L);
    const char *script = strrchr(rt->options->script_path ? rt->options->script_path : "?", '/');
    char who[256], user[128];
    store *st = correct_store(L);
    store_review_who(user, sizeof user);
    snprintf(who, sizeof who, "script %s (%s)", script ? script + 1 : rt->options->script_path, user);
    for (size_t i = 0; i < n; i++) c[i].who = who;
    if (store_correct(st, c, n, NULL) != STORE_OK) {
        luaL_pushfail(L);                                   /* nil */
        lua_pushstring(L, store_errmsg(st));                /* nil msg */
        return 2;
    }
    lua_pushboolean(L, 1);                                  /* true */
    return 1;
}

static int64_t check_id(lua_State *L, int arg, const char *what)
{
    lua_Integer v = lb_checkinteger(L, arg);
    if (v < 1) lb_argerror(L, arg, lua_pushfstring(L, "%s (1 or more) expected, got %I", what, v));
    return (int64_t)v;
}

/* brief.data.set(bulletin, {date =, source =, article =, title =, subtitle =}) */
static int data_set(lua_State *L)
{
    static const char *const known[] = {"date", "source", "article", "title", "subtitle", NULL};
    store_correction c[4];
    size_t n = 0;
    correct_store(L);   /* refused before anything else in a sandboxed script */
    int64_t id = check_id(L, 1, "a bulletin id");
    lb_checktable(L, 2);
    lb_check_fields(L, 2, known);
    const char *date = lb_optfield_string(L, 2, "date", NULL), *source = lb_optfield_string(L, 2, "source", NULL);
    const char *title = lb_optfield_string(L, 2, "title", NULL), *subtitle = lb_optfield_string(L, 2, "subtitle", NULL);
    lua_Integer article = lb_optfield_integer(L, 2, "article", 0);
    if ((title || subtitle) && article < 1) lb_fielderror(L, 2, "article", "the article's number (1 or more) expected");
    if (!date && !source && !title && !subtitle) lb_argerror(L, 2, "nothing to set (date, source, title, subtitle)");
    memset(c, 0, sizeof c);
    if (date) c[n++] = (store_correction){STORE_FIX_DATE, id, 0, 0, date, NULL};
    if (source) c[n++] = (store_correction){STORE_FIX_SOURCE, id, 0, 0, source, NULL};
    if (title) c[n++] = (store_correction){STORE_FIX_TITLE, id, (long)article, 0, title, NULL};
    if (subtitle) c[n++] = (store_correction){STORE_FIX_SUBTITLE, id, (long)article, 0, subtitle, NULL};
    return correct(L, c, n);
}

/* brief.data.join(bulletin, article) */
static int data_join(lua_State *L)
{
    correct_store(L);
    store_correction c = {STORE_FIX_JOIN, check_id(L, 1, "a bulletin id"), (long)check_id(L, 2, "an article number"),
                          0, NULL, NULL};
    return correct(L, &c, 1);
}

/* brief.data.split(bulletin, article, paragraph [, title]) */
static int data_split(lua_State *L)
{
    correct_store(L);
    store_correction c = {STORE_FIX_SPLIT, check_id(L, 1, "a bulletin id"), (long)check_id(L, 2, "an article number"),
                          (long)check_id(L, 3, "a paragraph number"), lb_optlstring(L, 4, NULL, NULL), NULL};
    return correct(L, &c, 1);
}

/* brief.data.delete(bulletin) */
static int data_delete(lua_State *L)
{
    correct_store(L);
    store_correction c = {STORE_FIX_DELETE, check_id(L, 1, "a bulletin id"), 0, 0, NULL, NULL};
    return correct(L, &c, 1);
}

static const lb_func correct_funcs[] = {
    {"set", data_set},
    {"join", data_join},
    {"split", data_split},
    {"delete", data_delete},
    {NULL, NULL},
};

void lb_data_add_corrections(lua_State *L)
{
    for (const lb_func *f = correct_funcs; f->name; f++) {   /* data */
        lua_pushfstring(L, "brief.data.%s", f->name);       /* data name */
        lua_pushcclosure(L, f->fn, 1);                      /* data fn */
        lua_setfield(L, -2, f->name);                       /* data */
    }
}
