/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_store.c — the database: open, migrate, refuse, store bulletins built
 * by hand (all rows, duplicates, rollback), read-only, and search. */
#include "harness.h"
#include "store/store.h"
#include "store/store_private.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_store.XXXXXX";

static const char *db_path(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

/* Runs one query on a raw connection and returns its first column as an
 * integer (-1 on error). */
static long long query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

static char *query_text(sqlite3 *db, const char *sql)
{
    static char buf[4096];
    sqlite3_stmt *stmt = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(stmt, 0);
        snprintf(buf, sizeof buf, "%s", t ? (const char *)t : "(null)");
    }
    sqlite3_finalize(stmt);
    return buf;
}

/* A bulletin of two articles, as ingest_parse would return it. */
static char *paras1[] = {"重庆市总工会召开专题会议。", "会议强调,要提高政治站位。"};
static char *paras2[] = {"开州区总工会召开座谈会,传达学习精神。"};
static ingest_article articles2[] = {
    {.title = "工会十八大精神传达", .subtitle = NULL, .paragraphs = paras1, .paragraph_count = 2},
    {.title = "开州区学习座谈", .subtitle = "副标题", .paragraphs = paras2, .paragraph_count = 1},
};

static ingest_bulletin make_bulletin(const char *sha_digit, char *date)
{
    ingest_bulletin b;
    memset(&b, 0, sizeof b);
    memset(b.sha256, sha_digit[0], 64);
    b.sha256[64] = '\0';
    b.encoding = "utf-8";
    b.issued_on = date;
    b.date_source = date ? "text" : NULL;
    b.articles = articles2;
    b.article_count = 2;
    return b;
}

static store *open_rw(const char *name)
{
    char err[256];
    store *st = NULL;
    unlink(db_path(name));
    if (store_open(db_path(name), STORE_READWRITE, &st, err, sizeof err) != STORE_OK)
        printf("# store_open: %s\n", err);
    return st;
}

