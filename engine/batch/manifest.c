/* SPDX-License-Identifier: GPL-3.0-or-later */
/* manifest.c — evaluates a batch manifest in a sandboxed Lua state and turns
 * its list of jobs into validated C structures (see manifest.h). */
#include "batch/manifest.h"
#include "util/dates.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/vec.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "os/fspolicy.h"
#include "script/sandbox.h"
#include "util/text.h"
#include "util/utf8.h"

/* A manifest lists jobs; it should evaluate in well under a second. These
 * budgets stop a runaway loop or table without bothering a real manifest
 * (a thousand jobs take about 1 MiB and 10^5 instructions). */
#define MANIFEST_MEMORY_BYTES (64u * 1024 * 1024)
#define MANIFEST_INSTRUCTIONS 20000000LL
#define MANIFEST_TIMEOUT_S 3.0
#define MANIFEST_MAX_ERRORS 50
/* A job's name is shown in every log line and stored in the history. */
#define MANIFEST_NAME_MAX_BYTES 200

struct manifest {
    char *path;
    manifest_job *jobs;
    size_t job_count;
};

/* ---- dates ---- */

int manifest_iso_week(const char *date_ymd, char *out, size_t outlen)
{
    long day;
    if (dates_parse(date_ymd, &day) != 0 || outlen < 9) return -1;
    dates_format_iso_week(day, out);
    return 0;
}

/* ---- output templates ---- */

static const char *param_lookup(const script_param *params, size_t count, const char *key, size_t keylen)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(params[i].key) == keylen && memcmp(params[i].key, key, keylen) == 0)
            return params[i].value;
    return NULL;
}

/* The rule of an expanded value: one path component's worth of printable
 * text (a file name is shown in logs, and U+202E would turn it around). */
static const char *value_problem(const char *value)
{
    size_t len = strlen(value), pos = 0;
    while (pos < len) {
        uint32_t cp;
        pos += utf8_decode(value + pos, len - pos, &cp);
        if (cp == '/') return "holds a '/'";
        if (text_is_control(cp)) return "holds a control or invisible character";
    }
    return NULL;
}

int manifest_expand(const char *template_text, const char *job_name, const char *date_ymd,
                    const script_param *params, size_t param_count,
                    char *out, size_t outlen, char *err, size_t errlen)
{
    sbuf b = SBUF_INIT, from_value = SBUF_INIT;   /* from_value[i]: 1 when byte i came from a placeholder */
    char week[16] = "";
    const char *p = template_text;
    size_t start;
    int rc = -1;

    if (manifest_iso_week(date_ymd, week, sizeof week) != 0) {
        snprintf(err, errlen, "invalid date '%s' (want YYYY-MM-DD)", date_ymd ? date_ymd : "(null)");
        return -1;
    }
    while (*p) {
        if (p[0] == '{' && p[1] == '{') { sbuf_putc(&b, '{'); sbuf_putc(&from_value, 0); p += 2; continue; }
        if (p[0] == '}' && p[1] == '}') { sbuf_putc(&b, '}'); sbuf_putc(&from_value, 0); p += 2; continue; }
        if (*p != '{') { sbuf_putc(&b, *p++); sbuf_putc(&from_value, 0); continue; }
        const char *close = strchr(p + 1, '}');
        const char *open = strchr(p + 1, '{');
        if (!close || (open && open < close)) {
            snprintf(err, errlen, "unclosed '{' at column %d", (int)(p - template_text) + 1);
            goto done;
        }
        const char *key = p + 1;
        size_t keylen = (size_t)(close - key);
        const char *value = param_lookup(params, param_count, key, keylen);
        const char *problem;
        if (keylen == 4 && memcmp(key, "name", 4) == 0) value = job_name;
        else if (!value && keylen == 4 && memcmp(key, "date", 4) == 0) value = date_ymd;
        else if (!value && keylen == 4 && memcmp(key, "week", 4) == 0) value = week;
        if (!value) {
            snprintf(err, errlen, "unknown placeholder {%.*s} (known: {name}, {date}, {week} and the job's params)",
                     (int)keylen, key);
            goto done;
        }
        /* A value fills part of one file name: it may not add a folder,
         * go up one or hide the file. */
        if ((problem = value_problem(value)) != NULL) {
            snprintf(err, errlen, "placeholder {%.*s} %s", (int)keylen, key, problem);
            goto done;
        }
        sbuf_puts(&b, value);
        for (size_t k = 0; value[k]; k++) sbuf_putc(&from_value, 1);
        p = close + 1;
    }
    if (sbuf_failed(&b) || sbuf_failed(&from_value)) { snprintf(err, errlen, "out of memory"); goto done; }
    if (b.len == 0) { snprintf(err, errlen, "expands to an empty path"); goto done; }
    if (b.len >= outlen) { snprintf(err, errlen, "expands to a path longer than %zu bytes", outlen - 1); goto done; }
    /* Each component that a placeholder wrote into: never ".", ".." nor a
     * hidden name ("{a}{b}" with a = b = "." makes ".."). */
    for (start = 0; start <= b.len; ) {
        size_t end = start, k;
        int filled = 0;
        while (end < b.len && b.data[end] != '/') end++;
        for (k = start; k < end; k++) filled |= from_value.data[k];
        if (filled && end > start && b.data[start] == '.') {
            snprintf(err, errlen, "a placeholder makes the component '%.*s', which goes up a folder or hides the file",
                     (int)(end - start), b.data + start);
            goto done;
        }
        start = end + 1;
    }
    memcpy(out, b.data, b.len + 1);
    rc = 0;
done:
    sbuf_free(&b);
    sbuf_free(&from_value);
    return rc;
}

