/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sandbox.c — the Lua state of a script or a manifest: counted memory, a
 * count hook for time and instructions, and the base libraries with their
 * holes closed (see sandbox.h). */
#include "script/sandbox.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lauxlib.h>
#include <lualib.h>

/* Redis checks its deadline every 100000 instructions; 10000 keeps the
 * overshoot of --timeout 1 to well under a millisecond. */
#define HOOK_STEP 10000

enum { STOP_NONE, STOP_CLOCK, STOP_INSTRUCTIONS, STOP_CANCEL };

struct sandbox {
    lua_State *L;
    sandbox_limits limits;
    void *user;
    size_t used_bytes;
    int memory_refused;           /* the allocator refused a request */
    struct timespec deadline;     /* CLOCK_MONOTONIC, when limits.timeout_s > 0 */
    long long instructions_run;   /* counted by the hook, HOOK_STEP at a time */
    int stop;                     /* STOP_*: latched once over */
};

sandbox *sandbox_get(lua_State *L)
{
    return *(sandbox **)lua_getextraspace(L);
}

void *sandbox_user(lua_State *L)
{
    return sandbox_get(L)->user;
}

lua_State *sandbox_state(sandbox *sb)
{
    return sb->L;
}

/* lua_Alloc that counts the bytes held by the state and refuses a request
 * that would pass the budget; Lua then collects garbage and retries once
 * before raising "not enough memory". */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    sandbox *sb = ud;
    void *p;

    if (!ptr) osize = 0;  /* osize then encodes the object's type, not a size */
    if (nsize == 0) {
        free(ptr);
        sb->used_bytes -= osize;
        return NULL;
    }
    if (nsize > osize && nsize - osize > sb->limits.memory_bytes - sb->used_bytes) {
        sb->memory_refused = 1;
        return NULL;
    }
    p = realloc(ptr, nsize);
    if (!p) return NULL;
    sb->used_bytes = sb->used_bytes - osize + nsize;
    return p;
}

size_t sandbox_memory_limit(const sandbox *sb)
{
    return sb->limits.memory_bytes;
}

static void limit_hook(lua_State *L, lua_Debug *ar);

int sandbox_over_time(sandbox *sb)
{
    struct timespec now;
    if (sb->stop != STOP_NONE) return 1;
    if (sb->limits.cancel && *sb->limits.cancel) {
        sb->stop = STOP_CANCEL;
    } else if (sb->limits.timeout_s > 0) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > sb->deadline.tv_sec ||
            (now.tv_sec == sb->deadline.tv_sec && now.tv_nsec >= sb->deadline.tv_nsec))
            sb->stop = STOP_CLOCK;
    }
    if (sb->stop == STOP_NONE) return 0;
    /* Seen first by someone else (SQLite's progress handler): from the
     * next instruction on, the hook raises at every one. */
    lua_sethook(sb->L, limit_hook, LUA_MASKCOUNT, 1);
    return 1;
}

int sandbox_stopped(const sandbox *sb)
{
    switch (sb->stop) {
    case STOP_CLOCK:
    case STOP_INSTRUCTIONS: return SANDBOX_TIMEOUT;
    case STOP_CANCEL: return SANDBOX_CANCELLED;
    default: return sb->memory_refused ? SANDBOX_MEMORY : SANDBOX_RUNNING;
    }
}

void sandbox_message(const sandbox *sb, int why, char *out, size_t outlen)
{
    const char *who = sb->limits.subject;
    if (why == SANDBOX_MEMORY)
        snprintf(out, outlen, "%s exceeded its memory limit of %.4g MB", who,
                 (double)sb->limits.memory_bytes / (1024.0 * 1024.0));
    else if (why == SANDBOX_CANCELLED)
        snprintf(out, outlen, "%s interrupted", who);
    else if (sb->stop == STOP_INSTRUCTIONS)
        snprintf(out, outlen, "%s takes too long to evaluate (over %lld million instructions)", who,
                 sb->limits.instructions / 1000000);
    else
        snprintf(out, outlen, "%s exceeded its time limit of %g s", who, sb->limits.timeout_s);
}

/* Count hook: once over a limit it raises at every instruction, so a pcall
 * that catches the error cannot keep the code running: the next
 * instruction after it raises again. */
