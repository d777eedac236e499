/* SPDX-License-Identifier: GPL-3.0-or-later */
/* batch.h — runs the jobs of a validated manifest unattended: one lock per
 * database, up-to-date jobs skipped, each job isolated in a child process
 * with a time and memory limit, every run logged and recorded in `runs`.
 *
 * Promises: a job that fails, crashes (SIGSEGV...), runs past its timeout
 * (the parent kills it) or past its memory limit fails alone and the others
 * go on; a killed job leaves the previous output in place (the script
 * runtime renames a finished document into place; stale temporary files of
 * killed runs are removed by the next batch); children die with the batch
 * (PR_SET_PDEATHSIG) and never hold its lock; scripts see as today
 * (SOURCE_DATE_EPOCH, unless the caller set it) the newest bulletin's date,
 * else the batch's date, never the clock's time, and that date is part of
 * each job's fingerprint. The parent alone writes
 * the database; a read-only database only loses the history, with a warning.
 * The fonts (fonts_create(NULL): $BRIEF_FONTS, else roles.conf) are loaded
 * once, before the first job forks, and handed to every job
 * (script_options.fonts); when they cannot be loaded there, each job loads
 * its own and reports the failure as `brief run` would. With
 * BATCH_RESIDENT_FONTS_JOBS jobs or more to run, the files of the roles'
 * first faces are copied into memory before the first fork
 * (fonts_make_resident), and every job's resident size (max_rss_kb)
 * includes that copy, which exists once.
 * Never calls exit(); no globals (signals are read through a signalfd). */
#ifndef BRIEF_BATCH_H
#define BRIEF_BATCH_H

#include <stddef.h>
#include <stdio.h>

#include "batch/manifest.h"
#include "script/script.h"

/* Results of batch_run (the CLI exits with them, except BATCH_ERROR -> 1). */
#define BATCH_OK           0   /* every job done or skipped */
#define BATCH_JOBS_FAILED  1   /* some job failed, timed out or crashed, or the batch was interrupted */
#define BATCH_ERROR        3   /* could not start (lock file, database): message in err */
#define BATCH_LOCKED      75   /* EX_TEMPFAIL: another batch holds the lock; message names its pid */

/* The jobs a batch runs from which it copies the main faces' files into
 * memory (above): the copy takes 10 ms, up to 100 ms when the machine
 * must find fresh memory, and a weekly brief's job saves about 13 ms. */
#define BATCH_RESIDENT_FONTS_JOBS 8

/* What runs a job inside its child process; script_run unless a test
 * supplies another. */
typedef int (*batch_runner)(const script_options *options, script_result *result);

typedef struct batch_options {
    const char *db_path;          /* the database; its lock is db_path + ".lock" */
    int workers;                  /* jobs computing at once (-j), >= 1; as many more may be
                                     committing their outputs (script_options.on_computed) */
    int force;                    /* run up-to-date jobs too */
    int dry_run;                  /* list what would run or be skipped, on out; run nothing */
    double wait_s;                /* how long to wait for the lock; 0: give up at once */
    int shard_index;              /* 1..shard_count; 0 with shard_count 0: every job */
    int shard_count;
    int log_json;                 /* one JSON object per line instead of text */
    FILE *log;                    /* the per-job lines (stderr) */
    FILE *out;                    /* the --dry-run listing (stdout) */
    const char *engine_version;   /* BRIEF_VERSION, part of every job's fingerprint */
    const char *date_ymd;         /* the batch's date ("YYYY-MM-DD"): scripts' today when the
                                     data has no date; NULL: today (UTC) */
    batch_runner runner;          /* NULL: script_run */
    double kill_grace_s;          /* past a job's timeout before the parent kills it; 0: 2 s */
    size_t memory_headroom_bytes; /* allowed to the C side above a job's max_memory; 0: 256 MiB */
    const char *const *allow_read; /* folders every job's script may read besides its own (--allow-read) */
    int strict;                   /* a job's document warning (a character no font draws) fails the job
                                     (--strict); else each is logged as a warning of its job */
    size_t allow_read_count;
} batch_options;

typedef struct batch_summary {
    size_t selected;              /* jobs of this shard */
    size_t ok, skipped, failed, timeout, crashed;
    long peak_rss_kb;             /* the largest maximum resident set of a job's process */
    long shared_fonts_kb;         /* of it, the font files copied before the first fork
                                     (fonts_make_resident), which every job's counts and which
                                     exists once; 0 without the copy */
    double elapsed_s;
} batch_summary;

/* Runs (or, dry, lists) the manifest's jobs of the chosen shard. Fills
 * *summary. Returns one of the BATCH_* codes; err (errlen bytes) gets the
 * message of BATCH_ERROR and BATCH_LOCKED. */
int batch_run(const manifest *m, const batch_options *options, batch_summary *summary,
              char *err, size_t errlen);

/* Shard of the job at 1-based index: jobs are dealt round-robin, ((index - 1)
 * mod shard_count) + 1, so that shards 1..N together hold every job once. */
int batch_shard_of(size_t index, int shard_count);

/* Takes an exclusive flock on lock_path (created if missing), waiting up to
 * wait_s, and writes our pid into the file. Returns 0 with *fd set (release
 * with batch_unlock), 1 when another process holds it past the wait (its pid,
 * or 0 when unknown, in *holder_pid), or -1 with a message in err and errno
 * set (EROFS, EACCES: the place is read-only). */
int batch_lock(const char *lock_path, double wait_s, int *fd, long *holder_pid, char *err, size_t errlen);
void batch_unlock(int fd);

/* Whether a batch holds lock_path now, for `brief doctor`; never creates
 * the file and never waits. Returns 0 when it is free (a missing file is
 * free), 1 when a process holds it (its pid, or 0 when unknown, in
 * *holder_pid), or -1 with a message naming the file in err. It finds out
 * by taking a shared lock and dropping it at once: a batch starting in
 * that microsecond with --wait 0 would find the lock held (exit 75). */
int batch_lock_probe(const char *lock_path, long *holder_pid, char *err, size_t errlen);

#endif