/* ---- paths ---- */

/* The manifest's directory, absolute when it can be found: outputs are then
 * recorded (and fingerprinted) the same whatever directory cron starts in. */
static char *dir_of(const char *path)
{
    char dir[PATH_MAX], *absolute;
    paths_dirname(path, dir, sizeof dir);
    absolute = realpath(dir, NULL);
    return absolute ? absolute : strdup(dir);
}

/* ---- validation ---- */

typedef struct loader {
    sandbox *sb;
    lua_State *L;
    manifest *m;
    const char *path;       /* the manifest, for messages */
    const char *dir;
    const char *date_ymd;
    sbuf errors;
    int error_count;
    int oom;
} loader;

__attribute__((format(printf, 2, 3)))
static void add_error(loader *ld, const char *fmt, ...)
{
    sbuf line = SBUF_INIT;
    va_list ap;
    ld->error_count++;
    if (ld->error_count > MANIFEST_MAX_ERRORS) return;
    if (ld->error_count == MANIFEST_MAX_ERRORS) {
        sbuf_printf(&ld->errors, "%s: too many errors, stopping\n", ld->path);
        return;
    }
    sbuf_printf(&ld->errors, "%s: ", ld->path);
    va_start(ap, fmt);
    sbuf_vprintf(&line, fmt, ap);
    va_end(ap);
    /* Field names and values come from the manifest: no control or
     * bidirectional character reaches the terminal or the log. */
    if (line.data) text_append_printable(&ld->errors, line.data, line.len);
    sbuf_free(&line);
    sbuf_putc(&ld->errors, '\n');
}

/* "job 3 'digest'" or "job 3" while the name is unknown. */
static void job_label(const manifest_job *job, char *out, size_t outlen)
{
    if (job->name) snprintf(out, outlen, "job %zu '%s'", job->index, job->name);
    else snprintf(out, outlen, "job %zu", job->index);
}

/* A job's name: printable text (UTF-8 without controls, bidirectional or
 * zero-width characters: it is shown in logs), no '/', not "." or "..",
 * at most MANIFEST_NAME_MAX_BYTES. */
static int valid_name(const char *s, size_t len)
{
    size_t pos = 0;
    if (len == 0 || len > MANIFEST_NAME_MAX_BYTES || strlen(s) != len || !utf8_valid(s, len)) return 0;
    if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) return 0;
    while (pos < len) {
        uint32_t cp;
        pos += utf8_decode(s + pos, len - pos, &cp);
        if (cp == '/' || text_is_control(cp)) return 0;
    }
    return 1;
}

