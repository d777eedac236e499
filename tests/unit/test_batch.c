/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_batch.c — the batch runner: isolation of failing, crashing, hanging
 * and memory-hungry jobs, the lock, skipping, history, shards, atomic
 * outputs. Jobs run a fake runner chosen by the script's file name, so that
 * the worker machinery is tested without the script runtime. */
#include "harness.h"
#include "batch/batch.h"
#include "batch/manifest.h"
#include "fonts/fonts.h"
#include "util/paths.h"
#include "store/runs.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

static char dir_g[64];   /* test-only: the temporary directory of this driver */

static const char *path_in(const char *name)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 512, "%s/%s", dir_g, name);
    return p;
}

static int write_text(const char *name, const char *text)
{
    FILE *f = fopen(path_in(name), "w");
    if (!f) return -1;
    fputs(text, f);
    return fclose(f);
}

static char *read_text(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static const char *script_kind(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* A fake run's document of one page: doc written to the output path. */
static int fake_output(const script_options *o, script_result *r, const char *doc, size_t n)
{
    char err[256];
    if (paths_write_atomic(o->output_path, doc, n, err, sizeof err) != 0) {
        r->message = strdup(err);
        return r->status = SCRIPT_IO;
    }
    r->output_path = strdup(o->output_path);
    r->output_bytes = n;
    r->page_count = 1;
    return r->status = SCRIPT_OK;
}

/* Whether the file `started` appears within wait_ms: a job of mark.lua
 * makes it when it starts. */
static int saw_next_start(int wait_ms)
{
    for (int waited = 0; waited < wait_ms; waited += 10) {
        if (access(path_in("started"), F_OK) == 0) return 1;
        usleep(10 * 1000);
    }
    return access(path_in("started"), F_OK) == 0;
}

/* The fake script runtime: what it does depends on the script's name. */
static int fake_runner(const script_options *o, script_result *r)
{
    const char *kind = script_kind(o->script_path);
    char err[256];
    memset(r, 0, sizeof *r);
    if (strcmp(kind, "ok.lua") == 0) {
        /* Output from params and data date only, like a real report. */
        char doc[512];
        int n = snprintf(doc, sizeof doc, "doc %s", o->param_count ? o->params[0].value : "-");
        const char *epoch = getenv("SOURCE_DATE_EPOCH");
        n += snprintf(doc + n, sizeof doc - (size_t)n, " date=%s\n", epoch ? epoch : "none");
        return fake_output(o, r, doc, (size_t)n);
    }
    if (strcmp(kind, "fonts.lua") == 0) {
        /* What the batch handed the job: the fonts it loaded before forking. */
        char doc[64];
        int n = snprintf(doc, sizeof doc, "%s\n",
                         o->fonts && fonts_face_count(o->fonts) > 0 ? "fonts loaded" : "no fonts");
        return fake_output(o, r, doc, (size_t)n);
    }
    if (strcmp(kind, "mark.lua") == 0) {
        if (write_text("started", "") != 0) return r->status = SCRIPT_IO;
        return fake_output(o, r, "marked\n", 7);
    }
    if (strcmp(kind, "commit.lua") == 0 || strcmp(kind, "busy.lua") == 0) {
        /* commit.lua has computed and only commits its output now (a slow
         * disk); busy.lua is still computing. Does the next job start? */
        int committing = strcmp(kind, "commit.lua") == 0;
        if (committing && o->on_computed) o->on_computed(o->on_computed_ctx);
        const char *doc = saw_next_start(committing ? 3000 : 300) ? "overlapped\n" : "alone\n";
        return fake_output(o, r, doc, strlen(doc));
    }
    if (strcmp(kind, "fail.lua") == 0) {
        r->message = strdup("fail.lua:3: boom\nstack traceback:\n\tfail.lua:3: in main chunk");
        return r->status = SCRIPT_ERROR;
    }
    if (strcmp(kind, "crash.lua") == 0) raise(SIGSEGV);
    if (strcmp(kind, "hang.lua") == 0) for (;;) pause();
    if (strcmp(kind, "partial.lua") == 0) {
        /* Half a document in its temporary file, then stuck: as a run
         * killed in the middle of writing. */
        char tmp[512];
        int fd = paths_temp_beside(o->output_path, tmp, sizeof tmp, err, sizeof err);
        if (fd >= 0 && write(fd, "half", 4) == 4) for (;;) pause();
        r->message = strdup(err);
        return r->status = SCRIPT_IO;
    }
    if (strcmp(kind, "slow.lua") == 0) {
        r->message = strdup("slow.lua: over its time limit of 1 s");
        return r->status = SCRIPT_TIMEOUT;
    }
    if (strcmp(kind, "hog.lua") == 0) {
        /* C-side memory the script allocator would not see. */
        size_t mib = 0;
        for (; mib < 4096; mib++) {
            char *p = malloc(1 << 20);
            if (!p) break;
            memset(p, 1, 1 << 20);
        }
        char msg[64];
        snprintf(msg, sizeof msg, "malloc failed after %zu MiB", mib);
        r->message = strdup(msg);
        return r->status = SCRIPT_MEMORY;
    }
    r->message = strdup("unknown fake script");
    return r->status = SCRIPT_IO;
}

static batch_options options(FILE *log)
{
    batch_options o;
    memset(&o, 0, sizeof o);
    o.db_path = path_in("brief.db");
    o.workers = 2;
    o.log = log;
    o.out = log;
    o.engine_version = "test";
    o.runner = fake_runner;
    o.kill_grace_s = 0.2;
    o.memory_headroom_bytes = (size_t)32 << 20;
    return o;
}

static manifest *load(const char *text)
{
    char err[2048];
    if (write_text("jobs.lua", text) != 0) return NULL;
    manifest *m = manifest_load(path_in("jobs.lua"), "2026-11-25", err, sizeof err);
    if (!m) printf("# %s\n", err);
    return m;
}

typedef struct seen { char lines[4096]; int count; } seen;

static int collect(void *ud, const runs_record *r)
{
    seen *s = ud;
    size_t len = strlen(s->lines);
    snprintf(s->lines + len, sizeof s->lines - len, "%s=%s\n", r->job, r->status);
    s->count++;
    return 0;
}

/* The history, as "job=status\n" lines, oldest first; failed_only as --failed. */
static const char *history(int failed_only, size_t last)
{
    static seen s;
    char warn[256], err[256];
    memset(&s, 0, sizeof s);
    runs_db *db = runs_open(path_in("brief.db"), RUNS_OPEN_READ_ONLY, warn, sizeof warn, err, sizeof err);
    if (!db) return "(no database)";
    runs_list(db, last, failed_only, collect, &s);
    runs_close(db);
    return s.lines;
}

static void reset(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'/* '%s'/.[!.]*", dir_g, dir_g);
    if (system(cmd) != 0) printf("# cleanup failed\n");
    const char *scripts[] = {"ok.lua", "fail.lua", "crash.lua", "hang.lua", "partial.lua", "slow.lua", "hog.lua",
                             "fonts.lua", "mark.lua", "commit.lua", "busy.lua"};
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) write_text(scripts[i], "-- fake\n");
}

TEST(shards_cover_every_job_once)
{
    for (int n = 1; n <= 5; n++)
        for (size_t index = 1; index <= 17; index++) {
            int owners = 0;
            for (int shard = 1; shard <= n; shard++) owners += batch_shard_of(index, n) == shard;
            CHECK_INT(owners, 1);
        }
    CHECK_INT(batch_shard_of(1, 3), 1);
    CHECK_INT(batch_shard_of(3, 3), 3);
    CHECK_INT(batch_shard_of(4, 3), 1);
}

TEST(failing_jobs_fail_alone)
{
    reset();
    manifest *m = load(
        "return {\n"
        "  { name = 'a', script = 'ok.lua', output = 'out/{name}.txt', params = { week = '2026-W45' } },\n"
        "  { name = 'fail', script = 'fail.lua', output = 'out/{name}.txt' },\n"
        "  { name = 'crash', script = 'crash.lua', output = 'out/{name}.txt' },\n"
        "  { name = 'hang', script = 'hang.lua', output = 'out/{name}.txt', timeout = 0.3 },\n"
        "  { name = 'slow', script = 'slow.lua', output = 'out/{name}.txt' },\n"
        "  { name = 'b', script = 'ok.lua', output = 'out/{name}.txt', params = { week = '2026-W46' } },\n"
        "}\n");
    CHECK(m != NULL);
    FILE *log = fopen(path_in("log.txt"), "w+");
    batch_options o = options(log);
    batch_summary s;
    char err[512];
    int rc = batch_run(m, &o, &s, err, sizeof err);
    fclose(log);
    manifest_destroy(m);
    CHECK_INT(rc, BATCH_JOBS_FAILED);
    CHECK_INT(s.selected, 6);
    CHECK_INT(s.ok, 2);
    CHECK_INT(s.failed, 1);
    CHECK_INT(s.crashed, 1);
    CHECK_INT(s.timeout, 2);
    CHECK(s.peak_rss_kb > 0);
    const char *doc = read_text(path_in("out/b.txt"));
    CHECK(doc != NULL);
    CHECK(strncmp(doc, "doc 2026-W46 ", 13) == 0);
    CHECK(access(path_in("out/fail.txt"), F_OK) != 0);
    const char *h = history(0, 0);
    CHECK(strstr(h, "a=ok\n") && strstr(h, "b=ok\n") && strstr(h, "fail=failed\n") &&
          strstr(h, "crash=crashed\n") && strstr(h, "hang=timeout\n") && strstr(h, "slow=timeout\n"));
    h = history(1, 0);
    CHECK(strstr(h, "a=ok") == NULL && strstr(h, "crash=crashed") != NULL);
    h = history(0, 2);
    CHECK(strchr(h, '\n') && strchr(strchr(h, '\n') + 1, '\n') && !strchr(strchr(strchr(h, '\n') + 1, '\n') + 1, '\n'));
    const char *text = read_text(path_in("log.txt"));
    CHECK(strstr(text, " fail failed ") != NULL && strstr(text, ": fail.lua:3: boom\n") != NULL);
    CHECK(strstr(text, " crash crashed ") != NULL);
    CHECK(strstr(text, " hang timeout ") != NULL && strstr(text, "past its timeout of 0.3 s") != NULL);
    CHECK(strstr(text, "batch: 6 jobs: 2 ok, 0 skipped, 1 failed, 2 timeout, 1 crashed") != NULL);
}

/* The fonts are loaded once, in the parent, and every job gets them; a
 * roles file that cannot be loaded leaves each job to load its own. */
TEST(fonts_loaded_once_for_every_job)
{
    const char *face = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    const char *jobs = "return {\n"
                       "  { name = 'a', script = 'fonts.lua', output = 'out/{name}.txt' },\n"
                       "  { name = 'b', script = 'fonts.lua', output = 'out/{name}.txt' },\n"
                       "}\n";
    char roles[600], err[512];
    batch_summary s;
    if (access(face, R_OK) != 0) {
        printf("# SKIP fonts_loaded_once_for_every_job: no %s\n", face);
        return;
    }
    reset();
    snprintf(roles, sizeof roles, "body = %s\n", face);
    CHECK(write_text("roles.conf", roles) == 0);
    setenv("BRIEF_FONTS", path_in("roles.conf"), 1);
    manifest *m = load(jobs);
    CHECK(m != NULL);
    FILE *log = fopen(path_in("log.txt"), "w+");
    batch_options o = options(log);
    o.force = 1;
    CHECK_INT(batch_run(m, &o, &s, err, sizeof err), BATCH_OK);
    CHECK_STR(read_text(path_in("out/a.txt")), "fonts loaded\n");
    CHECK_STR(read_text(path_in("out/b.txt")), "fonts loaded\n");
    setenv("BRIEF_FONTS", path_in("missing.conf"), 1);
    CHECK_INT(batch_run(m, &o, &s, err, sizeof err), BATCH_OK);
    CHECK_STR(read_text(path_in("out/a.txt")), "no fonts\n");
    unsetenv("BRIEF_FONTS");
    fclose(log);
    manifest_destroy(m);
}

/* With -j 1 the next job starts as soon as a job has computed and only
 * commits its outputs (script_options.on_computed), never while it
 * computes. */
static const char *first_of_two(const char *first_script)
{
    char jobs[512], err[512];
    batch_summary s;
    reset();
    snprintf(jobs, sizeof jobs,
             "return {\n"
             "  { name = 'first', script = '%s', output = 'out/{name}.txt' },\n"
             "  { name = 'next', script = 'mark.lua', output = 'out/{name}.txt' },\n"
             "}\n", first_script);
    manifest *m = load(jobs);
    if (!m) return "(no manifest)";
    FILE *log = fopen("/dev/null", "w");
    batch_options o = options(log);
    o.workers = 1;
    int rc = batch_run(m, &o, &s, err, sizeof err);
    fclose(log);
    manifest_destroy(m);
    if (rc != BATCH_OK || s.ok != 2) return "(a job failed)";
    const char *doc = read_text(path_in("out/first.txt"));
    return doc ? doc : "(no output)";
}

TEST(next_job_starts_while_one_commits)
{
    CHECK_STR(first_of_two("commit.lua"), "overlapped\n");
    CHECK_STR(read_text(path_in("out/next.txt")), "marked\n");
    CHECK_STR(history(0, 0), "first=ok\nnext=ok\n");
}

TEST(a_computing_job_holds_its_worker)
{
    CHECK_STR(first_of_two("busy.lua"), "alone\n");
}

TEST(memory_limit_fails_the_job_alone)
{
#ifdef __SANITIZE_ADDRESS__
    harness_skip("RLIMIT_DATA is not applied under AddressSanitizer");
    return;
#endif
    reset();
    manifest *m = load(
        "return {\n"
        "  { name = 'hog', script = 'hog.lua', output = 'hog.txt', max_memory = '16M' },\n"
        "  { name = 'a', script = 'ok.lua', output = 'a.txt' },\n"
        "}\n");
    CHECK(m != NULL);
    FILE *log = fopen("/dev/null", "w");
    batch_options o = options(log);
    batch_summary s;
    char err[512];
    int rc = batch_run(m, &o, &s, err, sizeof err);
    fclose(log);
    manifest_destroy(m);
    CHECK_INT(rc, BATCH_JOBS_FAILED);
    CHECK_INT(s.ok, 1);
    CHECK_INT(s.failed + s.crashed, 1);
    CHECK(s.peak_rss_kb < 200 * 1024);   /* stopped near 16 + 32 MiB, not at 4 GiB */
}

static int run_ok_jobs(int force, batch_summary *s)
{
    manifest *m = load(
        "return {\n"
        "  { name = 'a', script = 'ok.lua', output = 'out/{name}.txt', params = { week = '2026-W45' } },\n"
        "  { name = 'b', script = 'ok.lua', output = 'out/{name}.txt', params = { week = '2026-W46' } },\n"
        "}\n");
    if (!m) return -1;
    FILE *log = fopen("/dev/null", "w");
    batch_options o = options(log);
    o.force = force;
    char err[512];
    int rc = batch_run(m, &o, s, err, sizeof err);
    fclose(log);
    manifest_destroy(m);
    return rc;
}

static int exec_sql(const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path_in("brief.db"), &db);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

TEST(skips_what_is_up_to_date)
{
    batch_summary s;
    reset();
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.ok, 2);
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.skipped, 2);
    /* new data: both run again, and the documents carry the data's date */
    CHECK_INT(exec_sql("INSERT INTO bulletins(sha256, issued_on, ingested_at, encoding, bytes, article_count)"
                       " VALUES ('00', '2023-10-13', '2026-11-25T00:00:00Z', 'UTF-8', 1, 0)"), SQLITE_OK);
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.ok, 2);
    CHECK_STR(read_text(path_in("out/a.txt")), "doc 2026-W45 date=1697155200\n");
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.skipped, 2);
    /* an update in place counts as a change too */
    CHECK_INT(exec_sql("UPDATE bulletins SET issued_on = '2023-10-14'"), SQLITE_OK);
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.ok, 2);
    /* --force */
    CHECK_INT(run_ok_jobs(1, &s), BATCH_OK);
    CHECK_INT(s.ok, 2);
    /* a removed output, an edited script */
    CHECK(unlink(path_in("out/a.txt")) == 0);
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.ok, 1);
    CHECK_INT(s.skipped, 1);
    CHECK(write_text("ok.lua", "-- fake, edited\n") == 0);
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.ok, 2);
    /* a module the script requires */
    CHECK(write_text("ok.lua", "local util = require 'lib.util'\n") == 0);
    CHECK(mkdir(path_in("lib"), 0755) == 0);
    CHECK(write_text("lib/util.lua", "return {}\n") == 0);
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.ok, 2);
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.skipped, 2);
    CHECK(write_text("lib/util.lua", "return { x = 1 }\n") == 0);
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.ok, 2);
    /* the runs table itself is not data, nor is the file's layout */
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.skipped, 2);
    CHECK_INT(exec_sql("VACUUM"), SQLITE_OK);
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK_INT(s.skipped, 2);
}

