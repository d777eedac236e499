/* SPDX-License-Identifier: GPL-3.0-or-later */
/* review.c — the review of what ingest decided and its corrections
 * (review.h): listing bulletins with their flags, showing one, and each
 * correction as one transaction over the rows, the full-text indexes, the
 * folded copies and the mentions, recorded in the corrections table so
 * that it is applied again to the same bytes and carried to a re-send. */
#include "store/review.h"
#include "store/store_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "util/dates.h"
#include "util/fold.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/text.h"
#include "util/utf8.h"

/* Where a bulletin's supersession shows: a corrected re-send replaced it
 * (issue 19, story.c). */
#define REVIEW_SUPERSEDED_SQL "b.superseded_by IS NOT NULL"

/* What a correction of a file's bytes records about who made it when the
 * store applies it again itself. */
#define REVIEW_RESTORE_WHO "brief ingest --restore"

static const char *const action_names[] = {"date", "source", "title", "subtitle", "join", "split", "delete"};

void store_set_mentions_rules(store *st, const mentions_rules *rules)
{
    st->rules = rules;
}

int store_review_open(const char *path, store **out, char *err, size_t errlen)
{
    char dir[4096];
    store *st = NULL;
    struct stat sb;
    *out = NULL;
    /* Corrections are of what is stored: a database is never created here. */
    if (path && *path && stat(path, &sb) != 0) {
        if (errno == ENOENT) snprintf(err, errlen, "%s: no such database (brief ingest creates it)", path);
        else snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return STORE_ERROR;
    }
    int rc = store_open(path, STORE_READWRITE, &st, err, errlen);
    if (rc != STORE_OK) return rc;
    if (paths_config("mentions", "data/mentions", dir, sizeof dir, NULL) != 0) {
        snprintf(err, errlen, "cannot find the mentions rules: path too long (set BRIEF_HOME)");
        store_close(st);
        return STORE_ERROR;
    }
    st->own_rules = mentions_rules_load(dir, err, errlen);
    if (!st->own_rules || !store_fold(st)) {
        if (st->own_rules) snprintf(err, errlen, "%s", store_errmsg(st));
        store_close(st);
        return STORE_ERROR;
    }
    mentions_rules_fold(st->own_rules, store_fold(st));
    st->rules = st->own_rules;
    *out = st;
    return STORE_OK;
}

void store_review_who(char *out, size_t outlen)
{
    struct passwd pw, *found = NULL;
    char buf[1024];
    if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &found) == 0 && found && found->pw_name && *found->pw_name)
        snprintf(out, outlen, "%s", found->pw_name);
    else
        snprintf(out, outlen, "uid %lu", (unsigned long)geteuid());
}

/* ---- statements ------------------------------------------------------------ */

/* Prepares sql and binds the arguments fmt describes, one letter each:
 * 'i' an int64_t, 't' a text (NULL binds NULL). NULL with the message on
 * st. */
static sqlite3_stmt *vprep(store *st, const char *sql, const char *fmt, va_list ap)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        sqlite3_finalize(stmt);
        return NULL;
    }
    for (int i = 1; fmt && *fmt; fmt++, i++) {
        if (*fmt == 'i') {
            sqlite3_bind_int64(stmt, i, va_arg(ap, int64_t));
        } else {
            const char *t = va_arg(ap, const char *);
            if (t) sqlite3_bind_text(stmt, i, t, -1, SQLITE_TRANSIENT);
            else sqlite3_bind_null(stmt, i);
        }
    }
    return stmt;
}

static sqlite3_stmt *prep(store *st, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *stmt = vprep(st, sql, fmt, ap);
    va_end(ap);
    return stmt;
}

/* Runs a statement that returns no row. 0, or -1 with the message on st. */
static int run(store *st, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *stmt = vprep(st, sql, fmt, ap);
    va_end(ap);
    if (!stmt) return -1;
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) store_fail(st, "%s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* The first column of the first row as a copy (*out NULL for SQL NULL):
 * 1, 0 when there is no row, -1 on error (message on st). */
static int one_text(store *st, char **out, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *stmt = vprep(st, sql, fmt, ap);
    va_end(ap);
    *out = NULL;
    if (!stmt) return -1;
    int rc = sqlite3_step(stmt), found = 0;
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(stmt, 0);
        found = 1;
        if (t && !(*out = strdup(t))) {
            store_fail(st, "out of memory");
            found = -1;
        }
    } else if (rc != SQLITE_DONE) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        found = -1;
    }
    sqlite3_finalize(stmt);
    return found;
}

/* The first column of the first row as an integer: 1, 0 no row, -1 error. */
static int one_int(store *st, int64_t *out, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *stmt = vprep(st, sql, fmt, ap);
    va_end(ap);
    *out = 0;
    if (!stmt) return -1;
    int rc = sqlite3_step(stmt), found = 0;
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(stmt, 0);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        found = -1;
    }
    sqlite3_finalize(stmt);
    return found;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ---- paragraphs ------------------------------------------------------------- */

typedef struct paras {
    char **v;
    size_t n, cap;
} paras;

static void paras_free(paras *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->v[i]);
    free(p->v);
    memset(p, 0, sizeof *p);
}

static int paras_add(store *st, paras *p, const char *text)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        char **v = realloc(p->v, cap * sizeof *v);
        if (!v) goto nomem;
        p->v = v;
        p->cap = cap;
    }
    if (!(p->v[p->n] = strdup(text ? text : ""))) goto nomem;
    p->n++;
    return 0;
nomem:
    store_fail(st, "out of memory");
    return -1;
}

