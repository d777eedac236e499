/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_search.c — the one search of brief search and brief.data.search:
 * words, the SQL (every word, dates, limit, order, literal wildcards) on a
 * store built by hand, and the marking of matches and snippets. */
#include "harness.h"
#include "store/search.h"
#include "store/store.h"
#include "store/store_private.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_search.XXXXXX";

/* The words of text as "a|b|c", or the error. */
static const char *words_of(const char *text)
{
    static char out[512];
    char err[128];
    search_query *q = NULL;
    sbuf b = SBUF_INIT;
    if (search_query_parse(text, strlen(text), &q, err, sizeof err) != 0) {
        snprintf(out, sizeof out, "error: %s", err);
        return out;
    }
    /* Marking every word of a text made of the words shows the words. */
    search_mark(q, text, strlen(text), "[", "]", &b);
    snprintf(out, sizeof out, "%zu %s", search_query_words(q), b.data ? b.data : "");
    sbuf_free(&b);
    search_query_free(q);
    return out;
}

TEST(words_are_split_at_every_kind_of_white_space)
{
    CHECK_STR(words_of("工会 竞赛"), "2 [工会] [竞赛]");
    /* U+00A0 no-break space, U+3000 ideographic space, a tab, U+2028. */
    CHECK_STR(words_of("工会\u00A0竞赛"), "2 [工会]\u00A0[竞赛]");
    CHECK_STR(words_of("工会\u3000竞赛"), "2 [工会]\u3000[竞赛]");
    CHECK_STR(words_of(" 工会\t竞赛 "), "2  [工会] [竞赛] ");
    CHECK_STR(words_of("工会\u2028竞赛"), "2 [工会]\u2028[竞赛]");
    CHECK_STR(words_of("  \u3000\u00A0"), "error: nothing to search for");
    CHECK_STR(words_of(""), "error: nothing to search for");
}

TEST(too_many_words_is_an_error_not_a_shorter_search)
{
    char text[1024] = "";
    int i;
    for (i = 0; i < SEARCH_MAX_WORDS; i++) strcat(text, "a ");
    CHECK(strncmp(words_of(text), "64 ", 3) == 0);
    strcat(text, "b");
    CHECK_STR(words_of(text), "error: too many words (65; at most 64)");
}

static const char *marked(const char *words, const char *text)
{
    static char out[512];
    char err[128];
    search_query *q = NULL;
    sbuf b = SBUF_INIT;
    if (search_query_parse(words, strlen(words), &q, err, sizeof err) != 0) return "(error)";
    search_mark(q, text, strlen(text), "<", ">", &b);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    sbuf_free(&b);
    search_query_free(q);
    return out;
}

TEST(marks_ascii_either_case_longest_word_one_line)
{
    CHECK_STR(marked("abc", "ABC and Abc"), "<ABC> and <Abc>");
    /* Where two words match at one place, the longer is marked. */
    CHECK_STR(marked("工会 总工会", "市总工会和工会"), "市<总工会>和<工会>");
    CHECK_STR(marked("工会", "第一段\n工会\r\t第二段"), "第一段 <工会>  第二段");
    /* Only ASCII folds: a full-width Ａ is not a. */
    CHECK_STR(marked("a", "Ａa"), "Ａ<a>");
    /* Invalid UTF-8 is copied byte by byte, never cut into. */
    CHECK_STR(marked("x", "\xE5\xB7x"), "\xE5\xB7<x>");
}

TEST(snippet_shows_the_first_match_in_its_window)
{
    char body[1024] = "";
    char err[64];
    search_query *q = NULL;
    sbuf b = SBUF_INIT;
    int i;
    for (i = 0; i < 30; i++) strcat(body, "前");
    strcat(body, "目标");
    for (i = 0; i < 90; i++) strcat(body, "后");
    CHECK(search_query_parse("目标", 6, &q, err, sizeof err) == 0);
    search_snippet(q, body, strlen(body), "【", "】", &b);
    /* "…", 24 characters before, the match, the rest of 80, "…". */
    CHECK(strncmp(b.data, "…前", strlen("…前")) == 0);
    CHECK(strstr(b.data, "前【目标】后") != NULL);
    CHECK_INT(utf8_length(b.data, b.len), 1 + SEARCH_SNIPPET_CHARS + 2 + 1);
    sbuf_clear(&b);
    /* No match: the beginning. */
    search_snippet(q, "短文", strlen("短文"), "【", "】", &b);
    CHECK_STR(b.data, "短文");
    sbuf_free(&b);
    search_query_free(q);
}

