/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_runs.c — the `runs` table: appends by the batch parent, listing
 * for `brief runs` (see runs.h). Part of the store: it reaches the table
 * through a store's connection (store_private.h), never its own. */
#include "store/runs.h"
#include "store/store.h"
#include "store/store_private.h"
#include "util/paths.h"

#include <errno.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <sqlite3.h>

struct runs_db {
    store *st;
    sqlite3 *db;        /* (transfer none) the store's */
    int writable;
    char errmsg[512];
};

void runs_now_iso(char *out, size_t outlen)
{
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000));
}

static void set_error(runs_db *r, const char *what)
{
    snprintf(r->errmsg, sizeof r->errmsg, "%s: %s", what, r->db ? sqlite3_errmsg(r->db) : "cannot open");
}

/* Whether path (or, when it does not exist, its directory) and its
 * directory can be written: SQLite needs both for its journal or WAL. */
static int place_writable(const char *path)
{
    char dir[4096];
    paths_dirname(path, dir, sizeof dir);
    if (access(dir, W_OK) != 0) return 0;
    return access(path, W_OK) == 0 || errno == ENOENT;
}


runs_db *runs_open(const char *db_path, int flags, char *warn, size_t warnlen, char *err, size_t errlen)
{
    runs_db *r = calloc(1, sizeof *r);
    int read_only = flags & RUNS_OPEN_READ_ONLY;
    char why[512];

    if (warnlen) warn[0] = '\0';
    if (!r) { snprintf(err, errlen, "out of memory"); return NULL; }
    if (!read_only) {
        /* The store creates the file and its schema, runs included, or
         * migrates an older one: the same database ingest would make. */
        if (store_open(db_path, STORE_READWRITE, &r->st, why, sizeof why) != STORE_OK) {
            if (place_writable(db_path)) {
                snprintf(err, errlen, "%s", why);
                runs_close(r);
                return NULL;
            }
            snprintf(warn, warnlen, "%s: the database is read-only: job runs will not be recorded", db_path);
            read_only = 2;
        }
    }
    if (read_only && store_open(db_path, STORE_READONLY, &r->st, why, sizeof why) != STORE_OK) {
        snprintf(err, errlen, "%s", why);
        runs_close(r);
        return NULL;
    }
    r->db = store_sqlite(r->st);
    r->writable = !read_only;
    return r;
}

void runs_close(runs_db *r)
{
    if (!r) return;
    store_close(r->st);
    free(r);
}

int runs_writable(const runs_db *r) { return r->writable; }

const char *runs_errmsg(const runs_db *r) { return r->errmsg; }

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

int runs_insert(runs_db *r, const runs_record *rec, long long *id)
{
    sqlite3_stmt *st = NULL;
    *id = 0;
    if (!r->writable) return 0;
    /* The store's writer does not check CHECK constraints (store_open):
     * the one on params, json_valid, is the WHERE here. */
    if (sqlite3_prepare_v2(r->db,
            "INSERT INTO runs (job, params, started_at, finished_at, status, output, bytes, error, inputs_hash)"
            " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE ?2 IS NULL OR json_valid(?2)", -1, &st, NULL)
        != SQLITE_OK) {
        set_error(r, "recording a run");
        return -1;
    }
    bind_text_or_null(st, 1, rec->job);
    bind_text_or_null(st, 2, rec->params_json);
    bind_text_or_null(st, 3, rec->started_at);
    bind_text_or_null(st, 4, rec->finished_at);
    bind_text_or_null(st, 5, rec->status);
    bind_text_or_null(st, 6, rec->output);
    if (rec->bytes >= 0) sqlite3_bind_int64(st, 7, rec->bytes);
    else sqlite3_bind_null(st, 7);
    bind_text_or_null(st, 8, rec->error);
    bind_text_or_null(st, 9, rec->inputs_hash);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        set_error(r, "recording a run");
        return -1;
    }
    if (sqlite3_changes(r->db) != 1) {
        snprintf(r->errmsg, sizeof r->errmsg, "recording a run: its params are not JSON");
        return -1;
    }
    *id = sqlite3_last_insert_rowid(r->db);
    return 0;
}