/* The paragraphs of an article, appended to p. 0 or -1. */
static int paras_read(store *st, int64_t article_id, paras *p)
{
    sqlite3_stmt *stmt = prep(st, "SELECT text FROM paragraphs WHERE article_id = ?1 ORDER BY seq", "i", article_id);
    int rc;
    if (!stmt) return -1;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        if (paras_add(st, p, (const char *)sqlite3_column_text(stmt, 0)) != 0) break;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        if (rc != SQLITE_ROW) store_fail(st, "%s", sqlite3_errmsg(st->db));
        return -1;
    }
    return 0;
}

/* Writes an article's paragraphs (body, spans, counts, its weak bits from
 * title_rule). 0 or -1. */
static int paras_write(store *st, int64_t article_id, const paras *p)
{
    sbuf body = SBUF_INIT, spans = SBUF_INIT;
    size_t chars = 0;
    char *rule = NULL;
    int rc = -1;
    if (store_body_build((const char *const *)p->v, p->n, &body, &spans, &chars) != 0) {
        store_fail(st, "out of memory");
        goto done;
    }
    if (one_text(st, &rule, "SELECT title_rule FROM articles WHERE id = ?1", "i", article_id) < 0) goto done;
    rc = run(st,
             "UPDATE articles SET body = ?2, chars = ?3, paragraph_count = ?4, paragraph_spans = ?5, weak = ?6"
             " WHERE id = ?1",
             "itiiti", article_id, body.data, (int64_t)chars, (int64_t)p->n, spans.data,
             (int64_t)ingest_article_weak(rule, p->n));
done:
    free(rule);
    sbuf_free(&body);
    sbuf_free(&spans);
    return rc;
}

/* ---- folds and mentions ------------------------------------------------------ */

/* The mentions region of a bulletin: the one its articles' folded text
 * names (as brief ingest finds it without a profile). */
static int bulletin_region(store *st, int64_t bulletin_id, int *region)
{
    const fold_map *map = store_fold(st);
    sqlite3_stmt *stmt;
    sbuf all = SBUF_INIT;
    int rc;
    if (!map) return -1;
    stmt = prep(st, "SELECT title, body FROM articles WHERE bulletin_id = ?1 ORDER BY seq", "i", bulletin_id);
    if (!stmt) return -1;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int c = 0; c < 2; c++) {
            const char *t = (const char *)sqlite3_column_text(stmt, c);
            size_t n = (size_t)sqlite3_column_bytes(stmt, c), at = all.len;
            if (sbuf_reserve(&all, n + 2) != 0) break;
            fold_text(map, t ? t : "", n, all.data + at);
            all.len = at + n;
            sbuf_putc(&all, '\n');
        }
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE || sbuf_failed(&all)) {
        store_fail(st, "%s", sbuf_failed(&all) ? "out of memory" : sqlite3_errmsg(st->db));
        sbuf_free(&all);
        return -1;
    }
    *region = mentions_region_find(st->rules, all.data ? all.data : "", all.len);
    sbuf_free(&all);
    return 0;
}

/* The folded copy and the mentions of an article, found again from its
 * text. 0 or -1. */
static int refresh_article(store *st, int64_t article_id, int region)
{
    sqlite3_stmt *sel = NULL, *ins = NULL;
    const fold_map *map = store_fold(st);
    mention *list = NULL;
    size_t count = 0;
    char *ft = NULL, *fb = NULL;
    int rc = -1;
    if (!map) return -1;
    if (run(st, "DELETE FROM article_folds WHERE article_id = ?1", "i", article_id) != 0 ||
        run(st, "DELETE FROM mentions WHERE article_id = ?1", "i", article_id) != 0)
        return -1;
    sel = prep(st, "SELECT title, subtitle, body FROM articles WHERE id = ?1", "i", article_id);
    if (!sel) goto done;
    if (sqlite3_step(sel) != SQLITE_ROW) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        goto done;
    }
    const char *title = (const char *)sqlite3_column_text(sel, 0);
    const char *subtitle = (const char *)sqlite3_column_text(sel, 1);
    const char *body = (const char *)sqlite3_column_text(sel, 2);
    size_t tl = (size_t)sqlite3_column_bytes(sel, 0), bl = (size_t)sqlite3_column_bytes(sel, 2);
    ins = prep(st, "INSERT INTO article_folds(article_id, title, subtitle, body) VALUES (?1, ?2, ?3, ?4)", NULL);
    if (!ins || store_fold_article(st, ins, article_id, title ? title : "", subtitle, body ? body : "", bl) != 0)
        goto done;
    ft = malloc(tl + 1);
    fb = malloc(bl + 1);
    if (!ft || !fb) {
        store_fail(st, "out of memory");
        goto done;
    }
    fold_text(map, title ? title : "", tl + 1, ft);
    fold_text(map, body ? body : "", bl + 1, fb);
    if (mentions_extract_in(st->rules, region, ft, fb, &list, &count) != 0) {
        store_fail(st, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < count; i++)
        if (run(st, "INSERT INTO mentions(article_id, kind, value, district, count) VALUES (?1, ?2, ?3, ?4, ?5)",
                "ittti", article_id, list[i].kind, list[i].value, list[i].district,
                (int64_t)list[i].count) != 0)
            goto done;
    rc = 0;
done:
    mentions_free(list, count);
    free(ft);
    free(fb);
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    return rc;
}

/* ---- transactions ------------------------------------------------------------- */

/* Opens the correction's transaction: its own (IMMEDIATE: the write lock
 * now), or a savepoint inside the caller's. 0, or -1 with the message. */
static int tx_begin(store *st, int *nested, int in_batch_ok)
{
    if (st->mode == STORE_READONLY) {
        store_fail(st, "the database is open read-only");
        return -1;
    }
    if (st->in_batch && !in_batch_ok) {
        store_fail(st, "a batch is open: corrections are made outside batches");
        return -1;
    }
    if (st->in_batch && sqlite3_get_autocommit(st->db)) {
        store_fail(st, "an earlier failure rolled this batch back");
        return -1;
    }
    /* Inside a batch the articles stored so far are indexed first: the
     * corrections' updates go through the full-text triggers. */
    if (st->in_batch && store_fts_flush(st) != 0) return -1;
    *nested = !sqlite3_get_autocommit(st->db);
    return run(st, *nested ? "SAVEPOINT review" : "BEGIN IMMEDIATE", NULL);
}

