/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store.c — the SQLite database of brief: open and migrate, store parsed
 * bulletins in one transaction each, and search them (FTS5 trigram, with a
 * LIKE scan for words too short for trigrams). The schema is documented in
 * docs/schema.md: change both together. */
#include "store/store.h"
#include "store/fts_trigram.h"
#include "store/store_private.h"
#include "store/review.h"
#include "store/search.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util/fold.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/vec.h"

/* SQLite waits this long for another writer (a batch, a second ingest)
 * before giving up with "database is locked". */
#define STORE_BUSY_TIMEOUT_MS 10000

#define STORE_DEFAULT_LIMIT 20


/* ---- schema and migrations --------------------------------------------- */

/* Migration steps: migrations[i] takes a database from user_version i to
 * i + 1. A later schema appends a step (ALTER TABLE, CREATE ...) and bumps
 * STORE_SCHEMA_VERSION; a step never edits an earlier one, since databases
 * in the field were built by it. Each step runs inside the migration's
 * transaction. */
static const char *const migrations[] = {
    /* 0 -> 1: the first schema. */
    "CREATE TABLE bulletins(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  source TEXT,\n"
    "  sha256 TEXT NOT NULL UNIQUE,\n"
    "  issued_on TEXT CHECK (issued_on IS NULL OR issued_on GLOB"
    " '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),\n"
    "  date_source TEXT,\n"
    "  ingested_at TEXT NOT NULL,\n"
    "  encoding TEXT NOT NULL,\n"
    "  file_name TEXT,\n"
    "  bytes INTEGER NOT NULL,\n"
    "  article_count INTEGER NOT NULL,\n"
    "  furniture_lines INTEGER NOT NULL DEFAULT 0,\n"
    "  joined_breaks INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE INDEX bulletins_issued_on ON bulletins(issued_on);\n"
    "CREATE TABLE articles(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
    "  title TEXT NOT NULL,\n"
    "  subtitle TEXT,\n"
    "  body TEXT NOT NULL,\n"
    "  chars INTEGER NOT NULL,\n"
    "  paragraph_count INTEGER NOT NULL,\n"
    "  UNIQUE (bulletin_id, seq)\n"
    ");\n"
    "CREATE TABLE paragraphs(\n"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
    "  text TEXT NOT NULL,\n"
    "  chars INTEGER NOT NULL,\n"
    "  PRIMARY KEY (article_id, seq)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE mentions(\n"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('place', 'org', 'term')),\n"
    "  value TEXT NOT NULL,\n"
    "  district TEXT,\n"
    "  count INTEGER NOT NULL CHECK (count >= 1),\n"
    "  PRIMARY KEY (article_id, kind, value)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX mentions_kind_value ON mentions(kind, value);\n"
    /* External-content FTS5 over articles. New articles are indexed by the
     * store in bulk at the end of each transaction (store_fts_fill: four
     * times cheaper than a row at a time from a trigger); deletes (also
     * ON DELETE CASCADE from bulletins) and updates by the triggers below.
     * detail='none' keeps no token positions: a quarter less ingest time and
     * a third smaller index (bench/README.md). Substrings are then found as
     * the AND of their trigrams, checked by LIKE (store_search), or by LIKE
     * on the table, which FTS5 answers from the index (docs/schema.md). */
    "CREATE VIRTUAL TABLE articles_fts USING fts5(\n"
    "  title, subtitle, body, content='articles', content_rowid='id', tokenize='trigram',\n"
    "  detail='none');\n"
    /* Merge segments 16 at a time rather than 4: an ingest rewrites the
     * index about half as often (a fifth less CPU in bench/ingest), and a
     * search reads a few more segments, which at this size costs nothing. */
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16);\n"
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('crisismerge', 64);\n"
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN\n"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body)\n"
    "  VALUES ('delete', old.id, old.title, old.subtitle, old.body);\n"
    "END;\n"
    "CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN\n"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body)\n"
    "  VALUES ('delete', old.id, old.title, old.subtitle, old.body);\n"
    "  INSERT INTO articles_fts(rowid, title, subtitle, body)\n"
    "  VALUES (new.id, new.title, new.subtitle, new.body);\n"
    "END;\n"
    "CREATE TABLE runs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  job TEXT NOT NULL,\n"
    "  params TEXT CHECK (params IS NULL OR json_valid(params)),\n"
    "  started_at TEXT NOT NULL,\n"
    "  finished_at TEXT,\n"
    "  status TEXT NOT NULL,\n"
    "  output TEXT,\n"
    "  bytes INTEGER,\n"
    "  error TEXT,\n"
    "  inputs_hash TEXT\n"
    ");\n"
    "CREATE INDEX runs_job_started ON runs(job, started_at);\n"
    "CREATE VIEW articles_v AS\n"
    "  SELECT a.id, a.bulletin_id, b.issued_on, b.source, a.seq, a.title, a.subtitle,\n"
    "         a.body, a.chars, a.paragraph_count, b.file_name\n"
    "  FROM articles a JOIN bulletins b ON b.id = a.bulletin_id;\n"
    "CREATE VIEW mentions_v AS\n"
    "  SELECT m.article_id, a.bulletin_id, b.issued_on, b.source, a.title,\n"
    "         m.kind, m.value, m.district, m.count\n"
    "  FROM mentions m JOIN articles a ON a.id = m.article_id\n"
    "  JOIN bulletins b ON b.id = a.bulletin_id;\n",
    /* 1 -> 2 (bench/README.md, ingest): the text of every paragraph was
     * stored twice, in articles.body and in paragraphs.text; now a
     * paragraph is a span of the body ([start, chars] in characters, JSON,
     * in articles.paragraph_spans) and paragraphs is a view with the same
     * columns. The index mentions(kind, value), which no query of brief
     * used (they go by date to articles, then by article to mentions), is
     * dropped. Together: 20 % of an ingest's CPU time, a third of the file.
     * Updating paragraph_spans must not re-index an article. */
    "DROP INDEX mentions_kind_value;\n"
    "DROP TRIGGER articles_fts_update;\n"
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, subtitle, body ON articles BEGIN\n"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body)\n"
    "  VALUES ('delete', old.id, old.title, old.subtitle, old.body);\n"
    "  INSERT INTO articles_fts(rowid, title, subtitle, body)\n"
    "  VALUES (new.id, new.title, new.subtitle, new.body);\n"
    "END;\n"
    "ALTER TABLE articles ADD COLUMN paragraph_spans TEXT NOT NULL DEFAULT '[]';\n"
    "UPDATE articles SET paragraph_spans = (\n"
    "  SELECT json_group_array(json_array(start, chars)) FROM (\n"
    "    SELECT p.chars, (SELECT ifnull(sum(q.chars + 1), 0) FROM paragraphs q\n"
    "                     WHERE q.article_id = p.article_id AND q.seq < p.seq) AS start\n"
    "    FROM paragraphs p WHERE p.article_id = articles.id ORDER BY p.seq));\n"
    "DROP TABLE paragraphs;\n"
    "CREATE VIEW paragraphs AS\n"
    "  SELECT a.id AS article_id, j.key + 1 AS seq,\n"
    "         substr(a.body, (j.value ->> 0) + 1, j.value ->> 1) AS text,\n"
    "         j.value ->> 1 AS chars\n"
    "  FROM articles a, json_each(a.paragraph_spans) j;\n",
    /* 2 -> 3 (issue 13, docs/schema.md): what ingest now reads besides the
     * text. A bulletin's date may be known to the month only (a 大事记:
     * issued_on is the 1st, date_precision 'month'); date_source names the
     * rule that gave it ('text', the old name of a masthead's date, is now
     * 'metadata'); the page's address and the ingest profile used. An
     * article's author, source and credit, and its photo captions, which
     * are no paragraphs. */
    "ALTER TABLE bulletins ADD COLUMN date_precision TEXT NOT NULL DEFAULT 'day'\n"
    "  CHECK (date_precision IN ('day', 'month'));\n"
    "ALTER TABLE bulletins ADD COLUMN url TEXT;\n"
    "ALTER TABLE bulletins ADD COLUMN profile TEXT;\n"
    "UPDATE bulletins SET date_source = 'metadata' WHERE date_source = 'text';\n"
    "ALTER TABLE articles ADD COLUMN author TEXT;\n"
    "ALTER TABLE articles ADD COLUMN source_name TEXT;\n"
    "ALTER TABLE articles ADD COLUMN credit TEXT;\n"
    "CREATE TABLE captions(\n"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
    "  text TEXT NOT NULL,\n"
    "  PRIMARY KEY (article_id, seq)\n"
    ") WITHOUT ROWID;\n"
    /* Search and mentions read traditional and simplified script as one
     * (util/fold.h): an article whose folded text differs from its text (a
     * traditional one) keeps the folded copy here, indexed like articles;
     * the store writes it with the article, and the cascade and triggers
     * keep it in step. */
    "CREATE TABLE article_folds(\n"
    "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  title TEXT NOT NULL,\n"
    "  subtitle TEXT,\n"
    "  body TEXT NOT NULL\n"
    ");\n"
    "CREATE VIRTUAL TABLE article_folds_fts USING fts5(\n"
    "  title, subtitle, body, content='article_folds', content_rowid='article_id', tokenize='trigram',\n"
    "  detail='none');\n"
    "CREATE TRIGGER article_folds_fts_insert AFTER INSERT ON article_folds BEGIN\n"
    "  INSERT INTO article_folds_fts(rowid, title, subtitle, body)\n"
    "  VALUES (new.article_id, new.title, new.subtitle, new.body);\n"
    "END;\n"
    "CREATE TRIGGER article_folds_fts_delete AFTER DELETE ON article_folds BEGIN\n"
    "  INSERT INTO article_folds_fts(article_folds_fts, rowid, title, subtitle, body)\n"
    "  VALUES ('delete', old.article_id, old.title, old.subtitle, old.body);\n"
    "END;\n"
    "CREATE TRIGGER article_folds_fts_update AFTER UPDATE ON article_folds BEGIN\n"
    "  INSERT INTO article_folds_fts(article_folds_fts, rowid, title, subtitle, body)\n"
    "  VALUES ('delete', old.article_id, old.title, old.subtitle, old.body);\n"
    "  INSERT INTO article_folds_fts(rowid, title, subtitle, body)\n"
    "  VALUES (new.article_id, new.title, new.subtitle, new.body);\n"
    "END;\n"
    "DROP VIEW articles_v;\n"
    "CREATE VIEW articles_v AS\n"
    "  SELECT a.id, a.bulletin_id, b.issued_on, b.source, a.seq, a.title, a.subtitle,\n"
    "         a.body, a.chars, a.paragraph_count, b.file_name, b.date_precision, a.author,\n"
    "         a.source_name, a.credit\n"
    "  FROM articles a JOIN bulletins b ON b.id = a.bulletin_id;\n",
    /* 3 -> 4 (issue 20, docs/schema.md): reviewing and correcting what
     * ingest decided. Each article keeps the rule that gave its title and
     * the weak decisions behind it (ingest_article_weak: 1 the title, 2 the
     * split); corrections records each correction a user or a trusted
     * script made, keyed by the content hash of the file it was made on
     * (and the article and paragraph numbers at the time), so that it is
     * applied again when the same bytes are stored again and carried to a
     * corrected re-send (store/review.h). No foreign key to bulletins: the
     * record of a deleted bulletin stays. */
    "ALTER TABLE articles ADD COLUMN title_rule TEXT;\n"
    "ALTER TABLE articles ADD COLUMN weak INTEGER NOT NULL DEFAULT 0;\n"
    "UPDATE articles SET weak = 2 WHERE paragraph_count = 0;\n"
    "CREATE TABLE corrections(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  bulletin_id INTEGER NOT NULL,\n"
    "  made_at TEXT NOT NULL,\n"
    "  made_by TEXT NOT NULL,\n"
    "  action TEXT NOT NULL CHECK (action IN ('date', 'source', 'title', 'subtitle', 'join', 'split',"
    " 'delete', 'restore')),\n"
    "  article INTEGER,\n"
    "  paragraph INTEGER,\n"
    "  old_value TEXT,\n"
    "  new_value TEXT,\n"
    "  carried_from INTEGER REFERENCES corrections(id)\n"
    ");\n"
    "CREATE INDEX corrections_sha256 ON corrections(sha256, id);\n",
    /* 4 -> 5 (issue 19, docs/schema.md, docs/ingest.md section 17): corrected
     * re-sends and reprints. A bulletin replaced by a corrected re-send
     * names it in superseded_by (kept as history; the views, search,
     * mentions and scripts leave it out); an article that is a reprint (or
     * the re-sent version) of an earlier one names that story's first
     * article in story_id (NULL: a story of its own) and how much of it it
     * holds in story_match. article_sketches is the index candidates are
     * found through (story.c): a few bottom-k MinHash values of each
     * article's body and the key of its title; no foreign key (a cascade
     * would scan it for every deleted article): readers join articles, and
     * a deleted article's rows only miss. Dates are looked up with the
     * source now (a re-send has the same date and source). */
    "ALTER TABLE bulletins ADD COLUMN superseded_by INTEGER REFERENCES bulletins(id) ON DELETE SET NULL;\n"
    "CREATE INDEX bulletins_superseded_by ON bulletins(superseded_by) WHERE superseded_by IS NOT NULL;\n"
    "DROP INDEX bulletins_issued_on;\n"
    "CREATE INDEX bulletins_issued_on ON bulletins(issued_on, source);\n"
    "ALTER TABLE articles ADD COLUMN story_id INTEGER;\n"
    "ALTER TABLE articles ADD COLUMN story_match REAL;\n"
    "CREATE INDEX articles_story ON articles(story_id) WHERE story_id IS NOT NULL;\n"
    "CREATE TABLE article_sketches(\n"
    "  hash INTEGER NOT NULL,\n"
    "  article_id INTEGER NOT NULL,\n"
    "  PRIMARY KEY (hash, article_id)\n"
    ") WITHOUT ROWID;\n"
    "DROP VIEW articles_v;\n"
    "CREATE VIEW articles_v AS\n"
    "  SELECT a.id, a.bulletin_id, b.issued_on, b.source, a.seq, a.title, a.subtitle,\n"
    "         a.body, a.chars, a.paragraph_count, b.file_name, b.date_precision, a.author,\n"
    "         a.source_name, a.credit, coalesce(a.story_id, a.id) AS story\n"
    "  FROM articles a JOIN bulletins b ON b.id = a.bulletin_id\n"
    "  WHERE b.superseded_by IS NULL;\n"
    "DROP VIEW mentions_v;\n"
    "CREATE VIEW mentions_v AS\n"
    "  SELECT m.article_id, a.bulletin_id, b.issued_on, b.source, a.title,\n"
    "         m.kind, m.value, m.district, m.count\n"
    "  FROM mentions m JOIN articles a ON a.id = m.article_id\n"
    "  JOIN bulletins b ON b.id = a.bulletin_id\n"
    "  WHERE b.superseded_by IS NULL;\n"
    "CREATE VIEW bulletins_v AS\n"
    "  SELECT * FROM bulletins WHERE superseded_by IS NULL;\n",
};

