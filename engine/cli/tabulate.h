/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tabulate.h — rows of typed values (store.h's store_value, as brief sql
 * receives them) written for a reader: an aligned table for a terminal,
 * CSV (RFC 4180) or JSON.
 *
 * Contract: a tabulate writes to a FILE the caller owns and keeps open.
 * tabulate_row has the shape of store_row_fn, so a store hands rows to it
 * directly. CSV and JSON stream row by row; the table is kept in memory
 * until tabulate_finish, to measure its columns (display columns of
 * UAX #11 East Asian Width through utf8proc: a CJK character is two). JSON
 * values are encoded by Jansson, invalid UTF-8 as U+FFFD. Out of memory is
 * sticky and reported by tabulate_finish. No globals. */
#ifndef BRIEF_TABULATE_H
#define BRIEF_TABULATE_H

#include <stddef.h>
#include <stdio.h>

#include "store/store.h"

/* A table cell wider than this many columns is cut with "…", so that a body
 * column does not push the others off the screen; CSV and JSON print every
 * value whole. */
#define TABULATE_CELL_MAX_COLS 60

typedef enum tabulate_format {
    TABULATE_TABLE,   /* header, a rule, aligned rows (numbers right), "(N rows)" */
    TABULATE_CSV,     /* a header row, CRLF line ends, quotes where needed, NULL empty */
    TABULATE_JSON     /* an array of objects, one per line; NULL null, blobs as "x'…'" */
} tabulate_format;

typedef struct tabulate tabulate;

/* A writer of format to out; NULL when memory runs out. */
tabulate *tabulate_new(tabulate_format format, FILE *out);

/* Takes one call with row NULL (the column names) and then one per row, as
 * store_row_fn: ud is the tabulate. Returns 0, or 1 (stop) when memory ran
 * out. The names and values are copied as needed. */
int tabulate_row(void *ud, size_t ncols, const char *const *names, const store_value *row);

/* Ends the output: prints the table, closes the JSON array. Returns 0, or -1
 * when memory ran out on the way (then part of the output is missing). */
int tabulate_finish(tabulate *t);

/* Frees t; NULL is a no-op. Without tabulate_finish (the rows stopped on an
 * error), an open JSON line is ended so that a message after it starts on a
 * line of its own. */
void tabulate_free(tabulate *t);

/* Display columns of s[0..len) on a terminal: 2 for each East Asian Wide or
 * Fullwidth character, 0 for a combining mark or zero-width character, 1
 * for the rest (a control character, shown as a space, too). */
size_t tabulate_cols(const char *s, size_t len);

#endif
