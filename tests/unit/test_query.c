/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_query.c — the read-only database of report scripts: opened read-only
 * (never created, never written, no ATTACH), a script's own SQL, the
 * helpers' statements (articles by date and district, mention counts,
 * search), and the deadline interrupting a long statement. */
#include "harness.h"
#include "store/query.h"
#include "store/store.h"

#include <stdlib.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_query.XXXXXX";

static const char *path_in(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static char *paras1[] = {"渝北区总工会开展职工技能竞赛,选手来自各行业。"};
static char *paras2[] = {"市总工会慰问户外劳动者。"};
static char *paras3[] = {"江北区工会送清凉。"};

static int add(store *st, char digit, char *date, const char *title, char **paras, char *district)
{
    ingest_article a = {.title = (char *)title, .paragraphs = paras, .paragraph_count = 1};
    ingest_bulletin b;
    mention m = {"org", (char *)"渝北区总工会", district, 1};
    store_article_mentions ms = {.list = &m, .count = district ? 1 : 0};
    memset(&b, 0, sizeof b);
    memset(b.sha256, digit, 64);
    b.encoding = "utf-8";
    b.issued_on = date;
    b.articles = &a;
    b.article_count = 1;
    return store_add_bulletin(st, &b, NULL, &ms, NULL);
}

/* The first column of every row of stmt (finalized), as "a;b;". */
static const char *rows(sqlite3_stmt *stmt)
{
    static char out[1024];
    size_t len = 0;
    out[0] = '\0';
    while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(stmt, 0);
        len += (size_t)snprintf(out + len, sizeof out - len, "%s;", t ? (const char *)t : "null");
    }
    sqlite3_finalize(stmt);
    return out;
}

static query_db *db_g;

TEST(opens_read_only_and_never_creates)
{
    char err[256];
    store *st = NULL;
    query_db *q = NULL;
    CHECK(query_open(path_in("none.db"), &q, err, sizeof err) == -1);
    CHECK(q == NULL);
    CHECK(strstr(err, "none.db: no such database") != NULL);
    CHECK(access(path_in("none.db"), F_OK) != 0);

    CHECK_INT(store_open(path_in("q.db"), STORE_READWRITE, &st, err, sizeof err), STORE_OK);
    CHECK_INT(add(st, '1', "2023-10-24", "渝北区总工会开展职工技能竞赛", paras1, "渝北区"), STORE_OK);
    CHECK_INT(add(st, '2', "2023-10-27", "市总工会慰问户外劳动者", paras2, NULL), STORE_OK);
    CHECK_INT(add(st, '3', "2023-11-02", "江北区工会送清凉", paras3, NULL), STORE_OK);
    store_close(st);
    CHECK(query_open(path_in("q.db"), &db_g, err, sizeof err) == 0);
}

