/* SPDX-License-Identifier: GPL-3.0-or-later */
/* batch.c — the batch runner: lock, skip decisions, worker processes,
 * timeouts, logs and history (see batch.h). */
#include "batch/batch.h"
#include "batch/fingerprint.h"
#include "fonts/fonts.h"
#include "store/runs.h"
#include "os/confine.h"
#include "os/prefault.h"
#include "util/jsonstr.h"
#include "util/parallel.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/text.h"
#include "util/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <jansson.h>

/* script.h: "timeout_s 0: default 120 s". The parent must know the figure to
 * enforce it from outside. */
#define BATCH_DEFAULT_TIMEOUT_S 120.0
#define BATCH_DEFAULT_MEMORY_BYTES ((size_t)512 << 20)   /* script.h's default */
#define BATCH_DEFAULT_GRACE_S 2.0
#define BATCH_DEFAULT_HEADROOM_BYTES ((size_t)256 << 20)
#define BATCH_MESSAGE_MAX 8192          /* of a job's error, kept and logged */
#define BATCH_LOCK_POLL_MS 100

/* ---- small helpers ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Adds key: value to obj, taking value (json_object_set_new's reference
 * rules); a NULL value (out of memory) is counted on *failed. */
static void json_put(json_t *obj, const char *key, json_t *value, int *failed)
{
    if (!value || json_object_set_new(obj, key, value) != 0) *failed = 1;
}

/* Writes obj as one compact line to f and releases it; a control or
 * invisible character (a script's error may hold U+202E) is escaped
 * (jsonstr_dump_line). Durations are rounded to the millisecond and
 * printed in at most 15 digits, so 0.02 reads "0.02", not
 * "0.020000000000000000416". */
static void json_line(FILE *f, json_t *obj, int failed)
{
    if (failed) json_decref(obj);
    else jsonstr_dump_line(obj, JSON_COMPACT | JSON_REAL_PRECISION(15), f);
}

static json_t *json_seconds(double s)
{
    return json_real(round(s * 1000.0) / 1000.0);
}

/* The job's params as a JSON object ({"week":"2026-W47"}), malloc'd, or
 * NULL when memory runs out. */
static char *params_json(const manifest_job *job)
{
    json_t *obj = json_object();
    int failed = !obj;
    char *text = NULL;
    for (size_t i = 0; !failed && i < job->param_count; i++) {
        sbuf key = SBUF_INIT;
        if (utf8_sanitize(job->params[i].key, strlen(job->params[i].key), &key) < 0 || !key.data) failed = 1;
        else json_put(obj, key.data, jsonstr_new(job->params[i].value), &failed);
        sbuf_free(&key);
    }
    if (!failed) text = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    return text;
}

int batch_shard_of(size_t index, int shard_count)
{
    if (shard_count <= 0) return 0;
    return (int)((index - 1) % (size_t)shard_count) + 1;
}

/* mkdir -p of the directory that holds path. */
static int make_parent_dirs(const char *path, char *err, size_t errlen)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) return 0;
    if ((size_t)(slash - path) >= sizeof dir) { snprintf(err, errlen, "%s: path too long", path); return -1; }
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
                snprintf(err, errlen, "%.400s: cannot create the directory: %s", dir, strerror(errno));
                return -1;
            }
            *p = saved;
            if (saved == '\0') break;
        }
    }
    return 0;
}

/* Removes the temporary files of killed runs beside path (paths.h). Called
 * under the lock, before a job runs and after one was killed. */
static void remove_stale_temps(const char *path)
{
    char dir[4096];
    paths_dirname(path, dir, sizeof dir);
    paths_remove_stale_temps(dir);
}

/* The date scripts see as today: $SOURCE_DATE_EPOCH when the caller set it,
 * else the newest bulletin's date (same data, same documents, whatever day
 * the batch runs), else midnight UTC of the batch's date. */
static int batch_epoch(const batch_options *o, time_t *when, char *err, size_t errlen)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (env && *env) {
        char *end;
        long long v = strtoll(env, &end, 10);
        if (*end != '\0' || v < 0) {
            snprintf(err, errlen, "$SOURCE_DATE_EPOCH is not a number of seconds: '%.40s'", env);
            return -1;
        }
        *when = (time_t)v;
        return 0;
    }
    if (fingerprint_data_epoch(o->db_path, when) == 0) return 0;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (o->date_ymd) {
        if (!strptime(o->date_ymd, "%Y-%m-%d", &tm)) {
            snprintf(err, errlen, "invalid date '%.40s' (want YYYY-MM-DD)", o->date_ymd);
            return -1;
        }
    } else {
        time_t now = time(NULL);
        gmtime_r(&now, &tm);
    }
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    *when = timegm(&tm);
    return 0;
}

/* ---- the lock ---- */