/* Parses a memory size: a number of bytes, or a string such as "256M",
 * "1G", "512KiB" (binary multiples). Returns 0 or -1. */
static int parse_memory(lua_State *L, int idx, size_t *bytes)
{
    if (lua_type(L, idx) == LUA_TNUMBER) {
        lua_Number n = lua_tonumber(L, idx);
        if (!(n >= 1) || n > (lua_Number)SIZE_MAX / 2 || n != (lua_Number)(long long)n) return -1;
        *bytes = (size_t)n;
        return 0;
    }
    if (lua_type(L, idx) != LUA_TSTRING) return -1;
    const char *s = lua_tostring(L, idx);
    char *end;
    if (!isdigit((unsigned char)*s)) return -1;
    unsigned long long n = strtoull(s, &end, 10);
    unsigned long long mult = 1;
    switch (toupper((unsigned char)*end)) {
    case 'K': mult = 1ull << 10; end++; break;
    case 'M': mult = 1ull << 20; end++; break;
    case 'G': mult = 1ull << 30; end++; break;
    default: break;
    }
    if (mult > 1 && (*end == 'i' || *end == 'I')) end++;
    if (*end == 'B' || *end == 'b') end++;
    if (*end != '\0' || n == 0 || n > (SIZE_MAX / 2) / mult) return -1;
    *bytes = (size_t)(n * mult);
    return 0;
}

static int param_cmp(const void *a, const void *b)
{
    return strcmp(((const script_param *)a)->key, ((const script_param *)b)->key);
}

/* t[name] without metamethods: a manifest's __index never runs. */
static int rawfield(lua_State *L, int t, const char *name)
{
    lua_pushstring(L, name);                             /* name */
    return lua_rawget(L, t);                             /* value */
}

/* Reads the params table at stack index idx into job. No Lua code runs
 * (lua_next is raw); each parameter is owned by job as soon as it is read. */
static void read_params(loader *ld, manifest_job *job, int idx, const char *label)
{
    lua_State *L = ld->L;
    size_t cap = 0;

    lua_pushnil(L);                                      /* nil */
    while (lua_next(L, idx) != 0) {                      /* key value */
        if (lua_type(L, -2) != LUA_TSTRING) {
            add_error(ld, "%s: field 'params': keys must be strings, got a %s",
                      label, luaL_typename(L, -2));
            lua_pop(L, 1);                               /* key */
            continue;
        }
        const char *key = lua_tostring(L, -2);
        char value[64];
        const char *text = NULL;
        switch (lua_type(L, -1)) {
        case LUA_TSTRING: text = lua_tostring(L, -1); break;
        case LUA_TBOOLEAN: text = lua_toboolean(L, -1) ? "true" : "false"; break;
        case LUA_TNUMBER:
            if (lua_isinteger(L, -1)) snprintf(value, sizeof value, "%lld", (long long)lua_tointeger(L, -1));
            else snprintf(value, sizeof value, "%.14g", (double)lua_tonumber(L, -1));
            text = value;
            break;
        default:
            add_error(ld, "%s: field 'params': '%s': expected a string, number or boolean, got %s",
                      label, key, luaL_typename(L, -1));
            break;
        }
        if (text) {
            script_param *params = (script_param *)job->params;
            if (VEC_RESERVE(params, cap, job->param_count + 1) != 0) { ld->oom = 1; lua_pop(L, 2); break; }
            job->params = params;
            char *k = strdup(key), *v = strdup(text);
            if (!k || !v) { free(k); free(v); ld->oom = 1; lua_pop(L, 2); break; }
            params[job->param_count].key = k;
            params[job->param_count].value = v;
            job->param_count++;
        }
        lua_pop(L, 1);                                   /* key */
    }
    if (job->params) qsort((script_param *)job->params, job->param_count, sizeof *job->params, param_cmp);
}

