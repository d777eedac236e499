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

#include "ingest/mentions.h"
#include "store/store.h"
#include "util/fold.h"
#include "util/sbuf.h"

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
    const mentions_rules *rules;  /* for corrections that change an article's text (review.h) */
    mentions_rules *own_rules;    /* store_review_open's, freed by store_close */
    sqlite3_stmt *find_corrections;  /* does a correction of these bytes exist (review.c) */
};

/* The body of an article from its paragraphs (joined by one "\n") and their
 * spans ([[start, chars], ...] in characters, docs/schema.md) into body and
 * spans (cleared first), the body's length in characters in *chars. 0, or
 * -1 when memory ran out. The one copy of the rule, for ingest and
 * corrections. */
int store_body_build(const char *const *paragraphs, size_t count, sbuf *body, sbuf *spans, size_t *chars);

/* Writes the folded copy of an article into article_folds with stmt (an
 * INSERT of article_id, title, subtitle, body) when folding changes it. 0,
 * or -1 with the message on st. */
int store_fold_article(store *st, sqlite3_stmt *stmt, int64_t article_id, const char *title,
                       const char *subtitle, const char *body, size_t body_len);

/* Indexes the articles written since the transaction (or batch) began and
 * moves the mark past them: after it, updates of those articles, which the
 * full-text triggers follow, are safe (review.c, inside a batch). 0, or -1
 * with the message on st. */
int store_fts_flush(store *st);

/* What the corrections table says of the bytes sha256 (review.c), for
 * store_add_bulletin: REVIEW_NONE, REVIEW_CORRECTED (corrections to apply
 * again), REVIEW_DELETED (the last of its deletes and restores is a
 * delete); -1 on error (message on st). */
#define REVIEW_NONE 0
#define REVIEW_CORRECTED 1
#define REVIEW_DELETED 2
int store_review_state(store *st, const char *sha256);

/* Applies again, to bulletin_id just stored, the corrections recorded for
 * its bytes (every one but deletes and restores, in order; each only where
 * it still applies), inside the caller's transaction, after its articles
 * are in the full-text index. With restored, records a 'restore' first.
 * *applied counts those applied.
 * 0, or -1 with the message on st. */
int store_review_replay(store *st, int64_t bulletin_id, const char *sha256, int restored, size_t *applied);

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
