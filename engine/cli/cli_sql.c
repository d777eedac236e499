/* cli_sql.c — `brief sql`: one read-only query over the database, printed as
 * an aligned table (CJK counted two columns wide), CSV (RFC 4180) or JSON. */
#include "cli/cli.h"
#include "store/store.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"
#include "util/utf8.h"

/* A table cell wider than this many columns is cut with "…", so that a
 * body column does not push the others off the screen; --csv and --json
 * print every value whole. */
#define SQL_CELL_MAX_COLS 60

typedef enum sql_format { SQL_TABLE, SQL_CSV, SQL_JSON } sql_format;

static void sql_usage(FILE *to)
{
    fprintf(to,
        "usage: brief sql [--db PATH] [--csv | --json] QUERY\n\n"
        "Runs one SQL query on a read-only connection and prints its rows: an\n"
        "aligned table (long values cut at %d columns), CSV (RFC 4180: a header\n"
        "row, CRLF line ends) or JSON (an array of objects, NULL as null).\n"
        "A statement that would write is refused. Quote the query for the shell.\n"
        "The tables are described in docs/schema.md.\n\n"
        "  --db PATH   the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --csv       CSV output\n"
        "  --json      JSON output\n"
        "  -h, --help  this help\n\n"
        "example: brief sql \"SELECT issued_on, count(*) FROM articles_v GROUP BY 1\"\n",
        SQL_CELL_MAX_COLS);
}

/* Terminal columns of a code point: 2 for East Asian Wide and Fullwidth
 * characters (UAX #11: CJK ideographs, kana, hangul, fullwidth forms, CJK
 * punctuation), 0 for combining marks and zero-width characters, else 1. */
