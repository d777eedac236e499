/* SPDX-License-Identifier: GPL-3.0-or-later */
/* query.h — read-only access to the brief database for report scripts,
 * and the SQL of the common questions they ask (articles in a date range,
 * full-text search, mention counts).
 *
 * Contract: the database is opened through the store (store.h) read-only:
 * SQLITE_OPEN_READONLY, PRAGMA query_only and the schema version checked,
 * then hardened by sqlguard.h (an authorizer's allow-list, limits, no FTS3
 * tokenizer pointers, temporary storage in memory), so no statement a
 * script prepares can change it or reach anything but its rows.
 * The script layer's one way into the store: it names no table (the
 * store's functions do) and lends no connection; callers step, bind and
 * finalize the statements it prepares. Knows nothing of Lua. No globals. */
#ifndef BRIEF_QUERY_H
#define BRIEF_QUERY_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

typedef struct query_db query_db;

/* Opens path read-only into *out. Returns 0, or -1 with a message naming
 * the path in err (a missing file, another application's database, a schema
 * newer than this build: it is never created or migrated). The caller
 * closes *out with query_close. */
int query_open(const char *path, query_db **out, char *err, size_t errlen);

/* Closes the database (statements must be finalized first); NULL is a no-op. */
void query_close(query_db *db);

/* Asks SQLite to call should_stop(arg) every few thousand virtual machine
 * steps; a non-zero answer interrupts the running statement with
 * SQLITE_INTERRUPT (the script runtime's deadline). */
void query_set_interrupt(query_db *db, int (*should_stop)(void *arg), void *arg);

/* query_prepare returns these besides 0 and -1. */
#define QUERY_INTERRUPTED (-2)   /* the deadline stopped it */
#define QUERY_DENIED      (-3)   /* the guard's authorizer refused it (SQLITE_AUTH) */

/* Prepares the first statement of sql[0..len) (a script's own SQL) on the
 * guarded read-only connection; *tail points after it (see
 * sqlite3_prepare_v2). Returns 0 with *out set (NULL when sql holds only
 * blanks or comments); -1 (SQLite's message, or sqlguard_check_statement's
 * for a statement that could write), QUERY_INTERRUPTED or QUERY_DENIED, with
 * *out NULL and the message in err. The caller steps, binds and finalizes
 * *out. */
int query_prepare(query_db *db, const char *sql, size_t len, sqlite3_stmt **out, const char **tail, char *err,
                  size_t errlen);

/* The questions scripts ask most, each a statement the caller steps and
 * finalizes (0 with *out set, or -1 with the message in err):
 *
 * query_articles: articles of bulletins issued in [from, to] (ISO dates,
 *   both required), ordered by date, bulletin and position; district
 *   non-NULL keeps articles with a mention in it (an organisation of that
 *   district, or the place itself); limit < 0: all. Never those of a
 *   bulletin a corrected re-send superseded; first_only: a story reprinted
 *   by several bulletins once, at its first appearance.
 *   Columns: id, bulletin_id, seq, title, subtitle, body, issued_on, source,
 *   story (the id of the story's first article).
 *
 * query_reprints: the other appearances of article_id's story (story as
 *   query_articles gave it), not superseded, by date. Columns: id,
 *   bulletin_id, issued_on, source, title. *out may hold the statement an
 *   earlier query_reprints on db gave: it is reset and bound to this
 *   article rather than prepared again (once for all of a list's rows).
 *
 * query_mentions: the most mentioned values of kind ('place', 'org',
 *   'term'; NULL: any) in bulletins issued in [from, to] (NULL: unbounded),
 *   limit < 0: all; a reprinted story counted once, superseded bulletins
 *   left out. Columns: value, kind, count (sum of counts), articles
 *   (how many articles). */
int query_articles(query_db *db, const char *from, const char *to, const char *district, int first_only,
                   long long limit, sqlite3_stmt **out, char *err, size_t errlen);
int query_reprints(query_db *db, int64_t article_id, int64_t story, sqlite3_stmt **out, char *err, size_t errlen);
int query_mentions(query_db *db, const char *kind, const char *from, const char *to, long long limit,
                   sqlite3_stmt **out, char *err, size_t errlen);

/* Prepares the search for text by the rules of search.h, the search of
 * brief search: words separated by white space, every one of which an
 * article's title, subtitle or body must contain (ASCII letters in either
 * case). Newest first.
 * from/to: ISO dates bounding issued_on, NULL for none; limit < 0: none.
 * Columns as query_sql_articles. On 0, *out holds a statement the caller
 * steps and finalizes; on -1 (no words, SQLite error, out of memory) *out
 * is NULL and err holds the message. */
int query_search_prepare(query_db *db, const char *text, size_t len, const char *from, const char *to,
                         long long limit, sqlite3_stmt **out, char *err, size_t errlen);

#endif
