/* SPDX-License-Identifier: GPL-3.0-or-later */
/* review.h — seeing and correcting what ingest decided: the list of stored
 * bulletins with what ingest was unsure of (`brief bulletins`), one
 * bulletin as stored with the rule behind each decision (`brief show`),
 * and corrections (`brief set`, `join`, `split`, `delete`, and the same for
 * trusted scripts), recorded so that they outlive the rows they changed.
 *
 * Contract: functions on a store (store.h), which stays closed: callers get
 * rows as typed values (store_value) and name no table. Each correction is
 * one transaction (store_correct: a command's corrections together) that
 * changes the rows, the full-text indexes (articles_fts,
 * article_folds_fts through their triggers), the folded copies and the
 * mentions of every article whose text changed, and adds one row to the
 * corrections table: who, when, what, the old and the new value. It is
 * refused whole, with a message naming what is wrong ("bulletin 7 has 3
 * articles, not 5"), on a read-only store or inside an open batch.
 *
 * A correction is kept by what identifies its target across a re-store:
 * the SHA-256 of the bulletin's bytes, the article's number and the
 * paragraph's number at the time, and the old value. So it is applied
 * again when the same bytes are stored again (store_add_bulletin: after a
 * delete, with meta->restore), and carried to another bulletin that
 * replaces this one (store_corrections_carry, for a corrected re-send),
 * each where it still applies: a title only where the article still has
 * the old title, a date only where the bulletin still has the old date, a
 * join or split only where the same titles or paragraph text are found.
 * Corrections that change an article's text find its mentions again with
 * the rules given to store_set_mentions_rules (in the region its bulletin's
 * text names: a profile's region is not read again). No globals. */
#ifndef BRIEF_STORE_REVIEW_H
#define BRIEF_STORE_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/mentions.h"
#include "store/store.h"

/* The rules (transfer none: they must outlive the store's use of them,
 * already folded with mentions_rules_fold(rules, store_fold(st))) with
 * which corrections find the mentions of an article they change. Without
 * them a correction of a title, a join or a split is refused. */
void store_set_mentions_rules(store *st, const mentions_rules *rules);

/* Opens the database at path read-write for corrections (store_open), with
 * the mentions rules of brief ingest (data/mentions, or the configured
 * ones: paths_config) loaded, folded and given to store_set_mentions_rules,
 * owned by the store and freed by store_close. A missing file is refused
 * ("no such database"), never created. Returns STORE_OK with *out
 * set, or a store_open code with a message naming the path or the rules'
 * file in err. */
int store_review_open(const char *path, store **out, char *err, size_t errlen);

/* Who makes a correction from this process: the user name of the
 * effective uid, else "uid N", into out (outlen bytes). */
void store_review_who(char *out, size_t outlen);

/* ---- corrections ----------------------------------------------------------- */

typedef enum store_correction_kind {
    STORE_FIX_DATE,       /* value: the issue date "YYYY-MM-DD" (a real day); date_source becomes
                             'correction', date_precision 'day' */
    STORE_FIX_SOURCE,     /* value: the source, non-empty */
    STORE_FIX_TITLE,      /* article; value: the new title, non-empty */
    STORE_FIX_SUBTITLE,   /* article; value: the new subtitle, or NULL or "" for none */
    STORE_FIX_JOIN,       /* article and the next become one: the next one's title (and subtitle)
                             become paragraphs between them, its captions follow */
    STORE_FIX_SPLIT,      /* article is cut before paragraph (2..its count): the paragraphs from
                             there are a new article after it, titled value, or when value is NULL
                             by that paragraph itself (which then leaves the body) */
    STORE_FIX_DELETE      /* the bulletin goes, with everything of it; its bytes are refused by
                             later ingests unless restored */
} store_correction_kind;

typedef struct store_correction {
    store_correction_kind kind;
    int64_t bulletin_id;
    long article;          /* 1-based: TITLE, SUBTITLE, JOIN, SPLIT; else 0 */
    long paragraph;        /* 1-based: SPLIT; else 0 */
    const char *value;     /* as above, UTF-8 */
    const char *who;       /* recorded as made_by: a user name, "script weekly.lua (ana)" */
} store_correction;

