/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fingerprint.c — SHA-256 (util/sha256.h) of a job's inputs (see fingerprint.h). */
#include "batch/fingerprint.h"
#include "util/sbuf.h"
#include "store/store.h"
#include "util/dates.h"
#include "util/paths.h"
#include "util/sha256.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FINGERPRINT_MAX_MODULES 64

/* Every field is hashed with its length first, so that ("ab","c") and
 * ("a","bc") differ. */
static void hash_field(sha256_ctx *ctx, const void *data, size_t len)
{
    unsigned char n[8];
    uint64_t v = len;
    for (int i = 0; i < 8; i++) n[i] = (unsigned char)(v >> (8 * i));
    sha256_update(ctx, n, sizeof n);
    sha256_update(ctx, data, len);
}

static void hash_str(sha256_ctx *ctx, const char *s)
{
    hash_field(ctx, s ? s : "", s ? strlen(s) : 0);
}

/* The hex digest into hex (FINGERPRINT_HEX_LEN + 1 bytes); frees ctx. */
static int finish(sha256_ctx *ctx, char *hex)
{
    int rc = sha256_final_hex(ctx, hex);
    sha256_destroy(ctx);
    return rc;
}

/* ---- the database ---- */

/* Hashes the store's content walk: per table its CREATE statement and name,
 * per row each value's type and bytes (numbers as SQLite's text, so that
 * the hash does not depend on byte order). */
static int hash_content(void *ud, const char *table, const char *sql, size_t ncols, const store_value *row)
{
    sha256_ctx *ctx = ud;
    if (!row) {
        hash_str(ctx, sql);
        hash_str(ctx, table);
        return 0;
    }
    for (size_t i = 0; i < ncols; i++) {
        static const unsigned char sqlite_type[] = {
            [STORE_TYPE_NULL] = 5, [STORE_TYPE_INTEGER] = 1, [STORE_TYPE_REAL] = 2,
            [STORE_TYPE_TEXT] = 3, [STORE_TYPE_BLOB] = 4,
        };  /* SQLITE_NULL ... SQLITE_BLOB: the hash of brief 0.2.0 */
        unsigned char type = sqlite_type[row[i].type];
        sha256_update(ctx, &type, 1);
        if (row[i].type != STORE_TYPE_NULL) hash_field(ctx, row[i].bytes, row[i].len);
    }
    return 0;
}

int fingerprint_data(const char *db_path, char *hex, char *err, size_t errlen)
{
    struct stat sb;
    store *st = NULL;
    char why[512];
    int result = -1;
    sha256_ctx *ctx = sha256_create(err, errlen);

    if (!ctx) return -1;
    hash_str(ctx, "brief data 1");
    if (stat(db_path, &sb) != 0 && errno == ENOENT) {
        hash_str(ctx, "no database");
        return finish(ctx, hex);
    }
    if (store_open(db_path, STORE_READONLY, &st, why, sizeof why) != STORE_OK) {
        snprintf(err, errlen, "%s", why);
    } else if (store_content_walk(st, hash_content, ctx) != STORE_OK) {
        snprintf(err, errlen, "%s: cannot read the data: %s", db_path, store_errmsg(st));
    } else {
        result = finish(ctx, hex);
        ctx = NULL;
        if (result != 0) snprintf(err, errlen, "%s: cannot compute a hash", db_path);
    }
    sha256_destroy(ctx);
    store_close(st);
    return result;
}

int fingerprint_data_epoch(const char *db_path, time_t *when)
{
    struct stat sb;
    store *st = NULL;
    char why[512], date[11];
    long day;
    int result = -1;

    if (stat(db_path, &sb) != 0) return -1;
    if (store_open(db_path, STORE_READONLY, &st, why, sizeof why) == STORE_OK &&
        store_latest_issue(st, date) == 1 && dates_parse(date, &day) == 0) {
        *when = (time_t)day * 86400;
        result = 0;
    }
    store_close(st);
    return result;
}

/* ---- scripts ---- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    sbuf b = SBUF_INIT;
    char chunk[8192];
    size_t n;
    if (!f) return NULL;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sbuf_append(&b, chunk, n);
    int bad = ferror(f) || sbuf_failed(&b);
    fclose(f);
    if (bad) { sbuf_free(&b); return NULL; }
    *len = b.len;
    return sbuf_detach(&b);
}

typedef struct module_set {
    char *paths[FINGERPRINT_MAX_MODULES];
    size_t count;
} module_set;

static int module_seen(const module_set *set, const char *path)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->paths[i], path) == 0) return 1;
    return 0;
}

static int lua_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The module name of the string literal at *p (before end): a short string
 * "name" or 'name' (on one line, without escapes), or a long bracket
 * [[name]] or [==[name]==] (a newline right after the opening skipped, as
 * Lua does). Sets *name and *len and returns the end of the literal, or
 * NULL when there is none. */
