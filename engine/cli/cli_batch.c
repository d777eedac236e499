/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_batch.c — `brief batch MANIFEST.lua`: the command cron or a systemd
 * timer runs. Parses arguments, loads the manifest, hands it to batch.h. */
#include "cli/cli.h"
#include "batch/batch.h"
#include "batch/manifest.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef BRIEF_VERSION
#define BRIEF_VERSION "dev"
#endif

/* The manifest's own budget stops Lua code within a second or so; past
 * this, it is stuck in C. */
#define MANIFEST_WATCHDOG_S 5.0

static void usage(FILE *to)
{
    fprintf(to,
        "usage: brief batch MANIFEST.lua [--db PATH] [-j N] [--force] [--dry-run]\n"
        "                   [--wait SECONDS] [--shard I/N] [--log-format text|json] [--date YYYY-MM-DD]\n"
        "                   [--output-dir DIR] [--allow-read DIR]... [--strict]\n\n"
        "Runs the jobs a manifest lists (a Lua file returning { {name=, script=, output=,\n"
        "params=, timeout=, max_memory=}, ... }), each in its own process; skips jobs whose\n"
        "script, params, data and engine are unchanged since their last good run.\n\n"
        "  --db PATH          the database (default $BRIEF_DB, else ./brief.db)\n"
        "  -j, --jobs N       run N jobs at once (default 1)\n"
        "  --force            run up-to-date jobs too\n"
        "  --dry-run          validate, list what would run or be skipped, run nothing\n"
        "  --wait SECONDS     wait this long for another batch to finish (default 0)\n"
        "  --shard I/N        run only the I-th of N shares of the jobs (1-based)\n"
        "  --log-format FMT   text (default) or json: one line per job on stderr\n"
        "  --date YYYY-MM-DD  the date {date} and {week} expand to (default today)\n"
        "  --output-dir DIR   every job's output must lie below DIR (default: the\n"
        "                     working directory)\n"
        "  --allow-read DIR   a folder the jobs' scripts may read besides their own\n"
        "                     (repeatable)\n"
        "  --strict           a job's warning (a character no font draws) fails it;\n"
        "                     else each is logged as a warning of its job\n\n"
        "Exit status: 0 every job done or skipped, 1 some job failed, 2 usage or\n"
        "manifest error, 75 another batch holds the lock.\n");
}

static int parse_shard(const char *s, int *index, int *count)
{
    char *end;
    long i = strtol(s, &end, 10);
    if (end == s || *end != '/') return -1;
    const char *rest = end + 1;
    long n = strtol(rest, &end, 10);
    if (end == rest || *end != '\0' || n < 1 || n > 100000 || i < 1 || i > n) return -1;
    *index = (int)i;
    *count = (int)n;
    return 0;
}

static int parse_seconds(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !(v >= 0) || v > 7 * 86400) return -1;
    *out = v;
    return 0;
}

/* Prints each line of a multi-line message with the command's prefix. */
static void print_errors(const char *text)
{
    while (*text) {
        size_t n = strcspn(text, "\n");
        fprintf(stderr, "brief batch: %.*s\n", (int)n, text);
        text += n;
        if (*text == '\n') text++;
    }
}

/* Every library function bound before the jobs fork. The dynamic loader
 * binds a function at its first call (lazy binding): a search of the
 * libraries' symbol tables and a write to a page the child shares with the
 * batch, which every job's child did again for the few hundred functions
 * a report calls. With LD_BIND_NOW, which the loader reads only when a
 * program starts, the batch binds them all once and the children find
 * them bound: a weekly brief's job took 3–5 % less CPU (bench/README.md). So
 * a batch of BATCH_RESIDENT_FONTS_JOBS jobs or more starts itself again,
 * once, with it set, and with its date given (--date), so that the second
 * start reads the manifest as the first did even across midnight. Where
 * the exec fails the batch goes on as it is. */
