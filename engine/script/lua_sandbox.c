/* lua_sandbox.c — the libraries a report script may use (Redis's model: an
 * allow-list of libraries, the dangerous functions replaced by ones that
 * raise a clear error), or all of them under --trust. Like linit.c, this
 * file is the one place that decides what a script's state holds. */
#include "script/lua_brief.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <lualib.h>

#include "util/sbuf.h"

#define TRUST_HINT "is not allowed in a sandboxed script; run with --trust"

/* A withheld function: raises "os.execute is not allowed ..." with the
 * script's position. Upvalue 1: the function's name. */
static int denied(lua_State *L)
{
    return luaL_error(L, "%s " TRUST_HINT, lua_tostring(L, lua_upvalueindex(1)));
}

/* t[name] = denied function naming "lib.name"; t at the top. */
static void deny(lua_State *L, const char *lib, const char *name)
{
    if (lib) lua_pushfstring(L, "%s.%s", lib, name);        /* t qname */
    else lua_pushstring(L, name);                           /* t qname */
    lua_pushcclosure(L, denied, 1);                         /* t fn */
    lua_setfield(L, -2, name);                              /* t */
}

/* load, text chunks only: binary chunks bypass the bytecode verifier Lua
 * 5.4 no longer has, so they are refused. Upvalue 1: the real load. */
static int safe_load(lua_State *L)
{
    int n = lua_gettop(L);
    const char *mode = luaL_optstring(L, 3, "t");
    size_t len;
    const char *s = lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &len) : NULL;

    if (strchr(mode, 'b') || (s && len > 0 && s[0] == LUA_SIGNATURE[0]))
        return luaL_error(L, "load of a binary chunk " TRUST_HINT);
    if (n < 3) lua_settop(L, 3);
    lua_pushliteral(L, "t");                                /* args... "t" */
    lua_replace(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));                  /* args... load */
    lua_insert(L, 1);                                       /* load args... */
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* collectgarbage without the options that change the collector's policy:
 * a script may collect and measure, not stop the collector. Upvalue 1: the
 * real collectgarbage. */
static int safe_collectgarbage(lua_State *L)
{
    static const char *const allowed[] = {"collect", "count", "step", "isrunning", NULL};
    const char *opt = luaL_optstring(L, 1, "collect");
    int i;
    for (i = 0; allowed[i]; i++)
        if (strcmp(opt, allowed[i]) == 0) {
            lua_pushvalue(L, lua_upvalueindex(1));          /* args... cg */
            lua_insert(L, 1);                               /* cg args... */
            lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
            return lua_gettop(L);
        }
    return luaL_error(L, "collectgarbage('%s') " TRUST_HINT, opt);
}

/* setmetatable refusing finalizers: Lua runs __gc with debug hooks
 * switched off (lgc.c GCTM), so a looping finalizer would escape the time
 * limit. An object is marked for finalization only when its metatable has
 * a __gc field at setmetatable time (manual 2.5.3), so refusing such
 * metatables here is enough: a __gc added later is never called. Upvalue
 * 1: the real setmetatable. */
static int safe_setmetatable(lua_State *L)
{
    /* The real setmetatable's own checks, so errors name this function. */
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, lua_isnoneornil(L, 2) || lua_istable(L, 2), 2, "nil or table");
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");                         /* ... "__gc" */
        if (lua_rawget(L, 2) != LUA_TNIL)                   /* ... gc */
            return luaL_error(L, "a __gc metamethod " TRUST_HINT " (finalizers run outside the time limit)");
        lua_pop(L, 1);                                      /* ... */
    }
    lua_pushvalue(L, lua_upvalueindex(1));                  /* args... setmetatable */
    lua_insert(L, 1);                                       /* setmetatable args... */
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* The database's own files may not be read by a sandboxed script: its
 * bytes would bypass the read-only SQL connection (and the -wal holds
 * changes not yet in the main file). Compared by device and inode, so a
 * relative path, "./", "//" or a symlink to them is refused as well. */
static const char *const db_suffixes[] = {"", "-wal", "-shm", "-journal", NULL};

