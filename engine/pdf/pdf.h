/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf.h — writes a PDF through libharu: pages of positioned glyphs, lines,
 * rectangles, paths and images; an outline; document info.
 *
 * The document is recorded in memory and written by pdf_doc_save: only then
 * is each face used cut down (pdf_font.h) to the glyphs the document draws
 * (renumbered, which also avoids libharu 2.3.0 dropping composite-glyph
 * components above glyph id 32767) and embedded, and a ToUnicode CMap that
 * real readers accept is written, so that text extraction gives back every
 * character, those beyond the BMP included.
 *
 * Contract: coordinates are PDF points from the page's bottom-left corner;
 * glyph ids are those of the fonts set (fonts.h), which the document borrows
 * and which must outlive it. Drawing calls go to the last page added. Errors
 * return -1 (NULL for create) and keep a message on the document
 * (pdf_doc_errmsg). pdf_doc_save writes a temporary file beside the target,
 * fsyncs it and renames it into place: a reader never sees half a PDF, and a
 * failed save leaves any previous file untouched. Output is deterministic:
 * the same calls give the same bytes (CreationDate only from
 * pdf_doc_set_date). No globals. */
#ifndef BRIEF_PDF_H
#define BRIEF_PDF_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "fonts/fonts.h"

typedef struct pdf_doc pdf_doc;

typedef struct pdf_color { double r, g, b; } pdf_color; /* 0..1 each */

typedef struct pdf_glyph {
    uint32_t glyph;      /* glyph id in the face */
    uint32_t codepoint;  /* the character it stands for (ToUnicode); 0: none */
    double x_pt;         /* position relative to the run's origin */
    double y_pt;
    int half;            /* 1: set at half its advance (punctuation compressed
                          * beside another mark), so the next glyph starts
                          * half an em early; written as a half-width CID, so
                          * that readers (pdftotext) do not take the overlap
                          * for a new line. 0: its own advance. */
} pdf_glyph;

typedef enum pdf_info_key {
    PDF_INFO_TITLE, PDF_INFO_AUTHOR, PDF_INFO_SUBJECT, PDF_INFO_KEYWORDS,
    PDF_INFO_CREATOR
} pdf_info_key;

/* NULL on failure (message in err). Free with pdf_doc_destroy (NULL: no-op). */
pdf_doc *pdf_doc_create(const fonts *fonts, char *err, size_t errlen);
void pdf_doc_destroy(pdf_doc *doc);
const char *pdf_doc_errmsg(const pdf_doc *doc);

/* Document info, UTF-8 (copied). Producer is always "brief VERSION". */
int pdf_doc_set_info(pdf_doc *doc, pdf_info_key key, const char *utf8);
/* CreationDate and ModDate; without a call the document has none. */
int pdf_doc_set_date(pdf_doc *doc, time_t when);

/* Adds a page; returns its 0-based index, -1 on failure. */
int pdf_page_add(pdf_doc *doc, double width_pt, double height_pt);
int pdf_page_count(const pdf_doc *doc);

/* Draws glyphs of one face at one size, each at (x_pt + g.x_pt, y_pt + g.y_pt)
 * (baseline). The glyph array is copied. */
int pdf_glyphs(pdf_doc *doc, int face, double size_pt, pdf_color color,
               double x_pt, double y_pt, const pdf_glyph *glyphs, size_t count);

/* The same, the glyphs also stroked in color with a line of stroke_pt
 * (text render mode 2, PDF 32000-1 9.3.6): a bold face made of a regular
 * one, which renders on every reader and extracts as the same text.
 * stroke_pt 0 is pdf_glyphs. */
int pdf_glyphs_stroked(pdf_doc *doc, int face, double size_pt, pdf_color color, double stroke_pt,
                       double x_pt, double y_pt, const pdf_glyph *glyphs, size_t count);

/* A link on the last page: the rectangle (x_pt, y_pt, w_pt, h_pt) opens
 * uri (a /Link annotation with a /URI action; UTF-8, bytes outside
 * printable ASCII written percent-encoded as RFC 3986 says), or, with uri
 * NULL, goes to page (0-based, any page of the document at save) at
 * height y_dest_pt. No border is drawn. */
int pdf_link(pdf_doc *doc, double x_pt, double y_pt, double w_pt, double h_pt, const char *uri,
             int page, double y_dest_pt);

int pdf_line(pdf_doc *doc, double x1_pt, double y1_pt, double x2_pt, double y2_pt,
             double width_pt, pdf_color color);
/* A rectangle, filled when fill is non-zero, else stroked with width_pt. */
int pdf_rect(pdf_doc *doc, double x_pt, double y_pt, double w_pt, double h_pt,
             int fill, double width_pt, pdf_color color);
/* A closed or open polygon through count points (xy: x0,y0,x1,y1,...),
 * filled when fill is non-zero, else stroked. For charts. */
int pdf_polygon(pdf_doc *doc, const double *xy, size_t count, int closed, int fill,
                double width_pt, pdf_color color);
/* A filled pie slice centred on (cx, cy), angles in degrees clockwise from
 * twelve o'clock, as libharu's HPDF_Page_Arc counts them. */
int pdf_pie_slice(pdf_doc *doc, double cx_pt, double cy_pt, double radius_pt,
                  double from_deg, double to_deg, pdf_color color);
/* A PNG or JPEG image file drawn into the box; -1 with a message naming the
 * file when it cannot be read. */
int pdf_image(pdf_doc *doc, const char *path, double x_pt, double y_pt, double w_pt, double h_pt);
/* The pixel size of an image file, for layout; -1 on failure. */
int pdf_image_size(pdf_doc *doc, const char *path, int *width_px, int *height_px);
/* Images are read once and checked before libharu sees them
 * (pdf_imgfile.h): a file libpng cannot read, or one whose decoded pixels
 * (twice, for the stream libharu compresses) would pass bytes, is refused
 * with a message naming it. 0: no limit but the size of a side. */
void pdf_doc_set_image_limit(pdf_doc *doc, size_t bytes);
/* 1 (the default): pdf_doc_save prepares the font subsets and writes the
 * pages' content on this thread and a helper, then compresses the pages
 * on both (parallel.h); 0: all on the calling thread, for a process that runs
 * beside others already keeping every CPU busy (brief batch's jobs). The
 * bytes written are the same either way. */
void pdf_doc_set_helper_thread(pdf_doc *doc, int allowed);

/* An outline (bookmark) entry pointing at page (0-based) at height y_pt;
 * parent is a previous return value, or -1 for the top level. Returns the
 * entry's id (>= 0) or -1. */
int pdf_outline_add(pdf_doc *doc, int parent, const char *title_utf8, int page, double y_pt);

/* Writes the document to path atomically (see above), compressed. */
int pdf_doc_save(pdf_doc *doc, const char *path);

/* Writes the document, compressed, into fd: an empty file the caller
 * opened for writing, keeps and closes, named name in messages. No fsync
 * and no rename: for a caller that commits the file itself, such as the
 * script runtime, whose outputs are temporary files renamed into place
 * when the script succeeds (script.h); saved through pdf_doc_save, each
 * would be fsynced and renamed twice. 0, or -1 with a message; the file
 * is then the caller's to discard. */
int pdf_doc_save_fd(pdf_doc *doc, int fd, const char *name);

#endif