static long read_holder(int fd)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return 0;
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

int batch_lock(const char *lock_path, double wait_s, int *fd, long *holder_pid, char *err, size_t errlen)
{
    *holder_pid = 0;
    int f = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (f < 0) {
        int saved = errno;   /* the caller tells a read-only place by it */
        snprintf(err, errlen, "%s: cannot open the lock file: %s", lock_path, strerror(saved));
        errno = saved;
        return -1;
    }
    double deadline = now_s() + (wait_s > 0 ? wait_s : 0);
    for (;;) {
        if (flock(f, LOCK_EX | LOCK_NB) == 0) break;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            snprintf(err, errlen, "%s: cannot lock: %s", lock_path, strerror(errno));
            close(f);
            return -1;
        }
        if (now_s() >= deadline) {
            *holder_pid = read_holder(f);
            close(f);
            return 1;
        }
        poll(NULL, 0, BATCH_LOCK_POLL_MS);
    }
    /* The pid is for the message of the next batch that finds it locked. */
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(f, 0) != 0 || pwrite(f, pid, (size_t)n, 0) != n) {
        /* The lock holds all the same; only the message would lack the pid. */
    }
    *fd = f;
    return 0;
}

void batch_unlock(int fd)
{
    if (fd < 0) return;
    if (ftruncate(fd, 0) != 0) { /* an empty file only means "no holder known" */ }
    flock(fd, LOCK_UN);
    close(fd);
}

