/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_data.c — brief.data: read-only SQL over the brief database with bound
 * parameters, and helpers for the common questions (over query.h). */
#include "script/lua_brief.h"

#include <stdlib.h>
#include <string.h>


#define STMT_TYPE "brief.data.statement"

/* A prepared statement owned by a userdata, so a Lua error or a loop left
 * early never leaks it: __gc and __close finalize, and doing so twice is
 * harmless. */
typedef struct data_stmt {
    sqlite3_stmt *stmt;
} data_stmt;

static int stmt_gc(lua_State *L)
{
    data_stmt *s = luaL_checkudata(L, 1, STMT_TYPE);
    sqlite3_finalize(s->stmt);
    s->stmt = NULL;
    return 0;
}

/* Raises an SQLite error (message msg), naming the function and the SQL:
 * the deadline's message when the deadline interrupted it (kind
 * QUERY_INTERRUPTED), the script's rights when the guard denied it
 * (QUERY_DENIED); kind -1 for any other. */
static int raise_sql(lua_State *L, int kind, const char *msg, const char *sql)
{
    sandbox *sb = sandbox_get(L);
    if (kind == QUERY_INTERRUPTED && sandbox_over_time(sb)) {
        char why[128];
        sandbox_message(sb, sandbox_stopped(sb), why, sizeof why);
        return luaL_error(L, "%s", why);
    }
    if (kind == QUERY_DENIED)
        return luaL_error(L, "%s: %s: the database is read-only to scripts, whose SQL may only read rows"
                          " (SELECT with the functions and PRAGMAs docs/lua-api.md lists) (in: %s)",
                          lb_funcname(L), msg, sql);
    return luaL_error(L, "%s: %s (in: %s)", lb_funcname(L), msg, sql);
}

/* Pushes a new statement userdata; its statement is NULL ("closed") until
 * the caller prepares it, so a raise in between leaks nothing. */
static data_stmt *new_stmt(lua_State *L)
{
    data_stmt *s = lua_newuserdatauv(L, sizeof *s, 0);      /* stmt */
    s->stmt = NULL;
    luaL_setmetatable(L, STMT_TYPE);
    return s;
}

/* Pushes a new statement userdata holding sql prepared; raises on error. */
static data_stmt *prepare(lua_State *L, const char *sql, size_t len)
{
    data_stmt *s = new_stmt(L);                             /* stmt */
    const char *tail = NULL;
    char err[512];
    int rc = query_prepare(lb_runtime_db(L), sql, len, &s->stmt, &tail, err, sizeof err);

    if (rc != 0) raise_sql(L, rc, err, sql);
    if (!s->stmt) luaL_error(L, "%s: the SQL holds no statement", lb_funcname(L));
    while (tail && tail < sql + len && strchr(" \t\r\n;", *tail)) tail++;
    if (tail && tail < sql + len) {
        /* lua_pushfstring knows no precision: the extra text is cut here. */
        size_t extra = (size_t)(sql + len - tail);
        lua_pushlstring(L, tail, extra > 40 ? 40 : extra);  /* stmt extra */
        luaL_error(L, "%s: one statement at a time (extra text: %s%s)", lb_funcname(L), lua_tostring(L, -1),
                   extra > 40 ? "..." : "");
    }
    return s;
}

static void bind_value(lua_State *L, sqlite3_stmt *stmt, int i, int idx, int arg, const char *pname)
{
    int rc = SQLITE_OK;
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) rc = sqlite3_bind_int64(stmt, i, lua_tointeger(L, idx));
        else rc = sqlite3_bind_double(stmt, i, lua_tonumber(L, idx));
        break;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        rc = sqlite3_bind_text(stmt, i, s, (int)len, SQLITE_TRANSIENT);
        break;
    }
    case LUA_TBOOLEAN:
        rc = sqlite3_bind_int(stmt, i, lua_toboolean(L, idx));
        break;
    case LUA_TNIL:
        rc = sqlite3_bind_null(stmt, i);
        break;
    default:
        lb_argerror(L, arg, lua_pushfstring(L, "parameter %s: number, string or boolean expected, got %s", pname,
                                            luaL_typename(L, idx)));
    }
    if (rc != SQLITE_OK) luaL_error(L, "%s: cannot bind parameter %s: %s", lb_funcname(L), pname, sqlite3_errstr(rc));
}

/* Binds the parameters of stmt from the table at arg (0: none given):
 * plain ? take the array part in order, ?NNN the element NNN, :name @name
 * $name the field name. A parameter without a value is an error, not a
 * silent NULL. */
