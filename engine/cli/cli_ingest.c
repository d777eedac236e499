/* cli_ingest.c — `brief ingest`: reads bulletin text files (a directory's
 * *.txt recursively, or standard input), parses each (ingest.h) with the
 * source's profile (profile.h: --profile, the file's folder, or the first
 * lines), finds its mentions (mentions.h) and stores it (store.h), one
 * transaction per file. */
#include "cli/cli.h"
#include "ingest/ingest.h"
#include "ingest/mentions.h"
#include "script/profile.h"
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
#include "util/vec.h"

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
        "                    [--encoding ENC] [--profile NAME] [--explain] PATH...\n\n"
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
        "  --profile NAME    parse with profiles/NAME.lua (or a .lua file's path); 'none':\n"
        "                    no profile. Default: the profile named like the file's folder,\n"
        "                    else the first whose match patterns find one of its first lines\n"
        "  --list-profiles   print the profiles found (name, file, description) and exit\n"
        "  --explain         print each line with its role and the rule that gave it, then\n"
        "                    the articles; nothing is stored (for writing a profile)\n"
        "  --encoding ENC    auto (default: a BOM, else UTF-8 if valid, else GB18030 or\n"
        "                    Big5, whichever reads as the more plausible Chinese), utf-8,\n"
        "                    gb18030 (also reads GBK and GB2312), big5, big5-hkscs or\n"
        "                    utf-16 (LE or BE by its BOM)\n"
        "  -h, --help        this help\n");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 when s is a real calendar date written YYYY-MM-DD. */
static int valid_date(const char *s)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, i;
    for (i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return 0;
    if (s[10]) return 0;
    y = atoi(s);
    m = atoi(s + 5);
    d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) return 0;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return 0;
    return 1;
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
    if (VEC_RESERVE(run->inputs, run->cap, run->count + 1) != 0) return -1;
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

/* The profile of set named like the folder that holds path, or NULL. */
static profile *folder_profile(const profile_set *set, const char *path)
{
    char name[256];
    const char *end = path ? strrchr(path, '/') : NULL, *start;
    if (!end || end == path) return NULL;
    for (start = end; start > path && start[-1] != '/'; start--) {}
    if ((size_t)(end - start) >= sizeof name) return NULL;
    memcpy(name, start, (size_t)(end - start));
    name[end - start] = '\0';
    return profile_set_find(set, name);
}

/* The guard of profile.h: brief run's watchdog, with ingest's words. */
static void guard_arm(double seconds, const char *message)
{
    char msg[768];
    snprintf(msg, sizeof msg, "brief ingest: %s: stopped; the bulletins not yet committed are not stored "
             "(run the command again once the profile is fixed)", message);
    cli_watchdog_arm(seconds, msg, CLI_FAILED);
}

static const profile_guard ingest_guard = {guard_arm, cli_watchdog_disarm};