static int tx_end(store *st, int nested, int ok)
{
    if (ok) return run(st, nested ? "RELEASE review" : "COMMIT", NULL);
    char why[sizeof st->errmsg];
    memcpy(why, st->errmsg, sizeof why);
    if (nested) {
        sqlite3_exec(st->db, "ROLLBACK TO review", NULL, NULL, NULL);
        sqlite3_exec(st->db, "RELEASE review", NULL, NULL, NULL);
    } else if (!sqlite3_get_autocommit(st->db)) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
    memcpy(st->errmsg, why, sizeof why);
    return -1;
}

/* ---- one correction ------------------------------------------------------------- */

/* The longest title, subtitle or source a correction sets, in characters:
 * a line of a bulletin, not a text (ingest's longest headline is far
 * shorter; a megabyte typed by mistake would be set in every report). */
#define REVIEW_VALUE_MAX_CHARS 500

/* A value a user typed: UTF-8, no control or line break, not blank, not
 * too long. 0, or 1 with a message naming what. */
static int value_ok(store *st, const char *what, const char *v)
{
    size_t len = v ? strlen(v) : 0, off, pos = 0, chars = 0;
    if (!v || text_trim(v, len, &off) == 0) {
        store_fail(st, "the %s is empty", what);
        return 1;
    }
    if (!utf8_valid(v, len)) {
        store_fail(st, "the %s is not UTF-8 text", what);
        return 1;
    }
    while (pos < len) {
        uint32_t cp;
        pos += utf8_decode(v + pos, len - pos, &cp);
        if (text_is_control(cp) || cp == '\n' || cp == '\r' || cp == '\t') {
            store_fail(st, "the %s holds a control character or line break (U+%04X)", what, (unsigned)cp);
            return 1;
        }
        if (++chars > REVIEW_VALUE_MAX_CHARS) {
            store_fail(st, "the %s is longer than %d characters", what, REVIEW_VALUE_MAX_CHARS);
            return 1;
        }
    }
    return 0;
}

/* The id of article seq of a bulletin: 1, or 0 with a message. */
static int article_at(store *st, int64_t bulletin_id, long seq, int64_t *id)
{
    int64_t count = 0;
    int found = one_int(st, id, "SELECT id FROM articles WHERE bulletin_id = ?1 AND seq = ?2", "ii", bulletin_id,
                        (int64_t)seq);
    if (found != 0) return found;
    if (one_int(st, &count, "SELECT count(*) FROM articles WHERE bulletin_id = ?1", "i", bulletin_id) < 0)
        return -1;
    store_fail(st, "bulletin %lld has %lld article%s, not %ld", (long long)bulletin_id, (long long)count,
               count == 1 ? "" : "s", seq);
    return 0;
}

/* Moves the articles of a bulletin after seq by delta (1 or -1), through
 * negative numbers so that UNIQUE(bulletin_id, seq) holds at every row. */
static int renumber(store *st, int64_t bulletin_id, long after, int delta)
{
    return run(st, "UPDATE articles SET seq = -seq WHERE bulletin_id = ?1 AND seq > ?2", "ii", bulletin_id,
               (int64_t)after) ||
           run(st, "UPDATE articles SET seq = -seq + ?2 WHERE bulletin_id = ?1 AND seq < 0", "ii", bulletin_id,
               (int64_t)delta) ||
           run(st, "UPDATE bulletins SET article_count = article_count + ?2 WHERE id = ?1", "ii", bulletin_id,
               (int64_t)delta)
        ? -1 : 0;
}

typedef struct fix_record {
    const char *made_at;       /* NULL: now */
    int64_t carried_from;      /* 0: none */
    int record;                /* 0: change the rows only (a correction applied again to its own bytes) */
} fix_record;

static int do_join(store *st, const store_correction *c, int64_t a, char **old)
{
    int64_t b;
    paras p = {0};
    int rc = article_at(st, c->bulletin_id, c->article + 1, &b);
    if (rc <= 0) {
        if (rc == 0) store_fail(st, "article %ld is the last of bulletin %lld: nothing to join it with", c->article,
                                 (long long)c->bulletin_id);
        return rc < 0 ? -1 : 1;
    }
    char *sub = NULL;
    rc = -1;
    if (one_text(st, old, "SELECT title FROM articles WHERE id = ?1", "i", b) < 0 ||
        one_text(st, &sub, "SELECT subtitle FROM articles WHERE id = ?1", "i", b) < 0 ||
        paras_read(st, a, &p) != 0 || paras_add(st, &p, *old) != 0 || (sub && paras_add(st, &p, sub) != 0) ||
        paras_read(st, b, &p) != 0 || paras_write(st, a, &p) != 0)
        goto done;
    if (run(st,
            "UPDATE articles SET author = coalesce(author, (SELECT author FROM articles WHERE id = ?2)),"
            " source_name = coalesce(source_name, (SELECT source_name FROM articles WHERE id = ?2)),"
            " credit = coalesce((SELECT credit FROM articles WHERE id = ?2), credit) WHERE id = ?1",
            "ii", a, b) != 0 ||
        run(st,
            "INSERT INTO captions(article_id, seq, text) SELECT ?1, seq + (SELECT ifnull(max(seq), 0) FROM captions"
            " WHERE article_id = ?1), text FROM captions WHERE article_id = ?2 ORDER BY seq",
            "ii", a, b) != 0 ||
        run(st, "DELETE FROM articles WHERE id = ?1", "i", b) != 0 || renumber(st, c->bulletin_id, c->article, -1) != 0)
        goto done;
    rc = 0;
done:
    free(sub);
    paras_free(&p);
    return rc;
}