static int is_database_file(lua_State *L, const char *path)
{
    const lb_runtime *rt = lb_runtime_get(L);
    const char *db = rt && rt->options ? rt->options->db_path : NULL;
    struct stat target, sb;
    char file[4200];
    int i;

    if (!db || stat(path, &target) != 0) return 0;
    for (i = 0; db_suffixes[i]; i++) {
        snprintf(file, sizeof file, "%s%s", db, db_suffixes[i]);
        if (stat(file, &sb) == 0 && sb.st_dev == target.st_dev && sb.st_ino == target.st_ino) return 1;
    }
    return 0;
}

static int refuse_database_file(lua_State *L, const char *fn, const char *path)
{
    return luaL_error(L, "%s('%s'): the database file " TRUST_HINT " (query it with brief.data)", fn, path);
}

/* io.lines(path): as io.open, never the database. Upvalue 1: the real one. */
static int safe_lines(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING && is_database_file(L, lua_tostring(L, 1)))
        return refuse_database_file(L, "io.lines", lua_tostring(L, 1));
    lua_pushvalue(L, lua_upvalueindex(1));                  /* args... lines */
    lua_insert(L, 1);                                       /* lines args... */
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* io.open for reading only. Upvalue 1: the real io.open. */
static int safe_open(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    const char *mode = luaL_optstring(L, 2, "r");
    if (mode[0] != 'r' || strchr(mode, '+'))
        return luaL_error(L, "io.open in mode '%s' " TRUST_HINT " (files may only be read)", mode);
    if (is_database_file(L, path)) return refuse_database_file(L, "io.open", path);
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));                  /* path mode open */
    lua_insert(L, 1);                                       /* open path mode */
    lua_call(L, 2, LUA_MULTRET);
    return lua_gettop(L);
}

/* require for Lua files only, found through package.path (rooted at the
 * script's directory), loaded as text into the sandboxed globals. Upvalue
 * 1: the package table. */
static int safe_require(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const char *path;
    sbuf tried = SBUF_INIT;
    char file[4096];

    lua_settop(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); /* name loaded */
    if (lua_getfield(L, 2, name) != LUA_TNIL) return 1;     /* name loaded value */
    lua_pop(L, 1);                                          /* name loaded */
    lua_getfield(L, lua_upvalueindex(1), "path");           /* name loaded path */
    path = lua_tostring(L, -1);
    if (!path) return luaL_error(L, "package.path must be a string");
    /* Module "a.b" is file "a/b" in each template of the path. */
    lua_pushstring(L, luaL_gsub(L, name, ".", "/"));        /* name loaded path fname' fname */
    lua_remove(L, -2);                                      /* name loaded path fname */
    while (*path) {
        const char *end = strchr(path, ';');
        size_t tlen = end ? (size_t)(end - path) : strlen(path);
        FILE *f;
        if (tlen > 0 && tlen < sizeof file) {
            char templ[4096];
            memcpy(templ, path, tlen);
            templ[tlen] = '\0';
            const char *fname = luaL_gsub(L, templ, "?", lua_tostring(L, 4)); /* ... fname file */
            snprintf(file, sizeof file, "%s", fname);
            lua_pop(L, 1);                                  /* name loaded path fname */
            f = fopen(file, "r");
            if (f) {
                fclose(f);
                sbuf_free(&tried);
                if (is_database_file(L, file)) return refuse_database_file(L, "require", file);
                if (luaL_loadfilex(L, file, "t") != LUA_OK) /* ... chunk | err */
                    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, file,
                                      lua_tostring(L, -1));
                lb_runtime_add_module(lb_runtime_get(L), file);
                lua_pushvalue(L, 1);                        /* ... chunk name */
                lua_pushstring(L, file);                    /* ... chunk name file */
                lua_call(L, 2, 1);                          /* ... result */
                if (lua_isnil(L, -1)) {
                    lua_pop(L, 1);
                    lua_pushboolean(L, 1);                  /* ... true */
                }
                lua_pushvalue(L, -1);                       /* ... result result */
                lua_setfield(L, 2, name);                   /* ... result */
                lua_pushstring(L, file);                    /* ... result file */
                return 2;
            }
            sbuf_printf(&tried, "\n\tno file '%s'", file);
        }
        path = end ? end + 1 : path + tlen;
    }
    luaL_where(L, 1);                                       /* ... "script.lua:3: " */
    lua_pushfstring(L, "module '%s' not found:%s\n\t(C modules are not allowed in a sandboxed script; run with --trust)",
                    name, tried.data ? tried.data : "");
    sbuf_free(&tried);
    lua_concat(L, 2);                                       /* ... message */
    return lua_error(L);
}

