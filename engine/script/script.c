/* script.c — runs one Lua report script: a fresh state with a counting
 * allocator and a deadline hook, the sandboxed libraries and the brief API,
 * the error report, and the outputs committed only on success (script.h). */
#include "script/script.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lualib.h>

#include "script/lua_brief.h"
#include "util/paths.h"
#include "util/sbuf.h"

#ifndef BRIEF_VERSION
#define BRIEF_VERSION "dev"
#endif

#define DEFAULT_MEMORY_BYTES ((size_t)512 * 1024 * 1024)
#define DEFAULT_TIMEOUT_S 120.0
/* Redis checks its deadline every 100000 instructions; 10000 keeps the
 * overshoot of --timeout 1 to well under a millisecond. */
#define HOOK_COUNT 10000

/* The modules of the brief table, in the order they are opened. brief.doc
 * (the document writer, over the layout module) adds its line here. */
static const struct {
    const char *name;
    lua_CFunction open;
} script_modules[] = {
    {"data", lb_open_data},
    {"date", lb_open_date},
    {"text", lb_open_text},
    {"doc", lb_open_doc},
};

/* lua_Alloc that counts the bytes held by the state and refuses a request
 * that would pass the budget; Lua then collects garbage and retries once
 * before raising "not enough memory". */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lb_runtime *rt = ud;
    void *p;

    if (!ptr) osize = 0;  /* osize then encodes the object's type, not a size */
    if (nsize == 0) {
        free(ptr);
        rt->memory_used_bytes -= osize;
        return NULL;
    }
    if (nsize > osize && nsize - osize > rt->memory_limit_bytes - rt->memory_used_bytes) {
        rt->memory_exceeded = 1;
        return NULL;
    }
    p = realloc(ptr, nsize);
    if (!p) return NULL;
    rt->memory_used_bytes = rt->memory_used_bytes - osize + nsize;
    return p;
}

/* Count hook: once the deadline has passed it raises at every instruction,
 * so a pcall that catches the error cannot keep the script running: the
 * next instruction after it raises again. */
static void deadline_hook(lua_State *L, lua_Debug *ar)
{
    lb_runtime *rt = lb_runtime_get(L);
    char msg[100];
    (void)ar;
    if (!lb_runtime_over_time(rt)) return;
    lua_sethook(L, deadline_hook, LUA_MASKCOUNT, 1);
    lb_timeout_message(rt, msg, sizeof msg);
    luaL_where(L, 0);                                       /* "script.lua:12: " */
    lua_pushstring(L, msg);
    lua_concat(L, 2);                                       /* "script.lua:12: script exceeded ..." */
    lua_error(L);
}

/* Message handler of the script's pcall: the message and a traceback. */
static int traceback_handler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) msg = lua_tostring(L, -1);
        else msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);                           /* msg traceback */
    return 1;
}

/* Opens the libraries and the brief table; runs under lua_pcall so that
 * running out of memory here is reported, not a panic. */
static int setup_state(lua_State *L)
{
    lb_runtime *rt = lb_runtime_get(L);
    const script_options *o = rt->options;
    size_t i;

    lb_sandbox_open(L, o->trust);
    lua_createtable(L, 0, 8);                               /* brief */
    for (i = 0; i < sizeof script_modules / sizeof script_modules[0]; i++) {
        script_modules[i].open(L);                          /* brief mod */
        lua_setfield(L, -2, script_modules[i].name);        /* brief */
    }
    lua_createtable(L, 0, (int)o->param_count);             /* brief params */
    for (i = 0; i < o->param_count; i++) {
        lua_pushstring(L, o->params[i].value ? o->params[i].value : ""); /* brief params value */
        lua_setfield(L, -2, o->params[i].key);              /* brief params */
    }
    lua_setfield(L, -2, "params");                          /* brief */
    if (o->output_path) {
        lua_pushstring(L, o->output_path);                  /* brief out */
        lua_setfield(L, -2, "output");                      /* brief */
    }
    lua_pushstring(L, o->script_path);                      /* brief path */
    lua_setfield(L, -2, "script");                          /* brief */
    lua_pushliteral(L, "brief.write_output");               /* brief name */
    lua_pushcclosure(L, lb_write_output, 1);                /* brief fn */
    lua_setfield(L, -2, "write_output");                    /* brief */
    lua_pushliteral(L, BRIEF_VERSION);                      /* brief version */
    lua_setfield(L, -2, "version");                         /* brief */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); /* brief loaded */
    lua_pushvalue(L, -2);                                   /* brief loaded brief */
    lua_setfield(L, -2, "brief");                           /* brief loaded: require "brief" works */
    lua_pop(L, 1);                                          /* brief */
    lua_setglobal(L, "brief");                              /* */
    return 0;
}

static char *dup_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_message(const char *fmt, ...)
{
    sbuf b = SBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    return sbuf_detach(&b);
}

/* Renames the written outputs into place (success) or removes every
 * temporary file (failure, or an output reserved and never written). */