static void bind_now(int argc, char **argv, const char *date_ymd, int date_given)
{
    char **args;
    int i, n = 0;
    if (getenv("LD_BIND_NOW")) return;   /* set: this is the second start, or the user chose */
    args = calloc((size_t)argc + 4, sizeof *args);
    if (!args) return;
    /* "brief batch", the date, then the arguments as given: before a "--"
     * the user may have put ahead of the manifest */
    args[n++] = "brief";
    args[n++] = argv[0];
    if (!date_given) {
        args[n++] = "--date";
        args[n++] = (char *)date_ymd;
    }
    for (i = 1; i < argc; i++) args[n++] = argv[i];
    if (setenv("LD_BIND_NOW", "1", 1) == 0) {
        fflush(NULL);
        execv("/proc/self/exe", args);
        unsetenv("LD_BIND_NOW");
    }
    free(args);
}

int cli_batch(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"jobs", required_argument, NULL, 'j'},
        {"force", no_argument, NULL, 'f'},
        {"dry-run", no_argument, NULL, 'n'},
        {"wait", required_argument, NULL, 'w'},
        {"shard", required_argument, NULL, 's'},
        {"log-format", required_argument, NULL, 'l'},
        {"date", required_argument, NULL, 'D'},
        {"output-dir", required_argument, NULL, 'O'},
        {"allow-read", required_argument, NULL, 'r'},
        {"strict", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    batch_options o;
    const char *db_arg = NULL, *date_arg = NULL, *output_root = NULL;
    static const char *allow_read[64];
    char today[16];
    int c;

    memset(&o, 0, sizeof o);
    o.workers = 1;
    o.log = stderr;
    o.out = stdout;
    o.engine_version = BRIEF_VERSION;
    o.allow_read = allow_read;
    optind = 1;
    while ((c = getopt_long(argc, argv, "j:h", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'j':
            o.workers = (int)strtol(optarg, &end, 10);
            if (end == optarg || *end || o.workers < 1 || o.workers > 256) {
                fprintf(stderr, "brief batch: -j: expected a number of jobs from 1 to 256, got '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 'f': o.force = 1; break;
        case 'S': o.strict = 1; break;
        case 'n': o.dry_run = 1; break;
        case 'w':
            if (parse_seconds(optarg, &o.wait_s) != 0) {
                fprintf(stderr, "brief batch: --wait: expected a number of seconds, got '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 's':
            if (parse_shard(optarg, &o.shard_index, &o.shard_count) != 0) {
                fprintf(stderr, "brief batch: --shard: expected I/N with 1 <= I <= N, got '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 'l':
            if (strcmp(optarg, "json") == 0) o.log_json = 1;
            else if (strcmp(optarg, "text") != 0) {
                fprintf(stderr, "brief batch: --log-format: expected text or json, got '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 'D': date_arg = optarg; break;
        case 'O': output_root = optarg; break;
        case 'r':
            if (o.allow_read_count < sizeof allow_read / sizeof allow_read[0]) allow_read[o.allow_read_count++] = optarg;
            break;
        case 'h': usage(stdout); return CLI_OK;
        default: usage(stderr); return CLI_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "brief batch: %s\n", optind >= argc ? "missing MANIFEST.lua" : "one manifest at a time");
        usage(stderr);
        return CLI_USAGE;
    }
    o.db_path = cli_db_path(db_arg);
    if (!date_arg) {
        /* Local time: the week a user in Chongqing means by "this week". */
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        date_arg = today;
    }
    o.date_ymd = date_arg;

    char err[8192];
    /* A manifest stuck in one call into C (a pathological string.find)
     * escapes the sandbox's instruction budget: this stops it. */
    snprintf(err, sizeof err, "brief batch: %s: manifest takes too long to evaluate (stuck in a library call; stopped)",
             argv[optind]);
    cli_watchdog_arm(MANIFEST_WATCHDOG_S, err, CLI_USAGE);
    manifest *m = manifest_load(argv[optind], date_arg, err, sizeof err);
    cli_watchdog_disarm();
    if (!m || manifest_check_paths(m, output_root, err, sizeof err) != 0) {
        print_errors(err);
        manifest_destroy(m);
        return CLI_USAGE;
    }
    if (!o.dry_run && manifest_job_count(m) >= BATCH_RESIDENT_FONTS_JOBS)
        bind_now(argc, argv, date_arg, date_arg != today);
    batch_summary summary;
    int rc = batch_run(m, &o, &summary, err, sizeof err);
    manifest_destroy(m);
    if (rc == BATCH_LOCKED || rc == BATCH_ERROR) print_errors(err);
    if (rc == BATCH_ERROR) return CLI_FAILED;
    return rc;
}
