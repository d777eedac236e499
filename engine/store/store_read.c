/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_read.c — what is read from the store besides search: the SQL
 * console of brief sql, the content walk of batch fingerprints, the newest
 * issue date, and the statements of report scripts' questions (store.h,
 * store_private.h). */
#include "store/store.h"
#include "store/store_private.h"

#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"
#include "util/vec.h"

/* The value of column i of the current row of stmt. bytes is SQLite's text
 * of the value for every type but NULL (numbers too: a stable rendering to
 * hash), the blob for a BLOB. Returns 0, or -1 when SQLite ran out of
 * memory converting it (its text is then NULL). */
static int column_value(sqlite3_stmt *stmt, int i, store_value *v)
{
    memset(v, 0, sizeof *v);
    switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_NULL:
        v->type = STORE_TYPE_NULL;
        return 0;
    case SQLITE_INTEGER:
        v->type = STORE_TYPE_INTEGER;
        v->integer = sqlite3_column_int64(stmt, i);
        v->bytes = (const char *)sqlite3_column_text(stmt, i);
        break;
    case SQLITE_FLOAT:
        v->type = STORE_TYPE_REAL;
        v->real = sqlite3_column_double(stmt, i);
        v->bytes = (const char *)sqlite3_column_text(stmt, i);
        break;
    case SQLITE_BLOB:
        v->type = STORE_TYPE_BLOB;
        v->bytes = sqlite3_column_blob(stmt, i);
        v->len = (size_t)sqlite3_column_bytes(stmt, i);
        if (!v->bytes && v->len) return -1;
        if (!v->bytes) v->bytes = "";   /* a zero-length blob */
        return 0;
    default:
        v->type = STORE_TYPE_TEXT;
        v->bytes = (const char *)sqlite3_column_text(stmt, i);
        break;
    }
    if (!v->bytes) return -1;
    v->len = (size_t)sqlite3_column_bytes(stmt, i);
    return 0;
}

/* Fills values with the current row; 0, or -1 (message on st). */
static int row_values(store *st, sqlite3_stmt *stmt, int ncols, store_value *values)
{
    for (int i = 0; i < ncols; i++)
        if (column_value(stmt, i, &values[i]) != 0) {
            store_fail(st, "out of memory");
            return -1;
        }
    return 0;
}

/* ---- the SQL console ----------------------------------------------------- */

int store_sql_run(store *st, const char *sql, store_row_fn on_row, void *ud)
{
    sqlite3_stmt *stmt = NULL, *next = NULL;
    const char *tail = NULL, **names = NULL;
    store_value *values = NULL;
    int ncols, i, rc = STORE_ERROR, step;

    st->errmsg[0] = '\0';
    if (st->mode != STORE_READONLY) {
        store_fail(st, "the SQL console needs a store opened read-only");
        return STORE_ERROR;
    }
    if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, &tail) != SQLITE_OK) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        goto done;
    }
    if (!stmt) {
        store_fail(st, "the query holds no statement");
        goto done;
    }
    /* One statement only: whatever follows must be blank or comments. */
    if (tail && *tail && (sqlite3_prepare_v2(st->db, tail, -1, &next, NULL) != SQLITE_OK || next)) {
        store_fail(st, "one statement at a time (more follows \"%.*s\")", (int)(tail - sql), sql);
        goto done;
    }
    /* query_only refuses writes too; this says so before anything runs,
     * and in words. */
    if (!sqlite3_stmt_readonly(stmt)) {
        store_fail(st, "refused: the statement would write to the database (brief sql is read-only)");
        goto done;
    }
    ncols = sqlite3_column_count(stmt);
    names = calloc((size_t)ncols + 1, sizeof *names);
    values = calloc((size_t)ncols + 1, sizeof *values);
    if (!names || !values) {
        store_fail(st, "out of memory");
        rc = STORE_NOMEM;
        goto done;
    }
    for (i = 0; i < ncols; i++) names[i] = sqlite3_column_name(stmt, i);
    if (on_row(ud, (size_t)ncols, names, NULL) != 0) {
        rc = STORE_OK;
        goto done;
    }
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (row_values(st, stmt, ncols, values) != 0) goto done;
        if (on_row(ud, (size_t)ncols, names, values) != 0) break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        goto done;
    }
    rc = STORE_OK;
done:
    free(names);
    free(values);
    sqlite3_finalize(next);
    sqlite3_finalize(stmt);
    return rc;
}

/* ---- the content walk ---------------------------------------------------- */

