/* SPDX-License-Identifier: GPL-3.0-or-later */
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
    /* story.c: candidates of re-sends and reprints */
    sqlite3_stmt *sketch_postings;   /* the articles with one of 16 sketch values */
    sqlite3_stmt *sketch_insert;
    sqlite3_stmt *sketch_insert_capped;  /* the migration's: only under a value not yet common */
    sqlite3_stmt *story_candidate;   /* one article, folded, with its story and bulletin */
    sqlite3_stmt *story_successor;   /* the bulletin that superseded one */
    sqlite3_stmt *story_bulletin;    /* the articles of a bulletin, folded */
    sqlite3_stmt *story_same_day;    /* the titles of the bulletins of a date and source */
    sqlite3_stmt *story_supersede;
    sqlite3_stmt *story_corrected;
    /* sketch values known to be common (story.c): not looked up again.
     * Open addressing, 0 empty; at most STORY_FULL_CAP, freed by store_close. */
    int64_t *story_full;
    size_t story_full_count;
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

/* ---- stories: corrected re-sends and reprints (story.c) ---------------------

 * Found before a bulletin's rows are written (store_story_find: candidates
 * through article_sketches and the bulletins of the same date and source,
 * never all pairs), then written with it (store_story_commit). The
 * thresholds and why: docs/ingest.md, section 17. */
typedef struct store_story store_story;

/* What bulletin b (to be stored with source, meta of store_add_bulletin;
 * ms its articles' folded texts as store_add_bulletin takes them, or NULL)
 * is: a corrected re-send of a stored bulletin (unless keep_both), and
 * which of its articles continue a stored story. *out (freed with
 * store_story_free) is set on 0; -1 with the message on st. */
int store_story_find(store *st, const ingest_bulletin *b, const store_article_mentions *ms, const char *source,
                     int keep_both, store_story **out);

/* The story of article i (0-based) of the bulletin: the first article of
 * the story it continues (0: a story of its own) and how much of it is the
 * same (0..1). */
void store_story_article(const store_story *s, size_t i, int64_t *story_id, double *match);

/* Writes the sketches of the articles stored as article_ids (one per
 * article of the bulletin) and marks the bulletin replaced, if any, as
 * superseded by bulletin_id; sets res->superseded, res->similarity and
 * res->reprints. 0, or -1 with the message on st. */
int store_story_commit(store *st, const store_story *s, int64_t bulletin_id, const int64_t *article_ids,
                       store_add_result *res);

/* NULL is a no-op. */
void store_story_free(store_story *s);

/* Whether corrections were made to bulletin_id's bytes (then a re-send
 * that replaces it carries them: the flush of the full-text index that
 * needs is skipped otherwise). 1, 0; -1 on error (message on st). */
int store_story_corrected(store *st, int64_t bulletin_id);

/* The sketches of the articles already stored (the migration to schema 5).
 * 0, or -1 with the message on st. */
int store_story_sketch_existing(store *st);

/* Finalizes story.c's statements (store_close). */
void store_story_close(store *st);

/* The connection (transfer none: closed by store_close). For the files of
 * the store layer only. */
sqlite3 *store_sqlite(store *st);

/* Sets the message store_errmsg returns. */
__attribute__((format(printf, 2, 3)))
void store_fail(store *st, const char *fmt, ...);

/* Prepares sql into *stmt once (SQLITE_PREPARE_PERSISTENT: kept for the
 * store's life, finalized when it closes); a statement already prepared is
 * kept. 0, or -1 with the store's error set (store_fail). */
int store_prepare(store *st, sqlite3_stmt **stmt, const char *sql);

/* The one rule of "counted once" in SQL, over an article a of a bulletin
 * b: the bulletin is not superseded by a corrected re-send, and (FIRST)
 * no other article of its story (story_id, the first article's id, names
 * it) in a bulletin not superseded came out earlier (by issue date, then
 * as stored). For the questions of scripts, mentions, search and views. */
#define STORE_VISIBLE_SQL(b) "(" b ".superseded_by IS NULL)"
#define STORE_FIRST_OF_STORY_SQL(a, b)                                                                       \
    "NOT EXISTS (SELECT 1 FROM articles x_ JOIN bulletins bx_ ON bx_.id = x_.bulletin_id"                   \
    " WHERE (x_.id = coalesce(" a ".story_id, " a ".id) OR x_.story_id = coalesce(" a ".story_id, " a ".id))" \
    " AND x_.id <> " a ".id AND bx_.superseded_by IS NULL AND bx_.issued_on IS NOT NULL"                     \
    " AND (" b ".issued_on IS NULL OR bx_.issued_on < " b ".issued_on"                                      \
    " OR (bx_.issued_on = " b ".issued_on AND x_.id < " a ".id)))"

/* The questions of report scripts (query.h), each a statement the caller
 * steps and finalizes, with the columns query.h documents. Return STORE_OK
 * with *out set, or STORE_ERROR / STORE_NOMEM with the message on st and
 * *out NULL.
 *
 * store_articles_prepare: articles of bulletins issued in [from, to] (ISO
 *   dates, both required), ordered by date, bulletin and position; district
 *   non-NULL keeps the articles with a mention in it (an organisation of
 *   that district, or the place itself); limit < 0: all. Never those of a
 *   superseded bulletin; first_only: only the first appearance of each
 *   story (STORE_FIRST_OF_STORY_SQL).
 * store_reprints_prepare: the other appearances of the story of article
 *   article_id (story: its story_id, or its id), not superseded, by date:
 *   id, bulletin_id, issued_on, source, title. *out: NULL, or the statement
 *   an earlier call gave, reset and bound again rather than prepared.
 * store_mentions_prepare: the most mentioned values of kind ('place', 'org',
 *   'term'; NULL: any) in bulletins issued in [from, to] (NULL: unbounded),
 *   limit < 0: all; each story counted once, superseded bulletins left out. */
int store_articles_prepare(store *st, const char *from, const char *to, const char *district, int first_only,
                           long long limit, sqlite3_stmt **out);
int store_reprints_prepare(store *st, int64_t article_id, int64_t story, sqlite3_stmt **out);
int store_mentions_prepare(store *st, const char *kind, const char *from, const char *to, long long limit,
                           sqlite3_stmt **out);

#endif