static void open_lib(lua_State *L, const char *name, lua_CFunction open)
{
    luaL_requiref(L, name, open, 1);                        /* lib */
    lua_pop(L, 1);                                          /* */
}

static void push_package_path(lua_State *L, const char *dir, int with_default)
{
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", dir, dir); /* path */
    if (with_default) {
        lua_getglobal(L, "package");                        /* path package */
        lua_getfield(L, -1, "path");                        /* path package default */
        lua_remove(L, -2);                                  /* path default */
        lua_pushliteral(L, ";");                            /* path default ; */
        lua_insert(L, -2);                                  /* path ; default */
        lua_concat(L, 3);                                   /* path */
    }
}

static void open_sandbox(lua_State *L, const char *dir)
{
    static const char *const os_denied[] = {"execute", "exit", "remove", "rename", "tmpname", "getenv",
                                            "setlocale", NULL};
    static const char *const os_allowed[] = {"time", "clock", "date", "difftime", NULL};
    static const char *const io_denied[] = {"popen", "tmpfile", "output", "input", "close", NULL};
    static const char *const io_allowed[] = {"lines", "read", "write", "type", "stdin", "stdout", "stderr", NULL};
    static const char *const debug_denied[] = {"debug", "gethook", "getinfo", "getlocal", "getmetatable",
                                               "getregistry", "getupvalue", "getuservalue", "sethook",
                                               "setlocal", "setmetatable", "setupvalue", "setuservalue",
                                               "upvalueid", "upvaluejoin", "setcstacklimit", NULL};
    const char *const *k;

    open_lib(L, LUA_GNAME, luaopen_base);
    open_lib(L, LUA_TABLIBNAME, luaopen_table);
    open_lib(L, LUA_STRLIBNAME, luaopen_string);
    open_lib(L, LUA_MATHLIBNAME, luaopen_math);
    open_lib(L, LUA_UTF8LIBNAME, luaopen_utf8);

    lua_pushglobaltable(L);                                 /* G */
    deny(L, NULL, "dofile");
    deny(L, NULL, "loadfile");
    lua_getfield(L, -1, "load");                            /* G load */
    lua_pushcclosure(L, safe_load, 1);                      /* G safe_load */
    lua_setfield(L, -2, "load");                            /* G */
    lua_getfield(L, -1, "setmetatable");                    /* G setmetatable */
    lua_pushcclosure(L, safe_setmetatable, 1);              /* G safe_setmetatable */
    lua_setfield(L, -2, "setmetatable");                    /* G */
    lua_getfield(L, -1, "collectgarbage");                  /* G cg */
    lua_pushcclosure(L, safe_collectgarbage, 1);            /* G safe_cg */
    lua_setfield(L, -2, "collectgarbage");                  /* G */

    /* string: no dump (bytecode out means bytecode back in elsewhere), and
     * the metatable of strings shared by every string hidden behind
     * __metatable, so getmetatable("").__index cannot be replaced. */
    lua_getfield(L, -1, "string");                          /* G string */
    deny(L, "string", "dump");
    lua_pop(L, 1);                                          /* G */
    lua_pushliteral(L, "");                                 /* G "" */
    if (lua_getmetatable(L, -1)) {                          /* G "" mt */
        lua_pushliteral(L, "the string metatable is protected"); /* G "" mt msg */
        lua_setfield(L, -2, "__metatable");                 /* G "" mt */
        lua_pop(L, 1);                                      /* G "" */
    }
    lua_pop(L, 1);                                          /* G */

    /* os: the clock only. The real library is opened but not made global;
     * its functions are copied one by one. */
    luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);         /* G realos */
    lua_newtable(L);                                        /* G realos os */
    for (k = os_allowed; *k; k++) {
        lua_getfield(L, -2, *k);                            /* G realos os fn */
        lua_setfield(L, -2, *k);                            /* G realos os */
    }
    for (k = os_denied; *k; k++) deny(L, "os", *k);
    lua_setfield(L, -3, "os");                              /* G realos */
    lua_pop(L, 1);                                          /* G */

    /* io: reading files, writing to stdout/stderr. */
    luaL_requiref(L, LUA_IOLIBNAME, luaopen_io, 0);         /* G realio */
    lua_newtable(L);                                        /* G realio io */
    for (k = io_allowed; *k; k++) {
        lua_getfield(L, -2, *k);                            /* G realio io fn */
        lua_setfield(L, -2, *k);                            /* G realio io */
    }
    lua_getfield(L, -2, "open");                            /* G realio io open */
    lua_pushcclosure(L, safe_open, 1);                      /* G realio io safe_open */
    lua_setfield(L, -2, "open");                            /* G realio io */
    lua_getfield(L, -2, "lines");                           /* G realio io lines */
    lua_pushcclosure(L, safe_lines, 1);                     /* G realio io safe_lines */
    lua_setfield(L, -2, "lines");                           /* G realio io */
    for (k = io_denied; *k; k++) deny(L, "io", *k);
    lua_setfield(L, -3, "io");                              /* G realio */
    lua_pop(L, 1);                                          /* G */

    /* debug: only traceback, which reads nothing it should not. */
    luaL_requiref(L, LUA_DBLIBNAME, luaopen_debug, 0);      /* G realdebug */
    lua_newtable(L);                                        /* G realdebug debug */
    lua_getfield(L, -2, "traceback");                       /* G realdebug debug tb */
    lua_setfield(L, -2, "traceback");                       /* G realdebug debug */
    for (k = debug_denied; *k; k++) deny(L, "debug", *k);
    lua_setfield(L, -3, "debug");                           /* G realdebug */
    lua_pop(L, 1);                                          /* G */
    /* The real os, io and debug stay reachable from package.loaded only if
     * left there: remove them. */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); /* G loaded */
    lua_pushnil(L);
    lua_setfield(L, -2, LUA_OSLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, LUA_IOLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, LUA_DBLIBNAME);

    /* package: the path of require, no C loader. */
    lua_newtable(L);                                        /* G loaded package */
    push_package_path(L, dir, 0);                           /* G loaded package path */
    lua_setfield(L, -2, "path");                            /* G loaded package */
    lua_pushliteral(L, "");                                 /* G loaded package "" */
    lua_setfield(L, -2, "cpath");                           /* G loaded package */
    lua_pushvalue(L, -2);                                   /* G loaded package loaded */
    lua_setfield(L, -2, "loaded");                          /* G loaded package */
    deny(L, "package", "loadlib");
    deny(L, "package", "searchpath");
    lua_pushvalue(L, -1);                                   /* G loaded package package */
    lua_setfield(L, -4, "package");                         /* G loaded package */
    lua_pushcclosure(L, safe_require, 1);                   /* G loaded require */
    lua_setfield(L, -3, "require");                         /* G loaded */
    lua_pop(L, 2);                                          /* */
}