/* A table the walk leaves out: history, SQLite's own, virtual tables and
 * their shadow tables ("NAME_data", "NAME_idx", ... of FTS5 table NAME),
 * and article_sketches, the index reprints are found through (derived from
 * articles, like the full-text index). */
static int table_skipped(const char *name, const char *sql, char **vtabs, size_t nvtabs)
{
    if (strcmp(name, "runs") == 0 || strcmp(name, "article_sketches") == 0 || strncmp(name, "sqlite_", 7) == 0)
        return 1;
    if (sql && strncmp(sql, "CREATE VIRTUAL TABLE", 20) == 0) return 1;
    for (size_t i = 0; i < nvtabs; i++) {
        size_t n = strlen(vtabs[i]);
        if (strncmp(name, vtabs[i], n) == 0 && name[n] == '_') return 1;
    }
    return 0;
}

/* Walks one table's rows; SQLITE_OK, SQLITE_DONE when on_visit stopped, or
 * an SQLite error code. */
static int walk_table(store *st, const char *name, const char *sql, store_content_fn on_visit, void *ud)
{
    sqlite3_stmt *stmt = NULL;
    store_value *values = NULL;
    sbuf q = SBUF_INIT;
    /* Quote the identifier as SQL does: "" for a double quote. */
    sbuf_puts(&q, "SELECT * FROM \"");
    for (const char *p = name; *p; p++) {
        if (*p == '"') sbuf_putc(&q, '"');
        sbuf_putc(&q, *p);
    }
    sbuf_puts(&q, "\"");
    size_t plain = q.len;
    sbuf_puts(&q, " ORDER BY rowid");
    if (sbuf_failed(&q)) {
        sbuf_free(&q);
        return SQLITE_NOMEM;
    }
    int rc = sqlite3_prepare_v2(st->db, q.data, -1, &stmt, NULL);
    if (rc != SQLITE_OK) {
        /* WITHOUT ROWID: a plain scan walks the primary key in order. */
        q.data[plain] = '\0';
        rc = sqlite3_prepare_v2(st->db, q.data, -1, &stmt, NULL);
    }
    sbuf_free(&q);
    if (rc != SQLITE_OK) return rc;
    int ncols = sqlite3_column_count(stmt);
    values = calloc((size_t)ncols + 1, sizeof *values);
    if (!values) {
        sqlite3_finalize(stmt);
        return SQLITE_NOMEM;
    }
    if (on_visit(ud, name, sql, (size_t)ncols, NULL) != 0) rc = SQLITE_DONE;
    else {
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            if (row_values(st, stmt, ncols, values) != 0) { rc = SQLITE_NOMEM; break; }
            if (on_visit(ud, name, sql, (size_t)ncols, values) != 0) break;
        }
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc == SQLITE_ROW ? SQLITE_DONE : rc;
    }
    free(values);
    sqlite3_finalize(stmt);
    return rc;
}

