/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_review.c — the review and corrections of store/review.h on bulletins
 * built by hand: each correction with its index, folds and mentions; all or
 * none; refusals; a delete and a restore with the corrections applied
 * again; carrying corrections to a re-send (store_corrections_carry); the
 * list with its flags and filters; a bulletin shown part by part. */
#include "harness.h"
#include "store/review.h"
#include "store/store.h"
#include "store/store_private.h"

#include <stdlib.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_review.XXXXXX";
static mentions_rules *rules;

static long long qint(store *st, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(store_sqlite(st), sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

static const char *qtext(store *st, const char *sql)
{
    static char buf[2048];
    sqlite3_stmt *stmt = NULL;
    snprintf(buf, sizeof buf, "(no row)");
    if (sqlite3_prepare_v2(store_sqlite(st), sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(stmt, 0);
        snprintf(buf, sizeof buf, "%s", t ? (const char *)t : "(null)");
    }
    sqlite3_finalize(stmt);
    return buf;
}

/* Both full-text indexes agree with their tables. */
static int fts_ok(store *st)
{
    return sqlite3_exec(store_sqlite(st),
                        "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check');"
                        "INSERT INTO article_folds_fts(article_folds_fts) VALUES ('integrity-check')",
                        NULL, NULL, NULL) == SQLITE_OK;
}

static char *p1[] = {"重庆市总工会召开专题会议。", "会议强调,要提高政治站位。"};
static char *p2[] = {"渝北区总工会开展职工活动。"};
static char *p3[] = {"開州區總工會召開座談會。"};

static ingest_article arts[] = {
    {.title = "工会召开会议", .paragraphs = p1, .paragraph_count = 2, .title_rule = "headline"},
    {.title = "渝北区开展活动", .paragraphs = p2, .paragraph_count = 1, .title_rule = "headline"},
    {.title = "開州區座談", .paragraphs = p3, .paragraph_count = 1, .title_rule = "first-clause"},
};

static ingest_bulletin bulletin(char digit, char *date)
{
    ingest_bulletin b;
    memset(&b, 0, sizeof b);
    memset(b.sha256, digit, 64);
    b.encoding = "utf-8";
    b.issued_on = date;
    b.date_source = date ? "metadata" : NULL;
    b.articles = arts;
    b.article_count = 3;
    return b;
}

static store *open_new(const char *name)
{
    char path[256], err[256];
    store *st = NULL;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    unlink(path);
    if (store_open(path, STORE_READWRITE, &st, err, sizeof err) != STORE_OK) {
        printf("# %s\n", err);
        return NULL;
    }
    mentions_rules_fold(rules, store_fold(st));
    store_set_mentions_rules(st, rules);
    return st;
}

static int64_t add(store *st, char digit, char *date, int restore)
{
    ingest_bulletin b = bulletin(digit, date);
    store_bulletin_meta meta = {"test", "a.txt", 100, NULL, NULL, restore, 0};
    store_add_result res;
    int rc = store_add_bulletin(st, &b, &meta, NULL, &res);
    return rc == STORE_OK ? res.bulletin_id : -rc;
}

static int fix(store *st, store_correction_kind kind, int64_t id, long article, long paragraph, const char *value)
{
    store_correction c = {kind, id, article, paragraph, value, "tester"};
    return store_correct(st, &c, 1, NULL);
}

TEST(title_updates_index_folds_and_mentions)
{
    store *st = open_new("t.db");
    CHECK(st);
    int64_t id = add(st, 'a', NULL, 0);
    CHECK_INT(id, 1);
    CHECK_INT(qint(st, "SELECT weak FROM articles WHERE seq = 3"), 1);
    CHECK_INT(fix(st, STORE_FIX_TITLE, id, 2, 0, "渝北区总工会健步走"), STORE_OK);
    CHECK_STR(qtext(st, "SELECT title || '|' || title_rule FROM articles WHERE seq = 2"), "渝北区总工会健步走|correction");
    CHECK_INT(qint(st, "SELECT count(*) FROM articles_fts WHERE title LIKE '%健步走%'"), 1);
    CHECK_INT(qint(st, "SELECT count(*) FROM articles_fts WHERE title LIKE '%开展活动%'"), 0);
    CHECK_INT(qint(st, "SELECT count FROM mentions m JOIN articles a ON a.id = m.article_id"
                       " WHERE a.seq = 2 AND m.value = '渝北区总工会'"), 2);
    /* a traditional title: its folded copy follows, search in either script */
    CHECK_INT(fix(st, STORE_FIX_TITLE, id, 3, 0, "開州區總工會座談"), STORE_OK);
    CHECK_STR(qtext(st, "SELECT f.title FROM article_folds f JOIN articles a ON a.id = f.article_id WHERE a.seq = 3"),
              "开州区总工会座谈");
    CHECK_INT(qint(st, "SELECT weak FROM articles WHERE seq = 3"), 0);
    CHECK_STR(qtext(st, "SELECT group_concat(action || ':' || article || ':' || old_value || ':' || new_value || ':' ||"
                        " made_by, ' ') FROM corrections"),
              "title:2:渝北区开展活动:渝北区总工会健步走:tester title:3:開州區座談:開州區總工會座談:tester");
    CHECK(fts_ok(st));
    store_close(st);
}

TEST(all_or_none_and_refusals)
{
    store *st = open_new("r.db");
    CHECK(st);
    int64_t id = add(st, 'b', NULL, 0);
    store_correction two[] = {{STORE_FIX_DATE, id, 0, 0, "2023-10-24", "t"}, {STORE_FIX_TITLE, id, 7, 0, "x", "t"}};
    CHECK_INT(store_correct(st, two, 2, NULL), STORE_ERROR);
    CHECK_STR(store_errmsg(st), "bulletin 1 has 3 articles, not 7");
    CHECK_STR(qtext(st, "SELECT issued_on FROM bulletins"), "(null)");
    CHECK_INT(qint(st, "SELECT count(*) FROM corrections"), 0);
    CHECK_INT(fix(st, STORE_FIX_DATE, id, 0, 0, "2023-02-29"), STORE_ERROR);
    CHECK_INT(fix(st, STORE_FIX_DATE, id, 0, 0, "2023-10-24x"), STORE_ERROR);
    CHECK_INT(fix(st, STORE_FIX_SOURCE, 99, 0, 0, "x"), STORE_ERROR);
    CHECK_STR(store_errmsg(st), "no bulletin 99");
    CHECK_INT(fix(st, STORE_FIX_TITLE, id, 1, 0, "  "), STORE_ERROR);
    CHECK_INT(fix(st, STORE_FIX_TITLE, id, 1, 0, "a\xe2\x80\xae" "b"), STORE_ERROR);
    CHECK_INT(fix(st, STORE_FIX_TITLE, id, 1, 0, "a\xff"), STORE_ERROR);
    char *long_title = malloc(3 * 501 + 1);
    CHECK(long_title);
    for (int i = 0; i < 501; i++) memcpy(long_title + 3 * i, "长", 3);
    long_title[3 * 501] = '\0';
    int long_rc = fix(st, STORE_FIX_TITLE, id, 1, 0, long_title);
    char long_msg[128];
    snprintf(long_msg, sizeof long_msg, "%s", store_errmsg(st));
    long_title[3 * 500] = '\0';
    int ok_rc = fix(st, STORE_FIX_TITLE, id, 1, 0, long_title);
    free(long_title);
    CHECK_INT(long_rc, STORE_ERROR);
    CHECK_STR(long_msg, "the title is longer than 500 characters");
    CHECK_INT(ok_rc, STORE_OK);
    CHECK_INT(fix(st, STORE_FIX_TITLE, id, 1, 0, "工会召开会议"), STORE_OK);
    CHECK_INT(qint(st, "SELECT count(*) FROM corrections"), 2);
    CHECK_INT(sqlite3_exec(store_sqlite(st), "DELETE FROM corrections", NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(fix(st, STORE_FIX_TITLE, id, 1, 0, "工会召开会议"), STORE_ERROR);   /* nothing to change */
    CHECK_INT(fix(st, STORE_FIX_JOIN, id, 3, 0, NULL), STORE_ERROR);
    CHECK_INT(fix(st, STORE_FIX_SPLIT, id, 1, 1, NULL), STORE_ERROR);
    CHECK_INT(fix(st, STORE_FIX_SPLIT, id, 1, 3, NULL), STORE_ERROR);
    CHECK_INT(qint(st, "SELECT count(*) FROM corrections"), 0);
    /* not inside an open batch */
    CHECK_INT(store_batch_begin(st), STORE_OK);
    CHECK_INT(fix(st, STORE_FIX_SOURCE, id, 0, 0, "x"), STORE_ERROR);
    CHECK_INT(store_batch_commit(st), STORE_OK);
    CHECK(fts_ok(st));
    store_close(st);
}

TEST(join_and_split_move_paragraphs)
{
    store *st = open_new("j.db");
    CHECK(st);
    int64_t id = add(st, 'c', "2023-10-24", 0);
    CHECK_INT(fix(st, STORE_FIX_JOIN, id, 1, 0, NULL), STORE_OK);
    CHECK_INT(qint(st, "SELECT article_count FROM bulletins"), 2);
    CHECK_STR(qtext(st, "SELECT group_concat(text, '/') FROM (SELECT p.text FROM paragraphs p JOIN articles a"
                        " ON a.id = p.article_id WHERE a.seq = 1 ORDER BY p.seq)"),
              "重庆市总工会召开专题会议。/会议强调,要提高政治站位。/渝北区开展活动/渝北区总工会开展职工活动。");
    CHECK_STR(qtext(st, "SELECT group_concat(seq || title, ' ') FROM (SELECT * FROM articles ORDER BY seq)"),
              "1工会召开会议 2開州區座談");
    CHECK_INT(fix(st, STORE_FIX_SPLIT, id, 1, 3, NULL), STORE_OK);
    CHECK_STR(qtext(st, "SELECT group_concat(seq || title || paragraph_count, ' ') FROM (SELECT * FROM articles ORDER BY seq)"),
              "1工会召开会议2 2渝北区开展活动1 3開州區座談1");
    CHECK_INT(fix(st, STORE_FIX_SPLIT, id, 1, 2, "第二篇"), STORE_OK);
    CHECK_STR(qtext(st, "SELECT group_concat(seq || title || paragraph_count, ' ') FROM (SELECT * FROM articles ORDER BY seq)"),
              "1工会召开会议1 2第二篇1 3渝北区开展活动1 4開州區座談1");
    CHECK_INT(qint(st, "SELECT count(*) FROM articles_fts WHERE body LIKE '%政治站位%'"), 1);
    CHECK_INT(qint(st, "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id"
                       " WHERE a.seq = 1 AND m.value = '渝北区'"), 0);
    CHECK(fts_ok(st));
    store_close(st);
}

TEST(delete_refuses_bytes_until_restored_then_replays)
{
    store *st = open_new("d.db");
    CHECK(st);
    int64_t id = add(st, 'd', NULL, 0);
    CHECK_INT(fix(st, STORE_FIX_DATE, id, 0, 0, "2023-10-24"), STORE_OK);
    CHECK_INT(fix(st, STORE_FIX_TITLE, id, 2, 0, "渝北区职工健步走"), STORE_OK);
    CHECK_INT(fix(st, STORE_FIX_JOIN, id, 2, 0, NULL), STORE_OK);
    CHECK_INT(fix(st, STORE_FIX_DELETE, id, 0, 0, NULL), STORE_OK);
    CHECK_INT(qint(st, "SELECT count(*) FROM articles"), 0);
    CHECK(fts_ok(st));
    CHECK_INT(add(st, 'd', NULL, 0), -STORE_DELETED);
    CHECK_INT(qint(st, "SELECT count(*) FROM bulletins"), 0);
    /* inside a batch the refusal costs nothing of the batch */
    CHECK_INT(store_batch_begin(st), STORE_OK);
    CHECK_INT(add(st, 'e', NULL, 0) > 0, 1);
    CHECK_INT(add(st, 'd', NULL, 0), -STORE_DELETED);
    CHECK_INT(store_batch_commit(st), STORE_OK);
    CHECK_INT(qint(st, "SELECT count(*) FROM bulletins"), 1);
    /* restored in a batch: the corrections are applied again */
    CHECK_INT(store_batch_begin(st), STORE_OK);
    int64_t again = add(st, 'd', NULL, 1);
    CHECK(again > 0);
    CHECK_INT(add(st, 'f', NULL, 0) > 0, 1);
    CHECK_INT(store_batch_commit(st), STORE_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT issued_on || ' ' || date_source || ' ' || article_count FROM bulletins WHERE id = %lld",
             (long long)again);
    CHECK_STR(qtext(st, sql), "2023-10-24 correction 2");
    snprintf(sql, sizeof sql, "SELECT title FROM articles WHERE bulletin_id = %lld AND seq = 2", (long long)again);
    CHECK_STR(qtext(st, sql), "渝北区职工健步走");
    CHECK_INT(qint(st, "SELECT count(*) FROM corrections WHERE action = 'restore'"), 1);
    CHECK_INT(qint(st, "SELECT count(*) FROM articles_fts WHERE title LIKE '%健步走%'"), 1);
    CHECK(fts_ok(st));
    /* stored again later: only once (already stored) */
    CHECK_INT(add(st, 'd', NULL, 0), -STORE_DUPLICATE);
    store_close(st);
}

TEST(carry_applies_what_still_applies)
{
    store *st = open_new("c.db");
    CHECK(st);
    int64_t from = add(st, '1', NULL, 0), to = add(st, '2', "2023-10-27", 0), third = add(st, '3', NULL, 0);
    CHECK_INT(fix(st, STORE_FIX_DATE, from, 0, 0, "2023-10-24"), STORE_OK);
    CHECK_INT(fix(st, STORE_FIX_TITLE, from, 1, 0, "工会召开专题会议"), STORE_OK);
    CHECK_INT(fix(st, STORE_FIX_SPLIT, from, 1, 2, NULL), STORE_OK);
    size_t applied = 0, skipped = 0;
    CHECK_INT(store_corrections_carry(st, from, to, &applied, &skipped), STORE_OK);
    /* the re-send has a date of its own: kept; the title and the split carried */
    CHECK_INT(applied, 2);
    CHECK_INT(skipped, 1);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT issued_on FROM bulletins WHERE id = %lld", (long long)to);
    CHECK_STR(qtext(st, sql), "2023-10-27");
    snprintf(sql, sizeof sql, "SELECT group_concat(seq || title, ' ') FROM (SELECT * FROM articles WHERE bulletin_id = %lld"
             " ORDER BY seq)", (long long)to);
    CHECK_STR(qtext(st, sql), "1工会召开专题会议 2会议强调,要提高政治站位。 3渝北区开展活动 4開州區座談");
    CHECK_INT(qint(st, "SELECT count(*) FROM corrections WHERE carried_from IS NOT NULL"), 2);
    CHECK_STR(qtext(st, "SELECT made_by FROM corrections WHERE carried_from IS NOT NULL LIMIT 1"), "tester");
    /* an undated re-send takes the date too */
    CHECK_INT(store_corrections_carry(st, from, third, &applied, &skipped), STORE_OK);
    CHECK_INT(applied, 3);
    snprintf(sql, sizeof sql, "SELECT issued_on FROM bulletins WHERE id = %lld", (long long)third);
    CHECK_STR(qtext(st, sql), "2023-10-24");
    /* inside a batch, as a re-send stored by brief ingest would be: the
     * batch's articles are indexed first, and those after the carry too */
    CHECK_INT(store_batch_begin(st), STORE_OK);
    int64_t in_batch = add(st, '4', NULL, 0);
    CHECK(in_batch > 0);
    CHECK_INT(store_corrections_carry(st, from, in_batch, &applied, &skipped), STORE_OK);
    CHECK_INT(applied, 3);
    CHECK_INT(add(st, '7', NULL, 0) > 0, 1);
    CHECK_INT(store_batch_commit(st), STORE_OK);
    CHECK_INT(qint(st, "SELECT count(*) FROM articles_fts WHERE title LIKE '%专题会议%'"), 4);
    CHECK_INT(qint(st, "SELECT count(*) FROM articles_fts WHERE body LIKE '%开展职工活动%'"), 5);
    CHECK(fts_ok(st));
    /* refused: no such bulletin, itself */
    CHECK_INT(store_corrections_carry(st, from, 99, NULL, NULL), STORE_ERROR);
    CHECK_INT(store_corrections_carry(st, from, from, NULL, NULL), STORE_ERROR);
    CHECK(fts_ok(st));
    store_close(st);
}

typedef struct rows { int n; char flags[8][64]; long long ids[8]; } rows;

static int on_row(void *ud, size_t ncols, const char *const *names, const store_value *row)
{
    rows *r = ud;
    if (!row || r->n == 8) return 0;
    for (size_t i = 0; i < ncols; i++) {
        if (strcmp(names[i], "id") == 0) r->ids[r->n] = row[i].integer;
        if (strcmp(names[i], "flags") == 0) snprintf(r->flags[r->n], sizeof r->flags[0], "%s", row[i].bytes);
    }
    r->n++;
    return 0;
}

static int on_part(void *ud, const char *part, size_t ncols, const char *const *names, const store_value *row)
{
    (void)ncols; (void)names; (void)row;
    strncat((char *)ud, part, 4);
    strcat((char *)ud, " ");
    return 0;
}

TEST(list_and_show)
{
    store *st = open_new("l.db");
    CHECK(st);
    int64_t a = add(st, '5', NULL, 0), b = add(st, '6', "2023-10-24", 0);
    (void)b;
    CHECK_INT(fix(st, STORE_FIX_TITLE, a, 3, 0, "开州区座谈"), STORE_OK);
    rows r = {0};
    store_bulletins_filter all = {0, NULL, NULL, 0, 0};
    CHECK_INT(store_bulletins_list(st, &all, on_row, &r), STORE_OK);
    CHECK_INT(r.n, 2);
    CHECK_INT(r.ids[0], 2);
    CHECK_STR(r.flags[0], "weak-title");
    CHECK_STR(r.flags[1], "undated,corrected");
    store_bulletins_filter undated = {1, NULL, NULL, 0, 0};
    memset(&r, 0, sizeof r);
    CHECK_INT(store_bulletins_list(st, &undated, on_row, &r), STORE_OK);
    CHECK_INT(r.n, 1);
    store_bulletins_filter since = {0, "2023-10-25", NULL, 0, 0};
    memset(&r, 0, sizeof r);
    CHECK_INT(store_bulletins_list(st, &since, on_row, &r), STORE_OK);
    CHECK_INT(r.n, 0);
    store_bulletins_filter bad = {0, "2023-13-01", NULL, 0, 0};
    CHECK_INT(store_bulletins_list(st, &bad, on_row, &r), STORE_ERROR);
    char parts[512] = "";
    CHECK_INT(store_bulletin_show(st, a, on_part, parts), STORE_OK);
    CHECK_STR(parts, "bull arti para para arti para arti para corr ");
    CHECK_INT(store_bulletin_show(st, 42, on_part, parts), STORE_ERROR);
    CHECK_STR(store_errmsg(st), "no bulletin 42");
    store_close(st);
}

int main(void)
{
    char err[256];
    if (!mkdtemp(tmpdir)) return 1;
    rules = mentions_rules_load("data/mentions", err, sizeof err);
    if (!rules) {
        printf("FAIL setup: %s\n", err);
        return 1;
    }
    RUN(title_updates_index_folds_and_mentions);
    RUN(all_or_none_and_refusals);
    RUN(join_and_split_move_paragraphs);
    RUN(delete_refuses_bytes_until_restored_then_replays);
    RUN(carry_applies_what_still_applies);
    RUN(list_and_show);
    mentions_rules_destroy(rules);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) return 1;
    return harness_done();
}