/* Reads the job table on top of the stack into job (index already set),
 * with raw access only: no metamethod of the manifest runs here. */
static void read_job(loader *ld, manifest_job *job)
{
    static const char *const known[] = {"name", "script", "output", "params", "timeout", "max_memory", NULL};
    lua_State *L = ld->L;
    int t = lua_gettop(L);
    char label[320];

    /* The name first, so that every later message can carry it. */
    rawfield(L, t, "name");                              /* job name */
    job_label(job, label, sizeof label);
    if (lua_type(L, -1) != LUA_TSTRING) {
        add_error(ld, "%s: field 'name': expected a string, got %s", label, luaL_typename(L, -1));
    } else {
        size_t len;
        const char *name = lua_tolstring(L, -1, &len);
        if (!valid_name(name, len))
            add_error(ld, "%s: field 'name': must be printable text of 1 to %d bytes, without '/', controls or"
                      " invisible characters, and not '.' or '..'", label, MANIFEST_NAME_MAX_BYTES);
        else if (!(job->name = strdup(name)))
            ld->oom = 1;
    }
    lua_pop(L, 1);                                       /* job */
    job_label(job, label, sizeof label);

    lua_pushnil(L);                                      /* job nil */
    while (lua_next(L, t) != 0) {                        /* job key value */
        int ok = 0;
        if (lua_type(L, -2) == LUA_TSTRING)
            for (size_t i = 0; known[i]; i++)
                if (strcmp(lua_tostring(L, -2), known[i]) == 0) ok = 1;
        if (!ok) {
            if (lua_type(L, -2) == LUA_TSTRING)
                add_error(ld, "%s: unknown field '%s' (known: name, script, output, params, timeout, max_memory)",
                          label, lua_tostring(L, -2));
            else
                add_error(ld, "%s: unknown field of type %s (fields are named: name=, script=, ...)",
                          label, luaL_typename(L, -2));
        }
        lua_pop(L, 1);                                   /* job key */
    }                                                    /* job */

    rawfield(L, t, "script");                            /* job script */
    if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
        add_error(ld, "%s: field 'script': expected a string, got %s", label,
                  lua_type(L, -1) == LUA_TSTRING ? "an empty string" : luaL_typename(L, -1));
    else if (!(job->script_path = paths_normalize(ld->dir, lua_tostring(L, -1))))
        ld->oom = 1;
    lua_pop(L, 1);                                       /* job */

    rawfield(L, t, "params");                            /* job params */
    if (lua_type(L, -1) == LUA_TTABLE)
        read_params(ld, job, lua_gettop(L), label);
    else if (!lua_isnil(L, -1))
        add_error(ld, "%s: field 'params': expected a table, got %s", label, luaL_typename(L, -1));
    lua_pop(L, 1);                                       /* job */

    rawfield(L, t, "output");                            /* job output */
    if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
        add_error(ld, "%s: field 'output': expected a string, got %s", label,
                  lua_type(L, -1) == LUA_TSTRING ? "an empty string" : luaL_typename(L, -1));
    } else if (!(job->output_template = strdup(lua_tostring(L, -1)))) {
        ld->oom = 1;
    } else if (job->name) {
        char expanded[4096], why[256];
        if (manifest_expand(job->output_template, job->name, ld->date_ymd, job->params, job->param_count,
                            expanded, sizeof expanded, why, sizeof why) != 0)
            add_error(ld, "%s: field 'output': '%s': %s", label, job->output_template, why);
        else if (expanded[strlen(expanded) - 1] == '/')
            add_error(ld, "%s: field 'output': '%s' names a directory, not a file", label, expanded);
        else if (!(job->output_path = paths_normalize(ld->dir, expanded)))
            ld->oom = 1;
    }
    lua_pop(L, 1);                                       /* job */

    rawfield(L, t, "timeout");                           /* job timeout */
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TNUMBER || !(lua_tonumber(L, -1) > 0) || lua_tonumber(L, -1) > 86400 * 7)
            add_error(ld, "%s: field 'timeout': expected a number of seconds above 0 (up to a week), got %s",
                      label, lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1) : luaL_typename(L, -1));
        else
            job->timeout_s = (double)lua_tonumber(L, -1);
    }
    lua_pop(L, 1);                                       /* job */

    rawfield(L, t, "max_memory");                        /* job max_memory */
    if (!lua_isnil(L, -1) && parse_memory(L, -1, &job->max_memory_bytes) != 0)
        add_error(ld, "%s: field 'max_memory': expected a number of bytes or a size such as \"256M\", got %s",
                  label, lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER
                         ? lua_tostring(L, -1) : luaL_typename(L, -1));
    lua_pop(L, 1);                                       /* job */
}

