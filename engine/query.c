/* query.c — the read-only database of report scripts (see query.h). */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct query_db {
    sqlite3 *db;
    int (*should_stop)(void *arg);
    void *stop_arg;
};

int query_open(const char *path, query_db **out, char *err, size_t errlen)
{
    query_db *q;
    int rc;

    *out = NULL;
    q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    rc = sqlite3_open_v2(path, &q->db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path,
                 q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc));
        sqlite3_close(q->db);
        free(q);
        return -1;
    }
    /* query_only refuses writes even to a file that happens to be
     * writable through another path (ATTACH is refused by the same flag).
     * A file that is not a database fails here, on its first read. */
    if (sqlite3_exec(q->db, "PRAGMA query_only = 1; SELECT count(*) FROM sqlite_schema;", NULL, NULL, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path, sqlite3_errmsg(q->db));
        sqlite3_close(q->db);
        free(q);
        return -1;
    }
    sqlite3_busy_timeout(q->db, 5000); /* an ingest may be writing */
    *out = q;
    return 0;
}

void query_close(query_db *db)
{
    if (!db) return;
    sqlite3_close(db->db);
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

const char *query_sql_search(int fts)
{
    /* FTS5's trigram tokenizer matches substrings of 3 characters or more;
     * a shorter query matches nothing there, so it scans with instr(). */
    if (fts)
        return "SELECT " ARTICLE_COLUMNS " FROM articles_fts f"
               " JOIN articles a ON a.id = f.rowid JOIN bulletins b ON b.id = a.bulletin_id"
               " WHERE articles_fts MATCH :text"
               " AND (:from IS NULL OR b.issued_on >= :from) AND (:to IS NULL OR b.issued_on <= :to)"
               " ORDER BY f.rank, b.issued_on DESC, a.id LIMIT :limit";
    return "SELECT " ARTICLE_COLUMNS " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id"
           " WHERE (instr(a.title, :text) > 0 OR instr(coalesce(a.subtitle, ''), :text) > 0 OR instr(a.body, :text) > 0)"
           " AND (:from IS NULL OR b.issued_on >= :from) AND (:to IS NULL OR b.issued_on <= :to)"
           " ORDER BY instr(a.title, :text) = 0, b.issued_on DESC, a.id LIMIT :limit";
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

char *query_fts_phrase(const char *text, size_t len)
{
    size_t i, quotes = 0;
    char *out, *p;

    for (i = 0; i < len; i++) quotes += text[i] == '"';
    out = malloc(len + quotes + 3);
    if (!out) return NULL;
    p = out;
    *p++ = '"';
    for (i = 0; i < len; i++) {
        if (text[i] == '"') *p++ = '"';
        *p++ = text[i];
    }
    *p++ = '"';
    *p = '\0';
    return out;
}
