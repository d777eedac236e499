/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tabulate.c — rows as an aligned table, CSV or JSON (see tabulate.h). */
#include "cli/tabulate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "util/jsonstr.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/vec.h"

struct tabulate {
    tabulate_format format;
    FILE *out;
    size_t ncols;
    char **names;        /* the table's header, copied */
    char **cells;        /* the table: rows * ncols, NULL for SQL NULL */
    size_t rows, cap;    /* cap: cells allocated */
    size_t *width;       /* display columns per column */
    int *numeric;        /* 1 while every value of the column is a number */
    int started;         /* the header call came */
    int finished;
    int nomem;
};

/* ---- text of a value ------------------------------------------------------ */

/* A value as text for the table and CSV; NULL for SQL NULL (and, with
 * *nomem set, when memory runs out). Blobs are SQL hex literals x'…'. */
static char *cell_text(const store_value *v, int *nomem)
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
    if (sbuf_failed(&b)) {
        sbuf_free(&b);
        *nomem = 1;
        return NULL;
    }
    return sbuf_detach(&b);
}

size_t tabulate_cols(const char *s, size_t len)
{
    size_t cols = 0, i = 0, n;
    uint32_t cp;
    while (i < len) {
        n = utf8_decode(s + i, len - i, &cp);
        i += n;
        cols += cp < 0x20 ? 1 : (size_t)utf8proc_charwidth((utf8proc_int32_t)cp);
    }
    return cols;
}

/* ---- CSV ------------------------------------------------------------------- */

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

/* ---- JSON (Jansson) --------------------------------------------------------- */

/* Writes one JSON value, encoded by Jansson: strings with invalid UTF-8 as
 * U+FFFD, a real that JSON cannot hold (infinity, NaN) as null. */
static void json_write(FILE *out, json_t *value, int *nomem)
{
    if (!value || json_dumpf(value, out, JSON_ENCODE_ANY) != 0) *nomem = 1;
    json_decref(value);
}

static void json_value(tabulate *t, const store_value *v)
{
    switch (v->type) {
    case STORE_TYPE_NULL: json_write(t->out, json_null(), &t->nomem); break;
    case STORE_TYPE_INTEGER: json_write(t->out, json_integer(v->integer), &t->nomem); break;
    case STORE_TYPE_REAL:
        json_write(t->out, isfinite(v->real) ? json_real(v->real) : json_null(), &t->nomem);
        break;
    case STORE_TYPE_BLOB: {
        char *hex = cell_text(v, &t->nomem);
        if (hex) json_write(t->out, jsonstr_newn(hex, strlen(hex)), &t->nomem);
        free(hex);
        break;
    }
    default: json_write(t->out, jsonstr_newn(v->bytes, v->len), &t->nomem); break;
    }
}

/* One object per row: {"name": value, ...}. Written key by key rather than
 * as a Jansson object, which would keep only the last of two columns with
 * the same name (SELECT a.id, b.id). */
static void json_row(tabulate *t, const char *const *names, const store_value *row)
{
    fputs(t->rows ? ",\n  {" : "\n  {", t->out);
    for (size_t i = 0; i < t->ncols; i++) {
        if (i) fputs(", ", t->out);
        json_write(t->out, jsonstr_newn(names[i], strlen(names[i])), &t->nomem);
        fputs(": ", t->out);
        json_value(t, &row[i]);
    }
    fputc('}', t->out);
}

/* ---- the table -------------------------------------------------------------- */

/* Display columns of a cell as the table shows it (cut at the maximum). */
static size_t cell_cols(const char *s)
{
    size_t cols = tabulate_cols(s, strlen(s));
    return cols > TABULATE_CELL_MAX_COLS ? TABULATE_CELL_MAX_COLS : cols;
}

/* Prints a cell padded to width columns: control characters as spaces, cut
 * with "…" past TABULATE_CELL_MAX_COLS. */
