/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_review.c — the review of what ingest decided: `brief bulletins` (the
 * list, with flags), `brief show` (one bulletin as stored) and the
 * corrections `brief set`, `brief join`, `brief split` and `brief delete`.
 * Arguments and printing only: the work is store/review.h's. */
#include "cli/cli.h"
#include "cli/cli_json.h"
#include "cli/tabulate.h"
#include "store/review.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/dates.h"
#include "util/sbuf.h"
#include "util/utf8.h"

/* A paragraph shown by `brief show` without --full: its first characters. */
#define SHOW_PARAGRAPH_CHARS 60

/* A bulletin id or an article/paragraph number: a whole number >= 1, else 0. */
static long long parse_id(const char *s)
{
    char *end;
    long long v;
    if (!s || *s < '0' || *s > '9') return 0;
    v = strtoll(s, &end, 10);
    return *end || v < 1 || v > (1LL << 53) ? 0 : v;
}

/* Unknown option: the message and the usage, CLI_USAGE. */
static int bad_option(const char *cmd, const char *arg, void (*usage)(FILE *))
{
    fprintf(stderr, "brief %s: unknown option or missing value: '%s'\n", cmd, arg);
    usage(stderr);
    return CLI_USAGE;
}

/* ---- brief bulletins ---------------------------------------------------------- */

static void bulletins_usage(FILE *to)
{
    fprintf(to,
        "usage: brief bulletins [--db PATH] [--undated] [--since YYYY-MM-DD]\n"
        "                       [--source NAME] [--flagged] [--limit N] [--json]\n\n"
        "Lists the stored bulletins, by issue date (undated last): id, date, where\n"
        "the date came from (date_source), source, file, articles, encoding and\n"
        "flags: undated (in no weekly brief), superseded (a corrected re-send\n"
        "replaced it), weak-title (an article titled by its first clause),\n"
        "weak-split (an article without a paragraph), corrected.\n\n"
        "  --db PATH      the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --undated      only bulletins without a date\n"
        "  --since DATE   only bulletins issued on or after DATE\n"
        "  --source NAME  only bulletins of this source\n"
        "  --flagged      only bulletins with something to review (a flag but corrected)\n"
        "  --limit N      at most N bulletins\n"
        "  --json         one JSON array of objects, one per bulletin\n"
        "  -h, --help     this help\n\n"
        "'brief show ID' prints one; 'brief set', 'join', 'split', 'delete' correct it.\n");
}

int cli_bulletins(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"undated", no_argument, NULL, 'u'},
        {"since", required_argument, NULL, 's'},
        {"source", required_argument, NULL, 'S'},
        {"flagged", no_argument, NULL, 'f'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    store_bulletins_filter f = {0, NULL, NULL, 0, 0};
    const char *db_arg = NULL;
    store *st = NULL;
    tabulate *t = NULL;
    char err[512];
    int c, as_json = 0, rc = CLI_FAILED;
    long day;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'u': f.undated = 1; break;
        case 's':
            if (dates_parse(optarg, &day) != 0) {
                fprintf(stderr, "brief bulletins: --since wants a date written YYYY-MM-DD, not '%s'\n", optarg);
                return CLI_USAGE;
            }
            f.since = optarg;
            break;
        case 'S': f.source = optarg; break;
        case 'f': f.flagged = 1; break;
        case 'n':
            if (!(f.limit = parse_id(optarg))) {
                fprintf(stderr, "brief bulletins: --limit wants a positive whole number, not '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 'J': as_json = 1; break;
        case 'h': bulletins_usage(stdout); return CLI_OK;
        default: return bad_option("bulletins", argv[optind - 1], bulletins_usage);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "brief bulletins: unexpected argument '%s'\n", argv[optind]);
        bulletins_usage(stderr);
        return CLI_USAGE;
    }
    if (store_open(cli_db_path(db_arg), STORE_READONLY, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "brief bulletins: %s\n", err);
        return CLI_FAILED;
    }
    t = tabulate_new(as_json ? TABULATE_JSON : TABULATE_TABLE, stdout);
    if (!t) {
        fprintf(stderr, "brief bulletins: out of memory\n");
        goto done;
    }
    if (store_bulletins_list(st, &f, tabulate_row, t) != STORE_OK) {
        fprintf(stderr, "brief bulletins: %s\n", store_errmsg(st));
        goto done;
    }
    if (tabulate_finish(t) != 0) {
        fprintf(stderr, "brief bulletins: out of memory\n");
        goto done;
    }
    rc = CLI_OK;
done:
    tabulate_free(t);
    store_close(st);
    if (fflush(stdout) != 0 && rc == CLI_OK) rc = CLI_FAILED;
    return rc;
}

