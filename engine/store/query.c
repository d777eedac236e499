/* query.c — the read-only database of report scripts (see query.h). */
#include "store/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"
#include "store/sqlguard.h"
#include "store/store.h"
#include "util/text.h"
#include "util/utf8.h"

struct query_db {
    store *st;          /* opened read-only: schema checked, query_only */
    sqlite3 *db;        /* (transfer none) the store's connection */
    int (*should_stop)(void *arg);
    void *stop_arg;
};

int query_open(const char *path, query_db **out, char *err, size_t errlen)
{
    query_db *q;

    *out = NULL;
    q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    /* The store's read-only open: SQLITE_OPEN_READONLY, PRAGMA query_only,
     * and the schema version checked, so a script never reads a database
     * it does not understand. */
    if (store_open(path, STORE_READONLY, &q->st, err, errlen) != STORE_OK) {
        free(q);
        return -1;
    }
    q->db = store_sqlite(q->st);
    /* The SQL that comes next is a script's: the authorizer's allow-list,
     * no FTS3 tokenizer pointers nor extensions, no ATTACH, limits, and
     * temporary storage in memory (sqlguard.h). */
    if (sqlguard_harden(q->db, err, errlen) != 0) {
        char why[512];
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, errlen, "%s: %s", path, why);
        query_close(q);
        return -1;
    }
    *out = q;
    return 0;
}

void query_close(query_db *db)
{
    if (!db) return;
    store_close(db->st);
    free(db);
}

sqlite3 *query_handle(query_db *db)
{
    return db->db;
}

static int progress(void *arg)
{
    query_db *q = arg;
    return q->should_stop(q->stop_arg);
}

void query_set_interrupt(query_db *db, int (*should_stop)(void *arg), void *arg)
{
    db->should_stop = should_stop;
    db->stop_arg = arg;
    /* 10000 VM steps is a few hundred microseconds: fine-grained enough for
     * a deadline counted in seconds, cheap enough not to show. */
    sqlite3_progress_handler(db->db, should_stop ? 10000 : 0, should_stop ? progress : NULL, db);
}

#define ARTICLE_COLUMNS \
    "a.id AS id, a.bulletin_id AS bulletin_id, a.seq AS seq, a.title AS title, " \
    "a.subtitle AS subtitle, a.body AS body, b.issued_on AS issued_on, b.source AS source"

const char *query_sql_articles(int with_district, int with_limit)
{
    static const char *const sql[4] = {
        "SELECT " ARTICLE_COLUMNS " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id"
        " WHERE b.issued_on BETWEEN :from AND :to ORDER BY b.issued_on, b.id, a.seq",
        "SELECT " ARTICLE_COLUMNS " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id"
        " WHERE b.issued_on BETWEEN :from AND :to ORDER BY b.issued_on, b.id, a.seq LIMIT :limit",
        "SELECT " ARTICLE_COLUMNS " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id"
        " WHERE b.issued_on BETWEEN :from AND :to"
        " AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND (m.district = :district"
        " OR (m.kind = 'place' AND m.value = :district)))"
        " ORDER BY b.issued_on, b.id, a.seq",
        "SELECT " ARTICLE_COLUMNS " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id"
        " WHERE b.issued_on BETWEEN :from AND :to"
        " AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND (m.district = :district"
        " OR (m.kind = 'place' AND m.value = :district)))"
        " ORDER BY b.issued_on, b.id, a.seq LIMIT :limit",
    };
    return sql[(with_district ? 2 : 0) + (with_limit ? 1 : 0)];
}

const char *query_sql_mentions(void)
{
    return "SELECT m.value AS value, m.kind AS kind, sum(m.count) AS count,"
           " count(DISTINCT m.article_id) AS articles"
           " FROM mentions m JOIN articles a ON a.id = m.article_id JOIN bulletins b ON b.id = a.bulletin_id"
           " WHERE (:kind IS NULL OR m.kind = :kind)"
           " AND (:from IS NULL OR b.issued_on >= :from) AND (:to IS NULL OR b.issued_on <= :to)"
           " GROUP BY m.value, m.kind ORDER BY count DESC, articles DESC, m.value LIMIT :limit";
}

/* The words of a search: byte ranges of text between white space. */
typedef struct search_word {
    const char *s;
    size_t len;
    int indexed;    /* 3 characters or more: the trigram index can match it */
} search_word;

#define SEARCH_MAX_WORDS 16