TEST(open_creates_current_schema)
{
    store *st = open_rw("a.db");
    sqlite3 *db;
    CHECK(st != NULL);
    db = store_sqlite(st);
    CHECK_INT(query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    CHECK_INT(query_int(db, "PRAGMA application_id"), STORE_APPLICATION_ID);
    CHECK_INT(query_int(db, "PRAGMA foreign_keys"), 1);
    CHECK_STR(query_text(db, "PRAGMA journal_mode"), "wal");
    CHECK_INT(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                            "('bulletins','articles','paragraphs','mentions','articles_fts','runs',"
                            "'articles_v','mentions_v')"), 8);
    CHECK_STR(query_text(db, "SELECT type FROM sqlite_schema WHERE name = 'paragraphs'"), "view");
    CHECK_INT(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'mentions_kind_value'"), 0);
    store_close(st);
    /* Opening again finds it current and changes nothing. */
    st = NULL;
    {
        char err[256];
        CHECK_INT(store_open(db_path("a.db"), STORE_READWRITE, &st, err, sizeof err), STORE_OK);
    }
    store_close(st);
}

TEST(refuses_newer_schema_and_foreign_files)
{
    sqlite3 *db;
    store *st = NULL;
    char err[256];
    FILE *f;

    unlink(db_path("new.db"));
    CHECK(sqlite3_open(db_path("new.db"), &db) == SQLITE_OK);
    sqlite3_exec(db, "PRAGMA application_id = 1112688966; PRAGMA user_version = 99; CREATE TABLE t(x)",
                 NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK_INT(store_open(db_path("new.db"), STORE_READWRITE, &st, err, sizeof err), STORE_VERSION);
    CHECK(st == NULL);
    CHECK(strstr(err, "newer") != NULL);
    CHECK(strstr(err, "new.db") != NULL);
    CHECK_INT(store_open(db_path("new.db"), STORE_READONLY, &st, err, sizeof err), STORE_VERSION);

    unlink(db_path("other.db"));
    CHECK(sqlite3_open(db_path("other.db"), &db) == SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE accounts(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK_INT(store_open(db_path("other.db"), STORE_READWRITE, &st, err, sizeof err), STORE_NOT_BRIEF);
    CHECK(strstr(err, "not a brief database") != NULL);

    f = fopen(db_path("text.db"), "w");
    CHECK(f != NULL);
    fputs("this is not sqlite, just some text that is long enough to be a header....\n", f);
    fclose(f);
    CHECK(store_open(db_path("text.db"), STORE_READWRITE, &st, err, sizeof err) != STORE_OK);
    CHECK(st == NULL);
    CHECK(strstr(err, "text.db") != NULL);
}

TEST(older_schema_is_migrated_readwrite_and_refused_readonly)
{
    sqlite3 *db;
    store *st = NULL;
    char err[256];

    /* A database at version 0 that is ours (application_id set, no tables):
     * the state just before the first migration step. */
    unlink(db_path("old.db"));
    CHECK(sqlite3_open(db_path("old.db"), &db) == SQLITE_OK);
    sqlite3_exec(db, "PRAGMA application_id = 1112688966; CREATE TABLE scratch(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK_INT(store_open(db_path("old.db"), STORE_READONLY, &st, err, sizeof err), STORE_VERSION);
    CHECK(strstr(err, "older") != NULL);
    CHECK_INT(store_open(db_path("old.db"), STORE_READWRITE, &st, err, sizeof err), STORE_OK);
    CHECK_INT(query_int(store_sqlite(st), "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    CHECK_INT(query_int(store_sqlite(st), "SELECT count(*) FROM scratch"), 0);
    store_close(st);
}

TEST(add_bulletin_writes_every_row)
{
    store *st = open_rw("add.db");
    ingest_bulletin b = make_bulletin("a", "2023-10-25");
    mention m1[] = {{"org", "重庆市总工会", "重庆市", 1}, {"term", "十件实事", NULL, 2},
                    {"term", "十件实事", NULL, 1}};
    store_article_mentions ms[] = {{.list = m1, .count = 3}, {.list = NULL, .count = 0}};
    store_bulletin_meta meta = {"samples", "samples/a.txt", 1234, "2026-11-25T10:00:00Z", NULL, 0, 0};
    store_add_result res;
    sqlite3 *db;

    CHECK(st != NULL);
    db = store_sqlite(st);
    CHECK_INT(store_add_bulletin(st, &b, &meta, ms, &res), STORE_OK);
    CHECK_INT(res.articles, 2);
    CHECK_INT(res.paragraphs, 3);
    CHECK_INT(res.mentions, 2); /* rows: the repeated term is summed into one */
    CHECK_INT(query_int(db, "SELECT count(*) FROM bulletins"), 1);
    CHECK_STR(query_text(db, "SELECT source || '|' || issued_on || '|' || date_source || '|' || encoding"
                             " || '|' || file_name || '|' || bytes || '|' || ingested_at FROM bulletins"),
              "samples|2023-10-25|text|utf-8|samples/a.txt|1234|2026-11-25T10:00:00Z");
    CHECK_INT(query_int(db, "SELECT count(*) FROM articles"), 2);
    CHECK_STR(query_text(db, "SELECT body FROM articles WHERE seq = 1"),
              "重庆市总工会召开专题会议。\n会议强调,要提高政治站位。");
    CHECK_INT(query_int(db, "SELECT chars FROM articles WHERE seq = 1"), 27);
    CHECK_INT(query_int(db, "SELECT subtitle IS NULL FROM articles WHERE seq = 1"), 1);
    CHECK_STR(query_text(db, "SELECT subtitle FROM articles WHERE seq = 2"), "副标题");
    CHECK_INT(query_int(db, "SELECT count(*) FROM paragraphs"), 3);
    CHECK_INT(query_int(db, "SELECT p.chars FROM paragraphs p JOIN articles a ON a.id = p.article_id"
                            " WHERE a.seq = 1 AND p.seq = 2"), 13);
    /* A mention listed twice adds up. */
    CHECK_INT(query_int(db, "SELECT count FROM mentions WHERE kind = 'term' AND value = '十件实事'"), 3);
    CHECK_STR(query_text(db, "SELECT district FROM mentions WHERE kind = 'org'"), "重庆市");
    /* The trigram index finds a three-character Chinese substring. */
    CHECK_INT(query_int(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"提高政\"'"),
              query_int(db, "SELECT id FROM articles WHERE seq = 1"));
    /* Longer substrings: LIKE on the FTS table, answered from the index. */
    CHECK_INT(query_int(db, "SELECT count(*) FROM articles_fts WHERE body LIKE '%要提高政治站%'"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM articles_v WHERE issued_on = '2023-10-25'"), 2);
    CHECK_INT(query_int(db, "SELECT count(*) FROM mentions_v WHERE issued_on = '2023-10-25'"), 2);
    store_close(st);
}

TEST(same_bytes_twice_adds_nothing)
{
    store *st = open_rw("dup.db");
    ingest_bulletin b = make_bulletin("b", NULL);
    store_add_result first, again;
    CHECK(st != NULL);
    CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, &first), STORE_OK);
    CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, &again), STORE_DUPLICATE);
    CHECK_INT(again.bulletin_id, first.bulletin_id);
    CHECK_INT(again.articles, 0);
    CHECK_INT(query_int(store_sqlite(st), "SELECT count(*) FROM bulletins"), 1);
    CHECK_INT(query_int(store_sqlite(st), "SELECT count(*) FROM articles"), 2);
    CHECK_STR(store_errmsg(st), "");
    store_close(st);
}

TEST(a_failure_rolls_the_whole_bulletin_back)
{
    store *st = open_rw("rollback.db");
    sqlite3 *db;
    /* The second article breaks a NOT NULL constraint after the bulletin and
     * the first article are written. */
    char *p[] = {"独特的测试段落内容"};
    ingest_article bad[] = {{.title = "第一篇", .subtitle = NULL, .paragraphs = p, .paragraph_count = 1}, {.title = NULL, .subtitle = NULL, .paragraphs = p, .paragraph_count = 1}};
    ingest_bulletin b = make_bulletin("c", "2023-10-26");
    b.articles = bad;
    CHECK(st != NULL);
    db = store_sqlite(st);
    CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, NULL), STORE_ERROR);
    CHECK(strstr(store_errmsg(st), "article 2 has no title") != NULL);
    /* A failure in SQLite itself, after rows are written: a trigger that
     * aborts on the second article. */
    CHECK(sqlite3_exec(db, "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.articles"
                           " WHEN new.body = '爆炸' BEGIN SELECT RAISE(ABORT, 'boom'); END", NULL, NULL, NULL) == SQLITE_OK);
    {
        char *boom[] = {"爆炸"};
        ingest_article two[] = {{.title = "第一篇", .subtitle = NULL, .paragraphs = p, .paragraph_count = 1}, {.title = "第二篇", .subtitle = NULL, .paragraphs = boom, .paragraph_count = 1}};
        b = make_bulletin("c", "2023-10-26");
        b.articles = two;
        CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, NULL), STORE_ERROR);
        CHECK(strstr(store_errmsg(st), "article 2: boom") != NULL);
    }
    CHECK_INT(query_int(db, "SELECT count(*) FROM bulletins"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM articles"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM paragraphs"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"独特的\"'"), 0);
    CHECK_INT(query_int(db, "SELECT sqlite_version() IS NOT NULL"), 1); /* no transaction left open */
    CHECK(sqlite3_get_autocommit(db));
    /* A bad date is refused by the schema too. */
    b = make_bulletin("d", "2023/10/26");
    CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, NULL), STORE_ERROR);
    CHECK(strstr(store_errmsg(st), "not a YYYY-MM-DD date") != NULL);
    /* ... and one the CHECK's GLOB refuses (month 2x, day 4x): the store
     * checks in C what SQLite's CHECKs would (they are off for its inserts). */
    b = make_bulletin("d", "2023-23-45");
    CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, NULL), STORE_ERROR);
    CHECK(strstr(store_errmsg(st), "not a YYYY-MM-DD date") != NULL);
    /* The store goes on working. */
    b = make_bulletin("e", "2023-10-26");
    CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, NULL), STORE_OK);
    CHECK_INT(query_int(db, "SELECT count(*) FROM bulletins"), 1);
    CHECK_STR(query_text(db, "PRAGMA integrity_check"), "ok");
    store_close(st);
}