static int do_split(store *st, const store_correction *c, int64_t a, char **old, int64_t *made)
{
    paras p = {0}, head = {0}, tail = {0};
    int rc = -1;
    if (paras_read(st, a, &p) != 0) goto done;
    if (c->paragraph < 2 || (size_t)c->paragraph > p.n) {
        if (p.n < 2) store_fail(st, "article %ld has %zu paragraph%s: nothing to split", c->article, p.n,
                                p.n == 1 ? "" : "s");
        else store_fail(st, "article %ld has paragraphs 1 to %zu: a split starts a new article at 2 to %zu, not %ld",
                        c->article, p.n, p.n, c->paragraph);
        rc = 1;
        goto done;
    }
    if (c->value && value_ok(st, "title", c->value)) {
        rc = 1;
        goto done;
    }
    size_t at = (size_t)c->paragraph - 1;
    const char *title = c->value ? c->value : p.v[at];
    if (!c->value && value_ok(st, "paragraph that would be the title", title)) {
        rc = 1;
        goto done;
    }
    for (size_t i = 0; i < p.n; i++)
        if (paras_add(st, i < at ? &head : &tail, p.v[i]) != 0) goto done;
    if (!(*old = strdup(p.v[at]))) {
        store_fail(st, "out of memory");
        goto done;
    }
    if (paras_write(st, a, &head) != 0 || renumber(st, c->bulletin_id, c->article, 1) != 0 ||
        run(st,
            "INSERT INTO articles(bulletin_id, seq, title, body, chars, paragraph_count, paragraph_spans,"
            " source_name, title_rule) SELECT bulletin_id, seq + 1, ?2, '', 0, 0, '[]', source_name, 'correction'"
            " FROM articles WHERE id = ?1",
            "it", a, title) != 0)
        goto done;
    *made = sqlite3_last_insert_rowid(st->db);
    /* New articles are indexed by the store in bulk (store.c); this one
     * is indexed here, empty, and its body written as an update. */
    if (run(st, "INSERT INTO articles_fts(rowid, title, subtitle, body) VALUES (?1, ?2, NULL, '')", "it", *made,
            title) != 0)
        goto done;
    if (!c->value) {
        /* its first paragraph became its title */
        free(tail.v[0]);
        memmove(tail.v, tail.v + 1, (tail.n - 1) * sizeof *tail.v);
        tail.n--;
    }
    if (paras_write(st, *made, &tail) != 0) goto done;
    rc = 0;
done:
    paras_free(&p);
    paras_free(&head);
    paras_free(&tail);
    return rc;
}

/* Makes correction c inside the open transaction: 0 done, 1 refused (the
 * message on st says why: a value, a number, nothing to change), -1 failed. */
