/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_run.c — `brief run SCRIPT.lua`: parses the options, runs the script
 * through script.h, reports; --watch re-runs on changes. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "script/script.h"
#include "util/paths.h"
#include "util/sbuf.h"

static void usage(FILE *to)
{
    fprintf(to,
        "usage: brief run SCRIPT.lua [--db PATH] [-o OUT.pdf | --output-dir DIR] [--set KEY=VALUE]...\n"
        "                 [--allow-read DIR]... [--trust] [--max-memory MB] [--max-output MB]\n"
        "                 [--timeout SECONDS] [--strict] [--watch]\n\n"
        "Runs a Lua report script against the database (opened read-only).\n"
        "  --db PATH          the database (default $BRIEF_DB, else ./brief.db)\n"
        "  -o, --output OUT   where the document goes (overrides the script's choice)\n"
        "  --output-dir DIR   where the files the script names go (without -o or this,\n"
        "                     a sandboxed script writes nothing)\n"
        "  --set KEY=VALUE    a parameter, brief.params.KEY in the script (repeatable)\n"
        "  --allow-read DIR   a folder the script may read besides its own (repeatable)\n"
        "  --trust            lift the sandbox: all standard Lua libraries, any file\n"
        "  --max-memory MB    memory limit of the script and its process (default 512)\n"
        "  --max-output MB    all output files together (default 1024)\n"
        "  --timeout SECONDS  time limit of the script (default 120)\n"
        "  --strict           a warning (a character no font draws) is an error: exit 1,\n"
        "                     nothing written\n"
        "  --watch            re-run when the script, a module it requires or the\n"
        "                     database changes; Ctrl-C ends\n"
        "Exit status: 0 ok, 1 the script failed, 2 usage. API: docs/lua-api.md\n");
}

static volatile sig_atomic_t interrupted;

/* Ctrl-C or SIGTERM: the running script stops at its next instruction
 * (its outputs removed); a second signal ends the process at once. */
static void on_sigint(int sig)
{
    (void)sig;
    if (interrupted) {
        paths_temp_remove_all();   /* unlink(2) only: async-signal-safe */
        _exit(CLI_FAILED);
    }
    interrupted = 1;
}

static void catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* The last line of defence of the time limit (cli.h): WATCHDOG_GRACE_S
 * after the limit the process ends itself. */
#define WATCHDOG_GRACE_S 2.0

static void watchdog_arm(const script_options *o)
{
    char message[512];
    double limit_s = o->timeout_s > 0 ? o->timeout_s : 120.0;
    snprintf(message, sizeof message,
             "brief run: %s: script exceeded its time limit of %g s (stuck in a library call; stopped)",
             o->script_path, limit_s);
    cli_watchdog_arm(limit_s + WATCHDOG_GRACE_S, message, CLI_FAILED);
}

/* Runs once and reports; returns the exit status. quiet_notice: the
 * notice of a confined run (what the kernel lacks) was already shown. */
static int run_once(const script_options *o, script_result *r, int watch, int quiet_notice)
{
    struct timespec t0, t1;
    double elapsed_s;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    watchdog_arm(o);
    script_run(o, r);
    cli_watchdog_disarm();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    elapsed_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fflush(stdout);
    if (r->notice && !quiet_notice) fprintf(stderr, "brief run: note: %s\n", r->notice);
    /* each warning of the run's documents, once, naming the script line */
    cli_report_warnings("run", NULL, (const char *const *)r->warnings, r->warning_count, o->strict);
    if (r->status != SCRIPT_OK) {
        fprintf(stderr, "brief run: %s\n", r->message ? r->message : "failed");
        if (watch) fprintf(stderr, "brief run: failed in %.2f s; watching for changes\n", elapsed_s);
        return CLI_FAILED;
    }
    if (r->output_path && r->page_count > 0)
        fprintf(stderr, "brief run: wrote %s (%zu bytes, %d page%s) in %.2f s\n", r->output_path, r->output_bytes,
                r->page_count, r->page_count == 1 ? "" : "s", elapsed_s);
    else if (r->output_path)
        fprintf(stderr, "brief run: wrote %s (%zu bytes) in %.2f s\n", r->output_path, r->output_bytes, elapsed_s);
    else if (o->output_path)
        fprintf(stderr, "brief run: warning: -o %s given but the script saved no document\n", o->output_path);
    else if (watch)
        fprintf(stderr, "brief run: ok in %.2f s\n", elapsed_s);
    return CLI_OK;
}