TEST(a_scripts_own_sql_reads_but_never_writes)
{
    sqlite3_stmt *stmt = NULL;
    const char *tail = NULL;
    char err[256];
    CHECK(db_g != NULL);
    CHECK(query_prepare(db_g, "SELECT title FROM articles ORDER BY id; -- rest", 48, &stmt, &tail, err, sizeof err) == 0);
    CHECK_STR(tail, " -- rest");
    CHECK_STR(rows(stmt), "渝北区总工会开展职工技能竞赛;市总工会慰问户外劳动者;江北区工会送清凉;");
    CHECK(query_prepare(db_g, "SELECT nope FROM articles", 25, &stmt, &tail, err, sizeof err) == -1);
    CHECK(stmt == NULL);
    CHECK_STR(err, "no such column: nope");
    /* A write is refused before it runs. */
    CHECK(query_prepare(db_g, "DELETE FROM articles", 20, &stmt, &tail, err, sizeof err) != 0);
    CHECK(stmt == NULL);
    CHECK(query_prepare(db_g, "SELECT count(*) FROM articles", 29, &stmt, &tail, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "3;");
    /* The guard (sqlguard.h) is on: ATTACH, pragmas that change the
     * connection, fts3_tokenizer are refused when prepared. */
    CHECK_INT(query_prepare(db_g, "ATTACH ':memory:' AS m", 22, &stmt, &tail, err, sizeof err), QUERY_DENIED);
    CHECK(stmt == NULL);
    CHECK_INT(query_prepare(db_g, "PRAGMA query_only = OFF", 23, &stmt, &tail, err, sizeof err), QUERY_DENIED);
    CHECK(query_prepare(db_g, "SELECT fts3_tokenizer('simple')", 31, &stmt, &tail, err, sizeof err) != 0);
    CHECK_STR(err, "not authorized to use function: fts3_tokenizer");
}

TEST(the_helpers_statements)
{
    sqlite3_stmt *stmt = NULL;
    char err[256];
    CHECK(db_g != NULL);
    CHECK(query_articles(db_g, "2023-10-23", "2023-10-29", NULL, 1, -1, &stmt, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "1;2;");
    CHECK(query_articles(db_g, "2023-10-01", "2023-11-30", NULL, 1, 2, &stmt, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "1;2;");
    CHECK(query_articles(db_g, "2023-10-01", "2023-11-30", "渝北区", 1, -1, &stmt, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "1;");
    CHECK(query_articles(db_g, "2023-10-01", "2023-11-30", "沙坪坝区", 1, -1, &stmt, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "");
    {
        /* The columns scripts read by name. */
        static const char *const names[] = {"id", "bulletin_id", "seq", "title", "subtitle", "body", "issued_on",
                                            "source"};
        int i;
        CHECK(query_articles(db_g, "2023-10-01", "2023-11-30", NULL, 1, 1, &stmt, err, sizeof err) == 0);
        for (i = 0; i < 8; i++) CHECK_STR(sqlite3_column_name(stmt, i), names[i]);
        sqlite3_finalize(stmt);
    }
    CHECK(query_mentions(db_g, "org", NULL, NULL, -1, &stmt, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "渝北区总工会;");
    CHECK(query_mentions(db_g, "place", NULL, NULL, -1, &stmt, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "");
    CHECK(query_mentions(db_g, NULL, "2023-11-01", NULL, -1, &stmt, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "");
    CHECK(query_search_prepare(db_g, "总工会", 9, NULL, NULL, -1, &stmt, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "2;1;");
    CHECK(query_search_prepare(db_g, "总工会", 9, "2023-10-25", NULL, -1, &stmt, err, sizeof err) == 0);
    CHECK_STR(rows(stmt), "2;");
    CHECK(query_search_prepare(db_g, " \u3000", 4, NULL, NULL, -1, &stmt, err, sizeof err) == -1);
    CHECK_STR(err, "nothing to search for");
}

static int calls;
static int stop_now(void *arg)
{
    (void)arg;
    return ++calls >= 3;
}

TEST(the_deadline_interrupts_a_long_statement)
{
    sqlite3_stmt *stmt = NULL;
    const char *tail;
    char err[256];
    static const char sql[] =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n";
    CHECK(db_g != NULL);
    query_set_interrupt(db_g, stop_now, NULL);
    CHECK(query_prepare(db_g, sql, sizeof sql - 1, &stmt, &tail, err, sizeof err) == 0);
    CHECK_INT(sqlite3_step(stmt), SQLITE_INTERRUPT);
    sqlite3_finalize(stmt);
    CHECK(calls >= 3);
    query_set_interrupt(db_g, NULL, NULL);
    query_close(db_g);
    db_g = NULL;
    query_close(NULL);
}

int main(void)
{
    int rc;
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
    RUN(opens_read_only_and_never_creates);
    RUN(a_scripts_own_sql_reads_but_never_writes);
    RUN(the_helpers_statements);
    RUN(the_deadline_interrupts_a_long_statement);
    query_close(db_g);
    rc = harness_done();
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) rc = 1;
    }
    return rc;
}