static void bind_params(lua_State *L, sqlite3_stmt *stmt, int arg)
{
    int n = sqlite3_bind_parameter_count(stmt), i, next = 1;
    for (i = 1; i <= n; i++) {
        const char *name = sqlite3_bind_parameter_name(stmt, i);
        char pname[64];
        if (!arg) luaL_error(L, "%s: the SQL has parameters but no values were given", lb_funcname(L));
        if (!name) {
            snprintf(pname, sizeof pname, "#%d (?)", next);
            lua_geti(L, arg, next++);                       /* value */
        } else if (name[0] == '?') {
            snprintf(pname, sizeof pname, "%s", name);
            lua_geti(L, arg, atoi(name + 1));               /* value */
        } else {
            snprintf(pname, sizeof pname, "%s", name);
            lua_getfield(L, arg, name + 1);                 /* value */
        }
        if (lua_isnil(L, -1)) luaL_error(L, "%s: no value for parameter %s", lb_funcname(L), pname);
        bind_value(L, stmt, i, lua_gettop(L), arg, pname);
        lua_pop(L, 1);
    }
}

/* Pushes the current row as a table keyed by column name; NULL columns are
 * absent (nil). */
static void push_row(lua_State *L, sqlite3_stmt *stmt)
{
    int n = sqlite3_column_count(stmt), i;
    lua_createtable(L, 0, n);                               /* row */
    for (i = 0; i < n; i++) {
        switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(stmt, i)); break;
        case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(stmt, i)); break;
        case SQLITE_NULL: continue;
        default:
            lua_pushlstring(L, (const char *)sqlite3_column_blob(stmt, i), (size_t)sqlite3_column_bytes(stmt, i));
        }                                                   /* row value */
        lua_setfield(L, -2, sqlite3_column_name(stmt, i));  /* row */
    }
}

/* Steps s: 1 at a row; 0 at the end, where the statement is finalized
 * unless keep (the caller resets and binds it again); raises on an error. */
static int step_or_keep(lua_State *L, data_stmt *s, int keep)
{
    int rc;
    if (!s->stmt) return 0;
    rc = sqlite3_step(s->stmt);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) {
        if (!keep) {
            sqlite3_finalize(s->stmt);
            s->stmt = NULL;
        }
        return 0;
    }
    {
        const char *msg = lua_pushstring(L, sqlite3_errmsg(sqlite3_db_handle(s->stmt)));
        const char *sql = lua_pushstring(L, sqlite3_sql(s->stmt)); /* kept past finalize */
        sqlite3_reset(s->stmt);
        raise_sql(L, rc == SQLITE_INTERRUPT ? QUERY_INTERRUPTED : rc == SQLITE_AUTH ? QUERY_DENIED : -1, msg, sql);
    }
    return 0;
}

/* Steps s; 1 with a row ready, 0 at the end (finalized); raises on error. */
static int step(lua_State *L, data_stmt *s)
{
    return step_or_keep(L, s, 0);
}

/* Prepares the SQL at argument 1 with the parameters at argument 2;
 * leaves the statement userdata on top. */
static data_stmt *prepare_args(lua_State *L)
{
    size_t len;
    const char *sql = lb_checklstring(L, 1, &len);
    int has_params = lb_opttable(L, 2);
    data_stmt *s;
    lua_settop(L, 2);
    s = prepare(L, sql, len);                               /* sql params stmt */
    bind_params(L, s->stmt, has_params ? 2 : 0);
    return s;
}

/* Pushes an array of every row of s. */
static void push_all_or_keep(lua_State *L, data_stmt *s, int keep)
{
    lua_Integer n = 0;
    lua_newtable(L);                                        /* ... rows */
    while (step_or_keep(L, s, keep)) {
        push_row(L, s->stmt);                               /* ... rows row */
        lua_seti(L, -2, ++n);                               /* ... rows */
    }
}

static void push_all(lua_State *L, data_stmt *s)
{
    push_all_or_keep(L, s, 0);
}

static int data_query(lua_State *L)
{
    data_stmt *s = prepare_args(L);                         /* sql params stmt */
    push_all(L, s);                                         /* sql params stmt rows */
    return 1;
}

static int rows_next(lua_State *L)
{
    data_stmt *s = luaL_checkudata(L, lua_upvalueindex(1), STMT_TYPE);
    if (!step(L, s)) return 0;
    push_row(L, s->stmt);                                   /* row */
    return 1;
}