int batch_lock_probe(const char *lock_path, long *holder_pid, char *err, size_t errlen)
{
    *holder_pid = 0;
    /* O_NONBLOCK: a FIFO in the lock's place must not hang the probe. */
    int f = open(lock_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (f < 0) {
        if (errno == ENOENT) return 0;
        snprintf(err, errlen, "%s: cannot open the lock file: %s", lock_path, strerror(errno));
        return -1;
    }
    int held = 0;
    if (flock(f, LOCK_SH | LOCK_NB) == 0) {
        flock(f, LOCK_UN);
    } else if (errno == EWOULDBLOCK) {
        held = 1;
        *holder_pid = read_holder(f);
    } else {
        snprintf(err, errlen, "%s: cannot test the lock: %s", lock_path, strerror(errno));
        held = -1;
    }
    close(f);
    return held;
}

/* ---- jobs ---- */

typedef struct job_state {
    const manifest_job *job;
    char inputs_hash[FINGERPRINT_HEX_LEN + 1];   /* "" when it could not be computed */
    const char *reason;                          /* why it runs: never run, inputs changed, ... */
    int skip;
    /* while running */
    pid_t pid;
    int pipe_fd;
    double started_s;
    double deadline_s;
    char started_at[32];
    int killed_for_timeout;
    long long run_id;                            /* its "running" row, 0: none */
    int computed;                                /* 1: the child wrote BATCH_COMPUTED: it only commits
                                                    its outputs now, and its worker takes the next job */
    sbuf reply;                                  /* what the child wrote */
} job_state;

typedef struct batch_ctx {
    const batch_options *o;
    batch_summary *summary;
    runs_db *runs;
    int history_warned;
    char data_hex[FINGERPRINT_HEX_LEN + 1];
    time_t epoch;                /* SOURCE_DATE_EPOCH of every job */
    prefault_plan prefault;      /* the parent's resident heap, which each child takes at once */
    sigset_t old_mask;
    int interrupted;             /* the signal that stopped the batch, or 0 */
    fonts *fonts;                /* loaded once before the first job forks, shared; NULL: each job loads its own */
    int no_helper_thread;        /* 1: jobs save their documents on one thread (workers >= CPUs) */
} batch_ctx;

/* What a child writes its parent over the pipe: first this byte, once its
 * script has run and only its outputs' commit (fsync, rename) is left
 * (script_options.on_computed), then a child_reply and its strings when it
 * is done. */
#define BATCH_COMPUTED 'C'

/* The record a child sends its parent over the pipe. */
typedef struct child_reply {
    int32_t status;
    int32_t page_count;
    int64_t output_bytes;
    uint32_t output_len;
    uint32_t message_len;
    uint32_t warnings_len;        /* the run's warnings, one a line */
} child_reply;

static void decide_skip(batch_ctx *c, job_state *js)
{
    const manifest_job *job = js->job;
    char script_hex[FINGERPRINT_HEX_LEN + 1], why[512];

    js->skip = 0;
    js->inputs_hash[0] = '\0';
    if (fingerprint_script(job->script_path, script_hex, why, sizeof why) != 0) {
        js->reason = "the script cannot be read: it will fail";
        return;
    }
    if (!c->data_hex[0]) {
        js->reason = "the data cannot be read";
        return;
    }
    fingerprint_inputs in = {c->o->engine_version, script_hex, c->data_hex, job->output_path,
                             (long long)c->epoch, job->params, job->param_count};
    fingerprint_job(&in, js->inputs_hash);
    if (c->o->force) { js->reason = "forced"; return; }
    if (!c->runs) { js->reason = "no history"; return; }

    char *hash = NULL, *output = NULL;
    long long bytes = -1;
    int found = runs_last_ok(c->runs, job->name, &hash, &output, &bytes);
    if (found <= 0) {
        js->reason = found < 0 ? "history unreadable" : "never run";
    } else if (!hash || strcmp(hash, js->inputs_hash) != 0) {
        js->reason = "inputs changed";
    } else {
        struct stat sb;
        if (output && (stat(output, &sb) != 0 || (bytes >= 0 && (long long)sb.st_size != bytes)))
            js->reason = "output missing or changed";
        else {
            js->reason = "up to date";
            js->skip = 1;
        }
    }
    free(hash);
    free(output);
}

static void log_job(batch_ctx *c, const job_state *js, const char *status, double duration_s,
                    const char *output, long long bytes, long rss_kb, const char *error)
{
    char when[32];
    sbuf line = SBUF_INIT;
    runs_now_iso(when, sizeof when);
    if (c->o->log_json) {
        json_t *obj = json_object();
        int failed = !obj;
        json_put(obj, "time", jsonstr_new(when), &failed);
        json_put(obj, "job", jsonstr_new(js->job->name), &failed);
        json_put(obj, "status", jsonstr_new(status), &failed);
        json_put(obj, "duration_s", json_seconds(duration_s), &failed);
        json_put(obj, "output", jsonstr_new(output), &failed);
        if (bytes >= 0) json_put(obj, "bytes", json_integer(bytes), &failed);
        if (rss_kb > 0) json_put(obj, "max_rss_kb", json_integer(rss_kb), &failed);
        json_put(obj, "error", jsonstr_new(error), &failed);
        json_line(c->o->log, obj, failed);
    } else {
        sbuf_printf(&line, "%s %s %s %.2fs %s", when, js->job->name, status, duration_s,
                    output ? output : "-");
        if (bytes >= 0) sbuf_printf(&line, " (%lld bytes)", bytes);
        if (error) {
            /* The first line only, without controls (a script's message
             * may hold any byte); the full message is in `brief runs`. */
            sbuf_puts(&line, ": ");
            text_append_printable(&line, error, strcspn(error, "\n"));
        }
        sbuf_putc(&line, '\n');
    }
    if (line.len && !sbuf_failed(&line)) fputs(line.data, c->o->log);
    fflush(c->o->log);
    sbuf_free(&line);
}

static void log_warning(batch_ctx *c, const char *msg)
{
    char when[32];
    runs_now_iso(when, sizeof when);
    if (c->o->log_json) {
        json_t *obj = json_object();
        int failed = !obj;
        json_put(obj, "time", jsonstr_new(when), &failed);
        json_put(obj, "warning", jsonstr_new(msg), &failed);
        json_line(c->o->log, obj, failed);
    } else {
        fprintf(c->o->log, "%s warning: %s\n", when, msg);
    }
    fflush(c->o->log);
}

static void history_failed(batch_ctx *c)
{
    if (c->history_warned) return;
    char msg[700];
    snprintf(msg, sizeof msg, "job runs are not recorded: %s", runs_errmsg(c->runs));
    log_warning(c, msg);
    c->history_warned = 1;
}

/* The "running" row of a job that starts; record() completes it. */
static void record_start(batch_ctx *c, job_state *js)
{
    js->run_id = 0;
    if (!c->runs) return;
    char *pjson = params_json(js->job);
    runs_record r = {0, js->job->name, pjson, js->started_at, NULL, RUNS_STATUS_RUNNING, NULL, -1, NULL,
                     js->inputs_hash[0] ? js->inputs_hash : NULL, 0};
    if (runs_insert(c->runs, &r, &js->run_id) != 0) history_failed(c);
    free(pjson);
}

static void record(batch_ctx *c, job_state *js, const char *status, const char *started_at,
                   const char *output, long long bytes, const char *error, double duration_s, long rss_kb)
{
    char finished[32];
    runs_now_iso(finished, sizeof finished);
    if (!started_at) started_at = finished;   /* a skip takes no time */
    if (c->runs) {
        char *pjson = params_json(js->job);
        runs_record r = {0, js->job->name, pjson, started_at, finished, status, output, bytes, error,
                         js->inputs_hash[0] ? js->inputs_hash : NULL, 0};
        long long id;
        int rc = js->run_id > 0 ? runs_update(c->runs, js->run_id, &r) : runs_insert(c->runs, &r, &id);
        if (rc != 0) history_failed(c);
        free(pjson);
    }
    log_job(c, js, status, duration_s, output, bytes, rss_kb, error);

    batch_summary *s = c->summary;
    if (strcmp(status, RUNS_STATUS_OK) == 0) s->ok++;
    else if (strcmp(status, RUNS_STATUS_SKIPPED) == 0) s->skipped++;
    else if (strcmp(status, RUNS_STATUS_TIMEOUT) == 0) s->timeout++;
    else if (strcmp(status, RUNS_STATUS_CRASHED) == 0) s->crashed++;
    else s->failed++;
    if (rss_kb > s->peak_rss_kb) s->peak_rss_kb = rss_kb;
}

/* ---- the child ---- */

/* The child's end of the pipe, and whether BATCH_COMPUTED went out. A
 * write that fails (the batch gone) is not retried: a reply cut short is a
 * job recorded as having exited without a result. */
typedef struct child_pipe {
    int fd;
    int computed_sent;
} child_pipe;

static void send_computed(void *ctx)
{
    child_pipe *p = ctx;
    char mark = BATCH_COMPUTED;
    if (p->computed_sent) return;
    p->computed_sent = 1;
    (void)paths_write_full(p->fd, &mark, 1);
}

static void send_reply(child_pipe *p, int status, const char *output, size_t bytes, int pages, const char *message,
                       const char *warnings)
{
    int fd = p->fd;
    child_reply r;
    size_t olen = output ? strlen(output) : 0, mlen = message ? strlen(message) : 0;
    size_t wlen = warnings ? strlen(warnings) : 0;
    if (mlen > BATCH_MESSAGE_MAX) mlen = BATCH_MESSAGE_MAX;
    if (wlen > BATCH_MESSAGE_MAX) wlen = BATCH_MESSAGE_MAX;
    send_computed(p);
    memset(&r, 0, sizeof r);
    r.status = status;
    r.page_count = pages;
    r.output_bytes = output ? (int64_t)bytes : -1;
    r.output_len = (uint32_t)olen;
    r.message_len = (uint32_t)mlen;
    r.warnings_len = (uint32_t)wlen;
    (void)paths_write_full(fd, &r, sizeof r);
    (void)paths_write_full(fd, output, olen);
    (void)paths_write_full(fd, message, mlen);
    (void)paths_write_full(fd, warnings, wlen);
}

/* Runs in the forked child: never returns. */
static void child_main(batch_ctx *c, const manifest_job *job, int reply_fd, pid_t parent, int lock_fd)
{
    const batch_options *o = c->o;
    child_pipe reply = {reply_fd, 0};
    char err[512];

    /* The lock belongs to the batch: a child that outlives it must not keep
     * the next batch out. And it must not outlive it: die with the parent. */
    if (lock_fd >= 0) close(lock_fd);
    /* the heap pages it shares with the batch, its own at once rather than
     * at each first write (prefault.h) */
    prefault_apply(&c->prefault);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    sigprocmask(SIG_SETMASK, &c->old_mask, NULL);
    signal(SIGPIPE, SIG_DFL);

    /* Dates in documents come from the data (reproducible-builds.org's
     * SOURCE_DATE_EPOCH; see batch_epoch). */
    char epoch[32];
    snprintf(epoch, sizeof epoch, "%lld", (long long)c->epoch);
    setenv("SOURCE_DATE_EPOCH", epoch, 1);
    if (make_parent_dirs(job->output_path, err, sizeof err) != 0) {
        send_reply(&reply, SCRIPT_IO, NULL, 0, 0, err, NULL);
        _exit(0);
    }
#ifndef __SANITIZE_ADDRESS__
    size_t max_memory = job->max_memory_bytes ? job->max_memory_bytes : BATCH_DEFAULT_MEMORY_BYTES;
    /* A backstop for memory the script runtime's allocator does not count
     * (layout, fonts): past it malloc fails in this child alone. Not under
     * AddressSanitizer, whose shadow memory counts as data. */
    size_t headroom = o->memory_headroom_bytes ? o->memory_headroom_bytes : BATCH_DEFAULT_HEADROOM_BYTES;
    struct rlimit rl = {max_memory + headroom, max_memory + headroom};
    setrlimit(RLIMIT_DATA, &rl);
#endif
    batch_runner run = o->runner ? o->runner : script_run;
    script_options so;
    memset(&so, 0, sizeof so);   /* fields added to the contract later stay at their defaults */
    so.script_path = job->script_path;
    so.db_path = o->db_path;
    so.output_path = job->output_path;
    so.params = job->params;
    so.param_count = job->param_count;
    so.max_memory_bytes = job->max_memory_bytes;
    so.timeout_s = job->timeout_s;
    so.allow_read = o->allow_read;
    so.allow_read_count = o->allow_read_count;
    so.strict = o->strict;
    so.confine = 1;               /* this process runs this one script and ends */
    so.fonts = c->fonts;
    so.no_helper_thread = c->no_helper_thread;
    so.on_computed = send_computed;
    so.on_computed_ctx = &reply;
    script_result res;
    memset(&res, 0, sizeof res);
    int status = run(&so, &res);
    /* the document's warnings, one a line, for the parent to log */
    sbuf warnings = SBUF_INIT;
    for (size_t i = 0; i < res.warning_count; i++) sbuf_printf(&warnings, "%s\n", res.warnings[i]);
    send_reply(&reply, status, res.output_path, res.output_bytes, res.page_count, res.message,
               warnings.failed ? NULL : warnings.data);
    /* The process ends here: its memory, the result's included, goes with it. */
    fflush(NULL);
    _exit(0);
}

/* ---- the parent ---- */

static int start_job(batch_ctx *c, job_state *js, int lock_fd, char *err, size_t errlen)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
        return -1;
    }
    runs_now_iso(js->started_at, sizeof js->started_at);
    js->started_s = now_s();
    double timeout_s = js->job->timeout_s > 0 ? js->job->timeout_s : BATCH_DEFAULT_TIMEOUT_S;
    js->deadline_s = js->started_s + timeout_s + (c->o->kill_grace_s > 0 ? c->o->kill_grace_s : BATCH_DEFAULT_GRACE_S);
    js->killed_for_timeout = 0;
    js->computed = 0;
    js->reply = (sbuf)SBUF_INIT;
    record_start(c, js);
    fflush(NULL);   /* or the child would write the parent's buffered lines again */
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "cannot start a worker process: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child_main(c, js->job, fds[1], parent, lock_fd);
    }
    close(fds[1]);
    js->pid = pid;
    js->pipe_fd = fds[0];
    return 0;
}