static const char *string_literal(const char *p, const char *end, const char **name, size_t *len)
{
    if (p < end && (*p == '"' || *p == '\'')) {
        const char *q = p + 1;
        while (q < end && *q != *p && *q != '\n' && *q != '\\') q++;
        if (q >= end || *q != *p) return NULL;
        *name = p + 1;
        *len = (size_t)(q - p - 1);
        return q + 1;
    }
    if (p < end && *p == '[') {
        const char *q = p + 1;
        size_t level = 0;
        while (q < end && *q == '=') { q++; level++; }
        if (q >= end || *q != '[') return NULL;
        q++;
        if (q < end && *q == '\r') q++;
        if (q < end && *q == '\n') q++;
        for (const char *c = q; c < end; c++) {
            if (*c != ']' || (size_t)(end - c) < level + 2) continue;
            size_t k = 0;
            while (k < level && c[1 + k] == '=') k++;
            if (k == level && c[1 + level] == ']') {
                *name = q;
                *len = (size_t)(c - q);
                return c + level + 2;
            }
        }
    }
    return NULL;
}

/* Finds the calls of require with a literal name in text, in every form
 * Lua reads as one (require "m", require 'm', require("m"), require ( "m" ),
 * require [[m]], require [==[m]==], with any white space and line breaks
 * between), and appends the files they name when they exist beside the
 * script. A rough scan (comments included): naming a file too many only
 * costs a rerun; a name computed at run time (require(x)) is not seen,
 * which docs/batch.md says. */
static void scan_requires(const char *text, size_t len, const char *dir, module_set *set)
{
    const char *p = text, *end = text + len;
    while ((p = memmem(p, (size_t)(end - p), "require", 7)) != NULL) {
        int word_start = p == text || !(p[-1] == '_' || p[-1] == '.' || p[-1] == ':' || isalnum((unsigned char)p[-1]));
        p += 7;
        if (!word_start || (p < end && (*p == '_' || isalnum((unsigned char)*p)))) continue;
        const char *q = p, *name;
        size_t n;
        while (q < end && lua_space(*q)) q++;
        if (q < end && *q == '(') {
            q++;
            while (q < end && lua_space(*q)) q++;
        }
        if (!string_literal(q, end, &name, &n) || n == 0 || n > 200) continue;
        char mod[256];
        memcpy(mod, name, n);
        mod[n] = '\0';
        if (memchr(mod, '\0', n) || strchr(mod, '\n')) continue;
        for (char *c = mod; *c; c++) if (*c == '.') *c = '/';
        if (strstr(mod, "..")) continue;
        const char *forms[] = {"%s/%s.lua", "%s/%s/init.lua"};
        for (size_t i = 0; i < 2 && set->count < FINGERPRINT_MAX_MODULES; i++) {
            char path[4096];
            struct stat sb;
            snprintf(path, sizeof path, forms[i], dir, mod);
            if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && !module_seen(set, path)) {
                char *copy = strdup(path);
                if (copy) set->paths[set->count++] = copy;
                break;
            }
        }
    }
}

int fingerprint_script(const char *script_path, char *hex, char *err, size_t errlen)
{
    module_set set = {{0}, 0};
    sha256_ctx *ctx = sha256_create(err, errlen);
    char dir[4096];
    int result = -1;

    if (!ctx) return -1;
    paths_dirname(script_path, dir, sizeof dir);
    set.paths[set.count++] = strdup(script_path);
    if (!set.paths[0]) { snprintf(err, errlen, "out of memory"); sha256_destroy(ctx); return -1; }
    hash_str(ctx, "brief script 1");
    for (size_t i = 0; i < set.count; i++) {
        size_t len = 0;
        char *text = read_file(set.paths[i], &len);
        if (!text) {
            snprintf(err, errlen, "%s: cannot read: %s", set.paths[i], strerror(errno));
            goto done;
        }
        hash_str(ctx, i == 0 ? "" : set.paths[i] + strlen(dir));
        hash_field(ctx, text, len);
        scan_requires(text, len, dir, &set);
        free(text);
    }
    result = finish(ctx, hex);
    ctx = NULL;
    if (result != 0) snprintf(err, errlen, "%s: cannot compute a hash", script_path);
done:
    sha256_destroy(ctx);
    for (size_t i = 0; i < set.count; i++) free(set.paths[i]);
    return result;
}

void fingerprint_job(const fingerprint_inputs *in, char *hex)
{
    sha256_ctx *ctx = sha256_create(NULL, 0);
    if (!ctx) { hex[0] = '\0'; return; }
    hash_str(ctx, "brief job 1");
    hash_str(ctx, in->engine_version);
    hash_str(ctx, in->script_hex);
    hash_str(ctx, in->data_hex);
    hash_str(ctx, in->output_path);
    char epoch[32];
    snprintf(epoch, sizeof epoch, "%lld", in->source_date_epoch);
    hash_str(ctx, epoch);
    for (size_t i = 0; i < in->param_count; i++) {
        hash_str(ctx, in->params[i].key);
        hash_str(ctx, in->params[i].value);
    }
    if (finish(ctx, hex) != 0) hex[0] = '\0';
}