/* Makes the n corrections c[0..n) in order, in one transaction: all or
 * none (see the contract above; each is recorded on its own). On STORE_OK
 * ids[i] (ids may be NULL) receives the id of correction i. Returns
 * STORE_ERROR with the message on st and nothing changed when a bulletin,
 * article or paragraph does not exist, a value is invalid (not a date, not
 * UTF-8, empty, a control character), a change would change nothing ("the
 * title of article 2 is already …"), or SQLite fails; STORE_NOMEM. */
int store_correct(store *st, const store_correction *c, size_t n, int64_t *ids);

/* Carries the corrections of bulletin from_bulletin to to_bulletin, which
 * replaces it (a corrected re-send: issue 19's supersession calls this in
 * its own transaction, or outside any, when it links the two): each
 * correction of from's bytes but deletes and restores, in the order they
 * were made, applied to to where it still applies (see the contract), and
 * recorded for to's bytes with carried_from naming the original, who and
 * when kept. *applied and *skipped (may be NULL) count them. Runs inside
 * the caller's transaction when one is open (a savepoint), a batch of
 * store_batch_begin included (the batch's articles are indexed first; a
 * failure here rolls back the carry only), else in one of its own. Returns STORE_OK,
 * STORE_ERROR (a bulletin does not exist, SQLite; message on st, nothing
 * changed), STORE_NOMEM. */
int store_corrections_carry(store *st, int64_t from_bulletin, int64_t to_bulletin, size_t *applied,
                            size_t *skipped);

/* ---- listing and showing ---------------------------------------------------- */

/* The flags of a bulletin, as store_bulletins_list writes them (comma
 * separated, in this order) and as a filter asks for them. */
#define STORE_FLAG_UNDATED     1   /* issued_on is NULL: in no weekly brief */
#define STORE_FLAG_SUPERSEDED  2   /* replaced by a corrected re-send (issue 19) */
#define STORE_FLAG_WEAK_TITLE  4   /* an article's title rests on a weak rule (ingest_article_weak) */
#define STORE_FLAG_WEAK_SPLIT  8   /* an article has no paragraph: the split is doubtful */
#define STORE_FLAG_CORRECTED  16   /* a correction was made to it */

typedef struct store_bulletins_filter {
    int undated;           /* 1: only bulletins without a date */
    const char *since;     /* "YYYY-MM-DD": only those issued on or after it; NULL: any */
    const char *source;    /* only this source; NULL: any */
    int flagged;           /* 1: only those with a flag but 'corrected' (something to review) */
    long long limit;       /* at most this many; <= 0: all */
} store_bulletins_filter;

/* Hands the stored bulletins matching filter to on_row (store_row_fn: once
 * with the names, then a row each), in issue order (undated last), then
 * by id, with the columns id, issued_on, date_source, date_precision,
 * source, file_name, articles, encoding, flags (text: "undated,weak-title",
 * "" for none). Returns STORE_OK (also when on_row stopped) or STORE_ERROR
 * (a since that is not a date; SQLite) with the message on st. */
int store_bulletins_list(store *st, const store_bulletins_filter *filter, store_row_fn on_row, void *ud);

/* Called by store_bulletin_show for each part of a bulletin, in order:
 * "bulletin" once (its row), then per article "article" and its
 * "paragraph" rows, then a "caption" row each, then "correction" rows. As
 * store_row_fn, the names and values live until it returns; 0 goes on. */
typedef int (*store_part_fn)(void *ud, const char *part, size_t ncols, const char *const *names,
                             const store_value *row);

/* One bulletin as stored (see store_part_fn for the order). Columns:
 * bulletin: id, issued_on, date_precision, date_source, source, file_name,
 *   sha256, encoding, bytes, ingested_at, profile, url, articles,
 *   furniture_lines, joined_breaks, flags, superseded_by (the re-send that
 *   replaced it, or NULL), supersedes (the ids it replaced, "3,5", or NULL);
 * article: seq, title, subtitle, title_rule, weak (text: "title,split" or
 *   ""), author, source_name, credit, paragraphs, chars, story (the first
 *   article of the story it continues, or NULL), story_bulletin (its
 *   bulletin), story_match (percent the same);
 * paragraph: article, seq, text, chars;  caption: article, seq, text;
 * correction: id, made_at, made_by, action, article, paragraph, old_value,
 *   new_value, carried_from.
 * Returns STORE_OK, or STORE_ERROR ("no bulletin 12"; SQLite) with the
 * message on st. */
int store_bulletin_show(store *st, int64_t bulletin_id, store_part_fn on_part, void *ud);

#endif
