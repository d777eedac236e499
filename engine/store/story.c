/* SPDX-License-Identifier: GPL-3.0-or-later */
/* story.c — corrected re-sends and reprints (store_private.h, issue 19):
 * which stored bulletin a new one replaces, which stored story each of its
 * articles continues, found through an index (article_sketches, the
 * bulletins of a date and source), never by comparing all pairs. The
 * measure is util/similar.h's; the thresholds below are justified with
 * measured figures in docs/ingest.md, section 17. */
#include "store/store.h"
#include "store/store_private.h"

#include <stdlib.h>
#include <string.h>

#include "util/fold.h"
#include "util/sbuf.h"
#include "util/similar.h"
#include "util/vec.h"

/* Re-sends are weighed by their trigrams (a corrected word costs three),
 * reprints by runs of eight characters (texts that only share phrases, the
 * formulas of union news, share few of them): docs/ingest.md, section 17. */
#define STORY_RESEND_CHARS 3
#define STORY_REPRINT_CHARS 8
/* A bulletin of the same date whose trigrams are this much the same
 * (Jaccard over all its titles and bodies) is a corrected re-send: of the
 * same source, or, from another source (the same file copied from another
 * folder), nearly identical. */
#define STORY_RESEND_MIN 0.80
#define STORY_RESEND_OTHER_SOURCE_MIN 0.90
/* An article of the replaced bulletin is the same article as one of the
 * re-send when this much of their title and body is the same (Jaccard). */
#define STORY_PAIR_MIN 0.50
/* An article is a reprint of an earlier one when this much of the smaller
 * body's eight-character runs is in the other (containment): a shortened
 * copy is wholly inside its original, a new lead leaves the rest. */
#define STORY_REPRINT_MIN 0.50
/* Bodies with fewer runs than this (a line or two) are too short to tell a
 * reprint from a shared sentence. */
#define STORY_MIN_SHINGLES 30
/* Sketch values of an article's body (of its eight-character runs) kept in
 * article_sketches, besides its title's key. */
#define STORY_SKETCH_K 6
/* A sketch value is a sign of a reprint when few stories share it (only
 * an article that begins a story posts its values): once this many have
 * it, it is a common phrase, no further article is posted under it, and
 * its postings are not weighed (docs/ingest.md, section 17). Bounded
 * postings keep every look-up short. */
#define STORY_COMMON_POSTINGS 4
/* The sketch is taken from the first this many bytes of a body (about 680
 * characters of Chinese): half the work for a long article, and a copy cut
 * at the end, the commonest reprint, has the same beginning. A reprint
 * that keeps only an article's second half is not found this way. */
#define STORY_SKETCH_BYTES 2048
/* Values looked up in one statement (its IN list). */
#define STORY_LOOKUP_VALUES 16
/* Common values remembered by a store, so as not to ask for them again:
 * slots of the table (a power of two; 512 KB), filled to three quarters at
 * most. A value only ever becomes common, never rare again. */
#define STORY_FULL_SLOTS 65536u
/* A stored article is weighed as an article's earlier version when it
 * shares this many of its rare values (its title's key counts as one): one
 * body value alone is as likely a shared sentence, a title alone a generic
 * title (学习贯彻中国工会十八大精神), and weighing (building both texts'
 * sets) is the costly part. At most STORY_MAX_WEIGHED are weighed,
 * those sharing the most first: the cost of an article stays bounded
 * whatever the database holds. */
#define STORY_MIN_SHARED 2
#define STORY_MAX_WEIGHED 3
/* At most this many stored bulletins are weighed as the one a re-send
 * replaces. */
#define STORY_MAX_RESEND_CANDIDATES 8

typedef struct story_article {
    const char *title, *body;    /* folded (into the story's text, or the caller's) */
    size_t title_len, body_len;
    int64_t sketch[STORY_SKETCH_K];
    size_t nsketch;
    int64_t title_key;
    unsigned full;               /* bit h: sketch[h] (bit STORY_SKETCH_K: the title's key) is common */
    similar_set body_set;        /* built when a candidate needs it */
    int body_built;
    int64_t story_id;            /* the story it continues, 0: its own */
    double match;
    double best_reprint;         /* the best containment found so far */
    int64_t best_story;
} story_article;

struct store_story {
    story_article *a;
    size_t n;
    sbuf text;                   /* the folded texts the caller did not give */
    int64_t supersede;           /* the bulletin replaced, 0: none */
    double similarity;
    size_t reprints;
};

