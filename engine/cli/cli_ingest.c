/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_ingest.c — `brief ingest`: its arguments, its progress bar and
 * messages on the terminal, SIGINT/SIGTERM, the source profiles (profile.h:
 * --profile, the folder's, or chosen by the first lines; their regions and
 * aliases for the mentions) and --explain; the work (finding, reading,
 * parsing and storing the files in batches) is intake.h's. */
#include "cli/cli.h"
#include "cli/cli_json.h"
#include "ingest/mentions.h"
#include "ingest/textcodec.h"
#include "intake/intake.h"
#include "script/profile.h"
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
        "                    [--encoding ENC] [--profile NAME] [--explain] [--restore]\n"
        "                    [--keep-both] [--json] [--from-list FILE] [--delay S]\n"
        "                    [--timeout S] PATH|URL...\n\n"
        "Reads bulletins into the database: text files, PDFs, Word documents\n"
        "(.docx) and web pages, each known by its bytes, whatever its name: a\n"
        "PDF's text layer read with its font sizes and places on the pages, a\n"
        ".docx's paragraphs with their styles (Title, Heading N, 标题 N), tables a\n"
        "row a line, a page's main text with its headline, date and captions;\n"
        "from files or fetched from http:// and https:// addresses. A directory\n"
        "gives its *.txt, *.pdf, *.html, *.htm and *.docx files (and *.doc and\n"
        "*.wps, to refuse them by name), recursively, in sorted order (names starting\n"
        "with '.' are skipped); '-' reads standard input. Each file is stored\n"
        "whole or not at all; the same bytes again (under any name) add nothing\n"
        "(\"already stored\"). A file that cannot be used (unreadable, empty,\n"
        "binary, undecodable, over 64 MB; a PDF truncated, malformed, locked by a\n"
        "password or against copying, or with no text layer; a .docx truncated,\n"
        "encrypted, past its limits or not Word; a Word 97-2003 .doc or a WPS\n"
        "file: save it as .docx; a page nested past 256 elements; an address that\n"
        "answers an error, too slowly or with too many redirects) is reported and\n"
        "skipped; the others are stored; the exit status is then 1. What ingest\n"
        "could not decide is said on stderr as a warning naming the bulletin: a\n"
        "bulletin without a date (it is in no weekly brief), an article titled by\n"
        "its first clause, an article without a paragraph; 'brief bulletins\n"
        "--flagged' lists them again, 'brief set' corrects them. A corrected\n"
        "re-send (the same date, nearly the same text) replaces the bulletin stored\n"
        "before (\"replaces bulletin 12, 98 %% the same\"), which is kept as history;\n"
        "an article reprinted from an earlier bulletin is linked to it, so that\n"
        "reports count the story once.\n\n"
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
        "  --restore         store again files whose bulletin 'brief delete' removed\n"
        "                    (else they are refused); their other corrections are applied\n"
        "  --keep-both       store a corrected re-send beside the bulletin it would replace\n"
        "  --json            print the summary, the warnings and the errors as one JSON\n"
        "                    document on stdout (the messages still go to stderr)\n"
        "  --from-list FILE  also fetch the addresses listed in FILE, one per line ('#'\n"
        "                    comments and blank lines skipped; '-': standard input)\n"
        "  --delay S         seconds between two requests to one host (default 1)\n"
        "  --timeout S       seconds one request may take in all (default 30; connecting:\n"
        "                    at most 10); 5 redirects at most, http and https only\n"
        "  -h, --help        this help\n");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the terminal ---------------------------------------------------------- */

typedef struct ingest_profiles ingest_profiles;

/* The callbacks' user data: the terminal, and the profiles. */
typedef struct ingest_screen {
    int progress;        /* stderr is a terminal */
    json_t *warnings;    /* --json: the warnings and the errors, else NULL */
    json_t *errors;
    json_t *replaced;    /* --json: the bulletins that replaced an earlier version */
    int bar_shown;
    double drawn_s;
    ingest_profiles *profiles;
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
    ingest_screen *sc = ud;
    progress_clear(ud);
    if (sc->errors && !duplicate) {
        json_t *o = json_object();
        if (o && !json_object_set_new(o, "file", jsonstr_new(file)) && !json_object_set_new(o, "line", json_integer(line)) &&
            !json_object_set_new(o, "message", jsonstr_new(message)))
            json_array_append(sc->errors, o);
        json_decref(o);
    }
    if (!file) fprintf(stderr, "brief ingest: %s\n", message);
    else if (line > 0) fprintf(stderr, "brief ingest: %s:%ld: %s\n", file, line, message);
    else fprintf(stderr, "brief ingest: %s: %s\n", file, message);
}