TEST(killed_run_keeps_the_previous_output)
{
    batch_summary s;
    char err[512];
    reset();
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    char before[4096];
    snprintf(before, sizeof before, "%s", read_text(path_in("out/a.txt")));
    manifest *m = load("return { { name = 'a', script = 'partial.lua', output = 'out/{name}.txt', timeout = 0.3 } }\n");
    CHECK(m != NULL);
    FILE *log = fopen("/dev/null", "w");
    batch_options o = options(log);
    int rc = batch_run(m, &o, &s, err, sizeof err);
    manifest_destroy(m);
    fclose(log);
    CHECK_INT(rc, BATCH_JOBS_FAILED);
    CHECK_INT(s.timeout, 1);
    CHECK_STR(read_text(path_in("out/a.txt")), before);
    /* the killed run's temporary file is gone: the batch removes it once
     * the child is reaped (paths_remove_stale_temps) */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ls -A '%s/out' | grep -q '^\\.a\\.txt\\.tmp\\.'", dir_g);
    CHECK(system(cmd) != 0);
    CHECK_INT(run_ok_jobs(1, &s), BATCH_OK);
    CHECK(system(cmd) != 0);
}

TEST(lock_keeps_batches_apart)
{
    reset();
    int fd = -1;
    long holder = 0;
    char err[512];
    const char *lock = path_in("brief.db.lock");
    CHECK_INT(batch_lock(lock, 0, &fd, &holder, err, sizeof err), 0);
    pid_t me = getpid();
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        int cfd = -1;
        long h = 0;
        char e[256];
        int r1 = batch_lock(lock, 0, &cfd, &h, e, sizeof e);   /* held: 1, with our parent's pid */
        int ok = r1 == 1 && h == (long)me;
        int r2 = batch_lock(lock, 5, &cfd, &h, e, sizeof e);   /* the parent lets go within 0.3 s */
        _exit(ok && r2 == 0 ? 0 : 1);
    }
    usleep(300000);
    batch_unlock(fd);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* batch_run gives up with BATCH_LOCKED, naming the holder */
    CHECK_INT(batch_lock(lock, 0, &fd, &holder, err, sizeof err), 0);
    manifest *m = load("return { { name = 'a', script = 'ok.lua', output = 'a.txt' } }\n");
    CHECK(m != NULL);
    FILE *log = fopen("/dev/null", "w");
    batch_options o = options(log);
    o.wait_s = 0.2;
    batch_summary s;
    int rc = batch_run(m, &o, &s, err, sizeof err);
    batch_unlock(fd);
    char want[64];
    snprintf(want, sizeof want, "held by process %ld", (long)me);
    CHECK_INT(rc, BATCH_LOCKED);
    CHECK(strstr(err, want) != NULL);
    CHECK_INT(s.ok, 0);
    rc = batch_run(m, &o, &s, err, sizeof err);
    fclose(log);
    manifest_destroy(m);
    CHECK_INT(rc, BATCH_OK);
}

