/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sqlguard.c — the policy of the script's SQL connection: each attack
 * that reached native code, a file or the database through Debian's SQLite
 * (issue 12) is tried on a connection opened as scripts open it (query.h)
 * and must fail at prepare time, while the queries reports make still run. */
#include "harness.h"
#include "store/sqlguard.h"
#include "store/store.h"
#include "store/store_private.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_sqlguard.XXXXXX";
static char db_path[300];

/* 0 when sql prepares on db, else the SQLite result code; err gets the
 * message. Steps the statement once when it prepared. */
static int try_sql(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    err[0] = '\0';
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        return rc;
    }
    if (sqlguard_check_statement(stmt, err, errlen) != 0) {
        sqlite3_finalize(stmt);
        return SQLITE_AUTH;
    }
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) rc = 0;
    else snprintf(err, errlen, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    return rc;
}

/* A connection as query_open makes it for a script: the store's read-only
 * open, then sqlguard_harden (the test reaches the connection through the
 * store's private header, which query.c keeps to itself). */
static store *open_guarded(void)
{
    store *q = NULL;
    char err[512];
    if (store_open(db_path, STORE_READONLY, &q, err, sizeof err) != STORE_OK) {
        printf("# %s\n", err);
        return NULL;
    }
    if (sqlguard_harden(store_sqlite(q), err, sizeof err) != 0) {
        printf("# %s\n", err);
        store_close(q);
        return NULL;
    }
    return q;
}

/* How many of the n statements run on a fresh guarded connection, each
 * reported when it does (want_run 0) or does not (want_run 1). -1 when the
 * database cannot be opened. */
static long long count_runs(const char *const *sql, size_t n, int want_run)
{
    store *q = open_guarded();
    char err[512];
    long long ran = 0;
    size_t i;
    if (!q) return -1;
    for (i = 0; i < n; i++) {
        int rc = try_sql(store_sqlite(q), sql[i], err, sizeof err);
        if (rc == 0) ran++;
        if ((rc == 0) != want_run) printf("# %s: %s %s\n", rc == 0 ? "ran" : "refused", sql[i], err);
    }
    store_close(q);
    return ran;
}

/* Every statement below must be refused before it runs. */
TEST(attacks_refused)
{
    static const char *const attacks[] = {
        /* issue 12, finding 1: a function pointer from a blob */
        "SELECT fts3_tokenizer('evil', x'4141414141414141')",
        "SELECT fts3_tokenizer('simple')",
        "PRAGMA query_only = OFF",
        "PRAGMA query_only = 0",
        "CREATE VIRTUAL TABLE temp.f USING fts3(x, tokenize=evil)",
        "CREATE VIRTUAL TABLE temp.f5 USING fts5(x)",
        "CREATE TEMP TABLE t(x)",
        "CREATE TEMP VIEW v AS SELECT 1",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON bulletins BEGIN SELECT 1; END",
        "PRAGMA temp_store_directory = '/tmp'",
        "PRAGMA temp_store = FILE",
        "PRAGMA writable_schema = ON",
        "PRAGMA cache_size = -4000000",
        "PRAGMA mmap_size = 1000000000",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA user_version = 7",
        "PRAGMA database_list",
        "PRAGMA compile_options",
        "ATTACH 'file:/tmp/x.db?mode=rwc' AS o",
        "DETACH main",
        "SELECT load_extension('libsqlite3.so.0')",
        "SELECT fts5(NULL)",
        "SELECT rtreenode(2, x'00')",
        "SELECT sqlite_log(1, 'x')",
        "SELECT readfile('/etc/passwd')",
        "SELECT writefile('/tmp/x', 'y')",
        "SELECT edit('x')",
        "INSERT INTO bulletins(sha256, article_count) VALUES ('x', 0)",
        "DELETE FROM bulletins",
        "UPDATE articles SET title = 'x'",
        "DROP TABLE articles",
        "BEGIN",
        "SAVEPOINT a",
        "ANALYZE",
        "REINDEX",
        "VACUUM",
        "VACUUM INTO '/tmp/copy.db'",
        "CREATE TABLE main.x(y)",
        "ALTER TABLE articles ADD COLUMN z",
    };
    CHECK_INT(count_runs(attacks, sizeof attacks / sizeof attacks[0], 0), 0);
}

