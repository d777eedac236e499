/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runs.h — the history of batch job runs: the `runs` table of the database.
 *
 * Part of the store (implemented in store_runs.c on a store's connection):
 * the store creates the table (its migrations); these functions read and
 * write its rows. The batch parent is the only writer; scripts open the
 * database read-only and never see this module. A database that cannot be written (a
 * read-only copy on a shard machine) is not an error: runs_open says so with
 * runs_writable() == 0 and runs_insert then records nothing. No globals. */
#ifndef BRIEF_RUNS_H
#define BRIEF_RUNS_H

#include <stddef.h>

/* One row per job run, in the table the store's schema creates (store.h,
 * docs/schema.md): runs(id, job, params JSON, started_at, finished_at,
 * status, output, bytes, error, inputs_hash). Timestamps are UTC ISO 8601
 * with milliseconds ("2026-11-25T14:20:01.123Z"); status is one of the
 * RUNS_STATUS_* texts. */
/* "running" is written when a job starts and replaced when it ends: a row
 * still running when the next batch takes the lock belongs to a batch that
 * died (kill -9, power loss) and is then marked failed. */
#define RUNS_STATUS_RUNNING "running"
#define RUNS_STATUS_OK      "ok"
#define RUNS_STATUS_FAILED  "failed"
#define RUNS_STATUS_SKIPPED "skipped"
#define RUNS_STATUS_TIMEOUT "timeout"
#define RUNS_STATUS_CRASHED "crashed"

typedef struct runs_db runs_db;

typedef struct runs_record {
    long long id;              /* set by runs_list; ignored by runs_insert */
    const char *job;
    const char *params_json;   /* {"week":"2026-W47"}, or NULL */
    const char *started_at;
    const char *finished_at;
    const char *status;
    const char *output;        /* the file written, or NULL */
    long long bytes;           /* its size; -1: none */
    const char *error;         /* or NULL */
    const char *inputs_hash;   /* hex SHA-256 of what the output depends on, or NULL */
    double duration_s;         /* set by runs_list */
} runs_record;

#define RUNS_OPEN_READ_ONLY 1  /* never create the file or the table, never write */

/* Opens the database at db_path as a store. Without RUNS_OPEN_READ_ONLY it
 * creates or migrates it (store_open read-write, so that it holds the runs
 * table), and falls back to reading only when the file or its directory
 * cannot be written (then a warning is put in warn, warnlen bytes; empty
 * otherwise). Read-only, it opens as store_open does (a read-only WAL
 * database whose directory is read-only too as immutable) and so refuses
 * a file that is not a brief database of this schema version. Returns NULL
 * with the store's message in err when the database cannot be opened.
 * Close with runs_close (NULL: no-op). */
runs_db *runs_open(const char *db_path, int flags, char *warn, size_t warnlen, char *err, size_t errlen);
void runs_close(runs_db *db);
int runs_writable(const runs_db *db);
/* The last error message on db (transfer none). */
const char *runs_errmsg(const runs_db *db);

/* Appends a run and sets *id to its row id (0 when the database is
 * read-only: nothing is written). params_json must be a JSON text or NULL.
 * Returns 0, or -1 with the message on db. */
int runs_insert(runs_db *db, const runs_record *r, long long *id);
/* Completes row id (from runs_insert, 0: no-op) with r's finished_at,
 * status, output, bytes, error. Returns 0, or -1 with the message on db. */
int runs_update(runs_db *db, long long id, const runs_record *r);
/* Marks rows still "running" as failed (their batch died); only call it
 * holding the batch lock. Returns how many, or -1 with the message on db. */
int runs_fail_abandoned(runs_db *db);

/* The newest run of job with status ok: returns 1 and fills *inputs_hash and
 * *output (malloc'd, free() them; *output may be NULL) and *bytes; 0 when
 * there is none; -1 on error (message on db). */
int runs_last_ok(runs_db *db, const char *job, char **inputs_hash, char **output, long long *bytes);

/* Calls visit for the newest `last` runs (0: all), oldest first; only
 * failed, timed-out and crashed ones when failed_only. visit returns 0 to go
 * on. The record's strings live until visit returns. Returns the number of
 * rows visited, or -1 (message on db). */
typedef int (*runs_visit)(void *ud, const runs_record *r);
long runs_list(runs_db *db, size_t last, int failed_only, runs_visit visit, void *ud);

/* The current UTC time as "2026-11-25T14:20:01.123Z" (out: at least 25 bytes). */
void runs_now_iso(char *out, size_t outlen);

#endif