/* The child's pipe closed: reap it and record the run. */
static void finish_job(batch_ctx *c, job_state *js)
{
    int wstatus = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(js->pid, &wstatus, 0, &ru) < 0 && errno == EINTR) {}
    close(js->pipe_fd);
    js->pipe_fd = -1;
    double duration_s = now_s() - js->started_s;
    long rss_kb = ru.ru_maxrss;

    child_reply r;
    const char *output = NULL, *message = NULL;
    char *output_copy = NULL, *message_copy = NULL;
    int complete = 0;
    /* BATCH_COMPUTED, then the reply */
    size_t len = js->reply.len > 0 ? js->reply.len - 1 : 0;
    const char *data = len > 0 ? js->reply.data + 1 : NULL;
    if (len >= sizeof r) {
        memcpy(&r, data, sizeof r);
        if (len == sizeof r + r.output_len + r.message_len + r.warnings_len) {
            const char *w = data + sizeof r + r.output_len + r.message_len, *end = w + r.warnings_len;
            complete = 1;
            if (r.output_len) output = output_copy = strndup(data + sizeof r, r.output_len);
            if (r.message_len) message = message_copy = strndup(data + sizeof r + r.output_len, r.message_len);
            /* each warning of the job's documents, logged as the job's */
            while (w < end) {
                const char *nl = memchr(w, '\n', (size_t)(end - w));
                size_t n = nl ? (size_t)(nl - w) : (size_t)(end - w);
                char line[BATCH_MESSAGE_MAX + 300];
                if (n > 0) {
                    snprintf(line, sizeof line, "job %s: %.*s", js->job->name, (int)n, w);
                    log_warning(c, line);
                }
                w += n + 1;
            }
        }
    }
    sbuf_free(&js->reply);

    const char *status;
    char why[256];
    long long bytes = -1;
    if (js->killed_for_timeout) {
        double timeout_s = js->job->timeout_s > 0 ? js->job->timeout_s : BATCH_DEFAULT_TIMEOUT_S;
        snprintf(why, sizeof why, "killed after running past its timeout of %g s", timeout_s);
        status = RUNS_STATUS_TIMEOUT;
        message = why;
        output = NULL;
    } else if (WIFSIGNALED(wstatus)) {
        int sig = WTERMSIG(wstatus);
        snprintf(why, sizeof why, "the job's process was killed by signal %d (%s)%s", sig, strsignal(sig),
                 sig == SIGKILL ? ": out of memory?" : "");
        status = RUNS_STATUS_CRASHED;
        message = why;
        output = NULL;
    } else if (!complete) {
        snprintf(why, sizeof why, "the job's process exited with status %d without a result",
                 WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
        status = RUNS_STATUS_CRASHED;
        message = why;
        output = NULL;
    } else if (r.status == SCRIPT_OK) {
        status = RUNS_STATUS_OK;
        bytes = output ? (long long)r.output_bytes : -1;
        message = NULL;
    } else if (r.status == SCRIPT_TIMEOUT) {
        status = RUNS_STATUS_TIMEOUT;
        output = NULL;
    } else {
        status = RUNS_STATUS_FAILED;
        output = NULL;
        if (r.status == SCRIPT_MEMORY && !message) message = "over the memory limit";
        if (!message) message = "the script failed without a message";
    }
    /* A killed child could not remove its temporary files. */
    if (js->killed_for_timeout || WIFSIGNALED(wstatus)) remove_stale_temps(js->job->output_path);
    record(c, js, status, js->started_at, output, bytes, message, duration_s, rss_kb);
    free(output_copy);
    free(message_copy);
}