/* A stored bulletin weighed as the one a re-send replaces. */
typedef struct resend_candidate {
    int64_t bulletin_id;
    int same_source;
} resend_candidate;

/* One article of a stored bulletin, folded. */
typedef struct stored_article {
    int64_t story;
    similar_set set;             /* title and body */
} stored_article;

static int prepare_all(store *st)
{
    return store_prepare(st, &st->sketch_postings,
                   "SELECT hash, article_id FROM article_sketches WHERE hash IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                   " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")
        || store_prepare(st, &st->sketch_insert, "INSERT OR IGNORE INTO article_sketches(hash, article_id) VALUES (?1, ?2)")
        || store_prepare(st, &st->sketch_insert_capped,
                   "INSERT OR IGNORE INTO article_sketches(hash, article_id) SELECT ?1, ?2"
                   " WHERE (SELECT count(*) FROM article_sketches WHERE hash = ?1) < ?3")
        || store_prepare(st, &st->story_candidate,
                   "SELECT a.bulletin_id, coalesce(a.story_id, a.id), b.issued_on, b.source,"
                   " coalesce(f.body, a.body), b.superseded_by FROM articles a JOIN bulletins b ON b.id = a.bulletin_id"
                   " LEFT JOIN article_folds f ON f.article_id = a.id WHERE a.id = ?1")
        || store_prepare(st, &st->story_successor, "SELECT superseded_by FROM bulletins WHERE id = ?1")
        || store_prepare(st, &st->story_bulletin,
                   "SELECT coalesce(a.story_id, a.id), coalesce(f.title, a.title), coalesce(f.body, a.body)"
                   " FROM articles a LEFT JOIN article_folds f ON f.article_id = a.id"
                   " WHERE a.bulletin_id = ?1 ORDER BY a.seq")
        || store_prepare(st, &st->story_same_day,
                   "SELECT b.id, coalesce(f.title, a.title) FROM bulletins b JOIN articles a ON a.bulletin_id = b.id"
                   " LEFT JOIN article_folds f ON f.article_id = a.id"
                   " WHERE b.issued_on = ?1 AND b.source IS ?2 AND b.superseded_by IS NULL LIMIT 256")
        || store_prepare(st, &st->story_supersede, "UPDATE bulletins SET superseded_by = ?1 WHERE id = ?2")
        || store_prepare(st, &st->story_corrected,
                   "SELECT EXISTS (SELECT 1 FROM corrections c JOIN bulletins b ON b.sha256 = c.sha256"
                   " WHERE b.id = ?1)")
        ? -1 : 0;
}

void store_story_close(store *st)
{
    sqlite3_finalize(st->sketch_postings);
    sqlite3_finalize(st->sketch_insert);
    sqlite3_finalize(st->sketch_insert_capped);
    sqlite3_finalize(st->story_candidate);
    sqlite3_finalize(st->story_successor);
    sqlite3_finalize(st->story_bulletin);
    sqlite3_finalize(st->story_same_day);
    sqlite3_finalize(st->story_supersede);
    sqlite3_finalize(st->story_corrected);
    free(st->story_full);
}

static size_t full_slot(int64_t value)
{
    return (size_t)((uint64_t)value * 0x9e3779b97f4a7c15ull >> 40) & (STORY_FULL_SLOTS - 1);
}

/* Whether value is known to be common. */
static int full_has(const store *st, int64_t value)
{
    if (!st->story_full || !value) return 0;
    for (size_t i = full_slot(value);; i = (i + 1) & (STORY_FULL_SLOTS - 1)) {
        if (st->story_full[i] == value) return 1;
        if (!st->story_full[i]) return 0;
    }
}

/* Remembers value as common (nothing when memory or room runs out: it is
 * only looked up again). */
static void full_add(store *st, int64_t value)
{
    if (!value || st->story_full_count >= STORY_FULL_SLOTS / 4 * 3) return;
    if (!st->story_full && !(st->story_full = calloc(STORY_FULL_SLOTS, sizeof *st->story_full))) return;
    size_t i = full_slot(value);
    while (st->story_full[i] && st->story_full[i] != value) i = (i + 1) & (STORY_FULL_SLOTS - 1);
    if (!st->story_full[i]) {
        st->story_full[i] = value;
        st->story_full_count++;
    }
}

static int sql_fail(store *st, sqlite3_stmt *stmt);

int store_story_corrected(store *st, int64_t bulletin_id)
{
    sqlite3_stmt *q;
    int rc, found;
    if (prepare_all(st) != 0) return -1;
    q = st->story_corrected;
    sqlite3_bind_int64(q, 1, bulletin_id);
    rc = sqlite3_step(q);
    found = rc == SQLITE_ROW && sqlite3_column_int(q, 0);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW) return sql_fail(st, q);
    return found;
}

