/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store.h — brief's SQLite database: the schema (a contract that report
 * scripts and outside tools read, documented in docs/schema.md), opening and
 * migrating it, storing parsed bulletins, the full-text search, the
 * read-only SQL console of `brief sql`, and the walk over its content that
 * batch fingerprints hash.
 *
 * Contract: a store is one SQLite connection, opened read-write (creating and
 * migrating the file) or read-only (PRAGMA query_only as well: nothing can
 * write through it; no ATTACH). The store is closed: no caller sees its
 * connection or names its tables (store_private.h says which files of
 * engine/store/ may); they call the functions below, runs.h and query.h.
 * Every store_add_bulletin is atomic, holding the
 * bulletin, its articles, paragraphs, mentions and full-text rows: in its
 * own transaction, or in a batch's (store_batch_begin). After a crash
 * or kill the database holds whole bulletins only. The module keeps no
 * globals; a failed call leaves its message on the store (store_errmsg).
 * A store is used by one thread
 * at a time (its connection is opened without SQLite's mutex); separate
 * stores may live in separate threads.
 * It never parses text (ingest.h does) and never finds mentions (mentions.h
 * does): it stores what they return. */
#ifndef BRIEF_STORE_H
#define BRIEF_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/ingest.h"
#include "ingest/mentions.h"
#include "util/fold.h"

/* The schema version this build writes (PRAGMA user_version). A database
 * with a lower version is migrated forward when opened read-write; one with
 * a higher version is refused. */
#define STORE_SCHEMA_VERSION 5

/* PRAGMA application_id of a brief database: "BRIF". A database that holds
 * tables under another application id is refused rather than migrated. */
#define STORE_APPLICATION_ID 0x42524946

/* Result codes. */
#define STORE_OK         0
#define STORE_ERROR      1   /* SQLite or I/O failure; see store_errmsg */
#define STORE_DUPLICATE  2   /* store_add_bulletin: these bytes are already stored */
#define STORE_NOMEM      3
#define STORE_VERSION    4   /* store_open: schema newer than this build, or too old to read */
#define STORE_NOT_BRIEF  5   /* store_open: the file is not a brief database */
#define STORE_BATCH_LOST 6   /* store_add_bulletin: a failure inside a batch rolled the batch back */
#define STORE_DELETED    7   /* store_add_bulletin: these bytes were deleted by a correction (review.h) */

typedef struct store store;

typedef enum store_mode {
    STORE_READWRITE = 0,   /* create the file if missing, migrate it forward */
    STORE_READONLY  = 1    /* the file must exist and be current; query_only */
} store_mode;

/* Opens the database at path. On STORE_OK *out receives a store the caller
 * closes with store_close. On failure *out is NULL and err (errlen bytes)
 * holds a message that names the path ("brief.db: schema version 3 is newer
 * than this brief understands (1): upgrade brief"). */
int store_open(const char *path, store_mode mode, store **out, char *err, size_t errlen);

/* Closes the connection; NULL is a no-op. */
void store_close(store *st);

/* The message of the last failed call on st (transfer none: valid until the
 * next call on st). "" when the last call succeeded. */
const char *store_errmsg(const store *st);

/* What store_health found in a database. */
typedef struct store_health {
    long long application_id;  /* PRAGMA application_id: STORE_APPLICATION_ID, or 0 for a new file */
    long long schema_version;  /* PRAGMA user_version */
    long long bulletins;       /* rows of bulletins; -1 when the table does not exist */
    char newest[16];           /* the newest issued_on ("YYYY-MM-DD"), "" when none */
    char integrity[512];       /* "ok", or the first problems found, one per line */
} store_health;

/* Examines the database at path without changing it (for `brief doctor`):
 * opens it read-only (immutable where it cannot be written, as a read-only
 * store does; but of any version, and even when not brief's), reads its
 * application id and schema version, counts its bulletins, and runs
 * PRAGMA integrity_check,
 * or quick_check when quick (no check that index entries match their rows:
 * linear time instead of N log N). Returns STORE_OK when the checks ran,
 * with their findings in *health (the caller judges them: integrity "ok",
 * the version against STORE_SCHEMA_VERSION, the application id);
 * STORE_ERROR, with a message naming path in err, when the file is missing
 * or cannot be read as a database at all (not a database, a damaged header
 * or schema, an integrity check SQLite had to abandon). */
int store_health_check(const char *path, int quick, store_health *health, char *err, size_t errlen);

/* What store_add_bulletin records besides the parsed bulletin. */
typedef struct store_bulletin_meta {
    const char *source;        /* where it came from ("samples", "stdin"); NULL stores NULL */
    const char *file_name;     /* the path as given, or NULL (standard input) */
    int64_t bytes;             /* size of the input as read */
    const char *ingested_at;   /* ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ"; NULL: now */
    const char *profile;       /* the ingest profile used (--profile), or NULL */
    int restore;               /* 1: store these bytes even when a correction deleted them (the
                                  deletion is then undone: brief ingest --restore); 0: refuse them */
    int keep_both;             /* 1: a corrected re-send is stored beside the bulletin it would
                                  replace (brief ingest --keep-both); 0: it supersedes it */
} store_bulletin_meta;

/* The mentions of one article, as mentions_extract returned them
 * (transfer none: the store copies what it needs). */
typedef struct store_article_mentions {
    const mention *list;
    size_t count;
    /* The article folded to simplified script (util/fold.h), when the
     * caller folded it for the mention matcher already: folded 1 with the
     * three texts (the body as the store joins it: paragraphs and "\n"),
     * folded 0 when folding changed nothing; folded -1 (or these fields
     * zero-initialized as 0 with NULL texts): the store folds itself. */
    int folded;
    const char *fold_title, *fold_subtitle, *fold_body;
} store_article_mentions;

/* What store_add_bulletin did. */
typedef struct store_add_result {
    int64_t bulletin_id;       /* the new bulletin, or the one already holding these bytes */
    size_t articles;           /* articles written (0 for a duplicate) */
    size_t paragraphs;
    size_t mentions;           /* rows: a kind and value repeated in an article count once */
    size_t corrections;        /* corrections recorded for these bytes applied again (review.h) */
    int64_t superseded;        /* the bulletin this one replaced as a corrected re-send, or 0 */
    double similarity;         /* how much of it is the same (Jaccard, 0..1), when superseded */
    size_t carried;            /* corrections of the replaced bulletin carried to this one */
    size_t carry_skipped;      /* those that no longer applied */
    size_t reprints;           /* articles linked to an earlier story (reprints, the re-sent ones) */
} store_add_result;

/* The map that folds traditional script to simplified (util/fold.h), the
 * one the store indexes with: built from OpenCC when first asked for, freed
 * by store_close (transfer none). NULL with the message on st when OpenCC
 * cannot be loaded. Callers fold what the mention matcher sees with it. */
const fold_map *store_fold(store *st);

/* Stores one parsed bulletin, all or nothing, in one transaction (or in
 * the open batch's). A bulletin of the same date whose text is nearly the
 * same as a stored one's (a corrected re-send: docs/ingest.md, section 17)
 * supersedes it, unless meta->keep_both: the old one is kept, marked
 * superseded_by the new one, and its corrections are carried over
 * (store_corrections_carry of review.h); its articles, and those that are
 * reprints of an earlier article, are linked to that story (story_id). When corrections were recorded for the same bytes
 * (store/review.h: they were stored, corrected, deleted, and are now
 * stored again with meta->restore), they are applied again in the same
 * transaction, each where it still applies; bytes a correction deleted are
 * refused with STORE_DELETED (nothing written, result->bulletin_id 0)
 * unless meta->restore.
 * mentions is NULL or an array of bulletin->article_count entries, entry i
 * holding the mentions of article i (a mention repeated for the same kind and
 * value adds its count). Returns STORE_OK; STORE_DUPLICATE when a bulletin
 * with the same sha256 is already stored (nothing is written, result->
 * bulletin_id names it); STORE_ERROR or STORE_NOMEM with the message on st
 * and nothing written; STORE_BATCH_LOST inside a batch (see below). result
 * may be NULL. A read-only store refuses. */
int store_add_bulletin(store *st, const ingest_bulletin *bulletin, const store_bulletin_meta *meta,
                       const store_article_mentions *mentions, store_add_result *result);

/* Batches: store_add_bulletin calls between store_batch_begin and
 * store_batch_commit share one transaction, which is several times faster
 * for many small bulletins (one WAL commit and one FTS5 flush per batch,
 * see bench/README.md). A duplicate is seen even within the batch. A
 * bulletin that breaks the schema's rules is refused before anything is
 * written (STORE_ERROR) and the batch goes on; a failure while writing
 * (disk full, I/O) rolls the whole batch back and returns STORE_BATCH_LOST:
 * the batch is then closed, and the caller adds its bulletins again (each
 * outside a batch, or in a new one). Nothing of a batch is visible to
 * readers, or survives a crash or kill, before store_batch_commit returns
 * STORE_OK; the database only ever holds whole bulletins. Callers bound a
 * batch (brief ingest: a quarter second of work) and count its bulletins
 * as stored only once the commit succeeds. store_close rolls an open batch
 * back. Both return STORE_OK or STORE_ERROR (message on st); after a failed
 * commit nothing of the batch is stored. */
int store_batch_begin(store *st);
int store_batch_commit(store *st);

/* One article found by store_search. */
typedef struct store_hit {
    int64_t article_id;
    char *issued_on;           /* "YYYY-MM-DD" or NULL */
    char *title;               /* with every match wrapped in the markers */
    char *snippet;             /* about 80 characters of the body around the first
                                  match, matches wrapped, "…" where cut */
} store_hit;

typedef struct store_search_options {
    const char *text;          /* words separated by white space: an article must contain every one */
    size_t limit;              /* at most this many hits; 0: 20 */
    const char *mark_open;     /* put before each match, e.g. "【" or "\033[1;31m" */
    const char *mark_close;    /* put after each match, e.g. "】" or "\033[0m" */
} store_search_options;

/* Finds the articles whose title, subtitle or body contain every word of
 * options->text, by the rules of search.h (the same search as
 * brief.data.search): words separated by any white space, each a substring
 * (ASCII letters in either case), newest first. On STORE_OK
 * *hits receives *count hits that the caller frees with store_hits_free.
 * Returns STORE_ERROR (empty text, SQLite failure) or STORE_NOMEM with the
 * message on st and *hits NULL. */
int store_search(store *st, const store_search_options *options, store_hit **hits, size_t *count);
void store_hits_free(store_hit *hits, size_t count);

/* ---- the SQL console (brief sql) ---------------------------------------- */

/* The value of one column of a row, as SQLite typed it. */
typedef enum store_type {
    STORE_TYPE_NULL, STORE_TYPE_INTEGER, STORE_TYPE_REAL, STORE_TYPE_TEXT, STORE_TYPE_BLOB
} store_type;

typedef struct store_value {
    store_type type;
    int64_t integer;           /* STORE_TYPE_INTEGER */
    double real;               /* STORE_TYPE_REAL */
    const char *bytes;         /* TEXT (UTF-8 as stored, NUL-terminated) and BLOB; NULL otherwise */
    size_t len;                /* of bytes */
} store_value;

/* Called by store_sql_run: once with row NULL before the first row (names
 * holds the ncols column names), then once per row. The strings live until
 * it returns. Returns 0 to go on, anything else to stop (store_sql_run then
 * returns STORE_OK: the caller knows why it stopped). */
typedef int (*store_row_fn)(void *ud, size_t ncols, const char *const *names, const store_value *row);

/* Runs one SQL statement a user typed on st, which must be open read-only,
 * and hands its rows to on_row. Refused (STORE_ERROR, message on st, no
 * call of on_row): a statement that would write ("refused: the statement
 * would write to the database (brief sql is read-only)"), more than one
 * statement ("one statement at a time (more follows "...")"), none at all,
 * and whatever SQLite refuses to prepare (its message: "no such column:
 * nope"). An error while stepping stops the rows with STORE_ERROR after
 * the rows already handed over. */
int store_sql_run(store *st, const char *sql, store_row_fn on_row, void *ud);

/* ---- the content of the database (batch fingerprints) ------------------- */

/* Called by store_content_walk: once per table with row NULL and sql its
 * CREATE statement (ncols its column count), then once per row of it. */
typedef int (*store_content_fn)(void *ud, const char *table, const char *sql, size_t ncols,
                                const store_value *row);

/* Walks, in one read transaction (so at one moment), the schema and every
 * row of every table whose content a report can depend on: every ordinary
 * table but `runs` (the history batch writes itself) and the tables of
 * the full-text index and article_sketches (derived from articles), in name order, rows in rowid
 * (or primary key) order. The walk is stable across copies of the file,
 * VACUUM and reopening. on_visit returns 0 to go on; anything else stops
 * the walk (STORE_OK). Returns STORE_OK or STORE_ERROR with the message on
 * st. */
int store_content_walk(store *st, store_content_fn on_visit, void *ud);

/* The newest bulletins.issued_on into out ("YYYY-MM-DD"): 1, or 0 when no
 * bulletin has a date, or -1 (message on st). */
int store_latest_issue(store *st, char out[11]);

/* Writes the current time as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ" into out
 * (at least 21 bytes). For the runs table's started_at and finished_at too. */
void store_now_utc(char out[21]);

#endif