/* Every step is listed: the table above must reach STORE_SCHEMA_VERSION. */
_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

/* ---- small helpers -------------------------------------------------------- */

void store_fail(store *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
    va_end(ap);
}

void store_now_utc(char out[21])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *store_errmsg(const store *st)
{
    return st ? st->errmsg : "no store";
}

sqlite3 *store_sqlite(store *st)
{
    return st ? st->db : NULL;
}

/* Reads one integer PRAGMA; returns 0 or -1 (message in st). */
static int pragma_int(store *st, const char *pragma, long long *value)
{
    sqlite3_stmt *stmt = NULL;
    char sql[96];
    int rc;

    snprintf(sql, sizeof sql, "PRAGMA %s", pragma);
    rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        sqlite3_finalize(stmt);
        return -1;
    }
    *value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return 0;
}

static int exec(store *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        store_fail(st, "%s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int step_done(store *st, sqlite3_stmt *stmt, const char *what, size_t index);

/* Version 3's folded copies of the articles already stored. */
static int fold_existing(store *st)
{
    sqlite3_stmt *sel = NULL, *ins = NULL;
    int rc = -1, step;
    if (sqlite3_prepare_v2(st->db, "SELECT id, title, subtitle, body FROM articles ORDER BY id", -1, &sel, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(st->db, "INSERT INTO article_folds(article_id, title, subtitle, body) VALUES (?1, ?2, ?3, ?4)",
                           -1, &ins, NULL) != SQLITE_OK) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        goto done;
    }
    while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(sel, 3);
        if (store_fold_article(st, ins, sqlite3_column_int64(sel, 0), (const char *)sqlite3_column_text(sel, 1),
                               (const char *)sqlite3_column_text(sel, 2), body ? body : "",
                               (size_t)sqlite3_column_bytes(sel, 3)) != 0)
            goto done;
    }
    if (step != SQLITE_DONE) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    return rc;
}

/* Brings the schema from its version to STORE_SCHEMA_VERSION in one
 * transaction. The version is read again under the write lock: another
 * process may have migrated between our first look and now. */
static int store_migrate(store *st)
{
    long long version;
    char sql[96];
    int step;

    if (exec(st, "BEGIN IMMEDIATE") != 0) return STORE_ERROR;
    if (pragma_int(st, "user_version", &version) != 0) goto fail;
    if (version > STORE_SCHEMA_VERSION) {
        store_fail(st, "schema version %lld is newer than this brief understands (%d): upgrade brief",
                   version, STORE_SCHEMA_VERSION);
        exec(st, "ROLLBACK");
        return STORE_VERSION;
    }
    for (step = (int)version; step < STORE_SCHEMA_VERSION; step++) {
        if (exec(st, migrations[step]) != 0 || (step == 2 && fold_existing(st) != 0) ||
            (step == 4 && store_story_sketch_existing(st) != 0)) {
            char why[sizeof st->errmsg];
            memcpy(why, st->errmsg, sizeof why);
            store_fail(st, "migrating the schema from version %d to %d: %s", step, step + 1, why);
            goto fail;
        }
    }
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
             STORE_SCHEMA_VERSION, STORE_APPLICATION_ID);
    if (exec(st, sql) != 0 || exec(st, "COMMIT") != 0) goto fail;
    return STORE_OK;
fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return STORE_ERROR;
}