static void print_cell(FILE *out, const char *s, size_t width, int right, int last)
{
    size_t cols = 0, i = 0, len = s ? strlen(s) : 0, n, total = s ? cell_cols(s) : 0;
    uint32_t cp;
    char enc[4];
    int w;

    if (right) for (; total < width; total++) fputc(' ', out);
    while (i < len) {
        n = utf8_decode(s + i, len - i, &cp);
        w = cp < 0x20 ? 1 : utf8proc_charwidth((utf8proc_int32_t)cp);
        /* Stop where the rest would not fit with the ellipsis. */
        if (cols + (size_t)w > TABULATE_CELL_MAX_COLS - 1 && i + n < len) {
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

static int table_add_row(tabulate *t, const store_value *row)
{
    size_t i, k;
    if (t->ncols == 0) return 0;
    /* cap counts cells: rows * ncols (vec_reserve checks the product's
     * bytes; the product itself cannot overflow before the rows do). */
    if (VEC_RESERVE(t->cells, t->cap, (t->rows + 1) * t->ncols) != 0) return -1;
    for (i = 0; i < t->ncols; i++) {
        char **cell = &t->cells[t->rows * t->ncols + i];
        *cell = cell_text(&row[i], &t->nomem);
        if (t->nomem) {
            for (k = 0; k < i; k++) free(t->cells[t->rows * t->ncols + k]);
            return -1;
        }
        if (row[i].type != STORE_TYPE_NULL && row[i].type != STORE_TYPE_INTEGER && row[i].type != STORE_TYPE_REAL)
            t->numeric[i] = 0;
        if (*cell && cell_cols(*cell) > t->width[i]) t->width[i] = cell_cols(*cell);
    }
    return 0;
}

static void table_print(tabulate *t)
{
    size_t r, k, i, last = t->ncols - 1;
    FILE *out = t->out;
    for (i = 0; i < t->ncols; i++) {
        print_cell(out, t->names[i], t->width[i], t->numeric[i] && t->rows, i == last);
        if (i < last) fputs("  ", out);
    }
    fputc('\n', out);
    for (i = 0; i < t->ncols; i++) {
        for (k = 0; k < t->width[i]; k++) fputc('-', out);
        if (i < last) fputs("  ", out);
    }
    fputc('\n', out);
    for (r = 0; r < t->rows; r++) {
        for (i = 0; i < t->ncols; i++) {
            print_cell(out, t->cells[r * t->ncols + i], t->width[i], t->numeric[i], i == last);
            if (i < last) fputs("  ", out);
        }
        fputc('\n', out);
    }
    fprintf(out, "(%zu row%s)\n", t->rows, t->rows == 1 ? "" : "s");
}

/* ---- the writer ------------------------------------------------------------- */

tabulate *tabulate_new(tabulate_format format, FILE *out)
{
    tabulate *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->format = format;
    t->out = out;
    return t;
}

/* The header call: the names (copied for the table), the header row. */
static int start(tabulate *t, size_t ncols, const char *const *names)
{
    size_t i;
    t->started = 1;
    t->ncols = ncols;
    if (t->format == TABULATE_TABLE) {
        t->names = calloc(ncols + 1, sizeof *t->names);
        t->width = calloc(ncols + 1, sizeof *t->width);
        t->numeric = calloc(ncols + 1, sizeof *t->numeric);
        if (!t->names || !t->width || !t->numeric) return -1;
        for (i = 0; i < ncols; i++) {
            if (!(t->names[i] = strdup(names[i]))) return -1;
            t->width[i] = cell_cols(names[i]);
            t->numeric[i] = 1;
        }
    } else if (t->format == TABULATE_CSV && ncols > 0) {
        for (i = 0; i < ncols; i++) {
            if (i) fputc(',', t->out);
            csv_field(t->out, names[i]);
        }
        fputs("\r\n", t->out);
    } else if (t->format == TABULATE_JSON) {
        fputc('[', t->out);
    }
    return 0;
}

int tabulate_row(void *ud, size_t ncols, const char *const *names, const store_value *row)
{
    tabulate *t = ud;
    size_t i;
    if (t->nomem) return 1;
    if (!row) {
        if (start(t, ncols, names) != 0) t->nomem = 1;
        return t->nomem;
    }
    if (t->format == TABULATE_TABLE) {
        if (table_add_row(t, row) != 0) t->nomem = 1;
    } else if (t->format == TABULATE_CSV) {
        for (i = 0; i < ncols; i++) {
            char *cell = cell_text(&row[i], &t->nomem);
            if (i) fputc(',', t->out);
            csv_field(t->out, cell);
            free(cell);
        }
        fputs("\r\n", t->out);
    } else {
        json_row(t, names, row);
    }
    if (!t->nomem) t->rows++;
    return t->nomem;
}

int tabulate_finish(tabulate *t)
{
    if (t->nomem) return -1;
    t->finished = 1;
    if (t->format == TABULATE_TABLE && t->started && t->ncols > 0) table_print(t);
    if (t->format == TABULATE_JSON) {
        if (!t->started) fputc('[', t->out);
        fputs(t->rows ? "\n]\n" : "]\n", t->out);
    }
    return 0;
}

void tabulate_free(tabulate *t)
{
    size_t i;
    if (!t) return;
    if (t->format == TABULATE_JSON && t->started && !t->finished) fputc('\n', t->out);
    for (i = 0; t->names && i < t->ncols; i++) free(t->names[i]);
    free(t->names);
    for (i = 0; t->cells && i < t->rows * t->ncols; i++) free(t->cells[i]);
    free(t->cells);
    free(t->width);
    free(t->numeric);
    free(t);
}
