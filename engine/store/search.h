/* SPDX-License-Identifier: GPL-3.0-or-later */
/* search.h — full-text search of the stored articles: the one query builder
 * and the one match marker behind `brief search` (store_search) and
 * `brief.data.search` (query.h), so that both find the same articles for
 * the same text.
 *
 * A search is words separated by white space (text_is_space: ASCII white
 * space, the no-break space U+00A0, the ideographic space U+3000 ...); an
 * article matches when its title, subtitle or body contains every word as
 * a substring, ASCII letters in either case (as FTS5's trigram tokenizer
 * folds them), and, once the query is folded (search_query_fold),
 * simplified and traditional script alike: the words and the articles are
 * compared folded to simplified script (util/fold.h), the words against
 * article_folds for an article in traditional script, so that 工会 finds
 * 工會 and the other way round. Words of SEARCH_TRIGRAM_CHARS characters or more select
 * candidates through the store's FTS5 trigram index (articles_fts, which
 * keeps no positions: docs/schema.md); LIKE then checks every word on the
 * row, which for short words alone is a scan. Results are newest first:
 * issued_on descending, undated last, then by bulletin and article order.
 *
 * Part of the store layer (engine/store/): it names the store's tables,
 * and is given its connection by store.c and query.c only. No globals. */
#ifndef BRIEF_SEARCH_H
#define BRIEF_SEARCH_H

#include <stddef.h>

#include <sqlite3.h>

#include "util/fold.h"
#include "util/sbuf.h"

/* Words shorter than this many characters cannot use the trigram index. */
#define SEARCH_TRIGRAM_CHARS 3

/* At most this many words: each is one LIKE on every candidate row. */
#define SEARCH_MAX_WORDS 64

/* The parsed words of a search (opaque). */
typedef struct search_query search_query;

/* Splits text[0..len) into words. On 0 *out holds the query (free with
 * search_query_free); on -1 *out is NULL and err (errlen bytes) says why:
 * "nothing to search for" (only white space), "too many words ...", or
 * "out of memory". text need not be NUL-terminated; it is copied. */
int search_query_parse(const char *text, size_t len, search_query **out, char *err, size_t errlen);

/* NULL is a no-op. */
void search_query_free(search_query *q);

/* Folds q's words to simplified script with map (transfer none: it must
 * outlive q): the search then finds an article in either script, and the
 * marks fall on the characters as stored, which folding keeps in place. */
void search_query_fold(search_query *q, const fold_map *map);

/* How many words q holds (1..SEARCH_MAX_WORDS). */
size_t search_query_words(const search_query *q);

/* Prepares on db (a connection to a brief database, schema version 3) the
 * statement of q: articles matching every word, issued in [from, to] (ISO
 * dates; NULL: unbounded on that side; an undated article is outside any
 * bound), at most limit rows (< 0: all). Its columns, by name and in this
 * order: id, bulletin_id, seq, title, subtitle, body, issued_on, source.
 * On 0 *out holds the statement (the caller steps and finalizes it; it
 * keeps no pointer into q); on -1 *out is NULL and err holds SQLite's
 * message or "out of memory". */
int search_prepare(sqlite3 *db, const search_query *q, const char *from, const char *to, long long limit,
                   sqlite3_stmt **out, char *err, size_t errlen);

/* Column numbers of search_prepare's statement. */
enum {
    SEARCH_COL_ID, SEARCH_COL_BULLETIN_ID, SEARCH_COL_SEQ, SEARCH_COL_TITLE,
    SEARCH_COL_SUBTITLE, SEARCH_COL_BODY, SEARCH_COL_ISSUED_ON, SEARCH_COL_SOURCE
};

/* Appends s[0..len) to out with every match of a word of q wrapped in
 * mark_open and mark_close (the longest word where several match at one
 * place), and newlines, carriage returns and tabs shown as spaces (the
 * result is one line). Out of memory is sticky on out (sbuf.h). */
void search_mark(const search_query *q, const char *s, size_t len, const char *mark_open,
                 const char *mark_close, sbuf *out);

/* Snippet window, in characters: before the first match, and in all. */
#define SEARCH_SNIPPET_BEFORE 24
#define SEARCH_SNIPPET_CHARS 80

/* Appends to out about SEARCH_SNIPPET_CHARS characters of body around its
 * first match (SEARCH_SNIPPET_BEFORE before it; never cutting the match),
 * marked as search_mark does, with "…" where the body was cut. A body
 * without a match gives its beginning. */
void search_snippet(const search_query *q, const char *body, size_t len, const char *mark_open,
                    const char *mark_close, sbuf *out);

#endif
