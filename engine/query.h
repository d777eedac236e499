/* query.h — read-only access to the brief database for report scripts,
 * and the SQL of the common questions they ask (articles in a date range,
 * full-text search, mention counts).
 *
 * Contract: the database is opened with SQLITE_OPEN_READONLY and
 * PRAGMA query_only, so no statement a script prepares can change it.
 * Knows nothing of Lua: callers prepare, bind and step through the
 * sqlite3 handle this module opens. No globals. */
#ifndef BRIEF_QUERY_H
#define BRIEF_QUERY_H

#include <stddef.h>
#include <sqlite3.h>

typedef struct query_db query_db;

/* Opens path read-only into *out. Returns 0, or -1 with a message naming
 * the path in err (a missing file is an error: it is never created). The
 * caller closes *out with query_close. */
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
 * query_sql_search: articles whose title, subtitle or body holds :text, best first;
 *   fts uses the FTS5 trigram index (needs :text of 3 characters or more,
 *   bound as an FTS5 phrase, see query_fts_phrase), else a scan with
 *   instr(). Optional :from/:to (NULL: unbounded) and :limit (-1: none).
 *   Columns as query_sql_articles.
 *
 * query_sql_mentions: the most mentioned values of kind :kind ('place',
 *   'org', 'term'; NULL: any) in bulletins issued in [:from, :to] (NULL:
 *   unbounded), :limit (-1: none). Columns: value, kind, count (sum of
 *   counts), articles (how many articles). */
const char *query_sql_articles(int with_district, int with_limit);
const char *query_sql_search(int fts);
const char *query_sql_mentions(void);

/* Writes text as one FTS5 phrase ("..." with " doubled) into a malloc'ed
 * string the caller frees; NULL when out of memory. */
char *query_fts_phrase(const char *text, size_t len);

#endif