/* ---- brief show --------------------------------------------------------------- */

static void show_usage(FILE *to)
{
    fprintf(to,
        "usage: brief show [--db PATH] [--full] [--json] ID\n\n"
        "Prints bulletin ID as stored: its date and the rule that gave it, source,\n"
        "file, encoding, profile and flags; each article's title with the rule\n"
        "behind it, subtitle, author, source, credit, paragraphs (their first\n"
        "60 characters) and captions; then the corrections made to it.\n\n"
        "  --db PATH    the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --full       paragraphs whole\n"
        "  --json       one JSON document: {\"bulletin\": {...}, \"articles\": [...],\n"
        "               \"corrections\": [...]}, paragraphs whole\n"
        "  -h, --help   this help\n");
}

/* The value of column name in a row, or NULL (missing or SQL NULL). */
static const store_value *col(size_t ncols, const char *const *names, const store_value *row, const char *name)
{
    for (size_t i = 0; i < ncols; i++)
        if (strcmp(names[i], name) == 0) return row[i].type == STORE_TYPE_NULL ? NULL : &row[i];
    return NULL;
}

static const char *col_text(size_t ncols, const char *const *names, const store_value *row, const char *name)
{
    const store_value *v = col(ncols, names, row, name);
    return v && v->type == STORE_TYPE_TEXT ? v->bytes : NULL;
}

static long long col_int(size_t ncols, const char *const *names, const store_value *row, const char *name)
{
    const store_value *v = col(ncols, names, row, name);
    return v && v->type == STORE_TYPE_INTEGER ? v->integer : 0;
}

static json_t *value_json(const store_value *v)
{
    switch (v->type) {
    case STORE_TYPE_INTEGER: return json_integer((json_int_t)v->integer);
    case STORE_TYPE_REAL: return json_real(v->real);
    case STORE_TYPE_TEXT: return jsonstr_newn(v->bytes, v->len);
    default: return json_null();
    }
}

static json_t *row_json(size_t ncols, const char *const *names, const store_value *row, const char *skip)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < ncols; i++)
        if ((!skip || strcmp(names[i], skip) != 0) && json_object_set_new(o, names[i], value_json(&row[i])) != 0) {
            json_decref(o);
            return NULL;
        }
    return o;
}

typedef struct show_state {
    int full;
    json_t *doc, *articles, *corrections, *article;   /* --json */
    int failed;
    int corrections_seen;
} show_state;

static void print_shortened(const char *s, size_t len, int full)
{
    size_t chars = utf8_length(s, len);
    if (full || chars <= SHOW_PARAGRAPH_CHARS) {
        printf("%.*s", (int)len, s);
        return;
    }
    size_t cut = utf8_offset(s, len, SHOW_PARAGRAPH_CHARS - 1);
    printf("%.*s… (%zu characters)", (int)cut, s, chars);
}

static int show_part_json(show_state *sh, const char *part, size_t ncols, const char *const *names,
                          const store_value *row)
{
    if (strcmp(part, "bulletin") == 0) {
        json_t *b = row_json(ncols, names, row, NULL);
        if (!b || json_object_set_new(sh->doc, "bulletin", b)) sh->failed = 1;
    } else if (strcmp(part, "article") == 0) {
        json_t *a = row_json(ncols, names, row, NULL);
        if (!a || json_object_set_new(a, "paragraphs", json_array()) || json_object_set_new(a, "captions", json_array()) ||
            json_array_append_new(sh->articles, a))
            sh->failed = 1;
        sh->article = a;
    } else if (strcmp(part, "paragraph") == 0 || strcmp(part, "caption") == 0) {
        json_t *p = row_json(ncols, names, row, "article");
        json_t *list = sh->article ? json_object_get(sh->article, part[0] == 'p' ? "paragraphs" : "captions") : NULL;
        if (!p || !list || json_array_append_new(list, p)) sh->failed = 1;
    } else {
        json_t *c = row_json(ncols, names, row, NULL);
        if (!c || json_array_append_new(sh->corrections, c)) sh->failed = 1;
    }
    return sh->failed;
}