static int job_by_output(const void *a, const void *b)
{
    const manifest_job *x = *(const manifest_job *const *)a, *y = *(const manifest_job *const *)b;
    int c = strcmp(x->output_path, y->output_path);
    return c ? c : (x->index < y->index ? -1 : 1);
}

static int job_by_name(const void *a, const void *b)
{
    const manifest_job *x = *(const manifest_job *const *)a, *y = *(const manifest_job *const *)b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index < y->index ? -1 : 1);
}

/* Duplicate names and outputs, reported on the later job. */
static void check_unique(loader *ld, manifest *m)
{
    manifest_job **sorted = malloc((m->job_count ? m->job_count : 1) * sizeof *sorted);
    size_t n = 0;
    char label[320], other[320];

    if (!sorted) { ld->oom = 1; return; }
    for (size_t i = 0; i < m->job_count; i++)
        if (m->jobs[i].name) sorted[n++] = &m->jobs[i];
    qsort(sorted, n, sizeof *sorted, job_by_name);
    for (size_t i = 1; i < n; i++)
        if (strcmp(sorted[i]->name, sorted[i - 1]->name) == 0) {
            job_label(sorted[i], label, sizeof label);
            add_error(ld, "%s: field 'name': duplicate of job %zu", label, sorted[i - 1]->index);
        }
    n = 0;
    for (size_t i = 0; i < m->job_count; i++)
        if (m->jobs[i].output_path) sorted[n++] = &m->jobs[i];
    qsort(sorted, n, sizeof *sorted, job_by_output);
    for (size_t i = 1; i < n; i++)
        if (strcmp(sorted[i]->output_path, sorted[i - 1]->output_path) == 0) {
            job_label(sorted[i], label, sizeof label);
            job_label(sorted[i - 1], other, sizeof other);
            add_error(ld, "%s: field 'output': '%s' is also the output of %s", label,
                      sorted[i]->output_path, other);
        }
    free(sorted);
}

static void job_free(manifest_job *job)
{
    free((char *)job->name);
    free((char *)job->script_path);
    free((char *)job->output_template);
    free((char *)job->output_path);
    for (size_t i = 0; i < job->param_count; i++) {
        free((char *)job->params[i].key);
        free((char *)job->params[i].value);
    }
    free((script_param *)job->params);
}

void manifest_destroy(manifest *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->job_count; i++) job_free(&m->jobs[i]);
    free(m->jobs);
    free(m->path);
    free(m);
}

/* Evaluates the file in the sandbox; leaves its result on top of the
 * stack. */
static int evaluate(loader *ld)
{
    lua_State *L = ld->L;
    lua_pushcfunction(L, sandbox_open_libs);             /* f */
    int rc = lua_pcall(L, 0, 0, 0);                      /* (empty) | message */
    /* "t": text only, a precompiled chunk could break the VM's invariants. */
    if (rc == LUA_OK) rc = luaL_loadfilex(L, ld->path, "t"); /* chunk | message */
    if (rc == LUA_OK) rc = lua_pcall(L, 0, 1, 0);        /* result | message */
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        if (rc == LUA_ERRMEM || sandbox_stopped(ld->sb) == SANDBOX_MEMORY)
            sbuf_printf(&ld->errors, "%s: manifest uses more than %u MiB to evaluate\n", ld->path,
                        MANIFEST_MEMORY_BYTES >> 20);
        else if (rc == LUA_ERRFILE)
            sbuf_printf(&ld->errors, "%s\n", msg ? msg + (strncmp(msg, "cannot open ", 12) == 0 ? 12 : 0) : ld->path);
        else if (msg) {
            text_append_printable(&ld->errors, msg, strlen(msg));
            sbuf_putc(&ld->errors, '\n');
        } else
            sbuf_printf(&ld->errors, "%s: the manifest raised an error that is not a string\n", ld->path);
        ld->error_count++;
        return -1;
    }
    return 0;
}