/* ---- the SQL, on a store ---------------------------------------------------- */

static char *paras_a[] = {"全市职工职业技能大赛决赛开赛,12个竞赛项目。"};
static char *paras_b[] = {"市总工会部署工作,推进职业技能培训。"};
static char *paras_c[] = {"工会驿站服务户外劳动者,100%覆盖。"};

static int add(store *st, char digit, char *date, const char *title, char **paras)
{
    ingest_article a = {.title = (char *)title, .paragraphs = paras, .paragraph_count = 1};
    ingest_bulletin b;
    memset(&b, 0, sizeof b);
    memset(b.sha256, digit, 64);
    b.encoding = "utf-8";
    b.issued_on = date;
    b.articles = &a;
    b.article_count = 1;
    return store_add_bulletin(st, &b, NULL, NULL, NULL);
}

/* The ids found for words within [from, to], limit, as "1 2 3". */
static const char *found(store *st, const char *words, const char *from, const char *to, long long limit)
{
    static char out[512];
    char err[256];
    search_query *q = NULL;
    sqlite3_stmt *stmt = NULL;
    size_t len = 0;
    out[0] = '\0';
    if (search_query_parse(words, strlen(words), &q, err, sizeof err) != 0 ||
        search_prepare(store_sqlite(st), q, from, to, limit, &stmt, err, sizeof err) != 0) {
        snprintf(out, sizeof out, "error: %s", err);
        search_query_free(q);
        return out;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%lld", len ? " " : "",
                                (long long)sqlite3_column_int64(stmt, SEARCH_COL_ID));
    sqlite3_finalize(stmt);
    search_query_free(q);
    return out;
}

TEST(prepare_finds_every_word_newest_first)
{
    char path[300], err[256];
    store *st = NULL;
    snprintf(path, sizeof path, "%s/s.db", tmpdir);
    CHECK_INT(store_open(path, STORE_READWRITE, &st, err, sizeof err), STORE_OK);
    CHECK_INT(add(st, '1', "2023-10-10", "职工技能大赛开赛", paras_a), STORE_OK);  /* id 1 */
    CHECK_INT(add(st, '2', "2023-10-24", "市总工会部署工作", paras_b), STORE_OK);  /* id 2 */
    CHECK_INT(add(st, '3', NULL, "工会驿站", paras_c), STORE_OK);                /* id 3 */

    CHECK_STR(found(st, "职业技能", NULL, NULL, -1), "2 1");
    CHECK_STR(found(st, "职业技能 竞赛", NULL, NULL, -1), "1");
    CHECK_STR(found(st, "职业技能\u00A0竞赛", NULL, NULL, -1), "1");
    /* Short words scan; undated last. */
    CHECK_STR(found(st, "工会", NULL, NULL, -1), "2 3");
    CHECK_STR(found(st, "工会", NULL, NULL, 1), "2");
    /* Dates bound issued_on; an undated article is outside any bound. */
    CHECK_STR(found(st, "职业技能", "2023-10-11", NULL, -1), "2");
    CHECK_STR(found(st, "职业技能", NULL, "2023-10-23", -1), "1");
    CHECK_STR(found(st, "工会", "2000-01-01", NULL, -1), "2");
    /* The columns by name, in order. */
    {
        search_query *q = NULL;
        sqlite3_stmt *stmt = NULL;
        static const char *const names[] = {"id", "bulletin_id", "seq", "title", "subtitle", "body",
                                            "issued_on", "source"};
        int i;
        CHECK(search_query_parse("驿站", 6, &q, err, sizeof err) == 0);
        CHECK(search_prepare(store_sqlite(st), q, NULL, NULL, -1, &stmt, err, sizeof err) == 0);
        search_query_free(q);   /* the statement keeps no pointer into q */
        CHECK_INT(sqlite3_column_count(stmt), 8);
        for (i = 0; i < 8; i++) CHECK_STR(sqlite3_column_name(stmt, i), names[i]);
        CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
        CHECK_STR((const char *)sqlite3_column_text(stmt, SEARCH_COL_TITLE), "工会驿站");
        sqlite3_finalize(stmt);
    }
    /* Quotes, % and _ are literal characters, FTS5 syntax is words. */
    CHECK_STR(found(st, "100%", NULL, NULL, -1), "3");
    CHECK_STR(found(st, "1_0", NULL, NULL, -1), "");
    CHECK_STR(found(st, "%", NULL, NULL, -1), "3");
    CHECK_STR(found(st, "\"工会", NULL, NULL, -1), "");
    CHECK_STR(found(st, "工会 OR 竞赛", NULL, NULL, -1), "");
    CHECK_STR(found(st, "NEAR(工会驿站)", NULL, NULL, -1), "");
    store_close(st);
}

