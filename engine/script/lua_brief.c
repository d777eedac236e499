/* lua_brief.c — runtime access, module tables, argument checks and output
 * reservation shared by the brief bindings (see lua_brief.h). */
#include "script/lua_brief.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/paths.h"
#include "util/sbuf.h"

lb_runtime *lb_runtime_get(lua_State *L)
{
    return *(lb_runtime **)lua_getextraspace(L);
}

void lb_runtime_set(lua_State *L, lb_runtime *rt)
{
    *(lb_runtime **)lua_getextraspace(L) = rt;
}

static int db_should_stop(void *arg)
{
    return lb_runtime_over_time(arg);
}

query_db *lb_runtime_db(lua_State *L)
{
    lb_runtime *rt = lb_runtime_get(L);
    char err[1024];
    const char *path = rt->options->db_path;

    if (rt->db) return rt->db;
    if (!path || !*path) {
        luaL_error(L, "%s: no database (give --db PATH or set $BRIEF_DB)", lb_funcname(L));
        return NULL;
    }
    if (query_open(path, &rt->db, err, sizeof err) != 0) {
        luaL_error(L, "%s: %s", lb_funcname(L), err);
        return NULL;
    }
    query_set_interrupt(rt->db, db_should_stop, rt);
    return rt->db;
}

int lb_runtime_add_module(lb_runtime *rt, const char *path)
{
    size_t i;
    char *copy;
    for (i = 0; i < rt->module_count; i++)
        if (strcmp(rt->modules[i], path) == 0) return 0;
    if (rt->module_count == rt->module_cap) {
        size_t cap = rt->module_cap ? rt->module_cap * 2 : 8;
        char **m = realloc(rt->modules, cap * sizeof *m);
        if (!m) return -1;
        rt->modules = m;
        rt->module_cap = cap;
    }
    copy = strdup(path);
    if (!copy) return -1;
    rt->modules[rt->module_count++] = copy;
    return 0;
}

int lb_runtime_over_time(lb_runtime *rt)
{
    struct timespec now;
    if (rt->timed_out || rt->cancelled) return 1;
    if (rt->options->cancel && *rt->options->cancel) {
        rt->cancelled = 1;
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > rt->deadline.tv_sec ||
        (now.tv_sec == rt->deadline.tv_sec && now.tv_nsec >= rt->deadline.tv_nsec))
        rt->timed_out = 1;
    return rt->timed_out;
}

void lb_memory_message(const lb_runtime *rt, char *out, size_t outlen)
{
    snprintf(out, outlen, "script exceeded its memory limit of %.4g MB", (double)rt->memory_limit_bytes / (1024.0 * 1024.0));
}

void lb_timeout_message(const lb_runtime *rt, char *out, size_t outlen)
{
    if (rt->cancelled) snprintf(out, outlen, "script interrupted");
    else snprintf(out, outlen, "script exceeded its time limit of %g s", rt->timeout_s);
}

/* 1 when path is relative and has no ".." component. */
static int relative_inside(const char *path)
{
    const char *p = path;
    if (path[0] == '/') return 0;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') return 0;
        p += n;
        while (*p == '/') p++;
    }
    return 1;
}

int lb_output_begin(lua_State *L, const char *requested, char *tmp, size_t tmplen, char *err, size_t errlen)
{
    lb_runtime *rt = lb_runtime_get(L);
    const char *dest = rt->options->output_path ? rt->options->output_path : requested;
    lb_output *o;
    size_t i;
    int fd;

    if (!dest || !*dest) {
        snprintf(err, errlen, "no output file: give the script's save a path or run with -o OUT.pdf");
        return -1;
    }
    if (!rt->options->output_path && !rt->options->trust && !relative_inside(dest)) {
        snprintf(err, errlen, "output path '%s' must be relative and without '..' in a sandboxed script "
                 "(or give -o, or run with --trust)", dest);
        return -1;
    }
    /* Saving twice to one destination replaces the earlier temporary file. */
    for (i = 0; i < rt->output_count; i++)
        if (strcmp(rt->outputs[i].path, dest) == 0) break;
    if (i == rt->output_count) {
        if (rt->output_count == rt->output_cap) {
            size_t cap = rt->output_cap ? rt->output_cap * 2 : 4;
            lb_output *grown = realloc(rt->outputs, cap * sizeof *grown);
            if (!grown) {
                snprintf(err, errlen, "out of memory");
                return -1;
            }
            rt->outputs = grown;
            rt->output_cap = cap;
        }
        o = &rt->outputs[rt->output_count];
        memset(o, 0, sizeof *o);
        o->path = strdup(dest);
        if (!o->path) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        rt->output_count++;
    } else {
        o = &rt->outputs[i];
        if (o->tmp) unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        o->written = 0;
    }
    fd = paths_temp_beside(dest, tmp, tmplen, err, errlen);
    if (fd < 0) return -1;
    close(fd);
    o->tmp = strdup(tmp);
    if (!o->tmp) {
        unlink(tmp);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

void lb_output_written(lua_State *L, const char *tmp, size_t bytes, int pages)
{
    lb_runtime *rt = lb_runtime_get(L);
    size_t i;
    for (i = 0; i < rt->output_count; i++) {
        if (rt->outputs[i].tmp && strcmp(rt->outputs[i].tmp, tmp) == 0) {
            rt->outputs[i].bytes = bytes;
            rt->outputs[i].pages = pages;
            rt->outputs[i].written = 1;
        }
    }
}

int lb_write_output(lua_State *L)
{
    size_t len;
    const char *text = lb_checklstring(L, 1, &len);
    const char *requested = lb_optlstring(L, 2, NULL, NULL);
    char tmp[4096], err[1024];
    FILE *f;
    int ok;

    if (lb_output_begin(L, requested, tmp, sizeof tmp, err, sizeof err) != 0) {
        luaL_pushfail(L);
        lua_pushstring(L, err);
        return 2;
    }
    /* No Lua call between fopen and fclose: nothing can unwind past f. */
    f = fopen(tmp, "wb");
    ok = f && fwrite(text, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) {
        luaL_pushfail(L);
        lua_pushfstring(L, "%s: cannot write: %s", tmp, strerror(errno));
        return 2;
    }
    lb_output_written(L, tmp, len, 0);
    lua_pushstring(L, lb_runtime_get(L)->options->output_path ? lb_runtime_get(L)->options->output_path : requested);
    return 1;
}

void lb_module_new(lua_State *L, const char *module, const lb_func *funcs)
{
    size_t n = 0;
    while (funcs[n].name) n++;
    lua_createtable(L, 0, (int)n);                          /* mod */
    for (; funcs->name; funcs++) {
        lua_pushfstring(L, "brief.%s.%s", module, funcs->name); /* mod name */
        lua_pushcclosure(L, funcs->fn, 1);                  /* mod fn */
        lua_setfield(L, -2, funcs->name);                   /* mod */
    }
}

const char *lb_funcname(lua_State *L)
{
    const char *name = lua_tostring(L, lua_upvalueindex(1));
    return name ? name : "?";
}
