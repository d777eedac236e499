/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_sql.c — `brief sql`: one read-only query over the database, printed as
 * an aligned table (CJK counted two columns wide), CSV (RFC 4180) or JSON. */
#include "cli/cli.h"
#include "cli/tabulate.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "util/sbuf.h"

static void sql_usage(FILE *to)
{
    fprintf(to,
        "usage: brief sql [--db PATH] [--csv | --json] QUERY\n\n"
        "Runs one SQL query on a read-only connection and prints its rows: an\n"
        "aligned table (long values cut at %d columns), CSV (RFC 4180: a header\n"
        "row, CRLF line ends) or JSON (an array of objects, NULL as null).\n"
        "A statement that would write is refused. Quote the query for the shell.\n"
        "The tables are described in docs/schema.md.\n\n"
        "  --db PATH   the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --csv       CSV output\n"
        "  --json      JSON output\n"
        "  -h, --help  this help\n\n"
        "example: brief sql \"SELECT issued_on, count(*) FROM articles_v GROUP BY 1\"\n",
        TABULATE_CELL_MAX_COLS);
}

int cli_sql(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"csv", no_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_arg = NULL;
    tabulate_format format = TABULATE_TABLE;
    sbuf query = SBUF_INIT;
    tabulate *out = NULL;
    store *st = NULL;
    char err[512];
    int c, i, rc = CLI_FAILED, formats = 0;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'c': format = TABULATE_CSV; formats++; break;
        case 'j': format = TABULATE_JSON; formats++; break;
        case 'h': sql_usage(stdout); return CLI_OK;
        default:
            fprintf(stderr, "brief sql: unknown option or missing value: '%s'\n", argv[optind - 1]);
            sql_usage(stderr);
            return CLI_USAGE;
        }
    }
    if (formats > 1) {
        fprintf(stderr, "brief sql: choose one of --csv and --json\n");
        return CLI_USAGE;
    }
    for (i = optind; i < argc; i++) {
        if (query.len) sbuf_putc(&query, ' ');
        sbuf_puts(&query, argv[i]);
    }
    if (!query.len) {
        fprintf(stderr, "brief sql: no query given\n");
        sql_usage(stderr);
        return CLI_USAGE;
    }
    if (sbuf_failed(&query)) {
        fprintf(stderr, "brief sql: out of memory\n");
        goto done;
    }

    if (store_open(cli_db_path(db_arg), STORE_READONLY, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "brief sql: %s\n", err);
        goto done;
    }
    out = tabulate_new(format, stdout);
    if (!out) {
        fprintf(stderr, "brief sql: out of memory\n");
        goto done;
    }
    if (store_sql_run(st, query.data, tabulate_row, out) != STORE_OK) {
        tabulate_free(out);   /* ends a JSON line begun */
        out = NULL;
        fflush(stdout);
        fprintf(stderr, "brief sql: %s\n", store_errmsg(st));
    } else if (tabulate_finish(out) != 0) {
        fprintf(stderr, "brief sql: out of memory\n");
    } else {
        rc = CLI_OK;
    }
done:
    tabulate_free(out);
    store_close(st);
    sbuf_free(&query);
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        fprintf(stderr, "brief sql: writing the output failed\n");
        rc = CLI_FAILED;
    }
    return rc;
}