TEST(batch_commits_together_and_fails_one_bulletin_alone)
{
    store *st = open_rw("batch.db");
    sqlite3 *other = NULL;
    char *p[] = {"段落"};
    ingest_article bad[] = {{.title = NULL, .subtitle = NULL, .paragraphs = p, .paragraph_count = 1}};
    ingest_bulletin b1 = make_bulletin("1", "2023-10-01"), b2 = make_bulletin("2", NULL);
    ingest_bulletin broken = make_bulletin("3", NULL);
    store_add_result res;
    broken.articles = bad;
    broken.article_count = 1;

    CHECK(st != NULL);
    CHECK(sqlite3_open(db_path("batch.db"), &other) == SQLITE_OK);
    CHECK_INT(store_batch_begin(st), STORE_OK);
    CHECK_INT(store_batch_begin(st), STORE_ERROR);
    CHECK_INT(store_add_bulletin(st, &b1, NULL, NULL, NULL), STORE_OK);
    CHECK_INT(store_add_bulletin(st, &broken, NULL, NULL, NULL), STORE_ERROR);
    CHECK_INT(store_add_bulletin(st, &b1, NULL, NULL, &res), STORE_DUPLICATE);
    CHECK_INT(store_add_bulletin(st, &b2, NULL, NULL, NULL), STORE_OK);
    /* Nothing is visible to another connection before the commit. */
    CHECK_INT(query_int(other, "SELECT count(*) FROM bulletins"), 0);
    CHECK_INT(store_batch_commit(st), STORE_OK);
    CHECK_INT(query_int(other, "SELECT count(*) FROM bulletins"), 2);
    CHECK_INT(query_int(other, "SELECT count(*) FROM articles"), 4);
    CHECK_INT(query_int(other, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"总工会\"'"), 4);
    /* A failure while writing loses the batch, and says so. */
    CHECK(sqlite3_exec(store_sqlite(st), "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.articles"
                       " WHEN new.body = '爆炸' BEGIN SELECT RAISE(ABORT, 'boom'); END", NULL, NULL, NULL) == SQLITE_OK);
    {
        char *boom[] = {"爆炸"};
        ingest_article bad2[] = {{.title = "标题", .subtitle = NULL, .paragraphs = boom, .paragraph_count = 1}};
        ingest_bulletin b5 = make_bulletin("5", NULL), b6 = make_bulletin("6", NULL);
        b6.articles = bad2;
        b6.article_count = 1;
        CHECK_INT(store_batch_begin(st), STORE_OK);
        CHECK_INT(store_add_bulletin(st, &b5, NULL, NULL, NULL), STORE_OK);
        CHECK_INT(store_add_bulletin(st, &b6, NULL, NULL, NULL), STORE_BATCH_LOST);
        CHECK(strstr(store_errmsg(st), "batch was rolled back") != NULL);
        CHECK_INT(query_int(other, "SELECT count(*) FROM bulletins"), 2);
        /* The store goes on, outside a batch. */
        CHECK_INT(store_add_bulletin(st, &b5, NULL, NULL, NULL), STORE_OK);
        CHECK_INT(query_int(other, "SELECT count(*) FROM bulletins"), 3);
    }
    /* Closing with a batch open rolls it back. */
    b1 = make_bulletin("4", NULL);
    CHECK_INT(store_batch_begin(st), STORE_OK);
    CHECK_INT(store_add_bulletin(st, &b1, NULL, NULL, NULL), STORE_OK);
    store_close(st);
    CHECK_INT(query_int(other, "SELECT count(*) FROM bulletins"), 3);
    CHECK_STR(query_text(other, "PRAGMA integrity_check"), "ok");
    sqlite3_close(other);
}