/* brief doctor's look at the lock: never creates it, never waits. */
TEST(lock_probe_sees_the_holder)
{
    reset();
    int fd = -1;
    long holder = -1;
    char err[512];
    const char *lock = path_in("probe.db.lock");
    CHECK_INT(batch_lock_probe(lock, &holder, err, sizeof err), 0);
    CHECK_INT(holder, 0);
    CHECK(access(lock, F_OK) != 0);
    CHECK_INT(batch_lock(lock, 0, &fd, &holder, err, sizeof err), 0);
    /* A probe from another process (flock locks belong to the open file). */
    fflush(stdout);
    pid_t me = getpid(), child = fork();
    if (child == 0) {
        long h = 0;
        char e[256];
        _exit(batch_lock_probe(lock, &h, e, sizeof e) == 1 && h == (long)me ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    batch_unlock(fd);
    CHECK_INT(batch_lock_probe(lock, &holder, err, sizeof err), 0);
    /* The probe left the lock free for a batch. */
    CHECK_INT(batch_lock(lock, 0, &fd, &holder, err, sizeof err), 0);
    batch_unlock(fd);
    /* A lock file that cannot be opened is an error naming it. */
    CHECK_INT(chmod(lock, 0), 0);
    if (geteuid() != 0) {
        CHECK_INT(batch_lock_probe(lock, &holder, err, sizeof err), -1);
        CHECK(strstr(err, "probe.db.lock") != NULL);
    }
}

TEST(abandoned_runs_are_marked_failed)
{
    reset();
    char warn[256], err[256];
    runs_db *db = runs_open(path_in("brief.db"), 0, warn, sizeof warn, err, sizeof err);
    CHECK(db != NULL);
    runs_record r = {0, "ghost", NULL, "2026-11-25T00:00:00.000Z", NULL, RUNS_STATUS_RUNNING, NULL, -1, NULL, NULL, 0};
    long long id = 0;
    CHECK(runs_insert(db, &r, &id) == 0 && id > 0);
    runs_close(db);
    batch_summary s;
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    CHECK(strstr(history(0, 0), "ghost=failed\n") != NULL);
}

TEST(dry_run_and_shards)
{
    reset();
    batch_summary s;
    CHECK_INT(run_ok_jobs(0, &s), BATCH_OK);
    manifest *m = load(
        "local jobs = {}\n"
        "for i, name in ipairs{'a', 'b', 'c', 'd', 'e'} do\n"
        "  jobs[i] = { name = name, script = 'ok.lua', output = 'out/{name}.txt',\n"
        "              params = { week = '2026-W4' .. (i + 4) } }\n"
        "end\n"
        "return jobs\n");
    CHECK(m != NULL);
    char *listing = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&listing, &len);
    batch_options o = options(out);
    o.dry_run = 1;
    char err[512];
    int rc = batch_run(m, &o, &s, err, sizeof err);
    fclose(out);
    CHECK_INT(rc, BATCH_OK);
    /* a and b ran with these params before: up to date */
    CHECK(strstr(listing, "skip  a ") != NULL && strstr(listing, "(up to date)") != NULL);
    CHECK(strstr(listing, "run   c ") != NULL && strstr(listing, "(never run)") != NULL);
    free(listing);
    CHECK(access(path_in("out/c.txt"), F_OK) != 0);

    FILE *log = fopen("/dev/null", "w");
    size_t total = 0;
    for (int shard = 1; shard <= 3; shard++) {
        o = options(log);
        o.shard_index = shard;
        o.shard_count = 3;
        CHECK_INT(batch_run(m, &o, &s, err, sizeof err), BATCH_OK);
        total += s.selected;
        CHECK_INT(s.selected, shard == 3 ? 1 : 2);
    }
    fclose(log);
    manifest_destroy(m);
    CHECK_INT(total, 5);
    CHECK(access(path_in("out/e.txt"), F_OK) == 0);
}

TEST(sigterm_kills_and_records_running_jobs)
{
    reset();
    manifest *m = load("return { { name = 'h', script = 'hang.lua', output = 'h.txt', timeout = 30 },"
                       " { name = 'later', script = 'ok.lua', output = 'l.txt' } }\n");
    CHECK(m != NULL);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        FILE *log = fopen("/dev/null", "w");
        batch_options o = options(log);
        o.workers = 1;
        batch_summary s;
        char err[256];
        _exit(batch_run(m, &o, &s, err, sizeof err));
    }
    /* Once the job runs, the batch reads signals through its signalfd. */
    for (int i = 0; i < 100 && !strstr(history(0, 0), "h=running"); i++) usleep(50000);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    manifest_destroy(m);
    CHECK(WIFEXITED(status));
    CHECK_INT(WEXITSTATUS(status), BATCH_JOBS_FAILED);
    CHECK_STR(history(0, 0), "h=failed\n");   /* and 'later' never started */
}

