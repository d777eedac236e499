/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_search.c — `brief search`: full-text search over the stored articles,
 * newest first, each match marked (colour on a terminal, 【】 elsewhere), or
 * one JSON document (--json, docs/schema.md). */
#include "cli/cli.h"
#include "cli/cli_json.h"
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
        "usage: brief search [--db PATH] [--limit N] [--json] TEXT...\n\n"
        "Prints the articles that contain every word of TEXT (words are separated\n"
        "by spaces; each is matched as a substring, ASCII letters in either case),\n"
        "newest first: date, title, and a snippet with the match marked.\n\n"
        "  --db PATH    the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --limit N    at most N articles (default 20)\n"
        "  --json       one JSON document: {\"query\": ..., \"hits\": [...]}, unmarked\n"
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

/* The hits as one JSON document (docs/schema.md, "brief search --json"),
 * title and snippet without marks. Returns a CLI_ status. */
static int print_json(const char *db_path, const char *query, const store_hit *hits, size_t count)
{
    json_t *doc = json_object(), *list = json_array();
    int bad = !doc || !list;
    for (size_t i = 0; !bad && i < count; i++) {
        json_t *o = json_object();
        bad = !o || json_object_set_new(o, "article_id", json_integer(hits[i].article_id)) |
                    json_object_set_new(o, "issued_on", jsonstr_new(hits[i].issued_on)) |
                    json_object_set_new(o, "title", jsonstr_new(hits[i].title)) |
                    json_object_set_new(o, "snippet", jsonstr_new(hits[i].snippet));
        if (json_array_append_new(list, o) != 0) bad = 1;
    }
    if (!bad) bad = json_object_set_new(doc, "database", jsonstr_new(db_path)) |
                    json_object_set_new(doc, "query", jsonstr_new(query)) |
                    json_object_set(doc, "hits", list);
    json_decref(list);
    if (bad) {
        json_decref(doc);
        fprintf(stderr, "brief search: out of memory\n");
        return CLI_FAILED;
    }
    if (cli_json_print(doc) != 0) {
        fprintf(stderr, "brief search: cannot write the JSON document\n");
        return CLI_FAILED;
    }
    return CLI_OK;
}

int cli_search(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_arg = NULL;
    size_t limit = 20, count = 0, i;
    store_hit *hits = NULL;
    store *st = NULL;
    sbuf text = SBUF_INIT;
    char err[512];
    int c, color, rc, as_json = 0;

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
        case 'J': as_json = 1; break;
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
    color = !as_json && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    {
        store_search_options o = {text.data, limit, as_json ? "" : color ? "\033[1;31m" : "【",
                                  as_json ? "" : color ? "\033[0m" : "】"};
        rc = store_search(st, &o, &hits, &count);
    }
    if (rc != STORE_OK) {
        fprintf(stderr, "brief search: %s\n", store_errmsg(st));
        store_close(st);
        sbuf_free(&text);
        return CLI_FAILED;
    }
    if (as_json) {
        rc = print_json(cli_db_path(db_arg), text.data, hits, count);
        store_hits_free(hits, count);
        store_close(st);
        sbuf_free(&text);
        return rc;
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