TEST(read_only_refuses_writes)
{
    store *st = open_rw("ro.db"), *ro = NULL;
    ingest_bulletin b = make_bulletin("f", NULL);
    char err[256];
    char *msg = NULL;
    CHECK(st != NULL);
    CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, NULL), STORE_OK);
    store_close(st);

    CHECK_INT(store_open(db_path("ro.db"), STORE_READONLY, &ro, err, sizeof err), STORE_OK);
    CHECK_INT(query_int(store_sqlite(ro), "SELECT count(*) FROM articles"), 2);
    CHECK_INT(query_int(store_sqlite(ro), "PRAGMA query_only"), 1);
    b = make_bulletin("g", NULL);
    CHECK_INT(store_add_bulletin(ro, &b, NULL, NULL, NULL), STORE_ERROR);
    CHECK(strstr(store_errmsg(ro), "read-only") != NULL);
    CHECK(sqlite3_exec(store_sqlite(ro), "DELETE FROM bulletins", NULL, NULL, &msg) != SQLITE_OK);
    CHECK(msg != NULL && strstr(msg, "readonly") != NULL);
    sqlite3_free(msg);
    CHECK_INT(query_int(store_sqlite(ro), "SELECT count(*) FROM bulletins"), 1);
    store_close(ro);

    CHECK_INT(store_open(db_path("missing.db"), STORE_READONLY, &ro, err, sizeof err), STORE_ERROR);
    CHECK(strstr(err, "missing.db: no such database") != NULL);
    CHECK(access(db_path("missing.db"), F_OK) != 0);
}