/* The batch must stop (a signal, or it cannot start a worker): kill the
 * running jobs and record them as failed with why. */
static void interrupt_jobs(batch_ctx *c, job_state **running, size_t nrunning, const char *why)
{
    for (size_t i = 0; i < nrunning; i++) kill(running[i]->pid, SIGKILL);
    for (size_t i = 0; i < nrunning; i++) {
        job_state *js = running[i];
        int wstatus;
        struct rusage ru;
        while (wait4(js->pid, &wstatus, 0, &ru) < 0 && errno == EINTR) {}
        close(js->pipe_fd);
        sbuf_free(&js->reply);
        remove_stale_temps(js->job->output_path);
        record(c, js, RUNS_STATUS_FAILED, js->started_at, NULL, -1, why, now_s() - js->started_s, ru.ru_maxrss);
    }
}

static int run_jobs(batch_ctx *c, job_state **queue, size_t nqueue, int lock_fd, int sig_fd,
                    char *err, size_t errlen)
{
    int workers = c->o->workers > 0 ? c->o->workers : 1;
    /* A worker whose job has computed (BATCH_COMPUTED) takes the next job
     * while the first commits its outputs: up to workers jobs computing,
     * and as many committing. */
    size_t capacity = 2 * (size_t)workers;
    job_state **running = calloc(capacity, sizeof *running);
    struct pollfd *pfds = calloc(capacity + 1, sizeof *pfds);
    size_t next = 0, nrunning = 0, ncomputing = 0;
    int rc = 0;

    if (!running || !pfds) {
        snprintf(err, errlen, "out of memory");
        free(running);
        free(pfds);
        return -1;
    }
    while (next < nqueue || nrunning > 0) {
        while (!c->interrupted && ncomputing < (size_t)workers && nrunning < capacity && next < nqueue) {
            if (start_job(c, queue[next], lock_fd, err, errlen) != 0) { rc = -1; break; }
            running[nrunning++] = queue[next++];
            ncomputing++;
        }
        if (rc != 0 || (c->interrupted && nrunning == 0)) break;
        if (nrunning == 0) break;

        double now = now_s(), wait_s = 3600;
        for (size_t i = 0; i < nrunning; i++) {
            pfds[i].fd = running[i]->pipe_fd;
            pfds[i].events = POLLIN;
            pfds[i].revents = 0;
            if (!running[i]->killed_for_timeout && running[i]->deadline_s - now < wait_s)
                wait_s = running[i]->deadline_s - now;
        }
        pfds[nrunning].fd = sig_fd;
        pfds[nrunning].events = POLLIN;
        pfds[nrunning].revents = 0;
        int timeout_ms = wait_s <= 0 ? 0 : (int)(wait_s * 1000) + 1;
        int n = poll(pfds, nrunning + 1, timeout_ms);
        if (n < 0 && errno != EINTR) {
            snprintf(err, errlen, "poll: %s", strerror(errno));
            rc = -1;
            break;
        }
        if (sig_fd >= 0 && n > 0 && (pfds[nrunning].revents & POLLIN)) {
            struct signalfd_siginfo si;
            c->interrupted = SIGTERM;
            if (read(sig_fd, &si, sizeof si) == (ssize_t)sizeof si) c->interrupted = (int)si.ssi_signo;
            char why[128];
            snprintf(why, sizeof why, "interrupted: the batch received signal %d (%s)", c->interrupted,
                     strsignal(c->interrupted));
            interrupt_jobs(c, running, nrunning, why);
            nrunning = ncomputing = 0;
            break;
        }
        now = now_s();
        for (size_t i = 0; i < nrunning; ) {
            job_state *js = running[i];
            int done = 0;
            if (n > 0 && (pfds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                char buf[4096];
                ssize_t got = read(js->pipe_fd, buf, sizeof buf);
                if (got > 0) sbuf_append(&js->reply, buf, (size_t)got);
                else if (got == 0 || errno != EINTR) done = 1;
                if (!js->computed && js->reply.len > 0) {
                    js->computed = 1;
                    ncomputing--;
                }
            }
            if (!done && !js->killed_for_timeout && now >= js->deadline_s) {
                /* The script runtime's own limit did not stop it (a loop in
                 * C, a stuck read): stop it from outside. */
                kill(js->pid, SIGKILL);
                js->killed_for_timeout = 1;
            }
            if (done) {
                if (!js->computed) ncomputing--;
                finish_job(c, js);
                running[i] = running[--nrunning];
                /* pfds no longer match running[]: look again next round. */
                n = 0;
            } else {
                i++;
            }
        }
    }
    if (rc != 0 && nrunning > 0) {
        char why[600];
        snprintf(why, sizeof why, "interrupted: %.500s", err);
        interrupt_jobs(c, running, nrunning, why);
    }
    free(running);
    free(pfds);
    return rc;
}

static void print_dry_run(batch_ctx *c, job_state *jobs, size_t n)
{
    FILE *out = c->o->out;
    size_t width = 4;
    for (size_t i = 0; i < n; i++)
        if (strlen(jobs[i].job->name) > width) width = strlen(jobs[i].job->name);
    for (size_t i = 0; i < n; i++) {
        const job_state *js = &jobs[i];
        fprintf(out, "%-4s  %-*s  %s  (%s)\n", js->skip ? "skip" : "run", (int)width, js->job->name,
                js->job->output_path, js->reason);
    }
    fflush(out);
}

static void log_summary(batch_ctx *c)
{
    batch_summary *s = c->summary;
    char when[32];
    runs_now_iso(when, sizeof when);
    if (c->o->log_json) {
        json_t *obj = json_object(), *sum = json_object();
        int failed = !obj || !sum;
        json_put(sum, "jobs", json_integer((json_int_t)s->selected), &failed);
        json_put(sum, "ok", json_integer((json_int_t)s->ok), &failed);
        json_put(sum, "skipped", json_integer((json_int_t)s->skipped), &failed);
        json_put(sum, "failed", json_integer((json_int_t)s->failed), &failed);
        json_put(sum, "timeout", json_integer((json_int_t)s->timeout), &failed);
        json_put(sum, "crashed", json_integer((json_int_t)s->crashed), &failed);
        json_put(sum, "elapsed_s", json_seconds(s->elapsed_s), &failed);
        json_put(sum, "peak_rss_kb", json_integer(s->peak_rss_kb), &failed);
        json_put(sum, "shared_fonts_kb", json_integer(s->shared_fonts_kb), &failed);
        if (c->interrupted) json_put(sum, "interrupted", json_true(), &failed);
        json_put(obj, "time", jsonstr_new(when), &failed);
        json_put(obj, "summary", sum, &failed);
        json_line(c->o->log, obj, failed);
    } else
        fprintf(c->o->log, "%s batch: %zu jobs: %zu ok, %zu skipped, %zu failed, %zu timeout, %zu crashed "
                "in %.2fs%s\n", when, s->selected, s->ok, s->skipped, s->failed, s->timeout, s->crashed,
                s->elapsed_s, c->interrupted ? " (interrupted)" : "");
    fflush(c->o->log);
}

int batch_run(const manifest *m, const batch_options *o, batch_summary *summary, char *err, size_t errlen)
{
    batch_ctx c;
    size_t njobs = manifest_job_count(m), n = 0;
    job_state *jobs = calloc(njobs ? njobs : 1, sizeof *jobs);
    job_state **queue = calloc(njobs ? njobs : 1, sizeof *queue);
    int lock_fd = -1, sig_fd = -1, rc = BATCH_OK;
    char lock_path[4096], warn[600], why[600];
    double t0 = now_s();

    memset(&c, 0, sizeof c);
    memset(summary, 0, sizeof *summary);
    c.o = o;
    c.summary = summary;
    err[0] = '\0';
    if (!jobs || !queue) {
        free(jobs);
        free(queue);
        snprintf(err, errlen, "out of memory");
        return BATCH_ERROR;
    }
    for (size_t i = 0; i < njobs; i++) {
        const manifest_job *job = manifest_job_at(m, i);
        if (o->shard_count > 0 && batch_shard_of(job->index, o->shard_count) != o->shard_index) continue;
        jobs[n].job = job;
        jobs[n].pipe_fd = -1;
        n++;
    }
    summary->selected = n;

    if (!o->dry_run) {
        snprintf(lock_path, sizeof lock_path, "%s.lock", o->db_path);
        long holder = 0;
        int lr = batch_lock(lock_path, o->wait_s, &lock_fd, &holder, why, sizeof why);
        if (lr == 1) {
            if (holder > 0)
                snprintf(err, errlen, "%s is held by process %ld (another batch is running); gave up after %g s",
                         lock_path, holder, o->wait_s);
            else
                snprintf(err, errlen, "%s is held by another process; gave up after %g s", lock_path, o->wait_s);
            rc = BATCH_LOCKED;
            goto done;
        }
        if (lr < 0) {
            if (errno == EROFS || errno == EACCES) {
                /* A read-only copy (a shard machine): nothing to keep apart. */
                snprintf(warn, sizeof warn, "%.500s; running without a lock", why);
                log_warning(&c, warn);
            } else {
                snprintf(err, errlen, "%s", why);
                rc = BATCH_ERROR;
                goto done;
            }
        }
    }

    /* History: a dry run only reads it, and never creates the database. */
    struct stat sb;
    if (!o->dry_run || stat(o->db_path, &sb) == 0) {
        c.runs = runs_open(o->db_path, o->dry_run ? RUNS_OPEN_READ_ONLY : 0, warn, sizeof warn, why, sizeof why);
        if (!c.runs) {
            snprintf(err, errlen, "%s", why);
            rc = BATCH_ERROR;
            goto done;
        }
        if (warn[0]) log_warning(&c, warn);
        int abandoned = o->dry_run ? 0 : runs_fail_abandoned(c.runs);
        if (abandoned > 0) {
            snprintf(warn, sizeof warn, "%d job run(s) of an earlier batch that died are marked failed", abandoned);
            log_warning(&c, warn);
        } else if (abandoned < 0) {
            history_failed(&c);
        }
    }
    if (fingerprint_data(o->db_path, c.data_hex, why, sizeof why) != 0) {
        c.data_hex[0] = '\0';
        snprintf(warn, sizeof warn, "every job will run: %.500s", why);
        log_warning(&c, warn);
    }
    if (batch_epoch(o, &c.epoch, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s", why);
        rc = BATCH_ERROR;
        goto done;
    }

    if (!o->dry_run) {
        char note[512];
        confine_describe(note, sizeof note);
        if (note[0]) log_warning(&c, note);
    }
    for (size_t i = 0; i < n; i++) decide_skip(&c, &jobs[i]);
    if (o->dry_run) {
        print_dry_run(&c, jobs, n);
        goto done;
    }

    /* Signals that stop the batch (systemd stop, ^C, a closed terminal)
     * come through a signalfd, so the running jobs are killed and recorded. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop, &c.old_mask);
    sig_fd = signalfd(-1, &stop, SFD_CLOEXEC);

    size_t nqueue = 0;
    for (size_t i = 0; i < n; i++) {
        if (jobs[i].skip) {
            record(&c, &jobs[i], RUNS_STATUS_SKIPPED, NULL, jobs[i].job->output_path, -1, NULL, 0, 0);
            continue;
        }
        remove_stale_temps(jobs[i].job->output_path);
        queue[nqueue++] = &jobs[i];
    }
    /* The fonts every job's documents use, loaded once here rather than
     * in each child: fontconfig's configuration and the faces were a fifth
     * of a weekly brief's instructions (bench/README.md). Read-only once
     * loaded (fonts.h), so the children share the parent's copy. A roles
     * file that cannot be loaded here is left to each job, which reports
     * it as a run without a batch does. */
    if (nqueue > 0) c.fonts = fonts_create(NULL, why, sizeof why);
    /* and the files of the faces nearly every character comes from copied
     * into memory, which each child then finds mapped (fonts_make_resident):
     * a weekly brief took a fifth less CPU. The copy (tens of MB) is made
     * once, for a batch of enough jobs to repay it. */
    if (c.fonts && nqueue >= BATCH_RESIDENT_FONTS_JOBS)
        summary->shared_fonts_kb = (long)(fonts_make_resident(c.fonts) / 1024);
    /* A document's save prepares its font subsets on a helper thread while
     * the pages are written (parallel.h). With a job on every CPU already,
     * the helper only competes with the other jobs, and a job with two
     * threads pays another CPU's TLB flush on each copy-on-write fault and
     * unmap: without it, 100 weekly briefs with -j 2 on 2 cores took 3 %
     * less CPU and 5 % less wall time (bench/README.md). Same bytes. */
    c.no_helper_thread = (o->workers > 0 ? o->workers : 1) >= parallel_cpus();
    /* last before the first fork, the heap as the children will find it */
    if (nqueue > 0) prefault_plan_heap(&c.prefault);
    int run_failed = run_jobs(&c, queue, nqueue, lock_fd, sig_fd, why, sizeof why) != 0;
    if (run_failed) log_warning(&c, why);
    if (sig_fd >= 0) close(sig_fd);
    sigprocmask(SIG_SETMASK, &c.old_mask, NULL);
    summary->elapsed_s = now_s() - t0;
    log_summary(&c);
    if (run_failed || c.interrupted || summary->failed || summary->timeout || summary->crashed)
        rc = BATCH_JOBS_FAILED;

done:
    summary->elapsed_s = now_s() - t0;
    runs_close(c.runs);
    fonts_destroy(c.fonts);
    batch_unlock(lock_fd);
    free(jobs);
    free(queue);
    return rc;
}