/* Decides whether the open file is a brief database this build can use. */
static int store_check(store *st)
{
    long long app_id, version, objects;
    sqlite3_stmt *stmt = NULL;

    if (pragma_int(st, "application_id", &app_id) != 0) return STORE_NOT_BRIEF;
    if (pragma_int(st, "user_version", &version) != 0) return STORE_NOT_BRIEF;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL) != SQLITE_OK
        || sqlite3_step(stmt) != SQLITE_ROW) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        sqlite3_finalize(stmt);
        return STORE_NOT_BRIEF;
    }
    objects = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);

    if (app_id != 0 && app_id != STORE_APPLICATION_ID) {
        store_fail(st, "not a brief database (application_id %lld)", app_id);
        return STORE_NOT_BRIEF;
    }
    if (app_id == 0 && objects > 0) {
        store_fail(st, "not a brief database (it holds tables of another program)");
        return STORE_NOT_BRIEF;
    }
    if (version > STORE_SCHEMA_VERSION) {
        store_fail(st, "schema version %lld is newer than this brief understands (%d): upgrade brief",
                   version, STORE_SCHEMA_VERSION);
        return STORE_VERSION;
    }
    if (st->mode == STORE_READONLY && objects == 0) {
        store_fail(st, "empty database: nothing has been ingested yet");
        return STORE_NOT_BRIEF;
    }
    if (st->mode == STORE_READONLY && version < STORE_SCHEMA_VERSION) {
        store_fail(st, "schema version %lld is older than this brief's (%d): "
                   "run 'brief ingest' once to migrate it", version, STORE_SCHEMA_VERSION);
        return STORE_VERSION;
    }
    if (st->mode == STORE_READWRITE && version < STORE_SCHEMA_VERSION) return store_migrate(st);
    return STORE_OK;
}