TEST(search_marks_matches_newest_first)
{
    store *st = open_rw("search.db");
    ingest_bulletin older = make_bulletin("1", "2023-10-20");
    ingest_bulletin newer = make_bulletin("2", "2023-10-27");
    ingest_bulletin undated = make_bulletin("3", NULL);
    store_search_options o = {"总工会", 0, "【", "】"};
    store_hit *hits = NULL;
    size_t n = 0;

    CHECK(st != NULL);
    CHECK_INT(store_add_bulletin(st, &undated, NULL, NULL, NULL), STORE_OK);
    CHECK_INT(store_add_bulletin(st, &older, NULL, NULL, NULL), STORE_OK);
    CHECK_INT(store_add_bulletin(st, &newer, NULL, NULL, NULL), STORE_OK);
    /* Three characters: the trigram index. Both articles of each bulletin. */
    CHECK_INT(store_search(st, &o, &hits, &n), STORE_OK);
    CHECK_INT(n, 6);
    CHECK_STR(hits[0].issued_on, "2023-10-27");
    CHECK_STR(hits[0].title, "工会十八大精神传达");
    CHECK_STR(hits[0].snippet, "重庆市【总工会】召开专题会议。 会议强调,要提高政治站位。");
    CHECK_STR(hits[1].issued_on, "2023-10-27");
    CHECK_STR(hits[2].issued_on, "2023-10-20");
    CHECK(hits[5].issued_on == NULL);
    store_hits_free(hits, n);

    /* Two characters: the LIKE scan, marks in the title too; the limit. */
    o.text = "工会";
    o.limit = 2;
    CHECK_INT(store_search(st, &o, &hits, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_STR(hits[0].title, "【工会】十八大精神传达");
    store_hits_free(hits, n);

    /* Every word must match; a subtitle counts; nothing matches nothing. */
    o.text = "开州 副标题";
    o.limit = 0;
    CHECK_INT(store_search(st, &o, &hits, &n), STORE_OK);
    CHECK_INT(n, 3);
    store_hits_free(hits, n);
    o.text = "不存在的词";
    CHECK_INT(store_search(st, &o, &hits, &n), STORE_OK);
    CHECK_INT(n, 0);
    store_hits_free(hits, n);
    o.text = "  ";
    CHECK_INT(store_search(st, &o, &hits, &n), STORE_ERROR);
    CHECK(hits == NULL);
    /* Quotes and LIKE wildcards are taken literally. */
    o.text = "\"a%_";
    CHECK_INT(store_search(st, &o, &hits, &n), STORE_OK);
    CHECK_INT(n, 0);
    store_hits_free(hits, n);
    store_close(st);
}

TEST(snippet_is_cut_around_the_match)
{
    store *st = open_rw("snip.db");
    char long_para[2048];
    char *p[] = {long_para};
    ingest_article a[] = {{.title = "长文", .subtitle = NULL, .paragraphs = p, .paragraph_count = 1}};
    ingest_bulletin b = make_bulletin("9", "2023-11-01");
    store_search_options o = {"ABC", 0, "<", ">"};
    store_hit *hits = NULL;
    size_t n = 0, i;

    long_para[0] = '\0';
    for (i = 0; i < 50; i++) strcat(long_para, "前");
    strcat(long_para, "abc");
    for (i = 0; i < 100; i++) strcat(long_para, "后");
    b.articles = a;
    b.article_count = 1;
    CHECK(st != NULL);
    CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, NULL), STORE_OK);
    CHECK_INT(store_search(st, &o, &hits, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK(strncmp(hits[0].snippet, "…前", strlen("…前")) == 0);
    CHECK(strstr(hits[0].snippet, "<abc>") != NULL);
    CHECK(strcmp(hits[0].snippet + strlen(hits[0].snippet) - strlen("后…"), "后…") == 0);
    CHECK_INT(utf8_length(hits[0].snippet, strlen(hits[0].snippet)), 80 + 2 + 2);
    store_hits_free(hits, n);

    /* Every trigram of 甲乙丙丁戊 is in the text, but not the word: the
     * trigram index only proposes, the LIKE check decides. */
    {
        char *q[] = {"甲乙丙丁,乙丙丁戊。"};
        ingest_article qa[] = {{.title = "检验", .subtitle = NULL, .paragraphs = q, .paragraph_count = 1}};
        ingest_bulletin qb = make_bulletin("8", NULL);
        qb.articles = qa;
        qb.article_count = 1;
        CHECK_INT(store_add_bulletin(st, &qb, NULL, NULL, NULL), STORE_OK);
        o.text = "甲乙丙丁戊";
        CHECK_INT(store_search(st, &o, &hits, &n), STORE_OK);
        CHECK_INT(n, 0);
        store_hits_free(hits, n);
        o.text = "乙丙丁戊";
        CHECK_INT(store_search(st, &o, &hits, &n), STORE_OK);
        CHECK_INT(n, 1);
        CHECK_STR(hits[0].snippet, "甲乙丙丁,<乙丙丁戊>。");
        store_hits_free(hits, n);
    }
    store_close(st);
}


/* ---- the SQL console and the content walk ------------------------------------ */

typedef struct rows_seen {
    char text[2048];
    int calls;
    int stop_after;
} rows_seen;

static int collect_row(void *ud, size_t ncols, const char *const *names, const store_value *row)
{
    rows_seen *r = ud;
    size_t len = strlen(r->text), i;
    r->calls++;
    for (i = 0; i < ncols; i++) {
        if (!row) {
            len += (size_t)snprintf(r->text + len, sizeof r->text - len, "%s%s", i ? "," : "", names[i]);
            continue;
        }
        switch (row[i].type) {
        case STORE_TYPE_NULL: len += (size_t)snprintf(r->text + len, sizeof r->text - len, ",null"); break;
        case STORE_TYPE_INTEGER:
            len += (size_t)snprintf(r->text + len, sizeof r->text - len, ",i%lld/%s", (long long)row[i].integer,
                                    row[i].bytes);
            break;
        case STORE_TYPE_REAL:
            len += (size_t)snprintf(r->text + len, sizeof r->text - len, ",r%g/%s", row[i].real, row[i].bytes);
            break;
        case STORE_TYPE_TEXT:
            len += (size_t)snprintf(r->text + len, sizeof r->text - len, ",t%zu:%s", row[i].len, row[i].bytes);
            break;
        case STORE_TYPE_BLOB:
            len += (size_t)snprintf(r->text + len, sizeof r->text - len, ",b%zu", row[i].len);
            break;
        }
    }
    snprintf(r->text + len, sizeof r->text - len, ";");
    return r->stop_after && r->calls >= r->stop_after;
}

static store *open_ro(const char *name)
{
    char err[256];
    store *st = NULL;
    if (store_open(db_path(name), STORE_READONLY, &st, err, sizeof err) != STORE_OK)
        printf("# store_open: %s\n", err);
    return st;
}

TEST(sql_console_types_refusals_and_stop)
{
    store *rw = open_rw("console.db"), *ro;
    ingest_bulletin b = make_bulletin("5", "2023-10-27");
    rows_seen r;
    CHECK(rw != NULL);
    CHECK_INT(store_add_bulletin(rw, &b, NULL, NULL, NULL), STORE_OK);
    /* The console is for read-only stores only. */
    memset(&r, 0, sizeof r);
    CHECK_INT(store_sql_run(rw, "SELECT 1", collect_row, &r), STORE_ERROR);
    CHECK_INT(r.calls, 0);
    store_close(rw);
    ro = open_ro("console.db");
    CHECK(ro != NULL);
    memset(&r, 0, sizeof r);
    CHECK_INT(store_sql_run(ro, "SELECT 7 AS n, 1.5 AS f, 'ab' AS t, NULL AS z, x'0001' AS b, x'' AS e", collect_row,
                            &r), STORE_OK);
    CHECK_STR(r.text, "n,f,t,z,b,e;,i7/7,r1.5/1.5,t2:ab,null,b2,b0;");
    memset(&r, 0, sizeof r);
    CHECK_INT(store_sql_run(ro, "SELECT title FROM articles WHERE 0", collect_row, &r), STORE_OK);
    CHECK_STR(r.text, "title;");
    /* The callback stops the rows. */
    memset(&r, 0, sizeof r);
    r.stop_after = 2;
    CHECK_INT(store_sql_run(ro, "SELECT value FROM json_each('[1,2,3,4]')", collect_row, &r), STORE_OK);
    CHECK_INT(r.calls, 2);
    /* Refused before any row: writes, two statements, nothing, bad SQL, ATTACH. */
    memset(&r, 0, sizeof r);
    CHECK_INT(store_sql_run(ro, "DELETE FROM bulletins", collect_row, &r), STORE_ERROR);
    CHECK(strstr(store_errmsg(ro), "would write") != NULL);
    CHECK_INT(store_sql_run(ro, "SELECT 1; SELECT 2", collect_row, &r), STORE_ERROR);
    CHECK(strstr(store_errmsg(ro), "one statement at a time") != NULL);
    CHECK_INT(store_sql_run(ro, "SELECT 1; -- a comment", collect_row, &r), STORE_OK);
    CHECK_INT(store_sql_run(ro, " -- only a comment", collect_row, &r), STORE_ERROR);
    CHECK(strstr(store_errmsg(ro), "no statement") != NULL);
    CHECK_INT(store_sql_run(ro, "SELECT nope FROM bulletins", collect_row, &r), STORE_ERROR);
    CHECK_STR(store_errmsg(ro), "no such column: nope");
    memset(&r, 0, sizeof r);
    CHECK_INT(store_sql_run(ro, "SELECT 1; DELETE FROM bulletins", collect_row, &r), STORE_ERROR);
    CHECK_INT(r.calls, 0);
    /* ATTACH counts as reading; the read-only store allows no attached database. */
    CHECK_INT(store_sql_run(ro, "ATTACH 'other.db' AS o", collect_row, &r), STORE_ERROR);
    CHECK(strstr(store_errmsg(ro), "attached") != NULL);
    store_close(ro);
}

static int walk_seen(void *ud, const char *table, const char *sql, size_t ncols, const store_value *row)
{
    rows_seen *r = ud;
    size_t len = strlen(r->text);
    (void)sql;
    if (!row) snprintf(r->text + len, sizeof r->text - len, "[%s:%zu]", table, ncols);
    else snprintf(r->text + len, sizeof r->text - len, ".");
    return 0;
}

TEST(content_walk_leaves_out_history_and_the_index)
{
    store *rw = open_rw("walk.db"), *ro;
    ingest_bulletin b = make_bulletin("6", "2023-10-27");
    rows_seen r;
    char date[11] = "";
    CHECK(rw != NULL);
    CHECK_INT(store_add_bulletin(rw, &b, NULL, NULL, NULL), STORE_OK);
    CHECK(sqlite3_exec(store_sqlite(rw), "INSERT INTO runs(job, started_at, status) VALUES ('j', 't', 'ok')",
                       NULL, NULL, NULL) == SQLITE_OK);
    store_close(rw);
    ro = open_ro("walk.db");
    CHECK(ro != NULL);
    memset(&r, 0, sizeof r);
    CHECK_INT(store_content_walk(ro, walk_seen, &r), STORE_OK);
    /* Tables in name order, rows after each; no runs, no articles_fts*, no article_sketches
     * (article_folds: none, the text is simplified). */
    CHECK_STR(r.text, "[article_folds:4][articles:16]..[bulletins:16].[captions:3][corrections:11][mentions:5]");
    CHECK_INT(store_latest_issue(ro, date), 1);
    CHECK_STR(date, "2023-10-27");
    store_close(ro);
}

/* brief doctor's view of a database: facts, never a change. */
TEST(health_reports_version_count_and_damage)
{
    store *st = open_rw("health.db");
    store_health h;
    char err[256], date[] = "2023-10-13";
    CHECK(st != NULL);
    ingest_bulletin b = make_bulletin("7", date);
    CHECK_INT(store_add_bulletin(st, &b, NULL, NULL, NULL), STORE_OK);
    store_close(st);
    CHECK_INT(store_health_check(db_path("health.db"), 0, &h, err, sizeof err), STORE_OK);
    CHECK_INT(h.application_id, STORE_APPLICATION_ID);
    CHECK_INT(h.schema_version, STORE_SCHEMA_VERSION);
    CHECK_INT(h.bulletins, 1);
    CHECK_STR(h.newest, "2023-10-13");
    CHECK_STR(h.integrity, "ok");
    CHECK_INT(store_health_check(db_path("health.db"), 1, &h, err, sizeof err), STORE_OK);
    CHECK_STR(h.integrity, "ok");

    /* Missing: an error naming the path; nothing is created. */
    unlink(db_path("none.db"));
    CHECK_INT(store_health_check(db_path("none.db"), 0, &h, err, sizeof err), STORE_ERROR);
    CHECK(strstr(err, "none.db: no such database") != NULL);
    CHECK(access(db_path("none.db"), F_OK) != 0);

    /* An empty file is an SQLite database without tables. */
    FILE *f = fopen(db_path("empty.db"), "w");
    CHECK(f != NULL);
    fclose(f);
    CHECK_INT(store_health_check(db_path("empty.db"), 0, &h, err, sizeof err), STORE_OK);
    CHECK_INT(h.bulletins, -1);
    CHECK_INT(h.schema_version, 0);

    /* A damaged page: reported by the check, or by SQLite giving up. */
    sqlite3 *db;
    CHECK(sqlite3_open(db_path("health.db"), &db) == SQLITE_OK);
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    long long page = query_int(db, "PRAGMA page_size");
    long long pages = query_int(db, "PRAGMA page_count");
    sqlite3_close(db);
    CHECK(pages > 3);
    f = fopen(db_path("health.db"), "r+b");
    CHECK(f != NULL);
    fseek(f, (long)(page * (pages - 2)), SEEK_SET);
    for (int i = 0; i < 64; i++) fputs("damage", f);
    fclose(f);
    int rc = store_health_check(db_path("health.db"), 0, &h, err, sizeof err);
    CHECK(rc == STORE_ERROR || strcmp(h.integrity, "ok") != 0);
    if (rc == STORE_ERROR) CHECK(strstr(err, "health.db") != NULL);
    rc = store_health_check(db_path("health.db"), 1, &h, err, sizeof err);
    CHECK(rc == STORE_ERROR || strcmp(h.integrity, "ok") != 0);

    /* A FIFO or a directory: refused at once, never a blocked open. */
    unlink(db_path("fifo.db"));
    CHECK_INT(mkfifo(db_path("fifo.db"), 0600), 0);
    CHECK_INT(store_health_check(db_path("fifo.db"), 0, &h, err, sizeof err), STORE_ERROR);
    CHECK(strstr(err, "fifo.db: not a regular file") != NULL);
    store *fst = NULL;
    CHECK_INT(store_open(db_path("fifo.db"), STORE_READONLY, &fst, err, sizeof err), STORE_ERROR);
    CHECK(strstr(err, "not a regular file") != NULL);
    CHECK_INT(store_open(db_path("fifo.db"), STORE_READWRITE, &fst, err, sizeof err), STORE_ERROR);
    CHECK(fst == NULL);
    CHECK_INT(store_open(tmpdir, STORE_READWRITE, &fst, err, sizeof err), STORE_ERROR);
    CHECK(strstr(err, "a directory, not a database") != NULL);

    /* Not a database at all. */
    f = fopen(db_path("text.db"), "w");
    CHECK(f != NULL);
    fputs("this is not sqlite, just some text that is long enough to be a header....\n", f);
    fclose(f);
    CHECK_INT(store_health_check(db_path("text.db"), 0, &h, err, sizeof err), STORE_ERROR);
    CHECK(strstr(err, "text.db: ") != NULL);
}

/* Issue 19 through the store: in one batch (the articles of the open batch
 * are candidates too), a corrected re-send of the same date supersedes the
 * first version (not with keep_both), a reprint in another bulletin joins
 * the story, an article under the same title with another body does not. */
static char *story_paras[] = {
    "九龙坡区总工会近日在西彭镇举办农民工职业技能培训班,邀请市级技能大师为一百二十名学员讲授电工基础和安全操作规程。",
    "培训班采用理论授课与实际操作相结合的方式,学员在老师指导下完成了线路连接、故障排查等十余项实训任务。"};
static char *story_paras_edit[] = {
    "九龙坡区总工会近日在西彭镇举办农民工职业技能培训班,邀请市级技能大师为一百二十余名学员讲授电工基础和安全操作规程。",
    "培训班采用理论授课与实际操作相结合的方式,学员在老师指导下完成了线路连接、故障排查等十余项实训任务。"};
static char *other_paras[] = {
    "大足区总工会组织基层工会干部开展集中学习,围绕大会报告谈体会、找差距、定措施,推动学习成果转化为工作实效。"};
static char *same_title_paras[] = {
    "荣昌区总工会召开机关全体干部会议,安排部署宣讲工作,决定组建宣讲小分队,年底前走遍全区各镇街和重点企业。"};

TEST(resend_supersedes_reprint_joins_story)
{
    store *st = open_rw("story.db");
    ingest_article first[] = {{.title = "九龙坡区开展农民工技能培训", .paragraphs = story_paras, .paragraph_count = 2},
                              {.title = "学习贯彻中国工会十八大精神", .paragraphs = other_paras, .paragraph_count = 1}};
    ingest_article edited[] = {{.title = "九龙坡区开展农民工技能培训", .paragraphs = story_paras_edit,
                                .paragraph_count = 2},
                               {.title = "学习贯彻中国工会十八大精神", .paragraphs = other_paras, .paragraph_count = 1}};
    ingest_article reprint[] = {{.title = "西彭镇农民工学技能", .paragraphs = story_paras, .paragraph_count = 1},
                                {.title = "学习贯彻中国工会十八大精神", .paragraphs = same_title_paras,
                                 .paragraph_count = 1}};
    ingest_bulletin a = make_bulletin("1", "2023-10-24"), b = make_bulletin("2", "2023-10-24");
    ingest_bulletin c = make_bulletin("3", "2023-10-26"), d = make_bulletin("4", "2023-10-24");
    store_bulletin_meta meta = {.source = "九龙坡区总工会"}, keep = {.source = "九龙坡区总工会", .keep_both = 1};
    store_bulletin_meta city = {.source = "重庆市总工会"};
    store_add_result r1, r2, r3, r4;
    a.articles = first;
    b.articles = edited;
    c.articles = reprint;
    d.articles = edited;
    CHECK(st != NULL);
    CHECK_INT(store_batch_begin(st), STORE_OK);
    CHECK_INT(store_add_bulletin(st, &a, &meta, NULL, &r1), STORE_OK);
    CHECK_INT(r1.superseded, 0);
    CHECK_INT(store_add_bulletin(st, &b, &meta, NULL, &r2), STORE_OK);
    CHECK_INT(r2.superseded, r1.bulletin_id);
    CHECK(r2.similarity >= 0.9 && r2.similarity < 1.0);
    CHECK_INT(r2.reprints, 0);
    CHECK_INT(store_add_bulletin(st, &c, &city, NULL, &r3), STORE_OK);
    CHECK_INT(r3.superseded, 0);
    CHECK_INT(r3.reprints, 1);
    CHECK_INT(store_add_bulletin(st, &d, &keep, NULL, &r4), STORE_OK);
    CHECK_INT(r4.superseded, 0);
    CHECK_INT(store_batch_commit(st), STORE_OK);
    sqlite3 *db = store_sqlite(st);
    CHECK_INT(query_int(db, "SELECT superseded_by FROM bulletins WHERE id = 1"), r2.bulletin_id);
    CHECK_INT(query_int(db, "SELECT count(*) FROM bulletins WHERE superseded_by IS NULL"), 3);
    /* the re-send's articles continue the first version's stories */
    CHECK_INT(query_int(db, "SELECT story_id FROM articles WHERE bulletin_id = 2 AND seq = 1"), 1);
    CHECK_INT(query_int(db, "SELECT story_id FROM articles WHERE bulletin_id = 2 AND seq = 2"), 2);
    /* the shortened reprint joins the story; the same title with another body does not */
    CHECK_INT(query_int(db, "SELECT story_id FROM articles WHERE bulletin_id = 3 AND seq = 1"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM articles WHERE bulletin_id = 3 AND seq = 2 AND story_id IS NULL"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM articles_v"), 6);
    /* six sketch values and a title key per article that begins a story (3
     * of the 8: the others continue one and post nothing), a value posted
     * 4 times at most: here the title 学习贯彻中国工会十八大精神, twice */
    CHECK_INT(query_int(db, "SELECT count(*) FROM article_sketches"), 3 * 7);
    CHECK_INT(query_int(db, "SELECT max(n) FROM (SELECT count(*) AS n FROM article_sketches GROUP BY hash)"), 2);
    store_close(st);
}

int main(void)
{
    int rc;
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
    RUN(open_creates_current_schema);
    RUN(refuses_newer_schema_and_foreign_files);
    RUN(older_schema_is_migrated_readwrite_and_refused_readonly);
    RUN(add_bulletin_writes_every_row);
    RUN(same_bytes_twice_adds_nothing);
    RUN(a_failure_rolls_the_whole_bulletin_back);
    RUN(batch_commits_together_and_fails_one_bulletin_alone);
    RUN(read_only_refuses_writes);
    RUN(search_marks_matches_newest_first);
    RUN(snippet_is_cut_around_the_match);
    RUN(sql_console_types_refusals_and_stop);
    RUN(content_walk_leaves_out_history_and_the_index);
    RUN(health_reports_version_count_and_damage);
    RUN(resend_supersedes_reprint_joins_story);
    rc = harness_done();
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) rc = 1;
    }
    return rc;
}