static int show_part(void *ud, const char *part, size_t ncols, const char *const *names, const store_value *row)
{
    show_state *sh = ud;
    if (sh->doc) return show_part_json(sh, part, ncols, names, row);
#define T(name) col_text(ncols, names, row, name)
#define I(name) col_int(ncols, names, row, name)
    if (strcmp(part, "bulletin") == 0) {
        const char *flags = T("flags");
        printf("bulletin %lld\n", I("id"));
        if (T("issued_on"))
            printf("  date        %s%s (%s)\n", T("issued_on"),
                   T("date_precision") && strcmp(T("date_precision"), "month") == 0 ? ", the month only" : "",
                   T("date_source") ? T("date_source") : "?");
        else
            printf("  date        none: in no weekly brief ('brief set %lld --date YYYY-MM-DD')\n", I("id"));
        printf("  source      %s\n", T("source") ? T("source") : "-");
        printf("  file        %s (%lld bytes, %s)\n", T("file_name") ? T("file_name") : "(stdin)", I("bytes"),
               T("encoding") ? T("encoding") : "?");
        printf("  sha256      %s\n", T("sha256") ? T("sha256") : "");
        if (T("profile")) printf("  profile     %s\n", T("profile"));
        if (T("url")) printf("  url         %s\n", T("url"));
        printf("  ingested    %s\n", T("ingested_at") ? T("ingested_at") : "");
        printf("  articles    %lld (%lld lines of page furniture dropped, %lld paragraphs rejoined)\n",
               I("articles"), I("furniture_lines"), I("joined_breaks"));
        printf("  flags       %s\n", flags && *flags ? flags : "none");
        if (I("superseded_by"))
            printf("  superseded  by bulletin %lld, a corrected re-send ('brief show %lld')\n", I("superseded_by"),
                   I("superseded_by"));
        if (T("supersedes")) printf("  replaces    bulletin %s (an earlier version, kept as history)\n", T("supersedes"));
    } else if (strcmp(part, "article") == 0) {
        const char *weak = T("weak");
        printf("\narticle %lld  %s\n", I("seq"), T("title") ? T("title") : "");
        printf("  title by    %s%s%s\n", T("title_rule") ? T("title_rule") : "(stored before brief recorded it)",
               weak && *weak ? "; weak: " : "", weak && *weak ? weak : "");
        if (T("subtitle")) printf("  subtitle    %s\n", T("subtitle"));
        if (T("author")) printf("  author      %s\n", T("author"));
        if (T("source_name")) printf("  source      %s\n", T("source_name"));
        if (T("credit")) printf("  credit      %s\n", T("credit"));
        printf("  paragraphs  %lld (%lld characters)\n", I("paragraphs"), I("chars"));
        if (I("story"))
            printf("  story       continues article id %lld of bulletin %lld, %lld %% the same\n", I("story"),
                   I("story_bulletin"), I("story_match"));
    } else if (strcmp(part, "paragraph") == 0) {
        const store_value *v = col(ncols, names, row, "text");
        printf("  %3lld  ", I("seq"));
        print_shortened(v ? v->bytes : "", v ? v->len : 0, sh->full);
        printf("\n");
    } else if (strcmp(part, "caption") == 0) {
        printf("  caption %lld  %s\n", I("seq"), T("text") ? T("text") : "");
    } else {
        if (!sh->corrections_seen++) printf("\ncorrections\n");
        printf("  #%lld %s by %s: %s", I("id"), T("made_at"), T("made_by"), T("action"));
        if (I("article")) printf(" article %lld", I("article"));
        if (I("paragraph")) printf(" at paragraph %lld", I("paragraph"));
        if (T("old_value") || T("new_value"))
            printf(": %s%s%s -> %s%s%s", T("old_value") ? "'" : "", T("old_value") ? T("old_value") : "none",
                   T("old_value") ? "'" : "", T("new_value") ? "'" : "", T("new_value") ? T("new_value") : "none",
                   T("new_value") ? "'" : "");
        if (I("carried_from")) printf(" (carried from correction #%lld)", I("carried_from"));
        printf("\n");
    }
#undef T
#undef I
    return 0;
}