/* A read-only store: reads the schema once, and when that fails because
 * the place cannot be written (a WAL database in a read-only directory, a
 * shard's copy: its -shm cannot be created, SQLITE_READONLY_DIRECTORY or
 * SQLITE_CANTOPEN), opens the file again as immutable, which SQLite allows
 * when no one writes it. Any other failure (busy, corrupt) is left to
 * store_check to report: an immutable reader of a file being written
 * would read it torn. Then closes what a read-only reader never needs: no
 * ATTACH (it could open other files) and no two-argument fts3_tokenizer
 * (Debian's SQLite enables it; it calls a function at an address the SQL
 * gives). Returns 0, or -1 with the message on st. */
/* Opens path read-only as immutable: SQLite reads it without a lock, a WAL
 * or its -shm, which is safe only when no one writes it. Returns an SQLite
 * result code; *db is set either way (sqlite3_open_v2), NULL out of memory. */
static int open_immutable(const char *path, sqlite3 **db)
{
    sbuf uri = SBUF_INIT;
    int rc;
    *db = NULL;
    sbuf_puts(&uri, "file:");
    for (const char *p = path; *p; p++) {
        /* Percent-encode what a URI would read otherwise. */
        if (*p == '?' || *p == '#' || *p == '%') sbuf_printf(&uri, "%%%02X", (unsigned char)*p);
        else sbuf_putc(&uri, *p);
    }
    sbuf_puts(&uri, "?immutable=1");
    rc = sbuf_failed(&uri) ? SQLITE_NOMEM
       : sqlite3_open_v2(uri.data, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    sbuf_free(&uri);
    return rc;
}

/* Whether rc, the result of a first read on a read-only connection, says
 * the place cannot be written (a WAL database in a read-only directory, a
 * shard's copy: its -shm cannot be created): SQLITE_READONLY_DIRECTORY or
 * SQLITE_CANTOPEN. Any other failure (busy, corrupt) is not: an immutable
 * reader of a file being written would read it torn. */
static int place_read_only(int rc)
{
    return (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN;
}

/* A read-only store: reads the schema once, and when the place cannot be
 * written opens the file again as immutable. Then closes what a read-only
 * reader never needs: no ATTACH (it could open other files) and no
 * two-argument fts3_tokenizer (Debian's SQLite enables it; it calls a
 * function at an address the SQL gives). Returns 0, or -1 with the message
 * on st. */
static int open_readonly_place(store *st, const char *path)
{
    int rc = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if (place_read_only(rc)) {
        sqlite3_close(st->db);
        rc = open_immutable(path, &st->db);
        if (rc != SQLITE_OK) {
            store_fail(st, "%s", st->db ? sqlite3_errmsg(st->db) : "out of memory");
            return -1;
        }
        sqlite3_extended_result_codes(st->db, 1);
        sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
    }
    sqlite3_limit(st->db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, (int *)NULL);
    return 0;
}

int store_open(const char *path, store_mode mode, store **out, char *err, size_t errlen)
{
    store *st;
    struct stat sb;
    int flags, rc;

    *out = NULL;
    if (!path || !*path) {
        snprintf(err, errlen, "no database path");
        return STORE_ERROR;
    }
    if (mode == STORE_READONLY && stat(path, &sb) != 0) {
        if (errno == ENOENT)
            snprintf(err, errlen, "%s: no such database (brief ingest creates it)", path);
        else
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return STORE_ERROR;
    }
    /* A FIFO in the database's place would block SQLite's open for ever. */
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "%s: %s", path, S_ISDIR(sb.st_mode) ? "a directory, not a database" : "not a regular file");
        return STORE_ERROR;
    }
    st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "%s: out of memory", path);
        return STORE_NOMEM;
    }
    st->mode = mode;
    flags = mode == STORE_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    /* A store is used by one thread (store.h): SQLite's per-connection
     * mutex, taken on every call, was 1.7 % of `brief ingest`. */
    flags |= SQLITE_OPEN_NOMUTEX;
    rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
        store_close(st);
        return rc == SQLITE_NOMEM ? STORE_NOMEM : STORE_ERROR;
    }
    sqlite3_extended_result_codes(st->db, 1);
    /* The full-text index is written through a trigram tokenizer that gives
     * SQLite's tokens for a quarter of the work (fts_trigram.h); readers
     * use SQLite's own. Before anything touches the table: a connection
     * keeps the tokenizer it first opened the table with. */
    if (mode == STORE_READWRITE && fts_trigram_register(st->db) != SQLITE_OK) {
        store_fail(st, "cannot register the trigram tokenizer (SQLite without FTS5?)");
        rc = STORE_ERROR;
        goto fail;
    }
    sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
    if (mode == STORE_READONLY && open_readonly_place(st, path) != 0) {
        rc = STORE_ERROR;
        goto fail;
    }
    /* WAL: readers (scripts, brief sql) never block the ingest and the
     * reverse; synchronous=NORMAL is crash-safe in WAL mode (a power loss may
     * drop the last transactions, never corrupt), and a killed process loses
     * nothing that was committed. */
    if (mode == STORE_READWRITE) {
        /* 16 KB pages for a new database (an existing one keeps its own):
         * an ingest writes every page to the WAL and again to the database,
         * and with a quarter of the pages it makes a quarter of the system
         * calls; bench/ingest's CPU time fell by 15 %. Must come before the
         * first write, which journal_mode below is for a new file. */
        if (exec(st, "PRAGMA page_size = 16384") != 0 ||
            exec(st, "PRAGMA journal_mode = WAL") != 0 ||
            exec(st, "PRAGMA synchronous = NORMAL") != 0) {
            rc = STORE_NOT_BRIEF;
            goto fail;
        }
    }
    if (exec(st, "PRAGMA foreign_keys = ON") != 0) { rc = STORE_ERROR; goto fail; }
    rc = store_check(st);
    if (rc != STORE_OK) goto fail;
    /* The only rows this connection writes are the store's own, and
     * bulletin_check refuses in C, before any insert, everything the
     * schema's CHECK constraints would (issued_on's pattern, a mention's
     * kind and count; seq is numbered here from 1). SQLite evaluates
     * "kind IN ('place', 'org', 'term')" by building a temporary b-tree
     * for every mention row: that alone was a fifth of the ingest's
     * instructions (bench/README.md). NOT NULL, UNIQUE and foreign keys
     * are still enforced by SQLite. A function added here that writes
     * other rows must check them in C too, or turn this back off. */
    if (mode == STORE_READWRITE && exec(st, "PRAGMA ignore_check_constraints = ON") != 0) {
        rc = STORE_ERROR;
        goto fail;
    }
    if (mode == STORE_READONLY && exec(st, "PRAGMA query_only = ON") != 0) { rc = STORE_ERROR; goto fail; }
    st->errmsg[0] = '\0';
    *out = st;
    return STORE_OK;
fail:
    snprintf(err, errlen, "%s: %s", path, st->errmsg);
    store_close(st);
    return rc;
}

