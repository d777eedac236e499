/* SPDX-License-Identifier: GPL-3.0-or-later */
/* search.c — the words of a search, its SQL, and the marking of matches
 * (see search.h). */
#include "store/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/utf8.h"

typedef struct search_word {
    const char *s;      /* into the query's copy of the text */
    size_t len;         /* bytes */
    int indexed;        /* SEARCH_TRIGRAM_CHARS characters or more */
} search_word;

struct search_query {
    char *text;         /* the copy the words point into (folded by search_query_fold) */
    search_word *words;
    size_t count;
    const fold_map *fold; /* NULL: the words as typed, matched as stored */
};

/* The words of text[0..len), runs of characters between white space: the
 * first cap of them into words (NULL when cap is 0). Returns how many there
 * are. */
static size_t split_words(const char *text, size_t len, search_word *words, size_t cap)
{
    size_t n = 0, pos = 0, start, step;
    uint32_t cp;
    while (pos < len) {
        while (pos < len && (step = utf8_decode(text + pos, len - pos, &cp)) && text_is_space(cp)) pos += step;
        start = pos;
        while (pos < len && (step = utf8_decode(text + pos, len - pos, &cp)) && !text_is_space(cp)) pos += step;
        if (pos == start) break;
        if (n < cap) {
            words[n].s = text + start;
            words[n].len = pos - start;
            words[n].indexed = utf8_length(text + start, pos - start) >= SEARCH_TRIGRAM_CHARS;
        }
        n++;
    }
    return n;
}