TEST(tokenizer_pointer_bound_as_parameter_refused)
{
    /* The exploit bound the pointer as a parameter, which passes FTS3's own
     * check even with the tokenizer option off: the authorizer stops it. */
    store *q = open_guarded();
    sqlite3_stmt *stmt = NULL;
    CHECK(q != NULL);
    CHECK(sqlite3_prepare_v2(store_sqlite(q), "SELECT fts3_tokenizer('evil', ?)", -1, &stmt, NULL) != SQLITE_OK);
    CHECK(stmt == NULL);
    CHECK(strstr(sqlite3_errmsg(store_sqlite(q)), "not authorized") != NULL);
    store_close(q);
}

TEST(reports_queries_run)
{
    static const char *const queries[] = {
        "SELECT count(*), max(id), group_concat(title, '、') FROM articles",
        "SELECT * FROM articles_v ORDER BY issued_on DESC LIMIT 3",
        "SELECT * FROM paragraphs LIMIT 2",                  /* json_each and ->> in a view */
        "SELECT value, sum(count) FROM mentions_v GROUP BY value ORDER BY 2 DESC",
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH '工会' ORDER BY bm25(articles_fts)",
        "SELECT highlight(articles_fts, 0, '[', ']') FROM articles_fts WHERE articles_fts MATCH '工会'",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT sum(i) FROM n",
        "SELECT row_number() OVER (ORDER BY id), lag(id) OVER (ORDER BY id) FROM articles",
        "SELECT date('2023-10-27', '-6 days'), strftime('%W', '2023-10-27'), julianday('now') > 0",
        "SELECT json_object('a', 1) ->> '$.a', json_array(1, 2), sqrt(2), printf('%05d', 7)",
        "SELECT substr(body, 1, 10), length(body), instr(body, '会'), upper('x') FROM articles",
        "PRAGMA table_info(articles)",
        "PRAGMA user_version",
        "PRAGMA query_only",
        "SELECT name FROM sqlite_master WHERE type = 'table'",
        "EXPLAIN QUERY PLAN SELECT * FROM articles WHERE id = 1",
    };
    CHECK_INT(count_runs(queries, sizeof queries / sizeof queries[0], 1), (long long)(sizeof queries / sizeof queries[0]));
}

TEST(settings_hold)
{
    store *q = open_guarded();
    sqlite3 *db;
    int v = -1;
    CHECK(q != NULL);
    db = store_sqlite(q);
    CHECK(sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, -1, &v) == SQLITE_OK);
    CHECK_INT(v, 0);
    CHECK(sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &v) == SQLITE_OK);
    CHECK_INT(v, 1);
    CHECK(sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &v) == SQLITE_OK);
    CHECK_INT(v, 0);
    CHECK_INT(sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, -1), 0);
    CHECK_INT(sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1), SQLGUARD_MAX_LENGTH_BYTES);
    store_close(q);
}