void store_story_free(store_story *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) similar_set_free(&s->a[i].body_set);
    free(s->a);
    sbuf_free(&s->text);
    free(s);
}

void store_story_article(const store_story *s, size_t i, int64_t *story_id, double *match)
{
    *story_id = s && i < s->n ? s->a[i].story_id : 0;
    *match = s && i < s->n ? s->a[i].match : 0.0;
}

static int sql_fail(store *st, sqlite3_stmt *stmt)
{
    store_fail(st, "%s", sqlite3_errmsg(st->db));
    if (stmt) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
    return -1;
}

/* The folded title and body of every article: the caller's (ms) when it
 * folded them, else folded here into s->text. 0, or -1 (message on st). */
static int story_texts(store *st, store_story *s, const ingest_bulletin *b, const store_article_mentions *ms)
{
    size_t *at = calloc(b->article_count * 2 + 1, sizeof *at);
    sbuf body = SBUF_INIT, spans = SBUF_INIT;
    const fold_map *map = NULL;
    int rc = -1;
    if (!at) goto nomem;
    for (size_t i = 0; i < b->article_count; i++) {
        story_article *a = &s->a[i];
        if (ms && ms[i].fold_title && ms[i].fold_body) {
            a->title = ms[i].fold_title;
            a->body = ms[i].fold_body;
            a->title_len = strlen(a->title);
            a->body_len = strlen(a->body);
            continue;
        }
        size_t chars;
        if (!map && !(map = store_fold(st))) goto done;
        if (store_body_build((const char *const *)b->articles[i].paragraphs, b->articles[i].paragraph_count, &body,
                             &spans, &chars) != 0)
            goto nomem;
        const char *title = b->articles[i].title;
        a->title_len = strlen(title);
        a->body_len = body.len;
        at[2 * i] = s->text.len;
        sbuf_append(&s->text, title, a->title_len + 1);
        at[2 * i + 1] = s->text.len;
        sbuf_append(&s->text, body.data, body.len);
        sbuf_putc(&s->text, '\0');
        if (sbuf_failed(&s->text)) goto nomem;
        fold_text(map, s->text.data + at[2 * i], a->title_len, s->text.data + at[2 * i]);
        fold_text(map, s->text.data + at[2 * i + 1], a->body_len, s->text.data + at[2 * i + 1]);
        a->title = NULL;   /* set below: the buffer may move until it is whole */
    }
    for (size_t i = 0; i < b->article_count; i++)
        if (!s->a[i].title) {
            s->a[i].title = s->text.data + at[2 * i];
            s->a[i].body = s->text.data + at[2 * i + 1];
        }
    rc = 0;
    goto done;
nomem:
    store_fail(st, "out of memory");
done:
    free(at);
    sbuf_free(&body);
    sbuf_free(&spans);
    return rc;
}

/* The article's body as a set, built once. */
static const similar_set *body_set(store *st, story_article *a)
{
    if (!a->body_built) {
        if (similar_set_of(&a->body_set, a->body, a->body_len, STORY_REPRINT_CHARS) != 0) {
            store_fail(st, "out of memory");
            return NULL;
        }
        a->body_built = 1;
    }
    return &a->body_set;
}

static int add_resend_candidate(resend_candidate *list, size_t *n, int64_t id, int same_source)
{
    for (size_t k = 0; k < *n; k++)
        if (list[k].bulletin_id == id) return 0;
    if (*n == STORY_MAX_RESEND_CANDIDATES) return 0;
    list[*n].bulletin_id = id;
    list[*n].same_source = same_source;
    (*n)++;
    return 0;
}

static int same_text(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) == 0 : a == b;
}

/* The bulletin that superseded bulletin_id into *successor (0: none).
 * 0, or -1 (message on st). */
