/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ingest.c — the bulletin parser's entry points (contract in ingest.h):
 * bytes → decoded text (textcodec.c) → lines (lines.c) → roles (roles.c,
 * with the profile's callbacks between the passes) → articles (assemble.c)
 * → their metadata (meta.c) → the date (datefind.c). Every pass is linear in
 * the number of lines. */
#include "ingest/ingest.h"
#include "ingest/ingest_internal.h"
#include "ingest/textcodec.h"
#include "util/sha256.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SET_ERR(...) do { if (errlen) snprintf(err, errlen, __VA_ARGS__); } while (0)

static const char *const role_names[INGEST_ROLE_COUNT] = {
    "blank", "furniture", "masthead", "meta", "dateline", "byline", "kicker", "headline", "subtitle",
    "caption", "credit", "list-item", "text", "signature"};

const char *ingest_role_name(int role)
{
    return role >= 0 && role < INGEST_ROLE_COUNT ? role_names[role] : "?";
}

int ingest_role_from_name(const char *name)
{
    for (int i = 0; name && i < INGEST_ROLE_COUNT; i++)
        if (strcmp(name, role_names[i]) == 0) return i;
    return -1;
}

int ingest_article_weak(const char *title_rule, size_t paragraph_count)
{
    return (title_rule && strcmp(title_rule, "first-clause") == 0 ? INGEST_WEAK_TITLE : 0) |
           (paragraph_count == 0 ? INGEST_WEAK_SPLIT : 0);
}

void ingest_bulletin_destroy(ingest_bulletin *bulletin)
{
    if (!bulletin) return;
    for (size_t i = 0; i < bulletin->article_count; i++) {
        ingest_article *a = &bulletin->articles[i];
        free(a->title);
        free(a->subtitle);
        for (size_t k = 0; k < a->paragraph_count; k++) free(a->paragraphs[k]);
        free(a->paragraphs);
        for (size_t k = 0; k < a->caption_count; k++) free(a->captions[k]);
        free(a->captions);
        free(a->author);
        free(a->source);
        free(a->credit);
    }
    for (size_t i = 0; i < bulletin->line_count; i++) free(bulletin->lines[i].text);
    free(bulletin->lines);
    free(bulletin->articles);
    free(bulletin->issued_on);
    free(bulletin->url);
    free(bulletin);
}

static void parser_free(parser *p)
{
    free(p->lines);
    free(p->content);
    free(p->brk);
    free(p->block_start);
    free(p->segs);
    free(p->dates);
    meta_fields_free(&p->page);
    for (size_t i = 0; p->art_meta && p->b && i < p->b->article_count; i++) meta_fields_free(&p->art_meta[i]);
    free(p->art_meta);
    free(p->art_first_line);
}

/* A lead that opens an article's first paragraph: "本报讯(记者 韩旭)",
 * "本报讯 (记者 蒲晓 实习生 秦悦)", "【本刊訊 86.01】", "【某某社記者林雅雯
 * 六月廿一日臺北報導】": its names are the author, its 民國 year and month
 * (86.01) the dateline. */
static int read_lead(parser *p, const pline *l, size_t line, meta_fields *m)
{
    const char *s = l->s;
    size_t len = l->len < 240 ? l->len : 240, open = (size_t)-1, close = (size_t)-1, pos = 0;
    int news = 0;
    while (pos < len) {
        uint32_t c;
        size_t n = utf8_decode(s + pos, len - pos, &c);
        if (c == 0x8BAF || c == 0x8A0A) news = 1;   /* 讯 訊 */
        if ((c == '(' || c == 0xFF08 || c == 0x3010) && open == (size_t)-1 && (news || pos == 0)) open = pos + n;
        else if ((c == ')' || c == 0xFF09 || c == 0x3011) && open != (size_t)-1) { close = pos; break; }
        pos += n;
        if (open == (size_t)-1 && utf8_length(s, pos) > 12) break;
    }
    if (open == (size_t)-1) return 0;
    if (close == (size_t)-1) close = open + (len - open < 30 ? len - open : 30);
    if (close > len) close = len;
    /* the ROC year and month of a periodical's dateline: 86.01 */
    dates_match d;
    if (news && dates_find(s, close, 0, DATES_FIND_ROC_DOT, &d) && datefind_add(p, &d, DATE_DATELINE, 0, line) < 0)
        return -1;
    /* names after 记者/記者/通讯员 inside the brackets */
    static const char *const roles[] = {"记者", "記者", "通讯员", "通訊員", "实习生", "實習生"};
    int named = 0;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0] && !named; i++)
        if (memmem(s + open, close - open, roles[i], strlen(roles[i]))) named = 1;
    if (!named) return 0;
    return meta_byline_names(s + open, close - open, m);
}