/* "brief ingest: FILE: warning: message" on stderr, and in the JSON. */
static void print_warning(void *ud, const char *file, long long bulletin_id, const char *kind, long article,
                          const char *message)
{
    ingest_screen *sc = ud;
    progress_clear(ud);
    fprintf(stderr, "brief ingest: %s: warning: %s\n", file, message);
    if (sc->warnings) {
        json_t *o = json_object();
        if (o && !json_object_set_new(o, "file", jsonstr_new(file)) &&
            !json_object_set_new(o, "bulletin_id", json_integer(bulletin_id)) &&
            !json_object_set_new(o, "kind", jsonstr_new(kind)) &&
            !json_object_set_new(o, "article", article ? json_integer(article) : json_null()) &&
            !json_object_set_new(o, "message", jsonstr_new(message)))
            json_array_append(sc->warnings, o);
        json_decref(o);
    }
}

/* "brief ingest: FILE: replaces bulletin 12, 98 % the same", and in the
 * JSON. */
static void print_replaced(void *ud, const char *file, long long bulletin_id, long long replaced, int pct,
                           size_t carried, size_t skipped)
{
    ingest_screen *sc = ud;
    progress_clear(ud);
    fprintf(stderr, "brief ingest: %s: bulletin %lld replaces bulletin %lld, %d %% the same (a corrected re-send; "
            "--keep-both keeps both)", file, bulletin_id, replaced, pct);
    if (carried || skipped)
        fprintf(stderr, "; %zu of its corrections carried over%s", carried, skipped ? ", some no longer apply" : "");
    fputc('\n', stderr);
    if (sc->replaced) {
        json_t *o = json_object();
        if (o && !json_object_set_new(o, "file", jsonstr_new(file)) &&
            !json_object_set_new(o, "bulletin_id", json_integer(bulletin_id)) &&
            !json_object_set_new(o, "replaces", json_integer(replaced)) &&
            !json_object_set_new(o, "similarity", json_integer(pct)) &&
            !json_object_set_new(o, "corrections_carried", json_integer((json_int_t)carried)) &&
            !json_object_set_new(o, "corrections_skipped", json_integer((json_int_t)skipped)))
            json_array_append(sc->replaced, o);
        json_decref(o);
    }
}