void store_close(store *st)
{
    if (!st) return;
    /* An open batch is rolled back: only whole, committed batches count. */
    if (st->in_batch && st->db && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_finalize(st->find_sha);
    sqlite3_finalize(st->insert_bulletin);
    sqlite3_finalize(st->insert_article);
    sqlite3_finalize(st->insert_mention);
    sqlite3_finalize(st->insert_caption);
    sqlite3_finalize(st->insert_fold);
    fold_map_destroy(st->fold);
    sqlite3_finalize(st->max_article);
    sqlite3_finalize(st->fts_fill);
    sqlite3_finalize(st->find_corrections);
    store_story_close(st);
    mentions_rules_destroy(st->own_rules);
    sqlite3_close(st->db);
    free(st);
}

/* ---- storing a bulletin ---------------------------------------------------- */

int store_prepare(store *st, sqlite3_stmt **stmt, const char *sql)
{
    if (*stmt) return 0;
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        return -1;
    }
    return 0;
}

static int prepare_all(store *st)
{
    return store_prepare(st, &st->find_sha, "SELECT id FROM bulletins WHERE sha256 = ?1")
        || store_prepare(st, &st->insert_bulletin,
                   "INSERT INTO bulletins(source, sha256, issued_on, date_source, ingested_at,"
                   " encoding, file_name, bytes, article_count, furniture_lines, joined_breaks,"
                   " date_precision, url, profile)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
        || store_prepare(st, &st->insert_article,
                   "INSERT INTO articles(bulletin_id, seq, title, subtitle, body, chars, paragraph_count,"
                   " paragraph_spans, author, source_name, credit, title_rule, weak, story_id, story_match)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
        || store_prepare(st, &st->insert_caption, "INSERT INTO captions(article_id, seq, text) VALUES (?1, ?2, ?3)")
        || store_prepare(st, &st->insert_fold,
                   "INSERT INTO article_folds(article_id, title, subtitle, body) VALUES (?1, ?2, ?3, ?4)")
        || store_prepare(st, &st->insert_mention,
                   "INSERT INTO mentions(article_id, kind, value, district, count)"
                   " VALUES (?1, ?2, ?3, ?4, ?5)")
        || store_prepare(st, &st->max_article, "SELECT ifnull(max(id), 0) FROM articles")
        || store_prepare(st, &st->fts_fill,
                   "INSERT INTO articles_fts(rowid, title, subtitle, body)"
                   " SELECT id, title, subtitle, body FROM articles WHERE id > ?1")
        ? -1 : 0;
}

/* Notes where this transaction's new articles start (we hold the write
 * lock: rowids only grow until we commit). */
static int fts_mark(store *st)
{
    int rc = sqlite3_step(st->max_article);
    if (rc == SQLITE_ROW) st->fts_from_id = sqlite3_column_int64(st->max_article, 0);
    sqlite3_reset(st->max_article);
    if (rc != SQLITE_ROW) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        return -1;
    }
    return 0;
}

static int step_done(store *st, sqlite3_stmt *stmt, const char *what, size_t index);

/* Indexes every article written since fts_mark, in one statement, inside
 * the same transaction: the index and the tables commit together. */
static int fts_fill(store *st)
{
    sqlite3_bind_int64(st->fts_fill, 1, st->fts_from_id);
    return step_done(st, st->fts_fill, "full-text index", 0);
}

/* Steps a prepared insert once and resets it; 0 or -1 (message in st). */
static int step_done(store *st, sqlite3_stmt *stmt, const char *what, size_t index)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_DONE) {
        if (index) store_fail(st, "storing %s %zu: %s", what, index, sqlite3_errmsg(st->db));
        else store_fail(st, "storing the %s: %s", what, sqlite3_errmsg(st->db));
        return -1;
    }
    return 0;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text) sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
    else sqlite3_bind_null(stmt, index);
}

/* Looks the sha256 up: 1 found (*id set), 0 not found, -1 error. */
static int find_sha(store *st, const char *sha256, int64_t *id)
{
    int rc;
    sqlite3_bind_text(st->find_sha, 1, sha256, -1, SQLITE_STATIC);
    rc = sqlite3_step(st->find_sha);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st->find_sha, 0);
    sqlite3_reset(st->find_sha);
    sqlite3_clear_bindings(st->find_sha);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    store_fail(st, "%s", sqlite3_errmsg(st->db));
    return -1;
}

/* 1 when s is NULL or matches the CHECK on bulletins.issued_on exactly:
 * GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' (store_open turns
 * SQLite's own CHECKs off for the store's inserts). */