static int display_cols(uint32_t cp)
{
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
        (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF) ||
        (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

/* A value as text for the table and CSV; NULL for SQL NULL. Blobs are
 * shown as SQL hex literals x'…'. */
static char *cell_text(const store_value *v)
{
    sbuf b = SBUF_INIT;
    switch (v->type) {
    case STORE_TYPE_NULL:
        return NULL;
    case STORE_TYPE_INTEGER:
        sbuf_printf(&b, "%lld", (long long)v->integer);
        break;
    case STORE_TYPE_REAL:
        sbuf_printf(&b, "%.15g", v->real);
        break;
    case STORE_TYPE_BLOB:
        sbuf_puts(&b, "x'");
        for (size_t k = 0; k < v->len; k++) sbuf_printf(&b, "%02x", (unsigned char)v->bytes[k]);
        sbuf_putc(&b, '\'');
        break;
    default:
        sbuf_append(&b, v->bytes, v->len);
        break;
    }
    if (sbuf_failed(&b)) { sbuf_free(&b); return NULL; }
    return sbuf_detach(&b);
}

/* ---- CSV and JSON stream row by row ---------------------------------------- */

static void csv_field(FILE *out, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) { fputs(s, out); return; }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void json_string(FILE *out, const char *s, size_t len)
{
    size_t i = 0, n;
    uint32_t cp;
    char enc[4];
    fputc('"', out);
    while (i < len) {
        n = utf8_decode(s + i, len - i, &cp);
        i += n;
        if (cp == '"') fputs("\\\"", out);
        else if (cp == '\\') fputs("\\\\", out);
        else if (cp == '\n') fputs("\\n", out);
        else if (cp == '\r') fputs("\\r", out);
        else if (cp == '\t') fputs("\\t", out);
        else if (cp < 0x20) fprintf(out, "\\u%04x", (unsigned)cp);
        else fwrite(enc, 1, utf8_encode(cp, enc), out); /* invalid bytes became U+FFFD */
    }
    fputc('"', out);
}

static void json_value(FILE *out, const store_value *v)
{
    switch (v->type) {
    case STORE_TYPE_NULL: fputs("null", out); break;
    case STORE_TYPE_INTEGER: fprintf(out, "%lld", (long long)v->integer); break;
    case STORE_TYPE_REAL: {
        double d = v->real;
        if (isfinite(d)) fprintf(out, "%.17g", d);
        else fputs("null", out); /* JSON has no infinity */
        break;
    }
    default: {
        char *t = cell_text(v); /* text, or a blob as x'…' */
        json_string(out, t ? t : "", t ? strlen(t) : 0);
        free(t);
        break;
    }
    }
}

/* ---- the table is built in memory to measure its columns --------------------- */

typedef struct sql_table {
    int ncols;
    char **cells;        /* rows * ncols, NULL for SQL NULL */
    size_t rows, cap;
    size_t *width;       /* display columns per column */
    int *numeric;        /* 1 while every value of the column is a number */
} sql_table;

/* Display columns of a cell as the table shows it (cut and flattened). */
static size_t cell_cols(const char *s)
{
    size_t cols = 0, i = 0, len = strlen(s), n;
    uint32_t cp;
    while (i < len) {
        n = utf8_decode(s + i, len - i, &cp);
        i += n;
        cols += cp < 0x20 ? 1 : (size_t)display_cols(cp);
    }
    return cols > SQL_CELL_MAX_COLS ? SQL_CELL_MAX_COLS : cols;
}

/* Prints a cell padded to width columns: newlines and tabs as spaces, cut
 * with "…" past SQL_CELL_MAX_COLS. */
static void print_cell(FILE *out, const char *s, size_t width, int right, int last)
{
    size_t cols = 0, i = 0, len = s ? strlen(s) : 0, n, total = s ? cell_cols(s) : 0;
    uint32_t cp;
    char enc[4];
    int w;

    if (right) for (; total < width; total++) fputc(' ', out);
    while (i < len) {
        n = utf8_decode(s + i, len - i, &cp);
        w = cp < 0x20 ? 1 : display_cols(cp);
        /* Stop where the rest would not fit with the ellipsis. */
        if (cols + (size_t)w > SQL_CELL_MAX_COLS - 1 && i + n < len) {
            fputs("…", out);
            cols++;
            break;
        }
        if (cp < 0x20) fputc(' ', out);
        else fwrite(enc, 1, utf8_encode(cp, enc), out);
        cols += (size_t)w;
        i += n;
    }
    if (!right && !last) for (; cols < width; cols++) fputc(' ', out);
}

static void table_free(sql_table *t)
{
    size_t i;
    for (i = 0; i < t->rows * (size_t)t->ncols; i++) free(t->cells[i]);
    free(t->cells);
    free(t->width);
    free(t->numeric);
}

static int table_add_row(sql_table *t, const store_value *row)
{
    int i;
    if (t->rows == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 64;
        char **grown = realloc(t->cells, ncap * (size_t)t->ncols * sizeof *grown);
        if (!grown) return -1;
        t->cells = grown;
        t->cap = ncap;
    }
    for (i = 0; i < t->ncols; i++) {
        char **cell = &t->cells[t->rows * (size_t)t->ncols + (size_t)i];
        store_type type = row[i].type;
        *cell = cell_text(&row[i]);
        if (!*cell && type != STORE_TYPE_NULL) {
            int k;
            for (k = 0; k < i; k++) free(t->cells[t->rows * (size_t)t->ncols + (size_t)k]);
            return -1;
        }
        if (type != STORE_TYPE_NULL && type != STORE_TYPE_INTEGER && type != STORE_TYPE_REAL) t->numeric[i] = 0;
        if (*cell && cell_cols(*cell) > t->width[i]) t->width[i] = cell_cols(*cell);
    }
    t->rows++;
    return 0;
}

static void table_print(FILE *out, const sql_table *t, char *const *names)
{
    size_t r, k;
    int i;
    for (i = 0; i < t->ncols; i++) {
        print_cell(out, names[i], t->width[i], t->numeric[i] && t->rows, i == t->ncols - 1);
        if (i < t->ncols - 1) fputs("  ", out);
    }
    fputc('\n', out);
    for (i = 0; i < t->ncols; i++) {
        for (k = 0; k < t->width[i]; k++) fputc('-', out);
        if (i < t->ncols - 1) fputs("  ", out);
    }
    fputc('\n', out);
    for (r = 0; r < t->rows; r++) {
        for (i = 0; i < t->ncols; i++) {
            print_cell(out, t->cells[r * (size_t)t->ncols + (size_t)i], t->width[i], t->numeric[i],
                       i == t->ncols - 1);
            if (i < t->ncols - 1) fputs("  ", out);
        }
        fputc('\n', out);
    }
    fprintf(out, "(%zu row%s)\n", t->rows, t->rows == 1 ? "" : "s");
}

/* What store_sql_run hands the rows to. */
typedef struct sql_printer {
    FILE *out;
    sql_format format;
    sql_table t;
    char **names;        /* copies: the table is printed after the run */
    size_t rows;
    int nomem;
} sql_printer;

static int print_row(void *ud, size_t ncols, const char *const *names, const store_value *row)
{
    sql_printer *p = ud;
    FILE *out = p->out;
    int i, n = (int)ncols;

    if (!row) {
        p->names = calloc(ncols + 1, sizeof *p->names);
        if (!p->names) return p->nomem = 1;
        p->t.ncols = n;
        for (i = 0; i < n; i++)
            if (!(p->names[i] = strdup(names[i]))) return p->nomem = 1;
        p->t.ncols = n;
        if (p->format == SQL_TABLE && n > 0) {
            p->t.width = calloc(ncols, sizeof *p->t.width);
            p->t.numeric = calloc(ncols, sizeof *p->t.numeric);
            if (!p->t.width || !p->t.numeric) return p->nomem = 1;
            for (i = 0; i < n; i++) {
                p->t.width[i] = cell_cols(names[i]);
                p->t.numeric[i] = 1;
            }
        } else if (p->format == SQL_CSV && n > 0) {
            for (i = 0; i < n; i++) {
                if (i) fputc(',', out);
                csv_field(out, names[i]);
            }
            fputs("\r\n", out);
        } else if (p->format == SQL_JSON) {
            fputs("[", out);
        }
        return 0;
    }
    if (p->format == SQL_TABLE) {
        if (table_add_row(&p->t, row) != 0) return p->nomem = 1;
    } else if (p->format == SQL_CSV) {
        for (i = 0; i < n; i++) {
            char *cell = cell_text(&row[i]);
            if (i) fputc(',', out);
            csv_field(out, cell);
            free(cell);
        }
        fputs("\r\n", out);
    } else {
        fputs(p->rows ? ",\n  {" : "\n  {", out);
        for (i = 0; i < n; i++) {
            if (i) fputs(", ", out);
            json_string(out, names[i], strlen(names[i]));
            fputs(": ", out);
            json_value(out, &row[i]);
        }
        fputc('}', out);
    }
    p->rows++;
    return 0;
}

int cli_sql(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"csv", no_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_arg = NULL;
    sql_format format = SQL_TABLE;
    sbuf query = SBUF_INIT;
    sql_printer p;
    store *st = NULL;
    char err[512];
    int c, i, rc = CLI_FAILED, formats = 0;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'c': format = SQL_CSV; formats++; break;
        case 'j': format = SQL_JSON; formats++; break;
        case 'h': sql_usage(stdout); return CLI_OK;
        default:
            fprintf(stderr, "brief sql: unknown option or missing value: '%s'\n", argv[optind - 1]);
            sql_usage(stderr);
            return CLI_USAGE;
        }
    }
    if (formats > 1) {
        fprintf(stderr, "brief sql: choose one of --csv and --json\n");
        return CLI_USAGE;
    }
    for (i = optind; i < argc; i++) {
        if (query.len) sbuf_putc(&query, ' ');
        sbuf_puts(&query, argv[i]);
    }
    if (!query.len) {
        fprintf(stderr, "brief sql: no query given\n");
        sql_usage(stderr);
        return CLI_USAGE;
    }
    if (sbuf_failed(&query)) {
        fprintf(stderr, "brief sql: out of memory\n");
        goto done;
    }

    if (store_open(cli_db_path(db_arg), STORE_READONLY, &st, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "brief sql: %s\n", err);
        goto done;
    }
    memset(&p, 0, sizeof p);
    p.out = stdout;
    p.format = format;
    if (store_sql_run(st, query.data, print_row, &p) != STORE_OK) {
        if (p.format == SQL_JSON && p.names) fputs("\n", stdout);
        fflush(stdout);
        fprintf(stderr, "brief sql: %s\n", store_errmsg(st));
    } else if (p.nomem) {
        fprintf(stderr, "brief sql: out of memory\n");
    } else {
        if (format == SQL_TABLE && p.t.ncols > 0) table_print(stdout, &p.t, p.names);
        if (format == SQL_JSON) fputs(p.rows ? "\n]\n" : "]\n", stdout);
        rc = CLI_OK;
    }
    table_free(&p.t);
    for (i = 0; p.names && i < p.t.ncols; i++) free(p.names[i]);
    free(p.names);
done:
    store_close(st);
    sbuf_free(&query);
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        fprintf(stderr, "brief sql: writing the output failed\n");
        rc = CLI_FAILED;
    }
    return rc;
}