TEST(json_log_lines)
{
    reset();
    manifest *m = load("return { { name = 'a', script = 'ok.lua', output = 'a.txt' },"
                       " { name = 'f', script = 'fail.lua', output = 'f.txt' } }\n");
    CHECK(m != NULL);
    char *text = NULL;
    size_t len = 0;
    FILE *log = open_memstream(&text, &len);
    batch_options o = options(log);
    o.log_json = 1;
    o.workers = 1;
    batch_summary s;
    char err[512];
    int rc = batch_run(m, &o, &s, err, sizeof err);
    fclose(log);
    manifest_destroy(m);
    CHECK_INT(rc, BATCH_JOBS_FAILED);
    CHECK(strncmp(text, "{\"time\":\"", 9) == 0);
    CHECK(strstr(text, "\"job\":\"a\",\"status\":\"ok\",\"duration_s\":") != NULL);
    CHECK(strstr(text, "\"error\":\"fail.lua:3: boom\\nstack traceback:\\n\\tfail.lua:3: in main chunk\"}\n") != NULL);
    CHECK(strstr(text, "\"summary\":{\"jobs\":2,\"ok\":1,") != NULL);
    free(text);
}

int main(void)
{
    snprintf(dir_g, sizeof dir_g, "/tmp/brief-batch.XXXXXX");
    if (!mkdtemp(dir_g)) return 1;
    RUN(shards_cover_every_job_once);
    RUN(failing_jobs_fail_alone);
    RUN(fonts_loaded_once_for_every_job);
    RUN(next_job_starts_while_one_commits);
    RUN(a_computing_job_holds_its_worker);
    RUN(memory_limit_fails_the_job_alone);
    RUN(skips_what_is_up_to_date);
    RUN(killed_run_keeps_the_previous_output);
    RUN(lock_keeps_batches_apart);
    RUN(lock_probe_sees_the_holder);
    RUN(abandoned_runs_are_marked_failed);
    RUN(dry_run_and_shards);
    RUN(sigterm_kills_and_records_running_jobs);
    RUN(json_log_lines);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_g);
    if (system(cmd) != 0) return 1;
    return harness_done();
}
