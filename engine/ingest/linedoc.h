/* SPDX-License-Identifier: GPL-3.0-or-later */
/* linedoc.h — a document as the lines a structured reader found (HTML,
 * Word), owned, and carried as bytes out of the reader's child process
 * (os/isolate.h) to the parser (ingest_parse_lines).
 *
 * A reader parses a stranger's file with a large library in a confined
 * child; what it found crosses back as bytes, which the parent reads as
 * hostile input: linedoc_decode checks every length, number and string
 * (valid UTF-8, no NUL, no newline inside a line) and refuses anything else.
 *
 * Contract: a linedoc owns copies of everything added to it. The lines
 * and hints it hands out (linedoc_lines) are borrowed, valid until the next
 * linedoc_add or linedoc_set_hints, or linedoc_free. Each line's
 * `furniture` rule, a static string in the reader, comes back from
 * linedoc_decode as a string the linedoc owns. No globals. */
#ifndef BRIEF_LINEDOC_H
#define BRIEF_LINEDOC_H

#include <stddef.h>

#include "ingest/ingest.h"
#include "util/sbuf.h"

/* Bounds on what a reader hands back (docs/limits.md). */
#define LINEDOC_MAX_LINES 1000000u
#define LINEDOC_MAX_TEXT_BYTES (64u << 20)
#define LINEDOC_MAX_HINT_BYTES 4096u

typedef struct linedoc linedoc;

/* An empty document, or NULL when memory runs out. */
linedoc *linedoc_new(void);
void linedoc_free(linedoc *doc);

/* Appends a copy of line (its text, its hints; lineno as given). 0, or -1
 * when memory runs out or a bound above is passed (the document is then as
 * before the call). */
int linedoc_add(linedoc *doc, const ingest_line *line);

/* Copies the hints (NULL fields stay NULL; each cut to
 * LINEDOC_MAX_HINT_BYTES at a character's end). 0, or -1 when memory runs
 * out. */
int linedoc_set_hints(linedoc *doc, const ingest_doc_hints *hints);

/* The lines and hints for ingest_parse_lines (transfer none; see the
 * contract). */
void linedoc_lines(const linedoc *doc, const ingest_line **lines, size_t *count, const ingest_doc_hints **hints);

/* Appends the document as bytes to out; -1 when memory runs out. */
int linedoc_encode(const linedoc *doc, sbuf *out);

/* Reads what linedoc_encode wrote: 0 with *out a document to free, or -1
 * with *out NULL and err "malformed reader output" (or "out of memory"). */
int linedoc_decode(const unsigned char *bytes, size_t len, linedoc **out, char *err, size_t errlen);

#endif