static int date_ok(const char *s)
{
    int i;
    if (!s) return 1;
    for (i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return 0;
    return s[5] <= '1' && s[8] <= '3' && s[10] == '\0';
}

/* Refuses, with a message, what the schema's constraints would. */
static int bulletin_check(store *st, const ingest_bulletin *b, const store_article_mentions *mentions)
{
    size_t i, k;
    if (!date_ok(b->issued_on)) {
        store_fail(st, "issued_on '%s' is not a YYYY-MM-DD date", b->issued_on);
        return -1;
    }
    if (b->date_precision && strcmp(b->date_precision, "day") && strcmp(b->date_precision, "month")) {
        store_fail(st, "date_precision '%s' is not 'day' or 'month'", b->date_precision);
        return -1;
    }
    if (!b->encoding) {
        store_fail(st, "the bulletin has no encoding");
        return -1;
    }
    if (b->article_count && !b->articles) {
        store_fail(st, "the bulletin has no article array");
        return -1;
    }
    for (i = 0; i < b->article_count; i++) {
        const ingest_article *a = &b->articles[i];
        if (!a->title) {
            store_fail(st, "article %zu has no title", i + 1);
            return -1;
        }
        for (k = 0; k < a->caption_count; k++)
            if (!a->captions || !a->captions[k]) {
                store_fail(st, "article %zu: caption %zu is missing", i + 1, k + 1);
                return -1;
            }
        for (k = 0; k < a->paragraph_count; k++)
            if (!a->paragraphs || !a->paragraphs[k]) {
                store_fail(st, "article %zu: paragraph %zu is missing", i + 1, k + 1);
                return -1;
            }
        for (k = 0; mentions && k < mentions[i].count; k++) {
            const mention *m = &mentions[i].list[k];
            if (!m->kind || (strcmp(m->kind, "place") && strcmp(m->kind, "org") && strcmp(m->kind, "term")) ||
                !m->value || m->count < 1) {
                store_fail(st, "article %zu: mention %zu is not a place, org or term with a value and a count",
                           i + 1, k + 1);
                return -1;
            }
        }
    }
    return 0;
}

const fold_map *store_fold(store *st)
{
    char err[256];
    if (!st->fold) {
        st->fold = fold_map_load(err, sizeof err);
        if (!st->fold) store_fail(st, "%s", err);
    }
    return st->fold;
}

/* The folded copy of an article (util/fold.h) into article_folds, when it
 * differs from the article: a text in traditional script. 0, or -1 with the
 * message on st. */
int store_fold_article(store *st, sqlite3_stmt *stmt, int64_t article_id, const char *title,
                       const char *subtitle, const char *body, size_t body_len)
{
    const fold_map *m = store_fold(st);
    size_t tl = strlen(title), sl = subtitle ? strlen(subtitle) : 0;
    if (!m) return -1;
    char *buf = malloc(tl + sl + body_len + 3);
    if (!buf) {
        store_fail(st, "out of memory");
        return -1;
    }
    char *ft = buf, *fs = buf + tl + 1, *fb = fs + sl + 1;
    int changed = fold_text(m, title, tl, ft) | (subtitle ? fold_text(m, subtitle, sl, fs) : 0) |
                  fold_text(m, body, body_len, fb);
    ft[tl] = fs[sl] = fb[body_len] = '\0';
    int rc = 0;
    if (changed) {
        sqlite3_bind_int64(stmt, 1, article_id);
        sqlite3_bind_text(stmt, 2, ft, (int)tl, SQLITE_STATIC);
        if (subtitle) sqlite3_bind_text(stmt, 3, fs, (int)sl, SQLITE_STATIC);
        else sqlite3_bind_null(stmt, 3);
        sqlite3_bind_text(stmt, 4, fb, (int)body_len, SQLITE_STATIC);
        rc = step_done(st, stmt, "folded article", 0);
    }
    free(buf);
    return rc;
}

int store_body_build(const char *const *paragraphs, size_t count, sbuf *body, sbuf *spans, size_t *chars)
{
    size_t i, body_chars = 0;
    sbuf_clear(body);
    sbuf_clear(spans);
    sbuf_putc(spans, '[');
    for (i = 0; i < count; i++) {
        const char *text = paragraphs[i] ? paragraphs[i] : "";
        size_t len = strlen(text), n = utf8_length(text, len);
        if (i) {
            sbuf_putc(body, '\n');
            body_chars++;
        }
        sbuf_append(body, text, len);
        sbuf_printf(spans, "%s[%zu,%zu]", i ? "," : "", body_chars, n);
        body_chars += n;
    }
    sbuf_putc(spans, ']');
    if (sbuf_putc(body, '\0') != 0 || sbuf_failed(body) || sbuf_failed(spans)) return -1;
    body->len--; /* the explicit NUL above makes data non-NULL for an empty body */
    *chars = body_chars;
    return 0;
}

static int store_article(store *st, int64_t bulletin_id, size_t seq, const ingest_article *article,
                         const store_article_mentions *mentions, const store_story *story, sbuf *body,
                         sbuf *spans, int64_t *id_out, store_add_result *res)
{
    int64_t story_id;
    double story_match;
    sqlite3_stmt *stmt = st->insert_article;
    int64_t article_id;
    size_t i, body_chars = 0;

    /* The body is the paragraphs joined by one newline; each paragraph is
     * the span [start, chars] of it, in characters (docs/schema.md). */
    if (store_body_build((const char *const *)article->paragraphs, article->paragraph_count, body, spans,
                         &body_chars) != 0) {
        store_fail(st, "out of memory");
        return STORE_NOMEM;
    }

    sqlite3_bind_int64(stmt, 1, bulletin_id);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)seq);
    bind_text_or_null(stmt, 3, article->title);
    bind_text_or_null(stmt, 4, article->subtitle);
    sqlite3_bind_text(stmt, 5, body->data, (int)body->len, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 6, (sqlite3_int64)body_chars);
    sqlite3_bind_int64(stmt, 7, (sqlite3_int64)article->paragraph_count);
    sqlite3_bind_text(stmt, 8, spans->data, (int)spans->len, SQLITE_STATIC);
    bind_text_or_null(stmt, 9, article->author);
    bind_text_or_null(stmt, 10, article->source);
    bind_text_or_null(stmt, 11, article->credit);
    bind_text_or_null(stmt, 12, article->title_rule);
    sqlite3_bind_int(stmt, 13, ingest_article_weak(article->title_rule, article->paragraph_count));
    store_story_article(story, seq - 1, &story_id, &story_match);
    if (story_id) {
        sqlite3_bind_int64(stmt, 14, story_id);
        sqlite3_bind_double(stmt, 15, story_match);
    }
    if (step_done(st, stmt, "article", seq) != 0) return STORE_ERROR;
    article_id = *id_out = sqlite3_last_insert_rowid(st->db);
    res->articles++;
    res->paragraphs += article->paragraph_count;
    if (mentions && mentions->folded == 1 && mentions->fold_title && mentions->fold_body) {
        /* folded by the caller already */
        sqlite3_bind_int64(st->insert_fold, 1, article_id);
        bind_text_or_null(st->insert_fold, 2, mentions->fold_title);
        bind_text_or_null(st->insert_fold, 3, mentions->fold_subtitle);
        bind_text_or_null(st->insert_fold, 4, mentions->fold_body);
        if (step_done(st, st->insert_fold, "folded article", seq) != 0) return STORE_ERROR;
    } else if (!(mentions && mentions->folded == 0 && mentions->fold_title) &&
               store_fold_article(st, st->insert_fold, article_id, article->title, article->subtitle, body->data,
                                  body->len) != 0) {
        return STORE_ERROR;
    }
    for (i = 0; i < article->caption_count; i++) {
        sqlite3_bind_int64(st->insert_caption, 1, article_id);
        sqlite3_bind_int64(st->insert_caption, 2, (sqlite3_int64)i + 1);
        bind_text_or_null(st->insert_caption, 3, article->captions[i]);
        if (step_done(st, st->insert_caption, "caption", i + 1) != 0) return STORE_ERROR;
    }

    if (!mentions) return STORE_OK;
    stmt = st->insert_mention;
    for (i = 0; i < mentions->count; i++) {
        const mention *m = &mentions->list[i];
        int count = m->count;
        size_t k;
        /* A kind and value listed again adds its count to the first: summed
         * here (lists are short) so that the insert needs no upsert. */
        for (k = 0; k < i; k++)
            if (strcmp(mentions->list[k].kind, m->kind) == 0 && strcmp(mentions->list[k].value, m->value) == 0)
                break;
        if (k < i) continue;
        for (k = i + 1; k < mentions->count; k++)
            if (strcmp(mentions->list[k].kind, m->kind) == 0 && strcmp(mentions->list[k].value, m->value) == 0)
                count += mentions->list[k].count;
        sqlite3_bind_int64(stmt, 1, article_id);
        bind_text_or_null(stmt, 2, m->kind);
        bind_text_or_null(stmt, 3, m->value);
        bind_text_or_null(stmt, 4, m->district);
        sqlite3_bind_int(stmt, 5, count);
        if (step_done(st, stmt, "mention", i + 1) != 0) return STORE_ERROR;
        res->mentions++;
    }
    return STORE_OK;
}

