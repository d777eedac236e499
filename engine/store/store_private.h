/* store_private.h — what the files of the store layer share and nothing
 * else may include: the structure behind a store, its SQLite connection,
 * and the statements the read-only gateway of scripts (query.c) runs.
 *
 * The store is closed: outside engine/store/, no file names a table of the
 * schema or holds a connection to it. Its public contracts are store.h
 * (the database, bulletins, search hits, the SQL console, the content walk
 * of fingerprints), runs.h (the history of batch runs) and query.h (the
 * connection of report scripts); store.c, store_read.c, store_runs.c and
 * query.c implement them and alone include this header (search.c, the
 * store's search, is handed the connection by store.c and query.c). */
#ifndef BRIEF_STORE_PRIVATE_H
#define BRIEF_STORE_PRIVATE_H

#include <sqlite3.h>

#include "store/store.h"
#include "util/fold.h"

struct store {
    sqlite3 *db;
    store_mode mode;
    int in_batch;        /* between store_batch_begin and store_batch_commit */
    char errmsg[512];
    /* Prepared once, reused for every bulletin (see bench/README.md). */
    sqlite3_stmt *find_sha;
    sqlite3_stmt *insert_bulletin;
    sqlite3_stmt *insert_article;
    sqlite3_stmt *insert_mention;
    sqlite3_stmt *insert_caption;
    sqlite3_stmt *insert_fold;
    fold_map *fold;       /* loaded when first needed (store_fold) */
    sqlite3_stmt *max_article;
    sqlite3_stmt *fts_fill;
    int64_t fts_from_id;  /* articles above this id are not indexed yet */
};

/* The connection (transfer none: closed by store_close). For the files of
 * the store layer only. */
sqlite3 *store_sqlite(store *st);

/* Sets the message store_errmsg returns. */
__attribute__((format(printf, 2, 3)))
void store_fail(store *st, const char *fmt, ...);

/* The questions of report scripts (query.h), each a statement the caller
 * steps and finalizes, with the columns query.h documents. Return STORE_OK
 * with *out set, or STORE_ERROR / STORE_NOMEM with the message on st and
 * *out NULL.
 *
 * store_articles_prepare: articles of bulletins issued in [from, to] (ISO
 *   dates, both required), ordered by date, bulletin and position; district
 *   non-NULL keeps the articles with a mention in it (an organisation of
 *   that district, or the place itself); limit < 0: all.
 * store_mentions_prepare: the most mentioned values of kind ('place', 'org',
 *   'term'; NULL: any) in bulletins issued in [from, to] (NULL: unbounded),
 *   limit < 0: all. */
int store_articles_prepare(store *st, const char *from, const char *to, const char *district, long long limit,
                           sqlite3_stmt **out);
int store_mentions_prepare(store *st, const char *kind, const char *from, const char *to, long long limit,
                           sqlite3_stmt **out);

#endif
