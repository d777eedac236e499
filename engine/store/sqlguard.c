/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sqlguard.c — the authorizer, settings and limits of a connection that
 * runs untrusted SQL (see sqlguard.h). */
#include "store/sqlguard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The functions a query may call, sorted (bsearch). What they have in
 * common: they compute a value from their arguments and the rows, within
 * SQLITE_LIMIT_LENGTH and the heap limit. Left out on purpose:
 * fts3_tokenizer (a pointer from a blob), load_extension, fts5 (a pointer
 * API), rtreenode/rtreecheck/rtreedepth (parsers of raw r-tree blobs),
 * FTS3's matchinfo/offsets/optimize (no FTS3 table exists), sqlite_log,
 * sqlite_compileoption_*, subtype. "->" and "->>" are JSON's operators,
 * "match" is FTS5's MATCH, which brief search uses. */
static const char *const allowed_functions[] = {
    "->", "->>", "abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "avg", "bm25",
    "ceil", "ceiling", "changes", "char", "coalesce", "cos", "cosh", "count", "cume_dist", "current_date",
    "current_time", "current_timestamp", "date", "datetime", "degrees", "dense_rank", "exp", "first_value",
    "floor", "format", "glob", "group_concat", "hex", "highlight", "ifnull", "iif", "instr", "json",
    "json_array", "json_array_length", "json_extract", "json_group_array", "json_group_object",
    "json_insert", "json_object", "json_patch", "json_quote", "json_remove", "json_replace", "json_set",
    "json_type", "json_valid", "julianday", "lag", "last_insert_rowid", "last_value", "lead", "length",
    "like", "likelihood", "likely", "ln", "log", "log10", "log2", "lower", "ltrim", "match", "max", "min",
    "mod", "nth_value", "ntile", "nullif", "percent_rank", "pi", "pow", "power", "printf", "quote",
    "radians", "random", "randomblob", "rank", "replace", "round", "row_number", "rtrim", "sign", "sin",
    "sinh", "snippet", "soundex", "sqlite_source_id", "sqlite_version", "sqrt", "strftime", "substr",
    "substring", "sum", "tan", "tanh", "time", "total", "total_changes", "trim", "trunc", "typeof",
    "unicode", "unixepoch", "unlikely", "upper", "zeroblob",
};

/* PRAGMAs that only read the schema or a header field. The first group
 * takes a table or index name; the second is allowed only without a value
 * ("PRAGMA user_version", never "PRAGMA user_version = 3"). */
static const char *const pragmas_with_name[] = {
    "foreign_key_list", "index_info", "index_list", "index_xinfo", "table_info", "table_list",
    "table_xinfo", NULL,
};
static const char *const pragmas_read_only[] = {
    "application_id", "data_version", "encoding", "freelist_count", "page_count", "page_size",
    "query_only", "schema_version", "user_version", NULL,
};

static int compare_name(const void *key, const void *elem)
{
    return strcasecmp(key, *(const char *const *)elem);
}

int sqlguard_function_allowed(const char *name)
{
    return name && bsearch(name, allowed_functions, sizeof allowed_functions / sizeof allowed_functions[0],
                           sizeof allowed_functions[0], compare_name) != NULL;
}

static int in_list(const char *name, const char *const *list)
{
    for (; name && *list; list++)
        if (strcasecmp(name, *list) == 0) return 1;
    return 0;
}

/* sqlite3_set_authorizer callback: arg3 and arg4 depend on the action
 * (sqlite.h.in, "Authorizer Action Codes"). */
static int authorize(void *user, int action, const char *arg3, const char *arg4, const char *db_name,
                     const char *trigger_or_view)
{
    (void)user;
    (void)db_name;
    (void)trigger_or_view;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:         /* a column of a table or view: arg3 table, arg4 column */
    case SQLITE_RECURSIVE:    /* WITH RECURSIVE: bounded by time and memory */
        return SQLITE_OK;
    case SQLITE_FUNCTION:     /* arg4: the function's name */
        return sqlguard_function_allowed(arg4) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_PRAGMA:       /* arg3: the pragma, arg4: its value or argument (NULL: none) */
        if (in_list(arg3, pragmas_with_name)) return SQLITE_OK;
        if (!arg4 && in_list(arg3, pragmas_read_only)) return SQLITE_OK;
        return SQLITE_DENY;
    default:                  /* every write, CREATE, DROP, ATTACH, transaction... */
        return SQLITE_DENY;
    }
}

/* Limits of a report's queries, far above what one needs (the longest SQL
 * brief's scripts send is under 2 KB, the widest result a few columns). */