typedef struct ingest_settings {
    ingest_options parse;
    const fold_map *fold;        /* traditional → simplified, for the mention matcher */
    int explain;                 /* --explain: print the roles, store nothing */
    const char *source;          /* --source or NULL */
    mentions_rules *rules;       /* gains the regions of the profiles' aliases */
    profile *one;                /* --profile NAME, or NULL */
    profile_set *profiles;       /* without --profile: every profile, for the folder and the first lines */
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

/* The profile a bulletin was parsed with, or NULL. */
static profile *bulletin_profile(const ingest_settings *set, const ingest_bulletin *b)
{
    if (!b->profile) return NULL;
    return set->one ? set->one : profile_set_find(set->profiles, b->profile);
}

/* The region whose aliases hold in a bulletin: the profile's, else the
 * first one its text names (data/mentions/orgs.txt); when the profile has
 * aliases of its own, a region of the profile's under that one. Sets
 * *out to a region index or MENTIONS_NO_REGION; -1 when memory runs out. */
static int bulletin_region(const ingest_settings *set, const profile *pf, const char *text, size_t len, int *out)
{
    int region = pf && profile_region(pf) ? mentions_region_named(set->rules, profile_region(pf))
                                          : mentions_region_find(set->rules, text, len);
    *out = region;
    if (!pf || profile_alias_count(pf) == 0) return 0;
    char name[512];
    snprintf(name, sizeof name, "profile:%s@%s", profile_name(pf),
             region >= 0 ? mentions_region_name(set->rules, region) : "");
    int own = mentions_region_named(set->rules, name);
    if (own < 0) {
        if ((own = mentions_rules_add_region(set->rules, name, region)) < 0) return -1;
        for (size_t i = 0; i < profile_alias_count(pf); i++) {
            const char *shortname, *full;
            profile_alias(pf, i, &shortname, &full);
            if (mentions_rules_add_alias(set->rules, shortname, full, own) != 0) return -1;
        }
    }
    *out = own;
    return 0;
}

/* The mentions of every article of b into ms and lists (b->article_count
 * each), found in the text folded to simplified script (util/fold.h), with
 * the aliases of the bulletin's region (bulletin_region). 0, or -1 when
 * memory runs out. */
static int bulletin_mentions(const ingest_settings *set, const ingest_bulletin *b, store_article_mentions *ms,
                             mention **lists, char **folded)
{
    const profile *pf = bulletin_profile(set, b);
    int own_region = pf && profile_region(pf);
    sbuf all = SBUF_INIT, body = SBUF_INIT;
    size_t n = b->article_count, i;
    int rc = -1;
    for (i = 0; i < n; i++) {
        const ingest_article *a = &b->articles[i];
        size_t tl = strlen(a->title), sl = a->subtitle ? strlen(a->subtitle) : 0;
        if (join_body(a, &body) != 0) goto done;
        /* title, subtitle and body folded, one after the other in one block */
        char *f = folded[i] = malloc(tl + sl + body.len + 3);
        if (!f) goto done;
        int changed = fold_text(set->fold, a->title, tl + 1, f);
        if (a->subtitle) changed |= fold_text(set->fold, a->subtitle, sl + 1, f + tl + 1);
        changed |= fold_text(set->fold, body.data ? body.data : "", body.len + 1, f + tl + sl + 2);
        ms[i].folded = changed;
        ms[i].fold_title = f;
        ms[i].fold_subtitle = a->subtitle ? f + tl + 1 : NULL;
        ms[i].fold_body = f + tl + sl + 2;
        if (!own_region) {
            sbuf_puts(&all, ms[i].fold_title);
            sbuf_putc(&all, '\n');
            sbuf_puts(&all, ms[i].fold_body);
            sbuf_putc(&all, '\n');
        }
    }
    if (sbuf_failed(&all)) goto done;
    int region;
    if (bulletin_region(set, pf, all.data ? all.data : "", all.len, &region) != 0) goto done;
    for (i = 0; i < n; i++) {
        if (mentions_extract_in(set->rules, region, ms[i].fold_title, ms[i].fold_body, &lists[i], &ms[i].count) != 0)
            goto done;
        ms[i].list = lists[i];
    }
    rc = 0;
done:
    sbuf_free(&all);
    sbuf_free(&body);
    return rc;
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
    char **folded = NULL;
    const char *source = NULL;
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
    if (!opts.profile && set->profiles) {
        /* a profile named like the file's folder: bulletins/workercn/a.txt */
        profile *pf = folder_profile(set->profiles, in->path);
        if (pf) opts.profile = profile_ingest(pf);
    }
    rc = ingest_parse(data, len, &opts, &b, why, sizeof why);
    if (rc != INGEST_OK) {
        static const char *const reasons[] = {"", "empty: no text", "not text (binary data)",
                                              "cannot be decoded", "out of memory", "bad --date",
                                              "the profile failed"};
        const char *msg = why[0] ? why : (rc > 0 && rc <= INGEST_PROFILE ? reasons[rc] : "cannot be parsed");
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

    if (set->explain) {
        progress_clear(run);
        cli_explain_print(stdout, display, b, b->profile);
        run->stored++;
        run->articles += b->article_count;
        goto done;
    }
    ms = calloc(b->article_count ? b->article_count : 1, sizeof *ms);
    lists = calloc(b->article_count ? b->article_count : 1, sizeof *lists);
    folded = calloc(b->article_count ? b->article_count : 1, sizeof *folded);
    if (!ms || !lists || !folded || bulletin_mentions(set, b, ms, lists, folded) != 0) goto nomem;
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
        store_bulletin_meta meta = {set->source ? set->source : source, in->path, (int64_t)len, NULL, b->profile};
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
    if (folded)
        for (i = 0; i < b->article_count; i++) free(folded[i]);
    free(folded);
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

/* The directories profiles come from, the user's first: <config>/profiles
 * of paths_config_dirs, then the data home's profiles/. */
static void profile_dirs(char dirs[3][PATH_MAX])
{
    char user[PATH_MAX], site[PATH_MAX];
    if (paths_config_dirs(user, sizeof user, site, sizeof site) != 0) user[0] = site[0] = '\0';
    dirs[0][0] = dirs[1][0] = dirs[2][0] = '\0';
    if (user[0]) snprintf(dirs[0], PATH_MAX, "%.*s/profiles", PATH_MAX - 10, user);
    if (site[0]) snprintf(dirs[1], PATH_MAX, "%.*s/profiles", PATH_MAX - 10, site);
    if (paths_data_file("profiles", dirs[2], PATH_MAX) != 0) dirs[2][0] = '\0';
}

/* A profile's region must be one of the mentions rules'. */
static int check_region(const profile *p, const mentions_rules *rules)
{
    if (!profile_region(p) || mentions_region_named(rules, profile_region(p)) >= 0) return 0;
    fprintf(stderr, "brief ingest: %s: region '%s' is not a region of the mentions rules (orgs.txt)\n",
            profile_path(p), profile_region(p));
    return -1;
}

/* --profile NAME|PATH|none, else every profile for the folders and the
 * first lines. 0, or -1 with the message printed. */
static int load_profiles(ingest_settings *set, const char *arg, const mentions_rules *rules)
{
    char dirs[3][PATH_MAX], err[1024], path[PATH_MAX + 300];
    const char *list[3];
    size_t i, n = strlen(arg ? arg : "");
    profile_dirs(dirs);
    for (i = 0; i < 3; i++) list[i] = dirs[i][0] ? dirs[i] : NULL;
    if (arg && strcmp(arg, "none") == 0) return 0;
    if (arg) {
        path[0] = '\0';
        if (strchr(arg, '/') || (n > 4 && strcmp(arg + n - 4, ".lua") == 0)) {
            snprintf(path, sizeof path, "%s", arg);
        } else {
            for (i = 0; i < 3 && !path[0]; i++) {
                if (!list[i]) continue;
                snprintf(path, sizeof path, "%s/%s.lua", list[i], arg);
                if (access(path, F_OK) != 0) path[0] = '\0';
            }
            if (!path[0]) {
                fprintf(stderr, "brief ingest: no profile '%s' (looked for %s.lua in", arg, arg);
                for (i = 0; i < 3; i++)
                    if (list[i]) fprintf(stderr, " %s", list[i]);
                fprintf(stderr, ")\n");
                return -1;
            }
        }
        if (!(set->one = profile_load(path, &ingest_guard, err, sizeof err))) {
            fprintf(stderr, "brief ingest: %s\n", err);
            return -1;
        }
        if (check_region(set->one, rules) != 0) return -1;
        set->parse.profile = profile_ingest(set->one);
        return 0;
    }
    if (!(set->profiles = profile_set_load(list, 3, &ingest_guard, err, sizeof err))) {
        fprintf(stderr, "brief ingest: %s\n", err);
        return -1;
    }
    for (i = 0; i < profile_set_count(set->profiles); i++)
        if (check_region(profile_set_at(set->profiles, i), rules) != 0) return -1;
    if (profile_set_count(set->profiles)) set->parse.chooser = profile_set_chooser(set->profiles);
    return 0;
}

/* --list-profiles: every profile the folders and the first lines would
 * choose from, in the order they are tried. */
static int print_profiles(void)
{
    char dirs[3][PATH_MAX], err[1024];
    const char *list[3];
    profile_dirs(dirs);
    for (int i = 0; i < 3; i++) list[i] = dirs[i][0] ? dirs[i] : NULL;
    profile_set *set = profile_set_load(list, 3, NULL, err, sizeof err);
    if (!set) {
        fprintf(stderr, "brief ingest: %s\n", err);
        return CLI_FAILED;
    }
    for (size_t i = 0; i < profile_set_count(set); i++) {
        const profile *p = profile_set_at(set, i);
        printf("%s\t%s\t%s\n", profile_name(p), profile_path(p), profile_description(p) ? profile_description(p) : "");
    }
    profile_set_destroy(set);
    return fflush(stdout) == 0 ? CLI_OK : CLI_FAILED;
}

int cli_ingest(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"date", required_argument, NULL, 't'},
        {"source", required_argument, NULL, 's'},
        {"encoding", required_argument, NULL, 'e'},
        {"explain", no_argument, NULL, 'x'},
        {"profile", required_argument, NULL, 'p'},
        {"list-profiles", no_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ingest_settings set;
    ingest_run run;
    const char *db_arg = NULL, *profile_arg = NULL;
    int list_profiles = 0;
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
        case 't':
            if (!valid_date(optarg)) {
                fprintf(stderr, "brief ingest: --date wants a date written YYYY-MM-DD, not '%s'\n", optarg);
                return CLI_USAGE;
            }
            set.parse.date = optarg;
            break;
        case 's':
            if (!*optarg) {
                fprintf(stderr, "brief ingest: --source wants a name\n");
                return CLI_USAGE;
            }
            set.source = optarg;
            break;
        case 'e':
            if (textcodec_from_name(optarg, &set.parse.encoding) != 0) {
                fprintf(stderr, "brief ingest: --encoding is auto, utf-8, gb18030, big5, big5-hkscs or utf-16, "
                        "not '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 'x':
            set.explain = 1;
            set.parse.keep_lines = 1;
            break;
        case 'p':
            if (!*optarg) {
                fprintf(stderr, "brief ingest: --profile wants a profile's name, a .lua file or none\n");
                return CLI_USAGE;
            }
            profile_arg = optarg;
            break;
        case 'L': list_profiles = 1; break;
        case 'h': ingest_usage(stdout); return CLI_OK;
        default:
            fprintf(stderr, "brief ingest: unknown option or missing value: '%s'\n", argv[optind - 1]);
            ingest_usage(stderr);
            return CLI_USAGE;
        }
    }
    if (list_profiles) return print_profiles();
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

    if (paths_config("mentions", "data/mentions", rules_dir, sizeof rules_dir, NULL) != 0) {
        fprintf(stderr, "brief ingest: cannot find the mentions rules: path too long (set BRIEF_HOME)\n");
        goto done;
    }
    rules = mentions_rules_load(rules_dir, err, sizeof err);
    if (!rules) {
        fprintf(stderr, "brief ingest: %s\n", err);
        goto done;
    }
    if (load_profiles(&set, profile_arg, rules) != 0) {
        rc = CLI_USAGE;
        goto done;
    }
    if (set.explain) {
        /* Nothing is stored: each file is parsed and printed. */
        set.rules = rules;
        for (k = 0; k < run.count; k++) ingest_one(&run, &set, k, 0);
        rc = run.failed ? CLI_FAILED : CLI_OK;
        goto done;
    }
    if (store_open(cli_db_path(db_arg), STORE_READWRITE, &set.st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "brief ingest: %s\n", err);
        goto done;
    }
    set.rules = rules;
    if (!(set.fold = store_fold(set.st))) {
        fprintf(stderr, "brief ingest: %s\n", store_errmsg(set.st));
        goto done;
    }
    mentions_rules_fold(rules, set.fold);
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
    profile_destroy(set.one);
    profile_set_destroy(set.profiles);
    for (k = 0; k < run.count; k++) free(run.inputs[k].path);
    free(run.inputs);
    free(run.pending);
    free(run.source_dir);
    free(run.source_name);
    if (fflush(stdout) != 0 && rc == CLI_OK) rc = CLI_FAILED;
    return rc;
}