int store_content_walk(store *st, store_content_fn on_visit, void *ud)
{
    sqlite3_stmt *stmt = NULL;
    char **vtabs = NULL;
    size_t nvtabs = 0, vtabs_cap = 0;
    int rc, began;

    st->errmsg[0] = '\0';
    /* One read transaction, so that every table is seen at one moment. */
    rc = sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL);
    began = rc == SQLITE_OK;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(st->db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                " AND sql LIKE 'CREATE VIRTUAL TABLE%'", -1, &stmt, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (VEC_RESERVE(vtabs, vtabs_cap, nvtabs + 1) != 0
            || !(vtabs[nvtabs] = strdup((const char *)sqlite3_column_text(stmt, 0)))) {
            rc = SQLITE_NOMEM;
            break;
        }
        nvtabs++;
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_finalize(stmt);
    stmt = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(st->db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                -1, &stmt, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        const char *sql = (const char *)sqlite3_column_text(stmt, 1);
        rc = SQLITE_OK;
        if (!name || table_skipped(name, sql, vtabs, nvtabs)) continue;
        rc = walk_table(st, name, sql, on_visit, ud);
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    if (rc != SQLITE_OK)
        store_fail(st, "%s", rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    for (size_t i = 0; i < nvtabs; i++) free(vtabs[i]);
    free(vtabs);
    if (began) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc == SQLITE_OK ? STORE_OK : rc == SQLITE_NOMEM ? STORE_NOMEM : STORE_ERROR;
}

int store_latest_issue(store *st, char out[11])
{
    sqlite3_stmt *stmt = NULL;
    int found = -1;
    st->errmsg[0] = '\0';
    if (sqlite3_prepare_v2(st->db, "SELECT max(issued_on) FROM bulletins", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
        const char *date = (const char *)sqlite3_column_text(stmt, 0);
        found = date && strlen(date) == 10;
        if (found) memcpy(out, date, 11);
    } else {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    return found;
}

/* ---- the questions of report scripts (query.h) -------------------------------- */

#define ARTICLE_COLUMNS \
    "a.id AS id, a.bulletin_id AS bulletin_id, a.seq AS seq, a.title AS title, " \
    "a.subtitle AS subtitle, a.body AS body, b.issued_on AS issued_on, b.source AS source"

static int prepare_bound(store *st, const char *sql, sqlite3_stmt **out)
{
    *out = NULL;
    st->errmsg[0] = '\0';
    if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
        store_fail(st, "%s", sqlite3_errmsg(st->db));
        sqlite3_finalize(*out);
        *out = NULL;
        return STORE_ERROR;
    }
    return STORE_OK;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int i, const char *value)
{
    if (value) sqlite3_bind_text(stmt, i, value, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(stmt, i);
}

int store_articles_prepare(store *st, const char *from, const char *to, const char *district, int first_only,
                           long long limit, sqlite3_stmt **out)
{
    /* ?1 ?2 the dates, ?3 the district (NULL: any), ?4 the limit, ?5 first only. */
    static const char sql[] =
        "SELECT " ARTICLE_COLUMNS ", coalesce(a.story_id, a.id) AS story"
        " FROM articles a JOIN bulletins b ON b.id = a.bulletin_id"
        " WHERE b.issued_on BETWEEN ?1 AND ?2 AND " STORE_VISIBLE_SQL("b")
        " AND (?5 = 0 OR " STORE_FIRST_OF_STORY_SQL("a", "b") ")"
        " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id"
        " AND (m.district = ?3 OR (m.kind = 'place' AND m.value = ?3))))"
        " ORDER BY b.issued_on, b.id, a.seq LIMIT ?4";
    if (prepare_bound(st, sql, out) != STORE_OK) return STORE_ERROR;
    bind_text_or_null(*out, 1, from);
    bind_text_or_null(*out, 2, to);
    bind_text_or_null(*out, 3, district);
    sqlite3_bind_int64(*out, 4, limit);
    sqlite3_bind_int(*out, 5, first_only != 0);
    return STORE_OK;
}

int store_reprints_prepare(store *st, int64_t article_id, int64_t story, sqlite3_stmt **out)
{
    static const char sql[] =
        "SELECT x.id AS id, x.bulletin_id AS bulletin_id, bx.issued_on AS issued_on, bx.source AS source,"
        " x.title AS title FROM articles x JOIN bulletins bx ON bx.id = x.bulletin_id"
        " WHERE (x.id = ?2 OR x.story_id = ?2) AND x.id <> ?1 AND " STORE_VISIBLE_SQL("bx")
        " ORDER BY bx.issued_on IS NULL, bx.issued_on, x.id";
    if (*out) {
        sqlite3_reset(*out);
        sqlite3_clear_bindings(*out);
    } else if (prepare_bound(st, sql, out) != STORE_OK) {
        return STORE_ERROR;
    }
    sqlite3_bind_int64(*out, 1, article_id);
    sqlite3_bind_int64(*out, 2, story);
    return STORE_OK;
}

int store_mentions_prepare(store *st, const char *kind, const char *from, const char *to, long long limit,
                           sqlite3_stmt **out)
{
    static const char sql[] =
        "SELECT m.value AS value, m.kind AS kind, sum(m.count) AS count,"
        " count(DISTINCT m.article_id) AS articles"
        " FROM mentions m JOIN articles a ON a.id = m.article_id JOIN bulletins b ON b.id = a.bulletin_id"
        " WHERE (?1 IS NULL OR m.kind = ?1) AND " STORE_VISIBLE_SQL("b") " AND " STORE_FIRST_OF_STORY_SQL("a", "b")
        " AND (?2 IS NULL OR b.issued_on >= ?2) AND (?3 IS NULL OR b.issued_on <= ?3)"
        " GROUP BY m.value, m.kind ORDER BY count DESC, articles DESC, m.value LIMIT ?4";
    if (prepare_bound(st, sql, out) != STORE_OK) return STORE_ERROR;
    bind_text_or_null(*out, 1, kind);
    bind_text_or_null(*out, 2, from);
    bind_text_or_null(*out, 3, to);
    sqlite3_bind_int64(*out, 4, limit);
    return STORE_OK;
}
