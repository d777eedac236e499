/* query.c — the read-only database of report scripts (see query.h). */
#include "store/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/search.h"
#include "store/store.h"

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
    /* No ATTACH: on this connection it could open (and with a URI
     * filename, create) other database files; a script reads one database.
     * load_extension() stays off, as sqlite3_enable_load_extension leaves
     * it by default. */
    sqlite3_limit(q->db, SQLITE_LIMIT_ATTACHED, 0);
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

int query_search_prepare(query_db *db, const char *text, size_t len, const char *from, const char *to,
                         long long limit, sqlite3_stmt **out, char *err, size_t errlen)
{
    search_query *q = NULL;
    int rc;

    *out = NULL;
    if (search_query_parse(text, len, &q, err, errlen) != 0) return -1;
    rc = search_prepare(db->db, q, from, to, limit, out, err, errlen);
    search_query_free(q);
    return rc;
}