static int copy_str(char **dst, const char *src)
{
    if (*dst || !src) return 0;
    *dst = strdup(src);
    return *dst ? 0 : -1;
}

/* Reads the metadata of the lines into the articles and the page, and the
 * dates into the candidates. */
static int collect_meta(parser *p)
{
    ingest_bulletin *b = p->b;
    size_t art = (size_t)-1, i;
    int lead_read = 0;
    for (i = 0; i < p->nlines; i++) {
        const pline *l = &p->lines[i];
        while (art + 1 < b->article_count && p->art_first_line[art + 1] <= i) { art++; lead_read = 0; }
        meta_fields *m = art == (size_t)-1 ? &p->page : &p->art_meta[art];
        int before_title = art == (size_t)-1;
        dates_match d;
        switch (l->role) {
        case INGEST_ROLE_META:
        case INGEST_ROLE_MASTHEAD:
        case INGEST_ROLE_BYLINE:
            if (meta_read_line(p, i, m, before_title) < 0) return -1;
            break;
        case INGEST_ROLE_HEADLINE:
            /* The month of a 大事记, 112年3月大事紀要. */
            if (dates_find(l->s, l->len, 0, DATES_FIND_MONTH, &d) && datefind_add(p, &d, DATE_HEADLINE, 0, i) < 0)
                return -1;
            break;
        case INGEST_ROLE_DATELINE:
            if (dates_find(l->s, l->len, 0, 0, &d) && datefind_add(p, &d, DATE_DATELINE, 0, i) < 0) return -1;
            break;
        case INGEST_ROLE_SIGNATURE:
            /* A notice's date at its foot. */
            if (l->rule && strcmp(l->rule, "signature-date") == 0 && dates_find(l->s, l->len, 0, 0, &d) &&
                datefind_add(p, &d, DATE_DATELINE, 1, i) < 0)
                return -1;
            break;
        case INGEST_ROLE_TEXT:
            if (!lead_read && art != (size_t)-1) {
                lead_read = 1;
                if (read_lead(p, l, i, m) < 0) return -1;
            }
            break;
        default:
            break;
        }
    }
    /* What the page says applies to every article that says nothing. */
    for (i = 0; i < b->article_count; i++) {
        ingest_article *a = &b->articles[i];
        meta_fields *m = &p->art_meta[i];
        if (copy_str(&a->author, m->author) < 0 || copy_str(&a->source, m->source ? m->source : p->page.source) < 0)
            return -1;
        if (!b->url && copy_str(&b->url, m->url) < 0) return -1;
    }
    if (!b->url && copy_str(&b->url, p->page.url) < 0) return -1;
    if (p->hints) {
        if (!b->url && copy_str(&b->url, p->hints->url) < 0) return -1;
        for (i = 0; i < b->article_count; i++) {
            if (copy_str(&b->articles[i].source, p->hints->source) < 0 ||
                copy_str(&b->articles[i].author, p->hints->author) < 0)
                return -1;
        }
    }
    return 0;
}

static int keep_lines(parser *p)
{
    ingest_bulletin *b = p->b;
    b->lines = calloc(p->nlines ? p->nlines : 1, sizeof *b->lines);
    if (!b->lines) return -1;
    for (size_t i = 0; i < p->nlines; i++) {
        const pline *l = &p->lines[i];
        ingest_line_result *r = &b->lines[b->line_count];
        r->text = malloc(l->len + 1);
        if (!r->text) return -1;
        memcpy(r->text, l->s, l->len);
        r->text[l->len] = '\0';
        r->lineno = l->lineno;
        r->role = l->role;
        r->rule = l->rule;
        b->line_count++;
    }
    return 0;
}

