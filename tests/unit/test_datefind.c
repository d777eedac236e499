/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_datefind.c — the bulletin's date by where it was found
 * (engine/ingest/datefind.c): the ranks in order, within a rank the finer
 * one, then the earlier line; --date, a structured reader's hint, the file
 * name; a month-only date. */
#include "harness.h"
#include "ingest/ingest.h"
#include "ingest/ingest_internal.h"

#include <stdlib.h>
#include <string.h>

static parser fresh(const ingest_options *o, const ingest_doc_hints *h)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.opt = o;
    p.hints = h;
    p.b = calloc(1, sizeof *p.b);
    return p;
}

static void add(parser *p, const char *text, int rank, int sub, size_t line)
{
    dates_match m;
    if (dates_find(text, strlen(text), 0, DATES_FIND_MONTH | DATES_FIND_ROC_DOT, &m))
        datefind_add(p, &m, rank, sub, line);
}

static void done(parser *p)
{
    free(p->dates);
    ingest_bulletin_destroy(p->b);
}

TEST(ranks)
{
    ingest_options o;
    memset(&o, 0, sizeof o);
    o.filename = "in/2020-01-01.txt";
    parser p = fresh(&o, NULL);
    add(&p, "上傳日期: 2022-05-20", DATE_STAMP, 0, 9);
    add(&p, "发布时间:2024年01月23日", DATE_METADATA, 2, 5);
    add(&p, "綦江区总工会办公室  2023年6月28日", DATE_METADATA, 0, 7);
    CHECK_INT(datefind_resolve(&p), 0);
    CHECK_STR(p.b->issued_on, "2023-06-28");   /* a masthead beats a 发布时间 */
    CHECK_STR(p.b->date_source, "metadata");
    CHECK_STR(p.b->date_precision, "day");
    done(&p);

    p = fresh(&o, NULL);
    add(&p, "发布时间:2024年01月23日", DATE_METADATA, 2, 1);
    add(&p, "渝北区总工会二〇二三年一月大事记", DATE_HEADLINE, 0, 3);
    add(&p, "(2019年8月19日)", DATE_DATELINE, 0, 2);
    CHECK_INT(datefind_resolve(&p), 0);
    CHECK_STR(p.b->issued_on, "2023-01-01");
    CHECK_STR(p.b->date_precision, "month");
    CHECK_STR(p.b->date_source, "headline");
    done(&p);

    /* Two of one rank and sub: the earlier line. */
    p = fresh(&o, NULL);
    add(&p, "2023-10-02", DATE_METADATA, 1, 8);
    add(&p, "2023-10-01", DATE_METADATA, 1, 4);
    CHECK_INT(datefind_resolve(&p), 0);
    CHECK_STR(p.b->issued_on, "2023-10-01");
    done(&p);

    /* Nothing in the text: a hint, then the file name, then none. */
    ingest_doc_hints h = {NULL, NULL, "2021-03-04T08:00:00+08:00", NULL, NULL};
    p = fresh(&o, &h);
    CHECK_INT(datefind_resolve(&p), 0);
    CHECK_STR(p.b->issued_on, "2021-03-04");
    done(&p);
    p = fresh(&o, NULL);
    CHECK_INT(datefind_resolve(&p), 0);
    CHECK_STR(p.b->issued_on, "2020-01-01");
    CHECK_STR(p.b->date_source, "filename");
    done(&p);
    o.filename = NULL;
    p = fresh(&o, NULL);
    CHECK_INT(datefind_resolve(&p), 0);
    CHECK(p.b->issued_on == NULL && p.b->date_source == NULL && p.b->date_precision == NULL);
    done(&p);

    /* --date beats everything. */
    o.date = "2024-02-29";
    p = fresh(&o, NULL);
    add(&p, "112年3月大事紀要", DATE_HEADLINE, 0, 1);
    CHECK_INT(datefind_resolve(&p), 0);
    CHECK_STR(p.b->issued_on, "2024-02-29");
    CHECK_STR(p.b->date_source, "option");
    done(&p);
}

int main(void)
{
    RUN(ranks);
    return harness_done();
}