static int find_successor(store *st, int64_t bulletin_id, int64_t *successor)
{
    sqlite3_stmt *q = st->story_successor;
    sqlite3_bind_int64(q, 1, bulletin_id);
    int rc = sqlite3_step(q);
    *successor = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql_fail(st, q);
    sqlite3_reset(q);
    return 0;
}

/* Weighs one stored article found through a sketch value as the earlier
 * version of article a: its story when it is the best reprint so far, and
 * its bulletin as a re-send candidate when of the same date. 0, -1. */
static int weigh_candidate(store *st, const ingest_bulletin *b, const char *source, story_article *a, int64_t id,
                           resend_candidate *resend, size_t *nresend)
{
    sqlite3_stmt *q = st->story_candidate;
    similar_set other = SIMILAR_SET_INIT;
    int rc;
    sqlite3_bind_int64(q, 1, id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_DONE) {   /* deleted */
        sqlite3_reset(q);
        return 0;
    }
    if (rc != SQLITE_ROW) return sql_fail(st, q);
    int64_t bulletin_id = sqlite3_column_int64(q, 0), story = sqlite3_column_int64(q, 1);
    int64_t successor = sqlite3_column_int64(q, 5);
    const char *issued_on = (const char *)sqlite3_column_text(q, 2);
    const char *src = (const char *)sqlite3_column_text(q, 3);
    const char *body = (const char *)sqlite3_column_text(q, 4);
    /* A superseded bulletin's articles still name their story (its
     * re-sent articles posted no values of their own: the story's first
     * postings find it); as a re-send candidate, the bulletin that
     * replaced it stands in for it. */
    if (b->issued_on && issued_on && strcmp(b->issued_on, issued_on) == 0) {
        int same = same_text(source, src);
        for (int hops = 0; successor && hops < 16; hops++) {
            bulletin_id = successor;
            if (find_successor(st, bulletin_id, &successor) != 0) {
                sqlite3_reset(q);
                return -1;
            }
        }
        if (!successor) add_resend_candidate(resend, nresend, bulletin_id, same);
    }
    const similar_set *mine = body_set(st, a);
    if (!mine || similar_set_of(&other, body ? body : "", (size_t)sqlite3_column_bytes(q, 4), STORY_REPRINT_CHARS) != 0) {
        sqlite3_reset(q);
        similar_set_free(&other);
        if (mine) store_fail(st, "out of memory");
        return -1;
    }
    sqlite3_reset(q);
    if (mine->count >= STORY_MIN_SHINGLES && other.count >= STORY_MIN_SHINGLES) {
        double c = similar_containment(mine, &other);
        if (c > a->best_reprint) {
            a->best_reprint = c;
            a->best_story = story;
        }
    }
    similar_set_free(&other);
    return 0;
}

/* The articles of a stored bulletin, each as a set of its title and body,
 * into *out (*n of them) and all of them into whole. 0, or -1. */
static int stored_bulletin(store *st, int64_t bulletin_id, stored_article **out, size_t *n, similar_set *whole)
{
    sqlite3_stmt *q = st->story_bulletin;
    stored_article *list = NULL;
    size_t count = 0, cap = 0;
    int rc;
    whole->count = 0;
    sqlite3_bind_int64(q, 1, bulletin_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *title = (const char *)sqlite3_column_text(q, 1);
        size_t tl = (size_t)sqlite3_column_bytes(q, 1);
        const char *body = (const char *)sqlite3_column_text(q, 2);
        size_t bl = (size_t)sqlite3_column_bytes(q, 2);
        if (VEC_RESERVE(list, cap, count + 1) != 0) goto nomem;
        stored_article *sa = &list[count++];
        memset(sa, 0, sizeof *sa);
        sa->story = sqlite3_column_int64(q, 0);
        if (similar_set_add(&sa->set, title ? title : "", tl, STORY_RESEND_CHARS) != 0 ||
            similar_set_add(&sa->set, body ? body : "", bl, STORY_RESEND_CHARS) != 0 ||
            similar_set_add(whole, title ? title : "", tl, STORY_RESEND_CHARS) != 0 ||
            similar_set_add(whole, body ? body : "", bl, STORY_RESEND_CHARS) != 0)
            goto nomem;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        goto fail;
    }
    *out = list;
    *n = count;
    return 0;
nomem:
    sqlite3_reset(q);
    store_fail(st, "out of memory");
fail:
    for (size_t k = 0; k < count; k++) similar_set_free(&list[k].set);
    free(list);
    return -1;
}