static int finish_outputs(lb_runtime *rt, int success, script_result *result)
{
    size_t i;
    int status = SCRIPT_OK;
    for (i = 0; i < rt->output_count; i++) {
        lb_output *o = &rt->outputs[i];
        if (!o->tmp) continue;
        if (success && o->written && status == SCRIPT_OK) {
            char err[1024];
            int fd = open(o->tmp, O_RDONLY);
            if (fd < 0 || paths_commit_atomic(fd, o->tmp, o->path, err, sizeof err) != 0) {
                if (fd < 0) {
                    snprintf(err, sizeof err, "%s: %s", o->tmp, strerror(errno));
                    unlink(o->tmp);
                }
                result->message = dup_message("%s", err);
                status = SCRIPT_IO;
            } else if (!result->output_path) {
                result->output_path = strdup(o->path);
                result->output_bytes = o->bytes;
                result->page_count = o->pages;
            }
        } else {
            unlink(o->tmp);
        }
    }
    return status;
}

static void runtime_free(lb_runtime *rt)
{
    size_t i;
    query_close(rt->db);
    for (i = 0; i < rt->output_count; i++) {
        free(rt->outputs[i].path);
        free(rt->outputs[i].tmp);
    }
    free(rt->outputs);
    for (i = 0; i < rt->module_count; i++) free(rt->modules[i]);
    free(rt->modules);
}

int script_run(const script_options *options, script_result *result)
{
    lb_runtime rt;
    lua_State *L;
    const char *slash;
    int rc, status = SCRIPT_OK;
    struct timespec now;
    double timeout_s;

    memset(result, 0, sizeof *result);
    memset(&rt, 0, sizeof rt);
    rt.options = options;
    rt.memory_limit_bytes = options->max_memory_bytes ? options->max_memory_bytes : DEFAULT_MEMORY_BYTES;
    timeout_s = options->timeout_s > 0 ? options->timeout_s : DEFAULT_TIMEOUT_S;
    rt.timeout_s = timeout_s;
    clock_gettime(CLOCK_MONOTONIC, &now);
    rt.deadline.tv_sec = now.tv_sec + (time_t)timeout_s;
    rt.deadline.tv_nsec = now.tv_nsec + (long)((timeout_s - (double)(time_t)timeout_s) * 1e9);
    if (rt.deadline.tv_nsec >= 1000000000L) {
        rt.deadline.tv_sec++;
        rt.deadline.tv_nsec -= 1000000000L;
    }
    if (!options->script_path || !*options->script_path) {
        result->status = SCRIPT_IO;
        result->message = dup_message("no script given");
        return result->status;
    }
    slash = strrchr(options->script_path, '/');
    if (!slash) snprintf(rt.script_dir, sizeof rt.script_dir, ".");
    else if (slash == options->script_path) snprintf(rt.script_dir, sizeof rt.script_dir, "/");
    else snprintf(rt.script_dir, sizeof rt.script_dir, "%.*s", (int)(slash - options->script_path),
                  options->script_path);

    L = lua_newstate(counting_alloc, &rt);
    if (!L) {
        result->status = SCRIPT_MEMORY;
        result->message = dup_message("%s: cannot create a Lua state (out of memory)", options->script_path);
        return result->status;
    }
    lb_runtime_set(L, &rt);
    lua_sethook(L, deadline_hook, LUA_MASKCOUNT, HOOK_COUNT);

    lua_pushcfunction(L, setup_state);                      /* setup */
    rc = lua_pcall(L, 0, 0, 0);                             /* | err */
    if (rc == LUA_OK) {
        lua_pushcfunction(L, traceback_handler);            /* handler */
        rc = luaL_loadfilex(L, options->script_path, options->trust ? "bt" : "t"); /* handler chunk | err */
        if (rc == LUA_OK) {
            rc = lua_pcall(L, 0, 0, 1);                     /* handler | handler err */
        } else if (rc == LUA_ERRFILE) {
            status = SCRIPT_IO;
        }
    }
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        char limit[100];
        if (status == SCRIPT_IO) {
            /* luaL_loadfilex: "cannot open x.lua: No such file or directory" */
        } else if (rc == LUA_ERRMEM || (rt.memory_exceeded && msg && strstr(msg, "not enough memory"))) {
            status = SCRIPT_MEMORY;
            lb_memory_message(&rt, limit, sizeof limit);
            msg = limit;
            result->message = dup_message("%s: %s", options->script_path, limit);
        } else if (rt.cancelled) {
            status = SCRIPT_CANCELLED;
            if (!msg || !strstr(msg, "script interrupted")) {
                lb_timeout_message(&rt, limit, sizeof limit);
                result->message = dup_message("%s: %s", options->script_path, limit);
            }
        } else if (rt.timed_out) {
            status = SCRIPT_TIMEOUT;
            if (!msg || !strstr(msg, "time limit")) {
                lb_timeout_message(&rt, limit, sizeof limit);
                result->message = dup_message("%s: %s", options->script_path, limit);
            }
        } else {
            status = SCRIPT_ERROR;
        }
        if (!result->message) result->message = dup_message("%s", msg ? msg : "(no message)");
    }
    status = finish_outputs(&rt, status == SCRIPT_OK, result) == SCRIPT_OK ? status : SCRIPT_IO;
    /* Closing runs __gc metamethods, still under the deadline hook. */
    lua_close(L);
    result->modules = rt.modules;
    result->module_count = rt.module_count;
    rt.modules = NULL;
    rt.module_count = 0;
    runtime_free(&rt);
    result->status = status;
    return status;
}

void script_result_clear(script_result *result)
{
    size_t i;
    if (!result) return;
    free(result->message);
    free(result->output_path);
    for (i = 0; i < result->module_count; i++) free(result->modules[i]);
    free(result->modules);
    memset(result, 0, sizeof *result);
}