static int data_rows(lua_State *L)
{
    prepare_args(L);                                        /* sql params stmt */
    lua_pushvalue(L, -1);                                   /* sql params stmt stmt */
    lua_pushcclosure(L, rows_next, 1);                      /* sql params stmt iter */
    lua_pushnil(L);                                         /* ... iter nil */
    lua_pushnil(L);                                         /* ... iter nil nil */
    lua_pushvalue(L, 3);                                    /* ... iter nil nil stmt: to-be-closed of the for loop */
    return 4;
}

static int data_row(lua_State *L)
{
    data_stmt *s = prepare_args(L);                         /* sql params stmt */
    if (!step(L, s)) return 0;
    push_row(L, s->stmt);                                   /* sql params stmt row */
    return 1;
}

static int data_value(lua_State *L)
{
    data_stmt *s = prepare_args(L);                         /* sql params stmt */
    if (!step(L, s) || sqlite3_column_count(s->stmt) == 0) return 0;
    switch (sqlite3_column_type(s->stmt, 0)) {
    case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(s->stmt, 0)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(s->stmt, 0)); break;
    case SQLITE_NULL: lua_pushnil(L); break;
    default:
        lua_pushlstring(L, (const char *)sqlite3_column_blob(s->stmt, 0), (size_t)sqlite3_column_bytes(s->stmt, 0));
    }
    return 1;
}

static const char *checkdate(lua_State *L, int arg, const char *field, const char *value)
{
    size_t k;
    if (!value) return NULL;
    /* ISO dates compare as strings; anything else would silently match
     * nothing, so refuse it. */
    for (k = 0; k < 10; k++)
        if (!value[k] || (k == 4 || k == 7 ? value[k] != '-' : (value[k] < '0' || value[k] > '9'))) break;
    if (k != 10 || value[10])
        lb_argerror(L, arg, lua_pushfstring(L, "field '%s': a date 'YYYY-MM-DD' expected, got '%s'", field, value));
    return value;
}

/* The limit option of the table at arg: def when absent; 0 or false: no
 * limit (-1, as SQLite's LIMIT takes it); else a whole number >= 1. */
static lua_Integer opt_limit(lua_State *L, int arg, lua_Integer def)
{
    int t = lua_type(L, arg) == LUA_TTABLE ? lua_getfield(L, arg, "limit") : LUA_TNIL;
    lua_Integer v = def;
    if (t == LUA_TBOOLEAN && !lua_toboolean(L, -1)) v = -1;
    else if (t != LUA_TNIL) v = lb_optfield_integer(L, arg, "limit", def);
    if (lua_type(L, arg) == LUA_TTABLE) lua_pop(L, 1);
    if (v == 0) return -1;
    if (v < -1 || (t != LUA_TNIL && t != LUA_TBOOLEAN && v < 0))
        lb_argerror(L, arg, "field 'limit': a whole number >= 1, or 0 or false for none, expected");
    return v;
}

/* Sets field "reprints" of each row of the array on top: the other
 * appearances of its story (query_reprints), an array, empty for most.
 * One statement for all the rows, bound again for each: preparing it for
 * every article was 3 % of a weekly brief's time. */
static void add_reprints(lua_State *L)
{
    char err[512];
    lua_Integer n = luaL_len(L, -1);
    data_stmt *s = new_stmt(L);                             /* rows stmt */
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, -2, i);                                 /* rows stmt row */
        lua_getfield(L, -1, "id");                          /* rows stmt row id */
        lua_getfield(L, -2, "story");                       /* rows stmt row id story */
        int64_t id = lua_tointeger(L, -2), story = lua_tointeger(L, -1);
        lua_pop(L, 2);                                      /* rows stmt row */
        if (query_reprints(lb_runtime_db(L), id, story, &s->stmt, err, sizeof err) != 0)
            luaL_error(L, "%s: %s", lb_funcname(L), err);
        push_all_or_keep(L, s, 1);                          /* rows stmt row others */
        lua_setfield(L, -2, "reprints");                    /* rows stmt row */
        lua_pop(L, 1);                                      /* rows stmt */
    }
    lua_pop(L, 1);                                          /* rows (the statement goes with its __gc) */
}

