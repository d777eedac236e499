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
#include <sys/time.h>
#include <unistd.h>

#include "script/script.h"

static void usage(FILE *to)
{
    fprintf(to,
        "usage: brief run SCRIPT.lua [--db PATH] [-o OUT.pdf] [--set KEY=VALUE]...\n"
        "                 [--trust] [--max-memory MB] [--timeout SECONDS] [--watch]\n\n"
        "Runs a Lua report script against the database (opened read-only).\n"
        "  --db PATH         the database (default $BRIEF_DB, else ./brief.db)\n"
        "  -o, --output OUT  where the document goes (overrides the script's choice)\n"
        "  --set KEY=VALUE   a parameter, brief.params.KEY in the script (repeatable)\n"
        "  --trust           lift the sandbox: all standard Lua libraries\n"
        "  --max-memory MB   memory limit of the script (default 512)\n"
        "  --timeout SECONDS time limit of the script (default 120)\n"
        "  --watch           re-run when the script, a module it requires or the\n"
        "                    database changes; Ctrl-C ends\n"
        "Exit status: 0 ok, 1 the script failed, 2 usage. API: docs/lua-api.md\n");
}

static volatile sig_atomic_t interrupted;

/* Ctrl-C or SIGTERM: the running script stops at its next instruction
 * (its outputs removed); a second signal ends the process at once. */
static void on_sigint(int sig)
{
    (void)sig;
    if (interrupted) _exit(CLI_FAILED);
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

/* The last line of defence of the time limit. The count hook stops Lua
 * code, but not one long call into C (string.find with a pathological
 * pattern runs inside the C matcher, where no hook fires). WATCHDOG_GRACE_S
 * after the limit the process ends itself. The message is preformatted:
 * a signal handler may only write(2) and _exit. */
#define WATCHDOG_GRACE_S 2.0
static char watchdog_message[512];

static void on_watchdog(int sig)
{
    ssize_t w;
    (void)sig;
    w = write(STDERR_FILENO, watchdog_message, strlen(watchdog_message));
    (void)w;
    _exit(CLI_FAILED);
}

static void watchdog_arm(const script_options *o)
{
    double limit_s = (o->timeout_s > 0 ? o->timeout_s : 120.0) + WATCHDOG_GRACE_S;
    struct itimerval it;
    struct sigaction sa;
    snprintf(watchdog_message, sizeof watchdog_message,
             "brief run: %s: script exceeded its time limit of %g s (stuck in a library call; stopped)\n",
             o->script_path, o->timeout_s > 0 ? o->timeout_s : 120.0);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_watchdog;
    sigaction(SIGALRM, &sa, NULL);
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = (time_t)limit_s;
    it.it_value.tv_usec = (suseconds_t)((limit_s - (double)(time_t)limit_s) * 1e6);
    setitimer(ITIMER_REAL, &it, NULL);
}

static void watchdog_disarm(void)
{
    struct itimerval it;
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
}

/* Runs once and reports; returns the exit status. */
static int run_once(const script_options *o, script_result *r, int watch)
{
    struct timespec t0, t1;
    double elapsed_s;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    watchdog_arm(o);
    script_run(o, r);
    watchdog_disarm();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    elapsed_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fflush(stdout);
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

static int watch_loop(const script_options *o)
{
    script_result r;
    long long last;
    int status;

    status = run_once(o, &r, 1);
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
        status = run_once(o, &r, 1);
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
        {"trust", no_argument, NULL, 't'},
        {"max-memory", required_argument, NULL, 'm'},
        {"timeout", required_argument, NULL, 'T'},
        {"watch", no_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    script_options o;
    script_result r;
    script_param *params;
    const char *db_arg = NULL;
    int watch = 0, c, status;
    double v;

    memset(&o, 0, sizeof o);
    params = calloc((size_t)argc, sizeof *params);
    if (!params) {
        fprintf(stderr, "brief run: out of memory\n");
        return CLI_FAILED;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'o': o.output_path = optarg; break;
        case 's': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg) {
                fprintf(stderr, "brief run: --set: KEY=VALUE expected, got '%s'\n", optarg);
                free(params);
                return CLI_USAGE;
            }
            *eq = '\0';
            params[o.param_count].key = optarg;
            params[o.param_count].value = eq + 1;
            o.param_count++;
            break;
        }
        case 't': o.trust = 1; break;
        case 'm':
            if (parse_positive("--max-memory", optarg, &v) != 0) { free(params); return CLI_USAGE; }
            o.max_memory_bytes = (size_t)(v * 1024 * 1024);
            break;
        case 'T':
            if (parse_positive("--timeout", optarg, &v) != 0) { free(params); return CLI_USAGE; }
            o.timeout_s = v;
            break;
        case 'w': watch = 1; break;
        case 'h': usage(stdout); free(params); return CLI_OK;
        default: usage(stderr); free(params); return CLI_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "brief run: %s\n", optind >= argc ? "no script given" : "one script at a time");
        usage(stderr);
        free(params);
        return CLI_USAGE;
    }
    o.script_path = argv[optind];
    o.db_path = cli_db_path(db_arg);
    o.params = params;
    o.cancel = &interrupted;
    catch_interrupts();
    if (watch) {
        status = watch_loop(&o);
    } else {
        status = run_once(&o, &r, 0);
        script_result_clear(&r);
    }
    free(params);
    return status;
}