static int do_fix(store *st, const store_correction *c, const fix_record *fr, int64_t *id_out)
{
    char *sha = NULL, *old = NULL, when[21];
    const char *newv = c->value;
    int64_t a = 0, made = 0;
    int rc = -1, region, text_changed = 0;

    rc = one_text(st, &sha, "SELECT sha256 FROM bulletins WHERE id = ?1", "i", c->bulletin_id);
    if (rc <= 0) {
        if (rc == 0) store_fail(st, "no bulletin %lld", (long long)c->bulletin_id);
        return rc < 0 ? -1 : 1;
    }
    rc = -1;
    if (c->kind == STORE_FIX_TITLE || c->kind == STORE_FIX_SUBTITLE || c->kind == STORE_FIX_JOIN ||
        c->kind == STORE_FIX_SPLIT) {
        int found = article_at(st, c->bulletin_id, c->article, &a);
        if (found <= 0) {
            rc = found < 0 ? -1 : 1;
            goto done;
        }
        if (!st->rules) {
            store_fail(st, "no mentions rules: the mentions of a changed article cannot be found again");
            goto done;
        }
    }
    switch (c->kind) {
    case STORE_FIX_DATE: {
        long day;
        if (!c->value || dates_parse(c->value, &day) != 0 || strlen(c->value) != 10) {
            store_fail(st, "'%s' is not a date YYYY-MM-DD", c->value ? c->value : "");
            rc = 1;
            goto done;
        }
        if (one_text(st, &old, "SELECT issued_on FROM bulletins WHERE id = ?1", "i", c->bulletin_id) < 0) goto done;
        if (same(old, c->value)) {
            store_fail(st, "bulletin %lld is already dated %s", (long long)c->bulletin_id, c->value);
            rc = 1;
            goto done;
        }
        if (run(st, "UPDATE bulletins SET issued_on = ?2, date_source = 'correction', date_precision = 'day'"
                    " WHERE id = ?1", "it", c->bulletin_id, c->value) != 0)
            goto done;
        break;
    }
    case STORE_FIX_SOURCE:
        if (value_ok(st, "source", c->value)) { rc = 1; goto done; }
        if (one_text(st, &old, "SELECT source FROM bulletins WHERE id = ?1", "i", c->bulletin_id) < 0) goto done;
        if (same(old, c->value)) {
            store_fail(st, "the source of bulletin %lld is already '%s'", (long long)c->bulletin_id, c->value);
            rc = 1;
            goto done;
        }
        if (run(st, "UPDATE bulletins SET source = ?2 WHERE id = ?1", "it", c->bulletin_id, c->value) != 0) goto done;
        break;
    case STORE_FIX_TITLE:
    case STORE_FIX_SUBTITLE: {
        int title = c->kind == STORE_FIX_TITLE;
        if (!title && newv && !*newv) newv = NULL;
        if ((title || newv) && value_ok(st, title ? "title" : "subtitle", newv)) { rc = 1; goto done; }
        if (one_text(st, &old, title ? "SELECT title FROM articles WHERE id = ?1"
                                     : "SELECT subtitle FROM articles WHERE id = ?1", "i", a) < 0)
            goto done;
        if (same(old, newv)) {
            store_fail(st, "the %s of article %ld is already %s%s%s", title ? "title" : "subtitle", c->article,
                       newv ? "'" : "none", newv ? newv : "", newv ? "'" : "");
            rc = 1;
            goto done;
        }
        if (run(st, title ? "UPDATE articles SET title = ?2, title_rule = 'correction', weak = weak & ~1 WHERE id = ?1"
                          : "UPDATE articles SET subtitle = ?2 WHERE id = ?1", "it", a, newv) != 0)
            goto done;
        text_changed = 1;
        break;
    }
    case STORE_FIX_JOIN:
        if ((rc = do_join(st, c, a, &old)) != 0) goto done;
        rc = -1;
        newv = NULL;
        text_changed = 1;
        break;
    case STORE_FIX_SPLIT:
        if ((rc = do_split(st, c, a, &old, &made)) != 0) goto done;
        rc = -1;
        text_changed = 1;
        break;
    case STORE_FIX_DELETE:
        if (one_text(st, &old, "SELECT coalesce(file_name, '(stdin)') FROM bulletins WHERE id = ?1", "i",
                     c->bulletin_id) < 0 ||
            run(st, "DELETE FROM bulletins WHERE id = ?1", "i", c->bulletin_id) != 0)
            goto done;
        newv = NULL;
        break;
    default:
        store_fail(st, "unknown correction %d", (int)c->kind);
        rc = 1;
        goto done;
    }
    if (text_changed) {
        if (bulletin_region(st, c->bulletin_id, &region) != 0 || refresh_article(st, a, region) != 0 ||
            (made && refresh_article(st, made, region) != 0))
            goto done;
    }
    if (fr->record) {
        if (!fr->made_at) store_now_utc(when);
        if (run(st,
                "INSERT INTO corrections(sha256, bulletin_id, made_at, made_by, action, article, paragraph,"
                " old_value, new_value, carried_from) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0), nullif(?7, 0),"
                " ?8, ?9, nullif(?10, 0))",
                "titttiitti", sha, c->bulletin_id, fr->made_at ? fr->made_at : when, c->who ? c->who : "unknown",
                action_names[c->kind], (int64_t)(c->kind == STORE_FIX_DATE || c->kind == STORE_FIX_SOURCE ||
                                                         c->kind == STORE_FIX_DELETE ? 0 : c->article),
                (int64_t)(c->kind == STORE_FIX_SPLIT ? c->paragraph : 0), old, newv, fr->carried_from) != 0)
            goto done;
        if (id_out) *id_out = sqlite3_last_insert_rowid(st->db);
    }
    rc = 0;
done:
    free(sha);
    free(old);
    return rc;
}

int store_correct(store *st, const store_correction *c, size_t n, int64_t *ids)
{
    fix_record fr = {NULL, 0, 1};
    int nested, rc = 0;
    st->errmsg[0] = '\0';
    for (size_t i = 0; ids && i < n; i++) ids[i] = 0;
    if (tx_begin(st, &nested, 0) != 0) return STORE_ERROR;
    for (size_t i = 0; rc == 0 && i < n; i++) rc = do_fix(st, &c[i], &fr, ids ? &ids[i] : NULL);
    if (tx_end(st, nested, rc == 0) != 0) {
        for (size_t i = 0; ids && i < n; i++) ids[i] = 0;
        return STORE_ERROR;
    }
    return STORE_OK;
}

/* ---- corrections applied again ---------------------------------------------------- */

/* One recorded correction, as read back. */
typedef struct fix_row {
    int64_t id;
    const char *made_at, *made_by, *action, *old_value, *new_value;
    long article, paragraph;
} fix_row;

/* Applies recorded correction r to bulletin_id where it still applies
 * (review.h): 0 applied, 1 skipped, -1 failed. */
