/* SPDX-License-Identifier: GPL-3.0-or-later */
/* script.c — runs one Lua report script: a sandboxed state (sandbox.h),
 * the libraries and the brief API, the file rules (fspolicy.h), the
 * set-up before the kernel confines the process (confine.h), the error
 * report, and the outputs committed only on success (script.h). */
#include "script/script.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lualib.h>

#include "os/confine.h"
#include "script/lua_brief.h"
#include "store/sqlguard.h"
#include "util/paths.h"
#include "util/sbuf.h"

#ifndef BRIEF_VERSION
#define BRIEF_VERSION "dev"
#endif

#define DEFAULT_MEMORY_BYTES ((size_t)512 * 1024 * 1024)
#define DEFAULT_TIMEOUT_S 120.0
/* What the C side (SQLite, layout, libharu, images, fonts) may use above
 * the script's own budget before the process's RLIMIT_DATA stops it: the
 * figure batch.h has always given its jobs. */
#define C_HEADROOM_BYTES ((size_t)256 << 20)
#define REFUSAL "is not allowed in a sandboxed script; run with --trust"

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

/* Message handler of the script's pcall: the message and a traceback. */
static int traceback_handler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    /* Past a limit (the hook's own error) no Lua code runs here: hooks are
     * off inside a message handler. */
    if (!msg && sandbox_over_time(sandbox_get(L))) msg = "(error object)";
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

    if (!o->trust) sandbox_open_libs(L);
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
            int fd = open(o->tmp, O_RDONLY | O_CLOEXEC);
            if (fd < 0 || paths_commit_atomic(fd, o->tmp, o->path, err, sizeof err) != 0) {
                if (fd < 0) {
                    snprintf(err, sizeof err, "%s: %s", o->tmp, strerror(errno));
                    paths_temp_discard(o->tmp);
                }
                result->message = dup_message("%s", err);
                status = SCRIPT_IO;
            } else if (!result->output_path) {
                result->output_path = strdup(o->path);
                result->output_bytes = o->bytes;
                result->page_count = o->pages;
            }
        } else {
            paths_temp_discard(o->tmp);
        }
    }
    return status;
}

static void runtime_free(lb_runtime *rt)
{
    size_t i;
    query_close(rt->db);
    store_close(rt->review);
    free(rt->db_error);
    fspolicy_destroy(rt->policy);
    for (i = 0; i < rt->output_count; i++) {
        free(rt->outputs[i].path);
        free(rt->outputs[i].tmp);
    }
    free(rt->outputs);
    for (i = 0; i < rt->module_count; i++) free(rt->modules[i]);
    free(rt->modules);
    for (i = 0; i < rt->warning_count; i++) free(rt->warnings[i]);
    free(rt->warnings);
}

/* The file rules of the run (fspolicy.h): what it may read, where it may
 * write, the database protected. 0, or -1 with the message in result. */
static int build_policy(lb_runtime *rt, script_result *result)
{
    const script_options *o = rt->options;
    char err[1024], data[4096];
    size_t i;

    rt->policy = fspolicy_create();
    if (!rt->policy) {
        result->message = dup_message("out of memory");
        return -1;
    }
    if (o->db_path && fspolicy_protect(rt->policy, o->db_path, 1) != 0) {
        result->message = dup_message("out of memory");
        return -1;
    }
    if (o->output_path && fspolicy_check_output(rt->policy, o->output_path, err, sizeof err) != 0) {
        result->message = dup_message("%s", err);
        return -1;
    }
    if (o->trust) return 0;
    /* The script's folder and brief's data folder, when they exist (a
     * missing script is reported when it is loaded). */
    if (access(rt->script_dir, F_OK) == 0 && fspolicy_allow_read(rt->policy, rt->script_dir, err, sizeof err) != 0) {
        result->message = dup_message("%s", err);
        return -1;
    }
    if (paths_data_file("data", data, sizeof data) == 0 && access(data, F_OK) == 0)
        (void)fspolicy_allow_read(rt->policy, data, err, sizeof err);
    for (i = 0; i < o->allow_read_count; i++)
        if (fspolicy_allow_read(rt->policy, o->allow_read[i], err, sizeof err) != 0) {
            result->message = dup_message("--allow-read %s", err);
            return -1;
        }
    if ((o->output_path && fspolicy_set_output_file(rt->policy, o->output_path, err, sizeof err) != 0) ||
        (!o->output_path && o->output_dir && fspolicy_set_output_dir(rt->policy, o->output_dir, err, sizeof err) != 0)) {
        result->message = dup_message("%s", err);
        return -1;
    }
    return 0;
}

