/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdfread.h — the PDF reader: a PDF's text layer, read through poppler's
 * GLib API, turned into the lines the bulletin parser reads (ingest.h,
 * ingest_parse_lines), each with what the page says about it: font size
 * relative to the body, bold, page, position on the page.
 *
 * Contract. Two steps, so that the one that runs poppler on a stranger's
 * file can run in a process of its own (intake/ does so, under limits):
 *
 *  1. pdfread_extract: bytes → the document's text lines as poppler sets
 *     them (text, box, font size, weight; the Info Title and creation
 *     date). Everything poppler is asked happens here. Refuses a file that
 *     is no PDF, a truncated or malformed one, one that needs a password or
 *     whose permissions forbid copying its text, and one with no text layer
 *     (a scan: brief does no OCR), each with a message saying so.
 *     pdfread_encode writes the result as bytes, pdfread_decode reads them
 *     back, checking every length and number (the bytes come from a process
 *     that parsed hostile input, and are fuzzed: tests/fuzz/fuzz_pdfread.c).
 *
 *  2. pdfread_lines: geometry → structure, pure C (no poppler): running
 *     heads, footers and page numbers by their repeated place on the pages;
 *     columns read one after the other; headlines by size and weight
 *     against the body; paragraphs by first-line indent and vertical space,
 *     one line each, joined across column and page breaks when the
 *     geometry says the paragraph goes on. docs/ingest.md, "PDF", has the
 *     rules and their figures.
 *
 * No globals; poppler is only called inside pdfread_extract. A document is
 * freed with pdfread_doc_destroy, which takes NULL. */
#ifndef BRIEF_PDFREAD_H
#define BRIEF_PDFREAD_H

#include <stddef.h>

#include "ingest/ingest.h"
#include "util/sbuf.h"

/* Bounds of one PDF (docs/limits.md): past them it is not a bulletin. */
#define PDFREAD_MAX_PAGES 2000
#define PDFREAD_MAX_LINES 400000u          /* text lines of the whole document */
#define PDFREAD_MAX_TEXT_BYTES (32u << 20) /* UTF-8 text of the whole document */

/* Result codes. */
#define PDFREAD_OK        0
#define PDFREAD_NOT_PDF   1   /* no %PDF- header in the first KB */
#define PDFREAD_DAMAGED   2   /* truncated (no %%EOF at its end) or malformed: poppler cannot read it */
#define PDFREAD_LOCKED    3   /* needs a password, or its permissions forbid copying text */
#define PDFREAD_NO_TEXT   4   /* no text layer: a scan (no OCR) */
#define PDFREAD_TOO_LARGE 5   /* past a bound above */
#define PDFREAD_NOMEM     6
#define PDFREAD_NO_READER 7   /* poppler-glib is not installed (it is loaded only to read a PDF) */

typedef struct pdfread_doc pdfread_doc;

/* Whether bytes[0..len) are a PDF: "%PDF-" within the first 1024 bytes
 * (Acrobat's own tolerance for junk before the header). */
int pdfread_is_pdf(const unsigned char *bytes, size_t len);

/* Reads bytes[0..len) (borrowed, only during the call) with poppler, which
 * it loads (dlopen) on its first call: brief's other work never loads it. On
 * PDFREAD_OK *out is a document to free; otherwise *out is NULL and err
 * holds a sentence without the file name ("needs a password to open"). */
int pdfread_extract(const unsigned char *bytes, size_t len, pdfread_doc **out, char *err, size_t errlen);

/* Opens poppler-glib in the calling process without reading anything
 * (brief doctor's check that PDFs can be read): PDFREAD_OK, or
 * PDFREAD_NO_READER with err naming the package to install. */
int pdfread_load(char *err, size_t errlen);

/* Appends the document as bytes to out (pdfread_decode's input); -1 when
 * memory runs out (sbuf_failed). */
int pdfread_encode(const pdfread_doc *doc, sbuf *out);

/* Reads what pdfread_encode wrote; anything else is refused with
 * PDFREAD_DAMAGED ("malformed reader output") and *out NULL. */
int pdfread_decode(const unsigned char *bytes, size_t len, pdfread_doc **out, char *err, size_t errlen);

/* The lines for ingest_parse_lines (blank lines between paragraphs) and
 * the document's hints (Title, creation date: weaker than the text),
 * decided on the first call (transfer none: valid until the document is
 * freed). PDFREAD_OK, or PDFREAD_NOMEM. */
int pdfread_lines(pdfread_doc *doc, const ingest_line **lines, size_t *count, const ingest_doc_hints **hints);

/* Pages of the document. */
size_t pdfread_page_count(const pdfread_doc *doc);

void pdfread_doc_destroy(pdfread_doc *doc);

#endif