int cli_show(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"full", no_argument, NULL, 'f'},
        {"json", no_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_arg = NULL;
    show_state sh;
    store *st = NULL;
    char err[512];
    int c, as_json = 0, rc = CLI_FAILED;
    long long id;

    memset(&sh, 0, sizeof sh);
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'f': sh.full = 1; break;
        case 'J': as_json = 1; break;
        case 'h': show_usage(stdout); return CLI_OK;
        default: return bad_option("show", argv[optind - 1], show_usage);
        }
    }
    if (optind + 1 != argc || !(id = parse_id(argv[optind]))) {
        if (optind < argc) fprintf(stderr, "brief show: wants one bulletin id (a number >= 1), not '%s'%s\n",
                                   argv[optind], optind + 1 < argc ? " and more" : "");
        else fprintf(stderr, "brief show: which bulletin? ('brief bulletins' lists them)\n");
        show_usage(stderr);
        return CLI_USAGE;
    }
    if (store_open(cli_db_path(db_arg), STORE_READONLY, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "brief show: %s\n", err);
        return CLI_FAILED;
    }
    if (as_json) {
        sh.doc = json_object();
        sh.articles = json_array();
        sh.corrections = json_array();
        if (!sh.doc || !sh.articles || !sh.corrections) sh.failed = 1;
    }
    if (store_bulletin_show(st, id, show_part, &sh) != STORE_OK) {
        fprintf(stderr, "brief show: %s\n", store_errmsg(st));
        goto done;
    }
    if (as_json) {
        if (sh.failed || json_object_set(sh.doc, "articles", sh.articles) ||
            json_object_set(sh.doc, "corrections", sh.corrections)) {
            fprintf(stderr, "brief show: out of memory\n");
            goto done;
        }
        json_t *doc = sh.doc;
        sh.doc = NULL;
        if (cli_json_print(doc) != 0) {
            fprintf(stderr, "brief show: cannot write the JSON document\n");
            goto done;
        }
    }
    rc = CLI_OK;
done:
    json_decref(sh.doc);
    json_decref(sh.articles);
    json_decref(sh.corrections);
    store_close(st);
    if (fflush(stdout) != 0 && rc == CLI_OK) rc = CLI_FAILED;
    return rc;
}

/* ---- corrections ---------------------------------------------------------------- */

/* Makes the corrections of one command (at most 64), all or none, and
 * says what each did. */
static int correct_all(const char *cmd, const char *db_arg, store_correction *fixes, size_t n)
{
    store *st = NULL;
    char err[512], who[128];
    int64_t ids[64];
    int rc = CLI_OK;
    if (n > 64) n = 64;
    if (store_review_open(cli_db_path(db_arg), &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "brief %s: %s\n", cmd, err);
        return CLI_FAILED;
    }
    store_review_who(who, sizeof who);
    for (size_t i = 0; i < n; i++) fixes[i].who = who;
    if (store_correct(st, fixes, n, ids) != STORE_OK) {
        fprintf(stderr, "brief %s: %s (nothing was changed)\n", cmd, store_errmsg(st));
        rc = CLI_FAILED;
    } else {
        for (size_t i = 0; i < n; i++)
            printf("bulletin %lld: correction #%lld recorded\n", (long long)fixes[i].bulletin_id, (long long)ids[i]);
    }
    store_close(st);
    if (fflush(stdout) != 0 && rc == CLI_OK) rc = CLI_FAILED;
    return rc;
}