static void stored_free(stored_article *list, size_t n)
{
    for (size_t k = 0; k < n; k++) similar_set_free(&list[k].set);
    free(list);
}

/* Which of the candidates, if any, the new bulletin replaces: the most
 * alike above its threshold; its articles then pair with the new ones. */
static int weigh_resends(store *st, store_story *s, const resend_candidate *resend, size_t nresend)
{
    similar_set mine = SIMILAR_SET_INIT, theirs = SIMILAR_SET_INIT, one = SIMILAR_SET_INIT;
    stored_article *best = NULL, *list = NULL;
    size_t nbest = 0, n = 0;
    int rc = -1;
    for (size_t i = 0; i < s->n; i++)
        if (similar_set_add(&mine, s->a[i].title, s->a[i].title_len, STORY_RESEND_CHARS) != 0 ||
            similar_set_add(&mine, s->a[i].body, s->a[i].body_len, STORY_RESEND_CHARS) != 0)
            goto nomem;
    for (size_t k = 0; k < nresend; k++) {
        if (stored_bulletin(st, resend[k].bulletin_id, &list, &n, &theirs) != 0) goto done;
        double j = similar_jaccard(&mine, &theirs);
        double least = resend[k].same_source ? STORY_RESEND_MIN : STORY_RESEND_OTHER_SOURCE_MIN;
        if (j >= least && j > s->similarity) {
            stored_free(best, nbest);
            best = list;
            nbest = n;
            s->supersede = resend[k].bulletin_id;
            s->similarity = j;
        } else {
            stored_free(list, n);
        }
        list = NULL;
    }
    /* Each new article continues the story of the replaced article most
     * like it. */
    for (size_t i = 0; s->supersede && i < s->n; i++) {
        double top = 0.0;
        if (similar_set_of(&one, s->a[i].title, s->a[i].title_len, STORY_RESEND_CHARS) != 0 ||
            similar_set_add(&one, s->a[i].body, s->a[i].body_len, STORY_RESEND_CHARS) != 0)
            goto nomem;
        for (size_t k = 0; k < nbest; k++) {
            double j = similar_jaccard(&one, &best[k].set);
            if (j >= STORY_PAIR_MIN && j > top) {
                top = j;
                s->a[i].story_id = best[k].story;
                s->a[i].match = j;
            }
        }
    }
    rc = 0;
    goto done;
nomem:
    store_fail(st, "out of memory");
done:
    stored_free(best, nbest);
    similar_set_free(&mine);
    similar_set_free(&theirs);
    similar_set_free(&one);
    return rc;
}

/* The bulletins of the same date and source with a title equal to one of
 * the new bulletin's: re-send candidates even when their sketch values are
 * too common to be read. */
static int same_day_titles(store *st, const ingest_bulletin *b, const char *source, store_story *s,
                           resend_candidate *resend, size_t *nresend)
{
    sqlite3_stmt *q = st->story_same_day;
    int rc;
    sqlite3_bind_text(q, 1, b->issued_on, -1, SQLITE_STATIC);
    if (source) sqlite3_bind_text(q, 2, source, -1, SQLITE_STATIC);
    else sqlite3_bind_null(q, 2);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *title = (const char *)sqlite3_column_text(q, 1);
        int64_t key = similar_title_key(title ? title : "", (size_t)sqlite3_column_bytes(q, 1));
        for (size_t i = 0; key && i < s->n; i++)
            if (s->a[i].title_key == key) {
                add_resend_candidate(resend, nresend, sqlite3_column_int64(q, 0), 1);
                break;
            }
    }
    if (rc != SQLITE_DONE) return sql_fail(st, q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return 0;
}

/* One sketch value of an article of the new bulletin, and the stored
 * articles that have it. */
typedef struct story_value {
    int64_t hash;
    size_t article;              /* index in the new bulletin */
    size_t postings;             /* stored articles with it (at most STORY_COMMON_POSTINGS are kept) */
    int64_t ids[STORY_COMMON_POSTINGS];
} story_value;

/* The postings of every value, STORY_LOOKUP_VALUES at a time in one
 * statement. 0, or -1 (message on st). */