static int parse(parser *p, const ingest_line *in, size_t count, char *err, size_t errlen)
{
    const ingest_profile *pr = p->opt->profile;
    size_t furniture = 0, i;
    if (lines_load(p, in, count) < 0) goto nomem;
    lines_page_numbers(p, &furniture);
    roles_lines(p);
    if (lines_running_heads(p, &furniture) < 0) goto nomem;
    roles_footer(p);
    if (pr && pr->lines && roles_profile(p, pr->lines, pr->ctx, err, errlen) < 0) return INGEST_PROFILE;
    if (assemble_segments(p) < 0) goto nomem;
    if (p->nsegs == 0) {
        SET_ERR(furniture ? "no text besides page numbers and running heads" : "no text");
        return INGEST_EMPTY;
    }
    roles_segments(p);
    if (pr && pr->hook && roles_profile(p, pr->hook, pr->ctx, err, errlen) < 0) return INGEST_PROFILE;
    if (assemble_articles(p) < 0) goto nomem;
    size_t paragraphs = 0;
    for (i = 0; i < p->b->article_count; i++) paragraphs += p->b->articles[i].paragraph_count;
    if (paragraphs == 0) {
        SET_ERR(p->b->article_count ? "no article: only headline-like lines, no paragraph" : "no article in the text");
        return INGEST_EMPTY;
    }
    for (i = 0; i < p->nlines; i++)
        if (p->lines[i].role == INGEST_ROLE_FURNITURE || p->lines[i].role == INGEST_ROLE_META) p->b->furniture_lines++;
    if (collect_meta(p) < 0 || datefind_resolve(p) < 0) goto nomem;
    if (p->opt->keep_lines && keep_lines(p) < 0) goto nomem;
    return INGEST_OK;
nomem:
    SET_ERR("out of memory");
    return INGEST_NOMEM;
}

int ingest_parse_lines(const ingest_line *lines, size_t count, const ingest_doc_hints *hints,
                       const char *encoding, const char *sha256, const ingest_options *options,
                       ingest_bulletin **out, char *err, size_t errlen)
{
    ingest_options none;
    parser p;
    long day;
    *out = NULL;
    memset(&none, 0, sizeof none);
    if (!options) options = &none;
    if (options->date && dates_parse(options->date, &day) != 0) {
        SET_ERR("bad date \"%s\": expected a calendar date YYYY-MM-DD", options->date);
        return INGEST_BAD_DATE;
    }
    ingest_options chosen;
    if (!options->profile && options->chooser && options->chooser->choose) {
        chosen = *options;
        if (options->chooser->choose(options->chooser->ctx, lines, count, &chosen.profile, err, errlen) != 0)
            return INGEST_PROFILE;
        options = &chosen;
    }
    memset(&p, 0, sizeof p);
    p.opt = options;
    p.hints = hints;
    p.b = calloc(1, sizeof *p.b);
    if (!p.b) {
        SET_ERR("out of memory");
        return INGEST_NOMEM;
    }
    p.b->encoding = encoding ? encoding : "utf-8";
    p.b->profile = options->profile ? options->profile->name : NULL;
    if (sha256) snprintf(p.b->sha256, sizeof p.b->sha256, "%s", sha256);
    int rc = parse(&p, lines, count, err, errlen);
    if (options->profile && options->profile->end) options->profile->end(options->profile->ctx);
    parser_free(&p);
    if (rc != INGEST_OK) {
        ingest_bulletin_destroy(p.b);
        return rc;
    }
    *out = p.b;
    return INGEST_OK;
}

int ingest_sha256(const unsigned char *bytes, size_t len, char hex_out[65], char *err, size_t errlen)
{
    return sha256_hex(bytes, len, hex_out, err, errlen);
}

int ingest_parse(const unsigned char *bytes, size_t len, const ingest_options *options,
                 ingest_bulletin **out, char *err, size_t errlen)
{
    ingest_options none;
    char *text = NULL, sha[65] = "";
    size_t textlen = 0, count = 0;
    ingest_line *lines = NULL;
    long day;

    *out = NULL;
    memset(&none, 0, sizeof none);
    if (!options) options = &none;
    if (!bytes) len = 0;
    if (options->date && dates_parse(options->date, &day) != 0) {
        SET_ERR("bad date \"%s\": expected a calendar date YYYY-MM-DD", options->date);
        return INGEST_BAD_DATE;
    }
    const char *enc_name = NULL;
    int rc = textcodec_decode(bytes ? bytes : (const unsigned char *)"", len, options->encoding, &text, &textlen,
                              &enc_name, err, errlen);
    if (rc == TEXTCODEC_BINARY) return INGEST_BINARY;
    if (rc == TEXTCODEC_INVALID) return INGEST_UNDECODABLE;
    if (rc != TEXTCODEC_OK) { SET_ERR("out of memory"); return INGEST_NOMEM; }
    if (!options->skip_sha256 && ingest_sha256(bytes, len, sha, err, errlen) != 0) {
        free(text);
        return INGEST_NO_HASH;
    }
    if (lines_split(text, textlen, &lines, &count) < 0) {
        free(text);
        SET_ERR("out of memory");
        return INGEST_NOMEM;
    }
    rc = ingest_parse_lines(lines, count, NULL, enc_name, sha, options, out, err, errlen);
    free(lines);
    free(text);
    return rc;
}