static void limit_hook(lua_State *L, lua_Debug *ar)
{
    sandbox *sb = sandbox_get(L);
    char msg[128];
    (void)ar;
    if (sb->stop == STOP_NONE && sb->limits.instructions > 0) {
        sb->instructions_run += HOOK_STEP;
        if (sb->instructions_run > sb->limits.instructions) sb->stop = STOP_INSTRUCTIONS;
    }
    if (!sandbox_over_time(sb)) return;
    lua_sethook(L, limit_hook, LUA_MASKCOUNT, 1);
    sandbox_message(sb, sandbox_stopped(sb), msg, sizeof msg);
    luaL_where(L, 0);                                       /* "script.lua:12: " */
    lua_pushstring(L, msg);
    lua_concat(L, 2);                                       /* "script.lua:12: script exceeded ..." */
    lua_error(L);
}

sandbox *sandbox_create(const sandbox_limits *limits, void *user)
{
    sandbox *sb = calloc(1, sizeof *sb);
    struct timespec now;
    if (!sb) return NULL;
    sb->limits = *limits;
    sb->user = user;
    if (limits->timeout_s > 0) {
        double whole = (double)(time_t)limits->timeout_s;
        clock_gettime(CLOCK_MONOTONIC, &now);
        sb->deadline.tv_sec = now.tv_sec + (time_t)limits->timeout_s;
        sb->deadline.tv_nsec = now.tv_nsec + (long)((limits->timeout_s - whole) * 1e9);
        if (sb->deadline.tv_nsec >= 1000000000L) {
            sb->deadline.tv_sec++;
            sb->deadline.tv_nsec -= 1000000000L;
        }
    }
    sb->L = lua_newstate(counting_alloc, sb);
    if (!sb->L) {
        free(sb);
        return NULL;
    }
    *(sandbox **)lua_getextraspace(sb->L) = sb;
    lua_sethook(sb->L, limit_hook, LUA_MASKCOUNT, HOOK_STEP);
    return sb;
}

void sandbox_destroy(sandbox *sb)
{
    if (!sb) return;
    lua_close(sb->L);   /* the allocator still counts into sb */
    free(sb);
}

/* ---- the libraries ---- */

int sandbox_refuse(lua_State *L, const char *what)
{
    return luaL_error(L, "%s %s", what, sandbox_get(L)->limits.refusal);
}

/* A withheld function. Upvalue 1: its name. */
static int denied(lua_State *L)
{
    return sandbox_refuse(L, lua_tostring(L, lua_upvalueindex(1)));
}

void sandbox_deny(lua_State *L, const char *lib, const char *name)
{
    if (lib) lua_pushfstring(L, "%s.%s", lib, name);        /* t qname */
    else lua_pushstring(L, name);                           /* t qname */
    lua_pushcclosure(L, denied, 1);                         /* t fn */
    lua_setfield(L, -2, name);                              /* t */
}

/* Calls the function in upvalue 1 with the arguments as they are. */
static int call_original(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));                  /* args... original */
    lua_insert(L, 1);                                       /* original args... */
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
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
        return sandbox_refuse(L, "load of a binary chunk");
    if (n < 3) lua_settop(L, 3);
    lua_pushliteral(L, "t");                                /* args... "t" */
    lua_replace(L, 3);
    return call_original(L);
}

/* collectgarbage without the options that change the collector's policy:
 * a script may collect and measure, not stop the collector. */
static int safe_collectgarbage(lua_State *L)
{
    static const char *const allowed[] = {"collect", "count", "step", "isrunning", NULL};
    const char *opt = luaL_optstring(L, 1, "collect");
    int i;
    for (i = 0; allowed[i]; i++)
        if (strcmp(opt, allowed[i]) == 0) return call_original(L);
    lua_pushfstring(L, "collectgarbage('%s')", opt);
    return sandbox_refuse(L, lua_tostring(L, -1));
}

/* setmetatable refusing finalizers: Lua runs __gc with debug hooks
 * switched off (lgc.c GCTM), so a looping finalizer would escape the time
 * limit. An object is marked for finalization only when its metatable has
 * a __gc field at setmetatable time (manual 2.5.3), so refusing such
 * metatables here is enough: a __gc added later is never called. */
static int safe_setmetatable(lua_State *L)
{
    /* The real setmetatable's own checks, so errors name this function. */
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, lua_isnoneornil(L, 2) || lua_istable(L, 2), 2, "nil or table");
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");                         /* ... "__gc" */
        if (lua_rawget(L, 2) != LUA_TNIL)                   /* ... gc */
            return sandbox_refuse(L, "a __gc metamethod");
        lua_pop(L, 1);                                      /* ... */
    }
    return call_original(L);
}

