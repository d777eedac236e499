/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_brief.c — runtime access, module tables, argument checks and output
 * reservation shared by the brief bindings (see lua_brief.h). */
#include "script/lua_brief.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/paths.h"
#include "util/vec.h"
#include "util/sbuf.h"

lb_runtime *lb_runtime_get(lua_State *L)
{
    return sandbox_user(L);
}

static int db_should_stop(void *arg)
{
    return lb_runtime_over_time(arg);
}

int lb_runtime_open_db(lb_runtime *rt, char *err, size_t errlen)
{
    if (query_open(rt->options->db_path, &rt->db, err, errlen) != 0) {
        rt->db = NULL;
        return -1;
    }
    query_set_interrupt(rt->db, db_should_stop, rt);
    return 0;
}

query_db *lb_runtime_db(lua_State *L)
{
    lb_runtime *rt = lb_runtime_get(L);
    char err[1024];
    const char *path = rt->options->db_path;

    if (rt->db) return rt->db;
    if (rt->db_error) {
        luaL_error(L, "%s: %s", lb_funcname(L), rt->db_error);
        return NULL;
    }
    if (!path || !*path) {
        luaL_error(L, "%s: no database (give --db PATH or set $BRIEF_DB)", lb_funcname(L));
        return NULL;
    }
    if (lb_runtime_open_db(rt, err, sizeof err) != 0) {
        luaL_error(L, "%s: %s", lb_funcname(L), err);
        return NULL;
    }
    return rt->db;
}

/* Appends a copy of s to the list (*list, *count, *cap) unless it holds
 * it already; 0, or -1 out of memory. */
static int list_add_once(char ***list, size_t *count, size_t *cap, const char *s)
{
    size_t i;
    char *copy;
    for (i = 0; i < *count; i++)
        if (strcmp((*list)[i], s) == 0) return 0;
    if (VEC_RESERVE(*list, *cap, *count + 1) != 0) return -1;
    copy = strdup(s);
    if (!copy) return -1;
    (*list)[(*count)++] = copy;
    return 0;
}

int lb_warning_add(lb_runtime *rt, const char *message)
{
    return list_add_once(&rt->warnings, &rt->warning_count, &rt->warning_cap, message);
}

int lb_runtime_add_module(lb_runtime *rt, const char *path)
{
    return list_add_once(&rt->modules, &rt->module_count, &rt->module_cap, path);
}

int lb_runtime_over_time(lb_runtime *rt)
{
    return sandbox_over_time(rt->sb);
}

int lb_check_read(lua_State *L, const char *fn, const char *path, char *resolved, size_t resolvedlen)
{
    lb_runtime *rt = lb_runtime_get(L);
    char why[1024];
    int rc;
    if (rt->options->trust) {
        snprintf(resolved, resolvedlen, "%s", path);
        return FSPOLICY_OK;
    }
    rc = fspolicy_check_read(rt->policy, path, resolved, resolvedlen, why, sizeof why);
    if (rc == FSPOLICY_DENIED) return luaL_error(L, "%s('%s'): %s", fn, path, why);
    if (rc == FSPOLICY_MISSING) snprintf(resolved, resolvedlen, "%s", why);
    return rc;
}

/* The most files one run may write: a report is a document or a few. */
#define LB_MAX_OUTPUTS 64

int lb_output_begin(lua_State *L, const char *requested, char *tmp, size_t tmplen, char *err, size_t errlen)
{
    lb_runtime *rt = lb_runtime_get(L);
    const script_options *opt = rt->options;
    char chosen[4096];
    const char *dest;
    lb_output *o;
    size_t i;
    int fd;

    if (opt->output_path) {
        dest = opt->output_path;                     /* checked by script_run before the run */
    } else if (opt->trust) {
        dest = requested;
        if (!dest || !*dest) {
            snprintf(err, errlen, "no output file: give the script's save a path or run with -o OUT.pdf");
            return -1;
        }
        if (fspolicy_check_output(rt->policy, dest, err, errlen) != 0) return -1;
    } else {
        if (fspolicy_output_path(rt->policy, requested, chosen, sizeof chosen, err, errlen) != 0) return -1;
        dest = chosen;
    }
    /* Saving twice to one destination replaces the earlier temporary file. */
    for (i = 0; i < rt->output_count; i++)
        if (strcmp(rt->outputs[i].path, dest) == 0) break;
    if (i == rt->output_count) {
        if (rt->output_count >= LB_MAX_OUTPUTS) {
            snprintf(err, errlen, "a run writes at most %d files", LB_MAX_OUTPUTS);
            return -1;
        }
        if (VEC_RESERVE(rt->outputs, rt->output_cap, rt->output_count + 1) != 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
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
        if (o->tmp) paths_temp_discard(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        if (o->written) rt->output_bytes -= o->bytes;
        o->written = 0;
    }
    fd = paths_temp_beside(dest, tmp, tmplen, err, errlen);
    if (fd < 0) return -1;
    close(fd);
    o->tmp = strdup(tmp);
    if (!o->tmp) {
        paths_temp_discard(tmp);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int lb_output_written(lua_State *L, const char *tmp, size_t bytes, int pages, char *err, size_t errlen)
{
    lb_runtime *rt = lb_runtime_get(L);
    size_t budget = rt->options->max_output_bytes ? rt->options->max_output_bytes : SCRIPT_DEFAULT_OUTPUT_BYTES;
    size_t i;
    for (i = 0; i < rt->output_count; i++) {
        lb_output *o = &rt->outputs[i];
        if (!o->tmp || strcmp(o->tmp, tmp) != 0) continue;
        if (bytes > budget - rt->output_bytes) {
            snprintf(err, errlen, "%s: the run's outputs would pass their limit of %.4g MB", o->path,
                     (double)budget / (1024.0 * 1024.0));
            paths_temp_discard(o->tmp);
            free(o->tmp);
            o->tmp = NULL;
            return -1;
        }
        o->bytes = bytes;
        o->pages = pages;
        o->written = 1;
        rt->output_bytes += bytes;
        return 0;
    }
    snprintf(err, errlen, "%s: not an output of this run", tmp);
    return -1;
}

int lb_write_output(lua_State *L)
{
    lb_runtime *rt = lb_runtime_get(L);
    size_t len, i, budget = rt->options->max_output_bytes ? rt->options->max_output_bytes : SCRIPT_DEFAULT_OUTPUT_BYTES;
    const char *text = lb_checklstring(L, 1, &len);
    const char *requested = lb_optpath(L, 2);
    char tmp[4096], err[1024];
    FILE *f;
    int ok;

    /* Refused before a byte is written when it cannot fit. */
    if (len > budget - rt->output_bytes) {
        luaL_pushfail(L);
        lua_pushfstring(L, "the run's outputs would pass their limit of %d MB", (int)(budget >> 20));
        return 2;
    }
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
    if (lb_output_written(L, tmp, len, 0, err, sizeof err) != 0) {
        luaL_pushfail(L);
        lua_pushstring(L, err);
        return 2;
    }
    for (i = 0; i < rt->output_count; i++)
        if (rt->outputs[i].tmp && strcmp(rt->outputs[i].tmp, tmp) == 0) lua_pushstring(L, rt->outputs[i].path);
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
