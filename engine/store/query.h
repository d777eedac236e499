/* query.h — read-only access to the brief database for report scripts,
 * and the SQL of the common questions they ask (articles in a date range,
 * full-text search, mention counts).
 *
 * Contract: the database is opened through the store (store.h) read-only:
 * SQLITE_OPEN_READONLY, PRAGMA query_only and the schema version checked,
 * so no statement a script prepares can change it.
 * Knows nothing of Lua: callers prepare, bind and step through the
 * sqlite3 handle this module opens. No globals. */
#ifndef BRIEF_QUERY_H
#define BRIEF_QUERY_H

#include <stddef.h>
#include <sqlite3.h>

typedef struct query_db query_db;

/* Opens path read-only into *out. Returns 0, or -1 with a message naming
 * the path in err (a missing file, another application's database, a schema
 * newer than this build: it is never created or migrated). The caller
 * closes *out with query_close. */
int query_open(const char *path, query_db **out, char *err, size_t errlen);

/* Closes the database (statements must be finalized first); NULL is a no-op. */
void query_close(query_db *db);

/* (transfer none): the connection, valid until query_close. */
sqlite3 *query_handle(query_db *db);

/* Asks SQLite to call should_stop(arg) every few thousand virtual machine
 * steps; a non-zero answer interrupts the running statement with
 * SQLITE_INTERRUPT (the script runtime's deadline). */
void query_set_interrupt(query_db *db, int (*should_stop)(void *arg), void *arg);

/* The SQL of the helpers. Each returns a static string (transfer none)
 * whose named parameters the caller binds:
 *
 * query_sql_articles: articles of bulletins issued in [:from, :to]
 *   (ISO dates), ordered by date, bulletin and position; with_district
 *   keeps articles with a mention in district :district (an organisation
 *   of that district, or the place itself); with_limit adds LIMIT :limit.
 *   Columns: id, bulletin_id, seq, title, subtitle, body, issued_on, source.
 *
 * query_sql_mentions: the most mentioned values of kind :kind ('place',
 *   'org', 'term'; NULL: any) in bulletins issued in [:from, :to] (NULL:
 *   unbounded), :limit (-1: none). Columns: value, kind, count (sum of
 *   counts), articles (how many articles). */
const char *query_sql_articles(int with_district, int with_limit);
const char *query_sql_mentions(void);

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
