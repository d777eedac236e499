/* fingerprint.c — SHA-256 (OpenSSL EVP) of a job's inputs (see fingerprint.h). */
#include "batch/fingerprint.h"
#include "util/sbuf.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#define FINGERPRINT_MAX_MODULES 64

static void to_hex(const unsigned char *digest, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[FINGERPRINT_HEX_LEN] = '\0';
}

/* Every field is hashed with its length first, so that ("ab","c") and
 * ("a","bc") differ. */
static void hash_field(EVP_MD_CTX *ctx, const void *data, size_t len)
{
    unsigned char n[8];
    uint64_t v = len;
    for (int i = 0; i < 8; i++) n[i] = (unsigned char)(v >> (8 * i));
    EVP_DigestUpdate(ctx, n, sizeof n);
    if (len) EVP_DigestUpdate(ctx, data, len);
}

static void hash_str(EVP_MD_CTX *ctx, const char *s)
{
    hash_field(ctx, s ? s : "", s ? strlen(s) : 0);
}

static int finish(EVP_MD_CTX *ctx, char *hex)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    int ok = EVP_DigestFinal_ex(ctx, digest, &len) == 1 && len == 32;
    EVP_MD_CTX_free(ctx);
    if (ok) to_hex(digest, hex);
    return ok ? 0 : -1;
}

static EVP_MD_CTX *start(void)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* ---- the database ---- */

/* A table the data hash leaves out: history, SQLite's own, virtual tables
 * and their shadow tables ("NAME_data", "NAME_idx", ... of FTS5 table NAME). */
static int table_skipped(const char *name, const char *sql, char **vtabs, size_t nvtabs)
{
    if (strcmp(name, "runs") == 0 || strncmp(name, "sqlite_", 7) == 0) return 1;
    if (sql && strncmp(sql, "CREATE VIRTUAL TABLE", 20) == 0) return 1;
    for (size_t i = 0; i < nvtabs; i++) {
        size_t n = strlen(vtabs[i]);
        if (strncmp(name, vtabs[i], n) == 0 && name[n] == '_') return 1;
    }
    return 0;
}

static int hash_table(sqlite3 *db, EVP_MD_CTX *ctx, const char *name)
{
    sqlite3_stmt *st = NULL;
    sbuf q = SBUF_INIT;
    /* Quote the identifier as SQL does: "" for a double quote. */
    sbuf_puts(&q, "SELECT * FROM \"");
    for (const char *p = name; *p; p++) {
        if (*p == '"') sbuf_putc(&q, '"');
        sbuf_putc(&q, *p);
    }
    sbuf_puts(&q, "\"");
    size_t plain = q.len;
    sbuf_puts(&q, " ORDER BY rowid");
    if (sbuf_failed(&q)) { sbuf_free(&q); return SQLITE_NOMEM; }
    int rc = sqlite3_prepare_v2(db, q.data, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        /* WITHOUT ROWID: a plain scan walks the primary key in order. */
        q.data[plain] = '\0';
        rc = sqlite3_prepare_v2(db, q.data, -1, &st, NULL);
    }
    sbuf_free(&q);
    if (rc != SQLITE_OK) return rc;
    hash_str(ctx, name);
    int ncol = sqlite3_column_count(st);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < ncol; i++) {
            unsigned char type = (unsigned char)sqlite3_column_type(st, i);
            EVP_DigestUpdate(ctx, &type, 1);
            if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
                /* As text, so that the hash does not depend on byte order. */
                const unsigned char *t = sqlite3_column_text(st, i);
                hash_field(ctx, t, (size_t)sqlite3_column_bytes(st, i));
            } else if (type != SQLITE_NULL) {
                const void *b = sqlite3_column_blob(st, i);
                hash_field(ctx, b, (size_t)sqlite3_column_bytes(st, i));
            }
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int fingerprint_data(const char *db_path, char *hex, char *err, size_t errlen)
{
    struct stat sb;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char **vtabs = NULL;
    size_t nvtabs = 0;
    int rc, result = -1;
    EVP_MD_CTX *ctx = start();

    if (!ctx) { snprintf(err, errlen, "out of memory"); return -1; }
    hash_str(ctx, "brief data 1");
    if (stat(db_path, &sb) != 0 && errno == ENOENT) {
        hash_str(ctx, "no database");
        return finish(ctx, hex);
    }
    rc = store_sqlite_open_readonly(db_path, &db);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 10000);
        /* One read transaction, so that every table is seen at one moment. */
        rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                " AND sql LIKE 'CREATE VIRTUAL TABLE%'", -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **nv = realloc(vtabs, (nvtabs + 1) * sizeof *nv);
        if (!nv || !(nv[nvtabs] = strdup((const char *)sqlite3_column_text(st, 0)))) {
            if (nv) vtabs = nv;
            rc = SQLITE_NOMEM;
            break;
        }
        vtabs = nv;
        nvtabs++;
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_finalize(st);
    st = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *sql = (const char *)sqlite3_column_text(st, 1);
        rc = SQLITE_OK;
        if (!name || table_skipped(name, sql, vtabs, nvtabs)) continue;
        hash_str(ctx, sql);
        rc = hash_table(db, ctx, name);
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) {
        result = finish(ctx, hex);
        ctx = NULL;
        if (result != 0) snprintf(err, errlen, "%s: cannot compute a hash", db_path);
    } else {
        snprintf(err, errlen, "%s: cannot read the data: %s", db_path,
                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    }
    EVP_MD_CTX_free(ctx);
    for (size_t i = 0; i < nvtabs; i++) free(vtabs[i]);
    free(vtabs);
    sqlite3_close(db);   /* an open read transaction is rolled back */
    return result;
}

int fingerprint_data_epoch(const char *db_path, time_t *when)
{
    struct stat sb;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int result = -1;

    if (stat(db_path, &sb) != 0) return -1;
    if (store_sqlite_open_readonly(db_path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT CAST(strftime('%s', max(issued_on)) AS INTEGER)"
                           " FROM bulletins WHERE issued_on IS NOT NULL", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *when = (time_t)sqlite3_column_int64(st, 0);
        result = 0;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
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
    EVP_MD_CTX *ctx = start();
    char dir[4096];
    int result = -1;

    if (!ctx) { snprintf(err, errlen, "out of memory"); return -1; }
    const char *slash = strrchr(script_path, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - script_path), script_path);
    set.paths[set.count++] = strdup(script_path);
    if (!set.paths[0]) { snprintf(err, errlen, "out of memory"); EVP_MD_CTX_free(ctx); return -1; }
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
    EVP_MD_CTX_free(ctx);
    for (size_t i = 0; i < set.count; i++) free(set.paths[i]);
    return result;
}

void fingerprint_job(const fingerprint_inputs *in, char *hex)
{
    EVP_MD_CTX *ctx = start();
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