int store_add_bulletin(store *st, const ingest_bulletin *bulletin, const store_bulletin_meta *meta,
                       const store_article_mentions *mentions, store_add_result *result)
{
    store_add_result res;
    store_bulletin_meta no_meta = {NULL, NULL, 0, NULL, NULL, 0, 0};
    store_story *story = NULL;
    int64_t *article_ids = NULL;
    sqlite3_stmt *stmt;
    char now[21];
    sbuf body = SBUF_INIT, spans = SBUF_INIT;
    int rc = STORE_ERROR, found, review = REVIEW_NONE;
    size_t i;

    memset(&res, 0, sizeof res);
    if (result) *result = res;
    st->errmsg[0] = '\0';
    if (st->mode == STORE_READONLY) {
        store_fail(st, "the database is open read-only");
        return STORE_ERROR;
    }
    if (!meta) meta = &no_meta;
    /* What the schema would refuse is refused here, before a row is
     * written: inside a batch a failed insert costs the whole batch. */
    if (bulletin_check(st, bulletin, mentions) != 0) return STORE_ERROR;
    if (prepare_all(st) != 0) return STORE_ERROR;
    if (st->in_batch) {
        /* Inside a batch there is no savepoint per bulletin: FTS5 flushes
         * its pending index to a new segment at every savepoint, which
         * would undo what batching gains. */
        if (sqlite3_get_autocommit(st->db)) {
            st->in_batch = 0;
            store_fail(st, "an earlier failure rolled this batch back");
            return STORE_BATCH_LOST;
        }
    } else if (exec(st, "BEGIN IMMEDIATE") != 0) {
        /* IMMEDIATE takes the write lock now, so the duplicate check below
         * and the inserts see the same database even with a second ingest
         * running. */
        return STORE_ERROR;
    } else if (fts_mark(st) != 0) {
        goto rollback;
    }

    found = find_sha(st, bulletin->sha256, &res.bulletin_id);
    if (found != 0) {
        rc = found > 0 ? STORE_DUPLICATE : STORE_ERROR;
        goto rollback;
    }
    /* Bytes corrected before: deleted (refused unless restored), or to be
     * corrected again once stored. */
    review = store_review_state(st, bulletin->sha256);
    if (review < 0) goto rollback;
    if (review == REVIEW_DELETED && !meta->restore) {
        rc = STORE_DELETED;
        goto rollback;
    }
    /* Which stored bulletin it replaces, which stories its articles
     * continue: looked up before its own rows exist (story.c). */
    article_ids = calloc(bulletin->article_count + 1, sizeof *article_ids);
    if (!article_ids) {
        store_fail(st, "out of memory");
        rc = STORE_NOMEM;
        goto rollback;
    }
    if (store_story_find(st, bulletin, mentions, meta->source, meta->keep_both, &story) != 0) goto rollback;
    if (!meta->ingested_at) store_now_utc(now);
    stmt = st->insert_bulletin;
    bind_text_or_null(stmt, 1, meta->source);
    sqlite3_bind_text(stmt, 2, bulletin->sha256, -1, SQLITE_STATIC);
    bind_text_or_null(stmt, 3, bulletin->issued_on);
    bind_text_or_null(stmt, 4, bulletin->date_source);
    sqlite3_bind_text(stmt, 5, meta->ingested_at ? meta->ingested_at : now, -1, SQLITE_STATIC);
    bind_text_or_null(stmt, 6, bulletin->encoding);
    bind_text_or_null(stmt, 7, meta->file_name);
    sqlite3_bind_int64(stmt, 8, meta->bytes);
    sqlite3_bind_int64(stmt, 9, (sqlite3_int64)bulletin->article_count);
    sqlite3_bind_int64(stmt, 10, (sqlite3_int64)bulletin->furniture_lines);
    sqlite3_bind_int64(stmt, 11, (sqlite3_int64)bulletin->joined_breaks);
    sqlite3_bind_text(stmt, 12, bulletin->date_precision ? bulletin->date_precision : "day", -1, SQLITE_STATIC);
    bind_text_or_null(stmt, 13, bulletin->url);
    bind_text_or_null(stmt, 14, meta->profile);
    if (step_done(st, stmt, "bulletin", 0) != 0) goto rollback;
    res.bulletin_id = sqlite3_last_insert_rowid(st->db);

    for (i = 0; i < bulletin->article_count; i++) {
        rc = store_article(st, res.bulletin_id, i + 1, &bulletin->articles[i],
                           mentions ? &mentions[i] : NULL, story, &body, &spans, &article_ids[i], &res);
        if (rc != STORE_OK) goto rollback;
    }
    rc = STORE_ERROR;
    if (store_story_commit(st, story, res.bulletin_id, article_ids, &res) != 0) goto rollback;
    /* Corrections are updates, which the full-text triggers follow: the
     * articles are indexed first, and the mark moved past them. */
    if (review != REVIEW_NONE &&
        (fts_fill(st) != 0 || store_review_replay(st, res.bulletin_id, bulletin->sha256, review == REVIEW_DELETED, &res.corrections) != 0 ||
         fts_mark(st) != 0))
        goto rollback;
    /* The corrections of the bulletin replaced follow it (review.h): on
     * indexed articles, as above. */
    int corrected = res.superseded ? store_story_corrected(st, res.superseded) : 0;
    if (corrected < 0) goto rollback;
    if (corrected &&
        (store_fts_flush(st) != 0 ||
         store_corrections_carry(st, res.superseded, res.bulletin_id, &res.carried, &res.carry_skipped) != STORE_OK ||
         fts_mark(st) != 0))
        goto rollback;
    if (!st->in_batch && (fts_fill(st) != 0 || exec(st, "COMMIT") != 0)) goto rollback;
    sbuf_free(&body);
    sbuf_free(&spans);
    store_story_free(story);
    free(article_ids);
    if (result) *result = res;
    return STORE_OK;

rollback:
    sbuf_free(&body);
    sbuf_free(&spans);
    store_story_free(story);
    free(article_ids);
    if (rc == STORE_DUPLICATE || rc == STORE_DELETED) {
        /* Nothing was written: a batch goes on. */
        if (!st->in_batch) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        if (result) result->bulletin_id = res.bulletin_id;
        st->errmsg[0] = '\0';
        return rc;
    }
    /* Part of this bulletin may be written: roll back to the last commit,
     * which inside a batch loses the batch. */
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    if (st->in_batch) {
        char why[sizeof st->errmsg];
        memcpy(why, st->errmsg, sizeof why);
        store_fail(st, "%s (the open batch was rolled back)", why);
        st->in_batch = 0;
        return STORE_BATCH_LOST;
    }
    return rc;
}

int store_fts_flush(store *st)
{
    return fts_fill(st) != 0 || fts_mark(st) != 0 ? -1 : 0;
}

