/* cli_ingest.c — `brief ingest`: reads bulletin text files (a directory's
 * *.txt recursively, or standard input), parses each (ingest.h), finds its
 * mentions (mentions.h) and stores it (store.h), one transaction per file. */
#include "cli/cli.h"
#include "ingest/ingest.h"
#include "ingest/mentions.h"
#include "util/dates.h"
#include "util/paths.h"
#include "store/store.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/sbuf.h"

/* A bulletin is a few hundred KB at most; a file past this is not one (a
 * log, a dump) and reading it whole would only waste memory. */
#define INGEST_MAX_BYTES (64u * 1024u * 1024u)

/* The progress bar is redrawn at most this often. */
#define PROGRESS_INTERVAL_S 0.1

/* Bulletins are committed in batches (store_batch_begin): at most this much
 * work is lost to a kill, and it bounds the memory of the open transaction.
 * bench/README.md has the figures that chose them. */
#define BATCH_MAX_S 0.25
#define BATCH_MAX_BYTES (16ll * 1024 * 1024)
#define BATCH_MAX_FILES 2000u

typedef struct ingest_input {
    char *path;          /* NULL for standard input */
    long long bytes;     /* size from stat, for the progress bar; 0 for stdin */
} ingest_input;

typedef struct ingest_run {
    ingest_input *inputs;
    size_t count, cap;
    /* totals */
    size_t files, stored, duplicates, failed, articles;
    long long bytes_done, bytes_total;
    /* the open batch: stored once it commits */
    int batch_open;
    size_t *pending;     /* indices into inputs */
    size_t pending_count, pending_articles;
    long long pending_bytes;
    double batch_started_s;
    /* the default --source of the last file's directory: realpath() costs a
     * readlink per path component, and files come sorted, by directory */
    char *source_dir, *source_name;
    /* progress */
    int progress;        /* stderr is a terminal */
    int bar_shown;
    double started_s, drawn_s;
} ingest_run;

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

/* ---- progress and messages --------------------------------------------------- */

static void progress_clear(ingest_run *run)
{
    if (run->bar_shown) {
        fputs("\r\033[K", stderr);
        run->bar_shown = 0;
    }
}

/* Files, MB and articles, redrawn in place on the terminal. */
static void progress_draw(ingest_run *run, int force)
{
    enum { BAR_COLS = 24 };
    char bar[BAR_COLS + 1];
    double t = now_s(), fraction;
    int filled, i;

    if (!run->progress || (!force && t - run->drawn_s < PROGRESS_INTERVAL_S)) return;
    run->drawn_s = t;
    fraction = run->bytes_total > 0 ? (double)run->bytes_done / (double)run->bytes_total
                                    : (run->count ? (double)run->files / (double)run->count : 1.0);
    if (fraction > 1.0) fraction = 1.0;
    filled = (int)(fraction * BAR_COLS + 0.5);
    for (i = 0; i < BAR_COLS; i++) bar[i] = i < filled ? '#' : '-';
    bar[BAR_COLS] = '\0';
    fprintf(stderr, "\r\033[K[%s] %zu/%zu files  %.1f/%.1f MB  %zu articles", bar, run->files, run->count,
            (double)run->bytes_done / 1e6, (double)run->bytes_total / 1e6, run->articles + run->pending_articles);
    fflush(stderr);
    run->bar_shown = 1;
}