static const struct {
    int id;
    int value;
} limits[] = {
    {SQLITE_LIMIT_LENGTH, SQLGUARD_MAX_LENGTH_BYTES},
    {SQLITE_LIMIT_SQL_LENGTH, 1000000},
    {SQLITE_LIMIT_COLUMN, 500},
    {SQLITE_LIMIT_EXPR_DEPTH, 200},
    {SQLITE_LIMIT_COMPOUND_SELECT, 100},
    {SQLITE_LIMIT_VDBE_OP, 1000000},
    {SQLITE_LIMIT_FUNCTION_ARG, 100},
    {SQLITE_LIMIT_ATTACHED, 0},
    {SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 10000},
    {SQLITE_LIMIT_VARIABLE_NUMBER, 10000},
    {SQLITE_LIMIT_TRIGGER_DEPTH, 1},
    {SQLITE_LIMIT_WORKER_THREADS, 0},
};

/* Connects every virtual table of the schema (the full-text index) now.
 * Connecting runs SQLite's own statements on the connection (FTS5 declares
 * its table, which the authorizer would see as a write to sqlite_master);
 * once connected, a table stays connected for the connection's life, so
 * the authorizer only ever sees the script's statements. (A schema change
 * by another connection, a migration, would reconnect under the
 * authorizer and fail with "vtable constructor failed": a clear error,
 * never a wider door.) */
static int connect_virtual_tables(sqlite3 *db, char *err, size_t errlen)
{
    sqlite3_stmt *list = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                    " AND sql LIKE 'CREATE VIRTUAL TABLE%'", -1, &list, NULL);
    while (rc == SQLITE_OK && sqlite3_step(list) == SQLITE_ROW) {
        sqlite3_stmt *probe = NULL;
        char *sql = sqlite3_mprintf("SELECT 1 FROM \"%w\" LIMIT 0", (const char *)sqlite3_column_text(list, 0));
        rc = sql ? sqlite3_prepare_v2(db, sql, -1, &probe, NULL) : SQLITE_NOMEM;
        sqlite3_finalize(probe);
        sqlite3_free(sql);
    }
    if (rc != SQLITE_OK) snprintf(err, errlen, "cannot open the full-text index: %s", sqlite3_errmsg(db));
    sqlite3_finalize(list);
    return rc == SQLITE_OK ? 0 : -1;
}

int sqlguard_harden(sqlite3 *db, char *err, size_t errlen)
{
    static const struct {
        int op;
        int value;
        const char *name;
    } configs[] = {
        /* A blob as a tokenizer pointer: off. (A bound parameter still
         * passes fts3_tokenizer's own check, which is why the authorizer
         * denies the function as well.) */
        {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, "FTS3_TOKENIZER"},
        {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, "LOAD_EXTENSION"},
        {SQLITE_DBCONFIG_DEFENSIVE, 1, "DEFENSIVE"},
        /* SQLITE_DBCONFIG_TRUSTED_SCHEMA stays on: the schema's view
         * `paragraphs` (docs/schema.md) uses ->> and json_each, which
         * SQLite 3.40 does not mark innocuous, so an untrusted schema
         * would refuse it. The authorizer sees every function a view
         * calls (with the view's name) and applies the same allow-list,
         * which is the protection TRUSTED_SCHEMA=0 would give. */
        {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, "ENABLE_TRIGGER"},
    };
    size_t i;
    char *msg = NULL;

    if (!db) {
        snprintf(err, errlen, "sqlguard_harden: no connection");
        return -1;
    }
    for (i = 0; i < sizeof configs / sizeof configs[0]; i++) {
        int now = -1;
        if (sqlite3_db_config(db, configs[i].op, configs[i].value, &now) != SQLITE_OK || now != configs[i].value) {
            snprintf(err, errlen, "cannot set SQLITE_DBCONFIG_%s (SQLite %s)", configs[i].name, sqlite3_libversion());
            return -1;
        }
    }
    for (i = 0; i < sizeof limits / sizeof limits[0]; i++) sqlite3_limit(db, limits[i].id, limits[i].value);
    /* Sorts and temporary tables in memory (bounded by the heap limit),
     * never in a file: the sandboxed process may create no file. Before
     * the authorizer, which denies every PRAGMA that sets a value. */
    if (sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "cannot keep temporary storage in memory: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    if (connect_virtual_tables(db, err, errlen) != 0) return -1;
    if (sqlite3_set_authorizer(db, authorize, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot install the SQL authorizer: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

int sqlguard_check_statement(sqlite3_stmt *stmt, char *err, size_t errlen)
{
    if (!stmt) {
        snprintf(err, errlen, "the SQL holds no statement");
        return -1;
    }
    if (!sqlite3_stmt_readonly(stmt)) {
        snprintf(err, errlen, "only statements that read are allowed");
        return -1;
    }
    return 0;
}

long long sqlguard_set_heap_limit(long long bytes)
{
    return (long long)sqlite3_hard_heap_limit64(bytes < 0 ? 0 : bytes);
}