static int data_articles(lua_State *L)
{
    static const char *const known[] = {"from", "to", "district", "limit", "reprints", NULL};
    const char *from, *to, *district, *reprints;
    lua_Integer limit;
    data_stmt *s;
    char err[512];

    lb_checktable(L, 1);
    lb_check_fields(L, 1, known);
    from = checkdate(L, 1, "from", lb_optfield_string(L, 1, "from", NULL));
    to = checkdate(L, 1, "to", lb_optfield_string(L, 1, "to", NULL));
    if (!from || !to) lb_argerror(L, 1, "fields 'from' and 'to' (dates 'YYYY-MM-DD') are required");
    district = lb_optfield_string(L, 1, "district", NULL);
    limit = opt_limit(L, 1, -1);
    reprints = lb_optfield_string(L, 1, "reprints", "first");
    if (strcmp(reprints, "first") != 0 && strcmp(reprints, "all") != 0)
        lb_argerror(L, 1, lua_pushfstring(L, "field 'reprints': 'first' or 'all' expected, got '%s'", reprints));
    lua_settop(L, 1);
    s = new_stmt(L);                                        /* opts stmt */
    if (query_articles(lb_runtime_db(L), from, to, district, strcmp(reprints, "first") == 0, limit, &s->stmt, err,
                       sizeof err) != 0)
        return luaL_error(L, "%s: %s", lb_funcname(L), err);
    push_all(L, s);                                         /* opts stmt rows */
    add_reprints(L);                                        /* opts stmt rows */
    return 1;
}

static int data_search(lua_State *L)
{
    static const char *const known[] = {"limit", "from", "to", NULL};
    size_t len;
    const char *text = lb_checklstring(L, 1, &len);
    const char *from = NULL, *to = NULL;
    lua_Integer limit = 20;
    query_db *db;
    data_stmt *s;
    char err[512];

    if (lb_opttable(L, 2)) {
        lb_check_fields(L, 2, known);
        limit = opt_limit(L, 2, 20);
        from = checkdate(L, 2, "from", lb_optfield_string(L, 2, "from", NULL));
        to = checkdate(L, 2, "to", lb_optfield_string(L, 2, "to", NULL));
    }
    lua_settop(L, 2);
    db = lb_runtime_db(L);
    s = new_stmt(L);                                        /* text opts stmt */
    if (query_search_prepare(db, text, len, from, to, limit, &s->stmt, err, sizeof err) != 0) {
        if (!s->stmt && strcmp(err, "nothing to search for") == 0) return lb_argerror(L, 1, "no words to search for");
        return luaL_error(L, "%s: %s", lb_funcname(L), err);
    }
    push_all(L, s);                                         /* text opts stmt rows */
    return 1;
}

static int data_mentions(lua_State *L)
{
    static const char *const known[] = {"kind", "from", "to", "limit", NULL};
    const char *kind = NULL, *from = NULL, *to = NULL;
    lua_Integer limit = -1;
    data_stmt *s;
    char err[512];

    if (lb_opttable(L, 1)) {
        lb_check_fields(L, 1, known);
        kind = lb_optfield_string(L, 1, "kind", NULL);
        if (kind && strcmp(kind, "place") && strcmp(kind, "org") && strcmp(kind, "term"))
            lb_argerror(L, 1, lua_pushfstring(L, "field 'kind': 'place', 'org' or 'term' expected, got '%s'", kind));
        from = checkdate(L, 1, "from", lb_optfield_string(L, 1, "from", NULL));
        to = checkdate(L, 1, "to", lb_optfield_string(L, 1, "to", NULL));
        limit = opt_limit(L, 1, -1);
    }
    lua_settop(L, 1);
    s = new_stmt(L);                                        /* opts stmt */
    if (query_mentions(lb_runtime_db(L), kind, from, to, limit, &s->stmt, err, sizeof err) != 0)
        return luaL_error(L, "%s: %s", lb_funcname(L), err);
    push_all(L, s);                                         /* opts stmt rows */
    return 1;
}

static const lb_func data_funcs[] = {
    {"query", data_query},
    {"rows", data_rows},
    {"row", data_row},
    {"value", data_value},
    {"articles", data_articles},
    {"search", data_search},
    {"mentions", data_mentions},
    {NULL, NULL},
};

int lb_open_data(lua_State *L)
{
    if (luaL_newmetatable(L, STMT_TYPE)) {                  /* mt */
        lua_pushcfunction(L, stmt_gc);                      /* mt gc */
        lua_setfield(L, -2, "__gc");                        /* mt */
        lua_pushcfunction(L, stmt_gc);                      /* mt gc */
        lua_setfield(L, -2, "__close");                     /* mt */
        lua_pushliteral(L, "protected");                    /* mt str */
        lua_setfield(L, -2, "__metatable");                 /* mt */
    }
    lua_pop(L, 1);                                          /* */
    lb_module_new(L, "data", data_funcs);                   /* data */
    lb_data_add_corrections(L);                             /* data */
    return 1;
}