__attribute__((format(printf, 3, 4)))
static void report(ingest_run *run, const char *file, const char *fmt, ...)
{
    va_list ap;
    progress_clear(run);
    fprintf(stderr, "brief ingest: %s: ", file);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ---- collecting the inputs ---------------------------------------------------- */

static int add_input(ingest_run *run, const char *path, long long bytes)
{
    if (run->count == run->cap) {
        size_t ncap = run->cap ? run->cap * 2 : 64;
        ingest_input *grown = realloc(run->inputs, ncap * sizeof *grown);
        if (!grown) return -1;
        run->inputs = grown;
        run->cap = ncap;
    }
    run->inputs[run->count].path = path ? strdup(path) : NULL;
    if (path && !run->inputs[run->count].path) return -1;
    run->inputs[run->count].bytes = bytes;
    run->count++;
    run->bytes_total += bytes;
    return 0;
}

static int has_txt_suffix(const char *name)
{
    size_t len = strlen(name);
    return len > 4 && strcasecmp(name + len - 4, ".txt") == 0;
}

static int compare_inputs(const void *a, const void *b)
{
    return strcmp(((const ingest_input *)a)->path, ((const ingest_input *)b)->path);
}

/* Adds the *.txt files under dir, recursively. Symbolic links to files are
 * followed, to directories not (they could loop). Returns -1 when memory
 * runs out; an unreadable directory is reported and counted as failed. */
static int walk_dir(ingest_run *run, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    sbuf path = SBUF_INIT;
    struct stat sb;
    int rc = 0;

    if (!d) {
        report(run, dir, "cannot read the directory: %s", strerror(errno));
        run->failed++;
        return 0;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* ., .., and hidden files (.git) */
        sbuf_clear(&path);
        sbuf_printf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        if (sbuf_failed(&path)) { rc = -1; break; }
        if (lstat(path.data, &sb) != 0) continue;
        if (S_ISDIR(sb.st_mode)) {
            if (walk_dir(run, path.data) != 0) { rc = -1; break; }
        } else if (has_txt_suffix(e->d_name)) {
            if (S_ISLNK(sb.st_mode) && (stat(path.data, &sb) != 0 || !S_ISREG(sb.st_mode))) continue;
            if (!S_ISREG(sb.st_mode)) continue;
            if (add_input(run, path.data, (long long)sb.st_size) != 0) { rc = -1; break; }
        }
    }
    closedir(d);
    sbuf_free(&path);
    return rc;
}

/* ---- one file ----------------------------------------------------------------- */

/* Reads a whole file (or stdin when path is NULL) up to INGEST_MAX_BYTES.
 * expect is the size the file had when it was listed: the buffer starts
 * there, so a file is read with one read(2) and a second that finds its end
 * (no stdio: its fstat and buffer were a third of the system calls of an
 * ingest of small files). Returns the bytes (free them) or NULL with a reason
 * in why. */
static unsigned char *read_input(const char *path, long long expect, size_t *len, char *why, size_t whylen)
{
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    unsigned char *data = NULL, *grown;
    size_t cap = 0;
    ssize_t n;

    *len = 0;
    if (fd < 0) {
        snprintf(why, whylen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (expect < 0 || expect > INGEST_MAX_BYTES) expect = 0;
    for (;;) {
        if (*len == cap) {
            /* Room for the expected bytes and the read that finds the end. */
            cap = cap ? cap * 2 : (size_t)expect + 4096;
            if (cap > INGEST_MAX_BYTES + 1) cap = INGEST_MAX_BYTES + 1;
            grown = realloc(data, cap);
            if (!grown) {
                snprintf(why, whylen, "out of memory");
                free(data);
                data = NULL;
                break;
            }
            data = grown;
        }
        n = read(fd, data + *len, cap - *len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            snprintf(why, whylen, "cannot read: %s", strerror(errno));
            free(data);
            data = NULL;
            break;
        }
        *len += (size_t)n;
        if (*len > INGEST_MAX_BYTES) {
            snprintf(why, whylen, "too large (over %u MB, the limit for one bulletin)",
                     INGEST_MAX_BYTES / (1024u * 1024u));
            free(data);
            data = NULL;
            break;
        }
        if (n == 0) break;
    }
    if (path) close(fd);
    if (data && *len == 0) {
        /* Keep a valid pointer for an empty input: the parser reports it. */
        grown = realloc(data, 1);
        if (grown) data = grown;
    }
    return data;
}

/* The name of the directory that holds path ("samples" for samples/a.txt,
 * the current directory's name for a.txt), for the default --source. */
static char *dir_name_of(const char *path)
{
    char dir[PATH_MAX], real[PATH_MAX];
    const char *slash = strrchr(path, '/'), *base;
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (!realpath(dir, real)) snprintf(real, sizeof real, "%s", dir);
    base = strrchr(real, '/');
    base = base && base[1] ? base + 1 : real;
    return strdup(base);
}

typedef struct ingest_settings {
    ingest_options parse;
    const char *source;          /* --source or NULL */
    const mentions_rules *rules;
    store *st;
} ingest_settings;

/* The body as the store joins it: paragraphs separated by one newline. */
static int join_body(const ingest_article *a, sbuf *body)
{
    size_t i;
    sbuf_clear(body);
    for (i = 0; i < a->paragraph_count; i++) {
        if (i) sbuf_putc(body, '\n');
        sbuf_puts(body, a->paragraphs[i]);
    }
    return sbuf_failed(body) ? -1 : 0;
}

/* Commits the open batch; its bulletins count as stored only now. */
static void batch_commit(ingest_run *run, store *st)
{
    size_t i;
    if (!run->batch_open) return;
    run->batch_open = 0;
    if (store_batch_commit(st) == STORE_OK) {
        run->stored += run->pending_count;
        run->articles += run->pending_articles;
    } else {
        for (i = 0; i < run->pending_count; i++)
            report(run, run->inputs[run->pending[i]].path ? run->inputs[run->pending[i]].path : "(stdin)",
                   "not stored: %s", store_errmsg(st));
        run->failed += run->pending_count;
    }
    run->pending_count = 0;
    run->pending_articles = 0;
    run->pending_bytes = 0;
}

/* Opens a batch when none is open; -1 with the message printed on failure. */
static int batch_open(ingest_run *run, store *st)
{
    if (run->batch_open) return 0;
    if (store_batch_begin(st) != STORE_OK) {
        progress_clear(run);
        fprintf(stderr, "brief ingest: %s\n", store_errmsg(st));
        return -1;
    }
    run->batch_open = 1;
    run->batch_started_s = now_s();
    return 0;
}

/* Parses, extracts and stores one input (inputs[index]); updates the totals
 * (not the file and byte counts when retry: the file was counted once).
 * Returns 1 when a write failure rolled the open batch back, else 0. */
static int ingest_one(ingest_run *run, const ingest_settings *set, size_t index, int retry)
{
    const ingest_input *in = &run->inputs[index];
    const char *display = in->path ? in->path : "(stdin)";
    unsigned char *data;
    size_t len, i;
    char why[512];
    ingest_options opts = set->parse;
    ingest_bulletin *b = NULL;
    store_article_mentions *ms = NULL;
    mention **lists = NULL;
    const char *source = NULL;
    sbuf body = SBUF_INIT;
    store_add_result res;
    int rc, lost = 0;

    why[0] = '\0';
    data = read_input(in->path, in->bytes, &len, why, sizeof why);
    if (!retry) {
        run->files++;
        run->bytes_done += in->path ? in->bytes : (long long)len;
    }
    if (!data) {
        report(run, display, "%s", why);
        run->failed++;
        return 0;
    }
    opts.filename = in->path;
    rc = ingest_parse(data, len, &opts, &b, why, sizeof why);
    if (rc != INGEST_OK) {
        static const char *const reasons[] = {"", "empty: no text", "not text (binary data)",
                                              "cannot be decoded", "out of memory", "bad --date"};
        const char *msg = why[0] ? why : (rc > 0 && rc <= INGEST_BAD_DATE ? reasons[rc] : "cannot be parsed");
        /* The parser says "line 12: ..."; the convention is FILE:12: ... */
        if (strncmp(msg, "line ", 5) == 0 && msg[5] >= '0' && msg[5] <= '9') {
            progress_clear(run);
            fprintf(stderr, "brief ingest: %s:%s\n", display, msg + 5);
        } else {
            report(run, display, "%s", msg);
        }
        run->failed++;
        goto done;
    }

    ms = calloc(b->article_count ? b->article_count : 1, sizeof *ms);
    lists = calloc(b->article_count ? b->article_count : 1, sizeof *lists);
    if (!ms || !lists) goto nomem;
    for (i = 0; i < b->article_count; i++) {
        if (join_body(&b->articles[i], &body) != 0) goto nomem;
        if (mentions_extract(set->rules, b->articles[i].title, body.data ? body.data : "", &lists[i],
                             &ms[i].count) != 0)
            goto nomem;
        ms[i].list = lists[i];
    }
    if (!set->source && !in->path) {
        source = "stdin";
    } else if (!set->source) {
        const char *slash = strrchr(in->path, '/');
        size_t dir_len = slash ? (size_t)(slash - in->path) + 1 : 0; /* "/" kept: "/a.txt" is not "a.txt" */
        if (!run->source_dir || strlen(run->source_dir) != dir_len || strncmp(run->source_dir, in->path, dir_len)) {
            free(run->source_dir);
            free(run->source_name);
            run->source_dir = strndup(in->path, dir_len);
            run->source_name = dir_name_of(in->path);
            if (!run->source_dir || !run->source_name) {
                free(run->source_dir);
                free(run->source_name);
                run->source_dir = run->source_name = NULL;
                goto nomem;
            }
        }
        source = run->source_name;
    }
    {
        store_bulletin_meta meta = {set->source ? set->source : source, in->path, (int64_t)len, NULL};
        rc = store_add_bulletin(set->st, b, &meta, ms, &res);
    }
    if (rc == STORE_OK && run->batch_open) {
        run->pending[run->pending_count++] = index;
        run->pending_articles += res.articles;
        run->pending_bytes += (long long)len;
    } else if (rc == STORE_OK) {
        run->stored++;
        run->articles += res.articles;
    } else if (rc == STORE_BATCH_LOST) {
        report(run, display, "%s", store_errmsg(set->st));
        run->failed++;
        run->batch_open = 0;
        lost = 1;
    } else if (rc == STORE_DUPLICATE) {
        report(run, display, "already stored (bulletin %lld)", (long long)res.bulletin_id);
        run->duplicates++;
    } else {
        report(run, display, "%s", store_errmsg(set->st));
        run->failed++;
    }
    goto done;
nomem:
    report(run, display, "out of memory");
    run->failed++;
done:
    if (lists && ms)
        for (i = 0; i < b->article_count; i++) mentions_free(lists[i], ms[i].count);
    free(lists);
    free(ms);
    sbuf_free(&body);
    ingest_bulletin_destroy(b);
    free(data);
    return lost;
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* SIGINT or SIGTERM (Ctrl-C, systemd stopping a unit): the ingest stops
 * after the file in hand, commits the whole files of the open batch and
 * exits 1 saying how far it got; a second signal ends the process at once,
 * which SQLite's journal makes safe (the open batch is rolled back when the
 * database is next opened). The flag is the one global a handler needs. */
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
    ingest_settings set;
    ingest_run run;
    const char *db_arg = NULL;
    char err[1024], rules_dir[PATH_MAX];
    mentions_rules *rules = NULL;
    int c, i, rc = CLI_FAILED, stdin_seen = 0;
    size_t k;

    memset(&set, 0, sizeof set);
    memset(&run, 0, sizeof run);
    set.parse.encoding = INGEST_ENCODING_AUTO;
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
            set.parse.date = optarg;
            break;
        }
        case 's':
            if (!*optarg) {
                fprintf(stderr, "brief ingest: --source wants a name\n");
                return CLI_USAGE;
            }
            set.source = optarg;
            break;
        case 'e':
            if (strcasecmp(optarg, "auto") == 0) set.parse.encoding = INGEST_ENCODING_AUTO;
            else if (strcasecmp(optarg, "utf-8") == 0 || strcasecmp(optarg, "utf8") == 0)
                set.parse.encoding = INGEST_ENCODING_UTF8;
            else if (strcasecmp(optarg, "gb18030") == 0 || strcasecmp(optarg, "gbk") == 0 ||
                     strcasecmp(optarg, "gb2312") == 0)
                set.parse.encoding = INGEST_ENCODING_GB18030;
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
    run.progress = isatty(STDERR_FILENO);
    run.started_s = now_s();

    /* Every argument is looked at before anything is stored, so that a typo
     * is reported up front. */
    for (i = optind; i < argc; i++) {
        struct stat sb;
        if (strcmp(argv[i], "-") == 0) {
            if (stdin_seen++) continue;
            if (add_input(&run, NULL, 0) != 0) goto nomem;
        } else if (stat(argv[i], &sb) != 0) {
            report(&run, argv[i], "%s", strerror(errno));
            run.failed++;
        } else if (S_ISDIR(sb.st_mode)) {
            size_t first = run.count;
            if (walk_dir(&run, argv[i]) != 0) goto nomem;
            qsort(run.inputs + first, run.count - first, sizeof *run.inputs, compare_inputs);
            if (run.count == first) fprintf(stderr, "brief ingest: %s: no .txt file in it\n", argv[i]);
        } else if (add_input(&run, argv[i], (long long)sb.st_size) != 0) {
            goto nomem;
        }
    }

    if (paths_data_file("data/mentions", rules_dir, sizeof rules_dir) != 0) {
        fprintf(stderr, "brief ingest: cannot find brief's data directory (set BRIEF_HOME)\n");
        goto done;
    }
    rules = mentions_rules_load(rules_dir, err, sizeof err);
    if (!rules) {
        fprintf(stderr, "brief ingest: %s\n", err);
        goto done;
    }
    if (store_open(cli_db_path(db_arg), STORE_READWRITE, &set.st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "brief ingest: %s\n", err);
        goto done;
    }
    set.rules = rules;
    run.pending = malloc((run.count ? run.count : 1) * sizeof *run.pending);
    if (!run.pending) goto nomem;
    ingest_catch_signals();
    for (k = 0; k < run.count && !ingest_signal; k++) {
        if (batch_open(&run, set.st) != 0) {
            run.failed += run.count - k;
            break;
        }
        if (ingest_one(&run, &set, k, 0)) {
            /* A write failure took the batch with it: store the batch's
             * earlier files again, one transaction each. */
            size_t j, lost = run.pending_count;
            run.pending_count = 0;
            run.pending_articles = 0;
            run.pending_bytes = 0;
            for (j = 0; j < lost; j++) ingest_one(&run, &set, run.pending[j], 1);
            continue;
        }
        if (now_s() - run.batch_started_s >= BATCH_MAX_S || run.pending_bytes >= BATCH_MAX_BYTES ||
            run.pending_count >= BATCH_MAX_FILES)
            batch_commit(&run, set.st);
        progress_draw(&run, 0);
    }
    batch_commit(&run, set.st);
    progress_clear(&run);
    if (ingest_signal) {
        fprintf(stderr, "brief ingest: interrupted (%s) after %zu of %zu files; the bulletins stored are "
                "complete, run the same command again to ingest the rest\n",
                ingest_signal == SIGINT ? "SIGINT" : "SIGTERM", k, run.count);
        run.failed += run.count - k;
    }
    printf("ingested %zu %s: %zu new %s, %zu %s, %zu %s, %zu failed, %.1f MB in %.1f s\n",
           run.files, plural(run.files, "file", "files"), run.stored, plural(run.stored, "bulletin", "bulletins"),
           run.articles, plural(run.articles, "article", "articles"), run.duplicates,
           plural(run.duplicates, "duplicate", "duplicates"), run.failed, (double)run.bytes_done / 1e6,
           now_s() - run.started_s);
    rc = run.failed ? CLI_FAILED : CLI_OK;
    goto done;
nomem:
    fprintf(stderr, "brief ingest: out of memory\n");
done:
    progress_clear(&run);
    store_close(set.st);
    mentions_rules_destroy(rules);
    for (k = 0; k < run.count; k++) free(run.inputs[k].path);
    free(run.inputs);
    free(run.pending);
    free(run.source_dir);
    free(run.source_name);
    if (fflush(stdout) != 0 && rc == CLI_OK) rc = CLI_FAILED;
    return rc;
}