int search_query_parse(const char *text, size_t len, search_query **out, char *err, size_t errlen)
{
    search_query *q;
    size_t n = split_words(text, len, NULL, 0);

    *out = NULL;
    if (n == 0) {
        snprintf(err, errlen, "nothing to search for");
        return -1;
    }
    if (n > SEARCH_MAX_WORDS) {
        snprintf(err, errlen, "too many words (%zu; at most %d)", n, SEARCH_MAX_WORDS);
        return -1;
    }
    q = calloc(1, sizeof *q);
    if (q) q->text = malloc(len + 1);
    if (q && q->text) q->words = calloc(n, sizeof *q->words);
    if (!q || !q->text || !q->words) {
        search_query_free(q);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(q->text, text, len);
    q->text[len] = '\0';
    q->count = split_words(q->text, len, q->words, n);
    *out = q;
    return 0;
}

void search_query_free(search_query *q)
{
    if (!q) return;
    free(q->words);
    free(q->text);
    free(q);
}

void search_query_fold(search_query *q, const fold_map *map)
{
    /* One character for one of the same length: the words' pointers and
     * lengths into the text stay right. */
    fold_text(map, q->text, strlen(q->text), q->text);
    q->fold = map;
}

size_t search_query_words(const search_query *q)
{
    return q->count;
}

/* ---- SQL ------------------------------------------------------------------ */

/* Appends the trigrams of w to an FTS5 query, each an FTS5 string ("...",
 * a quote doubled), joined by AND. With detail='none' the index cannot
 * check that they are adjacent: they select candidates, LIKE decides. */
static void append_fts_trigrams(sbuf *fts, const search_word *w)
{
    size_t at[SEARCH_TRIGRAM_CHARS + 1], n = 0, pos = 0, k;
    uint32_t cp;
    /* A window of SEARCH_TRIGRAM_CHARS characters slides over the word:
     * at[] holds the byte offsets of its characters and of its end. */
    while (pos < w->len) {
        if (n == SEARCH_TRIGRAM_CHARS + 1) {
            memmove(at, at + 1, SEARCH_TRIGRAM_CHARS * sizeof at[0]);
            n--;
        }
        at[n++] = pos;
        pos += utf8_decode(w->s + pos, w->len - pos, &cp);
        if (n < SEARCH_TRIGRAM_CHARS) continue;
        if (fts->len) sbuf_puts(fts, " AND ");
        sbuf_putc(fts, '"');
        for (k = at[n - SEARCH_TRIGRAM_CHARS]; k < pos; k++) {
            if (w->s[k] == '"') sbuf_putc(fts, '"');
            sbuf_putc(fts, w->s[k]);
        }
        sbuf_putc(fts, '"');
    }
}

/* A LIKE pattern for "contains": %word% with % _ and \ escaped by \. */
static char *like_pattern(const search_word *w)
{
    sbuf p = SBUF_INIT;
    size_t k;
    sbuf_putc(&p, '%');
    for (k = 0; k < w->len; k++) {
        if (w->s[k] == '%' || w->s[k] == '_' || w->s[k] == '\\') sbuf_putc(&p, '\\');
        sbuf_putc(&p, w->s[k]);
    }
    sbuf_putc(&p, '%');
    if (sbuf_failed(&p)) {
        sbuf_free(&p);
        return NULL;
    }
    return sbuf_detach(&p);
}

int search_prepare(sqlite3 *db, const search_query *q, const char *from, const char *to, long long limit,
                   sqlite3_stmt **out, char *err, size_t errlen)
{
    sbuf sql = SBUF_INIT, fts = SBUF_INIT;
    sqlite3_stmt *stmt = NULL;
    size_t i;

    *out = NULL;
    /* ?1 the FTS5 query, ?2 ?3 the dates, ?4 the limit, ?5... the words. */
    sbuf_puts(&sql, "SELECT a.id, a.bulletin_id, a.seq, a.title, a.subtitle, a.body, b.issued_on, b.source"
                    " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id");
    /* Folded, an article is compared by its folded copy when it has one
     * (article_folds: an article in traditional script), else by its own
     * text, which folding would not change. */
    if (q->fold) sbuf_puts(&sql, " LEFT JOIN article_folds f ON f.article_id = a.id");
    /* A bulletin a corrected re-send replaced is history, not news. */
    sbuf_puts(&sql, " WHERE b.superseded_by IS NULL");
    for (i = 0; i < q->count; i++)
        if (q->words[i].indexed) append_fts_trigrams(&fts, &q->words[i]);
    if (fts.len && q->fold)
        sbuf_puts(&sql, " AND (a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1)"
                        " OR a.id IN (SELECT rowid FROM article_folds_fts WHERE article_folds_fts MATCH ?1))");
    else if (fts.len)
        sbuf_puts(&sql, " AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1)");
    /* Every word, long or short, is checked on the row itself, ASCII
     * case-insensitively (LIKE), like the trigram tokenizer. */
    for (i = 0; i < q->count; i++) {
        if (q->fold)
            sbuf_printf(&sql, " AND (coalesce(f.title, a.title) LIKE ?%zu ESCAPE '\\'"
                              " OR coalesce(f.subtitle, a.subtitle) LIKE ?%zu ESCAPE '\\'"
                              " OR coalesce(f.body, a.body) LIKE ?%zu ESCAPE '\\')", i + 5, i + 5, i + 5);
        else
            sbuf_printf(&sql, " AND (a.title LIKE ?%zu ESCAPE '\\' OR a.subtitle LIKE ?%zu ESCAPE '\\'"
                              " OR a.body LIKE ?%zu ESCAPE '\\')", i + 5, i + 5, i + 5);
    }
    sbuf_puts(&sql, " AND (?2 IS NULL OR b.issued_on >= ?2) AND (?3 IS NULL OR b.issued_on <= ?3)"
                    " ORDER BY b.issued_on IS NULL, b.issued_on DESC, a.bulletin_id DESC, a.seq LIMIT ?4");
    if (sbuf_failed(&sql) || sbuf_failed(&fts)) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (sqlite3_prepare_v2(db, sql.data, -1, &stmt, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        goto fail;
    }
    if (fts.len) sqlite3_bind_text(stmt, 1, fts.data, (int)fts.len, SQLITE_TRANSIENT);
    if (from) sqlite3_bind_text(stmt, 2, from, -1, SQLITE_TRANSIENT);
    if (to) sqlite3_bind_text(stmt, 3, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 4, limit);
    for (i = 0; i < q->count; i++) {
        char *pattern = like_pattern(&q->words[i]);
        if (!pattern) {
            snprintf(err, errlen, "out of memory");
            goto fail;
        }
        sqlite3_bind_text(stmt, (int)i + 5, pattern, -1, free);
    }
    sbuf_free(&sql);
    sbuf_free(&fts);
    *out = stmt;
    return 0;
fail:
    sqlite3_finalize(stmt);
    sbuf_free(&sql);
    sbuf_free(&fts);
    return -1;
}

/* ---- marking matches ------------------------------------------------------- */

static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* The length of the word matching at s[0..len) (ASCII case-insensitive,
 * the longest when several do), or 0. */
static size_t match_at(const search_query *q, const char *s, size_t len)
{
    size_t best = 0, w, k;
    for (w = 0; w < q->count; w++) {
        const search_word *word = &q->words[w];
        if (word->len > len || word->len <= best) continue;
        for (k = 0; k < word->len; k++)
            if (ascii_lower((unsigned char)s[k]) != ascii_lower((unsigned char)word->s[k])) break;
        if (k == word->len) best = k;
    }
    return best;
}

static size_t char_len(const char *s, size_t len)
{
    uint32_t cp;
    size_t n = utf8_decode(s, len, &cp);
    return n ? n : 1;
}

/* s[0..len) as the words are compared with it: folded into *owned (free
 * it) when q is folded, else s itself (and when memory runs out: then
 * only the same script is marked). */
static const char *compared(const search_query *q, const char *s, size_t len, char **owned)
{
    *owned = NULL;
    if (!q->fold || !len || !(*owned = malloc(len))) return s;
    if (!fold_text(q->fold, s, len, *owned)) {
        free(*owned);
        *owned = NULL;
        return s;
    }
    return *owned;
}

void search_mark(const search_query *q, const char *s, size_t len, const char *mark_open,
                 const char *mark_close, sbuf *out)
{
    size_t i = 0, m;
    char *owned;
    const char *f = compared(q, s, len, &owned);
    while (i < len) {
        m = match_at(q, f + i, len - i);
        if (m) {
            sbuf_puts(out, mark_open);
            sbuf_append(out, s + i, m);
            sbuf_puts(out, mark_close);
            i += m;
        } else if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
            sbuf_putc(out, ' ');
            i++;
        } else {
            size_t n = char_len(s + i, len - i);
            sbuf_append(out, s + i, n);
            i += n;
        }
    }
    free(owned);
}

void search_snippet(const search_query *q, const char *body, size_t len, const char *mark_open,
                    const char *mark_close, sbuf *out)
{
    size_t first = len, i, start = 0, end, n;
    char *owned;
    const char *f = compared(q, body, len, &owned);

    for (i = 0; i < len; i += char_len(body + i, len - i))
        if (match_at(q, f + i, len - i)) {
            first = i;
            break;
        }
    if (first < len) {
        /* Step back SEARCH_SNIPPET_BEFORE characters from the first match. */
        start = first;
        for (n = 0; n < SEARCH_SNIPPET_BEFORE && start > 0; n++) {
            start--;
            while (start > 0 && ((unsigned char)body[start] & 0xC0) == 0x80) start--;
        }
    }
    end = start;
    for (n = 0; n < SEARCH_SNIPPET_CHARS && end < len; n++) end += char_len(body + end, len - end);
    if (first < len) {
        /* Never cut the first match itself. */
        size_t m = match_at(q, f + first, len - first);
        if (end < first + m) end = first + m;
    }
    free(owned);
    if (start > 0) sbuf_puts(out, "…");
    search_mark(q, body + start, end - start, mark_open, mark_close, out);
    if (end < len) sbuf_puts(out, "…");
}