static void set_usage(FILE *to)
{
    fprintf(to,
        "usage: brief set [--db PATH] ID [--date YYYY-MM-DD] [--source NAME]\n"
        "                 [--article N (--title TEXT | --subtitle TEXT)...]\n\n"
        "Corrects what ingest decided about bulletin ID. The changes are made in\n"
        "one transaction (all or none) that updates the full-text index and the\n"
        "mentions, and each is recorded (who, when, the old and the new value:\n"
        "'brief show ID' lists them). Corrections are applied again when the same file is stored again\n"
        "(after 'brief delete', with 'brief ingest --restore'), and carried to a\n"
        "corrected re-send that replaces the bulletin.\n\n"
        "  --db PATH        the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --date DATE      the issue date (YYYY-MM-DD): the bulletin joins that week\n"
        "  --source NAME    where it came from\n"
        "  --article N      the article the next --title or --subtitle is about\n"
        "  --title TEXT     article N's title\n"
        "  --subtitle TEXT  article N's subtitle ('' removes it)\n"
        "  -h, --help       this help\n");
}

int cli_set(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"date", required_argument, NULL, 't'},
        {"source", required_argument, NULL, 's'},
        {"article", required_argument, NULL, 'a'},
        {"title", required_argument, NULL, 'T'},
        {"subtitle", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    store_correction fixes[64];
    const char *db_arg = NULL;
    size_t n = 0;
    long article = 0;
    long long id = 0;
    int c;

    opterr = 0;
    /* The id may come first or last: options are read in order, since a
     * --title belongs to the --article before it. */
    while ((c = getopt_long(argc, argv, "-h", longopts, NULL)) != -1) {
        if (c == 1) {
            if (id || !(id = parse_id(optarg))) {
                fprintf(stderr, "brief set: %s '%s'\n", id ? "one bulletin at a time, not also" :
                        "wants a bulletin id (a number >= 1), not", optarg);
                return CLI_USAGE;
            }
            continue;
        }
        if (c == 'h') { set_usage(stdout); return CLI_OK; }
        if (c == 'd') { db_arg = optarg; continue; }
        if (c == 'a') {
            if (!(article = (long)parse_id(optarg))) {
                fprintf(stderr, "brief set: --article wants an article number (1 is the first), not '%s'\n", optarg);
                return CLI_USAGE;
            }
            continue;
        }
        if (c != 't' && c != 's' && c != 'T' && c != 'S') return bad_option("set", argv[optind - 1], set_usage);
        if (n == sizeof fixes / sizeof fixes[0]) {
            fprintf(stderr, "brief set: too many changes at once\n");
            return CLI_USAGE;
        }
        if ((c == 'T' || c == 'S') && !article) {
            fprintf(stderr, "brief set: --%s needs --article N before it (which article?)\n",
                    c == 'T' ? "title" : "subtitle");
            return CLI_USAGE;
        }
        if (c == 't') {
            long day;
            if (dates_parse(optarg, &day) != 0) {
                fprintf(stderr, "brief set: --date wants a date written YYYY-MM-DD, not '%s'\n", optarg);
                return CLI_USAGE;
            }
        }
        store_correction *f = &fixes[n++];
        memset(f, 0, sizeof *f);
        f->kind = c == 't' ? STORE_FIX_DATE : c == 's' ? STORE_FIX_SOURCE : c == 'T' ? STORE_FIX_TITLE
                                                                                    : STORE_FIX_SUBTITLE;
        f->article = c == 'T' || c == 'S' ? article : 0;
        f->value = optarg;
    }
    if (!id) {
        fprintf(stderr, "brief set: which bulletin? ('brief bulletins' lists them)\n");
        set_usage(stderr);
        return CLI_USAGE;
    }
    if (!n) {
        fprintf(stderr, "brief set: nothing to change (--date, --source, --article N --title ...)\n");
        set_usage(stderr);
        return CLI_USAGE;
    }
    for (size_t i = 0; i < n; i++) fixes[i].bulletin_id = id;
    return correct_all("set", db_arg, fixes, n);
}

static void join_usage(FILE *to)
{
    fprintf(to,
        "usage: brief join [--db PATH] ID N\n\n"
        "Makes article N of bulletin ID and the article after it one article (ingest\n"
        "split one at a line it took for a title): the second one's title, and its\n"
        "subtitle, become paragraphs between the two bodies, its captions follow.\n"
        "One transaction, recorded like 'brief set'.\n\n"
        "  --db PATH    the database (default $BRIEF_DB, else ./brief.db)\n"
        "  -h, --help   this help\n");
}

