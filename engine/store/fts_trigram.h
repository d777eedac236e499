/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fts_trigram.h — SQLite FTS5's "trigram" tokenizer, the same tokens for
 * less work, for the connection that builds the full-text index.
 *
 * The built-in trigram tokenizer (SQLite 3.40) decodes, case-folds and
 * re-encodes every character three times, once for each trigram it is part
 * of; with a token per character, that was about a quarter of the index's
 * cost in `brief ingest` (bench/README.md). fts_trigram_register replaces
 * "trigram" on one connection by a tokenizer that reads each character once
 * and hands FTS5 slices of the text itself.
 *
 * Contract: for every input and every flag, the tokens (bytes, and start and
 * end offsets) are exactly those of the built-in tokenizer, so an index
 * built through it is the index SQLite builds, and every other connection and
 * tool (the sqlite3 shell, `brief search`, scripts) reads and updates it with
 * the built-in one. The fast path covers text made of ASCII, CJK ideographs
 * and punctuation, kana, general punctuation and the full-width forms other
 * than letters; a text with any other character, invalid UTF-8 or a NUL, or a
 * table declared with tokenizer arguments, is handed whole to the built-in
 * tokenizer. tests/unit/test_fts_trigram.c compares the two on every code
 * point of the fast path and on random text, and checks an index built
 * through it with FTS5's integrity-check on a plain connection.
 *
 * One thing differs, on the registering connection only: FTS5 answers LIKE
 * and GLOB from a trigram index only for its own tokenizer, so there they
 * scan instead (same results). Register it on a connection that writes, not
 * on one that searches. No globals: the state lives in the connection. */
#ifndef BRIEF_FTS_TRIGRAM_H
#define BRIEF_FTS_TRIGRAM_H

#include <sqlite3.h>

/* Registers the tokenizer as "trigram" on db (for tables opened on db after
 * the call). Returns SQLITE_OK, or an SQLite error code when db has no FTS5
 * or memory runs out (db's error message is not set). */
int fts_trigram_register(sqlite3 *db);

/* FTS5's API on db (valid while db is open), NULL without FTS5. */
fts5_api *fts_trigram_fts5_api(sqlite3 *db);

#endif
