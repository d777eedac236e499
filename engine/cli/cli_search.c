/* cli_search.c — `brief search`: full-text search over the stored articles,
 * newest first, each match marked (colour on a terminal, 【】 elsewhere). */
#include "cli/cli.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/sbuf.h"

static void search_usage(FILE *to)
{
    fprintf(to,
        "usage: brief search [--db PATH] [--limit N] TEXT...\n\n"
        "Prints the articles that contain every word of TEXT (words are separated\n"
        "by spaces; each is matched as a substring, ASCII letters in either case),\n"
        "newest first: date, title, and a snippet with the match marked.\n\n"
        "  --db PATH    the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --limit N    at most N articles (default 20)\n"
        "  -h, --help   this help\n\n"
        "Words of three or more characters use the trigram index; shorter ones\n"
        "scan the articles (slower on a big database). Matches are shown bold red\n"
        "on a terminal (unless $NO_COLOR is set), else between 【 and 】.\n");
}

/* A positive count from an argument; 0 when it is not one. */
static size_t parse_count(const char *s)
{
    char *end;
    unsigned long long v;
    if (!s || *s < '0' || *s > '9') return 0;
    v = strtoull(s, &end, 10);
    if (*end || v == 0 || v > 1000000) return 0;
    return (size_t)v;
}

int cli_search(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"limit", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_arg = NULL;
    size_t limit = 20, count = 0, i;
    store_hit *hits = NULL;
    store *st = NULL;
    sbuf text = SBUF_INIT;
    char err[512];
    int c, color, rc;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "hn:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'n':
            limit = parse_count(optarg);
            if (!limit) {
                fprintf(stderr, "brief search: --limit wants a positive whole number, not '%s'\n", optarg);
                return CLI_USAGE;
            }
            break;
        case 'h': search_usage(stdout); return CLI_OK;
        default:
            fprintf(stderr, "brief search: unknown option or missing value: '%s'\n", argv[optind - 1]);
            search_usage(stderr);
            return CLI_USAGE;
        }
    }
    for (i = (size_t)optind; i < (size_t)argc; i++) {
        if (text.len) sbuf_putc(&text, ' ');
        sbuf_puts(&text, argv[i]);
    }
    if (sbuf_failed(&text)) {
        fprintf(stderr, "brief search: out of memory\n");
        sbuf_free(&text);
        return CLI_FAILED;
    }
    if (!text.len || strspn(text.data, " \t") == text.len) {
        fprintf(stderr, "brief search: nothing to search for\n");
        search_usage(stderr);
        sbuf_free(&text);
        return CLI_USAGE;
    }

    if (store_open(cli_db_path(db_arg), STORE_READONLY, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "brief search: %s\n", err);
        sbuf_free(&text);
        return CLI_FAILED;
    }
    color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    {
        store_search_options o = {text.data, limit, color ? "\033[1;31m" : "【",
                                  color ? "\033[0m" : "】"};
        rc = store_search(st, &o, &hits, &count);
    }
    if (rc != STORE_OK) {
        fprintf(stderr, "brief search: %s\n", store_errmsg(st));
        store_close(st);
        sbuf_free(&text);
        return CLI_FAILED;
    }
    for (i = 0; i < count; i++) {
        const char *date = hits[i].issued_on ? hits[i].issued_on : "(no date) ";
        if (color) printf("\033[36m%s\033[0m  %s\n", date, hits[i].title);
        else printf("%s  %s\n", date, hits[i].title);
        printf("            %s\n\n", hits[i].snippet);
    }
    if (count == 0) fprintf(stderr, "brief search: no article contains '%s'\n", text.data);
    store_hits_free(hits, count);
    store_close(st);
    sbuf_free(&text);
    return CLI_OK;
}