int runs_update(runs_db *r, long long id, const runs_record *rec)
{
    sqlite3_stmt *st = NULL;
    if (!r->writable || id <= 0) return 0;
    if (sqlite3_prepare_v2(r->db,
            "UPDATE runs SET finished_at = ?2, status = ?3, output = ?4, bytes = ?5, error = ?6 WHERE id = ?1",
            -1, &st, NULL) != SQLITE_OK) {
        set_error(r, "recording a run");
        return -1;
    }
    sqlite3_bind_int64(st, 1, id);
    bind_text_or_null(st, 2, rec->finished_at);
    bind_text_or_null(st, 3, rec->status);
    bind_text_or_null(st, 4, rec->output);
    if (rec->bytes >= 0) sqlite3_bind_int64(st, 5, rec->bytes);
    else sqlite3_bind_null(st, 5);
    bind_text_or_null(st, 6, rec->error);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        set_error(r, "recording a run");
        return -1;
    }
    return 0;
}

int runs_fail_abandoned(runs_db *r)
{
    if (!r->writable) return 0;
    char *msg = NULL;
    int rc = sqlite3_exec(r->db,
        "UPDATE runs SET status = 'failed', error = 'interrupted: the batch that ran it stopped before it ended'"
        " WHERE status = 'running'", NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(r->errmsg, sizeof r->errmsg, "marking abandoned runs: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return -1;
    }
    return sqlite3_changes(r->db);
}

int runs_last_ok(runs_db *r, const char *job, char **inputs_hash, char **output, long long *bytes)
{
    sqlite3_stmt *st = NULL;
    *inputs_hash = NULL;
    *output = NULL;
    *bytes = -1;
    if (sqlite3_prepare_v2(r->db,
            "SELECT inputs_hash, output, bytes FROM runs WHERE job = ?1 AND status = 'ok'"
            " ORDER BY id DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
        set_error(r, "reading the runs");
        return -1;
    }
    sqlite3_bind_text(st, 1, job, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 0);
        const char *o = (const char *)sqlite3_column_text(st, 1);
        *inputs_hash = h ? strdup(h) : NULL;
        *output = o ? strdup(o) : NULL;
        *bytes = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
        found = 1;
        if ((h && !*inputs_hash) || (o && !*output)) {
            free(*inputs_hash);
            free(*output);
            *inputs_hash = *output = NULL;
            snprintf(r->errmsg, sizeof r->errmsg, "out of memory");
            found = -1;
        }
    } else if (rc != SQLITE_DONE) {
        set_error(r, "reading the runs");
        found = -1;
    }
    sqlite3_finalize(st);
    return found;
}

long runs_list(runs_db *r, size_t last, int failed_only, runs_visit visit, void *ud)
{
    sqlite3_stmt *st = NULL;
    long count = 0;
    /* The newest `last` rows, then put back in the order they ran. */
    if (sqlite3_prepare_v2(r->db,
            "SELECT * FROM (SELECT id, job, params, started_at, finished_at, status, output, bytes, error,"
            " inputs_hash, (julianday(finished_at) - julianday(started_at)) * 86400.0"
            " FROM runs WHERE ?1 = 0 OR status IN ('failed', 'timeout', 'crashed')"
            " ORDER BY id DESC LIMIT ?2) ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
        set_error(r, "reading the runs");
        return -1;
    }
    sqlite3_bind_int(st, 1, failed_only ? 1 : 0);
    sqlite3_bind_int64(st, 2, last ? (sqlite3_int64)last : -1);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        runs_record rec;
        rec.id = sqlite3_column_int64(st, 0);
        rec.job = (const char *)sqlite3_column_text(st, 1);
        rec.params_json = (const char *)sqlite3_column_text(st, 2);
        rec.started_at = (const char *)sqlite3_column_text(st, 3);
        rec.finished_at = (const char *)sqlite3_column_text(st, 4);
        rec.status = (const char *)sqlite3_column_text(st, 5);
        rec.output = (const char *)sqlite3_column_text(st, 6);
        rec.bytes = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 7);
        rec.error = (const char *)sqlite3_column_text(st, 8);
        rec.inputs_hash = (const char *)sqlite3_column_text(st, 9);
        rec.duration_s = sqlite3_column_double(st, 10);
        count++;
        if (visit(ud, &rec) != 0) break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        set_error(r, "reading the runs");
        count = -1;
    }
    sqlite3_finalize(st);
    return count;
}