int store_batch_begin(store *st)
{
    st->errmsg[0] = '\0';
    if (st->mode == STORE_READONLY) {
        store_fail(st, "the database is open read-only");
        return STORE_ERROR;
    }
    if (st->in_batch) {
        store_fail(st, "a batch is already open");
        return STORE_ERROR;
    }
    if (prepare_all(st) != 0 || exec(st, "BEGIN IMMEDIATE") != 0) return STORE_ERROR;
    if (fts_mark(st) != 0) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return STORE_ERROR;
    }
    st->in_batch = 1;
    return STORE_OK;
}

int store_batch_commit(store *st)
{
    st->errmsg[0] = '\0';
    if (!st->in_batch) return STORE_OK;
    st->in_batch = 0;
    if (sqlite3_get_autocommit(st->db)) {
        store_fail(st, "an earlier failure rolled this batch back");
        return STORE_ERROR;
    }
    if (fts_fill(st) != 0 || exec(st, "COMMIT") != 0) {
        char why[sizeof st->errmsg];
        memcpy(why, st->errmsg, sizeof why);
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        store_fail(st, "%s", why);
        return STORE_ERROR;
    }
    return STORE_OK;
}

/* ---- search (search.h) ---------------------------------------------------- */

void store_hits_free(store_hit *hits, size_t count)
{
    size_t i;
    if (!hits) return;
    for (i = 0; i < count; i++) {
        free(hits[i].issued_on);
        free(hits[i].title);
        free(hits[i].snippet);
    }
    free(hits);
}

int store_search(store *st, const store_search_options *options, store_hit **hits, size_t *count)
{
    search_query *q = NULL;
    sqlite3_stmt *stmt = NULL;
    store_hit *list = NULL;
    sbuf text = SBUF_INIT;
    size_t n = 0, cap = 0, limit = options->limit ? options->limit : STORE_DEFAULT_LIMIT;
    int rc = STORE_ERROR, step;

    *hits = NULL;
    *count = 0;
    st->errmsg[0] = '\0';
    if (search_query_parse(options->text ? options->text : "", options->text ? strlen(options->text) : 0, &q,
                           st->errmsg, sizeof st->errmsg) != 0)
        goto done;
    if (!store_fold(st)) goto done;
    search_query_fold(q, store_fold(st));
    if (search_prepare(st->db, q, NULL, NULL, (long long)limit, &stmt, st->errmsg, sizeof st->errmsg) != 0)
        goto done;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *title = (const char *)sqlite3_column_text(stmt, SEARCH_COL_TITLE);
        const char *body = (const char *)sqlite3_column_text(stmt, SEARCH_COL_BODY);
        const unsigned char *date = sqlite3_column_text(stmt, SEARCH_COL_ISSUED_ON);
        store_hit *hit;
        if (VEC_RESERVE(list, cap, n + 1) != 0) goto nomem;
        hit = &list[n++];
        memset(hit, 0, sizeof *hit);
        hit->article_id = sqlite3_column_int64(stmt, SEARCH_COL_ID);
        hit->issued_on = date ? strdup((const char *)date) : NULL;
        sbuf_clear(&text);
        search_mark(q, title ? title : "", title ? strlen(title) : 0, options->mark_open, options->mark_close,
                    &text);
        hit->title = sbuf_failed(&text) ? NULL : strdup(text.data ? text.data : "");
        sbuf_clear(&text);
        search_snippet(q, body ? body : "", body ? strlen(body) : 0, options->mark_open, options->mark_close,
                       &text);
        hit->snippet = sbuf_failed(&text) ? NULL : strdup(text.data ? text.data : "");
        if (!hit->title || !hit->snippet || (date && !hit->issued_on)) goto nomem;
    }
    if (step != SQLITE_DONE) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        goto done;
    }
    *hits = list;
    *count = n;
    list = NULL;
    rc = STORE_OK;
    goto done;
nomem:
    rc = STORE_NOMEM;
    store_fail(st, "out of memory");
done:
    store_hits_free(list, n);
    sqlite3_finalize(stmt);
    search_query_free(q);
    sbuf_free(&text);
    return rc;
}

/* One integer of a one-row query; -1 (message from db) on failure. */
static int health_int(sqlite3 *db, const char *sql, long long *value)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) *value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW ? 0 : -1;
}

int store_health_check(const char *path, int quick, store_health *health, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    struct stat sb;
    long long tables = 0;
    int rc;

    memset(health, 0, sizeof *health);
    health->bulletins = -1;
    if (stat(path, &sb) != 0) {
        snprintf(err, errlen, "%s: %s", path, errno == ENOENT ? "no such database" : strerror(errno));
        return STORE_ERROR;
    }
    /* A FIFO would block the open for ever; a directory says "disk I/O
     * error". */
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "%s: %s", path, S_ISDIR(sb.st_mode) ? "a directory, not a database" : "not a regular file");
        return STORE_ERROR;
    }
    /* Not store_open: the doctor examines any file, of any version, even
     * one that is not brief's; read-only, immutable where the place cannot
     * be written, as a read-only store. */
    rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(db, 1);
        rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
        if (place_read_only(rc)) {
            sqlite3_close(db);
            rc = open_immutable(path, &db);
        } else {
            rc = SQLITE_OK;   /* a damaged file is reported by the checks below */
        }
    }
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return STORE_ERROR;
    }
    sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
    if (health_int(db, "PRAGMA application_id", &health->application_id) != 0 ||
        health_int(db, "PRAGMA user_version", &health->schema_version) != 0 ||
        health_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'bulletins'",
                   &tables) != 0)
        goto fail;
    if (tables > 0) {
        if (sqlite3_prepare_v2(db, "SELECT count(*), coalesce(max(issued_on), '') FROM bulletins", -1, &stmt,
                               NULL) != SQLITE_OK || sqlite3_step(stmt) != SQLITE_ROW)
            goto fail;
        health->bulletins = sqlite3_column_int64(stmt, 0);
        snprintf(health->newest, sizeof health->newest, "%s", (const char *)sqlite3_column_text(stmt, 1));
        sqlite3_finalize(stmt);
        stmt = NULL;
    }
    /* Each row is one problem, or the single row "ok". The first lines are
     * kept: the rest say the same of more pages. */
    if (sqlite3_prepare_v2(db, quick ? "PRAGMA quick_check(20)" : "PRAGMA integrity_check(20)", -1, &stmt,
                           NULL) != SQLITE_OK)
        goto fail;
    size_t used = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(stmt, 0);
        int n = snprintf(health->integrity + used, sizeof health->integrity - used, "%s%s",
                         used ? "\n" : "", line ? line : "");
        if (n < 0 || (size_t)n >= sizeof health->integrity - used) break;   /* full: enough said */
        used += (size_t)n;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) goto fail;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return STORE_OK;
fail:
    snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return STORE_ERROR;
}
