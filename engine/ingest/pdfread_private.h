/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdfread_private.h — the document that pdfread.c (poppler, the encoding)
 * and pdfread_layout.c (geometry) share; not part of pdfread.h's API. */
#ifndef BRIEF_PDFREAD_PRIVATE_H
#define BRIEF_PDFREAD_PRIVATE_H

#include <stddef.h>

#include "ingest/pdfread.h"
#include "util/sbuf.h"

/* One line of text as poppler set it on its page. */
typedef struct pdf_tline {
    size_t page;               /* 0-based */
    float x0, y0, x1, y1;      /* box in points, y from the top of the page */
    float size;                /* font size in points, the most common of its characters */
    unsigned char bold;        /* most of its characters in a bold face */
    size_t off, len;           /* its UTF-8 text in pdfread_doc.text */
} pdf_tline;

typedef struct pdf_page {
    float width, height;       /* points */
} pdf_page;

struct pdfread_doc {
    pdf_page *pages;
    size_t npages;
    pdf_tline *tl;
    size_t ntl, captl;
    sbuf text;                 /* the text of every line, one after the other */
    char *title;               /* the Info Title, or NULL */
    char created[11];          /* the creation date, "YYYY-MM-DD", or "" */
    /* decided by pdfread_lines */
    int decided;
    ingest_line *lines;
    size_t nlines;
    sbuf out;                  /* the lines' text */
    ingest_doc_hints hints;
};

/* An empty document (NULL when memory runs out). */
pdfread_doc *pdfread_doc_new(void);

/* Adds a line; -1 when memory runs out. */
int pdfread_doc_add(pdfread_doc *doc, const pdf_tline *line, const char *text, size_t len);

/* pdfread_layout.c: decides the lines (pdfread_lines). -1 when memory runs out. */
int pdfread_layout(pdfread_doc *doc);

#endif
