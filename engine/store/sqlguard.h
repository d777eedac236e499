/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sqlguard.h — the policy of an SQLite connection that runs SQL written by
 * someone brief does not trust: a report script (brief.data.query and the
 * other brief.data functions). (`brief sql` runs the user's own SQL on a
 * read-only connection and is not guarded: the user could as well run the
 * sqlite3 shell.)
 *
 * Why a module of its own: the read-only open (SQLITE_OPEN_READONLY, PRAGMA
 * query_only) is one wall, and Debian's build options showed it is not
 * enough. SQLite is built there with SQLITE_ENABLE_FTS3_TOKENIZER, so
 * fts3_tokenizer() turns a blob into a function pointer; with PRAGMA
 * query_only=OFF and a virtual table in the temp schema a script jumped to
 * an address of its choice. So, as STYLE.md point 14 asks, several walls,
 * each sufficient on its own for the attacks tried (tests/unit/test_sqlguard.c):
 *
 *  - an authorizer with an allow-list: SELECT, reading tables and views,
 *    recursive CTEs, the functions listed in sqlguard.c (core, date, math,
 *    JSON, aggregate, window, and FTS5's match/bm25/highlight/snippet), and
 *    a few read-only PRAGMAs (table_info and the like; user_version and the
 *    like without a value). Everything else is denied at prepare time:
 *    writes, CREATE (temp and virtual tables included), ATTACH, other
 *    PRAGMAs (query_only=OFF, temp_store_directory, writable_schema,
 *    cache_size...), transactions, and functions such as fts3_tokenizer,
 *    load_extension, fts5, rtreenode;
 *  - connection settings: FTS3 tokenizer and load_extension off, defensive
 *    mode on, triggers off (the authorizer's allow-list also covers the
 *    functions a view calls), temporary storage in memory (never a file in a directory
 *    SQLite chooses), and sqlite3_limit on lengths, columns, expression
 *    depth, compound selects, function arguments, LIKE patterns, program
 *    size and attached databases;
 *  - sqlguard_check_statement: the caller refuses a prepared statement that
 *    sqlite3_stmt_readonly says may write;
 *  - sqlguard_set_heap_limit: SQLite's process-wide hard heap limit, which
 *    the script runtime ties to --max-memory.
 *
 * Knows nothing of Lua nor of the schema. No globals of its own (the heap
 * limit is SQLite's, process-wide by SQLite's design). */
#ifndef BRIEF_SQLGUARD_H
#define BRIEF_SQLGUARD_H

#include <stddef.h>
#include <sqlite3.h>

/* The largest string or blob a guarded connection makes (SQLITE_LIMIT_LENGTH):
 * zeroblob(1e9), printf('%.*c', 1e9, 'x') or a recursive CTE that grows a
 * string stop here with "string or blob too big". */
#define SQLGUARD_MAX_LENGTH_BYTES (64 * 1024 * 1024)

/* Hardens db, an open connection (read-only or not: the policy does not
 * rely on it). Must be called before the untrusted SQL is prepared, and
 * after the owner's own set-up: PRAGMAs the owner runs later are denied.
 * Returns 0, or -1 with a message in err (the connection is then unsafe
 * and must be closed). */
int sqlguard_harden(sqlite3 *db, char *err, size_t errlen);

/* 0 when stmt (prepared on a hardened connection) may run: it cannot write
 * (sqlite3_stmt_readonly). -1 with a message in err otherwise; the caller
 * finalizes it. NULL (empty SQL) is refused too. */
int sqlguard_check_statement(sqlite3_stmt *stmt, char *err, size_t errlen);

/* Sets SQLite's hard heap limit (sqlite3_hard_heap_limit64) to bytes (0: no
 * limit) for the whole process, and returns the previous limit so that a
 * caller that runs one script among others can restore it. Past the limit
 * SQLite's allocations fail with SQLITE_NOMEM ("out of memory"). */
long long sqlguard_set_heap_limit(long long bytes);

/* 1 when name is a function the allow-list admits (case-insensitive). */
int sqlguard_function_allowed(const char *name);

#endif
