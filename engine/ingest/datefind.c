/* SPDX-License-Identifier: GPL-3.0-or-later */
/* datefind.c — the bulletin's date, ranked by where it was found: a date
 * the source's profile points at > a date in an article's title (the month of a 大事记) > the article's own dateline
 * (a speech's date line, a notice's signature, 【本刊訊 86.01】) > its
 * metadata (a masthead, a date line under the title, 发布时间:) > a site's
 * stamp (上傳日期:, 更新时间:, Last updated:) > the file name; NULL rather
 * than a guess: a date without a year is never one (ingest_internal.h,
 * docs/ingest.md 5). The grammar of dates is util/dates.c's. */
#include "ingest/ingest_internal.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

int datefind_add(parser *p, const dates_match *m, int rank, int sub, size_t line)
{
    if (VEC_RESERVE(p->dates, p->capdates, p->ndates + 1) != 0) return -1;
    date_cand *c = &p->dates[p->ndates++];
    c->when = *m;
    c->rank = rank;
    c->sub = sub;
    c->line = line;
    return 0;
}

static const char *rank_name(int rank)
{
    switch (rank) {
    case DATE_PROFILE: return "profile";
    case DATE_HEADLINE: return "headline";
    case DATE_DATELINE: return "dateline";
    case DATE_METADATA: return "metadata";
    case DATE_STAMP: return "stamp";
    default: return "filename";
    }
}

static int set_date(parser *p, int year, int month, int day, const char *source)
{
    char buf[11];
    dates_format(dates_from_civil(year, month, day ? day : 1), buf);
    p->b->issued_on = strdup(buf);
    if (!p->b->issued_on) return -1;
    p->b->date_precision = day ? "day" : "month";
    p->b->date_source = source;
    return 0;
}

int datefind_resolve(parser *p)
{
    const ingest_options *o = p->opt;
    long day;
    if (o->date && dates_parse(o->date, &day) == 0) {
        int y, m, d;
        dates_civil(day, &y, &m, &d);
        return set_date(p, y, m, d, "option");
    }
    const date_cand *best = NULL;
    for (size_t i = 0; i < p->ndates; i++) {
        const date_cand *c = &p->dates[i];
        if (!best || c->rank < best->rank || (c->rank == best->rank && c->sub < best->sub) ||
            (c->rank == best->rank && c->sub == best->sub && c->line < best->line))
            best = c;
    }
    if (best) return set_date(p, best->when.year, best->when.month, best->when.day, rank_name(best->rank));
    /* What a structured reader's metadata says, weaker than the text. */
    dates_match m;
    if (p->hints && p->hints->published &&
        dates_find(p->hints->published, strlen(p->hints->published), 0, 0, &m))
        return set_date(p, m.year, m.month, m.day, "metadata");
    if (o->filename) {
        const char *base = strrchr(o->filename, '/');
        base = base ? base + 1 : o->filename;
        if (dates_find(base, strlen(base), 0, DATES_FIND_COMPACT, &m) && m.day)
            return set_date(p, m.year, m.month, m.day, "filename");
    }
    return 0;
}
