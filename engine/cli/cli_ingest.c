/* cli_ingest.c — `brief ingest`: its arguments, its progress bar and
 * messages on the terminal, and SIGINT/SIGTERM; the work (finding, reading,
 * parsing and storing the files in batches) is intake.h's. */
#include "cli/cli.h"
#include "ingest/mentions.h"
#include "intake/intake.h"
#include "util/dates.h"
#include "util/paths.h"

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* The progress bar is redrawn at most this often. */
#define PROGRESS_INTERVAL_S 0.1

static void ingest_usage(FILE *to)
{
    fprintf(to,
        "usage: brief ingest [--db PATH] [--date YYYY-MM-DD] [--source NAME]\n"
        "                    [--encoding auto|utf-8|gb18030] PATH...\n\n"
        "Reads bulletin text files into the database. A directory gives its *.txt\n"
        "files, recursively, in sorted order (names starting with '.' are skipped);\n"
        "'-' reads standard input. Each file is stored whole or not at all; the\n"
        "same bytes again (under any name) add nothing (\"already stored\").\n"
        "A file that cannot be used (unreadable, empty, binary, undecodable, over\n"
        "64 MB) is reported and skipped; the others are stored; the exit status\n"
        "is then 1.\n\n"
        "  --db PATH         the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --date DATE       the issue date of every file (else from the file name or text)\n"
        "  --source NAME     where they come from (default: the file's directory name, or stdin)\n"
        "  --encoding ENC    auto (default: BOM, else UTF-8 if valid, else GB18030),\n"
        "                    utf-8 or gb18030 (also reads GBK and GB2312)\n"
        "  -h, --help        this help\n");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the terminal ---------------------------------------------------------- */

typedef struct ingest_screen {
    int progress;        /* stderr is a terminal */
    int bar_shown;
    double drawn_s;
} ingest_screen;

static void progress_clear(ingest_screen *sc)
{
    if (sc->bar_shown) {
        fputs("\r\033[K", stderr);
        sc->bar_shown = 0;
    }
}

/* Files, MB and articles, redrawn in place on the terminal. */
static void progress_draw(void *ud, const intake_totals *t)
{
    enum { BAR_COLS = 24 };
    ingest_screen *sc = ud;
    char bar[BAR_COLS + 1];
    double now = now_s(), fraction;
    int filled, i;

    if (!sc->progress || now - sc->drawn_s < PROGRESS_INTERVAL_S) return;
    sc->drawn_s = now;
    fraction = t->bytes_total > 0 ? (double)t->bytes_done / (double)t->bytes_total
                                  : (t->inputs ? (double)t->files / (double)t->inputs : 1.0);
    if (fraction > 1.0) fraction = 1.0;
    filled = (int)(fraction * BAR_COLS + 0.5);
    for (i = 0; i < BAR_COLS; i++) bar[i] = i < filled ? '#' : '-';
    bar[BAR_COLS] = '\0';
    fprintf(stderr, "\r\033[K[%s] %zu/%zu files  %.1f/%.1f MB  %zu articles", bar, t->files, t->inputs,
            (double)t->bytes_done / 1e6, (double)t->bytes_total / 1e6, t->articles + t->pending_articles);
    fflush(stderr);
    sc->bar_shown = 1;
}

/* "brief ingest: FILE:LINE: message", as compilers write it. */
static void print_report(void *ud, const char *file, long line, const char *message, int duplicate)
{
    (void)duplicate;
    progress_clear(ud);
    if (!file) fprintf(stderr, "brief ingest: %s\n", message);
    else if (line > 0) fprintf(stderr, "brief ingest: %s:%ld: %s\n", file, line, message);
    else fprintf(stderr, "brief ingest: %s: %s\n", file, message);
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ---- signals ------------------------------------------------------------------- */

/* SIGINT or SIGTERM (Ctrl-C, systemd stopping a unit): the run stops after
 * the file in hand, commits the whole files of the open batch and exits 1
 * saying how far it got; a second signal ends the process at once, which
 * SQLite's journal makes safe (the open batch is rolled back when the
 * database is next opened). The flag is the one global a handler needs,
 * and a process-wide thing, so it lives here, not in the intake. */
static volatile sig_atomic_t ingest_signal;

static void on_ingest_signal(int sig)
{
    if (ingest_signal) _exit(CLI_FAILED);
    ingest_signal = sig;
}

static void ingest_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_ingest_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cli_ingest(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"date", required_argument, NULL, 't'},
        {"source", required_argument, NULL, 's'},
        {"encoding", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    intake_options o;
    ingest_screen screen;
    intake *in = NULL;
    const intake_totals *t;
    const char *db_arg = NULL;
    char err[1024], rules_dir[PATH_MAX];
    mentions_rules *rules = NULL;
    double started_s;
    int c, i, rc = CLI_FAILED, status;

    memset(&o, 0, sizeof o);
    memset(&screen, 0, sizeof screen);
    o.encoding = INGEST_ENCODING_AUTO;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 't': {
            long day;
            if (dates_parse(optarg, &day) != 0) {
                fprintf(stderr, "brief ingest: --date wants a date written YYYY-MM-DD, not '%s'\n", optarg);
                return CLI_USAGE;
            }
            o.date = optarg;
            break;
        }
        case 's':
            if (!*optarg) {
                fprintf(stderr, "brief ingest: --source wants a name\n");
                return CLI_USAGE;
            }
            o.source = optarg;
            break;
        case 'e':
            if (strcasecmp(optarg, "auto") == 0) o.encoding = INGEST_ENCODING_AUTO;
            else if (strcasecmp(optarg, "utf-8") == 0 || strcasecmp(optarg, "utf8") == 0)
                o.encoding = INGEST_ENCODING_UTF8;
            else if (strcasecmp(optarg, "gb18030") == 0 || strcasecmp(optarg, "gbk") == 0 ||
                     strcasecmp(optarg, "gb2312") == 0)
                o.encoding = INGEST_ENCODING_GB18030;
            else {
                fprintf(stderr, "brief ingest: --encoding is auto, utf-8 or gb18030, not '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 'h': ingest_usage(stdout); return CLI_OK;
        default:
            fprintf(stderr, "brief ingest: unknown option or missing value: '%s'\n", argv[optind - 1]);
            ingest_usage(stderr);
            return CLI_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "brief ingest: no file given (a path, a directory, or - for standard input)\n");
        ingest_usage(stderr);
        return CLI_USAGE;
    }
    screen.progress = isatty(STDERR_FILENO);
    o.db_path = cli_db_path(db_arg);
    o.report = print_report;
    o.progress = progress_draw;
    o.ud = &screen;
    o.stop = &ingest_signal;
    if (paths_config("mentions", "data/mentions", rules_dir, sizeof rules_dir, NULL) != 0) {
        fprintf(stderr, "brief ingest: cannot find the mentions rules: path too long (set BRIEF_HOME)\n");
        return CLI_FAILED;
    }
    rules = mentions_rules_load(rules_dir, err, sizeof err);
    if (!rules) {
        fprintf(stderr, "brief ingest: %s\n", err);
        return CLI_FAILED;
    }
    o.rules = rules;
    in = intake_new(&o);
    if (!in) goto nomem;
    /* Every argument is looked at before anything is stored, so that a typo
     * is reported up front. */
    for (i = optind; i < argc; i++)
        if (intake_add_path(in, argv[i]) != 0) goto nomem;
    ingest_catch_signals();
    started_s = now_s();
    status = intake_run(in);
    progress_clear(&screen);
    t = intake_get_totals(in);
    if (status == INTAKE_NOMEM) goto nomem;
    if (status == INTAKE_STOPPED)
        fprintf(stderr, "brief ingest: interrupted (%s) after %zu of %zu files; the bulletins stored are "
                "complete, run the same command again to ingest the rest\n",
                ingest_signal == SIGINT ? "SIGINT" : "SIGTERM", t->files, t->inputs);
    if (status != INTAKE_ERROR || t->files)
        printf("ingested %zu %s: %zu new %s, %zu %s, %zu %s, %zu failed, %.1f MB in %.1f s\n",
               t->files, plural(t->files, "file", "files"), t->stored, plural(t->stored, "bulletin", "bulletins"),
               t->articles, plural(t->articles, "article", "articles"), t->duplicates,
               plural(t->duplicates, "duplicate", "duplicates"), t->failed, (double)t->bytes_done / 1e6,
               now_s() - started_s);
    rc = status == INTAKE_OK && t->failed == 0 ? CLI_OK : CLI_FAILED;
    goto done;
nomem:
    fprintf(stderr, "brief ingest: out of memory\n");
done:
    progress_clear(&screen);
    intake_free(in);
    mentions_rules_destroy(rules);
    if (fflush(stdout) != 0 && rc == CLI_OK) rc = CLI_FAILED;
    return rc;
}