TEST(bombs_stop_at_the_length_limit)
{
    /* Each either fails ("string or blob too big") or gives up on the
     * value (SQLite's printf returns nothing past the limit). */
    static const char *const bombs[] = {
        "SELECT length(zeroblob(1000000000))",
        "SELECT length(randomblob(500000000))",
        "SELECT length(printf('%.*c', 1000000000, 'x'))",
        "SELECT length(printf('%0999999999d', 1))",
        "WITH RECURSIVE s(x) AS (SELECT 'xx' UNION ALL SELECT x || x FROM s) SELECT length(x) FROM s",
        "SELECT length(replace(hex(zeroblob(30000000)), '0', '0000000000'))",
        "SELECT length(group_concat(hex(randomblob(1000000)))) FROM"
        " (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT i FROM n)",
    };
    store *q = open_guarded();
    size_t i;
    CHECK(q != NULL);
    for (i = 0; i < sizeof bombs / sizeof bombs[0]; i++) {
        sqlite3_stmt *stmt = NULL;
        int rc;
        long long longest = 0;
        CHECK(sqlite3_prepare_v2(store_sqlite(q), bombs[i], -1, &stmt, NULL) == SQLITE_OK);
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            if (sqlite3_column_int64(stmt, 0) > longest) longest = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        if (rc == SQLITE_DONE && longest > SQLGUARD_MAX_LENGTH_BYTES) printf("# %s: %lld bytes\n", bombs[i], longest);
        CHECK(rc != SQLITE_DONE || longest <= SQLGUARD_MAX_LENGTH_BYTES);
        CHECK(rc == SQLITE_DONE || rc == SQLITE_TOOBIG || rc == SQLITE_NOMEM);
    }
    store_close(q);
}

TEST(heap_limit_stops_a_sort)
{
    store *q = open_guarded();
    char err[512];
    long long before;
    int rc;
    CHECK(q != NULL);
    before = sqlguard_set_heap_limit(32LL << 20);
    /* 40 MB of blobs sorted in memory (temp_store=MEMORY): past 32 MB. */
    rc = try_sql(store_sqlite(q),
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
                 " SELECT length(b) FROM (SELECT randomblob(1000000) AS b FROM n) ORDER BY b",
                 err, sizeof err);
    sqlguard_set_heap_limit(before);
    CHECK(rc != 0);
    CHECK(strstr(err, "out of memory") != NULL);
    store_close(q);
}

TEST(function_list)
{
    static const char *const allowed[] = {"->", "->>", "abs", "zeroblob", "match", "bm25", "JSON_EXTRACT",
                                          "group_concat", "row_number", "log10", "log2", "likely", "ln",
                                          "sqlite_source_id", "total_changes", "unixepoch"};
    static const char *const denied[] = {"fts3_tokenizer", "load_extension", "fts5", "rtreenode",
                                         "sqlite_log", "readfile", "", "a"};
    size_t i;
    for (i = 0; i < sizeof allowed / sizeof allowed[0]; i++) CHECK(sqlguard_function_allowed(allowed[i]));
    for (i = 0; i < sizeof denied / sizeof denied[0]; i++) CHECK(!sqlguard_function_allowed(denied[i]));
    CHECK(!sqlguard_function_allowed(NULL));
}

int main(void)
{
    store *st = NULL;
    char err[512];
    static const char *const bulletin =
        "重庆市总工会召开会议\n\n近日,重庆市总工会召开会议,研究落实举措。渝中区总工会参加。\n";
    if (!mkdtemp(tmpdir)) return 1;
    snprintf(db_path, sizeof db_path, "%s/g.db", tmpdir);
    /* A database with one bulletin, through the store as brief ingest makes it. */
    if (store_open(db_path, STORE_READWRITE, &st, err, sizeof err) != STORE_OK) {
        printf("FAIL setup: %s\n", err);
        return 1;
    }
    {
        ingest_options io;
        ingest_bulletin *b = NULL;
        memset(&io, 0, sizeof io);
        io.filename = "2023-10-27_a.txt";
        if (ingest_parse((const unsigned char *)bulletin, strlen(bulletin), &io, &b, err, sizeof err) != INGEST_OK ||
            store_add_bulletin(st, b, NULL, NULL, NULL) != STORE_OK) {
            printf("FAIL setup: cannot store a bulletin: %s %s\n", err, store_errmsg(st));
            return 1;
        }
        ingest_bulletin_destroy(b);
    }
    store_close(st);

    RUN(attacks_refused);
    RUN(tokenizer_pointer_bound_as_parameter_refused);
    RUN(reports_queries_run);
    RUN(settings_hold);
    RUN(bombs_stop_at_the_length_limit);
    RUN(heap_limit_stops_a_sort);
    RUN(function_list);

    {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
        if (system(cmd) != 0) return 1;
    }
    return harness_done();
}