/* Folded, simplified and traditional find each other, and the marks fall
 * on the characters as stored. */
static char *paras_t[] = {"重慶市總工會舉辦職工技能競賽,三百餘名職工參加。"};

static const char *found_folded(store *st, const char *words)
{
    static char out[512];
    char err[256];
    search_query *q = NULL;
    sqlite3_stmt *stmt = NULL;
    size_t len = 0;
    out[0] = '\0';
    if (search_query_parse(words, strlen(words), &q, err, sizeof err) != 0) return "error";
    search_query_fold(q, store_fold(st));
    if (search_prepare(store_sqlite(st), q, NULL, NULL, -1, &stmt, err, sizeof err) != 0) {
        search_query_free(q);
        snprintf(out, sizeof out, "error: %s", err);
        return out;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        sbuf b = SBUF_INIT;
        const char *title = (const char *)sqlite3_column_text(stmt, SEARCH_COL_TITLE);
        search_mark(q, title, strlen(title), "<", ">", &b);
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%lld:%s", len ? " " : "",
                                (long long)sqlite3_column_int64(stmt, SEARCH_COL_ID), b.data ? b.data : "");
        sbuf_free(&b);
    }
    sqlite3_finalize(stmt);
    search_query_free(q);
    return out;
}

TEST(folded_simplified_and_traditional_find_each_other)
{
    char path[300], err[256];
    store *st = NULL;
    snprintf(path, sizeof path, "%s/f.db", tmpdir);
    CHECK_INT(store_open(path, STORE_READWRITE, &st, err, sizeof err), STORE_OK);
    CHECK_INT(add(st, '1', "2023-10-10", "重慶市總工會舉辦競賽", paras_t), STORE_OK);   /* id 1 */
    CHECK_INT(add(st, '2', "2023-10-24", "市总工会部署工作", paras_b), STORE_OK);       /* id 2 */
    CHECK(store_fold(st) != NULL);
    /* short and trigram words, either script typed */
    CHECK_STR(found_folded(st, "工会"), "2:市总<工会>部署工作 1:重慶市總<工會>舉辦競賽");
    CHECK_STR(found_folded(st, "工會"), "2:市总<工会>部署工作 1:重慶市總<工會>舉辦競賽");
    CHECK_STR(found_folded(st, "總工會"), "2:市<总工会>部署工作 1:重慶市<總工會>舉辦競賽");
    CHECK_STR(found_folded(st, "重庆市总工会"), "1:<重慶市總工會>舉辦競賽");
    CHECK_STR(found_folded(st, "技能竞赛 三百"), "1:重慶市總工會舉辦競賽");
    /* not folded: only the script as typed */
    CHECK_STR(found(st, "總工會", NULL, NULL, -1), "1");
    CHECK_STR(found(st, "总工会", NULL, NULL, -1), "2");
    /* the snippet marks the stored characters too */
    {
        search_query *q = NULL;
        sbuf b = SBUF_INIT;
        CHECK(search_query_parse("职工参加", strlen("职工参加"), &q, err, sizeof err) == 0);
        search_query_fold(q, store_fold(st));
        search_snippet(q, paras_t[0], strlen(paras_t[0]), "[", "]", &b);
        CHECK_STR(b.data, "重慶市總工會舉辦職工技能競賽,三百餘名[職工參加]。");
        sbuf_free(&b);
        search_query_free(q);
    }
    store_close(st);
}

int main(void)
{
    int rc;
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
    RUN(words_are_split_at_every_kind_of_white_space);
    RUN(too_many_words_is_an_error_not_a_shorter_search);
    RUN(marks_ascii_either_case_longest_word_one_line);
    RUN(snippet_shows_the_first_match_in_its_window);
    RUN(prepare_finds_every_word_newest_first);
    RUN(folded_simplified_and_traditional_find_each_other);
    rc = harness_done();
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) rc = 1;
    }
    return rc;
}