/* The newest modification time among the watched files (0 when none can
 * be read), in nanoseconds, plus their count so a file that appears or
 * vanishes counts as a change. */
static long long watched_stamp(const script_options *o, const script_result *r)
{
    const char *fixed[3];
    char wal[4096];
    long long stamp = 0;
    size_t i, n = 0;
    struct stat st;

    fixed[n++] = o->script_path;
    if (o->db_path) {
        fixed[n++] = o->db_path;
        snprintf(wal, sizeof wal, "%s-wal", o->db_path);
        fixed[n++] = wal;
    }
    for (i = 0; i < n + r->module_count; i++) {
        const char *p = i < n ? fixed[i] : r->modules[i - n];
        if (stat(p, &st) == 0)
            stamp = stamp * 31 + (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec + st.st_size;
        else
            stamp = stamp * 31 + 7;
    }
    return stamp;
}

/* One run of --watch in a child process, which confines itself as a
 * single run does (the watching process stays free to re-run). The child
 * reports as run_once does and sends back its status and the modules the
 * script loaded, which the next round watches. Returns the exit status. */
static int run_in_child(const script_options *o, script_result *r, int quiet_notice)
{
    script_options co = *o;
    sbuf reply = SBUF_INIT;
    int fds[2], wstatus = 0, status;
    pid_t pid;
    size_t i;

    memset(r, 0, sizeof *r);
    r->status = SCRIPT_ERROR;
    if (pipe2(fds, O_CLOEXEC) != 0) {
        fprintf(stderr, "brief run: cannot create a pipe: %s\n", strerror(errno));
        return CLI_FAILED;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "brief run: cannot start a process: %s\n", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return CLI_FAILED;
    }
    if (pid == 0) {
        unsigned char st;
        close(fds[0]);
        co.confine = 1;
        status = run_once(&co, r, 1, quiet_notice);
        st = (unsigned char)r->status;
        if (write(fds[1], &st, 1) == 1)
            for (i = 0; i < r->module_count; i++)
                if (write(fds[1], r->modules[i], strlen(r->modules[i]) + 1) < 0) break;
        fflush(NULL);
        _exit(status);
    }
    close(fds[1]);
    for (;;) {
        char buf[4096];
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        sbuf_append(&reply, buf, (size_t)n);
    }
    close(fds[0]);
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {}
    status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : CLI_FAILED;
    if (reply.len > 0) {
        const char *p = reply.data + 1, *end = reply.data + reply.len;
        r->status = (unsigned char)reply.data[0];
        while (p < end) {
            size_t n = strnlen(p, (size_t)(end - p));
            char **grown = realloc(r->modules, (r->module_count + 1) * sizeof *grown);
            if (!grown) break;
            r->modules = grown;
            if (!(r->modules[r->module_count] = strndup(p, n))) break;
            r->module_count++;
            p += n + 1;
        }
    }
    if (WIFSIGNALED(wstatus))
        fprintf(stderr, "brief run: the run was killed by signal %d (%s)\n", WTERMSIG(wstatus),
                strsignal(WTERMSIG(wstatus)));
    sbuf_free(&reply);
    return status;
}

static int watch_loop(const script_options *o)
{
    script_result r;
    long long last;
    int status;

    status = run_in_child(o, &r, 0);
    last = watched_stamp(o, &r);
    while (!interrupted) {
        struct timespec half = {0, 500000000L};  /* poll twice a second */
        long long now;
        nanosleep(&half, NULL);
        now = watched_stamp(o, &r);
        if (now == last || interrupted) continue;
        /* Let an editor finish writing before reading the file. */
        nanosleep(&(struct timespec){0, 100000000L}, NULL);
        script_result_clear(&r);
        status = run_in_child(o, &r, 1);
        last = watched_stamp(o, &r);
    }
    /* Ctrl-C is how a watch ends: a run it cut short is not a failure. */
    if (r.status == SCRIPT_CANCELLED) status = CLI_OK;
    script_result_clear(&r);
    return status;
}

/* Parses a positive number for option name into *value; 0 or -1. */
static int parse_positive(const char *name, const char *arg, double *value)
{
    char *end;
    errno = 0;
    *value = strtod(arg, &end);
    if (errno || end == arg || *end || !(*value > 0) || *value > 1e9) {
        fprintf(stderr, "brief run: %s: a positive number expected, got '%s'\n", name, arg);
        return -1;
    }
    return 0;
}

int cli_run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"set", required_argument, NULL, 's'},
        {"output-dir", required_argument, NULL, 'O'},
        {"allow-read", required_argument, NULL, 'r'},
        {"trust", no_argument, NULL, 't'},
        {"strict", no_argument, NULL, 'S'},
        {"max-memory", required_argument, NULL, 'm'},
        {"max-output", required_argument, NULL, 'M'},
        {"timeout", required_argument, NULL, 'T'},
        {"watch", no_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    script_options o;
    script_result r;
    script_param *params;
    const char **allow_read;
    const char *db_arg = NULL;
    int watch = 0, c, status;
    double v;

    memset(&o, 0, sizeof o);
    params = calloc((size_t)argc, sizeof *params);
    allow_read = calloc((size_t)argc, sizeof *allow_read);
    if (!params || !allow_read) {
        fprintf(stderr, "brief run: out of memory\n");
        free(params);
        free(allow_read);
        return CLI_FAILED;
    }
    o.allow_read = allow_read;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'o': o.output_path = optarg; break;
        case 's': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg) {
                fprintf(stderr, "brief run: --set: KEY=VALUE expected, got '%s'\n", optarg);
                free(params); free(allow_read);
                return CLI_USAGE;
            }
            *eq = '\0';
            params[o.param_count].key = optarg;
            params[o.param_count].value = eq + 1;
            o.param_count++;
            break;
        }
        case 'O': o.output_dir = optarg; break;
        case 'r': allow_read[o.allow_read_count++] = optarg; break;
        case 't': o.trust = 1; break;
        case 'S': o.strict = 1; break;
        case 'M':
            if (parse_positive("--max-output", optarg, &v) != 0) { free(params); free(allow_read); return CLI_USAGE; }
            o.max_output_bytes = (size_t)(v * 1024 * 1024);
            break;
        case 'm':
            if (parse_positive("--max-memory", optarg, &v) != 0) { free(params); free(allow_read); return CLI_USAGE; }
            o.max_memory_bytes = (size_t)(v * 1024 * 1024);
            break;
        case 'T':
            if (parse_positive("--timeout", optarg, &v) != 0) { free(params); free(allow_read); return CLI_USAGE; }
            o.timeout_s = v;
            break;
        case 'w': watch = 1; break;
        case 'h': usage(stdout); free(params); free(allow_read); return CLI_OK;
        default: usage(stderr); free(params); free(allow_read); return CLI_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "brief run: %s\n", optind >= argc ? "no script given" : "one script at a time");
        usage(stderr);
        free(params); free(allow_read);
        return CLI_USAGE;
    }
    o.script_path = argv[optind];
    o.db_path = cli_db_path(db_arg);
    o.params = params;
    o.cancel = &interrupted;
    catch_interrupts();
    if (o.output_path && o.output_dir) {
        fprintf(stderr, "brief run: -o and --output-dir: one or the other\n");
        free(params); free(allow_read);
        return CLI_USAGE;
    }
    if (watch) {
        status = watch_loop(&o);
    } else {
        /* This process runs one script and ends: after set-up the kernel
         * confines it too (confine.h), unless --trust. */
        o.confine = 1;
        status = run_once(&o, &r, 0, 0);
        script_result_clear(&r);
    }
    free(params); free(allow_read);
    return status;
}
