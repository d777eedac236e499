/* cli_runs.c — `brief runs`: the recorded batch job runs as a table. */
#include "cli/cli.h"
#include "store/runs.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *to)
{
    fprintf(to,
        "usage: brief runs [--db PATH] [--last N] [--failed]\n\n"
        "Lists the job runs `brief batch` recorded, oldest first.\n\n"
        "  --db PATH   the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --last N    the newest N runs (default 20; 0: all)\n"
        "  --failed    only runs that failed, timed out or crashed\n");
}

/* Columns: id, started (to the second), job, status, duration, bytes,
 * output, and the first line of the error. */
static int print_run(void *ud, const runs_record *r)
{
    (void)ud;
    char started[20] = "";
    if (r->started_at) snprintf(started, sizeof started, "%.19s", r->started_at);
    for (char *p = started; *p; p++) if (*p == 'T') *p = ' ';
    char bytes[24] = "-";
    if (r->bytes >= 0) snprintf(bytes, sizeof bytes, "%lld", r->bytes);
    printf("%-6lld %-19s  %-24s %-8s %8.2f %10s  %s", r->id, started, r->job ? r->job : "",
           r->status ? r->status : "", r->duration_s, bytes, r->output ? r->output : "-");
    if (r->error) {
        size_t n = strcspn(r->error, "\n");
        printf("  %.*s", (int)(n > 160 ? 160 : n), r->error);
    }
    printf("\n");
    return 0;
}

int cli_runs(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"last", required_argument, NULL, 'n'},
        {"failed", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db_arg = NULL;
    long last = 20;
    int failed_only = 0, c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'n':
            last = strtol(optarg, &end, 10);
            if (end == optarg || *end || last < 0) {
                fprintf(stderr, "brief runs: --last: expected a number, got '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 'f': failed_only = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        default: usage(stderr); return CLI_USAGE;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "brief runs: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return CLI_USAGE;
    }
    const char *db_path = cli_db_path(db_arg);
    struct stat sb;
    if (stat(db_path, &sb) != 0) {
        fprintf(stderr, "brief runs: %s: no such database\n", db_path);
        return CLI_FAILED;
    }
    char warn[256], err[512];
    runs_db *db = runs_open(db_path, RUNS_OPEN_READ_ONLY, warn, sizeof warn, err, sizeof err);
    if (!db) {
        fprintf(stderr, "brief runs: %s\n", err);
        return CLI_FAILED;
    }
    printf("%-6s %-19s  %-24s %-8s %8s %10s  %s\n", "id", "started (UTC)", "job", "status", "seconds", "bytes",
           "output / error");
    long n = runs_list(db, (size_t)last, failed_only, print_run, NULL);
    if (n < 0) {
        fprintf(stderr, "brief runs: %s: %s\n", db_path, runs_errmsg(db));
        runs_close(db);
        return CLI_FAILED;
    }
    if (n == 0) fprintf(stderr, "brief runs: no %sruns recorded in %s\n", failed_only ? "failed " : "", db_path);
    runs_close(db);
    return CLI_OK;
}
