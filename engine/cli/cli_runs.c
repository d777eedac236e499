/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_runs.c — `brief runs`: the recorded batch job runs as a table, or as
 * one JSON document (--json, docs/batch.md). */
#include "cli/cli.h"
#include "cli/cli_json.h"
#include "store/runs.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *to)
{
    fprintf(to,
        "usage: brief runs [--db PATH] [--last N] [--failed] [--json]\n\n"
        "Lists the job runs `brief batch` recorded, oldest first.\n\n"
        "  --db PATH   the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --last N    the newest N runs (default 20; 0: all)\n"
        "  --failed    only runs that failed, timed out or crashed\n"
        "  --json      one JSON document: {\"database\": ..., \"runs\": [...]}\n");
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

typedef struct runs_json {
    json_t *list;
    int out_of_memory;      /* a run could not be added: the list is short */
} runs_json;

/* One run as a JSON object (docs/batch.md, "brief runs --json"): every
 * column, params as the object it was recorded as, null for what is unset. */
static int add_run_json(void *ud, const runs_record *r)
{
    runs_json *rj = ud;
    json_t *params = NULL, *o = json_object();
    if (!o) return rj->out_of_memory = 1;
    if (r->params_json) {
        params = json_loads(r->params_json, JSON_DECODE_ANY, NULL);
        if (!params) params = jsonstr_new(r->params_json);   /* kept as recorded */
    }
    int bad = json_object_set_new(o, "id", json_integer(r->id)) |
              json_object_set_new(o, "job", jsonstr_new(r->job)) |
              json_object_set_new(o, "params", params ? params : json_null()) |
              json_object_set_new(o, "started_at", jsonstr_new(r->started_at)) |
              json_object_set_new(o, "finished_at", jsonstr_new(r->finished_at)) |
              json_object_set_new(o, "status", jsonstr_new(r->status)) |
              json_object_set_new(o, "duration_s", json_real(round(r->duration_s * 1000) / 1000)) |
              json_object_set_new(o, "output", jsonstr_new(r->output)) |
              json_object_set_new(o, "bytes", r->bytes >= 0 ? json_integer(r->bytes) : json_null()) |
              json_object_set_new(o, "error", jsonstr_new(r->error)) |
              json_object_set_new(o, "inputs_hash", jsonstr_new(r->inputs_hash));
    if (bad || json_array_append_new(rj->list, o) != 0) return rj->out_of_memory = 1;
    return 0;
}

int cli_runs(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"last", required_argument, NULL, 'n'},
        {"failed", no_argument, NULL, 'f'},
        {"json", no_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db_arg = NULL;
    long last = 20;
    int failed_only = 0, as_json = 0, c;

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
        case 'J': as_json = 1; break;
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
    runs_json rj = {NULL, 0};
    if (as_json) {
        rj.list = json_array();
        if (!rj.list) {
            fprintf(stderr, "brief runs: out of memory\n");
            runs_close(db);
            return CLI_FAILED;
        }
    } else {
        printf("%-6s %-19s  %-24s %-8s %8s %10s  %s\n", "id", "started (UTC)", "job", "status", "seconds",
               "bytes", "output / error");
    }
    long n = runs_list(db, (size_t)last, failed_only, as_json ? add_run_json : print_run, &rj);
    if (n < 0 || rj.out_of_memory) {
        fprintf(stderr, "brief runs: %s: %s\n", db_path, n < 0 ? runs_errmsg(db) : "out of memory");
        json_decref(rj.list);
        runs_close(db);
        return CLI_FAILED;
    }
    if (n == 0) fprintf(stderr, "brief runs: no %sruns recorded in %s\n", failed_only ? "failed " : "", db_path);
    runs_close(db);
    if (as_json) {
        json_t *doc = json_object();
        if (doc && (json_object_set_new(doc, "database", jsonstr_new(db_path)) |
                    json_object_set(doc, "runs", rj.list)) != 0) {
            json_decref(doc);
            doc = NULL;
        }
        json_decref(rj.list);
        if (cli_json_print(doc) != 0) {
            fprintf(stderr, "brief runs: cannot write the JSON document\n");
            return CLI_FAILED;
        }
    }
    return CLI_OK;
}