static int lookup_values(store *st, story_value *v, size_t n)
{
    sqlite3_stmt *q = st->sketch_postings;
    for (size_t from = 0; from < n; from += STORY_LOOKUP_VALUES) {
        size_t to = from + STORY_LOOKUP_VALUES < n ? from + STORY_LOOKUP_VALUES : n;
        int rc;
        for (size_t k = 0; k < STORY_LOOKUP_VALUES; k++) {
            if (from + k < to) sqlite3_bind_int64(q, (int)k + 1, v[from + k].hash);
            else sqlite3_bind_null(q, (int)k + 1);
        }
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            int64_t hash = sqlite3_column_int64(q, 0), id = sqlite3_column_int64(q, 1);
            for (size_t k = from; k < to; k++)
                if (v[k].hash == hash && v[k].postings < STORY_COMMON_POSTINGS) v[k].ids[v[k].postings++] = id;
        }
        if (rc != SQLITE_DONE) return sql_fail(st, q);
        sqlite3_reset(q);
    }
    sqlite3_clear_bindings(q);
    return 0;
}

int store_story_find(store *st, const ingest_bulletin *b, const store_article_mentions *ms, const char *source,
                     int keep_both, store_story **out)
{
    store_story *s = calloc(1, sizeof *s);
    resend_candidate resend[STORY_MAX_RESEND_CANDIDATES];
    size_t nresend = 0, nvalues = 0;
    story_value *values = NULL;
    *out = NULL;
    if (!s || !(s->a = calloc(b->article_count + 1, sizeof *s->a)) ||
        !(values = calloc(b->article_count * (STORY_SKETCH_K + 1) + 1, sizeof *values))) {
        if (s) free(s->a);
        free(s);
        store_fail(st, "out of memory");
        return -1;
    }
    s->n = b->article_count;
    if (prepare_all(st) != 0 || story_texts(st, s, b, ms) != 0) goto fail;
    /* Each article's values: its body's sketch and its title's key. */
    for (size_t i = 0; i < s->n; i++) {
        story_article *a = &s->a[i];
        a->nsketch = similar_sketch_text(a->body, a->body_len < STORY_SKETCH_BYTES ? a->body_len : STORY_SKETCH_BYTES,
                                         STORY_REPRINT_CHARS, a->sketch, STORY_SKETCH_K);
        a->title_key = similar_title_key(a->title, a->title_len);
        for (size_t h = 0; h < a->nsketch; h++) {
            if (full_has(st, a->sketch[h])) a->full |= 1u << h;
            else {
                values[nvalues].hash = a->sketch[h];
                values[nvalues++].article = i;
            }
        }
        if (a->title_key && full_has(st, a->title_key)) a->full |= 1u << STORY_SKETCH_K;
        else if (a->title_key) {
            values[nvalues].hash = a->title_key;
            values[nvalues++].article = i;
        }
    }
    if (lookup_values(st, values, nvalues) != 0) goto fail;
    for (size_t i = 0; i < s->n; i++) {
        story_article *a = &s->a[i];
        int64_t weighed[(STORY_SKETCH_K + 1) * STORY_COMMON_POSTINGS];
        size_t shared[(STORY_SKETCH_K + 1) * STORY_COMMON_POSTINGS], nweighed = 0;
        /* Candidates: the articles sharing a value that few share (a full
         * value is common: STORY_COMMON_POSTINGS), each with how many it
         * shares; the article keeps its values that are not full. */
        for (size_t k = 0; k < nvalues; k++) {
            story_value *v = &values[k];
            if (v->article != i) continue;
            if (v->postings >= STORY_COMMON_POSTINGS) {
                full_add(st, v->hash);
                for (size_t h = 0; h < a->nsketch; h++)
                    if (a->sketch[h] == v->hash) a->full |= 1u << h;
                if (a->title_key == v->hash) a->full |= 1u << STORY_SKETCH_K;
                continue;
            }
            for (size_t p = 0; p < v->postings; p++) {
                size_t e;
                for (e = 0; e < nweighed && weighed[e] != v->ids[p]; e++) {}
                if (e == nweighed) {
                    weighed[nweighed] = v->ids[p];
                    shared[nweighed++] = 0;
                }
                shared[e]++;
            }
        }
        /* The most shared first (a stable choice: then the earliest). */
        for (size_t w = 0; w < nweighed && w < STORY_MAX_WEIGHED; w++) {
            size_t top = w;
            for (size_t e = w + 1; e < nweighed; e++)
                if (shared[e] > shared[top] || (shared[e] == shared[top] && weighed[e] < weighed[top])) top = e;
            int64_t id = weighed[top];
            size_t sh = shared[top];
            weighed[top] = weighed[w];
            shared[top] = shared[w];
            weighed[w] = id;
            shared[w] = sh;
            if (sh < STORY_MIN_SHARED) break;
            if (weigh_candidate(st, b, source, a, id, resend, &nresend) != 0) goto fail;
        }
    }
    if (b->issued_on && same_day_titles(st, b, source, s, resend, &nresend) != 0) goto fail;
    if (!keep_both && nresend && weigh_resends(st, s, resend, nresend) != 0) goto fail;
    for (size_t i = 0; i < s->n; i++) {
        story_article *a = &s->a[i];
        if (!a->story_id && a->best_reprint >= STORY_REPRINT_MIN) {
            a->story_id = a->best_story;
            a->match = a->best_reprint;
            s->reprints++;   /* the articles of a re-send are not reprints */
        }
    }
    free(values);
    *out = s;
    return 0;
fail:
    free(values);
    store_story_free(s);
    return -1;
}

