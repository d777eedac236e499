/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_sandbox.c — the libraries a report script may use beyond the
 * sandbox's own (sandbox.h): a read-only io and require whose files pass
 * the run's file rules (fspolicy.h, through lb_check_read), a clock-only
 * os, debug.traceback; or all of them under --trust. Like linit.c, this
 * file is the one place that decides what a script's state holds. */
#include "script/lua_brief.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <lualib.h>


/* io.lines(path): as io.open, the file must pass the rules. io.lines()
 * without a file reads standard input. Upvalue 1: the real one. */
static int safe_lines(lua_State *L)
{
    char resolved[PATH_MAX];
    if (lua_type(L, 1) == LUA_TSTRING) {
        if (lb_check_read(L, "io.lines", lua_tostring(L, 1), resolved, sizeof resolved) != FSPOLICY_OK)
            return luaL_error(L, "%s", resolved);
        lua_pushstring(L, resolved);                        /* path args... resolved */
        lua_replace(L, 1);                                  /* resolved args... */
    }
    lua_pushvalue(L, lua_upvalueindex(1));                  /* args... lines */
    lua_insert(L, 1);                                       /* lines args... */
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* io.open for reading only, of a file the rules allow; a file that does
 * not exist gives nil, message as io.open does. Upvalue 1: the real one. */
static int safe_open(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    const char *mode = luaL_optstring(L, 2, "r");
    char resolved[PATH_MAX];
    int rc;
    if (mode[0] != 'r' || strchr(mode, '+')) {
        lua_pushfstring(L, "io.open in mode '%s'", mode);
        return sandbox_refuse(L, lua_tostring(L, -1));
    }
    rc = lb_check_read(L, "io.open", path, resolved, sizeof resolved);
    if (rc == FSPOLICY_MISSING) {
        luaL_pushfail(L);
        lua_pushstring(L, resolved);
        lua_pushinteger(L, ENOENT);
        return 3;
    }
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));                  /* path mode open */
    lua_pushstring(L, resolved);                            /* path mode open resolved */
    lua_pushvalue(L, 2);                                    /* path mode open resolved mode */
    lua_call(L, 2, LUA_MULTRET);
    return lua_gettop(L) - 2;
}

/* require for Lua files only, found through package.path (rooted at the
 * script's directory; a script may change it, the rules still hold),
 * loaded as text into the sandboxed globals. Upvalue 1: the package table. */
static int safe_require(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const char *path;
    char file[PATH_MAX];

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
    lua_pushliteral(L, "");                                 /* name loaded path fname tried */
    while (*path) {
        const char *end = strchr(path, ';');
        size_t tlen = end ? (size_t)(end - path) : strlen(path);
        if (tlen > 0 && tlen < sizeof file) {
            char templ[PATH_MAX];
            const char *candidate;
            memcpy(templ, path, tlen);
            templ[tlen] = '\0';
            candidate = luaL_gsub(L, templ, "?", lua_tostring(L, 4)); /* ... tried candidate */
            if (lb_check_read(L, "require", candidate, file, sizeof file) == FSPOLICY_OK) {
                if (luaL_loadfilex(L, file, "t") != LUA_OK) /* ... candidate chunk | err */
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
            lua_pushfstring(L, "%s\n\tno file '%s'", lua_tostring(L, 5), candidate); /* ... tried candidate tried' */
            lua_replace(L, 5);                              /* ... tried' candidate */
            lua_pop(L, 1);                                  /* ... tried' */
        }
        path = end ? end + 1 : path + tlen;
    }
    luaL_where(L, 1);                                       /* ... tried where */
    lua_pushfstring(L, "module '%s' not found:%s\n\t(C modules are not allowed in a sandboxed script; run with --trust)",
                    name, lua_tostring(L, 5));              /* ... tried where msg */
    lua_concat(L, 2);                                       /* ... tried message */
    return lua_error(L);
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

/* Copies the functions names of lib (on top) into a new table, on top;
 * then denies the names of denied in it. */
static void copy_functions(lua_State *L, const char *lib, const char *const *names, const char *const *denied)
{
    lua_newtable(L);                                        /* real copy */
    for (; *names; names++) {
        lua_getfield(L, -2, *names);                        /* real copy fn */
        lua_setfield(L, -2, *names);                        /* real copy */
    }
    for (; *denied; denied++) sandbox_deny(L, lib, *denied);
}

static void open_sandbox(lua_State *L, const char *dir)
{
    static const char *const os_allowed[] = {"time", "clock", "date", "difftime", NULL};
    static const char *const os_denied[] = {"execute", "exit", "remove", "rename", "tmpname", "getenv",
                                            "setlocale", NULL};
    static const char *const io_allowed[] = {"read", "write", "type", "stdin", "stdout", "stderr", NULL};
    static const char *const io_denied[] = {"popen", "tmpfile", "output", "input", "close", NULL};
    static const char *const debug_allowed[] = {"traceback", NULL};
    static const char *const debug_denied[] = {"debug", "gethook", "getinfo", "getlocal", "getmetatable",
                                               "getregistry", "getupvalue", "getuservalue", "sethook",
                                               "setlocal", "setmetatable", "setupvalue", "setuservalue",
                                               "upvalueid", "upvaluejoin", "setcstacklimit", NULL};

    lua_pushglobaltable(L);                                 /* G */
    /* os: the clock only. The real library is opened but not made global;
     * its functions are copied one by one. */
    luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);         /* G realos */
    copy_functions(L, LUA_OSLIBNAME, os_allowed, os_denied); /* G realos os */
    lua_setfield(L, -3, LUA_OSLIBNAME);                     /* G realos */
    lua_pop(L, 1);                                          /* G */

    /* io: reading files the rules allow, writing to stdout and stderr. The
     * files' metatable is protected: a script that reached it could give
     * files a Lua __gc, which Lua runs with hooks off. */
    luaL_requiref(L, LUA_IOLIBNAME, luaopen_io, 0);         /* G realio */
    copy_functions(L, LUA_IOLIBNAME, io_allowed, io_denied); /* G realio io */
    lua_getfield(L, -2, "open");                            /* G realio io open */
    lua_pushcclosure(L, safe_open, 1);                      /* G realio io safe_open */
    lua_setfield(L, -2, "open");                            /* G realio io */
    lua_getfield(L, -2, "lines");                           /* G realio io lines */
    lua_pushcclosure(L, safe_lines, 1);                     /* G realio io safe_lines */
    lua_setfield(L, -2, "lines");                           /* G realio io */
    lua_setfield(L, -3, LUA_IOLIBNAME);                     /* G realio */
    lua_pop(L, 1);                                          /* G */
    if (luaL_getmetatable(L, LUA_FILEHANDLE) == LUA_TTABLE) { /* G filemt */
        lua_pushliteral(L, "the metatable of files is protected"); /* G filemt msg */
        lua_setfield(L, -2, "__metatable");                 /* G filemt */
    }
    lua_pop(L, 1);                                          /* G */

    /* debug: only traceback, which reads nothing it should not. */
    luaL_requiref(L, LUA_DBLIBNAME, luaopen_debug, 0);      /* G realdebug */
    copy_functions(L, LUA_DBLIBNAME, debug_allowed, debug_denied); /* G realdebug debug */
    lua_setfield(L, -3, LUA_DBLIBNAME);                     /* G realdebug */
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
    sandbox_deny(L, "package", "loadlib");
    sandbox_deny(L, "package", "searchpath");
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