static int apply_recorded(store *st, int64_t bulletin_id, const fix_row *r, const fix_record *fr)
{
    store_correction c = {STORE_FIX_DATE, bulletin_id, r->article, r->paragraph, r->new_value, r->made_by};
    char *cur = NULL;
    int64_t seq = 0;
    int found = 0, k;
    for (k = 0; k < (int)(sizeof action_names / sizeof action_names[0]); k++)
        if (strcmp(r->action, action_names[k]) == 0) break;
    c.kind = (store_correction_kind)k;
    switch (c.kind) {
    case STORE_FIX_DATE:
    case STORE_FIX_SOURCE:
        found = one_text(st, &cur, c.kind == STORE_FIX_DATE ? "SELECT issued_on FROM bulletins WHERE id = ?1"
                                                            : "SELECT source FROM bulletins WHERE id = ?1",
                         "i", bulletin_id);
        if (found < 0) return -1;
        found = found > 0 && same(cur, r->old_value) && !same(cur, r->new_value);
        free(cur);
        break;
    case STORE_FIX_TITLE:
        found = one_int(st, &seq, "SELECT seq FROM articles WHERE bulletin_id = ?1 AND title = ?2"
                                  " ORDER BY seq = ?3 DESC, seq LIMIT 1", "iti", bulletin_id, r->old_value,
                        (int64_t)r->article);
        break;
    case STORE_FIX_SUBTITLE:
        found = one_int(st, &seq, "SELECT seq FROM articles WHERE bulletin_id = ?1 AND subtitle IS ?2"
                                  " AND (seq = ?3 OR ?2 IS NOT NULL) ORDER BY seq = ?3 DESC, seq LIMIT 1",
                        "iti", bulletin_id, r->old_value, (int64_t)r->article);
        break;
    case STORE_FIX_JOIN:
        found = one_int(st, &seq, "SELECT seq - 1 FROM articles WHERE bulletin_id = ?1 AND title = ?2 AND seq >= 2"
                                  " ORDER BY seq = ?3 + 1 DESC, seq LIMIT 1", "iti", bulletin_id, r->old_value,
                        (int64_t)r->article);
        break;
    case STORE_FIX_SPLIT: {
        sqlite3_stmt *stmt = prep(st,
            "SELECT a.seq, p.seq FROM articles a JOIN paragraphs p ON p.article_id = a.id"
            " WHERE a.bulletin_id = ?1 AND p.text = ?2 AND p.seq >= 2"
            " ORDER BY a.seq = ?3 AND p.seq = ?4 DESC, a.seq, p.seq LIMIT 1",
            "itii", bulletin_id, r->old_value, (int64_t)r->article, (int64_t)r->paragraph);
        if (!stmt) return -1;
        int step = sqlite3_step(stmt);
        if (step == SQLITE_ROW) {
            seq = sqlite3_column_int64(stmt, 0);
            c.paragraph = (long)sqlite3_column_int64(stmt, 1);
            found = 1;
        } else if (step != SQLITE_DONE) {
            store_fail(st, "%s", sqlite3_errmsg(st->db));
            found = -1;
        }
        sqlite3_finalize(stmt);
        break;
    }
    default:
        return 1;   /* deletes and restores are not applied again */
    }
    if (found <= 0) return found < 0 ? -1 : 1;
    if (seq) c.article = (long)seq;
    int rc = do_fix(st, &c, fr, NULL);
    if (rc == 1) st->errmsg[0] = '\0';   /* it no longer applies */
    return rc;
}

/* Applies the corrections recorded for sha256 (but deletes and restores,
 * and those with id >= before when before > 0) to bulletin_id. */
static int apply_all(store *st, const char *sha256, int64_t bulletin_id, int64_t before, int carry, size_t *applied,
                     size_t *skipped)
{
    sqlite3_stmt *stmt = prep(st,
        "SELECT id, made_at, made_by, action, article, paragraph, old_value, new_value FROM corrections"
        " WHERE sha256 = ?1 AND action NOT IN ('delete', 'restore') AND (?2 = 0 OR id < ?2) ORDER BY id",
        "ti", sha256, before);
    int step, rc = 0;
    if (!stmt) return -1;
    /* The rows are read to the end first: applying them inserts more. */
    fix_row *rows = NULL;
    char **texts = NULL;
    size_t n = 0, cap = 0;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 8;
            fix_row *r = realloc(rows, nc * sizeof *r);
            if (r) rows = r;
            char **t = r ? realloc(texts, nc * 5 * sizeof *t) : NULL;
            if (t) texts = t;
            if (!r || !t) { rc = -1; break; }
            cap = nc;
        }
        fix_row *r = &rows[n];
        const char **slot[5] = {&r->made_at, &r->made_by, &r->action, &r->old_value, &r->new_value};
        int cols[5] = {1, 2, 3, 6, 7};
        r->id = sqlite3_column_int64(stmt, 0);
        r->article = (long)sqlite3_column_int64(stmt, 4);
        r->paragraph = (long)sqlite3_column_int64(stmt, 5);
        for (int k = 0; k < 5; k++) {
            const char *t = (const char *)sqlite3_column_text(stmt, cols[k]);
            texts[n * 5 + k] = t ? strdup(t) : NULL;
            if (t && !texts[n * 5 + k]) rc = -1;
            *slot[k] = texts[n * 5 + k];
        }
        n++;
        if (rc) break;
    }
    if (rc == 0 && step != SQLITE_DONE) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        rc = -1;
    } else if (rc) {
        store_fail(st, "out of memory");
    }
    sqlite3_finalize(stmt);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        fix_record fr = {rows[i].made_at, carry ? rows[i].id : 0, carry};
        int one = apply_recorded(st, bulletin_id, &rows[i], &fr);
        if (one < 0) rc = -1;
        else if (one == 0 && applied) (*applied)++;
        else if (one == 1 && skipped) (*skipped)++;
    }
    for (size_t i = 0; i < n * 5; i++) free(texts[i]);
    free(texts);
    free(rows);
    return rc;
}

int store_review_state(store *st, const char *sha256)
{
    int rc, state = REVIEW_NONE;
    if (!st->find_corrections &&
        sqlite3_prepare_v3(st->db,
                           "SELECT (SELECT action FROM corrections WHERE sha256 = ?1 AND action IN ('delete', 'restore')"
                           " ORDER BY id DESC LIMIT 1), EXISTS (SELECT 1 FROM corrections WHERE sha256 = ?1)",
                           -1, SQLITE_PREPARE_PERSISTENT, &st->find_corrections, NULL) != SQLITE_OK) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        return -1;
    }
    sqlite3_bind_text(st->find_corrections, 1, sha256, -1, SQLITE_STATIC);
    rc = sqlite3_step(st->find_corrections);
    if (rc == SQLITE_ROW) {
        const char *last = (const char *)sqlite3_column_text(st->find_corrections, 0);
        if (last && strcmp(last, "delete") == 0) state = REVIEW_DELETED;
        else if (sqlite3_column_int(st->find_corrections, 1)) state = REVIEW_CORRECTED;
    } else {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        state = -1;
    }
    sqlite3_reset(st->find_corrections);
    sqlite3_clear_bindings(st->find_corrections);
    return state;
}