/* What a confined run needs before the kernel closes the doors: the
 * database open (SQLite keeps its descriptors, the -wal and -shm
 * included), the fonts loaded (fontconfig reads its configuration and
 * caches, HarfBuzz maps the font files), stale temporary files of killed
 * runs removed from the output folder, then confine_apply. A database or
 * fonts that cannot be opened are reported when the script first uses
 * them, as in an unconfined run. 0, or -1 with the message in result. */
static int set_up_and_confine(lb_runtime *rt, lua_State *L, size_t memory_bytes, script_result *result)
{
    const script_options *o = rt->options;
    confine_limits limits;
    char err[1024], note[512];

    if (o->db_path && *o->db_path && lb_runtime_open_db(rt, err, sizeof err) != 0) rt->db_error = strdup(err);
    lua_pushcfunction(L, lb_doc_load_fonts);                /* load */
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) lua_pop(L, 1);     /* the error comes again at brief.doc.new */
    if (fspolicy_write_dir(rt->policy)) paths_remove_stale_temps(fspolicy_write_dir(rt->policy));
    limits.data_bytes = memory_bytes + C_HEADROOM_BYTES;
    limits.file_bytes = o->max_output_bytes ? o->max_output_bytes : SCRIPT_DEFAULT_OUTPUT_BYTES;
    if (confine_apply(rt->policy, &limits, note, sizeof note, err, sizeof err) != 0) {
        result->message = dup_message("%s: cannot confine the process: %s", o->script_path, err);
        return -1;
    }
    if (note[0]) result->notice = dup_message("%s", note);
    return 0;
}