/* The summary as one JSON document (docs/json.md, "brief ingest"). */
static int print_json_summary(const char *db_path, const intake_totals *t, double seconds, ingest_screen *sc)
{
    json_t *doc = json_object();
    if (!doc || json_object_set_new(doc, "database", jsonstr_new(db_path)) ||
        json_object_set_new(doc, "files", json_integer((json_int_t)t->files)) ||
        json_object_set_new(doc, "stored", json_integer((json_int_t)t->stored)) ||
        json_object_set_new(doc, "articles", json_integer((json_int_t)t->articles)) ||
        json_object_set_new(doc, "duplicates", json_integer((json_int_t)t->duplicates)) ||
        json_object_set_new(doc, "deleted", json_integer((json_int_t)t->deleted)) ||
        json_object_set_new(doc, "failed", json_integer((json_int_t)t->failed)) ||
        json_object_set_new(doc, "superseded", json_integer((json_int_t)t->superseded)) ||
        json_object_set_new(doc, "reprints", json_integer((json_int_t)t->reprints)) ||
        json_object_set(doc, "replaced", sc->replaced) ||
        json_object_set_new(doc, "bytes", json_integer((json_int_t)t->bytes_done)) ||
        json_object_set_new(doc, "seconds", json_real(seconds)) ||
        json_object_set(doc, "warnings", sc->warnings) || json_object_set(doc, "errors", sc->errors)) {
        json_decref(doc);
        fprintf(stderr, "brief ingest: out of memory\n");
        return -1;
    }
    if (cli_json_print(doc) != 0) {
        fprintf(stderr, "brief ingest: cannot write the JSON document\n");
        return -1;
    }
    return 0;
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

/* The guard of profile.h: brief run's watchdog, with ingest's words. */
static void guard_arm(double seconds, const char *message)
{
    char msg[768];
    snprintf(msg, sizeof msg, "brief ingest: %s: stopped; the bulletins not yet committed are not stored "
             "(run the command again once the profile is fixed)", message);
    cli_watchdog_arm(seconds, msg, CLI_FAILED);
}

static const profile_guard ingest_guard = {guard_arm, cli_watchdog_disarm};

/* The profiles, and the rules that gain their regions. */
struct ingest_profiles {
    profile *one;                /* --profile NAME, or NULL */
    profile_set *set;            /* without --profile: every profile, for the folders and the first lines */
    mentions_rules *rules;       /* gains the regions of the profiles' aliases */
};

/* The profile a bulletin was parsed with, or NULL. */
static profile *bulletin_profile(const ingest_profiles *ps, const ingest_bulletin *b)
{
    if (!b->profile) return NULL;
    return ps->one ? ps->one : profile_set_find(ps->set, b->profile);
}

/* intake_folder_profile_fn: the profile named like the folder. */
static const ingest_profile *folder_profile(void *ud, const char *folder)
{
    const ingest_screen *sc = ud;
    profile *p = profile_set_find(sc->profiles->set, folder);
    return p ? profile_ingest(p) : NULL;
}

/* intake_region_fn: the profile's region, else the first one the text
 * names (data/mentions/orgs.txt); when the profile has aliases of its own,
 * a region of the profile's under that one. */
static int bulletin_region(void *ud, const ingest_bulletin *b, const char *text, size_t len, int *out)
{
    const ingest_screen *sc = ud;
    const ingest_profiles *ps = sc->profiles;
    const profile *pf = bulletin_profile(ps, b);
    int region = pf && profile_region(pf) ? mentions_region_named(ps->rules, profile_region(pf))
                                          : mentions_region_find(ps->rules, text, len);
    *out = region;
    if (!pf || profile_alias_count(pf) == 0) return 0;
    char name[512];
    snprintf(name, sizeof name, "profile:%s@%s", profile_name(pf),
             region >= 0 ? mentions_region_name(ps->rules, region) : "");
    int own = mentions_region_named(ps->rules, name);
    if (own < 0) {
        if ((own = mentions_rules_add_region(ps->rules, name, region)) < 0) return -1;
        for (size_t i = 0; i < profile_alias_count(pf); i++) {
            const char *shortname, *full;
            profile_alias(pf, i, &shortname, &full);
            if (mentions_rules_add_alias(ps->rules, shortname, full, own) != 0) return -1;
        }
    }
    *out = own;
    return 0;
}

/* intake_explain_fn: --explain prints each bulletin's lines and articles. */
static void explain(void *ud, const char *file, const ingest_bulletin *b)
{
    progress_clear(ud);
    cli_explain_print(stdout, file, b, b->profile);
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
static int load_profiles(ingest_profiles *ps, intake_options *o, const char *arg)
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
        if (!(ps->one = profile_load(path, &ingest_guard, err, sizeof err))) {
            fprintf(stderr, "brief ingest: %s\n", err);
            return -1;
        }
        if (check_region(ps->one, ps->rules) != 0) return -1;
        o->profile = profile_ingest(ps->one);
        return 0;
    }
    if (!(ps->set = profile_set_load(list, 3, &ingest_guard, err, sizeof err))) {
        fprintf(stderr, "brief ingest: %s\n", err);
        return -1;
    }
    for (i = 0; i < profile_set_count(ps->set); i++)
        if (check_region(profile_set_at(ps->set, i), ps->rules) != 0) return -1;
    if (profile_set_count(ps->set)) {
        o->chooser = profile_set_chooser(ps->set);
        o->folder_profile = folder_profile;
    }
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
        {"restore", no_argument, NULL, 'R'},
        {"keep-both", no_argument, NULL, 'K'},
        {"json", no_argument, NULL, 'J'},
        {"from-list", required_argument, NULL, 'F'},
        {"delay", required_argument, NULL, 'D'},
        {"timeout", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    intake_options o;
    ingest_screen screen;
    ingest_profiles profiles;
    intake *in = NULL;
    const intake_totals *t;
    const char *db_arg = NULL, *profile_arg = NULL, *lists[16];
    size_t nlists = 0;
    char err[1024], rules_dir[PATH_MAX];
    mentions_rules *rules = NULL;
    double started_s;
    int c, i, rc = CLI_FAILED, status, list_profiles = 0, as_json = 0;

    memset(&o, 0, sizeof o);
    memset(&screen, 0, sizeof screen);
    memset(&profiles, 0, sizeof profiles);
    screen.profiles = &profiles;
    o.encoding = INGEST_ENCODING_AUTO;
    o.fetch_delay_s = INTAKE_FETCH_DELAY_S;
    o.fetch_timeout_s = INTAKE_FETCH_TIMEOUT_S;
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
            if (textcodec_from_name(optarg, &o.encoding) != 0) {
                fprintf(stderr, "brief ingest: --encoding is auto, utf-8, gb18030, big5, big5-hkscs or utf-16, "
                        "not '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 'x': o.explain = explain; break;
        case 'p':
            if (!*optarg) {
                fprintf(stderr, "brief ingest: --profile wants a profile's name, a .lua file or none\n");
                return CLI_USAGE;
            }
            profile_arg = optarg;
            break;
        case 'L': list_profiles = 1; break;
        case 'R': o.restore = 1; break;
        case 'K': o.keep_both = 1; break;
        case 'J': as_json = 1; break;
        case 'F':
            if (!*optarg || nlists == sizeof lists / sizeof lists[0]) {
                fprintf(stderr, "brief ingest: --from-list wants a file (at most %zu lists)\n",
                        sizeof lists / sizeof lists[0]);
                return CLI_USAGE;
            }
            lists[nlists++] = optarg;
            break;
        case 'D':
        case 'T': {
            char *end;
            double v = strtod(optarg, &end);
            if (end == optarg || *end || !(v >= 0 && v <= 3600) || (c == 'T' && v <= 0)) {
                fprintf(stderr, "brief ingest: --%s wants seconds, %s to 3600, not '%s'\n",
                        c == 'D' ? "delay" : "timeout", c == 'D' ? "0" : "more than 0", optarg);
                return CLI_USAGE;
            }
            if (c == 'D') o.fetch_delay_s = v;
            else o.fetch_timeout_s = v;
            break;
        }
        case 'h': ingest_usage(stdout); return CLI_OK;
        default:
            fprintf(stderr, "brief ingest: unknown option or missing value: '%s'\n", argv[optind - 1]);
            ingest_usage(stderr);
            return CLI_USAGE;
        }
    }
    if (list_profiles) return print_profiles();
    if (optind >= argc && !nlists) {
        fprintf(stderr, "brief ingest: no file given (a path, a directory, an address, or - for standard input)\n");
        ingest_usage(stderr);
        return CLI_USAGE;
    }
    screen.progress = isatty(STDERR_FILENO);
    o.db_path = cli_db_path(db_arg);
    o.report = print_report;
    o.warn = print_warning;
    o.replaced = print_replaced;
    if (as_json && !o.explain) {
        screen.warnings = json_array();
        screen.errors = json_array();
        screen.replaced = json_array();
        if (!screen.warnings || !screen.errors || !screen.replaced) goto nomem;
    }
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
    o.rules = profiles.rules = rules;
    o.region = bulletin_region;
    if (load_profiles(&profiles, &o, profile_arg) != 0) {
        rc = CLI_USAGE;
        goto done;
    }
    in = intake_new(&o);
    if (!in) goto nomem;
    /* Every argument is looked at before anything is stored, so that a typo
     * is reported up front. */
    for (i = optind; i < argc; i++)
        if (intake_add_path(in, argv[i]) != 0) goto nomem;
    for (size_t k = 0; k < nlists; k++)
        if (intake_add_list(in, lists[k]) != 0) goto nomem;
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
    if (o.explain) {
        rc = status == INTAKE_OK && t->failed == 0 ? CLI_OK : CLI_FAILED;
        goto done;
    }
    if (as_json) {
        if (print_json_summary(o.db_path, t, now_s() - started_s, &screen) != 0) goto done;
    } else if (status != INTAKE_ERROR || t->files) {
        printf("ingested %zu %s: %zu new %s, %zu %s, %zu %s, %zu failed, %.1f MB in %.1f s",
               t->files, plural(t->files, "file", "files"), t->stored, plural(t->stored, "bulletin", "bulletins"),
               t->articles, plural(t->articles, "article", "articles"), t->duplicates,
               plural(t->duplicates, "duplicate", "duplicates"), t->failed, (double)t->bytes_done / 1e6,
               now_s() - started_s);
        /* A corrected re-send says what it replaced; several say how many. */
        if (t->superseded == 1)
            printf("; replaces bulletin %lld, %d %% the same", t->last_replaced, t->last_similarity_pct);
        else if (t->superseded)
            printf("; %zu replace earlier versions", t->superseded);
        if (t->reprints)
            printf("; %zu %s an earlier story", t->reprints, plural(t->reprints, "article continues", "articles continue"));
        printf("\n");
        if (t->warnings || t->deleted) {
            printf("%zu %s (above: 'brief bulletins --flagged' lists them)", t->warnings,
                   plural(t->warnings, "warning", "warnings"));
            if (t->deleted) printf(", %zu refused as deleted (--restore stores them)", t->deleted);
            printf("\n");
        }
    }
    rc = status == INTAKE_OK && t->failed == 0 ? CLI_OK : CLI_FAILED;
    goto done;
nomem:
    fprintf(stderr, "brief ingest: out of memory\n");
done:
    progress_clear(&screen);
    json_decref(screen.warnings);
    json_decref(screen.errors);
    json_decref(screen.replaced);
    intake_free(in);
    mentions_rules_destroy(rules);
    profile_destroy(profiles.one);
    profile_set_destroy(profiles.set);
    if (fflush(stdout) != 0 && rc == CLI_OK) rc = CLI_FAILED;
    return rc;
}
