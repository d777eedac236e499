/* SPDX-License-Identifier: GPL-3.0-or-later */
/* query.c — the read-only database of report scripts (see query.h). */
#include "store/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/search.h"
#include "store/sqlguard.h"
#include "store/store.h"
#include "store/store_private.h"

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

int query_prepare(query_db *db, const char *sql, size_t len, sqlite3_stmt **out, const char **tail, char *err,
                  size_t errlen)
{
    int rc;
    *out = NULL;
    if (sqlite3_prepare_v2(db->db, sql, (int)len, out, tail) != SQLITE_OK) {
        rc = sqlite3_errcode(db->db) & 0xff;
        snprintf(err, errlen, "%s", sqlite3_errmsg(db->db));
        return rc == SQLITE_INTERRUPT ? QUERY_INTERRUPTED : rc == SQLITE_AUTH ? QUERY_DENIED : -1;
    }
    /* The authorizer refuses writes at prepare time; this is the second
     * wall (sqlguard.h). */
    if (*out && sqlguard_check_statement(*out, err, errlen) != 0) {
        sqlite3_finalize(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int query_articles(query_db *db, const char *from, const char *to, const char *district, int first_only,
                   long long limit, sqlite3_stmt **out, char *err, size_t errlen)
{
    if (store_articles_prepare(db->st, from, to, district, first_only, limit, out) == STORE_OK) return 0;
    snprintf(err, errlen, "%s", store_errmsg(db->st));
    return -1;
}

int query_reprints(query_db *db, int64_t article_id, int64_t story, sqlite3_stmt **out, char *err, size_t errlen)
{
    if (store_reprints_prepare(db->st, article_id, story, out) == STORE_OK) return 0;
    snprintf(err, errlen, "%s", store_errmsg(db->st));
    return -1;
}

int query_mentions(query_db *db, const char *kind, const char *from, const char *to, long long limit,
                   sqlite3_stmt **out, char *err, size_t errlen)
{
    if (store_mentions_prepare(db->st, kind, from, to, limit, out) == STORE_OK) return 0;
    snprintf(err, errlen, "%s", store_errmsg(db->st));
    return -1;
}

int query_search_prepare(query_db *db, const char *text, size_t len, const char *from, const char *to,
                         long long limit, sqlite3_stmt **out, char *err, size_t errlen)
{
    search_query *q = NULL;
    int rc;

    *out = NULL;
    if (search_query_parse(text, len, &q, err, errlen) != 0) return -1;
    if (!store_fold(db->st)) {
        snprintf(err, errlen, "%s", store_errmsg(db->st));
        search_query_free(q);
        return -1;
    }
    search_query_fold(q, store_fold(db->st));
    rc = search_prepare(db->db, q, from, to, limit, out, err, errlen);
    search_query_free(q);
    return rc;
}