int script_run(const script_options *options, script_result *result)
{
    lb_runtime rt;
    sandbox_limits limits;
    lua_State *L;
    int rc, status = SCRIPT_OK;
    long long heap_before;

    memset(result, 0, sizeof *result);
    memset(&rt, 0, sizeof rt);
    rt.options = options;
    if (!options->script_path || !*options->script_path) {
        result->status = SCRIPT_IO;
        result->message = dup_message("no script given");
        return result->status;
    }
    paths_dirname(options->script_path, rt.script_dir, sizeof rt.script_dir);
    if (build_policy(&rt, result) != 0) {
        runtime_free(&rt);
        result->status = SCRIPT_IO;
        return result->status;
    }

    memset(&limits, 0, sizeof limits);
    limits.subject = "script";
    limits.refusal = REFUSAL;
    limits.memory_bytes = options->max_memory_bytes ? options->max_memory_bytes : DEFAULT_MEMORY_BYTES;
    limits.timeout_s = options->timeout_s > 0 ? options->timeout_s : DEFAULT_TIMEOUT_S;
    limits.cancel = options->cancel;
    rt.sb = sandbox_create(&limits, &rt);
    if (!rt.sb) {
        runtime_free(&rt);
        result->status = SCRIPT_MEMORY;
        result->message = dup_message("%s: cannot create a Lua state (out of memory)", options->script_path);
        return result->status;
    }
    L = sandbox_state(rt.sb);
    /* SQLite's memory counts against the same budget (process-wide: put
     * back when the run ends). */
    heap_before = sqlguard_set_heap_limit((long long)limits.memory_bytes);

    lua_pushcfunction(L, setup_state);                      /* setup */
    rc = lua_pcall(L, 0, 0, 0);                             /* | err */
    if (rc == LUA_OK && options->confine && !options->trust &&
        set_up_and_confine(&rt, L, limits.memory_bytes, result) != 0)
        status = SCRIPT_IO;
    if (rc == LUA_OK && status == SCRIPT_OK) {
        lua_pushcfunction(L, traceback_handler);            /* handler */
        rc = luaL_loadfilex(L, options->script_path, options->trust ? "bt" : "t"); /* handler chunk | err */
        if (rc == LUA_OK) {
            rc = lua_pcall(L, 0, 0, 1);                     /* handler | handler err */
            /* A script past its limit has failed, even if it caught the
             * error of its last statement and had nothing left to run. */
            if (rc == LUA_OK && sandbox_stopped(rt.sb) != SANDBOX_RUNNING && sandbox_stopped(rt.sb) != SANDBOX_MEMORY) {
                lua_pushliteral(L, "");                     /* handler "" */
                rc = LUA_ERRRUN;
            }
        } else if (rc == LUA_ERRFILE) {
            status = SCRIPT_IO;
        }
    }
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        int why = sandbox_stopped(rt.sb);
        char limit[128];
        if (status == SCRIPT_IO) {
            /* luaL_loadfilex: "cannot open x.lua: No such file or directory" */
        } else if (rc == LUA_ERRMEM || (why == SANDBOX_MEMORY && msg && strstr(msg, "not enough memory"))) {
            status = SCRIPT_MEMORY;
            sandbox_message(rt.sb, SANDBOX_MEMORY, limit, sizeof limit);
            result->message = dup_message("%s: %s", options->script_path, limit);
        } else if (why == SANDBOX_CANCELLED) {
            status = SCRIPT_CANCELLED;
            if (!msg || !strstr(msg, "script interrupted")) {
                sandbox_message(rt.sb, why, limit, sizeof limit);
                result->message = dup_message("%s: %s", options->script_path, limit);
            }
        } else if (why == SANDBOX_TIMEOUT) {
            status = SCRIPT_TIMEOUT;
            if (!msg || !strstr(msg, "time limit")) {
                sandbox_message(rt.sb, why, limit, sizeof limit);
                result->message = dup_message("%s: %s", options->script_path, limit);
            }
        } else {
            status = SCRIPT_ERROR;
        }
        if (!result->message) result->message = dup_message("%s", msg ? msg : "(no message)");
    }
    /* --strict: a warning fails the run, even one whose d:save the script
     * caught with pcall; nothing is committed */
    if (status == SCRIPT_OK && options->strict && rt.warning_count > 0) {
        status = SCRIPT_ERROR;
        result->message = dup_message("%s: %zu warning%s under --strict (a character no font draws): nothing written",
                                      options->script_path, rt.warning_count, rt.warning_count > 1 ? "s" : "");
    }
    if (options->on_computed) options->on_computed(options->on_computed_ctx);
    status = finish_outputs(&rt, status == SCRIPT_OK, result) == SCRIPT_OK ? status : SCRIPT_IO;
    /* Closing runs the C objects' finalizers, still under the count hook. */
    sandbox_destroy(rt.sb);
    sqlguard_set_heap_limit(heap_before);
    result->modules = rt.modules;
    result->module_count = rt.module_count;
    rt.modules = NULL;
    rt.module_count = 0;
    result->warnings = rt.warnings;
    result->warning_count = rt.warning_count;
    rt.warnings = NULL;
    rt.warning_count = 0;
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
    free(result->notice);
    for (i = 0; i < result->module_count; i++) free(result->modules[i]);
    free(result->modules);
    for (i = 0; i < result->warning_count; i++) free(result->warnings[i]);
    free(result->warnings);
    memset(result, 0, sizeof *result);
}