static void split_usage(FILE *to)
{
    fprintf(to,
        "usage: brief split [--db PATH] [--title TEXT] ID N P\n\n"
        "Cuts article N of bulletin ID before its paragraph P (2 or more): the\n"
        "paragraphs from P on become a new article after it (ingest missed a\n"
        "title). Its title is paragraph P itself, which leaves the body, unless\n"
        "--title gives one. One transaction, recorded like 'brief set'.\n\n"
        "  --db PATH     the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --title TEXT  the new article's title (paragraph P then stays its first)\n"
        "  -h, --help    this help\n");
}

static void delete_usage(FILE *to)
{
    fprintf(to,
        "usage: brief delete [--db PATH] ID...\n\n"
        "Deletes bulletins with their articles, mentions and index entries, each\n"
        "in one transaction, recorded like 'brief set'. Ingesting the same file\n"
        "again is then refused ('deleted by a correction'); 'brief ingest\n"
        "--restore' stores it again, with its other corrections.\n\n"
        "  --db PATH    the database (default $BRIEF_DB, else ./brief.db)\n"
        "  -h, --help   this help\n");
}

/* join, split and delete: options, then numbers. */
static int numbers_command(int argc, char **argv, const char *cmd, void (*usage)(FILE *), size_t want,
                           long long *nums, size_t *count, const char **db_arg, const char **title)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"title", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') { usage(stdout); return CLI_OK + 100; }
        if (c == 'd') *db_arg = optarg;
        else if (c == 'T' && title) *title = optarg;
        else return bad_option(cmd, argv[optind - 1], usage);
    }
    *count = 0;
    for (int i = optind; i < argc; i++) {
        long long v = parse_id(argv[i]);
        if (!v || *count == 64) {
            fprintf(stderr, "brief %s: '%s' is not %s\n", cmd, argv[i],
                    v ? "wanted: at most 64 at once" : "a number >= 1 (ids and numbers start at 1)");
            return CLI_USAGE;
        }
        nums[(*count)++] = v;
    }
    if (want ? *count != want : *count == 0) {
        fprintf(stderr, "brief %s: wants %s\n", cmd, want == 2 ? "a bulletin id and an article number" :
                want == 3 ? "a bulletin id, an article number and a paragraph number" : "bulletin ids");
        usage(stderr);
        return CLI_USAGE;
    }
    return -1;
}

int cli_join(int argc, char **argv)
{
    long long nums[64];
    size_t count;
    const char *db_arg = NULL;
    int rc = numbers_command(argc, argv, "join", join_usage, 2, nums, &count, &db_arg, NULL);
    if (rc >= 0) return rc == CLI_OK + 100 ? CLI_OK : rc;
    store_correction f = {STORE_FIX_JOIN, nums[0], (long)nums[1], 0, NULL, NULL};
    return correct_all("join", db_arg, &f, 1);
}

int cli_split(int argc, char **argv)
{
    long long nums[64];
    size_t count;
    const char *db_arg = NULL, *title = NULL;
    int rc = numbers_command(argc, argv, "split", split_usage, 3, nums, &count, &db_arg, &title);
    if (rc >= 0) return rc == CLI_OK + 100 ? CLI_OK : rc;
    store_correction f = {STORE_FIX_SPLIT, nums[0], (long)nums[1], (long)nums[2], title, NULL};
    return correct_all("split", db_arg, &f, 1);
}

int cli_delete(int argc, char **argv)
{
    long long nums[64];
    store_correction fixes[64];
    size_t count;
    const char *db_arg = NULL;
    int rc = numbers_command(argc, argv, "delete", delete_usage, 0, nums, &count, &db_arg, NULL);
    if (rc >= 0) return rc == CLI_OK + 100 ? CLI_OK : rc;
    for (size_t i = 0; i < count; i++) {
        memset(&fixes[i], 0, sizeof fixes[i]);
        fixes[i].kind = STORE_FIX_DELETE;
        fixes[i].bulletin_id = nums[i];
    }
    return correct_all("delete", db_arg, fixes, count);
}
