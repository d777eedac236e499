/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fts_trigram.c — the fast trigram tokenizer gives exactly the built-in
 * one's tokens, and an index built through it is SQLite's own. */
#include "harness.h"
#include "store/fts_trigram.h"
#include "util/sbuf.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* Tokens as text, one "hex bytes start end" line each. */
static int collect(void *ctx, int flags, const char *tok, int n, int start, int end)
{
    sbuf *out = ctx;
    int i;
    sbuf_printf(out, "%d:", flags);
    for (i = 0; i < n; i++) sbuf_printf(out, "%02x", (unsigned char)tok[i]);
    sbuf_printf(out, " %d %d\n", start, end);
    return SQLITE_OK;
}

typedef struct tokenizer {
    fts5_tokenizer api;
    Fts5Tokenizer *inst;
} tokenizer;

/* "trigram" as db resolves it, created with args. */
static int open_tokenizer(sqlite3 *db, const char **args, int nargs, tokenizer *t)
{
    fts5_api *api = fts_trigram_fts5_api(db);
    void *ctx = NULL;
    if (!api || api->xFindTokenizer(api, "trigram", &ctx, &t->api) != SQLITE_OK) return -1;
    return t->api.xCreate(ctx, args, nargs, &t->inst) == SQLITE_OK ? 0 : -1;
}

typedef struct pair {
    sqlite3 *plain, *fast;
    tokenizer builtin, ours;
    sbuf a, b;
} pair;

static int pair_open(pair *p, const char **args, int nargs)
{
    memset(p, 0, sizeof *p);
    if (sqlite3_open(":memory:", &p->plain) != SQLITE_OK || sqlite3_open(":memory:", &p->fast) != SQLITE_OK)
        return -1;
    if (fts_trigram_register(p->fast) != SQLITE_OK) return -1;
    if (open_tokenizer(p->plain, args, nargs, &p->builtin) != 0) return -1;
    if (open_tokenizer(p->fast, args, nargs, &p->ours) != 0) return -1;
    return 0;
}

static void pair_close(pair *p)
{
    if (p->builtin.inst) p->builtin.api.xDelete(p->builtin.inst);
    if (p->ours.inst) p->ours.api.xDelete(p->ours.inst);
    sqlite3_close(p->plain);
    sqlite3_close(p->fast);
    sbuf_free(&p->a);
    sbuf_free(&p->b);
}

/* 1 when both tokenizers give the same tokens for text[0..n). */
static int same_tokens(pair *p, const char *text, int n)
{
    int ra, rb;
    sbuf_clear(&p->a);
    sbuf_clear(&p->b);
    ra = p->builtin.api.xTokenize(p->builtin.inst, &p->a, FTS5_TOKENIZE_DOCUMENT, text, n, collect);
    rb = p->ours.api.xTokenize(p->ours.inst, &p->b, FTS5_TOKENIZE_DOCUMENT, text, n, collect);
    if (ra != rb || p->a.len != p->b.len) return 0;
    return p->a.len == 0 || memcmp(p->a.data, p->b.data, p->a.len) == 0;
}

/* Every code point of the fast path and of the ranges around it, inside
 * text with capitals and on its own. */
TEST(every_code_point_near_the_fast_path)
{
    static const uint32_t ranges[][2] = {
        {0x01, 0x7FF}, {0x1E00, 0x2200}, {0x2F00, 0xA100}, {0xF900, 0xFAFF}, {0xFE00, 0xFFFD},
        {0x20000, 0x20010}, {0x1F600, 0x1F610},
    };
    pair p;
    size_t r;
    CHECK(pair_open(&p, NULL, 0) == 0);
    for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        uint32_t cp;
        for (cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
            char text[64];
            size_t n = 0, k;
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            text[n++] = 'A';
            n += utf8_encode(cp, text + n);
            text[n++] = 'b';
            for (k = 0; k < 2; k++) n += utf8_encode(cp, text + n);
            n += utf8_encode(0x4E2D, text + n);
            text[n++] = 'Z';
            if (!same_tokens(&p, text, (int)n)) {
                harness_fail(__FILE__, __LINE__, "U+%04X: tokens differ", (unsigned)cp);
                pair_close(&p);
                return;
            }
        }
    }
    pair_close(&p);
}

/* Random text from an alphabet of what bulletins hold and what they should
 * not: capitals, full-width letters, accents, astral ideographs, NUL,
 * invalid and truncated UTF-8; every length from 0 up. */