int store_review_replay(store *st, int64_t bulletin_id, const char *sha256, int restored, size_t *applied)
{
    if (restored) {
        char when[21];
        store_now_utc(when);
        if (run(st,
                "INSERT INTO corrections(sha256, bulletin_id, made_at, made_by, action) VALUES (?1, ?2, ?3, ?4,"
                " 'restore')",
                "tits", sha256, bulletin_id, when, REVIEW_RESTORE_WHO) != 0)
            return -1;
    }
    if (!st->rules) {
        store_fail(st, "corrections of these bytes are recorded, and no mentions rules were given to apply them");
        return -1;
    }
    return apply_all(st, sha256, bulletin_id, 0, 0, applied, NULL);
}

int store_corrections_carry(store *st, int64_t from_bulletin, int64_t to_bulletin, size_t *applied, size_t *skipped)
{
    char *from_sha = NULL;
    int nested, rc;
    int64_t exists = 0;
    st->errmsg[0] = '\0';
    if (applied) *applied = 0;
    if (skipped) *skipped = 0;
    if (tx_begin(st, &nested, 1) != 0) return STORE_ERROR;
    rc = one_text(st, &from_sha, "SELECT sha256 FROM bulletins WHERE id = ?1", "i", from_bulletin);
    if (rc == 0) store_fail(st, "no bulletin %lld", (long long)from_bulletin);
    if (rc > 0) {
        rc = one_int(st, &exists, "SELECT count(*) FROM bulletins WHERE id = ?1", "i", to_bulletin);
        if (rc > 0 && !exists) {
            store_fail(st, "no bulletin %lld", (long long)to_bulletin);
            rc = 0;
        }
    }
    if (rc > 0 && from_bulletin == to_bulletin) {
        store_fail(st, "bulletin %lld cannot carry its corrections to itself", (long long)to_bulletin);
        rc = 0;
    }
    if (rc > 0) rc = apply_all(st, from_sha, to_bulletin, 0, 1, applied, skipped) == 0;
    /* a split's new article is indexed already: the batch's mark moves past it */
    if (rc > 0 && st->in_batch && store_fts_flush(st) != 0) rc = 0;
    free(from_sha);
    if (tx_end(st, nested, rc > 0) != 0) return STORE_ERROR;
    return STORE_OK;
}

/* ---- listing and showing ---------------------------------------------------------- */

/* A bulletin's flags (review.h's STORE_FLAG_* bits) in SQL, over b. */
#define REVIEW_FLAGS_SQL                                                                                   \
    "((b.issued_on IS NULL) * 1 + (" REVIEW_SUPERSEDED_SQL ") * 2"                                          \
    " + EXISTS (SELECT 1 FROM articles a WHERE a.bulletin_id = b.id AND a.weak & 1) * 4"                    \
    " + EXISTS (SELECT 1 FROM articles a WHERE a.bulletin_id = b.id AND a.weak & 2) * 8"                    \
    " + EXISTS (SELECT 1 FROM corrections c WHERE c.sha256 = b.sha256) * 16)"

/* The flags as words, from a column "bits". */
#define REVIEW_FLAG_WORDS_SQL                                                                              \
    "rtrim(iif(bits & 1, 'undated,', '') || iif(bits & 2, 'superseded,', '')"                               \
    " || iif(bits & 4, 'weak-title,', '') || iif(bits & 8, 'weak-split,', '')"                              \
    " || iif(bits & 16, 'corrected,', ''), ',')"

/* Steps stmt to the end, handing its rows to on_row as typed values. */
static int hand_rows(store *st, sqlite3_stmt *stmt, const char *part, store_part_fn on_part, store_row_fn on_row,
                     void *ud, int with_names)
{
    int ncols = sqlite3_column_count(stmt), step, stop = 0;
    const char *names[32];
    store_value vals[32];
    if (ncols > 32) ncols = 32;
    for (int i = 0; i < ncols; i++) names[i] = sqlite3_column_name(stmt, i);
    if (with_names && on_row) stop = on_row(ud, (size_t)ncols, names, NULL);
    while (!stop && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int i = 0; i < ncols; i++) {
            store_value *v = &vals[i];
            memset(v, 0, sizeof *v);
            switch (sqlite3_column_type(stmt, i)) {
            case SQLITE_INTEGER: v->type = STORE_TYPE_INTEGER; v->integer = sqlite3_column_int64(stmt, i); break;
            case SQLITE_FLOAT: v->type = STORE_TYPE_REAL; v->real = sqlite3_column_double(stmt, i); break;
            case SQLITE_NULL: v->type = STORE_TYPE_NULL; break;
            default:
                v->type = STORE_TYPE_TEXT;
                v->bytes = (const char *)sqlite3_column_text(stmt, i);
                v->len = (size_t)sqlite3_column_bytes(stmt, i);
            }
        }
        stop = on_part ? on_part(ud, part, (size_t)ncols, names, vals) : on_row(ud, (size_t)ncols, names, vals);
    }
    if (!stop && step != SQLITE_DONE) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        return -1;
    }
    return stop ? 1 : 0;
}

int store_bulletins_list(store *st, const store_bulletins_filter *f, store_row_fn on_row, void *ud)
{
    long day;
    st->errmsg[0] = '\0';
    if (f->since && (dates_parse(f->since, &day) != 0 || strlen(f->since) != 10)) {
        store_fail(st, "'%s' is not a date YYYY-MM-DD", f->since);
        return STORE_ERROR;
    }
    sqlite3_stmt *stmt = prep(st,
        "SELECT id, issued_on, date_source, date_precision, source, file_name, articles, encoding,"
        " " REVIEW_FLAG_WORDS_SQL " AS flags FROM ("
        " SELECT b.id, b.issued_on, b.date_source, CASE WHEN b.issued_on IS NULL THEN NULL ELSE b.date_precision END AS date_precision, b.source, b.file_name,"
        " b.article_count AS articles, b.encoding, " REVIEW_FLAGS_SQL " AS bits FROM bulletins b"
        " WHERE (?1 = 0 OR b.issued_on IS NULL) AND (?2 IS NULL OR b.issued_on >= ?2)"
        " AND (?3 IS NULL OR b.source = ?3))"
        " WHERE ?4 = 0 OR bits & ~16 <> 0"
        " ORDER BY issued_on IS NULL, issued_on, id LIMIT ?5",
        "ittii", (int64_t)(f->undated != 0), f->since, f->source, (int64_t)(f->flagged != 0),
        (int64_t)(f->limit > 0 ? f->limit : -1));
    if (!stmt) return STORE_ERROR;
    int rc = hand_rows(st, stmt, NULL, NULL, on_row, ud, 1);
    sqlite3_finalize(stmt);
    return rc < 0 ? STORE_ERROR : STORE_OK;
}