/* getmetatable that never hands out the metatable of a value other than a
 * table: the metatables of C objects (documents, statements, files) hold
 * their __gc and methods, and a script that could reach them could set a
 * Lua finalizer or swap a method. Such a value gets its __metatable field,
 * or nil. */
static int safe_getmetatable(lua_State *L)
{
    luaL_checkany(L, 1);
    if (lua_type(L, 1) == LUA_TTABLE) return call_original(L);
    if (!lua_getmetatable(L, 1)) {                          /* v */
        lua_pushnil(L);                                     /* v nil */
        return 1;
    }
    lua_pushliteral(L, "__metatable");                      /* v mt key */
    lua_rawget(L, -2);                                      /* v mt field|nil */
    return 1;
}

/* The message handler of an xpcall, guarded: once the sandbox is over a
 * limit the error passes through untouched. When the error comes from
 * the count hook, Lua runs the handler with hooks off, so a handler that
 * loops would never be stopped. Upvalue 1: the script's handler. */
static int guarded_handler(lua_State *L)
{
    sandbox *sb = sandbox_get(L);
    if (sandbox_over_time(sb)) {
        lua_sethook(L, limit_hook, LUA_MASKCOUNT, 1);       /* re-armed for when the error unwinds */
        lua_settop(L, 1);
        return 1;                                           /* the error as it is */
    }
    lua_pushvalue(L, lua_upvalueindex(1));                  /* err handler */
    lua_insert(L, 1);                                       /* handler err */
    lua_call(L, lua_gettop(L) - 1, 1);                      /* result */
    return 1;
}

/* xpcall(f, msgh, ...), as lbaselib.c's, with msgh guarded. */
static int safe_xpcall(lua_State *L)
{
    int n = lua_gettop(L), status;
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);                                    /* f msgh args... msgh */
    lua_pushcclosure(L, guarded_handler, 1);                /* f msgh args... guarded */
    lua_replace(L, 2);                                      /* f guarded args... */
    lua_pushboolean(L, 1);                                  /* f guarded args... true */
    lua_pushvalue(L, 1);                                    /* f guarded args... true f */
    lua_rotate(L, 3, 2);                                    /* f guarded true f args... */
    status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
    if (status != LUA_OK) {
        lua_pushboolean(L, 0);                              /* ... err false */
        lua_pushvalue(L, -2);                               /* ... err false err */
        return 2;
    }
    return lua_gettop(L) - 2;                               /* true results... */
}

static void wrap(lua_State *L, const char *name, lua_CFunction fn)
{
    lua_getfield(L, -1, name);                              /* G original */
    lua_pushcclosure(L, fn, 1);                             /* G wrapped */
    lua_setfield(L, -2, name);                              /* G */
}

int sandbox_open_libs(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base}, {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL},
    };
    const luaL_Reg *lib;

    for (lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);          /* lib */
        lua_pop(L, 1);                                      /* */
    }
    lua_pushglobaltable(L);                                 /* G */
    sandbox_deny(L, NULL, "dofile");
    sandbox_deny(L, NULL, "loadfile");
    wrap(L, "load", safe_load);
    wrap(L, "setmetatable", safe_setmetatable);
    wrap(L, "getmetatable", safe_getmetatable);
    wrap(L, "collectgarbage", safe_collectgarbage);
    lua_pushcfunction(L, safe_xpcall);                      /* G xpcall */
    lua_setfield(L, -2, "xpcall");                          /* G */

    /* string: no dump (bytecode out means bytecode back in elsewhere), and
     * the metatable of strings shared by every string hidden behind
     * __metatable, so getmetatable("").__index cannot be replaced. */
    lua_getfield(L, -1, LUA_STRLIBNAME);                    /* G string */
    sandbox_deny(L, LUA_STRLIBNAME, "dump");
    lua_pop(L, 1);                                          /* G */
    lua_pushliteral(L, "");                                 /* G "" */
    if (lua_getmetatable(L, -1)) {                          /* G "" mt */
        lua_pushliteral(L, "the string metatable is protected"); /* G "" mt msg */
        lua_setfield(L, -2, "__metatable");                 /* G "" mt */
        lua_pop(L, 1);                                      /* G "" */
    }
    lua_pop(L, 2);                                          /* */
    return 0;
}