TEST(random_text_gives_the_same_tokens)
{
    static const char *const alphabet[] = {
        "a", "Z", "Q", "7", " ", "-", "\n", "中", "国", "工", "会", "。", "，", "“", "”", "、", "…",
        "—", "·", "Ａ", "ｚ", "０", "（", "）", "é", "Ω", "𡉃", "😀", "ア", "ㄅ", "\xFF", "\x80",
        "\xE4\xB8", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xEF\xBF\xBE",
    };
    const size_t nalpha = sizeof alphabet / sizeof alphabet[0];
    uint32_t seed = 12345;
    pair p;
    int i;
    CHECK(pair_open(&p, NULL, 0) == 0);
    for (i = 0; i < 20000; i++) {
        char text[256];
        size_t n = 0, len, k;
        seed = seed * 1103515245u + 12345u;
        len = (seed >> 16) % 40;
        for (k = 0; k < len; k++) {
            const char *piece;
            seed = seed * 1103515245u + 12345u;
            /* mostly the common characters, now and then the odd ones */
            piece = alphabet[(seed >> 16) % ((seed & 0x8000) ? nalpha : 20)];
            memcpy(text + n, piece, strlen(piece));
            n += strlen(piece);
        }
        if (i % 97 == 0 && n > 2) text[n / 2] = '\0';   /* a NUL in the middle */
        if (!same_tokens(&p, text, (int)n)) {
            harness_fail(__FILE__, __LINE__, "text %d (%zu bytes): tokens differ", i, n);
            pair_close(&p);
            return;
        }
    }
    pair_close(&p);
}

/* Declared with arguments, the table gets what the built-in makes of them,
 * errors included. */
TEST(arguments_go_to_the_builtin)
{
    const char *sensitive[] = {"case_sensitive", "1"}, *bad[] = {"case_sensitive", "2"};
    pair p;
    tokenizer t;
    const char *text = "ABC 中国工会 Def";
    CHECK(pair_open(&p, sensitive, 2) == 0);
    CHECK(same_tokens(&p, text, (int)strlen(text)));
    CHECK(strstr(p.a.data, "414243") != NULL);   /* "ABC", not lowered */
    CHECK(open_tokenizer(p.fast, bad, 2, &t) != 0);
    CHECK(open_tokenizer(p.plain, bad, 2, &t) != 0);
    pair_close(&p);
}

static int exec_ok(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static long long count_of(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *stmt = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) return -1;
    if (arg) sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW) n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

/* An index written through the fast tokenizer passes FTS5's own
 * integrity-check on a connection without it (which re-tokenizes every row
 * with the built-in and compares), and answers MATCH and LIKE there. */
TEST(index_built_through_it_is_sqlites)
{
    static const char *const words[] = {
        "重庆市", "总工会", "职工", "Ｅ", "APP", "gdp", "。", "“劳模”", "é", "𡉃", "2023年", " ",
    };
    char path[] = "/tmp/brief-fts-XXXXXX";
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    uint32_t seed = 7;
    int fd = mkstemp(path), i;
    CHECK(fd >= 0);
    close(fd);
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(fts_trigram_register(db) == SQLITE_OK);
    CHECK(exec_ok(db, "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='trigram', detail='none');"
                      "CREATE VIRTUAL TABLE f USING fts5(body, tokenize='trigram');"));
    CHECK(sqlite3_prepare_v2(db, "INSERT INTO t(title, body) VALUES (?1, ?2)", -1, &ins, NULL) == SQLITE_OK);
    CHECK(exec_ok(db, "BEGIN"));
    for (i = 0; i < 2000; i++) {
        char body[512], title[64];
        size_t n = 0, k, len;
        seed = seed * 1103515245u + 12345u;
        len = 1 + (seed >> 16) % 30;
        for (k = 0; k < len; k++) {
            const char *w;
            seed = seed * 1103515245u + 12345u;
            w = words[(seed >> 16) % (sizeof words / sizeof words[0])];
            memcpy(body + n, w, strlen(w));
            n += strlen(w);
        }
        body[n] = '\0';
        snprintf(title, sizeof title, "第%d期 ABC", i);
        sqlite3_bind_text(ins, 1, title, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, body, -1, SQLITE_STATIC);
        CHECK(sqlite3_step(ins) == SQLITE_DONE);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    CHECK(exec_ok(db, "INSERT INTO f(body) SELECT body FROM t; COMMIT"));
    CHECK(exec_ok(db, "DELETE FROM t WHERE rowid % 7 = 0"));   /* deletes re-tokenize too */
    sqlite3_close(db);

    CHECK(sqlite3_open(path, &db) == SQLITE_OK);   /* plain: the built-in tokenizer */
    CHECK(exec_ok(db, "INSERT INTO t(t) VALUES ('integrity-check')"));
    CHECK(exec_ok(db, "INSERT INTO f(f) VALUES ('integrity-check')"));
    CHECK(count_of(db, "SELECT count(*) FROM t WHERE t MATCH ?1", "总工会") ==
          count_of(db, "SELECT count(*) FROM t WHERE body GLOB '*总工会*'", NULL));
    CHECK(count_of(db, "SELECT count(*) FROM t WHERE t MATCH ?1", "总工会") > 0);
    CHECK(count_of(db, "SELECT count(*) FROM t WHERE title LIKE ?1", "%abc%") == 2000 - 2000 / 7);
    CHECK(count_of(db, "SELECT count(*) FROM f WHERE f MATCH ?1", "\"重庆市总工会\"") ==
          count_of(db, "SELECT count(*) FROM f WHERE body GLOB '*重庆市总工会*'", NULL));
    sqlite3_close(db);
    unlink(path);
}

int main(void)
{
    RUN(every_code_point_near_the_fast_path);
    RUN(random_text_gives_the_same_tokens);
    RUN(arguments_go_to_the_builtin);
    RUN(index_built_through_it_is_sqlites);
    return harness_done();
}