/* Trusted scripts keep the standard require; this wraps its Lua-file
 * searcher (package.searchers[2]) to record the files it finds, for
 * --watch. Upvalue 1: the standard searcher. */
static int recording_searcher(lua_State *L)
{
    int n;
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));                  /* name searcher */
    lua_pushvalue(L, 1);                                    /* name searcher name */
    lua_call(L, 1, LUA_MULTRET);                            /* name results... */
    n = lua_gettop(L) - 1;
    if (n >= 2 && lua_isfunction(L, 2) && lua_type(L, 3) == LUA_TSTRING)
        lb_runtime_add_module(lb_runtime_get(L), lua_tostring(L, 3));
    return n;
}

int lb_sandbox_open(lua_State *L, int trust)
{
    lb_runtime *rt = lb_runtime_get(L);
    if (trust) {
        luaL_openlibs(L);
        lua_getglobal(L, "package");                        /* package */
        push_package_path(L, rt->script_dir, 1);            /* package path */
        lua_setfield(L, -2, "path");                        /* package */
        lua_getfield(L, -1, "searchers");                   /* package searchers */
        lua_geti(L, -1, 2);                                 /* package searchers lua_searcher */
        lua_pushcclosure(L, recording_searcher, 1);         /* package searchers wrapped */
        lua_seti(L, -2, 2);                                 /* package searchers */
        lua_pop(L, 2);                                      /* */
    } else {
        open_sandbox(L, rt->script_dir);
    }
    return 0;
}