static int insert_sketch(store *st, int64_t hash, int64_t article_id)
{
    sqlite3_stmt *q = st->sketch_insert;
    sqlite3_bind_int64(q, 1, hash);
    sqlite3_bind_int64(q, 2, article_id);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) return sql_fail(st, q);
    return 0;
}

int store_story_commit(store *st, const store_story *s, int64_t bulletin_id, const int64_t *article_ids,
                       store_add_result *res)
{
    for (size_t i = 0; i < s->n; i++) {
        const story_article *a = &s->a[i];
        /* An article that continues a story posts nothing: the story's
         * first postings find it, so that a value fills with different
         * stories, not with copies of one. A value already full is common:
         * no more postings for it. */
        if (a->story_id) continue;
        for (size_t h = 0; h < a->nsketch; h++)
            if (!(a->full & 1u << h) && insert_sketch(st, a->sketch[h], article_ids[i]) != 0) return -1;
        if (a->title_key && !(a->full & 1u << STORY_SKETCH_K) && insert_sketch(st, a->title_key, article_ids[i]) != 0)
            return -1;
    }
    res->reprints = s->reprints;
    if (!s->supersede) return 0;
    sqlite3_bind_int64(st->story_supersede, 1, bulletin_id);
    sqlite3_bind_int64(st->story_supersede, 2, s->supersede);
    int rc = sqlite3_step(st->story_supersede);
    sqlite3_reset(st->story_supersede);
    if (rc != SQLITE_DONE) return sql_fail(st, st->story_supersede);
    res->superseded = s->supersede;
    res->similarity = s->similarity;
    return 0;
}

int store_story_sketch_existing(store *st)
{
    sqlite3_stmt *sel = NULL;
    int rc = -1, step;
    if (prepare_all(st) != 0) return -1;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT a.id, coalesce(f.title, a.title), coalesce(f.body, a.body) FROM articles a"
                           " LEFT JOIN article_folds f ON f.article_id = a.id ORDER BY a.id",
                           -1, &sel, NULL) != SQLITE_OK)
        return sql_fail(st, NULL);
    while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(sel, 0), sketch[STORY_SKETCH_K];
        const char *title = (const char *)sqlite3_column_text(sel, 1);
        int64_t key = similar_title_key(title ? title : "", (size_t)sqlite3_column_bytes(sel, 1));
        const char *body = (const char *)sqlite3_column_text(sel, 2);
        size_t bl = (size_t)sqlite3_column_bytes(sel, 2);
        size_t n = similar_sketch_text(body ? body : "", bl < STORY_SKETCH_BYTES ? bl : STORY_SKETCH_BYTES,
                                       STORY_REPRINT_CHARS, sketch, STORY_SKETCH_K);
        for (size_t h = 0; h < n + 1; h++) {
            int64_t value = h < n ? sketch[h] : key;
            sqlite3_stmt *q = st->sketch_insert_capped;
            if (!value) continue;
            sqlite3_bind_int64(q, 1, value);
            sqlite3_bind_int64(q, 2, id);
            sqlite3_bind_int64(q, 3, STORY_COMMON_POSTINGS);
            int rc2 = sqlite3_step(q);
            sqlite3_reset(q);
            if (rc2 != SQLITE_DONE) {
                sql_fail(st, q);
                goto done;
            }
        }
    }
    if (step != SQLITE_DONE) {
        sql_fail(st, NULL);
        goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(sel);
    return rc;
}