/* Reads the jobs of the list at index 1 into ld->m. A lua_CFunction run
 * under lua_pcall with the sandbox's hook still set, so that running out
 * of memory is an error and not a panic; it reads with raw access only,
 * so none of the manifest's code runs (an __index that loops or raises). */
static int read_jobs(lua_State *L)
{
    loader *ld = lua_touserdata(L, lua_upvalueindex(1));
    manifest *m = ld->m;
    int list = 1;
    if (lua_type(L, list) != LUA_TTABLE) {
        add_error(ld, "expected the manifest to return a list of jobs, got %s", luaL_typename(L, list));
        return 0;
    }
    size_t n = (size_t)lua_rawlen(L, list);
    /* Anything but 1..n means a map where a list was meant. */
    size_t keys = 0;
    lua_pushnil(L);                                      /* list nil */
    while (lua_next(L, list) != 0) { keys++; lua_pop(L, 1); }
    if (keys != n)
        add_error(ld, "expected a list of jobs { {...}, {...} }, got a table with %zu keys besides 1..%zu",
                  keys - n, n);
    if (n == 0 && keys == 0)
        add_error(ld, "the manifest lists no jobs");
    m->jobs = calloc(n ? n : 1, sizeof *m->jobs);
    if (!m->jobs) ld->oom = 1;
    for (size_t i = 0; m->jobs && i < n && !ld->oom; i++) {
        manifest_job *job = &m->jobs[i];
        job->index = i + 1;
        m->job_count = i + 1;
        lua_rawgeti(L, list, (lua_Integer)(i + 1));      /* list job */
        if (lua_type(L, -1) != LUA_TTABLE)
            add_error(ld, "job %zu: expected a table { name=, script=, output= }, got %s",
                      i + 1, luaL_typename(L, -1));
        else
            read_job(ld, job);
        lua_settop(L, list);                             /* list */
    }
    if (!ld->oom) check_unique(ld, m);
    return 0;
}

static void copy_errors(loader *ld, char *err, size_t errlen)
{
    const char *text = ld->oom ? "out of memory while loading the manifest\n" : ld->errors.data;
    if (!text || !*text) text = "invalid manifest\n";
    size_t len = strlen(text);
    if (len > 0 && text[len - 1] == '\n') len--;
    if (errlen == 0) return;
    if (len < errlen) {
        memcpy(err, text, len);
        err[len] = '\0';
    } else {
        snprintf(err, errlen, "%.*s...", (int)(errlen > 4 ? errlen - 4 : 0), text);
    }
}