static size_t split_words(const char *text, size_t len, search_word *words, size_t cap)
{
    size_t n = 0, pos = 0;
    while (pos < len && n < cap) {
        size_t start, step;
        uint32_t cp;
        while (pos < len && (step = utf8_decode(text + pos, len - pos, &cp)) && text_is_space(cp)) pos += step;
        start = pos;
        while (pos < len && (step = utf8_decode(text + pos, len - pos, &cp)) && !text_is_space(cp)) pos += step;
        if (pos > start) {
            words[n].s = text + start;
            words[n].len = pos - start;
            words[n].indexed = utf8_length(text + start, pos - start) >= 3;
            n++;
        }
    }
    return n;
}

/* Appends the trigrams of word (3 characters or more) to an FTS5 query,
 * each an FTS5 string ("..." with " doubled), joined by AND. The store's
 * index keeps no positions (detail='none', docs/schema.md), so it cannot
 * match a phrase: the trigrams select candidates, LIKE decides. */
static void append_fts_trigrams(sbuf *q, const search_word *w)
{
    size_t start = 0, k;
    uint32_t cp;
    while (start < w->len) {
        size_t end = start, count = 0;
        while (end < w->len && count < 3) {
            end += utf8_decode(w->s + end, w->len - end, &cp);
            count++;
        }
        if (count < 3) break;
        if (q->len) sbuf_puts(q, " AND ");
        sbuf_putc(q, '"');
        for (k = start; k < end; k++) {
            if (w->s[k] == '"') sbuf_putc(q, '"');
            sbuf_putc(q, w->s[k]);
        }
        sbuf_putc(q, '"');
        start += utf8_decode(w->s + start, w->len - start, &cp);
    }
}

/* A LIKE pattern for "contains": %word% with % _ and \ escaped by \. */
static char *like_pattern(const search_word *w)
{
    sbuf b = SBUF_INIT;
    size_t k;
    sbuf_putc(&b, '%');
    for (k = 0; k < w->len; k++) {
        if (w->s[k] == '%' || w->s[k] == '_' || w->s[k] == '\\') sbuf_putc(&b, '\\');
        sbuf_putc(&b, w->s[k]);
    }
    sbuf_putc(&b, '%');
    if (sbuf_failed(&b)) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_detach(&b);
}

int query_search_prepare(query_db *db, const char *text, size_t len, const char *from, const char *to,
                         long long limit, sqlite3_stmt **out, char *err, size_t errlen)
{
    search_word words[SEARCH_MAX_WORDS];
    size_t n = split_words(text, len, words, SEARCH_MAX_WORDS), i;
    sbuf sql = SBUF_INIT, match = SBUF_INIT;
    sqlite3_stmt *stmt = NULL;

    *out = NULL;
    if (n == 0) {
        snprintf(err, errlen, "nothing to search for");
        return -1;
    }
    /* ?1 the FTS query, ?2 ?3 the dates, ?4 the limit, ?5... the words. */
    sbuf_puts(&sql, "SELECT " ARTICLE_COLUMNS " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id WHERE 1");
    for (i = 0; i < n; i++)
        if (words[i].indexed) append_fts_trigrams(&match, &words[i]);
    if (match.len) sbuf_puts(&sql, " AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1)");
    /* Every word, long or short, is checked on the row itself, ASCII
     * case-insensitively (LIKE) like the trigram tokenizer and brief search. */
    for (i = 0; i < n; i++)
        sbuf_printf(&sql, " AND (a.title LIKE ?%zu ESCAPE '\\' OR coalesce(a.subtitle, '') LIKE ?%zu ESCAPE '\\'"
                          " OR a.body LIKE ?%zu ESCAPE '\\')", i + 5, i + 5, i + 5);
    sbuf_puts(&sql, " AND (?2 IS NULL OR b.issued_on >= ?2) AND (?3 IS NULL OR b.issued_on <= ?3)"
                    " ORDER BY b.issued_on IS NULL, b.issued_on DESC, a.bulletin_id DESC, a.seq LIMIT ?4");
    if (sbuf_failed(&sql) || sbuf_failed(&match)) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (sqlite3_prepare_v2(db->db, sql.data, -1, &stmt, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db->db));
        goto fail;
    }
    if (match.len) sqlite3_bind_text(stmt, 1, match.data, (int)match.len, SQLITE_TRANSIENT);
    if (from) sqlite3_bind_text(stmt, 2, from, -1, SQLITE_TRANSIENT);
    if (to) sqlite3_bind_text(stmt, 3, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 4, limit);
    for (i = 0; i < n; i++) {
        char *pattern = like_pattern(&words[i]);
        if (!pattern) {
            snprintf(err, errlen, "out of memory");
            goto fail;
        }
        sqlite3_bind_text(stmt, (int)i + 5, pattern, -1, free);
    }
    sbuf_free(&sql);
    sbuf_free(&match);
    *out = stmt;
    return 0;
fail:
    sqlite3_finalize(stmt);
    sbuf_free(&sql);
    sbuf_free(&match);
    return -1;
}