int store_bulletin_show(store *st, int64_t id, store_part_fn on_part, void *ud)
{
    sqlite3_stmt *b = NULL, *a = NULL, *p = NULL, *c = NULL;
    int rc = -1, step;
    st->errmsg[0] = '\0';
    b = prep(st,
             "SELECT id, issued_on, date_precision, date_source, source, file_name, sha256, encoding, bytes,"
             " ingested_at, profile, url, article_count AS articles, furniture_lines, joined_breaks,"
             " " REVIEW_FLAG_WORDS_SQL " AS flags, superseded_by,"
             " (SELECT group_concat(o.id) FROM bulletins o WHERE o.superseded_by = x.id) AS supersedes"
             " FROM (SELECT b.*, " REVIEW_FLAGS_SQL " AS bits FROM bulletins b WHERE b.id = ?1) x", "i", id);
    a = prep(st,
             "SELECT id, seq, title, subtitle, title_rule, rtrim(iif(weak & 1, 'title,', '') ||"
             " iif(weak & 2, 'split,', ''), ',') AS weak, author, source_name, credit,"
             " paragraph_count AS paragraphs, chars, story_id AS story,"
             " (SELECT o.bulletin_id FROM articles o WHERE o.id = articles.story_id) AS story_bulletin,"
             " CAST(story_match * 100 AS INTEGER) AS story_match"
             " FROM articles WHERE bulletin_id = ?1 ORDER BY seq", "i", id);
    p = prep(st, "SELECT ?2 AS article, seq, text, chars FROM paragraphs WHERE article_id = ?1 ORDER BY seq", NULL);
    c = prep(st,
             "SELECT ?2 AS article, seq, text FROM captions WHERE article_id = ?1 ORDER BY seq", NULL);
    if (!b || !a || !p || !c) goto done;
    sqlite3_stmt *corr = NULL;
    if (sqlite3_step(b) != SQLITE_ROW) {
        if (sqlite3_errcode(st->db) == SQLITE_DONE || sqlite3_errcode(st->db) == SQLITE_OK)
            store_fail(st, "no bulletin %lld", (long long)id);
        else store_fail(st, "%s", sqlite3_errmsg(st->db));
        goto done;
    }
    sqlite3_reset(b);
    if ((rc = hand_rows(st, b, "bulletin", on_part, NULL, ud, 0)) != 0) goto done;
    rc = -1;
    while ((step = sqlite3_step(a)) == SQLITE_ROW) {
        /* the article without its id (the first column) */
        int64_t aid = sqlite3_column_int64(a, 0);
        int ncols = sqlite3_column_count(a) - 1;
        const char *names[16];
        store_value vals[16];
        for (int i = 0; i < ncols; i++) {
            int k = i + 1;
            names[i] = sqlite3_column_name(a, k);
            memset(&vals[i], 0, sizeof vals[i]);
            if (sqlite3_column_type(a, k) == SQLITE_NULL) vals[i].type = STORE_TYPE_NULL;
            else if (sqlite3_column_type(a, k) == SQLITE_INTEGER) {
                vals[i].type = STORE_TYPE_INTEGER;
                vals[i].integer = sqlite3_column_int64(a, k);
            } else {
                vals[i].type = STORE_TYPE_TEXT;
                vals[i].bytes = (const char *)sqlite3_column_text(a, k);
                vals[i].len = (size_t)sqlite3_column_bytes(a, k);
            }
        }
        if (on_part(ud, "article", (size_t)ncols, names, vals)) { rc = 0; goto done; }
        int64_t seq = sqlite3_column_int64(a, 1);
        sqlite3_reset(p);
        sqlite3_bind_int64(p, 1, aid);
        sqlite3_bind_int64(p, 2, seq);
        sqlite3_reset(c);
        sqlite3_bind_int64(c, 1, aid);
        sqlite3_bind_int64(c, 2, seq);
        int r1 = hand_rows(st, p, "paragraph", on_part, NULL, ud, 0);
        int r2 = r1 == 0 ? hand_rows(st, c, "caption", on_part, NULL, ud, 0) : r1;
        if (r1 < 0 || r2 < 0) goto done;
        if (r1 || r2) { rc = 0; goto done; }
    }
    if (step != SQLITE_DONE) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        goto done;
    }
    corr = prep(st,
                "SELECT c.id, c.made_at, c.made_by, c.action, c.article, c.paragraph, c.old_value, c.new_value,"
                " c.carried_from FROM corrections c JOIN bulletins b ON b.sha256 = c.sha256 WHERE b.id = ?1"
                " ORDER BY c.id", "i", id);
    if (!corr) goto done;
    rc = hand_rows(st, corr, "correction", on_part, NULL, ud, 0) < 0 ? -1 : 0;
    sqlite3_finalize(corr);
done:
    sqlite3_finalize(b);
    sqlite3_finalize(a);
    sqlite3_finalize(p);
    sqlite3_finalize(c);
    return rc == 0 ? STORE_OK : STORE_ERROR;
}