manifest *manifest_load(const char *path, const char *date_ymd, char *err, size_t errlen)
{
    loader ld = {0};
    manifest *m = calloc(1, sizeof *m);
    char week[16];
    sandbox_limits limits;

    ld.path = path;
    ld.date_ymd = date_ymd;
    ld.errors = (sbuf)SBUF_INIT;
    ld.m = m;
    if (!m || !(m->path = strdup(path)) || !(ld.dir = dir_of(path))) {
        snprintf(err, errlen, "out of memory");
        free((char *)ld.dir);
        manifest_destroy(m);
        return NULL;
    }
    if (manifest_iso_week(date_ymd, week, sizeof week) != 0) {
        snprintf(err, errlen, "invalid date '%s' (want YYYY-MM-DD)", date_ymd ? date_ymd : "(null)");
        free((char *)ld.dir);
        manifest_destroy(m);
        return NULL;
    }
    /* The scripts' sandbox (sandbox.h), with a manifest's budgets. */
    memset(&limits, 0, sizeof limits);
    limits.subject = "manifest";
    limits.refusal = "is not allowed in a batch manifest";
    limits.memory_bytes = MANIFEST_MEMORY_BYTES;
    limits.instructions = MANIFEST_INSTRUCTIONS;
    limits.timeout_s = MANIFEST_TIMEOUT_S;
    ld.sb = sandbox_create(&limits, &ld);
    if (!ld.sb) {
        ld.oom = 1;
    } else {
        ld.L = sandbox_state(ld.sb);
        if (evaluate(&ld) == 0) {
            lua_pushlightuserdata(ld.L, &ld);            /* list ld */
            lua_pushcclosure(ld.L, read_jobs, 1);        /* list read */
            lua_insert(ld.L, -2);                        /* read list */
            if (lua_pcall(ld.L, 1, 0, 0) != LUA_OK) {    /* | message */
                const char *msg = lua_tostring(ld.L, -1);
                if (sandbox_stopped(ld.sb) == SANDBOX_MEMORY || (msg && strstr(msg, "not enough memory")))
                    ld.oom = 1;
                else
                    add_error(&ld, "%s", msg ? msg : "error while reading the jobs");
            }
        }
    }
    sandbox_destroy(ld.sb);
    free((char *)ld.dir);
    if (ld.oom || ld.error_count > 0) {
        copy_errors(&ld, err, errlen);
        sbuf_free(&ld.errors);
        manifest_destroy(m);
        return NULL;
    }
    sbuf_free(&ld.errors);
    return m;
}

int manifest_check_paths(const manifest *m, const char *output_root, char *err, size_t errlen)
{
    char cwd[4096], root[4096], why[512], label[320];
    const char *base = output_root;
    sbuf errors = SBUF_INIT;
    char *normal;
    size_t i;

    if (!base || !*base) base = getcwd(cwd, sizeof cwd) ? cwd : ".";
    if (!realpath(base, root)) {
        snprintf(err, errlen, "%s: the output folder: %s", base, strerror(errno));
        return -1;
    }
    for (i = 0; i < m->job_count; i++) {
        const manifest_job *job = &m->jobs[i];
        size_t n = strlen(root), slen = strlen(job->script_path);
        job_label(job, label, sizeof label);
        if (slen < 4 || strcmp(job->script_path + slen - 4, ".lua") != 0 || fspolicy_is_system_path(job->script_path))
            sbuf_printf(&errors, "%s: %s: field 'script': '%s' is not a .lua file of yours\n", m->path, label,
                        job->script_path);
        if (strcmp(root, "/") == 0) n = 0;
        if (strncmp(job->output_path, root, n) != 0 || job->output_path[n] != '/') {
            sbuf_printf(&errors, "%s: %s: field 'output': '%s' is outside the output folder %s"
                        " (run brief batch where the outputs go, or give --output-dir)\n",
                        m->path, label, job->output_path, root);
        } else if (fspolicy_check_output_name(job->output_path + n + 1, 1, why, sizeof why) != 0) {
            sbuf_printf(&errors, "%s: %s: field 'output': %s\n", m->path, label, why);
        }
    }
    if (sbuf_failed(&errors)) {
        snprintf(err, errlen, "out of memory");
        sbuf_free(&errors);
        return -1;
    }
    if (!errors.len) return 0;
    errors.data[--errors.len] = '\0';                     /* the last newline */
    normal = errors.data;
    if (errors.len < errlen) memcpy(err, normal, errors.len + 1);
    else snprintf(err, errlen, "%.*s...", (int)(errlen > 4 ? errlen - 4 : 0), normal);
    sbuf_free(&errors);
    return -1;
}

size_t manifest_job_count(const manifest *m) { return m->job_count; }

const manifest_job *manifest_job_at(const manifest *m, size_t i) { return &m->jobs[i]; }

const char *manifest_path(const manifest *m) { return m->path; }
